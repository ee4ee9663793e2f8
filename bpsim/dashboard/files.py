"""Files the dashboard reads and writes: scenario files and stored results.

The folders come from `bpsim.dashboard.settings`.

Nothing here overwrites a file, and nothing reads outside the chosen folders.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
import re
import tomllib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bpsim.core.scenario import PARAMETERS, Scenario, ScenarioError, load_scenario, parse_value
from bpsim.dashboard.settings import results_dir, scenarios_dir

#: A new scenario's name: what is safe as a file name on every system and in a URL.
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")

#: Largest HTML report shown inline (figures included); larger ones are offered as a download.
MAX_INLINE_BYTES = 25 * 2**20


def scenario_files(folder: Path | None = None) -> list[str]:
    """File names of the scenario files in `folder`, sorted, baseline first."""
    folder = folder or scenarios_dir()
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.glob("*.toml") if p.is_file())
    return sorted(names, key=lambda n: n != "baseline.toml")


def check_new_name(name: str, folder: Path | None = None) -> tuple[str, dict[str, str]] | None:
    """Why a new scenario name cannot be used, or None if it can.

    Returns:
        None, or (text key in `bpsim.machinery.i18n.TEXT`, its placeholder values).
    """
    folder = folder or scenarios_dir()
    if not name:
        return ("name_empty", {})
    if not NAME_PATTERN.fullmatch(name):
        return ("name_bad", {"name": name})
    if (folder / f"{name}.toml").exists():
        return ("name_taken", {"file": f"{name}.toml"})
    return None


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_number(value: float | int) -> str:
    return str(int(value)) if isinstance(value, int) else repr(float(value))


def scenario_toml(
    name: str, description: str, base_file: str | None, values: Mapping[str, Any]
) -> str:
    """The text of a scenario file: metadata, then values by group as in the examples.

    Args:
        name: Scenario name.
        description: One line on what it represents.
        base_file: A file in the same folder this one extends, or None.
        values: Parameter values to write (only those that differ from the base).

    Returns:
        TOML text.
    """
    lines = [
        "# Written by the bpsim dashboard (Scenarios tab).",
        *([f"base = {_toml_string(base_file)}"] if base_file else []),
        f"name = {_toml_string(name)}",
        f"description = {_toml_string(description)}",
    ]
    groups: dict[str, list[str]] = {}
    for spec in PARAMETERS:
        if spec.name in values:
            groups.setdefault(spec.group, []).append(
                f"{spec.name} = {_toml_number(values[spec.name])}"
            )
    for group, entries in groups.items():
        section = "levers" if group == "lever" else group
        lines += ["", f"[{section}]", *entries]
    return "\n".join(lines) + "\n"


def save_scenario(
    name: str,
    description: str,
    scenario: Scenario,
    base_file: str | None,
    folder: Path | None = None,
) -> Path:
    """Write `scenario` as a new file `<name>.toml` that extends `base_file`.

    Only values that differ from the base file are written, so the new file reads
    like ``open.toml``: what it changes, on top of what. The text is read back and
    validated before anything is written, and an existing file is never replaced.

    Args:
        name: The new scenario's name (see `check_new_name`).
        description: One line on what it represents.
        scenario: The validated values.
        base_file: The file the values were edited from, in `folder`, or None to
            write values that differ from the defaults.
        folder: The scenario folder.

    Returns:
        The path written.

    Raises:
        ScenarioError: If the name cannot be used, the file exists, or the
            written text would not load back to the same values.
    """
    folder = folder or scenarios_dir()
    problem = check_new_name(name, folder)
    if problem is not None:
        from bpsim.machinery.i18n import text

        raise ScenarioError(text(problem[0], "en", **problem[1]))
    if base_file is not None:
        base = load_scenario(folder / base_file).params
    else:
        base = {spec.name: spec.default for spec in PARAMETERS}
    changed = {k: v for k, v in scenario.params.items() if v != base[k]}
    body = scenario_toml(name, description, base_file, changed)
    tomllib.loads(body)  # a bad string escape would fail here, before writing
    path = folder / f"{name}.toml"
    folder.mkdir(parents=True, exist_ok=True)
    # "x" mode: fails if another visitor saved the same name a moment ago.
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(body)
    except FileExistsError:
        raise ScenarioError(f"scenario file '{path.name}' already exists") from None
    try:
        loaded = load_scenario(path)
    except ScenarioError:
        path.unlink()
        raise
    if loaded.params != scenario.params:  # pragma: no cover - guards the writer itself
        path.unlink()
        raise ScenarioError("the written file did not load back to the same values")
    return path


def parse_field(raw: str) -> Any:
    """A value typed into a field, as the scenario validation expects it.

    Parsed like ``--set`` values (`bpsim.core.scenario.parse_value`), so text that is not
    a number stays text and the validation says so in the words used everywhere. A
    single decimal comma is read as a decimal point, as Dutch readers write it.
    """
    text = raw.strip()
    if "\n" in text:
        return text
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return parse_value(text) if text else text


# --- stored results --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFolder:
    """A folder under results/ with figures or reports.

    Attributes:
        path: The folder.
        label: Its path relative to the results folder.
        figures: PNG files in it (not in subfolders), sorted.
        reports: HTML files in it, sorted.
        others: Its other report and data files (`DATA_SUFFIXES`), sorted.
    """

    path: Path
    label: str
    figures: tuple[Path, ...]
    reports: tuple[Path, ...]
    others: tuple[Path, ...] = ()


#: Files besides figures and HTML reports that a results folder offers for download.
DATA_SUFFIXES = (".md", ".csv", ".parquet", ".json", ".toml", ".txt")


def result_folders(root: Path | None = None, depth: int = 3) -> list[ResultFolder]:
    """Folders under `root` (itself included) that hold *.png or *.html files.

    Args:
        root: The results folder.
        depth: How many folder levels below `root` to look.

    Returns:
        The folders, newest first.
    """
    found = []
    for here, relative, files in walk_results(root, depth):
        figures = tuple(sorted(here / f for f in files if f.lower().endswith(".png")))
        reports = tuple(sorted(here / f for f in files if f.lower().endswith(".html")))
        others = tuple(sorted(here / f for f in files if f.lower().endswith(DATA_SUFFIXES)))
        if figures or reports:
            found.append(ResultFolder(here, str(relative), figures, reports, others))
    found.sort(key=lambda r: r.path.stat().st_mtime, reverse=True)
    return found


def walk_results(
    root: Path | None = None, depth: int = 3, skip: Collection[str] = ()
) -> Iterator[tuple[Path, Path, list[str]]]:
    """Every folder under `root` (itself included), top down, in name order.

    Hidden folders (a leading dot) and folders named in `skip` are not entered, nor
    is anything below a folder `depth` levels down. A `root` that is not a folder
    holds nothing.

    Args:
        root: The folder (default: the results folder).
        depth: How many folder levels below `root` to look.
        skip: Names of folders not to enter, wherever they are.

    Yields:
        (folder, its path relative to `root`, ``.`` for `root` itself, the names of
        its files).
    """
    root = root or results_dir()
    if not root.is_dir():
        return
    for folder, subdirs, files in os.walk(root):
        here = Path(folder)
        relative = here.relative_to(root)
        if len(relative.parts) >= depth:
            subdirs.clear()
        # Sorted in place: os.walk enters what is left of the list, in its order.
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in skip)
        yield here, relative, files


class ReportTooLarge(ValueError):
    """A report too large to show in the page (it can still be downloaded)."""


_SRC = re.compile(r"""(src|href)=(["'])([^"'#?]+)\2""", re.IGNORECASE)


def inline_report(report: Path) -> str:
    """An HTML report with its local images embedded, to show it in a frame.

    A report written by ``bpsim compare`` refers to its figures by relative path,
    which a frame filled from text cannot resolve; images in the report's folder
    are embedded as data URLs. Other links are left alone.

    Raises:
        ReportTooLarge: If the report is larger than `MAX_INLINE_BYTES`.
    """
    size = report.stat().st_size
    if size > MAX_INLINE_BYTES:
        raise ReportTooLarge(f"{report.name} is too large to show ({size / 2**20:.0f} MiB)")
    folder = report.parent.resolve()
    text = report.read_text(encoding="utf-8", errors="replace")
    total = size

    def embed(match: re.Match) -> str:
        nonlocal total
        attr, quote, target = match.groups()
        path = (folder / html.unescape(target)).resolve()
        kind, _ = mimetypes.guess_type(path.name)
        if (
            attr.lower() != "src"
            or kind is None
            or not kind.startswith("image/")
            or not path.is_relative_to(folder)
            or not path.is_file()
        ):
            return match.group(0)
        total += path.stat().st_size
        if total > MAX_INLINE_BYTES:
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{attr}={quote}data:{kind};base64,{data}{quote}"

    return _SRC.sub(embed, text)
