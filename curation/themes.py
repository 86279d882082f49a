"""Knowledge-gap themes: normalise free-text gaps and root causes and group them into themes."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from curation.aggregate import UNRATED, filter_conditions, period_start
from curation.errors import CurationError
from curation.records import SEVERITIES
from curation.store import Store

#: Cosine distance under which two phrases (or groups) join one theme (average linkage).
DEFAULT_THRESHOLD = 0.85
#: Bump when the grouping or naming changes, so cached themes are recomputed.
CACHE_VERSION = 2

#: Share of the similarity taken from word (1-2 gram) features; the rest from character
#: 3-5 grams, which catch spelling variants ("encrypted" / "unencrypted" / "encryption").
WORD_WEIGHT = 0.6

#: Phrases clustered exactly; rarer ones join their nearest clustered phrase (memory is n²).
MAX_CLUSTERED = 2500

#: Longest theme name shown; longer central phrases are cut with an ellipsis.
MAX_NAME = 60

#: A central phrase of at most this many words names its theme; longer ones give way to
#: the theme's most telling words.
MAX_NAME_WORDS = 6

# scikit-learn's English stop words (``ENGLISH_STOP_WORDS``), copied: themes need no scikit-learn
_ENGLISH = """
a about above across after afterwards again against all almost alone along already also
although always am among amongst amoungst amount an and another any anyhow anyone anything
anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond bill both bottom but by call can
cannot cant co con could couldnt cry de describe detail do done down due during each eg
eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty
found four from front full further get give go had has hasnt have he hence her here
hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
inc indeed interest into is it its itself keep last latter latterly least less ltd made many
may me meanwhile might mill mine more moreover most mostly move much must my myself name
namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime
sometimes somewhere still such system take ten than that the their them themselves then
thence there thereafter thereby therefore therein thereupon these they thick thin third this
those though three through throughout thru thus to together too top toward towards twelve
twenty two un under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH.split())

VENDOR_WORDS = frozenset({"aws", "amazon", "azure", "gcp", "google", "microsoft", "cloud"})
# "cloud" alone says nothing here, but "cloud formation" is CloudFormation: joined first
PHRASE_SYNONYMS = (
    (re.compile(r"\bcloud\s+formation\b"), "cloudformation"),
    (re.compile(r"\bcloud\s+watch\b"), "cloudwatch"),
    (re.compile(r"\bcloud\s+front\b"), "cloudfront"),
    (re.compile(r"\bcloud\s+trail\b"), "cloudtrail"),
    (re.compile(r"\bleast[-\s]+privileges?\b"), "least privilege"),
    (
        re.compile(r"\b(?:overly|too|over)[-\s]+(?:permissive|broad|privileged)\b"),
        "least privilege",
    ),
    (re.compile(r"\bover[-\s]?privileged\b"), "least privilege"),
    (re.compile(r"\binfrastructure[-\s]+as[-\s]+code\b"), "iac"),
    (re.compile(r"\bweb\s+services\b"), ""),
)
TOKEN_SYNONYMS = {
    "cfn": "cloudformation",
    "tf": "terraform",
    "hcl": "terraform",
    "k8s": "kubernetes",
    "dep": "dependency",
    "deps": "dependency",
    "db": "database",
    "dbs": "database",
    "config": "configuration",
    "configs": "configuration",
    "env": "environment",
    "envs": "environment",
    "perm": "permission",
    "perms": "permission",
    "sg": "security group",
    "sgs": "security group",
    "ha": "high availability",
    "az": "availability zone",
    "azs": "availability zone",
    "multiaz": "multi availability zone",
    "cw": "cloudwatch",
    "cdktf": "cdktf",
    "unencrypted": "encryption",
    "encrypted": "encryption",
    "encrypt": "encryption",
    "expensive": "cost",
    "costly": "cost",
    "pricing": "cost",
    "charges": "cost",
    "timed": "timeout",
    "timeouts": "timeout",
}
# words whose trailing s is not a plural (besides -ss, -us, -is and words of 3 letters)
KEEP_S = frozenset(
    [
        "dns",
        "ecs",
        "eks",
        "rds",
        "sns",
        "sqs",
        "kms",
        "efs",
        "ses",
        "acs",
        "iops",
        "https",
        "ssl",
        "tls",
        "alias",
        "redis",
        "kubernetes",
        "windows",
        "ops",
        "devops",
        "jenkins",
        "always",
        "does",
        "goes",
        "its",
        "has",
        "was",
        "this",
        "yes",
        "cors",
        "aws",
        "sagemaker",
        "perhaps",
        "whereas",
        "towards",
        "afterwards",
        "besides",
        "sometimes",
        "nevertheless",
    ]
)
IRREGULAR_PLURALS = {
    "aliases": "alias",
    "statuses": "status",
    "analyses": "analysis",
    "indices": "index",
    "indexes": "index",
    "buses": "bus",
    "series": "series",
    "species": "species",
}


