"""English and Dutch words for outcomes, levers and report text.

Policy advisors in Dutch municipalities work in Dutch, so every face that shows
results to them (the comparison report, the terminal table, the dashboard) takes
its labels from here. Dutch labels use the research's own Dutch terms where it has
them (bewegingsvrijheid, regeldruk, doenvermogen, best persons) and one word for
each thing: the book's four types are alledaagse doeners, frontliniewerkers, sociale
ondernemers and bruggenbouwers; ordinary frontline staff, who are not best persons,
are frontlijnmedewerkers, never frontliniewerkers; a seed is "seed" everywhere.

Numbers follow the language's conventions: ``0.5`` in English, ``0,5`` in Dutch;
shares are shown as percentages and their differences in percentage points,
because that is how take-up and turnover figures are read in policy documents.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Languages the faces can speak.
LANGS: tuple[str, ...] = ("en", "nl")


@dataclass(frozen=True)
class Label:
    """How one outcome or lever is named and shown.

    Attributes:
        en: Short English label.
        nl: Short Dutch label.
        meaning_en: One-line English meaning.
        meaning_nl: One-line Dutch meaning.
        kind: How values are shown: ``share`` (as %, differences in percentage
            points), ``index`` (0-1, three decimals), ``count`` (two decimals),
            ``weeks`` or ``hours`` (one decimal).
    """

    en: str
    nl: str
    meaning_en: str
    meaning_nl: str
    kind: str = "index"

    def label(self, lang: str) -> str:
        """The label in `lang`."""
        return self.nl if _check_lang(lang) == "nl" else self.en

    def meaning(self, lang: str) -> str:
        """The meaning in `lang`."""
        return self.meaning_nl if _check_lang(lang) == "nl" else self.meaning_en


# fmt: off
OUTCOME_LABELS: dict[str, Label] = {
    "take_up": Label(
        "Take-up", "Gebruik van hulp",
        "share of entitled needs granted formal help by an agency",
        "aandeel van de problemen met recht op hulp waarvoor een instantie hulp toekende",
        "share"),
    "take_up_low_capacity": Label(
        "Take-up, lowest capacity", "Gebruik van hulp, laagste doenvermogen",
        "take-up in the fifth of households with the least capacity to act",
        "gebruik van hulp bij het vijfde van de huishoudens met het minste doenvermogen",
        "share"),
    "unmet_need": Label(
        "Unmet need (problems per household)", "Onvervulde hulpvraag (problemen per huishouden)",
        "unresolved problems without help per household",
        "onopgeloste problemen zonder hulp per huishouden", "count"),
    "time_to_help": Label(
        "Time to help (weeks)", "Wachttijd tot hulp (weken)",
        "mean weeks from a need arising to help, for needs helped",
        "gemiddeld aantal weken van het ontstaan van een probleem tot hulp", "weeks"),
    "trust": Label(
        "Trust in agencies", "Vertrouwen in instanties",
        "mean trust of residents in agencies (0-1)",
        "gemiddeld vertrouwen van bewoners in instanties (0-1)"),
    "trust_gap": Label(
        "Trust gap", "Vertrouwenskloof",
        "trust of the highest capacity fifth minus that of the lowest",
        "vertrouwen van het vijfde met het meeste doenvermogen min dat van het minste"),
    "collective_efficacy": Label(
        "Collective efficacy", "Collectieve redzaamheid",
        "neighbourhood cohesion and willingness to act together (0-1)",
        "samenhang in de wijk en bereidheid om samen op te treden (0-1)"),
    "bonding_ties": Label(
        "Bonding ties", "Banden met gelijken (bonding)",
        "ties with similar neighbours per household",
        "banden met vergelijkbare buurtbewoners per huishouden", "count"),
    "bridging_ties": Label(
        "Bridging ties", "Overbruggende banden (bridging)",
        "ties across groups in the neighbourhood per household",
        "banden met andere groepen in de wijk per huishouden", "count"),
    "linking_ties": Label(
        "Linking ties", "Banden met instanties (linking)",
        "ties to people inside agencies per household",
        "banden met mensen binnen instanties per huishouden", "count"),
    "worker_burnout": Label(
        "Worker burnout", "Burn-out frontlijnmedewerkers",
        "mean burnout of ordinary frontline workers (0-1)",
        "gemiddelde burn-out van frontlijnmedewerkers (geen best persons; 0-1)"),
    "worker_turnover": Label(
        "Worker turnover", "Verloop frontlijnmedewerkers",
        "share of ordinary frontline workers who left, cumulative",
        "aandeel frontlijnmedewerkers dat is vertrokken, opgeteld", "share"),
    "best_person_retention": Label(
        "Best persons retained", "Behoud van best persons",
        "share of best persons still active",
        "aandeel best persons dat nog actief is", "share"),
    "agencies_per_household": Label(
        "Agencies per multi-problem household", "Instanties per multiprobleemhuishouden",
        "mean number of agencies involved per household with several problems",
        "gemiddeld aantal betrokken instanties per huishouden met meerdere problemen",
        "count"),
    "hours_per_solved_problem": Label(
        "Hours per solved problem", "Uren per opgelost probleem",
        "staff and best-person hours (every kind, once) per problem solved with help",
        "uren van medewerkers en best persons (elke soort één keer) per met hulp opgelost "
        "probleem", "hours"),
    "wellbeing": Label(
        "Wellbeing", "Welzijn",
        "mean resident wellbeing and liveability (0-1)",
        "gemiddeld welzijn en leefbaarheid voor bewoners (0-1)"),
    "needs_resolved": Label(
        "Needs resolved", "Opgeloste problemen",
        "share of needs resolved, by any route, within the take-up window",
        "aandeel problemen dat binnen de termijn is opgelost, langs welke weg ook", "share"),
    "solved_by_best_persons": Label(
        "Solved by best persons themselves", "Door best persons zelf opgelost",
        "share of problems solved with help that best persons solved informally "
        "(lower: less dependence on a few people)",
        "aandeel van de met hulp opgeloste problemen dat best persons zelf informeel oplosten "
        "(lager: minder afhankelijk van enkelen)", "share"),
    "wrongful_grants": Label(
        "Wrongful grants", "Onterechte toekenningen",
        "share of formal grants that went to problems not entitled",
        "aandeel toekenningen voor problemen zonder recht op hulp", "share"),
    "treatment_gap": Label(
        "Unequal treatment", "Ongelijke behandeling",
        "take-up of households tied to a best person minus that of equally needy "
        "households without such a tie (closer to 0 is better)",
        "gebruik van hulp door huishoudens die een best person kennen, min dat van even "
        "kwetsbare huishoudens zonder zo'n band (dichter bij 0 is beter)", "share"),
    "incidents": Label(
        "Incidents", "Incidenten",
        "wrongful grants found by audits, per year per 1,000 households",
        "door controles gevonden onterechte toekenningen, per jaar per 1.000 huishoudens",
        "count"),
    "effective_rule_burden": Label(
        "Rule burden in force", "Geldende regeldruk",
        "rule burden in force, raised by incidents (rule reflex)",
        "geldende regeldruk, verhoogd door incidenten (risico-regelreflex)"),
    **{
        f"take_up_q{q}": Label(
            f"Take-up, capacity quintile {q}", f"Gebruik van hulp, kwintiel doenvermogen {q}",
            f"take-up in capacity quintile {q} (1 = least capacity to act)",
            f"gebruik van hulp in kwintiel {q} van doenvermogen (1 = minste doenvermogen)",
            "share")
        for q in range(1, 6)
    },
    "worker_practice": Label(
        "Practice taken on by workers", "Werkwijze overgenomen door frontlijnmedewerkers",
        "mean practice ordinary workers took on from best persons (0-1)",
        "gemiddelde mate waarin frontlijnmedewerkers de werkwijze van best persons "
        "overnamen (0-1)"),
    "worker_empathy": Label(
        "Worker empathy", "Empathie van frontlijnmedewerkers",
        "mean empathy of ordinary workers (0-1)",
        "gemiddelde empathie van frontlijnmedewerkers (0-1)"),
    "worker_effectiveness": Label(
        "Worker effectiveness", "Effectiviteit van frontlijnmedewerkers",
        "entitled applications rightly granted per 10 decision hours of ordinary workers",
        "terecht toegekende aanvragen per 10 beslisuren van frontlijnmedewerkers", "count"),
    "best_persons_active": Label(
        "Best persons active", "Actieve best persons",
        "best persons active", "aantal actieve best persons", "count"),
    "best_persons_found": Label(
        "Best persons found", "Gevonden best persons",
        "latent best persons found by scouting, cumulative",
        "door scouting gevonden best persons, opgeteld", "count"),
    "queue": Label(
        "Queue", "Wachtrij",
        "applications waiting for a decision",
        "aanvragen die op een besluit wachten", "count"),
    "volunteer_hours": Label(
        "Volunteer hours", "Vrijwilligersuren",
        "volunteers' hours in initiatives per week per 1,000 households",
        "uren van vrijwilligers in initiatieven per week per 1.000 huishoudens", "hours"),
}

LEVER_LABELS: dict[str, Label] = {
    "rule_burden": Label(
        "Rule burden", "Regeldruk",
        "how heavy procedures, eligibility checks and reporting duties are",
        "hoe zwaar procedures, toetsen op recht en verantwoordingsplichten zijn"),
    "freedom_of_movement": Label(
        "Freedom of movement", "Bewegingsvrijheid",
        "how far best persons may act outside procedures, domains and reporting duties",
        "hoever best persons buiten procedures, domeinen en verantwoordingsplichten mogen gaan"),
    "personal_component": Label(
        "Personal component", "Persoonlijke component",
        "share of agency decisions taken with personal contact",
        "aandeel besluiten van instanties dat met persoonlijk contact wordt genomen", "share"),
    "scouting": Label(
        "Scouting", "Scouting",
        "effort spent finding latent best persons and giving them room",
        "inzet om verborgen best persons te vinden en ruimte te geven"),
    "training": Label(
        "Training", "Training",
        "effort spent training ordinary workers in empathy",
        "inzet om frontlijnmedewerkers in empathie te trainen"),
    "professional_learning": Label(
        "Professional learning", "Professioneel leren",
        "how fast workers take on best persons' ways by working beside them",
        "hoe snel frontlijnmedewerkers de werkwijze van best persons overnemen door naast hen "
        "te werken"),
    "rule_reflex": Label(
        "Rule reflex", "Risico-regelreflex",
        "how strongly incidents make the rules heavier (0 = off)",
        "hoe sterk incidenten de regels zwaarder maken (0 = uit)"),
    "outreach": Label(
        "Proactive outreach", "Proactieve dienstverlening",
        "share of entitled non-applicants agencies contact within a year",
        "aandeel rechthebbenden zonder aanvraag dat instanties binnen een jaar benaderen",
        "share"),
    "outreach_assistance": Label(
        "Outreach with assistance", "Benaderen met hulp",
        "share of outreach contacts with help in applying, not information only",
        "aandeel benaderingen met hulp bij de aanvraag, niet alleen informatie", "share"),
}
# fmt: on

#: Report and terminal text, by key: English, Dutch. Placeholders use str.format.
TEXT: dict[str, tuple[str, str]] = {
    # --- titles and headings ---
    "summary": ("Summary", "Samenvatting"),
    "results": ("Results per outcome", "Resultaten per uitkomst"),
    "figures": ("Figures", "Figuren"),
    "assumptions": ("Assumptions and limits", "Aannames en beperkingen"),
    "provenance": ("Provenance", "Herkomst"),
    # --- table headings ---
    "col_outcome": ("Outcome", "Uitkomst"),
    "col_difference": ("Difference {b} − {a}", "Verschil {b} − {a}"),
    "col_ci": ("95% interval", "95%-interval"),
    "col_effect": ("Effect (SD)", "Effect (SD)"),
    "col_verdict": ("Verdict", "Oordeel"),
    "col_item": ("Item", "Onderdeel"),
    "col_value": ("Value", "Waarde"),
    "col_parameter": ("Parameter", "Parameter"),
    # --- verdicts (from b's side) ---
    "verdict_better": ("{b} better", "{b} beter"),
    "verdict_worse": ("{a} better", "{a} beter"),
    "verdict_unclear": ("no clear difference", "geen duidelijk verschil"),
    "verdict_undefined": ("cannot be computed", "niet te berekenen"),
    # --- units ---
    "pp": ("pp", "%-punt"),
    "weeks": ("weeks", "weken"),
    "hours": ("hours", "uur"),
    # --- terminal ---
    "progress": ("Running {runs} runs", "{runs} runs bezig"),
    "progress_more": (
        "Adding replications ({n} runs in all)",
        "Replicaties toevoegen ({n} runs in totaal)",
    ),
    "term_title": (
        "{b} compared with {a}: {n} paired replications, final week {steps}",
        "{b} vergeleken met {a}: {n} gepaarde replicaties, laatste week {steps}",
    ),
    "term_counts": (
        "{b} does better on {better}, worse on {worse}, no clear difference on {unclear} "
        "of {total} outcomes.",
        "{b} scoort beter op {better}, slechter op {worse} en zonder duidelijk verschil op "
        "{unclear} van de {total} uitkomsten.",
    ),
    "term_wrote": ("Wrote {out}/: {files}", "Geschreven in {out}/: {files}"),
    "term_report": ("Report: {path}", "Rapport: {path}"),
    "term_precision_met": (
        "Precision target met with {n} replications.",
        "Precisiedoel gehaald met {n} replicaties.",
    ),
    "term_precision_missed": (
        "Precision target NOT met: stopped at the cap of {n} replications ({outcomes}).",
        "Precisiedoel NIET gehaald: gestopt bij het maximum van {n} replicaties ({outcomes}).",
    ),
    # --- the comparison report ---
    "report_title": ("{b} compared with {a}", "{b} vergeleken met {a}"),
    "report_title_many": ("{others} compared with {a}", "{others} vergeleken met {a}"),
    "report_subtitle": (
        "bpsim scenario comparison · {n} paired replications · {weeks} weeks",
        "bpsim-scenariovergelijking · {n} gepaarde replicaties · {weeks} weken",
    ),
    "and": ("and", "en"),
    "intro": (
        "This report compares {others} with the reference scenario {a}. Each scenario was "
        "run {n} times (replications) for {weeks} weeks ({years} years) in a neighbourhood "
        "of {households} households. Replication i uses the same seed in every scenario "
        "(common random numbers): each pair of runs starts from the same neighbourhood and "
        "meets the same chance events, so chance adds far less noise to the difference "
        "between them. That makes differences within the model sharper; it does not show "
        "that the policy would cause them in a real neighbourhood.",
        "Dit rapport vergelijkt {others} met het referentiescenario {a}. Elk scenario is "
        "{n} keer doorgerekend (replicaties), steeds {weeks} weken ({years} jaar), in een "
        "wijk van {households} huishoudens. Replicatie i gebruikt in elk scenario dezelfde "
        "seed (gemeenschappelijke toevalsgetallen): elk paar runs begint in dezelfde wijk en "
        "maakt dezelfde toevallige gebeurtenissen mee, zodat het toeval veel minder ruis "
        "toevoegt aan het verschil tussen die runs. Dat maakt verschillen binnen het model "
        "scherper; het laat niet zien dat het beleid ze in een echte wijk zou veroorzaken.",
    ),
    "model_caveat": (
        "These are results of a simulation model that rests on the assumptions listed "
        "below, not a forecast: they show what follows from those assumptions.",
        "Dit zijn uitkomsten van een simulatiemodel dat rust op de aannames hieronder, "
        "geen voorspelling: ze laten zien wat uit die aannames volgt.",
    ),
    "differs_in": ("The scenarios differ in:", "De scenario's verschillen in:"),
    "differs_none": (
        "The scenarios have the same parameter values.",
        "De scenario's hebben dezelfde parameterwaarden.",
    ),
    "in_scenario": ("{value} in {scenario}", "{value} in {scenario}"),
    "headline": (
        "{b} does better than {a} on {better} of the {total} outcomes, worse on {worse}, "
        "and shows no clear difference on {unclear}.",
        "{b} doet het beter dan {a} op {better} van de {total} uitkomsten en slechter op "
        "{worse}; op {unclear} is er geen duidelijk verschil.",
    ),
    "headline_all_clear": (
        "{b} does better than {a} on {better} of the {total} outcomes and worse on {worse}; "
        "every difference is clear.",
        "{b} doet het beter dan {a} op {better} van de {total} uitkomsten en slechter op "
        "{worse}; elk verschil is duidelijk.",
    ),
    "headline_undefined": (
        "For {undefined} of the outcomes too few runs define a value to compare.",
        "Voor {undefined} van de uitkomsten hebben te weinig runs een waarde om te vergelijken.",
    ),
    "scenarios_are": ("The scenarios:", "De scenario's:"),
    "reference": ("reference", "referentie"),
    "list_better": ("Better with {b}:", "Beter met {b}:"),
    "list_worse": ("Worse with {b}:", "Slechter met {b}:"),
    "list_unclear": ("No clear difference:", "Geen duidelijk verschil:"),
    "list_undefined": (
        "Cannot be computed (defined in fewer than two pairs of runs):",
        "Niet te berekenen (in minder dan twee paren runs bepaald):",
    ),
    "item": (
        "{label}: {va} with {a}, {vb} with {b} (difference {diff}; 95% interval {low} to {high})",
        "{label}: {va} bij {a}, {vb} bij {b} (verschil {diff}; 95%-interval {low} tot {high})",
    ),
    "how_sure_title": ("How sure is this?", "Hoe zeker is dit?"),
    "how_sure": (
        "A difference counts as clear when its 95% confidence interval does not include "
        "zero: if the policy made no difference to that outcome, a difference this large "
        "would turn up by chance in fewer than one in twenty comparisons. With {total} "
        "outcomes, about one could look clear by chance even when nothing differs, so be "
        "careful with differences whose interval only just excludes zero.",
        "Een verschil telt als duidelijk als het 95%-betrouwbaarheidsinterval de nul niet "
        "bevat: als het beleid voor die uitkomst niets uitmaakte, zou een verschil van deze "
        "omvang in minder dan één op de twintig vergelijkingen door toeval ontstaan. Bij "
        "{total} uitkomsten kan er ook zonder echt verschil ongeveer één door toeval "
        "duidelijk lijken; wees dus voorzichtig met verschillen waarvan het interval de nul "
        "maar net uitsluit.",
    ),
    "borderline": (
        "Only just clear (p between 0.01 and 0.05): {items}.",
        "Maar net duidelijk (p tussen 0,01 en 0,05): {items}.",
    ),
    "no_borderline": (
        "None of the clear differences is borderline: each has p < 0.01.",
        "Geen van de duidelijke verschillen is twijfelachtig: elk heeft p < 0,01.",
    ),
    "precision_met": (
        "Replications were added until every chosen interval was narrow enough; that took "
        "{n} replications in {rounds} rounds.",
        "Er zijn replicaties toegevoegd tot elk gekozen interval smal genoeg was; daarvoor "
        "waren {n} replicaties in {rounds} rondes nodig.",
    ),
    "precision_missed": (
        "Replications were added up to the cap of {n}, but these intervals are still wider "
        "than asked: {items}.",
        "Er zijn replicaties toegevoegd tot het maximum van {n}, maar deze intervallen zijn "
        "nog breder dan gevraagd: {items}.",
    ),
    "cap_trajectories": (
        "Each outcome per week. The line is the mean over the {n} runs of a scenario; the "
        "band holds the middle 95% of runs, so it shows how much one neighbourhood can "
        "differ from another under the same policy. Take-up, time to help and hours per "
        "solved problem count the events of the last 52 weeks, so they start once the "
        "first problems have been handled.",
        "Elke uitkomst per week. De lijn is het gemiddelde over de {n} runs van een "
        "scenario; de band bevat de middelste 95% van de runs en laat dus zien hoeveel de "
        "ene wijk onder hetzelfde beleid van de andere kan verschillen. Gebruik van hulp, "
        "wachttijd tot hulp en uren per opgelost probleem tellen de gebeurtenissen van de "
        "laatste 52 weken en beginnen dus pas als de eerste problemen zijn behandeld.",
    ),
    "cap_differences": (
        "Paired differences {b} − {a} at the final week, in each outcome's own units, with "
        "their 95% interval. Outcomes of one kind share a panel with an ordinary (linear) "
        "axis, so twice as far from the line means twice the difference. Whether higher is "
        "better is written beside each outcome. Green: clearly better with {b}; red: clearly "
        "worse; grey: no clear difference.",
        "Gepaarde verschillen {b} − {a} in de laatste week, in de eigen eenheid van elke "
        "uitkomst, met hun 95%-interval. Uitkomsten van één soort delen een paneel met een "
        "gewone (lineaire) as: twee keer zo ver van de lijn is twee keer zo veel verschil. "
        "Of hoger beter is, staat bij elke uitkomst. Groen: duidelijk beter met {b}; rood: "
        "duidelijk slechter; grijs: geen duidelijk verschil.",
    ),
    "cap_quintiles": (
        "Take-up of help over the last year in each fifth of households, ordered by their "
        "capacity to act (1 = least). Bars are means over runs, with their 95% interval; "
        "dashed lines show take-up among all households.",
        "Gebruik van hulp in het laatste jaar per vijfde van de huishoudens, gerangschikt "
        "naar doenvermogen (1 = minste). De staven zijn gemiddelden over de runs, met hun "
        "95%-interval; de stippellijnen tonen het gebruik van hulp onder alle huishoudens.",
    ),
    "alt_trajectories": ("Outcomes per week by scenario", "Uitkomsten per week per scenario"),
    "alt_differences": ("Forest plot of paired differences", "Forestplot van gepaarde verschillen"),
    "alt_quintiles": (
        "Take-up by capacity quintile",
        "Gebruik van hulp per kwintiel doenvermogen",
    ),
    "as_model": (
        "bpsim is a stylised agent-based model of mechanisms described in the research on "
        "best persons (Van den Brink et al. 2012) and the literature on street-level "
        "bureaucracy, administrative burden and trust. Most parameter values are "
        "assumptions; each is listed with its source or reasoning in docs/ODD.md.",
        "bpsim is een gestileerd agentgebaseerd model van mechanismen uit het onderzoek naar "
        "best persons (Van den Brink e.a. 2012) en de literatuur over "
        "uitvoeringsprofessionals (street-level bureaucracy), administratieve lasten en "
        "vertrouwen. De meeste parameterwaarden zijn aannames; elke waarde staat met bron of "
        "onderbouwing in docs/ODD.md.",
    ),
    "as_final": (
        "Outcomes are compared at the final week ({weeks}). Take-up, time to help and hours "
        "per solved problem are rates over the last 52 weeks.",
        "Uitkomsten zijn vergeleken in de laatste week ({weeks}). Gebruik van hulp, "
        "wachttijd tot hulp en uren per opgelost probleem zijn gemeten over de laatste 52 "
        "weken.",
    ),
    "as_crn": (
        "Each replication is a different neighbourhood drawn from the same parameters. "
        "Common random numbers pair the runs, which reduces the noise in their difference; "
        "the pairing is exact at the start and loosens as the scenarios' histories diverge. "
        "They do not make the model's mechanisms true: a difference shows what follows "
        "from the model's assumptions, not that the policy causes it in the real world.",
        "Elke replicatie is een andere wijk, getrokken uit dezelfde parameters. "
        "Gemeenschappelijke toevalsgetallen koppelen de runs, wat de ruis in hun verschil "
        "verkleint; die koppeling is bij de start exact en wordt losser naarmate de "
        "geschiedenissen van de scenario's uiteenlopen. Ze maken de mechanismen van het "
        "model niet waar: een verschil laat zien wat uit de aannames van het model volgt, "
        "niet dat het beleid het in werkelijkheid veroorzaakt.",
    ),
    "as_t": (
        "Intervals are t-intervals of the mean paired difference (scipy.stats); they assume "
        "that mean is roughly normally distributed, which holds well from about 20 "
        "replications on.",
        "De intervallen zijn t-intervallen van het gemiddelde gepaarde verschil "
        "(scipy.stats); ze veronderstellen dat dit gemiddelde bij benadering normaal "
        "verdeeld is, wat vanaf ongeveer 20 replicaties goed opgaat.",
    ),
    "as_multi": (
        "No correction is made for comparing many outcomes at once (see 'How sure is this?').",
        "Er is niet gecorrigeerd voor het vergelijken van veel uitkomsten tegelijk (zie "
        "'Hoe zeker is dit?').",
    ),
    "as_effect": (
        "'Effect (SD)' is the difference divided by the outcome's standard deviation "
        "between runs (Cohen's d_av). Simulated neighbourhoods of this size vary little, so "
        "modest differences can be many SDs; judge practical importance from the difference "
        "itself.",
        "'Effect (SD)' is het verschil gedeeld door de standaardafwijking van de uitkomst "
        "tussen runs (Cohens d_av). Gesimuleerde wijken van deze omvang verschillen weinig "
        "van elkaar, dus ook bescheiden verschillen kunnen veel SD's zijn; beoordeel het "
        "praktische belang aan de hand van het verschil zelf.",
    ),
    "as_precision": (
        "Replications were added in rounds until the intervals were narrow enough; stopping "
        "on the data makes the intervals slightly less reliable than their nominal 95%.",
        "Er zijn in rondes replicaties toegevoegd tot de intervallen smal genoeg waren; "
        "stoppen op basis van de gegevens maakt de intervallen iets minder betrouwbaar dan "
        "de nominale 95%.",
    ),
    "changed_title": (
        "Parameters that differ from the model defaults",
        "Parameters die afwijken van de standaardwaarden van het model",
    ),
    "col_default": ("Default", "Standaard"),
    "pv_version": ("bpsim version", "bpsim-versie"),
    "pv_commit": ("git commit", "git-commit"),
    "pv_uncommitted": ("with uncommitted changes", "met niet-vastgelegde wijzigingen"),
    "pv_clean": ("no uncommitted changes", "zonder niet-vastgelegde wijzigingen"),
    "pv_no_git": ("not a git checkout", "geen git-checkout"),
    "pv_created": ("created (UTC)", "gemaakt (UTC)"),
    "pv_python": ("Python and platform", "Python en platform"),
    "pv_libraries": ("libraries", "bibliotheken"),
    "pv_uv_lock": ("uv.lock SHA-256", "uv.lock SHA-256"),
    "pv_no_lock": ("no uv.lock found", "geen uv.lock gevonden"),
    "pv_scenario": ("scenario {name}", "scenario {name}"),
    "pv_not_file": ("given as values, not a file", "als waarden opgegeven, geen bestand"),
    "pv_seed": ("base seed", "basis-seed"),
    "pv_seeds": ("replication seeds", "seeds per replicatie"),
    "pv_seeds_more": (
        "{shown} … ({n} in all; every seed is in replications.csv and provenance.json)",
        "{shown} … ({n} in totaal; elke seed staat in replications.csv en provenance.json)",
    ),
    "pv_replications": ("replications per scenario", "replicaties per scenario"),
    "pv_steps": ("weeks per run", "weken per run"),
    "pv_overrides": ("values set for every scenario", "waarden gezet voor elk scenario"),
    "pv_none": ("none", "geen"),
    "pv_workers": ("worker processes", "werkprocessen"),
    "pv_runtime": ("run time of the simulations", "rekentijd van de simulaties"),
    "pv_command": ("command", "opdracht"),
    "seconds": ("{s} s", "{s} s"),
    "footer": (
        "Made with bpsim {version} on {created}.",
        "Gemaakt met bpsim {version} op {created}.",
    ),
    "identical_scenarios": (
        "warning: scenarios '{a}' and '{b}' have identical parameters; every difference "
        "between them will be zero",
        "waarschuwing: scenario's '{a}' en '{b}' hebben dezelfde parameters; elk verschil "
        "tussen hen is nul",
    ),
    "interrupted": (
        "interrupted: {done} of {total} runs finished, pending runs cancelled; nothing written",
        "onderbroken: {done} van {total} runs klaar, de rest geannuleerd; niets geschreven",
    ),
}


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language '{lang}' is not available; allowed: {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in.

    Raises:
        KeyError: For an unknown key.
        ValueError: For a language not in `LANGS`.
    """
    en, nl = TEXT[key]
    template = nl if _check_lang(lang) == "nl" else en
    return template.format(**values) if values else template


