"""Nothing silently wrong, nothing lost, no traceback.

Provenance true wherever bpsim runs, stores that know what made them (code hashes,
one writer, a full disk), names that are never paths, one error boundary, no silent
surprises and a cost guard. The installed-wheel test is in test_installed_wheel.py.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpsim.cli import main, os_error_line
from bpsim.core.names import file_stem, name_problem
from bpsim.core.scenario import ScenarioError, load_scenario
from bpsim.experiment import runner
from bpsim.experiment.design import make_plan
from bpsim.experiment.spec import ExperimentError, load_experiment
from bpsim.machinery import cost, provenance
from bpsim.machinery import store as store_module
from bpsim.machinery.errors import UsageError
from bpsim.machinery.store import LOCK, Store, StoreError, merge, writer_lock

REPO = Path(__file__).resolve().parents[1]
TINY = {
    "n_households": 120,
    # 8 workers, 2 everyday doers and 1 of each other best person among 120 households.
    "workers_per_1000": 66.7,
    "everyday_doers_per_1000": 16.7,
    "frontline_best_persons_per_1000": 8.4,
    "social_entrepreneurs_per_1000": 8.4,
    "bridge_builders_per_1000": 8.4,
    "steps": 10,
}


def scenario_text(name: str = "tiny", **extra) -> str:
    lines = [f"name = {json.dumps(name)}"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in {**TINY, **extra}.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path):
    """A folder with a tiny scenario and a 6-run experiment on it."""
    (tmp_path / "tiny.toml").write_text(scenario_text())
    (tmp_path / "exp.toml").write_text(
        'name = "tiny_sweep"\nscenario = "tiny.toml"\nreplications = 2\nbase_seed = 5\n'
        'outcomes = ["take_up", "trust"]\n[factors]\nrule_burden = [0.2, 0.5, 0.8]\n'
    )
    return tmp_path


def one_line_error(err: str, verb: str) -> str:
    """The single error line a verb printed (and nothing that looks like a traceback)."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith(f"bpsim {verb}: error:")]
    assert len(lines) == 1, err
    return lines[0]


# --- provenance ------------------------------------------------------------------------------
def test_the_core_record_names_bpsims_own_checkout_and_lock_file():
    rec = provenance.core("compare", [3, 4])
    assert rec["kind"] == "compare" and rec["provenance_format"] == provenance.FORMAT
    assert rec["source"] == "checkout" and rec["seeds"] == [3, 4]
    assert len(rec["git"]["commit"]) == 40 and isinstance(rec["git"]["uncommitted_changes"], bool)
    assert Path(rec["uv_lock"]["path"]) == REPO / "uv.lock"
    assert rec["uv_lock"]["sha256"] == provenance.sha256_file(REPO / "uv.lock")
    assert rec["code_sha256"] == provenance.code_sha256()
    assert set(rec["libraries"]) >= {"mesa", "numpy", "scipy"}


def test_a_record_made_earlier_keeps_its_slow_parts_with_the_time_and_seeds_of_now(monkeypatch):
    # compare works out git and the code's hash while its runs run, and the rest after.
    earlier = provenance.core("compare", [])
    earlier["created_utc"] = "2000-01-01T00:00:00+00:00"
    monkeypatch.setattr(provenance, "git_state", lambda *_: pytest.fail("asked git again"))
    monkeypatch.setattr(provenance, "code_sha256", lambda: pytest.fail("hashed again"))
    rec = provenance.core("compare", (5, 6), earlier)
    assert rec["seeds"] == [5, 6] and rec["created_utc"] > earlier["created_utc"]
    assert {k: v for k, v in rec.items() if k not in ("seeds", "created_utc")} == {
        k: v for k, v in earlier.items() if k not in ("seeds", "created_utc")
    }


def test_the_code_hash_covers_the_model_core_and_the_sweep_runner_but_no_face():
    # What a sweep's resume and merge and a Dask worker's check compare: every module that
    # computes a run. A report's wording, a dashboard or a CLI verb changes no run.
    import pkgutil

    import bpsim.core

    modules = set(provenance.run_modules())
    core = {m.name for m in pkgutil.walk_packages(bpsim.core.__path__, "bpsim.core.")}
    assert core - {"bpsim.core.emergence"} <= modules  # emergence: notes for reports only
    assert {"bpsim.core.mechanisms.trust", "bpsim.core.mechanisms.burnout"} <= modules
    assert {"bpsim.experiment.runner", "bpsim.machinery.execution"} <= modules
    faces = ("bpsim.comparison", "bpsim.validation", "bpsim.dashboard", "bpsim.cli")
    assert not {m for m in modules if m.startswith(faces)}


