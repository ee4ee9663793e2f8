"""Social entrepreneurs' initiatives: extra help in a domain, funded by subsidies with a horizon.

A social entrepreneur (sociale ondernemer) starts initiatives that add capacity - a
debt cafe, a youth programme - and mobilises money and volunteers; they depend on
subsidies and their horizon (Van den Brink et al. 2012; Van Hulst & Matelski 2021:
short subsidies and changing contact persons hurt; policy funds initiatives, not
the people who carry them). Without funding the entrepreneur spends their hours on
a subsidy application (its hours grow with the rule burden); a finished application
is granted with a chance that rises with entrepreneurship, else it is turned down
(a strain event) and they start again. With funding the initiative runs for
`subsidy_horizon` weeks and adds capacity in its funded domain: places, from the
entrepreneur's hours plus volunteers' (see below). It
does not grant entitlements. Neighbours within reach come as far as they know of it
(awareness) and places last, with a problem or without one (an initiative is a place
to meet, too); the initiative learns of participants' problems as far as they tell
(empathy, see `informal_help`). A problem told becomes action as far as the
entrepreneur sees a route (entrepreneurship): light ones are taken on informally where
informal help fits (see `informal_help`), the others by helping the household apply
(support in the procedure). Serving a problem outside the funded domain is outside the
subsidy's box: the rules allow it or not (`freedom.attempt`). Volunteers come in
proportion to collective efficacy and to the entrepreneur's skill in mobilising them
(entrepreneurship). Participants
meet each other: bonding and bridging ties. Every participant is accounted for to
the funder. The next subsidy is asked for the domain in which the entrepreneur heard
of most problems (`choose_domain`).
"""

from __future__ import annotations

import numpy as np

from bpsim.core.compiled import choice, kernel, team_draws
from bpsim.core.mechanisms import freedom, help_seeking, informal_help
from bpsim.core.mechanisms.freedom import Deeds
from bpsim.core.mechanisms.ties import connect, know_best_person
from bpsim.core.state import Team, Week

#: Hours to write a subsidy application at no rule burden, and extra at full burden (assumption).
APPLICATION_HOURS = 24.0
APPLICATION_BURDEN = 3.0
#: Chance that an application is granted: a base plus a part rising with entrepreneurship.
SUBSIDY_BASE = 0.3
SUBSIDY_ENTREPRENEURSHIP = 0.6
#: Hours per participant per week (assumption).
HOURS_PER_PARTICIPANT = 1.5
#: Volunteers' hours per week at full collective efficacy and entrepreneurship, per
#: initiative (assumption).
VOLUNTEER_HOURS = 12.0
#: Support given to a participant in a procedure, at full empathy
#: (assumption; it scales with the supporter's empathy: a household keeps going with
#: someone beside it whom it trusts).
APPLY_SUPPORT = 0.45
#: Tie strength that taking part adds, and to the entrepreneur at full empathy (assumption).
PARTICIPATION_TIE = 0.2
KNOW_TIE = 0.2


def application_hours(p, burden: float) -> float:
    """Hours one subsidy application takes at the effective rule burden."""
    return APPLICATION_HOURS * (1.0 + APPLICATION_BURDEN * burden)


def subsidy_granted(rng: np.random.Generator, entrepreneurship: float) -> bool:
    """Whether a finished subsidy application is granted."""
    return bool(rng.random() < SUBSIDY_BASE + SUBSIDY_ENTREPRENEURSHIP * entrepreneurship)


def choose_domain(heard: np.ndarray, rng: np.random.Generator) -> int:
    """The domain of most problems heard of (`heard`: counts per domain); at random if none."""
    if heard.sum() <= 0:
        return int(rng.integers(0, heard.size))
    return int(heard.argmax())


def run_initiatives(
    ctx: Week,
    team: Team,
    *,
    domains: np.ndarray,
    efficacy: float,
    heard: np.ndarray,
) -> Deeds:
    """One week of the funded initiatives.

    Args:
        ctx: The week.
        team: The entrepreneurs whose initiative is funded, with the hours each has left
            (after running informal cases) and the households within reach.
        domains: Each initiative's funded domain.
        efficacy: The neighbourhood's collective efficacy (volunteers).
        heard: Problems heard of per person and domain (team size, domains), added to
            (for the next subsidy's domain).

    Returns:
        What each initiative did.
    """
    res, p = ctx.res, ctx.p
    reach, bounds = team.reach_table()
    tally = np.zeros(4)
    heard_here = np.zeros(heard.shape)
    helped, actions, blocked, places = initiatives_kernel(
        *team.kernel_args(), team.group, team.slots, reach, bounds,
        np.ascontiguousarray(domains, dtype=np.int64), heard_here,
        res.status, res.severity, res.helper, res.onset, res.step, res.personal, res.linking,
        res.trust, res.support, res.awareness, res.bp_tie, res.group, res.bonding,
        res.bridging, float(efficacy), freedom.bar(p, ctx.burden), p.trust_learning_rate,
        help_seeking.contact_person(p), ctx.week, tally, constants(),
        informal_help.act_on_constants(),
    )  # fmt: skip
    if places:
        heard += heard_here
        ctx.ledger.add("hours", tally[2])
        ctx.ledger.add("volunteer_hours", tally[3])
        informal_help.book_help(ctx.ledger, tally[:2])
    return Deeds(helped, actions, blocked)


