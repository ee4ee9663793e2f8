"""English and Dutch words for outcomes, levers and report text.

Policy advisors in Dutch municipalities work in Dutch, so every face that shows
results to them (the comparison report, the terminal table, the dashboard) takes
its labels from here. Dutch labels use the research's own Dutch terms where it has
them (bewegingsvrijheid, regeldruk, doenvermogen, frontliniewerker, best persons).

Numbers follow the language's conventions: ``0.5`` in English, ``0,5`` in Dutch;
shares are shown as percentages and their differences in percentage points,
because that is how take-up and turnover figures are read in policy documents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
        "share of entitled needs that received help",
        "aandeel van de problemen met recht op hulp dat ook hulp kreeg", "share"),
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
        "Worker burnout", "Burn-out frontliniewerkers",
        "mean burnout of ordinary frontline workers (0-1)",
        "gemiddelde burn-out van gewone frontliniewerkers (0-1)"),
    "worker_turnover": Label(
        "Worker turnover", "Verloop frontliniewerkers",
        "share of ordinary frontline workers who left, cumulative",
        "aandeel gewone frontliniewerkers dat is vertrokken, opgeteld", "share"),
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
        "staff and best-person hours spent per problem solved",
        "uren van medewerkers en best persons per opgelost probleem", "hours"),
    "wellbeing": Label(
        "Wellbeing", "Welzijn",
        "mean resident wellbeing and liveability (0-1)",
        "gemiddeld welzijn en leefbaarheid voor bewoners (0-1)"),
    **{
        f"take_up_q{q}": Label(
            f"Take-up, capacity quintile {q}", f"Gebruik van hulp, kwintiel doenvermogen {q}",
            f"take-up in capacity quintile {q} (1 = least capacity to act)",
            f"gebruik van hulp in kwintiel {q} van doenvermogen (1 = minste doenvermogen)",
            "share")
        for q in range(1, 6)
    },
    "worker_practice": Label(
        "Practice taken on by workers", "Werkwijze overgenomen door werkers",
        "mean practice ordinary workers took on from best persons (0-1)",
        "gemiddelde mate waarin gewone werkers de werkwijze van best persons overnamen (0-1)"),
    "worker_empathy": Label(
        "Worker empathy", "Empathie van werkers",
        "mean empathy of ordinary workers (0-1)",
        "gemiddelde empathie van gewone werkers (0-1)"),
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
        "inzet om gewone werkers in empathie te trainen"),
    "professional_learning": Label(
        "Professional learning", "Professioneel leren",
        "how fast workers take on best persons' ways by working beside them",
        "hoe snel werkers de werkwijze van best persons overnemen door naast hen te werken"),
}
# fmt: on

#: Report and terminal text, by key: English, Dutch. Placeholders use str.format.
TEXT: dict[str, tuple[str, str]] = {
    # --- titles and headings ---
    "title": ("Comparison of scenarios", "Vergelijking van scenario's"),
    "summary": ("Summary", "Samenvatting"),
    "results": ("Results per outcome", "Resultaten per uitkomst"),
    "figures": ("Figures", "Figuren"),
    "assumptions": ("Assumptions and limits", "Aannames en beperkingen"),
    "provenance": ("Provenance", "Herkomst"),
    "what_compared": ("What was compared", "Wat is vergeleken"),
    # --- table headings ---
    "col_outcome": ("Outcome", "Uitkomst"),
    "col_difference": ("Difference {b} − {a}", "Verschil {b} − {a}"),
    "col_ci": ("95% interval", "95%-interval"),
    "col_effect": ("Effect (SD)", "Effect (SD)"),
    "col_verdict": ("Verdict", "Oordeel"),
    "col_meaning": ("Meaning", "Betekenis"),
    "col_item": ("Item", "Onderdeel"),
    "col_value": ("Value", "Waarde"),
    "col_parameter": ("Parameter", "Parameter"),
    # --- verdicts (from b's side) ---
    "verdict_better": ("{b} better", "{b} beter"),
    "verdict_worse": ("{a} better", "{a} beter"),
    "verdict_unclear": ("no clear difference", "geen duidelijk verschil"),
    "verdict_undefined": ("cannot be computed", "niet te berekenen"),
    # --- effect sizes on Cohen's scale ---
    "size_negligible": ("negligible", "verwaarloosbaar"),
    "size_small": ("small", "klein"),
    "size_medium": ("medium", "middelgroot"),
    "size_large": ("large", "groot"),
    # --- units ---
    "pp": ("pp", "procentpunt"),
    "weeks": ("weeks", "weken"),
    "hours": ("hours", "uur"),
    # --- terminal ---
    "progress": ("Running {runs} runs", "{runs} runs bezig"),
    "progress_more": ("Adding replications (now {n})", "Replicaties toevoegen (nu {n})"),
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


def size_word(effect_size: float, lang: str) -> str:
    """Cohen's words for a standardised difference: negligible, small, medium, large.

    Thresholds 0.2, 0.5 and 0.8 (Cohen 1988), for a difference in standard
    deviations of the outcome between runs (d_av), not of the paired differences.
    """
    size = abs(effect_size)
    if math.isnan(size):
        return ""
    key = (
        "size_negligible"
        if size < 0.2
        else "size_small"
        if size < 0.5
        else "size_medium"
        if size < 0.8
        else "size_large"
    )
    return text(key, lang)