def test_imports_are_found_in_every_kind_of_block_but_type_checking_ones():
    # Imports are statements: the walk reads every block a statement can hold.
    source = b"""
import bpsim.a
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import bpsim.never
else:
    import bpsim.b
def f():
    from . import c
    class K:
        def g(self):
            from .d import e
    for _ in ():
        import bpsim.loop
    else:
        import bpsim.loop_else
    while False:
        import bpsim.w
    with open(".") as fh:
        import bpsim.with_
    try:
        import bpsim.t
    except ImportError:
        import bpsim.handler
    else:
        import bpsim.t_else
    finally:
        import bpsim.fin
    match 1:
        case 1:
            import bpsim.case
x = [__import__("bpsim.not_a_statement")]
"""
    found = provenance._imports_in_source(source, "bpsim.core")
    assert found == {
        "bpsim.a", "bpsim.b", "bpsim.core", "bpsim.core.c", "bpsim.core.d", "bpsim.core.d.e",
        "bpsim.loop", "bpsim.loop_else", "bpsim.w", "bpsim.with_", "bpsim.t", "bpsim.handler",
        "bpsim.t_else", "bpsim.fin", "bpsim.case",
    }  # fmt: skip


def test_installed_inside_another_repository_records_neither_its_commit_nor_its_lock(
    tmp_path, monkeypatch
):
    # A virtual environment inside some other project's git checkout, started from that
    # project's folder (which has a uv.lock of its own).
    other = tmp_path / "other-project"
    site = other / ".venv" / "lib" / "python3.12" / "site-packages"
    (site / "bpsim").mkdir(parents=True)
    (other / "uv.lock").write_text("version = 1\n")
    (other / "pyproject.toml").write_text('[project]\nname = "other"\n')
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    subprocess.run(
        ["git", "-C", str(other), "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q",
         "--allow-empty", "-m", "x"],
        check=True,
    )  # fmt: skip
    monkeypatch.setattr(provenance, "_PACKAGE_PARENT", site)
    monkeypatch.chdir(other)
    assert provenance.checkout_root() is None
    rec = provenance.core("sweep", [1])
    assert rec["source"] == "installed package"
    assert rec["git"] is None and rec["uv_lock"] is None
    # Even given the folder, git state counts only at a checkout's top folder.
    assert provenance.git_state(site) is None
    assert provenance.git_state(other)["commit"]


def test_a_sweep_without_git_state_runs_and_records_none(folder, monkeypatch):
    # Once a TypeError: the runner indexed git_state() when it was None.
    monkeypatch.setattr(runner, "git_state", lambda: None)
    monkeypatch.setattr(provenance, "checkout_root", lambda parent=None: None)
    plan = make_plan(load_experiment(folder / "exp.toml"))
    report = runner.sweep(plan, folder / "out")
    assert report.done == 6
    prov = Store.open(folder / "out").provenance
    assert prov["git"] is None and prov["uv_lock"] is None and prov["source"] == "installed package"
    assert prov["sessions"][0]["git_commit"] is None


def test_compare_and_sweep_share_one_core(folder):
    from bpsim.comparison.paired import _provenance
    from bpsim.core.scenario import Scenario

    plan = make_plan(load_experiment(folder / "exp.toml"))
    sweep_rec = runner.sweep_provenance(plan)
    sc = Scenario.from_mapping(TINY, name="a")
    compare_rec = _provenance([sc, sc], [sc, sc], (1, 2), 1, None, None)
    core = set(provenance.core("x", []))
    assert core <= set(sweep_rec) and core <= set(compare_rec)
    assert sweep_rec["kind"] == "sweep" and compare_rec["kind"] == "compare"
    assert compare_rec["seeds"] == [1, 2] and sweep_rec["seeds"] == plan.seeds


def test_a_long_description_is_cut_in_provenance_with_the_rule_said():
    from bpsim.comparison.paired import _provenance
    from bpsim.core.scenario import Scenario

    sc = Scenario.from_mapping(TINY, name="a", description="x" * 100_000)
    rec = _provenance([sc, sc], [sc, sc], (1, 2), 1, None, None)
    text = rec["scenarios"][0]["description"]
    assert len(text) < provenance.DESCRIPTION_LIMIT + 100
    assert text.endswith(f"[{100_000 - provenance.DESCRIPTION_LIMIT:,} more characters cut]")
    assert provenance.short_text("short") == "short"


