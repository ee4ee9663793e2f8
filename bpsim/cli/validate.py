"""``bpsim validate``: reproduce the research's patterns P1-P11 and say how sure.

Exit code 0 when every check passes, 1 when any fails (so CI can gate on it),
2 for bad input.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from bpsim.cli.common import WORKERS_HELP, workers_from, writable_dir
from bpsim.machinery.cost import confirm, estimate
from bpsim.machinery.errors import UsageError
from bpsim.machinery.execution import check_local_workers

#: Replications per arm: full run and --quick.
FULL_REPLICATIONS = 30
QUICK_REPLICATIONS = 10
ROBUSTNESS_REPLICATIONS = 4
ODD_START = "<!-- validation:start -->"
ODD_END = "<!-- validation:end -->"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``validate`` verb."""
    p = sub.add_parser(
        "validate",
        help="check that the model reproduces the research's patterns (P1-P11)",
        description="Run each pattern's experiment with common random numbers, measure "
        "the effect with a 95% interval, and write a validation report (Markdown, HTML, "
        "JSON, figures). Exit code 1 if any check fails.",
    )
    p.add_argument("--quick", action="store_true",
                   help=f"cut-down run for CI: {QUICK_REPLICATIONS} replications, "
                   "no robustness table")  # fmt: skip
    p.add_argument("--out", default="results/validation", help="output folder")
    p.add_argument("--scenario", default="scenarios/baseline.toml", help="baseline scenario")
    p.add_argument("--replications", type=int, default=None,
                   help=f"replications per arm (default {FULL_REPLICATIONS}, "
                   f"{QUICK_REPLICATIONS} with --quick)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    p.add_argument("--workers", default=None, metavar="N", help=WORKERS_HELP)
    p.add_argument("--check", action="append", default=[], metavar="ID",
                   help="run only this check, e.g. --check P4 (repeatable)")  # fmt: skip
    p.add_argument("--no-robustness", action="store_true", help="skip the robustness table")
    p.add_argument(
        "--yes",
        action="store_true",
        help="start even if the estimated time is long, without asking",
    )
    p.add_argument("--update-odd", action="store_true",
                   help="write the summary into docs/ODD.md and keep the report in "
                   "docs/validation/")  # fmt: skip
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the checks, write the report, return 0 if all pass."""
    from bpsim.core.scenario import load_scenario
    from bpsim.validation import report
    from bpsim.validation.checks import CHECKS, CHECKS_BY_ID
    from bpsim.validation.robustness import robustness
    from bpsim.validation.runner import run_checks

    reps = args.replications
    if reps is None:  # only a missing option takes the default: 0 is refused below
        reps = QUICK_REPLICATIONS if args.quick else FULL_REPLICATIONS
    if reps < 2:
        raise UsageError(f"--replications {reps}: allowed: 2 or more")
    if args.seed < 0:
        raise UsageError(f"--seed {args.seed}: allowed: 0 or more")
    workers = check_local_workers(workers_from(args.workers))
    unknown = [c for c in args.check if c.upper() not in CHECKS_BY_ID]
    if unknown:
        raise UsageError(f"--check {unknown[0]}: allowed: {', '.join(CHECKS_BY_ID)}")
    checks = tuple(CHECKS_BY_ID[c.upper()] for c in args.check) or CHECKS
    base = load_scenario(args.scenario)
    out = writable_dir(args.out)
    robust = not (args.quick or args.no_robustness)
    runs = validation_runs(checks, reps, robust)
    confirm("validation", estimate(runs, base["n_households"], base["steps"], workers), args.yes)
    t0 = time.perf_counter()
    v = run_checks(base, checks, reps, seed=args.seed, workers=workers, show_progress=True)
    rows = None
    if robust:
        rows = robustness(
            base, checks, replications=ROBUSTNESS_REPLICATIONS, seed=args.seed,
            workers=workers, show_progress=True,
        )  # fmt: skip
    paths = report.write(v, out, rows)
    for res in v.results:
        marks = " ".join("pass" if r.passed else "FAIL" for r in res.results)
        state = "PASS" if res.passed else ("KNOWN" if res.check.known_failure else "FAIL")
        print(f"{res.check.id:<4} {state}  ({marks})  {res.check.title}")
        if res.check.known_failure and not res.passed:
            print(f"      known failure: {res.check.known_failure}")
    passed = sum(r.passed for r in v.results)
    print(
        f"{passed} of {len(v.results)} checks pass; {reps} replications per arm; "
        f"{time.perf_counter() - t0:.0f} s; report: {paths[1]}"
    )
    if args.update_odd:
        _update_odd(Path("docs/ODD.md"), report.summary_markdown(v), paths)
    return 0 if v.passed else 1


def validation_runs(checks, replications: int, robust: bool) -> int:
    """Runs a validation makes: each arm the checks need, and the robustness table's."""
    from bpsim.validation.checks import arms_needed
    from bpsim.validation.robustness import PLAUSIBLE

    runs = len(arms_needed(checks)) * replications
    if robust:
        for name in PLAUSIBLE:
            applicable = tuple(c for c in checks if name not in c.levers)
            runs += 2 * len(arms_needed(applicable)) * ROBUSTNESS_REPLICATIONS
    return runs


def _update_odd(odd: Path, summary: str, paths: list[Path]) -> None:
    text = odd.read_text(encoding="utf-8") if odd.exists() else ""
    if ODD_START not in text or ODD_END not in text:
        raise UsageError(f"{odd} has no '{ODD_START}' ... '{ODD_END}' markers to write into")
    block = f"{ODD_START}\n{summary}\n{ODD_END}"
    pattern = re.escape(ODD_START) + r".*?" + re.escape(ODD_END)
    odd.write_text(re.sub(pattern, lambda _: block, text, flags=re.S), encoding="utf-8")
    keep = Path("docs/validation")
    keep.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (keep / path.name).write_bytes(path.read_bytes())
    print(f"updated {odd} and {keep}/")
