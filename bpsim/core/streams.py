"""Reading a stream at chosen places: the draws numpy would make, without the ones unused.

Some passes over the households draw a whole block of uniform numbers (one per household
and domain, say) for common random numbers, and use only a few of them: the severity and
entitlement of the few new problems, whether informal help gives out on the few problems
that have it. Drawing the block costs about 2 ns a number, 0.2 ms a block at 20,000
households. The stream has to end where numpy would leave it and the numbers used have to
be the ones numpy would give, but the numbers in between need never be made: a
`numpy.random.PCG64` (the bit generator of `numpy.random.default_rng`) is a linear
congruential generator of 128 bits, so it can jump any number of steps at the cost of a
few multiplications (as its own `advance` does), and ``random()`` turns one 64-bit output
into one double (its top 53 bits). This module does both inside a kernel, on the
generator's own state: `state` gives a view of the 256 bits of a generator's state
(state and increment) that a kernel reads and writes in place, `skip` jumps, and
`uniform` is numpy's next ``random()``. numpy's own draws from the same generator before
and after see every change, since the memory is the generator's.

The view follows the layout numpy compiles for its 128-bit numbers (low word first where
the compiler has a 128-bit integer, high word first where it has not); `state` checks it
against the generator's reported state and refuses a generator it cannot read.
"""

from __future__ import annotations

import ctypes
import threading
import warnings

import numpy as np
from llvmlite import ir
from numba import types
from numba.core import config as numba_config
from numba.extending import intrinsic

from bpsim.core.compiled import kernel

if getattr(numba_config, "DISABLE_JIT", False):
    # Run as Python (for a debugger), the words' arithmetic is numpy's scalars', which
    # wrap as the compiled code does but warn at every overflow, the very thing it uses.
    warnings.filterwarnings(
        "ignore", "overflow encountered", RuntimeWarning, module="bpsim.core.streams"
    )

#: PCG64's multiplier (numpy's ``PCG_DEFAULT_MULTIPLIER_128``), high and low 64 bits.
_MULTIPLIER = (2549297995355413924 << 64) + 4865540595714422341
_MASK = (1 << 128) - 1
#: Jump tables, each row a multiplier M^k and the sum 1 + M + ... + M^(k - 1) (mod 2^128),
#: each as its low and high word: row b of `_JUMPS` is k = 2^b (a long jump multiplies
#: the rows of k's set bits together), row k of `_SHORT` is k (a short jump in one go).
_SHORT_JUMPS = 256
_JUMPS = np.zeros((64, 4), dtype=np.uint64)
_SHORT = np.zeros((_SHORT_JUMPS, 4), dtype=np.uint64)


def _words(power: int, total: int) -> tuple[int, int, int, int]:
    return (power & (2**64 - 1), power >> 64, total & (2**64 - 1), total >> 64)


_power, _sum = _MULTIPLIER, 1
for _b in range(64):
    _JUMPS[_b] = _words(_power, _sum)
    _power, _sum = (_power * _power) & _MASK, (_sum * (1 + _power)) & _MASK
_power, _sum = 1, 0
for _k in range(_SHORT_JUMPS):
    _SHORT[_k] = _words(_power, _sum)
    _power, _sum = (_power * _MULTIPLIER) & _MASK, (_sum * _MULTIPLIER + 1) & _MASK
del _power, _sum, _b, _k

#: The generators whose state has a view, each with its view (the newest last). The
#: generator is kept with its view, so its memory outlives the view and no other object
#: takes its `id`; the oldest are forgotten beyond `_KEEP`.
_VIEWS: dict[int, tuple[np.random.Generator, np.ndarray]] = {}
_KEEP = 256
_VIEWS_LOCK = threading.Lock()


def state(rng: np.random.Generator) -> np.ndarray:
    """A view of `rng`'s state that `skip` and `uniform` read and write in place.

    Args:
        rng: A generator on a `numpy.random.PCG64` bit generator.

    Returns:
        A (2, 2) array of uint64, the state and the increment, each low word first,
        sharing the generator's memory (made once per generator and kept).

    Raises:
        TypeError: If the bit generator is not PCG64 or its memory is laid out otherwise.
    """
    kept = _VIEWS.get(id(rng))
    if kept is not None and kept[0] is rng:
        return kept[1]
    bits = rng.bit_generator
    if type(bits) is not np.random.PCG64:
        raise TypeError(f"streams.state needs a PCG64 generator, not {type(bits).__name__}")
    # numpy's PCG64 state struct starts with a pointer to the 128-bit state and increment.
    address = ctypes.c_void_p.from_address(bits.ctypes.state_address).value
    if not address:
        raise TypeError("streams.state found no PCG64 state behind this generator")
    raw = np.ctypeslib.as_array((ctypes.c_uint64 * 4).from_address(address))
    reported = bits.state["state"]
    want = [reported["state"], reported["inc"]]
    view = None
    for order in (slice(None), slice(None, None, -1)):  # low word first, or high first
        candidate = raw.reshape(2, 2)[:, order]
        if [int(w[0]) + (int(w[1]) << 64) for w in candidate] == want:
            view = candidate
            break
    if view is None:
        raise TypeError("streams.state cannot read this numpy's PCG64 state layout")
    # Under a lock: the dashboard steps several sessions' models in threads, and two
    # forgetting the same oldest generator at once would fail on the second.
    with _VIEWS_LOCK:
        _VIEWS[id(rng)] = (rng, view)
        while len(_VIEWS) > _KEEP:
            del _VIEWS[next(iter(_VIEWS))]
    return view


