"""Figures of a scenario comparison, drawn from its stored tables (no model runs here).

Each function takes the tidy tables a `Comparison` writes (``trajectories``,
``differences``, ``replications``), so any figure can be redrawn from the files
without re-running the model. Labels come from `bpsim.machinery.i18n` in English or Dutch.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import cbook, rcParams
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from bpsim.core.outcomes import OUTCOMES
from bpsim.machinery import i18n
from bpsim.machinery.palette import scenario_colours
from bpsim.machinery.stats import mean_interval

#: Colours per verdict for the scenario compared with the reference.
VERDICT_COLOURS = {"better": "#009E73", "worse": "#D55E00", "unclear": "#8c8c8c"}

#: Font size of the trajectories' tick labels, in points (the layout measures them in it).
TICK_LABEL_SIZE = 8.5


def colours(scenarios: list[str]) -> dict[str, str]:
    """A colour per scenario name, in order (the rule lives in `bpsim.machinery.palette`)."""
    return scenario_colours(scenarios)


def plot_trajectories(
    trajectories: pd.DataFrame,
    scenarios: list[str],
    lang: str = "en",
    outcomes: tuple[str, ...] = tuple(OUTCOMES),
    labels: Mapping[str, str] | None = None,
    changes: Mapping[str, Sequence[int]] | None = None,
) -> Figure:
    """Outcome per week for each scenario: mean over runs with the middle-95% band.

    Args:
        trajectories: Table as in `Comparison.trajectories`.
        scenarios: Scenario names, the reference first.
        lang: ``en`` or ``nl``.
        outcomes: Outcomes to show, one panel each.
        labels: Display names of the scenarios, by name (default: the names).
        changes: Weeks at which each scenario's levers change or best persons leave
            (`Scenario.change_weeks`), by name: a dashed line in the scenario's colour
            on every panel.

    Returns:
        The figure.
    """
    cols = 4
    rows = math.ceil(len(outcomes) / cols)
    fig = Figure(figsize=(4.1 * cols, 2.9 * rows))
    grid = fig.add_gridspec(rows, cols)
    # Only the panels shown are made (an Axes takes about 3.5 ms to make).
    axes = [fig.add_subplot(grid[k // cols, k % cols]) for k in range(len(outcomes))]
    palette = colours(scenarios)
    last = trajectories["step"].max()  # changes after the last week shown are not drawn
    # Split once, by week within each part: selecting each panel's and scenario's rows
    # from the whole table took 27 ms (22 panels, 2 scenarios), this 7 ms.
    in_order = trajectories.sort_values("step", kind="stable")
    parts = dict(tuple(in_order.groupby(["outcome", "scenario"], sort=False)))
    for ax, name in zip(axes, outcomes, strict=True):
        share = i18n.kind(name) == "share"
        scale = 100.0 if share else 1.0
        for scenario in scenarios:
            line = parts.get((name, scenario), in_order.iloc[:0])
            colour = palette[scenario]
            weeks = line["step"].to_numpy(dtype=float)
            ax.fill_between(weeks, scale * line["low"].to_numpy(dtype=float),
                            scale * line["high"].to_numpy(dtype=float),
                            color=colour, alpha=0.2, lw=0)  # fmt: skip
            ax.plot(weeks, scale * line["mean"].to_numpy(dtype=float), color=colour, lw=1.8)
        for scenario, weeks in (changes or {}).items():
            for week in (w for w in weeks if w <= last):
                ax.axvline(week, color=palette.get(scenario, "#333"), ls="--", lw=1.1, alpha=0.9)
        title = i18n.outcome_label(name, lang) + (" (%)" if share else "")
        # y given: the draw then leaves the title where it is (on the panel's top edge)
        # instead of measuring the panel's y axis to see whether anything is above it.
        ax.set_title("\n".join(textwrap.wrap(title, 34)), fontsize=10, y=1.0)
        ax.set_xlabel(i18n.text("week", lang), fontsize=9)
        ax.tick_params(labelsize=TICK_LABEL_SIZE)
        # Plain numbers on the axis, never an offset or a power written above it: the
        # title sits where that would go (and "1e-6+5e-1" tells an advisor little).
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.grid(alpha=0.3)
    handles = [Line2D([], [], color=palette[s], lw=6, alpha=0.6) for s in scenarios]
    shown = [i18n.scenario_label(s, labels) for s in scenarios]
    renderer = FigureCanvasAgg(fig).get_renderer()
    # One row of scenarios if it fits across the figure, else as many rows as it takes
    # (scenario names have no length limit; the figure is not widened when saved).
    for ncol in range(len(scenarios), 0, -1):
        legend = fig.legend(handles, shown, loc="upper center", ncol=ncol, fontsize=11,
                            frameon=False, bbox_to_anchor=(0.5, 1.0),
                            title=i18n.text("band_legend", lang), title_fontsize=9)  # fmt: skip
        if ncol == 1 or legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width:
            break
        legend.remove()
    _lay_out_grid(fig, axes, rows, cols, legend, TICK_LABEL_SIZE, renderer)
    return fig


def _lay_out_grid(
    fig: Figure,
    axes: Sequence[Axes],
    rows: int,
    cols: int,
    legend: Legend,
    tick_size: float,
    renderer: RendererAgg,
) -> None:
    """Place a grid of panels under a figure legend, leaving room for every label.

    The room is what `Figure.tight_layout` finds (one gap between all columns and one
    between all rows, each the largest any panel needs, plus its padding), measured
    more cheaply: tight_layout measures every artist of every panel. Here one panel's
    axes are measured whole, the others' titles, and their y tick labels as text; the
    panels' x axes are taken to be alike (they show the same weeks). The ticks are
    then fixed and the axes' labels and titles placed, so that the draw does not
    measure every panel's tick labels again to place them (several times per panel).
    Laid out so, the figure needs no ``bbox_inches="tight"`` when saved (a draw more).
    For the trajectories figure's 22 panels, tight_layout took 0.6 s and the saved PNG
    1.04 s; this layout takes 0.16 s (0.1 s of it making the ticks, which the draw
    did before) and the PNG 0.48 s.

    Args:
        fig: The figure, its panels made on one grid spec covering all of it.
        axes: The panels, row by row (the last row may be short).
        rows: Rows of the grid.
        cols: Columns of the grid.
        legend: The figure's legend at the top: the panels' titles start below it.
        tick_size: Font size of the panels' tick labels, in points.
        renderer: The figure's Agg renderer (the legend was measured with it).
    """
    width, height = fig.get_size_inches() * fig.dpi  # in pixels, as the extents below
    # tight_layout's default padding (1.08 font sizes) around and between the panels.
    pad = 1.08 * FontProperties(size=rcParams["font.size"]).get_size_in_points() * fig.dpi / 72
    titles = [ax.title.get_window_extent(renderer) for ax in axes]
    first = axes[0]
    xbox = _extent(first.xaxis, renderer)
    drop = first.bbox.y0 - first.xaxis.label.get_position()[1]  # where measuring put it
    # Heights first: titles and x axes are as tall whatever the panels' size, and a
    # y axis's ticks (so its labels' widths) depend on its panel's height.
    above = max(title.y1 - ax.bbox.y1 for ax, title in zip(axes, titles, strict=True))
    below = first.bbox.y0 - xbox.y0
    top = legend.get_window_extent(renderer).y0 - pad - above
    bottom = pad + below
    row_gap = below + pad + above
    panel_height = (top - bottom - (rows - 1) * row_gap) / rows
    fig.subplots_adjust(top=top / height, bottom=bottom / height, hspace=row_gap / panel_height)
    # Then widths: how far each panel's labels reach left and right of it, by column,
    # so that the outer margins are as wide as the outer panels need. A y axis reaches
    # its widest tick label and as far again beyond it as the first panel's does
    # (tick, padding, label padding). Its ticks are fixed now that its height is.
    labels = [_fix_ticks(ax.yaxis) for ax in axes]
    prop = FontProperties(size=tick_size)
    measured: dict[str, float] = {}
    for label in {label for shown in labels for label in shown}:
        ismath = "TeX" if rcParams["text.usetex"] else cbook.is_math_text(label)
        measured[label] = renderer.get_text_width_height_descent(label, prop, ismath)[0]
    widest = [max((measured[label] for label in shown), default=0.0) for shown in labels]
    beyond = first.bbox.x0 - _extent(first.yaxis, renderer).x0 - widest[0]
    x_right = xbox.x1 - first.bbox.x1  # the last week's label past the panel's edge
    reach_left, reach_right = [0.0] * cols, [0.0] * cols
    for k, (ax, title) in enumerate(zip(axes, titles, strict=True)):
        col = k % cols
        reach_left[col] = max(reach_left[col], beyond + widest[k], ax.bbox.x0 - title.x0)
        reach_right[col] = max(reach_right[col], x_right, title.x1 - ax.bbox.x1)
    left, right = pad + reach_left[0], width - pad - reach_right[-1]
    col_gap = max(reach_right[:-1], default=0.0) + pad + max(reach_left[1:], default=0.0)
    panel_width = (right - left - (cols - 1) * col_gap) / cols
    fig.subplots_adjust(left=left / width, right=right / width, wspace=col_gap / panel_width)
    # The axes' labels placed where the draw would place them, which it does by
    # measuring every tick label again (the y axes' labels are empty, but placed too);
    # the x ticks fixed now that the widths are (their labels stay within the padding:
    # the last one reaches at most half its width past its panel's edge).
    for k, ax in enumerate(axes):
        ax.xaxis.set_label_coords(0.5, -drop / ax.bbox.height)
        ax.yaxis.set_label_coords(-(beyond + widest[k]) / ax.bbox.width, 0.5)
        _fix_ticks(ax.xaxis)


def _fix_ticks(axis: Axis) -> list[str]:
    """Fix an axis's major ticks inside its view where its locator puts them now.

    The draw then makes no ticks outside the panel (the locator gives one past each
    end, made but not drawn) and asks neither the locator nor the formatter again.
    The labels are fixed too, as the formatter writes them for all the locator's
    ticks (the trajectories' axes write no offset, so the labels are the whole story).

    Returns:
        The ticks' labels.
    """
    locs = axis.get_majorticklocs()
    labels = axis.get_major_formatter().format_ticks(locs)
    low, high = sorted(axis.get_view_interval())
    slack = 1e-9 * (high - low)  # the draw keeps ticks a rounding error outside too
    inside = [k for k, loc in enumerate(locs) if low - slack <= loc <= high + slack]
    shown = [labels[k] for k in inside]
    axis.set_ticks([locs[k] for k in inside], shown)
    return shown


def _extent(axis: Axis, renderer) -> Bbox:
    """The box around an axis's tick labels and label, as tight_layout measures it."""
    box = axis.get_tightbbox(renderer, for_layout_only=True)
    return box if box is not None else axis.axes.bbox


def _groups(names: list[str]) -> list[tuple[str, list[str]]]:
    """Outcomes grouped by kind (`i18n.kind`), groups in the order of their first outcome."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(i18n.kind(name), []).append(name)
    return list(groups.items())


def plot_differences(
    differences: pd.DataFrame, lang: str = "en", labels: Mapping[str, str] | None = None
) -> Figure:
    """Forest plot of the paired differences: a panel per outcome kind and compared scenario.

    Outcomes are grouped by how they are measured (shares, counts, weeks, hours,
    indices; `bpsim.machinery.i18n.kind`), and each group gets its own panel with an
    ordinary linear axis in the outcomes' own units (shares in percentage points),
    so distances from zero can be compared within a panel. Whether higher or lower
    is better is written under each outcome; the colour gives the verdict.

    Args:
        differences: Table as in `Comparison.differences`.
        lang: ``en`` or ``nl``.
        labels: Display names of the scenarios, by name (default: the names).

    Returns:
        The figure.
    """
    pairs = list(dict.fromkeys(zip(differences["scenario_a"], differences["scenario_b"],
                                   strict=True)))  # fmt: skip
    names = list(dict.fromkeys(differences["outcome"]))
    groups = _groups(names)
    heights = [len(members) + 1.3 for _, members in groups]
    fig = Figure(figsize=(9.6 * len(pairs), 0.5 * sum(heights) + 0.8))
    axes = fig.subplots(len(groups), len(pairs), squeeze=False, height_ratios=heights)
    for g, (kind, members) in enumerate(groups):
        scale = 100.0 if kind == "share" else 1.0
        panel = differences[differences["outcome"].isin(members)]
        ends = scale * np.abs(panel[["diff", "ci_low", "ci_high"]].to_numpy(dtype=float))
        ends = ends[np.isfinite(ends)]
        limit = float(ends.max()) * 1.12 if ends.size and ends.max() > 0 else 1.0
        for c, (a, b) in enumerate(pairs):
            ax = axes[g, c]
            part = differences[(differences["scenario_a"] == a) & (differences["scenario_b"] == b)]
            part = part.set_index("outcome").reindex(members)
            y = np.arange(len(members))[::-1]
            for k, name in enumerate(members):
                row = part.loc[name]
                verdict = row["verdict"]
                colour = VERDICT_COLOURS.get(verdict, "#bbbbbb")
                if verdict != "undefined" and np.isfinite(row["diff"]):
                    lo, hi = sorted((scale * row["ci_low"], scale * row["ci_high"]))
                    if np.isfinite(lo) and np.isfinite(hi):
                        ax.plot([lo, hi], [y[k], y[k]], color=colour, lw=2.4,
                                solid_capstyle="butt")  # fmt: skip
                    ax.plot(scale * row["diff"], y[k], "o", color=colour, ms=6.5)
                # Not clipped, so that the saved figure's tight box takes the text in (a
                # clipped artist is left out of it, and the interval's end was cut off).
                ax.annotate(_difference_text(name, row, lang), (1.01, y[k]),
                            xycoords=("axes fraction", "data"), va="center", fontsize=8.5,
                            color=colour if verdict != "unclear" else "#555",
                            clip_on=False)  # fmt: skip
            ax.axvline(0.0, color="#333", lw=1)
            ax.set_xlim(-limit, limit)
            ax.tick_params(axis="x", labelsize=8.5)
            ax.xaxis.set_major_formatter(i18n.tick_formatter(lang))
            ticks = []
            for name in members:
                label = "\n".join(textwrap.wrap(i18n.outcome_label(name, lang), 36))
                direction = i18n.direction_hint(name, lang)
                ticks.append(f"{label}\n({direction})" if direction else label)
            ax.set_yticks(y, ticks, fontsize=8.5)
            ax.set_ylim(-0.7, len(members) - 0.3)
            ax.grid(axis="x", alpha=0.3)
            ax.set_title(i18n.kind_title(kind, lang), fontsize=10, loc="left")
            if g == 0 and len(pairs) > 1:
                shown_a, shown_b = (i18n.scenario_label(x, labels) for x in (a, b))
                pair = i18n.text("report_title", lang, a=shown_a, b=shown_b)
                ax.set_title(f"{pair}\n{i18n.kind_title(kind, lang)}", fontsize=10, loc="left")
    fig.tight_layout()
    return fig


def _difference_text(name: str, row: pd.Series, lang: str) -> str:
    if row["verdict"] == "undefined":
        return i18n.text("verdict_undefined", lang)
    low = i18n.difference(name, row["ci_low"], lang, unit=False)
    high = i18n.difference(name, row["ci_high"], lang, unit=False)
    return f"{i18n.difference(name, row['diff'], lang)}  [{low}; {high}]"


def plot_take_up_by_capacity(
    runs: pd.DataFrame,
    scenarios: list[str],
    lang: str = "en",
    confidence: float = 0.95,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Take-up per capacity quintile at the final week, per scenario, with intervals.

    Args:
        runs: Table as in `Comparison.runs` (columns ``take_up_q1`` .. ``take_up_q5``).
        scenarios: Scenario names, the reference first.
        lang: ``en`` or ``nl``.
        confidence: Confidence level of the error bars (intervals of the mean).
        labels: Display names of the scenarios, by name (default: the names).

    Returns:
        The figure.
    """
    quintiles = [f"take_up_q{q}" for q in range(1, 6)]
    palette = colours(scenarios)
    fig = Figure(figsize=(10.5, 4.6))
    ax = fig.subplots()
    width = 0.8 / len(scenarios)
    x = np.arange(1, 6)
    for k, scenario in enumerate(scenarios):
        part = runs[runs["scenario"] == scenario]
        stats = np.array([mean_interval(part[q], confidence) for q in quintiles]) * 100.0
        offset = (k - (len(scenarios) - 1) / 2) * width
        ax.bar(x + offset, stats[:, 0], width * 0.92, color=palette[scenario],
               label=i18n.scenario_label(scenario, labels),
               yerr=[stats[:, 0] - stats[:, 1], stats[:, 2] - stats[:, 0]], capsize=3,
               error_kw={"lw": 1.2, "ecolor": "#222"})  # fmt: skip
    for scenario in scenarios:
        # Overall take-up as a reference line, drawn after the bars so it stays visible.
        overall = mean_interval(runs.loc[runs["scenario"] == scenario, "take_up"], confidence)[0]
        label = (
            f"{i18n.scenario_label(scenario, labels)}, {i18n.text('fig_all_households', lang)}: "
            f"{i18n.value('take_up', overall, lang)}"
        )
        ax.axhline(100.0 * overall, color=palette[scenario], ls="--", lw=1.3, label=label)
    ax.set_xticks(x, [str(q) for q in x])
    ax.set_xlabel(i18n.text("fig_quintile", lang), fontsize=10)
    ax.set_ylabel(i18n.text("fig_take_up_axis", lang), fontsize=10)
    ax.set_ylim(0, 105)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=9.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(i18n.text("fig_quintile_title", lang), fontsize=11)
    fig.tight_layout()
    return fig
