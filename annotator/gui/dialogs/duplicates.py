"""Entities ▸ Find duplicates…: review the groups of names that may be one actor.

The search (``Store.duplicate_candidates``: fuzzy name comparison over every
live entity, minus pairs the coders called different) runs in a worker thread
on a Store of its own, with progress and Cancel, because over 100,000 names
it takes seconds. It finds two tiers: *likely* groups, spelling variants of one
name, listed first; then *possible* pairs (an acronym, a surname alone, one more
word), ranked, each with its evidence. Every merge or "different" is a decision
the ranking learns from, so the possible pairs still listed are re-ranked at
once. The coder then walks the groups (see
:mod:`annotator.gui.dialogs.duplicate_group` for what each shows), picks the
entity to keep (and may type a better canonical name), and says Merge all,
Merge checked, or Different. Every decision is one step on the window's undo
stack; the dialog itself never writes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.dialogs.duplicate_group import GroupList, GroupView
from annotator.gui.label_look import grey
from annotator.gui.workers import TaskThread, Worker


def duplicates_job(store, progress, cancel):
    """The worker's job: the candidate groups, or None when the coder cancelled."""
    from annotator.identity.candidates import Cancelled
    try:
        return store.duplicate_candidates(progress=lambda done, total: progress(done, total, ""),
                                          cancel=cancel, possible=True)
    except Cancelled:
        return None


