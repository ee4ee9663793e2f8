"""Freedom of movement: how far best persons may act outside procedures, domains and reporting.

The book's recommendation 3: do not restrict best persons' freedom of movement
(bewegingsvrijheid) with an excess of rules and procedures. Van Hulst & Matelski
2021: policy and funding push best persons "into boxes". Three ways rules hold a
best person back, each lifted by `freedom_of_movement` (f):

- reporting duties take a share of their hours, growing with rule burden: lost share
  = REPORTING_SHARE * rule_burden * (1 - f);
- domain boundaries: each time they meet a problem outside their own domain they may
  act on it with chance f (at f = 0 they are bound to their domain like everyone);
- procedures: a frontline best person may cut through remaining steps with chance f.

Being held back also drains energy (see `energy`).
"""

from __future__ import annotations

#: Share of hours that reporting duties take at full rule burden and no freedom (assumption).
REPORTING_SHARE = 0.5


def restriction(p) -> float:
    """How much rules hold best persons back (0-1): rule burden not lifted by freedom."""
    return p.rule_burden * (1.0 - p.freedom_of_movement)


def hours_for_households(hours: float, p) -> float:
    """Hours left for households after reporting duties."""
    return hours * (1.0 - REPORTING_SHARE * restriction(p))
