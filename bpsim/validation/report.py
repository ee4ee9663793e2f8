"""The validation report: Markdown and self-contained HTML, with a figure per check."""

from __future__ import annotations

import json
import math
from pathlib import Path

from matplotlib.figure import Figure

from bpsim.machinery import report as html
from bpsim.machinery.provenance import core
from bpsim.validation.checks import ARMS
from bpsim.validation.evaluate import CheckResult, CriterionResult
from bpsim.validation.robustness import (
    FAILS,
    HOLDS,
    NOT_APPLICABLE,
    WEAK,
    RobustnessRow,
)
from bpsim.validation.runner import Validation

SYMBOL = {HOLDS: "holds", WEAK: "weak", FAILS: "FAILS", NOT_APPLICABLE: "n/a"}


def _fmt(x: float) -> str:
    if math.isnan(x):
        return "n/a"
    return f"{x:+.3f}" if abs(x) < 100 else f"{x:+.0f}"


def _interval(r: CriterionResult) -> str:
    return f"{_fmt(r.estimate)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"


def known_failures_markdown(v: Validation) -> list[str]:
    """Lines naming the known failures and their reasons (empty if there are none)."""
    lines = []
    for res in v.results:
        reason = res.check.known_failure
        if reason:
            state = "fails, as known" if not res.passed else "passes now, though listed as failing"
            lines.append(f"- Known failure {res.check.id} ({state}): {reason}")
    return [*lines, ""] if lines else []


def summary_markdown(v: Validation) -> str:
    """The summary table in Markdown (also placed in docs/ODD.md's Validation section)."""
    passed = sum(r.passed for r in v.results)
    lines = [
        f"{passed} of {len(v.results)} checks pass "
        f"({v.replications} replications per arm, {v.steps} weeks, base seed {v.seed}, "
        "95% intervals, common random numbers).",
        "",
        *known_failures_markdown(v),
        "| check | pattern | criterion | measured (95% CI) | required | result |",
        "|---|---|---|---|---|---|",
    ]
    for res in v.results:
        for i, r in enumerate(res.results):
            head = f"{res.check.id}" if i == 0 else ""
            pattern = res.check.title if i == 0 else ""
            lines.append(
                f"| {head} | {pattern} | {r.criterion.label} | {_interval(r)} | "
                f"{r.required} | {'pass' if r.passed else 'FAIL'} |"
            )
    return "\n".join(lines)


def robustness_markdown(rows: list[RobustnessRow], ids: list[str]) -> str:
    """The robustness table in Markdown."""
    lines = [
        "| parameter | value | " + " | ".join(ids) + " |",
        "|---|---|" + "---|" * len(ids),
    ]
    for row in rows:
        cells = " | ".join(SYMBOL[row.verdicts[i]] for i in ids)
        lines.append(f"| {row.parameter} | {row.value:g} ({row.side}) | {cells} |")
    return "\n".join(lines)


