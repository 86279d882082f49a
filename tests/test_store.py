"""The store: records, problems, annotations, history, durability across connections."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from curation.errors import ConflictError, StoreError
from curation.records import Annotation, Failure, Problem, Record
from curation.store import SCHEMA_VERSION, Store


def make_record(record_id="t1", prompt="Build a bucket", **changes) -> Record:
    values = dict(
        id=record_id,
        prompt=prompt,
        response="model says",
        ideal="ideal says",
        analysis="## Critical Failures\n### 1. Broken\n",
        metadata={"platform": "cdk", "training_quality": "8"},
        platform="cdk",
        language="ts",
        complexity="hard",
        score=8.0,
        date=datetime(2025, 8, 14, 10, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        source="/corpus/t1",
    )
    values.update(changes)
    return Record(**values)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "curation.db") as opened:
        yield opened


def test_new_store_has_current_schema(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.count_records() == 0


def test_store_in_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere" / "curation.db")


def test_store_newer_than_code_is_refused(tmp_path):
    path = tmp_path / "curation.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="upgrade curation"):
        Store(path)


def test_records_round_trip_with_timezone(store):
    record = make_record()
    assert store.add_records([record]).new == 1
    back = store.get_record("t1")
    assert back == record
    assert back.date.utcoffset() == timedelta(hours=5, minutes=30)


def test_add_is_idempotent_and_changes_are_recorded(store):
    store.add_records([make_record()])
    again = store.add_records([make_record()])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    changed = store.add_records([make_record(ideal="better ideal")])
    assert changed.updated == 1
    assert store.get_record("t1").ideal == "better ideal"
    assert store.count_records() == 1
    hashes = [row["new_hash"] for row in store.record_history("t1")]
    assert len(hashes) == 2 and hashes[0] != hashes[1]


def test_unknown_record_names_the_id(store):
    with pytest.raises(StoreError, match="no record 'ghost'"):
        store.get_record("ghost")


def test_iter_records_streams_all_in_order(store):
    store.add_records(make_record(f"t{i:03}", prompt=f"p{i}") for i in range(23))
    ids = [r.id for r in store.iter_records(batch_size=5)]
    assert ids == [f"t{i:03}" for i in range(23)]


def test_records_frame_has_utc_dates_and_metadata(store):
    store.add_records([make_record(), make_record("t2", date=None)])
    frame = store.records_frame()
    assert list(frame["id"]) == ["t1", "t2"]
    assert str(frame["date"].dt.tz) == "UTC"
    assert frame.loc[0, "date"] == datetime(2025, 8, 14, 4, 30, tzinfo=UTC)
    assert frame.loc[0, "metadata"]["training_quality"] == "8"
    assert "prompt" not in frame and "prompt" in store.records_frame(texts=True)


def test_problems_replace_by_origin(store):
    with store.engine.begin() as conn:
        store.replace_problems(
            conn, ["t1"], [Problem("t1", "not_utf8", "bad bytes")], origin="load"
        )
        store.replace_problems(
            conn, ["t1"], [Problem("t1", "severity_mismatch", "x")], origin="analysis"
        )
    with store.engine.begin() as conn:
        store.replace_problems(conn, ["t1"], [Problem("t1", "html_page", "html")], origin="load")
    assert sorted(p.kind for p in store.problems()) == ["html_page", "severity_mismatch"]
    assert store.problem_counts() == {"html_page": 1, "severity_mismatch": 1}
    assert [p.kind for p in store.problems(kind="html_page")] == ["html_page"]


def test_annotation_round_trip_keeps_failure_order(store):
    failures = [
        Failure("Second", "Low", category="cost", references=["https://a"], impact={"cost": "$"}),
        Failure("First", "Critical", root_cause="why", model_snippet="```x```"),
    ]
    saved = store.save_annotation(
        Annotation("t1", "ana", score=6.5, knowledge_gaps=["IAM"], notes="n", failures=failures)
    )
    assert saved.version == 1 and saved.updated_at is not None
    back = store.get_annotation("t1", "ana")
    assert [f.title for f in back.failures] == ["Second", "First"]
    assert back.failures[0].impact == {"cost": "$"}
    assert back.score == 6.5 and back.knowledge_gaps == ["IAM"]
    assert store.get_annotation("t1", "bob") is None


def test_save_is_durable_for_another_connection(tmp_path):
    path = tmp_path / "curation.db"
    first = Store(path)
    first.save_annotation(Annotation("t1", "ana", score=7))
    second = Store(path)
    assert second.get_annotation("t1", "ana").score == 7
    first.close()
    second.close()


def test_stale_save_is_refused_and_kept_in_history(store):
    base = store.save_annotation(Annotation("t1", "ana", score=5))
    mine = Annotation("t1", "ana", score=6, version=base.version)
    theirs = Annotation("t1", "ana", score=9, version=base.version)
    store.save_annotation(theirs)
    with pytest.raises(ConflictError) as caught:
        store.save_annotation(mine)
    assert caught.value.current.score == 9
    assert store.get_annotation("t1", "ana").score == 9
    actions = [(h["action"], h["after"]["score"]) for h in store.history(record_id="t1")]
    assert actions == [("save", 5), ("save", 9), ("conflict", 6)]


def test_force_overwrites_but_history_keeps_both(store):
    store.save_annotation(Annotation("t1", "ana", score=5))
    store.save_annotation(Annotation("t1", "ana", score=2), force=True, changed_by="lead")
    history = store.history(record_id="t1")
    assert [h["changed_by"] for h in history] == ["ana", "lead"]
    assert history[1]["before"]["score"] == 5 and history[1]["after"]["score"] == 2


def test_delete_keeps_last_content_in_history(store):
    store.save_annotation(Annotation("t1", "ana", score=3, failures=[Failure("x", "High")]))
    store.delete_annotation("t1", "ana")
    assert store.get_annotation("t1", "ana") is None
    last = store.history(record_id="t1")[-1]
    assert last["action"] == "delete" and last["before"]["failures"][0]["title"] == "x"
    with store.engine.connect() as conn:
        assert conn.execute(store.tables.failures.select()).fetchall() == []


def test_vocabulary_and_annotators(store):
    store.save_annotation(Annotation("t1", "ana", knowledge_gaps=["IAM", "VPC"]))
    store.save_annotation(Annotation("t2", "bob", knowledge_gaps=["IAM"]))
    assert store.knowledge_gap_vocabulary() == ["IAM", "VPC"]
    assert store.annotators() == ["ana", "bob"]
    assert store.annotated_record_ids(annotator="bob") == {"t2"}


def test_theme_names_saved(store):
    store.set_theme_name("cfn circular dependency", "Circular deps")
    store.set_theme_name("cfn circular dependency", "Cycles")
    assert store.theme_names() == {"cfn circular dependency": "Cycles"}


def test_sqlite_store_uses_wal(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_draft_is_durable_and_gives_way_to_the_saved_annotation(tmp_path):
    draft = Annotation("t1", "ana", score=6, failures=[Failure("Open bucket")], version=2)
    with Store(tmp_path / "s.db") as store:
        store.save_draft(draft, "invalid")
        store.save_draft(Annotation("t2", "bob", notes="later"), "conflict")
    with Store(tmp_path / "s.db") as store:  # another process
        kept = store.get_draft("t1", "ana")
        assert kept.failures[0].title == "Open bucket" and kept.version == 2
        assert [d.record_id for d in store.drafts(annotator="bob")] == ["t2"]
        assert store.get_draft("t1", "bob") is None
        store.save_draft(Annotation("t1", "ana", score=7), "invalid")  # replaces
        assert [d.score for d in store.drafts(annotator="ana")] == [7]
        store.save_annotation(Annotation("t1", "ana", score=7))
        assert store.get_draft("t1", "ana") is None  # gone with the save
        store.discard_draft("t2", "bob")
        store.discard_draft("t2", "bob")  # nothing left: no error
        assert store.drafts() == []


def test_database_error_on_save_names_what_was_not_saved(store, monkeypatch):
    import sqlalchemy as sa

    def locked():
        raise sa.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(store, "write", locked)
    with pytest.raises(StoreError, match=r"ana's annotation of 't1'.*database is locked"):
        store.save_annotation(Annotation("t1", "ana", score=7))
    with pytest.raises(StoreError, match="ana's draft of 't1'"):
        store.save_draft(Annotation("t1", "ana", score=7))
