"""Starting the window: which project, which coder, the demo corpus.

``run_window`` is what ``annotator [DB]`` / ``annotator --demo`` call;
``main`` is the ``annotator-gui`` entry point. The coder's name is asked once
per project and remembered in QSettings (a setting, not project data).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.codebook import resources_path
from annotator.store import ProjectError, Store
from annotator.store.errors import describe, is_fault

DEMO_CODER = "demo"


def default_db_path() -> Path:
    """The project opened when none is named: in the user's data directory."""
    from platformdirs import user_data_dir
    return Path(user_data_dir("annotator")) / "project.db"


def make_demo_project(folder: Path) -> Path:
    """A throw-away project holding the sample corpus, for ``annotator --demo``."""
    from annotator.importing import import_paths

    path = folder / "demo.db"
    demo_dir = resources_path("demo")
    files = sorted(str(p) for p in demo_dir.glob("*.txt")) if demo_dir.is_dir() else []
    if not files:
        raise ProjectError(f"{demo_dir}: the demo corpus is missing; reinstall Annotator")
    with Store(path, coder=DEMO_CODER) as store:
        import_paths(store, files)
    return path


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Annotator")
    app.setApplicationName("annotator")
    app.setApplicationDisplayName("Annotator")
    return app


def choose_coder(store: Store, settings: QSettings, given: str | None) -> str | None:
    """--coder, else the name remembered for this project, else ask."""
    from annotator.gui.dialogs.coder import ask_coder
    from annotator.gui.main_window import project_key
    key = f"{project_key(store)}/coder"
    name = given or settings.value(key) or None
    if not name:
        name = ask_coder(str(store.path), [c["name"] for c in store.coders()])
    if name:
        settings.setValue(key, name)
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
    """Open the annotation window on a project; return the exit status."""
    app = application()
    temp_dir = None
    if demo:
        temp_dir = Path(tempfile.mkdtemp(prefix="annotator-demo-"))
        try:
            db_path = make_demo_project(temp_dir)
        except ProjectError as exc:
            QMessageBox.critical(None, "Cannot open the demo", str(exc))
            shutil.rmtree(temp_dir, ignore_errors=True)
            return 2
        coder = coder or DEMO_CODER
    path = Path(db_path) if db_path else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = Store(path)
    except ProjectError as exc:
        QMessageBox.critical(None, "Cannot open project", str(exc))
        return 2
    try:
        settings = QSettings()
        name = choose_coder(store, settings, coder)
        if not name:
            return 1
        store.set_coder(name)
        from annotator.gui.main_window import MainWindow
        window = MainWindow(store, settings)
        report_faults_in(window)
        window.show()
        return app.exec()
    finally:
        store.close()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="annotator-gui",
                                     description="Open the Annotator coding window.")
    parser.add_argument("db", nargs="?", help="project file (default: in your data folder)")
    parser.add_argument("--coder", help="your coder name (remembered per project)")
    parser.add_argument("--demo", action="store_true",
                        help="open a throw-away copy of the sample corpus")
    args = parser.parse_args()
    sys.exit(run_window(args.db, coder=args.coder, demo=args.demo))


if __name__ == "__main__":
    main()
