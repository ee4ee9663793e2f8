"""The compiled loops' stand-ins for numpy: they must give numpy's numbers bit for bit.

The team kernels draw households with `compiled.choice` and book hours with
`compiled.pairwise_sum`; a run's results stay the same for a seed only while these agree
with ``Generator.choice`` and ``ndarray.sum`` exactly, stream state included. A numpy that
changed either algorithm fails here first (then the pinned results would move too).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bpsim.core import compiled


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    pool=st.integers(1, 800),
    share=st.floats(0.0, 1.0),
    before=st.integers(0, 3),
)
def test_choice_is_numpys_choice_without_replacement(seed, pool, share, before):
    items = np.random.default_rng(seed + 1).permutation(3 * pool)[:pool]
    size = int(share * pool)
    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    # A bounded draw first leaves half a 32-bit word cached in the stream's state.
    ours.integers(0, 7, before)
    numpys.integers(0, 7, before)
    assert np.array_equal(
        compiled.choice(ours, items, size), numpys.choice(items, size=size, replace=False)
    )
    assert ours.random() == numpys.random()  # the streams go on from the same place


def test_choice_from_a_large_pool_shuffles_its_tail_as_numpy_does():
    items = np.arange(30_000)
    for size in (0, 100, 700, 29_999):  # numpy switches algorithm above 10,000 and a fiftieth
        ours, numpys = np.random.default_rng(size), np.random.default_rng(size)
        assert np.array_equal(
            compiled.choice(ours, items, size), numpys.choice(items, size=size, replace=False)
        )
        assert ours.random() == numpys.random()


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 3000), seed=st.integers(0, 2**16), scale=st.sampled_from([1e-3, 1, 1e6]))
def test_pairwise_sum_is_numpys_sum(n, seed, scale):
    values = np.random.default_rng(seed).random(n) * scale
    assert compiled.pairwise_sum(values) == values.sum()


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 3000),
    seed=st.integers(0, 2**16),
    low=st.integers(-300, 300),
    span=st.sampled_from([1, 5, 260, 10**6]),
)
def test_week_order_is_numpys_stable_argsort(n, seed, low, span):
    # Many ties (a few weeks), the usual spread, and a spread wide enough to merge instead.
    key = np.random.default_rng(seed).integers(low, low + span, n)
    assert np.array_equal(compiled.week_order(key), np.argsort(key, kind="stable"))


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 2000),
    seed=st.integers(0, 2**16),
    kinds=st.integers(1, 6),
    code=st.integers(0, 5),
)
def test_cells_where_are_numpys_flatnonzero(n, seed, kinds, code):
    # Status codes as the residents hold them (int8), some statuses absent altogether.
    flat = np.random.default_rng(seed).integers(0, kinds, n).astype(np.int8)
    got = compiled.cells_where(flat, np.int8(code))
    assert got.dtype == np.intp and np.array_equal(got, np.flatnonzero(flat == code))


def test_pairwise_sum_differs_from_a_loop_where_numpy_does():
    # The reason it exists: summing in order moves the last bit.
    values = np.random.default_rng(5).random(1000)
    in_order = 0.0
    for v in values:
        in_order += v
    assert compiled.pairwise_sum(values) == values.sum() != in_order
    assert compiled.pairwise_sum(np.random.default_rng(6).random(200_001)) == (
        np.random.default_rng(6).random(200_001).sum()
    )


def _baked_constants() -> dict[str, str]:
    """Module-level numbers each kernel of `bpsim.core` reads as globals, by name.

    numba copies such a global into the compiled code when it compiles (and its cache keeps
    it), so a later change of the module attribute never reaches the kernel.
    """
    import importlib
    import numbers
    import pkgutil
    from types import ModuleType

    from numba.core.registry import CPUDispatcher

    import bpsim.core
    import bpsim.core.mechanisms

    names = [f"bpsim.core.{m.name}" for m in pkgutil.iter_modules(bpsim.core.__path__)]
    names += [
        f"bpsim.core.mechanisms.{m.name}"
        for m in pkgutil.iter_modules(bpsim.core.mechanisms.__path__)
    ]
    baked: dict[str, str] = {}
    for module in map(importlib.import_module, names):
        for name, value in vars(module).items():
            if not isinstance(value, CPUDispatcher) or value.py_func.__module__ != module.__name__:
                continue
            code = [value.py_func.__code__]
            read: set[str] = set()
            while code:
                c = code.pop()
                read |= set(c.co_names)
                code += [k for k in c.co_consts if hasattr(k, "co_names")]
            # Globals of the kernel's module, and attributes of the modules it reads
            # (`help_seeking.PERSONAL_LINK` is frozen the same way).
            spaces = [module.__dict__] + [
                vars(v) for v in map(module.__dict__.get, read) if isinstance(v, ModuleType)
            ]
            for constant in read:
                if any(isinstance(space.get(constant), numbers.Real) for space in spaces):
                    baked.setdefault(constant, f"{module.__name__}.{name}")
    return baked


def test_no_test_switches_off_a_constant_a_kernel_has_compiled_in():
    # A test (or an ablation) that sets a module constant must reach every kernel that uses
    # it: such a constant is passed to the kernel as an argument, read at each call.
    import re
    from pathlib import Path

    baked = _baked_constants()
    assert "SEVERITY_LOW" in baked  # the scan sees globals in kernels (a real one)
    patched = {
        name
        for path in Path(__file__).parent.glob("test_*.py")
        for name in re.findall(r'monkeypatch\.setattr\(\s*\w+,\s*"([A-Z][A-Z0-9_]*)"',
                               path.read_text(encoding="utf-8"))
    }  # fmt: skip
    assert "LEARNING_RATE" in patched  # the scan sees the tests' patches (a real one)
    clash = {name: baked[name] for name in patched & set(baked)}
    assert not clash, f"switched off in a test but compiled into a kernel: {clash}"


def test_a_list_of_streams_grown_one_by_one_draws_from_each_stream_itself():
    # The model starts with no best person's stream and adds each new person's.
    streams = compiled.generators(())
    mine = [np.random.default_rng(s) for s in (1, 2, 3)]
    for g in mine:
        compiled.add_generator(streams, g)
    # (Not len(streams): numba compiles a typed list's Python methods afresh in each
    # process, some seconds; reading the third stream below shows there are three.)
    got = compiled.team_draws(streams, np.array([2, 0]), np.array([1, 2]), 1, 4)
    want = np.concatenate(
        [np.random.default_rng(3).random((1, 1, 4)), np.random.default_rng(1).random((2, 1, 4))]
    )
    np.testing.assert_array_equal(got, want)
    # The draws moved the streams themselves, as a draw in Python would.
    assert mine[0].random() == np.random.default_rng(1).random(9)[8]
    assert mine[1].random() == np.random.default_rng(2).random()
