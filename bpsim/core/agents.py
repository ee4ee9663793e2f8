"""The agents: households, agencies, ordinary frontline workers and the four best-person types.

Households are thin Mesa views over the residents' arrays (their numbers are
updated in bulk by the submodels); agencies, workers and best persons are ordinary
Mesa agents with per-agent behaviour, delegating the rules to `bpsim.core.mechanisms`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Sized
from operator import attrgetter
from types import SimpleNamespace
from typing import Any, Protocol

import numpy as np
from mesa import Agent
from mesa.discrete_space import CellAgent, FixedAgent
from numba.typed import List

from bpsim.core.mechanisms import (
    cutting_through,
    discretion,
    energy,
    freedom,
    informal_help,
    initiatives,
    learning,
    referrals,
    scouting,
    training,
)
from bpsim.core.mechanisms.freedom import Deeds
from bpsim.core.mechanisms.outreach import Outreach
from bpsim.core.parameters import Parameters
from bpsim.core.scenario import DOMAINS
from bpsim.core.state import Ledger, Residents, Roster, Staff, Team, Week

#: Extra case hours of an application handled with personal contact (assumption).
PERSONAL_EXTRA_HOURS = 0.25
#: Share of full case management each further helped problem of a household with one
#: plan takes (the first takes all of it): one coordinator instead of each agency's
#: caseworker (Cuyvers via SBO: half the help served families as well; assumption for
#: the share; see `model.case_share`).
COORDINATED_CASE_SHARE = 0.5
#: Best persons' own random streams are spawned after the model's purpose streams.
PERSON_STREAMS = 100


class Staffing(Protocol):
    """What the agents read of the workforce: who works where, and their numbers."""

    @property
    def at(self) -> Mapping[Agency, list[Worker]]:
        """Ordinary workers per agency."""
        ...

    @property
    def staff(self) -> Staff:
        """The workers' numbers, by row."""
        ...

    def numbers(
        self, agencies: list[Agency]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The workers of `agencies` as flat arrays: counts, practice, empathy, burnout."""
        ...


class Neighbourhood(Protocol):
    """What the agents and the workforce read of the model they live in, and nothing else.

    `bpsim.core.model.NeighbourhoodModel` is one (mypy checks it in `bpsim.core.api`); it
    is also a Mesa `Model`, which Mesa's agents register with. Naming only what is read
    keeps this module and `bpsim.core.workforce` free of any import of the model (which
    imports them to build itself).
    """

    @property
    def steps(self) -> int:
        """Weeks simulated so far."""
        ...

    @property
    def p(self) -> Parameters:
        """This week's parameters."""
        ...

    @property
    def ctx(self) -> Week:
        """The week the mechanisms act in."""
        ...

    @property
    def residents(self) -> Residents:
        """Households' state as arrays."""
        ...

    @property
    def ledger(self) -> Ledger:
        """The event counters (hours spent, grants, ...)."""
        ...

    @property
    def rngs(self) -> SimpleNamespace:
        """The random streams, one per purpose (the agencies draw from `agencies`)."""
        ...

    @property
    def run_seed(self) -> int:
        """The run's seed, from which each best person's own stream is spawned."""
        ...

    @property
    def recruit_rng(self) -> np.random.Generator:
        """The stream new best persons draw their traits from."""
        ...

    @property
    def agency_stream(self) -> List:
        """The agencies' stream (``rngs.agencies``) in a typed list, as their kernel takes it."""
        ...

    @property
    def person_streams(self) -> List:
        """Every best person's own stream, by slot, as a typed list the kernels can read."""
        ...

    @property
    def agencies(self) -> Sequence[Agency]:
        """The agencies, in the order they were created."""
        ...

    @property
    def membership(self) -> np.ndarray:
        """Which agencies serve which domain (domains x agencies, 0 or 1)."""
        ...

    @property
    def owning_agencies(self) -> np.ndarray:
        """How many agencies own each domain."""
        ...

    @property
    def case_share(self) -> np.ndarray:
        """Share of full case management each household's helped problems take this week."""
        ...

    @property
    def workforce(self) -> Staffing:
        """The ordinary frontline workers."""
        ...

    @property
    def frontline_at(self) -> Mapping[Agency, int]:
        """Active frontline best persons per agency."""
        ...

    @property
    def outreach(self) -> Outreach:
        """Proactive outreach this week (the hours it takes each agency)."""
        ...

    @property
    def best_persons(self) -> Sized:
        """The best persons active now."""
        ...

    @property
    def best_persons_ever(self) -> int:
        """How many best persons were ever active (the next one's slot)."""
        ...

    @property
    def roster(self) -> Roster:
        """Every best person's numbers, by slot."""
        ...

    @property
    def caseload(self) -> np.ndarray:
        """Informal cases each best person runs, by slot."""
        ...

    @property
    def efficacy(self) -> float:
        """The neighbourhood's collective efficacy (0-1)."""
        ...

    @property
    def block_members(self) -> Sequence[np.ndarray]:
        """Households of each street block."""
        ...

    def lot_of(self, household: int) -> tuple[int, int]:
        """The lot (x, y) a household lives on."""
        ...

    def cell_at(self, x: int, y: int) -> Any:
        """The grid cell (street block) that holds lot (x, y)."""
        ...

    def cell_of(self, household: int) -> Any:
        """The grid cell (street block) of a household."""
        ...

    def reach_around(self, household: int, radius_blocks: int) -> np.ndarray:
        """Households within `radius_blocks` street blocks of a household."""
        ...

    def best_person_exits(self, person: BestPerson) -> None:
        """A best person stops."""
        ...


class Household(CellAgent):
    """A household: a view over its row in `model.residents`.

    Attributes:
        index: Row of this household in the residents' arrays.
    """

    model: Neighbourhood  # set by Mesa's Agent; named for the type checker

    def __init__(self, model: Neighbourhood, index: int) -> None:
        super().__init__(model)
        self.index = int(index)

    @property
    def lot(self) -> tuple[int, int]:
        """The lot (x, y) this household lives on, in its block's cell."""
        return self.model.lot_of(self.index)

    @property
    def trust(self) -> float:
        """Trust in agencies (0-1)."""
        return float(self.model.residents.trust[self.index])

    @property
    def capacity(self) -> float:
        """Capacity to act this week (0-1)."""
        return float(self.model.residents.capacity[self.index])

    @property
    def unmet_need(self) -> int:
        """Problems without help."""
        return int(self.model.residents.unmet_mask()[self.index].sum())

    @property
    def problems(self) -> dict[str, int]:
        """Problem status per domain (0 none, 1 open, 2 applying, 3 waiting, 4 helped)."""
        row = self.model.residents.status[self.index]
        return {d: int(s) for d, s in zip(DOMAINS, row, strict=True)}


class Agency(FixedAgent):
    """An agency: owns domains and procedures, employs workers, decides applications.

    Attributes:
        name: What kind of agency this is.
        domains: Indices of the domains whose applications it decides.
        pressure: Applications waiting per application it could decide last week.
        referrals: Warm referrals into this agency this week (professional learning).
        lot: Where its office stands (x, y), in the cell of that block.
    """

    model: Neighbourhood  # set by Mesa's Agent; named for the type checker

    def __init__(self, model: Neighbourhood, name: str, domains: np.ndarray) -> None:
        super().__init__(model)
        self.name = name
        self.domains = domains
        self.pressure = 0.0
        self.referrals = 0
        self.lot = (0, 0)

    @property
    def workers(self) -> list[Worker]:
        """Ordinary workers currently employed here."""
        return self.model.workforce.at[self]

    @property
    def frontline_best_persons(self) -> int:
        """Active frontline best persons working here."""
        return self.model.frontline_at.get(self, 0)

    def step(self) -> None:
        """This agency's week alone (`act_together` with this agency only)."""
        type(self).act_together(self.model, [self])

    @staticmethod
    def act_together(model: Neighbourhood, agencies: Sequence[Agency]) -> None:
        """The agencies' week, one after the other in the order given, in one compiled call.

        Each: case management first, then waiting applications, oldest first, as far as
        hours reach. They act on the same residents and draw from the one stream
        `rngs.agencies` in turn, so one loop over them (`discretion.decide_queues`) gives
        the numbers of one call per agency; each agency's pressure is set from it.

        Args:
            model: The model.
            agencies: The agencies acting, in their order.
        """
        if not agencies:
            return
        m = model
        ctx = m.ctx
        p = m.p
        res = m.residents
        ledger = m.ledger
        staff_counts, practice, empathy, burnout = staff_arrays(m, agencies)
        domain_counts = np.array([a.domains.size for a in agencies])
        domains = np.concatenate([a.domains for a in agencies])
        effort = scouting.hours(p) + training.hours(p) + m.outreach.hours_per_agency
        # This week's hours and decision hours in the ledger so far (its counts are set by
        # name): the kernel adds each agency's in turn, as `Ledger.add` would, bit for bit.
        counts = [getattr(ledger, name) for name in ("hours", "decision_hours")]
        booked = np.array([count[ledger.slot] for count in counts])
        tally = np.zeros(discretion.TALLY_SIZE)
        # Per agency: hours from its staff, less the effort (booked as spent as far as the
        # hours reach); case management of problems receiving help comes first (overtime
        # if need be: it then leaves nothing for decisions and shows as pressure). A
        # domain owned by several agencies shares it; one plan removes duplication
        # (`model.case_share`). Then waiting applications, oldest first, each to a worker
        # drawn at random; one plan means one decision for all agencies involved.
        pressure, rightful = discretion.decide_queues(
            m.agency_stream, res.status, res.queued_at, res.coordinated, res.entitled,
            res.personal, res.capacity, res.wrongful, res.counted, res.quintile,
            res.tied_at_onset, res.onset, res.step, res.support, res.trust, domains,
            domain_counts, m.owning_agencies, m.case_share, staff_counts, practice, empathy,
            burnout, float(p.staff_hours), float(effort), float(p.case_hours),
            p.case_hours * (1.0 + p.case_hours_burden * ctx.burden), PERSONAL_EXTRA_HOURS,
            learning.PRACTICE_TIME_SAVING, p.help_hours,
            discretion.allowed_discretion(p, ctx.burden), p.eligibility_error * ctx.burden,
            p.discretion_error, p.trust_learning_rate, ctx.week, booked, tally,
            discretion.constants(),
        )  # fmt: skip
        for count, value in zip(counts, booked.tolist(), strict=True):
            count[ledger.slot] = value
        discretion.book(ledger, tally)
        ledger.add("rightful_grants", rightful)
        for agency, value in zip(agencies, pressure.tolist(), strict=True):
            agency.pressure = value


def staff_arrays(
    model: Neighbourhood, agencies: Sequence[Agency]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The agencies' ordinary workers as flat arrays, agency after agency, in staff order.

    The one place the agencies read their workers' numbers (a kernel takes arrays).

    Returns:
        How many workers each agency has (they follow one another in the arrays), then
        the workers' practice, empathy and burnout.
    """
    return model.workforce.numbers(list(agencies))


def in_row(store: str, index: str, name: str, kind: type = float) -> Any:
    """An agent's number kept in its row of an array: ``agent.<store>.<name>[agent.<index>]``.

    Workers' and best persons' numbers live in arrays (`state.Staff`, `state.Roster`)
    that a week reads and writes for many at once; this attribute reads and writes the
    agent's own element, as a Python number of `kind`. A property (not a descriptor
    class): reading it is nearly as quick as a plain attribute, and agencies read their
    workers' numbers every week.

    Args:
        store: The agent's attribute holding the arrays.
        index: The agent's attribute holding its row.
        name: The array (and the attribute's name).
        kind: The Python type a read gives (float, bool).
    """
    values = attrgetter(f"{store}.{name}")
    at = attrgetter(index)

    def read(agent: Any) -> Any:
        return kind(values(agent)[at(agent)])

    def write(agent: Any, value: Any) -> None:
        values(agent)[at(agent)] = value

    return property(read, write, doc=f"{name} (kept in the {store}'s arrays)")


class Worker(Agent):
    """An ordinary frontline worker.

    The workers' week (burnout, professional learning, training, leaving) is worked out
    for all of them at once by the `Workforce` (`Workforce.week`). Their numbers live in
    the workforce's arrays (`state.Staff`), in this worker's row; the attributes
    below read and write that row.

    Attributes:
        agency: Employer.
        row: This worker's row in the workforce's arrays.
        empathy: Empathy (0-1); training moves it up to a ceiling.
        hired_empathy: Empathy at hiring.
        practice: Best persons' ways taken on by working beside them (0-1).
        burnout: Burnout (0-1).
        latent: A latent best person, findable by scouting.
    """

    model: Neighbourhood  # set by Mesa's Agent; named for the type checker

    def __init__(self, model: Neighbourhood, agency: Agency, empathy: float, latent: bool):
        super().__init__(model)
        self.agency = agency
        self.staff = model.workforce.staff
        self.row = self.staff.claim()
        self.empathy = empathy
        self.hired_empathy = empathy
        self.practice = 0.0
        self.burnout = 0.0
        self.latent = latent

    empathy = in_row("staff", "row", "empathy")
    hired_empathy = in_row("staff", "row", "hired_empathy")
    practice = in_row("staff", "row", "practice")
    burnout = in_row("staff", "row", "burnout")
    latent = in_row("staff", "row", "latent", bool)


class BestPerson(CellAgent):
    """A best person: empathic and entrepreneurial; energy drained by being blocked; may exit.

    Their numbers live in the model's roster (`state.Roster`), in the row of their slot,
    so that a team's week reads and writes them for the whole team at once; the
    attributes below read and write that row.

    Attributes:
        slot: This best person's number (owner of the informal cases they run).
        empathy: Empathy (0-1): being trusted and told about needs.
        entrepreneurship: Entrepreneurship (0-1): turning needs into action, persisting.
        group: Background group of a resident best person (-1: a professional, or a
            bridge builder, who works across groups).
        energy: Energy (0-1); below `energy.EXIT_THRESHOLD` the person stops.
        resilience: Personal factor on the energy drain.
        report_backlog: Reporting hours demanded last week, taken from this week's hours.
        deeds: What they did last week.
        stream: This person's own random stream (so that one person's draws do not shift
            another's when the arms of a comparison differ).
        lot: Where they live (residents) or work (frontline best persons: their agency's
            lot), in the cell of that block.
    """

    model: Neighbourhood  # set by Mesa's Agent; named for the type checker

    def __init__(self, model: Neighbourhood, lot: tuple[int, int]) -> None:
        super().__init__(model)
        p = model.p
        self.slot = model.best_persons_ever
        self.roster = model.roster
        self.roster.claim(self.slot)
        self.empathy = p.best_person_empathy
        self.entrepreneurship = p.best_person_entrepreneurship
        self.energy = 1.0
        self.resilience = float(model.recruit_rng.uniform(0.6, 1.4))
        self.report_backlog = 0.0
        self.deeds = Deeds()
        self.stream = np.random.default_rng(
            np.random.SeedSequence(model.run_seed, spawn_key=(PERSON_STREAMS + self.slot,))
        )
        self.lot = lot
        self.cell = model.cell_at(*lot)

    empathy = in_row("roster", "slot", "empathy")
    entrepreneurship = in_row("roster", "slot", "entrepreneurship")
    group = in_row("roster", "slot", "group", int)
    energy = in_row("roster", "slot", "energy")
    resilience = in_row("roster", "slot", "resilience")
    report_backlog = in_row("roster", "slot", "report_backlog")

    @property
    def reach(self) -> np.ndarray:
        """The households this person can reach (kept in the roster, `Roster.reach`)."""
        return self.roster.reach_of(self.slot)

    @reach.setter
    def reach(self, households: np.ndarray) -> None:
        self.roster.set_reach(self.slot, households)

    @property
    def deeds(self) -> Deeds:
        """What they did last week (one number in each field)."""
        r, i = self.roster, self.slot
        return Deeds(int(r.helped[i]), int(r.actions[i]), int(r.blocked[i]))

    @deeds.setter
    def deeds(self, value: Deeds) -> None:
        r, i = self.roster, self.slot
        r.helped[i], r.actions[i], r.blocked[i] = value.helped, value.actions, value.blocked

    @staticmethod
    def hours(p: Parameters, energy):
        """Hours this week at `energy` (one number, or one per person): tired people do less."""
        return p.best_person_hours * (0.5 + 0.5 * energy)

    @staticmethod
    def slots(people: list) -> np.ndarray:
        """The people's slots, in their order (int64: as the team kernels take them)."""
        if type(people) is Crew:
            return people.slots
        return np.array([b.slot for b in people], dtype=np.int64)

    @classmethod
    def running_cases(cls, model: Neighbourhood, people: list, hours: np.ndarray) -> np.ndarray:
        """Hours each has left after the informal cases they run (booked as hours spent)."""
        slots = cls.slots(people)
        caseload = model.caseload
        # Every slot below `best_persons_ever` is counted (the model counts cases for all
        # of them before the best persons act); only a person added since would not be.
        if (
            model.best_persons_ever <= caseload.size
            or slots.size == 0
            or slots.max() < caseload.size
        ):
            load = caseload[slots] * informal_help.HOURS_PER_CASE_WEEK
        else:  # someone newer than this week's count of cases runs none yet
            load = np.zeros(slots.size)
            known = slots < caseload.size
            load[known] = caseload[slots[known]] * informal_help.HOURS_PER_CASE_WEEK
        used = np.minimum(hours, load)
        model.ledger.add_each("hours", used)
        return hours - used

    @classmethod
    def begin_week(cls, model: Neighbourhood, people: list) -> tuple[np.ndarray, np.ndarray]:
        """Each one's hours this week, last week's reports paid from them first.

        Worked out for everyone at once: a person's hours depend only on their own
        energy and backlog, which no one else's week changes. The reporting hours are
        booked as hours spent when the person's team takes its turn (the model does).

        Returns:
            The hours each has left for their type's work, and the hours each reports.
        """
        slots = cls.slots(people)
        roster = model.roster
        hours = cls.hours(model.p, roster.energy[slots])
        reporting = np.minimum(roster.report_backlog[slots], hours)
        return hours - reporting, reporting

    @classmethod
    def act_together(cls, model: Neighbourhood, people: list, hours: np.ndarray) -> Deeds:
        """This type's work this week, for all of them at once (one number per person).

        Args:
            model: The model.
            people: The best persons of this type, in the week's order.
            hours: Hours each has for the work.
        """
        raise NotImplementedError  # pragma: no cover - each type has its own

    @classmethod
    def team(cls, model: Neighbourhood, people: list, hours) -> Team:
        """The people as a team for a mechanism (see `state.Team`)."""
        slots = cls.slots(people)
        roster = model.roster
        return Team(
            slots=slots,
            hours=np.asarray(hours, dtype=float),
            empathy=roster.empathy[slots],
            entrepreneurship=roster.entrepreneurship[slots],
            # Every best person's stream, by slot (kept by the model as a kernel takes it).
            streams=model.person_streams if people else [],
            reach=None,
            # Everyone's reach as the roster keeps it, by slot (the streams' places).
            table=(roster.reach, roster.bounds),
            group=roster.group[slots],
            places=slots if people else None,
        )

    @classmethod
    def end_week_together(cls, model: Neighbourhood, people: list, deeds: Deeds) -> None:
        """Each accounts for the week's deeds, then energy, in the week's order; exits when spent.

        Worked out for the whole type at once (`energy.week_end`); one who stops is no
        longer an ally of those after them.

        Args:
            model: The model.
            people: The best persons of this type, in the week's order.
            deeds: What each did this week (households helped, actions taken for
                households, actions the rules refused).
        """
        m = model
        p = m.p
        r = m.roster
        slots = cls.slots(people)
        helped, actions, blocked = (
            np.asarray(count, dtype=np.int64)
            for count in (deeds.helped, deeds.actions, deeds.blocked)
        )
        stops = energy.week_end(
            m.person_streams, slots, helped, actions, blocked,
            r.energy, r.entrepreneurship, r.resilience, r.report_backlog,
            r.helped, r.actions, r.blocked,
            len(m.best_persons), m.residents.n, p.freedom_of_movement, m.ctx.burden,
            freedom.REPORT_HOURS, p.blocked_drain, p.success_recovery,
            p.best_person_exit_rate, energy.constants(),
        )  # fmt: skip
        for i in stops.tolist():
            m.best_person_exits(people[i])


class Crew(list):
    """Best persons of one type in the week's order, with their slots read once.

    A type's week reads its people's slots in each of its steps (hours, cases, the team,
    the week's end); the model hands each type its people as a crew, so `BestPerson.slots`
    gives the array read once (never changed while the crew acts: a person who stops keeps
    their slot).

    Attributes:
        slots: Each one's slot, in the crew's order.
    """

    def __init__(self, people: list, slots: np.ndarray) -> None:
        super().__init__(people)
        self.slots = slots


class EverydayDoer(BestPerson):
    """A resident who fixes problems in their own street (alledaagse doener)."""

    def __init__(self, model: Neighbourhood, home: int) -> None:
        super().__init__(model, model.lot_of(home))
        self.home = home
        self.group = int(model.residents.group[home])
        self.reach = model.block_members[model.residents.block[home]]

    @classmethod
    def act_together(cls, model: Neighbourhood, people: list, hours: np.ndarray) -> Deeds:
        """Run informal cases, then drop in on neighbours."""
        left = cls.running_cases(model, people, hours)
        team = cls.team(model, people, left)
        return informal_help.visit(model.ctx, team)


class FrontlineBestPerson(BestPerson):
    """A professional inside an agency who cuts through procedure (frontliniewerker)."""

    def __init__(self, model: Neighbourhood, agency: Agency) -> None:
        super().__init__(model, agency.lot)
        self.agency = agency

    @classmethod
    def act_together(cls, model: Neighbourhood, people: list, hours: np.ndarray) -> Deeds:
        """Work their agencies' cases."""
        team = cls.team(model, people, hours)
        agencies = [b.agency.domains for b in people]
        return cutting_through.work_cases(model.ctx, team, agencies=agencies)


class SocialEntrepreneur(BestPerson):
    """A resident or professional who runs initiatives (sociale ondernemer).

    Attributes:
        domain: Domain of the initiative.
        heard: Problems heard of per domain during the current subsidy.
        funded_until: Week the current subsidy ends.
        application: Progress on the next subsidy application (0-1).
    """

    def __init__(self, model: Neighbourhood, home: int) -> None:
        super().__init__(model, model.lot_of(home))
        self.home = home
        self.group = int(model.residents.group[home])
        self.reach = model.reach_around(home, radius_blocks=1)
        # `heard` is this person's row of the roster's counts (zero when the slot is taken).
        rng = model.recruit_rng
        self.domain = initiatives.choose_domain(self.heard, rng)
        # Initiatives under way at the start are part-way through their subsidy; one
        # found by scouting later starts by applying.
        start = int(rng.integers(0, model.p.subsidy_horizon + 1)) if model.steps == 0 else 0
        self.funded_until = model.steps + start
        self.application = 0.0

    @property
    def heard(self) -> np.ndarray:
        """Problems heard of per domain during the current subsidy (their row in the roster)."""
        return self.roster.heard[self.slot]

    def apply(self, hours: float) -> Deeds:
        """Not funded: work on the next subsidy application."""
        m = self.model
        self.application += hours / initiatives.application_hours(m.p, m.ctx.burden)
        m.ledger.add("hours", hours)
        if self.application < 1.0:
            return Deeds()
        self.application = 0.0
        if not initiatives.subsidy_granted(self.stream, self.entrepreneurship):
            return Deeds(blocked=1)
        self.funded_until = m.steps + m.p.subsidy_horizon
        self.domain = initiatives.choose_domain(self.heard, self.stream)
        self.heard[:] = 0.0
        return Deeds()

    @classmethod
    def act_together(cls, model: Neighbourhood, people: list, hours: np.ndarray) -> Deeds:
        """Run the initiatives that are funded; apply for a subsidy where not."""
        left = cls.running_cases(model, people, hours).tolist()
        helped = np.zeros(len(people), dtype=np.int64)
        actions = np.zeros(len(people), dtype=np.int64)
        blocked = np.zeros(len(people), dtype=np.int64)
        funded = []
        for i, b in enumerate(people):
            if model.steps < b.funded_until:
                funded.append(i)
                continue
            d = b.apply(left[i])
            helped[i], actions[i], blocked[i] = d.helped, d.actions, d.blocked
        if funded:
            running = [people[i] for i in funded]
            team = cls.team(model, running, [left[i] for i in funded])
            heard = model.roster.heard[team.slots]
            done = initiatives.run_initiatives(
                model.ctx, team, domains=np.array([b.domain for b in running]),
                efficacy=model.efficacy, heard=heard,
            )  # fmt: skip
            model.roster.heard[team.slots] = heard
            if len(funded) == len(people):  # all funded (most weeks): their deeds as they are
                return done
            helped[funded], actions[funded], blocked[funded] = (
                done.helped,
                done.actions,
                done.blocked,
            )
        return Deeds(helped, actions, blocked)


class BridgeBuilder(BestPerson):
    """Someone who links residents to agencies and agencies to each other (bruggenbouwer)."""

    def __init__(self, model: Neighbourhood, home: int) -> None:
        super().__init__(model, model.lot_of(home))
        self.home = home
        rng = model.recruit_rng
        n = model.residents.n
        self.reach = np.sort(rng.choice(n, size=min(referrals.NETWORK_SIZE, n), replace=False))
        self.own_domain = int(rng.integers(0, len(DOMAINS)))

    @classmethod
    def act_together(cls, model: Neighbourhood, people: list, hours: np.ndarray) -> Deeds:
        """Contacts, warm referrals and one plan for multi-problem households."""
        team = cls.team(model, people, hours)  # their group stays -1: they work across
        deeds, domains = referrals.bridge(
            model.ctx, team, own_domains=np.array([b.own_domain for b in people])
        )
        # Referrals into each agency: those to the domains it serves (one product, not a
        # sum per agency; the counts are whole numbers, exact in floating point).
        per_agency = np.bincount(domains, minlength=len(DOMAINS)) @ model.membership
        for agency, referred in zip(model.agencies, per_agency.tolist(), strict=True):
            agency.referrals += int(referred)
        return deeds


BEST_PERSON_TYPES: dict[str, type[BestPerson]] = {
    "everyday_doer": EverydayDoer,
    "frontline_best_person": FrontlineBestPerson,
    "social_entrepreneur": SocialEntrepreneur,
    "bridge_builder": BridgeBuilder,
}
