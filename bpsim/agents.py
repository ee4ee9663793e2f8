"""The agents: households, agencies, ordinary frontline workers and the four best-person types.

Households are thin Mesa views over the residents' arrays (their numbers are
updated in bulk by the submodels); agencies, workers and best persons are ordinary
Mesa agents with per-agent behaviour, delegating the rules to `bpsim.mechanisms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.discrete_space import CellAgent, FixedAgent

from bpsim.mechanisms import (
    burnout,
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
from bpsim.scenario import DOMAINS
from bpsim.state import HELPED, WAITING

#: Extra case hours of an application handled with personal contact (assumption).
PERSONAL_EXTRA_HOURS = 0.25

if TYPE_CHECKING:  # pragma: no cover
    from bpsim.model import NeighbourhoodModel


class Household(CellAgent):
    """A household: a view over its row in `model.residents`.

    Attributes:
        index: Row of this household in the residents' arrays.
    """

    def __init__(self, model: NeighbourhoodModel, index: int) -> None:
        super().__init__(model)
        self.index = int(index)

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
    """

    def __init__(self, model: NeighbourhoodModel, name: str, domains: np.ndarray) -> None:
        super().__init__(model)
        self.name = name
        self.domains = domains
        self.pressure = 0.0
        self.referrals = 0

    @property
    def workers(self) -> list[Worker]:
        """Ordinary workers currently employed here."""
        return self.model.workers_at[self]

    @property
    def frontline_best_persons(self) -> int:
        """Active frontline best persons working here."""
        return self.model.fbp_at.get(self, 0)

    def step(self) -> None:
        """Decide waiting applications, oldest first, as far as staff hours reach."""
        m = self.model
        p = m.p
        res = m.residents
        staff = self.workers
        hours = sum(p.staff_hours * (1.0 - 0.5 * w.burnout) for w in staff)
        hours -= scouting.hours(p) + training.hours(p)
        # Households already receiving help take their case management hours first.
        ongoing = int((res.status[:, self.domains] == HELPED).sum())
        hours -= ongoing * p.help_hours
        m.ledger.add_hours(ongoing * p.help_hours)
        rows, j = np.nonzero(res.status[:, self.domains] == WAITING)
        cols = self.domains[j]
        if rows.size == 0 or hours <= 0 or not staff:
            self.pressure = float(rows.size) / max(1.0, hours / p.case_hours)
            return
        order = np.argsort(res.queued_at[rows, cols], kind="stable")
        rows, cols = rows[order], cols[order]
        who = m.rngs.agencies.integers(0, len(staff), rows.size)
        practice = np.array([w.practice for w in staff])[who]
        empathy = np.array([w.empathy for w in staff])[who]
        cost = (
            p.case_hours
            * (1.0 + p.case_hours_burden * p.rule_burden)
            * m.owners[cols]
            * (1.0 + PERSONAL_EXTRA_HOURS * res.personal[rows, cols])
            * (1.0 - learning.PRACTICE_TIME_SAVING * practice)
        )
        take = np.cumsum(cost) <= hours
        n = int(take.sum())
        coping = discretion.coping_towards_clients(
            empathy[:n], practice[:n], discretion.allowed_discretion(p)
        )
        entitled = res.entitled[rows[:n], cols[:n]]
        granted = discretion.decide(
            res, p, m.rngs.agencies, m.steps, m.ledger, rows[:n], cols[:n], coping, 1.0
        )
        spent = float(cost[:n].sum())
        m.ledger.add_hours(spent)
        m.ledger.add_decisions(spent, int((granted & entitled).sum()))
        self.pressure = (rows.size - n) / max(n, 1)


class Worker(Agent):
    """An ordinary frontline worker.

    Attributes:
        agency: Employer.
        empathy: Empathy (0-1); training moves it up to a ceiling.
        hired_empathy: Empathy at hiring.
        practice: Best persons' ways taken on by working beside them (0-1).
        burnout: Burnout (0-1).
        latent: A latent best person, findable by scouting.
    """

    def __init__(self, model: NeighbourhoodModel, agency: Agency, empathy: float, latent: bool):
        super().__init__(model)
        self.agency = agency
        self.empathy = empathy
        self.hired_empathy = empathy
        self.practice = 0.0
        self.burnout = 0.0
        self.latent = latent

    def step(self) -> None:
        """Burnout, professional learning, training, and perhaps leaving."""
        m = self.model
        p = m.p
        agency = self.agency
        meaning = discretion.coping_towards_clients(
            self.empathy, self.practice, discretion.allowed_discretion(p)
        )
        self.burnout = burnout.update(self.burnout, agency.pressure, p, meaning)
        staff = max(1, len(m.workers_at[agency]))
        exposure = min(1.0, (m.fbp_at.get(agency, 0) + agency.referrals / 10.0) / staff * 4.0)
        self.practice = learning.learn(self.practice, exposure, p)
        self.empathy = training.train(self.empathy, self.hired_empathy, p)
        if m.rngs.workers.random() < burnout.leave_chance(self.burnout, p):
            m.worker_leaves(self)


