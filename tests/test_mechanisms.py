"""Unit tests, one or more per mechanism: each rule moves things the way its source says."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpsim.core import compiled
from bpsim.core.mechanisms import (
    burnout,
    cutting_through,
    discretion,
    energy,
    freedom,
    help_seeking,
    informal_help,
    initiatives,
    learning,
    needs,
    procedures,
    referrals,
    rule_reflex,
    scouting,
    ties,
    training,
    trust,
)
from bpsim.core.model import NeighbourhoodModel
from bpsim.core.parameters import Parameters
from bpsim.core.scenario import default_scenario
from bpsim.core.state import (  # fmt: skip
    APPLYING,
    HELPED,
    INFORMAL,
    NO_HELPER,
    NONE,
    OPEN,
    WAITING,
    Ledger,
    Team,
    Week,
)


def params(**overrides):
    # The record the model itself reads, so a mechanism reading a name it lacks fails here too.
    return Parameters(**default_scenario().with_overrides(overrides).params)


@pytest.fixture
def model(small):
    small.pop("steps")
    return NeighbourhoodModel(rng=3, **small)


def week(model, p, w=0, ledger=None):
    """A week context over the model's residents with parameters `p`."""
    return Week(
        res=model.residents, p=p, ledger=ledger or Ledger(),
        rules=rule_reflex.Rules(p.rule_burden), week=w,
    )  # fmt: skip


def clear(res):
    res.status[:] = NONE
    res.severity[:] = 0.0
    res.support[:] = 0.0
    res.step[:] = 0
    res.coordinated[:] = False
    res.helper[:] = NO_HELPER
    res.wrongful[:] = False
    res.settled[:] = False
    res.bp_tie[:] = 0.0


def rng(seed=0):
    return np.random.default_rng(seed)


def team(reach=None, hours=40.0, empathy=0.9, entrepreneurship=0.9, slot=0, group=0, seed=0):
    """A team of one best person (see `state.Team`)."""
    return Team(
        slots=np.array([slot]), hours=np.array([hours]), empathy=np.array([empathy]),
        entrepreneurship=np.array([entrepreneurship]), streams=[rng(seed)], reach=[reach],
        group=np.array([group]),
    )  # fmt: skip


# --- needs -------------------------------------------------------------------------------
def test_problems_spill_over_into_other_domains(model):
    res = model.residents
    p = params(need_onset_rate=0.05, problem_spillover=2.0)
    clear(res)
    half = res.n // 2
    res.status[:half, 0] = OPEN  # the first half already has one problem
    res.severity[:half, 0] = 0.5
    before = (res.status[:, 1:] != NONE).copy()
    needs.arise(week(model, p), rng=rng(0))
    new = (res.status[:, 1:] != NONE) & ~before
    assert new[:half].mean() > 2 * new[half:].mean()


def test_stress_lowers_capacity_to_act(model):
    res = model.residents
    p = params(stress_capacity_effect=0.5)
    clear(res)
    res.status[:10, :3] = OPEN
    res.severity[:10, :3] = 1.0
    needs.update_stress(week(model, p))
    assert np.all(res.capacity[:10] < res.capacity0[:10])
    assert np.allclose(res.capacity[10:], res.capacity0[10:])
    assert np.all((res.stress >= 0) & (res.stress <= 1))


def test_helped_problems_resolve_faster_than_unhelped(model):
    res = model.residents
    p = params(help_resolution_rate=0.3, self_resolution_rate=0.01)
    clear(res)
    half = res.n // 2
    res.status[:half, 0] = HELPED
    res.status[half:, 0] = OPEN
    res.severity[:, 0] = 0.5
    needs.resolve(week(model, p), rng=rng(1))
    assert (res.status[:half, 0] == NONE).mean() > 5 * (res.status[half:, 0] == NONE).mean()


def test_entitled_problem_without_help_counts_as_not_taken_up(model):
    res = model.residents
    p = params(take_up_window=10)
    clear(res)
    res.status[:5, 0] = OPEN
    res.entitled[:5, 0] = True
    res.counted[:5, 0] = False
    res.onset[:5, 0] = 0
    led = Ledger()
    needs.time_out(week(model, p, 9, led))
    assert led.take_up_total.sum() == 0
    needs.time_out(week(model, p, 10, led))
    assert led.take_up_total.sum() == 5 and led.take_up_helped.sum() == 0
    needs.time_out(week(model, p, 11, led))  # counted once only
    assert led.take_up_total.sum() == 5


# --- help seeking ---------------------------------------------------------------------------
def test_trust_and_awareness_raise_help_seeking(model):
    res = model.residents
    p = params(seek_rate=0.5, personal_component=0.0)
    rates = []
    for level in (0.1, 0.9):
        clear(res)
        res.status[:, 0] = OPEN
        res.severity[:, 0] = 0.5
        res.trust[:] = level
        res.awareness[:] = level
        rows = help_seeking.seek(week(model, p), rng=rng(2))
        rates.append(rows.size / res.n)
    assert rates[1] > 3 * rates[0]


def test_personal_contact_gives_support_and_a_linking_tie(model):
    res = model.residents
    p = params(personal_component=1.0)
    clear(res)
    links = res.linking.copy()
    rows = np.arange(10)
    cols = np.zeros(10, dtype=int)
    procedures.start(
        res.status, res.step, res.personal, res.linking, res.trust, rows, cols,
        rng().random(rows.size), p.trust_learning_rate, help_seeking.contact_person(p),
    )  # fmt: skip
    assert np.all(res.status[rows, 0] == APPLYING)
    assert np.all(res.personal[rows, 0])
    assert help_seeking.personal_support(0.9) > help_seeking.personal_support(0.1) > 0
    assert np.all(res.linking[rows] > links[rows])


