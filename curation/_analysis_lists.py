"""Reading bullet lists for failure items, and telling tally and pass-mark lines apart."""

from __future__ import annotations

import re

from curation._analysis_doc import (
    _Doc,
    _Item,
)
from curation._analysis_vocab import (
    _BOLD_TITLE_RE,
    _BRACKETED_LEVEL,
    _CAPS_LEVELS,
    _LEVEL_ALT,
    _LEVEL_INITIALS,
    _LIST_ITEM_RE,
    _MARKS,
    _PLAIN_LABEL_RE,
    _clean_inline,
    _heading_level,
    _is_label_word,
    _is_non_failure_section,
    _label_field,
    _level,
    _match_label,
    _mentions_failure,
)

# "Users without MFA: Implemented (lines 10-20)": a requirement checked off, not a failure.
_PASS_MARK_RE = re.compile(
    # (Not "… AS `aws:pass`": a value in the code, no space after its colon.)
    r":\s+(?:implemented|present|included|met|satisfied|yes|passed|pass|ok|done)\b"
    r"(?!\s+(?:but|incorrectly|partially))",
    re.I,
)


# "No Security Gaps Identified": a check that found nothing ("No Environment Flexibility" is
# a failure: the words that say nothing was found must be there).
_NONE_FOUND_RE = re.compile(
    r"no\s+(?:[\w-]+\s+){0,3}(?:issues?|gaps?|problems?|failures?|errors?|concerns?|findings?"
    r"|vulnerabilit(?:y|ies)|violations?)\s+(?:were\s+|was\s+)?(?:identified|found|detected"
    r"|noted|observed|reported)\b"
    r"|(?:nothing|none)\s*[;:.,—–-]"  # "**What the model got wrong:** - Nothing; it exported …"
    r"|(?:nothing|none)\s+(?:worth|to)\s+(?:raising|raise|noting|note|mention|report)\b"
)


def _is_tally_title(title: str, numbered: bool = False) -> bool:
    """A summary line ("Total failures: 4", "Overall assessment") or a pass mark ("Tags ✅",
    "Tags: Implemented"); a `numbered` heading may be titled "Total …" ("### 3. Total Cost"),
    "Overall …" or "Summary …" (a numbered summary section is told apart by its words)."""
    low = title.lower().lstrip("*_ ")
    if not numbered and low.startswith(("total", "overall", "summary")):
        return True
    if ":" in title and _PASS_MARK_RE.search(title):
        return True
    if low.startswith("no ") and _NONE_FOUND_RE.match(low):
        return True
    if "✅" not in title and "✓" not in title:
        return False
    if not any(c.isalnum() for c in title):
        return False  # a bare "✓" marks nothing as passed: it is just the item's title
    # "Tags ✅" is a pass mark; "Open bucket ❌ → ✅" or "… - FIXED ✅" is a fixed failure.
    return (
        not any(mark in title for mark in ("❌", "⚠", "→", "➡", "->"))
        and "fix" not in low
        and "resolved" not in low  # ("Legacy OAI - RESOLVED ✅": a fault, fixed since)
    )


# "**Why It Fails:**", "Why this happens:": a label over the bullets explaining an item.
def _opens_fix_list(line: str) -> bool:
    """Whether a line is a bare fix label ("**Resolution**:", "**Fixes Applied:**") whose
    bullets are the fix's steps, not failures."""
    if line.rstrip()[-1:] not in (":", "*", "_"):
        return False
    m = _match_label(line) if "**" in line or "__" in line else None
    if m is None or (m.group(4) or "").strip():
        return False
    return _label_field(m.group(1)) == "ideal_fix"


# "**Provisioned Resources:**", "Resources Created:": a label over what was built, not failures.
_BUILT_LABEL_RE = re.compile(
    r"^[ \t]*[*_]*(?:(?:provisioned|created|deployed)\s+resources|resources\s+(?:provisioned"
    r"|created|deployed)|components\s+(?:created|provisioned|deployed))[*_]*[ \t]*:[*_ \t]*$",
    re.I,
)
# (Or a bold line ending "because:": "**Integration Test Failures are EXPECTED** because:".)
# A checklist line crossed or half-met without a bullet: a list item all the same.
_CROSSES = ("\u2717", "\u2718", "\u274c", "\u26a0")
_BARE_CROSS_RE = re.compile(r"^()[\u2717\u2718\u274c\u26a0]\ufe0f?[ \t]*(.*)$")
_WHY_LABEL_RE = re.compile(
    r"^[ \t]*(?:\*\*|__)?why\b[^\n]{0,60}?(?::[*_]*|(?:\*\*|__):?)[ \t]*$"
    r"|^[ \t]*(?:\*\*|__)[^\n]{3,80}?(?:\*\*|__)?[ \t]*because:[ \t]*$",
    re.I,
)


