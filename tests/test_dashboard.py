"""Dashboard without a browser: the explore and scenarios pages, and the dashboard's parts.

Components are rendered in a virtual Solara kernel against a small neighbourhood (scenario
files written to a temporary folder), so these tests check behaviour, not calibrated
values. The compare and results pages and the whole app are in test_dashboard_compare.py.
"""

from __future__ import annotations

import io
import threading
import time
import tomllib

import ipyvuetify as v
import numpy as np
import PIL.Image
import pytest
import solara

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.scenario import LEVERS, SPECS, Scenario, ScenarioError, load_scenario
from bpsim.dashboard import address, assets, drawing, export, files
from bpsim.dashboard.pages import explore as explore_page
from bpsim.dashboard.simulation import Simulation
from bpsim.machinery import i18n
from bpsim.machinery.figures import MAIN_OUTCOMES
from tests.dashboard_kit import (
    SMALL,
    images,
    lever_slider,
    small_scenario,
    texts,
    wait_for,
    week_text,
    with_class,
)

# --- Explore ----------------------------------------------------------------------------------


def test_explore_has_every_lever_with_its_meaning(folders, session):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    sliders = rc.find(v.Slider).widgets
    assert sorted(s.attributes["data-lever"] for s in sliders) == sorted(LEVERS)
    shown = texts(rc)
    # Each lever's meaning is on its label, shown on hover (one row per lever fits 1280x720).
    hover = [w.attributes.get("title", "") for w in rc.find(v.Html).widgets]
    for name in LEVERS:
        assert SPECS[name].meaning in hover
        assert i18n.parameter_label(name, "en") in shown
    # The sliders start at the scenario file's values.
    freedom = next(s for s in sliders if s.attributes["data-lever"] == "freedom_of_movement")
    assert freedom.v_model == pytest.approx(SPECS["freedom_of_movement"].default)


def test_step_advances_the_week_and_redraws_map_and_plots(folders, session):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    assert week_text(rc) == f"Week 0 of {SMALL['steps']}"
    before = {kind: images(rc, kind)[0].value for kind in ("map", "plots")}
    with_class(rc, "bpsim-step")[0].click()
    assert week_text(rc) == f"Week 1 of {SMALL['steps']}"
    for kind, png in before.items():
        assert images(rc, kind)[0].value != png, f"the {kind} did not change after Step"
    with_class(rc, "bpsim-reset")[0].click()
    assert week_text(rc) == f"Week 0 of {SMALL['steps']}"


def test_moving_a_lever_at_week_0_restarts_without_asking(folders, session, spy_resets):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    lever_slider(rc, "freedom_of_movement").fire_event("change", 0.85)
    assert not with_class(rc, "bpsim-lever-apply")
    assert spy_resets[-1][0]["freedom_of_movement"] == pytest.approx(0.85)
    assert not with_class(rc, "bpsim-restart-note", v.Alert)  # nothing was thrown away


def test_moving_a_lever_restarts_the_run_with_the_new_value(folders, session, spy_resets):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    with_class(rc, "bpsim-step")[0].click()
    lever_slider(rc, "freedom_of_movement").fire_event("change", 0.85)
    # Mid-run the page asks first, and nothing restarts until the visitor chooses.
    assert not spy_resets
    assert week_text(rc) == f"Week 1 of {SMALL['steps']}"
    assert "Apply from week 2" in with_class(rc, "bpsim-lever-apply")[0].children
    assert "freedom of movement (0.50 → 0.85) at week 1" in texts(rc)
    with_class(rc, "bpsim-lever-restart")[0].click()
    assert not with_class(rc, "bpsim-lever-apply")
    note = str(with_class(rc, "bpsim-restart-note", v.Alert)[0].children)
    assert "week 1" in note and "week 0" in note
    scenario, seed = spy_resets[-1]
    assert scenario["freedom_of_movement"] == pytest.approx(0.85)
    assert scenario["n_households"] == SMALL["n_households"]  # the file's other values stay
    assert seed == 0
    assert week_text(rc) == f"Week 0 of {SMALL['steps']}"
    assert "0.85" in texts(rc)


