"""The dashboard's words in English and Dutch.

Outcome and lever labels come from `bpsim.i18n` (shared with the comparison report,
so a lever has one name everywhere); this module adds what only the dashboard says:
buttons, headings, help text, the best-person types, agency names and the Dutch
meaning of every scenario parameter. English parameter meanings come from
`bpsim.scenario.SPECS`, the single source of truth; a parameter added there without
a Dutch meaning here is shown with its English meaning rather than hidden.
"""

from __future__ import annotations

from bpsim import i18n as shared
from bpsim.dashboard.settings import without_paths
from bpsim.scenario import SPECS, ScenarioError

#: Languages the dashboard speaks, in the order of the switch.
LANGS: tuple[str, ...] = shared.LANGS

# fmt: off
#: Interface text by key: (English, Dutch). Placeholders use str.format.
TEXT: dict[str, tuple[str, str]] = {
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
    "higher_better": ("higher is better", "hoger is beter"),
    "lower_better": ("lower is better", "lager is beter"),
    "zero_better": ("closer to 0 is better", "dichter bij 0 is beter"),
    "not_yet": ("not yet measured", "nog niet gemeten"),
    "pp": ("pp", "%-punt"),
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
    "figures": ("Figures", "Figuren"),
    "no_figures": ("No figures (PNG files) in this folder.",
                   "Geen figuren (PNG-bestanden) in deze map."),
    "reports": ("Reports", "Rapporten"),
    "show_report": ("Show report", "Rapport tonen"),
    "hide_report": ("Hide report", "Rapport verbergen"),
    "download": ("Download", "Downloaden"),
    "refresh": ("Look again", "Opnieuw kijken"),
    "too_large": ("{file} is too large to show here ({mib:.0f} MiB); download it instead.",
                  "{file} is te groot om hier te tonen ({mib:.0f} MiB); download het."),
    # --- compare as a workbench ---
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
    # --- a lever changed mid-run ---
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
    # --- take it with you: downloads and shared addresses ---
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
}

#: Best-person types: class name -> (English, Dutch), the research's own Dutch terms.
BEST_PERSON_TYPES: dict[str, tuple[str, str]] = {
    "EverydayDoer": ("everyday doer", "alledaagse doener"),
    "FrontlineBestPerson": ("frontline best person", "frontliniewerker (best person)"),
    "SocialEntrepreneur": ("social entrepreneur", "sociale ondernemer"),
    "BridgeBuilder": ("bridge builder", "bruggenbouwer"),
}

#: Agency names used by the model -> Dutch.
AGENCY_NL: dict[str, str] = {
    "municipality": "gemeente",
    "housing corporation": "woningcorporatie",
    "health care": "zorg",
    "youth care": "jeugdzorg",
    "welfare organisation": "welzijnsorganisatie",
    "debt counselling": "schuldhulpverlening",
    "employment service": "werkplein",
    "police": "politie",
    "mental health care": "ggz",
    "district team": "wijkteam",
    "school": "school",
    "GP practice": "huisartsenpraktijk",
}