_LOW32 = np.uint64(0xFFFFFFFF)
_32 = np.uint64(32)


@kernel
def _mul(a_lo, a_hi, b_lo, b_hi):
    """The product of two 128-bit numbers mod 2^128, as (low, high) words."""
    # The low words' full 128-bit product from 32-bit halves (numba has no 128-bit type).
    a0, a1 = a_lo & _LOW32, a_lo >> _32
    b0, b1 = b_lo & _LOW32, b_lo >> _32
    p00, p01, p10 = a0 * b0, a0 * b1, a1 * b0
    mid = (p00 >> _32) + (p01 & _LOW32) + (p10 & _LOW32)
    high = a1 * b1 + (p01 >> _32) + (p10 >> _32) + (mid >> _32)
    return a_lo * b_lo, high + a_hi * b_lo + a_lo * b_hi


@kernel
def _add(a_lo, a_hi, b_lo, b_hi):
    """The sum of two 128-bit numbers mod 2^128, as (low, high) words."""
    lo = a_lo + b_lo
    return lo, a_hi + b_hi + np.uint64(lo < a_lo)


if getattr(numba_config, "DISABLE_JIT", False):

    def advance(s_lo, s_hi, i_lo, i_hi):
        """One step of PCG64's state s -> M s + inc (mod 2^128), on its words (see below)."""
        s = (int(s_lo) + (int(s_hi) << 64)) * _MULTIPLIER + int(i_lo) + (int(i_hi) << 64)
        return np.uint64(s & (2**64 - 1)), np.uint64((s >> 64) & (2**64 - 1))

else:

    @intrinsic
    def advance(typingctx, s_lo, s_hi, i_lo, i_hi):
        """One step of PCG64's state, s -> M s + inc (mod 2^128), on its words (low, high).

        A pass that reads many numbers in a row keeps the state in two local words and
        steps it with this: one 128-bit multiply (numba has no 128-bit integer, LLVM
        does), and no trip through memory per number, which `uniform` on a state array
        makes. Two such states stepped in one loop run side by side in the processor.
        """
        words = types.UniTuple(types.uint64, 2)
        sig = words(types.uint64, types.uint64, types.uint64, types.uint64)

        def codegen(context, builder, signature, args):
            wide = ir.IntType(128)
            sixty_four = ir.Constant(wide, 64)

            def join(lo, hi):
                high = builder.shl(builder.zext(hi, wide), sixty_four)
                return builder.or_(builder.zext(lo, wide), high)

            state = join(args[0], args[1])
            state = builder.add(builder.mul(state, ir.Constant(wide, _MULTIPLIER)), join(*args[2:]))
            low = builder.trunc(state, ir.IntType(64))
            high = builder.trunc(builder.lshr(state, sixty_four), ir.IntType(64))
            return context.make_tuple(builder, signature.return_type, [low, high])

        return sig, codegen