@pytest.fixture
def sims(monkeypatch):
    """Every Simulation the page creates."""
    made = []
    original = Simulation.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Simulation, "__init__", init)
    return made


@pytest.fixture
def plot_calls(monkeypatch):
    """The change weeks of every outcome-plot drawing, and how often the axes were reset."""
    calls = {"changes": [], "resets": 0}
    png, reset = drawing.OutcomePlots.png, drawing.OutcomePlots.reset

    def spy_png(self, *args, changes=(), **kwargs):
        calls["changes"].append(tuple(changes))
        return png(self, *args, changes=changes, **kwargs)

    def spy_reset(self):
        calls["resets"] += 1
        return reset(self)

    monkeypatch.setattr(drawing.OutcomePlots, "png", spy_png)
    monkeypatch.setattr(drawing.OutcomePlots, "reset", spy_reset)
    return calls


def test_a_lever_applied_from_this_week_continues_the_run_with_a_marker(
    folders, session, sims, spy_resets, plot_calls
):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    (sim,) = sims
    for _ in range(3):
        with_class(rc, "bpsim-step")[0].click()
    assert plot_calls["changes"][-1] == ()
    lever_slider(rc, "freedom_of_movement").fire_event("change", 0.85)
    with_class(rc, "bpsim-lever-apply")[0].click()
    assert not spy_resets  # the run was not thrown away
    assert week_text(rc) == f"Week 3 of {SMALL['steps']}"
    assert sim.model.p.freedom_of_movement == pytest.approx(0.85)
    # A timeline entry for the next week, week 4: the first simulated with the new value.
    assert [(c.week, c.levers) for c in sim.scenario.timeline] == [
        (4, {"freedom_of_movement": 0.85})
    ]
    assert sim.scenario["freedom_of_movement"] == pytest.approx(0.5)  # weeks 1-3 as they were
    assert plot_calls["changes"][-1] == (4,)  # the dashed marker at week 4
    assert plot_calls["resets"] == 1  # the axes follow the data again
    note = str(with_class(rc, "bpsim-restart-note", v.Alert)[0].children)
    assert "From week 4 on" in note and "0.85" in note
    assert lever_slider(rc, "freedom_of_movement").v_model == pytest.approx(0.85)
    with_class(rc, "bpsim-step")[0].click()
    assert week_text(rc) == f"Week 4 of {SMALL['steps']}"
    # The same run as a scenario file with that timeline entry gives, week by week.
    again = NeighbourhoodModel(sim.scenario, rng=sim.seed)
    for _ in range(4):
        again.step()
    for name in MAIN_OUTCOMES:
        assert sim.history([name])[name] == pytest.approx(
            np.asarray(again.datacollector.model_vars[name], dtype=float), nan_ok=True
        )
    # The data download says when the lever moved (row 4 is the first week after it).
    table = export.run_table(sim.model.datacollector.model_vars, "small", 0, sim.scenario)
    assert list(table["freedom_of_movement"]) == pytest.approx([0.5, 0.5, 0.5, 0.5, 0.85])


def test_keeping_a_lever_as_it_was_changes_nothing(folders, session, sims, spy_resets):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    (sim,) = sims
    with_class(rc, "bpsim-step")[0].click()
    lever_slider(rc, "rule_burden").fire_event("change", 0.1)
    with_class(rc, "bpsim-lever-keep")[0].click()
    assert not spy_resets and not sim.scenario.timeline
    assert lever_slider(rc, "rule_burden").v_model == pytest.approx(sim.scenario["rule_burden"])
    assert week_text(rc) == f"Week 1 of {SMALL['steps']}"


