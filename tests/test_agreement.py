"""Tests for curation.agreement: published alpha/kappa values and agreement from the store."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from curation.agreement import (
    agreement,
    calibration,
    disagreements,
    jaccard,
    krippendorff_alpha,
    masi,
    weighted_kappa,
)
from curation.records import Annotation, Failure, Record
from curation.store import Store

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders,
# 12 units, missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
# Krippendorff (2011), section A: two coders, binary data; published nominal alpha 0.095.
BINARY = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


def _units(coders):
    return pd.DataFrame(coders).T  # our tables are units x coders


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_published_example(level, expected):
    assert round(krippendorff_alpha(_units(KRIPPENDORFF_2011), level), 3) == expected


def test_krippendorff_binary_example():
    assert round(krippendorff_alpha(_units(BINARY), "nominal"), 3) == 0.095


def test_krippendorff_three_coder_example():
    # the nominal example used by the `krippendorff` package's own tests: 0.691358
    data = [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
    assert round(krippendorff_alpha(_units(data), "nominal"), 6) == 0.691358
    assert round(krippendorff_alpha(_units(data), "interval"), 6) == 0.810845


def test_krippendorff_edge_cases():
    assert krippendorff_alpha([[1, 1], [2, 2], [3, 3]]) == 1.0
    assert math.isnan(krippendorff_alpha([[1, 1], [1, 1]]))  # no variation
    assert math.isnan(krippendorff_alpha([[1, nan], [nan, 2]]))  # nothing pairable
    with pytest.raises(ValueError, match="level must be"):
        krippendorff_alpha([[1, 2]], "ratio-ish")


def test_weighted_kappa_matches_hand_computation_and_sklearn():
    from sklearn.metrics import cohen_kappa_score

    a = [1, 2, 3, 1, 2, 3, 1, 2, 3, 3]
    b = [1, 2, 3, 2, 2, 3, 1, 3, 2, 3]
    # hand: observed weighted disagreement 3 * 0.25 / 10 = 0.075; expected 0.315 -> 0.7619
    assert round(weighted_kappa(a, b, scale=[1, 2, 3]), 4) == 0.7619
    assert weighted_kappa(a, b, scale=[1, 2, 3]) == pytest.approx(
        cohen_kappa_score(a, b, weights="quadratic")
    )
    assert weighted_kappa(a, b, [1, 2, 3], weights="linear") == pytest.approx(
        cohen_kappa_score(a, b, weights="linear")
    )
    assert weighted_kappa([1, 2], [1, 2], scale=[1, 2]) == 1.0


def test_set_agreement():
    assert jaccard(set(), set()) == 1.0
    assert jaccard({"a"}, {"b"}) == 0.0
    assert masi({"a", "b"}, {"a", "b"}) == 1.0
    assert masi({"a", "b"}, {"a", "b", "c"}) == pytest.approx(2 / 3 * 2 / 3)
    assert masi({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3 * 1 / 3)
    assert masi({"a"}, {"b"}) == 0.0


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "agree.db")
    store.add_records([Record(f"r{i}", f"p{i}", "r", "i") for i in range(4)])
    rows = [
        ("r0", "ana", 8, ["CFN circular dependencies"], ["High"]),
        ("r0", "bob", 8, ["circular dependency in CFN"], ["High"]),
        ("r1", "ana", 3, ["IAM least privilege"], ["Critical"]),
        ("r1", "bob", 9, ["Terraform state locking"], []),
        ("r2", "ana", 6, [], ["Low"]),
        ("r2", "bob", 5, [], ["Medium"]),
        ("r2", "imported", 10, [], []),
        ("r3", "ana", 7, [], []),
    ]
    for record, who, score, gaps, levels in rows:
        store.save_annotation(
            Annotation(
                record,
                who,
                score=score,
                knowledge_gaps=gaps,
                failures=[Failure("f", level) for level in levels],
            )
        )
    return store


def test_agreement_from_store(store):
    table = agreement(store).set_index(["field", "statistic", "annotators"])
    alpha = table.loc[("score", "krippendorff_alpha_ordinal", "all")]
    assert alpha["records"] == 3 and alpha["pairs"] == 3
    expected = krippendorff_alpha(pd.DataFrame({"ana": [8, 3, 6], "bob": [8, 9, 5]}))
    assert alpha["value"] == pytest.approx(expected)
    kappa = table.loc[("score", "cohen_kappa_quadratic", "ana ~ bob")]
    assert kappa["records"] == 3
    # CFN variants are one theme: r0 agrees fully, r1 not at all, r2 (both empty) fully
    gaps = table.loc[("gaps", "jaccard", "all")]
    assert gaps["value"] == pytest.approx(2 / 3) and gaps["pairs"] == 3
    assert "imported" not in " ".join(table.index.get_level_values("annotators"))


def test_agreement_can_include_imported(store):
    table = agreement(store, include_imported=True)
    assert (table["annotators"] == "ana ~ imported").any()
    alpha = table[(table.field == "score") & (table.annotators == "all")].iloc[0]
    assert alpha["pairs"] == 5  # r0, r1 one pair each, r2 three


def test_disagreements_most_disputed_first(store):
    table = disagreements(store)
    assert table["record_id"].tolist() == ["r1", "r2", "r0"]
    top = table.iloc[0]
    assert top["score_spread"] == 6 and top["severity_spread"] == 4
    assert top["scores"] == {"ana": 3.0, "bob": 9.0}
    assert top["severities"] == {"ana": "Critical", "bob": "none"}
    assert table.set_index("record_id").loc["r0", "gap_jaccard"] == 1.0
    assert disagreements(store, min_spread=2)["record_id"].tolist() == ["r1"]


def test_calibration(store):
    table = calibration(store)
    assert table.loc["ana", "n"] == 3
    # ana: 8-8, 3-9, 6-5 -> offsets 0, -6, 1
    assert table.loc["ana", "mean_offset"] == pytest.approx(-5 / 3)
    assert table.loc["bob", "median_offset"] == pytest.approx(0)
    by_week = calibration(store, period="week")
    assert by_week.index.names == ["annotator", "period"]


def test_nothing_to_compare(tmp_path):
    empty = Store(tmp_path / "e.db")
    assert agreement(empty)["records"].sum() == 0
    assert disagreements(empty).empty
    assert calibration(empty).empty
