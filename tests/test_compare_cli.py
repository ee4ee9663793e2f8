"""`bpsim compare` on the command line: outputs, report in two languages, bad input, Ctrl-C."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from bpsim import __version__
from bpsim.cli import main
from bpsim.core.outcomes import OUTCOMES
from bpsim.machinery import i18n
from tests.conftest import as_from_a_terminal

SMALL = [
    "--steps",
    "30",
    "--set",
    "n_households=200",
    "--set",
    "workers_per_1000=40",
    "--workers",
    "1",
]
BPSIM = str(Path(sys.executable).parent / "bpsim")


def _run(tmp_path: Path, lang: str) -> tuple[Path, str, str]:
    """Output folder, report and terminal output of a small comparison."""
    out = tmp_path / lang
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["compare", "-r", "3", "--seed", "5", "--out", str(out), "--lang", lang,
                     *SMALL])  # fmt: skip
    assert code == 0
    return out, (out / "report.html").read_text(encoding="utf-8"), printed.getvalue()


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Path, str, str]:
    return _run(tmp_path_factory.mktemp("cmp"), "en")


@pytest.fixture(scope="module")
def dutch(tmp_path_factory) -> tuple[Path, str, str]:
    return _run(tmp_path_factory.mktemp("cmp"), "nl")


def test_writes_data_figures_and_report(english):
    out = english[0]
    for name in ("replications.parquet", "replications.csv", "differences.csv",
                 "timeseries.parquet", "trajectories.parquet", "provenance.json",
                 "trajectories.png", "differences.png", "take_up_by_capacity.png",
                 "report.html"):  # fmt: skip
        assert (out / name).stat().st_size > 0, name
    for png in out.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    runs = pd.read_csv(out / "replications.csv")
    assert list(runs.columns[:3]) == ["scenario", "replication", "seed"]
    assert sorted(set(runs["scenario"])) == ["open", "restricted"]
    assert len(runs) == 6
    diffs = pd.read_csv(out / "differences.csv")
    assert set(diffs["outcome"]) == set(OUTCOMES)


def test_prints_a_table_with_every_outcome(english):
    printed = english[2]
    assert "“open” compared with “restricted”" in printed
    assert "Take-up at lowest capacity" in printed and "Wellbeing" in printed
    assert re.search(r"“open” does better on \d+, worse on \d+", printed)
    assert "report.html" in printed


def test_report_is_self_contained(english):
    html = english[1]
    # Nothing is fetched from elsewhere: no external scripts, styles, fonts or images.
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", html)
    assert "<script" not in html.lower() and "@import" not in html
    images = re.findall(r"<img[^>]*src='([^']*)'", html)
    assert len(images) == 3
    assert all(src.startswith("data:image/png;base64,") for src in images)


def test_report_has_summary_results_assumptions_and_provenance(english):
    out, html = english[:2]
    for heading in ("Summary", "Results per outcome", "Assumptions and limits", "Provenance"):
        assert f"<h2>{heading}</h2>" in html
    assert re.search(
        rf"“open” does better than “restricted” on \d+ of the {len(OUTCOMES)} outcomes", html
    )
    assert "How sure is this?" in html
    assert "Freedom of movement: 0.10 in “restricted”, 0.90 in “open”" in html
    # Provenance: version, scenario file hashes (with the base file), seeds, uv.lock.
    assert __version__ in html
    for name in ("scenarios/restricted.toml", "scenarios/open.toml", "scenarios/baseline.toml"):
        digest = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        assert digest in html, name
    prov = json.loads((out / "provenance.json").read_text())
    assert all(str(seed) in html for seed in prov["seeds"])
    if prov["uv_lock"]:
        assert prov["uv_lock"]["sha256"] in html
    if prov["git"]:
        assert prov["git"]["commit"] in html
    assert "bpsim compare scenarios/restricted.toml scenarios/open.toml" in html


def test_report_in_dutch(dutch):
    html = dutch[1]
    assert "<html lang='nl'>" in html
    for words in ("Samenvatting", "Resultaten per uitkomst", "Aannames en beperkingen",
                  "Herkomst", "‘open’ vergeleken met ‘ingeperkt’", "Gebruik van hulp",
                  "Bewegingsvrijheid: 0,10 in ‘ingeperkt’, 0,90 in ‘open’", "Hoe zeker is dit?",
                  "gemeenschappelijke toevalsgetallen", "In het kort",
                  "Wat dit model wel en niet kan zeggen", "De hefbomen in elk scenario",
                  "Technische bijlage", "frontlijnmedewerkers"):  # fmt: skip
        assert words in html, words
    assert "Summary" not in html and "How sure is this?" not in html
    # The scenarios' Dutch names, not their English ones, in running text and tables.
    assert "‘restricted’" not in html and ">restricted<" not in html
    # One word for seed; ordinary staff are never called frontliniewerkers.
    assert "startwaarde" not in html
    assert "Burn-out frontliniewerkers" not in html and "gewone frontliniewerkers" not in html
    # Dutch decimals: a comma, never a point, in shown percentages.
    assert re.search(r"\d+,\d%", html) and not re.search(r"\d+\.\d%", html)


def test_dutch_table_on_the_terminal(dutch):
    printed = dutch[2]
    assert "‘open’ vergeleken met ‘ingeperkt’" in printed
    assert "Uitkomst" in printed and "Oordeel" in printed and "Rapport:" in printed


def test_redraw_in_dutch_from_stored_data(english, tmp_path, capsys):
    source = english[0]
    before = (source / "replications.csv").read_bytes()
    assert main(["compare", "--from", str(source), "--lang", "nl", "--out", str(tmp_path)]) == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Samenvatting" in html and "<html lang='nl'>" in html
    assert "bpsim compare scenarios/restricted.toml" in html  # the original command
    # The scenarios' Dutch descriptions, kept in the provenance, not their English ones.
    assert "Bewegingsvrijheid ingeperkt (0,1)" in html
    assert "Freedom of movement restricted" not in html
    assert (tmp_path / "replications.csv").read_bytes() == before
    assert "‘open’ vergeleken met ‘ingeperkt’" in capsys.readouterr().out
    # The source folder keeps its English report.
    assert "<html lang='en'>" in (source / "report.html").read_text(encoding="utf-8")


def test_report_starts_with_the_bottom_line_and_the_limits(english):
    html = english[1]
    order = [html.index(f"<h2>{h}</h2>") for h in (
        "Bottom line", "What this model can and cannot tell you", "The levers in each scenario",
        "Summary", "Results per outcome", "Technical appendix", "Provenance")]  # fmt: skip
    assert order == sorted(order)
    bottom = html[order[0] : order[1]]
    sentences = re.sub(r"<[^>]+>", "", bottom).replace("Bottom line", "").strip()
    assert 1 <= len(re.findall(r"[.](\s|$)", sentences)) <= 3, sentences
    # Common random numbers are described for what they do, and no more.
    assert "not from luck" not in html
    assert "does not show that the policy would cause them in a real neighbourhood" in html


def test_every_lever_is_shown_with_its_anchors_also_at_its_default(english):
    from bpsim.core.scenario import LEVERS

    html = english[1]
    levers = html[html.index("<h2>The levers in each scenario</h2>") : html.index("<h2>Summary")]
    for lever in LEVERS:
        assert i18n.parameter_label(lever, "en") in levers, lever
    assert levers.count("<b>0</b>:") == len(LEVERS)
    # The rule burden at its default (0.60) is shown with what it means in the model.
    assert "0.60" in levers and "procedure steps per agency" in levers
    assert "best persons are bound like everyone" in levers


def test_effect_sizes_only_in_the_appendix(english):
    html = english[1]
    results = html[html.index("<h2>Results per outcome") : html.index("<h2>Figures")]
    appendix = html[html.index("<h2>Technical appendix") : html.index("<h2>Provenance")]
    assert "Effect (SD)" not in results
    assert "Effect (SD)" in appendix and "p-value" in appendix


def test_out_holding_a_comparison_is_refused_without_force(english, capsys):
    out = english[0]
    before = (out / "report.html").read_bytes()
    code = main(["compare", "-r", "2", "--out", str(out), *SMALL])
    assert code == 2
    err = capsys.readouterr().err
    assert f"--out '{out}' already holds a comparison (report.html)" in err and "--force" in err
    assert (out / "report.html").read_bytes() == before
    assert main(["compare", "--from", str(out), "--out", str(out), "--lang", "nl"]) == 2


def test_without_out_two_comparisons_in_one_second_get_folders_of_their_own(tmp_path, monkeypatch):
    # The folder rule itself, with the clock held still so the second comparison of the
    # same second must take a new name; the slow test below runs two real comparisons.
    from datetime import UTC, datetime

    from bpsim.cli import compare as verb

    class Stopped(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 1, 21, 30, tzinfo=UTC)

    monkeypatch.setattr(verb, "datetime", Stopped)
    monkeypatch.chdir(tmp_path)
    args = argparse.Namespace(out=None, force=False, resume=False)
    folders = [verb._output_folder(args, ["restricted", "open"], "en") for _ in range(3)]
    assert [f.as_posix() for f in folders] == [
        "results/compare/restricted-vs-open_en_20261201-213000",
        "results/compare/restricted-vs-open_en_20261201-213000-2",
        "results/compare/restricted-vs-open_en_20261201-213000-3",
    ]
    assert all((tmp_path / f).is_dir() for f in folders)


@pytest.mark.slow  # two comparisons with their reports, end to end (the rule is tested above)
def test_without_out_each_comparison_gets_its_own_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    scen = Path(__file__).resolve().parent.parent / "scenarios"
    # Only the folder names matter here: 5 weeks (the last --steps counts) keep it quick.
    args = ["compare", str(scen / "restricted.toml"), str(scen / "open.toml"), "-r", "2",
            *SMALL, "--steps", "5"]  # fmt: skip
    assert main(args) == 0
    assert main(args) == 0
    folders = sorted((tmp_path / "results" / "compare").iterdir())
    assert len(folders) == 2
    assert all(re.fullmatch(r"restricted-vs-open_en_\d{8}-\d{6}(-\d+)?", f.name) for f in folders)
    assert all((f / "report.html").is_file() for f in folders)


def test_precision_option(tmp_path, capsys):
    args = ["compare", "-r", "2", "--out", str(tmp_path), "--precision", "trust=1e-9",
            "--max-replications", "3", *SMALL]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Precision target NOT met" in printed and "Trust in agencies (“open”)" in printed
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "still wider than asked: Trust in agencies (“open”)" in html
    assert len(pd.read_csv(tmp_path / "replications.csv")) == 2 * 3


def _bad_scenario(tmp_path: Path) -> str:
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\n[levers]\nrule_burden = 2.0\n', encoding="utf-8")
    return str(path)


def _under_a_file(tmp_path: Path) -> str:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    return str(blocker / "out")


BAD_INPUT = [
    (lambda t: ["missing.toml", "scenarios/open.toml"], "does not exist"),
    (lambda t: [_bad_scenario(t), "scenarios/open.toml"], "rule_burden"),
    (lambda t: ["-r", "1"], "--replications '1': must be at least 2"),
    (lambda t: ["-r", "many"], "not a whole number"),
    (lambda t: ["--workers", "0"], "--workers"),
    (lambda t: ["--out", _under_a_file(t)], "cannot be created"),
    (lambda t: ["--lang", "fr"], "--lang 'fr'"),
    (lambda t: ["scenarios/open.toml"], "two or more"),
    (lambda t: ["--precision", "nope=0.1"], "unknown outcome 'nope'"),
    (lambda t: ["--precision", "-1"], "allowed: a number > 0"),
    (lambda t: ["--precision", "0.1", "-r", "5", "--max-replications", "4"],
     "--max-replications '4': must be at least 5"),
    (lambda t: ["--set", "rule_burden=9"], "rule_burden"),
    (lambda t: ["--from", str(t)], "has no provenance.json"),
    (lambda t: ["--from", str(t), "-r", "5"], "drop --replications"),
]  # fmt: skip


@pytest.mark.parametrize("make_args, message", BAD_INPUT)
def test_bad_input_is_one_clear_line_and_exit_code_2(make_args, message, tmp_path, capsys):
    args = make_args(tmp_path)
    out = [] if "--out" in args else ["--out", str(tmp_path / "out")]
    code = main(["compare", *args, *out])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bpsim compare: error:")
    assert message in lines[0]
    assert not (tmp_path / "out" / "report.html").exists()


_REFUSE_EACH = """
import contextlib, io, json, sys
from bpsim.cli import main
MACHINERY = json.loads(sys.argv[2])
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(argv)
    loaded = sorted(m for m in MACHINERY if m in sys.modules)
    print(json.dumps({"code": code, "err": err.getvalue(), "loaded": loaded}))