def test_in_dutch_the_lever_question_is_dutch(folders, session):
    from bpsim.dashboard.components import LanguageContext

    @solara.component
    def Dutch():
        LanguageContext.provide("nl")
        explore_page.ExplorePage()

    _, rc = solara.render(Dutch(), handle_error=False)
    for _ in range(2):
        with_class(rc, "bpsim-step")[0].click()
    lever_slider(rc, "freedom_of_movement").fire_event("change", 0.85)
    assert "U verschoof" in texts(rc) and "bij week 2" in texts(rc)
    assert "Toepassen vanaf week 3" in with_class(rc, "bpsim-lever-apply")[0].children
    with_class(rc, "bpsim-lever-apply")[0].click()
    assert "Vanaf week 3: " in texts(rc) and "0,85" in texts(rc)


def test_starting_from_the_defaults_or_another_file(folders, session, spy_resets):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    select = with_class(rc, "bpsim-start-from", v.Select)[0]
    assert select.items == ["(defaults)", "baseline.toml", "open.toml"]
    select.v_model = "open.toml"
    assert spy_resets[-1][0]["freedom_of_movement"] == pytest.approx(0.9)
    assert spy_resets[-1][0]["n_households"] == SMALL["n_households"]
    select.v_model = "(defaults)"
    assert spy_resets[-1][0].params == {k: s.default for k, s in SPECS.items()}


def test_play_runs_in_the_background_until_paused(folders, session):
    scen, _ = folders
    (scen / "long.toml").write_text('base = "baseline.toml"\n[run]\nsteps = 5000\n')
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    with_class(rc, "bpsim-start-from", v.Select)[0].v_model = "long.toml"
    with_class(rc, "bpsim-play")[0].click()
    wait_for(lambda: week_text(rc) not in ("Week 0 of 5000", "Week 1 of 5000"))
    pause = with_class(rc, "bpsim-play")[0]
    assert "Pause" in str(pause.children)
    pause.click()
    time.sleep(0.3)  # a week in progress may still finish
    stopped = week_text(rc)
    time.sleep(0.5)
    assert week_text(rc) == stopped
    assert "Play" in str(with_class(rc, "bpsim-play")[0].children)


def test_play_stops_at_the_horizon(folders, session):
    scen, _ = folders
    (scen / "short.toml").write_text('base = "baseline.toml"\n[run]\nsteps = 6\n')
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    with_class(rc, "bpsim-start-from", v.Select)[0].v_model = "short.toml"
    with_class(rc, "bpsim-play")[0].click()
    wait_for(lambda: week_text(rc) == "Week 6 of 6", timeout=60)
    wait_for(lambda: "Play" in str(with_class(rc, "bpsim-play")[0].children))
    assert with_class(rc, "bpsim-step")[0].disabled
    assert "horizon" in texts(rc)


def test_a_bad_scenario_file_shows_a_message_and_the_page_survives(folders, session):
    scen, _ = folders
    (scen / "broken.toml").write_text("[levers]\nrule_burden = 3\n")
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    select = with_class(rc, "bpsim-start-from", v.Select)[0]
    select.v_model = "broken.toml"
    errors = with_class(rc, "bpsim-error", v.Alert)
    assert errors and "rule_burden" in str(errors[0].children)
    with_class(rc, "bpsim-step")[0].click()
    assert week_text(rc) == f"Week 1 of {SMALL['steps']}"


def test_the_address_round_trips_and_names_what_it_cannot_use():
    query = address.compare_query(
        [("open.toml", {}), (address.CUSTOM, {"rule_burden": 0.2, "scouting": 0.0})],
        {"rule_burden": 0.6, "scouting": 0.0},
        runs=7,
        seed=3,
    )
    text = address.encode("compare", "nl", query)
    view = address.parse(text, ["open.toml"], ("en", "nl"))
    assert (view.page, view.lang, view.runs, view.seed) == ("compare", "nl", 7, 3)
    assert view.slots == [("open.toml", {}), (address.CUSTOM, {"rule_burden": 0.2})]
    assert not view.problems
    bad = address.parse("page=map&seed=-1&rule_burden=2&s2=gone.toml&colour=red", [], ("en",))
    assert [p.key for p in bad.problems] == ["page", "seed", "rule_burden", "s2", "colour"]
    assert bad.page == "explore" and bad.seed is None and not bad.levers


