"""Reading an item's labelled fields, and the document's score, knowledge gaps and counts."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from curation._analysis_doc import _Doc, _Item
from curation._analysis_fallback import _TRAILING_LEVEL_LABEL_RE, _cells
from curation._analysis_vocab import (
    _BOLD_LINE_RE,
    _BOLD_TITLE_RE,
    _CAPS_LEVELS,
    _CELL_LEVEL_RE,
    _COUNT,
    _DELIMITER_ROW_RE,
    _FAILURE,
    _FIELD_NAMES,
    _FIVE_SCALE,
    _GAP_ITEM_RE,
    _ITEM_WORDS,
    _LABEL_RE,
    _LEADING_SIGN_RE,
    _LEVEL_ALT,
    _LEVEL_INITIALS,
    _LEVEL_RE,
    _LEVEL_WORDS,
    _LIST_ITEM_RE,
    _MARKS,
    _NONE_VALUE_RE,
    _ODD_FOLD_RE,
    _PLAIN_LABEL_RE,
    _RULES,
    _SENTENCE_LEVEL_RE,
    _TABLE_RULE_RE,
    _URL_RE,
    _bare_label_field,
    _clean_inline,
    _heading_level,
    _label_field,
    _level,
    _match_label,
)
from curation.records import SEVERITIES, Failure

# "Score: 6/10", "Training Quality: 8", "Training value: High (8/10)" (a word before a
# bracketed number), "7/10 → 8.5/10" and "from a potential 9/10 to approximately 7/10" (the
# score after the arrow or "to" is the final one); a range "8-9/10" (or "8-10" ending the
# line) is its middle.
_SCORE_RE = re.compile(
    r"\b(?P<label>score|training[ _-](?:quality|value)|rating|quality|grade"
    r"|(?:overall|total)(?=[ \t*]*[:=|]))\b"
    r"(?P<tail>[\w \t()'’]{0,32}?)"  # ("… for training quality I'd say 5/10")
    r"[ \t]*\**[ \t]*(?:[:=|–—-]|\.{2,}|…+)?[ \t*]*(?:(?P<word>[a-z]+[+-]?(?:[ \t]+[a-z]+)?)[ \t]*\([ \t]*)?"
    r"(?P<num>\d{1,3}(?:\.\d+)?)(?:-(?P<upper>\d{1,2}(?:\.\d+)?)(?=[ \t]*/[ \t]*10\b|[ \t*]*$))?"
    r"(?![\d%-]|\.\d)(?:[ \t]*\**[ \t]*(?P<den>/[ \t]*(?:10{1,2}|5)\b|out of (?:10{1,2}|5)\b"
    r"|of[ \t]+10\b|\(out[ \t]+of[ \t]+(?:10|ten)\)|out[ \t]+of[ \t]+ten\b))?"  # ("4 of 10", "7 (out of 10)")
    r"(?:[ \t]*(?:→|->|\bto(?:[ \t]+(?:approximately|about|around|roughly))?)[ \t]*\**"
    r"(?P<after>\d{1,2}(?:\.\d+)?)[ \t]*/[ \t]*10\b)?",
    re.I,
)
# "This is a solid 8/10 training case": the number before what it rates.
# ("I'd give this a 6 out of 10 for training value.", "… put this at 7 of 10 for training quality")
# ("This task rates **8/10** for training quality", "… earns 8/10 on training quality.")
_SCORE_BEFORE_RE = re.compile(
    r"\b(?P<num>\d{1,2}(?:\.\d+)?)[ \t]*(?:/|(?:out[ \t]+)?of)[ \t]*10\**[ \t]+"
    r"(?:(?:for|on|in|as)[ \t]+(?:its[ \t]+|the[ \t]+|a[ \t]+)?)?training"
    r"[ \t]+(?:case|example|sample|value|quality|purposes|usefulness|use)\b"
    # "overall i would rate this 4 of 10", "I'd rate this response 5 out of 10"
    r"|\brate[ \t]+(?:this|it)(?:[ \t]+(?:response|sample|task|submission|one))?[ \t]+"
    r"(?:an?[ \t]+)?(?P<num3>\d{1,2}(?:\.\d)?)[ \t]*(?:/|(?:out[ \t]+)?of)"
    r"[ \t]*10\b"
    # "If I had to put a number on it for training purposes: 6/10."
    r"|\bfor[ \t]+training(?:[ \t]+purposes)?[ \t]*[:,—–-][ \t*]*(?P<num2>\d{1,2}(?:\.\d+)?)"
    r"[ \t]*(?:/|out[ \t]+of)[ \t]*10\b"
    # "Rated 5/10 overall for training.", "We give it a 6 out of 10 for training."
    r"|\brated[ \t]+(?P<num4>\d{1,2}(?:\.\d)?)[ \t]*"
    r"(?:/|(?:out[ \t]+)?of)[ \t]*10\b(?:[ \t]+overall)?[ \t]+(?:for|as)[ \t]+training\b"
    # ("Overall I'd give this response a 5 out of 10 as training data.")
    r"|\bgive[ \t]+(?:it|this(?:[ \t]+(?:one|response|task|sample|submission))?"
    r"|the[ \t]+(?:model'?s?[ \t]+|original[ \t]+)?response)(?:[ \t]+an?)?"
    r"[ \t]+(?P<num5>\d{1,2}(?:\.\d)?)[ \t]*(?:/|(?:out[ \t]+)?of)[ \t]*10\b"
    # ("Overall I would rate the training quality at 5.5.")
    r"|\b(?:rate|put|place)[ \t]+(?:the[ \t]+|its[ \t]+)?training[ \t]+(?:quality|value)[ \t]+"
    r"(?:at[ \t]+)?(?:(?:about|around|roughly)[ \t]+)?(?P<num6>10|\d(?:\.\d)?)\b(?!%|\.\d)",
    re.I,
)
# "**Training Quality**: I would rate it 5/10.": the label, then a short sentence giving it.
_TRAINING_LABEL_PROSE_RE = re.compile(
    r"^[\W_]*training[ \t]+(?:quality|value)(?:[ \t]+[a-z]+){0,2}[*_ \t]*:[*_ \t]*"
    r"(?P<text>[^\d\n]{0,60}?)(?P<num>\d{1,2}(?:\.\d)?)\**[ \t]*(?:/|out[ \t]+of)[ \t]*10\b"
    r"(?![\d/.]\d)",
    re.I,
)
_SCORE_BAD_LABEL_RE = re.compile(
    r"lint|compliance|security|coverage|risk|test|cost|performance|code quality|confidence|pillar"
    r"|practices|structure|deployment|monitoring|access control|network|reliability|efficiency"
    r"|excellence|optimization|migration|localstack|readiness|maturity",
    re.I,
)
_PROSE_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")
# A word opening a closing sentence's score: "… the headline failure. Overall score — 6.5."
_LEAD_WORD_RE = re.compile(r"(?:overall|final)[ \t]*$", re.I)
_SCORE_IN_PROSE_RE = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d)?)\**[ \t]*(?:/|out[ \t]+of)[ \t]*(10{1,2})\b(?![\d/])"
)
_SCORE_LINE_RE = re.compile(r"^[\W]*(\d{1,3}(?:\.\d+)?)[ \t]*/[ \t]*(10{1,2})\b")
# What a count counts ("issues", "Findings").
_COUNTED = r"(?:failures?|issues?|problems?|findings?|errors?|items?|bugs?)"
# A level and what it counts ("Critical", "High severity issues", "Medium Priority Findings found").
_LEVEL_NOUN = (
    rf"\b({_LEVEL_ALT})\b(?:[\s-]*(?:severity|priority|impact))?"
    rf"(?:[\s-]*{_COUNTED}(?:\s+(?:identified|found|detected))?)?"
)
# ... then the count after a colon, "=", a bar or a dash ("**Critical Issues**: 2").
# (Not "| Major | 1-day backup retention |": a number inside a word counts nothing.)
_COUNT_TAIL = r"\s*(?:\*\*|__)?\s*[:=|–—-]\s*(?:\*\*)?\s*(\d{1,3})\b(?![/.%]\d)(?!-[A-Za-z])"
_COUNT_AFTER_RE = re.compile(_LEVEL_NOUN + _COUNT_TAIL, re.I)
# The same, past a short parenthesis after the level ("**Critical Issues (CE Requirement)**: 1"),
# tried only on lines holding one.
_COUNT_AFTER_PAREN_RE = re.compile(_LEVEL_NOUN + r"(?:\s*\([^()\n]{1,40}\))?" + _COUNT_TAIL, re.I)
# "Critical (2), High (1)": the count in brackets after the level (no "impact" here).
_COUNT_IN_PAREN_RE = re.compile(
    # (Not "… 2 Low (6 errors)": a level its count leads has it already; the bracket is a total.)
    rf"(?<!\d )(?<!\d\t)\b({_LEVEL_ALT})\b(?:[\s-]*(?:severity|priority))?(?:[\s-]*(?:{_COUNTED}|fix(?:es)?))?"
    rf"\s*(?:\*\*|__)?\s*\(\s*(\d{{1,3}})"
    r"(?:\s+(?:failures?|issues?|problems?|findings?|errors?|bugs?))?\s*\)",  # "HIGH (2 failures)"
    re.I,
)
# "### Platform Consistency (2 Critical Failures)": the count before the level, in brackets.
_COUNT_BEFORE_IN_PAREN_RE = re.compile(
    rf"\(\s*(\d{{1,3}})\s+({_LEVEL_ALT})\b(?:[\s-]*(?:severity|priority|impact))?"
    rf"(?:[\s-]*{_COUNTED})?\s*\)",
    re.I,
)
# "3 Medium/Low": one count for two levels together.
_JOINT_COUNT_RE = re.compile(
    rf"\b(\d{{1,3}})\s+(?:\*\*)?({_LEVEL_ALT})\s*/\s*({_LEVEL_ALT})\b", re.I
)
# "**Category A (Critical)**: 3 fixes", "**Category B (Moderate) - 2 fixes**": a rubric's category
# named with its level, then a count.
# (Its zero counts are left out: "Category B (Moderate): 0 failures" beside a "Category A
# (Significant): 5" that names no level would claim none of the five.)
# ("Category B (Moderate): 2 fixes", "Tier 1 (Major): 3 issues")
_COUNT_CATEGORY_RE = re.compile(
    rf"(?:category|tier|group|class)\s+[a-d1-9]\s*\(\s*({_LEVEL_ALT})\b[^()\n]{{0,40}}\)\s*"
    rf"(?:\*\*|__)?\s*[:=–—-]\s*"
    r"(?:\*\*)?\s*(\d{1,3})\b(?![/.%]\d)",
    re.I,
)
_DIGIT_RE = re.compile(r"\d")
_FINAL_RE = re.compile(r"\bfinal\b", re.I)
_LEVEL_LOW_RE = re.compile(_LEVEL_ALT)  # on lower-cased text
# "- 0 Critical", "- **4 Low**": a bullet that opens with its count.
_COUNT_LED_RE = re.compile(r"[ \t]*[-*+][ \t]+(?:\*\*)?\d{1,3}[ \t]+(?:\*\*)?[A-Za-z]")
_COUNT_BEFORE_RE = re.compile(
    # ("2 × Critical", "2x High": a count by a multiplication sign.)
    # ("2 P0s, 3 P1s", "2 criticals and 3 highs": the level words in the plural.)
    rf"\b(?<!-)(\d{{1,3}})(?:\s+|\s*[×x]\s*)(?:(?:are|is|were|was)\s+)?(?:\*\*)?"
    rf"({_LEVEL_ALT}|p[0-3](?=s\b)|(?:critical|high|medium|low)(?=s\b))s?\b"
    rf"(?:\*\*)?"
    rf"(?:[\s-]*(?:severity|priority))?"
    # (Not "10 Medium/Low", a joint count; "0 critical / 1 low" lists two.)
    # ("2 Low / Cosmetic Issues": the other name is no level, the count is Low's.)
    rf"(?![\s-]+(?:availability|latency)|\**[ \t]*/[ \t]*\**(?:{_LEVEL_ALT})\b)",
    re.I,
)

# --------------------------------------------------------------------------- fields

_CATEGORY_LEVEL_LEAD_RE = re.compile(rf"[\W_]*({_LEVEL_ALT})[*_]*[ \t]+[-–—:|/][ \t]*\w", re.I)
_BRACKETED_LEVEL_RE = re.compile(rf"\(\s*({_LEVEL_ALT})\b", re.I)
# ("High / Likelihood: Low", "High.", "High | …": the level, then another field or its end.)
# (Not a compound: "High-severity findings were never forwarded" says what the findings were;
# "MEDIUM-HIGH", a range, is read by its first level.)
_LEADING_LEVEL_RE = re.compile(
    rf"^[\W_]*({_LEVEL_ALT})\b(?!-(?!(?:{_LEVEL_ALT})\b)[A-Za-z])[*_ \t]*(?:[-–—:(\n/.,|·;]|$)",
    re.I,
)
_RULE_ENDS = frozenset("-*_ \t")


# A status label's value saying the response meets the requirement ("**Meets requirement**").
# ("**Status**: PASSED" too, or "✅ Passed": a check the response passed.)
_MET_VALUE_RE = re.compile(
    r"[\s*_\u2705]*(?:fully\s+)?(?:meets|met|passed)\b"
    r"|[\s*_]*\u2705[\s*_\ufe0f]*(?:no\s+(?:issues?|problems?|defects?)\b|ok\b|pass|correct"
    r"|implemented\s+(?:correctly|as\s+required)|done\b)"
    r"|[\s*_]*(?:positive|exceeds|bonus)\b"
    r"|[\s*_\u2705\ufe0f]*(?:compliant|satisfied|matches)\b"  # "**Model status:** ✅ Compliant"
    r"|[\s*_]*not\s+(?:observed|present|seen|reproduced)\b"  # "**Result**: Not observed - …"
    # "**Status:** No gaps found. … the model did this right."
    r"|[\s*_]*no\s+(?:gaps?|issues?|problems?|defects?|findings?)\s+(?:found|identified)\b"
    # "**Result**: Handled correctly — not a failure"
    r"|[\s*_]*(?:handled|implemented|done|configured)\s+correctly\b",
    re.I,
)


# An item its own text takes back: "The implementation is actually correct. This is not a
# failure." (not "not a failure per se, but a design choice"), "Medium (duplicate of #2)".
_WITHDRAWN_RE = re.compile(
    r"\b(?:this|it)\s+(?:is|was)\s+not\s+(?:actually\s+|really\s+)?an?\s+"
    r"(?:failure|bug|issue|problem|error|mistake)\b(?!\s+per\s+se)"
    r"|\bduplicate\s+of\s+(?:#|(?:item|failure|issue)\s+#?)\d"
    # "(merged into #2 on re-review, not counted separately)"
    r"|\bmerged\s+into\s+(?:#|(?:item|failure|issue)\s+#?)\d|\bnot\s+counted\s+separately\b"
    # "Resolution: **Not a defect** — closed", "Closed — Not a bug. Reviewer error, not counted"
    # (not "Root Cause: Not a failure, but worth noting").
    r"|^[\W_]*(?:closed\W+)?not\s+an?\s+(?:model\s+)?(?:defect|bug)\b|\breviewer\s+error\b"
    # "Root Cause: Not a model error. The CI runner's session expired …"
    r"|^[\W_]*not\s+an?\s+model(?:'s)?\s+(?:error|issue|failure|problem|fault|mistake)\b",
    re.I,
)
_NO_IMPACT_SAME_RE = re.compile(
    r"none\b[.;:,—–\s-]*(?:both|the\s+(?:model|two|responses?)|same|identical|matches|no\s+difference"
    # ("none - not a failure; it matches", "None - this is not a model failure.")
    r"|(?:(?:this|it)\s+is\s+)?not\s+an?\s+(?:model\s+)?(?:failure|issue|problem|defect)\b)",
    re.I,
)
_NONE_WITHDRAWN_RE = re.compile(
    r"[\W_]*(?:n/?a|none)\b[^.\n]{0,12}\b(?:withdrawn|retracted)\b", re.I
)
# An item its text puts outside the response ("AWS account quota limit, not a code issue")
# or finds right after all ("… so this is actually correct").
# (Searched on the lower-cased item text, each pattern only where its own words occur: one
# pattern of all the alternatives, no literal to start from, cost ten times as much.)
_TAKEN_BACK_RES = (
    (
        "not a",
        re.compile(
            r"\bnot an? (?:(?:template|code) (?:issue|error|problem|bug|failure)\b"
            # "… Not a failure.", "*… failure.*", "Not an error — listed only so …"
            r"|(?:model\s+)?(?:failure|defect|error)(?:[.;*_)](?!\w)|\s+and\b|\s+[—–]\s)"
            # "ENVIRONMENT ISSUE - not a defect in the model's template"
            r"|(?:defect|bug|fault|failure|problem|issue|error) (?:in|of|with|from) the model\b)"
        ),
    ),
    (
        "correct",
        re.compile(
            r"\b(?:this|it|which) is actually correct\b"
            r"|\bthe model'?s (?:choice|approach|implementation|configuration) (?:is|was) correct\b"
        ),
    ),
    (
        "ctually",  # ("… so this is actually acceptable and not a defect")
        re.compile(r"\b(?:this|it|which) is actually (?:acceptable|fine)\b"),
    ),
    (
        "fine",  # "This part was fine: …", "On reflection this was fine", "issue 4 is fine after all"
        # (On the item's own first line only: a later "This part is fine" may be a neutral
        # block the item's text runs into.)
        re.compile(
            r"\A[^\n]*?(?:\bthis part (?:was|is) fine\b|\bon reflection,? (?:this|it) (?:was|is) fine\b"
            r"|\b(?:this|it) (?:was|is) fine after all\b)"
        ),
    ),
    (
        "nothing to fix",  # "There is no difference here and nothing to fix."
        re.compile(r"\b(?:no difference|no issue|no problem)\b[^.\n]{0,40}\bnothing to fix\b"),
    ),
    (
        "please ignore",  # "Not a model issue — please ignore."
        # (not "Update: #2 is not a bug. Please ignore it.", a note on another item)
        re.compile(
            r"(?m)^(?:(?!#\d|(?:item|issue|finding) \d)[^\n])*\bplease ignore"
            r"(?: this one| this item)?[.!]?[ \t]*$"
        ),
    ),
    (
        "disregard",  # "Please disregard this item.", "Please disregard Failure 5."
        re.compile(
            r"\bdisregard (?:this (?:item|finding|issue|entry|one)|(?:failure|issue|item) #?\d)"
        ),
    ),
    ("never a", re.compile(r"\bnever an? (?:defect|failure|bug|problem|issue|fault)\b")),
    (
        "no change",  # a section of praise closing "… well organised; no changes were needed here."
        re.compile(r"\bno changes? (?:was|were|is|are) (?:needed|required)(?: here)?[.!]?\s*\Z"),
    ),
    (
        "scratch that",  # "So scratch that — the model's value is fine and we kept it."
        # (Only as a sentence's turn: a field that reads just "SCRATCH THAT" is no withdrawal.)
        re.compile(r"\bso,? scratch that\b|\bscratch that\s*[—–:;,-]+\s*\w"),
    ),
    (
        "template",  # "ENVIRONMENT ISSUE - not caused by the template", "The template is correct"
        re.compile(
            r"\bnot caused by the (?:template|model|code|response)\b"
            r"|\bthe template(?: itself)? is correct\b"
        ),
    ),
    (
        "fault",  # "… LocalStack does not emulate it; the model's code is not at fault here."
        re.compile(
            r"\bthe model(?:'s)?(?: (?:code|template|response|output))? (?:is|was) not at fault\b"
            r"|\bnot (?:the )?model'?s fault\b"
        ),
    ),
    (
        "does not stand",  # "… further down the response, so this point does not stand."
        re.compile(
            r"\b(?:this|the|that)\s+(?:point|item|finding|issue|claim)\s+does\s+not\s+stand\b"
        ),
    ),
    (
        "excluded from",  # "This is not a gap and is excluded from the count."
        re.compile(r"\bexcluded\s+from\s+the\s+(?:count|total|tally|list)\b"),
    ),
    (
        "(not a",  # "**Extra (not a defect):** … an acceptable choice"
        re.compile(r"\(not an? (?:defect|failure|bug|problem|issue|fault)\)"),
    ),
    (
        "not count",  # "… our setup, not the model. Not counted."
        re.compile(
            r"\b(?:so|and|hence) not counted\b|\bnot counted as an? failure\b"
            # "… so this is not counted.", "I am not counting this against the responses"
            # (not "… not a defect in the response, so it is not counted above": a matter
            # set beside the items, not one of them)
            r"|\b(?:this|it) is not counted\b(?! above)|\bnot counting (?:this|it)\b(?! separately)"
            r"|\bnot counted below\b"
            r"|(?:^|\n|[.!?][ \t]+)not counted\.?[ \t]*(?:\n|$)"
            # "… so the model was right. Reverted; not counted in the totals."
            r"|\bnot counted in the (?:totals?|counts?|tally)\b"
            # "Listed for completeness only and **not counted** against the model"
            r"|\bnot counted\W{0,4} against the model\b"
        ),
    ),
    (
        "withdrawn",
        re.compile(
            r"(?:^|\n|[.!?]\s+|~~\s*)[\W_]*(?:(?:note|update)[\W_]*)?withdrawn\b"
            # "… better than the reference. Finding withdrawn."
            r"|(?:^|\n|[.!?]\s+)[\W_]*(?:finding|item|issue|point)\s+withdrawn\b"
            # "**Defect ID:** `OD-MAJ-003` — *withdrawn*": a mark closing the item's line
            r"|[—–-][ \t]*[*_]*withdrawn[*_]*[ \t]*(?:\n|$)"
            r"|\b(?:and|item|finding|issue|this|it|point|note|remark|observation|entry|concern)"
            r" is withdrawn\b"
            r"|\bwithdrawing this (?:finding|item|issue|point|note|remark|observation)\b"
            # "**Update after re-review:** withdrawn. Versioning is enabled …"
            r"|(?:^|\n)[\W_]*(?:note|update)\b[^\n:]{0,30}:[\W_]*withdrawn\b"
        ),
    ),
    (
        "retracted",
        re.compile(
            r"(?:^|\n|\()[\W_]*(?:(?:note|update)[\W_]*)?retracted\b"
            r"|\b(?:item|finding|issue|point) is retracted\b"
        ),
    ),
)


_FOR_COMPLETENESS_RE = re.compile(
    r"\blisted\s+(?:here\s+)?only\s+(?:for\s+completeness|so\s+(?:that\s+)?the\s+"
    r"(?:comparison|list|review|table)\s+is\s+complete)\b",
    re.I,
)
_OUTRIGHT_TAKEN_BACK_RE = re.compile(
    r"\bnot an? (?:model )?defect[.;]|\bthe model'?s (?:choice|approach) (?:is|was) correct\b"
    # ("*Note: On review this is NOT a model failure. … Excluded from the failure list.*")
    r"|\bnot a model failure\b[^\n]*\bexcluded from the (?:failure|failures|issue) list\b"
)
# ("Withdrawn", "Retracted"; "**Update after re-review:** I misread the diff. … This is not a
# failure" beside the item's own ideal fix.)
_WITHDRAWN_WORD_RE = re.compile(r"\b(?:withdrawn|retracted|misread|re-?review)\b")
# Where a bold bullet starts a point of a heading's item ("- **Standards ARN Region:**").
_BOLD_POINT_RE = re.compile(r"\n(?=[-*+][ \t]+(?:\*\*|__))")


_POINT_LABEL_RE = re.compile(r"[-*+][ \t]+(?:\*\*|__)([^*_\n]{1,40}?)[ \t]*:?(?:\*\*|__)")


def _is_note_point(point: str) -> bool:
    """Whether a bold bullet is a note on the whole item ("- **Note**: Withdrawn after …"),
    not a point of its own ("- **FSBP Not Enabled:** …")."""
    m = _POINT_LABEL_RE.match(point)
    if m is None:
        return False
    # ("- **Update (second review)**: … Finding withdrawn.", "- **Update after re-review:** …")
    label = m.group(1).rstrip(": ").lower().split(" (")[0]
    return label in _NOTE_LABELS or label.split(" ", 1)[0] in ("note", "update")


_NOTE_LABELS = frozenset(("note", "update", "status", "resolution", "verdict", "review note"))


_QUOTED_RE = re.compile(r"[\"“]([^\"“”\n]{4,120})[\"”]")


# What a quoted point was listed as: another item than this one.
_LISTED_AS_ANOTHER_RE = re.compile(
    r"[\W_]{0,3}[ \t]+as an? (?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|separate|another|further|new|extra|additional|\d{1,2}(?:st|nd|rd|th))[ \t]+"
    r"(?:failure|item|finding|issue|problem|defect)\b"
)


def _withdraws_another(body: str, title: str) -> bool:
    """Whether the note taking something back under an item names another by its title (">
    **Withdrawn on re-review**: an earlier draft listed "Hardcoded hosted zone name" here")."""
    if '"' not in body and "“" not in body:
        return False
    own = title.lower()
    if own.startswith(("withdrawn", "retracted", "dropped")):
        return False  # ("**Withdrawn:** an earlier draft listed "…" as a fifth failure": the note)
    for line in body.splitlines():
        low = line.lower()
        if ("withdrawn" in low or "retracted" in low or "dropped" in low) and (
            quoted := _QUOTED_RE.search(line)
        ):
            if _LISTED_AS_ANOTHER_RE.match(low, quoted.end()):
                return True  # ('… listed "legacy `forwarded_values` block" as a fifth failure')  # ('Dropped: "Missing cluster autoscaler". I flagged this first, but …')
            other = quoted.group(1).strip(" .")
            # (A title: capitalised words, not a value "index.html" or a quote "if budget allows")
            if not other[:1].isupper() or len(other.split()) < 2 or any(c in other for c in ".=/`"):
                continue
            other = other.lower()
            return other not in own and own not in other
    return False


_SUB_POINT_RE = re.compile(
    r"[ \t]*(?:[a-h][.)]|[-*+])[ \t]+(?:also|minor|side|related|separately)\b", re.I
)


def _list_entry_end(lines: list[str], start: int, end: int) -> int:
    """Where the list entry at line `start` ends: at a table after a blank line (the next
    item's record, not this entry's text), or at `end`."""
    for j in range(start + 1, end - 1):
        if not lines[j].strip() and lines[j + 1][:1] == "|":
            return j
    return end


def _taken_back(text: str) -> bool:
    """Whether an item's text takes it back ("not a template issue", "this is actually
    correct", "Withdrawn after re-checking", "… so not counted")."""
    low = text.lower()
    return any(word in low and pattern.search(low) for word, pattern in _TAKEN_BACK_RES)


# (The words `_TAKEN_BACK_RES` are found by, looked for once per document.)
_TAKEN_BACK_HINTS = tuple(word for word, _ in _TAKEN_BACK_RES)
_ENHANCEMENT_LABELS = frozenset(
    (
        "enhancement",
        "enhancements",
        "improvement",
        "improvements",
        "implemented",  # "**Implemented**: Production-ready Firehose delivery stream"
        "improvements made",
        "enhancements made",
    )
)
# "Update", "Update after re-review": a label over a later word on the item.
_UPDATE_LABEL_RE = re.compile(r"[\W_]*(?:update|note|edit|correction|revision)\b", re.I)
# "Update - withdrawn": the same label, saying the item is taken back.
_WITHDRAWN_LABEL_RE = re.compile(
    _UPDATE_LABEL_RE.pattern + r"[^\w:]*(?:withdrawn|retracted)\W*$", re.I
)
# (Not the long snippets; "**Impact:** None — … so this is not a failure" is an impact note.)
_WITHDRAWING_FIELDS = ("ideal_fix", "root_cause", "severity", "impact:general")
# What went wrong, said to be nothing: opening with a retraction.
_SNIPPET_TAKEN_BACK_RE = re.compile(
    r"[\W_]*(?:retracted|withdrawn)\b"
    r"|[\W_]*not\s+an?\s+(?:model|template|code|response)\s+(?:issue|failure|defect|bug|problem"
    r"|error)\b",
    re.I,
)


_OUT_OF_FIVE_RE = re.compile(r"[*_ `]*([1-5])[ \t]*/[ \t]*5\b")
_STRUCK_RE = re.compile(r"~~[^~\n]*~~")
# A title that only numbers its item: "Finding 3", "Issue #2".
_STATUS_WITHDRAWN_RE = re.compile(r"[\W_]*(?:withdrawn|retracted|not\s+counted)\b", re.I)
_PAREN_LEVEL_RE = re.compile(rf"\([ \t]*({_LEVEL_ALT})[ \t]*\)[ \t]*:", re.I)
_PAREN_LABELLED_LEVEL_RE = re.compile(
    rf"\([ \t]*(?:severity|priority|impact)[ \t]*[:=][ \t]*({_LEVEL_ALT})[ \t]*\)[ \t]*:", re.I
)
_LABEL_TAG_RE = re.compile(rf"[ \t]*\([ \t]*({_LEVEL_ALT})[ \t]*\)$", re.I)
_BARE_TITLE_RE = re.compile(rf"^(?:{_ITEM_WORDS})\s*#?\s*\d{{1,3}}$", re.I)


_LEVEL_OPENERS = _LEVEL_INITIALS | {"*", "_"}
_OPENING_CAPS_LEVEL_RE = re.compile(
    rf"[*_]*({_CAPS_LEVELS}"
    r"|(?:Critical|High|Medium|Low|Major|Minor|Blocker|Moderate|Trivial)(?=[*_]*\.))[*_]*[.:!]"
    r"(?=[*_]*(?:[ \t]|$))"  # ("Medium." alone on the item's first line too)
)
_SEVERITY_SENTENCE_RE = re.compile(
    rf"(?:^|[.!?)][ \t]+)[(\[]?[*_]*severity[*_]*[ \t]*:[*_ \t]*(?:({_LEVEL_ALT})\b|([{_MARKS}]))",
    re.I,  # ("… is rejected. Severity: Critical.", "… so the cluster has no writer. (Severity: …)")
)
_LEVEL_CHIP_RE = re.compile(
    rf"`[ \t]*(?:severity|priority|sev|level)[ \t]*[:=/][ \t]*({_LEVEL_ALT})[ \t]*`", re.I
)


_BRACKETED_LABEL_LEVEL_RE = re.compile(
    rf"\([ \t]*(?:severity|impact|priority|risk)(?:[ \t]+level)?[ \t]*[:=][ \t]*({_LEVEL_ALT})"
    r"[ \t]*\)",
    re.I,
)
_LEVEL_SENTENCE_LEAD_RE = re.compile(rf"[*_]*({_LEVEL_ALT})[*_]*(?:[.;!](?:[ \t]|$)|[ \t]*$)", re.I)
_LEADING_SEVERITY_LABEL_RE = re.compile(
    rf"[*_ \t(\[]*severity[*_]*[ \t]*[:=-][*_ \t]*({_LEVEL_ALT})\b", re.I
)
# A level label with a dash for its colon: "Severity - High", "**Priority** — P1".
_DASHED_LEVEL_LABEL_RE = re.compile(
    rf"[ \t]*(?:[-*+][ \t]+)?[*_]*(?:severity|priority)(?:[ \t]+level)?[*_]*[ \t]+[-—–][ \t]+"
    rf"[*_]*((?:{_LEVEL_ALT})\b.*)$"
    # ("Impact level — high", "**Impact** — HIGH": the level alone, not "Impact — high cost")
    rf"|[ \t]*(?:[-*+][ \t]+)?[*_]*impact(?:[ \t]+level)?[*_]*[ \t]+[-—–][ \t]+"
    rf"[*_]*((?:{_LEVEL_ALT}))[*_.]*[ \t]*$",
    re.I,
)
# A line that is only a bracketed level label: "(severity: high)", "[Impact: Critical]".
_BRACKETED_LEVEL_LINE_RE = re.compile(
    rf"[ \t]*[(\[][ \t]*(severity|impact|priority)[ \t]*:[ \t]*({_LEVEL_ALT})[ \t]*[)\]][ \t.]*$",
    re.I,
)


def _fill(doc: _Doc, item: _Item, failure: Failure) -> None:
    """Read the labelled fields in an item's body into `failure`."""
    lines, fenced = doc.lines, doc.fenced
    label_re, label_field = _LABEL_RE.match, _label_field
    current: str | None = None
    value = ""
    values: dict[str, list[str]] = {}
    if item.inline:
        values["model_snippet"] = [item.inline]
    seg = item.line + 1  # the first line not yet given to a field
    impact_level: str | None = None
    # A second complete block ("**Issue**: …" again after the first one's "**Fix**"): where
    # the first block's issue label was, whether its fix came, where a rule after it was.
    blocks, issue, fixed, block_start = item.blocks, "", False, -1
    rated_fix = False  # a fix came after the block's own severity label
    for i in range(seg, item.end):
        line = lines[i]
        if not line or fenced[i]:
            continue  # (a blank line starts and ends no field)
        if line[:1] == ">":
            line = line.lstrip("> \t")  # "> **Severity:** High — …" quoted is a label still
            if not line:
                continue
        if line[:1] > "~" and (sign := _LEADING_SIGN_RE.match(line)) is not None:
            line = line[sign.end() :]  # "🔴 **Severity: Critical**": a mark before the label
        field = None
        # Cheap prefilters: a bold label needs "**"/"__", a plain one a colon, a rule a mark
        # or a space at its end; most lines are prose and fail all of them.
        if (
            ("**" in line or "__" in line)
            and (m := label_re(line)) is not None
            and len(m.group(1)) <= 80  # (as `_match_label`, inlined)
        ):
            label, inner, outer, rest = m.groups()
            if current is not None and (current == "severity" or current[:7] == "impact:"):
                # "### Impact" then "- **High**: …": a bold level word is the item's own level.
                word = _LEVEL_WORDS.get(label.strip().lower())
                if word:
                    impact_level = impact_level or word
                    continue
            if not (inner or outer) and rest[:1] == "(" and (tag := _PAREN_LEVEL_RE.match(rest)):
                # "**Impact** (Critical): the API is public": the level beside the label.
                inner, rest = ":", f"{tag.group(1)} - {rest[tag.end() :].strip()}"
            elif (
                not (inner or outer)
                and rest[:1] == "("
                and (tag := _PAREN_LABELLED_LEVEL_RE.match(rest))
            ):
                # "**Issue** (Priority: High): `shard_count=1` …": the item's level beside
                # another field's label.
                inner, rest = ":", rest[tag.end() :].strip()
                impact_level = impact_level or tag.group(1)
            elif (inner or outer) and label[-1:] == ")" and (tag := _LABEL_TAG_RE.search(label)):
                # "**Impact (High)**: …": the same, inside the bold.
                label, rest = label[: tag.start()], f"{tag.group(1)} - {rest.strip()}"
            if inner or outer:
                field = label_field(label) or "?"
                new = rest
                if blocks and line[:2] in ("**", "__"):
                    name = label.strip().lower()
                    if field == "model_snippet" and name in ("issue", "problem"):
                        if issue == name and fixed:
                            # (`_parse` reads the first block again, cut here, and the second.)
                            item.split = (block_start if block_start > 0 else i, i)
                            return
                        issue = issue or name
                    elif field == "ideal_fix":
                        fixed = fixed or bool(issue)
                        rated_fix = rated_fix or "severity" in values
                    elif field == "severity" and rated_fix and block_start > 0:
                        # "**Severity**: … **Fix**: …", a rule, "**Severity**: MAJOR" again:
                        # a second rated block, its heading lost ("### 4.", then "### 6.").
                        item.split = (block_start, i)
                        return
                if (
                    field == "?"
                    and ("tatus" in label or "esult" in label)
                    and _MET_VALUE_RE.match(rest)
                ):
                    item.met = True  # "**Model status:** **Meets core requirement**"
                if current is None and field == "?" and label.lower() in _ENHANCEMENT_LABELS:
                    item.enhancement = True  # the first label: "**Enhancement**: …"
                if field == "?" and "tatus" in label and _STATUS_WITHDRAWN_RE.match(rest):
                    item.withdrawn = True  # "**Status**: Withdrawn after re-review."
                if field == "?" and (
                    _WITHDRAWN_LABEL_RE.match(label) is not None
                    or (
                        _UPDATE_LABEL_RE.match(label) is not None
                        and _STATUS_WITHDRAWN_RE.match(rest) is not None
                    )
                ):
                    # "- **Update - withdrawn**: After checking again, …", "- **Update after
                    # re-review:** Withdrawn. The policy has a cooldown …"
                    item.withdrawn = True
            elif (
                "tatus" in label
                and ":" in label
                and _MET_VALUE_RE.match(label.partition(":")[2]) is not None
            ):
                item.met = True  # "**Status: Positive Addition**": an addition, no fault
            elif ":" in label and label_field(label.partition(":")[0]):
                # "**Severity: High**": the value inside the bold ("**Impact: HIGH** **FAILURE**":
                # a level, then tags).
                name, _, new = label.partition(":")
                field = label_field(name)
                sep = " - " if rest and _level(new.strip()) else " "
                new = f"{new.strip()}{sep}{rest}".strip()
        if field is None and line[:1] == "`" and (chip := _LEVEL_CHIP_RE.search(line)):
            # "`severity:critical` `area:iam`": a tracker's label chips under the title.
            field, new = "severity", chip.group(1)
        if field is None:
            if line[:1] == "#":
                # A sub-heading of the item: "#### Root Cause", "### Severity: CRITICAL".
                heading = _clean_inline(line.strip("# \t"))
                name, colon, new = heading.partition(":")
                field = label_field(name) or "?"
                new = new.strip() if colon else ""
            elif line[:1] == "|" and line.count("|") == 3:
                # "| Severity | Medium |" in an item's own Field/Value table.
                name, _, new = line.strip().strip("|").partition("|")
                name = _clean_inline(name)
                field = label_field(name)
                if field is None:
                    if name.lower() in ("title", "summary") and _BARE_TITLE_RE.match(item.title):
                        failure.title = _clean_inline(new)  # "### Finding 3" over its table
                    continue
                new = new.strip()
            elif ":" in line:
                p = _PLAIN_LABEL_RE.match(line)
                if p is None and line.lstrip()[:1] in ("(", "["):
                    # "  (severity: high)" closing an item whose details are bullets
                    p = _BRACKETED_LEVEL_LINE_RE.match(line)
                if p is None:
                    if current is None and not values:
                        head = line.lstrip(" \t-*+").partition(":")[0].strip().lower()
                        if head in _ENHANCEMENT_LABELS:
                            item.enhancement = True  # "   Enhancement: The original already …"
                    # "Model Shortcomings:" alone on its line, in a document with no
                    # markup: a label whose value is the paragraphs under it.
                    field = _bare_label_field(line)
                    if field is None:
                        continue  # (a line with a colon is no rule)
                    new = ""
                else:
                    field = label_field(p.group(1)) or "?"
                    new = p.group(2).rstrip("*_ \t")  # ("_Severity: critical_" in italics)
            elif ("everity" in line or "riority" in line or "mpact" in line) and (
                dashed := _DASHED_LEVEL_LABEL_RE.match(line)
            ) is not None:
                # "Severity - High", "Severity — High", "Impact level — high"
                field, new = "severity", dashed.group(1) or dashed.group(2)
            elif line[-1:] not in _RULE_ENDS or line.strip() not in _RULES:
                continue  # (a rule's last character is one of its marks or a space)
            else:
                new = ""
                if blocks and line.rstrip() in ("---", "___"):
                    block_start = i + 1 if fixed or rated_fix else -1
        if field is not None and "|" in new and ":" in new and line[:1] != "|":
            # "Category: Security | Severity: High | File: main.tf": a line of labels.
            first, *others = new.split("|")
            said_fields = []
            for part in others:
                name, colon, said = part.partition(":")
                other = label_field(name.strip(" *_\t")) if colon and len(name) < 40 else None
                if other is not None:
                    said_fields.append((other, said.strip(" *_\t")))
            if said_fields:  # (a "|" in a value's code is no separator: "(vCPU|vcpu)")
                for other, said in said_fields:
                    values.setdefault(other, []).append(said)
                new = first.strip()
        # A label starts a field and a rule ends one: the lines since the last go to `current`
        # (an unknown label's, "?", to nothing: a quarter of all fields, read for no one).
        if current is not None and current != "?":
            text = "\n".join([value, *lines[seg:i]]) if seg < i else value
            values.setdefault(current, []).append(_block(text))
        current, value = field, new
        seg = i + 1
    if current is not None and current != "?":
        end = item.end
        text = "\n".join([value, *lines[seg:end]]) if seg < end else value
        values.setdefault(current, []).append(_block(text))
    # ("- **Failure Impact (High):** …" where others write "Impact")
    general = values.get("impact:general") or values.get("impact:failure")
    if general and not impact_level:
        # "**Impact**: CRITICAL - the build fails": a level word leading the impact note.
        m = _LEADING_LEVEL_RE.match(general[0])
        if m is None and general[0][-1:] in ".*" and "everity" in general[0]:
            # "**Impact:** … inflate Lambda cost. Severity: High.": its last sentence.
            m = _TRAILING_LEVEL_LABEL_RE.search(general[0][-40:])
        impact_level = _level(m.group(1)) if m else None
    if not impact_level and "severity" not in values:
        # "**Issue**: Minor - the dataclass …" leads with its level as the impact note can;
        # "**Category**: B (Moderate) - Type handling" names its level in brackets.
        snippets = values.get("model_snippet")
        m = (
            _LEADING_LEVEL_RE.match(snippets[0])
            if snippets and not item.inline and snippets[0].lstrip("*_ ([")[:1] in _LEVEL_INITIALS
            else None
        )
        if m is None and snippets and snippets[0][:12].lstrip("*_ ([").lower().startswith("sev"):
            # "**Problem**: Severity: high. The scanner ignores …": the level leads the value.
            m = _LEADING_SEVERITY_LABEL_RE.match(snippets[0])
        if m is None and item.inline[:1] in _LEVEL_INITIALS:
            # "- **Resolver uses Scan** — Moderate. Works on the test data, but …": the level
            # opening the text after the bold title, a sentence of its own.
            m = _LEVEL_SENTENCE_LEAD_RE.match(item.inline)
        elif m is None and item.inline[:1] == "(":
            # "- **No Performance Insights** (Impact: Medium) – …": a labelled level in brackets
            m = _BRACKETED_LABEL_LEVEL_RE.match(item.inline)
        if m is None and "category" in values and _heading_level(item.title) is None:
            # (Not over a level in the item's own title: "### 4. kubectl Layer Missing (HIGH)"
            # over "**Category**: Category B (Moderate)" classifies it; the title rates it.)
            m = _BRACKETED_LEVEL_RE.search(values["category"][0][:80]) or (
                # "**Category**: Blocking - Provider / Region": the level, then the area
                _CATEGORY_LEVEL_LEAD_RE.match(values["category"][0])
            )
        if m is None and not values and item.kind in ("bold", "heading"):
            # "… untagged. Low." closing an unlabelled paragraph: a sentence naming its level
            # (under a heading, a line of its own: "b. No `SourceArn` either.\nCritical.").
            # (Past a closing rule, or a struck one-line item after it: "---", "~~**Flaw 6 …**~~".)
            last = next(
                (
                    lines[j]
                    for j in range(item.end - 1, item.line, -1)
                    if lines[j] and lines[j].rstrip() not in _RULES and lines[j][:2] != "~~"
                ),
                "",
            )
            if last[-1:] == "." and (item.kind == "bold" or len(last) <= 12):
                m = _SENTENCE_LEVEL_RE.search(last[-24:])
        if m is None and item.kind in ("heading", "bold"):
            # "CRITICAL. The model uses `go1.x` …": a level opening the item's first paragraph.
            # (After a line of labels, "Verdict: fail", perhaps: the first three lines.)
            seen = 0
            for j in range(item.line + 1, item.end):
                first = lines[j]
                if not first or fenced[j]:
                    continue
                if first[:1] in _LEVEL_OPENERS and (m := _OPENING_CAPS_LEVEL_RE.match(first)):
                    break
                seen += 1
                if seen == 3:
                    break
        if m is None and item.kind in ("heading", "bold") and doc.mentions("severity"):
            # "… only after fixing #2. Severity: 🟠", "… is rejected. Severity: Critical.": a
            # sentence of the item's own prose names its level.
            for j in range(item.line + 1, item.end):
                if "everity" in lines[j] and not fenced[j]:
                    said = _SEVERITY_SENTENCE_RE.search(lines[j])
                    if said is not None:
                        if said.group(1):
                            m = said
                        else:
                            item.mark = said.group(2)  # (the legend's level, read by `_parse`)
                        break
        impact_level = _level(m.group(1)) if m else None
    if impact_level:
        values.setdefault("severity", [""])  # read below when no severity label says more
    for field in _WITHDRAWING_FIELDS:  # ("This is not a failure.", "Medium (duplicate of #2)")
        if field == "impact:general" and "impact:failure" in values:
            field = "impact:failure"  # ("Failure impact: none - not a failure; …")
        for chunk in values.get(field, ()):
            if (
                (
                    "ot a" in chunk
                    or "uplicate" in chunk
                    or "eviewer" in chunk
                    or "erged" in chunk
                    or "eparately" in chunk
                )
                and _WITHDRAWN_RE.search(chunk)
                and not _withdraws_another(chunk, item.title)
            ):
                item.withdrawn = True
            elif (
                field == "severity"
                and item.kind != "list"  # (a list entry's body may hold the next item's table)
                and ("ithdrawn" in chunk or "etracted" in chunk)
                and _NONE_WITHDRAWN_RE.match(chunk)
            ):
                item.withdrawn = True  # "**Impact Level**: N/A — withdrawn after re-checking"
            elif (
                field[:7] == "impact:"
                and chunk[:4].lower() in ("none", "none.")
                and _NO_IMPACT_SAME_RE.match(chunk)
            ):
                # "* **Impact:** None. Both responses are the same here": a check it passed
                item.withdrawn = True
    for chunk in values.get("ideal_fix", ())[:1]:
        if "isted" in chunk and _FOR_COMPLETENESS_RE.search(chunk) is not None:
            # "**IDEAL_RESPONSE:** Same approach — no change was needed here. Listed only so
            # the comparison is complete.": a check it passed
            item.withdrawn = True
    for chunk in values.get("model_snippet", ())[:1]:
        if chunk[:12].lstrip("*_ ").lower().startswith(("retracted", "withdrawn", "not a")) and (
            _SNIPPET_TAKEN_BACK_RE.match(chunk) is not None
        ):
            # "**Issue**: _Retracted._ On a second look …", "**Issue**: Not a model issue — …"
            item.withdrawn = True
    # ("**Fix Applied**: None. … so the model was right. Not counted as a failure;": no fix.)
    no_fix = "ideal_fix" not in values or values["ideal_fix"][0][:4].lower() == "none"
    # ("**Fix**: Investigated and kept it … **Not a defect; the model's choice was correct.**":
    # said outright, it takes the item back beside any fix.)
    outright = doc.mentions(
        "not a defect", "choice was correct", "choice is correct", "excluded from the"
    )
    if doc.mentions(*_TAKEN_BACK_HINTS) and (
        no_fix
        or outright
        # (the words `_WITHDRAWN_WORD_RE` looks for in the item: not "review", in every document)
        or doc.mentions("withdrawn", "retracted", "misread", "re-review", "rereview")
    ):
        # "This is an environment/permissions issue, not a template issue", and no fix to the
        # response given ("Note: a test account limitation, not a code error" beside the
        # IDEAL_RESPONSE fix still counts); "> **Withdrawn**: … retracted" beside a fix too.
        # (Code and logs quoted in fences take nothing back: "RETRACTED" in an error's output.)
        end = min(item.end, len(lines))
        if item.kind == "list":
            end = _list_entry_end(lines, item.line, end)
        body = "\n".join(
            lines[j]
            for j in range(item.line, end)
            if not fenced[j]
            # (A heading's lettered point or bullet takes back a side remark, not the item:
            # "c. Also no RDS Proxy, which was nice to have — not counted as a failure.")
            and not (item.kind in ("heading", "bold") and _SUB_POINT_RE.match(lines[j]))
        )
        if (
            no_fix
            or _WITHDRAWN_WORD_RE.search(body.lower())
            or (outright and _OUTRIGHT_TAKEN_BACK_RE.search(body.lower()) is not None)
        ):
            taken = _taken_back(body) and not _withdraws_another(body, item.title)
            if taken and item.kind == "heading" and "\n" in body:
                # "## 3. Security Hub Standards" over "- **Standards ARN Region:**" and
                # "- **FSBP Not Enabled:**" … "Retracted on second review": one point of
                # the item taken back, not the item, while another stands.
                points = _BOLD_POINT_RE.split(body)
                if (
                    len(points) > 2
                    and not all(_taken_back(p) for p in points[1:])
                    # ("- **Problem**: ~~…~~" then "- **Note**: Withdrawn after re-checking":
                    # the item's own fields, the note taking back all of it.)
                    and not any(_is_note_point(p) and _taken_back(p) for p in points[1:])
                ):
                    taken = _taken_back(points[0])
            item.withdrawn = item.withdrawn or taken
    for field, chunks in values.items():
        text = chunks[0] if len(chunks) == 1 else "\n\n".join([c for c in chunks if c])
        if field == "severity":
            if "~~" in chunks[0]:
                chunks = [_STRUCK_RE.sub("", chunks[0])]  # "~~High~~ N/A": the level taken back
                if _WITHDRAWN_WORD_RE.search(chunks[0].lower()):
                    item.withdrawn = True  # "~~S3~~ — withdrawn": the item with it
            if failure.severity is None and item.own is None:
                if _NONE_VALUE_RE.match(chunks[0]):
                    item.own = "None"
                else:
                    m = _LEVEL_RE.search(chunks[0][:80]) or _CELL_LEVEL_RE.match(
                        chunks[0].lstrip("*_ `")[:12]
                    )  # ("**Severity:** S1", "Severity: Med")
                    if m is None and impact_level:
                        m = _LEVEL_RE.search(impact_level)
                    if m:
                        item.own = _level(m.group(1))
                    elif (mark := chunks[0].lstrip("*_ `")[:1]) > "~" and mark in _MARKS:
                        item.mark = mark  # "Severity: 🟠": the legend's level, read by `_parse`
                    elif (scaled := _OUT_OF_FIVE_RE.match(chunks[0])) is not None:
                        # "Severity: 4/5": five the most severe, as a severity scale runs
                        item.own = _FIVE_SCALE[int(scaled.group(1))]
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
    if text[:1] not in ("~", "\n"):
        return text.strip()  # (no fence can lead it)
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


def _score(doc: _Doc, items: Sequence[_Item] = ()) -> float | None:
    lines, fenced = doc.lines, doc.fenced
    # A score inside a failure's fields is quoted text, not the document's verdict.
    starts = [it.line for it in items]
    # Find the few lines that mention a score with C-level finds, not a loop over lines.
    low = doc.low
    hits: list[int] = []
    # (Each pattern holds one: a label word, or the "/10" that a bare "Quality:" or "Overall:"
    # label needs.)
    for word in ("score", "training", "rating", "/10", "of 10", "give "):
        pos = low.find(word)
        while pos >= 0:
            hits.append(pos)
            pos = low.find(word, pos + 1)
    # ("Quality: 6.5", "Quality 7 — …": only where a number follows the word.)
    hits.extend(m.start() for m in _QUALITY_NUMBER_RE.finditer(low))
    seen: set[int] = set()
    first: float | None = None
    trained: float | None = None  # the first score labelled as a training one
    trained_before = False
    before = False  # whether `first` is a "before the fixes" score
    fixed = False  # whether `first` grades the fixed implementation
    line_no, pos = 0, 0
    for hit in sorted(hits):
        line_no += low.count("\n", pos, hit)
        pos = hit
        if line_no in seen or fenced[line_no]:
            continue
        seen.add(line_no)
        k = bisect_right(starts, line_no) - 1
        # (A table item is its row: the lines after the table are not its text.)
        if (
            k >= 0
            and line_no < items[k].end
            and not (items[k].kind == "table" and line_no > items[k].line)
        ):
            line = lines[line_no]
            # (A list item's own text is indented under it: a line at the margin after the
            # list, "Training Quality: 6/10", is the document's again; so is one after a rule
            # that closes the last item.)
            after_list = items[k].kind == "list" and line[:1] not in (" ", "\t")
            # ("**Training Quality Score:** 5/10" is never an item's own label: its "Training
            # value" may be.)
            quality = line[:1] in ("*", "_") and (
                "quality" in line.lower() or line.lstrip("*_ ").lower().startswith("score")
            )  # ("**Score:** 5/10" after a rule closing the last item)
            if (
                line.lstrip("*_ \t")[:16].lower() == "training quality"
                or _FOR_TRAINING_RE.search(line) is not None
                # ("- Score: 8 of 10 for training value: …" closing a plain-text document
                # whose last entry runs to its end)
                or _SCORE_BULLET_RE.match(line) is not None
            ) and ("/" in line or "out of" in line or " of 10" in line):
                pass  # "Training quality: 6/10", "Overall: 5/10 for training": wherever it is
            elif not (after_list and not _LIST_ITEM_RE.match(line)) and not (
                k == len(items) - 1
                and (quality or line[:1] not in (" ", "\t", "*", "_", "-", "|"))
                and (
                    # (The document's last line, "Score: 6/10", closes the document.)
                    not any(lines[j].strip() for j in range(line_no + 1, len(lines)))
                    or any(
                        lines[j].rstrip(" \t") in _RULES for j in range(items[k].line + 1, line_no)
                    )
                )
            ):
                continue
        value, arrowed = _score_on_line(lines, line_no)
        if value is not None:
            # "Base Score: 8/10" … "Final Training Quality Score: 10/10": the final one counts;
            # so does the score after an arrow ("7/10 → 8.5/10"), wherever its line is.
            if arrowed or "final" in lines[line_no].lower():
                return value
            if first is None or before or fixed:
                # A score under "**Before Fixes**:" gives way to the next one ("**After …**");
                # so does one grading the fixed implementation ("### Fixed Implementation
                # Score: 9/10" before "### Original MODEL_RESPONSE Score: 3/10").
                first, before = value, _under_before_label(lines, line_no)
                fixed = _FIXED_SCORE_RE.search(lines[line_no]) is not None
            if (trained is None or trained_before) and "training" in lines[line_no].lower():
                trained, trained_before = value, _under_before_label(lines, line_no)
    # "### Original MODEL_RESPONSE Score: 3/10" grades the response; "**Training Quality**:
    # 7/10" further on is the document's score.
    if trained is None and first is None:
        # "6 out of 10." alone on the last line: the review's closing verdict.
        last = len(lines) - 1
        while last > 0 and not lines[last].strip():
            last -= 1
        if last > 0 and "10" in lines[last] and not fenced[last]:
            bare = _BARE_SCORE_LINE_RE.match(lines[last])
            if bare is not None:
                return float(bare.group(1))
    return trained if trained is not None else first


_GIVEN_SCORE_RE = re.compile(
    r"\b(?:i|we)(?:'d|’d|[ \t]+would)[ \t]+(?:give|rate)[ \t]+"
    r"(?:it|this(?:[ \t]+(?:one|response|task))?|the[ \t]+(?:model'?s?[ \t]+|original[ \t]+)?response)"
    r"[ \t]+an?[ \t]+(10|\d(?:\.\d)?)\b(?![ \t]*(?:/|out[ \t]+of|of[ \t]+\d|%)|\.\d)"
    # ("Training quality: I'd put it at 7.")
    r"|\b(?:i|we)(?:'d|’d|[ \t]+would)[ \t]+put[ \t]+(?:it|this(?:[ \t]+one)?)[ \t]+at[ \t]+(?:about[ \t]+)?"
    r"(10|\d(?:\.\d)?)\b(?![ \t]*(?:/|out[ \t]+of|of[ \t]+\d|%)|\.\d)"
)
_SCORE_HEADING_RE = re.compile(r"training|score|rating|verdict|overall|quality|assessment", re.I)


def _under_score_heading(lines: list[str], i: int) -> bool:
    """Whether line i sits in the first lines under a heading that names the score ("##
    Training Quality", "## Verdict")."""
    for j in range(i - 1, max(-1, i - 12), -1):
        if lines[j].lstrip()[:1] == "#":
            return _SCORE_HEADING_RE.search(lines[j]) is not None
    return False


# A score alone on a line: "6 out of 10.", "**7/10**".
_BARE_SCORE_LINE_RE = re.compile(r"[*_ \t]*(\d(?:\.\d)?|10)[ \t]*(?:/|out of)[ \t]*10[*_ \t.!]*$")


_SCORE_BULLET_RE = re.compile(
    r"[ \t]*[-*+][ \t]+[*_]*(?:(?:overall|final)[ \t]+)?(?:score|training[ \t]+(?:quality|value)"
    r"|quality[ \t]+score|rating)[*_]*[ \t]*:",
    re.I,
)
_FOR_TRAINING_RE = re.compile(r"\d[ \t]*/[ \t]*10\**[ \t]+(?:for|as)[ \t]+training\b", re.I)
_BEFORE_LABEL_RE = re.compile(r"^[\W_]*before\b", re.I)
_FIXED_SCORE_RE = re.compile(
    r"^[\W_]*(?:fixed|corrected|ideal|improved)(?:[ \t]+(?:implementation|response|template|version))?"
    r"[ \t]+score\b",
    re.I,
)


def _under_before_label(lines: list[str], i: int) -> bool:
    """Whether line i sits in a "**Before Fixes**:" block: the nearest line above it that is
    no list item (within six) opens with "Before"."""
    for j in range(i - 1, max(-1, i - 7), -1):
        line = lines[j].lstrip()
        if line and line[:2] not in ("- ", "* ", "+ ") and not line[:1].isdigit():
            return _BEFORE_LABEL_RE.match(line) is not None
    return False


def _out_of_ten(value: float, den: str | None) -> float:
    """A score on the 0-10 scale: "75/100" is 7.5, "4/5" is 8."""
    if den and "100" in den:
        return value / 10
    if den and den.rstrip()[-1:] == "5":
        return value * 2
    return value


# "**Training value**: **6.5** - A realistic build …": a number on the 0-10 scale with a
# decimal (not "3 regions"), closing the value or followed by its reason.
_BARE_VALUE_SCORE_RE = re.compile(r"(?:10|\d)\.\d\**[ \t]*(?:$|[—–-][ \t]|\(|\.(?:[ \t]|$))")
_QUALITY_NUMBER_RE = re.compile(r"quality[*_]*[ \t]*[:—–-]?[*_ \t]*\d")
_BARE_QUALITY_RE = re.compile(
    r"[ \t>*_-]*(?:overall[*_]*[ \t]*:?[*_]*[ \t]+)?quality[*_]*[ \t]*[:—–-]?[*_ \t]*(?:10|\d)(?:\.\d)?[*_]*"
    r"[ \t]*(?:$|[—–-][ \t]|\.(?:[ \t]|$)|,[ \t]|\()",  # ("**Overall Quality 6.5** (rough …)")
    re.I,
)
# ("- Template structure: 9/10", "- Security: Good (7/10)": one criterion's part of it.)
_PART_SCORE_RE = re.compile(
    r"[ \t]*[-*+][ \t]+[^:\n]{1,40}:[*_ \t]*(?:[A-Za-z]+[ \t]*[(—–-]?[ \t]*)?\d"
)


_ON_SCALE_RE = re.compile(
    r"[ \t]+on[ \t]+(?:a|the)[ \t]+(?:usual[ \t]+)?[01][ \t]*(?:-|–|—|to)[ \t]*10[ \t]+scale\b",
    re.I,
)
# "(0-10)", "(scale 0 to 10)", "(on a 1–10 scale)": the scale a score label names.
_SCALE_NOTE_RE = re.compile(
    r"[ \t]*\([ \t]*(?:(?:on[ \t]+a[ \t]+)?scale(?:[ \t]+of)?[ \t]+|on[ \t]+a[ \t]+)?[01][ \t]*"
    r"(?:-|–|—|to)[ \t]*10(?:[ \t]+scale)?[ \t]*\)",
    re.I,
)


def _score_on_line(lines: list[str], i: int) -> tuple[float | None, bool]:
    """The score stated on line i, if any, and whether it is one after an arrow."""
    line = lines[i]
    if "__" in line:
        line = line.replace("__", "**")  # "__Training Quality__: 8" is bold as "**…**" is
    if "10)" in line and "(" in line:
        line = _SCALE_NOTE_RE.sub("", line)  # "Training quality (0-10): 6": the scale, said
    if "scale" in line:
        line = _ON_SCALE_RE.sub("/10", line)  # "… — 6.5 on a 0–10 scale.": out of ten
    for m in _SCORE_RE.finditer(line):
        den = m.group("den")
        training = m.group("label")[:1] in "tT"
        # "Training value" and a word before the number need "/10": "Training Value: 3
        # regions" or "Score: level 2 (3 …" are no scores.
        label_word = m.group("label").lower()
        if not den and (
            m.group("word")
            or (
                label_word[-5:] == "value"
                and not _BARE_VALUE_SCORE_RE.match(line, m.start("num"))
                # ("TRAINING VALUE SCORE: 7", "training value (score: 6.5)")
                and m.group("tail").strip(" \t*(").lower() != "score"
            )
            or (
                label_word in ("quality", "overall", "total", "grade")
                # ("Quality score: 8.5", "Quality rating: 6.5", "Quality score for training:
                # 6.5")
                and m.group("tail").strip(" \t*").lower().partition(" ")[0]
                not in ("score", "rating")
                # ("Quality: 6.5" alone on its line, "Quality 6.5 — the structure was good":
                # a verdict on the 0-10 scale, as a training value's decimal is.)
                and not (label_word == "quality" and _BARE_QUALITY_RE.match(line) is not None)
            )
        ):
            continue  # (a bare "Quality: 6.5/10" or "Overall: C (6/10)" needs its "/10" too)
        if label_word == "total" and _PROSE_WORD_RE.search(line[m.end() :].split("(")[0]):
            continue  # "Total: 3/10 tests passed" counts something else
        # The words before "score" may say what it scores ("Security Score"); "training
        # quality" says it itself, whatever the sentence says before it.
        label = line[m.start() if training else max(0, m.start() - 40) : m.end("tail")]
        # (Not past a cell's bar or the sentence before: "… joining the network. The score
        # for this sample is 5 out of 10.")
        label = label[max(label.rfind("|"), label.rfind(". ")) + 1 :]
        if _SCORE_BAD_LABEL_RE.search(label):
            continue
        if not den and line[m.end("num") :].lstrip(" \t*")[:1] == "/":
            continue  # "45/50": out of a scale that is not 10, 100 or 5
        lead = line[: m.start()]
        if training:
            # ("… the posture is solid. I'd put training quality at about 8.": its sentence's)
            lead = lead[max(lead.rfind(". "), lead.rfind("! "), lead.rfind("? ")) + 1 :]
        if (
            not den
            and len(_PROSE_WORD_RE.findall(lead)) > 4
            # ("… moderate training value (score: 6.5) because …": bracketed, it is stated;
            # "… needed work. Score: 7.5" closing the paragraph: its own sentence.)
            and not (line[m.start() - 1 : m.start()] == "(" and "training" in line.lower())
            and not (
                _LEAD_WORD_RE.sub("", line[: m.start()]).rstrip()[-1:] in (".", "!")
                and not line[m.end() :].strip(" \t*_.")
            )
        ):
            continue  # "… may receive SCORE:0 or BLOCKED": a sentence, not a stated score
        if m.group("after"):
            return float(m.group("after")), True
        if "impact" in label.lower() and not den:
            continue
        value = float(m.group("num"))
        if m.group("upper") and float(m.group("upper")) > value:
            value = (value + float(m.group("upper"))) / 2  # "8-9/10": a range, its middle
        return _out_of_ten(value, den), False
    low = line.lower()
    if "out of ten" in low and (worded := _WORDED_SCORE_RE.search(low)) is not None:
        return float(_NUMBER_WORDS[worded.group(1)]), False  # "seven out of ten"
    before = (
        _SCORE_BEFORE_RE.search(line)
        if "training" in low or "rate" in low or "give " in low
        else None
    )
    if before:
        said = before.group("num") or before.group("num2") or before.group("num3")
        said = said or before.group("num4") or before.group("num5")
        return float(said or before.group("num6")), False
    given = (
        _GIVEN_SCORE_RE.search(low) if "give " in low or "rate " in low or " put " in low else None
    )
    if (
        given is not None
        and (
            "training" in low
            or "quality" in low
            or _under_score_heading(lines, i)
            # ("… but the deactivation bug is dangerous. I'd give it a 6." closing the document)
            or not any(line.strip() for line in lines[i + 1 :])
        )
    ):
        # "Overall I'd give it a 6 for training quality.", "I'd give this one a 7." under
        # "## Training Quality": a plain rating, said without "/10".
        return float(given.group(1) or given.group(2)), False
    prose = _TRAINING_LABEL_PROSE_RE.match(line) if "training" in low else None
    if prose and not _SCORE_BAD_LABEL_RE.search(prose.group("text")):
        return float(prose.group("num")), False
    if (
        line.lstrip().startswith("#")
        and ("score" in low or "training quality" in low or "rating" in low)
        and not _SCORE_BAD_LABEL_RE.search(low)
    ):
        # "## Training Quality Score" with the number on a line of its own below.
        opening = True
        for j in range(i + 1, min(i + 4, len(lines))):
            below = _SCORE_LINE_RE.match(lines[j])
            if (
                below is None
                and "training quality" in low
                and lines[j][:2] not in ("**", "__")
                # ("- Template structure: 9/10": one criterion's part of it, not the score)
                and _PART_SCORE_RE.match(lines[j]) is None
            ):
                # "## Final Training Quality Assessment" over "The response rates **6.5 out
                # of 10**: …": the first such figure in its opening lines (a labelled line,
                # "**Base Score**: 6/10", speaks for itself).
                below = _SCORE_IN_PROSE_RE.search(lines[j])
            if below:
                value = float(below.group(1))
                return (value / 10 if below.group(2) == "100" else value), False
            if opening and lines[j].strip():
                opening = False
                # "## Training Quality" over "6.5 — two hard blockers, but …": the number
                # opening the section's first line is its score, "/10" or not.
                bare = _HEADED_BARE_SCORE_RE.match(lines[j])
                if bare is not None:
                    return float(bare.group(1)), False
                # "### Estimated Training Quality Score" over "I'd put this one at 5.5. …"
                given = _GIVEN_SCORE_RE.search(lines[j].lower())
                if given is not None:
                    return float(given.group(1) or given.group(2)), False
        # "## Training Value Score" over its reasons ("**Strengths** (+6 base): …"), then
        # "**Total**: 7.5": the sum closing the section.
        rank = len(line) - len(line.lstrip().lstrip("#"))
        for j in range(i + 1, min(i + 40, len(lines))):
            if lines[j][:1] == "#" and len(lines[j]) - len(lines[j].lstrip("#")) <= rank:
                break
            total = _TOTAL_LINE_RE.match(lines[j])
            if total is not None and float(total.group(1)) <= 10:
                return float(total.group(1)), False
    elif low.rstrip(" \t:*_").endswith("training quality") and i + 1 < len(lines):
        # "… but the requirement was missed. Training quality\n7/10.": a line break between.
        below = _SCORE_LINE_RE.match(lines[i + 1])
        if below:
            value = float(below.group(1))
            return (value / 10 if below.group(2) == "100" else value), False
    if "uality" in line and (said := _SENTENCE_QUALITY_RE.search(line)) is not None:
        # "… dangerous to run. Overall quality 6.5 — good bones, careless wiring.",
        # "**Training Quality**: Quality 6.5 — solid skeleton", "… for a SaaS product. Quality
        # score 5.5 - a solid skeleton …": a verdict opening its sentence
        return float(said.group(1)), False
    return None, False


_SENTENCE_QUALITY_RE = re.compile(
    # (… after a dash too: "Reviewer's rating — Quality 7.5")
    r"(?:[.!?][ \t]+|:[*_ \t]+|[ \t][—–-][ \t]+)(?:overall[ \t]+|training[ \t]+)?quality"
    r"(?:[ \t]+score)?[ \t]+"
    r"(10|\d(?:\.\d)?)[*_]*"
    r"[ \t]*(?:$|[—–-][ \t]|\.(?:[ \t]|$)|,[ \t]|\("
    # ("… a reasonable starting point. Quality 6.5 on the training rubric.")
    r"|(?:on|for|by)[ \t]+(?:the[ \t]+|our[ \t]+)?(?:training|rubric|scale)\b)",
    re.I,
)


# "6.5 — …", "**7**", "7 (solid structure, …)": a number alone or before its reason, never
# a numbered list's "7. …".
_HEADED_BARE_SCORE_RE = re.compile(
    r"[*_ \t]*(10|\d(?:\.\d)?)[*_]*[ \t]*(?:$|[—–-][ \t]|\((?![\d/]))"
)
# ("Severity tally: 1 blocking, 2 major", "Priority breakdown: P1 x2, P2 x2, P4 x1")
_TALLY_LINE_RE = re.compile(
    r"[\W_]*(?:(?:severity[ \t]+)?tally|(?:severity|priority)[ \t]+breakdown)[*_]*[ \t]*:[*_ \t]*",
    re.I,
)
_TIMES_COUNT_RE = re.compile(rf"\b({_LEVEL_ALT})[ \t]*[x×][ \t]*(\d{{1,3}})\b", re.I)
_TOTAL_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?[*_]*(?:total|final(?:[ \t]+score)?)[*_ \t]*:[*_ \t]*"
    r"(\d{1,2}(?:\.\d+)?)[*_ \t]*(?:/[ \t]*10)?[*_ \t.]*$",
    re.I,
)
_PLAIN_GAP_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:(?:primary|key|main|core|major)[ \t]+)?"
    r"knowledge[ \t]+gaps?(?:[ \t]+(?:identified|found|exposed|observed|shown|revealed|demonstrated"
    r"|(?:the|this)[ \t]+(?:model|response)[ \t]+(?:showed|shows|had|has|revealed|exposed)"
    r"|shown[ \t]+by[ \t]+(?:the|this)[ \t]+(?:model|response)"
    r"|(?:i|we)[ \t]+(?:saw|see|noticed|noted|found|spotted)))?"
    r"(?:[ \t]*\(\d{1,2}\))?[ \t]*:[ \t]*(.*)$",  # ("Knowledge gaps (2):")
    re.I,
)


