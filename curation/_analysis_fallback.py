"""Item finders for documents without markdown items of their own: plain-text reports
(numbered or title lines), title-only lists, blocks between rules, prose sub-headings, and
issue tables."""

from __future__ import annotations

import re

from curation._analysis_doc import (
    _Doc,
    _enclosing,
    _Item,
)
from curation._analysis_lists import (
    _CLOSED_STATUS_RE,
    _KEYED_LINE_RE,
    _LEVEL_ONLY_RE,
    _TICKET_LINE_RE,
    _TITLE_CUT_RE,
    _is_tally_title,
    _list_items,
)
from curation._analysis_vocab import (
    _BEST_PRACTICES_RE,
    _BOLD_LINE_RE,
    _BOLD_TITLE_RE,
    _CELL_LEVEL_RE,
    _FIVE_SCALE,
    _FIVE_SCALE_SAID_RE,
    _HARD,
    _ISSUE,
    _ITEM_NUMBER_RE,
    _LEVEL_ALT,
    _LIST_ITEM_RE,
    _MARKS,
    _NON_FAILURE,
    _NUMBERED_RE,
    _ORDINALS,
    _PLAIN_LABEL_RE,
    _PRAISE_LINE_RE,
    _SENTENCE_LEVEL_RE,
    _TABLE_RULE_RE,
    _clean_inline,
    _heading_level,
    _is_fix_section,
    _is_item_part,
    _is_meta_section,
    _is_neutral_section,
    _is_non_failure_section,
    _label_field,
    _level,
    _match_label,
    _mentions_failure,
    _section_words,
)

# "3. Missing Secrets Manager Resource": a short title, no sentence punctuation at its end.
_PLAIN_NUMBERED_RE = re.compile(
    r"^(\d{1,2})[.)](?:[ \t]+|(?=[A-Z][a-z]))([^\s.:;,!?][^\n]{2,90}?)[ \t]*$"
)  # ("2.Model wrongly used …": a space forgotten after the number)
_PLAIN_ENTRY_RE = re.compile(r"^(\d{1,2})[.)][ \t]+(\S[^\n]*?)[ \t]*$")  # (any length)
# "CRITICAL FAILURE 2.1: Title" in a plain-text report: the level word leads the line.
_PLAIN_LABELLED_RE = re.compile(
    rf"^(?:({_LEVEL_ALT})[- ]?(?:severity[ \t]+)?)?(?:failure|issue|flaw|problem|finding|defect|error|gap|fault"
    r"|item)"
    r"[ \t]+#?[A-Z]?"  # ("CRITICAL FAILURE C1: …", "HIGH FAILURE H2: …")
    # ("Issue 2 of 5: …", "Issue two - Moderate. …")
    r"(?:\d{1,3}(?:\.\d{1,3})*|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:[ \t]+of[ \t]+\d{1,3})?[ \t]*"
    # ("Issue 1 (severity: high) - OIDC thumbprint hardcoded": its level before the title)
    rf"(?:\([ \t]*(?:(?:severity|priority|impact)[ \t]*[:=][ \t]*)?(?P<tag>{_LEVEL_ALT})[ \t]*\)[ \t]*)?"
    # ("Failure 5 (withdrawn): Access log bucket rejected": one, taken back)
    r"(?P<gone>\([ \t]*(?:withdrawn|retracted|dropped)[ \t]*\)[ \t]*)?"
    r"[:.\-–—][ \t]*(?P<text>\S.{2,})$",
    re.I,
)
# "Blocking. The replication group …": a level said as the text's first sentence.
_LEVEL_FIRST_SENTENCE_RE = re.compile(rf"({_LEVEL_ALT})\.[ \t]+(?=\S)", re.I)
_MID_LEVEL_LABEL_RE = re.compile(
    rf"[.;][ \t]+severity[ \t]*[:=-][ \t]*({_LEVEL_ALT})[ \t]*[.;](?:[ \t]|$)", re.I
)
_WITHDRAWN_BLOCK_RE = re.compile(
    r"(?:withdrawn|retracted)\b[ \t]*[-–—:][ \t]*\S"
    # ("Not an issue (withdrawn): multi-region coverage" after the last entry)
    r"|not[ \t]+an?[ \t]+(?:issue|failure|problem|defect)[ \t]*\((?:withdrawn|retracted)\)[ \t]*[-–—:]",
    re.I,
)
_TRAILING_LEVEL_LABEL_RE = re.compile(  # (also "… cost. **Severity:** High.", "Severity - High")
    rf"[\s.;,(—–*_-]*(?:severity|priority|impact|criticality)(?:[ \t]+(?:rating|level))?[*_]*(?:\s*[:=]|\s+[-–—])"
    rf"[*_\s]*({_LEVEL_ALT})\W*$",
    re.I,
)
# "1. Critical Failures - The error you are seeing is …" in a plain-text report: numbered
# entries that lead with their level.
_PLAIN_LEVELLED_RE = re.compile(
    rf"^(\d{{1,2}})[.)][ \t]*({_LEVEL_ALT})(?:[ \t]+(?:failures?|issues?|problems?|errors?|findings?)"
    # ("1. Blocking - terraform apply stops …": the level alone, then a dash, not "1. Critical:
    # Deployment Blockers", a category's name)
    r"[ \t]*[-–—:]|[ \t]+[-–—])[ \t]*(.*)$",
    re.I,
)
# An entry of a levelled run taken back: "4. Not a model failure - The ENI limit came from
# leftovers …", "3) I flagged the key, but on reflection this is not a failure".
_NOT_A_FAILURE_SAID_RE = re.compile(
    r"^\d{1,2}[.)][ \t]*not[ \t]+a[ \t]+(?:model[ \t]+)?failure[ \t]*[-–—:]"
    r"|\b(?:is|was)\s+not\s+(?:actually\s+)?a\s+(?:model\s+)?failure\b",
    re.I,
)


# Table columns: the failure's title, its level and its fix.
_TITLE_COL_RE = re.compile(
    r"issue|problem|failure|finding|title|description|gap|error|defect|fault|bug|flaw|mistake"
    r"|deficien|violation|omission|what broke|what went wrong|(?:what )?(?:the )?model (?:did|wrote)"
)


def _numbers_only(lines: list[str], tabbed: bool, start: int, end: int, col: int) -> bool:
    """Whether every row's cell in column `col` (rows start..end) is a bare number."""
    cells = [_cells(lines[r], tabbed) for r in range(start, end)]
    values = [row[col].strip(" *#`") for row in cells if col < len(row)]
    return bool(values) and all(value.isdigit() for value in values)


_NUMBER_COL_RE = re.compile(r"#\W*$|\b(?:no\.?|number|id)\W*$")
_LEVEL_COL_RE = re.compile(
    r"severity|priority|criticality|level|impact|risk|grade|weight|blast|rating|^\W*sev\W*$"
)
_MODEL_COL_RE = re.compile(r"model|response|generated")
_ACTION_COL_RE = re.compile(r"^\W*(?:action|recommend|step|to\s*do|next)")
_FIX_COL_RE = re.compile(r"fix|resolution|solution|correct|remediation|recommend|ideal|should")
_COUNT_COL_RE = re.compile(r"count|number|total|\bno\.|#\s*of|time|lines?\b")
_STATUS_COL_RE = re.compile(r"status|score")
# A status cell that says the row passed: "✅ Pass", "Met", "OK", "Compliant".
_PASSED_CELL_RE = re.compile(
    r"^[\W_]*(?:\u2705|\u2714|\u2713|pass(?:ed|es)?\b|met\b|ok\b|compliant\b|correct\b"
    r"|no\s+issues?\b|n/a\b)",
    re.I,
)


_NOT_DEFECTS_RE = re.compile(
    r"\bnot\s+(?:defects|failures|issues|problems|model\s+failures)\b|\bnot\s+counted\b", re.I
)
_SUMMARY_LINE_RE = re.compile(r"[\W_]*(?:summary|recap)\b", re.I)


