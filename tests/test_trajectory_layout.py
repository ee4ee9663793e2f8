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