# --- procedures ----------------------------------------------------------------------------
def test_rule_burden_adds_steps_and_difficulty():
    p = params()
    assert procedures.steps_per_agency(p, 0.9) > procedures.steps_per_agency(p, 0.1)
    assert procedures.step_difficulty(p, 0.9) > procedures.step_difficulty(p, 0.1)


def test_low_capacity_households_fail_and_give_up_more(model):
    res = model.residents
    p = params(rule_burden=0.8)
    clear(res)
    res.status[:, 0] = APPLYING
    low = np.arange(res.n) < res.n // 2
    res.capacity[:] = np.where(low, 0.1, 0.9)
    needed = np.full(5, 100, dtype=np.int16)
    quit_rows = procedures.attempt_steps(
        week(model, p), rng=rng(3), procedure_steps=needed, procedure_steps_one_plan=100
    )
    assert np.isin(quit_rows, np.nonzero(low)[0]).mean() > 0.8
    assert res.step[~low, 0].mean() > 2 * res.step[low, 0].mean()


def test_support_raises_the_pass_chance(model):
    res = model.residents
    p = params()
    clear(res)
    res.status[:, 0] = APPLYING
    res.capacity[:] = 0.3
    half = res.n // 2
    res.support[:half, 0] = 0.5
    needed = np.full(5, 100, dtype=np.int16)
    procedures.attempt_steps(
        week(model, p), rng=rng(4), procedure_steps=needed, procedure_steps_one_plan=100
    )
    assert res.step[:half, 0].mean() > res.step[half:, 0].mean() + 0.2


def test_finished_procedures_join_the_queue(model):
    res = model.residents
    p = params()
    clear(res)
    res.status[:, 0] = APPLYING
    res.capacity[:] = 1.0
    res.support[:, 0] = 1.0
    needed = np.full(5, 1, dtype=np.int16)
    procedures.attempt_steps(
        week(model, p, 7), rng=rng(5), procedure_steps=needed, procedure_steps_one_plan=1
    )
    waiting = res.status[:, 0] == WAITING
    assert waiting.mean() > 0.9 and np.all(res.queued_at[waiting, 0] == 7)


# --- discretion -----------------------------------------------------------------------------
def _refusal_rate(model, personal, coping):
    res = model.residents
    p = params(rule_burden=1.0, eligibility_error=0.5)
    clear(res)
    rows = np.arange(res.n)
    cols = np.zeros(res.n, dtype=int)
    res.status[rows, cols] = WAITING
    res.entitled[rows, cols] = True
    res.personal[rows, cols] = personal
    granted = discretion.decide(week(model, p), rng(6), rows, cols, np.full(res.n, coping))
    return 1 - granted.mean()


def test_personal_contact_and_coping_towards_clients_prevent_false_refusals(model):
    base = _refusal_rate(model, False, 0.0)
    assert 0.35 < base < 0.65
    assert _refusal_rate(model, True, 0.0) < 0.7 * base
    assert _refusal_rate(model, False, 0.8) < 0.4 * base


def test_rules_crowd_out_discretion():
    p = params()
    assert discretion.allowed_discretion(p, 0.9) < discretion.allowed_discretion(p, 0.1)


def test_granted_help_is_booked_as_take_up(model):
    res = model.residents
    p = params(rule_burden=0.0)
    clear(res)
    rows = np.arange(20)
    cols = np.zeros(20, dtype=int)
    res.status[rows, cols] = WAITING
    res.entitled[rows, cols] = True
    res.counted[rows, cols] = False
    res.onset[rows, cols] = 0
    led = Ledger()
    granted = discretion.decide(week(model, p, 5, led), rng(), rows, cols, np.zeros(20))
    assert granted.all() and np.all(res.status[rows, cols] == HELPED)
    assert led.take_up_helped.sum() == 20 and led.weeks_to_help.sum() == 100


# --- trust ----------------------------------------------------------------------------------------
def test_trust_moves_towards_experience(model):
    res = model.residents
    res.trust[:] = 0.5
    rows = np.arange(10)
    trust.experience(res, rows, 1.0, 0.2)
    assert np.allclose(res.trust[:10], 0.6)
    trust.experience(res, rows, 0.0, 0.2)
    assert np.allclose(res.trust[:10], 0.48)
    # Met by two members of a team (the team kernels): twice, the second on the first;
    # one experience listing a household twice counts once.
    res.trust[:2] = 0.5
    trust.experienced(res.trust, np.array([0, 0]), 1.0, 0.2)
    trust.experience(res, np.array([1, 1]), 1.0, 0.2)
    assert res.trust[0] == pytest.approx(0.68) and res.trust[1] == pytest.approx(0.6)


def test_trust_spreads_within_a_households_circle(model):
    res = model.residents
    p = params(trust_spread=0.5)
    res.trust[:] = 0.5
    circle = np.nonzero(model.circle == model.circle[0])[0]
    other = np.nonzero(model.circle != model.circle[0])[0]
    res.trust[circle[0]] = 1.0
    res.bonding[:] = 5.0
    res.linking[:] = 0.0
    before = res.trust[circle].std()
    trust.spread(week(model, p), circle=model.circle, circle_sizes=model.circle_sizes)
    assert res.trust[circle].std() < before
    assert np.allclose(res.trust[other], 0.5)  # word of mouth stays within the circle


