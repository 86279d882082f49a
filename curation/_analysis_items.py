"""Finding the failure items of a scanned document: sections' flags, numbered and labelled
headings, bold titles, lists under failure sections, and the items to drop."""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter
from collections.abc import Callable

from curation._analysis_doc import (
    _BOLD_ONLY_NUMBERED_RE,
    _atx_heading,
    _Doc,
    _enclosing,
    _Item,
)
from curation._analysis_fallback import (
    _REST_LEVEL_RE,
    _SENTENCE_END_RE,
    _TRAILING_SEVERITY_RE,
    _bare_title_lines,
    _bold_label_lists,
    _bold_number_leads,
    _bold_paragraphs,
    _cells,
    _column,
    _cross_marked_lines,
    _definition_terms,
    _inline_numbered_runs,
    _level_led_bullets,
    _ordinal_paragraphs,
    _plain_group_titles,
    _plain_numbered_items,
    _plain_section_paragraphs,
    _plain_title_lines,
    _prose_sub_headings,
    _rated_run_in_entries,
    _rated_run_in_lines,
    _rule_blocks,
    _run_on_items,
    _severity_led_titles,
    _table_items,
    _tagged_bullets,
    _ticket_lines,
    _title_list_items,
    _unchecked_boxes,
    _verdict_lines,
)
from curation._analysis_lists import (
    _is_tally_title,
    _list_items,
)
from curation._analysis_vocab import (
    _ANY_LEVEL,
    _BEST_PRACTICES_RE,
    _BOLD_TITLE_RE,
    _CAPS_JOIN_RE,
    _CELL_LEVEL_RE,
    _COUNT,
    _DELIMITER_ROW_RE,
    _FAILURE,
    _FIX,
    _HARD,
    _IMPACT,
    _ISSUE,
    _ITEM_WORDS,
    _LEADING_SIGN_RE,
    _LEVEL_ALT,
    _LEVEL_RE,
    _LIST_ITEM_RE,
    _MARKS,
    _META,
    _NEUTRAL,
    _NON_FAILURE,
    _NUMBERED_RE,
    _ODD_FOLD_RE,
    _PLAIN_LABEL_RE,
    _PRAISE_LINE_RE,
    _PREFIXED_RE,
    _RULES,
    _SOFT,
    _TABLE_RULE_RE,
    _WENT_WELL_RE,
    _clean_inline,
    _heading_level,
    _is_fix_section,
    _is_item_part,
    _is_meta_section,
    _is_neutral_section,
    _is_non_failure_section,
    _label_field,
    _level,
    _match_bold_line,
    _match_label,
    _memo,
    _mentions_failure,
    _odd_folds,
    _section_words,
)

# Every branch of `_NUMBERED_RE` needs a digit but "a. Title", whose letter is followed by "."
# or ")": text with neither is not numbered, and is told so without trying the pattern.
_ANY_DIGIT_RE = re.compile(r"\d")


def _numbered_match(text: str) -> re.Match[str] | None:
    if (
        text[1:2] not in (".", ")")
        and text[:1] not in _ROMAN_STARTS  # ("III. Title")
        and text[:1] != "("  # ("(a) Title")
        and _ANY_DIGIT_RE.search(text) is None
        and _LETTERED_ITEM_RE.match(text) is None
    ):
        return None
    return _NUMBERED_RE.match(text)


_ROMAN_STARTS = frozenset("IVX")
# "Problem B: Athena results unencrypted": an item lettered, not numbered.
_LETTERED_ITEM_RE = re.compile(
    rf"(?:[a-z]+[ \t-])?(?:{_ITEM_WORDS}|fix|correction)\s+[A-Z]\s*[:.\-–—)·|]", re.I
)  # ("### Fix A — Resolver Reads the Wrong Table" too)


# "🚨 **1. Title**", "🔴 Critical Issue 1: Title": marks before a title are decoration.
_LEADING_MARKS_RE = re.compile(
    r"^(?:[^\w\s*_#\\(\[`'\"<]|\u2139)+[ \t]+(?=\*\*|__|\w)"
)  # ("ℹ️ 5. …")


_LEVEL_TAG_ONLY_RE = re.compile(rf"[(\[][ \t]*(?:{_LEVEL_ALT})[ \t]*[)\]]\W*$", re.I)
_LEADING_LEVEL_TAG_RE = re.compile(
    rf"(?:\[[ \t]*(?:{_LEVEL_ALT})[ \t]*\]|\([ \t]*(?:{_LEVEL_ALT})[ \t]*\)(?=[ \t]*[:—–-]))"
    r"[ \t]*(?:[:—–-][ \t]*)?",
    re.I,
)


@_memo
def _numbered_of(text: str) -> tuple[str, re.Match[str] | None]:
    """A heading's cleaned text and its numbered match (shared by the two readers below);
    emoji or other marks before the number are left out."""
    text = _clean_inline(text)
    if text[:1] > "~":
        marks = _LEADING_MARKS_RE.match(text)
        if marks:
            text = _clean_inline(text[marks.end() :])
    elif text[:1] == "[" and (tag := _LEADING_LEVEL_TAG_RE.match(text)) is not None:
        # "[CRITICAL] Issue 1: Remote state ignored": a level tag, then the numbered title.
        numbered = _numbered_match(text[tag.end() :])
        if numbered is not None:
            return text[tag.end() :], numbered
    elif text[:2] in ("**", "__") and (lead := _BOLD_THEN_TAG_RE.match(text)) is not None:
        # "**1. Bucket not encrypted** (Severity: High)": the bold title, then its tag.
        unwrapped = f"{lead.group(2)} {text[lead.end() :].strip()}".strip()
        numbered = _numbered_match(unwrapped)
        if numbered is not None:
            return unwrapped, numbered
    return text, _numbered_match(text)


_BOLD_THEN_TAG_RE = re.compile(r"(\*\*|__)([^*_\n]{3,200}?)\1(?=[ \t]*[(\[])")


_BOLD_LEAD_RE = re.compile(  # (code in the bold may hold marks: "`s3:*`")
    r"\*\*((?:`[^`\n]*`|[^*`\n])+)\*\*(?=[ \t]+(?:[(\[][^()\[\]\n]{1,40}[)\]]$|[-–—:][ \t]))"
)


@_memo
def _numbered_title(text: str) -> str | None:
    text, m = _numbered_of(text)
    if m:
        title = _clean_inline(m.group(5))
        if title[:1] in ("—", "–", "-", ":", "·", "|") and title[1:2] == " ":
            title = title[2:].lstrip()  # "#41 — State machine role …": a separator, then the title
        if title[:1] in ("(", "[") and _LEVEL_TAG_ONLY_RE.match(title):
            return text  # "**Failure 1 (Critical)**": the number names it, the tag its level
        if title[:2] == "**" and (bold := _BOLD_LEAD_RE.match(title)) is not None:
            # "1. **Dead-letter queue** (Critical)", "1. **CRITICAL NETWORK FAILURE** - Lambda
            # not in the VPC": the words, without the marks.
            title = bold.group(1) + title[bold.end() :]
        return title or text
    m = _PREFIXED_RE.match(text)
    if m:
        return _clean_inline(m.group(1))
    if text[-1:] != ")" and _LEVEL_PREFIXED_RE.match(text) is not None:
        return text  # "**Issue (Critical): ALB Listener …**": the tag its level, kept with it
    return None


_LEVEL_PREFIXED_RE = re.compile(
    rf"(?:{_ITEM_WORDS})[ \t]*\([ \t]*(?:{_LEVEL_ALT})[ \t]*\)[ \t]*[:\-–—][ \t]*\S", re.I
)


def _is_numbered(text: str) -> bool:
    return _numbered_of(text)[1] is not None


# "Not model failures"; "While not explicitly required by PROMPT.md, IDEAL_RESPONSE adds
# these": what the ideal response adds beyond the prompt.
# (Every branch opens with "not ", a literal the engine scans for fast: an alternation that
# does not made the whole-text search of `_section_flags` twenty times as slow.)
# A scenario's verdict for this response: "**Model Response**: ❌ Fell into this".
_FELL_INTO_RE = re.compile(
    r"(?im)^[ \t]*(?:[-*+][ \t]+)?[*_]*(?:model[ _]response|status|verdict)[*_]*[ \t]*:[*_ \t]*"
    r"(?:\u274c|\u2717|\u2718)?[ \t]*fell[ \t]+into\b"
)
_SEEN_IN_RESPONSE_RE = re.compile(
    r"\b(?:seen|found)\s+in\s+(?:the\s+|this\s+)?model(?:'s|[_ ]response)"
)
_NOT_FAILURES_RE = re.compile(
    # (not "did not produce deployment errors": what the items did not cause, no disclaimer)
    r"not[*_]* [*_]*(?!(?:produce|cause|trigger|throw|raise|result|lead|surface)\w*\b)"
    r"(?:(?:[a-z]+ ){0,2}(?:failures|issues|problems|errors|bugs|defects|findings)\b"
    r"|(?<=while not )(?:explicitly |strictly )?required\b"
    r"|(?<=though not )(?:explicitly |strictly )?required\b)"
)
# A heading setting its items apart: "## Not a model failure", "## Environment issues (not the
# model)" (headings only: "not a functional issue" in an item's prose takes nothing back).
_NOT_MODEL_HEADING_RE = re.compile(
    r"^\W*not (?:an? )?(?:model |template |code )?(?:failure|issue|problem|defect|bug)s?\b"
    r"|\(not (?:the |a )?model\b"
    # "## Environment Issues (not caused by the template)", "(not attributable to the model)"
    r"|\(not (?:caused by|due to|attributable to|attributed to|the fault of) (?:the |a )?(?:model|template|code"
    r"|response)\b"
    # "## Additional Hardening (Beyond the Model's Mistakes)": what was added, nothing wrong
    r"|\(beyond (?:the )?model'?s? (?:mistakes|failures|issues|errors|problems)\b"
    # "## Pitfalls Checked and Not Present", "## Other Pitfalls (not present in this response)"
    r"|\bnot (?:present|observed|seen|found) (?:in (?:this|the) (?:response|template|model)|\W*$)"
    r"|\band not (?:present|observed|seen|found)\b"
)
_NOT_PRESENT_RE = re.compile(
    r"\(\s*not\s+(?:present|observed|seen|found|made)\s+(?:in|by)\s+(?:this|the)\s+"
    r"(?:model(?:'s)?\s+)?(?:response|template|model|submission|answer|deployment|stack)\b",
    re.I,
)
# A section's opening saying its entries did not happen here: "… but the model avoided
# them", "… the model got them right, so they are listed for reference only".
_AVOIDED_RE = re.compile(
    r"\b(?:model|response)\s+(?:avoided|got)\s+(?:them|these|all\s+of\s+them)\b"
    r"|\blisted\s+(?:here\s+)?(?:for|as)\s+reference\s+only\b"
    # "These were not observed in this response (it never got that far), but they are common"
    r"|\b(?:these|they)\s+(?:were|are)\s+not\s+observed\s+in\s+(?:this|the)\s+"
    r"(?:model(?:'s)?\s+)?response\b"
)
# "These are deliberate choices …", "Intentional differences, not defects": on purpose.
_DELIBERATE_RE = re.compile(
    r"\b(?:deliberate|intentional)(?:ly)?\s+(?:choices?|differences?|decisions?|deviations?"
    r"|design\s+choices?|trade-?offs?)\b"
)
# "The following testing would have caught these bugs earlier:": advice on finding failures.
_WOULD_HAVE_RE = re.compile(r"would have (?:caught|prevented|detected|flagged)\b")
_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


# "## Downstream Effects", "## Consequences", "## Effects on Operations": the cost again.
_EFFECTS_RE = re.compile(
    r"^\W*(?:[\w-]+\s+)?(?:effects|consequences)(?:\s+(?:on|for)\s+[\w\s]{1,30})?\W*$", re.I
)
_SHOWS_UP_RE = re.compile(
    r"^\W*how\s+(?:each|the|these|this|a|to\s+(?:spot|recogni[sz]e|detect))\s+"
    r"(?:\w+\s+)?(?:problems?|issues?|failures?|errors?|defects?|bugs?)"
    r"(?:\s+(?:shows?|surfaces?|manifests?|appears?)(?:\s+(?:up|itself|themselves))?)?\W*$",
    re.I,
)
_IMPACT_END_RE = re.compile(r"\w\W+impact(?:\s+(?:analysis|assessment))?\W*$", re.I)


def _may_say_nothing_wrong(text: str) -> bool:
    """Whether a heading holds a word every `_NOTHING_WRONG_RE` branch needs (a cheap test
    before a pattern of unanchored alternatives)."""
    low = text.lower()
    return "no" in low or "won" in low or " and " in low  # ("Non-Issues" holds "no" too)


_GUIDE_SECTION_RE = re.compile(
    r"^\W*(?:(?:potential|possible|hypothetical)\s+(?:failure|issue|problem|risk)s?"
    r"(?:\s+(?:modes?|scenarios?))?"
    r"|(?:common|typical)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:pitfalls?|mistakes|anti-?patterns|failure\s+(?:patterns|scenarios|modes)|failures\W*$)"
    r"|what\s+models?\s+(?:often|typically|usually|commonly)\b"
    r"|(?:things|what)\s+(?:that\s+)?(?:commonly|often|typically|usually)\s+goe?s?\s+wrong"
    r"|failure\s+(?:criteria|conditions)"  # ("## Failure Criteria": a rubric, not findings)
    # "## Where a model is likely to go wrong on this task"
    r"|where\s+(?:a\s+)?models?\s+(?:is|are)\s+likely\s+to\s+go\s+wrong"
    # "## General Troubleshooting Notes (not specific to this response)"
    r"|general\s+troubleshooting\b"
    # "## 📚 General Pitfalls (reference only, not findings)"
    r"|general\s+(?:pitfalls?|mistakes|failure\s+(?:patterns|modes))\b"
    r"|.*\((?:[\w\s]+,\s*)?(?:reference\s+only|not\s+findings)\b)"
    r"(?!\s*#?\d)",
    re.I,
)
_GUIDE_STARTS = frozenset("PpHhCcTtWwFfGg*_")
# "## Deployment Notes (not specific to this response)": a guide, whatever it is called.
_NOT_SPECIFIC_RE = re.compile(r"\bnot\s+specific\s+to\s+(?:this|the)\s+(?:model\s+)?response", re.I)
_NOTHING_WRONG_RE = re.compile(
    r"^\W*(?:checked|verified|reviewed)\W+no\s+(?:issues?|problems?)\b"
    r"|^\W*no\s+(?:issues?|problems?|defects?|findings?)(?:\s+(?:found|identified|detected))?\W*$"
    r"|^\W*none(?:\s+(?:identified|found|observed|noted|detected))?\W*$"  # ("### None identified")
    r"|\bnot[- ]an?[- ](?:bug|failure|defect|issue)\b|\bwon'?t[- ]fix\b|\bwontfix\b"
    r"|\b(?:considered|raised|reviewed|investigated|checked)\s+and\s+(?:dismissed|rejected"
    r"|ruled\s+out)\b"
    # "## ✅ Non-Issues (Checked and Fine)": checked, nothing wrong
    r"|\bnon[- ]?(?:issues|findings|problems)\b|\bchecked\s+and\s+(?:fine|ok|correct)\b",
    re.I,
)
_AFTER_FIXES_RE = re.compile(
    r"\bafter\s+(?:the\s+|all\s+)?(?:corrections?|fix(?:es)?|changes|remediation|updates)\b", re.I
)


_LEVEL_CATEGORY_TAG_RE = re.compile(
    rf"\([ \t]*(?:category|tier|group|class)[ \t]+\w{{1,2}}[ \t]*[-–—:,][ \t]*(?:{_LEVEL_ALT})[ \t]*\)",
    re.I,
)
_NOT_COUNTED_RE = re.compile(r"^\W*not\s+counted\b|\(\s*not\s+counted\s*\)", re.I)
_NAMED_CATEGORY_RE = re.compile(r"\bcategory[ \t]*(?:[A-Z0-9]{1,2}[ \t]*)?[:—–-][ \t]*\w", re.I)


_MIXED_SECTION_RE = re.compile(
    r"[\W_]*(?:(?:failures|issues|problems|weaknesses|findings)[ \t]+(?:and|&)[ \t]+"
    r"(?:strengths|recommendations|fixes|solutions)|(?:strengths|what\s+went\s+well)[ \t]+(?:and|&)"
    r"[ \t]+(?:failures|issues|problems|weaknesses))[\W_]*$",
    re.I,
)


@_memo
def _heading_traits(text: str) -> tuple[int, bool, int, bool]:
    """What `_section_flags` reads from a heading's text: its section-word bits, whether it
    is numbered, how excluded it is as a section (0, soft, hard), whether it says a level."""
    if "_" in text and text.isupper():
        text = _CAPS_JOIN_RE.sub(" ", text)  # "KNOWLEDGE_GAPS", "CRITICAL_FAILURES": two words
    words = _section_words(text)
    leveled = _heading_level(text) is not None
    if _is_numbered(text):
        return words, True, 0, leveled  # (judged as an item: how excluded, `_section_flags` says)
    has_failure_word = bool(words & _FAILURE)
    own = 0
    if has_failure_word and _MIXED_SECTION_RE.match(text) is not None:
        # "## Failures and Strengths", "## Issues and Recommendations": both told, the
        # failures among them items still (each part judged by its own words)
        return words, False, 0, leveled
    # "Moderate Improvements (Configuration & Best Practices)": a parenthesis qualifies the
    # section's topic, it does not make it advice.
    if (_section_words(_PAREN_RE.sub("", text)) if "(" in text else words) & _NON_FAILURE and not (
        # "Security and Best Practices Gaps", "Best Practices Violations": failures against
        # the practices, not advice (as "Best Practice Violations" already was); so is a
        # category with a level ("## Category C: Best Practices (Medium)").
        (has_failure_word or leveled or _LETTERED_CATEGORY_RE.match(text) is not None)
        and ("ractices" in text or "RACTICES" in text)
        and not _section_words(_BEST_PRACTICES_RE.sub(" ", text)) & _NON_FAILURE
    ):
        own = _HARD
    elif ("not" in text or "Not" in text or "NOT" in text or "eyond" in text) and (
        (
            has_failure_word
            and (
                _NOT_FAILURES_RE.search(bare := text.lower().replace("*", "").replace("_", ""))
                or _NOT_MODEL_HEADING_RE.search(bare)
            )
        )
        # ("## Terraform Pitfalls (not observed in this response)", whatever it calls them)
        or _NOT_PRESENT_RE.search(text) is not None
    ):
        own = _HARD  # "External Blockers (Not Model Failures)"
    elif ("ot counted" in text or "OT COUNTED" in text) and _NOT_COUNTED_RE.search(text):
        own = _HARD  # "## Not counted / nitpicks", "## Minor remarks (not counted)"
    elif _may_say_nothing_wrong(text) and _NOTHING_WRONG_RE.search(text):
        # "## Checked, no issue", "## No Issues Found": what passed; "## Closed as not-a-bug",
        # "## Won't Fix", "## Considered and dismissed": what was raised and taken back.
        own = _HARD
    elif (
        (text[:1] in _GUIDE_STARTS or text[:1] > "~" or "(" in text)  # ("… (reference only)")
        and _GUIDE_SECTION_RE.match(text)
    ) or ("specific to" in text and _NOT_SPECIFIC_RE.search(text)):
        # "## Potential Failure Scenarios", "## Common Pitfalls When Building EKS": what a
        # model might get wrong, not what this one did.
        own = _HARD
    elif (
        words & _NEUTRAL
        and ("fter" in text or "FTER" in text)
        and _AFTER_FIXES_RE.search(text) is not None
    ):
        own = _HARD  # "Validation After Corrections", "Compliance Status After Fixes": results
    elif (
        # ("## Error Category: Configuration - Variable Defaults": the errors of a category.)
        (
            words & _META
            and not (has_failure_word and _NAMED_CATEGORY_RE.search(text))
            # ("## Deployment Blockers (Category A - Blocking)": a level's category, tagged)
            and not (
                leveled
                and "(" in text
                and not _section_words(_LEVEL_CATEGORY_TAG_RE.sub(" ", text)) & _META
            )
        )
        or (not has_failure_word and words & _NEUTRAL)
        or (
            not has_failure_word
            and not leveled
            and (words & _IMPACT or _odd_folds(text))
            and _IMPACT_END_RE.search(text) is not None
        )
        or (
            not has_failure_word
            and not leveled
            and (
                "ffects" in text or "FFECTS" in text or "onsequence" in text or "ONSEQUENCE" in text
            )
            and _EFFECTS_RE.match(text) is not None
        )
    ):
        own = _SOFT  # "## Deployment Time Impact": what the failures cost, told again
    elif (
        ("how" in text or "How" in text or "HOW" in text)
        and not leveled
        and _SHOWS_UP_RE.match(text) is not None
    ):
        own = _SOFT  # "## How each problem shows up": the failures' symptoms, told again
    if own == _SOFT and leveled and _LEVEL_GROUP_RE.match(text) is not None:
        own = 0  # "## Low Priority Observations": a level's group, whatever its noun
    return words, False, own, leveled


_LEVEL_LABEL_LINE_RE = re.compile(
    rf"^[*_]*(?:severity|impact\s+level|priority|risk\s+level)[*_]*[ \t]*:[*_ \t]*(?:{_LEVEL_ALT})\b"
)


def _opens_with_level_label(doc: _Doc, k: int) -> bool:
    """Whether heading k's body opens with a level label ("Severity: Medium", "**Impact
    Level**: High"), as an item's does, perhaps after its status ("**Status**: FIXED")."""
    intro = doc.low_intro(k).lstrip()
    if _LEVEL_LABEL_LINE_RE.match(intro) is not None:
        return True
    if _STATUS_LABEL_LINE_RE.match(intro) is None:
        return False
    start = doc.headings[k][0] + 1
    lines = [line for line in doc.lines[start : min(doc.ends[k], start + 5)] if line.strip()]
    return len(lines) > 1 and _LEVEL_LABEL_LINE_RE.match(lines[1].lstrip().lower()) is not None


_STATUS_LABEL_LINE_RE = re.compile(r"[*_]*status[*_]*[ \t]*:")


def _opens_with_issue_label(doc: _Doc, k: int, bullet: bool = False) -> bool:
    """Whether heading k's body opens with the label of what went wrong ("**Failure**: …",
    "**Issue:** …"; with `bullet`, "- **PROBLEM**: …" too), as an item's does."""
    intro = doc.low_intro(k)
    if bullet and intro[:2] in ("- ", "* "):
        intro = intro[2:].lstrip()
    m = _match_label(intro) if intro[:2] in ("**", "__") else None
    return (
        m is not None
        and bool(m.group(2) or m.group(3))
        and (_label_field(m.group(1)) == "model_snippet")
    )


_WHY_IT_FAILS_RE = re.compile(
    r"why\s+(?:the\s+)?(?:model'?s?\s+|original\s+)?(?:response|template|code|stack|deployment"
    r"|implementation|solution)\s+(?:fails|failed|breaks|broke)\b",
    re.I,
)
_NOT_FAILURES_TAG_RE = re.compile(
    r"\([ \t]*not[ \t]+(?:model[ \t]+)?(?:failures|defects|issues|problems|errors|mistakes)"
    r"(?:[ \t]+of[ \t]+the[ \t]+(?:model|response))?[ \t]*\)",
    re.I,
)
_KNOWLEDGE_GAPS_TITLE_RE = re.compile(r"[\W_]*(?:[a-z]+\s+)?knowledge\s+gaps?\b", re.I)


def _section_flags(doc: _Doc) -> tuple[list[int], list[int]]:
    """Per heading: how excluded it is (0, soft, hard; inherited), and whether it announces
    failures (inherited)."""
    headings, parents = doc.headings, doc.parents
    n = len(headings)
    excluded = [0] * n
    failing = [0] * n
    levels = [h[1] for h in headings]
    top_level = min(levels, default=1)
    single_top = levels.count(top_level) == 1
    low = doc.low
    disclaims = (  # one scan, not one per heading
        _NOT_FAILURES_RE.search(low) is not None
        or ("would have" in low and _WOULD_HAVE_RE.search(low) is not None)
        or (
            ("deliberate" in low or "intentional" in low) and _DELIBERATE_RE.search(low) is not None
        )
        or (
            ("avoided" in low or "reference only" in low or "not observed" in low)
            and _AVOIDED_RE.search(low) is not None
        )
    )
    recaps = _lines_with(doc, " above")  # (an intro pointing back at the items holds it)
    all_words = doc.words = [0] * n
    guide = "common mistake" in doc.heads_low()
    chapters = _chapter_groups(doc)
    for k, (_, level, text) in enumerate(headings):
        parent = parents[k]
        inherited = excluded[parent] if parent >= 0 else 0
        is_title = parent < 0 and level == top_level and single_top and k == 0
        words, numbered, own, leveled = _heading_traits(text)
        if (
            own == _HARD
            and k
            and ("seen in" in low[:600] or "found in" in low[:600])
            and _SEEN_IN_RESPONSE_RE.search(low[:600]) is not None
            and _GUIDE_SECTION_RE.match(text) is not None
        ):
            # "This document records the failure patterns seen in the model's Terraform" over
            # "## Common Failure Patterns": the patterns this response fell into, no guide
            own = 0
        if own and text[:3] in ("Why", "WHY", "why") and _WHY_IT_FAILS_RE.match(text):
            own = 0  # "## Why the model's template fails" over its problems: the failures
        if (
            own == _HARD
            and ("ractices" in text or "RACTICES" in text)
            and not _section_words(_BEST_PRACTICES_RE.sub(" ", text)) & _NON_FAILURE
            and _RATED_LINE_RE.search("\n".join(doc.lines[headings[k][0] + 1 : doc.ends[k]]))
        ):
            own = 0  # "### Performance and Best Practices" over "- Severity: Medium" items
        elif (
            own == _SOFT
            and words & _NEUTRAL
            and not words & (_META | _NON_FAILURE)
            and parent >= 0
            and failing[parent] == 2
            and not excluded[parent]
            and _is_leaf(doc, k)
            and _opens_with_issue_label(doc, k)
        ):
            # "## Security Issues" over "### Athena Query Results Unencrypted" then
            # "**Failure**: …": a failure named by what it is about, not a results section.
            own = 0
        if numbered and (parent, level) in chapters:
            # "## 3. What was correct" beside "## 1. ElastiCache" over "### 1.1 …": a numbered
            # chapter whose words set it apart is a section, not an item.
            # So is one that announces failures ("## 3. Failures Observed" over its list).
            title = _numbered_title(text) or text
            traits = _heading_traits(title)
            if (
                traits[2]
                and _LAYOUT_TITLE_RE.match(title) is not None
                and any(
                    parents[j] == k and _opens_with_issue_label(doc, j, bullet=True)
                    for j in range(k + 1, min(n, k + 4))
                )
            ):
                # "## 1. PROJECT LAYOUT" beside "## 2. MESSAGING", over "### 1.1 Stack
                # Configuration Handling" and "- **PROBLEM**: …": a topic among topics.
                traits = (traits[0], traits[1], 0, traits[3])
            if traits[2] or (traits[0] & _FAILURE and not traits[3]):
                words, numbered, own, leveled = traits
                doc.chapters.add(k)
        all_words[k] = words
        has_failure_word = words & _FAILURE
        # Numbered headings are judged as items, not as sections, so their words do not count.
        if (is_title or numbered) and not (
            is_title and own == _HARD and _GUIDE_SECTION_RE.match(text) is not None
        ):  # ("## Failure Criteria" as the title: a rubric all the way down)
            own = 0
            # "## 8. Risk Assessment" over "### High Risk Issues", "### Medium Risk Issues";
            # "## 9. Remediation Priority" over "### Priority 1 (Critical)": the failures told
            # again by level, not one more failure.
            if (
                numbered
                and words & _GROUPING
                and not has_failure_word
                and not leveled
                and _sub_headings_all(doc, k, _says_level)
            ):
                own = _SOFT
            # "## 3. Config Recorder Setup" over "### Common Mistake: …" headings only: a
            # chapter of a generic guide pasted in; nothing in it is a failure of the response.
            elif numbered and guide and _sub_headings_all(doc, k, _is_common_mistake, 1):
                own = _HARD
            # "## 6. REMEDIATION PRIORITY", "## 7. Recommendations": what to do, told again.
            elif (
                numbered
                and parent >= 0
                and _sub_headings_all(doc, k, lambda _: True, 1)
                and _REMEDIATION_TITLE_RE.match(_numbered_title(text) or "") is not None
            ):
                own = _SOFT
            # "## 5. What the Model Did Well" over "### Strength: Tagging": praise numbered on
            # with the categories of failures, not one more.
            # "## 5. LocalStack Compatibility Adjustments" over "#### 1. Environment Detection":
            # a chapter its words set apart, whatever it holds.
            elif (
                (
                    numbered
                    and not has_failure_word
                    and (
                        # ("### 3. Things the Model Did Well" over bold items, no sub-heading:
                        # praise too, wherever it sits.)
                        _WENT_WELL_RE.search(text) is not None
                        or (
                            k + 1 < n
                            and parents[k + 1] == k
                            and (_numbered_title(text) or "")[:10].lower() == "localstack"
                            and _is_non_failure_section(text)
                        )
                    )
                )
                or (
                    # "## 5. General Deployment Advice" after "## 4. [MODERATE] …": guidance
                    numbered
                    and not has_failure_word
                    and ("dvice" in text or "uidance" in text or "ips" in text)
                    and _ADVICE_TITLE_RE.search(text) is not None
                    # (not "### 4. [LOW] No Cache Invalidation Guidance": guidance missing)
                    and not leveled
                    and _MISSING_TITLE_RE.search(text) is None
                )
                or (
                    numbered
                    and not has_failure_word
                    and _PRAISE_TITLE_RE.match(_numbered_title(text) or "") is not None
                    # (under "## Critical Failures", "### 2. Positive …" is one more failure)
                    and not (parent >= 0 and _heading_traits(headings[parent][2])[3])
                )
            ):
                own = _HARD
        elif (
            own == _SOFT
            and has_failure_word
            and _numbers_failure_categories(doc, k, text, 1 if leveled else 2)
        ):
            own = 0
        if "(" in text and _NOT_FAILURES_TAG_RE.search(text) is not None:
            own = _HARD  # "### 3. What the Model Got Right (not failures)": said outright
        if numbered and ("nowledge" in text or "NOWLEDGE" in text):
            title = _numbered_title(text) or ""
            if _KNOWLEDGE_GAPS_TITLE_RE.match(title) is not None:
                own = _HARD  # "## 2. Knowledge Gaps Observed": what it did not know, listed
        if (
            not numbered
            and not text.isascii()
            and text.rstrip(" \t\ufe0f*_")[-1:] in _CHECK_MARKS
            and not has_failure_word
        ):
            own = _HARD  # "### Operational Excellence ✅" between the failures: areas passed
        if ("no " in text or "NO " in text or "No " in text) and _NO_ISSUES_TAIL_RE.search(text):
            own = _HARD  # "## 5. OUTPUTS — no issues": a category found clean
        if (" above" in text or " Above" in text) and _FOR_ABOVE_RE.search(text) is not None:
            own = _HARD  # "## Code Excerpts for the Issues Above": the items' evidence again
        if ("bserved" in text or "BSERVED" in text) and _NOT_OBSERVED_HEADING_RE.search(text):
            # "## Part B — General Pitfalls Checklist (not observed here)", "## 4. General
            # Pitfalls (Not Observed in This Response)": examples, none made here
            own = _HARD
        if "(" in text and _REFERENCE_ONLY_RE.search(text):
            own = _HARD  # "### 2. Standing Checklist (reference only - not failures of …)"
        if "xpected" in text and _EXPECTED_ERRORS_RE.search(text):
            own = _HARD  # "## 2. Expected Errors (Not Fixed)": errors nobody needs to fix
        if "ould " in text and _WOULD_HAVE_RE.search(text.lower()):
            own = _HARD  # "## Testing That Would Have Caught These Issues": advice
        # "## 5. Critical Deployment Blockers" then "The following issues from the sections
        # above will stop the stack …": the failures told again, not more of them.
        if (
            own < _HARD
            and recaps
            and k
            and any(j in recaps for j in range(headings[k][0] + 1, headings[k][0] + 4))
            and _RECAP_INTRO_RE.search(doc.low_intro(k)) is not None
        ):
            own = _HARD
        # "### Security Concerns Noted" then "While not failures, these …": not failures.
        intro = doc.low_intro(k) if own < _HARD and disclaims else ""
        if intro and is_title and any(_OBSERVED_SECTION_RE.search(h[2]) for h in headings[1:]):
            # "Part one is a checklist … the model avoided all of them. Part two lists the
            # failures actually found": the title's intro speaks of one part, not all.
            intro = ""
        if (
            ("not" in intro and _NOT_FAILURES_RE.search(intro))
            or ("would" in intro and not is_title and _WOULD_HAVE_RE.search(intro))
            # "These are deliberate choices in the current code, recorded so reviewers do
            # not flag them.": what differs on purpose, no failure.
            or (("delib" in intro or "intent" in intro) and _DELIBERATE_RE.search(intro))
            # "These are common with this kind of template but the model avoided them, so they
            # are listed for reference only."
            or (
                ("avoided" in intro or "reference only" in intro or "not observed" in intro)
                and _AVOIDED_RE.search(intro)
            )
        ):
            own = _HARD
        if inherited == _SOFT and own < _SOFT and has_failure_word and _ADDITIONAL_RE.match(text):
            inherited = 0  # "### Additional CloudFormation Failure" appended under a Conclusion
        elif (
            inherited == _HARD
            and not own
            and (
                (not numbered and words & (_FIX | _FAILURE))
                # "### Issue 4 — No stage auto-deploy — medium" after the praise's own list,
                # or "### Issue 1 — …" over "**Problem**: …": the issues begin, the praise ended.
                or (
                    numbered and _item_worded(text) and (leveled or _opens_with_issue_label(doc, k))
                )
                # "### 2. Bucket Policy Grants … (Medium)" under "## What The Model Did Right
                # (so far)", after "### 1. [HIGH] …": the failures numbered on, rated.
                or (numbered and leveled and _numbers_on_before(doc, k))
            )
            and excluded[parent] == _HARD
            and _PRAISE_RE.search(headings[parent][2]) is not None
        ):
            inherited = 0  # "## Model Strengths" then "### Fixes Applied": a new part begins
        elif (
            inherited == _SOFT
            and own < _SOFT
            and parent >= 0
            and excluded[parent] == _SOFT
            and all_words[parent] & _NEUTRAL
            and not all_words[parent] & _META
            and _LEVEL_GROUP_RE.match(text) is not None
            # (Not a "## Severity Assessment" over "### Critical Severity Issues": a recap.)
            and not any(w in headings[parent][2].lower() for w in ("assess", "severity", "summar"))
        ):
            inherited = 0  # "## Overview" left open over "### Major Issues": a level's group
        elif (
            inherited == _SOFT
            and own < _SOFT
            and (not numbered or k in doc.chapters or not _is_leaf(doc, k))
            and parent >= 0
            and excluded[parent] == _SOFT
            and all_words[parent] & _NEUTRAL
            and not all_words[parent] & _META
            and _MODEL_FAILURES_TITLE_RE.match(_numbered_title(text) or text) is not None
        ):
            # "## Prompt Requirements vs. Model Response" over "### ❌ Model Failures and
            # Issues": the comparison's failing half.
            inherited = 0
        elif (
            inherited == _SOFT
            and own < _SOFT
            and "ttempt" in text
            and _FAILED_ATTEMPT_RE.match(text) is not None
            and "not a" not in text.lower()  # ("… CREATE_FAILED — NOT A MODEL FAILURE")
        ):
            # "## Current Status: Deployment Succeeded After 3 Attempts" over "### Deployment
            # Attempt 1: ROLLBACK_COMPLETE": the attempt failed, and its entries say why.
            inherited = 0
            has_failure_word = True
        excluded[k] = own if own > inherited else inherited
        # A document title like "Model Failures" makes its sections candidates for labelled
        # items, but not for bare lists ("Root Cause Analysis" bullets are not failures).
        if has_failure_word or leveled:
            failing[k] = 1 if is_title else 2
        elif parent >= 0:
            failing[k] = failing[parent]
            if (
                failing[parent] == 1
                and _FILE_HEADING_RE.match(text) is not None
                and _FOLLOWING_FAULTS_RE.search(doc.low_intro(parent)) is not None
            ):
                # "## Infrastructure Implementation Issues" over "### template.yaml" and its
                # bullets: the issues, file by file.
                failing[k] = 2
    return excluded, failing


