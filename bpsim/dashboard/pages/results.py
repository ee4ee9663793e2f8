"""Results: the figures and reports of stored comparisons and sweeps under results/."""

from __future__ import annotations

from pathlib import Path

import solara

from bpsim.dashboard.components import use_text
from bpsim.dashboard.files import MAX_INLINE_BYTES, ReportTooLarge, inline_report, result_folders
from bpsim.dashboard.settings import results_dir


def shown_path(path: Path) -> str:
    """A folder as the visitor would type it: relative to the current folder if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@solara.component
def Report(path):
    """One HTML report: shown in a frame on request, and downloadable."""
    tr = use_text()
    open_, set_open = solara.use_state(False)
    with solara.Row(style={"align-items": "center"}):
        solara.Text(path.name, style={"font-weight": "500"})
        solara.Button(
            tr("hide_report") if open_ else tr("show_report"),
            text=True,
            on_click=lambda: set_open(not open_),
            classes=["bpsim-show-report"],
        )
        solara.FileDownload(
            lambda: path.read_bytes(),
            filename=path.name,
            label=tr("download"),
            mime_type="text/html",
        )
    if not open_:
        return
    try:
        body = inline_report(path)
    except ReportTooLarge:
        solara.Warning(tr("too_large", file=path.name, mib=path.stat().st_size / 2**20))
        return
    except OSError as err:
        solara.Error(f"{path.name}: {err.strerror or err}")
        return
    # A sandboxed frame without scripts: a report is shown, never run.
    solara.v.Html(
        tag="iframe",
        attributes={
            "srcdoc": body,
            "sandbox": "",
            "style": "width: 100%; height: 80vh; border: 1px solid #ccc;",
            "title": path.name,
        },
        class_="bpsim-report-frame",
    )


#: MIME types of the files a results folder offers.
MIME = {".md": "text/markdown", ".csv": "text/csv", ".json": "application/json",
        ".toml": "application/toml", ".txt": "text/plain"}  # fmt: skip


@solara.component
def ResultFigure(path: Path):
    """A stored figure: shown at column width; Full size opens it at its own size."""
    tr = use_text()
    open_, set_open = solara.use_state(False)
    with solara.Row(style={"align-items": "center"}):
        solara.Text(path.name, style={"font-weight": "500"})
        solara.Button(tr("enlarge"), icon_name="mdi-magnify-plus-outline", text=True, small=True,
                      on_click=lambda: set_open(True), classes=["bpsim-enlarge"])  # fmt: skip
        solara.FileDownload(lambda: path.read_bytes(), filename=path.name, mime_type="image/png",
                            children=[solara.Button(tr("download"), icon_name="mdi-download",
                                                    text=True, small=True)])  # fmt: skip
    solara.Image(path, width="100%", classes=["bpsim-result-image"])
    dialog = solara.v.Dialog(v_model=open_, on_v_model=set_open, max_width="none", width="auto",
                             scrollable=True, content_class="bpsim-figure-dialog")  # fmt: skip
    with dialog, solara.Card(path.name, margin=0):
        with solara.Div(style={"overflow": "auto", "max-height": "85vh"}):
            solara.Image(path, classes=["bpsim-full-image"])
        solara.Button(tr("close"), on_click=lambda: set_open(False), text=True,
                      classes=["bpsim-close"])  # fmt: skip


@solara.component
def ResultsPage():
    """The Results tab."""
    tr = use_text()
    version = solara.use_reactive(0)
    root = results_dir()
    folders = solara.use_memo(lambda: result_folders(root), [version.value])
    labels = [f.label for f in folders]
    choice = solara.use_reactive(None)
    with solara.Row(style={"align-items": "center"}):
        solara.Text(tr("results_intro", folder=shown_path(root)))
        solara.Button(
            tr("refresh"),
            icon_name="mdi-refresh",
            text=True,
            on_click=lambda: version.set(version.value + 1),
            classes=["bpsim-refresh"],
        )
    if not folders:
        solara.Info(tr("no_results", folder=shown_path(root)), classes=["bpsim-no-results"])
        return
    current = choice.value if choice.value in labels else labels[0]
    solara.Select(
        tr("results_folder"),
        values=labels,
        value=current,
        on_value=choice.set,
        classes=["bpsim-results-folder"],
        style={"max-width": "40em"},
    )
    folder = folders[labels.index(current)]
    if folder.reports:
        solara.HTML("h3", tr("reports"))
        for report in folder.reports:
            Report(report)
    if folder.others:
        solara.HTML("h3", tr("other_files"))
        with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}, classes=["bpsim-other-files"]):
            for other in folder.others:
                solara.FileDownload(
                    lambda other=other: other.read_bytes(),
                    filename=other.name,
                    mime_type=MIME.get(other.suffix.lower(), "application/octet-stream"),
                    children=[solara.Button(other.name, icon_name="mdi-download", outlined=True,
                                            small=True)],
                )  # fmt: skip
    solara.HTML("h3", tr("figures"))
    if not folder.figures:
        solara.Text(tr("no_figures"))
    with solara.ColumnsResponsive(12, large=6):
        for figure in folder.figures:
            with solara.Column(classes=["bpsim-result-figure"]):
                if figure.stat().st_size > MAX_INLINE_BYTES:
                    mib = figure.stat().st_size / 2**20
                    solara.Warning(tr("too_large", file=figure.name, mib=mib))
                    continue
                ResultFigure(figure)
