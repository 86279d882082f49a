"""Tests for parsing and rendering failure-analysis markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curation.analysis import check_score, parse_analysis, render_analysis
from curation.records import SEVERITIES, Analysis, Annotation, Failure


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def _doc(corpus: Path, task: str) -> Analysis:
    path = corpus / task / "lib" / "MODEL_FAILURES.md"
    if not path.is_file():
        pytest.skip(f"{path} not in this copy of the corpus")
    return parse_analysis(_read(path))


def _kinds(analysis: Analysis) -> list[str]:
    return [p.kind for p in analysis.problems]


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Analysis:
    return parse_analysis(seed_text)


def test_seed_failures_titles_and_levels(seed: Analysis) -> None:
    assert len(seed.failures) == 14
    assert seed.failures[0].title == "Nested Stacks Architecture Not Testable"
    assert seed.failures[13].title == "CloudWatch Dashboard Metrics Could Be More Specific"
    assert "".join(f.severity[0] for f in seed.failures) == "CCHHHHHMMLLLLL"
    sections = [f.section_severity for f in seed.failures]
    assert [sections.count(s) for s in SEVERITIES] == [5, 3, 4, 2]
    assert seed.failures[0].section == "Critical Failures"


def test_seed_summary_parts(seed: Analysis) -> None:
    assert seed.score == 6.0
    assert seed.knowledge_gaps == [
        "Testing vs. Production Architecture",
        "CloudFormation Limitations",
        "Cost Optimization for Testing",
        "Deployment Practicality",
    ]
    assert seed.claimed_counts == {"Critical": 5, "High": 3, "Medium": 3, "Low": 3}


def test_seed_problems_name_each_mismatched_item(seed: Analysis) -> None:
    mismatches = [p.message for p in seed.problems if p.kind == "severity_mismatch"]
    assert len(mismatches) == 7
    for number, message in zip((3, 4, 5, 8, 10, 11, 12), mismatches, strict=True):
        assert f"item {number} " in message
    assert "High" in mismatches[0] and "Critical" in mismatches[0]
    counts = [p.message for p in seed.problems if p.kind == "claimed_counts_mismatch"]
    assert len(counts) == 1
    assert "5 Critical" in counts[0] and "2 Critical" in counts[0]


def test_seed_fields(seed: Analysis) -> None:
    first = seed.failures[0]
    assert first.model_snippet.startswith("Generated a complex nested stacks architecture")
    assert '"AWS::CloudFormation::Stack"' in first.model_snippet
    assert first.ideal_fix.startswith("Consolidated all resources")
    assert first.root_cause.endswith("- Difficult rollback and debugging")
    assert first.references == [
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/what-is-cfnstacksets.html"
    ]
    assert first.impact["testing"].startswith("BLOCKING")
    assert first.training_value.startswith("Model needs to learn when to simplify")
    assert seed.failures[3].impact["cost"].startswith("32-45/month")


def test_seed_fenced_heading_stays_in_snippet(seed: Analysis) -> None:
    snippet = seed.failures[11].model_snippet
    assert "```markdown\n## Prerequisites\n" in snippet
    assert snippet.rstrip().endswith("```")


def test_seed_to_dict_is_the_json_contract(seed: Analysis) -> None:
    data = json.loads(json.dumps(seed.to_dict()))
    assert set(data) == {"failures", "score", "knowledge_gaps", "claimed_counts", "problems"}
    assert {"title", "severity", "section_severity", "model_snippet", "ideal_fix"} <= set(
        data["failures"][0]
    )
    assert data["problems"][0] == {
        "kind": "severity_mismatch",
        "message": seed.problems[0].message,
    }
