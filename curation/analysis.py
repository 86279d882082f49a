"""Parse failure-analysis markdown (MODEL_FAILURES.md) into an `Analysis`, and render one back."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from curation.records import SEVERITIES, Analysis, Annotation, Failure, Problem

__all__ = ["check_score", "parse_analysis", "render_analysis"]

# --------------------------------------------------------------------------- vocabulary

_LEVEL_WORDS = {
    "critical": "Critical",
    "blocking": "Critical",
    "blocker": "Critical",
    "severe": "Critical",
    "p0": "Critical",
    "high": "High",
    "major": "High",
    "p1": "High",
    "medium": "Medium",
    "moderate": "Medium",
    "p2": "Medium",
    "low": "Low",
    "minor": "Low",
    "trivial": "Low",
    "p3": "Low",
}
_LEVEL_ALT = "critical|blocking|blocker|severe|high|major|medium|moderate|low|minor|trivial"
_LEVEL_RE = re.compile(rf"\b({_LEVEL_ALT}|p[0-3])\b", re.I)
_NONE_VALUE_RE = re.compile(r"^\W*(none|n/?a|unrated|unknown|-)\W*$", re.I)
# A level word counts in a heading only where it reads as a level, not as in "High Availability".
_HEADING_LEVEL_RE = re.compile(
    rf"^[\W\d_]*(?:severity|priority|level)?\W*({_LEVEL_ALT})\b(?!\s+(?:availability|latency|throughput|level\s+design|cost))"
    rf"|[\[(]\s*({_LEVEL_ALT})\b"
    rf"|\b({_LEVEL_ALT})[\s-]+(?:severity|priority|impact|risk)\b"
    rf"|\b(?:severity|priority|impact|risk)\s*[:=-]\s*({_LEVEL_ALT})\b"
    rf"|[-–—:]\s*({_LEVEL_ALT})\s*\W*$",
    re.I,
)

_FAILURE_WORD_RE = re.compile(
    r"failure|\bfail|issue|problem|error|fault|flaw|bug|mistake|defect|deficien|violation"
    r"|missing|incorrect|wrong|correction|\bfix|shortcoming|weakness|concern|discrepanc"
    r"|deviation|gaps?\b|broken|bad practice",
)
# Sections listing what went right, advice or lessons: nothing in them is a failure.
_HARD_EXCLUDE_RE = re.compile(
    r"recommend|lessons?\b|learned|learnings|takeaway|did\s+(?:right|well)"
    r"|went\s+(?:right|well)|strengths?\b|positive|what\s+worked|well[- ]done"
    r"|knowledge\s+gap|score|prevention|mitigation|next\s+steps|justification|verdict"
    r"|training\s+(?:value|quality|improvement|impact|focus|data)|patterns?\s+of|correctly\s+(?:implemented|configured|handled|done)"
    r"|requirements?\s+(?:met|satisfied|fulfilled)|success|strategies|best\s+practices"
    r"|compliant\b|got\s+right|advantages|benefits|preserved|kept|unchanged",
)
# Sections about the document (summaries, overviews): items there need labelled fields to count.
_SOFT_EXCLUDE_RE = re.compile(
    r"summary|conclusion|statistic|breakdown|appendix|impact\s+of\s+(?:the\s+)?(?:fixes|changes)",
)
_WEAK_EXCLUDE_RE = re.compile(
    r"validation|compliance|overview|testing|metrics|assessment|results?\b"
    r"|notes?\b|references?\b|status|improvements?|environment|services|introduction|context"
    r"|background|table|comparison|analysis\s+of|architecture|implementation|requirements",
)
_HARD, _SOFT = 2, 1

_ITEM_WORDS = r"failure|issue|flaw|problem|bug|error|fault|finding|mistake|defect|gap"
_NUM = r"(?:\d{1,4}(?:\.\d{1,4})*|[a-h])"
# "1. Title", "1) Title", "Issue 2: Title", "Failure #3 - Title", "a. Title".
_NUMBERED_RE = re.compile(
    rf"^(?:(?:{_ITEM_WORDS})\s*#?\s*(\d{{1,4}}(?:\.\d{{1,4}})*)\b\.?\s*[:.\-–—)]?\s*"
    rf"|({_NUM})[.)]\s+|(\d{{1,4}}(?:\.\d{{1,4}})+)\s+)(.*)$",
    re.I,
)
_PREFIXED_RE = re.compile(rf"^(?:{_ITEM_WORDS})\s*[:\-–—]\s*(.+)$", re.I)
_FENCE_OPEN_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_SETEXT_RE = re.compile(r"^ {0,3}(?:={3,}|-{3,})[ \t]*$")
_NOT_SETEXT_RE = re.compile(r"^\s*(?:[-*+>|#]|\d{1,3}[.)]\s|={3,}|-{3,})")
_HEADING_RE = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
# `**Label**: value`, `**Label:** value`, `- **Label**: value`, `Severity: value`.
_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\*\*|__)((?:[^*_\n]|_(?!_)){1,80}?)[ \t]*(:?)[ \t]*(?:\*\*|__)"
    r"[ \t]*(:?)[ \t]*(.*)$"
)
_PLAIN_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(severity|impact level|priority|category|root cause|fix|issue"
    r"|problem|solution|error message|training value)[ \t]*:[ \t]*(.*)$",
    re.I,
)
_BOLD_LINE_RE = re.compile(r"^[ \t]*(?:\*\*|__)(.+?)(?:\*\*|__)[ \t]*:?[ \t]*$")
_LIST_ITEM_RE = re.compile(r"^( {0,3})(?:\d{1,3}[.)]|[-*+])[ \t]+(.*)$")
_BOLD_TITLE_RE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:\-–—]?\s*(.*)$")
_URL_RE = re.compile(r"https?://[^\s)\]>\"'`]+")
_SCORE_RE = re.compile(
    r"\b(?:score|training[ _]quality|rating)\b(?P<tail>[\w \t()]{0,25}?)[ \t]*\**[ \t]*[:=-]?[ \t]*\**[ \t]*"
    r"(?P<num>\d{1,3}(?:\.\d+)?)(?![\d%-]|\.\d)(?:[ \t]*(?P<den>/[ \t]*10{1,2}\b|out of 10{1,2}\b))?"
    r"(?:[ \t]*(?:→|->)[ \t]*\**(?P<after>\d{1,2}(?:\.\d+)?)[ \t]*/[ \t]*10\b)?",
    re.I,
)
_SCORE_BAD_LABEL_RE = re.compile(
    r"lint|compliance|security|coverage|risk|test|cost|performance|code quality|confidence", re.I
)
_SCORE_LINE_RE = re.compile(r"^[\W]*(\d{1,3}(?:\.\d+)?)[ \t]*/[ \t]*(10{1,2})\b")
_COUNT_AFTER_RE = re.compile(
    rf"\b({_LEVEL_ALT})\b(?:[\s-]*(?:severity|priority))?(?:[\s-]*(?:failures?|issues?|problems?"
    rf"|findings?|errors?|items?|bugs?))?\s*(?:\*\*|__)?\s*[:=|–—-]\s*(?:\*\*)?\s*(\d{{1,3}})\b(?![/.%]\d)",
    re.I,
)
_COUNT_BEFORE_RE = re.compile(
    rf"\b(\d{{1,3}})\s+(?:\*\*)?({_LEVEL_ALT})\b(?:\*\*)?(?:[\s-]*(?:severity|priority))?"
    rf"(?![\s-]+(?:availability|latency))",
    re.I,
)
_GAP_ITEM_RE = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+])\s+(.*)$")
_LEADING_ESCAPE_RE = re.compile(r"^\\([!-/:-@\[-`{-~])")

# Field labels -> Failure attribute; impact and reference labels are matched by shape.
_FIELD_LABELS = {
    "severity": "severity",
    "impact level": "severity",
    "severity level": "severity",
    "priority": "severity",
    "criticality": "severity",
    "risk level": "severity",
    "impact/severity": "severity",
    "category": "category",
    "failure category": "category",
    "issue category": "category",
    "model_response issue": "model_snippet",
    "model response issue": "model_snippet",
    "model_response": "model_snippet",
    "model response": "model_snippet",
    "model": "model_snippet",
    "issue": "model_snippet",
    "issues": "model_snippet",
    "problem": "model_snippet",
    "the problem": "model_snippet",
    "what went wrong": "model_snippet",
    "failure": "model_snippet",
    "fault": "model_snippet",
    "flaw": "model_snippet",
    "original": "model_snippet",
    "original code": "model_snippet",
    "model issue": "model_snippet",
    "description": "model_snippet",
    "observed": "model_snippet",
    "missing": "model_snippet",
    "ideal_response fix": "ideal_fix",
    "ideal response fix": "ideal_fix",
    "ideal_response": "ideal_fix",
    "ideal response": "ideal_fix",
    "ideal": "ideal_fix",
    "fix": "ideal_fix",
    "fixes": "ideal_fix",
    "fix applied": "ideal_fix",
    "fixes applied": "ideal_fix",
    "solution": "ideal_fix",
    "resolution": "ideal_fix",
    "expected fix": "ideal_fix",
    "expected": "ideal_fix",
    "correct": "ideal_fix",
    "corrected": "ideal_fix",
    "correction": "ideal_fix",
    "remediation": "ideal_fix",
    "how to fix": "ideal_fix",
    "recommended fix": "ideal_fix",
    "required fix": "ideal_fix",
    "ideal fix": "ideal_fix",
    "root cause": "root_cause",
    "root causes": "root_cause",
    "cause": "root_cause",
    "reason": "root_cause",
    "why it failed": "root_cause",
    "error message": "error_message",
    "error": "error_message",
    "errors": "error_message",
    "error output": "error_message",
    "deployment error": "error_message",
    "build error": "error_message",
    "training value": "training_value",
}
_FIELD_NAMES = ("model_snippet", "ideal_fix", "root_cause", "error_message", "training_value")


def _FAILURE_WORD_RE_S(text: str) -> re.Match[str] | None:
    return _FAILURE_WORD_RE.search(text.lower())


def _HARD_EXCLUDE_RE_S(text: str) -> re.Match[str] | None:
    return _HARD_EXCLUDE_RE.search(text.lower())


def _SOFT_EXCLUDE_RE_S(text: str) -> re.Match[str] | None:
    return _SOFT_EXCLUDE_RE.search(text.lower())


def _WEAK_EXCLUDE_RE_S(text: str) -> re.Match[str] | None:
    return _WEAK_EXCLUDE_RE.search(text.lower())


def _level(word: str | None) -> str | None:
    return _LEVEL_WORDS.get(word.lower()) if word else None


def _heading_level(text: str) -> str | None:
    m = _HEADING_LEVEL_RE.search(text)
    if not m:
        return None
    return _level(next(g for g in m.groups() if g))


def _label_field(label: str) -> str | None:
    """Which Failure attribute a bold label feeds: a field name, ``impact:<kind>``, ``references``."""
    key = " ".join(label.lower().replace("*", "").split()).rstrip(":")
    field = _FIELD_LABELS.get(key)
    if field:
        return field
    if key.startswith("model_response") or key.startswith("model response"):
        return "model_snippet"
    if key.startswith("ideal_response") or key.startswith("ideal response"):
        return "ideal_fix"
    if key.startswith(("error ", "error:")) or key.endswith(" error"):
        return "error_message"
    if "reference" in key or key in ("documentation", "docs", "aws documentation"):
        return "references"
    if key == "impact":
        return "impact:general"
    if key.endswith(" impact") and len(key) < 50:
        return "impact:" + key[: -len(" impact")].strip()
    return None


def _clean_inline(text: str) -> str:
    text = text.strip()
    m = _LEADING_ESCAPE_RE.match(text)
    if m:
        return m.group(1) + text[2:]
    while len(text) > 4 and text[:2] in ("**", "__") and text[-2:] == text[:2]:
        text = text[2:-2].strip()
    return text


# --------------------------------------------------------------------------- scanning


class _Doc:
    """The document as lines, with fenced lines marked and headings found, in one pass."""

    __slots__ = ("text", "lines", "fenced", "headings", "ends", "parents")

    def __init__(self, text: str) -> None:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        fenced = bytearray(len(lines))
        headings: list[tuple[int, int, str]] = []
        fence_char = ""
        fence_len = 0
        for i, line in enumerate(lines):
            s = line.lstrip()
            if not s:
                continue
            c = s[0]
            if fence_char:
                fenced[i] = 1
                # A closing fence is only the fence character, at least as long as the opener.
                closing = c == fence_char and s.startswith(fence_char * fence_len)
                if closing and not s.rstrip().strip(fence_char):
                    fence_char = ""
                continue
            if c == "`" or c == "~":
                m = _FENCE_OPEN_RE.match(line)
                if m and not (c == "`" and "`" in m.group(2)):
                    fence_char = c
                    fence_len = len(m.group(1))
                    fenced[i] = 1
            elif c == "#" and len(line) - len(s) < 4:
                m = _HEADING_RE.match(line)
                if m:
                    headings.append((i, len(m.group(1)), (m.group(2) or "").strip()))
            elif (c == "=" or c == "-") and i and _SETEXT_RE.match(line):
                # "Title\n-----" is a heading too (some exported documents use only these).
                prev = lines[i - 1]
                setext = prev.strip() and not fenced[i - 1] and not _NOT_SETEXT_RE.match(prev)
                if setext and (not headings or headings[-1][0] != i - 1):
                    headings.append((i - 1, 1 if c == "=" else 2, prev.strip()))
        self.text = text
        self.lines = lines
        self.fenced = fenced
        self.headings = headings
        # Each heading's span ends where the next heading of the same or higher rank starts.
        ends = [len(lines)] * len(headings)
        parents = [-1] * len(headings)
        stack: list[int] = []
        for k, (line_no, level, _) in enumerate(headings):
            while stack and headings[stack[-1]][1] >= level:
                ends[stack.pop()] = line_no
            parents[k] = stack[-1] if stack else -1
            stack.append(k)
        self.ends = ends
        self.parents = parents


# --------------------------------------------------------------------------- items


class _Item:
    __slots__ = ("line", "end", "title", "heading", "kind", "own", "inline")

    def __init__(self, line: int, title: str, heading: int, kind: str, inline: str = "") -> None:
        self.line = line
        self.end = line + 1
        self.title = title
        self.heading = heading  # index of the enclosing heading (or the item's own heading)
        self.kind = kind  # "heading", "bold" or "list"
        self.own: str | None = None
        self.inline = inline


def _numbered_title(text: str) -> str | None:
    text = _clean_inline(text)
    m = _NUMBERED_RE.match(text)
    if m:
        title = _clean_inline(m.group(4))
        return title or text
    m = _PREFIXED_RE.match(text)
    if m:
        return _clean_inline(m.group(1))
    return None


def _section_flags(doc: _Doc) -> tuple[list[int], list[int]]:
    """Per heading: how excluded it is (0, soft, hard; inherited), and whether it announces
    failures (inherited)."""
    n = len(doc.headings)
    excluded = [0] * n
    failing = [0] * n
    top_level = min((h[1] for h in doc.headings), default=1)
    single_top = sum(1 for h in doc.headings if h[1] == top_level) == 1
    for k, (_, level, text) in enumerate(doc.headings):
        parent = doc.parents[k]
        inherited = excluded[parent] if parent >= 0 else 0
        is_title = parent < 0 and level == top_level and single_top and k == 0
        has_failure_word = bool(_FAILURE_WORD_RE_S(text))
        numbered = _NUMBERED_RE.match(_clean_inline(text)) is not None
        own = 0
        # Numbered headings are judged as items, not as sections, so their words do not count.
        if not is_title and not numbered:
            if _HARD_EXCLUDE_RE_S(text):
                own = _HARD
            elif _SOFT_EXCLUDE_RE_S(text) or (
                not has_failure_word and _WEAK_EXCLUDE_RE_S(text) and _heading_level(text) is None
            ):
                own = _SOFT
        excluded[k] = max(own, inherited)
        # A document title like "Model Failures" makes its sections candidates for labelled
        # items, but not for bare lists ("Root Cause Analysis" bullets are not failures).
        if has_failure_word or _heading_level(text) is not None:
            failing[k] = 1 if is_title else 2
        elif parent >= 0:
            failing[k] = failing[parent]
    return excluded, failing


def _enclosing(doc: _Doc, line: int) -> int:
    """Index of the heading whose body holds `line` (-1 before any heading)."""
    k = bisect_right(doc.headings, (line, 99, "")) - 1
    while k >= 0 and doc.ends[k] <= line:
        k = doc.parents[k]
    return k


def _has_labels(doc: _Doc, start: int, end: int, direct: bool = False) -> bool:
    """Whether field labels (**Issue**:, **Fix**: …) follow; `direct`: before any list or
    bold sub-item, at the left margin (so a section *of* items is not an item itself)."""
    lines, fenced = doc.lines, doc.fenced
    for i in range(start, min(end, start + 200, len(lines))):
        if fenced[i]:
            continue
        line = lines[i]
        if direct:
            if line[:1] in (" ", "\t") or line[:1].isdigit():
                if line[:1].isdigit() and _LIST_ITEM_RE.match(line):
                    return False
                continue
            b = _BOLD_LINE_RE.match(line)
            if b and not _label_field(b.group(1).strip().rstrip(":")):
                return False
        m = _LABEL_RE.match(line)
        if m and (m.group(2) or m.group(3)) and _label_field(m.group(1)):
            return True
        if _PLAIN_LABEL_RE.match(line):
            return True
    return False


def _find_items(doc: _Doc, excluded: list[int], failing: list[int]) -> list[_Item]:
    lines, fenced, headings = doc.lines, doc.fenced, doc.headings
    items: list[_Item] = []
    # 1. Headings: numbered ("### 3. Title", "## Issue 2: Title") or labelled items under a
    # failure section ("### CloudTrail access denied" followed by **Issue**/**Fix**).
    for k, (line_no, _, text) in enumerate(headings):
        if excluded[k] == _HARD:
            continue
        title = _numbered_title(text)
        if excluded[k] and (title is None or not _has_labels(doc, line_no + 1, doc.ends[k])):
            continue
        parent = doc.parents[k]
        if (
            title is None
            and parent >= 0
            and failing[parent]
            and _heading_level(text) is None
            and not _HARD_EXCLUDE_RE_S(text)
            and _has_labels(doc, line_no + 1, doc.ends[k], True)
        ):
            title = _clean_inline(text)
        if (
            title is not None
            and (_HARD_EXCLUDE_RE_S(title) or _SOFT_EXCLUDE_RE_S(title))
            and not _FAILURE_WORD_RE_S(title)
        ):
            continue
        if title is not None:
            item = _Item(line_no, title, k, "heading")
            item.end = doc.ends[k]
            items.append(item)
    # 2. Bold lines: "**Failure 2: Title**", "**Flaw 1**", or "**Title:**" followed by labels.
    bold: list[_Item] = []
    for i, line in enumerate(lines):
        if fenced[i] or "**" not in line[:6] and "__" not in line[:6]:
            continue
        m = _BOLD_LINE_RE.match(line)
        if not m or line[: len(line) - len(line.lstrip())].count(" ") > 3:
            continue
        inner = m.group(1).strip().rstrip(":").strip()
        if _label_field(inner) or "**" in inner:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue
        title = _numbered_title(inner)
        labelled = _has_labels(doc, i + 1, i + 12)
        if k >= 0 and excluded[k] and not labelled:
            continue
        if title is None:
            if _HARD_EXCLUDE_RE_S(inner) or not labelled or k < 0 or not failing[k]:
                continue
            if _has_labels(doc, headings[k][0] + 1, i, True):
                continue  # the heading is itself an item and this is one of its parts
            title = inner
        bold.append(_Item(i, title, k, "bold"))
    items.extend(bold)
    items.sort(key=lambda it: it.line)
    # A heading that holds other items is a category, not a failure.
    kept: list[_Item] = []
    for idx, item in enumerate(items):
        if item.kind == "heading":
            nxt = items[idx + 1] if idx + 1 < len(items) else None
            if nxt is not None and nxt.line < item.end:
                continue
        kept.append(item)
    items = kept
    # 3. List items under a failure section that holds no heading or bold items.
    covered = {it.heading for it in items}
    for k, (line_no, _, _text) in enumerate(headings):
        if excluded[k] or failing[k] < 2 or k in covered:
            continue
        if any(it.line > line_no and it.line < doc.ends[k] for it in items):
            continue
        end = doc.ends[k]
        child = next((j for j in range(k + 1, len(headings)) if headings[j][0] < end), None)
        body_end = headings[child][0] if child is not None else end
        items.extend(_list_items(doc, line_no + 1, body_end, k))
    items.sort(key=lambda it: it.line)
    # Each item's body runs to the next item or the end of its section, whichever is first.
    for idx, item in enumerate(items):
        limit = doc.ends[item.heading] if item.heading >= 0 else len(lines)
        if item.kind == "heading":
            limit = doc.ends[item.heading]
        nxt = items[idx + 1].line if idx + 1 < len(items) else len(lines)
        item.end = min(limit, nxt) if item.kind != "heading" else min(item.end, nxt)
        if item.kind == "bold":
            # A bold item also stops at the next heading.
            k = bisect_right(headings, (item.line, 99, ""))
            if k < len(headings):
                item.end = min(item.end, headings[k][0])
    return items


def _list_items(doc: _Doc, start: int, end: int, k: int) -> list[_Item]:
    found: list[_Item] = []
    lines, fenced = doc.lines, doc.fenced
    top = -1
    for i in range(start, end):
        if fenced[i]:
            continue
        m = _LIST_ITEM_RE.match(lines[i])
        if not m:
            continue
        if top < 0:
            top = len(m.group(1))
        if len(m.group(1)) > top:
            continue  # a sub-point of the item above
        body = m.group(2).strip()
        if not body or body.startswith(("✅", "✓", "[x]", "[X]")):
            continue
        title, inline = body, ""
        b = _BOLD_TITLE_RE.match(body)
        if b:
            title, inline = b.group(1).strip().rstrip(":"), b.group(2).strip()
            field = _label_field(title)
            if field and not field.startswith("impact"):
                continue
            if _HARD_EXCLUDE_RE_S(title) or title.lower().startswith(("total", "overall")):
                continue
        elif len(body) > 300:
            title = body[:120].rsplit(" ", 1)[0]
        if _PLAIN_LABEL_RE.match(lines[i]):
            continue
        found.append(_Item(i, _clean_inline(title), k, "list", inline))
    return found


# --------------------------------------------------------------------------- fields


def _fill(doc: _Doc, item: _Item, failure: Failure) -> None:
    """Read the labelled fields in an item's body into `failure`."""
    lines, fenced = doc.lines, doc.fenced
    current: str | None = None
    buf: list[str] = []
    values: dict[str, list[str]] = {}
    if item.inline:
        values["model_snippet"] = [item.inline]
    base_indent = len(lines[item.line]) - len(lines[item.line].lstrip())

    def flush() -> None:
        if current is not None:
            values.setdefault(current, []).append(_block("\n".join(buf)))

    for i in range(item.line + 1, item.end):
        line = lines[i]
        if not fenced[i]:
            if item.kind == "list" and line.strip():
                indent = len(line) - len(line.lstrip())
                if indent <= base_indent and not _LIST_ITEM_RE.match(line[base_indent:] or "x"):
                    pass
            m = _LABEL_RE.match(line)
            field = None
            value = ""
            if m and (m.group(2) or m.group(3)):
                field = _label_field(m.group(1)) or "?"
                value = m.group(4)
            else:
                p = _PLAIN_LABEL_RE.match(line)
                if p:
                    field = _label_field(p.group(1)) or "?"
                    value = p.group(2)
            if field is not None:
                flush()
                current, buf = field, [value]
                continue
            if line.strip() in ("---", "***", "___"):
                flush()
                current, buf = None, []
                continue
        if current is not None:
            buf.append(line)
    flush()
    for field, chunks in values.items():
        text = "\n\n".join(c for c in chunks if c)
        if field == "severity":
            if failure.severity is None and item.own is None:
                if _NONE_VALUE_RE.match(chunks[0]):
                    item.own = "None"
                else:
                    m = _LEVEL_RE.search(chunks[0][:80])
                    if m:
                        item.own = _level(m.group(1))
        elif field == "category":
            failure.category = text or None
        elif field == "references":
            failure.references = _URL_RE.findall(text)
        elif field.startswith("impact:"):
            failure.impact[field[7:]] = text
        elif field in _FIELD_NAMES:
            setattr(failure, field, text)


