"""The command line: ``bpsim VERB ...``, a thin face over the public API.

Each verb lives in its own module under `bpsim.commands` and registers itself with
`register(subparsers)`; its handler returns an exit code. Bad input (a
`ScenarioError` or `UsageError`) prints one clear line and exits with code 2, never
a traceback; Ctrl-C exits with 130.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys

from bpsim.errors import UsageError
from bpsim.scenario import ScenarioError

#: Modules under bpsim.commands that add verbs, in the order `bpsim --help` lists them.
COMMAND_MODULES = (
    "run",
    "bench",
    "compare",
    "sweep",
    "merge",
    "analyse",
    "sensitivity",
    "validate",
    "odd",
    "dashboard",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one clear line (and exit code 2), not usage plus error."""

    def error(self, message: str):  # noqa: D102 - argparse's own hook
        self.exit(2, f"{self.prog}: error: {message}{_did_you_mean(message)} "
                     f"(see '{self.prog} --help')\n")  # fmt: skip


def _did_you_mean(message: str) -> str:
    """``; did you mean 'compare'?`` for argparse's "invalid choice" of a misspelt verb."""
    from bpsim.scenario import suggest

    found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not found:
        return ""
    choices = re.findall(r"'([^']*)'", found.group(2)) or found.group(2).split(", ")
    close = suggest(found.group(1), choices)
    return f"; did you mean '{close}'?" if close else ""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every verb."""
    from bpsim import __version__

    parser = _Parser(
        prog="bpsim",
        description="bpsim: a policy simulator of best persons in Dutch problem neighbourhoods.",
    )
    parser.add_argument("--version", action="version", version=f"bpsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="VERB", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"bpsim.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (ScenarioError, UsageError) as err:
        print(f"bpsim {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nbpsim {args.command}: interrupted", file=sys.stderr)
        return 130


def entry() -> None:  # pragma: no cover - console script
    """Console-script entry point."""
    sys.exit(main())