class BestPerson(CellAgent):
    """A best person: empathic and entrepreneurial; energy drained by restriction; may exit.

    Attributes:
        empathy: Empathy (0-1).
        entrepreneurship: Entrepreneurship (0-1).
        energy: Energy (0-1); below `energy.EXIT_THRESHOLD` the person stops.
        resilience: Personal factor on the energy drain.
        helped: Households helped last week.
    """

    def __init__(self, model: NeighbourhoodModel, cell) -> None:
        super().__init__(model)
        p = model.p
        self.empathy = p.best_person_empathy
        self.entrepreneurship = p.best_person_entrepreneurship
        self.energy = 1.0
        self.resilience = float(model.recruit_rng.uniform(0.6, 1.4))
        self.helped = 0
        self.cell = cell

    def hours(self) -> float:
        """Hours for households this week: tired people do less; reporting takes its share."""
        p = self.model.p
        raw = p.best_person_hours * (0.5 + 0.5 * self.energy) * (0.5 + 0.5 * self.entrepreneurship)
        return freedom.hours_for_households(raw, p)

    def act(self, hours: float) -> int:  # pragma: no cover - abstract
        """Do this type's work; return households helped."""
        raise NotImplementedError

    def step(self) -> None:
        """Act by type, then energy; exit when spent."""
        m = self.model
        self.helped = self.act(self.hours())
        self.energy = energy.update(
            self.energy,
            m.p,
            freedom.restriction(m.p),
            self.resilience,
            len(m.best_persons) - 1,
            self.helped,
        )
        # Burnt out - or gone for reasons outside the work (moving, a new job, age).
        spent = self.energy < energy.EXIT_THRESHOLD
        if spent or m.rngs.best_persons.random() < m.p.best_person_exit_rate:
            m.best_person_exits(self)


class EverydayDoer(BestPerson):
    """A resident who fixes problems in their own street (alledaagse doener)."""

    def __init__(self, model: NeighbourhoodModel, home: int) -> None:
        super().__init__(model, model.cell_of(home))
        self.home = home
        self.group = int(model.residents.group[home])
        self.reach = model.block_members[model.residents.block[home]]

    def act(self, hours: float) -> int:
        """Visit neighbours with unmet needs."""
        m = self.model
        return informal_help.visit(
            m.residents, m.p, m.rngs.best_persons, m.steps, m.ledger,
            self.reach, hours, self.empathy, self.group,
        )  # fmt: skip


class FrontlineBestPerson(BestPerson):
    """A professional inside an agency who cuts through procedure (frontliniewerker)."""

    def __init__(self, model: NeighbourhoodModel, agency: Agency) -> None:
        super().__init__(model, agency.cell)
        self.agency = agency

    def act(self, hours: float) -> int:
        """Work the cases where procedure weighs most."""
        m = self.model
        return cutting_through.work_cases(
            m.residents, m.p, m.rngs.best_persons, m.steps, m.ledger,
            self.agency.domains, hours, self.empathy, freedom.restriction(m.p),
        )  # fmt: skip


class SocialEntrepreneur(BestPerson):
    """A resident or professional who runs initiatives (sociale ondernemer).

    Attributes:
        domain: Domain of the initiative.
        funded_until: Week the current subsidy ends.
        application: Progress on the next subsidy application (0-1).
    """

    def __init__(self, model: NeighbourhoodModel, home: int) -> None:
        super().__init__(model, model.cell_of(home))
        self.home = home
        self.group = int(model.residents.group[home])
        self.reach = model.reach_around(home, radius_blocks=1)
        self.domain = initiatives.choose_domain(model.residents, self.reach)
        rng = model.recruit_rng
        self.funded_until = model.steps + int(rng.integers(0, model.p.subsidy_horizon + 1))
        self.application = 0.0

    def act(self, hours: float) -> int:
        """Run the initiative while funded; apply for a subsidy when not."""
        m = self.model
        if m.steps >= self.funded_until:
            self.application += hours / initiatives.application_hours(m.p)
            m.ledger.add_hours(hours)
            if self.application >= 1.0:
                self.application = 0.0
                self.funded_until = m.steps + m.p.subsidy_horizon
                self.domain = initiatives.choose_domain(m.residents, self.reach)
            return 0
        return initiatives.run_initiative(
            m.residents, m.p, m.rngs.best_persons, m.steps, m.ledger, self.reach,
            self.domain, hours, self.entrepreneurship, self.group, m.efficacy,
        )  # fmt: skip


class BridgeBuilder(BestPerson):
    """Someone who links residents to agencies and agencies to each other (bruggenbouwer)."""

    def __init__(self, model: NeighbourhoodModel, home: int) -> None:
        super().__init__(model, model.cell_of(home))
        self.home = home
        rng = model.recruit_rng
        self.reach = np.sort(
            rng.choice(model.residents.n, size=min(250, model.residents.n), replace=False)
        )
        self.own_domain = int(rng.integers(0, len(DOMAINS)))

    def act(self, hours: float) -> int:
        """Warm referrals, then one plan for multi-problem households."""
        m = self.model
        rng = m.rngs.best_persons
        rows, cols = referrals.refer(m.residents, m.p, rng, self.reach, hours, self.own_domain)
        for d in np.unique(cols):
            for agency in m.agencies_of_domain[d]:
                agency.referrals += int((cols == d).sum())
        plans = referrals.coordinate(m.residents, m.p, rng, self.reach, hours)
        m.ledger.add_hours(
            rows.size * referrals.HOURS_PER_REFERRAL + plans * referrals.HOURS_PER_PLAN
        )
        return int(rows.size + plans)


BEST_PERSON_TYPES: dict[str, type[BestPerson]] = {
    "everyday_doer": EverydayDoer,
    "frontline_best_person": FrontlineBestPerson,
    "social_entrepreneur": SocialEntrepreneur,
    "bridge_builder": BridgeBuilder,
}
