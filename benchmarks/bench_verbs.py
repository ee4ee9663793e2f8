"""How long the verbs an advisor waits for take: `bpsim compare` and `bpsim validate --quick`.

Each is run as the real command in a fresh process (`uv run bpsim ...` is the same with
uv's own start-up on top), its output sent to a temporary folder, and timed end to end.
`bpsim compare` with no arguments is the default comparison (restricted against open,
30 replications each, 2,000 households, 260 weeks, on every core); its provenance says
how long the runs took (``seconds``), so the report also shows what came before and after
them (start-up and imports, the tables, figures and report).

Targets (issue "Ten times Mesa"): the default `bpsim compare` within 10 s and
`bpsim validate --quick` within 60 s. The best of `--repeat` measurements counts: the
first run after a kernel module is edited also compiles the kernels (about 45 s), which
no advisor's second command pays. For the same reason bpsim's own sources are
byte-compiled first (``compileall``), as Python does by itself at a first import unless
``PYTHONDONTWRITEBYTECODE`` is set (as it is on these machines: there every command would
compile bpsim's 21,000 lines again).

Usage::

    uv run python benchmarks/bench_verbs.py --repeat 3
    uv run python benchmarks/bench_verbs.py --only compare --check
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Seconds each verb should take at most.
TARGETS = {"compare": 10.0, "validate --quick": 60.0}


def time_verb(verb: str, out: Path) -> tuple[float, float | None]:
    """Wall seconds of one run of `verb` in a fresh process, and its runs' seconds if known.

    Raises:
        RuntimeError: If the command fails.
    """
    args = {
        "compare": ["compare", "--out", str(out / "compare"), "--force"],
        "validate --quick": ["validate", "--quick", "--out", str(out / "validation")],
    }[verb]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bpsim", *args], cwd=REPO, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"bpsim {verb} exited {done.returncode}: {done.stderr[-500:]}")
    runs = None
    if verb == "compare":
        provenance = json.loads((out / "compare" / "provenance.json").read_text())
        runs = float(provenance["seconds"])
    return seconds, runs


def main(argv: list[str] | None = None) -> int:
    """Time the verbs and print each against its target; 1 with --check if one is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="measurements per verb (best counts)")
    parser.add_argument("--only", choices=sorted(TARGETS), help="time this verb only")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "bpsim")],
        check=True, capture_output=True,
    )  # fmt: skip
    missed = []
    for verb in [args.only] if args.only else list(TARGETS):
        measured = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="bpsim-bench-") as tmp:
                measured.append(time_verb(verb, Path(tmp)))
        seconds, runs = min(measured)
        target = TARGETS[verb]
        verdict = "met" if seconds <= target else "missed"
        if verdict == "missed":
            missed.append(verb)
        all_of = ", ".join(f"{s:.1f}" for s, _ in measured)
        line = f"bpsim {verb}: {seconds:.1f} s (of {all_of}); target {target:.0f} s: {verdict}"
        if runs is not None:
            line += (
                f"; runs {runs:.1f} s, the rest (start-up, imports, report) {seconds - runs:.1f} s"
            )
        print(line, flush=True)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
