"""Scenarios: every model parameter with its unit, range, default and source.

A `Scenario` is the one typed object that carries a run's parameters. Scenario
files, the CLI's ``--set``, the dashboard's controls and sweep factors all go
through `Scenario.from_mapping`, so a bad value gets the same message everywhere:
the key, the value, and what is allowed.

The parameter table `PARAMETERS` is the single source of truth; docs/ODD.md's
parameter table is generated from it (``bpsim odd``) and a test keeps the
two in step.
"""

from __future__ import annotations

import difflib
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from bpsim.core.names import DESCRIPTION_LIMIT, name_problem, shown

#: Problem domains of a household: the five the model's design asks for at least (income &
#: debt, housing, health, youth & parenting, social isolation; docs/ODD.md, section 2.2).
DOMAINS: tuple[str, ...] = (
    "income_debt",
    "housing",
    "health",
    "youth_parenting",
    "social_isolation",
)


class ScenarioError(ValueError):
    """A scenario value or file that cannot be used; the message says why.

    Besides the (English) message, a problem with one parameter's value carries what
    a translation needs: the parameter, a code for what is wrong and the numbers the
    message names.

    Attributes:
        key: The parameter concerned, or None.
        reason: What is wrong, as a code (``not_number``, ``not_finite``,
            ``not_whole``, ``out_of_range``, ``steps_below_min``,
            ``workers_below_agencies``, ``residents_exceed_households``,
            ``memory``), or None for other problems.
        details: The values the message names, by name.
    """

    def __init__(
        self, message: str, *, key: str | None = None, reason: str | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.key = key
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class ParamSpec:
    """One scenario parameter.

    Attributes:
        name: Parameter name as used in files, ``--set`` and the dashboard.
        default: Default value.
        low: Lowest allowed value (inclusive).
        high: Highest allowed value (inclusive).
        unit: Unit in plain words.
        group: Where it belongs: lever, population, traits, needs, procedures,
            workers, best_persons, residents, run.
        meaning: What it means, in plain words.
        source: Source of the default, or ``"assumption: ..."``.
        integer: Whether the value must be a whole number.
        unit_nl: `unit` in Dutch.
        meaning_nl: `meaning` in Dutch; empty for a lever, whose Dutch meaning is its
            `brief_nl` with what its ends mean (`bpsim.machinery.i18n.parameter_meaning`).
        label_en: A lever's short English label (reports, dashboard); empty for other
            parameters, which go by their own name as in files.
        label_nl: The same in Dutch.
        brief_en: A lever's one-line meaning in a report's words; empty for others.
        brief_nl: The same in Dutch.
    """

    name: str
    default: float | int
    low: float | int
    high: float | int
    unit: str
    group: str
    meaning: str
    source: str
    integer: bool = False
    unit_nl: str = ""
    meaning_nl: str = ""
    label_en: str = ""
    label_nl: str = ""
    brief_en: str = ""
    brief_nl: str = ""

    @property
    def plausible(self) -> Range | None:
        """The plausible range of an uncertain parameter (`UNCERTAIN`), or None."""
        return UNCERTAIN.get(self.name)

    @property
    def allowed(self) -> str:
        """Plain-language description of the allowed values."""
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} from {self.low} to {self.high}"


def _p(name, default, low, high, unit, group, meaning, source, integer=False, **words) -> ParamSpec:
    # `words`: the Dutch unit and meaning, and a lever's labels (ParamSpec's last fields).
    return ParamSpec(name, default, low, high, unit, group, meaning, source, integer, **words)


_A = "assumption"

