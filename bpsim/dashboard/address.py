"""The dashboard's address: which page, scenario, levers and seed a view shows.

The query string of the address holds the view, so a visitor can bookmark it or
send it to a colleague, whose browser then opens the same view::

    /?page=explore&scenario=open.toml&seed=3&rule_burden=0.4
    /?page=compare&s1=restricted.toml&s2=open.toml&s3=levers&s3.rule_burden=0.2&runs=5

Keys: ``page`` (explore, compare, scenarios, results), ``lang`` (en, nl), ``seed``.
Explore: ``scenario`` (a file in the scenario folder, or ``defaults``) and a lever
name per lever that differs from that file. Compare: ``s1`` .. ``s4`` (a file, or
``levers`` for levers set on the page, starting from the page's base scenario),
``s<k>.<lever>`` for such a slot's levers that differ from the base, and ``runs``
(seeds per scenario). Lever names come from `bpsim.core.scenario.LEVERS`, so a new
lever is in the address without a change here.

Parsing never fails: a value that cannot be used is left out and reported as a
`Problem` the page shows, naming the key, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from bpsim.core.scenario import LEVERS, SPECS
from bpsim.dashboard.workbench import MAX_RUNS, MAX_SCENARIOS

#: Pages in the order of the tabs.
PAGES: tuple[str, ...] = ("explore", "compare", "scenarios", "results")
#: The slot value meaning "levers set on the page".
CUSTOM = "levers"
#: The scenario value meaning "every parameter at its default".
DEFAULTS = "defaults"


@dataclass(frozen=True)
class Problem:
    """A part of the address that could not be used.

    Attributes:
        key: The query key.
        value: Its value as given.
        why: What is allowed.
    """

    key: str
    value: str
    why: str


@dataclass
class View:
    """What an address asks for; None (or empty) means "the page's default".

    Attributes:
        page: One of `PAGES`.
        lang: ``en``, ``nl`` or None.
        seed: The seed (Explore) or base seed (Compare).
        scenario: Explore's scenario file; ``""`` for the defaults.
        levers: Explore's lever values that differ from its scenario.
        slots: Compare's scenarios: (file, or `CUSTOM`) with that slot's levers.
        runs: Compare's runs per scenario.
        problems: What could not be used.
    """

    page: str = PAGES[0]
    lang: str | None = None
    seed: int | None = None
    scenario: str | None = None
    levers: dict[str, float] = field(default_factory=dict)
    slots: list[tuple[str, dict[str, float]]] = field(default_factory=list)
    runs: int | None = None
    problems: list[Problem] = field(default_factory=list)


def _lever_value(key: str, name: str, raw: str, problems: list[Problem]) -> float | None:
    spec = SPECS[name]
    allowed = f"a number from {spec.low:g} to {spec.high:g}"
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not spec.low <= value <= spec.high:  # NaN fails too
        problems.append(Problem(key, raw, allowed))
        return None
    return value


def _whole(key: str, raw: str, low: int, high: int | None, problems: list[Problem]) -> int | None:
    allowed = f"a whole number from {low} to {high}" if high else f"a whole number >= {low}"
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < low or (high is not None and value > high):
        problems.append(Problem(key, raw, allowed))
        return None
    return value


def parse(search: str | None, files: Sequence[str], langs: Sequence[str]) -> View:
    """The view a query string asks for.

    Args:
        search: The query string, without the ``?`` (None or empty: the default view).
        files: Scenario files the page can offer.
        langs: Languages the page speaks.

    Returns:
        The view, with a `Problem` for every part that could not be used.
    """
    view = View()
    problems = view.problems
    slots: dict[int, list] = {}
    for key, raw in parse_qsl(search or "", keep_blank_values=True):
        if key == "page":
            if raw in PAGES:
                view.page = raw
            else:
                problems.append(Problem(key, raw, "one of " + ", ".join(PAGES)))
        elif key == "lang":
            if raw in langs:
                view.lang = raw
            else:
                problems.append(Problem(key, raw, "one of " + ", ".join(langs)))
        elif key == "seed":
            view.seed = _whole(key, raw, 0, None, problems)
        elif key == "runs":
            view.runs = _whole(key, raw, 1, MAX_RUNS, problems)
        elif key == "scenario":
            if raw == DEFAULTS:
                view.scenario = ""
            elif raw in files:
                view.scenario = raw
            else:
                problems.append(Problem(key, raw, "a scenario file of this dashboard or defaults"))
        elif key in LEVERS:
            value = _lever_value(key, key, raw, problems)
            if value is not None:
                view.levers[key] = value
        elif key[:1] == "s" and key[1:].split(".")[0].isdigit():
            number, _, lever = key[1:].partition(".")
            k = int(number)
            if not 1 <= k <= MAX_SCENARIOS:
                problems.append(Problem(key, raw, f"scenarios s1 to s{MAX_SCENARIOS}"))
            elif not lever:
                if raw == CUSTOM or raw in files:
                    slots.setdefault(k, [None, {}])[0] = raw
                else:
                    problems.append(Problem(key, raw, f"a scenario file or {CUSTOM}"))
            elif lever in LEVERS:
                value = _lever_value(key, lever, raw, problems)
                if value is not None:
                    slots.setdefault(k, [None, {}])[1][lever] = value
            else:
                problems.append(Problem(key, raw, "a lever: " + ", ".join(LEVERS)))
        else:
            problems.append(Problem(key, raw, "a key this dashboard knows"))
    view.slots = [(what, levers) for _, (what, levers) in sorted(slots.items()) if what]
    return view


def explore_query(scenario: str, levers: Mapping[str, float], base: Mapping[str, float],
                  seed: int) -> dict[str, str]:  # fmt: skip
    """Explore's part of the address: its scenario, the levers that differ, the seed."""
    query = {"scenario": scenario or DEFAULTS}
    query.update({k: f"{v:g}" for k, v in levers.items() if v != base.get(k)})
    if seed:
        query["seed"] = str(seed)
    return query


def compare_query(slots: Sequence[tuple[str, Mapping[str, float]]], base: Mapping[str, float],
                  runs: int, seed: int) -> dict[str, str]:  # fmt: skip
    """Compare's part of the address: each slot's file or levers, the runs and seed."""
    query: dict[str, str] = {}
    for k, (what, levers) in enumerate(slots, start=1):
        query[f"s{k}"] = what
        if what == CUSTOM:
            query.update({f"s{k}.{n}": f"{v:g}" for n, v in levers.items() if v != base.get(n)})
    query["runs"] = str(runs)
    if seed:
        query["seed"] = str(seed)
    return query


def encode(page: str, lang: str, query: Mapping[str, str]) -> str:
    """The query string (without ``?``) for a page, language and page part."""
    return urlencode({"page": page, "lang": lang, **query}, safe=".,:")
