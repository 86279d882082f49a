"""Aggregate the store into pandas frames: failures, annotations, severities, scores, periods."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from curation.normalise import date_bound
from curation.records import IMPORTED, SEVERITIES
from curation.store import Store

#: Label for failures without a severity; the last column of every severity table.
UNRATED = "Unrated"

#: Severity order used for categoricals, table columns and plot colours.
SEVERITY_ORDER: tuple[str, ...] = (*SEVERITIES, UNRATED)

#: Record columns that filters compare directly; any other keyword filter reads metadata JSON.
RECORD_FILTER_COLUMNS = ("platform", "language", "complexity", "source")

PERIODS = ("week", "month")

_SEVERITY_COUNT_COLUMNS = {s: s.lower() for s in SEVERITIES} | {UNRATED: "unrated"}

# -- filters ---------------------------------------------------------------------------


def filter_conditions(
    store: Store,
    *,
    since: Any = None,
    until: Any = None,
    annotators: str | Iterable[str] | None = None,
    **metadata: Any,
) -> list[Any]:
    """SQL conditions on ``records``/``annotations`` for the filters every function takes.

    `since` is inclusive; `until` is inclusive of a bare date (``"2026-03-31"`` keeps that
    whole UTC day) and exclusive of an exact instant. Both compare the record's UTC date.
    `annotators` is a list of names, ``"human"`` (everyone but ``imported``) or
    ``"imported"``. Other keywords compare a record column (platform, language,
    complexity, source) or a raw metadata key; a list value means "any of these".

    Examples
    --------
    >>> len(filter_conditions(Store(":memory:"), platform="cdk", annotators="human"))
    2
    """
    records = store.tables.records
    annotations = store.tables.annotations
    conditions: list[Any] = []
    if since is not None:
        conditions.append(records.c.date_utc >= date_bound(since, end=False))
    if until is not None:  # a bare date keeps its whole (UTC) day
        conditions.append(records.c.date_utc < date_bound(until, end=True))
    if annotators is not None:
        if annotators == "human":
            conditions.append(annotations.c.annotator != IMPORTED)
        elif isinstance(annotators, str):
            conditions.append(annotations.c.annotator == annotators)
        else:
            conditions.append(annotations.c.annotator.in_(list(annotators)))
    for key, value in metadata.items():
        if value is None:
            continue
        values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
        if key in RECORD_FILTER_COLUMNS:
            column = records.c[key]
        elif store.is_sqlite:
            column = sa.func.json_extract(records.c.metadata, f"$.{key}")
        else:
            conditions.append(sa.or_(*(_json_equals(records.c.metadata, key, v) for v in values)))
            continue
        conditions.append(column.in_(values) if len(values) != 1 else column == values[0])
    return conditions


def _json_equals(column: Any, key: str, value: Any) -> Any:
    """PostgreSQL: metadata (a text column holding JSON) has `key` equal to `value`.

    Compared as JSONB values, so ``batch=1`` matches ``{"batch": 1}`` (and ``1.0``) but not
    ``{"batch": "1"}``, and ``team="blue"`` matches ``{"team": "blue"}``: the same answers
    as SQLite's ``json_extract``.
    """
    from sqlalchemy.dialects.postgresql import JSONB

    document = sa.cast(column, JSONB)
    wanted = sa.cast(sa.literal(json.dumps(value), sa.Text), JSONB)
    return document.op("->")(key) == wanted


# -- frames ----------------------------------------------------------------------------


def _utc(series: pd.Series) -> pd.Series:
    """Naive-UTC values from the driver (strings on SQLite, datetimes elsewhere) -> aware UTC."""
    return pd.to_datetime(series, utc=True, format="ISO8601")


def _severity_categorical(series: pd.Series) -> pd.Series:
    known = series.where(series.isin(SEVERITIES), UNRATED)
    return pd.Categorical(known, categories=list(SEVERITY_ORDER), ordered=True)


def _severity_code(column: Any) -> Any:
    """SQL: a severity's position in SEVERITY_ORDER (unknown and NULL -> Unrated)."""
    return sa.case(
        *((column == level, code) for code, level in enumerate(SEVERITIES)),
        else_=len(SEVERITIES),
    )


