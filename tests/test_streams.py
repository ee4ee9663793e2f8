"""Reading a stream at chosen places (`bpsim.core.streams`) gives numpy's numbers, bit for bit.

`needs.arise` and `needs.resolve` read a block of uniform numbers only where they use
it; a run's results stay the same for a seed only while the numbers read are the ones
``Generator.random`` would give at those places and the stream ends where numpy's block
would have left it.
"""

from __future__ import annotations

import sys

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpsim.core import streams
from bpsim.core.mechanisms import needs, referrals
from bpsim.core.state import APPLYING, HELPED, INFORMAL, NONE, OPEN, TIED, WAITING


@numba.njit
def _uniforms(state, n):
    out = np.empty(n)
    for i in range(n):
        out[i] = streams.uniform(state)
    return out


@numba.njit
def _skips(state, ks):
    for k in ks:
        streams.skip(state, k)


@numba.njit
def _read(state, places, layers, size):
    """Numbers `places` of each of `layers` layers of `size`, through one cursor a layer."""
    out = np.empty((layers, places.size))
    for layer in range(layers):
        cur = streams.cursor(state, layer * size)
        pos = 0
        for e in range(places.size):
            out[layer, e] = streams.at(cur, pos, places[e])
            pos = places[e] + 1
        if layer == layers - 1:
            streams.finish(state, cur, pos, size)
    return out


@numba.njit
def _in_words(state, n):
    """`n` numbers stepped in two local words (`streams.advance`), as a full layer reads them."""
    s_lo, s_hi, inc_lo, inc_hi = state[0, 0], state[0, 1], state[1, 0], state[1, 1]
    out = np.empty(n)
    for i in range(n):
        s_lo, s_hi = streams.advance(s_lo, s_hi, inc_lo, inc_hi)
        out[i] = streams.double(s_lo, s_hi)
    state[0, 0], state[0, 1] = s_lo, s_hi
    return out


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63), n=st.integers(0, 3000))
def test_stepping_in_words_is_numpys_random(seed, n):
    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    assert np.array_equal(_in_words(streams.state(ours), n), numpys.random(n))
    assert ours.bit_generator.state == numpys.bit_generator.state


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63), sizes=st.lists(st.integers(0, 600), max_size=4))
def test_filling_a_buffer_is_numpys_random(seed, sizes):
    """Four stretches side by side give numpy's numbers in order, and the stream goes on
    where numpy's would (sizes below four included, where the stretches are empty)."""
    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    state = streams.state(ours)
    for n in sizes:
        out = np.full(n, -1.0)
        streams.fill(state, out)
        assert np.array_equal(out, numpys.random(n))
        assert np.array_equal(streams.uniforms(state, 3), numpys.random(3))
    assert ours.bit_generator.state == numpys.bit_generator.state


def test_filling_refuses_a_table():
    # A kernel checks no bounds: a 2-D buffer would be written past its end.
    with pytest.raises(ValueError, match="1-D buffer"):
        streams.fill(streams.state(np.random.default_rng(0)), np.zeros((3, 4)))


def test_uniform_is_numpys_random_and_shares_the_generators_state():
    ours, numpys = np.random.default_rng(3), np.random.default_rng(3)
    state = streams.state(ours)
    assert streams.state(ours) is state  # one view per generator, kept
    for n in (0, 1, 7, 1000):
        assert np.array_equal(_uniforms(state, n), numpys.random(n))
        # numpy's own draws go on where the kernel left the stream, and the other way.
        assert np.array_equal(ours.random(5), numpys.random(5))
    assert ours.bit_generator.state == numpys.bit_generator.state


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), ks=st.lists(st.integers(0, 2**45), max_size=6))
def test_skip_is_numpys_advance(seed, ks):
    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    _skips(streams.state(ours), np.array(ks, dtype=np.int64))
    for k in ks:
        numpys.bit_generator.advance(k)
    assert ours.bit_generator.state == numpys.bit_generator.state


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 3000),
    layers=st.integers(1, 3),
    share=st.floats(0.0, 1.0),
)
def test_layers_read_in_places_are_numpys_block(seed, size, layers, share):
    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    places = np.flatnonzero(np.random.default_rng(seed + 1).random(size) < share)
    got = _read(streams.state(ours), places, layers, size)
    block = numpys.random((layers, size))
    assert np.array_equal(got, block[:, places])
    assert ours.bit_generator.state == numpys.bit_generator.state  # left after the block


def test_state_refuses_a_generator_it_cannot_read():
    with pytest.raises(TypeError, match="PCG64"):
        streams.state(np.random.Generator(np.random.MT19937(1)))


def _cells(seed, n=400, d=5):
    """Households' problem arrays in every status, as `arise` and `resolve` take them."""
    g = np.random.default_rng(seed)
    status = g.choice([NONE, NONE, NONE, OPEN, APPLYING, WAITING, HELPED, INFORMAL], (n, d))
    severity = np.where(status != NONE, g.uniform(0.2, 1.0, (n, d)), 0.0)
    return status.astype(np.int8), severity, g


