"""Periodic summary plots as matplotlib Figure objects (no pyplot state), from aggregate frames."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from curation.aggregate import (
    SEVERITY_ORDER,
    annotations_frame,
    failures_frame,
    period_label,
    period_start,
    severity_table,
)
from curation.store import Store

#: One colour per severity, used by every plot (and the report) so Critical always looks alike.
SEVERITY_COLORS: dict[str, str] = {
    "Critical": "#b2182b",
    "High": "#ef8a62",
    "Medium": "#f2c14e",
    "Low": "#67a9cf",
    "Unrated": "#bdbdbd",
    "none": "#4d9221",
}

#: The figures `summary_plots` returns, in report order.
PLOT_NAMES = ("volume", "severity_mix", "score_distribution", "gap_themes", "score_vs_severity")

#: Most tick labels shown on a time axis; more are thinned out.
MAX_TICKS = 20

#: Themes shown in the heatmap, and the longest theme label.
TOP_THEMES = 12
MAX_LABEL = 40


@dataclass
class SummaryData:
    """The frames behind the summary plots (the report also writes them as CSV)."""

    period: str
    failures: pd.DataFrame
    annotations: pd.DataFrame
    themes: pd.DataFrame


def summary_data(store: Store, period: str = "week", **filters: Any) -> SummaryData:
    """Read the frames the summary plots need, once.

    Examples
    --------
    >>> summary_data(Store(":memory:"), "month").failures.empty
    True
    """
    from curation.themes import gap_themes

    return SummaryData(
        period=period,
        failures=failures_frame(store, **filters),
        annotations=annotations_frame(store, **filters),
        themes=gap_themes(store, **filters),
    )


def shorten(text: str, width: int = MAX_LABEL) -> str:
    """`text` cut to `width` characters with an ellipsis, so long names never overlap.

    Examples
    --------
    >>> shorten("a very long theme name indeed", 12)
    'a very long…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _figure(title: str, size: tuple[float, float] = (10, 4.8)) -> tuple[Figure, Any]:
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def _no_data(axes, what: str) -> None:
    axes.text(0.5, 0.5, f"no data: {what}", ha="center", va="center", fontsize=13, color="0.4")
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)


def _time_ticks(axes, positions: np.ndarray, labels: list[str]) -> None:
    """Label at most MAX_TICKS periods, rotated when many, so 50+ periods stay readable."""
    step = max(1, int(np.ceil(len(labels) / MAX_TICKS)))
    axes.set_xticks(positions[::step], labels[::step])
    if len(labels) > 8:
        for tick in axes.get_xticklabels():
            tick.set_rotation(45)
            tick.set_horizontalalignment("right")


def _periods(dates: pd.Series, period: str) -> pd.Series:
    return period_start(dates, period)


def period_range(starts: Iterable[pd.Timestamp], period: str) -> pd.DatetimeIndex:
    """Every period start from the first to the last of `starts`, gaps included, so a time
    axis is continuous: a week (or month) with no data is drawn as zero or empty.

    Examples
    --------
    >>> weeks = pd.to_datetime(["2026-01-05", "2026-01-26"], utc=True)
    >>> [f"{d:%m-%d}" for d in period_range(weeks, "week")]
    ['01-05', '01-12', '01-19', '01-26']
    """
    starts = pd.DatetimeIndex(list(starts)).dropna()
    if starts.empty:
        return pd.DatetimeIndex([], tz="UTC", name="period")
    step = "7D" if period == "week" else "MS"
    return pd.date_range(starts.min(), starts.max(), freq=step, name="period")


def plot_volume(data: SummaryData) -> Figure:
    """Records annotated and failures found per period (grouped bars)."""
    figure, axes = _figure(f"Records and failures per {data.period}")
    notes = data.annotations.dropna(subset=["date"])
    if notes.empty:
        _no_data(axes, "no dated annotations")
        return figure
    records = notes.assign(period=_periods(notes["date"], data.period)).groupby("period")[
        "record_id"
    ]
    counts = pd.DataFrame({"records": records.nunique()})
    failures = data.failures.dropna(subset=["date"])
    counts["failures"] = (
        failures.groupby(_periods(failures["date"], data.period)).size()
        if not failures.empty
        else 0
    )
    counts = counts.reindex(period_range(counts.index, data.period)).fillna(0)
    positions = np.arange(len(counts))
    width = 0.4
    axes.bar(positions - width / 2, counts["records"], width, label="records", color="#4c72b0")
    axes.bar(positions + width / 2, counts["failures"], width, label="failures", color="#dd8452")
    _time_ticks(axes, positions, [period_label(p, data.period) for p in counts.index])
    axes.set_xlabel(data.period)
    axes.set_ylabel("count")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="upper left")
    return figure


def plot_severity_mix(data: SummaryData) -> Figure:
    """Failures per period stacked by severity, in the fixed severity colours."""
    figure, axes = _figure(f"Severity mix per {data.period}")
    table = severity_table(data.failures, by="period", period=data.period)
    if table.empty:
        _no_data(axes, "no dated failures")
        return figure
    table = table.reindex(period_range(table.index, data.period), fill_value=0)
    positions = np.arange(len(table))
    bottom = np.zeros(len(table))
    for level in SEVERITY_ORDER:
        values = table[level].to_numpy()
        if values.sum() == 0:
            continue
        axes.bar(positions, values, 0.8, bottom=bottom, label=level, color=SEVERITY_COLORS[level])
        bottom += values
    _time_ticks(axes, positions, [period_label(p, data.period) for p in table.index])
    axes.set_xlabel(data.period)
    axes.set_ylabel("failures")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(title="severity", loc="upper left")
    return figure