@functools.cache
def stop_words() -> frozenset[str]:
    """Words never used to compare or name themes: English function words (scikit-learn's
    list, minus a few that carry meaning here) and the filler of failure analyses.

    Examples
    --------
    >>> {"the", "model", "md", "response"} <= stop_words()
    True
    >>> "least" in stop_words()
    False
    """
    # kept: they carry meaning here ("least privilege", "type system", "bucket name")
    meaningful = {"least", "system", "call", "name", "empty", "fire", "bill", "interest"}
    filler = [
        "model",
        "ai",
        "llm",
        "assistant",
        "response",
        "ideal",
        "md",
        "markdown",
        "issue",
        "problem",
        "missing",
        "use",
        "used",
        "using",
        "need",
        "required",
        "requirement",
        "lack",
        "lacking",
        "proper",
        "properly",
        "correct",
        "correctly",
        "incorrect",
        "incorrectly",
        "wrong",
        "right",
        "understanding",
        "knowledge",
        "gap",
        "know",
        "aware",
        "awareness",
        "failure",
        "fail",
        "failed",
        "instead",
        "actual",
        "actually",
        "did",
        "didn",
        "does",
        "doesn",
        "don",
        "isn",
        "wasn",
        "weren",
        "aren",
        "won",
        "shouldn",
        "couldn",
        "wouldn",
        "like",
        "just",
        "really",
        "specific",
        "specifically",
        "particular",
        "e",
        "g",
        "eg",
        "ie",
        "etc",
        "vs",
        "versus",
        "way",
        "thing",
        "things",
        "generated",
        "generate",
        "provide",
        "provided",
        "appropriate",
        "appropriately",
        "good",
        "better",
        "best",
        "certain",
        "case",
        "lot",
        "make",
        "making",
        "handle",
        "handled",
        "handling",
    ]
    return frozenset(ENGLISH_STOP_WORDS - meaningful) | frozenset(filler)


class ThemeError(CurationError):
    """A theme operation cannot be done (unknown theme, grouping method unavailable)."""


# -- normalisation ---------------------------------------------------------------------


def singular(word: str) -> str:
    """A careful singular: plurals lose their s, other words ending in s are left alone.

    Short words, -ss / -us / -is endings, acronyms such as ``dns`` or ``ecs`` and verbs
    such as ``does`` keep their s.

    Examples
    --------
    >>> [singular(w) for w in ["policies", "dependencies", "buckets", "addresses", "does"]]
    ['policy', 'dependency', 'bucket', 'address', 'does']
    >>> [singular(w) for w in ["status", "analysis", "access", "ecs", "has", "aliases"]]
    ['status', 'analysis', 'access', 'ecs', 'has', 'alias']
    """
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if (
        len(word) <= 3
        or not word.endswith("s")
        or word in KEEP_S
        or word.endswith(("ss", "us", "is", "ous"))
        or not word.isalpha()
    ):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


@functools.lru_cache(maxsize=65536)  # gaps repeat across records: normalise each text once
def normalise_gap(text: str) -> str:
    """The comparable form of a gap or root cause: lower case, no punctuation or vendor
    prefixes, synonyms unified (CFN -> cloudformation, TF -> terraform), plurals singular.

    Examples
    --------
    >>> normalise_gap("**AWS CloudFormation** circular dependencies")
    'cloudformation circular dependency'
    >>> normalise_gap("Circular dependency in CFN!")
    'circular dependency in cloudformation'
    """
    lowered = str(text).lower().replace("&", " and ")
    lowered = re.sub(r"(?<=\w)['’]s\b", "", lowered)  # possessives: "model's" -> "model"
    for pattern, replacement in PHRASE_SYNONYMS:
        lowered = pattern.sub(replacement, lowered)
    words: list[str] = []
    for token in re.findall(r"[a-z0-9]+", lowered):
        if token in VENDOR_WORDS:
            continue
        token = TOKEN_SYNONYMS.get(token, token)
        words.extend(singular(part) for part in token.split())
    return " ".join(words)


