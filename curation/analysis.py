"""Parse failure-analysis markdown (MODEL_FAILURES.md) into an `Analysis`, and render one back."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from curation._analysis_doc import _Doc, _Item
from curation._analysis_fallback import _PRAISE_HEAD_RE
from curation._analysis_fields import _claimed_counts, _fill, _gaps, _score
from curation._analysis_items import (
    _LEADING_LEVEL_TAG_RE,
    _NUMBERED_LEVEL_HINT_RE,
    _OBSERVED_SECTION_RE,
    _ROW_KEY_HEADER_RE,
    _block_title,
    _category_legend,
    _detail_heading_levels,
    _find_items,
    _id_key,
    _is_hypothetical,
    _is_numbered,
    _item_number,
    _legend_level,
    _list_number,
    _mark_counts,
    _mark_legend,
    _mark_level,
    _numbered_row_levels,
    _row_key,
    _row_levels,
    _section_flags,
    _titled_row_levels,
)
from curation._analysis_lists import _NONE_FOUND_RE
from curation._analysis_vocab import (
    _ANY_LEVEL,
    _BRACKETED_LEVEL,
    _FENCE_OPEN_RE,
    _FIVE_SCALE,
    _FIVE_SCALE_SAID_RE,
    _ITEM_NUMBER_RE,
    _ITEM_WORDS,
    _LEVEL_ALT,
    _MARK_STRIP_RE,
    _MARKS,
    _ORDINALS,
    _clean_inline,
    _heading_level,
    _level,
    _may_say_level,
    _trim_memos,
)
from curation.records import SEVERITIES, Analysis, Annotation, Failure, Problem

__all__ = ["check_score", "parse_analysis", "render_analysis"]

_PARSED = itertools.count(1)  # documents parsed: the memos are trimmed every so many
_LEVEL_ITEM_RE = re.compile(
    rf"^[\W_]*({_LEVEL_ALT})[\])]?[ \t-]+(?:priority[ \t]+|severity[ \t]+)?(?:{_ITEM_WORDS})[ \t]*#?[ \t]*\d"
    # "## [Critical] 1. Title": a tag, then the number.
    rf"|^[\W_]*\[[ \t]*({_LEVEL_ALT})[ \t]*\][ \t]*#?[ \t]*\d",
    re.I,
)

# --------------------------------------------------------------------------- public API


def parse_analysis(text: str) -> Analysis:
    """Read a failure-analysis markdown document into an `Analysis`.

    Never raises: odd input (empty, HTML, binary) gives an `Analysis` with what could be
    found and `problems` saying what looked wrong.

    Parameters
    ----------
    text : the document, e.g. the contents of a MODEL_FAILURES.md file.

    Returns
    -------
    Analysis with failures in document order, the stated score, knowledge gaps, the
    severity counts the summary claims, and consistency problems (``severity_mismatch``,
    ``claimed_counts_mismatch``, ``no_failures``, ``score_out_of_range``).

    Examples
    --------
    >>> a = parse_analysis("## High Failures\\n\\n### 1. Open bucket\\n\\n**Fix**: block it\\n")
    >>> a.failures[0].title, a.failures[0].severity, a.failures[0].ideal_fix
    ('Open bucket', 'High', 'block it')
    """
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", "replace") if text else ""
    text = text.lstrip("\ufeff")
    if next(_PARSED) % 64 == 0:
        _trim_memos()
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - a bad document must not stop a bulk import
        message = f"the parser failed on this document ({type(exc).__name__}: {exc})"
        return Analysis(problems=[Problem(None, "parse_error", message)])


_JOINT_LEVELS_RE = re.compile(
    rf"\b({_LEVEL_ALT})\s*(?:/|&|,|-|–|\band\b|\bor\b|\bto\b)\s*({_LEVEL_ALT})\b", re.I
)


_WITHDRAWN_TITLE_RE = re.compile(
    r"[(\[]\s*(?:withdrawn|retracted|dismissed|continued|scratch(?:ed)?(?:\s+th(?:at|is))?"
    r"|no\s+difference|not\s+counted|false\s+alarm|no\s+change\s+needed"
    r"|false\s+positive"
    # "### 4. Container Insights (model is better here)": a point in the model's favour
    r"|(?:the\s+)?model\s+(?:is|was)\s+better\b[^()\[\]\n]{0,30}"
    r"|not (?:actually |really )?an? (?:failure|issue|bug|problem)"
    # "(Historical — not a model failure)": a note that the model is not at fault
    r"|[^()\[\]\n]{0,30}[—–-]\s*not\s+an?\s+model\s+(?:failure|error|issue|defect|problem))"
    r"\s*(?:[,;:—–-][^()\[\]\n]{0,200})?[)\]]"
    # "### Issue 4: Over-broad IAM (duplicate of Issue 2)": told already, not one more; so is
    # "### Reminder: Schema Path (see Critical Deployment Failures #2)".
    r"|[(\[]\s*duplicate\s+of\s+(?:#|(?:item|issue|failure|finding|problem)\s+#?)?\d"
    r"|[(\[]\s*see\s+[^()\[\]\n]{0,60}?(?:#|\b(?:item|issue|failure|finding|problem)\s+#?)\d{1,3}"
    r"\s*[)\]]"
    r"|^\W*~~[^~]+~~"
    r"|^[\W_]*(?:withdrawn|retracted)[*_ \t]*[:—–-]"  # ("WITHDRAWN: ECR Image Scanning Disabled")
    # ("Flow logs — Withdrawn", "Rule Group Version Pinned — REVERTED"; a bare word titles)
    r"|\w\W*[—–:-]\s*(?:withdrawn|retracted|dismissed|REVERTED|Reverted)\W*$",
    re.I,
)


# ("3. **Missing wrappers**: Retracted — …", "- __[Proxy timeout]__ — false alarm: the default …")
_WITHDRAWN_LEAD_RE = re.compile(r"[—–:\s-]*[*_]*(?:withdrawn|retracted|false\s+alarm)\b", re.I)


def _joint_levels(heading: str) -> set[str]:
    """The levels a heading names jointly ("Medium/Low Issues", "High & Critical"), else none."""
    m = _JOINT_LEVELS_RE.search(heading)
    return {level for level in (_level(m.group(1)), _level(m.group(2))) if level} if m else set()


def _category_level(doc: _Doc, k: int, levels: dict[int, str | None]) -> str | None:
    """The level of a category heading that the heading item k follows as a sibling
    ("## Error Category: Critical - KMS Policy" then "## 1. Title", "## 2. Title" at the same
    rank): the nearest earlier sibling that is no item says it, until the next such heading.

    Items come in order, so an earlier sibling item's answer is in `levels` already."""
    parents, headings = doc.parents, doc.headings
    parent = parents[k]
    level = None
    j = k - 1
    while j > parent:
        if parents[j] == parent:
            if j in levels:
                level = levels[j]
            elif headings[j][2].lstrip("#*_ ")[:2] == "~~":
                j -= 1
                continue  # (a struck, withdrawn item: its level sets none for what follows)
            elif parents[j + 1] == parent and not _is_numbered(headings[j][2]):
                # (an unnumbered category, with no sub-headings of its own)
                level = _heading_level(headings[j][2])
            break
        j -= 1
    levels[k] = level
    return level


_FRONT_KEY_RE = re.compile(r"^([A-Za-z_][\w -]{0,40}):[ \t]*(.*)$")
_FRONT_SCORE_KEYS = ("training_quality", "quality_rating", "training_quality_score", "score")
_FRONT_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d+)?)(?:\s*/\s*(10|100))?$")


