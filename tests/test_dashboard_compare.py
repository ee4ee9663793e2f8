"""Dashboard without a browser: the compare and results pages, and the whole app.

As in test_dashboard.py (the explore and scenarios pages, and the dashboard's parts):
components rendered in a virtual Solara kernel against a small neighbourhood.
"""

from __future__ import annotations

import io
import time
import uuid

import ipyvuetify as v
import numpy as np
import PIL.Image
import pytest
import solara
from solara.components.file_download import FileDownloadWidget
from solara.server import kernel, kernel_context

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.seeds import replication_seeds
from bpsim.dashboard import drawing, export
from bpsim.dashboard.pages import compare as compare_page
from bpsim.dashboard.pages import explore as explore_page
from bpsim.dashboard.workbench import Workbench
from bpsim.machinery.figures import MAIN_OUTCOMES
from tests.dashboard_kit import (
    SMALL,
    images,
    lever_slider,
    texts,
    wait_for,
    week_text,
    with_class,
)

# --- Compare ----------------------------------------------------------------------------------


@pytest.fixture
def benches(monkeypatch):
    """Every Workbench the page creates."""
    made = []
    original = Workbench.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Workbench, "__init__", init)
    return made


def test_compare_starts_with_two_lever_settings_and_their_bands(folders, session, benches):
    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    # No restricted.toml in this folder: two lever settings, restricted and open.
    assert [e.scenario["freedom_of_movement"] for e in bench.entries] == [0.1, 0.9]
    assert bench.runs == compare_page.FIRST_RUNS and len(set(bench.seeds)) == bench.runs
    assert bench.seeds == tuple(replication_seeds(0, bench.runs))  # as bpsim compare --seed 0
    before = images(rc, "bands")[0].value
    for _ in range(3):
        with_class(rc, "bpsim-step")[0].click()
    assert bench.week == 3 and "Week 3 of 30" in week_text(rc)
    assert images(rc, "bands")[0].value != before
    bands = bench.bands()
    assert set(bands.columns) >= {"scenario", "step", "outcome", "mean", "low", "high", "n"}
    finite = bands.dropna(subset=["mean"])
    assert (finite["low"] <= finite["mean"] + 1e-12).all()
    assert (finite["mean"] <= finite["high"] + 1e-12).all()
    assert finite["n"].between(1, bench.runs).all()
    assert (finite.loc[finite["outcome"] == "trust", "n"] == bench.runs).all()
    # The runs differ between seeds: a band has width somewhere.
    assert (finite["high"] - finite["low"]).max() > 0


def test_compare_takes_scenario_files_and_up_to_four(folders, session, benches):
    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    choice = with_class(rc, "bpsim-slot-choice", v.Select)
    assert choice[0].items == ["baseline.toml", "open.toml", "(levers set here)"]
    choice[1].v_model = "open.toml"
    assert bench.labels == ["levers 1", "open"]
    assert bench.entries[1].scenario["freedom_of_movement"] == pytest.approx(0.9)
    with_class(rc, "bpsim-add-slot")[0].click()
    with_class(rc, "bpsim-add-slot")[0].click()
    assert len(bench.entries) == 4 and not with_class(rc, "bpsim-add-slot")
    with_class(rc, "bpsim-slot-choice", v.Select)[2].v_model = "open.toml"
    assert bench.labels[2] == "open (again)"  # one label, one colour, per scenario
    with_class(rc, "bpsim-slot-remove")[0].click()
    assert len(bench.entries) == 3


def test_runs_per_scenario_out_of_range_is_refused_with_one_line(folders, session, benches):
    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    runs = with_class(rc, "bpsim-runs", v.TextField)[0]
    runs.v_model = "3"
    runs.fire_event("focusout", None)  # the field reports its value when left
    assert bench.runs == 3 and len(bench.seeds) == 3
    runs = with_class(rc, "bpsim-runs", v.TextField)[0]
    runs.v_model = "50"
    runs.fire_event("focusout", None)
    error = str(with_class(rc, "bpsim-error", v.Alert)[0].children)
    assert "50" in error and "1 to 20" in error
    assert bench.runs == 3


def test_a_lever_change_mid_run_restarts_with_a_note_and_fresh_axes(folders, session, benches):
    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    for _ in range(2):
        with_class(rc, "bpsim-step")[0].click()
    assert not with_class(rc, "bpsim-restart-note", v.Alert)
    sliders = [s for s in rc.find(v.Slider).widgets if s.attributes["data-lever"] == "rule_burden"]
    sliders[1].fire_event("change", 0.2)
    assert bench.week == 2  # asked first
    assert "Apply from week 3" in with_class(rc, "bpsim-lever-apply")[0].children
    with_class(rc, "bpsim-lever-restart")[0].click()
    assert bench.week == 0
    assert bench.entries[1].scenario["rule_burden"] == pytest.approx(0.2)
    assert not bench.entries[1].scenario.timeline
    note = str(with_class(rc, "bpsim-restart-note", v.Alert)[0].children)
    assert "week 2" in note and "rule burden" in note and "0.20" in note