def _display(text: str) -> str:
    """A raw gap cleaned for display: no markdown, the label of "Label: explanation"."""
    clean = re.sub(r"[*_`#]+", "", str(text)).strip()
    label, sep, rest = clean.partition(": ")
    # "Label: a long explanation" shows the label; "AWS CloudFormation: circular dependency"
    # is one short phrase and stays whole
    if sep and 1 <= len(label.split()) <= MAX_NAME_WORDS < len(clean.split()):
        clean = label
    clean = clean.strip(" .;:-")
    return clean if len(clean) <= MAX_NAME else clean[: MAX_NAME - 1].rstrip() + "…"


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
        notes = pd.read_sql(gap_query, conn)
        items = pd.read_sql(failure_query, conn)
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


# -- grouping --------------------------------------------------------------------------


def _content(phrase: str) -> str:
    """A normalised phrase without stop words: what the character n-grams compare."""
    stop = stop_words()
    return " ".join(word for word in phrase.split() if word not in stop)


#: Word tokens: 2+ characters, one a letter (s3, ec2).
TOKEN_PATTERN = re.compile(r"(?u)\b(?=\w*[a-z])\w\w+\b")


def _word_grams(phrase: str, stop: frozenset[str]) -> list[str]:
    """The word 1-2 grams of a phrase, stop words left out before pairing."""
    tokens = [token for token in TOKEN_PATTERN.findall(phrase.lower()) if token not in stop]
    return tokens + [f"{first} {second}" for first, second in itertools.pairwise(tokens)]


def _char_grams(phrase: str, low: int = 3, high: int = 5) -> list[str]:
    """Character `low`-`high` grams inside words, each word padded with a space on both
    sides (scikit-learn's ``char_wb``); a word shorter than n counts once, whole."""
    grams: list[str] = []
    for word in phrase.lower().split():
        padded = f" {word} "
        for size in range(low, high + 1):
            grams.extend(padded[i : i + size] for i in range(max(len(padded) - size, 0) + 1))
            if len(padded) <= size:
                break
    return grams


def _tfidf_rows(documents: list[list[str]]):
    """Sublinear TF-IDF rows (``1 + log(tf)`` x ``log((1 + n) / (1 + df)) + 1``) of unit
    length, and the sorted terms naming the columns.

    The steps, and the order of the floating-point operations, are scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)``, so themes are the same as when it computed them.
    """
    from scipy import sparse

    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    starts = [0]
    for terms in documents:
        found = Counter(vocabulary.setdefault(term, len(vocabulary)) for term in terms)
        for index in sorted(found):  # first-seen order within a row, as scikit-learn's
            indices.append(index)
            counts.append(found[index])
        starts.append(len(indices))
    if not vocabulary:
        raise ValueError("empty vocabulary: the phrases hold nothing but stop words")
    terms = sorted(vocabulary)
    column = np.empty(len(terms), dtype=np.intp)
    column[[vocabulary[term] for term in terms]] = np.arange(len(terms))
    columns = column[np.asarray(indices, dtype=np.intp)]
    frequency = np.bincount(columns, minlength=len(terms)).astype(np.float64) + 1.0
    idf = np.log(np.full(len(terms), len(documents) + 1, dtype=np.float64) / frequency) + 1.0
    values = (np.log(np.asarray(counts, dtype=np.float64)) + 1.0) * idf[columns]
    rows = sparse.csr_array(
        (values, columns, np.asarray(starts, dtype=np.intp)), shape=(len(documents), len(terms))
    )
    return _unit_rows(rows), np.array(terms)


