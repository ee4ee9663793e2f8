"""Global sensitivity indices from a stored Sobol or Morris sweep (SALib), with intervals.

Each design point's outcome is its mean over replications; the replications share
their seeds across points (common random numbers), so the model's own noise moves
every point alike and disturbs the indices less than independent seeds would.

- Sobol (Saltelli design): first-order (S1) and total (ST) indices with bootstrap
  confidence intervals: the share of the outcome's variance due to a lever alone,
  and together with its interactions; with ``second_order = true``, also S2 per pair
  of levers: the share due to that pair's interaction alone (does freedom of movement
  matter more when rule burden is high?).
- Morris (elementary effects): mu* (mean absolute effect) with a bootstrap interval,
  and sigma (spread of effects: non-linearity or interactions). A screening method:
  cheap, ranks the levers, no variance shares.

Cost, stated before a sweep runs: Sobol N x (D + 2) points (N x (2D + 2) with
second-order indices), Morris r x (D + 1), each times scenarios and replications.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bpsim.core.names import file_stem
from bpsim.experiment.design import RAW_PREFIX, problem
from bpsim.experiment.spec import Factor
from bpsim.machinery.store import OK, Store

#: Bootstrap resamples for the intervals.
RESAMPLES = 500


@dataclass
class SensitivityResult:
    """What `sensitivity` produced.

    Attributes:
        indices: One row per (scenario, outcome, factor) with the indices and the
            half-widths of their intervals.
        summary: A compact outcome x factor table for the report.
        pairs: Sobol second-order indices, one row per (scenario, outcome, pair of
            factors), if the design asked for them (else empty).
        tables: Written tables.
        figures: Written figures.
        notes: Outcomes skipped and why.
    """

    indices: pd.DataFrame
    summary: pd.DataFrame | None
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, Path] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def factors_of(exp: dict[str, Any]) -> list[Factor]:
    """The range factors of a stored experiment."""
    integer = set(exp.get("integer_factors", []))
    return [
        Factor(name, low=r["low"], high=r["high"], integer=name in integer)
        for name, r in exp["factors"].items()
    ]


def compute_indices(
    exp: dict[str, Any], table: pd.DataFrame, outcomes: list[str], confidence: float = 0.95
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """SALib indices per scenario and outcome.

    Args:
        exp: The stored experiment (`Experiment.summary`), kind sobol or morris.
        table: Design joined with results (`Store.table`).
        outcomes: Outcomes to analyse.
        confidence: Confidence level of the intervals.

    Returns:
        The indices (long table), the Sobol second-order indices (one row per pair
        of factors; empty unless the design estimates them) and notes on outcomes
        that could not be analysed.
    """
    from SALib.analyze import morris, sobol

    kind = exp["kind"]
    factors = factors_of(exp)
    prob = problem(factors)
    names = [f.name for f in factors]
    seed = int(exp.get("design_seed") or 0)
    second_order = kind == "sobol" and bool(exp.get("second_order"))
    rows, pairs, notes = [], [], []
    for scenario, sc in table.groupby("scenario", sort=False):
        points = sc.groupby("point", sort=True)
        n_points = int(exp["points"])
        ok = sc[sc["status"] == OK]
        if ok["point"].nunique() < n_points:
            missing = n_points - ok["point"].nunique()
            notes.append(
                f"sensitivity for '{scenario}' skipped: {missing} of {n_points} design points "
                "have no finished run (resume the sweep, or retry failed runs)"
            )
            continue
        means = ok.groupby("point", sort=True)[outcomes].mean()
        x = points[[RAW_PREFIX + n for n in names]].first().to_numpy(dtype=float)
        for outcome in outcomes:
            y = means[outcome].to_numpy(dtype=float)
            if np.isnan(y).any():
                notes.append(
                    f"sensitivity of {outcome} ('{scenario}') skipped: undefined (NaN) at "
                    f"{int(np.isnan(y).sum())} design points"
                )
                continue
            if np.ptp(y) == 0.0:
                notes.append(f"sensitivity of {outcome} ('{scenario}') skipped: it never varies")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SALib warns on near-constant outputs
                if kind == "sobol":
                    res = sobol.analyze(
                        prob,
                        y,
                        calc_second_order=second_order,
                        conf_level=confidence,
                        num_resamples=RESAMPLES,
                        seed=seed,
                    )
                    keys = ("S1", "S1_conf", "ST", "ST_conf")
                else:
                    res = morris.analyze(
                        prob,
                        x,
                        y,
                        conf_level=confidence,
                        num_resamples=RESAMPLES,
                        num_levels=int(exp["levels"]),
                        seed=seed,
                    )
                    keys = ("mu", "mu_star", "mu_star_conf", "sigma")
                for i, name in enumerate(names):
                    rows.append(
                        {"scenario": scenario, "outcome": outcome, "factor": name}
                        | {k: float(res[k][i]) for k in keys}
                    )
                if second_order:
                    # SALib fills the upper triangle of the D x D matrices.
                    for i, j in itertools.combinations(range(len(names)), 2):
                        pairs.append(
                            {"scenario": scenario, "outcome": outcome,
                             "factor_a": names[i], "factor_b": names[j],
                             "S2": float(res["S2"][i, j]), "S2_conf": float(res["S2_conf"][i, j])}
                        )  # fmt: skip
    return pd.DataFrame(rows), pd.DataFrame(pairs), notes


def summary_table(indices: pd.DataFrame, kind: str) -> pd.DataFrame | None:
    """Outcome x factor: ``ST ± conf`` (Sobol) or ``mu* ± conf`` (Morris), for the report."""
    if indices.empty:
        return None
    key, conf = ("ST", "ST_conf") if kind == "sobol" else ("mu_star", "mu_star_conf")
    cells = indices.assign(
        cell=[f"{v:.3g} ± {c:.2g}" for v, c in zip(indices[key], indices[conf], strict=True)]
    )
    wide = cells.pivot_table(
        index=["scenario", "outcome"], columns="factor", values="cell", aggfunc="first", sort=False
    )
    wide.columns.name = None
    return wide.reset_index()


def pairs_table(pairs: pd.DataFrame, top: int = 10) -> pd.DataFrame | None:
    """The strongest interactions, for the report: the `top` pairs by S2 per outcome."""
    if pairs.empty:
        return None
    ranked = pairs.sort_values("S2", ascending=False, kind="stable")
    strongest = ranked.groupby(["scenario", "outcome"], sort=False).head(top)
    return pd.DataFrame(
        {
            "scenario": strongest["scenario"],
            "outcome": strongest["outcome"],
            "pair": strongest["factor_a"] + " x " + strongest["factor_b"],
            "S2": [
                f"{v:.3g} ± {c:.2g}"
                for v, c in zip(strongest["S2"], strongest["S2_conf"], strict=True)
            ],
        }  # fmt: skip
    ).reset_index(drop=True)


def plot_indices(
    indices: pd.DataFrame, kind: str, scenario: str, confidence: float, lang: str = "en"
) -> Figure:
    """One panel per outcome: a bar per factor with its interval, under their labels in `lang`."""
    import textwrap

    from bpsim.experiment.analyse import _decimal_commas, _label
    from bpsim.machinery import i18n

    sel = indices[indices["scenario"] == scenario]
    outcomes = list(dict.fromkeys(sel["outcome"]))
    cols = min(4, len(outcomes))
    rows = -(-len(outcomes) // cols)
    fig = Figure(figsize=(3.8 * cols, 2.6 * rows + 0.7), layout="constrained")
    axes = list(fig.subplots(rows, cols, squeeze=False).flat)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    for ax, outcome in zip(axes, outcomes, strict=False):
        o = sel[sel["outcome"] == outcome]
        y = np.arange(len(o))
        if kind == "sobol":
            ax.barh(
                y + 0.2,
                o["ST"],
                0.4,
                xerr=o["ST_conf"],
                color="#1f5f8b",
                label="total (ST)",
                error_kw={"lw": 0.8},
            )
            ax.barh(
                y - 0.2,
                o["S1"],
                0.4,
                xerr=o["S1_conf"],
                color="#8fb3cc",
                label="first order (S1)",
                error_kw={"lw": 0.8},
            )
            ax.axvline(0, color="#333", lw=0.6)
        else:
            ax.barh(
                y,
                o["mu_star"],
                0.6,
                xerr=o["mu_star_conf"],
                color="#1f5f8b",
                label="mu*",
                error_kw={"lw": 0.8},
            )
            ax.plot(o["sigma"], y, "o", color="#c0504d", ms=3.5, label="sigma")
        ax.set_yticks(y, [_label(f, lang) for f in o["factor"]], fontsize=7)
        ax.set_title(_label(outcome, lang), fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", alpha=0.3)
        _decimal_commas(ax, lang)
        ax.set_yticks(y, [_label(f, lang) for f in o["factor"]], fontsize=7)
    if outcomes:
        axes[0].legend(fontsize=6.5, loc="lower right")
    title = i18n.text(f"an_sens_{kind}_title", lang, scenario=scenario, level=f"{confidence:.0%}")
    # One narrow panel cannot hold the title on one line.
    fig.suptitle(textwrap.fill(title, 45 * cols), fontsize=10 if cols == 1 else 11)
    return fig


def sensitivity(
    store: Store,
    table: pd.DataFrame,
    out: str | Path,
    confidence: float = 0.95,
    lang: str = "en",
) -> SensitivityResult:
    """Compute, tabulate and plot the indices of a stored Sobol or Morris sweep.

    Args:
        store: The store.
        table: Its design joined with results (`Store.table`).
        out: Report folder (``tables/`` and ``figures/`` are written inside).
        confidence: Confidence level.
        lang: Language of the figures' labels (``en`` or ``nl``).
    """
    exp = store.experiment
    out = Path(out)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    outcomes = list(store.outcomes)
    indices, pairs, notes = compute_indices(exp, table, outcomes, confidence)
    result = SensitivityResult(indices, summary_table(indices, exp["kind"]), pairs, notes=notes)
    path = out / "tables" / f"sensitivity_{exp['kind']}.csv"
    indices.to_csv(path, index=False)
    result.tables["sensitivity"] = path
    if not pairs.empty:
        path = out / "tables" / "sensitivity_sobol_second_order.csv"
        pairs.to_csv(path, index=False)
        result.tables["sensitivity_second_order"] = path
    if indices.empty:
        return result
    for scenario in indices["scenario"].unique():
        fig = plot_indices(indices, exp["kind"], scenario, confidence, lang)
        path = out / "figures" / f"sensitivity_{exp['kind']}_{file_stem(str(scenario))}.png"
        fig.savefig(path, dpi=100)
        result.figures.append(path)
    return result
