"""Team mode: the same store behaviour on SQLite and PostgreSQL, migrations, leases, concurrency."""

from __future__ import annotations

import multiprocessing
from datetime import timedelta

import pytest
import sqlalchemy as sa

from curation.config import annotator_name, store_location
from curation.errors import ConflictError, CurationError, StoreError
from curation.ingest import ingest
from curation.records import Annotation, Failure, Record
from curation.store import SCHEMA_VERSION, Store, _create_v1, meta_table, store_url


def test_store_behaves_the_same_on_each_back_end(any_store_url, tmp_path, write_task):
    write_task(tmp_path / "corpus", "a", response="same", ideal="same")
    write_task(tmp_path / "corpus", "b", prompt="other prompt")
    with Store(any_store_url) as store:
        summary = ingest(tmp_path / "corpus", store)
        assert (summary.new, ingest(tmp_path / "corpus", store).unchanged) == (2, 2)
        assert {p.kind for p in store.problems(record_id="a")} >= {"identical_responses"}
        saved = store.save_annotation(
            Annotation("a", "ana", score=6.5, failures=[Failure("x", "High", references=["u"])])
        )
        assert store.get_annotation("a", "ana").failures[0].references == ["u"]
        with pytest.raises(ConflictError):
            store.save_annotation(Annotation("a", "ana", score=1, version=saved.version - 1))
        assert [h["action"] for h in store.history(record_id="a", annotator="ana")] == [
            "save",
            "conflict",
        ]
        assert store.records_frame()["date"].dt.tz is not None