#: Dutch meaning of every scenario parameter that is not a lever (levers: bpsim.i18n).
PARAMETER_MEANING_NL: dict[str, str] = {
    "n_households": "Huishoudens in de wijk.",
    "n_agencies": "Instanties die in de wijk werken; meer instanties dan domeinen betekent "
                  "dat één domein procedures van meerdere instanties vraagt (versnippering).",
    "workers_per_1000": "Frontlijnmedewerkers (geen best persons) per 1.000 huishoudens, "
                        "verdeeld over de instanties (minstens één per instantie).",
    "everyday_doers_per_1000": "Alledaagse doeners (bewoners die problemen in hun eigen straat "
                               "oplossen) per 1.000 huishoudens.",
    "frontline_best_persons_per_1000": "Frontliniewerkers (professionals binnen instanties die "
                                       "door procedures heen breken) per 1.000 huishoudens.",
    "social_entrepreneurs_per_1000": "Sociale ondernemers (initiatieven die hulp in een domein "
                                     "toevoegen) per 1.000 huishoudens.",
    "bridge_builders_per_1000": "Bruggenbouwers (warme overdrachten, één plan voor huishoudens "
                                "met veel problemen) per 1.000 huishoudens.",
    "latent_share": "Aandeel bewoners en werkers dat een verborgen best person is, te vinden "
                    "door scouting.",
    "best_person_empathy": "Empathie van best persons.",
    "best_person_entrepreneurship": "Ondernemerschap van best persons (toewijding, risico "
                                    "nemen, resultaatgerichtheid).",
    "worker_empathy": "Empathie van frontlijnmedewerkers bij indiensttreding.",
    "training_ceiling": "Hoeveel empathie training hoogstens aan een werker kan toevoegen.",
    "need_onset_rate": "Kans per week dat een huishouden zonder probleem in een domein er "
                       "een krijgt.",
    "problem_spillover": "Extra kans op een nieuw probleem per ander onopgelost probleem "
                         "(multiprobleemhuishoudens).",
    "entitled_share": "Aandeel problemen waarvoor het huishouden recht heeft op formele hulp.",
    "self_resolution_rate": "Kans per week dat een probleem zonder hulp verdwijnt (vóór hulp "
                            "via banden).",
    "stress_capacity_effect": "Hoeveel volledige stress het doenvermogen verlaagt.",
    "help_resolution_rate": "Kans per week dat een probleem met formele hulp wordt opgelost.",
    "informal_resolution_rate": "Kans per week dat een licht probleem waarbij een best person "
                                "informeel helpt, wordt opgelost.",
    "procedure_steps_min": "Stappen in een procedure zonder regeldruk.",
    "procedure_steps_max": "Stappen in een procedure bij volledige regeldruk.",
    "step_difficulty": "Moeilijkheid van één procedurestap (leer- en nalevingskosten).",
    "seek_rate": "Kans per week dat een volledig geïnformeerd, vertrouwend huishouden hulp "
                 "zoekt voor een probleem.",
    "eligibility_error": "Aandeel terechte aanvragen dat ten onrechte wordt afgewezen bij "
                         "volledige regeldruk, zonder ruimte of persoonlijk contact.",
    "discretion_error": "Aandeel zaken zonder recht op hulp dat een best person die buiten "
                        "de procedure beslist toch toekent (oordeel over nood, niet over recht).",
    "audit_rate": "Kans per week dat het dossier van een lopende toekenning wordt gecontroleerd "
                  "(rechtmatigheid); een gevonden onterechte toekenning is een incident.",
    "case_hours": "Uren van medewerkers om over één aanvraag te beslissen, zonder regeldruk.",
    "help_hours": "Uren per week die een probleem met hulp van zijn instantie vraagt "
                  "(casemanagement), vóór nieuwe aanvragen aan de beurt zijn.",
    "case_hours_burden": "Extra uren per aanvraag bij volledige regeldruk, ten opzichte van "
                         "case_hours (controles, verantwoording).",
    "agency_coordination": "Kans dat instanties uit zichzelf met één plan werken voor een "
                           "multiprobleemhuishouden.",
    "staff_hours": "Werkuren van een frontlijnmedewerker per week.",
    "worker_discretion": "Ruimte die de regels gewone werkers laten (neemt af als de "
                         "regeldruk stijgt).",
    "burnout_rate": "Hoe snel werkdruk en bureaucratie tot burn-out leiden.",
    "turnover_rate": "Kans per week dat een werker zonder burn-out vertrekt.",
    "turnover_burnout": "Extra kans per week op vertrek bij volledige burn-out.",
    "hiring_delay": "Weken voordat een vertrokken werker is vervangen.",
    "effort_hours": "Uren per instantie per week die volledige scouting of volledige "
                    "training kost.",
    "best_person_hours": "Uren per week die een best person besteedt.",
    "best_person_exit_rate": "Kans per week dat een best person stopt om redenen buiten het "
                             "werk in de wijk (verhuizing, nieuwe baan, ziekte, pensioen).",
    "blocked_drain": "Hoogstens zoveel energie verliest een best person per week door "
                     "tegengehouden te worden: handelingen die de regels weigeren, gevraagde "
                     "verantwoordingsuren, afgewezen subsidieaanvragen.",
    "success_recovery": "Energie die een best person terugkrijgt per geholpen huishouden "
                        "(zingeving).",
    "subsidy_horizon": "Weken dat de subsidie van een initiatief loopt voordat die opnieuw "
                       "moet worden aangevraagd.",
    "trust_learning_rate": "Hoe ver één contact met een instantie het vertrouwen naar de "
                           "ervaring verschuift.",
    "trust_spread": "Hoe snel vertrouwen via banden naar dat van buren beweegt.",
    "tie_decay": "Aandeel banden dat per week vervaagt.",
    "take_up_window": "Weken waarna een probleem met recht op hulp zonder hulp telt als "
                      "niet-gebruik.",
    "steps": "Aantal weken om te simuleren (260 = vijf jaar).",
}
# fmt: on


# fmt: off
#: Units of the parameter table, in Dutch.
UNIT_NL: dict[str, str] = {
    "agencies": "instanties",
    "effort 0-1": "inzet 0-1",
    "energy per success": "energie per succes",
    "energy per week": "energie per week",
    "hours per agency per week": "uren per instantie per week",
    "hours per case": "uren per zaak",
    "hours per problem per week": "uren per probleem per week",
    "hours per week": "uren per week",
    "households": "huishoudens",
    "index 0-1": "index 0-1",
    "per contact": "per contact",
    "per domain per week": "per domein per week",
    "per week": "per week",
    "persons": "personen",
    "persons per 1,000 households": "personen per 1.000 huishoudens",
    "workers per 1,000 households": "werkers per 1.000 huishoudens",
    "relative": "relatief",
    "relative risk per problem": "relatief risico per probleem",
    "share": "aandeel",
    "share per year": "aandeel per jaar",
    "steps": "stappen",
    "weeks": "weken",
    "workers": "werkers",
}