# --- ties ----------------------------------------------------------------------------------------
def test_connect_makes_bonding_within_and_bridging_across_groups(model):
    res = model.residents
    rows = np.arange(res.n)
    b0, r0 = res.bonding.copy(), res.bridging.copy()
    ties.connect(res.bonding, res.bridging, res.group, rows, np.zeros(res.n), np.ones(res.n))
    same = res.group == 0
    assert np.allclose(res.bonding[same] - b0[same], 1.0)
    assert np.allclose(res.bridging[~same] - r0[~same], 1.0)
    assert np.allclose(res.bonding[~same], b0[~same])


def test_ties_fade_without_contact(model):
    res = model.residents
    p = params(tie_decay=0.5)
    res.linking[:] = 2.0
    ties.form_and_fade(week(model, p), efficacy=0.5)
    assert np.allclose(res.linking, 1.0)


def test_collective_efficacy_rises_with_ties(model):
    res = model.residents
    res.bonding[:] = 0.1
    low = ties.collective_efficacy(res)
    res.bonding[:] = 5.0
    assert ties.collective_efficacy(res) > low


# --- workers -------------------------------------------------------------------------------------
def test_burnout_rises_with_workload_and_red_tape_and_meaning_helps():
    p = params()
    assert burnout.update(0.2, 0.5, p, 0.2, 0.9) > burnout.update(0.2, 0.5, p, 0.2, 0.1)
    assert burnout.update(0.2, 1.5, p, 0.2, 0.1) > burnout.update(0.2, 0.0, p, 0.2, 0.1)
    assert burnout.update(0.5, 0.5, p, 0.9, 0.1) < burnout.update(0.5, 0.5, p, 0.0, 0.1)
    assert burnout.leave_chance(0.9, p) > burnout.leave_chance(0.1, p)


def test_learning_needs_exposure_and_the_lever():
    p = params(professional_learning=1.0)
    assert learning.learn(0.2, 1.0, p) > 0.2
    assert learning.learn(0.2, 0.0, p) == 0.2
    assert learning.learn(0.2, 1.0, params(professional_learning=0.0)) == 0.2


def test_training_stops_at_its_ceiling():
    p = params(training=1.0, training_ceiling=0.1)
    e = 0.5
    for _ in range(2000):
        e = training.train(e, 0.5, p)
    assert 0.59 < e <= 0.6


def test_scouting_finds_only_with_effort_and_latent_people():
    p = params(scouting=1.0)
    assert scouting.found(rng(), params(scouting=0.0), 5, 20, 2000) == 0
    assert scouting.found(rng(), p, 5, 0, 2000) == 0
    total = sum(scouting.found(rng(i), p, 5, 20, 2000) for i in range(200))
    assert 0.05 * 200 < total < 0.2 * 200


# --- best persons ----------------------------------------------------------------------
def _allowed_share(p, burden: float, n: int = 10_000) -> float:
    """Share of `n` actions outside the rules that the rules allow (the kernel the model runs)."""
    bar = freedom.bar(p, burden)
    return float(np.mean([freedom.allowed(draw, bar) for draw in rng().random(n)]))


def test_freedom_acts_only_through_permitted_or_blocked_events():
    bound, free = params(freedom_of_movement=0.0), params(freedom_of_movement=1.0)
    assert _allowed_share(bound, 1.0, 100) == 0.0
    assert _allowed_share(free, 1.0, 100) == 1.0
    # No rules, nothing in the way; the rules in force (incidents included) decide the rest.
    assert _allowed_share(bound, 0.0, 100) == 1.0
    half = params(freedom_of_movement=0.5)
    assert 0.47 < _allowed_share(half, 1.0) < 0.53
    assert _allowed_share(half, 0.8) < _allowed_share(half, 0.4)
    # An attempt: entrepreneurship decides whether they try; in their own domain the rules
    # are not asked; outside it a refusal is a blocked action (taken: no; blocked: yes).
    bar = freedom.bar(bound, 1.0)
    assert freedom.attempt(0.2, 0.5, False, 0.99, bar) == (False, True)
    assert freedom.attempt(0.2, 0.5, True, 0.99, bar) == (True, False)
    assert freedom.attempt(0.7, 0.5, False, 0.99, bar) == (False, False)
    assert freedom.attempt(0.2, 0.5, False, 0.99, freedom.bar(free, 1.0)) == (True, False)
    # Reports are demanded unless skipped, and weigh with the rule burden in force.
    # Bound: all 10 reports are demanded, each REPORT_HOURS at the burden in force.
    assert freedom.reporting(rng(), bound, 0.8, 10) == pytest.approx(
        10 * freedom.REPORT_HOURS * 0.8
    )
    assert freedom.reporting(rng(), free, 0.8, 10) == 0.0
    assert freedom.reporting(rng(), bound, 0.0, 10) == 0.0


