"""The `curation` command: help everywhere, JSON contracts, exit codes, exact error text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from curation.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def test_every_command_has_help(runner):
    assert run(runner, "--help").exit_code == 0
    for name in main.commands:
        result = run(runner, name, "--help")
        assert result.exit_code == 0, name
        assert "Usage:" in result.output and len(result.output.splitlines()) > 3, name


def test_ingest_json_contract(runner, tmp_path, write_task):
    corpus = tmp_path / "corpus"
    write_task(corpus, "good")
    broken = write_task(corpus, "broken", prompt="other")
    (broken / "lib" / "MODEL_RESPONSE.md").unlink()
    store = tmp_path / "c.db"
    result = run(runner, "ingest", corpus, "--store", store, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"seen", "new", "updated", "unchanged", "rejected", "problems", "seconds"} <= set(data)
    assert data["seen"] == data["new"] + data["updated"] + data["unchanged"] + data["rejected"]
    assert (data["seen"], data["new"], data["rejected"]) == (2, 1, 1)
    assert data["problems"]["missing_file"] == 1

    again = json.loads(run(runner, "ingest", corpus, "--store", store, "--json").stdout)
    assert (again["new"], again["unchanged"], again["rejected"]) == (0, 1, 1)


def test_ingest_human_summary(runner, tmp_path, write_task):
    write_task(tmp_path / "corpus", "good", response="same", ideal="same")
    result = run(runner, "ingest", tmp_path / "corpus", "--store", tmp_path / "c.db")
    assert result.exit_code == 0
    assert "1 seen: 1 new, 0 updated, 0 unchanged, 0 rejected" in result.output
    assert "identical_responses" in result.output


def test_ingest_missing_path_fails_clearly(runner, tmp_path, write_task):
    result = runner.invoke(main, ["ingest", str(tmp_path / "nope"), "--store", str(tmp_path / "c")])
    assert result.exit_code != 0
    assert f"{tmp_path / 'nope'}: no such file or folder" in result.output


def test_ingest_nothing_readable_fails(runner, tmp_path, write_task):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(
        main, ["ingest", str(tmp_path / "empty"), "--store", str(tmp_path / "c")]
    )
    assert result.exit_code != 0
    assert "no task folders" in result.output


def test_problems_json_contract(runner, tmp_path, write_task):
    corpus = tmp_path / "corpus"
    write_task(corpus, "team/a", response="x", ideal="x")
    store = tmp_path / "c.db"
    run(runner, "ingest", corpus, "--store", store)
    data = json.loads(run(runner, "problems", "--store", store, "--json").stdout)
    assert isinstance(data, list) and data
    assert {"record", "kind", "message"} <= set(data[0])
    assert ("team/a", "identical_responses") in {(p["record"], p["kind"]) for p in data}
    only = json.loads(run(runner, "problems", "--store", store, "--kind", "nope", "--json").stdout)
    assert only == []


def test_parse_json_contract(runner, tmp_path, write_task):
    path = tmp_path / "MODEL_FAILURES.md"
    path.write_text(
        "## High Failures\n\n### 1. Wrong port\n\n**Impact Level**: Low\n\n"
        "**Root Cause**: guessed\n\n## Summary\n\n**Recommended Score**: 5/10\n"
    )
    result = run(runner, "parse", path, "--json")
    data = json.loads(result.stdout)
    assert {"failures", "score", "knowledge_gaps", "claimed_counts", "problems"} <= set(data)
    failure = data["failures"][0]
    keys = {"title", "severity", "section_severity", "model_snippet", "ideal_fix", "root_cause"}
    assert keys | {"training_value", "references"} <= set(failure)
    assert (failure["title"], failure["severity"], failure["section_severity"]) == (
        "Wrong port",
        "Low",
        "High",
    )
    assert data["score"] == 5
    assert [p["kind"] for p in data["problems"]] == ["severity_mismatch"]


def test_parse_seed_human_output(runner, seed_text, tmp_path, write_task):
    path = tmp_path / "seed.md"
    path.write_text(seed_text)
    result = run(runner, "parse", path)
    assert result.output.startswith("14 failure(s), score 6")


def test_parse_reads_utf16_and_says_so(runner, tmp_path, write_task):
    path = tmp_path / "MODEL_FAILURES.md"
    path.write_bytes("## High Failures\n\n### 1. Wrong port\n".encode("utf-16"))
    data = json.loads(run(runner, "parse", path, "--json").stdout)
    assert [(f["title"], f["severity"]) for f in data["failures"]] == [("Wrong port", "High")]
    assert data["problems"][0]["kind"] == "not_utf8"


def test_parse_unreadable_file(runner, tmp_path, write_task):
    result = runner.invoke(main, ["parse", str(tmp_path / "missing.md")])
    assert result.exit_code != 0
    assert "cannot read" in result.output


def test_report_with_an_impossible_date_fails_clearly(runner, tmp_path, write_task):
    write_task(tmp_path / "corpus", "task-a")
    store = tmp_path / "c.db"
    run(runner, "ingest", tmp_path / "corpus", "--store", store)
    result = runner.invoke(
        main,
        ["report", "--since", "2025-13-01", "--out", str(tmp_path / "r"), "--store", str(store)],
    )
    assert result.exit_code == 1
    assert "cannot read the date '2025-13-01'" in result.output
