"""Freedom of movement: whether rules let a best person act outside procedure, domain, reporting.

The book's recommendation 3: do not restrict best persons' freedom of movement
(bewegingsvrijheid) with an excess of rules and procedures; Van Hulst & Matelski
2021: policy and funding push best persons "into boxes". Freedom of movement acts
only through events. Each time a best person wants to act outside the rules - cut
through a procedure, take up a problem outside their own domain or their
initiative's funded domain, choose a case out of queue order - the rules allow it
or not (`allowed`): an action is blocked with chance (1 - `freedom_of_movement`)
times the rule burden in force. With no rules nothing is in the way; with heavy rules
and no freedom nearly everything is; the rules that incidents add (the rule reflex)
bind best persons too. An action refused is *blocked*: the person must leave the
problem or follow the procedure, and the event strains them (see `energy`). An
action allowed has the consequences its mechanism gives it, costs included: a
decision outside procedure can be wrong (see `discretion`) and wrong grants found by
audits make the rules heavier (see `rule_reflex`); help given to those one knows is
help not given to strangers.

Reporting duties: every action a best person takes for a household inside the
system world (a case, a referral, a plan, an initiative's participant) must be
accounted for at `REPORT_HOURS` hours at full rule burden (fewer at a lighter one),
unless the report may be skipped (an event with chance `freedom_of_movement`). The
hours demanded come out of the next week's hours, and strain in proportion to them
(see `energy.strain`).
No outcome and no energy depends on `freedom_of_movement` other than through these
events.
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import kernel

#: Hours to account for one action at full rule burden (assumption: half an hour of
#: forms and registration per case; it scales with the effective rule burden).
REPORT_HOURS = 0.5

# A count of deeds: one person's number, or a team's (one per person).
Count = int | np.ndarray


@kernel
def allowed(draw, bar):
    """Whether the rules in force allow an action outside them, on the number drawn for it.

    The one place of the rule: an action is allowed when its uniform number reaches
    `bar` (see `bar`), so it is blocked with chance (1 - freedom of movement) x burden.
    """
    return draw >= bar


def bar(p, burden: float) -> float:
    """The draw an action outside the rules must reach to be allowed (see `allowed`)."""
    return (1.0 - p.freedom_of_movement) * burden


@kernel
def attempt(want_draw, entrepreneurship, own, allow_draw, bar):
    """A best person's attempt at an action for a household, on two numbers drawn.

    Entrepreneurship decides whether they try (`want_draw` below it); unless the action
    is theirs to take anyway (`own`: their own domain), the rules must allow it
    (`allowed`), else it is blocked.

    Returns:
        Whether the action is taken, and whether the rules blocked it.
    """
    want = want_draw < entrepreneurship
    blocked = want and not own and not allowed(allow_draw, bar)
    return want and not blocked, blocked


def reporting(rng: np.random.Generator, p, burden: float, actions: int) -> float:
    """Reports demanded for this week's actions.

    Args:
        rng: Random stream.
        p: Scenario parameters.
        burden: The effective rule burden.
        actions: Actions taken for households this week.

    Returns:
        Hours of reporting demanded (taken from next week, and straining in proportion).
    """
    return reports_demanded(rng, actions, p.freedom_of_movement, burden, REPORT_HOURS)


@kernel
def reports_demanded(
    rng: np.random.Generator, actions: int, freedom_of_movement: float, burden: float,
    report_hours: float,
) -> float:  # fmt: skip
    """`reporting` in a kernel (`report_hours` is `REPORT_HOURS`, read by the caller)."""
    if actions <= 0 or burden <= 0:
        return 0.0
    demanded = actions - rng.binomial(actions, freedom_of_movement)
    return demanded * report_hours * burden


class Deeds:
    """What a best person did in a week: households helped, actions taken, actions blocked.

    A team's deeds (see `state.Team`) hold one number per person in each field.

    Attributes:
        helped: Households helped (meaning: restores energy).
        actions: Actions taken for households inside the system world (to be reported).
        blocked: Actions the rules refused (strain).
    """

    __slots__ = ("helped", "actions", "blocked")

    def __init__(self, helped: Count = 0, actions: Count = 0, blocked: Count = 0) -> None:
        self.helped = helped
        self.actions = actions
        self.blocked = blocked

    @classmethod
    def of_team(
        cls,
        size: int,
        *,
        helped: tuple[np.ndarray, np.ndarray],
        actions: np.ndarray,
        blocked: np.ndarray,
    ) -> Deeds:
        """A team's deeds, one number per person.

        Args:
            size: People in the team.
            helped: Owner (person index) and household of each help given; a household
                a person helped twice this week counts once.
            actions: Owner of each action taken.
            blocked: Actions blocked, per person.
        """
        owner, rows = helped
        if owner.size:
            span = int(rows.max()) + 1
            owner = np.unique(owner.astype(np.int64) * span + rows) // span
        return cls(
            np.bincount(owner, minlength=size),
            np.bincount(actions, minlength=size),
            np.asarray(blocked, dtype=np.int64),
        )
