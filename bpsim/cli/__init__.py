"""The command line: ``bpsim VERB ...``, a thin face over the public API.

Each verb lives in its own module under `bpsim.cli` and registers itself with
`register(subparsers)`; its handler returns an exit code. `main` is the one error
boundary of every verb: bad input (a `ScenarioError` or `UsageError`) and the
failures a user can cause and fix — input nested too deeply (`RecursionError`), a
file or folder that cannot be read or written, a full disk (`OSError`), too little
memory — print one clear line and exit with code 2, never a traceback; Ctrl-C
exits with 130. Anything else is a bug in bpsim and keeps its traceback.
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import re
import signal
import sys
import threading

from bpsim.core.scenario import ScenarioError
from bpsim.machinery.errors import UsageError

#: Modules under bpsim.cli that add verbs, in the order `bpsim --help` lists them.
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
    from bpsim.core.scenario import suggest

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
        importlib.import_module(f"bpsim.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # A batch scheduler (or `kill`) ends a job with SIGTERM: every verb stops as on
    # Ctrl-C, so finished runs are stored and worker processes are ended, not orphaned.
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if in_main else None
    try:
        return int(args.handler(args) or 0)
    except (ScenarioError, UsageError) as err:
        print(f"bpsim {args.command}: error: {err}", file=sys.stderr)
        return 2
    except RecursionError:
        print(
            f"bpsim {args.command}: error: the input is nested too deeply to read (a value "
            "inside lists or tables many levels deep, or a very long chain of files); "
            "allowed: the flat layout of docs/ODD.md and docs/sweeps.md",
            file=sys.stderr,
        )
        return 2
    except OSError as err:
        print(f"bpsim {args.command}: error: {os_error_line(err)}", file=sys.stderr)
        return 2
    except MemoryError:
        print(
            f"bpsim {args.command}: error: not enough memory; use fewer households, "
            "replications or workers",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print(f"\nbpsim {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


def _terminated(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise KeyboardInterrupt


def os_error_line(err: OSError) -> str:
    """A file-system error as one line: what went wrong, with which file, what to do."""
    where = f" '{err.filename}'" if err.filename else ""
    if err.errno == errno.ENOSPC:
        return f"the disk is full (writing{where}); free space and run the command again"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write or read{where}; choose a folder you can write to (--out)"
    if err.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return f"{err.strerror.lower()}:{where}; a file stands where a folder is needed, or back"
    return f"{err.strerror or type(err).__name__}{':' + where if where else ''}"


def entry() -> None:  # pragma: no cover - console script
    """Console-script entry point."""
    code = main()
    # The process ends now: the collection Python makes at exit would walk every object
    # the verb made (after a comparison, pandas', matplotlib's and the runs'), about
    # 0.4 s for nothing; frozen objects are left out of it. Nothing runs after this.
    gc.freeze()
    sys.exit(code)