# ("Knowledge gaps this exposes:", "Knowledge gaps I would feed back:" over their list: a label
# of a few words, nothing after its colon.)
_WORDY_GAP_LABEL_RE = re.compile(
    # ("Knowledge gaps I noticed:", "Knowledge gaps, as I see them:")
    r"^[ \t]*(?:[-*+][ \t]+)?knowledge[ \t]+gaps?,?(?:[ \t]+[a-z'’]+){1,5}[ \t]*:()[ \t]*$",
    re.I,
)
_LEAD_BOLD_LABEL_RE = re.compile(
    r"^(?:\*\*|__)[^*_\n]{1,40}?(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*:)[ \t]*"
)
# "None identified. The model handled …": no gaps, however many commas follow.
_NO_GAPS_RE = re.compile(r"^[\W_]*(?:none|n/a|no (?:significant |notable )?gaps)\b", re.I)
# "## Gaps in the model's knowledge": the knowledge gaps by another name.
_GAPS_IN_KNOWLEDGE_RE = re.compile(r"gaps in (?:the )?(?:model(?:['’]s)? |its )?knowledge")


_NUMBER_LEAD_RE = re.compile(r"^\d{1,2}[.)]\s+")


def _gaps(doc: _Doc, item_headings: frozenset[int] = frozenset()) -> list[str]:
    """The knowledge gaps the document lists; `item_headings` are the headings read as
    failures ("### 3. Knowledge Gap in IAM Conditions" is one, not a list of gaps)."""
    lines, fenced, low = doc.lines, doc.fenced, doc.low
    found: list[list[str]] = []  # each heading's or label's list
    heads = doc.heads_low()
    knowledge_in = "gaps in" in heads and _GAPS_IN_KNOWLEDGE_RE.search(heads) is not None
    if "nowledge_gap" in low:
        low = low.replace("knowledge_gap", "knowledge gap")  # ("## KNOWLEDGE_GAPS")
    if "nowledge gap" not in low and not knowledge_in:
        # (a heading's lower-cased text is part of the document's) "**Gaps:** IRSA condition
        # keys; …": the bare label, on a line of its own.
        return _merged_gaps(_bare_gap_labels(doc)) if "gaps" in low else []
    for k, (line_no, _, text) in enumerate(doc.headings):
        head = text.lower().replace("knowledge_gap", "knowledge gap")
        if k in item_headings:
            continue
        if "knowledge gap" in head or (knowledge_in and _GAPS_IN_KNOWLEDGE_RE.search(head)):
            end = doc.ends[k]
            listed = _gap_items(lines, fenced, line_no + 1, end, -1)
            if not listed:
                # "## Knowledge Gaps Exposed" over "### CloudFront Regional Constraints" and
                # its bullets, "### Origin Security" and its: the groups' bullets; without
                # bullets, each sub-heading is one ("### 1. Go module major-version suffixes").
                titles: list[str] = []
                for j in range(k + 1, len(doc.headings)):
                    if doc.headings[j][0] >= end:
                        break
                    if doc.parents[j] == k:
                        child = doc.headings[j][0]
                        listed += _gap_items(lines, fenced, child + 1, doc.ends[j], -1)
                        titles.append(_NUMBER_LEAD_RE.sub("", _clean_inline(doc.headings[j][2])))
                if not listed and len(titles) >= 2:
                    listed = titles
            if not listed:
                # "## Knowledge gaps" over one paragraph: "ECS role separation, CodeDeploy
                # listeners, jsii helpers".
                body = [
                    lines[i].strip()
                    for i in range(line_no + 1, end)
                    if lines[i].strip() and lines[i].rstrip(" \t") not in _RULES
                ]
                if len(body) > 1:
                    # ("These recur across tasks:" over the list; "**Training Quality**: 8/10"
                    # after it: an intro and another field, not gaps.)
                    body = [
                        line for line in body if line[-1:] != ":" and not _FIELD_LINE_RE.match(line)
                    ] or body
                if (
                    (
                        len(body) == 1
                        # ("a, b, c" then "All three are service-specific details …": the list
                        # first, a remark after it.)
                        or (
                            len(body) > 1
                            and body[0][-1:] not in ".:"
                            and body[0].count(",") + body[0].count(";") >= 2
                        )
                    )
                    and not fenced[line_no + 1]
                    and ("," in body[0] or ";" in body[0])
                    and not _NO_GAPS_RE.match(body[0])
                ):
                    # ("**Knowledge gaps**: a, b, c" under the heading: the label is no gap;
                    # nor is a plain one, "Primary knowledge gaps: a, b, c".)
                    first = _LEAD_BOLD_LABEL_RE.sub("", body[0])
                    plain = _PLAIN_GAP_LABEL_RE.match(first)
                    listed = _inline_gaps(_clean_inline(plain.group(1) if plain else first))
                elif len(body) > 1:
                    listed = _plain_gap_lines(lines, fenced, line_no + 1)  # one a paragraph
            found.append(listed)
    if any(found):
        return _merged_gaps(found)
    # The lines that mention it, found with C-level finds (lower-casing keeps the newlines).
    mentions: list[int] = []
    pos = low.find("nowledge gap")
    line_no, at = 0, 0
    while pos >= 0:
        line_no += low.count("\n", at, pos)
        at = pos
        if not mentions or mentions[-1] != line_no:
            mentions.append(line_no)
        pos = low.find("nowledge gap", pos + 1)
    for i in mentions:
        line = lines[i]
        if fenced[i]:
            continue
        m = _match_label(line)
        bare_bold = False  # "**Knowledge Gaps**" with no colon: a paragraph may follow
        if m and "knowledge gap" in m.group(1).lower():
            value = m.group(4).strip()
            bare_bold = not (m.group(2) or m.group(3))
        elif _BARE_GAPS_TITLE_RE.fullmatch(line.strip()) is not None:
            # "Knowledge Gaps" on a line of its own, a plain-text report's section title, over
            # its gaps as bullets or one short paragraph each.
            found.append(_plain_gap_lines(lines, fenced, i + 1))
            continue
        else:
            # A plain label ("- Primary knowledge gaps:") introduces its list the same way.
            m = _PLAIN_GAP_LABEL_RE.match(line) or _WORDY_GAP_LABEL_RE.match(line)
            if not m:
                continue
            value = (m.group(1) or "").strip()
        if value:
            value = _clean_inline(value)
            if value[:1] in "NnＮ" and _NONE_GAPS_RE.match(value):
                continue  # "**Primary knowledge gaps**: None - the implementation is sound"
            found.append(_inline_gaps(value))
        else:
            indent = len(line) - len(line.lstrip())
            if not _LIST_ITEM_RE.match(line):
                indent -= 1  # a bare label line: its list may start at the same margin
            listed = _gap_items(lines, fenced, i + 1, min(len(lines), i + 40), indent)
            if (
                not listed
                and (bare_bold or m.re is _PLAIN_GAP_LABEL_RE or m.re is _WORDY_GAP_LABEL_RE)
                and not _LIST_ITEM_RE.match(line)
            ):
                # "**Knowledge Gaps**" alone on its line, over a paragraph: "a, b, c"
                listed = _plain_gap_lines(lines, fenced, i + 1)
            found.append(listed)
    return _merged_gaps(found)


