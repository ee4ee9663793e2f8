"""``bpsim odd``: regenerate the parameter and constants tables in docs/ODD.md.

The tables are generated from the code (`bpsim.odd`), so they stay true while
defaults are tuned. ``--check`` changes nothing and exits 1 if the document's
tables are stale (for CI and tests).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bpsim.errors import UsageError
from bpsim.odd import ODD_PATH, render_into


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``odd`` verb."""
    p = sub.add_parser(
        "odd",
        help="regenerate the parameter and constants tables in docs/ODD.md",
        description="Rewrite the generated tables of the ODD document (between its "
        "'<!-- parameters:start/end -->' and '<!-- constants:start/end -->' markers) "
        "from the code, or with --check only report whether they are stale.",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if the generated tables are out of date",
    )
    p.add_argument(
        "--path",
        type=Path,
        default=ODD_PATH,
        help="the ODD document (default: docs/ODD.md of this checkout)",
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Regenerate or check the tables; returns the exit code."""
    path: Path = args.path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"--path '{path}' does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"--path '{path}' cannot be read: {err}") from None
    try:
        fresh = render_into(text)
    except ValueError as err:
        raise UsageError(f"--path '{path}': {err}") from None
    if fresh == text:
        print(f"bpsim odd: {path}: generated tables are up to date")
        return 0
    if args.check:
        print(f"bpsim odd: {path}: generated tables are stale; run 'bpsim odd' to update them")
        return 1
    path.write_text(fresh, encoding="utf-8")
    print(f"bpsim odd: {path}: generated tables rewritten")
    return 0