def test_explore_opens_the_view_its_address_names(folders, session, spy_resets):
    view = address.parse("page=explore&scenario=open.toml&seed=4&rule_burden=0.25", ["open.toml"],
                         ("en", "nl"))  # fmt: skip
    reported = []
    _, rc = solara.render(
        explore_page.ExplorePage(initial=view, on_address=lambda p, q: reported.append((p, q))),
        handle_error=False,
    )
    sliders = {s.attributes["data-lever"]: s.v_model for s in rc.find(v.Slider).widgets}
    assert sliders["rule_burden"] == pytest.approx(0.25)
    assert sliders["freedom_of_movement"] == pytest.approx(0.9)  # from open.toml
    assert with_class(rc, "bpsim-start-from", v.Select)[0].v_model == "open.toml"
    page, query = reported[-1]
    assert page == "explore"
    assert query == {"scenario": "open.toml", "rule_burden": "0.25", "seed": "4"}


# --- Scenarios --------------------------------------------------------------------------------


def field(rc, name: str) -> v.TextField:
    return with_class(rc, f"bpsim-field-{name}", v.TextField)[0]


def test_a_bad_value_shows_the_validation_message_in_place(folders, session):
    from bpsim.dashboard.pages.scenarios import ScenariosPage

    _, rc = solara.render(ScenariosPage(), handle_error=False)
    box = field(rc, "rule_burden")
    box.v_model = "1.7"
    box = field(rc, "rule_burden")
    assert box.error and "out of range" in str(box.messages)
    errors = with_class(rc, "bpsim-error", v.Alert)
    assert errors and "rule_burden" in str(errors[0].children)
    assert with_class(rc, "bpsim-save-button")[0].disabled
    box.v_model = "lots"
    assert "is not a number" in str(field(rc, "rule_burden").messages)
    box.v_model = "0,3"  # a Dutch decimal comma is fine
    assert not field(rc, "rule_burden").error
    assert not with_class(rc, "bpsim-save-button")[0].disabled


def test_in_dutch_the_hints_and_messages_are_dutch(folders, session):
    from bpsim.dashboard.components import LanguageContext
    from bpsim.dashboard.pages.scenarios import ScenariosPage

    @solara.component
    def Dutch():
        LanguageContext.provide("nl")
        ScenariosPage()

    _, rc = solara.render(Dutch(), handle_error=False)
    assert "kleine testwijk" in texts(rc) and "small test neighbourhood" not in texts(rc)
    hint = str(field(rc, "n_households").messages)
    assert "huishoudens; toegestaan: een geheel getal van" in hint
    box = field(rc, "rule_burden")
    box.v_model = "1,7"
    message = str(field(rc, "rule_burden").messages)
    assert "waarde 1,7 valt buiten het bereik; toegestaan: een getal van 0,0 tot 1,0" in message
    errors = with_class(rc, "bpsim-error", v.Alert)
    assert errors and "valt buiten het bereik" in str(errors[0].children)
    box.v_model = "veel"
    assert "is geen getal" in str(field(rc, "rule_burden").messages)


@pytest.mark.parametrize(
    ("values", "reason", "words"),
    [
        ({"rule_burden": "lots"}, "not_number", "is geen getal"),
        ({"rule_burden": float("nan")}, "not_finite", "geen eindig getal"),
        ({"n_households": 100.5}, "not_whole", "geen geheel getal"),
        ({"rule_burden": 1.5}, "out_of_range", "buiten het bereik"),
        ({"procedure_steps_min": 6, "procedure_steps_max": 3}, "steps_below_min", "lager dan"),
    ],
)  # fmt: skip
def test_every_scenario_problem_has_dutch_words(values, reason, words):
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_mapping(values)
    err = caught.value
    assert err.reason == reason and err.key in SPECS
    dutch = i18n.scenario_problem(err, "nl")
    assert words in dutch and f"parameter '{err.key}'" in dutch
    assert i18n.scenario_problem(err, "en") == str(err)


