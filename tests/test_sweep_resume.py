"""Kill -9 and resume, crash leftovers, failing runs, shards and merge: nothing lost or doubled."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import Executor, Future
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bpsim.cli import main
from bpsim.experiment.design import make_plan
from bpsim.experiment.runner import (
    Batcher,
    Engine,
    SweepAborted,
    SweepReport,
    execute_run,
    run_tasks,
    sweep,
)
from bpsim.experiment.spec import load_experiment
from bpsim.machinery.store import PARTS, VOLATILE_COLUMNS, Store, StoreError, merge
from tests.conftest import as_from_a_terminal

REPO = Path(__file__).resolve().parents[1]
BPSIM = Path(sys.executable).parent / "bpsim"

EXPERIMENT = f"""
name = "resume"
scenario = "{REPO / "scenarios" / "baseline.toml"}"
replications = 6
steps = 20
base_seed = 21
outcomes = ["take_up", "trust", "unmet_need", "wellbeing"]
[overrides]
n_households = 120
workers_per_1000 = 40
[factors]
rule_burden = [0.2, 0.5, 0.8]
freedom_of_movement = [0.1, 0.9]
"""


@pytest.fixture(scope="module")
def exp_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("exp") / "resume.toml"
    path.write_text(EXPERIMENT)
    return path


@pytest.fixture(scope="module")
def plan(exp_path):
    return make_plan(load_experiment(exp_path))


@pytest.fixture(scope="module")
def reference(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out"
    report = sweep(plan, out, workers=1, flush_every=7)
    assert report.done == len(plan.run_ids) == 36
    return comparable(out)


def comparable(out) -> pd.DataFrame:
    frame = Store.open(out).results().drop(columns=list(VOLATILE_COLUMNS))
    return frame.sort_values("run_id").reset_index(drop=True)


def raw_run_ids(out) -> list[str]:
    """Every run id in every part file, duplicates included."""
    ids = []
    for part in sorted((Path(out) / PARTS).glob("*.parquet")):
        if not part.name.startswith("."):
            ids += pq.read_table(part, columns=["run_id"]).column("run_id").to_pylist()
    return ids


def start(exp_path, out, *extra):
    # A session of its own, so SIGKILL reaches the sweep and its worker processes at once,
    # as when a batch system kills a job.
    return subprocess.Popen(
        [BPSIM, "sweep", str(exp_path), "--out", str(out), "--flush-every", "3",
         "--no-progress", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, cwd=REPO,
    )  # fmt: skip


def kill_after_parts(proc, out, parts: int, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if len(list((Path(out) / PARTS).glob("part-*.parquet"))) >= parts:
            break
        if proc.poll() is not None:
            pytest.fail(f"sweep ended before it could be killed: {proc.stderr.read()}")
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.slow  # starts, kills and restarts real sweep processes
def test_kill_9_twice_then_resume_equals_an_uninterrupted_sweep(
    exp_path, plan, reference, tmp_path
):
    out = tmp_path / "out"
    proc = start(exp_path, out, "--workers", "2")
    kill_after_parts(proc, out, 2)
    assert proc.returncode == -signal.SIGKILL
    first = len(set(raw_run_ids(out)))
    assert 0 < first < 36
    # Killed again while resuming (in-process this time: the engine does not matter).
    proc = start(exp_path, out, "--resume")
    kill_after_parts(proc, out, len(list((out / PARTS).glob("part-*.parquet"))) + 1)
    assert len(set(raw_run_ids(out))) < 36
    rc = main(
        ["sweep", "--workers", "1", str(exp_path), "--out", str(out), "--resume", "--no-progress"]
    )
    assert rc == 0
    ids = raw_run_ids(out)
    assert len(ids) == len(set(ids)) == 36  # nothing run twice, nothing lost
    pd.testing.assert_frame_equal(comparable(out), reference)
    sessions = Store.open(out).provenance["sessions"]
    assert len(sessions) == 3
    assert "finished" not in sessions[0] and "finished" not in sessions[1]
    assert sessions[2]["done"] == sessions[2]["runs_to_do"] > 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow  # starts a sweep process and its workers, and interrupts them
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_ends_the_workers_at_once_and_keeps_finished_runs(tmp_path):
    # The execution layer's rule for every verb: workers ignore Ctrl-C, the sweep
    # stores what finished, ends its workers without waiting and exits with 130.
    # Runs of 100 weeks, so that the sweep is still running when Ctrl-C comes (the
    # 20-week runs of the other tests can all finish between the first part and the
    # signal on a loaded machine: a sweep that ends first exits 0 and proves nothing).
    exp_path = tmp_path / "long.toml"
    exp_path.write_text(EXPERIMENT.replace("steps = 20", "steps = 100"))
    plan = make_plan(load_experiment(exp_path))
    reference = tmp_path / "reference"
    assert sweep(plan, reference, workers=1, flush_every=36).done == 36
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [BPSIM, "sweep", str(exp_path), "--out", str(out), "--flush-every", "1",
         "--no-progress", "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        cwd=REPO, preexec_fn=as_from_a_terminal,
    )  # fmt: skip
    try:
        end = time.monotonic() + 120
        while not list((out / PARTS).glob("part-*.parquet")) and time.monotonic() < end:
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.05)
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        err = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert workers, "no worker processes were seen"
    for pid in workers:
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "zombie" in status.read_text()
    stored = len(set(raw_run_ids(out)))
    assert 0 < stored <= 36
    assert main(["sweep", "--workers", "1", str(exp_path), "--out", str(out), "--resume",
                 "--no-progress"]) == 0  # fmt: skip
    ids = raw_run_ids(out)
    assert len(ids) == len(set(ids)) == 36
    pd.testing.assert_frame_equal(comparable(out), comparable(reference))


def test_crash_leftovers_cannot_lose_or_double_runs(plan, reference, tmp_path):
    out = tmp_path / "out"
    sweep(plan, out, flush_every=7)
    parts = sorted((out / PARTS).glob("part-*.parquet"))
    # A kill while writing a part leaves only its temporary file: the part never counted.
    parts[-1].rename(out / PARTS / f".{parts[-1].name}.4242.tmp")
    (out / PARTS / ".part-0001-000099.parquet.4243.tmp").write_bytes(b"PAR1 half a file")
    # A kill between writing a part and updating the manifest: the manifest lags.
    (out / "manifest.json").write_text(json.dumps({"parts": [], "rows": 0}))
    # A part that somehow exists twice (say, copied back by hand).
    shutil.copy(parts[0], out / PARTS / "part-0009-000001.parquet")
    store = Store.open(out)
    assert (
        len(store.status())
        == 36 - pq.read_metadata(out / PARTS / f".{parts[-1].name}.4242.tmp").num_rows
    )
    report = sweep(plan, out, resume=True, flush_every=7)
    assert report.done == 36 - report.skipped and report.failed == 0
    assert not list((out / PARTS).glob(".*.tmp"))
    pd.testing.assert_frame_equal(comparable(out), reference)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["rows"] == len(raw_run_ids(out))


FAILING = """
name = "failing"
scenario = "{baseline}"
replications = 2
steps = 10
[overrides]
n_households = 100
workers_per_1000 = 40
[factors]
procedure_steps_min = [2, 6]
procedure_steps_max = [4, 8]
"""


def test_a_failing_run_is_stored_with_its_error_and_the_sweep_goes_on(tmp_path, capsys):
    path = tmp_path / "failing.toml"
    path.write_text(FAILING.format(baseline=REPO / "scenarios" / "baseline.toml"))
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--dry-run"]) == 0
    assert "1 design point(s) combine values a scenario rejects" in capsys.readouterr().out
    rc = main(["sweep", "--workers", "1", str(path), "--out", str(out), "--no-progress"])
    printed = capsys.readouterr().out
    assert rc == 1  # finished, but not cleanly
    assert "done 6, failed 2" in printed and "failed run" in printed
    results = Store.open(out).table()
    failed = results[results["status"] == "failed"]
    assert len(failed) == 2
    assert set(zip(failed["procedure_steps_min"], failed["procedure_steps_max"], strict=True)) == {
        (6, 4)
    }
    assert failed["error"].str.contains("ScenarioError: parameter 'procedure_steps_max'").all()
    assert failed["traceback"].str.contains("Traceback").all()
    assert failed["take_up"].isna().all()
    assert results[results["status"] == "ok"]["take_up"].notna().all()
    # Resuming skips failed runs (they would fail the same way) unless asked to retry.
    assert (
        main(["sweep", "--workers", "1", str(path), "--out", str(out), "--resume", "--no-progress"])
        == 1
    )
    assert "done 0, failed 0" in capsys.readouterr().out
    args = [
        "sweep",
        "--workers",
        "1",
        str(path),
        "--out",
        str(out),
        "--resume",
        "--retry-failed",
        "--no-progress",
    ]
    assert main(args) == 1
    assert "done 0, failed 2" in capsys.readouterr().out
    assert len(Store.open(out).results()) == 8  # still one row per run


class FlakyExecutor(Executor):
    """Runs in-process, but the engine itself fails one chosen run, or breaks."""

    def __init__(self, bad: str, exc: BaseException):
        self.bad, self.exc = bad, exc

    def submit(self, fn, /, *args, **kwargs):
        fut = Future()
        if args[0].run_id == self.bad:
            fut.set_exception(self.exc)
        else:
            fut.set_result(fn(*args, **kwargs))
        return fut


def test_an_engine_failure_fails_only_that_run(plan, tmp_path):
    from bpsim.experiment.runner import create_store

    store = create_store(plan, tmp_path / "out")
    ids = plan.run_ids[:6]
    engine = Engine(FlakyExecutor(ids[2], RuntimeError("worker lost")), "flaky", 1)
    report = SweepReport(out=tmp_path / "out", engine="flaky", planned=6)
    run_tasks(plan.tasks(ids), store, engine, report, flush_every=4)
    assert (report.done, report.failed) == (5, 1)
    status = store.status()
    assert status[ids[2]] == "failed" and sum(s == "ok" for s in status.values()) == 5
    assert "engine: RuntimeError: worker lost" in report.failures[0][1]


def test_a_broken_engine_stops_the_sweep_with_finished_runs_saved(plan, tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    from bpsim.experiment.runner import create_store

    store = create_store(plan, tmp_path / "out")
    ids = plan.run_ids[:6]
    engine = Engine(FlakyExecutor(ids[3], BrokenProcessPool("a worker died")), "broken", 1)
    report = SweepReport(out=tmp_path / "out", engine="broken", planned=6)
    with pytest.raises(SweepAborted, match="--resume"):
        run_tasks(plan.tasks(ids), store, engine, report, flush_every=100)
    # Every run that finished is flushed, although the part was not full.
    assert set(store.status()) == set(ids[:3]) and report.done == 3


class BatchRecorder(Executor):
    """Runs each call in-process at once and records how many runs it carried.

    With `lost` set, the engine fails the call that carries that run (a lost worker).
    """

    def __init__(self, lost: str = ""):
        self.sizes: list[int] = []
        self.lost = lost

    def submit(self, fn, /, *args, **kwargs):
        batch = args[0] if isinstance(args[0], list) else [args[0]]
        self.sizes.append(len(batch))
        fut = Future()
        if any(task.run_id == self.lost for task in batch):
            fut.set_exception(RuntimeError("worker lost"))
        else:
            fut.set_result(fn(*args, **kwargs))
        return fut


def test_batcher_aims_at_calls_of_the_asked_length():
    batcher = Batcher(1.0, cap=64)
    assert batcher.size == 1  # nothing known yet
    batcher.observe([{"seconds": 0.1}, {"seconds": 0.1}])
    assert batcher.size == 10
    batcher.observe([{"seconds": 0.001}] * 5)  # a running mean: no jump to the cap at once
    assert 10 < batcher.size < 64
    for _ in range(30):
        batcher.observe([{"seconds": 0.001}])
    assert batcher.size == 64
    batcher.observe([{"run_id": "x", "status": "failed"}])  # engine failures carry no time
    assert batcher.size == 64
    for _ in range(30):
        batcher.observe([{"seconds": 5.0}])
    assert batcher.size == 1  # long runs: one per call
    unbatched = Batcher(None)
    unbatched.observe([{"seconds": 0.001}])
    assert unbatched.size == 1


def test_batched_calls_store_every_run_once_with_the_same_results(plan, reference, tmp_path):
    from bpsim.experiment.runner import create_store

    store = create_store(plan, tmp_path / "out")
    executor = BatchRecorder()
    # Tiny runs (tens of ms) and calls of 2 s: batches must grow well beyond one run.
    engine = Engine(executor, "batched", 1, batch_seconds=2.0)
    report = SweepReport(out=tmp_path / "out", engine="batched", planned=36)
    run_tasks(plan.tasks(plan.run_ids), store, engine, report, flush_every=5)
    assert executor.sizes[0] == 1 and max(executor.sizes) > 1
    assert sum(executor.sizes) == 36 and report.done == 36
    store.write_manifest()
    assert sorted(raw_run_ids(tmp_path / "out")) == sorted(plan.run_ids)
    pd.testing.assert_frame_equal(comparable(tmp_path / "out"), reference)


def test_a_lost_batch_fails_its_runs_and_only_those(plan, tmp_path):
    from bpsim.experiment.runner import create_store

    store = create_store(plan, tmp_path / "out")
    lost = plan.run_ids[20]
    executor = BatchRecorder(lost=lost)
    engine = Engine(executor, "lossy", 1, batch_seconds=2.0)
    report = SweepReport(out=tmp_path / "out", engine="lossy", planned=36)
    run_tasks(plan.tasks(plan.run_ids), store, engine, report, flush_every=5)
    status = store.status()
    failed = {rid for rid, st in status.items() if st == "failed"}
    # Exactly the runs of the call that carried the lost run, all with the engine's error.
    assert lost in failed and len(failed) == report.failed > 1
    assert len(status) == 36 and report.done == 36 - len(failed)
    assert all(err.startswith("engine: RuntimeError: worker lost") for _, err in report.failures)


def test_ctrl_c_keeps_every_run_that_finished(plan, tmp_path):
    from bpsim.experiment.runner import create_store

    store = create_store(plan, tmp_path / "out")
    ids = plan.run_ids[:6]
    # Two runs in flight: the first has finished but is not yet recorded when Ctrl-C
    # arrives while the second is being submitted.
    executor = FlakyExecutor("", RuntimeError("unused"))
    executor.submit = _raise_at(executor, ids[1])
    engine = Engine(executor, "interrupted", 1)
    report = SweepReport(out=tmp_path / "out", engine="interrupted", planned=6)
    with pytest.raises(KeyboardInterrupt):
        run_tasks(plan.tasks(ids), store, engine, report, flush_every=100)
    assert set(store.status()) == {ids[0]} and report.done == 1


def _raise_at(executor, rid):
    submit = type(executor).submit

    def patched(fn, task):
        if task.run_id == rid:
            raise KeyboardInterrupt
        return submit(executor, fn, task)

    return patched


def test_execute_run_reports_its_own_failure(plan):
    task = plan.task(plan.run_ids[0])
    bad = type(task)(**{**task.__dict__, "params": {**task.params, "workers_per_1000": 0.5}})
    row = execute_run(bad)
    assert row["status"] == "failed" and "workers_per_1000" in row["error"]
    assert row["error"].count("\n") == 0


def test_shards_merged_equal_the_unsharded_sweep(exp_path, plan, reference, tmp_path, capsys):
    for i in (1, 2, 3):
        args = [
            "sweep",
            "--workers",
            "1",
            str(exp_path),
            "--out",
            str(tmp_path / f"s{i}"),
            "--shard",
            f"{i}/3",
        ]
        assert main([*args, "--no-progress"]) == 0
    capsys.readouterr()
    # A missing shard is noticed...
    args = ["merge", str(tmp_path / "s1"), str(tmp_path / "s3"), "--out", str(tmp_path / "m")]
    assert main(args) == 2
    assert "shard(s) 2 of 3 are not among the folders" in capsys.readouterr().err
    assert main([*args[:-1], str(tmp_path / "partial"), "--partial"]) == 1
    assert " missing of 36" in capsys.readouterr().out
    # ...and the full set equals the unsharded sweep, run for run.
    shards = [str(tmp_path / f"s{i}") for i in (1, 2, 3)]
    assert main(["merge", *shards, "--out", str(tmp_path / "merged")]) == 0
    assert "36 ok, 0 failed, 0 missing of 36" in capsys.readouterr().out
    pd.testing.assert_frame_equal(comparable(tmp_path / "merged"), reference)
    # The partial merge is an ordinary store: resuming it fills in the missing shard.
    rc = main(["sweep", "--workers", "1", str(exp_path), "--out", str(tmp_path / "partial"),
               "--resume", "--no-progress"])  # fmt: skip
    assert rc == 0
    pd.testing.assert_frame_equal(comparable(tmp_path / "partial"), reference)


def test_merge_refuses_shards_of_different_sweeps(tmp_path):
    # One replication per design point (6 runs, not 36): the refusal is about which sweep
    # a shard belongs to, not how many runs it holds.
    one = tmp_path / "one.toml"
    one.write_text(EXPERIMENT.replace("replications = 6", "replications = 1"))
    other = tmp_path / "other.toml"
    other.write_text(one.read_text().replace("base_seed = 21", "base_seed = 22"))
    a = make_plan(load_experiment(one))
    b = make_plan(load_experiment(other))
    assert len(a.run_ids) == len(b.run_ids) == 6
    sweep(a, tmp_path / "a", shard=(1, 2))
    sweep(b, tmp_path / "b", shard=(2, 2))
    with pytest.raises(StoreError, match="different sweep"):
        merge([tmp_path / "a", tmp_path / "b"], tmp_path / "m")


def test_resume_refuses_another_sweep_shard_or_model_code(exp_path, plan, tmp_path, capsys):
    out = tmp_path / "out"
    sweep(plan, out, shard=(1, 4))
    # In this process (--workers 1): what is checked here does not depend on the engine.
    base = ["sweep", "--workers", "1", str(exp_path), "--out", str(out), "--no-progress"]
    assert main(base + ["--shard", "1/4"]) == 2
    assert "already holds a sweep" in capsys.readouterr().err
    assert main(base + ["--resume"]) == 2
    assert "was started with --shard 1/4, not no --shard" in capsys.readouterr().err
    changed = tmp_path / "changed.toml"
    changed.write_text(EXPERIMENT.replace("replications = 6", "replications = 7"))
    assert (
        main(
            [
                "sweep",
                "--workers",
                "1",
                str(changed),
                "--out",
                str(out),
                "--resume",
                "--shard",
                "1/4",
            ]
        )
        == 2
    )
    assert "holds a different sweep" in capsys.readouterr().err
    prov = json.loads((out / "provenance.json").read_text())
    prov["code_sha256"] = "0" * 64
    (out / "provenance.json").write_text(json.dumps(prov))
    assert main(base + ["--resume", "--shard", "1/4"]) == 2
    assert "different model code" in capsys.readouterr().err
    assert main(base + ["--resume", "--shard", "1/4", "--allow-code-change"]) == 0


def test_provenance_is_stored(plan, reference, tmp_path):
    out = tmp_path / "out"
    sweep(plan, out, shard=(2, 4))
    prov = Store.open(out).provenance
    assert prov["bpsim_version"] and prov["code_sha256"] and prov["plan_sha256"] == plan.sha256
    assert prov["kind"] == "sweep" and prov["source"] == "checkout"
    assert len(prov["uv_lock"]["sha256"]) == 64
    assert len(prov["git"]["commit"]) == 40
    assert prov["experiment"]["sha256"] == prov["experiment_sha256"]
    assert prov["seeds"] == plan.seeds and prov["base_seed"] == 21
    assert (out / "experiment.toml").read_text() == EXPERIMENT
    assert prov["shard"] == [2, 4]
    assert all(v for v in prov["scenario_files"].values())
