"""The outcomes: what every run reports each week, by these names, and how each is read.

Each outcome is one `Outcome` record in `RECORDS`: its name, its exact definition,
its label and meaning in English and Dutch, how it is measured, which way is better,
its bounds and whether it is a main outcome. Every table, plot and report reads from
these records; the older names (`OUTCOMES`, `EXTRA_OUTCOMES`, `BETTER`, `TOWARDS_ZERO`,
`ALL_OUTCOMES`, `MAIN_OUTCOMES`) are views of them. `measure` computes the values.

The first sixteen names are the project's contract (scenario files, experiments,
reports and tests outside the package depend on them); the costs of discretion and
of rules follow. Rate outcomes (take-up, time to help, hours per solved problem,
...) are computed over the last `WINDOW` (52) weeks of events, so they are
undefined (NaN) until something happens.
"""

from __future__ import annotations

import math
from collections.abc import Sized
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Literal, Protocol, get_args

import numpy as np

from bpsim.core.state import (
    N_QUINTILES,
    OPEN,
    WAITING,
    WINDOW,
    Ledger,
    Residents,
)

#: How an outcome can be measured (`Outcome.kind`); the faces show each kind its own way.
Kind = Literal["share", "index", "count", "weeks", "hours"]
#: The kinds, in the order of `Kind` (a view of it, not a model constant).
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class Outcome:
    """One outcome: what it is, how it is named and read, and which way is better.

    Attributes:
        name: Column name in every table, file and experiment.
        definition: Its exact definition, in English (the data dictionary: `OUTCOMES`).
        label_en: Short English label.
        label_nl: Short Dutch label.
        meaning_en: One-line English meaning in plain words (reports, hover text).
        meaning_nl: The same in Dutch.
        kind: How values are measured and shown: ``share`` (as %, differences in
            percentage points), ``index`` (0-1), ``count``, ``weeks`` or ``hours``.
        better: +1 if higher is better, -1 if lower is better.
        towards_zero: A gap between groups: closer to zero is better, whatever the sign.
            `better` then gives the direction while the gap has its usual sign.
        bounds: Lowest and highest value it can take (``math.inf`` for no upper bound);
            by default 0-1 for shares and indices, 0 to infinity for the rest.
        main: Place among the main outcomes shown in run figures and the dashboard's
            first page (1 = first); 0 for an outcome that is not a main one.
        contract: Whether it belongs to the contract outcomes that every comparison
            judges (`OUTCOMES`), rather than those reported besides (`EXTRA_OUTCOMES`).
    """

    name: str
    definition: str
    label_en: str
    label_nl: str
    meaning_en: str
    meaning_nl: str
    kind: Kind
    better: int
    towards_zero: bool = False
    bounds: tuple[float, float] | None = None
    main: int = 0
    contract: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                f"outcome '{self.name}': kind '{self.kind}' is not allowed; allowed: "
                f"{', '.join(KINDS)}"
            )
        if self.better not in (1, -1):
            raise ValueError(f"outcome '{self.name}': better {self.better}; allowed: 1 or -1")
        if self.bounds is None:
            bounded = self.kind in ("share", "index")
            object.__setattr__(self, "bounds", (0.0, 1.0 if bounded else math.inf))

    def label(self, lang: str) -> str:
        """The short label in `lang` (``en`` or ``nl``)."""
        return self.label_nl if lang == "nl" else self.label_en

    def meaning(self, lang: str) -> str:
        """The one-line meaning in `lang` (``en`` or ``nl``)."""
        return self.meaning_nl if lang == "nl" else self.meaning_en

    @property
    def on_unit_interval(self) -> bool:
        """Whether its values lie within 0-1 (shares and indices that are not gaps)."""
        return self.bounds == (0.0, 1.0)


_O = Outcome

