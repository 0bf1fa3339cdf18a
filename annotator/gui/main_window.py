"""The annotation window: article list | article | Entities, Claims, Sources panels.

The window lays things out, navigates between articles and keeps the view in
step with the store: every Change that a command reports arrives in
``_on_change``, which follows it in the annotations in memory and repaints only
the spans and panel rows it touched (``annotation_changes``), re-reads the
article when it cannot (a merge), or opens the article an undo touched. There
is nothing to save: the store committed each edit already. QSettings keeps only
window state, never project data.

A coder sees only their own annotations (blind double coding: after a merge or
a brat import one project holds several coders' work); View ▸ Show other
coders' annotations shows everyone's, each row naming its coder.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.actions import build_actions
from annotator.gui.after_paint import AfterPaint
from annotator.gui.alert_bar import AlertBar
from annotator.gui.annotation_changes import Touched, affected_rows, apply_change, row_keys
from annotator.gui.article_list import ArticleListPane
from annotator.gui.article_view import DEFAULT_POINT_SIZE, ArticleView
from annotator.gui.codebook_window import CodebookWindowMixin
from annotator.gui.coding import Coding
from annotator.gui.commands import CommandContext
from annotator.gui.current_row import CurrentRowMixin
from annotator.gui.debounce import stop_all
from annotator.gui.empty_state import EmptyState
from annotator.gui.identity import Identity
from annotator.gui.models import ArticleAnnotations
from annotator.gui.navigation import NavigationMixin
from annotator.gui.opening import OpeningMixin
from annotator.gui.panels.claims import ClaimsModel, ClaimsPanel
from annotator.gui.panels.entities import EntitiesModel, EntitiesPanel
from annotator.gui.panels.sources import SourcesModel, SourcesPanel
from annotator.gui.place import PlaceMixin, project_key
from annotator.gui.project_file import ProjectFileMixin
from annotator.gui.recent import RecentMixin
from annotator.gui.selecting import Selecting
from annotator.gui.sharing import HealthCheck, OutsideChanges
from annotator.gui.suggestions import Suggestions
from annotator.gui.tasks import TasksMixin
from annotator.model import Change
from annotator.store import Store

MESSAGE_MS = 6000
#: The QSettings key of the View ▸ Show other coders' annotations toggle (all projects).
SHOW_OTHERS_KEY = "view/show_other_coders"
ANNOTATION_NOUNS = {"mentions": "mention", "claims": "claim", "attributions": "source"}


def keeps_known_names(change: Change) -> bool:
    """Whether the known entity names (the suggestions' matcher) survive a change:
    a span coded, moved or removed names no entity anew; only entity edits do."""
    return change.table in ("mentions", "claims", "attributions", "article_status",
                            "rejected_suggestions", "rejected_cues") \
        and not any(table == "entities" for table, _ in change.related)


class MainWindow(TasksMixin, ProjectFileMixin, RecentMixin, CodebookWindowMixin,
                 NavigationMixin, OpeningMixin, PlaceMixin, CurrentRowMixin, QMainWindow):
    def __init__(self, store: Store, settings: QSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else QSettings()
        self.codebook = store.codebook()
        self.undo_stack = QUndoStack(self)
        self.context = CommandContext(store, self._on_change, self.show_message,
                                      self.alert_refused)
        self.coding = Coding(self)
        self.selecting = Selecting(self)
        self.suggestions = Suggestions(self)
        self._matcher = None  # known entity names, built on the first ] or [
        self._old_matcher = None  # the one an entity edit made stale (``known_matcher``)
        self.identity = Identity(self)
        self.article_id: int | None = None
        self.annotations: ArticleAnnotations | None = None
        self.show_others = False  # every coder's annotations, or only this coder's
        self._build()
        self.actions_by_name, self.action_groups = build_actions(self)
        self.owns_store = False  # a window from File ▸ Open project… closes its Store
        self.install_recent_menu()
        self._wire_undo()
        self._restore_settings()
        self._update_title()
        self._place_back: tuple[int, int] | None = None  # cursor and scroll, once shown
        self.open_first()
        self._first_focus()
        self._watch_the_file()

    # -- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        self.article_list = ArticleListPane(self.store, self)
        self.article_list.article_chosen.connect(self.open_article)
        self.article_list.hit_opened.connect(self.focus_article)
        self.article_list.search_changed.connect(self.mark_search_hits)
        # a new filter (or none) lists the articles afresh: the open one stays marked in it
        self.article_list.model.modelReset.connect(self._select_in_list)
        self.article_view = ArticleView(self)
        self.article_view.body.highlight_clicked.connect(self._on_highlight_clicked)
        self.empty = EmptyState(self.import_files, self.import_folder, self)
        self.centre = QStackedWidget(self)
        self.centre.addWidget(self.empty)
        self.centre.addWidget(self.article_view)
        models = dict(edit=self.coding.edit, lookup=self.coding.lookup)
        self.entities_model = EntitiesModel(self.codebook, **models)
        self.claims_model = ClaimsModel(self.codebook, **models)
        self.sources_model = SourcesModel(self.codebook, **models)
        self.entities_panel = EntitiesPanel(self.entities_model, self)
        self.claims_panel = ClaimsPanel(self.claims_model, self)
        self.sources_panel = SourcesPanel(self.sources_model, self)
        self.tabs = QTabWidget(self)
        for panel, title in ((self.entities_panel, "Entities"), (self.claims_panel, "Claims"),
                             (self.sources_panel, "Sources")):
            self.tabs.addTab(panel, title)
            panel.spans_selected.connect(self.article_view.body.flash)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        for widget in (self.article_list, self.centre, self.tabs):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 560, 600])  # the panels hold 5 to 7 columns
        self.alert_bar = AlertBar(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.alert_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.resize(1500, 900)
        self.counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts)

    def _wire_undo(self) -> None:
        undo, redo = self.actions_by_name["undo"], self.actions_by_name["redo"]
        self.undo_stack.indexChanged.connect(lambda _index: self._show_brought_back())
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        # The menu says what would be undone; the toolbar button keeps one short
        # label (its icon text), so the buttons after it never move as that changes.
        for action, word in ((undo, "Undo"), (redo, "Redo")):
            action.setIconText(word)
        self.undo_stack.undoTextChanged.connect(
            lambda t: (undo.setText(f"&Undo {t}" if t else "&Undo"),
                       undo.setToolTip(f"Undo {t}" if t else "Undo the last edit")))
        self.undo_stack.redoTextChanged.connect(
            lambda t: (redo.setText(f"&Redo {t}" if t else "&Redo"),
                       redo.setToolTip(f"Redo {t}" if t else "Redo")))

    def _update_title(self) -> None:
        where = str(self.store.path) if self.store.path else "in-memory project"
        self.setWindowTitle(f"{where} — coder: {self.store.coder_name} — Annotator")
        if self.store.path:
            self.setWindowFilePath(str(self.store.path))

    # -- sharing the file ------------------------------------------------------------------
    def _watch_the_file(self) -> None:
        """Notice other writers, check the file's health, say if it cannot be written."""
        self.outside = OutsideChanges(self.store, self)
        self.outside.changed.connect(self.refresh_from_store)
        self.outside.reconnected.connect(self._on_reconnected)
        self._refresh_later = QTimer(self, singleShot=True, interval=500)
        self._refresh_later.timeout.connect(self.refresh_from_store)
        self._last_article_seen = self.store.last_article_id()
        self.health = None
        if self.store.path is not None:
            # Started once the window has painted: reading every page of a big project
            # on the other core must not hold up the first frame (benchmarks/startup.py).
            self.health = HealthCheck(self.store.path, self)
            self.health.damaged.connect(self.alert)
            self._health_later = AfterPaint(self)
            self._health_later.call(self.health.start)
        if self.store.read_only:
            self.alert(f"{self.store.path} is read-only: you can read and export it, but no "
                       "edit can be stored. To code, open a copy in a folder you can write to.")
        elif self.store.index_error:
            self.alert(f"Some articles are not searchable yet: {self.store.index_error}")

    def _on_reconnected(self, lost: int) -> None:
        """The project's journal was deleted under the window; it is connected again."""
        gone = ("Every edit is in the file." if not lost else
                f"{lost} of your most recent edits are not in the file: redo them.")
        self.undo_stack.clear()  # its commands may refer to rows the file never got
        self.alert(f"Another program removed the journal of {self.store.path} while this "
                   f"window had it open; the window has connected again. {gone}")

    def alert(self, text: str) -> None:
        """A failure the coder must not miss; it stays until dismissed."""
        self.alert_bar.show_alert(text)

    def alert_refused(self, text: str) -> None:
        """An edit that was not stored; the bar goes once a later edit is stored."""
        self.alert_bar.show_alert(text, until_stored=True)

    def _editing(self) -> bool:
        """A popup, a dialog or a cell editor is open: re-reading now would disturb it."""
        if QApplication.activePopupWidget() or QApplication.activeModalWidget():
            return True
        return any(panel.view.state() == QAbstractItemView.State.EditingState
                   for panel in (self.entities_panel, self.claims_panel, self.sources_panel))

    def refresh_from_store(self) -> None:
        """Show what other connections committed (View ▸ Refresh, and on their commits).

        The article text and scroll position stay; the list is reloaded only
        when articles were added, so scrolling is not disturbed by another
        coder's edits. While the coder is editing, the refresh waits.
        """
        if self._editing():
            self._refresh_later.start()
            return
        if self.codebook_changed_outside():
            self.apply_codebook()
        last = self.store.last_article_id()
        if last != self._last_article_seen:
            self._last_article_seen = last
            self.article_list.reload()
        self.article_list.refresh_progress()
        if self.article_id is not None and self._exists(self.article_id):
            self.reload_annotations()
            self.article_list.select_article(self.article_id)
        else:
            self.open_first()

    def refresh(self) -> None:
        """View ▸ Refresh (F5): re-read everything shown, the list included."""
        self._matcher = None  # another program may have named new entities
        self._last_article_seen = -1  # so the list is read again too
        self.refresh_from_store()
        self.show_message("Refreshed from the project file.")

    # -- navigation -----------------------------------------------------------------------
    def open_first(self) -> None:
        """Reopen the last article of this project, else the first of the list not done.

        Only an article of the coder's list is opened: the last article is kept per
        project file, and ben taking his turn on ana's machine must not land on hers.
        """
        listing = self.article_list.model
        last = self.settings.value(f"{project_key(self.store)}/last_article")
        last_id = int(last) if last not in (None, "") else None
        if last_id is not None and not listing.holds(last_id):
            last_id = None
        for aid in (last_id, listing.first(skip_done=True), listing.first()):
            if aid is not None and self._exists(aid):
                self.open_article(aid)
                if aid == last_id:
                    self._place_back = self._saved_place()
                return
        self.show_empty()

    def _first_focus(self) -> None:
        """The keys start in the article (J, ], E work at once), or on Import files… in an
        empty project. Left to Qt, they went to the first widget of the tab order, the
        status filter, where the coder's first letter changed the filter."""
        if self.article_id is not None:
            self.focus_article()
        else:
            self.empty.button.setFocus()

    def _exists(self, article_id: int) -> bool:
        try:
            self.store.article(article_id)
        except KeyError:
            return False
        return True

    def show_empty(self) -> None:
        self.article_id, self.annotations = None, None
        for model in (self.entities_model, self.claims_model, self.sources_model):
            model.load(None)
        self.centre.setCurrentWidget(self.empty)
        self.counts.setText("")

    def _shown_coder(self) -> int | None:
        """Whose annotations to read: this coder's, or None (everyone's) when asked for."""
        return None if self.show_others else self.store.coder_id

    def set_show_others(self, show: bool) -> None:
        """View ▸ Show other coders' annotations: a view preference, kept in QSettings."""
        self.show_others = bool(show)
        self.actions_by_name["show_others"].setChecked(self.show_others)
        self.settings.setValue(SHOW_OTHERS_KEY, self.show_others)
        self.reload_annotations()
        self.show_message("Showing every coder's annotations." if self.show_others
                          else "Showing only your annotations.")

    # -- changes ---------------------------------------------------------------------------
    def known_matcher(self):
        """The known entity names (``Store.known_entity_matcher``), rebuilt after edits."""
        if self._matcher is None:
            self._matcher = self.store.known_entity_matcher(like=self._old_matcher)
            self._old_matcher = None
        return self._matcher

    def _select_in_list(self) -> None:
        if self.article_id is not None:
            self.article_list.select_article(self.article_id)

    def _on_change(self, change: Change) -> None:
        """One place where every edit (and its undo) arrives; decide what to show."""
        self.alert_bar.edit_stored()
        if not keeps_known_names(change):
            # a name may have come or gone; the old matcher's matches serve when not
            self._old_matcher, self._matcher = self._matcher or self._old_matcher, None
        if change.table == "article_status":
            self.article_list.show_status(change.row_id, change.after["status"])
        if change.table == "codebook":
            self.apply_codebook()
        aid = change.article_id
        if aid is not None and aid != self.article_id:
            self.open_article(aid)  # an undo reaching back to an earlier article
        elif change.table == "article_status":
            if self.annotations is not None:
                self._show_counts(self.annotations)
        elif change.table in ("rejected_suggestions", "rejected_cues"):
            self.suggestions.follow(change)
        elif not self._follow(change):
            self.reload_annotations()
        self._say_whose(change)

    def _follow(self, change: Change) -> bool:
        """Show an edit by repainting only what it touched; False if only a reload can."""
        if self.read_all_rows():  # they were read after the change: it is in them
            return False
        data = self.annotations
        if data is None or self.article_id is None:
            return False
        touched = apply_change(data, change, self.store.entity, self._shown_coder())
        if touched is None:
            return False
        if touched:
            self._show_touched(data, touched)
        # a hidden coder's row too: nothing shown changed, but suggestions count it
        self.suggestions.follow(change)
        return True

    def _show_touched(self, data: ArticleAnnotations, touched: Touched) -> None:
        now = affected_rows(data, touched)
        self.article_view.body.update_highlights(row_keys(touched, now),
                                                 self._highlights(data, now))
        for model in (self.entities_model, self.claims_model, self.sources_model):
            if touched.entities or any(touched.of(t) for t in model.TABLES):
                model.sync(data, touched)
        self._show_counts(data)

    def _say_whose(self, change: Change) -> None:
        """Name the coder when an edit (or undo) touched another coder's annotation.

        Editing others' rows is allowed; saying whose keeps it from passing
        unnoticed, and an undo that reaches a row this view hides would
        otherwise seem to do nothing.
        """
        row = change.after or change.before
        noun = ANNOTATION_NOUNS.get(change.table)
        coder_id = row.get("coder_id") if row and noun else None
        if coder_id is None or coder_id == self.store.coder_id:
            return
        name = next((c["name"] for c in self.store.coders() if c["id"] == coder_id), "?")
        hidden = "" if self.show_others else \
            " (hidden: View ▸ Show other coders' annotations shows it)"
        self.show_message(f"Changed {name}'s {noun}{hidden}.")

    # -- small actions ---------------------------------------------------------------------------
    def current_panel(self):
        return self.tabs.currentWidget()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def show_tab_0(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.entities_panel.view.setFocus()

    def show_tab_1(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.claims_panel.view.setFocus()

    def show_tab_2(self) -> None:
        self.tabs.setCurrentIndex(2)
        self.sources_panel.view.setFocus()

    def focus_article(self) -> None:
        """The keyboard to the article text; the window is activated too, since after a
        dialog closes some window managers (and none, under Xvfb) leave focus nowhere."""
        self.activateWindow()
        self.article_view.body.setFocus()

    def find_in_article(self) -> None:
        self.article_view.find_bar.open_bar()

    def zoom_in(self) -> None:
        self.article_view.zoom(+1)
        self.settings.setValue("view/zoom", self.article_view.point_size)

    def zoom_out(self) -> None:
        self.article_view.zoom(-1)
        self.settings.setValue("view/zoom", self.article_view.point_size)

    def zoom_reset(self) -> None:
        self.article_view.set_zoom(DEFAULT_POINT_SIZE)
        self.settings.setValue("view/zoom", self.article_view.point_size)

    def show_shortcuts(self) -> None:
        from annotator.gui.dialogs.shortcuts import ShortcutSheet
        self.shortcut_sheet = ShortcutSheet(self.action_groups, self)
        self.shortcut_sheet.show()
        self.shortcut_sheet.activateWindow()  # so Esc closes it at once

    def compare_coders(self) -> None:
        """Team ▸ Compare coders: the adjudication window (annotator/gui/adjudication)."""
        from annotator.gui.adjudication.dialog import open_compare
        open_compare(self)

    def show_reliability(self) -> None:
        """Team ▸ Reliability: α per variable, intervals, plots, hot spots (dialogs/reliability)."""
        from annotator.gui.dialogs.reliability import open_reliability
        open_reliability(self)

    def change_coder(self) -> None:
        from annotator.gui.dialogs.coder import ask_coder
        name = ask_coder(str(self.store.path), [c["name"] for c in self.store.coders()],
                         self.store.coder_name, self)
        if name:
            self.store.set_coder(name)
            self.settings.setValue(f"{project_key(self.store)}/coder", name)
            self.undo_stack.clear()  # another coder must not undo this one's edits
            self._update_title()
            self.article_list.apply_filter()
            self.article_list.refresh_progress()
            if self.article_id is not None:
                self.open_article(self.article_id)

    # -- settings --------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/splitter", self.splitter.restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(value)
        zoom = s.value("view/zoom")
        if zoom not in (None, ""):
            self.article_view.set_zoom(int(zoom))
        self.show_others = s.value(SHOW_OTHERS_KEY, False, type=bool)
        self.actions_by_name["show_others"].setChecked(self.show_others)
        self.suggestions.restore()  # this project's own (``suggestions.shown_key``)

    def closeEvent(self, event) -> None:  # noqa: N802
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("view/zoom", self.article_view.point_size)
        self._save_place()
        s.sync()
        stop_all(self)  # nothing may query the store once the window is closed
        self.suggestions.stop()
        self.stop_reading()
        self.identity.close_dialogs()
        self.outside.stop()
        self._refresh_later.stop()
        if self.health is not None:
            self._health_later.cancel()  # closed before its first paint: no check at all
            self.health.wait()
        super().closeEvent(event)
        if self.owns_store:  # opened from File ▸ Open project…: its file closes with it
            self.store.close()
            self.deleteLater()
