"""The Solara app of ``bpsim dashboard`` (``solara run bpsim.dashboard.app``).

Every visitor's browser session renders its own `Page`, and every model lives in
state created by a page component, so visitors never share a model. Nothing here
builds a model at import time.
"""

from __future__ import annotations

import warnings

import solara
import solara.lab
import solara.server.settings

from bpsim.dashboard import address
from bpsim.dashboard.components import FilesVersionContext, LanguageContext
from bpsim.dashboard.files import scenario_files
from bpsim.dashboard.pages.compare import ComparePage
from bpsim.dashboard.pages.explore import ExplorePage
from bpsim.dashboard.pages.results import ResultsPage
from bpsim.dashboard.pages.scenarios import ScenariosPage
from bpsim.dashboard.settings import default_lang
from bpsim.machinery import i18n

# No usage statistics leave the machine, however the app was started (the CLI
# also sets SOLARA_TELEMETRY_MIXPANEL_ENABLE=False before Solara is imported).
solara.server.settings.telemetry.mixpanel_enable = False
# Solara's "This website runs on Solara" badge sits over the bottom right of the page,
# where it covered a chart in a 1280x720 window (the CLI also sets SOLARA_THEME_SHOW_BANNER).
solara.server.settings.theme.show_banner = False
# Solara warns on every first visit over plain http to 127.0.0.1 that it falls back to
# SameSite=Lax cookies; that fallback is right for a local dashboard not in an iframe.
warnings.filterwarnings("ignore", message="Cookies with samesite=none", category=UserWarning)


@solara.component
def LanguageSwitch(lang: solara.Reactive[str]):
    """EN | NL in the app bar."""
    with solara.ToggleButtonsSingle(value=lang, dense=True, classes=["bpsim-language"]):
        for code in i18n.LANGS:
            solara.Button(code.upper(), value=code, text=True, classes=[f"bpsim-lang-{code}"])


@solara.component
def Dashboard(lang: solara.Reactive[str], view: address.View | None = None):
    """The four tabs, in the language `lang` holds, and the address that follows them.

    The address (its query string) always names the tab shown, the language and
    that tab's scenario, levers and seed (see `bpsim.dashboard.address`), so it can
    be bookmarked or sent; opened elsewhere it starts the same view.

    Args:
        lang: The session's language, switched by `LanguageSwitch`.
        view: What the address asked for when the page was opened.
    """
    view = view or address.View()
    router = solara.use_router()
    tab = solara.use_reactive(address.PAGES.index(view.page))
    files_version = solara.use_reactive(0)
    parts = solara.use_ref({})
    LanguageContext.provide(lang.value)
    FilesVersionContext.provide(files_version)

    def tr(key: str, **values) -> str:
        return i18n.text(key, lang.value, **values)

    def push() -> None:
        page = address.PAGES[tab.value]
        search = address.encode(page, lang.value, parts.current.get(page, {}))
        # Outside a Solara server (tests) there is no address to change.
        if router.set_path is not None and (router.search or "") != search:
            router.push(f"{router.path or '/'}?{search}")

    def on_address(page: str, query: dict) -> None:
        parts.current[page] = query
        push()

    # The address is also a dependency: when the page loads, the browser reports its
    # address once more, which would undo a push made before that.
    solara.use_effect(push, [tab.value, lang.value, router.search])

    solara.Title(tr("app_title"))
    solara.Style(STYLE)
    for problem in view.problems:
        solara.Warning(
            tr("address_problem", key=problem.key, value=problem.value, why=problem.why),
            dense=True,
            classes=["bpsim-address-problem"],
        )
    with solara.lab.Tabs(value=tab):
        with solara.lab.Tab(tr("tab_explore"), icon_name="mdi-map-outline"):
            ExplorePage(
                active=tab.value == 0,
                initial=view if view.page == "explore" else None,
                on_address=on_address,
            )
        with solara.lab.Tab(tr("tab_compare"), icon_name="mdi-compare-horizontal"):
            ComparePage(
                active=tab.value == 1,
                initial=view if view.page == "compare" else None,
                on_address=on_address,
            )
        with solara.lab.Tab(tr("tab_scenarios"), icon_name="mdi-file-document-edit-outline"):
            ScenariosPage()
        with solara.lab.Tab(tr("tab_results"), icon_name="mdi-chart-box-outline"):
            ResultsPage()


@solara.component
def Page():
    """The whole dashboard: the language switch in the app bar, and the tabs."""
    router = solara.use_router()
    view = solara.use_memo(lambda: address.parse(router.search, scenario_files(), i18n.LANGS), [])
    lang = solara.use_reactive(view.lang or default_lang())
    with solara.AppBar():
        solara.Text(i18n.text("language", lang.value) + ":", style={"margin-right": "8px"})
        LanguageSwitch(lang)
    Dashboard(lang, view)


#: A little CSS: room between levers, and figures that never overflow their column.
STYLE = """
.bpsim-lever { margin: 10px 0 6px 0; }
.bpsim-lever-panel .bpsim-lever { margin: 1px 0 3px 0; }
.bpsim-lever-panel .v-card__title { padding: 6px 16px 4px 16px; font-size: 1.05rem; }
.bpsim-lever-panel .v-card__text { padding-top: 0; padding-bottom: 6px; }
.bpsim-lever-panel .bpsim-lever .v-input { margin-top: 0; padding-top: 0; }
.bpsim-lever-panel .bpsim-seed { margin-top: 6px; }
.bpsim-lever-panel .v-slider { min-height: 22px; }
.bpsim-lever-panel .v-input__slot { margin-bottom: 0; min-height: 22px; }
.bpsim-lever-panel .bpsim-start-from .v-input__slot { min-height: 0; }
.bpsim-lever-value { font-variant-numeric: tabular-nums; }
.solara-image { max-width: 100%; height: auto; }
.bpsim-side-a .bpsim-map, .bpsim-side-b .bpsim-map { max-width: 460px; }
.bpsim-legend { max-width: 260px; }
.bpsim-other-files .v-btn { text-transform: none; }
.bpsim-figure-dialog .solara-image { max-width: none; }
"""
