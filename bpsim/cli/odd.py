"""``bpsim odd``: regenerate the tables in docs/ODD.md and the typed parameters module.

The tables and `bpsim/core/parameters.py` are generated from the code (`bpsim.machinery.odd`), so
they stay true while parameters are added and defaults tuned. ``--check`` changes
nothing and exits 1 if either is stale (for CI and tests).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bpsim.machinery.errors import UsageError
from bpsim.machinery.odd import ODD_PATH, PARAMETERS_MODULE_PATH, parameters_module, render_into


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``odd`` verb."""
    p = sub.add_parser(
        "odd",
        help="regenerate the parameter and constants tables in docs/ODD.md "
        "and the typed parameters module",
        description="Rewrite the generated tables of the ODD document (between its "
        "'<!-- parameters:start/end -->' and '<!-- constants:start/end -->' markers) "
        "and the typed parameters module (bpsim/core/parameters.py) from the code, or with "
        "--check only report whether they are stale.",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if the generated tables or module are out of date",
    )
    p.add_argument(
        "--path",
        type=Path,
        default=ODD_PATH,
        help="the ODD document (default: docs/ODD.md of this checkout)",
    )
    p.add_argument(
        "--module",
        type=Path,
        default=PARAMETERS_MODULE_PATH,
        help="the typed parameters module (default: bpsim/core/parameters.py of this package)",
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Regenerate or check the tables and the parameters module; returns the exit code."""
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
    module: Path = args.module
    try:
        old_module = module.read_text(encoding="utf-8")
    except FileNotFoundError:
        old_module = None  # a missing module is stale: it is written (or reported)
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"--module '{module}' cannot be read: {err}") from None
    new_module = parameters_module()
    stale = [(path, fresh, "generated tables")] if fresh != text else []
    if new_module != old_module:
        stale.append((module, new_module, "generated parameters module"))
    if not stale:
        print(f"bpsim odd: {path}: generated tables are up to date")
        print(f"bpsim odd: {module}: generated parameters module is up to date")
        return 0
    if args.check:
        for where, _, what in stale:
            print(f"bpsim odd: {where}: {what} is stale; run 'bpsim odd' to update it")
        return 1
    for where, content, what in stale:
        try:
            where.write_text(content, encoding="utf-8")
        except OSError as err:
            raise UsageError(f"'{where}' cannot be written: {err}") from None
        print(f"bpsim odd: {where}: {what} rewritten")
    return 0