def test_blocked_events_drain_energy_and_success_and_allies_restore_it():
    p = params()
    kw = dict(entrepreneurship=0.9, resilience=1.0, allies_per_1000=0.0, helped=0)
    calm = energy.update(0.8, p, strain=0, **kw)
    assert energy.update(0.8, p, strain=8, **kw) < calm
    assert energy.update(0.8, p, strain=0, **{**kw, "helped": 10}) > calm
    assert energy.update(0.8, p, strain=8, **{**kw, "allies_per_1000": 10}) > energy.update(
        0.8, p, strain=8, **kw
    )
    # Persistence: more entrepreneurship, less drain from the same strain.
    assert energy.update(0.8, p, strain=8, **{**kw, "entrepreneurship": 0.3}) < energy.update(
        0.8, p, strain=8, **kw
    )
    # No strain events, no drain from blocking, whatever the lever says.
    assert energy.update(0.8, params(freedom_of_movement=0.0), strain=0, **kw) == calm


def test_everyday_doer_learns_of_needs_only_when_told_and_helps_informally(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    clear(res)
    reach = model.block_members[0]
    res.status[reach, 4] = OPEN
    res.severity[reach, 4] = 0.3
    res.awareness[reach] = 0.1
    ties0 = (res.bonding + res.bridging)[reach].sum()
    led = Ledger()
    deeds = informal_help.visit(
        week(model, p, 0, led), team(reach, 60.0, empathy=0.9, entrepreneurship=0.9, slot=7)
    )
    assert deeds.helped[0] > 0 and deeds.blocked[0] == 0
    assert res.awareness[reach].max() > 0.1
    assert (res.bonding + res.bridging)[reach].sum() > ties0
    informal = res.status[reach, 4] == INFORMAL
    assert informal.any() and np.all(res.helper[reach][informal, 4] == 7)
    assert led.take_up_helped.sum() == 0  # informal help is not take-up of an entitlement
    # An empathy of zero: nobody tells, nothing happens.
    clear(res)
    res.status[reach, 4] = OPEN
    res.severity[reach, 4] = 0.3
    deeds = informal_help.visit(
        week(model, p), team(reach, 60.0, empathy=0.0, entrepreneurship=0.9, slot=7)
    )
    assert deeds.helped[0] == 0 and np.all(res.status[reach, 4] == OPEN)


def test_everyday_doer_is_blocked_outside_their_domain_when_bound(model):
    res = model.residents
    clear(res)
    reach = model.block_members[0]
    res.status[reach, 1] = OPEN
    res.severity[reach, 1] = 0.3
    deeds = informal_help.visit(
        week(model, params(freedom_of_movement=0.0, rule_burden=1.0)),
        team(reach, 60.0, empathy=1.0, entrepreneurship=1.0, slot=1),
    )
    assert deeds.blocked[0] > 0 and deeds.helped[0] == 0
    assert np.all(res.status[reach, 1] == OPEN)


def test_informal_help_resolves_over_weeks_and_is_not_take_up(model):
    res = model.residents
    p = params(informal_resolution_rate=0.2, self_resolution_rate=0.0)
    clear(res)
    res.status[:100, 4] = INFORMAL
    res.severity[:100, 4] = 0.3
    res.entitled[:100, 4] = True
    led = Ledger()
    needs.resolve(week(model, p, 1, led), rng=rng(2))
    done = (res.status[:100, 4] == NONE).mean()
    assert 0.1 < done < 0.3  # a week resolves about a fifth, not all
    assert led.solved_by_best_persons.sum() == led.solved.sum() > 0
    assert led.take_up_helped.sum() == 0


def test_frontline_best_person_cuts_through_only_when_the_rules_allow(model):
    res = model.residents
    helped, blocked = [], []
    for f in (0.0, 1.0):
        p = params(freedom_of_movement=f, rule_burden=1.0)
        clear(res)
        res.status[:50, 0] = APPLYING
        res.entitled[:50, 0] = True
        deeds = cutting_through.work_cases(
            week(model, p), team(None, 40.0, empathy=0.9, entrepreneurship=1.0),
            agencies=[np.array([0])],
        )  # fmt: skip
        helped.append((res.status[:50, 0] == HELPED).sum())
        blocked.append(deeds.blocked[0])
    assert helped[0] == 0 < helped[1]
    assert blocked[0] > 0 == blocked[1]


def test_judgement_outside_procedure_needs_empathy(model):
    res = model.residents
    refused = {}
    for empathy in (0.9, 0.2):
        clear(res)
        rows = np.arange(res.n)
        cols = np.zeros(res.n, dtype=int)
        res.status[rows, cols] = WAITING
        res.entitled[rows, cols] = True
        granted = discretion.decide(
            week(model, params()), rng(9), rows, cols, np.zeros(res.n), outside=True,
            empathy=empathy,
        )  # fmt: skip
        refused[empathy] = 1 - granted.mean()
    assert refused[0.9] < 0.1 < 0.3 < refused[0.2]


def test_decisions_outside_procedure_grant_some_non_entitled_cases(model):
    res = model.residents
    p = params(discretion_error=0.3, rule_burden=0.6)
    rates = {}
    for outside in (False, True):
        clear(res)
        rows = np.arange(res.n)
        cols = np.zeros(res.n, dtype=int)
        res.status[rows, cols] = WAITING
        res.entitled[rows, cols] = False
        led = Ledger()
        granted = discretion.decide(
            week(model, p, 0, led), rng(8), rows, cols, np.full(res.n, 0.3), outside=outside
        )
        rates[outside] = granted.mean()
        assert led.wrongful_grants.sum() == led.grants.sum() == granted.sum()
        assert np.all(res.wrongful[rows[granted], 0])
    assert rates[False] < 0.05 and 0.2 < rates[True] < 0.4


def test_frontline_best_person_chooses_known_households_only_when_free(model):
    res = model.residents
    clear(res)
    res.status[:100, 0] = WAITING
    res.queued_at[:100, 0] = np.arange(100)  # 0 waited longest
    res.bp_tie[90:100] = 1.0  # the newest in the queue know the best person
    for f, expect_known in ((0.0, False), (1.0, True)):
        rows, cols, _ = _case_list(res, [0])
        by_choice, by_queue = _orders(res, rows, cols)
        free = np.ones(rows.size, dtype=bool)
        bar = freedom.bar(params(freedom_of_movement=f), 1.0)
        pick, refused = cutting_through.choose(
            rng(), bar, by_choice, by_queue, free, 10, rows.size, np.zeros(2, dtype=np.int64)
        )
        assert np.array_equal(rows, np.arange(100))
        assert (np.sort(pick) >= 90).all() == expect_known
        assert refused == (0 if f else 10)


def test_audits_find_wrongful_grants_and_the_reflex_raises_rule_burden(model):
    res = model.residents
    p = params(audit_rate=1.0)
    clear(res)
    res.status[:10, 0] = HELPED
    res.wrongful[:5, 0] = True
    incidents = rule_reflex.audit(week(model, p), rng=rng())
    assert incidents == 5
    assert np.all(res.status[:5, 0] == OPEN) and np.all(res.status[5:10, 0] == HELPED)
    rules = rule_reflex.Rules(0.6)
    rules.react(incidents, 0.0, res.n)
    assert rules.burden == 0.6  # the reflex off: no reaction
    rules.react(incidents, 1.0, res.n)
    assert rules.burden > 0.6
    high = rules.extra
    for _ in range(52):
        rules.ease()
    assert rules.extra == pytest.approx(high / 2, rel=0.01)  # half-life of a year


def test_initiative_serves_its_funded_domain_and_others_only_when_allowed(model):
    res = model.residents
    p = params(freedom_of_movement=0.0)
    clear(res)
    reach = np.arange(100)
    res.awareness[reach] = 1.0
    res.status[reach, 1] = OPEN
    res.status[reach, 2] = OPEN
    res.severity[reach, 1:3] = 0.3
    heard = np.zeros((1, 5))
    p = params(freedom_of_movement=0.0, rule_burden=1.0)
    deeds = initiatives.run_initiatives(
        week(model, p), team(reach, 40.0, empathy=1.0, entrepreneurship=0.9, slot=3),
        domains=np.array([1]), efficacy=0.5, heard=heard,
    )  # fmt: skip
    heard = heard[0]
    served = res.status[reach, 1] != OPEN
    assert served.any() and deeds.blocked[0] > 0
    assert np.all(res.status[reach, 2] == OPEN)  # outside the subsidy's box
    assert heard[1] > 0 and heard[2] > 0 and heard[0] == 0  # what participants told
    assert initiatives.choose_domain(heard, rng()) in (1, 2)
    assert initiatives.application_hours(p, 0.9) > initiatives.application_hours(p, 0.1)


def test_bridge_builder_refers_warmly_and_makes_plans(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    clear(res)
    reach = np.arange(60)
    res.status[reach, 0] = OPEN
    res.status[reach, 1] = OPEN
    link0 = res.linking[reach].copy()
    deeds, domains = referrals.bridge(
        week(model, p), team(reach, 200.0, empathy=1.0, entrepreneurship=1.0, group=-1),
        own_domains=np.array([0]),
    )  # fmt: skip
    started = (res.status[reach] == APPLYING).any(axis=1)
    assert started.any() and domains.size == (res.status[reach] == APPLYING).sum()
    assert np.all(res.linking[reach][started] > link0[started])
    assert res.coordinated[reach].any() and deeds.helped[0] > 0


def test_first_claim_on_a_problem_goes_to_the_earlier_person():
    rows = np.array([4, 2, 4, 2, 7])
    cols = np.array([1, 1, 1, 3, 1])
    assert informal_help.first_claims(rows, cols).tolist() == [True, True, False, True, True]


def test_a_problem_is_taken_up_if_told_and_tried_and_outside_own_domains_allowed():
    """The rule every best person follows, on the numbers drawn (told, try, permission)."""
    status = np.array([[OPEN, OPEN, APPLYING], [OPEN, NONE, OPEN]])
    rows, owner = np.array([0, 1]), np.array([0, 1])
    draws = np.zeros((2, 3, 3))  # told and trying everywhere, the permission's draw low
    draws[1, 0, 2] = 0.99  # ... but household 1 does not tell of its problem in domain 2
    draws[0, 1, 0] = 0.99  # ... and person 0 does not try on household 0's first problem
    own = informal_help.own_table(np.array([1, 0]), 3)
    for applying in (False, True):
        tellable = informal_help.could_tell(status, rows, applying)
        assert tellable.tolist() == [[True, True, applying], [True, False, True]]
        blocked = np.zeros(2, dtype=np.int64)
        heard, taken = informal_help.told_and_taken_up(
            tellable, rows, owner, draws, 0.5, np.ones(2), np.full(2, 0.5), own, 1.0,
            np.ones(2), blocked,
        )  # fmt: skip
        assert heard.tolist() == [[True, True, applying], [True, False, False]]
        # Bound by the rules (bar 1): only each one's own domain is taken; trying elsewhere
        # is blocked (person 0 in domain 2 when told of it).
        assert taken.tolist() == [[False, True, False], [True, False, False]]
        assert blocked.tolist() == [int(applying), 0]
        assert [a.tolist() for a in informal_help.listed(taken)] == [[0, 1], [1, 0]]


def test_two_doers_in_one_street_never_take_the_same_problem(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    clear(res)
    reach = model.block_members[0]
    res.status[reach, 4] = OPEN
    res.severity[reach, 4] = 0.3
    res.bp_tie[reach] = 1.0  # everyone tells: both doers hear of every problem they visit
    two = Team(
        slots=np.array([5, 6]), hours=np.array([200.0, 200.0]), empathy=np.array([1.0, 1.0]),
        entrepreneurship=np.array([1.0, 1.0]), streams=[rng(1), rng(2)], reach=[reach, reach],
        group=np.array([0, 0]),
    )  # fmt: skip
    led = Ledger()
    deeds = informal_help.visit(week(model, p, 0, led), two)
    informal = res.status[reach, 4] == INFORMAL
    helpers = res.helper[reach][informal, 4]
    # Each problem has one helper; the help booked is one per problem taken on.
    assert set(np.unique(helpers)) <= {5, 6} and informal.sum() == led.helped_count.sum()
    # The first in the week's order visits all of the street and takes what fits first.
    assert (helpers == 5).sum() > (helpers == 6).sum()
    assert deeds.helped.sum() >= informal.sum()


def test_a_persons_draws_do_not_depend_on_their_teammates(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    reach = model.block_members[0]
    alone, beside = {}, {}
    for store, size in ((alone, 1), (beside, 2)):
        clear(res)
        res.status[reach, 4] = OPEN
        res.severity[reach, 4] = 0.3
        other = model.block_members[1]
        one = Team(
            slots=np.arange(size), hours=np.full(size, 30.0), empathy=np.full(size, 0.9),
            entrepreneurship=np.full(size, 0.9), streams=[rng(s + 1) for s in range(size)],
            reach=[reach, other][:size], group=np.zeros(size, dtype=int),
        )  # fmt: skip
        informal_help.visit(week(model, p), one)
        store["mine"] = res.status[reach, 4].copy()
    # A second doer in another street leaves the first one's week exactly as it was.
    assert np.array_equal(alone["mine"], beside["mine"])


def test_frontline_colleagues_never_decide_one_case_twice_even_across_agencies(model):
    res = model.residents
    p = params(freedom_of_movement=1.0)
    clear(res)
    res.status[:40, 0] = WAITING
    res.entitled[:40, 0] = True
    led = Ledger()
    # Two agencies owning the same domain (more agencies than domains), one best person each.
    two = Team(
        slots=np.array([0, 1]), hours=np.array([200.0, 200.0]), empathy=np.array([0.9, 0.9]),
        entrepreneurship=np.array([1.0, 1.0]), streams=[rng(1), rng(2)], reach=[None, None],
        group=np.array([-1, -1]),
    )  # fmt: skip
    cutting_through.work_cases(week(model, p, 0, led), two, agencies=[np.array([0]), np.array([0])])
    # Each of the 40 cases decided once: grants and refusals add up to the cases.
    assert led.grants.sum() <= 40
    assert (res.status[:40, 0] == HELPED).sum() == led.grants.sum()


def test_a_household_two_doers_visit_gets_both_visits(model):
    res = model.residents
    clear(res)
    home = model.block_members[0][:1]
    res.awareness[home] = 0.5
    res.bp_tie[home] = 0.0
    bonding = res.bonding[home].copy()
    two = Team(
        slots=np.array([0, 1]), hours=np.array([1.5, 1.5]), empathy=np.array([1.0, 1.0]),
        entrepreneurship=np.array([1.0, 1.0]), streams=[rng(1), rng(2)], reach=[home, home],
        group=np.array([res.group[home[0]]] * 2),
    )  # fmt: skip
    informal_help.visit(week(model, params()), two)
    assert res.bp_tie[home[0]] == pytest.approx(2 * informal_help.KNOW_TIE)
    assert res.bonding[home[0]] - bonding[0] == pytest.approx(2 * informal_help.VISIT_TIE)
    gain = informal_help.AWARENESS_PER_VISIT
    assert res.awareness[home[0]] == pytest.approx(1 - 0.5 * (1 - gain) ** 2)


def _orders(res, rows, cols):
    """An agency's cases in the orders of own choice and of the procedure (the kernels')."""
    by_choice = cutting_through.choice_order(res.capacity, res.bp_tie, rows)
    return by_choice, cutting_through.queue_order(res.status, res.queued_at, res.onset, rows, cols)


@settings(max_examples=80, deadline=None)
@given(
    capacity=st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0]), min_size=1, max_size=60),
    seed=st.integers(0, 2**16),
)
def test_own_choice_order_read_in_any_order_is_a_stable_sort(capacity, seed):
    """The order of own choice, made as far as it is read, is the stable sort of its keys
    (ties: many households share a capacity here), however its places are asked for."""
    gen = np.random.default_rng(seed)
    capacity = np.array(capacity)
    bp_tie = np.where(gen.random(capacity.size) < 0.4, 1.0, 0.0)
    rows = np.arange(capacity.size)
    want = np.argsort(capacity - (bp_tie >= cutting_through.TIED), kind="stable")
    order = cutting_through.choice_order(capacity, bp_tie, rows)
    asks = gen.integers(0, capacity.size, size=2 * capacity.size)
    assert [cutting_through.chosen_at(*order, int(q)) for q in asks] == want[asks].tolist()
    assert [cutting_through.chosen_at(*order, q) for q in range(rows.size)] == want.tolist()


def _choose_one_by_one(res, draws_rng, p, burden, rows, cols, n):
    """The choice written out per person: sort the cases still free, each time afresh."""
    if rows.size <= n:
        return np.arange(rows.size), 0
    # Written out here too (the reference does not call the kernels it checks).
    free = int((draws_rng.random(n) >= freedom.bar(p, burden)).sum())
    key = res.capacity[rows] - (res.bp_tie[rows] >= cutting_through.TIED)
    chosen = np.argsort(key, kind="stable")[:free]
    waiting = res.status[rows, cols] == WAITING
    since = np.where(waiting, res.queued_at[rows, cols], res.onset[rows, cols]).astype(float)
    since[chosen] = np.inf
    return np.concatenate([chosen, np.argsort(since, kind="stable")[: n - free]]), n - free


@pytest.fixture(scope="module")
def small_model():
    return NeighbourhoodModel(rng=3, n_households=200)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    freedom_of_movement=st.floats(0.0, 1.0),
    places=st.integers(1, 40),
    colleagues=st.integers(1, 4),
)
def test_a_shared_case_list_gives_each_colleague_what_sorting_afresh_would(
    small_model, seed, freedom_of_movement, places, colleagues
):
    """Sorting an agency's list once for all its frontline best persons changes no choice:
    each colleague gets the cases (and the refusals) that sorting what is left would give."""
    res = small_model.residents
    gen = np.random.default_rng(seed)
    res.status[:] = gen.choice([NONE, OPEN, APPLYING, WAITING], size=res.status.shape)
    res.queued_at[:] = gen.integers(0, 5, res.status.shape)  # ties in the queue
    res.onset[:] = gen.integers(-5, 5, res.status.shape)
    res.bp_tie[:] = gen.choice([0.0, 1.0], res.n)
    p = params(freedom_of_movement=freedom_of_movement)
    rows, cols, _ = _case_list(res, [0, 2])
    by_choice, by_queue = _orders(res, rows, cols)  # once, for all of them (as work_cases)
    free = np.ones(rows.size, dtype=bool)
    cursors = np.zeros(2, dtype=np.int64)  # kept from colleague to colleague, as work_cases
    for who in range(colleagues):
        before = free.copy()
        pick, refused = cutting_through.choose(
            rng(who), freedom.bar(p, 0.8), by_choice, by_queue, free, places, free.sum(), cursors
        )
        assert np.array_equal(free, before)  # choosing takes nothing yet
        at = np.flatnonzero(free)
        old_pick, old_refused = _choose_one_by_one(
            res, rng(who), p, 0.8, rows[at], cols[at], places
        )
        assert refused == old_refused
        assert np.array_equal(pick, at[old_pick])
        # The hours may run out before every place is filled: the rest stay free.
        free[pick[: gen.integers(0, pick.size + 1)]] = False


