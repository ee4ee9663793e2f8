"""Provenance: what made a set of results, so they can be trusted and made again.

Stored with every sweep: bpsim's version, the git commit (and whether the checkout
had changes), hashes of ``uv.lock`` and of the model code, the versions of the
libraries that shape the numbers, the experiment file and its base scenario files,
the base seed and every replication's seed.
"""

from __future__ import annotations

import ast
import hashlib
import time
from pathlib import Path
from typing import Any

import bpsim
from bpsim.provenance import environment, git_state, sha256_file

#: The package folder, and the repository around it when bpsim runs from a checkout.
PACKAGE_DIR = Path(bpsim.__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
#: Where a run starts: the modules that compute a run, and the worker function.
RUN_ROOTS = ("bpsim.api", "bpsim.experiment.runner")


def _module_file(name: str) -> Path | None:
    """The source file of a bpsim module or package, if it is one."""
    path = PACKAGE_DIR.joinpath(*name.split(".")[1:])
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def _bpsim_imports(name: str, file: Path) -> set[str]:
    """The bpsim modules a module imports anywhere in its source (also inside functions)."""
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_bytes())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            # "from bpsim import api" imports the module bpsim.api.
            found.update(f"{module}.{a.name}" for a in node.names)
    return {m for m in found if m == "bpsim" or m.startswith("bpsim.")}


def run_modules() -> dict[str, Path]:
    """Every bpsim module a run can execute: the import closure of `RUN_ROOTS`.

    Found from the source (not from what this process happens to have imported), so
    the CLI, a test and a Dask worker agree; a new model module is covered as soon as
    the model imports it, while faces (dashboard, reports, CLI verbs) are not.
    """
    todo = list(RUN_ROOTS)
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        file = _module_file(name)
        if file is None:
            continue
        seen[name] = file
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        todo.extend(_bpsim_imports(name, file))
    return dict(sorted(seen.items()))


def code_sha256() -> str:
    """Hash of the model code: the source of every module a run executes.

    Two processes with equal hashes compute identical runs (given the same
    libraries); the sweep refuses to resume, and Dask workers to join, otherwise.
    """
    h = hashlib.sha256()
    for name, path in run_modules().items():
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def collect(plan, seeds: list[int]) -> dict[str, Any]:
    """The provenance record of a new sweep.

    Args:
        plan: The sweep's `Plan`.
        seeds: Seed of each replication.
    """
    exp = plan.experiment
    env = environment()
    return {
        "format": 1,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "bpsim_version": bpsim.__version__,
        "git": git_state(),
        "uv_lock_sha256": _sha256_or_none(REPO_DIR / "uv.lock"),
        "code_sha256": code_sha256(),
        "python": env["python"],
        "platform": env["platform"],
        "libraries": env["libraries"],
        "experiment": exp.summary(),
        "experiment_sha256": exp.sha256,
        "scenario_files": {f: _sha256_or_none(Path(f)) for f in exp.scenario_files},
        "plan_sha256": plan.sha256,
        "base_seed": exp.base_seed,
        "seeds": seeds,
        "sessions": [],
    }
