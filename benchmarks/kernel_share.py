"""Where a week goes: the share of a run spent inside bpsim's compiled kernels.

Every numba kernel that a module of `bpsim.core` calls from Python is wrapped in a timer
(a kernel called from another kernel is counted in its caller), then the default scenario
runs at the given size. What is not inside a kernel is Python around them and numpy's own
work, chiefly the random draws made in numpy. This bounds what compiling more loops can
win: a run can get no faster than its kernels' share of it.

Usage::

    uv run python benchmarks/kernel_share.py --households 2000
"""

from __future__ import annotations

import argparse
import collections
import importlib
import pkgutil
import time
from collections.abc import Callable


def _timed(counter: collections.Counter, name: str, kernel: Callable) -> Callable:
    """`kernel`, adding its seconds to `counter[name]` at each call."""

    def call(*args, **kwargs):
        start = time.perf_counter()
        try:
            return kernel(*args, **kwargs)
        finally:
            counter[name] += time.perf_counter() - start

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=260)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=8, help="kernels to list")
    args = parser.parse_args()

    from numba.core.registry import CPUDispatcher

    import bpsim.core.mechanisms as mechanisms
    from bpsim.core import agents, counting, outcomes, workforce
    from bpsim.core import model as model_module

    modules = [
        importlib.import_module(f"{mechanisms.__name__}.{info.name}")
        for info in pkgutil.iter_modules(mechanisms.__path__)
    ] + [model_module, counting, agents, workforce, outcomes]

    def build():
        return model_module.NeighbourhoodModel(rng=args.seed, n_households=args.households)

    # Load (or compile) every kernel before any is wrapped: numba binds the kernels a
    # kernel calls when it compiles it, and a timing wrapper in their place is plain
    # Python it cannot call (so with an empty cache the run failed at the first such call).
    warm = build()
    for _ in range(30):
        warm.step()
    seconds: collections.Counter = collections.Counter()
    wrapped = 0
    for module in modules:
        for name, value in list(vars(module).items()):
            if isinstance(value, CPUDispatcher):
                label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
                setattr(module, name, _timed(seconds, label, value))
                wrapped += 1

    build().step()  # the first step of a model through the wrappers, before the clock
    model = build()
    seconds.clear()
    start = time.perf_counter()
    for _ in range(args.steps):
        model.step()
    total = time.perf_counter() - start
    inside = sum(seconds.values())
    per_week = 1e6 / args.steps
    print(
        f"{args.households:,} households, {args.steps} weeks: {total:.3f} s "
        f"({total * per_week / 1e3:.2f} ms a week); {wrapped} kernels; inside them "
        f"{inside:.3f} s ({100 * inside / total:.0f}%), outside {total - inside:.3f} s"
    )
    for name, value in seconds.most_common(args.top):
        print(f"  {name:42s} {value * per_week:7.0f} us a week")


if __name__ == "__main__":
    main()
