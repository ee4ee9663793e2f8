"""The dashboard in a real browser: `bpsim dashboard` as a subprocess, driven by Chromium.

One server serves every test in this module (it takes a while to start); each test
opens its own browser context, which is a new session with its own models. The
server reads a copy of the repository's scenarios (the save test writes there) and
a results folder holding a small stored comparison. Screenshots go to
$BPSIM_SCREENSHOT_DIR, or a temporary folder printed at the end of the run.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from playwright.sync_api import expect

from bpsim.core.scenario import LEVERS
from bpsim.dashboard import assets

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser

#: How long the server and the first page may take on a busy two-core machine.
START_TIMEOUT = 120
PAGE_TIMEOUT = 60_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stored_comparison(folder: Path) -> None:
    """A results folder as `bpsim compare` leaves one: a figure and a report using it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    folder.mkdir(parents=True)
    fig = Figure(figsize=(4, 2.5))
    ax = fig.subplots()
    ax.plot([0, 1, 2], [0.3, 0.5, 0.45])
    ax.set_title("stored trajectories")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    (folder / "trajectories.png").write_bytes(buf.getvalue())
    (folder / "report.html").write_text(
        "<h1>Stored report</h1><p>open compared with restricted</p>"
        '<img src="trajectories.png" alt="trajectories">'
    )
    (folder / "report.md").write_text("# Stored report\n")
    (folder / "runs.csv").write_text("scenario,take_up\nopen,0.6\n")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, browser_type_launch_args):
    """`bpsim dashboard` on a free port, its output in a file; stopped after the module."""
    root = tmp_path_factory.mktemp("dashboard")
    shutil.copytree(REPO / "scenarios", root / "scenarios")
    _stored_comparison(root / "results" / "compare")
    port = _free_port()
    log_path = root / "server.log"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    command = [
        sys.executable, "-m", "bpsim", "dashboard", "--port", str(port),
        "--scenarios", str(root / "scenarios"), "--results", str(root / "results"),
    ]  # fmt: skip
    # Output to a file, not a pipe: a full pipe would block the server.
    with log_path.open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"dashboard did not start:\n{log_path.read_text()}")
            time.sleep(0.5)
    yield SimpleNamespace(url=url, root=root, log=log_path)
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Folder for screenshots."""
    folder = os.environ.get("BPSIM_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("dashboard-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    yield path
    print(f"\ndashboard screenshots: {path}")


@pytest.fixture
def browser_context_args(browser_context_args):
    """A laptop-sized window."""
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}}


ACTIVE = ".v-window-item--active"


def open_dashboard(page, dashboard) -> None:
    page.goto(dashboard.url)
    page.wait_for_selector(f"{ACTIVE} img.bpsim-map", timeout=PAGE_TIMEOUT)
    page.wait_for_selector(f"{ACTIVE} img.bpsim-plots", timeout=PAGE_TIMEOUT)


def active(page, selector: str):
    return page.locator(f"{ACTIVE} {selector}")


def wait_for_new_image(page, selector: str, old_src: str, timeout: int = 30_000) -> None:
    page.wait_for_function(
        "([sel, old]) => { const el = document.querySelector(sel); return el && el.src !== old; }",
        arg=[f"{ACTIVE} {selector}", old_src],
        timeout=timeout,
    )


def go_to_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_selector(f"{ACTIVE}", timeout=PAGE_TIMEOUT)


def week(page) -> str:
    return active(page, ".bpsim-week").inner_text()


def test_page_loads_without_internet_and_every_tab_shows(page, dashboard, shots):
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    open_dashboard(page, dashboard)
    assert active(page, ".bpsim-lever-slider").count() == len(LEVERS)
    assert week(page) == "Week 0 of 260"
    page.screenshot(path=shots / "explore.png")
    go_to_tab(page, "Compare")
    page.wait_for_selector(f"{ACTIVE} img.bpsim-bands", timeout=PAGE_TIMEOUT)
    go_to_tab(page, "Scenarios")
    page.wait_for_selector(f"{ACTIVE} .bpsim-field-rule_burden", timeout=PAGE_TIMEOUT)
    go_to_tab(page, "Results")
    page.wait_for_selector(f"{ACTIVE} .bpsim-result-figure img", timeout=PAGE_TIMEOUT)
    active(page, ".bpsim-show-report").click()
    frame = page.frame_locator(f"{ACTIVE} iframe.bpsim-report-frame")
    frame.get_by_text("Stored report").wait_for(timeout=PAGE_TIMEOUT)
    page.screenshot(path=shots / "results.png")
    local = ("http://127.0.0.1", "blob:", "data:", "about:")
    assert [u for u in requests if not u.startswith(local)] == []
    assert failed == []
    # Every front-end file the page loaded is on the list --prepare-assets checks.
    cdn = {u.split("/_solara/cdn/")[1].split("?")[0] for u in requests if "/_solara/cdn/" in u}
    assert cdn, "the page loaded no front-end files through Solara's proxy"
    unlisted = cdn - set(assets.required_files())
    assert not unlisted, f"add these to {assets.MANIFEST.name}: {sorted(unlisted)}"


def test_step_changes_the_map_and_the_plots(page, dashboard, shots):
    open_dashboard(page, dashboard)
    for _ in range(3):
        srcs = {k: active(page, f"img.bpsim-{k}").get_attribute("src") for k in ("map", "plots")}
        active(page, ".bpsim-step").click()
        for kind, src in srcs.items():
            wait_for_new_image(page, f"img.bpsim-{kind}", src)
    page.wait_for_function(
        "() => document.querySelector('.v-window-item--active .bpsim-week')"
        ".innerText === 'Week 3 of 260'",
        timeout=PAGE_TIMEOUT,
    )
    page.screenshot(path=shots / "explore-week3.png")
    src = active(page, "img.bpsim-map").get_attribute("src")
    active(page, ".bpsim-colour button").nth(1).click()  # colour by trust
    wait_for_new_image(page, "img.bpsim-map", src)
    page.screenshot(path=shots / "explore-trust.png")


def test_a_lever_moves_and_restarts_the_neighbourhood(page, dashboard):
    open_dashboard(page, dashboard)
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 1 of 260").wait_for(timeout=PAGE_TIMEOUT)
    lever = active(page, ".bpsim-lever-freedom_of_movement")
    value = lever.locator(".bpsim-lever-value")
    assert value.inner_text() == "0.50"
    src = active(page, "img.bpsim-map").get_attribute("src")
    lever.locator('[role="slider"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(el) => el.innerText === '0.55'", arg=value.element_handle(), timeout=PAGE_TIMEOUT
    )
    # Mid-run the page asks first; this test chooses to start again.
    active(page, ".bpsim-lever-restart").click()
    page.get_by_text("Week 0 of 260").wait_for(timeout=PAGE_TIMEOUT)
    wait_for_new_image(page, "img.bpsim-map", src)
    # It says so: the run started again, from which week, and why not from this week.
    note = active(page, ".bpsim-restart-note")
    note.wait_for(timeout=PAGE_TIMEOUT)
    assert "in week 1" in note.inner_text() and "0.50 → 0.55" in note.inner_text()
    assert "timeline" in note.inner_text()


def image_bytes(page, selector: str) -> bytes:
    """The bytes of the image shown (Solara serves them as a blob: address)."""
    import base64

    data = page.evaluate(
        """async (sel) => {
            const r = await fetch(document.querySelector(sel).src);
            const b = new Uint8Array(await r.arrayBuffer());
            let s = ""; for (const x of b) s += String.fromCharCode(x);
            return btoa(s);
        }""",
        f"{ACTIVE} {selector}",
    )
    return base64.b64decode(data)


def marker_columns(png: bytes) -> np.ndarray:
    """Per pixel column of a plot image, how many pixels have the change marker's grey."""
    import PIL.Image

    rgb = np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    # The dashed line: #555555 at 80% opacity over white, so about (119, 119, 119).
    grey = (np.ptp(rgb, axis=2) <= 6) & (abs(rgb[..., 0] - 119) <= 20)
    return grey.sum(axis=0)


