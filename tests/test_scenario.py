"""Scenario validation: every kind of bad input is refused with key, value and what is allowed."""

from __future__ import annotations

import math

import pytest

from bpsim.core import scenario as sc
from bpsim.core.scenario import (
    LEVERS,
    PARAMETERS,
    SPECS,
    Scenario,
    ScenarioError,
    default_scenario,
    load_scenario,
    parse_assignments,
)

CONTRACT_LEVERS = {
    "rule_burden",
    "freedom_of_movement",
    "personal_component",
    "scouting",
    "training",
    "professional_learning",
    "rule_reflex",
    # Proactive outreach.
    "outreach",
    "outreach_assistance",
}


def test_levers_are_the_contract_names_with_range_0_1():
    assert set(LEVERS) == CONTRACT_LEVERS
    for name in LEVERS:
        assert (SPECS[name].low, SPECS[name].high) == (0.0, 1.0)


def test_every_parameter_has_unit_meaning_source_and_default_in_range():
    for p in PARAMETERS:
        assert p.unit and p.meaning and p.source, p.name
        assert p.low <= p.default <= p.high, p.name
        assert isinstance(p.default, int) if p.integer else isinstance(p.default, float), p.name


def test_defaults_validate():
    s = default_scenario()
    assert s.params == {p.name: p.default for p in PARAMETERS}
    assert s.changed() == {}


def test_shipped_scenarios_differ_only_in_freedom(repo):
    base = load_scenario(repo / "scenarios/baseline.toml")
    restricted = load_scenario(repo / "scenarios/restricted.toml")
    open_ = load_scenario(repo / "scenarios/open.toml")
    diff_r = {k for k in base.params if base[k] != restricted[k]}
    diff_o = {k for k in base.params if base[k] != open_[k]}
    assert diff_r == diff_o == {"freedom_of_movement"}
    assert restricted["freedom_of_movement"] < open_["freedom_of_movement"]
    # "at a rule burden high enough for it to matter"
    assert base["rule_burden"] >= 0.5


@pytest.mark.parametrize(
    ("values", "fragments"),
    [
        ({"rule_burdn": 0.5}, ["rule_burdn", "did you mean 'rule_burden'"]),
        ({"rule_burden": "high"}, ["rule_burden", "'high'", "not a number", "0.0 to 1.0"]),
        ({"rule_burden": True}, ["rule_burden", "True", "not a number"]),
        ({"rule_burden": 1.5}, ["rule_burden", "1.5", "out of range", "0.0 to 1.0"]),
        ({"rule_burden": -0.1}, ["rule_burden", "-0.1", "out of range"]),
        ({"rule_burden": math.nan}, ["rule_burden", "nan", "not a finite number"]),
        ({"freedom_of_movement": math.inf}, ["freedom_of_movement", "inf", "finite"]),
        ({"n_households": 2000.5}, ["n_households", "2000.5", "whole number"]),
        ({"n_households": 10}, ["n_households", "10", "50 to 200000"]),
        ({"n_households": 10**9}, ["n_households", "out of range"]),
        ({"workers_per_1000": [1, 2]}, ["workers_per_1000", "[1, 2]", "not a number"]),
        ({"n_workers": 40}, ["n_workers", "replaced by 'workers_per_1000'"]),
        ({"procedure_steps_min": 9, "procedure_steps_max": 3}, ["procedure_steps_max", "3"]),
    ],
)
def test_bad_values_are_refused_with_key_value_and_allowed(values, fragments):
    with pytest.raises(ScenarioError) as err:
        Scenario.from_mapping(values)
    msg = str(err.value)
    for fragment in fragments:
        assert fragment in msg, (fragment, msg)


def test_whole_float_is_accepted_for_integer_parameter():
    assert Scenario.from_mapping({"n_households": 300.0})["n_households"] == 300


def test_population_too_large_for_memory_is_refused(monkeypatch):
    monkeypatch.setattr(sc, "_available_bytes", lambda: 2 * 2**30)
    with pytest.raises(ScenarioError, match="n_households.*GiB"):
        Scenario.from_mapping({"n_households": 200_000})


def test_with_overrides_validates_and_keeps_name():
    s = default_scenario().with_overrides({"rule_burden": 0.9}, name="heavy")
    assert s["rule_burden"] == 0.9 and s.name == "heavy"
    with pytest.raises(ScenarioError, match="scouting"):
        s.with_overrides({"scouting": 2})


