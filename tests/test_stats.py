"""Paired statistics against known cases and against simulated experiments."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as st

from bpsim.machinery.stats import mean_interval, paired_difference, replications_needed


def test_interval_matches_the_textbook_formula():
    # Differences 1..5: mean 3, sd sqrt(2.5), se sqrt(0.5); t(0.975, 4) = 2.7764451.
    a = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    b = a + np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    r = paired_difference(a, b)
    half = 2.7764451052 * math.sqrt(0.5)
    assert r.n == 5
    assert r.diff == pytest.approx(3.0)
    assert r.ci_low == pytest.approx(3.0 - half, rel=1e-9)
    assert r.ci_high == pytest.approx(3.0 + half, rel=1e-9)
    assert r.half_width == pytest.approx(half, rel=1e-9)
    # t = 3 / sqrt(0.5) with 4 degrees of freedom.
    assert r.p_value == pytest.approx(2 * st.t.sf(3.0 / math.sqrt(0.5), 4), rel=1e-9)
    assert r.excludes_zero


def test_effect_sizes_follow_their_formulas():
    a = np.array([1.0, 2.0, 4.0, 7.0])
    b = np.array([2.0, 2.5, 6.0, 7.5])
    d = b - a
    r = paired_difference(a, b)
    assert r.effect_size == pytest.approx(d.mean() / d.std(ddof=1))
    spread = math.sqrt((a.std(ddof=1) ** 2 + b.std(ddof=1) ** 2) / 2)
    assert r.spread == pytest.approx(spread)
    assert r.effect_size_av == pytest.approx(d.mean() / spread)
    assert (r.sd_a, r.sd_b, r.sd_diff) == pytest.approx(
        (a.std(ddof=1), b.std(ddof=1), d.std(ddof=1))
    )
    # Strongly correlated pairs: d_z is far larger than d_av (why both are reported).
    assert abs(r.effect_size) > abs(r.effect_size_av)


def test_direction_is_b_minus_a():
    r = paired_difference([5.0, 6.0, 7.0], [4.0, 4.5, 6.5])
    assert r.diff < 0 and r.effect_size < 0 and r.effect_size_av < 0
    assert r.mean_a == pytest.approx(6.0) and r.mean_b == pytest.approx(5.0)


def _coverage(true_diff: float, n: int, experiments: int, seed: int) -> tuple[float, float]:
    """Share of intervals that cover the true difference, and of those excluding zero."""
    rng = np.random.default_rng(seed)
    covered = rejected = 0
    for _ in range(experiments):
        # A shared "neighbourhood" term makes the pairs correlated, as under CRN.
        shared = rng.normal(0.0, 2.0, n)
        a = 10.0 + shared + rng.normal(0.0, 0.5, n)
        b = 10.0 + true_diff + shared + rng.normal(0.0, 0.5, n)
        r = paired_difference(a, b)
        covered += r.ci_low <= true_diff <= r.ci_high
        rejected += r.excludes_zero
    return covered / experiments, rejected / experiments


@pytest.mark.slow
def test_interval_covers_the_true_difference_at_the_nominal_rate():
    coverage, _ = _coverage(true_diff=0.3, n=10, experiments=2000, seed=1)
    # Binomial sd at 2000 experiments is 0.005: [0.93, 0.97] is +/- 4 sd.
    assert 0.93 <= coverage <= 0.97


@pytest.mark.slow
def test_no_true_difference_looks_clear_about_one_time_in_twenty():
    _, false_alarms = _coverage(true_diff=0.0, n=8, experiments=2000, seed=2)
    assert 0.03 <= false_alarms <= 0.07


def test_nan_pairs_are_dropped_not_the_whole_outcome():
    a = [1.0, np.nan, 3.0, 4.0, 5.0]
    b = [2.0, 2.0, np.nan, 5.5, 6.0]
    r = paired_difference(a, b)
    assert r.n == 3
    assert r.diff == pytest.approx(np.mean([1.0, 1.5, 1.0]))
    assert r.mean_a == pytest.approx(np.mean([1.0, 4.0, 5.0]))


def test_too_few_defined_pairs_is_an_error():
    with pytest.raises(ValueError, match="at least 2"):
        paired_difference([1.0, np.nan], [np.nan, 2.0])


def test_samples_of_different_length_are_an_error():
    with pytest.raises(ValueError, match="differ in length"):
        paired_difference([1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.1])
def test_confidence_outside_zero_one_is_an_error(confidence):
    with pytest.raises(ValueError, match="confidence"):
        paired_difference([1.0, 2.0], [2.0, 3.0], confidence)


def test_identical_samples_give_no_effect():
    r = paired_difference([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert r.diff == 0 and r.ci_low == 0 and r.ci_high == 0
    assert math.isnan(r.effect_size)
    assert r.p_value == 1.0
    assert not r.excludes_zero


def test_a_constant_shift_is_infinitely_clear():
    r = paired_difference([1.0, 2.0, 3.0], [1.5, 2.5, 3.5])
    assert r.ci_low == r.ci_high == pytest.approx(0.5)
    assert r.effect_size == math.inf
    assert r.excludes_zero


def test_no_variation_in_either_scenario():
    r = paired_difference([1.0, 1.0, 1.0], [0.0, 0.0, 0.0])
    assert r.spread == 0.0
    assert r.effect_size_av == -math.inf
    assert r.as_dict()["effect_size_av"] == -math.inf


def test_as_dict_has_every_field_and_the_derived_ones():
    d = paired_difference([1.0, 2.0, 4.0], [2.0, 2.5, 4.5]).as_dict()
    for key in ("n", "diff", "ci_low", "ci_high", "p_value", "effect_size", "sd_diff",
                "excludes_zero", "half_width", "effect_size_av"):  # fmt: skip
        assert key in d


def test_mean_interval():
    m, low, high = mean_interval([1.0, 2.0, 3.0, np.nan])
    half = st.t.ppf(0.975, 2) * 1.0 / math.sqrt(3)
    assert m == pytest.approx(2.0)
    assert (low, high) == pytest.approx((2.0 - half, 2.0 + half))
    assert all(math.isnan(v) for v in mean_interval([np.nan]))
    assert mean_interval([4.0]) == (4.0, 4.0, 4.0)


@pytest.mark.parametrize("sd,target", [(1.0, 0.5), (0.3, 0.01), (5.0, 4.0), (2.0, 0.05)])
def test_replications_needed_is_the_smallest_n_that_fits(sd, target):
    n = replications_needed(sd, target)

    def half(k: int) -> float:
        return st.t.ppf(0.975, k - 1) * sd / math.sqrt(k)

    assert half(n) <= target
    assert n == 2 or half(n - 1) > target


def test_replications_needed_edge_cases():
    assert replications_needed(0.0, 0.1) == 2
    assert replications_needed(0.0, 0.1, n_min=7) == 7
    for sd, target, confidence in [(-1.0, 0.1, 0.95), (math.nan, 0.1, 0.95),
                                   (1.0, 0.0, 0.95), (1.0, 0.1, 1.0)]:  # fmt: skip
        with pytest.raises(ValueError):
            replications_needed(sd, target, confidence)
