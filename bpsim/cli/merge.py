"""``bpsim merge``: join the results folders of a sharded sweep into one."""

from __future__ import annotations

import argparse
from collections import Counter

from bpsim.cli.common import writable_dir


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``merge`` verb."""
    p = sub.add_parser(
        "merge",
        help="join the results folders of a sharded sweep (--shard I/N) into one",
        description="Join results folders of one sweep (e.g. one per --shard of a job array) "
        "into a new folder that bpsim analyse reads, and that bpsim sweep --resume can "
        "complete.",
    )
    p.add_argument("folders", nargs="+", help="results folders, e.g. results/x/shard-*")
    p.add_argument("--out", required=True, help="new results folder")
    p.add_argument("--partial", action="store_true", help="merge even if some shards are not there")
    p.add_argument(
        "--allow-code-change", action="store_true",
        help="merge shards run by different model code (each run keeps its code's hash)",
    )  # fmt: skip
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Merge and print what the merged store holds."""
    from bpsim.machinery.store import FAILED, OK, merge

    out = writable_dir(args.out)
    store = merge(args.folders, out, partial=args.partial, allow_code_change=args.allow_code_change)
    status = store.status()
    design_ids = set(store.design()["run_id"])
    counts = Counter(status.get(rid, "missing") for rid in design_ids)
    print(
        f"bpsim merge: {len(args.folders)} folders -> {out}: {counts[OK]:,} ok, "
        f"{counts[FAILED]:,} failed, {counts['missing']:,} missing of {len(design_ids):,} runs"
    )
    codes = store.provenance.get("code_sha256_mixed")
    if codes:
        print(
            f"  note: runs of {len(codes)} model-code versions, mixed with --allow-code-change; "
            "each run's code_sha256 column says which"
        )
    return 0 if counts["missing"] == 0 else 1
