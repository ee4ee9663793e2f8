"""Figures of the dashboard, drawn with matplotlib from the model's arrays.

Speed is the design constraint: a step of the default neighbourhood, drawn, must
take at most 200 ms (measured by benchmarks/bench_dashboard.py). Three choices make
that possible:

- The map is one image of the grid filled from the residents' arrays
  (``residents.x/.y`` with unmet need or trust) plus one scatter per best-person
  type, not one portrayal call per agent as Mesa's SpaceRenderer makes.
- Each figure is built once per browser session; between weeks only data, texts
  and limits change (creating matplotlib axes costs more than drawing them).
- Blitting: the static parts (axes, ticks, legends) are rasterised only when they
  change; a week redraws just the changing artists on top of a saved copy. The
  plots' time axis grows in a few steps (`time_axis_end`) and their value axes
  move only when a line leaves them (`value_limits`), so the static parts rarely
  change: in about one week in five early in a run, hardly ever later.

Matplotlib is not thread-safe and every browser session draws in its own thread,
so rasterising any figure holds one module-wide lock.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
import PIL.Image
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import Formatter, MaxNLocator

from bpsim.core.outcomes import RECORDS, direction
from bpsim.machinery import i18n

#: One lock for every rasterisation: matplotlib's font cache is shared between threads.
_RENDER_LOCK = threading.Lock()

#: Unresolved problems (one per domain at most) shown each in their own colour.
MAX_UNMET_SHOWN = 5

#: Households without unmet need are pale grey-blue; more problems, deeper red.
UNMET_COLOURS = ("#dfe7ec", "#fdd49e", "#fc8d59", "#e34a33", "#b30000", "#5c0011")
#: Trust from red (none) through yellow to blue (full): red means trouble in both views.
TRUST_CMAP = "RdYlBu"
#: Cells where nobody lives.
EMPTY_CELL = "#f7f7f7"

#: Marker, colour and size per best-person type (by class name). Shapes differ, so
#: the legend also works in black and white and for colour-blind readers.
BEST_PERSON_STYLE: dict[str, tuple[str, str, float]] = {
    "EverydayDoer": ("o", "#009e73", 70.0),
    "FrontlineBestPerson": ("^", "#cc79a7", 85.0),
    "SocialEntrepreneur": ("*", "#f0e442", 190.0),
    "BridgeBuilder": ("D", "#56b4e9", 60.0),
}
#: Room for the map's legend, in inches.
LEGEND_INCHES = 2.9
#: Marker, colour and size of agencies.
AGENCY_STYLE = ("s", "#303030", 240.0)
#: Colours of run A and run B in every plot; a single run is drawn in A's place.
RUN_COLOURS = ("#b2182b", "#2166ac")
SINGLE_RUN_COLOUR = "#1f5f8b"


class _Blitter:
    """Draws a figure's static parts once and only its changing artists each week.

    The static background (axes, ticks, titles, legend) is rasterised when its
    `key` changes (language, limits, counts in the legend) and copied; a week then
    costs restoring that copy, drawing the changing artists on top, and encoding.
    This is matplotlib's blitting, done off screen.

    Args:
        fig: The figure.
    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self._key: object = None
        self._background = None
        self.full_draws = 0

    def png(self, key: object, animated: Sequence[Artist]) -> bytes:
        """Rasterise the figure to PNG bytes, redrawing the background only if `key` changed."""
        for artist in animated:
            # Animated artists are skipped by a full draw and drawn by hand below.
            artist.set_animated(True)
        with _RENDER_LOCK:
            if key != self._key or self._background is None:
                self.canvas.draw()
                self._background = self.canvas.copy_from_bbox(self.fig.bbox)
                self._key = key
                self.full_draws += 1
            else:
                self.canvas.restore_region(self._background)
            for artist in animated:
                if artist.get_visible():
                    self.fig.draw_artist(artist)
            width, height = self.canvas.get_width_height()
            image = PIL.Image.frombuffer(
                "RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
            )
            buf = io.BytesIO()
            # Low compression: the image travels over a local socket, where encoding
            # time matters more than size.
            image.convert("RGB").save(buf, format="PNG", compress_level=1)
        return buf.getvalue()


# --- the map ---------------------------------------------------------------------------------


