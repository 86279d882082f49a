"""Ingest: load sources, parse their failure analyses, and store records, annotations and problems."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlalchemy as sa

from curation.analysis import check_score, parse_analysis
from curation.errors import SourceError
from curation.load import Loaded, count_items, load
from curation.records import IMPORTED, Annotation, Problem, Record
from curation.store import Store

#: Records written per transaction: big enough to amortise commits, small enough to stream.
BATCH_SIZE = 200


@dataclass
class IngestSummary:
    """What one ingest run did; `to_dict()` is the `curation ingest --json` object.

    Examples
    --------
    >>> summary = IngestSummary(seen=3, new=2, rejected=1)
    >>> summary.to_dict()["seen"] == summary.new + summary.updated + summary.unchanged + 1
    True
    """

    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    store: str = ""
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "problems": dict(sorted(self.problems.items())),
            "seconds": round(self.seconds, 3),
            "store": self.store,
            "sources": self.sources,
        }


def ingest(
    sources: Any | Sequence[Any],
    store: Store,
    *,
    progress: Callable[[int], None] | bool | None = None,
    batch_size: int = BATCH_SIZE,
    **load_options: Any,
) -> IngestSummary:
    """Load `sources` into `store`: records, their imported failure analyses and problems.

    Idempotent: a record already stored with the same content is left alone; a changed
    record is updated (and the change recorded). Each record's ``MODEL_FAILURES.md`` is
    parsed into an annotation by the annotator ``imported``; its score is the one the
    document states, else the record's metadata score.

    Parameters
    ----------
    sources : a path (task folders, .jsonl/.csv/.parquet, a ``save_to_disk`` folder), a
        DataFrame, a Hugging Face dataset, or a list of these.
    progress : True for a progress bar (tqdm: a widget in notebooks, text on terminals), or a
        callable given the number of items just processed.
    load_options : passed to `curation.load.load` (``columns=…`` and the like).

    Examples
    --------
    >>> summary = ingest("data", Store(":memory:"))          # doctest: +SKIP
    >>> summary.new, summary.problems["identical_responses"]  # doctest: +SKIP
    (16, 1)
    """
    if isinstance(sources, str | bytes) or not isinstance(sources, Sequence):
        sources = [sources]
    started = time.perf_counter()
    summary = IngestSummary(store=store.location, sources=[_describe(s) for s in sources])
    bar = None
    if progress is True:
        from tqdm.auto import tqdm

        counts = [count_items(source) for source in sources]
        bar = tqdm(total=None if None in counts else sum(counts), desc="ingesting", unit="rec")
        progress = bar.update
    try:
        for source in sources:
            items = load(source, **load_options)
            while batch := list(islice(items, batch_size)):
                _ingest_batch(store, batch, summary)
                if progress:
                    progress(len(batch))
    finally:
        if bar is not None:
            bar.close()
    _flag_duplicate_prompts(store, summary)
    summary.seconds = time.perf_counter() - started
    if summary.seen == 0:
        raise SourceError(
            "nothing could be read from "
            + ", ".join(summary.sources)
            + ": no task folders (<task>/lib/PROMPT.md …) or rows found; check the path"
        )
    return summary


def _describe(source: Any) -> str:
    return str(source) if not hasattr(source, "shape") else f"DataFrame{tuple(source.shape)}"


def _ingest_batch(store: Store, batch: list[Loaded], summary: IngestSummary) -> None:
    summary.seen += len(batch)
    loaded = [item for item in batch if item.record is not None]
    rejected = [item for item in batch if item.record is None]
    summary.rejected += len(rejected)
    # Parse before taking the write lock, so analysts saving meanwhile wait only for the
    # writes; a record another ingest changed in between is parsed inside.
    digests = {item.record_id: item.record.content_hash for item in loaded}
    stored = store.existing_hashes(list(digests))
    parsed = {
        item.record_id: _import_analysis(item.record)
        for item in loaded
        if stored.get(item.record_id) != digests[item.record_id]
    }
    with store.write() as conn:
        known = store.existing_hashes(list(digests), conn)
        counts = store.write_records(
            (item.record for item in loaded), conn, known=known, hashes=digests
        )
        summary.new += counts.new
        summary.updated += counts.updated
        summary.unchanged += counts.unchanged

        changed = [item for item in loaded if known.get(item.record_id) != digests[item.record_id]]
        changed_ids = [item.record_id for item in changed] + [i.record_id for i in rejected]
        load_problems = [p for item in changed + rejected for p in item.problems]
        store.replace_problems(conn, changed_ids, load_problems, origin="load")

        imported, analysis_problems = [], []
        for item in changed:
            annotation, problems = parsed.get(item.record_id) or _import_analysis(item.record)
            analysis_problems += problems
            if annotation is not None:
                imported.append(annotation)
        store.save_imported(conn, imported)
        store.replace_problems(
            conn, [item.record_id for item in changed], analysis_problems, origin="analysis"
        )
        for problem in load_problems + analysis_problems:
            summary.problems[problem.kind] += 1

        changed_set = set(changed_ids)
        unchanged_ids = [item.record_id for item in loaded if item.record_id not in changed_set]
        for kind, count in _stored_problem_kinds(store, conn, unchanged_ids).items():
            summary.problems[kind] += count


def _import_analysis(record: Record) -> tuple[Annotation | None, list[Problem]]:
    """The record's failure analysis as an `imported` annotation, with its problems."""
    if not (record.analysis or "").strip():
        return None, []
    analysis = parse_analysis(record.analysis)
    problems = [
        Problem(record.id, p.kind, p.message, p.source or record.source)
        for p in analysis.problems + check_score(analysis, record.score)
    ]
    annotation = analysis.to_annotation(record.id, IMPORTED)
    if annotation.score is None and record.score is not None:
        annotation.score = record.score
        annotation.score_source = "metadata"
    return annotation, problems


