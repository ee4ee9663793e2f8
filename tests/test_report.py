"""The self-contained HTML report builder and the English/Dutch labels it uses."""

from __future__ import annotations

import base64
import re
import string

import matplotlib.pyplot as plt
import pytest

from bpsim.core.outcomes import ALL_OUTCOMES, OUTCOMES
from bpsim.core.scenario import LEVERS
from bpsim.machinery import i18n, report

# --- report -----------------------------------------------------------------------------


def _png() -> bytes:
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    return report.figure_png(fig, dpi=50)


def test_figure_png_gives_png_bytes_and_closes_the_figure():
    before = len(plt.get_fignums())
    png = _png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(plt.get_fignums()) == before


def test_render_embeds_images_and_needs_nothing_from_elsewhere():
    png = _png()
    html = report.render(
        "Title",
        [report.Section("One", report.paragraph("text"), (report.Image(png, "cap", "alt"),))],
        lang="nl",
        subtitle="sub",
        footer="foot",
    )
    assert html.startswith("<!DOCTYPE html>") and "<html lang='nl'>" in html
    (src,) = re.findall(r"<img[^>]*src='([^']*)'", html)
    assert src == "data:image/png;base64," + base64.b64encode(png).decode()
    assert "<figcaption>cap</figcaption>" in html and "alt='alt'" in html
    assert "<h2>One</h2>" in html and "sub" in html and "foot" in html
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", html)
    assert "<script" not in html and "<link" not in html


def test_text_is_escaped_everywhere():
    evil = "<script>alert('x')</script> & co"
    html = report.render(
        evil,
        [
            report.Section(
                evil,
                report.paragraph(evil)
                + report.bullets([evil])
                + report.table([evil], [[evil], [(evil, "good")]])
                + report.key_values([(evil, evil)])
                + report.heading(evil)
                + report.with_note(evil, evil),
            )
        ],
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in html


def test_table_cells_classes_and_numeric_columns():
    html = report.table(["a", "b"], [["x", ("1.0", "good")]], numeric=(1,))
    assert "<th>a</th><th>b</th>" in html
    assert "<td class='good num'>1.0</td>" in html
    raw = report.table(["a"], [["<b>bold</b>"]], html_columns=(0,))
    assert "<td><b>bold</b></td>" in raw


def test_bullets_of_nothing_is_nothing():
    assert report.bullets([]) == ""


def test_write(tmp_path):
    path = report.write(tmp_path / "r.html", report.render("T", []))
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- i18n -------------------------------------------------------------------------------


def test_every_outcome_and_lever_has_both_languages():
    # The contract outcomes and the quintiles appear in every comparison report.
    for name in [*OUTCOMES, *(f"take_up_q{q}" for q in range(1, 6))]:
        spec = i18n.OUTCOME_LABELS[name]
        assert spec.en and spec.nl and spec.meaning_en and spec.meaning_nl, name
        assert spec.kind in {"share", "index", "count", "weeks", "hours"}
    for name in OUTCOMES:
        assert i18n.outcome_label(name, "en") != i18n.outcome_label(name, "nl"), name
    for name in LEVERS:
        spec = i18n.LEVER_LABELS[name]
        assert spec.en and spec.nl and spec.meaning_nl, name


def test_outcomes_without_labels_fall_back_to_their_name():
    assert i18n.outcome_label("some_new_outcome", "nl") == "some_new_outcome"
    assert i18n.outcome_meaning("some_new_outcome", "en") == ""
    assert i18n.value("some_new_outcome", 0.12345, "en") == "0.123"
    labelled = [name for name in ALL_OUTCOMES if name in i18n.OUTCOME_LABELS]
    assert len(labelled) >= len(OUTCOMES) + 5


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("key", sorted(i18n.TEXT))
def test_english_and_dutch_texts_have_the_same_placeholders(key):
    en, nl = i18n.TEXT[key]
    assert _fields(en) == _fields(nl)
    assert en.strip() and nl.strip()


def test_text_fills_in_values_and_rejects_unknown_languages():
    assert i18n.text("report_title", "nl", a="x", b="y") == "y vergeleken met x"
    with pytest.raises(ValueError, match="allowed: en, nl"):
        i18n.text("summary", "de")
    with pytest.raises(KeyError):
        i18n.text("no_such_key", "en")


@pytest.mark.parametrize(
    "value, decimals, lang, sign, shown",
    [
        (1234.5, 1, "en", False, "1,234.5"),
        (1234.5, 1, "nl", False, "1.234,5"),
        (-0.25, 2, "nl", True, "−0,25"),
        (0.25, 2, "en", True, "+0.25"),
        (-0.0004, 3, "en", True, "+0.000"),  # rounds to zero: no misleading minus
        (float("nan"), 2, "en", False, "–"),
        (float("inf"), 1, "en", True, "+∞"),
    ],
)
def test_numbers_in_each_language(value, decimals, lang, sign, shown):
    assert i18n.number(value, decimals, lang, sign=sign) == shown


def test_values_by_kind():
    assert i18n.value("take_up", 0.4132, "en") == "41.3%"
    assert i18n.value("take_up", 0.4132, "nl") == "41,3%"
    assert i18n.difference("take_up", 0.3458, "en") == "+34.6 pp"
    assert i18n.difference("take_up", 0.3458, "nl") == "+34,6 %-punt"
    assert i18n.difference("take_up", 0.3458, "en", unit=False) == "+34.6"
    assert i18n.value("time_to_help", 24.51, "en") == "24.5"
    assert i18n.value("trust", 0.48378, "en") == "0.484"
    assert i18n.difference("unmet_need", -0.4594, "nl") == "−0,46"