# fmt: off
PARAMETERS: tuple[ParamSpec, ...] = (
    # --- the levers (part of the contract: scenario files and experiments name them) ------
    _p("rule_burden", 0.6, 0.0, 1.0, "index 0-1", "lever",
       "How heavy procedures, eligibility checks and reporting duties are, for everyone.",
       "assumption: Dutch welfare procedures in problem neighbourhoods are burdensome "
       "(Van den Brink et al. 2012; Cuyvers via SBO); set so baseline non-take-up is 10-40% (P2)",
       label_en="Rule burden", label_nl="Regeldruk",
       brief_en="how heavy procedures, eligibility checks and reporting duties are",
       brief_nl="hoe zwaar procedures, toetsen op recht en verantwoordingsplichten zijn",
       unit_nl="index 0-1"),
    _p("freedom_of_movement", 0.5, 0.0, 1.0, "index 0-1", "lever",
       "How far best persons may act outside procedures, domains and reporting duties "
       "(0 = bound like everyone, 1 = fully free).",
       "assumption: midway; Van Hulst & Matelski 2021 report best persons pushed 'into boxes'",
       label_en="Freedom of movement", label_nl="Bewegingsvrijheid",
       brief_en="how far best persons may act outside procedures, domains and reporting duties",
       brief_nl="hoever best persons buiten procedures, domeinen en verantwoordingsplichten mogen "
                "gaan",
       unit_nl="index 0-1"),
    _p("personal_component", 0.3, 0.0, 1.0, "share", "lever",
       "Share of agency decisions taken with personal contact with the household.",
       "assumption: a minority of contacts is personal in current practice",
       label_en="Personal component", label_nl="Persoonlijke component",
       brief_en="share of agency decisions taken with personal contact",
       brief_nl="aandeel besluiten van instanties dat met persoonlijk contact wordt genomen",
       unit_nl="aandeel"),
    _p("scouting", 0.0, 0.0, 1.0, "effort 0-1", "lever",
       "Effort spent finding latent best persons and giving them room.",
       "assumption: no deliberate scouting in current practice (the book's recommendation 1)",
       label_en="Scouting", label_nl="Scouting",
       brief_en="effort spent finding latent best persons and giving them room",
       brief_nl="inzet om verborgen best persons te vinden en ruimte te geven",
       unit_nl="inzet 0-1"),
    _p("training", 0.0, 0.0, 1.0, "effort 0-1", "lever",
       "Effort spent training ordinary workers in empathy.",
       "assumption: no extra training in current practice",
       label_en="Training", label_nl="Training",
       brief_en="effort spent training ordinary workers in empathy",
       brief_nl="inzet om frontlijnmedewerkers in empathie te trainen",
       unit_nl="inzet 0-1"),
    _p("professional_learning", 0.5, 0.0, 1.0, "index 0-1", "lever",
       "Whether and how fast workers take on best persons' ways by working beside them.",
       "assumption: some informal learning happens (the book's recommendation 2)",
       label_en="Professional learning", label_nl="Professioneel leren",
       brief_en="how fast workers take on best persons' ways by working beside them",
       brief_nl="hoe snel frontlijnmedewerkers de werkwijze van best persons overnemen door naast "
                "hen te werken",
       unit_nl="index 0-1"),
    _p("rule_reflex", 0.5, 0.0, 1.0, "index 0-1", "lever",
       "How strongly incidents (errors of discretion found by audits) make the rules heavier: "
       "the effective rule burden rises after each incident and eases back slowly (0 = off).",
       "Trappenburg 2010; BZK programme 'Risico's en verantwoordelijkheden' 2011; Van Tol "
       "2014 (the risico-regelreflex); strength is an assumption: midway",
       label_en="Rule reflex", label_nl="Risico-regelreflex",
       brief_en="how strongly incidents make the rules heavier (0 = off)",
       brief_nl="hoe sterk incidenten de regels zwaarder maken (0 = uit)",
       unit_nl="index 0-1"),
    _p("outreach", 0.0, 0.0, 1.0, "share per year", "lever",
       "Proactive outreach: share of entitled households with a problem they have not applied "
       "for that agencies contact within a year (proactieve dienstverlening; 0 = none). It "
       "informs; it grants nothing.",
       "Wet proactieve dienstverlening SZW (kamerstuk 36799); Finkelstein & Notowidigdo 2019; "
       "Bhargava & Manoli 2015; 0 = current practice (no proactive contact)",
       label_en="Proactive outreach", label_nl="Proactieve dienstverlening",
       brief_en="share of entitled non-applicants agencies contact within a year",
       brief_nl="aandeel rechthebbenden zonder aanvraag dat instanties binnen een jaar benaderen",
       unit_nl="aandeel per jaar"),
    _p("outreach_assistance", 0.0, 0.0, 1.0, "share", "lever",
       "Share of outreach contacts that come with assistance in applying (a worker sits beside "
       "the household through the steps) rather than information only.",
       "Finkelstein & Notowidigdo 2019 (enrolment 6% without contact, 11% with information, "
       "18% with information plus assistance); 0 = information only",
       label_en="Outreach with assistance", label_nl="Benaderen met hulp",
       brief_en="share of outreach contacts with help in applying, not information only",
       brief_nl="aandeel benaderingen met hulp bij de aanvraag, niet alleen informatie",
       unit_nl="aandeel"),
    # --- population ---------------------------------------------------------------------
    _p("n_households", 2000, 50, 200_000, "households", "population",
       "Households in the neighbourhood.",
       "assumption: a Dutch problem neighbourhood (wijk) has a few thousand households", True,
       unit_nl="huishoudens",
       meaning_nl="Huishoudens in de wijk."),
    _p("n_agencies", 5, 4, 12, "agencies", "population",
       "Agencies working in the neighbourhood; more agencies than domains means a domain "
       "needs several agencies' procedures (fragmentation).",
       "Van den Brink et al. 2012 (many systems side by side); assumption for the number", True,
       unit_nl="instanties",
       meaning_nl="Instanties die in de wijk werken; meer instanties dan domeinen betekent dat "
                  "één domein procedures van meerdere instanties vraagt (versnippering)."),
    _p("workers_per_1000", 24.0, 1.0, 200.0, "workers per 1,000 households", "population",
       "Ordinary frontline workers per 1,000 households, spread over the agencies (at least "
       "one per agency), so a larger neighbourhood is the same neighbourhood, larger.",
       "assumption: about one frontline worker per 40 households; calibrated so that agencies "
       "have modest slack at the baseline (a short queue; see ODD, Calibration)",
       unit_nl="werkers per 1.000 huishoudens",
       meaning_nl="Frontlijnmedewerkers (geen best persons) per 1.000 huishoudens, verdeeld over "
                  "de instanties (minstens één per instantie)."),
    _p("everyday_doers_per_1000", 4.0, 0.0, 100.0, "persons per 1,000 households", "population",
       "Everyday doers (residents who fix problems in their own street) per 1,000 households.",
       "assumption: 'a few dozen best persons' in a neighbourhood; about 50 followed in 5 "
       "cities (Van den Brink et al. 2012)",
       unit_nl="personen per 1.000 huishoudens",
       meaning_nl="Alledaagse doeners (bewoners die problemen in hun eigen straat oplossen) per "
                  "1.000 huishoudens."),
    _p("frontline_best_persons_per_1000", 3.0, 0.0, 100.0, "persons per 1,000 households",
       "population",
       "Frontline best persons (professionals inside agencies who cut through procedure) per "
       "1,000 households.",
       "assumption (see everyday_doers_per_1000)",
       unit_nl="personen per 1.000 huishoudens",
       meaning_nl="Frontliniewerkers (professionals binnen instanties die door procedures heen "
                  "breken) per 1.000 huishoudens."),
    _p("social_entrepreneurs_per_1000", 2.0, 0.0, 100.0, "persons per 1,000 households",
       "population",
       "Social entrepreneurs (who run initiatives that add help in a domain) per 1,000 "
       "households.",
       "assumption (see everyday_doers_per_1000)",
       unit_nl="personen per 1.000 huishoudens",
       meaning_nl="Sociale ondernemers (initiatieven die hulp in een domein toevoegen) per 1.000 "
                  "huishoudens."),
    _p("bridge_builders_per_1000", 3.0, 0.0, 100.0, "persons per 1,000 households", "population",
       "Bridge builders (warm referrals, one plan for households with many problems) per "
       "1,000 households.",
       "assumption (see everyday_doers_per_1000)",
       unit_nl="personen per 1.000 huishoudens",
       meaning_nl="Bruggenbouwers (warme overdrachten, één plan voor huishoudens met veel "
                  "problemen) per 1.000 huishoudens."),
    _p("latent_share", 0.01, 0.0, 0.2, "share", "population",
       "Share of residents and workers who are latent best persons, findable by scouting.",
       "assumption: best persons are rare; the book says they 'can be found'",
       unit_nl="aandeel",
       meaning_nl="Aandeel bewoners en werkers dat een verborgen best person is, te vinden door "
                  "scouting."),
    # --- traits -------------------------------------------------------------------------
    _p("best_person_empathy", 0.9, 0.0, 1.0, "index 0-1", "traits",
       "Empathy of best persons.",
       "Van Hulst, De Graaf & Van den Brink 2012: best persons combine high empathy "
       "and entrepreneurship; level is an assumption",
       unit_nl="index 0-1",
       meaning_nl="Empathie van best persons."),
    _p("best_person_entrepreneurship", 0.9, 0.0, 1.0, "index 0-1", "traits",
       "Entrepreneurship of best persons (commitment, risk taking, result orientation).",
       "Van Hulst, De Graaf & Van den Brink 2012; level is an assumption",
       unit_nl="index 0-1",
       meaning_nl="Ondernemerschap van best persons (toewijding, risico nemen, "
                  "resultaatgerichtheid)."),
    _p("worker_empathy", 0.5, 0.0, 1.0, "index 0-1", "traits",
       "Empathy of ordinary frontline workers at hiring.",
       "assumption: ordinary, i.e. midway",
       unit_nl="index 0-1",
       meaning_nl="Empathie van frontlijnmedewerkers bij indiensttreding."),
    _p("training_ceiling", 0.1, 0.0, 1.0, "index 0-1", "traits",
       "Most empathy that training can add to a worker.",
       "the book: best persons 'can hardly be trained'; size is an assumption",
       unit_nl="index 0-1",
       meaning_nl="Hoeveel empathie training hoogstens aan een werker kan toevoegen."),
    # --- needs --------------------------------------------------------------------------
    _p("need_onset_rate", 0.005, 0.0, 0.2, "per domain per week", "needs",
       "Chance per week that a household without a problem in a domain gets one.",
       "assumption: about one new problem per household per year in a problem neighbourhood",
       unit_nl="per domein per week",
       meaning_nl="Kans per week dat een huishouden zonder probleem in een domein er een krijgt."),
    _p("problem_spillover", 0.5, 0.0, 5.0, "relative risk per problem", "needs",
       "Extra onset risk per other unresolved problem (multi-problem households).",
       "assumption; problems cluster (Cuyvers via SBO: multi-problem families)",
       unit_nl="relatief risico per probleem",
       meaning_nl="Extra kans op een nieuw probleem per ander onopgelost probleem "
                  "(multiprobleemhuishoudens)."),
    _p("entitled_share", 0.7, 0.0, 1.0, "share", "needs",
       "Share of problems for which the household is entitled to formal help.",
       "assumption",
       unit_nl="aandeel",
       meaning_nl="Aandeel problemen waarvoor het huishouden recht heeft op formele hulp."),
    _p("self_resolution_rate", 0.01, 0.0, 1.0, "per week", "needs",
       "Chance per week that a problem resolves without help (before ties help).",
       "assumption",
       unit_nl="per week",
       meaning_nl="Kans per week dat een probleem zonder hulp verdwijnt (vóór hulp via banden)."),
    _p("stress_capacity_effect", 0.5, 0.0, 1.0, "share", "needs",
       "How much full stress lowers capacity to act.",
       "WRR 2017 'doenvermogen': stress lowers capacity to act; size is an assumption",
       unit_nl="aandeel",
       meaning_nl="Hoeveel volledige stress het doenvermogen verlaagt."),
    _p("help_resolution_rate", 0.15, 0.01, 1.0, "per week", "needs",
       "Chance per week that a problem receiving formal help is resolved.",
       "assumption: help resolves a problem in about 7 weeks",
       unit_nl="per week",
       meaning_nl="Kans per week dat een probleem met formele hulp wordt opgelost."),
    _p("informal_resolution_rate", 0.08, 0.0, 1.0, "per week", "needs",
       "Chance per week that a light problem a best person helps with informally is resolved.",
       "assumption: informal help takes about three months",
       unit_nl="per week",
       meaning_nl="Kans per week dat een licht probleem waarbij een best person informeel helpt, "
                  "wordt opgelost."),
    # --- procedures and agencies --------------------------------------------------------
    _p("procedure_steps_min", 2, 1, 20, "steps", "procedures",
       "Steps in a procedure at no rule burden.", "assumption", True,
       unit_nl="stappen",
       meaning_nl="Stappen in een procedure zonder regeldruk."),
    _p("procedure_steps_max", 8, 1, 40, "steps", "procedures",
       "Steps in a procedure at full rule burden.", "assumption", True,
       unit_nl="stappen",
       meaning_nl="Stappen in een procedure bij volledige regeldruk."),
    _p("step_difficulty", 0.3, 0.0, 1.0, "index 0-1", "procedures",
       "Difficulty of one procedure step (learning and compliance costs).",
       "Moynihan, Herd & Harvey 2015 (administrative burden); size is an assumption",
       unit_nl="index 0-1",
       meaning_nl="Moeilijkheid van één procedurestap (leer- en nalevingskosten)."),
    _p("seek_rate", 0.5, 0.0, 1.0, "per week", "procedures",
       "Chance per week that a fully aware, trusting household seeks help for a problem.",
       "assumption; calibrated so that baseline formal non-take-up lies within 10-40% (P2)",
       unit_nl="per week",
       meaning_nl="Kans per week dat een volledig geïnformeerd, vertrouwend huishouden hulp zoekt "
                  "voor een probleem."),
    _p("eligibility_error", 0.4, 0.0, 1.0, "share", "procedures",
       "Share of entitled applications wrongly refused at full rule burden with no "
       "discretion, for a household of middling capacity (less paperwork trouble with "
       "more capacity or a personal contact).",
       "assumption; non-take-up and refusals rise with strictness (Inspectie SZW 2021)",
       unit_nl="aandeel",
       meaning_nl="Aandeel terechte aanvragen dat ten onrechte wordt afgewezen bij volledige "
                  "regeldruk, zonder ruimte of persoonlijk contact."),
    _p("case_hours", 4.0, 0.1, 40.0, "hours per case", "procedures",
       "Staff hours to decide one application at no rule burden.", "assumption",
       unit_nl="uren per zaak",
       meaning_nl="Uren van medewerkers om over één aanvraag te beslissen, zonder regeldruk."),
    _p("help_hours", 2.0, 0.0, 40.0, "hours per problem per week", "procedures",
       "Staff hours per week that a problem receiving help takes from its agency "
       "(case management), before new applications can be decided.", "assumption",
       unit_nl="uren per probleem per week",
       meaning_nl="Uren per week die een probleem met hulp van zijn instantie vraagt "
                  "(casemanagement), vóór nieuwe aanvragen aan de beurt zijn."),
    _p("case_hours_burden", 2.0, 0.0, 10.0, "relative", "procedures",
       "Extra case hours at full rule burden, relative to case_hours (checks, reporting).",
       "assumption; Cuyvers via SBO: about a third of the budget goes on bureaucracy",
       unit_nl="relatief",
       meaning_nl="Extra uren per aanvraag bij volledige regeldruk, ten opzichte van case_hours "
                  "(controles, verantwoording)."),
    _p("agency_coordination", 0.1, 0.0, 1.0, "share", "procedures",
       "Chance that agencies work from one plan for a multi-problem household on their own.",
       "assumption; '1 gezin, 1 plan, 1 regisseur' is the exception",
       unit_nl="aandeel",
       meaning_nl="Kans dat instanties uit zichzelf met één plan werken voor een "
                  "multiprobleemhuishouden."),
    _p("discretion_error", 0.2, 0.0, 1.0, "share", "procedures",
       "Share of non-entitled cases that a best person deciding outside procedure grants "
       "anyway (judging need and worthiness, not eligibility).",
       "Lipsky 1980; Maynard-Moody & Musheno 2003 (workers bend rules for clients they "
       "judge worthy); size is an assumption",
       unit_nl="aandeel",
       meaning_nl="Aandeel zaken zonder recht op hulp dat een best person die buiten de procedure "
                  "beslist toch toekent (oordeel over nood, niet over recht)."),
    _p("audit_rate", 0.04, 0.0, 1.0, "per week", "procedures",
       "Chance per week that a running grant's file is checked (rechtmatigheid); an "
       "irregular grant found is an incident.",
       "assumption: a file is checked within about half a year; Dutch councils' "
       "accountability for lawful spending (rechtmatigheid)",
       unit_nl="per week",
       meaning_nl="Kans per week dat het dossier van een lopende toekenning wordt gecontroleerd "
                  "(rechtmatigheid); een gevonden onterechte toekenning is een incident."),
    # --- workers ------------------------------------------------------------------------
    _p("staff_hours", 30.0, 1.0, 60.0, "hours per week", "workers",
       "Hours per week a frontline worker spends on this neighbourhood's households.",
       "assumption: most of a 36-hour Dutch working week",
       unit_nl="uren per week",
       meaning_nl="Werkuren van een frontlijnmedewerker per week."),
    _p("worker_discretion", 0.3, 0.0, 1.0, "index 0-1", "workers",
       "Discretion the rules leave ordinary workers (falls as rule burden rises).",
       "Lipsky 1980; Tummers & Bekkers 2014; size is an assumption",
       unit_nl="index 0-1",
       meaning_nl="Ruimte die de regels gewone werkers laten (neemt af als de regeldruk stijgt)."),
    _p("burnout_rate", 0.02, 0.0, 1.0, "per week", "workers",
       "How fast workload and red tape build burnout.",
       "assumption; George et al. 2021; Fuenzalida et al. 2024",
       unit_nl="per week",
       meaning_nl="Hoe snel werkdruk en bureaucratie tot burn-out leiden."),
    _p("turnover_rate", 0.002, 0.0, 0.2, "per week", "workers",
       "Chance per week that a worker with no burnout leaves.",
       "assumption: about 10% a year without burnout",
       unit_nl="per week",
       meaning_nl="Kans per week dat een werker zonder burn-out vertrekt."),
    _p("turnover_burnout", 0.02, 0.0, 1.0, "per week", "workers",
       "Extra chance per week of leaving at full burnout.",
       "Mor Barak et al. 2001: burnout predicts turnover; size is an assumption",
       unit_nl="per week",
       meaning_nl="Extra kans per week op vertrek bij volledige burn-out."),
    _p("hiring_delay", 8, 0, 104, "weeks", "workers",
       "Weeks before a worker who left is replaced.", "assumption", True,
       unit_nl="weken",
       meaning_nl="Weken voordat een vertrokken werker is vervangen."),
    _p("effort_hours", 4.0, 0.0, 40.0, "hours per agency per week", "workers",
       "Staff hours per agency per week that full scouting or full training costs.",
       "assumption: the same effort for both levers, so they can be compared (P8)",
       unit_nl="uren per instantie per week",
       meaning_nl="Uren per instantie per week die volledige scouting of volledige training kost."),
    # --- best persons -------------------------------------------------------------------
    _p("best_person_hours", 16.0, 1.0, 60.0, "hours per week", "best_persons",
       "Hours a best person spends per week.", "assumption",
       unit_nl="uren per week",
       meaning_nl="Uren per week die een best person besteedt."),
    _p("blocked_drain", 0.03, 0.0, 1.0, "energy per week", "best_persons",
       "Energy a best person loses in a week from heavy strain: actions the rules refuse, "
       "their subsidy applications turned down, reporting hours demanded (saturating in "
       "the strain; up to 1.5 times this for the least persistent).",
       "Van Hulst & Matelski 2021 (pushed 'into boxes'); Fuenzalida et al. 2024 (red tape, "
       "burnout); size is an assumption",
       unit_nl="energie per week",
       meaning_nl="Hoogstens zoveel energie verliest een best person per week door tegengehouden "
                  "te worden: handelingen die de regels weigeren, gevraagde verantwoordingsuren, "
                  "afgewezen subsidieaanvragen."),
    _p("success_recovery", 0.015, 0.0, 1.0, "energy per success", "best_persons",
       "Energy a best person regains per household helped (meaning).",
       "assumption",
       unit_nl="energie per succes",
       meaning_nl="Energie die een best person terugkrijgt per geholpen huishouden (zingeving)."),
    _p("best_person_exit_rate", 0.001, 0.0, 0.2, "per week", "best_persons",
       "Chance per week that a best person stops for reasons outside the neighbourhood's "
       "work (moving, a new job, illness, retirement).",
       "assumption: about 5% a year, as for volunteers and staff generally",
       unit_nl="per week",
       meaning_nl="Kans per week dat een best person stopt om redenen buiten het werk in de wijk "
                  "(verhuizing, nieuwe baan, ziekte, pensioen)."),
    _p("subsidy_horizon", 52, 4, 520, "weeks", "best_persons",
       "Weeks an initiative's subsidy lasts before it must be applied for again.",
       "Van Hulst & Matelski 2021 (short subsidies hurt); length is an assumption", True,
       unit_nl="weken",
       meaning_nl="Weken dat de subsidie van een initiatief loopt voordat die opnieuw moet worden "
                  "aangevraagd."),
    # --- residents ----------------------------------------------------------------------
    _p("trust_learning_rate", 0.1, 0.0, 1.0, "per contact", "residents",
       "How far one contact with an agency moves trust towards the experience.",
       "assumption; Kumlin & Rothstein 2005 (experience shapes trust)",
       unit_nl="per contact",
       meaning_nl="Hoe ver één contact met een instantie het vertrouwen naar de ervaring "
                  "verschuift."),
    _p("trust_spread", 0.02, 0.0, 1.0, "per week", "residents",
       "How fast trust moves towards neighbours' trust through ties.", "assumption",
       unit_nl="per week",
       meaning_nl="Hoe snel vertrouwen via banden naar dat van buren beweegt."),
    _p("tie_decay", 0.01, 0.0, 1.0, "per week", "residents",
       "Share of ties that fade per week.", "assumption",
       unit_nl="per week",
       meaning_nl="Aandeel banden dat per week vervaagt."),
    _p("take_up_window", 26, 1, 260, "weeks", "residents",
       "Weeks after which an entitled problem without help counts as not taken up.",
       "assumption; non-take-up statistics count a year or less", True,
       unit_nl="weken",
       meaning_nl="Weken waarna een probleem met recht op hulp zonder hulp telt als niet-gebruik."),
    # --- the run ------------------------------------------------------------------------
    _p("steps", 260, 1, 5200, "weeks", "run", "Weeks to simulate (260 = five years).",
       "assumption: a policy term", True,
       unit_nl="weken",
       meaning_nl="Aantal weken om te simuleren (260 = vijf jaar)."),
)
# fmt: on


