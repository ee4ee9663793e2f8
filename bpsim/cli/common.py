"""Helpers shared by CLI verbs: output folders, numeric options and scenario arguments."""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from bpsim.core.scenario import Scenario, load_scenario, parse_assignments
from bpsim.machinery.errors import UsageError

#: One rule for ``--workers`` in every verb that runs many simulations (compare, sweep,
#: validate): all cores this process may use unless told otherwise; 1 = no extra processes.
WORKERS_HELP = "worker processes (default: all cores; 1 = run in this process)"


def workers_from(value: int | str | None) -> int:
    """``--workers`` as given, or the default of every verb: all cores this process may use.

    Raises:
        UsageError: If it is not a whole number of at least 1.
    """
    from bpsim.machinery.execution import cpu_count

    if value is None:
        return cpu_count()
    try:
        workers = int(value)
    except ValueError:
        raise UsageError(f"--workers '{value}': not a whole number") from None
    if workers < 1:
        raise UsageError(f"--workers '{value}': must be at least 1")
    return workers


def writable_dir(path: str | Path) -> Path:
    """Create `path` if needed and check it can be written to.

    Raises:
        UsageError: If it is a file, cannot be created, or is not writable.
    """
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out '{out}' is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"--out '{out}' cannot be created: {err.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"--out '{out}' is not writable")
    probe = out / ".bpsim-write-test"
    try:
        probe.write_text("")
        probe.unlink()
    except OSError as err:
        raise UsageError(f"--out '{out}' is not writable: {err.strerror}") from None
    return out


def finite_float(text: str) -> float:
    """An argparse type: a finite number (``nan`` and ``inf`` are refused, exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not allowed; allowed: a finite number")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not allowed; allowed: 1 or more")
    return value


def scenario_from_args(path: str, assignments: list[str] | None) -> Scenario:
    """Load a scenario file and apply ``--set NAME=VALUE`` overrides (validated)."""
    overrides = parse_assignments(assignments or [])
    return load_scenario(path, overrides)
