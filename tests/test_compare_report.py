"""The comparison report's parts for decision makers, fed synthetic comparison results."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bpsim.comparison.figures import plot_differences
from bpsim.comparison.report import bottom_line, limits_box
from bpsim.core import emergence
from bpsim.core.outcomes import BETTER, OUTCOMES
from bpsim.machinery import i18n
from bpsim.machinery.report import esc, figure_png

ODD = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"


def _row(outcome: str, verdict: str, effect: float = 3.0, p: float = 1e-6) -> dict:
    """One row of a differences table; the difference points the way the verdict says."""
    direction = BETTER.get(outcome, 1)
    sign = {"better": 1.0, "worse": -1.0}.get(verdict, 0.0) * direction
    diff = 0.05 * sign
    return {
        "scenario_a": "restricted", "scenario_b": "open", "outcome": outcome,
        "mean_a": 0.5, "mean_b": 0.5 + diff, "sd_a": 0.01, "sd_b": 0.01,
        "diff": diff, "ci_low": diff - 0.01, "ci_high": diff + 0.01,
        "effect_size": 2 * effect * np.sign(diff), "effect_size_av": effect * np.sign(diff),
        "p_value": p if verdict in ("better", "worse") else 0.4,
        "verdict": verdict, "better": direction,
    }  # fmt: skip


def _table(verdicts: dict[str, str], effects: dict[str, float] | None = None) -> pd.DataFrame:
    effects = effects or {}
    return pd.DataFrame([_row(o, v, effects.get(o, 3.0)) for o, v in verdicts.items()])


def _sentences(lines: list[str]) -> int:
    return sum(len(re.findall(r"[.!?](\s|$)", line)) for line in lines)


def test_bottom_line_names_the_compared_scenario_when_it_wins():
    part = _table({"take_up": "better", "trust": "better", "unmet_need": "better",
                   "worker_burnout": "worse", "wellbeing": "unclear"},
                  {"unmet_need": 9.0, "take_up": 5.0, "trust": 1.0})  # fmt: skip
    lines = bottom_line(part, "restricted", "open", 30, "en")
    assert len(lines) == 3 and _sentences(lines) == 3
    assert lines[0].startswith("“open” does better than “restricted” on 3 of the 5 outcomes")
    # The clearest first: unmet need (9 SD), then take-up (5 SD), then trust.
    assert lines[0].index("unmet need") < lines[0].index("take-up") < lines[0].index("trust")
    assert lines[1].startswith("All 4 clear differences have a 95% interval over 30 paired runs")
    assert lines[1].endswith("; 1 outcome shows no clear difference.")
    burnout = "worker burnout (0.500 against 0.550)"
    assert lines[2] == f"The trade-off: “restricted” does better on {burnout}."


def test_bottom_line_names_the_reference_when_it_wins():
    part = _table({"take_up": "worse", "trust": "worse", "wellbeing": "better"})
    lines = bottom_line(part, "restricted", "open", 10, "en")
    assert lines[0].startswith("“restricted” does better than “open” on 2 of the 3 outcomes")
    assert lines[2].startswith("The trade-off: “open” does better on wellbeing")
    # The winner's value comes first: restricted's take-up is the higher one here.
    assert "take-up (50.0% against 45.0%)" in lines[0]


def test_bottom_line_without_trade_off_or_without_any_clear_difference():
    wins = bottom_line(_table({"take_up": "better", "trust": "unclear"}), "a", "b", 5, "en")
    assert wins[-1] == "“b” is not clearly worse on any outcome."
    none = bottom_line(_table({"take_up": "unclear", "trust": "unclear"}), "a", "b", 5, "en")
    assert len(none) == 2
    assert "no clear difference between “b” and “a” on any of the 2 outcomes" in none[0]


def test_bottom_line_for_a_tie_says_neither_is_better():
    lines = bottom_line(_table({"take_up": "better", "trust": "worse"}), "a", "b", 5, "en")
    assert lines[0].startswith("Neither scenario is better across the board")
    assert _sentences(lines) <= 3


def test_bottom_line_counts_borderline_differences():
    part = pd.DataFrame([_row("take_up", "better"), {**_row("trust", "better"), "p_value": 0.03}])
    lines = bottom_line(part, "a", "b", 5, "en")
    assert "(1 only just)" in lines[1]


def test_bottom_line_in_dutch_uses_dutch_names_and_numbers():
    part = _table({"take_up": "better", "time_to_help": "better", "trust": "worse"})
    part.loc[part["outcome"] == "time_to_help", ["mean_a", "mean_b"]] = [5.4, 0.6]
    labels = {"restricted": "ingeperkt", "open": "open"}
    lines = bottom_line(part, "restricted", "open", 30, "nl", labels)
    assert lines[0].startswith("‘open’ doet het beter dan ‘ingeperkt’ op 2 van de 3 uitkomsten")
    assert "wachttijd tot hulp (0,6 tegen 5,4 weken)" in lines[0]
    assert "gebruik van hulp (55,0% tegen 50,0%)" in lines[0]
    assert lines[2].startswith("De keerzijde: ‘ingeperkt’ doet het beter op vertrouwen")
    assert "restricted" not in " ".join(lines)


def test_a_new_outcome_flows_through_the_bottom_line_and_the_figure():
    # An outcome the lead may add before its labels are written: no crash, its name shown.
    part = pd.DataFrame([_row("take_up", "better"), _row("made_up_outcome", "worse", 7.0)])
    lines = bottom_line(part, "restricted", "open", 30, "en")
    assert "made_up_outcome" in lines[0]
    png = figure_png(plot_differences(part, "en"))
    assert png[:4] == b"\x89PNG"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_differences_figure_has_a_linear_panel_per_outcome_kind(lang):
    part = pd.DataFrame([_row(o, "better") for o in OUTCOMES])
    fig = plot_differences(part, lang)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    kinds = {i18n.kind(o) for o in OUTCOMES}
    assert len(axes) == len(kinds)
    assert all(ax.get_xscale() == "linear" for ax in axes)
    titles = {ax.get_title(loc="left") for ax in axes}
    assert titles == {i18n.kind_title(k, lang) for k in kinds}
    figure_png(fig)


def _odd_emergence() -> str:
    text = ODD.read_text(encoding="utf-8")
    start = text.index("### 4.2 Emergence")
    return text[start : text.index("\n### ", start + 10)]


def test_emergence_notes_match_odd_section_4_2():
    section = _odd_emergence()
    bullets = [b for b in re.split(r"\n(?=- )", section) if b.startswith("- ")]
    in_odd = [n for n in emergence.NOTES if n.odd]
    for note in in_odd:
        assert note.odd in section, f"note not in ODD §4.2: {note.odd!r}"
    for bullet in bullets:
        matched = [n for n in in_odd if n.odd in bullet]
        assert len(matched) == 1, f"ODD §4.2 bullet without exactly one note: {bullet[:80]!r}"
    assert {n.kind for n in in_odd} == {"emerges", "imposed"}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_limits_box_lists_every_kind_of_note(lang):
    html = limits_box(lang)
    for kind in emergence.KINDS:
        assert i18n.text(f"limits_{kind}", lang) in html
    for note in emergence.notes("emerges"):
        assert esc(note.text(lang)) in html


def test_a_not_counted_note_goes_once_the_model_counts_it():
    note = next(n for n in emergence.NOTES if n.until_outcome)
    assert note in emergence.notes("not_counted", outcomes=["take_up"])
    assert note not in emergence.notes("not_counted", outcomes=["take_up", note.until_outcome])
    assert note.text("en") not in limits_box("en", outcomes=[note.until_outcome])


def test_lever_readings_follow_the_values_and_a_new_lever_does_not_crash():
    from bpsim.core.scenario import default_scenario

    params = dict(default_scenario().params)
    # At rule burden 0.6 and freedom 0.1: 1 - 0.9 * 0.6 = 0.46 of steps outside the rules pass.
    reading = i18n.lever_reading("freedom_of_movement", {**params, "freedom_of_movement": 0.1},
                                 "en")  # fmt: skip
    assert "about 4.6 of 10" in reading and reading.endswith("1 of 10 reports may be skipped")
    assert "8 procedurestappen" in i18n.lever_reading("rule_burden", {**params,
                                                      "rule_burden": 1.0}, "nl")  # fmt: skip
    assert i18n.lever_reading("scouting", {**params, "scouting": 0.5}, "en").startswith("2 staff")
    assert "0.010 to the rule burden" in i18n.lever_reading(
        "rule_reflex", {**params, "rule_reflex": 0.5}, "en"
    )
    assert i18n.lever_reading("made_up_lever", {**params, "made_up_lever": 0.5}, "en") == ""
    assert i18n.lever_anchors("made_up_lever", "nl") is None
    for lever, anchor in i18n.LEVER_ANCHORS.items():
        for lang in ("en", "nl"):
            assert all(i18n.lever_anchors(lever, lang)), (lever, lang)
        assert anchor.reading_en and anchor.reading_nl


@pytest.mark.parametrize(("p", "lang", "shown"), [
    (1e-12, "nl", "< 0,001"), (1e-12, "en", "< 0.001"), (0.0123, "nl", "0,012"),
    (float("nan"), "en", "–"),
])  # fmt: skip
def test_p_values_are_written_as_read(p, lang, shown):
    assert i18n.p_value(p, lang) == shown


def test_dutch_lever_texts_in_the_dashboard_keep_their_anchors():
    text = i18n.parameter_meaning("freedom_of_movement", "nl")
    assert "0: best persons zijn gebonden zoals iedereen" in text
    assert "1: best persons zijn helemaal vrij" in text


def test_write_report_writes_a_comparison_folder_from_python(tmp_path):
    # What `bpsim compare` writes, without the command line: the data, the figures and the
    # report; with data=False only the figures and the report, e.g. again in Dutch.
    from bpsim.comparison import compare, load_comparison, write_report
    from bpsim.core.scenario import Scenario
    from bpsim.machinery.errors import UsageError

    ref = Scenario.from_mapping({"n_households": 150, "steps": 6}, name="ref")
    other = ref.with_overrides({"freedom_of_movement": 0.9}, name="other")
    result = compare([ref, other], replications=2, workers=1)
    files = write_report(result, tmp_path / "out", "en")
    names = [f.name for f in files]
    assert names[-1] == "report.html"
    assert {"replications.parquet", "differences.csv", "provenance.json"} <= set(names)
    assert {"trajectories.png", "differences.png", "take_up_by_capacity.png"} <= set(names)
    assert "onsets.csv" not in names  # no scenario changes during the run
    assert all(f.is_file() for f in files)

    again = write_report(load_comparison(tmp_path / "out"), tmp_path / "out", "nl", data=False)
    assert [f.name for f in again] == [
        "trajectories.png",
        "differences.png",
        "take_up_by_capacity.png",
        "report.html",
    ]
    assert "<html lang='nl'>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    with pytest.raises(UsageError, match="lang 'de'"):
        write_report(result, tmp_path / "never", "de")
    assert not (tmp_path / "never").exists()