def _unit_rows(vectors):
    """Rows scaled to unit length (all-zero rows left alone), sparse or dense.

    Sparse rows are summed in stored order (a CSR matrix-vector product adds one entry after
    another), as scikit-learn's ``normalize`` does.
    """
    from scipy import sparse

    if sparse.issparse(vectors):
        vectors = sparse.csr_array(vectors, dtype=np.float64, copy=True)
        squares = sparse.csr_array(
            (np.square(vectors.data), vectors.indices, vectors.indptr), shape=vectors.shape
        )
        norms = np.sqrt(squares @ np.ones(vectors.shape[1]))
        norms[norms == 0] = 1.0
        vectors.data /= np.repeat(norms, np.diff(vectors.indptr))
        return vectors
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    norms[norms == 0] = 1.0
    return vectors / norms[:, np.newaxis]


def _tfidf(phrases: list[str]):
    """Word 1-2 grams (names come from these) and character 3-5 grams over the content
    words, each row scaled so a dot product is WORD_WEIGHT x word cosine + the rest x
    character cosine.

    Plain numpy and scipy.sparse: importing scikit-learn for this cost a second per process.
    Raises ValueError when the phrases hold nothing but stop words.
    """
    from scipy import sparse

    stop = stop_words()
    # rows are scaled twice (ulps apart), as they were with scikit-learn: same bits, same themes
    word_vectors, terms = _tfidf_rows([_word_grams(phrase, stop) for phrase in phrases])
    word_vectors = _unit_rows(word_vectors)
    char_vectors, _ = _tfidf_rows([_char_grams(_content(phrase)) for phrase in phrases])
    char_vectors = _unit_rows(char_vectors)
    vectors = sparse.hstack(
        [word_vectors * np.sqrt(WORD_WEIGHT), char_vectors * np.sqrt(1 - WORD_WEIGHT)],
        format="csr",
    )
    return vectors, word_vectors, terms


def _embed(phrases: list[str], model: str):
    """Sentence embeddings from an installed model; never downloads anything."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ThemeError(
            'method="semantic" needs the sentence-transformers package and a model available '
            "offline (pip install sentence-transformers, then save the model locally); "
            'use the default method="tfidf" otherwise'
        ) from error
    try:
        encoder = SentenceTransformer(model, local_files_only=True)
    except Exception as error:  # the library raises many kinds for a missing model
        raise ThemeError(
            f"sentence-embedding model {model!r} is not available offline ({error}); pass "
            'model= a local folder, or use method="tfidf"'
        ) from error
    return encoder.encode(phrases, normalize_embeddings=True)


def _labels(vectors, threshold: float) -> np.ndarray:
    """Average-linkage clusters under a cosine distance threshold; rare phrases (beyond
    MAX_CLUSTERED) join their nearest clustered phrase when close enough.

    Distances are precomputed from the (sparse) vectors: n² memory, never n x features.
    Groups join while their average distance is below `threshold` (scikit-learn's
    ``distance_threshold``); ``fcluster`` keeps merges at or below its ``t``, so it is given
    the float just under `threshold`.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    vectors = _unit_rows(vectors)
    count = vectors.shape[0]
    labels = np.arange(count)
    head = min(count, MAX_CLUSTERED)
    if head >= 2:
        similarity = vectors[:head] @ vectors[:head].T
        similarity = similarity.toarray() if hasattr(similarity, "toarray") else similarity
        distance = np.clip(1 - np.asarray(similarity, dtype=np.float64), 0, 2)
        np.fill_diagonal(distance, 0)
        tree = linkage(squareform(distance, checks=False), method="average")
        below = np.nextafter(threshold, -np.inf)
        labels[:head] = fcluster(tree, t=below, criterion="distance") - 1
    if count > head:
        similarity = vectors[head:] @ vectors[:head].T
        similarity = similarity.toarray() if hasattr(similarity, "toarray") else similarity
        nearest = similarity.argmax(axis=1)
        close = similarity.max(axis=1) >= 1 - threshold
        labels[head:] = np.where(
            close, labels[:head][nearest], labels.max() + 1 + np.arange(count - head)
        )
    return labels


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


def theme_map(store: Store, **options: Any) -> dict[str, str]:
    """Raw gap (and root-cause) text -> theme name, for every text in the store.

    Examples
    --------
    >>> theme_map(Store(":memory:"))
    {}
    """
    themes = gap_themes(store, **options)
    return dict(zip(themes["text"], themes["theme"], strict=True))


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