def constants() -> tuple[float, ...]:
    """The assumptions `initiatives_kernel` uses, read at each call (see `discretion.constants`)."""
    return (
        VOLUNTEER_HOURS,
        HOURS_PER_PARTICIPANT,
        PARTICIPATION_TIE,
        KNOW_TIE,
        APPLY_SUPPORT,
        informal_help.NOTICE,
    )


@kernel
def initiatives_kernel(
    streams, at, hours, empathy, entrepreneurship, group, slots, reach, bounds, domains,
    heard, status, severity, helper, onset, step, personal, linking, trust, support,
    awareness, bp_tie, res_group, bonding, bridging, efficacy, bar, rate, contact_person,
    week, tally, constants, act_constants,
):  # fmt: skip
    """`run_initiatives` for the whole team: participants, what they tell, what is done.

    Replaces, per initiative, the places, the draws for who comes and the choice among
    them, and the team's numpy passes after them (ties, what is told and heard,
    `informal_help.act_on`). Each entrepreneur draws from their own stream
    (``streams[at[i]]``) what the Python did, in the same order: one number per household
    within reach (who knows of it), the participants (`compiled.choice`), then five numbers
    per participant and domain.

    The team comes first (streams, hours, empathy, entrepreneurship, group, numbers,
    their reach as one flat array, their funded domains and the problems they hear of,
    added to), then the residents' arrays, then collective efficacy, the bar the rules set,
    the trust learning rate, `help_seeking.contact_person` and the week. `tally` gets the
    informal help booked (weeks, problems), the entrepreneurs' and the volunteers' hours;
    `constants` are `constants()` and `informal_help.act_on_constants()`. Returns helped,
    actions and blocked per initiative, and the participants.
    """
    volunteer_hours, per_participant, participation_tie, know_tie, apply_support, notice = constants
    k = at.size
    d = status.shape[1]
    chosen = []
    counts = np.zeros(k, dtype=np.int64)
    own = 0.0
    volunteer = 0.0
    for i in range(k):
        rng = streams[at[i]]
        pool = reach[bounds[at[i], 0] : bounds[at[i], 1]]
        volunteers = volunteer_hours * efficacy * entrepreneurship[i]
        places = int((hours[i] + volunteers) // per_participant)
        rows_i = pool[:0]
        if places > 0:
            knows = rng.random(pool.size)
            who = np.empty(pool.size, dtype=np.int64)
            n_who = 0
            for j in range(pool.size):
                if knows[j] < awareness[pool[j]]:
                    who[n_who] = j
                    n_who += 1
            if n_who:
                rows_i = pool[choice(rng, who[:n_who], min(places, n_who))]
        used = rows_i.size * per_participant
        own += min(hours[i], used)
        volunteer += used - min(hours[i], used)
        chosen.append(rows_i)
        counts[i] = rows_i.size
    m = counts.sum()
    helped = np.zeros(k, dtype=np.int64)
    actions = np.zeros(k, dtype=np.int64)
    blocked = np.zeros(k, dtype=np.int64)
    if m == 0:
        return helped, actions, blocked, m
    tally[2] += own
    tally[3] += volunteer
    rows = np.empty(m, dtype=np.int64)
    owner = np.empty(m, dtype=np.int64)
    e = 0
    for i in range(k):
        rows[e : e + counts[i]] = chosen[i]
        owner[e : e + counts[i]] = i
        e += counts[i]
    draws = team_draws(streams, at, counts, 5, d)
    emp = empathy[owner]
    connect(bonding, bridging, res_group, rows, group[owner], np.full(m, participation_tie))
    # A problem told becomes action as far as the entrepreneur sees a route; outside the
    # funded domain the rules must allow it too.
    told, acting = informal_help.told_and_taken_up(
        informal_help.could_tell(status, rows, True), rows, owner, draws, notice, emp,
        entrepreneurship[owner], informal_help.own_table(domains, d), bar, bp_tie, blocked,
    )  # fmt: skip
    for e in range(m):
        for c in range(d):
            if told[e, c]:
                heard[owner[e], c] += 1.0
    know_best_person(bp_tie, rows, know_tie * emp)
    given = apply_support * emp
    who_helped, where, _ = informal_help.act_on(
        status, severity, helper, onset, step, personal, linking, trust, support, rows,
        owner, acting, slots, given, draws, rate, contact_person, week, tally, act_constants,
    )  # fmt: skip
    helped = informal_help.households_helped(who_helped, where, k)
    # Every participant is accounted for to the funder.
    for i in owner:
        actions[i] += 1
    return helped, actions, blocked, m
