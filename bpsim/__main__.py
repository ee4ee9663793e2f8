"""``python -m bpsim``: the command line."""

from bpsim.cli import entry

entry()