_BARE_GAP_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?gaps(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*)$", re.I
)


def _bare_gap_labels(doc: _Doc) -> list[list[str]]:
    """The list of a "**Gaps:**" label (inline, "a; b; c", or over a list), when the document
    has one such label."""
    lines, fenced, low = doc.lines, doc.fenced, doc.low
    found: list[list[str]] = []
    pos = low.find("gaps")
    line_no, at = 0, 0
    while pos >= 0:
        line_no += low.count("\n", at, pos)
        at = pos
        m = None if fenced[line_no] else _BARE_GAP_LABEL_RE.match(lines[line_no])
        if m is not None:
            value = _clean_inline(m.group(1).strip())
            if value and not _NONE_GAPS_RE.match(value):
                found.append(_inline_gaps(value))
            elif not value:
                found.append(
                    _gap_items(lines, fenced, line_no + 1, min(len(lines), line_no + 40), -1)
                )
        eol = low.find("\n", pos)
        pos = low.find("gaps", eol) if eol >= 0 else -1  # (the next line's, if any)
    # ("**Gaps:**" under each failure, the item's own shortfalls: a part, told again and again.)
    return found if len(found) == 1 else []


_BARE_GAPS_TITLE_RE = re.compile(  # ("4. Knowledge Gaps" numbered as a plain section too)
    r"(?:\d{1,2}[.)]\s+)?[*_]*(?:(?:key|primary|main)\s+)?knowledge\s+gaps?(?:[ \t]+(?:identified|found|exposed|observed|shown|revealed|demonstrated"
    r"|shown[ \t]+by[ \t]+(?:the|this)[ \t]+(?:model|response)"
    r"|(?:the|this)[ \t]+(?:model|response)[ \t]+(?:showed|shows|had|has|revealed|exposed)))?[*_]*"
    r"(?:\s*\(\d+\))?",
    re.I,
)


