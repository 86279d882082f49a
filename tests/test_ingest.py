"""Ingest: every source item accounted for, idempotent, imported analyses, cross-record problems."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from curation.errors import SourceError
from curation.ingest import ingest
from curation.records import IMPORTED
from curation.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "curation.db") as opened:
        yield opened


def test_ingest_imports_analysis_as_imported_annotation(tmp_path, store, write_task):
    write_task(tmp_path / "corpus", "task-a", metadata={"platform": "cdk", "training_quality": 4})
    summary = ingest(tmp_path / "corpus", store)
    assert (summary.seen, summary.new) == (1, 1)
    annotation = store.get_annotation("task-a", IMPORTED)
    assert [f.title for f in annotation.failures] == ["Bucket is public"]
    assert annotation.failures[0].severity == "Critical"
    assert (annotation.score, annotation.score_source) == (4, "analysis")


def test_imported_score_falls_back_to_metadata(tmp_path, store, write_task):
    write_task(
        tmp_path / "corpus",
        "task-a",
        analysis="## Critical Failures\n\n### 1. Wrong region\n\n**Impact Level**: High\n",
        metadata={"training_quality": "7"},
    )
    ingest(tmp_path / "corpus", store)
    annotation = store.get_annotation("task-a", IMPORTED)
    assert (annotation.score, annotation.score_source) == (7, "metadata")


def test_reingest_is_idempotent_and_updates_changes(tmp_path, store, write_task):
    corpus = tmp_path / "corpus"
    write_task(corpus, "task-a")
    task_b = write_task(corpus, "task-b", prompt="Create a VPC.")
    first = ingest(corpus, store)
    again = ingest(corpus, store)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert again.problems == first.problems
    problems_before = store.problems()

    (task_b / "lib" / "IDEAL_RESPONSE.md").write_text("a better VPC")
    changed = ingest(corpus, store)
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 1)
    assert store.get_record("task-b").ideal == "a better VPC"
    assert len(store.record_history("task-b")) == 2
    assert store.problems() == problems_before
    assert store.count_records() == 2


def test_rejected_and_problem_records_are_all_accounted_for(tmp_path, store, write_task):
    corpus = tmp_path / "corpus"
    write_task(corpus, "good")
    missing = write_task(corpus, "no-ideal", prompt="Another prompt")
    (missing / "lib" / "IDEAL_RESPONSE.md").unlink()
    write_task(corpus, "same", prompt="Third prompt", response="same text", ideal="same text")
    summary = ingest(corpus, store)
    assert summary.seen == summary.new + summary.updated + summary.unchanged + summary.rejected
    assert (summary.seen, summary.rejected) == (3, 1)
    kinds = {(p.record_id, p.kind) for p in store.problems()}
    assert ("no-ideal", "missing_file") in kinds
    assert ("same", "identical_responses") in kinds
    # re-ingest keeps exactly one copy of each problem
    ingest(corpus, store)
    assert len(store.problems(record_id="no-ideal", kind="missing_file")) == 1


def test_duplicate_prompts_flagged_across_ingests(tmp_path, store, write_task):
    write_task(tmp_path / "one", "task-a", prompt="Deploy a  Lambda function")
    write_task(tmp_path / "two", "task-b", prompt="deploy a lambda function\n")
    ingest(tmp_path / "one", store)
    assert store.problems(kind="duplicate_prompt") == []
    summary = ingest(tmp_path / "two", store)
    flagged = store.problems(kind="duplicate_prompt")
    assert sorted(p.record_id for p in flagged) == ["task-a", "task-b"]
    assert "task-b" in flagged[0].message
    assert summary.problems["duplicate_prompt"] == 2


def test_tabular_sources_and_dataframes(tmp_path, store, write_task):
    rows = [
        {"id": "r1", "prompt": "p1", "response": "a", "ideal": "b", "platform": "terraform"},
        {"id": "r2", "prompt": "p2", "response": "c", "ideal": "d", "platform": "cdk"},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert ingest(path, store).new == 2
    assert store.get_record("r1").platform == "tf"
    frame = pd.DataFrame(rows).assign(id=["r3", "r4"])
    assert ingest(frame, store).new == 2
    assert store.count_records() == 4


def test_nothing_readable_is_an_error(tmp_path, store, write_task):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="holds no task folders"):
        ingest(tmp_path / "empty", store)


def test_progress_is_reported(tmp_path, store, write_task):
    for name in "abc":
        write_task(tmp_path / "corpus", f"task-{name}", prompt=f"prompt {name}")
    seen = []
    ingest(tmp_path / "corpus", store, progress=seen.append, batch_size=2)
    assert seen == [2, 1]


@pytest.mark.slow
def test_shared_corpus_every_folder_accounted_for(shared_corpus, tmp_path, write_task):
    store = Store(tmp_path / "shared.db")
    folders = {
        str(p.parent.parent.relative_to(shared_corpus))
        for p in shared_corpus.glob("**/lib/PROMPT.md")
    }
    summary = ingest(shared_corpus, store)
    assert summary.seen == summary.new + summary.rejected
    stored = set(store.record_ids())
    rejected = {p.record_id for p in store.problems()} - stored
    assert stored | rejected >= folders
    assert summary.seen == len(stored | rejected)
    for record_id in rejected:
        assert store.problems(record_id=record_id), record_id
    kinds = set(store.problem_counts())
    assert {"not_utf8", "identical_responses", "duplicate_prompt", "invalid_metadata"} <= kinds
    # most records with an analysis get an imported annotation with failures
    imported = store.annotations(annotator=IMPORTED)
    assert len(imported) > 300
    assert sum(1 for a in imported if a.failures) > 0.8 * len(imported)

    again = ingest(shared_corpus, store)
    assert (again.new, again.updated) == (0, 0)
    assert again.unchanged == summary.new
    assert again.problems == summary.problems
    store.close()


def test_progress_bar_option(tmp_path, store, write_task, capsys):
    write_task(tmp_path / "corpus", "task-a")
    ingest(tmp_path / "corpus", store, progress=True)
    assert "ingesting" in capsys.readouterr().err