def check_figure(res: CheckResult):
    """One panel per criterion: the estimate, its 95% interval, and the bound to clear."""
    n = len(res.results)
    fig = Figure(figsize=(7.5, 0.95 * n + 0.6))
    axes = fig.subplots(n, 1, squeeze=False)
    for ax, r in zip(axes[:, 0], res.results, strict=True):
        c = r.criterion
        colour = "#00734d" if r.passed else "#b0401a"
        ax.errorbar(
            [r.estimate], [0], xerr=[[r.estimate - r.ci_low], [r.ci_high - r.estimate]],
            fmt="o", color=colour, capsize=4, lw=2,
        )  # fmt: skip
        if c.kind == "level":
            ax.axvspan(c.low, c.high, color="#00734d", alpha=0.12, label="required range")
            lo, hi = min(c.low, r.ci_low), max(c.high, r.ci_high)
        else:
            ax.axvline(c.threshold, color="#444", lw=1, ls="--")
            lo, hi = min(c.threshold, r.ci_low), max(c.threshold, r.ci_high)
        pad = 0.15 * (hi - lo or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_yticks([])
        ax.set_title(c.label, fontsize=8.5, loc="left")
        ax.tick_params(labelsize=8)
    fig.suptitle(f"{res.check.id}: {'pass' if res.passed else 'FAIL'}", fontsize=10, x=0.02,
                 ha="left")  # fmt: skip
    fig.tight_layout()
    return fig


def _arm_text(arm: str) -> str:
    changes = ARMS[arm]
    if not changes:
        return "baseline"
    return ", ".join(f"{k}={v}" for k, v in changes.items())


def provenance(v: Validation) -> dict:
    """Where the results came from."""
    return {
        **core("validation", v.seeds),
        "baseline": {"name": v.base.name, "parameters": dict(v.base.params)},
        "arms": {arm: ARMS[arm] for arm in v.runs},
        "replications": v.replications,
        "steps": v.steps,
        "base_seed": v.seed,
    }


def to_json(v: Validation, rows: list[RobustnessRow] | None) -> dict:
    """Machine-readable results (what docs/ODD.md is checked against)."""
    return {
        "passed": v.passed,
        "checks": [
            {
                "id": res.check.id,
                "title": res.check.title,
                "source": res.check.source,
                "passed": res.passed,
                "criteria": [
                    {
                        "label": r.criterion.label,
                        "estimate": r.estimate,
                        "ci_low": r.ci_low,
                        "ci_high": r.ci_high,
                        "required": r.required,
                        "passed": r.passed,
                        "n": r.n,
                    }
                    for r in res.results
                ],
            }
            for res in v.results
        ],
        "robustness": [
            {"parameter": r.parameter, "value": r.value, "side": r.side, **r.verdicts}
            for r in (rows or [])
        ],
        "provenance": provenance(v),
    }


INTRO = (
    "bpsim is checked against patterns that research has found in Dutch problem "
    "neighbourhoods and in studies of administrative burden, street-level work and "
    "social capital (pattern-oriented validation, Grimm et al. 2005). Each pattern is a "
    "named check: an experiment (the baseline scenario and a change to it, each run many "
    "times with the same seeds so that the comparison is fair), criteria fixed before "
    "running (the direction of the effect, and its size where the source gives one), "
    "the effect measured with a 95% confidence interval, and pass or fail. A criterion "
    "passes only when the whole interval lies on the required side. No outcome is set "
    "directly: each pattern has to emerge from the interplay of the mechanisms in "
    "docs/ODD.md, although some mechanisms encode the micro-level relation a source reports "
    "(for example, red tape adding to a worker's burnout; ODD section 4.2 lists them). "
    "How the defaults were set, and which are assumptions, is in ODD's Validation section."
)

ROBUSTNESS_INTRO = (
    "Does each pattern still hold when one parameter is set to the low or the high end "
    "of its plausible range, all else at the baseline? 'holds': every criterion passes; "
    "'weak': every effect points the required way but some interval includes the bound "
    "(fewer replications are used here); 'FAILS': some effect points the wrong way; "
    "'n/a': the check sets this parameter itself."
)


def write(v: Validation, out: Path, rows: list[RobustnessRow] | None = None) -> list[Path]:
    """Write validation.md, validation.html, validation.json and one PNG per check."""
    out.mkdir(parents=True, exist_ok=True)
    ids = [r.check.id for r in v.results]
    figures = {}
    for res in v.results:
        fig = check_figure(res)
        png = html.figure_png(fig)
        path = out / f"check-{res.check.id}.png"
        path.write_bytes(png)
        figures[res.check.id] = (path, png)
    md = ["# bpsim validation report", "", INTRO, "", "## Summary", "", summary_markdown(v)]
    sections = [
        html.Section("About this report", html.paragraph(INTRO)),
        html.Section("Summary", _summary_html(v)),
    ]
    md += ["", "## The checks"]
    for res in v.results:
        c = res.check
        arms = sorted({a for crit in c.criteria for a in (crit.a, crit.b) if a})
        arm_lines = [f"{a}: {_arm_text(a)}" for a in arms]
        md += [
            "",
            f"### {c.id}: {'pass' if res.passed else 'FAIL'}",
            "",
            f"Pattern: {c.title}",
            "",
            *([f"Known failure: {c.known_failure}", ""] if c.known_failure else []),
            f"Source: {c.source}",
            "",
            f"Experiment: {c.experiment} Arms: " + "; ".join(arm_lines) + ".",
            "",
            f"![{c.id}](check-{c.id}.png)",
        ]
        rows_html = [
            (r.criterion.label, (_interval(r), "num"), r.required,
             ("pass", "good") if r.passed else ("FAIL", "bad"))
            for r in res.results
        ]  # fmt: skip
        body = (
            html.paragraph(f"Pattern: {c.title}")
            + html.paragraph(f"Source: {c.source}")
            + html.paragraph(f"Experiment: {c.experiment} Arms: " + "; ".join(arm_lines) + ".")
            + html.table(("criterion", "measured (95% CI)", "required", "result"), rows_html)
        )
        caption = (
            "Each row is a criterion: the dot is the measured effect, the bar its 95% "
            "interval; the dashed line (or shaded range) is what it must clear."
        )
        sections.append(
            html.Section(
                f"{c.id}: {'pass' if res.passed else 'FAIL'}",
                body,
                (html.Image(figures[c.id][1], caption, f"check {c.id}"),),
            )
        )
    if rows:
        md += ["", "## Robustness", "", ROBUSTNESS_INTRO, "", robustness_markdown(rows, ids)]
        table_rows = [
            (row.parameter, (f"{row.value:g} ({row.side})", "num"))
            + tuple(
                (SYMBOL[row.verdicts[i]], "good" if row.verdicts[i] == HOLDS else
                 "bad" if row.verdicts[i] == FAILS else "muted")
                for i in ids
            )
            for row in rows
        ]  # fmt: skip
        sections.append(
            html.Section(
                "Robustness",
                html.paragraph(ROBUSTNESS_INTRO)
                + html.table(("parameter", "value", *ids), table_rows),
            )
        )
    prov = provenance(v)
    md += ["", "## Provenance", "", "```json", json.dumps(prov, indent=2, default=str), "```"]
    sections.append(
        html.Section(
            "Provenance",
            html.key_values(
                [(k, json.dumps(val, default=str)) for k, val in prov.items()],
                ("item", "value"),
            ),
        )
    )
    paths = [out / "validation.md", out / "validation.html", out / "validation.json"]
    paths[0].write_text("\n".join(md) + "\n", encoding="utf-8")
    html.write(
        paths[1],
        html.render(
            "bpsim validation report",
            sections,
            subtitle=f"{sum(r.passed for r in v.results)} of {len(v.results)} checks pass",
            footer="Made by bpsim validate.",
        ),
    )
    paths[2].write_text(json.dumps(to_json(v, rows), indent=2, default=str), encoding="utf-8")
    return paths + [p for p, _ in figures.values()]


def _summary_html(v: Validation) -> str:
    rows = []
    for res in v.results:
        for i, r in enumerate(res.results):
            rows.append(
                (
                    res.check.id if i == 0 else "",
                    r.criterion.label,
                    (_interval(r), "num"),
                    r.required,
                    ("pass", "good") if r.passed else ("FAIL", "bad"),
                )
            )
    passed = sum(r.passed for r in v.results)
    return html.paragraph(
        f"{passed} of {len(v.results)} checks pass ({v.replications} replications per arm, "
        f"{v.steps} weeks, base seed {v.seed})."
    ) + html.table(("check", "criterion", "measured (95% CI)", "required", "result"), rows)
