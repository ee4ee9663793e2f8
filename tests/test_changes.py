"""Compare over time: when a difference first shows after a policy changes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bpsim.comparison.changes import CLEAR_RUN, onset_table
from bpsim.comparison.figures import plot_trajectories
from bpsim.comparison.paired import trajectory_summary
from bpsim.comparison.report import change_text
from bpsim.core.scenario import Scenario


def _pair(change_week: int = 10):
    ref = Scenario.from_mapping({"steps": 30}, name="ref")
    later = Scenario.from_mapping(
        {"steps": 30}, name="later", timeline=[{"week": change_week, "training": 1.0}]
    )
    return ref, later


def _timeseries(effect_from: int, effect: float, noise: float = 0.01) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for rep in range(8):
        base = rng.normal(0.5, 0.05, 31)
        for name in ("ref", "later"):
            shift = np.where(np.arange(31) >= effect_from, effect, 0.0) if name == "later" else 0
            values = base + shift + (rng.normal(0, noise, 31) if name == "later" else 0)
            for step in range(31):
                rows.append(
                    {"scenario": name, "replication": rep, "seed": rep, "step": step,
                     "take_up": values[step], "made_up_outcome": values[step]}
                )  # fmt: skip
    return pd.DataFrame(rows)


def test_the_difference_is_clear_from_the_week_the_effect_starts():
    ref, later = _pair(10)
    table = onset_table(_timeseries(16, 0.2), [ref, later], outcomes=("take_up",))
    row = table.iloc[0]
    assert row["change_week"] == 10
    assert row["clear_week"] == 16 and row["weeks_after"] == 6
    assert abs(row["diff_at_clear"] - 0.2) < 0.02
    # In the meantime (weeks 10-15) there was no difference but noise.
    assert abs(row["meanwhile"]) < 0.01 and row["weeks_meanwhile"] == 6


def test_no_effect_is_never_clear_and_scenarios_without_changes_give_nothing():
    ref, later = _pair(10)
    table = onset_table(_timeseries(99, 0.0), [ref, later], outcomes=("take_up",))
    assert np.isnan(table.iloc[0]["clear_week"])
    plain = Scenario.from_mapping({"steps": 30}, name="later")
    assert onset_table(_timeseries(5, 0.2), [ref, plain]).empty


def test_a_made_up_outcome_flows_through():
    ref, later = _pair(10)
    table = onset_table(_timeseries(12, 0.3), [ref, later], outcomes=("made_up_outcome", "nope"))
    assert list(table["outcome"]) == ["made_up_outcome"]
    assert table.iloc[0]["clear_week"] == 12
    assert CLEAR_RUN >= 2


def test_trajectory_figure_marks_every_change_on_every_panel():
    ts = _timeseries(12, 0.3)
    traj = trajectory_summary(ts)
    fig = plot_trajectories(
        traj, ["ref", "later"], outcomes=("take_up", "made_up_outcome"), changes={"later": (10, 20)}
    )
    for ax in fig.axes[:2]:
        vertical = [ln for ln in ax.lines if len(set(ln.get_xdata())) == 1]
        assert sorted(ln.get_xdata()[0] for ln in vertical) == [10, 20]


def test_change_text_in_both_languages():
    sc = Scenario.from_mapping(
        {"steps": 200},
        timeline=[{"week": 53, "freedom_of_movement": 0.9}],
        events=[{"week": 105, "remove_best_persons": "everyday_doer", "number": 2}],
    )
    en, nl = change_text(sc, "en"), change_text(sc, "nl")
    assert en == [
        "week 53: Freedom of movement = 0.90",
        "week 105: 2 of the best persons of type everyday doer leave",
    ]
    assert nl[0] == "week 53: Bewegingsvrijheid = 0,90" and "vertrekken" in nl[1]


def test_compare_writes_onsets_marks_changes_and_keeps_the_timeline(tmp_path):
    from bpsim.comparison import compare, load_comparison, write_report
    from tests.conftest import SMALL

    ref = Scenario.from_mapping({**SMALL, "steps": 16}, name="ref")
    later = ref.with_overrides({}, name="later").with_timeline(
        [{"week": 8, "freedom_of_movement": 1.0}], [{"week": 12, "remove_best_persons": "all"}]
    )
    result = compare([ref, later], replications=2, workers=1)
    write_report(result, tmp_path, "en")
    onsets = pd.read_csv(tmp_path / "onsets.csv")
    assert set(onsets["change_week"]) == {8}
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Changes in time" in html and "week 12: all best persons leave" in html
    back = load_comparison(tmp_path)
    assert back.scenarios[1].timeline == later.timeline
    assert back.scenarios[1].events == later.events


def test_dashboard_plots_mark_lever_changes_on_every_panel():
    from bpsim.dashboard.drawing import BandPlots, OutcomePlots

    outcomes = ("take_up", "trust", "made_up_outcome")
    series = {name: np.linspace(0.4, 0.6, 30) for name in outcomes}
    plots = OutcomePlots(outcomes, cols=3)
    assert plots.png([series], 60, "nl", changes=(10, 25, 90))[:4] == b"\x89PNG"
    for ax in plots.axes:
        assert sorted(ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--") == [
            10,
            25,
        ]
    plots.png([series], 60, "en", changes=())  # markers go when the changes go
    assert not any(ln.get_linestyle() == "--" for ax in plots.axes for ln in ax.lines)
    bands = {
        "A": {n: (v, v - 0.05, v + 0.05) for n, v in series.items()},
        "B": {n: (v + 0.01, v - 0.04, v + 0.06) for n, v in series.items()},
    }
    band_plots = BandPlots(outcomes)
    band_plots.png(bands, {"A": "#b2182b", "B": "#2166ac"}, 60, "en", changes={"B": (20,)})
    for ax in band_plots.axes:
        dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
        assert [ln.get_xdata()[0] for ln in dashed] == [20]
        assert dashed[0].get_color() == "#2166ac"


def test_a_scenario_differing_only_in_time_is_not_called_identical(capsys):
    from bpsim.cli.compare import warn_identical

    ref, later = _pair(10)
    assert warn_identical([ref, later], "en") == []
    assert warn_identical([ref, ref.with_overrides({}, name="copy")], "en") == [("ref", "copy")]
