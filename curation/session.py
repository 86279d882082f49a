"""The tagging session: queue, filters, current record and annotation, diff, validation, autosave."""

from __future__ import annotations

import copy
import dataclasses
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from curation.diff import Diff, Hunk, compute_diff
from curation.errors import ConflictError, StoreError
from curation.queue import Filters, known_categories, last_saved_by, queue_ids
from curation.records import IMPORTED, SEVERITIES, Annotation, Failure, Record
from curation.store import Store

#: Failure fields the form edits (the others, such as `references`, are kept as they are).
FAILURE_FIELDS = (
    "title",
    "severity",
    "category",
    "root_cause",
    "model_snippet",
    "ideal_fix",
    "training_value",
)
#: Records whose diff is kept in memory (the current one, the neighbours, a few visited).
CACHE_SIZE = 8
#: Seconds the background diff of the next record waits before it starts.
PREFETCH_DELAY = 0.05


@dataclass
class Status:
    """What the status line says.

    ``kind`` is ``""`` (nothing yet), ``saved``, ``invalid`` (validation refused the edit),
    ``unsaved`` (edits kept from an earlier refused save), ``conflict``, ``error`` or
    ``info`` (nothing wrong: e.g. the team queue is exhausted).
    """

    kind: str = ""
    message: str = ""
    at: datetime | None = None


def validate(annotation: Annotation) -> list[str]:
    """Messages for everything that stops `annotation` from being saved (empty when valid).

    Examples
    --------
    >>> validate(Annotation("t1", "ana", score=7.3))
    ['score must be between 0 and 10 in steps of 0.5 (got 7.3)']
    """
    errors = []
    score = annotation.score
    if score is not None and (
        not isinstance(score, int | float)
        or math.isnan(score)
        or not 0 <= score <= 10
        or score * 2 != int(score * 2)
    ):
        errors.append(f"score must be between 0 and 10 in steps of 0.5 (got {score})")
    for number, failure in enumerate(annotation.failures, start=1):
        missing = []
        if not (failure.title or "").strip():
            missing.append("a title")
        if failure.severity not in SEVERITIES:
            missing.append("a severity")
        if missing:
            errors.append(f"failure {number} needs {' and '.join(missing)}")
    return errors


def _diff_later(model: str, ideal: str) -> Diff:
    # difflib holds the GIL: start once the form has finished drawing the current record,
    # so preparing the next one does not slow down showing this one.
    time.sleep(PREFETCH_DELAY)
    return compute_diff(model, ideal)


def _local_time(moment: datetime | None) -> str:
    moment = moment or datetime.now().astimezone()
    return moment.astimezone().strftime("%H:%M:%S")


