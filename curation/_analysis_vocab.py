"""Words, patterns and small text helpers shared by the failure-analysis parser."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, reduce
from operator import or_
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])

# --------------------------------------------------------------------------- memos

# The parser's text helpers are memoised in plain dicts (`lru_cache(maxsize=None)`): the
# bookkeeping of bounded caches cost a twentieth of a cold parse. `_trim_memos` empties them
# all once the largest passes `_MEMO_LIMIT` entries, so a long import's memory stays bounded.
_MEMOS: list[Any] = []
_MEMO_LIMIT = 20_000


def _memo(function: _F) -> _F:
    cached = lru_cache(maxsize=None)(function)
    _MEMOS.append(cached)
    return cached  # type: ignore[return-value]


def _trim_memos() -> None:
    """Empty every memo once one of them holds more than `_MEMO_LIMIT` entries."""
    if max(memo.cache_info().currsize for memo in _MEMOS) > _MEMO_LIMIT:
        _clear_memos()


def _clear_memos() -> None:
    """Empty every memo (`bench/parse.py` starts each timed pass cold with it)."""
    for memo in _MEMOS:
        memo.cache_clear()


# --------------------------------------------------------------------------- vocabulary

_LEVEL_WORDS = {
    "critical": "Critical",
    "blocking": "Critical",
    "blocker": "Critical",
    "blockers": "Critical",
    "severe": "Critical",
    "showstopper": "Critical",
    "show-stopper": "Critical",
    "p0": "Critical",
    "high": "High",
    "major": "High",
    "p1": "High",
    "medium": "Medium",
    "moderate": "Medium",
    "med": "Medium",
    "crit": "Critical",
    "p2": "Medium",
    "low": "Low",
    "minor": "Low",
    "trivial": "Low",
    "nit": "Low",  # ("3 blockers, 2 nits": a reviewer's smallest kind)
    "nits": "Low",
    "p3": "Low",
    "s1": "Critical",
    "s2": "High",
    "s3": "Medium",
    "s4": "Low",
    **{
        f"sev{sep}{n}": level
        for n, level in zip("1234", ("Critical", "High", "Medium", "Low"), strict=True)
        for sep in ("", "-", " ")
    },
}
# (P0-P3 only as words of their own: "p2" inside "http2" says nothing.  Written "p(?<!\w.)"
# rather than "\bp": every branch then opens with a letter, so a search jumps from one
# possible first letter to the next in C instead of trying each position, twice as fast.)
_LEVEL_ALT = (
    r"critical|blocking|blockers?|s(?:evere|how-?stopper|(?<!\w.)ev[- ]?[1-4]\b)|high|major|medium"
    r"|moderate|low|minor|trivial|nits?\b"
    r"|p(?<!\w.)[0-3]\b"
)
_LEVEL_RE = re.compile(rf"\b({_LEVEL_ALT})\b", re.I)
# A level in brackets, labelled or not: "(High)", "[CRITICAL]", "(Severity: Major)", "(impact:
# medium)", "(**High**)", "(High Severity)" (a pattern's text: its one group is the level).
_BRACKETED_LEVEL = (
    r"[(\[][\s*_]*(?:(?:sev(?:erity)?|impact|priority|risk|level)(?:[ \t]+(?:rating|level))?"
    rf"[ \t]*[:=][ \t]*)?({_LEVEL_ALT})(?:[ \t]+(?:severity|priority|impact))?[\s*_]*[)\]]"
)
# "… Bucket, Firehose and alarms untagged. Low.": a last sentence that is only a level word.
_SENTENCE_LEVEL_RE = re.compile(rf"(?:^|[.!?)`][ \t]+)({_LEVEL_ALT})\.$", re.I)
_LEVEL_INITIALS = frozenset("cbshmltpCBSHMLTP")  # (what a level word can open with)
# The level words as written in capitals ("CRITICAL. The stack never deploys …").
_CAPS_LEVELS = "CRITICAL|HIGH|MEDIUM|LOW|MAJOR|MINOR|BLOCKER|BLOCKING|MODERATE|TRIVIAL"
# A table cell's or a severity label's level, "Med", "Crit" and "S1"-"S4" too: a column of
# levels abbreviates them. (Not in running text: "S3" is a bucket there.)
_CELL_LEVEL_RE = re.compile(rf"\b({_LEVEL_ALT}|med|crit|s[1-4]|sev[- ]?[1-4])\b", re.I)
# A thematic break: a line of three dashes, stars or underscores.
_RULES = ("---", "***", "___")
_NONE_VALUE_RE = re.compile(r"^\W*(none|n/?a|unrated|unknown|-)\W*$", re.I)
# A level word counts in a heading only where it reads as a level, not as in "High Availability".
_HEADING_LEVEL_RE = re.compile(
    # ("High Availability", "Low Latency", "Critical Path" are topics; "Major Throughput
    # Misconfiguration" is a level)
    rf"^[\W\d_]*(?:severity|priority|level)?\W*({_LEVEL_ALT})\b(?!\s+(?:level\s+design|path))"
    r"(?!(?:(?<=high)|(?<=low))\s+(?:availability|latency|throughput|cost))"
    # ("(Critical)", "(all Critical)", "(both High)", "(rated Critical)")
    rf"|[\[(]\s*(?:(?:all|both|each|rated)\s+)?({_LEVEL_ALT})\b"
    # ("- Critical Security Risk": one word may come between.)
    rf"|\b({_LEVEL_ALT})(?![\s-]+(?:availability|latency|throughput|cost)\b)[\s-]+"
    r"(?:[a-z]+[\s-]+)?(?:severity|priority|impact|risk)\b"
    rf"|\b(?:severity|priority|impact|risk)\s*[:=-]\s*({_LEVEL_ALT})\b"
    rf"|\b(?:severity|priority)\s+({_LEVEL_ALT})\b"  # ("Resilience Gaps — severity medium")
    # ("Cosmetic / Minor", "Security Issues — all Critical")
    rf"|(?<!\bnon)(?:[-–—:]|\s/)\s*(?:(?:all|both|each|rated)\s+)?({_LEVEL_ALT})\s*\W*$"
    rf"|^[\W\d_]*(?:[\w-]+\s+){{1,2}}({_LEVEL_ALT})\s+"
    r"(?:issues|failures|problems|findings|errors|bugs|defects|flaws|gaps|nits)\b"
    # ("Credentials: A Critical Failure in Secret Handling", "Backups: Minor but Real": the
    # subtitle rates the topic)
    rf"|:\s+(?:an?\s+)?({_LEVEL_ALT})\s+(?:failure|issue|problem|omission|gap|flaw|defect|mistake)\b"
    rf"|:\s+({_LEVEL_ALT})\s+but\b"
    # "Deployment-Blocking Problems": a level fused to the word before it.
    rf"|^[\W\d_]*(?!non\b)[a-z]+-({_LEVEL_ALT})\s+"
    r"(?:issues|failures|problems|findings|errors|bugs|defects|flaws|gaps)\b"
    # "Deployment blockers", "Deployment Blockers (Will Crash cdktf deploy)": what stops the
    # release, a critical group.
    r"|^[\W\d_]*(?!no\b|non\b)(?:[\w-]+\s+){1,2}(blockers)(?:\s*\([^()]*\))?\W*$"
    # "State Management: The Single Most Critical Failure"
    r"|\bmost\s+(critical|severe)\s+(?:failure|issue|problem|flaw|bug|error)\b"
    # "Category C: Minor Code Issues": a level word opening what follows a category's letter.
    rf"|^[\W_]*(?:category|tier|group|class)\s+\w{{1,2}}\s*[:.)–—-]\s*({_LEVEL_ALT})\b"
    rf"(?!\s+(?:availability|latency|throughput|level\s+design|cost|path))",
    re.I,
)

# (Alternatives are grouped by first letter, and "\b" is checked after the first letter, so the
# regex engine skips positions whose letter starts no word: three times as fast, same matches;
# tests/test_analysis.py pins each grouped pattern to its original.)
_FAILURE_WORD_RE = re.compile(
    r"f(?:ailure|(?<![dD][eE].)ault|law|inding|(?<!\w.)(?:ail|ix(?!tur)))|i(?:ssue|ncorrect)|problem|error"
    r"|b(?:ug|roken|reaks\b|ad practice)|m(?:istake|issing|isconfigur)"
    r"|d(?:efect|eficien|iscrepanc|eviat|iverg)"
    r"|v(?:iolation|ulnerab)|w(?:rong|eakness)|c(?:orrection|oncern)|shortcoming|gaps?\b"
    r"|(?<!\w)nits\b"  # ("## Additional Minor Nits")
    r"|requested\s+changes|changes\s+requested"  # (a code review's)
    r"|f(?:ell|alls?)\s+(?:short|apart|over)|shortfall|bad\s+news|\bwhat\s+broke\b|\bbroke\b",
)
# Sections listing what went right, advice or lessons: nothing in them is a failure.
_NON_FAILURE_SECTION_RE = re.compile(
    r"a(?:dvantages|daptations?\b|voided\b|dditional\s+notes"
    r"|(?<!\w.)ll\s+(?:[\w-]+\s+){0,3}(?:issues|failures|problems|errors|bugs|findings|tests|checks)"
    r"\s+(?:(?:are|were|have\s+been|now)\s+)?(?:resolved|fixed|addressed|pass))"
    r"|b(?:enefits|est\s+practices)"
    r"|c(?:orrectly\s+(?:implemented|configured|handled|done)|ompliant\b"
    r"|hecked\s+and\s+(?:fine|ok|correct|good)\b"
    r"|ompatibility\s+adjustments|onfigured\s+correctly)"
    r"|d(?:id\s+(?:right|well|fine|better|correctly)|ebugging\s+tips|ecisions?\b|one\s+(?:correctly|well)"
    r"|oes\s+better)"
    r"|g(?:ot|ets)\s+(?:it\s+|things\s+|this\s+)?right|h(?:andled\s+(?:correctly|well)|eld\s+up"
    r"|ow\s+to\s+(?:fix|avoid|prevent|detect|recogni[sz]e|resolve))"
    r"|implemented\s+correctly|justification|found\s+(?:to\s+be\s+)?(?:correct|fine)\b"
    r"|k(?:nowledge\s+gap|ept(?:\s+(?:as[\s-]+is|unchanged|intact))?\W*$|ey\s+features)|gaps\s+in\s+(?:the\s+)?(?:model(?:['’]s)?\s+)?knowledge"
    r"|l(?:essons?\b|earn(?:ed|ing)|ocalstack\s+(?:compatibility|configuration|modifications))"
    r"|m(?:itigation|odel\s+performance)|next\s+steps"
    r"|p(?:ositive|revention|atterns?\s+(?:of|behind|across|underlying)|attern\s+analysis|reserved)"
    r"|r(?:ecommend|equirements?\s+(?:met|satisfied|fulfilled)|oot\s+cause\s+analysis)"
    r"|s(?:trengths?\b|tronger\b|cor(?:e|ing\b)|uccess|trategies|uperior|kill\s+level)"
    r"|t(?:akeaway|raining\s+(?:value|quality|improvement|impact|focus|data))"
    r"|unchanged|v(?:erdict|erified\s+working)|that\s+worked\b"  # ("## Patterns That Worked")
    r"|w(?:ent\s+(?:right|well)|hat\s+worked|ell[- ]done|hy\s+did|hy\s+the\s+ideal|orking\s+correctly"
    r"|(?:as|ere)\s+(?:already\s+)?(?:correct|fine|good|strong)\b|orked\s+well)"
    r"|no\s+changes?\s+(?:needed|required)|retained\s+from|already\s+(?:correct|fine|right)\b"
    r"|^\W*kept\s+as[\s-]+is\b|\bwas\s+(?:actually\s+)?better\b"  # ("Where X Was Better")
    # "## Project Structure" over "### 1. network.go — VPC and subnets": the files, described.
    r"|^\W*(?:project|directory|folder|repository)\s+(?:structure|layout)\W*$"
    # "## Future Enhancement Opportunities (Non-blocking)": what could come next.
    r"|enhancement\s+opportunit|future\s+(?:enhancements?|improvements?|work)\b"
    # "## What I Delivered" over "**Fixes:**": the reviewer's own work.
    r"|what\s+(?:i|we)\s+(?:delivered|built|implemented|changed)\b|^\W*deliverables\W*$"
    r"|what\s+the\s+model\s+(?:delivered|implemented)\W*$"
    # "## Infrastructure Delivered" over what the reviewer built when the model gave nothing
    r"|^\W*(?:infrastructure|components?|resources)\s+delivered\W*$"
    r"|^\W*work\s+(?:delivered|done|completed)\W*$|what\s+was\s+(?:built|delivered)\b"
)
# Sections about the document (summaries, overviews): items there need labelled fields to count.
_META_SECTION_RE = re.compile(
    r"summary|conclusion|statistic|breakdown|appendix|impact\s+of\s+(?:the\s+)?(?:fixes|changes)"
    r"|\btl;?\s*dr\b|\berrat(?:a|um)\b|\brecap(?:s|itulation)?\b|\btall(?:y|ies)\b|\bscorecard\b"
    r"|test\s+(?:coverage|suite)\s+(?:for|of)\b|executive|categor(?:y|ies)\b|deployment\s+(?:status|results?)|files\s+modified"
    r"|changelog|latest\s+(?:changes|updates)|outcomes?\b|key\s+findings"
    r"|overall\s+(?:assessment|evaluation|quality|rating|grade)\b",
)
_NEUTRAL_SECTION_RE = re.compile(
    r"validat(?:ion|ed)|c(?:ompliance|ontext|omparison|hecked\b)|overview|testing|metrics|coverage\b"
    # ("Summary Table", "Issue table": a table ends the name; "DynamoDB table name …" is none.)
    r"|\btables?\W*$"
    r"|a(?:ssessment|nalysis\s+of|rchitecture)|re(?:sults?\b|ferences?\b|quirements)|notes?\b"
    r"|s(?:tatus|ervices|cope\b)|i(?:mprovements?|ntroduction|mplementation)"
    r"|e(?:nvironment|nhancements\b|(?<!\w.)xpected\b)"
    r"|o(?:bservations\b|ptimi[sz]ations\b)|background|considerations\b"
)
_HARD, _SOFT = 2, 1

# Headings that name a part of one item ("### Root Cause", "#### Why This Matters"): never an
# item themselves, and their bullets are the item's details, not further failures.
_ITEM_PART_RE = re.compile(
    r"(?:why\b|root\s+causes?|(?:\w+\s+)?impact\b|consequences?\b|problem(?:\s+description|\s+statement)?$"
    r"|issue(?:\s+description)?$|description|details|fix(?:es)?\b|solution|resolution|correct"
    r"|expected|actual|evidence|learning|lessons?|severity|category|training|error\s+(?:message|output)"
    r"|symptoms?|explanation|what\s+(?:went\s+wrong|was|the\s+model|happened)|before|after"
    r"|verification|how\s+to|model'?s?\s+(?:implementation|response|code|approach|output)"
    r"|ideal|original\b|the\s+problem|current\s+(?:code|implementation|state)|required\s+(?:fix|change)"
    r"|code\b|example|references?\b|documentation(?:\s+(?:references?|links?|sources?))?\W*$"
    r"|changes?\s+made|test(?:ing)?\s+(?:results?|coverage)"
    r"|deployment\s+(?:results?|status)|files?\s+(?:modified|changed)|location|affected)"
)
# A section of fixes only ("## Fixes Applied"): often restates the failures listed above it.
_FIX_SECTION_RE = re.compile(
    r"f(?<!\w.)ix(?!tur)|correction|re(?:solution|mediation)|changes\s+made"
)
# "Summary", "Severity Breakdown", "Severity Assessment": a section that may state counts.
_COUNT_SECTION_RE = re.compile(
    r"summary|statistic|breakdown|overview|total|distribution|glance|assessment|scoring|verdict"
    r"|counts?\b|\btall(?:y|ies)\b|\bscorecard\b|severity[ \t]+(?:assessment|classification|levels?)"
)
_ISSUE_WORD_RE = re.compile(
    r"fail|issue|problem|error|bug|flaw|mistake|defect|gap|missing|wrong|incorrect|brok(?:e|en)\b"
)


# "DNS Resolution Configuration": name lookup, not the resolution of an issue.
_LOOKUP_RESOLUTION_RE = re.compile(
    r"\b(?:dns|name|hostname|domain|address|path|region|endpoint)\s+resolution", re.I
)


def _is_fix_section(text: str) -> bool:
    if _section_words(text) & (_FIX | _ISSUE) != _FIX:
        return False
    if ("esolution" in text or "ESOLUTION" in text) and _LOOKUP_RESOLUTION_RE.search(text):
        return _section_words(_LOOKUP_RESOLUTION_RE.sub(" ", text)) & (_FIX | _ISSUE) == _FIX
    return True


_NUMBERED_PART_RE = re.compile(r"\w+\s*#?\d")  # "Fix 3: …" is an item, not a part
_PART_PLURAL_RE = re.compile(
    r"\b(?:issues|failures|problems|errors|gaps|mistakes|flaws|bugs|findings|defects)\b"
    # "Fixes Made During Review": what the review did, a section of it
    r"|\bduring\s+(?:the\s+)?(?:review|qa|testing|validation|deployment)\b"
    # "### Corrections in the stack (lib/stack.go)": the corrections made to one file or part
    r"|^(?:corrections|fixes)\s+(?:in|to|for)\s+(?:the\s+)?\S"
)


@_memo
def _is_item_part(text: str) -> bool:
    """Whether a heading names a part of an item ("Root Cause", "Fix Applied:", "Impact")."""
    low = text.lower().lstrip(" \t*_#>`'\"-–—:🔴🟠🟡🟢❌✅⚠️🔍🔧📋💡🎯")
    low = low.lstrip()
    if len(low) > 60 or not _ITEM_PART_RE.match(low) or _NUMBERED_PART_RE.match(low):
        return False
    return not _PART_PLURAL_RE.search(low)


_ITEM_WORDS = (
    r"failure(?:[ \t]+mode)?|issue|flaw|problem|bug|error|fault|finding|mistake|defect|gap|deficiency"
    r"|discrepancy|deviation"
)
# An item word and its number: "Issue 4", "Flaw #2".
_ITEM_NUMBER_RE = re.compile(rf"(?:{_ITEM_WORDS})[ \t]*#?\d{{1,3}}", re.I)
_NUM = r"(?:\d{1,4}(?:\.\d{1,4})*|\d{1,3}[a-h](?=[.)])|(?-i:[IVX]{1,6})(?=[.)])|[a-h]|(?-i:[i-z]))"
# "1. Title", "1) Title", "Issue 2: Title", "Failure #3 - Title", "FAILURE-01: Title",
# "Problem B: Title",
# "a. Title", "#1 Title", "F2. Title", "F2 — Title", and an upper-case ID before a colon ("SEC-4:
# Title", "F-3: Title", "R1-2. Title", "F-01 | Title", "IAC-1 · Title", "CF-1 — Title", "F-01 JWT audience
# wrong"); the title is group 5.
_NUMBERED_RE = re.compile(
    rf"^(?:(?:(?:[a-z]+[ \t-])?(?:{_ITEM_WORDS})|fix|correction|modification|change|improvement|item)"
    rf"\s*[#-]?\s*"
    rf"(\d{{1,4}}(?:\.\d{{1,4}})*|(?-i:[A-Z])(?=\s*[:.\-–—)·|]))\b\.?\s*[:.\-–—)·|]?\s*"
    # ("R1 — Title" is numbered; "P1 — Title" says its priority, a level.)
    rf"|(?:#|(?-i:[A-OQ-Z])(?=\d)|\((?=\w{{1,4}}\)))?({_NUM})(?:[.)]\s+|(?:(?<=#\d)|(?<=#\d\d))\s+"
    rf"|(?:(?<=[A-Z]\d)|(?<=[A-Z]\d\d))\s+[—–]\s+)"
    rf"|(\d{{1,4}}(?:\.\d{{1,4}})+)\s+"
    rf"|(?-i:[A-Z][A-Z0-9]{{0,11}})-(\d{{1,4}})(?:\s*[:·|—–]\s+|\.\s+|\s+(?=[A-Z`*_])))(.*)$",
    re.I,
)
_PREFIXED_RE = re.compile(rf"^(?:{_ITEM_WORDS})\s*[:\-–—]\s*(.+)$", re.I)
# A table's delimiter row, its newline leading (one search finds every table's; the header is
# the line above).
_DELIMITER_ROW_RE = re.compile(r"\n[ \t]*\|?[ \t]*:?-+:?[ \t]*\|")
_FENCE_OPEN_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_SETEXT_RE = re.compile(r"^ {0,3}(?:={3,}|-{3,})[ \t]*$")
_BEST_PRACTICES_RE = re.compile(r"best\s+practices", re.I)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINALS += ("tenth",)  # ("the tenth item … should be High, not Low")
# What a review says went right ("## What went well"); praise also names strengths.
_WENT_WELL = (
    r"\b(?:went|did|done|does)\s+(?:well|right)\b|\b(?:got|gets)\s+right\b|\bwhat\s+worked\b"
    r"|\bhandled\s+(?:correctly|well)\b"  # ("## 4. Areas Handled Correctly")
    r"|\bkept\s+as[\s-]+is\b"  # ("## 3. Things Kept As-Is", "**Kept as-is: OIDC trust**")
    # ("### 4. Correctly Implemented (no action needed)")
    r"|\bcorrectly\s+implemented\b|\bimplemented\s+correctly\b|\bno\s+action\s+needed\b"
    r"|\bchecked\s+and\s+(?:fine|ok|correct|good)\b"  # ("### D. CHECKED AND FINE")
    # ("## 5) Credit where it's due", "Things it nailed", "Points Where the Model Was Correct")
    r"|\bcredit\s+where\b|\bthings\s+(?:it|the\s+model)\s+nailed\b"
    # ("### 3. Strengths Preserved in the Model Response", "## What the Model Delivered")
    r"|\bstrengths\s+(?:preserved|kept|retained)\b"
    r"|\bwhat\s+the\s+model\s+(?:delivered|implemented|got\s+done)\W*$"
    r"|\bwhere\s+(?:the\s+)?(?:model|response|it)\s+(?:was|were|got\s+it)\s+(?:correct|right)\b"
)
_WENT_WELL_RE = re.compile(_WENT_WELL, re.I)
_PRAISE_LINE_RE = re.compile(
    _WENT_WELL + r"|\bworked\s+(?:well|right|fine)\b|\bstrengths?\b|\bpositives?\b"
    r"|^\W*look(?:ed|s)\s+(?:fine|good|ok(?:ay)?|correct)\b"  # ("Looked fine:")
    r"|\b(?:things?|checks?|tests?)\s+that\s+passed\b",  # ("Things that passed:")
    re.I,
)
# A table's delimiter row ("|---|:-:|", GFM: one dash a cell is enough).
_TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_NOT_SETEXT_RE = re.compile(r"^\s*(?:[-*+>|#]|__|\d{1,3}[.)]\s|={3,}|-{3,})")
# `**Label**: value`, `**Label:** value`, `- **Label**: value`, `Severity: value`.
# The label is matched a run of plain characters at a time (the tail can only start at a
# space, colon or closing mark), which is twice as fast as a character at a time; its length
# limit is checked in `_match_label`.
_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\*\*|__)((?:[^*_\n:\t ]++|[:\t ]|_(?!_))+?)[ \t]*(:?)"
    r"[ \t]*(?:\*\*|__)[ \t]*(:?)[ \t]*(.*)$"
)
# (Also in a quote, in italics or after a mark: "> Severity: Critical", "*Severity: high*",
# "> 🔴 Severity: Critical — …".)
_PLAIN_LABEL_RE = re.compile(
    r"^[ \t]*(?:>[ \t]*)?(?:[-*+][ \t]+)?(?:[\u2600-\u27bf\U0001f300-\U0001faff][\ufe0f]?[ \t]*)?"
    r"[*_]?(severity(?: level| rating)?|sev\.?|(?:failure )?impact(?: level)?|risk(?: level)?|level"
    r"|criticality|priority"
    r"|category|root cause|fix|issue"
    r"|problem|(?:re)?solution|original|fixed|before|after|error message|training value|observed"
    r"|model (?:output|response)|model|ideal(?: response)?"
    r"|expected"
    r"|remediation|actual)[*_]?[ \t]*:[ \t]*(.*)$",
    re.I,
)
_BOLD_LINE_RE = re.compile(r"^[ \t]*(?:\*\*|__)(.+?)(?:\*\*|__)[ \t]*:?[ \t]*$")
_LIST_ITEM_RE = re.compile(r"^( {0,3})(?:\d{1,3}[.)]|[-*+])[ \t]+(.*)$")
_BOLD_TITLE_RE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:\-–—]?\s*(.*)$")
_URL_RE = re.compile(r"https?://[^\s)\]>\"'`]+")
# ("- a", "1. a", "(a) a", "b) a": a list's entries, lettered too)
# ("Gap 1 - the difference between …": numbered by the word)
_GAP_ITEM_RE = re.compile(
    r"^\s*(?:\d{1,3}[.)]|[-*+]|\(?[a-h]\)|[a-h]\.|\(\d{1,2}\)|[Gg]ap\s+\d{1,2}\s*[-–—:.])\s+(.*)$"
)
_LEADING_ESCAPE_RE = re.compile(r"^\\([!-/:-@\[-`{-~])")

# Field labels -> Failure attribute; impact and reference labels are matched by shape.
_FIELD_LABELS = {
    "severity": "severity",
    "consequence": "impact:general",  # ("* **Consequence:** …" where others write Impact)
    "consequences": "impact:general",
    "impact level": "severity",
    "severity level": "severity",
    "priority": "severity",
    "criticality": "severity",
    "risk level": "severity",
    "risk": "severity",
    "risk rating": "severity",
    "severity rating": "severity",
    "impact severity": "severity",
    "impact rating": "severity",
    "priority level": "severity",
    "severity/impact": "severity",
    "level": "severity",
    "sev": "severity",
    "sev.": "severity",
    "impact/severity": "severity",
    "how bad": "severity",  # ("**How bad**: critical")
    "how serious": "severity",
    "seriousness": "severity",
    "category": "category",
    "failure category": "category",
    "issue category": "category",
    "model_response issue": "model_snippet",
    "model_response issues": "model_snippet",
    "model response issues": "model_snippet",
    "model response issue": "model_snippet",
    "model_response": "model_snippet",
    "model response": "model_snippet",
    "model output": "model_snippet",
    "model": "model_snippet",
    "issue": "model_snippet",
    "issues": "model_snippet",
    "problem": "model_snippet",
    "the problem": "model_snippet",
    "the issue": "model_snippet",
    "what went wrong": "model_snippet",
    "what was wrong": "model_snippet",
    "failure": "model_snippet",
    "failures": "model_snippet",  # ("**Failures**:" over an item's list of what broke)
    "problems": "model_snippet",
    "fault": "model_snippet",
    "flaw": "model_snippet",
    "original": "model_snippet",
    "original code": "model_snippet",
    "before": "model_snippet",
    "actual": "model_snippet",
    "incorrect": "model_snippet",
    "wrong": "model_snippet",
    "model issue": "model_snippet",
    "description": "model_snippet",
    "observed": "model_snippet",
    "original issue": "model_snippet",
    "original issues": "model_snippet",
    "problem found": "model_snippet",
    "issue found": "model_snippet",
    "problem identified": "model_snippet",
    "issue identified": "model_snippet",
    "missing": "model_snippet",
    "model shortcomings": "model_snippet",
    "model shortcoming": "model_snippet",
    "shortcomings": "model_snippet",
    "what broke": "model_snippet",
    "ideal_response fix": "ideal_fix",
    "ideal_response improvements": "ideal_fix",
    "ideal response improvements": "ideal_fix",
    "should be": "ideal_fix",
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
    "after": "ideal_fix",
    "fixed": "ideal_fix",
    "fixed code": "ideal_fix",
    "correct": "ideal_fix",
    "corrected": "ideal_fix",
    "correction": "ideal_fix",
    "remediation": "ideal_fix",
    "how to fix": "ideal_fix",
    "recommended fix": "ideal_fix",
    "required fix": "ideal_fix",
    "ideal fix": "ideal_fix",
    "fix required": "ideal_fix",
    "correction applied": "ideal_fix",
    "correct implementation": "ideal_fix",
    "fixed implementation": "ideal_fix",
    "resolutions": "ideal_fix",
    "root cause": "root_cause",
    "root causes": "root_cause",
    "cause": "root_cause",
    "reason": "root_cause",
    "why it failed": "root_cause",
    "why it happened": "root_cause",
    "failure reason": "root_cause",
    "error message": "error_message",
    "error": "error_message",
    "errors": "error_message",
    "error output": "error_message",
    "deployment error": "error_message",
    "build error": "error_message",
    "warning": "error_message",
    "warning message": "error_message",
    "training value": "training_value",
}
# One-word labels long enough that a misspelling of them is still unmistakably them.
_SPELLED_LABELS = tuple(k for k in _FIELD_LABELS if k.isalpha() and len(k) >= 7)
_FIELD_NAMES = ("model_snippet", "ideal_fix", "root_cause", "error_message", "training_value")


# The section-word patterns are read from a text's words, not by a regex scan per pattern.
# A pattern's one-word alternatives lie inside one run of word characters (a "word"), and
# search the same in it as in the whole text ("\b" and "(?<!\w.)" see a non-word character or
# an end either way); the words repeat across headings, so what each word holds is memoised.
# The alternatives that span words ("best practices") need their first word to end a word, so
# only a text with such a word is searched with the whole pattern.  Bits per word: which
# patterns it matches, and (shifted by _MAYBE) which patterns' spanning alternatives it may start.
# A text is cut into words in two steps, each memoised: at whitespace (`str.split`, several
# times faster than a `\w+` scan), then each piece ("failures:") into its words.
_WORD_RE = re.compile(r"\w+")
_FAILURE, _NON_FAILURE, _META, _NEUTRAL, _FIX, _ISSUE, _ANY_LEVEL, _IMPACT, _COUNT = (
    1 << n for n in range(9)
)
_MAYBE = 16
_WORD_PATTERNS = (
    (
        _FAILURE,
        r"f(?:ailure|(?<![dD][eE].)ault|law|inding|(?<!\w.)(?:ail|ix(?!tur)))|i(?:ssue|ncorrect)|problem|error"
        r"|b(?:ug|roken|reaks)|m(?:istake|issing|isconfigur)|d(?:efect|eficien|iscrepanc|eviat|iverg)"
        r"|v(?:iolation|ulnerab)|w(?:rong|eakness)|c(?:orrection|oncern)|shortcoming|shortfall|gaps?\b"
        r"|(?<!\w)nits\b",
        r"bad|requested|changes|fell|falls?|broke",
    ),
    (
        _NON_FAILURE,
        r"a(?:dvantages|daptations?\b|voided\b)|benefits|compliant\b|decisions?\b|justification"
        r"|lessons?\b|learn(?:ed|ing)|mitigation|p(?:ositive|revention|reserved)|recommend"
        r"|s(?:trengths?\b|tronger\b|cor(?:e|ing\b)|uccess|trategies|uperior)|takeaway|unchanged"
        r"|verdict",
        r"additional|all|best|correctly|gaps|compatibility|configured|did|debugging|done|got|gets|handled|held|how|checked"
        r"|implemented|knowledge|key|localstack|model|next|patterns?|requirements?|root|skill|found"
        r"|training|verified|was|went|were|what|well|why|worked|working|no|retained|does"
        r"|structure|layout|deliverables|enhancement|future|work|kept|that|infrastructure"
        r"|components?|resources|already",
    ),
    (
        _META,
        r"summary|conclusion|statistic|breakdown|appendix|executive|categor(?:y|ies)\b|changelog"
        r"|outcomes?\b|^tldr$|^errat(?:a|um)$|^recap(?:s|itulation)?$|^tall(?:y|ies)$|^scorecard$",
        r"impact|test|deployment|files|latest|overall|key|tl",
    ),
    (
        _NEUTRAL,
        r"validat(?:ion|ed)|c(?:ompliance|ontext|omparison|hecked\b)|overview|testing"
        r"|metrics|coverage\b"
        r"|a(?:ssessment|rchitecture)|re(?:sults?\b|ferences?\b|quirements)|notes?\b"
        r"|s(?:tatus|ervices|cope\b)|i(?:mprovements?|ntroduction|mplementation)"
        r"|e(?:nvironment|nhancements\b|(?<!\w.)xpected\b)|o(?:bservations\b|ptimi[sz]ations\b)"
        r"|background"
        r"|considerations\b",
        r"analysis|tables?",
    ),
    (_FIX, r"f(?<!\w.)ix(?!tur)|correction|re(?:solution|mediation)", r"changes"),
    (_ISSUE, _ISSUE_WORD_RE.pattern, None),
    (_ANY_LEVEL, _LEVEL_ALT + r"|^sev$", None),  # ("Sev-2": the word "sev", then its number)
    (_IMPACT, r"impact", None),
    # A section whose lines may state the summary's severity counts.
    (
        _COUNT,
        r"summary|statistic|breakdown|overview|total|distribution|glance|assessment|scoring|verdict"
        r"|counts?\b|^tall(?:y|ies)$|^scorecard$",
        r"severity",
    ),
)
_WORD_CHECKS = tuple(
    (bit, re.compile(one).search, re.compile(rf"(?:{first})$").search if first else None)
    for bit, one, first in _WORD_PATTERNS
)
_FULL_PATTERNS = (
    (_FAILURE, _FAILURE_WORD_RE),
    (_NON_FAILURE, _NON_FAILURE_SECTION_RE),
    (_META, _META_SECTION_RE),
    (_NEUTRAL, _NEUTRAL_SECTION_RE),
    (_FIX, _FIX_SECTION_RE),
    (_COUNT, _COUNT_SECTION_RE),
)


# Most words hold none of them: one search of all the alternatives tells those apart.
_ANY_SECTION_WORD = re.compile(
    "|".join(f"(?:{one})" + (f"|(?:{first})$" if first else "") for _, one, first in _WORD_PATTERNS)
).search


@_memo
def _piece_bits(piece: str) -> int:
    """The bits of the words in a whitespace-free piece of text."""
    words = _WORD_RE.findall(piece)
    if len(words) == 1:
        return _word_bits(words[0])
    return reduce(or_, map(_word_bits, words), 0)


@_memo
def _word_bits(word: str) -> int:
    if _ANY_SECTION_WORD(word) is None:
        return 0
    bits = 0
    for bit, one, first in _WORD_CHECKS:
        if one(word):
            bits |= bit
        elif first is not None and first(word):
            bits |= bit << _MAYBE
    return bits


_CAPS_JOIN_RE = re.compile(r"(?<=[A-Z])_(?=[A-Z])")


@_memo
def _section_words(text: str) -> int:
    """Which section-word patterns the lower-cased `text` matches, as bits."""
    low = text.lower()
    if "justification" in low:
        # "PriceClass_All Without Justification": a failure's title, not a rationale section
        low = _UNJUSTIFIED_RE.sub(" missing ", low)
    bits = reduce(or_, map(_piece_bits, low.split()), 0)
    maybe = bits >> _MAYBE
    if maybe & ~bits:
        for bit, pattern in _FULL_PATTERNS:
            if maybe & bit and not bits & bit and pattern.search(low):
                bits |= bit
    return bits & 0xFFFF


_UNJUSTIFIED_RE = re.compile(
    r"\b(?:without|no|lacks?|lacking|missing)\s+(?:\w+\s+)?justification\b"
)


def _mentions_failure(text: str) -> bool:
    return bool(_section_words(text) & _FAILURE)


def _is_non_failure_section(text: str) -> bool:
    return bool(_section_words(text) & _NON_FAILURE)


def _is_meta_section(text: str) -> bool:
    return bool(_section_words(text) & _META)


def _is_neutral_section(text: str) -> bool:
    return bool(_section_words(text) & _NEUTRAL)


def _level(word: str | None) -> str | None:
    return _LEVEL_WORDS.get(word.lower()) if word else None


# Every branch of `_HEADING_LEVEL_RE` needs a level word, so text whose lower-cased form holds
# none cannot match (unless it has a character that case-folds onto a level word's letter
# without lower-casing to it: "ı" and "ſ" match "i" and "s" case-blind, "İ" lower-cases to two).
_ODD_FOLD_RE = re.compile("[\u0130\u0131\u017f]")


def _odd_folds(text: str) -> bool:
    """Whether `text` has a character that a case-blind pattern matches to a letter it does
    not lower-case to ("ı", "ſ", "İ"): then the section-word bits cannot rule a pattern out."""
    return not text.isascii() and _ODD_FOLD_RE.search(text) is not None


def _may_say_level(text: str) -> bool:
    """Whether `text`, or any part of it (a title cut from a heading), can say a level: it
    holds a level word, or a character that case-folds onto a level word's letter."""
    return bool(_section_words(text) & _ANY_LEVEL) or _odd_folds(text)


