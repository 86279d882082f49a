"""Which records an export keeps (filters, winning annotation, prompt dedupe) and their split."""

from __future__ import annotations

import functools
import hashlib
import json
import statistics
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from curation.errors import ExportError
from curation.normalise import date_bound
from curation.records import IMPORTED, SEVERITIES
from curation.store import Store

#: Record columns an export can filter on and stratify by.
STRATIFY_COLUMNS: tuple[str, ...] = ("platform", "language", "complexity")

#: Default split names and fractions.
DEFAULT_SPLITS: dict[str, float] = {"train": 0.8, "validation": 0.1, "test": 0.1}

#: Word shingle length for near-duplicate detection: five words keep boilerplate
#: ("Create an S3 bucket with") from matching everything while small edits still match.
SHINGLE = 5
#: MinHash permutations, as LSH bands x rows: 16 x 4 finds pairs at Jaccard 0.8 with
#: probability > 0.999 and rarely proposes pairs below 0.5.
BANDS, ROWS = 16, 4
_PRIME = 4294967291  # largest prime below 2**32: (a * x + b) stays inside uint64


def normalise_prompt(text: str) -> str:
    """Whitespace collapsed and case folded: the text two prompts are compared on.

    Examples
    --------
    >>> normalise_prompt("Create an  S3 bucket\\n")
    'create an s3 bucket'
    """
    return " ".join(text.split()).casefold()


def prompt_digest(text: str) -> str:
    """SHA-256 of the normalised prompt: equal exactly for identical prompts."""
    return hashlib.sha256(normalise_prompt(text).encode("utf-8", "surrogatepass")).hexdigest()


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # fixed, seed-independent: near-duplicate groups must not change with the split seed
    rng = np.random.default_rng(20240601)
    a = rng.integers(1, _PRIME, size=BANDS * ROWS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=BANDS * ROWS, dtype=np.uint64)
    return a, b


_A, _B = _permutations()


def minhash(text: str) -> np.ndarray:
    """MinHash signature (64 uint64) of a normalised text's word 5-shingles.

    Examples
    --------
    >>> bool((minhash("a b c d e f") == minhash("a b c d e f")).all())
    True
    """
    words = text.split()
    if not words:
        words = [""]
    # Each word hashed once (crc32: C-fast and stable across processes, unlike hash()),
    # then each shingle's hash mixed from its words' in numpy rather than string by string.
    hashes = np.fromiter((_word_hash(word) for word in words), np.uint64, len(words))
    width = min(SHINGLE, len(words))
    mixed = np.zeros(len(words) - width + 1, dtype=np.uint64)
    for offset in range(width):
        mixed = mixed * _MIX + hashes[offset : offset + len(mixed)]  # wraps modulo 2**64
    x = np.unique((mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF)))
    return ((np.outer(x, _A) + _B) % _PRIME).min(axis=0)


_MIX = np.uint64(0x100000001B3)  # the 64-bit FNV prime: spreads each word over the bits


@functools.lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, item: Hashable) -> Hashable:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller root wins so the result does not depend on the order of unions
            low, high = sorted((ra, rb), key=str)
            self.parent[high] = low


def near_duplicate_groups(
    texts: Mapping[Hashable, str] | Iterable[tuple[Hashable, str]], *, threshold: float = 0.8
) -> dict[Hashable, Hashable]:
    """Group keys whose normalised texts are near-duplicates (estimated Jaccard >= threshold).

    MinHash over word 5-shingles with LSH banding: linear in the corpus, a few ms per
    thousand prompts. Each key maps to its group's representative (the smallest key).

    Examples
    --------
    >>> base = "deploy a vpc with two public subnets and a nat gateway in each zone please"
    >>> groups = near_duplicate_groups({"a": base, "b": base + " now", "c": "something else"})
    >>> groups["a"] == groups["b"], groups["a"] == groups["c"]
    (True, False)
    """
    items = texts.items() if isinstance(texts, Mapping) else texts
    signatures: dict[Hashable, np.ndarray] = {}
    union = _UnionFind()
    buckets: dict[tuple[int, bytes], list[Hashable]] = defaultdict(list)
    for key, text in items:
        signature = minhash(text)
        signatures[key] = signature
        union.find(key)
        for band in range(BANDS):
            chunk = signature[band * ROWS : (band + 1) * ROWS].tobytes()
            buckets[(band, chunk)].append(key)
    for members in buckets.values():
        if len(members) < 2:
            continue
        first = members[0]
        for other in members[1:]:
            if union.find(first) == union.find(other):
                continue
            agreement = float((signatures[first] == signatures[other]).mean())
            if agreement >= threshold:
                union.union(first, other)
    return {key: union.find(key) for key in signatures}


