"""Compare: the same neighbourhood and seed under two lever settings, side by side."""

from __future__ import annotations

import solara

from bpsim.dashboard import i18n
from bpsim.dashboard.components import (
    ColourSwitch,
    Figure,
    LeverSlider,
    RunControls,
    use_lang,
    use_play_loop,
    use_text,
)
from bpsim.dashboard.drawing import NeighbourhoodMap, OutcomePlots, legend_png
from bpsim.dashboard.pages.explore import initial_choice, load_start
from bpsim.dashboard.robust_view import RobustPanel
from bpsim.dashboard.simulation import Pair
from bpsim.figures import MAIN_OUTCOMES
from bpsim.scenario import LEVERS, Scenario, ScenarioError, default_scenario

#: Freedom of movement on the restricted (A) and open (B) side by default, as in
#: scenarios/restricted.toml and scenarios/open.toml.
RESTRICTED, OPEN = 0.1, 0.9


def default_sides(base: Scenario) -> tuple[dict[str, float], dict[str, float]]:
    """Levers of A (restricted) and B (open): the base's, with freedom 0.1 and 0.9."""
    levers = {k: base[k] for k in LEVERS}
    return (
        {**levers, "freedom_of_movement": RESTRICTED},
        {**levers, "freedom_of_movement": OPEN},
    )


def describe_difference(a: dict[str, float], b: dict[str, float], lang: str) -> str:
    """One line naming the levers in which B differs from A."""
    items = [
        f"{i18n.parameter_label(k, lang).lower()} "
        f"({i18n.number(a[k], 2, lang)} → {i18n.number(b[k], 2, lang)})"
        for k in LEVERS
        if a[k] != b[k]
    ]
    if not items:
        return i18n.text("differs_nothing", lang)
    return i18n.text("differs_in", lang, items="; ".join(items))


def side_caption(side: str, own: dict[str, float], other: dict[str, float], lang: str) -> str:
    """A side's name with the lever values that set it apart, e.g. "A: freedom 0.10"."""
    parts = [
        f"{i18n.parameter_label(k, lang).lower()} {i18n.number(own[k], 2, lang)}"
        for k in LEVERS
        if own[k] != other[k]
    ]
    return f"{side}: {', '.join(parts)}" if parts else side


@solara.component
def SideLevers(side: str, levers: dict[str, float], on_lever):
    """The levers of one side, folded away until opened."""
    tr = use_text()
    with solara.Details(tr("settings_of", side=side), expand=False):
        for name in LEVERS:
            LeverSlider(name, levers[name], lambda v, n=name: on_lever(n, v))