# "Deployment Attempt 1: ROLLBACK_COMPLETE", "Attempt 2 — CREATE_FAILED".
_FAILED_ATTEMPT_RE = re.compile(
    r"[\W_]*(?:(?:deployment|deploy|build|synth)[ \t]+)?attempt[ \t]+\d{1,2}[^\w\n]+"
    r"(?:\w+_)?(?:failed|rollback)",
    re.I,
)
_LAYOUT_TITLE_RE = re.compile(
    r"^\W*(?:project|directory|folder|repository)\s+(?:structure|layout)\W*$", re.I
)
_REFERENCE_ONLY_RE = re.compile(r"\([^()]*\b(?:for\s+)?reference\s+only\b", re.I)
_NOT_OBSERVED_HEADING_RE = re.compile(r"\bnot\s+(?:actually\s+)?observed\b", re.I)
_NO_ISSUES_TAIL_RE = re.compile(
    r"[—–:(-][ \t]*no[ \t]+(?:issues|problems|findings|defects|failures)(?:[ \t]+found)?\W*$", re.I
)
_ADVICE_TITLE_RE = re.compile(r"\b(?:advice|guidance|tips)\W*$", re.I)
_MISSING_TITLE_RE = re.compile(r"\b(?:no|missing|lacks?|lacking|without|absent)\b", re.I)
# A heading that is only a file's path: "template.yaml", "`lib/tap-stack.ts`".
_FILE_HEADING_RE = re.compile(
    r"^[`*_ ]*[\w./-]+\.(?:ya?ml|json|tf|ts|js|py|go|java|cs|hcl|sh)[`*_ ]*$", re.I
)
# "… had the following problems. They are grouped by file …"
_FOLLOWING_FAULTS_RE = re.compile(r"\bfollowing\s+(?:problems|issues|failures|defects|errors)\b")
_GROUPING = _NEUTRAL | _FIX | _META
# A heading over what to do about the failures told above: "Issues Requiring Immediate Fix",
# "Top Issues to Fix First", "Fix Priority".
_TO_FIX_HEADING_RE = re.compile(
    r"\b(?:requiring|needing|to)\s+(?:an?\s+)?(?:immediate\s+|urgent\s+)?(?:fix|fixes|fixing|attention)\b"
    r"|\bfix(?:es)?\s+(?:first|priority|order)\b|\bpriority\s+fix",
    re.I,
)
# An entry that tells what to do, a verb first: "Make the API endpoint private", "Add …".
_TO_DO_RE = re.compile(
    r"[*_`]*(?:make|fix|correct|add|tag|enable|disable|remove|use|set|restrict|scope|pin|rotate"
    r"|encrypt|move|replace|create|configure|grant|limit|split|switch|attach|update)\b",
    re.I,
)
# A title that says it sums up: "Tabular Summary of Deficiencies", "Overview of Issues".
_SUMMARY_OF_RE = re.compile(
    r"\W*(?:tabular\s+|brief\s+|quick\s+|overall\s+)?(?:summary|overview|recap)\s+of\b", re.I
)
# "Code-Level Excerpts (for the findings above)": what items told already, shown again.
_FOR_ABOVE_RE = re.compile(
    r"\b(?:findings|issues|failures|items|problems|defects)\s+(?:listed\s+|described\s+)?above\b"
    r"|\babove\s+(?:findings|issues|failures|items|problems|defects)\b",
    re.I,
)
# "Category C: Best Practices" beside "Category A: Security": one more group of failures.
_LETTERED_CATEGORY_RE = re.compile(r"^\W*category\s+[a-z]\b", re.I)
_DOTTED_RE = re.compile(r"^\W*(\d{1,2})\.\d")
_DOTTED_HEADS_RE = re.compile(r"\n[^\w\n]*\d{1,2}\.\d")


def _lines_with(doc: _Doc, word: str) -> set[int]:
    """The numbers of the lines whose lower-cased text holds `word` (found with C-level finds)."""
    low = doc.low
    found: set[int] = set()
    pos = low.find(word)
    line_no, at = 0, 0
    while pos >= 0:
        line_no += low.count("\n", at, pos)
        at = pos
        found.add(line_no)
        pos = low.find(word, pos + 1)
    return found


def _chapter_groups(doc: _Doc) -> set[tuple[int, int]]:
    """(parent, rank) of numbered chapters: headings numbered "3." whose sub-headings number
    on from theirs ("3.1", "3.2"); their numbered siblings of that rank are chapters too."""
    headings, parents = doc.headings, doc.parents
    found = _outline_groups(doc)
    heads = "\n" + doc.heads_low()
    if _DOTTED_HEADS_RE.search(heads) is None and "\n(a)" not in heads:
        return found
    for j, (_, _, text) in enumerate(headings):
        if text[:1] in "0123456789*_`" and (m := _DOTTED_RE.match(text)) is not None:
            q = parents[j]
            if q >= 0 and headings[q][2].lstrip("#*_ ").startswith(m.group(1) + "."):
                found.add((parents[q], headings[q][1]))
        elif text[:3] in ("(a)", "(A)"):
            q = parents[j]  # "## 1. Functional Gaps" over "### (a) …", "### (b) …"
            if q >= 0 and headings[q][2].lstrip("#*_ ")[:1].isdigit():
                found.add((parents[q], headings[q][1]))
    return found


_OPENING_CHAPTER_RE = re.compile(
    r"^\W*(?:overview|introduction|background|context|scope|(?:executive\s+)?summary"
    r"|task(?:\s+(?:description|summary|overview))?)\W*$",
    re.I,
)


# (The "1" leads, a literal the engine scans for: a line start first is tried everywhere.)
_OPENING_CHAPTER_HINT_RE = re.compile(
    r"1(?<![^\n*_#]1)(?<!\w1)[.)][ \t]*[*_]*(?:overview|introduction|background|context|scope"
    r"|executive|summary|task)"
)


def _outline_groups(doc: _Doc) -> set[tuple[int, int]]:
    """(parent, rank) of numbered headings that outline the document ("## 1. Overview", "## 2.
    What Was Done Well", "## 3. Failures Observed", "## 4. Recommendations"): the first one
    opens a document, and another one is set apart by its words."""
    if _OPENING_CHAPTER_HINT_RE.search(doc.heads_low()) is None:
        return set()  # (no numbered heading opens a document: one search of the headings)
    headings, parents = doc.headings, doc.parents
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (_, rank, text) in enumerate(headings):
        if text[:1] in "0123456789*_#" and _is_numbered(text):
            groups.setdefault((parents[k], rank), []).append(k)
    found: set[tuple[int, int]] = set()
    for key, ks in groups.items():
        if len(ks) < 3:
            continue
        if _OPENING_CHAPTER_RE.match(_numbered_title(headings[ks[0]][2]) or "") and any(
            _heading_traits(_numbered_title(headings[k][2]) or "")[2] == _HARD for k in ks[1:]
        ):
            found.add(key)
    return found


_ADDITIONAL_RE = re.compile(r"^\W*additional\b", re.I)
# A line rating what it is under: "  - Severity: Medium", "**Severity**: High".
_RATED_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:[*_]*(?:impact|severity|priority|risk)(?:[ \t]+level)?[*_]*[ \t]*:"
    rf"[*_ \t]*|\*\*[\[(])(?:{_LEVEL_ALT})\b",
    re.I | re.M,
)  # ("  - Severity: Medium", "**Impact**: High — …", "- **[Low] Worker type left at default**")
_FIXES_SECTION_RE = re.compile(  # (a bare "Fixes" may title an item still)
    r"^\W*(?:(?:specific|required|recommended|suggested|proposed)\s+fixes"
    r"(?:\s+(?:required|needed|summary))?|fixes\s+(?:required|needed|summary))\W*$",
    re.I,
)
# (On the lower-cased first line of a section.)
_RECAP_INTRO_RE = re.compile(
    r"\b(?:from|in)\s+the\s+(?:sections?|items?|issues?|findings?|list)\s+above\b"
    r"|\b(?:issues|failures|items|findings|problems)\s+(?:listed|described|identified|mentioned)"
    r"\s+above\b"
)
_MODEL_FAILURES_TITLE_RE = re.compile(
    r"^[\W_]*(?:(?:model|response)(?:'s)?\s+)?(?:failures|issues|problems|defects|gaps)"
    r"(?:\s+(?:and|&)\s+(?:issues|problems|gaps|failures))?(?:\s+(?:found|identified|observed))?"
    # ("Problems Found in This Response")
    r"(?:\s+in\s+(?:this|the)\s+(?:model(?:'s)?\s+)?response)?"
    # ("Issues Found: 2 (both minor)": how many, and of what level)
    r"(?:[ \t]*[:—–-][ \t]*\d{1,3}\b)?(?:[ \t]*\([^()\n]{1,30}\))?\W*$",
    re.I,
)
_PRAISE_TITLE_RE = re.compile(
    r"^\W*(?:correctly\s+implemented|what\s+(?:the\s+model\s+)?(?:got\s+right|did\s+(?:well|right)"
    r"|went\s+(?:well|right)|worked(?:\s+well)?)|strengths?(?:\s+of\s+the\s+(?:model(?:'s)?\s+)?"
    r"response)?|positives?|positive\s+aspects|things\s+done\s+well)\W*$",
    re.I,
)
_PRAISE_RE = re.compile(
    r"\bstrengths?\b|\b(?:went|did|done)\s+(?:well|right)\b|\bgot\s+right\b|\bpositives?\b"
    # "## 4. Where the Model Was Actually Better" numbered on with the failures
    r"|\b(?:was|were|did|does)\s+(?:actually\s+)?better\b"
    r"|\bfound\s+(?:to\s+be\s+)?correct\b"
    # "## 4. Things That Were Already Correct", "## 5. No Changes Needed"
    r"|\b(?:were|was|are|is)\s+already\s+correct\b|\balready\s+correct\b"
    r"|\bno\s+changes?\s+(?:needed|required)\b",
    re.I,
)
_REMEDIATION_TITLE_RE = re.compile(
    r"^\W*(?:remediation|recommendations?|recommended\s+(?:fixes|actions|corrections)"
    r"|fix\s+priorit|next\s+steps|action\s+plan)\b",
    re.I,
)
_CATEGORY_WORD_RE = re.compile(r"categor(?:y|ies)\b", re.I)


def _numbers_failure_categories(doc: _Doc, k: int, text: str, least: int = 2) -> bool:
    """ "## Major Failure Categories" over "### 1. Architectural Design Flaws", "### 2. …":
    the categories are the failures, each told under a numbered heading of its own (a
    "Failure Categories" list or tally is the summary it usually is); one is enough under a
    level's category ("## Error Category: Critical - Authorizer" over "### 1. …")."""
    return (
        _CATEGORY_WORD_RE.search(text) is not None
        and not _section_words(_CATEGORY_WORD_RE.sub(" ", text)) & _META
        and _sub_headings_all(doc, k, _is_numbered, least)
    )


# "## 2. Expected Errors (Not Fixed)", "### Integration Test Failures (Still Expected)".
_EXPECTED_ERRORS_RE = re.compile(
    r"\bexpected\s+(?:errors|warnings|failures)\b|\((?:still\s+|as\s+)?expected\)", re.I
)


def _says_level(text: str) -> bool:
    return _heading_level(text) is not None


def _is_common_mistake(text: str) -> bool:
    if text[:1] > "~":
        text = _numbered_of(text)[0]  # "🔴 Common Mistake: …"
    return text.lower().lstrip(" *_#").startswith(("common mistake", "common pitfall"))


def _sub_headings_all(doc: _Doc, k: int, test: Callable[[str], bool], least: int = 2) -> bool:
    """Whether heading k has `least` sub-headings or more and `test` holds for each one's text."""
    headings, parents = doc.headings, doc.parents
    count = 0
    for j in range(k + 1, len(headings)):
        if headings[j][0] >= doc.ends[k]:
            break
        if parents[j] == k:
            if not test(headings[j][2]):
                return False
            count += 1
    return count >= least


def _has_labels(
    doc: _Doc, start: int, end: int, direct: bool = False, strong: bool = False
) -> bool:
    """Whether field labels (**Issue**:, **Fix**: …) follow; `direct`: before any list or
    bold sub-item, at the left margin (so a section *of* items is not an item itself);
    `strong`: a label that says what went wrong or its fix, not only a reference
    ("- **Documentation**: inline comments" in a list of what was built is no failure's)."""
    lines, fenced = doc.lines, doc.fenced
    introduced = False  # in a list a sentence introduced ("Symptoms seen in CI:"): its details
    for i in range(start, min(end, start + 200, len(lines))):
        if fenced[i]:
            continue
        line = lines[i]
        if direct:
            if line[:1] == "#" and _atx_heading(line) is not None:
                return False  # (a sub-heading's labels are its own)
            if line[:2] in ("- ", "* ", "+ "):
                if introduced:
                    continue
            elif line.strip():
                introduced = (
                    line.rstrip()[-1:] == ":" and line[:1].isalpha() and len(line.split()) > 3
                )
            if line[:1] in (" ", "\t") or line[:1].isdigit():
                if line[:1].isdigit() and _LIST_ITEM_RE.match(line):
                    return False
                continue
            b = _match_bold_line(line) if line[:2] in ("**", "__") else None
            if b and not _label_field(b.group(1).strip().rstrip(":")):
                return False
            if line[:2] in ("- ", "* ", "+ ") and not _is_label_line(line):
                return False  # "- Model set bridge mode" then its "**Issue**:": the bullet's
        if ":" not in line:
            continue  # every label has a colon
        if line[:1] == ">":
            line = line.lstrip("> \t")  # "> **Severity: Critical**" quoted
        if line[:1] > "~" and (sign := _LEADING_SIGN_RE.match(line)) is not None:
            line = line[sign.end() :]  # "🔴 **Severity: Critical**" after a mark
        m = _match_label(line) if "**" in line or "__" in line else None
        if m and (m.group(2) or m.group(3)):
            field = _label_field(m.group(1))
            if field and not (strong and field == "references"):
                return True
        elif m and ":" in m.group(1) and _label_field(m.group(1).partition(":")[0]):
            return True  # "**Severity: Critical**": the value inside the bold
        if _PLAIN_LABEL_RE.match(line):
            return True
    return False


def _is_label_line(line: str) -> bool:
    """Whether a bullet is a field label ("- **Severity**: High", "- Fix: …")."""
    m = _match_label(line) if "**" in line or "__" in line else None
    if m and (m.group(2) or m.group(3)) and _label_field(m.group(1)):
        return True
    return ":" in line and _PLAIN_LABEL_RE.match(line) is not None


_TRAILING_NOTE_RE = re.compile(
    r"(?<=\*\*|__)(?:[ \t]+\(([^()\n]{2,40})\)|[ \t]*[—–:-][ \t]*(withdrawn|retracted|dropped))[ \t]*$"
)
_WITHDRAWN_RUN_IN_RE = re.compile(
    r"(?<=\*\*|__)[ \t]*[—–:-][ \t]*(withdrawn|retracted|dropped)\.[ \t]+\S", re.I
)
_STATUS_NOTE_RE = re.compile(r"[\W_]*(?:withdrawn|retracted|not\s+counted|dropped)\b", re.I)
_TRAILING_LEVEL_LABEL_RE = re.compile(
    rf"(?<=\*\*|__)[ \t]*[—–-][ \t]*(severity|priority|impact|criticality)(?:[ \t]+(?:rating|level))?"
    rf"([ \t]*:[ \t]*(?:{_LEVEL_ALT}))[ \t.]*$",
    re.I,
)
_TRAILING_TAG_RE = re.compile(  # ("**Error 1 – …** (Severity: Critical)", "(Impact Level: Low)")
    rf"(?<=\*\*|__)[ \t]*`?([\[(][ \t]*(?:(?:severity|sev|priority|impact)(?:[ \t]+level)?[ \t]*[:=][ \t]*)?"
    rf"(?:{_LEVEL_ALT})[ \t]*[\])])`?[ \t]*$",
    re.I,
)


@_memo
def _bold_title(line: str) -> str | None:
    """The text of a line that is only bold text ("**Title:**" gives "Title") and no field
    label, else None."""
    if "**" not in line[:6] and "__" not in line[:6]:
        return None
    if line[:2] == "~~" and line.rstrip()[-2:] == "~~":
        # "~~**6. Add-on versions hardcoded**~~": a struck title, taken back (`_parse` drops it).
        inner = _bold_title(line.rstrip()[2:-2])
        return f"~~{inner}~~" if inner is not None else None
    m = _match_bold_line(line)
    if m is None and line.rstrip(" .")[-3:] in ("awn", "ted", "ped"):
        # "**Problem 4** — withdrawn", "**Problem 4**: retracted": the title, taken back
        note = _TRAILING_NOTE_RE.search(line.rstrip(" ."))
        inner = _bold_title(line[: note.start()]) if note is not None and note.group(2) else None
        return f"{inner} ({note.group(2)})" if inner is not None and note is not None else None
    if m is None and (note := _WITHDRAWN_RUN_IN_RE.search(line)) is not None:
        # "**Issue: ~~AMI Type~~** — withdrawn. The template already …": why, on the same line
        inner = _bold_title(line[: note.start()])
        return f"{inner} ({note.group(1).lower()})" if inner is not None else None
    if m is None and line.rstrip()[-1:] in ")]`":
        # "**1. Static keys in CI variables** `[CRITICAL]`": the title, then its level tag.
        tag = _TRAILING_TAG_RE.search(line)
        if tag is None and (note := _TRAILING_NOTE_RE.search(line.rstrip(" ."))) is not None:
            # "**~~Missing VPC Endpoint~~** (withdrawn)", "**No Alarm** (found in second pass)":
            # the title, then a note on it (kept when it takes the item back).
            inner = _bold_title(line[: note.start()])
            said = note.group(1) or note.group(2)
            if inner is None or not _STATUS_NOTE_RE.match(said):
                return inner
            return f"{inner} ({said.strip()})"
        inner = _bold_title(line[: tag.start()]) if tag is not None else None
        return f"{inner} {tag.group(1)}" if inner is not None and tag is not None else None
    if m is None and (said := _TRAILING_LEVEL_LABEL_RE.search(line)) is not None:
        # "**Flaw 2 — Config recorder ignores globals** — impact: medium": its level after it
        # ("— Severity Rating: Low" too: read as "Severity: Low")
        inner = _bold_title(line[: said.start()])
        return f"{inner} ({said.group(1)}{said.group(2)})" if inner is not None else None
    if not m or line[: len(line) - len(line.lstrip())].count(" ") > 3:
        return None
    inner = m.group(1).strip().rstrip(":").strip()
    if _label_field(inner) or "**" in inner:
        return None
    return inner


# A section's opening sentence telling what the model did wrong: "The model response used
# different CIDR blocks …", "The model didn't include …".
_MODEL_ERRED_RE = re.compile(
    r"^(?:the\s+)?(?:model(?:'s)?(?:\s+response)?|model_response(?:\.md)?)\s+(?:used\s+(?:different|the\s+wrong|an?\s+(?:wrong|incorrect|invalid))"
    r"|(?:didn't|did\s+not|failed\s+to|omitted|missed|forgot|hard-?coded|lacked)\b)",
    re.I,
)


def _says_model_erred(doc: _Doc, k: int) -> bool:
    """Whether heading k, under a failures title and no meta section, opens by telling what
    the model did wrong: the heading names one failure, told in prose."""
    text = doc.headings[k][2]
    if _is_meta_section(text) or _is_non_failure_section(text) or _is_item_part(text):
        return False
    lines = doc.lines
    for i in range(doc.headings[k][0] + 1, doc.ends[k]):
        line = lines[i].strip()
        if line:
            return not doc.fenced[i] and _MODEL_ERRED_RE.match(line) is not None
    return False


_POTENTIAL_ITEM_RE = re.compile(
    r"^[*_ ]*(?:potential|possible|hypothetical)\s+(?:failure|issue|problem|mistake|error|gap)s?"
    r"\s*#?\s*\d",
    re.I,
)


def _continues_run(doc: _Doc, items: list[_Item], k: int) -> bool:
    """Whether numbered heading k comes next in a run of numbered heading items ("### 6." after
    "### 5.", same parent) and opens with the same labelled field as the one before it."""
    if not items or items[-1].kind != "heading":
        return False
    prev = items[-1]
    j = prev.heading
    if doc.parents[j] != doc.parents[k] or doc.headings[j][1] != doc.headings[k][1]:
        return False
    before, this = (
        _item_number(doc, prev),
        _item_number(doc, _Item(doc.headings[k][0], "", k, "heading")),
    )
    if not (
        before and this and before.isdigit() and this.isdigit() and int(this) == int(before) + 1
    ):
        return False
    label = _first_label(doc, doc.headings[k][0] + 1, doc.ends[k])
    return label is not None and label == _first_label(doc, prev.line + 1, prev.end)


# "This document outlines potential failure scenarios that a language model might
# encounter", "## Potential failure modes", "enumerates common failure modes for this stack",
# "outlines potential failures, common mistakes, and troubleshooting strategies":
# a guide to what could go wrong, read in the document's opening; its items are not failures
# of the response.
_HYPOTHETICAL_RE = re.compile(
    r"\b(?:potential|possible|common|typical|likely)\s+(?:failure|error)\s+(?:scenarios|modes)\b"
    r"|\b(?:potential|possible)\s+failures\b"
    r"|\bmodels?\s+(?:might|may|could)\s+encounter\b"
    # "tracks common failures and issues identified when AI models attempt …", "outlines
    # typical failures and issues when implementing the template": what goes wrong in general.
    r"|\b(?:common|typical)\s+(?:model\s+)?(?:failures|issues|mistakes|errors)\s+"
    r"(?:and\s+\w+\s+)?(?:identified\s+|encountered\s+|seen\s+|made\s+|observed\s+)?when\b"
    # "This document captures common failure patterns and solutions for the … task."
    r"|\b(?:captures|lists|catalogs|documents|outlines)\s+(?:the\s+)?(?:most\s+)?common\s+"
    r"failure\s+patterns\b"
    # "outlines what *not* to do or describes a failure scenario", "common failure conditions"
    # "describes **what should not happen** … a checklist of common pitfalls", "typical failure
    # conditions"
    r"|\bwhat\s+not\s+to\s+do\b|\b(?:common|typical)\s+failure\s+conditions\b"
    r"|\bwhat\s+should\s+not\s+happen\b|\bchecklist\s+of\s+(?:common\s+)?pitfalls\b"
    # "This file catalogues the failure modes, validation errors and … risks for the module"
    r"|\bcatalog(?:ue)?s\s+(?:the\s+)?(?:(?:possible|potential|known)\s+)?failure\s+modes\b"
    # "collects the failure modes … that tend to come up when building", "the failure
    # patterns an AI model is likely to show", "## Anticipated Model Pitfalls"
    r"|\btend\s+to\s+(?:come\s+up|occur|happen|appear|crop\s+up)\b"
    # "records the failure modes models tend to hit on the … challenge"
    r"|\b(?:failure\s+modes|mistakes|pitfalls)\s+(?:that\s+)?(?:ai\s+|language\s+)?models?\s+"
    r"tend\s+to\s+(?:hit|make|run\s+into|show)\b"
    r"|\blikely\s+to\s+(?:show|make|produce|exhibit)\b"
    r"|\banticipated\s+(?:model\s+)?(?:pitfalls|failures|mistakes)\b"
    # "describing **what would count as a failed implementation** … use it as a checklist"
    r"|\bwhat\s+would\s+count\s+as\s+(?:a\s+)?fail|\buse\s+it\s+as\s+a\s+checklist\b"
    # "## Typical reasons this setup still fails": causes in general, with symptoms and fixes.
    r"|\b(?:typical|common)\s+reasons\b"
    # "collects failure patterns seen when AI models write Terraform …"
    r"|\bfailure\s+patterns\s+seen\s+when\b"
    # "collects the failure scenarios operators typically run into when applying …"
    r"|\b(?:typically|commonly|often|may|might|could|likely\s+to)\s+(?:[a-z]+ly\s+)?"
    r"(?:run\s+into|encounter|hit)\b"  # ("… failure modes a model could plausibly run into")
    # "collects typical mistakes that language models make … a review aid for any generated
    # answer to this prompt"
    r"|\b(?:typical|common)\s+mistakes\s+(?:that\s+)?(?:language\s+|ai\s+)?models?\s+make\b"
    r"|\b(?:mistakes|errors|failures)\s+(?:that\s+)?(?:language\s+|ai\s+)?models?\s+"
    r"(?:commonly|typically|often|frequently)\s+make\b"
    r"|\bany\s+generated\s+(?:answer|response)\b"
    # "lists **what to avoid** … a checklist for reviewers or as negative examples"
    r"|\blists\s+what\s+to\s+avoid\b|\bas\s+negative\s+examples\b|\bchecklist\s+for\s+reviewers\b"
    # "**Why a model might struggle with this task:**"
    r"|\bwhy\s+(?:a\s+)?models?\s+(?:might|may|could|would)\s+(?:struggle|fail|go\s+wrong)\b"
    # "lists common pitfalls that models tend to hit …; a checklist for reviewers rather than
    # a record of a specific response", "it does not describe one particular response"
    r"|\b(?:common|typical)\s+pitfalls\s+(?:that\s+)?models?\b|\brather\s+than\s+a\s+record\b"
    r"|\bdoes\s+not\s+describe\s+(?:one|a|any)\s+(?:particular\s+|specific\s+)?(?:response|answer)\b"
    # "Failure patterns that models commonly show on this prompt. Use this list to grade any
    # response"
    r"|\bto\s+grade\s+any\s+(?:response|answer|submission)\b"
    r"|\bmodels?\s+(?:commonly|typically|often|frequently)\s+(?:show|exhibit|produce)\b"
    # "a checklist for reviewers, not an assessment of any particular response", "not findings
    # against a specific response"
    r"|\bnot\s+(?:as\s+)?(?:an?\s+)?(?:assessment|analysis|review|record|findings?)\s+"
    r"(?:of|against|about)\s+(?:any|a|one|the)\s+(?:particular|specific)\b"
    r"|\bmistakes\s+models\s+(?:commonly|typically|often)\s+make\b"
    # "This file catalogues the ways the stack can fail at deploy time or at run time."
    r"|\b(?:catalogues|catalogs|lists|describes|documents|enumerates)\s+(?:the\s+)?ways\b"
    r"[^.\n]{0,160}\bcan\s+(?:fail|break)\b"
    # "Checklist of the ways model answers to this prompt usually go wrong. Not every response
    # shows all of them; use it when grading."
    r"|\bways\s+(?:model\s+)?(?:answers|responses)\b[^.\n]{0,60}\b(?:usually|typically|often)\s+"
    r"go\s+wrong\b|\bnot\s+every\s+(?:response|answer)\s+(?:shows|has|makes)\b"
    r"|\buse\s+it\s+when\s+grading\b"
    # "here are common risk areas that an AI model can get wrong on this kind of task:"
    r"|\bmodels?\s+(?:can|could|might|may|often)\s+(?:get|go)\s+wrong\b"
    r"|\b(?:on|for|in)\s+(?:this|these)\s+kinds?\s+of\s+tasks?\b"
    # "… describing the ways an implementation of the requested stack could go wrong. It can
    # be used as a negative checklist when validating candidate templates."
    r"|\bnegative\s+checklist\b|\bways\b[^.\n]{0,160}\bcould\s+go\s+wrong\b"
    # "… together with mitigation steps. It is intended as an operator runbook."
    r"|\bintended\s+as\s+an?\s+(?:operator\s+|operations\s+)?runbook\b"
    # "describes the failure modes that commonly occur when building …; a checklist for anyone
    # implementing this kind of stack"
    r"|\b(?:failures|failure\s+modes|mistakes|errors|issues|pitfalls)\s+that\s+"
    r"(?:commonly|typically|often|frequently)\s+(?:occur|happen|arise|appear)\b"
    r"|\bchecklist\s+for\s+anyone\b"
)
# A title naming common failures ("# Common Model Failures in Infrastructure Generation") over
# a document that never speaks of the model's or the response's own work.
_COMMON_TITLE_RE = re.compile(r"\bcommon\b.*\b(?:failures|mistakes|errors|issues|pitfalls)\b")
_MOST_COMMON_RE = re.compile(r"\bmost\s+common\s+(?:failures|mistakes|errors|issues|pitfalls)\b")
_SPEAKS_OF_THE_RESPONSE_RE = re.compile(r"\bthe\s+model\b|\bmodel[_ ]response|\bthe\s+response\b")