def _annotation_meta(store: Store, conditions: list[Any]) -> pd.DataFrame:
    """Annotation and record columns, one row per annotation, indexed by annotation id."""
    records, annotations = store.tables.records, store.tables.annotations
    query = (
        sa.select(
            annotations.c.id.label("annotation_id"),
            annotations.c.record_id,
            annotations.c.annotator,
            annotations.c.score,
            records.c.platform,
            records.c.language,
            records.c.complexity,
            records.c.score.label("record_score"),
            # raw driver value: pandas parses a column of them far faster than per-row processing
            sa.type_coerce(records.c.date_utc, sa.String).label("date"),
        )
        # outer: an annotation of a record not (yet) in the store still counts its failures
        .select_from(annotations.outerjoin(records, annotations.c.record_id == records.c.id))
        .where(*conditions)
    )
    with store.engine.connect() as conn:
        meta = pd.read_sql(query, conn)
    meta["date"] = _utc(meta["date"])
    for column in ("score", "record_score"):
        meta[column] = meta[column].astype("float64")
    for column in ("annotator", "platform", "language", "complexity"):
        meta[column] = meta[column].astype("category")
    return meta.set_index("annotation_id")


_ITEM_COLUMNS = ("failure_id", "annotation_id", "position", "title", "severity_code")
_ITEM_TEXT_COLUMNS = ("section_severity", "category", "root_cause")
# the dtypes of a non-empty read on either back end, so an empty one matches too
_ITEM_DTYPES = (
    {name: "int64" for name in _ITEM_COLUMNS[:3]}
    | {"title": "str", "severity_code": "int8"}
    | dict.fromkeys(_ITEM_TEXT_COLUMNS, "str")
)


def _item_dtypes(items: pd.DataFrame) -> pd.DataFrame:
    """Cast only the columns whose dtype differs (an empty read): no copy of a million rows."""
    wrong = {name: kind for name, kind in _ITEM_DTYPES.items() if str(items[name].dtype) != kind}
    return items.astype(wrong) if wrong else items


def _failure_items(store: Store, conditions: list[Any], chunk: int) -> pd.DataFrame:
    """The failures' own columns, in failure id order."""
    records, annotations, failures = (
        store.tables.records,
        store.tables.annotations,
        store.tables.failures,
    )
    source = failures
    if conditions:  # the joins only cost time when a filter needs them
        source = failures.join(annotations, failures.c.annotation_id == annotations.c.id).outerjoin(
            records, annotations.c.record_id == records.c.id
        )
    columns = [
        failures.c.id.label("failure_id"),
        failures.c.annotation_id,
        failures.c.position,
        failures.c.title,
        _severity_code(failures.c.severity).label("severity_code"),
        failures.c.section_severity,
        failures.c.category,
        failures.c.root_cause,
    ]
    base = sa.select(*columns).select_from(source).where(*conditions).order_by(failures.c.id)
    names = [*_ITEM_COLUMNS, *_ITEM_TEXT_COLUMNS]
    if not store.is_sqlite:
        with store.engine.connect() as conn:
            items = pd.read_sql(base, conn)
        # an empty result comes back as object columns: the same dtypes as SQLite's path
        return _item_dtypes(items)
    # SQLite fast path. Fetching a million rows through the DB-API builds a Python object
    # per cell (~3 s per million failures here); aggregating each column of a chunk into
    # one JSON array and decoding it with `json.loads` does the same work in C (~1 s).
    # Chunks keep the JSON strings bounded when root causes are long.
    parts: dict[str, list[Any]] = {name: [] for name in names}
    last = 0
    with store.engine.connect() as conn:
        while True:
            window = base.where(failures.c.id > last).limit(chunk).subquery()
            row = conn.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.max(window.c.failure_id),
                    *(sa.func.json_group_array(window.c[name]) for name in names),
                )
            ).one()
            if not row[0]:
                break
            for name, text in zip(names, row[2:], strict=True):
                parts[name].extend(json.loads(text))
            last = row[1]
            if row[0] < chunk:
                break
    return pd.DataFrame(
        {
            name: np.asarray(values, dtype=np.int64) if name in _ITEM_COLUMNS[:3] else values
            for name, values in parts.items()
        }
        | {"severity_code": np.asarray(parts["severity_code"], dtype=np.int8)},
        columns=names,
    ).pipe(_item_dtypes)