#: What is wrong with a scenario value (`ScenarioError.reason`), in Dutch.
PROBLEM_NL: dict[str, str] = {
    "not_number": "parameter '{key}': waarde {value} is geen getal; toegestaan: {allowed}",
    "not_finite": "parameter '{key}': waarde {value} is geen eindig getal; toegestaan: {allowed}",
    "not_whole": "parameter '{key}': waarde {value} is geen geheel getal; toegestaan: {allowed}",
    "out_of_range": "parameter '{key}': waarde {value} valt buiten het bereik; "
                    "toegestaan: {allowed}",
    "steps_below_min": "parameter '{key}': waarde {value} is lager dan procedure_steps_min "
                       "({low}); toegestaan: een geheel getal van {low} tot {high}",
    "memory": "parameter '{key}': waarde {value} vraagt ongeveer {need_gib:.1f} GiB, meer dan "
              "de helft van de {have_gib:.1f} GiB van deze machine; toegestaan: een kleinere "
              "bevolking",
}
# fmt: on


def unit(name: str, lang: str) -> str:
    """The unit of a parameter in `lang`."""
    en = SPECS[name].unit
    return UNIT_NL.get(en, en) if lang == "nl" else en


def _plain(value: float | int, lang: str) -> str:
    text = str(value)
    return text.replace(".", ",") if lang == "nl" else text


def allowed(name: str, lang: str) -> str:
    """The values a parameter allows, in `lang` (``ParamSpec.allowed`` in English)."""
    spec = SPECS[name]
    if lang != "nl":
        return spec.allowed
    kind = "een geheel getal" if spec.integer else "een getal"
    return f"{kind} van {_plain(spec.low, lang)} tot {_plain(spec.high, lang)}"


def scenario_problem(err: ScenarioError, lang: str) -> str:
    """A scenario validation message in `lang`.

    Uses the problem's code and values (`ScenarioError.reason`, `.details`) for Dutch;
    falls back to the English message for a problem without a code.
    """
    if lang != "nl" or err.reason not in PROBLEM_NL:
        return without_paths(str(err))
    details = dict(err.details)
    value = details.pop("value", "")
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = _plain(value, lang)
    template = PROBLEM_NL[err.reason]
    return template.format(key=err.key, value=value, allowed=allowed(err.key, lang), **details)


def text(key: str, lang: str, **values: object) -> str:
    """Interface text `key` in `lang`, with `values` filled in.

    Raises:
        KeyError: For an unknown key (a typo should fail loudly in tests).
    """
    en, nl = TEXT[key]
    template = nl if lang == "nl" else en
    return template.format(**values) if values else template


def outcome_label(name: str, lang: str) -> str:
    """Short label of an outcome (shared with the comparison report)."""
    return shared.outcome_label(name, lang)


def outcome_meaning(name: str, lang: str) -> str:
    """One-line meaning of an outcome."""
    return shared.outcome_meaning(name, lang)


def parameter_label(name: str, lang: str) -> str:
    """A lever's label in `lang`; other parameters go by their own name (as in files)."""
    return shared.parameter_label(name, lang)


def parameter_meaning(name: str, lang: str) -> str:
    """Plain-language meaning of a parameter in `lang`.

    English comes from `SPECS` (the parameter table); Dutch from `bpsim.i18n` for the
    levers and from this module for the rest, falling back to English.
    """
    if lang == "nl":
        if name in shared.LEVER_LABELS:
            meaning = shared.LEVER_LABELS[name].meaning_nl
            ends = shared.lever_anchors(name, "nl")
            # The ends in words, as the English parameter table gives them for freedom.
            anchors = f" 0: {ends[0]}; 1: {ends[1]}." if ends else ""
            return meaning[0].upper() + meaning[1:] + "." + anchors
        if name in PARAMETER_MEANING_NL:
            return PARAMETER_MEANING_NL[name]
    return SPECS[name].meaning


def best_person_type(class_name: str, lang: str) -> str:
    """Name of a best-person type (by agent class name) in `lang`."""
    en, nl = BEST_PERSON_TYPES[class_name]
    return nl if lang == "nl" else en


def agency_name(name: str, lang: str) -> str:
    """An agency's name in `lang`."""
    return AGENCY_NL.get(name, name) if lang == "nl" else name


def number(value: float, decimals: int, lang: str, sign: bool = False) -> str:
    """A number in the language's style (0.5 / 0,5); NaN as a dash."""
    return shared.number(value, decimals, lang, sign=sign)