def _block(text: str) -> str:
    """A field's text; a value that is exactly one ``~~~text`` fence is unwrapped verbatim."""
    stripped = text.strip("\n")
    if stripped.startswith("~~~") and stripped.rstrip().endswith("~~~"):
        first, _, rest = stripped.partition("\n")
        fence = first.rstrip()
        width = len(fence) - len(fence.lstrip("~"))
        if fence[width:] == "text" and rest.endswith("~" * width):
            body, _, closing = rest.rpartition("\n")
            if closing.strip() == "~" * width and "\n" + "~" * width not in "\n" + body:
                return body
            if rest.strip() == "~" * width:
                return ""
    return text.strip()


# --------------------------------------------------------------------------- summary parts


def _score(doc: _Doc, items: list[_Item] = ()) -> float | None:
    lines, fenced = doc.lines, doc.fenced
    # A score inside a failure's fields is quoted text, not the document's verdict.
    starts = [it.line for it in items]
    # Find the few lines that mention a score with C-level finds, not a loop over lines.
    low = doc.text.lower()
    hits: list[int] = []
    for word in ("score", "quality", "rating"):
        pos = low.find(word)
        while pos >= 0:
            hits.append(pos)
            pos = low.find(word, pos + 1)
    seen: set[int] = set()
    line_no, pos = 0, 0
    for hit in sorted(hits):
        line_no += low.count("\n", pos, hit)
        pos = hit
        if line_no in seen or fenced[line_no]:
            continue
        seen.add(line_no)
        k = bisect_right(starts, line_no) - 1
        if k >= 0 and line_no < items[k].end:
            continue
        value = _score_on_line(lines, line_no)
        if value is not None:
            return value
    return None


