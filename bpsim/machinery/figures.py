"""Figures drawn from stored outcome data (no model runs here)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

# The main outcomes are marked in their records (`Outcome.main`); importable from here too.
from bpsim.core.outcomes import MAIN_OUTCOMES, RECORDS


def plot_run(
    timeseries: pd.DataFrame, title: str = "", outcomes=MAIN_OUTCOMES, changes=()
) -> Figure:
    """Trajectories of the main outcomes of one run, one panel each.

    `changes` are weeks at which levers change or best persons leave
    (`Scenario.change_weeks`): a dashed line on every panel.
    """
    n = len(outcomes)
    cols = 3
    rows = -(-n // cols)
    fig = Figure(figsize=(4.2 * cols, 2.9 * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, name in zip(axes.flat, outcomes, strict=False):
        ax.plot(timeseries.index, timeseries[name], color="#1f5f8b", lw=1.6)
        for week in (w for w in changes if w <= timeseries.index.max()):
            ax.axvline(week, color="#D55E00", ls="--", lw=1.0)
        ax.set_title(name.replace("_", " "), fontsize=10)
        ax.set_xlabel("week", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        ax.annotate(RECORDS[name].definition, (0.02, 0.02), xycoords="axes fraction", fontsize=6.5,
                    color="#555")  # fmt: skip
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    return fig