def test_parse_assignments():
    got = parse_assignments(["rule_burden=0.8", "n_households = 500"])
    assert got == {"rule_burden": 0.8, "n_households": 500}
    assert isinstance(got["n_households"], int)
    with pytest.raises(ScenarioError, match="NAME=VALUE"):
        parse_assignments(["rule_burden"])
    # Each assignment is checked here, so a typo is blamed on --set, not on a file.
    with pytest.raises(ScenarioError, match=r"^--set 'rule_burdn=1': unknown parameter") as err:
        parse_assignments(["rule_burdn=1"])
    assert "did you mean 'rule_burden'" in str(err.value)
    with pytest.raises(ScenarioError, match=r"^--set 'rule_burden=x': parameter 'rule_burden'"):
        parse_assignments(["rule_burden=x"])


def test_dutch_names_come_from_the_file_and_are_not_inherited(tmp_path):
    base = _write(tmp_path, "base.toml", 'name = "base"\nname_nl = "basis"\nrule_burden = 0.5\n')
    child = _write(tmp_path, "child.toml", 'base = "base.toml"\nname = "child"\n')
    assert load_scenario(base).display_name("nl") == "basis"
    assert load_scenario(base).display_name("en") == "base"
    assert load_scenario(child).display_name("nl") == "child"  # no Dutch name of its own
    with pytest.raises(ScenarioError, match="key 'name_nl'"):
        load_scenario(_write(tmp_path, "bad.toml", "name_nl = 3\n"))
    sc = load_scenario(base)
    assert sc.with_overrides({"rule_burden": 0.6}).name_nl == "basis"
    assert sc.with_overrides({}, name="other").name_nl == ""


def test_shipped_scenarios_have_dutch_names(repo):
    for path in sorted((repo / "scenarios").glob("*.toml")):
        sc = load_scenario(path)
        assert sc.name_nl, path
        assert sc.description_nl, path


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_file_with_sections_and_base(tmp_path):
    _write(tmp_path, "a.toml", 'name = "a"\n[levers]\nrule_burden = 0.7\n')
    b = _write(tmp_path, "b.toml", 'base = "a.toml"\nname = "b"\n[levers]\nscouting = 0.5\n')
    s = load_scenario(b)
    assert s.name == "b" and s["rule_burden"] == 0.7 and s["scouting"] == 0.5


def test_a_file_may_describe_itself_in_dutch_too(tmp_path, repo):
    _write(tmp_path, "a.toml", 'description = "as it is"\ndescription_nl = "zoals het is"\n')
    a = load_scenario(tmp_path / "a.toml")
    assert a.describe("nl") == "zoals het is" and a.describe("en") == a.describe() == "as it is"
    assert a.with_overrides({"scouting": 0.5}).describe("nl") == "zoals het is"
    # A file's own words are not inherited: b says nothing in Dutch, so Dutch falls back.
    b = _write(tmp_path, "b.toml", 'base = "a.toml"\ndescription = "b"\n')
    assert load_scenario(b).describe("nl") == "b"
    for shipped in ("baseline", "restricted", "open"):
        file = load_scenario(repo / "scenarios" / f"{shipped}.toml")
        assert file.describe("nl") and file.describe("nl") != file.describe("en")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("rule_burden = ", "not valid TOML"),
        ("description_nl = 1\n", "not text"),
        ("[levers]\nrule_burden = 0.5\n[other]\nrule_burden = 0.6\n", "given twice"),
        ("[a]\n[a.b]\nx = 1\n", "nested too deep"),
        ('base = "missing.toml"\n', "does not exist"),
        ("base = 3\n", "not a file name"),
        ("name = 3\n", "not text"),
        ("freedom = 0.5\n", "did you mean 'freedom_of_movement'"),
    ],
)
def test_bad_files_are_refused(tmp_path, text, fragment):
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert fragment in str(err.value)
    assert "bad.toml" in str(err.value)


def test_base_loop_is_refused(tmp_path):
    _write(tmp_path, "x.toml", 'base = "y.toml"\n')
    _write(tmp_path, "y.toml", 'base = "x.toml"\n')
    with pytest.raises(ScenarioError, match="loops"):
        load_scenario(tmp_path / "x.toml")


def test_missing_file():
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario("no/such/file.toml")