def cell_values(model, colour_by: str) -> np.ndarray:
    """The households' values laid out on their lots; NaN where nobody lives.

    Args:
        model: A `NeighbourhoodModel`.
        colour_by: ``"unmet"`` (problems without help, capped at `MAX_UNMET_SHOWN`)
            or ``"trust"`` (0-1).

    Returns:
        A (side, side) array indexed [y, x], as `imshow` expects.
    """
    res = model.residents
    side = model.lots_per_side
    values = np.full((side, side), np.nan)
    if colour_by == "trust":
        values[res.y, res.x] = res.trust
    else:
        values[res.y, res.x] = np.minimum(res.unmet_mask().sum(axis=1), MAX_UNMET_SHOWN)
    return values


def best_person_positions(model) -> dict[str, np.ndarray]:
    """(n, 2) positions of the active best persons, by type (class name).

    Frontline best persons share their agency's lot; they are spread on a small
    ring around it so each stays visible.
    """
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in BEST_PERSON_STYLE}
    at_agency: dict[tuple[int, int], int] = {}
    for person in model.best_persons:
        name = type(person).__name__
        x, y = person.lot
        if name == "FrontlineBestPerson":
            k = at_agency.get((x, y), 0)
            at_agency[(x, y)] = k + 1
            angle = math.pi / 4 + k * 2 * math.pi / 6
            ring = 1.6 + 0.8 * (k // 6)
            x, y = x + ring * math.cos(angle), y + ring * math.sin(angle)
        if name in out:
            out[name].append((x, y))
    return {name: np.array(pos, dtype=float).reshape(-1, 2) for name, pos in out.items()}


def _legend_handles() -> list[Line2D]:
    """Legend symbols: the four best-person types, then agencies."""
    handles = [
        Line2D([], [], ls="none", marker=m, ms=math.sqrt(s), mfc=c, mec="black")
        for m, c, s in BEST_PERSON_STYLE.values()
    ]
    marker, colour, size = AGENCY_STYLE
    handles.append(
        Line2D([], [], ls="none", marker=marker, ms=math.sqrt(size) * 0.8, mfc=colour, mec="white")
    )
    return handles


def legend_labels(lang: str, counts: Sequence[int] | None = None) -> list[str]:
    """Legend texts in `lang`, with counts (best persons by type, then agencies) if given."""
    names = [i18n.best_person_type(n, lang) for n in BEST_PERSON_STYLE]
    names.append(i18n.text("agency", lang))
    if counts is None:
        return names
    return [f"{name} ({count})" for name, count in zip(names, counts, strict=True)]


def legend_png(lang: str) -> bytes:
    """The map's symbols on their own, for pages showing several maps without legends."""
    fig = Figure(figsize=(2.8, 1.9), dpi=90)
    fig.legend(_legend_handles(), legend_labels(lang), loc="center", frameon=False,
               fontsize=9, labelspacing=1.0)  # fmt: skip
    return _Blitter(fig).png(None, [])


class NeighbourhoodMap:
    """The neighbourhood as one reusable figure: households, best persons, agencies.

    Args:
        legend: Show the legend beside the map (with counts per type). Without it
            the figure is nearly square and the title counts the active best persons.
        width: Figure width in inches (default: 7.6 with legend, 4.6 without).
        height: Figure height in inches.
        dpi: Dots per inch.
    """

    def __init__(
        self,
        legend: bool = True,
        width: float | None = None,
        height: float = 5.2,
        dpi: int = 90,
    ) -> None:
        width = width or (7.6 if legend else 4.6)
        self.fig = Figure(figsize=(width, height), dpi=dpi)
        # Fixed positions instead of a layout engine: layout costs more than drawing.
        # The legend keeps a fixed width (its longest label is Dutch); the map takes the rest.
        map_width = (width - LEGEND_INCHES if legend else 0.96 * width) / width
        self.ax = self.fig.add_axes((0.01 if legend else 0.02, 0.17, map_width, 0.76))
        self.cax = self.fig.add_axes((0.05, 0.105, map_width - 0.08, 0.025))
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        self.ax.set_aspect("equal")
        self.image = self.ax.imshow(
            np.zeros((1, 1)), origin="lower", interpolation="nearest", zorder=1
        )
        self.colourbar = self.fig.colorbar(self.image, cax=self.cax, orientation="horizontal")
        self.people = {
            name: self.ax.scatter(
                [], [], marker=m, s=s, c=colour, edgecolors="black", linewidths=0.8, zorder=4
            )
            for name, (m, colour, s) in BEST_PERSON_STYLE.items()
        }
        marker, colour, size = AGENCY_STYLE
        self.agencies = self.ax.scatter(
            [], [], marker=marker, s=size, c=colour, edgecolors="white", linewidths=1.2, zorder=3
        )
        self.agency_labels: list[Artist] = []
        self.legend = None
        if legend:
            handles = _legend_handles()
            self.legend = self.fig.legend(
                handles,
                [""] * len(handles),
                loc="center left",
                bbox_to_anchor=(map_width + 0.02, 0.55),
                frameon=False,
                fontsize=9,
                labelspacing=1.1,
                handletextpad=0.6,
            )
        self.title = self.ax.set_title("", fontsize=11)
        self._blitter = _Blitter(self.fig)
        self._mode: tuple[str, str] | None = None
        self._side = 0
        self._agencies_key: object = None

    def _set_mode(self, colour_by: str, lang: str) -> None:
        """Colours and colour bar for unmet need or trust, its numbers in `lang`'s style."""
        if (colour_by, lang) == self._mode:
            return
        if colour_by == "trust":
            cmap = matplotlib.colormaps[TRUST_CMAP].with_extremes(bad=EMPTY_CELL)
            self.image.set_cmap(cmap)
            self.image.set_norm(Normalize(0.0, 1.0))
            ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
            labels = [i18n.number(t, 2, lang) for t in ticks]
        else:
            cmap = ListedColormap(UNMET_COLOURS).with_extremes(bad=EMPTY_CELL)
            self.image.set_cmap(cmap)
            self.image.set_norm(BoundaryNorm(np.arange(-0.5, MAX_UNMET_SHOWN + 1), cmap.N))
            ticks = list(range(MAX_UNMET_SHOWN + 1))
            labels = [*map(str, ticks[:-1]), f"{ticks[-1]}+"]  # the last colour means "or more"
        self.colourbar.update_normal(self.image)
        self.colourbar.set_ticks(ticks, labels=labels)
        self._mode = (colour_by, lang)

    def _place_agencies(self, model, lang: str) -> None:
        key = (lang, tuple((a.name, a.lot) for a in model.agencies))
        if key == self._agencies_key:
            return
        for label in self.agency_labels:
            label.remove()
        coords = np.array([a.lot for a in model.agencies], dtype=float)
        self.agencies.set_offsets(coords.reshape(-1, 2))
        self.agency_labels = [
            self.ax.annotate(
                i18n.agency_name(a.name, lang),
                (x, y),
                xytext=(0, -13),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7.5,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
            for a, (x, y) in zip(model.agencies, coords, strict=True)
        ]
        self._agencies_key = key

    def draw(self, model, colour_by: str = "unmet", lang: str = "en") -> object:
        """Update the figure's artists to the model's current week.

        Args:
            model: A `NeighbourhoodModel` (read only).
            colour_by: ``"unmet"`` (problems without help) or ``"trust"``.
            lang: ``"en"`` or ``"nl"``.

        Returns:
            The key of the static background this week needs.
        """
        side = model.lots_per_side
        self._set_mode(colour_by, lang)
        self.image.set_data(cell_values(model, colour_by))
        if side != self._side:
            self.image.set_extent((-0.5, side - 0.5, -0.5, side - 0.5))
            self.ax.set_xlim(-0.5, side - 0.5)
            self.ax.set_ylim(-0.5, side - 0.5)
            self._side = side
        self._place_agencies(model, lang)
        positions = best_person_positions(model)
        for name, points in positions.items():
            self.people[name].set_offsets(points)
        counts = [len(points) for points in positions.values()] + [len(model.agencies)]
        labels: tuple[str, ...] = ()
        if self.legend is not None:
            labels = tuple(legend_labels(lang, counts))
            for text, label in zip(self.legend.get_texts(), labels, strict=True):
                text.set_text(label)
            title = i18n.text("map_title", lang, week=model.steps)
        else:
            title = i18n.text("map_title_short", lang, week=model.steps, n=sum(counts[:-1]))
        bar = "trust_bar" if colour_by == "trust" else "unmet_bar"
        self.colourbar.set_label(i18n.text(bar, lang), fontsize=9)
        self.title.set_text(title)
        return (colour_by, lang, side, self._agencies_key, labels)

    def png(self, model, colour_by: str = "unmet", lang: str = "en") -> bytes:
        """The map of the model's current week as PNG bytes."""
        key = self.draw(model, colour_by, lang)
        # Households are drawn every week, so everything above them must be too.
        animated = [
            self.image,
            self.agencies,
            *self.people.values(),
            *self.agency_labels,
            self.title,
        ]
        return self._blitter.png(key, animated)


# --- outcome plots ---------------------------------------------------------------------------


def _is_bounded(name: str) -> bool:
    """Whether an outcome lives on 0-1 (its record's bounds; gaps can be negative)."""
    rec = RECORDS.get(name)
    return rec.on_unit_interval if rec is not None else True


class TickFormatter(Formatter):
    """Tick labels in the reader's language: decimal comma in Dutch, shares as %.

    Args:
        lang: ``"en"`` or ``"nl"``.
        share: Show values as percentages (differences as percentage points).
        sign: Show a sign (for differences).
    """

    def __init__(self, lang: str, share: bool = False, sign: bool = False) -> None:
        self.lang = lang
        self.share = share
        self.sign = sign
        self.decimals = 2

    def set_locs(self, locs) -> None:
        """Choose the decimals from the tick spacing (called before formatting)."""
        super().set_locs(locs)
        scale = 100.0 if self.share else 1.0
        steps = np.diff(np.asarray(locs, dtype=float)) * scale
        step = float(np.min(np.abs(steps))) if steps.size else 1.0
        self.decimals = max(0, -math.floor(math.log10(step))) if step > 0 else 0

    def __call__(self, x: float, pos=None) -> str:
        """One tick label."""
        shown = i18n.number(
            x * (100.0 if self.share else 1.0), self.decimals, self.lang, sign=self.sign and x != 0
        )
        if not self.share:
            return shown
        return f"{shown} {i18n.text('pp', self.lang)}" if self.sign else f"{shown}%"


def value_limits(
    series: Sequence[np.ndarray], bounded: bool, current: tuple[float, float] | None = None
) -> tuple[float, float]:
    """Y limits that show change without magnifying noise, and that rarely move.

    A minimum span keeps a flat line flat instead of stretching rounding noise
    across the panel; shares and indices stay within 0-1. The current limits are
    kept while every value fits and they are not far wider than needed, so the
    axes (and the blitted background) change only now and then.

    Args:
        series: The values drawn in one panel.
        bounded: Whether the outcome lives on 0-1.
        current: The limits now shown, if any.

    Returns:
        (low, high).
    """
    finite = np.concatenate([np.asarray(s)[np.isfinite(s)] for s in series] + [np.empty(0)])
    if finite.size == 0:
        return current or (0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    span = max(hi - lo, 0.1 if bounded else max(0.2 * abs(hi), 0.05))
    if current is not None:
        c_lo, c_hi = current
        if c_lo <= lo and hi <= c_hi and (c_hi - c_lo) <= 3.0 * span:
            return current
    # Headroom, so a line that keeps climbing does not move the axis every week.
    mid = (lo + hi) / 2
    lo, hi = mid - 0.75 * span, mid + 0.75 * span
    if bounded:
        lo, hi = max(lo, 0.0), min(hi, 1.0)
    elif finite.min() >= 0:
        lo = max(lo, 0.0)
    # A value on the edge (a share of 100%, a count of 0) gets a sliver of room, so
    # its dot and line are drawn whole inside the panel rather than cut by the frame.
    margin = 0.03 * (hi - lo)
    if finite.max() >= hi - 1e-9:
        hi += margin
    if finite.min() <= lo + 1e-9:
        lo -= margin
    return (lo, hi)


def time_axis_end(week: int, horizon: int) -> int:
    """Where the time axis ends: a quarter, half a year, a year, then whole years.

    A fixed axis to the horizon would squeeze the first weeks into a sliver; an
    axis that grows every week would redraw everything every week. Growing in
    these steps keeps early weeks readable with a handful of full redraws per run.
    """
    for end in (13, 26, 52):
        if week < end:
            return max(1, min(end, horizon))
    return max(1, min(52 * (week // 52 + 1), horizon))


def difference_limits(
    diff: np.ndarray, bounded: bool, current: tuple[float, float] | None = None
) -> tuple[float, float]:
    """Symmetric y limits around zero for a difference, so sign reads at a glance.

    At least 0.02 (two percentage points) for shares and indices and 0.1 otherwise,
    so a near-zero difference looks near zero; kept while the values fit and the
    limits are not more than three times wider than needed.
    """
    finite = np.abs(diff[np.isfinite(diff)])
    reach = max(float(finite.max()) if finite.size else 0.0, 0.02 if bounded else 0.1)
    if current is not None and reach <= current[1] <= 3.0 * reach:
        return current
    return (-1.3 * reach, 1.3 * reach)


#: Font size of the panel titles, in points.
TITLE_SIZE = 8.5
#: Height of one line of value text in a panel, as a fraction of the panel.
VALUE_LINE = 0.15
#: Corners for the value text, in order of preference: (x, y, ha, va) in axes fractions.
CORNERS = (
    (0.03, 0.95, "left", "top"),
    (0.97, 0.95, "right", "top"),
    (0.03, 0.05, "left", "bottom"),
    (0.97, 0.05, "right", "bottom"),
)


def free_corner(
    points: Sequence[tuple[np.ndarray, np.ndarray]], rows: int
) -> tuple[float, float, str, str]:
    """The first corner of a panel that no line passes through, for `rows` lines of text.

    Args:
        points: Per line, its (x, y) in axes fractions (0-1 inside the panel).
        rows: Lines of text to place.

    Returns:
        (x, y, horizontal alignment, vertical alignment); the top left if no
        corner is free (the text's white box then keeps it readable).
    """
    height = VALUE_LINE * rows + 0.05
    for corner in CORNERS:
        _, _, ha, va = corner
        x0, x1 = (0.0, 0.45) if ha == "left" else (0.55, 1.0)
        y0, y1 = (1.0 - height, 1.0) if va == "top" else (0.0, height)
        if not any(((px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)).any() for px, py in points):
            return corner
    return CORNERS[0]


def _difference_colour(shown: str, goodness: float) -> str:
    """Green if B does better, red if worse, grey if the shown difference is zero."""
    if not any(ch in "123456789" for ch in shown) or not math.isfinite(goodness):
        return "#333333"
    return "#1a7f3c" if goodness > 0 else "#c0392b"


#: Colour of the line marking a week in which a lever changes or best persons leave.
CHANGE_COLOUR = "#555555"


def mark_changes(axes: Sequence, marks: list, weeks: Sequence[int], colour: str = CHANGE_COLOUR):
    """Dashed lines on every panel at `weeks` (a timeline's changes, events); old ones removed.

    Part of the static background: the key of the figure names the weeks, so the lines
    are rasterised once, not every week.
    """
    for line in marks:
        line.remove()
    marks.clear()
    for ax in axes:
        for week in weeks:
            marks.append(ax.axvline(week, color=colour, ls="--", lw=1.0, alpha=0.8, zorder=1))
    return marks


# --- the panels of small multiples (OutcomePlots and BandPlots) ------------------------------


def _panels(fig: Figure, rows: int, cols: int, n: int) -> tuple[np.ndarray, list]:
    """`n` panels in a grid of `rows` x `cols`, styled alike; the grid's spare places hidden.

    Returns:
        The whole grid of axes (rows x cols, as `Figure.subplots` gives it) and the `n`
        panels, row by row.
    """
    grid = fig.subplots(rows, cols, squeeze=False)
    panels = list(grid.flat)[:n]
    for ax in list(grid.flat)[n:]:
        ax.set_visible(False)
    for ax in panels:
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        ax.yaxis.set_major_locator(MaxNLocator(4))
    return grid, panels


def _title_chars(panel_inches: float) -> int:
    """Characters of a panel title per line for a panel this wide: about 0.6 em each."""
    return max(16, int(panel_inches * 72 / (TITLE_SIZE * 0.6)))


def _set_title(ax, name: str, lang: str, chars: int) -> None:
    """A panel's title: the outcome's label, wrapped at `chars`, and which way is better."""
    hint = i18n.direction_hint(name, lang) or i18n.text("higher_better", lang)
    label = textwrap.fill(i18n.outcome_label(name, lang), chars)
    ax.set_title(f"{label}\n({hint})", fontsize=TITLE_SIZE)


def _note(ax) -> Artist:
    """A text in the middle of a panel, empty until `_show_note` fills it."""
    return ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                   fontsize=8, color="#777")  # fmt: skip


def _show_note(note, series: Sequence[np.ndarray], lang: str) -> bool:
    """Say "not yet" in a panel none of whose `series` has a value yet.

    Returns:
        Whether any has one (the note is empty then).
    """
    has_data = any(np.isfinite(values).any() for values in series)
    note.set_text("" if has_data else i18n.text("not_yet", lang))
    return has_data


class OutcomePlots:
    """Small multiples of outcomes over weeks, one panel each, reused between weeks.

    The time axis grows in steps up to the horizon (see `time_axis_end`).

    Args:
        outcomes: Outcome names, one panel each (six fit well).
        runs: Runs drawn per panel (1 for Explore, 2 for Compare).
        difference: Draw one series ``B - A`` with a zero line, shaded green where
            B does better and red where it does worse, instead of the runs.
        cols: Panels per row.
        width: Figure width in inches.
        height: Figure height in inches.
        dpi: Dots per inch.
    """

    def __init__(
        self,
        outcomes: Sequence[str],
        runs: int = 1,
        difference: bool = False,
        cols: int = 3,
        width: float = 10.0,
        height: float = 5.0,
        dpi: int = 80,
    ) -> None:
        self.outcomes = tuple(outcomes)
        self.difference = difference
        self.cols = cols
        rows = -(-len(self.outcomes) // cols)
        self.fig = Figure(figsize=(width, height), dpi=dpi)
        _, self.axes = _panels(self.fig, rows, cols, len(self.outcomes))
        self._layout(rows, width, height)
        self.lines: list[list[Line2D]] = []
        self.ends: list[list[Line2D]] = []
        self.values: list[list[Artist]] = []
        self.fills: list[list[Artist]] = [[] for _ in self.outcomes]
        self.notes = []
        self.limits: list[tuple[float, float] | None] = [None] * len(self.outcomes)
        colours = RUN_COLOURS[:runs] if runs > 1 else (SINGLE_RUN_COLOUR,)
        if difference:
            colours = ("#333333",)
        for ax in self.axes:
            if difference:
                ax.axhline(0.0, color="#444", lw=0.9)
            # Not clipped: a share lying on 0 or 1 is drawn over the frame, not hidden.
            self.lines.append([ax.plot([], [], color=c, lw=1.5, clip_on=False)[0] for c in colours])
            # A dot on this week's value, so week 0 shows something too.
            self.ends.append(
                [ax.plot([], [], "o", ms=4, color=c, clip_on=False)[0] for c in colours]
            )
            # This week's value in words, one line per run, in the run's colour.
            self.values.append(
                [
                    ax.text(
                        0.03,
                        0.95 - VALUE_LINE * k,
                        "",
                        transform=ax.transAxes,
                        va="top",
                        fontsize=8.5,
                        color=c,
                        fontweight="bold",
                        bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 1.0},
                    )
                    for k, c in enumerate(colours)
                ]
            )
            self.notes.append(_note(ax))
        self.title = self.fig.suptitle("", fontsize=11, x=0.02, y=0.99, ha="left")
        self.legend = None
        self._marks: list = []
        self._changes: tuple[int, ...] = ()
        self._blitter = _Blitter(self.fig)

    def reset(self) -> None:
        """Forget the value axes, so after a restart they follow the new run's data."""
        self.limits = [None] * len(self.outcomes)

    def _layout(self, rows: int, width: float, height: float) -> None:
        """Margins in inches (room for the titles and tick labels), as figure fractions."""
        top, bottom, left, right = 0.95, 0.45, 0.65, 0.12
        row_gap, col_gap = 0.75, 0.65
        panel_h = (height - top - bottom - (rows - 1) * row_gap) / rows
        panel_w = (width - left - right - (self.cols - 1) * col_gap) / self.cols
        self._title_chars = _title_chars(panel_w)
        self.fig.subplots_adjust(
            left=left / width,
            right=1 - right / width,
            top=1 - top / height,
            bottom=bottom / height,
            hspace=row_gap / panel_h,
            wspace=col_gap / panel_w,
        )

    def draw(
        self,
        series: Sequence[Mapping[str, np.ndarray]],
        horizon: int,
        lang: str = "en",
        title: str = "",
        run_labels: Sequence[str] = (),
        changes: Sequence[int] = (),
    ) -> object:
        """Update the panels' artists.

        Args:
            series: Per run, weekly values by outcome name (for `difference`, one
                mapping of ``B - A``).
            horizon: Weeks in the whole run (the end of the time axis).
            lang: ``"en"`` or ``"nl"``.
            title: Figure title.
            run_labels: Legend labels of the runs (shown when there are several).
            changes: Weeks at which a lever changes or best persons leave
                (`Scenario.change_weeks`): a dashed line on every panel.

        Returns:
            The key of the static background these values need.
        """
        self.title.set_text(title)
        notes = []
        x_end = time_axis_end(max(len(s[n]) for s in series for n in self.outcomes) - 1, horizon)
        changes = tuple(w for w in changes if w <= horizon)
        if changes != self._changes:
            mark_changes(self.axes, self._marks, changes)
            self._changes = changes
        for i, (ax, name) in enumerate(zip(self.axes, self.outcomes, strict=True)):
            data = [np.asarray(s[name], dtype=float) for s in series]
            better = direction(name)
            for k, values in enumerate(data):
                self.lines[i][k].set_data(np.arange(len(values)), values)
                week = len(values) - 1
                last = float(values[-1]) if len(values) else math.nan
                self.ends[i][k].set_data([week], [last])
                run = "AB"[k] if len(data) > 1 else ""
                text = self._value_text(name, last, lang, run)
                self.values[i][k].set_text(text)
                if self.difference:
                    self.values[i][k].set_color(_difference_colour(text, last * better))
            _set_title(ax, name, lang, self._title_chars)
            ax.set_xlim(0, x_end)
            ax.yaxis.set_major_formatter(
                TickFormatter(lang, share=i18n.kind(name) == "share", sign=self.difference)
            )
            notes.append(_show_note(self.notes[i], data, lang))
            if self.difference:
                self._shade(i, better, data[0])
                self.limits[i] = difference_limits(data[0], _is_bounded(name), self.limits[i])
            else:
                self.limits[i] = value_limits(data, _is_bounded(name), self.limits[i])
            ax.set_ylim(*self.limits[i])
            self._place_values(i, data, x_end)
        for ax in self.axes[-self.cols :]:
            ax.set_xlabel(i18n.text("week", lang), fontsize=8)
        if len(run_labels) > 1 and not self.difference:
            if self.legend is None:
                self.legend = self.fig.legend(
                    self.lines[0],
                    list(run_labels),
                    loc="upper right",
                    ncols=len(run_labels),
                    fontsize=9,
                    frameon=False,
                    bbox_to_anchor=(0.99, 1.0),
                )
            for text, label in zip(self.legend.get_texts(), run_labels, strict=True):
                text.set_text(label)
        return (lang, title, tuple(run_labels), x_end, tuple(self.limits), tuple(notes), changes)

    def _place_values(self, i: int, data: Sequence[np.ndarray], x_end: int) -> None:
        """Put this week's values in the corner of the panel the lines leave free."""
        lo, hi = self.limits[i]
        points = [
            (np.arange(len(d)) / x_end, (d - lo) / (hi - lo)) for d in data if len(d) and hi > lo
        ]
        x, y, ha, va = free_corner(points, rows=len(data))
        step = -VALUE_LINE if va == "top" else VALUE_LINE
        order = range(len(data)) if va == "top" else range(len(data) - 1, -1, -1)
        for row, k in enumerate(order):
            self.values[i][k].set_position((x, y + step * row))
            self.values[i][k].set_horizontalalignment(ha)
            self.values[i][k].set_verticalalignment(va)

    def _value_text(self, name: str, last: float, lang: str, run: str) -> str:
        """This week's value as read in policy documents (shares in %, differences in pp)."""
        if not math.isfinite(last):
            return ""
        if self.difference:
            return i18n.difference(name, last, lang)
        shown = i18n.value(name, last, lang)
        return f"{run}: {shown}" if run else shown

    def _shade(self, i: int, better: int, diff: np.ndarray) -> None:
        """Shade a difference green where B does better and red where it does worse."""
        for artist in self.fills[i]:
            artist.remove()
        weeks = np.arange(len(diff))
        good = np.nan_to_num(diff) * better
        ax = self.axes[i]
        self.fills[i] = [
            ax.fill_between(
                weeks,
                0,
                np.nan_to_num(diff),
                where=where,
                color=colour,
                alpha=0.35,
                lw=0,
                interpolate=True,
            )
            for where, colour in ((good > 0, "#1a9850"), (good < 0, "#d73027"))
        ]

    def png(
        self,
        series: Sequence[Mapping[str, np.ndarray]],
        horizon: int,
        lang: str = "en",
        title: str = "",
        run_labels: Sequence[str] = (),
        changes: Sequence[int] = (),
    ) -> bytes:
        """The panels as PNG bytes (arguments as in `draw`)."""
        key = self.draw(series, horizon, lang, title, run_labels, changes)
        animated = [a for fills in self.fills for a in fills]
        for group in (self.lines, self.ends, self.values):
            animated += [artist for artists in group for artist in artists]
        return self._blitter.png(key, animated)


# --- bands of several scenarios (Compare) ----------------------------------------------------


class BandPlots:
    """Small multiples of outcomes over weeks: per scenario its mean and its band.

    Built once per session like `OutcomePlots`, and blitted the same way: axes,
    titles and legend are rasterised only when they change (language, scenarios,
    limits, the time axis); a week redraws just the bands and lines. Panels follow
    the outcomes asked for, so a new outcome in `bpsim.core.outcomes` needs no change here.

    Args:
        outcomes: Outcome names, one panel each.
        cols: Panels per row.
        width: Figure width in inches.
        row_height: Height of one row of panels in inches.
        dpi: Dots per inch.
    """

    def __init__(
        self,
        outcomes: Sequence[str],
        cols: int = 3,
        width: float = 12.0,
        row_height: float = 2.55,
        dpi: int = 80,
    ) -> None:
        self.outcomes = tuple(outcomes)
        self.cols = max(1, min(cols, len(self.outcomes)))
        self.rows = max(1, -(-len(self.outcomes) // self.cols))
        height = 1.1 + self.rows * row_height
        self.fig = Figure(figsize=(width, height), dpi=dpi)
        axes, self.axes = _panels(self.fig, self.rows, self.cols, len(self.outcomes))
        self.fig.subplots_adjust(left=0.055, right=0.985, top=1 - 0.95 / height,
                                 bottom=0.45 / height, hspace=0.62, wspace=0.22)  # fmt: skip
        for ax in list(axes[-1]):
            ax.xaxis.set_label_text("")
        self.bottom = [ax for ax in list(axes[-1]) if ax.get_visible()]
        self.notes = [_note(ax) for ax in self.axes]
        self._chars = _title_chars(width / self.cols - 0.5)
        self.limits: dict[str, tuple[float, float]] = {}
        self.legend = None
        self._legend_key: object = None
        self._artists: list[Artist] = []
        self._marks: list = []
        self._changes: tuple = ()
        self._blitter = _Blitter(self.fig)

    def reset(self) -> None:
        """Forget the value axes (after a restart, so they follow the new data)."""
        self.limits = {}

    def draw(
        self,
        bands: Mapping[str, Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]]],
        colours: Mapping[str, str],
        horizon: int,
        lang: str = "en",
        changes: Mapping[str, Sequence[int]] | None = None,
    ) -> object:
        """Update the figure to these bands.

        Args:
            bands: Per scenario label, per outcome, (mean, low, high) by week.
            colours: Colour per scenario label.
            horizon: Weeks in the whole run.
            lang: ``"en"`` or ``"nl"``.
            changes: Per scenario label, the weeks at which its levers change or its
                best persons leave: a dashed line in its colour on every panel.

        Returns:
            The key of the static background these bands need.
        """
        for artist in self._artists:
            artist.remove()
        self._artists = []
        marked = tuple(
            (label, colours[label], tuple(w for w in weeks if w <= horizon))
            for label, weeks in (changes or {}).items()
            if label in colours
        )
        if marked != self._changes:
            for line in self._marks:
                line.remove()
            self._marks = []
            for _, colour, weeks in marked:
                self._marks += mark_changes(self.axes, [], weeks, colour)
            self._changes = marked
        weeks = max((len(m) for per in bands.values() for m, _, _ in per.values()), default=1)
        x_end = time_axis_end(weeks - 1, horizon)
        notes = []
        for ax, note, name in zip(self.axes, self.notes, self.outcomes, strict=True):
            series = [np.asarray(v, dtype=float) for per in bands.values() if name in per
                      for v in per[name]]  # fmt: skip
            self.limits[name] = value_limits(series, _is_bounded(name), self.limits.get(name))
            for label, per in bands.items():
                if name not in per:
                    continue
                mean, low, high = (np.asarray(v, dtype=float) for v in per[name])
                x = np.arange(len(mean))
                colour = colours[label]
                self._artists.append(ax.fill_between(x, low, high, color=colour, alpha=0.2, lw=0))
                self._artists += ax.plot(x, mean, color=colour, lw=1.7, clip_on=False)
                if len(mean):
                    self._artists += ax.plot([x[-1]], [mean[-1]], "o", ms=3.5, color=colour,
                                             clip_on=False)  # fmt: skip
            _set_title(ax, name, lang, self._chars)
            ax.set_xlim(0, x_end)
            ax.set_ylim(*self.limits[name])
            ax.yaxis.set_major_formatter(TickFormatter(lang, share=i18n.kind(name) == "share"))
            notes.append(_show_note(note, series, lang))
        for ax in self.bottom:
            ax.set_xlabel(i18n.text("week", lang), fontsize=8)
        legend_key = (lang, tuple((s, colours[s]) for s in bands))
        if legend_key != self._legend_key:
            if self.legend is not None:
                self.legend.remove()
            handles = [Line2D([], [], color=colours[s], lw=6, alpha=0.6) for s in bands]
            # Its own strip above the panels: the legend never covers a title.
            self.legend = self.fig.legend(
                handles, list(bands), loc="upper left", ncols=max(1, len(handles)),
                fontsize=10, frameon=False, bbox_to_anchor=(0.045, 1.0),
                title=i18n.text("band_legend", lang), title_fontsize=8.5, alignment="left",
            )  # fmt: skip
            self._legend_key = legend_key
        return (legend_key, x_end, tuple(sorted(self.limits.items())), tuple(notes), marked)

    def png(self, *args, **kwargs) -> bytes:
        """The figure for these bands as PNG bytes (arguments as in `draw`)."""
        key = self.draw(*args, **kwargs)
        return self._blitter.png(key, self._artists)
