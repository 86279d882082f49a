"""The store: records, problems, annotations, failures and their history, on SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from curation.errors import ConflictError, StoreError
from curation.normalise import prompt_key
from curation.records import IMPORTED, Annotation, Failure, Problem, Record
from curation.schema import (  # noqa: F401  (re-exported: the store's public schema)
    _MIGRATIONS,
    SCHEMA_VERSION,
    _aware,
    _create_v1,
    _failure_from_row,
    _failure_row,
    _naive_utc,
    _problem_row,
    _record_from_row,
    _record_row,
    annotations_table,
    drafts_table,
    failures_table,
    history_table,
    leases_table,
    meta_table,
    metadata_obj,
    problems_table,
    record_history_table,
    records_table,
    theme_names_table,
    utc_now,
)

DEFAULT_STORE = "curation.db"


def store_url(location: str | Path) -> str:
    """A SQLAlchemy URL for a store path or URL (``curation.db``, ``:memory:``, ``postgresql://…``)."""
    text = str(location)
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # We issue BEGIN ourselves (see _sqlite_begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers (other kernels, the CLI) work while one writer commits;
    # synchronous=FULL makes each commit durable before we tell the analyst "saved".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _postgres_driver() -> str:
    """The installed PostgreSQL driver SQLAlchemy should use (psycopg 3, else psycopg2)."""
    import importlib.util

    for module, name in (("psycopg", "psycopg"), ("psycopg2", "psycopg2")):
        if importlib.util.find_spec(module) is not None:
            return name
    raise StoreError(
        "a PostgreSQL store needs a driver: pip install 'curation[postgres]' (psycopg)"
    )


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes SQLite's write lock up front (BEGIN IMMEDIATE): a deferred
    # one that read first and wrote later would fail with "database is locked" when another
    # writer committed in between, instead of waiting its turn.
    immediate = conn.get_execution_options().get("curation_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass
class IngestCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class Store:
    """The records store: an embedded SQLite file by default, PostgreSQL by URL.

    Parameters
    ----------
    location : a file path (created on first use), ``":memory:"``, or a SQLAlchemy URL
        such as ``postgresql://user@host/db``.

    Examples
    --------
    >>> store = Store(":memory:")
    >>> store.count_records()
    0
    """

    def __init__(self, location: str | Path = DEFAULT_STORE):
        self.location = str(location)
        self.url = store_url(location)
        try:
            self.engine: Engine = self._make_engine(self.url)
            self._migrate()
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(
                f"cannot open the store at {self.location}: {error.__class__.__name__}: "
                f"{error}. Check the path or URL (and that the server is running)."
            ) from error
        self.tables = SimpleNamespace(
            records=records_table,
            record_history=record_history_table,
            problems=problems_table,
            annotations=annotations_table,
            failures=failures_table,
            history=history_table,
            theme_names=theme_names_table,
            leases=leases_table,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @staticmethod
    def _make_engine(url: str) -> Engine:
        if url.startswith("sqlite"):
            if url == "sqlite://":
                engine = sa.create_engine(
                    url,
                    poolclass=sa.pool.StaticPool,
                    connect_args={"check_same_thread": False},
                )
            else:
                path = Path(url.removeprefix("sqlite:///"))
                if not path.parent.is_dir():
                    raise StoreError(
                        f"cannot create the store {path}: folder {path.parent} does not exist"
                    )
                engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
            return engine
        if url.startswith("postgres") and "+" not in url.split("://", 1)[0]:
            url = "postgresql+" + _postgres_driver() + "://" + url.split("://", 1)[1]
        return sa.create_engine(url, pool_pre_ping=True)

    def write(self):
        """A write transaction (context manager yielding a connection), committed on exit.

        On SQLite it holds the write lock from the start; readers (WAL) are never blocked.
        """
        return self.engine.execution_options(curation_write=True).begin()

    @contextmanager
    def _saving(self, what: str) -> Iterator[Connection]:
        """A write transaction whose database errors (locked too long, disk full, server
        gone) become a `StoreError` naming what was not saved, for the form to show."""
        try:
            with self.write() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as error:
            reason = getattr(error, "orig", None) or error
            raise StoreError(
                f"could not save {what} to {self.location} ({reason}); nothing was changed, "
                "try again"
            ) from error

    def _lock(self, conn: Connection, *key: str) -> None:
        """Serialise writers on `key` until the transaction ends (PostgreSQL advisory lock;
        SQLite's write transaction already serialises every writer)."""
        if self.engine.dialect.name == "postgresql":
            digest = int.from_bytes(
                hashlib.blake2b("\x00".join(key).encode(), digest_size=8).digest(),
                "big",
                signed=True,
            )
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": digest})

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.location!r})"

    # -- schema ------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).first()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        with self.write() as conn:
            self._lock(conn, "migrate")
            inspector = sa.inspect(conn)
            if not inspector.has_table("meta"):
                meta_table.create(conn)
            row = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).first()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the store at {self.location} has schema version {version}, newer than "
                    f"this curation ({SCHEMA_VERSION}); upgrade curation to open it"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                _MIGRATIONS[target](conn)
            if version != SCHEMA_VERSION:
                values = {"key": "schema_version", "value": str(SCHEMA_VERSION)}
                if row:
                    conn.execute(
                        meta_table.update()
                        .where(meta_table.c.key == "schema_version")
                        .values(value=values["value"])
                    )
                else:
                    conn.execute(meta_table.insert().values(**values))

    # -- records -----------------------------------------------------------------------

    def existing_hashes(self, ids: Sequence[str], conn: Connection | None = None) -> dict[str, str]:
        """Content hashes of those of `ids` already stored."""
        if not ids:
            return {}
        query = sa.select(records_table.c.id, records_table.c.content_hash).where(
            records_table.c.id.in_(list(ids))
        )
        if conn is not None:
            return dict(conn.execute(query).all())
        with self.engine.connect() as own:
            return dict(own.execute(query).all())

    def write_records(
        self,
        records: Iterable[Record],
        conn: Connection,
        *,
        known: dict[str, str],
        hashes: dict[str, str] | None = None,
    ) -> IngestCounts:
        """Insert new and update changed records inside `conn`'s transaction; `known` maps ids
        already stored to their content hash, `hashes` the records' own (when already known)."""
        counts = IngestCounts()
        now = _naive_utc(utc_now())
        inserts, updates, changes = [], [], []
        for record in records:
            digest = (hashes or {}).get(record.id) or record.content_hash
            old = known.get(record.id)
            if old == digest:
                counts.unchanged += 1
                continue
            row = _record_row(record, digest, prompt_key(record.prompt), now)
            if old is None:
                inserts.append({**row, "ingested_at": now})
                counts.new += 1
            else:
                updates.append({**row, "_id": record.id})
                counts.updated += 1
            changes.append(
                {"record_id": record.id, "changed_at": now, "old_hash": old, "new_hash": digest}
            )
        if inserts:
            conn.execute(records_table.insert(), inserts)
        if updates:
            statement = (
                records_table.update()
                .where(records_table.c.id == sa.bindparam("_id"))
                .values({k: sa.bindparam(k) for k in updates[0] if k != "_id"})
            )
            conn.execute(statement, updates)
        if changes:
            conn.execute(record_history_table.insert(), changes)
        return counts

    def add_records(self, records: Iterable[Record]) -> IngestCounts:
        """Store records as they are (no analysis parsing, no problems): new ones are inserted,
        changed ones updated, identical ones left alone. `curation.ingest` is the full path.

        Examples
        --------
        >>> store = Store(":memory:")
        >>> store.add_records([Record("t1", "prompt", "response", "ideal")]).new
        1
        """
        records = list(records)
        with self.write() as conn:
            known = self.existing_hashes([r.id for r in records], conn)
            return self.write_records(records, conn, known=known)

    def get_record(self, record_id: str) -> Record:
        """The record with this id; StoreError naming the id when there is none."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(records_table).where(records_table.c.id == record_id))
                .mappings()
                .first()
            )
        if row is None:
            raise StoreError(f"no record {record_id!r} in the store {self.location}")
        return _record_from_row(row)

    def iter_records(self, *, batch_size: int = 500) -> Iterator[Record]:
        """Every record, in id order, streamed in batches."""
        last = None
        while True:
            query = sa.select(records_table).order_by(records_table.c.id).limit(batch_size)
            if last is not None:
                query = query.where(records_table.c.id > last)
            with self.engine.connect() as conn:
                rows = conn.execute(query).mappings().all()
            if not rows:
                return
            for row in rows:
                yield _record_from_row(row)
            last = rows[-1]["id"]

    def record_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(sa.select(records_table.c.id).order_by(records_table.c.id)).scalars()
            )

    def count_records(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(records_table)).scalar_one()

    def records_frame(self, *, texts: bool = False):
        """A DataFrame of records (metadata columns; the long texts only when `texts`)."""
        import pandas as pd

        columns = [
            records_table.c.id,
            records_table.c.platform,
            records_table.c.language,
            records_table.c.complexity,
            records_table.c.score,
            records_table.c.date,
            records_table.c.source,
            records_table.c.metadata,
        ]
        if texts:
            columns += [
                records_table.c.prompt,
                records_table.c.response,
                records_table.c.ideal,
                records_table.c.analysis,
            ]
        with self.engine.connect() as conn:
            frame = pd.read_sql(sa.select(*columns).order_by(records_table.c.id), conn)
        frame["date"] = pd.to_datetime(frame["date"], utc=True, format="ISO8601")
        frame["metadata"] = frame["metadata"].map(json.loads)
        return frame

    # -- problems ----------------------------------------------------------------------

    def replace_problems(
        self,
        conn: Connection,
        record_ids: Sequence[str],
        problems: Iterable[Problem],
        *,
        origin: str,
    ) -> None:
        """Within `conn`'s transaction: the `origin` problems of `record_ids` become `problems`.

        Origins keep finders apart: ``load`` (reading a source), ``analysis`` (parsing its
        failure analysis) and ``ingest`` (checks across records, such as duplicate prompts).
        """
        if record_ids:
            for start in range(0, len(record_ids), 500):
                conn.execute(
                    problems_table.delete().where(
                        problems_table.c.record_id.in_(list(record_ids[start : start + 500])),
                        problems_table.c.origin == origin,
                    )
                )
        rows = [_problem_row(p, origin) for p in problems]
        if rows:
            conn.execute(problems_table.insert(), rows)

    def problems(self, *, kind: str | None = None, record_id: str | None = None) -> list[Problem]:
        """Problems in the store, optionally of one kind or one record, ordered by record."""
        query = sa.select(problems_table).order_by(
            problems_table.c.record_id, problems_table.c.kind, problems_table.c.id
        )
        if kind:
            query = query.where(problems_table.c.kind == kind)
        if record_id:
            query = query.where(problems_table.c.record_id == record_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            Problem(
                record_id=r["record_id"], kind=r["kind"], message=r["message"], source=r["source"]
            )
            for r in rows
        ]

    def problem_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(problems_table.c.kind, sa.func.count())
                .group_by(problems_table.c.kind)
                .order_by(problems_table.c.kind)
            ).all()
        return {kind: count for kind, count in rows}

    def problems_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [p.to_dict() for p in self.problems()],
            columns=["record_id", "kind", "message", "source"],
        )

    # -- annotations -------------------------------------------------------------------

    def get_annotation(self, record_id: str, annotator: str) -> Annotation | None:
        """The annotation of `record_id` by `annotator`, or None."""
        with self.engine.connect() as conn:
            found = self._read_annotations(
                conn,
                (annotations_table.c.record_id == record_id)
                & (annotations_table.c.annotator == annotator),
            )
        return found[0] if found else None

    def annotations(
        self, *, record_id: str | None = None, annotator: str | None = None
    ) -> list[Annotation]:
        """Annotations, optionally of one record and/or one annotator."""
        condition = sa.true()
        if record_id is not None:
            condition = condition & (annotations_table.c.record_id == record_id)
        if annotator is not None:
            condition = condition & (annotations_table.c.annotator == annotator)
        with self.engine.connect() as conn:
            return self._read_annotations(conn, condition)

    def annotated_record_ids(self, *, annotator: str | None = None) -> set[str]:
        query = sa.select(annotations_table.c.record_id).distinct()
        if annotator is not None:
            query = query.where(annotations_table.c.annotator == annotator)
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def annotators(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(
                conn.execute(sa.select(annotations_table.c.annotator).distinct()).scalars()
            )

    def knowledge_gap_vocabulary(self) -> list[str]:
        """Every knowledge gap used so far, most used first: the form offers these for reuse."""
        counts: dict[str, int] = {}
        with self.engine.connect() as conn:
            for (text,) in conn.execute(sa.select(annotations_table.c.knowledge_gaps)):
                for gap in json.loads(text):
                    counts[gap] = counts.get(gap, 0) + 1
        return sorted(counts, key=lambda gap: (-counts[gap], gap.lower()))

    def _read_annotations(self, conn: Connection, condition) -> list[Annotation]:
        rows = (
            conn.execute(
                sa.select(annotations_table)
                .where(condition)
                .order_by(annotations_table.c.record_id, annotations_table.c.annotator)
            )
            .mappings()
            .all()
        )
        if not rows:
            return []
        by_annotation: dict[int, list[Failure]] = {row["id"]: [] for row in rows}
        ids = list(by_annotation)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for f in (
                conn.execute(
                    sa.select(failures_table)
                    .where(failures_table.c.annotation_id.in_(chunk))
                    .order_by(failures_table.c.annotation_id, failures_table.c.position)
                )
                .mappings()
                .all()
            ):
                by_annotation[f["annotation_id"]].append(_failure_from_row(f))
        return [
            Annotation(
                record_id=row["record_id"],
                annotator=row["annotator"],
                score=row["score"],
                score_source=row["score_source"],
                knowledge_gaps=json.loads(row["knowledge_gaps"]),
                notes=row["notes"],
                failures=by_annotation[row["id"]],
                version=row["version"],
                updated_at=_aware(row["updated_at"]),
            )
            for row in rows
        ]

    def save_annotation(
        self,
        annotation: Annotation,
        *,
        changed_by: str | None = None,
        force: bool = False,
    ) -> Annotation:
        """Save one annotation durably and return it with its new version and time.

        The save is refused with `ConflictError` when the stored annotation's version is
        not `annotation.version` (someone saved it meanwhile); the refused change is kept in
        the history all the same (action ``conflict``) so nothing typed is ever lost.
        `force=True` overwrites (a lead resolving a conflict); history keeps both.

        Examples
        --------
        >>> store = Store(":memory:")
        >>> saved = store.save_annotation(Annotation("task-1", "ana", score=7))
        >>> saved.version
        1
        """
        who = changed_by or annotation.annotator
        if who != annotation.annotator and not force:
            raise StoreError(
                f"{who} cannot edit {annotation.annotator}'s annotation of "
                f"{annotation.record_id!r}; annotate it as {who}, or resolve it as a lead "
                "with force=True (the history keeps both)"
            )
        what = f"{annotation.annotator}'s annotation of {annotation.record_id!r}"
        with self._saving(what) as conn:
            saved = self._save_annotation(conn, annotation, who, force=force)
        if isinstance(saved, ConflictError):
            raise saved
        return saved

    def _save_annotation(
        self, conn: Connection, annotation: Annotation, who: str, *, force: bool
    ) -> Annotation | ConflictError:
        self._lock(conn, "annotation", annotation.record_id, annotation.annotator)
        now = utc_now()
        current = self._read_annotations(
            conn,
            (annotations_table.c.record_id == annotation.record_id)
            & (annotations_table.c.annotator == annotation.annotator),
        )
        before = current[0] if current else None
        stored_version = before.version if before else 0
        if before is not None and not force and stored_version != annotation.version:
            conn.execute(
                history_table.insert().values(
                    _history_row(annotation, who, now, stored_version, "conflict", before)
                )
            )
            when = before.updated_at.strftime("%H:%M:%S") if before.updated_at else "earlier"
            return ConflictError(
                f"annotation of {annotation.record_id!r} by {annotation.annotator!r} was saved "
                f"elsewhere at {when} (version {stored_version}, this edit started from "
                f"version {annotation.version}); reload it to see the other change — yours is "
                f"kept in the history",
                current=before,
            )
        new_version = stored_version + 1
        values = {
            "score": annotation.score,
            "score_source": annotation.score_source,
            "knowledge_gaps": json.dumps(list(annotation.knowledge_gaps)),
            "notes": annotation.notes or "",
            "version": new_version,
            "updated_at": _naive_utc(now),
            "updated_by": who,
        }
        if before is None:
            annotation_id = conn.execute(
                annotations_table.insert().values(
                    record_id=annotation.record_id, annotator=annotation.annotator, **values
                )
            ).inserted_primary_key[0]
        else:
            annotation_id = conn.execute(
                sa.select(annotations_table.c.id).where(
                    (annotations_table.c.record_id == annotation.record_id)
                    & (annotations_table.c.annotator == annotation.annotator)
                )
            ).scalar_one()
            conn.execute(
                annotations_table.update()
                .where(annotations_table.c.id == annotation_id)
                .values(**values)
            )
            conn.execute(
                failures_table.delete().where(failures_table.c.annotation_id == annotation_id)
            )
        failure_rows = [
            _failure_row(f, annotation_id, position)
            for position, f in enumerate(annotation.failures)
        ]
        if failure_rows:
            conn.execute(failures_table.insert(), failure_rows)
        # (In the same transaction: a draft outliving the save would come back over it.)
        conn.execute(self._draft_delete(annotation.record_id, annotation.annotator))
        conn.execute(
            history_table.insert().values(
                _history_row(annotation, who, now, new_version, "save", before)
            )
        )
        return Annotation(
            record_id=annotation.record_id,
            annotator=annotation.annotator,
            score=annotation.score,
            score_source=annotation.score_source,
            knowledge_gaps=list(annotation.knowledge_gaps),
            notes=annotation.notes or "",
            failures=[Failure.from_dict(f.to_dict()) for f in annotation.failures],
            version=new_version,
            updated_at=now,
        )

    def save_imported(self, conn: Connection, annotations: Sequence[Annotation]) -> None:
        """Within an ingest transaction: replace the `imported` annotations of these records.

        Records seen for the first time (the bulk of an ingest) are written in a few
        statements for the whole batch; those re-imported after a change go one by one,
        so their history keeps what the annotation was before.
        """
        if not annotations:
            return
        existing = set(
            conn.execute(
                sa.select(annotations_table.c.record_id).where(
                    annotations_table.c.annotator == IMPORTED,
                    annotations_table.c.record_id.in_([a.record_id for a in annotations]),
                )
            ).scalars()
        )
        fresh = [a for a in annotations if a.record_id not in existing]
        for annotation in annotations:
            if annotation.record_id in existing:
                annotation.version = self._current_version(conn, annotation)
                self._save_annotation(conn, annotation, "ingest", force=True)
        if not fresh:
            return
        now = _naive_utc(utc_now())
        inserted = conn.execute(
            annotations_table.insert().returning(
                annotations_table.c.id, sort_by_parameter_order=True
            ),
            [
                {
                    "record_id": a.record_id,
                    "annotator": a.annotator,
                    "score": a.score,
                    "score_source": a.score_source,
                    "knowledge_gaps": json.dumps(list(a.knowledge_gaps)),
                    "notes": a.notes or "",
                    "version": 1,
                    "updated_at": now,
                    "updated_by": "ingest",
                }
                for a in fresh
            ],
        ).scalars()
        failure_rows = []
        for annotation, annotation_id in zip(fresh, inserted, strict=True):
            failure_rows += [
                _failure_row(f, annotation_id, position)
                for position, f in enumerate(annotation.failures)
            ]
        if failure_rows:
            conn.execute(failures_table.insert(), failure_rows)
        conn.execute(
            history_table.insert(),
            [_history_row(a, "ingest", now, 1, "save", None) for a in fresh],
        )

    def _current_version(self, conn: Connection, annotation: Annotation) -> int:
        version = conn.execute(
            sa.select(annotations_table.c.version).where(
                (annotations_table.c.record_id == annotation.record_id)
                & (annotations_table.c.annotator == annotation.annotator)
            )
        ).scalar()
        return version or 0

    def delete_annotation(self, record_id: str, annotator: str, *, changed_by: str | None = None):
        """Delete an annotation; its last content stays in the history."""
        with self.write() as conn:
            found = self._read_annotations(
                conn,
                (annotations_table.c.record_id == record_id)
                & (annotations_table.c.annotator == annotator),
            )
            if not found:
                return
            conn.execute(
                annotations_table.delete().where(
                    (annotations_table.c.record_id == record_id)
                    & (annotations_table.c.annotator == annotator)
                )
            )
            conn.execute(
                history_table.insert().values(
                    _history_row(
                        found[0],
                        changed_by or annotator,
                        utc_now(),
                        found[0].version,
                        "delete",
                        found[0],
                        deleted=True,
                    )
                )
            )

    def history(
        self, *, record_id: str | None = None, annotator: str | None = None
    ) -> list[dict[str, Any]]:
        """Every annotation change, oldest first: who, when, action, before and after."""
        query = sa.select(history_table).order_by(history_table.c.id)
        if record_id is not None:
            query = query.where(history_table.c.record_id == record_id)
        if annotator is not None:
            query = query.where(history_table.c.annotator == annotator)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            {
                **{
                    k: row[k] for k in ("record_id", "annotator", "changed_by", "version", "action")
                },
                "changed_at": _aware(row["changed_at"]),
                "before": json.loads(row["before"]) if row["before"] else None,
                "after": json.loads(row["after"]) if row["after"] else None,
            }
            for row in rows
        ]

    def record_history(self, record_id: str) -> list[dict[str, Any]]:
        """When a record was first ingested and each time its content changed."""
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.select(record_history_table)
                    .where(record_history_table.c.record_id == record_id)
                    .order_by(record_history_table.c.id)
                )
                .mappings()
                .all()
            )
        return [{**row, "changed_at": _aware(row["changed_at"])} for row in rows]

    # -- queue leases (team mode) -----------------------------------------------------

    def lease_next(
        self,
        annotator: str,
        candidates: Sequence[str],
        *,
        ttl: timedelta = timedelta(minutes=30),
        overlap: float = 0.0,
    ) -> str | None:
        """Reserve the first of `candidates` that nobody else is working on, for `annotator`.

        A record is free when the analysts holding an unexpired lease on it or having
        annotated it (``imported`` aside) are fewer than its capacity: 1, or 2 for the
        share `overlap` of records sampled (deterministically, by id) for agreement.
        A record `annotator` already leases comes first; one they annotated is skipped.
        Returns the record id, or None when every candidate is taken.

        Examples
        --------
        >>> store = Store(":memory:")
        >>> store.lease_next("ana", ["t1", "t2"]), store.lease_next("bob", ["t1", "t2"])
        ('t1', 't2')
        """
        now = _naive_utc(utc_now())
        with self.write() as conn:
            self._lock(conn, "leases")
            conn.execute(leases_table.delete().where(leases_table.c.expires_at <= now))
            holders: dict[str, set[str]] = {}
            for record_id, who in conn.execute(
                sa.select(leases_table.c.record_id, leases_table.c.annotator)
            ):
                holders.setdefault(record_id, set()).add(who)
            for record_id, who in conn.execute(
                sa.select(annotations_table.c.record_id, annotations_table.c.annotator).where(
                    annotations_table.c.annotator != IMPORTED
                )
            ):
                holders.setdefault(record_id, set()).add(who)
            own_annotated = set(
                conn.execute(
                    sa.select(annotations_table.c.record_id).where(
                        annotations_table.c.annotator == annotator
                    )
                ).scalars()
            )
            # a lease on a record this analyst has since annotated is finished work
            own_leases = (
                set(
                    conn.execute(
                        sa.select(leases_table.c.record_id).where(
                            leases_table.c.annotator == annotator
                        )
                    ).scalars()
                )
                - own_annotated
            )
            chosen = next((r for r in candidates if r in own_leases), None)
            if chosen is None:
                for record_id in candidates:
                    if record_id in own_annotated:
                        continue
                    others = holders.get(record_id, set()) - {annotator}
                    if len(others) < (2 if _sampled(record_id, overlap) else 1):
                        chosen = record_id
                        break
            if chosen is None:
                return None
            conn.execute(
                leases_table.delete().where(
                    (leases_table.c.record_id == chosen) & (leases_table.c.annotator == annotator)
                )
            )
            conn.execute(
                leases_table.insert().values(
                    record_id=chosen, annotator=annotator, expires_at=now + ttl
                )
            )
            return chosen

    def release(self, record_id: str, annotator: str) -> None:
        """Give a leased record back to the queue."""
        with self.write() as conn:
            conn.execute(
                leases_table.delete().where(
                    (leases_table.c.record_id == record_id)
                    & (leases_table.c.annotator == annotator)
                )
            )

    def leases(self) -> dict[str, list[str]]:
        """Unexpired leases: record id -> the analysts holding it."""
        now = _naive_utc(utc_now())
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(leases_table.c.record_id, leases_table.c.annotator)
                .where(leases_table.c.expires_at > now)
                .order_by(leases_table.c.record_id, leases_table.c.annotator)
            ).all()
        found: dict[str, list[str]] = {}
        for record_id, who in rows:
            found.setdefault(record_id, []).append(who)
        return found

    # -- drafts ------------------------------------------------------------------------

    def save_draft(self, annotation: Annotation, reason: str = "invalid") -> None:
        """Keep edits that could not be saved as `annotation` yet, durably, replacing this
        analyst's earlier draft of the record (the tagging form does this when validation
        refuses an edit or another save won the race). Saving the annotation deletes it.

        Examples
        --------
        >>> store = Store(":memory:")
        >>> store.save_draft(Annotation("task-1", "ana", failures=[Failure("Open bucket")]))
        >>> store.get_draft("task-1", "ana").failures[0].title
        'Open bucket'
        """
        row = {
            "record_id": annotation.record_id,
            "annotator": annotation.annotator,
            "content": json.dumps(annotation.to_dict()),
            "reason": reason,
            "updated_at": _naive_utc(utc_now()),
        }
        what = f"{annotation.annotator}'s draft of {annotation.record_id!r}"
        with self._saving(what) as conn:
            self._lock(conn, "annotation", annotation.record_id, annotation.annotator)
            conn.execute(self._draft_delete(annotation.record_id, annotation.annotator))
            conn.execute(drafts_table.insert().values(**row))

    def get_draft(self, record_id: str, annotator: str) -> Annotation | None:
        """This analyst's unsaved edits of the record (see `save_draft`), or None."""
        with self.engine.connect() as conn:
            content = conn.execute(
                sa.select(drafts_table.c.content).where(
                    (drafts_table.c.record_id == record_id)
                    & (drafts_table.c.annotator == annotator)
                )
            ).scalar()
        return Annotation.from_dict(json.loads(content)) if content is not None else None

    def discard_draft(self, record_id: str, annotator: str) -> None:
        """Forget this analyst's unsaved edits of the record (nothing happens without any)."""
        with self._saving(f"the removal of {annotator}'s draft of {record_id!r}") as conn:
            conn.execute(self._draft_delete(record_id, annotator))

    def drafts(self, *, annotator: str | None = None) -> list[Annotation]:
        """Every unsaved draft (one analyst's with `annotator`), oldest first."""
        query = sa.select(drafts_table.c.content).order_by(drafts_table.c.updated_at)
        if annotator is not None:
            query = query.where(drafts_table.c.annotator == annotator)
        with self.engine.connect() as conn:
            return [Annotation.from_dict(json.loads(c)) for c in conn.execute(query).scalars()]

    @staticmethod
    def _draft_delete(record_id: str, annotator: str) -> sa.Delete:
        return drafts_table.delete().where(
            (drafts_table.c.record_id == record_id) & (drafts_table.c.annotator == annotator)
        )

    # -- derived-data cache ----------------------------------------------------------

    def cached(self, name: str, key: str) -> Any | None:
        """The value last stored under `name` if it was computed for `key`, else None.

        For results that are costly to derive and depend only on content (`key` is a hash
        of that content): gap themes, for instance.
        """
        with self.engine.connect() as conn:
            text = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == f"cache:{name}")
            ).scalar()
        if text is None:
            return None
        entry = json.loads(text)
        return entry["value"] if entry.get("key") == key else None

    def cache(self, name: str, key: str, value: Any) -> None:
        """Keep `value` (JSON-able) as the result for `key`, replacing the previous one."""
        with self.write() as conn:
            conn.execute(meta_table.delete().where(meta_table.c.key == f"cache:{name}"))
            conn.execute(
                meta_table.insert().values(
                    key=f"cache:{name}", value=json.dumps({"key": key, "value": value})
                )
            )

    # -- theme names (used by aggregate) -----------------------------------------------

    def theme_names(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(
                conn.execute(sa.select(theme_names_table.c.key, theme_names_table.c.theme)).all()
            )

    def set_theme_name(self, key: str, theme: str) -> None:
        with self.write() as conn:
            conn.execute(theme_names_table.delete().where(theme_names_table.c.key == key))
            conn.execute(
                theme_names_table.insert().values(
                    key=key, theme=theme, updated_at=_naive_utc(utc_now())
                )
            )


def _history_row(
    annotation: Annotation,
    who: str,
    when: datetime,
    version: int,
    action: str,
    before: Annotation | None,
    *,
    deleted: bool = False,
) -> dict[str, Any]:
    """One row of the append-only annotation history: `annotation` is the content after."""
    return {
        "record_id": annotation.record_id,
        "annotator": annotation.annotator,
        "changed_by": who,
        "changed_at": _naive_utc(when),
        "version": version,
        "action": action,
        "before": json.dumps(before.content()) if before is not None else None,
        "after": None if deleted else json.dumps(annotation.content()),
    }


def _sampled(record_id: str, share: float) -> bool:
    """Whether a record is in the agreement sample: stable across processes and runs."""
    if share <= 0:
        return False
    bucket = int.from_bytes(hashlib.blake2b(record_id.encode(), digest_size=4).digest(), "big")
    return bucket / 2**32 < share