_TYPICALLY_MISSING_RE = re.compile(
    r"\b(?:following|below)\b[^.\n]{0,60}\bwould typically be (?:missing|wrong|incorrect)\b"
)


_GENERAL_CHECKLIST_RE = re.compile(r"\b(?:general|generic|reference)\s+checklist\b")


def _is_hypothetical(doc: _Doc) -> bool:
    """Whether the document's opening says it lists failures that could happen, not ones made."""
    head = doc.low[:400]  # (the corpus's guides say so within their first 300 characters)
    headings = doc.headings
    if (
        headings
        and (
            (
                "common" in head
                and _COMMON_TITLE_RE.search(headings[0][2].lower())
                and not any(line.strip() for line in doc.lines[: headings[0][0]])  # (the title)
            )
            # "## Summary of Most Common Failures" closing a catalogue of what models get wrong
            or ("most common" in doc.heads_low() and _MOST_COMMON_RE.search(doc.heads_low()))
        )
        and _SPEAKS_OF_THE_RESPONSE_RE.search(doc.low) is None
    ):
        return True
    if (
        "checklist" in head
        and _GENERAL_CHECKLIST_RE.search(head) is not None
        # (not "## Appendix: General Checklist (not observed in this deployment)")
        and any(
            _OBSERVED_SECTION_RE.search(line) and _NOT_OBSERVED_RE.search(line) is None
            for line in doc.heads_low().splitlines()
        )
    ):
        # "… what went wrong in the model's response, followed by a general checklist of
        # failure patterns": the observed section is the record, the rest a guide.
        return True
    opening = doc.low[:4000]  # (such a guide says so before its first items)
    if "would typically be" in opening and _TYPICALLY_MISSING_RE.search(opening):
        # "Since no actual infrastructure code was provided to analyze, the following represents
        # what would typically be missing …": the response was a placeholder; what follows is
        # a guide to what such responses get wrong, and what the ideal does about it.
        return True
    if (
        "scenarios" not in head
        and "modes" not in head
        and "encounter" not in head
        and "potential" not in head
        and "possible" not in head
        and "common" not in head
        and "typical" not in head
        and "often" not in head
        and "avoid" not in head
        and "negative" not in head
        and "reviewers" not in head
        and "might" not in head
        and "could" not in head
        and "likely" not in head
        and "not to do" not in head.replace("*", "")
        and "rather than" not in head
        and "describe" not in head
        and "mistakes models" not in head
        and "can fail" not in head
        and "particular" not in head
        and "specific" not in head
        and "would count" not in head
        and "catalog" not in head
        and "tend to" not in head
        and "anticipated" not in head
        and "as a checklist" not in head
        and "can break" not in head
        and "runbook" not in head
        and "usually" not in head
        and "not every" not in head
    ):
        return False
    if (
        "actually" in head
        and ("appended" in head or "at the end" in head)
        and _ACTUALLY_WRONG_RE.search(head) is not None
    ):
        # "This review covers what the MODEL_RESPONSE actually got wrong. A generic checklist
        # of pitfalls … is appended at the end": the record first, its appendix the guide.
        return False
    return _HYPOTHETICAL_RE.search(head.replace("*", "")) is not None


_ACTUALLY_WRONG_RE = re.compile(
    r"\bwhat\s+(?:the\s+)?(?:model[_ ]response|response|model)\s+(?:\w+\s+){0,4}actually\s+"
    r"(?:got\s+wrong|missed|did\s+wrong)\b"
)


# "## Issues Actually Found in MODEL_RESPONSE" after a guide: this response's own failures.
_OBSERVED_SECTION_RE = re.compile(
    r"\bactually\s+(?:found|observed|seen)\b|\bobserved\s+in\s+(?:this|the)\b"
    r"|\b(?:found|observed)\s+in\s+(?:the\s+|this\s+)?model[_ ]response\b"
    # "## Deployment Failures Observed", "## Security Findings in the Template"
    r"|\b(?:failures|defects|issues)\s+observed\W*$"
    r"|\b(?:findings|failures|defects|issues)\s+in\s+the\s+(?:template|model'?s?\s+template)\W*$"
    r"|\bin\s+this\s+(?:model[_ ]?)?(?:response|submission)\b"
    # "## What this particular response got wrong", "## Issues in the model response"
    r"|\bwhat\s+(?:this|the)\s+(?:particular\s+|specific\s+)?(?:model[_ ]?)?(?:response|submission|answer)"
    r"\s+(?:actually\s+)?(?:got\s+wrong|missed|did\s+wrong)\b"
    r"|\b(?:issues|failures|problems|defects)\s+in\s+the\s+model[_ ]response\b"
    # "## Issues Found in the Submitted Template"
    r"|\b(?:found|observed)\s+in\s+the\s+(?:submitted|model'?s?|actual|generated)\s+"
    r"(?:template|response|code|stack|output|submission)\b"
    # "## Confirmed issues in the submitted template"
    r"|\bconfirmed\s+(?:issues|failures|problems|defects|findings)\b"
    r"|\b(?:issues|failures|problems|defects|findings)\s+in\s+the\s+(?:submitted|generated)\s+"
    r"(?:template|response|code|stack)\b",
    re.I,
)


def _says_above_is_generic(doc: _Doc) -> bool:
    """Whether a section of what this response got wrong opens by setting apart what comes
    before it ("## Issues Actually Found in This MODEL_RESPONSE" then "The checklist above is
    generic. …")."""
    heads = doc.heads_low()
    if not any(
        _OBSERVED_SECTION_RE.search(line) and _NOT_OBSERVED_RE.search(line) is None
        for line in heads.splitlines()
    ):
        return False
    # "## Part 1: Typical Failure Areas (General Guidance)" beside "## Part 2: Failures
    # Observed in This Response": one part a guide, the other the record.
    if _GENERIC_HEADING_RE.search(heads) is not None:
        return True
    if "above" not in doc.low:
        return False
    return any(
        _OBSERVED_SECTION_RE.search(text) is not None
        and "above" in (intro := doc.low_intro(k))
        and _GENERIC_ABOVE_RE.search(intro) is not None
        for k, (_, _, text) in enumerate(doc.headings)
    )


# "## Appendix: General Checklist (not observed in this deployment)"
_NOT_OBSERVED_RE = re.compile(
    r"\bnot\s+(?:actually\s+)?(?:observed|found|seen|present)\b|\bnone\s+of\s+(?:these|them)\b"
    r"|\bgeneral\b|\breference\b",  # ("Common Pitfalls (general reference - none … in this …)")
    re.I,
)
_GENERIC_HEADING_RE = re.compile(
    r"\bgeneral\s+guidance\b|\btypical\s+failure|\bgeneral\s+(?:checklist|scenarios|reference)\b"
)
_GENERIC_ABOVE_RE = re.compile(
    r"\babove\b[^.\n]{0,40}\b(?:generic|general|guidance|checklist)\b"
    # ("… (as opposed to the general scenarios above)")
    r"|\b(?:generic|general)\b[^.\n]{0,40}\babove\b"
)


def _keep_observed(doc: _Doc, excluded: list[int], failing: list[int]) -> bool:
    """In a guide to what models get wrong, the sections telling what this response got wrong
    ("## Issues Actually Found in MODEL_RESPONSE", "## Observed in This Submission"): every
    other section is set apart (in `excluded`), these announce failures (in `failing`), and
    True; False when there is none (the guide holds no failure)."""
    headings, parents = doc.headings, doc.parents
    observed = {
        k
        for k, (_, _, text) in enumerate(headings)
        if _OBSERVED_SECTION_RE.search(text) and _NOT_OBSERVED_RE.search(text) is None
    }
    if not observed:
        return False
    for k in sorted(observed):
        # "## Problems Found in This Model Response" then "## 5. …", "## 6. …" at its own
        # rank: a flat outline, the numbered siblings after it are its items.
        if k + 1 >= len(headings) or doc.ends[k] != headings[k + 1][0]:
            continue  # (it has a body of its own, or sub-sections)
        for j in range(k + 1, len(headings)):
            if parents[j] != parents[k]:
                continue  # (a sibling item's own parts)
            if not _is_numbered(headings[j][2]):
                break
            observed.add(j)
    for k in observed:
        failing[k] = 2
        excluded[k] = 0  # (under a guide's title, "# Common Model Failures", set apart with it)
    for k in range(len(headings)):
        j = k
        while j >= 0 and j not in observed:
            j = parents[j]
        if j < 0:
            excluded[k] = _HARD
    return True


# "Critical: Open bucket", "HIGH - No logs": a level, then the failure's title.
# ("Problem (Critical): NAT gateway before the IGW", "Issue [High] - …": an item word first.)
_LEVEL_TITLE_RE = re.compile(
    rf"^[\W_]*(?:(?:issue|problem|failure|finding|bug|defect)[ \t]*[\[(][ \t]*)?(?:{_LEVEL_ALT})"
    rf"(?:[ \t]+(?:severity|priority))?[ \t]*[\])]?[ \t]*[:\-–—|][ \t]*[\w`*_\"']"
    rf"|^[\W_]*[\[(][ \t]*(?:{_LEVEL_ALT})[ \t]*[\])][ \t]*[\w`]",  # "### [HIGH] Title", "(High) …"
    re.I,
)


def _under_title_only(doc: _Doc, k: int) -> bool:
    """Whether heading k has no parent but the document's one top heading, if any, and no
    sibling, or one telling what went right ("## What went well" beside "## What went wrong")."""
    parent = doc.parents[k]
    headings = doc.headings
    if parent >= 0 and (parent > 0 or any(h[1] <= headings[0][1] for h in headings[1:])):
        return False
    siblings = [j for j in range(len(headings)) if j != k and doc.parents[j] == parent]
    # (The only section under the title is the review's body, no item's part.)
    return not siblings or any(_WENT_WELL_RE.search(headings[j][2]) for j in siblings)


def _heading_number(text: str) -> int | None:
    """The whole number a heading numbers itself with ("### 2. Title" 2), if any."""
    m = _numbered_match(_clean_inline(text))
    number = next((g for g in m.groups()[:-1] if g), None) if m else None
    return int(number) if number is not None and number.isdigit() else None


def _numbers_on_before(doc: _Doc, k: int) -> bool:
    """Whether heading k numbers on from the nearest numbered heading of its depth before it."""
    number = _heading_number(doc.headings[k][2])
    if number is None or number < 2:
        return False
    depth = doc.headings[k][1]
    for j in range(k - 1, -1, -1):
        if doc.headings[j][1] == depth and (before := _heading_number(doc.headings[j][2])):
            return before == number - 1
    return False


def _item_worded(text: str) -> bool:
    """Whether a heading numbers itself with an item word ("Issue 1:", "FAILURE 2 -")."""
    m = _numbered_match(_clean_inline(text))
    return m is not None and m.group(1) is not None


