"""The residents' arrays: the compiled passes' writes must reach them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpsim.core.mechanisms import needs
from bpsim.core.model import NeighbourhoodModel
from bpsim.core.state import NONE, Residents, Roster, Team


def _arrays(model: NeighbourhoodModel) -> dict[str, np.ndarray]:
    return {f.name: getattr(model.residents, f.name) for f in dataclasses.fields(Residents)}


def test_the_models_residents_are_one_block_each():
    arrays = _arrays(NeighbourhoodModel(rng=1, n_households=50))
    assert all(a.flags.c_contiguous for a in arrays.values())


@pytest.mark.parametrize("name", ["settled", "status", "trust"])
def test_an_array_that_is_not_one_block_is_refused_by_name(name):
    arrays = _arrays(NeighbourhoodModel(rng=1, n_households=50))
    wide = np.repeat(arrays[name], 2, axis=0)
    arrays[name] = wide[::2]  # the same values, every other row of a larger array
    assert not arrays[name].flags.c_contiguous
    with pytest.raises(ValueError, match=f"Residents.{name}: .*C-contiguous"):
        Residents(**arrays)


def test_a_flag_of_wider_numbers_is_refused():
    arrays = _arrays(NeighbourhoodModel(rng=1, n_households=50))
    arrays["settled"] = arrays["settled"].astype(np.int64)
    with pytest.raises(ValueError, match="Residents.settled: dtype int64 is not allowed"):
        Residents(**arrays)


def test_a_list_is_refused():
    arrays = _arrays(NeighbourhoodModel(rng=1, n_households=50))
    arrays["trust"] = arrays["trust"].tolist()
    with pytest.raises(ValueError, match="Residents.trust: a list"):
        Residents(**arrays)


def test_time_out_settles_through_the_flat_view():
    """`_time_out` writes `settled` through a flat byte view: the writes must land."""
    model = NeighbourhoodModel(rng=3, n_households=300)
    for _ in range(60):
        model.step()
    res = model.residents
    due = (res.status != NONE) & (res.onset <= model.ctx.week - model.p.take_up_window)
    res.settled[:] = False
    needs.time_out(model.ctx)
    assert due.any()
    assert np.array_equal(res.settled, due)


@settings(max_examples=50, deadline=None)
@given(sizes=st.lists(st.integers(0, 70), min_size=1, max_size=12), seed=st.integers(0, 99))
def test_the_rosters_reach_keeps_each_slots_households_as_a_team_reads_them(sizes, seed):
    """Slots set one after another (the arrays growing past their first room) keep their
    own households; a team in any order reads them where the roster's bounds say, as a
    team laid out from its members' arrays would."""
    gen = np.random.default_rng(seed)
    roster = Roster(domains=5, capacity=2)
    given_ = []
    for slot, size in enumerate(sizes):
        roster.claim(slot)
        households = gen.integers(0, 10_000, size=size)
        roster.set_reach(slot, households)
        given_.append(households)
    for slot, households in enumerate(given_):
        assert np.array_equal(roster.reach_of(slot), households)
    order = gen.permutation(len(sizes))
    # By slot (the model's teams: a person's place in the streams is their slot) ...
    reach, bounds = roster.reach, roster.bounds
    for slot in order:
        assert np.array_equal(reach[bounds[slot, 0] : bounds[slot, 1]], given_[slot])
    # ... or laid out in the team's order (a team given its members' arrays).
    laid_out, starts = _team(order, [given_[i] for i in order]).reach_table()
    for i in range(order.size):
        assert np.array_equal(laid_out[starts[i, 0] : starts[i, 1]], given_[order[i]])
    # ... or with the places in the streams given: by place, as the kernels read them.
    placed = dataclasses.replace(_team(order, [given_[i] for i in order]), places=order)
    laid_out, starts = placed.reach_table()
    for i, at in enumerate(order.tolist()):
        assert np.array_equal(laid_out[starts[at, 0] : starts[at, 1]], given_[order[i]])


def _team(slots, reach):
    k = len(slots)
    return Team(
        slots=np.asarray(slots, dtype=np.int64), hours=np.zeros(k), empathy=np.zeros(k),
        entrepreneurship=np.zeros(k), streams=[], reach=reach, group=np.full(k, -1),
    )  # fmt: skip


def test_a_team_without_reach_is_refused_and_a_slots_reach_is_read_only():
    with pytest.raises(ValueError, match="without reach or table"):
        _team([0, 1], None).reach_table()
    assert _team([], None).reach_table()[0].size == 0  # no one: nothing to read
    roster = Roster(domains=5, capacity=1)
    roster.claim(0)
    roster.set_reach(0, np.array([3, 1, 4]))
    with pytest.raises(ValueError, match="read-only"):
        roster.reach_of(0)[0] = 9