def test_a_lever_change_applies_from_this_week_on(page, dashboard, shots):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_dashboard(page, dashboard)
    for n in (1, 2):
        active(page, ".bpsim-step").click()
        page.get_by_text(f"Week {n} of 260").wait_for(timeout=PAGE_TIMEOUT)
    before = marker_columns(image_bytes(page, "img.bpsim-plots"))
    lever = active(page, ".bpsim-lever-freedom_of_movement")
    lever.locator('[role="slider"]').focus()
    page.keyboard.press("ArrowRight")
    question = active(page, ".bpsim-lever-question")
    question.wait_for(timeout=PAGE_TIMEOUT)
    assert "at week 2" in question.inner_text() and "0.50 → 0.55" in question.inner_text()
    page.screenshot(path=shots / "explore-lever-question.png")
    active(page, ".bpsim-lever-apply").click()
    note = active(page, ".bpsim-restart-note")
    note.wait_for(timeout=PAGE_TIMEOUT)
    assert "From week 3 on" in note.inner_text()
    assert week(page) == "Week 2 of 260"  # the run goes on
    # The dashed marker: a column of the marker's grey that was not there before. (The
    # image element may be replaced before the new picture arrives: poll its bytes.)
    end = time.monotonic() + 30
    while (marker_columns(image_bytes(page, "img.bpsim-plots")) - before).max() <= 30:
        assert time.monotonic() < end, "no change marker appeared on the plots"
        time.sleep(0.2)
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 3 of 260").wait_for(timeout=PAGE_TIMEOUT)
    assert lever.locator(".bpsim-lever-value").inner_text() == "0.55"
    page.screenshot(path=shots / "explore-lever-applied.png")
    # In Dutch the question and the note are Dutch.
    page.locator(".bpsim-lang-nl").click()
    page.get_by_text("Bewegingsvrijheid").first.wait_for(timeout=PAGE_TIMEOUT)
    lever.locator('[role="slider"]').focus()
    page.keyboard.press("ArrowRight")
    active(page, ".bpsim-lever-question").get_by_text("bij week 3").wait_for(timeout=PAGE_TIMEOUT)
    page.screenshot(path=shots / "explore-lever-question-nl.png")
    active(page, ".bpsim-lever-apply").click()
    active(page, ".bpsim-restart-note").get_by_text("Vanaf week 4").wait_for(timeout=PAGE_TIMEOUT)
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 4 van 260").wait_for(timeout=PAGE_TIMEOUT)
    page.screenshot(path=shots / "explore-lever-applied-nl.png")
    page.locator(".bpsim-lang-en").click()


