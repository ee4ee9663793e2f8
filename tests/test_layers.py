"""The package's shape: no import cycle, and importing it leaves matplotlib's backend alone."""

from __future__ import annotations

import ast
import graphlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bpsim"

#: The model core (docs/developing.md): it may import nothing but itself and libraries.
CORE = {
    "bpsim.core.scenario",
    "bpsim.core.parameters",
    "bpsim.core.state",
    "bpsim.core.agents",
    "bpsim.core.model",
    "bpsim.core.outcomes",
    "bpsim.core.workforce",
    "bpsim.core.names",
    "bpsim.core.seeds",
}

#: Imports made only for type annotations (under ``if TYPE_CHECKING:``) that close a cycle
#: in the model core when this test was written: agents and the workforce name the model
#: they belong to. The test fails if another such import appears, and also once one of
#: these goes, so that this list only ever shrinks.
KNOWN_TYPE_ONLY_CYCLE_IMPORTS = {
    ("bpsim.core.agents", "bpsim.core.model"),
    ("bpsim.core.workforce", "bpsim.core.model"),
}


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


def imports_of(path: Path, *, type_only: bool) -> set[str]:
    """The bpsim modules a module imports when it is imported.

    Imports inside functions run later (when called) and are left out. Imports under
    ``if TYPE_CHECKING:`` never run; they count only with `type_only` (a type checker
    reads them, so a cycle through them is still one for a reader).
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
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module == "bpsim" or (node.module or "").startswith("bpsim."))
            ):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in MODULES else _owner(str(node.module)))

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


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
    assert "bpsim.core.model" in imports_of(MODULES["bpsim.core.agents"], type_only=True)
    assert "bpsim.core.model" not in imports_of(MODULES["bpsim.core.agents"], type_only=False)
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert set(_cycle(graph) or ()) == {"a", "b", "c"}


def test_no_module_imports_itself_back_when_imported():
    cycle = _cycle(_graph(type_only=False))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_model_core_imports_nothing_outside_it_but_the_mechanisms_and_errors():
    allowed = CORE | {"bpsim", "bpsim.machinery.errors"}
    for name in sorted(CORE):
        outside = {
            m
            for m in imports_of(MODULES[name], type_only=True)
            if m not in allowed and not m.startswith("bpsim.core.mechanisms")
        }
        assert not outside, f"{name} imports {sorted(outside)} from outside the model core"


def test_the_model_core_has_no_cycle_even_through_type_only_imports_but_the_known_ones():
    core = CORE | {m for m in MODULES if m.startswith("bpsim.core.mechanisms")}
    graph = {m: deps & core for m, deps in _graph(type_only=True).items() if m in core}
    present = {(a, b) for a, b in KNOWN_TYPE_ONLY_CYCLE_IMPORTS if b in graph[a]}
    assert present == KNOWN_TYPE_ONLY_CYCLE_IMPORTS, (
        f"gone (remove from KNOWN_TYPE_ONLY_CYCLE_IMPORTS): "
        f"{sorted(KNOWN_TYPE_ONLY_CYCLE_IMPORTS - present)}"
    )
    for a, b in present:
        graph[a] = graph[a] - {b}
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
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
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
from bpsim import figures, report
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
