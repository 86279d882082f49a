"""Tests for curation.aggregate: frames, filters, periods, severity tables and scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest
import sqlalchemy as sa

from curation.aggregate import (
    SEVERITY_ORDER,
    annotations_frame,
    failures_frame,
    period_label,
    period_start,
    score_histogram,
    score_outliers,
    score_summary,
    score_vs_failures,
    severity_table,
)
from curation.records import Annotation, Failure, Record
from curation.store import Store

IST = timezone(timedelta(hours=5, minutes=30))


def _record(record_id: str, when: datetime, platform: str = "cdk", **metadata) -> Record:
    return Record(
        record_id,
        f"prompt {record_id}",
        "response",
        "ideal",
        platform=platform,
        language="ts",
        date=when,
        metadata=metadata,
    )


@pytest.fixture
def store(tmp_path) -> Store:
    """Five records across a year end and a +05:30 offset, three annotators."""
    store = Store(tmp_path / "agg.db")
    store.add_records(
        [
            _record("y1", datetime(2026, 12, 31, 23, 0, tzinfo=UTC), team="a"),
            _record("y2", datetime(2027, 1, 1, 1, 0, tzinfo=UTC), platform="tf", team="b"),
            _record("y3", datetime(2027, 1, 4, 0, 0, tzinfo=UTC), platform="tf"),
            # Monday 03:00 in India is Sunday 21:30 UTC: previous day, previous ISO week
            _record("ist", datetime(2026, 3, 2, 3, 0, tzinfo=IST), team="a"),
            _record("nodate", None),
        ]
    )
    save = store.save_annotation
    save(
        Annotation(
            "y1",
            "imported",
            score=9,
            knowledge_gaps=["CFN circular deps"],
            failures=[Failure("a", "Critical"), Failure("b", "Low"), Failure("c", None)],
        )
    )
    save(Annotation("y1", "ana", score=7, failures=[Failure("a", "High")]))
    save(Annotation("y2", "ana", score=3))
    save(Annotation("y2", "bob", score=4, failures=[Failure("x", "Medium")]))
    save(Annotation("y3", "bob", score=8, failures=[Failure("x", "Medium"), Failure("y", "Low")]))
    save(Annotation("ist", "ana", score=6, failures=[Failure("i", "High")]))
    save(Annotation("nodate", "ana", score=5, failures=[Failure("n", "weird level")]))
    return store


def test_failures_frame_has_one_row_per_failure_with_metadata(store):
    frame = failures_frame(store)
    with store.engine.connect() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM failures")).scalar_one()
    assert len(frame) == total == 9
    assert frame["failure_id"].is_unique
    row = frame[(frame.record_id == "y2") & (frame.annotator == "bob")].iloc[0]
    assert (row.platform, row.language, row.score, row.severity) == ("tf", "ts", 4.0, "Medium")
    assert row.date == pd.Timestamp("2027-01-01 01:00", tz="UTC")
    assert list(frame["severity"].cat.categories) == list(SEVERITY_ORDER)
    # a level outside the scale and a missing one both count as Unrated
    assert (frame["severity"] == "Unrated").sum() == 2


def test_ist_date_is_converted_to_utc(store):
    frame = failures_frame(store)
    ist = frame.loc[frame.record_id == "ist", "date"].iloc[0]
    assert ist == pd.Timestamp("2026-03-01 21:30", tz="UTC")


def test_annotations_frame_counts_failures_per_severity(store):
    frame = annotations_frame(store).set_index(["record_id", "annotator"])
    assert len(frame) == 7
    y1 = frame.loc[("y1", "imported")]
    assert (y1.failures, y1.critical, y1.high, y1.low, y1.unrated) == (3, 1, 0, 1, 1)
    assert frame.loc[("y2", "ana")].failures == 0
    assert frame.loc[("nodate", "ana")].unrated == 1
    assert y1.knowledge_gaps == ["CFN circular deps"]
    assert frame["updated_at"].dt.tz is not None


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"annotators": "human"}, 6),
        ({"annotators": "imported"}, 3),
        ({"annotators": ["bob"]}, 3),
        ({"platform": "tf"}, 3),
        ({"platform": ["tf", "cdk"]}, 9),
        ({"team": "a"}, 5),  # raw metadata key
        ({"since": "2027-01-01"}, 3),
        ({"until": "2026-12-31"}, 5),  # a bare date keeps its whole day
        ({"until": "2026-12-31T22:00:00+00:00"}, 1),
        ({"since": "2026-03-02"}, 7),  # the +05:30 record is on 1 March in UTC
        ({"since": "2026-03-02T00:00:00+05:30"}, 8),
    ],
)
def test_filters(store, filters, expected):
    assert len(failures_frame(store, **filters)) == expected


def test_filters_apply_to_annotations_frame(store):
    assert set(annotations_frame(store, annotators="human").annotator) == {"ana", "bob"}
    assert len(annotations_frame(store, platform="tf")) == 3


@pytest.mark.parametrize(
    ("moment", "week_start", "label"),
    [
        ("2026-12-31T12:00:00+00:00", "2026-12-28", "2026-W53"),
        ("2027-01-01T00:00:00+00:00", "2026-12-28", "2026-W53"),
        ("2027-01-03T23:59:59+00:00", "2026-12-28", "2026-W53"),
        ("2027-01-04T00:00:00+00:00", "2027-01-04", "2027-W01"),
        ("2025-12-29T08:00:00+00:00", "2025-12-29", "2026-W01"),
        ("2026-03-02T03:00:00+05:30", "2026-02-23", "2026-W09"),
        ("2026-03-01T23:00:00-05:00", "2026-03-02", "2026-W10"),
    ],
)
def test_iso_week_boundaries_in_utc(moment, week_start, label):
    start = period_start(pd.Series([pd.Timestamp(moment)]), "week").iloc[0]
    assert start == pd.Timestamp(week_start, tz="UTC")
    assert period_label(start, "week") == label


def test_month_boundaries_in_utc():
    dates = pd.Series([pd.Timestamp("2026-04-01T02:00:00+05:30"), pd.Timestamp("2027-01-01")])
    starts = period_start(dates, "month")
    assert [period_label(s, "month") for s in starts] == ["2026-03", "2027-01"]


def test_period_rejects_unknown_period():
    with pytest.raises(ValueError, match="period must be one of"):
        period_start(pd.Series([pd.Timestamp("2026-01-01", tz="UTC")]), "day")


def test_severity_table_by_week_spans_year_end(store):
    table = severity_table(failures_frame(store), by="period", period="week")
    assert list(table.columns) == list(SEVERITY_ORDER)
    year_end = table.loc[pd.Timestamp("2026-12-28", tz="UTC")]
    # y1 (31 Dec) and y2 (1 Jan) share ISO week 2026-W53
    assert year_end.to_dict() == {"Critical": 1, "High": 1, "Medium": 1, "Low": 1, "Unrated": 1}
    assert table.loc[pd.Timestamp("2026-02-23", tz="UTC"), "High"] == 1
    assert list(table.index) == sorted(table.index)
    # the undated record's failure has no period
    assert table.to_numpy().sum() == 8


def test_severity_table_by_column_and_shares(store):
    frame = failures_frame(store)
    counts = severity_table(frame, by="platform")
    assert counts.loc["tf"].tolist() == [0, 0, 2, 1, 0]
    assert counts.to_numpy().sum() == len(frame)
    shares = severity_table(frame, by="platform", normalize=True)
    assert shares.sum(axis=1).round(9).tolist() == [1.0, 1.0]
    assert shares.loc["tf", "Medium"] == pytest.approx(2 / 3)


def test_severity_table_accepts_plain_string_severities(store):
    frame = failures_frame(store)
    frame["severity"] = frame["severity"].astype(object)
    assert severity_table(frame, by="annotator").loc["bob"].tolist() == [0, 0, 2, 1, 0]


def test_score_summary(store):
    overall = score_summary(store)
    assert overall.loc["all"].to_dict() == {
        "n": 7,
        "mean": pytest.approx(6.0),
        "median": 6.0,
        "q1": 4.5,
        "q3": 7.5,
        "min": 3.0,
        "max": 9.0,
    }
    by_annotator = score_summary(store, by="annotator")
    assert by_annotator.loc["bob", "mean"] == 6.0
    by_month = score_summary(store, period="month", annotators="human")
    assert by_month.loc[pd.Timestamp("2026-12-01", tz="UTC"), "n"] == 1


def test_score_summary_from_failures_frame_counts_each_annotation_once(store):
    summary = score_summary(failures_frame(store))
    assert summary.loc["all", "n"] == 6  # y2/ana has no failures, so it is not in the frame


def test_score_histogram(store):
    histogram = score_histogram(store)
    assert histogram["count"].sum() == 7
    assert histogram.loc["9-10", "count"] == 1
    assert histogram.loc["3-4", "count"] == 1
    by = score_histogram(store, by="annotator")
    assert by.loc["4-5", "bob"] == 1


def test_score_vs_failures(store):
    table = score_vs_failures(store)
    assert table.loc[9.0, "critical"] == 1
    assert table.loc[8.0, "failures"] == 2
    assert table["annotations"].sum() == 7
    with pytest.raises(ValueError, match="annotations frame"):
        score_vs_failures(failures_frame(store))


def test_score_outliers(store):
    outliers = score_outliers(store).set_index(["record_id", "annotator"])
    assert set(outliers.index) == {("y1", "imported"), ("y2", "ana")}
    assert "Critical" in outliers.loc[("y1", "imported"), "reason"]
    assert outliers.loc[("y2", "ana"), "reason"] == "score 3 with no failures"


def test_empty_store_gives_empty_frames(tmp_path):
    empty = Store(tmp_path / "empty.db")
    frame = failures_frame(empty)
    assert frame.empty and "severity" in frame
    assert severity_table(frame, by="period").empty
    assert annotations_frame(empty).empty
    assert score_summary(empty).loc["all", "n"] == 0


# -- the shared corpus ------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(shared_corpus, tmp_path_factory) -> Store:
    from curation.ingest import ingest

    store = Store(tmp_path_factory.mktemp("corpus") / "corpus.db")
    ingest(shared_corpus, store)
    return store


def test_corpus_totals_reconcile_with_the_store(corpus_store):
    with corpus_store.engine.connect() as conn:
        failures = conn.execute(sa.text("SELECT count(*) FROM failures")).scalar_one()
        annotations = conn.execute(sa.text("SELECT count(*) FROM annotations")).scalar_one()
    frame = failures_frame(corpus_store)
    assert failures > 1000
    assert len(frame) == failures
    assert frame["failure_id"].is_unique
    per_annotation = annotations_frame(corpus_store)
    assert len(per_annotation) == annotations
    assert per_annotation["failures"].sum() == failures
    by_platform = severity_table(frame, by="platform")
    assert by_platform.to_numpy().sum() == frame["platform"].notna().sum()
    by_week = severity_table(frame, by="period", period="week")
    assert by_week.to_numpy().sum() == frame["date"].notna().sum()
    counted = per_annotation[["critical", "high", "medium", "low", "unrated"]].sum()
    assert counted.tolist() == frame["severity"].value_counts(sort=False).tolist()


def test_corpus_small_chunks_give_the_same_frame(corpus_store):
    whole = failures_frame(corpus_store)
    chunked = failures_frame(corpus_store, chunk=97)
    pd.testing.assert_frame_equal(whole, chunked)


# -- both back ends --------------------------------------------------------------------


def _backend_store(url: str) -> Store:
    """The same small store on any back end: two platforms, a metadata key, three weeks."""
    store = Store(url)
    store.add_records(
        [
            Record(
                "a",
                "p1",
                "r",
                "i",
                platform="cdk",
                metadata={"team": "blue", "batch": 1},
                date=datetime(2026, 1, 5, 9, tzinfo=UTC),
            ),
            Record(
                "b",
                "p2",
                "r",
                "i",
                platform="cfn",
                metadata={"team": "red"},
                date=datetime(2026, 1, 25, 23, 30, tzinfo=UTC),
            ),
            Record(
                "c",
                "p3",
                "r",
                "i",
                platform="cdk",
                metadata={"team": "blue"},
                date=datetime(2026, 2, 2, tzinfo=UTC),
            ),
        ]
    )
    store.save_annotation(
        Annotation(
            "a",
            "imported",
            score=4,
            knowledge_gaps=["CloudFormation circular dependencies"],
            failures=[Failure("cycle", "Critical", root_cause="Circular dependency in CFN.")],
        )
    )
    store.save_annotation(
        Annotation(
            "a",
            "ana",
            score=5,
            knowledge_gaps=["circular dependency in CFN"],
            failures=[Failure("cycle", "High"), Failure("tags", "Low")],
        )
    )
    store.save_annotation(
        Annotation("b", "ana", score=8, knowledge_gaps=["IAM least privilege"], failures=[])
    )
    store.save_annotation(
        Annotation(
            "c",
            "bob",
            score=6,
            knowledge_gaps=["overly permissive IAM policies"],
            failures=[Failure("iam", "Medium"), Failure("misc", None)],
        )
    )
    return store


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Ids differ between back ends; everything else must not."""
    out = frame.drop(columns=[c for c in ("failure_id", "annotation_id") if c in frame])
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object)
    return out.reset_index(drop=True)


