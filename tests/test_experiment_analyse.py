"""Analysis from stored results only: bands, the headline check, sensitivity indices, figures."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bpsim.core.api
import bpsim.experiment.runner
from bpsim.cli import main
from bpsim.experiment.analyse import analyse
from bpsim.experiment.design import make_plan
from bpsim.experiment.runner import create_store, sweep
from bpsim.experiment.sensitivity import compute_indices
from bpsim.experiment.spec import load_experiment
from bpsim.machinery.stats import mean_interval, paired_difference
from bpsim.machinery.store import Store

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "baseline.toml"
PNG = b"\x89PNG\r\n\x1a\n"

GRID = f"""
name = "synthetic"
scenario = "{BASELINE}"
replications = 6
base_seed = 4
outcomes = ["take_up", "trust"]
[factors]
rule_burden = [0.2, 0.8]
freedom_of_movement = [0.1, 0.5, 0.9]
[headline]
outcome = "take_up"
"""


def fabricate(tmp_path, text, values, name="store"):
    """A store whose results are made up by `values(point, replication)`: no model runs."""
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    plan = make_plan(load_experiment(path))
    store = create_store(plan, tmp_path / name)
    rows = []
    for rid in plan.run_ids:
        task = plan.task(rid)
        point = {k: task.params[k] for k in plan.experiment.factor_names}
        rows.append({"run_id": rid, "status": "ok", **values(point, task.replication)})
    for i in range(0, len(rows), 50):
        store.write_part(rows[i : i + 50])
    return plan, store


def take_up(sign=1.0):
    def values(p, rep):
        rb, fr = p["rule_burden"], p["freedom_of_movement"]
        wobble = 0.002 * ((rep * 7 + int(fr * 10) * 3) % 5)  # so differences vary a little
        return {"take_up": 0.5 + sign * 0.3 * fr * rb + 0.02 * rep + wobble, "trust": 0.4 + rb}

    return values


def test_headline_and_bands_are_computed_from_the_stored_numbers(tmp_path, capsys):
    plan, store = fabricate(tmp_path, GRID, take_up())
    rc = main(["analyse", str(store.root), "--check-headline"])
    out = capsys.readouterr().out
    assert rc == 0 and "headline check passed" in out
    diffs = pd.read_csv(store.root / "report" / "tables" / "headline_differences.csv")
    row = diffs[(diffs["rule_burden"] == 0.8) & (diffs["outcome"] == "take_up")].iloc[0]
    values = take_up()
    a = [values({"rule_burden": 0.8, "freedom_of_movement": 0.1}, r)["take_up"] for r in range(6)]
    b = [values({"rule_burden": 0.8, "freedom_of_movement": 0.9}, r)["take_up"] for r in range(6)]
    expected = paired_difference(a, b)
    assert row["diff"] == pytest.approx(expected.diff)
    assert row["ci_low"] == pytest.approx(expected.ci_low)
    assert row["ci_high"] == pytest.approx(expected.ci_high)
    assert row["diff"] == pytest.approx(0.3 * 0.8 * 0.8, abs=0.01)
    # A band: at each rule burden, each replication's mean over freedom levels, then a t-interval.
    bands = pd.read_csv(store.root / "report" / "tables" / "by_factor.csv")
    sel = bands[(bands["factor"] == "rule_burden") & (bands["outcome"] == "take_up")]
    sel = sel[(sel["value"] == 0.2) & (sel["partner_value"] == 0.5)]
    per_rep = [
        values({"rule_burden": 0.2, "freedom_of_movement": 0.5}, r)["take_up"] for r in range(6)
    ]
    m, lo, hi = mean_interval(per_rep)
    assert sel[["mean", "ci_low", "ci_high"]].iloc[0].tolist() == pytest.approx([m, lo, hi])


def test_headline_check_fails_when_open_does_not_beat_restricted(tmp_path, capsys):
    _, store = fabricate(tmp_path, GRID, take_up(sign=-1.0))
    assert main(["analyse", str(store.root), "--check-headline"]) == 1
    out = capsys.readouterr().out
    assert "DOES NOT HOLD" in out and "headline check FAILED" in out


def test_headline_check_needs_a_headline_and_a_store(tmp_path, capsys):
    _, store = fabricate(tmp_path, GRID.replace('[headline]\noutcome = "take_up"', ""), take_up())
    assert main(["analyse", str(store.root), "--check-headline"]) == 2
    assert "has no [headline] section" in capsys.readouterr().err
    assert main(["analyse", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "holds no sweep results" in err and err.count("\n") == 1


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    """A small real sweep with a headline (the only model runs in this file)."""
    tmp = tmp_path_factory.mktemp("real")
    text = GRID.replace("replications = 6", "replications = 3\nsteps = 15")
    text += "[overrides]\nn_households = 120\nworkers_per_1000 = 40\n"
    path = tmp / "real.toml"
    path.write_text(text)
    sweep(make_plan(load_experiment(path)), tmp / "out", flush_every=6)
    return tmp / "out"


def test_figures_come_from_stored_data_only(real_store, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise AssertionError("analysis must not run the model")

    monkeypatch.setattr(bpsim.core.api, "run", refuse)
    monkeypatch.setattr(bpsim.experiment.runner, "execute_run", refuse)
    assert main(["analyse", str(real_store)]) == 0
    report = real_store / "report"
    figures = sorted(p.name for p in (report / "figures").glob("*.png"))
    assert figures == ["by_freedom_of_movement.png", "by_rule_burden.png", "headline_baseline.png"]
    for name in figures:
        data = (report / "figures" / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000
    text = (report / "report.md").read_text()
    assert "![headline_baseline](figures/headline_baseline.png)" in text
    assert "## Headline" in text and "commit" in text


def test_a_partial_sweep_is_analysed_with_a_note(real_store, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(real_store, copy)
    next(iter(sorted((copy / "parts").glob("part-*.parquet")))).unlink()
    result = analyse(copy)
    assert result.counts["missing"] > 0
    assert any("partial sweep" in n for n in result.notes)


SAMPLED = f"""
name = "{{kind}}"
scenario = "{BASELINE}"
replications = 1
outcomes = ["take_up", "trust"]
[design]
kind = "{{kind}}"
samples = {{samples}}
[factors]
rule_burden = {{{{ low = 0.0, high = 1.0 }}}}
freedom_of_movement = {{{{ low = 0.0, high = 1.0 }}}}
scouting = {{{{ low = 0.0, high = 1.0 }}}}
"""


def linear(p, rep):
    # take_up depends strongly on rule burden, weakly on freedom, not at all on scouting.
    return {"take_up": 4 * p["rule_burden"] + p["freedom_of_movement"], "trust": 0.5}


def test_sobol_indices_rank_the_factors(tmp_path):
    _, store = fabricate(tmp_path, SAMPLED.format(kind="sobol", samples=256), linear)
    indices, pairs, notes = compute_indices(store.experiment, store.table(), ["take_up", "trust"])
    assert any("trust" in n and "never varies" in n for n in notes)
    assert pairs.empty  # second-order indices were not asked for
    s = indices.set_index("factor")
    # Var(4x) / (Var(4x) + Var(x)) = 16/17 for uniform x.
    assert s.loc["rule_burden", "S1"] == pytest.approx(16 / 17, abs=0.06)
    assert s.loc["freedom_of_movement", "ST"] == pytest.approx(1 / 17, abs=0.03)
    assert abs(s.loc["scouting", "ST"]) < 0.01
    assert (s["ST_conf"] >= 0).all() and (s["S1_conf"] > 0).any()


def interaction(p, rep):
    # take_up is a pure interaction of rule burden and freedom: neither matters alone
    # on average (E[f | one factor] is constant), so S1 = 0 for both and S2 = 1.
    return {"take_up": (p["rule_burden"] - 0.5) * (p["freedom_of_movement"] - 0.5), "trust": 0.5}


def test_second_order_sobol_finds_the_interaction(tmp_path, capsys):
    text = SAMPLED.format(kind="sobol", samples=512).replace(
        "samples = 512", "samples = 512\nsecond_order = true"
    )
    _, store = fabricate(tmp_path, text, interaction)
    assert main(["sensitivity", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "strongest interactions" in out and "rule_burden x freedom_of_movement" in out
    pairs = pd.read_csv(store.root / "report" / "tables" / "sensitivity_sobol_second_order.csv")
    s2 = pairs.set_index(["factor_a", "factor_b"])["S2"]
    assert len(pairs) == 3  # every pair of the three factors, once
    assert s2[("rule_burden", "freedom_of_movement")] == pytest.approx(1.0, abs=0.15)
    assert abs(s2[("rule_burden", "scouting")]) < 0.1
    assert abs(s2[("freedom_of_movement", "scouting")]) < 0.1
    first = pd.read_csv(store.root / "report" / "tables" / "sensitivity_sobol.csv")
    s1 = first.set_index("factor")["S1"]
    assert abs(s1["rule_burden"]) < 0.1 and abs(s1["freedom_of_movement"]) < 0.1
    report = analyse(store.root)
    text = report.report.read_text()
    assert "### Interactions (second-order Sobol indices)" in text


def test_morris_elementary_effects(tmp_path, capsys):
    _, store = fabricate(tmp_path, SAMPLED.format(kind="morris", samples=10), linear)
    assert main(["sensitivity", str(store.root)]) == 0
    assert "rule_burden" in capsys.readouterr().out  # the summary table is printed
    table = pd.read_csv(store.root / "report" / "tables" / "sensitivity_morris.csv")
    s = table.set_index("factor")
    assert s.loc["rule_burden", "mu_star"] == pytest.approx(4.0)
    assert s.loc["freedom_of_movement", "mu_star"] == pytest.approx(1.0)
    assert s.loc["scouting", "mu_star"] == pytest.approx(0.0)
    assert s.loc["rule_burden", "sigma"] == pytest.approx(0.0, abs=1e-9)
    figure = store.root / "report" / "figures" / "sensitivity_morris_baseline.png"
    assert figure.read_bytes().startswith(PNG)


def test_sensitivity_needs_every_design_point(tmp_path):
    _, store = fabricate(tmp_path, SAMPLED.format(kind="sobol", samples=16), linear)
    first = sorted((store.root / "parts").glob("part-*.parquet"))[0]
    first.unlink()
    indices, _, notes = compute_indices(store.experiment, store.table(), ["take_up"])
    assert indices.empty and "have no finished run" in notes[0]


def test_sensitivity_on_a_grid_store_is_a_usage_error(real_store, capsys):
    assert main(["sensitivity", str(real_store)]) == 2
    assert "need a sobol or morris design" in capsys.readouterr().err


def test_a_real_morris_sweep_end_to_end(tmp_path, capsys):
    text = SAMPLED.format(kind="morris", samples=3).replace(
        'outcomes = ["take_up", "trust"]',
        'outcomes = ["take_up", "trust"]\nsteps = 10\n[overrides]\nn_households = 100\n'
        "workers_per_1000 = 40",
    )
    path = tmp_path / "morris.toml"
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["sweep", "--workers", "1", str(path), "--out", str(out), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["analyse", str(out)]) == 0
    report = (out / "report" / "report.md").read_text()
    assert "## Sensitivity" in report and "sensitivity_morris_baseline.png" in report
    table = pd.read_csv(out / "report" / "tables" / "sensitivity_morris.csv")
    assert set(table["factor"]) == {"rule_burden", "freedom_of_movement", "scouting"}
    assert np.isfinite(table["mu_star"]).all()
    stored = Store.open(out)
    assert len(stored.design()) == 3 * 4


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_html_report_with_labels_in_either_language(real_store, tmp_path, lang):
    import re

    from bpsim.machinery import i18n

    result = analyse(real_store, tmp_path / lang, lang=lang)
    html = result.html.read_text(encoding="utf-8")
    assert f"<html lang='{lang}'>" in html
    assert "<script" not in html and "data:image/png;base64," in html
    visible = re.sub(r"<[^>]+>", " ", html)
    # Labels, not raw names, in everything a reader sees.
    for raw in ("freedom_of_movement", "rule_burden", "take_up", "p_value"):
        assert raw not in visible, raw
    assert i18n.parameter_label("freedom_of_movement", lang) in visible
    assert i18n.text("an_headline", lang) in visible and i18n.text("col_p", lang) in visible
    # p-values as read: "< 0,001" in Dutch when that small, never 0.0000.
    diffs = pd.read_csv(result.tables["headline_differences"])
    shown = diffs[diffs["outcome"] == "take_up"]["p_value"].dropna()
    assert len(shown)
    for p in shown:
        assert i18n.p_value(p, lang) in visible
    assert "0.0000" not in visible and "0,0000" not in visible
    if lang == "nl":
        assert "Samenvatting" not in visible and "Overzicht" in visible
    assert (result.out / "report.md").is_file()  # still written, for Markdown readers


def test_analyse_refuses_an_unknown_language(real_store, capsys):
    assert main(["analyse", str(real_store), "--lang", "fr"]) == 2
    assert "--lang 'fr'" in capsys.readouterr().err