def _plain_numbered_items(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """Plain-text reports (no markdown items): title-like "1. Title" lines numbered 1, 2, 3 …
    at the left margin; a short "Recommendations"-like line ends the run. Lines like
    "CRITICAL FAILURE 2.1: Title" are items too (and say their level)."""
    found: list[_Item] = []
    levelled: list[_Item] = []
    dropped = 0  # numbers of the levelled run taken back ("4. Not a model failure - …")
    lines, fenced = doc.lines, doc.fenced
    for i, line in enumerate(lines):
        if fenced[i] or not line[:1].isalpha():
            if line[:1].isdigit() and not fenced[i]:
                n = _PLAIN_LEVELLED_RE.match(line.rstrip())
                if n and int(n.group(1)) == len(levelled) + dropped + 1:
                    item = _Item(i, _first_sentence(n.group(3) or _next_text(doc, i)), -1, "list")
                    item.level = _level(n.group(2))
                    levelled.append(item)
                elif (
                    levelled
                    and (gone := _PLAIN_ENTRY_RE.match(line)) is not None
                    and int(gone.group(1)) == len(levelled) + dropped + 1
                    and _NOT_A_FAILURE_SAID_RE.search(line) is not None
                ):
                    # ("3) I originally flagged … on reflection this is not a failure.")
                    dropped += 1
                    levelled[-1].stop = levelled[-1].stop or i
                elif levelled and (e := _PLAIN_ENTRY_RE.match(line)) is not None:
                    # "3. The subnet group lists one subnet, so failover was rejected. High.":
                    # the next entry of the run, its level a closing sentence.
                    said = _SENTENCE_LEVEL_RE.search(line.rstrip()[-24:])
                    if int(e.group(1)) == len(levelled) + dropped + 1 and said is not None:
                        item = _Item(i, _first_sentence(_clean_inline(e.group(2))), -1, "list")
                        item.level = _level(said.group(1))
                        levelled.append(item)
            continue
        if found and line[:1] in "WwRrNn" and _WITHDRAWN_BLOCK_RE.match(line) is not None:
            # ("Withdrawn - Security group allows 5432 …" after "Failure 4 - …": a block of
            # its own, taken back; the entry above ends there.)
            found[-1].stop = found[-1].stop or i
            continue
        m = _PLAIN_LABELLED_RE.match(line.rstrip())
        if (
            m
            and line[:3].lower() == "gap"
            and "nowledge" in "".join(lines[max(0, i - 6) : i]).lower()  # ("KNOWLEDGE GAPS")
        ):
            m = None  # "Knowledge gaps:" over "Gap 1: …": what the model did not know
        k = _enclosing(doc, i) if m else -1
        if m and not (k >= 0 and excluded[k]):
            # "Finding 3 — Health check uses curl. Tasks flap. Severity: Critical": the title
            # is the text before a trailing level label, cut at a sentence past 150 characters.
            text, level = m.group("text"), m.group(1) or m.group("tag")
            if level is None and (led := _LEVEL_FIRST_SENTENCE_RE.match(text)) is not None:
                text, level = text[led.end() :], led.group(1)  # ("Issue one - Blocking. The …")
            tail = _TRAILING_LEVEL_LABEL_RE.search(text)
            if tail is None and "everity" in text:
                # "… Severity: medium, because the service starts but cannot connect."
                # "Wrong stream view type. Severity: Major. The model set …": mid-line.
                tail = _EXPLAINED_LEVEL_RE.search(text) or _MID_LEVEL_LABEL_RE.search(text)
            if tail is not None:
                text, level = text[: tail.start()], level or tail.group(1)
            if len(text) > 150:
                text = _first_sentence(text)[:150]
            item = _Item(i, _clean_inline(text).rstrip(". "), k, "list")
            item.level = _level(level)
            item.withdrawn = m.group("gone") is not None
            found.append(item)
    if len(found) >= 2:
        return found
    if levelled and not doc.headings:
        return levelled  # "1. Critical Failures - The error you are seeing is …"
    found = []
    section_level = None  # a plain-text section line's ("High-Severity Issues in Model Response")
    base = 0  # the entries before the current section line's group
    praise = False  # under a plain-text praise line, before any entry ("What … Did Well")
    for i, line in enumerate(lines):
        if fenced[i] or not line[:1].isdigit():
            stripped = line.strip()
            if (
                # (Not "Compliant: meets the encryption requirement.", a reason under an item;
                # nor "Works unchanged in every account.", a sentence of one.)
                (found and 0 < len(stripped) < 60 and ": " not in stripped and stripped[-1] != ".")
                or (stripped[-1:] == ":" and len(stripped) < 200)
            ) and _is_non_failure_section(stripped):
                if not found and stripped[-1:] == ":" and _PRAISE_LINE_RE.search(stripped):
                    praise = True  # "What went well:" over its list, "Problems found:" after
                    continue
                if found:
                    found[-1].stop = i  # (the last entry's text ends there, not at the end)
                    if (
                        ":" not in stripped
                        and _PRAISE_LINE_RE.search(stripped) is not None
                        and not _mentions_failure(stripped)
                    ):
                        # "What the Model Did Well" between entries: praise, until a line
                        # naming failures ("Minor Issues") opens the next group
                        praise = True
                        continue
                break  # ("The following parts … were correct and did not need changes:")
            if (
                found
                and praise
                and 0 < len(stripped) < 80
                and line[:1].isalpha()
                and _mentions_failure(stripped)
                and not _is_non_failure_section(stripped)
            ):
                praise = False
                section_level, base = _heading_level(stripped), len(found)
                continue
            if found and stripped[-1:] == ":" and _TURN_LEAD_RE.search(stripped) is not None:
                base = len(found)  # "In the second turn, after I pointed out …:" then "1. …"
                continue
            if not found and 0 < len(stripped) < 60 and line[:1].isalpha():
                if (
                    _is_non_failure_section(stripped)
                    and not _mentions_failure(stripped)
                    and _PRAISE_LINE_RE.search(stripped) is not None
                ):
                    praise = True  # "What the MODEL_RESPONSE Did Well" over its numbered list
                    continue
                if praise and _mentions_failure(stripped):
                    praise = False  # "Key Shortcomings": the failures, numbered from 1
            if (
                0 < len(stripped) < 80
                and ":" not in stripped  # ("Severity: High" under an entry is its own label)
                and stripped[-1:] not in ".,"
                and line[:1].isalpha()
            ):
                if found and _SUMMARY_LINE_RE.match(stripped) is not None:
                    break  # "Summary of Critical Issues" over "1. Selection: …": told again
                if found and _NOT_DEFECTS_RE.search(stripped) is not None:
                    found[-1].stop = i
                    break  # "CODE QUALITY IMPROVEMENTS (made while fixing; not defects …)"
                if found and _mentions_failure(stripped):
                    # "Moderate Issues", "Documentation Issues" after the first group: a new
                    # group, its own level (or none), its entries perhaps numbered from 1.
                    section_level, base = _heading_level(stripped), len(found)
                elif (
                    found
                    and _label_before(doc, found[0].line) is not None
                    and _opens_numbering(lines, i + 1)
                    and not (
                        _is_non_failure_section(stripped)
                        or _is_meta_section(stripped)
                        or _is_fix_section(stripped)
                        or _is_neutral_section(stripped)  # ("PERFORMANCE IMPROVEMENTS")
                        or _PRAISE_LINE_RE.search(stripped)
                    )
                ):
                    # "Deployment errors" over "1. …", then "Code quality" over "1. …": the
                    # document's parts, each numbered from 1.
                    section_level, base = _heading_level(stripped), len(found)
                else:
                    section_level = _heading_level(stripped) or section_level
            continue
        m = _PLAIN_NUMBERED_RE.match(line)
        if praise:
            if m is None or not (_mentions_failure(m.group(2)) or _heading_level(m.group(2))):
                continue
            praise = False  # "1. Blocking Problems (deploy fails)" after what it got right
        if not m or int(m.group(1)) not in (len(found) + 1, len(found) - base + 1):
            if found and line.startswith((f"{len(found) + 1}. ", f"{len(found) + 1}) ")):
                tag = _LABELLED_TAG_RE.search(line)
                if tag is not None and _PLAIN_NUMBERED_RE.match(line[: tag.start()].rstrip()):
                    # "3. managed_termination_protection enabled without … (severity: minor)":
                    # a title line still, long only by its level tag.
                    m = _PLAIN_ENTRY_RE.match(line)
                elif (
                    i + 1 < len(lines)
                    and lines[i + 1][:1] in (" ", "\t")
                    and lines[i + 1].strip()
                    and len(line) <= 160
                ):
                    # "3) Route 53 alias record uses the bucket website endpoint rather than …"
                    # over its indented details, as its siblings: a long title still.
                    m = _PLAIN_ENTRY_RE.match(line)
                else:
                    # The next entry runs past a title's length: these are sentences, not
                    # title lines ("3. `NewFargateService` gets … — Severity 2/5"); a list
                    # reader further on takes each whole.
                    return []
            if m is None or int(m.group(1)) != len(found) + 1:
                continue
        k = _enclosing(doc, i)
        title = _clean_inline(m.group(2))
        level = None
        bold = _BOLD_TITLE_RE.match(m.group(2).strip())
        tail = _TRAILING_LEVEL_LABEL_RE.search(m.group(2))
        closing = m.group(2).rstrip("*_ ")
        tag = _CLOSING_TAG_RE.search(closing[-24:]) if closing[-1:] in ").]" else None
        if bold is not None and len(bold.group(2)) <= 30:
            # "1. **Output used as a string** — Critical.": the bold title, then its level.
            title = _clean_inline(bold.group(1)).rstrip(":")
            level = _heading_level(bold.group(2)) if bold.group(2) else None
        elif tail is not None:
            # "1. NAT gateway in a private subnet. Severity: Critical.": its first sentence.
            title = _first_sentence(_clean_inline(m.group(2)[: tail.start()]))
            level = _level(tail.group(1))
        elif tag is not None:
            # "1. **No state locking** — no lock table. *(critical)*", "3. No tags. (medium)"
            title = (
                _clean_inline(bold.group(1)).rstrip(":")
                if bold is not None
                else _first_sentence(closing[: max(0, len(closing) - 24) + tag.start()])
            )
            level = _level(tag.group(1))
        elif bold is not None:
            # "1. **SNS topic not encrypted** — no `master_key`; … High.": the bold title, and
            # the level a last sentence says, if it says one.
            title = _clean_inline(bold.group(1)).rstrip(":")
            rest = bold.group(2).strip()
            lead = _TITLE_TAG_RE.match(rest) if rest[:1] in ("(", "[") else None
            said = _SENTENCE_LEVEL_RE.search(closing[-24:]) if closing[-1:] == "." else None
            level = _level((lead or said).group(1)) if lead or said else None  # ("… (Medium) - …")
        if level is None and "everity" in m.group(2):
            # "1) Region set to a zone. Severity high: plan fails.", "… Severity medium, …"
            said = _TRAILING_SEVERITY_RE.search(m.group(2)) or _EXPLAINED_LEVEL_RE.search(
                m.group(2)
            )
            if said is not None:
                level = _level(said.group(1))
                title = _first_sentence(_clean_inline(m.group(2)[: said.start()])).rstrip(". ")
        if level is None and "\t" in title:
            # "1) SNS topic encryption<tab>High": a row of a plain table, its last cell a level
            name, _, cell = title.rpartition("\t")
            if (cell_level := _LEVEL_ONLY_RE.match(cell.strip())) is not None:
                title, level = name.strip(), _level(cell_level.group(1))
        if (k >= 0 and excluded[k]) or _is_tally_title(title):
            continue
        # ("2. Certificate Output Missing:" over its paragraph: no colon.)
        item = _Item(i, title[:-1].rstrip() if title[-1:] == ":" else title, k, "list")
        item.level = level
        if level is None and "everity" in (rest := " ".join(_wrapped_lines(doc, i))):
            # "2) The table uses on-demand but …,\nwhich the provider rejects. Severity:
            # critical.": the level its wrapped lines end with.
            said = _TRAILING_SEVERITY_RE.search(rest) or _EXPLAINED_LEVEL_RE.search(rest)
            item.level = level = _level(said.group(1)) if said else None
        if level is None and section_level is not None:
            # The section line's level, unless the entry states its own ("Severity: High"
            # under it, read with its fields).
            near = lines[i + 1 : i + 4]
            if not any(_OWN_LEVEL_LINE_RE.match(line) for line in near):
                item.level = section_level
        found.append(item)
    if len(found) < 2:
        return []
    grouped = (
        _titled_paragraphs(doc, found) or _lettered_under(doc, found) or _dotted_under(doc, found)
    )
    if grouped:
        return grouped
    # ("Minor points (cosmetic, still worth fixing):" over bullets after the last entry)
    bullets = [
        (i, m)
        for i in range(found[-1].line + 1, len(lines))
        if lines[i][:2] in ("- ", "* ", "+ ") and (m := _MARGIN_BULLET_RE.match(lines[i]))
    ]
    return found + (_extra_bullets(doc, found[-1].line, bullets) if bullets else [])


_DOTTED_ENTRY_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?[ \t]+([^\s.:;,!?][^\n]{2,100}?)[ \t]*$")


def _dotted_under(doc: _Doc, entries: list[_Item]) -> list[_Item]:
    """Under plain numbered category lines ("1. Synthesis problems"), the dotted entries
    numbered within each ("1.1 Wrong module for the service" over its indented labels): the
    failures, when every category but a praise one holds some; a praise category's ("3.
    Things that were done correctly (no action needed)") are not."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for n, entry in enumerate(entries):
        stop = entries[n + 1].line if n + 1 < len(entries) else len(lines)
        number = _PLAIN_ENTRY_RE.match(lines[entry.line])
        praise = _PRAISE_LINE_RE.search(entry.title) is not None
        held = 0
        for i in range(entry.line + 1, stop):
            m = (
                None
                if fenced[i] or not lines[i][:1].isdigit()
                else _DOTTED_ENTRY_RE.match(lines[i])
            )
            if m is None or number is None or m.group(1) != number.group(1):
                continue
            held += 1
            if not praise:
                found.append(_Item(i, _clean_inline(m.group(3)), entry.heading, "list"))
        if not held and not praise:
            return []
    return found


def _lettered_under(doc: _Doc, entries: list[_Item]) -> list[_Item]:
    """Under plain numbered area lines ("1. Networking"), the lettered entries nested under
    each ("   a) Peering created with auto_accept … (Major)"): the failures, when every area
    holds some."""
    last = entries[-1].line
    stop = next((h[0] for h in doc.headings if h[0] > last), len(doc.lines))
    nested = _list_items(doc, entries[0].line, stop, entries[0].heading)
    if len(nested) < len(entries) or any(
        doc.lines[it.line][:1] not in (" ", "\t") for it in nested
    ):
        return []
    return nested


# "ASG in Public Subnets: The single biggest failure. …": a paragraph led by a short title.
_TITLED_PARAGRAPH_RE = re.compile(
    r"^(?:\*\*|__)?([A-Z](?:[^:*_\n]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])){2,100}?)"
    r"(?:(?:\*\*|__):|:(?:\*\*|__)|:)[ \t]+(\S.{30,})$"  # ("CODE_DEPLOY" in a title)
)  # ("**Rotation Lambda Outside the VPC**: The rotation function has no `vpcConfig` …" too)


def _titled_paragraphs(doc: _Doc, entries: list[_Item]) -> list[_Item]:
    """Under plain numbered category lines ("2. Deployment Blockers"), paragraphs that each
    open with their own short title ("Missing Lambda Code File: The model defines …"): each
    paragraph is a failure, at its category's level; [] unless every category holds one and
    some hold more."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    groups = 0
    for n, entry in enumerate(entries):
        stop = entries[n + 1].line if n + 1 < len(entries) else len(lines)
        if _is_non_failure_section(entry.title) and _PRAISE_LINE_RE.search(entry.title):
            continue  # "4. Things the Model Did Well": its paragraphs are praise
        groups += 1
        level = entry.level or _heading_level(entry.title)
        under = 0
        for i in range(entry.line + 1, stop):
            line = lines[i]
            if line[-1:] == ":" and not fenced[i] and _is_part_label(line):
                return []  # "Model Response Problem:" alone: the entries are items, in parts
            if fenced[i] or (i and lines[i - 1].strip()) or line.lstrip("*_")[:1] not in _UPPER:
                continue  # (a paragraph's first line, at the margin)
            m = _TITLED_PARAGRAPH_RE.match(line)
            if m is None:
                continue
            title = m.group(1).strip()
            if (
                len(title.split()) > 12
                or _label_field(title)
                or _is_item_part(title)
                or _is_meta_section(title)
                or _is_non_failure_section(title)
                or title.lower() in _CLOSING_REMARKS
            ):
                continue  # ("Issue: …", "Note: …", "Summary: …", "Overall: …": no titles)
            item = _Item(i, _clean_inline(title), entry.heading, "list")
            item.level = level
            found.append(item)
            under += 1
        if not under:
            return []
    return found if len(found) > groups else []


def _is_part_label(line: str) -> bool:
    """Whether a plain line is only the label of an item's part ("Model Response Problem:",
    "Ideal Response Solution:"): what the model wrote, or the fix."""
    label = line.strip().rstrip(":")
    return label.count(" ") <= 3 and _label_field(label) in ("model_snippet", "ideal_fix")


_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CLOSING_REMARKS = frozenset(("overall", "in short", "bottom line", "in summary", "conclusion"))
# ("Severity: High" under an entry; not "Impact: Any credential leak is …", prose)
_OWN_LEVEL_LINE_RE = re.compile(
    rf"^[ \t*_-]*(?:severity|impact|priority|risk)\b[^:\n]{{0,20}}:[ \t*_]*(?:{_LEVEL_ALT})\b",
    re.I,
)


# "**Issue 1** — Artifact bucket uses SSE-S3 instead of the CMK": the item's number in bold,
# its title after a dash.
_BOLD_NUMBER_LEAD_RE = re.compile(
    r"^(?:\*\*|__)[ \t]*(?:issue|failure|finding|problem|defect|bug|gap|error|flaw)[ \t]*#?"
    r"\d{1,3}[ \t]*(?:\*\*|__)[ \t]*[—–-][ \t]*(\S.{2,150}?)[ \t]*$",
    re.I,
)


_BOLD_NUMBER_LEAD_HINT_RE = re.compile(  # (on the lower-cased text; the "\n" leads)
    r"\n(?:\*\*|__)[ \t]*(?:issue|failure|finding|problem|defect|bug|gap|error|flaw)[ \t]*#?\d"
)


def _bold_number_leads(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """Lines that open with an item's number in bold and go on with its title ("**Issue 1** —
    Artifact bucket uses SSE-S3"), two or more: one failure each."""
    if _BOLD_NUMBER_LEAD_HINT_RE.search(doc.low) is None:
        return []  # (one search of the text: most documents hold no such line)
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i, line in enumerate(lines):
        if line[:2] not in ("**", "__") or fenced[i]:
            continue
        m = _BOLD_NUMBER_LEAD_RE.match(line)
        if m is None:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue
        found.append(_Item(i, _clean_inline(m.group(1)), k, "bold"))
    return found if len(found) >= 2 else []


def _next_text(doc: _Doc, i: int) -> str:
    """The first non-blank unfenced line after line i (within ten lines), stripped."""
    for j in range(i + 1, min(i + 11, len(doc.lines))):
        if doc.lines[j].strip() and not doc.fenced[j]:
            return doc.lines[j].strip()
    return ""


def _first_sentence(body: str) -> str:
    """A title from an entry's text: its first sentence, at most 150 characters."""
    title = _SENTENCE_END_RE.split(body.strip(), maxsplit=1)[0].rstrip(". ")
    if len(title) > 150:
        title = title[:150].rsplit(" ", 1)[0]
    return _clean_inline(title)


# ("2.Medium: Model used count …": a capital right after the number's dot.)
_NUMBERED_LINE_RE = re.compile(r"^ {0,3}(\d{1,3})[.)](?:[ \t]+|(?=[A-Z]))(\S.*)$")
_SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9)`'\"][.!?])\s+(?=\S)")


# "**Open bucket** - the bucket is public.", "**Problem #1 (critical):** The bucket …": a
# paragraph opening with its bold title.
# ("**Cron expression uses 5 fields.** `cron(0 2 * * *)` is rejected": a bold sentence.)
# ("**3. CIDR overlap** between A and C. Severity: Critical": a numbered bold title, whatever
# follows it, a line of its own even with no blank line above.)
_BOLD_PARAGRAPH_RE = re.compile(
    r"(?:\*\*|__)((?:[^*_\n]|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])|(?<=[:\s])\*(?!\*)){3,100}?)"
    r"(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*[:\-–—])[ \t]*\S"
    r"|\*\*((?:`[^`\n]*`|[^*\n]|(?<=[:\s])\*(?!\*)){3,160}?(?<=[\w)`'\"])[.!?])\*\*(?:[ \t]+\S|[ \t]*$)"  # (code may hold "*")
    r"|\*\*\d{1,3}[.)][ \t]+([^*\n]{3,160}?)\*\*(?!\*)[ \t]*\S"
)
# "… Apply error. Severity: High" ending a paragraph: its level.
_TRAILING_SEVERITY_RE = re.compile(  # ("… the preview failed. Severity - High" too)
    rf"\b(?:severity|impact|priority)(?:[ \t]+(?:rating|level))?[*_]*(?:[ \t]*[:=]|[ \t]+[-–—]|[ \t])"
    rf"[*_ \t]*({_LEVEL_ALT})\W*$",  # ("— Severity Rating: Low" too)
    re.I,
)

_LEADING_SEVERITY_RE = re.compile(
    rf"(?:severity|impact|priority)(?:[ \t]+(?:rating|level))?[*_]*[ \t]*[:=][*_ \t]*({_LEVEL_ALT})\b",
    re.I,
)


# A level right after a bold title: "(Medium) - the rule …", "— 🟡 Medium", ": High."
_REST_LEVEL_RE = re.compile(
    rf"[\s—–:-]*(?:[^\w\s(]\ufe0f?[ \t]*)?\(?[ \t]*({_LEVEL_ALT})\b[ \t]*\)?"
    r"(?=[ \t]*(?:$|[—–:.,-]))",
    re.I,
)


def _bold_paragraphs(doc: _Doc, start: int, end: int, k: int) -> list[_Item]:
    """A failure section's paragraphs (no list) that each open with a bold title and go on to
    say what is wrong ("**Open bucket** - the bucket is public."): one failure each, when there
    are two or more and none is a field label ("**Fix**: …")."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    previous_blank = True
    for i in range(start, end):
        line = lines[i]
        if fenced[i] or not line.strip():
            previous_blank = True
            continue
        opens = line[:2] in ("**", "__") and (previous_blank or line[2:3].isdigit())
        previous_blank = False
        m = _BOLD_PARAGRAPH_RE.match(line) if opens else None
        if m is None:
            continue
        title = _clean_inline(m.group(1) or m.group(2) or m.group(3)).rstrip(":").strip()
        if _label_field(title) or _is_non_failure_section(title) or _is_item_part(title):
            if found and _label_field(title):
                continue  # "**Fix**: …" under a titled paragraph: that item's own field
            return []  # labelled fields or parts: an item's body, not a run of titled paragraphs
        if m.group(2):
            title = title.rstrip(".!?")
        if m.group(2) or title[:1].isdigit():
            # "**Failure #4 – Price class left at All.**", "**1. Wrong VPC** — …"
            numbered = _NUMBERED_RE.match(title)
            if numbered is not None and numbered.group(5).strip():
                title = numbered.group(5).strip()
        rest = line[m.end() - 1 :].strip()
        item = _Item(i, title, k, "list", rest)
        if "everity" in rest or "mpact" in rest or "riority" in rest:
            # (Ending the paragraph, or leading it: "**No deletion protection** — Severity:
            # Medium. The flag is false.")
            level = _TRAILING_SEVERITY_RE.search(rest) or _LEADING_SEVERITY_RE.match(
                rest.lstrip("–—-: ")
            )
            item.level = _level(level.group(1)) if level else None
        if item.level is None and rest and (said := _REST_LEVEL_RE.match(rest)) is not None:
            # "**5. Rule error action missing** (Medium) - …", "**3. Crawler …** — 🟡 Medium"
            item.level = _level(said.group(1))
        led = _LEVEL_ONLY_RE.match(title)
        if led is not None and rest:
            # "**Major** — `NewRoute` passes the instance ID": its level, then its title.
            item.title = _TITLE_CUT_RE.split(_clean_inline(rest).lstrip("–—-: "), maxsplit=1)[0]
            item.title = item.title.rstrip(" .")
            item.level = _level(led.group(1))
        tag = _BARE_ITEM_TITLE_RE.match(title)
        if tag is not None:
            # "**Problem #1 (critical):** The S3 notification …": named by its first sentence.
            item.title = _first_sentence(_clean_inline(rest)) or title
            item.level = _level(tag.group(1)) if tag.group(1) else None
        found.append(item)
    if len(found) == 1 and (k < 0 or _heading_level(doc.headings[k][2]) is None):
        return []  # (one titled paragraph is a failure only under a level's heading)
    return found


# A bold lead-in that only numbers an item, perhaps with its level: "Problem #1 (critical)".
_BARE_ITEM_TITLE_RE = re.compile(
    rf"^(?:issue|problem|failure|finding|defect|bug|gap)\s*#?\s*\d{{1,3}}"
    rf"(?:\s*[(\[]\s*({_LEVEL_ALT})\s*[)\]])?$",
    re.I,
)


def _bold_label_lists(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """Bullets right under a bold line that names what went wrong ("**What went wrong**",
    "**Issues found:**"), outside excluded sections: each bullet is a failure. (A sibling
    "**What went well**" list is praise: its line names no failure.)"""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    leads = 0
    for i in doc.bold_starts:
        if fenced[i] or i + 1 >= len(lines) or not _LIST_ITEM_RE.match(lines[i + 1]):
            continue
        m = _BOLD_LINE_RE.match(lines[i])
        label = _clean_inline(m.group(1)).rstrip(":").strip() if m else ""
        if not label or not _mentions_failure(label) or _is_non_failure_section(label):
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k]:
            continue
        leads += 1
        if leads > 1 and _TRAILING_LEVEL_TAG_RE.search(label):
            # "**Secrets Handling Issues (Critical):**", "**Replica Issues (High):**": groups
            # rated by their titles, each one failure (`_plain_group_titles` reads them).
            return []
        end = i + 1
        while end < len(lines) and lines[end].strip() and not fenced[end]:
            end += 1
        found += _list_items(doc, i + 1, end, k)
    return found


_TRAILING_LEVEL_TAG_RE = re.compile(rf"\((?:{_LEVEL_ALT})\)$", re.I)


_LABEL_COLON_RE = re.compile(r":(?=\s|$)")


def _title_list_items(
    doc: _Doc, failing: list[int], excluded: list[int], after_prose: bool = False
) -> list[_Item]:
    """A document that is only a failure title over a numbered list ("# Model Failures" then
    "1. Model used the wrong …", "2. …"): each numbered entry, sentences and all, is a failure,
    titled by its first sentence. With `after_prose` (a last resort), a heading-less note's
    opening prose that says something went wrong may stand for the title."""
    if doc.headings and excluded[0] == _HARD:
        return []  # ("## Failure Conditions" over a rubric's bullets: no findings)
    plain = not doc.headings and _opens_with_issues(doc, after_prose)
    if (
        not plain
        and doc.headings
        and failing[0] != 1
        and _REVIEW_TITLE_RE.match(doc.headings[0][2])
    ):
        # "## Review notes" over "- **Rotation**: `EnableKeyRotation` is not set", …: a
        # reviewer's notes, failures when they say what is wrong.
        end = doc.headings[1][0] if len(doc.headings) > 1 else len(doc.lines)
        found = _title_bold_bullets(doc, doc.headings[0][0] + 1, end)
        faults = sum(1 for it in found if _FAULT_SENTENCE_RE.search(it.inline))
        return found if faults * 2 >= len(found) else []
    if not plain and (not doc.headings or failing[0] != 1):
        return []
    line_no = doc.headings[0][0] if not plain else plain - 1
    end = doc.headings[1][0] if len(doc.headings) > 1 else len(doc.lines)
    found = []
    numbers: list[int] = []
    entries: list[tuple[int, re.Match[str]]] = []
    bullets: list[tuple[int, re.Match[str]]] = []
    for i in range(line_no + 1, end):
        if doc.fenced[i]:
            continue
        line = doc.lines[i]
        m = _NUMBERED_LINE_RE.match(line)
        if m is not None:
            numbers.append(int(m.group(1)))
            entries.append((i, m))
        elif line[:2] in ("- ", "* ", "+ ") and (b := _MARGIN_BULLET_RE.match(line)) is not None:
            bullets.append((i, b))
    if numbers and numbers != list(range(1, len(numbers) + 1)) and set(numbers) != {1}:
        # A second list numbered from 1 again ("The following parts … were correct:") is
        # other content: the first enumeration is the failures.
        restart = next((n for n in range(1, len(numbers)) if numbers[n] == 1), 0)
        if restart < 2 or numbers[:restart] != list(range(1, restart + 1)):
            return []  # not one enumeration from 1 (nor "1." each time, as markdown allows)
        tail = numbers[restart:]
        lead = _lead_in_before(doc, entries[restart][0])
        label = _label_before(doc, entries[restart][0])
        if (
            tail == list(range(1, len(tail) + 1))
            and lead is not None
            and not (_is_non_failure_section(lead) or _is_fix_section(lead))
            and _TURN_LEAD_RE.search(lead) is not None
        ):
            pass  # "In the second turn, after I pointed out …:" over "1. …": more of them
        elif (
            tail == list(range(1, len(tail) + 1))
            and label is not None
            and _label_before(doc, entries[0][0]) is not None
            and not (
                _is_non_failure_section(label)
                or _is_fix_section(label)
                or _PRAISE_LINE_RE.search(label)
                or _is_meta_section(label)
            )
        ):
            pass  # "Deployment errors" over "1. …", then "Code quality" over "1. …": parts
        else:
            entries, numbers = entries[:restart], numbers[:restart]
    if not entries and len(bullets) >= 2 and _FIXES_LEAD_RE.search(doc.text):
        # The first list only when a fixes lead-in follows it ("Fixed in IDEAL_RESPONSE:" over
        # "- [x] …"): the fixes are the same faults again.
        for n in range(1, len(bullets)):
            if not _only_bullets_between(doc, bullets[n - 1][0], bullets[n][0]):
                between = [
                    line.strip()
                    for line in doc.lines[bullets[n - 1][0] + 1 : bullets[n][0]]
                    if line.strip() and line[:1] not in " \t"
                ]
                if len(between) == 1 and _FIXES_LEAD_RE.match(between[0]):
                    bullets = bullets[:n]
                break
    if (
        plain
        and not entries
        and len(bullets) >= 2
        and any(
            _BOLD_GROUP_LABEL_RE.match(line) for line in doc.lines[bullets[0][0] : bullets[-1][0]]
        )
    ):
        return []  # "**Secrets Handling Issues (Critical):**" over its bullets: groups, each one
    if not entries and len(bullets) >= 2:
        # "Done right:", "Things the model handled well:" between two lists: the praise
        # starts there; the failures are the bullets before it.
        for n in range(1, len(bullets)):
            lead = [
                line.strip()
                for line in doc.lines[bullets[n - 1][0] + 1 : bullets[n][0]]
                if line.strip() and line[:1] not in " \t"
            ]
            if len(lead) == 1 and lead[0][-1:] == ":" and _PRAISE_LEAD_RE.search(lead[0]):
                bullets = bullets[:n]
                break
    if (
        not entries
        and len(bullets) >= 2
        # (A heading-less note's first line already announced them: "Gaps found in …:".)
        and (
            _intro_tells_failures(doc, bullets[0][0])
            if not plain
            else not _MAYBE_RE.search(doc.lines[plain - 1])  # ("Potential gaps and …:")
        )
        and _only_bullets_between(doc, bullets[0][0], bullets[-1][0])
    ):
        entries = bullets  # "# Model Failures Analysis", "This document details the failures …"
    for i, m in entries:
        body = m.group(2).strip()
        if body[:1] == "[" and body[2:3] == "]" and body[1:2] in " xX":
            if body[1] != " ":
                continue  # "- [x] ALB with HTTPS listener": a ticked box, met
            body = body[3:].lstrip()  # "- [ ] Log group retention (low)": an open one, missed
        # (In a plain-text report, "2. VPC CIDR Blocks: The MODEL_RESPONSE uses …" is titled
        # by the words before the colon; not "grants s3:GetObject", a colon inside a name.)
        colon = _LABEL_COLON_RE.search(body, 0, 70) if plain and ":" in body[:70] else None
        head = body[: colon.start()] if colon else ""
        if head and _PRAISE_HEAD_RE.match(head):
            continue  # "+ Good: provider region taken from AWS_REGION …": what went right
        bold = _BOLD_TITLE_RE.match(body) if body[:2] == "**" else None
        led = _LEVEL_ONLY_RE.match(head) if head else None
        if led is not None and colon is not None:
            body, head = body[colon.end() :].strip(), ""  # "1. Critical: Model put the RDS …"
        if (
            head
            and len(head.split()) <= 8
            and ". " not in head
            and not any(c in head for c in "!?`(")
        ):
            title = head
        elif bold is not None:
            title = bold.group(1).rstrip(":")  # "**No state locking** — the backend …"
        else:
            title = _SENTENCE_END_RE.split(body, maxsplit=1)[0].rstrip(". ")
        if len(title) > 150:
            title = title[:150].rsplit(" ", 1)[0]
        item = _Item(i, _clean_inline(title), 0 if not plain else -1, "list")
        tail = body.rstrip("*_ ")  # ("… *(critical)*" in italics)
        lead = (
            _TITLE_TAG_RE.match(bold.group(2))
            if bold is not None and bold.group(2)[:1] in ("(", "[")
            else None
        )
        if lead is not None:
            item.level = _level(lead.group(1))  # "1. **Hardcoded AZ** (Medium) - the subnet …"
        elif led is not None:
            item.level = _level(led.group(1))
        elif tail[-1:] in ").]" and (tag := _CLOSING_TAG_RE.search(tail[-24:])) is not None:
            item.level = _level(tag.group(1))  # "… so no object was ever copied. (high)"
        elif tail[-1:] == "." and (said := _SENTENCE_LEVEL_RE.search(tail[-24:])):
            item.level = _level(said.group(1))  # "… deploy fails. Critical."
        elif "everity" in body or "riority" in body or "mpact" in body:
            # "… failed with MalformedPolicy. Severity: critical.", "… Impact: High — no egress"
            level = _TRAILING_SEVERITY_RE.search(body) or _EXPLAINED_LEVEL_RE.search(body)
            item.level = _level(level.group(1)) if level else None
            if level is None and (scaled := _FIVE_SCALE_SAID_RE.findall(body)):
                item.level = _FIVE_SCALE[int(scaled[-1])]  # "… unused. **Severity: 5/5**"
        if item.level is None and plain:
            # "2) The table uses on-demand but the model also set capacity,\nwhich the provider
            # rejects. Severity: critical, nothing deploys …": the entry's wrapped lines.
            rest = " ".join(_wrapped_lines(doc, i))
            if "everity" in rest:
                level = _TRAILING_SEVERITY_RE.search(rest) or _EXPLAINED_LEVEL_RE.search(rest)
                item.level = _level(level.group(1)) if level else None
        found.append(item)
    if len(found) >= 2:
        if plain and entries is not bullets and bullets and bullets[0][0] > found[-1].line:
            found += _extra_bullets(doc, found[-1].line, bullets)
        return found
    # Or bold-titled bullets, or paragraphs ("**Problem #1 (critical):** The bucket …"), or
    # lines a colour mark opens ("🔴 **DependsOn cycle** — …").
    return (
        _title_bold_bullets(doc, line_no + 1, end)
        or (_bold_paragraphs(doc, line_no + 1, end, 0) if not plain else [])
        or _marked_bold_lines(doc, line_no + 1, end)
    )


def _extra_bullets(doc: _Doc, after: int, bullets: list[tuple[int, re.Match[str]]]) -> list[_Item]:
    """The bullets a plain lead-in line sets out as more failures after the numbered ones
    ("Minor points (cosmetic, still worth fixing):" over "- Tag keys mix …"), at the level it
    names; not those under praise ("Things the MODEL_RESPONSE got right:")."""
    lines = doc.lines
    found: list[_Item] = []
    level: str | None = None
    taking = False
    for i in range(after + 1, len(lines)):
        text = lines[i].strip()
        if not text:
            continue
        if text[-1:] == ":" and _PLAIN_LEAD_LINE_RE.match(text):
            lead = text[:-1]
            # (Not "After fixing these, the stack:" over what now works.)
            taking = (
                (_EXTRA_POINTS_RE.search(lead) is not None or _heading_level(lead) is not None)
                and not _is_non_failure_section(lead)
                and _PRAISE_LINE_RE.search(lead) is None
            )
            level = _heading_level(lead) if taking else None
            continue
        m = _MARGIN_BULLET_RE.match(lines[i]) if lines[i][:2] in ("- ", "* ", "+ ") else None
        if m is None:
            taking = False
            continue
        if taking:
            title = _SENTENCE_END_RE.split(m.group(2).strip(), maxsplit=1)[0].rstrip(". ")
            item = _Item(i, _clean_inline(title), -1, "list")
            item.level = level
            found.append(item)
    return found


_EXTRA_POINTS_RE = re.compile(
    r"\b(?:minor|other|additional|further|smaller)\s+(?:points|issues|problems|nits|findings)\b",
    re.I,
)


_MARKED_BOLD_RE = re.compile(
    rf"([{_MARKS}])\ufe0f?[ \t]+\*\*((?:`[^`\n]*`|[^*\n]){{2,150}}?)\*\*[ \t]*(.*)$"
)


def _marked_bold_lines(doc: _Doc, start: int, end: int) -> list[_Item]:
    """Lines that each open with a colour mark and a bold title, no list marker ("🔴 **OAI
    mismatch** — the bucket is public"): one failure each, the mark its level by the legend."""
    found: list[_Item] = []
    lines, fenced = doc.lines, doc.fenced
    for i in range(start, end):
        line = lines[i]
        if line[:1] > "~" and not fenced[i] and (m := _MARKED_BOLD_RE.match(line)) is not None:
            item = _Item(i, _clean_inline(m.group(2)).rstrip(":"), 0, "list", m.group(3).strip())
            item.mark = m.group(1)
            found.append(item)
    return found if len(found) >= 2 else []


_TITLE_TAG_RE = re.compile(
    rf"[(\[][ \t]*(?:severity[ \t]*[:=][ \t]*)?({_LEVEL_ALT})[ \t]*[)\]]", re.I
)
_CLOSING_TAG_RE = re.compile(rf"[(\[][ \t*_]*({_LEVEL_ALT})[ \t*_]*[)\]]\W*$", re.I)
_LABELLED_TAG_RE = re.compile(  # ("… on the ASG (severity: minor)")
    rf"[(\[][ \t*_]*(?:(?:severity|priority|impact)[ \t]*[:=][ \t]*)?({_LEVEL_ALT})[ \t*_]*[)\]]\W*$",
    re.I,
)
_MAYBE_RE = re.compile(r"\b(?:potential|possible|hypothetical|common|typical)\b", re.I)
_MARGIN_BULLET_RE = re.compile(r"^()[-*+][ \t]+(?![*_]{2})(\S.*)$")
_NO_FAULT_INTRO_RE = re.compile(
    r"\b(?:no|none|zero)\b[^.\n]*\b(?:failures?|issues?|problems?|errors?)\b"
    r"|\bcorrect(?:ly)?\b|\bwell\b|\bstrengths?\b",
    re.I,
)


def _only_bullets_between(doc: _Doc, first: int, last: int) -> bool:
    """Whether lines first to last are one list: bullets, their indented or labelled lines
    ("**Issue**: …") and blank lines, no paragraph of prose at the margin between them."""
    for i in range(first, last):
        line = doc.lines[i]
        if not line or line[:1] in " \t-*+" or doc.fenced[i]:
            continue
        if line[:2] in ("**", "__") and _match_label(line) is not None:
            continue
        return False
    return True


# A level label mid-entry, its explanation after a dash: "Impact: High — instances have no …".
# A bold label over a group of bullets: "**Secrets Handling Issues (Critical):**".
_BOLD_GROUP_LABEL_RE = re.compile(r"(?:\*\*|__)[^*_\n]{3,60}(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*$")
# A plain lead-in over praise: "Done right:", "Things the model handled well:", "Strengths:".
_PRAISE_LEAD_RE = re.compile(
    r"\b(?:done|got|did|went|handled|worked)\s+(?:well|right|correctly)\b|\bstrengths?\b"
    r"|\bwhat\s+worked\b|\bpositives?\b|\bgood\s+(?:parts|points)\b",
    re.I,
)
# A list entry's head that praises: "Good:", "Done well:", "Strength:", "What worked:".
_PRAISE_HEAD_RE = re.compile(
    r"[\W_]*(?:good|nice|done\s+(?:well|right)|well\s+done|strengths?|positives?"
    r"|what\s+worked|kudos)[\W_]*$",
    re.I,
)
_ENTRY_START_RE = re.compile(r"[ \t]*(?:(?:\d{1,3}|[A-Za-z])[.)]|[-*+])[ \t]")


def _wrapped_lines(doc: _Doc, i: int) -> list[str]:
    """The lines a plain-text entry at line i wraps onto, up to a blank line (a few at most)."""
    lines, found = doc.lines, []
    for j in range(i + 1, min(i + 6, len(lines))):
        if not lines[j].strip() or doc.fenced[j] or _ENTRY_START_RE.match(lines[j]):
            break  # (a blank line, or the next entry: "2)", "a)", "- …")
        found.append(lines[j].strip())
    return found


_EXPLAINED_LEVEL_RE = re.compile(
    rf"(?:^|[.;)][ \t]+)(?:severity|impact|priority)[*_]*[ \t]*(?::|[ \t][—–-])?[*_ \t]*"
    rf"({_LEVEL_ALT})\b[*_]*"
    # ("Severity: critical, nothing …", "Severity high: …", "Severity - low, but …",
    # "Severity - low (it still breaks CI)")
    r"(?:[ \t]+[—–-]|[,;:]|[ \t]+(?=\())[ \t]+\S",
    re.I,
)
# A lead-in line over the list of what was fixed: "Fixed in IDEAL_RESPONSE:", "Fixes applied:".
_FIXES_LEAD_RE = re.compile(
    r"^[*_]*(?:fixed|fixes|corrected|corrections)\b[^\n:]{0,40}:[*_]*[ \t]*$", re.I | re.M
)


def _intro_tells_failures(doc: _Doc, first: int) -> bool:
    """Whether the prose between the title and line `first` announces failures, and none of
    it says there are none ("This document details the failures in the original response");
    or there is none, and the title announces them ("# Model failures" over its bullets)."""
    text = " ".join(doc.lines[doc.headings[0][0] + 1 : first]).strip()
    if not text:
        return _mentions_failure(doc.headings[0][2])
    return _mentions_failure(text) and _NO_FAULT_INTRO_RE.search(text) is None


_REVIEW_TITLE_RE = re.compile(
    r"^\W*(?:code\s+|model\s+)?review(?:er)?(?:'s)?(?:\s+notes|\s+comments|\s+of\s+the\s+"
    r"(?:model(?:'s)?\s+)?response)?\W*$",
    re.I,
)


def _opens_with_issues(doc: _Doc, after_prose: bool = False) -> int:
    """In a document without headings, 1 + the index of its first line when that line
    announces issues and ends in a colon ("The MODEL_RESPONSE.md contains several
    infrastructure issues that need to be corrected:"), else 0."""
    prose = 0
    for i, line in enumerate(doc.lines[:8]):
        text = line.strip()
        if text:
            if text.endswith(":") and len(text) < 200 and _section_words(text) & _ISSUE:
                return i + 1
            if text.endswith(":") and len(text) < 200 and _rated_first_entry(doc.lines, i):
                return i + 1  # "… reviewer notes on the model's template:" over "1) … (high)."
            if (
                not prose
                and len(text) < 80
                and len(text.split()) <= 6
                and text[-1:] not in ".!?"
                and _mentions_failure(text)
                and not _MAYBE_RE.search(text)
                and i + 2 < len(doc.lines)
                and not doc.lines[i + 1].strip()
                and doc.lines[i + 2][:2] in ("- ", "* ", "+ ")
            ):
                return i + 1  # "Model failures" alone on the first line, then its bullets
            if (
                after_prose
                and prose
                and _OPENING_ONE_RE.match(line)
                and _faulting_intro(doc.lines[:i])
            ):
                return i  # "Lint passed but terraform apply did not." over "1. the backend …"
            prose += 1
            if prose > 2 or _LIST_ITEM_RE.match(line):
                return 0  # ("… fine, the problems were at apply time." then "Issues:")
    return 0


_OPENING_ONE_RE = re.compile(r"1[.)][ \t]+\S")
# A lead-in to a later round of the same review: "In the second turn, after I pointed out
# the subnet issue:", "Second pass:", "After the first fix:".
_TURN_LEAD_RE = re.compile(
    r"\b(?:second|third|next|later|another|follow-?up)\s+(?:turn|pass|round|attempt|iteration"
    r"|review)\b|\bafter\s+(?:the\s+)?(?:first|1st)\b",
    re.I,
)


def _opens_numbering(lines: list[str], i: int) -> bool:
    """Whether the first line from i on that holds text opens a list at "1."."""
    for j in range(i, min(len(lines), i + 4)):
        if lines[j].strip():
            return lines[j][:3] in ("1. ", "1) ")
    return False


def _label_before(doc: _Doc, i: int) -> str | None:
    """The line before line i (past blanks) when it is a plain part label ("Deployment
    errors", "Code quality:"): a few words, capitalised, no sentence."""
    for j in range(i - 1, max(-1, i - 4), -1):
        line = doc.lines[j].strip()
        if line:
            words = line.rstrip(":").split()
            plain = line[:1].isupper() and line[-1:] not in ".!?)" and not _LIST_ITEM_RE.match(line)
            return line if plain and 1 <= len(words) <= 4 and not doc.fenced[j] else None
    return None


def _lead_in_before(doc: _Doc, i: int) -> str | None:
    """The line before line i (past blanks) when it introduces what follows (ends in ":")."""
    for j in range(i - 1, max(-1, i - 4), -1):
        line = doc.lines[j].strip()
        if line:
            return line if line[-1:] == ":" and not doc.fenced[j] else None
    return None


_RATED_ENTRY_RE = re.compile(rf"1[.)][ \t]+[^\n]{{3,120}}?\([ \t]*(?:{_LEVEL_ALT})[ \t]*\)", re.I)


def _rated_first_entry(lines: list[str], i: int) -> bool:
    """Whether the first line after line i (past blanks) opens a numbered list whose entry
    rates itself in brackets ("1) SSH open to the world (high). …")."""
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            return _RATED_ENTRY_RE.match(line) is not None
    return False


def _faulting_intro(lines: list[str]) -> bool:
    """Whether a heading-less note's opening prose says something went wrong ("Lint passed on
    the first try but terraform apply did not."), none of it hedged or saying all was well."""
    text = " ".join(lines).strip()
    return (
        _FAULT_SENTENCE_RE.search(text) is not None
        and _NO_FAULT_INTRO_RE.search(text) is None
        and _MAYBE_RE.search(text) is None
    )


# (A title may hold code: "**Permission missing `source_arn`**".)
_BOLD_BULLET_RE = re.compile(
    r"^[-*+][ \t]+(?:\*\*|__)(?:`[^`\n]*`|[^*_`\n]|\*(?!\*)|_(?!_)){2,150}?(?:\*\*|__)"
)


def _title_bold_bullets(doc: _Doc, start: int, end: int) -> list[_Item]:
    """Under a failure title, a list whose every top-level bullet opens with a bold title
    ("- **KMS key rotation not enabled**: …"): each bullet is a failure."""
    # A bold line naming praise ends the list ("**What the Model Response Did Fine**").
    for i in doc.bold_starts:
        if start <= i < end and (m := _BOLD_LINE_RE.match(doc.lines[i])) is not None:
            label = _clean_inline(m.group(1)).rstrip(":").strip()
            if _is_non_failure_section(label) and not _mentions_failure(label):
                end = i
                break
    # (Under the first heading, the title; in a document without any, under none.)
    found = _list_items(doc, start, end, 0 if doc.headings else -1)
    if len(found) < 2:
        return []
    lines = doc.lines
    for item in found:
        if _BOLD_BULLET_RE.match(lines[item.line]) is None or _is_item_part(item.title):
            return []  # a bullet without a bold title (a plain list), or a labelled part
    return found


_NO_LEVEL_VALUE_RE = re.compile(r"[*_ \t]*(?:none|n/?a)\b", re.I)
_NO_IMPACT_VALUE_RE = re.compile(r"[*_ \t]*(?:none|n/?a)[*_ \t]*(?:[.;:,—–-]|\(|$)", re.I)
_RULE_LINE_RE = re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*$")


_PLAIN_FAILURE_TITLE_RE = re.compile(r"\bfailures?\b|\bissues\b|\bproblems\b|\bdefects\b", re.I)


def _rule_blocks(doc: _Doc, failing: list[int]) -> list[_Item]:
    """Blocks between rules ("***") under a failure title, each holding two or more labelled
    fields ("**Ideal:** …", "* **Model:** …"): one failure per block, titled by the first
    sentence of what the model did (else of the block's first statement or field)."""
    lines, fenced = doc.lines, doc.fenced
    if doc.headings:
        if failing[0] != 1:
            return []
        cuts = [doc.headings[0][0]]
    else:
        # "Model Response Failures Compared to Ideal Response" as a plain first line: the
        # title all the same.
        first = next((i for i, line in enumerate(lines) if line.strip()), -1)
        if first < 0 or _PLAIN_FAILURE_TITLE_RE.search(lines[first]) is None:
            return []
        cuts = [first]
    cuts += [
        i for i in range(cuts[0] + 1, len(lines)) if not fenced[i] and _RULE_LINE_RE.match(lines[i])
    ]
    cuts.append(len(lines))
    found: list[_Item] = []
    ended = False
    for start, stop in zip(cuts, cuts[1:], strict=False):
        labelled: list[tuple[str, str]] = []
        statement = ""
        for i in range(start + 1, stop):
            line = lines[i]
            if fenced[i] or not line.strip():
                continue
            if line.lstrip()[:1] == "#":
                if not found and not labelled:
                    return []  # sub-headings: not a run of plain blocks
                ended = True  # "## Summary", "## What the Model Did Well" after the blocks
                break
            m = _match_label(line) if "**" in line or "__" in line else None
            field = _label_field(m.group(1)) if m and (m.group(2) or m.group(3)) else None
            if field and m:
                labelled.append((field, m.group(4).strip()))
            elif ":" in line and (plain := _PLAIN_LABEL_RE.match(line)) is not None:
                if field := _label_field(plain.group(1)):  # "Issue: …" / "Severity: High"
                    labelled.append((field, plain.group(2).strip()))
            elif not statement and not labelled:
                statement = line.strip()
        if len(labelled) < 2:
            if ended:
                break
            continue
        text = next((v for f, v in labelled if f == "model_snippet" and v), "")
        text = text or statement or labelled[0][1]
        title = _SENTENCE_END_RE.split(_clean_inline(text), maxsplit=1)[0].rstrip(". ")
        if len(title) > 150:
            title = title[:150].rsplit(" ", 1)[0]
        item = _Item(start, title, 0 if doc.headings else -1, "list")
        # "* **Severity:** None", "* **Impact:** None. Both are equivalent here": no failure,
        # but its block still ends the one before it.
        item.withdrawn = any(
            (f == "severity" and _NO_LEVEL_VALUE_RE.match(v))
            or (f == "impact:general" and _NO_IMPACT_VALUE_RE.match(v))
            for f, v in labelled
        )
        found.append(item)
        fields = {f for f, _ in labelled}
        if ended:
            item.end = i  # (the heading's section is not the block's text)
            break
    # (One block is one failure when it says what was wrong and how bad: "Issue:", "Severity:".)
    single = len(found) == 1 and {"model_snippet", "severity"} <= fields
    return found if len(found) >= 2 or single else []


_RESPONSE_REVIEW_RE = re.compile(
    r"\W*(?:(?:the\s+)?model(?:'s)?\s+)?response\s+review\b|\W*review\s+of\s+the\s+model", re.I
)


_RECAP_OPENING_RE = re.compile(
    r"(?:taken\s+together|all\s+told|in\s+sum(?:mary)?|overall|to\s+sum\s+up|together)\b[^.\n]{0,60}"
    r"\b(?:these|the\s+(?:above|four|three|five|two|six))\b",
    re.I,
)


def _lists_introduced(body: list[str]) -> bool:
    """Whether every list in a section's lines follows a sentence that introduces it ("The
    model placed both subnets in one zone:" over "- PrivateSubnetA: …"): details of the one
    thing the section tells, not a list of things. A body opening with a list has none."""
    before = ""
    for line in body:
        if _LIST_ITEM_RE.match(line):
            if before[-1:] != ":":
                return False
        else:
            before = line.rstrip()
    return True


_FAULT_TITLE_RE = re.compile(
    r"\b(?:not|no|missing|without|wrong|incorrect|lacks?|lacking|broken|absent|never"
    r"|(?:does|do|is|are)n['’]t|unencrypted|hard-?coded|mismatch(?:ed)?)\b",
    re.I,
)


def _prose_sub_headings(
    doc: _Doc, excluded: list[int], failing: list[int], detail_lists: bool = False
) -> list[_Item]:
    """A failure section ("## Where Things Went Wrong") whose sub-headings each tell one thing
    wrong in prose paragraphs ("### Circular Dependencies Were a Mess" then sentences; no
    lists, labels or deeper headings): each sub-heading is a failure."""
    headings, parents, lines, fenced = doc.headings, doc.parents, doc.lines, doc.fenced
    sections: list[list[int]] = []  # each qualifying section's sub-headings
    children: dict[int, list[int]] = {}  # (one pass: a scan per section was quadratic)
    for j, parent in enumerate(parents):
        children.setdefault(parent, []).append(j)
    for k, (_, _, text) in enumerate(headings):
        if excluded[k] or not (
            (failing[k] and _mentions_failure(text))
            # ("# Model Response Review: ECS Fargate Service Template" over its findings.)
            or (k == 0 and _RESPONSE_REVIEW_RE.match(text) is not None)
        ):
            continue
        kids = children.get(k, [])
        if not kids:
            continue
        told: list[int] = []
        for j in kids:
            line_no, _, sub = headings[j]
            leaf = doc.ends[j] == doc.own_end(j)
            span = range(line_no + 1, doc.ends[j]) if leaf else range(0)
            body = [lines[i] for i in span if not fenced[i] and lines[i].strip()]
            for n, line in enumerate(body):
                if line.lstrip(" *_").lower().startswith("knowledge gap"):
                    body = body[:n]  # "Knowledge gaps:" and its bullets close the document
                    break
            if (
                excluded[j] == _HARD
                or _is_meta_section(sub)
                or _is_non_failure_section(sub)
                or _is_fix_section(sub)
                or (not leaf and _is_neutral_section(sub))  # "## Quality Assessment" over parts
                # (A bare "## Assessment" closing the review, its verdict and score in prose.)
                or _VERDICT_HEADING_RE.match(sub) is not None
            ) and not (body and _breaks_best_practices(sub, body[0])):
                continue  # "## Best Practices", "## Overall Assessment": no failure told there
            if not leaf or _is_item_part(sub):
                break
            if not body and _heading_level(sub) is not None:
                told.append(j)  # "### Tags inconsistent - Low": its title says it all
                continue
            if (
                not body
                or any(line.lstrip()[:1] in ("|", ">") or ":**" in line for line in body)
                or (
                    any(_LIST_ITEM_RE.match(line) for line in body)
                    # (A list that details one fault its title names, "## Subnets Not Spread
                    # Across Availability Zones" over "… in the same zone:" and the subnets;
                    # only where nothing else in the document is an item.)
                    and not (
                        detail_lists
                        and _FAULT_TITLE_RE.search(sub) is not None
                        and _lists_introduced(body)
                    )
                )
            ):
                break
            if (
                not told
                and not sections
                and (_OVERVIEW_RE.match(body[0].lstrip()) or _INTRO_HEADING_RE.match(sub))
            ):
                continue  # "Analysis of the model's template reveals …", "## Scope of This Review"
            if told and _RECAP_OPENING_RE.match(body[0].lstrip()) is not None:
                continue  # "Taken together, these gaps mean …" closing the review: a recap
            told.append(j)
        else:
            sections.append(told)
    # One sub-heading alone could be a section's topic; beside a section of two or more laid
    # out the same way ("## Medium Issues" over "### Naming" after "## Critical Issues" over
    # two), it is one failure too.
    if not any(len(kids) > 1 for kids in sections):
        return []
    found: list[_Item] = []
    for kids in sections:
        for j in kids:
            item = _Item(headings[j][0], _clean_inline(headings[j][2]), j, "heading")
            item.end = doc.ends[j]
            item.named = True
            found.append(item)
    return found


_VERDICT_HEADING_RE = re.compile(
    r"^\W*(?:overall\s+|final\s+)?(?:assessment|verdict|evaluation|conclusions?|rating)\W*$", re.I
)
# A prose section's first sentence telling what went wrong ("A major issue was the violation
# of …", "The model generated … rather than …").
_FAULT_SENTENCE_RE = re.compile(
    r"\b(?:issues?|problems?|flaws?|mistakes?|violat\w*|fail\w*|lack\w*|missing|rather\s+than"
    r"|instead\s+of|did\s+not|didn't|omitted|neglected|ignored|not|no|never|without|absent"
    r"|cannot|can't|wrong|incorrect\w*)\b",
    re.I,
)
# A review's opening paragraph: "Analysis of the model's implementation reveals …".
_OVERVIEW_RE = re.compile(
    r"(?:an?\s+|the\s+|this\s+|our\s+)?(?:analysis|review|evaluation|examination)\s+"
    r"(?:of|reveals|shows|finds|covers|looks\s+at|examines|assesses|evaluates|compares)\b",
    re.I,
)
# A prose review's opening section about the review itself: "## Scope of This Review".
_INTRO_HEADING_RE = re.compile(
    r"\W*(?:(?:review|analysis)\s+)?(?:scope|introduction|overview|background|context|purpose)"
    r"(?:\s+(?:of|for)\s+(?:this|the)\s+(?:review|analysis|assessment|evaluation|document))?\W*$",
    re.I,
)


def _breaks_best_practices(heading: str, first: str) -> bool:
    """Whether a "… Best Practices" section of a prose review, a non-failure section by its
    words alone, opens by telling what the response got wrong ("A major issue was …")."""
    return (
        _BEST_PRACTICES_RE.search(heading) is not None
        and not _section_words(_BEST_PRACTICES_RE.sub(" ", heading)) & _NON_FAILURE
        and _FAULT_SENTENCE_RE.search(re.split(r"(?<=[.!?])\s", first.strip(), maxsplit=1)[0])
        is not None
    )


_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs")
)


def _is_plain_text(doc: _Doc) -> bool:
    """Whether the document has no headings (a stray "..." over a rule is none to speak of):
    only then do its bare lines stand for section titles."""
    return not any(any(c.isalpha() for c in h[2]) for h in doc.headings)


def _plain_group_titles(doc: _Doc) -> list[_Item]:
    """A plain-text report that opens by announcing issues ("The initial MODEL_RESPONSE
    contained several issues …:") over title lines ending in a colon, each right above its
    bullets ("File Structure Issues:" then "- …"): each title is one failure, told by its
    bullets."""
    if not _is_plain_text(doc) or not _opens_with_issues(doc):
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i in range(len(lines) - 1):
        text = lines[i].strip()
        if text[:2] in ("**", "__") and text[-2:] in ("**", "__"):
            text = text[2:-2].strip()  # "**Secrets Handling Issues (Critical):**" in bold
        elif text[:2] in ("**", "__") and text[-3:-1] in ("**", "__"):
            text = text[2:-3].strip() + ":"  # "**Backup Settings**:"
        if (
            fenced[i]
            or not text.endswith(":")
            or len(text) > 60
            or not text[:1].isupper()
            or len(text.split()) > 8
            or not _LIST_ITEM_RE.match(lines[i + 1])
            or _is_non_failure_section(text)
            or _is_fix_section(text)
        ):
            continue
        found.append(_Item(i, _clean_inline(text[:-1]), -1, "list"))
    return found if len(found) >= 2 else []


_CODE_WORD_RE = re.compile(r"[`:_./\d]")


_TRAILING_PAREN_RE = re.compile(r"[ \t]*\([^()\n]{1,20}\)$")
_WHAT_PASSED_RE = re.compile(r"(?:what|checks?|tests?)\s+(?:that\s+)?passed\b", re.I)


def _plain_title_lines(doc: _Doc, sentence_case: bool = False) -> list[_Item]:
    """A plain-text report (no headings) whose paragraphs follow title-case lines ending in a
    colon ("Incorrect Locals Checks:" then sentences): each such line names a failure. With
    `sentence_case`, "ASG subnets are the public subnets (critical):" too, where one or more
    such titles rate themselves."""
    if not _is_plain_text(doc):
        return []
    lines = doc.lines
    found: list[_Item] = []
    praise = False  # after "Things that worked fine:", until a title that rates itself
    for i, line in enumerate(lines):
        text = line.strip()
        if found and text[-1:] == ":" and len(text) < 60 and _PRAISE_LINE_RE.search(text):
            # ("What worked:" over one paragraph of prose: that paragraph is the praise.)
            nxt = next((t for t in lines[i + 1 : i + 4] if t.strip()), "").rstrip()
            praise = nxt[-1:] == ":"
            continue
        if text[:2] in ("**", "__") and text[-1:] in ":*_":
            # ("**Missing Node Group Variables:**", "**Cluster Add-ons**:" in bold too.)
            text = text.replace("**", "").replace("__", "").strip()
        lead = _LEADING_TAG_RE.match(text) if text[-1:] == ":" else None
        if lead is not None:
            text = text[lead.end() :]  # "[CRITICAL] Provider Alias Not Passed:": its level first
        if not text.endswith(":") or len(text) > 80 or not text[:1].isupper() or doc.fenced[i]:
            continue
        # "Missing Lifecycle Block (High):": a title, then its level.
        tag = _CLOSING_TAG_RE.search(text[:-1])
        # ("Provider Region Hardcoded (withdrawn):" is a title too: it ends the entry before.)
        words = (text[: tag.start()] if tag else _TRAILING_PAREN_RE.sub("", text[:-1])).split()
        if sentence_case:
            if len(words) > 14 or ". " in text or _LEAD_IN_OPENING_RE.match(text) is not None:
                continue  # ("The following resources were affected:": a lead-in)
        elif len(words) > 10 or any(
            not w[:1].isupper() and w not in _SMALL_WORDS and not _CODE_WORD_RE.search(w)
            for w in words
        ):
            continue  # (a name from the code may stay lower-case: "kms:Decrypt")
        if (
            _is_meta_section(text)
            or _is_non_failure_section(text)
            or _is_fix_section(text)
            or _WHAT_PASSED_RE.match(text) is not None
        ):
            # "Summary:", "Recommendations:", "Things That Were Fine:", "What Passed:": a
            # report's parts, not its failures; after failures, they end them.
            if found:
                break
            return []
        # ("Lock Table Key Mismatch (Critical):": a level says it is a failure's title.)
        if tag is None and _is_neutral_section(text) and not _mentions_failure(text):
            if found:
                break
            return []
        if len(words) < 2:
            continue  # "Missing:" over a list is a label, not a failure's title
        nxt = i + 1
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if nxt == i + 1 or nxt >= len(lines) or not lines[nxt][:1].isalpha():
            continue  # a blank line, then a paragraph of prose
        if praise:
            if tag is None and lead is None and "everity" not in text:
                continue  # "DynamoDB Table Keys:" among what worked
            praise = False  # "Missing IAM Condition on S3 Access (severity: medium):"
        item = _Item(i, _clean_inline(text[: tag.start()] if tag else text[:-1]), -1, "list")
        item.level = _level(tag.group(1)) if tag else None
        if lead is not None:
            item.level = _level(lead.group(1) or lead.group(2))
        found.append(item)
    if sentence_case and not any(it.level for it in found):
        return []
    return found if len(found) >= 2 else []


# "The following resources were affected:", "Here is what changed:": lead-ins, not titles.
_LEAD_IN_OPENING_RE = re.compile(
    r"(?:the\s+following|following|these|this|those|here|below|above|in\s+short|to\s+summari[sz]e"
    r"|overall|note|also|for\s+example|e\.g\.|i\.e\.|as\s+follows|we|i|you)\b",
    re.I,
)


# "[CRITICAL] Title:", "HIGH - Title:": a plain title line led by its level.
_LEADING_TAG_RE = re.compile(
    rf"\[[ \t]*({_LEVEL_ALT})[ \t]*\][ \t]*|({_LEVEL_ALT})[ \t]+[—–-][ \t]+(?=[A-Z])", re.I
)


# A plain section line saying the response went wrong: "How the Model Response deviates".
_DEVIATES_RE = re.compile(
    r"\b(?:deviat\w*|went\s+wrong|fail(?:s|ed|ures)?|issues|problems|mistakes|errors)\b", re.I
)


_ORDINAL_OPENING_RE = re.compile(
    r"^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|finally|lastly)"
    # ("First, the bucket …", "Second problem: no Retry blocks …")
    r"(?:,|[ \t]+(?:problem|issue|finding|failure|flaw|defect|mistake)[ \t]*[:—–-])[ \t]+(\S.*)$",
    re.I,
)
# "Severity: high, because …", "Severity low; …", "I'd rate this medium.": a level said in
# the paragraph's prose.
_PROSE_LEVEL_RE = re.compile(
    rf"\bseverity[ \t]*[:=]?[ \t]*[*_]*({_LEVEL_ALT})\b"
    rf"|\b(?:i'd|i[ \t]+would)[ \t]+rate[ \t]+(?:this|it)[ \t]+(?:as[ \t]+)?({_LEVEL_ALT})\b",
    re.I,
)
# "… fails outright (Sev-1).", "… (High)": the level a paragraph ends with.
_PARAGRAPH_TAG_RE = re.compile(r"\(([^()\n]{1,12})\)\W*$")


def _ordinal_paragraphs(doc: _Doc) -> list[_Item]:
    """A review in prose whose paragraphs count the failures off ("First, the bucket is created
    with a public ACL … (Sev-1).", "Second, …", "Finally, …"): one failure each, titled by the
    first sentence, at the level the paragraph ends with."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i, line in enumerate(lines):
        if fenced[i] or (i and lines[i - 1].strip()) or line[:1] not in "FSTENLfstenl":
            continue
        m = _ORDINAL_OPENING_RE.match(line.rstrip())
        if m is None:
            continue
        word = m.group(1).lower()
        if word in ("finally", "lastly"):
            if len(found) < 2:
                return []
        elif _ORDINALS.index(word) != len(found):
            return []  # (counted off in order, from "First")
        # The paragraph runs on to its blank line.
        body = [m.group(2)]
        j = i + 1
        while j < len(lines) and lines[j].strip() and not fenced[j]:
            body.append(lines[j].strip())
            j += 1
        text = " ".join(body)
        item = _Item(i, _first_sentence(text[:1].upper() + text[1:]), -1, "list")
        item.stop = j  # (its paragraph: not "The item I withdrew: …" after the last one)
        tail = _TRAILING_LEVEL_LABEL_RE.search(text)
        tag = _PARAGRAPH_TAG_RE.search(text) if tail is None else None
        level = _CELL_LEVEL_RE.search(tag.group(1)) if tag is not None else None
        item.level = _level(tail.group(1) if tail else level.group(1) if level else None)
        if item.level is None and (said := _PROSE_LEVEL_RE.search(text)) is not None:
            item.level = _level(said.group(1) or said.group(2))
        found.append(item)
        if word in ("finally", "lastly"):
            break
    return found if len(found) >= 2 else []


def _plain_section_paragraphs(doc: _Doc) -> list[_Item]:
    """A plain-text verdict ("Verdict: FAIL") whose bare section line says how the response went
    wrong ("How the Model Response deviates") over one-line paragraphs, one deviation each, up
    to the next bare section line ("Action required to pass"): each paragraph is a failure."""
    if not _is_plain_text(doc):
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    inside = False
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or fenced[i]:
            continue
        bare = (
            len(text) <= 60
            and text[-1] not in ".:;,!?)"
            and text[:1].isupper()
            and (i == 0 or not lines[i - 1].strip())
            and i + 1 < len(lines)
            # (Text right under it, or after a blank line a numbered paragraph: "1. NAT …".)
            and (
                lines[i + 1].strip() != ""
                # (or after a blank line a numbered paragraph, "1. NAT …", or, closing the
                # deviations, a bullet list: "What the model got right" over "- OAC …")
                or (
                    i + 2 < len(lines)
                    and (
                        _PLAIN_ITEM_START_RE.match(lines[i + 2]) is not None
                        or (found and lines[i + 2][:2] in ("- ", "* "))
                    )
                )
            )
            and len(text.split()) <= 8
        )
        if bare:
            if found:
                # The next section ends the deviations, and the last one's text: "Withdrawn on
                # second pass" over "… so this is not a deviation" takes back no deviation.
                found[-1].stop = i
                break
            inside = _DEVIATES_RE.search(text) is not None and not _is_non_failure_section(text)
            continue
        if found and (
            _CLOSING_FIELD_RE.match(text) is not None
            or (len(text) <= 60 and text[-1] == ":" and _is_non_failure_section(text[:-1]))
        ):
            found[-1].stop = i
            break  # "Knowledge gaps: …", "Score: 7 of 10", "What the model got right:"
        if inside and text[:1] not in ("-", "*", "|", "`"):
            body = _PLAIN_ITEM_START_RE.sub("", text, count=1)
            # "… the NAT gateway has no route. Severity: Critical.": the level it ends with.
            tail = _TRAILING_LEVEL_LABEL_RE.search(body) or _LABELLED_TAG_RE.search(body)
            # ("… so plain HTTP is served. [high]": a tag after the sentence's stop too)
            item = _Item(i, _first_sentence(body[: tail.start()] if tail else body), -1, "list")
            item.level = _level(tail.group(1)) if tail else None
            found.append(item)
    return found if len(found) >= 3 else []


_PLAIN_ITEM_START_RE = re.compile(r"^\d{1,2}[.)][ \t]+")
_CLOSING_FIELD_RE = re.compile(
    r"(?:knowledge[ \t]+gaps?|(?:training[ \t]+)?(?:quality|score)|training[ \t]+value|overall"
    r"|recommendations?)\b[^:\n]{0,20}:",
    re.I,
)


def _severity_led_titles(doc: _Doc) -> list[_Item]:
    """A plain-text report whose failures are short lines standing alone, each with a
    "Severity: high" line next ("JWT authorizer audience is wrong", blank, "Severity: high",
    blank, its paragraphs): two or more, each titled by its line, at that level."""
    if not _is_plain_text(doc) or "everity" not in doc.text:
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i, line in enumerate(lines):
        if line[:1] in ("S", "s") and (m := _SEVERITY_LINE_RE.match(line)) is not None:
            j = i - 1
            while j >= 0 and not lines[j].strip() and i - j <= 2:
                j -= 1
            if j < 0 or i - j > 2 or fenced[j]:
                continue
            title = lines[j].strip()
            if (
                not title[:1].isupper()
                or len(title) > 100
                or title[-1:] in ".:;,!?"
                or (j and lines[j - 1].strip())
                or _LIST_ITEM_RE.match(lines[j])
            ):
                continue
            item = _Item(j, _clean_inline(title), -1, "list")
            item.level = _level(m.group(1))
            found.append(item)
    return found if len(found) >= 2 else []


_SEVERITY_LINE_RE = re.compile(rf"(?:severity|sev)[ \t]*:[ \t]*({_LEVEL_ALT})\b[ \t.]*$", re.I)


def _bare_title_lines(doc: _Doc) -> list[_Item]:
    """A plain-text report (a chat answer pasted as it was) whose paragraphs follow bare
    title-case lines naming what went wrong ("EBS Encryption Gap", "RDS Creation Problems"):
    after a blank line, with text right under them; titles with a failure word count, and
    others beside them whose text lists what is "Missing:" ("Outputs")."""
    if not _is_plain_text(doc):
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    others: list[int] = []  # title lines with no failure word
    for i, line in enumerate(lines):
        text = line.strip()
        if (
            not text[:1].isupper()
            or len(text) > 80
            or text[-1:] in ".:;,!?"
            or fenced[i]
            or (i and lines[i - 1].strip())
            or i + 1 >= len(lines)
            # (text right under it; a log line too: "2:41:10 PM | CREATE_FAILED | …")
            or not lines[i + 1][:1].isalnum()
        ):
            continue
        words = text.split()
        if len(words) > 10:
            continue
        if any(w[:1].islower() and w not in _SMALL_WORDS for w in words):
            continue
        if _is_meta_section(text) or _is_non_failure_section(text) or _is_fix_section(text):
            continue
        tag = _CLOSING_TAG_RE.search(text) if text[-1:] == ")" else None
        if len(words) >= 2 and (_mentions_failure(text) or tag is not None):
            # ("NAT Gateway Placement (critical)": a title its level tag says is a failure's)
            item = _Item(
                i, _clean_inline(text[: tag.start()] if tag else text).rstrip(), -1, "list"
            )
            item.level = _level(tag.group(1)) if tag else None
            found.append(item)
        else:
            others.append(i)
    # ("hcl" / "Copy" / "Edit" over each snippet: a chat answer pasted whole, its titles
    # bare topics, "NAT Gateway Placement", each over what the early file got wrong.)
    pasted = len(found) + len(others) >= 2 and "\nCopy\nEdit\n" in doc.text
    if len(found) < 2 and not pasted:
        return []
    # Among them, a title with no failure word ("Outputs") over a "Missing:" list is one too;
    # so is one whose paragraph says what went wrong ("Environment Variables Holding Secrets"
    # over "… That ends up in state …"), laid out as the others are.
    starts = sorted([it.line for it in found] + others)
    first, last = (found[0].line, found[-1].line) if len(found) >= 2 else (-1, -1)
    for i in others:
        stop = next((j for j in starts if j > i), len(lines))
        body = [lines[j] for j in range(i + 1, stop) if not fenced[j]]
        title = lines[i].strip()
        if any(_NO_CHANGE_LINE_RE.search(line) for line in body):
            continue  # ("… what the prompt allowed, so no change needed here.": a check passed)
        if any(_MISSING_LINE_RE.match(line) for line in body) or (
            2 <= len(title.split()) <= 8
            and (
                any(_FAULT_SENTENCE_RE.search(line) for line in body)
                # ("Bucket Policy Allows Public Reads" between two failures' titles: one too.)
                or (first < i < last and not _is_neutral_section(title))
            )
        ):
            found.append(_Item(i, _clean_inline(title), -1, "list"))
    if len(found) < 2:
        return []
    found.sort(key=lambda it: it.line)
    for n, item in enumerate(found):
        if item.level is None:
            # "… behind the ALB only. Severity: high.", "… keeps cycling tasks. Medium.": the
            # level a line of its paragraphs ends with.
            stop = found[n + 1].line if n + 1 < len(found) else len(lines)
            for j in range(item.line + 1, stop):
                line = lines[j].rstrip()
                if line[-1:] == "." and not fenced[j]:
                    said = _TRAILING_SEVERITY_RE.search(line) or _SENTENCE_LEVEL_RE.search(line)
                    if said is not None:
                        item.level = _level(said.group(1))
                        break
    return found


_MISSING_LINE_RE = re.compile(r"^\s*missing\s*:\s*$", re.I)
_NO_CHANGE_LINE_RE = re.compile(r"\bno\s+changes?\s+(?:was\s+|is\s+)?(?:needed|required)\b", re.I)


def _cells(line: str, tabbed: bool) -> list[str]:
    if tabbed:
        return [c.strip() for c in line.split("\t")]
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _column(header: list[str], pattern: re.Pattern[str], skip: tuple[int, ...] = ()) -> int:
    for j, name in enumerate(header):
        if j not in skip and pattern.search(name.lower()):
            return j
    return -1


# A checklist's defect mark ("- ✗ Self sign-up allowed — **High**", "6. ❌ No retry"), its
# partly-met mark ("⚠️ Logging at ERROR only"), and its pass marks. (After a task-list box
# too: "- [ ] ✗ Filter policy missing", "- [x] ✓ DLQs".)
_CROSS_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(?:\[[ xX]?\][ \t]*)?"
    # ("[FAIL] Endpoint type is PUBLIC …": a plain-text checklist's mark, as "❌" is.)
    r"(?:[\u2717\u2718\u274c\u26a0][\ufe0f]?|\[FAIL(?:ED)?\])[ \t]+(.+)$"
)
_TICK_RE = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(?:\[[ xX]?\][ \t]*)?"
    r"(?:[\u2713\u2714\u2705]|\[(?:PASS(?:ED)?|OK)\])",
    re.M,
)
# Where a crossed line's title ends: "… — why", "…; why", "…: why", "… [tag]", "… (Severity: …".
_CROSS_TITLE_END_RE = re.compile(r"\s[—–]\s|;\s|:\s|\s\[|\s\((?=severity|priority|impact)", re.I)
_CROSS_LEVEL_RE = re.compile(
    rf"(?:\*\*|[—–-][ \t]*|[\[(](?:severity\s*[:=]\s*)?|severity[*_]*\s*:[*_\s]*|[*_](?=\w+\.?[*_]\s*$))"
    rf"({_LEVEL_ALT})\b(?:\*\*)?",
    re.I,
)


# "- **P1** – Topic policy allows any principal", "- **[S2] Lambda role too broad** – …",
# "- [High] No DLQ": a bullet led by its level.
_LEVEL_LED_BULLET_RE = re.compile(
    r"^ {0,3}[-*+][ \t]+(?:(?:\*\*|__)?\[(?P<a>" + _LEVEL_ALT + r"|s[1-4])\][ \t]*"
    r"|(?:\*\*|__)(?P<b>" + _LEVEL_ALT + r"|s[1-4])(?:\*\*|__)[ \t]*(?:[:–—-][ \t]*)?"
    r"|(?P<c>" + _LEVEL_ALT + r"|s[1-4])[ \t]*[:–—][ \t]*)(?P<rest>\S.*)$",
    re.I,
)


def _level_led_bullets(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """Bullets led by their level under sections that name files or resources ("## sns.go"
    over "- **P1** – Topic policy open"), two or more in the document: each one a failure."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i, line in enumerate(lines):
        if line[:1] not in ("-", "*", "+", " ") or fenced[i]:
            continue
        m = _LEVEL_LED_BULLET_RE.match(line)
        if m is None:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k]:
            continue
        title = _TITLE_CUT_RE.split(_clean_inline(m.group("rest")), maxsplit=1)[0]
        title = title.rstrip(" .*_")  # ("**[S1] Title** – …" leaves its closing marks)
        item = _Item(i, title, k, "list")
        item.level = _level(m.group("a") or m.group("b") or m.group("c"))
        found.append(item)
    if len(found) < 2:
        return []
    # An untagged bullet in the same run of bullets is a failure too, unrated ("- Outputs
    # renamed …" after "- [minor] …"), not more of the one above it; so is a withdrawn one,
    # which then takes back only itself.
    taken = {it.line for it in found}
    for i in range(found[0].line + 1, len(lines)):
        line = lines[i]
        if not line.strip() or fenced[i] or line[:1] not in ("-", "*", "+"):
            break
        if i in taken or line[1:2] not in (" ", "\t"):
            continue
        text = _clean_inline(line[2:].strip())
        title = _TITLE_CUT_RE.split(text, maxsplit=1)[0].rstrip(" .*_")
        if len(title) >= 3:
            found.append(_Item(i, title, _enclosing(doc, i), "list"))
    found.sort(key=lambda it: it.line)
    return found