def _level_section_leaves(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """Leaf sub-headings of a level's section, each opening with prose ("## Moderate Issues"
    over "### Remove unused NAT gateways" then "Spoke VPCs each created …"): items
    themselves, and a list inside one ("Remove:" then resources) is its detail."""
    headings, parents = doc.headings, doc.parents
    n = len(headings)
    children: dict[int, list[int]] = {}
    for k in range(n):
        if parents[k] >= 0:
            children.setdefault(parents[k], []).append(k)
    item_heads = {it.heading for it in items if it.kind == "heading"}
    leaves: list[int] = []
    paired = False  # (one such leaf alone could be its section's topic; beside two, a failure)
    for p, kids in children.items():
        if excluded[p] or any(k in item_heads for k in kids):
            continue
        if _heading_level(headings[p][2]) is None:
            continue
        if any(k + 1 < n and parents[k + 1] == k for k in kids):
            # (Leaves only: a heading over sub-headings groups them; "## Critical" over
            # "### Security" over "#### KMS policy open" and prose: the areas' leaves, then.)
            areas = [
                k
                for k in kids
                if k in children
                and _heading_level(headings[k][2]) is None
                and not (
                    _is_non_failure_section(headings[k][2]) or _is_meta_section(headings[k][2])
                )
                and not any(j in item_heads or j in children for j in children[k])
            ]
            if len(areas) < len(kids):
                continue
            kids = [j for k in areas for j in children[k]]
        texts = [headings[k][2] for k in kids]
        if any(
            _is_item_part(t) or _is_non_failure_section(t) or _is_meta_section(t) for t in texts
        ):
            continue
        if all(doc.low_intro(k)[:1] not in ("", "-", "*", "+", "|") for k in kids):
            leaves += kids  # (every one opens with a sentence, none with a list)
            paired = paired or len(kids) >= 2
    if not paired:
        return items
    spans = [(headings[k][0], doc.ends[k]) for k in leaves]
    kept = [it for it in items if not any(a <= it.line < b for a, b in spans)]
    for k in leaves:
        item = _Item(headings[k][0], _clean_inline(headings[k][2]), k, "heading")
        item.end = doc.ends[k]
        item.named = True
        kept.append(item)
    kept.sort(key=lambda it: it.line)
    return kept


def _prose_only(doc: _Doc, start: int, end: int) -> bool:
    """Whether lines start to end hold no list or table (prose and code only): a heading over
    them tells one thing, not a category of several."""
    lines, fenced = doc.lines, doc.fenced
    for i in range(start, end):
        line = lines[i]
        if fenced[i] or not line:
            continue
        first = line.lstrip()[:1]
        if first == "|" or (first in "-*+0123456789" and _LIST_ITEM_RE.match(line)):
            return False
        if first in "Kk*_" and line.lstrip(" *_").lower().startswith("knowledge gap"):
            break  # (the document's gaps, after its last failure)
    return True


# "### State machine role can invoke any Lambda - High": a leaf titled, then its level.
_TRAILING_LEVEL_TITLE_RE = re.compile(rf"\w[^\n]*\s[-–—]\s*(?:{_LEVEL_ALT})\s*$", re.I)
_LEVEL_TAG_RE = re.compile(rf"\w.*[\[(]\s*(?:{_LEVEL_ALT})\s*[\])]$", re.I)


_BEFORE_AFTER_RE = re.compile(r"^\W*(?:before|after)\b", re.I)


def _is_fault_part(text: str) -> bool:
    """Whether a sub-heading names a part of one failure ("Evidence", "Fix", "Why it matters"),
    not a before/after pair ("### Before Fixes", "### After Fixes" under a readiness report)."""
    return _is_item_part(text) and _BEFORE_AFTER_RE.match(text) is None


def _inside_numbered_item(doc: _Doc, parent: int) -> bool:
    """Whether heading `parent` is a numbered item like its numbered siblings, which hold no
    sub-headings ("### 4. **Infrastructure Architecture Differences**" beside "### 3. **No Test
    Suite**"): its sub-headings ("#### DynamoDB Table Design") are its parts. A numbered group
    ("### 4. Naming Issues") holds items."""
    headings, parents = doc.headings, doc.parents
    text = headings[parent][2]
    if not _is_numbered(text) or _GROUP_TITLE_RE.search(_clean_inline(text)) is not None:
        return False
    up, depth = parents[parent], headings[parent][1]
    end = doc.ends[up] if up >= 0 else len(doc.lines)
    for j in range(up + 1, len(headings)):
        if headings[j][0] >= end:
            break
        if (
            j != parent
            and parents[j] == up
            and headings[j][1] == depth
            and _is_leaf(doc, j)
            and _is_numbered(headings[j][2])
        ):
            return True
    return False


def _says_nothing_more(doc: _Doc, k: int) -> bool:
    """Whether heading k is a leaf with no text under it."""
    lines = doc.lines
    return _is_leaf(doc, k) and not any(
        lines[i].strip() for i in range(doc.headings[k][0] + 1, doc.ends[k])
    )


def _is_part_heading(doc: _Doc, k: int) -> bool:
    """Whether heading k names a part of an item ("#### Root Cause", "### Severity: High" under
    "## 2. …"), not a section: one that says a level ("## Severity: Critical") with no numbered
    heading above it is the section of the items of that level."""
    text = doc.headings[k][2]
    if not _is_item_part(text) or _WHY_IT_FAILS_RE.match(text) is not None:
        return False
    if _heading_level(text) is None:
        # "## What went wrong" beside "## What went well", under nothing but the title, is a
        # section of the review; under an item it is that item's part.
        if _under_title_only(doc, k):
            return False
        # "## What Was Actually Wrong" between "## Issue Identified" and "## Corrections Made":
        # a section of the review unless an item's heading comes before it at its depth.
        if _WHAT_WAS_WRONG_RE.match(text) is not None:
            parent, level = doc.parents[k], doc.headings[k][1]
            return any(
                doc.parents[j] == parent and doc.headings[j][1] == level and _is_numbered(h[2])
                for j, h in enumerate(doc.headings[:k])
            )
        return True
    parent = doc.parents[k]
    while parent >= 0:
        if _is_numbered(doc.headings[parent][2]):
            return True
        parent = doc.parents[parent]
    return False


_WHAT_WAS_WRONG_RE = re.compile(
    r"\W*what\s+(?:was|went|the\s+(?:model|response)\s+(?:got|did))\s+(?:actually\s+|really\s+)?"
    r"(?:wrong|broken|missing|incorrect)\W*$",  # ("## What Was Actually Missing")
    re.I,
)
_WHAT_WRONG_RE = re.compile(r"\bwhat\b.*\b(?:wrong|broke|failed)\b", re.I)
_CHECK_MARKS = ("\u2705", "\u2714", "\u2713", "\u2611")  # ✅ ✔ ✓ ☑
_CROSS_MARKS = (
    "\u274c",
    "\u2717",
    "\u2718",
    "\u2716",
    "\u2757",
    "\u203c",
    "\ufe0f",
)  # ❌ ✗ ✘ ✖ ❗ ‼


def _find_items(doc: _Doc, excluded: list[int], failing: list[int]) -> list[_Item]:
    lines, fenced, headings = doc.lines, doc.fenced, doc.headings
    if "no failures" in doc.low and _RECORDS_NONE_RE.search(doc.low) is not None:
        # "Because the model response was empty, this analysis records no failures for it.":
        # what follows (the ideal's fixes, typical pitfalls) is no failure of this response.
        return []
    items: list[_Item] = []
    hypothetical = _is_hypothetical(doc)
    # (A guide's observed sections are kept, the rest set apart, in `_keep_observed`.)
    if (
        (hypothetical or _says_above_is_generic(doc))
        and not _keep_observed(doc, excluded, failing)
        and hypothetical
        # ("**Model Response**: ❌ Fell into this" under each scenario: a guide walked through
        # for this response, its items judged one by one)
        and _FELL_INTO_RE.search(doc.text) is None
    ):
        return items
    # 1. Headings: numbered ("### 3. Title", "## Issue 2: Title") or labelled items under a
    # failure section ("### CloudTrail access denied" followed by **Issue**/**Fix**).
    for k, (line_no, _, text) in enumerate(headings):
        if excluded[k] == _HARD:
            continue
        title = _numbered_title(text) if k not in doc.chapters else None
        if title is None and text[:2] == "~~" and _numbered_title(text.strip("~ ")) is not None:
            title = text  # "#### ~~1.3 Missing OIDC provider~~": struck, it takes its body along
        bare = _numbered_of(text)[0] if title is not None else ""
        if bare[:1] in "Pp*_" and _POTENTIAL_ITEM_RE.match(bare):
            continue  # "Potential Failure 3: X" then "What Could Go Wrong: If …": not one made
        parent = doc.parents[k]
        named = False
        if text[:1] in _CHECK_MARKS and _is_leaf(doc, k) and not _mentions_failure(text):
            continue  # "### ✔️ R3 — Bucket blocks all public access": a check it passed
        if (
            title is None
            and text[:1] in _CROSS_MARKS
            and _is_leaf(doc, k)
            and (parent < 0 or excluded[parent] < _HARD)
            # (Under "## Details", they tell again what a list above names.)
            and not (parent >= 0 and _is_detail_heading(headings[parent][2]))
        ):
            # "### ❌ Single NAT gateway" beside "### ✅ Subnet layout": a check it failed,
            # whatever the section is called.
            crossed = _clean_inline(text.lstrip("".join(_CROSS_MARKS) + " \t"))
            if (
                len(crossed.split()) >= 2  # (not "#### ❗ Deployment" over its status lines)
                # (Not a section's name: "### ❌ Model Failures and Issues", "## ❌ What Was
                # Actually Wrong", "### ❌ Deployment Status".)
                and _PLURAL_FAULTS_RE.search(crossed) is None
                and _WHAT_WRONG_RE.search(crossed) is None
                # ("### ❗ `EnvironmentSuffix` read with `TryGetContext`": whatever word opens
                # the title, but a section's name.)
                and not (
                    _is_meta_section(crossed)
                    or (_is_neutral_section(crossed) and len(crossed.split()) <= 3)
                    or _is_non_failure_section(crossed)
                    or _is_item_part(crossed)
                )
            ):
                item = _Item(line_no, crossed, k, "heading")
                item.end = doc.ends[k]
                items.append(item)
                continue
        if (
            title is None
            and excluded[k] < _HARD
            and parent >= 0
            and failing[parent] == 1
            and not excluded[parent]
            and _says_model_erred(doc, k)
        ):
            title = _clean_inline(text)  # "## X Doesn't Match" + "The model response used …"
            named = True
        elif (
            excluded[k]
            and (title is None or not _has_labels(doc, line_no + 1, doc.ends[k], strong=True))
            # ("### Minor: Bucket names not suffixed with environment": a level then a title,
            # whatever words its title uses.)
            and not (
                excluded[k] == _SOFT
                and parent >= 0
                and not excluded[parent]
                and _LEVEL_TITLE_RE.match(text)
            )
            # ("## Overview" left open over "### **ISSUE 1: Master password in state**": an
            # item by its own word, wherever it sits.)
            and not (excluded[k] == _SOFT and title is not None and _item_worded(text))
            # ("## Authorizer result caching disabled" over "Severity: Medium", beside sibling
            # failures: an item whatever its words, "result" among them.)
            and not (
                excluded[k] == _SOFT
                and title is None
                and parent >= 0
                and failing[parent]
                and not excluded[parent]
                and _opens_with_level_label(doc, k)
            )
        ):
            continue
        if (
            title is None
            and parent >= 0
            and failing[parent]
            and not _is_item_part(text)
            and (
                _mentions_failure(text)
                or not (_is_meta_section(text) or _is_neutral_section(text))
                # ("### Athena Query Results Unencrypted" then "**Failure**: …")
                or (not excluded[k] and _opens_with_issue_label(doc, k))
                or (excluded[k] == _SOFT and _opens_with_level_label(doc, k))
            )
            and _heading_level(text) is None
            and not _is_non_failure_section(text)
            and (
                _has_labels(doc, line_no + 1, doc.ends[k], True)
                # ("#### SQS queue missing DLQ" over "Medium.", "#### Lambda role is admin"
                # over "Critical. `AdministratorAccess` …": a level said as a sentence.)
                or (doc.words[k] & _FAILURE == 0 and _rated_leaf(doc, k))
                # ("### `skip_final_snapshot` on a production database" over "#### Evidence",
                # "#### Fix", "#### Why it matters": parts make an item as labels do.)
                or (
                    failing[parent] == 2
                    and not _is_leaf(doc, k)
                    and _sub_headings_all(doc, k, _is_fault_part, 2)
                )
            )
            and not _inside_numbered_item(doc, parent)
        ):
            title = _clean_inline(text)
        elif (
            title is None
            and ((parent >= 0 and failing[parent]) or (parent < 0 and doc.words[k] & _FAILURE))
            and (doc.words[k] & _ANY_LEVEL or _odd_folds(text))
            and doc.own_end(k) >= doc.ends[k]
            and (
                (
                    _LEVEL_TITLE_RE.match(text)
                    and (
                        _has_labels(doc, line_no + 1, doc.ends[k], True)
                        or (failing[parent] == 2 and _prose_only(doc, line_no + 1, doc.ends[k]))
                        # "## 🟡 (Medium) Database password supplied as a plain parameter" over
                        # prose and its list of reasons: a level, then one failure's title.
                        or (
                            failing[parent]
                            and _GROUP_TITLE_RE.search(text) is None
                            and (
                                (
                                    text[-1:] not in (":", "s", "S")
                                    # (Over a list straight away, "### 🔴 Critical — Networking"
                                    # names an area whose bullets are the failures.)
                                    and doc.low_intro(k)[:1] not in ("", "-", "*", "+", "|")
                                    and not doc.low_intro(k)[:1].isdigit()
                                )
                                # ("#### [P2] Lambda timeout 3s for … two APIs" over nothing:
                                # its title says it all.)
                                or (text[-1:] != ":" and _says_nothing_more(doc, k))
                            )
                        )
                    )
                )
                or (
                    text[-1:] in ")]"
                    and _LEVEL_TAG_RE.search(text) is not None
                    # ("### Lambda Configuration Issues (High)" straight over its bullets: a
                    # group giving them its level; "## Lower-Priority Gaps (Moderate)" straight
                    # over "## 4. **Title**", a sibling: the same, in a flat outline.)
                    and not (
                        _GROUP_TITLE_RE.search(text) is not None
                        and (
                            doc.low_intro(k)[:1] in ("-", "*", "+")
                            or (
                                k + 1 < len(headings)
                                and doc.parents[k + 1] == parent
                                and doc.low_intro(k) == ""
                                and _is_numbered(_clean_inline(headings[k + 1][2]))
                            )
                        )
                    )
                )
                or _TRAILING_LEVEL_TITLE_RE.search(text) is not None
            )
        ):
            # "### Critical: Open bucket" over its own labels; "#### Spot group pinned to one
            # instance type [HIGH]", a leaf tagged with its level.
            title = _clean_inline(text)
        # ("Proxy role cannot read the secret (Category B)": a bracketed tag labels the item,
        # its words make no section of it.)
        # ("Correction 1: Detector Created Twice [Category A]": a tag in either brackets.)
        core = _PAREN_RE.sub(" ", title) if title is not None and title[-1:] in ")]" else title
        if (
            title is not None
            and core is not None
            # (The title is cut from the heading's text: words the text lacks, it lacks too.)
            and _section_words(text) & (_NON_FAILURE | _META)
            and (_is_non_failure_section(core) or _is_meta_section(core))
            # ("## 3. Tabular Summary of Deficiencies": the failures told again, whatever word
            # names them.)
            and (not _mentions_failure(title) or _SUMMARY_OF_RE.match(title) is not None)
            and not (
                parent >= 0
                and not excluded[parent]
                # Under the document's title ("# Model Failures") "## 5. Conclusion" is no item.
                and (failing[parent] == 2 or not _is_meta_section(title))
                and _mentions_failure(headings[parent][2])
                # ("### 4. Where the Model Response Did Well": praise wherever it sits but
                # under a level's section: "## Critical Failures" over "### 2. Positives".)
                and (_PRAISE_RE.search(title) is None or _heading_traits(headings[parent][2])[3])
            )
            # ("## 3. Items Reviewed and Found Correct" numbered on with the failures: praise.)
            and (not _continues_run(doc, items, k) or _PRAISE_RE.search(title) is not None)
        ):
            continue  # "Summary", "Lessons" … unless it sits in a "High Failures" section
        if title is not None and "ixes" in title.lower() and _FIXES_SECTION_RE.match(title):
            continue  # "## 6. SPECIFIC FIXES REQUIRED" over the corrected code: what to do
        if (
            title is not None
            and title[:1] in "RrNnAaFf"
            and _REMEDIATION_TITLE_RE.match(title) is not None
            and _is_non_failure_section(title)
        ):
            continue  # "## 7. Recommendations" numbered on after the failures: advice
        if (
            title is not None
            and title[:10].lower() == "localstack"
            and _is_non_failure_section(title)
        ):
            # "## 16. LocalStack Compatibility Adjustments" after fifteen failures: the usual
            # note on fitting the stack to the test environment, numbered on with them.
            continue
        if title is not None:
            item = _Item(line_no, title, k, "heading")
            item.end = doc.ends[k]
            item.named = named
            items.append(item)
    if doc.mentions("verdict"):
        items.extend(_failed_verdicts(doc, items, excluded))
    # 2. Bold lines: "**Failure 2: Title**", "**Flaw 1**", or "**Title:**" followed by labels.
    bold: list[_Item] = []
    parts: list[int] = []
    loose: list[tuple[int, str, int]] = []  # bold titles over no labels, in a failure section
    numbered_bare: list[tuple[int, str, int]] = []  # numbered ones, in a section left open
    for i in doc.bold_starts:
        inner = None if fenced[i] else _bold_title(lines[i])
        if inner is None:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue
        title = _numbered_title(inner)
        if title is None and inner[:2] == "~~" and _numbered_title(inner.strip("~")) is not None:
            title = inner  # (a struck numbered title still ends the item above it)
        # Labels must follow, except for a numbered title outside excluded sections.
        if k >= 0 and excluded[k]:
            if title is None or not _has_labels(doc, i + 1, i + 12):
                if title is not None and excluded[k] == _SOFT:
                    numbered_bare.append((i, title, k))
                continue
        elif title is None:
            if k < 0 or not failing[k] or _is_non_failure_section(inner):
                continue
            if _is_meta_section(inner):
                continue  # "**TL;DR**", "**Summary**" over a recap: the document's, no item
            if not _has_labels(doc, i + 1, i + 12):
                loose.append((i, inner, k))  # (under the title too: "## … Issues" alone)
                continue
            if _is_item_part(inner) or _is_part_heading(doc, k):
                continue
            if _has_labels(doc, headings[k][0] + 1, i, True):
                continue  # the heading is itself an item and this is one of its parts
            if (
                bold
                and lines[i].rstrip()[-1:] == ":"
                and bold[-1].heading == k
                and _is_numbered(lines[bold[-1].line].strip("*_ "))
            ):
                # "**Requirement from PROMPT.md**:" under "**2. Title**", "**Better Approach**:"
                # under "**Gap 2 – Title**": its part.
                continue
            title = inner
            if _is_numbered(headings[k][2]):
                parts.append(i)  # under "### 1. Title": a sub-item or a part of that item
        bold.append(_Item(i, title, k, "bold"))
    if numbered_bare:
        # "**5. Missing Default Root Object**" over a struck issue and a note, numbered on
        # from labelled siblings in its section: an item too (which its note may take back);
        # so are two or more under "## Major Failure Categories", a section naming failures.
        labelled = {it.heading for it in bold}
        per_section = Counter(k for _, _, k in numbered_bare)
        bold += [
            _Item(i, title, k, "bold")
            for i, title, k in numbered_bare
            if k in labelled
            or (per_section[k] >= 2 and doc.words[k] & _FAILURE)
            # ("## Code Quality Notes" over "**7. [MINOR] Handlers Have No Docs**": rated,
            # numbered on: one more failure, whatever the section is called)
            or (
                (bold or items)
                and not doc.words[k] & (_META | _NON_FAILURE)
                and _heading_level(title) is not None
            )
        ]
        bold.sort(key=lambda it: it.line)
    if bold:
        bold += _numbered_bold_lines(doc, bold)
    if loose and len(bold) >= 2:
        # "**Alarm thresholds hardcoded**" over a paragraph ending "Low.", beside siblings
        # titled the same way over "Severity: …" labels: an item too.
        titled = Counter(it.heading for it in bold if it.kind == "bold")
        starts = [it.line for it in bold]
        for i, inner, k in loose:
            if titled[k] < 2 or _is_item_part(inner) or _is_meta_section(inner):
                continue
            before = bisect_right(starts, i) - 1
            if (
                lines[i].rstrip()[-1:] == ":"
                and before >= 0
                and _is_numbered(lines[starts[before]].strip("*_ "))
            ):
                continue  # "**Better Approach**:" over its code, under "**Gap 2 – Title**"
            bold.append(_Item(i, inner, k, "bold"))
        bold.sort(key=lambda it: it.line)
    elif loose:
        bold += _loose_titles(doc, loose, {it.heading for it in bold})
    if parts:
        bold = _drop_layout_parts(doc, bold, parts)
    if not bold and items and "\n**" in doc.text:
        bold = _bold_lines_numbered_on(doc, items)
    items.extend(bold)
    if "** " in doc.text or "__ " in doc.text:
        # "**Issue 1** — Artifact bucket uses SSE-S3": outside the items found so far.
        spans = [(it.line, it.end) for it in items if it.kind == "heading"]
        items.extend(
            lead
            for lead in _bold_number_leads(doc, excluded)
            if not any(start <= lead.line < end for start, end in spans)
        )
    items.sort(key=lambda it: it.line)
    items.extend(_peer_headings(doc, items, excluded, failing))
    if "problem**" in doc.low or "problem:" in doc.low:  # (each opens with the label)
        items.extend(_problem_leaves(doc, items, excluded))
    items.extend(_level_section_peers(doc, items, excluded))
    items.sort(key=lambda it: it.line)
    # A heading that holds other items is a category, not a failure; so is one whose body
    # is a run of sub-items ("- **Title**" with details under it, repeated "**Failure ID:**").
    kept: list[_Item] = []
    entries: list[_Item] = []  # numbered entries over labelled bullets, under heading items
    entry_hint: bool | None = None  # whether the document has any such entry
    rated_hint: bool | None = None  # whether it has a bullet that rates itself
    passed_hint: bool | None = None  # whether it says anything was done correctly
    categories: bool | None = None  # whether a heading names a category
    unrated: dict[tuple[int, int], bool] = {}  # sibling groups holding an unrated numbered area
    grouping: set[tuple[int, int]] = set()  # (parent, rank) of headings that hold items
    holders: set[int] | None = None  # the parents of the heading items, found when needed
    praised: set[int] = set()  # heading items dropped as praise: their bullets are no items
    parts: set[int] = set()  # items that are lettered parts of the item before ("2a", "2b")
    # (parent, rank) of numbered headings found to be categories of bold bullets
    categories_of_bullets: set[tuple[int, int]] = set()
    for idx, item in enumerate(items):
        # "### 3. Total Cost" is a numbered item; "**Total failures: 4**" a tally.
        if _is_tally_title(
            item.title, item.kind == "heading" and _is_numbered(headings[item.heading][2])
        ):
            continue
        if _TASK_FILE_NOTE_RE.match(item.title):
            continue
        if id(item) in parts:
            continue  # ("#### 2a. The Glue task state" under "### 2. …": a part of item 2)
        if item.kind == "heading":
            nxt = items[idx + 1] if idx + 1 < len(items) else None
            if (
                nxt is not None
                and nxt.line < item.end
                and (inner := _lettered_parts(doc, item, items))
            ):
                parts.update(id(it) for it in inner)
                kept.append(item)
                continue
            if nxt is not None and nxt.line < item.end:
                if not (_numbered_on(doc, item, nxt) or _own_item_before(doc, item, nxt)):
                    grouping.add((doc.parents[item.heading], headings[item.heading][1]))
                    if nxt.kind == "heading":
                        # "## 2. Syntax Issues" over "- **Finding 3 — …** (Severity: Low)",
                        # then "### Finding 4: …": the bullet before the sub-headings is one.
                        kept.extend(_sub_items(doc, item))
                    continue
                # "## 3. Title" over its "**What went wrong**: …", then "### 4. Title" a level
                # too deep: the next item, not a part of this one.
                item.end = nxt.line
                key = (doc.parents[item.heading], headings[item.heading][1])
                if key in categories_of_bullets and nxt.kind == "heading":
                    # "## 2. Security Issues" over one "- **Wildcard Principal …**" after "## 1.
                    # … Issues" over theirs, then "### Issue 3 — …": the bullet is the failure.
                    inner = _sub_items(doc, item, True)
                    if inner and inner[0].kind == "list":
                        kept.extend(inner)
                        continue
                kept.append(item)
                continue
            key = (doc.parents[item.heading], headings[item.heading][1])
            children = _sub_items(doc, item, key in categories_of_bullets) or _bold_sub_items(
                doc, item
            )
            if children and children[0].kind == "list":
                categories_of_bullets.add(key)
            if not children and not _is_leaf(doc, item.heading):
                children = _heading_sub_items(doc, item, excluded)
            if not children:
                children = _label_led_blocks(doc, item)
            if not children and item.title[-1:] in "sS":
                children = _titled_paragraphs(doc, item)
            if (
                not children
                and item.title[-1:] in "sS0123456789"
                and _BARE_GROUP_RE.match(item.title)
            ):
                # "## Findings" over "**Node group in public subnets.** The model …"
                found = _bold_paragraphs(doc, item.line + 1, item.end, item.heading)
                children = found if len(found) >= 2 else []
            if not children and entry_hint is None:
                entry_hint = (  # (once a document; a nested bold bullet first, with a find)
                    "  - **" in doc.text and _ENTRY_HINT_RE.search(doc.text) is not None
                )
            if not children and entry_hint:
                children = _labelled_entries(doc, item.line + 1, item.end, item.heading)
                entries.extend(children)
            if not children and rated_hint is None:
                rated_hint = "- **" in doc.text and _RATED_TAG_RE.search(doc.low) is not None
            if not children and rated_hint and _is_numbered(headings[item.heading][2]):
                children = _rated_bullets(doc, item)
            if not children and item.title[-1:] in ")]":
                children = _rated_group_bullets(doc, item, unrated)
            if not children and categories is None:
                categories = "ategor" in doc.heads_low()  # (once a document: a find of all)
            if not children and (item.title[-1:] in "sS" or categories):
                beside = (doc.parents[item.heading], headings[item.heading][1]) in grouping
                children = _grouped_bullets(doc, item, beside)
            if (
                not children
                and (doc.parents[item.heading], headings[item.heading][1]) in grouping
                and _heading_level(item.title) is not None
            ):
                children = _level_group_list(doc, item)
            if not children and holders is None and ("|" in doc.text or "**" in doc.text):
                holders = {doc.parents[it.heading] for it in items if it.kind == "heading"}
            if (
                not children
                and holders is not None
                and (
                    (doc.parents[item.heading], headings[item.heading][1]) in grouping
                    or _beside_item_groups(doc, item, holders)
                )
                # (not "## 4. CRITICAL DEPLOYMENT BLOCKERS" over the worst ones again)
                and _heading_level(item.title) is None
            ):
                # "## 4. **API Gateway Configuration Issues**" over a rated table, beside "## 1.
                # … Issues" over their "### Problem: …" items: its rows are its items.
                rows = _table_items(doc, excluded, failing, item.line + 1, item.end, rated=True)
                if len(rows) < 2:
                    # ("## 3. **Logging Problems**" over "1. **Problem: Log group has no
                    # retention** — Severity: Low. …": its entries, bold-titled, likewise.)
                    rows = [
                        entry
                        for entry in _list_items(doc, item.line + 1, item.end, item.heading)
                        if (m := _LIST_ITEM_RE.match(doc.lines[entry.line])) is not None
                        and m.group(2)[:2] == "**"
                    ]
                    for entry in rows:
                        if (bare := _PREFIXED_RE.match(entry.title)) is not None:
                            entry.title = bare.group(1)  # ("Problem: Log group has no …")
                children = rows if len(rows) >= 2 else []
            if children:
                kept.extend(children)
                continue
            if passed_hint is None:
                passed_hint = _may_praise_details(doc)
            if passed_hint and _praise_only(doc, item):
                praised.add(item.heading)
                continue  # "## 3. Log Integrity" over "- **Validation:**", "  - Model correctly …"
        kept.append(item)
    items = kept
    if entries:
        items += _entries_numbered_on(doc, items, entries, excluded)
    # 3. List items under a failure section that holds no heading or bold items.
    covered = {it.heading for it in items} | praised
    announces = " following " in doc.low  # (what `_list_announced` needs, found once)
    numbered_rows: bool | None = None  # whether a table row opens with a number: "| 7 | …"
    item_headings = {it.heading for it in items if it.kind == "heading"}
    item_lines = sorted(it.line for it in items)
    # (Only the heading and bold items found so far: a recap comes after failures told so.)
    recap = items[0].line if items else len(lines)
    lone: list[int] = []  # failure sub-headings over no list ("### KMS Key Policy Flaws:")
    for k, (line_no, _, text) in enumerate(headings):
        if k in covered or (
            (excluded[k] or failing[k] < 2)
            # "## Initial State Analysis" then "… found the following defects in the model's
            # template:" over its numbered list: the sentence announces them.
            and not (excluded[k] < _HARD and announces and _list_announced(doc, k))
            # "## Additional Observations" over "6. **Reserved concurrency set to 1** — …
            # (severity: high)": entries that each rate themselves are failures.
            # "## Lower-priority changes" over "4. **Health check grace too short** — …" after
            # "### 3. …": a list numbered on from the items is more of them.
            and not (not excluded[k] and items and _list_numbers_on(doc, items, k))
            # "## Remaining Items" over "| 4 | No autoscaling target | Medium |" after "### 3.
            # …": rows numbered on from the items are more of them.
            and not (
                not excluded[k]
                and items
                and "\n|" in doc.text
                and _table_numbers_on(doc, items, k, excluded, failing)
            )
            and not (
                items
                and excluded[k] == _SOFT
                and ("bservation" in text or "BSERVATION" in text)
                and not doc.words[k] & (_META | _NON_FAILURE)
                and (_rates_every_entry(doc, k) or _observed_rated_rows(doc, k, excluded, failing))
            )
        ):
            continue
        if _is_part_heading(doc, k) and _OBSERVED_SECTION_RE.search(text) is None:
            continue  # (not "## What went wrong in this response" after a guide: the record)
        if _is_non_failure_section(text) and _PRAISE_RE.search(text) is not None:
            continue  # "### 4. Where the Model Response Did Well" (numbered, so not set apart)
        if _inside(doc, k, item_headings):
            continue  # the bullets under an item's "### Impact" are its details
        end = doc.ends[k]
        after = bisect_right(item_lines, line_no)
        if after < len(item_lines) and item_lines[after] < end:
            continue  # some item lies in the section already
        # The section's own body ends at its first sub-heading, if any.
        body_end = doc.own_end(k)
        found = (
            _list_items(doc, line_no + 1, body_end, k)
            or _bold_paragraphs(doc, line_no + 1, body_end, k)
            or _label_blocks(doc, line_no + 1, body_end, k)
            # "## Critical Issues" over "| Aspect | Model | Ideal | Severity |" rows (a rated
            # table: "| 1. IRSA trust | ✘ | ✘ |" under "## Failures by Response" recaps).
            or _table_items(doc, excluded, failing, line_no + 1, body_end, rated=True)
            # ("a) Build image outdated" over its rated details, under "Lower-priority
            # observations")
            or (
                _list_items(doc, line_no + 1, body_end, k, lettered=True)
                if excluded[k] == _SOFT
                else []
            )
        )
        if (
            not found
            and "|" in doc.text
            and _heading_level(text) is not None
            and _mentions_failure(text)
        ):
            # "## Critical Fixes Applied" over "| # | Issue | Fix |" rows: the failures of the
            # level the heading names, a row each
            rows = _table_items(doc, excluded, failing, line_no + 1, body_end)
            if len(rows) >= 2:
                found = rows
        if not found and items and numbered_rows is None:
            numbered_rows = _NUMBERED_ROW_RE.search(doc.text) is not None  # (once a document)
        if not found and items and numbered_rows:
            # "| # | Issue | Fix |" over "| 7 | No IteratorAge alarm | … |" after items 1-6:
            # unrated rows numbered on with the items are the next ones.
            rows = _table_items(doc, excluded, failing, line_no + 1, body_end)
            if rows and _rows_number_on(doc, items, rows):
                found = rows
        if (
            not found
            and body_end == end
            # ("### KMS Key Policy Flaws:"; "### Add-on Version Pinning:" over code too, a topic
            # named as a label is one more finding beside listed ones)
            and (_mentions_failure(text) or text[-1:] == ":")
            and not _FIXES_SECTION_RE.match(_numbered_title(text) or text)
        ):
            lone.append(k)
        if found and all(
            _PRAISE_DETAIL_RE.match(lines[it.line]) is not None
            and _FAULT_DETAIL_RE.search(lines[it.line]) is None
            for it in found
        ):
            continue  # "#### Cluster Version Pinned" over "- **Result**: Correct - …": praise
        if found and recap < line_no and _says_would_have(doc.low_intro(k)):
            continue  # "The original template would have failed …:": the failures' cost again
        if found and recap < line_no and _SUMMARY_OF_RE.match(_numbered_title(text) or text):
            continue  # "## 3. Tabular Summary of Deficiencies" over rows: the items again
        parent_text = headings[doc.parents[k]][2] if doc.parents[k] >= 0 else ""
        if (
            found
            and recap < line_no
            and any(" above" in t and _FOR_ABOVE_RE.search(t) for t in (text, parent_text))
        ):
            continue  # "## Code Excerpts (for the findings above)": the items' evidence again
        if (
            found
            and recap < line_no
            and _TO_FIX_HEADING_RE.search(text) is not None
            and all(_TO_DO_RE.match(it.title) for it in found)
        ):
            continue  # "## Most Critical Issues Requiring Immediate Fix" over "1. Make the …"
        fixed = _says_fixed(text) or (bool(parent_text) and _says_fixed(parent_text))
        if found and _tells_fixes(found, bool(items) and fixed):
            continue  # "- Added validation for …", "- Implemented mocking …": what was done
        if found and _names_one_failure(doc, k, found):
            # "### Missing Sample Application" under "## Additional Critical Issues": the
            # heading is the failure and its bullets describe it.
            item = _Item(line_no, _clean_inline(text), k, "heading")
            item.end = end
            item.named = True
            items.append(item)
            item_headings.add(k)
            insort(item_lines, line_no)
            continue
        items.extend(found)
        for it in found:
            insort(item_lines, it.line)
    if lone:
        items.extend(_lone_siblings(doc, items, lone))
    if items and len(headings) > 3:
        items.extend(_prose_sections_beside(doc, items, excluded, failing))
    if items and "|" in doc.text:
        items.extend(_ticket_tables(doc, items, excluded, failing))
    items.sort(key=lambda it: it.line)
    items = _level_section_leaves(doc, items, excluded)
    if not doc.text.isascii():  # (the marks a checklist needs are not ASCII)
        items += _checklist_misses(doc, items, excluded)
        items.sort(key=lambda it: it.line)
    if "\n>" in doc.text:
        items += _quoted_levels(doc, items, excluded)
        items.sort(key=lambda it: it.line)
    items = _drop_restated_fixes(doc, items)
    items = _drop_detail_sections(doc, items)
    items = _drop_index_table(doc, items)
    items = _drop_feature_headings(doc, items)
    if not items:
        items = (
            _table_items(doc, excluded, failing)
            or _plain_numbered_items(doc, excluded)
            or _title_list_items(doc, failing, excluded)
            or _bold_label_lists(doc, excluded)
            or _label_led_document(doc, failing)
            or _rule_blocks(doc, failing)
            or _prose_sub_headings(doc, excluded, failing, detail_lists=True)
            or _marked_headings(doc)
            or _cross_marked_lines(doc, excluded)
            or _verdict_lines(doc)
            or _unchecked_boxes(doc, excluded)
            or _level_led_bullets(doc, excluded)
            or _ticket_lines(doc, excluded)
            or _tagged_bullets(doc, excluded)
            or _severity_led_titles(doc)
            or _definition_terms(doc, excluded, failing)
            or _plain_title_lines(doc)
            or _plain_title_lines(doc, sentence_case=True)
            or _rated_run_in_lines(doc)
            or _plain_group_titles(doc)
            or _bare_title_lines(doc)
            or _plain_section_paragraphs(doc)
            or _run_on_items(doc)
            or _inline_numbered_runs(doc, excluded)
            or _ordinal_paragraphs(doc)
            or (_title_list_items(doc, failing, excluded, True) if not doc.headings else [])
            or _table_items(doc, excluded, failing, summary=True)
            or _summary_issue_lists(doc, excluded)
            or _ideal_better_bullets(doc)
        )
    if items and "emaining" in doc.text and items[-1].kind == "heading":
        items += _remaining_level_bullets(doc, items[-1])
    if items and items[-1].kind == "heading" and "\n|" in doc.text:
        items += _rows_numbered_on_inside(doc, items, excluded, failing) or _rows_past_the_items(
            doc, items, failing
        )
    if items and "dditional" in doc.text:
        items = _lead_issue_before_more(doc, items)
    # Each item's body runs to the next item or the end of its section, whichever is first.
    for idx, item in enumerate(items):
        limit = doc.ends[item.heading] if item.heading >= 0 else len(lines)
        if item.kind == "heading":
            limit = doc.ends[item.heading]
        next_line = items[idx + 1].line if idx + 1 < len(items) else len(lines)
        item.end = min(limit, next_line) if item.kind != "heading" else min(item.end, next_line)
        if item.stop:
            item.end = min(item.end, item.stop)
        if item.kind == "table":
            # A row is its own text: not a withdrawn row dropped after it ("| 3 | … | ~~High~~ |
            # Withdrawn: … |"), nor the rows and lines that follow.
            item.end = min(item.end, item.line + 1)
        elif item.kind == "bold":
            # A bold item also stops at the next heading.
            k = bisect_right(headings, (item.line, 99, ""))
            if k < len(headings):
                item.end = min(item.end, headings[k][0])
    if (
        len(items) > 2
        and _is_scenario(doc, items[0])
        and all(_is_scenario(doc, it) for it in items)
        # ("This document lists the failures found in the model's template … Each entry was
        # confirmed against the deployed stack.": found, not feared)
        and not (
            _SAYS_FOUND_RE.search(doc.low[:600]) is not None
            and _GENERAL_TOO_RE.search(doc.low[:600]) is None
        )
        and not _reviews_area_by_area(doc, items)
    ):
        # Every item a "**Failure Scenario:** … / **Mitigation:** …" risk: none made, but those
        # under "## Failures Observed in This Response" (a guide's items, then the real ones).
        statuses = [_scenario_status(doc, it) for it in items]
        if any(statuses):
            # "**Status in this response**: ❌ Present." under each scenario: a checklist of
            # this response, the scenarios it fell into its failures.
            return [it for it, status in zip(items, statuses, strict=True) if status == "present"]
        return [it for it in items if _under_observed(doc, it.heading)]
    if len(items) > 2 and "in this response" in doc.low:
        # "### 2. Template Validation Failures" over "**Observed in this response**: No." beside
        # "… Yes — Critical.": a checklist of failure modes, the ones seen here its failures.
        statuses = [_scenario_status(doc, it) for it in items]
        if None not in statuses and "absent" in statuses and "present" in statuses:
            items = [it for it, status in zip(items, statuses, strict=True) if status == "present"]
            for it in items:
                if it.level is None and (said := _observed_level(doc, it)) is not None:
                    it.level = said
    if len(items) > 2 and "cenario" in doc.text:
        # "## Deployment Failure Scenarios" over "- **Scenario:** …" items beside "## Defects
        # Found in the Model Response": the scenarios are risks, the defects were found.
        scenarios = [_is_scenario(doc, it) for it in items]
        if sum(scenarios) >= 2 and any(
            not scenario and _under_observed(doc, it.heading)
            for it, scenario in zip(items, scenarios, strict=True)
        ):
            items = [
                it
                for it, scenario in zip(items, scenarios, strict=True)
                if not scenario or _under_observed(doc, it.heading)
            ]
    if (
        items
        and items[-1].kind in ("heading", "bold")
        and _LEAD_IN_LIST_RE.search(doc.text) is not None
    ):
        items = _trailing_extras(doc, items)
    # "**CRITICAL FAILURES**" straight over "#### 1. …": a level's group label, nothing of its own.
    items = [
        it
        for it in items
        if not (
            it.kind == "bold"
            and _LEVEL_GROUP_RE.match(it.title) is not None
            and not any(lines[i].strip() for i in range(it.line + 1, it.end))
        )
    ]
    for item in items:
        item.blocks = item.kind == "heading" and _is_numbered(doc.headings[item.heading][2])
    if any(excluded):
        items = _drop_flat_run_under_praise(doc, items, excluded)
    if "chievement" in doc.heads_low():
        items = _drop_achievements(doc, items)
    return _drop_repeats(doc, items)


_ACHIEVEMENTS_RE = re.compile(r"^\W*(?:key\s+|team\s+)?achievements?\W*$", re.I)


def _drop_achievements(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """Items under an "Achievements" section (its "### Fixed Errors" bullets) when items
    outside it tell the model's failures ("Shortcomings of the Model Response"): the team's
    progress, the same faults again. (Alone, as in "Claude Model's Performance" reviews,
    its resolved errors are the failures.)"""
    spans = [
        (line_no, doc.ends[k])
        for k, (line_no, _, text) in enumerate(doc.headings)
        if _ACHIEVEMENTS_RE.match(text)
    ]
    inside = [it for it in items if any(start < it.line < end for start, end in spans)]
    if not inside or len(inside) == len(items):
        return items
    return [it for it in items if it not in inside]


# "## CRITICAL ISSUE: No WAF on the Stage": one issue told as a section of its own …
_LEAD_ISSUE_RE = re.compile(
    r"[\W_]*(?:(?:critical|major|high|primary|main|biggest|blocking)[ \t]+)?"
    r"(?:issue|failure|problem|defect)[ \t]*:[ \t]*\S",
    re.I,
)
# … before "## Additional Issues", whose items it heads.
_MORE_ISSUES_RE = re.compile(
    r"[\W_]*additional[ \t]+(?:[\w-]+[ \t]+)?(?:issues|failures|problems|defects|findings)\b",
    re.I,
)


def _lead_issue_before_more(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """The issue heading straight before "## Additional Issues", when no item lies in it
    ("### What the Model Provided" over ❌ lines is its evidence, not items of its own)."""
    headings, parents = doc.headings, doc.parents
    starts = [it.line for it in items]
    added: list[_Item] = []
    for k, (line_no, _, text) in enumerate(headings):
        if k == 0 or _MORE_ISSUES_RE.match(text) is None:
            continue
        if not _has_item_between(starts, line_no, doc.ends[k]):
            continue
        p = k - 1
        while p >= 0 and parents[p] != parents[k]:
            p = parents[p] if parents[p] < p else -1
        if p < 0 or _LEAD_ISSUE_RE.match(headings[p][2]) is None:
            continue
        if headings[p][0] in starts or _has_item_between(starts, headings[p][0], doc.ends[p]):
            continue
        item = _Item(headings[p][0], _clean_inline(headings[p][2]), p, "heading")
        item.end = doc.ends[p]
        item.named = True
        added.append(item)
    if not added:
        return items
    return sorted(items + added, key=lambda it: it.line)


_GENERAL_TOO_RE = re.compile(r"\b(?:general|generic|catalog(?:ue)?|checklist)\b")
_RECORDS_NONE_RE = re.compile(
    r"\b(?:analysis|document|review|file)\s+(?:records|lists)\s+no\s+failures\b"
    r"|\bno\s+failures\s+of\s+this\s+(?:particular\s+)?response\s+can\s+be\s+itemi[sz]ed\b"
)
_SAYS_FOUND_RE = re.compile(
    r"\b(?:failures|defects|issues|problems)\s+(?:we\s+)?found\s+in\s+the\s+model"
    # ("… lists the failures found when the model's CloudFormation response was reviewed")
    r"|\b(?:failures|defects|issues|problems)\s+found\s+when\s+the\s+model'?s?\b"
    r"|\bconfirmed\s+against\s+the\s+deployed\b"
)
# "Also noted, not worth separate sections:", "Two further minor flaws, not worth a section
# each:", "Minor issues also found:": a lead-in to more failures told as a list.
_EXTRA_LEAD_RE = re.compile(
    r"[*_]*(?:also\s+noted\b"
    r"|(?:[\w-]+\s+){0,2}(?:further|more|other|additional|remaining)\s+(?:[\w-]+\s+)?"
    r"(?:flaws|issues|problems|findings|defects|nits)\b"
    r"|(?:[\w-]+\s+)?(?:flaws|issues|problems|findings|defects)\s+also\s+(?:found|noted|spotted|seen)\b"
    # ("I'm switching to short notes for the rest, they are smaller:", "From here on I
    # switched to short notes:")
    r"|[^\n]{0,60}\b(?:short|brief|quick)(?:er)?\s+notes)\b"
    r"[^\n]{0,160}:[*_]*[ \t]*$",
    re.I,
)


# A lead-in line over a list ("…:\n- ", "…:**\n\n1. ").
# ("…:" over "Issue 4 (Moderate): …", rated run-in paragraphs, too.)
_LEAD_IN_LIST_RE = re.compile(
    r":[*_]*\n\n?(?:(?:[-*+]|\d{1,2}[.)])[ \t]|[A-Z][a-z]+[ \t]+\d{1,3}[ \t]+\()"
)
_NOT_COUNTED_LEAD_RE = re.compile(
    r"\bnot\s+(?:counted|failures|a\s+failure|model\s+failures|scored)\b|\bcosmetic\b", re.I
)


def _trailing_extras(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """The list a lead-in opens inside the last item ("Also noted, not worth separate
    sections:" over "- `tfvars` committed with an account ID (Medium)"): more failures, each its
    own, at its own level or the lead-in's ("Two further minor flaws …"); the item ends there."""
    last = items[-1]
    lines, fenced = doc.lines, doc.fenced
    for i in range(last.line + 1, min(last.end, len(lines))):
        line = lines[i]
        if line[-1:] not in (":", "*", " ") or fenced[i] or line[:1] in " \t-+#|>":
            continue
        if line.rstrip()[-1:] not in (":", "*"):
            continue
        if _EXTRA_LEAD_RE.match(line) is None:
            continue
        if _NOT_COUNTED_LEAD_RE.search(line) is not None:
            return items  # "Also noted (not counted as failures — cosmetic):"
        end = i + 1
        while end < last.end and not lines[end].strip():
            end += 1
        while end < last.end and (
            not lines[end].strip() or lines[end][:1] in " \t" or _LIST_ITEM_RE.match(lines[end])
        ):
            end += 1
        # ("Issue 4 (Moderate): …", "Issue 5 (Minor): …" paragraphs after the lead-in too)
        found = _list_items(doc, i + 1, end, last.heading) or _rated_run_in_entries(
            doc, i + 1, last.end, last.heading
        )
        if not found:
            return items
        lead_level = _heading_level(_clean_inline(line))
        for entry in found:
            if lead_level and _heading_level(entry.title) is None:
                entry.level = lead_level
        last.end = i
        return items + found
    return items


def _drop_flat_run_under_praise(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """Numbered headings that follow, at its own level, an empty section heading set apart
    ("## Strengths" straight over "## 1. **Parameters and Conditions**", "## 2. …"): that
    section's entries, flattened, not failures."""
    headings, parents, lines = doc.headings, doc.parents, doc.lines
    dropped: set[int] = set()
    for k in range(len(headings) - 1):
        if excluded[k] != _HARD or _is_numbered(headings[k][2]):
            continue
        line_no, depth, text = headings[k]
        nxt = headings[k + 1]
        if nxt[1] != depth:
            continue
        if any(lines[i].strip() for i in range(line_no + 1, nxt[0])) and not (
            # ("## Appendix: General Checklist (not observed in this deployment)" over a
            # sentence or two, then "## 6. Shard Limit Exceeded": a guide's entries, flattened)
            (_NOT_PRESENT_RE.search(text) or _GUIDE_SECTION_RE.search(text))
            and _prose_only(doc, line_no + 1, nxt[0])
        ):
            continue  # (not an empty heading straight over its flattened entries)
        for j in range(k + 1, len(headings)):
            if headings[j][1] < depth or parents[j] != parents[k]:
                if headings[j][1] <= depth:
                    break
                continue
            if not _is_numbered(headings[j][2]):
                break
            dropped.add(j)
    return [it for it in items if it.heading not in dropped] if dropped else items


def _block_title(doc: _Doc, start: int, issue: int) -> str:
    """A headless block's title: the first sentence of its issue label's value, else of the
    first label with a value on its line ("**Impact**: Cannot retrieve the ARNs …").

    A block that opens with its severity label ("**Severity**: MAJOR", `issue` its line) is
    titled by the issue label under it, else by the label after it."""
    lines = doc.lines
    after = range(issue + 1, min(issue + 10, len(lines)))
    m = _match_label(lines[issue])
    if m is not None and _label_field(m.group(1).strip()) == "severity":
        for i in after:
            label = _match_label(lines[i])
            if lines[i].strip() in ("---", "___"):
                break
            if label is not None and _label_field(label.group(1).strip()) == "model_snippet":
                issue = i
                break
    for i in (issue, *range(start, issue), *after):
        m = _match_label(doc.lines[i])
        value = m.group(4).strip() if m is not None else ""
        if (
            value and m is not None and _label_field(m.group(1).strip()) != "severity"
        ):  # (not "MAJOR")
            return _clean_inline(re.split(r"(?<=[.!?])\s", value, maxsplit=1)[0]).rstrip(".")
    return ""


_SCENARIO_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)(?:failure[ \t]+)?scenario[ \t]*:?[ \t]*(?:\*\*|__)", re.I
)


def _says_would_have(intro: str) -> bool:
    """Whether a section's opening line announces, before its list, what the failures would
    have caused ("Even if deployed, the original implementation would have suffered from:")."""
    return (
        intro.rstrip().endswith(":")
        and "would have" in intro
        and _WOULD_HAVE_FAILED_RE.search(intro) is not None
    )


_WOULD_HAVE_FAILED_RE = re.compile(r"\bwould\s+have\s+(?:failed|suffered|caused|resulted\s+in)\b")


def _is_scenario(doc: _Doc, item: _Item) -> bool:
    """Whether one of an item's first three lines is a "**Failure Scenario:**" label, or its
    first lines are "- **Failure:** …" with a "- **Mitigation:** …" after it: a risk."""
    lines = doc.lines
    failure = False
    for i in range(item.line + 1, min(item.end, item.line + 6)):
        line = lines[i]
        if "cenario" in line and i < item.line + 4 and _SCENARIO_LABEL_RE.match(line) is not None:
            return True
        if ("**" in line or "__" in line) and "ailure" in line or "itigation" in line:
            m = _FAILURE_MITIGATION_RE.match(line)
            if m is not None:
                if m.group(1)[0] in "Mm":
                    return failure
                failure = True
        elif ("everity" in line or "evel" in line) and _PLAIN_LABEL_RE.match(line.replace("*", "")):
            return False  # "- **Severity:** Critical", "- **Level:** Critical": a failure found
    return False


# "**Status in this response**: ❌ Present.", "Status: ✅ Not present", "Observed here: yes".
_SCENARIO_STATUS_RE = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?[*_]*(?:status|observed|present|model[ _]response)\b[^:\n]{0,30}:"
    r"[*_ \t]*(?:[\u2705\u274c\u2714\u2716\u2717\u2718\u26a0]\ufe0f?[ \t]*)?"
    r"(not[ \t]+present|not[ \t]+observed|absent|no\b|present|observed|yes\b|avoided"
    r"|fell[ \t]+into)",  # ("**Model Response**: ❌ Fell into this", "… ✅ Avoided")
    re.I,
)


_OBSERVED_LEVEL_RE = re.compile(rf":[*_ \t]*yes[ \t]*[—–:,-][ \t]*({_LEVEL_ALT})\b", re.I)


def _observed_level(doc: _Doc, item: _Item) -> str | None:
    """The level a status line gives after its "Yes" ("Observed in this response: Yes —
    Critical."), if any."""
    for i in range(item.line + 1, min(item.end, item.line + 12)):
        m = _OBSERVED_LEVEL_RE.search(doc.lines[i]) if "es" in doc.lines[i] else None
        if m is not None:
            return _level(m.group(1))
    return None


def _scenario_status(doc: _Doc, item: _Item) -> str | None:
    """What a scenario's status line says of this response ("present", "absent"), if it has one."""
    for i in range(item.line + 1, min(item.end, item.line + 12)):
        line = doc.lines[i]
        if "tatus" in line or "bserved" in line or "resent" in line or "esponse" in line:
            m = _SCENARIO_STATUS_RE.match(line)
            if m is not None:
                said = m.group(1).lower()
                present = said in ("present", "observed", "yes") or said[:4] == "fell"
                return "present" if present else "absent"
    return None


def _reviews_area_by_area(doc: _Doc, items: list[_Item]) -> bool:
    """Whether "**Failure:** / **Mitigation:**" items review this response area by area: some
    areas found clean ("- **Failure:** None - the model created …") and the rest rated in
    their titles ("## 3. [High] Certificate Created in the Wrong Region"), not a guide's risks."""
    clean = rated = 0
    for item in items:
        if _heading_level(item.title) is not None:
            rated += 1
            continue
        for i in range(item.line + 1, min(item.end, item.line + 4)):
            m = _FAILURE_MITIGATION_RE.match(doc.lines[i])
            if m is not None and m.group(1)[0] in "Ff":
                rest = doc.lines[i][m.end() :].lstrip(" \t*_")
                clean += rest[:4].lower() in ("none", "n/a") or rest[:3].lower() == "n/a"
                break
    return clean >= 1 and rated >= 2 and clean + rated == len(items)


# "- **Failure:** RDS backup retention not configured." then "- **Mitigation:** Set …".
_FAILURE_MITIGATION_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)(failure|mitigation)[ \t]*(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*:)",
    re.I,
)


