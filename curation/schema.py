"""The store's schema: tables, versioned migrations, and rows to and from the plain records."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from curation.records import Failure, Problem, Record

#: Bumped with every schema change; `_MIGRATIONS` upgrades older stores in place.
SCHEMA_VERSION = 3

metadata_obj = sa.MetaData()

records_table = sa.Table(
    "records",
    metadata_obj,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column("content_hash", sa.String(), nullable=False),
    sa.Column("prompt", sa.Text, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("ideal", sa.Text, nullable=False),
    sa.Column("analysis", sa.Text),
    sa.Column("metadata", sa.Text, nullable=False),  # raw metadata as JSON text
    sa.Column("platform", sa.String()),
    sa.Column("language", sa.String()),
    sa.Column("complexity", sa.String()),
    sa.Column("score", sa.Float),
    sa.Column("date", sa.String()),  # ISO 8601 with the source's own offset
    sa.Column("date_utc", sa.DateTime),  # the same instant, naive UTC, for range queries
    sa.Column("prompt_key", sa.String(), index=True),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

record_history_table = sa.Table(
    "record_history",
    metadata_obj,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(), nullable=False, index=True),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("old_hash", sa.String()),
    sa.Column("new_hash", sa.String(), nullable=False),
)

problems_table = sa.Table(
    "problems",
    metadata_obj,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(), index=True),
    sa.Column("kind", sa.String(), nullable=False, index=True),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False, default=""),
    # who found it: "load", "analysis" or "ingest" (cross-record checks); re-finding replaces
    sa.Column("origin", sa.String(), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

annotations_table = sa.Table(
    "annotations",
    metadata_obj,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(), nullable=False, index=True),
    sa.Column("annotator", sa.String(), nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("score_source", sa.String()),
    sa.Column("knowledge_gaps", sa.Text, nullable=False),  # JSON list
    sa.Column("notes", sa.Text, nullable=False, default=""),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(), nullable=False),
    sa.UniqueConstraint("record_id", "annotator", name="uq_annotation_record_annotator"),
)

failures_table = sa.Table(
    "failures",
    metadata_obj,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "annotation_id",
        sa.Integer,
        sa.ForeignKey("annotations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("severity", sa.String()),
    sa.Column("section_severity", sa.String()),
    sa.Column("section", sa.Text, nullable=False, default=""),
    sa.Column("category", sa.String()),
    sa.Column("root_cause", sa.Text, nullable=False, default=""),
    sa.Column("model_snippet", sa.Text, nullable=False, default=""),
    sa.Column("ideal_fix", sa.Text, nullable=False, default=""),
    sa.Column("training_value", sa.Text, nullable=False, default=""),
    sa.Column("references", sa.Text, nullable=False, default="[]"),  # JSON list
    sa.Column("error_message", sa.Text, nullable=False, default=""),
    sa.Column("impact", sa.Text, nullable=False, default="{}"),  # JSON object
)

history_table = sa.Table(
    "annotation_history",
    metadata_obj,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(), nullable=False, index=True),
    sa.Column("annotator", sa.String(), nullable=False),
    sa.Column("changed_by", sa.String(), nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(), nullable=False),  # save | delete | conflict
    sa.Column("before", sa.Text),  # JSON of Annotation.content(), None when created
    sa.Column("after", sa.Text),  # JSON of Annotation.content(), None when deleted
)

theme_names_table = sa.Table(
    "theme_names",
    metadata_obj,
    # a normalised gap phrase or an automatic theme name -> the analyst's theme name
    sa.Column("key", sa.String(), primary_key=True),
    sa.Column("theme", sa.String(), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

leases_table = sa.Table(
    "leases",
    metadata_obj,
    # who is working on which record until when: the queue serves a record to one
    # analyst at a time (two when it is sampled for agreement)
    sa.Column("record_id", sa.String(), primary_key=True),
    sa.Column("annotator", sa.String(), primary_key=True),
    sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
)

drafts_table = sa.Table(
    "drafts",
    metadata_obj,
    # an analyst's edits that could not be saved as their annotation yet (validation refused
    # them, or another save won the race): kept durably, so that a closed notebook or a
    # restarted kernel loses nothing typed; saving the annotation deletes its draft
    sa.Column("record_id", sa.String(), primary_key=True),
    sa.Column("annotator", sa.String(), primary_key=True),
    sa.Column("content", sa.Text, nullable=False),  # Annotation.to_dict() as JSON
    sa.Column("reason", sa.String(), nullable=False),  # "invalid", "conflict", "error"
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

meta_table = sa.Table(
    "meta",
    metadata_obj,
    sa.Column("key", sa.String(), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _create_v1(conn: Connection) -> None:
    """Version 1: records, problems, annotations, failures and their histories."""
    metadata_obj.create_all(
        conn,
        tables=[
            records_table,
            record_history_table,
            problems_table,
            annotations_table,
            failures_table,
            history_table,
            theme_names_table,
        ],
    )


def _add_leases(conn: Connection) -> None:
    """Version 2: leases, so that a team's queues do not serve one record to two analysts."""
    leases_table.create(conn, checkfirst=True)


