"""Provenance: what produced a result, so a reader can trust and reproduce it.

One record for every face (compare, sweeps, validation): `core` gathers what made a
result — the time, bpsim's version, the git state of bpsim's *own* checkout (or
its absence, said as such), the hash of bpsim's own ``uv.lock`` (or none), the
versions of the libraries that shape the numbers, a hash of the model code and
the seeds. Each face adds its own fields (scenario files, the plan, sessions) on
top of that core.

Only bpsim's own checkout counts: when bpsim is installed from a wheel its
package folder sits in ``site-packages``, which may happen to lie inside some
other git repository, and the working folder may be any other project; neither's
commit or lock file says anything about the code that ran, so neither is recorded.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import platform
import subprocess
import tomllib
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bpsim.core.names import DESCRIPTION_LIMIT

#: Version of the provenance record's layout (1: separate compare and sweep records).
FORMAT = 2
#: Libraries whose versions can change results.
_LIBRARIES = (
    "mesa", "numpy", "numba", "scipy", "pandas", "pyarrow", "SALib", "dask", "distributed",
)  # fmt: skip
#: The bpsim package folder (this module is in its `machinery`), and the folder around it
#: (a checkout, or site-packages).
PACKAGE_DIR = Path(__file__).resolve().parents[1]
_PACKAGE_PARENT = PACKAGE_DIR.parent
#: Where a run starts: the modules that compute a run, and the sweep's worker function.
RUN_ROOTS = ("bpsim.core.api", "bpsim.experiment.runner")


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_or_none(path: str | Path) -> str | None:
    """SHA-256 of a file, or None if it cannot be read."""
    try:
        return sha256_file(path)
    except OSError:
        return None


def checkout_root(parent: Path | None = None) -> Path | None:
    """The source checkout bpsim runs from, or None when it runs from an installed package.

    A checkout is the folder above the package that holds bpsim's own
    ``pyproject.toml`` (project name ``bpsim``); ``site-packages`` has none.
    """
    parent = _PACKAGE_PARENT if parent is None else parent
    try:
        data = tomllib.loads((parent / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if data.get("project", {}).get("name") != "bpsim" or not (parent / "bpsim").is_dir():
        return None
    return parent


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
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    if isinstance(data.get("base"), str):
        return data["base"]
    for section in data.values():
        if isinstance(section, dict) and isinstance(section.get("base"), str):
            return section["base"]
    return None


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=True
    ).stdout


def git_state(root: Path | None = None) -> dict[str, Any] | None:
    """Commit of bpsim's own checkout and whether tracked files had changes, or None.

    Args:
        root: The checkout (default: `checkout_root`). Its git repository counts only
            if the checkout is that repository's top folder, so an installed package
            inside some other repository never records that repository's commit.

    Returns:
        ``{"commit", "uncommitted_changes"}``, or None if bpsim does not run from a
        git checkout of its own (or git is not there).
    """
    root = checkout_root() if root is None else root
    if root is None:
        return None
    try:
        top = _git(root, "rev-parse", "--show-toplevel").strip()
        if not top or Path(top).resolve() != Path(root).resolve():
            return None
        commit = _git(root, "rev-parse", "HEAD").strip()
        status = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "uncommitted_changes": bool(status.strip())}


def uv_lock_hash(root: Path | None = None) -> dict[str, str] | None:
    """SHA-256 of bpsim's own ``uv.lock`` (in its checkout), or None.

    Never the lock file of the working folder: that belongs to whatever project the
    command was started in.
    """
    root = checkout_root() if root is None else root
    if root is None:
        return None
    lock = root / "uv.lock"
    digest = sha256_or_none(lock) if lock.is_file() else None
    return {"path": str(lock), "sha256": digest} if digest else None


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape the numbers."""
    libs = {}
    for name in _LIBRARIES:
        try:
            libs[name] = version(name)
        except PackageNotFoundError:  # dask is an optional extra
            libs[name] = "not installed"
    return libs


def environment() -> dict[str, Any]:
    """bpsim, Python and library versions, the machine, and the time (UTC)."""
    from bpsim import __version__

    return {
        "bpsim_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": library_versions(),
        "created_utc": _now(),
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- the model code's hash -----------------------------------------------------------------
def _module_file(name: str) -> Path | None:
    """The source file of a bpsim module or package, if it is one."""
    path = PACKAGE_DIR.joinpath(*name.split(".")[1:])
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def _executed_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every statement of a module's source but those under ``if TYPE_CHECKING:``, which never run.

    Statements only, nested ones included (in functions, classes, branches, loops, ``try``
    and ``match``): an import is a statement, and skipping the expressions (most of a
    module's nodes) makes the walk several times quicker, which every comparison pays
    while its runs share the cores.
    """
    found: list[ast.AST] = []
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                todo.extend(child for child in block if isinstance(child, ast.AST))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _bpsim_imports(name: str, file: Path) -> set[str]:
    """The bpsim modules a module can import when it runs (also inside functions).

    Imports for type checkers only (under ``if TYPE_CHECKING:``) are left out: they never
    run, and following them would count faces as model code (bpsim's own ``__init__``
    names the comparison's types that way).
    """
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    return set(_imports_in_source(file.read_bytes(), package))


@functools.cache
def _imports_in_source(source: bytes, package: str) -> frozenset[str]:
    """The bpsim modules a module's `source` (in `package`) can import when it runs.

    Cached by the source itself: every record of a run's provenance reads the modules
    again (a sweep, a comparison, each test), but parses each version once; an edited
    module is new source and is parsed again.
    """
    found: set[str] = set()
    for node in _executed_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            # "from bpsim.core import api" imports the module bpsim.core.api.
            found.update(f"{module}.{a.name}" for a in node.names)
    return frozenset(m for m in found if m == "bpsim" or m.startswith("bpsim."))


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
    libraries); a sweep refuses to resume or merge, and Dask workers to join,
    otherwise.
    """
    h = hashlib.sha256()
    for name, path in run_modules().items():
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# --- the shared record ---------------------------------------------------------------------
def short_text(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` cut to `limit` characters, saying how many were cut (the rule for reports)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … [{len(text) - limit:,} more characters cut]"


def core(
    kind: str, seeds: list[int] | tuple[int, ...], earlier: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The provenance every result carries, whichever face made it.

    Args:
        kind: What made it: ``"compare"``, ``"sweep"`` or ``"validation"``.
        seeds: The seed of each replication.
        earlier: A record `core` returned earlier in this process (say while the
            runs ran): its slow parts (git, the code's hash) are kept, the time and
            seeds are of now.

    Returns:
        ``kind``, ``provenance_format``, ``created_utc``, ``bpsim_version``,
        ``python``, ``platform``, ``libraries``, ``source`` (``"checkout"`` or
        ``"installed package"``), ``git`` (None outside bpsim's own git checkout),
        ``uv_lock`` (None without bpsim's own lock file), ``code_sha256`` and ``seeds``.
    """
    if earlier is not None:
        return {**earlier, "kind": kind, "created_utc": _now(), "seeds": [int(s) for s in seeds]}
    root = checkout_root()
    return {
        "kind": kind,
        "provenance_format": FORMAT,
        **environment(),
        "source": "checkout" if root is not None else "installed package",
        "git": git_state(root) if root is not None else None,
        "uv_lock": uv_lock_hash(root) if root is not None else None,
        "code_sha256": code_sha256(),
        "seeds": [int(s) for s in seeds],
    }
