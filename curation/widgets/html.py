"""Pure functions that turn session data into HTML strings, escaping every piece of data text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from curation.diff import Diff, DiffLine
from curation.records import Annotation, Record

#: Diff lines drawn at most: the browser, not Python, is what slows down on huge diffs.
MAX_RENDERED_LINES = 2000

#: Style sheet of the form (one <style> element, added once by the form).
CSS = """
.curation-form { font-size: 13px; }
.curation-form .curation-text, .curation-form .curation-diff {
  max-height: 420px; overflow: auto; border: 1px solid #ddd; border-radius: 3px;
  background: #fafafa; margin: 0; }
.curation-form pre.curation-text, .curation-form .curation-diff td.code {
  font-family: var(--jp-code-font-family, monospace); font-size: 12px;
  white-space: pre-wrap; overflow-wrap: anywhere; padding: 4px 6px; }
.curation-form .curation-diff table { border-collapse: collapse; width: 100%;
  table-layout: fixed; }
.curation-form .curation-diff td.no { width: 3.5em; color: #999; text-align: right;
  font-family: monospace; font-size: 11px; vertical-align: top; padding: 0 4px;
  user-select: none; }
.curation-form .curation-diff tr.delete td.code { background: #ffebe9; }
.curation-form .curation-diff tr.insert td.code { background: #e6ffec; }
.curation-form .curation-diff td.delete { background: #ffebe9; }
.curation-form .curation-diff td.insert { background: #e6ffec; }
.curation-form .curation-diff tr.hunk td { background: #ddf4ff; color: #555;
  font-family: monospace; font-size: 11px; padding: 2px 6px; }
.curation-form .curation-note { color: #8a6d3b; background: #fcf8e3; padding: 2px 6px; }
.curation-form .curation-banner { background: #fff8c5; border: 1px solid #d4a72c;
  padding: 4px 8px; border-radius: 3px; }
.curation-form .curation-badge { display: inline-block; background: #eef; border-radius: 8px;
  padding: 0 6px; margin-right: 4px; font-size: 11px; }
.curation-form .curation-status-saved { color: #1a7f37; }
.curation-form .curation-status-invalid, .curation-form .curation-status-error,
.curation-form .curation-status-conflict, .curation-form .curation-status-unsaved {
  color: #cf222e; font-weight: bold; }
"""


#: Tooltip of the parts of the form that take keyboard shortcuts.
KEYS_TOOLTIP = "Keyboard shortcuts work while the pointer is on this line: press ? for the list"

#: The shortcuts, as listed on the help line.
KEYS_HELP = (
    ("n / j / →", "next record"),
    ("p / k / ←", "previous record"),
    ("s", "skip"),
    ("a", "add a failure"),
    ("1 2 3 4", "severity Critical / High / Medium / Low of the current failure"),
    ("?", "show or hide this line"),
)


def keys_help() -> str:
    """The help line: each shortcut, and where the pointer must be for it to work."""
    keys = " &nbsp;·&nbsp; ".join(f"<kbd>{escape(k)}</kbd> {escape(what)}" for k, what in KEYS_HELP)
    return (
        f'<div class="curation-note">{keys}<br>Keys work while the pointer is on the record '
        "id line, the <b>Failures</b> heading or the status line (never while typing in a field)."
        "</div>"
    )


def style() -> str:
    """The form's style sheet as an HTML fragment."""
    return f"<style>{CSS}</style>"


def text_block(text: str, *, empty: str = "(empty)") -> str:
    """A scrolling monospace block showing `text` verbatim (escaped, wrapped)."""
    if not text:
        return f'<div class="curation-note">{escape(empty)}</div>'
    return f'<pre class="curation-text">{escape(text)}</pre>'


def record_header(record: Record | None, position: str, progress: str) -> str:
    """The record's id, metadata badges, queue position and progress."""
    if record is None:
        return f"<b>No records match the filters.</b> ({escape(progress)})"
    badges = [
        ("platform", record.platform),
        ("language", record.language),
        ("complexity", record.complexity),
        ("score", None if record.score is None else f"{record.score:g}"),
    ]
    shown = "".join(
        f'<span class="curation-badge">{escape(name)}: {escape(str(value))}</span>'
        for name, value in badges
        if value is not None
    )
    return (
        f"<b>{escape(record.id)}</b> &nbsp; {shown}<br>"
        f"record {escape(position)} &nbsp;·&nbsp; <b>{escape(progress)}</b>"
    )


def others_line(others: Iterable[Annotation]) -> str:
    """Who else annotated this record, and when."""
    parts = []
    for other in others:
        when = _when(other.updated_at)
        failures = len(other.failures)
        parts.append(
            f"{escape(other.annotator)} ({failures} failure{'s' if failures != 1 else ''}"
            f"{', ' + escape(when) if when else ''})"
        )
    if not parts:
        return ""
    return "Also annotated by: " + ", ".join(parts)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def prefill_banner(prefilled: bool) -> str:
    if not prefilled:
        return ""
    return (
        '<div class="curation-banner">Pre-filled from the imported analysis — confirm or '
        "correct. Your first change (or <i>Confirm</i>) saves it as your own annotation; "
        "the imported one stays untouched.</div>"
    )


def status_html(kind: str, message: str) -> str:
    """The status line; `kind` picks its colour."""
    return f'<span class="curation-status-{escape(kind or "idle")}">{escape(message)}</span>'


def messages_html(errors: Iterable[str]) -> str:
    items = "".join(f"<li>{escape(e)}</li>" for e in errors)
    return f'<ul class="curation-status-invalid">{items}</ul>' if items else ""


def _notes(diff: Diff, cut: bool, drawn: int) -> str:
    notes = list(diff.notes)
    if cut:
        notes.append(
            f"display cut at {drawn} lines: later changes are not drawn "
            f"(all {len(diff.hunks)} can still be picked as anchors)"
        )
    return "".join(f'<div class="curation-note">{escape(n)}</div>' for n in notes)


def _no(number: int | None) -> str:
    return "" if number is None else str(number)


def _summary(diff: Diff) -> str:
    return (
        f"<div>{len(diff.hunks)} change{'s' if len(diff.hunks) != 1 else ''}: "
        f"−{diff.removed} model line{'s' if diff.removed != 1 else ''}, "
        f"+{diff.added} ideal line{'s' if diff.added != 1 else ''}</div>"
    )


def unified_html(diff: Diff, *, max_lines: int = MAX_RENDERED_LINES) -> str:
    """The diff as one column: model-only lines red, ideal-only lines green, hunk headers blue.

    Examples
    --------
    >>> from curation.diff import compute_diff
    >>> "&lt;b&gt;" in unified_html(compute_diff("<b>", "<i>"))
    True
    """
    if diff.identical:
        return '<div class="curation-note">The model response is identical to the ideal.</div>'
    rows, shown, cut = [], 0, False
    for hunk in diff.hunks:
        if shown + 1 + len(hunk.lines) > max_lines:
            cut = True
        if shown >= max_lines:
            break
        rows.append(f'<tr class="hunk"><td colspan="4">{escape(hunk.label)}</td></tr>')
        shown += 1
        for line in hunk.lines[: max_lines - shown]:
            sign = {"equal": " ", "delete": "−", "insert": "+"}[line.tag]
            rows.append(
                f'<tr class="{line.tag}"><td class="no">{_no(line.model_no)}</td>'
                f'<td class="no">{_no(line.ideal_no)}</td><td class="no">{sign}</td>'
                f'<td class="code">{escape(line.text)}</td></tr>'
            )
        shown += min(len(hunk.lines), max(0, max_lines - shown))
    return (
        _summary(diff)
        + _notes(diff, cut, shown)
        + '<div class="curation-diff"><table><colgroup><col style="width:3.5em">'
        '<col style="width:3.5em"><col style="width:1.5em"><col></colgroup>'
        + "".join(rows)
        + "</table></div>"
    )


def _pairs(lines: tuple[DiffLine, ...]):
    """Pair deleted and inserted lines of a change block side by side."""
    deletes: list[DiffLine] = []
    inserts: list[DiffLine] = []

    def flush():
        for k in range(max(len(deletes), len(inserts))):
            yield (
                deletes[k] if k < len(deletes) else None,
                inserts[k] if k < len(inserts) else None,
            )
        deletes.clear()
        inserts.clear()

    for line in lines:
        if line.tag == "equal":
            yield from flush()
            yield line, line
        elif line.tag == "delete":
            deletes.append(line)
        else:
            inserts.append(line)
    yield from flush()


def side_by_side_html(diff: Diff, *, max_lines: int = MAX_RENDERED_LINES) -> str:
    """The diff in two columns: model on the left, ideal on the right."""
    if diff.identical:
        return '<div class="curation-note">The model response is identical to the ideal.</div>'
    rows, shown, cut = [], 0, False
    for hunk in diff.hunks:
        if shown >= max_lines:
            cut = True
            break
        rows.append(f'<tr class="hunk"><td colspan="4">{escape(hunk.label)}</td></tr>')
        shown += 1
        for left, right in _pairs(hunk.lines):
            if shown >= max_lines:
                cut = True
                break
            cells = []
            for line, number in ((left, "model_no"), (right, "ideal_no")):
                if line is None:
                    cells.append('<td class="no"></td><td class="code"></td>')
                else:
                    tag = "" if line.tag == "equal" else f" {line.tag}"
                    cells.append(
                        f'<td class="no">{_no(getattr(line, number))}</td>'
                        f'<td class="code{tag}">{escape(line.text)}</td>'
                    )
            rows.append("<tr>" + "".join(cells) + "</tr>")
            shown += 1
    return (
        _summary(diff)
        + _notes(diff, cut, shown)
        + '<div class="curation-diff"><table><colgroup><col style="width:3.5em"><col>'
        '<col style="width:3.5em"><col></colgroup>'
        + '<tr class="hunk"><td colspan="2">model response</td>'
        '<td colspan="2">ideal response</td></tr>' + "".join(rows) + "</table></div>"
    )
