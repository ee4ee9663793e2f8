"""NeighbourhoodModel: one neighbourhood, its agencies, workers and best persons, week by week."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial
from types import SimpleNamespace
from typing import Any

import numpy as np
from mesa import DataCollector, Model
from mesa.agentset import AgentSet
from mesa.discrete_space import OrthogonalMooreGrid

from bpsim.core import compiled, outcomes
from bpsim.core.agents import (
    BEST_PERSON_TYPES,
    COORDINATED_CASE_SHARE,
    Agency,
    BestPerson,
    BridgeBuilder,
    Crew,
    EverydayDoer,
    FrontlineBestPerson,
    Household,
    SocialEntrepreneur,
    Worker,
)
from bpsim.core.compiled import kernel
from bpsim.core.mechanisms import (
    help_seeking,
    needs,
    outreach,
    procedures,
    referrals,
    rule_reflex,
    scouting,
    ties,
    trust,
)
from bpsim.core.parameters import Parameters
from bpsim.core.scenario import DOMAINS, Scenario, population
from bpsim.core.state import (
    HELPED,
    INFORMAL,
    NO_HELPER,
    NONE,
    OPEN,
    Ledger,
    Residents,
    Roster,
    Week,
)
from bpsim.core.workforce import Workforce

#: Side of a street block in lots, one household per lot (an everyday doer knows their block;
#: assumption).
BLOCK_SIDE = 8
#: Background groups among residents, and their shares (assumption: a mixed neighbourhood).
GROUP_SHARES = (0.5, 0.3, 0.2)
#: Initial share of households with a problem in each domain (assumption; settles within a year).
INITIAL_PREVALENCE = 0.08
#: Names of the agencies, in the order they are created.
AGENCY_NAMES = (
    "municipality",
    "housing corporation",
    "health care",
    "youth care",
    "welfare organisation",
    "debt counselling",
    "employment service",
    "police",
    "mental health care",
    "district team",
    "school",
    "GP practice",
)
#: Random streams, one per purpose, spawned from the run's seed.
STREAMS = (
    "init", "needs", "seeking", "procedures", "agencies", "workers", "scout", "audits",
    # Spawned after the others, so adding it left their numbers as they were.
    "outreach",
)  # fmt: skip


def case_share(res: Residents) -> np.ndarray:
    """Share of full case management each household's helped problems take.

    One plan removes duplicated work: a coordinated household with k problems receiving
    help needs one coordinator, the first problem taking full case management and each
    further one `COORDINATED_CASE_SHARE` of it (Cuyvers via SBO). Without a plan, or with
    one problem, nothing is duplicated and nothing saved.
    """
    return _case_share(res.status, res.coordinated, COORDINATED_CASE_SHARE)


@kernel
def informal_caseload(status, helper, people):
    """Informal cases each of `people` slots runs: problems in `INFORMAL` help, by helper.

    As ``np.bincount(helper[status == INFORMAL], minlength=people)`` (every helper is a
    slot below `people`), in one pass without the mask and the gathered copy.
    """
    counts = np.zeros(people, dtype=np.int64)
    kinds, helpers = status.ravel(), helper.ravel()
    for k in range(kinds.size):
        if kinds[k] == INFORMAL:
            h = helpers[k]
            # No slot (bincount refuses a negative one) or one no best person ever held:
            # a broken invariant, refused rather than counted out of bounds.
            if h < 0 or h >= people:
                raise ValueError("an informal case without a best person's slot")
            counts[h] += 1
    return counts


@kernel
def _case_share(status, coordinated, further_share):
    """`case_share` for every household in one pass (replaces masked numpy passes)."""
    n, d = status.shape
    share = np.ones(n)
    for i in range(n):
        if not coordinated[i]:
            continue
        k = 0
        for j in range(d):
            k += status[i, j] == HELPED
        share[i] = (1.0 + further_share * max(k - 1, 0)) / max(k, 1)
    return share


def _read(name: str, model: NeighbourhoodModel) -> float:
    """DataCollector reporter: one outcome of the current week (measured once per week)."""
    return model.outcomes[name]


_OUTCOME_NAMES = frozenset(outcomes.ALL_OUTCOMES)


class OutcomeCollector(DataCollector):
    """Mesa's DataCollector of the outcomes, one column per outcome, one row per week.

    Every outcome is a number `outcomes.measure` computes once a week, so the collector
    appends the week's values as they are: Mesa's `collect` deep-copies each reporter's
    value (so that a list or array a reporter returns cannot change afterwards), which
    for 34 plain numbers a week was about 7% of a default run and copies nothing a
    number needs. Reporters added later (`model_reporters` other than the outcomes, or
    agent reporters) are collected by Mesa's own `collect`, deep copies and all.
    """

    def collect(self, model: NeighbourhoodModel) -> None:
        """Append this week's outcomes (and anything else reported, Mesa's way)."""
        # A keys view compares as a set: no two sets built each week.
        own = self.model_reporters.keys() == _OUTCOME_NAMES
        if not own or self.agent_reporters or self.agenttype_reporters:
            super().collect(model)
            return
        self._collection_steps.append(model.time)
        week = model.outcomes
        for name, column in self.model_vars.items():
            column.append(week[name])


class NeighbourhoodModel(Model):
    """A Dutch problem neighbourhood with residents, agencies, workers and best persons.

    One step is one week (see docs/ODD.md, "Process overview and scheduling").

    Args:
        setup: bpsim's validated parameters (a `bpsim.Scenario`); default: every
            parameter at its default.
        rng: Seed of the run. The same parameters and seed give identical results.
        scenario: Mesa's own experimental scenario (`mesa.experimental.scenarios`), as
            Mesa's SolaraViz passes it back on Reset; it gives the seed when `rng` is
            not given (`model.scenario` is Mesa's, made afresh). bpsim's parameters
            never travel this way, so the two never clash.
        **params: Parameter values by name, applied over `setup` and validated
            (so Mesa's SolaraViz can rebuild the model as ``type(model)(**params)``).

    Attributes:
        params: The validated `bpsim.Scenario`.
        p: Its values as a typed, frozen `Parameters` record (fast access in the step).
        residents: Households' state as arrays.
        grid: The neighbourhood (`OrthogonalMooreGrid`) of street blocks: each cell is a
            block of `BLOCK_SIDE` x `BLOCK_SIDE` lots, and households, agencies and best
            persons sit in the cell of the block they live or work in.
        lots_per_side: Lots along each side of the neighbourhood (one household per lot;
            a household's lot is ``residents.x``, ``residents.y``).
        datacollector: Every outcome, every week.
        outcomes: The outcomes of the current week.
    """

    def __init__(
        self,
        setup: Scenario | None = None,
        rng: int | None = None,
        *,
        scenario: Any = None,
        **params: Any,
    ) -> None:
        if isinstance(scenario, Scenario):
            raise TypeError(
                "NeighbourhoodModel: pass bpsim's Scenario as the first argument (setup); "
                "the keyword `scenario` is Mesa's own experimental scenario"
            )
        if rng is None and scenario is not None:
            rng = getattr(scenario, "rng", None)
        # Mesa's scenario is taken for its seed only: the one SolaraViz passes back is
        # still bound to the old model, and Mesa makes this model its own.
        super().__init__(rng=rng)
        base = setup if setup is not None else Scenario.from_mapping({}, name="default")
        self.params = base.with_overrides(params) if params else base
        p = self.p = Parameters(**self.params.params)
        # The run's own seed spawns one stream per purpose (without a seed: one drawn).
        self.run_seed = rng if rng is not None else int(self.rng.integers(2**31))
        seq = np.random.SeedSequence(self.run_seed)
        streams = map(np.random.default_rng, seq.spawn(len(STREAMS)))
        self.rngs = SimpleNamespace(**dict(zip(STREAMS, streams, strict=True)))
        self.ledger = Ledger()
        # Lever changes and events by week (nothing to do in a week without one).
        self.changes = {c.week: c.levers for c in self.params.timeline}
        self.leaving: dict[int, list] = {}
        for event in self.params.events:
            self.leaving.setdefault(event.week, []).append(event)
        self.outreach = outreach.Outreach()
        self.rules = rule_reflex.Rules(p.rule_burden)
        self.ctx = Week(res=None, p=p, ledger=self.ledger, rules=self.rules, week=0)
        self.counts = population(self.params.params)
        self._build_residents()  # also gives the week context its residents
        self._build_agencies()
        self.workforce = Workforce(self, self.agencies)
        init = self.rngs.init
        for i in range(self.counts["workers"]):
            self.workforce.hire(self.agencies[i % len(self.agencies)], init)
        self.best_persons = AgentSet([], random=self.random)
        # Every best person's stream, by number, as the team kernels take them.
        self.person_streams = compiled.generators(())
        self.agency_stream = compiled.generators([self.rngs.agencies])
        self.best_persons_ever = 0
        # Their numbers (energy, hours owed to reports, ...), by slot.
        self.roster = Roster(len(DOMAINS))
        self.best_persons_found = 0
        self.frontline_at: dict[Agency, int] = {}
        self.caseload = np.zeros(0, dtype=np.intp)
        # Stream for new best persons' own draws: construction at the start, scouting
        # later - so that scouting does not shift the random numbers of acting best persons.
        self.recruit_rng = init
        self._build_best_persons(init)
        self.recruit_rng = self.rngs.scout
        self._ties_settled()
        self.outcomes = outcomes.measure(self)
        self.datacollector = OutcomeCollector(
            model_reporters={name: partial(_read, name) for name in outcomes.ALL_OUTCOMES}
        )
        self.datacollector.collect(self)

    # --- construction ---------------------------------------------------------------------
    def _build_residents(self) -> None:
        p = self.p
        rng = self.rngs.init
        n = p.n_households
        d = len(DOMAINS)
        side = math.isqrt(n - 1) + 1
        self.lots_per_side = side
        blocks_per_row = -(-side // BLOCK_SIDE)
        # Mesa's grid holds street blocks, not lots: a cell per lot cost 1.2 kB each (its
        # eight connections and its lists), 120 MB at 100,000 households, for a space the
        # mechanisms read only as blocks and distances (`reach_around`, on the lots).
        self.grid = OrthogonalMooreGrid(
            (blocks_per_row, blocks_per_row), torus=False, random=self.random
        )
        lots = rng.permutation(side * side)[:n]
        x, y = np.divmod(lots, side)
        block = (x // BLOCK_SIDE) * blocks_per_row + (y // BLOCK_SIDE)
        # Renumber blocks 0..B-1 so that every block has households.
        _, block = np.unique(block, return_inverse=True)
        capacity0 = rng.beta(4.0, 3.0, n)
        quintile = np.minimum((np.argsort(np.argsort(capacity0)) * 5) // n, 4).astype(np.intp)
        status = np.where(rng.random((n, d)) < INITIAL_PREVALENCE, OPEN, NONE).astype(np.int8)
        active = status != NONE
        self.residents = Residents(
            x=x,
            y=y,
            block=block,
            group=rng.choice(len(GROUP_SHARES), size=n, p=GROUP_SHARES),
            capacity0=capacity0,
            capacity=capacity0.copy(),
            quintile=quintile,
            stress=np.zeros(n),
            awareness=rng.beta(3.0, 3.0, n),
            trust=rng.beta(5.0, 4.0, n),
            # Ties start near the level they settle at in the baseline (about 2.5, 1, 1).
            bonding=rng.gamma(2.5, 1.0, n),
            bridging=rng.gamma(1.0, 1.0, n),
            linking=rng.gamma(1.0, 1.0, n),
            coordinated=np.zeros(n, dtype=bool),
            status=status,
            severity=np.where(active, rng.uniform(needs.SEVERITY_LOW, 1.0, (n, d)), 0.0),
            onset=np.where(active, -rng.integers(0, 20, (n, d)), 0).astype(np.int32),
            entitled=active & (rng.random((n, d)) < p.entitled_share),
            step=np.zeros((n, d), dtype=np.int16),
            support=np.zeros((n, d)),
            queued_at=np.zeros((n, d), dtype=np.int32),
            personal=np.zeros((n, d), dtype=bool),
            counted=np.zeros((n, d), dtype=bool),
            settled=np.zeros((n, d), dtype=bool),
            wrongful=np.zeros((n, d), dtype=bool),
            helper=np.full((n, d), NO_HELPER, dtype=np.int32),
            bp_tie=np.zeros(n),
            tied_at_onset=np.zeros((n, d), dtype=bool),
        )
        self.ctx.res = self.residents  # the week context's from now on
        needs.update_stress(self.ctx)
        self.block_sizes = np.bincount(block).astype(float)
        order = np.argsort(block, kind="stable")
        self.block_members = np.split(order, np.cumsum(np.bincount(block))[:-1])
        self.quintile_sizes = np.bincount(quintile, minlength=5).astype(float)
        # Word of mouth runs within a household's circle: its block and capacity quintile.
        self.circle = block * 5 + quintile
        self.circle_sizes = np.bincount(self.circle).astype(float)
        self.latent_residents = rng.random(n) < p.latent_share
        Household.create_agents(self, n, index=np.arange(n))
        self.households = list(self.agents_by_type[Household])
        for h in self.households:
            h.cell = self.cell_of(h.index)

    def _build_agencies(self) -> None:
        p = self.p
        d = len(DOMAINS)
        a = p.n_agencies
        side = self.lots_per_side
        self.agencies: list[Agency] = []
        owners = np.zeros(d, dtype=float)
        for i in range(a):
            doms = np.array([k for k in range(d) if (k % a == i if a <= d else k == i % d)])
            owners[doms] += 1
            agency = Agency(self, AGENCY_NAMES[i], doms)
            # Agencies sit on a ring around the neighbourhood's centre.
            angle = 2 * math.pi * i / a
            cx = int((side - 1) * (0.5 + 0.35 * math.cos(angle)))
            cy = int((side - 1) * (0.5 + 0.35 * math.sin(angle)))
            agency.lot = (cx, cy)
            agency.cell = self.cell_at(cx, cy)
            self.agencies.append(agency)
        self.owning_agencies = owners
        self.agencies_of_domain = [[g for g in self.agencies if k in g.domains] for k in range(d)]
        self.membership = np.array(
            [[float(k in g.domains) for g in self.agencies] for k in range(d)]
        )
        self._set_procedures()

    def _set_procedures(self) -> None:
        """Steps of a procedure at this week's effective rule burden."""
        per_agency = procedures.steps_per_agency(self.p, self.rules.burden)
        self.procedure_steps = (per_agency * self.owning_agencies).astype(np.int16)
        self.procedure_steps_one_plan = per_agency

    def _build_best_persons(self, rng: np.random.Generator) -> None:
        c = self.counts
        n_res = c["everyday_doer"] + c["social_entrepreneur"] + c["bridge_builder"]
        homes = iter(rng.choice(self.residents.n, size=min(n_res, self.residents.n), replace=False))
        for _ in range(c["everyday_doer"]):
            self._add_best_person(EverydayDoer(self, int(next(homes))))
        for i in range(c["frontline_best_person"]):
            self._add_best_person(FrontlineBestPerson(self, self.agencies[i % len(self.agencies)]))
        for _ in range(c["social_entrepreneur"]):
            self._add_best_person(SocialEntrepreneur(self, int(next(homes))))
        for _ in range(c["bridge_builder"]):
            self._add_best_person(BridgeBuilder(self, int(next(homes))))

    def _add_best_person(self, person: BestPerson) -> None:
        self.best_persons.add(person)
        compiled.add_generator(self.person_streams, person.stream)
        self.best_persons_ever += 1
        if isinstance(person, FrontlineBestPerson):
            self.frontline_at[person.agency] = self.frontline_at.get(person.agency, 0) + 1

    # --- helpers for agents -------------------------------------------------------------------
    @property
    def workers(self) -> list[Worker]:
        """Ordinary frontline workers now employed, agency by agency."""
        return list(self.workforce)

    def lot_of(self, household: int) -> tuple[int, int]:
        """The lot (x, y) a household lives on."""
        res = self.residents
        return int(res.x[household]), int(res.y[household])

    def cell_at(self, x: int, y: int):
        """The grid cell (street block) that holds lot (x, y)."""
        return self.grid[(x // BLOCK_SIDE, y // BLOCK_SIDE)]

    def cell_of(self, household: int):
        """The grid cell (street block) of a household."""
        return self.cell_at(*self.lot_of(household))

    def reach_around(self, household: int, radius_blocks: int) -> np.ndarray:
        """Households within `radius_blocks` street blocks (by grid distance) of a household."""
        res = self.residents
        r = radius_blocks * BLOCK_SIDE + BLOCK_SIDE // 2
        near = (np.abs(res.x - res.x[household]) <= r) & (np.abs(res.y - res.y[household]) <= r)
        return np.nonzero(near)[0]

    def apply_levers(self, levers: dict[str, float]) -> None:
        """Levers take new values from this week on (a timeline entry).

        The parameters are swapped for a new `Parameters` record (`dataclasses.replace`),
        not edited, so every mechanism reads the new values from this week on through `p`
        / `ctx.p`; the rules in force take the new rule burden as their base (what
        incidents added stays, within 1).
        """
        self.p = self.ctx.p = replace(self.p, **levers)
        if "rule_burden" in levers:
            self.rules.base = self.p.rule_burden
            self.rules.extra = min(self.rules.extra, 1.0 - self.rules.base)

    def remove_best_persons(self, who: str, number: int | None) -> int:
        """An event: best persons stop (all, or one type), longest-serving first.

        Each goes through `best_person_exits`, so their informal cases drop back to open.

        Returns:
            How many left.
        """
        kind = BEST_PERSON_TYPES.get(who)
        people = sorted(
            (b for b in self.best_persons if kind is None or type(b) is kind),
            key=lambda b: b.unique_id,
        )
        gone = people if number is None else people[:number]
        for person in gone:
            self.best_person_exits(person)
        return len(gone)

    def best_person_exits(self, person: BestPerson) -> None:
        """A best person stops; the informal help they ran stops with them."""
        self.best_persons.remove(person)
        if isinstance(person, FrontlineBestPerson):
            self.frontline_at[person.agency] -= 1
        res = self.residents
        theirs = (res.helper == person.slot) & (res.status == INFORMAL)
        res.status[theirs] = OPEN
        res.helper[theirs] = NO_HELPER
        person.remove()

    # --- the week ----------------------------------------------------------------------------
    def step(self) -> None:
        """One week; the order is described in docs/ODD.md (Process overview)."""
        p = self.p
        res = self.residents
        rngs = self.rngs
        ctx = self.ctx
        ctx.week = self.steps
        # 0. Policy changes and events of this week, before anyone acts.
        if self.steps in self.changes:
            self.apply_levers(self.changes[self.steps])
            p = self.p
        for event in self.leaving.get(self.steps, ()):
            self.remove_best_persons(event.who, event.number)
        self.ledger.advance()
        self.rules.ease()
        self._set_procedures()
        for agency in self.agencies:
            agency.referrals = 0
        # 1. Needs arise, interact, resolve; stress lowers capacity to act.
        needs.arise(ctx, rng=rngs.needs)
        load = needs.resolve(ctx, rng=rngs.needs, cohesion_now=self.cohesion)
        needs.update_stress(ctx, load=load)
        help_seeking.learn_from_ties(ctx)
        # 2. Best persons act, by type, in random order.
        self.caseload = informal_caseload(res.status, res.helper, self.best_persons_ever)
        self._best_persons_act()
        # 3. Households seek help; procedures are passed or abandoned.
        empathy = self.workforce.means()[2] if len(self.workforce) else 0.0
        # Proactive outreach first, so that households contacted can apply this week.
        self.outreach.contact(ctx, rng=rngs.outreach, n_agencies=len(self.agencies))
        help_seeking.seek(ctx, rng=rngs.seeking)
        procedures.attempt_steps(
            ctx,
            rng=rngs.procedures,
            procedure_steps=self.procedure_steps,
            procedure_steps_one_plan=self.procedure_steps_one_plan,
            personal_support=help_seeking.personal_support(empathy),
        )
        referrals.agencies_coordinate(ctx, rng=rngs.agencies)
        # 4. Agencies decide with the discretion the rules allow; queues form.
        self.case_share = case_share(res)
        Agency.act_together(self, self.agencies)
        # 5. Audits find wrongful grants; incidents make the rules heavier (rule reflex).
        incidents = rule_reflex.audit(ctx, rng=rngs.audits)
        self.rules.react(incidents, p.rule_reflex, res.n)
        # 6. Workers: burnout, learning, training, turnover; vacancies filled.
        self.workforce.week(rngs.workers)
        self.workforce.fill_vacancies(rngs.workers)
        # 7. Trust spreads, ties form and fade; collective efficacy follows.
        needs.time_out(ctx)
        trust.spread(ctx, circle=self.circle, circle_sizes=self.circle_sizes)
        ties.form_and_fade(ctx, efficacy=self.efficacy)
        self._ties_settled()
        # 8. Scouting finds latent best persons.
        self._scout()
        self.outcomes = outcomes.measure(self)
        self.datacollector.collect(self)

    def _ties_settled(self) -> None:
        """Cohesion and collective efficacy of the ties as they stand at the week's end.

        Ties change only in the best persons' turn and in `ties.form_and_fade`, so the
        cohesion worked out here is also that of next week's `needs.resolve` and of
        this week's wellbeing: once a week instead of three times. Code that changes
        the residents' bonding or bridging ties between weeks must call this again.
        """
        self.cohesion = ties.cohesion(self.residents)
        self.efficacy = ties.collective_efficacy(self.residents, self.cohesion)

    def _best_persons_act(self) -> None:
        """The best persons' week: the types in random order, each type as one team.

        Each person's work is worked out for the whole type at once (one call per type:
        see `state.Team`), in a random order of persons that decides who takes a problem
        two of them reach in the same week; each then accounts for the week (reports,
        energy, perhaps leaving) before the next type acts.
        """
        people = list(self.best_persons)
        self.random.shuffle(people)
        teams: dict[type, list] = {}
        for person in people:
            teams.setdefault(type(person), []).append(person)
        kinds = list(teams)
        self.random.shuffle(kinds)
        # Everyone's hours at once, team after team in the order they act (each team a slice).
        in_turn = [person for kind in kinds for person in teams[kind]]
        slots = BestPerson.slots(in_turn)
        hours, reporting = BestPerson.begin_week(self, Crew(in_turn, slots))
        start = 0
        for kind in kinds:
            end = start + len(teams[kind])
            team = Crew(teams[kind], slots[start:end])
            self.ledger.add_each("hours", reporting[start:end])
            deeds = kind.act_together(self, team, hours[start:end])
            kind.end_week_together(self, team, deeds)
            start = end

    def _scout(self) -> None:
        p = self.p
        if p.scouting <= 0:
            return
        rng = self.rngs.scout
        latent_workers = self.workforce.latent()
        latent_homes = np.nonzero(self.latent_residents)[0]
        population = self.residents.n + len(self.workforce)
        k = scouting.found(
            rng, p, len(self.agencies), latent_homes.size + len(latent_workers), population
        )
        for _ in range(k):
            pool = latent_homes.size + len(latent_workers)
            pick = int(rng.integers(0, pool))
            if pick < latent_homes.size:
                home = int(latent_homes[pick])
                latent_homes = np.delete(latent_homes, pick)
                self.latent_residents[home] = False
                kind = rng.choice(3, p=scouting.RESIDENT_TYPE_SHARES)
                cls = (EverydayDoer, BridgeBuilder, SocialEntrepreneur)[kind]
                self._add_best_person(cls(self, home))
            else:
                agency = self.workforce.promote(latent_workers.pop(pick - latent_homes.size))
                self._add_best_person(FrontlineBestPerson(self, agency))
            self.best_persons_found += 1