_PLAIN_LEAD_LINE_RE = re.compile(r"[A-Za-z][^\n:]{0,60}:[ \t]*$")
_CAPS_TITLE_LINE_RE = re.compile(
    r"[A-Z][A-Z0-9&/,'-]*(?:[ \t]+[A-Z0-9&/,'()-]+){1,7}(?:[ \t]+\([^()\n]{1,40}\))?[ \t]*$"
)


# "    Aurora cluster placed in public subnets (severity: critical): the DB subnet group …"
_RATED_RUN_IN_RE = re.compile(
    rf"^[ \t]*([A-Z][^:()\n]{{3,90}}?)[ \t]*\([ \t]*(?:(?:severity|sev|impact|priority)[ \t]*[:=][ \t]*)?"
    rf"({_LEVEL_ALT})[ \t]*\)[ \t]*:[ \t]+\S",
    re.I,
)


def _rated_run_in_lines(doc: _Doc) -> list[_Item]:
    """Paragraphs of a plain-text report that each open with a short title rated in brackets,
    then a colon and the text ("Health check path wrong (severity: medium): the target group
    …"), two or more: one failure each, at its level."""
    if "):" not in doc.text:
        return []
    found = _rated_run_in_entries(doc, 0, len(doc.lines))
    return found if len(found) >= 2 else []


