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

from bpsim.dashboard import i18n
from bpsim.dashboard.components import FilesVersionContext, LanguageContext
from bpsim.dashboard.pages.compare import ComparePage
from bpsim.dashboard.pages.explore import ExplorePage
from bpsim.dashboard.pages.results import ResultsPage
from bpsim.dashboard.pages.scenarios import ScenariosPage
from bpsim.dashboard.settings import default_lang

# No usage statistics leave the machine, however the app was started (the CLI
# also sets SOLARA_TELEMETRY_MIXPANEL_ENABLE=False before Solara is imported).
solara.server.settings.telemetry.mixpanel_enable = False
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
def Dashboard(lang: solara.Reactive[str]):
    """The four tabs, in the language `lang` holds.

    Args:
        lang: The session's language, switched by `LanguageSwitch`.
    """
    tab = solara.use_reactive(0)
    files_version = solara.use_reactive(0)
    LanguageContext.provide(lang.value)
    FilesVersionContext.provide(files_version)

    def tr(key: str) -> str:
        return i18n.text(key, lang.value)

    solara.Title(tr("app_title"))
    solara.Style(STYLE)
    with solara.lab.Tabs(value=tab):
        with solara.lab.Tab(tr("tab_explore"), icon_name="mdi-map-outline"):
            ExplorePage(active=tab.value == 0)
        with solara.lab.Tab(tr("tab_compare"), icon_name="mdi-compare-horizontal"):
            ComparePage(active=tab.value == 1)
        with solara.lab.Tab(tr("tab_scenarios"), icon_name="mdi-file-document-edit-outline"):
            ScenariosPage()
        with solara.lab.Tab(tr("tab_results"), icon_name="mdi-chart-box-outline"):
            ResultsPage()


@solara.component
def Page():
    """The whole dashboard: the language switch in the app bar, and the tabs."""
    lang = solara.use_reactive(default_lang())
    with solara.AppBar():
        solara.Text(i18n.text("language", lang.value) + ":", style={"margin-right": "8px"})
        LanguageSwitch(lang)
    Dashboard(lang)


#: A little CSS: room between levers, and figures that never overflow their column.
STYLE = """
.bpsim-lever { margin: 10px 0 6px 0; }
.bpsim-lever-value { font-variant-numeric: tabular-nums; }
.solara-image { max-width: 100%; height: auto; }
.bpsim-side-a .bpsim-map, .bpsim-side-b .bpsim-map { max-width: 460px; }
.bpsim-legend { max-width: 260px; }
"""
