"""Explore: one neighbourhood, its levers, and its main outcomes week by week."""

from __future__ import annotations

from collections.abc import Callable

import solara

from bpsim.core.scenario import LEVERS, Scenario, ScenarioError, default_scenario, load_scenario
from bpsim.dashboard.address import View, explore_query
from bpsim.dashboard.components import (
    ColourSwitch,
    Downloads,
    Figure,
    LeverQuestion,
    LeverSlider,
    RunControls,
    use_address,
    use_files_version,
    use_lang,
    use_play_loop,
    use_text,
)
from bpsim.dashboard.drawing import NeighbourhoodMap, OutcomePlots
from bpsim.dashboard.export import csv_bytes, file_name, run_table
from bpsim.dashboard.files import scenario_files
from bpsim.dashboard.settings import scenarios_dir, without_paths
from bpsim.dashboard.simulation import Simulation
from bpsim.machinery import i18n
from bpsim.machinery.figures import MAIN_OUTCOMES

#: The "start from" choice meaning every parameter at its default.
DEFAULTS = ""


def load_start(choice: str) -> Scenario:
    """The scenario a run starts from: a file in the scenario folder, or the defaults.

    Raises:
        ScenarioError: If the file cannot be used.
    """
    return load_scenario(scenarios_dir() / choice) if choice else default_scenario()


def initial_choice() -> str:
    """``baseline.toml`` when the scenario folder has it, else the defaults."""
    files = scenario_files()
    return "baseline.toml" if "baseline.toml" in files else DEFAULTS


