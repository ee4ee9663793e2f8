"""bpsim as a user installs it: the wheel in a fresh virtual environment, outside any checkout.

Once, a sweep crashed when bpsim was installed from a wheel (no git state), and
provenance recorded the commit and lock file of whatever repository surrounded the
installation or the working folder. Here the working folder is another project's
git checkout with a uv.lock of its own, and the virtual environment lives inside it,
which is the worst case for both.

Every verb `bpsim --help` lists runs from that wheel on tiny inputs (one environment
for all, to keep it cheap), and every provenance record it writes (compare, sweep,
robust comparison, validation) carries the same core fields, saying that no git
checkout or lock file of bpsim's own was there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bpsim.machinery import provenance

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
MORRIS = """
name = "screen"
scenario = "small.toml"
replications = 1
base_seed = 5
outcomes = ["take_up", "trust"]
[design]
kind = "morris"
samples = 2
levels = 4
[factors]
rule_burden = { low = 0.0, high = 1.0 }
freedom_of_movement = { low = 0.0, high = 1.0 }
"""
#: Verbs whose every invocation is below; a verb added to `bpsim --help` without a
#: line here fails the test, so the installed package keeps being tried whole.
COVERED = {"run", "bench", "compare", "sweep", "merge", "analyse", "sensitivity", "validate",
           "odd", "dashboard"}  # fmt: skip


def listed_verbs(help_text: str) -> set[str]:
    """The verbs in `bpsim --help` (the lines under "positional arguments")."""
    block = help_text.split("positional arguments:", 1)[1].split("options:", 1)[0]
    return {m.group(1) for m in re.finditer(r"^    (\w+)", block, flags=re.MULTILINE)}


def sh(*args, cwd: Path, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
@pytest.mark.skipif(UV is None, reason="needs uv")
def test_the_installed_wheel_runs_every_verb_with_one_true_provenance(tmp_path):
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

    # The verbs not tried above, each on the smallest input that does real work.
    assert listed_verbs(sh(bpsim, "--help", cwd=work, env=env).stdout) == COVERED
    # A robust comparison (compare --uncertainty): 2 worlds x 2 scenarios x 2 replications.
    robust = sh(bpsim, "compare", "small.toml", "open.toml", "--replications", "2", "--workers",
                "1", "--uncertainty", "2", "--yes", "--out", "rob", cwd=work, env=env)  # fmt: skip
    assert "plausible worlds" in robust.stdout
    (work / "screen.toml").write_text(MORRIS)
    sh(bpsim, "sensitivity", "screen.toml", cwd=work, env=env)  # a design's cost, no runs
    sh(bpsim, "sweep", "screen.toml", "--out", "screen", "--no-progress", cwd=work, env=env)
    sh(bpsim, "sensitivity", "screen", cwd=work, env=env)
    assert any((work / "screen" / "report").iterdir())
    # Exit code 1 would mean a pattern was not reproduced (a finding, on 150 households
    # and 2 replications, not a fault of the installed package); 0 or 1 with the report
    # written and no traceback is what the package must do.
    validate = subprocess.run(
        [str(bpsim), "validate", "--scenario", "small.toml", "--check", "P3", "--replications",
         "2", "--workers", "1", "--no-robustness", "--yes", "--out", "val"],
        cwd=work, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert validate.returncode in (0, 1) and "Traceback" not in validate.stderr, validate.stderr
    assert "of 1 checks pass" in validate.stdout
    bench = sh(bpsim, "bench", "--sizes", "150", "--steps", "5", "--repeat", "1", cwd=work,
               env=env)  # fmt: skip
    assert "x Mesa" in bench.stdout
    shutil.copy(REPO / "docs" / "ODD.md", work / "ODD.md")  # no docs/ outside a checkout
    sh(bpsim, "odd", "--path", "ODD.md", cwd=work, env=env)
    sh(bpsim, "odd", "--path", "ODD.md", "--check", cwd=work, env=env)
    assets = sh(bpsim, "dashboard", "--prepare-assets", cwd=work, env=env)
    assert "complete" in assets.stdout

    # One provenance core, the same fields from every face, true to where it ran.
    records = {
        path: json.loads((work / path).read_text())
        for path in ("cmp/provenance.json", "shard1/provenance.json", "merged/provenance.json",
                     "rob/provenance.json", "rob/robust/provenance.json",
                     "screen/provenance.json")
    }  # fmt: skip
    records["val/validation.json"] = json.loads((work / "val/validation.json").read_text())[
        "provenance"
    ]
    core_fields = set(provenance.core("check", []))
    # A robust comparison's worlds are a sweep store beside its compare record.
    kinds = {"cmp/provenance.json": "compare", "rob/provenance.json": "compare",
             "val/validation.json": "validation"}  # fmt: skip
    for path, prov in records.items():
        assert core_fields <= set(prov), (path, core_fields - set(prov))
        assert prov["kind"] == kinds.get(path, "sweep"), path
        assert prov["provenance_format"] == provenance.FORMAT, path
        assert prov["source"] == "installed package", path
        assert prov["git"] is None and prov["uv_lock"] is None, path
        assert other_commit not in json.dumps(prov), path
        # The wheel holds this checkout's model code: the same hash as here.
        assert prov["code_sha256"] == provenance.code_sha256(), path
        assert prov["seeds"] and all(isinstance(s, int) for s in prov["seeds"]), path
        assert set(prov["libraries"]) >= {"mesa", "numpy", "scipy", "pandas", "pyarrow"}, path
    sessions = json.loads((work / "merged/provenance.json").read_text())["sessions"]
    assert sessions and all(s["git_commit"] is None for s in sessions)
    report = (work / "merged" / "report" / "report.md").read_text()
    assert "none (not run from a git checkout of bpsim)" in report