_CLOSING_FIELD_LINE_RE = re.compile(
    r"[\W_]*(?:[^:\n]*\b(?:score|training|quality|rating|severity|total|counts?|verdict|grade)\b"
    r"[^:\n]*:|[^:\n]{0,60}:[\W_]*\d|[^:\n]{0,60}:[ \t]*$)",
    re.I,
)


def _plain_gap_lines(lines: list[str], fenced: bytearray, start: int) -> list[str]:
    """The gaps under a bare "Knowledge Gaps" line: its bullets, else its short lines up to a
    labelled line ("Training Quality: 6/10"), a heading, a rule or a sentence."""
    listed = _gap_items(lines, fenced, start, min(len(lines), start + 40), -1)
    if listed:
        return listed
    found: list[str] = []
    for i in range(start, min(len(lines), start + 40)):
        text = lines[i].strip()
        if not text or fenced[i]:
            continue
        if (
            text[:1] in "#|>"
            or text.rstrip(" \t") in _RULES
            # ("Training quality: 5.5" closes the list; "Routing symmetry: peering needs
            # routes in both directions" is a gap with its gloss)
            or (":" in text and _CLOSING_FIELD_LINE_RE.match(text) is not None)
            or len(text) > (300 if ";" in text else 100)
            or text[-1:] in ".!?"
        ):
            if not found and "(" in text and (marked := _enumerated_gaps(_clean_inline(text))):
                # "The model does not understand (a) that …, and (b) that …." alone under
                # the title: the gaps it enumerates
                return marked
            if not found and text[-1:] == "." and (said := _sentence_gap_lines(lines, fenced, i)):
                return said
            break
        text = _clean_inline(text)
        # ("a; b" on one line; "a, b, c" too, as the only line)
        several = ";" in text or (not found and text.count(",") >= 2)
        found.extend(_inline_gaps(text) if several else [text])
    return found


