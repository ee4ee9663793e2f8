"""Comparing scenarios: paired replications, their differences, figures and report.

From Python, as ``bpsim compare`` does it::

    from bpsim.comparison import compare, write_report

    result = compare(["scenarios/restricted.toml", "scenarios/open.toml"], replications=30)
    write_report(result, "results/my-comparison", lang="nl")

`compare` and `Comparison` are also bpsim's own (`bpsim.compare`). Modules:

- `paired`: `compare` runs every scenario with the same replication seeds (common random
  numbers) and returns a `Comparison` (outcomes, paired differences, weekly series);
- `robust`: the same comparison in many plausible worlds (``--uncertainty``), run as a
  sweep; `robust_report` shows it;
- `changes`: for policies that change during the run, when the difference first shows;
- `figures` and `report`: the comparison's figures and its self-contained HTML report
  (`write_report` writes the folder: data, figures and ``report.html``);
- `request`: what a comparison is asked for (the default scenario files, the precision
  target) and its checks, without pandas, scipy or the model.

The names above are imported on first use (PEP 562), as bpsim's own are, so that
``bpsim compare`` can check its request with `request` before it pays for the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Each public name and the module that defines it.
_PUBLIC = {
    "Comparison": "bpsim.comparison.paired",
    "Interrupted": "bpsim.comparison.paired",
    "Precision": "bpsim.comparison.request",
    "PrecisionStatus": "bpsim.comparison.paired",
    "compare": "bpsim.comparison.paired",
    "load_comparison": "bpsim.comparison.paired",
    "write_report": "bpsim.comparison.report",
}

__all__ = [
    "Comparison",
    "Interrupted",
    "Precision",
    "PrecisionStatus",
    "compare",
    "load_comparison",
    "write_report",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from bpsim.comparison.paired import (
        Comparison,
        Interrupted,
        PrecisionStatus,
        compare,
        load_comparison,
    )
    from bpsim.comparison.report import write_report
    from bpsim.comparison.request import Precision


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'bpsim.comparison' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
