"""Tables, figures and a report from a sweep's stored results, without re-running anything.

- Each outcome against each factor, with 95% confidence bands. In a grid the band at
  a level comes from the replications: each replication's mean over the other
  factors' levels, then a t-interval over replications (replications are the
  independent units; runs within one share their seed). A sampled design (LHS,
  Sobol, Morris) is binned by quantiles of the factor instead.
- For an experiment with a ``[headline]``: the open-minus-restricted difference (the
  contrast factor's highest level minus its lowest, paired by replication with
  `bpsim.machinery.stats.paired_difference`) at every level of the other factor, as a table
  and a heatmap, and whether the headline holds.
- A Markdown report linking the figures, for people who do not read Parquet, and a
  self-contained HTML report in English or Dutch (`bpsim.experiment.report_html`):
  labels instead of raw names, numbers as the language writes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bpsim.core.names import file_stem
from bpsim.core.outcomes import ALL_OUTCOMES, OUTCOMES
from bpsim.machinery import i18n
from bpsim.machinery.stats import mean_interval, paired_difference
from bpsim.machinery.store import FAILED, MISSING, OK, Store

#: Most levels of a second factor drawn as separate lines; beyond, the band is marginal.
MAX_LINES = 8
#: Quantile bins per factor for sampled designs.
BINS = 8


@dataclass(frozen=True)
class HeadlineResult:
    """Whether the headline holds, per base scenario.

    Attributes:
        statement: The finding in words.
        rows: The paired difference at the headline's level, one per scenario.
        holds: Whether it holds in every scenario.
    """

    statement: str
    rows: pd.DataFrame
    holds: bool

    def lines(self) -> list[str]:
        """The result in words, one line per scenario."""
        out = []
        for r in self.rows.itertuples():
            verdict = "holds" if r.holds else "DOES NOT HOLD"
            out.append(
                f"headline {verdict} in '{r.scenario}': {r.outcome} open - restricted = "
                f"{r.diff:+.4f} ({r.confidence:.0%} CI {r.ci_low:+.4f} to {r.ci_high:+.4f}, "
                f"n = {r.n} replications)"
            )
        return out


@dataclass
class Analysis:
    """What `analyse` produced.

    Attributes:
        out: Report folder.
        counts: Runs ok, failed and missing.
        tables: Written tables, by name.
        figures: Written figures.
        headline: The headline result, if the experiment has one and it can be computed.
        notes: Things the reader should know (partial sweeps, skipped outcomes).
    """

    out: Path
    counts: dict[str, int]
    tables: dict[str, Path] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    headline: HeadlineResult | None = None
    notes: list[str] = field(default_factory=list)
    report: Path | None = None
    html: Path | None = None


def _label(name: str, lang: str = "en") -> str:
    """An outcome's or a parameter's label in `lang`; other names with spaces for underscores."""
    if name in i18n.OUTCOME_LABELS:
        return i18n.outcome_label(name, lang)
    if name in i18n.LEVER_LABELS:
        return i18n.parameter_label(name, lang)
    return name.replace("_", " ")


def _decimal_commas(ax, lang: str) -> None:
    """Tick labels with decimal commas in Dutch (matplotlib writes points whatever the language)."""
    if lang != "nl":
        return
    ax.xaxis.set_major_formatter(i18n.tick_formatter(lang))
    ax.yaxis.set_major_formatter(i18n.tick_formatter(lang))


def _numeric(values) -> bool:
    return all(isinstance(v, int | float | np.integer | np.floating) for v in values)


def _replication_means(frame: pd.DataFrame, outcome: str) -> pd.Series:
    """Mean of an outcome per replication (over whatever else varies in `frame`)."""
    return frame.groupby("replication")[outcome].mean()


def _band(outcome: str, values: pd.Series, confidence: float) -> dict[str, Any]:
    """A band's columns: the outcome, its defined values' count, mean and interval."""
    x = values.to_numpy(dtype=float)
    m, lo, hi = mean_interval(x, confidence)
    return {
        "outcome": outcome,
        "n": int(np.sum(~np.isnan(x))),
        "mean": m,
        "ci_low": lo,
        "ci_high": hi,
    }


def grid_bands(
    frame: pd.DataFrame,
    factor: str,
    outcomes: list[str],
    partner: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Outcome at each level of a grid factor (and of a partner factor), with intervals.

    Args:
        frame: Finished runs (design joined with results).
        factor: The factor on the x axis.
        outcomes: Outcomes.
        partner: A second factor drawn as separate lines, or None for the margin.
        confidence: Confidence level.

    Returns:
        One row per (partner level, factor level, outcome): ``n`` replications,
        ``mean``, ``ci_low``, ``ci_high``.
    """
    rows = []
    groups = [(None, frame)] if partner is None else list(frame.groupby(partner, sort=True))
    for level, sub in groups:
        for value, cell in sub.groupby(factor, sort=True):
            for outcome in outcomes:
                rows.append(
                    {
                        "factor": factor,
                        "value": value,
                        "partner": partner,
                        "partner_value": level,
                        **_band(outcome, _replication_means(cell, outcome), confidence),
                    }
                )
    return pd.DataFrame(rows)


