"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: A small neighbourhood for fast tests (same mechanisms, fewer households and weeks).
SMALL = {
    "n_households": 300,
    "workers_per_1000": 33.0,
    "everyday_doers_per_1000": 10.0,
    "frontline_best_persons_per_1000": 7.0,
    "social_entrepreneurs_per_1000": 7.0,
    "bridge_builders_per_1000": 7.0,
    "steps": 40,
}


@pytest.fixture
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture
def small() -> dict:
    """Overrides for a small, fast neighbourhood."""
    return dict(SMALL)


# --- Dashboard: real-browser fixtures ------------------------------------------------------------
# pytest-playwright drives Debian's Chromium (Playwright's own download needs the internet).
# These flags keep Chromium off the network; browser tests skip, saying why, without it.

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at Debian's Chromium, headless."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (.ci/run does)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


# --- end of the dashboard's section ------------------------------------------------------------