def outcome_label(name: str, lang: str) -> str:
    """Short label of outcome `name` (the name itself if it has none)."""
    spec = OUTCOME_LABELS.get(name)
    return spec.label(lang) if spec else name


def outcome_meaning(name: str, lang: str) -> str:
    """One-line meaning of outcome `name` (empty if it has none)."""
    spec = OUTCOME_LABELS.get(name)
    return spec.meaning(lang) if spec else ""


def parameter_label(name: str, lang: str) -> str:
    """Label of a lever, or the parameter's own name for other parameters."""
    spec = LEVER_LABELS.get(name)
    return spec.label(lang) if spec else name


def lever_meaning(name: str, lang: str) -> str:
    """One-line meaning of a lever (empty for a parameter without a label)."""
    spec = LEVER_LABELS.get(name)
    return spec.meaning(lang) if spec else ""


def number(value: float, decimals: int, lang: str, sign: bool = False) -> str:
    """A number with `decimals` decimals in the language's style; NaN as a dash.

    Args:
        value: The number.
        decimals: Decimals to show.
        lang: ``en`` (1,234.5) or ``nl`` (1.234,5).
        sign: Always show the sign (for differences).

    Returns:
        The formatted number.
    """
    _check_lang(lang)
    if value is None or math.isnan(value):
        return "–"
    if math.isinf(value):
        return ("+" if sign and value > 0 else "-" if value < 0 else "") + "∞"
    # A difference that rounds to zero is shown without a misleading sign.
    if round(value, decimals) == 0:
        value = 0.0
    shown = f"{value:{'+' if sign else ''},.{decimals}f}".replace("-", "−")
    if lang == "nl":
        shown = shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return shown


