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

Compiled code is cached on disk next to the module (or in numba's user cache when the
package folder is read-only), so a CLI run pays the compilation once per machine, not
once per run. `NUMBA_DISABLE_JIT=1` runs every kernel as plain Python, for a debugger.

numba renews a kernel's cache when the kernel's own module changes, not when another
module it reads does: a constant or a kernel of another module stays in the cache as it
was when compiled (a stale kernel can even crash the process). So a kernel takes another
module's tunable constants as arguments and calls only kernels of its own module; the
status codes of `state` are the one exception, as they never change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numba


def kernel[F: Callable[..., object]](fn: F) -> F:
    """Compile a loop of the model (cached, numpy's arithmetic, no Python objects).

    Args:
        fn: A function of numpy arrays, numbers and `numpy.random.Generator` objects.

    Returns:
        The compiled function, called the same way.
    """
    # A numba Dispatcher is called like the function it compiles.
    return cast(F, numba.njit(cache=True, nogil=True, error_model="numpy")(fn))
