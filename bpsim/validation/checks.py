"""The validation checks: one per pattern of docs/ODD.md section 1.2, criteria stated beforehand.

Each check names an experiment (arms: parameter changes on the baseline scenario,
run with common random numbers) and one or more criteria. A criterion is a
direction - and, where the source gives one, a size - for a quantity measured with
a 95% confidence interval; it passes only when the whole interval lies on the
required side. Nothing here is tuned to the model's output: the criteria follow
the patterns' wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bpsim.core.scenario import BEST_PERSON_DENSITIES, SPECS

#: Week at which "early" values are read for change-over-time criteria (after a year).
EARLY_WEEK = 52

#: No best persons of any type.
NO_BEST_PERSONS: dict[str, float] = {key: 0.0 for key in BEST_PERSON_DENSITIES.values()}


def _equal_hours_workers() -> float:
    """Workers per 1,000 households once the default best persons' hours go to agencies."""
    bp_hours = SPECS["best_person_hours"].default * sum(
        SPECS[key].default for key in BEST_PERSON_DENSITIES.values()
    )
    return SPECS["workers_per_1000"].default + bp_hours / SPECS["staff_hours"].default


#: Workers per 1,000 households in the equal-hours counterfactual (P6).
EQUAL_HOURS_WORKERS = _equal_hours_workers()

#: The experiment arms, as parameter changes on the baseline scenario. ``restricted``
#: and ``open`` are the shipped scenario files' freedom of movement.
ARMS: dict[str, dict[str, float | int]] = {
    "baseline": {},
    "light_rules": {"rule_burden": 0.2},
    "heavy_rules": {"rule_burden": 0.9},
    "restricted": {"freedom_of_movement": 0.1},
    "open": {"freedom_of_movement": 0.9},
    "no_best_persons": NO_BEST_PERSONS,
    # No best persons, their hours given to agencies as ordinary workers instead.
    "equal_hours": {**NO_BEST_PERSONS, "workers_per_1000": EQUAL_HOURS_WORKERS},
    "impersonal": {"personal_component": 0.0},
    "personal": {"personal_component": 0.8},
    "scouting": {"scouting": 0.5},
    "training": {"training": 0.5},
    "no_learning": {"professional_learning": 0.0},
    "learning": {"professional_learning": 1.0},
    "no_everyday_doers": {"everyday_doers_per_1000": 0},
    "no_bridge_builders": {"bridge_builders_per_1000": 0},
    "reflex_off": {"rule_reflex": 0.0},
    "reflex_on": {"rule_reflex": 1.0},
}

Kind = Literal["difference", "level", "contrast", "change", "disproportion"]


@dataclass(frozen=True)
class Criterion:
    """One falsifiable statement, with its measurement.

    Attributes:
        label: The statement in plain words.
        kind: How it is measured:
            ``difference`` - paired difference of `outcome`, arm `b` minus arm `a`;
            ``level`` - mean of `outcome` (or 1 - outcome if `complement`) in arm `a`,
            whose interval must lie within [`low`, `high`];
            ``contrast`` - paired difference of two outcomes' changes from `a` to
            `b`: (b.outcome - a.outcome) - (b.other - a.other);
            ``change`` - the change of `outcome` from week EARLY_WEEK to the end,
            arm `b` minus arm `a` (paired);
            ``disproportion`` - relative improvement of `outcome` from `a` to `b`,
            as a multiple of `share_of` (the best persons' share of the population).
        outcome: Outcome measured.
        a: Reference arm.
        b: Changed arm (unused for ``level``).
        direction: +1 if the quantity must be above `threshold`, -1 if below.
        threshold: The bound the interval must clear (0 for a direction only).
        other: Second outcome for ``contrast``.
        low: Lower bound for ``level``.
        high: Upper bound for ``level``.
        complement: For ``level``: measure 1 - outcome (e.g. non-take-up).
    """

    label: str
    kind: Kind
    outcome: str
    a: str
    b: str = ""
    direction: int = 1
    threshold: float = 0.0
    other: str = ""
    low: float = 0.0
    high: float = 1.0
    complement: bool = False


@dataclass(frozen=True)
class Check:
    """A named validation check of one pattern.

    Attributes:
        id: Pattern id (P1-P11).
        title: The pattern in the research's words.
        source: Where the pattern comes from.
        experiment: The experiment in plain words.
        criteria: All must pass for the check to pass.
        levers: Parameters the check's own arms set (robustness rows for these are n/a).
        known_failure: Why this check is expected to fail with the model as it is (empty
            when it is expected to pass). A known failure still runs and reports its
            figures; it does not fail the suite, and it is listed in the report, ODD and
            README. Its criterion is never loosened to make it pass.
    """

    id: str
    title: str
    source: str
    experiment: str
    criteria: tuple[Criterion, ...]
    levers: tuple[str, ...] = field(default_factory=tuple)
    known_failure: str = ""

    @property
    def arms(self) -> tuple[str, ...]:
        """Arms this check needs."""
        names: list[str] = []
        for c in self.criteria:
            for arm in (c.a, c.b):
                if arm and arm not in names:
                    names.append(arm)
        return tuple(names)


