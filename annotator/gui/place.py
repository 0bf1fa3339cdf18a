"""Where the coder was: the last article of a project, and the line and cursor in it.

A mixin of MainWindow; what it keeps goes in the window's QSettings under the
project's key (never project data), read when the project opens again. Needs
``store``, ``settings``, ``article_id`` and ``article_view``.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from annotator.digest import sha1
from annotator.store import Store


def project_key(store: Store) -> str:
    """A QSettings group name for one project file (its path, hashed)."""
    path = str(store.path.resolve()) if store.path else ":memory:"
    return "projects/" + sha1(path.encode("utf-8")).hexdigest()[:16]


class PlaceMixin:
    #: (cursor position, scroll value) to go back to once the window is shown
    _place_back: tuple[int, int] | None = None

    def _saved_place(self) -> tuple[int, int] | None:
        """Where the coder was in the last article: (cursor position, scroll value)."""
        key = project_key(self.store)
        place = self.settings.value(f"{key}/last_cursor"), self.settings.value(f"{key}/last_scroll")
        if None in place or "" in place:
            return None
        return int(place[0]), int(place[1])

    def _save_place(self) -> None:
        if self.article_id is None:
            return
        key, body = project_key(self.store), self.article_view.body
        self.settings.setValue(f"{key}/last_cursor", body.textCursor().position())
        self.settings.setValue(f"{key}/last_scroll", body.verticalScrollBar().value())

    def _go_back_to_place(self) -> None:
        """Reopened: the last article at the line and cursor it was left at. Done once the
        window is shown, when its text has the width (and so the lines) it had."""
        place, self._place_back = self._place_back, None
        if place is None or self.article_id is None:
            return
        body = self.article_view.body
        cursor = body.textCursor()
        # Qt's positions count UTF-16 units, as the saved one does (not len() of the text)
        cursor.setPosition(min(place[0], body.document().characterCount() - 1))
        body.setTextCursor(cursor)
        body.verticalScrollBar().setValue(place[1])

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._place_back is not None:
            QTimer.singleShot(0, self._go_back_to_place)
