"""``bpsim dashboard``: start the Solara dashboard, or check its front-end files.

The server binds to 127.0.0.1 unless ``--host`` says otherwise, never asks PyPI
for newer versions, and sends no usage statistics, so it runs without internet
once Solara's asset cache holds the page's front-end files (the ``solara-assets``
package puts them there; ``--prepare-assets`` checks, and fills gaps when online).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

from bpsim.dashboard import settings
from bpsim.machinery.errors import UsageError

#: Solara reads these when it is imported, so they are set before that.
SOLARA_ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``dashboard`` verb."""
    p = sub.add_parser(
        "dashboard",
        help="start the dashboard in the browser (explore, compare, scenarios, results)",
        description="Start the Solara dashboard: explore one neighbourhood, compare two "
        "lever settings side by side, edit scenarios and view stored results. Open the "
        "address it prints in a browser; stop it with Ctrl-C.",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 "
        "opens it to the network)",
    )
    p.add_argument(
        "--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)"
    )
    p.add_argument(
        "--scenarios", default="scenarios", help="folder of scenario files (default scenarios)"
    )
    p.add_argument(
        "--results", default="results", help="folder of stored results (default results)"
    )
    p.add_argument(
        "--lang",
        choices=settings.LANGS,
        default=settings.LANGS[0],
        help="language a visitor starts in (default en)",
    )
    p.add_argument(
        "--prepare-assets",
        action="store_true",
        help="check that Solara's asset cache holds every front-end file the dashboard "
        "loads, download any that are missing (needs internet), and exit",
    )
    p.set_defaults(handler=handle)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is out of range; allowed: 0 to 65535")
    return value


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable only from this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any address
        return False


def exposure_warning(host: str, scenarios: Path, results: Path) -> str | None:
    """The warning for a server others can reach, naming what it lets them do; None on loopback."""
    if is_loopback(host):
        return None
    return (
        f"bpsim dashboard: warning: --host {host} opens the dashboard to the network, with no "
        "login: anyone who can reach this address can run simulations on this machine (using "
        f"its processor and memory), write new scenario files into '{scenarios}' and read the "
        f"reports in '{results}'; use the default --host 127.0.0.1 unless that is intended"
    )


def handle(args: argparse.Namespace) -> int:
    """Prepare the assets, or run the server until Ctrl-C."""
    os.environ.update(SOLARA_ENV)
    if args.prepare_assets:
        from bpsim.dashboard.assets import prepare

        return prepare(verbose=True)
    scenarios = Path(args.scenarios)
    if not scenarios.is_dir():
        raise UsageError(f"--scenarios '{scenarios}' is not a folder")
    # The app is imported by Solara, not called by us: settings travel in the environment.
    warning = exposure_warning(args.host, scenarios, Path(args.results))
    if warning:
        print(warning, file=sys.stderr, flush=True)
    os.environ[settings.SCENARIOS_ENV] = str(scenarios.resolve())
    os.environ[settings.RESULTS_ENV] = str(Path(args.results).resolve())
    os.environ[settings.LANG_ENV] = args.lang
    import click
    from solara.__main__ import run

    argv = [
        "bpsim.dashboard.app",
        "--host", args.host,
        "--port", str(args.port),
        "--production",
        "--no-open",
        "--no-check-version",
    ]  # fmt: skip
    try:
        run.main(argv, prog_name="bpsim dashboard", standalone_mode=False)
    except click.exceptions.Abort:
        # Outside standalone mode click turns Ctrl-C into Abort; hand it back as the
        # KeyboardInterrupt the command line answers with one line and exit code 130.
        raise KeyboardInterrupt from None
    return 0