"""
#: What only running a comparison needs (modules and the libraries' top-level packages).
MACHINERY = [
    "pandas", "pyarrow", "scipy", "matplotlib", "mesa", "numba", "bpsim.core.compiled",
    "bpsim.comparison.paired", "bpsim.comparison.report", "bpsim.comparison.robust",
    "bpsim.core.api", "bpsim.core.model",
]  # fmt: skip


@pytest.mark.slow  # a fresh interpreter: only there is nothing imported yet
def test_bad_input_is_refused_before_the_comparison_machinery_is_imported(tmp_path):
    # So a mistyped option costs what `bpsim --help` does, not pandas, scipy, Mesa and
    # the model (seconds). One interpreter refuses each input of BAD_INPUT in turn.
    cases = []
    for k, (make_args, message) in enumerate(BAD_INPUT):
        folder = tmp_path / str(k)
        folder.mkdir()
        args = make_args(folder)
        out = [] if "--out" in args else ["--out", str(folder / "out")]
        cases.append((["compare", *args, *out], message))
    argvs, machinery = json.dumps([a for a, _ in cases]), json.dumps(MACHINERY)
    done = subprocess.run(
        [sys.executable, "-c", _REFUSE_EACH, argvs, machinery],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    seen = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(seen) == len(cases), done.stderr
    for (argv, message), refused in zip(cases, seen, strict=True):
        assert refused["code"] == 2 and message in refused["err"], (argv, refused)
        assert refused["loaded"] == [], f"{argv} imported {refused['loaded']} before refusing"


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    "stop",
    [
        # Ctrl-C in a terminal reaches the command and its workers.
        lambda pid: os.killpg(pid, signal.SIGINT),
        # A batch scheduler's or `kill`'s SIGTERM reaches the command only: it must end
        # its workers itself, not leave them running as orphans.
        lambda pid: os.kill(pid, signal.SIGTERM),
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_ctrl_c_stops_cleanly_with_exit_code_130(tmp_path, stop):
    args = [BPSIM, "compare", "-r", "200", "--workers", "2", "--out", str(tmp_path),
            "--set", "n_households=400", "--steps", "200"]  # fmt: skip
    # A session of its own, so the signal reaches the command and its workers, as a
    # terminal's Ctrl-C does, and nothing else.
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=as_from_a_terminal)  # fmt: skip
    try:
        deadline = time.time() + 90
        while len(_children(proc.pid)) < 2 and time.time() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len(workers) >= 2, "workers never started"
        time.sleep(1.0)
        stop(proc.pid)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Traceback" not in out
    assert re.search(r"interrupted: \d+ of 400 runs finished", err)
    assert not (tmp_path / "report.html").exists()
    for pid in workers:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )
