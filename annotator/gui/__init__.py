"""The Qt window: the only package that imports PySide6 (checked by import-linter)."""

from annotator.gui.pyside_startup import skip_source_scan

skip_source_scan()  # before the window's modules are imported (pyside_startup)