# fmt: off
_RECORDS: tuple[Outcome, ...] = (
    # --- the contract ---------------------------------------------------------------------
    _O("take_up",
       "share of entitled needs granted formal help by an agency (formal take-up)",
       "Take-up", "Gebruik van hulp",
       "share of entitled needs granted formal help by an agency",
       "aandeel van de problemen met recht op hulp waarvoor een instantie hulp toekende",
       "share", +1, main=1),
    _O("take_up_low_capacity", "formal take-up, lowest capacity quintile",
       "Take-up at lowest capacity", "Gebruik van hulp bij laagste doenvermogen",
       "take-up in the fifth of households with the least capacity to act",
       "gebruik van hulp bij het vijfde van de huishoudens met het minste doenvermogen",
       "share", +1),
    _O("unmet_need", "unresolved problems without help per household",
       "Unmet need (problems per household)", "Onvervulde hulpvraag (problemen per huishouden)",
       "unresolved problems without help per household",
       "onopgeloste problemen zonder hulp per huishouden",
       "count", -1, main=2),
    _O("time_to_help", "mean weeks from need to help, for needs helped",
       "Time to help (weeks)", "Wachttijd tot hulp (weken)",
       "mean weeks from a need arising to help, for needs helped",
       "gemiddeld aantal weken van het ontstaan van een probleem tot hulp",
       "weeks", -1),
    _O("trust", "mean trust in agencies (0-1)",
       "Trust in agencies", "Vertrouwen in instanties",
       "mean trust of residents in agencies (0-1)",
       "gemiddeld vertrouwen van bewoners in instanties (0-1)",
       "index", +1, main=3),
    # A difference of two indices: it can be negative (high-capacity residents trusting
    # agencies less), and -0.1 is as unequal as +0.1.
    _O("trust_gap", "trust of the highest capacity quintile minus the lowest",
       "Trust gap", "Vertrouwenskloof",
       "trust of the highest capacity fifth minus that of the lowest",
       "vertrouwen van het vijfde met het meeste doenvermogen min dat van het minste",
       "index", -1, towards_zero=True, bounds=(-1.0, 1.0)),
    _O("collective_efficacy", "neighbourhood collective efficacy (0-1)",
       "Collective efficacy", "Collectieve redzaamheid",
       "neighbourhood cohesion and willingness to act together (0-1)",
       "samenhang in de wijk en bereidheid om samen op te treden (0-1)",
       "index", +1, main=6),
    _O("bonding_ties", "bonding ties per household",
       "Bonding ties", "Banden met gelijken (bonding)",
       "ties with similar neighbours per household",
       "banden met vergelijkbare buurtbewoners per huishouden",
       "count", +1),
    _O("bridging_ties", "bridging ties per household",
       "Bridging ties", "Overbruggende banden (bridging)",
       "ties across groups in the neighbourhood per household",
       "banden met andere groepen in de wijk per huishouden",
       "count", +1),
    _O("linking_ties", "linking ties per household",
       "Linking ties", "Banden met instanties (linking)",
       "ties to people inside agencies per household",
       "banden met mensen binnen instanties per huishouden",
       "count", +1),
    _O("worker_burnout", "mean burnout of ordinary frontline workers (0-1)",
       "Worker burnout", "Burn-out frontlijnmedewerkers",
       "mean burnout of ordinary frontline workers (0-1)",
       "gemiddelde burn-out van frontlijnmedewerkers (geen best persons; 0-1)",
       "index", -1, main=5),
    _O("worker_turnover", "share of ordinary workers who left, cumulative",
       "Worker turnover", "Verloop frontlijnmedewerkers",
       "share of ordinary frontline workers who left, cumulative",
       "aandeel frontlijnmedewerkers dat is vertrokken, opgeteld",
       "share", -1),
    _O("best_person_retention", "share of best persons still active",
       "Best persons retained", "Behoud van best persons",
       "share of best persons still active",
       "aandeel best persons dat nog actief is",
       "share", +1, main=4),
    _O("agencies_per_household",
       "mean number of agencies involved per multi-problem household in contact with agencies",
       "Agencies per multi-problem household", "Instanties per multiprobleemhuishouden",
       "mean number of agencies involved per household with several problems",
       "gemiddeld aantal betrokken instanties per huishouden met meerdere problemen",
       "count", -1),
    _O("hours_per_solved_problem",
       "staff and best-person hours (every kind, once) per problem solved with help",
       "Hours per solved problem", "Uren per opgelost probleem",
       "staff and best-person hours (every kind, once) per problem solved with help",
       "uren van medewerkers en best persons (elke soort één keer) per met hulp opgelost "
       "probleem",
       "hours", -1),
    _O("wellbeing", "mean resident wellbeing / liveability index (0-1)",
       "Wellbeing", "Welzijn",
       "mean resident wellbeing and liveability (0-1)",
       "gemiddeld welzijn en leefbaarheid voor bewoners (0-1)",
       "index", +1),
    # --- the costs of discretion and of rules ---------------------------------------------
    _O("needs_resolved", "share of needs resolved, by any route, within the take-up window",
       "Needs resolved", "Opgeloste problemen",
       "share of needs resolved, by any route, within the take-up window",
       "aandeel problemen dat binnen de termijn is opgelost, langs welke weg ook",
       "share", +1),
    # Lower is better: the more the neighbourhood's solved problems rest on a few
    # individuals, the more it loses when they leave (Ghorbani et al. 2020: leaders are
    # the bottleneck; Van Hulst & Matelski 2021: best persons are hard to replace).
    _O("solved_by_best_persons",
       "share of problems solved with help that best persons solved themselves (informally)",
       "Solved by best persons themselves", "Door best persons zelf opgelost",
       "share of problems solved with help that best persons solved informally "
       "(lower: less dependence on a few people)",
       "aandeel van de met hulp opgeloste problemen dat best persons zelf informeel oplosten "
       "(lager: minder afhankelijk van enkelen)",
       "share", -1),
    _O("wrongful_grants", "share of formal grants that went to problems not entitled",
       "Wrongful grants", "Onterechte toekenningen",
       "share of formal grants that went to problems not entitled",
       "aandeel toekenningen voor problemen zonder recht op hulp",
       "share", -1),
    # A difference of two shares: negative when untied households fare better.
    _O("treatment_gap",
       "formal take-up of households tied to a best person when the need arose minus that "
       "of equally capable households without such a tie",
       "Unequal treatment", "Ongelijke behandeling",
       "take-up of households tied to a best person minus that of equally needy "
       "households without such a tie (closer to 0 is better)",
       "gebruik van hulp door huishoudens die een best person kennen, min dat van even "
       "kwetsbare huishoudens zonder zo'n band (dichter bij 0 is beter)",
       "share", -1, towards_zero=True, bounds=(-1.0, 1.0)),
    _O("incidents", "wrongful grants found by audits, per year per 1,000 households",
       "Incidents", "Incidenten",
       "wrongful grants found by audits, per year per 1,000 households",
       "door controles gevonden onterechte toekenningen, per jaar per 1.000 huishoudens",
       "count", -1),
    _O("effective_rule_burden", "rule burden in force, raised by incidents (rule reflex)",
       "Rule burden in force", "Geldende regeldruk",
       "rule burden in force, raised by incidents (rule reflex)",
       "geldende regeldruk, verhoogd door incidenten (risico-regelreflex)",
       "index", -1),
    # --- reported besides the contract: take-up by capacity quintile, model state ----------
    *(
        _O(f"take_up_q{q}", f"take-up in capacity quintile {q} (1 = lowest)",
           f"Take-up in capacity quintile {q}", f"Gebruik van hulp in kwintiel doenvermogen {q}",
           f"take-up in capacity quintile {q} (1 = least capacity to act)",
           f"gebruik van hulp in kwintiel {q} van doenvermogen (1 = minste doenvermogen)",
           "share", +1, contract=False)
        for q in range(1, N_QUINTILES + 1)
    ),
    _O("worker_practice", "mean practice ordinary workers took on from best persons (0-1)",
       "Practice taken on by workers", "Werkwijze overgenomen door frontlijnmedewerkers",
       "mean practice ordinary workers took on from best persons (0-1)",
       "gemiddelde mate waarin frontlijnmedewerkers de werkwijze van best persons "
       "overnamen (0-1)",
       "index", +1, contract=False),
    _O("worker_empathy", "mean empathy of ordinary workers (0-1)",
       "Worker empathy", "Empathie van frontlijnmedewerkers",
       "mean empathy of ordinary workers (0-1)",
       "gemiddelde empathie van frontlijnmedewerkers (0-1)",
       "index", +1, contract=False),
    _O("worker_effectiveness",
       "entitled applications rightly granted per 10 decision hours of ordinary workers",
       "Worker effectiveness", "Effectiviteit van frontlijnmedewerkers",
       "entitled applications rightly granted per 10 decision hours of ordinary workers",
       "terecht toegekende aanvragen per 10 beslisuren van frontlijnmedewerkers",
       "count", +1, contract=False),
    _O("best_persons_active", "best persons active",
       "Best persons active", "Actieve best persons",
       "best persons active", "aantal actieve best persons",
       "count", +1, contract=False),
    _O("best_persons_found", "latent best persons found by scouting, cumulative",
       "Best persons found", "Gevonden best persons",
       "latent best persons found by scouting, cumulative",
       "door scouting gevonden best persons, opgeteld",
       "count", +1, contract=False),
    _O("queue", "applications waiting for a decision",
       "Queue", "Wachtrij",
       "applications waiting for a decision",
       "aanvragen die op een besluit wachten",
       "count", -1, contract=False),
    _O("volunteer_hours", "volunteers' hours in initiatives per week per 1,000 households",
       "Volunteer hours", "Vrijwilligersuren",
       "volunteers' hours in initiatives per week per 1,000 households",
       "uren van vrijwilligers in initiatieven per week per 1.000 huishoudens",
       "hours", +1, contract=False),
)
# fmt: on

