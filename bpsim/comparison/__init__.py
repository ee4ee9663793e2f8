"""Comparing scenarios: paired replications, their differences, figures and report.

`bpsim.compare` and `bpsim.Comparison` are the public names for the first two. Modules:

- `paired`: `compare` runs every scenario with the same replication seeds (common random
  numbers) and returns a `Comparison` (outcomes, paired differences, weekly series);
- `robust`: the same comparison in many plausible worlds (``--uncertainty``), run as a
  sweep; `robust_report` shows it;
- `changes`: for policies that change during the run, when the difference first shows;
- `figures` and `report`: the comparison's figures and its self-contained HTML report.
"""

from bpsim.comparison.paired import (
    Comparison,
    Interrupted,
    Precision,
    PrecisionStatus,
    compare,
    load_comparison,
)

__all__ = [
    "Comparison",
    "Interrupted",
    "Precision",
    "PrecisionStatus",
    "compare",
    "load_comparison",
]
