"""Line diffs of a model response against the ideal one, split into hunks failures can anchor to."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

#: Lines of each side compared at most; the rest is left out with a note (keeps 300 KB fast).
MAX_LINES = 4000
#: Unchanged lines shown around each change.
CONTEXT = 3
#: Below this similarity (difflib's quick_ratio over lines) the texts are treated as one
#: replacement: a real diff of two unrelated texts is slow and tells the analyst nothing.
DIFFERENT_RATIO = 0.15


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: ``tag`` is ``equal``, ``delete`` (model only) or ``insert`` (ideal only).

    `model_no` / `ideal_no` are 1-based line numbers on each side (None on the side that lacks it).
    """

    tag: str
    text: str
    model_no: int | None
    ideal_no: int | None


@dataclass(frozen=True)
class Hunk:
    """A run of changes with its context: what a failure can be anchored to.

    `model_lines` / `ideal_lines` are the changed span on each side (from the first changed
    line to the last, without the surrounding context); `lines` is the hunk as displayed.
    """

    index: int
    model_start: int
    model_lines: tuple[str, ...]
    ideal_start: int
    ideal_lines: tuple[str, ...]
    lines: tuple[DiffLine, ...]

    @property
    def model_snippet(self) -> str:
        return "\n".join(self.model_lines)

    @property
    def ideal_fix(self) -> str:
        return "\n".join(self.ideal_lines)

    @property
    def label(self) -> str:
        """Short description for a picker, e.g. ``#2  model 40-45 → ideal 38-50``."""
        return (
            f"#{self.index + 1}  model {_span(self.model_start, len(self.model_lines))}"
            f" → ideal {_span(self.ideal_start, len(self.ideal_lines))}"
        )


@dataclass(frozen=True)
class Diff:
    """The diff of one record: its hunks, counts, and whether (and why) anything was left out."""

    hunks: tuple[Hunk, ...] = ()
    added: int = 0
    removed: int = 0
    identical: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def truncated(self) -> bool:
        return bool(self.notes)


def _span(start: int, count: int) -> str:
    if count == 0:
        return f"{start} (none)"
    return f"{start}" if count == 1 else f"{start}-{start + count - 1}"


def compute_diff(
    model: str,
    ideal: str,
    *,
    context: int = CONTEXT,
    max_lines: int = MAX_LINES,
) -> Diff:
    """Diff the model response against the ideal response, line by line.

    Parameters
    ----------
    model, ideal : the two texts.
    context : unchanged lines kept around each change.
    max_lines : lines of each side compared; longer texts are cut and a note says so.

    Examples
    --------
    >>> diff = compute_diff("a\\nb\\nc", "a\\nB\\nc")
    >>> diff.hunks[0].model_snippet, diff.hunks[0].ideal_fix
    ('b', 'B')
    """
    if model == ideal:
        return Diff(identical=True)
    a, b = model.splitlines(), ideal.splitlines()
    notes = []
    if len(a) > max_lines or len(b) > max_lines:
        notes.append(
            f"diff limited to the first {max_lines} lines of each side "
            f"(model has {len(a)}, ideal has {len(b)})"
        )
        a, b = a[:max_lines], b[:max_lines]
    # autojunk drops very frequent lines (blank lines, closing braces) as sync points,
    # which is what keeps large code diffs near-linear.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=True)
    if a and b and matcher.quick_ratio() < DIFFERENT_RATIO:
        notes.append("the texts share almost no lines: shown as one replacement")
        groups = [[("replace", 0, len(a), 0, len(b))]]
    else:
        groups = list(matcher.get_grouped_opcodes(context))
    hunks = []
    added = removed = 0
    for index, group in enumerate(groups):
        lines: list[DiffLine] = []
        changed = [op for op in group if op[0] != "equal"]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    DiffLine("equal", a[i1 + k], i1 + k + 1, j1 + k + 1) for k in range(i2 - i1)
                )
                continue
            lines.extend(DiffLine("delete", a[i], i + 1, None) for i in range(i1, i2))
            lines.extend(DiffLine("insert", b[j], None, j + 1) for j in range(j1, j2))
            removed += i2 - i1
            added += j2 - j1
        first, last = changed[0], changed[-1]
        hunks.append(
            Hunk(
                index=index,
                model_start=first[1] + 1,
                model_lines=tuple(a[first[1] : last[2]]),
                ideal_start=first[3] + 1,
                ideal_lines=tuple(b[first[3] : last[4]]),
                lines=tuple(lines),
            )
        )
    return Diff(hunks=tuple(hunks), added=added, removed=removed, notes=tuple(notes))
