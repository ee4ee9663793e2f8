"""Proactive outreach (proactieve dienstverlening): agencies contact entitled non-applicants.

The Dutch Wet proactieve dienstverlening SZW (kamerstuk 36799) lets UWV, SVB and
municipalities contact people who may be entitled to support before they apply,
using their own records. It grants nothing automatically: it informs, advises, or
helps with the application. Here agencies contact, each week, entitled households
with an open problem they have not applied for (status OPEN: not applying, not
waiting, not helped), so that within a year a share `outreach` of such households is
contacted; a household is contacted at most once a year. A share
`outreach_assistance` of contacts comes with assistance in applying.

Outreach sets no take-up. It acts only through the mechanisms that already decide
take-up (see `help_seeking.seek` and `procedures.attempt_steps`):

* information (every contact): awareness of the help rises (`INFO_AWARENESS`), the
  learning cost of Moynihan, Herd & Harvey (2015); Bhargava & Manoli (2015) found
  salience and simplicity, not stigma, behind much EITC non-take-up;
* assistance (a share of contacts): in addition, a personal contact (trust and a
  linking tie, as with a personal contact person) and a worker's support beside the
  household at the steps of the procedure it starts (`ASSIST_SUPPORT`);

Finkelstein & Notowidigdo (2019) found SNAP enrolment after nine months of 6% without
contact, 11% with information and 18% with information plus assistance. Each contact
costs staff hours (`INFO_HOURS`, `ASSIST_HOURS`), booked in the ledger's ``hours`` and
taken from the agencies' hours, spread evenly over the agencies.
"""

from __future__ import annotations

import numpy as np

from bpsim.core import streams
from bpsim.core.compiled import kernel
from bpsim.core.mechanisms import help_seeking, trust
from bpsim.core.state import OPEN, Week

#: Share of the gap to full awareness a contact closes (assumption: a clear letter or
#: call says what exists and that the household is probably entitled).
INFO_AWARENESS = 0.5
#: Support at each step of a procedure when a worker assists (assumption: as much as a
#: best person's help with the forms; cf. `help_seeking.PERSONAL_SUPPORT`).
ASSIST_SUPPORT = 0.5
#: Staff hours per household contacted with information (assumption: finding the
#: household in the records, a letter and a follow-up call).
INFO_HOURS = 0.5
#: Staff hours per household contacted with assistance (assumption: a home visit and
#: help with the forms, on top of the information).
ASSIST_HOURS = 3.0
#: Weeks before a household contacted may be contacted again (assumption: a year).
RECONTACT_WEEKS = 52


def weekly_chance(per_year: float) -> float:
    """Weekly contact chance that reaches a share `per_year` of eligible households in a year."""
    return 1.0 - (1.0 - per_year) ** (1.0 / 52.0)


class Outreach:
    """The agencies' outreach: whom they contacted, and the hours it took.

    Nothing is allocated and no random number drawn while `outreach` is 0.

    Attributes:
        hours_per_agency: Staff hours each agency spends on outreach this week.
        contacted_at: Week each household was last contacted (-inf: never); None
            until outreach first runs.
        contacts: Households contacted so far, in all.
        assisted: ... of which with assistance.
        hours: Staff hours spent on outreach so far.
        last: (rows, cols, assisted) of the problems contacted this week.
    """

    def __init__(self) -> None:
        self.hours_per_agency = 0.0
        self.contacted_at: np.ndarray | None = None
        self.contacts = 0
        self.assisted = 0
        self.hours = 0.0
        self.last: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def contact(self, ctx: Week, *, rng: np.random.Generator, n_agencies: int) -> None:
        """This week's contacts: awareness, and for the assisted a contact and support.

        Args:
            ctx: The week.
            rng: Outreach's own random stream.
            n_agencies: Agencies sharing the hours.
        """
        p, res = ctx.p, ctx.res
        self.hours_per_agency = 0.0
        self.last = None
        if p.outreach <= 0:
            return
        if self.contacted_at is None:
            self.contacted_at = np.full(res.n, -np.inf)
        reached, assisted, rows, cols, with_help = _contact(
            res.status, res.entitled, self.contacted_at, res.awareness, res.linking, res.support,
            ctx.week, streams.state(rng), weekly_chance(p.outreach), p.outreach_assistance,
            help_seeking.PERSONAL_LINK,
        )  # fmt: skip
        if reached.size == 0:
            return
        helped = reached[assisted]
        if helped.size:
            trust.experience(res, helped, trust.EXPERIENCE_PERSONAL_CONTACT, p.trust_learning_rate)
        hours = INFO_HOURS * reached.size + ASSIST_HOURS * helped.size
        self.hours_per_agency = hours / max(n_agencies, 1)
        self.contacts += int(reached.size)
        self.assisted += int(helped.size)
        self.hours += hours
        self.last = (rows, cols, with_help)


@kernel
def _contact(
    status, entitled, contacted_at, awareness, linking, support, week, st, chance,
    assistance, personal_link,
):  # fmt: skip
    """`Outreach.contact` for every household but for trust (replaces masked numpy passes).

    The draws are numpy's (read from the stream's state `st`, `streams.state`), in its
    order: one per eligible household (contacted), then one per household contacted
    (with assistance). `personal_link` is
    `help_seeking.PERSONAL_LINK`, passed in: numba's cache of this module would keep
    another module's constant as it was when compiled.

    Returns:
        The households contacted, which of them with assistance, and the problems talked
        about (households, domains, and whether with assistance).
    """
    n, d = status.shape
    reached = np.empty(n, dtype=np.intp)
    k = 0
    for i in range(n):
        # Not again within a year: agencies keep track of whom they contacted.
        if not week - contacted_at[i] >= RECONTACT_WEEKS:
            continue
        eligible = False
        for j in range(d):
            eligible |= (status[i, j] == OPEN) & entitled[i, j]
        if eligible and streams.uniform(st) < chance:
            reached[k] = i
            k += 1
    reached = reached[:k].copy()
    assisted = np.empty(k, dtype=np.bool_)
    for r in range(k):
        assisted[r] = streams.uniform(st) < assistance
    # The problems talked about: every entitled open problem of the household.
    rows = np.empty(k * d, dtype=np.intp)
    cols = np.empty(k * d, dtype=np.intp)
    with_help = np.empty(k * d, dtype=np.bool_)
    m = 0
    for r in range(k):
        i = reached[r]
        contacted_at[i] = week
        awareness[i] += INFO_AWARENESS * (1.0 - awareness[i])
        if assisted[r]:
            linking[i] += personal_link
        for j in range(d):
            if not (status[i, j] == OPEN) & entitled[i, j]:
                continue
            rows[m], cols[m], with_help[m] = i, j, assisted[r]
            if assisted[r]:
                support[i, j] = max(support[i, j], ASSIST_SUPPORT)
            m += 1
    return reached, assisted, rows[:m].copy(), cols[:m].copy(), with_help[:m].copy()