@kernel
def double(s_lo, s_hi):
    """The double numpy's ``random()`` makes of the output at state (s_lo, s_hi)."""
    # PCG's XSL-RR output: the two words xor'ed, rotated right by the top 6 bits; a
    # double is its top 53 bits over 2^53.
    x = s_hi ^ s_lo
    r = s_hi >> np.uint64(58)
    out = (x >> r) | (x << ((np.uint64(64) - r) & np.uint64(63)))
    return float(out >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@kernel
def _step(st):
    """One step of PCG64's state, s -> M s + inc (mod 2^128)."""
    st[0, 0], st[0, 1] = advance(st[0, 0], st[0, 1], st[1, 0], st[1, 1])


@kernel
def _jump(st, m_lo, m_hi, c_lo, c_hi):
    """Jump: s -> m s + c inc (mod 2^128), for a table's multiplier m and sum c."""
    s_lo, s_hi = _mul(m_lo, m_hi, st[0, 0], st[0, 1])
    i_lo, i_hi = _mul(c_lo, c_hi, st[1, 0], st[1, 1])
    st[0, 0], st[0, 1] = _add(s_lo, s_hi, i_lo, i_hi)


@kernel
def skip(st, k):
    """Move the generator of state `st` (from `state`) on by `k` outputs, unread."""
    # A step costs one multiplication, a jump two, a long jump two more per set bit of k.
    # (The tables are read item by item: a row as an array would count references.)
    if k <= 2:
        for _ in range(k):
            _step(st)
    elif k < _SHORT_JUMPS:
        _jump(st, _SHORT[k, 0], _SHORT[k, 1], _SHORT[k, 2], _SHORT[k, 3])
    else:
        # k steps of s -> M s + inc are s -> M^k s + (1 + M + ... + M^(k-1)) inc.
        m_lo, m_hi = np.uint64(1), np.uint64(0)
        c_lo, c_hi = np.uint64(0), np.uint64(0)
        b = 0
        while k:
            if k & 1:
                c_lo, c_hi = _mul(c_lo, c_hi, _JUMPS[b, 0], _JUMPS[b, 1])
                c_lo, c_hi = _add(c_lo, c_hi, _JUMPS[b, 2], _JUMPS[b, 3])
                m_lo, m_hi = _mul(m_lo, m_hi, _JUMPS[b, 0], _JUMPS[b, 1])
            k >>= 1
            b += 1
        _jump(st, m_lo, m_hi, c_lo, c_hi)


@kernel
def uniform(st):
    """The next ``random()`` numpy would give from the state `st`: one step, one double."""
    _step(st)
    return double(st[0, 0], st[0, 1])


@kernel
def cursor(st, offset):
    """A copy of the state `st`, moved on by `offset` outputs: a second reader of a block.

    A pass that uses several layers of one block (numbers 0 to size - 1 for one purpose,
    size to 2 size - 1 for the next) reads each layer with its own cursor, in the pass's
    order, and finally puts the last layer's cursor, moved to the block's end, back into
    `st` (`finish`).
    """
    out = np.empty((2, 2), dtype=np.uint64)
    out[:, :] = st
    skip(out, offset)
    return out


@kernel
def at(st, pos, q):
    """Number `q` of a layer whose number `pos` is next (q >= pos): the ones between skipped.

    The caller's next number is then ``q + 1``.
    """
    skip(st, q - pos)
    return uniform(st)


@kernel
def finish(st, last, pos, size):
    """End a block: the last layer's cursor goes to the block's end and becomes `st`.

    `last` is the cursor, number `pos` of its layer next, and `size` the layer's length.
    """
    skip(last, size - pos)
    st[:, :] = last


@kernel
def fill(st, out):
    """Put the next ``out.size`` numbers from the state `st` into `out`, as numpy's ``random``.

    Four stretches of the stream are made side by side, each from its own copy of the
    state moved on to its start (`cursor`): one number depends on the one before it, so
    a single stretch waits for each multiply in turn, while four keep the processor busy
    (1.35 ns a number against 1.9). A pass that reads a layer in full as it goes steps its
    state in local words instead (`advance`): filling a buffer first and reading it
    made `needs._arise` slower (590 us a week at 20,000 households against 440).
    """
    if out.ndim != 1:  # a kernel does not check bounds: a table would be written past
        raise ValueError("streams.fill needs a 1-D buffer")
    n = out.size
    q = n // 4
    inc_lo, inc_hi = st[1, 0], st[1, 1]
    c1, c2, c3 = cursor(st, q), cursor(st, 2 * q), cursor(st, 3 * q)
    a_lo, a_hi = st[0, 0], st[0, 1]
    b_lo, b_hi = c1[0, 0], c1[0, 1]
    c_lo, c_hi = c2[0, 0], c2[0, 1]
    d_lo, d_hi = c3[0, 0], c3[0, 1]
    for k in range(q):
        a_lo, a_hi = advance(a_lo, a_hi, inc_lo, inc_hi)
        b_lo, b_hi = advance(b_lo, b_hi, inc_lo, inc_hi)
        c_lo, c_hi = advance(c_lo, c_hi, inc_lo, inc_hi)
        d_lo, d_hi = advance(d_lo, d_hi, inc_lo, inc_hi)
        out[k] = double(a_lo, a_hi)
        out[q + k] = double(b_lo, b_hi)
        out[2 * q + k] = double(c_lo, c_hi)
        out[3 * q + k] = double(d_lo, d_hi)
    for k in range(4 * q, n):  # the last few, after the fourth stretch
        d_lo, d_hi = advance(d_lo, d_hi, inc_lo, inc_hi)
        out[k] = double(d_lo, d_hi)
    st[0, 0], st[0, 1] = d_lo, d_hi


@kernel
def uniforms(st, n):
    """The next `n` numbers from the state `st`, as numpy's ``random(n)`` gives them."""
    out = np.empty(n)
    fill(st, out)
    return out