def _case_list(res, domains):
    """One agency's case list (`case_lists` with that agency alone)."""
    doms = np.array(domains, dtype=np.int64)
    return cutting_through.case_lists(res.status, np.array([0, doms.size]), doms)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**16), agencies=st.integers(1, 12))
def test_each_agency_lists_its_cases_household_by_household(small_model, seed, agencies):
    """`case_lists` gives each agency the applications and waiting cases of its domains in
    numpy's row-major order, whether agencies own several domains or share one."""
    res = small_model.residents
    gen = np.random.default_rng(seed)
    res.status[:] = gen.choice([NONE, OPEN, APPLYING, WAITING, HELPED], size=res.status.shape)
    d = res.status.shape[1]
    owned = [
        np.array([k for k in range(d) if (k % agencies == i if agencies <= d else k == i % d)])
        for i in range(agencies)
    ]
    start = np.cumsum([0] + [o.size for o in owned]).astype(np.int64)
    rows, cols, case_start = cutting_through.case_lists(
        res.status, start, np.concatenate(owned).astype(np.int64)
    )
    for a, doms in enumerate(owned):
        sub = res.status[:, doms]
        r, j = np.nonzero((sub == APPLYING) | (sub == WAITING))
        lo, hi = case_start[a], case_start[a + 1]
        assert np.array_equal(rows[lo:hi], r) and np.array_equal(cols[lo:hi], doms[j])


