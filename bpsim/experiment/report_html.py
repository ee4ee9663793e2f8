"""The sweep analysis as one self-contained HTML page, in English or Dutch.

``bpsim analyse`` writes report.md for people who read Markdown next to the data,
and this page for people who read reports: the figures embedded, outcomes and
factors under their labels (`bpsim.machinery.i18n`) instead of their raw names, numbers in
the language's style and p-values written as read (``< 0,001``). It reads only what
`bpsim.experiment.analyse.analyse` has computed; nothing is run here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bpsim.machinery import i18n, report
from bpsim.machinery.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    from bpsim.experiment.analyse import Analysis
    from bpsim.machinery.store import Store


def _label(name: str, lang: str) -> str:
    from bpsim.experiment.analyse import _label as label

    return label(name, lang)


def _lower(label: str) -> str:
    """A label inside a sentence: lower case first letter (not for acronyms)."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _level(value, lang: str) -> str:
    """A factor level as written in `lang` (``0,9`` in Dutch)."""
    try:
        return i18n.number(float(value), None, lang)
    except (TypeError, ValueError):
        return str(value)


def _index_cell(cell: str, lang: str) -> str:
    """A ``0.943 ± 0.05`` cell of the sensitivity tables, in the language's decimals."""
    return i18n.localized(cell, lang) if isinstance(cell, str) else str(cell)


def _overview(store: Store, result: Analysis, lang: str) -> str:
    exp = store.experiment
    prov = store.provenance
    git = prov.get("git") or {}
    commit = (git.get("commit") or "?")[:12]
    if git.get("uncommitted_changes"):
        commit += f" ({text('an_commit_local', lang)})"
    c = result.counts
    pairs = [
        (
            text("an_design", lang),
            text(
                "an_design_value",
                lang,
                kind=exp["kind"],
                points=exp["points"],
                scenarios=len(exp["scenarios"]),
                reps=exp["replications"],
                runs=exp["runs"],
            ),  # fmt: skip
        ),
        (text("an_factors", lang), ", ".join(_label(f, lang) for f in exp["factors"])),
        (
            text("an_runs", lang),
            text("an_runs_value", lang, ok=c["ok"], failed=c["failed"], missing=c["missing"]),
        ),
        (text("pv_version", lang), str(prov.get("bpsim_version", "?"))),
        (text("pv_commit", lang), commit),
        (text("pv_uv_lock", lang), str(prov.get("uv_lock_sha256") or "?")),
        (text("an_experiment_file", lang), str(prov.get("experiment_sha256") or "?")),
        (text("pv_seed", lang), str(prov.get("base_seed", "?"))),
    ]
    body = report.paragraph(exp["description"]) if exp.get("description") else ""
    return body + report.key_values(pairs, header=(text("col_item", lang), text("col_value", lang)))


def _headline(store: Store, result: Analysis, extra: dict, lang: str) -> str:
    hl = store.experiment["headline"]
    outcome, factor, by = hl["outcome"], hl["factor"], hl["by"]
    level = f"{hl['confidence']:.0%}"
    statement = text(
        "an_statement", lang, outcome=_label(outcome, lang),
        word=text("an_higher" if hl["expect"] > 0 else "an_lower", lang),
        factor=_lower(_label(factor, lang)), by=_lower(_label(by, lang)),
        at=_level(hl["at"], lang), level=level,
    )  # fmt: skip
    body = report.paragraph(text("an_expected", lang, statement=statement))
    diffs = extra["diffs"]
    sel = diffs[diffs["outcome"] == outcome]
    holds = {(r["scenario"], r[by]): bool(r["holds"]) for _, r in result.headline.rows.iterrows()}
    low = _level(sel["restricted_level"].iloc[0], lang) if len(sel) else ""
    high = _level(sel["open_level"].iloc[0], lang) if len(sel) else ""
    body += report.paragraph(
        text("an_headline_table", lang, factor=_lower(_label(factor, lang)), high=high, low=low,
             outcome=_label(outcome, lang))
    )  # fmt: skip
    rows = []
    for _, r in sel.iterrows():
        defined = not math.isnan(r.get("diff", math.nan))
        verdict = holds.get((r["scenario"], r[by]))
        result_cell = ""
        if verdict is not None:
            result_cell = (text("an_holds" if verdict else "an_fails", lang),
                           "good" if verdict else "bad")  # fmt: skip
        rows.append(
            [
                r["scenario"],
                _level(r[by], lang),
                str(int(r["n"])),
                i18n.value(outcome, r["restricted"], lang) if defined else "–",
                i18n.value(outcome, r["open"], lang) if defined else "–",
                i18n.difference(outcome, r["diff"], lang) if defined else "–",
                (
                    f"{i18n.difference(outcome, r['ci_low'], lang, unit=False)} … "
                    f"{i18n.difference(outcome, r['ci_high'], lang, unit=False)}"
                )
                if defined
                else "–",
                i18n.p_value(r["p_value"], lang) if defined else "–",
                result_cell,
            ]
        )
    header = [
        text("an_col_scenario", lang), _label(by, lang), text("an_col_n", lang),
        text("an_col_low", lang, low=low), text("an_col_high", lang, high=high),
        text("col_difference", lang, a=low, b=high), text("col_ci", lang), text("col_p", lang),
        text("an_col_result", lang),
    ]  # fmt: skip
    body += report.table(header, rows, numeric=(1, 2, 3, 4, 5, 6, 7))
    body += report.paragraph(text("an_all_outcomes", lang))
    return body


