"""Tests for curation.themes: normalising gaps, grouping variants, naming, renames and merges."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from curation.phrases import normalise_gap, singular, stop_words
from curation.records import Annotation, Failure, Record
from curation.store import Store
from curation.themes import (
    ThemeError,
    gap_themes,
    merge_themes,
    rename_theme,
    theme_map,
    theme_summary,
)

CFN_CYCLES = [
    "CloudFormation circular dependencies",
    "circular dependency in CFN",
    "AWS CloudFormation: circular dependency",
    "Circular Dependencies (CloudFormation)",
]
TF_STATE = ["Terraform state locking", "TF remote state locking", "terraform State-Locking"]
IAM = ["IAM least privilege", "AWS IAM least-privilege policies", "least privileges in IAM"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CloudFormation circular dependencies", "cloudformation circular dependency"),
        ("circular dependency in CFN", "circular dependency in cloudformation"),
        ("**AWS IAM** least-privilege policies", "iam least privilege policy"),
        ("Amazon S3 bucket policies", "s3 bucket policy"),
        ("Azure Functions & GCP buckets", "function and bucket"),
        ("TF state", "terraform state"),
        ("Cloud Formation stacks", "cloudformation stack"),
        ("RDS status checks", "rds status check"),
        ("K8s deps", "kubernetes dependency"),
        ("The model does not know", "the model does not know"),
        ("the model's aliases", "the model alias"),
        ("overly permissive IAM policies", "least privilege iam policy"),
        ("unencrypted buckets", "encryption bucket"),
    ],
)
def test_normalise_gap(raw, expected):
    assert normalise_gap(raw) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("policies", "policy"),
        ("buckets", "bucket"),
        ("addresses", "address"),
        ("patches", "patch"),
        ("does", "does"),
        ("goes", "goes"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("access", "access"),
        ("various", "various"),
        ("ecs", "ecs"),
        ("dns", "dns"),
        ("has", "has"),
        ("its", "its"),
        ("aliases", "alias"),
        ("s3", "s3"),
    ],
)
def test_singular_leaves_non_plurals_alone(word, expected):
    assert singular(word) == expected


def test_stop_words_cover_english_and_filler_but_not_meaning():
    words = stop_words()
    assert {"the", "is", "between", "them", "does", "model", "response", "ideal", "md"} <= words
    assert {"least", "privilege", "circular", "timeout", "state"}.isdisjoint(words)


#: Families of phrasings that must each land in one theme, apart from every other family.
FAMILIES = {
    "cfn cycles": [
        "CloudFormation circular dependencies",
        "circular dependency in CFN",
        "Circular dependencies between CloudFormation resources",
        "CFN circular dependency between secret and instance",
    ],
    "iam": [
        "IAM least privilege",
        "overly permissive IAM policies",
        "least-privilege IAM roles",
        "IAM policies too broad (wildcard actions)",
    ],
    "lambda timeout": [
        "Lambda timeouts",
        "function timeout too low",
        "Lambda function timeout settings",
        "AWS Lambda timeout configuration",
    ],
    "s3 encryption": [
        "S3 bucket encryption",
        "unencrypted buckets",
        "S3 buckets not encrypted at rest",
        "bucket encryption with KMS",
    ],
    "nat cost": [
        "VPC endpoint vs NAT gateway costs",
        "NAT gateway costs instead of VPC endpoints",
        "expensive NAT gateways where VPC endpoints suffice",
        "VPC endpoints to cut NAT gateway charges",
    ],
    "pulumi output": [
        "Pulumi Output handling",
        "Pulumi Output.apply usage",
        "pulumi outputs and apply()",
        "apply on Pulumi Outputs",
    ],
    "tf state": [
        "Terraform state backend",
        "TF remote state",
        "remote backend for Terraform state",
        "Terraform remote state backend configuration",
    ],
}


@pytest.fixture
def family_store(tmp_path) -> Store:
    store = Store(tmp_path / "families.db")
    phrases = [p for family in FAMILIES.values() for p in family]
    store.add_records([Record(f"r{i}", f"p{i}", "r", "i") for i in range(len(phrases))])
    for i, phrase in enumerate(phrases):
        store.save_annotation(Annotation(f"r{i}", "ana", knowledge_gaps=[phrase]))
    return store


def test_families_group_together_and_stay_apart(family_store):
    mapping = theme_map(family_store)
    themes = {family: {mapping[p] for p in phrases} for family, phrases in FAMILIES.items()}
    for family, names in themes.items():
        assert len(names) == 1, (family, names)
    assert len({next(iter(names)) for names in themes.values()}) == len(FAMILIES)


@pytest.mark.parametrize("threshold", [0.75, 0.9])
def test_families_hold_around_the_default_threshold(family_store, threshold):
    themes = gap_themes(family_store, threshold=threshold)
    assert themes["theme"].nunique() == len(FAMILIES)


def test_long_root_causes_are_named_by_telling_words_not_filler(store):
    store.add_records([Record("x", "px", "r", "i"), Record("y", "py", "r", "i")])
    for record, cause in [
        ("x", "CFN circular dependency between secret and instance. More text."),
        ("y", "The model does not know that inline rules create dependencies in CloudFormation."),
    ]:
        store.save_annotation(
            Annotation(record, "bob", failures=[Failure("t", "High", root_cause=cause)])
        )
    themes = gap_themes(store, root_causes=True)
    causes = themes[themes["kind"] == "root_cause"]
    filler = stop_words()
    for name in set(themes["theme"]):
        words = [w for w in name.lower().replace("·", " ").split() if w.isalpha()]
        assert any(w not in filler for w in words), name
    for name in set(causes["theme"]):
        assert "doe" not in name.split() and "between" not in name.split()
        assert "circular" in name.lower(), name


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "themes.db")
    gaps = CFN_CYCLES + TF_STATE + IAM
    store.add_records(
        [
            Record(f"r{i}", f"p{i}", "r", "i", date=datetime(2026, 1 + i % 3, 5, tzinfo=UTC))
            for i in range(len(gaps))
        ]
    )
    for i, gap in enumerate(gaps):
        store.save_annotation(
            Annotation(
                f"r{i}",
                "imported" if i % 2 else "ana",
                score=7,
                knowledge_gaps=[gap],
                failures=[Failure("f", "Critical" if i < 4 else "Low", root_cause="")],
            )
        )
    return store


def _theme_of(themes, text):
    return themes.loc[themes["text"] == text, "theme"].iloc[0]


def test_known_variants_share_a_theme(store):
    themes = gap_themes(store)
    assert len(themes) == 10
    for group in (CFN_CYCLES, TF_STATE, IAM):
        assert len({_theme_of(themes, text) for text in group}) == 1, group
    assert len(set(themes["theme"])) == 3


def test_theme_names_are_readable_phrases(store):
    names = set(gap_themes(store)["theme"])
    for name in names:
        assert not name.isdigit() and len(name) <= 60
    cfn = _theme_of(gap_themes(store), CFN_CYCLES[0])
    assert "circular" in cfn.lower()


def test_gap_rows_carry_record_date_and_worst_severity(store):
    themes = gap_themes(store, annotators="human")
    assert set(themes["annotator"]) == {"ana"}
    row = themes[themes["record_id"] == "r0"].iloc[0]
    assert row["severity"] == "Critical" and row["kind"] == "gap"
    assert str(row["date"].tz) == "UTC"


def test_theme_map_maps_every_raw_text(store):
    mapping = theme_map(store)
    assert set(mapping) == set(CFN_CYCLES + TF_STATE + IAM)
    assert mapping["circular dependency in CFN"] == mapping["CloudFormation circular dependencies"]


def test_rename_and_merge_are_saved_and_honoured(store):
    cfn = theme_map(store)[CFN_CYCLES[0]]
    rename_theme(store, cfn, "CFN cycles")
    mapping = theme_map(store)
    assert {mapping[t] for t in CFN_CYCLES} == {"CFN cycles"}
    # a second store object reads the same saved names
    assert theme_map(Store(store.location))[CFN_CYCLES[1]] == "CFN cycles"
    iam, tf = mapping[IAM[0]], mapping[TF_STATE[0]]
    merge_themes(store, [iam, tf], "Access and state")
    mapping = theme_map(store)
    assert {mapping[t] for t in IAM + TF_STATE} == {"Access and state"}
    rename_theme(store, "Access and state", "Ops")
    assert set(theme_map(store).values()) == {"CFN cycles", "Ops"}


def test_rename_unknown_theme_says_which(store):
    with pytest.raises(ThemeError, match="no theme named 'nope'; themes include"):
        rename_theme(store, "nope", "x")


def test_rename_survives_new_variants(store):
    cfn = theme_map(store)[CFN_CYCLES[0]]
    rename_theme(store, cfn, "CFN cycles")
    store.add_records([Record("new", "pn", "r", "i")])
    store.save_annotation(
        Annotation("new", "bob", knowledge_gaps=["cloudformation circular dependency issues"])
    )
    assert theme_map(store)["cloudformation circular dependency issues"] == "CFN cycles"


def test_theme_summary(store):
    summary = theme_summary(store)
    assert summary["occurrences"].tolist() == [4, 3, 3]
    assert summary["share"].sum() == pytest.approx(1.0)
    assert summary.iloc[0]["examples"] == ["r0", "r1", "r2"]
    by_severity = theme_summary(store, by="severity")
    assert by_severity.iloc[0]["Critical"] == 4
    by_month = theme_summary(store, period="month", top=1)
    assert by_month.groupby("period").size().max() == 1


def test_root_causes_join_themes(store):
    store.save_annotation(
        Annotation(
            "r9",
            "bob",
            failures=[
                Failure(
                    "cycle",
                    "High",
                    root_cause="Circular dependencies between CloudFormation resources. More.",
                )
            ],
        )
    )
    themes = gap_themes(store)
    cause = themes[themes["kind"] == "root_cause"].iloc[0]
    assert cause["text"] == "Circular dependencies between CloudFormation resources."
    assert cause["theme"] == _theme_of(themes, CFN_CYCLES[0])
    assert "root_cause" not in set(gap_themes(store, root_causes=False)["kind"])


def test_semantic_without_package_is_a_clear_error(store):
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(ThemeError, match="sentence-transformers"):
            gap_themes(store, method="semantic")
    else:
        pytest.skip("sentence-transformers is installed")


def test_empty_store(tmp_path):
    empty = Store(tmp_path / "e.db")
    assert gap_themes(empty).empty
    assert theme_summary(empty).empty
    assert theme_map(empty) == {}


@pytest.fixture(scope="module")
def corpus_store(shared_corpus, tmp_path_factory) -> Store:
    from curation.ingest import ingest

    store = Store(tmp_path_factory.mktemp("corpus") / "corpus.db")
    ingest(shared_corpus, store)
    return store


def test_corpus_themes_group_known_variants(corpus_store):
    themes = gap_themes(corpus_store)
    assert (themes["kind"] == "gap").sum() > 100
    assert themes["theme"].notna().all()
    assert themes["theme"].nunique() < themes["normalised"].nunique()
    mapping = theme_map(corpus_store)
    # phrasings of one gap seen in the corpus
    pulumi = {
        t
        for t in mapping
        if normalise_gap(t) in {"pulumi output pattern", "pulumi output handling"}
    }
    assert len(pulumi) >= 2 and len({mapping[t] for t in pulumi}) == 1


def test_corpus_themes_have_no_catch_all_and_no_filler_names(corpus_store):
    themes = gap_themes(corpus_store)
    phrases = themes.drop_duplicates("normalised")
    sizes = phrases.groupby("theme").size()
    assert sizes.max() <= 0.15 * len(phrases), sizes.nlargest(3)
    # grouping happens: most phrases share a theme with another phrase
    assert (phrases["theme"].map(sizes) > 1).mean() > 0.5
    filler = stop_words()
    for name in sizes.nlargest(20).index:
        words = [w for w in name.lower().replace("·", " ").split() if w.isalpha()]
        assert any(w not in filler for w in words), name
        assert not set(name.replace("·", " ").split()) & {"md", "doe", "response", "ideal"}


def test_themes_are_cached_in_the_store_until_the_phrases_change(tmp_path, monkeypatch):
    from curation import themes
    from curation.records import Annotation
    from curation.store import Store

    store = Store(tmp_path / "c.db")
    store.save_annotation(Annotation("t1", "ana", knowledge_gaps=["CFN circular dependency"]))
    first = themes.theme_map(store)
    calls = []
    original = themes._group
    monkeypatch.setattr(themes, "_group", lambda *a: calls.append(1) or original(*a))
    assert themes.theme_map(store) == first and calls == []
    store.save_annotation(Annotation("t2", "bob", knowledge_gaps=["IAM least privilege"]))
    assert "IAM least privilege" in themes.theme_map(store) and calls == [1]
    store.close()


# -- the TF-IDF and clustering without scikit-learn ----------------------------------------


@pytest.mark.parametrize(
    ("phrase", "grams"),
    [
        ("a", [" a "]),
        ("ab", [" ab", "ab ", " ab "]),
        ("abc", [" ab", "abc", "bc ", " abc", "abc ", " abc "]),
        ("Ab  c", [" ab", "ab ", " ab ", " c "]),
    ],
)
def test_char_grams_stay_inside_space_padded_words(phrase, grams):
    from curation.clustering import _char_grams

    assert _char_grams(phrase) == grams


def test_word_grams_drop_stop_words_before_pairing():
    from curation.clustering import _word_grams

    assert _word_grams("The S3 bucket of a EC2 x 42", stop_words()) == [
        "s3",
        "bucket",
        "ec2",
        "s3 bucket",
        "bucket ec2",
    ]


def test_phrases_of_stop_words_only_have_no_vocabulary():
    from curation.themes import _tfidf

    with pytest.raises(ValueError, match="empty vocabulary"):
        _tfidf(["the model", "a response"])


def test_groups_join_only_below_the_threshold():
    import numpy as np

    from curation.themes import _labels

    orthogonal = np.array([[1.0, 0.0], [0.0, 1.0]])  # cosine distance exactly 1
    assert len(set(_labels(orthogonal, 1.0).tolist())) == 2
    assert len(set(_labels(orthogonal, float(np.nextafter(1.0, 2.0))).tolist())) == 1


def test_themes_do_not_import_scikit_learn(tmp_path):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from curation.records import Annotation\n"
        "from curation.store import Store\n"
        "from curation.themes import theme_map\n"
        f"store = Store({str(tmp_path / 's.db')!r})\n"
        "for i, gap in enumerate(['CFN circular dependency', 'circular dependency in CFN']):\n"
        "    store.save_annotation(Annotation(f't{i}', 'ana', knowledge_gaps=[gap]))\n"
        "assert len(set(theme_map(store).values())) == 1\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def _same_bits(ours, theirs) -> bool:
    from scipy import sparse

    ours, theirs = sparse.csr_array(ours), sparse.csr_array(theirs)
    return all(
        (a == b).all()
        for a, b in [
            (ours.indptr, theirs.indptr),
            (ours.indices, theirs.indices),
            (ours.data, theirs.data),
        ]
    )


def test_tfidf_and_clusters_are_scikit_learns_on_the_corpus(corpus_store):
    """The vectors are bit-for-bit scikit-learn's and the clusters its partition."""
    pytest.importorskip("sklearn")
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
    from sklearn.preprocessing import normalize

    from curation import clustering, themes
    from curation import phrases as vocabulary

    assert vocabulary.ENGLISH_STOP_WORDS == ENGLISH_STOP_WORDS
    phrases = sorted({normalise_gap(t) for t in theme_map(corpus_store)})
    words = TfidfVectorizer(
        stop_words=sorted(stop_words()),
        token_pattern=r"(?u)\b(?=\w*[a-z])\w\w+\b",
        ngram_range=(1, 2),
        sublinear_tf=True,
    )
    word_vectors = normalize(words.fit_transform(phrases))
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    char_vectors = normalize(chars.fit_transform([themes._content(p) for p in phrases]))
    weight = clustering.WORD_WEIGHT
    vectors = sparse.hstack(
        [word_vectors * np.sqrt(weight), char_vectors * np.sqrt(1 - weight)], format="csr"
    )
    ours, our_words, terms = themes._tfidf(phrases)
    assert terms.tolist() == words.get_feature_names_out().tolist()
    assert _same_bits(our_words, word_vectors) and _same_bits(ours, vectors)
    assert _same_bits(themes._unit_rows(ours), normalize(vectors))

    unit = normalize(vectors)
    distance = np.clip(1 - (unit @ unit.T).toarray(), 0, 2)
    np.fill_diagonal(distance, 0)

    def partition(labels):
        return sorted(np.flatnonzero(labels == label).tolist() for label in set(labels.tolist()))

    for threshold in (0.5, themes.DEFAULT_THRESHOLD, 0.95):
        theirs = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        ).fit_predict(distance)
        assert partition(themes._labels(ours, threshold)) == partition(theirs)