#: Every outcome's record, by name, in the order of every table's columns.
RECORDS: dict[str, Outcome] = {o.name: o for o in _RECORDS}


def record(name: str) -> Outcome | None:
    """The record of outcome `name`, or None for a name that is not an outcome."""
    return RECORDS.get(name)


def direction(name: str) -> int:
    """+1 if higher is better for `name`, -1 if lower is; +1 for a name without a record."""
    rec = RECORDS.get(name)
    return rec.better if rec is not None else 1


# --- views of the records, under the names the rest of the code and its users know ------

#: The contract outcomes, with their definition.
OUTCOMES: dict[str, str] = {o.name: o.definition for o in _RECORDS if o.contract}

#: Outcomes reported besides the contract (take-up by capacity quintile, and model state).
EXTRA_OUTCOMES: dict[str, str] = {o.name: o.definition for o in _RECORDS if not o.contract}

#: Which direction is better, per contract outcome (+1 higher is better, -1 lower is better).
BETTER: dict[str, int] = {o.name: o.better for o in _RECORDS if o.contract}

#: Outcomes that are gaps between groups: closer to zero is better, whatever the sign.
#: `BETTER` gives their direction while the gap has its usual sign (high-capacity
#: residents trusting agencies more); a gap that reverses is not an improvement
#: without bound: -0.1 is as unequal as +0.1.
TOWARDS_ZERO: frozenset[str] = frozenset(o.name for o in _RECORDS if o.towards_zero)

