"""The comparison report: what a policy advisor reads, in English or Dutch.

`write_report` writes a comparison's folder, as ``bpsim compare`` does: its data, its
figures and ``report.html``. `build_report` turns a `Comparison` and its figures into
report sections, in the order a reader
who has five minutes needs them: a bottom line of at most three sentences per
comparison (generated from the results: what is better, on what, how sure, and the
main trade-off), what this model can and cannot tell you (from
`bpsim.core.emergence`), every lever's value with what it means in practice, the
summary, the results per outcome, the figures, the assumptions, a technical
appendix (effect sizes, p-values) and the provenance. The HTML itself is made by
`bpsim.machinery.report`, which the validation report shares.

Scenarios appear under their display names (`Scenario.display_name`: the Dutch
name in a Dutch report); the tables and files keep the scenarios' own names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from bpsim.comparison.paired import Comparison
from bpsim.core import emergence
from bpsim.core.scenario import LEVERS, SPECS
from bpsim.machinery import i18n, report
from bpsim.machinery.errors import UsageError
from bpsim.machinery.execution import Forked
from bpsim.machinery.i18n import text

#: Seeds listed in the report before pointing to the files that hold them all.
_SEEDS_SHOWN = 5
#: The comparison's figures: their key in `build_report`, and their file.
FIGURES = {
    "trajectories": "trajectories.png",
    "differences": "differences.png",
    "quintiles": "take_up_by_capacity.png",
}


def prepare() -> None:
    """Import what `write_report` draws and writes with (matplotlib, pyarrow), ahead of it.

    About a second of imports: `bpsim compare` has them done while its worker
    processes run (`compare`'s ``meanwhile``) rather than after the runs.
    """
    import pyarrow.parquet  # noqa: F401 - imported for later use, as the docstring says

    import bpsim.comparison.figures  # noqa: F401


def write_report(
    comparison: Comparison, out: str | Path, lang: str = "en", *, data: bool = True
) -> list[Path]:
    """Write a comparison's data, figures and report to a folder, as ``bpsim compare`` does.

    Args:
        comparison: A comparison (`compare`, or `load_comparison` for one written
            before). Its robust comparison (`Comparison.robust`), if it has one, adds
            the section "How robust is this advice?".
        out: The folder (created if missing). Files of the same name are replaced.
        lang: Language of the figures and report: ``en`` or ``nl``.
        data: Also write the data (`Comparison.write`) and, when a scenario changes
            during the run, when each difference first shows (``onsets.csv``). False
            redraws only the figures and the report, e.g. into the folder the data
            was read from.

    Returns:
        The files written, ``report.html`` last.

    Raises:
        UsageError: If `lang` is not available.
    """
    # Figures (matplotlib) are loaded only when a report is drawn.
    from bpsim.comparison.figures import (
        plot_differences,
        plot_take_up_by_capacity,
        plot_trajectories,
    )

    if lang not in i18n.LANGS:
        raise UsageError(f"lang '{lang}': not available; allowed: {', '.join(i18n.LANGS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    labels = display_names(comparison, lang)
    changes = {sc.name: sc.change_weeks() for sc in comparison.scenarios if sc.change_weeks()}
    # The trajectories take longest to draw (about 0.8 s of the three figures' 1.4 s at
    # the default comparison): a forked child draws them while this process writes the
    # data (0.05 s; the onsets 0.16 s more when a scenario changes) and draws the others.
    with Forked(
        _png, plot_trajectories,
        comparison.trajectories, comparison.names, lang, labels=labels, changes=changes,
    ) as trajectories:  # fmt: skip
        files = comparison.write(out) if data else []
        if changes and data:
            from bpsim.comparison.changes import onset_table

            onsets = onset_table(comparison.timeseries, comparison.scenarios, comparison.confidence)
            onsets.to_csv(out / "onsets.csv", index=False)
            files.append(out / "onsets.csv")
        figures = {
            "differences": _png(plot_differences, comparison.differences, lang, labels),
            "quintiles": _png(
                plot_take_up_by_capacity,
                comparison.runs, comparison.names, lang, comparison.confidence, labels=labels,
            ),
        }  # fmt: skip
        figures = {"trajectories": trajectories.result(), **figures}
    for key, png in figures.items():
        path = out / FIGURES[key]
        path.write_bytes(png)
        files.append(path)
    html = build_report(comparison, figures, lang=lang, robust=comparison.robust)
    files.append(report.write(out / "report.html", html))
    return files


def _png(plot, *args, **kwargs) -> bytes:
    """A figure drawn by ``plot(*args, **kwargs)``, as PNG bytes, saved whole.

    The comparison's figures lay themselves out inside their edges (tight_layout, or
    their own layout), labels outside the panels included, so a tight bounding box
    would crop only the padding, for a draw more (0.08 s of the differences' 0.38 s).
    """
    return report.figure_png(plot(*args, **kwargs), tight=False)


def build_report(
    comparison: Comparison, figures: Mapping[str, bytes], lang: str = "en", robust=None
) -> str:
    """The comparison report as one self-contained HTML document.

    Args:
        comparison: The comparison.
        figures: PNG bytes by name: ``trajectories``, ``differences``, ``quintiles``
            (missing names are left out).
        lang: ``en`` or ``nl``.
        robust: A `bpsim.comparison.robust.RobustComparison` for the section "How robust is this
            advice?" (`bpsim.comparison.robust_report`), or None.

    Returns:
        The HTML text.
    """
    q = _quoter(comparison, lang)
    names = comparison.names
    a, others = names[0], names[1:]
    if len(others) == 1:
        title = text("report_title", lang, a=q(a), b=q(others[0]))
    else:
        title = text("report_title_many", lang, a=q(a), others=_join([q(o) for o in others], lang))
    subtitle = text("report_subtitle", lang, n=comparison.replications, weeks=comparison.steps)
    sections = [
        report.Section(text("bottom_line", lang), _bottom_lines(comparison, lang)),
        report.Section(text("limits_title", lang), limits_box(lang)),
        report.Section(text("levers_title", lang), _levers(comparison, lang)),
        *_changes_section(comparison, lang),
        report.Section(text("summary", lang), _summary(comparison, lang)),
        report.Section(text("results", lang), _results(comparison, lang)),
        report.Section(text("figures", lang), "", _images(comparison, figures, lang)),
        report.Section(text("assumptions", lang), _assumptions(comparison, lang)),
        report.Section(text("appendix", lang), _appendix(comparison, lang)),
        report.Section(text("provenance", lang), _provenance(comparison, lang)),
    ]
    if robust is not None:
        from bpsim.comparison.robust_report import section

        sections.insert(3, section(robust, lang))
    footer = report.made_with(comparison.provenance, lang)
    return report.render(title, sections, lang=lang, subtitle=subtitle, footer=footer)


def display_names(comparison: Comparison, lang: str) -> dict[str, str]:
    """Each scenario's name as shown in `lang`, by its own name."""
    return {sc.name: sc.display_name(lang) for sc in comparison.scenarios}


# --- bottom line -----------------------------------------------------------------------

#: Outcomes named per side in the bottom line: the clearest ones.
_TOP = 3
#: Outcomes named for the trade-off.
_TOP_TRADEOFF = 2
#: Units written after values in running text, by outcome kind (shares carry their %).
_UNITS = {"weeks": "weeks", "hours": "hours"}


def _in_text(label: str) -> str:
    """An outcome label inside a sentence.

    Lower case first letter (not for acronyms), without its unit in brackets: the
    values that follow carry it.
    """
    label = re.sub(r"\s*\([^)]*\)$", "", label)
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _clearest(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by how clear the difference is: size in SDs between runs, largest first."""
    size = rows["effect_size_av"].abs().fillna(0.0)
    return rows.assign(_size=size).sort_values("_size", ascending=False, kind="stable")


def _named(rows: pd.DataFrame, winner_is_b: bool, lang: str, limit: int) -> str:
    """Outcomes as "take-up (71.2% against 65.8%), ...": the winner's value first."""
    items = []
    for _, r in _clearest(rows).head(limit).iterrows():
        name = r["outcome"]
        vw, vl = (r["mean_b"], r["mean_a"]) if winner_is_b else (r["mean_a"], r["mean_b"])
        unit = _UNITS.get(i18n.kind(name))
        vw, vl = (i18n.value(name, v, lang) for v in (vw, vl))
        if unit:
            vl = f"{vl} {text(unit, lang)}"
        against = text("bl_against", lang, vw=vw, vl=vl)
        items.append(f"{_in_text(i18n.outcome_label(name, lang))} ({against})")
    return _join(items, lang)


def bottom_line(
    part: pd.DataFrame,
    a: str,
    b: str,
    replications: int,
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """At most three sentences on scenario `b` against the reference `a`, from the results.

    Which scenario is better on more outcomes and where most clearly; how sure that
    is; and the main trade-off (where the other one is better). Nothing here is
    written in advance: every word follows from the verdicts and numbers in `part`.

    Args:
        part: The rows of `Comparison.differences` for this pair (columns
            ``outcome``, ``mean_a``, ``mean_b``, ``verdict``, ``effect_size_av``,
            ``p_value``).
        a: Reference scenario's name.
        b: Compared scenario's name.
        replications: Paired runs per scenario.
        lang: ``en`` or ``nl``.
        labels: Display names of the scenarios, by name.

    Returns:
        One to three sentences.
    """
    qa = i18n.quoted(i18n.scenario_label(a, labels), lang)
    qb = i18n.quoted(i18n.scenario_label(b, labels), lang)
    total = len(part)
    better = part[part["verdict"] == "better"]  # b better
    worse = part[part["verdict"] == "worse"]  # a better
    unclear = int((part["verdict"] == "unclear").sum())
    if better.empty and worse.empty:
        return [
            text("bl_none", lang, n=replications, a=qa, b=qb, total=total),
            text("bl_none_next", lang),
        ]
    clear = pd.concat([better, worse])
    borderline = int((clear["p_value"] >= 0.01).sum())
    extra = text("bl_borderline", lang, m=borderline) if borderline else ""
    which = "bl_unclear_one" if unclear == 1 else "bl_unclear_many"
    count = text("bl_clear_one" if len(clear) == 1 else "bl_clear_many", lang, k=len(clear))
    sure = text(
        "bl_sure" if unclear else "bl_sure_all", lang, clear=count, n=replications,
        borderline=extra, unclear=text(which, lang, u=unclear),
    )  # fmt: skip
    if len(better) == len(worse):
        first = text(
            "bl_tie", lang, a=qa, b=qb, kb=len(better), ka=len(worse),
            top_b=_named(better, True, lang, _TOP_TRADEOFF),
            top_a=_named(worse, False, lang, _TOP_TRADEOFF),
        )  # fmt: skip
        return [first, sure]
    b_wins = len(better) > len(worse)
    wins, losses = (better, worse) if b_wins else (worse, better)
    w, l_ = (qb, qa) if b_wins else (qa, qb)
    first = text(
        "bl_wins", lang, w=w, l=l_, k=len(wins), total=total,
        top=_named(wins, b_wins, lang, _TOP),
    )  # fmt: skip
    if losses.empty:
        last = text("bl_no_tradeoff", lang, w=w)
    else:
        last = text("bl_tradeoff", lang, l=l_, top=_named(losses, not b_wins, lang, _TOP_TRADEOFF))
    return [first, sure, last]


def _bottom_lines(comparison: Comparison, lang: str) -> str:
    labels = display_names(comparison, lang)
    body = ""
    for a, b, part, heading in _pairs(comparison, lang):
        sentences = bottom_line(part, a, b, comparison.replications, lang, labels)
        body += report.box(heading + report.paragraph(" ".join(sentences)), "key")
    return body


# --- what the model can and cannot tell you ---------------------------------------------


def limits_box(lang: str, outcomes=None) -> str:
    """The box "what this model can and cannot tell you", from `bpsim.core.emergence`.

    Args:
        lang: ``en`` or ``nl``.
        outcomes: Outcomes the model reports (default: `bpsim.core.outcomes.OUTCOMES`);
            a "not counted" note whose outcome is among them is left out.

    Returns:
        HTML.
    """
    body = ""
    for kind in emergence.KINDS:
        items = [n.text(lang) for n in emergence.notes(kind, outcomes)]
        if items:
            body += report.paragraph(text(f"limits_{kind}", lang)) + report.bullets(items)
    return report.box(body)


# --- levers ----------------------------------------------------------------------------


def _levers(comparison: Comparison, lang: str) -> str:
    """Every lever, also those at their default, with what its ends and values mean."""
    scenarios = comparison.scenarios
    rows = []
    for name in LEVERS:
        anchors = i18n.lever_anchors(name, lang)
        if anchors:
            ends = f"<b>0</b>: {report.esc(anchors[0])}<br><b>1</b>: {report.esc(anchors[1])}"
        else:  # a lever added to the model before its words were written
            ends = report.esc(SPECS[name].meaning)
        label = report.with_note(i18n.parameter_label(name, lang), i18n.lever_meaning(name, lang))
        default = SPECS[name].default
        cells = [label, ends, _parameter_value(name, default, lang)]
        for sc in scenarios:
            value = _parameter_value(name, sc[name], lang)
            shown = f"<b>{value}</b>" if sc[name] != default else value
            reading = i18n.lever_reading(name, sc.params, lang)
            for change in sc.timeline:  # a policy that starts later
                if name in change.levers:
                    later = _parameter_value(name, change.levers[name], lang)
                    shown += "<br>" + text("lever_from_week", lang, week=change.week,
                                            value=f"<b>{later}</b>")  # fmt: skip
            cells.append(
                shown + (f"<small class='meaning'>{report.esc(reading)}</small>" if reading else "")
            )
        rows.append(cells)
    header = [
        text("col_lever", lang),
        text("col_anchors", lang),
        text("col_default", lang),
        *(sc.display_name(lang) for sc in scenarios),
    ]
    body = report.paragraph(text("levers_intro", lang))
    columns = tuple(range(len(header)))
    return body + report.table(header, rows, numeric=(2,), html_columns=columns)


# --- changes in time -------------------------------------------------------------------


def change_text(scenario, lang: str) -> list[str]:
    """A scenario's lever changes and events, one line each, in `lang` (week order)."""
    items: list[tuple[int, str]] = []
    for change in scenario.timeline:
        what = ", ".join(
            f"{i18n.parameter_label(k, lang)} = {_parameter_value(k, v, lang)}"
            for k, v in change.levers.items()
        )
        items.append((change.week, what))
    for event in scenario.events:
        many = "" if event.number is None else text("ev_many", lang, n=event.number)
        if event.who == "all" and event.number is None:
            what = text("ev_all", lang)
        else:
            who = "" if event.who == "all" else event.who.replace("_", " ")
            what = text("ev_type", lang, many=many, who=who).replace("  ", " ")
        items.append((event.week, what))
    items.sort(key=lambda item: item[0])
    return [text("change_item", lang, week=w, what=what) for w, what in items]


def _changes_section(comparison: Comparison, lang: str) -> list[report.Section]:
    """The section on changes in time: what changes when, how long until it shows."""
    from bpsim.comparison.changes import CLEAR_RUN, onset_table

    if not any(sc.change_weeks() for sc in comparison.scenarios):
        return []
    q = _quoter(comparison, lang)
    conf = i18n.number(100.0 * comparison.confidence, 0, lang)
    body = report.paragraph(
        text("changes_intro", lang, a=q(comparison.names[0]), conf=conf, run=CLEAR_RUN)
    )
    for sc in comparison.scenarios:
        lines = change_text(sc, lang)
        if lines:
            body += report.paragraph(text("changes_of", lang, b=q(sc.name))) + report.bullets(lines)
    table = onset_table(comparison.timeseries, comparison.scenarios, comparison.confidence)
    for b, part in table.groupby("scenario_b", sort=False):
        heading = text("changes_pair", lang, b=q(b), a=q(comparison.names[0]),
                       week=int(part["change_week"].iloc[0]))  # fmt: skip
        rows = []
        for _, r in part.iterrows():
            name = r["outcome"]
            clear = pd.notna(r["clear_week"])
            rows.append([
                i18n.outcome_label(name, lang),
                i18n.number(r["weeks_after"], 0, lang) if clear else text("never_clear", lang),
                i18n.difference(name, r["diff_at_clear"], lang) if clear else "–",
                i18n.difference(name, r["meanwhile"], lang),
            ])  # fmt: skip
        header = [text("col_outcome", lang), text("col_clear_after", lang),
                  text("col_diff_then", lang), text("col_meanwhile", lang)]  # fmt: skip
        body += report.paragraph(heading) + report.table(header, rows, numeric=(1, 2, 3))
    return [report.Section(text("changes_title", lang), body)]


# --- summary ---------------------------------------------------------------------------


def _quoter(comparison: Comparison, lang: str):
    """Scenario names, as shown in `lang`, in quotes for running text."""
    shown = display_names(comparison, lang)
    return lambda name: i18n.quoted(shown.get(name, name), lang)


def _pairs(comparison: Comparison, lang: str) -> Iterator[tuple[str, str, pd.DataFrame, str]]:
    """Each scenario compared with the reference, with its rows of the differences.

    Yields:
        (the reference's name, the scenario's name, its rows of
        `Comparison.differences`, the heading (HTML) that names the pair: empty when
        the reference is compared with one scenario only, which the report's title
        names already).
    """
    q = _quoter(comparison, lang)
    diffs = comparison.differences
    a, others = comparison.names[0], comparison.names[1:]
    for b in others:
        heading = report.heading(text("report_title", lang, a=q(a), b=q(b)))
        yield a, b, diffs[diffs["scenario_b"] == b], heading if len(others) > 1 else ""


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
    q = _quoter(comparison, lang)
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
    # Changes in time differ too (a policy that starts later is another scenario).
    for sc in scenarios:
        if sc.timeline or sc.events:
            lines.append(f"{q(sc.name)}: " + "; ".join(change_text(sc, lang)))
    return lines


def _item(row: pd.Series, lang: str, q) -> str:
    name = row["outcome"]
    return text(
        "item",
        lang,
        label=i18n.outcome_label(name, lang),
        a=q(row["scenario_a"]),
        b=q(row["scenario_b"]),
        va=i18n.value(name, row["mean_a"], lang),
        vb=i18n.value(name, row["mean_b"], lang),
        diff=i18n.difference(name, row["diff"], lang),
        low=i18n.difference(name, row["ci_low"], lang),
        high=i18n.difference(name, row["ci_high"], lang),
    )


def _summary(comparison: Comparison, lang: str) -> str:
    q = _quoter(comparison, lang)
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
        sc.display_name(lang)
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

    for _, b, part, heading in _pairs(comparison, lang):
        counts = part["verdict"].value_counts()
        body += heading
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
                body += report.bullets(_item(r, lang, q) for _, r in rows.iterrows())
        for verdict in ("unclear", "undefined"):
            rows = part[part["verdict"] == verdict]
            if len(rows):
                labels = [i18n.outcome_label(o, lang) for o in rows["outcome"]]
                body += report.paragraph(f"{text(f'list_{verdict}', lang)} {', '.join(labels)}.")
    body += report.heading(text("how_sure_title", lang))
    diffs = comparison.differences
    body += report.paragraph(text("how_sure", lang, total=len(diffs["outcome"].unique())))
    clear = diffs[diffs["verdict"].isin(["better", "worse"])]
    borderline = clear[clear["p_value"] >= 0.01]
    if len(borderline):
        items = ", ".join(
            i18n.outcome_label(r.outcome, lang)
            + (f" ({q(r.scenario_b)})" if len(others) > 1 else "")
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
    shown = display_names(comparison, lang)
    verdict_class = {"better": "good", "worse": "bad", "unclear": "muted", "undefined": "muted"}
    body = ""
    for a, b, part, heading in _pairs(comparison, lang):
        body += heading
        rows = []
        for _, r in part.iterrows():
            name = r["outcome"]
            rows.append(
                [
                    report.with_note(
                        i18n.outcome_label(name, lang), i18n.outcome_meaning(name, lang)
                    ),
                    # The effect size is for the technical appendix, not for this table.
                    *i18n.difference_cells(r, lang)[:4],
                    (
                        text(f"verdict_{r['verdict']}", lang, a=shown[a], b=shown[b]),
                        verdict_class[r["verdict"]],
                    ),
                ]
            )
        header = [
            text("col_outcome", lang),
            shown[a],
            shown[b],
            text("col_difference", lang, a=shown[a], b=shown[b]),
            text("col_ci", lang),
            text("col_verdict", lang),
        ]
        body += report.table(header, rows, numeric=(1, 2, 3, 4), html_columns=(0,))
    return body


def _appendix(comparison: Comparison, lang: str) -> str:
    """Effect sizes and p-values, per compared scenario and outcome."""
    shown = display_names(comparison, lang)
    body = report.paragraph(text("appendix_intro", lang))
    for a, b, part, heading in _pairs(comparison, lang):
        body += heading
        rows = []
        for _, r in part.iterrows():
            name = r["outcome"]
            if r["verdict"] == "undefined":
                rows.append([i18n.outcome_label(name, lang), "–", "–", "–", "–"])
                continue
            rows.append(
                [
                    i18n.outcome_label(name, lang),
                    i18n.difference(name, r["diff"], lang),
                    i18n.number(r["effect_size_av"], 1, lang, sign=True),
                    i18n.number(r["effect_size"], 1, lang, sign=True),
                    i18n.p_value(r["p_value"], lang),
                ]
            )
        header = [
            text("col_outcome", lang),
            text("col_difference", lang, a=shown[a], b=shown[b]),
            text("col_effect", lang),
            text("col_dz", lang),
            text("col_p", lang),
        ]
        body += report.table(header, rows, numeric=(1, 2, 3, 4))
    return body


# --- figures, assumptions, provenance --------------------------------------------------


def _images(comparison: Comparison, figures: Mapping[str, bytes], lang: str) -> tuple:
    q = _quoter(comparison, lang)
    a = comparison.names[0]
    b = _join([q(o) for o in comparison.names[1:]], lang)
    captions = {
        "trajectories": text("cap_trajectories", lang, n=comparison.replications),
        "differences": text("cap_differences", lang, a=q(a), b=b),
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
    ]
    if comparison.precision is not None:
        items.append(text("as_precision", lang))
    body = report.bullets(items)
    order = list(SPECS)
    # The levers have their own table (every lever, changed or not); here the rest.
    changed = sorted(
        {k for sc in comparison.scenarios for k in sc.changed() if k not in LEVERS},
        key=order.index,
    )
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
        header = [
            text("col_parameter", lang),
            text("col_default", lang),
            *(sc.display_name(lang) for sc in comparison.scenarios),
        ]
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
