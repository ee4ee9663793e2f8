"""Policies that change during a run: where they change, and how long until it shows.

A scenario's timeline (lever changes) and events (best persons leaving) happen at
given weeks (`Scenario.change_weeks`). For a comparison this module says, per
compared scenario and outcome, how many weeks after the first change of the pair the
paired difference first becomes clear - its interval excludes zero, and keeps
excluding it for `CLEAR_RUN` weeks in a row, so that one lucky week among hundreds is
not taken for an effect - and what the difference was in the meantime (its mean from
the change up to the week it became clear: the price, or gain, of waiting).

Works on the stored weekly table of a comparison (`Comparison.timeseries`), so it
can be recomputed without running the model.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from bpsim.core.outcomes import OUTCOMES
from bpsim.core.scenario import Scenario

#: Weeks in a row the interval must exclude zero before a difference counts as clear.
CLEAR_RUN = 4


def change_list(scenario: Scenario) -> list[tuple[int, str]]:
    """The scenario's changes in time: (week, what changes), in week order."""
    out: list[tuple[int, str]] = []
    for change in scenario.timeline:
        text = ", ".join(f"{k} = {v:g}" for k, v in change.levers.items())
        out.append((change.week, text))
    for event in scenario.events:
        who = "all best persons" if event.who == "all" else event.who.replace("_", " ") + "s"
        many = "" if event.number is None else f"{event.number} of "
        out.append((event.week, f"{many}{who} leave"))
    return sorted(out, key=lambda item: item[0])


def onset_table(
    timeseries: pd.DataFrame,
    scenarios: Sequence[Scenario],
    confidence: float = 0.95,
    outcomes: Sequence[str] = tuple(OUTCOMES),
) -> pd.DataFrame:
    """Per compared scenario and outcome: when the difference with the reference first shows.

    Args:
        timeseries: Long weekly table as in `Comparison.timeseries`.
        scenarios: The scenarios, the reference first.
        confidence: Confidence level of the weekly paired intervals.
        outcomes: Outcomes to assess (those missing from the table are skipped).

    Returns:
        One row per compared scenario that has (or whose reference has) a change in
        time, and outcome: ``scenario_a``, ``scenario_b``, ``outcome``, ``change_week``
        (the pair's first change), ``clear_week`` (NaN if never clear), ``weeks_after``,
        ``diff_at_clear``, ``meanwhile`` (mean paired difference from the change to the
        week before it became clear, or to the end if it never did), ``weeks_meanwhile``.
        Empty when no scenario changes in time.
    """
    columns = [
        "scenario_a", "scenario_b", "outcome", "change_week", "clear_week", "weeks_after",
        "diff_at_clear", "meanwhile", "weeks_meanwhile",
    ]  # fmt: skip
    rows = []
    ref = scenarios[0]
    for other in scenarios[1:]:
        weeks = sorted(set(ref.change_weeks()) | set(other.change_weeks()))
        if not weeks:
            continue
        start = weeks[0]
        a = timeseries[timeseries["scenario"] == ref.name]
        b = timeseries[timeseries["scenario"] == other.name]
        for outcome in outcomes:
            if outcome not in timeseries.columns:
                continue
            left = a.pivot_table(index="step", columns="replication", values=outcome, dropna=False)
            right = b.pivot_table(index="step", columns="replication", values=outcome, dropna=False)
            left, right = left.align(right, join="inner")
            after = right.index >= start
            diff = (right - left).to_numpy(dtype=float)[after]
            steps = right.index[after].to_numpy()
            clear = _clear_weeks(diff, confidence)
            row = {"scenario_a": ref.name, "scenario_b": other.name, "outcome": outcome,
                   "change_week": start}  # fmt: skip
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                means = np.nanmean(diff, axis=1) if diff.size else np.zeros(0)
            first = _first_run(clear, CLEAR_RUN)
            if first is None:
                row |= {"clear_week": np.nan, "weeks_after": np.nan, "diff_at_clear": np.nan}
                span = means
            else:
                row |= {
                    "clear_week": int(steps[first]),
                    "weeks_after": int(steps[first] - start),
                    "diff_at_clear": float(means[first]),
                }
                span = means[:first]
            defined = span[~np.isnan(span)]
            row["meanwhile"] = float(defined.mean()) if defined.size else np.nan
            row["weeks_meanwhile"] = int(span.size)
            rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _clear_weeks(diff: np.ndarray, confidence: float) -> np.ndarray:
    """Per week (row): whether the paired t interval over replications excludes zero."""
    if diff.size == 0:
        return np.zeros(0, dtype=bool)
    n = (~np.isnan(diff)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(diff, axis=1)
        sd = np.nanstd(diff, axis=1, ddof=1)
    ok = n >= 2
    half = np.full(mean.shape, np.inf)
    t = stats.t.ppf(0.5 + confidence / 2.0, np.maximum(n - 1, 1))
    half[ok] = t[ok] * sd[ok] / np.sqrt(n[ok])
    # A difference with no spread at all (identical runs) is clear only if it is not zero.
    return ok & (np.abs(mean) > half) & ~np.isnan(mean)


def _first_run(flags: np.ndarray, length: int) -> int | None:
    """Index of the first of `length` True flags in a row, or None."""
    count = 0
    for i, flag in enumerate(flags):
        count = count + 1 if flag else 0
        if count >= length:
            return i - length + 1
    return None