def quoted(name: str, lang: str) -> str:
    """A scenario name in quotes for running text ("open" is also an ordinary word)."""
    return f"‘{name}’" if _check_lang(lang) == "nl" else f"“{name}”"


_DECIMALS = {"share": 1, "index": 3, "count": 2, "weeks": 1, "hours": 1}


def _kind(name: str) -> str:
    spec = OUTCOME_LABELS.get(name)
    return spec.kind if spec else "index"


def value(name: str, x: float, lang: str) -> str:
    """A value of outcome `name`, shown the way its kind is read (shares as %)."""
    kind = _kind(name)
    if kind == "share":
        shown = number(100.0 * x, _DECIMALS[kind], lang)
        return shown if shown == "–" else f"{shown}%"
    return number(x, _DECIMALS[kind], lang)


def difference(name: str, x: float, lang: str, unit: bool = True) -> str:
    """A signed difference of outcome `name` (shares in percentage points)."""
    kind = _kind(name)
    if kind == "share":
        shown = number(100.0 * x, _DECIMALS[kind], lang, sign=True)
        return f"{shown} {text('pp', lang)}" if unit and shown != "–" else shown
    return number(x, _DECIMALS[kind], lang, sign=True)


def difference_cells(row: Mapping[str, Any], lang: str) -> list[str]:
    """A comparison's differences row as read: means, difference, interval, effect size.

    Mean a, mean b, the difference, its interval and d_av; dashes where the outcome
    is undefined. Shared by the terminal table of ``bpsim compare`` and the HTML report, so both say
    the same numbers the same way.
    """
    name = row["outcome"]
    if row["verdict"] == "undefined":
        return ["–"] * 5
    low = difference(name, row["ci_low"], lang, unit=False)
    high = difference(name, row["ci_high"], lang, unit=False)
    return [
        value(name, row["mean_a"], lang),
        value(name, row["mean_b"], lang),
        difference(name, row["diff"], lang),
        f"{low} … {high}",
        number(row["effect_size_av"], 1, lang, sign=True),
    ]