def test_arise_uses_numpys_block_where_numpy_did():
    status, severity, g = _cells(1)
    n, d = status.shape
    before_status, before_severity = status.copy(), severity.copy()
    bp_tie = g.random(n)
    ours, numpys = np.random.default_rng(9), np.random.default_rng(9)
    arrays = dict(
        onset=np.zeros((n, d), np.int32), entitled=np.zeros((n, d), bool),
        tied_at_onset=np.zeros((n, d), bool), step=np.zeros((n, d), np.int16),
        support=np.zeros((n, d)), personal=np.zeros((n, d), bool),
        counted=np.zeros((n, d), bool), settled=np.zeros((n, d), bool),
        wrongful=np.zeros((n, d), bool), helper=np.zeros((n, d), np.int32),
    )  # fmt: skip
    a = arrays
    new = needs._arise(
        status, severity, a["onset"], a["entitled"], a["tied_at_onset"], a["step"],
        a["support"], a["personal"], a["counted"], a["settled"], a["wrongful"], a["helper"],
        bp_tie, streams.state(ours), 0.05, 0.5, 0.4, 3, TIED,
    )  # fmt: skip
    # The numpy rule: the whole block drawn, each layer used where it applies.
    draws = numpys.random((3, n, d))
    hazard = 0.05 * (1.0 + 0.5 * (before_status != NONE).sum(axis=1))
    arisen = (before_status == NONE) & (draws[0] < hazard[:, None])
    assert new == arisen.sum() > 0
    assert np.array_equal(status, np.where(arisen, OPEN, before_status))
    want = np.where(
        arisen, needs.SEVERITY_LOW + (1 - needs.SEVERITY_LOW) * draws[1], before_severity
    )
    assert np.array_equal(severity, want)
    assert np.array_equal(a["entitled"], arisen & (draws[2] < 0.4))
    assert ours.bit_generator.state == numpys.bit_generator.state


def test_resolve_uses_numpys_block_where_numpy_did():
    status, severity, g = _cells(2, n=3000)
    n, d = status.shape
    s0, sev0 = status.copy(), severity.copy()
    wrongful, settled = g.random((n, d)) < 0.2, g.random((n, d)) < 0.3
    helper = np.where(status == INFORMAL, 1, -1).astype(np.int32)
    coordinated = g.random(n) < 0.5
    self_rate = g.random(n) * 0.2
    ours, numpys = np.random.default_rng(4), np.random.default_rng(4)
    solved, informal, first, load = needs._resolve(
        status, severity, wrongful, helper, settled, coordinated.copy(), self_rate,
        streams.state(ours), 0.3, 0.4,
    )  # fmt: skip
    draws = numpys.random((2, n, d))
    unmet = (s0 >= OPEN) & (s0 <= WAITING)
    ended = np.where(
        s0 == HELPED, draws[0] < 0.3,
        np.where(s0 == INFORMAL, draws[0] < 0.4, unmet & (draws[0] < self_rate[:, None])),
    )  # fmt: skip
    gave_out = (s0 == INFORMAL) & ~ended & (draws[1] < needs.INFORMAL_GIVE_OUT * sev0)
    assert solved == (ended & (s0 >= HELPED)).sum()
    assert informal == (ended & (s0 == INFORMAL)).sum() > 0
    assert first == (ended & ~settled).sum()
    assert gave_out.any()
    assert np.array_equal(status, np.where(ended, NONE, np.where(gave_out, OPEN, s0)))
    grown = np.minimum(sev0 + np.where(unmet & ~ended, needs.SEVERITY_GROWTH, 0.0), 1.0)
    assert np.array_equal(severity, np.where(ended, 0.0, grown))
    assert np.array_equal(load, needs._stress_load(status, severity))
    assert ours.bit_generator.state == numpys.bit_generator.state


def test_agencies_coordinate_draws_as_numpy_did():
    status, _, g = _cells(3, n=2000)
    coordinated = g.random(status.shape[0]) < 0.3
    ours, numpys = np.random.default_rng(6), np.random.default_rng(6)
    got = coordinated.copy()
    planned = referrals._agencies_coordinate(status, got, streams.state(ours), 0.4)
    # The numpy rule: one number per household involved with two agencies or more, no plan.
    involved = ((status == APPLYING) | (status == WAITING)).sum(axis=1) >= 2
    rows = np.flatnonzero(involved & ~coordinated)
    rows = rows[numpys.random(rows.size) < 0.4]
    want = coordinated.copy()
    want[rows] = True
    assert planned == rows.size > 0
    assert np.array_equal(got, want)
    assert ours.bit_generator.state == numpys.bit_generator.state


def test_state_views_are_kept_safely_from_many_threads():
    """Threads (the dashboard's sessions) making views at once never fail, beyond the cap."""
    from concurrent.futures import ThreadPoolExecutor

    from bpsim.core import streams

    def views(seed: int) -> bool:
        ok = True
        for k in range(streams._KEEP):
            rng = np.random.default_rng([seed, k])
            view = streams.state(rng)
            ok &= int(view[0, 0]) == rng.bit_generator.state["state"]["state"] & (2**64 - 1)
        return ok

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often, so that a race would show
    try:
        with ThreadPoolExecutor(4) as pool:
            assert all(pool.map(views, range(4)))
    finally:
        sys.setswitchinterval(switching)
    assert len(streams._VIEWS) <= streams._KEEP
