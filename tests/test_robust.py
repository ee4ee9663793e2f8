"""Robust comparison over the plausible worlds: shares, regret, discovery, resume, bad input.

A toy run function, injected in place of the model run of the sweep runner, gives a
difference whose sign flips at a known threshold (open does better on take-up exactly
when seek_rate > 0.45), so the discovery must find that condition. Everything else
runs through the real machinery: the sweep plan, the runner, the store and the analysis.
"""

from __future__ import annotations

import math
import os
import socket

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from bpsim.cli import main
from bpsim.comparison import compare, robust, robust_report
from bpsim.core import outcomes as outcomes_module
from bpsim.core.outcomes import OUTCOMES
from bpsim.core.scenario import Range, load_scenario
from bpsim.experiment import runner
from bpsim.machinery.cost import Estimate, parse_budget
from bpsim.machinery.errors import UsageError
from tests.conftest import SMALL

THRESHOLD = 0.45
TINY = {**SMALL, "steps": 10}
VARY = ["seek_rate", "staff_hours", "entitled_share"]


def toy_run(task):
    """Take-up gains from freedom of movement only above the seek_rate threshold."""
    p = task.params
    noise = np.random.default_rng(task.seed).normal(0, 1e-4)  # the same in every scenario
    signal = (p["freedom_of_movement"] - 0.5) * (p["seek_rate"] - THRESHOLD)
    row = {"run_id": task.run_id, "status": "ok", "error": None, "traceback": None,
           "worker": f"{socket.gethostname()}:{os.getpid()}", "seconds": 0.001}  # fmt: skip
    for name in task.outcomes:
        row[name] = 0.5  # every other outcome: the same in both scenarios
    row["take_up"] = 0.5 + signal + noise
    return row


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(runner, "execute_run", toy_run)
    return toy_run


@pytest.fixture
def pair():
    return [load_scenario(f"scenarios/{n}.toml", TINY) for n in ("restricted", "open")]


def _run(pair, store, **kw):
    options = dict(worlds=60, replications=2, seed=3, ranges=VARY)
    options.update(kw)
    return robust.run_robust(pair, store=store, **options)


def test_discovery_finds_the_known_flip_condition(toy, pair, tmp_path):
    r = _run(pair, tmp_path / "robust")
    assert r.complete and r.worlds_used == 60 and r.failed_runs == 0
    take_up = r.shares.set_index("outcome").loc["take_up"]
    truth = (0.6 - THRESHOLD) / (0.6 - 0.25)  # seek_rate's range is 0.25 .. 0.6
    assert take_up["verdict"] == "split"
    assert take_up["share_low"] <= truth <= take_up["share_high"]
    rules = r.flips[r.flips["outcome"] == "take_up"]
    assert not rules.empty
    best = rules.iloc[0]
    assert best["winner"] == "open"
    ((name, low, high),) = [c for c in best["conditions"] if c[0] == "seek_rate"]
    assert high is None and abs(low - THRESHOLD) < 0.03
    assert best["density"] >= 0.9 and best["coverage"] >= 0.8
    words = robust_report.flip_sentences(r, "open", "en")
    assert any("seek_rate > 0.4" in w and "Take-up" in w for w in words)
    imp = r.importance[r.importance["outcome"] == "take_up"].sort_values("importance")
    assert imp.iloc[-1]["parameter"] == "seek_rate" and imp.iloc[-1]["rho"] > 0
    # outcomes equal in both scenarios: no verdict, no rule, nothing to score
    others = r.shares[r.shares["outcome"] != "take_up"]
    assert set(others["verdict"]) == {"none"}
    assert set(r.flips["outcome"]) == {"take_up"}


def test_two_worlds_that_split_still_draw_their_panel(toy, pair, tmp_path):
    # Too few worlds for rules or importances (found by running `bpsim compare
    # --uncertainty 2` from the installed wheel): the panel falls back to the first
    # sampled assumptions instead of failing the whole report.
    r = _run(pair, tmp_path / "robust", worlds=2)
    assert r.shares.set_index("outcome").loc["take_up", "verdict"] == "split"
    assert r.flips.empty and r.importance.empty
    assert robust_report._panel_axes(r, "open", "take_up") == VARY[:2]
    fig = robust_report.plot_flips(r, "open")
    assert fig is not None and fig.axes[0].get_xlabel()


