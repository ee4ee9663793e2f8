"""The Compare page's view of a finished robust comparison, read from its store.

`bpsim compare --uncertainty N` stores its worlds as a sweep store (``OUT/robust``).
This panel finds such stores under the results folder and shows what the report's
section "How robust is this advice?" shows: the share of worlds, the spread figure,
the flip conditions in plain words and the assumptions that matter most. It runs
nothing: every number is read back from the store (`bpsim.comparison.robust.analyse`).
"""

from __future__ import annotations

from pathlib import Path

import solara

from bpsim.dashboard.components import Figure, use_lang
from bpsim.dashboard.files import walk_results
from bpsim.dashboard.settings import results_dir
from bpsim.machinery import i18n


def robust_stores(root: Path | None = None, depth: int = 3) -> list[Path]:
    """Robust-comparison stores under `root` (the results folder), newest first."""
    from bpsim.comparison.robust import is_robust_store

    # A store's own "parts" folder holds its results, never another store.
    found = [
        here
        for here, _, files in walk_results(root, depth, skip={"parts"})
        if "provenance.json" in files and is_robust_store(here)
    ]
    found.sort(key=lambda p: (p / "provenance.json").stat().st_mtime, reverse=True)
    return found


def _markdown_table(header: list[str], rows: list[list]) -> str:
    def cell(c) -> str:
        text = c[0] if isinstance(c, tuple) else c
        return str(text).replace("|", "\\|")

    # Words left, numbers right, as in the report.
    lines = ["| " + " | ".join(header) + " |", "|:---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@solara.component
def RobustView(store: Path):
    """One stored robust comparison, in the session's language."""
    from bpsim.comparison.robust import analyse
    from bpsim.comparison.robust_report import (
        flip_sentences,
        headline,
        importance_rows,
        plot_spread,
        share_header,
        share_rows,
    )
    from bpsim.machinery import report

    lang = use_lang()
    result = solara.use_memo(lambda: analyse(store), [str(store)])
    spreads = solara.use_memo(
        lambda: {b: report.figure_png(plot_spread(result, b, lang)) for b in result.names[1:]},
        [str(store), lang],
    )
    solara.Text(i18n.text("robust_from_store", lang, path=str(store)),
                style={"font-size": "0.85rem", "color": "#555"})  # fmt: skip
    for b in result.names[1:]:
        solara.Markdown(f"**{headline(result, b, lang)}**")
        solara.Markdown(_markdown_table(share_header(result, b, lang), share_rows(result, b, lang)))
        sentences = flip_sentences(result, b, lang)
        solara.Markdown(f"#### {i18n.text('robust_flips', lang)}")
        solara.Markdown(
            "\n".join(f"- {s}" for s in sentences)
            if sentences
            else i18n.text("robust_unanimous", lang)
        )
        solara.Markdown(f"#### {i18n.text('robust_importance', lang)}")
        solara.Markdown(
            _markdown_table(
                [i18n.text("col_outcome", lang), i18n.text("col_top_assumptions", lang)],
                importance_rows(result, b, lang),
            )
        )
        Figure(spreads[b], "robust-spread")


@solara.component
def RobustPanel():
    """A folded panel: choose a stored robust comparison and read it."""
    lang = use_lang()
    looked, set_looked = solara.use_state(0)  # raised by "Look again"
    stores = solara.use_memo(lambda: robust_stores(), [looked])
    chosen, set_chosen = solara.use_state(None)
    with solara.Details(i18n.text("robust_title", lang), expand=False):
        with solara.Row(style={"align-items": "center"}):
            solara.Button(
                i18n.text("refresh", lang),
                text=True,
                on_click=lambda: set_looked(looked + 1),
                classes=["bpsim-robust-refresh"],
            )
        if not stores:
            solara.Info(i18n.text("robust_none_stored", lang, root=str(results_dir())),
                        classes=["bpsim-robust-none"])  # fmt: skip
            return
        labels = {str(p): p for p in stores}
        current = chosen if chosen in labels else next(iter(labels))
        solara.Select(
            i18n.text("robust_choose", lang),
            values=list(labels),
            value=current,
            on_value=set_chosen,
        )
        RobustView(labels[current])
