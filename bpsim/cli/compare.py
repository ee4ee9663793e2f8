"""``bpsim compare``: paired replications of two or more scenarios, with a report.

Prints a table of paired differences and writes, to a folder: the outcomes of
every run (Parquet and CSV), the differences (CSV), the weekly time series
(Parquet), the figures (PNG), ``provenance.json`` and ``report.html``
(`bpsim.comparison.write_report`, which a Python user calls the same way).

Nothing is overwritten without being asked: without ``--out`` each comparison gets
a new folder under ``results/compare/``, named from its scenarios, the language and
the time (``restricted-vs-open_en_20261201-213000``); an ``--out`` folder that
already holds a comparison is refused unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import math
import re
import shlex
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bpsim.cli import uncertainty
from bpsim.cli.common import WORKERS_HELP, workers_from, writable_dir
from bpsim.core.outcomes import OUTCOMES
from bpsim.core.scenario import load_scenario, parse_assignments
from bpsim.machinery import i18n
from bpsim.machinery.errors import UsageError
from bpsim.machinery.execution import DEFAULT_MAX_REPLICATIONS, check_local_workers

# The comparison machinery (pandas, scipy, the model) is imported once the request has been
# checked (with `bpsim.comparison.request`), so that `bpsim --help` and a refused input
# stay quick.
if TYPE_CHECKING:  # pragma: no cover
    from bpsim.comparison.paired import Comparison
    from bpsim.comparison.request import Precision


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``compare`` verb."""
    p = sub.add_parser(
        "compare",
        help="compare scenarios with paired replications and write a report",
        description="Run each scenario R times with common random numbers (replication i "
        "uses the same seed in every scenario) and compare every scenario with the first: "
        "means, paired differences with 95% intervals, effect sizes. With no scenarios, "
        "compares scenarios/restricted.toml with scenarios/open.toml.",
    )
    # Numbers are read as text and checked in `handle`, so a bad value gets one clear
    # line and exit code 2 like every other bad input.
    p.add_argument(
        "scenarios",
        nargs="*",
        metavar="SCENARIO",
        help="scenario files (TOML); the first is the reference",
    )
    p.add_argument(
        "--replications",
        "-r",
        default=None,
        metavar="R",
        help="replications per scenario, at least 2 (default 30)",
    )
    p.add_argument(
        "--workers",
        default=None,
        metavar="N",
        help=WORKERS_HELP,
    )
    # No defaults written here for these: --from must tell whether they were given.
    p.add_argument("--seed", default=None, metavar="S", help="base seed (default 0)")
    p.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="output folder (default: a new folder under results/compare named from the "
        "scenarios, language and time); a folder that already holds a comparison is "
        "refused unless --force",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into an --out folder even if it holds a comparison (overwrites it)",
    )
    p.add_argument(
        "--lang",
        default="en",
        metavar="en|nl",
        help="language of the table and report: en or nl (default en)",
    )
    p.add_argument(
        "--precision",
        action="append",
        default=[],
        metavar="X|NAME=X",
        help="add replications until intervals are narrow enough: X = half-width "
        "in standard deviations between runs, for every outcome; NAME=X = "
        "half-width in the outcome's own units (e.g. take_up=0.01); repeatable",
    )
    p.add_argument(
        "--max-replications",
        default=str(DEFAULT_MAX_REPLICATIONS),
        metavar="M",
        help=f"cap for --precision (default {DEFAULT_MAX_REPLICATIONS})",
    )
    p.add_argument(
        "--steps", default=None, metavar="WEEKS", help="weeks per run (default: the scenarios')"
    )
    p.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter in every scenario, e.g. --set n_households=500",
    )
    p.add_argument(
        "--from",
        dest="from_dir",
        default=None,
        metavar="DIR",
        help="run nothing: redraw the table, figures and report from the data an earlier "
        "comparison wrote to DIR (e.g. in the other language)",
    )
    uncertainty.add_arguments(p)
    p.set_defaults(handler=handle)


def _whole(text: str | None, flag: str, minimum: int) -> int | None:
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{flag} '{text}': not a whole number") from None
    if value < minimum:
        raise UsageError(f"{flag} '{text}': must be at least {minimum}")
    return value


def _precision(items: list[str]) -> Precision | None:
    from bpsim.comparison.request import Precision

    if not items:
        return None
    standardised = None
    absolute: dict[str, float] = {}
    for item in items:
        name, sep, number = item.rpartition("=")
        try:
            target = float(number)
            if not math.isfinite(target):
                raise ValueError
        except ValueError:
            raise UsageError(
                f"--precision '{item}': expected a number or NAME=NUMBER, e.g. 0.2 or take_up=0.01"
            ) from None
        if sep:
            if name not in OUTCOMES:
                raise UsageError(
                    f"--precision '{item}': unknown outcome '{name}'; allowed: "
                    + ", ".join(OUTCOMES)
                )
            absolute[name] = target
        else:
            standardised = target
    return Precision(standardised=standardised, absolute=absolute)