def test_a_lever_applied_mid_run_changes_that_scenarios_runs_from_the_next_week(
    folders, session, benches, monkeypatch
):
    import pandas as pd

    drawn = []
    png, reset = drawing.BandPlots.png, drawing.BandPlots.reset

    def spy_png(self, *args, changes=None, **kwargs):
        drawn.append(dict(changes or {}))
        return png(self, *args, changes=changes, **kwargs)

    resets = []
    monkeypatch.setattr(drawing.BandPlots, "png", spy_png)
    monkeypatch.setattr(drawing.BandPlots, "reset", lambda self: resets.append(1) or reset(self))
    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    for _ in range(2):
        with_class(rc, "bpsim-step")[0].click()
    first = bench.entries[0].scenario
    lever_slider(rc, "rule_burden", 1).fire_event("change", 0.2)
    with_class(rc, "bpsim-lever-apply")[0].click()
    assert bench.week == 2  # the runs go on
    changed = bench.entries[1].scenario
    assert [(c.week, c.levers) for c in changed.timeline] == [(3, {"rule_burden": 0.2})]
    assert bench.entries[0].scenario is first  # the other scenario is untouched
    models = bench._build()
    assert all(m.p.rule_burden == pytest.approx(0.2) for m in models[1])
    assert all(m.p.rule_burden == pytest.approx(first["rule_burden"]) for m in models[0])
    labels = bench.labels
    assert drawn[-1] == {labels[0]: (), labels[1]: (3,)}  # the marker on scenario 2's plots
    assert resets  # the axes follow the data again
    assert "From week 3 on" in str(with_class(rc, "bpsim-restart-note", v.Alert)[0].children)
    assert lever_slider(rc, "rule_burden", 1).v_model == pytest.approx(0.2)
    with_class(rc, "bpsim-step")[0].click()
    assert bench.week == 3
    # Every run of scenario 2 is the run of that scenario with the timeline entry.
    for seed, model in zip(bench.seeds, models[1], strict=True):
        again = NeighbourhoodModel(changed, rng=seed)
        for _ in range(3):
            again.step()
        for name in MAIN_OUTCOMES:
            assert np.asarray(model.datacollector.model_vars[name], dtype=float) == (
                pytest.approx(np.asarray(again.datacollector.model_vars[name], dtype=float),
                              nan_ok=True)
            )  # fmt: skip
    table = export.with_lever_columns(
        bench.timeseries(), {e.label: e.scenario for e in bench.entries}
    )
    runs = pd.read_csv(io.BytesIO(export.csv_bytes(table)))
    second = runs[(runs["scenario"] == labels[1]) & (runs["replication"] == 0)]
    assert list(second["rule_burden"]) == pytest.approx([first["rule_burden"]] * 3 + [0.2])
    assert set(runs[runs["scenario"] == labels[0]]["rule_burden"]) == {first["rule_burden"]}


def test_run_to_the_end_runs_in_the_background_and_cancel_stops_it(folders, session, benches):
    scen, _ = folders
    (scen / "long.toml").write_text('base = "baseline.toml"\n[run]\nsteps = 5000\n')
    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    for k in (0, 1):
        with_class(rc, "bpsim-slot-choice", v.Select)[k].v_model = "long.toml"
    with_class(rc, "bpsim-to-end")[0].click()
    wait_for(lambda: bench.week > 2)
    assert not with_class(rc, "bpsim-cancel")[0].disabled
    with_class(rc, "bpsim-cancel")[0].click()
    time.sleep(0.5)  # a week in progress may still finish
    stopped = bench.week
    time.sleep(0.5)
    assert bench.week == stopped < 5000


def test_compare_downloads_a_valid_png_and_csv_with_every_outcome(folders, session, benches):
    import pandas as pd

    from bpsim.core.outcomes import ALL_OUTCOMES

    _, rc = solara.render(compare_page.ComparePage(), handle_error=False)
    (bench,) = benches
    with_class(rc, "bpsim-step")[0].click()
    png = bytes(images(rc, "bands")[0].value)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    runs = pd.read_csv(io.BytesIO(export.csv_bytes(bench.timeseries())))
    assert list(runs.columns[:4]) == ["scenario", "replication", "seed", "step"]
    assert set(ALL_OUTCOMES) <= set(runs.columns)
    assert len(runs) == len(bench.entries) * bench.runs * 2  # weeks 0 and 1
    assert len(with_class(rc, "bpsim-download")) == 3