def _front_matter(text: str) -> tuple[str, dict[str, object]]:
    """A YAML front matter block ("---", "key: value" lines, "---") split from the text, with
    what it states: the score, the severity counts, the knowledge gaps. (Left in, its closing
    rule would make its last line a heading.)"""
    if text.startswith("---\r"):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n"):
        return text, {}
    end = text.find("\n---\n", 3)
    if end < 0 or text.count("\n", 0, end) > 60:
        return text, {}
    block = text[4:end].split("\n")
    if not all(_FRONT_KEY_RE.match(line) or line[:1] in (" ", "\t", "") for line in block):
        return text, {}
    meta: dict[str, object] = {}
    counts: dict[str, int] = {}
    gaps: list[str] = []
    key = ""
    for line in block:
        m = _FRONT_KEY_RE.match(line.strip()) if line.strip()[:2] != "- " else None
        if line[:1] not in (" ", "\t") and m:
            key = m.group(1).strip().lower()
        value = m.group(2).strip().strip("'\"") if m else ""
        if key in _FRONT_SCORE_KEYS and (n := _FRONT_NUMBER_RE.match(value)):
            meta["score"] = float(n.group(1)) / (10 if n.group(2) == "100" else 1)
        elif m and _level(m.group(1).strip()) and value.isdigit():
            counts[_level(m.group(1).strip()) or ""] = int(value)  # "critical: 0", nested too
        elif key == "knowledge_gaps" and line.strip()[:2] == "- ":
            gaps.append(line.strip()[2:].strip().strip("'\""))
    if counts:
        meta["claimed_counts"] = {s: counts[s] for s in SEVERITIES if s in counts}
    if gaps:
        meta["knowledge_gaps"] = gaps
    return "\n" * (text.count("\n", 0, end) + 2) + text[end + 5 :], meta


