"""The failure-analysis document model: lines, fenced blocks, headings and their tree, and the
candidate lines of bold items, found in one scan; the item record the finders produce."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from curation._analysis_vocab import (
    _COUNT,
    _FENCE_OPEN_RE,
    _NOT_SETEXT_RE,
    _SETEXT_RE,
    _memo,
)

# Candidate lines for `_sub_items`, found once per document: bold bullets and ID labels.
# (Case by hand, not re.I: a case-blind scan is twice as slow; only ASCII labels are IDs.)
# Lines starting (after a little indent) with "**" or "__" are bold-line candidates, found by
# the same scan: an unindented "**… ID" one and a bold bullet are also sub-item candidates.
# Only lines that can pass `_bold_title` (they end in a closing mark, perhaps then a colon) or
# start like an ID label are bold-line candidates, and only bullets that `_BOLD_ONLY_BULLET_RE`
# can match are sub-item ones: the Python loops below see a fifth of the lines they used to.
# (So are numbered "1. **Title**" lines, that `_BOLD_ONLY_NUMBERED_RE` can match.)
_STARTS = (
    r"(?:([ \t]{0,4})(?:~~)?(?:\*\*|__)(?:([A-Za-z ]{0,12}[Ii][Dd](?:\b|(?=__)))"
    r"|(?=[^\n]*(?:\*\*|__)(?:~~)?[ \t]*(?::|`?[\[(][A-Za-z0-9 :=]{1,24}[\])]`?"
    r"|[—–:-][ \t]*(?:withdrawn|retracted|dropped)(?:\.[^\n]*)?"
    r"|[—–-][ \t]*(?i:severity|priority|impact|criticality)[ \t]*:[ \t]*[A-Za-z]+\.?)?[ \t]*(?:\n|\Z)))"
    r"|( ?[-*+][ \t]+(?:\*\*|__)|\d{1,2}[.)][ \t]+\*\*)(?:`[^`\n]*`|[^*_`\n]|\*(?!\*)|_(?!_)){3,100}?(?:\*\*|__)[ \t]*:?[ \t]*(?:~~[^~\n]*~~[ \t]*)?"
    r"(?:\([^()\n]{1,30}\)|[—–-][ \t]*(?i:severity|priority|impact|criticality)[ \t]*:[ \t]*[A-Za-z]+)?[ \t]*(?=\n|\Z))"
)
# A line that may open a fence, be an ATX heading or underline a setext heading, or be a
# bold-line or sub-item candidate (`_STARTS`, whose groups are then set): one scan finds both.
# (A leading newline lets the regex engine scan for it in C instead of trying every position.)
_SCAN = r"(?:[ \t]*(?:#|```|~~~|===|---)|" + _STARTS + ")"
# (The lookahead turns away most lines, prose and blank, with one character test.)
# (A numbered line is looked at only when a bold title follows its number: "1. **Title**".)
_SCAN_NEXT_RE = re.compile("\n(?=[ \t]*[-#`~=*_+]|\\d{1,2}[.)][ \t]+\\*\\*)" + _SCAN)
_SCAN_START_RE = re.compile(_SCAN)


@_memo
def _closing_fence(char: str, width: int) -> re.Pattern[str]:
    """The line that closes a fence: only the fence character, at least as long as the opener."""
    return re.compile(rf"\n[ \t]*{re.escape(char)}{{{width},}}[ \t]*(?=\n|\Z)")


_FENCE_LINE_RE = re.compile(r"\n[ \t]*(`{3,}|~{3,})([^\n]*)")


def _nested_close(text: str, pos: int, char: str, width: int) -> re.Match[str] | None:
    """The end of a markdown sample fence written as if fences nested ("```markdown", then
    "```bash" … "```" inside it, then "```"): the fence line that brings the depth back to 0,
    or None when the depth never gets back there (then the first bare fence closes it)."""
    depth = 1
    for m in _FENCE_LINE_RE.finditer(text, pos):
        marks, info = m.group(1), m.group(2).strip()
        if marks[0] != char or len(marks) < width:
            continue
        if info:
            if char == "`" and "`" in info:
                continue  # inline code, not a fence
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m
    return None


# A numbered bold title over details: "1. **Props Class Missing**" (or struck: "~~…~~").
_BOLD_ONLY_NUMBERED_RE = re.compile(
    r"^\d{1,2}[.)][ \t]+(~~)?\*\*((?:`[^`\n]*`|[^*_`\n]|\*(?!\*)|_(?!_)){3,100}?)\*\*(?:~~)?[ \t]*:?[ \t]*"
    r"(~~[^~\n]*~~[ \t]*)?$"
)


def _atx_heading(line: str) -> tuple[int, str] | None:
    """An ATX heading line's rank and text ("## Title ##" gives (2, "Title")), else None.

    String methods, not a regex: the same answers as the pattern in the tests that pins them,
    at a fifth of the cost, on every line that starts with "#"."""
    s = line.lstrip(" \t")
    if len(line) - len(s) > 3:
        return None  # indented code
    rest = s.lstrip("#")
    rank = len(s) - len(rest)
    if rank > 6 or not rank:
        return None
    if rest and rest[0] != " " and rest[0] != "\t" and (rank < 2 or not "A" <= rest[0] <= "Z"):
        # ("##Summary" is no heading to CommonMark, but one to the person who wrote it: a
        # capital right after two marks or more; "#hashtag" and "#!/bin/sh" stay text.)
        return None
    title = rest.strip(" \t")
    if title[-1:] == "#":
        # A closing run of marks after a space is not part of the title ("## Title ##").
        bare = title.rstrip("#")
        if bare and bare[-1] in " \t":
            title = bare
    return rank, title.strip()


def _stray_closer(lines: list[str], i: int) -> bool:
    """Whether the bare fence line i closes a block whose opening was lost (a pasted document):
    what follows it is a rule, then a markdown heading ("```", "---", "## High Failures"),
    which no code block opens with."""
    after = [line.strip() for line in lines[i + 1 : i + 8] if line.strip()][:2]
    return (
        len(after) == 2 and after[0] in ("---", "***", "___") and _atx_heading(after[1]) is not None
    )


class _Doc:
    """The document as lines, with fenced lines marked and headings found, in one pass.

    The same pass lists the unfenced bold-line candidates (`bold_starts`) and sub-item
    candidates (`sub_starts`) that `_find_items` and `_sub_items` read."""

    __slots__ = (
        "text",
        "low",
        "lines",
        "fenced",
        "headings",
        "ends",
        "parents",
        "bold_starts",
        "sub_starts",
        "words",
        "_heads_low",
        "_head_counts",
        "_mentions",
        "tallies",
        "_count_low",
        "prose_claim",
        "chapters",
    )

    def __init__(self, text: str) -> None:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        fenced = bytearray(len(lines))
        headings: list[tuple[int, int, str]] = []
        bold: list[int] = []
        sub: list[int] = []
        # Only lines that can open a fence, be a heading or start like a bold item matter:
        # find them with one regex over the whole text, and jump over each fenced block to its
        # closing fence.
        line_no, at = 0, 0
        size = len(text)
        m = _SCAN_START_RE.match(text)
        start = 0 if m is not None else -1
        pos = 0
        while True:
            if start < 0:
                m = _SCAN_NEXT_RE.search(text, pos)
                if m is None:
                    break
                start = m.start() + 1
            line_no += text.count("\n", at, start)
            at = start
            eol = text.find("\n", start)
            pos = size if eol < 0 else eol
            i = line_no
            start = -1
            indent, ident, bullet = m.groups()  # type: ignore[union-attr]  # (set when start >= 0)
            if bullet is not None:
                sub.append(i)
                continue
            if indent is not None:
                bold.append(i)
                if ident is not None and not indent:
                    sub.append(i)
                continue
            line = lines[i]
            c = line.lstrip()[0]
            if c == "`" or c == "~":
                f = _FENCE_OPEN_RE.match(line)
                info = f.group(2) if f else ""
                if (
                    f
                    and not (c == "`" and "`" in info)
                    and (info.strip() or not _stray_closer(lines, i))
                ):
                    close = _closing_fence(c, len(f.group(1))).search(text, pos)
                    if close is not None and info and info.strip().lower() in ("markdown", "md"):
                        close = _nested_close(text, pos, c, len(f.group(1))) or close
                    if close is None:
                        fenced[i:] = b"\x01" * (len(lines) - i)
                        break
                    line_no += text.count("\n", at, close.end())
                    at = close.end()
                    fenced[i : line_no + 1] = b"\x01" * (line_no + 1 - i)
                    pos = close.end()
            elif c == "#":
                h = _atx_heading(line)
                if h is not None:
                    headings.append((i, h[0], h[1]))
            elif i and _SETEXT_RE.match(line):
                # "Title\n-----" is a heading too (some exported documents use only these).
                prev = lines[i - 1]
                setext = prev.strip() and not fenced[i - 1] and not _NOT_SETEXT_RE.match(prev)
                if setext and prev.rstrip()[-1] == "." and prev.count(" ") >= 5:
                    setext = False  # a sentence then a rule ("It is correct but …  .\n---")
                if setext and (not headings or headings[-1][0] != i - 1):
                    headings.append((i - 1, 1 if c == "=" else 2, prev.strip()))
                    # The underline is part of the heading: its body starts after it, as an
                    # ATX heading's does ("Title\n-----\n**Issue**: …" reads as "## Title").
                    lines[i] = ""
        self.bold_starts = bold
        self.sub_starts = sub
        self.text = text
        self.low = text.lower()
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
        self.words: list[int] = []  # each heading's section-word bits, set by `_section_flags`
        self._heads_low: str | None = None
        self._head_counts: Counter[str] | None = None
        self._mentions: dict[tuple[str, ...], bool] = {}
        self._count_low: str | None = None
        self.prose_claim = False  # the claimed counts come from a summary's sentence only
        self.chapters: set[int] = set()  # numbered headings read as sections by their words
        self.tallies: list[int] = []  # list lines that total the items ("4. **Total fixes**: 4 …")

    def count_low(self) -> str:
        """The unfenced lines of the sections that may state counts ("Summary", "Severity
        Assessment" …, as `_section_flags` marked them), lower-cased: summaries are searched
        there, not in the whole text."""
        if self._count_low is None:
            lines, fenced, parts = self.lines, self.fenced, []
            for k, words in enumerate(self.words):
                if words & _COUNT:
                    start = self.headings[k][0]
                    parts += [lines[i] for i in range(start, self.ends[k]) if not fenced[i]]
            self._count_low = "\n".join(parts).lower()
        return self._count_low

    def mentions(self, *phrases: str) -> bool:
        """Whether the lower-cased text holds one of `phrases`, found once per document
        (per-item readers ask it before a costlier search of the item)."""
        found = self._mentions.get(phrases)
        if found is None:
            found = self._mentions[phrases] = any(phrase in self.low for phrase in phrases)
        return found

    def heading_count(self, text: str) -> int:
        """How many headings read `text` (case aside), counted once per document."""
        if self._head_counts is None:
            self._head_counts = Counter(h[2].lower() for h in self.headings)
        return self._head_counts[text.lower()]

    def own_end(self, k: int) -> int:
        """Where heading k's own text ends: at the next heading, its first sub-heading or the
        next section's (a heading's span, `ends[k]`, holds its sub-headings too)."""
        return self.headings[k + 1][0] if k + 1 < len(self.headings) else len(self.lines)

    def heads_low(self) -> str:
        """The headings' texts, one a line, lower-cased: a few C-level finds in it tell a
        document none of whose headings holds a word from every heading's memoised check."""
        if self._heads_low is None:
            self._heads_low = "\n".join([h[2] for h in self.headings]).lower()
        return self._heads_low

    def low_intro(self, k: int) -> str:
        """The first non-blank line under heading `k`, lower-cased ("" when another heading or
        nothing comes first)."""
        lines = self.lines
        end = min(self.ends[k], len(lines), self.headings[k][0] + 4)
        for i in range(self.headings[k][0] + 1, end):
            if lines[i].strip():
                return "" if lines[i].lstrip()[:1] == "#" else lines[i].lower()
        return ""