# A level out of five, five the most severe: "Severity: 4/5", "… — severity 4/5.", "(3/5)".
_FIVE_SCALE = {5: "Critical", 4: "High", 3: "Medium", 2: "Low", 1: "Low"}
_FIVE_SCALE_SAID_RE = re.compile(
    r"(?:severity[*_]*[ \t]*:?[*_ \t]*|\()([1-5])[ \t]*/[ \t]*5\b", re.I
)
# Colour marks ("🔴", "🟠" …): a legend gives them levels, where a document has one.
_MARKS = "\U0001f534\U0001f7e0\U0001f7e1\U0001f7e2\U0001f535\U0001f7e3\u26aa\u26ab"
_MARK_STRIP_RE = re.compile(f"[{_MARKS}]\ufe0f?[ \t]*")
# (Signs and marks, not letters: "é critical" keeps its first word; "ℹ" is a letter to a
# regex but a sign to a reader.)
_LEADING_SIGN_RE = re.compile(r"^(?:[^\x00-\x7f\w]|\u2139){1,3}[ \t]+")


@_memo
def _heading_level(text: str) -> str | None:
    if not _may_say_level(text):
        return None
    if not text.isascii():
        if any(mark in text for mark in _MARKS):
            text = _MARK_STRIP_RE.sub("", text)  # "Error Category: 🔴 Critical — KMS", "… 🟠 P1"
        if text[:1] > "~":
            text = _LEADING_SIGN_RE.sub("", text)  # "ℹ️ Minor": "ℹ" is a letter to a regex
    if "(" in text or "[" in text:
        # "Critical Infrastructure Fixes (Category B - Moderate)": a level in brackets is the
        # one the heading states; a level word before it may only describe the topic.
        m = _BRACKETED_HEADING_LEVEL_RE.search(text)
        if m is None and " but " in text:
            m = _BUT_LEVEL_RE.search(text)  # "(annoying but minor)"
        if m:
            return _level(m.group(1))
    m = _HEADING_LEVEL_RE.search(text)
    if not m:
        # "Error Category: Critical - KMS Key Policy": a named category's level, no letter.
        if "ategory:" in text or "ATEGORY:" in text:
            m = _NAMED_CATEGORY_LEVEL_RE.match(text)
            if m:
                return _level(m.group(1))
        return None
    return _level(next(g for g in m.groups() if g))


