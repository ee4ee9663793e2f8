"""The one translation module and the records it reads: outcomes and parameters."""

from __future__ import annotations

import ast
import math
import string
from pathlib import Path

import pytest

import bpsim
from bpsim.core import outcomes
from bpsim.core.outcomes import RECORDS, Outcome
from bpsim.core.scenario import LEVERS, PARAMETERS, SPECS, Scenario, ScenarioError
from bpsim.machinery import i18n

PACKAGE = Path(bpsim.__file__).parent


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# --- one table ---------------------------------------------------------------------------


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, pair in i18n.TEXT.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        en, nl = pair
        assert en.strip() and nl.strip(), key
        assert _fields(en) == _fields(nl), key


def test_one_english_text_has_one_dutch_text():
    # Two keys may say the same thing (a heading and a column), but never in two Dutch ways.
    dutch: dict[str, set[str]] = {}
    for en, nl in i18n.TEXT.values():
        dutch.setdefault(en, set()).add(nl)
    assert {en: nl for en, nl in dutch.items() if len(nl) > 1} == {}


def _text_tables(path: Path) -> list[str]:
    """Names of module-level dicts in `path` whose values are (English, Dutch) pairs."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(value, ast.Dict) or len(value.values) < 3:
            continue
        pairs = [
            v
            for v in value.values
            if isinstance(v, ast.Tuple)
            and len(v.elts) == 2
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts)
        ]
        if len(pairs) == len(value.values):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            found.append(getattr(target, "id", "?"))
    return found


def test_no_module_but_i18n_keeps_a_table_of_translations():
    tables = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "machinery" / "i18n.py"
        for names in [_text_tables(path)]
        if names
    }
    assert tables == {}
    assert not (PACKAGE / "dashboard" / "i18n.py").exists()


def test_text_fills_in_a_placeholder_called_key():
    # `text`'s own arguments are positional-only, so a template may use {key}.
    shown = i18n.text("problem.out_of_range", "nl", key="x", value="2", allowed="y")
    assert shown.startswith("parameter 'x': waarde 2")
    with pytest.raises(KeyError):
        i18n.text("no_such_key", "en")
    with pytest.raises(ValueError, match="language 'de' is not available; allowed: en, nl"):
        i18n.text("summary", "de")


# --- one number formatter ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "en", "nl"),
    [
        ((1234.5, 1), {}, "1,234.5", "1.234,5"),
        ((0.5, 3), {}, "0.500", "0,500"),
        ((-0.25, 2), {"sign": True}, "−0.25", "−0,25"),
        ((0.25, 2), {"sign": True}, "+0.25", "+0,25"),
        ((-0.0004, 2), {"sign": True}, "+0.00", "+0,00"),  # rounds to zero: no minus
        ((0.123, 1), {"percent": True}, "12.3%", "12,3%"),
        ((0.25, None), {}, "0.25", "0,25"),
        ((-1.5, None), {}, "−1.5", "−1,5"),
        ((-0.0, None), {}, "0", "0"),
        ((0.123456, None), {"significant": 3}, "0.123", "0,123"),
        ((12345.0, None), {}, "12345", "12345"),  # the shortest form has no separators
        ((float("nan"), 2), {}, "–", "–"),
        ((None, 2), {}, "–", "–"),
        ((float("inf"), 1), {"sign": True}, "+∞", "+∞"),
    ],
)  # fmt: skip
def test_numbers_are_written_the_readers_way(args, kwargs, en, nl):
    value, decimals = args
    assert i18n.number(value, decimals, "en", **kwargs) == en
    assert i18n.number(value, decimals, "nl", **kwargs) == nl


def test_dutch_numbers_have_decimal_commas_everywhere():
    assert i18n.value("take_up", 0.6234, "nl") == "62,3%"
    assert i18n.value("trust", 0.5, "nl") == "0,500"
    assert i18n.difference("take_up", 0.012, "nl") == "+1,2 %-punt"
    assert i18n.difference("take_up", 0.012, "en") == "+1.2 pp"
    assert i18n.difference("unmet_need", -0.5, "nl") == "−0,50"
    assert i18n.p_value(0.0123, "nl") == "0,012"
    assert i18n.typed(0.5, "nl") == "0,5" and i18n.typed(-1, "nl") == "-1"
    assert i18n.localized("0.943 ± 0.05", "nl") == "0,943 ± 0,05"
    assert i18n.allowed("rule_burden", "nl") == "een getal van 0,0 tot 1,0"
    ticks = i18n.tick_formatter("nl")
    assert [ticks(v, 0) for v in (0.5, -0.25, 2.0)] == ["0,5", "−0,25", "2"]
    assert i18n.tick_formatter("en")(0.5, 0) == "0.5"
    with pytest.raises(ValueError, match="allowed: en, nl"):
        i18n.number(1.0, 1, "de")


def test_english_problem_texts_say_what_scenario_py_says():
    # The English templates of the problems are the messages themselves, kept in step.
    cases = [
        ({"rule_burden": "lots"}, "not_number"),
        ({"rule_burden": float("nan")}, "not_finite"),
        ({"n_households": 100.5}, "not_whole"),
        ({"rule_burden": 1.5}, "out_of_range"),
        ({"procedure_steps_min": 6, "procedure_steps_max": 3}, "steps_below_min"),
    ]
    for values, reason in cases:
        with pytest.raises(ScenarioError) as caught:
            Scenario.from_mapping(values)
        err = caught.value
        assert err.reason == reason
        details = dict(err.details)
        filled = i18n.text(
            f"problem.{reason}", "en", key=err.key, value=details.pop("value", ""),
            allowed=SPECS[err.key].allowed, **details,
        )  # fmt: skip
        assert filled == str(err)
        assert i18n.scenario_problem(err, "en") == str(err)
        assert i18n.scenario_problem(err, "nl") != str(err)


# --- one record per outcome ----------------------------------------------------------------


def test_every_outcome_has_one_record_in_both_languages():
    assert tuple(RECORDS) == outcomes.ALL_OUTCOMES
    for rec in RECORDS.values():
        assert rec.label_en and rec.label_nl and rec.label_en != rec.label_nl, rec.name
        assert rec.meaning_en and rec.meaning_nl and rec.definition, rec.name
        assert rec.kind in outcomes.KINDS and rec.better in (1, -1), rec.name
        low, high = rec.bounds
        assert low < high, rec.name
        assert i18n.kind_title(rec.kind, "nl") != rec.kind
        assert i18n.direction_hint(rec.name, "nl")


def test_no_outcome_label_holds_a_comma():
    # Reports list outcomes in a sentence ("most of all on take-up, trust gap and ..."):
    # a comma inside a label would split one outcome into two for the reader.
    for rec in RECORDS.values():
        assert "," not in rec.label_en and "," not in rec.label_nl, rec.name


def test_the_old_names_are_views_of_the_records():
    contract = [o for o in RECORDS.values() if o.contract]
    assert {o.name: o.definition for o in contract} == outcomes.OUTCOMES
    assert set(outcomes.EXTRA_OUTCOMES) == {o.name for o in RECORDS.values() if not o.contract}
    assert {o.name: o.better for o in contract} == outcomes.BETTER
    assert {"trust_gap", "treatment_gap"} == outcomes.TOWARDS_ZERO
    assert outcomes.MAIN_OUTCOMES == (
        "take_up", "unmet_need", "trust", "best_person_retention", "worker_burnout",
        "collective_efficacy",
    )  # fmt: skip
    from bpsim.machinery.figures import MAIN_OUTCOMES

    assert MAIN_OUTCOMES == outcomes.MAIN_OUTCOMES
    assert list(outcomes.OUTCOMES)[:16] == [
        "take_up", "take_up_low_capacity", "unmet_need", "time_to_help", "trust",
        "trust_gap", "collective_efficacy", "bonding_ties", "bridging_ties", "linking_ties",
        "worker_burnout", "worker_turnover", "best_person_retention",
        "agencies_per_household", "hours_per_solved_problem", "wellbeing",
    ]  # the contract's order, which files outside the package rely on  # fmt: skip
    for name, label in i18n.OUTCOME_LABELS.items():
        assert (label.en, label.nl, label.kind) == (
            RECORDS[name].label_en,
            RECORDS[name].label_nl,
            RECORDS[name].kind,
        )


def test_gaps_are_not_drawn_on_zero_to_one():
    from bpsim.dashboard import drawing

    assert RECORDS["trust_gap"].bounds == (-1.0, 1.0)
    assert not drawing._is_bounded("trust_gap") and not drawing._is_bounded("treatment_gap")
    assert drawing._is_bounded("take_up") and drawing._is_bounded("trust")
    assert not drawing._is_bounded("unmet_need")
    assert RECORDS["unmet_need"].bounds == (0.0, math.inf)


def test_direction_words_come_from_the_record():
    assert i18n.direction_hint("trust_gap", "en") == "closer to 0 is better"
    assert i18n.direction_hint("take_up", "nl") == "hoger is beter"
    assert i18n.direction_hint("queue", "en") == "lower is better"
    assert i18n.direction_hint("made_up_outcome", "en") == ""
    assert outcomes.direction("queue") == -1 and outcomes.direction("made_up_outcome") == 1


def test_a_record_refuses_a_kind_or_direction_it_cannot_show():
    with pytest.raises(
        ValueError, match="outcome 'x': kind 'ratio' is not allowed; allowed: share"
    ):
        Outcome("x", "d", "X", "X nl", "m", "m nl", "ratio", 1)
    with pytest.raises(ValueError, match="outcome 'x': better 0; allowed: 1 or -1"):
        Outcome("x", "d", "X", "X nl", "m", "m nl", "count", 0)
    made = Outcome("x", "d", "X", "Iks", "m", "m nl", "share", -1)
    assert made.bounds == (0.0, 1.0) and made.label("nl") == "Iks" and made.meaning("en") == "m"


# --- parameters carry their own Dutch --------------------------------------------------------


def test_every_parameter_has_its_dutch_unit_and_meaning_in_its_record():
    for spec in PARAMETERS:
        assert spec.unit_nl, spec.name
        if spec.group == "lever":
            assert spec.label_en and spec.label_nl and spec.brief_en and spec.brief_nl, spec.name
            assert i18n.lever_anchors(spec.name, "nl"), spec.name
        else:
            assert spec.meaning_nl and not spec.label_en, spec.name
        assert i18n.unit(spec.name, "nl") == spec.unit_nl
        assert i18n.parameter_meaning(spec.name, "nl") != spec.meaning
    assert set(i18n.LEVER_LABELS) == set(LEVERS)
    assert i18n.parameter_label("rule_burden", "nl") == "Regeldruk"
    assert i18n.parameter_label("n_households", "nl") == "n_households"


def test_the_memory_problem_says_its_sizes_the_readers_way(monkeypatch):
    import bpsim.core.scenario as scenario

    monkeypatch.setattr(scenario, "_available_bytes", lambda: 3 * 2**29)  # 1.5 GiB
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_mapping({"n_households": 200_000})
    err = caught.value
    sizes = {k: i18n.number(err.details[k], 1, "en") for k in ("need_gib", "have_gib")}
    english = i18n.text(
        "problem.memory", "en", key=err.key, value=err.details["value"],
        allowed=SPECS[err.key].allowed, **sizes,
    )  # fmt: skip
    assert english == str(err)
    assert "van de 1,5 GiB van deze machine" in i18n.scenario_problem(err, "nl")