def _unwrap(text: str) -> str:
    """The inside of a document that is one big ```markdown fence, else the text itself."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    m = _FENCE_OPEN_RE.match(first)
    if not m or m.group(2).strip().lower() not in ("markdown", "md", ""):
        return text
    body, _, last = rest.rpartition("\n")
    if last.strip() != m.group(1):
        return text
    return body


# "<details>" folds ("<summary>Failure 1: Title</summary>", the item's text, "</details>"):
# the summary is the item's title line, the tags around it are no text.
_SUMMARY_LINE_RE = re.compile(
    r"^[ \t]*(?:<details[^>\n]*>[ \t]*)?<summary>[ \t]*(.*?)[ \t]*</summary>[ \t]*$", re.M | re.I
)
_DETAILS_LINE_RE = re.compile(r"^[ \t]*</?details(?:[ \t][^>\n]*)?>[ \t]*$", re.M | re.I)
_TAG_RE = re.compile(r"</?(?:b|strong|em|i|code)>", re.I)


_QUOTE_MARK_RE = re.compile(r"^>[ \t]?", re.M)


def _unquote_lists(text: str) -> str:
    """The text with the quote marks taken off a quoted numbered list ("> 1. Spoke traffic is
    not isolated. (Major)"): a list of findings set off as a quote is still the list."""
    at = text.find("> 1")
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        if line_start == at and text[at + 3 : at + 5] in (". ", ") "):
            # The quoted block around it: its lines up, its lines down.
            start = line_start
            while start > 0:
                above = text.rfind("\n", 0, start - 1) + 1
                if text[above : above + 1] != ">":
                    break
                start = above
            end = text.find("\n", at)
            while end >= 0 and text[end + 1 : end + 2] == ">":
                end = text.find("\n", end + 1)
            end = len(text) if end < 0 else end
            block = _QUOTE_MARK_RE.sub("", text[start:end])
            text = text[:start] + block + text[end:]
            at = start + len(block)
        at = text.find("> 1", at + 1)
    return text


def _unfold(text: str) -> str:
    if "<summary>" not in text:
        return text
    text = _SUMMARY_LINE_RE.sub(lambda m: f"**{_TAG_RE.sub('', m.group(1))}**", text)
    return _DETAILS_LINE_RE.sub("", text)


# "Update: #5 is not a bug, the default already does this", "**Update:** … Please ignore #5.",
# "Edit: item 3 is withdrawn": a later note taking an item back by its number.
# (On the lower-cased text; the "\n" leads, a literal the engine scans for fast.)
_NOTE_LINE_RE = re.compile(
    # (The lookahead turns most lines away at their first letter: the scan runs per line.)
    r"\n(?=[ \t>*_(\[#]*[uecnarps])[ \t>*_(\[#]*(?:update|edit|corrections?|errat(?:um|a)|note"
    r"|clarification|addendum|reviewer|(?:second[ \t]+)?pass(?:[ \t]+\d)?)\b"
)
_NUMBER_WITHDRAWN_RE = re.compile(
    r"(?:#|\(|\b(?:item|issue|finding|failure|defect|number|no\.)[ \t]*#?)(\d{1,3})\b[*_)]*[ \t]+"
    # ("Issue 5 is therefore withdrawn", "failure #4 turned out to be a false positive")
    r"(?:is|was|turned[ \t]+out[ \t]+to[ \t]+be)[ \t]+(?:(?:therefore|hereby|now|also)[ \t]+)?(?:not[ \t]+an?[ \t]+(?:real[ \t]+)?(?:bug|issue|failure|defect|problem|error"
    r"|finding)|withdrawn|retracted|a[ \t]+false[ \t]+positive|invalid|fine[ \t]+after[ \t]+all)\b"
    r"|\b(?:ignore|disregard|strike|withdraw|retract)[ \t]+(?:(?:item|issue|finding|point)[ \t]+#?|#)"
    r"(\d{1,3})\b"
)  # (on the lower-cased text)


_PAREN_NUMBER_RE = re.compile(r"\((\d{1,3})\)[ \t]")  # "(3) `StorageEncrypted` is not set …"


# "#2 should be Medium, not High", "Item 4 should be High, not Medium": a later correction of an
# item's level, by its number (on the lower-cased text).
_LEVEL_CORRECTION_RE = re.compile(
    r"(?:(?:#|\b(?:item|issue|finding|failure|number|no\.)[ \t]*#?)(\d{1,3})\b"
    # "the first item (missing KMS permissions …) should be Critical, not High"
    rf"|\bthe[ \t]+({'|'.join(_ORDINALS)})[ \t]+"
    r"(?:item|issue|finding|failure|problem)\b)[^.]{0,100}?"  # (a wrapped line too)
    rf"\bshould[ \t]+(?:be|have[ \t]+been)[ \t]+(?:rated[ \t]+|an?[ \t]+)?[*_]*({_LEVEL_ALT})\b"
    rf"[*_]*,?[ \t]+not[ \t]+[*_]*(?:{_LEVEL_ALT})\b"
)
# Its tail alone: a literal-led pattern re scans for fast, so the full pattern (whose many-way
# head is tried at every position) runs only on the rare document that holds a correction.
_LEVEL_CORRECTION_TAIL_RE = re.compile(
    rf"should[ \t]+(?:be|have[ \t]+been)[ \t]+(?:rated[ \t]+|an?[ \t]+)?[*_]*(?:{_LEVEL_ALT})\b"
    rf"[*_]*,?[ \t]+not[ \t]+[*_]*(?:{_LEVEL_ALT})\b"
)


_REGRADE_RE = re.compile(rf"grading[ \t]+#(\d{{1,3}})[ \t]+to[ \t]+[*_]*({_LEVEL_ALT})\b")


def _reference_number(doc: _Doc, item: _Item) -> str | None:
    """The number a note refers to an item by: its heading's or bold title's ("### 3. …"),
    else its list entry's ("3. **Title** …")."""
    number = _item_number(doc, item) or _list_number(doc, item)
    if number is None and item.kind == "table":
        # "| 4 | 🟠 | `pulumi.String(…)` … |": the row's number, in its first cell
        first = _row_key(doc.lines[item.line])
        number = first if first.isdigit() and len(first) <= 3 else None
    return str(int(number)) if number and number.isdigit() else number


# "Gap 2: …", "Issue #3 — …": the word an item is numbered with, and its number.
_WORDED_NUMBER_RE = re.compile(
    r"[\W_]*(problem|issue|fix|flaw|finding|failure|item|error|defect|gap)[ \t]*#?[ \t]*(\d{1,2})\b",
    re.I,
)


# "P1 = critical", "P1: Critical", "P1 (critical)": a legend starting its scale at P1.
_P1_CRITICAL_RE = re.compile(r"\bp1[*_]*[ \t]*(?:=|:|-|–|—|\()[ \t]*[*_]*critical\b")
_P_LABEL_RE = re.compile(
    r"(?:priority|severity|impact|impact level|risk|level)[*_]*[ \t]*:[*_ \t]*p([1-4])\b"
)
_P_WORD_RE = re.compile(r"(?<![\w-])[Pp]([1-4])(?=s?\b)(?![-=])")  # ("two P1s")
# "### 1. **kubectl Layer Not Provided** `[P1]`": the priority tagged on a title.
_P_LEAD_TAG_RE = re.compile(
    rf"[\W\d]*?(?:{_ITEM_NUMBER_RE.pattern}[ \t]*)?[\[(][ \t]*[Pp]([1-4])[ \t]*[\])]"
    r"[ \t:—–-]*",
    re.I,
)
_P_CELL_RE = re.compile(r"\|[ \t*_`]*[Pp]([1-4])[ \t*_`]*(?=\|)")
_P_SECTION_RE = re.compile(r"[\W\d]*?[Pp]([1-4])\b(?![-=])")
# ("1) Transit encryption disabled - P1": the same, after a dash.)
_P_TAG_RE = re.compile(
    r"(?:[ \t]*`?[\[(][ \t]*[Pp]([1-4])[ \t]*[\])]`?|[ \t]+[-–—:][ \t]*[Pp]([1-4]))[ \t.]*$"
)


def _p_level(m: re.Match[str]) -> str:
    """The level a P-tag match names on a scale whose P1 is Critical ("P2" is High): its
    first group that matched holds the number."""
    return SEVERITIES[int(next(g for g in m.groups() if g)) - 1]


# "What went wrong in this response:" alone between blank lines: a plain-text section's title.
_PLAIN_LEAD_RE = re.compile(r"(?m)(?<=\n\n)([A-Z][^:\n]{2,80}):[ \t]*(?=\n\n)")


def _promote_plain_leads(text: str) -> str | None:
    """The text with its plain lead lines written as headings ("## What went wrong in this
    response"), when one of them names what this response did wrong; else None."""
    leads = _PLAIN_LEAD_RE.findall(text)
    if not any(_OBSERVED_SECTION_RE.search(lead) for lead in leads):
        return None
    return _PLAIN_LEAD_RE.sub(lambda m: "## " + m.group(1), text)


def _worded_number(doc: _Doc, item: _Item) -> str | None:
    """The word and number a heading or bold item is numbered with ("#### Gap 2: …" gives
    "gap 2"), else None."""
    if item.kind == "heading":
        text = doc.headings[item.heading][2]
    elif item.kind == "bold":
        text = doc.lines[item.line]
    else:
        return None
    m = _WORDED_NUMBER_RE.match(text)
    # ("## F1 — Role trust …" answers to the row "| F1 | Critical |")
    return f"{m.group(1).lower()} {int(m.group(2))}" if m else _id_key(text)


_QUOTED_TITLE_RE = re.compile(r"[\"“]([^\"“”\n]{4,120})[\"”]")
_TAKES_BACK_RE = re.compile(
    r"\b(?:disregard(?:ed)?|withdrawn?|retract(?:ed)?|ignored?|not\s+a\s+real\s+(?:failure|issue)"
    r"|not\s+an?\s+(?:failure|issue|bug|defect))\b"
)


def _corrected_levels(doc: _Doc, notes: list[tuple[int, int]]) -> dict[str, str]:
    """The levels a later note corrects, by item number ("#2 should be Medium, not High",
    "Reviewer's addendum: … upgrading #1 to High")."""
    low = doc.low
    found: dict[str, str] = {}
    for start, end in notes:
        for m in _REGRADE_RE.finditer(low, start, end):
            if level := _level(m.group(2)):
                found[str(int(m.group(1)))] = level
    if "should" not in low or not _LEVEL_CORRECTION_TAIL_RE.search(low):
        return found
    for m in _LEVEL_CORRECTION_RE.finditer(low):
        level = _level(m.group(3))
        if level and m.group(1):
            found[str(int(m.group(1)))] = level
        elif level:
            found[f"@{_ORDINALS.index(m.group(2)) + 1}"] = level  # (by position: "@1")
    return found


def _late_notes(low: str) -> list[tuple[int, int]]:
    """Where the notes are that may take items back or regrade them, as (start, end) offsets
    in the lower-cased text: a paragraph a label opens ("Update:", "**Note:**", "Reviewer's
    addendum: …", "- Not reproducible / dropped: …"), or a section so headed ("## Pass 2",
    "## Reviewer's addendum"). One scan from each newline, no search of the whole text per
    word."""
    spans: list[tuple[int, int]] = []
    for m in _NOTE_LINE_RE.finditer(low):
        start = m.start() + 1
        if low[start] == "#":
            end = low.find("\n#", m.end())  # (the section, to the next heading; not "#1 …")
            while end >= 0 and low[end + 2 : end + 3] not in ("#", " "):
                end = low.find("\n#", end + 2)
        elif ":" in low[m.end() : m.end() + 60]:
            end = low.find("\n\n", m.end())  # ("Update:", not "updated the stack")
        else:
            continue
        spans.append((start, end if end >= 0 else len(low)))
    return spans


def _withdrawn_numbers(doc: _Doc, notes: list[tuple[int, int]]) -> set[str]:
    """The item numbers a later note takes back ("Update: #5 is not a bug …", "#4 was my
    misreading — dropping it", "Not reproducible / dropped: #4, #5"), and the titles it quotes
    when it takes them back by name ('Correction: the "Provider Version Not Pinned" point
    should be disregarded'), lower-cased."""
    low = doc.low
    numbers: set[str] = set()
    for start, end in notes:
        for n in _NUMBER_WITHDRAWN_RE.finditer(low, start, end):
            numbers.add(str(int(n.group(1) or n.group(2))))
        paragraph = low[start:end]
        if _TAKES_BACK_RE.search(paragraph):
            numbers.update(q.strip(" .") for q in _QUOTED_TITLE_RE.findall(paragraph))
        if "misread" in paragraph or "dropping" in paragraph:
            numbers.update(
                str(int(m.group(1) or m.group(2))) for m in _MISREAD_RE.finditer(paragraph)
            )
        at = paragraph.find("dropped")
        while at >= 0:
            # "- Not reproducible / dropped: #4 (…),\n  #5 (…)", "Dropped: 4 — …".
            m = _DROPPED_LINE_RE.match(paragraph, paragraph.rfind("\n", 0, at) + 1)
            at = paragraph.find("dropped", at + 7)
            if m is not None:
                listed = m.group(1)
                numbers.update(str(int(n)) for n in _HASH_NUMBER_RE.findall(listed))
                if (lead := _LEAD_NUMBER_RE.match(listed)) is not None:
                    numbers.add(str(int(lead.group(1))))
    return numbers


_MISREAD_RE = re.compile(
    r"#(\d{1,3})[ \t]+(?:was|is)[ \t]+(?:my[ \t]+|a[ \t]+)?misread(?:ing)?\b"
    r"|\bdropping[ \t]+#(\d{1,3})\b"
)
_DROPPED_LINE_RE = re.compile(
    r"[ \t>*_-]*(?:[a-z][a-z ]{0,24}/[ \t]*)?dropped\b[^:\n]{0,40}:[*_]*[ \t]*([^\n]*(?:\n[ \t]+\S[^\n]*)*)"
)
_HASH_NUMBER_RE = re.compile(r"#(\d{1,3})\b")
_LEAD_NUMBER_RE = re.compile(r"(\d{1,3})\b(?![.)/])")


_SELF_RETRACTED_RE = re.compile(
    r"\b(?:ignore|disregard|drop|scratch)\s+this\s+one\b|\bscratch\s+that\b|\bmy\s+bad\b"
    # "5. Not a failure, but worth noting: the model correctly used …"
    r"|^[\W\d_]*not\s+an?\s+(?:failure|issue|problem|defect|bug)\b",
    re.I,
)


_UNWRITTEN_RE = re.compile(
    r"[*_\s(\[]*(?:to\s+be\s+(?:completed|written|added|done|filled(?:\s+in)?)|todo|tbd|tba"
    r"|coming\s+soon|wip|placeholder)\b",
    re.I,
)


def _unwritten(doc: _Doc, item: _Item) -> bool:
    """Whether a heading item's body is only a placeholder ("_To be completed …_", "TODO"):
    a section left unwritten, not a failure."""
    body = [
        line
        for i in range(item.line + 1, min(item.end, item.line + 12))
        if (line := doc.lines[i].strip()) and line.rstrip(" \t") not in ("---", "***", "___")
    ]
    return len(body) == 1 and len(body[0]) < 120 and _UNWRITTEN_RE.match(body[0]) is not None


_FELL_SHORT_PART_RE = re.compile(
    r"[\W_]*(?:where\s+the\s+model\s+fell\s+short|what\s+went\s+wrong|issues?|problems?"
    r"|failures?|shortcomings?)\W*$",
    re.I,
)
# ("- None.", "- None found. The model enabled …", "- No issues found.")
_NONE_LINE_RE = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?[*_]*(?:none(?:[ \t]+(?:found|identified|observed))?"
    r"|no[ \t]+(?:issues?|problems?|defects?)[ \t]+(?:found|identified|observed))\b[*_]*[ \t]*"
    r"(?:[.;:,—–-]|$)",
    re.I,
)


def _nothing_fell_short(doc: _Doc, item: _Item) -> bool:
    """Whether a heading item's part that tells what went wrong ("### Where the Model Fell
    Short:") says "None": the topic was checked and passed."""
    headings = doc.headings
    k = item.heading
    for j in range(k + 1, len(headings)):
        line_no, _, text = headings[j]
        if line_no >= item.end:
            return False
        if doc.parents[j] == k and _FELL_SHORT_PART_RE.match(text):
            for i in range(line_no + 1, min(item.end, line_no + 6)):
                if doc.lines[i].strip():
                    return _NONE_LINE_RE.match(doc.lines[i]) is not None
            return False
    return False


_SAME_AS_RE = re.compile(
    r"\(?(?:same\s+as|duplicate\s+of|as\s+in)\s+(?:#|(?:item|issue|failure|finding)\s+#?)\d", re.I
)
_SCORE_TITLE_RE = re.compile(
    r"[\W_]*(?:training\s+(?:quality|value)|(?:quality\s+)?score|rating)\b[^:\n]{0,20}:[*_ \t]*"
    r"\d{1,2}(?:\.\d)?[*_ \t]*(?:/[ \t]*10|out\s+of\s+10|of\s+10)?[*_ \t.]*$",
    re.I,
)
# A list entry pointing back at an item told above: "(see item 2)", "(same as #3)".
_SEE_AFTER_RE = re.compile(
    r"[—–,;:-][ \t]*(?:(?:confirmed|valid|real)[ \t]*[,;:—–-]?[ \t]*)?see[ \t]+"
    r"(?:problem|issue|item|failure|finding|#)[ \t]*#?[A-Za-z0-9]{1,3}\W*$",
    re.I,
)
_SEE_ITEM_RE = re.compile(
    r"\((?:see|same\s+as|as\s+in|cf\.)\s+(?:#|(?:item|issue|failure|finding)\s+#?)\d{1,3}\)[.\]]?$",
    re.I,
)
# ("- **NOTE**: The model uses a customer managed key. No issue here; …", "* **Verdict:** No
# issue here")
_NO_PROBLEM_HERE_RE = re.compile(
    r"(?:^|[.!?;][ \t]+)[>\s*_+-]*(?:(?:note|verdict|status|result|assessment)[*_]*[ \t]*:[\s*_]*)?"
    r"(?:\u2705\ufe0f?[\s*_]*)?no\s+(?:problem|issue|failure|defect)s?\s+here\b",
    re.I | re.M,
)
_PASSED_VERDICT_RE = re.compile(
    r"[*_]*verdict[*_]*[ \t]*:[*_ \t]*(?:[\u2705\u2714\u2713]\ufe0f?[ \t]*)?(?:pass|ok\b|met\b)"
)
_PASSED_STATUS_RE = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?[*_]*status[*_]*[ \t]*:[*_ \t]*(?:[\u2705\u2714\u2713]\ufe0f?[ \t]*)?"
    r"(?:ok|pass(?:ed)?|met|correct|compliant)\b"
)
_AVOIDED_STATUS_RE = re.compile(
    r"(?m)^[ \t]*(?:[-*+][ \t]+)?[*_]*status(?:[ \t]+in[ \t]+(?:the[ \t]+|this[ \t]+)?"
    r"(?:model(?:'s)?[ \t]+|model_)?response)?[*_]*[ \t]*:[*_ \t]*avoided\b",
    re.I,
)
_STATUS_LABEL_RE = re.compile(r"[ \t]*(?:[-*+][ \t]+)?[*_]*status[*_]*[ \t]*:")
_PASSED_SAID_RE = re.compile(
    r"\bno\s+change\s+(?:was\s+|is\s+)?(?:needed|required)\b|\bmatches\s+(?:the\s+)?ideal"
)
_PASSED_NOTE_RE = re.compile(
    r"^[\W_]*(?:matches|passe[sd]|pass|as expected|ok|fine|no issue)\b", re.I | re.M
)