def _sensitivity(store: Store, extra: dict, lang: str) -> str:
    summary = extra.get("sensitivity")
    kind = store.experiment["kind"]
    body = report.paragraph(text(f"an_sensitivity_{kind}", lang))
    if summary is not None:
        factors = [c for c in summary.columns if c not in ("scenario", "outcome")]
        header = [
            text("an_col_scenario", lang),
            text("col_outcome", lang),
            *(_label(f, lang) for f in factors),
        ]
        rows = [
            [r["scenario"], _label(r["outcome"], lang), *(_index_cell(r[f], lang) for f in factors)]
            for _, r in summary.iterrows()
        ]
        body += report.table(header, rows, numeric=tuple(range(2, 2 + len(factors))))
    pairs = extra.get("interactions")
    if pairs is not None:
        body += report.heading(text("an_interactions", lang))
        body += report.paragraph(text("an_interactions_intro", lang))
        rows = []
        for _, r in pairs.iterrows():
            a, _, b = str(r["pair"]).partition(" x ")
            rows.append(
                [
                    r["scenario"],
                    _label(r["outcome"], lang),
                    f"{_label(a, lang)} × {_label(b, lang)}",
                    _index_cell(r["S2"], lang),
                ]
            )
        header = [text("an_col_scenario", lang), text("col_outcome", lang),
                  text("an_col_pair", lang), "S2"]  # fmt: skip
        body += report.table(header, rows, numeric=(3,))
    return body


def _images(result: Analysis, prefix: str) -> tuple[report.Image, ...]:
    return tuple(
        report.Image(path.read_bytes(), "", path.stem)
        for path in result.figures
        if path.name.startswith(prefix) and path.is_file()
    )


def build(store: Store, result: Analysis, extra: dict, lang: str = "en") -> str:
    """The analysis report as one self-contained HTML document.

    Args:
        store: The sweep's store.
        result: What `analyse` computed (its figures must be written already).
        extra: The headline differences (``diffs``), the sensitivity summary
            (``sensitivity``) and the strongest interactions (``interactions``), where
            the analysis has them.
        lang: ``en`` or ``nl``.

    Returns:
        The HTML text.
    """
    exp = store.experiment
    sections = [report.Section(text("an_overview", lang), _overview(store, result, lang))]
    if result.notes:
        sections.append(report.Section(text("an_notes", lang), report.bullets(result.notes)))
    if result.headline is not None and "diffs" in extra:
        sections.append(
            report.Section(
                text("an_headline", lang),
                _headline(store, result, extra, lang),
                _images(result, "headline_"),
            )
        )
    if "sensitivity" in extra:
        sections.append(
            report.Section(
                text("an_sensitivity", lang),
                _sensitivity(store, extra, lang),
                _images(result, "sensitivity"),
            )
        )
    by = _images(result, "by_")
    if by:
        sections.append(
            report.Section(
                text("an_by_factor", lang), report.paragraph(text("an_by_factor_note", lang)), by
            )
        )
    outcomes = [
        o for o in store.outcomes if o in i18n.OUTCOME_LABELS or o in exp.get("outcomes", [])
    ]
    if outcomes:
        items = [
            f"{i18n.outcome_label(o, lang)}: {i18n.outcome_meaning(o, lang)}"
            if i18n.outcome_meaning(o, lang)
            else o
            for o in outcomes
        ]
        sections.append(report.Section(text("an_outcomes", lang), report.bullets(items)))
    title = text("an_title", lang, name=exp["name"])
    subtitle = text("an_subtitle", lang, kind=exp["kind"], runs=exp["runs"])
    footer = report.made_with(store.provenance, lang)
    return report.render(title, sections, lang=lang, subtitle=subtitle, footer=footer)