def test_compare_applies_a_lever_change_to_one_scenarios_runs(page, dashboard, shots):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_dashboard(page, dashboard)
    go_to_tab(page, "Compare")
    page.wait_for_selector(f"{ACTIVE} img.bpsim-bands", timeout=PAGE_TIMEOUT)
    choose(page, 2, "levers set here")
    for n in (1, 2):
        active(page, ".bpsim-step").click()
        page.get_by_text(f"Week {n} of 260").wait_for(timeout=PAGE_TIMEOUT)
    active(page, ".bpsim-slot-2 .v-expansion-panel-header").click()
    lever = active(page, ".bpsim-slot-2 .bpsim-lever-rule_burden")
    lever.locator('[role="slider"]').focus()
    page.keyboard.press("ArrowLeft")
    question = active(page, ".bpsim-lever-question")
    question.wait_for(timeout=PAGE_TIMEOUT)
    assert "at week 2" in question.inner_text()
    question.scroll_into_view_if_needed()
    page.screenshot(path=shots / "compare-lever-question.png")
    active(page, ".bpsim-lever-apply").click()
    active(page, ".bpsim-restart-note").get_by_text("From week 3 on").wait_for(timeout=PAGE_TIMEOUT)
    assert week(page).startswith("Week 2 of 260")  # the runs go on
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 3 of 260").wait_for(timeout=PAGE_TIMEOUT)
    expect(lever.locator(".bpsim-lever-value")).to_have_text("0.55", timeout=PAGE_TIMEOUT)
    active(page, "img.bpsim-bands").scroll_into_view_if_needed()
    page.screenshot(path=shots / "compare-lever-applied.png")
    page.locator(".bpsim-lang-nl").click()
    page.get_by_role("tab", name="Vergelijken").wait_for(timeout=PAGE_TIMEOUT)
    lever.locator('[role="slider"]').focus()
    page.keyboard.press("ArrowLeft")
    active(page, ".bpsim-lever-question").get_by_text("bij week 3").wait_for(timeout=PAGE_TIMEOUT)
    active(page, ".bpsim-lever-question").scroll_into_view_if_needed()
    page.screenshot(path=shots / "compare-lever-question-nl.png")
    active(page, ".bpsim-lever-keep").click()
    page.locator(".bpsim-lang-en").click()


def choose(page, slot: int, item: str) -> None:
    """Pick `item` in Compare's scenario choice number `slot` (1-based)."""
    active(page, f".bpsim-slot-{slot} .v-select__slot").click()
    page.locator(".menuable__content__active .v-list-item", has_text=item).first.click()


def bands_src(page) -> str:
    return active(page, "img.bpsim-bands").get_attribute("src")


