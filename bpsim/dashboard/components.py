"""Solara building blocks shared by the dashboard's pages.

Mesa's SolaraViz offers a controller and parameter inputs too, but they could not
be used here: its labels are English only, its inputs show no meaning, it holds one
model per page (Compare needs two), and its Reset rebuilds the model with Mesa's
own ``model.scenario`` object as the ``scenario`` argument, which NeighbourhoodModel
reads as a bpsim Scenario. These components do the same jobs for bpsim.
"""

from __future__ import annotations

from collections.abc import Callable

import solara
import solara.lab
from solara.alias import rv

from bpsim.core.scenario import SPECS
from bpsim.machinery import i18n

#: The language of the session, provided by the app's page to every component.
LanguageContext = solara.create_context("en")
#: A counter that rises whenever a scenario file is saved, so lists of files refresh.
FilesVersionContext = solara.create_context(None)

#: Slider resolution for the levers (all levers run from 0 to 1).
LEVER_STEP = 0.05


def use_lang() -> str:
    """The session's language (``"en"`` or ``"nl"``); a hook, so call it once per render."""
    return solara.use_context(LanguageContext)


def use_files_version() -> solara.Reactive[int]:
    """The counter of saved scenario files (a page's own if no app provides one); a hook."""
    provided = solara.use_context(FilesVersionContext)
    own = solara.use_reactive(0)
    return provided if provided is not None else own


def use_text() -> Callable[..., str]:
    """A function giving interface text in the session's language.

    A hook (it reads the language context): call it once, unconditionally, at the
    top of a component, then call what it returns as often as needed.
    """
    lang = use_lang()

    def text(key: str, **values: object) -> str:
        return i18n.text(key, lang, **values)

    return text


def use_address(
    page: str, query: dict, on_address: Callable[[str, dict], None] | None, active: bool
) -> None:
    """Hand a page's view to the app, which writes it into the address; a hook.

    Called with ``(page, query)`` whenever the view changes or the page is shown
    again; a hidden page keeps quiet, so that it never replaces the address of the
    page on show.

    Args:
        page: The page's name in the address (``"explore"``, ``"compare"``).
        query: The page's view as address parameters.
        on_address: The app's callback, or None outside the app.
        active: Whether the page is on show.
    """

    def report() -> None:
        if on_address is not None and active:
            on_address(page, query)

    solara.use_effect(report, [tuple(query.items()), active])


@solara.component
def LeverSlider(
    name: str,
    value: float,
    on_change: Callable[[float], None],
    disabled=False,
    compact=False,
):
    """One lever: its label and value, a slider, and what it means in plain words.

    The slider reports a new value when it is released (Vuetify's ``change``
    event), not while it is dragged: every new value restarts a run, and a drag
    would restart it dozens of times.

    Args:
        name: The lever's parameter name.
        value: Its current value.
        on_change: Called with the new value when the visitor lets go.
        disabled: Grey the slider out.
        compact: One row per lever, the meaning on hover, so that every lever fits a
            1280x720 window beside the map.
    """
    lang = use_lang()
    spec = SPECS[name]
    label = i18n.parameter_label(name, lang)
    meaning = i18n.parameter_meaning(name, lang)

    def on_release(widget, event, data):
        on_change(round(float(data), 4))

    def slider_widget():
        slider = rv.Slider(
            v_model=value,
            min=spec.low,
            max=spec.high,
            step=LEVER_STEP,
            dense=True,
            hide_details=True,
            disabled=disabled,
            thumb_label=True,
            class_="bpsim-lever-slider",
            attributes={"aria-label": label, "data-lever": name},
            style_="flex: 1 1 auto; min-width: 6em;",
        )
        # A hook in a nested function is safe here: slider_widget runs exactly once in
        # every render, whichever layout, so the hooks keep their order.
        rv.use_event(slider, "change", on_release)  # noqa: SH104

    with solara.Column(gap="0px", classes=["bpsim-lever", f"bpsim-lever-{name}"]):
        if compact:
            # One row per lever (label, slider, value; the meaning on hover), so that every
            # lever fits a 1280x720 window beside the map however many levers there are.
            with solara.Row(gap="6px", style={"align-items": "center", "flex-wrap": "nowrap"}):
                solara.v.Html(
                    tag="div",
                    children=[label],
                    attributes={"title": meaning},
                    class_="bpsim-lever-meaning",
                    style_="flex: 0 0 10.5em; font-size: 0.82rem; font-weight: 500; "
                    "white-space: nowrap; overflow: hidden; text-overflow: ellipsis;",
                )
                slider_widget()
                solara.Text(
                    i18n.number(value, 2, lang),
                    classes=["bpsim-lever-value"],
                    style={"flex": "0 0 2.6em", "text-align": "right"},
                )
        else:
            with solara.Row(justify="space-between", style={"align-items": "baseline"}):
                solara.Text(label, style={"font-weight": "500"})
                solara.Text(i18n.number(value, 2, lang), classes=["bpsim-lever-value"])
            slider_widget()
            solara.Text(
                meaning,
                style={"font-size": "0.8rem", "color": "#555", "line-height": "1.25"},
                classes=["bpsim-lever-meaning"],
            )