def _sentence_gap_lines(lines: list[str], fenced: bytearray, start: int) -> list[str]:
    """The gaps a plain-text title lists as short sentences, a line each ("Cognito sign-in
    flows and why email verification must be enforced."), two or more in a row, up to the
    first line that is not one (a labelled line, prose of several sentences, a pronoun's)."""
    found: list[str] = []
    for i in range(start, min(len(lines), start + 40)):
        text = lines[i].strip()
        if not text:
            continue
        if (
            fenced[i]
            or len(text) > 100
            or text[-1:] != "."
            or ". " in text
            or (":" in text and _CLOSING_FIELD_LINE_RE.match(text) is not None)
            or _PROSE_LEAD_RE.match(text) is not None
        ):
            break
        found.append(_clean_inline(text).rstrip("."))
    return found if len(found) >= 2 else []


# A sentence of prose, not a gap's name: "The model …", "This …", "I would …".
_PROSE_LEAD_RE = re.compile(r"(?:the\s+(?:model|response)|this|these|it|they|i|we|overall)\b", re.I)
_POINTS_BACK_RE = re.compile(
    r"(?:see|same\b[^.\n]{0,30}\bas|as)\b[^.\n]{0,60}\b(?:above|below|earlier|listed|previous)\b",
    re.I,
)


def _merged_gaps(lists: list[list[str]]) -> list[str]:
    """The gaps of every list, without those a later list restates ("Multi-region deployment
    configuration" at the top, "Multi-region deployment configuration nuances" in the
    summary): a later gap whose words are nearly all an earlier one's, or hold nearly all of
    them, is that one. (Within one list every item counts, repeats too.)"""
    gaps: list[str] = []
    words: list[set[str]] = []
    seen: list[list[str]] = []
    for items in lists:
        if any(_shortens(items, earlier) for earlier in seen):
            continue  # "IRSA conditions, node role policies, …": the gaps above, shortened
        seen.append(items)
        new = []
        for gap in items:
            if gap[:3].lower() in ("see", "sam", "as ") and _POINTS_BACK_RE.match(gap):
                continue  # "see the Executive Summary above.": the list it names counts
            mine = set(_PROSE_WORD_RE.findall(gap.lower()))
            if mine and any(
                theirs and len(mine & theirs) >= 0.8 * min(len(mine), len(theirs))
                for theirs in words
            ):
                continue
            new.append((gap, mine))
        gaps += [gap for gap, _ in new]
        words += [mine for _, mine in new]
    return gaps


_GAP_FILLER = frozenset(
    [
        "the",
        "and",
        "of",
        "a",
        "an",
        "to",
        "in",
        "for",
        "on",
        "with",
        "vs",
        "versus",
        "how",
        "which",
        "what",
        "when",
        "is",
        "it",
        "its",
        "both",
    ]
)