_BUT_LEVEL_RE = re.compile(
    rf"\([ \t]*[a-z][\w \t,'-]{{0,30}}?[ \t]but[ \t]+({_LEVEL_ALT})[ \t]*\)", re.I
)
_BRACKETED_HEADING_LEVEL_RE = re.compile(
    rf"[\[(]\s*(?:(?:category|tier|group|class)\s+\w{{1,2}}\s*[-–—:,]\s*"
    # ("(W2001, Low)": a linter's code, then the level)
    rf"|(?-i:[A-Z]{{1,3}}\d{{2,5}})\s*,\s*"
    # ("(2 Minor)", "(both minor)": how many there are, all of one level)
    r"|(?:\d{1,2}|two|three|four|five|six|both|all)\s+)?"
    rf"({_LEVEL_ALT})"
    # ("(MAJOR IMPROVEMENTS)", "(Minor Issues)": the level of what the bracket names)
    r"(?:[\s-]+(?:severity|priority|impact|risk|improvements?|issues?|failures?|problems?))?"
    r"\s*[)\]]",
    re.I,
)
_NAMED_CATEGORY_LEVEL_RE = re.compile(
    rf"^[\W_]*[a-z]+\s+category\s*:\s*({_LEVEL_ALT})\b"
    r"(?!\s+(?:availability|latency|throughput|level\s+design|cost|path))",
    re.I,
)