def _order(seed: int, key: Hashable) -> str:
    return hashlib.sha256(f"{seed}\x00{key}".encode()).hexdigest()


def assign_splits(
    groups: Mapping[str, Hashable],
    *,
    strata: Mapping[str, str | None] | None = None,
    fractions: Mapping[str, float] | None = None,
    seed: int = 0,
) -> dict[str, str]:
    """Assign each item to a split so that a group never spans two splits.

    Groups are shuffled by a hash of (seed, group) — so the result does not depend on
    input order — then walked stratum by stratum, each going to the split furthest below
    its target share so far. A group's stratum is its members' most common value.

    Parameters
    ----------
    groups : item id -> group key (items sharing a key stay together).
    strata : item id -> stratum value (None is a stratum of its own).
    fractions : split name -> share; default 0.8/0.1/0.1 train/validation/test.
    seed : changes the shuffle, nothing else.

    Examples
    --------
    >>> splits = assign_splits({"a": 1, "b": 1, "c": 2}, seed=0)
    >>> splits["a"] == splits["b"]
    True
    """
    fractions = dict(fractions or DEFAULT_SPLITS)
    total_share = sum(fractions.values())
    if total_share <= 0 or any(share < 0 for share in fractions.values()):
        raise ValueError(f"split fractions must be non-negative and sum above 0: {fractions}")
    members: dict[Hashable, list[str]] = defaultdict(list)
    for item, group in groups.items():
        members[group].append(item)
    by_stratum: dict[str, list[Hashable]] = defaultdict(list)
    for group, items in members.items():
        values = Counter(str((strata or {}).get(item)) for item in items)
        stratum = min(values, key=lambda v: (-values[v], v))
        by_stratum[stratum].append(group)
    result: dict[str, str] = {}
    # One running tally across strata, walked stratum by stratum (systematic sampling):
    # each stratum still gets its share, and small strata continue the sequence instead
    # of each restarting at "train" (which left validation/test empty on small corpora).
    counts = dict.fromkeys(fractions, 0)
    placed = 0
    for stratum in sorted(by_stratum):
        for group in sorted(by_stratum[stratum], key=lambda g: _order(seed, g)):
            size = len(members[group])
            placed += size
            # the split whose count lags its target most; ties go to the earlier split
            target = min(
                fractions,
                key=lambda s: (counts[s] - fractions[s] / total_share * placed, -fractions[s]),
            )
            counts[target] += size
            for item in members[group]:
                result[item] = target
    return result


# -- selection: options, filters, the winning annotation, dedupe, split ------------------