def _shortens(items: list[str], earlier: list[str]) -> bool:
    """Whether a list of gaps restates an earlier one item by item, in its order, each item
    sharing a word of substance with its counterpart ("IRSA conditions" for "IRSA trust
    policy condition keys", "access entries vs aws-auth" for "How `aws-auth` is managed …")."""
    if len(items) != len(earlier) or len(items) < 2:
        return False
    for mine, theirs in zip(items, earlier, strict=True):
        a = set(_PROSE_WORD_RE.findall(mine.lower())) - _GAP_FILLER
        b = set(_PROSE_WORD_RE.findall(theirs.lower())) - _GAP_FILLER
        if not a & b:
            return False
    return True


_NONE_GAPS_RE = re.compile(
    # ("None identified", "none beyond the items above.")
    r"(?:none|n/a)\b\W*(?:$|[-–—:;(]|\s+(?:identified|found|noted|significant|beyond|other\s+than"
    r"|of\s+(?:note|significance))\b)"
    r"|no\s+(?:significant\s+|notable\s+|major\s+)?gaps\b",
    re.I,
)


_REMARK_AFTER_RE = re.compile(r"(?<=\w)\.\s+(?=[A-Z])")


# A comma's clause of a sentence, not a next name: ", particularly when …", ", which …".
_CLAUSE_LEAD_RE = re.compile(
    r"(?:which|that|particularly|especially|including|such|where|when|while|but|so|because"
    r"|as|how|whether|if|since|though|although|even|not|this|it|they|these|its)\b",
    re.I,
)

# A sentence's opening, not a name's: "The model showed gaps in A, B and C."
_SENTENCE_LEAD_RE = re.compile(
    r"(?:the\s+(?:model|response|template|review)|it|this|there)\b", re.I
)


def _inline_gaps(value: str) -> list[str]:
    """An inline gaps value: "A, B, and C" or "A; B; C" names three gaps (separators inside
    brackets do not split); one long phrase stays whole."""
    if "(" in value and (marked := _enumerated_gaps(value)):
        return marked
    separator = ";" if ";" in value else ","
    if separator not in value:
        return [value]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    parts = [re.sub(r"^(?:and|or)\s+", "", p.strip()) for p in parts]
    parts[-1] = parts[-1].removesuffix(".")  # the sentence's end, not the last gap's
    # ("…; Retry/Catch semantics. Noted by the reviewer." : a remark after the list's end)
    parts[-1] = _REMARK_AFTER_RE.split(parts[-1], maxsplit=1)[0]
    # (One long phrase stays whole; among three or more short ones, a longer one is a gap
    # still: "…, managed node group bootstrap behaviour with custom launch templates".)
    # (Semicolons separate longer phrases: "Kinesis encryption with a customer-managed key;
    # Firehose buffering and small-file economics".)
    long = 14 if separator == ";" else 8
    if (
        separator == ","
        and not any(_CLAUSE_LEAD_RE.match(p) for p in parts[1:])
        and _SENTENCE_LEAD_RE.match(parts[0]) is None
    ):
        # ("EventBridge Pipes source requirements, invocation type vs IAM action for Step
        # Functions targets": names, none of them a sentence's clause, may run longer.)
        long = 10
    if any(not p for p in parts) or sum(len(p.split()) > long for p in parts) * 3 > len(parts):
        return [value]
    if any(len(p.split()) > 14 for p in parts):
        return [value]
    return parts


# "(1) …", "(b) …" inside a sentence: the marks of an inline enumeration.
_INLINE_MARK_RE = re.compile(r"(?:^|(?<=[\s:,;]))\(([1-9]|[a-h])\)[ \t]+")
_MARK_SEQUENCES = ("123456789", "abcdefgh")


def _enumerated_gaps(value: str) -> list[str]:
    """The parts of a sentence enumerating its gaps in place, "the model does not know (a)
    that …, and (b) that …": each marked part (two or more, marked in order from 1 or a), its
    joining "and" and the sentence's end cut; none when it enumerates nothing."""
    marks = list(_INLINE_MARK_RE.finditer(value))
    labels = "".join(m.group(1) for m in marks)
    if len(marks) < 2 or not any(seq.startswith(labels) for seq in _MARK_SEQUENCES):
        return []
    parts = []
    for m, after in zip(marks, [*marks[1:], None], strict=True):
        part = value[m.end() : after.start() if after is not None else len(value)]
        if after is None:
            part = _REMARK_AFTER_RE.split(part, maxsplit=1)[0]
        parts.append(_PART_JOIN_TAIL_RE.sub("", part))
    return parts if all(parts) else []


_PART_JOIN_TAIL_RE = re.compile(r"[\s,;.]*(?:\b(?:and|or)\b)?[\s,;.]*$")


def _gap_items(lines: list[str], fenced: bytearray, start: int, end: int, indent: int) -> list[str]:
    found: list[str] = []
    top: int | None = None
    seen_item = False
    plain_last = False  # whether the last line read was a plain gap's own bullet
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
        if m is None and not seen_item and line.lstrip()[:1] == "|":
            found.extend(_gap_table(lines, fenced, i, end))  # "| Gap | Impact |" rows
            break
        if m is None and plain_last and top is not None and own > top and lines[i - 1].strip():
            # "- Distinguishing … in\n  resource policies.": the bullet's text, wrapped
            found[-1] = f"{found[-1]} {_clean_inline(line.strip())}"
            continue
        plain_last = False
        if not m:
            if (
                indent < 0
                and seen_item
                and own == 0
                and ":" not in line[-4:]  # (not a label: "**Recommended Focus Areas**:")
                and _BOLD_LINE_RE.match(line)
            ):
                continue  # "**AWS networking**" over the next group of gaps, in the same section
            if (indent >= 0 and own <= indent) or (seen_item and top is not None and own <= top):
                break
            continue
        if top is None:
            top = own
        if own > top:
            continue
        body = m.group(1).strip()
        b = _BOLD_TITLE_RE.match(body)
        if seen_item and b and b.group(2) and _label_field(b.group(1)) == "training_value":
            break  # "- **Training value**: High - …" after the gaps: a field of its own
        if seen_item and _SUMMARY_FIELD_RE.match(body):
            break  # "- Training value: MEDIUM - …", "- Total failures: 3": the summary's again
        seen_item = True
        found.append(_clean_inline(b.group(1).rstrip(":")) if b else _clean_inline(body))
        plain_last = b is None
    return found


# A line that is another field: "**Training Quality**: 8/10", "Score: 7/10".
_FIELD_LINE_RE = re.compile(
    r"(?:\*\*|__)[^*_\n]{2,40}(?:\*\*|__)[ \t]*:|[^,\n]{0,40}\b\d+(?:\.\d)?[ \t]*/[ \t]*10\b"
)
_SUMMARY_FIELD_RE = re.compile(
    r"(?:training[ \t]+(?:value|quality)|total[ \t]+(?:failures|issues)|overall[ \t]+score|score)"
    r"[ \t]*:",
    re.I,
)
_GAP_COLUMN_RE = re.compile(r"gap|area|topic|knowledge|concept|skill|domain", re.I)


def _gap_table(lines: list[str], fenced: bytearray, start: int, end: int) -> list[str]:
    """The gaps of a table under a knowledge-gaps heading: one per row, from the column named
    like a gap ("Gap", "Knowledge Area"), else the first that is not a row number."""
    if start + 1 >= end or not _TABLE_RULE_RE.match(lines[start + 1]):
        return []
    header = _cells(lines[start], False)
    column = next((j for j, name in enumerate(header) if _GAP_COLUMN_RE.search(name)), None)
    if column is None:
        column = next((j for j, name in enumerate(header) if name not in ("", "#", "No.")), 0)
    found = []
    for i in range(start + 2, end):
        if fenced[i] or lines[i].lstrip()[:1] != "|":
            break
        cells = _cells(lines[i], False)
        if column < len(cells) and cells[column]:
            found.append(_clean_inline(cells[column]))
    return found


def _count_sections(doc: _Doc) -> list[int]:
    """The indexes of the headings that may hold counts ("Summary", "Severity Breakdown" …),
    in order, read from the section-word bits `_section_flags` kept."""
    return [k for k, words in enumerate(doc.words) if words & _COUNT]


# "Category A (Architecture): 1 fix", "Category C (Minor): 1 fix" beside it: categories named
# for kinds of fixes; the rubric's own ("Category A (Significant)") and levels are no kinds.
# "Category C (Minor): 1 fix", "Minor (C): 2 fixes": a line counting a lettered category.
_CATEGORY_LINE_RE = re.compile(
    r"\b(?:category|tier|group|class)\s+[a-d1-9]\s*\(|\b[a-z]+\s*\([a-d]\)[*_ \t]*:"
)
_KINDS = (
    r"(?:architecture|architectural|config|configuration|security|testing|tests|documentation"
    r"|docs|code|style|performance|network|networking|naming|deployment|compliance|cost"
    r"|operations|operational|reliability)\b"
)
_KIND_CATEGORY_RE = re.compile(
    rf"\b(?:category|tier|group|class)\s+[a-d1-9]\s*\(\s*{_KINDS}|\b{_KINDS}\s*\([a-d]\)",
    re.I,
)


_KIND_CATEGORY_AT_RE = re.compile(rf"(?:category|tier|group|class)\s+[a-d1-9]\s*\(\s*{_KINDS}")
_KIND_BEFORE_RE = re.compile(rf"\b{_KINDS}\s*$")


def _kind_categories(low: str) -> bool:
    """Whether the document names its categories by kind ("Category A (Architecture)",
    "Security (a)"): `_KIND_CATEGORY_RE`, looked for from its words with C-level finds."""
    for word in ("category ", "tier ", "group ", "class "):
        at = low.find(word)
        while at >= 0:
            if (at == 0 or not low[at - 1].isalnum()) and _KIND_CATEGORY_AT_RE.match(low, at):
                return True
            at = low.find(word, at + 4)
    for tag in ("(a)", "(b)", "(c)", "(d)"):
        at = low.find(tag)
        while at >= 0:
            if _KIND_BEFORE_RE.search(low, max(0, at - 40), at):
                return True
            at = low.find(tag, at + 3)
    return False


def _claimed_counts(
    doc: _Doc, items: Sequence[_Item] = ()
) -> tuple[dict[str, int], dict[str, int]]:
    """The severity counts a summary states, and its joint ones ("3 Medium/Low", keyed
    "Medium/Low": for the consistency check only). When several count sections state some,
    the one naming the most levels wins (the first on a tie, unless a later one is a "Final …"
    one): an executive summary's "3 Critical and 2 High" gives way to a later breakdown that
    also says "Medium: 1"."""
    lines, fenced = doc.lines, doc.fenced
    digit = _DIGIT_RE.search
    best: dict[str, int] = {}
    bold: dict[str, int] = {}  # counts in bold in a count section's sentences, the last resort
    scanned = 0  # the end of the last count section read: those inside it can name no more levels
    kinds: bool | None = None  # whether the categories are named for kinds of fixes
    for k in _count_sections(doc):
        line_no, _, text = doc.headings[k]
        if line_no < scanned:
            continue
        scanned = end = doc.ends[k]
        counts: dict[str, int] = {}
        stated: dict[str, int] = {}  # a total's breakdown by level, which wins
        said: dict[str, str] = {}  # the word each level was counted by
        tally: dict[str, int] = {}  # a "Severity tally:" line's, which stands alone
        led: list[tuple[str, int]] = []
        for i in range(line_no + 1, end):
            if fenced[i]:
                continue
            line = lines[i]
            if line.lstrip()[:1] == "|" and i + 1 < end and _TABLE_RULE_RE.match(lines[i + 1]):
                _table_counts(lines, i, end, counts)  # read first: its rows' counts win
            if digit(line) is None:
                _add_worded_counts(line, counts)  # "two critical issues and one high"
                continue  # every other count has a digit
            if (
                "(two" in line or " two " in line or " one " in line or line.lstrip()[:4] == "Two "
            ) and not _counts_before(_bold_marks(line)):
                # "seven problems (five critical, two minor)" on a line whose only digits are
                # a task ID's: the counts are the words, two levels of them at least
                worded: dict[str, int] = {}
                _add_worded_counts(line, worded)
                if len(worded) >= 2:
                    for level, n in worded.items():
                        counts.setdefault(level, n)
            if line.lstrip()[:1] == "#":
                # Headings state no count but as "### Testing Gaps (2 High Failures)" or
                # "#### High (2)" over its list.
                if "(" in line:
                    for m in _COUNT_BEFORE_IN_PAREN_RE.finditer(line):
                        counts.setdefault(_level(m.group(2)) or "", int(m.group(1)))
                    for m in _COUNT_IN_PAREN_RE.finditer(line):
                        counts.setdefault(_level(m.group(1)) or "", int(m.group(2)))
                continue
            low = line.lower()
            if (
                "(" in line
                and (
                    "ategory" in low
                    or "tier " in low
                    or "group " in low
                    or "class " in low
                    or "(a)" in low
                    or "(b)" in low
                    or "(c)" in low
                    or "(d)" in low
                )
                and _CATEGORY_LINE_RE.search(low) is not None
            ):
                if kinds is None:  # (looked for once, where a category line is met)
                    kinds = _kind_categories(doc.low)
                if kinds:
                    continue  # "Category C (Minor): 1 fix" beside "Category A (Architecture)"
            if not _names_level(line, low):
                continue  # and a level word
            line = _bold_marks(line)
            if "tally" in low and (tallied := _tally_counts(line)):
                # "Severity tally: 1 Critical, 1 High, 1 Low.": the document's own count,
                # over per-dimension risk counts ("- 1 MEDIUM risk issue") beside it.
                tally = tallied
            if "total" in low and "(" in line and not _counts_before(line[: line.index("(")]):
                # "Total failures: 6 (2 Critical, 2 High, 1 Medium, 1 Low)" states them by
                # level, over "Category C (Minor Issues): 2 failures" above it.
                breakdown = _counts_before(line[line.index("(") :])
                breakdown.pop("", None)
                if len(breakdown) >= 2:
                    stated.update(breakdown)
            if " | " in line and line.lstrip()[:1] != "|" and (piped := _piped_counts(line)):
                # "Totals — Critical 0 | High 1 | Medium 2", "0 Critical | 1 High": each part
                # one level's count, whichever comes first (not "Critical | 1", a table's).
                for level, n in piped.items():
                    counts.setdefault(level, n)
                continue
            _add_counts_after(line, counts, said)
            if "(" in line:
                for m in _COUNT_IN_PAREN_RE.finditer(line):
                    counts.setdefault(_level(m.group(1)) or "", int(m.group(2)))
                for m in _COUNT_BEFORE_IN_PAREN_RE.finditer(line):
                    counts.setdefault(_level(m.group(2)) or "", int(m.group(1)))
                if (
                    "ategory" in line
                    or "ATEGORY" in line
                    or "ier " in line
                    or "IER " in line
                    or "roup " in line  # ("Group A (High impact): 3 fixes")
                    or "ROUP " in line
                ):
                    for m in _COUNT_CATEGORY_RE.finditer(line):
                        if int(m.group(2)):
                            counts.setdefault(_level(m.group(1)) or "", int(m.group(2)))

            if "**" in line:
                _add_bold_counts(line, bold)
            if "," in line:
                for level, n in _spaced_counts(line).items():
                    counts.setdefault(level, n)
            if " and " in low and "," not in line:
                # "It covers 3 major and 2 minor issues.": two levels or more, or "9 critical
                # and blocking defects" may only mean big ones.
                joined = _counts_before(line)
                joined.pop("", None)
                if len(joined) >= 2:
                    for level, n in joined.items():
                        counts.setdefault(level, n)
            if ("," in line or "total" in low or " / " in line) and not _COUNT_LED_RE.match(line):
                for level, n in _counts_before(line).items():
                    counts.setdefault(level, n)
                if "/" in line:
                    for m in _JOINT_COUNT_RE.finditer(line):
                        if joint := _joint_key(m):
                            counts.setdefault(joint, int(m.group(1)))
            elif _COUNT_LED_RE.match(line):
                # ("- 2 critical, 3 high, 2 medium, 2 low across the three attempts": a whole
                # breakdown on the one bullet.)
                several = _counts_before(line) if "," in line else {}
                several.pop("", None)
                lead = _COUNT_BEFORE_RE.search(line) if len(several) < 2 else None
                for level, n in several.items() if len(several) >= 2 else ():
                    counts.setdefault(level, n)
                if lead:
                    led.append((_level(lead.group(2)) or "", int(lead.group(1))))
                elif (
                    "/" in line
                    and (jm := _JOINT_COUNT_RE.search(line))
                    and (joint := _joint_key(jm))
                ):
                    led.append((joint, int(jm.group(1))))  # "- **10 Medium/Low** failures"
        # Bullets that open with a count ("- 0 Critical", "- **4 Low**") are one breakdown
        # when no level comes twice; "- 1 High risk issue" under two headings is not one.
        levels = [level for level, _ in led]
        if len(set(levels)) == len(levels):
            for level, n in led:
                counts.setdefault(level, n)
        counts.update(stated)
        if tally:
            counts = dict(tally)
        counts.pop("", None)
        # A "Final Summary" restating the counts after more items were added wins a tie.
        tie = counts and len(counts) == len(best)
        if len(counts) > len(best) or (tie and _FINAL_RE.search(text) is not None):
            best = counts
            if all(s in best for s in SEVERITIES):
                break  # no later section can name more levels
    if not best:
        _preamble_counts(doc, best, items)
        best.pop("", None)
    if not best:
        _total_counts(doc, items, best)
    if len(best) < 3:
        # ("… had two problems that stopped deployment, two high-severity issues, …" opening
        # the document, "Failure breakdown: Critical 2, High 2, Medium 1, Low 1" closing it:
        # the breakdown, naming more levels, wins.)
        closing: dict[str, int] = {}
        _closing_counts(doc, closing)
        if len(closing) > len(best):
            best = closing
    if not best and "|" in doc.text:
        _loose_count_tables(doc, best)  # "| | Critical | High |" over "| Count | 1 | 2 |" anywhere
    if not best and (
        _LOOSE_COUNT_BULLET_RE.search(doc.low) is not None
        or _LEVEL_FIRST_BULLET_HINT_RE.search(doc.low) is not None
    ):
        # "- **2 Critical** (…)", "- **1 High**"; "- **Critical Failures**: 1" anywhere
        _loose_count_bullets(doc, best)
    if not best:
        _found_counts(doc.low, best)  # "The review found 2 Critical, 3 High and 2 Medium …"
    if not best and ("tally" in doc.low or "breakdown" in doc.low):
        _tally_lines(doc, best)  # "Severity tally: 1 blocking, 2 major, …" wherever it stands
    if not best and not doc.headings and "summary" in doc.low:
        _plain_summary_counts(doc, best)  # "SUMMARY" then "2 critical, 2 medium. …"
    if not best:
        _total_then_breakdown(doc.low, best)  # "Four genuine errors (two Major, two Minor)."
    if not best and doc.headings and doc.headings[0][1] == 1 and "(" in doc.headings[0][2]:
        # "# Review — 9 issues (2 critical, 3 high, 4 medium)": the title states them.
        title = doc.headings[0][2]
        best.update(_counts_before(title[title.index("(") :]))
        best.pop("", None)
    for i in doc.tallies if not best else ():
        best.update(_counts_before(_bold_marks(lines[i])))  # "4. **Total fixes**: 4 minor …"
        best.pop("", None)
    if not best and bold:
        # Only when the document states its counts no other way: a summary's "Total
        # failures: 4 Critical" beats an overview's "had **3 Critical failures**".
        best = bold
        best.pop("", None)
        doc.prose_claim = True
    return {s: best[s] for s in SEVERITIES if s in best}, {
        key: n for key, n in best.items() if "/" in key
    }


