"""Compare: two to four scenarios, each run with several seeds, shown as bands.

The visitor picks saved scenario files (from the scenario folder, including those
saved in the Scenarios tab) or sets levers on the page, chooses how many runs
(seeds) each scenario gets, and plays the runs week by week at a chosen speed or
runs them to the end. The runs step in a background thread of this session (see
`bpsim.dashboard.workbench`), so the page stays responsive and Cancel stops them.
Each scenario keeps its colour from `bpsim.machinery.palette`, the compare report's rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import solara
import solara.lab

from bpsim.core.outcomes import OUTCOMES
from bpsim.core.scenario import LEVERS, Scenario, ScenarioError, default_scenario, load_scenario
from bpsim.dashboard.address import CUSTOM, View, compare_query
from bpsim.dashboard.components import (
    Downloads,
    Figure,
    LeverQuestion,
    LeverSlider,
    use_address,
    use_files_version,
    use_lang,
    use_text,
)
from bpsim.dashboard.drawing import BandPlots
from bpsim.dashboard.export import csv_bytes, file_name, with_lever_columns
from bpsim.dashboard.files import scenario_files
from bpsim.dashboard.pages.explore import initial_choice, load_start
from bpsim.dashboard.robust_view import RobustPanel
from bpsim.dashboard.settings import scenarios_dir, without_paths
from bpsim.dashboard.workbench import MAX_RUNS, MAX_SCENARIOS, Entry, Workbench
from bpsim.machinery import i18n
from bpsim.machinery.figures import MAIN_OUTCOMES
from bpsim.machinery.palette import scenario_colour

#: Freedom of movement of the two lever-set scenarios offered when the scenario
#: folder has no restricted.toml and open.toml (the values those files use).
RESTRICTED, OPEN = 0.1, 0.9
#: Runs per scenario to begin with: enough for a first band, quick on a laptop.
FIRST_RUNS = 5
#: Weeks per step of Play, by speed choice.
SPEEDS = (1, 4, 13)
#: Seconds between redraws while running to the end (the plots are drawn whole).
END_REDRAW = 0.8

Slot = tuple[str, dict[str, float]]


def default_slots(files: list[str], base: Scenario) -> list[Slot]:
    """restricted.toml and open.toml when the folder has them, else two lever settings."""
    levers = {k: base[k] for k in LEVERS}
    if "restricted.toml" in files and "open.toml" in files:
        return [("restricted.toml", dict(levers)), ("open.toml", dict(levers))]
    return [
        (CUSTOM, {**levers, "freedom_of_movement": RESTRICTED}),
        (CUSTOM, {**levers, "freedom_of_movement": OPEN}),
    ]


def slot_entries(slots: list[Slot], base: Scenario, lang: str) -> list[Entry]:
    """The workbench entries of the slots: files loaded, lever slots built on `base`.

    Labels are the scenario names (lever slots: "levers 3"); a file chosen twice is
    labelled "(again)" the second time, so every label, and so every colour, is
    one scenario's.

    Raises:
        ScenarioError: If a file cannot be used or a lever value is not allowed.
    """
    entries: list[Entry] = []
    for k, (what, levers) in enumerate(slots, start=1):
        if what == CUSTOM:
            label = i18n.text("wb_custom_name", lang, n=k)
            scenario = base.with_overrides(levers, name=label)
        else:
            scenario = load_scenario(scenarios_dir() / what)
            label = scenario.name
        while label in {e.label for e in entries}:
            label = i18n.text("wb_same_label", lang, name=label)
        entries.append(Entry(label, scenario))
    return entries


def band_arrays(table, outcomes) -> dict[str, dict[str, tuple]]:
    """Per scenario and outcome, (mean, low, high) by week from a bands table."""
    out: dict[str, dict[str, tuple]] = {}
    for (label, name), part in table.groupby(["scenario", "outcome"], sort=False):
        if name in outcomes:
            part = part.sort_values("step")
            out.setdefault(label, {})[name] = tuple(
                part[c].to_numpy(dtype=float) for c in ("mean", "low", "high")
            )
    return out


@solara.component
def Slots(
    slots: list[Slot],
    labels: list[str],
    files: list[str],
    on_slots: Callable[..., None],
):
    """The chosen scenarios, one column each: colour, file or levers, and a Remove button.

    `on_slots` is called with the new slots and the change in words; for a lever
    moved, also with ``lever=(slot index, name, value)``.
    """
    lang = use_lang()
    tr = use_text()
    custom = f"({tr('wb_custom')})"
    options = [*files, custom]
    with solara.Columns([1] * len(slots), classes=["bpsim-slots"]):
        for k, (what, levers) in enumerate(slots):

            def choose(new, k=k):
                chosen = CUSTOM if new == custom else new
                changed = list(slots)
                changed[k] = (chosen, slots[k][1])
                on_slots(changed, tr("wb_slot", n=k + 1))

            def remove(k=k):
                on_slots([s for j, s in enumerate(slots) if j != k], tr("wb_slot", n=k + 1))

            def lever(name, value, k=k):
                changed = list(slots)
                old = slots[k][1][name]
                changed[k] = (slots[k][0], {**slots[k][1], name: value})
                what = (
                    f"{i18n.parameter_label(name, lang).lower()} "
                    f"({i18n.number(old, 2, lang)} → {i18n.number(value, 2, lang)})"
                )
                on_slots(changed, what, lever=(k, name, value))

            with solara.Column(classes=["bpsim-slot", f"bpsim-slot-{k + 1}"], gap="2px"):
                with solara.Row(style={"align-items": "center"}):
                    solara.HTML(
                        "span",
                        "",
                        style={
                            "background": scenario_colour(k),
                            "width": "16px",
                            "height": "16px",
                            "border-radius": "3px",
                            "display": "inline-block",
                            "flex": "none",
                        },
                        classes=["bpsim-swatch"],
                    )
                    solara.Select(
                        tr("wb_slot", n=k + 1),
                        values=options,
                        value=custom if what == CUSTOM else what,
                        on_value=choose,
                        classes=["bpsim-slot-choice"],
                    )
                    if len(slots) > 2:
                        solara.Button(
                            icon_name="mdi-close",
                            icon=True,
                            on_click=remove,
                            classes=["bpsim-slot-remove"],
                            attributes={"title": tr("wb_remove")},
                        )
                if what == CUSTOM:
                    with solara.Details(tr("wb_levers_of", name=labels[k]), expand=False):
                        for name in LEVERS:
                            LeverSlider(name, levers[name], lambda v, n=name: lever(n, v))


@solara.component
def ComparePage(
    active: bool = True,
    initial: View | None = None,
    on_address: Callable[[str, dict], None] | None = None,
):
    """The Compare tab.

    Args:
        active: Whether the tab is shown; a hidden tab stops running.
        initial: The view the page's address asked for, if any.
        on_address: Called with ("compare", query) when the view changes.
    """
    lang = use_lang()
    tr = use_text()
    files_version = use_files_version()
    files = solara.use_memo(scenario_files, [files_version.value])

    def first_state():
        try:
            base = load_start(initial_choice())
        except ScenarioError:
            base = default_scenario()
        view = initial or View()
        base_levers = {k: base[k] for k in LEVERS}
        slots = [(what, {**base_levers, **levers}) for what, levers in view.slots[:MAX_SCENARIOS]]
        if len(slots) < 2:
            slots = default_slots(files, base)
        runs = view.runs or FIRST_RUNS
        seed = view.seed or 0
        try:
            entries = slot_entries(slots, base, lang)
        except ScenarioError:
            slots = default_slots([], base)
            entries = slot_entries(slots, base, lang)
        return base, slots, runs, seed, Workbench(entries, runs, seed)

    base, first_slots, first_runs, first_seed, bench = solara.use_memo(first_state, [])
    slots = solara.use_reactive(first_slots)
    runs = solara.use_reactive(first_runs)
    seed = solara.use_reactive(first_seed)
    speed = solara.use_reactive(SPEEDS[0])
    # None (stopped), "play" (week by week at the chosen speed) or "end" (to the end).
    mode = solara.use_reactive(None)
    note = solara.use_reactive(None)
    # A lever moved mid-run, waiting for the visitor's choice: (slots, what, (k, name, value)).
    pending = solara.use_reactive(None)
    error = solara.use_reactive(None)
    shown = solara.use_reactive([n for n in MAIN_OUTCOMES if n in OUTCOMES] or list(OUTCOMES))
    tick = solara.use_reactive(0)
    plots = solara.use_memo(lambda: BandPlots(shown.value), [tuple(shown.value)])

    def redraw() -> None:
        tick.value += 1

    def restart(new_slots=None, new_runs=None, new_seed=None, what: str | None = None) -> None:
        week = bench.week
        mode.value = None
        new_slots = slots.value if new_slots is None else new_slots
        new_runs = runs.value if new_runs is None else new_runs
        new_seed = seed.value if new_seed is None else new_seed
        try:
            entries = slot_entries(new_slots, base, lang)
        except ScenarioError as err:
            error.value = without_paths(i18n.scenario_problem(err, lang))
            return
        bench.reset(entries, new_runs, new_seed)
        plots.reset()
        slots.value, runs.value, seed.value = new_slots, new_runs, new_seed
        error.value = None
        pending.value = None
        note.value = tr("restarted_note_many", what=what, week=week) if what and week else None
        redraw()

    def on_slots(new: list[Slot], what: str, lever=None) -> None:
        if lever is None or bench.week == 0:
            restart(new_slots=new, what=what)
            return
        # Mid-run: stop and ask (restart every run at week 0, or apply from this week on).
        mode.value = None
        pending.value = (new, what, lever)

    def restart_pending() -> None:
        new, what, _ = pending.value
        restart(new_slots=new, what=what)

    def apply_pending() -> None:
        new, what, (k, name, value) = pending.value
        pending.value = None
        try:
            week = bench.apply_levers(k, {name: value})
        except ScenarioError as err:
            error.value = without_paths(i18n.scenario_problem(err, lang))
            return
        # The change can take a band outside the axes so far: let them follow the data.
        plots.reset()
        slots.value = new
        error.value = None
        note.value = tr("applied_note", what=what, week=week)
        redraw()

    def add_slot() -> None:
        levers = {k: base[k] for k in LEVERS}
        restart(new_slots=[*slots.value, (CUSTOM, levers)], what=tr("wb_add").lower())

    def step() -> None:
        try:
            bench.step(speed.value)
        except Exception as err:  # the page must survive a model error
            error.value = without_paths(f"{type(err).__name__}: {err}")
        redraw()

    def loop() -> None:
        # The runs step here, in this session's own thread; the page draws what it
        # finds on each tick. Resting after each step (at least as long as it took)
        # keeps the server's event loop free to send pictures and hear Cancel.
        last = 0.0
        while mode.value is not None:
            started = time.perf_counter()
            with bench.lock:
                if bench.finished:
                    break
                bench.step(speed.value if mode.value == "play" else 1)
            now = time.perf_counter()
            if mode.value == "play" or now - last >= END_REDRAW or bench.finished:
                redraw()
                last = now
            took = time.perf_counter() - started
            time.sleep(max(0.15 - took, took) if mode.value == "play" else 0.25 * took)
        if bench.finished and mode.value is not None:
            mode.value = None
            redraw()

    solara.lab.use_task(loop, dependencies=[mode.value], prefer_threaded=True)
    solara.use_effect(lambda: None if active else mode.set(None), [active])

    labels = bench.labels
    colours = {label: scenario_colour(k) for k, label in enumerate(labels)}

    def draw() -> bytes:
        with bench.lock:
            table = bench.bands(plots.outcomes)
            horizon = bench.horizon
            changes = {e.label: e.scenario.change_weeks() for e in bench.entries}
        return plots.png(
            band_arrays(table, plots.outcomes), colours, horizon, lang, changes=changes
        )

    png = solara.use_memo(draw, [tick.value, lang, plots])

    query = compare_query(slots.value, {k: base[k] for k in LEVERS}, runs.value, seed.value)
    use_address("compare", query, on_address, active)

    week, horizon = bench.week, bench.horizon
    running = mode.value is not None
    solara.Text(tr("wb_intro"), style={"max-width": "80em", "display": "block"})
    # While the visitor decides, the moved slider shows where it was moved to.
    Slots(slots.value if pending.value is None else pending.value[0], labels, files, on_slots)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "16px"}):
        if len(slots.value) < MAX_SCENARIOS:
            solara.Button(tr("wb_add"), icon_name="mdi-plus", text=True, on_click=add_slot,
                          classes=["bpsim-add-slot"])  # fmt: skip
        solara.InputInt(
            tr("wb_runs"),
            value=runs.value,
            on_value=lambda v: (
                restart(new_runs=int(v), what=tr("wb_runs").lower())
                if v is not None and 1 <= v <= MAX_RUNS
                else error.set(tr("wb_runs_bad", value=v, most=MAX_RUNS))
            ),
            classes=["bpsim-runs"],
            style={"max-width": "11em"},
        )
        solara.InputInt(
            tr("seed"),
            value=seed.value,
            on_value=lambda v: (
                restart(new_seed=int(v), what=tr("seed").lower())
                if v is not None and v >= 0
                else None
            ),  # fmt: skip
            classes=["bpsim-seed"],
            style={"max-width": "8em"},
        )
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "8px"}):
        solara.Button(
            tr("pause") if mode.value == "play" else tr("play"),
            icon_name="mdi-pause" if mode.value == "play" else "mdi-play",
            on_click=lambda: mode.set(None if mode.value == "play" else "play"),
            disabled=bench.finished,
            color="primary",
            classes=["bpsim-play"],
        )
        solara.Button(
            tr("step"), icon_name="mdi-step-forward", on_click=step,
            disabled=running or bench.finished, outlined=True, color="primary",
            classes=["bpsim-step"],
        )  # fmt: skip
        solara.Button(
            tr("wb_to_end"), icon_name="mdi-fast-forward", on_click=lambda: mode.set("end"),
            disabled=mode.value == "end" or bench.finished, outlined=True, color="primary",
            classes=["bpsim-to-end"],
        )  # fmt: skip
        solara.Button(
            tr("wb_cancel"), icon_name="mdi-stop", on_click=lambda: mode.set(None),
            disabled=not running, text=True, classes=["bpsim-cancel"],
        )  # fmt: skip
        solara.Button(
            tr("reset"), icon_name="mdi-restore", on_click=lambda: restart(), text=True,
            classes=["bpsim-reset"],
        )  # fmt: skip
        with solara.Row(style={"align-items": "center"}):
            solara.Text(tr("wb_speed"))
            with solara.ToggleButtonsSingle(value=speed, dense=True, classes=["bpsim-speed"]):
                for weeks in SPEEDS:
                    solara.Button(str(weeks), value=weeks, text=True,
                                  attributes={"title": tr(f"wb_speed_{weeks}")})  # fmt: skip
    with solara.Column(gap="0px", classes=["bpsim-progress"]):
        solara.ProgressLinear(value=100.0 * week / max(1, horizon), color="primary")
        solara.Text(
            tr("wb_progress", week=week, horizon=horizon, scenarios=len(labels), runs=runs.value),
            classes=["bpsim-week"],
            style={"font-size": "0.9rem"},
        )
    if pending.value:
        LeverQuestion(
            pending.value[1],
            week,
            on_restart=restart_pending,
            on_apply=apply_pending,
            on_keep=lambda: pending.set(None),
            can_apply=not bench.finished,
        )
    elif note.value:
        solara.Warning(note.value, dense=True, classes=["bpsim-restart-note"])
    if error.value:
        solara.Error(error.value, classes=["bpsim-error"])
    outcome_items = [{"text": i18n.outcome_label(n, lang), "value": n} for n in OUTCOMES]
    solara.v.Select(
        label=tr("wb_outcomes"),
        items=outcome_items,
        v_model=list(shown.value),
        on_v_model=lambda v: shown.set([n for n in OUTCOMES if n in v] or shown.value),
        multiple=True,
        dense=True,
        class_="bpsim-outcomes-choice",
        style_="max-width: 80em;",
    )
    Figure(png, "bands")

    def bands_csv() -> bytes:
        with bench.lock:
            return csv_bytes(bench.bands())

    def runs_csv() -> bytes:
        with bench.lock:
            scenarios = {e.label: e.scenario for e in bench.entries}
            return csv_bytes(with_lever_columns(bench.timeseries(), scenarios))

    stem = ("compare", *labels, f"seed{seed.value}", f"week{week}")
    Downloads(
        [
            (tr("download_png"), png, file_name(*stem, suffix=".png"), "image/png"),
            (tr("download_bands"), bands_csv, file_name(*stem, "bands", suffix=".csv"), "text/csv"),
            (tr("download_runs"), runs_csv, file_name(*stem, "runs", suffix=".csv"), "text/csv"),
        ]  # fmt: skip
    )
    RobustPanel()  # a finished robust comparison, from its store (bpsim/dashboard/robust_view.py)