# "Expected: X" / "Actual: X": a check, which passed when the two are the same.
_ACTUAL_LABEL_RE = re.compile(r"^[\W_]*actual[*_]*[ \t]*:", re.I | re.M)


def _item_text(doc: _Doc, item: _Item) -> str:
    """The first lines of an item's body ("Expected: …", "Actual: …", "Matches."), outside
    fenced blocks (a quoted "OK" in the model's output is no note on the item)."""
    fenced = doc.fenced
    end = min(item.end, item.line + 30)
    return "\n".join(
        line
        for i, line in enumerate(doc.lines[item.line + 1 : end], item.line + 1)
        if not fenced[i]
    )


def _takes_itself_back(line: str) -> bool:
    """Whether an entry's own line takes it back ("… wait, no, it's 7. ignore this one, my
    bad.")."""
    low = line.lower()
    return (
        "this one" in low or "my bad" in low or "scratch that" in low or "not a" in low[:24]
    ) and _SELF_RETRACTED_RE.search(low) is not None


def _withdrawn(doc: _Doc, item: _Item) -> bool:
    """Whether an item is taken back: by its text ("This is not a failure.") or its title
    ("Schedule *(withdrawn)*", "~~Flow logs~~", "3. **Missing wrappers**: Retracted — …")."""
    upper = item.title.upper()
    return (
        item.withdrawn
        or (
            (
                "(" in item.title
                or "[" in item.title
                or "~~" in item.title
                or "ITHDRAWN" in upper
                or "ETRACTED" in upper
                or "ISMISSED" in upper
                or "EVERTED" in upper
                or "BETTER" in upper
                or "CONTINUED" in upper
                or "SCRATCH" in upper
                or "ALARM" in upper
                or "(SEE " in upper
                or "POSITIVE" in upper
            )
            and _WITHDRAWN_TITLE_RE.search(item.title) is not None
        )
        or (item.inline[:1] in ("(", "[") and _WITHDRAWN_TITLE_RE.match(item.inline) is not None)
        # "3. **Missing wrappers**: Retracted — they were present"
        or (
            item.inline[:2] in _WITHDRAWN_LEADS
            and _WITHDRAWN_LEAD_RE.match(item.inline) is not None
        )
        # "3. `backup_retention_period` left at 0 — wait, no, it's 7. ignore this one, my bad."
        or (item.kind == "list" and _takes_itself_back(doc.lines[item.line]))
        # "**Re-review note**: This turned out not to be a model failure. … not counted
        # against the model."
        or (
            # (a find over the document first: the item's text is joined only where needed)
            doc.mentions(
                "turned out", "against the model", "be counted", "counting it", "actually a"
            )
            and _TURNED_OUT_FINE_RE.search(_item_text(doc, item)) is not None
        )
        or (
            item.kind == "bold"
            and "ithdrawn" in doc.lines[item.line]
            # "**6. Missing access logging** *(withdrawn)*": the mark after the title
            and _WITHDRAWN_TITLE_RE.search(_clean_inline(doc.lines[item.line])) is not None
        )
    )