def test_regret_is_the_largest_shortfall(toy, pair, tmp_path):
    r = _run(pair, tmp_path / "robust", worlds=20)
    paired = r.paired[r.paired["outcome"] == "take_up"]["gain"]
    regret = r.regret[r.regret["outcome"] == "take_up"].set_index("scenario")
    assert regret.loc["restricted", "worst"] == pytest.approx(max(paired.max(), 0))
    assert regret.loc["open", "worst"] == pytest.approx(max(-paired.min(), 0))
    assert regret.loc["open", "best_share"] + regret.loc["restricted", "best_share"] >= 1 - 1e-9


def test_resume_gives_identical_results(toy, pair, tmp_path):
    whole = _run(pair, tmp_path / "whole", worlds=30)
    seen = []

    def stop_after_25(row):
        seen.append(row)
        if len(seen) == 25:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(pair, tmp_path / "part", worlds=30, on_result=stop_after_25)
    partial = robust.analyse(tmp_path / "part")
    assert not partial.complete and partial.finished_runs >= 25
    resumed = _run(pair, tmp_path / "part", worlds=30, resume=True)
    assert resumed.complete
    for table in ("world_values", "world_means", "paired", "shares", "regret", "importance"):
        pd.testing.assert_frame_equal(getattr(whole, table), getattr(resumed, table))
    assert whole.flips.to_dict("records") == resumed.flips.to_dict("records")


def test_wilson_interval_coverage_is_near_nominal():
    # Exact coverage over the binomial distribution of the count, averaged over shares.
    for n in (30, 100):
        intervals = [robust.share_interval(k, n) for k in range(n + 1)]
        coverage = []
        for p in np.linspace(0.05, 0.95, 19):
            pmf = binom.pmf(np.arange(n + 1), n, p)
            coverage.append(
                sum(w for w, (lo, hi) in zip(pmf, intervals, strict=True) if lo <= p <= hi)
            )
        assert 0.93 <= np.mean(coverage) <= 0.97
        assert min(coverage) >= 0.90


def test_share_of_latin_hypercube_worlds_is_covered():
    # The worlds are a Latin hypercube, not independent draws: the interval must still cover.
    from SALib.sample import latin

    problem = {"num_vars": 2, "names": ["x", "y"], "bounds": [[0.0, 1.0], [0.0, 1.0]]}
    truth, hits, trials = 0.3, 0, 300
    for seed in range(trials):
        x = latin.sample(problem, 40, seed=seed)[:, 0]
        k = int((x < truth).sum())
        lo, hi = robust.share_interval(k, 40)
        hits += lo <= truth <= hi
    assert hits / trials >= 0.93


def test_a_new_outcome_without_a_translation_flows_through(toy, pair, tmp_path, monkeypatch):
    monkeypatch.setattr(robust, "OUTCOMES", (*OUTCOMES, "made_up_outcome"))
    monkeypatch.setitem(outcomes_module.BETTER, "made_up_outcome", 1)
    monkeypatch.setattr(
        runner,
        "execute_run",
        lambda task: {**toy_run(task), "made_up_outcome": task.params["seek_rate"]},
    )
    exp_outcomes = (*OUTCOMES, "made_up_outcome")
    from bpsim.experiment import spec

    real = robust.experiment

    def with_new_outcome(*a, **kw):
        import dataclasses

        return dataclasses.replace(real(*a, **kw), outcomes=exp_outcomes)

    monkeypatch.setattr(robust, "experiment", with_new_outcome)
    assert spec  # the experiment's outcomes are data, not a fixed list
    r = _run(pair, tmp_path / "robust", worlds=12)
    assert "made_up_outcome" in set(r.shares["outcome"])
    for lang in ("en", "nl"):
        html = robust_report.section(r, lang, pngs={}).body
        assert "made_up_outcome" in html


def test_report_section_in_both_languages(toy, pair, tmp_path):
    r = _run(pair, tmp_path / "robust", worlds=20)
    pngs = robust_report.figures(r, "en")
    assert pngs["spread-open"][:4] == b"\x89PNG" and pngs["flips-open"][:4] == b"\x89PNG"
    en = robust_report.section(r, "en", pngs)
    nl = robust_report.section(r, "nl", pngs)
    assert en.title == "How robust is this advice?" and nl.title == "Hoe robuust is dit advies?"
    assert "seek_rate" in en.body and "wanneer seek_rate" in nl.body
    assert len(en.images) == 2


# --- bad input -----------------------------------------------------------------------------


