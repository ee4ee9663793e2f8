"""What the model can and cannot tell you, as data: its emergence notes in one place.

A report that shows differences between scenarios must also say which of them the
model could produce at all. docs/ODD.md §4.2 (Emergence) names the outcomes that
arise from the interplay of mechanisms and the relations that a submodel imposes by
a direct term; the comparison report's box "What this model can and cannot tell you"
is generated from the notes here, and a test keeps the two in step (every bullet of
§4.2 is matched by one note's ``odd`` phrase, and every phrase is found there).
Besides those, the notes list what the model does not count and questions it cannot
answer.

When the model changes, change the notes here and ODD §4.2 together.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Kinds of note, in the order the report shows them.
KINDS: tuple[str, ...] = ("emerges", "imposed", "not_counted", "cannot")


@dataclass(frozen=True)
class Note:
    """One thing the model can or cannot show.

    Attributes:
        kind: ``emerges`` (arises from mechanisms; nothing sets it directly),
            ``imposed`` (a direct term in a submodel: the model assumes it, so it is
            no evidence for it), ``not_counted`` (costs or effects outside the model)
            or ``cannot`` (questions the model cannot answer).
        en: The note in English, in plain words.
        nl: The same in Dutch.
        odd: A phrase of ODD §4.2's bullet this note stands for (empty for notes
            that are not in §4.2).
        until_outcome: For a ``not_counted`` note: the outcome whose arrival in
            `bpsim.core.outcomes.OUTCOMES` means it is counted after all, so the note is
            dropped by itself (empty if none).
    """

    kind: str
    en: str
    nl: str
    odd: str = ""
    until_outcome: str = ""

    def text(self, lang: str) -> str:
        """The note in `lang` (``en`` or ``nl``)."""
        return self.nl if lang == "nl" else self.en


# fmt: off
NOTES: tuple[Note, ...] = (
    # --- emerges (ODD §4.2, list "Emerges") ---
    Note("emerges",
         "which side, restricted or open freedom of movement, does better on which outcome, "
         "and at which rule burden and rule reflex",
         "welke kant, ingeperkte of open bewegingsvrijheid, beter uitkomt op welke uitkomst, "
         "en bij welke regeldruk en risico-regelreflex",
         odd="**Which side wins, restricted or open, on which outcome.**"),
    Note("emerges",
         "how many best persons keep going",
         "hoeveel best persons het volhouden",
         odd="**The retention gap**"),
    Note("emerges",
         "how large the effect of freedom of movement on take-up is, compared with lifting "
         "rule burden for everyone",
         "hoe groot het effect van bewegingsvrijheid op het gebruik van hulp is, vergeleken "
         "met minder regeldruk voor iedereen",
         odd="**The size of the freedom effect**"),
    Note("emerges",
         "how many incidents there are and how heavy the rules in force become",
         "hoeveel incidenten er zijn en hoe zwaar de geldende regels worden",
         odd="**Incidents and the effective rule burden**"),
    Note("emerges",
         "how unequal best persons' reach is between equally capable households",
         "hoe ongelijk best persons even kwetsbare huishoudens bereiken",
         odd="**The treatment gap**"),
    Note("emerges",
         "queues at agencies and burnout of frontline staff",
         "wachtrijen bij instanties en burn-out van frontlijnmedewerkers",
         odd="**The queue and capacity regime.**"),
    Note("emerges",
         "how many problems best persons solve themselves",
         "hoeveel problemen best persons zelf oplossen",
         odd="**Best persons' share of solved problems**"),
    Note("emerges",
         "take-up of help and how much lower it is for residents with little capacity to act; "
         "trust; ties; and the effect of a few best persons through the many later decisions "
         "they touch",
         "het gebruik van hulp en hoeveel lager dat is bij bewoners met weinig doenvermogen; "
         "vertrouwen; banden; en het effect van een paar best persons via de vele latere "
         "beslissingen die ze raken",
         odd="**Take-up and its gradient by capacity** follow"),
    # --- imposed (ODD §4.2, list "Imposed") ---
    Note("imposed",
         "heavier rules mean more and harder procedure steps, longer decisions, more wrongful "
         "refusals, less room for staff, and more burnout",
         "zwaardere regels betekenen meer en moeilijker processtappen, langere besluiten, meer "
         "onterechte afwijzingen, minder ruimte voor medewerkers en meer burn-out",
         odd="The **effective rule burden** sets"),
    Note("imposed",
         "freedom of movement acts only by letting best persons' actions outside the rules "
         "through or not, and by letting them skip reports",
         "bewegingsvrijheid werkt alleen doordat handelingen van best persons buiten de regels "
         "wel of niet doorgaan, en doordat ze verantwoording mogen overslaan",
         odd="**Freedom of movement** enters in two places only"),
    Note("imposed",
         "decisions outside procedure make errors at assumed rates; audits find wrongful grants "
         "at an assumed rate, and each incident tightens the rules by an assumed step",
         "besluiten buiten de procedure maken fouten in aangenomen mate; controles vinden "
         "onterechte toekenningen in aangenomen mate, en elk incident maakt de regels met een "
         "aangenomen stap zwaarder",
         odd="**Errors of discretion** are rates"),
    Note("imposed",
         "a frontline best person free to choose takes the households they know first",
         "een frontliniewerker die mag kiezen, neemt eerst de huishoudens die die kent",
         odd="**Favouritism** is the selection rule"),
    Note("imposed",
         "being blocked and reporting drain best persons' energy and helping restores it (the "
         "form is assumed; how often it happens is not)",
         "tegengehouden worden en verantwoorden kosten best persons energie en helpen geeft die "
         "terug (de vorm is aangenomen; hoe vaak het gebeurt niet)",
         odd="**Energy** is drained by strain"),
    Note("imposed",
         "households tell empathic best persons more, and entrepreneurial ones act on more of "
         "what they hear",
         "huishoudens vertellen empathische best persons meer, en ondernemende doen met meer "
         "van wat ze horen iets",
         odd="**Telling and acting**"),
    Note("imposed",
         "personal contact counts as a better experience and means fewer wrongful refusals",
         "persoonlijk contact telt als een betere ervaring en geeft minder onterechte "
         "afwijzingen",
         odd="Personal contact is valued more highly"),
    Note("imposed",
         "staff who take on best persons' ways need fewer hours per case",
         "medewerkers die de werkwijze van best persons overnemen, hebben minder uren per "
         "zaak nodig",
         odd="Practice cuts case hours directly"),
    Note("imposed",
         "best persons' visits, initiatives and contacts add ties between people",
         "bezoeken, initiatieven en contacten van best persons leggen banden tussen mensen",
         odd="Everyday doers' visits and initiatives add bonding/bridging ties"),
    Note("imposed",
         "agencies working from one plan count as one agency, decide once and share case "
         "management",
         "instanties die met één plan werken, tellen als één instantie, besluiten één keer en "
         "delen het casemanagement",
         odd="One plan is *defined* to count as one agency"),
    # --- not counted (not in ODD §4.2) ---
    Note("not_counted",
         "money: the model counts hours of staff and best persons, not budgets, salaries or "
         "subsidies in euros",
         "geld: het model telt uren van medewerkers en best persons, geen budgetten, salarissen "
         "of subsidies in euro's"),
    Note("not_counted",
         "the risks that rules exist to prevent when best persons act outside procedures: "
         "unequal treatment, help granted without entitlement, and incidents that bring new "
         "rules",
         "de risico's waartegen regels bedoeld zijn als best persons buiten procedures om "
         "werken: ongelijke behandeling, hulp zonder recht erop en incidenten die tot nieuwe "
         "regels leiden",
         until_outcome="wrongful_grants"),
    Note("not_counted",
         "what it takes to change policy: the politics, the organisation and the time",
         "wat een beleidswijziging vraagt: de politiek, de organisatie en de tijd"),
    # --- cannot ---
    Note("cannot",
         "how large effects would be in a real neighbourhood: most parameter values are "
         "assumptions, so compare scenarios with each other, not with real figures",
         "hoe groot effecten in een echte wijk zouden zijn: de meeste parameterwaarden zijn "
         "aannames, dus vergelijk scenario's met elkaar en niet met echte cijfers"),
    Note("cannot",
         "whether a policy caused a change that was seen in a real neighbourhood: the model "
         "shows what follows from its assumptions",
         "of een beleid een verandering veroorzaakte die in een echte wijk is gezien: het "
         "model laat zien wat uit zijn aannames volgt"),
)
# fmt: on


def notes(kind: str, outcomes=None) -> list[Note]:
    """The notes of one kind, leaving out those an outcome in `outcomes` has made obsolete.

    Args:
        kind: One of `KINDS`.
        outcomes: Outcome names the model reports (default: `bpsim.core.outcomes.OUTCOMES`).

    Returns:
        The notes, in their order in `NOTES`.
    """
    if kind not in KINDS:
        raise ValueError(f"note kind '{kind}' is not known; allowed: {', '.join(KINDS)}")
    if outcomes is None:
        from bpsim.core.outcomes import OUTCOMES

        outcomes = OUTCOMES
    return [
        n for n in NOTES if n.kind == kind and not (n.until_outcome and n.until_outcome in outcomes)
    ]