_TURNED_OUT_FINE_RE = re.compile(
    r"\bturned\s+out\s+(?:not\s+to\s+be|to\s+not\s+be)\s+an?\s+(?:model\s+)?"
    r"(?:failure|defect|bug|issue|problem|mistake|error)\b"
    r"|\b(?:is|was)\s+not\s+counted\s+against\s+the\s+model\b"
    # ("… so I am not counting it as a failure.", "… but it should not be counted.")
    r"|\bnot\s+counting\s+(?:it|this(?:\s+one)?)\s+(?:as\s+an?\s+(?:failure|defect|issue|problem)"
    r"|against\s+the\s+(?:model|response))\b"
    r"|\bnot\s+actually\s+an?\s+(?:failure|defect|issue|problem)\b[\s\S]{0,240}?"
    r"\b(?:should|will|is)\s+not\s+be\s+counted\b"
    # ("On re-checking, the model does set it. This is not actually a failure; …")
    r"|\b(?:this|it)\s+is\s+not\s+actually\s+a\s+(?:model\s+)?failure\b",
    re.I,
)
_WITHDRAWN_LEADS = frozenset(
    ("Re", "RE", "re", "Wi", "WI", "wi", "**", "*W", "*R", "__", "_W", "_R", "Fa", "fa", "FA")
) | {f"{dash} " for dash in "—–-:"}
_MATCHES_IDEAL_TITLE_RE = re.compile(
    r"\b(?:model|response)\s+(?:fully\s+|exactly\s+)?match(?:es|ed)\s+the\s+(?:ideal|reference)\b",
    re.I,
)
# ("Good: Stream Retention Period", "(Good) Storage encryption and backups are correct.")
_PRAISE_LED_TITLE_RE = re.compile(
    r"(?:(?:good|nice|correct)[ \t]*[:—–]|\((?:good|ok|correct|fine|passed?)\))[ \t]*\S", re.I
)
# A quoted line opening an item ("> **Issue 1** — …", "> ### 2. …"); a quote's mark is
# `_QUOTE_MARK_RE`.
_QUOTED_ITEM_RE = re.compile(r"\n>[ \t]*(?:\*\*|__|#{2,6}[ \t])[^\n]*\d")


# A level closing a title: "(CRITICAL)", "[High]", "(Severity: Major)", "- Medium Severity".
_LEVEL_TAIL_RE = re.compile(
    rf"[ \t]*(?:{_BRACKETED_LEVEL}"
    rf"|[ \t]+[—–-][ \t]+({_LEVEL_ALT})(?:[ \t]+(?:severity|priority|impact))?"
    rf"|(?<=[.!?)`])[ \t]+({_LEVEL_ALT})\.)[ \t*_]*$",  # ("… instead of `index.html`. Minor.")
    re.I,
)
# (How such a tail can end, a check before the search: a bracket, "… severity", a level word.)
_LEVEL_TAIL_ENDS = frozenset(")]*_.yYtT" + "lhmwregsLHMWREGS")
# "Flaw 4 — …": an entry's item word and number, before its text.
_ITEM_WORD_LEAD_RE = re.compile(rf"{_ITEM_NUMBER_RE.pattern}[ \t]*[—–:-][ \t]+(?=\S)", re.I)
_ALL_OF_LEVEL_RE = re.compile(
    r"\b(?:all|each)[ \t]+(?:of[ \t]+(?:them|these|the[ \t]+(?:rest|remaining[ \t]+\w+))[ \t]+)?"
    rf"(?:are|is|were|was)[ \t]+(?:rated[ \t]+)?[*_]*({_LEVEL_ALT})\b(?![ \t-]+(?:availability|level))"
)
_ESCAPED_NUMBER_RE = re.compile(r"\d{1,3}\\[.)][ \t]+(?=\S)")
_PLACEHOLDER_STARTS = frozenset("<*_` \t.…")
# A template's blank left unfilled: "<short title>", "_TBD_", "TODO", "fill in".
_PLACEHOLDER_RE = re.compile(
    r"[*_`\s]*(?:<[^<>\n]*>|tbd|todo|tba|fill(?:\s+(?:in|me))?|\.\.\.|…)[*_`\s.:]*\Z",
    re.I,
)