#: Report text added for decision makers (bottom line, levers, limits, appendix, outputs).
TEXT.update(
    {
        "bottom_line": ("Bottom line", "In het kort"),
        "bl_wins": (
            "{w} does better than {l} on {k} of the {total} outcomes, most of all on {top}.",
            "{w} doet het beter dan {l} op {k} van de {total} uitkomsten, vooral op {top}.",
        ),
        "bl_tie": (
            "Neither scenario is better across the board: {b} does better on {kb} outcomes, "
            "most of all on {top_b}; {a} on {ka}, most of all on {top_a}.",
            "Geen van beide scenario's is over de hele linie beter: {b} doet het beter op {kb} "
            "uitkomsten, vooral op {top_b}; {a} op {ka}, vooral op {top_a}.",
        ),
        "bl_none": (
            "After {n} paired runs there is no clear difference between {b} and {a} on any of "
            "the {total} outcomes.",
            "Na {n} gepaarde runs is er op geen van de {total} uitkomsten een duidelijk verschil "
            "tussen {b} en {a}.",
        ),
        "bl_none_next": (
            "The model gives no reason to prefer either; more runs (--precision) could still "
            "show a small difference.",
            "Het model geeft geen reden om een van beide te verkiezen; meer runs (--precision) "
            "kunnen nog een klein verschil laten zien.",
        ),
        "bl_sure": (
            "{clear} a 95% interval over {n} paired runs that excludes zero{borderline}; "
            "{unclear}.",
            "{clear} een 95%-interval over {n} gepaarde runs dat de nul uitsluit{borderline}; "
            "{unclear}.",
        ),
        "bl_clear_one": ("The one clear difference has", "Het ene duidelijke verschil heeft"),
        "bl_clear_many": (
            "All {k} clear differences have",
            "Alle {k} duidelijke verschillen hebben",
        ),
        "bl_unclear_one": (
            "1 outcome shows no clear difference",
            "1 uitkomst laat geen duidelijk verschil zien",
        ),
        "bl_unclear_many": (
            "{u} outcomes show no clear difference",
            "{u} uitkomsten laten geen duidelijk verschil zien",
        ),
        "bl_sure_all": (
            "{clear} a 95% interval over {n} paired runs that excludes zero{borderline}.",
            "{clear} een 95%-interval over {n} gepaarde runs dat de nul uitsluit{borderline}.",
        ),
        "bl_borderline": (" ({m} only just)", " ({m} maar net)"),
        "bl_tradeoff": (
            "The trade-off: {l} does better on {top}.",
            "De keerzijde: {l} doet het beter op {top}.",
        ),
        "bl_no_tradeoff": (
            "{w} is not clearly worse on any outcome.",
            "{w} is op geen enkele uitkomst duidelijk slechter.",
        ),
        "bl_against": ("{vw} against {vl}", "{vw} tegen {vl}"),
        "levers_title": ("The levers in each scenario", "De hefbomen in elk scenario"),
        "levers_intro": (
            "Every lever, also those at their default. Each runs from 0 to 1; the second column "
            "says what the ends mean, each scenario's cell what its value means in the model.",
            "Alle hefbomen, ook die op hun standaardwaarde. Elke hefboom loopt van 0 tot 1; de "
            "tweede kolom zegt wat de uitersten betekenen, de cel van elk scenario wat de "
            "waarde in het model betekent.",
        ),
        "col_lever": ("Lever", "Hefboom"),
        # --- changes in time (timelines and events) ---
        "changes_title": ("Changes in time", "Veranderingen in de tijd"),
        "changes_intro": (
            "Some scenarios change levers or lose best persons during the run (the dashed "
            "lines in the figures). For each outcome: how many weeks after the first change the "
            "difference with {a} first became clear (its {conf}% interval excludes zero for "
            "{run} weeks in a row), the difference then, and the mean difference in the "
            "meantime (from the change until it became clear): what waiting cost or gained.",
            "Sommige scenario's veranderen hefbomen of verliezen best persons tijdens de run (de "
            "gestippelde lijnen in de figuren). Per uitkomst: hoeveel weken na de eerste "
            "verandering het verschil met {a} voor het eerst duidelijk werd (het "
            "{conf}%-interval sluit nul uit, {run} weken achtereen), het verschil op dat moment, "
            "en het gemiddelde verschil in de tussentijd (van de verandering tot het duidelijk "
            "werd): wat het wachten kostte of opleverde.",
        ),
        "changes_of": ("Changes in {b}:", "Veranderingen in {b}:"),
        "change_item": ("week {week}: {what}", "week {week}: {what}"),
        "ev_all": ("all best persons leave", "alle best persons vertrekken"),
        "ev_type": (
            "{many}best persons of type {who} leave",
            "{many}best persons van type {who} vertrekken",
        ),
        "ev_many": ("{n} of the ", "{n} van de "),
        "lever_from_week": ("from week {week}: {value}", "vanaf week {week}: {value}"),
        "col_clear_after": ("Clear after (weeks)", "Duidelijk na (weken)"),
        "col_diff_then": ("Difference then", "Verschil toen"),
        "col_meanwhile": ("Meanwhile (mean difference)", "Intussen (gemiddeld verschil)"),
        "never_clear": ("not clear within the run", "niet duidelijk binnen de run"),
        "changes_pair": ("{b} against {a}, from week {week}", "{b} tegen {a}, vanaf week {week}"),
        "col_anchors": ("What 0 and 1 mean", "Wat 0 en 1 betekenen"),
        "limits_title": (
            "What this model can and cannot tell you",
            "Wat dit model wel en niet kan zeggen",
        ),
        "limits_emerges": (
            "It can show how these arise from the mechanisms (nothing sets them directly):",
            "Het kan laten zien hoe deze ontstaan uit de mechanismen (niets legt ze direct vast):",
        ),
        "limits_imposed": (
            "These relations are built in: a submodel assumes them, so a result that shows them "
            "is no evidence for them:",
            "Deze verbanden zijn ingebouwd: een deelmodel neemt ze aan, dus een uitkomst die ze "
            "laat zien is er geen bewijs voor:",
        ),
        "limits_not_counted": ("It does not count:", "Het telt niet mee:"),
        "limits_cannot": ("It cannot tell you:", "Het kan niet zeggen:"),
        "appendix": ("Technical appendix", "Technische bijlage"),
        "appendix_intro": (
            "Effect sizes and p-values, for readers who want them. 'Effect (SD)' is the "
            "difference divided by the outcome's standard deviation between runs (Cohen's "
            "d_av); d_z divides by the standard deviation of the paired differences and grows "
            "with the pairing. Simulated neighbourhoods of this size vary little, so modest "
            "differences can be many SDs: judge practical importance from the difference itself.",
            "Effectgroottes en p-waarden, voor wie ze wil zien. 'Effect (SD)' is het verschil "
            "gedeeld door de standaardafwijking van de uitkomst tussen runs (Cohens d_av); d_z "
            "deelt door de standaardafwijking van de gepaarde verschillen en groeit met de "
            "koppeling. Gesimuleerde wijken van deze omvang verschillen weinig, dus ook "
            "bescheiden verschillen kunnen veel SD's zijn: beoordeel het praktische belang aan "
            "de hand van het verschil zelf.",
        ),
        "col_dz": ("d_z", "d_z"),
        "col_p": ("p-value", "p-waarde"),
        "higher_better": ("higher is better", "hoger is beter"),
        "lower_better": ("lower is better", "lager is beter"),
        "nearer_zero_better": ("nearer 0 is better", "dichter bij 0 is beter"),
        "term_out_exists": (
            "--out '{out}' already holds a comparison ({file}); give another folder, or add "
            "--force to overwrite it",
            "--out '{out}' bevat al een vergelijking ({file}); kies een andere map, of voeg "
            "--force toe om die te overschrijven",
        ),
    }
)

