"""What a visitor takes away from a view: tables as CSV, built from the runs on demand.

Columns follow the outcome records (`bpsim.core.outcomes.ALL_OUTCOMES`), so an outcome
added to the model appears in every download without a change here.
"""

from __future__ import annotations

import re

import pandas as pd

from bpsim.core.outcomes import ALL_OUTCOMES
from bpsim.core.scenario import LEVERS, Scenario


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a header row and no index (what spreadsheets open)."""
    return table.to_csv(index=False).encode("utf-8")


def run_table(
    model_vars: dict, scenario: str, seed: int, timeline: Scenario | None = None
) -> pd.DataFrame:
    """One run's weekly outcomes: ``scenario``, ``seed``, ``step``, then every outcome.

    Args:
        model_vars: The model's ``datacollector.model_vars`` (outcome -> weekly values).
        scenario: The scenario's name.
        seed: The run's seed.
        timeline: The run's scenario; when its levers change in time, a column per
            lever gives the values in force (see `with_lever_columns`).
    """
    names = [n for n in ALL_OUTCOMES if n in model_vars]
    names += [n for n in model_vars if n not in names]  # outcomes not (yet) in the record
    frame = pd.DataFrame({n: list(model_vars[n]) for n in names})
    frame.insert(0, "step", range(len(frame)))
    frame.insert(0, "seed", seed)
    frame.insert(0, "scenario", scenario)
    if timeline is not None:
        frame = with_lever_columns(frame, {scenario: timeline})
    return frame


def with_lever_columns(frame: pd.DataFrame, scenarios: dict[str, Scenario]) -> pd.DataFrame:
    """A weekly table with a column per lever: its value during the week up to each row.

    Added only when some scenario's levers change in time (a timeline), so that a
    reader of the data sees when a lever moved. Row ``step`` s is the state after
    week s, so it shows the values in force while week s ran (a timeline entry of
    week w first shows in row w); row 0, the initial state, the starting values.

    Args:
        frame: Columns ``scenario`` and ``step`` among others.
        scenarios: The scenario of each ``scenario`` label in the table.
    """
    if not any(s.timeline for s in scenarios.values()):
        return frame
    out = frame.copy()
    for name in LEVERS:
        out[name] = [
            float(scenarios[label].levers_at(int(step))[name])
            if label in scenarios
            else float("nan")
            for label, step in zip(out["scenario"], out["step"], strict=True)
        ]
    return out


def file_name(*parts: object, suffix: str) -> str:
    """A download's file name from its parts, safe on every system: ``bpsim-open-seed3.csv``."""
    text = "-".join(str(p) for p in ("bpsim", *parts) if str(p))
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") + suffix
