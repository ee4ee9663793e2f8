"""The trajectories figure lays itself out: every label inside the figure, none on another."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import AutoLocator, ScalarFormatter
from matplotlib.transforms import Bbox

from bpsim.comparison.figures import plot_trajectories
from bpsim.core.outcomes import OUTCOMES
from bpsim.machinery import i18n

SCENARIOS = ["restricted", "open", "lift_freedom"]


def _trajectories(weeks: int = 260) -> pd.DataFrame:
    """A table as `Comparison.trajectories`, its outcomes on scales from 0.001 to 10,000.

    Tick labels then range from "0" to "−0.010" and "12000", as wide as real ones get.
    """
    rng = np.random.default_rng(3)
    step = np.arange(weeks + 1)
    rows = []
    for k, name in enumerate(OUTCOMES):
        scale = 10.0 ** (k % 8 - 3)
        for s, scenario in enumerate(SCENARIOS):
            mean = scale * (np.sin(step / 40 + s) + rng.normal(0, 0.05, step.size) - 0.2 * s)
            rows.append(pd.DataFrame({
                "scenario": scenario, "step": step, "outcome": name, "mean": mean,
                "low": mean - 0.3 * scale, "high": mean + 0.3 * scale, "n": 30,
            }))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_label_leaves_the_figure_or_touches_another_panel(lang):
    fig = plot_trajectories(_trajectories(), SCENARIOS, lang, changes={"lift_freedom": (52,)})
    renderer = FigureCanvasAgg(fig).get_renderer()
    axes = fig.axes
    assert len(axes) == len(OUTCOMES)  # no empty panels in the grid's last row
    legend = fig.legends[0].get_window_extent(renderer)
    boxes = []
    for ax, name in zip(axes, OUTCOMES, strict=True):
        assert ax.get_title().replace("\n", " ").startswith(i18n.outcome_label(name, lang))
        # What the draw shows around the panel, with the ticks and labels it will draw.
        parts = [ax.title.get_window_extent(renderer), ax.xaxis.get_tightbbox(renderer),
                 ax.yaxis.get_tightbbox(renderer), ax.bbox]  # fmt: skip
        boxes.append(Bbox.union(parts))
    # Apart by at least most of tight_layout's padding (0.15 in), and no further from
    # the figure's edges than that padding and a little more.
    inch = fig.dpi
    for k, box in enumerate(boxes):
        for other in boxes[k + 1 :]:
            side = max(other.x0 - box.x1, box.x0 - other.x1)
            above = max(other.y0 - box.y1, box.y0 - other.y1)
            assert max(side, above) > 0.12 * inch, (k, boxes.index(other))
    margins = {
        "left": min(box.x0 for box in boxes),
        "right": fig.bbox.width - max(box.x1 for box in boxes),
        "bottom": min(box.y0 for box in boxes),
        "legend": legend.y0 - max(box.y1 for box in boxes),
    }
    for side, margin in margins.items():
        assert 0.12 * inch < margin < 0.2 * inch, side


def test_the_fixed_ticks_are_those_the_axes_would_choose():
    fig = plot_trajectories(_trajectories(), SCENARIOS[:2], "en")
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fixed = list(axis.get_majorticklocs())
            labels = axis.get_major_formatter().format_ticks(fixed)
            # matplotlib's own choice for the panel's limits and size, without the layout's.
            axis.set_major_locator(AutoLocator())
            axis.set_major_formatter(ScalarFormatter())
            low, high = sorted(axis.get_view_interval())
            locs = axis.get_majorticklocs()
            inside = [k for k, loc in enumerate(locs) if low <= loc <= high]
            assert np.allclose(fixed, locs[inside])
            assert labels == [axis.get_major_formatter().format_ticks(locs)[k] for k in inside]


def _flat_trajectories(scenarios: list[str], level: float, wobble: float) -> pd.DataFrame:
    """Every outcome at `level`, moving by `wobble` only (a scale matplotlib would offset)."""
    step = np.arange(261)
    rows = [
        pd.DataFrame(
            {
                "scenario": scenario,
                "step": step,
                "outcome": name,
                "mean": level + wobble * np.sin(step / 40 + s),
                "low": level - wobble,
                "high": level + wobble,
                "n": 30,
            }
        )  # fmt: skip
        for name in OUTCOMES
        for s, scenario in enumerate(scenarios)
    ]
    return pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize(("level", "wobble"), [(123456.7, 0.001), (0.5, 1e-6), (3e7, 1e5)])
def test_no_offset_or_power_is_written_above_a_panel(level, wobble):
    """Above a panel is its title: the y axis writes whole numbers, never "1e-6+5e-1"."""
    fig = plot_trajectories(_flat_trajectories(SCENARIOS[:2], level, wobble), SCENARIOS[:2])
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    for ax in fig.axes:
        assert ax.yaxis.offsetText.get_text() == ""
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(set(labels)) == len(labels) > 1  # still tell the ticks apart


def test_a_legend_too_wide_for_one_row_takes_more_and_stays_inside():
    names = [f"outreach_assisted_with_freedom_{2026 + i}" for i in range(5)]
    fig = plot_trajectories(_flat_trajectories(names, 0.5, 0.1), names, "nl")
    renderer = FigureCanvasAgg(fig).get_renderer()
    legend = fig.legends[0]
    box = legend.get_window_extent(renderer)
    assert legend._ncols < len(names)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
    # The panels start below it (their titles included).
    assert all(ax.title.get_window_extent(renderer).y1 < box.y0 for ax in fig.axes)