_RANK = {level: rank for rank, level in enumerate(SEVERITIES)}


def _names_level(line: str, low: str) -> bool:
    """Whether a line holds a level word (its lower-cased form `low` is searched: a case-blind
    search costs twice as much), or a character that case-folds onto one's letter."""
    return _LEVEL_LOW_RE.search(low) is not None or (
        not line.isascii() and _ODD_FOLD_RE.search(line) is not None
    )


# "Counts: Critical 0, High 0, Medium 1, Low 0": each level then its count, no colon.
_SPACED_COUNT_RE = re.compile(
    rf"\b({_LEVEL_ALT})[ \t]+(\d{{1,3}})(?=[ \t]*(?:[,;|)]|\.(?!\d)|$|and\b|&))", re.I
)


_PART_COUNT_RE = re.compile(
    rf"(?:\b({_LEVEL_ALT})[*_]*[ \t]*[:=]?[ \t]*[*_]*(\d{{1,3}})"
    rf"|\b(\d{{1,3}})[*_]*[ \t]+[*_]*({_LEVEL_ALT})\b(?:[ \t]+[a-z]+)?)[*_ \t.]*$",
    re.I,
)


def _piped_counts(line: str) -> dict[str, int]:
    """Counts told one a part between bars ("Critical 0 | High 1 | Medium 2", "0 Critical |
    1 High"), two parts or more; else {}."""
    found: dict[str, int] = {}
    for part in line.split(" | "):
        m = _PART_COUNT_RE.search(part.rstrip())
        if m is None:
            continue
        level = _level(m.group(1) or m.group(4))
        if level:
            found.setdefault(level, int(m.group(2) or m.group(3)))
    return found if len(found) >= 2 else {}


def _spaced_counts(line: str) -> dict[str, int]:
    """Counts written "Critical 0, High 2, …" on a line naming three levels so or more (fewer
    may be prose: "high 2 AZs")."""
    found: dict[str, int] = {}
    words: dict[str, str] = {}
    for m in _SPACED_COUNT_RE.finditer(line):
        level, word = _level(m.group(1)) or "", m.group(1).lower()
        if level in found and words[level] != word:
            found[level] += int(m.group(2))  # ("Blocking 1, Severe 1": two names of Critical)
        else:
            found[level], words[level] = int(m.group(2)), word
    found.pop("", None)
    return found if len(found) >= 3 else {}


_NUMBER_WORDS = {
    "no": "0",
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
# "**Training Quality**: seven out of ten": a score in words, after its label.
_WORDED_SCORE_RE = re.compile(
    r"\b(?:score|training[ _-]quality|quality|rating)\b[^:\n]{0,20}:[*_ \t]*"
    rf"({'|'.join(_NUMBER_WORDS)})[ \t]+out[ \t]+of[ \t]+ten\b"
)
# (On lower-cased text: a case-blind search of these alternatives costs twice as much.)
# ("Two are critical, one is medium": the verb between; not "the two critical ones", which
# points back at a count told already.)
_WORDED_COUNT_RE = re.compile(
    rf"(?<!\bthe )(?<!\bthese )(?<!\bboth )\b({'|'.join(_NUMBER_WORDS)})"
    rf"(?:\s+(?:are|is|were|was))?(?=\s+(?:\*\*)?(?:{_LEVEL_ALT})s?\b)"  # ("two criticals")
)


_WORDED_COUNTED_RE = re.compile(
    # (Only the scale's own words: "two blocking defects", "two minor issues" tell a size.)
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:\*\*)?(?:critical|high|medium|low)"
    r"(?:[\s-]+(?:severity|priority))?\s+(?:failures|issues|problems|defects|findings|errors)\b"
    # ("The model's response contains one critical failure:": "one" counts after a verb that
    # says what the response holds; "one critical blocker" alone may only mean a big one.)
    r"|\b(?:contains|has|had|found|identified)\s+one\s+(?:\*\*)?(?:critical|high|medium|low)"
    r"(?:[\s-]+(?:severity|priority))?\s+(?:failure|issue|problem|defect|finding|error)\b"
)


def _add_worded_counts(line: str, counts: dict[str, int]) -> None:
    """Counts spelled out, two levels or more on the line ("two critical issues, one
    high-severity issue and one low"; "one critical blocker" alone may only mean a big one)."""
    low = line.lower()
    if _LEVEL_LOW_RE.search(low) is None:
        return  # (most lines of a summary name no level at all)
    worded = _WORDED_COUNT_RE.sub(lambda m: _NUMBER_WORDS[m.group(1)], low)
    if worded == low:
        return
    # (Two counts need a separator; one needs what it counts: "has two critical failures:")
    counted = _WORDED_COUNTED_RE.search(low)
    if counted is None and "," not in line and " and " not in line and ";" not in line:
        return
    found = _counts_before(_bold_marks(worded))
    found.pop("", None)
    if len(found) >= 2 or (counted is not None and len(found) == 1):
        for level, n in found.items():
            counts.setdefault(level, n)


def _bold_marks(line: str) -> str:
    """The line with "__" read as "**" ("__Critical__: 2" is bold as "**…**" is)."""
    return line.replace("__", "**") if "__" in line else line


# What may follow a count that fills its table cell: "2", "2 issues", "**3**"
# ("| A | Major | 1 (authorizer pool) |": a count and what it was.)
_CELL_REST_RE = re.compile(
    rf"\s*(?:\*\*|__)?\s*(?:{_COUNTED}|fix(?:es)?)?\s*(?:\*\*|__)?\s*(?:\([^|]*\)\s*)?(?:\||$)",
    re.I,
)


def _add_counts_after(
    line: str, counts: dict[str, int], said: dict[str, str] | None = None
) -> None:
    """Counts after their level ("**Critical Issues**: 2", "High (CE requirement): 1").
    `said`, where given, keeps the word each level was counted by across a section's lines:
    a second name of a counted level adds to it ("- Blocking: 2", "- Severe: 1": 3 Critical)."""
    found = _COUNT_AFTER_RE if "(" not in line else _COUNT_AFTER_PAREN_RE
    for m in found.finditer(line):
        if "|" in line[m.end(1) : m.start(2)] and not _CELL_REST_RE.match(line, m.end(2)):
            # "| Medium | 12 chars, mixed requirements |": a number opening a fix's cell
            # beside the level counts nothing; "| Medium | 2 |", "| High | 3 issues |" do.
            continue
        level, word = _level(m.group(1)) or "", m.group(1).lower()
        if said is not None and level in counts and said.get(level, word) not in (word, ""):
            counts[level] += int(m.group(2))
            said[level] = ""  # (two names at most: a third line is a restatement)
            continue
        if said is not None and level not in counts:
            said[level] = word
        counts.setdefault(level, int(m.group(2)))


# "contained **15 critical failures** that …": a count in bold, in a sentence of a summary.
_BOLD_COUNT_RE = re.compile(
    rf"\*\*(\d{{1,3}})\s+({_LEVEL_ALT})(?:[\s-]+(?:severity|priority))?\s+{_COUNTED}\*\*", re.I
)


def _add_bold_counts(line: str, counts: dict[str, int]) -> None:
    """Counts in bold ("**15 critical failures**", "**2 High-priority issues**"); a lone
    lower-case "major" means big ones, as in `_counts_before`."""
    for m in _BOLD_COUNT_RE.finditer(line):
        if m.group(2) != "major":
            counts.setdefault(_level(m.group(2)) or "", int(m.group(1)))


def _counts_before(line: str) -> dict[str, int]:
    """Counts before their level ("3 Critical, 2 High"); a level named twice on one line counts
    both ("1 Critical (deploys), 1 Critical (runtime)"). A lower-case "major" that is the only
    level ("we identified 5 major issues") means big ones, not High: as a level it is written
    "5 Major" or beside others."""
    found: dict[str, int] = {}
    words: set[str] = set()
    for m in _COUNT_BEFORE_RE.finditer(line):
        level = _level(m.group(2)) or ""
        found[level] = found.get(level, 0) + int(m.group(1))
        words.add(m.group(2))
    if "/" in line:
        for m in _JOINT_COUNT_RE.finditer(line):
            level = _joint_key(m)
            if level and "/" not in level:  # ("2 blocking/severe": two names of Critical)
                found[level] = found.get(level, 0) + int(m.group(1))
                words.add(m.group(2))
    return {} if words == {"major"} else found


def _joint_key(m: re.Match[str]) -> str:
    """A joint count's two levels as one key in severity order ("Medium/Low"), or the one
    level both words name ("2 blocking/severe" counts 2 Critical)."""
    pair = sorted(
        {_level(m.group(2)) or "", _level(m.group(3)) or ""}, key=lambda s: _RANK.get(s, -1)
    )
    if "" in pair:
        return ""
    return "/".join(pair) if len(pair) == 2 else pair[0]


# (Not "#" or "Number": those number the items.)
_COUNT_COLUMN_RE = re.compile(
    r"count|total|quantity|qty|#\s*of|number\s+of|^(?:issues|findings|failures)$", re.I
)


# What follows "found" in a sentence counting by level ("The review found 2 Critical, 3 High
# and 2 Medium issues"), to its end.
_COUNTS_AFTER_FOUND_RE = re.compile(
    rf"\b[^.\n]{{0,30}}?\b\d{{1,3}}[ \t]+(?:{_LEVEL_ALT})\b[^.;\n]*"
)


_UNCOUNTED_REST_RE = re.compile(r"\b(?:several|some|other|various|many|a\s+few)\b")


def _tally_lines(doc: _Doc, counts: dict[str, int]) -> None:
    """The counts of the one "Severity tally:" line of a document, two levels or more."""
    said = [
        tallied
        for i, line in enumerate(doc.lines)
        if ("ally" in line or "reakdown" in line)
        and not doc.fenced[i]
        and (tallied := _tally_counts(_bold_marks(line)))
    ]
    if len(said) == 1:
        counts.update(said[0])


# "Four genuine errors (two Major, two Minor)": a total, then its breakdown by level (the
# bracket is found first, a literal; the total is looked for just before it).
_COUNTED_BRACKET_RE = re.compile(r"\(([^()\n]{5,80})\)")
_TOTAL_BEFORE_RE = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+"
    r"(?:[a-z-]+[ \t]+){0,2}(?:issues|errors|failures|problems|findings|defects|faults|flaws"
    r"|fixes|corrections)[ \t]*$"
)


def _total_then_breakdown(low: str, counts: dict[str, int]) -> None:
    """The counts of the one total whose breakdown by level, two levels or more, adds up to
    it ("Four genuine errors (two Major, two Minor).", "7 issues (3 critical, 4 low)")."""
    said: list[dict[str, int]] = []
    for m in _COUNTED_BRACKET_RE.finditer(low):
        inner = m.group(1)
        if not _LEVEL_LOW_RE.search(inner):
            continue
        total = _TOTAL_BEFORE_RE.search(low, max(0, m.start() - 60), m.start())
        if total is None:
            continue
        inner = _WORDED_COUNT_RE.sub(lambda w: _NUMBER_WORDS[w.group(1)], inner)
        found = _counts_before(inner)
        found.pop("", None)
        stated = int(_NUMBER_WORDS.get(total.group(1), total.group(1)))
        if len(found) >= 2 and sum(found.values()) == stated and found not in said:
            said.append(found)
    if len(said) == 1:
        counts.update(said[0])


_PLAIN_SUMMARY_RE = re.compile(r"(?m)^[ \t]*(?:in[ \t]+)?summary[ \t]*:?[ \t]*$", re.I)


def _plain_summary_counts(doc: _Doc, counts: dict[str, int]) -> None:
    """The counts opening the paragraph under a plain-text report's "SUMMARY" line ("2
    critical, 2 medium. Nothing here touches …"), two levels or more."""
    lines = doc.lines
    for m in _PLAIN_SUMMARY_RE.finditer(doc.text):
        i = doc.text.count("\n", 0, m.start()) + 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or doc.fenced[i]:
            continue
        found = _counts_before(_bold_marks(lines[i]).split(". ", 1)[0])
        found.pop("", None)
        if len(found) >= 2:
            counts.update(found)
            return


def _tally_counts(line: str) -> dict[str, int]:
    """The counts a "Severity tally:" line states, two levels or more; else {}."""
    m = _TALLY_LINE_RE.match(line)
    if m is None:
        return {}
    tallied = _counts_before(line[m.end() :])
    tallied.pop("", None)
    if len(tallied) < 2:
        # ("Critical x2, High x2": each level, then how many times)
        for times in _TIMES_COUNT_RE.finditer(line, m.end()):
            tallied.setdefault(_level(times.group(1)) or "", int(times.group(2)))
        tallied.pop("", None)
    return tallied if len(tallied) >= 2 else {}


def _found_counts(low: str, counts: dict[str, int]) -> None:
    """The counts of the one sentence saying what the review found (or identified, or what the
    response had or contains) by level, two levels or more, wherever it stands; none when two
    sentences say so. Counts in words count when none are in digits ("… had two critical and
    three medium issues, plus one low-severity cleanup item:"), but not beside a vague rest
    ("one blocking failure and one major gap, plus several smaller …")."""
    stated: list[dict[str, int]] = []
    spelled: list[dict[str, int]] = []
    # ("The original implementation had 3 critical and 2 minor issues.", "**Result:** 1
    # Critical, 2 High and 1 Medium finding")
    # ("So that is four real problems: one blocking, one major, one moderate, one minor.")
    for word in (
        "found",
        "identified",
        "had",
        "contains",
        "contained",
        "result",
        "that is",
        "that's",
        "bottom line",  # ("Bottom line: two major issues and two minor ones.")
        "has",  # ("The response has 4 faults: one blocking, one major, …")
        "overall",  # ("So overall 2 critical issues and 1 medium issue.")
        "counts",  # ("Summary of counts as I logged them: 2 severe, 1 moderate, 2 minor.")
        "counting",  # ("Counting up: 1 severe, 2 moderate and 1 minor issue.")
        "totals",  # ("Totals: two major issues, one moderate issue and one minor issue.")
        "resolved",  # ("**All Issues Resolved**: 1 severe and 3 minor issues were fixed")
    ):
        at = low.find(word)
        while at >= 0:
            end = at + len(word)
            if not low[at - 1 : at].isalpha():
                m = _COUNTS_AFTER_FOUND_RE.match(low, end)
                found = _counts_before(m.group(0)) if m is not None else {}
                found.pop("", None)
                if len(found) >= 2:
                    stated.append(found)
                elif not stated:
                    # (The sentence alone is spelled out, not the whole text: a cheap window.)
                    stop = low.find("\n", end, end + 240)
                    window = low[at : stop if stop >= 0 else end + 240]
                    worded = _WORDED_COUNT_RE.sub(lambda w: _NUMBER_WORDS[w.group(1)], window)
                    m = (
                        _COUNTS_AFTER_FOUND_RE.match(worded, len(word))
                        if worded != window
                        else None
                    )
                    if m is not None and _UNCOUNTED_REST_RE.search(m.group(0)) is None:
                        found = _counts_before(m.group(0))
                        found.pop("", None)
                        if len(found) >= 2:
                            spelled.append(found)
            at = low.find(word, end)
    if not stated:
        stated = spelled
    if len(stated) == 1:
        counts.update(stated[0])