@solara.component
def ExplorePage(
    active: bool = True,
    initial: View | None = None,
    on_address: Callable[[str, dict], None] | None = None,
):
    """The Explore tab.

    Args:
        active: Whether the tab is shown; a hidden tab stops playing.
        initial: The view the page's address asked for, if any.
        on_address: Called with ("explore", query) when the view changes.
    """
    lang = use_lang()
    tr = use_text()
    files_version = use_files_version()

    def first_run() -> tuple[str, Scenario, dict, int, Simulation]:
        view = initial or View()
        choice = initial_choice() if view.scenario is None else view.scenario
        try:
            loaded = load_start(choice)
        except ScenarioError:
            choice, loaded = DEFAULTS, default_scenario()
        levers = {k: view.levers.get(k, loaded[k]) for k in LEVERS}
        seed = view.seed or 0
        try:
            scenario = loaded.with_overrides(levers)
        except ScenarioError:
            levers, scenario = {k: loaded[k] for k in LEVERS}, loaded
        return choice, loaded, levers, seed, Simulation(scenario, seed)

    start = solara.use_memo(first_run, [])
    choice = solara.use_reactive(start[0])
    base = solara.use_reactive(start[1])
    levers = solara.use_reactive(start[2])
    seed = solara.use_reactive(start[3])
    note = solara.use_reactive(None)
    # A lever moved mid-run, waiting for the visitor's choice: (name, value, what).
    pending = solara.use_reactive(None)
    # One simulation and one set of figures per session: created by this component.
    sim = start[4]
    # Sized so that text reads at about 10 px where the images are shown.
    map_figure = solara.use_memo(lambda: NeighbourhoodMap(width=7.0, height=5.0), [])
    plots = solara.use_memo(
        lambda: OutcomePlots(MAIN_OUTCOMES, cols=2, width=5.4, height=6.8, dpi=90), []
    )
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    colour_by = solara.use_reactive("unmet")
    error = solara.use_reactive(None)

    def redraw() -> None:
        tick.value += 1

    def restart(
        new_base: Scenario | None = None, new_levers=None, new_seed=None, what: str | None = None
    ) -> None:
        week = sim.week
        playing.value = False
        new_base = new_base or base.value
        new_levers = new_levers if new_levers is not None else levers.value
        try:
            scenario = new_base.with_overrides(new_levers)
        except ScenarioError as err:
            error.value = without_paths(str(err))
            return
        sim.reset(scenario, seed.value if new_seed is None else new_seed)
        # The new run's values decide the axes, not the old run's.
        plots.reset()
        base.value, levers.value = new_base, new_levers
        if new_seed is not None:
            seed.value = new_seed
        error.value = None
        pending.value = None
        note.value = tr("restarted_note", what=what, week=week) if what and week else None
        redraw()

    def on_choice(new: str | None) -> None:
        new = new or DEFAULTS
        try:
            loaded = load_start(new)
        except ScenarioError as err:
            error.value = without_paths(str(err))
            return
        choice.value = new
        restart(loaded, {k: loaded[k] for k in LEVERS}, what=tr("start_from").lower())

    def on_lever(name: str, value: float) -> None:
        old = levers.value[name]
        what = (
            f"{i18n.parameter_label(name, lang).lower()} "
            f"({i18n.number(old, 2, lang)} → {i18n.number(value, 2, lang)})"
        )
        if sim.week == 0:
            restart(new_levers={**levers.value, name: value}, what=what)
            return
        # Mid-run: stop and ask (restart at week 0, or apply from this week on).
        playing.value = False
        pending.value = (name, value, what)

    def restart_pending() -> None:
        name, value, what = pending.value
        restart(new_levers={**levers.value, name: value}, what=what)

    def apply_pending() -> None:
        name, value, what = pending.value
        pending.value = None
        try:
            week = sim.apply_from_now({name: value})
        except ScenarioError as err:
            error.value = without_paths(str(err))
            return
        # The change can take an outcome outside the axes so far: let them follow the data.
        plots.reset()
        levers.value = {**levers.value, name: value}
        error.value = None
        note.value = tr("applied_note", what=what, week=week)
        redraw()

    def on_seed(value: int | None) -> None:
        if value is not None and value >= 0:
            restart(new_seed=int(value), what=tr("seed").lower())

    def step() -> None:
        try:
            sim.step()
        except Exception as err:  # the page must survive a model error
            error.value = without_paths(f"{type(err).__name__}: {err}")
        redraw()

    def advance() -> bool:
        # Stepping holds the simulation's lock; the redraw happens after releasing
        # it, because redrawing takes the lock again from the rendering thread.
        with sim.lock:
            if not playing.value or sim.finished:
                return False
            sim.step()
        redraw()
        return not sim.finished

    use_play_loop(playing, advance)
    solara.use_effect(lambda: None if active else playing.set(False), [active])

    def draw() -> tuple[bytes, bytes]:
        # Under the lock: the model must not step while it is read, and this
        # session's figures must not be drawn by two threads at once.
        with sim.lock:
            map_png = map_figure.png(sim.model, colour_by.value, lang)
            history = sim.history(MAIN_OUTCOMES)
            changes = sim.model.params.change_weeks()
            return map_png, plots.png(
                [history], sim.horizon, lang, title=tr("outcomes"), changes=changes
            )

    map_png, plots_png = solara.use_memo(draw, [tick.value, colour_by.value, lang])

    query = explore_query(choice.value, levers.value, {k: base.value[k] for k in LEVERS},
                          seed.value)  # fmt: skip
    use_address("explore", query, on_address, active)

    def data_csv() -> bytes:
        with sim.lock:
            table = run_table(
                sim.model.datacollector.model_vars, sim.scenario.name, sim.seed, sim.scenario
            )
        return csv_bytes(table)

    stem = ("explore", sim.scenario.name, f"seed{sim.seed}", f"week{sim.week}")

    files = solara.use_memo(scenario_files, [files_version.value])
    # The defaults are offered by name, in the session's language.
    defaults_label = f"({tr('defaults')})"
    options = [defaults_label, *files]
    with solara.Columns([1, 3], classes=["bpsim-explore"]):
        with solara.Card(tr("levers"), margin=0, classes=["bpsim-lever-panel"]):
            solara.Select(
                tr("start_from"),
                values=options,
                value=choice.value if choice.value in files else defaults_label,
                on_value=lambda new: on_choice(DEFAULTS if new == defaults_label else new),
                classes=["bpsim-start-from"],
            )
            if base.value.describe(lang):
                solara.Text(
                    base.value.describe(lang),
                    style={"font-size": "0.8rem", "font-style": "italic", "display": "block",
                           "line-height": "1.2"},
                )  # fmt: skip
            for name in LEVERS:
                # While the visitor decides, the moved slider shows where it was moved to.
                shown = pending.value[1] if pending.value and pending.value[0] == name else None
                LeverSlider(name, levers.value[name] if shown is None else shown,
                            lambda v, n=name: on_lever(n, v), compact=True)  # fmt: skip
            solara.InputInt(tr("seed"), value=seed.value, on_value=on_seed, classes=["bpsim-seed"])
            solara.Text(
                tr("levers_help") + " " + tr("seed_help"),
                style={"font-size": "0.75rem", "color": "#555", "line-height": "1.2"},
            )
        with solara.Column():
            with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "24px"}):
                RunControls(
                    sim.week,
                    sim.horizon,
                    playing.value,
                    on_step=step,
                    on_play=lambda: playing.set(not playing.value),
                    on_reset=lambda: restart(),
                )
                ColourSwitch(colour_by)
            if pending.value:
                LeverQuestion(
                    pending.value[2],
                    sim.week,
                    on_restart=restart_pending,
                    on_apply=apply_pending,
                    on_keep=lambda: pending.set(None),
                    can_apply=not sim.finished,
                )
            elif note.value:
                solara.Warning(note.value, dense=True, classes=["bpsim-restart-note"])
            if error.value:
                solara.Error(error.value, classes=["bpsim-error"])
            with solara.Columns([8, 7]):
                with solara.Column():
                    Figure(map_png, "map")
                    solara.Text(tr("map_help"), style={"font-size": "0.85rem", "color": "#444"})
                Figure(plots_png, "plots")
            Downloads(
                [
                    (
                        tr("download_map"),
                        map_png,
                        file_name(*stem, "map", suffix=".png"),
                        "image/png",
                    ),
                    (
                        tr("download_png"),
                        plots_png,
                        file_name(*stem, "outcomes", suffix=".png"),
                        "image/png",
                    ),
                    (tr("download_csv"), data_csv, file_name(*stem, suffix=".csv"), "text/csv"),
                ]  # fmt: skip
            )
