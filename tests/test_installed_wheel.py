"""bpsim as a user installs it: the wheel in a fresh virtual environment, outside any checkout.

Once, a sweep crashed when bpsim was installed from a wheel (no git state), and
provenance recorded the commit and lock file of whatever repository surrounded the
installation or the working folder. Here the working folder is another project's
git checkout with a uv.lock of its own, and the virtual environment lives inside it,
which is the worst case for both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")

SCENARIO = """
name = "small"
description = "a small neighbourhood"
n_households = 150
workers_per_1000 = 53.4
everyday_doers_per_1000 = 13.4
frontline_best_persons_per_1000 = 6.7
social_entrepreneurs_per_1000 = 6.7
bridge_builders_per_1000 = 6.7
steps = 12
"""
EXPERIMENT = """
name = "wheel"
scenario = "small.toml"
replications = 2
base_seed = 3
outcomes = ["take_up", "trust"]
[factors]
freedom_of_movement = [0.1, 0.9]
"""


def sh(*args, cwd: Path, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
@pytest.mark.skipif(UV is None, reason="needs uv")
def test_the_installed_wheel_runs_compares_sweeps_and_merges_with_true_provenance(tmp_path):
    dist = tmp_path / "dist"
    sh(UV, "build", "--wheel", "--out-dir", dist, cwd=REPO)
    wheel = next(dist.glob("bpsim-*.whl"))

    # Another project's checkout, with its own lock file, holding the environment.
    work = tmp_path / "other-project"
    work.mkdir()
    (work / "pyproject.toml").write_text('[project]\nname = "other"\nversion = "1"\n')
    (work / "uv.lock").write_text("version = 1\n")
    (work / "small.toml").write_text(SCENARIO)
    (work / "open.toml").write_text(
        'base = "small.toml"\nname = "open"\nfreedom_of_movement = 0.9\n'
    )
    (work / "exp.toml").write_text(EXPERIMENT)
    git = ["git", "-C", work, "-c", "user.email=t@t", "-c", "user.name=t"]
    sh("git", "init", "-q", work, cwd=tmp_path)
    sh(*git, "add", "-A", cwd=tmp_path)
    sh(*git, "commit", "-q", "-m", "other project", cwd=tmp_path)
    other_commit = sh(*git, "rev-parse", "HEAD", cwd=tmp_path).stdout.strip()

    venv = work / ".venv"
    sh(UV, "venv", "--quiet", "--python", "3.12", venv, cwd=work)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
    sh(UV, "pip", "install", "--quiet", "--python", venv / "bin" / "python", wheel, cwd=work,
       env=env)  # fmt: skip
    bpsim = venv / "bin" / "bpsim"
    site = sh(venv / "bin" / "python", "-c", "import bpsim; print(bpsim.__file__)", cwd=work)
    assert str(venv) in site.stdout and str(REPO) not in site.stdout

    sh(bpsim, "run", "small.toml", "--out", "run", cwd=work, env=env)
    assert (work / "run" / "small-seed0.parquet").is_file()

    sh(bpsim, "compare", "small.toml", "open.toml", "--replications", "2", "--workers", "1",
       "--out", "cmp", cwd=work, env=env)  # fmt: skip
    for s in ("1/2", "2/2"):
        sh(bpsim, "sweep", "exp.toml", "--out", f"shard{s[0]}", "--shard", s, "--no-progress",
           cwd=work, env=env)  # fmt: skip
    merged = sh(bpsim, "merge", "shard1", "shard2", "--out", "merged", cwd=work, env=env)
    assert "4 ok, 0 failed, 0 missing of 4 runs" in merged.stdout
    sh(bpsim, "sweep", "exp.toml", "--out", "merged", "--resume", "--no-progress", cwd=work,
       env=env)  # fmt: skip
    sh(bpsim, "analyse", "merged", cwd=work, env=env)

    for path in ("cmp/provenance.json", "shard1/provenance.json", "merged/provenance.json"):
        prov = json.loads((work / path).read_text())
        assert prov["source"] == "installed package", path
        assert prov["git"] is None and prov["uv_lock"] is None, path
        assert other_commit not in json.dumps(prov), path
        assert len(prov["code_sha256"]) == 64
    sessions = json.loads((work / "merged/provenance.json").read_text())["sessions"]
    assert sessions and all(s["git_commit"] is None for s in sessions)
    report = (work / "merged" / "report" / "report.md").read_text()
    assert "none (not run from a git checkout of bpsim)" in report
