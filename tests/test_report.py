"""Tests for curation.report and `curation report`: a complete, escaped report folder."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from curation.cli import main
from curation.records import Annotation, Failure, Record
from curation.report import write_report
from curation.store import Store

PNGS = {"volume", "severity_mix", "score_distribution", "gap_themes", "score_vs_severity"}
CSVS = {
    "severity_by_period",
    "severity_by_platform",
    "scores_by_period",
    "top_themes",
    "score_outliers",
    "agreement",
    "disagreements",
}
EVIL = "<script>alert('x')</script>"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "report.db")
    store.add_records(
        [
            Record("a&b", "p1", "r", "i", platform=EVIL, date=datetime(2026, 1, 5, tzinfo=UTC)),
            Record("c", "p2", "r", "i", platform="cdk", date=datetime(2026, 2, 9, tzinfo=UTC)),
        ]
    )
    store.save_annotation(
        Annotation(
            "a&b",
            "imported",
            score=9,
            knowledge_gaps=[EVIL + " gap"],
            failures=[Failure("t", "Critical")],
        )
    )
    store.save_annotation(Annotation("a&b", "ana", score=4, knowledge_gaps=[EVIL + " gap"]))
    store.save_annotation(Annotation("a&b", "bob", score=8, failures=[Failure("t", "High")]))
    store.save_annotation(Annotation("c", "ana", score=6, failures=[Failure("u", "Low")]))
    return store


def test_report_folder_is_complete(store, tmp_path):
    index = write_report(store, tmp_path / "out" / "weekly", period="week")
    folder = index.parent
    assert index.name == "index.html"
    names = {p.name for p in folder.iterdir()}
    assert {f"{n}.png" for n in PNGS} | {f"{n}.csv" for n in CSVS} | {"index.html"} == names
    for png in PNGS:
        assert (folder / f"{png}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = index.read_text(encoding="utf-8")
    assert "<title>Weekly curation report, 2026-01-05 to 2026-02-09</title>" in page
    for name in PNGS:
        assert f"src='{name}.png'" in page
    for name in CSVS:
        assert f"href='{name}.csv'" in page


def test_report_escapes_every_data_string(store, tmp_path):
    page = write_report(store, tmp_path / "r", period="month").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "a&amp;b" in page and "a&b<" not in page


def test_report_respects_dates_and_period(store, tmp_path):
    index = write_report(store, tmp_path / "r", period="month", since="2026-02-01")
    page = index.read_text(encoding="utf-8")
    assert "Monthly curation report, 2026-02-01 to" in page
    table = (index.parent / "severity_by_period.csv").read_text()
    assert "2026-02" in table and "2026-01" not in table


def test_report_on_empty_store(tmp_path):
    index = write_report(Store(tmp_path / "e.db"), tmp_path / "r")
    assert "no data" in index.read_text(encoding="utf-8")
    assert len(list(index.parent.glob("*.png"))) == len(PNGS)


def test_cli_report(store, tmp_path):
    out = tmp_path / "cron"
    result = CliRunner().invoke(
        main,
        ["report", "--period", "month", "--out", str(out), "--store", store.location, "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["index"] == str(out / "index.html")
    assert "severity_mix.png" in data["files"]
    plain = CliRunner().invoke(
        main, ["report", "--out", str(out), "--store", store.location, "--since", "2026-01-01"]
    )
    assert plain.exit_code == 0 and plain.output.startswith("report -> ")


def test_cli_report_help_and_bad_period():
    runner = CliRunner()
    assert "cron" in runner.invoke(main, ["report", "--help"]).output
    result = runner.invoke(main, ["report", "--period", "day", "--out", "x"])
    assert result.exit_code == 2 and "'day' is not one of 'week', 'month'" in result.output


def test_report_is_the_same_on_every_back_end(any_store_url, tmp_path):
    from tests.test_aggregate import _backend_store

    reports = {}
    for name, location in [("here", any_store_url), ("sqlite", str(tmp_path / "twin.db"))]:
        index = write_report(_backend_store(location), tmp_path / name, period="week")
        reports[name] = {
            csv.name: csv.read_text(encoding="utf-8") for csv in sorted(index.parent.glob("*.csv"))
        }
        assert {p.stem for p in index.parent.glob("*.png")} == PNGS
    assert set(reports["here"]) == {f"{name}.csv" for name in CSVS}
    assert reports["here"] == reports["sqlite"]
    weeks = reports["here"]["severity_by_period.csv"].splitlines()
    # weeks W02, W04 and W06 hold records; W03 and W05 are kept as zero rows
    assert [line.split(",")[0] for line in weeks[1:]] == [
        "2026-W02",
        "2026-W03",
        "2026-W04",
        "2026-W05",
        "2026-W06",
    ]
    assert weeks[2] == "2026-W03,0,0,0,0,0"
    filtered = write_report(Store(any_store_url), tmp_path / "blue", period="month", team="blue")
    assert "team=blue" in filtered.read_text(encoding="utf-8")
    by_platform = (filtered.parent / "severity_by_platform.csv").read_text().splitlines()
    assert by_platform[1:] == ["cdk,1,1,1,1,1"]
