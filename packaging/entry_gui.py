"""The bundle's ``annotator-gui``: the window with no console (Windows, macOS app)."""

from annotator.launch import gui_main as main

if __name__ == "__main__":
    main()