def _parse(text: str) -> Analysis:
    analysis = Analysis()
    text, front = _front_matter(_unquote_lists(_unfold(_unwrap(text))))
    doc = _Doc(text)
    if not doc.headings and "in this" in doc.low and _is_hypothetical(doc):
        # "Why a model might fail this task:" … "What went wrong in this response:" in plain
        # text: its lead lines are its sections, the observed one kept apart from the guide.
        promoted = _promote_plain_leads(text)
        if promoted is not None:
            text, doc = promoted, _Doc(promoted)
    excluded, failing = _section_flags(doc)
    items = _find_items(doc, excluded, failing)
    if "\n>" in text and len(items) < 2 and len(_QUOTED_ITEM_RE.findall(text)) >= 2:
        # "> **Issue 1** — Artifact bucket uses SSE-S3" then "> Severity: Medium": items told
        # wholly inside quotes are read as if unquoted (when that finds more).
        unquoted = _Doc(_QUOTE_MARK_RE.sub("", text))
        flags = _section_flags(unquoted)
        found = _find_items(unquoted, *flags)
        if len(found) > len(items):
            doc, (excluded, failing), items = unquoted, flags, found
    # "Severity scale: P1 = Critical, P2 = High, …": the document's own scale, one step above
    # the usual P0-P3 one, for its items and its counts alike.
    shifted = "p1" in doc.low and "p0" not in doc.low and bool(_P1_CRITICAL_RE.search(doc.low))
    if shifted:
        counted = _Doc(_P_WORD_RE.sub(_p_level, doc.text))
        _section_flags(counted)  # (its count sections are found by the words this sets)
        claimed, joint = _claimed_counts(counted, items)
    else:
        claimed, joint = _claimed_counts(doc, items)
    if not claimed and not joint:
        marked = _mark_counts(doc)  # "Count by level: 🔴 2 · 🟠 2" beside a mark legend
        claimed = {level: marked[level] for level in SEVERITIES if level in marked}
    # A summary's per-item levels are looked for only where a summary claims counts, a table
    # numbers its rows or a level list names items by number (finding one costs a pass).
    numbers: Counter[str | None] | None = None  # the heading items' numbers, counted
    row_levels: dict[str, str] | None = (
        None
        if claimed
        or joint
        or _ROW_KEY_HEADER_RE.search(doc.low) is not None
        or _NUMBERED_LEVEL_HINT_RE.search(doc.count_low())
        else {}
    )
    # "| No environment protection | Medium |", "### High Severity Issues" over "1. Weak
    # security groups": a summary's level for the item it names by title.
    titled_rows = (
        {id(items[n]): level for n, level in _titled_row_levels(doc, items).items()}
        if items and not any(it.kind == "table" for it in items)
        else {}
    )
    # "### 1. API authorisation (from the list above)" over "**Severity:** Critical": the
    # level a detail section gives an item listed bare.
    for n, level in _detail_heading_levels(doc, items).items():
        titled_rows.setdefault(id(items[n]), level)
    numbered_rows = (
        _numbered_row_levels(doc) if items and not any(it.kind == "table" for it in items) else {}
    )
    if numbered_rows:
        # (Only numbers one item answers to: "Gap 1" and a later list's "1." both do not.)
        # ("| Gap 2 – … |" names "#### Gap 2: …" by its word, beside "### Issue 2: …".)
        answering = Counter(_reference_number(doc, it) for it in items)
        answering.update(worded for it in items if (worded := _worded_number(doc, it)))
        numbered_rows = {n: level for n, level in numbered_rows.items() if answering[n] == 1}
    # Per heading item, its category's level; None when no heading holds a level word.
    category_levels: dict[int, str | None] | None = {}
    legend: dict[str, str] | None = None  # category letter -> level, read when first needed
    marks: dict[str, str] | None = None  # colour mark -> level, read when first needed
    # Enhancement-only items (their failures' ids, with their mismatch problems), dropped
    # when other items tell a fault.
    enhancements: dict[int, Problem | None] = {}
    notes = _late_notes(doc.low)
    item_heads: set[int] | None = None  # the headings that are items themselves
    taken_back = _withdrawn_numbers(doc, notes)
    verdicts = doc.mentions("verdict")  # ("Verdict: ✅ pass" under a heading)
    statuses = doc.mentions("status")  # ("- **STATUS**: OK — …" under a heading)
    corrected = _corrected_levels(doc, notes)
    for number, item in enumerate(items, 1):
        if taken_back and (
            _reference_number(doc, item) in taken_back
            or item.title.lower() in taken_back
            or ((ref := _PAREN_NUMBER_RE.match(item.title)) and ref.group(1) in taken_back)
        ):
            continue  # "Update: #5 is not a bug", "Update: (3) is not a bug": withdrawn later
        mismatch = None
        failure = Failure(title=item.title)
        titled = None  # the level the title says, if any; a severity label beats it
        if item.kind == "heading":
            section_k = doc.parents[item.heading]
            # (The title is cut from the heading's text: no level word there, none in it.)
            heading_text = doc.headings[item.heading][2]
            titled = _heading_level(item.title) if _may_say_level(heading_text) else None
            if titled is None:
                # "## Critical Issue 1: Title": the level word leads the item word.
                m = _LEVEL_ITEM_RE.match(heading_text)
                titled = _level(m.group(1) or m.group(2)) if m else None
            if titled is None and item.level:
                titled = item.level  # ("Observed in this response: Yes — Critical", read)
        elif item.kind == "table" or item.level:
            section_k = item.heading
            item.own = item.level
        else:
            section_k = item.heading
            titled = _heading_level(item.title)
        _fill(doc, item, failure)
        if item.split is not None:
            # A second complete block under one numbered heading (a heading lost in an edit:
            # the numbers run "### 3.", "### 3." or "### 6.", "### 8."): a second failure.
            (start, issue), item.split = item.split, None
            part = _Item(start, _block_title(doc, start, issue) or item.title, item.heading, "bold")
            part.end, item.end = item.end, start
            items.insert(number, part)  # (read next)
            failure = Failure(title=item.title)
            _fill(doc, item, failure)
        if _withdrawn(doc, item):
            continue  # "This is not a failure.", "Schedule *(withdrawn)*", "~~Flow logs~~"
        if item.own is None and item.mark:
            if marks is None:
                marks = _mark_legend(doc)
            item.own = marks.get(item.mark)  # "Severity: 🟠" beside "🟠 high" in the legend
        if corrected:
            # "Errata: #2 should be Medium, not High", "the first item … should be Critical"
            ref = _reference_number(doc, item)
            level = corrected.get(ref or "") or corrected.get(f"@{number}")
            item.own = level or item.own
        snippet = failure.model_snippet.lstrip("-*_ ")
        if not item.fix and snippet[:2].lower() == "no" and _NONE_FOUND_RE.match(snippet.lower()):
            continue  # "**Issue:** No specific performance issues identified."
        if (
            failure.title[:1] in _PLACEHOLDER_STARTS or len(failure.title) <= 8
        ) and _PLACEHOLDER_RE.match(failure.title):
            continue  # "### Failure 1: <short title>", "- _TBD_": a template's blank, no failure
        if item.met and item.kind in ("heading", "bold"):
            continue  # "**Model status:** **Meets core requirement**": checked, not failed
        if item.kind == "heading" and (_unwritten(doc, item) or _nothing_fell_short(doc, item)):
            # "## 4. Observability" over "_To be completed after the review._"; "## 3. Health
            # Checks" over "### Where the Model Fell Short:" and "- None. The path matches."
            continue
        if item.kind == "list" and _PRAISE_HEAD_RE.match(failure.title) is not None:
            continue  # "- **Good:** Multi-AZ and encryption are right": praise among the bullets
        if "atch" in failure.title and _MATCHES_IDEAL_TITLE_RE.search(failure.title) is not None:
            continue  # "### 4. Tagging: Here the Model Matches the Ideal": praise in its place
        if (
            failure.title[:1] in "GgNnCc("
            and _PRAISE_LED_TITLE_RE.match(failure.title) is not None
            # (a "Correct: …" title over its own level label is a failure's name)
            and not (failure.title[:1] in "Cc" and item.own is not None)
        ):
            continue  # "**Good: Stream Retention Period**" over "… matches. No change needed."

        if item.kind == "list" and _SCORE_TITLE_RE.match(failure.title) is not None:
            continue  # "Training quality: 5/10" after a plain list: the score, read as such
        if item.inline[:1] in "SsDdAa(" and _SAME_AS_RE.match(item.inline) is not None:
            continue  # "- **Event Wiring**: Same as #4 — no notifications": told already
        if item.kind == "list" and item.title[-1:] in ").]" and _SEE_ITEM_RE.search(item.title):
            continue  # "- Redis reachable from the internet (see item 2).": told already
        if item.kind == "list" and "see " in item.title and _SEE_AFTER_RE.search(item.title):
            continue  # "3. Lambda timeout too short — CONFIRMED, see Problem A.": told below
        if item.kind == "list" and item.title[:6].lower().lstrip("*_ ").startswith("recap"):
            continue  # "- Recap only: the backup gap (item 2) and …": told already
        if (
            item.kind == "heading"
            and verdicts
            and _PASSED_VERDICT_RE.match(doc.low_intro(item.heading).strip()) is not None
        ):
            continue  # "#### aws_vpc.main" over "Verdict: ✅ pass": a resource that passed
        if (
            item.kind == "heading"
            and statuses
            and (
                _PASSED_STATUS_RE.match(intro := doc.low_intro(item.heading)) is not None
                # "### 3.2 Error Handling — OK" over "- **STATUS**: … matches IDEAL_RESPONSE;
                # no change needed."
                or (_STATUS_LABEL_RE.match(intro) is not None and _PASSED_SAID_RE.search(intro))
            )
        ):
            continue  # "### 1.2 Stack Props" over "- **STATUS**: OK — defined as the ideal"
        if (
            item.kind == "heading"
            and doc.mentions("avoided")
            and _AVOIDED_STATUS_RE.search(_item_text(doc, item)) is not None
        ):
            # "**Failure Scenario**: …" then "**Status in model response**: Avoided.": a
            # checklist's pitfall this response did not fall into
            continue
        if (
            item.kind in ("heading", "list")
            and doc.mentions(
                "no problem here", "no issue here", "no failure here", "no defect here"
            )
            and _NO_PROBLEM_HERE_RE.search(
                _item_text(doc, item)
                if item.kind == "heading"
                # ("3. Private DNS on Interface Endpoints" over "No issue here. The model …":
                # a plain entry's first line says it)
                else (doc.lines[item.line + 1] if item.line + 1 < len(doc.lines) else "")
            )
            is not None
        ):
            continue  # "> ✅ *No problem here — the model configured the backend as required.*"
        if (
            len(failure.model_snippet) > 8
            and failure.model_snippet == failure.ideal_fix
            and _ACTUAL_LABEL_RE.search(_item_text(doc, item)) is not None
        ) or (item.own == "None" and _PASSED_NOTE_RE.search(_item_text(doc, item)) is not None):
            continue  # "Expected: X / Actual: X / Severity: n/a … Matches.": a check it passed
        if item.own is None:
            item.own = titled
        if (
            titled is not None
            and failure.title[:1] in "[("
            and (tag := _LEADING_LEVEL_TAG_RE.match(failure.title)) is not None
            and failure.title[tag.end() - 1 : tag.end()].isspace()
        ):
            # "1. [Critical] Bucket public", "Issue 2 (Critical): RDS public": its level, read
            failure.title = failure.title[tag.end() :]
        if (
            failure.title[-1:] in _LEVEL_TAIL_ENDS
            and (tail := _LEVEL_TAIL_RE.search(failure.title)) is not None
            and tail.start() > 8
            and _level(tail.group(1) or tail.group(2) or tail.group(3)) in (item.own, titled)
        ):
            # "Module System Mismatch (CRITICAL)", "NAT Gateway Per AZ - High Severity": the
            # level it was read from, told again at the end, is no part of the title
            failure.title = failure.title[: tail.start()]
        if item.kind == "list" and (lead := _ITEM_WORD_LEAD_RE.match(failure.title)) is not None:
            failure.title = failure.title[lead.end() :]  # ("- Flaw 4 — `price_class` left at …")
        if failure.title[:1].isdigit() and (escaped := _ESCAPED_NUMBER_RE.match(failure.title)):
            # "### 1\. network.ts — VPC": a number whose dot an editor escaped (the heading is
            # not read as numbered, which would make a document's component outline items).
            failure.title = failure.title[escaped.end() :]
        if item.own is None and item.kind == "heading":
            # "| 2 | Missing MFA delete | Critical |" in a summary table: item 2's own level.
            if row_levels is None:
                row_levels = _row_levels(doc)
            if row_levels:
                if numbers is None:
                    numbers = Counter(_item_number(doc, it) for it in items if it.kind == "heading")
                number = _item_number(doc, item) or ""
                # (Numbering that starts again in each section names no row by number.)
                item.own = row_levels.get(number) if numbers[number] < 2 else None
        if item.own is None and titled_rows:
            item.own = titled_rows.get(id(item))
        if item.own is None and numbered_rows:
            # "| 3 | Critical |" under "| Flaw | Severity |": the row naming it by number
            worded = _worded_number(doc, item)
            item.own = (
                (numbered_rows.get(worded) if worded else None)
                or numbered_rows.get(_reference_number(doc, item) or "")
                or None
            )
        if item.fix:
            failure.ideal_fix = item.fix
        if item.kind != "heading" and section_k >= 0:
            if item_heads is None:
                item_heads = {it.heading for it in items if it.kind == "heading"}
            if section_k in item_heads:
                # "**3. [LOW] No Root Object**" after "### 2. [MEDIUM] …": a sibling of that
                # heading item, in the section above it, not one of its parts.
                section_k = doc.parents[section_k]
        section_level = None
        k = level_k = section_k
        while k >= 0 and section_level is None:
            section_level = _heading_level(doc.headings[k][2])
            level_k, k = k, doc.parents[k]
        if (
            section_level is None
            and section_k >= 0
            and item.kind != "heading"
            and "all" in (intro := doc.low_intro(section_k))
            and (said := _ALL_OF_LEVEL_RE.search(intro)) is not None
        ):
            # "## Remaining Issues" over "The rest were small. All of them are minor; they are
            # tabulated below.": the section's level, said of its entries as a whole
            section_level = _level(said.group(1))
        if section_level is None and item.kind == "heading" and category_levels is not None:
            if not category_levels and not any(w & _ANY_LEVEL for w in doc.words):
                category_levels = None  # (no category can say a level)
            else:
                section_level = _category_level(doc, item.heading, category_levels)
        own = None if item.own == "None" else item.own
        failure.severity = own if item.own is not None else section_level
        if failure.severity is None and item.own is None:
            # "Fix 2: Wrong ARN (Category B)" beside a legend "Category B (Moderate): 3 fixes".
            if legend is None:
                legend = _category_legend(doc)
            if legend:
                failure.severity = _legend_level(legend, failure.title, failure.category)
        if (
            failure.severity is None
            and "/5" in (line := doc.lines[item.line])
            and (scaled := _FIVE_SCALE_SAID_RE.search(line)) is not None
        ):
            # "1. Origin bucket policy grants `*`. **Severity: 5/5**": out of five, five worst
            failure.severity = _FIVE_SCALE[int(scaled.group(1))]
            cut = _FIVE_SCALE_SAID_RE.search(failure.title)
            if cut is not None and cut.start() > 8:
                failure.title = failure.title[: cut.start()].rstrip(" *_—–-(.,;")
        if shifted:
            # "Priority legend: P1 = critical, P2 = high, …": the document's own scale, one
            # step above the usual P0-P3 one.
            # (The title's own tag first: a tally line closing the item's text, "Counted by
            # priority: P1 ×2, …", is no label of it.)
            line = _clean_inline(doc.lines[item.line])
            if (tagged := _P_TAG_RE.search(failure.title)) is not None:
                own = failure.severity = _p_level(tagged)
                failure.title = _clean_inline(failure.title[: tagged.start()])
            elif (led := _P_LEAD_TAG_RE.match(line)) is not None:
                # "### [P1] Queue policies missing", "**Issue 2 (P1): Aurora storage not
                # encrypted**": the tag before the title
                own = failure.severity = _p_level(led)
                if (cut := _P_LEAD_TAG_RE.match(failure.title)) is not None:
                    failure.title = failure.title[cut.end() :]
            elif (closing := _P_TAG_RE.search(line)) is not None:
                # "1. Storage - EFS File System Not Encrypted (P2)": the tag closing its line
                own = failure.severity = _p_level(closing)
            elif item.kind == "table" and (cell := _P_CELL_RE.search(line)) is not None:
                # "| 5 | Auto-created topics enabled | P3 | … |": the row's priority cell
                own = failure.severity = _p_level(cell)
            elif (said := _P_LABEL_RE.search(_item_text(doc, item).lower())) is not None:
                own = failure.severity = _p_level(said)
            if (
                level_k >= 0
                and (grouped := _P_SECTION_RE.match(doc.headings[level_k][2])) is not None
            ):
                # "## P1 Failures (Task Non-Completion)": the section's level by the same scale
                section_level = _p_level(grouped)
                if item.own is None and failure.severity is not None and own is None:
                    failure.severity = section_level
        opening = doc.headings[item.heading][2] if item.kind == "heading" else failure.title
        if item.own is None and not opening.isascii():
            # "🔴 Test listener not created", "### 🔴 1. Roles swapped" beside "Legend: 🔴
            # critical · 🟠 high".
            if marks is None:
                marks = _mark_legend(doc)
            if marks and (level := _mark_level(marks, opening)):
                failure.severity = level
        failure.section = _clean_inline(doc.headings[section_k][2]) if section_k >= 0 else ""
        failure.section_severity = section_level
        if (
            own
            and section_level
            and own != section_level
            # "## Medium/Low Enhancements" holds Low items as well as Medium ones.
            and own not in _joint_levels(doc.headings[level_k][2])
        ):
            mismatch = Problem(
                None,
                "severity_mismatch",
                f"item {number} ({failure.title!r}) is labelled {own} but sits in the "
                f"{section_level} section {failure.section!r}",
            )
            analysis.problems.append(mismatch)
        analysis.failures.append(failure)
        if item.enhancement and not (failure.model_snippet or failure.ideal_fix):
            enhancements[id(failure)] = mismatch
    if enhancements and any(f.model_snippet for f in analysis.failures):
        # "**Enhancement**: Expanded outputs …" beside items whose "**Issue**" tells a fault:
        # what was improved, not what was wrong.
        analysis.failures = [f for f in analysis.failures if id(f) not in enhancements]
        dropped = {id(p) for p in enhancements.values() if p is not None}
        analysis.problems = [p for p in analysis.problems if id(p) not in dropped]
    if doc.prose_claim and any(f.severity and f.severity not in claimed for f in analysis.failures):
        # "contained **9 critical issues**" over items labelled High and Medium: "critical"
        # there says how bad, not which level; items with no level of their own keep it.
        claimed = {}
    for failure in analysis.failures:
        if (
            failure.title[:1] in _MARKS
            and len(failure.title) > 3
            and failure.title[1:3].lstrip("\ufe0f")[:1] in (" ", "\t", "*", "_")
        ):
            # "🔴 Title", "🔴 **Title**": the mark's level is read, the title is the rest
            # (not "🔴000", a title that opens with the sign)
            failure.title = _clean_inline(_MARK_STRIP_RE.sub("", failure.title, count=1))
    analysis.score = _score(doc, items)
    analysis.knowledge_gaps = _gaps(
        doc, frozenset(item.heading for item in items if item.kind == "heading")
    )
    analysis.claimed_counts = claimed
    # What the front matter states counts where the body states nothing.
    if analysis.score is None and isinstance(score := front.get("score"), float):
        analysis.score = score
    if not analysis.knowledge_gaps and isinstance(gaps := front.get("knowledge_gaps"), list):
        analysis.knowledge_gaps = gaps
    if not claimed and not joint and isinstance(counts := front.get("claimed_counts"), dict):
        analysis.claimed_counts = counts
    _check(analysis, text, joint)
    return analysis