#: The main outcomes shown in run figures and the dashboard, in their order.
MAIN_OUTCOMES: tuple[str, ...] = tuple(
    o.name for o in sorted((o for o in _RECORDS if o.main), key=lambda o: o.main)
)


def goodness(outcome: str, values):
    """An outcome's values on a scale where higher is always better.

    Args:
        outcome: Contract outcome name.
        values: A number or an array of values of that outcome.

    Returns:
        The values turned by `BETTER`, or, for a gap (`TOWARDS_ZERO`), minus the
        distance from zero.
    """
    if outcome in TOWARDS_ZERO:
        return -abs(values)
    return BETTER[outcome] * values


ALL_OUTCOMES: tuple[str, ...] = (*OUTCOMES, *EXTRA_OUTCOMES)

#: Weights of the wellbeing index: room from stress, cohesion, trust (assumption).
WELLBEING_WEIGHTS = (0.6, 0.25, 0.15)


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


# numpy's mean and sum as `measure` needs them, without the Python layers around the
# reduction (a few microseconds a call, thirty calls a week): the same pairwise sum,
# divided by the count, so the same numbers to the last bit.
_sum = np.add.reduce


def _mean(values: np.ndarray) -> float:
    """The mean of a non-empty 1-D float array, as ``float(values.mean())``."""
    return float(_sum(values) / values.size)