def test_the_memory_problem_has_dutch_words(monkeypatch):
    import bpsim.core.scenario as scenario

    monkeypatch.setattr(scenario, "_available_bytes", lambda: 2**20)
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_mapping({})
    assert caught.value.reason == "memory"
    assert "van deze machine" in i18n.scenario_problem(caught.value, "nl")


def test_a_rule_between_two_values_is_checked_too(folders, session):
    from bpsim.dashboard.pages.scenarios import ScenariosPage

    _, rc = solara.render(ScenariosPage(), handle_error=False)
    field(rc, "procedure_steps_min").v_model = "9"  # above the default most steps (8)
    assert "procedure_steps" in str(with_class(rc, "bpsim-error", v.Alert)[0].children)


def test_save_writes_a_new_scenario_and_refuses_overwrites_and_bad_names(folders, session):
    from bpsim.dashboard.pages.scenarios import ScenariosPage

    scen, _ = folders
    open_before = (scen / "open.toml").read_text()
    _, rc = solara.render(ScenariosPage(), handle_error=False)
    field(rc, "rule_burden").v_model = "0.25"
    name = with_class(rc, "bpsim-new-name", v.TextField)[0]
    name.v_model = "Bad Name!"
    with_class(rc, "bpsim-save-button")[0].click()
    assert "cannot be used" in str(with_class(rc, "bpsim-error", v.Alert)[-1].children)
    assert not (scen / "Bad Name!.toml").exists()
    name.v_model = "low-burden"
    with_class(rc, "bpsim-description", v.TextField)[0].v_model = 'lighter "rules"'
    with_class(rc, "bpsim-save-button")[0].click()
    saved = with_class(rc, "bpsim-saved", v.Alert)
    assert saved and "low-burden.toml" in str(saved[0].children)
    loaded = load_scenario(scen / "low-burden.toml")
    assert loaded["rule_burden"] == pytest.approx(0.25)
    assert loaded["n_households"] == SMALL["n_households"]
    assert loaded.description == 'lighter "rules"'
    text = (scen / "low-burden.toml").read_text()
    # Saving again under the same name is refused, and the file is untouched.
    name.v_model = "open"
    with_class(rc, "bpsim-save-button")[0].click()
    assert "already exists" in str(with_class(rc, "bpsim-error", v.Alert)[-1].children)
    assert (scen / "low-burden.toml").read_text() == text
    assert (scen / "open.toml").read_text() == open_before


# --- simulations ------------------------------------------------------------------------------


def test_simulation_never_steps_past_its_horizon():
    sim = Simulation(small_scenario(steps=5), seed=3)
    sim.step(10)
    assert sim.week == 5 and sim.finished
    sim.reset(small_scenario(steps=8))
    assert sim.week == 0 and sim.horizon == 8 and sim.seed == 3


def test_reset_while_playing_never_shows_a_half_built_model():
    """Reset swaps models under the lock while another thread steps."""
    sim = Simulation(small_scenario(steps=200), seed=1)
    stop = threading.Event()
    errors = []

    def play():
        while not stop.is_set():
            try:
                sim.step()
            except Exception as err:  # pragma: no cover - the failure we look for
                errors.append(err)

    thread = threading.Thread(target=play)
    thread.start()
    for _ in range(5):
        sim.reset()
        with sim.lock:
            model = sim.model
            assert len(model.datacollector.model_vars["trust"]) == model.steps + 1
    stop.set()
    thread.join()
    assert not errors


# --- drawing ----------------------------------------------------------------------------------


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))


