"""Knowledge-gap themes: normalise free-text gaps and root causes and group them into themes."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from curation.aggregate import UNRATED, filter_conditions, period_start
from curation.clustering import (
    ThemeError,
    _content,
    _embed,
    _labels,
    _tfidf,
    _unit_rows,
)
from curation.phrases import (
    MAX_NAME_WORDS,
    _display,
    normalise_gap,
)
from curation.records import SEVERITIES
from curation.store import Store

#: Cosine distance under which two phrases (or groups) join one theme (average linkage).
DEFAULT_THRESHOLD = 0.85
#: Bump when the grouping or naming changes, so cached themes are recomputed.
CACHE_VERSION = 2


def _focus(text: str) -> str:
    """The first sentence of a root cause: later sentences drift off its subject."""
    first = re.split(r"(?<=[.!?])\s+", str(text).strip(), maxsplit=1)[0]
    return " ".join(first.split()[:30])


# -- occurrences -----------------------------------------------------------------------


def _occurrences(store: Store, conditions: list[Any], root_causes: bool) -> pd.DataFrame:
    """Every gap (and root cause) occurrence with record, annotator, date and severity."""
    records, annotations, failures = (
        store.tables.records,
        store.tables.annotations,
        store.tables.failures,
    )
    joined = annotations.outerjoin(records, annotations.c.record_id == records.c.id)
    gap_query = (
        sa.select(
            annotations.c.id.label("annotation_id"),
            annotations.c.record_id,
            annotations.c.annotator,
            annotations.c.knowledge_gaps,
            sa.type_coerce(records.c.date_utc, sa.String).label("date"),
        )
        .select_from(joined)
        .where(*conditions)
    )
    failure_query = (
        sa.select(
            failures.c.annotation_id,
            failures.c.severity,
            failures.c.root_cause,
        )
        .select_from(failures.join(annotations, failures.c.annotation_id == annotations.c.id))
        .where(failures.c.annotation_id.in_(gap_query.with_only_columns(annotations.c.id)))
    )
    with store.engine.connect() as conn:
        # fetchall, not pd.read_sql: the latter fetches row by row (~5x slower on 50k rows)
        notes = _frame(conn.execute(gap_query))
        items = _frame(conn.execute(failure_query))
    notes["date"] = pd.to_datetime(notes["date"], utc=True, format="ISO8601")
    levels = [*SEVERITIES, UNRATED]
    items["severity"] = [s if s in SEVERITIES else UNRATED for s in items["severity"]]
    items["rank"] = items["severity"].map(levels.index)
    # a gap sits beside all of its annotation's failures: it takes the worst of them
    worst = items.groupby("annotation_id")["rank"].min()
    notes["severity"] = (
        notes["annotation_id"].map(worst).map(lambda rank: levels[int(rank)], na_action="ignore")
    )
    notes["text"] = [json.loads(text) for text in notes.pop("knowledge_gaps")]
    gaps = notes.explode("text")
    gaps = gaps[gaps["text"].notna()]
    gaps = gaps[gaps["text"].astype(str).str.strip() != ""].assign(kind="gap")
    frames = [gaps]
    if root_causes:
        causes = items[items["root_cause"].str.strip() != ""]
        causes = causes[["annotation_id", "severity", "root_cause"]].merge(
            notes[["annotation_id", "record_id", "annotator", "date"]], on="annotation_id"
        )
        causes["text"] = [_focus(text) for text in causes.pop("root_cause")]
        frames.append(causes.assign(kind="root_cause"))
    columns = ["annotation_id", "record_id", "annotator", "kind", "text", "date", "severity"]
    out = pd.concat([frame[columns] for frame in frames], ignore_index=True)
    out["text"] = out["text"].astype(str)
    return out


def _texts(store: Store, root_causes: bool) -> pd.DataFrame:
    """`_occurrences` cut to what grouping needs (kind, text), in the same row order:
    no records join, dates or severities, so `theme_map` reads two columns, not the store."""
    annotations, failures = store.tables.annotations, store.tables.failures
    kinds: list[str] = []
    texts: list[str] = []
    with store.engine.connect() as conn:
        # the row orders of `_occurrences`' queries: annotations, then their failures
        notes = conn.execute(sa.select(annotations.c.knowledge_gaps)).scalars().all()
        causes = (
            conn.execute(
                sa.select(failures.c.root_cause).select_from(
                    failures.join(annotations, failures.c.annotation_id == annotations.c.id)
                )
            )
            .scalars()
            .all()
            if root_causes
            else []
        )
    for gaps in notes:
        found = json.loads(gaps)
        for gap in found if isinstance(found, list) else [found]:  # as DataFrame.explode
            if gap is None or (isinstance(gap, float) and gap != gap):  # pandas' notna
                continue
            if str(gap).strip() != "":
                kinds.append("gap")
                texts.append(str(gap))
    for cause in causes:
        if cause.strip() != "":
            kinds.append("root_cause")
            texts.append(_focus(cause))
    return pd.DataFrame({"kind": kinds, "text": texts})


def _frame(result) -> pd.DataFrame:
    # plain tuples: pandas probes each Row for attributes, and every miss raises inside SQLAlchemy
    return pd.DataFrame.from_records(
        [tuple(row) for row in result.all()], columns=list(result.keys())
    )


# -- grouping --------------------------------------------------------------------------


def _telling_words(weights: np.ndarray, terms: np.ndarray, central: str, most: int = 3) -> str:
    """The `most` heaviest words of a theme (from its word 1-2 gram weights), in the order
    of its central phrase; words next to each other there stay together, others are joined
    with a middle dot ("cloudformation circular dependency", "default · pattern")."""
    scores: Counter[str] = Counter()
    for index in np.flatnonzero(weights > 0):
        for word in str(terms[index]).split():
            scores[word] += float(weights[index])
    chosen = sorted(scores, key=lambda word: (-round(scores[word], 9), word))[:most]
    content = _content(central).split()
    place = {word: content.index(word) if word in content else len(content) for word in chosen}
    chosen.sort(key=lambda word: (place[word], -scores[word]))
    parts: list[list[str]] = []
    for word in chosen:
        if parts and place[word] < len(content) and place[word] == place[parts[-1][-1]] + 1:
            parts[-1].append(word)
        else:
            parts.append([word])
    return " · ".join(" ".join(part) for part in parts)


def _auto_names(
    phrases: list[str],
    weights: np.ndarray,
    labels: np.ndarray,
    vectors,
    display: dict[str, str],
    is_gap: np.ndarray,
    word_vectors,
    terms: np.ndarray | None,
) -> dict[str, str]:
    """Phrase -> theme name: each cluster's most central phrase (gaps before root causes)
    when it has at most MAX_NAME_WORDS words, else the cluster's most telling words.

    Heavier clusters are named first (and keep a shared name without a number); between
    equal weights, the cluster holding the earlier phrase (more frequent, then alphabetical).
    """
    vectors = _unit_rows(vectors)
    names: dict[str, str] = {}
    taken: Counter[str] = Counter()
    found, first = np.unique(labels, return_index=True)
    order = found[np.argsort(first)].tolist()
    order.sort(key=lambda label: -weights[labels == label].sum())
    for label in order:
        members = np.flatnonzero(labels == label)
        block = vectors[members]
        centroid = np.asarray(block.T @ weights[members]).reshape(-1)
        centrality = np.asarray(block @ centroid).reshape(-1)
        position = {int(m): i for i, m in enumerate(members)}
        candidates = members[is_gap[members]] if is_gap[members].any() else members
        best = sorted(
            (int(m) for m in candidates),
            key=lambda m: (-round(float(centrality[position[m]]), 9), len(phrases[m]), phrases[m]),
        )[0]
        name = display[phrases[best]]
        if len(name.split()) > MAX_NAME_WORDS and terms is not None and len(terms):
            words = np.asarray(word_vectors[members].T @ weights[members]).reshape(-1)
            name = _telling_words(words, terms, phrases[best]) or name
        taken[name] += 1
        if taken[name] > 1:  # two clusters, one name: keep them apart
            name = f"{name} ({taken[name]})"
        for member in members:
            names[phrases[member]] = name
    return names


def _group(occurrences: pd.DataFrame, method: str, threshold: float, model: str) -> dict[str, str]:
    """Normalised phrase -> automatic theme name over these occurrences."""
    if occurrences.empty:
        return {}
    counts = occurrences.groupby("normalised").size()
    gap_phrases = set(occurrences.loc[occurrences["kind"] == "gap", "normalised"])
    # most frequent first (they are the ones clustered exactly), then alphabetical: stable
    phrases = sorted(counts.index, key=lambda p: (-counts[p], p))
    weights = counts.reindex(phrases).to_numpy(dtype=float)
    # each phrase shows its most frequent raw text (ties: the alphabetically first)
    spellings = occurrences.groupby(["normalised", "text"]).size().reset_index(name="count")
    spellings = spellings.sort_values(
        ["normalised", "count", "text"], ascending=[True, False, True], kind="stable"
    ).drop_duplicates("normalised")
    display = {
        phrase: _display(text)
        for phrase, text in zip(spellings["normalised"], spellings["text"], strict=True)
    }
    is_gap = np.array([p in gap_phrases for p in phrases])
    try:
        vectors, word_vectors, terms = _tfidf(phrases)
    except ValueError:  # nothing but stop words: every phrase is its own theme
        if method not in ("tfidf", "semantic"):
            raise ThemeError(f'method must be "tfidf" or "semantic", not {method!r}') from None
        return {p: display[p] for p in phrases}
    if method == "semantic":
        vectors = np.asarray(_embed(phrases, model))
    elif method != "tfidf":
        raise ThemeError(f'method must be "tfidf" or "semantic", not {method!r}')
    labels = _labels(vectors, threshold)
    return _auto_names(phrases, weights, labels, vectors, display, is_gap, word_vectors, terms)


def _cached_group(
    store: Store, occurrences: pd.DataFrame, method: str, threshold: float, model: str
) -> dict[str, str]:
    """`_group`, remembered in the store until the phrases (or the method) change: the
    clustering costs a second or more, and reports and exports ask for it repeatedly."""
    digest = hashlib.sha256(
        json.dumps(
            [
                CACHE_VERSION,
                method,
                threshold,
                model,
                sorted(
                    occurrences.groupby(["normalised", "kind", "text"]).size().items(),
                    key=str,
                ),
            ],
            default=str,
        ).encode()
    ).hexdigest()
    found = store.cached("gap_themes", digest)
    if found is not None:
        return found
    grouped = _group(occurrences, method, threshold, model)
    store.cache("gap_themes", digest, grouped)
    return grouped


def _resolve(mapping: dict[str, str], name: str) -> str:
    seen = {name}
    while name in mapping and mapping[name] not in seen:  # renames chain; cycles stop
        name = mapping[name]
        seen.add(name)
    return name


def _apply_names(auto: dict[str, str], mapping: dict[str, str]) -> dict[str, str]:
    """Phrase -> theme after the analyst's renames and merges (theme_names table).

    A phrase named directly wins; otherwise its automatic theme's new name; otherwise,
    when fellow members were renamed, the name most of them carry, so a rename survives
    new data moving a theme's central phrase.
    """
    themes: dict[str, str] = {}
    by_auto: dict[str, list[str]] = {}
    for phrase, name in auto.items():
        by_auto.setdefault(name, []).append(phrase)
    for name, members in by_auto.items():
        pinned = Counter(_resolve(mapping, mapping[p]) for p in members if p in mapping)
        fallback = (
            _resolve(mapping, name)
            if name in mapping or not pinned
            else sorted(pinned, key=lambda n: (-pinned[n], n))[0]
        )
        for phrase in members:
            themes[phrase] = _resolve(mapping, mapping[phrase]) if phrase in mapping else fallback
    return themes


def gap_themes(
    store: Store,
    *,
    method: str = "tfidf",
    threshold: float = DEFAULT_THRESHOLD,
    root_causes: bool = True,
    model: str = "all-MiniLM-L6-v2",
    **filters: Any,
) -> pd.DataFrame:
    """One row per knowledge-gap (and failure root-cause) occurrence, with its theme.

    Columns: annotation_id, record_id, annotator, kind (``gap`` or ``root_cause``), text
    (a root cause's first sentence), normalised, theme, date (UTC), severity (a root
    cause's own; for a gap the worst among its annotation's failures, None when it has
    none). Themes are grouped over the whole store, then `filters` pick rows, so a theme
    keeps its name whatever the filter. The default ``method="tfidf"`` is offline and
    deterministic (TF-IDF over normalised text, average-linkage clustering under the cosine
    distance `threshold`); ``"semantic"`` uses an installed sentence-embedding `model`.
    Renames and merges saved with `rename_theme` / `merge_themes` are applied.

    Examples
    --------
    >>> gap_themes(Store(":memory:")).columns.tolist()[:4]
    ['annotation_id', 'record_id', 'annotator', 'kind']
    """
    everything = _occurrences(store, [], root_causes)
    everything["normalised"] = [normalise_gap(t) for t in everything["text"]]
    names = _apply_names(
        _cached_group(store, everything, method, threshold, model), store.theme_names()
    )
    if filters:
        everything = everything[everything["annotation_id"].isin(_annotation_ids(store, filters))]
    out = everything.assign(theme=everything["normalised"].map(names))
    columns = ["annotation_id", "record_id", "annotator", "kind", "text", "normalised", "theme"]
    return out[[*columns, "date", "severity"]].reset_index(drop=True)


def _annotation_ids(store: Store, filters: dict[str, Any]) -> set[int]:
    records, annotations = store.tables.records, store.tables.annotations
    query = (
        sa.select(annotations.c.id)
        .select_from(annotations.outerjoin(records, annotations.c.record_id == records.c.id))
        .where(*filter_conditions(store, **filters))
    )
    with store.engine.connect() as conn:
        return set(conn.execute(query).scalars())


def theme_map(
    store: Store,
    *,
    method: str = "tfidf",
    threshold: float = DEFAULT_THRESHOLD,
    root_causes: bool = True,
    model: str = "all-MiniLM-L6-v2",
    **filters: Any,
) -> dict[str, str]:
    """Raw gap (and root-cause) text -> theme name, for every text in the store (in the
    rows `filters` pick, if any); options as in `gap_themes`.

    Examples
    --------
    >>> theme_map(Store(":memory:"))
    {}
    """
    if filters:
        themes = gap_themes(
            store,
            method=method,
            threshold=threshold,
            root_causes=root_causes,
            model=model,
            **filters,
        )
        return dict(zip(themes["text"], themes["theme"], strict=True))
    # the texts and themes of `gap_themes`, without reading its dates and severities
    everything = _texts(store, root_causes)
    everything["normalised"] = [normalise_gap(t) for t in everything["text"]]
    names = _apply_names(
        _cached_group(store, everything, method, threshold, model), store.theme_names()
    )
    return {
        text: names[phrase]
        for text, phrase in zip(everything["text"], everything["normalised"], strict=True)
    }


def theme_summary(
    data: Store | pd.DataFrame,
    *,
    by: str | None = None,
    period: str | None = None,
    top: int = 10,
    examples: int = 3,
    **filters: Any,
) -> pd.DataFrame:
    """The top themes: occurrences, records, share and example record ids.

    `data` is a store (after `filters`) or a `gap_themes` frame. With ``by="severity"``
    (or any column) the occurrence counts are split into one column per value; with
    `period` the table is long, the `top` themes of each period (``period``, ``theme``…).

    Examples
    --------
    >>> theme_summary(Store(":memory:")).columns.tolist()
    ['occurrences', 'records', 'share', 'examples', 'phrases']
    """
    frame = gap_themes(data, **filters) if isinstance(data, Store) else data
    keys: list[Any] = ["theme"]
    if period is not None:
        frame = frame.assign(period=period_start(frame["date"], period)).dropna(subset=["period"])
        keys = ["period", "theme"]
    total = len(frame)
    grouped = frame.groupby(keys, sort=False)
    table = pd.DataFrame(
        {
            "occurrences": grouped.size(),
            "records": grouped["record_id"].nunique(),
            "examples": grouped["record_id"].agg(lambda ids: sorted(pd.unique(ids))[:examples]),
            "phrases": grouped["text"].agg(lambda texts: texts.value_counts().index.tolist()[:3]),
        }
    )
    if table.empty:
        columns = ["occurrences", "records", "share", "examples", "phrases"]
        if period is not None:
            return pd.DataFrame(columns=["period", "theme", *columns])
        return pd.DataFrame(columns=columns, index=pd.Index([], name="theme"))
    table.insert(2, "share", table["occurrences"] / max(total, 1))
    if period is not None:
        table = table.reset_index().sort_values(
            ["period", "occurrences", "theme"], ascending=[True, False, True]
        )
        return table.groupby("period").head(top).reset_index(drop=True)
    table = table.reset_index().sort_values(["occurrences", "theme"], ascending=[False, True])
    table = table.head(top).set_index("theme")
    if by is not None:
        split = frame[frame["theme"].isin(table.index)].pivot_table(
            index="theme", columns=by, values="record_id", aggfunc="size", fill_value=0
        )
        if by == "severity":
            split = split.reindex(columns=[c for c in (*SEVERITIES, UNRATED) if c in split])
        table = table.join(split)
    return table


def _current_themes(store: Store) -> dict[str, set[str]]:
    themes = gap_themes(store)
    return {theme: set(group["normalised"]) for theme, group in themes.groupby("theme", sort=True)}


def rename_theme(store: Store, old: str, new: str) -> None:
    """Rename theme `old` to `new`, saved in the store; every later call uses the new name.

    Renaming to an existing theme's name merges the two.

    Examples
    --------
    >>> rename_theme(store, "CloudFormation circular dependencies", "CFN cycles")  # doctest: +SKIP
    """
    merge_themes(store, [old], new)


def merge_themes(store: Store, themes: Iterable[str], into: str) -> None:
    """Merge `themes` into one theme named `into` (which may be new), saved in the store.

    Examples
    --------
    >>> merge_themes(store, ["IAM least privilege", "IAM policies"], "IAM")  # doctest: +SKIP
    """
    into = into.strip()
    if not into:
        raise ThemeError("a theme name cannot be empty")
    current = _current_themes(store)
    themes = list(themes)
    unknown = [t for t in themes if t not in current]
    if unknown:
        known = ", ".join(sorted(current)[:10])
        raise ThemeError(
            f"no theme named {unknown[0]!r}; themes include: {known}"
            + (" …" if len(current) > 10 else "")
        )
    for theme in themes:
        if theme == into:
            continue
        store.set_theme_name(theme, into)
        # the phrases too: an automatic name can change when new data comes in
        for phrase in sorted(current[theme]):
            store.set_theme_name(phrase, into)