def test_the_workforce_week_updates_every_worker_and_leavers_open_posts_in_order(model):
    before = list(model.workforce)
    burnt = [w.burnout for w in before]
    for agency in model.agencies:
        agency.pressure = 2.0  # a heavy week everywhere: burnout builds
    model.p = model.ctx.p = params(turnover_rate=0.0, turnover_burnout=0.0)
    model.workforce.week(rng())
    assert list(model.workforce) == before  # no one leaves with no turnover
    assert all(w.burnout > b for w, b in zip(before, burnt, strict=True))

    class EveryoneDrawsZero:  # every worker's draw falls under any chance of leaving
        def random(self, n):
            return np.zeros(n)

    model.p = model.ctx.p = params()
    model.workforce.week(EveryoneDrawsZero())
    assert len(model.workforce) == 0 and model.workforce.left == len(before)
    assert [a for _, a in model.workforce.vacancies] == [w.agency for w in before]


def test_a_colleague_who_leaves_first_no_longer_counts_as_staff_for_the_others(model):
    # Exposure to best persons' work is per ordinary colleague, so it is larger for the
    # workers whose turn comes after a colleague of the same agency left this week.
    agency = max(model.agencies, key=lambda a: len(model.workforce.at[a]))
    assert len(model.workforce.at[agency]) >= 2
    model.frontline_at[agency] = 0
    agency.referrals = 2  # little exposure, so it is not capped at 1
    staff = model.workforce.at[agency]
    n = len(staff)
    for w in model.workforce:
        w.practice = 0.0
    everyone = list(model.workforce)
    first = everyone.index(staff[0])

    class FirstOfTheAgencyLeaves:
        def random(self, k):
            draws = np.ones(k)
            draws[first] = 0.0
            return draws

    model.p = model.ctx.p = params(professional_learning=1.0)
    stayers = staff[1:]
    model.workforce.week(FirstOfTheAgencyLeaves())
    assert model.workforce.at[agency] == stayers
    expect = learning.learn(0.0, learning.exposure(0, 2, n - 1), model.p)
    assert all(w.practice == pytest.approx(expect) for w in stayers)
    assert expect > learning.learn(0.0, learning.exposure(0, 2, n), model.p)


