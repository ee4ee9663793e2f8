"""Figures of a scenario comparison, drawn from its stored tables (no model runs here).

Each function takes the tidy tables a `Comparison` writes (``trajectories``,
``differences``, ``replications``), so any figure can be redrawn from the files
without re-running the model. Labels come from `bpsim.i18n` in English or Dutch.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from bpsim import i18n  # noqa: E402
from bpsim.outcomes import OUTCOMES  # noqa: E402
from bpsim.palette import scenario_colours  # noqa: E402
from bpsim.stats import mean_interval  # noqa: E402

#: Colours per verdict for the scenario compared with the reference.
VERDICT_COLOURS = {"better": "#009E73", "worse": "#D55E00", "unclear": "#8c8c8c"}

_WORDS = {
    "week": ("week", "week"),
    "quintile": ("capacity quintile (1 = least capacity to act)",
                 "kwintiel doenvermogen (1 = minste doenvermogen)"),
    "take_up_axis": ("take-up (%)", "gebruik van hulp (%)"),
    "diff_axis": ("difference in SDs between runs, turned so that right = {b} better",
                  "verschil in SD tussen runs, zo gedraaid dat rechts = {b} beter"),
    "diff_title": ("{b} compared with {a}", "{b} vergeleken met {a}"),
    "all_households": ("all households", "alle huishoudens"),
    "quintile_title": ("Take-up by capacity to act, final year",
                       "Gebruik van hulp naar doenvermogen, laatste jaar"),
    "band": ("mean; band: middle 95% of runs", "gemiddelde; band: middelste 95% van de runs"),
}  # fmt: skip


def _word(key: str, lang: str, **values: object) -> str:
    en, nl = _WORDS[key]
    return (nl if lang == "nl" else en).format(**values)


def colours(scenarios: list[str]) -> dict[str, str]:
    """A colour per scenario name, in order (the rule lives in `bpsim.palette`)."""
    return scenario_colours(scenarios)


def plot_trajectories(
    trajectories: pd.DataFrame,
    scenarios: list[str],
    lang: str = "en",
    outcomes: tuple[str, ...] = tuple(OUTCOMES),
) -> Figure:
    """Outcome per week for each scenario: mean over runs with the middle-95% band.

    Args:
        trajectories: Table as in `Comparison.trajectories`.
        scenarios: Scenario names, the reference first.
        lang: ``en`` or ``nl``.
        outcomes: Outcomes to show, one panel each.

    Returns:
        The figure.
    """
    cols = 4
    rows = math.ceil(len(outcomes) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.1 * cols, 2.9 * rows), squeeze=False)
    palette = colours(scenarios)
    for ax, name in zip(axes.flat, outcomes, strict=False):
        part = trajectories[trajectories["outcome"] == name]
        share = i18n.OUTCOME_LABELS[name].kind == "share" if name in i18n.OUTCOME_LABELS else False
        scale = 100.0 if share else 1.0
        for scenario in scenarios:
            line = part[part["scenario"] == scenario].sort_values("step")
            colour = palette[scenario]
            ax.fill_between(line["step"], scale * line["low"], scale * line["high"],
                            color=colour, alpha=0.2, lw=0)  # fmt: skip
            ax.plot(line["step"], scale * line["mean"], color=colour, lw=1.8)
        title = i18n.outcome_label(name, lang) + (" (%)" if share else "")
        ax.set_title("\n".join(textwrap.wrap(title, 34)), fontsize=10)
        ax.set_xlabel(_word("week", lang), fontsize=9)
        ax.tick_params(labelsize=8.5)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(outcomes) :]:
        ax.set_visible(False)
    handles = [Line2D([], [], color=palette[s], lw=6, alpha=0.6) for s in scenarios]
    fig.legend(handles, scenarios, loc="upper center", ncol=len(scenarios), fontsize=11,
               frameon=False, bbox_to_anchor=(0.5, 1.0), title=_word("band", lang),
               title_fontsize=9)  # fmt: skip
    fig.tight_layout(rect=(0, 0, 1, 0.965))
    return fig


def _symlog_ticks(limit: float) -> list[float]:
    # 0, 0.5 and then 1-2-5 steps per decade, mirrored: round numbers on a log axis.
    ticks = [0.0, 0.5]
    decade = 1.0
    while decade <= limit:
        ticks += [m * decade for m in (1, 2, 5) if m * decade <= limit]
        decade *= 10.0
    return sorted(set(ticks) | {-t for t in ticks})


def plot_differences(differences: pd.DataFrame, lang: str = "en") -> Figure:
    """Forest plot of the paired differences, one panel per compared scenario.

    Every outcome is put on one axis by standardising its difference (and interval)
    by the outcome's spread between runs (Cohen's d_av), and turned by
    `bpsim.outcomes.BETTER` so that right always means the compared scenario does
    better. Runs of 2,000 households vary little, so effects span tens of standard
    deviations; a symmetric-log axis keeps both the small and the large readable.
    The difference in the outcome's own units is written beside each row.

    Args:
        differences: Table as in `Comparison.differences`.
        lang: ``en`` or ``nl``.

    Returns:
        The figure.
    """
    pairs = list(dict.fromkeys(zip(differences["scenario_a"], differences["scenario_b"],
                                   strict=True)))  # fmt: skip
    names = list(dict.fromkeys(differences["outcome"]))
    height = 0.42 * len(names) + 1.6
    fig, axes = plt.subplots(1, len(pairs), figsize=(8.8 * len(pairs), height), squeeze=False)
    for ax, (a, b) in zip(axes.flat, pairs, strict=True):
        part = differences[(differences["scenario_a"] == a) & (differences["scenario_b"] == b)]
        part = part.set_index("outcome").reindex(names)
        spread = np.sqrt((part["sd_a"] ** 2 + part["sd_b"] ** 2) / 2.0)
        turn = part["better"].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            centre = turn * part["diff"] / spread
            ends = np.sort(np.c_[turn * part["ci_low"] / spread,
                                 turn * part["ci_high"] / spread], axis=1)  # fmt: skip
        finite = np.abs(np.r_[centre, ends.ravel()])
        finite = finite[np.isfinite(finite)]
        limit = max(2.0, float(finite.max()) * 1.15) if finite.size else 2.0
        y = np.arange(len(names))[::-1]
        for k, name in enumerate(names):
            verdict = part.at[name, "verdict"]
            colour = VERDICT_COLOURS.get(verdict, "#bbbbbb")
            c, (lo, hi) = centre.iloc[k], ends[k]
            if np.isfinite(c):
                ax.plot([np.clip(lo, -limit, limit), np.clip(hi, -limit, limit)], [y[k], y[k]],
                        color=colour, lw=2.2, solid_capstyle="butt")  # fmt: skip
                ax.plot(np.clip(c, -limit, limit), y[k], "o", color=colour, ms=6.5)
            elif verdict != "undefined" and part.at[name, "diff"] == 0:
                # Identical in every pair of runs: no difference at all.
                ax.plot(0.0, y[k], "o", color=colour, ms=6.5)
            elif verdict != "undefined":
                # The outcome did not vary at all between runs: infinitely clear.
                ax.plot(math.copysign(limit, c), y[k], ">" if c > 0 else "<", color=colour, ms=8)
            text = _difference_text(name, part.loc[name], lang)
            ax.annotate(text, (1.01, y[k]), xycoords=("axes fraction", "data"), va="center",
                        fontsize=8.5, color=colour if verdict != "unclear" else "#555")  # fmt: skip
        ax.axvline(0.0, color="#333", lw=1)
        ax.set_xscale("symlog", linthresh=1.0, linscale=0.6)
        ax.set_xlim(-limit, limit)
        ticks = [t for t in _symlog_ticks(limit) if abs(t) <= limit]
        ax.set_xticks(ticks, [f"{t:g}".replace(".", "," if lang == "nl" else ".")
                              for t in ticks])  # fmt: skip
        ax.tick_params(axis="x", labelsize=8.5)
        ax.set_yticks(y, ["\n".join(textwrap.wrap(i18n.outcome_label(n, lang), 38))
                          for n in names], fontsize=9)  # fmt: skip
        ax.set_ylim(-0.7, len(names) - 0.3)
        ax.grid(axis="x", alpha=0.3)
        ax.set_xlabel(_word("diff_axis", lang, b=b), fontsize=9.5)
        ax.set_title(_word("diff_title", lang, a=a, b=b), fontsize=11)
    fig.tight_layout()
    return fig


def _difference_text(name: str, row: pd.Series, lang: str) -> str:
    if row["verdict"] == "undefined":
        return i18n.text("verdict_undefined", lang)
    low = i18n.difference(name, row["ci_low"], lang, unit=False)
    high = i18n.difference(name, row["ci_high"], lang, unit=False)
    return f"{i18n.difference(name, row['diff'], lang)}  [{low}; {high}]"


def plot_take_up_by_capacity(
    runs: pd.DataFrame, scenarios: list[str], lang: str = "en", confidence: float = 0.95
) -> Figure:
    """Take-up per capacity quintile at the final week, per scenario, with intervals.

    Args:
        runs: Table as in `Comparison.runs` (columns ``take_up_q1`` .. ``take_up_q5``).
        scenarios: Scenario names, the reference first.
        lang: ``en`` or ``nl``.
        confidence: Confidence level of the error bars (intervals of the mean).

    Returns:
        The figure.
    """
    quintiles = [f"take_up_q{q}" for q in range(1, 6)]
    palette = colours(scenarios)
    fig, ax = plt.subplots(figsize=(10.5, 4.6))
    width = 0.8 / len(scenarios)
    x = np.arange(1, 6)
    for k, scenario in enumerate(scenarios):
        part = runs[runs["scenario"] == scenario]
        stats = np.array([mean_interval(part[q], confidence) for q in quintiles]) * 100.0
        offset = (k - (len(scenarios) - 1) / 2) * width
        ax.bar(x + offset, stats[:, 0], width * 0.92, color=palette[scenario], label=scenario,
               yerr=[stats[:, 0] - stats[:, 1], stats[:, 2] - stats[:, 0]], capsize=3,
               error_kw={"lw": 1.2, "ecolor": "#222"})  # fmt: skip
    for scenario in scenarios:
        # Overall take-up as a reference line, drawn after the bars so it stays visible.
        overall = mean_interval(runs.loc[runs["scenario"] == scenario, "take_up"], confidence)[0]
        label = (
            f"{scenario}, {_word('all_households', lang)}: {i18n.value('take_up', overall, lang)}"
        )
        ax.axhline(100.0 * overall, color=palette[scenario], ls="--", lw=1.3, label=label)
    ax.set_xticks(x, [str(q) for q in x])
    ax.set_xlabel(_word("quintile", lang), fontsize=10)
    ax.set_ylabel(_word("take_up_axis", lang), fontsize=10)
    ax.set_ylim(0, 105)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=9.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(_word("quintile_title", lang), fontsize=11)
    fig.tight_layout()
    return fig