def binned_bands(
    frame: pd.DataFrame, factor: str, outcomes: list[str], confidence: float = 0.95
) -> pd.DataFrame:
    """Outcome against a sampled factor: design-point means binned by quantile, with intervals."""
    points = frame.groupby(["scenario", "point"], sort=True)
    means = points[[factor, *outcomes]].mean()
    k = min(BINS, means[factor].nunique())
    bins = pd.qcut(means[factor].rank(method="first"), k, labels=False)
    rows = []
    for b, cell in means.groupby(bins, sort=True):
        for outcome in outcomes:
            rows.append(
                {
                    "factor": factor,
                    "bin": int(b),
                    "value": float(cell[factor].mean()),
                    "low_edge": float(cell[factor].min()),
                    "high_edge": float(cell[factor].max()),
                    **_band(outcome, cell[outcome], confidence),
                }
            )
    return pd.DataFrame(rows)


def headline_differences(
    frame: pd.DataFrame, headline: dict[str, Any], outcomes: list[str]
) -> pd.DataFrame:
    """Open minus restricted at every level of the headline's `by` factor, for each outcome.

    "Open" is the contrast factor's highest level and "restricted" its lowest; each
    replication's mean at one is paired with its mean at the other (common random
    numbers), and `paired_difference` gives the mean difference and its interval.

    Returns:
        One row per (scenario, by level, outcome).
    """
    factor, by, conf = headline["factor"], headline["by"], headline["confidence"]
    low, high = frame[factor].min(), frame[factor].max()
    rows = []
    for scenario, sc_frame in frame.groupby("scenario", sort=False):
        for level, cell in sc_frame.groupby(by, sort=True):
            for outcome in outcomes:
                restricted = _replication_means(cell[cell[factor] == low], outcome)
                open_ = _replication_means(cell[cell[factor] == high], outcome)
                pairs = pd.concat([restricted, open_], axis=1, keys=["a", "b"])
                row = {
                    "scenario": scenario,
                    by: level,
                    "outcome": outcome,
                    "restricted_level": low,
                    "open_level": high,
                }
                try:
                    d = paired_difference(pairs["a"], pairs["b"], confidence=conf)
                except ValueError:  # fewer than two complete pairs
                    row.update(n=int(pairs.dropna().shape[0]), diff=math.nan)
                else:
                    row.update(
                        n=d.n,
                        restricted=d.mean_a,
                        open=d.mean_b,
                        diff=d.diff,
                        ci_low=d.ci_low,
                        ci_high=d.ci_high,
                        confidence=conf,
                        effect_size=d.effect_size,
                        p_value=d.p_value,
                        excludes_zero=d.excludes_zero,
                    )
                rows.append(row)
    return pd.DataFrame(rows)


def headline_matrix(frame: pd.DataFrame, headline: dict[str, Any], scenario: str):
    """Heatmap data: mean outcome, and its paired difference from the lowest contrast level.

    Returns:
        (by levels, factor levels, means, differences, excludes-zero flags), the
        matrices shaped (by levels x factor levels).
    """
    factor, by, outcome = headline["factor"], headline["by"], headline["outcome"]
    sub = frame[frame["scenario"] == scenario]
    rows = sorted(sub[by].unique())
    cols = sorted(sub[factor].unique())
    means = np.full((len(rows), len(cols)), np.nan)
    diffs = np.full_like(means, np.nan)
    clear = np.zeros_like(means, dtype=bool)
    for i, level in enumerate(rows):
        cell = sub[sub[by] == level]
        base = _replication_means(cell[cell[factor] == cols[0]], outcome)
        for j, value in enumerate(cols):
            here = _replication_means(cell[cell[factor] == value], outcome)
            means[i, j] = here.mean()
            if j == 0:
                diffs[i, j] = 0.0
                continue
            pairs = pd.concat([base, here], axis=1, keys=["a", "b"])
            try:
                d = paired_difference(pairs["a"], pairs["b"], confidence=headline["confidence"])
            except ValueError:
                continue
            diffs[i, j] = d.diff
            clear[i, j] = d.excludes_zero
    return rows, cols, means, diffs, clear


