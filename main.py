"""MUPRAS claims assistant: read the settings, pick the mode, start (see `python main.py -h`)."""

import sys

from bot.cli import run

if __name__ == "__main__":
    sys.exit(run())
