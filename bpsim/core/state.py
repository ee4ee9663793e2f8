"""Residents' state as arrays (structure of arrays), and the rolling ledger of events.

Thousands of households are stepped millions of times in a sweep, so their
numeric state lives in numpy arrays that the submodels update in bulk; the
`Household` Mesa agents are thin views over these arrays. Problems are held per
household and domain in ``(n_households, n_domains)`` arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from bpsim.core.parameters import Parameters

# Problem status per household and domain.
NONE = 0  #: no problem in this domain
OPEN = 1  #: a problem without help, not (or no longer) in a procedure
APPLYING = 2  #: the household is going through an agency's procedure
WAITING = 3  #: the application waits in the agency's queue for a decision
HELPED = 4  #: the problem receives formal help (an agency's grant) and is being resolved
INFORMAL = 5  #: a best person or an initiative helps with the problem informally

UNMET = (OPEN, APPLYING, WAITING)

#: No best person helps with this problem (see `Residents.helper`).
NO_HELPER = -1

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
        settled: Whether the problem's resolution outcome (resolved within the
            take-up window or not) has been recorded.
        wrongful: The running grant went to a problem that is not entitled.
        helper: Best person (slot number) helping with the problem informally, or NO_HELPER.
        bp_tie: Strength of the household's ties to best persons (>= 0, fades).
        tied_at_onset: The household was tied to a best person when the problem arose
            (before any help: the treatment gap compares by this).
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
    settled: np.ndarray
    wrongful: np.ndarray
    helper: np.ndarray
    bp_tie: np.ndarray
    tied_at_onset: np.ndarray

    def __post_init__(self) -> None:
        # The compiled passes write into these arrays in place, some through a flat view
        # (`ravel`): of an array that is not one C-ordered block, that is a copy, and the
        # writes would be lost without a sound. Every array the model makes is one block.
        for f in fields(self):
            values = getattr(self, f.name)
            if not (isinstance(values, np.ndarray) and values.flags.c_contiguous):
                raise ValueError(
                    f"Residents.{f.name}: a {type(values).__name__} that is not one "
                    "C-ordered block; allowed: a C-contiguous numpy array (np.ascontiguousarray)"
                )
            # `needs._time_out` reads and writes these as bytes: of wider numbers it would
            # see and set parts of them.
            if f.name in ("settled", "entitled", "counted") and values.dtype != np.bool_:
                raise ValueError(
                    f"Residents.{f.name}: dtype {values.dtype} is not allowed; allowed: bool"
                )

    @property
    def n(self) -> int:
        """Number of households."""
        return self.x.shape[0]

    def unmet_mask(self) -> np.ndarray:
        """Problems without help (open, applying or waiting)."""
        s = self.status
        return (s >= OPEN) & (s <= WAITING)


#: A household with at least this tie strength to best persons counts as tied to one
#: (a visit or a case adds about 0.3-0.5; ties fade at `tie_decay`).
TIED = 0.25

#: The ledger's rolling counts: name -> shape of one week's slot.
LEDGER_FIELDS: dict[str, tuple[int, ...]] = {
    "take_up_helped": (N_QUINTILES,),  # entitled problems granted formal help, by quintile
    "take_up_total": (N_QUINTILES,),  # entitled problems counted (granted or timed out)
    "take_up_helped_tied": (N_QUINTILES,),  # the same, households tied to a best person
    "take_up_total_tied": (N_QUINTILES,),
    "weeks_to_help": (),  # summed weeks from need to help
    "helped_count": (),  # problems that got help (formal or informal)
    "resolved": (),  # problems resolved, by any route, within the take-up window
    "resolution_total": (),  # problems whose resolution outcome was recorded
    "hours": (),  # staff and best-person hours, every kind booked once
    "volunteer_hours": (),  # volunteers' hours in initiatives (not in `hours`)
    "solved": (),  # problems resolved with help (formal or informal)
    "solved_by_best_persons": (),  # ... of which informally by a best person or initiative
    "grants": (),  # applications granted formally
    "wrongful_grants": (),  # ... of which to problems that were not entitled
    "incidents": (),  # irregular grants found by audits
    "decision_hours": (),  # ordinary workers' decision hours
    "rightful_grants": (),  # entitled applications ordinary workers granted
}


#: The ledger's counts with one number a week (the rest are one number per quintile).
WEEKLY_FIELDS: tuple[str, ...] = tuple(k for k, shape in LEDGER_FIELDS.items() if shape == ())
#: The ledger's counts by capacity quintile.
QUINTILE_FIELDS: tuple[str, ...] = tuple(k for k, shape in LEDGER_FIELDS.items() if shape != ())


class Ledger:
    """Rolling counts of events over the last `WINDOW` weeks.

    The rate outcomes (take-up, time to help, hours per solved problem, ...) are
    ratios of these sums, so they reflect the last year rather than the whole run.
    Each count in `LEDGER_FIELDS` is an array of `WINDOW` weekly slots, reached as an
    attribute (``ledger.hours``); `add` books into the current week's slot. The counts
    are rows of two arrays (one number a week, `WEEKLY_FIELDS`; by quintile,
    `QUINTILE_FIELDS`), so that a new week and the window's totals are one array
    operation each, not one per count (`advance`, `totals`).
    """

    def __init__(self) -> None:
        self.slot = 0
        self.weekly = np.zeros((len(WEEKLY_FIELDS), WINDOW))
        self.by_quintile = np.zeros((len(QUINTILE_FIELDS), WINDOW, N_QUINTILES))
        for i, name in enumerate(WEEKLY_FIELDS):
            setattr(self, name, self.weekly[i])
        for i, name in enumerate(QUINTILE_FIELDS):
            setattr(self, name, self.by_quintile[i])

    def advance(self) -> None:
        """Start a new week: clear the oldest slot and make it current."""
        self.slot = (self.slot + 1) % WINDOW
        self.weekly[:, self.slot] = 0
        self.by_quintile[:, self.slot] = 0

    def add(self, name: str, amount) -> None:
        """Add `amount` to this week's count `name`."""
        getattr(self, name)[self.slot] += amount

    def add_each(self, name: str, amounts: np.ndarray) -> None:
        """Add each of `amounts` to this week's count `name`, one after the other.

        The same as calling `add` for each in turn, to the last bit (the sum runs in
        that order, from the count as it stands), for a team's numbers at once.
        """
        count = getattr(self, name)
        total = float(count[self.slot])
        for amount in amounts.tolist():
            total += amount
        count[self.slot] = total

    def totals(self) -> tuple[dict[str, float], dict[str, np.ndarray]]:
        """Every count summed over the window, by name.

        One reduction per array instead of one per count: each row sums its weeks as
        ``count.sum(axis=0)`` would (numpy's pairwise sum along a row; by quintile, week
        after week).

        Returns:
            The counts with one number a week (`WEEKLY_FIELDS`), then those by quintile.
        """
        weekly = np.add.reduce(self.weekly, axis=1).tolist()
        by_quintile = np.add.reduce(self.by_quintile, axis=1)
        return (
            dict(zip(WEEKLY_FIELDS, weekly, strict=True)),
            dict(zip(QUINTILE_FIELDS, by_quintile, strict=True)),
        )

    def add_take_up(self, counts: np.ndarray, counts_tied: np.ndarray, helped: bool) -> None:
        """Record entitled problems by capacity quintile: formally helped, or timed out.

        Args:
            counts: Problems per quintile.
            counts_tied: ... of which of households tied to a best person at onset.
            helped: Whether the problems were granted formal help.
        """
        self.take_up_total[self.slot] += counts
        self.take_up_total_tied[self.slot] += counts_tied
        if helped:
            self.take_up_helped[self.slot] += counts
            self.take_up_helped_tied[self.slot] += counts_tied