def _check(analysis: Analysis, text: str, joint: dict[str, int]) -> None:
    claims = analysis.claimed_counts
    if claims:
        found = Counter(f.severity for f in analysis.failures if f.severity)
        # "3 Medium/Low" claims the two levels' sum, not 0 of each (unless either has its own).
        joint = {
            levels: n for levels, n in joint.items() if not set(levels.split("/")) & claims.keys()
        }
        for levels in joint:
            first, second = levels.split("/")
            found[levels] = found.pop(first, 0) + found.pop(second, 0)
        claims = claims | joint
        keys = [s for s in (*SEVERITIES, *joint) if found.get(s) or s in claims]
        parsed = {s: found.get(s, 0) for s in keys}
        claimed = {s: claims.get(s, 0) for s in keys}
        if claimed != parsed:
            analysis.problems.append(
                Problem(
                    None,
                    "claimed_counts_mismatch",
                    f"the summary claims {_counts_text(claims)} but the items "
                    f"are {_counts_text(parsed)}",
                )
            )
    if not analysis.failures and text.strip():
        analysis.problems.append(
            Problem(None, "no_failures", "no failure items found in a non-empty analysis")
        )
    score = analysis.score
    if score is not None and not 0 <= score <= 10:
        analysis.problems.append(
            Problem(None, "score_out_of_range", f"score {score:g} is outside 0-10")
        )


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {s}" for s, n in counts.items()) or "none"


