"""English and Dutch words, and numbers written the reader's way: the one translation module.

Policy advisors in Dutch municipalities work in Dutch, so every face that shows
results to them (the comparison report, the terminal table, the sweep report, the
dashboard, the figures) takes its words from here: one table, `TEXT`, read through
one function, `text`. Dutch labels use the research's own Dutch terms where it has
them (bewegingsvrijheid, regeldruk, doenvermogen, best persons) and one word for
each thing: the book's four types are alledaagse doeners, frontliniewerkers, sociale
ondernemers and bruggenbouwers; ordinary frontline staff, who are not best persons,
are frontlijnmedewerkers, never frontliniewerkers; a seed is "seed" everywhere and a
replication a "replicatie".

What belongs to one outcome or one parameter lives in its record instead: an
outcome's labels and meanings in `bpsim.core.outcomes.RECORDS`, a parameter's Dutch unit
and meaning and a lever's labels in `bpsim.core.scenario.PARAMETERS`. This module reads
them (`outcome_label`, `parameter_label`, `unit`, ...); `OUTCOME_LABELS` and
`LEVER_LABELS` are views of those records.

Numbers follow the language's conventions: ``0.5`` in English, ``0,5`` in Dutch;
shares are shown as percentages and their differences in percentage points,
because that is how take-up and turnover figures are read in policy documents.
Every number shown goes through `number` (or `typed`, for a value echoed back as the
user typed it), so the Dutch decimal comma is written in one place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bpsim.core.outcomes import RECORDS
from bpsim.core.scenario import LEVERS, SPECS, ScenarioError

#: Languages the faces can speak.
LANGS: tuple[str, ...] = ("en", "nl")

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
        "term_out_exists": (
            "--out '{out}' already holds a comparison ({file}); give another folder, or add "
            "--force to overwrite it",
            "--out '{out}' bevat al een vergelijking ({file}); kies een andere map, of voeg "
            "--force toe om die te overschrijven",
        ),
    }
)


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


# --- robust comparison (bpsim compare --uncertainty; bpsim/comparison/robust_report.py) --
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
        "toevalsgetallen, {r} replicatie(s) per wereld. Het aandeel werelden waarin een "
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
    "term_robust_cost": (
        "Cost: {runs} runs ({worlds} worlds × {scenarios} scenarios × {r} replications{extra}), "
        "about {per} s per run measured here, on {slots} worker(s): about {time}.",
        "Kosten: {runs} runs ({worlds} werelden × {scenarios} scenario's × {r} "
        "replicaties{extra}), "
        "hier gemeten ongeveer {per} s per run, op {slots} worker(s): ongeveer {time}."),
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
    "robust_progress": ("plausible worlds", "aannemelijke werelden"),
    "robust_from_store": (
        "From the stored worlds in {path}: nothing is run again.",
        "Uit de opgeslagen werelden in {path}: er wordt niets opnieuw gedraaid."),
})
# fmt: on


# The dashboard's interface: buttons, headings and help text (bpsim/dashboard/).
# fmt: off
TEXT.update({
    "app_title": ("bpsim: best persons in the neighbourhood", "bpsim: best persons in de wijk"),
    "language": ("Language", "Taal"),
    # --- tabs ---
    "tab_explore": ("Explore", "Verkennen"),
    "tab_compare": ("Compare", "Vergelijken"),
    "tab_scenarios": ("Scenarios", "Scenario's"),
    "tab_results": ("Results", "Resultaten"),
    # --- run controls ---
    "step": ("Step", "Stap"),
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "reset": ("Reset", "Opnieuw"),
    "week_of": ("Week {week} of {horizon}", "Week {week} van {horizon}"),
    "finished": ("The run has reached its horizon ({horizon} weeks). Reset to start again.",
                 "De run is aan het eind ({horizon} weken). Kies Opnieuw om opnieuw te beginnen."),
    "seed": ("Seed", "Seed"),
    "seed_help": ("The same seed gives the same neighbourhood and the same chance events.",
                  "Dezelfde seed geeft dezelfde wijk en dezelfde toevalsgebeurtenissen."),
    "start_from": ("Start from scenario", "Begin bij scenario"),
    "defaults": ("defaults", "standaardwaarden"),
    "levers": ("Levers", "Hefbomen"),
    "levers_help": (
        "Moving a lever before the first week starts the neighbourhood again with the same "
        "seed; later, you choose: restart at week 0, or apply the change from the next week "
        "on (a policy that starts later). Hover over a lever for what it means.",
        "Een hefboom verschuiven vóór de eerste week start de wijk opnieuw met dezelfde seed; "
        "later kiest u: opnieuw beginnen in week 0, of de wijziging vanaf de volgende week "
        "laten gelden (beleid dat later ingaat). Houd de muis op een hefboom voor wat die "
        "betekent."),
    # --- the map ---
    "colour_by": ("Colour households by", "Kleur huishoudens naar"),
    "colour_unmet": ("unmet need", "onvervulde hulpvraag"),
    "colour_trust": ("trust in agencies", "vertrouwen in instanties"),
    "map_title": ("The neighbourhood, week {week}", "De wijk, week {week}"),
    "map_title_short": ("Week {week}: {n} best persons active",
                        "Week {week}: {n} best persons actief"),
    "unmet_bar": ("problems without help", "problemen zonder hulp"),
    "trust_bar": ("trust in agencies (0 = none, 1 = full)",
                  "vertrouwen in instanties (0 = geen, 1 = volledig)"),
    "agency": ("agency", "instantie"),
    "household": ("household (one square)", "huishouden (één vakje)"),
    "map_help": (
        "Each small square is a household. Symbols are the best persons still active; "
        "dark squares with a name are agencies. Frontline best persons work inside an agency.",
        "Elk vakje is een huishouden. Symbolen zijn de best persons die nog actief zijn; "
        "donkere vlakken met een naam zijn instanties. Frontliniewerkers werken binnen "
        "een instantie."),
    # --- plots ---
    "outcomes": ("Main outcomes", "Belangrijkste uitkomsten"),
    "week": ("week", "week"),
    "zero_better": ("closer to 0 is better", "dichter bij 0 is beter"),
    "not_yet": ("not yet measured", "nog niet gemeten"),
    # --- scenarios ---
    "scenario_file": ("Scenario file", "Scenariobestand"),
    "no_scenarios": ("No scenario files in {folder}.", "Geen scenariobestanden in {folder}."),
    "scenario_intro": (
        "Edit values below; each is checked as you type. Save the result as a new "
        "scenario file (existing files are never overwritten).",
        "Pas hieronder waarden aan; elke waarde wordt direct gecontroleerd. Sla het "
        "resultaat op als een nieuw scenariobestand (bestaande bestanden worden nooit "
        "overschreven)."),
    "file_error": ("This file cannot be used: {error}", "Dit bestand is niet bruikbaar: {error}"),
    "values_ok": ("All values are valid.", "Alle waarden zijn geldig."),
    "values_bad": ("Not valid yet: {error}", "Nog niet geldig: {error}"),
    "changed_count": ("{n} value(s) changed from {file}.",
                      "{n} waarde(n) gewijzigd ten opzichte van {file}."),
    "new_name": ("Name of the new scenario", "Naam van het nieuwe scenario"),
    "new_name_hint": ("lower-case letters, digits, - and _; e.g. open-low-burden",
                      "kleine letters, cijfers, - en _; bijvoorbeeld open-lage-regeldruk"),
    "description": ("Description (one line)", "Beschrijving (één regel)"),
    "save": ("Save as new scenario", "Opslaan als nieuw scenario"),
    "saved": ("Saved {path}.", "Opgeslagen: {path}."),
    "save_fix_first": ("Fix the values marked in red before saving.",
                       "Verbeter eerst de rood gemarkeerde waarden."),
    "undo_edits": ("Undo my edits", "Mijn wijzigingen ongedaan maken"),
    "name_empty": ("Give the new scenario a name.", "Geef het nieuwe scenario een naam."),
    "name_bad": ("The name '{name}' cannot be used: use 1-40 lower-case letters, digits, - "
                 "or _, starting with a letter or digit.",
                 "De naam '{name}' is niet bruikbaar: gebruik 1-40 kleine letters, cijfers, - "
                 "of _, te beginnen met een letter of cijfer."),
    "name_taken": ("A scenario file '{file}' already exists; choose another name (files are "
                   "never overwritten).",
                   "Er bestaat al een scenariobestand '{file}'; kies een andere naam "
                   "(bestanden worden nooit overschreven)."),
    "save_failed": ("Could not save: {error}", "Opslaan mislukt: {error}"),
    "group_lever": ("Levers", "Hefbomen"),
    "group_population": ("Population", "Bevolking"),
    "group_traits": ("Traits", "Eigenschappen"),
    "group_needs": ("Needs", "Problemen"),
    "group_procedures": ("Procedures and agencies", "Procedures en instanties"),
    "group_workers": ("Frontline workers", "Frontlijnmedewerkers"),
    "group_best_persons": ("Best persons", "Best persons"),
    "group_residents": ("Residents", "Bewoners"),
    "group_run": ("The run", "De run"),
    "allowed": ("allowed: {allowed}", "toegestaan: {allowed}"),
    # --- results ---
    "results_intro": (
        "Figures of stored comparisons and sweeps found under {folder}.",
        "Figuren van opgeslagen vergelijkingen en sweeps in {folder}."),
    "no_results": (
        "No stored results under {folder} yet. Make some with, for example, "
        "bpsim compare scenarios/restricted.toml scenarios/open.toml --out {folder}/compare "
        "(then press Look again).",
        "Nog geen opgeslagen resultaten in {folder}. Maak ze bijvoorbeeld met "
        "bpsim compare scenarios/restricted.toml scenarios/open.toml --out {folder}/compare "
        "(en kies dan Opnieuw kijken)."),
    "results_folder": ("Stored result", "Opgeslagen resultaat"),
    "no_figures": ("No figures (PNG files) in this folder.",
                   "Geen figuren (PNG-bestanden) in deze map."),
    "reports": ("Reports", "Rapporten"),
    "show_report": ("Show report", "Rapport tonen"),
    "hide_report": ("Hide report", "Rapport verbergen"),
    "download": ("Download", "Downloaden"),
    "refresh": ("Look again", "Opnieuw kijken"),
    "too_large": ("{file} is too large to show here ({mib:.0f} MiB); download it instead.",
                  "{file} is te groot om hier te tonen ({mib:.0f} MiB); download het."),
    # --- compare as a workbench (issue 15) ---
    "wb_intro": (
        "Choose two to four scenarios: saved scenario files, or levers you set here. Each "
        "runs with several seeds; the plots show the mean and the band holding the middle "
        "95% of runs. Run i of every scenario starts from the same neighbourhood, as in "
        "bpsim compare with the same seed.",
        "Kies twee tot vier scenario's: opgeslagen scenariobestanden, of hefbomen die u hier "
        "instelt. Elk scenario draait met meerdere seeds; de grafieken tonen het gemiddelde "
        "en de band met de middelste 95% van de runs. Run i van elk scenario begint in "
        "dezelfde wijk, zoals bij bpsim compare met dezelfde seed."),
    "wb_slot": ("Scenario {n}", "Scenario {n}"),
    "wb_custom": ("levers set here", "hefbomen hier ingesteld"),
    "wb_custom_name": ("levers {n}", "hefbomen {n}"),
    "wb_levers_of": ("Levers of {name}", "Hefbomen van {name}"),
    "wb_add": ("Add a scenario", "Scenario toevoegen"),
    "wb_remove": ("Remove", "Weghalen"),
    "wb_runs": ("Runs per scenario", "Runs per scenario"),
    "wb_runs_bad": ("Runs per scenario: {value} is not allowed; allowed: a whole number from 1 "
                    "to {most}.",
                    "Runs per scenario: {value} is niet toegestaan; toegestaan: een geheel getal "
                    "van 1 tot en met {most}."),
    "wb_speed": ("Speed", "Snelheid"),
    "wb_speed_1": ("1 week per step", "1 week per stap"),
    "wb_speed_4": ("4 weeks per step", "4 weken per stap"),
    "wb_speed_13": ("13 weeks per step", "13 weken per stap"),
    "wb_to_end": ("Run to the end", "Doorrekenen tot het eind"),
    "wb_cancel": ("Cancel", "Annuleren"),
    "wb_progress": ("Week {week} of {horizon} · {scenarios} scenarios × {runs} runs",
                    "Week {week} van {horizon} · {scenarios} scenario's × {runs} runs"),
    "wb_outcomes": ("Outcomes shown", "Getoonde uitkomsten"),
    "wb_same_label": ("{name} (again)", "{name} (nogmaals)"),
    "band_legend": ("mean; band: middle 95% of runs",
                    "gemiddelde; band: middelste 95% van de runs"),
    "wb_bands": ("Outcomes per scenario", "Uitkomsten per scenario"),
    # --- a lever changed mid-run (issue 15) ---
    "lever_ask": (
        "You moved {what} at week {week}. Start the run again at week 0 with the new "
        "setting, or apply the change from this week on, week {next} (the run continues, and "
        "a dashed line marks week {next} on the charts)?",
        "U verschoof {what} bij week {week}. De run opnieuw beginnen in week 0 met de nieuwe "
        "instelling, of de wijziging laten gelden vanaf deze week, week {next} (de run gaat "
        "door, en een stippellijn markeert week {next} in de grafieken)?"),
    "lever_restart": ("Restart at week 0", "Opnieuw vanaf week 0"),
    "lever_apply": ("Apply from week {week}", "Toepassen vanaf week {week}"),
    "lever_keep": ("Keep as it was", "Laten zoals het was"),
    "applied_note": (
        "From week {week} on: {what}. The run continues; the dashed line on the charts marks "
        "the change, and the data download gives the lever values week by week.",
        "Vanaf week {week}: {what}. De run gaat door; de stippellijn in de grafieken markeert "
        "de wijziging, en de gegevensdownload geeft de hefboomwaarden per week."),
    "restarted_note": (
        "You changed {what} in week {week}. The run started again at week 0 with the same "
        "seed, so the plots show the new setting from the start. (To apply a change from a "
        "given week on, give the scenario file a timeline: [[timeline]] with a week and "
        "lever values.)",
        "U wijzigde {what} in week {week}. De run is opnieuw begonnen in week 0 met dezelfde "
        "seed, zodat de grafieken de nieuwe instelling vanaf het begin tonen. (Een wijziging "
        "pas vanaf een bepaalde week laten gelden kan met een tijdlijn in het scenariobestand: "
        "[[timeline]] met een week en hefboomwaarden.)"),
    "restarted_note_many": (
        "You changed {what} in week {week}. The runs started again at week 0 with the same "
        "seeds, so the plots show the new setting from the start. (To apply a change from a "
        "given week on, give the scenario file a timeline: [[timeline]] with a week and "
        "lever values.)",
        "U wijzigde {what} in week {week}. De runs zijn opnieuw begonnen in week 0 met "
        "dezelfde seeds, zodat de grafieken de nieuwe instelling vanaf het begin tonen. (Een "
        "wijziging pas vanaf een bepaalde week laten gelden kan met een tijdlijn in het "
        "scenariobestand: [[timeline]] met een week en hefboomwaarden.)"),
    # --- take it with you (issue 15) ---
    "download_png": ("Chart (PNG)", "Grafiek (PNG)"),
    "download_map": ("Map (PNG)", "Kaart (PNG)"),
    "download_csv": ("Data (CSV)", "Gegevens (CSV)"),
    "download_bands": ("Bands (CSV)", "Banden (CSV)"),
    "download_runs": ("Every run (CSV)", "Alle runs (CSV)"),
    "address_problem": ("The address asks for {key} = '{value}', which cannot be used: {why}. "
                        "Shown instead: the default.",
                        "Het adres vraagt om {key} = '{value}', wat niet bruikbaar is: {why}. "
                        "Getoond: de standaardwaarde."),
    "enlarge": ("Full size", "Op ware grootte"),
    "close": ("Close", "Sluiten"),
    "other_files": ("Report and data files", "Rapport- en gegevensbestanden"),
})
# fmt: on


# Words in the comparison figures (bpsim/comparison/figures.py).
# fmt: off
TEXT.update({
    "fig_quintile": ("capacity quintile (1 = least capacity to act)",
                     "kwintiel doenvermogen (1 = minste doenvermogen)"),
    "fig_take_up_axis": ("take-up (%)", "gebruik van hulp (%)"),
    "fig_all_households": ("all households", "alle huishoudens"),
    "fig_quintile_title": ("Take-up by capacity to act, final year",
                           "Gebruik van hulp naar doenvermogen, laatste jaar"),
})
# fmt: on


# Named things: outcome kinds (figure and table groups), best-person types (by agent
# class), agencies (English: the model's own name) and what is wrong with a scenario
# value (`ScenarioError.reason`; English: the message scenario.py writes, kept in step
# by a test).
# fmt: off
TEXT.update({
    "kind.share": ("Shares (difference in percentage points)", "Aandelen (verschil in %-punten)"),
    "kind.count": ("Counts", "Aantallen"),
    "kind.weeks": ("Weeks", "Weken"),
    "kind.hours": ("Hours", "Uren"),
    "kind.index": ("Indices (0–1)", "Indexen (0–1)"),
    "type.EverydayDoer": ("everyday doer", "alledaagse doener"),
    "type.FrontlineBestPerson": ("frontline best person", "frontliniewerker (best person)"),
    "type.SocialEntrepreneur": ("social entrepreneur", "sociale ondernemer"),
    "type.BridgeBuilder": ("bridge builder", "bruggenbouwer"),
    "agency.municipality": ("municipality", "gemeente"),
    "agency.housing corporation": ("housing corporation", "woningcorporatie"),
    "agency.health care": ("health care", "zorg"),
    "agency.youth care": ("youth care", "jeugdzorg"),
    "agency.welfare organisation": ("welfare organisation", "welzijnsorganisatie"),
    "agency.debt counselling": ("debt counselling", "schuldhulpverlening"),
    "agency.employment service": ("employment service", "werkplein"),
    "agency.police": ("police", "politie"),
    "agency.mental health care": ("mental health care", "ggz"),
    "agency.district team": ("district team", "wijkteam"),
    "agency.school": ("school", "school"),
    "agency.GP practice": ("GP practice", "huisartsenpraktijk"),
    "problem.not_number": (
        "parameter '{key}': value {value} is not a number; allowed: {allowed}",
        "parameter '{key}': waarde {value} is geen getal; toegestaan: {allowed}"),
    "problem.not_finite": (
        "parameter '{key}': value {value} is not a finite number; allowed: {allowed}",
        "parameter '{key}': waarde {value} is geen eindig getal; toegestaan: {allowed}"),
    "problem.not_whole": (
        "parameter '{key}': value {value} is not a whole number; allowed: {allowed}",
        "parameter '{key}': waarde {value} is geen geheel getal; toegestaan: {allowed}"),
    "problem.out_of_range": (
        "parameter '{key}': value {value} is out of range; allowed: {allowed}",
        "parameter '{key}': waarde {value} valt buiten het bereik; toegestaan: {allowed}"),
    "problem.steps_below_min": (
        "parameter '{key}': value {value} is below procedure_steps_min ({low}); allowed: a whole "
        "number from {low} to {high}",
        "parameter '{key}': waarde {value} is lager dan procedure_steps_min ({low}); toegestaan: "
        "een geheel getal van {low} tot {high}"),
    "problem.memory": (
        "parameter '{key}': value {value} needs about {need_gib} GiB, more than half this "
        "machine's {have_gib} GiB; allowed: a smaller population",
        "parameter '{key}': waarde {value} vraagt ongeveer {need_gib} GiB, meer dan de helft "
        "van de {have_gib} GiB van deze machine; toegestaan: een kleinere bevolking"),
})
# fmt: on


# What a lever's ends mean in practice, and how to read one value of it: a template
# `lever_reading` fills ({tenths}, {pct}, {steps}, {factor}, {hours}, {allowed},
# {reflex_step}).
# fmt: off
TEXT.update({
    "anchor.rule_burden.low": (
        "lightest procedures: fewest steps, simple checks, no extra hours per case",
        "lichtste procedures: minste stappen, eenvoudige toetsen, geen extra uren per zaak"),
    "anchor.rule_burden.high": (
        "heaviest procedures: most steps, strict eligibility checks, many extra hours per case "
        "for checks and reporting",
        "zwaarste procedures: meeste stappen, strenge toetsen op recht, veel extra uren per zaak "
        "voor controle en verantwoording"),
    "anchor.rule_burden.reading": (
        "{steps} procedure steps per agency; a case takes {factor} times the hours it takes at 0",
        "{steps} procedurestappen per instantie; een zaak kost {factor} keer zoveel uren als bij "
        "0"),
    "anchor.freedom_of_movement.low": (
        "best persons are bound like everyone: every procedure, their own domain only, all the "
        "reporting",
        "best persons zijn gebonden zoals iedereen: elke procedure, alleen hun eigen domein, alle "
        "verantwoording"),
    "anchor.freedom_of_movement.high": (
        "best persons are fully free: rules do not hold them back",
        "best persons zijn helemaal vrij: regels houden hen niet tegen"),
    "anchor.freedom_of_movement.reading": (
        "at this rule burden the rules let about {allowed} of 10 of a best person's steps outside "
        "them through (outside their domain, past a procedure), and {tenths} of 10 reports may be "
        "skipped",
        "bij deze regeldruk laten de regels ongeveer {allowed} van de 10 stappen van een best "
        "person buiten de regels door (buiten het eigen domein, langs een procedure), en mogen "
        "{tenths} van de 10 verantwoordingen achterwege blijven"),
    "anchor.personal_component.low": (
        "no agency decision involves personal contact with the household",
        "geen besluit van een instantie met persoonlijk contact met het huishouden"),
    "anchor.personal_component.high": (
        "every agency decision involves personal contact",
        "elk besluit van een instantie met persoonlijk contact"),
    "anchor.personal_component.reading": (
        "about {tenths} of 10 decisions with personal contact",
        "ongeveer {tenths} van de 10 besluiten met persoonlijk contact"),
    "anchor.scouting.low": (
        "nobody looks for latent best persons",
        "niemand zoekt naar verborgen best persons"),
    "anchor.scouting.high": (
        "full effort to find them, paid in staff hours (as much as full training)",
        "volle inzet om ze te vinden, betaald in uren van medewerkers (evenveel als volle "
        "training)"),
    "anchor.scouting.reading": (
        "{hours} staff hours per agency per week on finding best persons",
        "{hours} uur per instantie per week voor het vinden van best persons"),
    "anchor.training.low": (
        "no empathy training",
        "geen training in empathie"),
    "anchor.training.high": (
        "full effort on empathy training, paid in staff hours (as much as full scouting)",
        "volle inzet op training in empathie, betaald in uren van medewerkers (evenveel als volle "
        "scouting)"),
    "anchor.training.reading": (
        "{hours} staff hours per agency per week on empathy training",
        "{hours} uur per instantie per week voor training in empathie"),
    "anchor.professional_learning.low": (
        "frontline staff never take on best persons' ways",
        "frontlijnmedewerkers nemen de werkwijze van best persons nooit over"),
    "anchor.professional_learning.high": (
        "frontline staff who work beside best persons take on their ways as fast as the model "
        "allows",
        "frontlijnmedewerkers die naast best persons werken, nemen hun werkwijze zo snel over als "
        "het model toelaat"),
    "anchor.professional_learning.reading": (
        "staff learn at {pct}% of the fastest rate",
        "medewerkers leren met {pct}% van de hoogste snelheid"),
    "anchor.rule_reflex.low": (
        "incidents change no rules",
        "incidenten veranderen geen regels"),
    "anchor.rule_reflex.high": (
        "every incident makes the rules for everyone noticeably heavier for about a year",
        "elk incident maakt de regels voor iedereen merkbaar zwaarder, ongeveer een jaar lang"),
    "anchor.rule_reflex.reading": (
        "each incident per 1,000 households adds {reflex_step} to the rule burden, half of which "
        "eases back in a year",
        "elk incident per 1.000 huishoudens telt {reflex_step} op bij de regeldruk, waarvan de "
        "helft binnen een jaar wegzakt"),
    "anchor.outreach.low": (
        "no proactive contact: households must find the help themselves",
        "geen proactief contact: huishoudens moeten de hulp zelf vinden"),
    "anchor.outreach.high": (
        "every entitled household that has not applied is contacted within the year",
        "elk rechthebbend huishouden zonder aanvraag wordt binnen het jaar benaderd"),
    "anchor.outreach.reading": (
        "{pct}% of entitled non-applicants contacted within a year",
        "{pct}% van de rechthebbenden zonder aanvraag binnen een jaar benaderd"),
    "anchor.outreach_assistance.low": (
        "outreach informs only (a letter, a call)",
        "benaderen is alleen informeren (een brief, een telefoontje)"),
    "anchor.outreach_assistance.high": (
        "every contact comes with a worker who helps with the application",
        "bij elk contact helpt een medewerker met de aanvraag"),
    "anchor.outreach_assistance.reading": (
        "{pct}% of contacts with help in applying",
        "{pct}% van de contacten met hulp bij de aanvraag"),
})
# fmt: on


# --- looking text up -------------------------------------------------------------------------


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language '{lang}' is not available; allowed: {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str, /, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in.

    Raises:
        KeyError: For an unknown key (a typo should fail loudly in tests).
        ValueError: For a language not in `LANGS`.
    """
    en, nl = TEXT[key]
    template = nl if _check_lang(lang) == "nl" else en
    return template.format(**values) if values else template