def _rated_run_in_entries(
    doc: _Doc, start: int, end: int, heading: int | None = None
) -> list[_Item]:
    """The rated run-in paragraphs in lines start to end (under `heading`, else the heading
    each sits under); "Issue 4 (Moderate): The endpoint is hard-coded. Fix: …" is titled by
    its first sentence, the item word and number being no title."""
    found: list[_Item] = []
    lines = doc.lines
    for i in range(start, end):
        line = lines[i]
        if doc.fenced[i] or "(" not in line:
            continue
        m = _RATED_RUN_IN_RE.match(line)
        if m is None:
            continue
        title = _clean_inline(m.group(1))
        if _ITEM_NUMBER_RE.fullmatch(title) is not None:
            title = _SENTENCE_END_RE.split(_clean_inline(line[m.end() - 1 :]), maxsplit=1)[0]
        item = _Item(i, title, _enclosing(doc, i) if heading is None else heading, "list")
        item.level = _level(m.group(2))
        # (its paragraph is its text: not the notes after the last one)
        item.stop = next((j for j in range(i + 1, len(lines)) if not lines[j].strip()), 0)
        found.append(item)
    return found


_VERDICT_LINE_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?([A-Z][^:\n]{2,60}?):[ \t]*(FAILED|FAIL|PASSED|PASS)\b"
    r"(?:[ \t]*\(([^()\n]{1,20})\))?"
)


