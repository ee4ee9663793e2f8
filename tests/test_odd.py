"""The ODD document stays true to the code: generated tables, submodels, sources, comments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bpsim.cli import main
from bpsim.core.scenario import PARAMETERS
from bpsim.machinery import odd

ODD_TEXT = odd.ODD_PATH.read_text(encoding="utf-8")

#: Constants documented with a plain ``#`` comment instead of ``#:`` when this test was written
#: (bpsim/core/mechanisms/trust.py). The test fails if any other constant lacks a ``#:``
#: comment, and also once one of these gains one, so that this list only ever shrinks.
KNOWN_WITHOUT_DOC_COMMENT = {
    "bpsim.core.mechanisms.trust.EXPERIENCE_GRANTED",
    "bpsim.core.mechanisms.trust.EXPERIENCE_GRANTED_PERSONAL",
    "bpsim.core.mechanisms.trust.EXPERIENCE_REFUSED",
    "bpsim.core.mechanisms.trust.EXPERIENCE_REFUSED_PERSONAL",
    "bpsim.core.mechanisms.trust.EXPERIENCE_STEP_FAILED",
    "bpsim.core.mechanisms.trust.EXPERIENCE_ABANDONED",
    "bpsim.core.mechanisms.trust.EXPERIENCE_PERSONAL_CONTACT",
    "bpsim.core.mechanisms.trust.EXPERIENCE_WARM_REFERRAL",
}


def _section(text: str, heading_start: str) -> str:
    """The body of the ``## `` section whose heading starts with `heading_start`."""
    match = re.search(rf"^## {re.escape(heading_start)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section '## {heading_start}...' in docs/ODD.md"
    return match.group(1)


def test_generated_tables_in_odd_are_up_to_date():
    assert odd.render_into(ODD_TEXT) == ODD_TEXT, "docs/ODD.md is stale: run 'uv run bpsim odd'"


def test_every_mechanism_module_is_named_in_the_submodels_section():
    submodels = _section(ODD_TEXT, "7 Submodels")
    modules = odd.mechanism_modules()
    assert len(modules) >= 10
    missing = [m for m in modules if f"`{m.replace('.', '/')}.py" not in submodels]
    assert not missing, f"submodels without a section in docs/ODD.md: {missing}"


def test_every_parameter_has_a_source_or_is_marked_assumption():
    year = re.compile(r"\b(?:19|20)\d\d\b")
    bad = [
        p.name
        for p in PARAMETERS
        if not p.source.strip() or not ("assumption" in p.source.lower() or year.search(p.source))
    ]
    assert not bad, f"parameters without a source or 'assumption': {bad}"


def test_every_parameter_and_constant_is_in_the_generated_tables():
    params = _section(ODD_TEXT, "Parameters")
    consts = _section(ODD_TEXT, "Constants")
    for p in PARAMETERS:
        assert f"| `{p.name}` |" in params
    registry = odd.constants()
    assert len(registry) >= 50
    for c in registry:
        assert f"| `{c.name}` | `{c.module.replace('.', '/')}.py` |" in consts


def test_every_constant_has_a_doc_comment():
    registry = odd.constants()
    assert all(c.comment for c in registry), [c.name for c in registry if not c.comment]
    without = {f"{c.module}.{c.name}" for c in registry if not c.documented}
    new = sorted(without - KNOWN_WITHOUT_DOC_COMMENT)
    fixed = sorted(KNOWN_WITHOUT_DOC_COMMENT - without)
    assert not new, f"constants without a '#:' comment above them: {new}"
    assert not fixed, f"now documented with '#:', remove from KNOWN_WITHOUT_DOC_COMMENT: {fixed}"


def test_registry_covers_mechanisms_agents_model_and_outcomes():
    modules = {c.module for c in odd.constants()}
    assert {"bpsim.core.agents", "bpsim.core.model", "bpsim.core.outcomes"} <= modules
    assert "bpsim.core.mechanisms.procedures" in modules
    by_name = {c.name: c for c in odd.constants()}
    assert by_name["PASS_SLOPE"].module == "bpsim.core.mechanisms.procedures"
    assert "ALL_OUTCOMES" not in by_name  # derived from other names, not a literal
    assert "OUTCOMES" not in by_name  # a dict, not a number or tuple


SOURCE = '''
"""A module."""
import math

#: Documented on its own.
ALPHA = 1.0
#: Shared by a run of assignments.
BETA = 2
GAMMA = (0.5, 0.5)

DELTA = 3  #: Trailing doc comment.
# A plain comment.
EPSILON = 4.0

ZETA = 5
DERIVED = ALPHA * 2
lower_case = 6
#: Not a constant: a call.
ETA = math.sqrt(2)
'''


def test_comments_are_read_from_the_line_above_the_run_or_the_line_end():
    found = odd.documented_assignments(SOURCE)
    assert found["ALPHA"] == ("Documented on its own.", True, 6, None)
    assert found["BETA"] == ("Shared by a run of assignments.", True, 8, None)
    assert found["GAMMA"] == ("Shared by a run of assignments.", True, 9, "BETA")
    assert found["DELTA"] == ("Trailing doc comment.", True, 11, None)
    assert found["EPSILON"] == ("A plain comment.", False, 13, None)
    assert found["ZETA"] == ("", False, 15, None)  # a blank line ends a run
    assert "DERIVED" not in found and "ETA" not in found and "lower_case" not in found


def test_render_into_replaces_only_between_markers():
    doc = (
        "intro\n<!-- parameters:start -->\nSTALE-CONTENT\n<!-- parameters:end -->\nmiddle\n"
        "<!-- constants:start -->\n<!-- constants:end -->\nend\n"
    )
    out = odd.render_into(doc)
    assert out.startswith("intro\n<!-- parameters:start -->\n")
    assert (
        "STALE-CONTENT" not in out
        and "\nmiddle\n" in out
        and out.endswith("<!-- constants:end -->\nend\n")
    )
    assert "| `rule_burden` |" in out and "| `PASS_SLOPE` |" in out
    assert odd.render_into(out) == out


@pytest.mark.parametrize(
    "doc",
    [
        "no markers at all\n",
        "<!-- parameters:start -->\n<!-- parameters:end -->\n",  # constants markers missing
        "<!-- parameters:end -->\n<!-- parameters:start -->\n"
        "<!-- constants:start -->\n<!-- constants:end -->\n",  # wrong order
        "<!-- parameters:start -->\n<!-- parameters:start -->\n<!-- parameters:end -->\n"
        "<!-- constants:start -->\n<!-- constants:end -->\n",  # duplicated
    ],
)
def test_render_into_rejects_missing_duplicated_or_misordered_markers(doc):
    with pytest.raises(ValueError, match="marker"):
        odd.render_into(doc)


def test_cli_odd_rewrites_a_stale_document_and_check_reports_it(tmp_path: Path, capsys):
    doc = tmp_path / "ODD.md"
    module = tmp_path / "parameters.py"
    module.write_text(odd.parameters_module(), encoding="utf-8")
    where = ["--path", str(doc), "--module", str(module)]
    head, marker, tail = ODD_TEXT.partition("<!-- parameters:start -->")
    stale = head + marker + tail.replace("| `rule_burden` |", "| `rule_burden_old` |", 1)
    assert stale != ODD_TEXT
    doc.write_text(stale, encoding="utf-8")
    assert main(["odd", "--check", *where]) == 1
    assert doc.read_text(encoding="utf-8") == stale  # --check changes nothing
    assert main(["odd", *where]) == 0
    assert doc.read_text(encoding="utf-8") == ODD_TEXT
    assert main(["odd", "--check", *where]) == 0
    assert "stale" in capsys.readouterr().out


def test_cli_odd_rewrites_a_stale_or_missing_parameters_module(tmp_path: Path, capsys):
    doc = tmp_path / "ODD.md"
    doc.write_text(ODD_TEXT, encoding="utf-8")
    module = tmp_path / "parameters.py"
    fresh = odd.parameters_module()
    stale = fresh.replace("    rule_burden: float\n", "    rule_burden_old: float\n", 1)
    assert stale != fresh
    module.write_text(stale, encoding="utf-8")
    where = ["--path", str(doc), "--module", str(module)]
    assert main(["odd", "--check", *where]) == 1
    assert module.read_text(encoding="utf-8") == stale  # --check changes nothing
    out = capsys.readouterr().out
    assert "parameters module is stale" in out and "ODD.md" not in out
    assert main(["odd", *where]) == 0
    assert module.read_text(encoding="utf-8") == fresh
    assert doc.read_text(encoding="utf-8") == ODD_TEXT  # the fresh document is left alone
    module.unlink()
    assert main(["odd", "--check", *where]) == 1
    assert main(["odd", *where]) == 0
    assert module.read_text(encoding="utf-8") == fresh
    assert main(["odd", "--check", *where]) == 0


def test_cli_odd_reports_a_missing_file_or_marker_as_bad_input(tmp_path: Path, capsys):
    assert main(["odd", "--path", str(tmp_path / "nope.md")]) == 2
    broken = tmp_path / "broken.md"
    broken.write_text("no markers\n", encoding="utf-8")
    assert main(["odd", "--check", "--path", str(broken)]) == 2
    assert "marker" in capsys.readouterr().err