def _stored_problem_kinds(store: Store, conn, record_ids: Iterable[str]) -> Counter:
    ids = list(record_ids)
    counts: Counter = Counter()
    table = store.tables.problems
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            sa.select(table.c.kind, sa.func.count())
            .where(table.c.record_id.in_(ids[start : start + 500]), table.c.origin != "ingest")
            .group_by(table.c.kind)
        ).all()
        counts.update(dict(rows))
    return counts


def _flag_duplicate_prompts(store: Store, summary: IngestSummary) -> None:
    """Flag records whose prompt (whitespace and case aside) is also another record's prompt.

    Checked over the whole store, not just this run, because a duplicate across two
    ingests is still a duplicate (and would leak across export splits).
    """
    records = store.tables.records
    with store.write() as conn:
        duplicated = (
            sa.select(records.c.prompt_key)
            .group_by(records.c.prompt_key)
            .having(sa.func.count() > 1)
            .subquery()
        )
        rows = conn.execute(
            sa.select(records.c.id, records.c.prompt_key, records.c.source)
            .where(records.c.prompt_key.in_(sa.select(duplicated.c.prompt_key)))
            .order_by(records.c.prompt_key, records.c.id)
        ).all()
        groups: dict[str, list[tuple[str, str]]] = {}
        for record_id, key, source in rows:
            groups.setdefault(key, []).append((record_id, source))
        problems = []
        for members in groups.values():
            for record_id, source in members:
                others = [other for other, _ in members if other != record_id]
                shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
                problems.append(
                    Problem(
                        record_id,
                        "duplicate_prompt",
                        f"the prompt of {record_id} is also the prompt of {shown}; "
                        "exports keep such records in one split (dedupe them if unintended)",
                        source,
                    )
                )
        conn.execute(
            store.tables.problems.delete().where(store.tables.problems.c.kind == "duplicate_prompt")
        )
        store.replace_problems(conn, [], problems, origin="ingest")
    summary.problems["duplicate_prompt"] += len(problems)
    if not summary.problems["duplicate_prompt"]:
        del summary.problems["duplicate_prompt"]
