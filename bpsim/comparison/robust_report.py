"""The "How robust is this advice?" part of the compare report, its figures and terminal table.

Everything here is drawn from a `bpsim.comparison.robust.RobustComparison`, which is read from
its store, so the section can be redrawn (in the other language, say) without
running the model. Words come from `bpsim.machinery.i18n`; outcomes from the comparison's own
tables, so an outcome without a translation shows under its own name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bpsim.comparison.robust import (
    MIN_MINORITY_FOR_DISCOVERY,
    MIN_WORLDS_FOR_DISCOVERY,
    RobustComparison,
)
from bpsim.core.scenario import SPECS
from bpsim.machinery import i18n, report

#: Colours: the compared scenario better, the reference better (Okabe-Ito).
B_COLOUR, A_COLOUR, TIE_COLOUR = "#009E73", "#D55E00", "#8c8c8c"
#: Split outcomes drawn in the discovery figure at most.
MAX_FLIP_PANELS = 6
#: Assumptions named per outcome in the importance table.
TOP_ASSUMPTIONS = 3


def _pct(x: float, lang: str) -> str:
    return i18n.number(x, 0, lang, percent=True)


def _num(x: float, lang: str) -> str:
    return i18n.number(x, None, lang, significant=3)


def condition_text(conditions, lang: str) -> str:
    """A box as words: ``a > 0.6 and b ≤ 30`` (whole-number parameters as whole numbers)."""
    parts = []
    for name, low, high in conditions:
        label = i18n.parameter_label(name, lang)
        integer = name in SPECS and SPECS[name].integer
        if integer:
            lo = None if low is None else math.floor(low) + 1  # x > 7.5 means x >= 8
            hi = None if high is None else math.floor(high)
            if lo is not None and hi is not None:
                parts.append(f"{lo} ≤ {label} ≤ {hi}")
            elif lo is not None:
                parts.append(f"{label} ≥ {lo}")
            else:
                parts.append(f"{label} ≤ {hi}")
            continue
        if low is not None and high is not None:
            parts.append(f"{_num(low, lang)} < {label} ≤ {_num(high, lang)}")
        elif low is not None:
            parts.append(f"{label} > {_num(low, lang)}")
        else:
            parts.append(f"{label} ≤ {_num(high, lang)}")
    return f" {i18n.text('and', lang)} ".join(parts)


def flip_sentences(robust: RobustComparison, b: str, lang: str) -> list[str]:
    """One sentence per split outcome: the flip rules, or why there are none."""
    q = lambda s: i18n.quoted(s, lang)  # noqa: E731
    small = robust.worlds_used < MIN_WORLDS_FOR_DISCOVERY
    out = []
    shares = robust.shares[robust.shares["scenario_b"] == b]
    for r in shares[shares["verdict"] == "split"].itertuples():
        label = i18n.outcome_label(r.outcome, lang)
        rules = robust.flips[
            (robust.flips["scenario_b"] == b) & (robust.flips["outcome"] == r.outcome)
        ]
        if rules.empty:
            rare = min(r.b_better, r.a_better)
            key = "robust_no_rule"
            if small:
                key = "robust_too_few"
            elif rare < MIN_MINORITY_FOR_DISCOVERY:
                key = "robust_too_rare"
            out.append(
                i18n.text(key, lang, outcome=label, share=_pct(r.share_b, lang), b=q(b), k=rare)
            )
            continue
        for rule in rules.itertuples():
            out.append(
                i18n.text(
                    "robust_flip",
                    lang,
                    winner=q(rule.winner),
                    outcome=label,
                    conditions=condition_text(rule.conditions, lang),
                    coverage=_pct(rule.coverage, lang),
                    density=_pct(rule.density, lang),
                )
            )
    return out


def plot_spread(robust: RobustComparison, b: str, lang: str = "en") -> Figure:
    """Per outcome, one dot per world: the scaled change in goodness from a to b."""
    paired = robust.paired[robust.paired["scenario_b"] == b]
    outcomes = list(dict.fromkeys(paired["outcome"]))
    fig = Figure(figsize=(9, 0.42 * len(outcomes) + 1.4))
    ax = fig.subplots()
    rng = np.random.default_rng(0)  # vertical jitter only, so dots do not hide each other
    for row, outcome in enumerate(outcomes):
        gain = paired[paired["outcome"] == outcome]["gain"].dropna().to_numpy()
        if not gain.size:
            continue
        scale = np.abs(gain).max() or 1.0
        y = len(outcomes) - 1 - row + rng.uniform(-0.22, 0.22, gain.size)
        colour = np.where(gain > 0, B_COLOUR, np.where(gain < 0, A_COLOUR, TIE_COLOUR))
        ax.scatter(gain / scale, y, s=12, c=colour, alpha=0.75, linewidths=0)
    ax.axvline(0, color="#333", lw=0.8)
    ax.set_yticks(range(len(outcomes)))
    ax.set_yticklabels([i18n.outcome_label(o, lang) for o in reversed(outcomes)], fontsize=8)
    ax.set_xlim(-1.08, 1.08)
    a = robust.names[0]
    ax.set_xlabel(f"← {a}   |   {b} →", fontsize=9)
    ax.set_title(i18n.text("robust_title", lang), fontsize=10, loc="left")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def _panel_axes(robust: RobustComparison, b: str, outcome: str) -> list[str]:
    rules = robust.flips[(robust.flips["scenario_b"] == b) & (robust.flips["outcome"] == outcome)]
    names: list[str] = []
    if not rules.empty:
        names = [c[0] for c in rules.iloc[0]["conditions"]]
    imp = robust.importance[
        (robust.importance["scenario_b"] == b) & (robust.importance["outcome"] == outcome)
    ].sort_values("importance", ascending=False)
    # Then the sampled assumptions in their order: with fewer than three worlds there
    # are no rules and no importances to choose by, yet a split still has its panel.
    for name in [*imp["parameter"], *robust.ranges]:
        if len(names) >= 2:
            break
        if name not in names:
            names.append(name)
    return names[:2]


def plot_flips(robust: RobustComparison, b: str, lang: str = "en") -> Figure | None:
    """Worlds of split outcomes on two assumptions, coloured by who does better; None if none."""
    shares = robust.shares[
        (robust.shares["scenario_b"] == b) & (robust.shares["verdict"] == "split")
    ]
    shares = shares.assign(balance=(shares["share_b"] - 0.5).abs()).sort_values("balance")
    outcomes = list(shares["outcome"])[:MAX_FLIP_PANELS]
    if not outcomes or len(robust.ranges) < 2:
        return None
    cols = min(3, len(outcomes))
    rows = math.ceil(len(outcomes) / cols)
    fig = Figure(figsize=(3.4 * cols, 3.0 * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    values = robust.world_values.set_index("world")
    paired = robust.paired[robust.paired["scenario_b"] == b]
    for k, outcome in enumerate(outcomes):
        ax = axes[k // cols][k % cols]
        px, py = _panel_axes(robust, b, outcome)
        gain = paired[paired["outcome"] == outcome].set_index("world")["gain"].dropna()
        x, y = values.loc[gain.index, px], values.loc[gain.index, py]
        colour = np.where(gain > 0, B_COLOUR, np.where(gain < 0, A_COLOUR, TIE_COLOUR))
        ax.scatter(x, y, c=colour, s=14, alpha=0.8, linewidths=0)
        rules = robust.flips[
            (robust.flips["scenario_b"] == b) & (robust.flips["outcome"] == outcome)
        ]
        if not rules.empty:
            box = {c[0]: (c[1], c[2]) for c in rules.iloc[0]["conditions"]}
            rx, ry = robust.ranges[px], robust.ranges[py]
            x0, x1 = box.get(px, (None, None))
            y0, y1 = box.get(py, (None, None))
            x0, x1 = rx.low if x0 is None else x0, rx.high if x1 is None else x1
            y0, y1 = ry.low if y0 is None else y0, ry.high if y1 is None else y1
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=1.4, ec="#333"))
        ax.set_xlabel(i18n.parameter_label(px, lang), fontsize=8)
        ax.set_ylabel(i18n.parameter_label(py, lang), fontsize=8)
        ax.set_title(i18n.outcome_label(outcome, lang), fontsize=9)
        ax.tick_params(labelsize=7)
    for k in range(len(outcomes), rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    return fig


def figures(robust: RobustComparison, lang: str = "en") -> dict[str, bytes]:
    """PNG bytes of the section's figures, by name (``spread-B``, ``flips-B`` per scenario)."""
    out = {}
    for b in robust.names[1:]:
        out[f"spread-{b}"] = report.figure_png(plot_spread(robust, b, lang))
        fig = plot_flips(robust, b, lang)
        if fig is not None:
            out[f"flips-{b}"] = report.figure_png(fig)
    return out


