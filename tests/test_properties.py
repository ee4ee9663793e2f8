"""Invariants that hold for any valid scenario (hypothesis)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.outcomes import OUTCOMES, agencies_per_household
from bpsim.core.state import APPLYING, HELPED, INFORMAL, NONE

unit = st.floats(0.0, 1.0, allow_nan=False)

scenarios = st.fixed_dictionaries(
    {
        "rule_burden": unit,
        "freedom_of_movement": unit,
        "personal_component": unit,
        "scouting": unit,
        "training": unit,
        "professional_learning": unit,
        "n_households": st.integers(50, 250),
        "n_agencies": st.integers(4, 8),
        "everyday_doers_per_1000": st.floats(0.0, 20.0),
        "frontline_best_persons_per_1000": st.floats(0.0, 20.0),
        "social_entrepreneurs_per_1000": st.floats(0.0, 15.0),
        "bridge_builders_per_1000": st.floats(0.0, 15.0),
        "rule_reflex": unit,
        "discretion_error": unit,
        "latent_share": st.floats(0.0, 0.2),
        "need_onset_rate": st.floats(0.0, 0.05),
        "problem_spillover": st.floats(0.0, 3.0),
    }
)

SHARES = [
    "take_up", "take_up_low_capacity", "trust", "collective_efficacy", "worker_burnout",
    "worker_turnover", "best_person_retention", "wellbeing",
]  # fmt: skip
NONNEGATIVE = [
    "unmet_need", "time_to_help", "bonding_ties", "bridging_ties", "linking_ties",
    "agencies_per_household", "hours_per_solved_problem",
]  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=scenarios, seed=st.integers(0, 2**32), steps=st.integers(1, 30))
def test_invariants(values, seed, steps):
    m = NeighbourhoodModel(rng=seed, workers_per_1000=40, **values)
    res = m.residents
    for _ in range(steps):
        m.step()
        # Residents' shares stay in [0, 1]; needs, ties and hours never go negative.
        for arr in (res.trust, res.awareness, res.capacity, res.stress, res.severity):
            assert np.all((arr >= 0) & (arr <= 1))
        for arr in (res.bonding, res.bridging, res.linking, res.support):
            assert np.all(arr >= 0)
        assert np.all((res.status >= NONE) & (res.status <= INFORMAL))
        assert np.all((res.status == NONE) == (res.severity == 0))
        assert np.all(m.ledger.hours >= 0) and np.all(m.ledger.solved >= 0)
        # Population bookkeeping.
        wf = m.workforce
        assert wf.hired == len(wf) + wf.left + wf.promoted
        assert len(m.best_persons) <= m.best_persons_ever
    out = m.outcomes
    assert set(OUTCOMES) <= set(out)
    for name in SHARES:
        assert np.isnan(out[name]) or 0.0 <= out[name] <= 1.0, name
    for name in NONNEGATIVE:
        assert np.isnan(out[name]) or out[name] >= 0.0, name


def _agencies_per_household_by_masks(status, coordinated, membership) -> float:
    """`agencies_per_household` as masked array arithmetic: its definition, spelt out."""
    multi = (status != NONE).sum(axis=1) >= 2
    st_ = status[multi]
    involved = (st_ >= APPLYING) & (st_ <= HELPED)
    count = ((involved.astype(float) @ membership) > 0).sum(axis=1).astype(float)
    count[coordinated[multi]] = np.minimum(count[coordinated[multi]], 1.0)
    count = count[count > 0]
    return float(count.mean()) if count.size else math.nan


@settings(max_examples=60, deadline=None)
@given(
    households=st.lists(
        st.tuples(st.lists(st.integers(NONE, INFORMAL), min_size=5, max_size=5), st.booleans()),
        min_size=1,
        max_size=40,
    ),
    agencies=st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=1, max_size=8),
)
def test_agencies_per_household_counts_as_defined(households, agencies):
    # Any status mix, coordination and agencies, a domain served by none or by several.
    status = np.array([h[0] for h in households], dtype=np.int8)
    coordinated = np.array([h[1] for h in households])
    membership = np.array(agencies, dtype=float).T
    res = SimpleNamespace(status=status, coordinated=coordinated)
    got = agencies_per_household(res, membership)
    want = _agencies_per_household_by_masks(status, coordinated, membership)
    assert got == want or (math.isnan(got) and math.isnan(want))
