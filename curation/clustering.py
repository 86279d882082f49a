"""Phrase vectors and clusters for gap themes: TF-IDF on words and characters, average linkage.

numpy and scipy.sparse only (scikit-learn's and scipy.cluster's definitions, reproduced bit for
bit and tested against them): importing scikit-learn alone cost an export a second.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import numpy as np

from curation.errors import CurationError
from curation.phrases import stop_words

#: Share of the similarity taken from word (1-2 gram) features; the rest from character
#: 3-5 grams, which catch spelling variants ("encrypted" / "unencrypted" / "encryption").
WORD_WEIGHT = 0.6

#: Phrases clustered exactly; rarer ones join their nearest clustered phrase (memory is n²).
MAX_CLUSTERED = 2500


class ThemeError(CurationError):
    """A theme operation cannot be done (unknown theme, grouping method unavailable)."""


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


def _average_merges(distance: np.ndarray) -> list[tuple[int, int, float]]:
    """Average-linkage merges ``(x, y, height)`` of a square distance matrix, in the order
    scipy's ``linkage(method="average")`` finds them (its nearest-neighbour chain).

    The chain, its ties (the previous link first, then the lowest index) and the
    Lance-Williams update ``(nx d(x, i) + ny d(y, i)) / (nx + ny)`` are scipy's, operation for
    operation, so the heights are its bits; the merged cluster takes slot ``y`` (``x < y``).
    numpy only: importing scipy.cluster cost an export ~0.2 s. Overwrites `distance`.
    """
    count = len(distance)
    merges: list[tuple[int, int, float]] = []
    size = np.ones(count, dtype=np.int64)
    active = np.ones(count, dtype=bool)
    distance[np.diag_indices(count)] = np.inf  # gone or itself: never a neighbour
    chain: list[int] = []
    for _ in range(count - 1):
        if not chain:
            chain.append(int(np.argmax(active)))
        while True:
            x = chain[-1]
            row = distance[x]
            y = int(np.argmin(row))
            nearest = float(row[y])
            if len(chain) > 1:
                previous = chain[-2]
                if not nearest < row[previous]:  # scipy keeps the previous link on a tie
                    y, nearest = previous, float(row[previous])
                if y == previous:
                    break
            chain.append(y)
        del chain[-2:]
        x, y = min(x, y), max(x, y)
        nx, ny = int(size[x]), int(size[y])
        merges.append((x, y, nearest))
        size[y] = nx + ny
        updated = (nx * distance[x] + ny * distance[y]) / (nx + ny)
        active[x] = False
        updated[~active] = np.inf
        updated[y] = np.inf
        distance[y] = updated
        distance[:, y] = updated
        distance[x] = np.inf
        distance[:, x] = np.inf
    return merges


def _components(count: int, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Labels 0, 1, … (in order of first member) of the connected components of `pairs`."""
    parent = list(range(count))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    roots = [find(item) for item in range(count)]
    numbers: dict[int, int] = {}
    return np.array([numbers.setdefault(root, len(numbers)) for root in roots], dtype=np.intp)


def _labels(vectors, threshold: float) -> np.ndarray:
    """Average-linkage clusters under a cosine distance threshold; rare phrases (beyond
    MAX_CLUSTERED) join their nearest clustered phrase when close enough.

    Distances are precomputed from the (sparse) vectors: n² memory, never n x features.
    Groups join while their average distance is below `threshold` (scikit-learn's
    ``distance_threshold``): the clusters are those of scipy's ``fcluster(linkage(…,
    "average"), t=<the float just under threshold>, criterion="distance")``, i.e. what the
    merges at heights up to that float join (heights sorted, each merge is at least as high
    as the ones under it).
    """
    vectors = _unit_rows(vectors)
    count = vectors.shape[0]
    labels = np.arange(count)
    head = min(count, MAX_CLUSTERED)
    if head >= 2:
        similarity = vectors[:head] @ vectors[:head].T
        similarity = similarity.toarray() if hasattr(similarity, "toarray") else similarity
        distance = np.clip(1 - np.asarray(similarity, dtype=np.float64), 0, 2)
        np.fill_diagonal(distance, 0)
        below = np.nextafter(threshold, -np.inf)
        merges = _average_merges(distance)
        labels[:head] = _components(head, [(x, y) for x, y, height in merges if height <= below])
    if count > head:
        similarity = vectors[head:] @ vectors[:head].T
        similarity = similarity.toarray() if hasattr(similarity, "toarray") else similarity
        nearest = similarity.argmax(axis=1)
        close = similarity.max(axis=1) >= 1 - threshold
        labels[head:] = np.where(
            close, labels[:head][nearest], labels.max() + 1 + np.arange(count - head)
        )
    return labels