class TaggingSession:
    """An analyst's pass over a queue of records: what the tagging form draws.

    Every edit goes through a method here, is validated, and is saved to the store at once;
    `status` then says ``saved HH:MM:SS`` (only once the commit returned), why it was not
    saved (``invalid``), or that someone else saved the same annotation meanwhile
    (``conflict``: the edit stays in the form and in the store's history; `reload` or
    `keep_mine` settle it).

    Parameters
    ----------
    store : a `Store` or a path/URL to open one.
    annotator : whose annotations are edited.
    filters : `Filters` fields (``platform="cdk"``, ``score=(0, 5)``, ``problems=True``,
        ``annotated_by="imported"``, ``text="bucket"``, ``metadata={...}``,
        ``untagged_first=False``).
    prefetch : prepare the next record's diff in a background thread.
    team : serve records through the store's leases, so that analysts working on the same
        store at once are never served the same untagged record (team mode).
    overlap : in team mode, the share of records (0-1) also served to a second analyst,
        for agreement.
    lease_minutes : how long a served record stays reserved without activity.

    Examples
    --------
    >>> store = Store(":memory:")
    >>> _ = store.add_records([Record("t1", "p", "a\\nb", "a\\nc")])
    >>> session = TaggingSession(store, annotator="ana", prefetch=False)
    >>> session.set_score(7.5)
    >>> session.status.kind, session.progress_text
    ('saved', '1 / 1 tagged')
    """

    def __init__(
        self,
        store: Store | str | Path,
        annotator: str,
        *,
        prefetch: bool = True,
        team: bool = False,
        overlap: float = 0.0,
        lease_minutes: float = 30,
        **filters: Any,
    ):
        if not annotator or annotator == IMPORTED:
            raise ValueError(f"annotator must be a person's name, not {annotator!r}")
        self.store = store if isinstance(store, Store) else Store(store)
        self.annotator = annotator
        self.team, self.overlap = team, overlap
        self.lease_ttl = timedelta(minutes=lease_minutes)
        self.filters = Filters(**filters)
        self.queue: list[str] = []
        self.position = 0
        self.record: Record | None = None
        self.annotation: Annotation = Annotation("", annotator)
        self.prefilled = False
        self.status = Status()
        self.errors: list[str] = []
        self.conflict: ConflictError | None = None
        self._drafts: dict[str, Annotation] = {}  # unsaved (invalid or conflicting) edits
        self._cache: OrderedDict[str, Future | Diff] = OrderedDict()
        self._executor = ThreadPoolExecutor(1, "curation-prefetch") if prefetch else None
        self._listeners: list[Callable[[str], None]] = []
        self._categories = known_categories(self.store)
        self._gaps = self.store.knowledge_gap_vocabulary()
        self.apply_filters()

    # -- listeners ---------------------------------------------------------------------

    def on_change(self, callback: Callable[[str], None]) -> None:
        """Call `callback(what)` after each change: ``record``, ``annotation``, ``failures``, ``status``."""
        self._listeners.append(callback)

    def _emit(self, what: str) -> None:
        for callback in self._listeners:
            callback(what)

    def close(self) -> None:
        """Stop the prefetch thread and give back a leased record (the store stays open:
        it may be shared)."""
        if self.team and self.record_id is not None:
            self.store.release(self.record_id, self.annotator)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    # -- queue -------------------------------------------------------------------------

    def apply_filters(self, **changes: Any) -> None:
        """Replace filter fields (``platform=None`` clears one) and rebuild the queue."""
        for name, value in changes.items():
            if not hasattr(self.filters, name):
                raise TypeError(f"unknown filter {name!r}; known: {', '.join(vars(self.filters))}")
            setattr(self.filters, name, value)
        self.queue = queue_ids(self.store, self.annotator, self.filters)
        self.position = 0
        if self.team:
            self._serve_from(0)
            return
        self._show()

    @property
    def record_id(self) -> str | None:
        return self.queue[self.position] if self.queue else None

    def progress(self) -> tuple[int, int]:
        """(records of the queue this annotator has tagged, records in the queue)."""
        tagged = self.store.annotated_record_ids(annotator=self.annotator)
        return sum(1 for r in self.queue if r in tagged), len(self.queue)

    @property
    def progress_text(self) -> str:
        done, total = self.progress()
        return f"{done} / {total} tagged"

    @property
    def position_text(self) -> str:
        return f"{self.position + 1} / {len(self.queue)}" if self.queue else "0 / 0"

    def go(self, position: int) -> None:
        """Show the record at `position` in the queue (clamped to the queue)."""
        if self.queue:
            self.position = max(0, min(position, len(self.queue) - 1))
        self._show()

    def next(self) -> None:
        if self.team:
            self._serve_from(self.position + 1)
            return
        self.go(self.position + 1)

    def _serve_from(self, start: int) -> None:
        """Team mode: show the first record from `start` on (wrapping) that the store leases
        to this analyst, and give the current one back."""
        if not self.queue:
            self._show()
            return
        current = self.record_id
        order = self.queue[start:] + self.queue[:start]
        chosen = self.store.lease_next(
            self.annotator, order, ttl=self.lease_ttl, overlap=self.overlap
        )
        if current is not None and current != chosen:
            self.store.release(current, self.annotator)
        if chosen is None:
            self._show()
            self.status = Status(
                "info", "every record of this queue is tagged or being tagged by someone else"
            )
            self._emit("status")
            return
        self.position = self.queue.index(chosen)
        self._show()

    def prev(self) -> None:
        self.go(self.position - 1)

    def skip(self) -> None:
        """Come back to this record later: move it to the end of the queue, show the next."""
        if len(self.queue) > 1:
            self.queue.append(self.queue.pop(self.position))
            if self.position >= len(self.queue) - 1:
                self.position = 0
        if self.team and self.queue:
            self._serve_from(self.position)
            return
        self._show()

    def jump(self, record_id: str) -> None:
        """Show `record_id`, adding it to the queue when the filters had left it out."""
        record_id = record_id.strip()
        if record_id not in self.queue:
            self.store.get_record(record_id)  # StoreError naming the id when unknown
            self.queue.insert(self.position + 1 if self.queue else 0, record_id)
            self.go(self.position + 1 if len(self.queue) > 1 else 0)
            return
        self.go(self.queue.index(record_id))

    # -- current record ----------------------------------------------------------------

    def _show(self) -> None:
        self.conflict = None
        self.status = Status()
        record_id = self.record_id
        if record_id is None:
            self.record, self.annotation, self.prefilled, self.errors = (
                None,
                Annotation("", self.annotator),
                False,
                [],
            )
            self._emit("record")
            return
        self.record = self.store.get_record(record_id)
        if record_id not in self._drafts:
            # Edits refused before this form was opened (another kernel, before a restart).
            draft = self.store.get_draft(record_id, self.annotator)
            if draft is not None:
                self._drafts[record_id] = draft
        if record_id in self._drafts:
            self.annotation = self._drafts[record_id]
            self.prefilled = False
            self.errors = validate(self.annotation)
            self.status = Status(
                "invalid" if self.errors else "unsaved",
                "unsaved changes kept from before: "
                + ("; ".join(self.errors) if self.errors else "edit again to save, or reload"),
            )
        else:
            self._load_annotation()
            needs = validate(self.annotation) if self.prefilled else []
            if needs:
                # Say now what the first save will ask for (an imported failure often states
                # no severity), not only after an edit is refused.
                self.status = Status(
                    "info", "pre-filled, not yet saved; before it can be: " + "; ".join(needs)
                )
        self._ensure_diff(record_id, self.record)
        self._emit("record")
        self._prepare_next()

    def _load_annotation(self) -> None:
        record_id = self.record_id
        own = self.store.get_annotation(record_id, self.annotator)
        imported = None if own else self.store.get_annotation(record_id, IMPORTED)
        if own is not None:
            self.annotation, self.prefilled = own, False
        elif imported is not None:
            # Under the analyst's name at version 0 (the store handed us a fresh object): their
            # first change creates their own annotation and the imported one stays as it was.
            self.annotation = dataclasses.replace(
                imported, annotator=self.annotator, version=0, updated_at=None
            )
            self.prefilled = True
        else:
            self.annotation, self.prefilled = Annotation(record_id, self.annotator), False
        self.errors = []

    def others(self) -> list[Annotation]:
        """Other annotators' annotations of the current record (``imported`` included)."""
        if self.record_id is None:
            return []
        return [
            a
            for a in self.store.annotations(record_id=self.record_id)
            if a.annotator != self.annotator
        ]

    @property
    def diff(self) -> Diff:
        """The current record's diff (computed once per record, prepared ahead for the next)."""
        if self.record is None:
            return Diff(identical=True)
        return self._ensure_diff(self.record.id, self.record)

    def _ensure_diff(self, record_id: str, record: Record) -> Diff:
        entry = self._cache.get(record_id)
        if isinstance(entry, Future):
            entry = entry.result()
        if entry is None:
            entry = compute_diff(record.response, record.ideal)
        self._cache[record_id] = entry
        self._cache.move_to_end(record_id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return entry

    def _prepare_next(self) -> None:
        if self._executor is None or self.position + 1 >= len(self.queue):
            return
        next_id = self.queue[self.position + 1]
        if next_id in self._cache:
            return
        # The record is read here (cheap) so the thread never touches the store's connections.
        record = self.store.get_record(next_id)
        self._cache[next_id] = self._executor.submit(_diff_later, record.response, record.ideal)

    def hunk(self, index: int) -> Hunk:
        return self.diff.hunks[index]

    # -- vocabularies ------------------------------------------------------------------

    @property
    def categories(self) -> list[str]:
        return list(self._categories)

    @property
    def gap_vocabulary(self) -> list[str]:
        return list(self._gaps)

    # -- edits -------------------------------------------------------------------------

    def set_score(self, score: float | None) -> None:
        """Set the 0-10 score (half points allowed); None means "no score"."""
        self.annotation.score = score
        self.annotation.score_source = "annotator" if score is not None else None
        self._changed("annotation")

    def set_notes(self, notes: str) -> None:
        if notes != self.annotation.notes:
            self.annotation.notes = notes
            self._changed("annotation")

    def add_gap(self, gap: str) -> None:
        """Add a knowledge gap (trimmed; a case-insensitive duplicate is ignored)."""
        gap = " ".join(gap.split())
        if not gap or gap.lower() in {g.lower() for g in self.annotation.knowledge_gaps}:
            return
        self.annotation.knowledge_gaps.append(gap)
        if gap.lower() not in {g.lower() for g in self._gaps}:
            self._gaps.append(gap)
        self._changed("annotation")

    def remove_gap(self, gap: str) -> None:
        if gap in self.annotation.knowledge_gaps:
            self.annotation.knowledge_gaps.remove(gap)
            self._changed("annotation")

    def add_failure(self, **fields: Any) -> int:
        """Append a failure (fields as in `Failure`); returns its index.

        A new failure without a title and severity is kept in the form but not saved until
        it has both.
        """
        self.annotation.failures.append(Failure(**{"title": "", **fields}))
        self._note_category(fields.get("category"))
        self._changed("failures")
        return len(self.annotation.failures) - 1

    def update_failure(self, index: int, **fields: Any) -> None:
        """Change some fields of failure `index` (``title=…``, ``severity=…`` …)."""
        failure = self.annotation.failures[index]
        unknown = set(fields) - set(FAILURE_FIELDS)
        if unknown:
            raise TypeError(f"unknown failure field(s): {', '.join(sorted(unknown))}")
        if all(getattr(failure, k) == v for k, v in fields.items()):
            return
        for name, value in fields.items():
            setattr(failure, name, value)
        self._note_category(fields.get("category"))
        self._changed("annotation")

    def delete_failure(self, index: int) -> None:
        del self.annotation.failures[index]
        self._changed("failures")

    def move_failure(self, index: int, offset: int) -> None:
        """Move failure `index` up (offset -1) or down (+1); no-op at the ends."""
        failures = self.annotation.failures
        target = index + offset
        if 0 <= target < len(failures) and target != index:
            failures.insert(target, failures.pop(index))
            self._changed("failures")

    def anchor_failure(self, index: int, hunk: int) -> None:
        """Take failure `index`'s model snippet and ideal fix from diff hunk `hunk`."""
        chosen = self.hunk(hunk)
        self.update_failure(index, model_snippet=chosen.model_snippet, ideal_fix=chosen.ideal_fix)

    def add_failure_from_hunk(self, hunk: int, **fields: Any) -> int:
        """A new failure anchored to diff hunk `hunk`; returns its index."""
        chosen = self.hunk(hunk)
        return self.add_failure(
            model_snippet=chosen.model_snippet, ideal_fix=chosen.ideal_fix, **fields
        )

    def confirm(self) -> None:
        """Accept the pre-filled imported analysis as this annotator's own, unchanged."""
        self._changed("annotation")

    def _note_category(self, category: str | None) -> None:
        if category and category not in self._categories:
            self._categories.append(category)

    # -- saving ------------------------------------------------------------------------

    def _changed(self, what: str) -> None:
        self._save()
        self._emit(what)
        self._emit("status")

    def _save(self, *, force: bool = False) -> None:
        record_id = self.record_id
        if record_id is None:
            return
        self.errors = validate(self.annotation)
        if self.errors:
            # Not saved, not lost: the draft stays in the form and in the store (it comes back
            # on revisit, after a restart too).
            kept = self._keep_draft(record_id, "invalid")
            self.status = Status("invalid", "not saved: " + "; ".join(self.errors) + kept)
            return
        try:
            saved = self.store.save_annotation(self.annotation, force=force)
        except ConflictError as error:
            self._keep_draft(record_id, "conflict")
            self.conflict = error
            current = error.current
            who = last_saved_by(self.store, record_id, self.annotator) or self.annotator
            self.status = Status(
                "conflict",
                f"not saved: {who} saved this record at {_local_time(current.updated_at)} "
                f"(version {current.version}) after you opened it — reload to see theirs, or "
                f"keep yours; your edit is kept in the history",
            )
            return
        except StoreError as error:
            kept = self._keep_draft(record_id, "error")
            self.status = Status("error", f"not saved: {error}{kept}")
            return
        self._drafts.pop(record_id, None)
        self.annotation = saved
        self.prefilled = False
        self.conflict = None
        self.status = Status("saved", f"saved {_local_time(saved.updated_at)}", saved.updated_at)

    def _keep_draft(self, record_id: str, reason: str) -> str:
        """Keep the form's annotation as this record's draft, in memory and in the store;
        what to add to the status when the store could not take it."""
        self._drafts[record_id] = self.annotation
        try:
            self.store.save_draft(self.annotation, reason)
        except StoreError:
            return " (your edits are kept in this form only until the store is back)"
        return ""

    def reload(self) -> None:
        """Drop the unsaved edits of this record and show what the store holds now."""
        if self.record_id is not None:
            try:
                self.store.discard_draft(self.record_id, self.annotator)
            except StoreError as error:
                # (The draft stays, in the form and the store, rather than come back later.)
                self.status = Status("error", f"not reloaded: {error}")
                self._emit("status")
                return
            self._drafts.pop(self.record_id, None)
            self._load_annotation()
        self.conflict = None
        self.status = Status("", "reloaded from the store")
        self._emit("record")

    def keep_mine(self) -> None:
        """Settle a conflict by saving this form's version over the other one (history keeps both)."""
        self._save(force=True)
        self._emit("record")

    def snapshot(self) -> dict[str, Any]:
        """The form's state as plain data (what tests and the widget compare)."""
        return {
            "record_id": self.record_id,
            "position": self.position_text,
            "progress": self.progress_text,
            "prefilled": self.prefilled,
            "annotation": copy.deepcopy(self.annotation.content()),
            "status": self.status.kind,
        }