def test_households_are_drawn_at_their_own_cells():
    model = NeighbourhoodModel(small_scenario(), rng=2)
    values = drawing.cell_values(model, "trust")
    res = model.residents
    np.testing.assert_array_equal(values[res.y, res.x], res.trust)
    assert np.isnan(values).sum() == values.size - res.n
    unmet = drawing.cell_values(model, "unmet")
    expected = np.minimum(res.unmet_mask().sum(axis=1), drawing.MAX_UNMET_SHOWN)
    np.testing.assert_array_equal(unmet[res.y, res.x], expected)


def test_every_active_best_person_is_drawn_once():
    model = NeighbourhoodModel(small_scenario(), rng=2)
    positions = drawing.best_person_positions(model)
    assert sum(len(p) for p in positions.values()) == len(model.best_persons)
    frontline = positions["FrontlineBestPerson"]
    assert len({tuple(p) for p in frontline}) == len(frontline)  # none hidden under another


def test_blitted_figures_match_a_full_redraw():
    """Drawing only the changing parts gives exactly what drawing everything gives."""
    sim = Simulation(small_scenario(), seed=4)
    reused_map, reused_plots = drawing.NeighbourhoodMap(), drawing.OutcomePlots(MAIN_OUTCOMES)
    for _ in range(7):
        reused_map.png(sim.model)
        reused_plots.png([sim.history(MAIN_OUTCOMES)], sim.horizon)
        sim.step()
    assert reused_plots._blitter.full_draws < 7  # most weeks were blitted
    fresh_map, fresh_plots = drawing.NeighbourhoodMap(), drawing.OutcomePlots(MAIN_OUTCOMES)
    history = sim.history(MAIN_OUTCOMES)
    fresh_plots.limits = list(reused_plots.limits)  # same axes as the reused figure
    np.testing.assert_array_equal(
        pixels(reused_map.png(sim.model)), pixels(fresh_map.png(sim.model))
    )
    np.testing.assert_array_equal(
        pixels(reused_plots.png([history], sim.horizon)),
        pixels(fresh_plots.png([history], sim.horizon)),
    )


def test_switching_colour_and_language_changes_the_map():
    model = NeighbourhoodModel(small_scenario(), rng=5)
    fig = drawing.NeighbourhoodMap()
    unmet, trust = fig.png(model, "unmet"), fig.png(model, "trust")
    dutch = fig.png(model, "trust", "nl")
    assert len({unmet, trust, dutch}) == 3


def test_value_limits_hold_still_until_a_line_leaves_them():
    first = drawing.value_limits([np.array([0.50, 0.52])], bounded=True)
    assert first[0] <= 0.50 and first[1] >= 0.52
    assert drawing.value_limits([np.array([0.50, 0.53])], True, first) == first
    moved = drawing.value_limits([np.array([0.50, 0.95])], True, first)
    assert moved != first and moved[1] >= 0.95 and moved[1] <= 1.0
    assert drawing.value_limits([np.array([np.nan])], True) == (0.0, 1.0)


def test_after_a_reset_the_value_axes_follow_the_new_run():
    plots = drawing.OutcomePlots(["take_up"], cols=1)
    plots.draw([{"take_up": np.array([0.55, 0.70])}], 30)
    assert plots.limits[0][0] >= 0.3
    plots.reset()
    plots.draw([{"take_up": np.array([0.05, 0.10])}], 30)
    assert plots.limits[0][1] < 0.55  # not the old run's axis
    edge = drawing.value_limits([np.array([0.9, 1.0])], bounded=True)
    assert edge[1] > 1.0  # a share of 100% is drawn inside the panel


def test_explore_notes_a_restart_after_a_lever_change_mid_run(folders, session):
    _, rc = solara.render(explore_page.ExplorePage(), handle_error=False)
    freedom = next(
        s for s in rc.find(v.Slider).widgets if s.attributes["data-lever"] == "freedom_of_movement"
    )
    freedom.fire_event("change", 0.6)  # at week 0: nothing was thrown away, no note
    assert not with_class(rc, "bpsim-restart-note", v.Alert)
    with_class(rc, "bpsim-step")[0].click()
    with_class(rc, "bpsim-step")[0].click()
    freedom.fire_event("change", 0.7)
    with_class(rc, "bpsim-lever-restart")[0].click()
    note = str(with_class(rc, "bpsim-restart-note", v.Alert)[0].children)
    assert "week 2" in note and "0.60 → 0.70" in note and "timeline" in note
    assert week_text(rc).startswith("Week 0")


