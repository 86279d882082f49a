"""Diffs of model vs ideal: hunks, escaped HTML, truncation of huge texts, speed sanity."""

from __future__ import annotations

import re
import time

import pytest

from curation.diff import Diff, compute_diff
from curation.widgets.html import side_by_side_html, unified_html

PAYLOAD = '<img src=x onerror="window.__xss=1">'


def test_identical_texts_have_no_hunks():
    diff = compute_diff("a\nb", "a\nb")
    assert diff.identical and diff.hunks == ()
    assert "identical" in unified_html(diff)
    assert "identical" in side_by_side_html(diff)


def test_hunks_hold_the_changed_span_without_context():
    model = "\n".join(["keep"] * 10 + ["bad 1", "bad 2"] + ["keep"] * 10 + ["old"])
    ideal = "\n".join(["keep"] * 10 + ["good"] + ["keep"] * 10 + ["new", "extra"])
    diff = compute_diff(model, ideal, context=2)
    assert len(diff.hunks) == 2
    first, second = diff.hunks
    assert first.model_snippet == "bad 1\nbad 2" and first.ideal_fix == "good"
    assert first.model_start == 11 and first.ideal_start == 11
    assert second.model_lines == ("old",) and second.ideal_lines == ("new", "extra")
    assert [line.tag for line in first.lines][:2] == ["equal", "equal"]  # context kept
    assert (diff.added, diff.removed) == (3, 3)
    assert first.label.startswith("#1  model 11-12")


def test_pure_insertion_hunk_has_no_model_lines():
    diff = compute_diff("a\nb", "a\nb\nc")
    (hunk,) = diff.hunks
    assert hunk.model_lines == () and hunk.ideal_lines == ("c",)
    assert "(none)" in hunk.label


@pytest.mark.parametrize("render", [unified_html, side_by_side_html])
def test_html_escapes_every_line(render):
    diff = compute_diff(f"x\n{PAYLOAD}\n<script>alert(1)</script>", f"x\n{PAYLOAD}!\n&amp;")
    html = render(diff)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in html
    assert "&amp;amp;" in html  # an entity in the data is shown, not interpreted


@pytest.mark.parametrize("render", [unified_html, side_by_side_html])
def test_rendering_is_cut_with_a_note(render):
    model = "\n".join(f"line {i}" for i in range(3000))
    ideal = "\n".join(f"line {i}" if i % 10 else f"changed {i}" for i in range(3000))
    diff = compute_diff(model, ideal)
    html = render(diff, max_lines=200)
    assert "display cut at" in html
    assert html.count("<tr") <= 203
    assert "display cut" not in render(diff, max_lines=5000)


def test_huge_texts_are_limited_with_a_note():
    model = "\n".join(f"resource r{i} {{ size = {i} }}" for i in range(10_000))
    ideal = model.replace("size = 5", "size = 6")
    diff = compute_diff(model, ideal, max_lines=1000)
    assert diff.truncated
    assert "first 1000 lines" in diff.notes[0]
    assert all(h.model_start <= 1000 for h in diff.hunks)
    assert "first 1000 lines" in unified_html(diff)


def test_unrelated_texts_take_the_fast_path():
    model = "\n".join(f"model {i}" for i in range(3000))
    ideal = "\n".join(f"ideal {i}" for i in range(3000))
    diff = compute_diff(model, ideal)
    assert len(diff.hunks) == 1
    assert "share almost no lines" in diff.notes[-1]
    assert len(diff.hunks[0].model_lines) == 3000


def test_a_300_kb_response_diffs_quickly_enough():
    # Sanity, not a benchmark: a quadratic slip would take minutes here, not seconds.
    lines = [
        f"  bucket_{i}: {{ versioning: true, encryption: 'aws:kms', id: {i} }}" for i in range(4400)
    ]
    model = "\n".join(lines)
    assert len(model) > 290_000
    ideal = "\n".join(
        re.sub(r"true", "false", line) if i % 7 == 0 else line for i, line in enumerate(lines)
    )
    start = time.perf_counter()
    diff = compute_diff(model, ideal)
    html = unified_html(diff)
    elapsed = time.perf_counter() - start
    assert isinstance(diff, Diff) and diff.hunks and html
    assert elapsed < 30, f"diff of a 300 KB response took {elapsed:.1f}s"


def test_one_unbroken_line_is_kept_whole_for_wrapping():
    long_line = "x" * 50_000
    diff = compute_diff(long_line, long_line + "y")
    assert diff.hunks[0].model_snippet == long_line
    assert "x" * 50_000 in unified_html(diff)
