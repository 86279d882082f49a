"""The tagging queue: which records to go through, filtered by metadata, score, problems,
annotators, text and disagreements; plus the store look-ups the form offers as choices."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from curation.records import CATEGORIES
from curation.store import Store


@dataclass
class Filters:
    """Which records the queue holds. Every field left at its default means "no filter".

    ``problems`` is True (any problem), False (none) or a problem kind; ``score`` an
    inclusive ``(low, high)`` range over the record's metadata score; ``text`` a
    case-insensitive substring of the prompt or the model response; ``metadata`` maps raw
    metadata keys to a wanted value (or a list of accepted values); ``disagreements`` keeps
    the records analysts disagree on (True, or the score spread to exceed).
    """

    platform: str | list[str] | None = None
    language: str | list[str] | None = None
    complexity: str | list[str] | None = None
    score: tuple[float, float] | None = None
    problems: bool | str | None = None
    annotated_by: str | None = None
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    disagreements: bool | float = False
    untagged_first: bool = True


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None or value == "" or value == []:
        return None
    return [value] if isinstance(value, str) else list(value)


def queue_ids(store: Store, annotator: str, filters: Filters) -> list[str]:
    """Record ids matching `filters`, in id order; untagged-by-`annotator` first when asked."""
    records = store.tables.records
    query = sa.select(records.c.id, records.c.metadata).order_by(records.c.id)
    for name in ("platform", "language", "complexity"):
        wanted = _as_list(getattr(filters, name))
        if wanted:
            query = query.where(records.c[name].in_(wanted))
    if filters.score is not None:
        low, high = filters.score
        query = query.where(records.c.score >= low, records.c.score <= high)
    if filters.text:
        needle = filters.text.lower()
        query = query.where(
            sa.func.lower(records.c.prompt).contains(needle, autoescape=True)
            | sa.func.lower(records.c.response).contains(needle, autoescape=True)
        )
    if filters.problems is not None and filters.problems is not False:
        problems = store.tables.problems
        having = sa.select(problems.c.record_id).where(problems.c.record_id.is_not(None))
        if isinstance(filters.problems, str):
            having = having.where(problems.c.kind == filters.problems)
        query = query.where(records.c.id.in_(having))
    elif filters.problems is False:
        problems = store.tables.problems
        query = query.where(
            records.c.id.not_in(
                sa.select(problems.c.record_id).where(problems.c.record_id.is_not(None))
            )
        )
    if filters.annotated_by:
        annotations = store.tables.annotations
        query = query.where(
            records.c.id.in_(
                sa.select(annotations.c.record_id).where(
                    annotations.c.annotator == filters.annotated_by
                )
            )
        )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    ids = [rid for rid, meta in rows if _metadata_matches(meta, filters.metadata)]
    if filters.disagreements is not False:
        disputed = _disputed(store, filters.disagreements)
        ids = [r for r in ids if r in disputed]
    if filters.untagged_first:
        tagged = store.annotated_record_ids(annotator=annotator)
        ids = [r for r in ids if r not in tagged] + [r for r in ids if r in tagged]
    return ids


def _disputed(store: Store, threshold: bool | float) -> set[str]:
    """Records the analysts disagree on (scores apart by more than `threshold`, default 0,
    or different worst severities): the review queue of `curation.disagreements`."""
    from curation.agreement import disagreements

    minimum = 0.0 if threshold is True else float(threshold)
    frame = disagreements(store)
    if frame.empty:
        return set()
    disputed = (frame["score_spread"].fillna(0) > minimum) | (
        frame["severity_spread"].fillna(0) > 0
    )
    return set(frame.loc[disputed, "record_id"])


def _metadata_matches(text: str, wanted: dict[str, Any]) -> bool:
    if not wanted:
        return True
    metadata = json.loads(text)
    for key, value in wanted.items():
        accepted = value if isinstance(value, list | tuple | set) else [value]
        if metadata.get(key) not in accepted:
            return False
    return True


def filter_choices(store: Store) -> dict[str, list[str]]:
    """Values the queue can be filtered by: platforms, languages, complexities, problem kinds,
    annotators (what the form's filter drop-downs offer)."""
    records = store.tables.records
    choices: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for name in ("platform", "language", "complexity"):
            column = records.c[name]
            choices[name] = sorted(
                conn.execute(sa.select(column).distinct().where(column.is_not(None))).scalars()
            )
    choices["problems"] = sorted(store.problem_counts())
    choices["annotated_by"] = store.annotators()
    return choices


def known_categories(store: Store) -> list[str]:
    """The default categories followed by every other category used in the store."""
    failures = store.tables.failures
    with store.engine.connect() as conn:
        used = conn.execute(
            sa.select(failures.c.category).distinct().where(failures.c.category.is_not(None))
        ).scalars()
        extra = sorted({c for c in used if c and c not in CATEGORIES}, key=str.lower)
    return [*CATEGORIES, *extra]


def last_saved_by(store: Store, record_id: str, annotator: str) -> str | None:
    """Who made the last accepted save of this annotation (it may be another kernel's user)."""
    history = store.tables.history
    with store.engine.connect() as conn:
        return conn.execute(
            sa.select(history.c.changed_by)
            .where(
                history.c.record_id == record_id,
                history.c.annotator == annotator,
                history.c.action == "save",
            )
            .order_by(history.c.id.desc())
            .limit(1)
        ).scalar()