@solara.component
def ComparePage(active: bool = True):
    """The Compare tab.

    Args:
        active: Whether the tab is shown; a hidden tab stops playing.
    """
    lang = use_lang()
    tr = use_text()

    def first_pair():
        try:
            base = load_start(initial_choice())
        except ScenarioError:
            base = default_scenario()
        a, b = default_sides(base)
        return base, a, b

    base, first_a, first_b = solara.use_memo(first_pair, [])
    levers_a = solara.use_reactive(first_a)
    levers_b = solara.use_reactive(first_b)
    seed = solara.use_reactive(0)
    # Two models per session, created by this component.
    pair = solara.use_memo(
        lambda: Pair(base.with_overrides(first_a), base.with_overrides(first_b), 0), []
    )
    maps = solara.use_memo(
        lambda: (NeighbourhoodMap(legend=False), NeighbourhoodMap(legend=False)), []
    )
    both = solara.use_memo(
        lambda: OutcomePlots(MAIN_OUTCOMES, runs=2, cols=2, width=6.4, height=7.4), []
    )
    diff = solara.use_memo(
        lambda: OutcomePlots(MAIN_OUTCOMES, difference=True, cols=2, width=6.4, height=7.4), []
    )
    legend = solara.use_memo(lambda: legend_png(lang), [lang])
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    colour_by = solara.use_reactive("unmet")
    error = solara.use_reactive(None)

    def redraw() -> None:
        tick.value += 1

    def restart(new_a=None, new_b=None, new_seed=None) -> None:
        playing.value = False
        new_a = new_a if new_a is not None else levers_a.value
        new_b = new_b if new_b is not None else levers_b.value
        try:
            sa, sb = base.with_overrides(new_a), base.with_overrides(new_b)
        except ScenarioError as err:
            error.value = str(err)
            return
        pair.reset(sa, sb, seed.value if new_seed is None else new_seed)
        levers_a.value, levers_b.value = new_a, new_b
        if new_seed is not None:
            seed.value = new_seed
        error.value = None
        redraw()

    def step() -> None:
        try:
            pair.step()
        except Exception as err:  # the page must survive a model error
            error.value = f"{type(err).__name__}: {err}"
        redraw()

    def advance() -> bool:
        # Both locks are released before the redraw, which takes them again.
        with pair.a.lock, pair.b.lock:
            if not playing.value or pair.finished:
                return False
            pair.step()
        redraw()
        return not pair.finished

    use_play_loop(playing, advance)
    solara.use_effect(lambda: None if active else playing.set(False), [active])

    label_a = side_caption(tr("side_a"), levers_a.value, levers_b.value, lang)
    label_b = side_caption(tr("side_b"), levers_b.value, levers_a.value, lang)

    def draw() -> tuple[bytes, bytes, bytes, bytes]:
        # Under the locks: neither model steps while read, no figure is drawn twice at once.
        with pair.a.lock, pair.b.lock:
            png_a = maps[0].png(pair.a.model, colour_by.value, lang)
            png_b = maps[1].png(pair.b.model, colour_by.value, lang)
            ha, hb = pair.a.history(MAIN_OUTCOMES), pair.b.history(MAIN_OUTCOMES)
            horizon = pair.a.horizon
            png_both = both.png([ha, hb], horizon, lang, tr("both"), (label_a, label_b))
            delta = {k: hb[k] - ha[k] for k in MAIN_OUTCOMES}
            png_diff = diff.png([delta], horizon, lang, tr("difference"))
        return png_a, png_b, png_both, png_diff

    png_a, png_b, png_both, png_diff = solara.use_memo(draw, [tick.value, colour_by.value, lang])

    solara.Text(tr("compare_intro"), style={"max-width": "70em", "display": "block"})
    with solara.Columns([1, 1]):
        SideLevers(
            tr("side_a"), levers_a.value, lambda n, v: restart(new_a={**levers_a.value, n: v})
        )
        SideLevers(
            tr("side_b"), levers_b.value, lambda n, v: restart(new_b={**levers_b.value, n: v})
        )
    solara.Info(
        describe_difference(levers_a.value, levers_b.value, lang),
        dense=True,
        classes=["bpsim-differs"],
    )
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "24px"}):
        RunControls(
            pair.week,
            pair.a.horizon,
            playing.value,
            on_step=step,
            on_play=lambda: playing.set(not playing.value),
            on_reset=lambda: restart(),
        )
        ColourSwitch(colour_by)
        solara.InputInt(
            tr("seed"),
            value=seed.value,
            on_value=lambda v: restart(new_seed=int(v)) if v is not None and v >= 0 else None,
            classes=["bpsim-seed"],
            style={"max-width": "8em"},
        )
    if error.value:
        solara.Error(error.value, classes=["bpsim-error"])
    with solara.Columns([2, 2, 1]):
        with solara.Column(classes=["bpsim-side-a"]):
            solara.Text(label_a, style={"font-weight": "600"})
            Figure(png_a, "map")
        with solara.Column(classes=["bpsim-side-b"]):
            solara.Text(label_b, style={"font-weight": "600"})
            Figure(png_b, "map")
        with solara.Column():
            Figure(legend, "legend")
            solara.Text(tr("map_help"), style={"font-size": "0.85rem", "color": "#444"})
    with solara.Columns([1, 1]):
        Figure(png_both, "plots")
        with solara.Column():
            Figure(png_diff, "difference")
            solara.Text(tr("difference_help"), style={"font-size": "0.85rem", "color": "#444"})
    RobustPanel()  # a finished robust comparison, from its store (bpsim/dashboard/robust_view.py)