# "   a. Bucket has no TLS-only policy (High)" under a numbered area ("1. Security").
_LETTERED_ENTRY_RE = re.compile(r"^( {0,6})[a-z][.)][ \t]+(.*)$")


# A nested bullet that opens with its level: "  - [High] NAT gateway in a private subnet".
_TAGGED_CHILD_RE = re.compile(
    rf"^([ \t]+)[-*+][ \t]+\[[ \t]*({_LEVEL_ALT})[ \t]*\][ \t]+(\S.*)$", re.I
)


def _tagged_children(doc: _Doc, start: int, end: int, indent: int, k: int) -> list[_Item]:
    """The bullets nested under a group's bold bullet when every one opens with a level tag,
    one failure each at that level; else []."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i in range(start, end):
        line = lines[i]
        if not line.strip() or fenced[i]:
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break
        m = _TAGGED_CHILD_RE.match(line)
        if m is None:
            if _LIST_ITEM_RE.match(line):
                return []  # an untagged sub-point: the bold bullet is the item
            continue
        item = _Item(i, _clean_inline(m.group(3)), k, "list")
        item.level = _level(m.group(2))
        found.append(item)
    return found


def _list_items(doc: _Doc, start: int, end: int, k: int, lettered: bool = False) -> list[_Item]:
    found: list[_Item] = []
    lines, fenced = doc.lines, doc.fenced
    top = -1
    passes = 0
    why = False  # in a run of bullets under a "**Why It Fails:**" label: the reasons, not items
    label = -1  # the line that set `why`
    for i in range(start, end):
        if fenced[i]:
            continue
        line = lines[i]
        m = _LIST_ITEM_RE.match(line) or (_LETTERED_ENTRY_RE.match(line) if lettered else None)
        if not m and line[:1] in _CROSSES:
            m = _BARE_CROSS_RE.match(line)  # "❌ **Raw delivery off** — …" with no bullet
        if not m:
            # (An indented line goes on the bullet above it; a line of prose right under the
            # label, "**Fixes:**" then "I scoped the roles.", introduces the same bullets.)
            if (
                line.strip()
                and line[:1] not in (" ", "\t")
                and not (why and label == i - 1 and line[:1] not in ("*", "_", "#"))
            ):
                why = (
                    (
                        (
                            line.lstrip(" \t*_")[:3].lower() == "why"
                            or line.rstrip()[-8:] == "because:"
                        )
                        and _WHY_LABEL_RE.match(line) is not None
                    )
                    or (":" in line and _opens_fix_list(line))
                    or _BUILT_LABEL_RE.match(line) is not None
                    # "Knowledge gaps:" then its bullets, after the last failure's text.
                    or line.lstrip(" *_").lower().startswith(("knowledge gap", "gaps in"))
                    # "Lessons learned from this one:" then advice, after the last failure.
                    or (
                        bool(found)
                        and line.rstrip(" *_")[-1:] == ":"
                        and len(line) < 80
                        and _is_non_failure_section(lead := line.strip(" \t*_:"))
                        and not _mentions_failure(lead)
                    )
                    # "Also noted, but **not** counted as failures:": what follows is no failure.
                    or (
                        line.rstrip()[-1:] == ":"
                        and "not" in line.lower()
                        and _NOT_COUNTED_RE.search(line.replace("*", "").replace("_", ""))
                        is not None
                    )
                )
                label = i
            continue
        if why:
            continue
        if top < 0:
            top = len(m.group(1))
        if len(m.group(1)) > top:
            continue  # a sub-point of the item above
        body = m.group(2).strip()
        if not body or body.startswith(("✅", "✓", "[x]", "[X]")):
            continue
        if body[:3] == "[ ]":
            body = body[3:].lstrip()  # "- [ ] Add a key policy": an open box, still to do
            if not body:
                continue
        title, inline, ticket, led = body, "", None, None
        tag_lead = _LEAD_TAG_RE.match(body) if body[:1] == "[" else None
        if tag_lead is not None and body[tag_lead.end() :].lstrip()[:2] in ("**", "__"):
            body = body[tag_lead.end() :].lstrip()  # "- [High] **DLQ never attached**: …"
        else:
            tag_lead = None
        b = _BOLD_TITLE_RE.match(body)
        if b and not b.group(2).strip():
            tagged = _tagged_children(doc, i + 1, end, len(m.group(1)), k)
            if tagged:
                # "- **Networking**" over "  - [High] NAT gateway in a private subnet": a group,
                # its tagged children the failures
                found.extend(tagged)
                continue
        if b:
            title, inline = b.group(1).strip().rstrip(":"), b.group(2).strip()
            if (
                title[:1] == "["
                and tag_lead is None
                and (inner := _LEAD_TAG_RE.match(title)) is not None
                and title[inner.end() :].strip()
            ):
                # "- **[Blocking] Spoke attachments not associated**: …": the tag inside the bold
                tag_lead, title = inner, title[inner.end() :].strip()
            if inline.lstrip(":* ").isdigit() and _heading_level(title) is not None:
                passes += 1
                continue  # "- **Critical Failures**: 2": a count, not a failure
            led = _LEVEL_ONLY_RE.match(title) if inline else None
            if led is not None:
                # "- **[Blocker]** ACM certificate in the wrong region": its level, then its title.
                title, inline = _TITLE_CUT_RE.split(inline.lstrip("–—-: "), maxsplit=1)[0], ""
                title = title.rstrip(" .")
            field = _label_field(title)
            if field and not field.startswith("impact") and _reads_as_label(body, b, field):
                continue
            if _is_non_failure_section(title):
                continue
        elif body[:1] in _LEVEL_INITIALS and (lead := _PLAIN_LEVEL_LEAD_RE.match(body)):
            led, title = lead, lead.group(2)  # "- high: upload bucket is world readable"
            if len(title) > 300:
                title = title[:120].rsplit(" ", 1)[0]
        elif len(body) > 300:
            title = body[:120].rsplit(" ", 1)[0]
        elif body[:1] == "[" and (ticket := _TICKET_LINE_RE.match(body)) is not None:
            if _CLOSED_STATUS_RE.search(ticket.group(3)):
                continue  # "[BUG-91] … — Status: Won't fix": raised and taken back
            title = ticket.group(1)  # "[BUG-88] Title — Severity: Critical — Status: Open"
        if _PLAIN_LABEL_RE.match(lines[i]):
            continue
        title = _clean_inline(title)
        if _is_tally_title(title):
            passes += 1
            if title[:5].lower() == "total":
                doc.tallies.append(i)  # (its counts are a claim: `_claimed_counts` reads them)
        else:
            # ("1. Launch Template Variables Not Declared:" over its paragraph: no colon.)
            item = _Item(i, title[:-1].rstrip() if title[-1:] == ":" else title, k, "list", inline)
            # "- **Title** (Major) — …", "1. … long text … [CRITICAL]": the level it is tagged.
            tag = _LEAD_TAG_RE.match(inline) if inline[:1] in "([" else None
            if tag is None and inline[:3] == "in " and "(" in inline[:60]:
                # "**`error: …`** in glue.ts (Critical) — the crawler …": where, then the tag.
                tag = _WHERE_THEN_TAG_RE.match(inline)
            if tag is None and inline[:3].lower() in ("sev", "pri", "imp"):
                tag = _LEAD_LABEL_RE.match(inline)  # "1. **Title** — Severity: Medium. …"
            tail = body.rstrip("*_ ")  # ("… *(Critical)*", "… *High.*" in italics)
            if tag is None and tail[-1:] in ")]." and ("[" in tail[-32:] or "(" in tail[-32:]):
                tag = _END_TAG_RE.search(tail[-32:])
            if tag is None and tail != body and tail[-1:] in ".abcdefghijklmnopqrstuvwxyz":
                tag = _END_ITALIC_LEVEL_RE.search(body[-16:])
            if tag is None and "everity" in body[-40:]:
                tag = _END_LABEL_RE.search(body[-40:])  # "… *Severity: high*"
            if tag is None and tail[-1:] == "." and tail == body:
                tag = _END_SENTENCE_LEVEL_RE.search(body[-24:])  # "… KMS_MANAGED. High."
            if tag is None and "**" in body:
                tag = _BOLD_LEVEL_RE.search(body)  # "… from any IP. **Critical**, even though …"
            if tag is None and "]" in title[:110]:
                tag = _TITLE_TAG_RE.match(title)  # "Queue policies missing [Critical]: the …"
            if tag is None and led is None:
                more = _continuation(lines, fenced, i + 1, end)
                tag = _said_level(body + more)
                if tag is None and _has_caps_level(said := body + more):
                    # "   CRITICAL. `engineVersion` is not offered …", "… hangs. HIGH. Status: …"
                    tag = _CAPS_LEVEL_RE.search(said)
                if tag is None and more:
                    tag = _OPENING_LEVEL_RE.match(more[1:])  # "   Medium. Uses the default key"
                if tag is None and not body.isascii() and "everity" in body:
                    said = _SAID_MARK_RE.search(body)  # "— Severity: 🟠. No key on the topic"
                    item.mark = said.group(1) if said else ""
            if led is None and tag_lead is not None:
                led = tag_lead
            if led is not None:
                item.level = _level(led.group(1))
            elif tag is not None:
                item.level = _level(tag.group(1))
            elif ticket is not None:
                item.level = _level(ticket.group(2))
            found.append(item)
    if (
        len(found) >= 2
        and top >= 0
        and all(not it.inline and _is_group_name(lines[it.line], it.title) for it in found)
    ):
        # "1. Security" over "   a. Bucket has no TLS-only policy (High)", "   b. …": the
        # areas group the failures, each nested entry one.
        ends = [it.line for it in found[1:]] + [end]
        nested = [
            _list_items(doc, it.line + 1, stop, k, lettered=True)
            for it, stop in zip(found, ends, strict=True)
        ]
        if all(nested):
            return [item for group in nested for item in group]
    # A checklist of requirements met ("MFA check: Implemented"): its odd line is no failure.
    return [] if passes > len(found) else found


_PLAIN_LEVEL_LEAD_RE = re.compile(rf"({_LEVEL_ALT})[ \t]*[:—–][ \t]+(\S.*)$", re.I)
# "- `lib/tap-stack.ts`": an entry naming only a file, its findings nested under it.
_FILE_ENTRY_RE = re.compile(
    r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\*\*)?`?[\w./-]+\.(?:tsx?|jsx?|py|go|java|tf|ya?ml"
    r"|json|cs|hcl|sh|kt)`?(?:\*\*)?:?[ \t]*$"
)


def _is_group_name(line: str, title: str) -> bool:
    """Whether a list entry only names an area ("1. Security", "- Cost / housekeeping") or a
    file ("- `lib/tap-stack.ts`")."""
    if "." in line and _FILE_ENTRY_RE.match(line) is not None:
        return True
    return (
        "**" not in line
        and len(title.split()) <= 3
        and title[-1:] not in ".)]"
        and _LEVEL_ONLY_RE.match(title) is None
        and not any(c in title for c in "`*_")
    )


# A tracker's ticket line: "[BUG-12] Queue policy too broad — Severity: Major — Status: Open".
_TICKET_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?\[[A-Z][A-Z0-9]{0,11}-\d{1,5}\][ \t]+(.+?)[ \t]+[—–|-][ \t]*"
    r"(?:severity|priority|sev)[ \t]*:[ \t]*(\w+)(.*)$",
    re.I,
)
# "[F1] Step Functions role cannot start Glue jobs (sev: critical) — …": a keyed finding.
_KEYED_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?\[[A-Z]{1,4}-?\d{1,4}\][ \t]+(.+?)[ \t]*"
    r"\((?:severity|priority|sev)[ \t]*:[ \t]*(\w+)\)(.*)$",
    re.I,
)
_CLOSED_STATUS_RE = re.compile(
    r"status[ \t]*:[ \t]*(?:won['’]?t[ \t]+fix|closed|invalid|duplicate|not[ \t]+a[ \t]+bug"
    r"|rejected)",
    re.I,
)
_LEAD_LABEL_RE = re.compile(
    rf"(?:severity|priority|impact)[*_]*[ \t]*:[*_ \t]*({_LEVEL_ALT})\b", re.I
)
_LEAD_TAG_RE = re.compile(rf"[(\[]\s*(?:severity\s*[:=]\s*)?({_LEVEL_ALT})\s*[)\]]", re.I)
_WHERE_THEN_TAG_RE = re.compile(
    rf"in\s+[^()\s]{{1,40}}\s+[(\[]\s*(?:severity\s*[:=]\s*)?({_LEVEL_ALT})\s*[)\]]", re.I
)
_BOLD_LEVEL_RE = re.compile(rf"\*\*({_LEVEL_ALT})[.!:]?\*\*", re.I)  # ("**High.**" too)
_END_TAG_RE = re.compile(rf"{_BRACKETED_LEVEL}\s*\.?$", re.I)
_NOT_COUNTED_RE = re.compile(
    r"\bnot\s+(?:counted|considered|treated)\s+as\s+(?:failures|issues|defects)\b", re.I
)
# A bold lead that is only a level: "[Blocker]", "High", "(P1)", "S2".
_LEVEL_ONLY_RE = re.compile(rf"^[\[(]?[ \t]*({_LEVEL_ALT}|s[1-4])[ \t]*[\])]?[.!]?$", re.I)
_TITLE_CUT_RE = re.compile(r"\s[–—-]\s|:\s|;\s|(?<=\w[.!?])\s")
_END_SENTENCE_LEVEL_RE = re.compile(rf"[.!?)`][ \t]+({_LEVEL_ALT})\.$", re.I)
_END_ITALIC_LEVEL_RE = re.compile(rf"[*_]({_LEVEL_ALT})\.?[*_]\s*$", re.I)
# ("… stitched by hand. Severity - Medium" too: a dash for the colon, ending the entry.)
_END_LABEL_RE = re.compile(
    rf"[*_]*severity[*_]*(?:\s*:|\s+[-–—])[*_\s]*({_LEVEL_ALT})\b[*_.\s]*$", re.I
)


# A level label anywhere in an entry's text: "… public subnets. Risk: High", "Severity:
# ~~High~~ Medium (downgraded …)", "Criticality: Medium".
_SAID_LEVEL_RE = re.compile(
    rf"\b(?:severity|risk|criticality|priority|impact[ \t]+level)(?:[ \t]+(?:level|rating))?[*_]*[ \t]*[:=]"
    rf"[*_ \t]*({_LEVEL_ALT})\b",
    re.I,
)
# A level in capitals as a sentence of its own ("CRITICAL. The stack never deploys …"), and a
# continuation opening with one in any case ("Medium. Uses the default key …").
_CAPS_LEVEL_RE = re.compile(
    rf"(?:^|[.!?)`][ \t]+)[*_]*({_CAPS_LEVELS})[*_]*[.:!](?=[*_]*(?:[ \t]|$))"
)


def _has_caps_level(text: str) -> bool:
    """Whether `text` holds a level word in capitals (C-level finds before the pattern)."""
    return (
        "CRITICAL" in text
        or "HIGH" in text
        or "MEDIUM" in text
        or "LOW" in text
        or "MAJOR" in text
        or "MINOR" in text
        or "BLOCK" in text
        or "MODERATE" in text
        or "TRIVIAL" in text
    )


_OPENING_LEVEL_RE = re.compile(rf"[*_]*({_LEVEL_ALT})[*_]*[.:!](?=[*_]*[ \t])", re.I)
_SAID_MARK_RE = re.compile(rf"\bseverity[*_]*[ \t]*[:=][*_ \t]*([{_MARKS}])", re.I)
_SAID_LEVEL_WORDS = ("everity", "isk", "riticality", "riority", "mpact")
_STRUCK_RE = re.compile(r"~~[^~\n]*~~")


# A plain entry's title tagged before its colon: "Metadata interface omitted [Low]: no …".
_TITLE_TAG_RE = re.compile(
    rf"[^\[\]:\n]{{3,100}}?[ \t]*\[[ \t]*({_LEVEL_ALT})[ \t]*\][ \t]*[:—–-]", re.I
)


def _said_level(text: str) -> re.Match[str] | None:
    """The level an entry's own label says in its text (a struck level taken back), if any."""
    if not any(word in text for word in _SAID_LEVEL_WORDS):
        return None
    if "~~" in text:
        text = _STRUCK_RE.sub("", text)
    return _SAID_LEVEL_RE.search(text)


def _continuation(lines: list[str], fenced: bytearray, start: int, end: int) -> str:
    """The lines that wrap an entry's text onto the next ones (indented, no entry of their
    own), joined: "1. **Title.** The attachments are in the public\n   subnets. Risk: High"."""
    parts = []
    for i in range(start, min(end, start + 6)):
        line = lines[i]
        if fenced[i] or line[:1] not in (" ", "\t") or not line.strip():
            break
        if _LIST_ITEM_RE.match(line) or line.lstrip()[:2] in ("- ", "* ", "+ "):
            break
        parts.append(line.strip())
    return " " + " ".join(parts) if parts else ""


def _reads_as_label(body: str, b: re.Match[str], field: str) -> bool:
    """Whether "**Fix**: …" in a bullet is a field label: a colon follows the bold text, or the
    text is a label word itself. "**TypeScript Compilation Error** - …" is an item title."""
    if ":" in b.group(1) or body[b.end(1) + 2 :].lstrip()[:1] == ":":
        return True
    return _is_label_word(b.group(1)) or field.startswith("reference")
