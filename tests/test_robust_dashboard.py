"""The Compare page's panel shows a stored robust comparison without running anything."""

from __future__ import annotations

import ipyvuetify as v
import ipywidgets
import solara

from bpsim.comparison import robust
from bpsim.core.scenario import load_scenario
from bpsim.dashboard import settings
from bpsim.dashboard.components import LanguageContext
from bpsim.dashboard.robust_view import RobustPanel, robust_stores
from bpsim.experiment import runner
from tests.test_robust import TINY, VARY, toy_run


@solara.component
def InLanguage(lang: str):
    LanguageContext.provide(lang)
    RobustPanel()


def _shown(rc) -> str:
    import html

    from ipyvuetify.VuetifyTemplate import VuetifyTemplate

    parts = [w.value for w in rc.find(ipywidgets.HTML).widgets]
    parts += [html.unescape(w.template) for w in rc.find(VuetifyTemplate).widgets]  # Markdown
    for w in rc.find(v.Html).widgets + rc.find(v.Alert).widgets:
        parts += [c for c in w.children if isinstance(c, str)]
    return " | ".join(parts)


def test_panel_lists_and_shows_a_stored_robust_comparison(tmp_path, monkeypatch, session):
    results = tmp_path / "results"
    results.mkdir()
    monkeypatch.setenv(settings.RESULTS_ENV, str(results))
    _, rc = solara.render(InLanguage("en"), handle_error=False)
    assert "bpsim compare --uncertainty" in _shown(rc)

    monkeypatch.setattr(runner, "execute_run", toy_run)
    pair = [load_scenario(f"scenarios/{n}.toml", TINY) for n in ("restricted", "open")]
    robust.run_robust(pair, worlds=30, replications=1, store=results / "cmp" / "robust",
                      ranges=VARY)  # fmt: skip
    assert robust_stores() == [results / "cmp" / "robust"]

    def no_runs(task):  # the panel must read the store, never run the model
        raise AssertionError("the dashboard ran the model")

    monkeypatch.setattr(runner, "execute_run", no_runs)
    expected = {
        "en": "does better on Take-up when seek_rate >",
        "nl": "doet het beter op Gebruik van hulp wanneer seek_rate >",
    }
    for lang, words in expected.items():
        _, rc = solara.render(InLanguage(lang), handle_error=False)
        [btn] = [w for w in rc.find(v.Btn).widgets if "bpsim-robust-refresh" in (w.class_ or "")]
        btn.click()
        shown = _shown(rc)
        assert words in shown
        figures = [w for w in rc.find(ipywidgets.Image).widgets
                   if "bpsim-robust-spread" in w._dom_classes]  # fmt: skip
        assert figures and figures[0].value[:4] == b"\x89PNG"