# "**Error Handling**:", "**Error Monitoring**:": a topic, not the error a deployment printed.
_ERROR_TOPIC_RE = re.compile(
    r"error (?:handling|rates?|monitoring|alarms?|alerts?|alerting|tracking|logging|detection"
    r"|reporting|metrics|notifications?|recovery|budgets?|boundar)"
)


_NUMBER_STARTS = frozenset("#0123456789")
_REFERENCE_KEY_RE = re.compile(
    r"^(?:(?:aws|api|further|useful|official|relevant|external|key|see)\s+)?(?:documentation\s+)?"
    r"references?(?:\s+(?:links?|docs?|documentation|material))?$"
    r"|^(?:[\w-]+\s+){0,2}(?:documentation|docs?|links?)\s+references?$"
    r"|^references?\s+(?:to|for)\s"
)


_QUALIFIED_LEVEL_RE = re.compile(
    r"(?:overall|assessed|final|estimated|actual|revised|adjusted|initial|effective|reviewer|our)"
    r" (?:severity|impact level|severity level)$"
)


def _bare_label_field(line: str) -> str | None:
    """The field a plain line that is only a label names ("Model Shortcomings:", "Why it
    happened:", "Should be:"), by the label words alone, else None (a sentence's lead-in,
    "Deployment failure with error:", is no label)."""
    if line[-1:] != ":" or not line[:1].isalpha() or line.count(" ") > 3:
        return None
    return _FIELD_LABELS.get(" ".join(line[:-1].lower().split()))


