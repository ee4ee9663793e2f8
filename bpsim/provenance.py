"""Provenance: what produced a result, so a reader can trust and reproduce it.

A comparison or validation report is only as good as the reader's ability to say
which code, which scenario files and which environment made it. This gathers the
bpsim version, the git commit of the checkout (if there is one, and whether it had
uncommitted changes), SHA-256 hashes of scenario files (following their ``base``
chain, since a change to the base file changes the scenario) and of ``uv.lock``,
and the versions of the libraries the model leans on.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
import tomllib
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

#: Libraries whose versions can change results.
_LIBRARIES = ("mesa", "numpy", "scipy", "pandas", "pyarrow", "SALib", "dask", "distributed")

#: The checkout the package was imported from (None when installed as a wheel).
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def scenario_file_hashes(path: str | Path) -> list[dict[str, str]]:
    """SHA-256 of a scenario file and of every file in its ``base`` chain.

    Args:
        path: A scenario file that loads (its chain has been checked already).

    Returns:
        One ``{"path", "sha256"}`` per file, the given file first.
    """
    out: list[dict[str, str]] = []
    seen: set[Path] = set()
    current: Path | None = Path(path)
    while current is not None and current.resolve() not in seen and current.is_file():
        seen.add(current.resolve())
        out.append({"path": str(current), "sha256": sha256_file(current)})
        base = _base_of(current)
        current = current.parent / base if base else None
    return out


def _base_of(path: Path) -> str | None:
    # The scenario loader accepts `base` at the top level or in a section.
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if isinstance(data.get("base"), str):
        return data["base"]
    for section in data.values():
        if isinstance(section, dict) and isinstance(section.get("base"), str):
            return section["base"]
    return None


def git_state(root: Path = _PACKAGE_ROOT) -> dict[str, Any] | None:
    """Commit of the checkout at `root` and whether tracked files had changes, or None."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "uncommitted_changes": bool(status.strip())}


def uv_lock_hash(candidates: tuple[Path, ...] | None = None) -> dict[str, str] | None:
    """SHA-256 of the ``uv.lock`` beside the package (or in the working folder), or None."""
    for folder in candidates or (_PACKAGE_ROOT, Path.cwd()):
        lock = folder / "uv.lock"
        if lock.is_file():
            return {"path": str(lock), "sha256": sha256_file(lock)}
    return None


def environment() -> dict[str, Any]:
    """bpsim, Python and library versions, the machine, and the time (UTC)."""
    from bpsim import __version__

    libs = {}
    for name in _LIBRARIES:
        try:
            libs[name] = version(name)
        except PackageNotFoundError:  # dask is an optional extra
            libs[name] = "not installed"
    return {
        "bpsim_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": libs,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
    }
