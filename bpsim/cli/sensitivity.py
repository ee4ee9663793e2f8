"""``bpsim sensitivity``: Sobol or Morris indices of a stored sweep, or the cost of a design."""

from __future__ import annotations

import argparse
from pathlib import Path

from bpsim.cli.common import finite_float, writable_dir
from bpsim.machinery.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sensitivity`` verb."""
    p = sub.add_parser(
        "sensitivity",
        help="SALib sensitivity indices of a Sobol or Morris sweep (or a design's cost)",
        description="Given a results folder of a Sobol or Morris sweep: compute the "
        "sensitivity indices with bootstrap intervals, write a table and a figure. Given "
        "an experiment file: print how many runs its design costs, without running it.",
    )
    p.add_argument("target", help="results folder, or an experiment file (TOML)")
    p.add_argument("--out", default=None, help="report folder (default FOLDER/report)")
    p.add_argument(
        "--confidence", type=finite_float, default=0.95, help="confidence level (default 0.95)"
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print a design's cost, or compute and draw the indices."""
    from bpsim.experiment.analyse import markdown_table
    from bpsim.machinery.store import Store

    target = Path(args.target)
    if target.is_file():
        from bpsim.cli.sweep import describe_plan
        from bpsim.experiment.design import make_plan
        from bpsim.experiment.spec import load_experiment

        exp = load_experiment(target)
        for line in describe_plan(make_plan(exp), None):
            print(line)
        print(f"run it with: bpsim sweep {target} --out results/{exp.name} --workers N")
        return 0
    if not 0.5 <= args.confidence < 1.0:
        raise UsageError(f"--confidence {args.confidence}: allowed: from 0.5 to below 1")
    from bpsim.experiment.sensitivity import pairs_table, sensitivity

    store = Store.open(target)
    kind = store.experiment["kind"]
    if kind not in ("sobol", "morris"):
        raise UsageError(
            f"'{target}' holds a {kind} sweep; sensitivity indices need a sobol or morris design"
        )
    out = writable_dir(Path(args.out) if args.out else store.root / "report")
    result = sensitivity(store, store.table(), out, args.confidence)
    for note in result.notes:
        print(f"  note: {note}")
    if result.summary is not None:
        print(markdown_table(result.summary))
    interactions = pairs_table(result.pairs, top=5)
    if interactions is not None:
        print("strongest interactions (second-order Sobol indices):")
        print(markdown_table(interactions))
    n = result.indices["outcome"].nunique() if len(result.indices) else 0
    written = ", ".join(str(p) for p in [*result.tables.values(), *result.figures])
    print(f"bpsim sensitivity: {kind} indices of {n} outcomes -> {written}")
    return 0