def test_a_description_over_the_limit_is_refused(folder):
    text = "y" * (provenance.DESCRIPTION_LIMIT + 1)
    (folder / "long.toml").write_text(f'base = "tiny.toml"\ndescription_nl = "{text}"\n')
    with pytest.raises(ScenarioError, match="'description_nl': 2,001 characters"):
        load_scenario(folder / "long.toml")
    (folder / "ok.toml").write_text(f'base = "tiny.toml"\ndescription = "{text[:-1]}"\n')
    assert len(load_scenario(folder / "ok.toml").description) == provenance.DESCRIPTION_LIMIT
    exp = (folder / "exp.toml").read_text()
    (folder / "long_exp.toml").write_text(f'description = "{text}"\n' + exp)
    with pytest.raises(ExperimentError, match="'description': 2,001 characters"):
        load_experiment(folder / "long_exp.toml")


def test_a_50_mb_description_in_a_file_is_refused_before_it_is_read(folder, capsys):
    (folder / "huge.toml").write_text(
        'base = "tiny.toml"\ndescription = "' + "x" * (50 * 2**20) + '"\n'
    )
    assert main(["run", str(folder / "huge.toml"), "--out", str(folder / "o")]) == 2
    line = one_line_error(capsys.readouterr().err, "run")
    assert "is 50.0 MiB; allowed: at most 1 MiB" in line
    (folder / "huge_exp.toml").write_text('description = "' + "x" * (2 * 2**20) + '"\n')
    with pytest.raises(ExperimentError, match="is 2.0 MiB"):
        load_experiment(folder / "huge_exp.toml")
    # Just under the file limit, the description rule speaks.
    (folder / "big.toml").write_text('base = "tiny.toml"\ndescription = "' + "x" * 900_000 + '"')
    with pytest.raises(ScenarioError, match="900,000 characters; allowed: at most 2,000"):
        load_scenario(folder / "big.toml")


# --- stores: model code ----------------------------------------------------------------------
def fake_code(monkeypatch, digest: str) -> None:
    """Make this process look like it runs other model code."""
    monkeypatch.setattr(provenance, "code_sha256", lambda: digest)
    monkeypatch.setattr(runner, "code_sha256", lambda: digest)


def test_merge_refuses_shards_of_different_model_code_or_marks_each_run(
    folder, monkeypatch, capsys
):
    plan = make_plan(load_experiment(folder / "exp.toml"))
    runner.sweep(plan, folder / "s1", shard=(1, 2))
    with monkeypatch.context() as m:
        fake_code(m, "f" * 64)
        runner.sweep(plan, folder / "s2", shard=(2, 2))
    with pytest.raises(StoreError, match="2 versions of the model code"):
        merge([folder / "s1", folder / "s2"], folder / "m")
    assert not Store.exists(folder / "m")
    args = ["merge", str(folder / "s1"), str(folder / "s2"), "--out", str(folder / "m")]
    assert main(args) == 2
    assert "--allow-code-change" in one_line_error(capsys.readouterr().err, "merge")
    assert main([*args, "--allow-code-change"]) == 0
    assert "2 model-code versions" in capsys.readouterr().out
    merged = Store.open(folder / "m")
    assert merged.provenance["code_sha256"] == "mixed"
    runs = merged.results().set_index("run_id")["code_sha256"]
    ids2 = set(plan.shard(2, 2))
    assert set(runs[list(ids2)]) == {"f" * 64}
    assert set(runs.drop(list(ids2))) == {provenance.code_sha256()}
    # The merged store stays known as mixed: resuming it needs the flag too.
    with pytest.raises(StoreError, match="different model code"):
        runner.sweep(plan, folder / "m", resume=True)
    runner.sweep(plan, folder / "m", resume=True, allow_code_change=True)


def test_resume_knows_a_store_was_mixed_even_when_its_first_code_comes_back(folder, monkeypatch):
    plan = make_plan(load_experiment(folder / "exp.toml"))
    runner.sweep(plan, folder / "s", shard=(1, 2))
    with monkeypatch.context() as m:
        fake_code(m, "e" * 64)
        with pytest.raises(StoreError, match="different model code"):
            runner.open_store(plan, folder / "s", resume=True, shard=(1, 2))
        runner.sweep(plan, folder / "s", resume=True, shard=(1, 2), allow_code_change=True)
    store = Store.open(folder / "s")
    assert store.provenance["sessions"][1]["allowed_code_change"] is True
    # Back on the original code: the store still holds runs of two versions.
    assert store.code_hashes() == {provenance.code_sha256(), "e" * 64}
    with pytest.raises(StoreError, match=r"different model code \(2 versions\)"):
        runner.open_store(plan, folder / "s", resume=True, shard=(1, 2))


