"""The generated parts of docs/ODD.md: the parameter table and the constants table.

The ODD document describes the model in prose; its two tables are generated from
the code so they stay true while defaults are tuned:

- the parameter table from `bpsim.core.scenario.PARAMETERS`;
- the constants table from a registry of the module-level constants of the model
  modules (every module under `bpsim.core.mechanisms`, plus `bpsim.core.agents`,
  `bpsim.core.model` and `bpsim.core.outcomes`).

A *constant* is a module-level name in UPPER_CASE, assigned in that module's own
source to a literal number or a tuple of literals (values computed from other
names, dictionaries and classes are left out). Its meaning is the ``#:`` comment
directly above it (or a ``#:`` comment at the end of its line); a constant in a
run of consecutive assignments without a comment of its own shares the comment of
the run's first member, as in::

    #: Chance of giving up after a failed step: base, plus for lack of capacity ...
    ABANDON_BASE = 0.05
    ABANDON_LOW_CAPACITY = 0.25

A plain ``#`` comment is used as the meaning when there is no ``#:`` comment, but
the constant then counts as undocumented (`Constant.documented` is False).

`render_into` replaces the text between the marker lines
``<!-- parameters:start -->`` / ``<!-- parameters:end -->`` and
``<!-- constants:start -->`` / ``<!-- constants:end -->``; everything else in the
document is left as it is.

The same parameter table also generates a Python module, `bpsim.core.parameters`
(`parameters_module`): one frozen, slotted dataclass with a typed field per parameter,
which the model reads in its step, so type checkers and editors know every name.

``bpsim odd`` writes both, ``bpsim odd --check`` reports whether either is stale.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import pkgutil
import re
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bpsim.core.scenario import PARAMETERS, ParamSpec

#: Where the ODD document lives in a checkout of the repository.
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
ODD_PATH = _PACKAGE_DIR.parent / "docs" / "ODD.md"

#: Modules besides `bpsim.core.mechanisms.*` whose constants the constants table lists.
OTHER_CONSTANT_MODULES = (
    "bpsim.core.agents",
    "bpsim.core.model",
    "bpsim.core.outcomes",
    "bpsim.core.state",
)

#: The generated module of typed parameters (`parameters_module`), in the model core. Found
#: by path, not by importing it: a stale or broken one must still be rewritable.
PARAMETERS_MODULE_PATH = _PACKAGE_DIR / "core" / "parameters.py"

#: Names of the generated blocks of the ODD document, as in their marker lines.
BLOCKS = ("parameters", "constants")

_UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Constant:
    """One module-level constant of the model.

    Attributes:
        name: Its name, e.g. ``PASS_SLOPE``.
        module: Dotted module name, e.g. ``bpsim.core.mechanisms.procedures``.
        value: Its value as imported.
        comment: The comment that documents it (without the ``#:`` / ``#``).
        documented: Whether that comment is a ``#:`` documentation comment.
        line: Line of the assignment in the module's source.
        shares: The constant whose comment this one shares (first of its run), if any.
    """

    name: str
    module: str
    value: int | float | tuple
    comment: str
    documented: bool
    line: int
    shares: str | None = None

    @property
    def basis(self) -> str:
        """``assumption`` when the comment says so, a source when it cites one."""
        text = self.comment.lower()
        if "assumption" in text:
            return "assumption"
        if _YEAR.search(self.comment):
            return "source: see meaning"
        return "not stated in code (treat as assumption)"


def mechanism_modules() -> list[str]:
    """Dotted names of every submodel module under `bpsim.core.mechanisms`, sorted."""
    package = importlib.import_module("bpsim.core.mechanisms")
    return sorted(
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if not info.ispkg and not info.name.startswith("_")
    )


def constant_modules() -> list[str]:
    """Modules the constants table covers: the mechanisms, then agents, model, outcomes."""
    return [*mechanism_modules(), *OTHER_CONSTANT_MODULES]


def _comments(source: str) -> tuple[dict[int, str], dict[int, str]]:
    """Comments in `source`: those alone on their line, and those after code, by line."""
    alone: dict[int, str] = {}
    trailing: dict[int, str] = {}
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.COMMENT:
            continue
        row, col = tok.start
        target = alone if not lines[row - 1][:col].strip() else trailing
        target[row] = tok.string
    return alone, trailing


def _strip(comment: str) -> tuple[str, bool]:
    """The text of one comment line, and whether it is a ``#:`` documentation comment."""
    if comment.startswith("#:"):
        return comment[2:].strip(), True
    return comment[1:].strip(), False


def _block_above(line: int, alone: dict[int, str]) -> list[str]:
    """The run of whole-line comments that ends on the line just above `line`."""
    block: list[str] = []
    row = line - 1
    while row in alone:
        block.append(alone[row])
        row -= 1
    return block[::-1]


def documented_assignments(source: str) -> dict[str, tuple[str, bool, int, str | None]]:
    """The comment that documents each UPPER_CASE module-level literal assignment.

    Args:
        source: A module's source text.

    Returns:
        For each constant name: (comment text, whether it is a ``#:`` comment,
        line of the assignment, name of the assignment whose comment it shares or
        None). The comment text is empty when there is none.
    """
    alone, trailing = _comments(source)
    out: dict[str, tuple[str, bool, int, str | None]] = {}
    # (end line, comment, is_doc, owner of the comment) of the previous assignment
    previous: tuple[int, str, bool, str] | None = None
    for node in ast.parse(source).body:
        target = _assigned_name(node)
        if target is None:
            previous = None
            continue
        block = _block_above(node.lineno, alone)
        doc = [text for text, is_doc in map(_strip, block) if is_doc]
        owner = target
        if node.end_lineno in trailing and trailing[node.end_lineno].startswith("#:"):
            comment, is_doc = _strip(trailing[node.end_lineno])
        elif doc:
            comment, is_doc = " ".join(doc), True
        elif block:
            comment, is_doc = " ".join(text for text, _ in map(_strip, block)), False
        elif previous is not None and previous[0] == node.lineno - 1:
            comment, is_doc, owner = previous[1], previous[2], previous[3]
        else:
            comment, is_doc = "", False
        previous = (node.end_lineno or node.lineno, comment, is_doc, owner)
        if _UPPER.match(target) and _is_literal(node.value):
            shares = owner if owner != target and comment else None
            out[target] = (comment, is_doc, node.lineno, shares)
    return out


def _assigned_name(node: ast.stmt) -> str | None:
    """The single name a module-level assignment binds, if `node` is one."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target = node.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def _is_literal(value: ast.expr | None) -> bool:
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _is_constant_value(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, tuple) and all(
        isinstance(v, int | float | str) and not isinstance(v, bool) for v in value
    )


def module_constants(module: ModuleType) -> list[Constant]:
    """The constants of one imported module, in source order."""
    found = documented_assignments(inspect.getsource(module))
    out = []
    for name, (comment, is_doc, line, shares) in found.items():
        value = getattr(module, name)
        if _is_constant_value(value):
            out.append(Constant(name, module.__name__, value, comment, is_doc, line, shares))
    return out


def constants() -> list[Constant]:
    """The registry: every constant of the model modules, module by module."""
    out: list[Constant] = []
    for name in constant_modules():
        out.extend(module_constants(importlib.import_module(name)))
    return out


# --- Markdown ---------------------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text safe for one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return repr(value)


def _value(value: int | float | tuple) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(f'"{v}"' if isinstance(v, str) else _number(v) for v in value) + ")"
    return _number(value)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _parameter_row(p: ParamSpec) -> tuple[str, ...]:
    return (
        f"`{p.name}`",
        p.group,
        _number(p.default),
        f"{_number(p.low)} – {_number(p.high)}",
        p.unit + (" (whole number)" if p.integer else ""),
        _plausible(p),
        p.meaning,
        p.source,
    )


def _plausible(p: ParamSpec) -> str:
    """The plausible range a robust comparison samples, with its reason; or why none."""
    r = p.plausible
    if r is None:
        return "lever: a choice, never sampled" if p.group == "lever" else "—"
    return f"{_number(r.low)} – {_number(r.high)}: {r.reason}"


def parameter_table() -> str:
    """Markdown table of every scenario parameter, from `bpsim.core.scenario.PARAMETERS`.

    Returns:
        The table, one row per parameter in the order of `PARAMETERS`.
    """
    header = (
        "name", "group", "default", "range", "unit", "plausible range (uncertainty)",
        "meaning", "source or assumption",
    )  # fmt: skip
    return _table(header, [_parameter_row(p) for p in PARAMETERS])


def _meaning(c: Constant) -> str:
    if c.shares:
        return f"see `{c.shares}`"
    return c.comment + ("" if c.documented else " *(plain comment, no `#:`)*")


def constants_table() -> str:
    """Markdown table of every module-level constant of the model modules.

    Returns:
        The table, one row per constant, module by module in source order.
    """
    header = ("name", "module", "value", "meaning", "basis")
    rows = [
        (
            f"`{c.name}`",
            f"`{c.module.replace('.', '/')}.py`",
            _value(c.value),
            _meaning(c),
            c.basis,
        )
        for c in constants()
    ]
    return _table(header, rows)


def _generated(block: str) -> str:
    if block == "parameters":
        origin, table = "`bpsim.core.scenario.PARAMETERS`", parameter_table()
    else:
        origin, table = "the modules' constants and their `#:` comments", constants_table()
    note = f"<!-- Generated by `bpsim odd` from {origin}; do not edit by hand. -->"
    return f"{note}\n\n{table}\n"


def render_into(text: str) -> str:
    """Replace the generated blocks of an ODD document with fresh tables.

    Args:
        text: The document, with the marker lines ``<!-- parameters:start -->``,
            ``<!-- parameters:end -->``, ``<!-- constants:start -->`` and
            ``<!-- constants:end -->``, each on a line of its own.

    Returns:
        The document with the text between each pair of markers regenerated.

    Raises:
        ValueError: If a marker is missing, appears more than once, or an end
            marker comes before its start marker.
    """
    for block in BLOCKS:
        start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
        found = []
        for marker in (start, end):
            hits = list(re.finditer(rf"^{re.escape(marker)}[ \t]*$", text, flags=re.MULTILINE))
            if len(hits) != 1:
                raise ValueError(f"marker line '{marker}' found {len(hits)} times; expected once")
            found.append(hits[0])
        opening, closing = found
        if closing.start() < opening.end():
            raise ValueError(f"marker '{end}' comes before '{start}'")
        head, tail = text[: opening.start()], text[closing.end() :]
        text = f"{head}{start}\n{_generated(block)}{end}{tail}"
    return text


# --- the typed parameters module ------------------------------------------------------------

#: Longest line of the generated module (the project's ruff line length).
_LINE = 100


def _docstring(text: str, indent: str) -> list[str]:
    """`text` as a docstring at `indent`, wrapped to the line length ruff checks."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = textwrap.wrap(text, _LINE - len(indent) - 3, break_on_hyphens=False)
    if len(lines) == 1 and len(indent) + len(lines[0]) + 6 <= _LINE:
        return [f'{indent}"""{lines[0]}"""']
    return [f'{indent}"""{lines[0]}', *(f"{indent}{line}" for line in lines[1:]), f'{indent}"""']


def _field_doc(p: ParamSpec) -> str:
    kind = "a whole number" if p.integer else "a number"
    meaning = p.meaning.rstrip()
    meaning += "" if meaning.endswith(".") else "."
    return (
        f"{meaning} Unit: {p.unit}; {kind} from {_number(p.low)} to {_number(p.high)}, "
        f"default {_number(p.default)} ({p.group})."
    )


def parameters_module() -> str:
    """Source of `bpsim.core.parameters`: the typed, frozen record of every parameter.

    One field per entry of `bpsim.core.scenario.PARAMETERS`, in its order, typed ``int``
    for whole numbers and ``float`` otherwise, with the parameter's meaning, unit,
    range and default as the field's docstring. The class is a frozen, slotted
    dataclass: reading a field is as fast as reading a namespace attribute, no field
    can be set after construction, and `dataclasses.replace` gives a changed copy
    (a lever change from a timeline). It has no defaults and does no validation:
    `bpsim.core.scenario.Scenario` validates, the record only carries the result.

    Returns:
        The module's source, formatted as ruff formats it.
    """
    lines = [
        '"""The model\'s parameters as one typed, frozen record (generated; do not edit).',
        "",
        "Generated by `bpsim odd` from `bpsim.core.scenario.PARAMETERS`: edit the parameter table",
        "there and run ``uv run bpsim odd``; ``bpsim odd --check`` (and the fast tests) fail",
        "when this file is stale. Meanings, units, ranges and sources are in docs/ODD.md.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "",
        "",
        "@dataclass(frozen=True, slots=True)",
        "class Parameters:",
        '    """Every parameter of one run, validated by `bpsim.core.scenario.Scenario`.',
        "",
        "    Build it with ``Parameters(**scenario.params)``; a timeline's lever change makes a",
        "    new record with `dataclasses.replace`, so a record never changes once built.",
        '    """',
    ]
    for p in PARAMETERS:
        lines += ["", f"    {p.name}: {'int' if p.integer else 'float'}"]
        lines += _docstring(_field_doc(p), "    ")
    return "\n".join(lines) + "\n"


def parameters_module_is_fresh(path: Path = PARAMETERS_MODULE_PATH) -> bool:
    """Whether the module at `path` is exactly what `parameters_module` generates now."""
    try:
        return path.read_text(encoding="utf-8") == parameters_module()
    except FileNotFoundError:
        return False
