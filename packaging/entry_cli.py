"""The bundle's ``annotator``: the command line (and the window, as ``annotator [DB]``)."""

from annotator.launch import main

if __name__ == "__main__":
    main()
