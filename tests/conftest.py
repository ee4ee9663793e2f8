"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: A small neighbourhood for fast tests (same mechanisms, fewer households and weeks).
SMALL = {
    "n_households": 300,
    "n_workers": 10,
    "n_everyday_doers": 3,
    "n_frontline_best_persons": 2,
    "n_social_entrepreneurs": 2,
    "n_bridge_builders": 2,
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
