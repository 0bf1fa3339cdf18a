"""Every command of the window as a QAction, in menus and (the common ones) on the toolbar.

One table lists them all, so menus, the toolbar and the F1 sheet agree. The
single-letter coding keys (E, C, S) are window-wide but never fire while a text
field has focus (a line edit claims printable keys first); J and K belong to
the article text only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class Spec(NamedTuple):
    """One command: its menu text, keys, the window's slot, and where it shows.

    A NamedTuple, not a frozen dataclass: the table is read before the window's first
    paint, where a dataclass costs about 1.5 ms to create (benchmarks/startup.py).
    """

    name: str
    text: str
    keys: tuple[str, ...]
    slot: str  # attribute path on the window, e.g. "coding.mark_entity"
    tip: str = ""
    toolbar: bool = False
    icon: str | None = None  # a QStyle.StandardPixmap, by name (set after the first paint)
    checkable: bool = False  # an on/off view option: the slot receives the new state


MENUS: list[tuple[str, list[Spec | None]]] = [
    ("&File", [
        Spec("new_project", "&New project…", ("Ctrl+N",), "new_project",
             "Make a new project file: its codebook and your coder name"),
        Spec("open_project", "&Open project…", ("Ctrl+O",), "open_project",
             "Open another project file in a window of its own"),
        Spec("import", "&Import files…", ("Ctrl+I",), "import_files",
             "Import article files (text, HTML, JSON lines, CSV)", True, "SP_DialogOpenButton"),
        Spec("import_folder", "Import &folder…", ("Ctrl+Shift+I",), "import_folder",
             "Import every article file in a folder and its subfolders"),
        Spec("export", "&Export…", ("Ctrl+Shift+S",), "export_project", "Export CSV", True,
             "SP_DialogSaveButton"),
        None,
        Spec("save_copy", "Save a &copy…", ("Ctrl+Alt+S",), "save_copy",
             "Write a consistent copy of this project to another file while you go on coding"),
        Spec("project_info", "&Project information…", (), "show_project_info",
             "Where the project file is, its size, schema, codebook and counts"),
        None,
        Spec("coder", "Change co&der…", (), "change_coder"),
        None,
        Spec("close_window", "Close &window", ("Ctrl+W",), "close"),
        Spec("quit", "&Quit", ("Ctrl+Q",), "quit_all", "Close every project window"),
    ]),
    ("&Edit", [
        Spec("undo", "&Undo", ("Ctrl+Z",), "undo_stack.undo", "Undo the last edit", True),
        Spec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "undo_stack.redo", "Redo", True),
        None,
        Spec("delete", "&Delete selected item", ("Delete",), "coding.delete_selected"),
        Spec("find", "&Find in article", ("Ctrl+F",), "find_in_article"),
        Spec("search", "&Search articles", ("Ctrl+K",), "article_list.focus_search"),
        None,
        Spec("codebook", "&Codebook…", ("Ctrl+Shift+B",), "edit_codebook",
             "Entity types, claim categories, attribution kinds, certainty levels and levels "
             "of measurement: rename, add, remove, describe; every change is one undo step"),
    ]),
    ("&Code", [
        Spec("entity", "&Entity mention", ("E",), "coding.mark_entity",
             "Code the selection as an entity mention (E)", True),
        Spec("claim", "&Claim", ("C",), "coding.mark_claim",
             "Code the selection as a claim (C)", True),
        Spec("source", "&Source attribution", ("S",), "coding.mark_source",
             "Attribute the nearest claim to a source; the selection is the cue or source (S)",
             True),
        None,
        Spec("done", "Mark &done, next", ("Ctrl+Return", "Ctrl+Enter"), "mark_done_and_next",
             "Mark this article done and open the next one not done", True,
             "SP_DialogApplyButton"),
        Spec("skip", "Mark s&kipped, next", ("Ctrl+Shift+Return",), "mark_skipped_and_next"),
        None,
        Spec("grow_selection", "&Grow the selection", ("Alt+Up",), "selecting.grow_selection",
             "Word, then quotation, clause, sentence, paragraph (Alt+Up again)"),
        Spec("shrink_selection", "S&hrink the selection", ("Alt+Down",),
             "selecting.shrink_selection", "Back the way Alt+Up grew it"),
        Spec("next_known", "Select the next known &name", ("]",), "selecting.next_known",
             "The next place this article names a known entity that is not coded yet"),
        Spec("previous_known", "Select the previous known name", ("[",),
             "selecting.previous_known"),
        Spec("accept_suggestion", "&Accept the suggestion", ("A",), "suggestions.accept",
             "Code the suggested known name at the cursor (or the next one) and move on"),
        Spec("accept_all_suggestions", "Accept all suggestions in the article", ("Shift+A",),
             "suggestions.accept_all"),
        Spec("reject_suggestion", "Re&ject the suggestion", ("X",), "suggestions.reject",
             "Never suggest this entity for this span to you again"),
        Spec("todo", "Mark &to do", (), "mark_todo"),
    ]),
    ("&Go", [
        Spec("previous", "&Previous article", ("Alt+Left",), "previous_article",
             "Previous article", True, "SP_ArrowBack"),
        Spec("next", "&Next article", ("Alt+Right",), "next_article", "Next article", True,
             "SP_ArrowForward"),
        Spec("next_j", "Next article (in the text)", ("J",), "next_article"),
        Spec("previous_k", "Previous article (in the text)", ("K",), "previous_article"),
        None,
        Spec("tab_entities", "&Entities panel", ("Alt+1",), "show_tab_0"),
        Spec("tab_claims", "&Claims panel", ("Alt+2",), "show_tab_1"),
        Spec("tab_sources", "&Sources panel", ("Alt+3",), "show_tab_2"),
        Spec("focus_text", "The article &text", ("Alt+0",), "focus_article"),
    ]),
    ("E&ntities", [
        Spec("find_duplicates", "Find &duplicates…", ("Ctrl+Shift+D",),
             "identity.find_duplicates",
             "Propose groups of entity names that may be one actor; merge or dismiss them"),
        Spec("browse_entities", "&Browse entities…", ("Ctrl+Shift+E",),
             "identity.browse_entities",
             "Every entity of the project: rename, retype, aliases, merge, split, mentions"),
    ]),
    ("&Team", [
        Spec("compare_coders", "&Compare coders…", ("Ctrl+Shift+A",), "compare_coders",
             "Two coders' annotations of this article side by side; accept items into gold"),
        Spec("reliability", "&Reliability…", ("Ctrl+Shift+R",), "show_reliability",
             "Krippendorff's α per variable with intervals, plots and the disagreement hot"
             " spots, as annotator agreement --report writes them"),
    ]),
    ("&View", [
        Spec("refresh", "Re&fresh", ("F5",), "refresh",
             "Show what other windows and programs stored in this project (also automatic,"
             " within 2 seconds)"),
        None,
        Spec("zoom_in", "Zoom &in", ("Ctrl+=", "Ctrl++"), "zoom_in"),
        Spec("zoom_out", "Zoom &out", ("Ctrl+-",), "zoom_out"),
        Spec("zoom_reset", "&Reset zoom", ("Ctrl+0",), "zoom_reset"),
        None,
        Spec("show_suggestions", "Show &suggestions", ("Ctrl+Shift+G",),
             "suggestions.set_shown",
             "Frame, dashed, the known entity names nobody has coded here yet (A accepts)",
             checkable=True),
        Spec("spacy_model", "Suggestions from a spaCy &model…", (),
             "suggestions.choose_spacy_model",
             "Let an installed spaCy model read the sentences and the parse around each"
             " suggested cue (its source and content)"),
        Spec("show_others", "Show other &coders' annotations", ("Ctrl+Shift+O",),
             "set_show_others",
             "Also show what other coders marked in this article, each row saying whose"
             " (off by default, so that double coding stays blind)", checkable=True),
    ]),
    ("&Help", [
        Spec("shortcuts", "&Keyboard shortcuts", ("F1",), "show_shortcuts"),
    ]),
]

#: Actions that only work while the article text has focus. Alt+Up and Alt+Down grow and
#: shrink the text's selection: as window shortcuts they took Alt+Down from the panels'
#: choice cells and every combo box, whose list it opens.
TEXT_ONLY = {"next_j", "previous_k", "next_known", "previous_known", "accept_suggestion",
             "accept_all_suggestions", "reject_suggestion", "grow_selection",
             "shrink_selection"}


def _resolve(window: MainWindow, path: str):
    target = window
    for part in path.split("."):
        target = getattr(target, part)
    return target


def build_actions(window: MainWindow) -> tuple[dict[str, QAction], list[tuple[str, list]]]:
    """Create actions, menus and the toolbar; return actions by name and the groups."""
    actions: dict[str, QAction] = {}
    groups: list[tuple[str, list[QAction]]] = []
    toolbar = QToolBar("Coding", window)
    toolbar.setObjectName("coding_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    window.addToolBar(toolbar)
    blank, iconed = blank_icon(toolbar), []
    for title, specs in MENUS:
        menu = window.menuBar().addMenu(title)
        group: list[QAction] = []
        for spec in specs:
            if spec is None:
                menu.addSeparator()
                continue
            action = QAction(spec.text, window)
            action.setObjectName(spec.name)
            action.setShortcuts([QKeySequence(k) for k in spec.keys])
            if spec.tip:
                action.setToolTip(spec.tip)
                action.setStatusTip(spec.tip)
            if spec.icon is not None:
                action.setIcon(blank)
                iconed.append((action, spec.icon))
            slot = spec.slot
            if spec.checkable:
                action.setCheckable(True)
                action.triggered.connect(lambda checked, s=slot: _resolve(window, s)(checked))
            else:
                action.triggered.connect(lambda _checked=False, s=slot: _resolve(window, s)())
            if spec.name in TEXT_ONLY:
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                window.article_view.body.addAction(action)
            else:
                window.addAction(action)
            menu.addAction(action)
            group.append(action)
            actions[spec.name] = action
        groups.append((title.replace("&", ""), group))
    for name in ("previous", "next", None, "entity", "claim", "source", None, "done", None,
                 "undo", "redo", None, "import", "export"):
        if name is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[name])
    from annotator.gui.after_paint import AfterPaint
    AfterPaint(window).call(lambda: standard_icons(window, iconed))
    return actions, groups


def blank_icon(toolbar: QToolBar) -> QIcon:
    """A transparent icon of the toolbar's icon size, held until the real ones come.

    The standard icons come from the style, and PySide6 creates its QStyle class
    with all its enums on first use: about 11 ms of the window's first paint
    (benchmarks/startup.py). So the toolbar is laid out with blanks of the same size,
    and :func:`standard_icons` puts the real ones in just after the first frame,
    without moving a button.
    """
    pixmap = QPixmap(toolbar.iconSize())
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)


def standard_icons(window: MainWindow, iconed: list[tuple[QAction, str]]) -> None:
    """Give each action its style's standard icon (``iconed``: action, StandardPixmap name)."""
    from PySide6.QtWidgets import QStyle
    style = window.style()
    for action, name in iconed:
        action.setIcon(style.standardIcon(getattr(QStyle.StandardPixmap, name)))
