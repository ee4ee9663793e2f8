"""Names are names: the rule for scenario and experiment names, and for free text.

A scenario's or experiment's name becomes part of file names (``bpsim run`` writes
``NAME-seed0.csv``, ``bpsim analyse`` draws ``headline_NAME.png``), so a name must
never be a path: ``../../x`` or ``/tmp/x`` would write outside the output folder.
Files are checked against `NAME_RULE` when they load (`name_problem`); wherever a
name becomes a path, `file_stem` maps it to a safe form as well, for names that
reach a face without passing a file check (a scenario built in Python, an old
store).
"""

from __future__ import annotations

import re

#: Letters (any script), digits, spaces and . _ - + ( ); a letter or digit first, no
#: space or dot last (Windows drops those); no path separators or control characters.
_NAME = re.compile(r"[^\W_](?:[\w .+()-]{0,98}[\w+()-])?")
NAME_MAX = 100
NAME_RULE = (
    f"letters, digits, spaces and . _ - + ( ), starting with a letter or digit, at most "
    f"{NAME_MAX} characters (no '/', '\\' or '..')"
)
#: Longest description a scenario or experiment file may give (characters); the same
#: limit cuts descriptions in provenance records and reports (`bpsim.machinery.provenance`).
DESCRIPTION_LIMIT = 2000


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a scenario or experiment name, or None if it can."""
    if _NAME.fullmatch(name) and ".." not in name:
        return None
    return f"is not allowed; allowed: {NAME_RULE}"


def shown(text: str, limit: int = 60) -> str:
    """`text` for an error message: cut, with control characters made visible."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(text)


def file_stem(name: str) -> str:
    """`name` as a safe part of a file name: every other character becomes ``_``.

    A name that passes `name_problem` comes back unchanged.
    """
    if name_problem(name) is None:
        return name
    stem = re.sub(r"[^\w.+()-]", "_", name).replace("..", "_")
    stem = stem.lstrip("._-+()").rstrip(". ")[:NAME_MAX]
    return stem or "unnamed"