def failures_frame(store: Store, *, chunk: int = 250_000, **filters: Any) -> pd.DataFrame:
    """One row per failure, with its annotation and record metadata joined.

    ``severity`` is an ordered categorical (Critical … Low, then ``Unrated`` for failures
    without a known one); ``date`` is the record's date in UTC (tz-aware); ``score`` is the
    annotation's score, ``record_score`` the record metadata's. The failures are read with
    one set-based query (in chunks of `chunk` rows), their annotations and records with
    another, and joined in pandas: a million failures take about a second.

    Parameters
    ----------
    store : the store to read.
    chunk : failures read per SQL round trip (SQLite).
    filters : ``since``, ``until``, ``annotators`` and metadata equality, see
        `filter_conditions`.

    Examples
    --------
    >>> failures_frame(Store(":memory:"), platform="cdk").columns[:4].tolist()
    ['failure_id', 'annotation_id', 'record_id', 'annotator']
    """
    conditions = filter_conditions(store, **filters)
    meta = _annotation_meta(store, conditions)
    items = _failure_items(store, conditions, chunk)
    rows = meta.index.get_indexer(items["annotation_id"])
    if (rows < 0).any():  # an annotation deleted between the two reads: drop its failures
        items = items[rows >= 0].reset_index(drop=True)
        rows = rows[rows >= 0]
    joined = meta.iloc[rows].reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "failure_id": items["failure_id"],
            "annotation_id": items["annotation_id"],
            "record_id": joined["record_id"],
            "annotator": joined["annotator"],
            "position": items["position"],
            "title": items["title"],
            "severity": pd.Categorical.from_codes(
                items["severity_code"].to_numpy(), categories=list(SEVERITY_ORDER), ordered=True
            ),
            "section_severity": items["section_severity"],
            "category": items["category"].astype("category"),
            "root_cause": items["root_cause"],
            **{
                column: joined[column]
                for column in ("score", "platform", "language", "complexity", "record_score")
            },
            "date": joined["date"],
        }
    )
    return frame


def annotations_frame(store: Store, **filters: Any) -> pd.DataFrame:
    """One row per annotation with record metadata and failure counts per severity.

    Count columns are ``failures`` (all) and ``critical``, ``high``, ``medium``, ``low``,
    ``unrated``; ``knowledge_gaps`` is a list per row; ``date`` the record's UTC date and
    ``updated_at`` when the annotation was last saved (both tz-aware UTC).

    Examples
    --------
    >>> annotations_frame(Store(":memory:"), annotators="human").empty
    True
    """
    records, annotations, failures = (
        store.tables.records,
        store.tables.annotations,
        store.tables.failures,
    )
    severity = failures.c.severity
    counts = [
        sa.func.count(failures.c.id).label("failures"),
        *(
            sa.func.sum(sa.case((severity == level, 1), else_=0)).label(column)
            for level, column in _SEVERITY_COUNT_COLUMNS.items()
            if level != UNRATED
        ),
        sa.func.sum(
            sa.case((failures.c.id.is_not(None) & ~severity.in_(SEVERITIES), 1), else_=0)
        ).label("unrated"),
        sa.func.sum(sa.case((severity.is_(None) & failures.c.id.is_not(None), 1), else_=0)).label(
            "_null_severity"
        ),
    ]
    per_annotation = (
        sa.select(annotations.c.id.label("annotation_id"), *counts)
        .select_from(annotations.outerjoin(failures, failures.c.annotation_id == annotations.c.id))
        .group_by(annotations.c.id)
        .subquery()
    )
    query = (
        sa.select(
            annotations.c.id.label("annotation_id"),
            annotations.c.record_id,
            annotations.c.annotator,
            annotations.c.score,
            annotations.c.score_source,
            annotations.c.knowledge_gaps,
            sa.type_coerce(annotations.c.updated_at, sa.String).label("updated_at"),
            records.c.platform,
            records.c.language,
            records.c.complexity,
            records.c.score.label("record_score"),
            sa.type_coerce(records.c.date_utc, sa.String).label("date"),
            *(per_annotation.c[c] for c in ("failures", *_SEVERITY_COUNT_COLUMNS.values())),
            per_annotation.c["_null_severity"],
        )
        .select_from(
            annotations.outerjoin(records, annotations.c.record_id == records.c.id).join(
                per_annotation, per_annotation.c.annotation_id == annotations.c.id
            )
        )
        .where(*filter_conditions(store, **filters))
        .order_by(annotations.c.record_id, annotations.c.annotator)
    )
    with store.engine.connect() as conn:
        frame = pd.read_sql(query, conn)
    # NULL severities fail both `= level` and `NOT IN (...)` in SQL: add them to unrated here
    frame["unrated"] = frame["unrated"] + frame.pop("_null_severity")
    for column in ("failures", *_SEVERITY_COUNT_COLUMNS.values()):
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["knowledge_gaps"] = [json.loads(text) for text in frame["knowledge_gaps"]]
    frame["date"] = _utc(frame["date"])
    frame["updated_at"] = _utc(frame["updated_at"])
    frame["score"] = frame["score"].astype("float64")
    frame["record_score"] = frame["record_score"].astype("float64")
    return frame