@dataclass(frozen=True)
class Range:
    """Where an assumed parameter's true value could plausibly lie.

    Attributes:
        low: Lowest plausible value.
        high: Highest plausible value.
        reason: Why this range, in one line.
    """

    low: float | int
    high: float | int
    reason: str


#: Plausible ranges of the parameters whose value is an assumption (their source says
#: so). Robust comparisons (`bpsim compare --uncertainty N`) sample worlds from these
#: ranges and the validation's robustness table reads its low and high values from
#: them. Levers are choices, not uncertainties, and are never sampled; population counts
#: and the run length are the user's setting. Kept apart from `PARAMETERS` so the table
#: itself stays one row per parameter.
# fmt: off
UNCERTAIN: dict[str, Range] = {
    "latent_share": Range(0.005, 0.03, "rare but findable: one in 200 to one in 33"),
    "best_person_empathy": Range(0.75, 1.0, "best persons are highly empathic; how high is open"),
    "best_person_entrepreneurship": Range(0.75, 1.0, "likewise for entrepreneurship"),
    "worker_empathy": Range(0.35, 0.65, "ordinary workers: around midway, either side"),
    "training_ceiling": Range(0.05, 0.2, "'hardly trainable': a small gain, up to twice it"),
    "need_onset_rate": Range(0.003, 0.008, "one new problem per household every one to two years"),
    "problem_spillover": Range(0.25, 1.0, "problems cluster; half to twice the default extra risk"),
    "entitled_share": Range(0.5, 0.9, "most problems in these domains give a right to help"),
    "self_resolution_rate": Range(0.005, 0.02, "a problem left alone lasts one to four years"),
    "stress_capacity_effect": Range(0.3, 0.7, "WRR 2017 shows the effect, not its size"),
    "informal_resolution_rate": Range(0.04, 0.16, "informal help takes six weeks to six months"),
    "help_resolution_rate": Range(0.1, 0.25, "help takes about four to ten weeks"),
    "procedure_steps_min": Range(1, 3, "even a light procedure has a step or three"),
    "procedure_steps_max": Range(6, 10, "a heavy procedure has several forms, checks and visits"),
    "step_difficulty": Range(0.2, 0.4, "administrative burden is real but each step is doable"),
    "seek_rate": Range(0.25, 0.6, "aware, trusting households ask within one to four weeks"),
    "eligibility_error": Range(0.2, 0.6, "wrongful refusals at full strictness: 20% to 60%"),
    "case_hours": Range(2.0, 8.0, "deciding one application: a morning to a day"),
    "help_hours": Range(1.0, 4.0, "case management: one to four hours a week per problem"),
    "case_hours_burden": Range(1.0, 3.0, "bureaucracy doubles to quadruples a case's hours"),
    "agency_coordination": Range(0.05, 0.25, "one plan without a bridge builder is the exception"),
    "discretion_error": Range(0.1, 0.35, "judging worthiness, not rules: a tenth to a third"),
    "audit_rate": Range(0.02, 0.08, "a file is checked within three months to a year"),
    "staff_hours": Range(24.0, 36.0, "two thirds to all of a 36-hour working week"),
    "worker_discretion": Range(0.15, 0.45, "street-level discretion: some, never much"),
    "burnout_rate": Range(0.01, 0.04, "half to twice the default build-up"),
    "turnover_rate": Range(0.001, 0.004, "5% to 20% of workers leave a year without burnout"),
    "turnover_burnout": Range(0.01, 0.04, "burnout predicts leaving; half to twice the default"),
    "hiring_delay": Range(4, 16, "one to four months to replace a worker"),
    "effort_hours": Range(2.0, 8.0, "a few staff hours per agency a week"),
    "best_person_hours": Range(8.0, 24.0, "a day to three days a week"),
    "blocked_drain": Range(0.015, 0.05, "blocked at every turn, energy lasts 5 to 15 months"),
    "success_recovery": Range(0.008, 0.03, "half to twice the default meaning per success"),
    "best_person_exit_rate": Range(0.0005, 0.002, "2.5% to 10% stop a year for outside reasons"),
    "subsidy_horizon": Range(26, 104, "subsidies run for half a year to two years"),
    "trust_learning_rate": Range(0.05, 0.2, "one contact moves trust a little, not all the way"),
    "trust_spread": Range(0.01, 0.04, "neighbours' trust rubs off slowly"),
    "tie_decay": Range(0.005, 0.02, "a tie lasts one to four years without contact"),
    "take_up_window": Range(13, 52, "non-take-up is counted after three months to a year"),
}
# fmt: on

