"""Residents' state as arrays (structure of arrays), and the rolling ledger of events.

Thousands of households are stepped millions of times in a sweep, so their
numeric state lives in numpy arrays that the submodels update in bulk; the
`Household` Mesa agents are thin views over these arrays. Problems are held per
household and domain in ``(n_households, n_domains)`` arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Problem status per household and domain.
NONE = 0  #: no problem in this domain
OPEN = 1  #: a problem without help, not (or no longer) in a procedure
APPLYING = 2  #: the household is going through an agency's procedure
WAITING = 3  #: the application waits in the agency's queue for a decision
HELPED = 4  #: the problem receives help and is being resolved

UNMET = (OPEN, APPLYING, WAITING)

#: Rolling window (weeks) of the rate outcomes (take-up, time to help, hours per solved problem).
WINDOW = 52
#: Capacity quintiles for take-up and trust by capacity to act (the patterns use quintiles).
N_QUINTILES = 5


@dataclass
class Residents:
    """Households and their problems, as arrays.

    Attributes:
        x, y: Grid position of each household.
        block: Street block of each household (everyday doers know their block).
        group: Background group (bonding ties are within, bridging ties across groups).
        capacity0: Capacity to act without stress (0-1).
        capacity: Capacity to act this week, lowered by stress (0-1).
        quintile: Capacity quintile (0 = lowest) from ``capacity0``.
        stress: Stress from unresolved problems (0-1).
        awareness: Awareness of what help exists (0-1).
        trust: Trust in agencies (0-1).
        bonding, bridging, linking: Ties per household, by kind (>= 0).
        coordinated: Agencies work from one plan for this household.
        status: Problem status per domain (NONE, OPEN, APPLYING, WAITING, HELPED).
        severity: Problem severity per domain (0-1).
        onset: Week each problem arose.
        entitled: Whether the household is entitled to formal help for the problem.
        step: Procedure steps passed.
        support: Help beside the household in its procedure (0-1), decays weekly.
        queued_at: Week the application joined the agency's queue.
        personal: The application is handled with personal contact.
        counted: The problem's take-up event has been recorded.
    """

    x: np.ndarray
    y: np.ndarray
    block: np.ndarray
    group: np.ndarray
    capacity0: np.ndarray
    capacity: np.ndarray
    quintile: np.ndarray
    stress: np.ndarray
    awareness: np.ndarray
    trust: np.ndarray
    bonding: np.ndarray
    bridging: np.ndarray
    linking: np.ndarray
    coordinated: np.ndarray
    status: np.ndarray
    severity: np.ndarray
    onset: np.ndarray
    entitled: np.ndarray
    step: np.ndarray
    support: np.ndarray
    queued_at: np.ndarray
    personal: np.ndarray
    counted: np.ndarray

    @property
    def n(self) -> int:
        """Number of households."""
        return self.x.shape[0]

    def unmet_mask(self) -> np.ndarray:
        """Problems without help (open, applying or waiting)."""
        s = self.status
        return (s >= OPEN) & (s <= WAITING)


@dataclass
class Ledger:
    """Rolling counts of events over the last `WINDOW` weeks.

    The rate outcomes (take-up, time to help, hours per solved problem) are
    ratios of these sums, so they reflect the last year rather than the whole run.
    """

    take_up_helped: np.ndarray = field(default_factory=lambda: np.zeros((WINDOW, N_QUINTILES)))
    take_up_total: np.ndarray = field(default_factory=lambda: np.zeros((WINDOW, N_QUINTILES)))
    weeks_to_help: np.ndarray = field(default_factory=lambda: np.zeros(WINDOW))
    helped_count: np.ndarray = field(default_factory=lambda: np.zeros(WINDOW))
    hours: np.ndarray = field(default_factory=lambda: np.zeros(WINDOW))
    solved: np.ndarray = field(default_factory=lambda: np.zeros(WINDOW))
    decision_hours: np.ndarray = field(default_factory=lambda: np.zeros(WINDOW))
    rightful_grants: np.ndarray = field(default_factory=lambda: np.zeros(WINDOW))
    slot: int = 0

    def advance(self) -> None:
        """Start a new week: clear the oldest slot and make it current."""
        self.slot = (self.slot + 1) % WINDOW
        for arr in (
            self.take_up_helped,
            self.take_up_total,
            self.weeks_to_help,
            self.helped_count,
            self.hours,
            self.solved,
            self.decision_hours,
            self.rightful_grants,
        ):
            arr[self.slot] = 0

    def record_take_up(self, quintiles: np.ndarray, helped: bool) -> None:
        """Record entitled problems that got help (or timed out / ended without)."""
        if quintiles.size == 0:
            return
        counts = np.bincount(quintiles, minlength=N_QUINTILES)
        self.take_up_total[self.slot] += counts
        if helped:
            self.take_up_helped[self.slot] += counts

    def record_help(self, weeks: np.ndarray) -> None:
        """Record the weeks from need to help of problems helped this week."""
        self.weeks_to_help[self.slot] += float(weeks.sum())
        self.helped_count[self.slot] += weeks.size

    def add_hours(self, hours: float) -> None:
        """Add staff or best-person hours spent on households this week."""
        self.hours[self.slot] += hours

    def add_decisions(self, hours: float, rightful: int) -> None:
        """Add ordinary workers' decision hours and the entitled applications they granted."""
        self.decision_hours[self.slot] += hours
        self.rightful_grants[self.slot] += rightful

    def add_solved(self, count: int) -> None:
        """Add problems resolved with help this week."""
        self.solved[self.slot] += count
