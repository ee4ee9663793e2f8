"""``bpsim run`` end to end, and bad input on the command line."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from bpsim.cli import main


def test_run_writes_series_figure_and_summary(repo, tmp_path, capsys):
    code = main(
        [
            "run", str(repo / "scenarios/open.toml"), "--seed", "3", "--steps", "12",
            "--set", "n_households=200", "--set", "workers_per_1000=40", "--out", str(tmp_path),
        ]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "take_up" in out and "freedom_of_movement=0.9" in out
    csv = pd.read_csv(tmp_path / "open-seed3.csv", index_col="step")
    parquet = pd.read_parquet(tmp_path / "open-seed3.parquet")
    assert len(csv) == len(parquet) == 13
    assert (tmp_path / "open-seed3.png").stat().st_size > 10_000


BAD_INPUT = [
    (["run", "scenarios/nope.toml"], "does not exist"),
    (["run", "scenarios/baseline.toml", "--set", "rule_burden=7"], "rule_burden"),
    (["run", "scenarios/baseline.toml", "--set", "rule_burdn=0.5"], "did you mean"),
    (["run", "scenarios/baseline.toml", "--set", "novalue"], "NAME=VALUE"),
    (["run", "scenarios/baseline.toml", "--steps", "-4"], "allowed: 1 or more"),
    (["run", "scenarios/baseline.toml", "--steps", "0"], "allowed: 1 or more"),
    (["run", "scenarios/baseline.toml", "--out", "README.md"], "is a file"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_INPUT)
def test_bad_input_exits_2_with_one_clear_line(repo, args, fragment, monkeypatch, capsys):
    # In this process (the fast tier); the real command in a new process is tested below.
    monkeypatch.chdir(repo)
    try:
        code = main(args)
    except SystemExit as stop:  # argparse's own refusals
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.slow  # each case starts a new Python process that imports bpsim afresh
@pytest.mark.parametrize(("args", "fragment"), BAD_INPUT)
def test_bad_input_from_the_real_command_exits_2_with_one_clear_line(repo, args, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "bpsim", *args], cwd=repo, capture_output=True, text=True
    )
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr
    assert "Traceback" not in proc.stderr
