"""Self-contained HTML reports: sections of text, tables and figures in one file.

A report has to survive being mailed to a policy advisor, opened offline and
archived next to a council decision, so it is a single HTML file: styles inline,
figures embedded as base64 PNG ``data:`` URIs, no scripts, fonts or anything else
fetched from elsewhere. The comparison report and the validation report both build
their content from `Section` and `Image` and the small HTML helpers here, which
escape all text they are given.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bpsim.machinery import i18n

#: A table cell: text, or (text, CSS class) to colour it (``good``, ``bad``, ``muted``).
Cell = str | tuple[str, str]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: #1d1d1f; line-height: 1.5; margin: 0; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 3rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0.5rem 0 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #e3e3e3; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
p.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #e6e6e6; text-align: left;
         vertical-align: top; }
th { background: #f0f2f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fbfbfc; }
.good { color: #00734d; font-weight: 600; }
.bad { color: #b0401a; font-weight: 600; }
.muted { color: #777; }
small.meaning { display: block; color: #666; font-size: 0.8rem; }
figure { margin: 1.2rem 0 2rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.9rem; margin-top: 0.3rem; }
code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem;
              word-break: break-all; }
footer { color: #777; font-size: 0.8rem; margin-top: 3rem; }
div.box { border: 1px solid #d6dbe1; border-left: 5px solid #4a6b8a; background: #f6f8fa;
          padding: 0.4rem 1.2rem 0.6rem; margin: 1rem 0; }
div.box.key { border-left-color: #1d1d1f; background: #fff; font-size: 1.05rem; }
div.box h3 { margin-top: 0.8rem; }
@media print { body { background: #fff; } main { padding: 0; } }
"""


@dataclass(frozen=True)
class Image:
    """A figure to embed.

    Attributes:
        png: The PNG bytes.
        caption: What the figure shows and how to read it.
        alt: Short text for screen readers.
    """

    png: bytes
    caption: str
    alt: str = ""


@dataclass(frozen=True)
class Section:
    """One section of a report.

    Attributes:
        title: Heading.
        body: HTML, built with the helpers in this module (they escape text).
        images: Figures shown after the body.
    """

    title: str
    body: str = ""
    images: tuple[Image, ...] = ()


def figure_png(fig, dpi: int = 110, tight: bool = True) -> bytes:
    """A matplotlib figure as PNG bytes; a figure pyplot holds open is closed to free it.

    bpsim draws on its own `matplotlib.figure.Figure` objects, which nothing else holds;
    a caller's pyplot figure stays in pyplot's list of open figures until closed.

    Args:
        fig: The figure.
        dpi: Pixels per inch.
        tight: Crop the picture to what is drawn (``bbox_inches="tight"``), which
            takes in labels outside the figure but costs an extra draw (0.22 s of the
            1.04 s the compare report's trajectories took). False for a figure that
            lays itself out inside its own edges: saved whole, as laid out.

    Returns:
        The PNG file's bytes.
    """
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    finally:
        # Only pyplot can hold a figure open, and only once imported: never import it
        # here (that would make library code part of pyplot's global state).
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close(fig)
    return buffer.getvalue()


def esc(text: object) -> str:
    """Text made safe to place in HTML."""
    return html.escape(str(text), quote=True)


def paragraph(text: str) -> str:
    """A paragraph of plain text."""
    return f"<p>{esc(text)}</p>\n"


def heading(text: str) -> str:
    """A sub-heading inside a section."""
    return f"<h3>{esc(text)}</h3>\n"


def bullets(items: Iterable[str], html_items: bool = False) -> str:
    """A bulleted list of plain text (or of HTML fragments with `html_items`)."""
    inner = "".join(f"<li>{item if html_items else esc(item)}</li>" for item in items)
    return f"<ul>{inner}</ul>\n" if inner else ""


def box(body: str, kind: str = "") -> str:
    """HTML: a framed box around `body` (HTML); ``kind="key"`` for the report's key message."""
    return f"<div class='box{' ' + esc(kind) if kind else ''}'>{body}</div>\n"


def with_note(text: str, note: str) -> str:
    """HTML: text with a smaller explanatory line under it (e.g. an outcome's meaning)."""
    return f"{esc(text)}<small class='meaning'>{esc(note)}</small>" if note else esc(text)


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    numeric: Sequence[int] = (),
    html_columns: Sequence[int] = (),
) -> str:
    """A table.

    Args:
        header: Column headings.
        rows: Cells; a cell is text or (text, CSS class).
        numeric: Columns to right-align as numbers.
        html_columns: Columns whose cells are HTML already (e.g. from `with_note`).

    Returns:
        The HTML table.
    """
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for j, cell in enumerate(row):
            text, css = cell if isinstance(cell, tuple) else (cell, "")
            classes = " ".join(c for c in (css, "num" if j in numeric else "") if c)
            attr = f" class='{classes}'" if classes else ""
            shown = text if j in html_columns else esc(text)
            cells.append(f"<td{attr}>{shown}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>\n"


def key_values(pairs: Iterable[tuple[str, str]], header: Sequence[str] = ()) -> str:
    """A two-column table of names and values; values are shown in a fixed-width font."""
    rows = [(k, (v, "mono")) for k, v in pairs]
    return table(header or ("", ""), rows)


def _image_html(image: Image) -> str:
    data = base64.b64encode(image.png).decode("ascii")
    return (
        f"<figure><img src='data:image/png;base64,{data}' alt='{esc(image.alt)}'>"
        f"<figcaption>{esc(image.caption)}</figcaption></figure>\n"
    )


def render(
    title: str,
    sections: Sequence[Section],
    lang: str = "en",
    subtitle: str = "",
    footer: str = "",
) -> str:
    """A complete, self-contained HTML document.

    Args:
        title: Page title and main heading.
        sections: Sections in order.
        lang: Language code for the ``lang`` attribute (screen readers, hyphenation).
        subtitle: A line under the title.
        footer: A line at the bottom (e.g. how the report was made).

    Returns:
        The HTML text.
    """
    parts = [
        "<!DOCTYPE html>",
        f"<html lang='{esc(lang)}'>",
        "<head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{esc(title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body><main>",
        f"<h1>{esc(title)}</h1>",
    ]
    if subtitle:
        parts.append(f"<p class='subtitle'>{esc(subtitle)}</p>")
    for section in sections:
        parts.append(f"<section><h2>{esc(section.title)}</h2>")
        parts.append(section.body)
        parts.extend(_image_html(image) for image in section.images)
        parts.append("</section>")
    if footer:
        parts.append(f"<footer>{esc(footer)}</footer>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def made_with(provenance: Mapping[str, Any], lang: str) -> str:
    """A report's footer line: the bpsim version that made its results, and when.

    Args:
        provenance: The results' provenance (``bpsim_version``, ``created_utc``); a
            missing entry shows as ``?``.
        lang: ``en`` or ``nl``.
    """
    return i18n.text(
        "footer",
        lang,
        version=provenance.get("bpsim_version", "?"),
        created=provenance.get("created_utc", "?"),
    )


def write(path: str | Path, document: str) -> Path:
    """Write an HTML document as UTF-8 and return its path."""
    path = Path(path)
    path.write_text(document, encoding="utf-8")
    return path