@dataclass
class Week:
    """What every mechanism needs to know about the week it acts in.

    Attributes:
        res: Residents.
        p: Scenario parameters (a frozen record).
        ledger: Event ledger.
        rules: The rules in force (effective rule burden, raised by incidents).
        week: Current week.
    """

    res: Residents
    p: Parameters
    ledger: Ledger
    rules: object
    week: int = 0

    @property
    def burden(self) -> float:
        """The effective rule burden this week."""
        return self.rules.burden


@dataclass
class Team:
    """The best persons of one type, acting together this week (one call per type).

    Each person draws their random numbers from their own stream, so one person's
    draws do not shift another's; what they do is then worked out for the whole team at
    once. Where two of them act on the same problem in the same week, the one earlier in
    the week's order does (the team is in that order).

    Attributes:
        slots: Each person's number (owner of the informal cases they run).
        hours: Hours each has for this work this week.
        empathy: Each person's empathy.
        entrepreneurship: Each person's entrepreneurship.
        streams: Each person's own random stream; with `places`, a list of streams in
            which person i's is ``streams[places[i]]`` (the model's `person_streams`, a
            typed list kept from week to week, so that nothing is rebuilt each week).
        reach: The households each can reach (street block, network, cases), one array
            each; or None when `table` holds them.
        group: Each person's background group (-1 for a professional).
        places: Where each person's stream is in `streams`; None: in the team's order.
        table: The households they can reach as a kernel reads them, if already laid
            out (the roster's, `Roster.reach`): one array, and where each person's start
            and end in it, by their place in `streams` (the roster's bounds, by slot).
            None: laid out from `reach` (`reach_table`).
    """

    slots: np.ndarray
    hours: np.ndarray
    empathy: np.ndarray
    entrepreneurship: np.ndarray
    streams: Sequence[np.random.Generator]
    reach: list | None
    group: np.ndarray
    places: np.ndarray | None = None
    table: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return int(self.slots.size)

    def reach_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The households each can reach as a kernel reads them (see `table`).

        Returns:
            One array of households, and where each person's start and end in it, by
            their place in the streams (`generators`): person i's are
            ``reach[bounds[at[i], 0]:bounds[at[i], 1]]``.
        """
        if self.table is not None:
            return self.table
        if self.reach is None and len(self):
            raise ValueError("a team without reach or table: its kernels would read nothing")
        arrays = [np.asarray(r, dtype=np.int64) for r in self.reach or []]
        sizes = np.array([a.size for a in arrays], dtype=np.int64)
        ends = np.cumsum(sizes)
        # Each person's place in the streams (`generators`), without building the list.
        at = self.places if self.places is not None else np.arange(len(arrays), dtype=np.int64)
        bounds = np.zeros((int(at.max()) + 1 if at.size else 0, 2), dtype=np.int64)
        bounds[at, 0], bounds[at, 1] = ends - sizes, ends
        flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        return flat, bounds

    def generators(self) -> tuple[Sequence[np.random.Generator], np.ndarray]:
        """The streams as a kernel takes them: a typed list, and each person's place in it."""
        if self.places is not None:
            return self.streams, self.places
        # state.py is read by every face (status codes, records); numba loads with a run.
        from bpsim.core.compiled import generators

        return generators(self.streams), np.arange(len(self), dtype=np.int64)

    def kernel_args(
        self,
    ) -> tuple[Sequence[np.random.Generator], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The team as every team kernel takes it first.

        Returns:
            The streams and each person's place in them (`generators`), then each
            person's hours, empathy and entrepreneurship.
        """
        streams, at = self.generators()
        hours = np.ascontiguousarray(self.hours, dtype=float)
        return streams, at, hours, self.empathy, self.entrepreneurship


class Roster:
    """Every best person's numbers, by slot (their number): the storage behind their attributes.

    A best person (`agents.BestPerson`, a Mesa agent) reads and writes its empathy,
    energy and the rest in its slot of these arrays, so that a team's week reads and
    writes them for the whole team at once (``roster.energy[slots]``) instead of person
    by person. Slots are never reused; a person who stops keeps their row.

    Attributes:
        size: Slots taken (best persons ever active).
        empathy, entrepreneurship, energy, resilience, report_backlog: Per slot, as
            `agents.BestPerson` describes them.
        helped, actions, blocked: Last week's deeds per slot (`freedom.Deeds`).
        heard: Problems a social entrepreneur heard of, per slot and domain, during
            their current subsidy (zero for the other types).
        reach: The households each can reach (street block, network), every slot's
            one after another in one array: slot i's are ``reach[bounds[i, 0]:bounds[i, 1]]``
            (none for a frontline best person). A team's kernel reads them there, in any
            order of the team, so nothing is joined together week by week.
        bounds: Where each slot's households start and end in `reach`.
        group: A resident best person's background group, per slot (-1: a professional,
            or a bridge builder, who works across groups).
    """

    FLOATS = ("empathy", "entrepreneurship", "energy", "resilience", "report_backlog")
    COUNTS = ("helped", "actions", "blocked")

    def __init__(self, domains: int, capacity: int = 64) -> None:
        self.size = 0
        self.heard = np.zeros((capacity, domains))
        self.empathy = np.zeros(capacity)
        self.entrepreneurship = np.zeros(capacity)
        self.energy = np.zeros(capacity)
        self.resilience = np.zeros(capacity)
        self.report_backlog = np.zeros(capacity)
        self.helped = np.zeros(capacity, dtype=np.int64)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.blocked = np.zeros(capacity, dtype=np.int64)
        self.bounds = np.zeros((capacity, 2), dtype=np.int64)
        self.group = np.full(capacity, -1, dtype=np.intp)
        self.reach = np.zeros(0, dtype=np.int64)
        self._reached = 0  # households listed in `reach` so far

    def claim(self, slot: int) -> None:
        """Make room for `slot` (the arrays grow as needed), its numbers at zero (group -1)."""
        if slot >= self.energy.size:
            names = (*self.FLOATS, *self.COUNTS, "heard", "bounds", "group")
            _grow(self, names, max(2 * self.energy.size, slot + 1))
        self.size = max(self.size, slot + 1)
        self.group[slot] = -1  # until a resident best person says which group

    def set_reach(self, slot: int, households: np.ndarray) -> None:
        """Give `slot` the households it can reach (kept after every slot's so far)."""
        households = np.asarray(households, dtype=np.int64).ravel()
        end = self._reached + households.size
        if end > self.reach.size:
            grown = np.zeros(max(2 * self.reach.size, end), dtype=np.int64)
            grown[: self._reached] = self.reach[: self._reached]
            self.reach = grown
        self.reach[self._reached : end] = households
        self.bounds[slot] = (self._reached, end)
        self._reached = end

    def reach_of(self, slot: int) -> np.ndarray:
        """The households `slot` can reach (a read-only view of `reach`).

        Read-only: the roster's array is replaced when it grows, so a write through a view
        kept from before would be lost; the reach is set with `set_reach`.
        """
        lo, hi = self.bounds[slot].tolist()
        view = self.reach[lo:hi]
        view.flags.writeable = False
        return view


class Staff:
    """The ordinary workers' numbers, by row: the storage behind their attributes.

    A worker (`agents.Worker`, a Mesa agent) reads and writes its empathy, practice,
    burnout and the rest in its row of these arrays, so that the workforce's week reads
    and writes them for everyone at once. Rows are never reused; one who leaves keeps
    their row.

    Attributes:
        size: Rows taken (workers ever hired).
        empathy, hired_empathy, practice, burnout, latent: Per row, as `agents.Worker`
            describes them.
    """

    def __init__(self, capacity: int = 64) -> None:
        self.size = 0
        self.empathy = np.zeros(capacity)
        self.hired_empathy = np.zeros(capacity)
        self.practice = np.zeros(capacity)
        self.burnout = np.zeros(capacity)
        self.latent = np.zeros(capacity, dtype=bool)

    def claim(self) -> int:
        """Take the next row (the arrays grow as needed), its numbers at zero."""
        row = self.size
        if row == self.empathy.size:
            _grow(self, ("empathy", "hired_empathy", "practice", "burnout", "latent"), 2 * row)
        self.size += 1
        return row


def _grow(holder: object, names: tuple[str, ...], capacity: int) -> None:
    """Give `holder`'s arrays `names` room for `capacity` rows: the old rows kept, new ones 0."""
    for name in names:
        old = getattr(holder, name)
        grown = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
        grown[: old.shape[0]] = old
        setattr(holder, name, grown)
