"""TaggingSession without a browser: queue, filters, edits, autosave, conflicts, pre-fill, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from curation.errors import StoreError
from curation.records import IMPORTED, Annotation, Failure, Problem, Record
from curation.session import TaggingSession, validate
from curation.store import Store

MODEL = "resource a {}\nbucket = public\nresource c {}\n"
IDEAL = "resource a {}\nbucket = private\nresource c {}\n"


def make_records() -> list[Record]:
    return [
        Record(
            "t1",
            "make a bucket",
            MODEL,
            IDEAL,
            platform="cdk",
            language="ts",
            complexity="hard",
            score=8,
        ),
        Record(
            "t2",
            "make a queue",
            "queue",
            "queue\nretries",
            platform="tf",
            language="hcl",
            complexity="easy",
            score=4,
        ),
        Record(
            "t3",
            "make a VPC",
            "vpc",
            "vpc v2",
            platform="cdk",
            language="py",
            complexity="hard",
            score=None,
            metadata={"team": "synth-2"},
        ),
        Record(
            "t4",
            "lambda function",
            "Handler with BUCKET",
            "handler",
            platform="pulumi",
            language="ts",
            score=6.5,
        ),
    ]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    location = tmp_path / "store.db"
    with Store(location) as store:
        store.add_records(make_records())
        with store.engine.begin() as conn:
            store.replace_problems(
                conn,
                ["t2", "t4"],
                [Problem("t2", "empty_ideal", "x"), Problem("t4", "identical_responses", "y")],
                origin="load",
            )
    return location


@pytest.fixture
def store(path: Path):
    with Store(path) as store:
        yield store


@pytest.fixture
def session(store: Store):
    session = TaggingSession(store, annotator="ana", prefetch=False)
    yield session
    session.close()


def test_queue_is_untagged_first_and_navigates(store):
    store.save_annotation(Annotation("t1", "ana", score=5))
    session = TaggingSession(store, "ana", prefetch=False)
    assert session.queue == ["t2", "t3", "t4", "t1"]
    assert session.record.id == "t2" and session.position_text == "1 / 4"
    assert session.progress_text == "1 / 4 tagged"
    session.next()
    assert session.record_id == "t3"
    session.prev()
    session.prev()  # clamped at the start
    assert session.record_id == "t2"
    session.go(99)
    assert session.record_id == "t1"
    session.jump("t3")
    assert session.position_text == "2 / 4"
    session.skip()
    assert session.queue == ["t2", "t4", "t1", "t3"] and session.record_id == "t4"
    with pytest.raises(StoreError, match="no record 'nope'"):
        session.jump("nope")


def test_untagged_first_can_be_turned_off(store):
    store.save_annotation(Annotation("t1", "ana", score=5))
    assert TaggingSession(store, "ana", prefetch=False, untagged_first=False).queue == [
        "t1",
        "t2",
        "t3",
        "t4",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"platform": "cdk"}, ["t1", "t3"]),
        ({"platform": ["tf", "pulumi"]}, ["t2", "t4"]),
        ({"language": "ts"}, ["t1", "t4"]),
        ({"complexity": "hard"}, ["t1", "t3"]),
        ({"score": (6, 8)}, ["t1", "t4"]),
        ({"score": (0, 4.5)}, ["t2"]),
        ({"problems": True}, ["t2", "t4"]),
        ({"problems": "empty_ideal"}, ["t2"]),
        ({"problems": False}, ["t1", "t3"]),
        ({"annotated_by": "bob"}, ["t3"]),
        ({"text": "bucket"}, ["t1", "t4"]),  # prompt of t1, response of t4, case-insensitive
        ({"text": "100%_"}, []),  # LIKE wildcards are literal
        ({"metadata": {"team": "synth-2"}}, ["t3"]),
        ({"platform": "cdk", "language": "py"}, ["t3"]),
    ],
)
def test_filters(store, filters, expected):
    store.save_annotation(Annotation("t3", "bob", score=5))
    session = TaggingSession(store, "ana", prefetch=False, **filters)
    assert session.queue == expected


def test_refiltering_and_an_empty_queue(session):
    session.apply_filters(platform="nothing")
    assert session.queue == [] and session.record is None and session.position_text == "0 / 0"
    session.set_score(5)  # nothing to save, nothing raised
    session.apply_filters(platform=None)
    assert len(session.queue) == 4
    with pytest.raises(TypeError, match="unknown filter"):
        session.apply_filters(colour="red")


def test_every_edit_is_saved_durably(session, path):
    session.jump("t1")
    session.set_score(7.5)
    assert session.status.kind == "saved" and session.status.message.startswith("saved ")
    session.add_gap("  IAM   least privilege ")
    session.add_gap("iam least privilege")  # duplicate, ignored
    session.add_gap("S3 encryption")
    session.remove_gap("S3 encryption")
    session.set_notes("looks mostly fine")
    index = session.add_failure(title="Public bucket", severity="Critical", category="security")
    session.update_failure(index, root_cause="default ACL", training_value="high")
    with Store(path) as other:  # a second Store object on the same file
        saved = other.get_annotation("t1", "ana")
    assert saved.score == 7.5 and saved.score_source == "annotator"
    assert saved.knowledge_gaps == ["IAM least privilege"]
    assert saved.notes == "looks mostly fine"
    assert (
        saved.failures[0].title == "Public bucket" and saved.failures[0].root_cause == "default ACL"
    )
    assert saved.version == session.annotation.version
    session.set_score(None)
    with Store(path) as other:
        assert other.get_annotation("t1", "ana").score is None
    assert session.progress_text == "1 / 4 tagged"


def test_failures_reorder_and_delete(session, store):
    for title, severity in [("one", "High"), ("two", "Low"), ("three", "Medium")]:
        session.add_failure(title=title, severity=severity)
    session.move_failure(2, -1)
    session.move_failure(0, -1)  # no-op at the top
    session.move_failure(0, +1)
    assert [f.title for f in store.get_annotation(session.record_id, "ana").failures] == [
        "three",
        "one",
        "two",
    ]
    session.delete_failure(1)
    assert [f.title for f in store.get_annotation(session.record_id, "ana").failures] == [
        "three",
        "two",
    ]
    with pytest.raises(TypeError, match="unknown failure field"):
        session.update_failure(0, colour="red")


def test_new_categories_are_offered(session, path):
    session.add_failure(title="x", severity="Low", category="licensing")
    assert "licensing" in session.categories
    with Store(path) as other:
        assert "licensing" in TaggingSession(other, "bob", prefetch=False).categories


def test_invalid_edits_are_kept_but_not_saved(session, store):
    session.jump("t1")
    session.add_failure()  # no title, no severity yet
    assert session.status.kind == "invalid"
    assert session.errors == ["failure 1 needs a title and a severity"]
    assert store.get_annotation("t1", "ana") is None
    session.update_failure(0, title="Public bucket")
    assert session.errors == ["failure 1 needs a severity"]
    session.next()
    session.prev()  # the unsaved draft comes back on revisit
    assert session.annotation.failures[0].title == "Public bucket"
    assert session.status.kind == "invalid"
    session.update_failure(0, severity="High")
    assert session.status.kind == "saved"
    assert store.get_annotation("t1", "ana").failures[0].severity == "High"
    session.set_score(7.3)
    assert session.status.kind == "invalid" and "0.5" in session.status.message
    assert session.annotation.score == 7.3  # kept in the form
    assert store.get_annotation("t1", "ana").score is None


def test_refused_edits_survive_a_restart(path):
    # An imported analysis whose second failure states no severity: the analyst's first edit
    # cannot be saved as an annotation yet, and must not live only in this kernel's memory.
    with Store(path) as store:
        store.save_annotation(
            Annotation(
                "t1",
                IMPORTED,
                failures=[Failure("Public bucket", "Critical"), Failure("No access logs")],
            )
        )
        session = TaggingSession(store, "ana", prefetch=False)
        session.jump("t1")
        assert session.prefilled and session.status.kind == "info"
        assert session.status.message == (
            "pre-filled, not yet saved; before it can be: failure 2 needs a severity"
        )
        session.set_score(6)
        assert session.status.kind == "invalid"
        assert session.status.message == "not saved: failure 2 needs a severity"
        assert store.get_annotation("t1", "ana") is None
        session.close()
    with Store(path) as store:  # a new kernel
        session = TaggingSession(store, "ana", prefetch=False)
        session.jump("t1")
        assert session.annotation.score == 6 and not session.prefilled
        assert session.status.kind == "invalid"
        assert "kept from before" in session.status.message
        session.update_failure(1, severity="Low")
        assert session.status.kind == "saved"
        own = store.get_annotation("t1", "ana")
        assert own.score == 6 and [f.severity for f in own.failures] == ["Critical", "Low"]
        assert store.drafts() == []  # the save took the draft's place
        session.close()
    with Store(path) as store:
        session = TaggingSession(store, "ana", prefetch=False)
        session.jump("t1")
        assert session.status.kind == "" and session.annotation.version == 1


def test_reload_discards_the_stored_draft(session, store):
    session.jump("t1")
    session.add_failure(title="Public bucket")
    assert [d.record_id for d in store.drafts(annotator="ana")] == ["t1"]

    def broken(*args, **kwargs):
        raise StoreError("could not save the removal of ana's draft of 't1' (disk I/O error)")

    real, store.discard_draft = store.discard_draft, broken
    session.reload()  # the store cannot forget the draft: nothing is dropped
    assert session.status.kind == "error" and "disk I/O error" in session.status.message
    assert session.annotation.failures[0].title == "Public bucket"
    store.discard_draft = real
    session.reload()
    assert store.drafts() == [] and session.annotation.failures == []
    session.next()
    session.jump("t1")
    assert session.annotation.failures == []


def test_a_store_that_cannot_save_keeps_the_edit_in_the_form(session, store, monkeypatch):
    session.jump("t1")

    def broken(*args, **kwargs):
        raise StoreError("could not save ana's annotation of 't1' (disk I/O error)")

    monkeypatch.setattr(store, "save_annotation", broken)
    monkeypatch.setattr(store, "save_draft", broken)
    session.set_score(5)
    assert session.status.kind == "error"
    assert "disk I/O error" in session.status.message
    assert "kept in this form only" in session.status.message
    session.next()
    session.prev()
    assert session.annotation.score == 5  # still there to save once the store is back
    monkeypatch.undo()
    session.set_score(5.5)
    assert session.status.kind == "saved" and store.get_annotation("t1", "ana").score == 5.5


@pytest.mark.parametrize("score", [-0.5, 10.5, 3.25, float("nan")])
def test_validate_rejects_bad_scores(score):
    assert validate(Annotation("t", "a", score=score))


@pytest.mark.parametrize("score", [None, 0, 0.5, 9.5, 10])
def test_validate_accepts_good_scores(score):
    assert validate(Annotation("t", "a", score=score, failures=[Failure("x", "Low")])) == []


def test_conflict_between_two_kernels_is_reported_and_nothing_is_lost(path):
    with Store(path) as store_a, Store(path) as store_b:
        first = TaggingSession(store_a, "ana", prefetch=False)
        second = TaggingSession(store_b, "ana", prefetch=False)
        first.set_score(6)
        second.set_score(9)  # started from version 0; the store is at version 1
        assert second.status.kind == "conflict"
        assert "ana saved this record at" in second.status.message
        assert second.annotation.score == 9  # still in the form
        assert store_a.get_annotation(first.record_id, "ana").score == 6
        history = store_a.history(record_id=first.record_id, annotator="ana")
        assert [h["action"] for h in history] == ["save", "conflict"]
        assert history[1]["after"]["score"] == 9
        second.keep_mine()
        assert second.status.kind == "saved"
        assert store_a.get_annotation(first.record_id, "ana").score == 9
        first.set_score(4)  # now the first kernel is stale
        assert first.status.kind == "conflict"
        first.reload()
        assert first.annotation.score == 9 and first.conflict is None
        first.set_score(4)
        assert first.status.kind == "saved"
        first.close()
        second.close()


def test_reopening_shows_the_same_state(path):
    with Store(path) as store:
        session = TaggingSession(store, "ana", prefetch=False)
        session.jump("t2")
        session.add_failure(title="No retries", severity="Medium")
        before = session.snapshot()
    with Store(path) as store:
        again = TaggingSession(store, "ana", prefetch=False)
        again.jump("t2")
        after = again.snapshot()
    assert after["annotation"] == before["annotation"]
    assert after["progress"] == "1 / 4 tagged"


def test_prefill_from_imported_analysis(store):
    imported = Annotation(
        "t1",
        IMPORTED,
        score=6,
        score_source="analysis",
        knowledge_gaps=["ACLs"],
        failures=[Failure("Public bucket", "Critical", "security")],
    )
    store.save_annotation(imported)
    session = TaggingSession(store, "ana", prefetch=False)
    session.jump("t1")
    assert session.prefilled
    assert session.annotation.failures[0].title == "Public bucket"
    assert session.annotation.annotator == "ana" and session.annotation.version == 0
    assert [o.annotator for o in session.others()] == [IMPORTED]
    assert store.get_annotation("t1", "ana") is None  # opening alone saves nothing
    session.update_failure(0, severity="High")
    assert not session.prefilled
    own = store.get_annotation("t1", "ana")
    assert own.failures[0].severity == "High" and own.knowledge_gaps == ["ACLs"]
    assert store.get_annotation("t1", IMPORTED).failures[0].severity == "Critical"


def test_confirm_adopts_the_prefill_unchanged(store):
    store.save_annotation(Annotation("t1", IMPORTED, score=6, failures=[Failure("x", "Low")]))
    session = TaggingSession(store, "ana", prefetch=False)
    session.jump("t1")
    session.confirm()
    assert store.get_annotation("t1", "ana").failures == [Failure("x", "Low")]


def test_anchor_a_failure_to_a_hunk(session, store):
    session.jump("t1")
    (hunk,) = session.diff.hunks
    index = session.add_failure_from_hunk(0, title="Public bucket", severity="Critical")
    saved = store.get_annotation("t1", "ana").failures[index]
    assert saved.model_snippet == "bucket = public" and saved.ideal_fix == "bucket = private"
    session.update_failure(index, model_snippet="", ideal_fix="")
    session.anchor_failure(index, 0)
    assert store.get_annotation("t1", "ana").failures[index].ideal_fix == hunk.ideal_fix


def test_diff_is_cached_and_prepared_ahead(store):
    session = TaggingSession(store, "ana")  # with the prefetch thread
    try:
        assert "t2" in session._cache  # the next record is being prepared
        first = session.diff
        assert session.diff is first
        session.next()
        assert session.diff.hunks[0].ideal_lines == ("retries",)
    finally:
        session.close()


def test_imported_is_not_an_annotator(store):
    with pytest.raises(ValueError, match="annotator"):
        TaggingSession(store, IMPORTED)


def test_session_opens_a_store_by_path(path):
    session = TaggingSession(str(path), "ana", prefetch=False)
    assert session.queue and session.store.location == str(path)
    session.store.close()


def test_prefill_from_ingested_example_data(example_data, tmp_path):
    from curation.ingest import ingest

    with Store(tmp_path / "example.db") as store:
        ingest(example_data, store)
        session = TaggingSession(store, "ana", prefetch=False)
        imported = {a.record_id: a for a in store.annotations(annotator=IMPORTED) if a.failures}
        assert imported, "the example data should hold imported analyses with failures"
        record_id = sorted(imported)[0]
        session.jump(record_id)
        assert session.prefilled
        assert [f.title for f in session.annotation.failures] == [
            f.title for f in imported[record_id].failures
        ]
        for index, failure in enumerate(session.annotation.failures):
            if failure.severity is None:  # parsed analyses may lack one: the analyst decides
                session.update_failure(index, severity="Medium")
        session.set_notes("checked")
        assert session.status.kind == "saved", session.status.message
        assert store.get_annotation(record_id, "ana").notes == "checked"
        assert store.get_annotation(record_id, IMPORTED).notes == imported[record_id].notes
        session.close()


def test_queue_of_disagreements_for_review(tmp_path):
    from curation.records import Annotation, Failure, Record
    from curation.session import TaggingSession
    from curation.store import Store

    with Store(tmp_path / "c.db") as store:
        store.add_records(Record(f"t{i}", f"prompt {i}", "a\n", "b\n") for i in range(3))
        store.save_annotation(Annotation("t0", "ana", score=8))
        store.save_annotation(Annotation("t0", "bob", score=3))
        store.save_annotation(Annotation("t1", "ana", score=6))
        store.save_annotation(Annotation("t1", "bob", score=6))
        store.save_annotation(Annotation("t2", "ana", score=5, failures=[Failure("x", "Low")]))
        store.save_annotation(Annotation("t2", "bob", score=5, failures=[Failure("x", "High")]))
        lead = TaggingSession(store, "lead", disagreements=True, prefetch=False)
        assert lead.queue == ["t0", "t2"]
        lead.apply_filters(disagreements=6)  # t0's scores are 5 apart; t2's severities differ
        assert lead.queue == ["t2"]
