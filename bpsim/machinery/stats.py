"""Statistics for paired (common-random-numbers) comparisons, from scipy.stats.

Replication *i* of two scenarios shares its seed, so the per-replication
differences are the unit of analysis: their mean, a t-based confidence interval,
and a standardised effect size (the mean difference over the standard deviation of
the differences, Cohen's d_z).

Common random numbers shrink the spread of the differences, so d_z grows with the
pairing, not only with the size of the effect. For "how big is it", the mean
difference over the average standard deviation of the two scenarios (d_av, Lakens
2013) is also given: it does not depend on the pairing and reads on Cohen's scale.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np


def scipy_stats():
    """scipy.stats, imported on first use.

    It takes about 0.4 s to import; `bpsim compare` imports it while its worker
    processes run (`bpsim.comparison.paired.compare`), not before it starts them.
    """
    from scipy import stats

    return stats


@dataclass(frozen=True)
class PairedDifference:
    """The paired difference ``b - a`` of one outcome over replications.

    Attributes:
        n: Replications with both values defined.
        mean_a: Mean of scenario a.
        mean_b: Mean of scenario b.
        diff: Mean of the differences b - a.
        ci_low: Lower end of the confidence interval of `diff`.
        ci_high: Upper end.
        confidence: Confidence level of the interval.
        effect_size: Standardised effect, mean difference / sd of differences
            (Cohen's d_z); NaN when the differences do not vary.
        p_value: Two-sided paired t-test p-value.
        sd_a: Standard deviation of scenario a over replications.
        sd_b: Standard deviation of scenario b.
        sd_diff: Standard deviation of the differences.
    """

    n: int
    mean_a: float
    mean_b: float
    diff: float
    ci_low: float
    ci_high: float
    confidence: float
    effect_size: float
    p_value: float
    sd_a: float = math.nan
    sd_b: float = math.nan
    sd_diff: float = math.nan

    @property
    def spread(self) -> float:
        """Average standard deviation of the two scenarios, sqrt((sd_a^2 + sd_b^2) / 2)."""
        return math.sqrt((self.sd_a**2 + self.sd_b**2) / 2.0)

    @property
    def effect_size_av(self) -> float:
        """Mean difference over `spread` (Cohen's d_av); NaN when neither scenario varies."""
        return _standardise(self.diff, self.spread)

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval excludes zero (the difference is clear at this confidence)."""
        return bool(self.ci_low > 0 or self.ci_high < 0)

    @property
    def half_width(self) -> float:
        """Half the width of the interval."""
        return (self.ci_high - self.ci_low) / 2.0

    def as_dict(self) -> dict[str, float]:
        """All fields plus `excludes_zero`, `half_width` and `effect_size_av`."""
        return {
            **asdict(self),
            "excludes_zero": self.excludes_zero,
            "half_width": self.half_width,
            "effect_size_av": self.effect_size_av,
        }


def _standardise(value: float, scale: float) -> float:
    # A zero scale means no variation at all: a zero difference is then "no effect"
    # (NaN, nothing to standardise) and any other difference is infinitely clear.
    if scale > 0.0:
        return value / scale
    return math.nan if value == 0.0 else math.copysign(math.inf, value)


def paired_difference(a, b, confidence: float = 0.95) -> PairedDifference:
    """Paired difference ``b - a`` with a t-interval, effect size and p-value.

    Pairs where either value is NaN are dropped.

    Args:
        a: Values of scenario a, one per replication.
        b: Values of scenario b, same replications in the same order.
        confidence: Confidence level of the interval (0-1).

    Returns:
        The paired difference.

    Raises:
        ValueError: If a and b differ in length or fewer than 2 pairs are defined.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired samples differ in length: {a.size} and {b.size}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence {confidence} is not between 0 and 1")
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    n = int(a.size)
    if n < 2:
        raise ValueError(f"need at least 2 replications with both values, got {n}")
    d = b - a
    mean = float(d.mean())
    sd = float(d.std(ddof=1))
    if sd == 0.0:
        low = high = mean
        p = 1.0 if mean == 0.0 else 0.0
    else:
        sem = sd / math.sqrt(n)
        st = scipy_stats()
        low, high = st.t.interval(confidence, n - 1, loc=mean, scale=sem)
        p = float(st.ttest_rel(b, a).pvalue)
    return PairedDifference(
        n=n,
        mean_a=float(a.mean()),
        mean_b=float(b.mean()),
        diff=mean,
        ci_low=float(low),
        ci_high=float(high),
        confidence=confidence,
        effect_size=_standardise(mean, sd),
        p_value=p,
        sd_a=float(a.std(ddof=1)),
        sd_b=float(b.std(ddof=1)),
        sd_diff=sd,
    )


def mean_interval(x, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean of `x` (NaNs dropped) with a t-interval: (mean, low, high)."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    m = float(x.mean())
    if x.size < 2 or float(x.std(ddof=1)) == 0.0:
        return (m, m, m)
    st = scipy_stats()
    low, high = st.t.interval(confidence, x.size - 1, loc=m, scale=st.sem(x))
    return (m, float(low), float(high))


def replications_needed(sd: float, target: float, confidence: float = 0.95, n_min: int = 2) -> int:
    """Fewest replications whose t-interval half-width is at most `target`.

    Solves ``t_{conf, n-1} * sd / sqrt(n) <= target`` for the smallest whole n,
    treating `sd` (the standard deviation of the paired differences, estimated so
    far) as known. Used to size the next batch when adding replications until the
    intervals are narrow enough.

    Args:
        sd: Standard deviation of the differences (>= 0).
        target: Wanted half-width (> 0).
        confidence: Confidence level of the interval (0-1).
        n_min: Smallest answer (at least 2, the fewest a t-interval needs).

    Returns:
        The number of replications.

    Raises:
        ValueError: For a negative or NaN `sd`, a target that is not positive, or a
            confidence outside (0, 1).
    """
    if not sd >= 0.0:
        raise ValueError(f"sd {sd} is not a number >= 0")
    if not target > 0.0:
        raise ValueError(f"target half-width {target} is not a number > 0")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence {confidence} is not between 0 and 1")
    n = max(2, n_min)
    if sd == 0.0:
        return n
    q = (1.0 + confidence) / 2.0
    st = scipy_stats()
    # Start from the normal approximation (a lower bound, as t > z), then step up:
    # the t quantile falls as n grows, so the first n that fits is the answer.
    n = max(n, math.ceil((st.norm.ppf(q) * sd / target) ** 2))
    while st.t.ppf(q, n - 1) * sd / math.sqrt(n) > target:
        n += 1
    return n
