"""The execution layer: one rule for starting workers, keyed runs on every engine."""

import gc
import threading

import pandas as pd
import pytest

from bpsim.core.scenario import Scenario, ScenarioError
from bpsim.experiment import runner
from bpsim.machinery import execution
from bpsim.validation.runner import run_arm
from tests.conftest import SMALL

TINY = {**SMALL, "n_households": 120, "steps": 8}


def same(a: dict, b: dict) -> None:
    """Equal results by key (NaN equal to NaN: an outcome undefined in both)."""
    assert sorted(a) == sorted(b)
    keys = sorted(a)
    pd.testing.assert_frame_equal(
        pd.DataFrame([a[k] for k in keys]), pd.DataFrame([b[k] for k in keys])
    )


def _jobs(n: int = 4):
    sc = Scenario.from_mapping(TINY, name="tiny")
    return [((i,), (sc, 100 + i, 8)) for i in range(n)]


def test_the_sweep_runner_s_engines_are_the_execution_layer_s():
    # Sweeps (runner) once had engines of their own, apart from compare's and validation's.
    assert runner.Engine is execution.Engine and runner.open_engine is execution.open_engine
    assert runner.Batcher is execution.Batcher


def test_workers_are_forked_only_while_no_other_thread_runs(monkeypatch):
    if "fork" not in execution.multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    # The test runner has threads of its own; what counts is the rule on the count.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert execution.start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert execution.start_method() == "forkserver"


def test_in_process_runs_report_progress_and_results_by_key():
    seen = []
    results = {}
    with execution.RunPool(run_arm, 1) as pool:
        pool.run(_jobs(3), results, lambda done, total: seen.append((done, total)))
    assert sorted(results) == [(0,), (1,), (2,)]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    again = execution.map_runs(run_arm, _jobs(3), workers=1, show_progress=False)
    same(again, results)


def test_meanwhile_is_called_once_before_in_process_runs():
    order = []
    results = {}

    def meanwhile():
        order.append(("meanwhile", len(results)))

    with execution.RunPool(run_arm, 1) as pool:
        pool.run(
            _jobs(3), results, lambda done, _: order.append(("done", done)), meanwhile=meanwhile
        )
    # In this process nothing runs alongside: it comes first, and only once.
    assert order[0] == ("meanwhile", 0) and order.count(("meanwhile", 0)) == 1
    assert sorted(results) == [(0,), (1,), (2,)]


@pytest.mark.slow  # starts a pool of worker processes
def test_meanwhile_runs_while_the_workers_run_and_loses_no_result():
    calls = []
    alone = execution.map_runs(run_arm, _jobs(), workers=1, show_progress=False)
    results = {}
    with execution.RunPool(run_arm, 2) as pool:
        pool.run(_jobs(), results, meanwhile=lambda: calls.append((pool.engine.name, len(results))))
    # Once, on the worker processes, before any result was handed over (not after the runs).
    assert len(calls) == 1 and calls[0][0] != "in-process" and calls[0][1] == 0
    same(results, alone)


def _frozen(_: int) -> int:
    """How many objects this process keeps out of its collections (a job for a worker)."""
    return gc.get_freeze_count()


def test_workers_keep_what_they_inherited_out_of_their_collections():
    results: dict = {}
    with execution.RunPool(_frozen, 2) as pool:
        pool.run([((i,), (i,)) for i in range(2)], results)
        engine = pool.engine.name
    # Frozen at the worker's start: the parent's imports are never walked by a collection.
    assert engine != "in-process" and all(n > 1000 for n in results.values())


def test_ready_freezes_a_worker_only_when_asked():
    gc.unfreeze()
    try:
        execution.ready(0)
        assert gc.get_freeze_count() == 0  # a worker of a cluster bpsim only connects to
        execution.ready(0, freeze=True)
        assert gc.get_freeze_count() > 1000  # a worker of a cluster started here
    finally:
        gc.unfreeze()


def test_forked_work_gives_the_result_of_the_work_done_here(monkeypatch):
    if not hasattr(execution.os, "fork"):
        pytest.skip("no fork on this platform")
    parent = execution.os.getpid()
    # The test runner has threads of its own; what counts is the rule on the count.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    forked = execution.Forked(lambda x, y=0: (execution.os.getpid(), x + y), 2, y=3)
    assert forked._pid is not None  # the work went to a child
    pid, value = forked.result()
    assert value == 5 and pid != parent
    assert forked.result() == (pid, 5)  # kept, not asked again