def _add_drafts(conn: Connection) -> None:
    """Version 3: drafts, so that edits the form could not save survive a restart."""
    drafts_table.create(conn, checkfirst=True)


_MIGRATIONS = {1: _create_v1, 2: _add_leases, 3: _add_drafts}


def _record_row(record: Record, digest: str, prompt_key: str, now: datetime) -> dict[str, Any]:
    return {
        "id": record.id,
        "content_hash": digest,
        "prompt": record.prompt,
        "response": record.response,
        "ideal": record.ideal,
        "analysis": record.analysis,
        "metadata": json.dumps(record.metadata, default=str, ensure_ascii=False),
        "platform": record.platform,
        "language": record.language,
        "complexity": record.complexity,
        "score": record.score,
        "date": record.date.isoformat() if record.date else None,
        "date_utc": _naive_utc(record.date),
        "prompt_key": prompt_key,
        "source": record.source or "",
        "updated_at": now,
    }


def _record_from_row(row) -> Record:
    return Record(
        id=row["id"],
        prompt=row["prompt"],
        response=row["response"],
        ideal=row["ideal"],
        analysis=row["analysis"],
        metadata=json.loads(row["metadata"]),
        platform=row["platform"],
        language=row["language"],
        complexity=row["complexity"],
        score=row["score"],
        date=datetime.fromisoformat(row["date"]) if row["date"] else None,
        source=row["source"],
    )


def _problem_row(problem: Problem, origin: str) -> dict[str, Any]:
    return {
        "record_id": problem.record_id,
        "kind": problem.kind,
        "message": problem.message,
        "source": problem.source or "",
        "origin": origin,
        "created_at": _naive_utc(utc_now()),
    }


#: Failure fields stored as JSON text, and those whose column may be NULL (others: "").
_FAILURE_JSON = ("references", "impact")
_FAILURE_NULLABLE = ("severity", "section_severity", "category")
_FAILURE_NAMES = tuple(f.name for f in dataclasses.fields(Failure))


def _failure_row(failure: Failure, annotation_id: int, position: int) -> dict[str, Any]:
    # derived from Failure's own fields, so a field added there needs only its column here
    row: dict[str, Any] = {"annotation_id": annotation_id, "position": position}
    for name, value in failure.to_dict().items():
        if name in _FAILURE_JSON:
            row[name] = json.dumps(value)
        elif name in _FAILURE_NULLABLE:
            row[name] = value
        else:
            row[name] = value or ""
    return row


def _failure_from_row(row) -> Failure:
    return Failure(
        **{
            name: json.loads(row[name]) if name in _FAILURE_JSON else row[name]
            for name in _FAILURE_NAMES
        }
    )