def _drop_repeats(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """An item repeated word for word (title and body: the document pasted twice) is one;
    so is one whose body goes on where its first copy's stopped (the last item of a pasted
    copy runs on to the end of the document)."""
    if len({item.title for item in items}) == len(items):
        return items
    seen: dict[str, list[str]] = {}
    kept: list[_Item] = []
    lines = doc.lines
    for item in items:
        body = "\n".join(
            text
            for text in (line.strip() for line in lines[item.line : item.end])
            if text.strip("-*_")
        )
        earlier = seen.setdefault(item.title, [])
        if any(body.startswith(other) or other.startswith(body) for other in earlier):
            continue
        earlier.append(body)
        kept.append(item)
    return kept


_ONE_FAILURE_RE = re.compile(
    r"(?:missing|incorrect|wrong|invalid|hard-?coded|no|lack\s+of|insecure|outdated|deprecated"
    r"|unused|incomplete|improper|unencrypted|exposed|duplicated?|inconsistent|misconfigured"
    r"|mismatched|unrestricted|unpinned|excessive|overly\s+\w+|weak|broken|redundant)\s+[\w`]"
    # ("Backtrack Window Not Set", "Flow Logs Disabled": the fault closing the title.)
    r"|.*\b(?:not\s+(?:set|configured|enabled|defined|pinned|encrypted|tagged|attached|scoped"
    r"|applied|created|referenced|restricted)|missing|absent|disabled|omitted|unset|hard-?coded)\W*$"
    # ("Backup Retention Left at 1 Day", "Role Policy Too Broad": a fault told in the title.)
    r"|.*\b(?:left\s+(?:at|as|out|open|unset|empty|on|off|public|enabled|disabled)"
    r"|too\s+(?:broad|permissive|short|long|small|large|low|high|open|wide))\b"
    # ("Service Ignores External Updates", "Region Hardcoded in Provider Block")
    r"|.*\b(?:ignores|lacks|hard-?coded|exposes|never|without|missing)\b"
)
_CLASS_PLURAL_RE = re.compile(
    r"(?:issues|failures|problems|errors|gaps|mistakes|flaws|bugs|concerns|deficiencies"
    r"|vulnerabilities|violations|misconfigurations|inconsistencies|shortcomings|weaknesses)\W*$"
)


# A bullet opening with what was done to fix things ("Added …", "Implemented …").
_FIX_VERB_RE = re.compile(
    r"(?:added|implemented|created|enabled|configured|introduced|ensured|improved|enhanced"
    r"|optimi[sz]ed|updated|replaced|fixed|tested|exported|standardi[sz]ed|refactored|applied"
    r"|integrated|converted|upgraded|restored|corrected|resolved|removed|switched|checked"
    r"|verified|validated|covered|wrote|documented)\b",
    re.I,
)


def _tells_fixes(bullets: list[_Item], titled: bool = False) -> bool:
    """Whether most plain bullets of a list say what was done, not what was wrong; `titled`:
    bold-titled ones too ("- **E3691**: Fixed invalid engine version"), for a list under a
    heading that says the issues were fixed, after failures listed elsewhere."""
    done = sum(
        1 for b in bullets if (titled or not b.inline) and _FIX_VERB_RE.match(b.inline or b.title)
    )
    return done * 2 > len(bullets)


def _says_fixed(text: str) -> bool:
    """Whether a heading ends by saying its issues were dealt with ("Lint Errors Fixed:")."""
    return text.rstrip(" :*_").lower().endswith(("fixed", "resolved", "corrected", "fixes"))


_COMPARED_RESPONSE_RE = re.compile(
    r"^[ \t]*[-*+][ \t]+[*_`]*(?:the\s+)?(?:model|ideal)[_ ]response(?:\.md)?\b", re.I
)


def _names_one_failure(doc: _Doc, k: int, bullets: list[_Item]) -> bool:
    """Whether sub-heading `k`, whose body is `bullets`, names one failure ("Missing Sample
    Application") rather than a class of them ("Security Issues", "Networking")."""
    parent = doc.parents[k]
    if parent < 0 or not (
        _mentions_failure(doc.headings[parent][2])
        or _LEVEL_GROUP_RE.match(doc.headings[parent][2]) is not None  # "Minor Observations"
    ):
        return False
    low = _clean_inline(doc.headings[k][2]).lower().lstrip(" *_`'\"-–—:#")
    low = low.lstrip("".join(c for c in low[:4] if not c.isalnum())).strip()
    if _CLASS_PLURAL_RE.search(low):
        return False
    if not _ONE_FAILURE_RE.match(low):
        # "### User Pool Password Policy Left at Defaults" over "- MODEL_RESPONSE.md does not
        # set …", "- IDEAL_RESPONSE.md sets …": the two responses compared on one failure.
        lines = doc.lines
        compared = [b for b in bullets if _COMPARED_RESPONSE_RE.match(lines[b.line])]
        return len(compared) == len(bullets) >= 2
    # Bold-titled bullets ("- **No WAF**: …") would be failures of their own.
    return not any(b.inline or doc.lines[b.line].lstrip()[2:4] in ("**", "__") for b in bullets)


def _first_label(doc: _Doc, start: int, end: int) -> str | None:
    """The field of the first labelled line in lines start..end, if any."""
    lines, fenced = doc.lines, doc.fenced
    for i in range(start, min(end, start + 40)):
        line = lines[i]
        if fenced[i] or ":" not in line:
            continue
        m = _match_label(line) if "**" in line or "__" in line else None
        if m and (m.group(2) or m.group(3)):
            field = _label_field(m.group(1))
            if field:
                return field
        p = _PLAIN_LABEL_RE.match(line)
        if p:
            return _label_field(p.group(1))
    return None


def _peer_headings(
    doc: _Doc, items: list[_Item], excluded: list[int], failing: list[int]
) -> list[_Item]:
    """Sub-headings laid out like their item siblings ("#### Testing Framework" with the same
    **Expected**/**Actual** labels as "#### AMI Selection") are items too, whatever their words."""
    headings = doc.headings
    by_parent: dict[int, list[_Item]] = {}
    for item in items:
        if item.kind == "heading":
            by_parent.setdefault(doc.parents[item.heading], []).append(item)
    taken = {item.heading for item in items if item.kind == "heading"}
    found: list[_Item] = []
    children: dict[int, list[int]] = {}
    for k, parent in enumerate(doc.parents):
        if k not in taken:
            children.setdefault(parent, []).append(k)

    def is_numbered(k: int) -> bool:
        return k >= 0 and _NUMBERED_RE.match(_clean_inline(headings[k][2])) is not None

    groups = list(by_parent.items())
    # "### 4. Naming Issues" over one labelled "#### Names Without Environment Suffix", beside
    # numbered siblings whose sub-headings are items: its sub-heading is one too, by its
    # cousins' labels (alone, the category itself would be read as the item).
    holders = {(doc.parents[p], headings[p][1]) for p in by_parent if p >= 0}
    for parent in children:
        if parent < 0 or parent in by_parent or excluded[parent] == _HARD:
            continue
        if (doc.parents[parent], headings[parent][1]) not in holders or not is_numbered(parent):
            continue
        cousins = [
            item
            for p, peers in by_parent.items()
            if is_numbered(p)
            and doc.parents[p] == doc.parents[parent]
            and headings[p][1] == headings[parent][1]
            for item in peers
        ]
        if cousins:
            groups.append((parent, cousins))
    for parent, peers in groups:
        # Under a numbered category ("### 2. Code Quality Issues") one labelled peer is enough.
        numbered = is_numbered(parent)
        # (Under a section that announces failures, "## Critical Failures", one is enough.)
        announced = parent >= 0 and failing[parent] == 2
        if len(peers) < 2 and not numbered and not (parent >= 0 and failing[parent]):
            continue
        level = headings[peers[0].heading][1]
        fields: set[str | None] | None = None
        # "## Where It Fell Short" over "### Health check never passes (High)" and prose,
        # "### EFS target group too open" and prose: a leaf told the same way, untagged.
        prose: bool | None = None  # (found when first needed: it costs a pass per peer)
        for k in children.get(parent, ()):
            line_no, lvl, text = headings[k]
            if lvl != level:
                continue
            if excluded[k] == _HARD or _is_non_failure_section(text) or _is_meta_section(text):
                continue
            labelled: bool | None = None
            if (
                parent >= 0
                and failing[parent]
                and not excluded[parent]
                # (Set apart by its words, it needs a level: "Critical: DNS validation records
                # never created", not "Naming pattern improvements", "Potential Failure 3".)
                and (not excluded[k] or doc.words[k] & _ANY_LEVEL)
                and _is_leaf(doc, k)
                and not _is_numbered(text)  # (step 1 judged those: "Potential Failure 3")
            ):
                labelled = _has_labels(doc, line_no + 1, doc.ends[k], True)
                if (
                    not labelled
                    and _prose_only(doc, line_no + 1, doc.ends[k])
                    and any(doc.lines[i].strip() for i in range(line_no + 1, doc.ends[k]))
                ):
                    if prose is None:
                        # (Not beside numbered peers: "## What this response got wrong:" and
                        # "## Remediation guidance:" around "## 1. …" to "## 3. …" frame them.)
                        prose = all(
                            _is_leaf(doc, p.heading)
                            and not _has_labels(doc, p.line + 1, p.end, True)
                            for p in peers
                        ) and not all(_is_numbered(headings[p.heading][2]) for p in peers)
                    if prose and _is_overview(doc, k, peers):
                        continue  # "## Primary Technical Deficiencies" over one paragraph
                    if prose or (
                        _ONE_FAILURE_RE.match(low := _clean_inline(text).lower())
                        and not low.startswith(("possible", "potential", "hypothetical"))
                    ):
                        # (Or its title tells a fault, "Missing EnvironmentSuffix on Queue
                        # Names", beside labelled siblings: one failure left unrated.)
                        item = _Item(line_no, _clean_inline(text), k, "heading")
                        item.end = doc.ends[k]
                        found.append(item)
                        continue
            if excluded[k] and not numbered and not (announced and not excluded[parent]):
                continue  # (its own words may only look like a section's: "… environments")
            if not (
                labelled
                if labelled is not None
                else _has_labels(doc, line_no + 1, doc.ends[k], True)
            ):
                continue
            if fields is None:
                fields = {_first_label(doc, p.line + 1, p.end) for p in peers} - {None}
            if _first_label(doc, line_no + 1, doc.ends[k]) not in fields:
                continue
            item = _Item(line_no, _clean_inline(text), k, "heading")
            item.end = doc.ends[k]
            found.append(item)
    return found


def _is_overview(doc: _Doc, k: int, peers: list[_Item]) -> bool:
    """Whether prose heading k opens a run of item headings as their overview: before them
    all, named for the failures as a group, one paragraph, no level ("## Primary Technical
    Deficiencies" then "The template … falls short in ways that …", then "## Deployment
    Blockers (Critical)", "## Authorization Model (High)")."""
    line_no, _, text = doc.headings[k]
    if line_no > min(p.line for p in peers) or doc.words[k] & _ANY_LEVEL:
        return False
    if _GROUP_TITLE_RE.search(text) is None:
        return False
    body = [doc.lines[i] for i in range(line_no + 1, doc.ends[k]) if doc.lines[i].strip()]
    return len(body) == 1


_LEVEL_NAME_RE = re.compile(
    rf"[^\w\s]{{0,3}}[ \t]*(?:{_LEVEL_ALT})(?:[ \t]+(?:severity|priority))?", re.I
)


def _loose_titles(doc: _Doc, loose: list[tuple[int, str, int]], taken: set[int]) -> list[_Item]:
    """Bold title lines over prose, two or more in a section announcing failures that holds
    no other item ("## Infrastructure Implementation Issues" over "**DynamoDB stream source
    (Major)**" and a paragraph, "**Visibility timeout too short**" and one): one each."""
    lines = doc.lines
    by_section: dict[int, list[tuple[int, str]]] = {}
    for i, inner, k in loose:
        by_section.setdefault(k, []).append((i, inner))
    found: list[_Item] = []
    # "## Critical", "## High", "## Low" over bold titles: sections named by a level alone,
    # one title enough beside a sibling holding more.
    leveled = {k for k in by_section if _LEVEL_NAME_RE.fullmatch(_clean_inline(doc.headings[k][2]))}
    several = any(len(by_section[k]) >= 2 for k in leveled)
    for k, titles in by_section.items():
        if k in taken or not (
            (len(titles) >= 2 and _mentions_failure(doc.headings[k][2]))
            or (k in leveled and (len(titles) >= 2 or several))
        ):
            continue
        if not _is_leaf(doc, k):
            # ("### What Worked Well" after the titles: those in the section's own body, two
            # or more, before its first sub-heading)
            titles = [(i, inner) for i, inner in titles if i < doc.own_end(k)]
            if len(titles) < 2:
                continue
        if any(
            _is_item_part(inner) or _is_meta_section(inner) or _is_non_failure_section(inner)
            for _, inner in titles
        ):
            continue
        # Each opens a paragraph: prose follows it, no list (a list would be its parts).
        nexts = [
            next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), -1)
            for i, _ in titles
        ]
        if any(
            j < 0
            or doc.fenced[j]
            or lines[j].lstrip()[:1] in ("-", "*", "+", "|", "#", ">")
            or _LIST_ITEM_RE.match(lines[j]) is not None
            for j in nexts
        ):
            continue
        found += [_Item(i, inner, k, "bold") for i, inner in titles]
    return found


# "1. **OrderQueue**: visibility timeout too short" over "   - **Impact**: Blocking": an entry
# whose details are labelled bullets indented under it (a struck one is taken back).
_LABELLED_ENTRY_RE = re.compile(  # (code in the title may hold marks: "`states:*`")
    r"^(\d{1,3})[.)][ \t]+(~~)?\*\*((?:`[^`\n]*`|[^*`\n]){2,80}?):?\*\*:?[ \t]*(.*)$"
)
# What every such entry holds, found with one search of the text (a newline leads: a literal).
_ENTRY_HINT_RE = re.compile(
    r"\n\d{1,3}[.)][ \t]+(?:~~)?\*\*[^\n]*\n(?:[ \t]*\n)?[ \t]{2,}[-*+][ \t]+\*\*"
)
_NESTED_LABEL_RE = re.compile(r"^[ \t]{2,}[-*+][ \t]+\*\*([A-Za-z][\w ]{0,30}?):?\*\*[ \t]*:?")