#: Titles of the outcome groups (by `Label.kind`) in figures and tables.
KIND_TITLES: dict[str, tuple[str, str]] = {
    "share": ("Shares (difference in percentage points)", "Aandelen (verschil in %-punten)"),
    "count": ("Counts", "Aantallen"),
    "weeks": ("Weeks", "Weken"),
    "hours": ("Hours", "Uren"),
    "index": ("Indices (0–1)", "Indexen (0–1)"),
}


@dataclass(frozen=True)
class Anchor:
    """What a lever's ends mean in practice, and how to read one value of it.

    Attributes:
        low_en: What 0 means, in English.
        high_en: What 1 means, in English.
        low_nl: What 0 means, in Dutch.
        high_nl: What 1 means, in Dutch.
        reading_en: How to read a value, in English: a template filled by
            `lever_reading` (``{tenths}``, ``{pct}``, ``{steps}``, ``{factor}``,
            ``{hours}``).
        reading_nl: The same in Dutch.
    """

    low_en: str
    high_en: str
    low_nl: str
    high_nl: str
    reading_en: str = ""
    reading_nl: str = ""


# fmt: off
LEVER_ANCHORS: dict[str, Anchor] = {
    "rule_burden": Anchor(
        "lightest procedures: fewest steps, simple checks, no extra hours per case",
        "heaviest procedures: most steps, strict eligibility checks, many extra hours per "
        "case for checks and reporting",
        "lichtste procedures: minste stappen, eenvoudige toetsen, geen extra uren per zaak",
        "zwaarste procedures: meeste stappen, strenge toetsen op recht, veel extra uren per "
        "zaak voor controle en verantwoording",
        "{steps} procedure steps per agency; a case takes {factor} times the hours it takes "
        "at 0",
        "{steps} procedurestappen per instantie; een zaak kost {factor} keer zoveel uren als "
        "bij 0"),
    "freedom_of_movement": Anchor(
        "best persons are bound like everyone: every procedure, their own domain only, all "
        "the reporting",
        "best persons are fully free: rules do not hold them back",
        "best persons zijn gebonden zoals iedereen: elke procedure, alleen hun eigen domein, "
        "alle verantwoording",
        "best persons zijn helemaal vrij: regels houden hen niet tegen",
        "at this rule burden the rules let about {allowed} of 10 of a best person's steps "
        "outside them through (outside their domain, past a procedure), and {tenths} of 10 "
        "reports may be skipped",
        "bij deze regeldruk laten de regels ongeveer {allowed} van de 10 stappen van een best "
        "person buiten de regels door (buiten het eigen domein, langs een procedure), en "
        "mogen {tenths} van de 10 verantwoordingen achterwege blijven"),
    "personal_component": Anchor(
        "no agency decision involves personal contact with the household",
        "every agency decision involves personal contact",
        "geen besluit van een instantie met persoonlijk contact met het huishouden",
        "elk besluit van een instantie met persoonlijk contact",
        "about {tenths} of 10 decisions with personal contact",
        "ongeveer {tenths} van de 10 besluiten met persoonlijk contact"),
    "scouting": Anchor(
        "nobody looks for latent best persons",
        "full effort to find them, paid in staff hours (as much as full training)",
        "niemand zoekt naar verborgen best persons",
        "volle inzet om ze te vinden, betaald in uren van medewerkers (evenveel als volle "
        "training)",
        "{hours} staff hours per agency per week on finding best persons",
        "{hours} uur per instantie per week voor het vinden van best persons"),
    "training": Anchor(
        "no empathy training",
        "full effort on empathy training, paid in staff hours (as much as full scouting)",
        "geen training in empathie",
        "volle inzet op training in empathie, betaald in uren van medewerkers (evenveel als "
        "volle scouting)",
        "{hours} staff hours per agency per week on empathy training",
        "{hours} uur per instantie per week voor training in empathie"),
    "professional_learning": Anchor(
        "frontline staff never take on best persons' ways",
        "frontline staff who work beside best persons take on their ways as fast as the "
        "model allows",
        "frontlijnmedewerkers nemen de werkwijze van best persons nooit over",
        "frontlijnmedewerkers die naast best persons werken, nemen hun werkwijze zo snel "
        "over als het model toelaat",
        "staff learn at {pct}% of the fastest rate",
        "medewerkers leren met {pct}% van de hoogste snelheid"),
    "rule_reflex": Anchor(
        "incidents change no rules",
        "every incident makes the rules for everyone noticeably heavier for about a year",
        "incidenten veranderen geen regels",
        "elk incident maakt de regels voor iedereen merkbaar zwaarder, ongeveer een jaar lang",
        "each incident per 1,000 households adds {reflex_step} to the rule burden, half of "
        "which eases back in a year",
        "elk incident per 1.000 huishoudens telt {reflex_step} op bij de regeldruk, waarvan de "
        "helft binnen een jaar wegzakt"),
    "outreach": Anchor(
        "no proactive contact: households must find the help themselves",
        "every entitled household that has not applied is contacted within the year",
        "geen proactief contact: huishoudens moeten de hulp zelf vinden",
        "elk rechthebbend huishouden zonder aanvraag wordt binnen het jaar benaderd",
        "{pct}% of entitled non-applicants contacted within a year",
        "{pct}% van de rechthebbenden zonder aanvraag binnen een jaar benaderd"),
    "outreach_assistance": Anchor(
        "outreach informs only (a letter, a call)",
        "every contact comes with a worker who helps with the application",
        "benaderen is alleen informeren (een brief, een telefoontje)",
        "bij elk contact helpt een medewerker met de aanvraag",
        "{pct}% of contacts with help in applying",
        "{pct}% van de contacten met hulp bij de aanvraag"),
}
# fmt: on