def check_headline(diffs: pd.DataFrame, headline: dict[str, Any]) -> HeadlineResult:
    """Whether the headline holds at its level, in every scenario."""
    at = diffs[
        (diffs[headline["by"]] == headline["at"]) & (diffs["outcome"] == headline["outcome"])
    ]
    rows = at.copy()
    want = headline["expect"]
    # A level where the interval could not be computed (fewer than two pairs) has NaN
    # here, which must count as "does not hold", not as truthy.
    clear = rows["excludes_zero"] if "excludes_zero" in rows else pd.Series(False, rows.index)
    rows["holds"] = [
        isinstance(ez, bool | np.bool_) and bool(ez) and np.sign(d) == want
        for ez, d in zip(clear, rows["diff"], strict=True)
    ]
    if "confidence" not in rows:
        rows["confidence"] = headline["confidence"]
    word = "higher" if want > 0 else "lower"
    statement = (
        f"{headline['outcome']} is {word} at the highest {headline['factor']} than at the "
        f"lowest, at {headline['by']} = {headline['at']} "
        f"({headline['confidence']:.0%} interval excluding zero)"
    )
    holds = bool(len(rows)) and bool(rows["holds"].all())
    for col in ("n", "diff", "ci_low", "ci_high"):
        if col not in rows:
            rows[col] = math.nan
    return HeadlineResult(statement=statement, rows=rows.reset_index(drop=True), holds=holds)


