"""Statistical checks of the headline patterns, with fixed seeds and paired replications.

Each comparison uses common random numbers (replication i has the same seed in
both arms) and passes only if the 95% interval of the paired difference excludes
zero in the expected direction.
"""

from __future__ import annotations

import pytest

import bpsim
from bpsim.core.seeds import replication_seeds
from bpsim.machinery.execution import map_runs
from bpsim.machinery.stats import paired_difference

REPLICATIONS = 8
STEPS = 156
SEEDS = replication_seeds(2024, REPLICATIONS)


def _final(overrides, seed):
    return bpsim.run(overrides=overrides, seed=seed, steps=STEPS).final


def _arms(repo, arms):
    jobs = [(o, s) for o in arms.values() for s in SEEDS]
    # The execution layer's pool: it forks only when no other thread runs (a test worker
    # may run some), where a plain ProcessPoolExecutor forked anyway (a deadlock risk).
    done = map_runs(_final, enumerate(jobs), workers=2, show_progress=False)
    finals = [done[i] for i in range(len(jobs))]
    out = {}
    for i, name in enumerate(arms):
        out[name] = finals[i * REPLICATIONS : (i + 1) * REPLICATIONS]
    return out


def _diff(runs, a, b, outcome):
    return paired_difference([r[outcome] for r in runs[a]], [r[outcome] for r in runs[b]])


@pytest.fixture(scope="module")
def runs(request):
    repo = request.config.rootpath
    restricted = bpsim.load_scenario(repo / "scenarios/restricted.toml").changed()
    open_ = bpsim.load_scenario(repo / "scenarios/open.toml").changed()
    return _arms(
        repo,
        {
            "restricted": {**restricted, "rule_burden": 0.8},
            "open": {**open_, "rule_burden": 0.8},
            "light": {"rule_burden": 0.2},
            "heavy": {"rule_burden": 0.9},
        },
    )


@pytest.mark.slow
def test_open_freedom_beats_restricted_on_take_up_at_high_rule_burden(runs):
    d = _diff(runs, "restricted", "open", "take_up")
    assert d.ci_low > 0, d


@pytest.mark.slow
def test_open_freedom_lowers_unmet_need_at_high_rule_burden(runs):
    d = _diff(runs, "restricted", "open", "unmet_need")
    assert d.ci_high < 0, d


@pytest.mark.slow
def test_higher_rule_burden_lowers_take_up_and_trust(runs):
    assert _diff(runs, "light", "heavy", "take_up").ci_high < 0
    assert _diff(runs, "light", "heavy", "trust").ci_high < 0