def _share_cell(k: int, n: int, share: float, low: float, high: float, lang: str) -> str:
    if not n:
        return "–"
    return i18n.text(
        "robust_share_cell",
        lang,
        share=_pct(share, lang),
        low=_pct(low, lang),
        high=_pct(high, lang),
    )


def _a_interval(r, confidence: float) -> tuple[float, float]:
    """The interval of the reference's share (the tables keep only the compared one's)."""
    from bpsim.comparison.robust import share_interval

    return share_interval(int(r.a_better), int(r.worlds), confidence)


def section(
    robust: RobustComparison, lang: str = "en", pngs: Mapping[str, bytes] | None = None
) -> report.Section:
    """The report section "How robust is this advice?"."""
    q = lambda s: i18n.quoted(s, lang)  # noqa: E731
    pngs = figures(robust, lang) if pngs is None else pngs
    a = robust.names[0]
    conf = f"{robust.confidence:.0%}"
    body = report.paragraph(
        i18n.text("robust_intro", lang, n=robust.worlds_used, k=len(robust.ranges),
                  r=robust.replications, conf=conf)
    )  # fmt: skip
    if robust.held:
        body += report.paragraph(i18n.text("robust_held", lang, names=", ".join(robust.held)))
    if not robust.complete:
        body += report.paragraph(
            i18n.text("robust_partial", lang, done=robust.finished_runs,
                      planned=robust.planned_runs, worlds=robust.worlds_used)
        )  # fmt: skip
    if robust.failed_runs:
        body += report.paragraph(i18n.text("robust_failed", lang, n=robust.failed_runs))
    images = []
    for b in robust.names[1:]:
        body += report.heading(i18n.text("robust_shares", lang) + f": {q(b)} − {q(a)}")
        body += report.paragraph(headline(robust, b, lang))
        rows = share_rows(robust, b, lang)
        header = share_header(robust, b, lang)
        body += report.table(header, rows, numeric=(1, 2, 3, 4, 5))
        body += report.paragraph(i18n.text("robust_worst_note", lang))
        body += report.heading(i18n.text("robust_flips", lang))
        sentences = flip_sentences(robust, b, lang)
        body += (
            report.bullets(sentences)
            if sentences
            else report.paragraph(i18n.text("robust_unanimous", lang))
        )
        if sentences:
            body += report.paragraph(i18n.text("robust_flip_method", lang))
        body += report.heading(i18n.text("robust_importance", lang))
        body += report.paragraph(i18n.text("robust_importance_note", lang, a=q(a), b=q(b)))
        body += report.table(
            [i18n.text("col_outcome", lang), i18n.text("col_top_assumptions", lang)],
            _importance_rows(robust, b, lang),
        )
        if f"spread-{b}" in pngs:
            images.append(report.Image(pngs[f"spread-{b}"],
                                       i18n.text("robust_fig_spread", lang, a=q(a), b=q(b)),
                                       alt=i18n.text("robust_title", lang)))  # fmt: skip
        if f"flips-{b}" in pngs:
            images.append(report.Image(pngs[f"flips-{b}"],
                                       i18n.text("robust_fig_flips", lang, a=q(a), b=q(b)),
                                       alt=i18n.text("robust_flips", lang)))  # fmt: skip
    return report.Section(i18n.text("robust_title", lang), body, tuple(images))