def test_a_theme_shows_the_most_frequent_spelling_then_the_alphabetically_first(tmp_path):
    store = Store(tmp_path / "d.db")
    spellings = ["TF state locking", "Terraform state locking", "TF state locking"]
    for i, gap in enumerate(spellings):
        store.save_annotation(Annotation(f"t{i}", "ana", knowledge_gaps=[gap]))
    assert set(theme_map(store).values()) == {"TF state locking"}
    store.save_annotation(Annotation("t9", "bob", knowledge_gaps=["Terraform state locking"]))
    assert set(theme_map(store).values()) == {"TF state locking"}  # 2 each: "TF" < "Te"
    store.close()


@pytest.mark.parametrize("kind", ["continuous", "binary", "small integers"])
def test_average_linkage_is_scipys_merge_for_merge(kind):
    """The numpy nearest-neighbour chain finds scipy's heights, bit for bit, and its
    ``fcluster`` partitions, ties included (binary and integer vectors are full of them)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from curation import clustering

    rng = np.random.default_rng(7)
    for _ in range(40):
        count = int(rng.integers(2, 90))
        if kind == "continuous":
            vectors = rng.random((count, 5))
        elif kind == "binary":
            vectors = (rng.random((count, 8)) < 0.3).astype(float)
        else:
            vectors = rng.integers(0, 3, (count, 4)).astype(float)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-300)
        distance = np.clip(1 - vectors @ vectors.T, 0, 2)
        np.fill_diagonal(distance, 0)
        tree = linkage(squareform(distance, checks=False), method="average")
        merges = clustering._average_merges(distance.copy())
        heights = np.array([height for _, _, height in merges])
        assert (np.sort(heights, kind="stable") == tree[:, 2]).all()
        for threshold in (0.1, 0.5, 0.85, 1.0, 1.5):
            below = np.nextafter(threshold, -np.inf)
            ours = clustering._components(count, [(x, y) for x, y, h in merges if h <= below])
            theirs = fcluster(tree, t=below, criterion="distance")
            assert len(set(ours.tolist())) == len(set(theirs.tolist()))
            assert all(len(set(theirs[ours == label].tolist())) == 1 for label in set(ours))


@pytest.mark.parametrize("root_causes", [True, False])
def test_theme_map_reads_the_texts_gap_themes_shows(corpus_store, root_causes):
    """theme_map's light reading (no dates, severities) gives gap_themes' texts and themes."""
    from curation.themes import gap_themes

    frame = gap_themes(corpus_store, root_causes=root_causes)
    expected = dict(zip(frame["text"], frame["theme"], strict=True))
    found = theme_map(corpus_store, root_causes=root_causes)
    assert list(found.items()) == list(expected.items())