# --------------------------------------------------------------------------- items


class _Item:
    __slots__ = (
        "line",
        "end",
        "title",
        "heading",
        "kind",
        "own",
        "inline",
        "level",
        "fix",
        "named",
        "met",
        "withdrawn",
        "enhancement",
        "blocks",
        "split",
        "mark",
        "stop",
    )

    def __init__(self, line: int, title: str, heading: int, kind: str, inline: str = "") -> None:
        self.line = line
        self.end = line + 1
        self.title = title
        self.heading = heading  # index of the enclosing heading (or the item's own heading)
        self.kind = kind  # "heading", "bold" or "list"
        self.own: str | None = None
        self.inline = inline
        self.level: str | None = None  # a table row's or plain line's own level
        self.fix = ""  # a table row's fix cell
        self.named = False  # a sub-heading that names one failure ("### Missing X")
        self.mark = ""  # a colour mark its severity label gives ("Severity: 🟠"), for the legend
        self.met = False  # "**Model status:** **Meets core requirement**": a passed check
        self.enhancement = False  # only "**Enhancement**: Expanded outputs …": no fault told
        self.blocks = False  # a numbered heading's: its body may hold a second complete block
        self.split: tuple[int, int] | None = None  # (where it starts, its issue label's line)
        self.withdrawn = False  # "This is not a failure.", "(duplicate of #2)": taken back
        self.stop = 0  # a line its reader saw its text end at ("What NOVA got right:"), if any


def _enclosing(doc: _Doc, line: int) -> int:
    """Index of the heading whose body holds `line` (-1 before any heading)."""
    k = bisect_right(doc.headings, (line, 99, "")) - 1
    while k >= 0 and doc.ends[k] <= line:
        k = doc.parents[k]
    return k