@dataclass
class ExportOptions:
    """Every choice an export makes; the card records it as provenance."""

    annotator: str = "auto"
    min_score: float | None = None
    max_score: float | None = None
    severities: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    complexity: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    exclude_problems: bool | tuple[str, ...] = False
    dedupe: str | None = "exact"
    near_threshold: float = 0.8
    splits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SPLITS))
    seed: int = 0
    stratify_by: str | None = "platform"
    variant: str = "standard"
    label_threshold: float = 7.0
    keep_unrated: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("since", "until"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass
class _Annotation:
    id: int
    record_id: str
    annotator: str
    score: float | None
    updated_at: datetime | None
    version: int
    gaps: list[str]
    severities: list[str | None] = field(default_factory=list)


@dataclass
class _Selected:
    id: str
    content_hash: str
    meta: dict[str, Any]
    score: float | None
    annotation: _Annotation | None
    split: str = ""

    @property
    def severity_counts(self) -> Counter:
        return Counter(s for s in (self.annotation.severities if self.annotation else []) if s)


@dataclass
class _Plan:
    selected: list[_Selected]
    filtered: Counter
    options: ExportOptions
    #: record id -> source, every record of the store in its scan order (read with the
    #: prompt keys, so the card needs no scan of its own)
    sources: dict[str, str] = field(default_factory=dict)


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def make_options(
    *,
    annotator: str = "auto",
    min_score: float | None = None,
    max_score: float | None = None,
    severities: str | Iterable[str] | None = None,
    platform: str | Iterable[str] | None = None,
    language: str | Iterable[str] | None = None,
    complexity: str | Iterable[str] | None = None,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    exclude_problems: bool | str | Iterable[str] = False,
    dedupe: str | None = "exact",
    near_threshold: float = 0.8,
    splits: Mapping[str, float] | None = None,
    seed: int = 0,
    stratify_by: str | None = "platform",
    variant: str = "standard",
    label_threshold: float = 7.0,
    keep_unrated: bool = False,
) -> ExportOptions:
    """Validate export options (the keyword arguments of `export_dataset`)."""
    levels = {level.casefold(): level for level in SEVERITIES}
    chosen_levels = []
    for level in _as_tuple(severities):
        if level.casefold() not in levels:
            raise ExportError(f"unknown severity {level!r}; use {', '.join(SEVERITIES)}")
        chosen_levels.append(levels[level.casefold()])
    if dedupe in ("none", False):
        dedupe = None
    if dedupe not in (None, "exact", "near"):
        raise ExportError(f"dedupe must be 'exact', 'near' or None, not {dedupe!r}")
    if stratify_by is not None and stratify_by not in STRATIFY_COLUMNS:
        raise ExportError(
            f"cannot stratify by {stratify_by!r}; use one of {', '.join(STRATIFY_COLUMNS)}"
        )
    if variant not in ("standard", "conversational"):
        raise ExportError(f"variant must be 'standard' or 'conversational', not {variant!r}")
    fractions = dict(splits or DEFAULT_SPLITS)
    if not fractions or sum(fractions.values()) <= 0 or min(fractions.values()) < 0:
        raise ExportError(f"split fractions must be non-negative and sum above 0: {fractions}")
    if not isinstance(exclude_problems, bool):
        exclude_problems = _as_tuple(exclude_problems)
    return ExportOptions(
        annotator=annotator or "auto",
        min_score=min_score,
        max_score=max_score,
        severities=tuple(chosen_levels),
        platform=_as_tuple(platform),
        language=_as_tuple(language),
        complexity=_as_tuple(complexity),
        since=date_bound(since, end=False),
        until=date_bound(until, end=True),
        exclude_problems=exclude_problems,
        dedupe=dedupe,
        near_threshold=near_threshold,
        splits=fractions,
        seed=seed,
        stratify_by=stratify_by,
        variant=variant,
        label_threshold=label_threshold,
        keep_unrated=keep_unrated,
    )


def _read_annotations(store: Store) -> dict[str, list[_Annotation]]:
    tables = store.tables
    by_id: dict[int, _Annotation] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(
            sa.select(
                tables.annotations.c.id,
                tables.annotations.c.record_id,
                tables.annotations.c.annotator,
                tables.annotations.c.score,
                tables.annotations.c.updated_at,
                tables.annotations.c.version,
                tables.annotations.c.knowledge_gaps,
            ).order_by(tables.annotations.c.id)
        ):
            by_id[row.id] = _Annotation(
                row.id,
                row.record_id,
                row.annotator,
                row.score,
                row.updated_at,
                row.version,
                json.loads(row.knowledge_gaps or "[]"),
            )
        for annotation_id, severity, section_severity in conn.execute(
            sa.select(
                tables.failures.c.annotation_id,
                tables.failures.c.severity,
                tables.failures.c.section_severity,
            ).order_by(tables.failures.c.annotation_id, tables.failures.c.position)
        ):
            if annotation_id in by_id:
                by_id[annotation_id].severities.append(severity or section_severity)
    by_record: dict[str, list[_Annotation]] = {}
    for annotation in by_id.values():
        by_record.setdefault(annotation.record_id, []).append(annotation)
    return by_record


def _latest(annotations: list[_Annotation]) -> _Annotation:
    return max(annotations, key=lambda a: (a.updated_at or datetime.min, a.annotator))


def choose_annotation(
    annotations: list[_Annotation], annotator: str
) -> tuple[_Annotation | None, float | None]:
    """The annotation whose labels win, and the score to use, under an annotator rule."""
    if annotator == "auto":
        humans = [a for a in annotations if a.annotator != IMPORTED]
        pool = humans or annotations
        chosen = _latest(pool) if pool else None
        return chosen, chosen.score if chosen else None
    if annotator == "consensus":
        scored = [a for a in annotations if a.score is not None]
        if not scored:
            return choose_annotation(annotations, "auto")
        median = statistics.median(a.score for a in scored)
        # failures come from the annotator closest to the median; humans before imported,
        # then the latest, so the choice is deterministic
        chosen = min(
            scored,
            key=lambda a: (
                abs(a.score - median),
                a.annotator == IMPORTED,
                -(a.updated_at or datetime.min).timestamp() if a.updated_at else 0.0,
                a.annotator,
            ),
        )
        return chosen, float(median)
    named = [a for a in annotations if a.annotator == annotator]
    return (named[0], named[0].score) if named else (None, None)


def plan_export(store: Store, options: ExportOptions) -> _Plan:
    """Select the records to export, the annotation that wins for each, and their split."""
    records = store.tables.records
    problems_by_record: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for record_id, kind in conn.execute(
            sa.select(store.tables.problems.c.record_id, store.tables.problems.c.kind).distinct()
        ):
            if record_id is not None:
                problems_by_record.setdefault(record_id, set()).add(kind)
        rows = conn.execute(
            sa.select(
                records.c.id,
                records.c.content_hash,
                records.c.platform,
                records.c.language,
                records.c.complexity,
                records.c.score,
                records.c.date_utc,
            ).order_by(records.c.id)
        ).all()
    if not rows:
        raise ExportError(
            f"the store {store.location} holds no records; ingest some first "
            "(curation ingest DATA --store …)"
        )
    annotations = _read_annotations(store)
    known = {a.annotator for found in annotations.values() for a in found}
    if options.annotator not in ("auto", "consensus") and options.annotator not in known:
        raise ExportError(
            f"no annotations by {options.annotator!r} in {store.location}; annotators: "
            + (", ".join(sorted(known)) or "none")
            + " (or use 'auto' / 'consensus')"
        )
    filtered: Counter = Counter()
    kept: list[_Selected] = []
    for row in rows:
        reason = _reason(row, options, problems_by_record.get(row.id, set()))
        if reason:
            filtered[reason] += 1
            continue
        chosen, score = choose_annotation(annotations.get(row.id, []), options.annotator)
        if options.annotator not in ("auto", "consensus") and chosen is None:
            filtered["no_annotation"] += 1
            continue
        if score is None and options.annotator in ("auto", "consensus"):
            score = row.score  # no label at all: the record's metadata score
        if (options.min_score is not None or options.max_score is not None) and (
            score is None
            or (options.min_score is not None and score < options.min_score)
            or (options.max_score is not None and score > options.max_score)
        ):
            filtered["score"] += 1
            continue
        selected = _Selected(
            row.id,
            row.content_hash,
            {k: getattr(row, k) for k in STRATIFY_COLUMNS},
            score,
            chosen,
        )
        if options.severities and not set(selected.severity_counts) & set(options.severities):
            filtered["severity"] += 1
            continue
        kept.append(selected)
    sources: dict[str, str] = {}
    kept = _dedupe_and_split(store, kept, filtered, options, sources)
    if not kept:
        reasons = ", ".join(f"{k} {v}" for k, v in filtered.most_common()) or "none"
        raise ExportError(
            f"every record of {store.location} was filtered out ({reasons}); "
            "relax the filters (score range, severities, platform, dates, problems)"
        )
    return _Plan(kept, filtered, options, sources)


def _reason(row: Any, options: ExportOptions, kinds: set[str]) -> str | None:
    if options.exclude_problems is True and kinds:
        return "problems"
    if options.exclude_problems and options.exclude_problems is not True:
        hit = kinds & set(options.exclude_problems)
        if hit:
            return "problems"
    for column in STRATIFY_COLUMNS:
        wanted = getattr(options, column)
        if wanted and getattr(row, column) not in wanted:
            return column
    if options.since or options.until:
        moment = row.date_utc
        if (
            moment is None
            or (options.since and moment < options.since)
            or (options.until and moment >= options.until)
        ):
            return "date"
    return None


def _dedupe_and_split(
    store: Store,
    kept: list[_Selected],
    filtered: Counter,
    options: ExportOptions,
    sources: dict[str, str],
) -> list[_Selected]:
    wanted = {s.id: s for s in kept}
    digests: dict[str, str] = {}
    representative: dict[str, str] = {}  # digest -> one record id holding that prompt
    records = store.tables.records
    with store.engine.connect() as conn:
        # the store's prompt_key is the same normalised-prompt hash: no prompt text needed
        for record_id, key, source in conn.execute(
            sa.select(records.c.id, records.c.prompt_key, records.c.source)
        ):
            sources[record_id] = source
            if record_id in wanted:
                digests[record_id] = key or f"?{record_id}"
                representative.setdefault(digests[record_id], record_id)
        texts: dict[str, str] = {}
        by_id = {record_id: digest for digest, record_id in representative.items()}
        ids = sorted(by_id)
        for start in range(0, len(ids), 500):
            for record_id, prompt in conn.execute(
                sa.select(records.c.id, records.c.prompt).where(
                    records.c.id.in_(ids[start : start + 500])
                )
            ):
                digest = by_id[record_id]
                if digest.startswith("?"):  # stored without a key: compute it
                    digest = prompt_digest(prompt)
                    digests[record_id] = digest
                texts.setdefault(digest, normalise_prompt(prompt))
    groups = near_duplicate_groups(texts, threshold=options.near_threshold)
    del texts
    if options.dedupe:

        def rank(s: _Selected) -> tuple:
            human = s.annotation is not None and s.annotation.annotator != IMPORTED
            return (-(s.score if s.score is not None else -1.0), not human, s.id)

        key_of = (
            digests if options.dedupe == "exact" else {rid: groups[d] for rid, d in digests.items()}
        )
        best: dict[str, _Selected] = {}
        for selected in sorted(kept, key=rank):
            best.setdefault(key_of[selected.id], selected)
        survivors = {s.id for s in best.values()}
        for selected in kept:
            if selected.id not in survivors:
                same = digests[selected.id] == digests[best[key_of[selected.id]].id]
                filtered["duplicate_prompt" if same else "near_duplicate_prompt"] += 1
        kept = [s for s in kept if s.id in survivors]
    strata = None
    if options.stratify_by:
        strata = {s.id: s.meta.get(options.stratify_by) for s in kept}
    assignment = assign_splits(
        {s.id: groups[digests[s.id]] for s in kept},
        strata=strata,
        fractions=options.splits,
        seed=options.seed,
    )
    for selected in kept:
        selected.split = assignment[selected.id]
    return kept
