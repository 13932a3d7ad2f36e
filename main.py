"""Start the RecLab desktop app: ``python main.py [ratings file or folder]``."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