def share_rows(robust: RobustComparison, b: str, lang: str) -> list[list]:
    """Rows of the share table: outcome, shares for b and a, spread, worst cases of a and b.

    Cells are text or (text, CSS class), as `bpsim.machinery.report.table` takes them.
    """
    a = robust.names[0]
    rows = []
    for r in robust.shares[robust.shares["scenario_b"] == b].itertuples():
        a_low, a_high = _a_interval(r, robust.confidence)
        worst = robust.regret[robust.regret["outcome"] == r.outcome].set_index("scenario")
        spread = " · ".join(i18n.difference(r.outcome, x, lang) for x in (r.q05, r.q50, r.q95))
        rows.append(
            [
                i18n.outcome_label(r.outcome, lang),
                (_share_cell(r.b_better, r.worlds, r.share_b, r.share_low, r.share_high, lang),
                 "good" if r.verdict == "b" else ""),
                (_share_cell(r.a_better, r.worlds, r.share_a, a_low, a_high, lang),
                 "bad" if r.verdict == "a" else ""),
                spread if r.worlds else "–",
                *(_worst(worst, s, r.outcome, lang) for s in (a, b)),
            ]
        )  # fmt: skip
    return rows


def share_header(robust: RobustComparison, b: str, lang: str) -> list[str]:
    """Headings of `share_rows`."""
    a = robust.names[0]
    q = lambda s: i18n.quoted(s, lang)  # noqa: E731
    return [
        i18n.text("col_outcome", lang),
        i18n.text("col_better_in", lang, s=q(b)),
        i18n.text("col_better_in", lang, s=q(a)),
        i18n.text("col_spread", lang, a=a, b=b),
        i18n.text("col_worst", lang, s=q(a)),
        i18n.text("col_worst", lang, s=q(b)),
    ]


