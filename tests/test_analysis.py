"""Tests for parsing and rendering failure-analysis markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curation._analysis_doc import _atx_heading
from curation._analysis_lists import _NONE_FOUND_RE
from curation._analysis_vocab import _heading_level, _match_bold_line, _match_label
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


# --------------------------------------------------------------------------- small documents


def test_item_label_beats_section_level_and_major_minor_map() -> None:
    text = (
        "# Review\n\n## Major Issues\n\n### 1. Bucket is public\n\n**Severity**: Minor\n\n"
        "**Issue**: anyone can read it\n\n### 2. No alarms\n\n**Fix**: add two alarms\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity, f.section_severity) for f in a.failures] == [
        ("Bucket is public", "Low", "High"),
        ("No alarms", "High", "High"),
    ]
    assert a.failures[0].model_snippet == "anyone can read it"
    assert _kinds(a) == ["severity_mismatch"]
    assert "item 1" in a.problems[0].message


def test_a_section_naming_two_levels_admits_both() -> None:
    text = (
        "# Review\n\n## Medium/Low Issues\n\n### 1. Loose tags\n\n**Severity**: Low\n\n"
        "### 2. Short retention\n\n**Severity**: Medium\n\n### 3. Open port\n\n"
        "**Severity**: High\n"
    )
    a = parse_analysis(text)
    assert [(f.severity, f.section_severity) for f in a.failures] == [
        ("Low", "Medium"),
        ("Medium", "Medium"),
        ("High", "Medium"),
    ]
    assert [p.message for p in a.problems] == [
        "item 3 ('Open port') is labelled High but sits in the Medium section 'Medium/Low Issues'"
    ]


def test_a_list_of_what_was_built_is_no_failure(shared_corpus: Path) -> None:
    # Under an "improvements implemented" section, numbered headings are failures only with
    # labels that say what went wrong; a bulleted "Documentation" or "Error Monitoring" topic
    # is neither a reference nor an error message.
    text = (
        "# Model Failures and Improvements\n\nThe model response was empty.\n\n"
        "## Infrastructure Improvements Implemented\n\n### 1. Monitoring\n"
        "**Implemented**: observability\n\n- **Error Monitoring**: an alarm on errors\n"
        "- **Documentation**: inline comments\n\n### 2. Storage\n**Implemented**: buckets\n\n"
        "- **Error Handling**: retries\n"
    )
    a = parse_analysis(text)
    assert a.failures == [] and _kinds(a) == ["no_failures"]
    a = parse_analysis(text + "\n### 3. Wrong region\n**Issue**: used us-west-1\n")
    assert [f.title for f in a.failures] == ["Wrong region"]
    a = parse_analysis(
        "## Failures\n\n### 1. Deploy broke\n\n**Error Monitoring**: none set\n\n"
        "**Error Output**: AccessDenied\n"
    )
    assert a.failures[0].error_message == "AccessDenied"
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr619").failures == []


def test_an_item_its_own_text_takes_back_is_no_failure(shared_corpus: Path) -> None:
    text = (
        "## High Failures\n\n### 1. Open port\n\n**Issue**: port 22 open\n\n"
        "### 2. NAT gateways\n\n**Issue**: dev creates NAT gateways?\n\n"
        "**Fix**: The logic is actually correct. This is not a failure.\n\n"
        "### 3. Retention\n\n**Impact Level**: Medium (duplicate of #1, see above)\n\n"
        "### 4. Multi-AZ\n\n**Note**: This is not a failure per se, but a design choice.\n\n"
        "**Fix**: enable Multi-AZ\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open port", "Multi-AZ"]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr8640").failures) == 11
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr7494").failures) == 4
    expected = (
        "# Issues Fixed\n\n## 1. Type Errors\n\n### Wrong retention type\n\n**Problem**: a string\n\n"
        "## 2. Expected Errors (Not Fixed)\n\n### Lambda dependencies\n\n**Problem**: not bundled"
        " at synth time\n"
    )
    assert [f.title for f in parse_analysis(expected).failures] == ["Wrong retention type"]
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr5469").failures) == 6
    # Outside the response: the environment, "not a template issue" (with a fix to the
    # response, "not a code error" only says whose quota it was).
    outside = (
        "## Deployment Issues\n\n### 1. Wrong AMI\n\n**Issue**: bad ID\n\n"
        "### 2. S3 Access Denied\n\n**Issue**: upload refused\n\n- This is an environment"
        " issue, not a template issue\n\n### 3. Endpoints over quota\n\n**Fix**: drop them\n\n"
        "**Note**: a test account limitation, not a code error.\n"
    )
    titles = [f.title for f in parse_analysis(outside).failures]
    assert titles == ["Wrong AMI", "Endpoints over quota"]
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr518").failures) == 2
    # Or finds it right after all.
    right = outside.replace(
        "This is an environment issue, not a template issue",
        "It sets the user. The prompt wants that, so this is actually correct",
    )
    assert [f.title for f in parse_analysis(right).failures] == titles
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr9044").failures) == 48
    cleared = outside.replace(
        "This is an environment issue, not a template issue",
        "Re-read: the model's choice is correct; no change was made",
    )
    assert [f.title for f in parse_analysis(cleared).failures] == titles


def test_a_best_practices_category_with_a_level_holds_failures(shared_corpus: Path) -> None:
    text = (
        "## Category B: Configuration Issues (High)\n\n### 1. No suffix\n\n**Issue**: x\n\n"
        "## Category C: Best Practices (Medium)\n\n### 2. No caching\n\n**Issue**: y\n\n"
        "## Best Practices (Recommended)\n\n### 3. Use caching\n\nAdd a cache.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("No suffix", "High"),
        ("No caching", "Medium"),
    ]
    assert len(_doc(shared_corpus, "archive__cicd-yml__Pr7682").failures) == 11
    # Upper case too: "## **COMPLIANCE AND BEST PRACTICES FAILURES**".
    shouted = text.replace("Category C: Best Practices (Medium)", "BEST PRACTICES FAILURES")
    assert [f.title for f in parse_analysis(shouted).failures] == ["No suffix", "No caching"]
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr8421").failures) == 14


def test_a_section_of_enhancements_is_what_was_added(shared_corpus: Path) -> None:
    text = (
        "# Infrastructure Improvements and Fixes\n\n## Critical Fixes Applied\n\n"
        "### 1. Wrong provider version\n\n**Fix**: pinned it\n\n## Security Enhancements\n\n"
        "### 1. Bucket layers\n\n**Improvement**: Implemented encryption and versioning\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Wrong provider version"]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr1241").failures) == 5
    assert len(_doc(shared_corpus, "archive__cdktf-go__Pr2103").failures) == 6
    # A level does not make improvements or observations failures: they need their labels.
    minor = text.replace("## Security Enhancements", "## Minor Improvements")
    assert [f.title for f in parse_analysis(minor).failures] == ["Wrong provider version"]
    noted = text.replace("## Security Enhancements", "## Minor Observations (Non-blocking)")
    assert [f.title for f in parse_analysis(noted).failures] == ["Wrong provider version"]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr1280").failures) == 6
    assert _doc(shared_corpus, "archive__cdk-ts__Pr699").failures == []
    # "## Performance Optimizations" tells what the improved stack has, as enhancements do.
    tuned = (
        text.replace("## Security Enhancements", "## Performance Optimizations")
        .replace("### 1. Bucket layers", "### 1. Lambda Cold Start Reduction")
        .replace("**Improvement**: Implemented encryption and versioning", "- Inline code")
    )
    assert [f.title for f in parse_analysis(tuned).failures] == ["Wrong provider version"]
    # (Its "## Monitoring and Observability" over "### 1. Comprehensive Logging" and plain
    # bullets describes the improved stack too: only the Issue/Fix items are failures.)
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr8451").failures) == 3


def test_lettered_headings_run_past_h(shared_corpus: Path) -> None:
    letters = "abcdefghij"
    text = "## 1. Feature Gaps\n\n" + "".join(
        f"### {c}. Gap {c}\n- **Partial:** the model left {c} out\n\n" for c in letters
    )
    assert [f.title for f in parse_analysis(text).failures] == [f"Gap {c}" for c in letters]
    titles = [f.title for f in _doc(shared_corpus, "archive__cdk-py__Pr2501").failures]
    assert "Error Handling" in titles and "Outputs" in titles


def test_an_impact_analysis_tells_what_the_failures_cost(shared_corpus: Path) -> None:
    text = (
        "# Model Failures\n\n## Critical Failures\n\n### 1. Module mix-up\n\n**Issue**: x\n\n"
        "## Test Coverage Impact Analysis\n\n### Unit Test Failures Caused\n"
        "- **Synthesis Conflicts**: the module mix-up stopped synth\n"
        "- **Count Mismatches**: names were unpredictable\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Module mix-up"]
    assert len(_doc(shared_corpus, "archive__cdk-js__Pr2016").failures) == 10


def test_what_went_right_and_recommendations_are_not_failures() -> None:
    text = (
        "# Analysis\n\n## Failures\n\n### 1. Wrong runtime\n\n**Issue**: old version\n\n"
        "## What the Model Did Right\n\n### 1. Good tags\n\n**Issue**: none really\n\n"
        "## Recommendations\n\n1. **Pin versions**: always\n2. **Test more**: please\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["Wrong runtime"]


def test_item_parts_are_not_items() -> None:
    text = (
        "# Review\n\n## Issues Found\n\n### Issue 1: Open bucket (HIGH)\n\n#### Root Cause\n\n"
        "- copied a policy\n- no review\n\n#### Why This Matters\n\n- data leak\n\n"
        "### Issue 2: No alarms\n\n#### Impact\n\n- nobody is paged\n\n"
        "## Fixes Applied\n\n### Fix 1: Block public access\n\n**Fix**: done\n\n"
        "## Architectural Decisions\n\n### 1. Single region\n\n**Issue**: fine\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Open bucket", "High"),
        ("No alarms", None),
    ]
    assert a.failures[0].root_cause.startswith("- copied a policy")
    assert a.failures[1].impact["general"] == "- nobody is paged"


def test_meta_notes_and_pass_marks_are_not_failures() -> None:
    text = (
        "# Model Failures\n\n## Issues\n\n### 1. Wrong runtime\n\n**Severity: Minor**\n\n"
        "### 2. Tags ✅\n\n**Issue**: none\n\n### 3. Open port ❌ → ✅\n\n**Issue**: 22 open\n\n"
        "## Additional Notes\n\n**Model Performance**:\n- **Issue**: slow start\n\n"
        "## Categories\n\n**Category**: API usage\n\n## Summary\n\n"
        "**Total failures categorized**:\n- **Fix**: one\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Wrong runtime", "Low"),
        ("Open port ❌ → ✅", None),
    ]


def test_plain_text_numbered_titles_are_items() -> None:
    text = (
        "Failures found in the template\n\n1. Hardcoded region\n\nThe stack pins us-east-1.\n\n"
        "2. No encryption at rest\n\nThe table is plain.\n\nRecommendations\n\n"
        "3. Add a KMS key\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Hardcoded region",
        "No encryption at rest",
    ]
    # One numbered line is not an enumeration; prose sentences are not titles.
    assert parse_analysis("Notes\n\n1. Something happened here.\n").failures == []


def test_plain_numbered_categories_over_titled_paragraphs(shared_corpus: Path) -> None:
    # "2. Deployment Blockers" over "Missing Lambda zip: The model …" paragraphs: each titled
    # paragraph is a failure, at its category's level; the numbered lines only group them.
    text = (
        "The response has serious problems that will break the deploy.\n\n"
        "1. Critical Exposure\n\n"
        "Database in a Public Subnet: The model places the RDS instance in public subnets, "
        "open to the internet.\n\n"
        "2. Build Breakers\n\n"
        "Missing Handler Archive: The function points at handler.zip, which nobody builds, "
        "so the plan fails.\n\n"
        "Old Provider Resource: The model imports a resource the current provider renamed "
        "long ago.\n\n"
        "In summary, the response is not deployable as written.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Database in a Public Subnet", "Critical"),
        ("Missing Handler Archive", None),
        ("Old Provider Resource", None),
    ]
    # Labelled fields under numbered titles stay the titles' fields.
    labelled = (
        "1. Hardcoded region\n\nIssue: The stack pins us-east-1 in every resource block.\n\n"
        "2. No encryption at rest\n\nIssue: The table is created without any KMS key at all.\n\n"
        "Fix: Add a customer managed key to the table and to its stream.\n"
    )
    assert [f.title for f in parse_analysis(labelled).failures] == [
        "Hardcoded region",
        "No encryption at rest",
    ]
    real = _doc(shared_corpus, "archive__cdktf-ts__Pr5056").failures
    assert len(real) == 7
    assert (real[0].title, real[0].severity) == ("ASG in Public Subnets", "Critical")


def test_fenced_heading_and_comment_are_not_structure() -> None:
    text = (
        "## High Failures\n\n### 1. Bad script\n\n**Issue**: it does this\n\n"
        "~~~~bash\n# Critical Failures\n## 2. Not an item\n~~~\n~~~~\n\n**Fix**: that\n"
    )
    a = parse_analysis(text)
    assert len(a.failures) == 1
    assert "## 2. Not an item" in a.failures[0].model_snippet
    assert a.failures[0].ideal_fix == "that"


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("**Recommended Score**: 6/10", 6.0),
        ("Training Quality Score: 8.5/10", 8.5),
        ("- **Training Quality**: 7", 7.0),
        ("### Training Quality Score: 9.5/10", 9.5),
        ("pylint score 9.8/10 and nothing else", None),
        ("Rating: 8/10", 8.0),
        ("**Score**: 7", 7.0),
        ("Final score 9", 9.0),
        ("10/10 tests passed, coverage 95%", None),
        ("- Without it a reviewer may hand out score:0 or block it", None),
        ("### Reliability Pillar - Score: 85/100", None),
        ("- **Training value**: High (8/10) - these failures teach a lot", 8.0),
        ("**Training Value**: 7.5/10", 7.5),
        ("**Training Value**: High - a rich example", None),
        ("- **Training value**: 3 regions were wrong", None),
        ("This is a solid 6/10 training case overall.", 6.0),
        ("Rating: 4/5", 8.0),
        ("Score: 4.5 out of 5", 9.0),
        ("Score: 45/50", None),
        ("Score: **8**/10", 8.0),
        ("Slow deploys lowered the training quality from a potential 9/10 to about 7/10.", 7.0),
    ],
)
def test_score_forms(line: str, score: float | None) -> None:
    assert parse_analysis(f"# Doc\n\n{line}\n").score == score


def test_score_out_of_range_and_check_score() -> None:
    a = parse_analysis("## Issues\n\n1. **Broken**: yes\n\n**Recommended Score**: 12/10\n")
    assert a.score == 12.0
    assert "score_out_of_range" in _kinds(a)
    assert [p.kind for p in check_score(Analysis(score=6.0), 7.5)] == ["score_mismatch"]
    assert "6" in check_score(Analysis(score=6.0), 7.5)[0].message
    assert check_score(Analysis(score=6.0), 6.005) == []
    assert check_score(Analysis(score=None), 6.0) == []


def test_claimed_counts_in_prose_summary() -> None:
    text = (
        "## Critical Issues\n\n### 1. A\n\n**Issue**: x\n\n## Summary\n\n"
        "- **Total failures**: 2 Critical, 1 Low\n"
    )
    a = parse_analysis(text)
    assert a.claimed_counts == {"Critical": 2, "Low": 1}
    message = next(p.message for p in a.problems if p.kind == "claimed_counts_mismatch")
    assert "2 Critical" in message and "1 Critical" in message


def test_claimed_counts_stated_under_the_title() -> None:
    text = (
        "# Failures in the stack\n\n**Total Issues:** 3\n**High Issues:** 2\n**Low Issues:** 1\n\n"
        "## Summary\n\nThe stack missed a few things.\n\n## High Issues\n\n### A. Open port\n\n"
        "**Severity:** High\n\n### B. Wide role\n\n**Severity:** High\n\n## Low Issues\n\n"
        "### C. No tags\n\n**Severity:** Low\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "High", "Low"]
    assert a.claimed_counts == {"High": 2, "Low": 1}
    assert "claimed_counts_mismatch" not in _kinds(a)
    # Without a section after the title there is no preamble, and a count inside a later
    # section that is not a summary is no claim.
    assert parse_analysis("# T\n\n### 1. X\n\nHigh: 3\n").claimed_counts == {}
    assert parse_analysis("# T\n\n## Issues\n\nHigh: 3\n").claimed_counts == {}


def test_prose_sub_headings_under_a_failure_section() -> None:
    text = (
        "# Review of the stack\n\n## What Went Well\n\nEncryption was fine.\n\n"
        "## Where It Went Wrong\n\n### Queue Policy Was Too Open\n\nThe queue let any principal "
        "send messages.\n\nWe narrowed it to the topic.\n\n### Alarms Never Fired\n\n"
        "The alarm watched a metric nobody emits.\n\n```yaml\nMetricName: Nope\n```\n\n"
        "## What We Learned\n\nKeep it simple.\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["Queue Policy Was Too Open", "Alarms Never Fired"]
    assert a.failures[0].section == "Where It Went Wrong"
    # Generic failure modes ending in advice are not this response's failures.
    advice = (
        "# Notes\n\n## Typical Failure Modes\n\nStatic names collide.\n\n"
        "## Remediation Guidance\n\nDo not name buckets.\n"
    )
    assert parse_analysis(advice).failures == []
    # A sub-heading with a list under it is not told in prose: the list is read instead.
    listed = "# F\n\n## Issues\n\n### A Broke\n\nText.\n\n### B\n\n- one\n- two\n"
    assert [f.title for f in parse_analysis(listed).failures] == ["one", "two"]


def test_a_review_told_in_prose_sections(shared_corpus: Path) -> None:
    # Each section under the failures title tells one thing wrong in paragraphs; the advice
    # and the closing assessment among them are no failures.
    text = (
        "# Model Response Analysis and Failures\n\nSeveral issues became apparent.\n\n"
        "## Critical IAM Policy Failures\n\nThe roles use a deprecated managed policy.\n\n"
        "## Parameter Issues\n\nAccount IDs are hard-coded as defaults.\n\n"
        "## CloudFormation Best Practices\n\nUse conditions.\n\n"
        "## Missing Error Handling\n\nNothing retries.\n\n"
        "## Naming Best Practices\n\nA major issue was the explicit names. They collide.\n\n"
        "## Overall Assessment\n\nA weak response.\n"
    )
    a = parse_analysis(text)
    # (A best-practices section that opens by telling what went wrong is one failure.)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Critical IAM Policy Failures", "Critical"),
        ("Parameter Issues", None),
        ("Missing Error Handling", None),
        ("Naming Best Practices", None),
    ]
    # A review's opening section ("Analysis of … reveals …") is no failure.
    opening = text.replace(
        "Several issues became apparent.\n\n",
        "## Primary Deficiencies\n\nAnalysis of the template reveals real gaps.\n\n",
    )
    assert [f.title for f in parse_analysis(opening).failures] == [f.title for f in a.failures]
    titles = [f.title for f in _doc(shared_corpus, "archive__cfn-yaml__Pr1199").failures]
    assert "Primary Technical Deficiencies" not in titles
    assert "Infrastructure-as-Code Best Practices" in titles
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr2090").failures) == 9


def test_dns_resolution_section_is_not_a_fixes_section() -> None:
    text = (
        "# Failures\n\n## 1. Network Issues\n\n### Issue 1.1: Open ACL\n\n"
        "**MODEL_RESPONSE Problem:** wide\n\n**IDEAL_RESPONSE Solution:** narrow\n\n"
        "## 2. DNS Resolution Settings\n\n### Issue 2.1: Resolver Off\n\n"
        "**MODEL_RESPONSE Problem:** off\n\n**IDEAL_RESPONSE Solution:** on\n\n"
        "## 3. Fixes and Resolutions\n\n### Issue 1.1: Open ACL\n\n"
        "**MODEL_RESPONSE Problem:** wide\n\n**IDEAL_RESPONSE Solution:** narrow\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Open ACL", "Resolver Off"]


def test_claimed_counts_from_the_fullest_count_section() -> None:
    text = (
        "# Failures\n\n## Executive Summary\n\nThe stack had **2 Critical failures** and "
        "**1 High issue**, total 4.\n\n## Critical Failures\n\n### 1. A\n\n**Issue**: a\n\n"
        "### 2. B\n\n**Issue**: b\n\n## High Failures\n\n### 3. C\n\n**Issue**: c\n\n"
        "## Medium Failures\n\n### 4. D\n\n**Issue**: d\n\n## Summary Statistics\n\n"
        "- **Critical**: 2\n- **High**: 1\n- **Medium**: 1\n- **Low**: 0\n"
    )
    a = parse_analysis(text)
    assert a.claimed_counts == {"Critical": 2, "High": 1, "Medium": 1, "Low": 0}
    assert "claimed_counts_mismatch" not in _kinds(a)


def test_level_word_after_a_category_letter() -> None:
    text = (
        "# Failures\n\n## Category A: Significant Gaps\n\n### 1. X\n\n**Issue**: x\n\n"
        "## Category B: Moderate Improvements (Config)\n\n### 2. Y\n\n**Issue**: y\n\n"
        "## Category C: Minor Code Issues\n\n### 3. Z\n\n**Issue**: z\n\n"
        "## Category D: High Availability Gaps\n\n### 4. W\n\n**Issue**: w\n\n"
        "## Critical Path Failures\n\n### 5. V\n\n**Issue**: v\n"
    )
    a = parse_analysis(text)
    # ("High Availability" and "Critical Path" are topics, not levels.)
    assert [f.severity for f in a.failures] == [None, "Medium", "Low", None, None]


def test_a_bare_check_mark_title_is_an_item() -> None:
    # Found by the round-trip property: "✓" alone is a title, not "something ✓ passed".
    md = render_analysis(Analysis(failures=[Failure("✓", "Critical")]))
    assert [(f.title, f.severity) for f in parse_analysis(md).failures] == [("✓", "Critical")]
    assert parse_analysis("## Checks\n\n### 1. Tags ✓\n\n**Issue**: none\n").failures == []


def test_bold_titled_bullets_under_a_failure_title() -> None:
    text = (
        "### Model failures in the response\n\n"
        "- **Queue not encrypted**: no KMS key on the queue.\n"
        "- **Bucket policy too open**:\n  - allows any principal\n  - no TLS condition\n"
        "- **Topic subscription target reference**: points at the wrong ARN.\n\n"
        "These changes make the stack deployable.\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == [
        "Queue not encrypted",
        "Bucket policy too open",
        "Topic subscription target reference",
    ]
    assert a.failures[0].model_snippet == "no KMS key on the queue."
    # A plain list under the title (not every bullet bold-titled) stays unread, as before.
    mixed = "# Model Failures\n\n- **A**: one\n- two things\n- three\n"
    assert parse_analysis(mixed).failures == []
    # A short "Reference" label is still a reference, not a failure.
    labelled = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n**AWS Reference**: https://a.example/\n"
    assert parse_analysis(labelled).failures[0].references == ["https://a.example/"]


def test_plain_text_title_lines() -> None:
    text = (
        "Missing Queue Encryption:\n\nThe queue had no key.\n\n"
        "Wrong Alarm Threshold for the CPU:\n\nIt fired at 10%.\nWe raised it.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Missing Queue Encryption", "Wrong Alarm Threshold for the CPU"]
    # A report's own parts ("Summary:") make it no list of failures; nor do sentences.
    assert parse_analysis("Summary:\n\nFine.\n\nOpen Port:\n\nPort 22.\n").failures == []
    assert parse_analysis("The stack failed when:\n\nIt ran.\n\nIt Also Did:\n\nx\n").failures == []


def test_a_pasted_chat_answer_with_bare_title_lines(shared_corpus: Path) -> None:
    text = (
        "Auto Scaling Group Issues\nEarly file:\n\nhcl\nCopy\nEdit\nzones = local.azs\n\n"
        "IAM Instance Profile Reference\nThis is fine.\n\nRDS Creation Problems\nEarly file:\n\n"
        "Missing:\n\nallocated_storage\n\nOutputs\nOnly one output.\n\nMissing:\n\nrds_endpoint\n"
        "\nMisc Security & Compliance Failures\nNo flow logs.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    # (The titles that name something wrong, and "Outputs" over what is "Missing:"; that
    # "Missing:" is a label over a list, no title.)
    assert titles == [
        "Auto Scaling Group Issues",
        "RDS Creation Problems",
        "Outputs",
        "Misc Security & Compliance Failures",
    ]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr1074").failures) == 6
    # A "Summary:" line stops only the "Title:" reading, not this one.
    summary_first = "Summary:\nThree problems.\n\n" + text
    assert [f.title for f in parse_analysis(summary_first).failures] == titles
    # Under headings, bare lines are paragraphs, not titles.
    assert parse_analysis("# Review\n\n" + text).failures == []


def test_a_plain_verdict_lists_its_deviations_one_a_paragraph(shared_corpus: Path) -> None:
    text = (
        "Model Failure\nVerdict: FAIL\n\nWhat the Ideal Response requires\nKeep logs off.\n\n"
        "Use the suffix.\n\nHow the Model Response deviates\nLogs enabled instead of off.\n\n"
        "Suffix dropped; names collide.\n\nAZs hard-coded (us-west-2a/b).\n\n"
        "Action required to pass\nRegenerate it.\n\nKeep logs off.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Logs enabled instead of off",
        "Suffix dropped; names collide",
        "AZs hard-coded (us-west-2a/b)",
    ]
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr9317").failures) == 10
    # Numbered paragraphs after a blank line, each ending with its level.
    numbered = (
        "Model Failure\nVerdict: FAIL\n\nIssues found in the model response\n\n"
        "1. NAT gateway in a private subnet. Nothing egresses. Severity: Critical.\n\n"
        "2. SSH open to the world; the prompt said a CIDR. Severity: High.\n\n"
        "3. Outputs export the password. Severity: Medium.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(numbered).failures]
    assert got == [
        ("NAT gateway in a private subnet", "Critical"),
        ("SSH open to the world; the prompt said a CIDR", "High"),
        ("Outputs export the password", "Medium"),
    ]


def test_numbered_titles_running_on_inside_paragraphs(shared_corpus: Path) -> None:
    # A rich-text export: "…resolved it.1. TitleClaude’s Failure:Claude only …".
    text = (
        "## Overview of Claude’s Failures:\nHere is what went wrong and how I fixed it.1. Open "
        "BucketClaude’s Failure:The bucket was public.\n\nI closed it.2. No LogsClaude’s "
        "Failure:Nothing was logged.\n\n3\\. Wrong RegionClaude’s Failure:It used us-west-1.\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["Open Bucket", "No Logs", "Wrong Region"]
    assert a.failures[0].model_snippet.startswith("The bucket was public.")
    # Out of order, or fewer than three: no list of failures.
    assert parse_analysis(text.replace("2. No Logs", "5. No Logs")).failures == []
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr1829").failures) == 10
    # Other labels after the run-on title: "The Model’s Mistake:", "What went wrong:".
    for label in ("The Model’s Mistake:", "What went wrong:"):
        renamed = text.replace("Claude’s Failure:", label).replace("Claude’s \nFailure:", label)
        assert [f.title for f in parse_analysis(renamed).failures] == [
            "Open Bucket",
            "No Logs",
            "Wrong Region",
        ]


def test_bold_titled_issues_inside_a_numbered_category(shared_corpus: Path) -> None:
    text = (
        "## Model Failures Analysis\n\n### 1. Security Vulnerabilities\n\n"
        "**Certificate Parameter Not Validated**\n- Original: any string\n"
        "- Fixed: an ACM ARN pattern\n\n**Password Allows Any Character**\n"
        "- Original: any characters\n- Fixed: letters and digits only\n\n"
        "### 2. Logging\n\n**What's Wrong:**\nNo log group.\n\n**What Should Be:**\nOne.\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.model_snippet, f.ideal_fix) for f in a.failures] == [
        ("Certificate Parameter Not Validated", "any string", "an ACM ARN pattern"),
        ("Password Allows Any Character", "any characters", "letters and digits only"),
        ("Logging", "", ""),  # (its bold lines are its own parts, over prose)
    ]
    assert len(_doc(shared_corpus, "archive__cfn-json__Pr2978").failures) == 17


def test_a_stray_closing_fence_hides_no_items(shared_corpus: Path) -> None:
    fence = "`" * 3
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Open port\n\n**Issue**: 22 open\n\n"
        f"    Version: '2012-10-17'\n{fence}\n\n---\n\n## High Failures\n\n### 2. No logs\n\n"
        "**Issue**: none\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open port", "No logs"]
    # A real block may hold a rule and a heading, after other lines.
    real = (
        f"# Failures\n\n## Issues\n\n### 1. Bad README\n\n{fence}\nText\n---\n## Deploy\n{fence}\n"
    )
    assert [f.title for f in parse_analysis(real).failures] == ["Bad README"]
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr8313").failures) == 14


def test_markdown_sample_with_nested_fences() -> None:
    fence = "`" * 3
    text = (
        "# Failures\n\n## High Failures\n\n### 1. README wrong\n\n**Issue**: it said:\n\n"
        f"{fence}markdown\n## Deploy\n\n{fence}bash\nnpm run deploy\n{fence}\n\n"
        f"### Notes\n{fence}\n\n## Low Failures\n\n### 2. Tags missing\n\n**Issue**: none\n\n"
        f"{fence}yaml\nTags: []\n{fence}\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("README wrong", "High"),
        ("Tags missing", "Low"),
    ]
    # A sample whose inner fences never balance closes at its first bare fence, as before.
    broken = (
        f"## Issues\n\n### 1. A\n\n{fence}markdown\n{fence}bash\nx\n{fence}\n\n"
        "### 2. B\n\n**Issue**: b\n"
    )
    assert [f.title for f in parse_analysis(broken).failures] == ["A", "B"]


def test_claimed_counts_from_count_led_bullets() -> None:
    items = "## Low Failures\n\n### 1. A\n\n**Issue**: a\n\n### 2. B\n\n**Issue**: b\n\n"
    text = f"# F\n\n## Summary\n\n**Total Failures:**\n- 0 Critical\n- **2 Low**\n\n{items}"
    assert parse_analysis(text).claimed_counts == {"Critical": 0, "Low": 2}
    # The same level counted twice (two dimensions of impact) is no breakdown.
    twice = f"# F\n\n## Impact Summary\n\n- 1 High risk issue\n- 2 High risk issues\n\n{items}"
    assert parse_analysis(twice).claimed_counts == {}
    # "3 Medium/Low" counts two levels together: neither is claimed on its own.
    joint = f"# F\n\n## Summary\n\n- Total failures: 1 Critical, 3 Medium/Low\n\n{items}"
    assert parse_analysis(joint).claimed_counts == {"Critical": 1}


def test_an_item_pasted_twice_is_one() -> None:
    once = "## 1. Open bucket\n**Fault:**\nPublic ACL.\n\n---\n\n## 2. No tags\n**Fault:**\nNone set.\n"
    a = parse_analysis(f"# F\n\n{once}\n---\n\n{once}")
    assert [f.title for f in a.failures] == ["Open bucket", "No tags"]
    # The copy's last item runs on to the end of the document: still the same one.
    a = parse_analysis(f"# F\n\n{once}\n## Summary\n\n| # | Fault |\n|---|---|\n\n{once}More.\n")
    assert [f.title for f in a.failures] == ["Open bucket", "No tags"]
    # Same title, different text: two failures.
    bullets = "## Issues\n\n- **Price class**: too wide\n- **Price class**: never set\n"
    assert len(parse_analysis(bullets).failures) == 2


def test_more_field_label_spellings() -> None:
    text = (
        "# Failures\n\n## 1. Stale engine\n\n**Original Issue**: 9.9 is gone\n\n"
        "**Fix Required**: use 16.4\n\n**Failure Reason**: old training data\n\n"
        "## 2. Open port\n\n**Issue in MODEL_RESPONSE**: 22 open\n\n"
        "- **Fix in IDEAL_RESPONSE.md**: closed\n\n"
        "**Correct Implementation**: close it\n\n## 3. No tags\n\n**Problem**: none\n\n"
        "**Correction Applied**: tagged\n"
    )
    got = [(f.model_snippet, f.ideal_fix, f.root_cause) for f in parse_analysis(text).failures]
    assert got == [
        ("9.9 is gone", "use 16.4", "old training data"),
        ("22 open", "closed\n\nclose it", ""),
        ("none", "tagged", ""),
    ]


def test_fixed_lists_after_failures_are_not_more_failures(shared_corpus: Path) -> None:
    fixed = (
        "## Lint Issues Resolved\n\n### Lint Errors Fixed:\n- **E3691**: Fixed the engine version\n"
        "- **W1011**: Replaced the password parameter\n"
    )
    text = "# Failures\n\n## Critical Failures\n\n### 1. Bad engine\n\n**Issue**: 8.0\n\n" + fixed
    assert [f.title for f in parse_analysis(text).failures] == ["Bad engine"]
    # With no failures listed before it, such a list is the document's failures.
    alone = "# Failures\n\n" + fixed.replace("Fixed the", "Wrong").replace("Replaced the", "Plain")
    assert [f.title for f in parse_analysis(alone).failures] == ["E3691", "W1011"]
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr8205").failures) == 6
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr6827").failures) == 10


def test_summary_table_states_each_numbered_items_level(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n## Critical Issues\n\n### 1. Logs unencrypted\n\n**Error**: no key\n\n"
        "### 2. No MFA delete\n\n**Error**: off\n\n### 3. Tagged wrong\n\n**Severity**: Low\n\n"
        "## Summary\n\n**Critical Issues:** 1\n**High Issues:** 1\n\n"
        "| # | Error | Severity |\n|---|---|---|\n| 1 | Logs | High |\n"
        "| 2 | MFA | **Critical** |\n| 3 | Tags | Medium |\n"
    )
    got = [(f.severity, f.section_severity) for f in parse_analysis(text).failures]
    # The table's row is the item's own level; an item's own label still beats it.
    assert got == [("High", "Critical"), ("Critical", "Critical"), ("Low", "Critical")]
    # (Without the claimed counts the rows still name the items, by title.)
    bare = text.replace("**Critical Issues:** 1\n**High Issues:** 1\n\n", "")
    assert [f.severity for f in parse_analysis(bare).failures] == ["High", "Critical", "Low"]
    doc = _doc(shared_corpus, "archive__pulumi-ts__Pr5532")
    assert [f.severity[0] for f in doc.failures] == list("HCMHHHHC")


def test_document_of_potential_failure_scenarios_lists_no_failures(shared_corpus: Path) -> None:
    guide = (
        "# Model Failures\n\nThis page outlines potential failure scenarios that a model might "
        "encounter on this task.\n\n## 1. Open bucket\n\n**Failure**: the bucket is public\n\n"
        "## 2. No alarms\n\n**Failure**: nothing alerts\n"
    )
    assert parse_analysis(guide).failures == []
    assert (
        parse_analysis("## Possible failure modes\n\n- Quota exceeded\n- Name taken\n").failures
        == []
    )
    troubleshooting = (
        "## Purpose\n\nThis lists common failure scenarios when deploying the stack.\n\n"
    )
    assert (
        parse_analysis(troubleshooting + "## 1. Bucket exists\n\n**Fix**: rename\n").failures == []
    )
    # A document of failures made that mentions a potential issue later still has them.
    made = guide.replace(
        "outlines potential failure scenarios that a model might encounter", "lists the failures"
    )
    assert len(parse_analysis(made + "\nA potential failure mode remains.\n").failures) == 2
    reasons = (
        "# model_failure\n\n## Typical reasons this setup still fails\n\n"
        "* **Missing KMS grant**\n  Omitting kms:Encrypt stops writes.\n\n"
        "* **Tight bucket policy**\n  A strict condition can fail the probe.\n"
    )
    assert parse_analysis(reasons).failures == []
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr5916").failures == []


def test_failure_scenarios_with_mitigations_are_risks_not_failures(shared_corpus: Path) -> None:
    entry = "### {n}. {t}\n**Failure Scenario:** {t} may happen\n- **Mitigation:** guard it\n\n"
    names = ("Name clash", "AZ gone", "EIP limit")
    text = "# Failure Cases\n\n## Deployment Failures\n\n" + "".join(
        entry.format(n=n, t=t) for n, t in enumerate(names, 1)
    )
    assert parse_analysis(text).failures == []
    # One item telling what the model did among them keeps them all.
    made = text + "### 4. Open port\n**Issue:** the model opened 22\n"
    assert len(parse_analysis(made).failures) == 4
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr1218").failures == []


def test_how_to_sections_are_advice(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Wrong secret type\n\n**Issue**: plain\n\n"
        "## How to Fix Model Failures\n\n### 1. Update secrets\n\n```python\nx = 1\n```\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Wrong secret type"]
    # (its closing "Critical Issues Requiring Immediate Attention" recap does not count either)
    assert len(_doc(shared_corpus, "archive__cdk-py__Pr2530").failures) == 8


def test_validation_after_fixes_lists_results(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n## Output Issues\n\n- No ALB DNS output\n- No bucket output\n\n"
        "## Validation After Corrections\n\n- lint: PASSED\n- All resources destroyable\n"
        "- All 17 exports now present\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "No ALB DNS output",
        "No bucket output",
    ]
    shouted = text.replace("Validation After Corrections", "VALIDATION AFTER CORRECTIONS")
    assert len(parse_analysis(shouted).failures) == 2
    # ("The ONLY thing missing was comprehensive exports": one failure, its corrections after
    # it, and none of the validation results)
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr7225").failures) == 1


def test_plain_text_entries_leading_with_their_level(shared_corpus: Path) -> None:
    text = (
        "1. Critical Failures - The flow log argument is gone. Use the new one.\n\n```\nError: x\n```\n\n"
        "2. Medium Failures - Model used a wrong prefix.\n\n3. Critical Failures -\n"
        "The TTL must be set on alias records. It was not.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("The flow log argument is gone", "Critical"),
        ("Model used a wrong prefix", "Medium"),
        ("The TTL must be set on alias records", "Critical"),
    ]
    assert [f.severity for f in _doc(shared_corpus, "archive__tf-hcl__Pr5726").failures] == [
        "Critical",
        "Medium",
        "Critical",
        "Critical",
        "Medium",
    ]


def test_plain_text_numbered_issues_under_an_announcing_line(shared_corpus: Path) -> None:
    text = (
        "The MODEL_RESPONSE contains several issues that need to be corrected:\n\n"
        "1. Provider Configuration: the MODEL_RESPONSE puts provider blocks in the stack file, "
        "but they belong in provider.tf only. Move them.\n\n"
        "2. Random String Length: the MODEL_RESPONSE uses length 8 for the random suffix, but the "
        "naming convention needs 6.\n\n"
        "3. Provider.tf Updates: the provider file needs three region aliases and the random and "
        "archive providers.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Provider Configuration", "Random String Length", "Provider.tf Updates"]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr5978").failures) == 17


def test_hypothetical_guides_in_the_corpus(shared_corpus: Path) -> None:
    for task in (
        "archive__cdk-ts__Pr5473",
        "archive__cfn-yaml__Pr2786",
        "archive__cfn-yaml__Pr8323",
        "archive__pulumi-py__Pr2687",
        "archive__tf-hcl__Pr1474",
        # Guides to common failures in general ("Models often omit …").
        "archive__cfn-yaml__Pr110",
        "archive__cfn-yaml__Pr119",
        "archive__cfn-yaml__Pr1434",
        "archive__tf-hcl__Pr6481",  # "… the most common failures and mistakes observed when"
        "archive__tf-hcl__Pr9060",  # "This document captures common failure patterns …"
        "archive__cfn-json__Pr2740",  # "… outlines what *not* to do …"
    ):
        assert _doc(shared_corpus, task).failures == []
    # A "Common … Failures" title over items about the model's own response is no guide.
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr8318").failures) == 7
    # A catalogue closing with its "Summary of Most Common Failures" (cdk-js Pr8543: 50 items).
    assert _doc(shared_corpus, "archive__cdk-js__Pr8543").failures == []
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr2440").failures) == 10
    # "… a learning resource for understanding common pitfalls" after real failures: no guide.
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr5638").failures) == 11


def test_a_guide_to_common_failures_lists_none() -> None:
    items = "## Template Issues\n\n- **Missing version**: Models often omit it\n- **Bad YAML**: x\n"
    assert parse_analysis("# Common Model Failures in Templates\n\n" + items).failures == []
    assert parse_analysis("\n\n# Common Model Failures in Templates\n\n" + items).failures == []
    # ... unless it speaks of this response.
    mine = "# Common Model Failures in Templates\n\nThe model response had these.\n\n" + items
    assert len(parse_analysis(mine).failures) == 2
    opening = (
        "# Failures\n\nThis document tracks common failures and issues identified when AI "
        "models attempt this task.\n\n## Failures\n\n### 1. Missing version\n\n**Issue**: x\n"
    )
    assert parse_analysis(opening).failures == []
    catalogue = (
        "# Model Failures - Global API\n\n## Critical Failures\n\n### 1. Missing files\n"
        "**Failure:** Model provides only one file\n\n## Summary of Most Common Failures\n\n"
        "1. Missing files\n"
    )
    assert parse_analysis(catalogue).failures == []
    told = catalogue.replace("Model provides", "The model response provides")
    assert [f.title for f in parse_analysis(told).failures] == ["Missing files"]


def test_potential_failures_are_not_failures() -> None:
    text = (
        "# Failures\n\n## CRITICAL Failure 1: Bad engine version\n\n**What Was Wrong:** 9.9\n\n"
        "## Failure 2: Wrong health check field\n\n**What Was Wrong:** typo\n\n"
        "## Potential Failure 3: Missing dependency\n\n**What Could Go Wrong:** if the order "
        "changes, creation races.\n\n## Possible Issue 4: Timing\n\n**Why It Matters:** x\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Bad engine version", "Critical"),
        ("Wrong health check field", None),
    ]


def test_a_changelog_note_is_not_a_failure() -> None:
    text = (
        "# Issues Fixed\n\n# Issues Fixed\n\n## Latest Changes (May 2) - CORRECTED\n\n"
        "**IDEAL_RESPONSE.md Corrected**: reverted to working code.\n\n"
        "## 1. Engine version\n\n**Error**: not found\n\n## 2. Cleanup\n\n**Error**: retained\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Engine version", "Cleanup"]


def test_claimed_counts_final_summary_wins_a_tie() -> None:
    items = (
        "## Issues\n\n### 1. A\n\n**Impact Level**: High\n\n### 2. B\n\n**Impact Level**: Low\n\n"
    )
    first = "## Summary Statistics\n\n- **Total Issues Found**: 1 (1 High, 0 Low)\n\n"
    final = "## Final Summary Statistics\n\n- Total: 2\n  - 1 High\n  - 1 Low\n"
    a = parse_analysis(f"# F\n\n{items}{first}{final}")
    assert a.claimed_counts == {"High": 1, "Low": 1}
    original = final.replace("Final", "Original")
    assert parse_analysis(f"# F\n\n{items}{first}{original}").claimed_counts == {
        "High": 1,
        "Low": 0,
    }


def test_an_impact_section_restates_the_failures() -> None:
    text = (
        "# Analysis\n\n## Critical Failures\n\n### 1. Open bucket\n\n**Issue**: public\n\n"
        "### 2. No key rotation\n\n**Issue**: off\n\n## Operational Impact\n\n"
        "### 1. **Security Gaps**\n- data exposed\n\n### Maintainability Issues\n"
        "- **Tracking**: poor names\n- **Cost**: no tags\n\n"
        "## High Impact Issues\n\n- **Wide role**: admin policy\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Open bucket", "Critical"),
        ("No key rotation", "Critical"),
        ("Wide role", "High"),
    ]


def test_bullets_telling_fixes_are_not_failures() -> None:
    text = (
        "# Issues and Resolutions\n\n## Deployment Issues\n\n### Naming Problems\n"
        "Several names broke the deploy:\n\n1. **Upper case**: bucket names had capitals\n"
        "2. **No suffix**: names collided\n\n**Resolution**:\n- Updated names to lower case\n"
        "- Added the environment suffix\n\n## Testing Fixes\n\n### Unit Tests:\n\n"
        "- Added coverage for every stack\n- Implemented mocks for AWS calls\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Upper case", "No suffix"]
    # Failures that happen to start with such a verb, in a list of failures, stay.
    mixed = "# Review\n\n## Issues\n\n- Removed the required tags\n- Missing alarms\n- No key rotation\n"
    assert len(parse_analysis(mixed).failures) == 3


def test_plain_numbered_line_without_a_space() -> None:
    text = "The response failed as follows:\n\n1. Model left out the alarms\n\n2.Model used a wrong zone\n"
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Model left out the alarms", "Model used a wrong zone"]
    assert parse_analysis("1. Runtime chosen\n2.11 was the version\n").failures == []


def test_claimed_counts_under_a_severity_assessment() -> None:
    text = (
        "# Analysis\n\n## Critical Failures\n\n### 1. A\n\n**Issue**: a\n\n"
        "## Severity Assessment\n\n- **Critical**: 1 issue (security)\n- **High**: 0 issues\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 0}


def test_a_numbered_item_named_with_advice_words_in_a_run_of_items() -> None:
    part = "**Severity**: Medium\n**Description**: {}\n\n"
    text = (
        "# Review\n\n## 1. **Wrong billing mode**\n\n"
        + part.format("provisioned")
        + "## 2. **Incomplete Security Best Practices**\n\n"
        + part.format("missed some")
        + "## Best Practices\n\n**Severity**: none\n**Description**: keep it simple\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Wrong billing mode", "Incomplete Security Best Practices"]


def test_a_numbered_conclusion_under_a_failures_title_is_not_an_item() -> None:
    text = (
        "# Model Failures: Response vs Ideal\n\n## 1. Missing Auto Scaling\n\n- **Missing:** no ASG\n\n"
        "## 2. Minor Issues\n\n- **Version:** 15.4 not 15.7\n\n"
        "## 3. Conclusion\n\nThe model falls short in a few areas.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Missing Auto Scaling", "Minor Issues"]
    # Under a failure section (not the title) a numbered "Summary"-like item still counts.
    inner = "# Review\n\n## High Failures\n\n### 1. Conclusion Drift\n\n**Issue**: x\n"
    assert [f.title for f in parse_analysis(inner).failures] == ["Conclusion Drift"]


def test_a_section_on_what_would_have_caught_the_failures() -> None:
    text = (
        "# Model Failures\n\n## Bugs Found\n\n### Bug #1: Wrong parameter\n\n**Error**: x\n\n"
        "## Testing Gaps\n\nThe following checks would have caught these bugs earlier:\n\n"
        "1. **Preview in CI**: catches bug 1\n2. **Type checking**: catches dict access\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Wrong parameter"]
    # A closing "## Final Outcome" with a "**Training Value**:" line is no labelled item.
    outcome = "\n## Final Outcome\n\nDeployed fine.\n\n**Training Value**: High\n"
    assert [f.title for f in parse_analysis(text + outcome).failures] == ["Wrong parameter"]


def test_a_section_titled_not_model_failures() -> None:
    text = (
        "# Model Failures\n\n## High Failures\n\n### 1. Wrong API\n\n**Issue**: x\n\n"
        "## External Blockers (Not Model Failures)\n\n### Account Quota Exceeded\n\n"
        "**Issue**: the account was full\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Wrong API"]


def test_knowledge_gaps_from_bold_label() -> None:
    text = "## Issues\n\n1. **X**: y\n\n**Knowledge Gaps**:\n- IAM scoping\n- **Quotas**: limits\n"
    assert parse_analysis(text).knowledge_gaps == ["IAM scoping", "Quotas"]


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "just a sentence", "<html><body><h1>Hi</h1></body></html>", "```\nopen", "#" * 7],
)
def test_odd_input_never_raises(text: str) -> None:
    a = parse_analysis(text)
    assert a.failures == [] or isinstance(a.failures[0], Failure)
    assert json.dumps(a.to_dict())
    if text.strip():
        assert "no_failures" in _kinds(a)
    else:
        assert a.problems == []


def test_big_document_is_fine() -> None:
    item = "### {n}. Item {n}\n\n**Impact Level**: Low\n\n**Issue**: words words words\n\n"
    text = "## Low Failures\n\n" + "".join(item.format(n=n) for n in range(1, 4501))
    assert len(text) > 300_000
    a = parse_analysis(text)
    assert len(a.failures) == 4500
    assert a.failures[-1].title == "Item 4500"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    a = parse_analysis(text)
    assert not any(p.kind == "parse_error" for p in a.problems)
    json.dumps(a.to_dict())


_MD_BITS = st.sampled_from(
    [
        "\n",
        "# ",
        "## ",
        "### 1. ",
        "**",
        "**Issue**: ",
        "- ",
        "1. ",
        "```",
        "~~~",
        "|",
        "Critical",
        "Minor",
        "Score: 7/10",
        "Knowledge Gaps",
        "\t",
        "    ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_MD_BITS, st.text(max_size=8)), max_size=60))
def test_parse_never_raises_on_markdown_like_soup(parts: list[str]) -> None:
    a = parse_analysis("".join(parts))
    assert not any(p.kind == "parse_error" for p in a.problems)
    for f in a.failures:
        assert f.severity in (*SEVERITIES, None)


def test_memos_stay_bounded_over_a_long_import(monkeypatch: pytest.MonkeyPatch) -> None:
    from curation import _analysis_vocab as vocab

    monkeypatch.setattr(vocab, "_MEMO_LIMIT", 50)
    for n in range(300):
        doc = f"## High Failures\n\n### {n}. Open bucket number {n}\n\n**Fix**: block it {n}\n"
        assert parse_analysis(doc).failures[0].title == f"Open bucket number {n}"
    # Trimmed every 64 documents once past the limit: never far above it.
    assert max(memo.cache_info().currsize for memo in vocab._MEMOS) < 50 + 64 * 4


# --------------------------------------------------------------------------- round trip

# Field text may be anything without carriage returns (the parser normalises line endings);
# titles and gaps are rendered on one line, so they are single-line and already stripped.
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=80)
_TRICKY = st.sampled_from(
    [
        "## Critical Failures",
        "### 2. Fake",
        "```",
        "~~~~",
        "**Fix**: no",
        "- **Issue**: x",
        "Score: 3/10",
        "  indented",
        "ünïcødé ✓",
        "# comment",
        "---",
    ]
)
_FIELD = st.one_of(_TEXT, st.lists(st.one_of(_TEXT, _TRICKY), max_size=5).map("\n".join))
_LINE = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Zl", "Zp", "Zs")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
_URL = st.from_regex(r"https://[a-z]{1,10}\.example\.com/[a-z0-9_-]{0,12}", fullmatch=True)
_FAILURE = st.builds(
    Failure,
    # (A title that is only "WITHDRAWN" or "Retracted" takes its item back, as a reviewer
    # means it: no annotation can round-trip one.)
    title=_LINE.filter(lambda s: not re.fullmatch(r"\W*(?:withdrawn|retracted)\W*", s, re.I)),
    severity=st.sampled_from((*SEVERITIES, None)),
    category=st.one_of(st.none(), _LINE),
    # (An issue that reads "None." or "No issues found." says there is no failure: the parser
    # drops such an item by design, so no annotation can round-trip one.)
    model_snippet=_FIELD.filter(lambda s: not _NONE_FOUND_RE.match(s.lstrip("-*_ ").lower())),
    ideal_fix=_FIELD,
    root_cause=_FIELD,
    training_value=_FIELD,
    error_message=_FIELD,
    references=st.lists(_URL, max_size=3),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    failures=st.lists(_FAILURE, max_size=5),
    gaps=st.lists(_LINE, max_size=4),
    score=st.one_of(st.none(), st.integers(0, 20).map(lambda n: n / 2)),
    notes=_FIELD,
)
def test_render_then_parse_round_trips(failures, gaps, score, notes) -> None:
    annotation = Annotation(
        "r1", "ann", score=score, knowledge_gaps=gaps, notes=notes, failures=failures
    )
    back = parse_analysis(render_analysis(annotation))
    assert back.score == score
    assert back.knowledge_gaps == gaps
    # Rendering groups by severity, so compare in the rendered order.
    order = sorted(failures, key=lambda f: (*SEVERITIES, None).index(f.severity))
    assert len(back.failures) == len(order)
    for want, got in zip(order, back.failures, strict=True):
        for name in (
            "title",
            "severity",
            "category",
            "model_snippet",
            "ideal_fix",
            "root_cause",
            "training_value",
            "error_message",
            "references",
        ):
            assert getattr(got, name) == getattr(want, name), name
    assert not [p for p in back.problems if p.kind != "no_failures"]


def test_render_seed_round_trip_keeps_impact_notes(seed: Analysis) -> None:
    back = parse_analysis(render_analysis(seed))
    assert [f.title for f in back.failures] == [f.title for f in seed.failures]
    assert [f.impact for f in back.failures] == [f.impact for f in seed.failures]
    assert back.failures[11].model_snippet == seed.failures[11].model_snippet
    assert "## Critical Failures" in render_analysis(seed)


def test_final_score_beats_base_score() -> None:
    text = "# Doc\n\n**Base Score**: 6/10\n\nbonus +2\n\n### Final Training Quality Score: 8/10\n"
    assert parse_analysis(text).score == 8.0


def test_score_after_the_fixes_and_a_range(shared_corpus: Path) -> None:
    text = (
        "# Doc\n\n## Training Quality Impact\n\n**Before Fixes**:\n- 3 resources broken\n"
        "- Training quality: 6/10 (model perfect)\n\n**After Identifying Issues**:\n"
        "- Fixed 2 issues\n- Training quality: 8-9/10 (good learning value)\n"
    )
    assert parse_analysis(text).score == 8.5
    # Without a "Before" block the first stated score stands.
    assert parse_analysis(text.replace("**Before Fixes**:", "**Summary**:")).score == 6.0
    assert _doc(shared_corpus, "archive__cfn-json__Pr7250").score == 8.5
    # A range ending the line needs no "/10"; inside a sentence it does.
    assert parse_analysis("**Estimated Training Quality Score:** 8-10\n").score == 9.0
    assert parse_analysis("Training quality score: 7-10 regions were used\n").score is None
    assert _doc(shared_corpus, "archive__cdk-ts__Pr5829").score == 9.0
    # In a table row: "| Quality rating | 8 / 10 |" (not "| Security Score | 6 |").
    table = "| Field | Value |\n|---|---|\n| Security Score | 6 |\n| Quality rating | 8 / 10 |\n"
    assert parse_analysis(table).score == 8.0


def test_issue_table_rows_are_failures() -> None:
    text = (
        "# Review\n\n## Issues Found\n\n| # | Issue | Severity | Fix |\n|---|---|---|---|\n"
        "| 1 | Queue is not encrypted | High | turn on SSE |\n"
        "| 2 | Alarm has no action | Low | add the topic |\n"
        "| **Total** | 2 | | |\n\n## Comparison\n\n| Aspect | Model | Ideal |\n|---|---|---|\n"
        "| Encryption | none | KMS |\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity, f.ideal_fix) for f in a.failures] == [
        ("Queue is not encrypted", "High", "turn on SSE"),
        ("Alarm has no action", "Low", "add the topic"),
    ]
    # GFM needs only one dash a cell in the delimiter row.
    short_rule = text.replace("|---|---|---|---|", "| - | :-: | - | - |")
    assert parse_analysis(short_rule).failures == a.failures


def test_issue_tables_with_a_status_column_list_the_rows_that_did_not_pass() -> None:
    # A table rated by level says how each row stands: fixed rows are still the model's
    # failures, passed ones are not; without a level column it is a checklist.
    text = (
        "# Model Response Review\n\n| # | Issue | Priority | Status |\n|---|---|---|---|\n"
        "| 1 | Lambda has no DLQ | P1 | Fixed in IDEAL |\n"
        "| 2 | Stage has no throttling | P2 | Fixed in IDEAL |\n\n"
        "## Security checks\n\n| Check | Severity | Status |\n|---|---|---|\n"
        "| Encryption at rest | High | ✅ Pass |\n| Public access blocked | Critical | ❌ Fail |\n"
        "| Log retention set | Low | Passed |\n\nTraining quality: 8/10\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Lambda has no DLQ", "High"),
        ("Stage has no throttling", "Medium"),
        ("Public access blocked", "Critical"),
    ]
    checklist = "# Review\n\n## Issues\n\n| Requirement | Status |\n|---|---|\n| Tags | ❌ |\n"
    assert parse_analysis(checklist).failures == []
    # A plan rated by priority is what to do, not what went wrong.
    plan = text + "\nRecommended improvements:\n\n| Priority | Action |\n|---|---|\n"
    plan += "| 🔴 Critical | Attach the authorizer |\n| 🟠 High | Narrow the policy |\n"
    assert len(parse_analysis(plan).failures) == 3


def test_a_code_reviews_requested_changes_open_boxes_and_issues_the_model_avoided() -> None:
    text = (
        "# Review of the Aurora stack\n\n### Requested changes\n\n"
        "- [ ] **Blocking:** the cluster call does not compile.\n"
        "- [x] VPC has isolated subnets for the DB\n"
        "- [ ] Add a `KeyPolicy` to the key — creation fails (**High**)\n"
        "- [ ] Security group allows 5432 from anywhere. **Critical**, even in isolated subnets.\n"
        "- [ ] Output names mix cases (Low)\n\n"
        "## Issues the model avoided\n\n- Table has point-in-time recovery.\n"
        "- No hardcoded account IDs.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "High", "Critical", "Low"]
    assert failures[1].title.startswith("Add a `KeyPolicy` to the key")  # (no box)


def test_long_numbered_entries_struck_withdrawn_levels_discrepancies_and_sev_levels() -> None:
    # A third entry longer than a title line does not end the list at two.
    entries = [
        "ALB listener on port 80 only, no HTTPS listener or redirect — Severity: High",
        "Task role and execution role are the same role — Severity: Medium",
        "`NewFargateService` gets `AssignPublicIp: true` while its tasks sit in private "
        "subnets — Severity: Low",
    ]
    text = "# ECS service: model failures\n\n" + "".join(
        f"{n}. {entry}\n" for n, entry in enumerate(entries, 1)
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low"]
    discrepancies = (
        "# Review\n\n## Discrepancy 1: Key not shared with the target account\n\n"
        "**Severity:** Sev-1\n\nText.\n\n## Discrepancy 2: Pipeline uses V1\n\n"
        "**Severity:** ~~S3~~ — withdrawn\n\nThe prompt never asked for V2.\n\n"
        "## Discrepancy 3: Parameter names differ\n\n**Severity:** S4\n\nText.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(discrepancies).failures]
    assert got == [
        ("Key not shared with the target account", "Critical"),
        ("Parameter names differ", "Low"),
    ]
    # The scale's legend counts nothing ("Sev-2 high" is no "2 high").
    legend = discrepancies.replace(
        "# Review\n\n",
        "# Review\n\n## Summary\n\nScale: Sev-1 critical; Sev-2 high; Sev-4 low.\n\n",
    )
    assert parse_analysis(legend).claimed_counts == {}


def test_counts_in_the_title_folded_details_items_and_round_numbered_bold_titles() -> None:
    titled = (
        "# Review — 3 issues (1 critical, 2 medium)\n\nThe stack plans but does not apply.\n\n"
        "1. **No state locking** — the backend has no lock table. *(critical)*\n"
        "2. **Password in plain text** — a literal in the module. *(medium)*\n"
        "3. No default tags in the provider block. (medium)\n"
    )
    a = parse_analysis(titled)
    assert [(f.title, f.severity) for f in a.failures][:2] == [
        ("No state locking", "Critical"),
        ("Password in plain text", "Medium"),
    ]
    assert a.failures[2].severity == "Medium"
    assert a.claimed_counts == {"Critical": 1, "Medium": 2}
    assert not [p for p in a.problems if p.kind == "claimed_counts_mismatch"]
    folded = (
        "# Review\n\n## Issues the model introduced\n\n<details>\n"
        "<summary>Failure 1: Provider classes imported from the wrong module</summary>\n\n"
        "**Severity:** Critical\n\n`cdktf synth` fails.\n\n</details>\n\n"
        "<details><summary>Failure 2: <b>OAI instead of OAC</b></summary>\n\n"
        "Severity: **Medium**\n\nText.\n\n</details>\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(folded).failures]
    assert got == [
        ("Provider classes imported from the wrong module", "Critical"),
        ("OAI instead of OAC", "Medium"),
    ]
    rounds = (
        "# Step Functions review\n\n## Round 1 findings\n\n"
        "**R1-1. Choice state chained with `.next()` — Critical**\nSynth throws.\n\n"
        "**R1-2. No retry on the charge task — Medium**\nTransient errors fail the order.\n\n"
        "## Round 2 findings\n\n**R2-1. Role has `states:*` on `*` — High**\nToo broad.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(rounds).failures]
    assert [level for _, level in got] == ["Critical", "Medium", "High"]
    assert got[1][0].startswith("No retry on the charge task")


def test_a_withdrawn_numbered_bold_item_over_no_labels_takes_back_only_itself() -> None:
    text = (
        "# Model Failures Analysis\n\n## Prompt Requirements vs. Model Response\n\n"
        "### ❌ Problems Found\n\n**1. OAI instead of OAC**\n\n**Issue**: legacy identity.\n"
        "**Severity**: High\n\n**2. Bucket policy grants ListBucket**\n\n"
        "**Issue**: the principal can list the bucket.\n**Severity**: Low\n\n"
        "**3. Missing default root object**\n\n~~**Issue**: no `default_root_object`.~~\n"
        "**Update**: Withdrawn on re-review — it is set on line 48. Not an issue.\n\n"
        "### 🔧 Recommendations\n\n- Use OAC.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("OAI instead of OAC", "High"), ("Bucket policy grants ListBucket", "Low")]


def test_numbered_areas_over_nested_entries_list_the_entries() -> None:
    text = (
        "# Model Failures\n\n## Issues\n\n1. Security\n"
        "   a. Archive bucket has no TLS-only policy (High)\n"
        "   b. Key policy grants `kms:*` to the account (Medium)\n2. Reliability\n"
        "   - No alarm on delivery failures (High)\n3. Cost\n"
        "   a. No lifecycle rule on the archive bucket (Low)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "High", "Low"]
    # Titled entries with details under them stay the failures.
    titled = (
        "# Review\n\n### Critical Issues\n\n1. **CIDR Compliance Failure**: auto CIDRs\n"
        "   - **Impact**: no exact ranges\n\n2. **No Test Coverage**: none\n"
        "   - **Impact**: regressions\n"
    )
    assert len(parse_analysis(titled).failures) == 2


def test_marked_labels_duplicates_levels_said_in_entries_and_risk_summary_columns() -> None:
    marked = (
        "# Review\n\n## ❌ Model Shortfalls\n\n#### 1. **🔁 Recursive trigger**\n\n"
        "| Requirement | Model | Ideal |\n|---|---|---|\n| Separate bucket | source | thumbs |\n\n"
        "> 🔴 Severity: Critical — *an infinite loop.*\n\n#### 2. **🔑 No invoke permission**\n\n"
        "| Requirement | Model | Ideal |\n|---|---|---|\n| Permission | none | added |\n\n"
        "> 🟠 Severity: High — *the notification fails.*\n"
    )
    assert [f.severity for f in parse_analysis(marked).failures] == ["Critical", "High"]
    duplicates = (
        "# Review\n\n## Issues\n\n### Issue 1: Role gets full DynamoDB access\n\n"
        "Severity: Critical\n\n### Issue 2: Over-broad IAM on the API (duplicate of Issue 1)\n\n"
        "Same root cause, not counted again.\n\n## Infrastructure Issues\n\n"
        "1. **Node role lacks ECR pull** — nodes cannot pull. Severity: High\n"
        "2. **Endpoint is public** — no allowlist. Severity: ~~High~~ Medium (downgraded)\n"
        "3. **TGW attachment in public subnets.** The attachments sit in the public\n"
        "   subnets. Risk: Critical\n"
        "4. **ECR pull again** (duplicate of Issue 1 — same policy)\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(duplicates).failures]
    assert [level for _, level in got] == ["Critical", "High", "Medium", "Critical"]
    risk = (
        "# Review\n\n## Issues\n\n### 1. Attachments in public subnets\n\nText.\n\n"
        "### 2. `Fn.element` wraps around\n\nText.\n\n## Summary\n\n"
        "| # | Issue | Risk |\n|---|---|---|\n| 1 | Attachments | High |\n| 2 | Wrap | Medium |\n\n"
        "Overall: decent structure, but the requirement was missed. Training quality\n7/10.\n"
    )
    a = parse_analysis(risk)
    assert [f.severity for f in a.failures] == ["High", "Medium"]
    assert a.score == 7.0


def test_an_untagged_prose_leaf_beside_tagged_ones_and_leaves_under_a_levels_areas() -> None:
    text = (
        "# Review\n\n## What It Got Right\n\n### Networking was clean\n\nGood.\n\n"
        "## Where It Fell Short\n\n### Password in a parameter default (High)\n\nIt had one.\n\n"
        "### EFS mount target group too open\n\nNFS from 10.0.0.0/8.\n\n"
        "### Too many knobs (Low)\n\nTwelve parameters.\n\n**Training Quality Score:** 6/10\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Password in a parameter default", "High"),
        ("EFS mount target group too open", None),
        ("Too many knobs", "Low"),
    ]
    areas = (
        "# MODEL_FAILURES\n\n## Critical\n\n### Security\n\n#### KMS policy grants kms:*\n"
        "Anyone can use it.\n\n### Networking\n\n#### Bucket policy lacks a TLS deny\n"
        "The prompt asked for TLS.\n\n## Medium\n\n### Tagging\n\n#### Queue untagged\nNo tags.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(areas).failures]
    assert got == [
        ("KMS policy grants kms:*", "Critical"),
        ("Bucket policy lacks a TLS deny", "Critical"),
        ("Queue untagged", "Medium"),
    ]


def test_a_runbook_of_failure_scenarios_operators_typically_run_into_holds_none() -> None:
    text = (
        "## Purpose\n\nThis runbook collects the failure scenarios operators typically run into "
        "when applying the configuration, with steps to recover from each.\n\n---\n\n"
        "### Scenario 1: Provider Authentication Error\n\n**Symptom:**\nNo credentials.\n\n"
        "**Recovery:**\n* Run `aws sso login`.\n* Re-export `AWS_PROFILE`.\n"
    )
    assert parse_analysis(text).failures == []
    for opening in (
        "This checklist collects typical mistakes that language models make when asked to "
        "write Terraform for EKS. Use it as a review aid for any generated answer.",
        "This guide covers failure scenarios you may hit when deploying the template.",
    ):
        guide = (
            f"## Purpose\n\n{opening}\n\n### 1. Endpoint exposure\n\n"
            "- **Pitfall:** public endpoint.\n- **Mitigation:** make it private.\n\n"
            "**2. Vault already exists**\n\n*Symptom:*\nCreate fails.\n"
        )
        assert parse_analysis(guide).failures == [], opening


def test_failure_mode_headings_with_a_colour_mark_after_their_number() -> None:
    text = (
        "# Review\n\nLegend: 🔴 critical | 🟠 high | 🟡 medium\n\n## Failure modes\n\n"
        "### Failure Mode 1: 🔴 Table kept with a fixed name\n\nText.\n\n"
        "### Failure Mode 2: 🟡 Logs never expire\n\nText.\n\n"
        "## Deployment Errors Encountered\n\n### 🟠 1. Bundling failed inside CI\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium", "High"]


def test_counts_told_with_a_verb() -> None:
    text = (
        "# Review\n\n## Summary\n\nOf the 3 issues, 1 is critical and 2 are low.\n\n"
        "## Issues\n\n### 1. Bucket public (Critical)\n\nText.\n\n### 2. No tags (Low)\n\nText.\n\n"
        "### 3. Names differ (Low)\n\nText.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "Low": 2}
    verdict = (
        "# Review\n\n## Issues\n\n### 1. Routes open (Critical)\n\nText.\n\n"
        "### 2. Wildcard policy (High)\n\nText.\n\n### 3. No DLQ (Medium)\n\nText.\n\n"
        "Final Verdict: Not Production-Ready\n"
        "3 problems found (1 Critical, 1 High, 1 Medium). The logic is sound otherwise.\n"
    )
    assert parse_analysis(verdict).claimed_counts == {"Critical": 1, "High": 1, "Medium": 1}


def test_a_prose_review_counting_its_failures_off_and_bold_levels_with_a_full_stop() -> None:
    text = (
        "# Review notes\n\nI went through the model's `index.ts` line by line.\n\n"
        "First, the site bucket is created with a public ACL, so the deploy fails (Sev-1).\n\n"
        "Second, the role gets full Lambda access instead of a scoped policy. It works,\n"
        "but it is far wider than the prompt allowed (High).\n\n"
        "Finally, log retention is left at the default. Severity: Low\n\n"
        "Nothing else stood out.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("The site bucket is created with a public ACL, so the deploy fails", "Critical"),
        ("The role gets full Lambda access instead of a scoped policy", "High"),
        ("Log retention is left at the default", "Low"),
    ]
    stops = (
        "# Review\n\n## Failures by file\n\n### `lib/stack.go`\n\n"
        "1. MFA left `OFF`. **High.** Status: Fixed in IDEAL_RESPONSE.\n"
        "2. Default auth is `API_KEY`. **Critical!** Status: Fixed.\n"
    )
    assert [f.severity for f in parse_analysis(stops).failures] == ["High", "Critical"]
    led = "# Review\n\n## Issues\n\n1. **High.** MFA left OFF. Status: Fixed.\n2. **Low** Tags.\n"
    got = [(f.title, f.severity) for f in parse_analysis(led).failures]
    assert got[0] == ("MFA left OFF", "High")


def test_a_level_tag_before_a_numbered_issue_heading_over_its_bullets() -> None:
    text = (
        "# Review\n\n### [CRITICAL] Issue 1: Remote state ignored\n\n"
        "- **No backend block**: local state\n- **Lock table missing**: none defined\n\n"
        "### [HIGH] Issue 2: Cluster hardening missing\n\n- **Public endpoint**: open\n"
        "- **No secrets encryption**: off\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Remote state ignored", "Critical"), ("Cluster hardening missing", "High")]


def test_a_bare_bullet_list_under_a_failures_title_or_first_line() -> None:
    bullets = (
        "- `aws_s3_bucket_acl` was added while ownership was enforced, so apply failed.\n"
        "- `for_each` was given a list instead of a set.\n"
        "- (minor) outputs are named in camelCase.\n"
    )
    for opening in ("# Model failures\n\n", "## Issues\n\n", "Model failures\n\n"):
        got = [f.severity for f in parse_analysis(opening + bullets).failures]
        assert got == [None, None, "Low"], opening
    assert parse_analysis("Possible failures\n\n" + bullets).failures == []


def test_bold_title_lines_over_prose_under_an_issues_heading() -> None:
    text = (
        "## What Worked\n\n### Queue wiring\nCorrect on the first try.\n\n"
        "## Infrastructure Implementation Issues\n\nThe template needed these corrections:\n\n"
        "**DynamoDB stream source (Major)**\nThe mapping pointed at the table ARN.\n\n"
        "**Visibility timeout too short**\nThirty seconds against a sixty-second function.\n\n"
        "**Redrive policy syntax**\n`RedrivePolicy` was a string of JSON.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("DynamoDB stream source", "High"),
        ("Visibility timeout too short", None),
        ("Redrive policy syntax", None),
    ]
    # A bold line over a list is a part's label, not an item.
    listed = text.replace("Thirty seconds", "- Thirty seconds")
    assert len(parse_analysis(listed).failures) < 3
    # The same under an issues heading that is the document's only one.
    alone = text[text.index("## Infrastructure") :]
    assert [f.severity for f in parse_analysis(alone).failures] == ["High", None, None]
    last = parse_analysis("## Issues\n\n**One title**\nText.\n\n**Last line bold**")
    assert not [p for p in last.problems if p.kind == "parse_error"]


def test_passed_bold_items_numbered_praise_categories_and_praised_sub_items() -> None:
    statuses = (
        "# Review\n\n## Initial Generation Issues\n\n**1. Platform compliance**\n"
        "**Status**: PASSED\n- Pulumi Python, as required\n\n**2. Bucket names not unique**\n"
        "**Status**: FIXED\n**Issue**: no suffix.\n\n**3. Crawler role cannot read**\n"
        "**Status**: FIXED\n**Issue**: no s3:GetObject.\n"
    )
    titles = [f.title for f in parse_analysis(statuses).failures]
    assert titles == ["Bucket names not unique", "Crawler role cannot read"]
    praise = (
        "# Review\n\n## 1. **Network Problems**\n\n### **Problem: NAT in a private subnet**\n"
        "- **Severity**: Critical\n\n## 2. **Output Problems**\n\n"
        "### **Problem: Exports collide**\n- **Severity**: Low\n\n"
        "## 3. **What the Model Did Well**\n\n### **Strength: Parameter grouping**\n"
        "- **Model Response**: sensible groups\n"
    )
    assert [f.severity for f in parse_analysis(praise).failures] == ["Critical", "Low"]
    praised = (
        "# Review\n\n## 1) Encryption Issues\n- **KMS Key Rotation:**\n"
        "  - Model creates the key without rotation\n\n- **Log Retention:**\n"
        "  - ✅ Implemented correctly: 90 days as requested\n  - No change needed\n"
    )
    assert [f.title for f in parse_analysis(praised).failures] == ["KMS Key Rotation"]


def test_plain_text_defect_lines_and_counts_told_in_two_sentences_before_them() -> None:
    text = (
        "The model's response suffers from 2 critical defects:\n\n"
        "These are accompanied by 1 major defect and 1 minor defect, covering KMS and naming.\n\n"
        "CRITICAL DEFECT 2.1: Ignored region constraint\nThe prompt fixed the region.\n\n"
        "CRITICAL DEFECT 2.2: Broken replication permissions\nNo object is replicated.\n\n"
        "MAJOR DEFECT 2.3: KMS objects not replicated\nText.\n\n"
        "MINOR DEFECT 2.4: Inconsistent construct naming\nText.\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures][:2] == [
        ("Ignored region constraint", "Critical"),
        ("Broken replication permissions", "Critical"),
    ]
    assert [f.severity for f in a.failures][2:] == ["High", "Low"]
    assert a.claimed_counts == {"Critical": 2, "High": 1, "Low": 1}


def test_numbered_entries_over_labelled_bullets_under_deployment_attempt_headings() -> None:
    text = (
        "# Model Failures\n\n### Deployment Attempt 1: ROLLBACK_COMPLETE\n\n"
        "**Root Cause**: invalid properties\n\n**Specific Failures**:\n\n"
        "1. **OrderStateMachine**: definition passed as a mapping\n   - **Impact**: Blocking\n"
        "   - **Fix**: use `Definition`\n\n2. **OrderQueue**: visibility timeout too short\n"
        "   - **Impact**: Blocking\n\n### Deployment Attempt 2: CREATE_FAILED\n\n"
        "**Root Cause**: missing permissions\n\n3. **StateMachineRole**: no version qualifier\n"
        "   - **Impact**: Moderate\n\n### Post-Deployment Review\n\n"
        "4. **OrderDLQ**: retention left at 4 days\n   - **Impact**: Minor\n\n"
        "5. ~~**OrderTopic**: topic missing KMS~~\n"
        "   - **Withdrawn**: the topic sets a key; not a model failure.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("OrderStateMachine", "Critical"),
        ("OrderQueue", "Critical"),
        ("StateMachineRole", "Medium"),
        ("OrderDLQ", "Low"),
    ]


def test_fixes_applied_under_a_strengths_section_are_failures_its_numbered_praise_not() -> None:
    text = (
        "# Model Response Analysis and Fixes\n\n## Model Strengths\n\n"
        "1. **Stream sizing**: on-demand mode\n\n### Fixes Applied\n\n"
        "#### 1. Firehose buffering\n\n**Issue**: defaults left.\n**Fix**: 128 MB.\n\n"
        "#### 2. Glue schema missing\n\n**Issue**: no schema.\n**Fix**: added.\n\n"
        "## What The Model Got Right\n\n### 1. Correct dependency strategy\n- managed policy\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Firehose buffering", "Glue schema missing"]


def test_a_project_structure_section_describes_files_not_failures() -> None:
    failures = (
        "Review & Model-Failures\n======\n\nModel Output: Limitations & Failures\n-----\n\n"
        "| Area | What the model produced | Severity |\n|---|---|---|\n"
        "| **Execution role** | one role for both | High |\n| **Listener** | HTTP only | High |\n\n"
    )
    for tail in (
        "What I Delivered\n-----\n\n**Fixes:**\n\n* Roles are now separate.\n",
        "Work Delivered\n-----\n\n**1. Template Skeleton**\n*Delivered*: a template\n\n"
        "**2. Origin Bucket**\n*Delivered*: a private bucket\n",
        "Project Structure\n-----\n\n### 1\\. network.go — VPC\n\n**Purpose:** two AZs.\n\n"
        "### 2\\. service.go — ECS service\n\n**Fixes:**\n\n* Roles are now separate.\n",
    ):
        titles = [f.title for f in parse_analysis(failures + tail).failures]
        assert titles == ["Execution role", "Listener"], tail
    # A failure about the structure is one still.
    structure = parse_analysis("## 4. Incomplete File Structure\n\n**Issue**: x\n")
    assert [f.title for f in structure.failures] == ["Incomplete File Structure"]


def test_a_guide_of_errors_models_commonly_make_keeps_what_it_observed_here() -> None:
    text = (
        "# Frequent Model Mistakes in Terraform Modules\n\nThis is a reference checklist of "
        "errors that language models commonly make when asked to write modules.\n\n"
        "## 1. Variable Declarations\n\n1. **Untyped variables**: no `type`.\n\n"
        "## 2. Provider Handling\n\n1. **Unpinned providers**: no constraint.\n\n"
        "## Observed in This Submission\n\n- **Unpinned AWS provider**: no version constraint.\n"
        "- **Password output in clear text**: not `sensitive`.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Unpinned AWS provider", "Password output in clear text"]


def test_prose_headings_under_the_title_beside_one_tagged_with_its_level() -> None:
    text = (
        "# Model Failures\n\n## Certificate requested in the wrong region (Major)\n\n"
        "CloudFront needs us-east-1.\n\n## Origin access identity instead of control\n\n"
        "The legacy OAI was used.\n\n## Critical: DNS validation records never created\n\n"
        "The certificate never validates.\n\n## Tags missing on the distribution\n\nNone.\n\n"
        "## Resource naming pattern improvements\n\nChanged from one pattern to another.\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["High", None, "Critical", None]
    guide = (
        "## Purpose\n\nThis guide collects the errors operators most often hit when applying "
        "the configuration.\n\n### Scenario 1: Provider Authentication Failure\n\n"
        "**Cause:**\n* No credentials.\n* An expired session.\n"
    )
    assert parse_analysis(guide).failures == []


def test_a_level_before_a_risk_noun_and_a_numbered_localstack_chapter_over_its_parts() -> None:
    text = (
        "# Review\n\n## 1. Function URL without authentication - Critical Security Risk\n\n"
        "**Issue**: open.\n\n## 2. Table without a customer key - High Severity\n\n"
        "**Issue**: AWS owned key.\n\n## 3. LocalStack Compatibility Adjustments\n\n"
        "**Category**: Environment Adaptation\n**Description**: intentional, not model errors.\n\n"
        "| Feature | LocalStack Limitation | Solution Applied |\n|---|---|---|\n"
        "| Auth | none | toggle |\n\n#### 1. Environment Detection\n\nText.\n\n"
        "#### 2. Authorizer Toggle\n\nText.\n\n## Summary\n\nDone.\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["Critical", "High"]
    assert (
        parse_analysis("## 1. High Availability Risk not covered\n\nText.\n").failures[0].severity
        is None
    )


def test_blockers_recapping_the_sections_above_fixes_required_and_four_total_lines() -> None:
    text = (
        "# Comparison\n\n## 1. SYNTAX ISSUES\n\n- **Undefined condition**: not defined "
        "(Severity: Critical)\n- **Unused parameters**: two (Severity: Low)\n\n"
        "## 2. SECURITY ISSUES\n\n- **Transit encryption off**: off (Severity: High)\n"
        "- **Open egress**: all ports (Severity: Medium)\n\n## 3. CRITICAL DEPLOYMENT BLOCKERS\n\n"
        "The following issues from the sections above will stop the stack from deploying:\n\n"
        "### 3.1 Template Validation Failures\n1. **Undefined condition**: referenced\n\n"
        "## 4. SPECIFIC FIXES REQUIRED\n\n```yaml\nConditions: {}\n```\n\n## 5. CONCLUSION\n\n"
        "Two of the issues stop the template.\n\n**Total Issues Identified: 4**\n- Critical: 1\n"
        "- High: 1\n- Medium: 1\n- Low: 1\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Low", "High", "Medium"]
    assert a.claimed_counts == {"Critical": 1, "High": 1, "Medium": 1, "Low": 1}


def test_a_numbered_bold_title_that_is_only_a_level_tag_after_its_number() -> None:
    text = (
        "# Review\n\n## Failures\n\n**Failure 1 (Critical)**\n\n**Issue**: open bucket.\n\n"
        "**Failure 2**\n\n**Issue**: no tags.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Failure 1", "Critical"), ("Failure 2", None)]


def test_a_best_practices_category_whose_entries_are_rated_holds_failures() -> None:
    text = (
        "# Issues and Failures\n\n### Security Issues\n\n- **Bucket allows non-TLS**\n"
        "  - The policy has no deny.\n  - Severity: Medium\n\n"
        "### Performance and Best Practices\n\n- **No retry on throttling**\n"
        "  - Bursts fail executions.\n  - Severity: Medium\n\n### Best Practices\n\n"
        "- Pin provider versions.\n- Tag everything.\n\n# Conclusion\n\nTwo issues.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Bucket allows non-TLS", "No retry on throttling"]


def test_numbered_categories_over_bullets_that_rate_themselves() -> None:
    text = (
        "# Comparison\n\n## Executive Summary\nThree issues.\n\n## 1. SYNTAX ISSUES\n"
        "- **Undefined condition**: not defined (Severity: Critical)\n"
        "- **Unused parameters**: two declared (Severity: Low)\n\n## 2. RELIABILITY ISSUES\n"
        "- **Failover with one node**: rejected (Severity: Medium)\n\n## 3. REMEDIATION PRIORITY\n\n"
        "### Priority 1 (Critical - Must Fix)\n1. Define the condition\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Undefined condition", "Critical"),
        ("Unused parameters", "Low"),
        ("Failover with one node", "Medium"),
    ]


def test_a_level_tag_before_a_heading_number_and_a_withdrawal_after_a_bold_title() -> None:
    tagged = (
        "# Model Failures\n\n## [Critical] 1. Role cannot invoke the functions\n\nText.\n\n"
        "## [Low] 2. Logging level ALL everywhere\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(tagged).failures] == ["Critical", "Low"]
    withdrawn = (
        "# Review\n\n## Minor Issues\n\n**4. Log group created implicitly**\n**Issue**: no "
        "retention.\n\n**5. Stage name hard-coded**\n**Issue**: always prod.\n\n"
        "**6. Missing stage access logging** *(withdrawn)*\n\n**Issue**: it is enabled after all.\n"
    )
    titles = [f.title for f in parse_analysis(withdrawn).failures]
    assert titles == ["Log group created implicitly", "Stage name hard-coded"]


def test_a_totals_breakdown_by_level_beats_the_category_lines_above_it() -> None:
    text = (
        "# Review\n\n## Summary\n\n- **Category A (Blocking Failures)**: 1 failure\n"
        "- **Category C (Minor Issues)**: 2 failures\n"
        "- **Total failures**: 3 (1 Critical, 1 High, 1 Low)\n\n## Category A: Blocking Failures\n\n"
        "### 1. Certificate in the wrong region\n\n**Severity**: Critical\n\n"
        "## Category C: Minor Issues\n\n### 2. Log bucket name not suffixed\n\n**Severity**: High\n\n"
        "### 3. Tags missing\n\n**Severity**: Low\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1, "Low": 1}


def test_an_overview_table_indexing_the_items_told_after_it() -> None:
    text = (
        "# Model Response Failures\n\n## Failure Overview\n\n| # | Failure | Severity |\n"
        "|---|---|---|\n| 1 | ACM certificate in wrong region | Critical |\n"
        "| 2 | Public origin bucket | High |\n\n## Critical Failures\n\n"
        "### 1. Certificate requested in the wrong region\n\n**Impact Level**: Critical\n\n"
        "## High Failures\n\n### 2. Bucket left publicly readable\n\n**Impact Level**: High\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Certificate requested in the wrong region", "Bucket left publicly readable"]
    # After the items, as a recap under any heading.
    items = text[text.index("## Critical Failures") :]
    table = text[text.index("## Failure Overview") : text.index("## Critical Failures")]
    after = (
        "# Model Response Failures\n\n" + items + "\n" + table.replace("Overview", "At a Glance")
    )
    assert [f.title for f in parse_analysis(after).failures] == titles


def test_a_sub_heading_over_the_two_responses_compared_is_one_failure() -> None:
    text = (
        "# Review\n\n## **Minor Issues**\n\n### **User Pool Password Policy Left at Defaults**\n\n"
        "- MODEL_RESPONSE.md does not set `password_policy`\n"
        "- IDEAL_RESPONSE.md sets `minimum_length = 12`\n\n### **No Access Logging on the Stage**\n\n"
        "- MODEL_RESPONSE.md omits `access_log_settings`\n- IDEAL_RESPONSE.md writes JSON logs\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("User Pool Password Policy Left at Defaults", "Low"),
        ("No Access Logging on the Stage", "Low"),
    ]


def test_crossed_numbered_bold_titles_without_a_checklist() -> None:
    text = (
        "❌ **Flaw 1**\nlib/stack.ts:14:23 - error TS2339: no such property.\n\n"
        "❌ **Flaw 2 (Critical)**\nCREATE_FAILED: cannot use privileged mode.\n\n"
        "❌ **Flaw 3**\nArtifact bucket without encryption.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Flaw 1", None), ("Flaw 2 (Critical)", "Critical"), ("Flaw 3", None)]
    assert parse_analysis("❌ **Not numbered**\ntext\n\n❌ **Another**\ntext\n").failures == []


def test_best_practices_items_tagged_in_their_titles_and_a_common_failures_guide_section() -> None:
    tagged = (
        "# Glue job issues\n\n### Security Issues\n\n- **[Medium] Bucket without TLS**\n"
        "  - `enforce_ssl` is absent.\n\n### Performance and Best Practices\n\n"
        "- **[Low] Worker type left at the default**\n  - Standard workers.\n\n"
        "- **[Low] No job bookmarks**\n  - Each run reprocesses everything.\n\n"
        "# Conclusion\n\nThree issues.\n"
    )
    assert [f.severity for f in parse_analysis(tagged).failures] == ["Medium", "Low", "Low"]
    guide = (
        "# CloudFront review\n\n## Common Model Failures\n\n### 1. Using OAI instead of OAC\n\n"
        "**Failure Scenario**: the legacy construct.\n**Why This Fails**: the prompt wants OAC.\n\n"
        "## Failures Observed in This Response\n\n### 2. Certificate in the stack region\n\n"
        "**Severity**: High\n\nText.\n"
    )
    titles = [f.title for f in parse_analysis(guide).failures]
    assert titles == ["Certificate in the stack region"]


def test_headings_led_by_a_bracketed_level_over_prose_and_lists() -> None:
    text = (
        "# Model Failures\n\n## 🔴 (High) Wrong Aurora engine version\n\nPinned to 5.7.\n\n"
        "## 🟡 (Medium) Password supplied as a plain parameter\n\nProblems with this approach:\n"
        "- the default is stored in the template\n- rotation needs a stack update\n\n"
        "## 🟢 (Low) Inconsistent export names\n\nMixed case.\n\n## What the Model Did Well\n\n"
        "- Multi-AZ.\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["High", "Medium", "Low"]


def test_a_numbered_group_over_one_bold_sub_item_that_rates_itself() -> None:
    text = (
        "# Review\n\n### 1. Networking Issues\n- **NAT Gateway Redundancy (High):**\n"
        "  - one NAT gateway for all subnets\n\n### 2. Auto Scaling Configuration\n"
        "- **Health Check Type (High):**\n  - EC2 checks only\n- **Instance Refresh (Low):**\n"
        "  - not configured\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("NAT Gateway Redundancy", "High"),
        ("Health Check Type", "High"),
        ("Instance Refresh", "Low"),
    ]


def test_prose_withdrawals_scores_for_training_purposes_long_gaps_and_general_checklists() -> None:
    review = (
        "# Review\n\n## Where it went wrong\n\n### The listener only spoke HTTP\n\nNo TLS.\n\n"
        "### Health check grace period\n\nAt first I flagged it. So scratch that — the model's "
        "value is fine and we kept it.\n\n### Hard-coded AMI ID\n\nA literal.\n\n"
        "If I had to put a number on it for training purposes: 6/10.\n"
    )
    a = parse_analysis(review)
    assert [f.title for f in a.failures] == ["The listener only spoke HTTP", "Hard-coded AMI ID"]
    assert a.score == 6.0
    gaps = (
        "# Review\n\n## Issues\n\n### 1. Open bucket\n\n**Issue**: public.\n\n## Summary\n\n"
        "- **Primary knowledge gaps**: EKS IAM policies, subnet tagging for discovery, managed "
        "node group bootstrap behaviour with custom launch templates\n"
    )
    assert len(parse_analysis(gaps).knowledge_gaps) == 3
    checklist = (
        "This document records what went wrong in the model's response, followed by a general "
        "checklist of failure patterns for this kind of workload.\n\n"
        "## Issues Found in This Response\n\n- **Visibility timeout too short**: 30 s.\n"
        "- **Redrive policy built as a dict**: not JSON.\n\n## Queue Configuration Failures\n\n"
        "- **Missing dead-letter queue**: retried forever\n- **FIFO misuse**: ordering lost\n"
    )
    assert len(parse_analysis(checklist).failures) == 2


def test_withdrawn_after_struck_text_a_base_score_and_a_what_to_avoid_checklist() -> None:
    struck = (
        "# Review\n\n## Failures\n\n**1. Open bucket (High)**\n\nPublic ACL.\n\n"
        "**2. Alias collided (Medium)**\n\n~~The alias was not suffixed.~~ **Withdrawn** — it "
        "was.\n\n**3. Provider unpinned (Low)**\n\nNo constraint.\n"
    )
    assert [f.severity for f in parse_analysis(struck).failures] == ["High", "Low"]
    scored = (
        "# Review\n\n## Issues\n\n### 1. Open bucket\n\n**Issue**: public.\n\n"
        "## Training Quality Impact\n\n**Base Score**: 6/10\n**Adjustment**: +1\n\n"
        "**Training Quality**: 7 / 10 (base 6, +1 for significant fixes)\n"
    )
    assert parse_analysis(scored).score == 7.0
    avoid = (
        "Below is a `failure_modes.md` that lists **what to avoid** when writing the Terraform. "
        "Use it as a checklist for reviewers or as negative examples.\n\n## Critical Violations\n\n"
        "1. State stored locally.\n2. `terraform validate` reports errors.\n"
    )
    assert parse_analysis(avoid).failures == []


def test_levels_beside_labels_bold_scores_label_parts_and_introduced_lists() -> None:
    beside = (
        "# Review\n\n## Failures\n\n### 1. Endpoint public\n\n**Issue**: open.\n\n"
        "**Impact** (Critical): the API is reachable.\n\n### 2. Nodes in public subnets\n\n"
        "**Issue**: public.\n\n**Impact (High)**: addressable from outside.\n\n---\n\n"
        "**Knowledge gaps:** EKS endpoints, subnet placement\n\n**Score:** 5/10\n"
    )
    a = parse_analysis(beside)
    assert [f.severity for f in a.failures] == ["Critical", "High"]
    assert a.score == 5.0
    parts = (
        "# Review\n\n## Major Issues\n\n**2. Cost estimate uses one price**\n\n"
        "**Requirement from PROMPT.md**:\n- per-type prices\n\n**Model Response Issues**:\n"
        "- 0.10 for every volume\n\n---\n\n**3. Naive datetime compared**\n\n"
        "**Model Response**: raises TypeError.\n"
    )
    titles = [f.title for f in parse_analysis(parts).failures]
    assert titles == ["Cost estimate uses one price", "Naive datetime compared"]
    introduced = (
        "# Issues and Resolutions\n\n## Problems Found\n\n### Template Errors\n\n"
        "#### Ports disagree\nThe ports differ.\n\n**Resolution**: aligned.\n\n"
        "### Test Suite Errors\n\n#### Tests assumed a public task IP\n"
        "The tests called the task's public IP. Symptoms seen in CI:\n\n- timeouts\n"
        "- undefined values\n\n**Resolution**: call the ALB.\n\n"
        "#### Unit tests expected a removed resource\nStale assertions.\n\n"
        "**Resolution**: removed them.\n"
    )
    titles = [f.title for f in parse_analysis(introduced).failures]
    assert titles == [
        "Ports disagree",
        "Tests assumed a public task IP",
        "Unit tests expected a removed resource",
    ]


def test_a_bracketed_total_general_notes_enhancement_opportunities_and_likely_slips() -> None:
    totals = (
        "# Review\n\n## Issues\n\n| # | Issue | Severity |\n|---|---|---|\n| 1 | Open | High |\n"
        "| 2 | Tags | Low |\n| 3 | Names | Low |\n\n## Summary\n\n**Totals**: 1 High, 2 Low (3 errors)\n"
    )
    assert parse_analysis(totals).claimed_counts == {"High": 1, "Low": 2}
    base = "# Review\n\n## Failures\n\n### 1. Timeout too short\n\n**Severity:** High\n\n"
    for section in (
        "## 🚨 General Troubleshooting Notes (not specific to this response)\n\n"
        "**1. Lambda cannot poll the queue**\n\n*Symptoms:* stuck.\n*Fix:* attach the policy.\n",
        "## Future Enhancement Opportunities (Non-blocking)\n\n### 1. Edge Functions\n"
        "- **CloudFront Functions**: could add rewrites\n",
        "## Where a model is likely to go wrong on this task\n\nTypical slips include:\n\n"
        "- A trail per account\n- No multi-region trail\n",
    ):
        assert len(parse_analysis(base + section).failures) == 1, section


def test_the_failing_half_of_a_requirements_comparison() -> None:
    text = (
        "# Model Failures Analysis\n\n## Prompt Requirements vs. Model Response\n\n"
        "### ✅ Successfully Implemented Requirements\n\n1. **API Layer**\n2. **Storage**\n\n"
        "### ❌ Model Failures and Issues\n\n"
        "1. **Redirect returns 200 (Severity: High)** — the handler returns a body.\n"
        "2. **TTL attribute mismatch (Severity: Medium)** — the names differ.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_plain_title_lines_with_levels_names_from_code_and_a_closing_praise_title() -> None:
    text = (
        "Missing Lifecycle Block on the Log Bucket (High):\n\nObjects never expire.\n\n"
        "Wrong Provider Alias for the Replica Region:\n\nThe replica uses the default provider.\n\n"
        "Replication Role Missing kms:Decrypt (Critical):\n\nReplication of encrypted objects fails.\n\n"
        "Things That Were Fine:\n\nThe variable names matched what the tests expected.\n\n"
        "Overall training quality: 6/10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Missing Lifecycle Block on the Log Bucket", "High"),
        ("Wrong Provider Alias for the Replica Region", None),
        ("Replication Role Missing kms:Decrypt", "Critical"),
    ]
    assert a.score == 6.0


def test_rated_problem_leaves_under_a_section_its_words_do_not_mark() -> None:
    text = (
        "# Infrastructure Changes Made\n\n## Key Infrastructure Modifications\n\n"
        "### Backup vault lock misconfigured\n\n**Problem**: retention shorter than the lock.\n\n"
        "**Change**: lowered the minimum.\n\n**Impact**: High — no backups completed.\n\n"
        "### Copy action targets the vault name\n\n**Problem**: a name, not an ARN.\n\n"
        "**Impact**: Medium — copies skipped.\n\n## Operational Improvements\n\n"
        "### Restore testing plan\n\n**Addition**: a restore test.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_an_impact_label_before_tags_a_rated_group_title_and_an_announced_list() -> None:
    tagged = (
        "# Review\n\n## 🔐 Security Implementation Failures\n\n### 1. **Listener serves HTTP**\n"
        "**Impact: MEDIUM** **WARNING** **Security Risk**\n\nText.\n\n"
        "### 2. **Insights disabled**\n**Impact: LOW** **WARNING** **Observability**\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(tagged).failures] == ["Medium", "Low"]
    group = (
        "# Review\n\n### 1. Networking Issues\n- **NAT redundancy (High):**\n  - one NAT\n\n"
        "## 2. Security Issues (High)\n\n- **Curated bucket allows non-TLS requests:**\n"
        "  - no deny statement\n"
    )
    titles = [f.title for f in parse_analysis(group).failures]
    assert titles[-1] == "Curated bucket allows non-TLS requests"
    announced = (
        "# Improvements\n\n## Initial State Analysis\n\nThe response held a partial template. "
        "Review found the following defects in the model's template:\n\n"
        "1. **Role cannot invoke the Lambdas (Critical)**: wrong ARN pattern.\n"
        "2. **Log retention unset (Low)**: kept forever.\n\n## Infrastructure Improvements\n\n"
        "### 1. Template Structure\n\n**Implemented**: parameters.\n"
    )
    assert [f.severity for f in parse_analysis(announced).failures] == ["Critical", "Low"]


def test_a_fixed_implementations_score_gives_way_to_the_responses() -> None:
    text = (
        "# Review\n\n## Issues\n\n### 1. Trail fails to deploy\n\n**Issue**: no policy.\n\n"
        "## Implementation Quality Assessment\n\n### Fixed Implementation Score: 9/10\n\n"
        "**Correctness**: 9/10\n\n### Original MODEL_RESPONSE Score: 3/10\n\n**Correctness**: 2/10\n"
    )
    assert parse_analysis(text).score == 3.0


def test_a_list_entry_whose_text_opens_retracted() -> None:
    text = (
        "# Review\n\n## Fixes\n\n1. **Health check on the wrong record**: the primary.\n"
        "   - Severity: Major\n2. **Missing wrappers**: Retracted — they were present.\n"
        "   - Severity: Minor\n3. **TTL too long**: 300 seconds.\n   - Severity: Moderate\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Health check on the wrong record", "TTL too long"]


def test_headings_over_a_comparison_table_and_a_quoted_marked_severity() -> None:
    text = (
        "# Nova Model Failures\n\n## ❌ Nova Model Failures\n\n### 🔑 Plaintext master password\n"
        "> 🔴 **Severity: Critical**\n\n| Requirement | Nova | Ideal |\n|---|---|---|\n"
        "| Credentials | in code | managed |\n\n> ❌ *It ends up in state.*\n\n"
        "### 🌐 Cluster in public subnets\n> 🟠 **Severity: High**\n\n| Requirement | Nova | Ideal |\n"
        "|---|---|---|\n| Subnets | public | private |\n\n## ✅ What Nova Got Right\n\n"
        "### 🧱 Engine version\n> 🟢 **Status: Correct**\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_knowledge_gaps_grouped_under_sub_headings() -> None:
    text = (
        "# Review\n\n## Issues\n\n### 1. WAF in the wrong region\n\n**Issue**: eu-west-1.\n\n"
        "## Knowledge Gaps Exposed\n\n### CloudFront Regional Constraints\n"
        "- WAF ACLs for CloudFront live in us-east-1\n- Cross-region references need SSM\n\n"
        "### Origin Security\n- OAC replaces OAI\n"
    )
    assert len(parse_analysis(text).knowledge_gaps) == 3


def test_a_prose_heading_opening_with_documentation_is_a_failure_among_others() -> None:
    text = (
        "# Model Response Analysis and Failures\n\n## Critical Definition Failures\n\n"
        "The state machine never starts.\n\n## Retry and Catch Configuration\n\n"
        "No retries on the Glue tasks.\n\n## Documentation Drift\n\nThe instructions name a "
        "script that does not exist.\n\n## What the Responses Got Right\n\nThe buckets.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles[-1] == "Documentation Drift" and len(titles) == 3
    assert parse_analysis("## 1. Open bucket\n\n### Documentation\n\nSee the docs.\n").failures


def test_plain_text_groups_numbered_from_one_each_with_its_own_level() -> None:
    text = (
        "Critical Technical Issues in Model Response\n"
        "1. Point-in-Time Recovery Not Enabled Before Export\nModel Response Issue:\nNo PITR.\n\n"
        "2. Export Lambda Writes to a Bucket It Cannot Access\nModel Response Issue:\nDenied.\n\n"
        "Moderate Issues\n1. Schedule Expression Uses Local Time\nModel Response Issue:\nUTC.\n\n"
        "Documentation Issues\n1. Missing Restore Procedure\nModel Response Issue:\nNone given.\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["Critical", "Critical", "Medium", None]


def test_a_titles_numbered_list_with_the_level_after_each_bold_title() -> None:
    text = (
        "# Model Failures\n\nThe template deployed on the first attempt. Only two problems "
        "needed fixing:\n\n1. **Hardcoded Availability Zone** (Medium) - the subnet used "
        "`us-east-1a` literally instead of selecting from the zones, so any other region breaks.\n"
        "2. **Queue policy missing a source condition** (Low) - any topic may publish.\n\n"
        "Training Quality: 8/10\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Hardcoded Availability Zone", "Medium"),
        ("Queue policy missing a source condition", "Low"),
    ]


def test_a_category_tag_after_an_items_title_makes_no_summary_of_it() -> None:
    text = (
        "# Fixes\n\n**Total Fixes**: 2 (1 critical, 1 high)\n\n"
        "## Correction 1: Instances declared with a provisioned class (Category A)\n\n"
        "**Severity**: Critical\n\n**Issue**: wrong class.\n\n"
        "## Correction 2: Proxy role cannot read the secret (Category B)\n\n"
        "**Severity**: High\n\n**Issue**: no GetSecretValue.\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "High"]
    assert not [p for p in a.problems if p.kind == "claimed_counts_mismatch"]


def test_a_heading_saying_how_the_response_deviates_holds_failures() -> None:
    text = (
        "Model Failure\nVerdict: FAIL\n\n## How the Model Response deviates\n\n"
        "- Uses a DB instance instead of an Aurora Serverless v2 cluster.\n"
        "- Removes EnvironmentSuffix from resource names.\n"
        "- Security group allows 5432 from anywhere.\n"
    )
    assert len(parse_analysis(text).failures) == 3


def test_a_headingless_opening_over_bold_titled_bullets_does_not_break_the_parse() -> None:
    text = (
        "The review found security gaps and implementation errors, which it addresses with:\n\n"
        "- **Complete Security Coverage**: all requirements implemented\n"
        "- **Enhanced KMS Encryption**: dedicated keys for S3\n"
    )
    a = parse_analysis(text)
    assert not [p for p in a.problems if p.kind == "parse_error"]


def test_not_counted_items_and_a_guide_under_bold_labels() -> None:
    text = (
        "# Review\n\n## Issues\n\n### 1. **[LOW] Log group without retention**\n\n"
        "**Problem**: kept forever.\n\n### 2. **Fargate vCPU quota exceeded** (not counted)\n\n"
        "**Problem**: the first attempt failed.\n\n### 3. **Quota again**\n\n**Problem**: shared "
        "account.\n\n**Status**: environment issue, so this is withdrawn as a model failure.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Low"]
    guide = (
        "# model_failure\n\n**Why a model might struggle with this task:**\n\n"
        "A generated answer can go wrong before it reaches apply.\n\n"
        "**Typical misconfigurations:**\n\n- AMIs by literal ID.\n- Listeners on port 80.\n"
    )
    assert parse_analysis(guide).failures == []


def test_a_numbered_correctly_implemented_section_of_bold_bullets_is_praise() -> None:
    text = (
        "# Model Response Failures Compared to Ideal Response\n\n## 1. Transit Gateway\n\n"
        "- **Default route table association:**\n  - Severity: High\n  - spokes reach spokes\n\n"
        "- **Attachment subnets:**\n  - Severity: Medium\n  - app subnets used\n\n"
        "## 2. Correctly Implemented\n\n- **Flow Logs:**\n  - configured on every VPC\n"
        "- **Tagging:**\n  - all resources tagged\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_praise_word_titling_an_item_under_a_level_section_is_a_failure() -> None:
    # (Found by the round-trip property: a failure titled "POSITIVE" rendered under its level.)
    text = (
        "# Analysis\n\n## Critical Failures\n\n### 1. Open bucket\n\n**Impact Level**: Critical\n\n"
        "### 2. Positives\n\n**Impact Level**: Critical\n\n## Summary\n\n- 2 Critical\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open bucket", "Positives"]
    praise = (
        "# Analysis\n\n## Findings\n\n### 1. Open bucket\n\nHigh.\n\n### 2. Positives\n\nTags.\n"
    )
    assert [f.title for f in parse_analysis(praise).failures] == ["Open bucket"]


def test_what_was_actually_wrong_lists_failures_and_the_corrections_after_it_are_fixes() -> None:
    text = (
        "# Model Failures and Corrections\n\n## Issue Identified\n\nThe first review was wrong.\n\n"
        "## What Was Actually Wrong\n\n1. **Queue has no DLQ**: failed messages are lost.\n"
        "2. **No outputs**: tests cannot find the queue URL.\n\n## Corrections Made\n\n"
        "### 1. Added a Dead-Letter Queue\n\nWith maxReceiveCount 5.\n\n"
        "### 2. Exposed the Queue URL\n\nA public readonly output.\n\n"
        "### 3. Exported the Outputs\n\nFrom bin/app.ts.\n\n## Lesson Learned\n\nCheck first.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Queue has no DLQ", "No outputs"]


def test_a_numbered_area_whose_bullets_only_say_the_model_got_it_right_is_no_failure() -> None:
    text = (
        "# Model Response Failures Compared to Ideal Response\n\n## 1. Queues (High)\n"
        "- **Dead-letter queue:**\n  - Model set no redrive policy\n\n"
        "- **Encryption:**\n  - SSE is off\n\n## 2. Alarms\n- **Depth alarm:**\n"
        "  - Model correctly alarms at 1000 messages\n  - No change needed\n\n"
        "## 3. Outputs\n- **Queue URL:**\n  - Model correctly exports it\n  - but the ARN is not exported\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Dead-letter queue", "High"), ("Encryption", "High"), ("Outputs", None)]


def test_bold_titled_bullets_under_a_numbered_level_group_or_failure_category() -> None:
    minor = (
        "# Review\n\n## 1. Functional Gaps\n\n### 1.1 Authoriser Not Attached\n\nOpen API.\n\n"
        "### 1.2 Wrong Key Schema\n\nScans.\n\n## 2. Minor Issues and Inconsistencies\n\n"
        "- **Log Retention:** log groups never expire.\n- **Tracing:** X-Ray is off.\n\n"
        "## 3. Conclusion\n\nClose.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(minor).failures]
    assert got == [
        ("Authoriser Not Attached", None),
        ("Wrong Key Schema", None),
        ("Log Retention", "Low"),
        ("Tracing", "Low"),
    ]
    categories = (
        "# Review\n\n## Major Failure Categories\n\n### 1. Cluster Networking\n\n"
        "- **Private Endpoint Disabled**: nodes cannot reach the API.\n"
        "- **Missing Subnet Tags**: no internal load balancers.\n\n"
        "### 2. Identity\n\n- **Node Role Lacks ECR Read**: images cannot be pulled.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(categories).failures]
    assert got == [
        ("Private Endpoint Disabled", "High"),
        ("Missing Subnet Tags", "High"),
        ("Identity", "High"),  # (one bullet: the category is the failure, told in one line)
    ]


def test_a_level_closing_an_entry_after_a_dash_severity_dash_high() -> None:
    text = (
        "Response generated by model had following issues:\n\n"
        "1) Model split the program in three chunks and the middle one repeated the VPC. It had "
        "to be stitched by hand. Severity - Medium\n\n"
        "2) Model filtered AMIs by owner self, so the preview failed. Severity – High\n\n"
        "3) Port 22 was open to the world. The prompt asked for the office CIDR. Severity - Critical\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["Medium", "High", "Critical"]


def test_a_bold_title_before_its_level_tag_in_a_numbered_heading_is_read_without_marks() -> None:
    text = (
        "# Analysis\n\n## Failures\n\n#### 1. **Dead-Letter Queue Missing** (Critical)\n\nNo DLQ.\n\n"
        "#### 2. **Task Role Grants `s3:*`** (High)\n\nToo broad.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Dead-Letter Queue Missing", "Critical"),
        ("Task Role Grants `s3:*`", "High"),
    ]
    dashed = "# Analysis\n\n## Failures\n\n### 1. **CRITICAL NETWORK FAILURE** - Lambda not in the VPC\n\nx\n"
    got = [(f.title, f.severity) for f in parse_analysis(dashed).failures]
    assert got == [("CRITICAL NETWORK FAILURE - Lambda not in the VPC", "Critical")]


def test_a_headingless_note_whose_opening_says_something_failed_over_a_numbered_list() -> None:
    text = (
        "Lint passed on the first try but terraform apply did not.\n\n"
        "1. the backend block was written twice so init failed\n"
        "2. port 22 was open to the world\n\nEverything else came out fine.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "the backend block was written twice so init failed",
        "port 22 was open to the world",
    ]


def test_square_bracketed_category_tags_and_a_compound_level_word_in_an_impact_note() -> None:
    text = (
        "# Corrections\n\n## Summary\n- **Category A (Critical)**: 1 correction\n"
        "- **Category B (Moderate)**: 1 correction\n\n"
        "## Correction 1: GuardDuty Detector Created Twice [Category A]\n\n"
        "**Problem**: declared in two modules.\n\n"
        "## Correction 2: EventBridge Pattern Uses Strings [Category B]\n\n"
        "**Problem**: the rule never matches.\n"
        "**Impact**: High-severity findings were never forwarded to the topic.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("GuardDuty Detector Created Twice [Category A]", "Critical"),
        ("EventBridge Pattern Uses Strings [Category B]", "Medium"),
    ]


def test_numbered_items_under_an_error_category_heading_naming_no_level() -> None:
    text = (
        "# EKS QA\n\n## Error Category: High - Access\n\n### 1. Endpoint Open\n\n"
        "#### Description\nPublic.\n\n## Error Category: Configuration - Defaults\n\n"
        "### 2. Version Left Unpinned\n\n#### Description\nNo version.\n\n## Summary\n\nTwo.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Endpoint Open", "High"), ("Version Left Unpinned", None)]


def test_plain_title_lines_with_levels_and_a_withdrawn_one_in_a_plain_report() -> None:
    text = (
        "State Backend Not Configured (High):\n\nNo backend block, state stays local.\n\n"
        "Lock Table Key Mismatch (Critical):\n\nThe hash key is id, not LockID.\n\n"
        "Outputs Reference Wrong Attribute (Low):\n\nThe output returns the ARN.\n\n"
        "Provider Region Hardcoded (withdrawn):\n\nIt reads var.aws_region after all. Not counted.\n\n"
        "What the model got right:\n\nPublic access is blocked.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("State Backend Not Configured", "High"),
        ("Lock Table Key Mismatch", "Critical"),
        ("Outputs Reference Wrong Attribute", "Low"),
    ]


def test_where_it_fell_over_and_diverged_blocks_with_consequence_labels() -> None:
    fell_over = (
        "# CDN review\n\n## Where It Fell Over\n\n### Blocker: The WebACL Was in the Wrong Region\n\n"
        "The stack dies on create.\n\n### Cache TTLs Were Hardcoded (minor)\n\nNo parameters.\n"
    )
    got = [f.severity for f in parse_analysis(fell_over).failures]
    assert got == ["Critical", "Low"]
    block = (
        "**Ideal:** The ideal response {ideal}.\n* **Model:** The model response {model}.\n"
        "* **Severity:** {level}\n* **Consequence:** {why}\n\n***\n\n"
    )
    diverged = "# Where the Model Response Diverged from the Ideal Response\n\n---\n\n" + "".join(
        block.format(ideal=i, model=m, level=lv, why=w)
        for i, m, lv, w in (
            ("scopes the role", "attaches AdministratorAccess", "Critical", "Full account access."),
            ("uses private subnets", "uses public subnets", "High", "Tasks are exposed."),
            ("keeps 30 days of logs", "keeps 30 days too", "None", "No issue; identical."),
            ("sets a root object", "sets the same", "Low", "None. Both are equivalent here."),
            ("logs to a log bucket", "logs to the content bucket", "Medium", "Loops."),
        )
    )
    got = [(f.title, f.severity) for f in parse_analysis(diverged).failures]
    assert got == [
        ("The model response attaches AdministratorAccess", "Critical"),
        ("The model response uses public subnets", "High"),
        ("The model response logs to the content bucket", "Medium"),
    ]


def test_detailed_findings_numbered_on_are_new_and_a_count_bullet_holds_a_breakdown() -> None:
    text = (
        "# Model Response Analysis\n\n## Deployment Errors\n\n### Finding 1: Token too short\n"
        "**Severity**: Critical\n\n### Finding 2: No ENI permissions\n**Severity**: Critical\n\n"
        "## Detailed Findings\n\n### Finding 3: Transit encryption off\n**Severity**: High\n\n"
        "### Finding 4: Client per invocation\n**Severity**: Medium\n\n## Summary\n\n"
        "- 2 critical, 1 high, 1 medium across the review\n- Fixable in one pass\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "Critical", "High", "Medium"]
    assert analysis.claimed_counts == {"Critical": 2, "High": 1, "Medium": 1}


def test_open_boxes_of_a_requirements_checklist_are_the_misses() -> None:
    text = (
        "---\ntask: ecs-blue-green\nscore: 4\n---\n\n## Requirements checklist (final response)\n\n"
        "- [x] VPC across two AZs\n- [ ] CodeDeploy deployment group (critical)\n"
        "- [x] ALB with HTTPS\n- [ ] Log group retention 14 days (low)\n"
        "- [ ] S3 backend with locking — model used a local backend\n\n## Notes\n\nClose.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("CodeDeploy deployment group", "Critical"),
        ("Log group retention 14 days", "Low"),
        ("S3 backend with locking — model used a local backend", None),
    ]
    titled = "# Model Failures\n\n- [ ] Test listener on 8443 (critical)\n- [x] ALB on 443\n- [ ] No tags\n"
    assert [f.title for f in parse_analysis(titled).failures] == [
        "Test listener on 8443",
        "No tags",
    ]


def test_a_failure_named_by_a_results_word_and_code_marks_in_a_labelled_entry_title() -> None:
    results = (
        "# Failures\n\n## Deployment Problems\n\n### Crawler Role Cannot Read the Bucket\n\n"
        "**Failure**: AccessDenied.\n\n## Security Configuration Issues\n\n"
        "### Athena Query Results Unencrypted\n\n**Failure**: results written without "
        "encryption.\n\n**Fix Applied**: SSE_KMS on the workgroup.\n\n## Summary\n\nTwo.\n"
    )
    titles = [f.title for f in parse_analysis(results).failures]
    assert titles == ["Crawler Role Cannot Read the Bucket", "Athena Query Results Unencrypted"]
    entries = (
        "# Failures\n\n## 3. Security Concerns (Medium)\n\n1. **Lambda Role Allows `states:*`**\n"
        "   - **Issue**: the role can delete any state machine.\n   - **Fix**: limit it.\n\n"
        "2. **Secrets in Plain Environment Variables**\n   - **Issue**: a literal string.\n"
    )
    titles = [f.title for f in parse_analysis(entries).failures]
    assert titles == ["Lambda Role Allows `states:*`", "Secrets in Plain Environment Variables"]


def test_bold_error_titles_tagged_with_a_severity_label_and_code_review_findings() -> None:
    text = (
        "# Failures\n\n## Attempt 1\n\n### Deployment Errors\n\n"
        "**Error 1 – wrong engine version enum** (Severity: Critical)\n```\nAttributeError: VER_15_0\n```\n"
        "The model invented a constant.\n\n## Final Response\n\n### Code Review Findings\n\n"
        "1. **Egress open to all** — Severity: Medium\n   The prompt asked for 5432 only.\n\n"
        "2. **No removal policy**\n   Dev stacks must be destroyable. Severity: Low\n\n"
        "## Recommendations\n\n- Restrict egress\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("wrong engine version enum", "Critical"),
        ("Egress open to all", "Medium"),
        ("No removal policy", "Low"),
    ]


def test_prose_sections_under_a_model_response_review_title() -> None:
    text = (
        "# Model Response Review: ECS Fargate Service\n\n## Overview\n\nThis review examines it.\n\n"
        "## What the Response Got Right\n\nSubnets are split well.\n\n"
        "## Critical: Database Password in the Task Definition\n\nA plain environment entry.\n\n"
        "## Health Check Pointing at the Wrong Path\n\nEvery task is marked unhealthy.\n\n"
        "## Recommendations\n\nUse dynamic references.\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["Critical", None]


def test_ticket_keyed_headings_with_a_dash_and_their_levels_in_a_summary_table() -> None:
    one = (
        "# Model Failures — VPC endpoints\n\n## Issue Summary\n\n| ID | Area | Severity | Status |\n"
        "|----|------|----------|--------|\n| CF-1 | Endpoint policy | Medium | Open |\n\n"
        "## Issue Details\n\n### CF-1 — Endpoint policies allow any principal\n\nNo org condition.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(one).failures]
    assert got == [("Endpoint policies allow any principal", "Medium")]
    two = (
        one.replace(
            "| CF-1 | Endpoint policy | Medium | Open |",
            "| CF-1 | Endpoint | Medium | Open |\n| CF-2 | Logs | Low | Open |",
        )
        + "\n### CF-2 — No log retention\n\nForever.\n"
    )
    assert [f.severity for f in parse_analysis(two).failures] == ["Medium", "Low"]


def test_an_entry_that_takes_itself_back_on_its_own_line() -> None:
    text = (
        "# Review\n\n## What the model got wrong\n\n1. Replica uses the id, not the ARN (severity: high)\n"
        "2. Backup retention left at 0 — wait, no, it's 7. ignore this one, my bad.\n"
        "3. Tags are missing on this one bucket only (severity: low)\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["High", "Low"]


def test_what_the_model_got_wrong_under_a_round_heading_lists_failures() -> None:
    text = (
        "# Model Failures\n\n## Round 1 (initial response)\n\n### What the model got wrong\n\n"
        "1. Redis built as a single node (severity: high)\n2. Encryption flags not set (severity: high)\n\n"
        "## Round 2 (after feedback)\n\n### New issues in Round 2\n\n"
        "3. Auth token passed as a literal (severity: critical)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Critical"]


def test_a_priority_leading_a_heading_is_its_level_not_its_number() -> None:
    text = (
        "# Findings\n\n## Findings\n\n### P0 — Aurora lands in public subnets\n\nOpen.\n\n"
        "### P2 — Alarms without actions\n\nSilent.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("P0 — Aurora lands in public subnets", "Critical"),
        ("P2 — Alarms without actions", "Medium"),
    ]


def test_counts_with_level_words_in_the_plural() -> None:
    text = "# R\n\n## Summary\n\ntl;dr 2 P0s, 3 P1s, 1 P3.\n\n## Findings\n\n### P0 — A\n\nx\n"
    assert parse_analysis(text).claimed_counts == {"Critical": 2, "High": 3, "Low": 1}
    words = "# R\n\n## Summary\n\n2 criticals, 3 highs and 1 low.\n\n## Findings\n\n### 1. A\n\nx\n"
    assert parse_analysis(words).claimed_counts == {"Critical": 2, "High": 3, "Low": 1}


def test_a_guide_to_what_would_count_as_a_failed_implementation_lists_no_failures() -> None:
    text = (
        "Sure! Here is a `failure_scenarios.md` describing **what would count as a failed "
        "implementation** of the API template. You can use it as a checklist when reviewing.\n\n"
        "# failure_scenarios.md\n\n## Rejection Criteria\n\n### 1. Template Structure\n\n"
        "* **[Critical]** The template is written in YAML.\n\n### 2. API Gateway\n\n"
        "* **[Critical]** The REST API has no authorizer.\n"
    )
    assert parse_analysis(text).failures == []


def test_rated_area_headings_over_bold_bullets_and_a_symptoms_section() -> None:
    areas = (
        "### Ideal vs. Model: Where the Model Falls Short\n\nGrouped below.\n\n"
        "#### Networking (major)\n* **Single NAT Gateway**: one AZ outage cuts egress.\n"
        "* **Missing VPC Endpoints**: S3 traffic goes through the NAT.\n\n"
        "#### Code Quality (minor)\n* **Magic Strings**: names inline.\n* **No Outputs**: tests cannot find the VPC id.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(areas).failures]
    assert got == [
        ("Single NAT Gateway", "High"),
        ("Missing VPC Endpoints", "High"),
        ("Magic Strings", "Low"),
        ("No Outputs", "Low"),
    ]
    symptoms = (
        "# Review\n\n## Where the generated stack goes wrong\n\n"
        "* **DLQ retention shorter than the source queue (blocking)**\n  Messages vanish.\n"
        "* **Batch size above the FIFO limit (minor)**\n  Mapping fails.\n\n"
        "## How each problem shows up\n\n* Stack creation stops at the event source mapping.\n"
        "* Duplicate processing in the logs.\n"
    )
    assert [f.severity for f in parse_analysis(symptoms).failures] == ["Critical", "Low"]


def test_a_catalogue_of_failure_modes_and_a_migration_score() -> None:
    catalogue = (
        "# RDS module\n\n## Overview\nThis file catalogues the failure modes and risks for the RDS "
        "module. Keep it next to the module for reviewers.\n\n## Input Failures\n\n"
        "1. **Engine version not offered**\n   - apply fails.\n2. **Instance class unsupported**\n"
        "   - apply fails.\n\n## Issues Found in This Model Response\n\n"
        "- **`storage_encrypted` omitted (High)**\n- **Hardcoded instance class (Medium)**\n"
    )
    assert [f.severity for f in parse_analysis(catalogue).failures] == ["High", "Medium"]
    migration = (
        "# TGW review\n\n## Executive Summary\n\n**OVERALL MIGRATION SCORE: 71/100**\n\n"
        "## Issues\n\n### 1. Default route table association enabled\n\nSpokes talk.\n"
    )
    assert parse_analysis(migration).score is None


def test_counts_told_one_a_bullet_outside_a_summary_section() -> None:
    text = (
        "# Review\n\n## Issues\n\n### 1. A (Critical)\n\nx\n\n### 2. B (High)\n\ny\n\n"
        "## Validation Results\n\n### Model Response Issues Found:\n"
        "- **1 Critical** (deployment blocker)\n- **1 High**\n- **3 Best Practice Violations**\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1}
    # Two such runs (risks per dimension) claim nothing.
    two = text + "\n**Operations**:\n- 2 High risk issues\n- 1 Critical risk issue\n"
    assert parse_analysis(two).claimed_counts == {}


def test_a_plain_gaps_label_leading_the_comma_line_under_its_heading_is_no_gap() -> None:
    text = (
        "# A\n\n## Issues\n\n### 1. X\n\nbad\n\n## Knowledge Gaps\n\n"
        "Primary knowledge gaps: VPC networking for Lambda, Aurora v1 vs v2, SG rules\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == ["VPC networking for Lambda", "Aurora v1 vs v2", "SG rules"]


def test_a_guide_to_grade_any_response_lists_no_failures() -> None:
    text = (
        "# Model Failures - Thumbnail Pipeline\n\nFailure patterns that models commonly show on "
        "this prompt. Use this list to grade any response; it does not describe one particular "
        "answer.\n\n## Blocking Failures\n\n### 1. Recursive S3 Trigger\n**Symptom:** loops.\n\n"
        "### 2. Missing DLQ\n**Symptom:** lost events.\n"
    )
    assert parse_analysis(text).failures == []


def test_a_colon_inside_a_name_does_not_cut_a_plain_entry_title() -> None:
    text = (
        "Model failures for this task (Terraform, static website on S3 + CloudFront):\n\n"
        '1. The bucket policy grants s3:GetObject to Principal "*", so the bucket is public '
        "although the prompt asked for access only through an origin access control. Severity: High\n"
        "2. The distribution has no default root object. Severity: Medium\n"
        "3. ViewerProtocolPolicy is left at allow-all. Severity: Medium\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles[0].startswith("The bucket policy grants s3:GetObject to Principal")
    assert len(titles) == 3


def test_a_qualified_severity_label_is_the_items_own() -> None:
    text = (
        "# Failures\n\n### Failure 1 — Scheduler role trusts the wrong service\n\n"
        "**Overall Severity**: CRITICAL\n\n**What broke**: events.amazonaws.com.\n\n"
        "### Failure 2 — Cleanup deletes untagged snapshots\n\n**Assessed Impact Level**: Low\n\n"
        "**What broke**: no filter.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_sub_headings_naming_a_fault_at_their_end_and_a_note_saying_things_broke() -> None:
    text = (
        "# Failures\n\n## Critical Issues\n\n### 1. Password in tfvars\n\n**Issue**: plain text.\n\n"
        "## Additional Minor Issues\n\n### No `final_snapshot_identifier` Strategy\n\n"
        "- `skip_final_snapshot = true` everywhere\n- prod deletes lose data\n\n"
        "### Backtrack Window Not Set\n\n- the prompt asked for 24 hours\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Password in tfvars", "Critical"),
        ("No `final_snapshot_identifier` Strategy", "Low"),
        ("Backtrack Window Not Set", "Low"),
    ]
    note = (
        "The response was mostly fine for lint but a few things broke on deploy:\n\n"
        "- the backend pointed at a lock table never created\n- port 22 open to the world\n\n"
        "Second response fixed all of these.\n"
    )
    assert len(parse_analysis(note).failures) == 2


def test_part_scores_under_a_score_heading_give_way_to_the_labelled_score() -> None:
    text = (
        "# Failures\n\n## Issues\n\n### 1. Open security group\n\n**Severity**: High\n\n"
        "## Training Quality Score Justification\n\n- Template structure: 9/10\n- Security: 5/10\n\n"
        "**Training Quality**: 6/10 — the open group holds it down.\n"
    )
    assert parse_analysis(text).score == 6


def test_a_numbered_section_of_what_was_already_correct_is_praise() -> None:
    text = (
        "# Review\n\n## 1. Resolvers\n\n### Issue: Resolver ignores the owner\n**Severity:** High\n\n"
        "## 2. Things That Were Already Correct\n\n### Note: Table Encryption\nAlready on.\n\n"
        "## Summary\n\nOne issue.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Resolver ignores the owner"]


def test_a_closing_breakdown_spelled_out_in_words_is_a_claim() -> None:
    text = (
        "# F\n\n## Issues\n\n### 1. A\n**Severity**: Critical\n\n### 2. B\n**Severity**: High\n\n"
        "## Conclusion\n\nSeven failures were found: one critical, three high, two medium and one "
        "low. All were fixed.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 3, "Medium": 2, "Low": 1}


def test_an_error_titled_bold_item_bold_plain_titles_and_none_significant_gaps() -> None:
    errors = (
        "# Failures\n\n## Initial Build Failures\n\n**1. LambdaInvoke Task Import Error**\n\n"
        "- **Severity**: Critical\n- **Root Cause**: wrong package\n\n"
        "**2. Chain Built From a State Machine**\n\n- **Severity**: High\n- **Root Cause**: x\n"
    )
    assert [f.severity for f in parse_analysis(errors).failures] == ["Critical", "High"]
    plain = (
        "**Missing Node Group Variables:**\n\nThe tests expect node_min_size.\n\n"
        "**Cluster Add-on Resources:**\n\nNo aws_eks_addon for vpc-cni.\n\n"
        "**What Passed:**\n\nThe variables are declared.\n"
    )
    titles = [f.title for f in parse_analysis(plain).failures]
    assert titles == ["Missing Node Group Variables", "Cluster Add-on Resources"]
    none = "# F\n\n## Issues\n\n### 1. A\n\nx\n\n## Summary\n\n- **Primary knowledge gaps**: None significant\n"
    assert parse_analysis(none).knowledge_gaps == []


def test_a_level_tag_after_the_file_a_bold_bullet_names() -> None:
    text = (
        "Problems Fixed in the Generated Code\n------------------------------------\n\n"
        "*   **`Missing required argument: role`** in glue.ts (Critical) — the crawler had no role.\n\n"
        "*   **`Output<string>` not assignable to string** in athena.ts (High) — interpolated.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_fixes_by_priority_after_a_findings_section_are_no_more_failures() -> None:
    text = (
        "# Review\n\n## Findings\n\n### 1. CRITICAL - Lambda not in the VPC\n\n**Issue**: x\n\n"
        "### 2. MINOR - Family hardcoded\n\n**Issue**: y\n\n## Required Fixes by Priority\n\n"
        "### Critical Fixes\n1. **Add VpcConfig** to the function\n2. **Pin the family**\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]
    rounds = (
        "# Review\n\n## Round 1 findings\n\n- [ ] Key policy missing (high)\n- [x] Tags\n\n"
        "## Round 2 findings (after fix)\n\n- [ ] Deletion policy wrong (medium)\n"
    )
    assert [f.severity for f in parse_analysis(rounds).failures] == ["High", "Medium"]


def test_a_parenthesised_update_asking_to_ignore_an_item_by_number() -> None:
    text = (
        "# Test Failures\n\n1. Variables Not Declared:\n\nOnly instance_type is declared.\n\n"
        "2. Certificate Output Missing:\n\nIt is not exported.\n\n(Update: the earlier run used a "
        "stale file; the output was there. Please ignore item 2.)\n\n3. Egress Too Broad:\n\nAll ports.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Variables Not Declared", "Egress Too Broad"]


def test_a_gaps_label_under_every_failure_is_the_items_part_not_knowledge_gaps() -> None:
    text = (
        "# Review\n\n## Security Failures (Critical)\n\n### 1. Listener on plain HTTP\n\n"
        "**Gaps:**\n- port 80 with no certificate\n\n### 2. Insights off\n\n**Gaps:**\n"
        "- no containerInsights setting\n"
    )
    analysis = parse_analysis(text)
    assert len(analysis.failures) == 2 and analysis.knowledge_gaps == []


def test_problem_headings_rated_in_brackets_are_one_failure_each_and_guides_that_tend() -> None:
    text = (
        "# Firehose review\n\n## Problem 1: Delivery Stream Misconfigured (Critical)\n\n"
        "- **Wrong destination type**: deprecated s3.\n- **No buffering hints**: defaults.\n\n"
        "## Problem 2: Encryption & IAM Gaps (High)\n\n- **SSE off**: no block.\n"
        "- **Role over-privileged**: s3:* on *.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]
    guide = (
        "This guide collects the failure modes and frequent mistakes that tend to come up when "
        "building an EKS cluster.\n\n## 1. Cluster Provisioning Failures\n\n### 1.1 Control Plane\n"
        "1. **Unsupported Version**: retired.\n2. **Untagged Subnets**: no ELB tags.\n"
    )
    assert parse_analysis(guide).failures == []


def test_a_failure_tally_states_counts_not_failures() -> None:
    text = (
        "# Review\n\n## Critical Failures\n\n### 1. **No retry**\n\nx\n\n## Minor Failures\n\n"
        "### 2. **Names not descriptive**\n\ny\n\n## 📈 **Failure Tally**\n\n"
        "- **Critical Failures**: 1\n- **Minor Failures**: 1\n- **Correct Implementations**: 4\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "Low"]
    assert analysis.claimed_counts == {"Critical": 1, "Low": 1}


def test_default_is_no_fault_word_in_a_praise_heading() -> None:
    text = (
        "# Review\n\n## Critical Failures\n\n### 1. Public bucket\n\n**Issue**: open.\n\n"
        "## Strengths of the Model Response\n\n### **Correct Use of L2 Constructs**\n- Distribution used\n\n"
        "### **Sensible Default Root Object**\n- index.html configured correctly\n\n## Summary\n\nOne.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Public bucket"]


def test_a_bare_title_between_two_failure_titles_of_a_pasted_answer_is_one_too() -> None:
    text = (
        "Here is what went wrong with the first version.\n\nACM Certificate in Wrong Region\n"
        "The certificate was created in eu-west-1.\n\nBucket Policy Allows Public Reads\n"
        "Combined with the public access settings every object is readable.\n\n"
        "Missing Outputs\nThe distribution id is not exported.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "ACM Certificate in Wrong Region",
        "Bucket Policy Allows Public Reads",
        "Missing Outputs",
    ]


def test_numbering_that_restarts_per_section_names_no_summary_row() -> None:
    text = (
        "# Review\n\n## Critical Issues\n\n### 1. **Public subnets**\n**Issue**: x\n\n"
        "## Minor Issues\n\n### 1. **No suffix**\n**Issue**: y\n\n### 2. **No outputs**\n**Issue**: z\n\n"
        "## Summary Table\n\n| # | Issue | Severity |\n|---|---|---|\n| 1 | Public subnets | Critical |\n"
        "| 2 | No suffix | Low |\n| 3 | No outputs | Low |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "Low"]


def test_a_sentence_saying_what_the_review_found_by_level_is_a_claim() -> None:
    text = (
        "# Review\n\n## Issues\n\n### 1. A\n**Severity**: Critical\n\n### 2. B\n**Severity**: High\n\n"
        "## Validation Results\n\n### Model Response Issues Found:\nThe review found 1 Critical and "
        "1 High issue; the critical one blocks deployment.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1}


def test_a_withdrawal_note_naming_another_item_leaves_the_one_it_sits_under() -> None:
    text = (
        "# Review\n\n### 1. **[MEDIUM] Missing Cache Policy**\n**Problem**: legacy forwarding.\n\n"
        "### 2. **[LOW] No Logging Bucket**\n**Problem**: no access logs.\n\n"
        '> **Withdrawn on re-review**: an earlier draft listed "Hardcoded hosted zone name" here; '
        "it is not a failure.\n\n### 3. **[MEDIUM] Error Pages Not Mapped**\n**Problem**: 404s.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Low", "Medium"]


def test_a_struck_bold_bullet_and_a_reference_only_pitfalls_section() -> None:
    struck = (
        "# Review\n\n### 2. Security Issues (High)\n\n- **Bucket Encryption**\n  - S3-managed only\n\n"
        "- **Glue Role Permissions**\n  - AmazonS3FullAccess attached\n\n- ~~**Public Access Block**~~\n"
        "  - *Withdrawn on re-review:* it was set after all.\n"
    )
    titles = [f.title for f in parse_analysis(struck).failures]
    assert titles == ["Bucket Encryption", "Glue Role Permissions"]
    pitfalls = (
        "# Review\n\n## General Pitfalls (reference only, not findings)\n\n### Peering\n\n"
        "* Peering never **accepted** in the peer account.\n* **Overlapping CIDR blocks**.\n\n"
        "## Defects Found in the Model Response\n\n### 1. Accepter Uses Wrong Provider — Severity: Critical\n\nx\n"
    )
    assert [f.severity for f in parse_analysis(pitfalls).failures] == ["Critical"]


def test_an_unfilled_template_holds_no_failures() -> None:
    # A template's blanks ("<short title>", "_TBD_") are not failures, and the list of
    # levels to choose from is no level: the document is an empty analysis.
    template = (
        "# Model Failures\n\n> Insert the model's failures here.\n\n"
        "### Failure 1: <short title>\n\n**Severity**: <Critical / High / Medium / Low>\n\n"
        "**Description**: <what the model got wrong>\n\n**Fix**: <what changed>\n"
    )
    tbd = "# MODEL_FAILURES\n\n## Critical\n\n- _TBD_\n\n## High\n\n- TODO\n"
    for text in (template, tbd):
        analysis = parse_analysis(text)
        assert analysis.failures == []
        assert "no_failures" in [p.kind for p in analysis.problems]
    filled = tbd.replace("_TBD_", "Bucket left public").replace("TODO", "No log retention")
    assert [f.severity for f in parse_analysis(filled).failures] == ["Critical", "High"]


def test_numbered_bold_items_under_category_headings_are_the_failures() -> None:
    # "1. **Title**" over indented details reads as "- **Title**" does: the category heading
    # groups its numbered items, each a failure with the group's level.
    text = (
        "# Issues and Failures\n\n### A. Syntax Issues\n\n"
        "1. **Props Class Missing**\n   - The stack takes a bare keyword argument.\n\n"
        "2. **Construct IDs Reused**\n   - Two buckets share one ID, so synth fails.\n\n"
        "### B. Deployment-Time Issues (Critical)\n\n"
        "1. **Bucket Name Collision**\n   - A fixed global name that is already taken.\n\n"
        "2. **Lambda Asset Path Wrong**\n   - The asset path resolves from the wrong folder.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Props Class Missing", None),
        ("Construct IDs Reused", None),
        ("Bucket Name Collision", "Critical"),
        ("Lambda Asset Path Wrong", "Critical"),
    ]


def test_an_item_saying_the_model_is_not_at_fault_is_no_failure() -> None:
    # An emulator's limitation listed with the numbered failures, saying the model's code is
    # not at fault, is taken back; a table after a list names another record, not this entry.
    text = (
        "# Failures\n\n### 1. [HIGH] Bucket Left Public\n\n**Issue:** Public read ACL.\n\n"
        "## LocalStack-Specific Issues\n\n### 2. CloudFront Emulation\n\n"
        "**Issue:** LocalStack Community does not emulate CloudFront.\n\n"
        "**Workaround:** The tests skip it; the model's code is not at fault here.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Bucket Left Public"]
    listed = (
        "## Findings\n\n1. Cluster endpoint is public (sev: critical)\n"
        "2. Log retention not set on the control-plane log group (low)\n\n"
        "| Field | Value |\n|---|---|\n| Title | Wrong org name |\n"
        "| Severity | n/a — withdrawn, a typo in the prompt, not the model's fault |\n"
    )
    assert [f.severity for f in parse_analysis(listed).failures] == ["Critical", "Low"]


def test_a_prose_reviews_opening_scope_section_is_no_failure() -> None:
    # In a review told in prose sections, each a failure, the opening section about the
    # review itself ("## Scope of This Review") is not one.
    text = (
        "# Model Response Analysis: Gaps in the ECS Template\n\n## Scope of This Review\n\n"
        "This review assesses the template the model produced for an ECS cluster.\n\n"
        "## Strengths of the Response\n\nThe capacity provider was set up well.\n\n"
        "## Critical Deficiency: Instance Role Cannot Join the Cluster\n\n"
        "The instance role lacks the ECS policy, so no instance registers.\n\n"
        "## Minor Deficiency: Inconsistent Parameter Naming\n\n"
        "Some parameters are camelCase and others are not.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Low"]


def test_a_struck_bold_bullet_is_dropped_alone_and_a_matching_area_is_praise() -> None:
    # "- **Stream ARN Output:** ~~Model omits …~~" is taken back by itself, its sibling kept;
    # an area whose details say it "matches the ideal response; no change needed" is praise.
    text = (
        "# Failures\n\n## 1. Encryption at Rest\n- **S3 SSE-KMS:**\n"
        "  - Model creates a customer-managed key with rotation on\n"
        "  - Matches the ideal response; no change needed\n\n"
        "## 2. Glue Data Catalog\n- **Table Schema:**\n"
        "  - Partition keys are listed twice, so Athena queries fail\n\n"
        "## 3. Outputs\n- **Missing Exports:**\n"
        "  - Bucket and database names are output without `Export` blocks\n\n"
        "- **Stream ARN Output:** ~~Model omits the stream ARN output~~\n"
        "  - *Retracted on re-review: the ARN is there; this is not a failure.*\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Glue Data Catalog",
        "Missing Exports",
    ]


def test_bullets_under_a_test_coverage_heading_are_no_failures() -> None:
    # "### Unit Test Coverage:" under a fixes section lists the tests written, not faults.
    text = (
        "# Model Response Analysis and Fixes\n\n## Key Infrastructure Fixes Applied\n\n"
        "**1. Textract Job Never Completes**\n\n**Impact Level**: Critical\n\n"
        "**Problem**: No notification channel was configured.\n\n"
        "**2. SNS Topic Not Encrypted**\n\n**Impact Level**: Low\n\n"
        "**Problem**: The topic has no KMS key.\n\n"
        "## Testing and Validation Fixes\n\n### Unit Test Coverage:\n\n"
        "- Assertions for every state in the state machine definition\n"
        "- Checks on the EventBridge rule prefix filter\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Low"]


def test_a_level_tag_leading_a_title_is_read_and_cut_from_it() -> None:
    # "### Issue 2 (Critical): RDS Instance Public": the level is the item's, the title the rest.
    text = (
        "# Failures\n\n### Issue 1 (High): Missing Backend Locking\n\nNo lock table.\n\n"
        "### Issue 2 [CRITICAL]: RDS Instance Public\n\nPublicly accessible.\n\n"
        "### Issue 3: Outputs Reference a Renamed Resource\n\nSynth fails.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Missing Backend Locking", "High"),
        ("RDS Instance Public", "Critical"),
        ("Outputs Reference a Renamed Resource", None),
    ]


def test_bold_leads_under_a_findings_heading_are_the_failures() -> None:
    # "## Findings" over "**Title.** prose" paragraphs, each with its own "Impact:" line: each
    # paragraph is a failure (its lead may hold code with "*"), not the heading.
    text = (
        "# MODEL_FAILURES — EKS cluster\n\nThree things are wrong.\n\n## Findings\n\n"
        "**Bucket policy grants `s3:GetObject` to `*`.** The bucket is world-readable.\n"
        "Impact: High — anyone can read the objects.\n\n"
        "**Node group in public subnets.** The prompt said private subnets only.\n"
        "Impact: Medium — works, but exposes the nodes.\n\n"
        "**Provider built from the wrong kubeconfig.** The attribute does not exist.\n"
        "Impact: Critical — `pulumi up` fails.\n\nrating: 3.5/10\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Bucket policy grants `s3:GetObject` to `*`", "High"),
        ("Node group in public subnets", "Medium"),
        ("Provider built from the wrong kubeconfig", "Critical"),
    ]


def test_items_a_later_pass_drops_by_number_are_no_failures() -> None:
    text = (
        "# Review\n\n## Pass 1\n\n"
        "1. **Replica bucket uses the default provider** — Priority: P0\n\n"
        "2. **SSH open to the world** — Priority: P1\n\n"
        "3. **Output reads `.arn` of the caller identity** — Priority: P2\n\n"
        "4. **`for_each` over a list** — Priority: P3\n\n"
        "## Pass 2\n\n- Still open: #1, #2\n"
        "- Not reproducible / dropped: #3 (the data source has `arn`),\n"
        "  #4 (the iterator takes a list)\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "High"]


def test_a_score_after_dot_leaders_or_alone_on_the_last_line() -> None:
    body = "# Review\n\n## Issues\n\n1. Bucket public (High)\n2. No tags (Low)\n\n"
    assert parse_analysis(body + "## Scoring\n\nTraining quality ..... 7/10\n").score == 7
    assert parse_analysis(body + "Knowledge gaps: a; b\n6 out of 10.\n").score == 6
    # (A fraction mid-document is no verdict: "3/10 tests passed" closes nothing.)
    assert parse_analysis(body + "6 out of 10.\n\nMore notes follow here.\n").score is None


def test_ideal_model_blocks_between_rules_end_at_a_heading_after_them() -> None:
    # Blocks between rules under a failures title, then "## What the Model Did Well": the
    # blocks are the failures, the closing section's praise is not.
    block = "**Ideal:** {ideal}\n* **Model:** {model}\n* **Severity:** {level}\n\n---\n\n"
    text = "# Model Response Failures Compared to Ideal Response\n\n---\n\n"
    text += block.format(ideal="Secrets Manager.", model="A literal password.", level="Critical")
    text += block.format(ideal="Private subnets.", model="Public subnets.", level="Low")
    text += "## What the Model Did Well\n\n* **Model:** Correctly enabled backups.\n"
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("A literal password", "Critical"),
        ("Public subnets", "Low"),
    ]


def test_deployment_blockers_with_a_parenthesis_are_a_critical_group(
    shared_corpus: Path,
) -> None:
    # "2. Deployment Blockers (Will Crash cdktf deploy)": Blocking -> Critical, its note aside.
    text = (shared_corpus / "archive__cdktf-ts__Pr5056/lib/MODEL_FAILURES.md").read_text()
    levels = {f.title: f.severity for f in parse_analysis(text).failures}
    assert levels["Missing Lambda Code File"] == "Critical"
    assert levels["Incorrect Resource Type"] == "Critical"


def test_scratch_this_one_takes_an_entry_back_and_escaped_numbers_leave_titles() -> None:
    text = (
        "Problems with the model's response:\n\n"
        "1) The model stopped halfway through the ALB module.\n\n"
        "2) Security group allowed 0.0.0.0/0 on port 22. -- Scratch this one, I re-checked "
        "and the ingress is scoped to var.admin_cidr; my mistake.\n\n"
        "3) No health_check block on the target group, so the targets were unhealthy.\n"
    )
    assert len(parse_analysis(text).failures) == 2
    escaped = (
        "# Failures\n\n### 1\\. network.ts — VPC and Routing\n\n**Issue:** No NAT route.\n\n"
        "### 2\\. database.ts — Aurora\n\n**Issue:** Wrong instance class.\n"
    )
    assert [f.title for f in parse_analysis(escaped).failures] == [
        "network.ts — VPC and Routing",
        "database.ts — Aurora",
    ]


def test_a_titled_note_lists_its_problems_before_the_fixes_list() -> None:
    # A failures title, a line counting the problems, the bullets (levels mid-entry, before
    # a dash), then "Fixed in IDEAL_RESPONSE:" over ticked boxes repeating them.
    text = (
        "# MODEL_FAILURES\n\nCDKTF web tier. Three problems found.\n\n"
        "- AMI filter uses the wrong owner. Impact: Medium — plan fails until baked.\n"
        "- NAT gateway placed in a private subnet. Impact: High — no egress at all.\n"
        "- No output for the ALB DNS name. Impact: Low\n\n"
        "Fixed in IDEAL_RESPONSE:\n- [x] AMI owner set\n- [x] NAT moved\n- [x] Output added\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Medium", "High", "Low"]


def test_a_rated_issue_table_then_one_unrated_paragraph_per_row_counts_once() -> None:
    text = (
        "# Model Failures\n\n## Issue table\n\n| # | Issue | Severity | Fix |\n|---|---|---|---|\n"
        "| 1 | Launch template user data not encoded | High | base64 it |\n"
        "| 2 | Auto scaling group uses public subnets | Medium | private ids |\n"
        "| 3 | Backend state key shared by environments | Critical | env suffix |\n\n"
        "## Findings\n\n**User data encoding.** Passed raw; instances boot with none.\n\n"
        "**Scaling group placement.** Instances get public subnets and IPs.\n\n"
        "**Shared state key.** Every environment overwrites the same state.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Medium", "Critical"]


def test_a_section_not_caused_by_the_template_holds_no_failures() -> None:
    text = (
        "# Failures\n\n## Template Issues\n\n#### Issue 1: **Logging Role Missing**\n\n"
        "**Severity**: Critical\n\n**Issue**: The server has no logging role.\n\n"
        "## Environment Issues (not caused by the template)\n\n#### Issue 2: **Quota Reached**\n\n"
        "**Issue**: The account was at its Elastic IP quota.\n\n"
        "**Status**: raised a quota request.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Logging Role Missing"]
    note = text.replace("(not caused by the template)", "").replace(
        "raised a quota request.", "raised a quota request; the template itself is correct."
    )
    assert [f.title for f in parse_analysis(note).failures] == ["Logging Role Missing"]


def test_a_summary_field_bullet_after_the_gaps_is_no_gap() -> None:
    text = (
        "# Failures\n\n### 1. Transit encryption off\n\n**Impact Level**: Medium\n\n"
        "## Summary\n\n- Total failures: 0 Critical, 0 High, 1 Medium, 0 Low\n\n"
        "**Knowledge Gaps**:\n- AUTH tokens versus transit encryption\n"
        "- Parameter group families\n\n- Training value: MEDIUM - easy to miss in review.\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "AUTH tokens versus transit encryption",
        "Parameter group families",
    ]


def test_a_heading_naming_a_database_table_can_be_a_failure() -> None:
    # "table" makes "## Summary Table" a neutral section, not "## DynamoDB table name …".
    text = (
        "# model_failure\n\n## State machine role cannot invoke the tasks\n\n"
        "Severity: Critical\n\nIssue: the role grants the function ARN only.\n\n"
        "## DynamoDB table name exceeds the naming pattern\n\nSeverity: Low\n\n"
        "Issue: the name is hard-coded without a suffix.\n\n"
        "## Summary Table\n\n- Severity: Critical for the role\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_bold_leads_under_a_review_pass_heading_are_the_failures() -> None:
    # "## Pass 1" over "**Title.**" paragraphs (the lead alone on its line or not), each with
    # its "Priority:" line: one failure each.
    text = (
        "# Failure analysis — Aurora\n\n## Pass 1\n\n"
        "**DB cluster has `StorageEncrypted` unset.** Aurora defaults to unencrypted.\n"
        "Priority: P1\n\n**Master password passed as a plain parameter.**\n"
        "It has a default value.\nPriority: P0\n\n"
        "**Rotation schedule set to 365 days.** The prompt required 30.\nPriority: P2\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Critical", "Medium"]


def test_a_side_remark_not_counted_leaves_its_item_counted() -> None:
    text = (
        "# Failures\n\n### 1. Used the Serverless v1 API (Critical)\n\n"
        "a. The model provisions v1.\nb. The deploy fails.\n\n"
        "### 2. Lambda connects with the master credentials (High)\n\n"
        "a. The function reads the master secret.\n"
        "b. Also no RDS Proxy, which was nice to have — not counted as a failure.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]
    withdrawn = text.replace("b. Also no RDS Proxy", "Also no RDS Proxy")
    assert [f.severity for f in parse_analysis(withdrawn).failures] == ["Critical"]


def test_a_note_after_a_bold_title_leaves_it_a_title() -> None:
    # "**~~Missing VPC Endpoint~~** (withdrawn)" starts its own (withdrawn) item; the one
    # above it stays.
    text = (
        "# Analysis\n\n## Detailed Failure Analysis\n\n### 1. Stream Deficiencies\n\n"
        "**Fixed Shard Count**\n- **Problem**: One shard, no scaling\n- **Severity**: High\n\n"
        "**Stream Encryption Missing**\n- **Problem**: No KMS key\n- **Severity**: Critical\n\n"
        "### 2. Delivery Failures\n\n"
        "**Role Cannot Invoke the Transformer**\n- **Problem**: No invoke permission\n"
        "- **Severity**: Critical\n\n"
        "**No Error Output Prefix**\n- **Problem**: `ErrorOutputPrefix` unset\n"
        "- **Severity**: Moderate\n\n"
        "**~~Missing VPC Endpoint~~** (withdrawn)\n"
        "- On re-review the endpoint is defined; this item is retracted and not counted.\n\n"
        "### 3. Observability Gaps\n\n**Logs Never Expire**\n- **Problem**: No retention\n"
        "- **Severity**: Low\n\n**No Lag Alarm**\n- **Problem**: No alarm\n- **Severity**: Low\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Fixed Shard Count", "High"),
        ("Stream Encryption Missing", "Critical"),
        ("Role Cannot Invoke the Transformer", "Critical"),
        ("No Error Output Prefix", "Medium"),
        ("Logs Never Expire", "Low"),
        ("No Lag Alarm", "Low"),
    ]


def test_a_grade_with_its_score_and_a_score_for_training_mid_document() -> None:
    listed = "# F\n\n## Issues\n\n1. Bucket public (High)\n2. No tags (Low)\n\n"
    assert parse_analysis(listed + "Grade: C (5/10)\n\n## Notes\n\nMore.\n").score == 5
    body = "# F\n\n### 1. Bucket public (High)\n\nThe bucket is public.\n\n"
    addendum = "Overall: 5/10 for training\n\n---\nReviewer's addendum: nothing new.\n"
    assert parse_analysis(body + addendum).score == 5
    # (A grade with no "/10" is no score: "Grade: production".)
    assert parse_analysis(body + "Grade: production ready\n").score is None


def test_a_reviewers_addendum_regrades_or_drops_items_by_number() -> None:
    text = (
        "# Failures\n\n### 1. Task role cannot pull images (Medium)\n\nText.\n\n"
        "### 2. Cron has five fields (Medium)\n\nText.\n\n"
        "### 3. Config keys not namespaced (Low)\n\nText.\n\n"
        "## Reviewer's addendum\n\n#1 means the task never runs — upgrading #1 to High. "
        "On a second read #3 was my misreading.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Task role cannot pull images", "High"),
        ("Cron has five fields", "Medium"),
    ]


def test_a_colour_mark_leading_a_title_gives_its_level_and_leaves_the_title() -> None:
    text = (
        "# Failures\n\n1. 🔴 **State machine built with a deprecated argument**\n"
        "   - synth fails\n2. 🟡 **No logging on the state machine**\n   - no logs\n\n"
        "Legend: 🔴 critical, 🟡 medium\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("State machine built with a deprecated argument", "Critical"),
        ("No logging on the state machine", "Medium"),
    ]


def test_lines_a_colour_mark_opens_under_a_failures_title_are_failures() -> None:
    text = (
        "# S3 static site: what the model got wrong\n\n"
        "🔴 **OAI and bucket policy mismatch** — the bucket is effectively public.\n"
        "🟠 **No `DefaultRootObject`** — the apex returns an error.\n"
        "🟢 **Inconsistent logical IDs** (`siteBucket` vs `LogBucket`)\n\n"
        "Legend: 🔴 critical · 🟠 high · 🟢 low\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("OAI and bucket policy mismatch", "Critical"),
        ("No `DefaultRootObject`", "High"),
        ("Inconsistent logical IDs", "Low"),
    ]


def test_a_model_did_table_lists_the_failures_and_rows_are_dropped_by_number() -> None:
    text = (
        "# MODEL_FAILURES.md\n\n## What went wrong\n\n"
        "| # | Model did | Should have done |\n|---|---|---|\n"
        "| 1 | Created the OIDC provider with no thumbprint | Fetch the thumbprint |\n"
        "| 2 | Trust policy uses `sts:AssumeRole` | Use web identity |\n"
        "| 3 | Wrapped an Output in a String | Pass it through |\n\n"
        "## Reviewer's addendum\n\n#3 was my misreading, please disregard it.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Created the OIDC provider with no thumbprint",
        "Trust policy uses `sts:AssumeRole`",
    ]


def test_headings_under_areas_rated_by_a_level_sentence_are_failures() -> None:
    # "#### SQS queue missing DLQ" over "Medium.": the level, said as a sentence, makes the
    # heading an item (under "### Messaging", an area of a failures title) and is its level.
    text = (
        "# CDK Go — failures by area\n\n### IAM\n\n#### Lambda role uses AdministratorAccess\n"
        "Critical. The managed policy is attached. No.\n\n### Messaging\n\n"
        "#### SQS queue missing DLQ\nMedium.\n\n#### Queue policy allows any principal\n"
        "a. `NewAnyPrincipal()` on SendMessage.\nb. No `aws:SourceArn` condition either.\n"
        "Critical.\n\n### Observations\n\n#### Stack props\n"
        "The model passes `env` from context, same as the ideal.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Lambda role uses AdministratorAccess", "Critical"),
        ("SQS queue missing DLQ", "Medium"),
        ("Queue policy allows any principal", "Critical"),
    ]


def test_a_rated_summary_table_that_alone_lists_the_failures_gives_them() -> None:
    text = (
        "# Review\n\n## Summary\n\nThe Terraform had four problems.\n\n"
        "| # | Issue | Severity | Fixed |\n|---|---|---|---|\n"
        "| 1 | Function created outside us-east-1 | Critical | Yes |\n"
        "| 2 | Role trust lacks the edge service | High | Yes |\n"
        "| 3 | Log group named for the wrong region | Low | Documented |\n\n"
        "## What the model did well\n\n- Clean variables.\n\nTraining Quality: 6/10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]
    # (A summary indexing items told elsewhere by their keys lists no failures itself.)
    index = "# Review\n\n## Summary\n\n| Level | Items |\n|---|---|\n| High | F-02, F-03 |\n"
    assert parse_analysis(index).failures == []


def test_a_rated_heading_with_a_neutral_word_beside_failures_is_one() -> None:
    # "result", "status", "environment" name results sections; not a heading that opens
    # with its own "Severity:" among sibling failures.
    text = (
        "# model_failure\n\n## Authorizer cannot read the signing secret\n\n"
        "Severity: High\n\nThe role lacks `secretsmanager:GetSecretValue`.\n\n"
        "## Authorizer result caching disabled\n\nSeverity: Medium\n\n"
        "`AuthorizerResultTtlInSeconds: 0`.\n\n## Stage environment variables hardcoded\n\n"
        "Severity: Low\n\nNo parameters.\n\n## Deployment Results\n\nAll stacks deployed.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Medium", "Low"]


def test_knowledge_gaps_as_a_comma_line_beside_an_intro_or_another_field() -> None:
    head = "# Failures\n\n### 1. Bucket Public\n\n**Impact Level**: High\n\n"
    scored = head + "## Knowledge Gaps\n\nRDS exposure, maintenance windows\n\n"
    assert parse_analysis(scored + "**Training Quality**: 8/10\n").knowledge_gaps == [
        "RDS exposure",
        "maintenance windows",
    ]
    intro = (
        head
        + "## Knowledge Gaps\n\nThese recur across tasks:\n\nOAC, ACM regions, cache policies\n"
    )
    assert parse_analysis(intro).knowledge_gaps == ["OAC", "ACM regions", "cache policies"]
    bold = head + "**Knowledge Gaps**\n\nRDS exposure, maintenance windows, parameter groups\n"
    assert parse_analysis(bold).knowledge_gaps == [
        "RDS exposure",
        "maintenance windows",
        "parameter groups",
    ]


def test_a_note_taking_an_item_back_by_number_drops_it() -> None:
    text = (
        "# Fixes\n\n**1. Event pattern uses `detail_type`**\n**What went wrong**: wrong key.\n\n"
        "**2. Email endpoint hardcoded**\n**What went wrong**: a fixed address.\n\n"
        "**Note:** On re-checking, item 2 was not a real failure — the prompt asked for it.\n\n"
        "**3. Unit tests assert logical IDs**\n**What went wrong**: brittle tests.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Event pattern uses `detail_type`", "Unit tests assert logical IDs"]


def test_a_knowledge_gap_wrapped_over_two_lines_is_one_gap() -> None:
    text = (
        "# Failures\n\n### 1. Bucket Public\n\n**Impact Level**: High\n\n## Knowledge gaps\n\n"
        "- Telling an organisation's principals from one role in\n  resource policies.\n"
        "- KMS grants\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "Telling an organisation's principals from one role in resource policies.",
        "KMS grants",
    ]


def test_a_check_rated_na_that_matches_is_no_failure() -> None:
    text = (
        "# Failures\n\n## Requirement checks\n\n### Check 1 — VPC spans three AZs\n\n"
        "Expected: three AZs\nActual: three AZs\nSeverity: n/a\n\nMatches.\n\n"
        "### Check 2 — Aurora encrypted with the CMK\n\nExpected: `kmsKeyId` set\n"
        "Actual: no `kmsKeyId`\nSeverity: High\n\nThe AWS key is used.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Check 2 — Aurora encrypted with the CMK", "High")
    ]


def test_a_severity_out_of_five_maps_to_a_level() -> None:
    text = (
        "# Failures\n\n### 1. Replication to the wrong region\n\nSeverity: 4/5\n\n"
        "### 2. Bucket policy open to all\n\n**Severity:** 5/5\n\n"
        "### 3. Deprecated runtime\n\nSeverity: 2 / 5\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Critical", "Low"]


def test_a_not_counted_section_after_the_failures_counts_nothing() -> None:
    text = (
        "# Failure analysis — order API\n\n### [F1] Authorizer not attached (sev: critical)\n\n"
        "Every method is open.\n\n### [F2] Deprecated runtime (sev: medium)\n\nNode 16.\n\n"
        "## Not counted / nitpicks\n\n- `DESTROY` on the table.\n- Long README.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Medium"]


def test_keyed_lines_with_a_bracketed_level_are_failures() -> None:
    text = (
        "# Model failures\n\nQuick pass; the response needs a rework.\n\n"
        "[F1] Step Functions role cannot start Glue jobs (sev: critical) — `StartJobRun` missing.\n"
        "[F2] Glue script in a bucket the job role can't read (sev: high)\n"
        "[F3] Schedule uses `rate(1 day)`, not the 02:00 cron (sev: medium)\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Step Functions role cannot start Glue jobs", "Critical"),
        ("Glue script in a bucket the job role can't read", "High"),
        ("Schedule uses `rate(1 day)`, not the 02:00 cron", "Medium"),
    ]


def test_findings_counted_off_inline_in_a_paragraph_are_failures() -> None:
    text = (
        "# Model failures — ingestion pipeline\n\nReview: the shape is right but (1) the stream "
        "is created without KMS encryption — severity 4/5. (2) The mapping has no retry limit, "
        "so one bad record blocks the shard (3/5). (3) The stream ARN is not exported (2/5).\n\n"
        "Training quality: 5/10\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("the stream is created without KMS encryption", "High"),
        ("The mapping has no retry limit", "Medium"),
        ("The stream ARN is not exported", "Low"),
    ]


def test_a_quoted_numbered_list_under_a_failures_title_is_the_list() -> None:
    text = (
        "## Model failures — image resizer\n\nSeverity is on a 1-5 scale (5 most severe).\n\n"
        "> 1. Resizer has no concurrency cap. **Severity: 3/5**\n"
        "> 2. Origin bucket policy grants `s3:GetObject` to `*`. **Severity: 5/5**\n"
        "> 3. Runtime is `nodejs16.x` (deprecated). **Severity: 2/5**\n\nTraining quality: 4/10\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Medium", "Critical", "Low"]


def test_resource_headings_with_a_failed_verdict_are_failures() -> None:
    text = (
        "# Model Failures — Terraform ECS\n\n## Part 1 — per resource\n\n#### aws_vpc.main\n"
        "Verdict: ✅ pass\n\n#### aws_security_group.db\n"
        "Verdict: ❌ fail — ingress on 5432 from `0.0.0.0/0` (sev: critical)\n\n"
        "#### aws_lb_listener.http\nVerdict: ❌ fail — HTTP only, no redirect (sev: medium)\n\n"
        "#### aws_lb.public\nVerdict: ✅ pass\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("aws_security_group.db", "Critical"),
        ("aws_lb_listener.http", "Medium"),
    ]


def test_praise_before_the_shortcomings_in_plain_text_and_patterns_that_worked() -> None:
    plain = (
        "This review compares the responses.\n\nWhat the MODEL_RESPONSE Did Well\n"
        "1. Declared the table with on-demand billing.\n\n2. Used clear logical IDs.\n\n"
        "Key Shortcomings\n\n1. Missing Dead-Letter Queue (High)\nNo redrive policy.\n\n"
        "2. Outputs Not Exported (Low)\nNothing exported.\n"
    )
    assert [f.title for f in parse_analysis(plain).failures] == [
        "Missing Dead-Letter Queue",
        "Outputs Not Exported",
    ]
    worked = (
        "# Failures\n\n## Failure 1: Datastore Without Encryption\n\n**Severity**: Critical\n\n"
        "Text.\n\n## Patterns That Worked\n\n### 1. Explicit Provider per Region\n\nGood.\n\n"
        "### 2. Suffix on Every Name\n\nGood.\n"
    )
    assert [f.severity for f in parse_analysis(worked).failures] == ["Critical"]


def test_a_guide_to_what_a_model_could_plausibly_run_into_lists_no_failures() -> None:
    text = (
        "# Model Failures for the Order Pipeline\n\nBased on the task, the following are failure "
        "modes a model could plausibly run into when generating this stack:\n\n"
        "## 1. SQS Queue Configuration Failures\n\n### Visibility Timeout Too Short\n"
        "**Failure**: Messages redelivered while processing\n**Risk**: High\n\n"
        "### Missing Dead-Letter Queue\n**Failure**: Poison messages retried forever\n"
        "**Risk**: High\n"
    )
    assert parse_analysis(text).failures == []


def test_a_response_containing_one_critical_failure_claims_one() -> None:
    text = (
        "The model's response contains one critical failure:\n\n"
        "Ignored the Region Pair: the secondary went to the wrong region.\n\n"
        "It is compounded by two major failures and two moderate failures in hygiene.\n\n"
        "CRITICAL FAILURE 1: Ignored the Region Pair\nText.\n\n"
        "MAJOR FAILURE 2: Health Check on the Writer Only\nText.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 2, "Medium": 2}


def test_a_retraction_mark_with_a_pointer_after_a_title_takes_it_back() -> None:
    text = (
        "# Failures\n\n### 1. Crawler schedule uses an invalid cron — High\n\nText.\n\n"
        "### 2. Public access block missing — low (retracted — see note)\n\n"
        "Note: it is there, in `storage.py`. Ignore.\n\n"
        "### 3. `force_destroy` not set — Medium\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_numbered_issues_after_a_praise_sections_list_go_on() -> None:
    text = (
        "# Failures\n\n## Issues\n\n### Issue 1 — Asset path wrong — high\n\nText.\n\n"
        "## Things the model got right (for balance)\n\n1. Used the S3 backend.\n"
        "2. Tagged everything.\n\n### Issue 2 — No stage auto-deploy — medium\n\nText.\n\n"
        "### Issue 3 — No access logging — low\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low"]


def test_issue_headings_nested_under_praise_and_an_operator_runbook() -> None:
    nested = (
        "# Model Response Failures and Required Fixes\n\n## What the Model Got Right\n\n"
        "1. Uses `awsvpc` networking.\n2. Tags everything.\n\n"
        "### Issue 1 — Service depends on the listener implicitly\n\n**Problem**: no depends_on.\n"
        "\n### Issue 2 — Image tag `latest`\n\n**Problem**: mutable tag.\n\n**Severity**: Medium\n"
    )
    assert [f.severity for f in parse_analysis(nested).failures] == [None, "Medium"]
    runbook = (
        "# EFS Stack\n\n## Overview\nThis document lists the ways the configuration can break "
        "during apply, with mitigations. It is intended as an operator runbook.\n\n"
        "## Provisioning Failures\n\n#### 1. Mount Target Race\n- **Trigger:** subnets late\n"
        "- **Risk Level:** Medium\n\n#### 2. AMI Not Found\n- **Trigger:** old AMI\n"
        "- **Risk Level:** High\n\n## Issues Observed in the Submitted MODEL_RESPONSE\n\n"
        "1. **Security group allows 0.0.0.0/0 on 2049** — Severity: High. Open to all.\n"
        "2. **Throughput mode hard-coded** — Severity: Critical. Deploy fails.\n"
    )
    assert [f.severity for f in parse_analysis(runbook).failures] == ["High", "Critical"]
    checklist = (
        "# Model Failures - Cross-Account Pipeline\n\nChecklist of the ways model answers to "
        "this prompt usually go wrong. Not every response shows all of them; use it when "
        "grading.\n\n## Blocking Failures\n\n#### 1. Self-Mutation Disabled\n"
        "**Failure:** the pipeline is hand-rolled\n"
    )
    assert parse_analysis(checklist).failures == []


def test_bold_numbered_titles_under_failure_categories_are_failures() -> None:
    text = (
        "# Model Failures\n\n## Major Failure Categories\n\n"
        "**1. Lake Formation Permissions Ignored**\n\n*Model Response 1:* bucket policies only.\n\n"
        "**2. Glue Script Path Local**\n\nBoth responses pointed at a local path.\n\n"
        "## Specific Technical Failures\n\n- Invalid block type in the crawler\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures][:2] == [
        ("Lake Formation Permissions Ignored", "High"),
        ("Glue Script Path Local", "High"),
    ]


def test_counts_in_words_beside_a_task_ids_digits_are_claimed() -> None:
    text = (
        "# Infrastructure Code Issues and Fixes\n\n## Summary\nWhile running QA (task "
        "trainr1147), seven problems in the generated code (five critical, two minor) had to be "
        "corrected.\n\n## Critical Issues Fixed\n\n**1. Definition built by concatenation**\n"
        "**Problem**: invalid JSON.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 5, "Low": 2}
    remark = "# Review\n\n## Summary\nScore 8/10; the two critical problems are classic.\n"
    assert parse_analysis(remark).claimed_counts == {}


def test_a_level_said_as_a_titled_entrys_last_sentence_is_its_level() -> None:
    text = (
        "# Model failures (CDK Python)\n\n"
        "1. **SNS topic not encrypted** — no `master_key`; the prompt requires KMS. High.\n"
        "2. **Deprecated runtime** — Python 3.8 can no longer be created; deploy fails. Critical.\n"
        "3. **No DLQ alarm** — the depth alarm is missing. Low.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical", "Low"]


def test_recap_bullets_that_say_same_as_an_item_are_no_new_failures() -> None:
    text = (
        "# Failures\n\n### 1. Bucket Policy Grants Account-Wide Read\n\n**Severity**: Critical\n\n"
        "### 2. EventBridge Rule Never Fires\n\nNo notifications.\n\n"
        "## Critical Path Failures\n\n- **Event Wiring**: Same as #2 — no notifications\n"
        "- **Bucket Policy**: Same as #1 — account-wide read\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Bucket Policy Grants Account-Wide Read", "EventBridge Rule Never Fires"]


def test_a_numbered_heading_a_level_too_deep_is_the_next_item() -> None:
    text = (
        "# Fixes\n\n## 3. Resolver Mapping Template Syntax\n\n**What went wrong**: invalid key.\n\n"
        "**Fix**: use the helper.\n\n### 4. Table Removal Policy\n\n"
        "**What went wrong**: RETAIN left on.\n\n## 5. Missing Schema File\n\n"
        "**What went wrong**: no schema.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Resolver Mapping Template Syntax",
        "Table Removal Policy",
        "Missing Schema File",
    ]


def test_observed_expected_impact_blocks_under_findings_are_each_a_failure() -> None:
    long = "The secondary cluster sets the master username and password copied " * 4
    text = (
        "# Model Failures\n\n## Findings\n\n"
        f"**Observed:** {long}\n**Expected:** omit both.\n**Impact:** Critical\n\n"
        "**Observed:** Lambda role has DynamoDB full access.\n**Expected:** a scoped grant.\n"
        "**Impact:** Medium\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_level_tagged_bullets_under_a_bold_group_bullet_are_the_failures() -> None:
    text = (
        "# Model Failures\n\n## Issues\n\n- **Networking**\n"
        "  - [High] NAT gateway in a private subnet\n  - [Low] no VPC flow logs\n"
        "- **Data**\n  - [Critical] RDS publicly accessible\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("NAT gateway in a private subnet", "High"),
        ("no VPC flow logs", "Low"),
        ("RDS publicly accessible", "Critical"),
    ]


def test_a_titled_paragraph_naming_an_enum_with_underscores_is_kept() -> None:
    text = (
        "1. Critical Problems (deploy will fail)\n\n**Deployment Controller Not Set to "
        "CODE_DEPLOY**: The service keeps the default ECS controller, so CodeDeploy rejects it.\n\n"
        "**Only One Target Group**: Blue/green needs two target groups and a test listener.\n\n"
        "2. Minor Issues\n\n**Container Insights Off**: The cluster setting is left disabled here.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles[0] == "Deployment Controller Not Set to CODE_DEPLOY"
    assert len(titles) == 3


def test_count_bullets_and_a_sibling_heading_a_level_too_deep() -> None:
    counts = (
        "# Failures\n\n## Failure Count\n\n- **Critical Failures**: 1\n- **Minor Failures**: 1\n\n"
        "## Critical Failures\n\n### 1. Visibility timeout too short\n\nText.\n\n"
        "## Minor Failures\n\n### 2. Tags missing\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(counts).failures] == ["Critical", "Low"]
    deep = (
        "# Failures\n\n## Major Failure Categories\n\n### 1. Endpoint locked down\n\nText.\n\n"
        "### 2. Subnets missing cluster tags\n\nThe controller cannot find subnets.\n\n"
        "#### 3. Provider configured from resource attributes\n\nThe provider reads them.\n"
    )
    assert len(parse_analysis(deep).failures) == 3


def test_infrastructure_delivered_after_an_empty_response_lists_no_failures() -> None:
    text = (
        "# Analysis\n\n## Initial State Analysis\n\nMODEL_RESPONSE.md held no template; "
        "everything below was written from scratch.\n\n## Infrastructure Delivered\n\n"
        "### 1. Template Skeleton\n**Delivered**: Full YAML structure\n\n"
        "### 2. Scheduling\n**Delivered**: EventBridge Scheduler\n"
    )
    assert parse_analysis(text).failures == []


def test_a_heading_item_before_a_bold_titled_sibling_is_kept() -> None:
    text = (
        "# Failures\n\n### Issue 1: State Machine Built From Outputs\n\n**Severity**: CRITICAL\n\n"
        "**Problem**: unresolved outputs.\n\n**Issue 2: Glue Role Missing PassRole**\n\n"
        "**Severity**: HIGH\n\n**Problem**: no PassRole.\n\n### Issue 3: Crawler Overlaps ETL\n\n"
        "**Severity**: MEDIUM\n\n**Problem**: both at 02:00.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Medium"]


def test_what_was_wrong_is_a_snippet_label_that_makes_a_heading_an_item() -> None:
    text = (
        "# Infrastructure Fixes Applied\n\n## Critical Issue 1: Function on the Wrong Event\n\n"
        "**What was wrong**: viewer-response instead of viewer-request.\n\n"
        "## Missing Feature: Custom Error Pages\n\n**What was wrong**: no `errorResponses`.\n\n"
        "**Why not fixed**: the page is not ready.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == [
        "Function on the Wrong Event",
        "Missing Feature: Custom Error Pages",
    ]
    assert failures[1].model_snippet == "no `errorResponses`."


def test_a_negative_checklist_of_how_an_implementation_could_go_wrong_is_a_guide() -> None:
    text = (
        "Sure! Here is a `failure_prompt.md` describing the ways an implementation of the stack "
        "could **go wrong**. It can be used as a negative checklist when validating candidates."
        "\n\n## Failure Scenarios\n\n### 1. Template Structure Problems (Critical)\n\n"
        "* Written in JSON although the task requires YAML.\n\n"
        "### 2. Lambda Misconfiguration (High)\n\n* Handler path wrong.\n"
    )
    assert parse_analysis(text).failures == []


def test_a_numbered_section_left_unwritten_is_no_failure() -> None:
    text = (
        "# Failures\n\n## 1. Networking\n\n**Problem**: NAT in a private subnet.\n\n---\n\n"
        "## 2. Observability\n\n_To be completed after the monitoring review._\n\n---\n\n"
        "## 3. Tags\n\n**Problem**: duplicated per resource.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Networking", "Tags"]


def test_what_went_wrong_in_this_response_after_a_guide_is_the_record() -> None:
    text = (
        "# model_failure\n\n## Typical reasons this setup still fails\n\n"
        "* **Thumbprint mismatch**\n  The provider rejects tokens.\n\n"
        "## What went wrong in this response\n\n* **Trust policy uses the wrong audience**\n"
        "  No pod can assume the role.\n\n* **Role ARN hard-coded in the Helm values**\n"
        "  The chart cannot be promoted.\n\n## Remediation guidance\n\n- Use the right audience.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Trust policy uses the wrong audience",
        "Role ARN hard-coded in the Helm values",
    ]


def test_bold_bullets_under_a_rated_numbered_deviations_heading_are_failures() -> None:
    text = (
        "# Failures\n\n## 1. Major Best Practice Deviations\n\n"
        "- **No reserved concurrency:** The function can take the whole pool.\n"
        "- **Unbounded log retention:** No retention on the log groups.\n\n"
        "## 2. Minor Issues\n\n- **Tag keys:** `env` instead of `Environment`.\n"
        "- **Construct naming:** Mixed prefixes.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Low", "Low"]


def test_an_item_excluded_from_the_count_in_its_own_text_is_no_failure() -> None:
    text = (
        "# Gaps\n\n**Gap 1: Endpoint Blocks HTTPS**\n\n**Issue**: port 443 closed.\n\n"
        "**Gap 2: Logs Bucket Not Encrypted With KMS**\n\n**Issue**: On closer reading SSE-S3 "
        "satisfies the prompt. This is not a gap and is excluded from the count.\n\n"
        "**Gap 3: IMDSv2 Optional**\n\n**Issue**: tokens not required.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Endpoint Blocks HTTPS", "IMDSv2 Optional"]


def test_an_item_with_impact_none_because_both_match_is_no_failure() -> None:
    text = (
        "# Failures\n\n***\n\n**1. Database credentials**\n\n**Ideal:** Secrets Manager.\n"
        "* **Model:** a literal password.\n* **Impact:** Critical — leaked in state.\n\n***\n\n"
        "**2. Parameter group family**\n\n**Ideal:** `postgres15`.\n* **Model:** also `postgres15`.\n"
        "* **Impact:** None. Both responses are the same here; listed for completeness.\n\n***\n\n"
        "**3. Backup window**\n\n**Ideal:** 03:00.\n* **Model:** none set.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Database credentials", "Backup window"]


def test_a_topic_whose_fell_short_part_says_none_is_no_failure() -> None:
    text = (
        "# Comparison\n\n## 1. Service Networking\n### Where the Model Fell Short:\n"
        "- Tasks placed in public subnets\n\n## 2. Load Balancer Health Checks\n"
        "### Where the Model Fell Short:\n- None. The path and thresholds match the prompt.\n\n"
        "### Ideal Response Improvements:\n- Same configuration; no change required\n\n"
        "## 3. Secrets Handling (Critical)\n### Where the Model Fell Short:\n- Plain env vars\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Service Networking", "Secrets Handling"]


def test_titled_paragraphs_under_a_praise_category_line_are_no_failures() -> None:
    text = (
        "1. Critical Security Flaws\n\nPublic Bucket: The model sets the ACL to public-read, "
        "so every object is exposed.\n\nWildcard Policy: The key policy grants kms:* to any "
        "principal at all.\n\n2. Minor Style Problems\n\nHardcoded Region: 'us-east-1' is "
        "typed out in four places in the stack.\n\n3. Things the Model Did Well\n\n"
        "Networking Layout: Two public and two private subnets across two zones, as asked.\n\n"
        "Overall: the response is close, but the bucket would not pass a security review.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Public Bucket", "Wildcard Policy", "Hardcoded Region"]


def test_a_bold_title_with_a_run_in_withdrawal_and_an_id_say_score() -> None:
    text = (
        "# Failures\n\n**Problem 1 (Critical)**\nThe stack never deploys.\n\n"
        "**Problem 2 (Low)**\nNo access logging on the stage.\n\n**Problem 3** — withdrawn\n"
        "The timeout came from our CI runner. Not counted.\n\n"
        "If I had to score it for training quality I'd say 5/10.\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "Low"]
    assert analysis.score == 5


def test_a_bare_plain_knowledge_gap_label_parses_without_error() -> None:
    # (Found by the property test on a fresh clone: the plain label's match has one group.)
    for text in ("KNOWLEDGE GAP:", "- Knowledge gaps:\n", "Primary knowledge gaps:\n\na, b, c\n"):
        analysis = parse_analysis(text)
        assert not any(p.kind == "parse_error" for p in analysis.problems)


def test_where_it_fell_apart_and_what_broke_hold_failures() -> None:
    for heading in ("Where It Fell Apart", "What Broke", "The Bad News"):
        text = (
            f"# EKS review\n\n## What Worked\n\n### Networking\nClean.\n\n## {heading}\n\n"
            "### Blocker: The provider referenced a cluster that did not exist yet\nPlan fails.\n\n"
            "### Node role had AdministratorAccess (High)\nToo broad.\n\n"
            "### Public endpoint left open to the world\nNo CIDR list.\n"
        )
        got = [f.severity for f in parse_analysis(text).failures]
        assert got == ["Critical", "High", None], heading


def test_level_and_area_headings_over_bullets_and_code_in_bold_bullet_titles() -> None:
    areas = (
        "# Review\n\n## 🔥 Failures Found in the Model Response\n\n### 🔴 Critical — Networking\n\n"
        "* The NAT gateway sits in a private subnet.\n* The private route table has no default route.\n\n"
        "### 🟠 High — Security\n\n* Port 22 is open to the world.\n"
    )
    assert [f.severity for f in parse_analysis(areas).failures] == ["Critical", "Critical", "High"]
    coded = (
        "# Review\n\n## Model failures in `lib/MODEL_RESPONSE.md`\n\n"
        "- **Lambda timeout too low (Medium)**: the default 3 seconds.\n"
        "- **Lambda permission missing `source_arn` (High)**: any API may invoke.\n"
        "- **Provider version unpinned (Low)**: no constraint.\n"
    )
    assert [f.severity for f in parse_analysis(coded).failures] == ["Medium", "High", "Low"]


def test_bare_title_lines_whose_paragraph_tells_a_fault_beside_titled_failures() -> None:
    text = (
        "Lambda Packaging Problems\nThe archive is never built, so plan fails.\n\n"
        "S3 Trigger Permission Missing (Blocking)\nThe bucket cannot invoke the function.\n\n"
        "API Gateway Stage Logging\nThe account-level role was never created, so apply errors out.\n\n"
        "Things that were fine\nThe tags matched.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles[-1] == "API Gateway Stage Logging" and len(titles) == 3


def test_withdrawn_statuses_group_counts_struck_levels_and_kept_in_titles() -> None:
    status = (
        "# Review\n\n## Issues\n\n### 1. Wrong subnets\n\n**Severity**: Critical\n\n"
        "### 2. Route propagation disabled\n\n**Severity**: High\n\n**Status**: Withdrawn after "
        "re-review; not counted below.\n\n### 3. Template not caused failure\n\n**Issue**: the CI "
        "role lacked a permission.\n\n**Status**: ENVIRONMENT ISSUE - not caused by the template\n"
    )
    assert [f.severity for f in parse_analysis(status).failures] == ["Critical"]
    groups = (
        "# Fixes\n\n## Group A – High Impact\n\n### A1. Role too broad\n\nText.\n\n"
        "## Summary Statistics\n\n**Total Fixes**: 3\n- Group A (High impact): 1 fix\n"
        "- Group B (Medium impact): 2 fixes\n"
    )
    assert parse_analysis(groups).claimed_counts == {"High": 1, "Medium": 2}
    struck = (
        "# Infrastructure Fixes Applied\n\n## High Issue 1: Health check path\n\n**Problem**: x.\n\n"
        "## ~~Critical Issue 2: Missing endpoints~~ (withdrawn)\n\n**Update**: Withdrawn.\n\n"
        "## Testing Issue 3: Snapshot test broke\n\n**Problem**: hashes.\n"
    )
    assert [f.severity for f in parse_analysis(struck).failures] == ["High", None]
    kept = (
        "# Review\n\n## Issues Found and Fixed\n\n"
        "1. **Detailed Monitoring Kept at 1-Minute Resolution (Low)** - unnecessary spend.\n"
        "2. **NAT Gateway per AZ Kept in Dev** - three gateways in dev.\n"
    )
    assert len(parse_analysis(kept).failures) == 2


def test_a_problem_found_label_marks_an_item() -> None:
    text = (
        "# Infrastructure Fixes Applied to the Model Response\n\n"
        "## High Issue 1: Self sign-up allowed\n\n**Problem Found**: open pool.\n\n"
        "## Withdrawn Issue 2: WAF not attached\n\n**Withdrawn**: optional in the prompt.\n\n"
        "## Missing Feature: Custom domain for the API\n\n**Problem Found**: no DomainName.\n\n"
        "**Why not fixed**: the zone does not exist.\n\n## Summary of Infrastructure Improvements\n\n"
        "Two fixes.\n"
    )
    failures = parse_analysis(text).failures
    assert len(failures) == 2
    assert [f.model_snippet for f in failures] == ["open pool.", "no DomainName."]


def test_a_guide_of_likely_failure_modes_keeps_its_observed_section() -> None:
    text = (
        "This document collects likely failure modes and troubleshooting notes for a thumbnail "
        "pipeline. The last section records what was actually wrong in the submitted response.\n\n"
        "## Provisioning Failures\n\n### S3 Event Wiring\n- **Recursive Triggers**: a loop\n"
        "- **Missing Queue Policy**: no delivery\n\n## Issues Observed in the Submitted Response\n\n"
        "1. **Visibility timeout too short** (Severity: High) - 30 seconds.\n"
        "2. **No dead-letter queue** (Severity: Medium) - retried forever.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_title_mentioning_fixtures_is_no_fixes_section() -> None:
    text = (
        "Cluster Endpoint Left Public (High):\n\nThe endpoint is open to the world.\n\n"
        "Variable Defaults Do Not Match the Test Fixtures (Medium):\n\nThe names differ.\n\n"
        "KMS Secrets Encryption Missing (Low):\n\nNo key.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low"]


def test_a_withdrawal_word_inside_a_code_block_takes_nothing_back() -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Stack rolled back\n\n"
        "**Error Message**:\n```\nRETRACTED\n```\n"
    )
    assert len(parse_analysis(text).failures) == 1


def test_a_field_reading_only_scratch_that_takes_nothing_back() -> None:
    text = "# Failures\n\n### 1. Stack rolled back\n\n**Error Message**: SCRATCH THAT\n"
    assert len(parse_analysis(text).failures) == 1


def test_tab_table_and_checklist_tables() -> None:
    text = (
        "Security Failures\nArea\tIssue\tIdeal\nBucket\tlogs are off for the data bucket\tlog"
        "\nPorts\tSSH open to the whole range\tnarrow it\n\nWhat the Model Got Right\n"
        "Feature\tStatus\tNotes\nKeys\t✅\trotated\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == [
        "logs are off for the data bucket",
        "SSH open to the whole range",
    ]
    summary = "# Review\n\n## Issues\n\n| Issue | Count |\n|---|---|\n| Security | 3 |\n"
    assert parse_analysis(summary).failures == []


def test_plain_text_level_labelled_failures() -> None:
    text = (
        "Review of the response\n\nCRITICAL FAILURE 1.1: Ignored the stated constraint\nprose\n\n"
        "HIGH FAILURE 1.2: Used a removed API\nmore prose\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Ignored the stated constraint", "Critical"),
        ("Used a removed API", "High"),
    ]


def test_root_cause_patterns_and_checked_requirements_are_not_failures() -> None:
    text = (
        "# Model Failures\n\n## Critical Failures\n\n### 1. Wrong port\n\n**Fix**: use 443\n\n"
        "## Root Cause Analysis\n\n### Why Did These Issues Occur?\n\n1. **Haste**: skipped checks\n"
        "2. **Copying**: reused an example\n\n## Failure Pattern Analysis\n\n1. **Consistency**\n"
        "\n## Functional Correctness\n\n### Credential Issues\n\n- MFA check: Implemented (line 4)\n"
        "- Key age check: Implemented (line 9)\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Wrong port"]


def test_category_headings_hold_the_failures() -> None:
    bullets = (
        "# Review\n\n## 1. Networking Issues\n\n- **Open security group**\n"
        "  - port 22 is open to everyone\n\n- **No flow logs**\n  - traffic is not recorded\n\n"
        "## 2. Storage Issues\n\n- **Bucket not encrypted**\n  - no default encryption\n"
        "- **Code Structure**\n  - one huge file\n"
    )
    a = parse_analysis(bullets)
    assert [f.title for f in a.failures] == [
        "Open security group",
        "No flow logs",
        "Bucket not encrypted",
        "Code Structure",
    ]
    assert a.failures[0].section == "1. Networking Issues"
    ids = (
        "## Findings\n\n### 1. High Failures\n\n**Failure ID:** F-1\n"
        "**Description:** The queue has no dead-letter target. More words.\n"
        "**Impact:** lost messages\n\n**Failure ID:** F-2\n**Description:** Logs kept forever.\n"
    )
    a = parse_analysis(ids)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("The queue has no dead-letter target.", "High"),
        ("Logs kept forever.", "High"),
    ]
    # One block under a level's group heading is that group's one failure, titled by it.
    one = ids.split("\n\n**Failure ID:** F-2")[0] + "\n\n### 2. Minor Failures\n\n"
    one += "**Failure ID:** F-3\n**Description:** Egress is wide open.\n"
    a = parse_analysis(one)
    assert [(f.title, f.severity) for f in a.failures][-1] == ("Egress is wide open.", "Low")
    # (A heading naming its failure keeps its title.)
    a = parse_analysis(one.replace("Minor Failures", "Open Egress"))
    assert a.failures[-1].title == "Open Egress"
    named = (
        "# Failures\n\n## Other Critical Issues\n\n### Missing Retry Policy\n\n"
        "- the function gives up at once\n- messages are dropped\n\n"
        "### Missing Alarm Topic\n\n- nobody is told\n"
    )
    a = parse_analysis(named)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Missing Retry Policy", "Critical"),
        ("Missing Alarm Topic", "Critical"),
    ]


def test_item_detail_bullets_stay_details() -> None:
    # A failure whose bullets are its parts ("- **Why It Matters:**") is one failure.
    text = (
        "# Failures\n\n## 1. Open bucket\n\n- **Why It Matters:**\n  - data leaks\n"
        "- **Evidence**\n  - public ACL\n\n## 2. No backups\n\nThe table has no backups.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open bucket", "No backups"]


# --------------------------------------------------------------------------- real corpus

# (task, failures, severities as initials, '-' for none, or None to skip): each checked by reading.
_FAMILIES = [
    # "## Critical Failures" + "### N." + **Impact Level**; "Things ... Got Right" list ignored.
    ("archive__cfn-json__Pr6831", 2, "CM"),
    # "### N. **Title**" + **Problem**/**Fix** grouped in "Critical ..." and "... Improvements".
    ("archive__cfn-yaml__Pr1278", 15, "CCCCCC---------"),
    # "## N. Title" + **Issue**/**Fix**, no severities but the last ("**Issue**: Minor - …").
    ("archive__analysis-py__Pr8088", 13, "-" * 12 + "L"),
    # "### N. **Title**" under "## Critical Issues Identified and Fixed".
    ("archive__cdk-java__Pr2240", 12, "C" * 12),
    # "#### N. **Title**" with "- **Issue**:" / "- **Fix**:" bullets.
    ("archive-localstack__LS-101912018-cdk-ts", 10, "-" * 10),
    # "### **Failure N: Title**" with **Error**/**Impact**.
    ("archive__cdk-ts__Pr8657", 10, "C" * 10),
    # bare "**Flaw N**" lines, no headings at all.
    ("archive__cdk-ts__Pr224", 5, "-" * 5),
    # "## Failure: Title" headings.
    ("archive__cdk-ts__Pr8318", 7, "-" * 7),
    # whole document in one ```markdown fence, setext headings, "1)" items.
    ("archive__cdk-ts__Pr5197", 10, "-" * 10),
    # narrative review: one failure, then "What The Model Did Right" numbered headings.
    ("archive__cfn-yaml__Pr8832", 1, "-"),
    # numbered bold list items with "Severity: Minor" sub-bullets; "Total fixes" is a summary.
    ("archive__cdk-go__Pr5955", 3, "LLL"),
    # "### N. **Category - High Severity**" holding "**Title:**" + "- **Model Response:**".
    # (its "### KMS Key Policy Flaws:" over only code, beside listed siblings, is one more.)
    ("archive-localstack__Pr7752", 22, "HHHHMMMMMMLLLLL-------"),
    # numbered headings whose own Impact Level disagrees with the section; "Requirements Met" skipped.
    ("archive__analysis-py__Pr5304", 3, "HCM"),
    # "## Issue N: Title (CRITICAL)" items whose "### Why This Fails" / "### Learning Outcome"
    # sub-headings (and their bullets) are parts of the item, not further failures.
    ("archive__tf-hcl__Pr5988", 6, "CCHHHH"),
    # "#### Root Cause" / "#### Impact" parts; "## Architectural Decisions" is not failures.
    ("archive__cdk-py__Pr3859", 6, "CCCHMH"),
    # "**Severity: High**" (value inside the bold) beats the "Critical ..." section level.
    ("archive__cdk-py__Pr2473", 4, "HMML"),
    # "## Fixes Applied" restates the four issues above it.
    ("archive__pulumi-ts__Pr7834", 4, "CCHH"),
    # "**Model Performance**" under "Additional Notes" and "## Categories" are not failures.
    ("archive__pulumi-ts__Pr7866", 1, "C"),
    # "## Fix N: Title (Category B)" items; the summary's "**Categories**:" is not one. Only
    # "Category C (Minor)" gives its letter a level ("Category B (Configuration)" gives none).
    ("archive__cfn-json__Pr8825", 6, "-" * 5 + "L"),
    # "What Was Done Correctly" (titles with a check mark) and the executive summary skipped.
    ("archive__cfn-json__Pr6868", 2, "LL"),
    # plain text, no markdown: "1. Title" lines numbered 1..7 with prose under each.
    ("archive__cfn-yaml__Pr2870", 7, "-" * 7),
    ("archive__cfn-yaml__Pr946", 7, "-" * 7),
    # tab-separated "Area / Issue / Ideal / Current" tables under plain-text failure titles;
    # the "What the Model Got Right" table is not failures.
    ("archive__cdk-py__Pr494", 12, "-" * 12),
    # plain text "CRITICAL FAILURE 2.1: Title" / "HIGH FAILURE 2.4: Title" lines.
    ("archive__cdk-ts__Pr305", 6, "CCCHHH"),
    # "Why Did These Issues Occur?" under "Root Cause Analysis" restates causes, not failures;
    # "## Minor Issues (Best Practices)" holds the two Low ones; item 7 lost its heading.
    ("archive__cfn-json__Pr6250", 10, "---HHHHHLL"),
    # "Failure Pattern Analysis" bullets restate the three failures.
    ("archive__pulumi-js__Pr1907", 3, "CCC"),
    # "Infrastructure Components Validated" (a "**Error Handling**:" bullet is no field) and
    # "LocalStack Compatibility Adjustments" are not failures.
    ("archive__cfn-yaml__Pr9256", 4, "CCCC"),
    # requirement checklist "X: Implemented (lines …)" and a quoted "Key Features" list; its
    # "```markdown" samples nest "```python" fences, so "### 4." after them is no sample.
    ("archive__analysis-py__Pr6565", 4, "CMML"),
    # "## 1. Syntax Issues" categories whose "- **Title**" bullets (details indented) are the
    # failures; "Code Structure" and "Documentation and Comments" are sub-items, not parts.
    ("archive__cdk-py__Pr976", 13, "-" * 13),
    # "#### 1. Critical Failures" holding repeated "**Failure ID:** MF-…" blocks, one each.
    ("archive__cfn-yaml__Pr8572", 6, "CCHHHL"),
    # "### Missing …" sub-headings under "## Additional Critical Issues" are the failures,
    # their plain bullets the details; "### Impact" then "- **High**: …" is a FAULT's own level.
    ("archive__tf-hcl__Pr1307", 5, "HCHCC"),
    # "### N. **Category**" with "#### Title" sub-items, all with Expected/Actual/Impact
    # bullets, including "Testing Framework" and "Documentation and Explanation".
    ("archive__cdk-py__Pr174", 15, "H" * 15),
    # "### Critical Issue N: Title" headings (a word before "Issue N").
    ("archive__cfn-yaml__Pr4430", 10, "C" * 10),
    # "## CRITICAL Failure N:" and "## Failure 4:"; their bullets are details. The
    # "## Potential Failure N:" sections ("What Could Go Wrong: If …") are not failures made.
    ("archive__pulumi-ts__Pr7486", 4, "CCC-"),
    # "**Warning:**" under "### Issue 2 — … Warning" is the item's error output, not an item.
    ("archive__tf-hcl__Pr7015", 6, "-" * 6),
    # Round 6. "1. **TypeScript Compilation Error** - …" is a title, not an error label;
    # "## All Critical Issues Resolved" lists passes, not Critical failures.
    ("archive__pulumi-ts__Pr7702", 15, "-" * 15),
    # "## Minor Issues (Best Practices)": a parenthesis does not make a section advice.
    ("archive__cfn-json__Pr6250", 10, "---HHHHHLL"),
    # "### 11." … under "## Minor/Tactical Fixes" continue the numbering (not restated fixes);
    # "IDEAL_RESPONSE.md Empty" is a note on the task's files, not a model failure.
    # "Category B: Moderate …" and "Category C: Minor/Tactical …" say their sections' levels.
    ("archive__pulumi-ts__Pr7308", 15, "-" * 5 + "M" * 5 + "L" * 5),
    # A failure title over "1. <sentences>" entries with a misspelt "**Resoultion**" label.
    ("archive__pulumi-py__Pr2432", 5, "-" * 5),
    # Blocks between "***" rules, each an "**Ideal:**" / "* **Model:**" / "* **Impact:**" set.
    ("archive__cdktf-ts__Pr1802", 5, "-" * 5),
    # "### N. Title" then "**Initial Failure:**" in every item: a part, not a sub-item.
    ("archive__cdk-ts__Pr5409", 4, "CCCC"),
    # "## Fault N: **Title**" with "**What Should Be:**" parts and "**Severity: X**".
    ("archive__pulumi-py__Pr599", 3, "CHM"),
    # "## Detailed Failure Analysis" after the primary failures re-describes them; the three
    # "## Compliance Issues" bullets stay (they are not titled like the items above).
    ("archive__cfn-yaml__Pr77", 8, "-" * 8),
    # "**Impact**: CRITICAL - …": a level word leading the impact note is the item's level.
    ("archive__pulumi-go__Pr5018", 6, "CCHMCC"),
    ("archive__pulumi-ts__Pr7437", 7, "CCCMLLC"),
    # "### Security Concerns Noted" opening "While not failures, …" holds no failures.
    ("archive__tf-hcl__Pr1333", 5, "CCMLM"),
]


def test_warning_label_is_error_output(shared_corpus: Path) -> None:
    a = _doc(shared_corpus, "archive__tf-hcl__Pr7015")
    assert a.failures[1].title == "S3 Lifecycle Configuration Warning"
    assert a.failures[1].error_message


# The label and bold-line patterns and the heading reader were rewritten for speed; these are
# the originals.
_LAZY_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\*\*|__)((?:[^*_\n]|_(?!_)){1,80}?)[ \t]*(:?)"
    r"[ \t]*(?:\*\*|__)[ \t]*(:?)[ \t]*(.*)$"
)
_LAZY_HEADING_RE = re.compile(
    r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?)|(?<=##)([A-Z].*?))?(?:[ \t]+#+)?[ \t]*$"
)
_LAZY_BOLD_LINE_RE = re.compile(r"^[ \t]*(?:\*\*|__)(.+?)(?:\*\*|__)[ \t]*:?[ \t]*$")
_MARKS = st.lists(
    st.sampled_from(
        ["*", "**", "_", "__", " ", "\t", ":", "#", "##", "a", "Fix", "-", "1.", "é", "Z"]
    ),
    max_size=14,
).map("".join)


@given(_MARKS)
@settings(max_examples=2000, deadline=None)
def test_fast_patterns_match_the_lazy_originals(line: str) -> None:
    def groups(m: re.Match[str] | None) -> tuple[str | None, ...] | None:
        return m.groups() if m else None

    for prefix in ("", "**", "- __", "1. **", "## "):
        text = prefix + line
        assert groups(_match_label(text)) == groups(_LAZY_LABEL_RE.match(text))
        heading = _LAZY_HEADING_RE.match(text)
        title = (heading.group(2) or heading.group(3) or "").strip() if heading else ""
        expected = (len(heading.group(1)), title) if heading else None
        assert _atx_heading(text) == expected
        assert groups(_match_bold_line(text)) == groups(_LAZY_BOLD_LINE_RE.match(text))


# The section-word patterns were regrouped by first letter for speed; these are the originals.
_PLAIN_WORD_RES = {
    "_FAILURE_WORD_RE": r"failure|\bfail|issue|problem|error|fault|flaw|bug|mistake|defect|deficien"
    r"|violation|missing|incorrect|wrong|correction|\bfix(?!tur)|shortcoming|weakness|concern|discrepanc"
    r"|deviat|gaps?\b|broken|bad practice|requested\s+changes|changes\s+requested"
    r"|f(?:ell|alls?)\s+(?:short|apart)|shortfall|bad\s+news|\bwhat\s+broke\b|\bbroke\b",
    "_NON_FAILURE_SECTION_RE": r"recommend|lessons?\b|learned|learnings|takeaway|did\s+(?:right|well)"
    r"|went\s+(?:right|well)|strengths?\b|positive|what\s+worked|well[- ]done"
    r"|knowledge\s+gap|score|prevention|mitigation|next\s+steps|justification|verdict"
    r"|training\s+(?:value|quality|improvement|impact|focus|data)|patterns?\s+of"
    r"|correctly\s+(?:implemented|configured|handled|done)"
    r"|requirements?\s+(?:met|satisfied|fulfilled)|success|strategies|best\s+practices"
    r"|compliant\b|got\s+right|advantages|benefits|preserved|kept(?:\s+(?:as[\s-]+is|unchanged|intact))?\W*$"
    r"|unchanged|superior"
    r"|(?:done|implemented|handled|configured|working)\s+correctly|learning|skill\s+level"
    r"|(?:handled|done)\s+well|held\s+up"
    r"|model\s+performance|additional\s+notes|debugging\s+tips|decisions?\b"
    r"|pattern\s+analysis|why\s+did|root\s+cause\s+analysis|key\s+features"
    r"|compatibility\s+adjustments|adaptations?\b|localstack\s+(?:compatibility|configuration|modifications)"
    r"|verified\s+working|how\s+to\s+(?:fix|avoid|prevent|detect|recogni[sz]e|resolve)"
    r"|\ball\s+(?:[\w-]+\s+){0,3}(?:issues|failures|problems|errors|bugs|findings|tests|checks)"
    r"\s+(?:(?:are|were|have\s+been|now)\s+)?(?:resolved|fixed|addressed|pass)"
    r"|avoided\b|^\W*(?:project|directory|folder|repository)\s+(?:structure|layout)\W*$"
    r"|what\s+(?:i|we)\s+(?:delivered|built|implemented|changed)\b|^\W*deliverables\W*$"
    r"|what\s+the\s+model\s+(?:delivered|implemented)\W*$"
    r"|enhancement\s+opportunit|future\s+(?:enhancements?|improvements?|work)\b"
    r"|^\W*work\s+(?:delivered|done|completed)\W*$|what\s+was\s+(?:built|delivered)\b",
    "_NEUTRAL_SECTION_RE": r"validat(?:ion|ed)|compliance|overview|testing|metrics|assessment"
    r"|results?\b|notes?\b|references?\b|status|improvements?|environment|services|introduction"
    r"|context|background|table|comparison|analysis\s+of|architecture|implementation|requirements"
    r"|enhancements\b|observations\b|optimi[sz]ations\b|considerations\b",
    "_FIX_SECTION_RE": r"\bfix(?!tur)|correction|resolution|changes\s+made|remediation",
}
_SECTION_WORDS = st.lists(
    st.sampled_from(
        [
            " ",
            "\n",
            "-",
            "_",
            "x",
            "é",
            "1",
            "fail",
            "failure",
            "fix",
            "all",
            "issues",
            "are",
            "resolved",
            "gap",
            "gaps",
            "deviates",
            "fixtures",
            "apart",
            "broke",
            "bad",
            "news",
            "avoided",
            "project",
            "structure",
            "future",
            "work",
            "fell",
            "short",
            "requested",
            "changes",
            "learning",
            "learnings",
            "lesson",
            "s",
            "notes",
            "result",
            "results",
            "refix",
            "ball",
            "done",
            "correctly",
            "well",
            "right",
            "pattern",
            "of",
            "bug",
            "compliant",
            "validated",
            "testing",
            "critical",
            "High",
            "low",
            "ſevere",
            "crıtical",
            "HİGH",
            "severity",
            "priority",
            ":",
            "(",
            "[",
            "issue",
            "minor",
            "availability",
            ")",
            "optimizations",
            "handled",
            "held",
            "up",
            "considerations",
            "enhancements",
        ]
    ),
    max_size=10,
).map("".join)


@given(_SECTION_WORDS)
@settings(max_examples=2000, deadline=None)
def test_grouped_word_patterns_match_the_originals(text: str) -> None:
    from curation import _analysis_vocab as vocab

    for name, original in _PLAIN_WORD_RES.items():
        fast = getattr(vocab, name)
        assert bool(fast.search(text)) == bool(re.search(original, text)), name
    # A level word prefilter only skips text the level pattern cannot match.
    for variant in (text, text.upper(), text.title()):
        # (A level in brackets, "… (High)", comes first: a level word before it may only
        # describe the topic.)
        m = vocab._BRACKETED_HEADING_LEVEL_RE.search(variant) or vocab._HEADING_LEVEL_RE.search(
            variant
        )
        want = vocab._level(next(g for g in m.groups() if g)) if m else None
        assert vocab._heading_level.__wrapped__(variant) == want


def _word_predicates_match_the_patterns(text: str) -> None:
    from curation import _analysis_vocab as vocab

    # (The words are read after "without justification" is read as "missing".)
    low = vocab._UNJUSTIFIED_RE.sub(" missing ", text.lower())
    bits = vocab._section_words.__wrapped__(text)
    for name, bit in (
        ("_FAILURE_WORD_RE", vocab._FAILURE),
        ("_NON_FAILURE_SECTION_RE", vocab._NON_FAILURE),
        ("_META_SECTION_RE", vocab._META),
        ("_NEUTRAL_SECTION_RE", vocab._NEUTRAL),
        ("_FIX_SECTION_RE", vocab._FIX),
        ("_ISSUE_WORD_RE", vocab._ISSUE),
    ):
        assert bool(bits & bit) == bool(getattr(vocab, name).search(low)), (name, text)
    any_level = re.search(vocab._LEVEL_ALT, low) is not None
    assert bool(bits & vocab._ANY_LEVEL) == any_level, text
    assert bool(bits & vocab._IMPACT) == ("impact" in low), text
    assert bool(bits & vocab._COUNT) == bool(vocab._COUNT_SECTION_RE.search(low)), text


# The section words are read from a text's words (memoised per word); these pin them to the
# patterns, which the test above pins to the originals.
_WORD_PIECES = st.lists(
    st.sampled_from(
        [" ", "  ", "\n", "-", "_", "'", "é", "ı", "1", "x", "s", "of", "the", "for", "are", "now"]
        + ["bad", "practice", "practices", "best", "all", "issues", "failures", "tests", "resolved"]
        + ["have", "been", "pass", "additional", "notes", "correctly", "done", "did", "right"]
        + ["well", "went", "what", "worked", "why", "working", "model", "performance", "next"]
        + ["steps", "pattern", "patterns", "analysis", "requirement", "requirements", "met"]
        + ["root", "cause", "skill", "level", "training", "value", "verified", "knowledge", "gap"]
        + ["gaps", "key", "features", "localstack", "compatibility", "adjustments", "configured"]
        + ["debugging", "tips", "got", "handled", "implemented", "impact", "fixes", "changes"]
        + ["made", "test", "coverage", "suite", "deployment", "status", "results", "files"]
        + ["modified", "fix", "fail", "refix", "categories", "category", "summary", "table"]
        + ["kept", "lessons", "decision", "compliant", "High", "crit", "ical", "p0", "ſevere"]
        + ["severity", "assessment", "count", "counts", "distribution", "\t", "totals"]
    ),
    max_size=12,
).map("".join)


@given(_WORD_PIECES)
@settings(max_examples=3000, deadline=None)
def test_section_words_match_the_patterns(text: str) -> None:
    _word_predicates_match_the_patterns(text)


# Every alternative that spans words, bare and inside other words.
_SPANNING = [
    "bad practice", "additional notes", "all issues resolved", "all 3 tests now pass",
    "all the open bugs have been fixed", "best practices", "correctly implemented",
    "compatibility adjustments", "configured correctly", "did right", "did well",
    "debugging tips", "done correctly", "got right", "handled correctly",
    "implemented correctly", "knowledge gap", "key features", "localstack configuration",
    "model performance", "next steps", "patterns of", "pattern of", "pattern analysis",
    "requirements met", "requirement satisfied", "root cause analysis", "skill level",
    "training data", "verified working", "went well", "what worked", "well-done",
    "well done", "why did", "working correctly", "impact of the fixes", "impact of changes",
    "test coverage for", "test suite of", "deployment status", "deployment result",
    "files modified", "analysis of", "changes made", "latest changes", "latest updates",
]  # fmt: skip


@pytest.mark.parametrize("phrase", _SPANNING)
def test_spanning_section_words_match_the_patterns(phrase: str) -> None:
    for text in (phrase, f"x{phrase}x", f"The {phrase}: ok", f"é_{phrase}", phrase.upper()):
        _word_predicates_match_the_patterns(text)
    assert any(p.search(phrase) for p in _all_section_patterns()), phrase


def _all_section_patterns() -> list[re.Pattern[str]]:
    from curation import _analysis_vocab as vocab

    return [
        vocab._FAILURE_WORD_RE,
        vocab._NON_FAILURE_SECTION_RE,
        vocab._META_SECTION_RE,
        vocab._NEUTRAL_SECTION_RE,
        vocab._FIX_SECTION_RE,
    ]


def test_section_words_match_the_patterns_on_the_corpus(shared_corpus: Path) -> None:
    from curation._analysis_doc import _Doc

    for path in sorted(shared_corpus.glob("*/lib/MODEL_FAILURES.md")):
        doc = _Doc(path.read_bytes().decode("utf-8", "replace"))
        for _, _, text in doc.headings:
            _word_predicates_match_the_patterns(text)
        for line in doc.lines:
            if 0 < len(line) < 200:
                _word_predicates_match_the_patterns(line)


@pytest.mark.parametrize(("task", "count", "levels"), _FAMILIES, ids=[f[0] for f in _FAMILIES])
def test_format_family(shared_corpus: Path, task: str, count: int, levels: str | None) -> None:
    a = _doc(shared_corpus, task)
    assert len(a.failures) == count
    if levels is not None:
        assert "".join((f.severity or "-")[0] for f in a.failures) == levels


def test_family_summary_parts(shared_corpus: Path) -> None:
    a = _doc(shared_corpus, "archive__cfn-json__Pr6831")
    assert a.score == 8.0
    assert a.claimed_counts == {"Critical": 1, "High": 0, "Medium": 1, "Low": 0}
    assert len(a.knowledge_gaps) == 1
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr8832").score == 9.5
    b = _doc(shared_corpus, "archive__analysis-py__Pr5304")
    assert b.claimed_counts == {"Critical": 2, "Medium": 1}
    assert _kinds(b) == ["severity_mismatch", "claimed_counts_mismatch"]
    assert _doc(shared_corpus, "archive__cdk-go__Pr5955").score == 8.0
    # "Base Score: 8/10" then "FINAL TRAINING QUALITY SCORE: 10/10".
    assert _doc(shared_corpus, "archive__cdk-go__Pr5510").score == 10.0
    # per-pillar "Score: 85/100" headings and a "may receive SCORE:0" sentence are not scores.
    assert _doc(shared_corpus, "archive__cdk-ts__Pr8291").score is None
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr9484").score is None
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr9252").failures) == 4
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr8876").failures) == 10
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr1931").failures) == 6
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr2989").failures) == 2
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr7486").failures) == 4
    # (Its item 3 is "Medium (duplicate of #2, see above)", and the summary says 0 Medium.)
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr7494").failures) == 4
    assert len(_doc(shared_corpus, "archive__cdk-py__Pr9602").failures) == 8
    assert _doc(shared_corpus, "archive__pulumi-ts__Pr7736").claimed_counts == {
        "Critical": 2,
        "High": 1,
        "Medium": 2,
        "Low": 1,
    }
    assert len(_doc(shared_corpus, "archive__pulumi-py__Pr5709").failures) == 25
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr8963").failures) == 6
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr5758").failures == []
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr6210").claimed_counts == {
        "Critical": 3,
        "Medium": 3,
    }


def test_not_utf8_and_crlf_documents(shared_corpus: Path) -> None:
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr629").failures) > 0
    # (cfn-yaml Pr1834, CRLF too, is a guide to possible failure scenarios: none made.)
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr2870").failures) > 0


@pytest.mark.slow
def test_whole_corpus_parses(shared_corpus: Path) -> None:
    paths = sorted(shared_corpus.glob("*/lib/MODEL_FAILURES.md"))
    assert len(paths) >= 100
    with_text = found = 0
    for path in paths:
        text = _read(path)
        a = parse_analysis(text)
        assert not any(p.kind == "parse_error" for p in a.problems), path
        json.dumps(a.to_dict())
        if len(text.strip()) > 100 and "<html" not in text[:500].lower():
            with_text += 1
            found += bool(a.failures)
    assert found >= 0.9 * with_text


def test_level_bullet_under_impact_is_the_items_level() -> None:
    text = (
        "# Faults\n\n## Fault 1: Bucket left public\n\n### Impact\n\n"
        "- **Medium**: anyone can read the data\n- **Cost**: none\n\n"
        "## Fault 2: Role too broad\n\n**Severity**: Low\n\n### Impact\n\n- **High**: wide access\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Medium", "Low"]
    assert "anyone can read" in a.failures[0].impact["general"]


def test_level_leading_the_issue_or_bracketed_in_the_category(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n### 1. Loose typing\n\n**Issue**: Minor - the dataclass has no hints\n\n"
        "### 2. Output handling\n\n**Category**: B (Moderate) - type handling\n\n"
        "### 3. Open port\n\n**Issue**: Critical security groups are open\n\n"
        "### 4. Stale engine\n\n**Severity**: High\n\n**Issue**: Minor - old version\n"
    )
    a = parse_analysis(text)
    # (A level that is only an adjective of the issue says nothing; a label says most.)
    assert [f.severity for f in a.failures] == ["Low", "Medium", None, "High"]
    assert {f.severity for f in _doc(shared_corpus, "archive__pulumi-ts__Pr7192").failures} == {
        "Medium"
    }
    # "The Single Most Critical Failure" in a title says its level; "critical paths" does not.
    most = "# F\n\n### 1. State: The Single Most Critical Failure\n\n**Issue**: lost state\n\n"
    most += "### 2. No Alarms on the critical paths\n\n**Issue**: none\n"
    assert [f.severity for f in parse_analysis(most).failures] == ["Critical", None]


def test_category_letters_take_their_level_from_the_legend(shared_corpus: Path) -> None:
    text = (
        "# Fixes\n\n## Summary\n\n- **Category B (Moderate)**: 1 fix\n"
        "- **Category C (Minor)**: 1 fix\n\n## Fix 1: Wrong ARN (Category B)\n\n**Impact**: x\n\n"
        "## Fix 2: Loose path (Category C)\n\n**Impact**: y\n\n## Fix 3: Naming (Category D)\n\n"
        "**Impact**: z\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Low", None]
    # A letter the legend gives two levels says none.
    both = text.replace("- **Category C (Minor)**", "- **Category B (Minor)**")
    assert [f.severity for f in parse_analysis(both).failures] == [None, None, None]
    levels = [f.severity for f in _doc(shared_corpus, "archive__tf-hcl__Pr5630").failures]
    assert levels == ["Medium", "Medium", "Medium", "Low"]
    # The legend's lines claim counts too, its zeros left out.
    assert parse_analysis(text).claimed_counts == {"Medium": 1, "Low": 1}
    zero = text.replace("**Category C (Minor)**: 1 fix", "**Category C (Minor)**: 0 fixes")
    assert parse_analysis(zero).claimed_counts == {"Medium": 1}
    assert _doc(shared_corpus, "archive__cdktf-py__Pr7312").claimed_counts == {
        "Critical": 3,
        "High": 1,
        "Medium": 2,
    }


def test_numbered_sentences_under_a_failure_title_and_misspelt_labels() -> None:
    text = (
        "# Model Failures\n\nWhat went wrong:\n\n"
        "1. The queue had no dead-letter target. Messages that failed three times were lost,"
        " and nobody was told.\n"
        "**Isue**: retries dropped messages\n**Soluton**: add a redrive policy\n\n"
        "2. Logs were kept forever, which costs money\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == [
        "The queue had no dead-letter target",
        "Logs were kept forever, which costs money",
    ]
    assert a.failures[0].ideal_fix == "add a redrive policy"
    # a plural or another word is not a misspelt label
    assert parse_analysis("# Issues\n\n**Solutions**: x\n").failures == []


def test_rule_separated_label_blocks_are_failures() -> None:
    text = (
        "# Where the Model Went Wrong\n\n---\n\n"
        "The bucket policy was too open.\n**Ideal:** Grant read to one role only.\n"
        "**Impact:** Anyone could list objects.\n\n***\n\n"
        "**Ideal:** Rotate the key yearly.\n* **Model:** Rotation is off. Nothing else.\n\n***\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["The bucket policy was too open", "Rotation is off"]
    assert a.failures[0].ideal_fix == "Grant read to one role only."


def test_detailed_section_after_items_adds_nothing() -> None:
    text = (
        "# Failures\n\n## Main Failures\n\n### 1. Open port\n\n**Fix**: close it\n\n"
        "### 2. No backups\n\n**Fix**: add them\n\n## Detailed Failure Analysis\n\n"
        "### 1. Network problems\n\n**Issue**: the port\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open port", "No backups"]
    # with nothing before it, a "Detailed Failures" section is the list itself
    only = "# Review\n\n## Detailed Failures\n\n### 1. Open port\n\n**Fix**: close it\n"
    assert len(parse_analysis(only).failures) == 1


def test_plain_knowledge_gaps_label_lists_its_items(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Open port\n\n**Fix**: close it\n\n"
        "## Summary\n\n- Primary knowledge gaps:\n  1. Port scoping\n  2. Default deny rules\n"
    )
    assert parse_analysis(text).knowledge_gaps == ["Port scoping", "Default deny rules"]
    inline = "# F\n\n### 1. Open port\n\n- Knowledge gaps: VPC design, IAM scoping (roles, users)\n"
    assert parse_analysis(inline).knowledge_gaps == ["VPC design", "IAM scoping (roles, users)"]
    prose = (
        "# F\n\n### 1. Open port\n\nThis shows knowledge gaps: one long run of words in a row.\n"
    )
    assert parse_analysis(prose).knowledge_gaps == []
    assert len(_doc(shared_corpus, "archive__cfn-json__Pr4772").knowledge_gaps) == 2
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr7704").knowledge_gaps) == 3
    assert len(_doc(shared_corpus, "archive__cfn-json__Pr7341").knowledge_gaps) == 3


def test_knowledge_gaps_restated_in_the_summary_count_once(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n**Primary Knowledge Gaps:**\n1. Config rule names\n"
        "2. Multi-region deployment configuration\n\n## Critical Failures\n\n"
        "### 1. Open port\n\n**Fix**: close it\n\n## Summary\n\n- **Primary knowledge gaps**:\n"
        "  1. Config rule names (deprecated ones especially)\n"
        "  2. Multi-region deployment configuration nuances\n  3. S3 bucket policies\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "Config rule names",
        "Multi-region deployment configuration",
        "S3 bucket policies",
    ]
    # Within one list, every item counts.
    one = "# F\n\n## Knowledge Gaps\n\n- IAM scoping\n- IAM scoping\n"
    assert parse_analysis(one).knowledge_gaps == ["IAM scoping", "IAM scoping"]
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr5626").knowledge_gaps) == 4


def test_checks_that_found_nothing_are_not_failures(shared_corpus: Path) -> None:
    text = (
        "# Fixes\n\n## Critical Fixes\n\n### 1. Open port\n\n**Issue:** port 22 open\n\n"
        "**Fix:** close it\n\n## Speed\n\n### 2. Build time\n\n"
        "**Issue:** No specific speed problems were found.\n\n**Status:** fine\n\n"
        "## Security\n\n### 3. No Security Gaps Identified\n\nAll checks pass.\n\n"
        "### 4. No Environment Flexibility\n\n**Issue:** names are fixed\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Open port", "No Environment Flexibility"]
    # items 1-7 are fixes; 8 and 9 report that nothing was found
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr5829").failures) == 7


def test_marks_before_a_bold_numbered_heading_are_not_the_title(shared_corpus: Path) -> None:
    text = "# Fixes\n\n## Critical Issues\n\n### 🚨 **1. Open port**\n\n**Fix:** close it\n"
    assert [f.title for f in parse_analysis(text).failures] == ["Open port"]
    titles = [f.title for f in _doc(shared_corpus, "archive__tf-hcl__Pr1075").failures]
    assert len(titles) == 3 and not any("*" in t or t[0].isdigit() for t in titles)


def test_comparison_and_technical_debt_sections_after_items_add_nothing(
    shared_corpus: Path,
) -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Open port\n\n**Fix**: close it\n\n"
        "### 2. No backups\n\n**Fix**: add them\n\n## Technical Debt Analysis\n\n"
        "### Code Issues\n\n1. **Ports**: the open port again\n2. **Backups**: none kept\n\n"
        "## Comparison with the Reference List\n\n- **REF-1:** open ports ✅\n- **REF-2:** x\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open port", "No backups"]
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr8449").failures) == 3
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr6210").failures) == 6


# `_Doc` lists as bold-line and sub-item candidates only the lines their readers can use; this
# is the original scan, which kept every line starting with bold marks or a bold bullet (an ID
# label may end at its closing "__": "__Failure ID__:").
_OLD_STARTS = (
    r"(?:([ \t]{0,4})(?:\*\*|__)([A-Za-z ]{0,12}[Ii][Dd](?:\b|(?=__)))?|( ?[-*+][ \t]+(?:\*\*|__)))"
)


def _old_start_lines(text: str) -> tuple[list[int], list[int]]:
    bold: list[int] = []
    sub: list[int] = []
    for i, line in enumerate(text.split("\n")):
        m = re.match(_OLD_STARTS, line)
        if m is None:
            continue
        indent, ident, bullet = m.groups()
        if bullet is None:
            bold.append(i)
        if bullet is not None or (ident is not None and not indent):
            sub.append(i)
    return bold, sub


_BOLD_BULLET_LINES = st.lists(
    st.sampled_from(
        ["*", "**", "_", "__", " ", "\t", ":", "-", "+", "a", "Title", "ID", "é", "\n"]
    ),
    max_size=18,
).map("".join)


@given(_BOLD_BULLET_LINES)
@settings(max_examples=3000, deadline=None)
def test_start_lines_keep_what_the_original_gave_their_readers(text: str) -> None:
    from curation import _analysis_doc, _analysis_items

    for prefix in ("", "x\n", "**", "- **", " * __", "```\n**A**\n- **B C**\n```\n"):
        doc = prefix + text
        lines = doc.split("\n")
        scanned = _analysis_doc._Doc(doc)
        bold, sub = scanned.bold_starts, scanned.sub_starts
        # Lines inside fences are never items: the scan jumps over them.
        old_bold, old_sub = (
            [i for i in found if not scanned.fenced[i]] for found in _old_start_lines(doc)
        )
        assert set(bold) <= set(old_bold) and set(sub) <= set(old_sub)
        assert bold == sorted(set(bold)) and sub == sorted(set(sub))
        # Every line a reader takes from the original's candidates is still a candidate.
        assert [i for i in old_bold if _analysis_items._bold_title(lines[i]) is not None] == [
            i for i in bold if _analysis_items._bold_title(lines[i]) is not None
        ]
        for i in old_sub:
            line = lines[i]
            m = _match_label(line)
            # (as `_sub_items` reads them: at the margin, not a bullet's "* **ID**:")
            is_id = (
                (line[:1] == "_" or (line[:1] == "*" and line[1:2] not in (" ", "\t")))
                and m is not None
                and bool(m.group(2) or m.group(3))
                and m.group(1).strip().lower() in _analysis_items._ID_LABELS
            )
            if is_id or _analysis_items._BOLD_ONLY_BULLET_RE.match(line):
                assert i in sub, (doc, i)


_DETAIL_TEXTS = st.lists(
    st.sampled_from(
        ["Detail", "DETAILS", "in", "In-Depth", "Comparison", "with", "Technical", "debt", "ı",
         "ſ", "İ", "K", " ", "\t", "\u00a0", "#", "-", "é", "Σ", "detaıl", "technıcal", "compariſon"]
    ),
    max_size=8,
).map("".join)  # fmt: skip


@given(_DETAIL_TEXTS)
@settings(max_examples=2000, deadline=None)
def test_detail_heading_words_prefilter_the_pattern(text: str) -> None:
    from curation import _analysis_items
    from curation._analysis_vocab import _ODD_FOLD_RE

    low = text.lower()
    if _analysis_items._DETAIL_SECTION_RE.search(text):
        assert any(w in low for w in _analysis_items._DETAIL_HEAD_WORDS) or _ODD_FOLD_RE.search(low)


def test_hyphenated_id_prefixes_are_stripped_from_titles(shared_corpus: Path) -> None:
    text = (
        "# Review\n\n## Critical Issues\n\n### ISSUE-3: Bucket left public\n\n**Fix:** block it\n\n"
        "### SEC-12: Role too broad\n\n**Fix:** narrow it\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Bucket left public", "Role too broad"]
    doc = _doc(shared_corpus, "archive__cfn-yaml__Pr6210")
    assert len(doc.failures) == 6
    assert not any(f.title[:1].isdigit() for f in doc.failures)
    assert [f.severity for f in doc.failures] == ["Critical"] * 3 + ["Medium"] * 3


def test_bold_level_counts_with_impact_or_identified_and_why_bullets(shared_corpus: Path) -> None:
    text = (
        "# Review\n\n## Summary\n\n**Critical Failures Identified:** 1\n**High Impact Issues:** 1\n\n"
        "## Critical Failures\n\n### Bucket ordering\n\nThe bucket was made after its policy.\n\n"
        "**Why It Fails:**\n- the policy has nothing to attach to\n- the stack rolls back\n\n"
        "**Fix:** order them\n\n## High Impact Issues\n\n- Role is too broad\n"
    )
    analysis = parse_analysis(text)
    assert analysis.claimed_counts == {"Critical": 1, "High": 1}
    assert [f.title for f in analysis.failures] == ["Role is too broad"]  # reasons are no items
    doc = _doc(shared_corpus, "archive__pulumi-ts__Pr5626")
    assert doc.claimed_counts == {"Critical": 4, "High": 3, "Medium": 5, "Low": 2}
    assert not any(f.section.startswith("Common Mistake") for f in doc.failures)
    assert [f.severity for f in doc.failures] == ["Critical"] * 4 + ["High"] * 3 + [
        "Medium"
    ] * 5 + ["Low"] * 2  # its pasted guide's "## 3. …" chapters of "Common Mistake:" add none


def test_level_groupings_and_guide_chapters_are_not_items(shared_corpus: Path) -> None:
    text = (
        "# Review\n\n## 1. Open bucket\n\n**Issue**: public\n\n## 2. No alarms\n\n"
        "**Issue**: silent\n\n## 3. Risk Assessment\n\n### High Risk Issues\n\n- Open bucket\n\n"
        "### Low Risk Issues\n\n- No alarms\n\n## 4. Remediation Priority\n\n"
        "### Priority 1 (Critical - Must Fix)\n\n1. Block the bucket\n\n"
        "### Priority 2 (Medium)\n\n1. Add alarms\n\n## 5. Queue Setup\n\n"
        "### Common Mistake: No dead-letter queue\n\n**What Models Do Wrong:** no DLQ\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open bucket", "No alarms"]
    doc = _doc(shared_corpus, "archive__cfn-yaml__Pr304")
    assert len(doc.failures) == 16
    assert doc.failures[-1].title == "Runtime Errors"


def test_the_score_after_an_arrow_is_the_final_score(shared_corpus: Path) -> None:
    text = (
        "# Review\n\nTraining Quality: 6/10 at first.\n\n## Failures\n\n1. Open port\n\n"
        "## Outcome\n\n**Training Quality**: 6/10 → 8.5/10\n"
    )
    assert parse_analysis(text).score == 8.5
    assert _doc(shared_corpus, "archive__tf-hcl__Pr5988").score == 8.5  # "7/10 → 8.5/10"
    assert _doc(shared_corpus, "archive__cdktf-py__Pr4318").score == 9.0  # "4/10 → 9/10"
    assert _doc(shared_corpus, "archive__cdk-py__Pr3475").score == 7.0  # "from 9/10 to 7/10"


def test_a_training_value_out_of_ten_is_the_score(shared_corpus: Path) -> None:
    # "- **Training value**: High (8/10) - …" closing the summary, in several documents.
    for name in ("archive__cdk-ts__Pr6802", "archive__cdktf-ts__Pr6073", "archive__tf-hcl__Pr8640"):
        assert _doc(shared_corpus, name).score == 8.0, name
    assert _doc(shared_corpus, "archive__pulumi-ts__Pr5626").score == 8.0  # "a solid 8/10 …"
    # An item's own "Training Value" field is not the document's score.
    text = "## High Failures\n\n### 1. Open port\n\n**Training Value**: 9/10\n"
    assert parse_analysis(text).score is None


def test_a_prose_section_telling_what_the_model_did_wrong_is_one_failure(
    shared_corpus: Path,
) -> None:
    text = (
        "# Model Failures\n\n## Subnet Layout Does Not Match Requirements\n\n"
        "The model response used different subnet sizes in each zone:\n- zone a: /24\n- zone b: /26\n\n"
        "## Missing Tags\n\nThe model did not tag the buckets.\n\n"
        "## Summary\n\nThe model did not handle a few things.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Subnet Layout Does Not Match Requirements", "Missing Tags"]
    doc = _doc(shared_corpus, "archive__cfn-yaml__Pr9300")
    assert len(doc.failures) == 2  # the later fixes and LocalStack notes are no failures
    assert doc.failures[0].title.startswith("CIDR Block")


def test_a_numbered_bold_title_ending_in_error_is_no_error_label(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n## Critical Build Failures\n\n### Compile Errors\n\n"
        "**Failure 1: Wrong Props**\n```\nError: TS2353\n```\n\n**Root Cause**: a.\n\n"
        "**Failure 2: Database Property Error**\n```\nError: TS2561\n```\n\n**Root Cause**: b.\n\n"
        "**Deployment Error**:\n```\nAccessDenied\n```\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == ["Wrong Props", "Database Property Error"]
    assert [f.severity for f in failures] == ["Critical", "Critical"]
    assert "AccessDenied" in failures[1].error_message  # a bare "… Error:" is still a label
    doc = _doc(shared_corpus, "archive__cdk-ts__Pr2434")
    assert len(doc.failures) == 9  # "**Failure 3: RDS Performance Insights Property Error**"


def test_closing_recaps_after_the_items_add_nothing(shared_corpus: Path) -> None:
    items = (
        "# Model Failures\n\n## Critical Failures\n\n### 1. Open Bucket\n\n**Issue**: public.\n\n"
        "### 2. No Logs\n\n**Issue**: none kept.\n\n## Recommendations\n\n1. Test first\n\n"
    )
    recaps = (
        "## Critical Issues Requiring Immediate Attention\n\n"
        "1. **Open Bucket**: anyone reads it\n2. **Logging**: nothing kept\n\n",
        "## Review\n\n### Model Strengths:\n- Good layout\n\n"
        "### Model Weaknesses:\n- Bucket policy gap\n- Logging gap\n\n",
        "## Validation Failures\n\n"
        "The original template would have failed these validations:\n- bucket policy\n- logs\n\n"
        "### Runtime Issues\n\nEven if deployed, it would have suffered from:\n- data leaks\n",
    )
    for recap in recaps:
        titles = [f.title for f in parse_analysis(items + recap).failures]
        assert titles == ["Open Bucket", "No Logs"], recap
    # Alone, such a section still lists failures.
    assert len(parse_analysis("# Model Failures\n\n" + recaps[0]).failures) == 2
    assert len(parse_analysis("# Model Failures\n\n" + recaps[2]).failures) == 3
    assert len(_doc(shared_corpus, "archive__cdk-py__Pr2530").failures) == 8
    assert len(_doc(shared_corpus, "archive__cdktf-py__Pr6615").failures) == 2
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr1481").failures) == 8


def test_failure_and_mitigation_entries_are_risks_not_failures(shared_corpus: Path) -> None:
    entry = "## {n}. {t}\n\n- **Failure:** {t} not set.\n- **Impact:** Risk.\n- **Mitigation:** Set it.\n\n"
    names = ("Bucket Encryption", "Trail Logging", "Key Rotation")
    text = "# Model Failures\n\nCommon mistakes.\n\n" + "".join(
        entry.format(n=n, t=t) for n, t in enumerate(names, 1)
    )
    assert parse_analysis(text).failures == []
    # Without a mitigation each entry is a failure the response made.
    plain = text.replace("- **Mitigation:** Set it.\n", "")
    assert [f.title for f in parse_analysis(plain).failures] == list(names)
    for name in ("archive__cfn-yaml__Pr769", "archive__cfn-yaml__Pr9325"):
        assert _doc(shared_corpus, name).failures == [], name


def test_a_category_heading_gives_its_level_to_the_sibling_items_after_it(
    shared_corpus: Path,
) -> None:
    text = (
        "# Deployment Issues\n\n## Error Category: Critical - Key Policy\n\nOne key.\n\n"
        "## 1. Key Policy Lacks Context\n\n### Description\n\nNo context.\n\n"
        "## Error Category: Configuration - Log Groups\n\nLogs.\n\n"
        "## 2. Log Group Unencrypted\n\n### Description\n\nPlain.\n\n"
        "## 3. Dashboard Widget Invalid\n\n### Description\n\nBad.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", None, None]
    # A numbered sibling holding its own items is an item group, not a category for the next.
    text = (
        "# Failures\n\n### Catalog\n\n#### 1. Major Failures\n\n**Failure ID:** `A-1`\n"
        "**Description:** Open policy.\n\n**Failure ID:** `A-2`\n**Description:** Old AMI.\n\n"
        "#### 2. Unpinned Versions\n\n**Issue**: Providers float.\n"
    )
    failures = parse_analysis(text).failures
    assert failures[-1].section_severity is None
    doc = _doc(shared_corpus, "archive__tf-hcl__Pr6603")
    assert [f.severity for f in doc.failures] == ["Critical", None, None, None]


def test_knowledge_gaps_said_to_be_none_are_no_gaps(shared_corpus: Path) -> None:
    text = "## Failures\n\n### 1. Open port\n\n## Summary\n\n- **Primary knowledge gaps**: {}\n"
    for none in ("None - the implementation is sound", "None", "N/A", "None identified."):
        assert parse_analysis(text.format(none)).knowledge_gaps == [], none
    assert parse_analysis(text.format("Nonce reuse, NAT routing")).knowledge_gaps == [
        "Nonce reuse",
        "NAT routing",
    ]
    for name in ("archive__cfn-json__Pr6868", "archive__cfn-json__Pr7141"):
        assert _doc(shared_corpus, name).knowledge_gaps == [], name


def test_claimed_counts_read_past_a_parenthesis(shared_corpus: Path) -> None:
    text = (
        "## Failures\n\n### 1. Open port\n\n**Severity**: Critical\n\n## Summary\n\n"
        "**Critical Issues (Registry Requirement)**: 1\n\n**High (Missing Requirements)**: 2\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 2}
    assert _doc(shared_corpus, "archive__cdk-py__Pr6948").claimed_counts == {
        "Critical": 2,
        "High": 2,
        "Medium": 3,
    }


def test_an_item_whose_status_says_the_requirement_is_met_is_no_failure(
    shared_corpus: Path,
) -> None:
    text = (
        "# MODEL FAILURES\n\n### 1. Buckets Must Be Private\n\n**Requirement:** private.\n\n"
        "**Model issue:** public policy.\n\n### 2. Lambda Must Run in a VPC\n\n"
        "**Requirement:** VPC.\n\n**Model status:** **Meets core requirement**\n\n"
        "* **Note:** Good.\n\n### 3. Trail Must Be Multi-Region\n\n**Requirement:** all regions.\n\n"
        "**Model status:** Partially meets it; single region only.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Buckets Must Be Private", "Trail Must Be Multi-Region"]
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr1508").failures) == 6
    passed = (
        "# Model Failures\n\n## Issues\n\n### 1. Platform Compliance\n**Status**: PASSED\n"
        "- The model used the right platform\n\n### 2. Missing Suffix\n**Status**: Failed\n"
        "**Issue**: names collide\n\n### 3. Linting\n**Status**: \u2705 Passed\n"
    )
    assert [f.title for f in parse_analysis(passed).failures] == ["Missing Suffix"]
    titles = [f.title for f in _doc(shared_corpus, "archive__pulumi-py__Pr6295").failures]
    assert "Platform/Language Compliance" not in titles


def test_a_section_of_failures_against_best_practices_is_no_advice(shared_corpus: Path) -> None:
    body = "### {n}. {t}\n\n**Status**: Not enabled\n\n**Impact**: {t} is missing.\n\n"
    text = (
        "# Model Failures and Gaps\n\n## Services Not Implemented\n\n"
        + body.format(n=1, t="Textract")
        + "## {}\n\n"
        + body.format(n=2, t="Key Rotation")
        + body.format(n=3, t="VPC Placement")
    )
    for heading in ("Security and Best Practices Gaps", "CRITICAL MISSING: Best Practices"):
        assert len(parse_analysis(text.format(heading)).failures) == 3, heading
    for heading in ("Best Practices Applied", "Mitigation & Best Practices"):
        assert len(parse_analysis(text.format(heading)).failures) == 1, heading
    assert len(_doc(shared_corpus, "archive__cfn-json__Pr9500").failures) == 18
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr6752").failures) == 14


def _key(text: str) -> tuple[object, ...]:
    a = parse_analysis(text)
    return (
        [(f.title, f.severity) for f in a.failures],
        a.score,
        a.knowledge_gaps,
        a.claimed_counts,
    )


def test_emoji_before_a_numbered_heading_is_decoration() -> None:
    text = (
        "# Model Failures\n\n## Issues\n\n"
        "### {e}Critical Issue 1: Open bucket\n\n**Problem**: public.\n\n**Fix**: block it.\n\n"
        "### {e}Issue 2: Wrong region\n\n**Problem**: us-west-1.\n\n**Fix**: us-east-1.\n\n"
        "| # | Error | Severity |\n|---|---|---|\n| 2 | Wrong region | Low |\n\n"
        "## Summary\n\n- **Critical**: 1\n- **Low**: 1\n"
    )
    plain = _key(text.format(e=""))
    assert [f[1] for f in plain[0]] == ["Critical", "Low"]
    for mark in ("🔴 ", "❌ ", "🚨 "):
        assert _key(text.format(e=mark)) == plain, mark
    guide = (
        "# Failures\n\n## 1. Wrong region\n\n**Problem**: us-west-1.\n\n"
        "## 2. Config Recorder\n\n### {e}Common Mistake: No recording group\n\nText.\n\n"
        "### {e}Common Mistake: No delivery channel\n\nText.\n"
    )
    assert _key(guide.format(e="🔴 ")) == _key(guide.format(e=""))


def test_underscore_bold_labels_read_as_asterisk_ones() -> None:
    text = (
        "# Model Failures\n\n## Summary\n\n**Critical**: 1\n**High**: 1\n\n"
        "**Training Quality**: 7/10\n\n## Failures\n\n### 1. Open bucket\n\n"
        "**Severity**: Critical\n**Fix**: block it.\n**Training Impact**: High - learn it.\n---\n\n"
        "### 2. Wrong region\n\n**Severity**: High\n**Fix**: us-east-1.\n\n"
        "## Risk Catalogue\n\n### 3. Backups\n\n- **Failure:** no backup.\n- **Mitigation:** add.\n\n"
        "### 4. Logs\n\n- **Failure:** no logs.\n- **Mitigation:** add.\n\n"
        "### 5. Alarms\n\n- **Failure:** no alarms.\n- **Mitigation:** add.\n\n"
        "## Catalog\n\n#### 6. Critical Failures\n\n**Failure ID:** `MF-1`\n"
        "**Description:** The model left a loop.\n\n**Failure ID:** `MF-2`\n"
        "**Description:** The model used a bad property.\n"
    )
    plain = _key(text)
    assert plain[1] == 7 and plain[3] == {"Critical": 1, "High": 1}
    underscored = re.sub(r"\*\*([^*\n]+?)\*\*", r"__\1__", text)
    assert "__Failure ID:__" in underscored
    assert _key(underscored) == plain


def test_a_setext_heading_body_starts_after_its_underline() -> None:
    text = (
        "# Model Failures\n\n## Failures\n\n### 1. Open bucket\n\n**Severity**: High\n\n"
        "**Fix**: block it.\n\n### 2. Wrong region\n\n**Severity**: High\n\n**Fix**: move.\n\n"
        "## Testing Strategy\n\nThe following tests would have caught these bugs:\n\n"
        "### 3. Lint before deploy\n\n**Fix**: run cfn-lint.\n"
    )
    plain = _key(text)
    assert len(plain[0]) == 2
    setext = re.sub(r"(?m)^## (.+)$", lambda m: m.group(1) + "\n" + "-" * len(m.group(1)), text)
    assert "Testing Strategy\n-----" in setext
    assert _key(setext) == plain


def test_bold_title_bullets_with_star_marks_or_tab_indented_details() -> None:
    text = (
        "# Issues\n\n## 1. Syntax Issues\n\n"
        "- **Class Structure**\n  - One monolithic stack.\n  - No props.\n\n"
        "- **Resource Naming**\n  - Hard-coded names.\n\n"
        "- **CDK API Usage**\n  - Deprecated properties.\n\n"
        "## 2. Deployment Issues\n\n- **Resource Policies**\n  - Missing KMS policy.\n\n"
        "- **Resource Conflicts**\n  - Fixed names collide.\n"
    )
    plain = _key(text)
    assert len(plain[0]) == 5
    assert _key(re.sub(r"(?m)^(\s*)- ", r"\1* ", text)) == plain
    assert _key(text.replace("\n  - ", "\n\t- ")) == plain


def test_headings_one_level_deeper_read_the_same() -> None:
    text = (
        "# Model Failures Analysis - TapStack.yml\n\n**Template:** Bucket stack\n"
        "**Total Issues Found:** 2\n**Critical Issues:** 1\n**Medium Issues:** 1\n\n---\n\n"
        "## Summary\n\nTwo issues.\n\n### Assessment\n\n"
        "The response is correct but has redundant settings that violate CloudFormation best "
        "practices.\n---\n"
        "## High Priority Issues\n\n### 1. Open bucket\n\n**Impact Level**: Critical\n\n"
        "**Fix**: block it.\n\n### 2. Wrong region\n\n**Impact Level**: Medium\n\n**Fix**: move.\n"
    )
    plain = _key(text)
    assert len(plain[0]) == 2 and plain[3] == {"Critical": 1, "Medium": 1}
    deeper = re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", text)
    assert _key(deeper) == plain


@pytest.mark.parametrize(
    "line",
    [
        "**Training Quality Score**: **8/10** - fine",
        "**Training Quality Score:** **8/10** - fine",
        "__Training Quality Score__: 8/10",
        "**Training Quality Score:** 8/10",
    ],
)
def test_a_bold_score_reads_wherever_the_colon_sits(line: str) -> None:
    text = f"# Failures\n\n{line}\n\n## Failures\n\n### 1. Open bucket\n\n**Fix**: block it.\n"
    assert parse_analysis(text).score == 8


_LEVELS = ("Critical", "High", "Medium", "Low")


def _generated_doc(levels: list[str], score: int) -> str:
    parts = [
        "# Model Failures Analysis\n\n## Summary\n\n"
        + "".join(f"**{lv} Issues**: {levels.count(lv)}\n" for lv in _LEVELS if lv in levels)
        + f"\n**Training Quality Score**: {score}/10\n"
    ]
    for lv in _LEVELS:
        numbered = [n for n, item in enumerate(levels, 1) if item == lv]
        if not numbered:
            continue
        parts.append(f"\n## {lv} Issues\n")
        for n in numbered:
            parts.append(
                f"\n### {n}. Failure number {n}\n\n**Impact Level**: {lv}\n\n"
                f"**MODEL_RESPONSE Issue**: wrong setting {n}.\n\n"
                f"- **Root Cause**: a guess.\n  - detail\n\n"
                f"```yaml\nKey{n}: value\n```\n\n**Fix**: right setting {n}.\n"
            )
    return "".join(parts)


def _underscored(text: str) -> str:
    return re.sub(r"\*\*([^*\n]+?)\*\*", r"__\1__", text)


def _setext(text: str) -> str:
    return re.sub(r"(?m)^## ([A-Z].*)$", lambda m: m.group(1) + "\n" + "-" * len(m.group(1)), text)


_META_TRANSFORMS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "bom": lambda t: "\ufeff" + t,
    "trailing spaces": lambda t: t.replace("\n", "  \n"),
    "deeper": lambda t: re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", t),
    "setext": _setext,
    "colon inside bold": lambda t: re.sub(r"\*\*([^*\n]+?)\*\*:", r"**\1:**", t),
    "underscore bold": _underscored,
    "star bullets": lambda t: re.sub(r"(?m)^(\s*)- ", r"\1* ", t),
    "tab indents": lambda t: t.replace("\n  - ", "\n\t- "),
    "emoji": lambda t: re.sub(r"(?m)^(#{2,3}) ", "\\1 🔴 ", t),
    "tilde fences": lambda t: t.replace("```", "~~~"),
    "upper-case levels": lambda t: re.sub(
        r"\*\*: (Critical|High|Medium|Low)", lambda m: m.group(0).upper(), t
    ),
}


@given(
    st.lists(st.sampled_from(_LEVELS), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=10),
    st.sampled_from(sorted(_META_TRANSFORMS)),
)
@settings(max_examples=200, deadline=None)
def test_formatting_variations_keep_the_answer(levels: list[str], score: int, name: str) -> None:
    text = _generated_doc(sorted(levels, key=_LEVELS.index), score)
    plain = parse_analysis(text)
    assert [f.severity for f in plain.failures] == sorted(levels, key=_LEVELS.index)
    assert plain.score == score
    changed = parse_analysis(_META_TRANSFORMS[name](text))
    assert [f.severity for f in changed.failures] == [f.severity for f in plain.failures], name
    assert changed.score == plain.score, name
    assert changed.claimed_counts == plain.claimed_counts, name


@pytest.mark.parametrize("label", ["Severity", "Severity Level", "Risk Level", "Criticality"])
def test_a_plain_severity_label_in_any_spelling(label: str) -> None:
    text = (
        "# Model Failures\n\n## Issues\n\n1. **NewArtifact API**\n"
        f"   - Model used an old call.\n   - {label}: Minor\n\n"
        f"2. **Removed source action**\n   - Model dropped it.\n   - {label}: Minor\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Low", "Low"]


def test_a_severity_heading_over_items_is_their_section() -> None:
    # "## Severity: Critical" over items is a section of that level; under a numbered item,
    # "### Severity: High" is a part of that item (its bullets are details, not failures).
    text = (
        "# Model Failures\n\n## Severity: Critical\n\n**Public bucket**\n\n**Issue**: open\n"
        "**Fix**: close\n\n## Severity: Low\n\n- Naming is inconsistent\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Public bucket", "Critical"),
        ("Naming is inconsistent", "Low"),
    ]
    part = "# Failures\n\n## 1. Open bucket\n\n### Severity: High\n\n- data leaks\n- costs\n"
    assert [(f.title, f.severity) for f in parse_analysis(part).failures] == [
        ("Open bucket", "High")
    ]


def test_a_one_letter_id_numbers_an_item() -> None:
    text = "# Model Failures\n\n### F-3: Bad names\n\n**Problem**: x\n\n### S-4: Open port\n\n**Problem**: y\n"
    assert [f.title for f in parse_analysis(text).failures] == ["Bad names", "Open port"]


def test_knowledge_gaps_inline_with_semicolons_and_in_a_table() -> None:
    inline = "# Review\n\nKnowledge gaps: S3 policies; IAM boundaries; VPC routing.\n"
    assert parse_analysis(inline).knowledge_gaps == ["S3 policies", "IAM boundaries", "VPC routing"]
    table = (
        "# Review\n\n### Knowledge Gaps\n\n| # | Knowledge Area | Impact |\n|---|---|---|\n"
        "| 1 | **S3 policies** | High |\n| 2 | IAM boundaries | Low |\n\nMore prose.\n"
    )
    assert parse_analysis(table).knowledge_gaps == ["S3 policies", "IAM boundaries"]


def test_claimed_counts_in_brackets_and_in_a_table_row() -> None:
    items = (
        "# Review\n\n## Critical Failures\n\n### 1. Open port\n\n**Issue**: open\n\n## Summary\n\n"
    )
    assert parse_analysis(items + "Critical (2), High (1), Low (3)\n").claimed_counts == {
        "Critical": 2,
        "High": 1,
        "Low": 3,
    }
    table = "| **Critical** | High | Medium | Low |\n|:-:|---|---|---|\n| **2** | 1 | 0 | 3 |\n"
    assert parse_analysis(items + table).claimed_counts == {
        "Critical": 2,
        "High": 1,
        "Medium": 0,
        "Low": 3,
    }
    # A year in brackets is no count.
    assert parse_analysis(items + "Critical fixes (2025 edition)\n").claimed_counts == {}


def test_claimed_counts_of_a_level_named_twice_on_a_line_add_up(shared_corpus: Path) -> None:
    text = (
        "## Critical Failures\n\n### 1. Bad path\n\n**Issue**: x\n\n### 2. Bad URL\n\n"
        "**Issue**: y\n\n## Summary\n\n- **Total failures**: 1 Critical (deployment blocking),"
        " 1 Critical (functionality blocking), 1 High\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 2, "High": 1}
    a = _doc(shared_corpus, "archive__pulumi-ts__Pr7268")
    assert a.claimed_counts == {"Critical": 2, "High": 1, "Medium": 1, "Low": 1}
    assert "claimed_counts_mismatch" not in _kinds(a)


def test_a_joint_claimed_count_is_checked_against_both_levels(shared_corpus: Path) -> None:
    items = "".join(
        f"### {n}. Item {n}\n\n**Severity**: {level}\n\n"
        for n, level in enumerate(["Critical", "Medium", "Low", "Low"], 1)
    )
    text = (
        "## Failures\n\n"
        + items
        + "## Summary\n\n- **Total failures**: 1 Critical, {} Medium/Low\n"
    )
    agreeing = parse_analysis(text.format(3))
    assert agreeing.claimed_counts == {"Critical": 1}  # (the contract has no joint key)
    assert _kinds(agreeing) == []
    assert [p.message for p in parse_analysis(text.format(2)).problems] == [
        "the summary claims 1 Critical, 2 Medium/Low but the items are 1 Critical, 3 Medium/Low"
    ]
    assert _kinds(_doc(shared_corpus, "archive__cfn-json__Pr6963")) == []
    led = (
        "## Failures\n\n"
        + items
        + "## Summary\n\n- **1 Critical** failure\n- **3 Medium/Low** ones\n"
    )
    assert _kinds(parse_analysis(led)) == []
    assert _kinds(_doc(shared_corpus, "archive__tf-hcl__Pr5285")) == []


def test_claimed_counts_beside_a_total_anywhere(shared_corpus: Path) -> None:
    items = "## Failures\n\n### 1. Open port\n\n**Severity**: Critical\n\n"
    closing = "## Key Differences\n\n| a | b |\n|---|---|\n\n**Total Issues Identified:** 3\n"
    text = items + closing + "**Critical:** 1 | **High:** 2\n"
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 2}
    # One level beside a total says no breakdown; inside an item, a total is the item's.
    assert parse_analysis(items + closing + "**Critical:** 1\n").claimed_counts == {}
    inside = items + "Total: **High:** 2, **Low:** 1 of the alarms fired\n"
    assert parse_analysis(inside).claimed_counts == {}
    assert _doc(shared_corpus, "archive__pulumi-ts__Pr5597").claimed_counts == {
        "Critical": 1,
        "High": 9,
        "Medium": 11,
        "Low": 1,
    }


def test_claimed_counts_by_classification_and_count_labels(shared_corpus: Path) -> None:
    items = "## Failures\n\n### 1. Open port\n\n**Severity**: Critical\n\n"
    classified = (
        items + "## Severity Classification\n\n**CRITICAL (1 failure)**: blocks deploys\n"
        "- Open port\n\n**HIGH (2 failures)**: breaks features\n"
    )
    assert parse_analysis(classified).claimed_counts == {"Critical": 1, "High": 2}
    fixes = (
        items
        + "## Summary\n\n**Critical Fixes (1)**:\n- Open port\n\n**Minor Fixes (2)**:\n- a\n- b\n"
    )
    assert parse_analysis(fixes).claimed_counts == {"Critical": 1, "Low": 2}
    labelled = items + "## Production Impact\n\n**Blocking Issues Count**: 1 Critical\n"
    assert parse_analysis(labelled).claimed_counts == {"Critical": 1}
    # A count in bold in a summary's sentence, when the document states its counts no other way.
    told = "## Summary\n\nThe response contained **15 critical failures** that block deploys.\n"
    assert parse_analysis(items + told).claimed_counts == {"Critical": 15}
    assert parse_analysis(
        told + items + "## Totals\n\n- Total: 1 Critical, 0 High\n"
    ).claimed_counts == {
        "Critical": 1,
        "High": 0,
    }
    assert _doc(shared_corpus, "archive__cfn-json__Pr5243").claimed_counts == {"Critical": 15}
    # Over items with levels of their own that differ, "critical" there says how bad.
    labelled = items.replace("**Severity**: Critical", "**Severity**: High")
    assert parse_analysis(labelled + told).claimed_counts == {}
    assert _doc(shared_corpus, "archive__cdk-ts__Pr6341").claimed_counts == {}
    assert _doc(shared_corpus, "archive__cdktf-py__Pr7327").claimed_counts == {"Critical": 4}
    # Under "## Assessment" or "## Scoring" too: "| Failures | 2 (1 blocker, 1 major) |".
    scored = (
        items + "## Scoring\n\n| Item | Value |\n|---|---|\n| Failures | 2 (1 blocker, 1 major) |\n"
    )
    assert parse_analysis(scored).claimed_counts == {"Critical": 1, "High": 1}
    # A closing count in the last item's body, with no heading of its own.
    closing = items + "\n**Count:** 1 blocking, 2 major (3 total).\n"
    assert parse_analysis(closing).claimed_counts == {"Critical": 1, "High": 2}
    # A list's closing tally: "4. **Total fixes**: 4 minor corrections".
    tally = (
        "# Model Failures\n\n## Failure Analysis\n\n### Deployment Failures: N/A\n\nNone.\n\n"
        "### Model Corrections Applied\n\nThe following minor fixes were identified:\n\n"
        "1. **Runtime**: Old runtime\n   - Severity: Minor\n\n2. **Tags**: No tags\n"
        "   - Severity: Minor\n\n3. **Total fixes**: 3 minor corrections\n"
    )
    a = parse_analysis(tally)
    assert [(f.title, f.severity) for f in a.failures] == [("Runtime", "Low"), ("Tags", "Low")]
    assert a.claimed_counts == {"Low": 3}
    assert _doc(shared_corpus, "archive__cdk-go__Pr5955").claimed_counts == {"Low": 4}
    inline = items + "## Notes\n\nSummary: 3 defects (1 critical, 2 high) across 9 runs.\n"
    assert parse_analysis(inline).claimed_counts == {"Critical": 1, "High": 2}
    required = items + "## Training Quality Assessment\n\n**Fixes Required**: 3 moderate issues\n"
    assert parse_analysis(required).claimed_counts == {"Medium": 3}
    assert _doc(shared_corpus, "archive__pulumi-ts__Pr7192").claimed_counts == {"Medium": 3}
    # "major" alone in a sentence means big ones, not a level.
    prose = "## Executive Summary\n\nAfter testing, we identified 5 major issues, all fixed.\n\n"
    assert parse_analysis(prose + items).claimed_counts == {}
    assert parse_analysis(prose.replace("major", "Major, 2 Minor") + items).claimed_counts == {
        "High": 5,
        "Low": 2,
    }
    assert _doc(shared_corpus, "archive__cdk-js__Pr2016").claimed_counts == {
        "Critical": 3,
        "High": 2,
        "Medium": 4,
        "Low": 1,
    }
    assert _doc(shared_corpus, "archive__pulumi-js__Pr9187").claimed_counts == {"Critical": 3}
    assert _doc(shared_corpus, "archive__cdk-py__Pr3859").claimed_counts == {}


def test_claimed_counts_in_brackets_after_the_count(shared_corpus: Path) -> None:
    # A summary by category whose sub-headings carry the counts.
    text = (
        "# Review\n\n## Critical Failures\n\n### 1. Open port\n\n**Issue**: open\n\n"
        "## Summary of Failures by Category\n\n### Security (2 Critical Failures)\n"
        "1. Open port\n\n### Testing (1 High Issue)\n2. No tests\n\n"
        "- Logging (3 low)\n- Naming (see item 3)\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 2, "High": 1, "Low": 3}
    # Outside a count section, a heading's bracket is the item's business.
    assert parse_analysis("## Issues\n\n### 1. Ports (2 critical issues)\n").claimed_counts == {}
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr9484").claimed_counts == {
        "Critical": 2,
        "High": 2,
        "Medium": 1,
    }


@pytest.mark.parametrize(
    ("label", "severity"),
    [
        ("**Risk**: High", "High"),
        ("**Risk Rating**: Low", "Low"),
        ("**Level**: Critical", "Critical"),
        ("**Severity Rating**: Medium", "Medium"),
        ("**Impact Severity**: High", "High"),
        ("**Impact Rating**: Critical", "Critical"),
        ("**Priority Level**: Low", "Low"),
        ("**Severity/Impact**: Medium", "Medium"),
        ("**Risk**: data may leak", None),
    ],
)
def test_more_severity_label_spellings(label: str, severity: str | None) -> None:
    text = f"# Model Failures\n\n### 1. Open bucket\n\n{label}\n\n**Issue**: open\n"
    assert [f.severity for f in parse_analysis(text).failures] == [severity]


def test_a_lone_prose_sub_heading_beside_a_section_of_them_is_a_failure() -> None:
    text = (
        "# Review\n\n## Critical Issues\n\n### Open bucket\n\nThe bucket is public.\n\n"
        "### No logs\n\nLogging is off.\n\n## Medium Issues\n\n### Naming\n\nNames are odd.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Open bucket", "Critical"),
        ("No logs", "Critical"),
        ("Naming", "Medium"),
    ]


def test_paragraphs_opening_with_a_bold_title_are_failures() -> None:
    text = (
        "# Model Failures\n\n## High\n\n**Open bucket** - the bucket is public.\n\n"
        "**No logs**: logging is off.\n\n## Summary\n\n**Note**: nothing else.\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity, f.model_snippet) for f in a.failures] == [
        ("Open bucket", "High", "the bucket is public."),
        ("No logs", "High", "logging is off."),
    ]
    # Field labels are an item's body, not titled paragraphs.
    labels = "# Model Failures\n\n## High Issues\n\n**Issue**: public.\n\n**Fix**: block it.\n"
    assert parse_analysis(labels).failures == []


@pytest.mark.parametrize(
    ("heading", "severity"),
    [("## Blockers", "Critical"), ("## P0 Issues", "Critical"), ("## P2 Problems", "Medium")],
)
def test_blockers_and_priority_codes_name_a_sections_level(heading: str, severity: str) -> None:
    text = f"# Model Failures\n\n{heading}\n\n### 1. Open bucket\n\n**Issue**: open\n"
    assert [f.severity for f in parse_analysis(text).failures] == [severity]


def test_claimed_counts_from_a_table_with_count_and_severity_columns() -> None:
    items = (
        "# Review\n\n## Critical Failures\n\n### 1. Open port\n\n**Issue**: open\n\n## Summary\n\n"
    )
    table = (
        "| Category | Count | Severity |\n|---|---|---|\n| Deploy blockers | 4 | Critical |\n"
        "| Ops | 5 | High |\n| **Total** | **9** | - |\n"
    )
    assert parse_analysis(items + table).claimed_counts == {"Critical": 4, "High": 5}
    # A "#" column numbers the items: no counts there.
    numbered = (
        "| # | Error | Severity |\n|---|---|---|\n| 1 | Logs | High |\n| 2 | MFA | Critical |\n"
    )
    assert parse_analysis(items + numbered).claimed_counts == {}


def test_before_after_and_actual_labels_fill_the_snippet_and_fix() -> None:
    text = (
        "# Model Failures\n\n### 1. Wrong billing mode\n\n**Before:**\n\n```ts\nmode: 'x'\n```\n\n"
        "**After:**\n\n```ts\nmode: 'y'\n```\n\n### 2. Open bucket\n\n**Actual**: public\n\n"
        "**Fixed**: blocked\n"
    )
    first, second = parse_analysis(text).failures
    assert "mode: 'x'" in first.model_snippet and "mode: 'y'" in first.ideal_fix
    assert (second.model_snippet, second.ideal_fix) == ("public", "blocked")


def test_a_heading_that_opens_with_its_level_over_labels_is_an_item() -> None:
    text = (
        "# Model Failures\n\n## Issues\n\n### Critical: Open bucket\n\n**Issue**: public\n\n"
        "### HIGH - No logs\n\n**Issue**: off\n\n### 3. Naming\n\n**Issue**: odd\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Critical: Open bucket", "Critical"),
        ("HIGH - No logs", "High"),
        ("Naming", None),
    ]


def test_numbered_failure_categories_are_the_failures(shared_corpus: Path) -> None:
    text = (
        "# Analysis\n\n## Major Failure Categories\n\n### 1. Design Flaws\n\n**Model Response 1:**"
        " one module for all\n\n### 2. Resource Errors\n\n- **Missing Dependencies**: none set\n\n"
        "### 3. Security Failures\n\n- **Open IAM**: wildcard actions\n"
    )
    titles = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert titles == [
        ("Design Flaws", "High"),
        ("Resource Errors", "High"),
        ("Security Failures", "High"),
    ]
    # A "Failure Categories" list is still the summary it usually is.
    recap = "## Failures\n\n### 1. Open bucket\n\n**Fix**: close it\n\n"
    recap += "### Key Failure Categories\n\n1. **Security** - broad IAM\n2. **Config** - no env\n"
    assert [f.title for f in parse_analysis(recap).failures] == ["Open bucket"]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr2731").failures) == 17


def test_a_numbered_localstack_note_and_its_considerations_are_no_failures(
    shared_corpus: Path,
) -> None:
    text = (
        "# Model Failures Analysis\n\n## 1. Open Bucket\n\n**Issue Type**: Security\n"
        "**Description**: The bucket is public.\n\n## 2. LocalStack Compatibility Adjustments\n\n"
        "**Issue Type**: Environment Adaptation\n**Description**: Adapted for LocalStack.\n\n"
        "### Security Considerations\n\nThese adaptations keep production secure.\n\n"
        "**Deployment Impact**: none in AWS.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open Bucket"]
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr8843").failures) == 20


def test_a_heading_without_a_space_after_its_marks(shared_corpus: Path) -> None:
    text = (
        "# Review\n\n## Low Failures\n\n### 1. Hard-coded zones\n\n**Fix**: look them up\n\n"
        "##Summary\n\n- Total: 0 Critical, 0 High, 1 Low\n\n#hashtag and #!/bin/sh stay text\n"
    )
    a = parse_analysis(text)
    assert a.failures[0].ideal_fix == "look them up"
    assert a.claimed_counts == {"Critical": 0, "High": 0, "Low": 1}
    assert _doc(shared_corpus, "archive__cfn-json__Pr7020").claimed_counts == {
        "Critical": 0,
        "High": 0,
        "Low": 2,
    }


def test_a_level_list_naming_items_by_number_gives_their_own_levels(shared_corpus: Path) -> None:
    text = (
        "# Review\n\n## Critical Issues Found\n\n### 1. Open bucket\n\nPublic.\n\n"
        "### 2. No alarms\n\nSilent.\n\n## Minor Issues\n\n### 3. Typos\n\nIn docs.\n\n"
        "### 4. Naming\n\nOdd.\n\n## Severity Assessment\n\n- **Critical**: Issue 1 (bucket)\n"
        "- **High**: Issue 2 (alarms)\n- **Medium**: Issues 3-4 (docs, naming)\n\n"
        "```\n- **Low**: Issue 1\n```\n"
    )
    a = parse_analysis(text)
    assert [(f.severity, f.section_severity) for f in a.failures] == [
        ("Critical", "Critical"),
        ("High", "Critical"),
        ("Medium", "Low"),
        ("Medium", "Low"),
    ]
    assert _kinds(a).count("severity_mismatch") == 3
    levels = [f.severity for f in _doc(shared_corpus, "archive__cdk-ts__Pr974").failures]
    assert levels == ["Critical", "Critical", "Critical", "High", "Medium", "Medium"]


def test_what_the_ideal_adds_beyond_the_prompt_is_no_failure(shared_corpus: Path) -> None:
    text = (
        "# Model Failures\n\n## Critical Issues\n\n### 1. Open bucket\n\n**Fix**: close it\n\n"
        "## Additional Missing Features in MODEL_RESPONSE\n\n"
        "While not explicitly required by PROMPT.md, IDEAL_RESPONSE adds these rules:\n\n"
        "### 2. S3_BUCKET_LOGGING_ENABLED\n\n**Fix**: add the rule\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open bucket"]
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr6341").failures) == 9


def test_a_bracketed_level_beats_a_level_word_describing_the_topic(shared_corpus: Path) -> None:
    text = (
        "# Fixes\n\n## Critical Infrastructure Fixes (Category B - Moderate)\n\n"
        "### 1. Inline routes\n\n**Fix**: separate routes\n\n"
        "## Configuration Fixes (Category C - Minor)\n\n### 2. Prefix\n\n**Fix**: drop it\n\n"
        "## Summary\n\n**Category B (Moderate) - 1 fix**:\n1. Inline routes\n\n"
        "**Category C (Minor) - 1 fix**:\n2. Prefix\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Medium", "Low"]
    assert a.claimed_counts == {"Medium": 1, "Low": 1}
    # Only a bracket that is a level: "(Minor fixes)" describes, it does not rate.
    assert (
        parse_analysis("## Medium Issues (Minor fixes)\n\n### 1. X\n\n**Fix**: y\n")
        .failures[0]
        .severity
        == "Medium"
    )
    a = _doc(shared_corpus, "archive__pulumi-py__Pr7055")
    assert [f.severity for f in a.failures] == ["Medium", "Medium", "Low", "Low", "Low"]
    assert a.claimed_counts == {"Medium": 2, "Low": 3}


def test_a_failure_sub_heading_over_only_code_beside_listed_siblings(shared_corpus: Path) -> None:
    text = (
        "# Analysis\n\n## Specific Code-Level Issues\n\n### KMS Key Policy Flaws:\n"
        "```yaml\nPrincipal: '*'  # wrong\n```\n\n### RDS Configuration Issues:\n"
        "- Old engine version\n- No Multi-AZ\n\n### Deployment Failures: N/A\n\nNone tried.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["KMS Key Policy Flaws", "Old engine version", "No Multi-AZ"]
    titles = [f.title for f in _doc(shared_corpus, "archive__cfn-yaml__Pr9010").failures]
    assert "KMS Key Policy Flaws" in titles and len(titles) == 22


def test_what_failed_responses_would_typically_miss_is_no_failure(shared_corpus: Path) -> None:
    text = (
        "# Model Failures Analysis\n\n## Overview\n\nThe response was a placeholder.\n\n"
        "## Analysis of Missing Components\n\nSince no code was provided, the following "
        "represents what would typically be missing in failed responses:\n\n"
        "### 1. Common Architecture Failures\n\n- **Missing DLQ**: often omitted\n\n"
        "## Fixes Applied in IDEAL_RESPONSE.md\n\n- **Complete DLQ**: configured\n"
    )
    a = parse_analysis(text)
    assert a.failures == [] and _kinds(a) == ["no_failures"]
    assert _doc(shared_corpus, "archive__cfn-yaml__Pr3205").failures == []


def test_lists_of_what_was_built_and_a_fix_label_with_a_line_of_prose(
    shared_corpus: Path,
) -> None:
    resources = "".join(f"* role-{n}: IAM role\n\n" for n in range(5))
    text = (
        "## Model Limitations\n\nBasic output only.\n\n# Observations & Model-Failures\n\n"
        "## Components\n\n### 1\\. identity.ts — IAM\n\n"
        f"**Purpose:** Manages roles.\n\n**Provisioned Resources:**\n\n{resources}"
        "* **Configuration Template** with:\n\n    *   VPC setup\n\n* **Environment**\n\n"
        "**Fixes:**\nI scoped the roles.\n\n* Policies name GovCloud ARNs.\n"
    )
    assert parse_analysis(text).failures == []
    # (Without the labels the same bullets read as failures.)
    bare = text.replace("**Provisioned Resources:**", "").replace("**Fixes:**\n", "")
    assert len(parse_analysis(bare).failures) == 8
    assert len(_doc(shared_corpus, "archive__pulumi-ts__Pr8364").failures) == 6


def test_a_summary_table_naming_items_by_title_gives_their_levels(shared_corpus: Path) -> None:
    text = (
        "# Fixes\n\n## Category B: Configuration Issues (High)\n\n### 1. Missing Version Stamp\n\n"
        "**Fix**: add it\n\n### 2. Missing Environment Protection\n\n**Fix**: add it\n\n"
        "### 3. Lambda Path Structure\n\n**Fix**: move it\n\n"
        "## Summary of Fixes\n\n| Issue | Severity | Fix Applied |\n|---|---|---|\n"
        "| No version stamp | High | SHA |\n| No environment protection | Medium | gate |\n"
        "| Lambda path structure | Low | one |\n| Lambda path structure (copy) | Low | two |\n\n"
        "| Issue Category | Count | Severity |\n|---|---|---|\n| Version Blockers | 1 | Critical |\n"
    )
    a = parse_analysis(text)
    # (Item 3 is named by two rows alike: neither says its level. A tally by category names
    # no item.)
    assert [(f.severity, f.section_severity) for f in a.failures] == [
        ("High", "High"),
        ("Medium", "High"),
        ("High", "High"),
    ]
    assert _kinds(a).count("severity_mismatch") == 1
    levels = [f.severity for f in _doc(shared_corpus, "archive__cicd-yml__Pr7682").failures]
    assert (
        levels == ["Critical", "High", "Medium", "High", "High", "Medium", "Medium"] + ["Low"] * 4
    )
    levels = [f.severity for f in _doc(shared_corpus, "archive__cfn-yaml__Pr6752").failures]
    assert "".join(s[0] for s in levels) == "CHMCMHCMHCLLLL"
    # The same told as level sections of a severity assessment.
    listed = text.split("## Summary of Fixes")[0] + (
        "## Severity Assessment\n\n### Medium Severity Issues\n1. No environment protection\n"
    )
    got = [(f.severity, f.section_severity) for f in parse_analysis(listed).failures]
    assert got == [("High", "High"), ("Medium", "High"), ("High", "High")]
    levels = [f.severity for f in _doc(shared_corpus, "archive__cfn-yaml__Pr9017").failures]
    assert "".join(s[0] for s in levels) == "CCHHCCHCMMCCM"
    # Or as counts that name their items: "**Medium Issues:** 1 (environment protection)".
    named = text.split("## Summary of Fixes")[0] + (
        "## Summary\n\n**Medium Issues:** 1 (environment protection)\n"
    )
    got = [(f.severity, f.section_severity) for f in parse_analysis(named).failures]
    assert got == [("High", "High"), ("Medium", "High"), ("High", "High")]
    levels = [f.severity for f in _doc(shared_corpus, "archive__cfn-yaml__Pr4545").failures]
    assert levels == [
        "Medium",
        None,
        "High",
        "High",
        "Critical",
        "High",
        "Medium",
        "Critical",
        None,
    ]


def test_review_notes_of_bold_bullets_saying_what_is_wrong() -> None:
    text = (
        "## Review notes\n\n- **Rotation**: `EnableKeyRotation` is not set\n"
        "- **Key policy**: the role is never granted decrypt\n\nKnowledge gaps: KMS rotation.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Rotation", "Key policy"]
    # Notes that say what is right are no failures.
    praise = "## Review\n\n- **Rotation**: enabled as asked\n- **Tags**: all present\n"
    assert parse_analysis(praise).failures == []
    # The example corpus's review notes.
    data = Path(__file__).parent.parent / "data"
    for task, count in (("iam-least-privilege-pulumi", 3), ("s3-log-bucket-cdk-retry", 3)):
        assert (
            len(parse_analysis(_read(data / task / "lib" / "MODEL_FAILURES.md")).failures) == count
        )


def test_expected_test_failures_their_reasons_and_failures_appended_late(
    shared_corpus: Path,
) -> None:
    text = (
        "# Model Failures\n\n## Current Status: Validation Failures (Fixed)\n\n### Validation Failures (RESOLVED)\n\n"
        "**Root Cause**: bad property\n\n### Integration Test Failures (Still Expected)\n\n"
        "**Root Cause**: the stack does not exist\n\n### Analysis\n\n"
        "**Integration Test Failures are EXPECTED** because:\n\n1. **Template Validation**: fine\n"
        "2. **AWS Resources**: none deployed\n\n## Conclusion\n\nAll good.\n\n"
        "### Additional CloudFormation Failure (Deployment Attempt 2)\n\n"
        "**Root Cause**: SSE type missing\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Validation Failures (RESOLVED)",
        "Additional CloudFormation Failure (Deployment Attempt 2)",
    ]
    # Its attempts' numbered resource errors, five, are the failures (the attempts four).
    titles = [f.title for f in _doc(shared_corpus, "archive__cfn-yaml__Pr8254").failures]
    assert titles == [
        "ApiStage",
        "ItemsLambdaFunction",
        "ItemsTable",
        "LambdaApiGatewayPermission",
        "ApiStage",
    ]


def test_a_second_complete_block_under_one_heading_is_a_second_failure(
    shared_corpus: Path,
) -> None:
    text = (
        "# Failures\n\n## High Issues\n\n### 3. Batch environment fails\n\n**Issue**: wrong subnets"
        "\n\n**Fix**: private subnets\n\n**Issue**: Stacks export no outputs. Tests cannot run.\n\n"
        "**Fix**: add outputs\n\n### 4. Next\n\n**Issue**: x\n\n**Fix**: y\n\n**Before**: old\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.ideal_fix) for f in a.failures] == [
        ("Batch environment fails", "private subnets"),
        ("Stacks export no outputs", "add outputs"),
        ("Next", "y"),
    ]
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr3507").failures) == 9
    assert "claimed_counts_mismatch" not in _kinds(_doc(shared_corpus, "archive__cfn-json__Pr6250"))


def test_enhancement_only_items_beside_issues_are_no_failures(shared_corpus: Path) -> None:
    text = (
        "## Infrastructure Fixes Applied\n\n### 1. Circular dependency\n\n- **Issue**: a cycle\n"
        "- **Fix**: broke it\n\n### 2. Security hardening\n\n- **Enhancement**: kept the best "
        "practices\n\n### 3. Outputs\n\n- **Enhancement**: expanded outputs\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Circular dependency"]
    # With no item telling a fault, the enhancements are what the document lists.
    alone = text.replace("- **Issue**: a cycle\n- **Fix**: broke it", "- **Enhancement**: x")
    assert len(parse_analysis(alone).failures) == 3
    assert len(_doc(shared_corpus, "archive__cfn-json__Pr9494").failures) == 6


def test_a_title_over_a_numbered_list_with_totals_and_a_closing_score() -> None:
    text = (
        "# Pulumi TypeScript: ECS service review\n\nTotals: critical: 1, high: 1, low: 0\n\n"
        "1. **Output used as a plain string** — Critical.\n   The task definition breaks.\n"
        "2. **Health check path not served** — High.\n   Targets never turn healthy.\n\n"
        "Knowledge gaps: Pulumi outputs, ALB health checks\n\nTraining Quality: 6/10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Output used as a plain string", "Critical"),
        ("Health check path not served", "High"),
    ]
    # (The score and the gaps at the margin after the list are the document's own.)
    assert a.score == 6.0
    assert a.claimed_counts == {"Critical": 1, "High": 1, "Low": 0}


def test_colour_marks_with_a_legend_say_levels() -> None:
    text = (
        "# CDK Python: ECS blue/green\n\nLegend: 🔴 critical · 🟠 high · 🟢 low\n\n"
        "Count by level: 🔴 1 · 🟠 1 · 🟢 1\n\n## What went well\n- ✅ Two target groups\n\n"
        "## What went wrong\n- 🔴 Deployment controller left as ECS\n"
        "- 🟠 Mutable image tag\n- 🟢 Desired count 1 in prod\n\n---\n\nTraining quality: 4/10\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "High", "Low"]
    assert a.claimed_counts == {"Critical": 1, "High": 1, "Low": 1} and a.score == 4.0
    # Told as headings with no failure section over them.
    headed = text.split("## What went well")[0] + (
        "### 🔴 S3 events go to the DLQ\n\nNothing is processed.\n\n"
        "### 🟢 Tags applied late\n\nCosmetic.\n\n---\n\nTraining quality: 4/10\n"
    )
    a = parse_analysis(headed)
    assert [f.severity for f in a.failures] == ["Critical", "Low"] and a.score == 4.0
    # Or as bullets under no failure section, their bold lead-in the title.
    bullets = text.split("## What went well")[0] + (
        "- 🔴 **S3 events go to the DLQ** — nothing is processed\n"
        "- 🟢 Tags applied late; cosmetic\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(bullets).failures]
    assert got == [("S3 events go to the DLQ", "Critical"), ("Tags applied late", "Low")]
    # Without a legend a mark says nothing: documents give 🟡 to High and to Medium.
    bare = text.replace("Legend: 🔴 critical · 🟠 high · 🟢 low\n\n", "")
    assert [f.severity for f in parse_analysis(bare).failures] == [None, None, None]


def test_plain_risk_and_impact_lines_withdrawn_titles_and_checked_sections() -> None:
    text = (
        "# Review\n\n### Finding 1 — Reserved concurrency too large\nRisk: High\n\nText.\n\n"
        "### Finding 2 — Schedule expression *(withdrawn)*\nRe-checked: fine.\n\n"
        "### Finding 3 — Wrong type\nImpact: Critical\n\nThe value is a string.\n\n"
        "## Checked, no issue\n\n- State machine definition: matches the ideal.\n"
        "- DLQ on the source queue: correct.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Reserved concurrency too large", "High"), ("Wrong type", "Critical")]


def test_items_lettered_instead_of_numbered() -> None:
    text = (
        "# Review\n\n## Problem A: Crawler role cannot read the bucket\n**Severity:** Moderate\n"
        "**Observed:** no s3:GetObject\n\n## Problem B: Results unencrypted\n**Severity:** Major\n"
        "**Observed:** SSE off\n\n## Summary\n\nTwo problems.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Crawler role cannot read the bucket", "Medium"),
        ("Results unencrypted", "High"),
    ]


def test_a_table_that_rates_each_row_lists_failures_wherever_it_sits() -> None:
    text = (
        "# Terraform: SQS to Lambda review\n\n| Ref | Finding | File | Risk |\n|---|---|---|---|\n"
        "| F-1 | SQS queue has no redrive policy | `sqs.tf` | Major |\n"
        "| F-2 | Visibility timeout below the Lambda timeout | `sqs.tf` | Blocking |\n"
        "| F-3 | No batch size | `lambda.tf` | Minor |\n\nQuality rating: 6/10\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "Critical", "Low"]
    # Abbreviated levels in a level column: "Med", "Crit".
    short = text.replace("| Major |", "| Med |").replace("| Blocking |", "| Crit |")
    assert [f.severity for f in parse_analysis(short).failures] == ["Medium", "Critical", "Low"]
    # A table whose rows are not rated needs a failure section over it.
    plain = text.replace("| Major |", "| x |").replace("| Blocking |", "| y |")
    assert parse_analysis(plain).failures == []


def test_a_reviewers_checklist_of_ticked_and_crossed_lines() -> None:
    text = (
        "# Reviewer checklist: CDK order API\n\nLegend: ✓ = meets requirement, ✗ = defect\n\n"
        "### Security\n\n- ✓ Roles scoped to the table ARN\n"
        "- ✗ User pool allows self sign-up; prompt said admins only — **High**\n\n"
        "### Reliability\n\n- ✓ PITR on\n- ✗ No DLQ on the async function\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("User pool allows self sign-up", "High"),
        ("No DLQ on the async function", None),
    ]


def test_leaf_headings_tagged_with_their_level_under_topic_groups() -> None:
    text = (
        "# Model Failures: EKS cluster\n\n## Detailed findings\n\n### Logging\n\n"
        "#### Only two control-plane log types enabled [MEDIUM]\n\nThe prompt said all.\n\n"
        "### Networking\n\n#### Public-only API endpoint [CRITICAL]\n\nNodes cannot reach it.\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["Medium", "Critical"]


def test_yaml_front_matter_states_the_score_counts_and_gaps() -> None:
    text = (
        "---\ntask: redis-cache\ntraining_quality: 7\nfailure_counts:\n  critical: 1\n  high: 1\n"
        "knowledge_gaps:\n  - replication group types\n  - security group references\n---\n\n"
        "# Failures\n\n## Failure 1: Wrong type\nImpact: Critical\n\n## Failure 2: Open port\n"
        "Impact: High\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "High"]
    assert a.score == 7.0 and a.claimed_counts == {"Critical": 1, "High": 1}
    assert a.knowledge_gaps == ["replication group types", "security group references"]
    # (Its closing rule makes no heading of its last line.)
    assert not any(f.title == "high: 1" for f in a.failures)
    crlf = parse_analysis(text.replace("\n", "\r\n"))
    assert (crlf.score, crlf.claimed_counts) == (a.score, a.claimed_counts)


def test_closed_as_not_a_bug_and_an_at_a_glance_summary() -> None:
    text = (
        "# Model Failures: Glue pipeline\n\n## At a glance\n\nTotals — critical: 1, high: 0, low: 0\n\n"
        "## Findings\n\n### IAC-1 · Role has s3:* on *\n- **Priority:** Critical\n"
        "- **Fix:** scope it\n\n## Closed as not-a-bug\n\n### IAC-2 · Hyphens in names\n"
        "- **Priority:** Low\n- **Status:** Won't fix\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [("Role has s3:* on *", "Critical")]
    assert a.claimed_counts == {"Critical": 1, "High": 0, "Low": 0}


def test_a_definition_list_of_failures() -> None:
    text = (
        "# CDK VPC: issues\n\n## Issues\n\nFlow logs not enabled\n: Severity: Medium\n"
        ": The prompt required flow logs.\n\nVPN static routes missing\n:   **Severity:** Critical\n"
        ":   No routes were created, so\n    nothing routes over the tunnel.\n\n"
        "## Considered and dismissed\n\nTTL on alias records\n: Alias records take no TTL.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Flow logs not enabled", "Medium"), ("VPN static routes missing", "Critical")]


def test_quoted_and_italic_labels_pipe_and_dot_ids_and_a_dashed_score() -> None:
    text = (
        "# Failures\n\n## Issue 1 · Attachments before the TGW\n\n> Severity: Critical\n\nText.\n\n"
        "## F-02 | Open security group\n\n*Severity: high*\n\nText.\n\n## Summary\n\n"
        "Training quality score — 6 / 10\n"
    )
    a = parse_analysis(text)
    got = [(f.title, f.severity) for f in a.failures]
    assert got == [("Attachments before the TGW", "Critical"), ("Open security group", "High")]
    assert a.score == 6.0
    # A score after a table of failures is the document's, not the last row's.
    table = (
        "# Review\n\n## Issues\n\n| ID | Issue | Severity |\n|---|---|---|\n"
        "| 1 | No retry | High |\n| 2 | No DLQ | Low |\n\nTraining Quality: 6/10\n"
    )
    assert parse_analysis(table).score == 6.0


def test_list_items_tagged_with_their_level() -> None:
    text = (
        "# Review\n\n## What went wrong\n\n- **Secrets encryption missing** (Major) — not set.\n"
        "- **Node role has EC2 full access** (Moderate) — too broad.\n- Helm chart pinned to a "
        "release that does not exist, which breaks every fresh install of the cluster and "
        "forces a manual override of the chart version before anything deploys [CRITICAL]\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["High", "Medium", "Critical"]


def test_praise_sections_in_other_words() -> None:
    for praise in ("What held up", "What the model handled well", "Things done well"):
        text = (
            f"# Model Failures: CDN\n\n## {praise}\n\nQueue encryption\n: Both queues use a key.\n\n"
            "Naming\n: Every name has the suffix.\n\n## Issues\n\nPoison message loops forever\n"
            ": **Severity:** Critical\n\nNo alarm on the DLQ\n: Severity: Low\n"
        )
        got = [(f.title, f.severity) for f in parse_analysis(text).failures]
        assert got == [
            ("Poison message loops forever", "Critical"),
            ("No alarm on the DLQ", "Low"),
        ], praise


def test_more_ways_to_state_levels_counts_and_withdrawals() -> None:
    text = (
        "# Review\n\nOverall: 3 findings (1 critical, 1 high, 1 low).\n\n"
        "## 1) Bucket unreadable\n\n_Severity: critical_\n\nText.\n\n"
        "## 2) Log retention\n\n*Severity*: High\n\nText.\n\n"
        "## 3) Node size\n\nLevel: Low\n\n## 4) Instance type\n\nPriority: Major\n"
        "Resolution: **Not a defect** — closed; the prompt allowed it.\n\n"
        "## Not counted as failures\n\n- Runtime Java 21 instead of 17.\n"
    )
    a = parse_analysis(text)
    got = [(f.title, f.severity) for f in a.failures]
    assert got == [
        ("Bucket unreadable", "Critical"),
        ("Log retention", "High"),
        ("Node size", "Low"),
    ]
    assert a.claimed_counts == {"Critical": 1, "High": 1, "Low": 1}
    # A table with a terse level column and a description column in other words.
    table = (
        "# Review\n\n| # | Where | What the model did | Sev |\n|---|---|---|---|\n"
        "| 1 | `sqs.tf` | Policy on the wrong queue | High |\n"
        "| 2 | `sns.tf` | Raw delivery as a string | Critical |\n"
    )
    assert [f.severity for f in parse_analysis(table).failures] == ["High", "Critical"]
    listed = (
        "## Issues\n\n1. **No secrets encryption** (severity: high)\n2. **Open SG** (Critical)\n"
    )
    assert [f.severity for f in parse_analysis(listed).failures] == ["High", "Critical"]


def test_observed_expected_remediation_bullets_are_an_items_parts() -> None:
    text = (
        "# Failures\n\n## Blocking\n\n#### Redis auth token with transit encryption off\n"
        "- Observed: `AuthToken` set, TLS off.\n- Expected: AUTH needs TLS.\n"
        "- Remediation: enable TLS.\n\n#### Task definition passed as a struct\n"
        "- Observed: a Go struct.\n- Expected: a JSON string.\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Redis auth token with transit encryption off", "Critical"),
        ("Task definition passed as a struct", "Critical"),
    ]
    assert a.failures[0].ideal_fix.startswith("AUTH needs TLS")


def test_long_finding_lines_with_a_trailing_level_and_totals_after_them() -> None:
    long = "the model also put the tasks in public subnets, which exposes them " * 3
    text = (
        "# Review: ECS service\n\n"
        f"Finding 1 — Public IP left on; {long}Severity: High\n"
        "Finding 2 — Health check uses curl on a distroless image. Severity: Critical\n\n"
        "Totals — critical: 1, high: 1\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "Critical"]
    assert a.failures[1].title == "Health check uses curl on a distroless image"
    assert len(a.failures[0].title) <= 150
    assert a.claimed_counts == {"Critical": 1, "High": 1}


def test_task_list_crosses_struck_titles_and_a_closing_score_line() -> None:
    text = (
        "# Review: SNS fan-out\n\n## Requirements\n\n- [x] ✓ Topic created\n"
        "- [ ] ✗ Filter policy on the shipping subscription [MEDIUM] — every event arrives\n"
        "- [x] ✓ DLQs configured\n\n1 of 3 checks failed. Training Quality: 9/10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Filter policy on the shipping subscription", "Medium")
    ]
    assert a.score == 9.0
    paren = text.replace("[MEDIUM] — every event arrives", "— every event arrives (medium)")
    assert [f.severity for f in parse_analysis(paren).failures] == ["Medium"]
    struck = (
        "# Failures\n\n### 1. Open bucket [HIGH]\n\n**Fix**: block it\n\n"
        "### 2. ~~Flow logs missing~~ [MEDIUM]\n\n**Withdrawn**: they are created elsewhere.\n\n"
        "### 3. No alarms [LOW]\n\n**Fix**: add one\n\nScore: 6/10\n"
    )
    a = parse_analysis(struck)
    assert [f.title for f in a.failures] == ["Open bucket", "No alarms"]
    assert a.score == 6.0
    named = struck.replace("~~Flow logs missing~~ [MEDIUM]", "Finding 2 — withdrawn")
    assert [f.title for f in parse_analysis(named).failures] == [f.title for f in a.failures]


def test_a_plain_text_report_of_issue_groups(shared_corpus: Path) -> None:
    text = (
        "The initial MODEL_RESPONSE contained several issues that were fixed:\n\n"
        "File Structure Issues:\n- Resources and provider in one file\n- Needed two files\n\n"
        "Naming Issues:\n- No environment suffix in tags\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "File Structure Issues",
        "Naming Issues",
    ]
    assert len(_doc(shared_corpus, "archive__tf-hcl__Pr2518").failures) == 4


def test_hash_numbered_headings_and_a_numbered_table_with_a_terse_level_column() -> None:
    text = (
        "# Review\n\n| # | Area | Sev | What was wrong |\n|---|---|---|---|\n"
        "| 1 | Networking | High | DB subnets are public |\n| 2 | Backups | Low | One day |\n\n"
        "## Details\n\n### #1 DB subnet group built from the public subnets\n\n**Fix**: private\n\n"
        "### #2 Backup retention of one day\n\n**Fix**: seven days\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("DB subnet group built from the public subnets", "High"),
        ("Backup retention of one day", "Low"),
    ]


def test_a_sev_label_and_a_summary_table_keyed_by_issue_letter() -> None:
    text = (
        "# Review\n\n| Issue | Area | Severity |\n|---|---|---|\n| A | Networking | High |\n"
        "| B | IAM | Critical |\n\n## Issue A: Security group open\n\nText.\n\n"
        "## Issue B: Execution role cannot pull\n\nText.\n\n## Issue C: Log retention\n\nSev: low\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["High", "Critical", "Low"]


def test_trailing_severity_labels_not_counted_notes_gap_paragraphs_and_mark_counts() -> None:
    text = (
        "# Model Failures: CDN\n\n## Issues\n\n1. **Basic auth hard-coded** — in the edge code."
        " *Severity: high*\n2. **WAF scope regional** — fails. **Severity: Critical**\n\n"
        "Also noted, but **not** counted as failures:\n\n- Price class 100. Cheaper.\n\n"
        "## Knowledge gaps\n\nCloudFront certificates, WAF scopes, edge functions\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Basic auth hard-coded", "High"),
        ("WAF scope regional", "Critical"),
    ]
    assert a.knowledge_gaps == ["CloudFront certificates", "WAF scopes", "edge functions"]
    marked = "# Review\n\nLegend: 🔴 critical · 🟢 low\n\n2 🔴, 1 🟢\n\n- 🔴 A\n- 🔴 B\n- 🟢 C\n"
    assert parse_analysis(marked).claimed_counts == {"Critical": 2, "Low": 1}
    tickets = (
        "# Findings\n\n### F-01 JWT audience set to the pool ID\n- **Severity:** Critical\n\n"
        "### F-02 Invoke permission missing\n- **Severity:** High\n"
        "- **Resolution:** Closed — Not a bug. Reviewer error, not counted.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(tickets).failures]
    assert got == [("JWT audience set to the pool ID", "Critical")]


def test_bold_numbered_paragraphs_under_a_failure_title() -> None:
    text = (
        "## Model failures: CDK batch ingestion\n\n**Problem #1 (critical):** The S3 notification "
        "creates a cycle. Synth fails.\n\n**Problem #2 (high):** The Glue role has S3 full access."
        "\n\nTotals — critical: 1, high: 1\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("The S3 notification creates a cycle", "Critical"),
        ("The Glue role has S3 full access", "High"),
    ]
    assert a.claimed_counts == {"Critical": 1, "High": 1}


def test_bullets_under_a_bold_what_went_wrong_line() -> None:
    text = (
        "# Review notes: SNS fan-out\n\n**What went well**\n- Subscriptions wired\n- DLQs set\n\n"
        "**What went wrong**\n- Queue policy open to any principal (high)\n"
        "- Queue URLs exported as objects (medium)\n\nRating: 4/10\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "Medium"]
    assert a.score == 4.0


def test_italic_level_tags_marked_numbered_headings_and_a_weight_column() -> None:
    listed = (
        "## Issues\n\n1. **ACL on an owner-enforced bucket** — apply fails. *(Critical)*\n"
        "2. **Wrong log principal** — no logs. *(High)*\n"
    )
    assert [f.severity for f in parse_analysis(listed).failures] == ["Critical", "High"]
    crossed = (
        "# Review\n\n- ✓ DLQs set\n- ✗ **Raw delivery** — not enabled. *High.*\n"
        "- ✗ **Queue encryption** — messages dropped. *Critical.*\n"
    )
    assert [f.severity for f in parse_analysis(crossed).failures] == ["High", "Critical"]
    marked = (
        "# Review\n\nLegend: 🔴 critical · 🟡 medium\n\n### 🔴 1. Roles swapped\n\nText.\n\n"
        "### 🟡 2. Health check never passes\n\nText.\n"
    )
    assert [f.severity for f in parse_analysis(marked).failures] == ["Critical", "Medium"]
    table = (
        "# Review\n\n| # | Resource | What the model wrote | Weight |\n|---|---|---|---|\n"
        "| 1 | `Db` | Password in a parameter default | Blocking |\n"
        "| 2 | `Route2` | Route to the NAT in the other AZ | Major |\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(table).failures]
    assert got == [
        ("Password in a parameter default", "Critical"),
        ("Route to the NAT in the other AZ", "High"),
    ]


def test_marked_category_headings_a_quality_score_count_led_bullets_and_fault_tables() -> None:
    text = (
        "# Review: order service\n\n## Error Category: 🔴 Critical — KMS\n\n"
        "### F1. Key policy locks out the account\n\nText.\n\n"
        "### F2. Alias points at the wrong key\n\nText.\n\n"
        "## Verdict\n\n- 2 major (F1, F2)\n\nQuality: 6.5/10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Key policy locks out the account", "Critical"),
        ("Alias points at the wrong key", "Critical"),
    ]
    assert a.score == 6.5
    assert a.claimed_counts == {"High": 2}
    assert parse_analysis("# Review\n\nQuality: 6 regions covered\n").score is None
    table = (
        "# Review\n\n| Fault | Rating |\n|---|---|\n| Bucket is public | **Blocker** |\n"
        "| Logs kept one day | Minor |\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(table).failures]
    assert got == [("Bucket is public", "Critical"), ("Logs kept one day", "Low")]


def test_rated_comparison_tables_numbered_checklists_and_bare_crossed_lines() -> None:
    compared = (
        "# Model failures\n\n## Critical issues\n\n"
        "| Aspect | Model response | Ideal response | Severity |\n|---|---|---|---|\n"
        "| Stream view | `KEYS_ONLY` | `NEW_AND_OLD_IMAGES` | Critical |\n"
        "| Provider | 19.x | same | - |\n\n"
        "## High issues\n\n| Aspect | Model response | Ideal response | Severity |\n"
        "|---|---|---|---|\n| Throttling | none | burst 100 | High |\n\n"
        "## Minor issues\n\n- Log retention not set\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(compared).failures]
    assert got == [
        ("Stream view", "Critical"),
        ("Throttling", "High"),
        ("Log retention not set", "Low"),
    ]
    numbered = (
        "# Review\n\n## Requirement by requirement\n\n1. ✅ Landing bucket versioned\n"
        "2. ❌ No retry on Glue errors — fixed 5s interval. (High)\n3. ✅ SNS alerts\n"
        "4. ⚠️ Logging at ERROR only — prompt asked for ALL. (Medium)\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(numbered).failures]
    assert got == [("No retry on Glue errors", "High"), ("Logging at ERROR only", "Medium")]
    bare = (
        "# Review\n\n## HIGH ISSUES\n\n❌ **Raw delivery off** — parsers throw.\n"
        "⚠️ DLQs only on the queues.\n\n## WHAT WENT RIGHT\n\n✅ Topics wired\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(bare).failures]
    assert got == [("Raw delivery off", "High"), ("DLQs only on the queues.", "High")]


def test_numbered_chapters_set_apart_by_their_words_and_a_findings_section() -> None:
    text = (
        "# Model failures\n\n## 1. Cache\n\n### 1.1 No auth token\n\n**Severity:** High\n\n"
        "Text.\n\n## 2. What was correct\n\n### 2.1 Networking\n\nFine.\n\n"
        "### 2.2 Tagging\n\nFine.\n\n## 3. Scoring\n\n**Score:** 8 out of 10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [("No auth token", "High")]
    assert a.score == 8.0
    findings = (
        "# Review\n\n## Findings\n\n1. **Crawler role lacks S3 read** — (High) fails.\n"
        "2. **KMS policy omits Glue** — (Critical) fails.\n\n## Key findings\n\n"
        "- Roles are the weak spot\n"
    )
    assert [f.severity for f in parse_analysis(findings).failures] == ["High", "Critical"]


def test_more_score_forms_closing_breakdowns_slashed_counts_and_blockers() -> None:
    assert parse_analysis("# R\n\n- a\n\nTraining-quality rating: 7\n").score == 7.0
    assert parse_analysis("# R\n\n## Training quality\n\n⭐⭐⭐⭐⭐⭐⭐☆☆☆ 7/10\n").score == 7.0
    assert parse_analysis("# R\n\n## Rating\n\nOverall: C+ (6/10) ⭐⭐⭐\n").score == 6.0
    assert parse_analysis("# R\n\nOverall: the stack deploys after 3 fixes.\n").score is None
    closing = (
        "# Review\n\n## Deployment blockers\n\n- Subnet group in one AZ\n\n## Non-blocking issues"
        "\n\n- Retention 4 days\n\n### Validation\n\n- plan: pass\n\n"
        "Critical: 1 | High: 0 | Medium: 0 | Low: 1\n"
    )
    a = parse_analysis(closing)
    assert [f.severity for f in a.failures] == ["Critical", None]
    assert a.claimed_counts == {"Critical": 1, "High": 0, "Medium": 0, "Low": 1}
    slashed = "# Review\n\nBreakdown: 0 critical / 1 low.\n\n## Issues\n\n- **A** — x (Low)\n"
    assert parse_analysis(slashed).claimed_counts == {"Critical": 0, "Low": 1}
    gaps = (
        "# Review\n\n## Issues\n\n1. **Open bucket** (High)\n\n"
        "## Gaps in the model's knowledge\n\n1. Bucket policies\n2. Object ownership\n"
    )
    a = parse_analysis(gaps)
    assert [f.title for f in a.failures] == ["Open bucket"]
    assert a.knowledge_gaps == ["Bucket policies", "Object ownership"]


def test_error_numbered_bold_titles_roman_headings_and_s_levels() -> None:
    errors = (
        "# Model failures\n\n## Errors encountered during deployment\n\n### Blocking\n\n"
        "**Error 1 — replica bucket in the primary region**\n\nText.\n\n"
        "**Resolution:** pass the provider.\n\n**Error 2 — replication before versioning**\n\n"
        "Text.\n\n**Resolution:** add depends_on.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(errors).failures]
    assert got == [
        ("replica bucket in the primary region", "Critical"),
        ("replication before versioning", "Critical"),
    ]
    roman = (
        "# Failures\n\n## Critical failures\n\n### I. Bucket is public\n\n**Impact Level**: "
        "Critical\n\n### II. Custom metrics never published\n\n**Impact Level**: High\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(roman).failures]
    assert got == [("Bucket is public", "Critical"), ("Custom metrics never published", "High")]
    table = (
        "# Review\n\n| # | Area | Issue | Sev |\n|---|---|---|---|\n"
        "| 1 | IAM | Role has dynamodb:* on * | S2 |\n| 2 | Naming | IDs mix cases | S4 |\n"
    )
    assert [f.severity for f in parse_analysis(table).failures] == ["High", "Low"]
    labelled = "# Review\n\n## Issues\n\n### 1. No KMS grant\n\n- **Severity:** S1\n"
    assert [f.severity for f in parse_analysis(labelled).failures] == ["Critical"]


def test_bullets_led_by_their_level_under_file_sections() -> None:
    text = (
        "# MODEL_FAILURES — Pulumi Go\n\n## sns.go\n\n- **P1** – Topic policy open to any "
        "principal.\n- **[S3] FIFO topic for standard queues** – deliveries fail.\n\n"
        "## main.go\n\nNo issues.\n\n## What the model got right\n\n- **High** marks for tests\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Topic policy open to any principal", "High"),
        ("FIFO topic for standard queues", "Medium"),
    ]


def test_paragraphs_led_by_a_bold_sentence_under_level_headings() -> None:
    text = (
        "## MODEL FAILURES – EventBridge batch\n\n### CRITICAL\n\n**Rule targets a Lambda "
        "without a permission.** Nothing runs.\n\n### MAJOR\n\n**Cron uses 5 fields.** "
        "Rejected.\n\n**Failure #3 – role has `AdministratorAccess`.** Too broad.\n\n"
        "### Notes\n\n**All good otherwise.** Tests pass.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Rule targets a Lambda without a permission", "Critical"),
        ("Cron uses 5 fields", "High"),
        ("role has `AdministratorAccess`", "High"),
    ]


def test_ticket_lines_with_their_levels_and_closed_tickets_left_out() -> None:
    listed = (
        "# Review\n\n## Issues\n\n"
        "- [BUG-88] Permission has the wrong source ARN — Severity: Critical — Status: Open\n"
        "- [BUG-90] Billing mode provisioned — Severity: Minor — Status: Open\n"
        "- [BUG-91] Provider not pinned — Severity: Minor — Status: Won't fix\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(listed).failures]
    assert got == [
        ("Permission has the wrong source ARN", "Critical"),
        ("Billing mode provisioned", "Low"),
    ]
    bare = (
        "# Review\n\nTickets raised during review:\n\n"
        "[Q-12] Queue policy lacks a SourceArn condition — Severity: Major — Status: Open\n"
        "[Q-13] KMS key policy omits SNS — Severity: Blocking — Status: Open\n"
        "[Q-15] Topic name fixed — Severity: Minor — Status: Closed\n"
    )
    assert [f.severity for f in parse_analysis(bare).failures] == ["High", "Critical"]


def test_counts_written_level_then_number_and_a_not_failures_heading_in_italics() -> None:
    text = (
        "# Review\n\nOnly one real problem. Counts: Critical 0, High 0, Medium 1, Low 0.\n\n"
        "## Issues\n\n- **Queue retention short** — 4 days (Medium)\n\n"
        "## Notes that are *not* failures\n\n- Long names. Taste.\n- jsonencode used. Fine.\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["Queue retention short"]
    assert a.claimed_counts == {"Critical": 0, "High": 0, "Medium": 1, "Low": 0}
    prose = "# Review\n\n## Summary\n\nHigh 2 AZs, low 3 ms, medium 4 GB\n\n## Issues\n\n- x\n"
    assert parse_analysis(prose).claimed_counts == {}


def test_an_items_own_field_value_table() -> None:
    text = (
        "# Model failures\n\n## Findings\n\n### Finding 1\n\n| Field | Value |\n|---|---|\n"
        "| Title | Bucket name hard-coded |\n| Severity | Low |\n| Fix | Drop `bucketName` |\n\n"
        "### Finding 2\n\n| Field | Value |\n|---|---|\n| Title | Stage has no throttling |\n"
        "| Severity | Medium |\n| Root cause | Defaults kept |\n"
    )
    got = [(f.title, f.severity, f.ideal_fix) for f in parse_analysis(text).failures]
    assert got == [
        ("Bucket name hard-coded", "Low", "Drop `bucketName`"),
        ("Stage has no throttling", "Medium", ""),
    ]


def test_a_list_under_the_title_whose_every_bullet_is_tagged_with_its_level() -> None:
    text = (
        "# Model Failures\n\nThe model got three things wrong:\n\n"
        "- Backend bucket name hard-coded (Critical)\n- CI role has Action * (High)\n"
        "- t2.micro default, the prompt asked for Graviton (Low)\n\nScore: 6/10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]
    untagged = "# Model Failures\n\nNotes:\n\n- Tidy code (nice)\n- Outputs exported (High)\n"
    assert parse_analysis(untagged).failures == []


def test_label_lines_joined_by_bars_plain_label_blocks_and_withdrawn_blocks() -> None:
    text = (
        "# Model failures – static site\n\nTwo things had to change.\n\n---\n\n"
        "Issue: CloudFront uses the website endpoint, so the bucket is public.\n"
        "Category: Security | Severity: High | File: main.go\nFix: switched to OAC.\n\n---\n\n"
        "Issue: default root object not set\nSeverity: low\nFix: one line.\n\n---\n\n"
        "Issue: Task role has `AmazonS3FullAccess`\nSeverity: Medium\n\n"
        "Withdrawn after re-checking — only the README's example does. Not a failure.\n\n---\n\n"
        "Everything else matched the prompt.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("CloudFront uses the website endpoint, so the bucket is public", "High"),
        ("default root object not set", "Low"),
    ]
    code = "# F\n\n## Issues\n\n### 1. Pattern\n\n**Fix**: use `^(vCPU|vcpu)$` | always\n"
    assert parse_analysis(code).failures[0].ideal_fix == "use `^(vCPU|vcpu)$` | always"


def test_peer_headings_whose_words_look_like_sections_id_dash_titles_and_impact_lines() -> None:
    text = (
        "# Model Failures\n\n## Critical Failures\n\n### Bucket is public\n\n**Issue**: ACL.\n"
        "**Fix**: block it.\n\n### Lambda env vars differ between environments\n\n"
        "**Issue**: prod and dev disagree.\n**Fix**: one source.\n\n"
        "### Role references a deleted policy\n\n**Issue**: ARN gone.\n**Fix**: recreate.\n"
    )
    assert len(parse_analysis(text).failures) == 3
    rated = (
        "# Failure analysis: WordPress on Fargate\n\n### F1 — Mount target open to the world\n\n"
        "Impact: High / Likelihood: Medium\n\nText.\n\n"
        "### F2 — Secret referenced by name in other environments\n\n"
        "Impact: Critical / Likelihood: High\n\nText.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(rated).failures]
    assert got == [
        ("Mount target open to the world", "High"),
        ("Secret referenced by name in other environments", "Critical"),
    ]


def test_numbered_headings_that_outline_the_document_are_sections() -> None:
    # "## 1. Overview" … "## 4. Recommendations": the numbers order chapters, so "Overview"
    # is no failure and "Failures Observed" holds them.
    text = (
        "# Analysis of the EKS task\n\n## 1. Overview\n\nThe response builds a cluster.\n\n"
        "## 2. What Was Done Well\n\n- private subnets\n\n"
        "## 3. Failures Observed in This MODEL_RESPONSE\n\n"
        "1. **Cluster endpoint public** - open to the world. Severity: High\n"
        "2. **No KMS for secrets** - not encrypted. Severity: Medium\n\n"
        "## 4. Recommendations\n\n1. Restrict the endpoint.\n2. Add a key.\n\n"
        "## 5. Training Quality\n\nScore: 6/10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Cluster endpoint public", "High"),
        ("No KMS for secrets", "Medium"),
    ]
    assert a.score == 6.0
    # Bold paragraphs that lead with their level, under such a chapter.
    led = (
        "# Review\n\n## 1. Overview\n\nTwo problems.\n\n## 2. Issues Found\n\n"
        "**Master password in plain text** — Severity: Critical. A literal.\n\n"
        "**No deletion protection** — Severity: Medium. The flag is false.\n\n"
        "## 3. Recommendations\n\n1. Use Secrets Manager.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(led).failures]
    assert got == [
        ("Master password in plain text", "Critical"),
        ("No deletion protection", "Medium"),
    ]


def test_a_numbered_category_over_one_sub_heading_beside_categories_over_several() -> None:
    # The lone sub-heading is an item like its cousins, not a part of its category (its
    # words, "Environment", would otherwise set it apart as a section).
    text = (
        "# Analysis\n\n## Issues Identified\n\n### 1. DEPLOYMENT ISSUES\n\n"
        "#### Role cannot read the stream\n\n- **Issue**: no kinesis:GetRecords.\n"
        "- **Risk Level**: Critical\n\n#### Lambda timeout too low\n\n- **Issue**: 3 s.\n"
        "- **Risk Level**: Medium\n\n### 2. NAMING ISSUES\n\n"
        "#### Names without environment suffix\n\n- **Issue**: literal names.\n"
        "- **Risk Level**: Low\n\n## Recommendations\n\n- Add a suffix.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Role cannot read the stream", "Critical"),
        ("Lambda timeout too low", "Medium"),
        ("Names without environment suffix", "Low"),
    ]


def test_colour_marks_after_the_number_or_ending_the_title_a_legend_table_and_total_scores() -> (
    None
):
    text = (
        "# Review\n\n| Mark | Meaning |\n|---|---|\n| 🔴 | Critical – blocks deploy |\n"
        "| 🟠 | High |\n\n## Issues\n\n### 1. 🔴 Execution role lacks ECR pull\n\nText.\n\n"
        "### 2. Health check path wrong 🟠\n\nText.\n\n## Score breakdown\n\n"
        "| Category | Score |\n|---|---|\n| Correctness | 1/4 |\n| **Total** | **5/10** |\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "High"]
    assert a.score == 5.0
    assert parse_analysis("# R\n\n- a\n\nTotal: 3/10 tests passed\n").score is None
    signed = "# Review\n\n## ℹ️ Minor\n\n### 1. Log retention not set\n\n**Issue**: kept forever.\n"
    assert [f.severity for f in parse_analysis(signed).failures] == ["Low"]


def test_numbered_bold_titles_running_on_in_their_lines_with_a_trailing_severity() -> None:
    text = (
        "# Model Failures\n\n## Failures\n\n**1. Attachment uses the wrong VPC's subnets** — "
        "apply error. Severity: High\n**2. `peering_accepter` missing** — stays pending. "
        "Severity: High\n**3. CIDR overlap** between A and C. Severity: Critical\n\n"
        "## Validation\n\n- plan: pass\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Attachment uses the wrong VPC's subnets", "High"),
        ("`peering_accepter` missing", "High"),
        ("CIDR overlap", "Critical"),
    ]


def test_count_tables_under_any_counts_heading_none_for_gaps_and_what_was_checked() -> None:
    text = (
        "# Review\n\n## Issues\n\n1. **Queue unencrypted** (Critical)\n\n## Issue Counts\n\n"
        "| Severity | Count |\n|---|---|\n| 🔴 Critical | 1 |\n| 🟠 High | 0 |\n\n"
        "## Knowledge gaps\n\nNone identified. The model handled the pointers, the L1 construct, "
        "and the rest.\n"
    )
    a = parse_analysis(text)
    assert a.claimed_counts == {"Critical": 1, "High": 0}
    assert a.knowledge_gaps == []
    checked = (
        "# Model Failures\n\nThe response is correct. No failures.\n\n## What I checked\n\n"
        "1. `go build` and `go vet`\n2. `cdk synth` matches the ideal\n"
    )
    assert parse_analysis(checked).failures == []


def test_unlabelled_bold_titled_siblings_closing_level_sentences_and_closing_totals() -> None:
    text = (
        "# Failure analysis: Kinesis ingestion\n\n## Problems in the model response\n\n"
        "**Firehose role lacks Glue permissions**\n\nThe stack failed.\n\nSeverity: critical.\n\n"
        "**Partition prefix uses the wrong key**\n\nRecords land in errors/.\n\n"
        "Severity: medium\n\n**Alarm thresholds hardcoded**\n\nFrom context instead. Low.\n\n"
        "## Things that were correct\n\n- On-demand mode\n\n"
        "In total, 3 issues: 1 critical, 1 medium and 1 low.\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Medium", "Low"]
    assert a.claimed_counts == {"Critical": 1, "Medium": 1, "Low": 1}
    bullets = "# R\n\n## Issues\n\n- Bucket uses KMS_MANAGED. High.\n- Logs kept a day. Low.\n"
    assert [f.severity for f in parse_analysis(bullets).failures] == ["High", "Low"]


def test_bullets_whose_bold_lead_is_only_their_level() -> None:
    text = (
        "# R\n\n## Issues\n\n- **[Blocker]** ACM certificate created in eu-west-1.\n"
        "- **[Minor]** price_class left at default.\n- **High** – Topic policy open\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("ACM certificate created in eu-west-1", "Critical"),
        ("price_class left at default", "Low"),
        ("Topic policy open", "High"),
    ]


def test_paragraphs_whose_bold_lead_is_only_their_level() -> None:
    text = "# R\n\n### High\n\n**Major** — NewRoute passes the instance ID; routes fail.\n"
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("NewRoute passes the instance ID", "High")]


def test_brief_items_in_a_level_section_beside_labelled_ones_showstoppers_and_sentence_scores() -> (
    None
):
    text = (
        "# Model failures\n\nTotals: 1 Showstopper, 2 Medium.\n\n## Critical Issues\n\n"
        "### `AWS::RDS::DBInstance`\n\nSeverity: Showstopper\n\nPublicly accessible.\n\n"
        "## Medium Issues\n\n### `AWS::ElasticLoadBalancingV2::Listener`\n\nHTTP only.\n\n"
        "### `AWS::Logs::LogGroup`\n\nNo retention.\n\n"
        "I'd give this a 6 out of 10 for training value.\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Medium", "Medium"]
    assert a.claimed_counts == {"Critical": 1, "Medium": 2}
    assert a.score == 6.0
    listed = (
        "# Model Failures Analysis\n\n## Issues\n\n- Critical: execution policy on the task "
        "role.\n**Issue**: tasks stay PENDING.\n\n- Bridge network mode on Fargate.\n"
    )
    assert [f.severity for f in parse_analysis(listed).failures] == ["Critical", None]


def test_guide_sections_tagged_bold_titles_corrections_and_environment_items() -> None:
    text = (
        "# Model failures\n\n## Category A: Security Issues (Critical)\n\n"
        "**1. Static keys in CI variables** `[CRITICAL]`\n\n**Issue**: keys exported.\n\n"
        "**2. Plan artifact public** [MEDIUM]\n\n**Issue**: downloadable.\n\n"
        "**3. Quota reached in the QA account**\n\n**Problem**: deploy failed.\n\n"
        "**Status**: ENVIRONMENT ISSUE - not a defect in the model's template.\n\n"
        "## Common Pitfalls When Building Pipelines\n\n### Common Mistake: Keys in variables\n\n"
        "**What Models Do Wrong:** they store keys.\n\n### Common Mistake: No locking\n\n"
        "**What Models Do Wrong:** no lock table.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Static keys in CI variables", "Critical"),
        ("Plan artifact public", "Medium"),
    ]
    corrections = (
        "# Review\n\n## Corrections\n\n### Correction 1 — Bucket policy lacks SourceArn "
        "(Category A)\n\n**Issue**: none set.\n\n### Correction 2 — Detector declared twice\n\n"
        "**Issue**: twice.\n\n## Issues Found\n\n1. **No alarm** — Severity: Medium. The job "
        "fails silently.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(corrections).failures]
    assert got[:2] == [
        ("Bucket policy lacks SourceArn (Category A)", None),
        ("Detector declared twice", None),
    ]
    assert got[2] == ("No alarm", "Medium")


def test_bullets_right_under_a_failure_title_whose_intro_announces_failures() -> None:
    text = (
        "# Model Failures Analysis\n\nThis document details the failures in the model's "
        "response.\n\n- Critical: execution policy attached to the task role.\n"
        "**Issue**: tasks stay PENDING.\n\n- Bridge network mode on Fargate.\n\n"
        "- Listener priority reused.\n\nTraining Quality: 5/10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", None, None]
    repeated = text.replace("\n- ", "\n1. ")
    assert len(parse_analysis(repeated).failures) == 3
    praise = "# Model Failures\n\nNo failures: the response is correct.\n\n- Roles\n- Outputs\n"
    assert parse_analysis(praise).failures == []


def test_numbered_bold_lines_running_on_after_a_labelled_first_item() -> None:
    text = (
        "# MODEL_FAILURES\n\nBrief review.\n\n**1. Cluster endpoint public**\n"
        "**Model output:** public.\n**Severity:** Major\n\n"
        "**2. Node role lacks the CNI policy** — nodes never join. **Severity:** Showstopper\n\n"
        "**3. Kubeconfig not exported** — **Severity:** Minor\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Cluster endpoint public", "High"),
        ("Node role lacks the CNI policy", "Critical"),
        ("Kubeconfig not exported", "Low"),
    ]


def test_passed_statuses_struck_levels_guides_in_other_words_and_joined_counts() -> None:
    text = (
        "# Review\n\n## Overview\n\nIt covers 1 major and 1 minor issue.\n\n## Items\n\n"
        "### 1. Platform compliance\n\n**Status**: ✅ No issue found\n\n"
        "### 2. Node role lacks the CNI policy\n\n**Priority**: High\n\n"
        "### 3. RDS Proxy not used — WITHDRAWN\n\n**Impact Level**: ~~High~~ N/A\n\n"
        "### 4. Tags missing\n\n**Priority**: Low\n\n**Note (withdrawn)**: on re-review the "
        "prompt allowed it; not counted as a failure.\n\n### 5. Logs kept forever\n\n"
        "**Priority**: Low\n\n### Knowledge Gaps\n\n- CNI policies\n\n"
        "- **Training value**: High - recurs often\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Node role lacks the CNI policy", "High"),
        ("Logs kept forever", "Low"),
    ]
    assert a.claimed_counts == {"High": 1, "Low": 1}
    assert a.knowledge_gaps == ["CNI policies"]
    guide = (
        "# Model Failures - Image Processing\n\nThis is a checklist of the mistakes models "
        "commonly make on this prompt; it does not describe one particular response.\n\n"
        "## Tier 1: Blocking Mistakes\n\n### 1. Recursive S3 trigger\n\n**Mistake:** writes "
        "back to the bucket.\n\n### 2. No DLQ\n\n**Mistake:** none.\n"
    )
    assert parse_analysis(guide).failures == []
    prose = (
        "# Model Failures Analysis\n\nThe problems I found:\n\n1) The bucket policy was an "
        "f-string around an Output. Severity: critical.\n\n2) Price class All. Severity: low.\n"
    )
    assert [f.severity for f in parse_analysis(prose).failures] == ["Critical", "Low"]
    titled = (
        "## Problem: No state locking table\n\n**Severity**: High\n\n"
        "## Problem (Critical): NAT gateway before the IGW attachment\n\n"
        "**Description**: no depends_on.\n"
    )
    assert [f.severity for f in parse_analysis(titled).failures] == ["High", "Critical"]


def test_trailing_level_headings_bare_level_headings_and_a_closing_gaps_label() -> None:
    text = (
        "# Model Failures\n\n## Findings\n\n### Role can invoke any Lambda - High\n\n"
        "```go\nActions: *\n```\n\nRoot Cause: hand-written policy.\nResolution: GrantInvoke.\n\n"
        "### Wrong pointer helper - Medium\n\nDoes not compile.\n\n"
        "### MAJOR: Rule missing `source_selection_criteria`\n\nNot replicated.\n\n"
        "### Minor: Names not suffixed with environment\n\nDeploys collide.\n\n"
        "### Minor: `delete_marker_replication` omitted\n\n"
        "Knowledge gaps:\n- Grant helpers\n  - least privilege\n- Pointer helpers\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "Medium", "High", "Low", "Low"]
    assert a.knowledge_gaps == ["Grant helpers", "Pointer helpers"]
    plain = (
        "# Model Failures\n\n## Issues\n\n### Bucket is public\nThe policy allows `*`.\n\n"
        "### No access logs\nLogging is off.\n\nKnowledge gaps:\n- S3 defaults\n- Logging\n"
    )
    a = parse_analysis(plain)
    assert [f.title for f in a.failures] == ["Bucket is public", "No access logs"]
    assert a.knowledge_gaps == ["S3 defaults", "Logging"]


def test_guide_sections_by_other_names_closing_totals_after_a_rule_and_lone_tagged_bullets() -> (
    None
):
    text = (
        "# Review\n\n## Defects Found\n\n### 1. Rotation Lambda output missing\n\n"
        "**Severity:** High\n\nThe rotation Lambda reads an output the module never declares, "
        "so the stack fails at deploy time; the ideal response declares the output and wires it "
        "through the module's interface.\n\n### 2. Replica class ignored\n\n"
        "**Severity:** Medium\n\nThe replicas use a fixed class whatever the variable says.\n\n"
        "---\n\n"
        "**Total Errors**: 2 (High: 1, Medium: 1)\n\n## Common Failure Scenarios and Root Causes"
        "\n\n### 1. Subnet group in one AZ\n\n**Root Cause:** one subnet.\n\n"
        "## Common AWS Backup Mistakes (Reference)\n\n### Common Mistake: Retention\n\n"
        "**What Models Do Wrong:** Too long.\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "Medium"]
    assert a.claimed_counts == {"High": 1, "Medium": 1}
    tagged = (
        "### Where the Model Fell Short\n\n#### Security\n\n- **SSH open** (Severity: High): port"
        " 22.\n- **Storage unencrypted** (Severity: High): no KMS.\n\n#### State\n\n"
        "- **No remote backend** (Severity: Medium): local state.\n"
    )
    assert [f.severity for f in parse_analysis(tagged).failures] == ["High", "High", "Medium"]
    noted = (
        "Lint was fine, the problems were at apply time.\n\nIssues:\n1. Engine version not "
        "offered, apply failed.\n2. Security group references itself.\n"
    )
    assert len(parse_analysis(noted).failures) == 2


def test_titles_holding_reference_praise_in_other_words_and_recap_tables() -> None:
    text = (
        "# Review\n\n## Critical Failures\n\n**Failure 1 — Session Manager Preferences Document "
        "Name Is Reserved**\n\n**Impact Level**: Critical\n\n**Root Cause**: unknown name.\n\n"
        "**Failure 2 — Missing ssmmessages endpoint**\n\n**Impact Level**: Critical\n\n"
        "**References**: https://docs.aws.amazon.com/systems-manager/\n\n"
        "## Failures by Response\n\n| Failure | Response 1 |\n|---|---|\n| 1. Reserved name | ✘ |\n"
        "| 2. Endpoint | ✘ |\n\n## Things the Model Did Better Than Asked\n\n#### 3. Access logging"
        "\n\n**Status: Positive Addition**\n\n- **Analysis**: useful\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Critical"]
    assert a.failures[1].references == ["https://docs.aws.amazon.com/systems-manager/"]


def test_retractions_positive_additions_bold_closing_scores_and_observed_sections() -> None:
    text = (
        "# Review\n\n## Deployment-Blocking Problems\n\n#### 1. Archive retention wrong\n\n"
        "**Problem**: type error.\n\n#### 2. [Retracted] Missing versioning\n\n"
        "**Problem**: both buckets do set it. Not a failure; kept for numbering.\n\n"
        "#### 3. Usage plan missing\n\n**Problem**: flagged. This item is withdrawn.\n\n"
        "## Where the Model Exceeded the Brief\n\n### 4. Deletion protection\n\n"
        "**Status: Positive Addition**\n\n- **Analysis**: sensible\n\n"
        "## High Severity\n\n### 5. Wrong path\n\nThe Map state reads $.items.\n\n"
        "**Training Quality: 7/10**\n"
    )
    a = parse_analysis(text)
    got = [(f.title, f.severity) for f in a.failures]
    assert got == [("Archive retention wrong", "Critical"), ("Wrong path", "High")]
    assert a.score == 7.0
    guide = (
        "# SFTP ingestion\n\nThis document outlines potential failures, common mistakes, and "
        "troubleshooting strategies when building an SFTP service.\n\n## Endpoint mistakes\n\n"
        "### 1. Public endpoint\n\n**Failure:** endpoint is public.\n\n"
        "## Issues Actually Found in MODEL_RESPONSE\n\n- **Endpoint created as PUBLIC** (High):"
        " the prompt required a VPC endpoint.\n- **Role grants an S3 wildcard** (Medium): no "
        "scope-down.\n"
    )
    assert [f.severity for f in parse_analysis(guide).failures] == ["High", "Medium"]
    plain = (
        "Response generated by model had following failures:\n\n1. Critical: Model put the RDS"
        " instance in public subnets.\n\n2.Medium: Model indexed a map with count, so plan "
        "failed.\n"
    )
    assert [f.severity for f in parse_analysis(plain).failures] == ["Critical", "Medium"]


def test_counts_spelled_out_for_two_levels_or_more() -> None:
    def claimed(summary: str) -> dict[str, int]:
        return parse_analysis(f"# R\n\n{summary}\n\n## Issues\n\n- a (High)\n").claimed_counts

    assert claimed("## Summary\n\nSix issues were fixed (three critical, three minor).") == {
        "Critical": 3,
        "Low": 3,
    }
    assert claimed("Two critical and three high-severity problems were found.") == {
        "Critical": 2,
        "High": 3,
    }
    assert claimed("## Summary\n\nThe model had one critical blocker.") == {}


def test_more_ways_to_take_items_back_and_a_training_score_beside_graded_ones() -> None:
    text = (
        "# Model failures\n\n## Scope of Review\n\nThis review covers the model's template.\n\n"
        "## Critical: Password in a plain parameter\n\nThe model exposed it.\n\n"
        "## Low: Account ID hard-coded\n\nPasted into the definition.\n\n"
        "## What was fine\n\n- Handlers matched\n- Billing on demand\n\n"
        "## Implementation Quality Assessment\n\n### Original MODEL_RESPONSE Score: 3/10\n\n"
        "### Fixed Implementation Score: 9/10\n\n## Summary\n\n- **Training Quality**: 7/10\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Low"]
    assert a.score == 7.0
    items = (
        "# Review\n\n## Issues\n\n### Issue 1: Grace period too short\n\n**Severity**: Blocking\n\n"
        "### Issue 2: Desired count hardcoded — RETRACTED\n\n**Severity**: ~~Minor~~\n\n"
        "### Issue 3: Dead-letter queues (no difference)\n\n**Severity**: Low\n\n"
        "### Issue 4: Suffix missing\n\n**Potential Issue**: models often omit it\n"
        "**Result**: Not observed - every name has it.\n\n### Issue 5: Logs kept forever\n\n"
        "**Severity**: Minor\n\n**Problem**: on re-check this was never a defect.\n\n"
        "## Category C: Best Practices\n\n### 6. [LOW] Image not pinned\n\n**Issue**: latest.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(items).failures]
    assert got == [("Grace period too short", "Critical"), ("Image not pinned", "Low")]
    table = (
        "# Review\n\n## Security Failures\n\n| Area | Problem | Severity | Observed |\n"
        "|---|---|---|---|\n| Endpoint | Public API endpoint | Critical | open |\n"
        "| Secrets | No envelope encryption | High | none |\n"
        "| IMDS | Hop limit default | Medium | WITHDRAWN after re-check: it is set |\n"
    )
    assert [f.severity for f in parse_analysis(table).failures] == ["Critical", "High"]


def test_rated_failure_mitigation_items_before_after_bullets_and_a_score_in_prose() -> None:
    rated = (
        "# Model failures\n\nThe failures found in the model's response.\n\n## 1. Service role\n\n"
        "- **Failure:** references a role that does not exist.\n- **Severity:** Critical\n"
        "- **Mitigation:** omit it.\n\n## 2. Spot strategy\n\n- **Failure:** wrong strategy.\n"
        "- **Severity:** Medium\n- **Mitigation:** capacity optimized.\n"
    )
    assert [f.severity for f in parse_analysis(rated).failures] == ["Critical", "Medium"]
    paired = (
        "# Review\n\n### High Severity\n\n**Redis reachable from the whole VPC**\n"
        "- Before: ingress from 10.0.0.0/16\n- After: from the app security group\n\n"
        "**Password as a plain parameter**\n- Before: a default value\n- After: a secret\n\n"
        "## Final Training Quality Assessment\n\nThe response rates **6.5 out of 10**: close.\n"
    )
    a = parse_analysis(paired)
    assert [f.title for f in a.failures] == [
        "Redis reachable from the whole VPC",
        "Password as a plain parameter",
    ]
    assert a.score == 6.5


def test_what_was_done_under_a_fixes_section_is_no_failure() -> None:
    text = (
        "# Model Response Analysis and Fixes\n\n## Key Infrastructure Fixes Applied\n\n"
        "#### 1. Alarm threshold hardcoded\n\n**Problem**: a literal.\n**Priority**: Low\n"
        "**Fix**:\n\n- Read it from context\n\n## Testing and Validation Fixes\n\n"
        "### Unit Test Coverage:\n\n- Added assertions on the topic rule SQL\n"
        "- Checked retention values on the table\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Alarm threshold hardcoded", "Low")]


def test_items_under_an_open_overview_compliant_checks_acceptable_items_and_fail_guides() -> None:
    text = (
        "# Model Response Failures Analysis\n\n## Overview\n\nThree issues.\n\n"
        "### **ISSUE 1: Master password written into state**\n\n#### **Impact**\n\n"
        "- **Critical**: printed in CI logs\n\n### **ISSUE 2: Scaling block missing**\n\n"
        "#### **Impact**\n\n- **Medium**: cannot scale\n\n## 3. Password policy\n\n"
        "**Requirement:** length 12.\n\n**Model status:** ✅ Compliant\n\n"
        "## 4. Tracing\n\n**Issue**: no tracing. The ideal also leaves it off, so this is "
        "actually acceptable and not a defect.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]
    guide = (
        "# Orders stack\n\n## Overview\n\nThis file catalogues the ways the **orders stack** "
        "can fail at deploy time or at run time.\n\n## Runtime Failures\n\n1. **Poison "
        "records**\n   - retries forever\n2. **Throttling**\n   - no backoff\n"
    )
    assert parse_analysis(guide).failures == []


def test_lettered_subheadings_level_groups_under_an_overview_and_impact_columns() -> None:
    text = (
        "# Review\n\n## Overview\n\nThis reviews the audit script.\n\n### Major Issues\n\n"
        "#### 1. Cost uses the gp2 price\n\n| Type | Model | Correct |\n|---|---|---|\n| gp3 | 0.10 |"
        " 0.08 |\n\n#### 2. No pagination\n\n**Model Response**: one call.\n\n"
        "## Summary of Errors\n\n| # | Error Type | Impact |\n|---|---|---|\n| 1 | Price | High |\n"
        "| 2 | Pages | High |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High"]
    guide = (
        "# Model failures\n\nThe failures found in the model's response.\n\n## 1. WAF ACL region\n\n"
        "- **Severity:** Critical\n- **Failure:** created in eu-west-1.\n- **Mitigation:** us-east-1"
        ".\n\n## 2. Public bucket\n\n- **Severity:** High\n- **Failure:** readable.\n"
        "- **Mitigation:** OAC.\n"
    )
    assert [f.severity for f in parse_analysis(guide).failures] == ["Critical", "High"]
    withdrawn = (
        "# Review\n\n## Minor Issues\n\n**6. Health check path**\n\n**Model Response:** `/`\n\n"
        "**7. Listener port**\n\n**Model Response:** 80\n\n*Note: on re-check the ideal does the "
        "same. This is not a model failure and is withdrawn.*\n"
    )
    assert [f.title for f in parse_analysis(withdrawn).failures] == ["Health check path"]


def test_fix_headings_restating_numbered_bold_failures() -> None:
    text = (
        "# Review\n\n### Critical Issues\n\n**1. Execution role lacks ECR pull**\n\n"
        "**Severity**: Critical\n\n### Medium Issues\n\n**2. Ingress open to the world**\n\n"
        "**Severity**: Medium\n\n## Fixes Applied\n\n### Fix 1: Attach the execution policy\n\n"
        "**File**: `lib/ecs-stack.ts`\n\n### Fix 2: Restrict ingress\n\n**Result**: ALB only.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Execution role lacks ECR pull", "Critical"),
        ("Ingress open to the world", "Medium"),
    ]


def test_prose_leaves_of_level_sections_and_withdrawals_beside_a_fix() -> None:
    text = (
        "# Review\n\n## Critical Issues\n\n### Move the provider out of main.tf\n\nThe provider "
        "block sits in a module.\n\n### Disable default route table association\n\nAttachments "
        "join the default table.\n\n## Moderate Issues\n\n### Remove unused NAT gateways\n\n"
        "Spoke VPCs each created one.\n\nRemove:\n- `aws_nat_gateway.spoke_a`\n"
        "- `aws_eip.spoke_nat`\n\n### Attach to private subnets only\n\nPublic ones were used.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "Critical",
        "Medium",
        "Medium",
    ]
    withdrawn = (
        "# Review\n\n## High Failures\n\n### 1. Queue policy open\n\n**Severity**: High\n\n"
        "### 2. Dead-letter wiring\n\n**Severity**: High\n\n**IDEAL_RESPONSE Fix**:\nNone "
        "required.\n\n> **Withdrawn**: on a second reading this is correct; retracted.\n"
    )
    assert [f.title for f in parse_analysis(withdrawn).failures] == ["Queue policy open"]


def test_praise_said_otherwise_tier_counts_and_quoted_severity_labels() -> None:
    text = (
        "# Review\n\n## Issues\n\n### 1. Public endpoint\n\n> **Severity:** High — reachable.\n\n"
        "### 2. No OIDC provider\n\n> **Severity:** Critical — no credentials.\n\n"
        "## What Was Already Correct\n\n### 3. Dead-letter queues\n\nEvery queue had one.\n\n"
        "## Summary Statistics\n\n- Tier 1 (Critical): 1 issue\n- Tier 2 (Major): 1 issue\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["High", "Critical"]
    assert a.claimed_counts == {"Critical": 1, "High": 1}


def test_praise_of_the_ideal_and_fields_of_titled_paragraphs() -> None:
    text = (
        "# Review\n\n## Failures in MODEL_RESPONSE\n\n#### 1. **Public website endpoint "
        "(Critical)**\n\nText.\n\n#### 2. **No access logging (Low)**\n\nText.\n\n"
        "## Where IDEAL_RESPONSE Does Better\n\n### 1. **Security posture**\n\n- private\n\n"
        "### 2. **Operability**\n\n- alarms\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]
    paragraphs = (
        "# Review\n\n### Critical\n\n**Role lacks Kinesis read.** Only s3:PutObject.\n\n"
        "**Fix**: added the read actions.\n\n**Shard count fixed at 1.** Prompt said on-demand."
        "\n\n**Fix**: on-demand mode.\n"
    )
    got = [f.title for f in parse_analysis(paragraphs).failures]
    assert got == ["Role lacks Kinesis read", "Shard count fixed at 1"]


def test_modification_numbered_headings() -> None:
    text = (
        "# Review\n\n## Key Infrastructure Modifications\n\n### Modification 1: Role lacks ECR"
        " pull\n\n**Problem**: no pull.\n\n**Severity**: Critical\n\n### Modification 2: Public"
        " subnets\n\n**Problem**: public.\n\n**Severity**: High\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Role lacks ECR pull", "Critical"), ("Public subnets", "High")]


def test_a_struck_bold_title_ends_the_item_above_it() -> None:
    text = (
        "# Review\n\n## Moderate Problems\n\n**1. Kubernetes version not pinned**\n"
        "**Issue**: drifted.\n**Fix**: pinned.\n\n~~**2. Add-on versions hardcoded**~~\n"
        "**Withdrawn**: they were read from the API, so this was not an issue.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Kubernetes version not pinned", "Medium")]


def test_a_level_category_over_one_numbered_item() -> None:
    text = (
        "# Model failures\n\n## Error Category: Critical - Authorizer\n\n---\n\n"
        "### 1. Authorizer uses the wrong pool\n\n#### Description\n\nEvery call is 401.\n\n"
        "## Error Category: High - Lifecycle\n\n### 2. Stage not redeployed\n\n#### Description"
        "\n\nOld stage.\n\n### 3. No throttling\n\n#### Description\n\nNone set.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "High"]


def test_plain_text_section_lines_give_their_level_to_the_entries_below() -> None:
    text = (
        "High-Severity Issues in Model Response\n1) Dead-letter queue never attached\n"
        "Problem in Model Response:\nNo redrive.\n2) Role allows sqs:* on all resources\n"
        "Problem in Model Response:\nToo broad.\nLow-Severity Issues in Model Response\n"
        "3) No outputs for queue URLs\nProblem in Model Response:\nNone exported.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Low"]


def test_bracketed_level_subheadings_praise_lists_and_withdrawn_sentences() -> None:
    text = (
        "# Review\n\n## 1. Compilation Errors\n\n### [HIGH] Task uses a removed construct\n\n"
        "**Issue**: removed.\n\n**Resolution**: LambdaInvoke.\n\n### [LOW] Deprecated property\n\n"
        "**Issue**: logRetention.\n\n## 2. Operational Issues\n\n### [CRITICAL] Crawler targets "
        "the wrong prefix\n\n**Issue**: wrong prefix.\n\n**Resolution**: fixed.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low", "Critical"]
    plain = (
        "The MODEL_RESPONSE has the following problems:\n\n1. Node group policies (High): only "
        "the worker policy is attached, so pods cannot get addresses from the CNI.\n"
        "2. Endpoint access (Critical): the public endpoint is open to the whole internet.\n\n"
        "The following parts of the MODEL_RESPONSE were correct and did not need changes:\n\n"
        "1. VPC layout.\n2. KMS encryption.\n"
    )
    assert [f.severity for f in parse_analysis(plain).failures] == ["High", "Critical"]
    dropped = (
        "# Review\n\n## Issues\n\n### 1. High - Memory invalid\n\nFargate rejects it.\n\n"
        "### 2. Medium - Access denied on the logs bucket\n\nAn SCP caused it, not the model's "
        "code. Withdrawn, no change needed.\n"
    )
    assert [f.severity for f in parse_analysis(dropped).failures] == ["High"]


def test_a_closing_level_tag_after_a_numbered_entrys_last_sentence() -> None:
    text = (
        "The model's response had the following failures:\n\n1) The replication configuration "
        "was declared without a depends_on, so the first apply failed (critical).\n\n2)The IAM "
        "role did not include the replicate actions, so no object was ever copied. (high)\n\n"
        "3) Model used the deprecated inline acl argument (low)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_guides_that_say_they_assess_no_particular_response() -> None:
    text = (
        "# Model Failures for the Landing Zone\n\nGiven this task, the following are risks a "
        "model could run into. They are a checklist for reviewers, not findings against a "
        "specific response.\n\n#### 1. State Management\n\n"
        "**Failure Pattern**: one local state.\n\n**Severity**: High\n\n#### 2. Guardrails\n\n"
        "**Failure Pattern**: no SCPs.\n\n**Severity**: Critical\n"
    )
    assert parse_analysis(text).failures == []


def test_no_difference_items_and_a_gaps_paragraph_closed_by_a_rule() -> None:
    text = (
        "# Review\n\n## Differences\n\n### 1. No point-in-time recovery\n\n**Why IDEAL is Better:**"
        " 35-day recovery.\n\n### 2. Resource tagging\n\nBoth apply the same tags. There is no "
        "difference here and nothing to fix.\n\n---\n\n## Knowledge Gaps\n\nTransit Gateway "
        "propagation, dynamic subnet references\n\n---\n\n## Conclusion\n\nClose.\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["No point-in-time recovery"]
    assert a.knowledge_gaps == ["Transit Gateway propagation", "dynamic subnet references"]


def test_a_common_anti_patterns_section_is_a_guide() -> None:
    text = (
        "# Review\n\n### Issues Found: 1\n\n#### 1. Role cannot decrypt\n\n**Severity**: High\n\n"
        "### Common Anti-Patterns to Avoid\n\nThey were NOT observed in this response.\n\n"
        "#### 1. Unversioned destination\n\n**Problem**: replication fails.\n\n"
        "#### 2. Wildcard role\n\n**Problem**: too broad.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Role cannot decrypt"]


def test_a_bold_label_leading_the_gaps_paragraph_is_no_gap() -> None:
    text = (
        "# Review\n\n## Issues\n\n- **Role too broad** (High)\n\n## Knowledge Gaps\n\n"
        "**Knowledge gaps**: Firehose IAM, shard planning, schema alignment\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == ["Firehose IAM", "shard planning", "schema alignment"]


def test_resolved_items_marked_with_a_tick_are_failures_fixed_since() -> None:
    text = (
        "# Review Findings\n\n## Resolved High-Priority Issues\n\n"
        "### 1. Legacy OAI - RESOLVED ✅\n\n**Original Issue**: OAI used.\n\n**Resolution**:\n"
        "- Replaced the OAI with OAC\n\n### 2. WAF scope regional - RESOLVED ✅\n\n"
        "**Original Issue**: wrong scope.\n\n**Resolution**:\n- CLOUDFRONT scope\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High"]


def test_an_entrys_own_severity_line_beats_the_plain_section_line_above_it() -> None:
    text = (
        "Overview\nThis compares the model's template with the ideal.\n\n"
        "Critical Technical Issues in Model Response\n1. Definition uses an unsupported "
        "intrinsic\nSeverity: Critical\nModel Response Issue:\n\n2. Glue role lacks script access"
        "\nSeverity: High\nModel Response Issue:\n\nDocumentation Issues\n3. Local time schedule"
        "\nSeverity: Low\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_a_numbered_remediation_chapter_and_a_later_disregard_note() -> None:
    text = (
        "# Template analysis\n\n## 4. Minor Issues\n\n#### 4.1 Region hard-coded\n\n"
        "The bucket embeds us-east-1.\n**Risk**: Low\n\n## 5. Failure 5: Wildcard logs [MEDIUM]\n\n"
        "**Model Response:** logs:* on *.\n\n> **Correction (withdrawn):** it is only in a comment."
        " Please disregard Failure 5.\n\n## 6. REMEDIATION PRIORITY\n\n### Priority 1 (Must Fix)"
        "\n1. Add the ACL condition\n2. Use !Ref\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Region hard-coded"]


def test_an_impact_note_closing_on_its_severity_or_saying_no_failure() -> None:
    text = (
        "# Where the Model Falls Short\n\n"
        "**Ideal:** A dead-letter queue with maxReceiveCount 5.\n"
        "* **Model:** The main queue only; failed messages retry forever.\n"
        "* **Impact:** Poison messages block consumers. Severity: High.\n\n***\n\n"
        "**Ideal:** Tags through the provider's defaultTags.\n"
        "* **Model:** Also uses defaultTags, with the same keys.\n"
        "* **Impact:** None — both responses are equivalent, so this is not a failure.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High"]


def test_a_section_of_praise_needing_no_changes_is_no_failure() -> None:
    text = (
        "# Model Response Analysis and Failures\n\nSeveral issues stand out.\n\n"
        "## What the Model Got Right\n\nA KMS key and tag-based selection.\n\n"
        "## Critical: Copy Action Names the Vault, Not Its ARN\n\nBackup rejects the plan.\n\n"
        "## Low: Outputs Missing Vault ARN\n\nOnly the plan ID is exported.\n\n"
        "## Template Structure and Organization\n\n"
        "The template is well organised, with clear comments; no changes were needed here.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_a_level_tag_leading_a_title_is_its_level_not_part_of_its_title() -> None:
    text = (
        "# Failures\n\n## 🔥 1. [Critical] CloudFront without origin access control\n\n"
        "The bucket is public.\n\n## 2. [Medium] Certificate in the wrong region\n\n"
        "It must be in us-east-1.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("CloudFront without origin access control", "Critical"),
        ("Certificate in the wrong region", "Medium"),
    ]


def test_a_checklist_of_what_should_not_happen_is_a_guide() -> None:
    text = (
        "Sure. Here is a `failure_prompt.md` that describes **what should not happen** when "
        "building the module. It can be used as a checklist of common pitfalls.\n\n---\n\n"
        "# Failure prompt\n\n## Failure Scenarios\n\n**1. Module Structure Problems**\n"
        "1. Everything in one `main.tf`.\n2. `terraform validate` reports errors.\n\n"
        "**2. Networking Problems**\n1. Tasks in public subnets.\n"
    )
    assert parse_analysis(text).failures == []


def test_a_level_tagged_group_heading_over_titled_bullets_gives_them_its_level() -> None:
    text = (
        "# Review\n\n## Failures in the Model's Response\n\n"
        "### Lambda Configuration Issues (High)\n"
        "- **Handler Path Mismatch**: `index.main` while the archive exposes `app.handler`\n"
        "- **No Reserved Concurrency**: the function can exhaust the account's concurrency\n\n"
        "### API Gateway Problems (Medium)\n"
        "- **Missing Stage Deployment Trigger**: not re-created when routes change\n"
        "- **Throttling Not Configured**: no burst or rate limits\n\n"
        "## Prevention Strategies\n\n- Test the handler path.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Handler Path Mismatch", "High"),
        ("No Reserved Concurrency", "High"),
        ("Missing Stage Deployment Trigger", "Medium"),
        ("Throttling Not Configured", "Medium"),
    ]


def test_a_numbered_rated_group_heading_over_titled_bullets_gives_them_its_level(
    shared_corpus: Path,
) -> None:
    # Numbered, and with the bullets under its "What the Model Got Wrong" sub-heading too.
    text = (
        "# Model Failures Analysis\n\n## Primary Failures\n\n"
        "### 1. Networking Defects (High)\n\n#### What the Model Got Wrong:\n\n"
        "- **Hardcoded Availability Zones**: `us-west-2a` written out instead of `!GetAZs`.\n"
        "- **Single NAT Gateway**: one NAT for both private subnets.\n\n"
        "#### Ideal Response Features:\n\n- One NAT per AZ.\n\n"
        "### 2. Security Gaps (Critical)\n\n"
        "- **Database password in a default**: the secret sits in the template.\n"
        "- **Open SSH ingress**: port 22 open to the world.\n"
    )
    got = [(f.title, f.severity, f.section_severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Hardcoded Availability Zones", "High", "High"),
        ("Single NAT Gateway", "High", "High"),
        ("Database password in a default", "Critical", "Critical"),
        ("Open SSH ingress", "Critical", "Critical"),
    ]
    # Unrated categories over such bullets stay the failures (the corpus's own convention).
    assert len(_doc(shared_corpus, "archive__cfn-yaml__Pr77").failures) == 8
    # A rated single failure's labelled bullets are its parts.
    one = (
        "## Failures\n\n### 1. Security Issues (Critical)\n\n"
        "- **Issue**: the bucket is public.\n- **Fix**: block public access.\n"
    )
    assert [f.title for f in parse_analysis(one).failures] == ["Security Issues"]


def test_numbered_categories_over_titled_sub_headings_hold_the_failures(
    shared_corpus: Path,
) -> None:
    text = (
        "# Issues Found\n\nIssues are grouped by category.\n\n"
        "## 1. Syntax Issues\n\n### Scheduler Target Uses Wrong Construct\n"
        "- `events.Rule` instead of EventBridge Scheduler.\n\n"
        "### Hardcoded Queue Name\n- `queue_name` is fixed, so stacks collide.\n\n"
        "## 2. Security Issues\n\n### Queue Not Encrypted\n- No SSE-KMS on the queue.\n\n"
        "## 3. Low-Priority Observations\n\n### Logging Format\n- Plain strings, not JSON.\n\n"
        "### Missing Tags\n- No stack-level tags.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Scheduler Target Uses Wrong Construct", None),
        ("Hardcoded Queue Name", None),
        ("Queue Not Encrypted", None),
        ("Logging Format", "Low"),
        ("Missing Tags", "Low"),
    ]
    # Sub-headings that group bold-titled bullets are groups, not failures.
    groups = (
        "# Issues\n\n## 1. Storage Failures\n\n### Bucket Problems\n"
        "- **Recursive Trigger**: output written to the input bucket\n"
        "- **No Prefix Filter**: every object fires the function\n\n"
        "### Table Problems\n- **Hot Partition**: date as the key\n"
    )
    assert "Bucket Problems" not in [f.title for f in parse_analysis(groups).failures]
    # The same part names under every numbered failure are its parts ("### Failure
    # Description", "### Missing Features"): the numbered headings stay the failures.
    real = _doc(shared_corpus, "archive__cfn-yaml__Pr4455").failures
    assert "Missing Error Handling and Resilience" in [f.title for f in real]


def test_findings_told_as_blocks_opened_by_an_item_label() -> None:
    # "**Finding:** <title>" then a plain "Risk: …" line, blocks split by rules (or not).
    text = (
        "# Review\n\n## What the model got right\n- **Peering**: split across providers\n\n"
        "## Findings\n\n**Finding:** Route tables not updated for the peer CIDR\n"
        "Risk: Critical\n\n---\n"
        "**Finding:** 🟠 Private zone tied to one VPC. The second VPC cannot resolve it.\n\n"
        "Risk: High\n\n---\n"
        "**Finding:** ~~Missing auto_accept~~ — withdrawn, the accepter resource is right.\n\n"
        "---\n**Finding:** No flow logs\nRisk: Low\n\nTraining Quality: 3/10\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Route tables not updated for the peer CIDR", "Critical"),
        ("Private zone tied to one VPC", "High"),
        ("No flow logs", "Low"),
    ]
    assert a.score == 3
    # Straight under the failures title, or in a document without headings.
    for opening in ("# Model Failures\n\n", "Review notes\n\n"):
        doc = opening + "**Issue:** Open SSH ingress\nSeverity: High\n\n**Issue:** No tags\n"
        assert [f.title for f in parse_analysis(doc).failures] == ["Open SSH ingress", "No tags"]
    # "**Issue**" then "**Problem**" in one section are one item's parts, not two items.
    parts = "## Issues\n\n**Issue:** the bucket is public\n\n**Problem:** anyone can list it\n"
    assert len(parse_analysis(parts).failures) <= 1


def test_a_closing_assessment_of_a_prose_review_is_its_verdict_not_a_failure() -> None:
    text = (
        "# Failures — CDK Go order pipeline\n\nTwo real problems stand out.\n\n"
        "## 🔴 Dead-letter queue wired to itself\n\nThe redrive policy points at the DLQ, "
        "so synth fails before anything deploys.\n\n"
        "## 🟠 Visibility timeout below the function timeout\n\nThe event source mapping is "
        "rejected: 30 seconds is less than the 90 second timeout.\n\n"
        "## Assessment\n\nScore — 6 out of 10. The IAM was good, the synth failure a basic "
        "miss.\n\n---\n\nLegend: 🔴 Critical · 🟠 High · 🟡 Medium · 🟢 Low\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "High"]
    assert a.score == 6


@pytest.mark.parametrize(
    "line",
    [
        "**Training Quality**: I would rate it 5/10.",
        "Training quality: I'd give this a 5/10.",
        "**Training Quality Impact**: I would put this at 5/10; fixed, it would be 8/10.",
        "This task rates **5/10** for training quality because the failures are real.",
        "This example earns 5/10 on training quality.",
    ],
)
def test_a_score_told_in_a_short_sentence_about_training_quality(line: str) -> None:
    text = f"## High Failures\n\n### 1. Open bucket\n\n**Issue**: public\n\n## Verdict\n\n{line}\n"
    assert parse_analysis(text).score == 5
    # What another score grades stays no training score.
    other = text.replace(line, "**Training value**: the lint score went from 3/10 to 9/10.")
    assert parse_analysis(other).score is None


def test_a_struck_numbered_heading_takes_its_body_along() -> None:
    text = (
        "# Failure Analysis\n\n### 1. Cluster configuration\n\n"
        "#### 1.1 Node group uses public subnets\n- Severity: High\n- Nodes get public IPs.\n\n"
        "#### ~~1.2 Missing OIDC provider~~\n- ~~Severity: High~~\n"
        "- Struck — `createOidcProvider: true` is set on line 44, I missed it.\n\n"
        "#### 1.3 Tag casing inconsistent\n- Severity: low\n- `Environment` vs `environment`.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Node group uses public subnets", "High"),
        ("Tag casing inconsistent", "Low"),
    ]


def test_plain_text_level_lines_with_lettered_ids_and_counts_in_words(
    shared_corpus: Path,
) -> None:
    text = (
        "The model's response has two critical failures:\n\n"
        "Beyond these, there are two high-severity failures and one medium-severity failure.\n\n"
        "🔴 Critical Failures\nCRITICAL FAILURE C1: Authentication Left Open\nAPI key only.\n\n"
        "CRITICAL FAILURE C2: Resolvers With Unbounded Access\ndynamodb:* on all tables.\n\n"
        "🟡 High-Severity Failures\nHIGH FAILURE H1: Refresh Tokens Valid Ten Years\nToo long.\n\n"
        "HIGH FAILURE H2: Owner Field Trusted From the Client\nSpoofable.\n\n"
        "MEDIUM FAILURE M1: Field-Level Logging Disabled\nNo logs.\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Authentication Left Open", "Critical"),
        ("Resolvers With Unbounded Access", "Critical"),
        ("Refresh Tokens Valid Ten Years", "High"),
        ("Owner Field Trusted From the Client", "High"),
        ("Field-Level Logging Disabled", "Medium"),
    ]
    assert a.claimed_counts == {"Critical": 2, "High": 2, "Medium": 1}
    # A lone count in words needs the scale's own word: "two blocking defects" is a size.
    assert parse_analysis("Testing found two blocking defects.\n").claimed_counts == {}
    real = _doc(shared_corpus, "archive__cdk-ts__Pr305")
    assert real.claimed_counts == {"Critical": 3, "High": 3}
    assert not [p for p in real.problems if p.kind == "claimed_counts_mismatch"]


@pytest.mark.parametrize("key", ["Gap", "Finding", "Gap #", "Item"])
def test_a_severity_table_keyed_by_item_number_under_any_item_word(key: str) -> None:
    text = (
        "# Gaps\n\n## ❗ Missing: Data Protection\n\n"
        "### Gap 1: Bucket encryption with a customer key\n\nThe bucket uses SSE-S3.\n\n"
        "### Gap 2: Public access block\n\nNot set.\n\n## Severity Classification\n\n"
        f"| {key} | Requirement | Severity |\n|---|---|---|\n"
        "| 1 | 9. Bucket KMS Encryption | CRITICAL |\n| 2 | 10. Public Access Block | HIGH |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_a_guide_to_failure_modes_that_commonly_occur_lists_none() -> None:
    text = (
        "This document describes the failure modes that commonly occur when building an image "
        "pipeline with Pulumi, and how to avoid them. It is a checklist for anyone building "
        "this kind of stack.\n\n## 1. Storage Layer Failures\n\n### Upload Bucket Problems\n"
        "- **Recursive Triggers** (Severity: Critical): output written to the input bucket\n"
        "- **Public ACLs**: `public-read` left on\n"
    )
    assert parse_analysis(text).failures == []


def test_group_words_name_categories_over_one_sub_item_and_a_rated_area_among_unrated_ones(
    shared_corpus: Path,
) -> None:
    text = (
        "# Failures\n\n### 1. Security Issues\n\n- **Open bucket**\n  - Public ACL left on.\n"
        "- **Wildcard IAM**\n  - `s3:*` on `*`.\n\n### 2. Other Observations\n\n"
        "- **Test Alignment**\n  - Output keys do not match what the tests read.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Open bucket", "Wildcard IAM", "Test Alignment"]
    # One rated area among unrated ones told the same way is an area like them: one failure.
    areas = (
        "# Failures\n\n## Primary Failures\n\n"
        "### A. Task Definition Problems\n\n#### Model Response Issues:\n\n"
        "- **No CPU limits**: unbounded.\n- **Root user**: containers run as root.\n\n"
        "### B. Networking Deficiencies (High)\n\n#### Model Response Issues:\n\n"
        "- **Public subnets**: tasks reachable directly.\n- **Open SG**: 0.0.0.0/0.\n"
    )
    assert [f.title for f in parse_analysis(areas).failures] == [
        "Task Definition Problems",
        "Networking Deficiencies",
    ]


def test_got_it_right_praise_and_a_guide_of_what_a_model_could_run_into() -> None:
    praise = (
        "# Failures\n\n## ❌ Where the Model Fell Short\n\n### 1. **[High] Wildcard IAM**\n\n"
        "`dynamodb:*` on `*`.\n\n## ✅ Where Nova Got It Right\n\n### 1. **Provider Version Lock**\n\n"
        "Pinned to `~> 5.40`.\n\n### 2. **Tagging**\n\nConsistent tags.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(praise).failures] == [
        ("Wildcard IAM", "High")
    ]
    guide = (
        "# Model Failures for a Scheduled Export\n\nBased on the task requirements, here are "
        "failure scenarios that a model could run into when generating this stack:\n\n"
        "### 1. Scheduler Failures\n\n#### Wrong Schedule Expression\n"
        "**Risk**: the export runs at the wrong time\n- `rate()` instead of `cron()`\n\n"
        "#### Missing Scheduler Role\n**Risk**: nothing runs\n- No role for the target\n"
    )
    assert parse_analysis(guide).failures == []


def test_tracker_style_items_with_label_chips() -> None:
    text = (
        "# MODEL_FAILURES.md\n\nDetails below, filed as in our tracker.\n\n"
        "### #41 — State machine role missing `lambda:InvokeFunction`\n"
        "`severity:critical` `area:iam`\n\nThe role only has `logs:*`.\n\n"
        "### #42 — PITR not enabled on the table\n`area:dynamodb` `severity: medium`\n\n"
        "The prompt asks for it.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("State machine role missing `lambda:InvokeFunction`", "Critical"),
        ("PITR not enabled on the table", "Medium"),
    ]


@pytest.mark.parametrize(
    "update",
    [
        "Update: #2 is not a bug, the default already does this. Please ignore it.",
        "**Update (after talking to the author):** #2 is not a bug — the ideal does the same.",
        "Edit: item 2 was withdrawn after a re-check.",
        "Update: on-demand is the default in v2, so please ignore #2.",
    ],
)
def test_a_closing_update_withdraws_an_item_by_its_number(update: str) -> None:
    text = (
        "# Failures\n\n## 1. Open bucket\n\n**Severity:** High\n\nPublic ACL.\n\n"
        "## 2. Provisioned capacity\n\n**Severity:** Medium\n\nShould be on-demand.\n\n"
        "## 3. No alarms\n\n**Severity:** Low\n\nNothing alerts.\n\n---\n\n" + update + "\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Open bucket", "No alarms"]
    # A note that does not take an item back leaves them all.
    kept = text.replace(update, "Update: #2 was confirmed in a second deploy.")
    assert len(parse_analysis(kept).failures) == 3


def test_a_bold_tldr_over_a_recap_is_no_failure() -> None:
    text = (
        "# Model Failures\n\n**TL;DR**\n- State bucket hardcoded, so PR envs collide\n\n"
        "## Issues\n\n1. Hardcoded state key in `S3Backend`\n   - Severity: High\n"
        "   - Fix: suffix the key with the environment\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Hardcoded state key in `S3Backend`", "High")]


def test_a_level_tagged_heading_whose_title_says_it_all() -> None:
    text = (
        "# MODEL_FAILURES\n\n#### [P0] Lambda runtime `nodejs14.x`\nDeploy fails.\n\n"
        "#### [P2] Lambda timeout 3s for a handler that calls two downstream APIs\n\n"
        "#### [P2] `RemovalPolicy.RETAIN` on the table\nCI cannot clean up.\n\n"
        "### MEDIUM: Missing outputs for the ALB DNS name\n"
        "### LOW: Tags inconsistent (`Env` vs `Environment`)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "Medium",
        "Medium",
        "Medium",
        "Low",
    ]


def test_sub_headings_of_a_numbered_item_among_plain_numbered_items_are_its_parts(
    shared_corpus: Path,
) -> None:
    text = (
        "# Analysis\n\n## Key Implementation Gaps\n\n### 1. **State machine not wired**\n\n"
        "**MODEL_RESPONSE:** Pass states only.\n\n### 2. **No test suite**\n\nNone at all.\n\n"
        "### 3. **Architecture Differences**\n\n#### DynamoDB Table Design\n"
        "**MODEL_RESPONSE:** one key, provisioned 1/1\n**IDEAL_RESPONSE:** on-demand\n\n"
        "#### Event Intake\n**MODEL_RESPONSE:** no request validator\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "State machine not wired",
        "No test suite",
        "Architecture Differences",
    ]
    # A numbered group ("### 4. Naming Issues") still holds items under it.
    grouped = text.replace("Architecture Differences", "Architecture Issues")
    assert len(parse_analysis(grouped).failures) == 4
    assert len(_doc(shared_corpus, "archive__cdk-ts__Pr290").failures) == 11


def test_numbered_improvements_made_to_the_response_are_its_failures() -> None:
    text = (
        "# Infrastructure Improvements Made to Original Model Response\n\n"
        "The corrections applied to make the model response deployable.\n\n"
        "## Improvement 1: Glue job script location\n\n### Problem\nThe script bucket is never "
        "created.\n\n### Resolution\nAn asset.\n\n"
        "## Improvement 2: Glue integration pattern\n\n### Problem\nRequest-response only.\n\n"
        "## Recommendations\n\n### Improvement 3: Add a dashboard\n\nNice to have.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Glue job script location",
        "Glue integration pattern",
    ]


def test_fix_categories_named_by_kind_claim_no_levels(shared_corpus: Path) -> None:
    text = (
        "# Failures\n\n## Summary\n\n**Total Fixes**: 3 issues\n\n**Categories**:\n"
        "- Category A (Architecture): 1 fix\n- Category B (Configuration): 1 fix\n"
        "- Category C (Minor): 1 fix\n\n## Fix 1: Global table (Category A)\n\n"
        "**Severity**: Critical\n\n## Fix 2: Streams off (Category B)\n\n**Severity**: High\n\n"
        "## Fix 3: Names (Category C)\n\n**Severity**: Low\n"
    )
    a = parse_analysis(text)
    assert a.claimed_counts == {}
    assert not [p for p in a.problems if p.kind == "claimed_counts_mismatch"]
    # A rubric of level-named categories still claims its levels.
    rubric = text.replace("(Architecture)", "(Critical)").replace("(Configuration)", "(High)")
    assert parse_analysis(rubric).claimed_counts == {"Critical": 1, "High": 1, "Low": 1}
    assert _doc(shared_corpus, "archive__cfn-json__Pr8825").claimed_counts == {}


def test_the_missed_rows_of_a_requirements_checklist_are_failures() -> None:
    text = (
        "# Failure analysis\n\n## Requirements checklist\n\n"
        "| Requirement | Met? | Severity | Notes |\n|---|---|---|---|\n"
        "| EKS 1.29 control plane | ✅ | – | fine |\n"
        "| Workload node group on spot | ❌ | High | `CapacityType` never set |\n"
        "| EBS CSI driver addon | ❌ | Critical | no service account role |\n\n"
        "## Other issues\n\n### #1 — Kubeconfig exported as plain text\n`severity:high`\n\n"
        "The output is not a secret.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Workload node group on spot", "High"),
        ("EBS CSI driver addon", "Critical"),
        ("Kubeconfig exported as plain text", "High"),
    ]
    # Rows told again as items (by their words or their key) are not counted twice.
    told = (
        "# Model Failures\n\n## Checklist\n\n| # | Requirement | Result | Severity |\n"
        "|---|---|---|---|\n| R1 | Buckets encrypted | ✓ | |\n"
        "| R4 | Glue crawler on the raw prefix | ✗ | High |\n"
        "| R8 | CloudWatch alarm on crawler failures | ✗ | Low |\n\n"
        "## R4 ✗ — Crawler role cannot decrypt the raw bucket\n\n**Severity**: High\n\n"
        "## No alarm on crawler failure\n\n**Severity**: Low\n"
    )
    assert len(parse_analysis(told).failures) == 2
    # Unrated, a checklist only checks.
    unrated = (
        text.replace("| Severity |", "|").replace("| High |", "|").replace("| Critical |", "|")
    )
    assert [f.title for f in parse_analysis(unrated).failures] == [
        "Kubeconfig exported as plain text"
    ]


def test_findings_quoted_in_a_diff_review() -> None:
    text = (
        "# Review\n\n## What the model got right\n\n> ✅ **Low** — nothing to add here, tags ok.\n\n"
        "## Diff review\n\n### `lib/tap_stack.py`\n\n"
        "> ⚠️ **Critical** — Aurora password hardcoded in the source. It lands in state.\n\n"
        "The prompt asks for Secrets Manager.\n\n"
        "> ⚠️ **High** — (2) task role gets `AmazonECS_FullAccess`.\n\n### `main.py`\n\n"
        "> ⚠️ **Medium** — (3) no `deletion_protection` on the cluster.\n\n---\n\n"
        "Update: (3) is not a bug, the ideal leaves it off too.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("Aurora password hardcoded in the source", "Critical"),
        ("(2) task role gets `AmazonECS_FullAccess`", "High"),
    ]


def test_sev_tags_in_titles_and_headings() -> None:
    text = (
        "Sev scale: Sev-1 = critical, Sev-2 = high, Sev-3 = medium, Sev-4 = low.\n\n"
        "## Findings\n\n### ❌ Lambda built for the wrong architecture (Sev-1)\n\nARM vs x86.\n\n"
        "### ✅ DLQ wiring\n\nFine.\n\n### ❌ Visibility timeout too short (Sev-2)\n\nRetries.\n\n"
        "## Other issues\n\n1. **No VPC flow logs** (Sev-3) — nothing recorded\n"
        "2. **AMI hard-coded** (Sev-4) — one region only\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "Medium",
        "Low",
    ]


@pytest.mark.parametrize(
    "label",
    ["**Gaps:** IRSA condition keys; EKS access entries; Karpenter discovery tags", "Gaps: {}"],
)
def test_a_bare_gaps_label(label: str) -> None:
    label = label.replace("{}", "IRSA condition keys; EKS access entries; Karpenter discovery tags")
    text = f"## Issues\n\n### 1. Open bucket\n\n**Severity**: High\n\n## Notes\n\n{label}\n"
    assert parse_analysis(text).knowledge_gaps == [
        "IRSA condition keys",
        "EKS access entries",
        "Karpenter discovery tags",
    ]
    listed = "## Issues\n\n### 1. Open bucket\n\n**Gaps:**\n- IRSA condition keys\n- Tags\n"
    assert parse_analysis(listed).knowledge_gaps == ["IRSA condition keys", "Tags"]
    # "Gaps: none" names none.
    assert parse_analysis("## Notes\n\n**Gaps:** None\n").knowledge_gaps == []


def test_colour_mark_levels_after_a_severity_label_and_severity_sentences_in_prose() -> None:
    text = (
        "Legend: 🔴 critical · 🟠 high · 🟡 medium · 🟢 low\n\n## Deployment blockers\n\n"
        "### 1. Nodes never join the cluster\n\nNo access entry for the node role.\n\n"
        "### 2. Helm provider reads the cluster before it exists\nSeverity: 🟠\n\n"
        "A second apply works, so high rather than critical.\n\n## Non-blocking issues\n\n"
        "### 3. Subnets lack discovery tags\nKarpenter finds no subnets. Severity: 🟡\n\n"
        "### 4. Edge function uses environment variables\n\n#### Why it matters\n"
        "CloudFront rejects the association. Severity: Low.\n\n"
        "## Other issues\n\n- **SNS topic not encrypted** — Severity: 🟠. No key on the topic.\n"
        "- **Logs kept forever** — Severity: 🟢\n"
    )
    got = [f.severity for f in parse_analysis(text).failures]
    assert got == ["Critical", "High", "Medium", "Low", "High", "Low"]


def test_an_item_closing_not_counted_and_a_guide_of_what_a_model_is_likely_to_run_into() -> None:
    text = (
        "# Review\n\n## Problems\n\n**Problem 1**\nBucket is public.\n\n**Problem 2**\n"
        "ignore - bootstrap had not been run, our setup, not the model. Not counted.\n\n"
        "**Problem 3**\nNo cache policy.\n"
    )
    assert len(parse_analysis(text).failures) == 2
    guide = (
        "# Model Failures for DR\n\nThese are the failure modes an AI model is likely to run "
        "into. They are a checklist, not findings about a particular response.\n\n"
        "## 1. Aurora Failures\n\n### 1.1 Secondary cluster with credentials\n"
        "**Risk level**: High\n- Passing credentials the API rejects\n"
    )
    assert parse_analysis(guide).failures == []


def test_a_guide_keeps_the_issues_found_in_the_submitted_template() -> None:
    text = (
        "# Failure Scenarios\n\n## Overview\nThis document lists possible failure scenarios for "
        "the stack and, at the end, the defects found in the template the model submitted.\n\n"
        "## Validation Errors\n- **Bad engine version** (Severity: High)\n\n"
        "## Issues Found in the Submitted Template\n"
        "- **Database publicly accessible** (Severity: Critical)\n"
        "- **Storage not encrypted** (Severity: High)\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Database publicly accessible", "Critical"), ("Storage not encrypted", "High")]


@pytest.mark.parametrize("name", ["Downstream Effects", "Consequences", "Effects on Operations"])
def test_a_section_of_consequences_after_the_failures_restates_them(name: str) -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. No DLQ\n\n**Issue**: events lost\n\n"
        "### 2. Wildcard IAM\n\n**Issue**: `dynamodb:*`\n\n"
        f"## {name}\n\n### 1. **Data Loss**\n- Failed events disappear\n\n"
        "### 2. **Security Exposure**\n- Any table can change\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["No DLQ", "Wildcard IAM"]


def test_a_label_over_code_under_a_numbered_bold_title_is_its_part() -> None:
    text = (
        "# Analysis\n\n## Implementation Gap Analysis\n\n"
        "**Gap 1 – SSH open on the bastion (Severity: High)**\n\n**Issue**: port 22 open.\n\n"
        "**Gap 2 – Password passed as a parameter (Severity: Critical)**\n\n"
        "**Issue**: a default password.\n\n**Better Approach**:\n```yaml\nDBSecret:\n"
        "  Type: AWS::SecretsManager::Secret\n```\n\n"
        "**Gap 3 – Default KMS key (Severity: Medium)**\n\n**Issue**: `aws/rds` used.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical", "Medium"]


def test_crossed_headings_file_groups_and_tracker_tables() -> None:
    crossed = (
        "# Review\n\n## Stack review\n\n### ✅ Subnet layout\nRight masks.\n\n"
        "### ❌ Single NAT gateway\nOne NAT for three AZs.\nSeverity: High\n\n"
        "### ❌ Aurora credentials in plaintext (Critical)\nA literal password.\n\n"
        "### ❌ Model Failures and Issues\n\n1. **Tags missing (Severity: Low)** — none at all\n\n"
        "## Test & pipeline tickets\n\n| Key | Summary | Priority | Status |\n|---|---|---|---|\n"
        "| GO-88 | Unit tests assert one NAT gateway | Major | Fixed |\n"
        "| GO-91 | `go.mod` pins an old CDK | Minor | Fixed |\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(crossed).failures]
    assert got == [
        ("Single NAT gateway", "High"),
        ("Aurora credentials in plaintext", "Critical"),
        ("Tags missing", "Low"),
        ("Unit tests assert one NAT gateway", "High"),
        ("`go.mod` pins an old CDK", "Low"),
    ]
    files = (
        "# model failures\n\n## issues by file\n\n- `lib/tap-stack.ts`\n"
        "  - high: upload bucket is world readable\n  - low: no tags on any construct\n"
        "- `bin/tap.ts`\n  - medium: `environmentSuffix` never passed to the stack\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(files).failures] == [
        ("upload bucket is world readable", "High"),
        ("no tags on any construct", "Low"),
        ("`environmentSuffix` never passed to the stack", "Medium"),
    ]


def test_bold_titles_under_sections_named_by_a_level_alone() -> None:
    text = (
        "# Failures\n\nFound 4 issues: 2 critical, 1 high, 1 low.\n\n## Critical\n\n"
        "**Firehose role cannot read the stream**\nNo `kinesis:DescribeStream`.\n\n"
        "**No metadata extraction processor**\nFirehose rejects the config.\n\n## High\n\n"
        "**Workgroup not enforced**\nClients can skip encryption.\n\n## Low\n\n"
        "**Tags applied per resource**\nThree resources missed.\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Critical", "High", "Low"]
    assert not [p for p in a.problems if p.kind == "claimed_counts_mismatch"]


def test_a_sibling_heading_made_an_item_by_its_part_sub_headings(shared_corpus: Path) -> None:
    text = (
        "# Analysis\n\n## Issues\n\n### NAT gateways in one AZ\n\n**Severity:** High\n\n"
        "#### Evidence\nAll three in `us-east-1a`.\n\n#### Fix\nOne per AZ.\n\n"
        "### `skip_final_snapshot = true` on a production database\n\n#### Evidence\n"
        "The flag is set.\n\n#### Fix\nSet it false.\n\n#### Why it matters\n"
        "Destroy loses the data. Severity: Medium.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]
    # A readiness report's "Before Fixes" / "After Fixes" are no failure's parts.
    assert len(_doc(shared_corpus, "archive__cdk-py__Pr512").failures) == 5


def test_an_issue_table_rated_by_colour_marks_reads_them_through_the_legend() -> None:
    text = (
        "# Failures\n\n🔴 critical · 🟠 high · 🟡 medium · 🟢 low\n\n## Issues\n\n"
        "| # | Issue | Severity |\n|---|---|---|\n| 1 | Execution role cannot pull | 🔴 |\n"
        "| 2 | ALB open on 8080 | 🟠 |\n| 3 | Outputs print an object | 🟢 |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_items_told_inside_quotes_and_bold_numbers_leading_titles() -> None:
    quoted = (
        "# Failure analysis\n\n## Context\n\nIssues in the order I hit them.\n\n---\n\n"
        "> **Issue 1** — Artifact bucket uses SSE-S3 instead of the CMK\n>\n"
        "> Severity: Medium\n>\n> `AES256` used.\n\n"
        "> **Issue 2** — Pipeline name not suffixed\n>\n> Severity: Low\n>\n> Collides.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(quoted).failures]
    assert got == [
        ("Artifact bucket uses SSE-S3 instead of the CMK", "Medium"),
        ("Pipeline name not suffixed", "Low"),
    ]
    plain = quoted.replace("> ", "").replace(">\n", "\n")
    assert [f.title for f in parse_analysis(plain).failures] == [t for t, _ in got]


def test_a_level_in_capitals_opening_an_item_and_a_section_of_what_was_not_the_model() -> None:
    listed = (
        "# MODEL_FAILURES.md\n\n## Issues\n\n1. **Engine version not supported**\n"
        "   CRITICAL. `13.6` is not offered for Serverless v2.\n2. **Rotation Lambda outside the VPC**\n"
        "   HIGH. It cannot reach the endpoint.\n3. **Secret on the default key**\n"
        "   Medium. Uses `aws/secretsmanager`.\n"
        "4. **No final snapshot setting** — destroy hangs. HIGH. Status: resolved in ideal\n\n"
        "## Not a model failure\n\n- The CI account hit the Aurora quota.\n"
    )
    assert [f.severity for f in parse_analysis(listed).failures] == [
        "Critical",
        "High",
        "Medium",
        "High",
    ]
    headed = (
        "# Failures\n\n## Findings\n\n#### F-1: Lake Formation locks out the deployer\n\n"
        "Verdict: fail\n\nCRITICAL. The admin list is replaced.\n\n"
        "#### F-2: Crawler role cannot read the raw bucket\n\nHIGH: no `s3:GetObject`.\n\n"
        "#### F-3: High availability left off\n\nHigh availability was asked for.\n"
    )
    assert [f.severity for f in parse_analysis(headed).failures] == ["Critical", "High", None]


def test_items_taken_back_as_false_positives_or_by_a_withdrawn_level() -> None:
    text = (
        "## High Failures\n\n### 1. Open bucket\n\n"
        "**Impact Level**: N/A — withdrawn after re-checking\n\n**Issue**: public ACL\n\n"
        "### 2. No logs\n\n**Impact Level**: High\n\n"
        "### 3. SQS queue missing encryption (False Positive)\n\n**Impact Level**: Medium\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [("No logs", "High")]


def test_a_comma_line_of_gaps_followed_by_a_remark() -> None:
    text = (
        "## High Failures\n\n### 1. Open bucket\n\n**Issue**: public\n\n### Knowledge Gaps\n\n"
        "Glue script locations (S3 only), scope of `AWSGlueServiceRole`, six-field cron syntax\n\n"
        "All three are service-specific details, not general Terraform problems.\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "Glue script locations (S3 only)",
        "scope of `AWSGlueServiceRole`",
        "six-field cron syntax",
    ]


def test_a_numbered_section_of_praise_under_a_failures_title() -> None:
    text = (
        "# Model Response vs. Ideal: Issues and Failures\n\n### 1. Deployment Blockers (Critical)\n\n"
        "* **Certificate in the wrong region**\n  * ACM must be in us-east-1.\n\n"
        "* **OAI and bucket policy out of sync**\n  * Access denied.\n\n"
        "### 2. Where the Model Response Did Well\n\n* **Cache Policies**\n"
        "  * Correct managed policy.\n\n* **Invalidation on Deploy**\n  * New content served.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Certificate in the wrong region",
        "OAI and bucket policy out of sync",
    ]


def test_an_opening_comparison_of_why_the_ideal_is_better_holds_no_failures() -> None:
    text = (
        "# Analysis\n\n## Why the Ideal Response Is Better\n\n### 1. **Correct Backend Setup**\n"
        "**Ideal Response:** a GCS backend.\n\n### 2. **Least-Privilege Accounts**\n"
        "**Ideal Response:** scoped roles.\n\n## Detailed Model Response Failures\n\n"
        "### 1. **Public Cloud SQL Instance**\n**Risk Level: CRITICAL** - exposed.\n\n"
        "### 2. **Project-Wide Editor Role**\n**Risk Level: HIGH** - too broad.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("Public Cloud SQL Instance", "Critical"), ("Project-Wide Editor Role", "High")]


def test_a_section_of_patterns_behind_the_issues_is_no_list_of_failures() -> None:
    text = (
        "# Failures\n\n## Issues\n\n#### **Issue 1.1: Output used as a string**\n\n"
        "**Severity:** High\n\n#### **Issue 1.2: ECR blocks destroy**\n\n**Severity:** Medium\n\n"
        "### **Patterns Behind These Issues**\n\n#### **1. Output Handling Mistakes**\n"
        "- **Pattern**: treating outputs as values\n- **Prevention**: use `apply`\n\n"
        "#### **2. Role Confusion**\n- **Pattern**: the wrong principal\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_bold_titled_paragraphs_under_numbered_groups_and_a_score_line_inside_the_last() -> None:
    text = (
        "The response has real problems.\n\n## 1. Critical Security Problems\n\n"
        "**Public Bucket Policy:** The model attaches a policy with Principal '*' to the bucket.\n\n"
        "**Legacy OAI Mixed With OAC:** Both are created and the origin uses the wrong one.\n\n"
        "## 2. Major Deployment Problems\n\n"
        "**ACM Certificate in the Wrong Region:** CloudFront only accepts us-east-1 certificates.\n\n"
        "Training quality: 6/10\n\nIn summary, the bucket leaks and the stack cannot deploy.\n"
    )
    a = parse_analysis(text)
    assert [(f.title, f.severity) for f in a.failures] == [
        ("Public Bucket Policy", "Critical"),
        ("Legacy OAI Mixed With OAC", "Critical"),
        ("ACM Certificate in the Wrong Region", "High"),
    ]
    assert a.score == 6


def test_a_count_table_after_an_issue_table_is_no_list_of_issues() -> None:
    text = (
        "# Failures\n\n| # | Issue | Severity |\n|---|---|---|\n| 1 | Authorizer on OPTIONS | High |\n"
        "| 2 | Self sign-up enabled | Critical |\n\n| Severity | # |\n|---|---|\n| Critical | 1 |\n"
        "| High | 1 |\n"
    )
    a = parse_analysis(text)
    assert [f.title for f in a.failures] == ["Authorizer on OPTIONS", "Self sign-up enabled"]
    assert a.claimed_counts == {"Critical": 1, "High": 1}


def test_a_severity_matrix_without_a_heading_states_the_claimed_counts() -> None:
    text = (
        "# Failure analysis\n\n|  | Critical | High | Medium | Low |\n|---|---|---|---|---|\n"
        "| Count | 1 | 1 | 0 | 0 |\n\n## Findings\n\n#### F-1: Bucket public\n\nSeverity: Critical\n\n"
        "#### F-2: No logs\n\nSeverity: High\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1, "Medium": 0, "Low": 0}


def test_strengths_flattened_beside_issues_and_errata_correcting_a_level() -> None:
    text = (
        "# Review\n\n## Strengths\n\n## 1. **Parameters and Conditions** 🟢\nGood.\n\n"
        "## 2. **Launch template** 🟢\nGood.\n\n## Issues\n\n## 1. ASG in public subnets\n\n"
        "**Severity**: Critical\n\n## 2. Health check grace period 0\n\n**Severity**: High\n\n"
        "## Errata\n\n#2 should be Medium, not High — the ASG stabilised on re-test.\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [("ASG in public subnets", "Critical"), ("Health check grace period 0", "Medium")]
    listed = (
        "# Failures\n\n1. **Bucket public** (Critical)\n2. **No logs** (Medium)\n\n"
        "Item 2 should be High, not Medium: logs are required by the audit.\n"
    )
    assert [f.severity for f in parse_analysis(listed).failures] == ["Critical", "High"]


def test_a_later_correction_takes_an_item_back_by_its_quoted_title() -> None:
    text = (
        "Issues found in the model's Terraform:\n\nBucket Policy Allows s3:* (Medium):\n\n"
        "The policy grants s3:* to the CloudFront principal.\n\n"
        "Provider Version Not Pinned (Low):\n\nNo version constraint for hashicorp/aws.\n\n"
        "Missing Default Root Object (Low):\n\nThe root URL returns AccessDenied.\n\n"
        'Correction to the above: the "Provider Version Not Pinned" point should be '
        "disregarded; the lock file pins it.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Bucket Policy Allows s3:*",
        "Missing Default Root Object",
    ]


def test_bold_titled_paragraphs_under_plain_category_lines_and_a_section_where_it_breaks() -> None:
    text = (
        "The response has problems.\n\n1. Critical: Deployment Blockers\n\n"
        "**Serverless v2 Scaling Block on a Provisioned Engine Mode**: The model sets the "
        "engine mode to serverless beside a v2 scaling block.\n\n"
        "**Rotation Lambda Outside the VPC**: The rotation function has no vpcConfig at all.\n\n"
        "2. Minor Issues\n\n**Hardcoded Region in Provider Block**: The region is written "
        "inline in the provider block.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Critical", "Low"]
    breaks = (
        "# model_failure\n\n## Where the model's generated template breaks\n\n"
        "- **[Critical] Role cannot decrypt the queue**\n  The key policy omits the role.\n\n"
        "- **Batch window exceeds the visibility timeout**\n  Messages are redelivered.\n"
    )
    assert [f.severity for f in parse_analysis(breaks).failures] == ["Critical", None]


def test_a_numbered_section_whose_status_says_implemented_correctly_is_praise() -> None:
    text = (
        "# Review\n\n## 1. Vault\n- **Vault Lock (High):**\n  - Compliance mode set too early\n\n"
        "## 2. Resource Selection\n- **Tag-Based Selection:**\n  - Matches the prompt exactly\n"
        "  - **Status:** ✅ Implemented correctly\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Vault Lock"]


def test_a_rubric_of_failure_conditions_over_bold_bullets_lists_none() -> None:
    text = (
        "## Failure Conditions\n\nThe solution will be considered unsuccessful if any of the "
        "following conditions are met:\n\n- **Missing S3 Event Trigger**: uploads do not invoke "
        "the function.\n\n- **Recursive Invocation Risk**: thumbnails land in the source bucket.\n"
    )
    assert parse_analysis(text).failures == []


def test_a_numbered_section_found_correct_and_a_recap_of_fixes_hold_no_failures() -> None:
    text = (
        "# Infrastructure Fixes Applied\n\n## 1. State Machine Issues\n\n"
        "### Problem: Wrong Task Integration Pattern\n\n**Severity**: High\n\n"
        "## 2. Items Reviewed and Found Correct\n\n### Correct: Express Workflow Logging\n"
        "Log level ALL. No change needed.\n\n## 3. Code Hygiene\n\n### Problem: Unused SNS Import\n\n"
        "**Severity**: Low\n\n## Recap of Fixes\n\n1. **Integration Pattern**: dropped RUN_JOB\n"
        "2. **Imports**: removed the unused import\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Wrong Task Integration Pattern",
        "Unused SNS Import",
    ]


def test_an_improvement_told_as_implemented_beside_failures_is_none() -> None:
    text = (
        "# Model Failures and Improvements\n\n## Issues\n\n### 1. Firehose role cannot write\n\n"
        "**Issue**: `s3:PutObject` on the bucket ARN only.\n\n"
        "## Infrastructure Improvements Implemented\n\n### 2. Delivery Stream Configuration\n"
        "**Implemented**: a production-ready delivery stream\n\n**Improvements Made**:\n"
        "- **Error Output**: failed records routed to an `errors/` prefix\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Firehose role cannot write"]


def test_an_erratum_correcting_the_first_item_by_its_position() -> None:
    text = (
        "# Review\n\n## Issues\n\n### Replication role cannot decrypt\n\n**Impact Level**: High\n\n"
        "### Key policy misses the role\n\n**Impact Level**: Medium\n\n## Errata\n\n"
        "Discussed with a second reviewer: the first item (missing KMS permissions)\n"
        "should be Critical, not High — every encrypted object fails.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_knowledge_gaps_grouped_under_bold_labels_in_their_section() -> None:
    text = (
        "## Issues\n\n### 1. Open bucket\n\n**Issue**: public\n\n## Knowledge gaps identified\n\n"
        "**CDKTF / provider API**\n- Class renames in the provider\n- Token handling\n\n"
        "**AWS networking**\n- Subnet placement for Fargate\n\n"
        "**Recommended Focus Areas**:\n1. Never ship open policies\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "Class renames in the provider",
        "Token handling",
        "Subnet placement for Fargate",
    ]


def test_exclamation_marked_failures_beside_passed_checks() -> None:
    text = (
        "# Review\n\n## Checks\n\n### ✔️ `pulumi preview` succeeds\n\n"
        "### ❗ RDS instance publicly accessible (sev: critical)\n`publicly_accessible=True`.\n\n"
        "### ✔️ R3 — Bucket blocks all public access\nAll four flags are true.\n\n"
        "### ❗ `EnvironmentSuffix` read with `TryGetContext` and never checked\n\n"
        "**Impact Level**: High\n\n## Status\n\n### ❗ Deployment\n- **Sandbox**: CREATE_COMPLETE\n"
    )
    got = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert got == [
        ("RDS instance publicly accessible", "Critical"),
        ("`EnvironmentSuffix` read with `TryGetContext` and never checked", "High"),
    ]


def test_nits_are_low_and_a_trailing_labelled_level_tag_rates_a_bullet() -> None:
    text = (
        "# Model Failures\n\nVerdict: REJECT — 1 blocker, 1 nit\n\n## Blockers\n\n"
        "### B1. ACM certificate in eu-west-1\n\nCloudFront rejects it.\n\n## Nits\n\n"
        "### N1. Log retention not set\n\nLogs kept forever.\n\n## Other issues\n\n"
        "- **`MinCapacity` set to 0** — not supported at this engine version; creation fails. "
        "(impact: medium)\n- **Tags missing** — cost reports break. (sev: high)\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Critical", "Low", "Medium", "High"]
    assert a.claimed_counts == {"Critical": 1, "Low": 1}


def test_plain_numbered_areas_over_lettered_failures() -> None:
    text = (
        "# MODEL_FAILURES.md — Terraform peering\n\n1. Networking\n"
        "   a) Peering created with `auto_accept = true` across accounts. (Major)\n"
        "   b) Accepter VPC routes missing entirely. (Major)\n2. DNS\n"
        "   a) `allow_remote_vpc_dns_resolution` not enabled. (Minor)\n\n"
        "## Knowledge gaps identified\n\n- Provider aliases\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Low"]


def test_gaps_under_a_bare_title_line_and_a_hyphen_fused_blocking_defects_section() -> None:
    plain = (
        "Failures found in the template\n\n1. Patch baseline not attached\n\nRules ignored.\n\n"
        "2. SSM endpoint missing\n\nNo session.\n\nKnowledge Gaps\n\n"
        "Session Manager endpoint requirements\n\nInterface endpoint ports\n\n"
        "Training Quality: 6/10\n"
    )
    a = parse_analysis(plain)
    assert a.knowledge_gaps == ["Session Manager endpoint requirements", "Interface endpoint ports"]
    assert a.score == 6
    semicolons = (
        "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Knowledge Gaps\nA; B\n\n**Score**: 5/10\n"
    )
    assert parse_analysis(semicolons).knowledge_gaps == ["A", "B"]
    blocking = (
        "# Failures\n\n## Deployment-Blocking Defects (2 Total)\n\n### Defect #1: Name too long\n\n"
        "**Error Type**: ValidationException\n\n### Defect #2: Role missing\n\n"
        "**Error Type**: AccessDenied\n"
    )
    assert [f.severity for f in parse_analysis(blocking).failures] == ["Critical", "Critical"]


def test_a_bold_bullet_title_holding_code_with_asterisks_under_a_numbered_category() -> None:
    text = (
        "# Failures\n\n### 2. Security Issues\n\n"
        "- **Bucket Policy Allows `s3:GetObject` to `*` (High)**\n  - Public reads.\n\n"
        "- **No Security Headers Policy (Medium)**\n  - No HSTS.\n\n"
        "- **Role grants `ecr:*` on `*` (Medium)**\n  - Too broad.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Medium"]


def test_counts_by_a_multiplication_sign_and_two_gaps_on_a_semicolon_line() -> None:
    text = (
        "## Issues\n\n### 1. A\n\n**Severity**: Critical\n\n## Summary\n\n"
        "- **Total failures**: 2 × Critical, 1 × High, 2x Medium\n\n## Knowledge Gaps\n\n"
        "Kinesis server-side encryption with a customer-managed key; Firehose buffering and "
        "small-file economics for the analytics stream\n\n**Training Quality**: 5/10\n\n"
        "These fixes help.\n"
    )
    a = parse_analysis(text)
    assert a.claimed_counts == {"Critical": 2, "High": 1, "Medium": 2}
    assert len(a.knowledge_gaps) == 2


def test_prose_sub_headings_in_one_failure_section_beside_bold_run_ins_in_another() -> None:
    text = (
        "# EKS Review\n\n## Summary\n\nSeveral choices would stop the apply.\n\n"
        "## Cluster Failures\n\n### IRSA Trust Policy Mismatch\n\n"
        "The trust condition names the wrong key, so pods never assume the role.\n\n"
        "### Node Group Instance Types\n\nSmall instances leave too few pod slots.\n\n"
        "## Security Shortcomings\n\n"
        "**Public API endpoint open to all.** The CIDR list stays at its default.\n\n"
        "**Secrets encryption not enabled.** No customer key is passed.\n\n"
        "## What the Model Did Correctly\n\n### VPC Layout\n\nThree zones, tagged right.\n\n"
        "### Backups\n\nSeven days, deletion protection on.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "IRSA Trust Policy Mismatch",
        "Node Group Instance Types",
        "Public API endpoint open to all",
        "Secrets encryption not enabled",
    ]


def test_a_bold_title_withdrawn_on_its_own_line_with_the_reason_after_it() -> None:
    text = (
        "# Fixes\n\n**Issue: Missing VPC Endpoints**\nNo endpoints.\n\n"
        "**Issue: Key Policy Too Narrow**\nThe role cannot call GenerateDataKey.\n\n"
        "**Issue: ~~AMI Parameter Type~~** — withdrawn. The template already used the SSM "
        "parameter type; my note was about an older draft.\n\n"
        "**Issue: Bucket Name Collisions**\nNo suffix on the name.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Missing VPC Endpoints",
        "Key Policy Too Narrow",
        "Bucket Name Collisions",
    ]


def test_a_heading_that_says_not_actually_a_bug_is_taken_back() -> None:
    text = (
        "# What Went Wrong\n\n## 1) Tasks never started (critical)\n\nWrong subnet.\n\n"
        '## 2) Autoscaling policy "missing" (not actually a bug)\n\n'
        "We first flagged it; the model used target tracking, as asked.\n\n"
        "## 3) Log group name typo (low)\n\nA stray dash.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_a_level_group_named_issues_found_under_a_task_heading() -> None:
    text = (
        "# Model Failures Documentation\n\n## Task: Snapshot Compliance Auditor\n\n**Score: 9/10**\n\n"
        "### Minor Issues Found\n\n"
        "- **Pagination stops after the first page**: later pages are never read.\n"
        "- **Findings table has no TTL**: old rows pile up; added a TTL.\n"
    )
    a = parse_analysis(text)
    assert [f.severity for f in a.failures] == ["Low", "Low"]
    assert a.score == 9


def test_a_bracketed_level_line_after_an_items_bullets_is_its_level() -> None:
    text = (
        "### Model failures\n\n"
        "1. **Visibility timeout too short** (severity: high): messages reappear.\n"
        "2. **Lambda role policy too broad**:\n   - `sqs:*` on every resource.\n"
        "   - Should name the queue.\n   (severity: high)\n"
        "3. **Queue age alarm missing** (severity: low): none set.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Low"]


def test_a_prose_reviews_opening_group_heading_is_an_overview_not_an_item() -> None:
    text = (
        "# Review: Gaps in the API Template\n\n## Primary Technical Deficiencies\n\n"
        "The template works in places but falls short of the prompt in ways that show up fast.\n\n"
        "## Deployment Blockers (Critical)\n\nA duplicate logical ID stops the deploy.\n\n"
        "## Authorization Model (High)\n\nEvery method turns the authorizer off.\n\n"
        "## Data Layer Choices\n\nProvisioned capacity with no scaling for spiky traffic.\n\n"
        "## Observability Shortfalls (Low)\n\nTracing is off.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", None, "Low"]


def test_a_fixes_made_during_review_section_is_a_section_not_an_items_part() -> None:
    text = (
        "Model Performance Review\n========================\n\nThe layout was sensible.\n\n"
        "Fixes Made During Review\n------------------------\n\n"
        "These defects were found and corrected:\n\n"
        "*   **AttributeError on an Output** in ecs.py — `.split` on an Output.\n"
        "*   **Missing region on the provider** in db.py — previews fail in CI.\n"
        "*   **alarms.py left empty** — no alarms at all.\n\n"
        "### Test Harness\n\nA mocked pytest suite now covers each component.\n\n"
        "### Coverage\n\nLine coverage is 81%.\n\n"
        "Suggestions for the Model\n-------------------------\n\n*   **Finish modules**: no stubs.\n"
    )
    assert len(parse_analysis(text).failures) == 3


def test_a_second_rated_block_after_a_rule_inside_a_numbered_item_is_one_more_failure() -> None:
    text = (
        "# Failures\n\n## Major Issues\n\n### 3. Bastion SSH open\n\n**Severity**: MAJOR\n\n"
        "**Fix Applied**: Office CIDR only.\n\n---\n\n### 4. EFS not encrypted\n\n"
        "**Severity**: MAJOR\n**Impact**: Data at rest in the clear\n\n"
        "**Fix Applied**: Encrypted with a customer key.\n\n---\n\n"
        "**Severity**: MAJOR\n**Impact**: A new public IP after every restart\n\n"
        "**Problem**: No Elastic IP for the bastion.\n\n**Fix Applied**: Added one.\n\n---\n\n"
        "## Minor Issues\n\n### 6. Outputs lack export names\n\n**Severity**: MINOR\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "High", "High", "Low"]
    assert failures[2].title == "No Elastic IP for the bastion"
    assert failures[1].ideal_fix == "Encrypted with a customer key."


def test_a_numbered_tabular_summary_of_deficiencies_is_a_recap_not_an_item() -> None:
    text = (
        "## 2. Detailed Analysis of Core Failures\n\n### Critical Failures\n\n"
        "#### CRITICAL FAILURE 2.1: Provisioned shards\n\nOn-demand was mandated.\n\n"
        "### Medium-Severity Failures\n\n#### MEDIUM FAILURE 2.2: Hardcoded names\n\n"
        "Fixed strings collide.\n\n## 3. Tabular Summary of Deficiencies\n\n"
        "| Severity | Model Failure |\n|---|---|\n| CRITICAL | Provisioned shards |\n"
        "| Medium | Hardcoded names |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_an_update_label_whose_value_says_withdrawn_takes_the_item_back() -> None:
    text = (
        "## High Severity Failures\n\n### 3. Queries name a missing database\n\n"
        "**Impact Level**: High\n\n### 4. Bucket lacks versioning\n\n**Impact Level**: High\n\n"
        "**Update after re-review:** withdrawn. Versioning is set near the end of the "
        "template; the first pass missed it.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Queries name a missing database"]


def test_a_retracted_point_inside_a_heading_item_leaves_the_item_standing() -> None:
    text = (
        "# Model Response Failures Compared to Ideal Response\n"
        "\n"
        "## 1. CloudTrail Configuration Issues (High)\n"
        "- **Multi-Region Trail:**\n"
        "  - PROMPT requires a single organization-wide trail covering all regions\n"
        "  - Model sets `IsMultiRegionTrail: false`\n"
        "  - Activity in any region other than the deployment region is not recorded\n"
        "\n"
        "- **Log File Validation:**\n"
        "  - Model omits `EnableLogFileValidation`\n"
        "  - Without digest files, tampering with delivered logs cannot be detected\n"
        "  - Required by the CIS benchmark control referenced in the prompt\n"
        "\n"
        "## 2. GuardDuty Setup (Critical)\n"
        "- **Detector Already Exists:**\n"
        "  - **Issue:** Model creates `AWS::GuardDuty::Detector` unconditionally\n"
        '  - **Impact:** Deployment fails with "A detector already exists for the current account" in every account where GuardDuty was enabled by the organization\n'
        "  - **Root Cause:** Model did not account for delegated-administrator auto-enablement\n"
        "  - **Solution:** Added a `CreateDetector` condition parameter defaulting to `false`\n"
        "  - **Status:** ✅ Fixed\n"
        "\n"
        "## 3. Security Hub Standards\n"
        "- **Standards ARN Region:**\n"
        "  - Model hardcodes `arn:aws:securityhub:us-east-1::standards/...`\n"
        "  - The subscription fails in any other region\n"
        "  - Should use `!Sub` with `${AWS::Region}`\n"
        "\n"
        "- **Foundational Best Practices Not Enabled:**\n"
        "  - ~~Model only subscribes to CIS 1.2.0 and omits AWS Foundational Security Best Practices~~\n"
        "  - Retracted on second review: the FSBP subscription is present further down in the template (`FsbpStandard`). Not an issue.\n"
        "\n"
        "## 4. AWS Config Recorder\n"
        "- **Recording Group:**\n"
        "  - Model records only `AWS::EC2::*` resource types\n"
        "  - PROMPT asks for all supported resource types including global resources\n"
        "  - Should set `AllSupported: true` and `IncludeGlobalResourceTypes: true`\n"
        "\n"
        "## 5. Notification Wiring (Low)\n"
        "- **SNS Topic Encryption:**\n"
        "  - Security alert topic has no `KmsMasterKeyId`\n"
        "  - Low risk because messages contain only finding IDs, but inconsistent with the encryption-everywhere requirement\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "High", "Critical", None, None, "Low"]
    # (the point that stands names it; the retracted one is dropped)
    assert failures[3].title == "Standards ARN Region"


def test_a_group_named_without_a_level_beside_a_numbered_category_splits_into_its_bullets() -> None:
    text = (
        "# Model Failures: Comparison to the Ideal\n\n## 1. Architectural Gaps\n\n"
        "### a. Stream Encryption\n- **Missing:** no KMS key.\n\n"
        "### b. Lambda Timeout\n- **Partial:** three seconds is too short.\n\n"
        "## 2. Best Practice Deviations\n\n"
        "- **Wildcard IAM Actions:** `s3:*` on the bucket.\n"
        "- **No Alarms:** nothing on iterator age.\n\n"
        "## 3. Minor Issues and Inconsistencies\n\n- **Construct IDs:** mixed case.\n"
        "- **Output Descriptions:** outputs lack descriptions.\n\n## 4. Conclusion\n\nClose, not there.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Stream Encryption",
        "Lambda Timeout",
        "Wildcard IAM Actions",
        "No Alarms",
        "Construct IDs",
        "Output Descriptions",
    ]


def test_a_section_beyond_the_models_mistakes_holds_no_failures() -> None:
    text = (
        "# Fixes Applied\n\n## Critical Issues Fixed\n\n### 1. Task role missing\n\n"
        "**Problem**: No execution role.\n\n## Additional Hardening (Beyond the Model's Mistakes)\n\n"
        "### Image Scanning\n- Turned on scan-on-push for the repository\n\n"
        "## Summary\n\nOne fix.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Task role missing"]


def test_a_check_whose_title_says_validation_is_an_item_when_its_status_and_level_open_it() -> None:
    text = (
        "# Model Failures and Corrections\n\n## Generation Review\n\n"
        "#### Check 2: Origin Access Control\n**Status**: FIXED\n**Severity**: High\n"
        "**Issue**: The bucket was public.\n\n#### Check 7: Outputs\n**Status**: PASSED\n"
        "- exports present\n\n#### Check 8: DNS Validation Records\n**Status**: FIXED\n"
        "**Severity**: Medium\n**Issue**: No validation record, so the certificate stays pending.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_sub_heading_that_tells_a_fault_over_its_bullets_is_one_failure() -> None:
    text = (
        "# Failures\n\n## ISSUE 1: Credentials on the secondary cluster\n\n"
        "### Impact\n\n- The plan fails.\n\n"
        "## Additional Minor Issues\n\n### Backup Retention Left at 1 Day\n\n"
        "- The model kept the default retention of one day\n"
        "- The task asked for seven days of recovery\n\n"
        "### Missing Tags on Cluster Instances\n\n- The instances carry no owner tag\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Credentials on the secondary cluster",
        "Backup Retention Left at 1 Day",
        "Missing Tags on Cluster Instances",
    ]


def test_a_gaps_line_of_two_names_splits_even_when_one_runs_to_nine_words() -> None:
    text = (
        "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Summary\n\n"
        "- Primary knowledge gaps: EventBridge Pipes DynamoDB source requirements, invocation "
        "type vs IAM action for Step Functions targets\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "EventBridge Pipes DynamoDB source requirements",
        "invocation type vs IAM action for Step Functions targets",
    ]
    sentence = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Knowledge Gaps\n\n" + (
        "The model showed gaps in S3 public access controls, KMS key policies and CloudTrail "
        "data events.\n"
    )
    assert len(parse_analysis(sentence).knowledge_gaps) == 1


def test_rated_bullets_under_a_bare_consequences_label_are_the_items_parts() -> None:
    text = (
        "# Failures\n\n## Failure 2 (High): Bucket policy grants a legacy OAI\n\n"
        "**What broke**: Every request returned 403.\n\n**Why it happened**:\n\n"
        "The model mixed the two access patterns.\n\n**Consequences**:\n"
        "- **Security Risk**: LOW - access fails closed\n"
        "- **Operational Risk**: HIGH - every page returns 403\n\n"
        "**Correction**:\n```hcl\ncondition {}\n```\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Bucket policy grants a legacy OAI", "High")
    ]


def test_plain_label_lines_in_a_document_without_markup_are_read_as_fields() -> None:
    text = (
        "Key Differences and Improvements\n1) Queue Subscription Policies\n"
        "Model Shortcomings:\n\nEach queue policy allows any principal.\n\n"
        "IDEAL_RESPONSE Improvements:\n\nRestricts the policy to the topic.\n\n"
        "2) Encryption at Rest\nModel Shortcomings:\n\n"
        "None. The model already enabled SSE on every queue.\n\n"
        "IDEAL_RESPONSE Improvements:\n\nNo change was needed in this area.\n\n"
        "3) Filter Policies\nModel Shortcomings:\n\nNo filter policy on any subscription.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == ["Queue Subscription Policies", "Filter Policies"]
    assert failures[0].model_snippet == "Each queue policy allows any principal."
    assert failures[0].ideal_fix == "Restricts the policy to the topic."
    wrong = (
        "# Failures\n\n## Shared IAM role instead of separate roles\n\nOne role for both.\n\n"
        "Wrong:\n```yaml\nRole: x\n```\n\nShould be:\n```yaml\nA: y\n```\n\n"
        "## Missing log encryption\n\nNo key.\n"
    )
    failure = parse_analysis(wrong).failures[0]
    assert "A: y" in failure.ideal_fix and "A: y" not in failure.model_snippet


def test_plain_numbered_items_in_parts_keep_their_titles_over_reason_paragraphs() -> None:
    text = (
        "Functional Issues in Model Response\n1. Snapshot Copy Triggered From the Wrong Event\n"
        "Model Response Issue:\n\nFocused: Other databases no longer trigger copies.\n\n"
        "2. Cross-Region Copy Missing the Destination KMS Key\nModel Response Issue:\n\n"
        "Functional: Encrypted snapshots can be copied at all.\n\n"
        "Secure: Copies stay encrypted with a key owned by the DR region.\n\n"
        "What the Model Response Did Well\n1. Used a parameter for the DR region.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Snapshot Copy Triggered From the Wrong Event",
        "Cross-Region Copy Missing the Destination KMS Key",
    ]


def test_a_bold_item_title_may_hold_a_bare_wildcard_or_snake_case_name() -> None:
    text = (
        "# Failures\n\n## 1. Deployment Blockers (Critical)\n\n1. **Crawler reads the wrong path**\n"
        "   - Nothing is crawled.\n\n## 2. Security Issues (High)\n\n"
        "3. **Bucket Missing enforce_ssl**\n   - Plain HTTP allowed.\n\n"
        "4. **Glue Role Uses s3:* on All Buckets**\n   - Far too broad.\n\n"
        "## 3. Maintainability (Low)\n\n5. **Hardcoded Account**\n   - In app.py.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Deployment Blockers",
        "Bucket Missing enforce_ssl",
        "Glue Role Uses s3:* on All Buckets",
        # (after a category of two bullets, a category's lone bullet is its failure)
        "Hardcoded Account",
    ]


def test_bold_bullet_and_run_in_titles_may_hold_a_bare_wildcard() -> None:
    title = "Glue Role Uses s3:* on All Buckets"
    bullets = (
        f"## Issues\n\n- **First Problem Here**: text.\n- **{title}**: more.\n- **Third**: x.\n"
    )
    run_ins = (
        f"# Review\n\n## Findings\n\n**First problem here.** The model did x.\n\n"
        f"**{title}.** The policy is too broad.\n\n**Third problem.** Text.\n"
    )
    grouped = (
        f"# Failures\n\n## 2. Minor Issues\n\n- **First Problem**: text.\n- **{title}**: more.\n"
    )
    for text in (bullets, run_ins, grouped):
        assert title in [f.title for f in parse_analysis(text).failures]


def test_a_level_named_group_of_observations_holds_failures_of_that_level() -> None:
    text = (
        "# Failure Analysis\n\n## High Priority Gaps\n\n### 1. Inspection Failures\n\n"
        "#### 1.1 Appliance Mode Not Enabled\nTraffic is dropped.\n\n"
        "#### 1.2 Firewall Policy Has No Stateful Rules\nNothing is inspected.\n\n"
        "## Low Priority Observations\n\n### 2. Code Organisation\n\n"
        "#### 2.1 Spoke Definitions Copy-Pasted\nThree near-identical blocks.\n\n"
        "#### 2.2 Outputs Do Not Expose the Route Table IDs\nOnly the gateway ID.\n\n"
        "## Summary\n\nFour gaps.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Low", "Low"]
    minor = (
        "# Failures\n\n### **ISSUE 1: Master Password In State**\n\n#### **Impact**\n\n"
        "- Leaks.\n\n## **Minor Observations**\n\n### **Parameter Group Family Hard-Coded**\n\n"
        "- `family` is fixed while the version is a variable\n- Upgrading breaks the apply\n\n"
        "### **Missing Deletion Protection Toggle**\n\n- Always off\n"
    )
    assert [f.title for f in parse_analysis(minor).failures][1:] == [
        "Parameter Group Family Hard-Coded",
        "Missing Deletion Protection Toggle",
    ]


def test_a_level_note_merged_into_another_item_takes_its_item_back() -> None:
    text = (
        "## Moderate Failures\n\n### 4. Cluster Log Types Incomplete\n\n**Severity**: Moderate\n\n"
        "### 5. Node Group Scaling Ignores the Autoscaler\n\n**Severity**: Moderate (same root "
        "problem as #2 — merged into #2 on re-review, not counted separately)\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Cluster Log Types Incomplete"]


def test_an_ok_inside_the_models_fenced_output_is_no_passed_note() -> None:
    text = (
        "## Unrated Failures\n\n### 1. Health check\n\n**Impact Level**: None\n\n"
        "**MODEL_RESPONSE Issue**:\n\n~~~text\nOK\n~~~\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Health check"]


def test_a_list_entry_pointing_back_at_an_item_is_told_already() -> None:
    text = (
        "# Failures\n\n## Primary Failures\n\n### 1. Broken Compute Layer (Critical)\n\nx\n\n"
        "### 2. Exposed Cache Layer (High)\n\ny\n\n## Compliance Issues\n\n"
        "- Redis reachable from the internet (see item 2).\n- No flow logs at all.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Broken Compute Layer",
        "Exposed Cache Layer",
        "No flow logs at all.",
    ]


def test_a_section_of_deliberate_choices_holds_no_failure() -> None:
    text = (
        "# Issues Fixed in Model Response\n\n## 1. Validation Errors\n\n"
        "### Unsupported Argument on the Cluster\n\n**Issue**: A v1 block on a v2 cluster.\n\n"
        "**Fix**: Replaced it.\n\n### Engine Version Not Available\n\n"
        "**Issue**: 13.6 has no v2 instances.\n\n**Fix**: Pinned 15.4.\n\n"
        "## 2. Intentional Differences From the Reference\n\n"
        "These are deliberate choices in the current code, recorded so reviewers do not flag "
        "them.\n\n1. Cluster identifier naming\n   - Adds the workspace name.\n\n"
        "2. Backup window\n   - An hour later.\n\n## 3. Runtime Issues\n\n"
        "### Security Group Open to the VPC\n\n**Issue**: Any host can connect.\n\n"
        "**Fix**: Only the app's group.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Unsupported Argument on the Cluster",
        "Engine Version Not Available",
        "Security Group Open to the VPC",
    ]


def test_a_guide_of_what_a_model_can_get_wrong_is_no_record_of_this_response() -> None:
    text = (
        "# Model Failures for an Image Pipeline\n\n"
        "For this pipeline, here are common risk areas that an AI model can get wrong on this "
        "kind of task:\n\n## A. Storage Risks\n\n### Upload Bucket Settings\n"
        "**Risk**: Bucket not configured to trigger processing\n\n### Retention\n"
        "**Risk**: No lifecycle rule\n\n## Failures Observed in This MODEL_RESPONSE\n\n"
        "Two problems were present:\n\n1. **Recursive trigger**: thumbnails re-trigger the "
        "resizer.\n2. **Wrong architecture**: the native module is built for x86.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Recursive trigger",
        "Wrong architecture",
    ]


def test_rows_of_a_two_column_table_under_a_failures_heading_name_the_failures() -> None:
    text = (
        "Model Review\n============\n\nLimitations & Failures\n----------------------\n\n"
        "Given the same prompt, the model fell short in these areas:\n\n"
        "| Area | What the model produced |\n|------|-------------------------|\n"
        "| **Scaling** | Scaling block omitted |\n| **Secrets rotation** | Never rotated |\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Scaling", "Secrets rotation"]


def test_scores_written_as_n_of_ten_or_in_words() -> None:
    base = (
        "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Lessons Learned\n\n- Bind plans to stages\n\n"
    )
    assert parse_analysis(base + "Quality score: 4.0 of 10\n").score == 4
    assert parse_analysis(base + "Overall quality score: 6 of 10\n").score == 6
    worded = base.replace("## Lessons Learned\n\n- Bind plans to stages\n\n", "## Summary\n\n")
    assert parse_analysis(worded + "- **Training Quality**: seven out of ten\n").score == 7


def test_a_plain_text_checklist_marked_fail_and_pass_lists_its_failures() -> None:
    text = (
        "# QA Report\n\n### Status: PASSED WITH FINDINGS [PASS]\n\n"
        "Three checks failed; they are marked [FAIL] below.\n\n### Requirements [PASS]\n\n"
        "1. **Transfer Server**:\n   - [PASS] SFTP with service-managed users\n"
        "   - [FAIL] Endpoint type is PUBLIC; a VPC endpoint was required (Severity: High)\n\n"
        "2. **Landing Bucket**:\n   - [PASS] Versioning enabled\n"
        "   - [FAIL] No lifecycle rule for raw uploads (Severity: Medium)\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Endpoint type is PUBLIC", "High"),
        ("No lifecycle rule for raw uploads", "Medium"),
    ]


def test_a_training_value_with_a_decimal_and_its_reason_is_the_score() -> None:
    base = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Summary\n\n"
    said = base + "- **Training value**: **6.5** - A realistic build with one blocker.\n"
    assert parse_analysis(said).score == 6.5
    counted = base + "- **Training value**: 3 regions covered, high.\n"
    assert parse_analysis(counted).score is None


def test_a_total_closing_a_score_section_is_the_score() -> None:
    text = (
        "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Training Value Score\n\n"
        "**Why this score?**:\n\n**Strengths** (+6 base):\n- Two plausible defects\n\n"
        "**Additional Points** (+1.5):\n- A realistic scenario\n\n**Total**: 7.5\n"
    )
    assert parse_analysis(text).score == 7.5


def test_a_reference_section_that_says_its_items_are_not_findings_holds_none() -> None:
    text = (
        "## Problems Found in the Model's Response\n\n### 1. Role Cannot Use the Key\n\n"
        "**Severity**: Critical\n\n## General Replication Failure Scenarios (Reference)\n\n"
        "These are not findings against this response; they are kept as a checklist.\n\n"
        "### 1. Bucket Names Already Taken\n\nNames are global.\n\n"
        "### 2. Provider Alias Missing\n\nReplicas land in the wrong region.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Role Cannot Use the Key"]


def test_a_level_label_with_a_dash_for_its_colon() -> None:
    text = (
        "## 1. Cognito Configuration\n\n#### Problem: Self sign-up enabled\nSeverity - High\n\n"
        "Original code allowed it.\n\n#### Problem: Weak password policy\nSeverity — Medium\n\n"
        "Eight characters only.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_quality_scores_out_of_ten_in_more_forms() -> None:
    base = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Summary\n\nDone.\n\n"
    for line, score in (
        ("Quality: 4 out of 10", 4),
        ("Overall quality: 4 of 10", 4),
        ("- Quality score 8.5 (out of ten)", 8.5),
        ("Quality score: 8.5", 8.5),
        ("**Training Value**: 7 (out of 10)", 7),
    ):
        assert parse_analysis(base + line + "\n").score == score, line


def test_a_plain_entrys_level_may_sit_on_the_line_it_wraps_onto() -> None:
    text = (
        "What the model got wrong:\n\n"
        "1) The authorizer has no identity sources, so every request fails. Severity: high.\n\n"
        "2) The table is on-demand but the model also set capacity,\n"
        "which the provider rejects. Severity: critical, nothing deploys until it is removed.\n\n"
        "3) The route uses payload 1.0. Severity: critical.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical", "Critical"]


def test_pitfalls_the_model_avoided_are_listed_for_reference_not_as_failures() -> None:
    found = "## Failures\n\n### 1. Origin Bucket Left Public\n\n**Issue**: Public reads.\n\n"
    checked = found + (
        "## Pitfalls Checked and Not Present\n\n"
        "The usual patterns; the model got them right, so they are listed for reference only.\n\n"
        "### 2. Missing Bucket Versioning\n\n**Issue**: Often forgotten.\n"
    )
    avoided = found + (
        "## Other Pitfalls Worth Knowing (not present in this response)\n\n"
        "Common with this kind of template but the model avoided them.\n\n"
        "### 2. Deletion Protection Left On\n\n**Issue**: Stacks cannot be torn down.\n"
    )
    for text in (checked, avoided):
        assert [f.title for f in parse_analysis(text).failures] == ["Origin Bucket Left Public"]


def test_an_already_correct_section_is_praise_and_a_slash_level_closes_a_heading() -> None:
    text = (
        "## Cosmetic / Minor\n\n### 7. Inconsistent Resource Naming\n\n**Issue**: Mixed prefixes.\n\n"
        "## Already Correct in the Model Response\n\n### 8. Transit Gateway ASN\n\n"
        "**Note**: A private ASN, as asked. No change needed.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [("Inconsistent Resource Naming", "Low")]


def test_problem_id_blocks_are_one_failure_each() -> None:
    text = (
        "#### 2. Major Failures\n\n**Problem ID:** `MF-MAJ-001`\n**Category:** Network\n"
        "**Summary:** All spokes share one route table.\n\n**Problem ID:** `MF-MAJ-002`\n"
        "**Category:** Egress\n**Summary:** The NAT gateway sits in the wrong VPC.\n\n"
        "#### 3. Minor Failures\n\n**Problem ID:** `MF-MIN-001`\n**Summary:** Tags missing.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "High", "Low"]


def test_observations_that_each_rate_themselves_are_failures() -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Thumbprint hard-coded\n\n**Impact**: No IRSA.\n\n"
        "## Lower-Priority Observations\n\nThe remaining findings are small:\n\n"
        "1. **Unused import** — (Low) imported twice, one copy unused.\n"
        "2. **Reserved concurrency set to 1** — serialises processing. (severity: high)\n\n"
        "## Summary\n\n- **Critical**: 1 failure\n- **Low**: 1 failure\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "High"]


def test_corrections_in_a_named_file_are_a_section_of_failures_not_an_items_part() -> None:
    text = (
        "### Corrections in the app entry point (main.go)\n\n"
        "5. **Environment not pinned**: the stack props had no env, so the lookup failed\n"
        "   - Category: Configuration\n   - Impact: Moderate\n"
        "   - Fix: Read account and region from the environment\n\n## Recommendations\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium"]


def test_a_failures_or_problems_label_inside_a_bold_titled_item_is_its_part() -> None:
    text = (
        "## Networking Failures\n\n**Subnet Group References Public Subnets**\n\n"
        "**Issue**: The cache lists the public subnets.\n\n**Failures**:\n"
        "- Nodes route to the internet gateway\n\n**Security Group Ingress Too Broad**\n\n"
        "**Issue**: Port 6379 from anywhere.\n\n**Problems:**\n- Anyone can connect\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == [
        "Subnet Group References Public Subnets",
        "Security Group Ingress Too Broad",
    ]
    assert "internet gateway" in failures[0].model_snippet


def test_a_bullet_headed_good_in_a_plain_list_is_praise() -> None:
    text = (
        "Problems found in the model's stack:\n\n"
        "- (high) Task and execution roles were the same role.\n"
        "- (medium) The rule targeted the cluster without a network configuration.\n\n"
        "+ Good: the region comes from AWS_REGION with a fallback.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_bare_quality_verdict_on_the_ten_point_scale_is_the_score() -> None:
    base = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Summary\n\nDone.\n\n"
    for line, score in (
        ("Quality: 6.5", 6.5),
        ("**Quality:** 7", 7),
        ("Quality 7 — the structure was good", 7),
        ("Quality: 3 checks failed", None),
        ("Code quality: 6.5", None),
    ):
        assert parse_analysis(base + line + "\n").score == score, line


def test_untagged_prose_sections_beside_sections_of_tagged_headings() -> None:
    text = (
        "# Review\n\n## Governance Failures\n\n### Permissions Never Granted (Critical)\n\n"
        "No grants at all.\n\n### Default Principals Left in Place\n\nEveryone can read.\n\n"
        "## Query Layer Failures\n\n### Workgroup Without Enforced Result Location\n\n"
        "Results land anywhere.\n\n### No Per-Query Scan Limit\n\nA query can scan everything.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", None, None, None]


def test_a_withdrawn_prefix_and_fault_telling_sub_headings() -> None:
    text = (
        "# Failures\n\n## FAULT 3: No Test Listener\n\n### What Went Wrong\n\nNo listener.\n\n"
        "## FAULT 4 — WITHDRAWN: ECR Image Scanning Disabled\n\n### What Went Wrong\n\n"
        "Scanning is on after all.\n\n## Additional Minor Issues\n\n"
        "### Service Ignores External Task Definition Updates\n\n"
        "- The service has no lifecycle rule\n- Every apply reverts the release\n\n"
        "### Region Hardcoded in Provider Block\n\n- The region is a literal\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "No Test Listener",
        "Service Ignores External Task Definition Updates",
        "Region Hardcoded in Provider Block",
    ]


def test_a_numbered_did_well_part_inside_a_failures_section_is_praise() -> None:
    text = (
        "## Critical Failures Analysis\n\n### 1. Network Placement Problems\n\n"
        "**Tasks in Public Subnets**\n- **Issue**: Public IPs on every task\n\n"
        "**No VPC Endpoints**\n- **Issue**: Image pulls go through NAT\n\n"
        "### 2. Things the Model Did Well\n\n**Aurora Cluster Configuration**\n"
        "- **Observation**: Encryption and backups present\n- **Verdict**: Matches the ideal\n\n"
        "**ALB Listener Setup**\n- **Observation**: HTTP redirects to HTTPS\n\n"
        "### 3. Scaling and Resilience\n\n**No Service Auto Scaling**\n- **Issue**: Fixed count\n\n"
        "**Log Group Without Retention**\n- **Issue**: Logs kept forever\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Tasks in Public Subnets",
        "No VPC Endpoints",
        "No Service Auto Scaling",
        "Log Group Without Retention",
    ]


def test_a_to_do_list_under_issues_requiring_a_fix_is_no_more_failures() -> None:
    text = (
        "## Failures\n\n### 1. API endpoint is public\n\n**Severity**: Critical\n\n"
        "### 2. Secrets not encrypted\n\n**Severity**: High\n\n"
        "## Most Critical Issues Requiring Immediate Fix\n\n1. Make the API endpoint private\n"
        "2. Add secrets encryption\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_a_level_leading_the_problem_labels_value_is_the_items_level() -> None:
    text = (
        "# Failures\n\n## 1. Encryption error not handled\n\n**Problem**: A bucket without "
        "encryption raises.\n\n## 2. Public access block checked only per bucket\n\n"
        "**Problem**: Severity: high. The account-level block is ignored.\n\n"
        "**Correction**: Combine both settings.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [None, "High"]


def test_a_reason_line_like_compliant_inside_a_plain_item_does_not_end_the_list() -> None:
    text = (
        "Critical Technical Issues in Model Response\n1. Vault Without a Customer-Managed Key\n"
        "Model Response Issue:\nThe vault has no key ARN.\n\nWhy Ideal Response is Better:\n\n"
        "Compliant: Meets the stated encryption requirement.\n\n"
        "Controllable: Key policy limits who can restore.\n\nModerate Issues\n"
        "2. Selection by Tag Uses the Wrong Condition\nModel Response Issue:\nThe tag is never "
        "matched.\n\nDocumentation Issues (Minor)\n3. No Restore Instructions\n"
        "Model Response Issue:\nNothing on restoring.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium", "Low"]


def test_a_plain_enhancement_label_opening_an_item_tells_no_fault() -> None:
    text = (
        "1) Queue visibility timeout too short\n\n2) Redrive policy pointed at the queue URL\n\n"
        "3) Raw message delivery not enabled\n\n   Issue: Raw delivery is left off.\n"
        "   Severity: Low\n   Fix: Turn it on.\n\n4) Encryption kept from the original\n\n"
        "   Enhancement: Outputs were extended with the queue ARNs.\n"
    )
    assert len(parse_analysis(text).failures) == 3


def test_items_taken_back_in_more_words() -> None:
    head = "# Failures\n\n## 1. Remote State Without Locking\n\nNo lock table.\n\n"
    for tail in (
        "## 2. Variable Naming\n\nHaving looked again, the names are fine, so I am not counting "
        "this against the responses.\n",
        "## 2. Output Names\n\nI listed them as wrong, but they match the tests, so this point "
        "is withdrawn.\n",
        "## 2. Client Authentication\n\nThis was my mistake. Withdrawing this finding; it is not "
        "counted below.\n",
    ):
        assert [f.title for f in parse_analysis(head + tail).failures] == [
            "Remote State Without Locking"
        ], tail
    kept = head + (
        "## 2. Cross-Account Keys\n\nThe bucket key cannot be shared.\n\nd. The ideal also sets "
        "Docker for synth; part of the same fix, so I'm not counting it separately.\n"
    )
    assert len(parse_analysis(kept).failures) == 2


def test_a_bold_bullet_rated_after_its_bold_title_is_not_lost() -> None:
    text = (
        "# Failures\n\n## 1. Critical Issues\n\n- **Public Endpoint**\n  - Open to all.\n\n"
        "- **No Encryption**\n  - Plain storage.\n\n## 2. Major Issues\n\n"
        "- **No Final Snapshot on Destroy**\n  - Hardcoded skip.\n\n"
        "- **Parameter Group Family Mismatch** (Severity: Medium)\n  - Family 14, engine 15.\n\n"
        "- **Security Group Open**\n  - 0.0.0.0/0.\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "Critical", "High", "Medium", "High"]


def test_a_plain_praise_lead_in_after_the_failure_bullets_ends_them() -> None:
    text = (
        "Problems found in the model's stack for the static site:\n\n"
        "- ACM certificate created in eu-west-1 → CloudFront needs us-east-1 (critical).\n"
        "- Bucket left public with a website endpoint → use OAC (high).\n\n"
        "Done right:\n- Outputs expose the distribution domain.\n- Tags come from one object.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_training_value_scores_labelled_score_or_bracketed_in_prose() -> None:
    base = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Summary\n\nDone.\n\n"
    for line, score in (
        ("TRAINING VALUE SCORE: 7", 7),
        ("This gives **moderate training value** (score: 6.5) because one failure is subtle.", 6.5),
        ("Training Value: 3 regions covered", None),
    ):
        assert parse_analysis(base + line + "\n").score == score, line


def test_non_issues_and_areas_handled_correctly_are_praise() -> None:
    text = (
        "## 1. Caching Failures\n\n### Default TTL Left at Zero\n\n**Failure**: Nothing cached.\n\n"
        "## 2. Areas Handled Correctly\n\n### Bucket Encryption\n\n**Observation**: Enabled.\n\n"
        "### Error Pages\n\n**Observation**: Mapped to index.html.\n\n"
        "## ✅ Non-Issues (Checked and Fine)\n\n### CHECK-01: HTTPS Redirect\n\nSet correctly.\n\n"
        "### CHECK-02: Log Bucket Ownership\n\nAs CloudFront logging needs.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Default TTL Left at Zero"]


def test_long_withdrawal_notes_inline_impact_levels_and_would_have_caught_sections() -> None:
    withdrawn = (
        "## Moderate Issues\n\n### 5. **Inline Templates**\n\nx\n\n### 6. **Missing PITR** "
        "(withdrawn - PITR is enabled through the shared defaults object; I missed it on first "
        "read)\n\n## Minor\n\n### 7. **README Gap**\n\ny\n"
    )
    assert [f.title for f in parse_analysis(withdrawn).failures] == [
        "Inline Templates",
        "README Gap",
    ]
    rated = (
        "## Medium and Low Failures\n\nThe remaining items are smaller.\n\n"
        "**Firewall logging not configured** (Impact Level: Medium)\n\nNo alert logs.\n\n"
        "**Missing stack outputs** (Impact Level: Low)\n\nSpoke teams need the IDs.\n"
    )
    assert [f.severity for f in parse_analysis(rated).failures] == ["Medium", "Low"]
    advice = (
        "## High Issues\n\n### 1. Role cannot read the bucket\n\n**Severity**: HIGH\n\n"
        "### 2. No bookmarks\n\n**Severity**: HIGH\n\n"
        "## Testing That Would Have Caught These Issues\n\n"
        "1. **A dry-run job** would have surfaced 1 within minutes.\n"
        "2. **Running the job twice** would have shown 2.\n"
    )
    assert len(parse_analysis(advice).failures) == 2


def test_a_score_bullet_closing_a_plain_text_document_is_read() -> None:
    text = (
        "MEDIUM FAILURES\n\n3) VPC endpoints created in one subnet only\n\nImpact Level: Medium\n\n"
        "Summary\n\n- Total failures: 1 Medium\n"
        "- Score: 8 of 10 for training value: small, clearly fixable mistakes.\n"
    )
    assert parse_analysis(text).score == 8


def test_a_tagged_group_heading_over_numbered_siblings_is_their_category() -> None:
    text = (
        "# Fixes Applied\n\n## Critical Infrastructure Gaps Addressed\n\n"
        "## 1. **Endpoint Service Never Created**\n\n### Problem:\nNo service.\n\n"
        "## Lower-Priority Gaps (Moderate)\n\n## 2. **Health Check Protocol Mismatch**\n\n"
        "### Problem:\nHTTP against a TLS port.\n\n## 3. **Missing Access Logs** (Minor)\n\n"
        "### Problem:\nNo logs.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Medium", "Low"]


def test_a_plain_entrys_severity_without_a_colon() -> None:
    text = (
        "Problems found in the response:\n\n"
        "1) Provider region set to an availability zone. Severity high: plan fails at once.\n"
        "2) CPU passed as an int where a string is expected. Severity medium, a compile error.\n"
        "3) Health check path hardcoded to /. Severity low.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low"]


def test_kept_as_is_is_praise_and_a_score_closing_a_paragraph_is_read() -> None:
    text = (
        "## Blocking Issues Fixed\n\n**1. Missing id-token Permission**\n\nOIDC fails.\n\n"
        "**Kept as-is: OIDC Trust Condition**\n\nThe trust policy is right. Nothing to change.\n\n"
        "**2. Apply Ran on Pull Requests**\n\nEvery PR applied.\n\n## 3. Things Kept As-Is\n\n"
        "### Note: Dead-letter configuration\n\nAlready correct.\n\n## Summary\n\n"
        "The response had the right resources, but the wiring needed work. Score: 7.5\n"
    )
    analysis = parse_analysis(text)
    assert len(analysis.failures) == 2
    assert analysis.score == 7.5


def test_a_summary_table_rates_items_it_names_by_number() -> None:
    text = (
        "# Failures\n\n**Flaw 1 — Lambda in a VPC without a NAT path**\n\nNo egress.\n\n"
        "**Flaw 2 — Shard count ignores throughput**\n\nOne shard.\n\n"
        "**Flaw 3 — Crawler role trusts a misspelled principal**\n\nNever assumed.\n\n"
        "## Severity\n\n| Flaw | Severity |\n|------|----------|\n| 1 | High |\n| 2 | Medium |\n"
        "| 3 | Critical |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Critical"]


def test_an_observed_section_that_calls_what_came_above_generic_keeps_only_its_items() -> None:
    checklist = (
        "# Common Model Failures\n\n## Security\n\n- **Wildcard Permissions**: `sqs:*` on `*`\n"
        "- **Unencrypted Topics**: no key\n\n## Issues Actually Found in This MODEL_RESPONSE\n\n"
        "The checklist above is generic. Only two of these patterns occur:\n\n"
        "1. **Visibility timeout too short** (High): the queue keeps 30 seconds.\n"
        "2. **Unencrypted topic** (Medium): no key on the topic.\n"
    )
    assert [f.severity for f in parse_analysis(checklist).failures] == ["High", "Medium"]
    flat = (
        "## Purpose\n\nDeployment notes.\n\n## 1. Provider Initialization Failure\n\n"
        "**Cause:** a stale cache.\n\n## Problems Found in This Model Response\n\n"
        "The scenarios above are general guidance. The items below were observed.\n\n"
        "## 2. Stream Encryption Disabled\n\n**Severity:** High\n\n"
        "## 3. Error Output Prefix Missing\n\n**Severity:** Low\n"
    )
    assert [f.severity for f in parse_analysis(flat).failures] == ["High", "Low"]


def test_a_general_guidance_part_beside_an_observed_part_holds_no_failures() -> None:
    text = (
        "# Review\n\n## Part 1: Typical Failure Areas (General Guidance)\n\n### Triggers\n\n"
        "- **Recursive Invocation**: writing back into the bucket\n- **Prefix Filters Missing**: "
        "every event invokes\n\n## Part 2: Failures Observed in This Response\n\n"
        "### Severity: High\n\n- **Same bucket for input and output**: loops forever\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High"]
    reference = (
        "# Model Failures\n\n### Issues Found\n\n- **No dead-letter queue**: (Medium)\n"
        "- **Lifecycle rule uses the wrong prefix**: (Low)\n\n"
        "### Common Pitfalls (general reference - none of these occurred in this response)\n\n"
        "#### 1. Recording every resource type globally\n\nCosts add up.\n"
    )
    assert len(parse_analysis(reference).failures) == 2
    assert _heading_level("é critical") is None


def test_a_list_entry_opening_not_a_failure_is_no_failure() -> None:
    text = (
        "Failures found:\n\n1. The queue URL was passed where the ARN is required (critical)\n\n"
        "2. Not a failure, but worth noting: the model correctly used Output.all for the policy.\n\n"
        "3. No dead-letter queue on the subscription (medium)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_quality_rating_where_it_was_better_and_good_bullets() -> None:
    base = "## Issues\n\n### 1. X\n\n**Issue**: y\n\n## Summary\n\nDone.\n\n"
    assert parse_analysis(base + "Overall quality rating: 6.5\n").score == 6.5
    better = base.replace("## Summary\n\nDone.\n\n", "") + (
        "## Where MODEL_RESPONSE3 Was Actually Better\n\n### 2. **Athena Result Encryption**\n"
        "- **MODEL_RESPONSE3**: SSE-KMS on results\n- **IDEAL_RESPONSE**: adopted the model's\n"
    )
    assert len(parse_analysis(better).failures) == 1
    bullets = (
        "## Findings\n\n- **[High] Instance publicly accessible**: open to the internet\n"
        "- **Good:** Multi-AZ and encryption are right.\n"
        "- **[Low] Backup window overlaps maintenance**: both at 03:00\n"
    )
    assert [f.severity for f in parse_analysis(bullets).failures] == ["High", "Low"]


def test_bold_group_labels_rated_in_their_titles_are_one_failure_each() -> None:
    text = (
        "The model response had several problems that were corrected:\n\n"
        "**Secrets Handling Issues (Critical):**\n- The password was a variable default\n"
        "- Replaced with a managed secret\n\n**Replica Configuration Issues (High):**\n"
        "- The replica set conflicting arguments\n- They were removed\n\n"
        "**Parameter Group Issues (withdrawn):**\n- Our mistake; the family is valid\n\n"
        "**Tagging Issues (Low):**\n- Owner tags missing\n\n"
        "**What the response got right:**\n- Three private subnets\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_numbered_feature_headings_beside_labelled_items_are_no_failures() -> None:
    text = (
        "# Infrastructure Improvements and Fixes\n\n## Critical Fixes Applied\n\n"
        "### 1. Name Length\n**Issue**: The group name exceeds 32 characters\n**Fix**: Shortened\n\n"
        "### 2. Runtime Dependencies\n**Issue**: Modules missing at run time\n**Fix**: Inlined\n\n"
        "## Monitoring and Observability\n\n### 1. Comprehensive Logging\n"
        "- Log groups for all functions\n- Access logging\n\n### 2. Metrics Collection\n"
        "- Lambda Insights metrics\n- Custom metrics\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Name Length",
        "Runtime Dependencies",
    ]


def test_a_plain_levelled_run_goes_on_through_an_entry_rated_by_its_last_sentence() -> None:
    text = (
        "Issues found in the model's Terraform:\n\n"
        "1. Critical Issue - apply stopped because the parameter group family does not match.\n\n"
        "2. Low issues - the replication group description is an empty string.\n\n"
        "3. The subnet group lists one private subnet, so failover was rejected once the "
        "parameter group was fixed. High.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "High"]


def test_a_bracketed_retraction_and_a_score_line_after_a_plain_list() -> None:
    text = (
        "The response gets the shape right but will not deploy.\n\n1. Critical Security Flaw\n\n"
        "Public Bucket Policy: The policy lets anyone read every object.\n\n"
        "2. Deployment Blockers (Will Crash cdktf deploy)\n\n"
        "Certificate in the Wrong Region: The certificate is made in eu-west-1.\n\n"
        "Missing Origin Access Control: The model never creates one. (Retracted after "
        "re-checking: it is created further down, so this point does not stand.)\n\n"
        "Invalid Cache Policy Reference: A display name where an ID is needed.\n\n"
        "3. Minor Issues\n\nDefault Root Object Missing: The bare domain returns an error.\n\n"
        "Hardcoded Domain Name: The domain is written three times.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert "Missing Origin Access Control" not in titles and len(titles) == 5
    scored = (
        "Insert here the model's failures\n\n1. [Critical] The `aws_s3_bucket_policy` denies all "
        "`s3:*` for principals without MFA, which also locks out the Terraform role itself; the "
        "next `terraform apply` fails with AccessDenied.\n2. Versioning configured with the "
        "deprecated inline `versioning {}` block on `aws_s3_bucket` instead of "
        "`aws_s3_bucket_versioning`, producing deprecation warnings and drift on provider v5.\n"
        "3. (Minor) Output `bucket_name` has no description.\n\nTraining quality: 5/10\n"
    )
    analysis = parse_analysis(scored)
    assert [f.severity for f in analysis.failures] == ["Critical", None, "Low"]
    assert analysis.score == 5


def test_gaps_in_model_knowledge_heading_lists_the_gaps() -> None:
    text = (
        "## Failures\n\n#### 1. Provider Version Unpinned\n**Failure:** Upgrades changed the plan.\n\n"
        "## Gaps in Model Knowledge\n\n- Association vs propagation\n- Backend locking options\n"
    )
    analysis = parse_analysis(text)
    assert len(analysis.failures) == 1
    assert analysis.knowledge_gaps == ["Association vs propagation", "Backend locking options"]


def test_file_by_file_sections_under_an_issues_title_that_announces_them() -> None:
    text = (
        "## Infrastructure Implementation Issues\n\nThe template had the following problems. "
        "They are grouped by file because different people reviewed them.\n\n"
        "### src/extract/app.py\n\n- The **polling loop** calls the API in a `while True` with "
        "no attempt limit (medium), so a stuck job burns the timeout.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium"]


def test_lettered_sub_numbers_under_a_numbered_group_are_its_items() -> None:
    text = (
        "## Review\n\n### 4. Health Check Path\n**Issue Found**: Wrong path.\n**Impact**: Moderate\n\n"
        "### 5. IAM Problems in the Secondary Region\n\n#### 5a. Role Trusts the Wrong Service\n"
        "**Issue Found**: ec2 instead of s3.\n**Impact**: Major\n\n"
        "#### 5b. Inline Policy Uses a Deprecated Argument\n**Issue Found**: An inline JSON string.\n"
        "**Impact**: Minor\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "High", "Low"]


def test_an_unrated_heading_telling_a_fault_beside_rated_siblings_is_a_failure() -> None:
    text = (
        "Model Failures\n==============\n\nTask: a thumbnail pipeline.\n\n"
        "Visibility Timeout Shorter Than the Function Timeout\n"
        "----------------------------------------------------\n\nMessages reappear.\n\n"
        "Severity: high\n\nMissing EnvironmentSuffix on Queue Names\n"
        "----------------------------------------\n\nTwo stacks collide.\n\n"
        "Reserved Concurrency Set to 1\n-----------------------------\n\nOne at a time.\n\n"
        "Severity: medium\n\nPossible Pitfall: Testing Without a Region\n"
        "------------------------------------------\n\nIt could fail.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", None, "Medium"]


def test_a_rated_numbered_bold_title_under_a_notes_section_is_a_failure() -> None:
    text = (
        "## Failures\n\n### 1. [CRITICAL] Version Mismatch\n\n**Issue**: Old library.\n\n"
        "### 2. [MAJOR] Outputs Lack Export Names\n\n**Issue**: Nothing exported.\n\n"
        "## Code Quality Notes\n\n**3. [MINOR] Handlers Have No Docs**\n"
        "All handlers sit in the default package without comments.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_parts_that_say_correct_or_as_required_and_a_code_before_the_level() -> None:
    gaps = (
        "## 1. Architectural Gaps\n\n### c. Cache Behaviours\n- **Partial:** Only a default one.\n\n"
        "### d. Access Logging\n- **Correct:** Logging goes to a dedicated bucket; this matches "
        "the ideal, no change needed.\n\n### e. DNS Records\n- **Different:** Only an A record.\n"
    )
    assert [f.title for f in parse_analysis(gaps).failures] == ["Cache Behaviours", "DNS Records"]
    bullets = (
        "## 3. Load Balancer Configuration\n- **Health Check Path (Medium):**\n"
        "  - The path returns a redirect\n- **Listener Rules:**\n"
        "  - The redirect and the HTTPS listener are implemented as required\n"
        "  - No change needed\n\n## 5. Linting Issues\n- **Unused Parameter (W2001, Low):**\n"
        "  - Declared, never used\n- **Hard-coded Partition (I3042, Low):**\n  - Literal ARNs\n"
    )
    assert [f.severity for f in parse_analysis(bullets).failures] == ["Medium", "Low", "Low"]


def test_a_numbered_heading_with_its_own_fields_before_numbered_bold_items_is_one_more() -> None:
    text = (
        "# Model Failures\n\n## 1. Edge Function In The Wrong Region - Critical\n\n"
        "**Issue**: Created in eu-west-1.\n\n**Correct Code**: use the us-east-1 provider.\n\n"
        "## 2. Missing Security Headers\n\n**Issue**: No headers policy.\n\n"
        "**Correct Code**:\n```ts\nresponseHeadersPolicyId: headers.id,\n```\n\n---\n\n"
        "Added in a second pass, more briefly.\n\n**5. Cookies Forwarded To The Origin (Medium)**\n\n"
        "Issue: Every cookie is forwarded.\nFix: Forward only the session cookie.\n\n"
        "**6. Price Class Not Restricted - Low**\n\nIssue: PriceClass_All.\nFix: PriceClass_100.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures][1:3] == [
        "Missing Security Headers",
        "Cookies Forwarded To The Origin",
    ]
    assert [f.severity for f in failures] == ["Critical", None, "Medium", "Low"]


def test_a_sub_heading_whose_only_bullet_says_result_correct_is_no_failure() -> None:
    text = (
        "## Failures\n\n### 1. Critical Cluster Misconfigurations\n\n"
        "#### Endpoint Left Public\n- **Failure**: public access on\n- **Impact**: reachable\n\n"
        "#### Version Pinned Correctly\n- **Result**: Correct - `1.29` as asked; no failure\n\n"
        "### 2. High Security Gaps\n\n#### SSH Open to the World\n- **Failure**: port 22 open\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == ["Endpoint Left Public", "SSH Open to the World"]
    assert [f.severity for f in failures] == ["Critical", "High"]


def test_excerpts_for_the_findings_above_are_no_new_failures() -> None:
    text = (
        "## Failures\n\n### Job Role and Execution Role Swapped\n\n**Issue**: swapped.\n\n"
        "### No Retry Strategy\n\n**Issue**: transient errors fail the job.\n\n"
        "## Code-Level Excerpts (for the findings above)\n\n### Job definition roles:\n"
        "- `JobRoleArn: !GetAtt ExecRole.Arn` (see the first finding)\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Job Role and Execution Role Swapped", "No Retry Strategy"]


def test_a_score_after_an_overall_lead_in_or_before_for_training_quality() -> None:
    items = "## Issues\n\n### 1. Security group open\n\n**Issue**: port 8080 open to all.\n\n"
    assert parse_analysis(items + "Overall: Quality 6.5\n").score == 6.5
    stated = "- **Training value**: **High** — I would put this at 7 of 10 for training quality.\n"
    assert parse_analysis(items + "## Summary\n\n" + stated).score == 7.0
    assert parse_analysis(items + "Overall: quality issues in 3 places\n").score is None


def test_a_section_of_pitfalls_not_observed_in_this_response_holds_no_failures() -> None:
    text = (
        "# Model Failures\n\n#### 1. Public API Endpoint\n\n**Problem**: open to all.\n\n"
        "### Node Group Issues\n\n## Terraform Pitfalls (not observed in this response)\n\n"
        "#### Missing State Lock Table\n\n**Problem**: concurrent applies.\n\n"
        "**Solution**: add a lock table.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Public API Endpoint"]


def test_a_withdrawn_table_row_takes_back_only_itself() -> None:
    text = (
        "## Issues\n\n| # | Issue | Severity | Notes |\n|---|---|---|---|\n"
        "| 1 | Public S3 bucket | Critical | policy allows * |\n"
        "| 2 | No KMS rotation | Medium | rotation off |\n"
        "| 3 | Missing VPC endpoint | ~~High~~ | Withdrawn: the endpoint exists |\n"
        "| 4 | No tags | Low | cost allocation |\n\nIssue totals: 1 critical, 1 medium, 1 low.\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "Medium", "Low"]
    assert analysis.claimed_counts == {"Critical": 1, "Medium": 1, "Low": 1}


def test_a_problem_part_that_says_none_found_takes_its_topic_back() -> None:
    text = (
        "## 1. FIFO Queue Naming\n\n### Problem\n- The name lacks the `.fifo` suffix.\n\n"
        "### Fix\n- Append `.fifo`.\n\n## 2. Queue Encryption\n\n### Problem\n"
        "- None found. The model enabled SSE on both queues as required.\n\n"
        "### Fix\n- No change needed\n\n## 3. Removal Policies\n\n### Problem\n"
        "- No issues found.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["FIFO Queue Naming"]


def test_checks_marked_pass_beside_failure_checks_are_no_failures() -> None:
    text = (
        "## 1. IOT CORE\n\n### 1.1 Topic Rule SQL\n- **FAILURE**: selects the wrong topic\n"
        "- **SEVERITY**: CRITICAL\n\n### 1.2 Device Policy\n"
        "- **PASS**: Publish restricted to the thing's own topic, as in the ideal\n"
        "- **IMPACT**: None\n\n---\n\n## 2. OUTPUTS\n\n### 2.1 Missing Outputs\n"
        "- **FAILURE**: no stream name output\n- **SEVERITY**: LOW\n\n### 2.2 Tags\n"
        "- **PASS**: `Tags.of(this).add('Project', 'x')` at stack level\n\n---\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Topic Rule SQL", "Missing Outputs"]


def test_a_section_heading_rating_all_its_items_at_one_level() -> None:
    for heading in ("## 3. Security Issues (all Critical)", "## 3. Security Issues — all Critical"):
        text = (
            f"{heading}\n\n### 3.1 Database Open to the VPC\n- **Issue**: ingress from the CIDR\n\n"
            "### 3.2 Storage Uses the AWS-Managed Key\n- **Issue**: no customer key\n"
        )
        assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Critical"]


def test_items_reviewed_and_dismissed_are_no_failures() -> None:
    section = (
        "## Tier 1: Critical\n\n### 1. Edge Function in the Wrong Region\n**Issue**: eu-west-1\n\n"
        "## Tier 4: Reviewed and Dismissed\n\n### 2. Bucket Names Not Unique\n"
        "**Issue**: suspected collisions\n**Resolution**: names include the account ID.\n"
    )
    assert [f.title for f in parse_analysis(section).failures] == [
        "Edge Function in the Wrong Region"
    ]
    titled = (
        "## Issues\n\n### 1. Edge Function in the Wrong Region\n**Issue**: eu-west-1\n\n"
        "### 2. Bucket Names Not Unique (dismissed)\n**Issue**: suspected collisions\n"
    )
    assert [f.title for f in parse_analysis(titled).failures] == [
        "Edge Function in the Wrong Region"
    ]


def test_a_score_sentence_closing_a_conclusion_paragraph() -> None:
    base = "## Issues\n\n### 1. Cluster has no instances\n\n**Problem**: no writer.\n\n## Conclusion\n\n"
    overall = "The model got the network right but shipped no instances. Overall score — 6.5.\n"
    assert parse_analysis(base + overall).score == 6.5
    # (the sentence before names a topic, "network"; the score's own sentence does not)
    sample = "It fails at joining the network. The score for this sample is 5 out of 10.\n"
    assert parse_analysis(base + sample).score == 5.0
    assert parse_analysis(base + "The network score is 5 out of 10.\n").score is None


def test_a_bracketed_severity_ending_the_problem_line_rates_the_item() -> None:
    text = (
        "### Functional Failures\n\n#### 1. **Aurora Cluster Has No Instances**\n"
        "**Problem**: no instance resources exist, so the cluster has no writer. "
        "(Severity: Critical)\n\n**Impact**: nothing answers.\n\n"
        "#### 2. **Bastion Open to the World**\n**Problem**: port 22 from anywhere.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", None]


def test_a_bold_level_group_label_straight_over_numbered_headings_is_no_failure() -> None:
    text = (
        "# Failures\n\nThis document analyzes the problems in the response.\n\n"
        "**CRITICAL FAILURES**\n\n#### 1. Domain Prefix Not Unique\n\n**Impact Level**: Critical\n\n"
        "**MODEL_RESPONSE Issue**: a fixed prefix.\n\n**HIGH FAILURES**\n\n"
        "#### 2. MFA Left Off\n\n**Impact Level**: High\n\n**MODEL_RESPONSE Issue**: MFA off.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == ["Domain Prefix Not Unique", "MFA Left Off"]


def test_counts_a_plain_summary_sentence_says_the_response_had() -> None:
    text = (
        "CRITICAL ISSUES FIXED\n\n1. Task role cannot pull images\n2. Service in public subnets\n"
        "3. Password in plain text\n\nMINOR ISSUES FIXED\n\n4. Log retention not set\n"
        "5. Health check too aggressive\n\nSUMMARY\n\n"
        "The original implementation had 3 critical and 2 minor issues. It deploys now.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 3, "Low": 2}


def test_level_headings_with_a_count_under_a_summary_are_claimed_counts() -> None:
    text = (
        "## Failures\n\n### 1. State machine API signature\n**Severity**: High\n\n"
        "### 2. Wildcard IAM\n**Severity**: High\n\n### 3. No TTL\n**Severity**: Medium\n\n"
        "## Summary\n\n### Total Failures Categorized\n\n#### High (2)\n- State machine API\n"
        "- Wildcard IAM\n\n#### Medium (1)\n- No TTL\n"
    )
    assert parse_analysis(text).claimed_counts == {"High": 2, "Medium": 1}


def test_a_lead_in_list_after_the_last_item_holds_more_failures() -> None:
    text = (
        "### Issue: NAT Gateway Per Subnet\n**Problem**: six gateways.\n\n**Severity**: Major\n\n"
        "### Issue: Validation Regex Too Loose\n**Problem**: accepts anything.\n\n"
        "**Severity**: Minor\n\nAlso noted, not worth separate sections:\n"
        "- the flow log group has no retention (Low)\n"
        "- `terraform.tfvars` holds a real-looking account ID (Medium)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low", "Low", "Medium"]
    bold = (
        "**Flaw 1 — Detector in one region only (critical)**\n\nOnly us-east-1.\n\n"
        "**Flaw 2 — Rule pattern never matches (high)**\n\nWrong source.\n\n---\n\n"
        "Two further minor flaws, not worth a section each:\n\n- no `depends_on` on the channel\n"
        "- variables lack validation blocks\n\nRecap: flaws 1 and 2 break the path.\n"
    )
    assert [f.severity for f in parse_analysis(bold).failures] == ["Critical", "High", "Low", "Low"]
    cosmetic = text.replace("not worth separate sections", "not counted as failures")
    assert len(parse_analysis(cosmetic).failures) == 2


def test_a_bold_title_with_its_level_label_after_it_is_an_item() -> None:
    text = (
        "**Flaw 1 — Detector in one region only (critical)**\n\nOnly us-east-1.\n\n"
        "**Flaw 2 — Config recorder ignores global resources** — impact: medium\n\n"
        "`include_global_resource_types` is left false.\n\n"
        "**Flaw 3 — SNS topic unencrypted** — Severity: Low\n\nNo KMS key.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Medium", "Low"]


def test_summary_rows_one_per_item_in_order_rate_items_they_name_in_other_words() -> None:
    text = (
        "### 1. **NETWORKING FAILURE** - Attachment in Public Subnets\n**Requirement:** private.\n\n"
        "### 2. **ROUTING FAILURE** - Private Route Tables Missing Transit Gateway Routes\n"
        "**Requirement:** routes.\n\n### 3. **DNS FAILURE** - Route 53 Resolver Rule Not Associated\n"
        "**Requirement:** associated.\n\n## Summary Table\n\n| Severity | Issue | Impact |\n"
        "|---|---|---|\n| Critical | Attachment in public subnets | Exposure |\n"
        "| High | Missing TGW routes | No connectivity |\n| Medium | Resolver rule not associated | "
        "No DNS |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Medium"]


def test_plain_problem_paragraphs_end_at_a_praise_line_or_a_closing_field() -> None:
    text = (
        "Problems found\n\n1) The backend has no lock table, so two jobs corrupted state. "
        "Severity: High.\n\n2) The health check pointed at the CDN domain, so failover never "
        "triggered. Severity: High.\n\n3) The alias used evaluateTargetHealth: false on the "
        "secondary record. Harmless today. Severity: Low.\n\nWhat the model got right\n\n"
        "- Origin Access Control\n- Certificate in us-east-1\n- forceDestroy on test buckets\n\n"
        "Knowledge gaps: backend locking, health check targets\n"
    )
    for variant in (text, text.replace("got right\n", "got right:\n")):
        analysis = parse_analysis(variant)
        assert [f.severity for f in analysis.failures] == ["High", "High", "Low"]
        assert analysis.knowledge_gaps == ["backend locking", "health check targets"]


def test_a_level_group_heading_over_a_plain_numbered_list_holds_its_entries() -> None:
    text = (
        "## Critical Failures and Analysis\n\n### 1. **IAM and Security - Critical Severity**\n\n"
        "**Service Role Given to the Wrong Principal:**\n- **Model Response:** trusts ec2\n"
        "- **Impact:** the environment goes INVALID\n\n**Job and Execution Roles Swapped:**\n"
        "- **Model Response:** swapped\n- **Impact:** no ECR pulls\n\n"
        "### 2. **Operations - Low Severity**\n\nFindings in this group are a short list:\n\n"
        "1. No retry strategy on the job definition\n2. No alarm on the failed job count\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Critical", "Low", "Low"]
    assert failures[2].title == "No retry strategy on the job definition"


def test_an_issue_field_opening_with_a_retraction_takes_its_item_back() -> None:
    text = (
        "## Failures\n\n### 1. Redis Without Transit Encryption\n\n**Issue**: plaintext.\n\n"
        "### 2. Redis Subnet Group Uses Public Subnets\n\n**Issue**: _Retracted._ On a second look "
        "the subnets are private.\n\n### 3. Integration Test Timeout\n\n**Issue**: Not a model "
        "issue — the cluster is slow to answer on a cold start.\n\n### 4. Outputs Missing\n\n"
        "**Issue**: no endpoint output.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Redis Without Transit Encryption", "Outputs Missing"]


def test_a_closing_level_sentence_before_a_rule_rates_its_bold_item() -> None:
    text = (
        "**Flaw 1 — Monitoring role missing trust policy**\n\n`monitoring_interval = 30` is set "
        "but the role trusts no one; apply fails. Blocking.\n\n---\n\n"
        "**Flaw 2 — `apply_immediately = true` on production**\n\nEvery change restarts the "
        "instance. Minor.\n\n---\n\n**Flaw 3 — Replica in the same AZ (High)**\n\nOne zone.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "High"]


def test_a_numbered_heading_where_the_model_was_better_is_praise() -> None:
    text = (
        "# Side-by-Side Review\n\n## 1. [CRITICAL] Mapping Starts From TRIM_HORIZON\n\n"
        "* **Ideal:** LATEST.\n* **Model:** TRIM_HORIZON.\n\n## 2. Where the Model Was Actually "
        "Better\n\n* **Ideal:** a hardcoded threshold.\n* **Model:** a prop with a default.\n\n"
        "## 3. [LOW] Construct Tree Flattened\n\n* **Ideal:** nested.\n* **Model:** flat.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_unrated_table_rows_numbered_on_from_the_items_are_the_next_failures() -> None:
    text = (
        "## Critical Issues\n\n### 1. Queue Policy Missing\n\n**Issue**: no policy.\n\n"
        "### 2. Visibility Timeout Too Short\n\n**Issue**: 30 s.\n\n"
        "## Medium-Severity Configuration Issues\n\n| # | Issue | MODEL_RESPONSE |\n|---|---|---|\n"
        "| 3 | Raw delivery disabled | omitted |\n| 4 | Receive count too high | 50 |\n\n"
        "## Things Both Did Well\n\n| Area | Notes |\n|---|---|\n| DLQ | one per queue |\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Critical", "Medium", "Medium"]
    assert failures[2].title == "Raw delivery disabled"


def test_scenario_items_under_a_section_observed_in_this_response_are_failures() -> None:
    text = (
        "## Failures Observed in This Response\n\n### 4. Lambda Timeout Exceeds Constraint\n\n"
        "**Failure Scenario**: The payment Lambda has a two-minute timeout\n```ts\n"
        "new lambda.Function(this, 'Pay', {\n  timeout: Duration.minutes(2),\n});\n```\n\n"
        "### 5. Point-in-Time Recovery Not Enabled\n\n**Failure Scenario**: The table has no "
        "PITR\n\n### 6. DLQ Never Wired\n\n**Failure Scenario**: The queue stays empty forever\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Lambda Timeout Exceeds Constraint",
        "Point-in-Time Recovery Not Enabled",
        "DLQ Never Wired",
    ]
    guide = text.replace("## Failures Observed in This Response", "## Common Model Failures")
    assert parse_analysis(guide).failures == []


def test_plain_notes_whose_numbered_entries_rate_themselves_are_failures() -> None:
    text = (
        "Insert here the model's failures\n\n(Template line left in. Notes below, plain text.)\n\n"
        "Bastion task, reviewer notes on the model's template:\n\n"
        "1) SSH open to the world (high). Ingress allows 0.0.0.0/0 on port 22 though the prompt "
        "gave an AllowedCidr parameter.\n\n2) App server gets a public IP (medium). It sits in "
        "the private subnet, where the address is of no use and wrong for the design.\n\n"
        "3) No IMDSv2 enforcement (low). Neither instance sets HttpTokens: required in its "
        "metadata options.\n\nScore: 5 of 10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low"]


def test_a_bold_item_after_a_heading_item_sits_in_the_section_above_both() -> None:
    text = (
        "## Findings\n\n### 1. [HIGH] Bucket Is Public\n\n**Issue**: public ACL.\n\n"
        "### 2. [MEDIUM] Bucket Policy Missing TLS\n\n**Issue**: no aws:SecureTransport.\n\n"
        "**3. [LOW] Default Root Object Missing**\n\n**Issue**: no index.html.\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["High", "Medium", "Low"]
    assert analysis.failures[2].section == "Findings"
    assert not [p for p in analysis.problems if p.kind == "severity_mismatch"]


def test_a_sub_heading_naming_an_inconsistency_is_one_failure_over_its_bullets() -> None:
    text = (
        "## **Additional Minor Issues**\n\n### **Inconsistent Tagging on Security Groups**\n\n"
        "- The cluster group carries `Environment`; the node group carries nothing\n"
        "- Makes cost allocation reports incomplete\n\n## **Conclusion**\n\nMostly fine.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Inconsistent Tagging on Security Groups"]


def test_an_entry_whose_root_cause_is_not_a_model_error_is_no_failure() -> None:
    text = (
        "## Errors\n\n### Error #1 — Unsupported Argument\n\n**Severity:** High\n\n"
        "#### Root Cause\nThe model used a removed argument.\n\n"
        "### Error #2 — `ExpiredToken` During Apply\n\n**Severity:** n/a\n\n#### Root Cause\n"
        "Not a model error. The runner's session expired halfway through the apply.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Unsupported Argument"]


def test_a_plain_failure_line_whose_level_is_explained_after_it() -> None:
    text = (
        "Reviewer notes.\n\nFailure 1 - the RDS instance is created with publicly_accessible="
        "True in the default VPC's public subnets. Severity: critical.\n\nFailure 2 - the "
        "container definitions are built with an f-string around an Output, so the JSON holds an "
        "error text instead of the hostname. Severity: medium, because the service starts but "
        "cannot connect.\n\nFailure 3 - no log group or awslogs configuration on the container, "
        "so there is nothing to look at.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium", None]


def test_plain_title_lines_led_by_their_level_tag() -> None:
    text = (
        "[CRITICAL] Provider Alias Not Passed to Replica Module:\n\nThe replica bucket was created "
        "in the primary region.\n\nReplication Role Trust Policy:\n\nThe role trusted ec2.\n\n"
        "HIGH - Versioning Declared After Replication:\n\nThe apply failed once.\n\n"
        "[MINOR] Output Names Differ From Tests:\n\nThe tests read other names.\n\n"
        "Training Quality: 5/10\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", None, "High", "Low"]
    assert failures[0].title == "Provider Alias Not Passed to Replica Module"


def test_a_label_like_sub_heading_over_only_code_beside_listed_failures_is_one() -> None:
    text = (
        "## Failures\n\n### 1. Endpoint Left Public\n\n**Issue**: open.\n\n"
        "## Specific Code-Level Issues\n\n### Add-on Version Pinning:\n```hcl\n"
        'addon_version = "v1.8.7"  # not compatible with 1.29\n```\n\n'
        "### Launch Template Gaps:\n- IMDSv2 not enforced\n- Root volume not encrypted\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Endpoint Left Public",
        "Add-on Version Pinning",
        "IMDSv2 not enforced",
        "Root volume not encrypted",
    ]


def test_a_numbered_list_running_on_from_the_items_holds_more_of_them() -> None:
    text = (
        "# Infrastructure Changes Required\n\n## Critical Issues\n\n### 1. Key Pair Missing\n\n"
        "**Issue**: none exists.\n\n### 2. Certificate Unvalidated\n\n**Issue**: pending.\n\n"
        "## Lower-priority changes\n\n3. **Grace period too short** — instances are killed.\n"
        "4. **Deregistration delay left at 300s** — slows every deploy.\n\n"
        "## Summary\n\n1. Remove the key pair\n2. Validate the certificate\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Key Pair Missing",
        "Certificate Unvalidated",
        "Grace period too short",
        "Deregistration delay left at 300s",
    ]


def test_a_summary_by_category_with_counted_levels_rates_the_items_it_lists() -> None:
    text = (
        "## Detailed Failures\n\n### 1. KMS Key Policy Does Not Allow CloudTrail\n\n"
        "**Issue**: no service principal.\n\n### 2. Metric Filters Cover Only Root Logins\n\n"
        "**Issue**: one of five.\n\n## Summary of Failures by Category\n\n"
        "### Security (1 Critical Failure)\n1. KMS key policy missing the CloudTrail principal\n\n"
        "### Monitoring (1 High Failure)\n2. Only one of five CIS metric filters\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_an_item_titled_as_a_point_where_the_model_is_better_is_no_failure() -> None:
    text = (
        "## Major Differences\n\n### 1. Job Role Permissions\n- **MODEL**: wildcard\n"
        "- **IDEAL**: scoped\n\n### 2. Container Insights (model is better here)\n"
        "- **MODEL**: enables insights\n- **IDEAL**: defaults\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Job Role Permissions"]


def test_counts_separated_by_bars_in_either_order() -> None:
    base = "## Issues\n\n### 1. Queue\n**Severity**: High\n\n## Summary\n\n{}\n"
    for line in ("- Totals — Critical 0 | High 1 | Medium 2", "0 Critical | 1 High | 2 Medium"):
        claimed = parse_analysis(base.format(line)).claimed_counts
        assert claimed == {"Critical": 0, "High": 1, "Medium": 2}


def test_a_totals_line_under_the_subtitle_heading_is_claimed() -> None:
    text = (
        "## Analysis of MODEL_RESPONSE.md vs the Deployed Order-Processing Stack (CDK Python)\n\n"
        "**Totals:** 1 Critical, 2 Major, 2 Minor\n\n## 🟠 **Major Failures**\n\n"
        "1. **API Drift**: Removed arguments.\n2. **Required Fields**: Fields missed.\n"
        "3. **Permissions**: No IAM glue.\n\n## 🎯 **Recommendations for Model Improvement**\n\n"
        "1. **Check the pinned CDK version** before choosing constructor arguments.\n"
        "2. **Grant permissions explicitly** for every resource a function touches.\n"
        "3. **Keep README claims in sync** with the code.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 2, "Low": 2}


def test_a_heading_continuing_an_earlier_item_is_no_new_failure() -> None:
    text = (
        "## Category A: Critical\n\n### 1. Subnet IDs Passed as a String\n\n**Issue**: one string.\n\n"
        "### 2. Ingress Open to the VPC\n\n**Issue**: too wide.\n\n## Category C: Minor Code Issues"
        "\n\n### 2. (continued) — Security group notes\n\nFollow-up to failure 2, not a separate "
        'problem.\n\n### 3. Engine Version Given as a Number\n\n**Issue**: 7 not "7.1".\n'
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Subnet IDs Passed as a String",
        "Ingress Open to the VPC",
        "Engine Version Given as a Number",
    ]


def test_a_not_observed_appendix_over_flattened_numbered_entries_holds_no_failures() -> None:
    text = (
        "## Purpose\n\nThis records the failures we hit deploying the model's template; the "
        "appendix is a general checklist.\n\n## 1. Delivery Role Cannot Write\n\n"
        "**Error Message:** AccessDenied\n\n## 2. Stream Key Undeclared\n\n"
        "**Error Message:** unresolved reference\n\n"
        "## Appendix: General Checklist (not observed in this deployment)\n\n"
        "None of these occurred; they are kept for operators.\n\n## 3. Shard Limit Exceeded\n\n"
        "**Error Message:** LimitExceeded\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Delivery Role Cannot Write", "Stream Key Undeclared"]


def test_a_plain_numbered_title_long_only_by_its_level_tag_is_one_more() -> None:
    text = (
        "\n"
        "Below are the model failures from the initial response (ECS on EC2 with an Auto Sca"
        "ling capacity provider, Terraform). All have been fixed now.\n"
        "1. Capacity provider name already in use (severity: high)\n"
        'ECS capacity provider "prod-cp" already exists\n'
        "Fix:\n"
        "Capacity provider names are unique per account and region and cannot be reused for "
        "30 days after deletion. Append the workspace name.\n"
        "\n"
        "text\n"
        'resource "aws_ecs_capacity_provider" "main" {\n'
        '  # was "prod-cp"\n'
        '  name = "prod-cp-${terraform.workspace}"\n'
        "  ...\n"
        "}\n"
        "2. Launch template AMI lookup returns nothing (severity: critical)\n"
        "The same root cause shows up in two places, so it is one failure:\n"
        'a. data "aws_ami" "ecs" filtered on name "amzn-ami-*-amazon-ecs-optimized", which i'
        's the retired Amazon Linux 1 pattern, so the data source errors with "Your query re'
        'turned no results".\n'
        "b. Because of that, aws_launch_template.ecs never gets an image_id and the ASG cann"
        "ot launch instances.\n"
        "Fix:\n"
        "Use the SSM public parameter instead of a name filter.\n"
        "\n"
        'resource "aws_launch_template" "ecs" {\n'
        "  image_id = data.aws_ssm_parameter.ecs_ami.value\n"
        "  ...\n"
        "}\n"
        "3. managed_termination_protection enabled without scale-in protection on the ASG (s"
        "everity: minor)\n"
        'Terraform apply fails with "managed termination protection requires scale in protec'
        'tion on the Auto Scaling group".\n'
        "Fix:\n"
        "Set protect_from_scale_in = true on aws_autoscaling_group.ecs.\n"
        "4. Cluster name not passed to user data\n"
        "The instances booted but never registered with the cluster because /etc/ecs/ecs.con"
        "fig was not written.\n"
        "Fix:\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical", "Low", None]


def test_a_bold_numbered_heading_title_then_its_level_tag_is_an_item() -> None:
    text = (
        "# Failures\n\n### **1. Bucket not encrypted** (Severity: High)\n\n"
        "**Root Cause:** The bucket has no SSE.\n\n### **2. Role too broad** (Severity: Low)\n\n"
        "**Root Cause:** Uses s3:*.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_a_guide_then_failures_found_in_this_model_response() -> None:
    text = (
        "# Model Response Analysis - Common Failures\n\n## Overview\n\nThis document first lists "
        "common failure patterns seen when models generate templates, and then records the "
        "specific failures found in this MODEL_RESPONSE.\n\n## Identified Failure Patterns\n\n"
        "### Template Syntax Issues\n\n- **Missing Outputs**: Models often omit outputs\n"
        "- **Wrong nesting**: `!Sub` inside `!Join`\n\n## Failures Found in This MODEL_RESPONSE"
        "\n\n### 1. NAT Gateway in a Private Subnet\n\nSeverity: Critical\n\n"
        "### 2. Outputs Lack Export Names\n\nSeverity: Low\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_a_level_in_brackets_after_the_issue_label_rates_the_item() -> None:
    text = (
        "## Data Layer\n\n### 1. Stream Shard Count Hardcoded\n\n**Issue** (Priority: High): "
        "`shard_count=1` was hardcoded.\n**Fix**: a parameter.\n\n### 2. Stream Not Encrypted\n\n"
        "**Problem** (Severity: Critical): records sit unencrypted.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Critical"]
    assert failures[0].model_snippet.startswith("`shard_count=1`")


def test_a_count_before_a_level_with_a_second_name_counts_for_that_level() -> None:
    base = "## Issues\n\n### 1. Queue\n**Severity**: High\n\n## Validation Results\n\n{}\n"
    lines = "- **2 Critical Blockers**\n- **1 High Issue**\n- **2 Low / Cosmetic Issues**"
    assert parse_analysis(base.format(lines)).claimed_counts == {"Critical": 2, "High": 1, "Low": 2}
    joint = "- **2 Critical Blockers**\n- **1 High Issue**\n- **3 Medium/Low Issues**"
    assert "Medium" not in parse_analysis(base.format(joint)).claimed_counts


def test_unnumbered_prose_headings_around_numbered_prose_items_frame_them() -> None:
    text = (
        "# model_failure\n\n## What this response got wrong:\n\nThree problems stop it.\n\n"
        "## 1. Private subnets have no route to the NAT gateway (critical):\n\nNo default route.\n\n"
        "## 2. Database subnet group uses the public subnets (high):\n\nWrong subnets.\n\n"
        "## Remediation guidance:\n\nAdd the route and move the subnet group.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_a_failure_heading_with_its_own_fields_before_bold_failures_is_one_of_them() -> None:
    text = (
        "## Failure (Critical): WAF Created in the Wrong Region\n\n**Issue**: eu-west-1.\n\n"
        "## Failure (High): Bucket Left Publicly Readable\n\n**Issue**: `publicReadAccess: true`."
        "\n\n**Failure Point**: the WAF can be bypassed.\n\n---\n\n"
        "**Failure (Medium) — No Custom Error Response**\n\nDeep links return 403.\n\n"
        "**Failure (Low) — Default Root Object Not Set**\n\nThe root returns a listing.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "High", "Medium", "Low"]


def test_a_bare_title_line_over_a_log_line_is_an_item() -> None:
    text = (
        "Flaw 1 (blocking)\nerror TS2305: no exported member 'Construct'.\n\n"
        "Flaw 2 (high)\n2:41:10 PM | CREATE_FAILED | AWS::ElastiCache::ReplicationGroup | Redis\n"
        "The node type is not supported.\n\nFlaw 3 (minor)\nerror three.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_a_summary_table_naming_items_in_a_finding_column_after_an_area_column() -> None:
    text = (
        "## Governance Failures\n\n### Lake Formation Permissions Bypassed\n\nThe crawler skips grants.\n\n"
        "### Crawler Targets the Bucket Root\n\nIt scans everything.\n\n## Severity Summary\n\n"
        "| Area | Finding | Severity |\n|---|---|---|\n"
        "| Catalog | Crawler targets the bucket root | Medium |\n"
        "| Governance | Lake Formation permissions bypassed | Critical |\n"
        "| Governance | Data location not registered | High |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_a_heading_pointing_back_at_an_item_by_number_is_no_new_failure() -> None:
    text = (
        "## Critical Deployment Failures\n\n### 1. Domain Prefix Has Capitals\n\n**Impact:** CRITICAL"
        "\n\n### 2. Schema Path Resolved From the Wrong Folder\n\n**Impact:** CRITICAL\n\n"
        "## Missing Functionality\n\n### Reminder: Schema Path (see Critical Deployment Failures #2)"
        "\n\n**Impact:** CRITICAL\n\nThe same defect as item 2 above, not a separate one.\n"
    )
    assert len(parse_analysis(text).failures) == 2


def test_a_gaps_label_pointing_back_at_a_list_adds_no_gap() -> None:
    text = (
        "## Executive Summary\n\n**Primary Knowledge Gaps:**\n1. Vault Lock semantics\n"
        "2. Cross-account copy prerequisites\n\n## Failures\n\n### 1. Vault lock mode\n\n"
        "**Issue**: compliance mode.\n\n## Summary\n\n- **Total failures**: 1 Critical\n"
        "- **Primary knowledge gaps**: see the Executive Summary above.\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == ["Vault Lock semantics", "Cross-account copy prerequisites"]


def test_plain_problems_after_a_plain_praise_list_are_failures() -> None:
    text = (
        "MODEL FAILURES - static site\n\nSummary: the plan could not be applied cleanly.\n\n"
        "What went well:\n1) Provider and backend blocks were correct.\n2) Versioning was on.\n\n"
        "Problems found:\n1) ACM certificate created in the wrong region.\n"
        "   CloudFront only accepts us-east-1 certificates.\n   Severity - critical\n"
        "2) Route 53 alias record uses the bucket website endpoint rather than the distribution "
        "domain name.\n   Severity - high\n3) default_root_object not set.\n   Severity - low\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Low"]


def test_numbered_fixes_after_unnumbered_failures_restate_them() -> None:
    text = (
        "## CRITICAL ISSUE: Network Isolation Not Met\n\n### What the Original Template Got Wrong:"
        "\n- **❌ WRONG: Database subnets use the public route table**\n"
        "- **❌ MISSING: VPC Flow Logs**\n- **✅ PROVIDED: Three-tier subnets**\n\n"
        "## Infrastructure Fixes Applied\n\n### 1. Rebuilt Route Table Associations\n\n"
        "**Fix Applied:** private tables.\n\n### 2. Added Flow Logs\n\n**Fix Applied:** a log group.\n"
    )
    assert len(parse_analysis(text).failures) == 2


def test_a_numbering_column_never_titles_a_table_row() -> None:
    text = (
        "## Issues\n\n| Fault # | Category | Severity | Description |\n|---|---|---|---|\n"
        "| 1 | Messaging | Critical | SNS cannot deliver to SQS |\n"
        "| 2 | Outputs | Low | No outputs |\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["SNS cannot deliver to SQS", "No outputs"]


def test_a_bold_praise_line_ends_the_bold_bullets_under_the_title() -> None:
    text = (
        "### Ideal Response vs. Model Response: Where the Model Falls Short\n\nThe model response "
        "has the following shortcomings:\n\n**Networking**\n\n* **Lambda Outside the VPC**: it cannot "
        "reach the database.\n\n**State**\n\n* **Local Backend**: breaks in CI.\n\n"
        "**What the Model Response Did Fine**\n\n* **Provider Configuration**: identical tags.\n"
        "* **Function Packaging**: matches the ideal.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Lambda Outside the VPC", "Local Backend"]


def test_none_identified_headings_praise_bullets_and_points_taken_back() -> None:
    empty = (
        "## Critical Errors\n\n### None identified\n\nNothing critical.\n\n## High-Severity Errors"
        "\n\n### Error 1: Object Lock on an Existing Bucket\n\n**Issue**: cannot enable it.\n"
    )
    assert [f.severity for f in parse_analysis(empty).failures] == ["High"]
    praise = (
        "## 1. Data Layer\n\n- **Single Aurora instance**\n  - Only a writer is defined\n\n"
        "- **Backup retention below the requirement**\n  - One day instead of seven\n\n"
        "- **Encryption at rest**\n  - The model response correctly sets a customer key. "
        "No change needed here.\n"
    )
    assert len(parse_analysis(praise).failures) == 2
    plain = (
        "1) Model put the database in the public subnets and made it public.\n"
        "2) Model created the replica in the same AZ as the primary.\n"
        "3) Model did not output the secret ARN (moderate)\n\n"
        "Note: ignore point 2, i checked again and the zones differ.\n\n"
        "overall i would rate this 4 of 10\n"
    )
    analysis = parse_analysis(plain)
    assert len(analysis.failures) == 2 and analysis.score == 4.0


def test_an_overall_quality_score_in_bold_before_a_bracketed_remark() -> None:
    text = (
        "## Failures\n\n### 1. Crawler role cannot read\n\n**Issue**: no KMS grant.\n\n"
        "# Conclusion\n\n**Overall Quality 6.5** (rough training-quality estimate, out of ten)\n"
    )
    assert parse_analysis(text).score == 6.5


def test_plain_title_lines_under_a_worked_fine_label_are_praise_until_rated_ones() -> None:
    text = (
        "Lambda Concurrency Settings Wrong (severity: high):\n\nReserved concurrency is 0.\n\n"
        "Stage Name Mismatch (severity: low):\n\nTests use v1.\n\nThings that worked fine:\n\n"
        "DynamoDB Table Keys:\n\nThe keys match the spec.\n\nKMS Key Rotation:\n\nRotation is on."
        "\n\nMissing IAM Condition on S3 Access (severity: medium):\n\nNo aws:SourceAccount.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low", "Medium"]


def test_lettered_fixes_and_a_table_keyed_by_their_letters() -> None:
    text = (
        "## Defects Fixed in the Model Output\n\n### Fix A — Resolver Reads the Wrong Table\n\n"
        "**Problem:**\n- The data source points at the products table\n- Every call returns null\n"
        "**Correction:**\n- A separate data source\n\n### Fix B — Cognito Not the Default\n\n"
        "**Problem:**\n- API keys are the default mode\n**Correction:**\n- User pools first\n\n"
        "## Fix Severity\n\n| Fix | Severity |\n|---|---|\n| A | High |\n| B | Critical |\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == [
        "Resolver Reads the Wrong Table",
        "Cognito Not the Default",
    ]
    assert [f.severity for f in failures] == ["High", "Critical"]


def test_bold_numbered_lines_running_on_after_the_last_numbered_heading() -> None:
    text = (
        "### 1. Resolver Wired to the Wrong Data Source [HIGH]\n\n**Issue**: wrong type.\n\n"
        "### 2. API Key Left as the Default Mode [CRITICAL]\n\n**Issue**: keys expire.\n\n"
        "Further issues spotted during the second pass:\n\n"
        "**3. Schema path resolved relative to the working directory** — Severity: Low. It only "
        "works from `lib/`.\n\n**4. No removal policy on the user pool** — Severity: Low. The "
        "pool is retained.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Critical", "Low", "Low"]


def test_headings_numbered_as_items() -> None:
    text = (
        "## Item 1 — Task Execution Role Missing ECR Permissions (Major)\n\n**Problem**: no pull."
        "\n\n## Item 2 — [CRITICAL] Service in Private Subnets Without NAT\n\n**Problem**: no route.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Critical"]
    assert failures[0].title.startswith("Task Execution Role")


def test_a_criticality_label_after_a_bold_title_rates_it() -> None:
    text = (
        "### Model Failures and Issues\n\n**1. Visibility Timeout Shorter Than Function Timeout** — "
        "Criticality: High\n\nThe queue redelivers.\n\n**2. Alarm Uses the Wrong Statistic** — "
        "Criticality: Low\n\nAverage, not Sum.\n\n**3. Missing Queue Policy**\n\nNo SNS grant.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low", None]


def test_a_bullet_that_calls_itself_a_recap_is_no_failure() -> None:
    text = (
        "## Failures\n\n### 1. Bucket is public\n\n**Severity**: High\n\n### 2. No encryption\n\n"
        "**Severity**: Low\n\n## Compliance Issues\n\n"
        "- Recap only: items 1 and 2 above both fail the security review.\n"
    )
    assert len(parse_analysis(text).failures) == 2


def test_plain_issue_lines_with_the_level_between_number_and_title() -> None:
    text = (
        "Reviewer notes on the EKS task.\n\nIssue 1 (severity: high) - OIDC thumbprint hardcoded\n"
        "  A fixed string.\n\nIssue 2 (low) - Add-on versions pinned\n  An old minor.\n\n"
        "Issue 3 - Service account annotation typo\n  IRSA never applies.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low", None]


def test_a_result_line_stating_counts_outside_a_summary() -> None:
    text = (
        "## Model Response Analysis and Infrastructure Corrections\n\n### Overview\n\n"
        "The prompt asked for Aurora Serverless v2. This records what had to change.\n\n---\n\n"
        "## **CRITICAL ISSUE: Wrong Database Architecture**\n\n"
        "### **What the Original Implementation Provided:**\n\n"
        "- **❌ WRONG: Provisioned instance instead of Serverless v2**\n"
        "- **❌ MISSING: RDS Proxy**\n- **✅ PROVIDED: VPC with private subnets**\n\n"
        "**Result:** 1 Critical and 1 High issue (details below).\n\n---\n\n"
        "## **Infrastructure Fixes Applied**\n\n### **1. Replaced the Instance (WRONG)**\n\n"
        "**Severity**: Critical\n\n### **2. Added RDS Proxy (MISSING)**\n\n**Severity**: High\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1}


def test_a_list_numbered_again_for_a_later_turn_holds_more_failures() -> None:
    text = (
        "Response generated by model had following failures:\n\nIn the first turn:\n\n"
        "1. Model declared the subnet group with one subnet (blocking)\n\n"
        "2. Model left skip_final_snapshot unset (minor)\n\n"
        "In the second turn, after I pointed out the subnet issue:\n\n"
        "1. Model hardcoded the master password as a variable default (major)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "High"]
    # (entries too long for title lines: the list reader takes each whole)
    long = text.replace(" (blocking)", " so the instance could not be created at all (blocking)")
    long = long.replace(" (major)", " in variables.tf where anyone can read it (major)")
    assert [f.severity for f in parse_analysis(long).failures] == ["Critical", "Low", "High"]


def test_knowledge_gaps_written_as_sub_headings() -> None:
    text = (
        "## Failures\n\n### 1. Wrong module path\n\n**Issue**: v1 import.\n\n## Knowledge Gaps\n\n"
        "### 1. Go module major-version suffixes\n### 2. Terraform asset path resolution\n\n"
        "## Lessons Learned\n\n### 1. Build Before Synth\n- Run the build first\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == ["Go module major-version suffixes", "Terraform asset path resolution"]


def test_a_matrix_numbered_by_an_error_column_rates_the_items_it_numbers() -> None:
    text = (
        "## Configuration Errors\n\n**Error 1: Default Route Table Conflict**\n**Description:** two."
        "\n\n**Error 2: Weak Tunnel Options**\n**Description:** IKEv1.\n\n"
        "## Error Severity Matrix\n\n| Error | Title | Severity |\n|---|---|---|\n"
        "| 1 | Default route table conflict | Critical |\n| 2 | Weak tunnel options | High |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_items_not_attributed_to_the_model_are_no_failures() -> None:
    text = (
        "## Low Priority Issues\n\n### 1. DLQ Retention Left at Default\n\n**Severity**: Low\n\n"
        "## Issues Found in Our Own Test Harness (not attributed to the model)\n\n"
        "### 2. Jest Timeout Too Short\n\nThe harness waited 5 seconds.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["DLQ Retention Left at Default"]


def test_a_level_right_after_a_bold_title_running_on_rates_it() -> None:
    tagged = (
        "### 1. Topic Rule Selects the Wrong Topic [HIGH]\n\n**Issue**: wrong topic.\n\n"
        "## Secondary Fixes\n\n**2. Rule error action missing** (Medium) - failed deliveries were "
        "dropped.\n\n**3. Memory store retention too long** (Low) - seven days, not one.\n"
    )
    assert [f.severity for f in parse_analysis(tagged).failures] == ["High", "Medium", "Low"]
    marked = (
        "### 1. **Partitioning Misconfigured** — 🔴 Critical\n\n**Issue**: wrong prefix.\n\n---\n\n"
        "**2. Crawler Targets the Whole Bucket** — 🟡 Medium\n\n| Requirement | Model |\n|---|---|\n"
        "| Path | `s3://bucket/` |\n\n**3. Naming Prefix Inconsistent** — 🟢 Low\n\nMixed prefixes.\n"
    )
    assert [f.severity for f in parse_analysis(marked).failures] == ["Critical", "Medium", "Low"]


def test_a_status_that_found_no_gaps_and_a_scratched_heading_are_no_failures() -> None:
    status = (
        "## Security Review\n\n### 1. Bucket Policy Too Open\n\n**Status:** Broken. Anyone reads."
        "\n\n### 2. Node Group Role Permissions\n\n**Status:** No gaps found. The model did this "
        "right.\n"
    )
    assert [f.title for f in parse_analysis(status).failures] == ["Bucket Policy Too Open"]
    scratched = (
        "## Where Things Went Wrong\n\n### Memory Was Way Too Low\n\n128 MB for 12-megapixel "
        "photos.\n\n### The Timeout Thing (scratch that)\n\nThe template sets 30 s. My mistake.\n\n"
        "### No Dead-Letter Queue\n\nFailed events vanish.\n"
    )
    titles = [f.title for f in parse_analysis(scratched).failures]
    assert titles == ["Memory Was Way Too Low", "No Dead-Letter Queue"]


def test_plain_deviation_paragraphs_ending_with_a_bracketed_level() -> None:
    text = (
        "Model Failure\nVerdict: FAIL\n\nHow the Model Response deviates\n"
        "Bucket policy grants s3:GetObject to everyone, so content is readable. [critical]\n\n"
        "Uses an Origin Access Identity instead of OAC. [medium]\n\n"
        "ViewerProtocolPolicy is allow-all, so plain HTTP is served. [high]\n\n"
        "What the model got right\nThe distribution has a default root object.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium", "High"]


def test_an_observed_section_setting_apart_the_general_scenarios_above() -> None:
    text = (
        "## Purpose\n\nThis collects deployment failure scenarios for this stack.\n\n"
        "## 1. Certificate Region Error\n\n**Error Message:** wrong region\n\n"
        "## 2. DNS Validation Timeout\n\n**Error Message:** pending\n\n"
        "## Defects Found in This Model Response\n\nThe following were observed in the template "
        "(as opposed to the general scenarios above).\n\n### A. OAI Instead of OAC\n\n"
        "**Severity:** Medium\n\n### B. Default Root Object Missing\n\n**Severity:** Low\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Low"]


def test_a_numbered_item_that_says_no_problem_here_is_praise() -> None:
    text = (
        "## Model Failures\n\n### 1. **Tasks Given Public IPs** — 🔴 Critical\n\n"
        "| Requirement | Model |\n|---|---|\n| Private tasks | public IPs |\n\n"
        "### 2. **Remote State Backend**\n\n| Requirement | Model |\n|---|---|\n"
        "| S3 backend | `S3Backend` with locking |\n\n"
        "> ✅ *No problem here — the model configured the backend exactly as required.*\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Tasks Given Public IPs — 🔴 Critical"
    ]


def test_a_plain_entry_whose_issues_say_none_worth_raising_is_no_failure() -> None:
    text = (
        "This compares the MODEL_RESPONSE with the IDEAL_RESPONSE.\n\nKey Differences and "
        "Shortcomings\n1. Origin Access\nSeverity: Critical\nMODEL_RESPONSE Issues:\n\n"
        "The bucket is a public website endpoint.\n\nIDEAL_RESPONSE Improvements:\n\nOAC.\n\n"
        "2. Outputs\nMODEL_RESPONSE Issues:\n\nNone worth raising. Everything asked is exported.\n\n"
        "IDEAL_RESPONSE Improvements:\n\nDescriptions.\n\n3. Logging\nSeverity: Low\n"
        "MODEL_RESPONSE Issues:\n\nNo access logs.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Origin Access", "Logging"]


def test_a_false_alarm_item_and_a_things_that_passed_label() -> None:
    alarm = (
        "## 1) Database security group open\n**The problem**\n- Port 5432 open to the VPC.\n\n"
        '## 2) ALB access logs "missing" (false alarm)\n**The problem**\n- Thought none.\n'
        "**Actually**\n- They are there. Not a real issue.\n"
    )
    assert [f.title for f in parse_analysis(alarm).failures] == ["Database security group open"]
    passed = (
        "WAF Not Associated (high):\n\nThe web ACL is never attached.\n\n"
        "Output Type Mismatch (low):\n\nA string, not a list.\n\nThings that passed:\n\n"
        "Variable Declarations:\n\nAll variables are declared.\n\nOrigin Access Control:\n\n"
        "OAC with sigv4 signing.\n"
    )
    assert [f.severity for f in parse_analysis(passed).failures] == ["High", "Low"]


def test_a_correctly_implemented_chapter_and_a_snake_case_gaps_heading() -> None:
    praise = (
        "## Failures\n\n### 1. SSH Open to Everyone\n\n**Severity**: High\n\n"
        "### 2. Storage Not Encrypted\n\n**Severity**: High\n\n"
        "### 3. Correctly Implemented (no action needed)\n\n#### Multi-AZ RDS\n"
        "- **Observation**: `multi_az = true` as required\n- **Impact**: None, this is correct\n"
    )
    assert len(parse_analysis(praise).failures) == 2
    snake = (
        "## CRITICAL_FAILURES\n\n### 1. Attachments Before the RAM Share\n\n**Severity:** CRITICAL"
        "\n\n## KNOWLEDGE_GAPS\n\n- Cross-account ordering with RAM\n- Association versus "
        "propagation\n"
    )
    analysis = parse_analysis(snake)
    assert len(analysis.failures) == 1
    assert analysis.knowledge_gaps == [
        "Cross-account ordering with RAM",
        "Association versus propagation",
    ]


def test_a_bare_number_opening_a_training_quality_section_is_the_score() -> None:
    text = (
        "## Failures\n\n### 1. Redrive policy passed as a string\n\n**Severity**: Critical\n\n"
        "## Training Quality\n\n6.5 — two deployment blockers, but the queue design was right.\n"
    )
    assert parse_analysis(text).score == 6.5
    listed = text.replace("6.5 — two", "1. Two")  # a numbered list under it states none
    assert parse_analysis(listed).score is None


def test_an_issue_section_before_additional_issues_is_the_first_failure() -> None:
    text = (
        "## Analysis\n\n### Overview\n\nThe template left out the WAF.\n\n"
        "## CRITICAL ISSUE: No WAF on the API Stage\n\n### What the Model Provided\n\n"
        "- **❌ MISSING: AWS::WAFv2::WebACL**\n- **✅ PROVIDED: the stage**\n\n"
        "## Additional Issues\n\n### 1. Authorizer Header Misspelt\n\n**Severity:** Medium\n\n"
        "### 2. Access Log Format Not JSON\n\n**Severity:** Low\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Medium", "Low"]
    assert failures[0].title == "CRITICAL ISSUE: No WAF on the API Stage"
    # Before fixes applied (not "additional" issues) it is the overview of what follows.
    fixes = text.replace("## Additional Issues", "## Infrastructure Fixes Applied")
    assert len(parse_analysis(fixes).failures) == 2


def test_failed_attempt_headings_under_a_succeeded_status_hold_failures() -> None:
    text = (
        "# Model Failures\n\n## Current Status: Deployment Succeeded After 3 Attempts\n\n"
        "### Test Results Summary\n\n- **Unit Tests**: PASSING (44/44)\n\n"
        "### Deployment Attempt 1: ROLLBACK_COMPLETE\n\n**Root Cause**: a cycle\n\n"
        "**Specific Failures**:\n\n"
        "1. **UploadBucket**: notification references the queue, the policy the bucket\n"
        "   - **Error**: `Circular dependency`\n   - **Severity**: Blocking\n\n"
        "2. **ResizeFunction**: `ReservedConcurrentExecutions: 0`\n"
        "   - **Error**: none, but it never runs\n   - **Severity**: High\n\n"
        "### Deployment Attempt 3: CREATE_FAILED — NOT A MODEL FAILURE\n\n"
        "4. **AlarmTopic**: topic already exists\n   - **Error**: a leftover topic\n"
        "   - **Resolution**: deleted by hand\n\n"
        "## Final Status: VALIDATION COMPLETED\n\n- 18/18 integration tests passing\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("UploadBucket", "Critical"),
        ("ResizeFunction", "High"),
    ]


def test_a_note_withdrawing_a_heading_item_takes_back_all_of_it() -> None:
    text = (
        "## Failures\n\n### 1. **Health Check Path Wrong**\n- **Problem**: `/` not `/healthz`\n"
        "- **Fix**: `/healthz`\n\n### 2. **DesiredCount Hard-coded**\n"
        "- **Problem**: ~~`DesiredCount` fixed at 2~~\n"
        "- **Note**: Withdrawn after re-checking — it comes from a parameter.\n\n"
        "### 3. **[LOW] Log Group Without Retention**\n- **Problem**: no `RetentionInDays`\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Health Check Path Wrong", "Log Group Without Retention"]


def test_a_quality_score_for_training_and_a_rating_of_this_response() -> None:
    text = "## Failures\n\n### 1. Bucket public\n\n**Severity**: High\n\n"
    labelled = text + "The fixes make it deployable. Quality score for training: 6.5\n"
    assert parse_analysis(labelled).score == 6.5
    rated = text + "Overall I'd rate this response 5 out of 10 for training purposes - routine.\n"
    assert parse_analysis(rated).score == 5


def test_a_reverted_finding_and_one_not_counted_in_the_totals_are_withdrawn() -> None:
    text = (
        "## Fixes\n\n### Fix 1 — WAF Created in the Wrong Region\n\n**Issue**: WAF in eu-west-1."
        "\n\n### Fix 2 — Managed Rule Group Version Pinned — REVERTED\n\n"
        "**Issue**: Flagged the pinned rule group; the prompt asks for pinning.\n"
    )
    assert len(parse_analysis(text).failures) == 1
    uncounted = text.replace(" — REVERTED", "").replace(
        "asks for pinning.", "asks for pinning. Reverted; not counted in the totals."
    )
    assert len(parse_analysis(uncounted).failures) == 1


def test_an_item_whose_note_or_verdict_says_no_issue_here_is_not_a_failure() -> None:
    noted = (
        "## 4. SECURITY\n\n### 4.1 Lake Formation Admin\n- **PROBLEM**: no data lake admin\n"
        "- **SEVERITY**: MEDIUM\n\n### 4.2 Encryption at Rest\n- **NOTE**: The response "
        "correctly uses a customer managed key. No issue here; listed because the prompt asked.\n"
        "\n### 4.3 Crawler Alarm\n- **PROBLEM**: no alarm on crawler failures\n"
        "- **SEVERITY**: LOW\n"
    )
    assert [f.severity for f in parse_analysis(noted).failures] == ["Medium", "Low"]
    verdict = (
        "### **1. Remote State Missing**\n* **Ideal:** An S3 backend.\n* **Model:** Local state."
        "\n\n### **2. Tagging**\n* **Ideal:** Provider default tags.\n* **Model:** The same.\n"
        "* **Verdict:** No issue here; included for completeness.\n\n### **3. Log Retention**\n"
        "* **Ideal:** 30 days.\n* **Model:** Never expires.\n"
    )
    titles = [f.title for f in parse_analysis(verdict).failures]
    assert titles == ["Remote State Missing", "Log Retention"]


def test_a_table_row_rated_not_applicable_and_not_an_issue_is_no_failure() -> None:
    text = (
        "Review of the response:\n\n| # | Finding | Severity |\n|---|---|---|\n"
        "| 1 | Website endpoint as a custom origin makes the bucket public | High |\n"
        "| 2 | Tags on all resources | n/a — matches the prompt, not an issue |\n"
        "| 3 | No response headers policy for HSTS | Medium |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_plain_ideal_and_model_blocks_between_rules_under_a_plain_title_line() -> None:
    text = (
        "Model Response Failures Compared to Ideal Response\n\nTask: an API behind Cognito.\n\n"
        "---\n\nIdeal: An authorizer on every method.\nModel: GET and DELETE left open.\n"
        "Severity: critical\nImpact: Anyone can delete records.\n\n---\n\n"
        "Ideal: The role may read the table.\nModel: The same three actions.\n"
        "Impact: None — parity with the ideal response.\n\n---\n\n"
        "Ideal: A stage named per environment.\nModel: A stage called prod everywhere.\n"
        "Impact: Parallel deployments collide.\n\n---\n\nScore: 5 of 10\n"
    )
    analysis = parse_analysis(text)
    assert [(f.title, f.severity) for f in analysis.failures] == [
        ("GET and DELETE left open", "Critical"),
        ("A stage called prod everywhere", None),
    ]
    assert analysis.failures[0].ideal_fix == "An authorizer on every method."
    listed = (
        "1) OIDC provider for IRSA\n   Ideal: an OIDC provider from the issuer URL.\n"
        "   Model: does the same.\n   Failure impact: none - not a failure; it matches.\n\n"
        "2) Add-on versions\n   Ideal: pinned add-ons.\n   Model: no addon_version.\n"
        "   Failure impact: upgrades are unpredictable.\n   Severity: Low\n"
    )
    assert [f.title for f in parse_analysis(listed).failures] == ["Add-on versions"]


def test_a_bold_lead_in_over_a_numbered_list_after_the_last_heading_item() -> None:
    text = (
        "## Issues Fixed\n\n### 1. **[HIGH] Health Check Path**\n- **Problem**: `/health`\n\n"
        "### 2. **[LOW] Log Group Without Retention**\n- **Problem**: no retention\n\n"
        "**Minor problems also spotted while testing:**\n\n1. `Outputs` lack the service ARN\n"
        "2. The cluster misses the `CostCenter` tag\n\nQuality score for training: 6.5\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Low", "Low", "Low"]
    assert failures[3].title == "The cluster misses the `CostCenter` tag"


def test_numbered_bold_list_lines_running_on_after_the_last_numbered_heading() -> None:
    text = (
        "## Gaps in the Model Response\n\n### 1. **Truncated Stack**\n\n**Issue**: cut off.\n\n"
        "### 2. **Secrets Rotation Missing**\n\n**Issue**: no schedule.\n\n"
        "3. **API Lambda Not in the VPC** — Issue: no `vpc`. Solution: private subnets.\n\n"
        "4. **Outputs Missing** — Issue: no outputs. Solution: `CfnOutput`s.\n\n"
        "## What the Response Did Correctly\n\n### 1. **VPC Layout**\n- Three AZs\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Truncated Stack",
        "Secrets Rotation Missing",
        "API Lambda Not in the VPC",
        "Outputs Missing",
    ]
    # The item's own points numbered from 1 are not more items.
    points = text.replace("3. **API", "1. **API").replace("4. **Outputs", "2. **Outputs")
    assert len(parse_analysis(points).failures) == 2


def test_a_severity_sentence_inside_a_run_on_bold_numbered_paragraph() -> None:
    text = (
        "## Other Problems\n\n### 3. Lambda Timeout Too Short\n\n**Severity**: Medium\n\n"
        "**Issue**: `Timeout: 3`.\n\n**4. Reserved Concurrency Set to Zero.** The model added "
        "`ReservedConcurrentExecutions: 0`, so it never runs. Severity: Critical. Resolution: "
        "removed it.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Lambda Timeout Too Short", "Medium"),
        ("Reserved Concurrency Set to Zero", "Critical"),
    ]


def test_a_plain_summary_line_over_a_list_restating_plain_numbered_items() -> None:
    text = (
        "Issues Identified\n\n1. Vault policy allows backup:* to anyone\nSeverity: High\n"
        'Issue: Principal "*".\n\n2. Selection uses the wrong tag key\nSeverity: Critical\n'
        "Issue: nothing matches.\n\nSummary of Critical Issues\n\n"
        "1. Selection: the tag never matches.\n2. Security: anyone can delete points.\n\n"
        "Training quality: 6 of 10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical"]


def test_a_title_opening_with_a_colour_sign_and_no_space_keeps_it() -> None:
    annotation = Annotation("r1", "ann", failures=[Failure(title="🔴000", severity="Critical")])
    assert [f.title for f in parse_analysis(render_analysis(annotation)).failures] == ["🔴000"]
    assert parse_analysis("## Failures\n\n### 1. 🔴 Public bucket\n").failures[0].title == (
        "Public bucket"
    )


def test_a_heading_stating_severity_and_a_level_without_a_colon() -> None:
    text = (
        "## Critical Failures\n\n### 1. Resilience Gaps — severity medium\n\n"
        "**Single-AZ Redis:**\n- **Model Response:** one cache node\n\n"
        "**ALB Health Check on `/`:**\n- **Model Response:** path `/`\n\n"
        "### 2. Instance Role Over-Permissioned\n\n**Severity**: High\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities[0] == "Medium" and severities[-1] == "High"


def test_a_plain_entry_whose_severity_dash_level_runs_on_with_a_clause() -> None:
    text = (
        "Review:\n\n1) Health check path wrong, tasks drained. Severity - high\n\n"
        "2) No depends_on, so the first run failed. Severity - low, but it breaks CI runs.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Health check path wrong, tasks drained", "High"),
        ("No depends_on, so the first run failed", "Low"),
    ]


def test_items_taken_back_as_fine_or_not_counted_beside_no_fix() -> None:
    bold = (
        "## Findings\n\n**Scheduler role.** It trusted `events.amazonaws.com`. Updated it.\n\n"
        "**State machine IAM.** This part was fine: invoke is scoped. No change needed.\n\n"
        "**Bucket name.** Hardcoded, so a second account collides.\n"
    )
    assert [f.title for f in parse_analysis(bold).failures] == ["Scheduler role", "Bucket name"]
    unfixed = (
        "## Moderate Issues\n\n### 1. Roles Swapped\n**Original Issue**: task and execution.\n\n"
        "**Fix Applied**: Swapped them.\n\n### 2. Log Group Retention\n**Original Issue**: I "
        "flagged 14 days as short.\n\n**Fix Applied**: None. The prompt asks for 14 days, so the "
        "model was right. Not counted as a failure.\n\n### 3. Idle Timeout Hardcoded\n"
        "**Original Issue**: `idleTimeout: 60` inline.\n\n**Fix Applied**: a variable.\n"
    )
    assert [f.title for f in parse_analysis(unfixed).failures] == [
        "Roles Swapped",
        "Idle Timeout Hardcoded",
    ]
    update = (
        "## Failures\n\n### 1. **Principal Misspelled**\n\n**Impact:** HIGH - no messages.\n\n"
        "### 2. **Reserved Concurrency of 0**\n\n**Impact:** HIGH - nothing consumed.\n\n"
        "**Update:** On a second pass, issue 2 is fine after all: the prompt wants it off. "
        "I'm dropping it.\n\n### 3. **Outputs Missing Export Names**\n\n**Impact:** LOW\n"
    )
    assert [f.severity for f in parse_analysis(update).failures] == ["High", "Low"]


def test_plain_lead_in_lines_part_tagged_bullets_from_a_praise_list() -> None:
    text = (
        "Review of the queue-worker stack:\n\nProblems found:\n\n"
        "- No redrive policy → failing messages loop (high).\n"
        "- Batch size 10 with a 3 s timeout → retries (medium).\n"
        "- Log group has no retention → kept forever (minor).\n\nLooked fine:\n\n"
        "- IAM scoped to the one queue.\n- Region read from the environment.\n\nQuality 6.5\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["High", "Medium", "Low"]
    assert analysis.score == 6.5
    praise = text.replace("Looked fine:", "Things the model did right, for the record:")
    assert len(parse_analysis(praise).failures) == 3


def test_worded_counts_with_a_verb_and_not_the_ones_pointed_back_at() -> None:
    base = "## Failures\n\n### 1. Master password in a parameter\n\n**Severity**: Critical\n\n"
    verbs = base + "## Summary\n\nTwo are critical, two are high, one is medium and two are low.\n"
    assert parse_analysis(verbs).claimed_counts == {"Critical": 2, "High": 2, "Medium": 1, "Low": 2}
    pointed = base + (
        "## Summary\n\nThe review found two critical, one high and two low-severity problems. "
        "The two critical ones both stop data from reaching S3.\n"
    )
    assert parse_analysis(pointed).claimed_counts == {"Critical": 2, "High": 1, "Low": 2}
    scored = base + (
        "## Summary\n\nTwo blocking problems prevented deployment; three minor ones slowed it. "
        "We would put the training quality at 6.5 out of 10.\n"
    )
    assert parse_analysis(scored).claimed_counts == {"Critical": 2, "Low": 3}


def test_sentence_case_plain_titles_ending_in_a_colon_when_some_rate_themselves() -> None:
    text = (
        "Review of the web tier\n\nUser data not base64 encoded (high):\n\nInstances boot with "
        "garbage.\n\nHealth check path points at /health which does not exist:\n\nEvery "
        "instance is unhealthy.\n\nWhat worked:\n\nThe listener redirect was right.\n\n"
        "Instance security group allows port 80 from anywhere:\n\nIt should reference the ALB."
        "\n\nMissing tags on ASG instances (minor):\n\nNo propagate_at_launch.\n\n5 out of 10\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", None, None, "Low"]
    assert failures[1].title == "Health check path points at /health which does not exist"
    # Without a single rated title, sentence-case lines ending in colons are only prose.
    unrated = text.replace(" (high):", ":").replace(" (minor):", ":")
    assert parse_analysis(unrated).failures == []


def test_plain_gap_n_entries_are_items_but_not_under_knowledge_gaps() -> None:
    text = (
        "REVIEW: STATIC WEBSITE\n\nImplementation gaps\n\n"
        "Gap 1 - Origin Access Identity used instead of Origin Access Control\n"
        "  Problem: OAI is the legacy mechanism.\n\nGap 2 - Bucket policy allows public reads\n"
        "  Problem: the S3 endpoint bypasses CloudFront.\n\nTraining quality rating: 6.5\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Origin Access Identity used instead of Origin Access Control",
        "Bucket policy allows public reads",
    ]
    known = text + "\nKnowledge gaps:\n\nGap 1 - CloudFront certificates\nGap 2 - OAC signing\n"
    assert len(parse_analysis(known).failures) == 2


def test_a_guide_to_the_failure_modes_models_tend_to_hit_then_the_observed_ones() -> None:
    text = (
        "# Model Failures\n\n## Common Model Failures for Multi-Region DR\n\nThis document "
        "records the failure modes models tend to hit on this challenge, and then what this "
        "particular response actually got wrong.\n\n### 1. Replication Failures\n"
        "**Failure Pattern**: one-way replication.\n\n### 2. Backup Failures\n"
        "**Failure Pattern**: no copy action.\n\n## Failures Observed in This Response\n\n"
        "1. **Secondary cluster in the primary region** — wrong provider. Severity: Critical.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical"]


def test_a_summary_table_whose_category_column_names_each_item() -> None:
    text = (
        "## 1. CloudFront\n- **Viewer Protocol Policy:**\n  - Model sets `allow-all`\n"
        "- **Origin Access Control:**\n  - Model correctly creates the OAC\n"
        "  - No change needed here\n\n"
        "## 2. S3 Origin\n- **Bucket Policy:**\n  - **Issue:** public read\n"
        "- **Versioning:**\n  - Model leaves it out\n\n"
        "## 3. Linting\n- **Unused Condition (W8001):**\n  - **Issue:** dead condition\n"
        "- **Invalid Property (E3002):**\n  - **Issue:** a string, not a boolean\n\n"
        "## Summary\n\n| Category | PROMPT Requirement | Model Implementation | Severity |\n"
        "|---|---|---|---|\n| Viewer Protocol | HTTPS only | allow-all | High |\n"
        "| Bucket Policy | Only CloudFront may read | Public read | Critical |\n"
        "| Versioning | Versioning enabled | Missing | Medium |\n"
        "| Unused Condition | Clean cfn-lint run | W8001 warning | Low |\n"
        "| Invalid Property | Clean cfn-lint run | E3002 error | Medium |\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["High", "Critical", "Medium", "Low", "Medium"]


def test_a_revised_severity_label_and_a_withdrawn_mark_on_a_defect_id_line() -> None:
    text = (
        "#### 2. Major Defects\n\n**Defect ID:** `OD-MAJ-001`\n**Area:** Messaging\n"
        "**Description:** The visibility timeout is shorter than the function timeout.\n\n"
        "**Defect ID:** `OD-MAJ-002`\n**Severity (revised):** Low\n**Area:** Naming\n"
        "**Description:** The state machine name is hard-coded.\n\n"
        "**Defect ID:** `OD-MAJ-003` — *withdrawn*\n**Area:** Dead-letter handling\n"
        "**Description:** Recorded as a missing redrive policy. Re-testing showed it present. "
        "Not a defect; kept for traceability.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_rated_bold_lines_numbering_on_in_an_additional_observations_section() -> None:
    text = (
        "## High Failures\n\n### 1. No Retry on Lambda Errors\n\n**Impact Level**: High\n\n"
        "### 2. Provisioned Capacity of 1\n\n**Impact Level**: Medium\n\n"
        "## Additional Observations\n\nFound while writing tests.\n\n"
        "**3. Unused subscription variable (Low)** — assigned and never read.\n\n"
        "**4. Standard used where Express was asked (High)** — changes pricing.\n\n"
        "## Summary\n\n**5. Not an item** — a recap.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["High", "Medium", "Low", "High"]
    assert failures[2].section == "Additional Observations"
    unrated = text.replace(" (Low)**", "**").replace(" (High)**", "**")
    assert len(parse_analysis(unrated).failures) == 2


def test_plain_dotted_entries_under_numbered_category_lines() -> None:
    text = (
        "MODEL FAILURES - fargate service\n\n1. Synthesis problems\n\n"
        "1.1 Wrong module for the service\n    Issue: imported from aws_ecs.\n"
        "    Severity: blocking\n\n1.2 Container port passed as a string\n"
        '    Issue: container_port="8080".\n    Severity: major\n\n2. Runtime problems\n\n'
        "2.1 Log retention left at default\n    Issue: never expires.\n    Severity: minor\n\n"
        "3. Things that were done correctly (no action needed)\n\n3.1 Task execution role\n"
        "    The pattern made it.\n\nTraining quality: 5/10\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Wrong module for the service", "Critical"),
        ("Container port passed as a string", "High"),
        ("Log retention left at default", "Low"),
    ]


def test_a_what_was_actually_missing_section_before_corrections_made() -> None:
    text = (
        "# Model Failures and Corrections\n\n## Issue Identified\n\nThe first review was wrong "
        "about most of it.\n\n## What Was Actually Missing\n\n"
        "1. **Stack outputs were not exported** — tests cannot find resources. Severity: Medium\n"
        "2. **Scheduler role trusts `events.amazonaws.com`** — every run is denied. Severity: "
        "Critical\n\n## Corrections Made\n\n### 1. Added pulumi.export Calls\n\nExported all.\n\n"
        "### 2. Returned Resources From Components\n\nExposed children.\n\n"
        "### 3. Fixed the Scheduler Trust Policy\n\nReplaced the principal.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Medium", "Critical"]


def test_a_title_without_justification_and_a_checked_and_fine_category() -> None:
    text = (
        "## **Findings**\n\n### **C. COST**\n\n#### **PriceClass_All Without Justification**\n"
        "- **Problem**: every edge location for a UK audience\n\n"
        "#### **Access Log Bucket Has No Lifecycle Rule**\n- **Problem**: logs kept forever\n\n"
        "### **D. CHECKED AND FINE**\n\n#### **Default Root Object**\n"
        "- **Note**: `index.html` is set, matching the ideal\n\n## **SUMMARY**\n\nDone.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "PriceClass_All Without Justification",
        "Access Log Bucket Has No Lifecycle Rule",
    ]


def test_a_bracketed_severity_rating_after_a_bold_bullet_title() -> None:
    text = (
        "## Medium and Low Severity Issues\n\nThe remaining findings are smaller.\n\n"
        "- **5. Launch template without a default version bump** (Severity Rating: High)\n"
        "  Rolling a new AMI needs a manual bump.\n\n"
        "- **6. Missing cost-center tag** (Severity Rating: Low)\n  Only cosmetic.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_items_taken_back_as_a_false_alarm_no_change_needed_or_finding_withdrawn() -> None:
    alarm = (
        "## Findings\n\n- __[Deletion protection disabled]__\n  - Root cause: a dev snippet.\n\n"
        "- __[Proxy idle timeout]__ — false alarm: the default is what the prompt asked for.\n\n"
        "- __[Insights retention]__\n  - Severity: low\n"
    )
    assert len(parse_analysis(alarm).failures) == 2
    unchanged = (
        "## Fixes\n\n### 1. Node Role Missing ECR Read\n**Issue**: no pull.\n\n"
        "### 2. Output Naming (no change needed)\n**Issue**: flagged by mistake\n"
        "**Fix**: None — it is exported\n"
    )
    assert len(parse_analysis(unchanged).failures) == 1
    withdrawn = (
        "## 1. Cluster Logging Disabled\n- **Problem**: no control plane logs.\n\n"
        "## 2. Launch Template Instead of InstanceTypes\n- **Problem**: a launch template.\n"
        "- **Update (second review)**: A valid pattern, better than the reference. Finding "
        "withdrawn.\n\n## 3. Outputs Missing\n- **Problem**: no security group output.\n"
    )
    assert len(parse_analysis(withdrawn).failures) == 2


def test_a_quality_verdict_opening_a_sentence_or_after_its_label() -> None:
    base = "## Failures\n\n### 1. Circular notification\n\n**Severity**: Critical\n\n"
    sentence = base + (
        "## Conclusion\n\nTwo wiring mistakes make it undeployable. Overall quality 6.5 — good "
        "bones, careless wiring.\n"
    )
    assert parse_analysis(sentence).score == 6.5
    labelled = base + "**Training Quality**: Quality 6.5 — solid skeleton, weak on security.\n"
    assert parse_analysis(labelled).score == 6.5


def test_not_a_defect_said_outright_in_a_fix_takes_the_item_back() -> None:
    text = (
        "## Category B: Moderate Issues\n\n### B1. Lifecycle Rule Deletes Too Early\n"
        "**Issue**: objects expire after 1 day\n**Fix**: 30 days\n\n"
        "### B2. Bucket Key Not Enabled\n**Issue**: `bucketKeyEnabled` omitted\n"
        "**Fix**: Investigated and kept it omitted — the prompt asks for a per-object audit "
        "trail. **Not a defect; the model's choice was correct.**\n**Impact**: None\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Lifecycle Rule Deletes Too Early"]


def test_a_bold_title_led_by_good_is_praise_among_numbered_failures() -> None:
    text = (
        "# Model Failures\n\n## Issues Identified and Fixed\n\n"
        "**1. Buffering Hints Out of Range**\n\n**Problem**: 256 MB.\n**Impact**: High\n"
        "**Remedy**:\n- 128 MB\n\n> Progress check: item 1 blocked the deploy.\n\n"
        "**Good: Stream Retention Period**\n\nSeven days, as required. No change needed.\n\n"
        "**2. Error Output Prefix Not Set**\n\n**Problem**: failed records mixed in.\n"
        "**Impact**: Medium\n**Remedy**:\n- a prefix\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_guide_of_common_reasons_then_what_this_response_got_wrong() -> None:
    text = (
        "# model_failure\n\n## Common reasons cross-account delegation breaks\n\n"
        "* **NS records copied at the wrong level**\n  On the apex instead of the subdomain.\n\n"
        "* **TTL mismatch during cut-over**\n  Resolvers keep the old zone.\n\n"
        "## What this particular response got wrong\n\n"
        "* **Delegation written with a hardcoded NS list (HIGH)**\n  Literals, not GetAtt.\n\n"
        "* **Custom resource never answers on errors**\n  The stack hangs. Severity: critical.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical"]


def test_scenario_items_beside_defects_found_in_the_model_response() -> None:
    scenario = (
        "### {n}. {title}\n\n- **Scenario:** it could happen\n- **Impact:** the stack fails\n\n"
        "**Mitigation:**\n\n- guard against it\n\n"
    )
    text = (
        "## Overview\n\nThis covers failure scenarios and the defects found in review.\n\n"
        "## Deployment Failure Scenarios\n\n"
        + scenario.format(n=1, title="Circular Dependency")
        + scenario.format(n=2, title="Package Not Found")
        + "## Defects Found in the Model Response\n\n### 1. Role Cannot Write Thumbnails\n\n"
        "- **Defect:** no `s3:PutObject`\n- **Severity:** Critical\n\n"
        "## Runtime Failure Scenarios\n\n" + scenario.format(n=1, title="Timeout on Large Images")
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Role Cannot Write Thumbnails"]


def test_a_dropped_note_naming_another_item_does_not_take_back_the_one_above() -> None:
    text = (
        "Problem 1 - Node group placed in public subnets (severity: critical)\n"
        "The nodes get public IPs.\nFix: private subnets.\n\n"
        "Problem 2 - Kubernetes provider configured with a static token (severity: low)\n"
        "The token expires.\nFix: an exec block.\n\n"
        'Dropped: "Missing cluster autoscaler". I flagged this first, but the prompt says it is '
        "out of scope, so this is not a failure and is not counted.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_a_plain_entry_ends_at_a_praise_line_not_at_a_withdrawn_entry_after_it() -> None:
    text = (
        "Where the answer falls short:\n\n1) Queue URL hardcoded in the tests (high)\n"
        "Issue: a fixed account ID.\n\n2) Redrive policy not tested (low)\n"
        "Issue: maxReceiveCount is never checked.\n\nWhat NOVA got right:\n\n"
        "The snapshot test is set up correctly.\n\n4) Missing IAM permission test (medium) - "
        "scratch that, the role policy is asserted. Not a failure.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_a_rated_heading_numbering_on_inside_a_praise_section_is_a_failure() -> None:
    text = (
        "# Failures\n\n## Executive Summary\n\nTwo problems.\n\n"
        "### 1. [HIGH] Certificate Created Outside us-east-1\n\n**Issue**: eu-west-1.\n\n"
        "## What The Model Did Right (so far)\n\n### Cache behaviours\n\nManaged policy, good.\n\n"
        "---\n\n### 2. Bucket Policy Grants an OAI While the Distribution Uses OAC (Medium)\n\n"
        "**MODEL_RESPONSE Issue**: CanonicalUser.\n\n**IDEAL_RESPONSE Fix**: the service principal.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_summary_table_counting_failures_by_a_described_category() -> None:
    text = (
        "## Summary\n\n| Category | Meaning | Failures |\n|---|---|---|\n"
        "| A | Critical architectural failures | 2 |\n| B | High-severity configuration issues |"
        " 3 |\n| C | Minor code issues | 1 |\n| **Total** | | **6** |\n\n"
        "## Category A: Critical Failures\n\n### 1. Default Association Left On\n\n**Issue**: x\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 2, "High": 3, "Low": 1}


def test_summary_table_rows_keyed_gap_n_give_the_gaps_their_levels() -> None:
    text = (
        "### Gap 1: Upload Bucket Allows Public ACLs\n**Status**: MISSING\n\n"
        "### Gap 2: Table Uses Provisioned Capacity\n**Status**: PARTIAL\n\n"
        "## Severity Classification\n\n| Gap | Requirement | Severity |\n|---|---|---|\n"
        "| Gap 2 - Billing mode | 16 | MEDIUM |\n| Gap 1 - ACL grants | 9 | CRITICAL |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_a_category_whose_only_point_says_nothing_to_change_is_praise() -> None:
    text = (
        "# Failures\n\n## 1. Network Layout\n- **Subnet CIDRs:**\n  - /24 subnets cap each AZ\n"
        "  - Task launches fail once the subnet is exhausted\n\n"
        "## 2. Load Balancer Listener (High)\n- **HTTPS Listener:**\n  - Only an HTTP listener\n\n"
        "## 3. Logging\n- **Container Logs:**\n  - Log driver `awslogs` configured correctly\n"
        "  - Retention of 30 days matches the prompt\n  - Nothing to change here\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Network Layout", "Load Balancer Listener"]


def test_bare_plain_titles_rated_by_a_tag_and_a_passed_check_among_them() -> None:
    text = (
        "NAT Gateway Placement (critical)\nEarly main.tf put it in a private subnet.\n\n"
        "EKS Node Group Scaling Config\nThe early file had desired_size above max_size.\n\n"
        "Security Group Egress\nEgress is the AWS default the prompt allowed, so no change "
        "needed here.\n\nMissing Cluster Logging (minor)\nenabled_cluster_log_types was not set.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("NAT Gateway Placement", "Critical"),
        ("EKS Node Group Scaling Config", None),
        ("Missing Cluster Logging", "Low"),
    ]


def test_lettered_entries_rated_in_their_details_under_lower_priority_observations() -> None:
    text = (
        "Detected Failures\n-----------------\n\n1) Artifact key not shared\n"
        "\t- Description: the key trusts one account.\n\t- Severity: critical\n\n"
        "2) Deploy role trust too broad\n\t- Description: trusts the account root.\n"
        "\t- Severity: high\n\nLower-priority observations\n---------------------------\n\n"
        "a) Build image outdated\n\t- Description: STANDARD_5_0, not 7.0.\n\t- Severity: low\n\n"
        "b) No failure notification\n\t- Description: no notifyOn rule.\n\t- Severity: medium\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "Low",
        "Medium",
    ]


def test_a_level_tag_before_a_bold_bullet_title_is_its_level_not_its_title() -> None:
    text = (
        "# Common Model Failures in CloudFormation Generation\n\n## Template Structure Issues\n\n"
        "- Missing outputs are common.\n\n"
        "## Failures Observed in This Response\n\nThe following actually went wrong:\n\n"
        "- [High] **Dead-letter queue never attached**: The DLQ resource is declared but the "
        "main queue has no `RedrivePolicy`.\n- [Critical] **Queue policy allows any account**: "
        '`Principal: "*"` with no `aws:SourceArn` condition.\n'
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Dead-letter queue never attached", "High"),
        ("Queue policy allows any account", "Critical"),
    ]


def test_bullets_under_an_additional_minor_nits_section_are_low_failures() -> None:
    text = (
        "## 1. Queue Policy Allows Any Topic\n- **Problem**: no SourceArn condition\n"
        "- **Severity**: Critical\n\n## Additional Minor Nits\n- Outputs do not export ARNs.\n"
        "- `RawMessageDelivery` is not set.\n\n## Things the Template Does Well\n- Encryption.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "Low"]


def test_a_suspected_error_ruled_out_as_not_an_error_is_no_failure() -> None:
    text = (
        "## Deployment Errors\n\n### Error 1: Edge Function Outside us-east-1\n\n"
        "**Description:** the function is in eu-west-1.\n\n## Suspected Errors Ruled Out\n\n"
        "### Error 2: Missing Origin Request Policy\n\n**Description:** It looked like query "
        "strings were stripped; they were not. Not an error — listed so nobody re-opens it.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Edge Function Outside us-east-1"]


def test_a_padded_risk_column_rates_the_items_a_summary_table_names() -> None:
    text = (
        "## Failures\n\n### 1. Redis Engine Version Downgrade\n\n**Issue**: 6.2, not 7.1.\n\n"
        "### 2. Reserved Concurrency Set to Zero\n\n**Issue**: never runs.\n\n"
        "## Deployment Risk Assessment\n\n| Finding                          | Risk     |\n"
        "| -------------------------------- | -------- |\n"
        "| Reserved Concurrency Set to Zero | Critical |\n"
        "| Redis Engine Version Downgrade   | Medium   |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Critical"]


def test_a_bold_issue_title_with_its_level_in_brackets_after_a_heading_item() -> None:
    text = (
        "### Issue (High): S3 Backend Without a Lock Table\n**Problem**: no lock table.\n\n"
        "**Issue (Critical): ALB Listener Uses a Remote Certificate**\n**Problem**: wrong "
        "region.\n\n**Issue: Instance Type Has No Validation**\n**Problem**: any string.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical", None]


def test_a_severity_rating_label_after_a_bold_numbered_title() -> None:
    text = (
        "## Medium and Low Severity Failures\n\n**6. Lambda Timeout Longer Than Visibility** — "
        "Severity Rating: Medium\n\nMessages were delivered twice.\n\n"
        "**7. Missing `sharp` Layer Architecture** — Severity Rating: Low\n\nBuilt for x86_64.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Low"]


def test_major_before_throughput_is_a_level_and_were_strong_is_praise() -> None:
    text = (
        "# Model Response Analysis and Failures\n\nI reviewed the responses.\n\n"
        "## Critical Authorization Gap\n\nEvery method uses `AuthorizationType: NONE`.\n\n"
        "## Major Throughput Misconfiguration\n\nOne read and one write unit.\n\n"
        "## Minor Tagging Inconsistency\n\nSome resources are untagged.\n\n"
        "## Where the Responses Were Strong\n\nA dedicated role per function.\n\n"
        "## Missing Request Validation\n\nNo request validator.\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "High", "Low", None]


def test_failure_scenario_items_observed_in_model_response_are_failures() -> None:
    text = (
        "# CloudFormation Template Failure Cases\n"
        "\n"
        "This file has two parts. The first records what actually went wrong when MODEL_RESPONSE.md (static website: S3 origin + CloudFront + Route 53) was deployed in the QA account. The second is a standing checklist of things that can go wrong with this kind of stack in general; it is kept here for reference and does **not** describe defects in this response.\n"
        "\n"
        "## Observed in MODEL_RESPONSE\n"
        "\n"
        "### 1. CloudFront Origin Access Control Never Attached\n"
        "**Failure Scenario:** The distribution serves 403 for every object\n"
        "- **Severity:** Critical\n"
        "- **Mitigation:** Set `OriginAccessControlId: !GetAtt SiteOAC.Id` on the S3 origin\n"
        "\n"
        "### 2. ACM Certificate Requested Outside us-east-1\n"
        "**Failure Scenario:** Stack deployed in eu-west-1 fails on the distribution\n"
        "- **Severity:** Critical\n"
        "- **Mitigation:** Take the certificate ARN as a parameter, or move it to a separate us-east-1 stack\n"
        "\n"
        "### 3. Bucket Policy Grants s3:* to the CloudFront Service Principal\n"
        "**Failure Scenario:** Distribution can write and delete site objects\n"
        "- **Severity:** High\n"
        "- **Mitigation:** Restrict to `s3:GetObject` and add the `AWS:SourceArn` condition\n"
        "\n"
        "## General Failure Scenarios (checklist – not specific to this response)\n"
        "\n"
        "### 4. DNS Propagation Delay\n"
        "**Failure Scenario:** Alias record resolves to the old target for some minutes\n"
        "- **Mitigation:** Lower TTL before cut-over\n"
        "\n"
        "### 5. Cache Invalidation Costs\n"
        "**Failure Scenario:** Frequent `/*` invalidations run up charges\n"
        "- **Mitigation:** Version asset file names and invalidate `index.html` only\n"
        "\n"
        "### 6. Price Class Misconfiguration\n"
        "**Failure Scenario:** `PriceClass_All` used for a regional audience\n"
        "- **Mitigation:** Use `PriceClass_100` when the audience is in NA/EU\n"
        "\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "Critical", "High"]


def test_a_category_heading_saying_no_issues_holds_no_failures() -> None:
    text = (
        "## 4. OBSERVABILITY — severity: MEDIUM\n\n### 4.1 No Iterator Age Alarm\n"
        "- **PROBLEM**: no alarm on IteratorAge\n\n### 4.2 Dashboard Missing Metrics\n"
        "- **PROBLEM**: no write rejections\n\n## 5. OUTPUTS — no issues\n\n### 5.1 Stack Outputs\n"
        "- **NOTE**: all exported with stable names. Matches the IDEAL_RESPONSE.\n\n## SUMMARY\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["No Iterator Age Alarm", "Dashboard Missing Metrics"]


def test_a_triage_entry_pointing_at_an_item_told_below_is_not_one_more() -> None:
    text = (
        "## Earlier Review Findings\n\n1. ~~No dead-letter queue~~ — INCORRECT, it is there.\n"
        "2. Lambda timeout shorter than the visibility timeout — CONFIRMED, see Problem A.\n\n"
        "## What Was Actually Wrong\n\n### Problem A: Visibility Timeout Too Short (Severity: "
        "High)\n\n**Issue**: 30 s against 60 s.\n\n### Problem B: Queue ARN Not Exported "
        "(Severity: Low)\n\n**Issue**: no output.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_a_number_inside_a_word_in_a_summary_row_counts_nothing() -> None:
    text = (
        "## Failures\n\n### 1. Engine Conflict\n\n**Severity**: Blocking\n\n## Summary Table\n\n"
        "| Severity | Issue | Impact |\n|---|---|---|\n| Blocking | Engine conflict | ROLLBACK |\n"
        "| Major | 1-day backup retention | RPO MISSED |\n\n## Conclusion\n\n"
        "The response contains **1 blocking and 1 major issue**.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1}


def test_plain_fault_n_lines_are_items_over_their_issue_labels() -> None:
    text = (
        "After diffing the template, four faults were found (1 critical, 1 low).\n\n"
        "Fault 1: Transit Encryption Disabled\nSeverity: CRITICAL\n\nIssue: the group sets "
        "TransitEncryptionEnabled to false.\n\nFault 2: No Output For The Primary Endpoint\n"
        "Severity: LOW\n\nIssue: consumers cannot find it.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Transit Encryption Disabled", "Critical"),
        ("No Output For The Primary Endpoint", "Low"),
    ]


def test_a_plain_section_line_saying_not_defects_ends_the_numbered_failures() -> None:
    text = (
        "ISSUES FOUND\n\n1) WAF web ACL created in the wrong region\n   Severity: critical\n\n"
        "2) Default TTL of zero on the cache behaviour\n   Severity: low\n\n"
        "CODE QUALITY IMPROVEMENTS (made while fixing; not defects in the model output)\n\n"
        "1) TypeScript practices\n   - Typed stack props\n2) CDK practices\n   - Stable IDs\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_rated_corrections_beside_a_failures_list_are_failures_of_their_own() -> None:
    text = (
        "## Failure Analysis\n\n### Synth Failures\n\n- **Fargate cpu/memory pair**: 256 with "
        "4096\n  - Impact: Moderate\n\n### Model Corrections Applied\n\n"
        "- **Health check path**: `/health`, not `/healthz`\n  - Category: Configuration\n"
        "  - Impact: Moderate\n- **Log retention passed as a string**: not the enum\n"
        "  - Category: Syntax\n  - Impact: Minor\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Medium", "Low"]


def test_verdict_lines_against_stated_conditions_give_the_failed_ones() -> None:
    text = (
        "The solution is unsuccessful if any of these are met:\n\n"
        "    Missing WAF: the stage has no web ACL.\n\n    Broad IAM: a role uses wildcards.\n\n"
        "Assessment of the response against these conditions:\n\n"
        "    Missing WAF: FAILED (blocking). No web ACL is associated.\n\n"
        "    Unencrypted Data: PASSED. The CMK is used.\n\n"
        "    Broad IAM: FAILED. The role grants s3:*.\n\nScore: 4 of 10\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Missing WAF", "Critical"),
        ("Broad IAM", None),
    ]


def test_a_severity_tally_line_is_the_claim_not_per_dimension_risk_counts() -> None:
    text = (
        "## Failures\n\n### 1. Audience Wrong\n\n**Severity**: HIGH\n\n## Summary\n\n"
        "### Impact Summary\n\nSeverity tally: 1 Critical, 1 High, 1 Low.\n\n**Operations**:\n"
        "- 1 CRITICAL risk issue (all routes 500)\n- 1 HIGH risk issue (401s)\n"
        "- 1 MEDIUM risk issue (stage update failure)\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 1, "Low": 1}


def test_an_errata_section_withdrawing_an_item_by_number() -> None:
    text = (
        "## Failures\n\n### Issue 1 — Engine Version Not Pinned\n\n**Severity Level**: High\n\n"
        "### Issue 2 — Deletion Protection in a Test Template\n\n**Severity Level**: Low\n\n"
        "## Errata\n\nIssue 2 was raised in the first pass, but the prompt asks to protect data. "
        "Issue 2 is therefore withdrawn; the model's choice was defensible.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High"]


def test_a_review_of_what_the_response_got_wrong_with_a_checklist_appended() -> None:
    text = (
        "# Model Failures - Cross-Account Fan-Out\n\nThis review covers what the MODEL_RESPONSE "
        "for this task actually got wrong. A generic checklist of pitfalls for this kind of task "
        "is appended at the end for future reviewers; those items were NOT observed in this "
        "response.\n\n## Critical Failures\n\n### 1. Queue Policy Does Not Allow the Topic\n"
        "**Failure:** no queue policy.\n\n## Minor Failures\n\n### 2. Hardcoded Account IDs\n"
        "**Failure:** literals.\n\n---\n\n## Common Pitfalls Checklist (reference only - not "
        "observed in this response)\n\n### 3. Using `.js` Instead of `.mjs`\n**Failure:** ESM.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_scenario_items_under_failures_observed_and_findings_in_the_template() -> None:
    def scenario(n: int, title: str) -> str:
        return f"### {n}. {title}\n\n- **Scenario:** it breaks\n- **Severity:** High\n\n"

    text = (
        "## Overview\n\nThe first two sections list defects found in the model's template; the "
        "later ones are general guidance and not defects.\n\n## Deployment Failures Observed\n\n"
        + scenario(1, "Instance Profile Not Attached")
        + "## Security Findings in the Template\n\n"
        + scenario(1, "Security Group Open to the VPC")
        + "## General Failure Scenarios (not specific to this template)\n\n"
        + scenario(1, "Service Quota Exhaustion")
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Instance Profile Not Attached", "Security Group Open to the VPC"]


def test_scenario_items_under_an_observed_title_stay_beside_a_withdrawn_one() -> None:
    def scenario(n: int, title: str) -> str:
        return f"### {n}. {title}\n**Failure Scenario:** it breaks\n- **Root Cause:** a slip\n\n"

    text = (
        "# Terraform Module Failure Cases (observed in MODEL_RESPONSE)\n\nEvery case below is a "
        "defect we hit.\n\n## Deployment Failures\n\n"
        + scenario(1, "Subnet Group Covers a Single AZ")
        + scenario(2, "Parameter Group Family Mismatch")
        + "### 3. Storage Encryption Disabled\n**Update (withdrawn):** the model does set it. "
        "Raised in error and not counted.\n\n## Operational Failures\n\n"
        + scenario(4, "No Final Snapshot on Destroy")
    )
    assert len(parse_analysis(text).failures) == 3


def test_gets_right_is_praise_and_a_score_for_training_usefulness() -> None:
    text = (
        "## Critical Failures\n\n### 1. EFS Without Encryption\n\n**Severity**: Critical\n\n"
        "## What the Template Gets Right\n\n### 1. Auto Scaling Across Three AZs\n\nSpread well."
        "\n\n### 2. IMDSv2 Enforced\n\nHttpTokens is required.\n\n## Training Quality\n\n"
        "**Value**: Moderate; I'd put this at 6 out of 10 for training usefulness.\n"
    )
    analysis = parse_analysis(text)
    assert [f.title for f in analysis.failures] == ["EFS Without Encryption"]
    assert analysis.score == 6


def test_a_numbered_general_advice_heading_is_guidance_not_a_failure() -> None:
    text = (
        "## 1. [CRITICAL] WebACL Association Fails\n\n**Cause:** the stage ARN is wrong.\n\n"
        "## 2. [LOW] No Cache Invalidation Guidance\n\n**Cause:** no instructions.\n\n"
        "## 3. General Deployment Advice\n\n**Possible Causes:**\n* Region availability.\n\n"
        "**Resolution:**\n* Always deploy with the named-IAM capability.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_an_information_sign_before_a_numbered_rated_heading() -> None:
    text = (
        "## 🚨 1. [CRITICAL] Bucket Exposed Through a Public Policy\n\n### Problem\n- public\n\n"
        "## ~~2. Missing Default Root Object~~\n\n### Note\n- Withdrawn after re-checking.\n\n"
        "## ℹ️ 3. [LOW] Price Class Not Set\n\n### Problem\n- PriceClass_All\n\n"
        "## ℹ️ 4. [LOW] No Access Logging\n\n### Problem\n- no logs\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "Low"]


def test_a_subtitle_rating_its_topic_and_a_section_where_the_model_matches() -> None:
    text = (
        "## **1. Credentials: A Critical Failure in Secret Handling**\n\n* **Ideal:** a secret."
        "\n* **Model:** a literal.\n\n## **2. Backups: Minor but Real**\n\n* **Ideal:** 7 days."
        "\n* **Model:** 1 day.\n\n## **3. Tagging: Here the Model Matches the Ideal**\n\n"
        "* **Ideal:** default tags.\n* **Model:** the same.\n\n## **4. Parameter Group**\n\n"
        "* **Ideal:** from the engine.\n* **Model:** hardcoded.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", None]


def test_a_plain_numbered_knowledge_gaps_section_line() -> None:
    text = (
        "Failures\n\n1. Firehose cannot read the stream (high)\n\n2. No iterator alarm (low)\n\n"
        "4. Knowledge Gaps\n\n- Explicit read grants for Firehose\n- Encryption defaults\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "Explicit read grants for Firehose",
        "Encryption defaults",
    ]


def test_plain_category_lines_rating_their_fixes_in_brackets() -> None:
    text = (
        "MODEL FAILURES AND CORRECTIONS\n\nCATEGORY A FIXES (MAJOR IMPROVEMENTS)\n\n"
        "1. Cluster Endpoint Public With No CIDR Restriction\n\nIssue: open to 0.0.0.0/0.\n"
        "Impact: Any credential leak is exploitable.\n\nCATEGORY B FIXES (MODERATE "
        "IMPROVEMENTS)\n\n2. Launch Template Ignores Max Pods\n\nIssue: default max pods.\n"
        "Impact: Scheduling stalls.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_plain_praise_block_ends_at_a_numbered_category_of_problems() -> None:
    text = (
        "What it got right\n\nSecrets: the password is managed by the service, as asked.\n\n"
        "1. Blocking Problems (deploy fails)\n\nRotation Lambda Not Provided: rotation points at "
        "a function the template never defines.\n\nWrong Engine Version String: the version "
        "does not exist in the region.\n\n2. Minor Issues\n\nInconsistent Naming: half the "
        "resources use another prefix, which breaks the cost reports.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Critical", "Low"]


def test_a_summary_table_counting_by_level_named_issue_columns() -> None:
    text = (
        "# Failures\n\n## Summary\n\n| Model Response | Status | Critical Issues | Moderate Issues "
        "| Minor Issues |\n|---|---|---|---|---|\n| MODEL_RESPONSE.md | ✅ Complete | 2 | 1 | 3 |\n\n"
        "## Critical Failures\n\n### 1. Script Path Is Local\n\n**Issue**: a local path.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 2, "Medium": 1, "Low": 3}


def test_a_failure_titled_with_a_praise_word_among_bold_sub_items() -> None:
    text = (
        "## 1. Synth\n\n- **Wrong Chain Construction**\n  - `.next()` on a Choice state.\n\n"
        "- **Deprecated Task Construct**\n  - removed in CDK v2.\n\n## 2. Runtime Behaviour\n\n"
        "- **No Retry on Lambda Tasks**\n  - transient errors fail the run.\n\n"
        "- **Catch Sends Everything to the Success State**\n  - failed orders look complete.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles[-1] == "Catch Sends Everything to the Success State" and len(titles) == 4


def test_an_overall_line_closing_the_document_states_its_counts() -> None:
    text = (
        "## 1. [CRITICAL] Bucket Public\n\n### Problem\n- public\n\n## 2. [LOW] No Logging\n\n"
        "### Problem\n- no logs\n\n## ✅ What Was Fine\n\n- Versioning.\n\n"
        "Overall: 1 critical, 2 high and 2 low issues. With these corrections it deploys.\n"
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 1, "High": 2, "Low": 2}


def test_a_section_headed_not_observed_holds_no_failures() -> None:
    text = (
        "## Failures\n\n### Missing Retry on Payment Task (High)\n**Failure**: no retry.\n\n"
        "### Log Level Hardcoded (Low)\n**Failure**: DEBUG literal.\n\n"
        "## 4. General Pitfalls (Not Observed in This Response)\n\n"
        "### Express vs Standard Workflow Confusion\n**Failure**: Express for long flows.\n\n"
        "### Unencrypted SNS Topics\n**Failure**: no KMS key.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_please_disregard_this_one_takes_a_plain_entry_back() -> None:
    text = (
        "Issues:\n\n1. Critical Issues - The replica points at the wrong source.\n\n"
        "2. Medium Issues - The backend used a lock table that did not exist.\n\n"
        "Update after checking the logs: the table name comes from our CI config, not from the "
        "model's code. Please disregard this one.\n\n"
        "3. Low Issue - The replica did not set `kms_key_id`.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_good_marked_lines_among_rated_deviation_lines_are_praise() -> None:
    text = (
        "Model Failure\nVerdict: FAIL\n\nWhat the Ideal Response requires\nPrivate subnets only."
        "\n\nHow the Model Response deviates\n[HIGH] PubliclyAccessible is true on the primary.\n\n"
        "(Good) The naming suffix is kept exactly as required.\n\n"
        "[MEDIUM] The master password has a default value.\n\n"
        "(Good) Storage encryption and backups are correct.\n\n"
        "[LOW] The parameter group description is a placeholder.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low"]


def test_please_ignore_closing_an_item_takes_it_back() -> None:
    text = (
        "## Testing Issues\n\n### 5. Integration Test Uses a Hardcoded Bucket\n\n"
        "**Issue**: the test ignores the stack output.\n\n### 6. Unit Tests Mock the Wrong Type\n\n"
        "I originally logged this, but the mocks are correct; it was a stale cache on my side. "
        "Please ignore.\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == [
        "Integration Test Uses a Hardcoded Bucket"
    ]


def test_a_plain_praise_block_between_entries_ends_at_a_minor_issues_line() -> None:
    text = (
        "Critical Issues\n\n1. Lifecycle Policy Targets No Volumes\nModel Response Issue:\n"
        "The tag key does not match.\n\n2. Copy Without a KMS Key\nModel Response Issue:\n"
        "No key in the target region.\n\nWhat the Model Did Well\n"
        "1. Retention counts match the requirement\n2. The schedule uses UTC\n\nMinor Issues\n"
        "3. Description Field Left as Placeholder\nModel Response Issue:\nIt reads My template.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Critical", "Low"]


def test_failure_mitigation_items_a_document_says_it_found_are_failures() -> None:
    def entry(n: int, title: str) -> str:
        return (
            f"## {n}. {title}\n- **Failure:** it is wrong\n- **Impact:** it breaks\n"
            "- **Mitigation:** fix it\n\n"
        )

    text = (
        "This document lists the failures found in the model's template. Each entry was "
        "confirmed against the deployed stack.\n\n"
        + entry(1, "Cluster Endpoint Exposed Publicly")
        + entry(2, "Node Role Missing CNI Policy")
        + entry(3, "Node Group Sizes Ignore Parameters")
    )
    assert len(parse_analysis(text).failures) == 3
    general = text.replace("Each entry", "A general catalogue follows. Each entry")
    assert parse_analysis(general).failures == []


def test_plain_run_in_paragraphs_rated_in_brackets_before_a_colon() -> None:
    text = (
        "What the model actually got wrong:\n\n    Task role uses wildcard permissions (severity: "
        "high): the role has secretsmanager:* on *.\n\n    Container logs not retained (severity: "
        "low): no retention is set.\n\nOne more note: I first flagged the NAT gateway, but the "
        "model did create one; I missed it, so that is not counted.\n\nQuality 6.5\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Task role uses wildcard permissions", "High"),
        ("Container logs not retained", "Low"),
    ]


def test_plain_run_in_paragraphs_with_a_bare_bracketed_level() -> None:
    text = (
        "The response failed these conditions:\n\n    Public Origin Bucket (Critical): the bucket "
        "policy grants s3:GetObject to everyone.\n\n    Missing Access Logging (Medium): no log "
        "bucket is defined.\n\nScore: 4 of 10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_a_code_excerpts_section_for_the_issues_above_adds_none() -> None:
    text = (
        "## Issues\n\n### 1. Backup Plan Never Selects the File System\n\n**Severity**: Critical\n"
        "\n### 2. Access Points Share a Root\n\n**Severity**: Medium\n\n"
        "## Code Excerpts for the Issues Above\n\n### Missing Backup Selection (issue 1):\n"
        "```yaml\nBackupPlan: {}\n```\n\n### Shared Access Point Root (issue 2):\n"
        "- Both access points use `/`\n- Neither sets `CreationInfo`\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_unrated_table_rows_under_a_section_naming_their_level() -> None:
    text = (
        "# Infrastructure Fixes\n\n## Critical Fixes Applied\n\n| # | Issue | Fix |\n|---|---|---|\n"
        "| 1 | Access policy names the role instead of its ARN | Use the ARN |\n"
        "| 2 | No S3 backup configuration for the stream | Add it |\n\n## Minor Fixes Applied\n\n"
        "- **Stream retention**: 24 h, not 72 h. Fix: raised it.\n"
        "- **Missing tags**: no Project tag. Fix: added it.\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "Critical", "Low", "Low"]


def test_bold_title_lines_over_prose_before_a_sub_heading_of_the_section() -> None:
    text = (
        "## Infrastructure Implementation Issues\n\nThe template needed corrections.\n\n"
        "**Event Source Batch Window (major)**\nThe window outlasts the function timeout.\n\n"
        "**Partial Batch Response Not Enabled**\nFunctionResponseTypes is missing.\n\n"
        "### What Worked Well\n\nThe poller policy was scoped to the queue.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", None]


def test_an_analysis_that_records_no_failures_for_an_empty_response() -> None:
    text = (
        "# Model Failures Analysis\n\nThe response holds only a placeholder.\n\n"
        "## Fixes Applied in IDEAL_RESPONSE.md\n\n### Security\n- **TLS-only encryption** and a "
        "customer key\n- **IAM client authentication**\n\n## Conclusion\n\nBecause the model "
        "response was empty, this analysis records no failures for it.\n"
    )
    assert parse_analysis(text).failures == []
    tested = text.replace("this analysis records no failures for it", "cfn-nag reports no failures")
    assert parse_analysis(tested).failures != []


def test_a_number_opening_the_fix_cell_beside_a_level_is_no_claimed_count() -> None:
    text = (
        "## Summary of Fixes\n\n| Category | Issue | Severity | Fix |\n|---|---|---|---|\n"
        "| **Security** | Weak password policy | Medium | 12 chars, mixed requirements |\n"
        "| **Security** | Login throttling off | High | 3 retries, then a lockout |\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Medium", "High"]
    assert analysis.claimed_counts == {}
    assert not [p for p in analysis.problems if p.kind == "claimed_counts_mismatch"]
    counted = (
        "## Summary\n\n| Category | Level | Issues |\n|---|---|---|\n| A | Major | 1 (auth) |\n"
    )
    assert parse_analysis(counted).claimed_counts == {"High": 1}


def test_a_summary_table_whose_level_column_is_headed_level_gives_the_severities() -> None:
    text = (
        "## Issues\n\n### 1. Bucket policy allows public read\nPrincipal is `*`.\n\n"
        "### 2. Lambda timeout too low\n3 seconds for a 40 MB file.\n\n## Severity Table\n\n"
        "| Issue | Level |\n|---|---|\n| Bucket policy allows public read | Critical |\n"
        "| Lambda timeout too low | Medium |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium"]


def test_a_severity_table_numbered_as_the_items_restates_them_in_other_words() -> None:
    text = (
        "## Infrastructure Fixes Applied\n\n### 1. Added State Machine (MISSING)\n\n"
        "**Issue:** Nothing called the functions in order.\n\n"
        "### 2. Added Error Handling to Task States\n\n**Issue:** No `Retry` or `Catch`.\n\n"
        "### 3. Added EventBridge Trigger\n\n**Issue:** No rule started executions.\n\n"
        "### 4. Tightened Log Retention\n\n**Issue:** No `RetentionInDays`.\n\n"
        "## Issue Severity Overview\n\n| # | Issue | Severity |\n|---|---|---|\n"
        "| 1 | State machine missing | Critical |\n| 2 | No Retry/Catch | High |\n"
        "| 3 | No EventBridge trigger | High |\n| 4 | Unlimited log retention | Low |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "High",
        "Low",
    ]
    # Rows numbered 1-3 again but about other things are more failures.
    other = text.split("## Issue Severity")[0] + (
        "## Code Quality Issues\n\n| # | Issue | Severity |\n|---|---|---|\n"
        "| 1 | Unused imports | Low |\n| 2 | Construct IDs reused in a loop | Medium |\n"
        "| 3 | Engine version that no longer exists | High |\n| 4 | Stray print calls | Low |\n"
    )
    assert len(parse_analysis(other).failures) == 8


def test_a_note_on_a_matter_not_counted_above_withdraws_no_item() -> None:
    text = (
        "ISSUES FOUND AND FIXED\n\n1. Shard count hard-coded\nIssue: shardCount 1, not on-demand.\n"
        "Severity: Medium\nFix applied: streamMode ON_DEMAND.\n\n"
        "2. Bucket encrypted with S3-managed keys\nIssue: the prompt asked for a KMS key.\n"
        "Severity: High\nFix applied: a KMS key with rotation.\n\n"
        "Note: QA also mentioned the domain takes 25 minutes to create. That is normal and not a "
        "defect in the response, so it is not counted above.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "High"]
    withdrawn = text.replace("\n\nNote: QA also", "\nOn re-check this is not counted. QA also")
    assert [f.severity for f in parse_analysis(withdrawn).failures] == ["Medium"]


def test_a_rated_table_under_a_category_beside_categories_of_items_gives_its_rows() -> None:
    text = (
        "# Model Response Failures\n\n## 1. **Authentication Issues**\n\n"
        "### **Problem: Wrong Identity Source**\n- **Impact**: every call gets 401\n"
        "- **Severity**: Critical\n\n### **Problem: Client Generates a Secret**\n"
        "- **Impact**: the SPA cannot sign in\n- **Severity**: High\n\n"
        "## 2. **API Gateway Issues**\n\nThe rest are in a table:\n\n"
        "| Problem | Impact | Severity |\n|---|---|---|\n"
        "| Missing CORS on 401/403 | CORS error shown | Medium |\n"
        "| Stage without throttling | Requirement not met | Low |\n"
    )
    titles = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert titles == [
        ("Wrong Identity Source", "Critical"),
        ("Client Generates a Secret", "High"),
        ("Missing CORS on 401/403", "Medium"),
        ("Stage without throttling", "Low"),
    ]


def test_a_withdrawal_note_naming_a_point_listed_as_another_failure_keeps_the_item() -> None:
    text = (
        "## High Failures\n\n### 2. Bucket Policy Allows Anonymous Reads\n\n"
        "**Impact Level**: High\n\n**MODEL_RESPONSE Issue**: `Principal: *`.\n\n"
        "## Additional Observations\n\n**3. No default root object — Impact: Low.** The bare "
        'domain returns AccessDenied.\n\n**Withdrawn:** an earlier draft listed "legacy '
        '`forwarded_values` block" as a fifth failure. The model used a cache policy, so that '
        "point is withdrawn and not counted.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]
    # The same note under a failures heading is no failure of its own.
    other = text.replace("## Additional Observations", "## Other Failures")
    assert [f.severity for f in parse_analysis(other).failures] == ["High", "Low"]


def test_a_section_of_issues_marked_reference_only_is_a_guide_whatever_its_first_word() -> None:
    text = (
        "## Deployment Timing Issues (reference only)\n\n- **Multi-AZ provisioning**\n"
        "  - Creation can take 20+ minutes.\n- **Parameter group changes**\n"
        "  - Static parameters need a reboot.\n\n## Issues Observed in This Response\n\n"
        "- **Master password in a plain-text parameter** (severity: high)\n"
        "- **StorageEncrypted left false** (severity: critical)\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical"]


def test_problems_found_in_this_response_under_review_notes_beside_a_reference_checklist() -> None:
    entry = (
        "#### {title}\n- **Failure**: {what}\n- **Impact**: {impact}\n"
        "- **Correct Implementation**: {fix}\n\n"
    )
    text = (
        "# MODEL FAILURES\n\n## Hub-and-Spoke Network - Review Notes\n\nWhat went wrong in the "
        "model's Terraform.\n\n### 1. Problems Found in This Response\n\n"
        + entry.format(
            title="Route Tables Not Isolated (CRITICAL)",
            what="attachments use the default route table",
            impact="spokes reach each other",
            fix="a spoke route table",
        )
        + entry.format(
            title="Provider Version Unpinned (LOW)",
            what="no version constraint",
            impact="future releases may break it",
            fix="`~> 5.40`",
        )
        + "### 2. Standing Checklist (reference only - not failures of this response)\n\n"
        + entry.format(
            title="Missing Flow Logs",
            what="no flow logs",
            impact="no forensics",
            fix="`aws_flow_log` per VPC",
        )
        + "### 3. Prevention Strategies\n\n1. **Diagram first**: draw the route tables.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]
    unrated = text.replace(" (CRITICAL)", "").replace(" (LOW)", "")
    titles = [f.title for f in parse_analysis(unrated).failures]
    assert titles == ["Route Tables Not Isolated", "Provider Version Unpinned"]


def test_failure_mitigation_items_rated_in_titles_beside_clean_areas_are_a_review() -> None:
    area = "## {n}. {title}\n\n- **Failure:** {what}\n- **Impact:** {impact}\n- **Mitigation:** {fix}\n\n"
    text = (
        "# Model Failures: Static Website\n\nEach requirement area in order.\n\n"
        + area.format(
            n=1,
            title="[Critical] Bucket Policy Grants Public Read",
            what="`Principal: *`",
            impact="content reachable from S3",
            fix="scope to CloudFront",
        )
        + area.format(
            n=2,
            title="Origin Access Control",
            what="None - created correctly",
            impact="n/a",
            fix="n/a",
        )
        + area.format(
            n=3,
            title="[High] Certificate in the Wrong Region",
            what="declared in eu-west-1",
            impact="CloudFront rejects it",
            fix="a us-east-1 stack",
        )
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_a_severity_table_keyed_by_finding_number_names_items_by_its_title_column() -> None:
    entry = "### {n} {title}\n- **PROBLEM**: {what}\n- **EXPECTED**: {fix}\n\n"
    text = (
        "## 2. MESSAGING\n\n"
        + entry.format(
            n="2.1",
            title="SNS Subscription Filter Policy",
            what="on the topic",
            fix="per subscription",
        )
        + entry.format(n="2.2", title="Dead-Letter Queues", what="no redrive", fix="a DLQ")
        + "## SEVERITY TABLE\n\n| Finding | Title | Severity |\n|---|---|---|\n"
        "| 2.1 | SNS Subscription Filter Policy | Critical |\n| 2.2 | Dead-Letter Queues | High |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High"]


def test_a_quality_score_opening_a_later_sentence_of_a_long_line_is_the_score() -> None:
    text = (
        "## Closing Notes\n\nThe cross-tenant leak alone would make this unusable for a SaaS "
        "product. Quality score 5.5 - a solid skeleton with serious isolation mistakes.\n"
    )
    assert parse_analysis(text).score == 5.5


def test_a_project_layout_chapter_among_topic_chapters_holds_its_problem_items() -> None:
    entry = "### {n} {title}\n- **PROBLEM**: {what}\n- **EXPECTED**: {fix}\n\n"
    text = (
        "## 1. PROJECT LAYOUT\n\n"
        + entry.format(
            n="1.1",
            title="Stack Configuration Handling",
            what="`config.get()` falls back",
            fix="`requireNumber`",
        )
        + "### 1.2 Component Resource Usage\n- **PASS**: wrapped in a ComponentResource.\n\n"
        + "## 2. MESSAGING\n\n"
        + entry.format(
            n="2.1", title="SNS Filter Policy", what="on the topic", fix="per subscription"
        )
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Stack Configuration Handling", "SNS Filter Policy"]


def test_a_how_bad_label_gives_the_severity() -> None:
    text = (
        "## 1) Nodes never joined the cluster\n**How bad**: critical\n\nThe node group sat in "
        "CREATING.\n\n## 2) Cluster logging turned off\n**How serious**: low\n\nNo audit logs.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_severity_rows_naming_gap_n_rate_the_gap_not_the_issue_numbered_alike() -> None:
    text = (
        "## Detailed Gap Analysis\n\n#### Gap 1: Task Role Collapsed Into One\n\nOne role for both.\n\n"
        "#### Gap 2: Credentials in Plain Environment Variables\n\nThe password is in `environment`.\n\n"
        "## Minor Quality Issues\n\n### Issue 1: Log Retention\n\nNever expires.\n\n"
        "### Issue 2: Hard-coded Image Tag\n\n`latest`.\n\n## Severity Classification\n\n"
        "| Gap | Severity | Deployment Impact |\n|---|---|---|\n"
        "| Gap 1 – Task/execution role split | CRITICAL | None |\n"
        "| Gap 2 – Secrets handling | HIGH | None |\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "High", "Low", "Low"]


def test_a_detail_heading_naming_a_listed_item_gives_it_the_level_it_states() -> None:
    text = (
        "Limitations & Failures\n----------------------\n\nThe model fell short here:\n\n"
        "*   **DynamoDB encryption**\tTable uses the AWS-owned key\n"
        "*   **API authorisation**\tRoutes left open\n*   **Resource tagging**\tOnly the table\n\n"
        "Details on two of the failures above\n------------------------------------\n\n"
        "### 1\\. API authorisation (from the list above)\n\n**Severity:** Critical\n\n"
        "Every route has `authorizationType: NONE`.\n\n### 2. DynamoDB encryption\n\n"
        "**Severity:** Medium\n\nNo CMK.\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Medium", "Critical", None]


def test_a_numbered_category_listing_bold_entries_beside_categories_of_heading_items() -> None:
    text = (
        "## 1. **Networking Problems**\n\n### **Problem: Tasks in Public Subnets**\n"
        "- **Impact Level**: High\n- **Impact**: no image pulls\n\n"
        "### **Problem: Security Group Open to the World**\n- **Impact Level**: Medium\n\n"
        "## 2. **Logging Problems**\n\n1. **Problem: Log group has no retention** — Severity: Low. "
        "Kept forever.\n2. **Problem: Container Insights not enabled** — Severity: Medium. "
        "The prompt asked for it.\n\n## What the Model Got Right\n\n### **Strength: Grace period**\n"
        "Set to 60 s.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures][2:] == [
        ("Log group has no retention", "Low"),
        ("Container Insights not enabled", "Medium"),
    ]
    assert len(failures) == 4


def test_a_section_whose_opening_says_its_failures_were_not_observed_here_is_a_guide() -> None:
    text = (
        "## Problems in the Provided Portion\n\n- **No queue policy for SNS delivery** (high)\n"
        "- **Hard-coded topic name** (low)\n\n## Typical Failures for This Kind of System\n\n"
        "These were not observed in this response (it never got that far), but they are common "
        "in fan-out designs:\n\n- **Raw message delivery left off**: consumers unwrap the envelope\n"
        "- **Filter policy on the wrong attribute**: queues receive nothing\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low"]


def test_fixed_errors_under_achievements_beside_the_model_shortcomings_are_no_more_failures() -> (
    None
):
    shortcomings = (
        "Shortcomings of the Model Response\n----------------------------------\n\n"
        "*   **Firehose role missing Glue permissions** (major): delivery failed.\n\n"
        "*   **Buffering hints left at defaults** (minor): 5 MB is rejected.\n\n"
    )
    achievements = (
        "Achievements\n------------\n\nThe project was brought to a working state.\n\n"
        "### Fixed Errors\n\n*   **ValidationError: SizeInMBs must be >= 64** — fixed.\n\n"
        "*   **AccessDenied from Glue** — fixed by a scoped policy.\n"
    )
    both = parse_analysis(shortcomings + achievements).failures
    assert [f.severity for f in both] == ["High", "Low"]
    # Alone, the resolved errors are what the model got wrong.
    alone = parse_analysis("Model's Performance\n===================\n\n" + achievements).failures
    assert [f.title for f in alone] == [
        "ValidationError: SizeInMBs must be >= 64",
        "AccessDenied from Glue",
    ]


def test_an_unnumbered_rated_group_after_numbered_items_holds_its_numbered_bold_entries() -> None:
    text = (
        "# Infrastructure Fixes\n\n## 1. Execution Role Cannot Read Secrets\n\nNo "
        "`secretsmanager:GetSecretValue`.\n\n## 2. Health Check Path\n\nPoints at `/`.\n\n"
        "## Additional Fixes (Minor)\n\nThe remaining problems were small:\n\n"
        "1. **Log group retention** - Problem: no retention. Fix: 30 days.\n"
        "2. **Inconsistent tag key casing** - Problem: `environment`. Fix: `Environment`.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures][2:] == [
        ("Log group retention", "Low"),
        ("Inconsistent tag key casing", "Low"),
    ]


def test_a_scale_named_beside_the_score_label_is_no_score() -> None:
    for line in ("Training quality (0-10): 6", "Training quality (scale 0 to 10): 6"):
        assert parse_analysis(f"## Summary\n\nDone.\n\n{line}\n").score == 6
    said = "## Summary\n\nTraining quality rating: **6** (scale 1-10).\n"
    assert parse_analysis(said).score == 6


def test_sub_scores_rated_in_words_under_the_score_heading_give_way_to_the_score() -> None:
    text = (
        "## Training Quality Score Justification\n\n**Reasoning**:\n"
        "- Template structure: Excellent (9/10)\n- Messaging semantics: Poor (3/10)\n\n"
        "**Suggested Score**: 5.5 (out of 10)\n"
    )
    assert parse_analysis(text).score == 5.5


def test_a_category_label_naming_a_level_gives_way_to_the_level_in_the_title() -> None:
    text = (
        "## Category B Failures (Moderate)\n\n### 4. kubectl Layer Missing (HIGH - Synthesis "
        "Failure)\n\n**Category**: Category B (Moderate)\n\n**Issue**: no `KubectlLayer`.\n\n"
        "### 5. Log Types Misspelled\n\n**Category**: Category B (Moderate)\n\n**Issue**: `api` "
        "written `API`.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_a_level_closing_a_bracketed_aside_in_the_title_rates_it() -> None:
    text = (
        "## 1) Secret name collided on redeploy (annoying but minor)\n\nThe second apply failed.\n\n"
        "## 2) ALB access logs went nowhere (major)\n\nNo bucket policy.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Low", "High"]


def test_counts_the_document_states_in_words_in_its_opening_sentence_are_claimed() -> None:
    items = "**1. Audience Set to the Pool ID**\n- **Severity**: Critical\n"
    text = (
        "## Issues Fixed in the Ideal Response\n\nThe original had two critical and three "
        "medium issues, plus one low-severity cleanup item:\n\n" + items
    )
    assert parse_analysis(text).claimed_counts == {"Critical": 2, "Medium": 3, "Low": 1}
    partial = text.replace(
        "two critical and three medium issues, plus one low-severity cleanup item",
        "one blocking failure and one major gap, plus several smaller issues",
    )
    assert parse_analysis(partial).claimed_counts == {}


def test_a_priority_legend_starting_at_p1_sets_the_scale_of_priority_labels() -> None:
    text = (
        "Priority legend used below: P1 = critical, P2 = high, P3 = medium, P4 = low.\n\n"
        "## Issues\n\n### 1. Rotation Lambda Cannot Reach Secrets Manager\n\nPriority: P1\n\n"
        "No VPC endpoint.\n\n### 2. Unused Imports\n\nPriority: P4\n\n`json` is unused.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]
    usual = "## Issues\n\n### 1. Rotation Lambda\n\nPriority: P1\n\nNo endpoint.\n"
    assert [f.severity for f in parse_analysis(usual).failures] == ["High"]


def test_plain_text_upper_case_section_lines_part_tagged_bullets_from_praise() -> None:
    text = (
        "MODEL RESPONSE REVIEW - FAN-OUT TEMPLATE\n\nEach problem has its severity in brackets.\n\n"
        "TEMPLATE STRUCTURE ISSUES\n\n- Missing queue URL outputs [Low]: none exported.\n"
        "- Metadata interface omitted [Low]: no parameter groups.\n\nRESOURCE PROBLEMS\n\n"
        "- Queue policies missing [Critical]: SNS cannot deliver.\n\n"
        "RUNTIME / POST-DEPLOYMENT PROBLEMS\n\n* Scaling never triggers  [severity: medium]\n"
        "    - TargetValue is 10000.\n\nWHAT THE MODEL DID WELL\n\n- Dead-letter queues for all\n"
        "- KMS encryption with an alias\n\nMITIGATION (not findings)\n- Run cfn-lint first.\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [
        ("Missing queue URL outputs", "Low"),
        ("Metadata interface omitted", "Low"),
        ("Queue policies missing", "Critical"),
        ("Scaling never triggers", "Medium"),
    ]


def test_an_untagged_bullet_among_level_led_ones_is_its_own_failure() -> None:
    text = (
        "Model Failure\nVerdict: FAIL\n\nHow the Model Response deviates\n"
        "- [critical] Authorizer declared with the wrong type.\n"
        "- [minor] Log group retention hard-coded to 14.\n"
        "- Outputs renamed and EnvironmentSuffixOut missing.\n"
        "- (withdrawn) WAF not associated - on a second read it is there; ignore this line.\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [
        ("Authorizer declared with the wrong type", "Critical"),
        ("Log group retention hard-coded to 14", "Low"),
        ("Outputs renamed and EnvironmentSuffixOut missing", None),
    ]


def test_failure_scenarios_marked_present_in_this_response_are_its_failures() -> None:
    scenario = (
        "### {n}. {title}\n\n**Failure Scenario**: {what}\n\n"
        "**Status in this response**: {status}\n\n{rest}---\n\n"
    )
    text = "## Failure Scenarios Checked Against the Response\n\n" + "".join(
        scenario.format(n=n, title=title, what=what, status=status, rest=rest)
        for n, title, what, status, rest in (
            (1, "Key Policy Excludes Backup", "root only", "✅ Not present.", ""),
            (
                2,
                "Vault Lock in Governance Mode",
                "no grace",
                "❌ Present.",
                "**Severity**: High\n\n",
            ),
            (3, "Invalid Cron", "six fields", "✅ Not present.", ""),
            (
                4,
                "Copy to a Missing Vault",
                "literal ARN",
                "❌ Present.",
                "**Severity**: Critical\n\n",
            ),
        )
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [
        ("Vault Lock in Governance Mode", "High"),
        ("Copy to a Missing Vault", "Critical"),
    ]


def test_numbering_restarting_under_a_second_plain_part_label_goes_on_with_the_failures() -> None:
    text = (
        "# Model Failures Analysis\n\nThe failures in the original model response.\n\n"
        "Deployment errors\n\n1. Model created the edge function in the wrong region.\n\n"
        "2. The function was referenced by an unversioned ARN.\n\nCode quality\n\n"
        "1. Model built the bucket name with `Math.random()`.\n\n"
        "2. The trust policy omitted `edgelambda.amazonaws.com`.\n\nIn short:\n- region\n- ARN\n"
    )
    assert len(parse_analysis(text).failures) == 4
    for other in ("Done well", "Performance improvements", "Summary"):
        assert len(parse_analysis(text.replace("Code quality", other)).failures) == 2


def test_an_impact_label_dashed_from_a_lone_level_is_the_severity() -> None:
    text = (
        "## Failures Found\n\n### 1. Bucket Policy Denies the Trail\n\nImpact level — high\n\n"
        "**MODEL_RESPONSE Issue**: wrong prefix.\n\n### 2. Key Policy Lacks the Context\n\n"
        "**Impact** — MEDIUM\n\nNo condition.\n\n### 3. Alias Not Passed\n\n"
        "Impact — high cost for the team\n\nProvider missing.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", None]


def test_a_sub_item_whose_status_says_ok_is_a_check_it_passed() -> None:
    text = (
        "# MODEL_FAILURES.md\n\n## Analysis of LLM Response vs Ideal Response\n\n"
        "The discrepancies between MODEL_RESPONSE.md and IDEAL_RESPONSE.md.\n\n---\n\n"
        "## 1. IMPORTS AND PROJECT SETUP\n\n### 1.1 Missing Construct Imports\n"
        "- **FAILURE**: MODEL_RESPONSE never imports `aws-cdk-lib/aws-mediaconvert`\n"
        "- **SEVERITY**: HIGH\n- **IMPACT**: `tsc` fails\n\n### 1.2 Stack Props Interface\n"
        "- **STATUS**: OK — MODEL_RESPONSE defines `TapStackProps` exactly like IDEAL_RESPONSE\n"
        "- **NOTE**: Listed here only for completeness; no change needed\n\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Missing Construct Imports"]


def test_confirmed_issues_in_the_submitted_template_after_a_failure_modes_guide() -> None:
    text = (
        "## Potential failure modes\n\n* Budget alerts may never arrive if the subscription is "
        "unconfirmed.\n* Anomaly monitors can take a day to learn.\n\n"
        "## Confirmed issues in the submitted template\n\n* The budget sets `TimeUnit: DAILY` with "
        "a forecasted notification, so the stack fails on create. Severity: High.\n"
        "* The anomaly subscription uses the deprecated `Threshold`. Severity: Medium.\n\n"
        "## Mitigations\n\n* Confirm the subscription.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium"]


def test_plain_text_what_went_wrong_in_this_response_after_a_might_fail_guide() -> None:
    text = (
        "model_failure\n\nWhy a model might fail this task:\n\nStreams tend to break in "
        "predictable places.\n\nCommon misconfigurations:\n\nFirehose without a read role.\n\n"
        "What went wrong in this response:\n\n1) ShardCount set with ON_DEMAND. Severity: critical."
        "\n\n2) BufferingHints interval is 30. Severity: medium.\n\nRemediation guidance:\n\n"
        "Drop ShardCount.\n\nScore: 5 of 10\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "Medium"]
    assert analysis.score == 5


def test_plain_lines_standing_alone_over_a_severity_line_are_failure_titles() -> None:
    text = (
        "Model Failures\n\nTask: an HTTP API with a JWT authorizer.\n\n"
        "JWT authorizer audience is wrong\n\nSeverity: high\n\nThe audience is the pool ID.\n\n"
        "What the model did right\n\nThe password policy is sensible.\n\n"
        "Usage table has no TTL\n\nSeverity: medium\n\nNo TimeToLiveSpecification.\n\nQuality 6.5\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [
        ("JWT authorizer audience is wrong", "High"),
        ("Usage table has no TTL", "Medium"),
    ]


def test_a_blockers_section_tagged_with_its_category_level_holds_failures() -> None:
    text = (
        "# MODEL_FAILURES - Issues Fixed During QA\n\n## Deployment Blockers (Category A - Blocking)"
        "\n\n#### A.1 Replication Group Uses Removed Argument\n\n**Issue**: `number_cache_clusters`."
        "\n\n#### A.2 Lambda Placed in Public Subnets\n\n**Issue**: public subnet IDs.\n\n"
        "## Cleanup Fixes (Category C - Minor)\n\n#### C.1 Snapshot Retention\n\n**Issue**: blocks "
        "teardown.\n\n## Summary of Fixes\n\n### Category Breakdown\n\n- Category A: 2\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Critical", "Low"]


def test_run_in_bold_paragraphs_numbered_on_under_a_plain_section_are_more_failures() -> None:
    text = (
        "## Failures\n\n### Failure 1: Queue Name Without `.fifo`\n\n**Severity**: High\n\n"
        "The queue is created as standard.\n\n### Failure 2: Role Missing `sqs:ReceiveMessage`\n\n"
        "**Severity**: Critical\n\nThe mapping never polls.\n\n## Smaller things noticed\n\n"
        "**3. Stack outputs not exported.** The component registered outputs, but `index.ts` "
        "did not re-export them.\n\n**4. Table name hard-coded.** Two stacks in one account "
        "collided on the literal name.\n\nThe test mocks were also out of date, but that was our "
        "harness, not the model, so it is not counted.\n\n## Severity overview\n\n"
        "| Item | Severity |\n|---|---|\n| 3. Outputs not exported | Low |\n"
        "| 4. Hard-coded table name | Low |\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures[2:] == [("Stack outputs not exported", "Low"), ("Table name hard-coded", "Low")]


def test_a_summary_restating_the_knowledge_gaps_shortened_adds_none() -> None:
    text = (
        "## Failures\n\n### 1. OIDC provider missing\n\n**Impact Level**: Critical\n\n"
        "**Primary Knowledge Gaps:**\n1. IRSA trust policy condition keys\n"
        "2. Which managed policies an EKS node role needs\n"
        "3. How `aws-auth` is managed when Pulumi and EKS both write to it\n\n## Summary\n\n"
        "- **Primary knowledge gaps**: IRSA conditions, node role policies, access entries vs "
        "aws-auth\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == [
        "IRSA trust policy condition keys",
        "Which managed policies an EKS node role needs",
        "How `aws-auth` is managed when Pulumi and EKS both write to it",
    ]


def test_issues_found_with_a_count_and_a_level_under_a_task_heading() -> None:
    text = (
        "# Model Failures Documentation\n\n## Task: AWS Config Managed Rules for S3 and EBS Compliance\n"
        "\n### Analysis of MODEL_RESPONSE\n\nThe MODEL_RESPONSE delivered a working Pulumi TypeScript stack with a configuration recorder, delivery channel, six managed rules and an SNS notification topic. Only two small problems were found.\n"
        "\n### Strengths\n\n1. **Correct Platform and Language**: Pulumi with TypeScript, as requested\n"
        "2. **Recorder setup**: `aws.cfg.Recorder` with `allSupported: true` and global resources enabled\n"
        "3. **Delivery channel**: S3 bucket with SSE-KMS and a 24-hour snapshot frequency\n"
        "4. **Rules**: `S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED`, `ENCRYPTED_VOLUMES`, `S3_BUCKET_PUBLIC_READ_PROHIBITED` and others all configured\n"
        "\n### Issues Found: 2 (both minor)\n\n1. **Recorder status not declared with an explicit dependency** — `aws.cfg.RecorderStatus` was created without `dependsOn: [deliveryChannel]`, so the first `pulumi up` occasionally failed with `NoAvailableDeliveryChannelException` and succeeded on retry.\n"
        "2. **SNS topic policy missing** — the topic had no resource policy allowing `config.amazonaws.com` to publish, so compliance-change notifications were silently dropped.\n"
        "\nBoth were fixed in the IDEAL_RESPONSE with one-line changes.\n"
        "\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Low", "Low"]


def test_praise_headings_numbered_among_the_failures_in_other_words() -> None:
    text = (
        "## 1) ACM cert created in the wrong region (critical)\n\n**The problem**\n- 400 on create"
        "\n\n## 2) Credit where it's due\n\n- Public access blocked, versioning on. Good.\n\n"
        "## 3) No cache invalidation on deploy (minor)\n\n**The problem**\n- stale pages\n\n"
        "## 4. Points Where the Model Was Correct\n\n**4.1 Bucket Public Access Blocks**\n"
        "All four flags set. Correct as written.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_bold_entries_numbered_on_with_their_problem_after_a_dash_are_more_failures() -> None:
    text = (
        "## 1. Redis in Public Subnets\n\n**Problem**: public subnet group.\n\n**Severity**: Major\n\n"
        "## 2. Automatic Failover With One Node\n\n**Problem**: fails to create.\n\n"
        "**Severity**: Critical\n\n## Smaller items\n\n**3. Security group allowed 6379 from the "
        "VPC** — Problem: any host could reach Redis. Severity: Moderate. Fix: the service SG.\n\n"
        "**4. Log retention never expires** - Minor. Logs kept forever; set 30 days.\n\n"
        "## Security Enhancements\n\n- **5. Instance role with AmazonS3FullAccess** — Problem: "
        "the app reads one object. Fix: an inline policy.\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures[2:] == [
        ("Security group allowed 6379 from the VPC", "Medium"),
        ("Log retention never expires", "Low"),
        ("Instance role with AmazonS3FullAccess", None),
    ]


def test_failure_modes_marked_observed_in_this_response_yes_or_no() -> None:
    mode = "### {n}. {title}\n\n**Failure Pattern**: {what}\n\n**Observed in this response**: {seen}\n\n"
    text = "This document records which failure modes showed up in this response.\n\n" + "".join(
        mode.format(n=n, title=title, what=what, seen=seen)
        for n, title, what, seen in (
            (1, "IAM Scope Failures", "over-broad roles", "Yes — Critical. `states:*` on `*`."),
            (2, "Template Validation Failures", "cfn-lint errors", "No. It validated cleanly."),
            (3, "Dead-Letter Handling Failures", "no DLQ", "Yes — Low. No DLQ on the target."),
        )
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [
        ("IAM Scope Failures", "Critical"),
        ("Dead-Letter Handling Failures", "Low"),
    ]


def test_a_closing_breakdown_written_level_then_count_beats_a_partial_opening() -> None:
    text = (
        "EXECUTIVE SUMMARY\n\nThe program had two problems that stopped deployment outright, two "
        "high-severity issues, and a couple of smaller ones.\n\nBLOCKING PROBLEMS\n\n"
        "1. State machine built with json.dumps on Outputs (critical)\n\n"
        "2. Task role never created (critical)\n\nSUMMARY\n\n"
        "Failure breakdown: Critical 2, High 2, Medium 1, Low 1\n"
    )
    claimed = parse_analysis(text).claimed_counts
    assert claimed == {"Critical": 2, "High": 2, "Medium": 1, "Low": 1}


def test_scores_after_a_long_label_or_before_what_scale_they_use() -> None:
    graded = "## Wrap-up\n\nGrade for the model's first attempt: 4 out of 10.\n"
    assert parse_analysis(graded).score == 4
    rubric = (
        "## Conclusion\n\nFour of the five errors were genuine model mistakes. Overall a "
        "reasonable start. Quality 6.5 on the training rubric.\n\nThe platform now delivers:\n"
    )
    assert parse_analysis(rubric).score == 6.5


def test_a_table_of_rated_issues_under_additional_observations_holds_failures() -> None:
    text = (
        "# Model Response Failures Analysis\n\n### Critical Failures\n\n#### 1. Replica Bucket "
        "Uses the Primary Provider\n\nWrong region.\n\n### Additional Observations\n\nThese came up "
        "in a second pass:\n\n| Issue | Severity | Notes |\n|---|---|---|\n"
        "| Output ids collide when instantiated twice | Moderate | Prefix them |\n"
        "| Lifecycle rule uses the deprecated `prefix` | Minor | Use `filter` |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium", "Low"]


def test_a_withdrawn_block_after_plain_deviations_takes_back_none_of_them() -> None:
    text = (
        "Model Failure\nVerdict: FAIL\n\nHow the Model Response deviates\n"
        "[Critical] Uses an OAI instead of OAC.\n\n[High] Logging bucket omitted.\n\n"
        "PriceClass changed to PriceClass_All, which the task ruled out.\n\n"
        "Withdrawn on second pass\nCache policy ID: I first flagged it as wrong. It is the correct "
        "global ID, so this is not a deviation and is not counted.\n\n"
        "Action required to pass\nReplace the OAI.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", None]


def test_plain_minor_points_bullets_after_the_numbered_failures_are_more_of_them() -> None:
    text = (
        "The model's Terraform for the guardrails task had these problems.\n\n"
        "1. [CRITICAL] Trail is single-region: it sets is_multi_region_trail = false.\n\n"
        "2. [MEDIUM] Hardcoded OU IDs: look them up instead.\n\n"
        "Minor points (cosmetic, still worth fixing):\n- Tag keys mix Owner and owner.\n"
        "- No variable has a description.\n\nThings the MODEL_RESPONSE got right:\n"
        "- Policies built with jsonencode.\n\nScore: 4 of 10.\n"
    )
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "Medium", "Low", "Low"]


def test_a_quality_score_set_off_by_a_dash() -> None:
    for line in ("Reviewer's rating — Quality 7.5", "Quality — 7.5", "Final verdict - Quality 7.5"):
        text = f"## Conclusion\n\nThe design was right; two constraints stopped it.\n\n{line}\n"
        assert parse_analysis(text).score == 7.5, line


def test_failure_mitigation_items_with_a_level_label_are_failures_found() -> None:
    item = (
        "## {n}. {title}\n- **Failure:** {what}\n- **Level:** {level}\n- **Impact:** it fails.\n"
        "- **Mitigation:** fix it.\n\n"
    )
    text = "## Observed in This Response\n\n" + "".join(
        item.format(n=n, title=title, what=what, level=level)
        for n, title, what, level in (
            (1, "Vault Key Policy Blocks AWS Backup", "root only", "Critical"),
            (2, "Selection Tag Nothing Carries", "no resource has it", "High"),
            (3, "Notifications Not Wired", "no SNS events", "Medium"),
        )
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Medium"]


def test_a_score_rated_then_said_to_be_for_training() -> None:
    for line, score in (
        ("Rated 5/10 overall for training. Four apply-time failures is a lot.", 5),
        ("We give it a 6 out of 10 for training.", 6),
    ):
        assert parse_analysis(f"OVERALL\n-------\n\n{line}\n").score == score, line


def test_an_id_keyed_overview_table_rates_the_items_it_indexes() -> None:
    text = (
        "# Model Failures\n\n## Issue Overview\n\n| ID | Impact | Area |\n|---|---|---|\n"
        "| F1 | Critical | IAM |\n| F2 | Low | Tagging |\n| F3 | High | Networking |\n\n"
        "## F1 — Role trust policy allows any account\n\nTrusts `*`.\n\n"
        "## F2 — Missing CostCenter tag\n\nTwo resources lack it.\n\n"
        "## F3 — NAT gateway in a private subnet\n\nNothing routes out.\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [
        ("Role trust policy allows any account", "Critical"),
        ("Missing CostCenter tag", "Low"),
        ("NAT gateway in a private subnet", "High"),
    ]
    sev = (
        text.replace("| ID | Impact | Area |", "| Ref | Area | Sev. |")
        .replace("| F1 | Critical | IAM |", "| F1 | IAM | Blocker |")
        .replace("| F2 | Low | Tagging |", "| F2 | Tagging | Minor |")
        .replace("| F3 | High | Networking |", "| F3 | Networking | Major |")
    )
    assert [f.severity for f in parse_analysis(sev).failures] == ["Critical", "Low", "High"]


def test_findings_at_a_glance_rates_the_items_and_a_no_change_item_is_no_failure() -> None:
    text = (
        "## Key Infrastructure Differences\n\n### 1. **Redis Cluster Placement**\n"
        "**MODEL_RESPONSE:** public subnets, 6379 open.\n**IDEAL_RESPONSE:** isolated subnets.\n\n"
        "### 2. **Container Logging**\n**MODEL_RESPONSE:** awslogs with 30-day retention.\n"
        "**IDEAL_RESPONSE:** Same approach — no change was needed here. Listed only so the "
        "comparison is complete.\n\n### 3. **Service Auto Scaling**\n**MODEL_RESPONSE:** no scaling policy.\n"
        "**IDEAL_RESPONSE:** target tracking on CPU.\n\n## Findings at a Glance\n\n"
        "| Ref | Finding | Severity |\n|---|---|---|\n"
        "| D1 | Redis cluster placement (public subnets) | High |\n"
        "| D3 | No service auto scaling | Medium |\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures == [("Redis Cluster Placement", "High"), ("Service Auto Scaling", "Medium")]


def test_plain_title_lines_take_the_level_their_paragraph_ends_with() -> None:
    text = (
        "ECS Service Networking Issues\nThe tasks land in public subnets with public IPs. The "
        "brief asked for private subnets only. Severity: high.\n\nWrong Health Check Path\n"
        "The service answers only on /healthz, so every task is marked unhealthy. Medium.\n\n"
        "Missing Remote State Lock\nThe backend is local.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", None]


def test_plain_upper_case_group_lines_rate_the_numbered_entries_under_them() -> None:
    text = (
        "The MODEL_RESPONSE for the Aurora PostgreSQL + ElastiCache Redis Terraform task has several problems that had to be corrected before terraform apply would succeed. They are grouped below by how badly they hurt.\n"
        "\nBLOCKING ISSUES\n\n1. Subnet Group Source: The MODEL_RESPONSE builds aws_db_subnet_group from the public subnets. Aurora has to live in the private data tier, so subnet_ids must point at aws_subnet.data[*].id instead.\n"
        '\n2. Engine Version: engine_version is pinned to "11.9", which is no longer offered for aurora-postgresql in us-east-2. Use 15.4 and expose it as a variable so it can be bumped without editing the module.\n'
        '\n3. Parameter Group Family: The cluster parameter group declares family "postgres15" rather than "aurora-postgresql15". Plan succeeds, apply fails with InvalidParameterCombination.\n'
        "\nOTHER ISSUES\n\n4. Redis Auth Token (severity: high): transit_encryption_enabled is true but auth_token comes from a variable with a literal default. Read it from aws_secretsmanager_secret_version and mark the variable sensitive.\n"
        "\n5. Final Snapshot (severity: medium): skip_final_snapshot is true for every environment. Production must keep a final snapshot whose identifier includes the environment suffix.\n"
        "\n6. Cache Security Group Egress (severity: medium): The Redis security group permits egress to 0.0.0.0/0 on all ports. Restrict it to the VPC CIDR.\n"
        "\n7. Backup Window Overlap (severity: low): preferred_backup_window and preferred_maintenance_window overlap by half an hour. AWS accepts it, but the provider prints a warning on every plan.\n"
        "\n8. Snapshot Tags (severity: low): copy_tags_to_snapshot is left unset, so snapshots lose the cost-allocation tags.\n"
        "\n9. Performance Insights (withdrawn): An earlier pass claimed Performance Insights was disabled. It is in fact enabled with a 7-day retention on the writer instance, so ignore this item.\n"
        "\nWhat the response did well: the VPC module split, one KMS key per data store, and output names that match the ideal exactly.\n"
        "\nKnowledge gaps: Aurora engine and parameter-family naming, ElastiCache auth token sourcing, subnet tier placement for databases\n"
        "\nScore: 7 of 10\n"
    )
    failures = [(f.title, f.severity) for f in parse_analysis(text).failures]
    assert failures[:4] == [
        ("Subnet Group Source", "Critical"),
        ("Engine Version", "Critical"),
        ("Parameter Group Family", "Critical"),
        ("Redis Auth Token", "High"),
    ]
    assert len(failures) == 8


def test_an_item_the_document_says_is_not_a_model_failure_is_taken_back() -> None:
    text = (
        "## Deployment Blockers\n\n### 1. Firehose Role Cannot Write\n\n**Issue**: AccessDenied.\n\n"
        "### 2. **State Backend Access Denied** (Historical — not a model failure)\n\n**Issue**: "
        "403 on the state bucket.\n- **Resolution**: credentials rotated; not counted against the "
        "model.\n\n### 3. Listener Uses HTTP\n\n- Priority: Major\n- Status: Closed — Won't Fix "
        "(not a model error)\n"
    )
    assert [f.title for f in parse_analysis(text).failures] == ["Firehose Role Cannot Write"]


def test_strengths_preserved_and_what_the_model_delivered_are_praise() -> None:
    text = (
        "## Critical Failures and Analysis\n\n### 1. **Queue Encryption Disabled**\n\n"
        "**Impact Level**: High\n\n### 2. **Strengths Preserved in the Model Response**\n\n"
        "**Consistent Tagging:**\n- **Model Response:** tags on all resources\n"
        "- **Impact:** cost allocation works\n\n## What the Model Delivered\n\n"
        "### 1. Template Structure\n**Implemented**: a complete template\n\n"
        "## Defects Found in MODEL_RESPONSE\n\n- **LOW** — no CORS headers on 4xx responses.\n"
    )
    failures = [f.title for f in parse_analysis(text).failures]
    assert failures == ["Queue Encryption Disabled", "no CORS headers on 4xx responses"]


def test_a_status_saying_the_model_matches_the_ideal_is_a_check_it_passed() -> None:
    text = (
        "# MODEL_FAILURES.md\n\n## Analysis of LLM Response vs Ideal Response\n\n"
        "The discrepancies.\n\n## 3. STEP FUNCTIONS WORKFLOW (HIGH)\n\n"
        "### 3.1 No Polling Loop for Textract Jobs\n- **FAILURE**: calls GetDocumentAnalysis at "
        "once\n- **EXPECTED**: a Wait/Choice loop\n\n### 3.2 Error Handling Around "
        "Classification — OK\n- **STATUS**: MODEL_RESPONSE wraps the task with `addCatch`. This "
        "matches IDEAL_RESPONSE; no change needed.\n\n### 3.3 Claim Written Too Early\n"
        "- **FAILURE**: the item is written before classification\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["No Polling Loop for Textract Jobs", "Claim Written Too Early"]


def test_a_failure_impact_label_rated_in_brackets_gives_the_severity() -> None:
    text = (
        "## Gap #1 — Health Check Over HTTP\n- **Ideal:** HTTPS on 443\n- **Model:** HTTP on 80\n"
        "- **Failure Impact (High):** the 301 counts as healthy.\n\n"
        "## Gap #2 — Failover Records Missing Set Identifiers\n- **Ideal:** set identifiers\n"
        "- **Model:** none\n- **Failure Impact:** Critical — apply fails.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical"]


def test_rated_bold_entries_numbered_on_past_a_praise_section_are_more_failures() -> None:
    text = (
        "## High Severity Failures\n\n### 1. ALB Listener Only on Port 80\n\n**Impact Level**: High"
        "\n\n### 2. No Log Retention\n\n**Impact Level**: Medium\n\n## What the Model Got Right\n\n"
        "- The VPC layout matched the prompt.\n\n## Additional Observations\n\nLower priority, "
        "but still defects.\n\n**3. Provider Version Left Unpinned** — Severity: Moderate. `*` "
        "was used.\n\n**4. Stack Outputs Not Exported** — Severity: Minor. Never wrapped.\n\n"
        "## Summary\n\n- **Total failures**: 1 High, 2 Medium, 1 Low\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "High",
        "Medium",
        "Medium",
        "Low",
    ]


def test_lettered_sub_headings_of_a_numbered_item_are_its_parts_not_more_failures() -> None:
    text = (
        "## Failures\n\n### 1. Bucket Is Public\n\n**Severity**: Critical\n\n"
        "### 2. State Machine Definition Is Wrong\n\n**Severity**: High\n\n"
        "#### 2a. The Glue task state\n\nIt waits on nothing.\n\n"
        "#### 2b. The retry block\n\nRetries forever.\n\n"
        "### 3. Logs Kept Forever\n\n**Severity**: Low\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == [
        "Bucket Is Public",
        "State Machine Definition Is Wrong",
        "Logs Kept Forever",
    ]
    assert [f.severity for f in failures] == ["Critical", "High", "Low"]


def test_a_heading_counting_its_items_at_one_level_rates_them() -> None:
    text = (
        "# Review\n\n## Failures\n\n### Issues Found (2 Minor)\n\n1. **Tags missing** on the "
        "bucket.\n2. **Log retention** not set.\n\n## Score\n\n8/10\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Low", "Low"]


def test_issues_found_inside_a_summary_are_the_failures_when_nothing_else_lists_them() -> None:
    text = (
        "# Review\n\n## Summary\n\nThe response was close to the ideal.\n\n"
        "### Issues Found (2 Minor)\n\n1. **Tags missing** on the bucket.\n"
        "2. **Log retention** not set.\n\n### What Was Right\n\n- The VPC layout.\n\n"
        "## Score\n\n8/10\n"
    )
    analysis = parse_analysis(text)
    assert [f.title for f in analysis.failures] == ["Tags missing", "Log retention"]
    assert analysis.claimed_counts["Low"] == 2
    assert not [p for p in analysis.problems if p.kind == "claimed_counts_mismatch"]


def test_a_declared_p1_critical_scale_rates_impact_labels_and_summary_counts() -> None:
    text = (
        "# Review\n\nSeverity scale used here: **P1 = Critical, P2 = High, P3 = Medium, P4 = "
        "Low**.\n\n## Failures\n\n### 1. No Replica\n\n**Impact Level**: P1\n\n"
        "### 2. Transit Encryption Off\n\n**Impact Level**: P2\n\n### 3. Wrong Alarm Metric\n\n"
        "**Impact Level**: P4\n\n## Summary\n\n| Priority | Count |\n|---|---|\n| P1 | 1 |\n"
        "| P2 | 1 |\n| P4 | 1 |\n"
    )
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "High", "Low"]
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {
        "Critical": 1,
        "High": 1,
        "Low": 1,
    }


def test_a_score_given_in_a_sentence_without_out_of_ten_is_read() -> None:
    def score(text: str) -> float | None:
        return parse_analysis("## Failures\n\n### 1. Queue Unencrypted\n\nHigh.\n\n" + text).score

    assert score("## Verdict\n\nOverall I'd give it a 6 for training quality.\n") == 6.0
    assert score("## Training Quality\n\nWeighing the blockers, I'd give it a 6.\n") == 6.0
    assert score("## Training Quality Score Justification\n\nI'd give this one a 7. Good.\n") == 7.0
    # (A rating of something else, under a heading that names no score, is none.)
    assert score("## Notes\n\nI'd give it a 2 second delay before retrying.\n\nMore.\n") is None
    # (Closing the document, the sentence is its verdict.)
    assert score("## Lessons\n\n- Paginate.\n\nThe bug is dangerous. I'd give it a 6.\n") == 6.0


def test_an_update_withdrawn_label_takes_its_item_back() -> None:
    text = (
        "## Failures\n\n### 1. Topic Not Encrypted\n**Severity: Major**\n- **Issue**: no key.\n\n"
        "### 2. Lambda Timeout Longer Than Task Timeout\n**Severity: Minor**\n"
        "- **Initial observation**: the task timeout looked shorter.\n"
        "- **Update - withdrawn**: the task has no timeout of its own. Not counted.\n\n"
        "### 3. Log Retention Unset\n**Severity: Minor**\n- **Issue**: kept forever.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Topic Not Encrypted", "Log Retention Unset"]


def test_a_plain_summary_counts_line_closing_the_document_is_the_claim() -> None:
    text = (
        "Review of the cache stack\n\n1) Transit encryption off. Severity: major.\n\n"
        "2) Public subnets. Severity: major.\n\n3) No eviction alarm. Severity: minor.\n\n"
        "4) Snapshots off. Severity: minor.\n\nSummary counts: 2 major, 1 minor\n"
    )
    analysis = parse_analysis(text)
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {"High": 2, "Low": 1}
    assert any(p.kind == "claimed_counts_mismatch" for p in analysis.problems)


def test_scores_said_in_closing_sentences_are_read() -> None:
    def score(text: str) -> float | None:
        return parse_analysis("## Failures\n\n### 1. Queue Unencrypted\n\nHigh.\n\n" + text).score

    assert score("## Summary\n\nThe stack is solid. I'd put training quality at about 8.\n") == 8.0
    assert score("## Notes\n\nOverall I'd give this response a 5 out of 10.\n") == 5.0
    assert score("## Notes\n\nThe stack is solid. The queue's quality is about 8.\n") is None


def test_lettered_plain_lines_under_a_knowledge_gaps_label_are_the_gaps() -> None:
    text = (
        "Review\n\n1) Secrets in plain env vars. Severity: major.\n\n"
        "2) No alarm on missing data. Severity: minor.\n\nKnowledge gaps:\n"
        "(a) How ECS injects secrets at runtime\n(b) Health check grace periods\n\n"
        "Training quality: 7.5\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == ["How ECS injects secrets at runtime", "Health check grace periods"]
    text = text.replace("Knowledge gaps:\n", "Knowledge gaps the model showed\n   ").replace(
        "\n(b)", "\n   (b)"
    )
    assert parse_analysis(text).knowledge_gaps == gaps


def test_a_pasted_chat_answer_with_bare_topic_titles_lists_its_faults() -> None:
    text = (
        "NAT Gateway Placement\nEarly file:\n\nhcl\nCopy\nEdit\n"
        "subnet_id = aws_subnet.private[0].id   # WRONG\nA NAT gateway has to live in a public "
        "subnet, so instances cannot reach the internet.\n\n"
        "Route Table Associations\nEarly file:\n\nhcl\nCopy\nEdit\nroute_table_id = x\n"
        "This part is actually correct, no change needed.\n\n"
        "ACM Certificate Region\nThe early file requested the certificate in eu-west-1.\n\nhcl\n"
        "Copy\nEdit\ndomain_name = var.domain\nCloudFront only accepts us-east-1, so apply fails "
        "without a second provider.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["NAT Gateway Placement", "ACM Certificate Region"]


def test_a_bold_p_key_rates_priority_tags_on_titles() -> None:
    text = (
        "# QA Fixes\n\nPriority key used here: **P1** = Critical, **P2** = High, **P3** = Medium, "
        "**P4** = Low.\n\n## Issues Identified and Resolved\n\n"
        "### 1. **kubectl Layer Not Provided** `[P1]`\n\nThe cluster has no layer.\n\n"
        "### 2. **Tag Key Misspelled** `[P4]`\n\nA typo.\n\n## Summary\n\n"
        "Fixes by priority: **P1: 1, P4: 1**\n"
    )
    analysis = parse_analysis(text)
    assert [(f.title, f.severity) for f in analysis.failures] == [
        ("kubectl Layer Not Provided", "Critical"),
        ("Tag Key Misspelled", "Low"),
    ]
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {"Critical": 1, "Low": 1}


def test_a_p_level_after_a_dash_on_a_plain_line_follows_the_declared_scale() -> None:
    text = (
        "Cache review\n\nPriority legend used below: P1 = critical, P2 = high, P3 = medium, "
        "P4 = low.\n\n1) Transit encryption disabled - P1\nThe cluster sends plain text.\n\n"
        "2) Subnet group has no tags - P4\nNo cost tags.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Transit encryption disabled", "Critical"),
        ("Subnet group has no tags", "Low"),
    ]


def test_plain_gap_labels_with_a_count_or_shown_by_the_response_hold_lettered_gaps() -> None:
    body = "1) Port open to the world. Severity: major.\n\n2) No tags. Severity: minor.\n\n"
    for label in (
        "Knowledge gaps (2):",
        "Knowledge gaps shown by this response:",
        "Knowledge gaps I saw:",
        "Knowledge gaps this exposes:",
        "Knowledge gaps I would feed back:",
    ):
        text = f"Review\n\n{body}{label}\na) Parameter group families.\nb) Backup retention.\n"
        gaps = parse_analysis(text).knowledge_gaps
        assert gaps == ["Parameter group families.", "Backup retention."], label


def test_rating_the_training_quality_at_a_number_is_the_score() -> None:
    head = "## Failures\n\n### 1. Queue Unencrypted\n\nHigh.\n\n## Notes\n\n"
    text = head + "Overall I would rate the training quality at 5.5.\n"
    assert parse_analysis(text).score == 5.5
    text = head + "Overall I would rate the training quality at 5% of the cases.\n"
    assert parse_analysis(text).score is None


def test_a_not_an_issue_bullet_among_tagged_ones_leaves_the_others_failures() -> None:
    text = (
        "# Findings\n\nSeverity is in brackets after each item.\n\n## Table Definition\n\n"
        "- **Stream Not Enabled** (Severe): the stack fails to create.\n"
        "- **Correct Billing Mode** (not an issue): the model chose on-demand.\n"
        "- **Replica Region Missing** (Severe): the stack region is not a replica.\n\n"
        "## Operations\n\n- **Recovery Only on One Replica** (Minor): others lack it.\n"
        "- **No Insights** (Minor): not enabled.\n"
    )
    failures = parse_analysis(text).failures
    assert [f.title for f in failures] == [
        "Stream Not Enabled",
        "Replica Region Missing",
        "Recovery Only on One Replica",
        "No Insights",
    ]
    assert [f.severity for f in failures] == ["Critical", "Critical", "Low", "Low"]


def test_plain_issue_n_of_m_and_item_n_lines_are_items() -> None:
    text = (
        "ISSUES AND FIXES\n\nIssue 1 of 2: Replica declared as a second table\nSeverity: Blocking\n"
        "Problem: two tables with one name.\nFix: a replica entry.\n\n"
        "Issue 2 of 2: Stream view type not set\nSeverity: Major\nProblem: plan fails.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Replica declared as a second table", "Critical"),
        ("Stream view type not set", "High"),
    ]
    text = text.replace("Issue 1 of 2:", "Item 1 -").replace("Issue 2 of 2:", "Item 2 -")
    assert [f.title for f in parse_analysis(text).failures] == [
        "Replica declared as a second table",
        "Stream view type not set",
    ]


def test_an_index_table_skipping_a_withdrawn_item_adds_no_failures() -> None:
    text = (
        "# Review\n\nSeverities are assigned in the table at the end.\n\n## Findings\n\n"
        "### 1. Plaintext Client Traffic\n\nTLS is off.\n\n### 2. Broker Count Wrong\n\nFour.\n\n"
        "### 3. Batch Size of 100\n\nWithdrawn: this is the default and fine.\n\n"
        "### 4. Broker Logs Not Shipped\n\nNo log group.\n\n## Findings by Severity\n\n"
        "| # | Finding | Severity |\n|---|---|---|\n| 1 | Plaintext traffic | Critical |\n"
        "| 2 | Broker count | High |\n| 4 | Broker logs | Low |\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Plaintext Client Traffic", "Critical"),
        ("Broker Count Wrong", "High"),
        ("Broker Logs Not Shipped", "Low"),
    ]


def test_a_count_for_two_names_of_one_level_counts_that_level() -> None:
    text = (
        "Review\n\n1) Role trusts everyone. Severity: blocking.\n\n2) Table public. Severity: "
        "severe.\n\n3) No alarm. Severity: minor.\n\n4) Logs kept. Severity: moderate.\n\n"
        "TALLY\n\n2 blocking/severe, 1 moderate, 1 minor.\n"
    )
    analysis = parse_analysis(text)
    claimed = {k: v for k, v in analysis.claimed_counts.items() if v}
    assert claimed == {"Critical": 2, "Medium": 1, "Low": 1}
    assert not [p for p in analysis.problems if p.kind == "claimed_counts_mismatch"]


def test_a_result_handled_correctly_is_a_check_passed() -> None:
    text = (
        "## Area-by-Area Review\n\n### 1. Glue Worker Type\n\n**Result**: Failure\n\n"
        "**Severity**: High\n\nG.1X is too small.\n\n### 2. Retry Policy\n\n"
        "**Result**: Handled correctly — not a failure\n\nMatches the ideal.\n\n"
        "### 3. Catalog Encryption\n\n**Result**: Failure\n\n**Severity**: Critical\n\nOff.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Glue Worker Type", "Catalog Encryption"]


def test_level_led_bullets_set_out_as_the_remaining_findings_are_failures() -> None:
    text = (
        "# Review\n\n#### 1. Primary Record Has No Health Check (Critical)\n\nNo failover.\n\n"
        "#### 2. Health Check Targets a Private Address (High)\n\nUnreachable.\n\n"
        "I ran short of time, so the remaining findings are listed briefly:\n\n"
        "- Moderate - The TTL is 3600 on the secondary record.\n"
        "- Minor - The zone comment is placeholder text.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "Medium",
        "Low",
    ]


def test_two_names_of_one_level_in_a_breakdown_add_up() -> None:
    text = (
        "## Failures\n\n### 1. Role Trusts Everyone\n\n**Severity:** Blocking\n\n"
        "### 2. Table Public\n\n**Severity:** Severe\n\n### 3. No Alarm\n\n**Severity:** Minor\n\n"
        "## Summary\n\n**Total Issues Identified: 3**\n- Blocking: 1\n- Severe: 1\n- Minor: 1\n"
    )
    analysis = parse_analysis(text)
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {"Critical": 2, "Low": 1}
    text = text.replace("- Severe: 1\n", "").replace("3**", "2**") + "- Blocking: 1\n"
    assert parse_analysis(text).claimed_counts["Critical"] == 1  # (told twice, one name)


def test_fault_titled_sections_whose_lists_detail_one_fault_are_failures() -> None:
    text = (
        "# Model Failures\n\n## Subnets Not Spread Across Availability Zones\n\n"
        "The model placed both private subnets in one zone:\n- SubnetA: zone 0\n- SubnetB: zone 0"
        "\n\nThe DB subnet group fails.\n\nFixed in actual deployment: SubnetB uses zone 1.\n\n"
        "## Lambda Function Not Attached to the VPC\n\nNo VpcConfig was set.\n\nWithout it:\n"
        "- the database is unreachable\n- every call times out\n\n"
        "## Outputs Missing for Integration Tests\n\nOnly the VPC ID was exported.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Subnets Not Spread Across Availability Zones",
        "Lambda Function Not Attached to the VPC",
        "Outputs Missing for Integration Tests",
    ]


def test_a_category_label_led_by_a_level_gives_the_severity() -> None:
    text = (
        "## Issues Found and Fixed\n\n### 1. Edge Function Outside us-east-1\n\n"
        "**Category**: Blocking - Provider / Region\n\n**Issue**: wrong region.\n\n"
        "### 2. Default Root Object Not Set\n\n**Category**: Minor - Configuration\n\n"
        "**Issue**: no index.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_a_heading_closed_by_a_check_mark_holds_areas_passed_not_failures() -> None:
    text = (
        "# Template Fixes\n\n## Overview\nThe structure was good.\n\n## Issues Fixed\n\n"
        "### 1. Replica Missing (Major)\n**Issue**: Only one replica.\n\n**Fix**: Added one.\n\n"
        "**Impact**: No DR.\n\n### 2. Retries Forever (Minor)\n**Issue**: No maximum.\n\n"
        "**Fix**: Five retries.\n\n**Impact**: Stalls.\n\n### Operational Excellence ✅\n"
        "- **Alarms**: IteratorAge and Errors alarms\n- **Logging**: 14-day retention\n\n"
        "### 3. Recovery Only on the Primary (Minor)\n**Issue**: Replicas lack PITR.\n\n"
        "**Fix**: Enabled it.\n\n**Impact**: No restores.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Low", "Low"]


def test_a_p_tag_before_a_heading_title_follows_the_declared_scale() -> None:
    text = (
        "# Issues\n\nPriority legend used below: P1 = critical, P2 = high, P3 = medium, "
        "P4 = low.\n\n## Issues\n\n### [P1] Queue policies missing\n\nNo policy.\n\n"
        "### [P4] Raw delivery off\n\nWrapped messages.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Queue policies missing", "Critical"),
        ("Raw delivery off", "Low"),
    ]


def test_a_level_sentence_after_a_bold_bullet_title_rates_it() -> None:
    text = (
        "## Remaining issues (short notes)\n\n- **Logging role not created** — Major. Nothing is "
        "logged.\n- **Resolver uses Scan** — Moderate. Reads the whole table.\n"
        "- **Unused import** — Minor. Lint noise only.\n- **High availability off** — the "
        "cluster has one node.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Medium", "Low", None]


def test_a_bullet_before_a_numbered_groups_sub_headings_is_a_failure_too() -> None:
    text = (
        "# Issues\n\n## 1. Security Issues\n\n- **Self sign-up unverified** (Severity: High)\n"
        "  - anyone can register\n\n- **API open** (Severity: Critical)\n  - no authorizer\n\n"
        "## 2. Syntax Issues\n\n- **Secret flag passed as a string** (Severity: Low)\n"
        "  - jsii coerces it to true\n\n*Second pass.*\n\n### Finding 4: No CORS preflight\n\n"
        "**Severity**: Medium\n\nEvery request fails.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "High",
        "Critical",
        "Low",
        "Medium",
    ]


def test_one_bold_bullet_under_a_category_beside_categories_of_bullets_is_the_failure() -> None:
    text = (
        "# Issues\n\n## 1. Syntax Issues\n\n- **Wrong Module**\n  - imported from the wrong "
        "package\n\n- **Bare Integer Timeout**\n  - needs a Duration\n\n"
        "## 2. Performance and Best Practices\n\n- **No Batching Window**\n"
        "  - every message triggers its own invocation\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Wrong Module", "Bare Integer Timeout", "No Batching Window"]


def test_a_misconfiguration_section_beside_failure_sections_lists_failures() -> None:
    text = (
        "# model_failure.md\n\n## Overview\nEach bolded item is one defect in the template.\n\n"
        "## Resource Creation Failures\n- **Hardcoded AMI**\n  - one region only\n"
        "- **Health check path wrong**\n  - every instance unhealthy\n\n"
        "## Security / Misconfiguration Risks\n- **SSH open to the internet**\n"
        "  - port 22 from 0.0.0.0/0\n\n## Mitigation & Best Practices\n- Run cfn-lint in CI.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Hardcoded AMI", "Health check path wrong", "SSH open to the internet"]


def test_table_rows_numbered_on_inside_the_last_item_are_more_failures() -> None:
    text = (
        "# Failures\n\n## Critical Failures\n\n### 1. Wrong Target Type\n\n**Impact Level**: "
        "Critical\n\n## High Impact Failures\n\n### 2. Password in a Parameter\n\n"
        "**Impact Level**: High\n\n*From here on a condensed table.*\n\n"
        "| # | Issue | Impact | Notes |\n|---|---|---|---|\n| 3 | CPU and memory mismatch | High "
        "| fails |\n| 4 | Health check path wrong | Medium | cycles |\n\n## Knowledge Gaps\n\n"
        "- Fargate sizes\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "High",
        "Medium",
    ]


def test_a_table_numbered_on_after_the_items_is_no_index_of_them() -> None:
    text = (
        "# Model Failures and Resolutions\n\n## Error 1: Log Group Already Exists\n\n"
        "**Severity**: Minor\n\nThe log group was created twice.\n\n"
        "## Error 2: Lambda Role Lacks Log Permissions\n\n**Severity**: Major\n\nNo logs.\n\n"
        "## Remaining Issues (condensed)\n\n| # | Issue | Severity | Resolution |\n|---|---|---|---|"
        "\n| 3 | Access log format lacks the request id | Low | Added it |\n"
        "| 4 | Lambda log level left at DEBUG | Medium | Set to INFO |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Low", "High", "Low", "Medium"]


def test_a_table_of_another_chapters_dotted_ids_is_no_index_of_the_items() -> None:
    text = (
        "# Comparison\n\n## 1. DEPLOYMENT BLOCKERS\n\n### 1.1 Capacity Provider Uses the ASG "
        "Name\n\n- **Severity**: Critical\n\n### 1.2 Instance Role Missing the ECS Policy\n\n"
        "- **Severity**: High\n\n## 2. REMAINING FINDINGS\n\n| ID | Finding | Severity |\n"
        "|---|---|---|\n| 2.1 | Capacity provider termination protection on | Major |\n"
        "| 2.2 | Instance log group has no retention | Minor |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "High",
        "Low",
    ]


def test_failure_mitigation_items_the_intro_says_were_found_when_reviewing_are_failures() -> None:
    items = (
        "## 1. DynamoDB Point-in-Time Recovery\n- **Failure:** The table omits PITR.\n"
        "- **Impact:** No restore.\n- **Mitigation:** Enable it.\n\n"
        "## 2. Step Functions Logging\n- **Failure:** No LoggingConfiguration.\n"
        "- **Impact:** No history.\n- **Mitigation:** Add a log group.\n\n"
        "## 3. Dead-Letter Queue Wiring\n- **Failure:** The DLQ is never referenced.\n"
        "- **Impact:** Messages dropped.\n- **Mitigation:** Set a RedrivePolicy.\n"
    )
    found = "This document lists the failures found when the model's response was reviewed.\n\n"
    guide = "This document lists common model failures for templates like this one.\n\n"
    assert len(parse_analysis("# Model Failures\n\n" + found + items).failures) == 3
    assert parse_analysis("# Model Failures\n\n" + guide + items).failures == []


def test_an_update_label_saying_withdrawn_takes_its_item_back() -> None:
    text = (
        "# Model Failures\n\n## 1. Transit Encryption\n- **Failure:** Off.\n- **Severity:** High"
        "\n\n## 2. Auto Scaling Cooldown\n- **Failure:** ~~No cooldown.~~\n"
        "- **Update after re-review:** Withdrawn. The policy has one. Not a failure.\n\n"
        "## 3. Parameter Constraints\n- **Failure:** No AllowedPattern.\n- **Severity:** Low\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Transit Encryption", "Parameter Constraints"]


def test_a_so_that_is_sentence_counting_by_level_in_words_is_the_claim() -> None:
    text = (
        "EKS review\n\n1) Endpoint public. Severity: blocking.\n\n2) No aws-auth. Severity: major."
        "\n\nSo that is two real problems: one blocking, one major.\n\nSome advice follows.\n"
    )
    claimed = {k: v for k, v in parse_analysis(text).claimed_counts.items() if v}
    assert claimed == {"Critical": 1, "High": 1}


def test_a_labelled_level_in_brackets_after_a_bold_bullet_title_rates_it() -> None:
    text = (
        "## Remaining Issues (condensed)\n\n- **Deletion protection left on** (Impact: Medium) – "
        "blocks teardown.\n- **Backup window overlaps maintenance** (Severity: Low) – both at "
        "03:00.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Low"]


def test_rating_or_giving_the_response_a_number_for_training_is_the_score() -> None:
    def score(text: str) -> float | None:
        return parse_analysis("## Failures\n\n### 1. Queue Unencrypted\n\nHigh.\n\n" + text).score

    assert score("## Notes\n\nOverall I'd rate this a 7 for training quality: good.\n\nx\n") == 7
    text = "## Notes\n\nI'd give the original response a 5 out of 10 as training data.\n\nx\n"
    assert score(text) == 5
    text = "## Notes\n\nOverall I'd give the model's response a 6 for training quality.\n\nx\n"
    assert score(text) == 6
    assert score("## Notes\n\nTraining quality: I'd put it at 7. Mostly right.\n\nx\n") == 7


def test_a_glossed_gap_line_under_a_bare_gaps_title_is_a_gap_and_a_score_line_ends_them() -> None:
    text = (
        "Peering review\n\n1) Routes one way only. Severity: major.\n\n2) No tags. Severity: minor."
        "\n\nKnowledge gaps\nProvider aliasing across regions\nRouting symmetry: peering needs "
        "routes both ways\nPrivate zone association\n\nTraining quality score: 5.5. Solid.\n"
    )
    assert parse_analysis(text).knowledge_gaps == [
        "Provider aliasing across regions",
        "Routing symmetry: peering needs routes both ways",
        "Private zone association",
    ]


def test_rated_bold_bullets_set_out_as_the_remaining_findings_are_failures() -> None:
    text = (
        "# Fixes\n\n## Issues Identified and Fixed\n\n### 1. API Key as Default Auth\n\n"
        "**Severity**: High\n\n### 2. Self Sign-up Unverified\n\n**Severity**: Medium\n\n"
        "The remaining findings were smaller, so I'm switching to a compressed format:\n\n"
        "- **GSI projection type ALL** — Minor. Doubles index storage.\n"
        "- **Client generates a secret** — Blocking. Nobody can log in.\n\n"
        "## Lessons Learned\n\n- **Read the prompt** — twice.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "High",
        "Medium",
        "Low",
        "Critical",
    ]


def test_a_withdrawn_plain_block_does_not_take_back_the_entry_before_it() -> None:
    head = (
        "Review\n\nFailure 1: Password in a default\nSeverity: blocking.\n\n"
        "Failure 2: Only a writer instance\nNo reader in a second zone.\nSeverity: major.\n\n"
    )
    tagged = "Failure 3 (withdrawn): Log bucket rejected\nNot on the model; not counted.\n"
    led = "Withdrawn - Port open to the VPC\nThe prompt asks for it. Not a failure.\n"
    for tail in (tagged, led):
        failures = parse_analysis(head + tail).failures
        assert [f.severity for f in failures] == ["Critical", "High"], tail


def test_a_numbered_knowledge_gaps_chapter_is_no_failure() -> None:
    text = (
        "# Model Failures: Model Response 1 vs Ideal Solution\n\nThis document summarizes how "
        "the response differs from the ideal.\n\n## 1. Gaps Relative to the Ideal\n\n"
        "### a. Bucket Public\n- **Severity:** Severe\n- **Detail:** open to all.\n"
        "- **Ideal:** private.\n\n### b. No Tags\n- **Severity:** Minor\n- **Detail:** none.\n"
        "- **Ideal:** tags.\n\n## 2. Knowledge Gaps Observed\n\n- Bucket policies need care\n"
        "- Tagging matters\n"
    )
    analysis = parse_analysis(text)
    assert [f.title for f in analysis.failures] == ["Bucket Public", "No Tags"]
    assert analysis.knowledge_gaps == ["Bucket policies need care", "Tagging matters"]


def test_p_tags_after_an_issue_number_or_closing_a_heading_follow_the_declared_scale() -> None:
    text = (
        "# Review\n\nPriority legend used below: P1 = Critical, P2 = High, P3 = Medium, "
        "P4 = Low.\n\n## Database stack\n\n**Issue 2 (P1): Aurora storage not encrypted**\n\n"
        "Storage is plain.\n\n**Issue 4 (P4): Instance type given as a raw string**\n\nA string."
        "\n\n### 6. Deletion Protection On in an Ephemeral Stack (P2)\n\nTeardown fails.\n\n---\n\n"
        "Counted failures by priority: P1 x1, P2 x1, P4 x1.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Aurora storage not encrypted", "Critical"),
        ("Instance type given as a raw string", "Low"),
        ("Deletion Protection On in an Ephemeral Stack", "High"),
    ]


def test_a_severity_tally_line_after_the_failures_is_the_claim_wherever_it_stands() -> None:
    text = (
        "# Model Failures\n\n## Key Failures Observed\n\n- **Bucket public**\n  - Severity: "
        "Blocking\n- **No tags**\n  - Severity: Minor\n\nSeverity tally: 1 blocking, 1 minor.\n\n"
        "## What Went Right\n\n- The VPC.\n\n## Preventive Guidelines\n\n- Lint first.\n"
    )
    claimed = {k: v for k, v in parse_analysis(text).claimed_counts.items() if v}
    assert claimed == {"Critical": 1, "Low": 1}


def test_gap_n_lines_under_a_plain_gaps_label_are_the_gaps() -> None:
    text = (
        "Review\n\n1) Queue URL used as ARN. Severity: major.\n\n2) No alias. Severity: minor.\n\n"
        "Knowledge gaps:\nGap 1 - queue URL versus queue ARN.\nGap 2 - qualified Lambda ARNs.\n"
    )
    gaps = parse_analysis(text).knowledge_gaps
    assert gaps == ["queue URL versus queue ARN.", "qualified Lambda ARNs."]


def test_an_item_whose_note_says_it_turned_out_no_failure_is_taken_back() -> None:
    text = (
        "# Issues\n\n## Initial Implementation Issues\n\n### 1. DLQ Never Attached\n\n"
        "**Problem**: No redrive policy.\n\n### 2. Snapshot Test Mismatch\n\n**Problem**: The "
        "snapshot failed.\n\n**Re-review note**: This turned out not to be a model failure. It is "
        "kept for the record.\n\n### 3. Logging Disabled\n\n**Problem**: No log group.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["DLQ Never Attached", "Logging Disabled"]


def test_dotted_letters_under_a_gap_label_and_a_bottom_line_count_in_words() -> None:
    text = (
        "API review\n\n1) Deployment not redeployed. Severity: major.\n\n2) Sign-up unverified. "
        "Severity: major.\n\n3) Log retention unset. Severity: minor.\n\nKnowledge gaps this "
        "response shows:\na. Deployments need a new logical ID.\nb. Pre-sign-up triggers.\n\n"
        "Bottom line: two major issues and one minor one.\n"
    )
    analysis = parse_analysis(text)
    assert analysis.knowledge_gaps == [
        "Deployments need a new logical ID.",
        "Pre-sign-up triggers.",
    ]
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {"High": 2, "Low": 1}


def test_a_title_naming_a_code_value_after_a_colon_is_no_passed_check() -> None:
    text = (
        "## Issues\n\n### 1. ROUTES MISSING\n\n**Issue:** no propagation.\n\n"
        "### 2. FIREWALL POLICY FORWARDS TRAFFIC AS `aws:pass`\n\n**Issue:** skips the engine.\n\n"
        "### 3. Encryption: Implemented\n\n**Issue:** none.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["ROUTES MISSING", "FIREWALL POLICY FORWARDS TRAFFIC AS `aws:pass`"]


def test_a_category_saying_not_failures_in_brackets_holds_none() -> None:
    text = (
        "# MODEL FAILURES\n\n## Failure Patterns\n\n### 1. Queueing Failures\n\n"
        "#### No Redrive Policy\n- **Severity**: Major\n- **Failure**: no DLQ\n\n"
        "#### Visibility Timeout Too Short\n- **Severity**: Blocking\n- **Failure**: redelivery\n\n"
        "### 2. What the Model Got Right (not failures)\n\n#### SQS Encryption\n"
        "- The model enabled SSE, matching the ideal. Nothing to change.\n\n#### Scoped Role\n"
        "- Limited to one ARN; recorded here only as a positive.\n\n"
        "### 3. Observability Failures\n\n#### No Tracing\n- **Severity**: Minor\n"
        "- **Failure**: no X-Ray\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["No Redrive Policy", "Visibility Timeout Too Short", "No Tracing"]


def test_a_why_the_template_fails_section_lists_the_failures() -> None:
    text = (
        "# model_failure\n\n## Why the model's template fails\n\nThese are the problems found in "
        "it:\n\n* **Unescaped placeholders**\n  The stack fails.\n\n* **No RoleArn on the target**"
        "\n  Invocations fail.\n\n## Remediation guidance\n\n* Add a role.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Unescaped placeholders", "No RoleArn on the target"]


def test_a_verdict_counting_plural_p_levels_in_words_follows_the_declared_scale() -> None:
    text = (
        "# Review\n\nKey: **P1** = critical, **P2** = high, **P3** = medium.\n\n## Findings\n\n"
        "### 1. Role Missing [P1]\n\nNo role.\n\n### 2. Wrong Region [P1]\n\nWrong.\n\n"
        "### 3. No Metrics [P2]\n\nNone.\n\n## Verdict\n\nThat's two P1s and one P2. Good work.\n"
    )
    claimed = {k: v for k, v in parse_analysis(text).claimed_counts.items() if v}
    assert claimed == {"Critical": 2, "High": 1}


def test_a_title_led_by_correct_is_a_check_passed() -> None:
    text = (
        "# Model Failures\n\nWhat the model did well sits beside what it got wrong.\n\n"
        "## Correct: Transit Gateway and attachments\n\nNo changes needed here.\n\n"
        "## Failure (Severe): Route Tables Have No Routes\n\nTraffic is dropped.\n\n"
        "## Failure (Minor): Attachments Missing Name Tags\n\nUntagged.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low"]


def test_a_severity_label_mid_line_on_a_plain_entry_rates_it() -> None:
    text = (
        "Stream review\n\nProblem 1 - Wrong stream view type. Severity: Major. The model set "
        "KEYS_ONLY.\n\nProblem 2 - No failure destination. Severity: Minor. Records vanish.\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Wrong stream view type", "High"),
        ("No failure destination", "Low"),
    ]


def test_a_plain_entry_opening_with_no_issue_here_is_a_check_passed() -> None:
    text = (
        "VPC endpoints review\n\n1. Gateway Endpoint for S3 (Moderate)\nThe route tables lack it."
        "\n\n2. Private DNS on Interface Endpoints\nNo issue here. The model set PrivateDnsEnabled."
        "\n\n3. Endpoint Outputs (Minor)\nNone exported.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Gateway Endpoint for S3", "Endpoint Outputs"]


def test_a_lessons_lead_line_after_listed_entries_ends_the_failures() -> None:
    text = (
        "# Review\n\n## Remaining findings (notes)\n\n1. [Moderate] SNS topic not encrypted.\n"
        "2. [Minor] Timeout left at the default.\n\nLessons learned from this one:\n"
        "- Check the subnet type against the egress path.\n- Filter buckets that trigger.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["Medium", "Low"]


def test_a_closing_prose_section_that_sums_up_the_others_is_no_failure() -> None:
    text = (
        "# Model Response Analysis: Gaps in the Template\n\n## Database Storage Left Unencrypted"
        "\n\nThe cluster sets no encryption.\n\n## API Stage Without Access Logging\n\nNo logs are "
        "written.\n\n## Operational Readiness Assessment\n\nTaken together, these gaps mean the "
        "template would deploy but not pass a readiness review.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Database Storage Left Unencrypted", "API Stage Without Access Logging"]


def test_a_table_numbered_on_under_a_plain_remaining_heading_lists_more_failures() -> None:
    text = (
        "# Fixes\n\n## Category A Fixes\n\n### 1. Redis Without Transit Encryption\n\n"
        "**Severity**: Major\n\n### 2. Task Role Reuses the Execution Role\n\n**Severity**: "
        "Moderate\n\n## Remaining Items\n\nThe rest, as a table:\n\n| # | Item | Severity |\n"
        "|---|---|---|\n| 3 | No autoscaling target | Medium |\n| 4 | Endpoint not exported | Low |\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == [
        "High",
        "Medium",
        "Medium",
        "Low",
    ]


def test_p_level_sections_follow_the_declared_scale() -> None:
    text = (
        "# Review\n\nPriority legend: **P1 = Critical**, **P2 = High**, **P3 = Medium**.\n\n"
        "## P1 Failures (Task Non-Completion)\n\n### 1. Vault Policy Denies the Source\n\nNo copy."
        "\n\n## P3 Failures\n\n### 2. No Failure Notifications\n\nSilent.\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.severity, f.section_severity) for f in failures] == [
        ("Critical", "Critical"),
        ("Medium", "Medium"),
    ]
    assert not [p for p in parse_analysis(text).problems if p.kind == "severity_mismatch"]


def test_gap_lines_under_a_capitals_knowledge_gaps_title_are_no_failures() -> None:
    text = (
        "APPSYNC REVIEW\n\nIssue 1: Public self sign-up\nSeverity: blocking\n\nIssue 2: API key "
        "as default auth\nSeverity: major\n\nKNOWLEDGE GAPS OBSERVED\n\nGap 1: sign-up controls\n"
        "Gap 2: authorization modes\n"
    )
    analysis = parse_analysis(text)
    assert [f.title for f in analysis.failures] == [
        "Public self sign-up",
        "API key as default auth",
    ]


def test_level_then_count_lines_add_two_names_of_one_level() -> None:
    text = (
        "## Failures\n\n### 1. Role Trusts All\n\n**Severity:** Blocking\n\n### 2. Table Public\n\n"
        "**Severity:** Severe\n\n### 3. Logs Kept\n\n**Severity:** Moderate\n\n### 4. No Tags\n\n"
        "**Severity:** Minor\n\n## Summary\n\n**Counts:** Blocking 1, Severe 1, Moderate 1, Minor 1.\n"
    )
    analysis = parse_analysis(text)
    claimed = {k: v for k, v in analysis.claimed_counts.items() if v}
    assert claimed == {"Critical": 2, "Medium": 1, "Low": 1}


def test_a_level_tag_inside_a_bold_bullet_title_rates_it() -> None:
    text = (
        "Review\n\n## Issue 1: Routing\n\n- **[Blocking] Spoke attachments not associated**: "
        "traffic dropped\n- **[Major] No spoke isolation**: dev reaches prod\n\n"
        "## Issue 2: Hygiene\n\n- **[Minor] Attachments lack Name tags**: hard to find\n"
        "- **[Moderate] No flow logs**: none configured\n"
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Spoke attachments not associated", "Critical"),
        ("No spoke isolation", "High"),
        ("Attachments lack Name tags", "Low"),
        ("No flow logs", "Medium"),
    ]


def test_prose_claims_after_has_overall_or_counts_are_read() -> None:
    body = "Review\n\n1) Role open. Severity: blocking.\n\n2) No alarm. Severity: moderate.\n\n"
    for claim in (
        "The response has 2 faults: one blocking and one moderate.",
        "So overall 1 critical issue and 1 medium issue. Training quality: 3",
        "Summary of counts as I logged them: 1 severe, 1 moderate.",
    ):
        claimed = {k: v for k, v in parse_analysis(body + claim + "\n").claimed_counts.items() if v}
        assert claimed == {"Critical": 1, "Medium": 1}, claim


def test_a_p_tag_closing_a_plain_entry_follows_the_declared_scale() -> None:
    text = (
        "EFS review\n\nPriority legend used below: P1 = Critical, P2 = High, P3 = Medium, P4 = Low."
        "\n\n1. Storage - File System Not Encrypted (P2)\nNo KMS key.\n\n"
        "2. Networking - Mount Target Open to the World (P1)\n0.0.0.0/0 on 2049.\n"
    )
    assert [f.severity for f in parse_analysis(text).failures] == ["High", "Critical"]


def test_a_lone_category_bullet_before_numbered_on_sub_headings_is_the_failure() -> None:
    text = (
        "# Issues Found\n\n## 1. Template Issues\n\n- **Hardcoded Availability Zones**\n"
        "  - two zones named by hand\n\n## 2. Security Issues\n\n- **Wildcard Principal on the "
        "Queue Policy**\n  - anyone may send\n\nFrom here each finding gets a section.\n\n"
        "### Issue 3 — No execution logging\n\n**Severity**: Moderate\n\nNo log group.\n"
    )
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Hardcoded Availability Zones",
        "Wildcard Principal on the Queue Policy",
        "No execution logging",
    ]


def test_a_level_closing_a_title_is_read_and_cut_from_it():
    text = """# Model Failures

## Critical Deployment Failures

### 1. Module System Mismatch (CRITICAL)

The stack used CommonJS imports in an ES module project.

### 2. Export Names Missing (Severity: Major)

No outputs were exported.

### 3. Log Retention Unset - Low Severity

Logs are kept forever.

### 4. Admin Routes Have No Authorizer - Severe

Anyone can call them.

### 4. Bucket Named After the Low Tier

Logs go to the wrong bucket.

**Severity**: Medium
"""
    analysis = parse_analysis(text)
    assert [(f.title, f.severity) for f in analysis.failures] == [
        ("Module System Mismatch", "Critical"),
        ("Export Names Missing", "High"),
        ("Log Retention Unset", "Low"),
        ("Admin Routes Have No Authorizer", "Critical"),
        ("Bucket Named After the Low Tier", "Medium"),
    ]


def test_a_failure_headed_knowledge_gap_is_no_list_of_gaps():
    text = """# Model Failures

## Critical Failures

### 1. Runbook Leaves the Knowledge Gap on Key Rotation Open

**Impact Level**: Critical

**Root Cause**: The prompt asked for rotation steps; none were written.

### 2. Bucket Is Public

**Impact Level**: High
"""
    analysis = parse_analysis(text)
    assert [f.title for f in analysis.failures] == [
        "Runbook Leaves the Knowledge Gap on Key Rotation Open",
        "Bucket Is Public",
    ]
    assert analysis.knowledge_gaps == []


def test_a_counting_up_sentence_claims_counts_by_level():
    text = """Review of the queue consumer stack

1) No queue policy allowing SNS to deliver. Severity: Severe.

2) Batching left at defaults. Severity: Moderate.

3) depends_on pointed at the wrong resource. Severity: Moderate.

4) Inconsistent tags. Severity: Minor.

Counting up: 1 severe, 2 moderate and 1 minor issue.
"""
    analysis = parse_analysis(text)
    assert [f.severity for f in analysis.failures] == ["Critical", "Medium", "Medium", "Low"]
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {
        "Critical": 1,
        "Medium": 2,
        "Low": 1,
    }


def test_an_item_its_author_says_is_not_counted_is_withdrawn():
    text = """# Review

## Issues

### Stream Encryption
The stream has no server-side encryption.

### Retention Period
I first flagged the retention. On a second look this is not actually a failure: the default
is what the prompt asks for. Leaving the note, but it should not be counted.

### Output Naming
The output is named `tableName`. It is a naming preference, so I am not counting it as a
failure.

### Alarm Dimensions
The alarm watches the wrong stream name.
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Stream Encryption", "Alarm Dimensions"]


def test_gaps_enumerated_inside_one_sentence_are_each_a_gap():
    labelled = """1) Stream not encrypted. Severity: High.

Knowledge gaps: (1) which arguments an event source mapping requires, and (2) what each stream view type delivers.
"""
    assert parse_analysis(labelled).knowledge_gaps == [
        "which arguments an event source mapping requires",
        "what each stream view type delivers",
    ]
    titled = """1) Gateway endpoint not attached to route tables. Severity: High.

Knowledge gaps
The answer suggests the model does not know (a) that gateway endpoints work through route tables, and (b) that endpoint policies default to full access. Both matter.
"""
    assert parse_analysis(titled).knowledge_gaps == [
        "that gateway endpoints work through route tables",
        "that endpoint policies default to full access",
    ]


def test_a_title_intro_avoiding_a_checklist_leaves_the_observed_part_its_failures():
    text = """# Model Failures Documentation

Part one is a checklist of common failures; the model avoided all of them. Part two lists the
failures actually found in the model's response.

## Part One: Common Model Failures (Checklist)

### 1. Recorder Without a Delivery Channel

**Failure Scenario**: The recorder is created with no delivery channel, so it never starts.

**Status in model response**: Avoided.

## Part Two: Failures Found in the Model Response

**F1. Remediation passes the wrong parameter (Severity: High)**
Every remediation run fails.

**F2. Global resource types not recorded (Severity: Low)**
IAM changes are never recorded.
"""
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Remediation passes the wrong parameter", "High"),
        ("Global resource types not recorded", "Low"),
    ]


def test_a_declared_p_scale_rates_table_rows_by_their_priority_cell():
    text = """# MSK Review

Priority legend: **P1 = Critical**, **P2 = High**, **P3 = Medium**, **P4 = Low**.

## 1. Brokers in one subnet

**Priority**: P1

The cluster cannot be created.

## Remaining Issues

| # | Issue | Priority | Fix |
|---|-------|----------|-----|
| 2 | Broker logs not shipped | P2 | Add log delivery |
| 3 | Topics auto-created | P3 | Disable it |
| 4 | Monitoring left at default | P4 | Raise it |
"""
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "Medium",
        "Low",
    ]


def test_counts_opening_the_paragraph_under_a_plain_summary_line_are_claimed():
    text = """Review of the deploy workflow

1) Secret committed to the repository. Severity: Critical.

2) No OIDC role; static keys instead. Severity: Critical.

3) Dependencies not cached. Severity: Medium.

SUMMARY

2 critical, 2 medium. Nothing here touches the template itself.
"""
    analysis = parse_analysis(text)
    assert {k: v for k, v in analysis.claimed_counts.items() if v} == {"Critical": 2, "Medium": 2}
    assert [p.kind for p in analysis.problems] == ["claimed_counts_mismatch"]


def test_common_patterns_seen_in_the_response_are_its_failures_and_bold_not_disclaims():
    text = """# Model Failures Documentation

This document records the failure patterns seen in the model's Terraform for the site task.

## Common Failure Patterns

### 1. Origin Access Control Not Attached

**Failure:** CloudFront returns 403 for every object.

**Solution:** Reference the OAC from the origin.

### 2. Certificate in the Wrong Region

**Failure:** The apply fails: CloudFront needs us-east-1.

## LocalStack-Specific Notes

The entries below are limits of the emulator. They are **not** errors in the model's response.

### 3. Distribution Never Deployed

**Issue:** LocalStack reports `InProgress` forever.
"""
    assert [f.title for f in parse_analysis(text).failures] == [
        "Origin Access Control Not Attached",
        "Certificate in the Wrong Region",
    ]


def test_a_scenario_guide_walked_through_for_this_response_keeps_the_ones_it_fell_into():
    scenario = """### {n}. {title}

**Failure Scenario**: {title} breaks the deployment.

**Model Response**: {verdict}

"""
    text = (
        "# Model Failures Documentation\n\nThis document walks through the typical failure "
        "scenarios for the task and records whether the model's response fell into each.\n\n"
        "## Scenario Review\n\n"
        + scenario.format(n=1, title="FIFO name without suffix", verdict="✅ Avoided - named.")
        + scenario.format(n=2, title="Deduplication off", verdict="❌ Fell into this - omitted.")
        + "**Severity**: Major\n\n"
        + scenario.format(n=3, title="Standard DLQ", verdict="❌ Fell into this - a standard one.")
        + "**Severity**: Blocking\n\n"
        + scenario.format(n=4, title="Batch size too large", verdict="✅ Avoided - it is 10.")
    )
    assert [(f.title, f.severity) for f in parse_analysis(text).failures] == [
        ("Deduplication off", "High"),
        ("Standard DLQ", "Critical"),
    ]


def test_a_section_intro_rating_all_its_entries_gives_them_its_level():
    text = """# Review

## Blocking Issues

### 1. Authorizer on the wrong API

The authorizer guards nothing.

## Remaining Issues

The rest were small. All of them are minor; they are tabulated below.

| # | Issue | Fix |
|---|-------|-----|
| 2 | Self sign-up allowed | Disable it |
| 3 | No throttling | Add limits |
"""
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "Low"]


def test_a_score_put_in_prose_under_a_training_quality_score_heading_is_read():
    text = """# Review

## Issues

### 1. Nodes never join the cluster

**Impact Level**: Critical

### Estimated Training Quality Score

I'd put this one at 5.5. The VPC is right, but the nodes never join.
"""
    assert parse_analysis(text).score == 5.5


def test_a_totals_line_in_words_claims_counts_by_level():
    text = """Review of the cache stack

1) Transit encryption off. Severity: Major.

2) Auth token in plain text. Severity: Major.

3) One node only. Severity: Moderate.

4) No tags. Severity: Minor.

Totals: two major issues, one moderate issue and one minor issue.
"""
    claimed = parse_analysis(text).claimed_counts
    assert {k: v for k, v in claimed.items() if v} == {"High": 2, "Medium": 1, "Low": 1}


def test_an_impact_of_none_saying_it_is_not_a_model_failure_withdraws_the_item():
    text = """# Issues Found and Fixed

### 1. User Pool Allows Self Sign-Up

**Issue in MODEL_RESPONSE:**
- Self sign-up is on.

**Impact:** HIGH - anyone can create an account.

### 2. `removalPolicy` Not Set on the User Pool

**Issue in MODEL_RESPONSE:**
- No `removalPolicy` is declared.

**Why it's wrong:**
- On closer reading it isn't: the default is what the prompt asks for.

**Correction in IDEAL_RESPONSE:**
- None required

**Impact:** None - this is not a model failure. I'm keeping the note so nobody raises it again.
"""
    assert [f.title for f in parse_analysis(text).failures] == ["User Pool Allows Self Sign-Up"]


def test_short_notes_for_the_rest_after_bold_flaws_are_more_flaws():
    text = """**Flaw 1 — Origin points at the website endpoint** (Blocking)

Every request comes back 403.

---

**Flaw 2 — Bucket policy grants `s3:*`** (Major)

Only `s3:GetObject` is needed.

---

I'm switching to short notes for the rest, they are smaller:

- Flaw 3 — `default_root_object` is not set, so the bare domain lists nothing. Minor.
- Good — the `geo_restriction` block is right; nothing to change.
- Flaw 4 — `price_class` left at `PriceClass_All`. Minor.

No other problems found.
"""
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "High", "Low", "Low"]
    # (the entry's "Flaw 3 —" and its closing level sentence are no part of its title)
    assert failures[2].title == (
        "`default_root_object` is not set, so the bare domain lists nothing."
    )


def test_summary_table_rows_past_the_numbered_items_are_more_failures():
    text = """# MODEL_FAILURES.md

## 1. Missing Environment Module

The config is repeated per environment.

## 2. Security Module Missing the SSM Policy

The instance role cannot be managed.

## Fault Summary (Quick Reference)

| # | Fault Description | Impact |
|---|-------------------|--------|
| 1 | Missing environment module | Harder to add environments |
| 2 | SSM policy not attached | Instances unmanaged |
| 3 | EC2 module uses a bespoke AMI and complex user data | Needless complexity |
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == [
        "Missing Environment Module",
        "Security Module Missing the SSM Policy",
        "EC2 module uses a bespoke AMI and complex user data",
    ]


def test_a_point_by_point_case_for_the_ideal_response_lists_the_models_shortfalls():
    text = """### Ideal Response vs. Model Response: A Summary

The ideal response is safer and easier to run than the model response, for the following reasons:

#### Networking
* **NAT Gateway Placement**: The ideal creates one NAT gateway per zone. The model response puts one in the first zone only.
* **Encapsulation**: The ideal response exposes its modules' outputs.

#### State
* **Remote State**: The ideal configures an S3 backend. The model response keeps local state.
* **Provider Pinning**: Both responses pin the provider. There is no difference here.
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["NAT Gateway Placement", "Remote State"]


def test_a_note_excluding_an_item_from_the_failure_list_withdraws_it_beside_its_fix():
    text = """# Review

## Critical Deployment Failures

### 1. Domain Prefix Has Uppercase Letters

**Model Response:** `domainPrefix: 'MyApp'`

**Ideal Response:** `domainPrefix: 'myapp'`

### 2. Runtime String Mismatch

**Model Response:** `runtime: 'nodejs20.x'`

**Ideal Response:** `runtime: 'nodejs20x'`

*Note: On review this is NOT a model failure. The ideal has a typo. Excluded from the failure list.*
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Domain Prefix Has Uppercase Letters"]


def test_a_resolved_status_line_counting_by_level_is_a_claim():
    text = """# Review

### 1. Failover record has no health check
**Severity**: Severe

### 2. Tags missing
**Severity**: Minor

## Current Status

✅ **All Issues Resolved**: 1 severe and 3 minor issues were fixed and the stack fails over.
"""
    claimed = parse_analysis(text).claimed_counts
    assert {k: v for k, v in claimed.items() if v} == {"Critical": 1, "Low": 3}


def test_rated_run_in_paragraphs_after_switching_to_short_notes_are_more_failures():
    text = """# Failures and Fixes

### 1. Circular Dependency Between the Key Policy and the Topic [Severe]

The stack never deploys.

### 2. Alarm Dimension Uses the Function ARN [Major]

The alarm never fires.

From here on I switched to short notes:

Issue 3 (Moderate): The email endpoint is hard-coded. Fix: added a parameter.

Issue 4 (Minor): No explicit log group for the Lambda. Fix: added one with 30-day retention.
"""
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Circular Dependency Between the Key Policy and the Topic", "Critical"),
        ("Alarm Dimension Uses the Function ARN", "High"),
        ("The email endpoint is hard-coded.", "Medium"),
        ("No explicit log group for the Lambda.", "Low"),
    ]


def test_rated_bullets_under_a_categorys_model_response_issues_part_are_the_failures():
    text = """# Model Failures Analysis

## Primary Failures

### 1. Origin Access

#### Model Response Issues:

- **Bucket website hosting enabled** [Critical]: the content is public.
- **Legacy OAI instead of OAC** [Medium]: OAI cannot read SSE-KMS objects.

#### Ideal Response Features:

- Private bucket with all public access blocked.

### 2. Observability

#### Model Response Issues:

- **No access logging** [Low]: nothing is logged.

#### Ideal Response Features:

- Standard logging to a log bucket.
"""
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Bucket website hosting enabled", "Critical"),
        ("Legacy OAI instead of OAC", "Medium"),
        ("No access logging", "Low"),
    ]


def test_knowledge_gaps_none_beyond_the_items_is_no_gap():
    text = """# Review

### 1. Bucket public
**Severity**: High

Knowledge gaps: none beyond the items above.
"""
    assert parse_analysis(text).knowledge_gaps == []


def test_common_patterns_found_in_the_models_template_are_its_failures():
    text = """# Model Failures Documentation

This document captures the failure patterns found in the model's CloudFormation template.

## Common Failure Patterns

### 1. Missing Queue Policy for the Subscription

**Failure:** Messages never arrive.

### 2. Raw Message Delivery Not Enabled

**Failure:** Consumers get the SNS envelope.
"""
    assert len(parse_analysis(text).failures) == 2


def test_a_numbered_recommendations_heading_after_the_failures_is_advice():
    text = """# Model Response Failures Compared to Ideal Response

## 1. [HIGH] Queue Policies Lack a Source Condition

Any topic can write to the queues.

## 2. Filter Policies Not Applied

Every consumer gets every message.

## 3. Recommendations

1. Add a source-ARN condition when a service principal writes to a queue.
2. Route with filter policies.
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Queue Policies Lack a Source Condition", "Filter Policies Not Applied"]


def test_an_update_bullet_saying_the_reviewer_misread_and_it_is_no_failure_withdraws_it():
    text = """# Model Response Failures Compared to Ideal Response

## 1. Parameter Group Family Mismatch
- **Ideal:** Uses family `redis7`.
- **Model:** Declares family `redis6.x`.
- **Severity:** Medium

## 2. Auth Token Held in a Plain Variable
- **Ideal:** Reads the token from Secrets Manager.
- **Model:** ~~Hardcodes the token.~~
- **Update after re-review:** I misread the diff. The model reads it from Secrets Manager too. This is not a failure; I'm leaving the section so the numbering matches.
"""
    assert [f.title for f in parse_analysis(text).failures] == ["Parameter Group Family Mismatch"]


def test_lettered_gaps_under_a_wordy_or_colonless_gaps_label_line():
    for label in ("Knowledge gaps, as I see them:", "Knowledge gaps shown by the model"):
        text = (
            "Review\n\n1) Bucket public. Severity: High.\n\n"
            f"{label}\n(a) Firehose limits with format conversion\n(b) least-privilege S3 scoping\n\n"
            "Training quality: 6\n"
        )
        assert parse_analysis(text).knowledge_gaps == [
            "Firehose limits with format conversion",
            "least-privilege S3 scoping",
        ], label


def test_a_table_of_issue_counts_with_each_rows_highest_severity_claims_no_counts():
    text = """# Review

## 1. Deployment

### 1.1 Role missing
**Severity**: Critical

### 1.2 Timeout too short
**Severity**: High

## Summary Table

| Category    | Issues | Highest severity |
|-------------|--------|------------------|
| Deployment  | 2      | Critical         |

Severity totals: 1 Critical, 1 High.
"""
    claimed = parse_analysis(text).claimed_counts
    assert {k: v for k, v in claimed.items() if v} == {"Critical": 1, "High": 1}


def test_remaining_findings_listed_in_short_form_after_the_last_item_are_more_failures():
    text = """# Model Response Failures Analysis

## High Severity Failures

### 1. Service Account Granted `roles/owner`

The runtime identity can do anything in the project.

### 2. Connector Range Overlaps the Subnet

The connector cannot be created.

The remaining findings are smaller, so I am listing them in short form instead of the full template:

- **[Medium] Deletion protection left on** - `terraform destroy` fails in CI.
- **[Low] Outputs have no descriptions** - they work but carry no description.
"""
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Service Account Granted `roles/owner`", "High"),
        ("Connector Range Overlaps the Subnet", "High"),
        ("Deletion protection left on", "Medium"),
        ("Outputs have no descriptions", "Low"),
    ]


def test_a_long_lead_in_defining_its_labels_opens_the_remaining_issues():
    text = """# Review

## Blocking Failures

### 1. Report Read Before It Exists

The first call always fails.

### 2. Naive Datetime Compared With an Aware One

Every key age check raises.

The remaining issues were found in a quicker second pass, so from here on they are written as short notes with our triage labels (P1 = Critical, P2 = High, P3 = Medium, P4 = Low):

- [P2] Inline policies only checked for a wildcard action.
- [P4] CSV header differs from the JSON field name.
"""
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures][2:] == ["High", "Low"]


def test_an_item_saying_it_is_not_actually_a_failure_is_withdrawn():
    text = """Review of the notes API

1. DELETE has no authorizer (severity: Blocking)

Anyone can delete any note.

2. Lambda timeout left at 3 seconds (severity: Minor)

On re-checking, the model does set Timeout: 15 in Globals. This is not actually a failure; I
have left the note so the next reviewer does not raise it again.

3. Outputs not exported (severity: Minor)

Other stacks cannot import the API URL.
"""
    severities = [f.severity for f in parse_analysis(text).failures]
    assert severities == ["Critical", "Low"]


def test_plain_numbered_entries_led_by_a_level_synonym_and_a_taken_back_number():
    text = """Review of the session stack.

1. Blocking - terraform apply stops on the global table because streams are off.

```
Error: Table sessions must have streams enabled
```

2. Minor - The parameter group has no environment suffix.

3. Not a model failure - The ENI limit error came from leftovers in our test account.

4. Moderate - The log group is not declared, so it never expires.
"""
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Critical", "Low", "Medium"]
    assert failures[1].title == "The parameter group has no environment suffix"


def test_a_total_whose_bracketed_breakdown_adds_up_is_a_claim():
    text = """# Review

### 1. Queue not encrypted
**Severity**: Major

### 2. No alarms
**Severity**: Minor

## Conclusion

Four genuine errors (two Major, two Minor). After the fixes the batch runs end to end.
"""
    claimed = parse_analysis(text).claimed_counts
    assert {k: v for k, v in claimed.items() if v} == {"High": 2, "Low": 2}
    # (a breakdown that does not add up to its total is no claim of it)
    wrong = text.replace("Four genuine errors", "Five genuine errors")
    assert not any(parse_analysis(wrong).claimed_counts.values())


def test_gaps_told_as_short_sentences_a_line_each_under_a_plain_title():
    text = """Review of the notes API

1. DELETE has no authorizer (severity: Blocking)

Anyone can delete any note.

Knowledge gaps

Cognito sign-in flows and why email verification must be enforced.

How the default authorizer interacts with per-method settings.

Overall

The template deploys, but the open route is a real hole. I'd give it a 6 for training quality.
"""
    assert parse_analysis(text).knowledge_gaps == [
        "Cognito sign-in flows and why email verification must be enforced",
        "How the default authorizer interacts with per-method settings",
    ]


def test_a_compared_rows_title_is_its_area_not_its_number():
    text = """# Model Failures

### 1. Point-in-time recovery off
**Severity**: Medium

## Remaining Issues (condensed)

| # | Area | Ideal | Model | Severity |
|---|------|-------|-------|----------|
| 2 | Lambda runtime | `nodejs20.x` | `nodejs14.x` | High |
| 3 | Usage plan throttling | 50 rps | none | Low |
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Point-in-time recovery off", "Lambda runtime", "Usage plan throttling"]


def test_a_section_saying_no_failure_here_is_no_item():
    text = """# Model Failures

## 1. Artifact Bucket (High)
The bucket is not encrypted.

## 2. Pipeline Notifications
No failure here. The model's notification rule matched the ideal response exactly.

## 3. Parameters (Medium)
The branch name is hard-coded.
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Artifact Bucket", "Parameters"]


def test_prose_paragraphs_counting_problems_off_with_levels_in_their_prose():
    text = """MODEL FAILURES - order workflow

Overall the model got close.

First problem: the execution role. It may invoke every function. Severity: high, because any function can run.

Second problem: no Retry blocks on the task states. A throttled call fails the run. I'd rate this medium.

Third problem: logging. Payloads are written to the logs. Severity low; a cost and privacy nit.

The item I withdrew: I thought the state machine type was wrong. Not a failure.

Overall I'd give it a 6 for training quality.
"""
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("The execution role", "High"),
        ("No Retry blocks on the task states", "Medium"),
        ("Logging", "Low"),
    ]


def test_a_taken_back_entry_in_a_run_led_by_levels_keeps_the_run_going():
    text = """Deployment notes

1) Blocking - the subscription has no queue policy, so nothing is delivered.

2) Minor - maxReceiveCount is 1, so one error sends a message to the DLQ.

3) I first flagged the missing KMS key, but on reflection this is not a failure: none was asked for.

4) Moderate - there is no alarm on the DLQ depth.
"""
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Low", "Medium"]


def test_an_intro_saying_the_rest_did_not_produce_errors_disclaims_nothing():
    text = """## 1. Cluster Creation Fails on Engine Version

**Severity**: Critical

## 2. Subnet Group Covers a Single AZ

**Severity**: High

## Remaining Issues (condensed)

The rest did not produce deployment errors, so I've put them in one table.

| # | Issue | Severity | Fix |
|---|-------|----------|-----|
| 3 | Backup retention left at 1 day | Medium | Set it to 7 |
| 4 | No cost-allocation tags | Low | Add them |
"""
    assert [f.severity for f in parse_analysis(text).failures] == [
        "Critical",
        "High",
        "Medium",
        "Low",
    ]


def test_numbered_rows_of_a_plain_tab_table_take_their_level_cell():
    text = (
        "Review of the fan-out stack\n\nSeverity by finding\n\nFinding\tSeverity\n"
        "1) SNS topic encryption\tHigh\n2) Missing dead-letter queues\tCritical\n"
        "3) Audit filter policy filters nothing\tLow\n"
    )
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("SNS topic encryption", "High"),
        ("Missing dead-letter queues", "Critical"),
        ("Audit filter policy filters nothing", "Low"),
    ]


def test_a_run_of_level_count_bullets_outside_a_summary_is_a_claim():
    text = """# Review

## Failures Found

### 1. Topic not encrypted
Impact: the messages are readable at rest.

## Success Rate Analysis

### MODEL_RESPONSE.md Analysis:
- **Critical Failures**: 1
- **High Failures**: 2
- **Low Failures**: 1
"""
    claimed = parse_analysis(text).claimed_counts
    assert {k: v for k, v in claimed.items() if v} == {"Critical": 1, "High": 2, "Low": 1}


def test_an_ideal_versus_model_summary_with_praise_between_lists_the_shortfalls():
    text = """### Ideal Response vs. Model Response: A Summary

I have mixed what the model did well in with what it got wrong; the "got right" parts are not failures.

#### What the model got right: Storage
* **Partitioned Prefix**: The model writes to a date-partitioned prefix, as the ideal does.

#### Failures: IAM and Monitoring
* **Wildcard S3 Permissions**: The role is granted `s3:*` on `*`.
* **No Delivery Logging**: Failed deliveries are invisible.
"""
    titles = [f.title for f in parse_analysis(text).failures]
    assert titles == ["Wildcard S3 Permissions", "No Delivery Logging"]


def test_a_training_value_said_on_a_zero_to_ten_scale_is_the_score():
    text = """# Review

### 1. Bucket public
**Severity**: High

Overall training value — 6.5 on a 0–10 scale.
"""
    assert parse_analysis(text).score == 6.5


def test_a_failures_and_strengths_section_keeps_its_failures_and_drops_its_praise():
    text = """# Model Response Failures Analysis

## Failures and Strengths

### 1. Origin Uses the Website Endpoint With OAC

**Impact Level**: Blocking

### ✅ Got Right: Certificate Created in us-east-1

Not a failure.

### 2. Cache Policy Forwards All Headers

**Impact Level**: Major
"""
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Origin Uses the Website Endpoint With OAC", "Critical"),
        ("Cache Policy Forwards All Headers", "High"),
    ]


def test_a_not_an_issue_withdrawn_block_after_the_last_entry_takes_back_only_itself():
    text = """MODEL FAILURES DOCUMENTATION

Issues Found

Issue 1 - Trail bucket policy has no source ARN condition
Severity: Moderate
Any trail could write to the bucket.

Issue 2 - Log group has no retention
Severity: Minor
Events are kept forever.

Not an issue (withdrawn): multi-region coverage
I first wrote up "single-region" as a third issue. The model does set it, so it is not a failure.
"""
    failures = parse_analysis(text).failures
    assert [f.severity for f in failures] == ["Medium", "Low"]


def test_a_summary_count_naming_its_problems_by_number_rates_them():
    text = """# Template Failures

## Problem 1: Permission Uses the Wrong Source ARN
The API cannot invoke the function.

## Problem 2: Table Without Point-in-Time Recovery
Recovery is impossible.

## Problem 3: Log Group Not Declared
Retention is unmanaged.

## Summary

**Critical Issues:** 1 (Problem 1)
**High Issues:** 1 (Problem 2)
**Medium Issues:** 1 (Problem 3)
"""
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "High", "Medium"]


def test_deficiency_headings_are_items_beside_got_right_ones():
    text = """# Model Response Analysis

## What the Model Got Right: Network Isolation

The database sits in private subnets.

## Deficiency: Master Password Supplied as a Plain Parameter

The password is echoed in the console. Severity: Severe.

## Deficiency: Backup Retention Window Set to One Day

One day is too short. Severity: Moderate.
"""
    failures = parse_analysis(text).failures
    assert [(f.title, f.severity) for f in failures] == [
        ("Master Password Supplied as a Plain Parameter", "Critical"),
        ("Backup Retention Window Set to One Day", "Medium"),
    ]


def test_issues_counted_in_words_and_led_by_a_level_sentence():
    text = """Review of the cache stack

Three things went wrong, listed in the order I hit them.

Issue one - Blocking. Automatic failover is on with a single cache cluster, so apply fails.

Issue two - Moderate. Encryption at rest and in transit are both left off.

Issue three - Minor. The security group description says it allows all inbound traffic.

I'd give it a 6.
"""
    assert [f.severity for f in parse_analysis(text).failures] == ["Critical", "Medium", "Low"]


def test_a_priority_breakdown_line_counts_times_on_the_declared_scale():
    text = """# CloudFront Review

Priority legend: P1 = Critical, P2 = High, P3 = Medium, P4 = Low.

## 1. Certificate in the wrong region (P1)

The distribution cannot use it.

## 2. No geo restriction block (P3)

The provider rejects the plan.

## Changes

- Pinned the provider.

Priority breakdown: P1 x1, P3 x1.
"""
    claimed = parse_analysis(text).claimed_counts
    assert {k: v for k, v in claimed.items() if v} == {"Critical": 1, "Medium": 1}


def test_a_short_sentence_saying_unchanged_under_a_plain_entry_ends_no_run():
    text = """Review of the DNS stack

1. Certificate validation never completes
Model issue: the validation records are never created.

2. Hosted zone looked up by a hard-coded ID
Model issue: the zone ID is written into every record.

Why the reference is better:

Works unchanged in every account that has the zone.

3. Alias record pointing at the wrong target
Model issue: a CNAME sits at the zone apex.
"""
    assert len(parse_analysis(text).failures) == 3
