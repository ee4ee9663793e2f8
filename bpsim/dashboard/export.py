"""What a visitor takes away from a view: tables as CSV, built from the runs on demand.

Columns follow the outcome records (`bpsim.outcomes.ALL_OUTCOMES`), so an outcome
added to the model appears in every download without a change here.
"""

from __future__ import annotations

import re

import pandas as pd

from bpsim.outcomes import ALL_OUTCOMES


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a header row and no index (what spreadsheets open)."""
    return table.to_csv(index=False).encode("utf-8")


def run_table(model_vars: dict, scenario: str, seed: int) -> pd.DataFrame:
    """One run's weekly outcomes: ``scenario``, ``seed``, ``step``, then every outcome.

    Args:
        model_vars: The model's ``datacollector.model_vars`` (outcome -> weekly values).
        scenario: The scenario's name.
        seed: The run's seed.
    """
    names = [n for n in ALL_OUTCOMES if n in model_vars]
    names += [n for n in model_vars if n not in names]  # outcomes not (yet) in the record
    frame = pd.DataFrame({n: list(model_vars[n]) for n in names})
    frame.insert(0, "step", range(len(frame)))
    frame.insert(0, "seed", seed)
    frame.insert(0, "scenario", scenario)
    return frame


def file_name(*parts: object, suffix: str) -> str:
    """A download's file name from its parts, safe on every system: ``bpsim-open-seed3.csv``."""
    text = "-".join(str(p) for p in ("bpsim", *parts) if str(p))
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") + suffix