@solara.component
def RunControls(
    week: int,
    horizon: int,
    playing: bool,
    on_step: Callable[[], None],
    on_play: Callable[[], None],
    on_reset: Callable[[], None],
):
    """Step, Play/Pause and Reset, with the week reached.

    Args:
        week: Weeks simulated.
        horizon: Weeks in the whole run.
        playing: Whether the run is playing.
        on_step: Advance one week.
        on_play: Toggle playing.
        on_reset: Start again at week 0.
    """
    tr = use_text()
    finished = week >= horizon
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            tr("step"),
            icon_name="mdi-step-forward",
            on_click=on_step,
            disabled=playing or finished,
            color="primary",
            classes=["bpsim-step"],
        )
        solara.Button(
            tr("pause") if playing else tr("play"),
            icon_name="mdi-pause" if playing else "mdi-play",
            on_click=on_play,
            disabled=finished and not playing,
            color="primary",
            outlined=True,
            classes=["bpsim-play"],
        )
        solara.Button(
            tr("reset"), icon_name="mdi-restore", on_click=on_reset, text=True,
            classes=["bpsim-reset"],
        )  # fmt: skip
        solara.Text(tr("week_of", week=week, horizon=horizon), classes=["bpsim-week"])
    if finished:
        solara.Info(tr("finished", horizon=horizon), dense=True)


@solara.component
def ColourSwitch(value: solara.Reactive[str]):
    """Choose what the households' colour shows: unmet need or trust."""
    tr = use_text()
    with solara.Row(style={"align-items": "center"}):
        solara.Text(tr("colour_by"))
        with solara.ToggleButtonsSingle(value=value, dense=True, classes=["bpsim-colour"]):
            solara.Button(tr("colour_unmet"), value="unmet", text=True)
            solara.Button(tr("colour_trust"), value="trust", text=True)


@solara.component
def Figure(png: bytes, kind: str):
    """A drawn figure, scaled to the width of its column (the page style may cap it).

    Args:
        png: The PNG bytes.
        kind: A class name suffix (``map``, ``plots``, ``difference``, ``legend``),
            so tests and the page's style can find the figure.
    """
    solara.Image(png, width="100%", classes=[f"bpsim-{kind}"])


def use_play_loop(
    playing: solara.Reactive[bool], advance: Callable[[], bool], interval: float = 0.1
) -> None:
    """While `playing`, call `advance` in a background thread, resting between weeks.

    `advance` steps the run and returns False when the run cannot go on; the loop
    then stops and `playing` turns False. The thread belongs to the component, so
    to the session.

    After each week the loop rests at least as long as the week took. Without that
    rest, on a busy machine the thread would hold Python's interpreter lock almost
    all the time: the server's event loop then sends the pictures late and hears
    Pause late, and the page falls seconds behind the model (seen on a loaded
    two-core machine). With it, Play slows down instead.

    Args:
        playing: Whether to play.
        advance: One week: step and trigger a redraw; returns whether to go on.
        interval: Shortest time between weeks, so a visitor can follow.
    """
    import time

    def loop() -> None:
        while playing.value:
            started = time.perf_counter()
            try:
                go_on = advance()
            except Exception:
                playing.value = False
                raise
            if not go_on:
                playing.value = False
                return
            took = time.perf_counter() - started
            time.sleep(max(interval - took, took))

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)


@solara.component
def Downloads(items):
    """Download buttons for a view: its charts as PNG, its data as CSV.

    Each button's data may be bytes or a function giving bytes, called only when
    the visitor asks for the file (so a table is built on demand, in a thread).

    Args:
        items: (label, data, file name, MIME type) per button.
    """
    with solara.Row(classes=["bpsim-downloads"], style={"flex-wrap": "wrap", "gap": "8px"}):
        for label, data, filename, mime in items:
            kind = filename.rsplit(".", 1)[-1]
            solara.FileDownload(
                data,
                filename=filename,
                mime_type=mime,
                children=[
                    solara.Button(
                        label,
                        icon_name="mdi-download",
                        outlined=True,
                        small=True,
                        classes=["bpsim-download", f"bpsim-download-{kind}"],
                    )
                ],
            )


@solara.component
def LeverQuestion(
    what: str,
    week: int,
    on_restart: Callable[[], None],
    on_apply: Callable[[], None],
    on_keep: Callable[[], None],
    can_apply: bool = True,
):
    """Asks what a lever moved mid-run should do: restart at week 0, or apply from now on.

    Args:
        what: The change in words ("freedom of movement (0.50 → 0.85)").
        week: The week the run stands at (weeks simulated; the change would hold from
            the next one).
        on_restart: Start again at week 0 with the new value.
        on_apply: The new value holds from this week on (a timeline entry).
        on_keep: Forget the move.
        can_apply: False when the run has ended (nothing is left to apply it to).
    """
    tr = use_text()
    with solara.Column(gap="4px", classes=["bpsim-lever-question"]):
        solara.Info(tr("lever_ask", what=what, week=week, next=week + 1), dense=True)
        with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
            solara.Button(tr("lever_apply", week=week + 1), icon_name="mdi-debug-step-over",
                          on_click=on_apply, disabled=not can_apply, color="primary",
                          classes=["bpsim-lever-apply"])  # fmt: skip
            solara.Button(tr("lever_restart"), icon_name="mdi-restore", on_click=on_restart,
                          outlined=True, color="primary",
                          classes=["bpsim-lever-restart"])  # fmt: skip
            solara.Button(tr("lever_keep"), on_click=on_keep, text=True,
                          classes=["bpsim-lever-keep"])  # fmt: skip