def _labelled_entries(doc: _Doc, start: int, end: int, k: int, after: int = 0) -> list[_Item]:
    """The numbered entries in lines start to end, each over labelled bullets ("### Deployment
    Attempt 1: ROLLBACK_COMPLETE" over "1. **OrderStateMachine**: …" then "   - **Impact**:
    Blocking", "2. …"): the failures, the heading their occasion. Two or more, or one that
    numbers on from entries before it (`after`, the last one's number)."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    numbers: list[int] = []
    end = min(end, len(lines))
    for i in range(start, end):
        line = lines[i]
        if fenced[i] or not line[:1].isdigit():
            continue
        m = _LABELLED_ENTRY_RE.match(line)
        if m is None:
            continue
        nxt = next((j for j in range(i + 1, min(i + 3, end)) if lines[j].strip()), -1)
        label = _NESTED_LABEL_RE.match(lines[nxt]) if nxt >= 0 else None
        if label is None or (_label_field(label.group(1)) is None and not m.group(2)):
            continue  # (a struck entry counts whatever its note: it ends the one above)
        title = _clean_inline(m.group(3))
        entry = _Item(i, f"~~{title}~~" if m.group(2) else title, k, "list")
        entry.inline = m.group(4).rstrip("~ ").strip()
        found.append(entry)
        numbers.append(int(m.group(1)))
    if not found or (after and numbers[0] != after + 1) or (len(found) == 1 and numbers[0] == 1):
        return []
    return found


def _entries_numbered_on(
    doc: _Doc, items: list[_Item], entries: list[_Item], excluded: list[int]
) -> list[_Item]:
    """Entries in later sections holding no item that number on from `entries` ("### Post-
    Deployment Review" over "4. **OrderDLQ**: …" after entries 1-3 under attempt headings)."""
    headings = doc.headings
    covered = {it.heading for it in items}
    last = entries[-1]
    number = int(_LABELLED_ENTRY_RE.match(doc.lines[last.line]).group(1))  # type: ignore[union-attr]
    found: list[_Item] = []
    for k, (line_no, _, _) in enumerate(headings):
        if line_no <= last.line or k in covered or excluded[k] == _HARD:
            continue
        more = _labelled_entries(doc, line_no + 1, doc.own_end(k), k, after=number)
        if more:
            found += more
            number += len(more)
    return found


def _rated_bullets(doc: _Doc, item: _Item) -> list[_Item]:
    """The bullets under a numbered category heading that each rate themselves ("## 1. SYNTAX
    ISSUES" over "- **Undefined condition**: … (Severity: Critical)", "- **Unused parameters**:
    … (Severity: Low)"): the failures, two or more, when all but one say their level."""
    if not _is_leaf(doc, item.heading):
        return _rated_issue_part_bullets(doc, item)
    if _has_labels(doc, item.line + 1, item.end, True):
        return []  # (a labelled item's bullets are its parts: "- **Cost**: N/A (blocker)")
    bullets = _list_items(doc, item.line + 1, item.end, item.heading)
    if bullets and _under_bare_label(doc, bullets[0].line):
        return []  # "**Consequences**:" over "- **Security Risk**: LOW - …": a label's parts
    if bullets and _after_extra_lead(doc, bullets[0].line):
        return []  # "The remaining findings are smaller, …:" over them: more items, after it
    rated = sum(1 for it in bullets if it.level)
    if len(bullets) == 1 and rated == 1:
        # ("## 4. PERFORMANCE AND RELIABILITY ISSUES" over one: a category still, by its words.)
        return bullets if _GROUP_TITLE_RE.search(item.title) is not None else []
    return bullets if len(bullets) >= 2 and rated >= len(bullets) - 1 and rated >= 2 else []


_ISSUES_PART_RE = re.compile(
    r"[\W_]*(?:model(?:[ _]response)?[ \t]+)?(?:issues|failures|problems|defects)[\W_]*$", re.I
)


def _rated_issue_part_bullets(doc: _Doc, item: _Item) -> list[_Item]:
    """The bullets under a category heading's one "#### Model Response Issues:" part (beside
    "#### Ideal Response Features:"), when every one rates itself ("- **Legacy OAI instead of
    OAC** [Medium]: …"): the failures, one or more."""
    k = item.heading
    parts: list[int] = []
    for j in range(k + 1, len(doc.headings)):
        if doc.headings[j][0] >= doc.ends[k]:
            break  # (past its own sub-headings)
        if doc.parents[j] == k and _ISSUES_PART_RE.match(doc.headings[j][2]):
            parts.append(j)
    if len(parts) != 1 or not _is_leaf(doc, parts[0]):
        return []
    j = parts[0]
    bullets = _list_items(doc, doc.headings[j][0] + 1, doc.own_end(j), k)
    return bullets if bullets and all(it.level for it in bullets) else []


def _after_extra_lead(doc: _Doc, line: int) -> bool:
    """Whether the line before `line` (blank lines aside) opens a list of more failures
    ("The remaining findings are smaller, so I am listing them in short form:")."""
    before = _line_before(doc, line)
    return before.rstrip()[-1:] == ":" and _EXTRA_LEAD_RE.match(before) is not None


def _under_bare_label(doc: _Doc, line: int) -> bool:
    """Whether the line before `line` (blank lines aside) is a bold label with no value on
    its line ("**Consequences**:", "**Impact:**"): what follows is that label's value."""
    return _BARE_BOLD_LABEL_RE.match(_line_before(doc, line)) is not None


def _line_before(doc: _Doc, line: int) -> str:
    """The nearest line above `line` that is not blank (the first line at the most)."""
    lines = doc.lines
    i = line - 1
    while i > 0 and not lines[i].strip():
        i -= 1
    return lines[i]


_BARE_BOLD_LABEL_RE = re.compile(
    r"[ \t]*(?:\*\*|__)[^*_\n]{2,40}?(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*$"
)
_GROUP_WORD_RE = re.compile(
    r"\b(?:issues|failures|problems|errors|defects|findings|deviations|violations)\b", re.I
)
_BOLD_LEAD_BULLET_RE = re.compile(
    r"[-*+][ \t]+(?:\*\*|__)((?:[^*_\n]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])|(?<=[:\s])\*(?!\*)){3,80}?)"
    r"(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*(?::|[-–—]))[ \t]*\S"
)


def _grouped_bullets(doc: _Doc, item: _Item, beside_groups: bool = False) -> list[_Item]:
    """The bullets under a numbered heading that only groups them ("## 2. Minor Issues", "###
    1. Cluster Networking" under "## Failure Categories"), each a bold title then its prose
    ("- **Private Endpoint Disabled**: nodes cannot reach …"), two or more, nothing else.

    `beside_groups`: a numbered sibling of the heading holds items ("## 1. Feature Gaps" over
    "### a. …"), so a group's name needs no level ("## 2. Best Practice Deviations")."""
    headings = doc.headings
    k = item.heading
    parent = doc.parents[k]
    if not (
        # ("## 2. Minor Issues and Inconsistencies": a level and a group word anywhere.)
        (
            (_GROUP_TITLE_RE.search(item.title) or _GROUP_WORD_RE.search(item.title))
            and (beside_groups or _heading_level(item.title) is not None)
        )
        or (parent >= 0 and "ategor" in headings[parent][2].lower())
    ):
        return []
    if not _is_leaf(doc, k) or not _is_numbered(headings[k][2]):
        return []
    lines, fenced = doc.lines, doc.fenced
    count = 0
    for i in range(item.line + 1, item.end):
        line = lines[i]
        if not line.strip() or fenced[i] or line[:1] in " \t":
            continue
        m = _BOLD_LEAD_BULLET_RE.match(line)
        if m is None or _label_field(m.group(1)) or _is_item_part(m.group(1)):
            return []  # (prose, or the heading's own labelled parts: "- **Impact**: …")
        count += 1
    return _list_items(doc, item.line + 1, item.end, k) if count >= 2 else []


_NUMBERED_ROW_RE = re.compile(r"\n\|[ \t]*\d")


def _under_observed(doc: _Doc, k: int) -> bool:
    """Whether heading k or one it sits under says its failures were observed in this response
    ("## Failures Observed in This Response")."""
    while k >= 0:
        if _OBSERVED_SECTION_RE.search(doc.headings[k][2]) is not None:
            return True
        k = doc.parents[k]
    return False


_FOUND_ISSUES_HEADING_RE = re.compile(
    r"\b(?:issues|problems|failures|defects|errors|faults|findings)\s+"
    r"(?:found|identified|observed|noted|spotted)\b",
    re.I,
)


_REMAINING_LEAD_RE = re.compile(
    r"\bremaining\s+(?:findings|issues|problems|failures|defects)\b[^\n]*:[ \t]*$", re.I
)
_BOLD_LEVEL_BULLET_RE = re.compile(
    rf"^[-*+][ \t]+\*\*([^*\n]{{3,150}}?)\*\*[ \t]*(?:[—–:-][ \t]*({_LEVEL_ALT})\b[.:;]?"
    rf"|\([ \t]*(?:(?:severity|impact|priority)[ \t]*[:=][ \t]*)?({_LEVEL_ALT})[ \t]*\))",
    re.I,
)
_LEVEL_LED_BULLET_RE = re.compile(
    rf"^[-*+][ \t]+[*_]*({_LEVEL_ALT})[*_]*[ \t]*[-–—:][*_]*[ \t]*(\S.*)$", re.I
)


def _remaining_level_bullets(doc: _Doc, last: _Item) -> list[_Item]:
    """The bullets, each led by its level, that the last heading item's text sets out as the
    remaining findings ("… so the remaining findings are listed briefly:" over "- Moderate -
    Failover records use a TTL of 3600 …"): more failures, told short."""
    lines, fenced = doc.lines, doc.fenced
    end = doc.ends[last.heading]
    for i in range(last.line + 1, end):
        if not fenced[i] and "emaining" in lines[i] and _REMAINING_LEAD_RE.search(lines[i]):
            break
    else:
        return []
    found: list[_Item] = []
    for j in range(i + 1, end):
        line = lines[j]
        if not line.strip():
            continue
        m = _LEVEL_LED_BULLET_RE.match(line)
        if m is not None:
            title = _SENTENCE_END_RE.split(m.group(2).strip(), maxsplit=1)[0].rstrip(". ")
            item = _Item(j, _clean_inline(title), last.heading, "list")
            item.level = _level(m.group(1))
        elif (b := _BOLD_LEVEL_BULLET_RE.match(line)) is not None:
            # "- **GSI projection type ALL** — Minor. The index only needs keys …"
            item = _Item(j, _clean_inline(b.group(1)), last.heading, "list")
            item.level = _level(b.group(2) or b.group(3))
        else:
            break
        found.append(item)
    return found if len(found) >= 2 else []


def _table_numbers_on(
    doc: _Doc, items: list[_Item], k: int, excluded: list[int], failing: list[int]
) -> bool:
    """Whether heading k's own text holds a table whose rows number on from the items above."""
    line_no, end = doc.headings[k][0], doc.own_end(k)
    rows = _table_items(doc, excluded, failing, line_no + 1, end)
    return len(rows) >= 2 and _rows_number_on(doc, items, rows)


def _rows_numbered_on_inside(
    doc: _Doc, items: list[_Item], excluded: list[int], failing: list[int]
) -> list[_Item]:
    """The rows of a table inside the last heading item's text that number on from the items
    ("### 2. …", then "*the remaining issues are smaller, so from here on a condensed table*"
    over "| 3 | … | High |", "| 4 | … |"): the next failures, a row each."""
    last = items[-1]
    lines = doc.lines
    end = doc.ends[last.heading]
    for i in range(last.line + 1, end - 1):
        if lines[i][:1] == "|" and not doc.fenced[i] and _TABLE_RULE_RE.match(lines[i + 1]):
            rows = _table_items(doc, excluded, failing, i, end)
            if len(rows) >= 2 and _rows_number_on(doc, items, rows):
                return rows
            return []
    return []


def _rows_past_the_items(doc: _Doc, items: list[_Item], failing: list[int]) -> list[_Item]:
    """The rows past the last item of a table numbering the heading items from 1 ("## Fault
    Summary" over "| 1 | … |", "| 2 | … |", "| 3 | … |" beside "## 1. …", "## 2. …"): failures
    the table alone tells, a row each."""
    numbers = [_item_number(doc, it) for it in items if it.kind == "heading"]
    count = len(set(numbers))
    # (Told twice, "## 1.", "## 2." again after the table, is one numbering; "### 1." under each
    # of two sections is none a table can follow.)
    if not count or numbers != [str(n) for n in range(1, count + 1)] * (len(numbers) // count):
        return []
    lines, fenced = doc.lines, doc.fenced
    for i in range(len(lines) - 2):
        if (
            lines[i][:1] != "|"
            or fenced[i]
            or not _TABLE_RULE_RE.match(lines[i + 1])
            # (its first row numbered 1: a cheap look before the rows are read)
            or _row_key(lines[i + 2]) != "1"
        ):
            continue
        end = i + 2
        while end < len(lines) and lines[end][:1] == "|":
            end += 1
        if end - i - 2 <= count:
            continue
        rows = _table_items(doc, [0] * len(doc.headings), failing, i, end)
        firsts = [_row_key(doc.lines[row.line]) for row in rows]
        if len(rows) > count and firsts == [str(n) for n in range(1, len(rows) + 1)]:
            return rows[count:]
    return []


# "The ideal response is more accurate and better structured than the model response for
# the following reasons:", "… is safer and easier to run than the model response": what
# follows compares the two, point by point.
_IDEAL_BETTER_RE = re.compile(
    r"\bideal\s+response\s+is\s+[^.\n]{0,80}\bthan\s+the\s+model(?:'s)?[ _]response\b"
    # ("… the ideal response is the stronger of the two. The points below are the places
    # where the model response falls short.")
    r"|\bwhere\s+the\s+model(?:'s)?[ _]response\s+falls\s+short\b"
)
# "### Ideal Response vs. Model Response: A Summary" as the document's title.
_IDEAL_VERSUS_TITLE_RE = re.compile(
    r"[\W_]*(?:ideal[ _]response\s+vs\.?\s+model[ _]response|model[ _]response\s+vs\.?\s+"
    r"ideal[ _]response)\b",
    re.I,
)


def _ideal_better_bullets(doc: _Doc) -> list[_Item]:
    """In a document opening with why the ideal response beats the model's, the bullets under
    its headings that say what the model's response does ("* **Explicit Outputs**: The ideal
    … The model response does not define any outputs."): a shortfall each."""
    if "ideal" not in doc.low or (
        _IDEAL_BETTER_RE.search(doc.low[:1500]) is None
        and not (doc.headings and _IDEAL_VERSUS_TITLE_RE.match(doc.headings[0][2]) is not None)
    ):
        return []
    found: list[_Item] = []
    for k, (line_no, _, text) in enumerate(doc.headings):
        if _PRAISE_RE.search(text) is not None or "nowledge" in text:
            continue  # ("#### What the model got right: Storage", "#### Knowledge gaps:")
        # (Under "#### Failures: IAM" every bullet is one; elsewhere those telling what the
        # model's response does, not only what the ideal does.)
        named = _mentions_failure(text)
        found += [
            entry
            for entry in _list_items(doc, line_no + 1, doc.own_end(k), k)
            if named or "model" in doc.lines[entry.line].lower()
        ]
    return found


def _summary_issue_lists(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """The list items under headings that name failures inside a summary ("## Summary" over
    "### Issues Found (2 Minor)" over "1. **Tags missing** …"), where the document tells its
    failures nowhere else: the summary is the whole review."""
    found: list[_Item] = []
    headings = doc.headings
    for k, (line_no, _, text) in enumerate(headings):
        if excluded[k] != _SOFT or _FOUND_ISSUES_HEADING_RE.search(text) is None:
            continue
        parent = doc.parents[k]
        if parent < 0 or excluded[parent] != _SOFT:
            continue
        found += _list_items(doc, line_no + 1, doc.own_end(k), k)
    return found


def _lettered_parts(doc: _Doc, item: _Item, items: list[_Item]) -> list[_Item]:
    """The items inside a numbered heading item that tells a failure of its own ("**Severity**:
    High") and then numbers its lettered parts ("#### 2a. The Glue task state", "#### 2b. …"),
    all of them, two or more; else none."""
    number = _item_number(doc, item)
    if number is None or not number.isdigit():
        return []
    inner = [it for it in items if item.line < it.line < item.end]
    if len(inner) < 2 or not _has_labels(doc, item.line + 1, inner[0].line, True, True):
        # ("### 5. IAM Problems" straight over rated "#### 5a. …", "#### 5b. …" groups them)
        return []
    for it in inner:
        sub = _item_number(doc, it)
        if sub is None or sub[:-1] != number or not sub[-1:].isalpha():
            return []
    return inner


def _beside_item_groups(doc: _Doc, item: _Item, holders: set[int]) -> bool:
    """Whether a numbered leaf heading item has numbered siblings whose sub-headings are items
    ("## 3. **Logging Problems**" after "## 1. **Networking Problems**" over "### **Problem:
    …**"): a category too, holding its failures some other way. (`holders`: the parents of
    the heading items.)"""
    k = item.heading
    headings, parents = doc.headings, doc.parents
    if not _is_leaf(doc, k) or not _is_numbered(headings[k][2]):
        return False
    rank, parent = headings[k][1], parents[k]
    return any(
        j != k and parents[j] == parent and headings[j][1] == rank and _is_numbered(headings[j][2])
        for j in holders
        if j >= 0
    )


def _list_numbers_on(doc: _Doc, items: list[_Item], k: int) -> bool:
    """Whether heading k's own body opens a numbered list at the margin whose first number runs
    on from the highest item number above it ("4. …" after "### 3. …")."""
    lines, fenced = doc.lines, doc.fenced
    start = doc.headings[k][0]
    for i in range(start + 1, min(doc.own_end(k), start + 12)):
        line = lines[i]
        if not line.strip() or fenced[i]:
            continue
        first = _MARGIN_NUMBER_RE.match(line)
        if first is None:
            continue  # (an opening sentence)
        above = [
            int(n)
            for it in items
            if it.line < start and (n := _item_number(doc, it)) is not None and n.isdigit()
        ]
        return bool(above) and int(first.group(1)) == max(above) + 1 and max(above) >= 2
    return False


_MARGIN_NUMBER_RE = re.compile(r"(\d{1,2})[.)][ \t]+\S")


def _rows_number_on(doc: _Doc, items: list[_Item], rows: list[_Item]) -> bool:
    """Whether table rows number on from the items before them: their first cells run on from
    the highest item number above the table ("| 3 |", "| 4 |" after "### 2. …")."""
    above = [
        int(n)
        for it in items
        if it.line < rows[0].line and (n := _item_number(doc, it)) is not None and n.isdigit()
    ]
    if not above:
        return False
    expected = max(above) + 1
    for row in rows:
        first = _row_key(doc.lines[row.line])
        if first != str(expected):
            return False
        expected += 1
    return True


def _level_group_list(doc: _Doc, item: _Item) -> list[_Item]:
    """The plain list under a numbered heading naming a level's group ("### 3. **Operations -
    Low Severity**" over "Findings in this group are written as a short list:" and "1. No
    retry strategy …"), beside numbered siblings that group their items: its entries, two or
    more, after prose lines only."""
    k = item.heading
    if not _is_leaf(doc, k) or not _is_numbered(doc.headings[k][2]):
        return []
    lines, fenced = doc.lines, doc.fenced
    first = -1
    for i in range(item.line + 1, item.end):
        line = lines[i]
        if not line.strip() or fenced[i]:
            continue
        if _LIST_ITEM_RE.match(line) and not line[:1].isspace():
            first = i
            break
        if line[:1] in ("*", "_", "|", ">", "#") or _PLAIN_LABEL_RE.match(line):
            return []  # (the heading's own labels, a table, a quote: an item's parts)
    if first < 0:
        return []
    found = _list_items(doc, first, item.end, k)
    return found if len(found) >= 2 else []


def _heading_sub_items(doc: _Doc, item: _Item, excluded: list[int]) -> list[_Item]:
    """The sub-headings of a numbered category heading ("## 1. Syntax Issues" over "###
    Scheduler Target Uses Wrong Construct" then a line or two of prose): the failures, when
    each names one (no part of an item, no level, no fix or praise) and the category, naming
    a group of faults or holding two or more, has no labelled field of its own."""
    k = item.heading
    headings, parents, lines = doc.headings, doc.parents, doc.lines
    if not _is_numbered(headings[k][2]):  # (`_find_items` asks for non-leaf headings only)
        return []
    found: list[_Item] = []
    # ("### 1. Problems Found in This Response" over "#### Title" and "- **Failure**: …": a
    # section named for the failures, its sub-headings labelled ones.)
    named = _MODEL_FAILURES_TITLE_RE.match(item.title) is not None
    for j in range(k + 1, len(headings)):
        line_no, _, text = headings[j]
        if line_no >= item.end:
            break
        if parents[j] != k:
            return []  # (deeper structure: the sub-headings are groups or parts themselves)
        if (
            excluded[j]
            or _is_item_part(text)
            or _label_field(text)
            or _heading_level(text) is not None
            or _is_fix_section(text)
            or _is_non_failure_section(text)
            or _is_meta_section(text)
            or (
                not (named and _has_labels(doc, line_no + 1, doc.ends[j], True))
                and (
                    _has_labels(doc, line_no + 1, doc.ends[j], True)
                    # ("### Upload Bucket Problems" over "- **Recursive Triggers**: …"
                    # bullets: a group of its own)
                    or sum(
                        1
                        for i in range(line_no + 1, doc.ends[j])
                        if _BOLD_BULLET_START_RE.match(lines[i])
                    )
                    > 1
                )
            )
        ):
            return []
        sub = _Item(line_no, _clean_inline(text), j, "heading")
        sub.end = doc.ends[j]
        found.append(sub)
    if not found or (not named and _has_labels(doc, item.line + 1, found[0].line, True)):
        return []
    if len(found) < 2 and _GROUP_TITLE_RE.search(item.title) is None:
        return []
    # "### Failure Description" under every numbered failure: a part's name, told again.
    if any(doc.heading_count(headings[sub.heading][2]) > 1 for sub in found):
        return []
    return found


# "**Finding:** Route tables not updated for the peer CIDR": an item label, then the title.
_LEADING_ITEM_LABEL_RE = re.compile(
    r"^(?:[-*+][ \t]+)?(?:\*\*|__)(finding|issue|problem|failure|defect|bug|observed|observation)"
    r"[ \t]*(?:(?:\*\*|__):|:(?:\*\*|__))[ \t]*(\S.{2,1000})$",
    re.I,
)


def _label_led_blocks(doc: _Doc, item: _Item) -> list[_Item]:
    """The blocks of an unnumbered findings section ("## Findings") that each open with the
    same item label and a title ("**Finding:** Route tables not updated", then "Risk:
    Critical" and prose, "---", the next): one failure each, two or more."""
    heading_text = doc.headings[item.heading][2]
    if _is_numbered(heading_text) or _PLURAL_FAULTS_RE.search(heading_text) is None:
        return []
    return _label_blocks(doc, item.line + 1, item.end, item.heading)


# "## Findings", "## Issues Found": a section named for several faults.
_PLURAL_FAULTS_RE = re.compile(
    r"\b(?:findings|issues|problems|failures|defects|bugs|errors|mistakes|flaws)\b", re.I
)


def _label_led_document(doc: _Doc, failing: list[int]) -> list[_Item]:
    """The same blocks straight under a failures title ("# Model Failures"), or in a document
    without headings."""
    if not doc.headings:
        return _label_blocks(doc, 0, len(doc.lines), -1)
    if failing[0] != 1:
        return []
    end = doc.headings[1][0] if len(doc.headings) > 1 else len(doc.lines)
    return _label_blocks(doc, doc.headings[0][0] + 1, end, 0)


def _label_blocks(doc: _Doc, start: int, end: int, k: int) -> list[_Item]:
    if not doc.mentions("**", "__"):  # (asked per section: found once per document)
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    word = ""
    for i in range(start, end):
        line = lines[i]
        if line[:1] not in ("*", "_", "-", "+") or fenced[i]:
            continue
        m = _LEADING_ITEM_LABEL_RE.match(line.rstrip())
        if m is None:
            continue
        if word and m.group(1).lower() != word:
            return []  # ("**Issue**: …" then "**Problem**: …": one item's parts)
        word = m.group(1).lower()
        value = _clean_inline(_LEADING_MARKS_RE.sub("", m.group(2).strip()))
        title = _SENTENCE_CUT_RE.split(value, maxsplit=1)[0].rstrip(". ")
        block = _Item(i, title or value, k, "bold")
        if title != value:
            block.inline = value  # (the rest of the sentence goes to the snippet)
        found.append(block)
    if len(found) < 2:
        return []
    # (Each block holds what follows its label: a second label of the same kind inside one
    # block, after its fix, is another failure; a fix between them tells the item's parts.)
    for a, b in zip(found, found[1:], strict=False):
        if _first_label(doc, a.line + 1, b.line) == "model_snippet":
            return []
    return found


_SENTENCE_CUT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


_TICKET_ROW_HINT_RE = re.compile(r"\n[ \t]*\|[ \t]*[A-Z][A-Z0-9]{1,11}-\d{1,5}[ \t]*\|")
_TICKET_KEY_RE = re.compile(r"^[ \t]*\|[ \t]*([A-Z][A-Z0-9]{1,11}-\d{1,5})[ \t]*\|")


def _ticket_tables(
    doc: _Doc, items: list[_Item], excluded: list[int], failing: list[int]
) -> list[_Item]:
    """Rated issue tables in plain sections of their own beside the items ("## Tickets raised"
    over "| IAC-412 | RDS publicly accessible | Blocker | Fixed |"): their rows are failures
    too, unless they tell again what the items tell."""
    if _TICKET_ROW_HINT_RE.search(doc.text) is None:
        return []  # (one search: most documents hold no tracker's row)
    headings, lines = doc.headings, doc.lines
    taken = {it.heading for it in items}
    told: list[frozenset[str]] | None = None
    found: list[_Item] = []
    for k, (line_no, _, _) in enumerate(headings):
        if k in taken or excluded[k] or failing[k] >= 2:
            continue
        rows = _table_items(doc, excluded, failing, line_no + 1, doc.own_end(k), rated=True)
        keys = [_TICKET_KEY_RE.match(lines[row.line]) for row in rows]
        if not rows or not all(keys):
            continue  # (only a tracker's table, each row keyed "IAC-412", stands on its own)
        # A row whose key an item names ("### R1-01 encryption_config syntax") is told there.
        rows = [
            row
            for row, key in zip(rows, keys, strict=True)
            if key and not any(key.group(1) in lines[it.line] for it in items)
        ]
        if told is None:
            told = [_title_words(it.title) for it in items]
        if any(
            len(w & t) >= max(2, (len(w) + 1) // 2)
            for row in rows
            for w in [_title_words(row.title)]
            for t in told
        ):
            continue  # (a recap of the items, row by row)
        found += rows
    return found


# "**Public Bucket Policy:** The model attaches …": a paragraph led by its bold title.
_BOLD_TITLED_PARAGRAPH_RE = re.compile(
    r"^(?:\*\*|__)((?:[^*_\n]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])|(?<=[:\s])\*(?!\*)){3,80}?):(?:\*\*|__)"
    r"[ \t]+(\S.{20,})$"
)


# A heading that only names the failures as a group: "## Findings", "### Issues Found".
_BARE_GROUP_RE = re.compile(
    r"\W*(?:(?:key|main|detailed|review)\s+)?(?:findings|issues|problems|failures|defects)"
    r"(?:\s+(?:found|identified|observed))?\W*$"
    r"|\W*(?:review\s+)?(?:pass|round)\s+\d{1,2}\W*$",  # "## Pass 1": a review pass's findings
    re.I,
)


def _titled_paragraphs(doc: _Doc, item: _Item) -> list[_Item]:
    """Under a numbered heading naming a group of faults ("## 1. Critical Security Problems"),
    paragraphs that each open with their own bold title ("**Public Bucket Policy:** The model
    attaches …"), none a field label: the failures, at the heading's level."""
    text = doc.headings[item.heading][2]
    if not _is_numbered(text) or _GROUP_TITLE_RE.search(_clean_inline(text)) is None:
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i in range(item.line + 1, item.end):
        line = lines[i]
        if line[:2] not in ("**", "__") or fenced[i] or (i and lines[i - 1].strip()):
            continue
        m = _BOLD_TITLED_PARAGRAPH_RE.match(line)
        if m is None:
            continue
        title = m.group(1).strip()
        if _label_field(title) or _is_item_part(title):
            return []  # ("**Issue:** …", "**Root Cause:** …": the heading's own parts)
        found.append(_Item(i, _clean_inline(title), item.heading, "bold", m.group(2).strip()))
    return found  # (one is enough: the heading names a group)


def _rated_group_bullets(
    doc: _Doc, item: _Item, unrated: dict[tuple[int, int], bool]
) -> list[_Item]:
    """The bold-titled bullets under a heading that names a group of faults, or an area when
    unnumbered, and rates it ("### 1. Networking Defects (High)", "#### Networking (major)"
    over "- **Single NAT Gateway**: …", straight under it or under its "#### What the Model
    Got Wrong:"): the failures, two or more, at its level."""
    text = doc.headings[item.heading][2]
    # (An area rated, unnumbered, groups too: "#### Networking (major)" over its bullets; one
    # that names itself an item, "## Problem 2: Encryption & IAM Gaps (High)", does not.)
    if (
        _LEVEL_TAG_RE.search(text) is None
        or (_GROUP_TITLE_RE.search(text) is None and _is_numbered(text))
        or _item_worded(text)
    ):
        return []
    if _has_labels(doc, item.line + 1, item.end, True):
        return []  # (a labelled item's bullets are its parts)
    headings, parents = doc.headings, doc.parents
    parent, depth = parents[item.heading], headings[item.heading][1]
    key = (parent, depth)
    if key not in unrated:  # (once per group of siblings: `unrated` is the caller's memo)
        unrated[key] = any(
            parents[k] == parent
            and headings[k][1] == depth
            and _is_numbered(headings[k][2])
            and _LEVEL_TAG_RE.search(headings[k][2]) is None
            for k in range(len(headings))
        )
    if unrated[key] and _is_numbered(text):
        # ("### C. Networking Deficiencies (High)" among unrated "### A. …", "### B. …" areas
        # told the same way: an area like theirs, one failure, rated. Not "## Additional
        # Fixes (Minor)" after "## 4. …": a group of small ones after the numbered items.)
        return []
    spans = [(item.line + 1, item.end, item.heading)]
    for k in range(item.heading + 1, len(headings)):
        if headings[k][0] >= item.end:
            break
        if parents[k] != item.heading:
            continue
        if k == item.heading + 1:
            spans[0] = (item.line + 1, headings[k][0], item.heading)
        sub = headings[k][2]
        # ("#### What the Model Got Wrong:", "#### Model Response Issues"; not "#### Fixes")
        if _mentions_failure(sub) and not (_is_non_failure_section(sub) or _is_fix_section(sub)):
            spans.append((headings[k][0] + 1, doc.ends[k], k))
    found: list[_Item] = []
    for start, end, k in spans:
        found += _list_items(doc, start, end, k)
    lines = doc.lines
    if len(found) < 2 or any(
        _BOLD_ENTRY_START_RE.match(lines[it.line]) is None or _is_item_part(it.title)
        for it in found
    ):
        return []
    return found


_BOLD_ENTRY_START_RE = re.compile(r"(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\*\*|__)")


_BOLD_BULLET_START_RE = re.compile(r"[-*+][ \t]+(?:\*\*|__)")


# A level tag ("(Severity: Critical)", "(High)"), searched in the lower-cased text: the "("
# leads, a literal the engine scans for.
_RATED_TAG_RE = re.compile(rf"[(\[][ \t]*(?:severity[ \t]*:[ \t]*)?(?:{_LEVEL_ALT})\b")
_GROUP_TITLE_RE = re.compile(  # ("## 2. Security Issues (High)" too)
    r"\b(?:issues|failures|problems|errors|gaps|concerns|defects|findings|observations"
    r"|deficiencies|shortcomings|mistakes|flaws|bugs|deviations|discrepancies|omissions|weaknesses)"
    r"\W*(?:\([^()\n]{1,30}\)\W*)?$",
    re.I,
)


def _problem_leaves(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """Leaf sub-headings of a section its words do not mark, two or more, each opening with a
    problem label and rating it ("## Key Infrastructure Modifications" over "### Backup vault
    lock misconfigured" then "**Problem**: …", "**Impact**: High — …"): failures all the same."""
    headings, parents = doc.headings, doc.parents
    taken = {it.heading for it in items if it.kind == "heading"}
    # (A section holding items already holds its failures.)
    busy = {it.heading for it in items} | {parents[k] for k in taken}
    groups: dict[int, list[int]] = {}
    for k in range(len(headings)):
        p = parents[k]
        if p < 0 or p in busy or k in busy or excluded[k] == _HARD or excluded[p] == _HARD:
            continue
        if not _is_leaf(doc, k) or _is_non_failure_section(headings[k][2]):
            continue
        line_no, end = headings[k][0], doc.ends[k]
        if _first_label(doc, line_no + 1, end) != "model_snippet":
            continue
        body = "\n".join(doc.lines[line_no + 1 : end])
        if _RATED_LINE_RE.search(body) is None:
            continue
        groups.setdefault(p, []).append(k)
    found: list[_Item] = []
    for ks in groups.values():
        if len(ks) < 2:
            continue
        for k in ks:
            item = _Item(headings[k][0], _clean_inline(headings[k][2]), k, "heading")
            item.end = doc.ends[k]
            found.append(item)
    return found


_ANNOUNCED_RE = re.compile(
    r"\bfollowing\s+(?:\w+\s+){0,2}(?:defects|failures|issues|problems|errors|mistakes|flaws)"
    r"\b[^:\n]*\b(?:model|response)\b[^:\n]*:\s*$"
    r"|\b(?:model|response)\b[^:\n]*\bfollowing\s+(?:\w+\s+){0,2}(?:defects|failures|issues"
    r"|problems|errors|mistakes|flaws)\b[^:\n]*:\s*$"
)


def _list_announced(doc: _Doc, k: int) -> bool:
    """Whether the prose opening section k ends, right before a list, with a sentence that
    announces the response's failures ("… review found the following defects in the model's
    template:")."""
    lines, fenced = doc.lines, doc.fenced
    start = doc.headings[k][0] + 1
    end = min(doc.ends[k], start + 12)
    text: list[str] = []
    for i in range(start, end):
        line = lines[i]
        if fenced[i] or line[:1] == "#":
            return False
        if _LIST_ITEM_RE.match(line):
            return bool(text) and _ANNOUNCED_RE.search(" ".join(text).lower()) is not None
        if line.strip():
            text.append(line.strip())
        elif text and not text[-1].endswith(":"):
            text = []  # (a paragraph that does not lead into the list)
    return False


_BARE_LEVEL_SENTENCE_RE = re.compile(rf"(?:{_LEVEL_ALT})\.(?:[ \t]|$)", re.I)


# "Verdict: ❌ fail — ingress from 0.0.0.0/0 (sev: critical)", "**Verdict**: FAIL".
_FAILED_VERDICT_RE = re.compile(
    r"[*_]*verdict[*_]*[ \t]*:[*_ \t]*(?:[\u274c\u2717\u2716][ \t]*)?fail", re.I
)
_SEV_TAG_RE = re.compile(rf"\((?:sev|severity|priority)[ \t]*:[ \t]*({_LEVEL_ALT})\)", re.I)


def _failed_verdicts(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """Leaf headings a "Verdict: ❌ fail — …" line opens ("#### aws_security_group.db" in a
    per-resource review): one failure each, at the level its verdict tags, if any."""
    taken = {it.heading for it in items if it.kind == "heading"}
    found: list[_Item] = []
    for k, (line_no, _, text) in enumerate(doc.headings):
        if k in taken or excluded[k] == _HARD or not _is_leaf(doc, k):
            continue
        intro = doc.low_intro(k).strip()
        if intro[:1] not in ("v", "*", "_") or _FAILED_VERDICT_RE.match(intro) is None:
            continue
        item = _Item(line_no, _clean_inline(text), k, "heading")
        item.end = doc.ends[k]
        item.named = True
        tag = _SEV_TAG_RE.search(intro)
        item.own = _level(tag.group(1)) if tag else None
        found.append(item)
    return found


def _numbered_on(doc: _Doc, item: _Item, inner: _Item) -> bool:
    """Whether heading item `inner`, under heading item `item`, numbers on from it ("## 3." then
    "### 4.") after `item`'s own text: a sibling written a level too deep."""
    if inner.kind not in ("heading", "bold") or inner.line - item.line < 2:
        return False  # ("### Issue 1: …" then "**Issue 2: …**": the style switched, not a level)
    outer_number = _item_number(doc, item)
    inner_number = _item_number(doc, inner)
    return (
        outer_number is not None
        and inner_number is not None
        and outer_number.isdigit()
        and inner_number.isdigit()
        and int(inner_number) == int(outer_number) + 1
        and any(
            doc.lines[i].strip() and not doc.fenced[i] for i in range(item.line + 1, inner.line)
        )
    )


def _own_item_before(doc: _Doc, item: _Item, inner: _Item) -> bool:
    """Whether numbered heading item `item` tells a failure of its own ("**Issue**: …", "**Correct
    Code**: …") before numbered bold item `inner` ("**7. Cache Policy …**") in its text: the
    bold items number on past it, siblings, so the heading groups nothing."""
    if inner.kind != "bold":
        return False
    if _item_number(doc, inner) is None:
        # "## Failure (High): Bucket Public" over its fields, then "**Failure (Medium) — …**":
        # the same item word leads both, so the bold items are its siblings too.
        word = _LEAD_WORD_RE.match(doc.headings[item.heading][2])
        inner_word = _LEAD_WORD_RE.match(doc.lines[inner.line].lstrip("*_ "))
        return (
            word is not None
            and inner_word is not None
            and word.group(1).lower() == inner_word.group(1).lower()
            and _has_labels(doc, item.line + 1, inner.line, True, True)
        )
    number = _item_number(doc, item)
    return (
        number is not None
        and number.isdigit()
        and _has_labels(doc, item.line + 1, inner.line, True, True)
    )


_LEAD_WORD_RE = re.compile(rf"[\W_]*({_ITEM_WORDS})\b", re.I)


def _rated_leaf(doc: _Doc, k: int) -> bool:
    """Whether heading k, a leaf, opens or closes its text with a level said as a sentence
    ("Critical. `AdministratorAccess` attached. No.", "… no `SourceArn` either.\nCritical.")."""
    if not _is_leaf(doc, k):
        return False
    lines, fenced = doc.lines, doc.fenced
    body = [
        lines[i].strip()
        for i in range(doc.headings[k][0] + 1, min(doc.ends[k], doc.headings[k][0] + 30))
        if not fenced[i] and lines[i].strip()
    ]
    return bool(body) and (
        _BARE_LEVEL_SENTENCE_RE.match(body[0]) is not None
        or _BARE_LEVEL_SENTENCE_RE.fullmatch(body[-1]) is not None
    )


def _is_leaf(doc: _Doc, k: int) -> bool:
    """Whether heading k has no sub-headings."""
    return k + 1 == len(doc.headings) or doc.parents[k + 1] != k


_BOLD_NUMBER_RE = re.compile(r"^(?:\*\*|__)(\d{1,3})[.)][ \t]")
_LISTED_BOLD_LINE_RE = re.compile(r"^(\d{1,3})\.[ \t]+\*\*([^*\n]{3,160}?)\*\*(?!\*)[ \t]*(.*)$")
_NUMBERED_BOLD_LINE_RE = re.compile(r"^\*\*\d{1,3}[.)][ \t]+([^*\n]{3,160}?)\*\*(?!\*)[ \t]*(.*)$")


def _bold_lines_numbered_on(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """Bold numbered lines that run on past their title inside the last numbered heading item
    and number on from it ("### 3. API Key Left as Default" then "**4. Schema path resolved
    relative to the working directory** — Severity: Low. …"): items too, at the level they
    open with."""
    numbered = [
        it
        for it in items
        if it.kind == "heading" and (n := _item_number(doc, it)) is not None and n.isdigit()
    ]
    if not numbered:
        return []
    last = numbered[-1]
    expected = int(_item_number(doc, last) or 0) + 1
    listed = f"\n{expected}. **" in doc.text  # ("5. **API Lambda Not in the VPC** — Issue: …")
    if not listed and f"\n**{expected}" not in doc.text and f"\n- **{expected}" not in doc.text:
        return []  # (one C-level find: no bold line numbered on)
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i in range(last.line + 1, doc.ends[last.heading]):
        line = lines[i]
        if fenced[i]:
            continue
        if line[:2] == "**" and line[2:3].isdigit():
            m = _NUMBERED_BOLD_LINE_RE.match(line)
            number = _BOLD_NUMBER_RE.match(line)
            title, rest = (m.group(1), m.group(2).strip()) if m else ("", "")
        elif listed and line[:1].isdigit():
            m = number = _LISTED_BOLD_LINE_RE.match(line)
            if m is not None and int(m.group(1)) != expected and not found:
                # "1. **API Specificity**: …", "2. **Cluster Mode**: …" inside the item: its
                # own points, numbered from 1, not the items numbered on.
                listed = False
                continue
            title, rest = (m.group(2), m.group(3).strip()) if m else ("", "")
            if not rest:
                continue  # (a title alone: its labels below, for the list readers)
        else:
            continue
        if m is None or number is None or int(number.group(1)) != expected:
            continue
        expected += 1
        # ("**5. Reserved Concurrency Set to Zero.** The model …": the title's own stop.)
        item = _Item(i, _clean_inline(title).rstrip("."), last.heading, "bold", rest)
        said = (
            _LEADING_LEVEL_LABEL_RE.match(rest)
            or _REST_LEVEL_RE.match(rest)  # ("— 🟡 Medium")
            or _TRAILING_SEVERITY_RE.search(rest)
            # ("… so it can never run. Severity: Critical. Resolution: …")
            or _SENTENCE_SEVERITY_RE.search(rest)
        )
        item.level = _level(said.group(1)) if said else None
        found.append(item)
    return found + _bold_lines_in_later_section(doc, last, expected)


def _bold_lines_in_later_section(doc: _Doc, last: _Item, expected: int) -> list[_Item]:
    """Bold lines numbering on from the last item in a section after its own, one its words
    do not set apart ("## Additional Observations" over "**7. Unused variable (Low)** — …"),
    each rating itself in its title."""
    if f"\n**{expected}" not in doc.text and f"\n- **{expected}" not in doc.text:
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    praise = False  # inside a section of praise, passed over ("## What the Model Got Right")
    for i in range(doc.ends[last.heading], len(lines)):
        line = lines[i]
        if fenced[i]:
            continue
        if line[:4] == "- **" and line[4:5].isdigit():
            line = line[2:]  # ("- **4. Cache security group open** — Problem: …": a bullet)
        if line[:1] == "#":
            text = line.lstrip("#").strip()
            praise = (
                not found
                and _is_non_failure_section(text)
                and _PRAISE_LINE_RE.search(text) is not None
            )
            if not praise and (
                _is_meta_section(text)
                or _is_non_failure_section(text)
                or _mentions_failure(text)
                or _heading_level(text) is not None
            ):
                break  # ("## Summary"; a failures section has items of its own)
            continue
        if praise or line[:2] != "**" or not line[2:3].isdigit():
            continue
        m = _NUMBERED_BOLD_LINE_RE.match(line)
        number = _BOLD_NUMBER_RE.match(line)
        if m is None or number is None or int(number.group(1)) != expected:
            break
        title = _clean_inline(m.group(1)).rstrip(".")
        level = _heading_level(title)
        rest = m.group(2)
        # ("**5. Stack outputs not exported.** The component registered …", "**4. Security
        # group allows 6379** — Problem: … Severity: Moderate.": unrated in its title, a
        # run-in paragraph numbered on is one more too, at the level its text says; not an
        # observation's "**3. Unused variable** — assigned and never read.")
        if level is None:
            said = (
                _REST_LEVEL_RE.match(rest)
                or _LEADING_LEVEL_LABEL_RE.match(rest)  # ("— Severity: Moderate. …")
                or _SENTENCE_SEVERITY_RE.search(rest)
            )
            level = _level(said.group(1)) if said is not None else None
            if level is None and not (
                len(rest) > 20
                and (m.group(1).rstrip()[-1:] == "." or _REST_PROBLEM_RE.match(rest) is not None)
            ):
                break
        expected += 1
        item = _Item(i, title, _enclosing(doc, i), "bold", m.group(2).strip())
        item.level = level
        if level is None:
            # (Its paragraph: "The test mocks were also out of date, … so it is not counted."
            # after the last one is a remark of the section's, not of the item.)
            j = i + 1
            while j < len(lines) and lines[j].strip():
                j += 1
            item.stop = j
        found.append(item)
    return found


_REST_PROBLEM_RE = re.compile(r"[\s—–:-]*(?:problem|issue|fault|defect|failure)[ \t]*:", re.I)
_SENTENCE_SEVERITY_RE = re.compile(
    rf"[.!?;][ \t]+(?:severity|priority|impact)[ \t]*[:=][ \t]*({_LEVEL_ALT})\b", re.I
)
# "— Severity: Low. `SchemaFile.fromAsset` only works …": the level the rest opens with.
_LEADING_LEVEL_LABEL_RE = re.compile(  # (or "(Medium) - the IoT rule had no error action …")
    rf"[\W_]*?(?:(?:severity|priority|impact|criticality)(?:[ \t]+(?:rating|level))?[*_]*[ \t]*[:=—–-]"
    rf"[ \t]*[*_]*|\([ \t]*)"
    rf"({_LEVEL_ALT})\b",
    re.I,
)


def _numbered_bold_lines(doc: _Doc, bold: list[_Item]) -> list[_Item]:
    """Lines that number on from a numbered bold item in its section but run on past their
    title ("**2. Node role lacks the CNI policy** — nodes never join. **Severity:** Major"),
    after "**1. Public endpoint**" over its labels: items too, at the level they end with."""
    lines, fenced = doc.lines, doc.fenced
    taken = {it.line for it in bold}
    found: list[_Item] = []
    done: set[int] = set()
    for it in bold:
        if it.heading in done or _BOLD_NUMBER_RE.match(lines[it.line]) is None:
            continue
        done.add(it.heading)
        end = doc.ends[it.heading] if it.heading >= 0 else len(lines)
        for i in range(it.line + 1, end):
            line = lines[i]
            if line[:2] != "**" or not line[2:3].isdigit() or i in taken or fenced[i]:
                continue
            m = _NUMBERED_BOLD_LINE_RE.match(line)
            if m is None or not m.group(2).strip():
                continue
            item = _Item(i, _clean_inline(m.group(1)), it.heading, "bold", m.group(2).strip())
            level = _LEADING_LEVEL_LABEL_RE.match(m.group(2)) or _TRAILING_SEVERITY_RE.search(
                m.group(2)
            )
            item.level = _level(level.group(1)) if level else None
            found.append(item)
    return found


def _level_section_peers(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """Leaf sub-headings of a level's section ("## Medium Issues" over "### Listener on HTTP
    only" and its prose) beside a sibling level section whose sub-headings of that rank are
    items ("## Critical Issues" over labelled ones): items too, told more briefly."""
    headings, parents = doc.headings, doc.parents
    item_heads = {it.heading for it in items if it.kind == "heading"}
    if not item_heads:
        return []
    holding = {parents[h] for h in item_heads if parents[h] >= 0}
    levelled = {p for p in holding if _heading_level(headings[p][2]) is not None}
    if not levelled:
        return []
    ranks = {headings[h][1] for h in item_heads if parents[h] in levelled}
    grand = {parents[p] for p in levelled}
    found: list[_Item] = []
    for k, (line_no, rank, text) in enumerate(headings):
        p = parents[k]
        if k in item_heads or p < 0 or p in holding or rank not in ranks or parents[p] not in grand:
            continue
        if excluded[k] == _HARD or excluded[p] or _heading_level(headings[p][2]) is None:
            continue
        if k + 1 < len(headings) and parents[k + 1] == k:
            continue  # (a leaf: a heading over sub-headings groups them)
        if _is_non_failure_section(text) or _is_meta_section(text) or _is_item_part(text):
            continue
        item = _Item(line_no, _clean_inline(text), k, "heading")
        item.end = doc.ends[k]
        found.append(item)
    return found


# "- **Resource Naming**" alone on its line: a sub-item title, its details indented below.
_BOLD_ONLY_BULLET_RE = re.compile(
    # (Code in the title may hold marks: "- **Bucket policy allows `s3:*` to `*` (High)**";
    # a struck one, "- ~~**Public Access Block**~~" or "- **Stream ARN:** ~~Model omits …~~",
    # is taken back with its details.)
    r"^ ?[-*+][ \t]+(~~)?(?:\*\*|__)((?:`[^`\n]*`|[^*_`\n]|\*(?!\*)|_(?!_)){3,100}?)(?:\*\*|__)(?:~~)?[ \t]*:?[ \t]*"
    r"(~~[^~\n]*~~[ \t]*)?"
    # ("- **Parameter Group Family Mismatch** (Severity: Medium)": its own level after it.)
    r"(\([^()\n]{1,30}\)|[—–-][ \t]*(?i:severity|priority|impact|criticality)[ \t]*:[ \t]*[A-Za-z]+)?[ \t]*$"
)
_ID_LABELS = frozenset(
    ("failure id", "issue id", "finding id", "defect id", "bug id", "problem id", "error id", "id")
)


# A heading that only names a level's group of failures: "Minor Failures", "High Issues".
_LEVEL_GROUP_RE = re.compile(
    rf"^[\W_]*(?:{_LEVEL_ALT})(?:[\s-]+(?:severity|priority|impact))?[\s-]+"
    r"(?:failures?|issues?|problems?|findings?|errors?|bugs?|observations?|concerns?)"
    r"(?:[\s-]+(?:found|identified|noted|observed|detected))?[\W_]*$",  # ("Minor Issues Found")
    re.I,
)


def _observed_rated_rows(doc: _Doc, k: int, excluded: list[int], failing: list[int]) -> bool:
    """Whether an observations section (heading k, set apart softly) holds a table of two or
    more rated issues ("| `TerraformOutput` ids collide … | Moderate | … |"): then it is read
    as a failure section (its flags say so from here on)."""
    if "|" not in doc.text:
        return False
    flags = excluded[k], failing[k]
    excluded[k], failing[k] = 0, 2
    start = doc.headings[k][0] + 1
    if len(_table_items(doc, excluded, failing, start, doc.ends[k], rated=True)) >= 2:
        return True
    excluded[k], failing[k] = flags
    return False


def _rates_every_entry(doc: _Doc, k: int) -> bool:
    """Whether every list entry in heading k's own body (before any sub-heading) states its
    level ("1. **Unused import** — (Low) …"), and there is one at least."""
    start, end = doc.headings[k][0] + 1, doc.own_end(k)
    lines = doc.lines
    # ("a) Build image outdated" over "	- Severity: low": lettered, rated in its details)
    entries = _list_items(doc, start, end, k) or _list_items(doc, start, end, k, lettered=True)
    return bool(entries) and all(
        (
            entry.level
            or any(_RATED_DETAIL_RE.match(line) for line in lines[entry.line + 1 : entry.line + 5])
        )
        and _heading_level(entry.title) is None
        for entry in entries
    )  # (not a recap's "- **Critical**: 2 failures")


_RATED_DETAIL_RE = re.compile(
    rf"[ \t]+(?:[-*+][ \t]+)?[*_]*(?:severity|priority|impact)[*_]*[ \t]*:[*_ \t]*(?:{_LEVEL_ALT})\b",
    re.I,
)


def _lone_siblings(doc: _Doc, items: list[_Item], lone: list[int]) -> list[_Item]:
    """Failure sub-headings over only a code block ("### KMS Key Policy Flaws:" over the model's
    policy) beside sibling sub-headings whose bullets are failures ("### RDS Configuration
    Issues:" over "- No Multi-AZ"): each is one failure itself."""
    parents, lines, fenced = doc.parents, doc.lines, doc.fenced
    listed = {parents[it.heading] for it in items if it.kind == "list" and it.heading >= 0}
    found: list[_Item] = []
    for k in lone:
        line_no = doc.headings[k][0]
        body = [i for i in range(line_no + 1, doc.ends[k]) if lines[i].strip()]
        if parents[k] in listed and body and all(fenced[i] for i in body):
            item = _Item(line_no, _clean_inline(doc.headings[k][2]).rstrip(":"), k, "heading")
            item.end = doc.ends[k]
            item.named = True
            found.append(item)
    return found


def _has_item_between(item_lines: list[int], start: int, end: int) -> bool:
    """Whether an item starts on a line in start..end (`item_lines` sorted)."""
    at = bisect_right(item_lines, start)
    return at < len(item_lines) and item_lines[at] < end


def _prose_sections_beside(
    doc: _Doc, items: list[_Item], excluded: list[int], failing: list[int]
) -> list[_Item]:
    """Failure sections laid out as prose sub-headings ("## Cluster Failures" over "### IRSA
    Trust Policy Mismatch" and sentences) beside sections whose failures are bold run-ins,
    bullets or tagged headings ("## Security Shortcomings" over "**Public endpoint.** …",
    "## Governance Failures" over "### Grants Never Made (Critical)"): one author, and the
    sub-headings are failures too. Only sections holding no item yet."""
    headings, parents = doc.headings, doc.parents
    item_lines = sorted(it.line for it in items)
    # (Only when a failure section with sub-sections holds no item yet: the reader below
    # walks every section, and most documents have none such.)
    for k, (line_no, _, text) in enumerate(headings):
        if (
            failing[k]
            and not excluded[k]
            and k + 1 < len(headings)
            and parents[k + 1] == k
            and headings[k + 1][0] > line_no
            and not _has_item_between(item_lines, line_no, doc.ends[k])
            and _mentions_failure(text)
        ):
            break
    else:
        return []
    found = _prose_sub_headings(doc, excluded, failing)
    if not found:
        return []
    kept: list[_Item] = []
    for item in found:
        if _is_numbered(headings[item.heading][2]):
            continue  # ("### 16. IDEAL_RESPONSE.md Empty": numbered, step 1 judged it)
        parent = parents[item.heading]
        start, end = headings[parent][0], doc.ends[parent]
        if not any(start <= line < end for line in item_lines):
            kept.append(item)
    return kept


def _sub_items(doc: _Doc, item: _Item, beside: bool = False) -> list[_Item]:
    """The failures inside a category heading item, or [] when the heading is the failure.

    Two layouts make a heading a category: a run of "**Failure ID:** …" blocks (each block
    one failure), or two or more bullets that are only a bold title with details indented
    under them ("- **CDK API Usage**" then "  - …"), with no labelled field of its own.
    `beside`: the heading's siblings are such categories, so one such bullet is one too."""
    lines, fenced = doc.lines, doc.fenced
    k = item.heading
    body_end = item.end
    for j in range(k + 1, len(doc.headings)):
        if doc.headings[j][0] >= item.end:
            break
        body_end = doc.headings[j][0]
        break
    candidates = doc.sub_starts
    first = bisect_right(candidates, item.line)
    # "#### 3. Minor Failures" over one "**Failure ID:**" block: the block is the failure.
    group = _LEVEL_GROUP_RE.match(item.title) is not None
    few = first + 1 >= len(candidates) or candidates[first + 1] >= body_end
    one = first < len(candidates) and candidates[first] < body_end
    if few and one and not group:
        # (One rating itself, "- **NAT Gateway Redundancy (High):**", or under a heading that
        # names a group: "### 1. Networking Issues", or beside such groups: "## 4. Performance
        # and Best Practices" after "## 3. Security Issues".)
        group = beside or (
            _GROUP_TITLE_RE.search(item.title) is not None
            or _heading_level(_clean_inline(lines[candidates[first]])) is not None
        )
    if few and not (group and one):
        return []  # fewer than two candidate lines in the body (one under a group heading)
    ids: list[int] = []
    bullets: list[tuple[int, str]] = []
    parts = others = passed = 0
    for i in range(item.line + 1, body_end):
        line = lines[i]
        if fenced[i] or not line.strip():
            continue
        c = line[:1]
        if (c == "*" and line[1:2] not in (" ", "\t")) or c == "_":
            m = _match_label(line)
            if m and (m.group(2) or m.group(3)) and m.group(1).strip().lower() in _ID_LABELS:
                ids.append(i)
        elif c in "-+" or line[:2] in ("* ", " -", " *") or (c.isdigit() and "**" in line):
            # ("1. **Props Class Missing**" over indented details: a numbered bullet)
            b = (
                _BOLD_ONLY_BULLET_RE.match(line)
                if c in "-+* "
                else _BOLD_ONLY_NUMBERED_RE.match(line)
            )
            if b is None:
                if _LIST_ITEM_RE.match(line) and not line[:1].isspace():
                    others += 1
                continue
            title = _clean_inline(b.group(2)).rstrip(":").strip()
            if b.lastindex == 4 and b.group(4):
                title = f"{title} {b.group(4).lstrip('—–- ')}"  # (its level tag, for `_parse`)
            if _label_field(title) or (
                _is_non_failure_section(title)
                # ("- **Catch Sends Everything to the Success State**": a failure's title with
                # a praise word in it; "- **Strengths**" is praise)
                and (len(title.split()) <= 4 or _PRAISE_LINE_RE.search(title) is not None)
            ):
                others += 1
                continue
            if b.group(1) or b.group(3):
                title = f"~~{title}~~"  # (struck: `_parse` drops it, its details with it)
            if _is_item_part(title) and ":" in b.group(0):
                return []  # "- **Why It's a Problem:**": the heading's own labelled parts
            nxt = i + 1
            while nxt < body_end and not lines[nxt].strip():
                nxt += 1
            # (indented details: two spaces or a tab)
            nested = nxt < body_end and (lines[nxt][:2] == "  " or lines[nxt][:1] == "\t")
            if nested and (
                _PASSED_DETAIL_RE.match(lines[nxt])
                # ("  - The model response correctly sets `storage_encrypted=True` …")
                or (
                    _PRAISE_DETAIL_RE.match(lines[nxt])
                    and _FAULT_DETAIL_RE.search(lines[nxt]) is None
                )
            ):
                passed += 1  # "- **Log Retention:**" over "  - ✅ Implemented correctly": praise
                continue
            if nested and lines[nxt].strip():
                bullets.append((i, title))
                # "- **Code Structure**" may be a sub-item or a part ("- **Evidence**").
                parts += _is_item_part(title)
            else:
                others += 1
    found: list[_Item] = []
    if len(ids) >= 2 or (group and len(ids) == 1):
        for n, i in enumerate(ids):
            stop = ids[n + 1] if n + 1 < len(ids) else body_end
            found.append(_Item(i, _id_title(doc, i, stop), k, "bold"))
        return found
    # ("### 1. Networking Issues" over one "- **NAT Gateway Redundancy (High):**": the bullet
    # rates itself, the heading only groups it.)
    single = (
        len(bullets) == 1
        and not passed
        and not others
        and not parts
        and (
            (beside and not _details_pass(doc, bullets[0][0] + 1, body_end))
            or _heading_level(bullets[0][1]) is not None
            or _GROUP_TITLE_RE.search(item.title)
        )
    )
    if (
        bullets
        and (len(bullets) + passed >= 2 or single)
        and len(bullets) > others
        and parts * 2 <= len(bullets)
    ):
        if _has_labels(doc, item.line + 1, bullets[0][0], True):
            return []
        return [_Item(i, title, k, "list") for i, title in bullets]
    return []


def _details_pass(doc: _Doc, start: int, end: int) -> bool:
    """Whether any indented detail line from start to end says the check passed ("  - **Status:**
    ✅ Implemented correctly", "  - Model correctly sets …")."""
    lines = doc.lines
    return any(
        lines[i][:1] in (" ", "\t")
        and (
            _PASSED_DETAIL_RE.match(lines[i]) is not None
            or _PRAISE_DETAIL_RE.match(lines[i]) is not None
            or "\u2705" in lines[i]
        )
        for i in range(start, end)
    )


# A detail that takes back any fault: "Model correctly sets …", "No change needed".  (Its
# parts on their own serve `_may_praise_details`, which looks before the pattern is tried.)
_MODEL_CORRECTLY = r"model(?:'s)?[ \t]+(?:\w+[ \t]+)?correctly\b"
# ("No change needed", "Nothing to change here")
_NO_CHANGE = r"(?:no[ \t]+changes?[ \t]+(?:needed|required)|nothing[ \t]+to[ \t]+(?:change|fix))\b"
_PRAISE_DETAIL_RE = re.compile(
    rf"[ \t]*[-*+][ \t]+(?:(?:the[ \t]+)?{_MODEL_CORRECTLY}"
    rf"|{_NO_CHANGE}|(?:\u2705|\u2714)[ \t]*(?:correct|done|met)\b"
    # "Matches the ideal response; no change needed"
    rf"|matches[ \t]+the[ \t]+ideal\b[^\n]*\b{_NO_CHANGE}"
    # "- **Correct:** The model enables logging …", "- **Result**: Correct - … no failure",
    # "- **PASS**: Policy restricts …" (beside "- **FAILURE**: …" checks)
    r"|[*_]*(?:correct|pass|matches(?:[ \t]+(?:the[ \t]+)?ideal)?)[*_]*[ \t]*:"
    r"|[*_]*result[*_]*[ \t]*:[*_ \t]*correct\b"
    r"|[^\n]*\bimplemented[ \t]+as[ \t]+required\b)",
    re.I,
)
_MODEL_CORRECTLY_RE = re.compile(_MODEL_CORRECTLY)
_NO_CHANGE_RE = re.compile(_NO_CHANGE)
_MET_AFTER_MARK_RE = re.compile(r"[\ufe0f]?[ \t]*(?:correct|done|met)\b")


def _may_praise_details(doc: _Doc) -> bool:
    """Whether a detail anywhere may say the model got it right (`_PRAISE_DETAIL_RE`): looked
    for from the rarer word back, with C-level finds, not by a pattern tried at every "model"."""
    low = doc.low
    at = low.find("correctly")
    while at >= 0:
        start = max(0, at - 40)
        if low.find("model", start, at) >= 0 and _MODEL_CORRECTLY_RE.search(low, start, at + 10):
            return True
        at = low.find("correctly", at + 9)
    if ("no change" in low or "nothing to" in low) and _NO_CHANGE_RE.search(low) is not None:
        return True
    if (
        "correct**:" in low
        or "correct:**" in low
        or "**: correct" in low
        or "as required" in low
        or "**pass**:" in low
    ):
        return True  # ("- **Correct:** …", "- **Result**: Correct", "… implemented as required")
    for mark in ("\u2705", "\u2714"):
        at = low.find(mark)
        while at >= 0:
            if _MET_AFTER_MARK_RE.match(low, at + 1) is not None:
                return True
            at = low.find(mark, at + 1)
    return False


_FAULT_DETAIL_RE = re.compile(
    r"\b(?:not|missing|lacks?|fails?|failed|wrong|incorrect(?:ly)?|error|omit(?:s|ted)?|but|however"
    r"|instead|without)\b|\u274c",
    re.I,
)


_NO_IMPACT_LINE_RE = re.compile(
    r"[ \t]*[-*+][ \t]+[*_]*(?:impact|severity|risk)[*_]*[ \t]*:[*_ \t]*(?:none|n/?a)\b", re.I
)


def _praise_only(doc: _Doc, item: _Item) -> bool:
    """Whether a heading item's body is bold bullets over details that only say the model got
    it right ("- **Log File Validation:**" over "  - Model correctly sets …", "  - No change
    needed"), not a fault in the lot."""
    if _heading_level(item.title) is not None:
        return False
    lines, fenced = doc.lines, doc.fenced
    praised = False
    for i in range(item.line + 1, item.end):
        line = lines[i]
        if not line.strip() or fenced[i]:
            continue
        if line[:1] not in " \t":
            if _PRAISE_DETAIL_RE.match(line) is not None and _FAULT_DETAIL_RE.search(line) is None:
                praised = True  # "- **Correct:** The model enables logging …; no change needed"
                continue
            if _NO_IMPACT_LINE_RE.match(line) is not None or line.rstrip() in _RULES:
                continue  # ("- **IMPACT**: None" under the praise, a rule: nothing more)
            if _BOLD_ONLY_BULLET_RE.match(line) is None:
                return False  # (prose or a labelled field of the heading's own)
            continue
        if _PRAISE_DETAIL_RE.match(line) is not None:
            praised = True
        elif _FAULT_DETAIL_RE.search(line) is not None:
            return False
    return praised


def _bold_sub_items(doc: _Doc, item: _Item) -> list[_Item]:
    """The failures inside a numbered category heading ("### 1. Security Vulnerabilities") told
    as bold-titled paragraphs ("**SSL Certificate Parameter Validation Missing**" then "-
    Original: …", "- Fixed: …"), two or more, when the heading has no labelled field of its
    own before them; else []."""
    starts = doc.bold_starts
    first = bisect_right(starts, item.line)
    if first + 1 >= len(starts) or starts[first + 1] >= item.end:
        return []  # fewer than two bold lines in the body
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i in starts[first:]:
        if i >= item.end:
            break
        line = lines[i]
        end = line.rstrip()[-3:]
        if end[-1:] == ":" or end == ":**" or line[:1] not in ("*", "_") or fenced[i]:
            continue  # ("**Root Cause:**" and other labels end with a colon; titles do not)
        title = _bold_title(line)  # (the raw line: the memo other readers filled)
        if title is None or _is_item_part(title) or _is_non_failure_section(title):
            continue
        nxt = i + 1
        while nxt < item.end and not lines[nxt].strip():
            nxt += 1
        # Each title heads its own fields: "- Original: …", "- Fixed: …" right under it.
        label = _BULLET_LABEL_RE.match(lines[nxt]) if nxt < item.end else None
        if label is None or not _label_field(label.group(1)):
            return []  # one title over prose ("**What's Wrong:**"): the item's own parts
        found.append(_Item(i, title, item.heading, "bold"))
    if len(found) < 2 or _has_labels(doc, item.line + 1, found[0].line, True):
        return []
    return found


_PASSED_DETAIL_RE = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?:\u2705|\u2714|\u2713|(?:implemented|configured|done)\s+correctly\b"
    r"|no\s+changes?\s+(?:needed|required)\b|[^\n]*\bimplemented\s+as\s+required\b)",
    re.I,
)
_BULLET_LABEL_RE = re.compile(r"[ \t]*[-*+][ \t]+(?:\*\*)?([A-Za-z][\w ]{0,30}?)(?:\*\*)?[ \t]*:")


def _id_title(doc: _Doc, start: int, stop: int) -> str:
    """A "**Failure ID:** X" block's title: its description's first sentence, else the ID."""
    first = _match_label(doc.lines[start])
    ident = _clean_inline(first.group(4).strip("` ")) if first else ""
    for i in range(start + 1, min(stop, start + 8)):
        m = _match_label(doc.lines[i]) if not doc.fenced[i] else None
        if m and _label_field(m.group(1)) == "model_snippet" and m.group(4).strip():
            sentence = re.split(r"(?<=[.!?])\s", m.group(4).strip(), maxsplit=1)[0]
            return _clean_inline(sentence)
    return ident or _clean_inline(doc.lines[start])


def _drop_layout_parts(doc: _Doc, bold: list[_Item], parts: list[int]) -> list[_Item]:
    """Unnumbered bold titles under numbered headings that are the item's parts, not sub-items:
    all of them when no such heading holds two, and any whose words recur under another
    heading ("**Initial Failure:**" in every "### N." item)."""
    part_lines = set(parts)
    per_heading: dict[int, int] = {}
    headings_of: dict[str, set[int]] = {}
    for item in bold:
        if item.line in part_lines:
            per_heading[item.heading] = per_heading.get(item.heading, 0) + 1
            headings_of.setdefault(item.title.lower(), set()).add(item.heading)
    recurring = {title for title, ks in headings_of.items() if len(ks) > 1}
    # Some heading holding two or more sub-items makes the lone ones sub-items too.
    layout = any(n > 1 for n in per_heading.values())
    return [
        item
        for item in bold
        if item.line not in part_lines or (layout and item.title.lower() not in recurring)
    ]


_DETAIL_SECTION_RE = re.compile(
    r"^\W*(?:detailed|details?\b|in-depth|comparison\s+(?:with|to|against)\b)|\bin\s+detail\b"
    r"|^\W*technical\s+debt\b"
    # A closing recap: "Critical Issues Requiring Immediate Attention", "Model Weaknesses:".
    r"|\brequir(?:ing|es?)\s+(?:immediate\s+|urgent\s+)?attention\b"
    r"|^\W*(?:(?:the\s+)?model(?:'s)?\s+|key\s+|main\s+)?weaknesses\b",
    re.I,
)
_DETAIL_WORDS = ("detail", "in-depth", "comparison", "technical debt", "attention", "weaknesses")
_DETAIL_HEAD_WORDS = ("detail", "in-depth", "comparison", "technical", "attention", "weaknesses")


def _drop_feature_headings(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """Numbered headings that only list what was built ("### 1. Comprehensive Logging" over
    "- CloudWatch log groups for all functions", under "## Monitoring and Observability"),
    beside numbered items told with labels ("**Issue**: … **Fix**: …"): features described,
    not failures. Only under a section whose title names no failure and no level."""
    headed = [
        it for it in items if it.kind == "heading" and _is_numbered(doc.headings[it.heading][2])
    ]
    if len(headed) < 3:
        return items
    lines = doc.lines
    labelled = {id(it) for it in headed if _has_labels(doc, it.line + 1, it.end, strong=True)}
    if len(labelled) < 2:
        return items
    headed_ids = {id(it) for it in headed}  # (not `it in headed`: a list's scan per item)
    kept = []
    for it in items:
        parent = doc.parents[it.heading] if it.kind == "heading" else -1
        if (
            id(it) in headed_ids
            and id(it) not in labelled
            and parent >= 0
            and not doc.words[parent] & (_FAILURE | _ANY_LEVEL)
            and all(
                not line.strip() or _LIST_ITEM_RE.match(line) is not None
                for line in lines[it.line + 1 : it.end]
            )
        ):
            continue
        kept.append(it)
    return kept


def _drop_detail_sections(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """Items under a "## Detailed Failure Analysis" (or "Comparison with …", "Technical Debt …")
    section that follows items listed in other sections: it re-describes those failures, it
    does not add to them."""
    if len(items) < 2:
        return items
    # `_DETAIL_SECTION_RE` needs one of these words in a heading (case-blind: only "ı", "ſ"
    # and "İ" match its letters without lower-casing to them), so most documents stop here,
    # before the finds in the whole text.
    heads = doc.heads_low()
    if not any(word in heads for word in _DETAIL_HEAD_WORDS) and (
        heads.isascii() or _ODD_FOLD_RE.search(heads) is None
    ):
        return items
    if not any(word in doc.low for word in _DETAIL_WORDS):
        return items
    headings, parents = doc.headings, doc.parents
    # The outermost "Detailed …" heading over each heading (-1 for none), parents first.
    detail = [-1] * len(headings)
    for k, (_, _, text) in enumerate(headings):
        up = detail[parents[k]] if parents[k] >= 0 else -1
        detail[k] = up if up >= 0 or not _is_detail_heading(text) else k
    kept: list[_Item] = []
    # The highest number of the items kept so far (-1 for none; None once one is no number:
    # "7.1" or "C").
    highest: int | None = -1
    for item in items:
        d = detail[item.heading] if item.heading >= 0 else -1
        number = _item_number(doc, item)
        if d >= 0 and not (item.kind == "heading" and item.heading == d):
            start = headings[d][0]
            # ("### Finding 3: …" under "## Detailed Findings" after Findings 1 and 2 numbers
            # on: a new item, not one told again.)
            numbered_on = (
                highest is not None
                and highest >= 0
                and number is not None
                and number.isdigit()
                and int(number) > highest
            )
            if kept and kept[0].line < start and not numbered_on:
                continue
        kept.append(item)
        if number is not None and highest is not None:
            highest = max(highest, int(number)) if number.isdigit() else None
    return kept


@_memo
def _is_detail_heading(text: str) -> bool:
    return _DETAIL_SECTION_RE.search(text) is not None and not _is_numbered(text)


_FINDINGS_RE = re.compile(r"\bfindings?\b", re.I)


def _drop_restated_fixes(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """Items under a fixes-only section ("## Fixes Applied") when failures are listed elsewhere."""
    headings, parents = doc.headings, doc.parents
    # A fixes-only heading names fixes and no issue ("## Fixes Applied"), and says no level.
    own_fixes = [words & (_FIX | _ISSUE) == _FIX for words in doc.words]
    if not any(own_fixes):
        return items  # no fixes-only section, so no item sits in one
    own_fixes = [
        fix
        and _heading_level(text) is None
        and _is_fix_section(text)  # not "DNS Resolution"
        and _FINDINGS_RE.search(text) is None  # not "## Round 2 findings (after fix)"
        for fix, (_, _, text) in zip(own_fixes, headings, strict=True)
    ]
    # ("## Findings" names issues as "## Issues" does.)
    traits = [
        (fix, bool(words & _ISSUE) or (not fix and _FINDINGS_RE.search(text) is not None))
        for fix, words, (_, _, text) in zip(own_fixes, doc.words, headings, strict=True)
    ]
    # Per heading, whether it or an ancestor is a fixes-only section, and whether one names
    # issues (not the document title); parents come first, so one pass fills both.
    fixes = [False] * len(headings)
    issues = [False] * len(headings)
    for k, (own_fix, own_issues) in enumerate(traits):
        p = parents[k]
        fixes[k] = own_fix or (p >= 0 and fixes[p])
        issues[k] = (not own_fix and k > 0 and own_issues) or (p >= 0 and issues[p])
    in_fix_section = []
    elsewhere = False  # some item sits in a section that names failures
    for item in items:
        k = parents[item.heading] if item.kind == "heading" else item.heading
        fix = k >= 0 and fixes[k]
        issue = item.named or (k >= 0 and issues[k])  # "## Missing Sample Application"
        in_fix_section.append(fix)
        elsewhere = elsewhere or (issue and not fix)
    if not elsewhere or not any(in_fix_section):
        return items
    # "### 11. …" under "## Minor Fixes" after "### 1." … "### 10." elsewhere continues the
    # document's flat numbering: more failures, not the same ones restated.
    pairs = list(zip(items, in_fix_section, strict=True))
    fix_numbers = [_item_number(doc, it) for it, fix in pairs if fix]
    # (A numbered list's entries before the fixes count: "1. **No stack exports**: …" then
    # "## Corrections Made" over "### 1. Added …".)
    first_fix = next(it.line for it, fix in pairs if fix)
    other_numbers = {
        _item_number(doc, it) or (_list_number(doc, it) if it.line < first_fix else None)
        for it, fix in pairs
        if not fix
    }
    flat = all(n is not None and n.isdigit() for n in fix_numbers)  # not "7.1" sub-numbers
    # (Numbered from 1 after unnumbered failures, "- ❌ WRONG: …" bullets, they number the
    # fixes, not more failures.)
    numbered_others = any(n is not None and n.isdigit() for n in other_numbers)
    told_before = any(it.line < first_fix for it, fix in pairs if not fix)
    if (
        flat
        and not other_numbers.intersection(fix_numbers)
        and (numbered_others or not told_before)
    ):
        return items
    # ("### Synth Failures" over one bullet, then "### Model Corrections Applied" over four
    # others, each rated: the corrections name failures of their own, none told before.)
    fixes = [it for it, fix in pairs if fix]
    others = [_title_words(it.title) for it, fix in pairs if not fix]
    lines = doc.lines
    if (
        len(fixes) >= 2
        and all(
            it.level
            or any(_RATED_DETAIL_RE.match(line) for line in lines[it.line + 1 : it.line + 5])
            or "~~" in lines[it.line]  # (a struck entry, taken back, rates nothing)
            for it in fixes
        )
        and not any(len(_title_words(it.title) & words) >= 2 for it in fixes for words in others)
    ):
        return items  # (each rated as a failure is: "  - Impact: Minor")
    return [it for it, fix in pairs if not fix]


_LIST_NUMBER_RE = re.compile(r"[ \t]*(\d{1,3})[.)][ \t]")


def _list_number(doc: _Doc, item: _Item) -> str | None:
    """The number of a numbered list entry ("3. **Title** …" gives "3"), else None."""
    m = _LIST_NUMBER_RE.match(doc.lines[item.line]) if item.kind == "list" else None
    return m.group(1) if m else None


def _item_number(doc: _Doc, item: _Item) -> str | None:
    """The number of a numbered heading or bold item ("### 11. Title", "**3. Title**" give
    "11" and "3"), else None."""
    if item.kind == "heading":
        text = doc.headings[item.heading][2]
    elif item.kind == "bold":
        line = doc.lines[item.line]
        lead = _BOLD_NUMBER_RE.match(line) if line[2:3].isdigit() else None
        if lead is not None:
            return lead.group(1)  # ("**4. Schema path …** — Severity: Low. …": runs on)
        text = _clean_inline(doc.lines[item.line])
    else:
        return None
    m = _numbered_of(text)[1]
    return (m.group(1) or m.group(2) or m.group(3) or m.group(4)) if m else None


# "IDEAL_RESPONSE.md Empty": a note on the task's own files, not on the model's response.
_TASK_FILE_NOTE_RE = re.compile(
    r"^\W*(?:ideal_response|model_failures|prompt)(?:\.md)?\W+(?:is\s+)?(?:empty|a\s+placeholder"
    r"|placeholder|template)\b",
    re.I,
)


def _inside(doc: _Doc, k: int, heading_set: set[int]) -> bool:
    """Whether an ancestor of heading `k` is in `heading_set`."""
    k = doc.parents[k]
    while k >= 0:
        if k in heading_set:
            return True
        k = doc.parents[k]
    return False


_ROW_LEVEL_COL_RE = re.compile(
    r"severity|priority|criticality|level|rating|^\W*(?:sev|impact|risk)\W*$"
)


# A level list naming the items by number: "- **High**: Issue 4 (Monitoring)", "- Medium: Issues
# 5-6", "- **Critical**: Issues 1, 2 and 7".
# (Searched in the lower-cased text; a line start is "\n", a literal the engine scans for
# fast, where "^" with re.M is tried at every position: four times as slow.)
_NUMBERED_LEVEL_LINE_RE = re.compile(
    rf"(?:^|\n)[ \t]*[-*+][ \t]+[*_]*({_LEVEL_ALT})[*_]*[ \t]*:[*_]*[ \t]*"
    r"(?:issues?|items?|failures?|findings?)[ \t]+#?(\d{1,3})"
    r"(?:[ \t]*(?:-|–|to)[ \t]*#?(\d{1,3}))?((?:[ \t]*(?:,|&|and)[ \t]*#?\d{1,3})*)"
)
_REF_WORD = r"(?:(?:problems?|issues?|items?|failures?|findings?)[ \t]+)?#?"
_COUNTED_REFS_LINE_RE = re.compile(
    rf"(?:^|\n)[ \t]*(?:[-*+][ \t]+)?[*_]*({_LEVEL_ALT})(?:[ \t]+(?:issues|failures|findings|problems))?"
    rf"[*_]*[ \t]*:[*_]*[ \t]*(\d{{1,3}})[ \t]*\(({_REF_WORD}\d{{1,3}}"
    rf"(?:[ \t]*(?:,[ \t]*and|,|and|&)[ \t]*{_REF_WORD}\d{{1,3}})*)\)"
)
_REF_NUMBER_RE = re.compile(r"\d{1,3}")
# What every such line holds, found faster (the colon leads: a literal to scan for).
_NUMBERED_LEVEL_HINT_RE = re.compile(
    r":[*_]*[ \t]*(?:issues?|items?|failures?|findings?)[ \t]+#?\d"
)


# Table headers keying rows by item number or letter ("| # | …", "| Issue | …" over "| C |").
# ("| Gap | Requirement | Severity |" over "| 1 | … | CRITICAL |" for "### Gap 1: …" too.)
# (One search of the lower-cased text, the "|" leading: a dozen C-level finds cost 17 times more.)
_ROW_KEY_HEADER_RE = re.compile(
    r"\|[ \t]?(?:#|no|issue \||id \||ref \||item|gap|finding|failure|defect|problem)"
)
_ROW_KEY_CELL_RE = re.compile(
    r"(?:#|no\.?|item|issue|id|ref|gap|finding|failure|defect|problem)(?:[ \t]*(?:#|no\.?|id))?"
)


_ROW_TICKET_KEY_RE = re.compile(r"[A-Z][A-Z0-9]{0,11}-(\d{1,4})")


def _row_levels(doc: _Doc) -> dict[str, str]:
    """The level a summary states per item number: in a table ("| 2 | Missing MFA delete |
    Critical |") or a level list ("- **High**: Issue 4")."""
    levels: dict[str, str] = {}
    summary = doc.count_low()
    if _NUMBERED_LEVEL_HINT_RE.search(summary):
        for m in _NUMBERED_LEVEL_LINE_RE.finditer(summary):
            first = int(m.group(2))
            last = int(m.group(3)) if m.group(3) else first
            numbers = [*range(first, min(last, first + 50) + 1), *re.findall(r"\d+", m.group(4))]
            for n in numbers:
                levels.setdefault(str(int(n)), _level(m.group(1)) or "")
    if "(" in summary:
        # "**Critical Issues:** 2 (Problem 1 and Problem 4)": a count, then the items it counts
        for m in _COUNTED_REFS_LINE_RE.finditer(summary):
            refs = _REF_NUMBER_RE.findall(m.group(3))
            if int(m.group(2)) == len(refs):
                for n in refs:
                    levels.setdefault(str(int(n)), _level(m.group(1)) or "")
    if _ROW_KEY_HEADER_RE.search(doc.low) is None:
        return {n: v for n, v in levels.items() if v}
    lines = doc.lines
    for start in _level_header_lines(doc):
        header = _cells(lines[start].lower(), False)
        if not header or _ROW_KEY_CELL_RE.fullmatch(header[0].strip()) is None:
            continue
        col = _column(header, _ROW_LEVEL_COL_RE, (0,))
        i = start + 2
        while col > 0 and i < len(lines) and lines[i].lstrip().startswith("|"):
            row = _cells(lines[i], False)
            i += 1
            # (Rows keyed "3", or "C" for "## Issue C: …", or "PF-3" for "### PF-3 — …".)
            key = _clean_inline(row[0]) if row else ""
            if (ticket := _ROW_TICKET_KEY_RE.fullmatch(key)) is not None:
                key = str(int(ticket.group(1)))
            if len(row) <= col or not (key.isdigit() or (len(key) == 1 and key.isupper())):
                continue
            if len(row[col]) > 30:
                continue
            level = _CELL_LEVEL_RE.search(row[col])
            if level:
                levels.setdefault(key, _level(level.group(1)) or "")
    return {n: v for n, v in levels.items() if v}


# A summary table naming the items by title beside their level ("| Issue | Severity | Fix |",
# "| Requirement | Severity | … |"): the column that names the items.
_NAME_COL_RE = re.compile(
    r"issue|problem|failure|finding|title|description|gap|error|requirement|item|name|area|fix"
    r"|fault|defect"
)
_GROUP_COL_RE = re.compile(r"(?:category|area|component|aspect|topic)$")
_TITLE_COL_RE = re.compile(r"^[\s*_]*title[\s*_]*$")
_TITLE_NAME_COL_RE = re.compile(r"issue|problem|failure|finding|title|fault|defect")
_COUNT_NAMES_RE = re.compile(r":[*_ \t]*(\d{1,2})[ \t]*\(([^()\n]{3,300})\)")
_TALLY_COL_RE = re.compile(r"^(?:count|total|number|#\s*of|quantity)")
# Words that say nothing of which item a row names ("Missing", "No", "Requirement 11").
_FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "without",
        "no",
        "not",
        "missing",
        "lack",
        "lacking",
        "incorrect",
        "wrong",
        "invalid",
        "requirement",
        "issue",
        "issues",
        "failure",
        "failures",
    ]
)


def _detail_heading_levels(doc: _Doc, items: list[_Item]) -> dict[int, str]:
    """Per item (by index), the level a later heading telling it in detail gives ("### 1. API
    authorisation (from the list above)" over "**Severity:** Critical" after a list naming
    "**API authorisation**"), when that heading is no item itself and names one item by its
    whole title."""
    if not items or "everity" not in doc.text:
        return {}
    by_title: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        by_title.setdefault(item.title.strip().lower(), []).append(n)
    taken = {item.heading for item in items if item.kind == "heading"}
    found: dict[int, str] = {}
    for k, (line_no, _, text) in enumerate(doc.headings):
        if k in taken or line_no < items[0].line:
            continue
        title = _ABOVE_TAIL_RE.sub("", _numbered_title(text) or _clean_inline(text))
        title = _ESCAPED_NUMBER_RE.sub("", title)  # (an escaped "1\\. API authorisation")
        hits = by_title.get(title.strip().lower())
        if hits is None or len(hits) != 1:
            continue
        m = _DETAIL_LEVEL_RE.match(doc.low_intro(k).lstrip())
        if m is not None and (level := _level(m.group(1))):
            found.setdefault(hits[0], level)
    return found


_ABOVE_TAIL_RE = re.compile(
    r"[ \t]*\((?:from|see|as in|listed)[ \t]+(?:the[ \t]+)?(?:list[ \t]+)?above\)[ \t]*$", re.I
)
_ESCAPED_NUMBER_RE = re.compile(r"^\d{1,3}\\[.)][ \t]+")
_DETAIL_LEVEL_RE = re.compile(
    rf"[*_]*(?:severity|impact\s+level|priority|risk\s+level)[*_]*[ \t]*:[*_ \t]*({_LEVEL_ALT})\b"
)


def _drop_index_table(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """The rows of a table that index the items told in full ("## Failure Overview" over "| 1 |
    ACM certificate in wrong region | Critical |", and "### 1. Certificate Requested in the
    Wrong Region" …, before it or after): as many rows as those items, nearly each sharing a
    word with one, or most of them one and all numbered as they are ("| 2 | No Retry/Catch |"
    for "### 2. Added Error Handling")."""
    rows = [it for it in items if it.kind == "table"]
    if len(rows) < 2 or len(rows) == len(items):
        return items
    told = [it for it in items if it.kind in ("heading", "bold")]
    if not told:
        # "| 1 | User data not base64-encoded | High |" … then "**User data encoding.** The
        # launch template …" paragraphs, unrated: the rows, with their levels, are the items.
        told = [it for it in items if it.kind == "list"]
        if (
            len(told) == len(rows)
            and all(it.level is None for it in told)
            and all(row.level is not None for row in rows)
            and rows[-1].line < told[0].line
        ):
            words = [_title_words(it.title) for it in told]
            shared = sum(1 for row in rows if any(_title_words(row.title) & w for w in words))
            if shared * 5 >= len(rows) * 4:
                return rows
        return items
    if any(rows[0].line < it.line < rows[-1].line for it in told):
        return items
    if rows[0].line > told[-1].line and (
        _rows_number_on(doc, told, rows) or _rows_numbered_apart(doc, told, rows)
    ):
        return items  # ("| 4 | … |" after "## Error 3: …": the next failures, numbered on)
    if len(told) != len(rows) and not (
        # ("## Findings at a Glance" over rows for five of the six headings, one of them
        # found fine: a summary indexes the failures, however many.)
        len(rows) < len(told)
        and (
            (rows[0].heading >= 0 and doc.words[rows[0].heading] & (_META | _COUNT))
            # ("| 6 | No failure destination | Medium |" with no row 5: item 5 was withdrawn;
            # each row numbered as an item is, and sharing a word with it, indexes it)
            or _rows_index_numbered_items(doc, rows, told)
        )
    ):
        return items
    words = [_title_words(it.title) for it in told]
    shared = sum(1 for row in rows if any(_title_words(row.title) & w for w in words))
    if shared * 5 < len(rows) * 4:
        # (Rows numbered as the items but sharing no words with them are more failures: "##
        # Code Quality Issues" over "| 1 | Unused imports |" after "### 1. Database Placement".)
        numbers = _row_numbers(doc, rows)
        ids = [_id_key(_first_cell(doc, row)) for row in rows]
        told_ids = {_id_key(_item_text_of(doc, it)) for it in told}
        if not (None not in ids and set(ids) <= told_ids) and (
            shared * 2 < len(rows)
            or None in numbers
            or numbers != [_item_number(doc, it) for it in told]
        ):
            # ("| F1 | Critical | IAM |" rows for "## F1 — Role trust …" headings: the index)
            return items
    return [it for it in items if it.kind != "table"]


def _rows_index_numbered_items(doc: _Doc, rows: list[_Item], told: list[_Item]) -> bool:
    """Whether every row is numbered as one of the items told in full and shares a word with
    that item's title."""
    by_number = {_item_number(doc, it): it for it in told}
    for row, number in zip(rows, _row_numbers(doc, rows), strict=True):
        item = by_number.get(number) if number is not None else None
        if item is None or not _title_words(row.title) & _title_words(item.title):
            return False
    return True


_DOTTED_NUMBER_RE = re.compile(r"\d{1,3}(?:\.\d{1,3})+")


def _rows_numbered_apart(doc: _Doc, told: list[_Item], rows: list[_Item]) -> bool:
    """Whether every row opens with a dotted number ("| 2.1 |") that no item told in full has
    ("### 1.1 …"): the findings of another chapter, not an index of these."""
    numbers = {_item_number(doc, it) for it in told}
    for row in rows:
        first = _first_cell(doc, row)
        if _DOTTED_NUMBER_RE.fullmatch(first) is None or first in numbers:
            return False
    return True


def _first_cell(doc: _Doc, row: _Item) -> str:
    return doc.lines[row.line].strip().lstrip("|").split("|", 1)[0].strip(" *`")


def _row_key(line: str) -> str:
    """A table row's first cell, as it keys the row ("| **3** |", "| #3 |" are "3")."""
    return line.strip().lstrip("|").split("|", 1)[0].strip(" *#")


def _item_text_of(doc: _Doc, item: _Item) -> str:
    """The text a heading or bold item is titled by, number or ID included."""
    return doc.headings[item.heading][2] if item.kind == "heading" else doc.lines[item.line]


def _row_numbers(doc: _Doc, rows: list[_Item]) -> list[str | None]:
    """The numbers table rows lead with ("| 3 | … |" gives "3"), None for a row without."""
    found: list[str | None] = []
    for row in rows:
        first = _row_key(doc.lines[row.line])
        found.append(first if first.isdigit() else None)
    return found


# "> ⚠️ **Critical** — Aurora password hardcoded in the source.": a finding quoted in a review,
# its level in bold first.
_QUOTED_LEVEL_RE = re.compile(
    rf"^>[ \t]*(?:[^\w\s*_]+[ \t]*)?(?:\*\*|__)[ \t]*({_LEVEL_ALT})[ \t]*(?:\*\*|__)[ \t]*"
    r"[—–:-][ \t]*(\S.{2,})$",
    re.I,
)


def _quoted_levels(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """Findings quoted in a diff review ("> ⚠️ **High** — task role gets full access."): one
    failure each, at its level, outside sections of praise or advice."""
    lines, fenced = doc.lines, doc.fenced
    taken = {it.line for it in items}
    found: list[_Item] = []
    for i, line in enumerate(lines):
        if line[:1] != ">" or fenced[i] or i in taken:
            continue
        m = _QUOTED_LEVEL_RE.match(line.rstrip())
        if m is None:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue
        title = _SENTENCE_CUT_RE.split(_clean_inline(m.group(2)), maxsplit=1)[0].rstrip(". ")
        item = _Item(i, title, k, "bold")
        item.level = _level(m.group(1))
        found.append(item)
    return found


# A checklist's mark cell: "✅", "❌", "✔️", "✗", "⚠️" and nothing else.
_MARK_CELL_RE = re.compile(
    r"[\s*_]*(?:\u2705|\u274c|\u2714|\u2716|\u2717|\u2718|\u2713|\u26a0)\ufe0f?[\s*_]*"
)
_MISS_MARKS = ("\u274c", "\u2716", "\u2717", "\u2718")
_REQUIREMENT_COL_RE = re.compile(r"requirement|criteri|check\b|expectation|feature")
_SEVERITY_COL_RE = re.compile(r"severity|priority|criticality|impact|risk|^\W*sev\W*$")


def _checklist_misses(doc: _Doc, items: list[_Item], excluded: list[int]) -> list[_Item]:
    """The missed rows of a rated requirements checklist ("| Workload node group on spot | ❌ |
    High | … |" under "| Requirement | Met? | Severity | Notes |", its mark column holding only
    ✅/❌): failures, at the row's level, unless an item already tells the same requirement."""
    text = doc.text
    if not any(mark in text for mark in _MISS_MARKS):
        return []
    lines, fenced = doc.lines, doc.fenced
    told: list[frozenset[str]] | None = None
    found: list[_Item] = []
    # (Each table's delimiter row found by one search; its header is the line above.)
    line_no, at, i = 0, 0, 0
    for m in _DELIMITER_ROW_RE.finditer(text):
        line_no += text.count("\n", at, m.start())
        at = m.start()
        if line_no < i or line_no + 2 >= len(lines):
            continue  # (inside the table before, or no row under it)
        i = line_no
        line = lines[i]
        if line.lstrip()[:1] != "|" or fenced[i] or not _TABLE_RULE_RE.match(lines[i + 1]):
            continue
        end = i + 2
        while end < len(lines) and lines[end].lstrip()[:1] == "|" and not fenced[end]:
            end += 1
        header = [_clean_inline(c).lower() for c in _cells(line, False)]
        rows = [_cells(lines[r], False) for r in range(i + 2, end)]
        start, i = i, end
        k = _enclosing(doc, start)
        if k >= 0 and excluded[k] == _HARD:
            continue
        name_col = next((j for j, h in enumerate(header) if _REQUIREMENT_COL_RE.search(h)), -1)
        if name_col < 0:
            continue
        mark_col = next(
            (
                j
                for j in range(len(header))
                if j != name_col
                and all(
                    len(row) <= j or not row[j] or _MARK_CELL_RE.fullmatch(row[j]) for row in rows
                )
                and any(len(row) > j and any(m in row[j] for m in _MISS_MARKS) for row in rows)
            ),
            -1,
        )
        if mark_col < 0:
            continue
        level_col = next(
            (
                j
                for j, h in enumerate(header)
                if j not in (name_col, mark_col) and _SEVERITY_COL_RE.search(h)
            ),
            -1,
        )
        if level_col < 0:
            continue  # (unrated, a checklist only checks; rated, its misses are failures)
        for offset, row in enumerate(rows):
            if len(row) <= max(name_col, mark_col) or not any(
                m in row[mark_col] for m in _MISS_MARKS
            ):
                continue
            title = _clean_inline(row[name_col])
            words = _title_words(title)
            if told is None:
                told = [_title_words(it.title) for it in items]
            if not title or any(len(words & w) >= max(2, (len(words) + 1) // 2) for w in told):
                continue  # (the requirement is told as an item already)
            key = _clean_inline(row[0]).strip("#") if name_col > 0 else ""
            if (
                key
                and len(key) <= 6
                and key.isalnum()
                and any(
                    re.search(rf"(?<![\w#])#?{re.escape(key)}\b", lines[it.line]) for it in items
                )
            ):
                continue  # ("| R4 | … | ✗ |" told as "## R4 ✗ — Crawler role cannot decrypt …")
            item = _Item(start + 2 + offset, title, k, "table")
            if 0 <= level_col < len(row):
                m = _CELL_LEVEL_RE.search(row[level_col][:60])
                item.level = _level(m.group(1)) if m else None
            found.append(item)
    return found


def _title_words(text: str) -> frozenset[str]:
    """The words of a title that tell which item it names, lower-cased, in the singular."""
    words = re.findall(r"[a-z][a-z0-9]*", _clean_inline(text).lower())
    return frozenset(_singular(w) for w in words if w not in _FILLER_WORDS)


def _singular(word: str) -> str:
    """A word without its plural ending ("dependencies" and "dependency" share "dependency")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word[-1] == "s" else word


def _level_header_lines(doc: _Doc) -> list[int]:
    """The lines that head a table with a severity, priority or "Sev" column ("| Issue | Severity |"
    over "|---|---|"), unfenced. (Each word is found with `str.find` and its line checked: a
    regex from every "|" to its line's end costs ten times as much on a document of tables.)"""
    low, lines, fenced = doc.low, doc.lines, doc.fenced
    found: list[int] = []
    # ("| Risk     |": a padded cell; the callers check the column is a level's.)
    for word in (
        "severity",
        "priority",
        "| sev ",
        "| sev.",
        "| rating",
        "| impact ",
        "| risk ",
        "| level",
    ):
        pos = low.find(word)
        while pos >= 0:
            start = low.rfind("\n", 0, pos) + 1
            if low[start:pos].lstrip()[:1] == "|":
                i = low.count("\n", 0, start)
                if (
                    i not in found
                    and not fenced[i]
                    and i + 1 < len(lines)
                    and _TABLE_RULE_RE.match(lines[i + 1])
                ):
                    found.append(i)
            end = low.find("\n", pos)
            pos = low.find(word, end) if end >= 0 else -1
    found.sort()
    return found


def _numbered_row_levels(doc: _Doc) -> dict[str, str]:
    """The level a summary table gives each item it names by number ("| 3 | Critical |" under
    "| Flaw | Severity |", "| Problem 3 - batch failures | Medium |"), by that number."""
    lines = doc.lines
    found: dict[str, str] = {}
    for i in _level_header_lines(doc) if "|" in doc.low else ():
        header = _cells(lines[i].lower(), False)
        level_col = _column(header, _ROW_LEVEL_COL_RE)
        if level_col < 0 or any(_TALLY_COL_RE.search(cell) for cell in header):
            continue
        numbers: dict[str, str] = {}
        for row_line in lines[i + 2 :]:
            if row_line.lstrip()[:1] != "|":
                break
            row = _cells(row_line, False)
            if level_col >= len(row) or not row[0].strip():
                continue
            first = _clean_inline(row[0])
            number = _ROW_NUMBER_RE.match(first)
            level = _CELL_LEVEL_RE.search(row[level_col][:30])
            if number is not None and level is not None and level_col != 0:
                numbers[str(int(number.group(2)))] = _level(level.group(1)) or ""
                if number.group(1):
                    # ("| Gap 2 – Secrets handling | HIGH |" beside "### Issue 2: …": the
                    # word says which of the two it names.)
                    word = number.group(1).lower()
                    numbers[f"{word} {int(number.group(2))}"] = _level(level.group(1)) or ""
            elif level is not None and level_col != 0 and _ROW_LETTER_RE.fullmatch(first):
                numbers[first.strip()] = _level(level.group(1)) or ""  # "| A | High |": Fix A
            elif level is not None and level_col != 0 and (key := _id_key(first)):
                numbers[key] = _level(level.group(1)) or ""  # "| F1 | Critical | IAM |"
        if len(numbers) >= 2:
            found.update(numbers)
    return found


_ROW_LETTER_RE = re.compile(r"[ \t]*[A-H][ \t]*")
# An item's ID opening a row's cell or a heading: "F1", "SEC-4", "D2".
_ID_RE = re.compile(r"[\W_]*([A-Z]{1,4})-?(\d{1,3})\b(?![.,]\d)")


def _id_key(text: str) -> str | None:
    """The key of the ID a row's first cell or an item's heading opens with ("F1", "SEC-4"
    give "id:F1", "id:SEC4"), else None."""
    m = _ID_RE.match(text)
    return f"id:{m.group(1)}{int(m.group(2))}" if m is not None else None


# A summary row's first cell naming an item by number: "3", "#3", "Problem 3 - batch …".
_ROW_NUMBER_RE = re.compile(
    r"[#\s]*(?:(problem|issue|fix|flaw|finding|failure|item|error|defect|gap)[\s#]*)?(\d{1,2})\b(?![.,]\d)",
    re.I,
)


_COUNTED_LEVEL_RE = re.compile(rf"\(\s*\d{{1,3}}\s+({_LEVEL_ALT})\b", re.I)


def _tallies_rows(lines: list[str], header: int) -> bool:
    """Whether a table's rows count something: a cell that is only a number ("| Deployment
    Blockers | 4 | Critical |"), not one row per item ("| Viewer Protocol | allow-all | High |")."""
    for row_line in lines[header + 2 :]:
        if row_line.lstrip()[:1] != "|":
            return False
        if any(cell.strip(" *_").isdigit() for cell in _cells(row_line, False)):
            return True
    return False


def _titled_row_levels(doc: _Doc, items: list[_Item]) -> dict[int, str]:
    """Per item (by index), the level a summary table gives the row that names it by title:
    each row and item matched when each is the other's one best match by shared words
    ("| No environment protection | Medium |" names "### 6. Missing Environment Protection")."""
    low, lines, fenced = doc.low, doc.lines, doc.fenced
    rows: list[tuple[frozenset[str], str]] = []
    tables = 0
    for i in _level_header_lines(doc) if "|" in low else ():
        header = _cells(lines[i].lower(), False)
        level_col = _column(header, _ROW_LEVEL_COL_RE)
        # ("| Area | Finding | Severity |": the finding names the item, the area groups it;
        # "| Finding | Title | Severity |" over "| 1.1 | Stack Configuration Handling |": the
        # title does, the finding is its number.)
        name_col = _column(header, _TITLE_COL_RE, (level_col,))
        if name_col < 0:
            name_col = _column(header, _TITLE_NAME_COL_RE, (level_col,))
        if name_col < 0:
            name_col = _column(header, _NAME_COL_RE, (level_col,))
            if (
                name_col > 0
                and level_col != 0
                and _GROUP_COL_RE.match(header[0].strip(" *_")) is not None
                and not _tallies_rows(lines, i)
            ):
                # "| Category | PROMPT Requirement | Model Implementation | Severity |": the
                # first column names the row's item, the requirement is what it missed.
                name_col = 0
        if (
            level_col < 0
            or name_col < 0
            or header[name_col].strip() in ("#", "no", "no.")
            or ("categor" in header[name_col] and (name_col or _tallies_rows(lines, i)))
            or any(_TALLY_COL_RE.search(cell) for cell in header)
        ):
            continue  # (a tally by category, "| Deployment Blockers | 4 | Critical |", names none)
        tables += 1
        for row_line in lines[i + 2 :]:
            if row_line.lstrip()[:1] != "|":
                break
            row = _cells(row_line, False)
            if max(level_col, name_col) >= len(row) or len(row[level_col]) > 30:
                continue
            level = _CELL_LEVEL_RE.search(row[level_col])
            words = _title_words(row[name_col])
            if level and words:
                rows.append((words, _level(level.group(1)) or ""))
    # "**High Issues:** 2 (Data protection, SSH access)": a count naming its items.
    summary = doc.count_low()
    for m in _COUNT_NAMES_RE.finditer(summary) if "(" in summary else ():
        start = summary.rfind("\n", 0, m.start()) + 1
        label = summary[start : m.start()]
        level = _LEVEL_RE.search(label) if len(label) <= 60 else None
        if level is None:
            continue
        names = re.split(r",|\band\b", m.group(2))
        if len(names) == int(m.group(1)):
            for name in names:
                words = _title_words(name)
                if words:
                    rows.append((words, _level(level.group(1)) or ""))
    # "## Severity Assessment" over "### High Severity Issues" over "1. Weak security groups";
    # "## Summary of Failures by Category" over "### Security (2 Critical Failures)".
    heads_low = doc.heads_low()
    headings = doc.headings if "severity" in heads_low or "summary of" in heads_low else []
    for k, (line_no, _, text) in enumerate(headings):
        parent = doc.parents[k]
        # (A severity summary; "## Remediation Priority" over "### Critical" is a plan.)
        if parent < 0:
            continue
        parent_low = headings[parent][2].lower()
        if "severity" not in parent_low and "summary of" not in parent_low:
            continue
        section_level = _heading_level(text)
        if section_level is None and "(" in text and "summary of" in parent_low:
            counted = _COUNTED_LEVEL_RE.search(text)  # "(2 Critical Failures)"
            section_level = _level(counted.group(1)) if counted else None
        if section_level is None:
            continue
        for i in range(line_no + 1, doc.own_end(k)):
            entry = None if fenced[i] else _LIST_ITEM_RE.match(lines[i])
            if entry is not None and not entry.group(1):
                words = _title_words(_PAREN_RE.sub(" ", entry.group(2)))
                if words:
                    rows.append((words, section_level))
    if not rows:
        return {}
    titles = [_title_words(it.title) for it in items]
    scores = [[len(words & title) for words, _ in rows] for title in titles]

    def best(values: list[int]) -> int:
        top = max(values, default=0)
        return values.index(top) if top and values.count(top) == 1 else -1

    found: dict[int, str] = {}
    matched: dict[int, int] = {}
    for n, per_row in enumerate(scores):
        r = best(per_row)
        if r >= 0 and best([per_item[r] for per_item in scores]) == n and rows[r][1]:
            found[n] = rows[r][1]
            matched[n] = r
    if (
        tables == 1
        and len(rows) == len(items)
        and len(matched) * 2 >= len(items)
        and all(n == r for n, r in matched.items())
    ):
        # One row per item, in the items' order (every row matched sits at its item's place):
        # a row named in other words ("| Missing TGW routes |", "| Monitoring |") is the item
        # at its place.
        for n, (_, level) in enumerate(rows):
            if n not in found and level:
                found[n] = level
    return found


# "**Category B (Moderate)**: 3 fixes", "- Category C (Minor): 1 fix": a legend giving each
# category letter a level, for items titled by their letter only ("Fix 2: … (Category B)").
# (Searched in the lower-cased text: the literal "category" lets the search jump ahead.)
_CATEGORY_LEGEND_RE = re.compile(rf"category\s+([a-d])\b[*_ \t]*\(\s*({_LEVEL_ALT})\b")
_CATEGORY_REF_RE = re.compile(r"\bcategory\s+([a-d])\b", re.I)


# "Legend: 🔴 critical · 🟠 high · 🟡 medium · 🟢 low": what each colour mark means here (no
# mark means a level without one: documents give 🟡 to High in one place and Medium in another).
_MARK_LEVEL_RE = re.compile(rf"([{_MARKS}])\ufe0f?\s*[:=–—|-]?\s*\**({_LEVEL_ALT})\b", re.I)


def _mark_legend(doc: _Doc) -> dict[str, str]:
    """The level each colour mark stands for, from a legend line naming two marks or more
    (a mark given two levels has none)."""
    text = doc.text
    # (`isascii` is a flag CPython keeps, and `in` a fast scan: a regex class searched over
    # the text costs eighty times as much.)
    if text.isascii() or not any(mark in text for mark in _MARKS):
        return {}
    legend: dict[str, str | None] = {}
    rows: list[tuple[str, str]] = []  # a legend table's, a mark and its level a row
    for i, line in enumerate(doc.lines):
        if doc.fenced[i] or line.lstrip()[:1] == "#" or not any(m in line for m in _MARKS):
            continue
        pairs = _MARK_LEVEL_RE.findall(line)
        if line.lstrip()[:1] == "|":
            if len(pairs) == 1 and line.lstrip("| \t")[:1] in _MARKS:
                rows += pairs  # "| 🔴 | Critical – deploy blocked |"
            continue
        if len(pairs) >= 2:
            for mark, word in pairs:
                level = _level(word)
                legend[mark] = level if legend.get(mark, level) == level else None
    if not legend and len(rows) >= 2:
        for mark, word in rows:
            level = _level(word)
            legend[mark] = level if legend.get(mark, level) == level else None
    return {mark: level for mark, level in legend.items() if level}


def _marked_headings(doc: _Doc) -> list[_Item]:
    """Headings that open with a colour mark the document's legend gives a level ("### 🔴 S3
    events target the DLQ" beside "Legend: 🔴 critical · 🟠 high"), two or more, each over
    its own text, else such bullets: each is a failure."""
    legend = _mark_legend(doc)
    if not legend:
        return []
    found: list[_Item] = []
    headings = doc.headings
    for k, (line_no, _, text) in enumerate(headings):
        leaf = doc.own_end(k) >= doc.ends[k]
        if leaf and _mark_level(legend, text) and not _is_non_failure_section(text):
            item = _Item(line_no, _clean_inline(text), k, "heading")
            item.end = doc.ends[k]
            item.named = True
            found.append(item)
    if len(found) >= 2:
        return found
    # Or bullets that open with one ("- 🟠 Origin bucket still public-read"), outside the
    # sections that tell what went right.
    found = []
    for i, line in enumerate(doc.lines):
        m = _LIST_ITEM_RE.match(line) if not doc.fenced[i] and line[:1] in "-*+ " else None
        if m is None or m.group(1) or not _mark_level(legend, m.group(2)):
            continue
        k = _enclosing(doc, i)
        if k >= 0 and _is_non_failure_section(headings[k][2]):
            continue
        body = m.group(2).strip()[1:].lstrip("\ufe0f ")  # (the mark says the level)
        bold = _BOLD_TITLE_RE.match(body)
        title = bold.group(1) if bold else re.split(r"\s[—–]\s|;\s|\.\s", body, maxsplit=1)[0]
        item = _Item(i, _clean_inline(title).rstrip(".:"), k, "list")
        item.level = _mark_level(legend, m.group(2))
        found.append(item)
    return found if len(found) >= 2 else []


_MARK_COUNT_RE = re.compile(rf"([{_MARKS}])\ufe0f?\s*[:=×x]?\s*(\d{{1,3}})\b")
_COUNT_MARK_RE = re.compile(rf"\b(\d{{1,3}})\s*[×x]?\s*([{_MARKS}])")  # "2 🔴, 2 🟠"


def _mark_counts(doc: _Doc) -> dict[str, int]:
    """Counts by colour mark ("Count by level: 🔴 2 · 🟠 2 · 🟡 1"), read through the legend."""
    legend = _mark_legend(doc)
    counts: dict[str, int] = {}
    for i, line in enumerate(doc.lines if legend else ()):
        if doc.fenced[i] or not any(m in line for m in legend):
            continue
        pairs = _MARK_COUNT_RE.findall(line) or [
            (mark, n) for n, mark in _COUNT_MARK_RE.findall(line)
        ]
        if len(pairs) >= 2 and all(mark in legend for mark, _ in pairs):
            for mark, n in pairs:
                counts[legend[mark]] = counts.get(legend[mark], 0) + int(n)
            break
    return counts


def _mark_level(legend: dict[str, str], title: str) -> str | None:
    """The legend's level for the colour mark that opens `title` ("🔴 Test listener …"), or
    that follows its number ("1. 🔴 Roles swapped") or ends it ("1.1 Queue URL for ARN 🔴")."""
    text = title.lstrip(" *_")
    if text[:1] in legend:
        return legend[text[:1]]
    numbered = _MARK_AFTER_NUMBER_RE.match(text)
    if numbered is not None:
        return legend.get(numbered.group(1))
    worded = _NUMBERED_RE.match(text)  # "Failure Mode 2: 🔴 Role cannot invoke the Lambda"
    if worded is not None and (mark := worded.group(5).lstrip(" *_")[:1]) in legend:
        return legend[mark]
    return legend.get(text.rstrip(" *_\t\ufe0f")[-1:])


_MARK_AFTER_NUMBER_RE = re.compile(rf"^\d{{1,3}}(?:\.\d{{1,3}})*[.)]?[ \t]+([{_MARKS}])")


def _category_legend(doc: _Doc) -> dict[str, str]:
    """The level the document gives each category letter; a letter given two levels has none."""
    legend: dict[str, str | None] = {}
    if "category " not in doc.low:
        return {}
    for m in _CATEGORY_LEGEND_RE.finditer(doc.low):
        letter, level = m.group(1).upper(), _level(m.group(2))
        legend[letter] = level if legend.get(letter, level) == level else None
    return {letter: level for letter, level in legend.items() if level}


def _legend_level(legend: dict[str, str], *texts: str | None) -> str | None:
    """The legend's level for the category letter one of `texts` names ("… (Category B)")."""
    for text in texts:
        m = _CATEGORY_REF_RE.search(text) if text and "ategory" in text else None
        if m:
            return legend.get(m.group(1).upper())
    return None
