"""The report folder: summary PNGs, the tables as CSV and an escaped index.html (cron-friendly)."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from curation.aggregate import (
    period_label,
    score_outliers,
    score_summary,
    severity_table,
)
from curation.plots import figures_from, period_range, summary_data
from curation.store import Store

#: Rows of each table shown in index.html (the CSV files hold them all).
HTML_ROWS = 30

FIGURE_CAPTIONS = {
    "volume": "Records annotated and failures found",
    "severity_mix": "Failures by severity",
    "score_distribution": "Score distribution",
    "gap_themes": "Top knowledge-gap themes",
    "score_vs_severity": "Score by worst failure severity",
}


def _tables(data, store: Store, filters: dict[str, Any]) -> dict[str, pd.DataFrame]:
    from curation.agreement import agreement, disagreements
    from curation.themes import theme_summary

    period = data.period
    by_period = severity_table(data.failures, by="period", period=period)
    # every period from first to last, as in the plots: a quiet week is a row of zeros
    by_period = by_period.reindex(period_range(by_period.index, period), fill_value=0)
    by_period.index = [period_label(p, period) for p in by_period.index]
    by_period.index.name = period
    scores = score_summary(data.annotations, period=period) if len(data.annotations) else None
    if scores is not None and "period" in (scores.index.names or []):
        scores.index = [period_label(p, period) for p in scores.index]
        scores.index.name = period
    themes = theme_summary(data.themes, top=25) if len(data.themes) else pd.DataFrame()
    return {
        "severity_by_period": by_period,
        "severity_by_platform": severity_table(data.failures, by="platform"),
        "scores_by_period": scores if scores is not None else pd.DataFrame(),
        "top_themes": themes,
        "score_outliers": score_outliers(data.annotations)[
            ["record_id", "annotator", "score", "failures", "critical", "reason"]
        ]
        if len(data.annotations)
        else pd.DataFrame(),
        "agreement": agreement(store, **filters),
        "disagreements": disagreements(store, **filters),
    }


def _html_table(frame: pd.DataFrame) -> str:
    """A plain HTML table; every cell and header goes through html.escape."""
    if frame.empty:
        return "<p class='empty'>no data</p>"
    shown = frame.head(HTML_ROWS).reset_index()
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in values)
        rows.append(f"<tr>{cells}</tr>")
    more = (
        f"<p class='more'>{len(frame) - HTML_ROWS} more rows in the CSV</p>"
        if len(frame) > HTML_ROWS
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.3g}"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def _range_text(data, since: Any, until: Any) -> str:
    dates = data.annotations["date"].dropna()
    first = str(since) if since is not None else (f"{dates.min():%Y-%m-%d}" if len(dates) else "…")
    last = str(until) if until is not None else (f"{dates.max():%Y-%m-%d}" if len(dates) else "…")
    return f"{first} to {last}"


def write_report(
    store: Store,
    out_dir: str | Path,
    period: str = "week",
    since: Any = None,
    until: Any = None,
    **filters: Any,
) -> Path:
    """Write the summary report folder and return the path of its ``index.html``.

    The folder gets one PNG per summary plot, one CSV per table (severities by period and
    platform, scores by period, top themes, score outliers, agreement, disagreements) and
    an ``index.html`` titled with the period and date range that shows them all. Every
    data string in the HTML is escaped. Re-running overwrites the files, so a cron job can
    point at the same folder.

    Examples
    --------
    >>> write_report(Store("curation.db"), "reports/weekly", period="week")  # doctest: +SKIP
    PosixPath('reports/weekly/index.html')
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    filters = {"since": since, "until": until, **filters}
    data = summary_data(store, period, **filters)
    figures = figures_from(data)
    for name, figure in figures.items():
        FigureCanvasAgg(figure)  # render with Agg whatever backend the caller's session uses
        figure.savefig(folder / f"{name}.png", dpi=100)
    tables = _tables(data, store, filters)
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv")
    adjective = {"week": "Weekly", "month": "Monthly"}.get(period, period)
    title = f"{adjective} curation report, {_range_text(data, since, until)}"
    chosen = ", ".join(f"{k}={v}" for k, v in filters.items() if v is not None) or "none"
    parts = [
        "<!doctype html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
        "table{border-collapse:collapse;font-size:0.9em}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:left}img{max-width:100%}</style>",
        "</head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>Store: {html.escape(store.location)}; filters: {html.escape(chosen)}; "
        f"{len(data.annotations)} annotations, {len(data.failures)} failures; periods are "
        f"ISO weeks (Monday start) or months in UTC; generated "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.</p>",
    ]
    for name in figures:
        caption = html.escape(FIGURE_CAPTIONS.get(name, name))
        parts.append(f"<h2>{caption}</h2><img src='{name}.png' alt='{caption}'>")
    for name, table in tables.items():
        label = html.escape(name.replace("_", " "))
        parts.append(f"<h2>{label} <a href='{name}.csv'>(CSV)</a></h2>{_html_table(table)}")
    parts.append("</body></html>")
    index = folder / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index
