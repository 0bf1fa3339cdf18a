"""The two halves of Find duplicates: the list of proposed groups, and one group up close.

:class:`GroupList` shows each proposed group on one line, with how alike the
names are and how many mentions are at stake, so a coder can start with the
groups that matter. :class:`GroupView` shows one group the way a coder
decides it: each name with its mention count, its aliases and a few contexts
from the articles; a radio button for the entity to keep (default: the most
mentioned, whose mentions then never move), a check box for each entity that
"Merge checked" folds in, and the canonical name to give the kept entity.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.entity_models import snippet_html

SAMPLES = 3  # contexts shown per entity
WIDTH = 55  # characters of context either side


def group_names(group: dict[str, Any]) -> str:
    return " · ".join(e["name"] for e in group["entities"])


TIER_LABELS = {"likely": "Likely", "possible": "Possible"}


def evidence_text(group: dict[str, Any]) -> str:
    """ "plural; in the same 3 articles · against: a short word differs"."""
    text = "; ".join(group.get("evidence") or ())
    if group.get("against"):
        text += (" · " if text else "") + "against: " + "; ".join(group["against"])
    return text


class GroupList(QTreeWidget):
    """One row per proposed group: tier, score (%), the names, why, mentions at stake.

    Likely groups come first (their score is how alike the names are), then the
    possible pairs, best first (their score is the ranking's estimate that the
    two are one actor), each with the evidence for and against it.

    Signals:
        current_changed(int): the row of the group now current (-1 for none).
    """

    current_changed = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Tier", "Score", "Names", "Why", "Mentions", "Type"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 60)
        header.resizeSection(1, 48)
        header.resizeSection(4, 70)
        header.resizeSection(5, 110)
        self.currentItemChanged.connect(
            lambda item, _old: self.current_changed.emit(self.indexOfTopLevelItem(item)
                                                         if item else -1))

    def set_groups(self, groups: list[dict[str, Any]]) -> None:
        self.clear()
        for group in groups:
            item = QTreeWidgetItem()
            self.addTopLevelItem(item)
            self.update_row(self.topLevelItemCount() - 1, group)

    def update_row(self, row: int, group: dict[str, Any]) -> None:
        item = self.topLevelItem(row)
        mentions = sum(e["mentions"] for e in group["entities"])
        tier = group.get("tier", "likely")
        why = evidence_text(group)
        # two groups of the same spelling may differ only in type (ORG and PERSON)
        for col, text in enumerate((TIER_LABELS[tier], f"{group['score']}%", group_names(group),
                                    why, f"{mentions:,}", group["entities"][0]["type"])):
            item.setText(col, text)
        for col in (1, 4):
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if tier == "possible":
            item.setForeground(0, self.palette().placeholderText())
        item.setToolTip(2, f"{group_names(group)}\n{group['entities'][0]['type']} · weakest "
                           f"pair {group['weakest']}%")
        item.setToolTip(3, why)

    def tier(self, row: int) -> str:
        return "likely" if self.topLevelItem(row).text(0) == TIER_LABELS["likely"] else "possible"

    def count(self) -> int:
        return self.topLevelItemCount()

    def current_row(self) -> int:
        item = self.currentItem()
        return self.indexOfTopLevelItem(item) if item else -1

    def set_current_row(self, row: int) -> None:
        if 0 <= row < self.count():
            self.setCurrentItem(self.topLevelItem(row))

    def remove_row(self, row: int) -> None:
        self.takeTopLevelItem(row)

    def names(self, row: int) -> str:
        return self.topLevelItem(row).text(2)


class GroupView(QWidget):
    """One group: keep / merge / name lines with contexts, and the canonical name field."""

    def __init__(self, store, type_labels: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.store, self.type_labels = store, type_labels
        self.group: dict[str, Any] | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.members = QWidget(self)
        self.grid = QGridLayout(self.members)
        self.grid.setContentsMargins(6, 6, 6, 6)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(3)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.members)
        self.canonical = QLineEdit(self)
        self.canonical.setPlaceholderText("canonical name of the kept entity")
        self.keep = QButtonGroup(self)
        self.keep.idToggled.connect(self._on_keep_toggled)
        self.checks: list[QCheckBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)

    def labels(self) -> list[QLabel]:
        """Every text shown for the group (tests read them)."""
        return self.members.findChildren(QLabel)

    def show_group(self, group: dict[str, Any] | None) -> None:
        self._clear()
        self.group = group
        if group is None:
            self.heading.setText("")
            self.canonical.clear()
            return
        members = group["entities"]
        kind = self.type_labels.get(members[0]["type"], members[0]["type"])
        if group.get("tier") == "possible":
            summary = f"possibly one actor ({group['score']}%)"
        else:
            summary = f"{group['score']}% alike (weakest pair {group['weakest']}%)"
        why = evidence_text(group)
        self.heading.setText(f"<b>{escape(kind)}</b> · {len(members)} names, {summary}"
                             + (f"<br><span style='color:#555'>{escape(why)}</span>" if why
                                else ""))
        for col, title in ((0, "Keep"), (1, "Merge"), (2, "Name · mentions · aliases, "
                                                         "and where it is used")):
            self.grid.addWidget(QLabel(f"<span style='color:#666'>{title}</span>",
                                       self.members), 0, col)
        keep = max(range(len(members)), key=lambda i: members[i]["mentions"])
        row = 1
        for i, entity in enumerate(members):
            row = self._add_member(i, entity, row)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(row, 1)
        self.keep.button(keep).setChecked(True)
        self.canonical.setText(members[keep]["name"])

    def _clear(self) -> None:
        for button in self.keep.buttons():
            self.keep.removeButton(button)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():  # hidden now: deleteLater waits for the event loop
                item.widget().hide()
                item.widget().deleteLater()
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        self.checks = []

    def _add_member(self, i: int, entity: dict[str, Any], row: int) -> int:
        """One entity's rows in the grid: keep, merge, name line, then its contexts."""
        radio = QRadioButton(self.members)
        radio.setToolTip("Keep this entity: the others are merged into it")
        self.keep.addButton(radio, i)
        check = QCheckBox(self.members)
        check.setChecked(True)
        check.setToolTip("Part of “Merge checked”")
        self.checks.append(check)
        plural = "" if entity["mentions"] == 1 else "s"
        aliases = f" · also “{'”, “'.join(entity['aliases'])}”" if entity["aliases"] else ""
        name = QLabel(f"<b>{escape(entity['name'])}</b> &nbsp;<span style='color:#555'>"
                      f"{entity['mentions']:,} mention{plural}{escape(aliases)}</span>",
                      self.members)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid.addWidget(radio, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(check, row, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(name, row, 2)
        row += 1
        contexts = self.store.mention_contexts(entity["id"], SAMPLES, WIDTH, spread=True)
        for ctx in contexts:
            label = QLabel(f"{snippet_html(ctx, WIDTH)}<br><span style='color:#888'>in "
                           f"“{escape(ctx['title'] or '(untitled)')}”</span>", self.members)
            label.setWordWrap(True)
            label.setContentsMargins(14, 0, 0, 4)
            self.grid.addWidget(label, row, 2)
            row += 1
        if not contexts:
            none = QLabel("<i style='color:#888'>no mentions yet</i>", self.members)
            none.setContentsMargins(14, 0, 0, 4)
            self.grid.addWidget(none, row, 2)
            row += 1
        gap = QWidget(self.members)
        gap.setFixedHeight(8)
        self.grid.addWidget(gap, row, 2)
        return row + 1

    def _on_keep_toggled(self, i: int, on: bool) -> None:
        """The canonical name follows the kept entity unless the coder typed another."""
        if not on or self.group is None:
            return
        names = {e["name"] for e in self.group["entities"]}
        if not self.canonical.text().strip() or self.canonical.text() in names:
            self.canonical.setText(self.group["entities"][i]["name"])
        if 0 <= i < len(self.checks):
            self.checks[i].setChecked(True)  # the kept one is always part of the merge

    def kept_index(self) -> int:
        return max(self.keep.checkedId(), 0)

    def checked_indexes(self) -> list[int]:
        return [i for i, c in enumerate(self.checks) if c.isChecked()]

    def canonical_name(self) -> str:
        return " ".join(self.canonical.text().split())