def test_work_that_fails_in_the_child_is_done_again_here(monkeypatch):
    if not hasattr(execution.os, "fork"):
        pytest.skip("no fork on this platform")
    parent = execution.os.getpid()
    monkeypatch.setattr(threading, "active_count", lambda: 1)

    def only_here():
        if execution.os.getpid() != parent:
            raise RuntimeError("child")
        return "here"

    assert execution.Forked(only_here).result() == "here"

    def fails_everywhere():
        raise ValueError("the work's own error")

    with pytest.raises(ValueError, match="own error"):
        execution.Forked(fails_everywhere).result()


def test_a_child_sends_more_than_a_pipe_holds_and_ignores_ctrl_c(monkeypatch):
    if not hasattr(execution.os, "fork"):
        pytest.skip("no fork on this platform")
    import signal
    import time

    monkeypatch.setattr(threading, "active_count", lambda: 1)
    parent = execution.os.getpid()

    def slow_and_large():
        time.sleep(0.3)
        return execution.os.getpid(), b"x" * (1 << 20)  # a figure's size, far past 64 KiB

    forked = execution.Forked(slow_and_large)
    execution.os.kill(forked._pid, signal.SIGINT)  # Ctrl-C is the parent's to act on
    pid, payload = forked.result()
    assert pid != parent and len(payload) == 1 << 20  # the child finished its work


def test_leaving_the_block_without_the_result_stops_and_reaps_the_child(monkeypatch):
    if not hasattr(execution.os, "fork"):
        pytest.skip("no fork on this platform")
    import time

    monkeypatch.setattr(threading, "active_count", lambda: 1)
    with (
        pytest.raises(RuntimeError, match="caller's own"),
        execution.Forked(time.sleep, 30) as forked,
    ):
        child = forked._pid
        raise RuntimeError("the caller's own work failed")
    with pytest.raises(ChildProcessError):  # gone, and reaped: no zombie left behind
        execution.os.waitpid(child, execution.os.WNOHANG)


def test_work_is_done_here_when_no_process_can_be_forked(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    opened = []
    real_pipe = execution.os.pipe

    def pipe():
        opened.extend(real_pipe())
        return opened[-2], opened[-1]

    def no_room():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(execution.os, "pipe", pipe)
    monkeypatch.setattr(execution.os, "fork", no_room)
    forked = execution.Forked(execution.os.getpid)
    assert forked.result() == execution.os.getpid()
    for fd in opened:  # both ends closed again
        with pytest.raises(OSError):
            execution.os.fstat(fd)


def test_work_is_done_here_when_asked_where_forking_is_not_safe(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    calls = []
    with execution.Forked(lambda: calls.append("work") or execution.os.getpid()) as forked:
        calls.append("the caller's own work")  # first, as beside a child
        assert forked._pid is None and forked.result() == execution.os.getpid()
    assert calls == ["the caller's own work", "work"]


def test_work_left_without_its_result_is_not_done_where_forking_is_not_safe(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    calls = []
    with pytest.raises(RuntimeError), execution.Forked(calls.append, "work"):
        raise RuntimeError("the caller's own work failed")
    assert calls == []


def test_a_run_that_raises_stops_the_pool_with_its_own_error():
    sc = Scenario.from_mapping(TINY, name="tiny")
    with pytest.raises(ScenarioError, match="seed"), execution.RunPool(run_arm, 1) as pool:
        pool.run([((0,), (sc, 1, 8)), ((1,), (sc, "not a seed", 8))], {})


def test_flight_keeps_at_most_its_window_and_batches_as_told():
    sizes = []

    class Recorder(execution.InProcessExecutor):
        def submit(self, fn, /, *args, **kwargs):
            sizes.append(len(args[0]))
            return super().submit(fn, *args, **kwargs)

    engine = execution.Engine(Recorder(), "recorder", 1, batch_seconds=1.0)
    flight = execution.Flight(engine, range(10), lambda ex, batch: ex.submit(list, batch))
    flight.batcher.observe_seconds([0.25])  # four runs make a second
    got = []
    flight.refill()
    while flight:
        for _, fut in flight.finished():
            got += fut.result()
        flight.refill()
    assert got == list(range(10)) and sizes == [4, 4, 2]


@pytest.mark.slow  # starts a pool of worker processes
def test_local_processes_give_the_in_process_results():
    alone = execution.map_runs(run_arm, _jobs(), workers=1, show_progress=False)
    same(execution.map_runs(run_arm, _jobs(), workers=2, show_progress=False), alone)


@pytest.mark.cluster
def test_keyed_runs_on_a_dask_local_cluster_give_the_in_process_results():
    # compare and validation can use Dask through the same layer as sweeps.
    alone = execution.map_runs(run_arm, _jobs(), workers=1, show_progress=False)
    on_dask = execution.map_runs(run_arm, _jobs(), workers=2, show_progress=False, dask="local")
    same(on_dask, alone)