def _score_on_line(lines: list[str], i: int) -> float | None:
    line = lines[i]
    for m in _SCORE_RE.finditer(line):
        label = line[max(0, m.start() - 40) : m.end("tail")]
        label = label[label.rfind("|") + 1 :]
        if _SCORE_BAD_LABEL_RE.search(label):
            continue
        den = m.group("den")
        if m.group("after"):
            return float(m.group("after"))
        if "impact" in label.lower() and not den:
            continue
        value = float(m.group("num"))
        return value / 10 if den and "100" in den else value
    low = line.lower()
    if line.lstrip().startswith("#") and "score" in low and not _SCORE_BAD_LABEL_RE.search(low):
        # "## Training Quality Score" with the number on a line of its own below.
        for j in range(i + 1, min(i + 4, len(lines))):
            m = _SCORE_LINE_RE.match(lines[j])
            if m:
                value = float(m.group(1))
                return value / 10 if m.group(2) == "100" else value
    return None


def _gaps(doc: _Doc) -> list[str]:
    lines, fenced = doc.lines, doc.fenced
    gaps: list[str] = []
    for k, (line_no, _, text) in enumerate(doc.headings):
        if "knowledge gap" in text.lower():
            end = doc.ends[k]
            gaps.extend(_gap_items(lines, fenced, line_no + 1, end, -1))
    if gaps:
        return gaps
    for i, line in enumerate(lines):
        if fenced[i] or "nowledge gap" not in line.lower():
            continue
        m = _LABEL_RE.match(line)
        if not m or "knowledge gap" not in m.group(1).lower():
            continue
        value = m.group(4).strip()
        if value:
            gaps.append(_clean_inline(value))
        else:
            indent = len(line) - len(line.lstrip())
            if not _LIST_ITEM_RE.match(line):
                indent -= 1  # a bare label line: its list may start at the same margin
            gaps.extend(_gap_items(lines, fenced, i + 1, min(len(lines), i + 40), indent))
    return gaps


