"""Issue 12's two measured figures, from the shipped scenarios (default neighbourhood).

1. Outreach among the households reached: for each week of the first half year of
   outreach (weeks 53-79 of ``outreach_information.toml`` / ``outreach_assisted.toml``),
   the entitled open problems of households contacted that week against those of
   eligible households not contacted that week (contact is random, so this is a
   randomised comparison inside each run; controls may be contacted later, which makes
   the difference a little smaller). Outcome: the problem got formal help within 39
   weeks (nine months, as in Finkelstein & Notowidigdo 2019).
2. What remains a year after best persons leave: ``best_persons_leave.toml`` against
   ``baseline.toml`` at week 104 (before) and week 157 (a year after), with
   professional learning 0.5 (default) and 0.

Run: ``uv run python benchmarks/measure_outreach_and_leaving.py [outreach|leave] [SEEDS]``
(4 seeds take a few minutes on 2 cores).
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pandas as pd

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.scenario import load_scenario
from bpsim.core.state import HELPED, OPEN

WINDOW = 39
START = 53
COHORT_WEEKS = 26


def outreach(file: str, seeds: range) -> dict[str, float]:
    """Formal help within `WINDOW` weeks: problems of households reached vs not reached."""
    counts = {"reached": [0, 0], "control": [0, 0]}
    hours = contacts = 0.0
    for seed in seeds:
        m = NeighbourhoodModel(load_scenario(file), rng=seed)
        original = m.outreach.contact
        cohorts: list = []

        def spy(ctx, rng, n, m=m, original=original, cohorts=cohorts):
            o, res = m.outreach, ctx.res
            eligible = (res.status == OPEN) & res.entitled
            if o.contacted_at is not None:
                eligible &= (ctx.week - o.contacted_at >= 52)[:, None]
            original(ctx, rng, n)
            if ctx.p.outreach <= 0 or ctx.week >= START + COHORT_WEEKS:
                return
            hit = np.zeros(res.n, dtype=bool)
            if o.last is not None:
                hit[o.last[0]] = True
            rows, cols = np.nonzero(eligible)
            cohorts.append([ctx.week, rows, cols, hit[rows], np.zeros(rows.size, dtype=bool)])

        m.outreach.contact = spy
        for _ in range(START + COHORT_WEEKS + WINDOW):
            m.step()
            for week, rows, cols, _, got in cohorts:
                if m.ctx.week - week <= WINDOW:
                    got |= m.residents.status[rows, cols] == HELPED
        for _, _, _, hit, got in cohorts:
            counts["reached"][0] += int(got[hit].sum())
            counts["reached"][1] += int(hit.sum())
            counts["control"][0] += int(got[~hit].sum())
            counts["control"][1] += int((~hit).sum())
        hours += m.outreach.hours
        contacts += m.outreach.contacts
    (a, n1), (b, n0) = counts["reached"], counts["control"]
    p1, p0 = a / n1, b / n0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    return {"reached": p1, "not_reached": p0, "diff": p1 - p0, "ci_low": p1 - p0 - 1.96 * se,
            "ci_high": p1 - p0 + 1.96 * se, "problems_reached": n1,
            "hours_per_household": hours / contacts}  # fmt: skip


def leave(seeds: range) -> pd.DataFrame:
    """Outcomes before (week 104) and a year after (week 157) every best person leaves."""
    keys = [
        "take_up", "take_up_low_capacity", "trust", "bridging_ties", "linking_ties",
        "needs_resolved", "unmet_need", "wellbeing", "treatment_gap", "worker_practice",
    ]  # fmt: skip
    rows = []
    for learning in (0.5, 0.0):
        for name in ("baseline", "best_persons_leave"):
            sc = load_scenario(f"scenarios/{name}.toml", {"professional_learning": learning})
            for seed in seeds:
                m = NeighbourhoodModel(sc, rng=seed)
                for _ in range(157):
                    m.step()
                    if m.ctx.week in (104, 157):
                        values = {k: m.outcomes[k] for k in keys}
                        rows.append(
                            {"professional_learning": learning, "scenario": name,
                             "week": m.ctx.week, **values}
                        )  # fmt: skip
    frame = pd.DataFrame(rows)
    return frame.groupby(["professional_learning", "scenario", "week"])[keys].mean()


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "outreach"
    seeds = range(int(sys.argv[2]) if len(sys.argv) > 2 else 4)
    if what == "outreach":
        for file in ("scenarios/outreach_information.toml", "scenarios/outreach_assisted.toml"):
            print(file, {k: round(v, 4) for k, v in outreach(file, seeds).items()})
    else:
        with pd.option_context("display.width", 200):
            print(leave(seeds).round(3))