SPECS: dict[str, ParamSpec] = {p.name: p for p in PARAMETERS}
LEVERS: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.group == "lever")
#: Keys a scenario file may carry besides parameters.
META_KEYS = ("name", "name_nl", "description", "description_nl", "base", "timeline", "events")

#: Rough memory a run needs per household, worker and best person (bytes): numpy
#: state, Mesa agent objects and grid cells. Measured with tracemalloc on 20,000
#: households (see the benchmark) and rounded up.
_BYTES_PER_HOUSEHOLD = 6_000
_BYTES_PER_PERSON = 4_000


def _field(spec: ParamSpec):
    kind = int if spec.integer else float
    return (kind, Field(default=spec.default, ge=spec.low, le=spec.high, allow_inf_nan=False))


_Validator = create_model(
    "_Validator",
    __config__=ConfigDict(extra="forbid", strict=False, frozen=True),
    **{p.name: _field(p) for p in PARAMETERS},
)


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(word: str, choices) -> str | None:
    """The allowed name closest to a misspelt one, if any is close."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    starts = [c for c in choices if c.startswith(word) or word.startswith(c)]
    if starts:
        return starts[0]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.45)
    return close[0] if close else None


def _check_value(key: str, value: Any) -> Any:
    """Check one value against its spec; return the value as the right type."""
    if key in RENAMED:
        raise ScenarioError(
            f"unknown parameter '{key}': it was replaced by '{RENAMED[key]}'"
            + (" (per 1,000 households)" if RENAMED[key].endswith("_per_1000") else "")
        )
    if key not in SPECS:
        close = suggest(key, SPECS)
        hint = f" (did you mean '{close}'?)" if close else ""
        raise ScenarioError(
            f"unknown parameter '{key}'{hint}; allowed parameters: {', '.join(SPECS)}"
        )
    spec = SPECS[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(
            f"parameter '{key}': value {_describe(value)} is not a number; allowed: {spec.allowed}",
            key=key, reason="not_number", value=_describe(value),
        )  # fmt: skip
    if isinstance(value, float) and not math.isfinite(value):
        raise ScenarioError(
            f"parameter '{key}': value {value} is not a finite number; allowed: {spec.allowed}",
            key=key, reason="not_finite", value=value,
        )  # fmt: skip
    if spec.integer:
        if isinstance(value, float):
            if not value.is_integer():
                raise ScenarioError(
                    f"parameter '{key}': value {value} is not a whole number; "
                    f"allowed: {spec.allowed}",
                    key=key, reason="not_whole", value=value,
                )  # fmt: skip
            value = int(value)
    else:
        value = float(value)
    if not spec.low <= value <= spec.high:
        raise ScenarioError(
            f"parameter '{key}': value {value} is out of range; allowed: {spec.allowed}",
            key=key, reason="out_of_range", value=value,
        )  # fmt: skip
    return value


#: Best-person types and the parameter that sets how many there are per 1,000 households.
BEST_PERSON_DENSITIES: dict[str, str] = {
    "everyday_doer": "everyday_doers_per_1000",
    "frontline_best_person": "frontline_best_persons_per_1000",
    "social_entrepreneur": "social_entrepreneurs_per_1000",
    "bridge_builder": "bridge_builders_per_1000",
}

#: Parameters that were renamed, with their successor (older scenario files name them).
RENAMED: dict[str, str] = {
    "n_workers": "workers_per_1000",
    "n_everyday_doers": "everyday_doers_per_1000",
    "n_frontline_best_persons": "frontline_best_persons_per_1000",
    "n_social_entrepreneurs": "social_entrepreneurs_per_1000",
    "n_bridge_builders": "bridge_builders_per_1000",
    "restriction_drain": "blocked_drain",
}


def _per_1000(density: float, households: int) -> int:
    return int(round(density * households / 1000.0))


def population(values: Mapping[str, Any]) -> dict[str, int]:
    """Head counts of one run: workers and each best-person type, from their densities.

    Workers are at least one per agency (an agency without staff decides nothing).

    Args:
        values: Parameter values by name (a `Scenario`'s ``params``).

    Returns:
        ``{"workers": ..., "everyday_doer": ..., ...}``.
    """
    n = values["n_households"]
    counts = {"workers": max(values["n_agencies"], _per_1000(values["workers_per_1000"], n))}
    for kind, key in BEST_PERSON_DENSITIES.items():
        counts[kind] = _per_1000(values[key], n)
    return counts


def estimated_bytes(values: Mapping[str, Any]) -> int:
    """Rough memory one run of these parameters needs, in bytes."""
    persons = sum(population(values).values())
    return values["n_households"] * _BYTES_PER_HOUSEHOLD + persons * _BYTES_PER_PERSON


def _available_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):  # pragma: no cover - non-POSIX
        return 8 * 2**30


#: Who an event removes: every best person, or one type (`BEST_PERSON_DENSITIES`'s keys).
REMOVE_ALL = "all"


class LeverChange(BaseModel):
    """One timeline entry: from `week` on, these levers take these values.

    Attributes:
        week: The week (1 = the first simulated week) from which the values hold.
        levers: Lever values by name (`LEVERS`), validated like any parameter.
    """

    model_config = ConfigDict(frozen=True)

    week: int
    levers: dict[str, float]


class BestPersonsLeave(BaseModel):
    """One event: at the start of `week`, best persons stop (through the model's own exits).

    Attributes:
        week: The week (1 = the first simulated week) at whose start they leave.
        who: ``"all"`` or one best-person type (``"everyday_doer"``, ...).
        number: How many of them leave, longest-serving first (None: all of them).
    """

    model_config = ConfigDict(frozen=True)

    week: int
    who: str = REMOVE_ALL
    number: int | None = None


def _whole(where: str, key: str, value: Any, low: int, high: int, what: str) -> int:
    """A whole number from `low` to `high`, or a one-line error naming the key and value."""
    ok = not isinstance(value, bool) and (
        isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    )
    if not ok or not low <= value <= high:
        raise ScenarioError(
            f"{where}: key '{key}': value {_describe(value)} is not allowed; "
            f"allowed: {what} from {low} to {high}",
            key=key,
            reason="out_of_range",
            value=_describe(value),
        )
    return int(value)


#: Prefix of a flat key naming a value of a timeline entry (``timeline.1.week``,
#: ``timeline.1.freedom_of_movement``; entries numbered from 1), as sweep factors use them.
TIMELINE_KEY = "timeline."
#: Prefix of a flat key naming a value of an event (``events.1.week``, ``events.1.number``,
#: ``events.1.who`` as the index in `event_kinds`).
EVENTS_KEY = "events."


def event_kinds() -> tuple[str, ...]:
    """Who an event may remove: ``"all"``, then each best-person type."""
    return (REMOVE_ALL, *BEST_PERSON_DENSITIES)


def flat_changes(scenario: Scenario) -> dict[str, int | float]:
    """A scenario's timeline and events as flat numeric keys (none for a scenario without).

    Sweeps carry a run's parameters as one flat mapping of numbers (hashed into its run id);
    these keys carry the changes in time with them, and a factor may name one of them.
    """
    flat: dict[str, int | float] = {}
    for i, change in enumerate(scenario.timeline, start=1):
        flat[f"{TIMELINE_KEY}{i}.week"] = change.week
        for key, value in change.levers.items():
            flat[f"{TIMELINE_KEY}{i}.{key}"] = value
    for i, event in enumerate(scenario.events, start=1):
        flat[f"{EVENTS_KEY}{i}.week"] = event.week
        flat[f"{EVENTS_KEY}{i}.who"] = event_kinds().index(event.who)
        if event.number is not None:
            flat[f"{EVENTS_KEY}{i}.number"] = event.number
    return flat


def is_change_key(key: str) -> bool:
    """Whether a flat key names a timeline entry's or an event's value."""
    return key.startswith((TIMELINE_KEY, EVENTS_KEY))


def from_flat(values: Mapping[str, Any], *, name: str = "custom") -> Scenario:
    """A scenario from flat values: parameters plus `flat_changes` keys, all validated.

    Raises:
        ScenarioError: For a malformed change key, a missing entry or any bad value.
    """
    params = {k: v for k, v in values.items() if not is_change_key(k)}
    tables: dict[str, dict[int, dict[str, Any]]] = {TIMELINE_KEY: {}, EVENTS_KEY: {}}
    for key, value in values.items():
        if not is_change_key(key):
            continue
        prefix = TIMELINE_KEY if key.startswith(TIMELINE_KEY) else EVENTS_KEY
        number, _, inner = key[len(prefix) :].partition(".")
        if not number.isdigit() or int(number) < 1 or not inner:
            raise ScenarioError(
                f"key '{key}' is not allowed; allowed: {prefix}N.KEY with N the entry's "
                "number from 1, e.g. timeline.1.week"
            )
        tables[prefix].setdefault(int(number), {})[inner] = value
    timeline = [tables[TIMELINE_KEY][i] for i in sorted(tables[TIMELINE_KEY])]
    events = []
    for i in sorted(tables[EVENTS_KEY]):
        entry = dict(tables[EVENTS_KEY][i])
        if "who" in entry:
            who = entry.pop("who")
            kinds = event_kinds()
            if (
                isinstance(who, bool)
                or not isinstance(who, int | float)
                or who not in range(len(kinds))
            ):
                raise ScenarioError(
                    f"key 'events.{i}.who': value {_describe(who)} is not allowed; allowed: a "
                    f"whole number from 0 to {len(kinds) - 1} ({', '.join(kinds)})"
                )
            entry["remove_best_persons"] = kinds[int(who)]
        events.append(entry)
    return Scenario.from_mapping(params, name=name, timeline=timeline, events=events)


def check_timeline(entries: Any, steps: int) -> tuple[LeverChange, ...]:
    """Validate timeline entries (``[[timeline]]`` tables: ``week`` plus lever values).

    Args:
        entries: A list of mappings, or `LeverChange` objects.
        steps: Weeks of the run (a change must fall inside it).

    Returns:
        The checked entries, in week order.

    Raises:
        ScenarioError: For an entry that is not a table, a missing or bad week, a week
            outside the run, weeks not increasing, a key that is not a lever, or a bad
            lever value.
    """
    if not isinstance(entries, list | tuple):
        raise ScenarioError(
            f"key 'timeline': value {_describe(entries)} is not a list of tables; "
            "allowed: [[timeline]] entries with 'week' and lever values"
        )
    out: list[LeverChange] = []
    for i, entry in enumerate(entries, start=1):
        where = f"timeline entry {i}"
        if isinstance(entry, LeverChange):
            entry = {"week": entry.week, **entry.levers}
        if not isinstance(entry, Mapping):
            raise ScenarioError(
                f"{where}: value {_describe(entry)} is not a table; allowed: a table with "
                "'week' and lever values"
            )
        if "week" not in entry:
            raise ScenarioError(
                f"{where}: key 'week' is missing; allowed: a whole number from 1 to {steps}"
            )
        week = _whole(where, "week", entry["week"], 1, steps, "a week of the run, a whole number")
        if out and week <= out[-1].week:
            raise ScenarioError(
                f"{where}: key 'week': value {week} does not come after the previous entry's "
                f"week {out[-1].week}; allowed: weeks in increasing order",
                key="week", reason="not_increasing", value=week,
            )  # fmt: skip
        levers: dict[str, float] = {}
        for key, value in entry.items():
            if key == "week":
                continue
            if key not in LEVERS:
                close = suggest(str(key), LEVERS)
                hint = f" (did you mean '{close}'?)" if close else ""
                raise ScenarioError(
                    f"{where}: key '{key}' is not a lever{hint}; allowed: week, "
                    + ", ".join(LEVERS),
                    key=str(key), reason="not_lever",
                )  # fmt: skip
            try:
                levers[key] = _check_value(key, value)
            except ScenarioError as err:
                raise ScenarioError(
                    f"{where}: {err}", key=err.key, reason=err.reason, **err.details
                ) from None
        if not levers:
            raise ScenarioError(
                f"{where}: no lever is changed; allowed: 'week' and at least one of "
                + ", ".join(LEVERS)
            )
        out.append(LeverChange(week=week, levers=levers))
    return tuple(out)


def check_events(entries: Any, steps: int) -> tuple[BestPersonsLeave, ...]:
    """Validate events (``[[events]]`` tables: ``week``, ``remove_best_persons``, ``number``).

    Args:
        entries: A list of mappings, or `BestPersonsLeave` objects.
        steps: Weeks of the run.

    Returns:
        The checked events, in file order.

    Raises:
        ScenarioError: For a bad week, an unknown type, a bad number or an unknown key.
    """
    if not isinstance(entries, list | tuple):
        raise ScenarioError(
            f"key 'events': value {_describe(entries)} is not a list of tables; allowed: "
            "[[events]] entries with 'week', 'remove_best_persons' and optionally 'number'"
        )
    kinds = (REMOVE_ALL, *BEST_PERSON_DENSITIES)
    out: list[BestPersonsLeave] = []
    for i, entry in enumerate(entries, start=1):
        where = f"event {i}"
        if isinstance(entry, BestPersonsLeave):
            entry = {"week": entry.week, "remove_best_persons": entry.who,
                     **({} if entry.number is None else {"number": entry.number})}  # fmt: skip
        if not isinstance(entry, Mapping):
            raise ScenarioError(f"{where}: value {_describe(entry)} is not a table")
        for key in entry:
            if key not in ("week", "remove_best_persons", "number"):
                raise ScenarioError(
                    f"{where}: unknown key '{key}'; allowed: week, remove_best_persons, number"
                )
        if "week" not in entry:
            raise ScenarioError(
                f"{where}: key 'week' is missing; allowed: a whole number from 1 to {steps}"
            )
        week = _whole(where, "week", entry["week"], 1, steps, "a week of the run, a whole number")
        who = entry.get("remove_best_persons", REMOVE_ALL)
        if who not in kinds:
            raise ScenarioError(
                f"{where}: key 'remove_best_persons': value {_describe(who)} is not allowed; "
                f"allowed: {', '.join(kinds)}",
                key="remove_best_persons", reason="not_allowed", value=_describe(who),
            )  # fmt: skip
        number = entry.get("number")
        if number is not None:
            number = _whole(where, "number", number, 1, 1_000_000, "a whole number")
        out.append(BestPersonsLeave(week=week, who=who, number=number))
    return tuple(out)


class Scenario(BaseModel):
    """All parameters of one model run, validated.

    Build one with `Scenario.from_mapping` (or `load_scenario` for a file); use
    `with_overrides` for a changed copy. Unknown keys, wrong types, NaN,
    out-of-range values and populations too large for memory raise
    `ScenarioError` naming the key, the value and what is allowed.

    Attributes:
        name: Short name (from the file name if not given).
        name_nl: The name in Dutch, if the file gives it (Dutch reports and the
            dashboard show it; see `display_name`).
        description: One line on what the scenario represents.
        description_nl: The same in Dutch, if the file gives it (the dashboard's
            Dutch view shows it; see `describe`).
        params: Parameter values by name (every parameter in `PARAMETERS`).
        timeline: Lever changes during the run (`LeverChange`), in week order;
            `params` holds the levers' values before the first change.
        events: Best persons leaving during the run (`BestPersonsLeave`).
    """

    model_config = ConfigDict(frozen=True)

    name: str = "baseline"
    name_nl: str = ""
    description: str = ""
    description_nl: str = ""
    params: dict[str, float | int]
    timeline: tuple[LeverChange, ...] = ()
    events: tuple[BestPersonsLeave, ...] = ()

    @classmethod
    def from_mapping(
        cls,
        values: Mapping[str, Any],
        *,
        name: str = "custom",
        description: str = "",
        description_nl: str = "",
        name_nl: str = "",
        timeline: Any = (),
        events: Any = (),
    ) -> Scenario:
        """Validate parameter values (missing ones take their default).

        Args:
            values: Parameter values by name.
            name: Scenario name.
            description: One-line description.
            description_nl: The description in Dutch.
            name_nl: The name in Dutch.
            timeline: Lever changes (``[[timeline]]`` tables or `LeverChange`).
            events: Best persons leaving (``[[events]]`` tables or `BestPersonsLeave`).

        Returns:
            The validated scenario.

        Raises:
            ScenarioError: For any value that is not allowed.
        """
        checked = {k: _check_value(k, v) for k, v in values.items()}
        try:
            full = _Validator(**checked).model_dump()
        except ValidationError as err:  # pragma: no cover - _check_value catches these first
            first = err.errors()[0]
            raise ScenarioError(f"parameter '{first['loc'][0]}': {first['msg']}") from None
        _check_consistency(full)
        return cls(
            name=name,
            name_nl=name_nl,
            description=description,
            description_nl=description_nl,
            params=full,
            timeline=check_timeline(timeline, full["steps"]),
            events=check_events(events, full["steps"]),
        )

    def with_overrides(self, overrides: Mapping[str, Any], *, name: str | None = None) -> Scenario:
        """A copy with some parameters changed, validated like a file.

        Args:
            overrides: Parameter values by name.
            name: Name of the copy (default: this scenario's name).

        Returns:
            The new scenario.
        """
        return Scenario.from_mapping(
            {**self.params, **overrides},
            name=name or self.name,
            # A renamed copy is another scenario: its Dutch name no longer fits.
            name_nl=self.name_nl if name in (None, self.name) else "",
            description=self.description,
            description_nl=self.description_nl,
            timeline=self.timeline,
            events=self.events,
        )

    def with_timeline(self, timeline: Any = (), events: Any = None) -> Scenario:
        """A copy with another timeline (and, if given, other events), validated."""
        return Scenario.from_mapping(
            self.params,
            name=self.name,
            name_nl=self.name_nl,
            description=self.description,
            description_nl=self.description_nl,
            timeline=timeline,
            events=self.events if events is None else events,
        )

    def timeline_tables(self) -> list[dict[str, Any]]:
        """The timeline as ``[[timeline]]`` tables (for provenance and files)."""
        return [{"week": c.week, **c.levers} for c in self.timeline]

    def events_tables(self) -> list[dict[str, Any]]:
        """The events as ``[[events]]`` tables (for provenance and files)."""
        return [
            {"week": e.week, "remove_best_persons": e.who}
            | ({} if e.number is None else {"number": e.number})
            for e in self.events
        ]

    def change_weeks(self) -> tuple[int, ...]:
        """Weeks at which a lever changes or best persons leave, in order."""
        return tuple(sorted({c.week for c in self.timeline} | {e.week for e in self.events}))

    def levers_at(self, week: int) -> dict[str, float | int]:
        """Lever values in force in `week` (after the timeline's changes up to it)."""
        values = {k: self.params[k] for k in LEVERS}
        for change in self.timeline:
            if change.week <= week:
                values.update(change.levers)
        return values

    def describe(self, lang: str = "en") -> str:
        """The description in `lang` (``"en"`` or ``"nl"``), English if no Dutch is given."""
        return self.description_nl if lang == "nl" and self.description_nl else self.description

    def display_name(self, lang: str = "en") -> str:
        """The name shown in `lang` (``"en"`` or ``"nl"``): the Dutch name if given."""
        return self.name_nl if lang == "nl" and self.name_nl else self.name

    def __getitem__(self, key: str) -> float | int:
        return self.params[key]

    def changed(self) -> dict[str, float | int]:
        """Parameters that differ from the defaults (before any timeline change)."""
        return {k: v for k, v in self.params.items() if v != SPECS[k].default}


def _check_consistency(values: Mapping[str, Any]) -> None:
    if values["procedure_steps_max"] < values["procedure_steps_min"]:
        raise ScenarioError(
            f"parameter 'procedure_steps_max': value {values['procedure_steps_max']} is below "
            f"procedure_steps_min ({values['procedure_steps_min']}); allowed: a whole number "
            f"from {values['procedure_steps_min']} to {SPECS['procedure_steps_max'].high}",
            key="procedure_steps_max", reason="steps_below_min",
            value=values["procedure_steps_max"], low=values["procedure_steps_min"],
            high=SPECS["procedure_steps_max"].high,
        )  # fmt: skip
    need = estimated_bytes(values)
    have = _available_bytes()
    if need > have // 2:
        raise ScenarioError(
            f"parameter 'n_households': value {values['n_households']} needs about "
            f"{need / 2**30:.1f} GiB, more than half this machine's {have / 2**30:.1f} GiB; "
            "allowed: a smaller population",
            key="n_households", reason="memory", value=values["n_households"],
            need_gib=need / 2**30, have_gib=have / 2**30,
        )  # fmt: skip


def parse_value(text: str) -> Any:
    """Parse a ``--set`` value written on the command line (TOML syntax, or a bare word)."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """Parse ``NAME=VALUE`` strings into a dict, each name and value checked.

    Each assignment is checked on its own here, so a misspelt name or a bad value
    is blamed on ``--set`` and not on the scenario file it is applied to.

    Raises:
        ScenarioError: For an item without ``=``, an unknown parameter or a value
            that is not allowed; the message starts with ``--set 'ITEM'``.
    """
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set '{item}': expected NAME=VALUE, e.g. rule_burden=0.8")
        key = key.strip()
        try:
            out[key] = _check_value(key, parse_value(value.strip()))
        except ScenarioError as err:
            raise ScenarioError(
                f"--set '{item}': {err}", key=err.key, reason=err.reason, **err.details
            ) from None
    return out


#: Most files in one ``base`` chain (a scenario, its base, that one's base, ...).
MAX_BASE_CHAIN = 32
#: Largest scenario or experiment file read (bytes): a full one is a few kilobytes.
MAX_FILE_BYTES = 2**20


def read_scenario_file(path: str | Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario TOML file into a flat dict, following ``base = "file.toml"``.

    Raises:
        ScenarioError: If the file is missing, unreadable, not TOML, or its base
            chain loops.
    """
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"scenario file '{path}' does not exist")
    resolved = path.resolve()
    if resolved in _seen:
        raise ScenarioError(f"scenario file '{path}': 'base' chain loops back to itself")
    if len(_seen) >= MAX_BASE_CHAIN:
        raise ScenarioError(
            f"scenario file '{path}': 'base' chain is longer than {MAX_BASE_CHAIN} files; "
            f"allowed: at most {MAX_BASE_CHAIN}"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before reading: no scenario needs that much text
            raise ScenarioError(
                f"scenario file '{path}' is {size / 2**20:.1f} MiB; allowed: at most "
                f"{MAX_FILE_BYTES // 2**20} MiB"
            )
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ScenarioError(f"scenario file '{path}' is not valid TOML: {err}") from None
    except RecursionError:
        raise ScenarioError(
            f"scenario file '{path}': values are nested too deeply; allowed: numbers and "
            "text, in top-level keys or one level of [sections]"
        ) from None
    except OSError as err:
        raise ScenarioError(f"scenario file '{path}' cannot be read: {err.strerror}") from None
    # Sections ([levers], [population], ...) are for readability only: flatten them.
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                if isinstance(inner_value, dict):
                    raise ScenarioError(
                        f"scenario file '{path}': section '{key}.{inner}' is nested too deep; "
                        "allowed: top-level keys or one level of [sections]"
                    )
                if inner in flat:
                    raise ScenarioError(f"scenario file '{path}': key '{inner}' is given twice")
                flat[inner] = inner_value
        else:
            if key in flat:
                raise ScenarioError(f"scenario file '{path}': key '{key}' is given twice")
            flat[key] = value
    base = flat.pop("base", None)
    if base is not None:
        if not isinstance(base, str):
            raise ScenarioError(
                f"scenario file '{path}': key 'base': value {_describe(base)} is not a file name"
            )
        base_path = path.parent / base
        if not base_path.is_file():
            raise ScenarioError(
                f"scenario file '{path}': key 'base': file '{base_path}' does not exist"
            )
        parent = read_scenario_file(base_path, (*_seen, resolved))
        for own in ("name", "name_nl", "description", "description_nl"):
            parent.pop(own, None)  # a file's own words, not inherited
        flat = {**parent, **flat}
    return flat


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario file.

    Args:
        path: A TOML file; keys are parameter names (optionally in [sections]),
            plus ``name``, ``name_nl`` (the name in Dutch), ``description``,
            ``description_nl`` (the description in Dutch) and ``base`` (a file this
            one extends).
        overrides: Parameter values that replace the file's.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: If the file or any value in it is not allowed; the message
            names the file, the key, the value and what is allowed.
    """
    path = Path(path)
    flat = read_scenario_file(path)
    name = flat.pop("name", path.stem)
    name_nl = flat.pop("name_nl", "")
    description = flat.pop("description", "")
    description_nl = flat.pop("description_nl", "")
    texts = (
        ("name", name),
        ("name_nl", name_nl),
        ("description", description),
        ("description_nl", description_nl),
    )
    for key, val in texts:
        if not isinstance(val, str):
            raise ScenarioError(
                f"scenario file '{path}': key '{key}': value {_describe(val)} is not text"
            )
        if key != "name" and len(val) > DESCRIPTION_LIMIT:
            raise ScenarioError(
                f"scenario file '{path}': key '{key}': {len(val):,} characters; "
                f"allowed: at most {DESCRIPTION_LIMIT:,}"
            )
    problem = name_problem(name)
    if problem:  # the name becomes part of file names: never a path
        raise ScenarioError(f"scenario file '{path}': key 'name': value {shown(name)} {problem}")
    timeline = flat.pop("timeline", ())
    events = flat.pop("events", ())
    values = {**flat, **(overrides or {})}
    try:
        return Scenario.from_mapping(
            values,
            name=name,
            name_nl=name_nl,
            description=description,
            description_nl=description_nl,
            timeline=timeline,
            events=events,
        )
    except ScenarioError as err:
        raise ScenarioError(f"scenario file '{path}': {err}") from None


def default_scenario() -> Scenario:
    """The scenario with every parameter at its default."""
    return Scenario.from_mapping({}, name="default")