@cache
def _compiled() -> SimpleNamespace:
    """The compiled passes the outcomes use, imported at the first measurement.

    Not with this module: every face reads the records (the CLI's checks included)
    without running a model, and numba takes a second to import. Kept once imported:
    an import statement costs some microseconds at each of a run's hundreds of weeks.
    """
    from bpsim.core import counting
    from bpsim.core.mechanisms.ties import cohesion

    return SimpleNamespace(counting=counting, cohesion=cohesion)


def wellbeing(res: Residents, cohesion: np.ndarray | None = None) -> np.ndarray:
    """Wellbeing per household (0-1): little stress, cohesion, and trust.

    Args:
        res: Residents.
        cohesion: Their cohesion (`ties.cohesion`) as it stands, if already worked out.
    """
    if cohesion is None:
        cohesion = _compiled().cohesion(res)
    a, b, c = WELLBEING_WEIGHTS
    return a * (1.0 - res.stress) + b * cohesion + c * res.trust


def agencies_per_household(res: Residents, membership: np.ndarray) -> float:
    """Mean agencies involved per household with two or more problems and agency contact.

    An agency is involved in a problem in a procedure, waiting, or helped; a domain
    served by several agencies involves all of them, and an agency serving two of the
    household's domains counts once; agencies that work from one plan count as one.
    Households with no agency contact are not counted (better access must not look
    like more fragmentation).

    Args:
        res: Residents.
        membership: (domains, agencies) 1 where an agency serves a domain.
    """
    involved, households = _compiled().counting.agencies_involved(
        res.status, res.coordinated, membership
    )
    return involved / households if households else math.nan


def treatment_gap(helped_tied, total_tied, helped_all, total_all) -> float:
    """Take-up of tied minus untied households, within capacity quintiles, weighted by size.

    Comparing within quintiles compares equally needy households (the same capacity
    to act); quintiles without both kinds of household are left out.
    """
    # Five numbers each: plain floats, in numpy's order (numpy sums fewer than eight
    # numbers one after the other), without an array operation per step.
    gaps = weights = 0.0
    compared = False
    for ht, tt, ha, ta in zip(
        np.asarray(helped_tied, dtype=float).tolist(),
        np.asarray(total_tied, dtype=float).tolist(),
        np.asarray(helped_all, dtype=float).tolist(),
        np.asarray(total_all, dtype=float).tolist(),
        strict=True,
    ):
        tu = ta - tt
        if tt > 0 and tu > 0:
            gaps += (ht / tt - (ha - ht) / tu) * ta
            weights += ta
            compared = True
    return gaps / weights if compared else math.nan


class _Hiring(Protocol):
    """What the outcomes read of the workforce: hires and leavers so far, the staff's means."""

    @property
    def hired(self) -> int: ...
    @property
    def left(self) -> int: ...
    def means(self) -> tuple[float, float, float]: ...


class _Rules(Protocol):
    """What the outcomes read of the rules in force."""

    @property
    def burden(self) -> float: ...


