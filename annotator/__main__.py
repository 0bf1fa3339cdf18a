"""``python -m annotator`` runs the command line, as the ``annotator`` script does."""

from annotator.launch import main

if __name__ == "__main__":
    main()
