"""Pinned results: a run's outcomes for a seed, written down, so a speed-up cannot move them.

The model's speed work (compiled loops, shared case lists, a vectorised workforce) must give
the same draws in the same order and the same arithmetic, so a run's outcomes stay the same
for a seed. These four runs (the default, and three scenario files at other sizes and
seeds) cover every mechanism and lever; a change to any rule or to the order of draws moves
at least one figure. When a change of results is intended and announced, regenerate the
table (the generating loop is `_run` below, printed with `repr`) and the validation report
in the same commit.

The tolerance is relative 1e-9: the figures agree to the last digit on one machine, and
numpy's vectorised exp and log may differ in the last bit between processors.
"""

from __future__ import annotations

import pytest

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.scenario import load_scenario
from tests.conftest import REPO

#: name -> (scenario file or None, seed, overrides, weeks)
CASES = {
    "default": (None, 7, {}, 60),
    "restricted": ("scenarios/restricted.toml", 3, {"n_households": 1500}, 120),
    "open": ("scenarios/open.toml", 11, {"n_households": 800}, 160),
    "best_persons_leave": ("scenarios/best_persons_leave.toml", 5, {"n_households": 800}, 160),
}

PINNED = {
    "default": {
        "take_up": 0.6820652173913043,
        "take_up_low_capacity": 0.6301369863013698,
        "unmet_need": 0.6595,
        "time_to_help": 18.057243816254417,
        "trust": 0.5498522570924095,
        "trust_gap": 0.009928092665370536,
        "collective_efficacy": 0.5891131662266911,
        "bonding_ties": 2.6222424696156397,
        "bridging_ties": 1.1880845580750514,
        "linking_ties": 0.8470603273784134,
        "worker_burnout": 0.2829194737130266,
        "worker_turnover": 0.16363636363636364,
        "best_person_retention": 0.9583333333333334,
        "agencies_per_household": 1.3204633204633205,
        "hours_per_solved_problem": 39.88249104117509,
        "wellbeing": 0.6805887215630533,
        "needs_resolved": 0.5806451612903226,
        "solved_by_best_persons": 0.037180480247869865,
        "wrongful_grants": 0.05473372781065089,
        "treatment_gap": 0.3051740658901334,
        "incidents": 5.0,
        "effective_rule_burden": 0.6369882627201483,
        "take_up_q1": 0.6301369863013698,
        "take_up_q2": 0.6038461538461538,
        "take_up_q3": 0.6105263157894737,
        "take_up_q4": 0.7654723127035831,
        "take_up_q5": 0.774390243902439,
        "worker_practice": 0.19397251103636312,
        "worker_empathy": 0.4758389395967642,
        "worker_effectiveness": 0.4998813923096288,
        "best_persons_active": 23.0,
        "best_persons_found": 0.0,
        "queue": 0.0,
        "volunteer_hours": 9.739061068201027,
    },
    "restricted": {
        "take_up": 0.6588345864661654,
        "take_up_low_capacity": 0.5422885572139303,
        "unmet_need": 0.8006666666666666,
        "time_to_help": 22.476663356504467,
        "trust": 0.5057851346544306,
        "trust_gap": 0.037793714281815216,
        "collective_efficacy": 0.5706424659860453,
        "bonding_ties": 2.5979849196531513,
        "bridging_ties": 1.1933417573640956,
        "linking_ties": 0.7505506940350476,
        "worker_burnout": 0.3468124112842172,
        "worker_turnover": 0.2608695652173913,
        "best_person_retention": 0.9411764705882353,
        "agencies_per_household": 1.30859375,
        "hours_per_solved_problem": 42.586564995272575,
        "wellbeing": 0.6427149332724859,
        "needs_resolved": 0.5876520955385308,
        "solved_by_best_persons": 0.02359882005899705,
        "wrongful_grants": 0.053169734151329244,
        "treatment_gap": 0.061484847015096177,
        "incidents": 14.666666666666666,
        "effective_rule_burden": 0.7416477636410608,
        "take_up_q1": 0.5422885572139303,
        "take_up_q2": 0.4977168949771689,
        "take_up_q3": 0.6772727272727272,
        "take_up_q4": 0.7678571428571429,
        "take_up_q5": 0.81,
        "worker_practice": 0.27156438108578296,
        "worker_empathy": 0.5162747985559571,
        "worker_effectiveness": 0.4084856890082881,
        "best_persons_active": 16.0,
        "best_persons_found": 0.0,
        "queue": 0.0,
        "volunteer_hours": 6.191695647870572,
    },
    "open": {
        "take_up": 0.7076648841354723,
        "take_up_low_capacity": 0.671875,
        "unmet_need": 0.69,
        "time_to_help": 20.346153846153847,
        "trust": 0.5068900547835021,
        "trust_gap": 0.009797544131340041,
        "collective_efficacy": 0.6115314182086453,
        "bonding_ties": 2.683172660077571,
        "bridging_ties": 1.4751002187860802,
        "linking_ties": 0.7870163164807852,
        "worker_burnout": 0.4156837256491787,
        "worker_turnover": 0.4411764705882353,
        "best_person_retention": 1.0,
        "agencies_per_household": 1.3333333333333333,
        "hours_per_solved_problem": 40.32464359668963,
        "wellbeing": 0.6724995378220803,
        "needs_resolved": 0.604882459312839,
        "solved_by_best_persons": 0.05244755244755245,
        "wrongful_grants": 0.07407407407407407,
        "treatment_gap": 0.31383161876049165,
        "incidents": 11.25,
        "effective_rule_burden": 0.7623730241360956,
        "take_up_q1": 0.671875,
        "take_up_q2": 0.6018518518518519,
        "take_up_q3": 0.7358490566037735,
        "take_up_q4": 0.7416666666666667,
        "take_up_q5": 0.797979797979798,
        "worker_practice": 0.2763490518945938,
        "worker_empathy": 0.4880277497066255,
        "worker_effectiveness": 0.357833722236506,
        "best_persons_active": 9.0,
        "best_persons_found": 0.0,
        "queue": 26.0,
        "volunteer_hours": 12.759986726589801,
    },
    "best_persons_leave": {
        "take_up": 0.6172161172161172,
        "take_up_low_capacity": 0.3577981651376147,
        "unmet_need": 0.88625,
        "time_to_help": 20.797777777777778,
        "trust": 0.48136002575410103,
        "trust_gap": 0.08404523709756517,
        "collective_efficacy": 0.5435584231450379,
        "bonding_ties": 2.466248898227547,
        "bridging_ties": 0.9752214964993788,
        "linking_ties": 0.5590510700214325,
        "worker_burnout": 0.34550292279409356,
        "worker_turnover": 0.37037037037037035,
        "best_person_retention": 0.0,
        "agencies_per_household": 1.3202614379084967,
        "hours_per_solved_problem": 37.208546212585624,
        "wellbeing": 0.617285313874117,
        "needs_resolved": 0.5520282186948854,
        "solved_by_best_persons": 0.0,
        "wrongful_grants": 0.011111111111111112,
        "treatment_gap": 0.08420700317884312,
        "incidents": 1.25,
        "effective_rule_burden": 0.6399784902437877,
        "take_up_q1": 0.3577981651376147,
        "take_up_q2": 0.5258620689655172,
        "take_up_q3": 0.5806451612903226,
        "take_up_q4": 0.7428571428571429,
        "take_up_q5": 0.8536585365853658,
        "worker_practice": 0.11125960691347755,
        "worker_empathy": 0.5270569526427671,
        "worker_effectiveness": 0.3942162659921482,
        "best_persons_active": 0.0,
        "best_persons_found": 0.0,
        "queue": 29.0,
        "volunteer_hours": 0.0,
    },
}


def _run(name: str) -> dict[str, float]:
    path, seed, overrides, weeks = CASES[name]
    scenario = load_scenario(REPO / path) if path else None
    model = NeighbourhoodModel(scenario, rng=seed, **overrides)
    for _ in range(weeks):
        model.step()
    return {key: float(value) for key, value in model.outcomes.items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_outcomes_are_pinned_for_a_seed(name: str) -> None:
    got = _run(name)
    assert set(got) == set(PINNED[name])
    moved = {
        key: (PINNED[name][key], got[key])
        for key in got
        if got[key] != pytest.approx(PINNED[name][key], rel=1e-9, abs=1e-12)
    }
    assert not moved, f"outcomes moved (pinned, now): {moved}"
