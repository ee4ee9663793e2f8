"""Small things on the command line: verb typos, --set typos, help text, Ctrl-C on the dashboard."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bpsim.cli import main
from tests.conftest import as_from_a_terminal

BPSIM = str(Path(sys.executable).parent / "bpsim")


def test_a_misspelt_verb_gets_a_suggestion(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["comapre"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "did you mean 'compare'?" in err
    assert err.count("\n") == 1


def test_a_verb_far_from_any_gets_no_suggestion(capsys):
    with pytest.raises(SystemExit):
        main(["xyzzyq"])
    assert "did you mean" not in capsys.readouterr().err


@pytest.mark.parametrize("verb", ["run", "compare"])
def test_a_set_typo_is_blamed_on_set_not_on_the_scenario_file(verb, tmp_path, capsys):
    args = [verb] + (["scenarios/baseline.toml"] if verb == "run" else [])
    code = main([*args, "--set", "rule_burdn=0.8", "--out", str(tmp_path / "x")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "--set 'rule_burdn=0.8': unknown parameter 'rule_burdn'" in err
    assert "did you mean 'rule_burden'?" in err
    assert "scenario file" not in err


def test_a_bad_set_value_names_set(tmp_path, capsys):
    code = main(
        ["run", "scenarios/baseline.toml", "--set", "rule_burden=2", "--out", str(tmp_path)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "--set 'rule_burden=2': parameter 'rule_burden': value 2.0 is out of range" in err
    assert "scenario file" not in err


def test_validate_help_shows_a_single_percent_sign(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "95% interval" in out and "%%" not in out


@pytest.mark.parametrize("verb", ["compare", "sweep", "validate"])
def test_one_rule_for_the_workers_default(verb, capsys):
    with pytest.raises(SystemExit):
        main([verb, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "default: all cores" in help_text


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_ctrl_c_on_the_dashboard_exits_cleanly_with_130(tmp_path):
    proc = subprocess.Popen(
        [BPSIM, "dashboard", "--port", "0", "--results", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=as_from_a_terminal,
    )  # fmt: skip
    try:
        deadline = time.time() + 120
        line = ""
        while "starting at" not in line and time.time() < deadline:
            assert proc.poll() is None, proc.communicate()
            line = proc.stdout.readline()
        assert "starting at" in line, "the server never started"
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Abort" not in err
    assert "bpsim dashboard: interrupted" in err