def test_merging_parts_written_before_runs_recorded_their_code(folder):
    plan = make_plan(load_experiment(folder / "exp.toml"))
    runner.sweep(plan, folder / "s1", shard=(1, 2))
    runner.sweep(plan, folder / "s2", shard=(2, 2))
    # Strip the column, as parts written by earlier bpsim versions lack it.
    import pyarrow.parquet as pq

    for part in (folder / "s2" / "parts").glob("*.parquet"):
        pq.write_table(pq.read_table(part).drop(["code_sha256"]), part)
    merged = merge([folder / "s1", folder / "s2"], folder / "m")
    assert set(merged.results()["code_sha256"]) == {provenance.code_sha256()}


# --- stores: one writer ----------------------------------------------------------------------
def test_a_second_writer_on_one_store_is_refused(folder, capsys):
    out = folder / "out"
    args = ["sweep", str(folder / "exp.toml"), "--out", str(out), "--no-progress"]
    with writer_lock(out):
        assert main(args) == 2
        line = one_line_error(capsys.readouterr().err, "sweep")
        assert f"process {os.getpid()} on this host" in line and LOCK in line
        assert main(["merge", str(out), "--out", str(out)]) == 2
        assert main([*args, "--resume"]) == 2
    assert not Store.exists(out)  # the refused writers wrote nothing
    # In this process (--workers 1): the lock is this process's whatever runs the model.
    assert main([*args, "--workers", "1"]) == 0
    assert not (out / LOCK).exists()  # released


@pytest.mark.slow
def test_a_writer_in_another_process_blocks_a_sweep_until_it_is_killed(folder):
    # A real second process holds the lock (as a running sweep does), then is killed -9.
    out = folder / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from bpsim.machinery.store import writer_lock\n"
         f"with writer_lock({str(out)!r}):\n    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        args = [sys.executable, "-m", "bpsim", "sweep", str(folder / "exp.toml"), "--out",
                str(out), "--no-progress"]  # fmt: skip
        second = subprocess.run(args, capture_output=True, text=True)
        assert second.returncode == 2
        assert f"process {holder.pid} on this host" in second.stderr
        assert "Traceback" not in second.stderr and not Store.exists(out)
    finally:
        holder.kill()
        holder.wait()
    assert (out / LOCK).exists()  # left behind by the killed writer
    third = subprocess.run(args, capture_output=True, text=True)
    assert third.returncode == 0, third.stderr
    assert len(Store.open(out).results()) == 6 and not (out / LOCK).exists()


def test_a_stale_lock_of_a_killed_writer_is_taken_over(folder):
    out = folder / "out"
    out.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = __import__("socket").gethostname()
    (out / LOCK).write_text(json.dumps({"host": host, "pid": gone.pid, "since": "then"}))
    # In this process (--workers 1): taking over a stale lock does not depend on the engine.
    assert main(["sweep", str(folder / "exp.toml"), "--out", str(out), "--no-progress",
                 "--workers", "1"]) == 0  # fmt: skip
    # A live process id that was reused by another process (other start time) is stale too.
    (out / LOCK).write_text(
        json.dumps({"host": host, "pid": os.getpid(), "process_start": "1", "since": "x"})
    )
    with writer_lock(out):
        pass
    # An unreadable lock (its writer killed while creating it) is stale.
    (out / LOCK).write_text("{")
    with writer_lock(out):
        pass


def test_a_lock_from_another_host_is_refused_saying_how_to_remove_it(folder):
    out = folder / "out"
    out.mkdir()
    (out / LOCK).write_text(json.dumps({"host": "node-17", "pid": 4242, "since": "x"}))
    with pytest.raises(StoreError, match="process 4242 on host node-17") as err, writer_lock(out):
        pass
    assert f"delete '{out / LOCK}'" in str(err.value)