class DuplicatesDialog(QDialog):
    """Search, then review one group at a time; see the module docstring.

    ``groups`` holds the search result still to review; a group leaves it
    when it is merged or dismissed (Merge checked may leave the rest of it).
    """

    def __init__(self, identity, parent=None) -> None:
        super().__init__(parent)
        self.identity = identity
        self.store = identity.store
        self.setWindowTitle("Find duplicate entities")
        self.resize(1240, 660)
        self.groups: list[dict[str, Any]] = []
        self.thread_: TaskThread | None = None
        self.worker: Worker | None = None
        self._build()
        for name in ("undo", "redo"):  # Ctrl+Z here undoes a merge made here
            action = identity.w.actions_by_name[name]
            self.addAction(action)
            # after the stack has stepped (connected first): the list would be stale
            action.triggered.connect(self._after_undo_or_redo)

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.status = QLabel("", self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(260)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button = QPushButton("Search &again", self)
        self.again_button.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.bar)
        top.addWidget(self.cancel_button)
        top.addWidget(self.again_button)

        self.list = GroupList(self)
        self.list.current_changed.connect(self._show_group)
        self.list.setMinimumWidth(420)
        labels = {c.key: c.label for c in self.identity.w.codebook.entity_types}
        self.view = GroupView(self.store, labels, self)
        name_row = QHBoxLayout()
        name_label = QLabel("Canonical &name", self)
        name_label.setBuddy(self.view.canonical)
        name_row.addWidget(name_label)
        name_row.addWidget(self.view.canonical, 1)
        self.merge_button = QPushButton("&Merge all", self)
        self.merge_button.setToolTip("Merge every entity of the group into the kept one")
        self.merge_button.clicked.connect(self.merge_all)
        self.merge_checked_button = QPushButton("Merge &checked", self)
        self.merge_checked_button.setToolTip("Merge only the checked entities into the kept one")
        self.merge_checked_button.clicked.connect(self.merge_checked)
        self.different_button = QPushButton("&Different", self)
        self.different_button.setToolTip("These are different actors: never propose them again")
        self.different_button.clicked.connect(self.different)
        self.skip_button = QPushButton("&Skip", self)
        self.skip_button.setToolTip("Decide later: go to the next group")
        self.skip_button.clicked.connect(self.skip)
        buttons = QHBoxLayout()
        for b in (self.merge_button, self.merge_checked_button, self.different_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        self.detail = QWidget(self)
        right = QVBoxLayout(self.detail)
        right.setContentsMargins(6, 0, 0, 0)
        right.addWidget(self.view, 1)
        right.addLayout(name_row)
        right.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 600])
        hint = QLabel("Keep: the entity whose id stays (its mentions never move). Checked: "
                      "merged by Merge checked. Ctrl+Z undoes a merge or a “different”.", self)
        grey(hint, "#666666")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        self._detail_enabled(False)

    def _detail_enabled(self, on: bool) -> None:
        for w in (self.view.canonical, self.merge_button, self.merge_checked_button,
                  self.different_button, self.skip_button):
            w.setEnabled(on)

    # -- the search ------------------------------------------------------------------------
    def _after_undo_or_redo(self) -> None:
        """An undone merge or "different" (here or in the window) brings its names back,
        and a redone one takes them away: search again, as Search again would."""
        if self.isVisible():
            self.search()

    def running(self) -> bool:
        return self.thread_ is not None and self.thread_.isRunning()

    def search(self) -> None:
        """Start the search; in-memory projects (tests, demos) search in this thread."""
        if self.running():
            return
        self.groups = []
        self.list.clear()
        self._show_group(-1)
        self.status.setText("Comparing the names of every entity…")
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.setEnabled(True)
        self.again_button.setEnabled(False)
        if self.store.path is None:
            self._on_finished(duplicates_job(self.store, lambda *a: None, lambda: False))
            return
        self.worker = Worker(self.store.path, self.store.coder_name, duplicates_job)
        self.thread_ = TaskThread(self.worker, self)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.thread_.start()

    def cancel(self) -> None:
        if self.running():
            self.worker.cancel()
            self.status.setText("Cancelling…")

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        if total and not self.worker.cancelled():
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.status.setText(f"Comparing the names of every entity… {done:,} of {total:,} "
                                "candidate pairs")

    def _search_ended(self) -> None:
        if self.thread_ is not None:
            self.thread_.wait()
        self.bar.hide()
        self.cancel_button.setEnabled(False)
        self.again_button.setEnabled(True)

    def _on_failed(self, message: str) -> None:
        self._search_ended()
        self.status.setText(f"The search stopped: {message}")

    def _on_finished(self, groups: list[dict[str, Any]] | None) -> None:
        self._search_ended()
        if groups is None:
            self.status.setText("Search cancelled. Search again to start over.")
            return
        self.groups = list(groups)
        self.list.set_groups(self.groups)
        self._update_status()
        self.list.set_current_row(0)
        if self.groups:
            self.list.setFocus()  # arrows walk the groups; Alt+M, Alt+D decide

    def _update_status(self) -> None:
        likely = sum(1 for g in self.groups if g.get("tier", "likely") == "likely")
        possible = len(self.groups) - likely
        if not self.groups:
            self.status.setText("No more duplicates proposed.")
            return
        self.status.setText(
            f"{likely:,} likely group{'s' if likely != 1 else ''} and {possible:,} possible "
            f"pair{'s' if possible != 1 else ''}. Pick the one to keep, then merge, or say "
            "different.")

    # -- one group ------------------------------------------------------------------------
    def current_group(self) -> dict[str, Any] | None:
        row = self.list.current_row()
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def group_names(self, tier: str | None = None) -> list[str]:
        """The names of each listed group, "A · B", in list order (of one tier if given)."""
        return [self.list.names(r) for r in range(self.list.count())
                if tier is None or self.list.tier(r) == tier]

    def _show_group(self, row: int) -> None:
        group = self.groups[row] if 0 <= row < len(self.groups) else None
        self.view.show_group(group)
        self._detail_enabled(group is not None)

    # -- decisions ------------------------------------------------------------------------
    def merge_all(self) -> None:
        group = self.current_group()
        if group is not None:
            self._merge(group, list(range(len(group["entities"]))))

    def merge_checked(self) -> None:
        group = self.current_group()
        if group is not None:
            self._merge(group, self.view.checked_indexes())

    def _merge(self, group: dict[str, Any], chosen: list[int]) -> None:
        members = group["entities"]
        keep = self.view.kept_index()
        merged = [members[i]["id"] for i in chosen if i != keep]
        name = self.view.canonical_name()
        if not self.identity.merge(members[keep]["id"], merged,
                                   name if name != members[keep]["name"] else None):
            return
        gone = set(merged)
        self._forget(gone, group)
        rest = [e for e in members if e["id"] not in gone]
        if len(rest) >= 2:  # Merge checked left some: they stay to be decided
            kept = dict(members[keep])
            kept["mentions"] += sum(e["mentions"] for e in members if e["id"] in gone)
            kept["name"] = name or kept["name"]
            group["entities"] = [kept if e is members[keep] else e for e in rest]
            row = self.list.current_row()
            self.list.update_row(row, group)
            self._show_group(row)
        else:
            self._drop_current()

    def different(self) -> None:
        group = self.current_group()
        if group is not None and self.identity.dismiss([e["id"] for e in group["entities"]]):
            self._drop_current()
            self.rerank()

    def _forget(self, gone: set[int], current: dict[str, Any]) -> None:
        """Drop the other proposals that name an entity merged away, then re-rank."""
        row = self.list.current_row()
        for r in range(len(self.groups) - 1, -1, -1):
            group = self.groups[r]
            if group is not current and any(e["id"] in gone for e in group["entities"]):
                self.groups.pop(r)
                self.list.remove_row(r)
                row -= r < row
        self.list.set_current_row(row)
        self.rerank()

    def rerank(self) -> None:
        """Score the possible pairs still listed with the ranking the decisions now support.

        Likely groups keep their place at the top; the possible pairs are sorted
        again, best first, and the coder stays on the proposal they were on.
        """
        possible = [g for g in self.groups if g.get("tier") == "possible" and "pair" in g]
        if not possible:
            return
        scores = self.store.rescore_pairs([g["pair"] for g in possible])
        for group, score in zip(possible, scores, strict=True):
            group["score"] = group["weakest"] = score
        current = self.current_group()
        likely = [g for g in self.groups if g.get("tier", "likely") == "likely"]
        rest = [g for g in self.groups if g.get("tier") == "possible" and "pair" not in g]
        self.groups = likely + sorted(possible, key=lambda g: -g["score"]) + rest
        self.list.blockSignals(True)
        self.list.set_groups(self.groups)
        self.list.blockSignals(False)
        row = next((r for r, g in enumerate(self.groups) if g is current), 0)
        self.list.set_current_row(row)
        self._show_group(self.list.current_row())
        self._update_status()

    def skip(self) -> None:
        self.list.set_current_row(self.list.current_row() + 1)

    def _drop_current(self) -> None:
        row = self.list.current_row()
        self.groups.pop(row)
        self.list.remove_row(row)
        self._update_status()
        if self.groups:
            self.list.set_current_row(min(row, len(self.groups) - 1))
            self._show_group(self.list.current_row())
        else:
            self._show_group(-1)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.running():  # the worker stops at its next check; then the dialog closes
            self.cancel()
            self.thread_.wait()
        super().closeEvent(event)