@_memo
def _label_field(label: str) -> str | None:
    """Which Failure attribute a bold label feeds: a field name, ``impact:<kind>``, ``references``."""
    key = " ".join(label.lower().replace("*", "").split()).rstrip(":")
    field = _FIELD_LABELS.get(key)
    if field:
        return field
    if key[-1:] == ")" and _QUALIFIER_RE.sub("", key) in ("severity", "impact level"):
        return "severity"  # "**Severity (revised):** Low", "Severity (final): High"
    if key.startswith("model_response") or key.startswith("model response"):
        return "model_snippet"
    if key.startswith("ideal_response") or key.startswith("ideal response"):
        return "ideal_fix"
    if key.startswith(("fix in ideal", "fixed in ideal", "correction in ideal")):
        return "ideal_fix"  # "**Fix in IDEAL_RESPONSE.md**:", "**Fixed In IDEAL_RESPONSE**:"
    if key.startswith(("issue in model", "problem in model")):
        return "model_snippet"
    # ("Failure 3: RDS Property Error" and "Error 1 — Replica in the wrong region" are
    # numbered titles, not error labels.)
    if (key.endswith(" error") and ":" not in key and not key[:1].isdigit()) or (
        key.startswith(("error ", "error:"))
        and key[6:7] not in _NUMBER_STARTS
        and not _ERROR_TOPIC_RE.match(key)
    ):
        return "error_message"
    if key in ("documentation", "docs", "aws documentation") or (
        "reference" in key and _REFERENCE_KEY_RE.match(key) is not None
    ):
        # (Not "KMS alias target reference", "1. Circular Reference" or "Session Manager
        # Preferences Document Name Is Reserved": failures' titles.)
        return "references"
    if key.endswith(
        (" severity", " impact level", " severity level")
    ) and _QUALIFIED_LEVEL_RE.match(key):
        return "severity"  # "**Overall Severity**: CRITICAL", "**Assessed Impact Level**: High"
    if key == "impact":
        return "impact:general"
    if key.endswith(" impact") and len(key) < 50:
        return "impact:" + key[: -len(" impact")].strip()
    return _FIELD_LABELS.get(_misspelt_label(key) or "")


