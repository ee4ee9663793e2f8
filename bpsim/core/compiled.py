"""Compiled loops: the one place the core asks numba for machine code.

A week touches every resident, worker and best person, and the rules for a best person
depend on what the colleague before them did (who was already helped, how much time is
left). Written as numpy calls, such a rule costs many small calls per person and week;
written as a loop and compiled, it costs one. `kernel` is the decorator for such loops.

The loops draw from the model's own `numpy.random.Generator`: numba shares the
generator's state and uses numpy's algorithms, so a compiled loop gives the same draws in
the same order as the Python it replaces, and a run's results stay the same for a seed.
Arithmetic keeps numpy's rules (`error_model="numpy"`: a division by zero gives inf or
nan, not an exception) and no fast-math reordering, so sums come out bit for bit.

Compiled code is cached on disk, so a process pays the compilation once per machine and
version of the kernels, not once per run. numba itself checks a cached kernel against its
own file only: a kernel that calls a kernel of another module, or reads another module's
constant, would keep the old code until its own file changed (a stale callee can even
crash the process). So the cache sits in a folder named after a hash of every module that
defines a kernel, plus `state` (whose status codes the kernels read) and this one: editing
any of them starts a fresh cache, and nothing stale is ever loaded. The folder is under
``$NUMBA_CACHE_DIR`` if set, else the user's cache (``$XDG_CACHE_HOME`` or ``~/.cache``),
``bpsim/numba/<hash>``; when no such folder can be made, numba's own places are used.
Tunable assumptions that tests switch off are passed to kernels as arguments at each
call, since a compiled kernel keeps the value a module constant had when it compiled.
`NUMBA_DISABLE_JIT=1` runs every kernel as plain Python, for a debugger.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import cast

import numba
import numpy as np
from numba.core import config as numba_config
from numba.typed import List

_CORE = Path(__file__).resolve().parent


@cache
def cache_folder() -> str:
    """The folder of this version of the kernels' compiled code (see the module's text).

    Returns:
        A path named after a hash of the sources that kernels are compiled from and of
        numba's and numpy's versions (numba makes the folder when it first writes there).
    """
    digest = hashlib.sha256(f"{numba.__version__} {np.__version__}".encode())
    for path in sorted(_CORE.rglob("*.py")):
        source = path.read_bytes()
        if b"@kernel" in source or path.name in ("state.py", "compiled.py"):
            digest.update(path.relative_to(_CORE).as_posix().encode() + b"\0" + source)
    root = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "bpsim",
        "numba",
    )
    return os.path.join(root, digest.hexdigest()[:16])


def kernel[F: Callable[..., object]](fn: F) -> F:
    """Compile a loop of the model (cached, numpy's arithmetic, no Python objects).

    Args:
        fn: A function of numpy arrays, numbers and `numpy.random.Generator` objects.

    Returns:
        The compiled function, called the same way.
    """
    # numba picks a kernel's cache folder when it is decorated, from its config: point it
    # at this version's folder for bpsim's kernels only, not for other numba code.
    # (numba's config module sets its settings at run time, so they are set by name.)
    before = getattr(numba_config, "CACHE_DIR")  # noqa: B009
    setattr(numba_config, "CACHE_DIR", cache_folder())  # noqa: B010
    try:
        compiled = numba.njit(cache=True, nogil=True, error_model="numpy")(fn)
    finally:
        setattr(numba_config, "CACHE_DIR", before)  # noqa: B010
    # A numba Dispatcher is called like the function it compiles.
    return cast(F, compiled)


@kernel
def choice(rng: np.random.Generator, pool: np.ndarray, size: int) -> np.ndarray:
    """`size` items of `pool` without replacement, as ``rng.choice(pool, size, replace=False)``.

    numba's generators have no `choice`; this is numpy's algorithm (numpy 2: Floyd's
    sampling then a shuffle, or a partial shuffle of a large pool), drawing the same
    bounded integers in the same order, so it gives the same items and leaves the stream
    where numpy would.
    """
    n = pool.shape[0]
    idx = np.empty(size, dtype=np.int64)
    if n > 10000 and size > n // 50:
        # A partial Fisher-Yates shuffle of the tail.
        perm = np.arange(n)
        for i in range(n - 1, max(n - size, 1) - 1, -1):
            other = rng.integers(0, i + 1)
            perm[i], perm[other] = perm[other], perm[i]
        idx[:] = perm[n - size :]
    else:
        # Floyd's algorithm, then the chosen items shuffled.
        seen = np.zeros(n, dtype=np.bool_)
        for j in range(n - size, n):
            val = int(rng.integers(0, j + 1))
            if seen[val]:
                val = j
            seen[val] = True
            idx[j - n + size] = val
        for i in range(size - 1, 0, -1):
            k = rng.integers(0, i + 1)
            idx[i], idx[k] = idx[k], idx[i]
    return pool[idx]


@kernel
def week_order(key: np.ndarray) -> np.ndarray:
    """The stable order of whole-number keys (weeks), as ``np.argsort(key, kind="stable")``.

    A queue is sorted by the week each case joined it: many cases share a week, and the
    weeks span a few hundred values, so counting them sorts a list in one pass where a
    merge sort compares (a stable sort has one answer, so the order is the same). Keys
    spread wider than the list is long fall back to the merge sort.
    """
    n = key.size
    if n == 0:
        return np.empty(0, dtype=np.int64)
    low = key.min()
    span = np.int64(key.max() - low) + 1
    if span > 4 * n + 1024:
        return np.argsort(key, kind="mergesort")
    start = np.zeros(span + 1, dtype=np.int64)
    for i in range(n):
        start[key[i] - low + 1] += 1
    for v in range(span):
        start[v + 1] += start[v]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        v = key[i] - low
        out[start[v]] = i
        start[v] += 1
    return out


@kernel
def _block(a: np.ndarray, lo: int, n: int) -> float:
    """Sum of at most 128 items ``a[lo:lo + n]`` as numpy does: in order below 8, else 8 lanes."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    # Eight lanes in locals, not an array: a block is summed thousands of times a week,
    # and an array of eight would be allocated for each.
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - (n % 8):
        k = lo + i
        r0 += a[k]
        r1 += a[k + 1]
        r2 += a[k + 2]
        r3 += a[k + 3]
        r4 += a[k + 4]
        r5 += a[k + 5]
        r6 += a[k + 6]
        r7 += a[k + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@kernel
def pairwise_sum(a: np.ndarray) -> float:
    """The sum of a 1-D float array in numpy's order (``a.sum()``), bit for bit.

    numpy sums in blocks (pairwise: halves, down to blocks of 128 summed in eight lanes),
    a loop in order: the two differ in the last bit, and a sum that feeds a comparison or
    a ledger must be numpy's. The halving runs on a stack of its own (a recursive kernel
    crashes when loaded from numba's cache).
    """
    n = a.shape[0]
    if n <= 128:
        return _block(a, 0, n)
    # Each open half: its start, length, stage (0 new, 1 left pending, 2 left done,
    # 3 right pending, 4 both done) and the sums of its two halves.
    lo = np.zeros(64, dtype=np.int64)
    size = np.zeros(64, dtype=np.int64)
    stage = np.zeros(64, dtype=np.int64)
    left = np.zeros(64)
    right = np.zeros(64)
    size[0] = n
    top = 0
    total = 0.0
    while top >= 0:
        half = size[top] // 2
        half -= half % 8
        value = 0.0
        done = False
        if size[top] <= 128:
            value, done = _block(a, lo[top], size[top]), True
        elif stage[top] == 0 or stage[top] == 2:
            first = stage[top] == 0
            stage[top] += 1
            lo[top + 1] = lo[top] if first else lo[top] + half
            size[top + 1] = half if first else size[top] - half
            stage[top + 1] = 0
            top += 1
        else:  # stage 4: both halves summed
            value, done = left[top] + right[top], True
        if done:
            top -= 1
            if top < 0:
                total = value
            elif stage[top] == 1:
                left[top], stage[top] = value, 2
            else:
                right[top], stage[top] = value, 4
    return total


@kernel
def cells_where(flat: np.ndarray, code) -> np.ndarray:
    """The places in `flat` that hold `code`, in order (e.g. the problems of one status).

    Without a branch per item: a pass that tests each cell and jumps mispredicts wherever
    the cells that count are scattered (a status held by a few cells in ten), while
    writing every place and moving on only past those that count runs at the speed of
    the memory. A kernel then loops over the places found, not over every cell.
    """
    places = np.empty(flat.size, dtype=np.intp)
    m = 0
    for k in range(flat.size):
        places[m] = k
        m += flat[k] == code
    return places[:m]


@kernel
def team_draws(streams, at, counts, layers: int, width: int) -> np.ndarray:
    """Uniform numbers, (layers, width) per item, each person's from their own stream.

    Person i (stream ``streams[at[i]]``) draws ``random((counts[i], layers, width))`` for
    their `counts[i]` items; the blocks are stacked in the team's order.
    """
    out = np.empty((counts.sum(), layers, width))
    e = 0
    for i in range(at.size):
        out[e : e + counts[i]] = streams[at[i]].random((counts[i], layers, width))
        e += counts[i]
    return out


#: numba's type of a `numpy.random.Generator` (the item type of `generators`).
_GENERATOR = numba.typeof(np.random.default_rng(0))


def generators(streams: Iterable[np.random.Generator]) -> List:
    """The streams as a list a kernel takes (a numba typed list).

    A kernel that is handed a Python generator reads its state pointers afresh at each
    call (some microseconds a generator); a typed list holds them, so a list kept from
    week to week costs nothing to hand over. Grow it with `add_generator`.
    """
    out = _no_generators()
    for s in streams:
        add_generator(out, s)
    return out


# The typed list is made and grown by kernels of bpsim's own: numba's List.empty_list
# and List.append, called from Python, compile afresh in every process (about 0.3 s
# before a process's first run, in every worker of a comparison), as numba does not
# cache its own helpers; these are cached like every kernel.
@kernel
def _no_generators() -> List:
    return List.empty_list(_GENERATOR)


@kernel
def add_generator(streams: List, stream: np.random.Generator) -> None:
    """Put `stream` at the end of a typed list of streams (`generators`)."""
    streams.append(stream)