# --- stores: a full disk ---------------------------------------------------------------------
def test_a_full_disk_mid_sweep_leaves_a_resumable_store_and_says_so(folder, monkeypatch, capsys):
    reference = folder / "ref"
    exp = str(folder / "exp.toml")
    # Parts are written by this process whatever the engine: run in-process (--workers 1).
    assert main(["sweep", exp, "--out", str(reference), "--no-progress", "--workers", "1"]) == 0
    capsys.readouterr()

    real = store_module.atomic_write_parquet
    calls = []

    def full_after_one(path, table):
        # The design table, then one part of results; then the disk is full.
        calls.append(path)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, table)

    out = folder / "out"
    with monkeypatch.context() as m:
        m.setattr(store_module, "atomic_write_parquet", full_after_one)
        args = ["sweep", exp, "--out", str(out), "--no-progress", "--flush-every", "2",
                "--workers", "1"]  # fmt: skip
        assert main(args) == 2
    line = one_line_error(capsys.readouterr().err, "sweep")
    assert "the disk is full" in line and "--resume" in line and "consistent" in line
    store = Store.open(out)
    assert len(store.part_files()) == 1 and len(store.status()) == 2
    assert not list(out.rglob(".*.tmp"))  # no half-written part left
    assert "disk is full" in store.provenance["sessions"][0]["aborted"]
    assert not (out / LOCK).exists()
    argv = ["sweep", exp, "--out", str(out), "--no-progress", "--resume", "--workers", "1"]
    assert main(argv) == 0

    def comparable(path):
        frame = Store.open(path).results().drop(columns=list(store_module.VOLATILE_COLUMNS))
        return frame.sort_values("run_id").reset_index(drop=True)

    pd.testing.assert_frame_equal(comparable(out), comparable(reference))


def test_a_full_disk_in_run_leaves_no_empty_file(folder, monkeypatch, capsys):
    def full(self, path, *args, **kwargs):
        Path(path).write_bytes(b"")  # what a full disk leaves: an empty file
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    out = folder / "o"
    assert main(["run", str(folder / "tiny.toml"), "--out", str(out)]) == 2
    assert "the disk is full" in one_line_error(capsys.readouterr().err, "run")
    assert list(out.iterdir()) == []


# --- names -----------------------------------------------------------------------------------
BAD_NAMES = ["../../../tmp/x", "/tmp/x", "a/b", "a\\b", "..", ".hidden", "", " x", "x ", "a\nb",
             "a\0b", "x" * 101, "con:1", "*"]  # fmt: skip