def test_time_axis_grows_in_steps_up_to_the_horizon():
    ends = [drawing.time_axis_end(w, 260) for w in range(261)]
    assert ends[0] == 13 and ends[13] == 26 and ends[51] == 52 and ends[52] == 104
    assert max(ends) == 260 and all(e > w or e == 260 for w, e in enumerate(ends))
    assert len(set(ends)) <= 8  # few full redraws per run
    assert drawing.time_axis_end(3, 5) == 5


def test_values_go_to_a_corner_no_line_passes_through():
    rising = (np.linspace(0, 1, 50), np.linspace(0, 1, 50))  # bottom left to top right
    assert drawing.free_corner([rising], rows=1)[2:] == ("left", "top")
    top = (np.linspace(0, 1, 50), np.full(50, 0.97))
    assert drawing.free_corner([top], rows=2)[2:] == ("left", "bottom")
    everywhere = (np.tile([0.1, 0.9], 25), np.repeat([0.05, 0.95], 25))
    corner = drawing.free_corner([everywhere], rows=2)
    assert corner == drawing.CORNERS[0]


def test_tick_labels_follow_the_language():
    formatter = drawing.TickFormatter("nl", share=True)
    formatter.set_locs([0.25, 0.5, 0.75])
    assert formatter(0.5) == "50%"
    decimal = drawing.TickFormatter("nl")
    decimal.set_locs([0.52, 0.54])
    assert decimal(0.54) == "0,54"
    signed = drawing.TickFormatter("en", share=True, sign=True)
    signed.set_locs([-0.1, 0.0, 0.1])
    assert signed(0.1) == "+10 pp"


# --- files ------------------------------------------------------------------------------------


def test_parse_field_reads_numbers_and_keeps_text_for_the_validation_message():
    assert files.parse_field("0.4") == 0.4
    assert files.parse_field("0,4") == 0.4
    assert files.parse_field(" 12 ") == 12
    assert files.parse_field("twelve") == "twelve"
    with pytest.raises(ScenarioError, match="not a number"):
        small_scenario().with_overrides({"rule_burden": files.parse_field("twelve")})


@pytest.mark.parametrize("name", ["", "Upper", "with space", "../escape", "a" * 41, "-dash"])
def test_new_scenario_names_that_are_refused(tmp_path, name):
    assert files.check_new_name(name, tmp_path) is not None


def test_a_saved_scenario_lists_only_what_it_changes_and_loads_back(tmp_path):
    (tmp_path / "base.toml").write_text('name = "base"\n[levers]\nrule_burden = 0.7\n')
    edited = load_scenario(tmp_path / "base.toml").with_overrides(
        {"freedom_of_movement": 0.2, "n_households": 500}
    )
    path = files.save_scenario("mine", 'a "quoted"\\ line', edited, "base.toml", tmp_path)
    data = tomllib.loads(path.read_text())
    assert data["base"] == "base.toml"
    assert data["levers"] == {"freedom_of_movement": 0.2}
    assert data["population"] == {"n_households": 500}
    assert load_scenario(path).params == edited.params
    with pytest.raises(ScenarioError, match="already exists"):
        files.save_scenario("mine", "", edited, "base.toml", tmp_path)


def test_inline_report_embeds_only_images_inside_its_folder(tmp_path):
    folder = tmp_path / "compare"
    folder.mkdir()
    (folder / "fig.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    (folder / "report.html").write_text(
        '<img src="fig.png"><img src="../secret.png"><a href="fig.png">x</a>'
    )
    body = files.inline_report(folder / "report.html")
    assert body.count("data:image/png;base64,") == 1
    assert 'src="../secret.png"' in body and 'href="fig.png"' in body


