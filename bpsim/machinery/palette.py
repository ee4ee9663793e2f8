"""One colour per scenario, the same in the compare report and the dashboard.

The reference scenario (the first one named) takes the first colour, the next the
second, and so on: ``bpsim compare restricted open`` draws restricted blue and
open orange, and the dashboard's Compare tab does the same for the same order.
The colours are Okabe-Ito's, readable for colour-blind readers; none of them is
red, so no scenario looks "worse" by its colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Colours per scenario position, the reference first.
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def scenario_colour(position: int) -> str:
    """The colour of the scenario at `position` (0 = the reference); repeats after six."""
    return SCENARIO_COLOURS[position % len(SCENARIO_COLOURS)]


def scenario_colours(scenarios: Sequence[str]) -> dict[str, str]:
    """A colour per scenario name, in the order given."""
    return {name: scenario_colour(k) for k, name in enumerate(scenarios)}