# --- figures ---------------------------------------------------------------------------------
def _panels(n: int, cols: int = 4, w: float = 3.6, h: float = 2.7):
    cols = min(cols, n)
    rows = -(-n // cols)
    fig = Figure(figsize=(w * cols, h * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat)[:n]


def plot_grid_bands(
    table: pd.DataFrame, factor: str, outcomes: list[str], title: str, lang: str = "en"
) -> Figure:
    """Each outcome against a grid factor, a line (and band) per partner level."""
    fig, axes = _panels(len(outcomes))
    partner = table["partner"].iloc[0]
    levels = [None] if partner is None else list(dict.fromkeys(table["partner_value"]))
    colours = _colours(len(levels))
    values = list(dict.fromkeys(table["value"]))
    numeric = _numeric(values)
    for ax, outcome in zip(axes, outcomes, strict=True):
        for level, colour in zip(levels, colours, strict=True):
            sel = table[(table["outcome"] == outcome)]
            if level is not None:
                sel = sel[sel["partner_value"] == level]
            x = sel["value"].to_numpy() if numeric else np.arange(len(sel))
            label = None if level is None else f"{_label(partner, lang)} = {level}"
            ax.plot(x, sel["mean"], marker="o", ms=3, lw=1.5, color=colour, label=label)
            ax.fill_between(x, sel["ci_low"], sel["ci_high"], color=colour, alpha=0.2, lw=0)
        if not numeric:
            ax.set_xticks(range(len(values)), [str(v) for v in values], fontsize=7)
        ax.set_title(_label(outcome, lang), fontsize=9)
        ax.set_xlabel(_label(factor, lang), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        if numeric:
            _decimal_commas(ax, lang)
        elif lang == "nl":
            _decimal_commas(ax, lang)
            ax.set_xticks(range(len(values)), [str(v) for v in values], fontsize=7)
    if levels != [None]:
        axes[0].legend(fontsize=6.5, loc="best")
    fig.suptitle(title, fontsize=11)
    return fig


def plot_binned_bands(
    frame: pd.DataFrame,
    table: pd.DataFrame,
    factor: str,
    outcomes: list[str],
    title: str,
    lang: str = "en",
) -> Figure:
    """Each outcome against a sampled factor: design-point means and a binned band."""
    fig, axes = _panels(len(outcomes))
    points = frame.groupby(["scenario", "point"])[[factor, *outcomes]].mean()
    for ax, outcome in zip(axes, outcomes, strict=True):
        ax.scatter(points[factor], points[outcome], s=4, alpha=0.25, color="#555")
        sel = table[table["outcome"] == outcome]
        ax.plot(sel["value"], sel["mean"], color="#1f5f8b", lw=1.6)
        ax.fill_between(sel["value"], sel["ci_low"], sel["ci_high"], color="#1f5f8b", alpha=0.25)
        ax.set_title(_label(outcome, lang), fontsize=9)
        ax.set_xlabel(_label(factor, lang), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        _decimal_commas(ax, lang)
    fig.suptitle(title, fontsize=11)
    return fig


def plot_headline(
    frame: pd.DataFrame, headline: dict[str, Any], scenario: str, lang: str = "en"
) -> Figure:
    """Heatmaps over by x contrast levels: the mean outcome, and open minus restricted."""
    rows, cols, means, diffs, clear = headline_matrix(frame, headline, scenario)
    fig = Figure(figsize=(11.5, 0.55 * len(rows) + 2.4), layout="constrained")
    ax_mean, ax_diff = fig.subplots(1, 2)
    outcome, factor, by = headline["outcome"], headline["factor"], headline["by"]
    im = ax_mean.imshow(means, cmap="viridis", aspect="auto", origin="lower")
    bar = fig.colorbar(im, ax=ax_mean, shrink=0.85)
    _decimal_commas(bar.ax, lang)
    ax_mean.set_title(i18n.text("an_mean_of", lang, outcome=_label(outcome, lang)), fontsize=10)
    lim = np.nanmax(np.abs(diffs)) if np.isfinite(diffs).any() else 1.0
    lim = lim or 1.0
    im2 = ax_diff.imshow(diffs, cmap="RdBu", vmin=-lim, vmax=lim, aspect="auto", origin="lower")
    bar = fig.colorbar(im2, ax=ax_diff, shrink=0.85)
    _decimal_commas(bar.ax, lang)
    ax_diff.set_title(
        i18n.text("an_diff_title", lang, outcome=_label(outcome, lang),
                  factor=_label(factor, lang), low=i18n.number(cols[0], None, lang),
                  high=i18n.number(cols[-1], None, lang)),
        fontsize=9,
    )  # fmt: skip
    for ax, data in ((ax_mean, means), (ax_diff, diffs)):
        ax.set_xticks(range(len(cols)), [i18n.number(c, None, lang) for c in cols], fontsize=8)
        ax.set_yticks(range(len(rows)), [i18n.number(r, None, lang) for r in rows], fontsize=8)
        ax.set_xlabel(_label(factor, lang), fontsize=9)
        ax.set_ylabel(_label(by, lang), fontsize=9)
        for i in range(len(rows)):
            for j in range(len(cols)):
                if np.isnan(data[i, j]):
                    continue
                star = "*" if ax is ax_diff and clear[i, j] else ""
                ax.text(
                    j,
                    i,
                    f"{i18n.number(data[i, j], 3, lang)}{star}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=_ink(data[i, j], data) if ax is ax_mean else _ink_diff(data[i, j], lim),
                )
    fig.suptitle(
        i18n.text("an_headline_title", lang, outcome=_label(outcome, lang),
                  by=_label(by, lang), factor=_label(factor, lang), scenario=scenario),
        fontsize=11,
    )  # fmt: skip
    return fig


def _ink(value: float, data: np.ndarray) -> str:
    """Text colour readable on a viridis cell: white on the dark half, black on the light."""
    lo, hi = np.nanmin(data), np.nanmax(data)
    return "white" if hi == lo or (value - lo) / (hi - lo) < 0.5 else "black"


def _ink_diff(value: float, lim: float) -> str:
    """Text colour readable on an RdBu cell: white on the strong ends, black in between."""
    return "white" if abs(value) > 0.6 * lim else "black"


def _colours(n: int) -> list:
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    return [cmap(0.1 + 0.8 * i / max(1, n - 1)) for i in range(n)]


# --- the report ------------------------------------------------------------------------------
def markdown_table(frame: pd.DataFrame, digits: int = 4) -> str:
    """A DataFrame as a Markdown table (numbers rounded)."""

    def fmt(v) -> str:
        if isinstance(v, bool | np.bool_):
            return "yes" if v else "no"
        if isinstance(v, float | np.floating):
            if math.isnan(v):
                return ""
            return f"{v:.{digits}g}" if abs(v) >= 1e4 else f"{v:.{digits}f}"
        return str(v)

    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _partner(exp: dict[str, Any], factor: str, frame: pd.DataFrame) -> str | None:
    if len(exp["scenarios"]) > 1:
        return "scenario"
    others = [f for f in exp["factors"] if f != factor]
    if exp["kind"] == "grid" and len(others) == 1 and frame[others[0]].nunique() <= MAX_LINES:
        return others[0]
    return None


def analyse(
    root: str | Path, out: str | Path | None = None, confidence: float = 0.95, lang: str = "en"
) -> Analysis:
    """Write tables, figures, a Markdown report and an HTML report from a store.

    Args:
        root: The store folder.
        out: Report folder (default ``<root>/report``).
        confidence: Confidence level of the bands.
        lang: Language of the figures and the HTML report: ``en`` or ``nl``
            (report.md stays in English).

    Returns:
        What was written, and the headline result.
    """
    store = Store.open(root)
    exp = store.experiment
    out = Path(out) if out is not None else store.root / "report"
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    table = store.table()
    shard = store.provenance.get("shard")
    if shard:
        from bpsim.experiment.design import shard_of

        table = table[[shard_of(r, shard[1]) == shard[0] for r in table["run_id"]]]
    counts = {k: int((table["status"] == k).sum()) for k in (OK, FAILED, MISSING)}
    result = Analysis(out=out, counts=counts)
    frame = table[table["status"] == OK]
    outcomes = [o for o in store.outcomes if o in ALL_OUTCOMES]
    if counts[MISSING]:
        result.notes.append(
            f"partial sweep: {counts[MISSING]} of {len(table)} runs have no result yet; "
            "figures use the runs stored"
        )
    if counts[FAILED]:
        result.notes.append(f"{counts[FAILED]} runs failed and are left out (see failures table)")
        fails = table[table["status"] == FAILED][
            ["run_id", "scenario", "point", "replication", *exp["factors"], "error"]
        ]
        path = out / "tables" / "failures.csv"
        fails.to_csv(path, index=False)
        result.tables["failures"] = path
    if frame.empty:
        result.notes.append("no finished runs: nothing to draw")
        result.report = _write_report(store, result, None, {})
        result.html = write_html_report(store, result, {}, lang)
        return result

    factors = list(exp["factors"])
    bands = []
    for factor in factors:
        if exp["kind"] == "grid":
            partner = _partner(exp, factor, frame)
            t = grid_bands(frame, factor, outcomes, partner, confidence)
            title = i18n.text("an_by_grid", lang, factor=_label(factor, lang),
                              level=f"{confidence:.0%}")  # fmt: skip
            fig = plot_grid_bands(t, factor, outcomes, title, lang)
        else:
            t = binned_bands(frame, factor, outcomes, confidence)
            title = i18n.text("an_by_sampled", lang, factor=_label(factor, lang),
                              level=f"{confidence:.0%}")  # fmt: skip
            fig = plot_binned_bands(frame, t, factor, outcomes, title, lang)
        path = out / "figures" / f"by_{factor}.png"
        fig.savefig(path, dpi=100)
        result.figures.append(path)
        bands.append(t)
    path = out / "tables" / "by_factor.csv"
    pd.concat(bands, ignore_index=True).to_csv(path, index=False)
    result.tables["by_factor"] = path

    headline_tables: dict[str, pd.DataFrame] = {}
    hl = exp.get("headline")
    if hl:
        diffs = headline_differences(frame, hl, outcomes)
        path = out / "tables" / "headline_differences.csv"
        diffs.to_csv(path, index=False)
        result.tables["headline_differences"] = path
        headline_tables["diffs"] = diffs
        result.headline = check_headline(diffs, hl)
        for scenario in frame["scenario"].unique():
            fig = plot_headline(frame, hl, scenario, lang)
            path = out / "figures" / f"headline_{file_stem(str(scenario))}.png"
            fig.savefig(path, dpi=110)
            result.figures.append(path)

    if exp["kind"] in ("sobol", "morris"):
        from bpsim.experiment.sensitivity import pairs_table, sensitivity

        sens = sensitivity(store, table, out, confidence, lang)
        result.tables.update(sens.tables)
        result.figures.extend(sens.figures)
        result.notes.extend(sens.notes)
        headline_tables["sensitivity"] = sens.summary
        headline_tables["interactions"] = pairs_table(sens.pairs)
    result.report = _write_report(store, result, exp, headline_tables)
    result.html = write_html_report(store, result, headline_tables, lang)
    return result


def write_html_report(
    store: Store, result: Analysis, extra: dict[str, pd.DataFrame], lang: str
) -> Path:
    """The HTML report (see `bpsim.experiment.report_html`)."""
    from bpsim.experiment.report_html import build

    path = result.out / "report.html"
    path.write_text(build(store, result, extra, lang), encoding="utf-8")
    return path


def _lock_hash(prov: dict) -> str:
    # Format 2 keeps {"path", "sha256"} (or None outside bpsim's checkout); format 1 a hash.
    lock = prov.get("uv_lock", prov.get("uv_lock_sha256"))
    lock = lock.get("sha256") if isinstance(lock, dict) else lock
    return str(lock)[:12] if lock else "none (not run from a bpsim checkout)"


def _write_report(store: Store, result: Analysis, exp, extra: dict[str, pd.DataFrame]) -> Path:
    prov = store.provenance
    exp = store.experiment
    git = prov.get("git") or {}
    commit = git.get("commit", "")[:12] + (
        " (with local changes)" if git.get("uncommitted_changes") else ""
    )
    commit = commit or "none (not run from a git checkout of bpsim)"
    c = result.counts
    lines = [
        f"# Sweep report: {exp['name']}",
        "",
        *([exp["description"], ""] if exp.get("description") else []),
        f"- Design: {exp['kind']}, {exp['points']} points x {len(exp['scenarios'])} scenario(s) x "
        f"{exp['replications']} replications = {exp['runs']} runs; factors: "
        + ", ".join(exp["factors"]),
        f"- Runs: {c[OK]} finished, {c[FAILED]} failed, {c[MISSING]} missing",
        f"- Provenance: bpsim {prov.get('bpsim_version')}, commit {commit}, "
        f"uv.lock {_lock_hash(prov)}, experiment file "
        f"{str(prov.get('experiment_sha256'))[:12]}, base seed {prov.get('base_seed')}",
        "",
    ]
    for note in result.notes:
        lines.append(f"> {note}")
    if result.notes:
        lines.append("")
    if result.headline is not None:
        hl = exp["headline"]
        lines += ["## Headline", "", f"Expected: {result.headline.statement}.", ""]
        lines += [f"- {line}" for line in result.headline.lines()]
        diffs = extra["diffs"]
        sel = diffs[diffs["outcome"] == hl["outcome"]]
        cols = [
            c
            for c in (
                "scenario",
                hl["by"],
                "n",
                "restricted",
                "open",
                "diff",
                "ci_low",
                "ci_high",
                "p_value",
            )
            if c in sel
        ]
        lines += [
            "",
            f"Open ({hl['factor']} = {sel['open_level'].iloc[0] if len(sel) else ''}) "
            f"minus restricted ({sel['restricted_level'].iloc[0] if len(sel) else ''}), "
            f"paired by replication, for {hl['outcome']}:",
            "",
            markdown_table(sel[cols]),
            "",
        ]
        for fig in result.figures:
            if fig.name.startswith("headline_"):
                lines.append(f"![{fig.stem}](figures/{fig.name})")
        lines += ["", "All outcomes: `tables/headline_differences.csv`.", ""]
    if "sensitivity" in extra and extra["sensitivity"] is not None:
        lines += ["## Sensitivity", "", markdown_table(extra["sensitivity"]), ""]
        for fig in result.figures:
            if fig.name.startswith("sensitivity"):
                lines.append(f"![{fig.stem}](figures/{fig.name})")
        lines.append("")
    if extra.get("interactions") is not None:
        lines += [
            "### Interactions (second-order Sobol indices)",
            "",
            "Share of the outcome's variance due to a pair of levers acting together, beyond "
            "each alone; strongest pairs first. All pairs: "
            "`tables/sensitivity_sobol_second_order.csv`.",
            "",
            markdown_table(extra["interactions"]),
            "",
        ]
    by = [f for f in result.figures if f.name.startswith("by_")]
    if by:
        lines += ["## Outcomes by factor", ""]
        lines += [f"![{f.stem}](figures/{f.name})" for f in by]
        lines += ["", "Means and intervals: `tables/by_factor.csv`.", ""]
    contract = [o for o in store.outcomes if o in OUTCOMES]
    if contract:
        lines += ["## Outcomes", ""]
        lines += [f"- `{o}`: {OUTCOMES[o]}" for o in contract]
        lines.append("")
    path = result.out / "report.md"
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path