def test_a_teams_week_end_is_each_persons_in_turn_written_to_their_slots():
    # energy.week_end for a team equals freedom.reporting, energy.strain and energy.update
    # person after person, each drawing from their own stream, and writes only their slots.
    p = params(freedom_of_movement=0.4)
    size, slots = 6, np.array([4, 1, 2])
    helped, actions, blocked = np.array([0, 3, 1]), np.array([5, 0, 2]), np.array([1, 0, 4])
    rng = np.random.default_rng(5)
    energy_now, entre, resil = rng.random(size), rng.random(size), 0.5 + rng.random(size)
    backlog = np.full(size, -1.0)
    last = [np.full(size, -7, dtype=np.int64) for _ in range(3)]
    seeds = [11, 12, 13, 14, 15, 16]
    theirs = compiled.generators(np.random.default_rng(s) for s in seeds)
    burden, active, households = 0.8, 9, 2000
    before = energy_now.copy()
    stops = energy.week_end(
        theirs, slots, helped, actions, blocked, energy_now, entre, resil, backlog, *last,
        active, households, p.freedom_of_movement, burden, freedom.REPORT_HOURS,
        p.blocked_drain, p.success_recovery, 1.0, energy.constants(),
    )  # fmt: skip
    assert stops.tolist() == [0, 1, 2]  # exit_rate 1: every one leaves, one ally fewer each
    for i, slot in enumerate(slots.tolist()):
        own = np.random.default_rng(seeds[slot])
        report = freedom.reporting(own, p, burden, int(actions[i]))
        want = energy.update(
            before[slot], p, strain=energy.strain(int(blocked[i]), report),
            entrepreneurship=entre[slot], resilience=resil[slot],
            allies_per_1000=(active - 1 - i) * 1000.0 / households, helped=int(helped[i]),
        )  # fmt: skip
        assert backlog[slot] == report and energy_now[slot] == want
        assert [a[slot] for a in last] == [helped[i], actions[i], blocked[i]]
    others = [0, 3, 5]
    assert (backlog[others] == -1.0).all() and (energy_now[others] == before[others]).all()
    assert all((a[others] == -7).all() for a in last)