def _verdict_lines(doc: _Doc) -> list[_Item]:
    """An assessment against stated conditions, a verdict a line ("Missing WAF: FAILED
    (blocking). No web ACL …", "Unencrypted Data: PASSED. …"), two or more: each failed
    condition is a failure, at the level its bracket says."""
    if "FAIL" not in doc.text or "PASS" not in doc.text:
        return []
    found: list[_Item] = []
    verdicts = 0
    for i, line in enumerate(doc.lines):
        if doc.fenced[i] or ("FAIL" not in line and "PASS" not in line):
            continue
        m = _VERDICT_LINE_RE.match(line)
        if m is None:
            continue
        verdicts += 1
        if m.group(2).startswith("FAIL"):
            item = _Item(i, _clean_inline(m.group(1)), _enclosing(doc, i), "list")
            item.level = _heading_level(m.group(3)) if m.group(3) else None
            found.append(item)
    return found if verdicts >= 2 else []


def _tagged_bullets(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """A list right under the title (or in a section that names no failures) whose every
    bullet is tagged with its level ("- CI role has Action * (High)"), two or more: each bullet
    a failure."""
    headings, lines = doc.headings, doc.lines
    top = headings[0][0] if headings else len(lines)
    # Before any heading, a plain lead-in line parts the lists ("Problems found:" over the
    # failures, "Looked fine:" over praise, whose list is skipped).
    # (Or an upper-case title line of its own: "TEMPLATE STRUCTURE ISSUES", "WHAT THE MODEL
    # DID WELL".)
    cuts = [
        i
        for i in range(top)
        if (_PLAIN_LEAD_LINE_RE.match(lines[i]) or _CAPS_TITLE_LINE_RE.match(lines[i]))
        and not doc.fenced[i]
    ]
    spans = []
    for start, end in zip([0, *cuts], [*cuts, top], strict=True):
        if start not in cuts or _PRAISE_LINE_RE.search(lines[start]) is None:
            spans.append((-1, start, end))
    for k, (line_no, _, _) in enumerate(headings):
        if not excluded[k]:
            spans.append((k, line_no + 1, doc.own_end(k)))
    found: list[_Item] = []
    lone: list[_Item] = []  # a section's one tagged bullet: one beside sections of two or more
    for k, start, end in spans:
        listed = _list_items(doc, start, end, k) if end - start >= 1 else []
        if (
            k < 0
            and start in cuts
            and _CAPS_TITLE_LINE_RE.match(lines[start])
            and (level := _heading_level(lines[start])) is not None
        ):
            for it in listed:  # ("BLOCKING ISSUES" over "1. Subnet Group Source: …": its level)
                it.level = it.level or level
        # ("- **Correct Billing Mode** (not an issue): …" between tagged failures: a check
        # passed, no bullet of the list.)
        kept = [it for it in listed if _NOT_AN_ISSUE_TAG_RE.search(lines[it.line]) is None]
        if len(kept) < len(listed):
            for it, nxt in zip(listed, listed[1:], strict=False):
                it.stop = nxt.line  # (the check's bullet is not the text of the one before)
            listed = kept
        tagged = sum(1 for it in listed if it.level)
        # (All tagged, or all but one of three or more: "- Export bucket has no lifecycle
        # rule → …" closing "- [High] …", "- [Medium] …", "- [Low] …".)
        if listed and (tagged == len(listed) or (tagged >= 3 and tagged == len(listed) - 1)):
            (found if len(listed) >= 2 else lone).extend(listed)
    if found and lone:
        found = sorted(found + lone, key=lambda it: it.line)
    for item in found:
        # ("Queue policies missing [Critical]: the model …", "DesiredCount default of 0
        # [severity: medium]": the title is what comes before its tag.)
        cut = _BRACKET_TAG_RE.search(item.title)
        if cut is not None and cut.start() >= 3:
            item.title = item.title[: cut.start()]
        head, colon, _ = item.title.partition(": ")
        if (
            colon
            and 2 <= len(head.split()) <= 8
            and head[:1].isupper()
            and not any(c in head for c in "`\"'")
        ):
            item.title = head  # ("Subnet Group Source: The MODEL_RESPONSE builds …")
    return found


_NOT_AN_ISSUE_TAG_RE = re.compile(
    r"\((?:not[ \t]+an?[ \t]+(?:issue|defect|failure|problem|bug|fault)|no[ \t]+issue|fine|ok"
    r"|correct|passed?)\)",
    re.I,
)
_BRACKET_TAG_RE = re.compile(
    rf"[ \t]*[\[(][ \t]*(?:(?:severity|sev|priority|impact)[ \t]*[:=][ \t]*)?(?:{_LEVEL_ALT})[ \t]*[\])]",
    re.I,
)


def _ticket_lines(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """A tracker export, a ticket a line ("[BUG-12] Title — Severity: Major — Status: Open",
    "[F1] Title (sev: critical) — …"), two or more: each open ticket is a failure at its level
    ("Status: Won't fix" is not)."""
    if "everity" not in doc.text and "riority" not in doc.text and "sev:" not in doc.low:
        return []
    found: list[_Item] = []
    for i, line in enumerate(doc.lines):
        if "[" not in line or doc.fenced[i]:
            continue
        m = _TICKET_LINE_RE.match(line) or _KEYED_LINE_RE.match(line)
        if m is None or _CLOSED_STATUS_RE.search(m.group(3)):
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue
        item = _Item(i, _clean_inline(m.group(1)), k, "list")
        item.level = _level(m.group(2))
        found.append(item)
    return found if len(found) >= 2 else []


_BOX_RE = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\[([ xX])\][ \t]+(\S.*)$")


def _unchecked_boxes(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """A requirements checklist ("- [x] VPC across two AZs", "- [ ] CodeDeploy group for the
    service (critical)"): each open box is a requirement the response missed, at the level it
    ends with, when other boxes are ticked (a to-do list ticks none) and no section of fixes,
    advice or the like holds it."""
    if "[ ]" not in doc.text:
        return []
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    ticked = 0
    for i, line in enumerate(lines):
        if fenced[i] or "[" not in line[:8]:
            continue
        m = _BOX_RE.match(line)
        if m is None:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and (excluded[k] == _HARD or _is_fix_section(doc.headings[k][2])):
            continue
        if m.group(1) != " ":
            ticked += 1
            continue
        text = m.group(2).strip()
        tag = _CLOSING_TAG_RE.search(text)
        item = _Item(i, _clean_inline(text[: tag.start()] if tag else text).rstrip(". "), k, "list")
        item.level = _level(tag.group(1)) if tag else None
        found.append(item)
    return found if ticked else []


def _cross_marked_lines(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """A reviewer's checklist whose lines are ticked ("✓ Roles scoped") or crossed ("✗ Self
    sign-up allowed; the prompt said admins only — **High**"): each crossed line is a failure,
    titled by its words before the first dash or semicolon, with the level it names."""
    text = doc.text
    if not any(c in text for c in "\u2717\u2718\u274c") and "[FAIL" not in text:
        return []
    # Without a tick, no checklist: crossed numbered bold titles still list failures
    # ("❌ **Flaw 1**" over its error, "❌ **Flaw 2 (Critical)**" over its own).
    titled_only = _TICK_RE.search(text) is None
    found: list[_Item] = []
    for i, line in enumerate(doc.lines):
        m = None if doc.fenced[i] else _CROSS_LINE_RE.match(line)
        if m is None:
            continue
        if titled_only:
            bold = _BOLD_TITLE_RE.match(m.group(1).strip())
            if bold is None or bold.group(2) or _NUMBERED_RE.match(bold.group(1)) is None:
                return []
            found.append(_Item(i, _clean_inline(bold.group(1)), -1, "bold"))
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue  # (a checklist sits under "## Requirements" as often as not)
        body = m.group(1).strip()
        title = _CROSS_TITLE_END_RE.split(body, maxsplit=1)[0]
        item = _Item(i, _clean_inline(title).rstrip("."), k, "list")
        level = _CROSS_LEVEL_RE.search(body)
        item.level = _level(level.group(1)) if level else None
        found.append(item)
    return found if not titled_only or len(found) >= 2 else []


_DEFINITION_RE = re.compile(r"^:[ \t]+(.*)$")
_DEFINED_LEVEL_RE = re.compile(
    rf"^[*_]*(?:severity|priority|impact|risk)[*_]*[ \t]*:[*_ \t]*({_LEVEL_ALT})\b", re.I
)


def _definition_terms(doc: _Doc, excluded: list[int], failing: list[int]) -> list[_Item]:
    """A definition list under a failure section ("Flow logs not enabled" then ":   Severity:
    Medium", ":   The prompt required …"): each term is a failure, at the level a definition
    names."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    for i in range(1, len(lines)):
        m = _DEFINITION_RE.match(lines[i]) if not fenced[i] else None
        term = lines[i - 1]
        if (
            m is None
            or not term.strip()
            or term[:1] in ":#|-*> \t"
            or fenced[i - 1]
            or (i >= 2 and lines[i - 2].strip() and lines[i - 2][:1] != "#")
        ):
            continue  # (a term stands alone after a blank line, at the margin)
        term = term.strip()
        k = _enclosing(doc, i)
        if k < 0 or excluded[k] or not failing[k]:
            continue
        item = _Item(i - 1, _clean_inline(term), k, "list")
        for j in range(i, min(i + 6, len(lines))):
            d = _DEFINITION_RE.match(lines[j])
            level = _DEFINED_LEVEL_RE.match(d.group(1).strip()) if d else None
            if level is None and d is not None and "everity" in lines[j]:
                level = _TRAILING_LEVEL_LABEL_RE.search(d.group(1).rstrip("* "))
            if level:
                item.level = _level(level.group(1))
                break
        found.append(item)
    # (One term under a "## Failures" heading is one failure; elsewhere two make a list.)
    return found if len(found) >= 2 or (found and failing[found[0].heading] == 2) else []


def _rows_say_levels(lines: list[str], tabbed: bool, start: int, end: int, col: int) -> bool:
    """Whether two rows or more fill the level column, two thirds of them with a level word
    ("| F-1 | No redrive policy | Major |"): a table of rated findings wherever it sits."""
    if col < 0 or end - start < 2:
        return False
    rated = 0
    for r in range(start, end):
        cells = _cells(lines[r], tabbed)
        if col < len(cells) and len(cells[col]) <= 30 and _CELL_LEVEL_RE.search(cells[col]):
            rated += 1
    return rated * 3 >= (end - start) * 2


_NOT_AN_ISSUE_CELL_RE = re.compile(
    r"[\W_]*(?:n/?a|none)\b[^|]*?\b(?:not\s+an?\s+issue|no\s+issue)\b", re.I
)
_WITHDRAWN_CELL_RE = re.compile(r"^[\W_]*(?:withdrawn|retracted)\b", re.I)


def _rows_rate_some(lines: list[str], tabbed: bool, start: int, end: int, col: int) -> bool:
    """Whether a level column gives some row a level word (a table of one rated row and one
    left blank "for completeness" is rated)."""
    if col < 0:
        return False
    for r in range(start, end):
        cells = _cells(lines[r], tabbed)
        if col < len(cells) and len(cells[col]) <= 30 and _CELL_LEVEL_RE.search(cells[col]):
            return True
    return False


def _table_label(doc: _Doc, i: int, excluded: list[int], failing: list[int]) -> bool:
    """Whether the table starting at line `i` sits under a section that announces failures."""
    k = _enclosing(doc, i)
    if k >= 0 and (excluded[k] or not failing[k]):
        return False
    if k >= 0 and failing[k] == 2:
        return True
    # A plain-text report names its sections on a line of their own ("Security Failures").
    for j in range(i - 1, max(-1, i - 4), -1):
        text = doc.lines[j].strip()
        if text:
            if len(text) > 80 or _is_non_failure_section(text):
                return False
            return _mentions_failure(text)
    return False


_TITLE_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _table_items(
    doc: _Doc,
    excluded: list[int],
    failing: list[int],
    i: int = 0,
    n: int = -1,
    rated: bool = False,
    summary: bool = False,
) -> list[_Item]:
    """Rows of issue tables ("| # | Issue | Severity | Fix |", tab-separated too) under a failure
    section, one failure per row, in lines i to n (all by default); comparison, checklist and
    count tables have no issue column, unless they rate their rows. With `summary` (a last
    resort), a summary section's table whose rows each say a level counts too."""
    lines, fenced = doc.lines, doc.fenced
    found: list[_Item] = []
    if n < 0:
        n = len(lines)
    while i < n - 1:
        line = lines[i]
        first = line.lstrip()[:1]
        tabbed = first != "|" and line.count("\t") >= 2
        if fenced[i] or not (first == "|" or tabbed):
            i += 1
            continue
        if tabbed:
            if lines[i + 1].count("\t") < 2:
                i += 1
                continue
            start = i + 1
        else:
            if not _TABLE_RULE_RE.match(lines[i + 1]):
                i += 1
                continue
            start = i + 2
        end = start
        while (
            end < n
            and not fenced[end]
            and (lines[end].count("\t") >= 2 if tabbed else lines[end].lstrip()[:1] == "|")
        ):
            end += 1
        header = [_clean_inline(c) for c in _cells(line, tabbed)]
        i = end
        lows = [h.lower() for h in header]
        if any(_COUNT_COL_RE.search(h) for h in lows if len(h) < 30):
            continue  # a tally
        level_col = _column(header, re.compile(r"severity|priority|criticality|level|^\W*sev\W*$"))
        if level_col < 0:
            level_col = _column(header, _LEVEL_COL_RE)
        status_col = next(
            (j for j, h in enumerate(lows) if len(h) < 30 and _STATUS_COL_RE.search(h)), -1
        )
        if level_col < 0 and status_col >= 0:
            continue  # a checklist ("| Requirement | Status |"); issues rated by level may
            # say how each stands ("| Lambda has no DLQ | P1 | Fixed in IDEAL |")
        fix_col = _column(header, _FIX_COL_RE, (level_col,))
        title_col = -1
        for j, name in enumerate(lows):
            if (
                j not in (level_col, fix_col)
                and _TITLE_COL_RE.search(name)
                and _NUMBER_COL_RE.search(name) is None  # ("| Fault # |" numbers the rows)
                # ("| Error | Title | Severity |" over "| 3 | Missing return routes |": the
                # column of numbers names no row)
                and not _numbers_only(lines, tabbed, start, end, j)
            ):
                title_col = j
                break
        else:
            # "| Key | Summary | Priority | Status |": a tracker's, its summary the title.
            title_col = next((j for j, name in enumerate(lows) if name == "summary"), -1)
        header_line = start - (1 if tabbed else 2)
        compared = False
        if title_col < 0 and level_col >= 0:
            # "| Aspect | Model response | Ideal response | Severity |": a rated comparison
            # names what each row is about in its first other column.
            model_col = _column(header, _MODEL_COL_RE, (level_col, fix_col))
            skip = (level_col, fix_col, model_col)
            # (not "| # |", the column numbering the rows: "| 4 | Lambda runtime | … |")
            title_col = next(
                (
                    j
                    for j in range(len(header))
                    if j not in skip and not _numbers_only(lines, tabbed, start, end, j)
                ),
                -1,
            )
            compared = model_col >= 0 and title_col >= 0
            if title_col >= 0 and _ACTION_COL_RE.search(lows[title_col]):
                continue  # "| Priority | Action |": what to do first, not what went wrong
        if title_col < 0 and level_col < 0 and len(header) == 2:
            # "| Area | What the model produced |" under "Limitations & Failures": what each
            # row is about, then what the model did there.
            model_col = _column(header, _MODEL_COL_RE, (fix_col,))
            if model_col >= 0 and _table_label(doc, header_line, excluded, failing):
                title_col = 1 - model_col
        if title_col < 0:
            continue
        rows = [_cells(lines[r], tabbed) for r in range(start, end)]
        if rows and all(
            any(_LEVEL_ONLY_RE.match(_clean_inline(c)) for c in row)
            and all(_LEVEL_ONLY_RE.match(_clean_inline(c)) or c.strip("* ").isdigit() for c in row)
            for row in rows
        ):
            continue  # "| Severity | # |" over "| Critical | 2 |": counts, not issues
        k = _enclosing(doc, start)
        if rated and not _rows_rate_some(lines, tabbed, start, end, level_col):
            continue
        open_section = k < 0 or not excluded[k]
        if summary and not open_section:
            # "## Summary" over "| 1 | Function outside us-east-1 | Critical |" and nothing
            # else listing the failures: its rows are the list.
            open_section = excluded[k] < _HARD and _is_meta_section(doc.headings[k][2])
        if not _table_label(doc, header_line, excluded, failing) and not (
            open_section and _rows_say_levels(lines, tabbed, start, end, level_col)
        ):
            continue  # (an issue table is under a failure section, or rates each row)
        for r in range(start, end):
            cells = _cells(lines[r], tabbed)
            if title_col >= len(cells):
                continue
            title = _clean_inline(cells[title_col])
            if not title or title[:1] in ("✅", "✓", "-") or _is_tally_title(title):
                continue
            if summary and len(_TITLE_WORD_RE.findall(title)) < 2:
                continue  # "| High | F-02, F-03 |": a summary indexing items by their keys
            if _is_tally_title(_clean_inline(cells[0])):
                continue
            if "ITHDRAWN" in lines[r].upper() and any(_WITHDRAWN_CELL_RE.match(c) for c in cells):
                continue  # "| … | WITHDRAWN after re-check: the template already sets it |"
            if (
                0 <= level_col < len(cells)
                and "issue" in cells[level_col]
                and _NOT_AN_ISSUE_CELL_RE.match(cells[level_col]) is not None
            ):
                continue  # "| Tags on all resources | n/a — matches the prompt, not an issue |"
            if 0 <= status_col < len(cells) and _PASSED_CELL_RE.match(cells[status_col]):
                continue  # "| Encryption at rest | High | ✅ Pass |": checked, not failed
            words = sum(1 for w in title.split() if w[:1].isalnum())
            if title_col > 0 and words < 4 and cells[0].strip() and not cells[0].strip().isdigit():
                title = f"{_clean_inline(cells[0])}: {title}"  # "Unit Tests: ❌ Missing"
            item = _Item(r, title, k, "table")
            if 0 <= level_col < len(cells):
                m = _CELL_LEVEL_RE.search(cells[level_col][:60])
                item.level = _level(m.group(1)) if m else None
                if m is None and (mark := cells[level_col].strip(" *_")[:1]) in _MARKS and mark:
                    item.mark = mark  # "| … | 🟠 |": the legend's level, read by `_parse`
                if compared and m is None:
                    continue  # (an unrated row only completes the comparison: "same")
            if 0 <= fix_col < len(cells):
                item.fix = _clean_inline(cells[fix_col])
            found.append(item)
    return found


# "…how I resolved it.1. Incomplete Component ImplementationsClaude’s Failure:Claude only …":
# a rich-text export whose numbered titles run on inside the paragraphs, each followed by a
# "<who>'s Failure:" label.
_RUN_ON_LABEL = (
    r"(?:(?:Claude|GPT[\w.-]*|Gemini|Llama|[Tt]he [Mm]odel|Model|AI)['\u2019]s "
    r"(?:[Ff]ailure|[Mm]istake|[Ee]rror|[Ii]ssue|[Pp]roblem)s?"
    r"|What [Ww]ent [Ww]rong|(?:The )?[Pp]roblem|(?:The )?[Ii]ssue):"
)
_RUN_ON_ITEM_RE = re.compile(
    rf"(?<![\d\\])(\d{{1,2}})\\?\.[ \t]*([A-Z][^\n]{{2,100}}?)[ \t]*(?={_RUN_ON_LABEL})"
)
_RUN_ON_LABEL_RE = re.compile(_RUN_ON_LABEL)
_RUN_ON_HINTS = tuple(
    f"{word}{s}:" for word in ("failure", "mistake", "error", "issue", "problem") for s in ("", "s")
) + ("wrong:",)


_PAREN_NUMBER_RE = re.compile(r"(?:^|(?<=[\s.;:—–-]))\((\d{1,2})\)[ \t]+(?=\S)")


def _inline_numbered_runs(doc: _Doc, excluded: list[int]) -> list[_Item]:
    """A review paragraph counting its findings off inline, "(1) The stream is unencrypted …
    (2) The mapping has no retries …", three or more in order: one failure each, titled by
    its first clause, at the level it gives out of five ("(4/5)"), if any."""
    if "(1) " not in doc.text or "(3) " not in doc.text:
        return []
    found: list[_Item] = []
    for i, line in enumerate(doc.lines):
        if "(1) " not in line or doc.fenced[i]:
            continue
        k = _enclosing(doc, i)
        if k >= 0 and excluded[k] == _HARD:
            continue
        marks = []
        for m in _PAREN_NUMBER_RE.finditer(line):
            if int(m.group(1)) == len(marks) + 1:
                marks.append(m)
        if len(marks) < 3:
            continue
        for n, m in enumerate(marks):
            said = line[m.end() : marks[n + 1].start() if n + 1 < len(marks) else len(line)]
            title = _SENTENCE_END_RE.split(_clean_inline(said), maxsplit=1)[0]
            title = re.split(r",[ \t]+so\b|[ \t]+[—–][ \t]+", title, maxsplit=1)[0].rstrip(" .,;")
            title = re.sub(r"[ \t]*\([1-5][ \t]*/[ \t]*5\)$", "", title)  # ("… read (2/5)")
            if len(title) > 150:
                title = title[:150].rsplit(" ", 1)[0]
            item = _Item(i, title, k, "list", said.strip())
            scaled = _FIVE_SCALE_SAID_RE.findall(said)
            item.level = _FIVE_SCALE[int(scaled[-1])] if scaled else None
            found.append(item)
    return found if len(found) >= 3 else []


def _run_on_items(doc: _Doc) -> list[_Item]:
    """Numbered titles running on inside paragraphs, before a "Claude's Failure:" label; they
    count only numbered 1, 2, 3 … in order, three or more."""
    low = doc.low
    if not any(word in low for word in _RUN_ON_HINTS):
        return []  # (C-level finds: the label's pattern, searched over a whole text, is slow)
    found: list[_Item] = []
    text, fenced = doc.text, doc.fenced
    line_no, at = 0, 0
    for m in _RUN_ON_ITEM_RE.finditer(text):
        line_no += text.count("\n", at, m.start())
        at = m.start()
        if fenced[line_no] or int(m.group(1)) != len(found) + 1:
            continue
        label = _RUN_ON_LABEL_RE.match(text, m.end())
        eol = text.find("\n", m.end())
        said = text[label.end() if label else m.end() : eol if eol >= 0 else len(text)]
        found.append(_Item(line_no, _clean_inline(m.group(2)), -1, "list", said.strip()))
    return found if len(found) >= 3 else []
