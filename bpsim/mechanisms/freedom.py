"""Freedom of movement: whether rules let a best person act outside procedure, domain, reporting.

The book's recommendation 3: do not restrict best persons' freedom of movement
(bewegingsvrijheid) with an excess of rules and procedures; Van Hulst & Matelski
2021: policy and funding push best persons "into boxes". Freedom of movement acts
only through events. Each time a best person wants to act outside the rules - cut
through a procedure, take up a problem outside their own domain or their
initiative's funded domain, choose a case out of queue order, skip a report - the
rules allow it with chance `freedom_of_movement` (`permits`). An action refused is
*blocked*: the person must leave the problem or follow the procedure, and the event
strains them (see `energy`). An action allowed has the consequences its mechanism
gives it, costs included: a decision outside procedure can be wrong (see
`discretion`) and wrong grants found by audits make the rules heavier (see
`rule_reflex`); help given to those one knows is help not given to strangers.

Reporting duties: every action a best person takes for a household inside the
system world (a case, a referral, a plan, an initiative's participant) must be
accounted for at `REPORT_HOURS` hours at full rule burden, unless the report may be
skipped (an event, as above). Reporting hours come out of the next week's hours.
No outcome and no energy depends on `freedom_of_movement` other than through these
events.
"""

from __future__ import annotations

import numpy as np

#: Hours to account for one action at full rule burden (assumption: half an hour of
#: forms and registration per case; it scales with the effective rule burden).
REPORT_HOURS = 0.5


def permits(rng: np.random.Generator, p, shape) -> np.ndarray:
    """Whether the rules allow each of `shape` actions outside them (an event each)."""
    return rng.random(shape) < p.freedom_of_movement


def reporting(rng: np.random.Generator, p, burden: float, actions: int) -> tuple[float, int]:
    """Reports demanded for this week's actions.

    Args:
        rng: Random stream.
        p: Scenario parameters.
        burden: The effective rule burden.
        actions: Actions taken for households this week.

    Returns:
        Hours of reporting demanded (taken from next week), and how many reports they are.
    """
    if actions <= 0 or burden <= 0:
        return 0.0, 0
    demanded = actions - int(rng.binomial(actions, p.freedom_of_movement))
    return demanded * REPORT_HOURS * burden, demanded


class Deeds:
    """What a best person did in a week: households helped, actions taken, actions blocked.

    Attributes:
        helped: Households helped (meaning: restores energy).
        actions: Actions taken for households inside the system world (to be reported).
        blocked: Actions the rules refused (strain).
    """

    __slots__ = ("helped", "actions", "blocked")

    def __init__(self, helped: int = 0, actions: int = 0, blocked: int = 0) -> None:
        self.helped = helped
        self.actions = actions
        self.blocked = blocked