def headline(robust: RobustComparison, b: str, lang: str) -> str:
    """One sentence: on how many outcomes b does better in all, most, few or no worlds."""
    q = lambda s: i18n.quoted(s, lang)  # noqa: E731
    share = robust.shares[robust.shares["scenario_b"] == b]["share_b"]
    counts = {
        "all": int((share == 1).sum()),
        "most": int(((share > 0.5) & (share < 1)).sum()),
        "few": int(((share > 0) & (share <= 0.5)).sum()),
        "none": int((share == 0).sum()),
    }
    return i18n.text("robust_headline", lang, a=q(robust.names[0]), b=q(b), m=len(share), **counts)


def importance_rows(robust: RobustComparison, b: str, lang: str) -> list[list[str]]:
    """Per outcome, the assumptions that matter most, with direction and share."""
    return _importance_rows(robust, b, lang)


def _worst(regret: pd.DataFrame, scenario: str, outcome: str, lang: str) -> str:
    if scenario not in regret.index or math.isnan(regret.loc[scenario, "worst"]):
        return "–"
    return i18n.difference(outcome, float(regret.loc[scenario, "worst"]), lang).lstrip("+")


def _importance_rows(robust: RobustComparison, b: str, lang: str) -> list[list[str]]:
    imp = robust.importance[robust.importance["scenario_b"] == b]
    rows = []
    for outcome, part in imp.groupby("outcome", sort=False):
        top = part.sort_values("importance", ascending=False).head(TOP_ASSUMPTIONS)
        words = []
        for r in top.itertuples():
            arrow = "" if math.isnan(r.rho) else ("↑" if r.rho > 0 else "↓")
            words.append(
                f"{i18n.parameter_label(r.parameter, lang)} {arrow} {_pct(r.importance, lang)}"
            )
        rows.append([i18n.outcome_label(outcome, lang), ", ".join(words)])
    return rows


def print_table(robust: RobustComparison, lang: str, console=None) -> None:
    """The share of worlds per outcome, as a terminal table."""
    from rich.console import Console
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal:  # piped into a log: keep rows on one line each
            console = Console(width=140)
    a = robust.names[0]
    for b in robust.names[1:]:
        table = Table(
            title=i18n.text("term_robust_title", lang, n=robust.worlds_used,
                            a=i18n.quoted(a, lang), b=i18n.quoted(b, lang)),
            title_justify="left",
        )  # fmt: skip
        table.add_column(i18n.text("col_outcome", lang))
        table.add_column(i18n.text("col_better_in", lang, s=b), justify="right")
        table.add_column(i18n.text("col_better_in", lang, s=a), justify="right")
        table.add_column(i18n.text("col_spread", lang, a=a, b=b), justify="right")
        for r in robust.shares[robust.shares["scenario_b"] == b].itertuples():
            a_low, a_high = _a_interval(r, robust.confidence)
            table.add_row(
                i18n.outcome_label(r.outcome, lang),
                _share_cell(r.b_better, r.worlds, r.share_b, r.share_low, r.share_high, lang),
                _share_cell(r.a_better, r.worlds, r.share_a, a_low, a_high, lang),
                " · ".join(i18n.difference(r.outcome, x, lang) for x in (r.q05, r.q50, r.q95))
                if r.worlds
                else "–",
            )
        console.print(table)
        for sentence in flip_sentences(robust, b, lang):
            console.print(f"• {sentence}", highlight=False)