def test_result_folders_are_found_with_their_figures(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(b"")
    (tmp_path / "a" / "data.csv").write_text("")
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "b" / "deep" / "report.html").write_text("")
    (tmp_path / "c").mkdir()
    found = {f.label: f for f in files.result_folders(tmp_path)}
    assert set(found) == {"a", "b/deep"}
    assert [p.name for p in found["a"].figures] == ["x.png"]
    assert [p.name for p in found["b/deep"].reports] == ["report.html"]


# --- text and assets --------------------------------------------------------------------------


def test_every_lever_and_main_outcome_has_dutch_words():
    for name in LEVERS:
        assert i18n.parameter_label(name, "nl") != name  # a word, not the code name
    for name, spec in SPECS.items():
        assert i18n.parameter_meaning(name, "nl") != spec.meaning, name
        assert spec.unit_nl, spec.name  # the Dutch unit is in the parameter's own record
    for name in MAIN_OUTCOMES:
        assert i18n.outcome_label(name, "nl") != i18n.outcome_label(name, "en")
    for key, (en, nl) in i18n.TEXT.items():
        assert en and nl, key


def test_the_asset_cache_holds_every_file_the_page_loads():
    """What `bpsim dashboard --prepare-assets` checks, offline (solara-assets fills the cache)."""
    assert assets.required_files()
    assert assets.missing_files() == []
    assert assets.prepare(verbose=False, download=False) == 0


def test_asset_list_names_the_front_end_version_solara_serves():
    import re
    from pathlib import Path

    import solara.server

    template = (Path(solara.server.__file__).parent / "templates/solara.html.j2").read_text()
    versions = set(re.findall(r"solara-vuetify-app@([\d.]+)/", template))
    listed = {p.split("@")[2].split("/")[0] for p in assets.required_files() if "vuetify-app" in p}
    assert listed and listed <= versions


def test_prepare_reports_missing_files_without_internet(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(assets, "cache_dir", lambda: tmp_path)
    assert assets.prepare(verbose=True, download=False) == 1
    out = capsys.readouterr().out
    assert "MISSING" in out and assets.required_files()[0] in out


def test_cli_refuses_a_bad_port_and_a_missing_scenario_folder(tmp_path, capsys):
    from bpsim.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["dashboard", "--port", "70000"])
    assert exc.value.code == 2
    assert main(["dashboard", "--scenarios", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_a_change_from_a_week_merges_into_that_weeks_entry_and_keeps_later_ones():
    from bpsim.dashboard.simulation import with_change

    scenario = small_scenario().with_timeline(
        [{"week": 5, "rule_burden": 0.3}, {"week": 20, "freedom_of_movement": 0.9}]
    )
    merged = with_change(scenario, 5, {"freedom_of_movement": 0.2})
    assert merged.timeline_tables() == [
        {"week": 5, "rule_burden": 0.3, "freedom_of_movement": 0.2},
        {"week": 20, "freedom_of_movement": 0.9},
    ]
    inserted = with_change(scenario, 10, {"scouting": 0.4})
    assert [t["week"] for t in inserted.timeline_tables()] == [5, 10, 20]
    with pytest.raises(ScenarioError, match="week"):
        with_change(scenario, SMALL["steps"] + 1, {"scouting": 0.4})  # past the horizon
    # Without a timeline the download has no lever columns; with one, one per lever.
    table = export.run_table({"take_up": [0.5, 0.6]}, "small", 0, small_scenario())
    assert not set(LEVERS) & set(table.columns)
    table = export.run_table({"take_up": [0.5] * 21}, "small", 0, scenario)
    assert set(LEVERS) <= set(table.columns)
    assert table["rule_burden"].iloc[4] != 0.3 and table["rule_burden"].iloc[5] == 0.3
