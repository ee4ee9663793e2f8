"""Evaluating the checks on replicated runs: estimates, 95% intervals, pass or fail."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bpsim.machinery.stats import mean_interval, paired_difference
from bpsim.validation.checks import EARLY_WEEK, Check, Criterion

CONFIDENCE = 0.95


@dataclass(frozen=True)
class CriterionResult:
    """The measurement of one criterion.

    Attributes:
        criterion: What was required.
        estimate: The measured quantity (mean over replications).
        ci_low: Lower end of its 95% interval.
        ci_high: Upper end.
        passed: Whether the whole interval lies on the required side.
        required: The requirement in symbols, e.g. "< 0" or "within [0.1, 0.4]".
        n: Replications used.
    """

    criterion: Criterion
    estimate: float
    ci_low: float
    ci_high: float
    passed: bool
    required: str
    n: int


@dataclass(frozen=True)
class CheckResult:
    """A check's outcome: every criterion's measurement, and pass only if all pass."""

    check: Check
    results: tuple[CriterionResult, ...]

    @property
    def passed(self) -> bool:
        """True when every criterion passed."""
        return all(r.passed for r in self.results)


def early(outcome: str) -> str:
    """Column name of an outcome's value at week EARLY_WEEK."""
    return f"{outcome}@{EARLY_WEEK}"


def _interval(values) -> tuple[float, float, float, int]:
    x = np.asarray(values, dtype=float)
    n = int((~np.isnan(x)).sum())
    m, lo, hi = mean_interval(x, CONFIDENCE)
    return m, lo, hi, n


def _side(direction: int, threshold: float, lo: float, hi: float) -> tuple[bool, str]:
    if any(math.isnan(v) for v in (lo, hi)):
        return False, (f"> {threshold:g}" if direction > 0 else f"< {threshold:g}")
    if direction > 0:
        return lo > threshold, f"> {threshold:g}"
    return hi < threshold, f"< {threshold:g}"


def measure(c: Criterion, runs: dict[str, pd.DataFrame], best_person_share: float):
    """Measure one criterion on per-replication values of each arm.

    Args:
        c: The criterion.
        runs: Per arm, one row per replication (same seeds in the same order in every
            arm), columns the final outcomes and ``outcome@52`` early values.
        best_person_share: Best persons' share of the population (for ``disproportion``).

    Returns:
        The criterion's result.
    """
    a = runs[c.a]
    b = runs[c.b] if c.b else None
    if c.kind == "difference":
        d = paired_difference(a[c.outcome], b[c.outcome], CONFIDENCE)
        est, lo, hi, n = d.diff, d.ci_low, d.ci_high, d.n
    elif c.kind == "level":
        x = 1.0 - a[c.outcome] if c.complement else a[c.outcome]
        est, lo, hi, n = _interval(x)
        ok = not math.isnan(lo) and c.low <= lo and hi <= c.high
        return CriterionResult(c, est, lo, hi, ok, f"within [{c.low:g}, {c.high:g}]", n)
    elif c.kind == "contrast":
        values = (b[c.outcome] - a[c.outcome]) - (b[c.other] - a[c.other])
        if c.a == c.b:  # a contrast within one arm: outcome minus other
            values = a[c.outcome] - a[c.other]
        est, lo, hi, n = _interval(values)
    elif c.kind == "change":
        gain_b = b[c.outcome] - b[early(c.outcome)]
        gain_a = a[c.outcome] - a[early(c.outcome)]
        est, lo, hi, n = _interval(gain_b - gain_a)
    elif c.kind == "disproportion":
        relative = (b[c.outcome] - a[c.outcome]) / a[c.outcome]
        est, lo, hi, n = _interval(relative / best_person_share)
    else:  # pragma: no cover - Criterion.kind is a Literal
        raise ValueError(f"unknown criterion kind {c.kind}")
    ok, required = _side(c.direction, c.threshold, lo, hi)
    return CriterionResult(c, float(est), float(lo), float(hi), ok, required, n)


def evaluate(check: Check, runs: dict[str, pd.DataFrame], best_person_share: float) -> CheckResult:
    """Measure every criterion of a check."""
    return CheckResult(check, tuple(measure(c, runs, best_person_share) for c in check.criteria))