@pytest.fixture
def backend_store(any_store_url) -> Store:
    return _backend_store(any_store_url)


@pytest.fixture
def sqlite_twin(tmp_path) -> Store:
    return _backend_store(str(tmp_path / "twin.db"))


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"team": "blue"},
        {"team": ["red", "blue"]},
        {"batch": 1},
        {"platform": "cdk", "annotators": "human"},
        {"since": "2026-01-20", "until": "2026-01-25"},
        {"since": datetime(2026, 1, 25, 23, tzinfo=UTC)},
    ],
)
def test_frames_match_on_every_back_end(backend_store, sqlite_twin, filters):
    failures = failures_frame(backend_store, **filters)
    expected = failures_frame(sqlite_twin, **filters)
    pd.testing.assert_frame_equal(_comparable(failures), _comparable(expected))
    notes = annotations_frame(backend_store, **filters).drop(columns="updated_at")
    expected_notes = annotations_frame(sqlite_twin, **filters).drop(columns="updated_at")
    pd.testing.assert_frame_equal(_comparable(notes), _comparable(expected_notes))
    for by in ("period", "platform"):
        pd.testing.assert_frame_equal(
            severity_table(failures, by=by), severity_table(expected, by=by)
        )


def test_metadata_filter_on_every_back_end(backend_store):
    assert sorted(failures_frame(backend_store, team="blue")["title"]) == [
        "cycle",
        "cycle",
        "iam",
        "misc",
        "tags",
    ]
    assert set(annotations_frame(backend_store, team="red")["record_id"]) == {"b"}
    assert set(annotations_frame(backend_store, batch=1)["record_id"]) == {"a"}
    assert annotations_frame(backend_store, team="green").empty
    frame = annotations_frame(backend_store)
    assert str(frame["date"].dt.tz) == "UTC" and str(frame["updated_at"].dt.tz) == "UTC"
    assert frame.loc[frame["record_id"] == "b", "date"].iloc[0] == pd.Timestamp(
        "2026-01-25 23:30", tz="UTC"
    )
