"""``bpsim analyse``: tables, figures and a report from a sweep's stored results."""

from __future__ import annotations

import argparse

from bpsim.cli.common import finite_float, writable_dir
from bpsim.machinery import i18n
from bpsim.machinery.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``analyse`` verb (alias ``analyze``)."""
    p = sub.add_parser(
        "analyse",
        aliases=["analyze"],
        help="tables, figures and a report from stored sweep results (no re-running)",
        description="Draw each outcome against each factor with confidence bands, the "
        "headline heatmap (open minus restricted, paired by replication) and, for Sobol "
        "or Morris sweeps, sensitivity indices; write report.html (in --lang, figures "
        "embedded) and report.md. Reads only the stored results.",
    )
    p.add_argument("folder", help="results folder of bpsim sweep (or bpsim merge)")
    p.add_argument("--out", default=None, help="report folder (default FOLDER/report)")
    p.add_argument(
        "--confidence", type=finite_float, default=0.95, help="confidence level (default 0.95)"
    )
    p.add_argument(
        "--lang", default="en", metavar="en|nl",
        help="language of the figures and report.html: en or nl (default en)",
    )  # fmt: skip
    p.add_argument(
        "--check-headline", action="store_true",
        help="exit 1 unless the experiment's [headline] finding holds",
    )  # fmt: skip
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Analyse, print the headline, and check it if asked."""
    from bpsim.experiment.analyse import analyse
    from bpsim.machinery.store import Store

    if not 0.5 <= args.confidence < 1.0:
        raise UsageError(f"--confidence {args.confidence}: allowed: from 0.5 to below 1")
    if args.lang not in i18n.LANGS:
        raise UsageError(f"--lang '{args.lang}': not available; allowed: {', '.join(i18n.LANGS)}")
    store = Store.open(args.folder)
    if args.check_headline and not store.experiment.get("headline"):
        raise UsageError(
            f"--check-headline: experiment '{store.experiment['name']}' has no [headline] section"
        )
    # Checked before any drawing: a report folder that is a file or cannot be written
    # (a read-only store, say) is one line, not a traceback halfway through.
    out = writable_dir(args.out if args.out is not None else store.root / "report")
    result = analyse(args.folder, out, args.confidence, args.lang)
    c = result.counts
    print(
        f"bpsim analyse: {c['ok']:,} runs ({c['failed']:,} failed, {c['missing']:,} missing); "
        f"{len(result.figures)} figures, {len(result.tables)} tables; report {result.html} "
        f"(and {result.report.name})"
    )
    for note in result.notes:
        print(f"  note: {note}")
    if result.headline is not None:
        print(f"  expected: {result.headline.statement}")
        for line in result.headline.lines():
            print(f"  {line}")
    if args.check_headline:
        if result.headline is None or not result.headline.holds:
            print("bpsim analyse: headline check FAILED")
            return 1
        print("bpsim analyse: headline check passed")
    return 0
