"""Provenance: what made a set of results, so they can be trusted and made again.

Stored with every sweep: bpsim's version, the git commit (and whether the checkout
had changes), hashes of ``uv.lock`` and of the model code, the versions of the
libraries that shape the numbers, the experiment file and its base scenario files,
the base seed and every replication's seed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import bpsim

#: The package folder, and the repository around it when bpsim runs from a checkout.
PACKAGE_DIR = Path(bpsim.__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
#: Parts of the package that draw, print or report but never change a run's numbers;
#: editing them must not block resuming a sweep.
_FACES = {
    "commands",
    "dashboard",
    "report",
    "cli.py",
    "figures.py",
    "report.py",
    "experiment/analyse.py",
    "experiment/sensitivity.py",
}
_LIBRARIES = ("numpy", "pandas", "scipy", "mesa", "pyarrow", "SALib", "dask", "distributed")


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def code_sha256() -> str:
    """Hash of the model code: every bpsim source file except the faces.

    Two processes with equal hashes compute identical runs (given the same
    libraries); the sweep refuses to resume, and Dask workers to join, otherwise.
    """
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR)
        if rel.parts[0] in _FACES or rel.as_posix() in _FACES:
            continue
        h.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO_DIR), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def git_state() -> dict[str, Any]:
    """The git commit of the checkout bpsim runs from, and whether it has changes."""
    commit = _git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def libraries() -> dict[str, str | None]:
    """Versions of the libraries that shape the numbers."""
    out: dict[str, str | None] = {}
    for name in _LIBRARIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def collect(plan, seeds: list[int]) -> dict[str, Any]:
    """The provenance record of a new sweep.

    Args:
        plan: The sweep's `Plan`.
        seeds: Seed of each replication.
    """
    exp = plan.experiment
    return {
        "format": 1,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "bpsim_version": bpsim.__version__,
        "git": git_state(),
        "uv_lock_sha256": _sha256_file(REPO_DIR / "uv.lock"),
        "code_sha256": code_sha256(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "libraries": libraries(),
        "experiment": exp.summary(),
        "experiment_sha256": exp.sha256,
        "scenario_files": {f: _sha256_file(Path(f)) for f in exp.scenario_files},
        "plan_sha256": plan.sha256,
        "base_seed": exp.base_seed,
        "seeds": seeds,
        "sessions": [],
    }
