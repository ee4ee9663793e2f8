"""Shared test fixtures."""

from __future__ import annotations

import signal
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: The tiers other than the fast one; `uv run pytest` leaves them out unless asked.
OTHER_TIERS = ("slow", "browser", "cluster")
FAST_TIER = " and ".join(f"not {tier}" for tier in OTHER_TIERS)


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--every-tier`: the fast tier and the slow, browser and cluster tiers (what CI runs)."""
    parser.addoption(
        "--every-tier",
        action="store_true",
        help="run every tier (fast, slow, browser, cluster), as .ci/run does",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Without `-m` or `--every-tier`, run the fast tier only: the quick loop is the default.

    Tests named on the command line (a file, a folder, a node id) run whatever their tier, so
    that asking for one slow test runs it rather than deselecting it silently.
    """
    named = config.args_source == pytest.Config.ArgsSource.ARGS
    if not config.option.markexpr and not config.getoption("--every-tier") and not named:
        config.option.markexpr = FAST_TIER


def pytest_report_header(config: pytest.Config) -> str:
    """Say which tiers run, so a short run is never mistaken for the whole suite."""
    if config.getoption("--every-tier"):
        return "tiers: every tier (fast, slow, browser, cluster)"
    if config.option.markexpr == FAST_TIER:
        return "tiers: fast only (--every-tier adds slow, browser and cluster; -m slow runs one)"
    return f"tiers: -m {config.option.markexpr!r}"


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


# --- Dashboard without a browser ------------------------------------------------------------------
# Shared by test_dashboard.py and test_dashboard_compare.py; Solara is imported only when a
# test asks for these (its helpers are in dashboard_kit.py).


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """A scenario folder with a small baseline and a variant, and an empty results folder."""
    from bpsim.dashboard import settings
    from tests.dashboard_kit import SMALL

    scen = tmp_path / "scenarios"
    scen.mkdir()
    lines = ['name = "baseline"', 'description = "small test neighbourhood"',
             'description_nl = "kleine testwijk"', "", "[population]"]  # fmt: skip
    lines += [f"{k} = {v}" for k, v in SMALL.items() if k != "steps"]
    lines += ["", "[run]", f"steps = {SMALL['steps']}"]
    (scen / "baseline.toml").write_text("\n".join(lines) + "\n")
    (scen / "open.toml").write_text(
        'base = "baseline.toml"\nname = "open"\n\n[levers]\nfreedom_of_movement = 0.9\n'
    )
    results = tmp_path / "results"
    results.mkdir()
    monkeypatch.setenv(settings.SCENARIOS_ENV, str(scen))
    monkeypatch.setenv(settings.RESULTS_ENV, str(results))
    return scen, results


@pytest.fixture
def session():
    """A virtual Solara kernel: what one browser session gets on the server."""
    from solara.server import kernel, kernel_context

    ctx = kernel_context.VirtualKernelContext(
        id=f"test-{uuid.uuid4()}", kernel=kernel.Kernel(), session_id="test"
    )
    with ctx:
        yield ctx
    ctx.close()


@pytest.fixture
def spy_resets(monkeypatch):
    """Record the scenario and seed of every Simulation.reset."""
    from bpsim.dashboard.simulation import Simulation

    calls = []
    original = Simulation.reset

    def reset(self, scenario=None, seed=None):
        calls.append((scenario, seed))
        return original(self, scenario, seed)

    monkeypatch.setattr(Simulation, "reset", reset)
    return calls


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


def as_from_a_terminal() -> None:
    """``preexec_fn`` for a command a test stops with Ctrl-C: SIGINT handled as at a terminal.

    A shell starts a background job (``.ci/run &``) with SIGINT ignored, and every child
    inherits that, so a command started from such a test run would ignore the test's Ctrl-C
    and finish (exit 0) or run on. Restoring the default in the child makes the test check
    the command, not how the test run was started.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