def test_older_store_upgrades_in_place(any_store_url):
    engine = Store._make_engine(store_url(any_store_url))
    with engine.begin() as conn:
        meta_table.create(conn)
        _create_v1(conn)
        conn.execute(meta_table.insert().values(key="schema_version", value="1"))
        conn.execute(
            sa.text(
                "INSERT INTO annotations (record_id, annotator, score, knowledge_gaps, notes,"
                " version, updated_at, updated_by) VALUES ('t1', 'ana', 7, '[]', '', 1,"
                " '2025-01-01 00:00:00', 'ana')"
            )
        )
    engine.dispose()
    with Store(any_store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.get_annotation("t1", "ana").score == 7  # data kept
        assert store.lease_next("bob", ["t1", "t2"]) == "t2"  # v2 leases; t1 is ana's
        store.save_draft(Annotation("t2", "bob", score=3))  # v3 drafts
        assert store.get_draft("t2", "bob").score == 3


def test_leases_serve_each_record_to_one_analyst(any_store_url):
    ids = [f"t{i}" for i in range(4)]
    with Store(any_store_url) as store:
        assert store.lease_next("ana", ids) == "t0"
        assert store.lease_next("ana", ids) == "t0"  # resumes her own lease
        assert store.lease_next("bob", ids) == "t1"
        store.save_annotation(Annotation("t2", "cy"))
        assert store.lease_next("dee", ids) == "t3"  # t2 is done by cy
        assert store.lease_next("eve", ids) is None
        store.release("t1", "bob")
        assert store.lease_next("eve", ids) == "t1"
        assert store.leases() == {"t0": ["ana"], "t1": ["eve"], "t3": ["dee"]}


def test_leases_expire(any_store_url):
    with Store(any_store_url) as store:
        assert store.lease_next("ana", ["t0"], ttl=timedelta(seconds=-1)) == "t0"
        assert store.lease_next("bob", ["t0"]) == "t0"


def test_overlap_sends_a_share_of_records_to_two_analysts(tmp_path):
    ids = [f"rec-{i}" for i in range(400)]
    with Store(tmp_path / "c.db") as store:
        first = [store.lease_next("ana", ids, overlap=0.1) for _ in range(1)]
        doubled = 0
        for record_id in ids:
            store.save_annotation(Annotation(record_id, "ana"))
        while (got := store.lease_next("bob", ids, overlap=0.1)) is not None:
            store.save_annotation(Annotation(got, "bob"))
            doubled += 1
        assert first == ["rec-0"]
        assert 20 <= doubled <= 60  # about 10% of 400
        assert store.lease_next("cy", ids, overlap=0.1) is None


def test_an_analyst_cannot_edit_anothers_annotation(any_store_url):
    with Store(any_store_url) as store:
        store.save_annotation(Annotation("t1", "ana", score=5))
        with pytest.raises(StoreError, match="bob cannot edit ana's annotation"):
            store.save_annotation(Annotation("t1", "ana", score=1, version=1), changed_by="bob")
        store.save_annotation(
            Annotation("t1", "ana", score=4, version=1), changed_by="lead", force=True
        )
        assert [h["changed_by"] for h in store.history(record_id="t1")] == ["ana", "lead"]


def test_annotator_name_from_environment_and_config(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('annotator = "from-config"\nstore = "team.db"\n')
    monkeypatch.setenv("CURATION_CONFIG", str(config))
    monkeypatch.delenv("CURATION_ANNOTATOR", raising=False)
    monkeypatch.delenv("CURATION_STORE", raising=False)
    assert annotator_name() == "from-config"
    assert store_location() == "team.db"
    monkeypatch.setenv("CURATION_ANNOTATOR", "from-env")
    assert annotator_name() == "from-env"
    assert annotator_name("explicit") == "explicit"
    with pytest.raises(CurationError, match="reserved"):
        annotator_name("imported")
    config.write_text("annotator = [unclosed")
    monkeypatch.delenv("CURATION_ANNOTATOR")
    with pytest.raises(CurationError, match="cannot read the configuration"):
        annotator_name()


def _worker(location: str, name: str, ids: list[str], rounds: int, queue) -> None:
    store = Store(location)
    tagged, increments, conflicts = [], 0, 0
    for _ in range(rounds):
        record_id = store.lease_next(name, ids)
        if record_id is not None:
            store.save_annotation(Annotation(record_id, name, score=5))
            store.release(record_id, name)
            tagged.append(record_id)
        # everyone edits one shared annotation: read, change, save; retry on conflict
        while True:
            current = store.get_annotation("hot", "team")
            count = int(current.notes) if current else 0
            version = current.version if current else 0
            try:
                store.save_annotation(
                    Annotation("hot", "team", notes=str(count + 1), version=version),
                    changed_by="team",
                )
                increments += 1
                break
            except ConflictError:
                conflicts += 1
    store.close()
    queue.put((name, tagged, increments, conflicts))


@pytest.mark.slow
def test_concurrent_analysts_lose_nothing(any_store_url):
    ids = [f"t{i:02}" for i in range(30)]
    with Store(any_store_url) as store:
        store.add_records(Record(i, f"prompt {i}", "r", "i") for i in ids)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    names = ["ana", "bob", "cy", "dee"]
    workers = [
        context.Process(target=_worker, args=(any_store_url, n, ids, 10, queue)) for n in names
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    tagged = [record_id for _, done, _, _ in results for record_id in done]
    assert len(tagged) == len(set(tagged)) == 30  # every record once, none twice
    increments = sum(r[2] for r in results)
    assert increments == 40
    with Store(any_store_url) as store:
        assert store.get_annotation("hot", "team").notes == "40"  # no lost update
        history = store.history(record_id="hot")
        assert sum(h["action"] == "save" for h in history) == 40
        assert sum(h["action"] == "conflict" for h in history) == sum(r[3] for r in results)
        for record_id in ids:
            annotators = {a.annotator for a in store.annotations(record_id=record_id)}
            assert len(annotators) == 1


def test_team_sessions_are_served_different_records(any_store_url):
    from curation.session import TaggingSession

    ids = ["t1", "t2", "t3"]
    with Store(any_store_url) as store:
        store.add_records(Record(i, f"prompt {i}", "model\n", "ideal\n") for i in ids)
        ana = TaggingSession(store, "ana", team=True, prefetch=False)
        bob = TaggingSession(store, "bob", team=True, prefetch=False)
        assert (ana.record_id, bob.record_id) == ("t1", "t2")
        ana.set_score(7)
        ana.next()  # t1 done by ana, t2 held by bob
        assert ana.record_id == "t3"
        bob.next()  # bob gives t2 back; t3 is ana's, t1 is done, so t2 again
        assert bob.record_id == "t2"
        cy = TaggingSession(store, "cy", team=True, prefetch=False)
        assert cy.status.kind == "info" and "someone else" in cy.status.message
        ana.close()
        assert "t3" not in store.leases()
        cy.next()
        assert cy.record_id == "t3"


def test_form_in_team_mode_takes_annotator_from_environment(monkeypatch, tmp_path):
    from curation import tagging_form

    monkeypatch.setenv("CURATION_ANNOTATOR", "env-ana")
    with Store(tmp_path / "c.db") as store:
        store.add_records([Record("t1", "p", "a\n", "b\n")])
        form = tagging_form(store, team=True)
        assert form.session.annotator == "env-ana"
        assert store.leases() == {"t1": ["env-ana"]}
        form.session.close()