_QUALIFIER_RE = re.compile(
    r"[ \t]*\((?:revised|updated|final|adjusted|re-?assessed|after review)\)$"
)


def _misspelt_label(key: str) -> str | None:
    """The label word a longer key misspells ("resoultion", "soluton"), by one edit or one
    swap of neighbours (two edits for words of ten letters or more); plurals and other words are not labels."""
    if not 6 <= len(key) <= 16 or not key.isalpha():
        return None
    for word in _SPELLED_LABELS:
        if word[0] != key[0] or abs(len(word) - len(key)) > 1 or key in (word + "s", word[:-1]):
            continue
        if _edits(key, word, 2 if len(word) >= 10 else 1):
            return word
    return None


def _edits(a: str, b: str, limit: int) -> bool:
    """Whether `a` becomes `b` within `limit` insertions, deletions, changes or swaps of
    neighbouring letters (optimal string alignment distance)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return False
        prev2, prev = prev, row
    return prev[-1] <= limit


def _is_label_word(label: str) -> bool:
    """Whether a bold text is a field label word itself ("Fix", "Root Cause"), not a title
    that happens to end like one ("TypeScript Compilation Error")."""
    return " ".join(label.lower().replace("*", "").split()).rstrip(":") in _FIELD_LABELS


def _match_label(line: str) -> re.Match[str] | None:
    """Match a bold label line: groups label (at most 80 characters), inner colon, outer
    colon, value."""
    m = _LABEL_RE.match(line)
    return m if m is None or len(m.group(1)) <= 80 else None


def _match_bold_line(line: str) -> re.Match[str] | None:
    """Match a line that is only bold text ("**Title**", "**Title:**"); the ending is checked
    first, as the lazy title would otherwise be tried at every character of a long line."""
    end = line.rstrip(" \t")
    if end[-1:] == ":":
        end = end[:-1].rstrip(" \t")
    if end[-2:] not in ("**", "__"):
        return None
    return _BOLD_LINE_RE.match(line)


@_memo
def _clean_inline(text: str) -> str:
    text = text.strip()
    m = _LEADING_ESCAPE_RE.match(text) if text[:1] == "\\" else None
    if m:
        return m.group(1) + text[2:]
    if len(text) <= 4 or text[:2] not in ("**", "__") or text[-2:] != text[:2]:
        return text
    # Unwrap "**bold**" (nested too) by moving two ends, not by copying the text at each
    # step: a 300 KB line of underscores would take quadratic time.
    start, end = 0, len(text)
    while end - start > 4 and text[start : start + 2] in ("**", "__"):
        if text[end - 2 : end] != text[start : start + 2]:
            break
        start, end = start + 2, end - 2
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return text[start:end]