# A bullet opening with a count and a level ("- **2 Critical** (deployment blocker …)"),
# found by one search of the lower-cased text (a newline leads: a literal).
_LEVEL_FIRST_BULLET_HINT_RE = re.compile(
    rf"\n[ \t]*[-*+][ \t]+(?:\*\*)?(?:{_LEVEL_ALT})(?:[ \t]+[a-z]+)?(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*\d"
)
_LOOSE_COUNT_BULLET_RE = re.compile(
    rf"\n[ \t]*[-*+][ \t]+(?:\*\*)?\d{{1,3}}[ \t]+(?:\*\*)?(?:{_LEVEL_ALT})\b"
)


_LEVEL_COUNT_BULLET_RE = re.compile(
    rf"[-*+][ \t]+[*_]*({_LEVEL_ALT})(?:[ \t]+(?:failures|issues|findings|defects|problems))?"
    r"[*_]*[ \t]*:[*_]*[ \t]*(\d{1,3})[ \t]*$",
    re.I,
)


def _loose_count_bullets(doc: _Doc, counts: dict[str, int]) -> None:
    """Counts told one a bullet outside any count section, a run of two or more bullets each
    opening with a count and a level, no level twice ("### Model Response Issues Found:" over
    "- **2 Critical** (…)", "- **2 High**", "- **1 Low**"): the one such run's (two runs, as
    "**Security**:" and "**Operations**:" risks each counted by level, claim nothing)."""
    lines, fenced = doc.lines, doc.fenced
    run: list[tuple[str, int]] = []
    runs: list[list[tuple[str, int]]] = []
    for i, line in enumerate([*lines, ""]):
        lead = (
            _COUNT_BEFORE_RE.match(_bold_marks(line).lstrip(" \t-*+"))
            if line[:1] in "-*+ \t"
            else None
        )
        if lead is not None and not fenced[i] and _COUNT_LED_RE.match(line):
            run.append((_level(lead.group(2)) or "", int(lead.group(1))))
            continue
        if line[:1] in "-*+" and (labelled := _LEVEL_COUNT_BULLET_RE.match(line)) is not None:
            # "- **Critical Failures**: 1" under "### MODEL_RESPONSE.md Analysis:"
            run.append((_level(labelled.group(1)) or "", int(labelled.group(2))))
            continue
        if line.strip() and line.lstrip()[:1] in "-*+":
            continue  # ("- **8 Performance/Cost Issues**": a count of no level, in the run)
        levels = [level for level, _ in run]
        if len(set(levels)) >= 2 and len(set(levels)) == len(levels):
            runs.append(run)
        run = []
    if len(runs) == 1:
        counts.update(runs[0])


def _loose_count_tables(doc: _Doc, counts: dict[str, int]) -> None:
    """Counts in a table outside any count section, when it holds nothing but levels and
    numbers ("| | Critical | High |" over "| Count | 1 | 2 |", "| Severity | # |" over
    "| Critical | 2 |"): the first such table's."""
    lines, fenced, text = doc.lines, doc.fenced, doc.text
    # (Each table's delimiter row found by one search; its header is the line above.)
    line_no, at = 0, 0
    for m in _DELIMITER_ROW_RE.finditer(text):
        line_no += text.count("\n", at, m.start())
        at = m.start()
        i = line_no  # (the header: the match opens with the newline that ends it)
        if i + 1 >= len(lines) or lines[i].lstrip()[:1] != "|" or fenced[i]:
            continue
        if not _TABLE_RULE_RE.match(lines[i + 1]):
            continue
        header = [c.strip("*_ ") for c in _cells(lines[i], False)]
        # (At most two words of the table may be other than levels: a header of three is not
        # one, whatever its rows hold.)
        if sum(1 for c in header if c and not c.isdigit() and not _LEVEL_RE.fullmatch(c)) > 2:
            continue
        end = i + 2
        while end < len(lines) and lines[end].lstrip()[:1] == "|":
            end += 1
        cells = [c.strip("*_ ") for r in range(i + 2, end) for c in _cells(lines[r], False)]
        words = [c for c in cells + header if c and not c.isdigit()]
        levels = sum(1 for c in words if _LEVEL_RE.fullmatch(c))
        if cells and levels >= 2 and levels >= len(words) - 2:
            _table_counts(lines, i, end, counts)
            for r in range(i + 2, end) if not counts else ():
                row = [c.strip("*_ ") for c in _cells(lines[r], False)]
                if len(row) == 2 and _LEVEL_RE.fullmatch(row[0]) and row[1].isdigit():
                    counts.setdefault(_level(row[0]) or "", int(row[1]))  # "| Critical | 2 |"
            counts.pop("", None)
            if counts:
                return


_HEADER_COUNTED_RE = re.compile(r"[ \t]+(?:issues|failures|problems|findings|defects)$", re.I)
_LEVEL_COLUMN_RE = re.compile(r"severity|priority|level|impact", re.I)
_WORST_LEVEL_COLUMN_RE = re.compile(r"\b(?:highest|max(?:imum)?|worst|top)\b", re.I)


def _table_counts(lines: list[str], start: int, end: int, counts: dict[str, int]) -> None:
    """Counts in a summary table: one whose header names the levels over a row of numbers
    ("| Critical | High |" / "| 2 | 1 |"), or one with a level and a count column, a row per
    level ("| Deployment Blockers | 4 | Critical |")."""
    header = [_clean_inline(cell).strip("*_ ") for cell in _cells(lines[start], False)]
    rows = []
    for i in range(start + 2, end):
        if lines[i].lstrip()[:1] != "|":
            break
        rows.append([cell.strip("*_ ") for cell in _cells(lines[i], False)])
    # ("| Critical Issues | Moderate Issues |" over "| 2 | 2 |" too)
    levels = [_LEVEL_RE.fullmatch(_HEADER_COUNTED_RE.sub("", cell)) for cell in header]
    if sum(1 for m in levels if m) >= 2:
        for m, cell in zip(levels, rows[0] if rows else [], strict=False):
            if m and cell.isdigit():
                counts.setdefault(_level(m.group(1)) or "", int(cell))
        return
    level_col = next((j for j, name in enumerate(header) if _LEVEL_COLUMN_RE.search(name)), -1)
    count_col = next(
        (j for j, name in enumerate(header) if j != level_col and _COUNT_COLUMN_RE.search(name)),
        -1,
    )
    if level_col < 0 and count_col >= 0:
        # "| Category | Meaning | Failures |" over "| A | Critical architectural failures | 2 |":
        # the column whose every counted row names a level.
        counted = [
            cells
            for cells in rows
            if count_col < len(cells)
            and cells[count_col].isdigit()
            and cells[0].lower() not in ("total", "totals", "sum")
        ]
        level_col = next(
            (
                j
                for j in range(len(header))
                if j != count_col
                and len(counted) >= 2
                and all(j < len(cells) and _CELL_LEVEL_RE.search(cells[j]) for cells in counted)
            ),
            -1,
        )
    if level_col < 0 or count_col < 0:
        return
    if _WORST_LEVEL_COLUMN_RE.search(header[level_col]) is not None:
        # "| Category | Issues | Highest severity |": a row's issues are of several levels,
        # its worst named; no count by level
        return
    for cells in rows:
        if max(level_col, count_col) >= len(cells) or not cells[count_col].isdigit():
            continue
        m = _CELL_LEVEL_RE.search(cells[level_col])
        if m:
            counts.setdefault(_level(m.group(1)) or "", int(cells[count_col]))


def _preamble_counts(doc: _Doc, counts: dict[str, int], items: Sequence[_Item] = ()) -> None:
    """Counts stated under the title, before the first section ("**Critical Issues:** 3"), or
    before the first item in a document with no sections ("Totals — critical: 2, high: 1")."""
    # (A preamble is a few lines: past 50 a document is not stating counts above its sections.)
    # The title is "#", or a first heading over deeper ones ("## Title" then "### Summary").
    heads = doc.headings
    top = heads[0][1] if len(heads) > 1 and heads[1][1] > heads[0][1] > 1 else 1
    first_item = items[0].line if items and (not heads or heads[0][1] == top) else 0
    first_k = next((k for k, h in enumerate(heads) if h[1] > top), -1)
    stop = min(heads[first_k][0] if first_k >= 0 else first_item, 50)
    if (
        first_k >= 0
        and first_k + 1 < len(heads)
        and first_k + 1 < len(doc.words)
        and not doc.words[first_k] & (_FAILURE | _COUNT)
        and _heading_level(heads[first_k][2]) is None
    ):
        # "## Analysis of MODEL_RESPONSE.md vs the Deployed Stack" then "**Totals:** 1
        # Critical, 2 Major": a subtitle over the introduction, part of the preamble.
        stop = min(heads[first_k + 1][0], 50)
    lines, fenced = doc.lines, doc.fenced
    chunk = "\n".join(lines[:stop])
    if not _names_level(chunk, chunk.lower()):
        return  # no level word before the first section: no count stated there
    singles: list[dict[str, int]] = []
    for i in range(stop):
        line = lines[i]
        if not fenced[i] and _DIGIT_RE.search(line) is None:
            _add_worded_counts(line, counts)
            continue
        if fenced[i] or line.lstrip().startswith("#"):
            continue
        _add_counts_after(_bold_marks(line), counts)
        if "," in line:
            for level, n in _spaced_counts(line).items():
                counts.setdefault(level, n)
        if "," in line or "/" in line or " and " in line:
            # "Overall: 6 findings (2 critical, 3 high, 1 medium)": two levels or more, or
            # "3 critical issues" may only mean big ones.
            before = _counts_before(_bold_marks(line))
            before.pop("", None)
            if len(before) >= 2:
                for level, n in before.items():
                    counts.setdefault(level, n)
        elif ":" in line or "." in line:
            single = _counts_before(_bold_marks(line))
            single.pop("", None)
            if len(single) == 1:
                singles.append(single)
    # "… suffers from 2 critical defects:" beside "… 2 major defects and 1 minor defect": a
    # sentence naming one level counts beside one naming the others.
    for single in singles if counts else ():
        for level, n in single.items():
            counts.setdefault(level, n)


def _closing_counts(doc: _Doc, counts: dict[str, int]) -> None:
    """A breakdown line among the document's last lines ("Critical: 3 | High: 0 | Medium: 2 |
    Low: 2"), naming three levels or more, or a closing total naming two or more ("In total,
    3 issues: 1 critical, 1 high and 1 low."), wherever its section."""
    low, at = doc.low, max(len(doc.low) - 2000, 0)
    colons = low.count(":", at) >= 3
    totalled = low.find("total", at) >= 0
    listed = low.find(", ", at) >= 0  # "5 problems found (1 Critical, 2 High, 1 Medium, 1 Low)"
    if not colons and not totalled and not listed:
        return
    lines, fenced = doc.lines, doc.fenced
    seen = 0
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip() or fenced[i]:
            continue
        seen += 1
        if seen > 8:
            return
        three = colons and line.count(":") >= 3
        many = listed and line.count(", ") >= 2
        # ("Overall: 1 critical, 2 high and 2 low issues.": a closing total by its label)
        overall = line.lstrip("*_ ")[:8].lower() == "overall:"
        if not (three or many or overall or (totalled and ("otal" in line or "OTAL" in line))):
            continue
        if not _DIGIT_RE.search(line):
            if not many or _LEVEL_LOW_RE.search(low_line := line.lower()) is None:
                continue
            # "Seven failures were found: one critical, three high, two medium and one low."
            line = _WORDED_COUNT_RE.sub(lambda m: _NUMBER_WORDS[m.group(1)], low_line)
            if not _DIGIT_RE.search(line):
                continue
        found: dict[str, int] = {}
        if three:
            _add_counts_after(_bold_marks(line), found)
            found.pop("", None)
            if len(found) < 3:
                found = {}
        if not found and (overall or (totalled and "total" in line.lower())):
            found = _counts_before(_bold_marks(line))
            found.pop("", None)
            if len(found) < 2:
                found = {}
        if not found and many:
            found = _counts_before(_bold_marks(line))
            found.pop("", None)
            if len(found) < 3:
                found = {}
        if not found and many:
            # "Failure breakdown: Critical 2, High 2, Medium 1, Low 1": each level, its count
            found = {
                level: int(m.group(2))
                for m in _LEVEL_THEN_COUNT_RE.finditer(line)
                if (level := _level(m.group(1)))
            }
            if len(found) < 3:
                found = {}
        if found:
            counts.update(found)
            return


_LEVEL_THEN_COUNT_RE = re.compile(rf"\b({_LEVEL_ALT})[ \t]+(\d{{1,3}})\b(?=[ \t]*(?:,|$|\.))", re.I)


_COUNT_LABELS = (
    "count:",
    "count**:",
    "counts:",  # ("Summary counts: 2 major, 1 minor")
    "counts**:",
    "fixes required:",
    "fixes required**:",
    "total fixes:",
    "total fixes**:",
    "summary:",
    "summary**:",
)


def _text_end(doc: _Doc, item: _Item) -> int:
    """Where an item's own text ends: a list item's at the first blank line after it (the
    lines at the margin past the list are the document's again), any other's at its end."""
    if item.kind != "list":
        return item.end
    lines = doc.lines
    i = item.line + 1
    while i < item.end and lines[i].strip():
        i += 1
    return i


def _total_counts(doc: _Doc, items: Sequence[_Item], counts: dict[str, int]) -> None:
    """Counts stated after the last item beside a total, naming two levels or more
    ("**Total Issues Identified:** 22" then "**Critical:** 1 | **High:** 9 | …"), or after a
    count label ("**Blocking Issues Count**: 3 Critical")."""
    lines, fenced = doc.lines, doc.fenced
    # (Only the closing part is searched: an item's own totals are its business, and a
    # search of the whole text would cost more than the rest of this step.)
    first = max((_text_end(doc, it) for it in items), default=len(lines))
    if items:
        # A rule closing the last item's text: what follows it is the document's again
        # ("---" then "**Total Errors**: 6 (Critical: 1, High: 3, Medium: 2)").
        for i in range(min(first, len(lines)) - 1, items[-1].line, -1):
            if not fenced[i] and lines[i].rstrip(" \t") in _RULES:
                first = i + 1
                break
    labels_only = False
    if first >= len(lines):
        # The last item runs to the end: a count label closing it is still the document's
        # ("**Count:** 1 blocking, 2 major, 2 moderate, 2 minor (7 total)"), not a total
        # (an item's own "Total: 2 High of the alarms fired").
        first = max(len(lines) - 4, 0)
        while first < len(lines) and not lines[first].strip():
            first += 1
        if first >= len(lines) or not items or first <= items[-1].line:
            return
        labels_only = True
    tail = "\n".join(lines[first:]).lower()
    if not any(word in tail for word in ("total", "count", "fixes required", "summary")):
        return
    line_no, at = first, 0
    pos = tail.find("total") if not labels_only else -1
    while pos >= 0:
        line_no += tail.count("\n", at, pos)
        at = pos
        if not fenced[line_no]:
            found: dict[str, int] = {}
            said: dict[str, str] = {}
            for i in range(line_no, min(line_no + 6, len(lines))):  # (a total, four levels)
                line = lines[i]
                if fenced[i] or _DIGIT_RE.search(line) is None or line.lstrip()[:1] == "#":
                    continue
                if not _names_level(line, line.lower()):
                    continue  # (no level word: the case-blind patterns below cannot match)
                line = _bold_marks(line)
                _add_counts_after(line, found, said)
                if "," in line:  # "Total observations: 0 Critical, 0 High, 2 Low"
                    for level, n in _counts_before(line).items():
                        found.setdefault(level, n)
            found.pop("", None)
            if len(found) >= 2:
                counts.update(found)
                return
        eol = tail.find("\n", pos)
        if eol < 0:
            break
        pos = tail.find("total", eol)
    # "**Blocking Issues Count**: 3 Critical", "**Fixes Required**: 3 moderate issues": a count
    # label names its levels, one will do.
    for label in _COUNT_LABELS:
        pos = tail.find(label)
        while pos >= 0:
            line_no = first + tail.count("\n", 0, pos)
            if not fenced[line_no]:
                for level, n in _counts_before(_bold_marks(lines[line_no])).items():
                    counts.setdefault(level, n)
                counts.pop("", None)
                if counts:
                    return
            pos = tail.find(label, pos + 1)