# -- periods ---------------------------------------------------------------------------


def period_start(dates: pd.Series, period: str = "week") -> pd.Series:
    """The UTC start of each date's period: Monday 00:00 of its ISO week, or the 1st.

    Periods are computed in UTC, so ``2026-03-02T03:00+05:30`` (Sunday 21:30 UTC) falls in
    the week of Monday 2026-02-23. ISO weeks straddle year ends: 2026-12-31 and 2027-01-01
    both start on Monday 2026-12-28 (week 2026-W53).

    Examples
    --------
    >>> period_start(pd.Series(pd.to_datetime(["2027-01-01"], utc=True))).iloc[0].date()
    datetime.date(2026, 12, 28)
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    dates = pd.to_datetime(dates, utc=True)
    day = dates.dt.floor("D")
    if period == "week":
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return day - pd.to_timedelta(day.dt.day - 1, unit="D")


def period_label(start: pd.Timestamp, period: str = "week") -> str:
    """A short label for a period start: ``2026-W53`` (ISO year and week) or ``2026-12``.

    Examples
    --------
    >>> period_label(pd.Timestamp("2026-12-28", tz="UTC"))
    '2026-W53'
    """
    if pd.isna(start):
        return "no date"
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"


def with_period(frame: pd.DataFrame, period: str = "week") -> pd.DataFrame:
    """`frame` with a ``period`` column (period start, UTC) computed from its ``date``."""
    out = frame.copy(deep=False)
    out["period"] = period_start(frame["date"], period)
    return out


# -- severities ------------------------------------------------------------------------


def severity_table(
    frame: pd.DataFrame,
    by: str = "period",
    *,
    period: str = "week",
    normalize: bool = False,
) -> pd.DataFrame:
    """Failure counts (or shares) by severity x `by`: a metadata column or ``"period"``.

    Rows are the values of `by` (period starts, in time order, when ``by="period"``);
    columns are Critical, High, Medium, Low and Unrated; `normalize=True` gives each row's
    shares (rows sum to 1). Failures without a date are left out of period tables.

    Examples
    --------
    >>> frame = failures_frame(Store(":memory:"))
    >>> severity_table(frame, by="platform").columns.tolist()
    ['Critical', 'High', 'Medium', 'Low', 'Unrated']
    """
    severity = frame["severity"]
    if not isinstance(severity.dtype, pd.CategoricalDtype):
        severity = pd.Series(
            _severity_categorical(severity.astype(object)), index=frame.index, name="severity"
        )
    keys = period_start(frame["date"], period).rename("period") if by == "period" else frame[by]
    codes = severity.cat.codes.to_numpy()
    # one groupby over (key, severity code) then a fixed-width unstack: no crosstab overhead
    counts = (
        pd.Series(codes, index=frame.index)
        .groupby([keys, pd.Series(codes, index=frame.index, name="code")], observed=True)
        .size()
    )
    table = counts.unstack("code", fill_value=0)
    table = table.reindex(columns=range(len(SEVERITY_ORDER)), fill_value=0)
    table.columns = pd.Index(list(SEVERITY_ORDER), name="severity")
    if by == "period" or not isinstance(keys.dtype, pd.CategoricalDtype):
        table = table.sort_index()
    table.index.name = "period" if by == "period" else by
    if normalize:
        totals = table.sum(axis=1).replace(0, 1)
        return table.div(totals, axis=0)
    return table.astype("int64")


# -- scores ----------------------------------------------------------------------------


def _annotation_level(data: Store | pd.DataFrame, filters: dict[str, Any]) -> pd.DataFrame:
    """An annotations frame from a store, or one row per annotation from a failures frame."""
    if isinstance(data, Store):
        return annotations_frame(data, **filters)
    if "failure_id" in data.columns:
        return data.drop_duplicates("annotation_id")
    return data


def score_summary(
    data: Store | pd.DataFrame,
    by: str | None = None,
    period: str | None = None,
    **filters: Any,
) -> pd.DataFrame:
    """Score statistics (n, mean, median, q1, q3, min, max) overall, by a column and/or period.

    `data` is a store (annotation scores, after `filters`), an annotations frame or a
    failures frame (each annotation counted once). Annotations without a score are left out.

    Examples
    --------
    >>> score_summary(Store(":memory:")).columns.tolist()
    ['n', 'mean', 'median', 'q1', 'q3', 'min', 'max']
    """
    frame = _annotation_level(data, filters)
    frame = frame[frame["score"].notna()]
    keys: list[Any] = []
    if period is not None:
        keys.append(period_start(frame["date"], period).rename("period"))
    if by is not None:
        keys.append(frame[by].astype(object).rename(by))
    stats = {
        "n": "count",
        "mean": "mean",
        "median": "median",
        "q1": lambda s: s.quantile(0.25),
        "q3": lambda s: s.quantile(0.75),
        "min": "min",
        "max": "max",
    }
    scores = frame["score"].astype(float)
    if not keys:
        row = {name: scores.agg(how) for name, how in stats.items()}
        row["n"] = int(len(scores))
        return pd.DataFrame([row], index=pd.Index(["all"], name=None))
    grouped = scores.groupby(keys, observed=True, sort=True)
    table = pd.DataFrame({name: grouped.agg(how) for name, how in stats.items()})
    table["n"] = table["n"].astype("int64")
    return table


def score_histogram(
    data: Store | pd.DataFrame,
    *,
    by: str | None = None,
    bins: Iterable[float] = range(0, 11),
    **filters: Any,
) -> pd.DataFrame:
    """How many annotations fall in each score bin (``[0, 1)``, ``[1, 2)`` … ``[9, 10]``).

    One ``count`` column, or one column per value of `by`.

    Examples
    --------
    >>> len(score_histogram(Store(":memory:")))
    10
    """
    frame = _annotation_level(data, filters)
    frame = frame[frame["score"].notna()]
    edges = list(bins)
    labels = [f"{lo:g}-{hi:g}" for lo, hi in zip(edges, edges[1:], strict=False)]
    # right-open bins, except that the top score belongs to the last bin
    clipped = frame["score"].astype(float).clip(upper=edges[-1] - 1e-9)
    binned = pd.cut(clipped, edges, right=False, labels=labels)
    if by is None:
        return binned.value_counts(sort=False).rename("count").rename_axis("score").to_frame()
    table = pd.crosstab(binned, frame[by].astype(object)).reindex(labels, fill_value=0)
    table.index.name = "score"
    return table


def score_vs_failures(data: Store | pd.DataFrame, **filters: Any) -> pd.DataFrame:
    """Per score value: annotations, mean failures per severity, share with a Critical one.

    Examples
    --------
    >>> score_vs_failures(Store(":memory:")).columns.tolist()[:3]
    ['annotations', 'critical', 'high']
    """
    frame = data if isinstance(data, pd.DataFrame) else annotations_frame(data, **filters)
    if "failure_id" in frame.columns:
        raise ValueError("score_vs_failures needs an annotations frame (or a store)")
    frame = frame[frame["score"].notna()]
    columns = [*_SEVERITY_COUNT_COLUMNS.values(), "failures"]
    grouped = frame.groupby("score", sort=True)
    table = grouped[columns].mean()
    table.insert(0, "annotations", grouped.size())
    table["with_critical"] = grouped["critical"].agg(lambda s: float((s > 0).mean()))
    return table


def score_outliers(
    data: Store | pd.DataFrame,
    *,
    high: float = 9,
    low: float = 4,
    **filters: Any,
) -> pd.DataFrame:
    """Annotations whose score contradicts their failures, with a ``reason`` column.

    A score >= `high` with a Critical failure, or a score <= `low` with no failure at all.

    Examples
    --------
    >>> score_outliers(Store(":memory:")).empty
    True
    """
    frame = data if isinstance(data, pd.DataFrame) else annotations_frame(data, **filters)
    too_high = (frame["score"] >= high) & (frame["critical"] > 0)
    too_low = (frame["score"] <= low) & (frame["failures"] == 0)
    out = frame[too_high | too_low].copy()
    out["reason"] = [
        f"score {s:g} with {c} Critical failure(s)"
        if c > 0 and s >= high
        else f"score {s:g} with no failures"
        for s, c in zip(out["score"], out["critical"], strict=True)
    ]
    return out.reset_index(drop=True)