def lever_anchors(name: str, lang: str) -> tuple[str, str] | None:
    """What 0 and what 1 mean for lever `name`, or None if it has no anchors yet."""
    anchor = LEVER_ANCHORS.get(name)
    if anchor is None:
        return None
    if _check_lang(lang) == "nl":
        return anchor.low_nl, anchor.high_nl
    return anchor.low_en, anchor.high_en


def lever_reading(name: str, params: Mapping[str, Any], lang: str) -> str:
    """What lever `name`'s value in `params` means in the model, in plain words.

    Args:
        name: A lever.
        params: A scenario's parameter values (the lever's and those it works with:
            ``procedure_steps_min``/``max``, ``case_hours_burden``, ``effort_hours``).
        lang: ``en`` or ``nl``.

    Returns:
        The reading, or an empty string for a lever without one.
    """
    anchor = LEVER_ANCHORS.get(name)
    if anchor is None or name not in params:
        return ""
    template = anchor.reading_nl if _check_lang(lang) == "nl" else anchor.reading_en
    v = float(params[name])
    tenths = v * 10.0
    filled: dict[str, str] = {
        "tenths": number(tenths, 0 if abs(tenths - round(tenths)) < 1e-9 else 1, lang),
        "pct": number(100.0 * v, 0, lang),
    }
    if "procedure_steps_min" in params and "procedure_steps_max" in params:
        low, high = params["procedure_steps_min"], params["procedure_steps_max"]
        filled["steps"] = str(int(round(low + (high - low) * v)))
    if "case_hours_burden" in params:
        filled["factor"] = number(1.0 + float(params["case_hours_burden"]) * v, 1, lang)
    if name == "freedom_of_movement" and "rule_burden" in params:
        allowed = 10.0 * (1.0 - (1.0 - v) * float(params["rule_burden"]))
        filled["allowed"] = number(allowed, 0 if abs(allowed - round(allowed)) < 0.05 else 1, lang)
    if name == "rule_reflex":
        from bpsim.mechanisms.rule_reflex import REFLEX_STEP

        filled["reflex_step"] = number(REFLEX_STEP * v, 3, lang)
    if "effort_hours" in params:
        hours = float(params["effort_hours"]) * v
        filled["hours"] = number(hours, 0 if abs(hours - round(hours)) < 1e-9 else 1, lang)
    try:
        return template.format(**filled)
    except KeyError:  # a parameter the reading needs is missing: say nothing wrong
        return ""