def test_compare_runs_three_scenario_files_with_bands(page, dashboard, shots):
    open_dashboard(page, dashboard)
    go_to_tab(page, "Compare")
    page.wait_for_selector(f"{ACTIVE} img.bpsim-bands", timeout=PAGE_TIMEOUT)
    # The saved files restricted and open are the first two; add the baseline file.
    assert "restricted.toml" in active(page, ".bpsim-slot-1").inner_text()
    assert "open.toml" in active(page, ".bpsim-slot-2").inner_text()
    active(page, ".bpsim-add-slot").click()
    active(page, ".bpsim-slot-3").wait_for(timeout=PAGE_TIMEOUT)
    choose(page, 3, "baseline.toml")
    page.get_by_text("3 scenarios × 5 runs").wait_for(timeout=PAGE_TIMEOUT)
    for _ in range(2):
        src = bands_src(page)
        active(page, ".bpsim-step").click()
        wait_for_new_image(page, "img.bpsim-bands", src, timeout=PAGE_TIMEOUT)
    page.get_by_text("Week 2 of 260 · 3 scenarios × 5 runs").wait_for(timeout=PAGE_TIMEOUT)
    # Swatches in the report's colours, the reference first.
    swatches = active(page, ".bpsim-swatch")
    colours = [swatches.nth(k).evaluate("e => getComputedStyle(e).backgroundColor")
               for k in range(3)]  # fmt: skip
    assert colours == ["rgb(0, 114, 178)", "rgb(213, 94, 0)", "rgb(0, 158, 115)"]
    page.screenshot(path=shots / "compare.png")
    # Play four weeks per step, then cancel: the page answers while the runs go on.
    active(page, ".bpsim-speed button").nth(1).click()
    active(page, ".bpsim-to-end").click()
    page.wait_for_function(
        "() => !document.querySelector('.v-window-item--active .bpsim-cancel').disabled",
        timeout=PAGE_TIMEOUT,
    )
    src = bands_src(page)
    wait_for_new_image(page, "img.bpsim-bands", src, timeout=PAGE_TIMEOUT)
    active(page, ".bpsim-cancel").click()
    page.wait_for_function(
        "() => document.querySelector('.v-window-item--active .bpsim-cancel').disabled",
        timeout=PAGE_TIMEOUT,
    )
    stopped = week(page)
    time.sleep(2)
    assert week(page) == stopped and not stopped.startswith("Week 2 ")
    active(page, "img.bpsim-bands").scroll_into_view_if_needed()
    page.screenshot(path=shots / "compare-plots.png")


def test_a_chart_and_its_data_download_and_are_valid(page, dashboard, tmp_path):
    import csv

    from bpsim.core.outcomes import ALL_OUTCOMES

    open_dashboard(page, dashboard)
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 1 of 260").wait_for(timeout=PAGE_TIMEOUT)
    with page.expect_download(timeout=PAGE_TIMEOUT) as info:
        active(page, ".bpsim-download-png").nth(1).click()  # the outcome plots
    png = tmp_path / info.value.suggested_filename
    info.value.save_as(png)
    assert png.name.endswith(".png") and png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with page.expect_download(timeout=PAGE_TIMEOUT) as info:
        active(page, ".bpsim-download-csv").click()
    table = tmp_path / info.value.suggested_filename
    info.value.save_as(table)
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert list(rows[0])[:3] == ["scenario", "seed", "step"]
    assert set(ALL_OUTCOMES) <= set(rows[0])
    assert [r["step"] for r in rows] == ["0", "1"] and rows[0]["scenario"] == "baseline"
    float(rows[1]["take_up"])  # a number, not text


def test_a_copied_address_opens_the_same_view_elsewhere(page, dashboard, browser, shots):
    open_dashboard(page, dashboard)
    go_to_tab(page, "Compare")
    page.wait_for_selector(f"{ACTIVE} img.bpsim-bands", timeout=PAGE_TIMEOUT)
    choose(page, 2, "levers set here")
    active(page, ".bpsim-slot-2 .v-expansion-panel-header").click()
    lever = active(page, ".bpsim-slot-2 .bpsim-lever-rule_burden")
    lever.locator('[role="slider"]').focus()
    page.keyboard.press("ArrowLeft")
    expect(lever.locator(".bpsim-lever-value")).to_have_text("0.55", timeout=PAGE_TIMEOUT)
    page.wait_for_function("() => window.location.search.includes('s2.rule_burden=0.55')",
                           timeout=PAGE_TIMEOUT)  # fmt: skip
    address = page.evaluate("window.location.href")
    assert "page=compare" in address and "s1=restricted.toml" in address
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        second = other.new_page()
        second.goto(address)
        second.wait_for_selector(f"{ACTIVE} img.bpsim-bands", timeout=PAGE_TIMEOUT)
        assert "restricted.toml" in active(second, ".bpsim-slot-1").inner_text()
        assert "levers set here" in active(second, ".bpsim-slot-2").inner_text()
        active(second, ".bpsim-slot-2 .v-expansion-panel-header").click()
        value = active(second, ".bpsim-slot-2 .bpsim-lever-rule_burden .bpsim-lever-value")
        expect(value).to_have_text("0.55", timeout=PAGE_TIMEOUT)
        second.screenshot(path=shots / "compare-from-address.png")
    finally:
        other.close()