def quoted(name: str, lang: str) -> str:
    """A scenario name in quotes for running text ("open" is also an ordinary word)."""
    return f"‘{name}’" if _check_lang(lang) == "nl" else f"“{name}”"


def scenario_label(name: str, labels: Mapping[str, str] | None) -> str:
    """A scenario's shown name: from `labels` (name -> display name) if given, else `name`."""
    return (labels or {}).get(name, name)


def best_person_type(class_name: str, lang: str) -> str:
    """Name of a best-person type (by agent class name) in `lang`."""
    return text(f"type.{class_name}", lang)


def agency_name(name: str, lang: str) -> str:
    """An agency's name in `lang` (its own name where no translation is known)."""
    key = f"agency.{name}"
    return text(key, lang) if key in TEXT else name


# --- numbers ---------------------------------------------------------------------------------


def localized(shown: str, lang: str) -> str:
    """Number text written the English way (``1,234.5``) with `lang`'s separators.

    The one place the decimal comma is made: Dutch swaps the decimal point and the
    thousands separator (``1.234,5``). Also for cells that arrive as text, such as
    ``0.943 ± 0.05`` in a stored sensitivity table.
    """
    if _check_lang(lang) == "nl":
        return shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return shown


def number(
    value: float | None,
    decimals: int | None,
    lang: str,
    sign: bool = False,
    *,
    percent: bool = False,
    significant: int = 6,
) -> str:
    """A number in the language's style; NaN (or None) as a dash.

    Args:
        value: The number.
        decimals: Decimals to show, with thousands separators (``1,234.5``); None for
            the shortest form with up to `significant` digits and no separators, as on
            an axis (``0.25``, ``1e-05``).
        lang: ``en`` (1,234.5) or ``nl`` (1.234,5).
        sign: Always show the sign (for differences).
        percent: Show a share as a percentage: 100 times `value`, with ``%``.
        significant: Significant digits of the shortest form.

    Returns:
        The formatted number, with a true minus sign (−).
    """
    _check_lang(lang)
    if value is None or math.isnan(value):
        return "–"
    if percent:
        value = 100.0 * value
    if math.isinf(value):
        shown = ("+" if sign and value > 0 else "-" if value < 0 else "") + "∞"
        return shown.replace("-", "−")
    plus = "+" if sign else ""
    if decimals is None:
        # Zero is shown without a sign (an axis at -0.0 reads "0").
        shown = f"{value or 0.0:{plus}.{significant}g}"
    else:
        # A difference that rounds to zero is shown without a misleading minus.
        if round(value, decimals) == 0:
            value = 0.0
        shown = f"{value:{plus},.{decimals}f}"
    shown = localized(shown.replace("-", "−"), lang)
    return f"{shown}%" if percent else shown