def _gap_items(lines: list[str], fenced: bytearray, start: int, end: int, indent: int) -> list[str]:
    found: list[str] = []
    top: int | None = None
    seen_item = False
    for i in range(start, end):
        line = lines[i]
        if fenced[i]:
            continue
        if not line.strip():
            continue
        own = len(line) - len(line.lstrip())
        if own <= indent and seen_item:
            break
        if line.lstrip().startswith("#"):
            break
        m = _GAP_ITEM_RE.match(line)
        if not m:
            if (indent >= 0 and own <= indent) or (seen_item and top is not None and own <= top):
                break
            continue
        if top is None:
            top = own
        if own > top:
            continue
        seen_item = True
        body = m.group(1).strip()
        b = _BOLD_TITLE_RE.match(body)
        found.append(_clean_inline(b.group(1).rstrip(":")) if b else _clean_inline(body))
    return found


def _claimed_counts(doc: _Doc, excluded: list[bool], item_lines: set[int]) -> dict[str, int]:
    lines, fenced = doc.lines, doc.fenced
    counts: dict[str, int] = {}
    for k, (line_no, _, text) in enumerate(doc.headings):
        low = text.lower()
        if not any(w in low for w in ("summary", "statistic", "breakdown", "overview", "total")):
            continue
        for i in range(line_no + 1, doc.ends[k]):
            if fenced[i]:
                continue
            line = lines[i]
            if line.lstrip().startswith("#"):
                continue
            for m in _COUNT_AFTER_RE.finditer(line):
                counts.setdefault(_level(m.group(1)) or "", int(m.group(2)))
            if "," in line or "total" in line.lower():
                for m in _COUNT_BEFORE_RE.finditer(line):
                    counts.setdefault(_level(m.group(2)) or "", int(m.group(1)))
        if counts:
            break
    counts.pop("", None)
    return {s: counts[s] for s in SEVERITIES if s in counts}


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
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - a bad document must not stop a bulk import
        message = f"the parser failed on this document ({type(exc).__name__}: {exc})"
        return Analysis(problems=[Problem(None, "parse_error", message)])


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