class _ProgressDisplay:
    """A rich progress bar with ETA, started on the first report of progress.

    Starting it lazily matters: its refresh thread must not exist yet when the
    comparison starts its worker processes (see `bpsim.machinery.execution.start_method`).
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.progress = None
        self.task = None
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        from rich.console import Console

        from bpsim.machinery.execution import progress_bar

        if self.progress is None:
            self.progress = progress_bar(console=Console(stderr=True))
            self.progress.start()
            self.task = self.progress.add_task(i18n.text("progress", self.lang, runs=total))
        elif total > self.total:
            self.progress.update(
                self.task, description=i18n.text("progress_more", self.lang, n=total)
            )
        self.total = total
        self.progress.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        """Stop the display (leaves its last state on screen)."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def handle(args: argparse.Namespace) -> int:
    """Check the input, run the comparison, print the table and write everything.

    Every check of the request comes before the comparison machinery is imported.
    """
    from bpsim.comparison.request import common_steps, default_scenario_files, unique_names

    lang = args.lang
    if lang not in i18n.LANGS:
        raise UsageError(f"--lang '{lang}': not available; allowed: {', '.join(i18n.LANGS)}")
    if args.from_dir is not None:
        return _redraw(args, lang)
    default_replications = "3" if args.uncertainty is not None else "30"
    replications = _whole(args.replications or default_replications, "--replications", 2)
    workers = check_local_workers(workers_from(args.workers))
    seed = _whole(args.seed or "0", "--seed", 0)
    steps = _whole(args.steps, "--steps", 1)
    precision = _precision(args.precision)
    cap = DEFAULT_MAX_REPLICATIONS
    if precision is not None:
        cap = _whole(args.max_replications, "--max-replications", replications)
    overrides = parse_assignments(args.assignments)
    paths = [Path(p) for p in args.scenarios] or default_scenario_files()
    if len(paths) < 2:
        raise UsageError(f"{len(paths)} scenario given; allowed: two or more to compare")
    # Load each file now so a bad one fails before any run, with its own message.
    loaded = [load_scenario(path, overrides) for path in paths]
    if steps is None:
        common_steps(unique_names(loaded), None)  # as `compare` will, before any run
    warn_identical(loaded, lang)
    names = [s.name for s in loaded]
    out = _output_folder(args, names, lang)
    if steps is not None:
        loaded = [sc.with_overrides({"steps": steps}) for sc in loaded]
    robust = uncertainty.prepare(args, loaded, replications, seed, workers, overrides, out, lang)

    # The request holds: only now the machinery that runs it (pandas, scipy, the model).
    from bpsim.comparison.paired import Interrupted, compare
    from bpsim.comparison.report import prepare, write_report

    display = _ProgressDisplay(lang)
    try:
        result = compare(
            paths,
            replications=replications,
            seed=seed,
            workers=workers,
            steps=steps,
            overrides=overrides,
            precision=precision,
            max_replications=cap,
            progress=display,
            uncertainty=None if robust is None else int(args.uncertainty),
            robust_options=robust,
            meanwhile=prepare,
        )
    except Interrupted as stop:
        display.stop()  # before the message, so the bar does not overwrite it
        print(
            f"bpsim compare: {i18n.text('interrupted', lang, done=stop.done, total=stop.total)}",
            file=sys.stderr,
        )
        return 130
    finally:
        display.stop()

    # Kept with the data, so a report redrawn with --from still shows it.
    result.provenance["command"] = _command(args, paths, replications, seed)
    print_table(result, lang)
    uncertainty.finish(result, out, lang)
    files = write_report(result, out, lang)
    listed = ", ".join(f.name for f in files if f.name != "report.html")
    print(i18n.text("term_wrote", lang, out=out, files=listed))
    print(i18n.text("term_report", lang, path=out / "report.html"))
    return 0


def warn_identical(scenarios: list, lang: str) -> list[tuple[str, str]]:
    """Warn (on stderr) about each pair of scenarios with identical parameters.

    Such a comparison runs, but can only find zero differences: almost always a
    wrong file or a forgotten change. Returns the pairs warned about.
    """
    pairs = [
        (a.name, b.name)
        for i, a in enumerate(scenarios)
        for b in scenarios[i + 1 :]
        # A timeline or an event is a difference too (a policy that starts later).
        if (a.params, a.timeline, a.events) == (b.params, b.timeline, b.events)
    ]
    for a, b in pairs:
        print(f"bpsim compare: {i18n.text('identical_scenarios', lang, a=a, b=b)}", file=sys.stderr)
    return pairs


