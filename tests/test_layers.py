"""The package's shape: its layers, no import cycle, and matplotlib's backend left alone.

The layers (docs/developing.md), one subpackage each: the model core, the machinery every
face shares, and the faces. The core imports only the core; the machinery imports the core
and itself; a face imports the core, the machinery, itself and another face only where
`FACE_TO_FACE` says why. Every import counts, also one inside a function or for type
checkers only: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import functools
import graphlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bpsim"

#: The model core: the neighbourhood and the rules of a week, no I/O, no face.
CORE = "bpsim.core"
#: What every face shares: execution, statistics, provenance, translations, the store.
MACHINERY = "bpsim.machinery"
#: One subpackage per face.
FACES = ("bpsim.comparison", "bpsim.experiment", "bpsim.validation", "bpsim.dashboard", "bpsim.cli")

#: The imports from one face into another that are kept, and why. The test fails on any
#: other, and also once one of these is no longer made, so the list stays true.
FACE_TO_FACE = {
    ("bpsim.comparison", "bpsim.experiment"): (
        "a robust comparison (--uncertainty) is a sweep over plausible worlds: it plans "
        "them with the sweep's design and runs them with its resumable runner"
    ),
    ("bpsim.dashboard", "bpsim.comparison"): (
        "the dashboard's compare page draws its bands with the compare report's own "
        "trajectory summary and shows a stored robust comparison with its report's tables"
    ),
    **{
        ("bpsim.cli", face): "the command line is the verbs of every face"
        for face in FACES
        if face != "bpsim.cli"
    },
}

#: bpsim itself (the public API, re-exported from the core and the comparison) may be
#: imported by the machinery and the faces for its ``__version__``; never by the core.
TOP = "bpsim"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str:
    """The bpsim module a dotted name is in (a module, or the package holding a name)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@functools.cache
