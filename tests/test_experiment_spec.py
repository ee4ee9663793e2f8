"""Experiment files: the shipped ones load, and each kind of mistake is one clear line, exit 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpsim.cli import main
from bpsim.experiment.spec import ExperimentError, load_experiment

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "baseline.toml"

GOOD = f"""
name = "t"
scenario = "{BASELINE}"
replications = 2
steps = 10
base_seed = 1
outcomes = ["take_up", "trust"]
[overrides]
n_households = 100
workers_per_1000 = 40
[factors]
rule_burden = [0.2, 0.8]
freedom_of_movement = [0.1, 0.9]
"""

RANGES = f"""
scenario = "{BASELINE}"
[design]
kind = "{{kind}}"
samples = {{samples}}
[factors]
rule_burden = {{{{ low = 0.0, high = 1.0 }}}}
freedom_of_movement = {{{{ low = 0.0, high = 1.0 }}}}
"""


def write(tmp_path, text, name="exp.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("name", ["ci", "rule_burden_x_freedom", "levers_sobol", "levers_morris"])
def test_shipped_experiments_load(name):
    exp = load_experiment(REPO / "experiments" / f"{name}.toml")
    assert exp.runs_count() > 0
    if name in ("ci", "rule_burden_x_freedom"):
        assert exp.kind == "grid"
        assert exp.headline is not None and exp.headline.outcome == "take_up"
        freedom = dict((f.name, f) for f in exp.factors)["freedom_of_movement"]
        assert 0.1 in freedom.values and 0.9 in freedom.values
    else:
        assert set(exp.factor_names) == {
            "rule_burden",
            "freedom_of_movement",
            "personal_component",
            "scouting",
            "training",
            "professional_learning",
        }


def test_shipped_sensitivity_costs_are_as_documented():
    sobol = load_experiment(REPO / "experiments" / "levers_sobol.toml")
    assert sobol.points_count() == 128 * (6 + 2)
    assert sobol.runs_count() == 2048
    morris = load_experiment(REPO / "experiments" / "levers_morris.toml")
    assert morris.runs_count() == 20 * 7 * 4


def test_good_file_and_scenario_relative_to_experiment(tmp_path):
    exp = load_experiment(write(tmp_path, GOOD))
    assert exp.replications == 2 and exp.base_seed == 1
    sc = exp.scenarios[0]
    assert sc["steps"] == 10 and sc["n_households"] == 100
    (tmp_path / "sc").mkdir()
    (tmp_path / "sc" / "mine.toml").write_text(f'base = "{BASELINE}"\nname = "mine"\n')
    rel = GOOD.replace(f'"{BASELINE}"', '"sc/mine.toml"')
    assert load_experiment(write(tmp_path, rel)).scenarios[0].name == "mine"


def test_repo_relative_scenario_path(tmp_path):
    # experiments/ files name "../scenarios/baseline.toml"; a repo-relative name works too.
    text = GOOD.replace(f'"{BASELINE}"', '"scenarios/baseline.toml"')
    path = REPO / "experiments" / f".test_repo_relative_{os.getpid()}.toml"
    try:
        path.write_text(text)
        assert load_experiment(path).scenarios[0].name == "baseline"
    finally:
        path.unlink(missing_ok=True)


def test_integer_values_are_typed(tmp_path):
    text = GOOD.replace("rule_burden = [0.2, 0.8]", "n_agencies = [4, 6.0]")
    exp = load_experiment(write(tmp_path, text))
    values = dict((f.name, f) for f in exp.factors)["n_agencies"].values
    assert values == (4, 6) and all(type(v) is int for v in values)


BAD = [
    # (replace this, with this, message must contain)
    ("replications = 2", "replication = 2", "did you mean 'replications'"),
    ("replications = 2", "replications = 2.5", "key 'replications': value 2.5"),
    ("replications = 2", "replications = 0", "from 1 to"),
    ("base_seed = 1", "base_seed = -1", "key 'base_seed'"),
    ("rule_burden = [0.2, 0.8]", "rule_burdn = [0.2, 0.8]", "did you mean 'rule_burden'"),
    ("rule_burden = [0.2, 0.8]", "rule_burden = [0.2, 1.5]", "value 1.5 is out of range"),
    ("rule_burden = [0.2, 0.8]", 'rule_burden = [0.2, "high"]', "is not a number"),
    ("rule_burden = [0.2, 0.8]", "rule_burden = [0.2, 0.2]", "listed twice"),
    ("rule_burden = [0.2, 0.8]", "rule_burden = []", "non-empty list"),
    (
        "rule_burden = [0.2, 0.8]",
        "rule_burden = { low = 0.0, high = 1.0 }",
        "ranges are for lhs, sobol and morris",
    ),
    ("n_households = 100", "n_households = 10", "[overrides]: parameter 'n_households'"),
    ("n_households = 100", "rule_burden = 0.5", "also fixed in [overrides]"),
    ('outcomes = ["take_up", "trust"]', 'outcomes = ["take_up", "trusst"]', "did you mean 'trust'"),
    ('outcomes = ["take_up", "trust"]', "outcomes = 3", "key 'outcomes'"),
    (f'scenario = "{BASELINE}"', 'scenario = "nowhere.toml"', "'nowhere.toml' does not exist"),
    (f'scenario = "{BASELINE}"', "", "key 'scenario' is missing"),
    ("[factors]", "[factorz]", "did you mean 'factors'"),
    ("steps = 10", "steps = 0", "parameter 'steps'"),
    ("[overrides]", "[design]\nkind = 'sobel'\n[overrides]", "did you mean 'sobol'"),
    ("[overrides]", "[design]\nkind = 'grid'\nsamples = 4\n[overrides]", "design.samples"),
    ("[overrides]", "[headline]\nfactor = 'scouting'\n[overrides]", "headline.factor"),
    ("[overrides]", "[headline]\nat = 0.5\n[overrides]", "headline.at"),
    ("[overrides]", "[headline]\noutcome = 'wellbeing'\n[overrides]", "kept outcome"),
    ('name = "t"', "name = 3", "key 'name'"),
]


@pytest.mark.parametrize(("old", "new", "needle"), BAD)
def test_bad_file_is_one_line_exit_2(tmp_path, capsys, old, new, needle):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ExperimentError, match="experiment file"):
        load_experiment(path)
    rc = main(["sweep", str(path), "--dry-run"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("bpsim sweep: error: experiment file")
    assert needle in err


@pytest.mark.parametrize(
    ("kind", "samples", "needle"),
    [
        ("sobol", 100, "power of two"),
        ("lhs", 1, "design.samples"),
        ("morris", 4, None),  # fine
    ],
)
def test_sampled_design_rules(tmp_path, kind, samples, needle):
    path = write(tmp_path, RANGES.format(kind=kind, samples=samples))
    if needle is None:
        assert load_experiment(path).kind == kind
    else:
        with pytest.raises(ExperimentError, match=needle):
            load_experiment(path)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("high = 1.0 }\nfreedom", "high = 0.0 }\nfreedom", "low 0.0 is not below high 0.0"),
        ("rule_burden = {", "rule_burden = [0.1, 0.2] #", "takes a range"),
        ("samples = 4", "samples = 4\nlevels = 3", "even"),
        ("samples = 4", "", "design.samples' is missing"),
        ("samples = 4", "samples = 4\nsecond_order = true", "unknown key 'design.second_order'"),
    ],
)
def test_bad_sampled_designs(tmp_path, old, new, needle):
    text = RANGES.format(kind="morris", samples=4)
    assert old in text
    with pytest.raises(ExperimentError, match=needle):
        load_experiment(write(tmp_path, text.replace(old, new, 1)))


def test_invalid_toml_and_missing_file(tmp_path, capsys):
    path = write(tmp_path, "name = [unclosed")
    assert main(["sweep", str(path), "--dry-run"]) == 2
    assert "is not valid TOML" in capsys.readouterr().err
    assert main(["sweep", str(tmp_path / "none.toml"), "--dry-run"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_invalid_base_scenario_is_reported_through_the_experiment(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("rule_burden = 7\n")
    path = write(tmp_path, GOOD.replace(str(BASELINE), str(bad)))
    assert main(["sweep", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "scenario file" in err and "rule_burden" in err and "out of range" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--shard", "0/2"], "--shard '0/2'"),
        (["--shard", "3/2"], "--shard '3/2'"),
        (["--shard", "abc"], "expected I/N"),
        (["--retry-failed"], "--retry-failed works with --resume"),
        (["--dask-timeout", "0"], "--dask-timeout"),
    ],
)
def test_bad_arguments(tmp_path, capsys, args, needle):
    path = write(tmp_path, GOOD)
    assert main(["sweep", str(path), "--dry-run", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_out_is_a_file(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    (tmp_path / "file").write_text("")
    assert main(["sweep", "--workers", "1", str(path), "--out", str(tmp_path / "file")]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.slow  # starts the real command in a new process (imports bpsim afresh)
def test_no_traceback_from_the_real_command(tmp_path):
    path = write(tmp_path, GOOD.replace("rule_burden = [0.2, 0.8]", "rule_burden = [2]"))
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "bpsim"), "sweep", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert "factors.rule_burden: parameter 'rule_burden': value 2.0 is out of range" in proc.stderr


def test_dry_run_states_the_cost(tmp_path, capsys):
    assert main(["sweep", str(REPO / "experiments" / "levers_sobol.toml"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1,024 points x 1 scenario x 2 replications = 2,048 runs" in out
    assert main(["sensitivity", str(REPO / "experiments" / "levers_morris.toml")]) == 0
    assert "560 runs" in capsys.readouterr().out