def test_band_plots_and_tables_take_an_outcome_they_have_no_words_for():
    plots = drawing.BandPlots(["take_up", "made_up_outcome"])
    week = np.linspace(0.2, 0.4, 5)
    bands = {"x": {"take_up": (week, week - 0.05, week + 0.05),
                   "made_up_outcome": (week * 10, week * 9, week * 11)}}  # fmt: skip
    png = plots.png(bands, {"x": "#0072B2"}, 30, "nl")
    assert png.startswith(b"\x89PNG")
    table = export.run_table({"take_up": [0.1, 0.2], "made_up_outcome": [1.0, 2.0]}, "x", 3)
    assert list(table.columns) == ["scenario", "seed", "step", "take_up", "made_up_outcome"]


def test_the_dashboard_and_the_report_give_a_scenario_the_same_colour():
    from bpsim.comparison import figures as compare_figures
    from bpsim.machinery import palette

    names = ["restricted", "open", "baseline"]
    assert compare_figures.colours(names) == palette.scenario_colours(names)
    assert [palette.scenario_colour(k) for k in range(3)] == list(
        palette.scenario_colours(names).values()
    )


# --- Results ----------------------------------------------------------------------------------


def test_results_show_the_figures_and_report_of_a_stored_comparison(folders, session):
    from bpsim.dashboard.pages.results import ResultsPage

    _, results = folders
    _, rc = solara.render(ResultsPage(), handle_error=False)
    assert with_class(rc, "bpsim-no-results", v.Alert)
    folder = results / "compare"
    folder.mkdir()
    png = io.BytesIO()
    PIL.Image.new("RGB", (20, 10), "red").save(png, format="PNG")
    (folder / "trajectories.png").write_bytes(png.getvalue())
    (folder / "report.html").write_text('<h1>Report</h1><img src="trajectories.png">')
    (folder / "report.md").write_text("# Report\n")
    (folder / "runs.csv").write_text("scenario,take_up\nopen,0.5\n")
    with_class(rc, "bpsim-refresh")[0].click()
    assert [w.value for w in images(rc, "result-image")] == [png.getvalue()]
    # Full size: a dialog holding the figure without the column's width.
    (dialog,) = rc.find(v.Dialog).widgets
    assert not dialog.v_model
    with_class(rc, "bpsim-enlarge")[0].click()
    assert rc.find(v.Dialog).widgets[0].v_model
    assert [w.value for w in images(rc, "full-image")] == [png.getvalue()]
    offered = [w.filename for w in rc.find(FileDownloadWidget).widgets]
    assert {"report.md", "runs.csv", "report.html", "trajectories.png"} <= set(offered)
    with_class(rc, "bpsim-show-report")[0].click()
    frame = with_class(rc, "bpsim-report-frame", v.Html)[0]
    assert frame.tag == "iframe" and frame.attributes["sandbox"] == ""
    assert "data:image/png;base64," in frame.attributes["srcdoc"]


# --- the whole app ----------------------------------------------------------------------------


@solara.component
def SwitchAndTabs():
    """The app's page without the app bar (a portal that needs a real page)."""
    from bpsim.dashboard.app import Dashboard, LanguageSwitch

    lang = solara.use_reactive("en")
    LanguageSwitch(lang)
    Dashboard(lang)


def test_language_switches_every_tab(folders, session):
    _, rc = solara.render(SwitchAndTabs(), handle_error=False)
    tabs = [str(t.children) for t in rc.find(v.Tab).widgets]
    assert any("Explore" in t for t in tabs) and any("Compare" in t for t in tabs)
    switch = with_class(rc, "bpsim-language", v.BtnToggle)[0]
    switch.v_model = 1  # what the browser sends when NL is clicked (tested there too)
    tabs = [str(t.children) for t in rc.find(v.Tab).widgets]
    assert any("Verkennen" in t for t in tabs) and any("Vergelijken" in t for t in tabs)
    assert all("Stap" in str(b.children) for b in with_class(rc, "bpsim-step"))
    shown = texts(rc)
    assert "Bewegingsvrijheid" in shown and "Freedom of movement" not in shown
    switch.v_model = 0
    assert all("Step" in str(b.children) for b in with_class(rc, "bpsim-step"))


def test_each_session_has_its_own_models(folders):
    """Two visitors: stepping one leaves the other's neighbourhood at week 0."""
    contexts, renders = [], []
    for i in range(2):
        ctx = kernel_context.VirtualKernelContext(
            id=f"visitor-{i}-{uuid.uuid4()}", kernel=kernel.Kernel(), session_id=f"s{i}"
        )
        with ctx:
            renders.append(solara.render(explore_page.ExplorePage(), handle_error=False)[1])
        contexts.append(ctx)
    try:
        with contexts[0]:
            with_class(renders[0], "bpsim-step")[0].click()
            with_class(renders[0], "bpsim-step")[0].click()
            assert week_text(renders[0]) == f"Week 2 of {SMALL['steps']}"
        with contexts[1]:
            assert week_text(renders[1]) == f"Week 0 of {SMALL['steps']}"
    finally:
        for ctx in contexts:
            ctx.close()