def _tree(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the checks of this run."""
    return ast.parse(path.read_text(encoding="utf-8"))


def imports_of(
    path: Path, *, type_only: bool, anywhere: bool = False, libraries: bool = False
) -> set[str]:
    """The bpsim modules a module imports when it is imported (or, `anywhere`, at all).

    Imports inside functions run later (when called) and are left out unless `anywhere`.
    Imports under ``if TYPE_CHECKING:`` never run; they count only with `type_only` or
    `anywhere` (a type checker reads them, so a cycle through them is still one for a
    reader). With `libraries`, the other packages it imports count too, by their
    top-level name (``pandas``).
    """
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                if type_only or not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.Import):
                found.update(_owner(a.name) for a in node.names if a.name.startswith("bpsim"))
                if libraries:
                    others = (a.name for a in node.names if not a.name.startswith("bpsim"))
                    found.update(name.partition(".")[0] for name in others)
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module == "bpsim" or (node.module or "").startswith("bpsim."))
            ):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in MODULES else _owner(str(node.module)))
            elif libraries and isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(str(node.module).partition(".")[0])

    tree = _tree(path)
    if anywhere:
        visit([n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)])
    else:
        visit(tree.body)
    return found


def layer(module: str) -> str:
    """The layer a bpsim module belongs to: its subpackage, or `TOP` for bpsim itself."""
    if module == TOP:
        return TOP
    if module == "bpsim.__main__":  # ``python -m bpsim`` only starts the command line
        return "bpsim.cli"
    return ".".join(module.split(".")[:2])


def _crossings() -> set[tuple[str, str, str, str]]:
    """Every import from one layer into another: (layer, module, its layer, imported)."""
    return {
        (layer(m), m, layer(d), d)
        for m, path in MODULES.items()
        for d in imports_of(path, type_only=True, anywhere=True)
        if layer(d) != layer(m)
    }


def _graph(*, type_only: bool) -> dict[str, set[str]]:
    return {m: imports_of(p, type_only=type_only) - {m} for m, p in MODULES.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        return list(err.args[1])
    return None


def test_the_import_graph_reader_sees_real_imports():
    # The checks below are only as good as this reader: it must see the model's imports.
    model = imports_of(MODULES["bpsim.core.model"], type_only=False)
    assert {"bpsim.core.outcomes", "bpsim.core.agents", "bpsim.core.mechanisms.trust"} <= model
    # bpsim itself names the comparison's types for type checkers only (under TYPE_CHECKING).
    assert "bpsim.comparison.paired" in imports_of(MODULES[TOP], type_only=True)
    assert "bpsim.comparison.paired" not in imports_of(MODULES[TOP], type_only=False)
    # The compare verb imports the comparison only when it runs (inside its handler).
    verb = MODULES["bpsim.cli.compare"]
    assert "bpsim.comparison.paired" not in imports_of(verb, type_only=False)
    assert "bpsim.comparison.paired" in imports_of(verb, type_only=False, anywhere=True)
    assert layer("bpsim.core.mechanisms.trust") == CORE and layer("bpsim") == TOP
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert set(_cycle(graph) or ()) == {"a", "b", "c"}


#: What only running a comparison needs: `bpsim compare` imports none of it to refuse a
#: request, so a mistyped option costs what ``bpsim --help`` does.
RUNNING_A_COMPARISON = {
    "pandas", "pyarrow", "scipy", "matplotlib", "mesa", "numba", "bpsim.core.compiled",
    "bpsim.comparison.paired", "bpsim.comparison.report", "bpsim.comparison.robust",
    "bpsim.core.api", "bpsim.core.model",
}  # fmt: skip


def _loaded_by_importing(roots: list[str]) -> set[str]:
    """Every bpsim module (parent packages too) and library that importing `roots` loads."""
    todo, seen = list(roots), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in MODULES:
            parts = name.split(".")
            todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
            todo.extend(imports_of(MODULES[name], type_only=False, libraries=True))
    return seen


def test_the_compare_verb_checks_a_request_before_it_imports_the_comparison():
    # `bpsim` imports every verb to build its parser, and compare checks a request with
    # bpsim.comparison.request; neither may load what runs a comparison. (A slow test in
    # test_compare_cli.py refuses each bad input in a fresh interpreter.)
    verbs = [m for m in MODULES if m.startswith("bpsim.cli.")]
    loaded = _loaded_by_importing(["bpsim.cli", *verbs, "bpsim.comparison.request"])
    assert {"bpsim.comparison", "bpsim.core.scenario", "numpy", "rich"} <= loaded
    assert not loaded & RUNNING_A_COMPARISON, sorted(loaded & RUNNING_A_COMPARISON)
    # The reader sees the machinery where it is imported.
    assert {"pandas", "bpsim.core.model"} <= _loaded_by_importing(["bpsim.comparison.paired"])


def test_every_module_is_in_one_layer():
    # A new module goes into the core, the machinery or a face: not beside them.
    stray = {m for m in MODULES if layer(m) not in {TOP, CORE, MACHINERY, *FACES}}
    assert not stray, f"modules outside the layers: {sorted(stray)}"


def test_the_model_core_imports_only_the_core():
    outside = {(m, d) for a, m, b, d in _crossings() if a == CORE}
    assert not outside, f"the core imports from outside it: {sorted(outside)}"


def test_the_machinery_imports_only_the_core_and_itself():
    outside = {(m, d) for a, m, b, d in _crossings() if a == MACHINERY and b not in {CORE, TOP}}
    assert not outside, f"the machinery imports a face: {sorted(outside)}"


def test_a_face_imports_another_face_only_where_it_is_listed_with_its_reason():
    made = {(a, b) for a, m, b, d in _crossings() if a in FACES and b in FACES}
    unlisted = {(m, d) for a, m, b, d in _crossings() if (a, b) in made - FACE_TO_FACE.keys()}
    assert not unlisted, f"face-to-face imports not in FACE_TO_FACE: {sorted(unlisted)}"
    gone = FACE_TO_FACE.keys() - made
    assert not gone, f"no longer made (remove from FACE_TO_FACE): {sorted(gone)}"


def test_bpsim_itself_re_exports_the_core_and_the_comparison_only():
    # The public API (bpsim.run, bpsim.compare, ...) is the compatibility promise: it
    # names the modules that define each name, which live in the core and the comparison.
    named = {layer(d) for d in imports_of(MODULES[TOP], type_only=True, anywhere=True)}
    assert named <= {CORE, "bpsim.comparison"}


def test_no_module_imports_itself_back_when_imported():
    cycle = _cycle(_graph(type_only=False))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_model_core_has_no_cycle_even_through_type_only_imports():
    # A module that needs to know what another offers names it as a Protocol instead
    # (agents.Neighbourhood, outcomes.Measured for the model).
    core = {m for m in MODULES if layer(m) == CORE}
    graph = {m: deps & core for m, deps in _graph(type_only=True).items() if m in core}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle in the model core: " + " -> ".join(cycle or ())


def _calls_matplotlib_use(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"use", "switch_backend"}
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in {"matplotlib", "mpl", "plt", "pyplot"}
    )


def test_no_library_module_switches_the_backend_or_imports_pyplot():
    # pyplot holds process-wide state (the backend, the list of open figures): the library
    # draws on its own Figure objects and leaves that state to whoever runs it.
    for name, path in sorted(MODULES.items()):
        for node in ast.walk(_tree(path)):
            assert not _calls_matplotlib_use(node), f"{name}:{node.lineno} switches the backend"
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{a.name}" for a in node.names] + [node.module or ""]
            else:
                continue
            assert "matplotlib.pyplot" not in names, f"{name}:{node.lineno} imports pyplot"


_FRESH_IMPORT = """
import importlib, json, pkgutil, sys, warnings
import matplotlib
matplotlib.use("svg")  # a backend the library must leave as it is
warnings.simplefilter("ignore")
import bpsim
names = sorted(
    m.name for m in pkgutil.walk_packages(bpsim.__path__, "bpsim.")
    if not m.name.endswith("__main__")
)
for name in names:
    importlib.import_module(name)
# Draw and save one figure the way the library does, too.
from bpsim.machinery import figures, report
from bpsim.core.api import run
result = run({"n_households": 120}, seed=1, steps=3)
png = report.figure_png(figures.plot_run(result.timeseries))
print(json.dumps({
    "modules": len(names), "backend": matplotlib.get_backend(),
    "pyplot": "matplotlib.pyplot" in sys.modules, "png": png[:8].hex(),
}))
"""


@pytest.mark.slow  # a fresh interpreter: only there is the backend not set yet
def test_importing_and_drawing_leave_the_callers_backend_as_it_was():
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_IMPORT], capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["modules"] == len(MODULES) - 2  # every module but bpsim itself and __main__
    assert seen["backend"] == "svg"
    assert seen["pyplot"] is False
    assert seen["png"] == b"\x89PNG\r\n\x1a\n".hex()
