"""Uncertain parameters are declared: every assumption has a plausible range, levers none."""

from __future__ import annotations

from bpsim.core.scenario import LEVERS, PARAMETERS, SPECS, UNCERTAIN, ParamSpec
from bpsim.validation.robustness import PLAUSIBLE


def _population_size(p: ParamSpec) -> bool:
    """Counts and densities of the population (households, agencies, workers per 1,000)."""
    return p.group == "population" and (p.integer or p.name.endswith("_per_1000"))


def _needs_range(p: ParamSpec) -> bool:
    """Assumed values that a robust comparison must be able to vary."""
    if p.group == "lever" or p.name == "steps":
        return False
    if _population_size(p):  # the user's setting, not an uncertainty
        return False
    return "assumption" in p.source.lower()


def test_every_assumption_has_a_plausible_range():
    missing = [p.name for p in PARAMETERS if _needs_range(p) and p.plausible is None]
    assert not missing, f"assumption parameters without a range in UNCERTAIN: {missing}"
    # at the least: every parameter whose source starts with "assumption"
    starts = [p for p in PARAMETERS if p.source.startswith("assumption") and _needs_range(p)]
    assert starts and all(p.plausible is not None for p in starts)


def test_ranges_lie_inside_the_allowed_values_and_hold_the_default():
    for name, r in UNCERTAIN.items():
        spec = SPECS[name]
        assert spec.low <= r.low < r.high <= spec.high, name
        assert r.low <= spec.default <= r.high, name
        assert r.reason.strip() and "\n" not in r.reason, name
        if spec.integer:
            assert isinstance(r.low, int) and isinstance(r.high, int), name


def test_levers_and_counts_are_never_uncertain():
    assert not set(UNCERTAIN) & set(LEVERS)
    counts = {p.name for p in PARAMETERS if _population_size(p)}
    assert not set(UNCERTAIN) & (counts | {"steps"})


def test_ranges_cannot_make_an_inconsistent_world():
    # procedure_steps_min above procedure_steps_max is refused: the ranges must not overlap.
    assert UNCERTAIN["procedure_steps_min"].high <= UNCERTAIN["procedure_steps_max"].low


def test_robustness_table_reads_the_one_record():
    for name, (low, high) in PLAUSIBLE.items():
        if name in LEVERS:
            continue
        assert (low, high) == (UNCERTAIN[name].low, UNCERTAIN[name].high)
