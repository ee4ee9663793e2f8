"""``bpsim bench``: its targets judged from measurements, and its bad input."""

from __future__ import annotations

import statistics

import pytest

from bpsim.cli import bench, main


def row(households: int, seconds: float, peak_mb: float, steps: int = 260) -> dict:
    """One measurement as :func:`bench.measure` returns it (only the keys verdicts read)."""
    return {
        "households": households,
        "steps": steps,
        "seconds": seconds,
        "microseconds_per_household_week": seconds / (households * steps) * 1e6,
        "peak_rss_mb": peak_mb,
    }


def test_linear_cost_and_small_memory_meet_every_target():
    found = bench.verdicts([row(2000, 0.8, 250), row(100_000, 44.0, 480)])
    assert [ok for _, ok in found] == [True, True, True]
    sentences = " | ".join(s for s, _ in found)
    assert "at 100,000 / at 2,000" in sentences and "(1.10)" in sentences
    assert "one run at 100,000 households < 500 MB: met (480 MB" in sentences


def test_cost_per_household_growing_twice_is_not_linear():
    found = dict(bench.verdicts([row(2000, 0.8, 250), row(100_000, 80.0, 480)]))
    (linear,) = [ok for s, ok in found.items() if "linear" in s]
    assert linear is False


def test_memory_over_the_target_is_missed_at_the_largest_size_only():
    found = bench.verdicts([row(2000, 0.8, 900), row(100_000, 40.0, 501)])
    memory = [(s, ok) for s, ok in found if "memory" in s]
    assert memory == [(memory[0][0], False)] and "100,000 households" in memory[0][0]


def test_linearity_is_judged_against_2000_households_when_run():
    found = bench.verdicts([row(500, 0.1, 200), row(2000, 0.8, 250), row(20_000, 8.0, 300)])
    (linear,) = [s for s, _ in found if "linear" in s]
    assert "at 20,000 / at 2,000" in linear


def test_speed_is_judged_against_mesa_at_2000_and_20000_households():
    rows = [row(2000, 0.5, 250), row(5000, 1.2, 260), row(20_000, 2.0, 300)]
    for r, ratio in zip(rows, (10.5, 3.0, 19.9), strict=True):
        r["ratio_to_mesa"] = ratio
    speed = [(s, ok) for s, ok in bench.verdicts(rows) if "Mesa" in s]
    assert [ok for _, ok in speed] == [True, False]
    assert "at 2,000 households >= 10x Mesa's Boltzmann example: met (10.50x)" in speed[0][0]
    assert "at 20,000 households >= 20x Mesa's Boltzmann example: MISSED (19.90x)" in speed[1][0]


def test_the_default_scenario_time_is_judged_on_the_first_run_in_a_process():
    first = row(2000, 0.4, 250)
    first["first_run_seconds"] = 2.3
    (default,) = [(s, ok) for s, ok in bench.verdicts([first]) if "default scenario" in s]
    assert default == ("default scenario <= 2.0 s: MISSED (2.30 s, first run in a process)", False)


def test_speed_is_not_judged_on_shorter_runs():
    short = row(2000, 0.1, 250, steps=52)
    short["ratio_to_mesa"] = 50.0
    assert not any("Mesa" in s for s, _ in bench.verdicts([short]))


def test_one_size_judges_no_linearity():
    found = bench.verdicts([row(2000, 0.8, 250)])
    assert not any("linear" in s for s, _ in found)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--households", "10"], "--households 10: must be at least 50"),
        (["--sizes", "2000,lots"], "--sizes '2000,lots': expected whole numbers"),
        (["--households", "100000", "--steps", "0"], "--steps and --repeat must be at least 1"),
    ],
)
def test_bad_bench_input_gets_one_line_and_exit_2(args, needle, capsys):
    assert main(["bench", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_households_and_sizes_cannot_both_be_given(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["bench", "--households", "100000", "--sizes", "2000"])
    assert stop.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


@pytest.mark.slow
def test_the_ratio_to_mesa_is_the_median_of_pairs_timed_back_to_back():
    """Each process times `PAIRS` steady runs, each next to Mesa's example; a size's ratio
    is the median over its processes, its time the fastest steady run."""
    (r,) = bench.measure([150], steps=5, repeat=2)
    ratios = r["pair_ratios"]
    assert len(ratios) == len(r["mesa_agent_steps_per_second"]) == 2 * bench.PAIRS
    assert r["ratio_to_mesa"] == statistics.median(ratios)
    assert (r["ratio_low"], r["ratio_high"]) == (min(ratios), max(ratios))
    # The time is a steady run's, and the resident-steps per second are of that run.
    assert r["resident_steps_per_second"] == pytest.approx(150 * 5 / r["seconds"])
