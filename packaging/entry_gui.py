"""The bundle's ``annotator-gui``: the window with no console (Windows, macOS app)."""

from annotator.gui.app import main

if __name__ == "__main__":
    main()
