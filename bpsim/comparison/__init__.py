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
  (`write_report` writes the folder: data, figures and ``report.html``).
"""

from bpsim.comparison.paired import (
    Comparison,
    Interrupted,
    Precision,
    PrecisionStatus,
    compare,
    load_comparison,
)
from bpsim.comparison.report import write_report

__all__ = [
    "Comparison",
    "Interrupted",
    "Precision",
    "PrecisionStatus",
    "compare",
    "load_comparison",
    "write_report",
]