#: "Out of proportion": the relative improvement must exceed this multiple of the best
#: persons' share of the population (if best persons were ordinary, it would be about 1x).
DISPROPORTION_FACTOR = 5.0

CHECKS: tuple[Check, ...] = (
    Check(
        "P1",
        "More rule burden lowers take-up of help, and the drop is steepest for residents "
        "with low capacity to act.",
        "Moynihan, Herd & Harvey 2015; Christensen et al. 2020; Deshpande & Li 2019",
        "Rule burden 0.2 against 0.9, everything else at the baseline.",
        (
            Criterion("take-up falls", "difference", "take_up", "light_rules", "heavy_rules", -1),
            Criterion(
                "the fall in take-up is larger in the lowest capacity quintile than in the "
                "highest",
                "contrast", "take_up_q1", "light_rules", "heavy_rules", -1, other="take_up_q5",
            ),
        ),
        ("rule_burden",),
    ),
    Check(
        "P2",
        "At the baseline, non-take-up of help residents are entitled to lies between 10% "
        "and 40%, and take-up is lower in the lowest capacity quintile than in the highest.",
        "Inspectie SZW 2021; SCP 2007; CPB",
        "The baseline scenario.",
        (
            Criterion(
                "non-take-up (1 - take_up) lies within 10%-40% (whole interval)",
                "level", "take_up", "baseline", low=0.10, high=0.40, complement=True,
            ),
            Criterion(
                "take-up is lower in the lowest capacity quintile than in the highest",
                "contrast", "take_up_q1", "baseline", "baseline", -1, other="take_up_q5",
            ),
        ),
    ),
    Check(
        "P3",
        "More rule burden lowers residents' trust in agencies.",
        "Tummers et al. 2016; Kumlin & Rothstein 2005",
        "Rule burden 0.2 against 0.9.",
        (Criterion("trust falls", "difference", "trust", "light_rules", "heavy_rules", -1),),
        ("rule_burden",),
    ),
    Check(
        "P4",
        "Restricting best persons' freedom of movement lowers take-up and trust and raises "
        "unmet need, compared with leaving it open.",
        "Van den Brink et al. 2012, recommendation 3",
        "Freedom of movement 0.9 (open) against 0.1 (restricted), at the baseline's rule "
        "burden (the shipped scenarios restricted.toml and open.toml).",
        (
            Criterion("take-up is lower when restricted", "difference", "take_up", "open",
                      "restricted", -1),
            Criterion("trust is lower when restricted", "difference", "trust", "open",
                      "restricted", -1),
            Criterion("unmet need is higher when restricted", "difference", "unmet_need",
                      "open", "restricted", 1),
        ),
        ("freedom_of_movement",),
    ),
    Check(
        "P5",
        "Restricting freedom of movement lowers best-person retention.",
        "Van Hulst & Matelski 2021; Fuenzalida et al. 2024",
        "Freedom of movement 0.9 against 0.1.",
        (
            Criterion("retention is lower when restricted", "difference",
                      "best_person_retention", "open", "restricted", -1),
        ),
        ("freedom_of_movement",),
    ),
    Check(
        "P6",
        "Without any best persons, take-up, unmet need and trust are worse than with them, "
        "out of proportion to their small share of the population.",
        "Van den Brink et al. 2012; Ghorbani et al. 2020",
        "The baseline against the baseline with no best persons of any type.",
        (
            Criterion("take-up is higher with best persons", "difference", "take_up",
                      "no_best_persons", "baseline", 1),
            Criterion("unmet need is lower with best persons", "difference", "unmet_need",
                      "no_best_persons", "baseline", -1),
            Criterion("trust is higher with best persons", "difference", "trust",
                      "no_best_persons", "baseline", 1),
            Criterion(
                f"the relative gain in take-up exceeds {DISPROPORTION_FACTOR:g} times the "
                "best persons' share of the population",
                "disproportion", "take_up", "no_best_persons", "baseline", 1,
                threshold=DISPROPORTION_FACTOR,
            ),
            Criterion(
                "take-up is higher with best persons than with their hours given to "
                "agencies as ordinary workers (equal hours)",
                "difference", "take_up", "equal_hours", "baseline", 1,
            ),
            Criterion(
                "unmet need is lower with best persons than with equal hours given to "
                "agencies", "difference", "unmet_need", "equal_hours", "baseline", -1,
            ),
        ),
        (*BEST_PERSON_DENSITIES.values(), "workers_per_1000"),
    ),
    Check(
        "P7",
        "A personal component in agency decisions raises trust and take-up, most for "
        "low-capacity residents.",
        "Van den Brink et al. 2012, recommendation 4; Finkelstein & Notowidigdo 2019",
        "Personal component 0.0 against 0.8.",
        (
            Criterion("trust rises", "difference", "trust", "impersonal", "personal", 1),
            Criterion("take-up rises", "difference", "take_up", "impersonal", "personal", 1),
            Criterion(
                "take-up rises more in the lowest capacity quintile than in the highest",
                "contrast", "take_up_q1", "impersonal", "personal", 1, other="take_up_q5",
            ),
        ),
        ("personal_component",),
    ),
    Check(
        "P8",
        "Scouting for latent best persons improves outcomes more than training ordinary "
        "professionals for the same effort.",
        "Van den Brink et al. 2012, recommendation 1",
        "Scouting 0.5 against training 0.5 (both cost the same staff hours).",
        (
            Criterion("take-up is higher with scouting", "difference", "take_up", "training",
                      "scouting", 1),
            Criterion("unmet need is lower with scouting", "difference", "unmet_need",
                      "training", "scouting", -1),
        ),
        ("scouting", "training"),
        known_failure=(
            "scouting at effort 0.5 finds only a handful of latent best persons over five "
            "years (1% of residents and workers are latent, and screening meets a few people "
            "a week), and they arrive one by one; their gain in formal take-up over training "
            "is small (about +2 points) and its interval includes zero at 10 replications, "
            "while unmet need is clearly lower with scouting"
        ),
    ),
    Check(
        "P9",
        "Ordinary professionals who work alongside best persons become more effective over "
        "time, and switching learning off removes that gain.",
        "Van den Brink et al. 2012, recommendation 2",
        "Professional learning 1.0 against 0.0; worker effectiveness (entitled applications "
        f"rightly granted per 10 decision hours) from week {EARLY_WEEK} to the end.",
        (
            Criterion(
                "worker effectiveness grows more over time with learning than without",
                "change", "worker_effectiveness", "no_learning", "learning", 1,
            ),
            Criterion(
                "at the end, workers are more effective with learning than without",
                "difference", "worker_effectiveness", "no_learning", "learning", 1,
            ),
        ),
        ("professional_learning",),
    ),
    Check(
        "P10",
        "Everyday doers raise collective efficacy and bonding/bridging ties; bridge builders "
        "raise linking ties (resident-agency).",
        "Szreter & Woolcock 2004; Sampson et al. 1997",
        "The baseline against the baseline without everyday doers, and without bridge "
        "builders.",
        (
            Criterion("collective efficacy is higher with everyday doers", "difference",
                      "collective_efficacy", "no_everyday_doers", "baseline", 1),
            Criterion("bonding ties are higher with everyday doers", "difference",
                      "bonding_ties", "no_everyday_doers", "baseline", 1),
            Criterion("bridging ties are higher with everyday doers", "difference",
                      "bridging_ties", "no_everyday_doers", "baseline", 1),
            Criterion("linking ties are higher with bridge builders", "difference",
                      "linking_ties", "no_bridge_builders", "baseline", 1),
        ),
        ("everyday_doers_per_1000", "bridge_builders_per_1000"),
    ),
    Check(
        "P11",
        "Higher rule burden raises burnout and turnover among ordinary frontline workers.",
        "George et al. 2021; Mor Barak et al. 2001",
        "Rule burden 0.2 against 0.9.",
        (
            Criterion("worker burnout rises", "difference", "worker_burnout", "light_rules",
                      "heavy_rules", 1),
            Criterion("worker turnover rises", "difference", "worker_turnover", "light_rules",
                      "heavy_rules", 1),
        ),
        ("rule_burden",),
    ),
    Check(
        "P12",
        "Discretion has costs: leaving best persons' freedom of movement open raises "
        "wrongful grants and unequal treatment of those they do not know.",
        "Lipsky 1980; Maynard-Moody & Musheno 2003; gelijkheidsbeginsel (art. 1 Grondwet)",
        "Freedom of movement 0.9 against 0.1, at the baseline's rule burden.",
        (
            Criterion("wrongful grants are a larger share of grants when open", "difference",
                      "wrongful_grants", "restricted", "open", 1),
            Criterion("the take-up gap between households tied to a best person and equally "
                      "needy others is larger when open", "difference", "treatment_gap",
                      "restricted", "open", 1),
        ),
        ("freedom_of_movement",),
    ),
    Check(
        "P13",
        "With the rule reflex on, incidents make the rules heavier: the rule burden in force "
        "rises above the one set.",
        "Trappenburg 2010; BZK 2011; Van Tol 2014",
        "Rule reflex 1.0 against 0.0, at the baseline.",
        (
            Criterion("the rule burden in force is higher with the reflex on", "difference",
                      "effective_rule_burden", "reflex_off", "reflex_on", 1),
            Criterion("take-up is lower with the reflex on (heavier rules)", "difference",
                      "take_up", "reflex_off", "reflex_on", -1),
        ),
        ("rule_reflex",),
    ),
)  # fmt: skip

CHECKS_BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}


def arms_needed(checks=CHECKS) -> list[str]:
    """Arms the given checks need, in first-use order."""
    names: list[str] = []
    for check in checks:
        for arm in check.arms:
            if arm not in names:
                names.append(arm)
    return names