def _parse(text: str) -> Analysis:
    analysis = Analysis()
    text = _unwrap(text)
    doc = _Doc(text)
    excluded, failing = _section_flags(doc)
    items = _find_items(doc, excluded, failing)
    for number, item in enumerate(items, 1):
        failure = Failure(title=item.title)
        if item.kind == "heading":
            section_k = doc.parents[item.heading]
            item.own = _heading_level(item.title) if _HEADING_LEVEL_RE.search(item.title) else None
        else:
            section_k = item.heading
            item.own = _heading_level(item.title)
        _fill(doc, item, failure)
        section_level = None
        k = section_k
        while k >= 0 and section_level is None:
            section_level = _heading_level(doc.headings[k][2])
            k = doc.parents[k]
        own = None if item.own == "None" else item.own
        failure.severity = own if item.own is not None else section_level
        failure.section = _clean_inline(doc.headings[section_k][2]) if section_k >= 0 else ""
        failure.section_severity = section_level
        if own and section_level and own != section_level:
            analysis.problems.append(
                Problem(
                    None,
                    "severity_mismatch",
                    f"item {number} ({failure.title!r}) is labelled {own} but sits in the "
                    f"{section_level} section {failure.section!r}",
                )
            )
        analysis.failures.append(failure)
    analysis.score = _score(doc, items)
    analysis.knowledge_gaps = _gaps(doc)
    analysis.claimed_counts = _claimed_counts(doc, excluded, {it.line for it in items})
    _check(analysis, text)
    return analysis


def _check(analysis: Analysis, text: str) -> None:
    if analysis.claimed_counts:
        found = Counter(f.severity for f in analysis.failures if f.severity)
        parsed = {
            s: found.get(s, 0) for s in SEVERITIES if found.get(s) or s in analysis.claimed_counts
        }
        claimed = {s: analysis.claimed_counts.get(s, 0) for s in parsed}
        if claimed != parsed:
            analysis.problems.append(
                Problem(
                    None,
                    "claimed_counts_mismatch",
                    f"the summary claims {_counts_text(analysis.claimed_counts)} but the items "
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