def test_the_workforce_week_is_each_workers_mechanisms_in_turn(model):
    # Workforce.week (one compiled pass) equals discretion, burnout, learning and training
    # applied worker after worker in the workforce's order, with one draw each, drawn first.
    wf = model.workforce
    gen = np.random.default_rng(9)
    for a in model.agencies:
        a.pressure = float(gen.uniform(0.0, 3.0))  # some above MAX_PRESSURE
        a.referrals = int(gen.integers(0, 40))
    for w in wf:
        w.burnout, w.practice, w.empathy = gen.uniform(0.2, 0.9, size=3)
    p = model.p = model.ctx.p = params(professional_learning=1.0, training=0.8, turnover_rate=0.2)
    burden = model.ctx.burden
    everyone = list(wf)
    before = [(w.burnout, w.practice, w.empathy, w.hired_empathy) for w in everyone]
    draws = np.random.default_rng(4).random(len(everyone))
    want, leavers, gone = [], [], {}
    for w, (b, pr, e, hired), u in zip(everyone, before, draws, strict=True):
        a = w.agency
        meaning = discretion.coping_towards_clients(e, pr, discretion.allowed_discretion(p, burden))
        tired = burnout.update(b, a.pressure, p, meaning, burden)
        staff = max(1, len(wf.at[a]) - gone.get(a, 0))
        if u < burnout.leave_chance(tired, p):
            leavers.append(w)
            gone[a] = gone.get(a, 0) + 1
        contact = learning.exposure(a.frontline_best_persons, a.referrals, staff)
        want.append((tired, learning.learn(pr, contact, p), training.train(e, hired, p)))
    assert leavers  # the draws make some leave, so the staff count is exercised
    left = wf.left
    wf.week(np.random.default_rng(4))
    got = [(w.burnout, w.practice, w.empathy) for w in everyone]
    assert got == want  # bit for bit, leavers' numbers included (written before they go)
    assert wf.left == left + len(leavers)
    assert not any(w in wf.at[w.agency] for w in leavers)
