"""What the dashboard's tests without a browser share: a small neighbourhood and finders.

The fixtures that go with them (`folders`, `session`, `spy_resets`) are in conftest.py.
"""

from __future__ import annotations

import time

import ipyvuetify as v
import ipywidgets

from bpsim.core.scenario import Scenario
from tests.conftest import SMALL as CONFTEST_SMALL

#: The shared small neighbourhood, over fewer weeks (a dashboard test plays it to the end).
SMALL = {**CONFTEST_SMALL, "steps": 30}


def small_scenario(**levers) -> Scenario:
    return Scenario.from_mapping({**SMALL, **levers}, name="small")


def with_class(rc, cls: str, widget=v.Btn) -> list:
    """Widgets of a type whose CSS classes include `cls`."""
    return [w for w in rc.find(widget).widgets if cls in (getattr(w, "class_", None) or "").split()]


def images(rc, kind: str) -> list[ipywidgets.Image]:
    return [w for w in rc.find(ipywidgets.Image).widgets if f"bpsim-{kind}" in w._dom_classes]


def texts(rc) -> str:
    """All text shown by plain text widgets, joined."""
    shown = []
    for w in rc.find(v.Html).widgets + rc.find(v.Alert).widgets:
        shown += [c for c in w.children if isinstance(c, str)]
    for w in rc.find(ipywidgets.HTML).widgets:
        shown.append(w.value)
    return " | ".join(shown)


def week_text(rc) -> str:
    found = with_class(rc, "bpsim-week", v.Html)
    assert found, "no week counter on the page"
    return found[0].children[0]


def wait_for(condition, timeout=20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def lever_slider(rc, name: str, k: int = 0) -> v.Slider:
    return [s for s in rc.find(v.Slider).widgets if s.attributes["data-lever"] == name][k]