def check_score(analysis: Analysis, metadata_score: float | None) -> list[Problem]:
    """Compare the score a document states with the record's metadata score.

    Parameters
    ----------
    analysis : what `parse_analysis` returned for the record's document.
    metadata_score : the record's normalised metadata score, or None.

    Returns
    -------
    A one-element list with a ``score_mismatch`` problem when both scores are present and
    differ by more than 0.01, else an empty list.

    Examples
    --------
    >>> [p.kind for p in check_score(Analysis(score=6.0), 8.0)]
    ['score_mismatch']
    >>> check_score(Analysis(score=6.0), None)
    []
    """
    if analysis.score is None or metadata_score is None:
        return []
    if abs(float(analysis.score) - float(metadata_score)) <= 0.01:
        return []
    return [
        Problem(
            None,
            "score_mismatch",
            f"the analysis states score {analysis.score:g} but the metadata says "
            f"{metadata_score:g}",
        )
    ]


# --------------------------------------------------------------------------- rendering

_SECTION_NAMES = {level: f"{level} Failures" for level in SEVERITIES}
_UNRATED_SECTION = "Unrated Failures"
_NEEDS_ESCAPE = frozenset("#*_-+>|`~[\\<=")


def _inline_safe(value: str) -> bool:
    return "\n" not in value and "\r" not in value and value == value.strip() and "~~~" not in value


def _fence(value: str) -> str:
    longest = max((len(run) for run in re.findall(r"~+", value)), default=0)
    marks = "~" * max(3, longest + 1)
    return f"{marks}text\n{value}\n{marks}"


def _field(label: str, value: str) -> str:
    if _inline_safe(value) and not value.startswith(("~", "`")):
        return f"**{label}**: {value}"
    return f"**{label}**:\n\n{_fence(value)}"


def _escape_line(text: str) -> str:
    """One-line text that the parser reads back as written (a leading mark is backslashed)."""
    text = " ".join(text.split())
    return "\\" + text if text[:1] in _NEEDS_ESCAPE else text


def render_analysis(
    annotation: Annotation | Analysis, *, title: str = "Model Response Failures Analysis"
) -> str:
    """Render an annotation (or a parsed analysis) as failure-analysis markdown.

    The layout follows the seed MODEL_FAILURES.md: one ``## <Level> Failures`` section per
    severity, numbered ``### N. Title`` items with labelled fields, then a summary with the
    counts, the knowledge gaps, the score and the notes. Multi-line field values go in a
    ``~~~text`` fence longer than any run of tildes inside them, so `parse_analysis` reads
    back exactly what was written.

    Parameters
    ----------
    annotation : an `Annotation` or an `Analysis`.
    title : the document's top heading.

    Returns
    -------
    The markdown text.

    Examples
    --------
    >>> from curation.records import Failure
    >>> md = render_analysis(Analysis(failures=[Failure("Open bucket", "High")], score=7.0))
    >>> parse_analysis(md).failures[0].severity
    'High'
    """
    failures = list(annotation.failures)
    out: list[str] = [f"# {_escape_line(title)}", ""]
    groups: list[tuple[str, list[Failure]]] = []
    for level in SEVERITIES:
        group = [f for f in failures if f.severity == level]
        if group:
            groups.append((_SECTION_NAMES[level], group))
    unrated = [f for f in failures if f.severity not in SEVERITIES]
    if unrated:
        groups.append((_UNRATED_SECTION, unrated))
    number = 0
    for section, group in groups:
        out += [f"## {section}", ""]
        for failure in group:
            number += 1
            out += _render_failure(number, failure)
    out += ["## Summary", "", "### Failure Breakdown by Severity", ""]
    counts = Counter(f.severity for f in failures)
    for level in SEVERITIES:
        out.append(f"- **{level} Failures**: {counts.get(level, 0)}")
    if unrated:
        out.append(f"- **Unrated**: {len(unrated)}")
    out += ["", "### Primary Knowledge Gaps", ""]
    out += [f"{i}. {_escape_line(gap)}" for i, gap in enumerate(annotation.knowledge_gaps, 1)]
    out += ["", "### Training Quality Score Justification", ""]
    if annotation.score is not None:
        out += [f"**Recommended Score**: {annotation.score:g}/10", ""]
    notes = getattr(annotation, "notes", "")
    if notes:
        # Notes are free text: fenced, so nothing in them is read as an item, score or gap.
        out += ["## Notes", "", _fence(notes), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _render_failure(number: int, failure: Failure) -> list[str]:
    out = [f"### {number}. {_escape_line(failure.title) or 'Untitled'}", ""]
    out += [f"**Impact Level**: {failure.severity or 'None'}", ""]
    parts = [
        ("Category", failure.category or ""),
        ("MODEL_RESPONSE Issue", failure.model_snippet),
        ("IDEAL_RESPONSE Fix", failure.ideal_fix),
        ("Root Cause", failure.root_cause),
        ("Error Message", failure.error_message),
    ]
    for kind, note in failure.impact.items():
        label = "Impact" if kind == "general" else f"{kind.strip().title()} Impact"
        parts.append((label, note))
    for label, value in parts:
        if value:
            out += [_field(label, value), ""]
    if failure.references:
        out += ["**Documentation References**:", ""]
        out += [f"- <{url}>" if url else "- " for url in failure.references]
        out.append("")
    if failure.training_value:
        out += [_field("Training Value", failure.training_value), ""]
    out += ["---", ""]
    return out