def typed(value: float | int | str, lang: str) -> str:
    """A value echoed back the way a person types it (``0.5``; ``0,5`` in Dutch).

    For messages about a value someone entered: Python's own spelling of the number
    with an ordinary hyphen-minus, so it can be typed again, and no separators.
    """
    return localized(str(value), lang)


def p_value(p: float, lang: str) -> str:
    """A p-value as read: ``< 0.001`` (``< 0,001`` in Dutch) when that small, else 3 decimals."""
    if p is None or math.isnan(p):
        return "–"
    if p < 0.001:
        return f"< {number(0.001, 3, lang)}"
    return number(p, 3, lang)


def tick_formatter(lang: str):
    """A matplotlib tick formatter writing ticks with `number` (decimal comma in Dutch)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: number(v, None, lang))


# --- outcomes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """How one outcome or lever is named and shown (a view of its record).

    Attributes:
        en: Short English label.
        nl: Short Dutch label.
        meaning_en: One-line English meaning.
        meaning_nl: One-line Dutch meaning.
        kind: How values are shown (an outcome's `Outcome.kind`; ``index`` for a lever).
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


#: Every outcome's labels and meanings, by name: a view of `bpsim.core.outcomes.RECORDS`.
OUTCOME_LABELS: dict[str, Label] = {
    o.name: Label(o.label_en, o.label_nl, o.meaning_en, o.meaning_nl, o.kind)
    for o in RECORDS.values()
}

#: Every lever's labels and one-line meanings: a view of `bpsim.core.scenario.PARAMETERS`.
LEVER_LABELS: dict[str, Label] = {
    name: Label(SPECS[name].label_en, SPECS[name].label_nl, SPECS[name].brief_en,
                SPECS[name].brief_nl)
    for name in LEVERS
}  # fmt: skip


def outcome_label(name: str, lang: str) -> str:
    """Short label of outcome `name` (the name itself if it has no record)."""
    rec = RECORDS.get(name)
    return rec.label(_check_lang(lang)) if rec else name


def outcome_meaning(name: str, lang: str) -> str:
    """One-line meaning of outcome `name` (empty if it has no record)."""
    rec = RECORDS.get(name)
    return rec.meaning(_check_lang(lang)) if rec else ""


def kind(name: str) -> str:
    """How outcome `name` is shown: its `Outcome.kind`, ``index`` for a name without a record."""
    rec = RECORDS.get(name)
    return rec.kind if rec else "index"


def kind_title(kind_name: str, lang: str) -> str:
    """Title of a group of outcomes of one kind (the kind itself if unknown)."""
    key = f"kind.{kind_name}"
    return text(key, lang) if key in TEXT else kind_name


def direction_hint(name: str, lang: str) -> str:
    """Which way is better for outcome `name`, in words (empty for a name without a record)."""
    rec = RECORDS.get(name)
    if rec is None:
        return ""
    if rec.towards_zero:
        return text("zero_better", lang)
    return text("higher_better" if rec.better > 0 else "lower_better", lang)


#: Decimals of a value of each kind (shares: of the percentage).
_DECIMALS = {"share": 1, "index": 3, "count": 2, "weeks": 1, "hours": 1}


def value(name: str, x: float, lang: str) -> str:
    """A value of outcome `name`, shown the way its kind is read (shares as %)."""
    k = kind(name)
    return number(x, _DECIMALS[k], lang, percent=k == "share")


def difference(name: str, x: float, lang: str, unit: bool = True) -> str:
    """A signed difference of outcome `name` (shares in percentage points)."""
    k = kind(name)
    if k == "share":
        shown = number(100.0 * x, _DECIMALS[k], lang, sign=True)
        return f"{shown} {text('pp', lang)}" if unit and shown != "–" else shown
    return number(x, _DECIMALS[k], lang, sign=True)


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


# --- parameters and levers -------------------------------------------------------------------


def parameter_label(name: str, lang: str) -> str:
    """Label of a lever, or the parameter's own name for other parameters (as in files)."""
    spec = SPECS.get(name)
    if spec is None or not spec.label_en:
        return name
    return spec.label_nl if _check_lang(lang) == "nl" else spec.label_en


def lever_meaning(name: str, lang: str) -> str:
    """One-line meaning of a lever (empty for a parameter without a label)."""
    spec = SPECS.get(name)
    if spec is None:
        return ""
    return spec.brief_nl if _check_lang(lang) == "nl" else spec.brief_en


def unit(name: str, lang: str) -> str:
    """The unit of a parameter in `lang`."""
    spec = SPECS[name]
    return spec.unit_nl or spec.unit if _check_lang(lang) == "nl" else spec.unit


def parameter_meaning(name: str, lang: str) -> str:
    """Plain-language meaning of a parameter in `lang`.

    From the parameter table (`bpsim.core.scenario.PARAMETERS`); a lever's Dutch meaning is
    its one-line meaning with what its ends mean. Falls back to English for a
    parameter without a Dutch meaning, rather than hiding it.
    """
    spec = SPECS[name]
    if _check_lang(lang) == "nl":
        if name in LEVERS and spec.brief_nl:
            ends = lever_anchors(name, "nl")
            # The ends in words, as the English parameter table gives them for freedom.
            anchors = f" 0: {ends[0]}; 1: {ends[1]}." if ends else ""
            return spec.brief_nl[0].upper() + spec.brief_nl[1:] + "." + anchors
        if spec.meaning_nl:
            return spec.meaning_nl
    return spec.meaning


def allowed(name: str, lang: str) -> str:
    """The values a parameter allows, in `lang` (``ParamSpec.allowed`` in English)."""
    spec = SPECS[name]
    if _check_lang(lang) != "nl":
        return spec.allowed
    kind_nl = "een geheel getal" if spec.integer else "een getal"
    return f"{kind_nl} van {typed(spec.low, lang)} tot {typed(spec.high, lang)}"


def scenario_problem(err: ScenarioError, lang: str) -> str:
    """A scenario validation message in `lang`.

    Uses the problem's code and values (`ScenarioError.reason`, `.details`) for Dutch;
    the English message is the error's own (which may say where the value came from).
    """
    key = f"problem.{err.reason}"
    if _check_lang(lang) != "nl" or key not in TEXT or err.key not in SPECS:
        return str(err)
    details = dict(err.details)
    shown = details.pop("value", "")
    if isinstance(shown, float | int) and not isinstance(shown, bool):
        shown = typed(shown, lang)
    for size in ("need_gib", "have_gib"):  # sizes as the English message writes them
        if size in details:
            details[size] = number(details[size], 1, lang)
    return text(key, lang, key=err.key, value=shown, allowed=allowed(err.key, lang), **details)


@dataclass(frozen=True)
class Anchor:
    """What a lever's ends mean in practice, and how to read one value of it (a view of `TEXT`).

    Attributes:
        low_en: What 0 means, in English.
        high_en: What 1 means, in English.
        low_nl: What 0 means, in Dutch.
        high_nl: What 1 means, in Dutch.
        reading_en: How to read a value, in English: a template filled by `lever_reading`.
        reading_nl: The same in Dutch.
    """

    low_en: str
    high_en: str
    low_nl: str
    high_nl: str
    reading_en: str = ""
    reading_nl: str = ""


#: Every lever's anchors, by lever: a view of the ``anchor.*`` keys of `TEXT`.
LEVER_ANCHORS: dict[str, Anchor] = {
    lever: Anchor(
        *TEXT[f"anchor.{lever}.low"][:1], *TEXT[f"anchor.{lever}.high"][:1],
        *TEXT[f"anchor.{lever}.low"][1:], *TEXT[f"anchor.{lever}.high"][1:],
        *TEXT.get(f"anchor.{lever}.reading", ("", "")),
    )
    for lever in LEVERS
    if f"anchor.{lever}.low" in TEXT
}  # fmt: skip


def lever_anchors(name: str, lang: str) -> tuple[str, str] | None:
    """What 0 and what 1 mean for lever `name`, or None if it has no anchors yet."""
    if f"anchor.{name}.low" not in TEXT:
        return None
    return text(f"anchor.{name}.low", lang), text(f"anchor.{name}.high", lang)


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
    key = f"anchor.{name}.reading"
    if key not in TEXT or name not in params:
        return ""
    template = text(key, lang)
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
        from bpsim.core.mechanisms.rule_reflex import REFLEX_STEP

        filled["reflex_step"] = number(REFLEX_STEP * v, 3, lang)
    if "effort_hours" in params:
        hours = float(params["effort_hours"]) * v
        filled["hours"] = number(hours, 0 if abs(hours - round(hours)) < 1e-9 else 1, lang)
    try:
        return template.format(**filled)
    except KeyError:  # a parameter the reading needs is missing: say nothing wrong
        return ""
