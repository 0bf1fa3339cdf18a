"""Starting the window: which project, which coder, the demo corpus.

``run_window`` is what ``annotator [DB]`` / ``annotator --demo`` call;
``main`` is the ``annotator-gui`` entry point. With no project named, the start
screen opens (New project…, Open project…, the demo, the recent projects). The
coder's name is asked once per project and remembered in QSettings (a
setting, not project data).

Only what the first painted window needs is imported at module level: the
import readers (trafilatura, dateparser), numpy, scikit-learn, matplotlib and
the agreement code load when first used, and so do the Qt classes of the
dialogs (QMessageBox here): PySide6 builds a class's Python type, with all its
enums, when it is first named (benchmarks/startup.py measures it).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QSocketNotifier, QThread, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator import __version__, startup_gc
from annotator.codebook import resources_path
from annotator.gui.display import display_problem
from annotator.gui.recent import DEMO_FOLDER_PREFIX, LAST_CODER_KEY
from annotator.gui.upgrade import open_store
from annotator.store import ProjectError, Store
from annotator.store.errors import describe, is_fault

DEMO_CODER = "demo"
#: What a demo template holds beyond its schema; raised when a new project gains rows
#: outside the migrations (2: ``meta.codebook_json``), so older templates are not reused.
TEMPLATE_LAYOUT = 2
#: Set to 1, the program prints ``first paint <time.time()>`` when its first window is
#: painted, and quits: how benchmarks/startup.py and packaging/smoke.sh see a window open.
FIRST_PAINT_ENV = "ANNOTATOR_QUIT_AFTER_FIRST_PAINT"
#: the signals that end the window as closing it does (settings kept, demo folder removed)
QUIT_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGINT")
                     if hasattr(signal, n))


def default_db_path() -> Path:
    """Where ``annotator`` with no project used to go; the start screen lists it if it exists."""
    from platformdirs import user_data_dir
    return Path(user_data_dir("annotator")) / "project.db"


def make_demo_project(folder: Path, cache: Path | None = None) -> Path:
    """A throw-away project holding the sample corpus, for ``annotator --demo``.

    The corpus is imported once per version of Annotator, corpus and schema into
    a template in the user's cache folder (``cache``); later demos are copies of
    it, which spares every launch the import (and its readers' imports): half
    of the demo's time to its first painted window (benchmarks/startup.py).
    """
    from annotator.store.copying import copy_project_file

    path = folder / "demo.db"
    demo_dir = resources_path("demo")
    files = sorted(demo_dir.glob("*.txt")) if demo_dir.is_dir() else []
    if not files:
        raise ProjectError(f"{demo_dir}: the demo corpus is missing; reinstall Annotator")
    template = demo_template_path(files, cache)
    if template is not None and template.exists():
        try:
            return copy_project_file(template, path, journal="WAL")  # opened in WAL next
        except ProjectError:
            pass  # a damaged or half-deleted template: import the corpus as the first time
    from annotator.importing import import_paths
    with Store(path, coder=DEMO_CODER) as store:
        import_paths(store, [str(p) for p in files])
    if template is not None:
        try:
            template.parent.mkdir(parents=True, exist_ok=True)
            copy_project_file(path, template)
        except (ProjectError, OSError):
            pass  # no cache folder to write: the next demo imports again
    return path


def demo_template_path(files: list[Path], cache: Path | None = None) -> Path | None:
    """Where the demo's template is kept, named for what it was built from (None: no cache)."""
    from annotator.digest import sha1
    from annotator.migrations import known_migration_names
    if cache is None:  # Qt's answer, as platformdirs' on Linux and macOS (~6 ms less to import)
        from PySide6.QtCore import QStandardPaths
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
        if not base:
            return None
        cache = Path(base) / "annotator"
    digest = sha1(f"{__version__}|{','.join(known_migration_names())}|{TEMPLATE_LAYOUT}".encode())
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return cache / f"demo-{digest.hexdigest()[:16]}.db"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Annotator")
    app.setApplicationName("annotator")
    app.setApplicationDisplayName("Annotator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("annotator")  # matches resources/annotator.desktop (Wayland)
    app.setWindowIcon(QIcon(str(resources_path("icons/annotator.svg"))))
    if os.environ.get(FIRST_PAINT_ENV) == "1" and not hasattr(app, "_first_paint"):
        app._first_paint = FirstPaint(app)
        app.installEventFilter(app._first_paint)
    return app


class FirstPaint(QObject):
    """Says when a window is first painted, then closes every window as the coder would.

    Measuring start-up from outside needs a moment the program itself marks; a
    paint event of a top-level window is the first frame the coder could see.
    It watches the whole application until the window is built (a prompt or an
    error box may come first), then only that window (:func:`built_watched`).
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.seen = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (not self.seen and event.type() == QEvent.Type.Paint
                and getattr(watched, "isWindow", lambda: False)()):
            import time
            self.seen = True
            print(f"first paint {time.time():.6f} {type(watched).__name__}", flush=True)
            QTimer.singleShot(0, self.app.closeAllWindows)
        return False


def built_watched(app: QApplication, build):
    """``build()`` the window, with the first-paint probe (if on) watching only it.

    A Python event filter on the whole application has every event of every
    object converted to Python; an object of a class PySide6 has no wrapper
    for (a combo box's popup, the widget window) makes it create the Python
    class of every subclass of that object's base first, with their enums:
    about 150 classes a launch without the probe never creates, measured as
    start-up. The window's own events are all the probe needs.
    """
    probe = getattr(app, "_first_paint", None)
    if probe is None:
        return build()
    app.removeEventFilter(probe)
    try:
        window = build()
    except BaseException:
        app.installEventFilter(probe)
        raise
    window.installEventFilter(probe)
    return window


class QuitOnSignal:
    """SIGTERM (and SIGHUP, SIGINT) close the window as the coder would, then leave the loop.

    Python runs a signal handler only between bytecodes, never while Qt's
    event loop waits in C++, so the C-level handler's wake-up byte
    (``signal.set_wakeup_fd``) goes to a pipe that Qt watches (a socket pair on
    Windows, where the wake-up needs a socket; elsewhere a pipe spares the
    start-up the socket module); reading it gives Python its turn. Inside any
    event loop (the window's, or a dialog's such as the coder-name prompt) it
    closes every window and quits; outside one (building the demo) it raises
    SystemExit, so ``finally`` blocks still clean up.
    """

    def __init__(self, app: QApplication) -> None:
        self.app = app
        if sys.platform == "win32":
            import socket
            self._read, self._write = socket.socketpair()
            self._write.setblocking(False)
            self._read.setblocking(False)
            read_fd, write_fd = self._read.fileno(), self._write.fileno()
            self._recv = lambda: self._read.recv(64)
        else:
            read_fd, write_fd = os.pipe()
            os.set_blocking(read_fd, False)
            os.set_blocking(write_fd, False)
            self._read, self._write = open(read_fd, "rb", 0), open(write_fd, "wb", 0)
            self._recv = lambda: os.read(read_fd, 64)
        self._previous_fd = signal.set_wakeup_fd(write_fd)
        self._notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        self._previous = {n: signal.signal(n, self._handle) for n in QUIT_SIGNALS}

    def _drain(self) -> None:
        try:
            self._recv()
        except BlockingIOError:
            pass

    def _handle(self, signum, frame) -> None:
        if QThread.currentThread().loopLevel() == 0:
            raise SystemExit(128 + signum)
        self.app.closeAllWindows()  # a modal dialog too: its exec() returns
        self.app.quit()

    def restore(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()


def choose_coder(store: Store, settings: QSettings, given: str | None) -> str | None:
    """--coder, else the name remembered for this project, else ask."""
    from annotator.gui.place import project_key
    key = f"{project_key(store)}/coder"
    name = given or settings.value(key) or None
    if not name:
        from annotator.gui.dialogs.coder import ask_coder  # a dialog only when asking
        name = ask_coder(str(store.path), [c["name"] for c in store.coders()])
    if name:
        settings.setValue(key, name)
        settings.setValue(LAST_CODER_KEY, name)
    return name


def report_faults_in(window) -> None:
    """Show a failure of the project file that escaped a handler in the window's alert bar.

    Qt passes an exception raised in a slot to ``sys.excepthook``; a damaged
    page met while reading, say, must reach the coder, not only the terminal.
    """
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:
        if isinstance(exc, ProjectError) or is_fault(exc):
            text = str(exc) if isinstance(exc, ProjectError) else describe(window.store.path, exc)
            window.alert(text)
            print(f"error: {text}", file=sys.stderr)
            return
        previous(kind, exc, tb)

    sys.excepthook = hook


def run_window(db_path: str | Path | None = None, coder: str | None = None,
               demo: bool = False) -> int:
    """Open the annotation window on a project; return the exit status.

    With no display, one line on stderr and status 2, before Qt can abort.
    """
    problem = display_problem()
    if problem is not None:
        print(f"annotator: {problem}", file=sys.stderr)
        return 2
    app = application()
    quitting = QuitOnSignal(app)
    temp_dir = None
    try:
        if demo:
            temp_dir = Path(tempfile.mkdtemp(prefix=DEMO_FOLDER_PREFIX))
            try:
                db_path = make_demo_project(temp_dir)
            except ProjectError as exc:
                from PySide6.QtWidgets import QMessageBox  # only when it fails
                QMessageBox.critical(None, "Cannot open the demo", str(exc))
                return 2
            coder = coder or DEMO_CODER
        if db_path is None:
            return _start_screen(app)
        return _open_window(app, db_path, coder)
    finally:
        startup_gc.resume()  # a prompt cancelled, an error box: nothing painted, or all closed
        quitting.restore()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        for folder in DEMO_FOLDERS:  # demos opened from the start screen
            shutil.rmtree(folder, ignore_errors=True)
        DEMO_FOLDERS.clear()


def resume_gc_after_paint(window) -> None:
    """Turn the collector back on once ``window`` has painted (``annotator.startup_gc``)."""
    from annotator.gui.after_paint import AfterPaint
    AfterPaint(window).call(startup_gc.resume)


def _start_screen(app: QApplication) -> int:
    """No project named: the start screen, until the coder opens one (or closes it)."""
    from annotator.gui.start_screen import StartScreen
    screen = built_watched(app, lambda: StartScreen(QSettings(),
                                                     default_project=default_db_path()))
    screen.show()
    resume_gc_after_paint(screen)
    return app.exec()


def _open_window(app: QApplication, db_path, coder) -> int:
    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = open_store(path)
    except ProjectError as exc:
        from PySide6.QtWidgets import QMessageBox  # only when it fails
        QMessageBox.critical(None, "Cannot open project", str(exc))
        return 2
    try:
        settings = QSettings()
        name = choose_coder(store, settings, coder)
        if not name:
            print(f"{store.path}: not opened: a coder name is needed to code it "
                  "(or give one: annotator FILE --coder NAME)", file=sys.stderr)
            return 1
        store.set_coder(name)
        from annotator.gui.main_window import MainWindow
        window = built_watched(app, lambda: MainWindow(store, settings))
        report_faults_in(window)
        window.show()
        resume_gc_after_paint(window)
        return app.exec()
    finally:
        store.close()


#: Windows opened from File ▸ Open project… (kept alive until they close).
OPEN_WINDOWS: list = []
#: Demo folders made from the start screen, removed when their window or the program ends.
DEMO_FOLDERS: list[Path] = []


def open_project_window(path: str | Path, settings: QSettings, parent_window=None,
                        coder: str | None = None):
    """Another project in a window of its own, with its own Store; None if it cannot open.

    The window closes its Store when it closes. A file that is not a project, or a
    coder who cancels the name prompt, leaves everything as it was. ``coder``
    (New project…, the demo) skips the prompt.
    """
    from annotator.gui.main_window import MainWindow
    try:
        store = open_store(path, parent_window)
    except ProjectError as exc:
        from PySide6.QtWidgets import QMessageBox  # only when it fails
        QMessageBox.warning(parent_window, "Cannot open project", str(exc))
        return None
    name = choose_coder(store, settings, coder)
    if not name:
        store.close()
        return None
    store.set_coder(name)
    window = MainWindow(store, settings)
    window.owns_store = True
    OPEN_WINDOWS.append(window)
    window.destroyed.connect(lambda *_: OPEN_WINDOWS.remove(window)
                             if window in OPEN_WINDOWS else None)
    window.show()
    window.activateWindow()
    return window


def open_demo_window(settings: QSettings, parent_window=None):
    """A throw-away copy of the demo corpus in a window of its own; its folder goes with it."""
    folder = Path(tempfile.mkdtemp(prefix=DEMO_FOLDER_PREFIX))
    DEMO_FOLDERS.append(folder)
    try:
        path = make_demo_project(folder)
    except ProjectError as exc:
        from PySide6.QtWidgets import QMessageBox  # only when it fails
        QMessageBox.critical(parent_window, "Cannot open the demo", str(exc))
        return None
    window = open_project_window(path, settings, parent_window, coder=DEMO_CODER)
    if window is None:
        return None

    def remove(*_args) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        if folder in DEMO_FOLDERS:
            DEMO_FOLDERS.remove(folder)
    window.destroyed.connect(remove)
    return window


def main() -> None:
    import argparse  # not before the window's first paint: annotator-gui is mostly --demo or a file

    parser = argparse.ArgumentParser(prog="annotator-gui",
                                     description="Open the Annotator coding window.")
    parser.add_argument("--version", action="version", version=f"annotator-gui {__version__}")
    parser.add_argument("db", nargs="?",
                        help="project file (none: the start screen, with the recent projects)")
    parser.add_argument("--coder", help="your coder name (remembered per project)")
    parser.add_argument("--demo", action="store_true",
                        help="open a throw-away copy of the sample corpus")
    args = parser.parse_args()
    sys.exit(run_window(args.db, coder=args.coder, demo=args.demo))


if __name__ == "__main__":
    main()