def test_bad_ranges_are_refused(pair):
    with pytest.raises(UsageError, match="no_such_parameter"):
        robust.resolve_ranges(["no_such_parameter"], pair)
    with pytest.raises(UsageError, match="lever"):
        robust.resolve_ranges(["rule_burden"], pair)
    with pytest.raises(UsageError, match="empty"):
        robust.resolve_ranges({"seek_rate": (0.5, 0.5)}, pair)
    with pytest.raises(UsageError, match="outside"):
        robust.resolve_ranges({"seek_rate": (0.5, 1.5)}, pair)
    with pytest.raises(UsageError, match="none left"):
        robust.resolve_ranges(["seek_rate"], pair, fixed=["seek_rate"])
    with pytest.raises(UsageError, match="worlds"):
        robust.experiment(pair, {"seek_rate": Range(0.2, 0.6, "x")}, worlds=1)
    with pytest.raises(UsageError, match="uncertainty"):
        compare(pair, replications=2, workers=1, uncertainty=1)


def test_scenarios_differing_in_an_assumption_hold_it(pair):
    other = pair[1].with_overrides({"seek_rate": 0.3}, name="open-low-seek")
    ranges, held = robust.resolve_ranges(None, [pair[0], other])
    assert "seek_rate" not in ranges and held == ["seek_rate"]


def _small_args():
    out = []
    for k, v in TINY.items():
        out += ["--set", f"{k}={v}"] if k != "steps" else ["--steps", str(v)]
    return out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--uncertainty", "1"], "--uncertainty '1'"),
        (["--uncertainty", "x"], "not a whole number"),
        (["--uncertainty", "4", "--vary", "seek_rate=0.5:0.5"], "empty"),
        (["--uncertainty", "4", "--vary", "no_such=1:2"], "no_such"),
        (["--uncertainty", "4", "--vary", "seek_rate=a:b"], "LOW:HIGH"),
        (["--uncertainty", "4", "--budget", "0"], "--budget"),
        (["--vary", "seek_rate"], "need --uncertainty"),
        (["--uncertainty", "500", "--budget", "1s"], "--yes"),
    ],
)
def test_cli_refuses_bad_input_with_exit_2(extra, message, tmp_path, capsys):
    code = main(["compare", *_small_args(), "--workers", "1", "--out", str(tmp_path), *extra])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_budget_and_cost():
    cost = robust.estimate_cost(10, 0.5, 2)
    assert cost.seconds == pytest.approx(2.5)
    assert robust.parse_budget("10m") == 600 and robust.parse_budget("90") == 90
    with pytest.raises(UsageError) as refused:
        robust.check_budget(cost, 1.0, go_on=False)
    robust.check_budget(cost, 1.0, go_on=True)
    # One cost guard: robust's estimate and budget are bpsim.machinery.cost's, its refusal says
    # the runs, the time per run, the workers and how to ask for less.
    assert isinstance(cost, Estimate) and cost.measured
    message = str(refused.value)
    for part in ("--budget 1 s", "10 runs of about 0.50 s on 2 workers", "--uncertainty", "--yes"):
        assert part in message, message
    assert robust.parse_budget is parse_budget and robust.check_budget(cost, None, False) is None


@pytest.mark.slow
def test_cli_end_to_end_with_the_real_model_and_redraw(tmp_path, capsys):
    out = tmp_path / "cmp"
    args = ["compare", *_small_args(), "--workers", "1", "--out", str(out)]
    assert main([*args, "--uncertainty", "4", "--replications", "2"]) == 0
    printed = capsys.readouterr().out
    assert "Cost:" in printed and "plausible worlds" in printed
    assert "How robust is this advice?" in (out / "report.html").read_text("utf-8")
    assert main(["compare", "--from", str(out), "--lang", "nl", "--out", str(tmp_path / "nl")]) == 0
    assert "Hoe robuust is dit advies?" in (tmp_path / "nl" / "report.html").read_text("utf-8")
    # the same request again continues the stored worlds instead of starting afresh
    assert main([*args, "--uncertainty", "4", "--replications", "2"]) == 2
    assert main([*args, "--uncertainty", "4", "--replications", "2", "--resume"]) == 0
    assert math.isfinite(robust.analyse(out / "robust").shares["share_b"].iloc[0])


@pytest.mark.cluster
def test_worlds_run_on_dask_like_on_local_processes(pair, tmp_path):
    pytest.importorskip("distributed")
    short = [sc.with_overrides({"steps": 3}) for sc in pair]
    options = dict(worlds=3, replications=1, seed=1, ranges=["seek_rate", "staff_hours"])
    local = robust.run_robust(short, store=tmp_path / "local", workers=1, **options)
    dask = robust.run_robust(short, store=tmp_path / "dask", workers=2, dask="local", **options)
    pd.testing.assert_frame_equal(local.world_means, dask.world_means)
    pd.testing.assert_frame_equal(local.shares, dask.shares)