GOOD_NAMES = ["baseline", "open-0.9", "wijk Zuidoost (2024)", "één", "rule_burden+scouting"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_scenario_name_that_is_a_path_is_refused(folder, name, capsys):
    (folder / "bad.toml").write_text(f"base = 'tiny.toml'\nname = {json.dumps(name)}\n")
    with pytest.raises(ScenarioError, match="key 'name'"):
        load_scenario(folder / "bad.toml")
    assert main(["run", str(folder / "bad.toml"), "--out", str(folder / "o")]) == 2
    assert "allowed: letters, digits" in one_line_error(capsys.readouterr().err, "run")
    assert not (folder / "o").exists() or list((folder / "o").iterdir()) == []


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_ordinary_names_pass(name):
    assert name_problem(name) is None and file_stem(name) == name


@pytest.mark.parametrize("name", BAD_NAMES)
def test_an_experiment_name_that_is_a_path_is_refused(folder, name):
    text = (folder / "exp.toml").read_text().replace('"tiny_sweep"', json.dumps(name))
    (folder / "bad.toml").write_text(text)
    with pytest.raises(ExperimentError, match="key 'name'"):
        load_experiment(folder / "bad.toml")


@given(st.text(max_size=300))
def test_file_stem_maps_any_text_to_a_safe_name(text):
    stem = file_stem(text)
    assert name_problem(stem) is None
    assert "/" not in stem and "\\" not in stem and ".." not in stem
    assert Path(stem).name == stem


def test_run_writes_inside_out_even_for_a_name_given_in_python(tmp_path, monkeypatch):
    # A scenario built in Python skips the file check; its name is still mapped.
    from bpsim.cli import run as run_verb
    from bpsim.core.scenario import Scenario

    evil = Scenario.from_mapping(TINY, name="../../escape")
    monkeypatch.setattr(run_verb, "scenario_from_args", lambda path, assignments: evil)
    out = tmp_path / "a" / "b" / "out"
    assert main(["run", "ignored.toml", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "escape-seed0.csv", "escape-seed0.parquet", "escape-seed0.png"
    ]  # fmt: skip
    assert list(tmp_path.rglob("*.csv")) == [out / "escape-seed0.csv"]


# --- one error boundary ----------------------------------------------------------------------
def deep_scenario(folder: Path) -> Path:
    path = folder / "deep.toml"
    path.write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    return path


def long_chain(folder: Path, n: int = 200) -> Path:
    for i in range(n):
        body = f'base = "c{i + 1}.toml"\n' if i < n - 1 else scenario_text()
        (folder / f"c{i}.toml").write_text(body)
    return folder / "c0.toml"


@pytest.mark.parametrize("make", [deep_scenario, long_chain], ids=["nested", "base-chain"])
def test_deep_input_is_one_line_in_every_verb(folder, make, capsys):
    path = make(folder)
    (folder / "exp2.toml").write_text(
        f'name = "e"\nscenario = "{path.name}"\n[factors]\nrule_burden = [0.2, 0.8]\n'
    )
    for verb, argv in [
        ("run", ["run", str(path), "--out", str(folder / "o")]),
        ("compare", ["compare", str(path), str(folder / "tiny.toml"), "--out", str(folder / "c")]),
        ("sweep", ["sweep", str(folder / "exp2.toml"), "--out", str(folder / "s")]),
    ]:
        assert main(argv) == 2, verb
        line = one_line_error(capsys.readouterr().err, verb)
        assert "nested too deeply" in line or "longer than" in line


def test_a_deeply_nested_experiment_file_is_one_line(folder, capsys):
    (folder / "deep_exp.toml").write_text("name = 'x'\nfactors = " + "[" * 3000 + "]" * 3000)
    assert main(["sweep", str(folder / "deep_exp.toml"), "--dry-run"]) == 2
    assert "nested too deeply" in one_line_error(capsys.readouterr().err, "sweep")


def test_recursion_and_os_errors_anywhere_in_a_verb_are_one_line(monkeypatch, capsys):
    from bpsim.cli import odd

    def boom(exc):
        def handler(args):
            raise exc

        return handler

    for exc, words in [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (OSError(errno.ENOSPC, "No space left on device", "/d/x.csv"), "the disk is full"),
        (PermissionError(errno.EACCES, "Permission denied", "/ro/x"), "no permission"),
        (OSError(errno.EROFS, "Read-only file system", "/ro/x"), "no permission"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory", "/f/x"), "not a directory"),
        (MemoryError(), "not enough memory"),
    ]:
        monkeypatch.setattr(odd, "handle", boom(exc))
        assert main(["odd"]) == 2
        assert words in one_line_error(capsys.readouterr().err, "odd")


def test_os_error_line_names_the_file():
    assert "'/ro/x'" in os_error_line(PermissionError(errno.EACCES, "Permission denied", "/ro/x"))
    assert os_error_line(OSError(errno.EIO, "Input/output error")) == "Input/output error"


def test_analyse_into_a_read_only_folder_is_one_line(folder, monkeypatch, capsys):
    runner.sweep(make_plan(load_experiment(folder / "exp.toml")), folder / "s")
    # Root may write anywhere, so the read-only folder is simulated where the write fails.
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if "report" in self.parts:
            raise PermissionError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["analyse", str(folder / "s")]) == 2
    assert "cannot be created" in one_line_error(capsys.readouterr().err, "analyse")
    monkeypatch.undo()
    (folder / "afile").write_text("")
    for verb in ("analyse", "sensitivity"):
        assert main([verb, str(folder / "s"), "--out", str(folder / "afile")]) == 2
        err = capsys.readouterr().err
        assert "is a file" in one_line_error(err, verb) or "sobol or morris" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["sweep", "EXP", "--flush-seconds", "nan"],
        ["sweep", "EXP", "--dask-timeout", "inf"],
        ["sweep", "EXP", "--flush-seconds", "-inf"],
        ["analyse", "DIR", "--confidence", "nan"],
        ["sensitivity", "DIR", "--confidence", "inf"],
        ["compare", "--precision", "nan"],
        ["compare", "--precision", "take_up=inf"],
        ["run", "SC", "--steps", "0"],
        ["validate", "--replications", "0"],
        ["validate", "--workers", "0"],
        ["validate", "--workers", "100000"],
        ["compare", "--workers", "100000"],
        ["sweep", "EXP", "--workers", "100000"],
        ["sweep", "EXP", "--workers", "100000", "--dask", "local"],
    ],
)
def test_non_finite_and_zero_options_are_refused(folder, argv, capsys):
    swap = {"EXP": folder / "exp.toml", "DIR": folder, "SC": folder / "tiny.toml"}
    argv = [str(swap.get(a, a)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own refusal (also exit 2)
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def compare_folder(tmp_path_factory):
    """A real bpsim compare output (two identical tiny scenarios, 2 replications).

    Made once for the tests of this module; a test that changes it works on a copy.
    """
    where = tmp_path_factory.mktemp("compare")
    (where / "tiny.toml").write_text(scenario_text())
    (where / "same.toml").write_text(scenario_text("same"))
    out = where / "cmp"
    # In this process (--workers 1): the warning and the folder do not depend on the engine.
    argv = ["compare", str(where / "tiny.toml"), str(where / "same.toml"), "--replications", "2",
            "--out", str(out), "--workers", "1"]  # fmt: skip
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(argv) == 0
    return out, err.getvalue()


def test_compare_of_identical_scenarios_warns(compare_folder):
    _, err = compare_folder
    assert "scenarios 'tiny' and 'same' have identical parameters" in err


def test_a_compare_folder_is_not_taken_for_a_store(folder, compare_folder, capsys):
    out = Path(shutil.copytree(compare_folder[0], folder / "cmp"))  # changed below
    for verb, argv in [
        ("analyse", ["analyse", str(out)]),
        ("sensitivity", ["sensitivity", str(out)]),
        ("sweep", ["sweep", str(folder / "exp.toml"), "--out", str(out), "--resume"]),
    ]:
        assert main(argv) == 2
        line = one_line_error(capsys.readouterr().err, verb)
        assert "not a sweep results folder (it holds the results of bpsim compare)" in line
    # Written before records named their kind: recognised by its keys.
    prov = json.loads((out / "provenance.json").read_text())
    prov.pop("kind")
    prov["replication_seeds"] = prov.pop("seeds")
    (out / "provenance.json").write_text(json.dumps(prov))
    with pytest.raises(StoreError, match="bpsim compare"):
        Store.open(out)
    for junk in ("[1, 2]", "not json", "[" * 5000 + "]" * 5000):
        (out / "provenance.json").write_text(junk)
        with pytest.raises(StoreError):
            Store.open(out)


# --- the dashboard ---------------------------------------------------------------------------
@pytest.mark.parametrize("make", [deep_scenario, long_chain], ids=["nested", "base-chain"])
def test_the_dashboard_shows_deep_files_as_a_message_without_paths(tmp_path, monkeypatch, make):
    import ipyvuetify as v
    import solara
    from solara.server import kernel, kernel_context

    from bpsim.dashboard import settings
    from bpsim.dashboard.pages import explore as explore_page

    scen = tmp_path / "scenarios"
    scen.mkdir()
    (scen / "tiny.toml").write_text(scenario_text())
    make(scen)
    monkeypatch.setenv(settings.SCENARIOS_ENV, str(scen))
    monkeypatch.setenv(settings.RESULTS_ENV, str(tmp_path / "results"))
    ctx = kernel_context.VirtualKernelContext(id="t16", kernel=kernel.Kernel(), session_id="t")
    with ctx:
        _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
        select = [w for w in rc.find(v.Select).widgets if "bpsim-start-from" in (w.class_ or "")][0]
        select.v_model = "deep.toml" if make is deep_scenario else "c0.toml"
        alerts = [w for w in rc.find(v.Alert).widgets if "bpsim-error" in (w.class_ or "")]
        shown = " ".join(str(c) for w in alerts for c in w.children)
        assert "nested too deeply" in shown or "longer than" in shown
        assert str(tmp_path) not in shown and "Traceback" not in shown
    ctx.close()


def test_the_dashboard_warns_when_it_listens_beyond_this_machine():
    from bpsim.cli.dashboard import exposure_warning

    for host in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"):
        assert exposure_warning(host, Path("s"), Path("r")) is None
    for host in ("0.0.0.0", "::", "192.0.2.1", "myhost.example"):
        warning = exposure_warning(host, Path("s"), Path("r"))
        assert f"--host {host}" in warning and "no login" in warning
        assert "run simulations" in warning and "write new scenario files into 's'" in warning


def test_dashboard_cli_prints_the_warning_before_serving(tmp_path, monkeypatch, capsys):
    import solara.__main__

    calls = []
    monkeypatch.setattr(solara.__main__.run, "main", lambda argv, **kw: calls.append(argv))
    (tmp_path / "s").mkdir()
    argv = ["dashboard", "--host", "0.0.0.0", "--port", "0", "--scenarios", str(tmp_path / "s")]
    assert main(argv) == 0 and calls
    assert "opens the dashboard to the network" in capsys.readouterr().err
    main(["dashboard", "--port", "0", "--scenarios", str(tmp_path / "s")])
    assert "warning" not in capsys.readouterr().err


# --- the cost guard --------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_guard_prints_the_cost_and_asks_only_above_the_threshold():
    out = io.StringIO()
    small = cost.Estimate(runs=10, per_run=0.5, workers=2)
    cost.confirm("sweep 'x'", small, yes=False, out=out, stdin=io.StringIO())
    assert out.getvalue() == "sweep 'x': 10 runs x 0.50 s (estimated) on 2 workers: about 3 s\n"
    big = cost.estimate(2_000_000, 2000, 260, workers=8)
    with pytest.raises(UsageError, match="pass --yes"):
        cost.confirm("sweep 'x'", big, yes=False, out=out, stdin=io.StringIO())
    cost.confirm("sweep 'x'", big, yes=True, out=out, stdin=io.StringIO())
    cost.confirm("sweep 'x'", big, yes=False, out=out, stdin=Terminal(), ask=lambda q: "y")
    with pytest.raises(UsageError, match="not started"):
        cost.confirm("sweep 'x'", big, yes=False, out=out, stdin=Terminal(), ask=lambda q: "")

    def ctrl_d(question):
        raise EOFError

    with pytest.raises(UsageError, match="not started"):
        cost.confirm("sweep 'x'", big, yes=False, out=out, stdin=Terminal(), ask=ctrl_d)


def test_the_estimate_scales_with_households_times_weeks_and_workers():
    one = cost.run_seconds(1000, 100)
    assert cost.run_seconds(2000, 100) - one == pytest.approx(cost.run_seconds(1000, 200) - one)
    assert cost.estimate(100, 1000, 100, 4).seconds == pytest.approx(25 * one)
    assert cost.duration(40) == "40 s" and cost.duration(3600 * 5) == "5.0 h"
    assert cost.duration(86400 * 2.5) == "2.5 days"


def test_a_huge_sweep_needs_yes_and_creates_nothing_without_it(folder, capsys):
    (folder / "huge.toml").write_text(
        'name = "huge"\nscenario = "tiny.toml"\nreplications = 100000\n[design]\nkind = "lhs"\n'
        "samples = 20\n[factors]\nrule_burden = { low = 0.2, high = 0.8 }\n"
    )
    out = folder / "huge-out"
    assert main(["sweep", str(folder / "huge.toml"), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "2,000,000 runs" in captured.out and "about" in captured.out
    assert "pass --yes" in one_line_error(captured.err, "sweep")
    assert not out.exists()
    assert main(["sweep", str(folder / "exp.toml"), "--dry-run"]) == 0  # says, never asks
    assert "cost: 6 runs x" in capsys.readouterr().out


def test_a_resumed_sweep_estimates_from_its_own_measured_runs(folder, capsys):
    out = folder / "s"
    # In this process (--workers 1): the estimate reads the measured seconds, whatever ran them.
    argv = [
        "sweep",
        str(folder / "exp.toml"),
        "--out",
        str(out),
        "--shard",
        "1/2",
        "--workers",
        "1",
    ]
    assert main(argv) == 0
    capsys.readouterr()
    argv = ["sweep", str(folder / "exp.toml"), "--out", str(out), "--resume", "--shard", "1/2"]
    assert main([*argv, "--dry-run"]) == 0
    assert "cost: 0 runs x" in capsys.readouterr().out
    from argparse import Namespace

    from bpsim.cli.sweep import sweep_cost

    mean = Store.open(out).results()["seconds"].mean()
    plan = make_plan(load_experiment(folder / "exp.toml"))
    args = Namespace(resume=True, retry_failed=False, workers=1)
    estimate = sweep_cost(plan.experiment, len(plan.run_ids), out, args)
    assert estimate.measured and estimate.per_run == pytest.approx(mean)
    assert estimate.runs == len(plan.run_ids) - len(plan.shard(1, 2))
    assert "(measured)" in estimate.line("x")


def test_a_huge_validation_needs_yes(folder, capsys):
    argv = ["validate", "--replications", "100000", "--quick", "--out", str(folder / "v")]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "validation:" in captured.out and "runs" in captured.out
    assert "pass --yes" in one_line_error(captured.err, "validate")


def test_validation_run_count_matches_what_it_runs():
    from bpsim.cli.validate import ROBUSTNESS_REPLICATIONS, validation_runs
    from bpsim.validation.checks import CHECKS, arms_needed
    from bpsim.validation.robustness import PLAUSIBLE

    plain = validation_runs(CHECKS, 10, robust=False)
    assert plain == len(arms_needed(CHECKS)) * 10
    robust = validation_runs(CHECKS, 10, robust=True)
    assert (
        plain
        < robust
        <= plain + 2 * len(PLAUSIBLE) * len(arms_needed()) * (ROBUSTNESS_REPLICATIONS)
    )


def test_page_messages_never_show_the_servers_folders(tmp_path, monkeypatch):
    from bpsim.dashboard import settings

    scen, results = tmp_path / "srv" / "scenarios", tmp_path / "srv" / "results"
    monkeypatch.setenv(settings.SCENARIOS_ENV, str(scen))
    monkeypatch.setenv(settings.RESULTS_ENV, str(results))
    err = OSError(errno.ENOSPC, "No space left on device", str(scen / "new.toml"))
    shown = settings.without_paths(str(err))
    assert "new.toml" in shown and str(tmp_path) not in shown
    assert settings.without_paths(f"see {results}") == "see …"