def plot_score_distribution(data: SummaryData) -> Figure:
    """Annotation scores per period (box plots)."""
    figure, axes = _figure(f"Score distribution per {data.period}")
    notes = data.annotations.dropna(subset=["date", "score"])
    if notes.empty:
        _no_data(axes, "no dated scores")
        return figure
    groups = notes.groupby(_periods(notes["date"], data.period))["score"]
    every = period_range(groups.groups, data.period)
    place = {start: i for i, start in enumerate(every)}
    # periods without scores keep their slot on the axis and stay empty
    axes.boxplot(
        [group.to_numpy() for _, group in groups],
        positions=[place[start] for start, _ in groups],
        widths=0.6,
    )
    positions = np.arange(len(every))
    axes.set_xlim(-0.5, len(every) - 0.5)
    _time_ticks(axes, positions, [period_label(p, data.period) for p in every])
    axes.set_ylim(-0.5, 10.5)
    axes.set_xlabel(data.period)
    axes.set_ylabel("score (0-10)")
    return figure


def plot_gap_themes(data: SummaryData, top: int = TOP_THEMES) -> Figure:
    """The top knowledge-gap themes per period (heatmap of occurrences)."""
    figure, axes = _figure(f"Top knowledge-gap themes per {data.period}", size=(11, 6))
    themes = data.themes.dropna(subset=["date"])
    if themes.empty:
        _no_data(axes, "no knowledge gaps")
        return figure
    themes = themes.assign(period=_periods(themes["date"], data.period))
    leaders = themes["theme"].value_counts()
    leaders = leaders.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    chosen = list(leaders.index[:top])
    grid = (
        themes[themes["theme"].isin(chosen)]
        .pivot_table(
            index="theme", columns="period", values="record_id", aggfunc="size", fill_value=0
        )
        .reindex(chosen)
    )
    every = period_range(themes["period"], data.period)
    grid = grid.reindex(columns=every, fill_value=0)
    values = grid.to_numpy()
    image = axes.imshow(
        values,
        aspect="auto",
        cmap="Blues",
        interpolation="nearest",
        vmin=0,
        vmax=max(1, int(values.max())),
    )
    axes.set_yticks(np.arange(len(chosen)), [shorten(name) for name in chosen])
    _time_ticks(
        axes, np.arange(grid.shape[1]), [period_label(p, data.period) for p in grid.columns]
    )
    axes.set_xlabel(data.period)
    axes.set_ylabel("theme")
    # counts: whole-number ticks, never 0.2 … 0.8 for a handful of occurrences
    figure.colorbar(
        image, ax=axes, label="occurrences", ticks=MaxNLocator(integer=True), format="%d"
    )
    return figure


def plot_score_vs_severity(data: SummaryData) -> Figure:
    """Scores by each annotation's worst failure severity (box plots in severity colours)."""
    figure, axes = _figure("Score by worst failure severity", size=(8, 4.8))
    notes = data.annotations.dropna(subset=["score"])
    if notes.empty:
        _no_data(axes, "no scores")
        return figure
    worst = np.select(
        [notes[c] > 0 for c in ("critical", "high", "medium", "low", "unrated")],
        list(SEVERITY_ORDER),
        default="none",
    )
    levels = [
        level
        for level in ("none", *reversed(SEVERITY_ORDER[:4]), "Unrated")
        if (worst == level).any()
    ]
    boxes = axes.boxplot(
        [notes["score"].to_numpy()[worst == level] for level in levels],
        positions=np.arange(len(levels)),
        widths=0.6,
        patch_artist=True,
    )
    for patch, level in zip(boxes["boxes"], levels, strict=True):
        patch.set_facecolor(SEVERITY_COLORS[level])
    counts = [(worst == level).sum() for level in levels]
    axes.set_xticks(
        np.arange(len(levels)), [f"{lv}\n(n={n})" for lv, n in zip(levels, counts, strict=True)]
    )
    axes.set_ylim(-0.5, 10.5)
    axes.set_xlabel("worst failure severity")
    axes.set_ylabel("score (0-10)")
    return figure


def figures_from(data: SummaryData) -> dict[str, Figure]:
    """Every summary figure from already-read frames (see `summary_data`)."""
    return {
        "volume": plot_volume(data),
        "severity_mix": plot_severity_mix(data),
        "score_distribution": plot_score_distribution(data),
        "gap_themes": plot_gap_themes(data),
        "score_vs_severity": plot_score_vs_severity(data),
    }


def summary_plots(
    store: Store,
    period: str = "week",
    since: Any = None,
    until: Any = None,
    **filters: Any,
) -> dict[str, Figure]:
    """The periodic summary figures, keyed by name (see `PLOT_NAMES`).

    Records and failures per period, severity mix (stacked, one colour per severity),
    score distribution (box), top gap themes (heatmap) and score by worst severity.
    Periods are ISO weeks (Monday start) or months, in UTC. Figures are plain
    `matplotlib.figure.Figure` objects: nothing touches pyplot's global state; a notebook
    shows them with ``display(fig)``, a script saves them with ``fig.savefig(path)``.
    Empty data gives a figure that says "no data".

    Examples
    --------
    >>> figures = summary_plots(Store(":memory:"), period="month")
    >>> sorted(figures)
    ['gap_themes', 'score_distribution', 'score_vs_severity', 'severity_mix', 'volume']
    """
    if period not in ("week", "month"):
        raise ValueError(f'period must be "week" or "month", not {period!r}')
    return figures_from(summary_data(store, period, since=since, until=until, **filters))
