"""The plain data every part of `curation` passes around: records, annotations, failures, problems."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

#: Severity levels, most severe first. Values are exactly these strings (or None).
SEVERITIES: tuple[str, ...] = ("Critical", "High", "Medium", "Low")

#: Default failure categories offered by the tagging form; analysts may add their own.
CATEGORIES: tuple[str, ...] = (
    "architecture",
    "deployment blocker",
    "security",
    "cost",
    "configuration",
    "correctness",
    "documentation",
    "testing",
    "performance",
    "other",
)

#: Annotator name under which parsed, pre-existing failure analyses are stored.
IMPORTED = "imported"


def severity_rank(severity: str | None) -> int:
    """0 for Critical … 3 for Low, 4 for unknown: handy as a sort key."""
    try:
        return SEVERITIES.index(severity)  # type: ignore[arg-type]
    except ValueError:
        return len(SEVERITIES)


@dataclass
class Problem:
    """A data-quality finding about one record (or a whole source when `record_id` is None).

    `kind` is a short stable slug (``missing_file``, ``not_utf8``, ``html_page`` …) that
    users filter on; `message` says what is wrong and what to do.

    Examples
    --------
    >>> Problem("task-7", "not_utf8", "lib/PROMPT.md is not UTF-8; decoded with replacement").kind
    'not_utf8'
    """

    record_id: str | None
    kind: str
    message: str
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Record:
    """One prompt / model response / ideal response triple with its metadata.

    `metadata` is the raw metadata as read; `platform`, `language`, `complexity`,
    `score` and `date` are its normalised forms (None where missing or unreadable).

    Examples
    --------
    >>> record = Record("task-1", "Create a bucket", "model text", "ideal text")
    >>> len(record.content_hash)
    64
    """

    id: str
    prompt: str
    response: str
    ideal: str
    analysis: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    platform: str | None = None
    language: str | None = None
    complexity: str | None = None
    score: float | None = None
    date: datetime | None = None
    source: str = ""

    @property
    def content_hash(self) -> str:
        """SHA-256 over the texts and raw metadata: changes exactly when the record does."""
        digest = hashlib.sha256()
        for part in (self.prompt, self.response, self.ideal, self.analysis or ""):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        digest.update(json.dumps(self.metadata, sort_keys=True, default=str).encode())
        return digest.hexdigest()


@dataclass
class Failure:
    """One thing wrong with a model response, as an analyst (or an imported analysis) sees it.

    `severity` is the item's own level; `section_severity` the level of the section it
    sat in (parsed analyses only). `impact` maps an impact kind (``cost``, ``security``,
    ``performance``, ``deployment`` …) to its note.

    Examples
    --------
    >>> Failure("Bucket is public", "Critical", category="security").severity
    'Critical'
    """

    title: str
    severity: str | None = None
    category: str | None = None
    root_cause: str = ""
    model_snippet: str = ""
    ideal_fix: str = ""
    training_value: str = ""
    references: list[str] = field(default_factory=list)
    error_message: str = ""
    impact: dict[str, str] = field(default_factory=dict)
    section: str = ""
    section_severity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # not dataclasses.asdict: its recursive deep copy dominated ingest profiles
        data = {name: getattr(self, name) for name in _FAILURE_FIELDS}
        data["references"] = list(self.references)
        data["impact"] = dict(self.impact)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Failure:
        return cls(**{k: v for k, v in data.items() if k in _FAILURE_FIELDS})


_FAILURE_FIELDS = tuple(f.name for f in fields(Failure))


@dataclass
class Annotation:
    """One annotator's judgement of one record.

    `score` is the 0-10 training-quality score (half points allowed); `score_source`
    says where it came from (``analysis``, ``metadata`` or ``annotator``).
    `version` counts saves and is what conflict detection compares.

    Examples
    --------
    >>> annotation = Annotation("task-1", "ana", score=6.5, knowledge_gaps=["IAM scoping"])
    >>> annotation.content()["score"]
    6.5
    """

    record_id: str
    annotator: str
    score: float | None = None
    knowledge_gaps: list[str] = field(default_factory=list)
    notes: str = ""
    failures: list[Failure] = field(default_factory=list)
    score_source: str | None = None
    version: int = 0
    updated_at: datetime | None = None

    def content(self) -> dict[str, Any]:
        """The fields an analyst edits, as plain JSON-able data (what history records)."""
        return {
            "score": self.score,
            "score_source": self.score_source,
            "knowledge_gaps": list(self.knowledge_gaps),
            "notes": self.notes,
            "failures": [f.to_dict() for f in self.failures],
        }

    def to_dict(self) -> dict[str, Any]:
        data = {"record_id": self.record_id, "annotator": self.annotator, **self.content()}
        data["version"] = self.version
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        updated = data.get("updated_at")
        return cls(
            record_id=data["record_id"],
            annotator=data["annotator"],
            score=data.get("score"),
            knowledge_gaps=list(data.get("knowledge_gaps") or []),
            notes=data.get("notes") or "",
            failures=[Failure.from_dict(f) for f in data.get("failures") or []],
            score_source=data.get("score_source"),
            version=data.get("version", 0),
            updated_at=datetime.fromisoformat(updated) if isinstance(updated, str) else updated,
        )


@dataclass
class Analysis:
    """What `parse_analysis` found in one failure-analysis document.

    Examples
    --------
    >>> analysis = Analysis(failures=[Failure("Wrong region", "High")], score=7.0)
    >>> analysis.to_annotation("task-1").annotator
    'imported'
    """

    failures: list[Failure] = field(default_factory=list)
    score: float | None = None
    knowledge_gaps: list[str] = field(default_factory=list)
    claimed_counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "failures": [f.to_dict() for f in self.failures],
            "score": self.score,
            "knowledge_gaps": list(self.knowledge_gaps),
            "claimed_counts": dict(self.claimed_counts),
            "problems": [{"kind": p.kind, "message": p.message} for p in self.problems],
        }

    def to_annotation(self, record_id: str, annotator: str = IMPORTED) -> Annotation:
        return Annotation(
            record_id=record_id,
            annotator=annotator,
            score=self.score,
            score_source="analysis" if self.score is not None else None,
            knowledge_gaps=list(self.knowledge_gaps),
            failures=[Failure.from_dict(f.to_dict()) for f in self.failures],
        )
