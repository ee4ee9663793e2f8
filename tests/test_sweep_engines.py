"""The same sweep gives identical results in-process, in a process pool and on Dask clusters."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bpsim
from bpsim.cli import main
from bpsim.experiment.design import make_plan
from bpsim.experiment.runner import sweep
from bpsim.experiment.spec import load_experiment
from bpsim.machinery.store import VOLATILE_COLUMNS, Store

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

TINY = f"""
name = "tiny"
scenario = "{REPO / "scenarios" / "baseline.toml"}"
replications = 3
steps = 15
base_seed = 3
outcomes = ["take_up", "trust", "unmet_need", "worker_burnout", "best_person_retention"]
[overrides]
n_households = 150
workers_per_1000 = 40
[factors]
rule_burden = [0.2, 0.8]
freedom_of_movement = [0.1, 0.9]
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("exp") / "tiny.toml"
    path.write_text(TINY)
    return make_plan(load_experiment(path))


@pytest.fixture(scope="module")
def reference(plan, tmp_path_factory):
    """The in-process sweep: the results every other engine must match exactly."""
    out = tmp_path_factory.mktemp("ref") / "out"
    report = sweep(plan, out, workers=1, flush_every=5)
    assert report.done == 12 and report.failed == 0
    return comparable(out)


def comparable(out) -> pd.DataFrame:
    """Stored results, sorted by run id, without what depends on where or when a run ran."""
    frame = Store.open(out).results().drop(columns=list(VOLATILE_COLUMNS))
    return frame.sort_values("run_id").reset_index(drop=True)


def test_in_process_results_are_the_model_s_own(plan, reference):
    # Every stored value is what bpsim.run gives for that run's parameters and seed.
    for rid in plan.run_ids[:4]:
        task = plan.task(rid)
        final = bpsim.run(dict(task.params), seed=task.seed).final
        row = reference.set_index("run_id").loc[rid]
        for name in task.outcomes:
            assert row[name] == final[name] or (np.isnan(row[name]) and np.isnan(final[name]))
    assert len(reference) == len(plan.run_ids) and reference["run_id"].is_unique


@pytest.mark.slow  # starts a pool of worker processes
def test_process_pool_matches(plan, reference, tmp_path):
    report = sweep(plan, tmp_path / "out", workers=2, flush_every=4)
    assert report.engine == "2 local processes" and report.done == 12
    pd.testing.assert_frame_equal(comparable(tmp_path / "out"), reference)


@pytest.mark.cluster
def test_dask_local_cluster_matches(plan, reference, tmp_path):
    report = sweep(plan, tmp_path / "out", workers=2, dask="local", flush_every=4)
    assert report.engine.startswith("Dask LocalCluster") and report.done == 12
    pd.testing.assert_frame_equal(comparable(tmp_path / "out"), reference)
    workers = set(Store.open(tmp_path / "out").results()["worker"])
    assert os.getpid() not in {int(w.rsplit(":", 1)[1]) for w in workers}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"no scheduler on port {port}")


def _stop(procs) -> None:
    for proc in reversed(procs):
        proc.terminate()
    for proc in reversed(procs):
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def dask_cluster(tmp_path):
    """A `dask scheduler` and a `dask worker`, started as separate processes on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--no-dashboard"]  # fmt: skip
    worker = [BIN / "dask", "worker", address, "--host", "127.0.0.1", "--nworkers", "2",
              "--nthreads", "1", "--no-dashboard"]  # fmt: skip
    procs = []
    with open(tmp_path / "scheduler.log", "w") as slog, open(tmp_path / "worker.log", "w") as wlog:
        try:
            procs.append(
                subprocess.Popen(scheduler, stdout=slog, stderr=subprocess.STDOUT, cwd=REPO)
            )
            _wait_for_port(port, procs[0])
            procs.append(subprocess.Popen(worker, stdout=wlog, stderr=subprocess.STDOUT, cwd=REPO))
            yield address
        finally:
            _stop(procs)


@pytest.mark.cluster
def test_dask_scheduler_and_worker_processes_match(plan, reference, tmp_path, dask_cluster):
    out = tmp_path / "out"
    rc = main(["sweep", str(plan.experiment.path), "--out", str(out), "--dask", dask_cluster,
               "--dask-timeout", "60", "--flush-every", "4", "--no-progress"])  # fmt: skip
    assert rc == 0
    pd.testing.assert_frame_equal(comparable(out), reference)
    prov = Store.open(out).provenance
    assert prov["sessions"][0]["engine"].startswith(f"Dask scheduler {dask_cluster}")


@pytest.mark.cluster
def test_unreachable_scheduler_is_a_usage_error(plan, tmp_path, capsys):
    address = f"tcp://127.0.0.1:{_free_port()}"
    rc = main(["sweep", "--workers", "1", str(plan.experiment.path), "--out", str(tmp_path / "out"),
               "--dask", address, "--dask-timeout", "1"])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2 and "cannot connect to a Dask scheduler" in err and err.count("\n") == 1
    assert not Store.exists(tmp_path / "out")  # nothing half-made to trip a later --resume