class Measured(Protocol):
    """What `measure` reads of a model, and nothing else.

    `bpsim.core.model.NeighbourhoodModel` is one. Naming only what is read keeps this module
    free of any import of the model (which imports this module to measure itself).
    """

    @property
    def residents(self) -> Residents:
        """Households' state as arrays."""
        ...

    @property
    def ledger(self) -> Ledger:
        """The event counters of the last `WINDOW` weeks."""
        ...

    @property
    def quintile_sizes(self) -> np.ndarray:
        """Households per capacity quintile (five numbers)."""
        ...

    @property
    def steps(self) -> int:
        """Weeks simulated so far."""
        ...

    @property
    def workforce(self) -> _Hiring:
        """Hires and leavers so far, and the workers' mean burnout, practice and empathy."""
        ...

    @property
    def best_persons(self) -> Sized:
        """The best persons active now."""
        ...

    @property
    def best_persons_ever(self) -> int:
        """How many best persons were ever active."""
        ...

    @property
    def best_persons_found(self) -> int:
        """How many latent best persons scouting found."""
        ...

    @property
    def efficacy(self) -> float:
        """The neighbourhood's collective efficacy this week (0-1), as the model keeps it."""
        ...

    @property
    def cohesion(self) -> np.ndarray:
        """Each household's cohesion this week (`ties.cohesion`), as the model keeps it."""
        ...

    @property
    def membership(self) -> np.ndarray:
        """Which agencies handle which domain (domains x agencies, 0 or 1)."""
        ...

    @property
    def rules(self) -> _Rules:
        """The rules in force (their effective burden)."""
        ...


def measure(model: Measured) -> dict[str, float]:
    """All outcomes of the model's current week."""
    counting = _compiled().counting
    res = model.residents
    tot, tot_q = model.ledger.totals()
    helped_q = tot_q["take_up_helped"]
    total_q = tot_q["take_up_total"]
    trust_q = np.bincount(res.quintile, weights=res.trust, minlength=N_QUINTILES)
    trust_q /= model.quintile_sizes
    wf = model.workforce
    burnout, practice, empathy = wf.means()
    weeks = min(WINDOW, model.steps) or 1
    n = res.n
    per_1000 = 1000.0 / n
    grants = tot["grants"]
    solved = tot["solved"]
    helped_all, counted_all = _sum(helped_q), _sum(total_q)
    out = {
        "take_up": _ratio(helped_all, counted_all),
        "take_up_low_capacity": _ratio(helped_q[0], total_q[0]),
        "unmet_need": float(counting.problems_with_status(res.status, OPEN, WAITING) / n),
        "time_to_help": _ratio(tot["weeks_to_help"], tot["helped_count"]),
        "trust": _mean(res.trust),
        "trust_gap": float(trust_q[4] - trust_q[0]),
        # Kept by the model, which computes it at the end of every week (and at the start).
        "collective_efficacy": model.efficacy,
        "bonding_ties": _mean(res.bonding),
        "bridging_ties": _mean(res.bridging),
        "linking_ties": _mean(res.linking),
        "worker_burnout": burnout,
        "worker_turnover": _ratio(wf.left, wf.hired),
        "best_person_retention": _ratio(len(model.best_persons), model.best_persons_ever),
        "agencies_per_household": agencies_per_household(res, model.membership),
        "hours_per_solved_problem": _ratio(tot["hours"], solved),
        "wellbeing": _mean(wellbeing(res, model.cohesion)),
        "needs_resolved": _ratio(tot["resolved"], tot["resolution_total"]),
        "solved_by_best_persons": _ratio(tot["solved_by_best_persons"], solved),
        "wrongful_grants": _ratio(tot["wrongful_grants"], grants),
        "treatment_gap": treatment_gap(
            tot_q["take_up_helped_tied"], tot_q["take_up_total_tied"], helped_q, total_q
        ),
        "incidents": float(tot["incidents"]) * 52.0 / weeks * per_1000,
        "effective_rule_burden": model.rules.burden,
    }
    for q in range(N_QUINTILES):
        out[f"take_up_q{q + 1}"] = _ratio(helped_q[q], total_q[q])
    out["worker_practice"] = practice
    out["worker_empathy"] = empathy
    out["worker_effectiveness"] = 10.0 * _ratio(tot["rightful_grants"], tot["decision_hours"])
    out["best_persons_active"] = float(len(model.best_persons))
    out["best_persons_found"] = float(model.best_persons_found)
    out["queue"] = float(counting.problems_with_status(res.status, WAITING, WAITING))
    out["volunteer_hours"] = float(tot["volunteer_hours"]) / weeks * per_1000
    return out