def _redraw(args: argparse.Namespace, lang: str) -> int:
    """``--from DIR``: the table, figures and report again, from stored data."""
    from bpsim.comparison.request import check_stored

    run_options = {
        "SCENARIO": args.scenarios, "--replications": args.replications, "--seed": args.seed,
        "--workers": args.workers, "--steps": args.steps, "--set": args.assignments,
        "--precision": args.precision, "--uncertainty": args.uncertainty, "--vary": args.vary,
        "--resume": args.resume, "--dask": args.dask,
    }  # fmt: skip
    given = [flag for flag, value in run_options.items() if value]
    if given:
        raise UsageError(f"--from redraws stored results and runs nothing; drop {', '.join(given)}")
    source = Path(args.from_dir)
    check_stored(source)
    from bpsim.comparison.paired import load_comparison
    from bpsim.comparison.report import write_report

    result = load_comparison(source)
    result = replace(result, robust=uncertainty.stored(source))
    out = _output_folder(args, result.names, lang)
    print_table(result, lang)
    same = out.resolve() == source.resolve()
    files = write_report(result, out, lang, data=not same)
    listed = ", ".join(f.name for f in files if f.name != "report.html")
    print(i18n.text("term_wrote", lang, out=out, files=listed))
    print(i18n.text("term_report", lang, path=out / "report.html"))
    return 0


def print_table(result: Comparison, lang: str) -> None:
    """Print each comparison as a table, with a one-line verdict count."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        # Piped into a log or file: 80 columns would wrap every row of the table.
        console = Console(width=140)
    from bpsim.comparison.report import display_names

    styles = {"better": "green", "worse": "red", "unclear": "dim", "undefined": "dim"}
    shown = display_names(result, lang)
    for key in result.names[1:]:
        part = result.differences[result.differences["scenario_b"] == key]
        a, b = shown[result.names[0]], shown[key]
        title = i18n.text(
            "term_title",
            lang,
            a=i18n.quoted(a, lang),
            b=i18n.quoted(b, lang),
            n=result.replications,
            steps=result.steps,
        )
        table = Table(title=title, title_justify="left")
        table.add_column(i18n.text("col_outcome", lang))
        for heading in (a, b, i18n.text("col_difference", lang, a=a, b=b)):
            table.add_column(heading, justify="right")
        table.add_column(i18n.text("col_ci", lang), justify="right")
        table.add_column(i18n.text("col_effect", lang), justify="right")
        table.add_column(i18n.text("col_verdict", lang))
        for _, r in part.iterrows():
            verdict = r["verdict"]
            table.add_row(
                i18n.outcome_label(r["outcome"], lang),
                *i18n.difference_cells(r, lang),
                f"[{styles[verdict]}]{i18n.text(f'verdict_{verdict}', lang, a=a, b=b)}",
            )
        console.print(table)
        counts = part["verdict"].value_counts()
        console.print(
            i18n.text(
                "term_counts",
                lang,
                b=i18n.quoted(b, lang),
                better=int(counts.get("better", 0)),
                worse=int(counts.get("worse", 0)),
                unclear=int(counts.get("unclear", 0)),
                total=len(part),
            ),
            highlight=False,
        )
    status = result.precision
    if status is not None:
        if status.met:
            console.print(
                i18n.text("term_precision_met", lang, n=status.replications), highlight=False
            )
        else:
            console.print(
                i18n.text(
                    "term_precision_missed",
                    lang,
                    n=status.replications,
                    outcomes=", ".join(_unmet_label(u, lang) for u in status.unmet),
                ),
                style="yellow",
                highlight=False,
            )


#: Files whose presence means a folder already holds a comparison.
_MARKERS = ("report.html", "differences.csv", "replications.parquet", "provenance.json")


def _slug(name: str) -> str:
    # Scenario names become part of a folder name: keep it to safe characters.
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "scenario"


def _output_folder(args: argparse.Namespace, names: list[str], lang: str) -> Path:
    """The folder to write to.

    ``--out`` if given (refused if it already holds a comparison, unless
    ``--force``); otherwise a new folder per comparison under ``results/compare``.
    """
    if args.out is not None:
        out = Path(args.out)
        # A resumed robust comparison continues in its own folder.
        if not args.force and not getattr(args, "resume", False) and out.is_dir():
            found = next((m for m in _MARKERS if (out / m).exists()), None)
            if found:
                raise UsageError(i18n.text("term_out_exists", "en", out=out, file=found))
        return writable_dir(out)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    stem = "-vs-".join(_slug(n) for n in names)[:120]
    base = Path("results") / "compare" / f"{stem}_{lang}_{stamp}"
    out, k = base, 1
    while out.exists():  # two comparisons in the same second
        k += 1
        out = base.with_name(f"{base.name}-{k}")
    return writable_dir(out)


def _unmet_label(unmet: str, lang: str) -> str:
    scenario, _, outcome = unmet.partition(": ")
    return f"{i18n.outcome_label(outcome, lang)} ({i18n.quoted(scenario, lang)})"


def _command(args: argparse.Namespace, paths: list[Path], replications: int, seed: int) -> str:
    """The command that reproduces this comparison (defaults written out)."""
    parts = ["bpsim", "compare", *(str(p) for p in paths)]
    parts += ["--replications", str(replications), "--seed", str(seed)]
    if args.steps is not None:
        parts += ["--steps", str(args.steps)]
    for item in args.assignments:
        parts += ["--set", item]
    for item in args.precision:
        parts += ["--precision", item]
    if args.precision:
        parts += ["--max-replications", str(args.max_replications)]
    if args.uncertainty is not None:
        parts += ["--uncertainty", str(args.uncertainty)]
        for item in args.vary:
            parts += ["--vary", item]
    return shlex.join(parts)