def test_every_lever_fits_a_small_window_and_no_badge_covers_a_chart(page, dashboard, shots):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_dashboard(page, dashboard)
    for k in range(active(page, ".bpsim-lever-slider").count()):
        box = active(page, ".bpsim-lever-slider").nth(k).bounding_box()
        assert box and box["y"] + box["height"] <= 720, f"lever {k + 1} is below the window"
    assert page.get_by_text("This website runs on").count() == 0
    page.screenshot(path=shots / "explore-1280x720.png")


def test_results_show_a_figure_full_size_and_offer_the_data(page, dashboard, shots):
    open_dashboard(page, dashboard)
    go_to_tab(page, "Results")
    page.wait_for_selector(f"{ACTIVE} .bpsim-result-figure img", timeout=PAGE_TIMEOUT)
    files = active(page, ".bpsim-other-files").inner_text()
    assert "report.md" in files and "runs.csv" in files
    active(page, ".bpsim-enlarge").first.click()
    full = page.locator(".bpsim-figure-dialog img.bpsim-full-image")
    full.wait_for(timeout=PAGE_TIMEOUT)
    # Shown at its own size once the dialog has opened (it grows in).
    page.wait_for_function(
        "() => { const e = document.querySelector('.bpsim-figure-dialog img.bpsim-full-image');"
        " return e && e.naturalWidth > 0"
        " && e.getBoundingClientRect().width >= e.naturalWidth - 2; }",
        timeout=PAGE_TIMEOUT,
    )
    page.screenshot(path=shots / "results-full-size.png")


def test_a_bad_value_shows_a_message_and_the_page_keeps_working(page, dashboard, shots):
    open_dashboard(page, dashboard)
    go_to_tab(page, "Scenarios")
    box = active(page, ".bpsim-field-rule_burden input")
    box.fill("7")
    active(page, ".bpsim-field-rule_burden").get_by_text("out of range").wait_for(
        timeout=PAGE_TIMEOUT
    )
    assert active(page, ".bpsim-save-button").is_disabled()
    page.screenshot(path=shots / "scenarios-bad-value.png")
    box.fill("0.35")
    active(page, ".bpsim-new-name input").fill("lighter-rules")
    active(page, ".bpsim-save-button").click()
    active(page, ".bpsim-saved").wait_for(timeout=PAGE_TIMEOUT)
    saved = dashboard.root / "scenarios" / "lighter-rules.toml"
    assert "rule_burden = 0.35" in saved.read_text()
    go_to_tab(page, "Explore")
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 1 of 260").wait_for(timeout=PAGE_TIMEOUT)


def test_the_language_switches(page, dashboard, shots):
    open_dashboard(page, dashboard)
    page.locator(".bpsim-lang-nl").click()
    page.get_by_role("tab", name="Verkennen").wait_for(timeout=PAGE_TIMEOUT)
    page.get_by_text("Bewegingsvrijheid").first.wait_for(timeout=PAGE_TIMEOUT)
    # Each widget redraws on its own: wait for the button's text rather than read it once.
    # (Shown in capitals; the text itself is "Stap".)
    expect(active(page, ".bpsim-step")).to_have_text(
        re.compile(r"^\s*stap\s*$", re.IGNORECASE), timeout=PAGE_TIMEOUT
    )
    # The app bar (outside the tabs) follows too.
    page.get_by_text("Taal:").wait_for(timeout=PAGE_TIMEOUT)
    page.screenshot(path=shots / "explore-nl.png")
    page.locator(".bpsim-lang-en").click()
    page.get_by_role("tab", name="Explore").wait_for(timeout=PAGE_TIMEOUT)


def test_each_visitor_has_their_own_neighbourhood(page, dashboard, browser):
    open_dashboard(page, dashboard)
    active(page, ".bpsim-step").click()
    active(page, ".bpsim-step").click()
    page.get_by_text("Week 2 of 260").wait_for(timeout=PAGE_TIMEOUT)
    other = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        second = other.new_page()
        open_dashboard(second, dashboard)
        assert week(second) == "Week 0 of 260"
    finally:
        other.close()
    assert week(page) == "Week 2 of 260"