def kind(name: str) -> str:
    """How outcome `name` is shown: its `Label.kind`, ``index`` for an outcome without a label."""
    return _kind(name)


def kind_title(kind_name: str, lang: str) -> str:
    """Title of a group of outcomes of one kind (the kind itself if unknown)."""
    en, nl = KIND_TITLES.get(kind_name, (kind_name, kind_name))
    return nl if _check_lang(lang) == "nl" else en


def p_value(p: float, lang: str) -> str:
    """A p-value as read: ``< 0.001`` (``< 0,001`` in Dutch) when that small, else 3 decimals."""
    if p is None or math.isnan(p):
        return "–"
    if p < 0.001:
        return f"< {number(0.001, 3, lang)}"
    return number(p, 3, lang)


def scenario_label(name: str, labels: Mapping[str, str] | None) -> str:
    """A scenario's shown name: from `labels` (name -> display name) if given, else `name`."""
    return (labels or {}).get(name, name)


#: Text of the sweep analysis (`bpsim analyse`): figures and the HTML report.
TEXT.update(
    {
        "an_by_grid": (
            "Outcomes by {factor} (mean, {level} band over replications)",
            "Uitkomsten naar {factor} (gemiddelde, {level}-band over replicaties)",
        ),
        "an_by_sampled": (
            "Outcomes by {factor} (points; binned mean, {level} band)",
            "Uitkomsten naar {factor} (punten; gemiddelde per klasse, {level}-band)",
        ),
        "an_mean_of": ("{outcome} (mean)", "{outcome} (gemiddelde)"),
        "an_diff_title": (
            "{outcome}: paired difference from {factor} = {low}\n"
            "(last column: {high} minus {low}; * = interval excludes 0)",
            "{outcome}: gepaard verschil met {factor} = {low}\n"
            "(laatste kolom: {high} min {low}; * = interval sluit 0 uit)",
        ),
        "an_headline_title": (
            "Headline: {outcome} over {by} × {factor} ('{scenario}')",
            "Kernbevinding: {outcome} naar {by} × {factor} ('{scenario}')",
        ),
        "an_title": ("Sweep report: {name}", "Rapport van de reeks runs: {name}"),
        "an_subtitle": (
            "bpsim sweep analysis · {kind} design · {runs} runs",
            "bpsim-analyse van een reeks runs · ontwerp {kind} · {runs} runs",
        ),
        "an_overview": ("Overview", "Overzicht"),
        "an_design": ("design", "ontwerp"),
        "an_design_value": (
            "{kind}: {points} points × {scenarios} scenario(s) × {reps} replications = {runs} runs",
            "{kind}: {points} punten × {scenarios} scenario('s) × {reps} replicaties = {runs} runs",
        ),
        "an_factors": ("factors", "factoren"),
        "an_runs": ("runs", "runs"),
        "an_runs_value": (
            "{ok} finished, {failed} failed, {missing} missing",
            "{ok} klaar, {failed} mislukt, {missing} ontbrekend",
        ),
        "an_notes": ("Notes", "Opmerkingen"),
        "an_headline": ("Headline", "Kernbevinding"),
        "an_expected": ("Expected: {statement}.", "Verwacht: {statement}."),
        "an_statement": (
            "{outcome} is {word} at the highest {factor} than at the lowest, at {by} = {at} "
            "({level} interval excluding zero)",
            "{outcome} is {word} bij de hoogste {factor} dan bij de laagste, bij {by} = {at} "
            "({level}-interval dat de nul uitsluit)",
        ),
        "an_higher": ("higher", "hoger"),
        "an_lower": ("lower", "lager"),
        "an_holds": ("holds", "klopt"),
        "an_fails": ("does not hold", "klopt niet"),
        "an_headline_table": (
            "Highest minus lowest {factor} ({high} − {low}), paired by replication, for {outcome}:",
            "Hoogste min laagste {factor} ({high} − {low}), gepaard per replicatie, voor "
            "{outcome}:",
        ),
        "an_col_scenario": ("Scenario", "Scenario"),
        "an_col_n": ("Replications", "Replicaties"),
        "an_col_low": ("At {low}", "Bij {low}"),
        "an_col_high": ("At {high}", "Bij {high}"),
        "an_col_result": ("Headline", "Kernbevinding"),
        "an_all_outcomes": (
            "Every outcome: tables/headline_differences.csv.",
            "Alle uitkomsten: tables/headline_differences.csv.",
        ),
        "an_sensitivity": ("Sensitivity", "Gevoeligheid"),
        "an_sensitivity_sobol": (
            "Total-order Sobol index per outcome and factor (± its confidence half-width): the "
            "share of the outcome's variance that goes with the factor, alone or together with "
            "others.",
            "Totale Sobol-index per uitkomst en factor (± de halve breedte van het interval): "
            "het deel van de variantie van de uitkomst dat met de factor samenhangt, alleen of "
            "samen met andere.",
        ),
        "an_sensitivity_morris": (
            "Morris mu* per outcome and factor (± its confidence half-width): the mean absolute "
            "change of the outcome per step of the factor.",
            "Morris mu* per uitkomst en factor (± de halve breedte van het interval): de "
            "gemiddelde absolute verandering van de uitkomst per stap van de factor.",
        ),
        "an_sens_sobol_title": (
            "Sobol indices ('{scenario}'; bars with {level} bootstrap intervals)",
            "Sobol-indices ('{scenario}'; staven met {level}-bootstrapintervallen)",
        ),
        "an_sens_morris_title": (
            "Morris elementary effects ('{scenario}'; bars with {level} bootstrap intervals)",
            "Elementaire effecten volgens Morris ('{scenario}'; staven met "
            "{level}-bootstrapintervallen)",
        ),
        "an_interactions": (
            "Interactions (second-order Sobol indices)",
            "Wisselwerkingen (Sobol-indices van de tweede orde)",
        ),
        "an_interactions_intro": (
            "Share of the outcome's variance due to a pair of factors acting together, beyond "
            "each alone; strongest pairs first.",
            "Deel van de variantie van de uitkomst dat komt doordat twee factoren samen werken, "
            "bovenop elk afzonderlijk; sterkste paren eerst.",
        ),
        "an_col_pair": ("Pair of factors", "Paar factoren"),
        "an_by_factor": ("Outcomes by factor", "Uitkomsten per factor"),
        "an_by_factor_note": (
            "Means and intervals: tables/by_factor.csv.",
            "Gemiddelden en intervallen: tables/by_factor.csv.",
        ),
        "an_outcomes": ("Outcomes", "Uitkomsten"),
        "an_commit_local": ("with local changes", "met lokale wijzigingen"),
        "an_experiment_file": ("experiment file SHA-256", "SHA-256 van het experimentbestand"),
    }
)
# --- robust comparison (bpsim compare --uncertainty; bpsim/robust_report.py) -------------
# A block of its own, merged into TEXT, so it stays one translation table.
# fmt: off
TEXT.update({
    "robust_title": ("How robust is this advice?", "Hoe robuust is dit advies?"),
    "robust_intro": (
        "The results above hold if every assumption is right. Here the comparison is "
        "repeated in {n} plausible worlds: each world draws the {k} assumed parameters from "
        "their plausible ranges (a Latin hypercube; the ranges and their reasons are in "
        "docs/ODD.md), and every scenario runs in it with the same random numbers, {r} "
        "replication(s) per world. The share of worlds in which a scenario does better "
        "comes with a {conf} Wilson interval.",
        "De resultaten hierboven gelden als elke aanname klopt. Hier wordt de vergelijking "
        "herhaald in {n} aannemelijke werelden: elke wereld trekt de {k} aangenomen "
        "parameters uit hun aannemelijke bereik (een Latin hypercube; de bereiken en hun "
        "redenen staan in docs/ODD.md), en elk scenario draait erin met dezelfde "
        "toevalsgetallen, {r} herhaling(en) per wereld. Het aandeel werelden waarin een "
        "scenario beter doet, komt met een {conf}-Wilson-interval."),
    "robust_held": (
        "Held at each scenario's own value (the scenarios differ in it, or --set fixes "
        "it): {names}.",
        "Vastgehouden op de waarde van elk scenario (de scenario's verschillen erin, of --set "
        "legt het vast): {names}."),
    "robust_partial": (
        "Only {done} of {planned} runs have finished; these figures use the {worlds} worlds "
        "with results. Continue with --resume.",
        "Pas {done} van de {planned} runs zijn klaar; deze cijfers gebruiken de {worlds} "
        "werelden met resultaten. Ga verder met --resume."),
    "robust_failed": ("{n} run(s) failed and are left out.",
                      "{n} run(s) mislukten en zijn weggelaten."),
    "robust_headline": (
        "{b} does better than {a} in every world on {all} of {m} outcomes, in most worlds on "
        "{most}, in a minority on {few} and in no world on {none}.",
        "{b} doet het in elke wereld beter dan {a} op {all} van de {m} uitkomsten, in de "
        "meeste werelden op {most}, in een minderheid op {few} en in geen enkele wereld "
        "op {none}."),
    "robust_shares": ("Share of worlds in which each does better",
                      "Aandeel werelden waarin elk beter doet"),
    "col_better_in": ("{s} better in", "{s} beter in"),
    "col_spread": ("Difference {b} − {a} across worlds: 5% · median · 95%",
                   "Verschil {b} − {a} over de werelden: 5% · mediaan · 95%"),
    "col_worst": ("Worst case of {s}", "Slechtste geval van {s}"),
    "robust_share_cell": ("{share} ({low}–{high})", "{share} ({low}–{high})"),
    "robust_worst_note": (
        "Worst case: the most a choice falls short of the best choice in any one world, in "
        "the outcome's own units (0 = never worse than the others).",
        "Slechtste geval: het meeste dat een keuze in één wereld achterblijft bij de beste "
        "keuze, in de eenheid van de uitkomst (0 = nooit slechter dan de andere)."),
    "robust_flips": ("Where the advice flips", "Waar het advies omslaat"),
    "robust_flip": (
        "{winner} does better on {outcome} when {conditions}: {coverage} of the worlds in "
        "which it does better lie there, and it does better in {density} of the worlds there.",
        "{winner} doet het beter op {outcome} wanneer {conditions}: {coverage} van de "
        "werelden waarin het beter doet ligt daar, en daar doet het in {density} van de "
        "werelden beter."),
    "robust_no_rule": (
        "The verdict on {outcome} is split ({share} of worlds for {b}), but no simple "
        "condition describes where it flips (no box in which the other verdict holds in most "
        "worlds).",
        "Het oordeel over {outcome} is verdeeld ({share} van de werelden voor {b}), maar "
        "geen eenvoudige voorwaarde beschrijft waar het omslaat (geen gebied waarin het andere "
        "oordeel in de meeste werelden geldt)."),
    "robust_too_few": (
        "The verdict on {outcome} is split ({share} of worlds for {b}); too few worlds to "
        "say where it flips (use --uncertainty 50 or more).",
        "Het oordeel over {outcome} is verdeeld ({share} van de werelden voor {b}); te weinig "
        "werelden om te zeggen waar het omslaat (gebruik --uncertainty 50 of meer)."),
    "robust_too_rare": (
        "The verdict on {outcome} is nearly unanimous ({share} of worlds for {b}): the other "
        "verdict holds in only {k} world(s), too few to say where.",
        "Het oordeel over {outcome} is bijna eensgezind ({share} van de werelden voor {b}): "
        "het andere oordeel geldt in maar {k} wereld(en), te weinig om te zeggen waar."),
    "robust_unanimous": ("The verdict is the same in every world on every outcome.",
                         "Het oordeel is in elke wereld op elke uitkomst hetzelfde."),
    "robust_flip_method": (
        "Found with a shallow decision tree (scikit-learn, depth 2) over the worlds; "
        "coverage and density as in PRIM scenario discovery.",
        "Gevonden met een ondiepe beslisboom (scikit-learn, diepte 2) over de werelden; "
        "dekking en dichtheid zoals bij PRIM-scenario-ontdekking."),
    "robust_importance": ("Which assumptions matter most", "Welke aannames het meest uitmaken"),
    "robust_importance_note": (
        "For each outcome, the assumptions on which the difference {b} − {a} depends most "
        "(extra-trees importance, sums to 100% per outcome); ↑ means a higher value favours "
        "{b}, ↓ favours {a}.",
        "Per uitkomst de aannames waar het verschil {b} − {a} het meest van afhangt "
        "(extra-trees-belang, samen 100% per uitkomst); ↑ betekent dat een hogere waarde "
        "{b} bevoordeelt, ↓ {a}."),
    "col_top_assumptions": ("Assumptions that matter most", "Aannames die het meest uitmaken"),
    "robust_fig_spread": (
        "Each dot is one plausible world: the change from {a} to {b}, scaled per outcome "
        "by its largest change, turned so that right = {b} better. Green: {b} better; "
        "orange: {a} better.",
        "Elke stip is één aannemelijke wereld: de verandering van {a} naar {b}, per uitkomst "
        "geschaald op de grootste verandering, zo gedraaid dat rechts = {b} beter. Groen: "
        "{b} beter; oranje: {a} beter."),
    "robust_fig_flips": (
        "Worlds of the split verdicts, on the two assumptions of the first rule (or the two "
        "that matter most); green: {b} better, orange: {a} better; the box is the rule.",
        "Werelden van de verdeelde oordelen, op de twee aannames van de eerste regel (of de "
        "twee die het meest uitmaken); groen: {b} beter, oranje: {a} beter; het kader is "
        "de regel."),
    "and": ("and", "en"),
    "term_robust_cost": (
        "Cost: {runs} runs ({worlds} worlds × {scenarios} scenarios × {r} replications{extra}), "
        "about {per:.2f} s per run measured here, on {slots} worker(s): about {time}.",
        "Kosten: {runs} runs ({worlds} werelden × {scenarios} scenario's × {r} "
        "herhalingen{extra}), "
        "hier gemeten ongeveer {per:.2f} s per run, op {slots} worker(s): ongeveer {time}."),
    "term_robust_extra": (" + {n} at the defaults", " + {n} bij de standaardwaarden"),
    "term_robust_title": (
        "How robust: share of {n} plausible worlds in which {b} does better than {a}",
        "Hoe robuust: aandeel van {n} aannemelijke werelden waarin {b} beter doet dan {a}"),
    "term_robust_store": ("Worlds stored in {path} (resumable with --resume).",
                          "Werelden opgeslagen in {path} (verder te gaan met --resume)."),
})
# fmt: on

# The dashboard's view of a stored robust comparison (bpsim/dashboard/robust_view.py).
# fmt: off
TEXT.update({
    "robust_none_stored": (
        "No robust comparison is stored under {root} yet; run bpsim compare --uncertainty N "
        "to make one.",
        "Onder {root} staat nog geen robuuste vergelijking; maak er een met bpsim compare "
        "--uncertainty N."),
    "robust_choose": ("Stored robust comparison", "Opgeslagen robuuste vergelijking"),
    "robust_refresh": ("Look again", "Opnieuw zoeken"),
    "robust_progress": ("plausible worlds", "aannemelijke werelden"),
    "robust_from_store": (
        "From the stored worlds in {path}: nothing is run again.",
        "Uit de opgeslagen werelden in {path}: er wordt niets opnieuw gedraaid."),
})
# fmt: on
