"""The comparison report: what a policy advisor reads, in English or Dutch.

Turns a `Comparison` and its figures into report sections: a plain-language
summary (which scenario does better on what, and how sure that is), the table of
paired differences, the figures, the assumptions and the provenance. The HTML
itself is made by `bpsim.report`, which the validation report shares.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from bpsim import i18n, report
from bpsim.comparison import Comparison
from bpsim.i18n import text
from bpsim.scenario import SPECS

#: Seeds listed in the report before pointing to the files that hold them all.
_SEEDS_SHOWN = 5


def build_report(
    comparison: Comparison, figures: Mapping[str, bytes], lang: str = "en", robust=None
) -> str:
    """The comparison report as one self-contained HTML document.

    Args:
        comparison: The comparison.
        figures: PNG bytes by name: ``trajectories``, ``differences``, ``quintiles``
            (missing names are left out).
        lang: ``en`` or ``nl``.
        robust: A `bpsim.robust.RobustComparison` for the section "How robust is this
            advice?" (`bpsim.robust_report`), or None.

    Returns:
        The HTML text.
    """
    q = _quoter(lang)
    names = comparison.names
    a, others = names[0], names[1:]
    if len(others) == 1:
        title = text("report_title", lang, a=q(a), b=q(others[0]))
    else:
        title = text("report_title_many", lang, a=q(a), others=_join([q(o) for o in others], lang))
    subtitle = text("report_subtitle", lang, n=comparison.replications, weeks=comparison.steps)
    sections = [
        report.Section(text("summary", lang), _summary(comparison, lang)),
        report.Section(text("results", lang), _results(comparison, lang)),
        report.Section(text("figures", lang), "", _images(comparison, figures, lang)),
        report.Section(text("assumptions", lang), _assumptions(comparison, lang)),
        report.Section(text("provenance", lang), _provenance(comparison, lang)),
    ]
    if robust is not None:
        from bpsim.robust_report import section

        sections.insert(3, section(robust, lang))
    footer = text(
        "footer",
        lang,
        version=comparison.provenance.get("bpsim_version", "?"),
        created=comparison.provenance.get("created_utc", "?"),
    )
    return report.render(title, sections, lang=lang, subtitle=subtitle, footer=footer)


# --- summary ---------------------------------------------------------------------------


def _quoter(lang: str):
    """Scenario names in quotes for running text in `lang`."""
    return lambda name: i18n.quoted(name, lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('and', lang)} {items[-1]}"


def _years(weeks: int, lang: str) -> str:
    return i18n.number(weeks / 52.0, 0 if weeks % 52 == 0 else 1, lang)


def _parameter_value(name: str, value: float, lang: str) -> str:
    spec = SPECS[name]
    return i18n.number(value, 0, lang) if spec.integer else i18n.number(value, 2, lang)


def _differing_parameters(comparison: Comparison, lang: str) -> list[str]:
    q = _quoter(lang)
    scenarios = comparison.scenarios
    lines = []
    for name in SPECS:
        values = [sc[name] for sc in scenarios]
        if len(set(values)) > 1:
            shown = ", ".join(
                text(
                    "in_scenario", lang, value=_parameter_value(name, v, lang), scenario=q(sc.name)
                )
                for v, sc in zip(values, scenarios, strict=True)
            )
            lines.append(f"{i18n.parameter_label(name, lang)}: {shown}")
    return lines


def _item(row: pd.Series, lang: str) -> str:
    name = row["outcome"]
    return text(
        "item",
        lang,
        label=i18n.outcome_label(name, lang),
        a=i18n.quoted(row["scenario_a"], lang),
        b=i18n.quoted(row["scenario_b"], lang),
        va=i18n.value(name, row["mean_a"], lang),
        vb=i18n.value(name, row["mean_b"], lang),
        diff=i18n.difference(name, row["diff"], lang),
        low=i18n.difference(name, row["ci_low"], lang),
        high=i18n.difference(name, row["ci_high"], lang),
    )


def _summary(comparison: Comparison, lang: str) -> str:
    q = _quoter(lang)
    scenarios = comparison.scenarios
    a = scenarios[0].name
    others = [sc.name for sc in scenarios[1:]]
    households = {int(sc["n_households"]) for sc in scenarios}
    body = report.paragraph(
        text(
            "intro",
            lang,
            a=q(a),
            others=_join([q(o) for o in others], lang),
            n=comparison.replications,
            weeks=comparison.steps,
            years=_years(comparison.steps, lang),
            households=" / ".join(i18n.number(h, 0, lang) for h in sorted(households)),
        )
    )
    described = [
        sc.name
        + (f" ({text('reference', lang)})" if k == 0 else "")
        + (f": {sc.describe(lang)}" if sc.describe(lang) else "")
        for k, sc in enumerate(scenarios)
    ]
    body += report.paragraph(text("scenarios_are", lang)) + report.bullets(described)
    differing = _differing_parameters(comparison, lang)
    if differing:
        body += report.paragraph(text("differs_in", lang)) + report.bullets(differing)
    else:
        body += report.paragraph(text("differs_none", lang))
    body += report.paragraph(text("model_caveat", lang))

    diffs = comparison.differences
    for b in others:
        part = diffs[diffs["scenario_b"] == b]
        counts = part["verdict"].value_counts()
        if len(others) > 1:
            body += report.heading(text("report_title", lang, a=q(a), b=q(b)))
        headline = text(
            "headline" if counts.get("unclear", 0) else "headline_all_clear",
            lang,
            a=q(a),
            b=q(b),
            better=int(counts.get("better", 0)),
            worse=int(counts.get("worse", 0)),
            unclear=int(counts.get("unclear", 0)),
            total=len(part),
        )
        if counts.get("undefined", 0):
            headline += " " + text("headline_undefined", lang, undefined=int(counts["undefined"]))
        body += f"<p><strong>{report.esc(headline)}</strong></p>\n"
        for verdict in ("better", "worse"):
            rows = part[part["verdict"] == verdict]
            if len(rows):
                body += report.paragraph(text(f"list_{verdict}", lang, b=q(b)))
                body += report.bullets(_item(r, lang) for _, r in rows.iterrows())
        for verdict in ("unclear", "undefined"):
            rows = part[part["verdict"] == verdict]
            if len(rows):
                labels = [i18n.outcome_label(o, lang) for o in rows["outcome"]]
                body += report.paragraph(f"{text(f'list_{verdict}', lang)} {', '.join(labels)}.")
    body += report.heading(text("how_sure_title", lang))
    body += report.paragraph(text("how_sure", lang, total=len(diffs["outcome"].unique())))
    clear = diffs[diffs["verdict"].isin(["better", "worse"])]
    borderline = clear[clear["p_value"] >= 0.01]
    if len(borderline):
        items = ", ".join(
            i18n.outcome_label(r.outcome, lang) + (f" ({r.scenario_b})" if len(others) > 1 else "")
            for r in borderline.itertuples()
        )
        body += report.paragraph(text("borderline", lang, items=items))
    elif len(clear):
        body += report.paragraph(text("no_borderline", lang))
    status = comparison.precision
    if status is not None:
        if status.met:
            body += report.paragraph(
                text("precision_met", lang, n=status.replications, rounds=status.rounds)
            )
        else:
            items = ", ".join(_label_pair(u, lang) for u in status.unmet)
            body += report.paragraph(
                text("precision_missed", lang, n=status.replications, items=items)
            )
    return body


def _label_pair(unmet: str, lang: str) -> str:
    scenario, _, outcome = unmet.partition(": ")
    return f"{i18n.outcome_label(outcome, lang)} ({i18n.quoted(scenario, lang)})"


# --- results table ---------------------------------------------------------------------


def _results(comparison: Comparison, lang: str) -> str:
    q = _quoter(lang)
    verdict_class = {"better": "good", "worse": "bad", "unclear": "muted", "undefined": "muted"}
    body = ""
    diffs = comparison.differences
    for b in comparison.names[1:]:
        part = diffs[diffs["scenario_b"] == b]
        a = comparison.names[0]
        if len(comparison.names) > 2:
            body += report.heading(text("report_title", lang, a=q(a), b=q(b)))
        rows = []
        for _, r in part.iterrows():
            name = r["outcome"]
            rows.append(
                [
                    report.with_note(
                        i18n.outcome_label(name, lang), i18n.outcome_meaning(name, lang)
                    ),
                    *i18n.difference_cells(r, lang),
                    (
                        text(f"verdict_{r['verdict']}", lang, a=a, b=b),
                        verdict_class[r["verdict"]],
                    ),
                ]
            )
        header = [
            text("col_outcome", lang),
            a,
            b,
            text("col_difference", lang, a=a, b=b),
            text("col_ci", lang),
            text("col_effect", lang),
            text("col_verdict", lang),
        ]
        body += report.table(header, rows, numeric=(1, 2, 3, 4, 5), html_columns=(0,))
    return body


# --- figures, assumptions, provenance --------------------------------------------------


def _images(comparison: Comparison, figures: Mapping[str, bytes], lang: str) -> tuple:
    q = _quoter(lang)
    a, b = comparison.names[0], ", ".join(comparison.names[1:])
    captions = {
        "trajectories": text("cap_trajectories", lang, n=comparison.replications),
        "differences": text("cap_differences", lang, a=q(a), b=q(b)),
        "quintiles": text("cap_quintiles", lang),
    }
    return tuple(
        report.Image(figures[key], caption, text(f"alt_{key}", lang))
        for key, caption in captions.items()
        if key in figures
    )


def _assumptions(comparison: Comparison, lang: str) -> str:
    items = [
        text("as_model", lang),
        text("as_final", lang, weeks=comparison.steps),
        text("as_crn", lang),
        text("as_t", lang),
        text("as_multi", lang),
        text("as_effect", lang),
    ]
    if comparison.precision is not None:
        items.append(text("as_precision", lang))
    body = report.bullets(items)
    order = list(SPECS)
    changed = sorted({k for sc in comparison.scenarios for k in sc.changed()}, key=order.index)
    if changed:
        body += report.heading(text("changed_title", lang))
        rows = [
            [
                # Levers have labels in both languages; other parameters go by name.
                report.with_note(i18n.parameter_label(k, lang), k) if k in i18n.LEVER_LABELS else k,
                _parameter_value(k, SPECS[k].default, lang),
                *(_parameter_value(k, sc[k], lang) for sc in comparison.scenarios),
            ]
            for k in changed
        ]
        header = [text("col_parameter", lang), text("col_default", lang), *comparison.names]
        body += report.table(
            header, rows, numeric=tuple(range(1, 2 + len(comparison.names))), html_columns=(0,)
        )
    return body


def _provenance(comparison: Comparison, lang: str) -> str:
    prov = comparison.provenance
    command = prov.get("command", "")
    git = prov.get("git")
    if git:
        state = text("pv_uncommitted" if git["uncommitted_changes"] else "pv_clean", lang)
        commit = f"{git['commit']} ({state})"
    else:
        commit = text("pv_no_git", lang)
    lock = prov.get("uv_lock")
    pairs = [
        (text("pv_version", lang), str(prov.get("bpsim_version", "?"))),
        (text("pv_commit", lang), commit),
        (text("pv_created", lang), str(prov.get("created_utc", "?"))),
        (text("pv_python", lang), f"Python {prov.get('python', '?')}, {prov.get('platform', '?')}"),
        (
            text("pv_libraries", lang),
            ", ".join(f"{k} {v}" for k, v in prov.get("libraries", {}).items()),
        ),
        (text("pv_uv_lock", lang), lock["sha256"] if lock else text("pv_no_lock", lang)),
    ]
    for entry in prov.get("scenarios", []):
        files = entry.get("files")
        shown = (
            "; ".join(f"{f['path']} SHA-256 {f['sha256']}" for f in files)
            if files
            else text("pv_not_file", lang)
        )
        pairs.append((text("pv_scenario", lang, name=entry["name"]), shown))
    seeds = [str(s) for s in comparison.seeds]
    if len(seeds) > _SEEDS_SHOWN:
        seeds_shown = text(
            "pv_seeds_more", lang, shown=", ".join(seeds[:_SEEDS_SHOWN]), n=len(seeds)
        )
    else:
        seeds_shown = ", ".join(seeds)
    overrides = prov.get("overrides") or {}
    pairs += [
        (text("pv_seed", lang), str(comparison.seed)),
        (text("pv_replications", lang), str(comparison.replications)),
        (text("pv_seeds", lang), seeds_shown),
        (text("pv_steps", lang), str(comparison.steps)),
        (
            text("pv_overrides", lang),
            ", ".join(f"{k}={v}" for k, v in overrides.items()) or text("pv_none", lang),
        ),
        (text("pv_workers", lang), str(prov.get("workers", "?"))),
        (
            text("pv_runtime", lang),
            text("seconds", lang, s=i18n.number(comparison.seconds, 1, lang)),
        ),
    ]
    if command:
        pairs.append((text("pv_command", lang), command))
    return report.key_values(pairs, header=(text("col_item", lang), text("col_value", lang)))
