"""Read sources into records; problem kinds: missing_file, missing_metadata, invalid_metadata, not_utf8, nul_bytes, html_page, oversized, empty_text, placeholder_text, identical_responses, bad_score, bad_date, unreadable, invalid_row, duplicate_id.

Every loader yields one `Loaded` per task folder or row, in a stable order, and never holds
the whole source in memory. A bad record never raises: it arrives with `Problem` rows, and
with ``record=None`` when it could not be loaded at all. `SourceError` is raised only when
the source as a whole cannot be read (missing path, unknown format, a required column absent).

    kind                 record    meaning
    missing_file         rejected  lib/PROMPT.md, MODEL_RESPONSE.md or IDEAL_RESPONSE.md absent
    oversized            rejected  a required file is over `max_file_bytes` (analysis: dropped)
    unreadable           rejected  the OS refused to read a required file (analysis: dropped)
    invalid_row          rejected  a JSONL line that is not a JSON object, a CSV row of wrong width
    duplicate_id         rejected  a row whose id an earlier row of the same source already used
    missing_metadata     kept      no metadata.json (nor lib/metadata.json)
    invalid_metadata     kept      metadata is not JSON or not an object; metadata becomes {}
    not_utf8             kept      bad bytes were replaced with U+FFFD; the file is named
    nul_bytes            kept      NUL characters (mangled files) were replaced with U+FFFD
    html_page            kept      a saved HTML page where markdown was expected (analysis: dropped)
    empty_text           kept      an empty or whitespace-only text (analysis: dropped)
    placeholder_text     kept      a text still starting with the template's "Insert here …"
    identical_responses  kept      the model response equals the ideal once whitespace is stripped
    bad_score            kept      training_quality unreadable; score is None
    bad_date             kept      startedAt (or another date key) unreadable; date is None
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from curation.errors import SourceError
from curation.normalise import (
    normalise_date,
    normalise_language,
    normalise_metadata,
    normalise_platform,
    normalise_score,
    prompt_key,
)
from curation.records import Problem, Record

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "Columns",
    "Loaded",
    "count_items",
    "load",
    "load_csv",
    "load_dataframe",
    "load_dataset",
    "load_jsonl",
    "load_parquet",
    "load_tasks",
    "looks_like_html",
    "normalise_date",
    "normalise_language",
    "normalise_metadata",
    "normalise_platform",
    "normalise_score",
    "prompt_key",
]

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
#: Task-folder files by record field; the first three are required.
TASK_FILES: dict[str, str] = {
    "prompt": "PROMPT.md",
    "response": "MODEL_RESPONSE.md",
    "ideal": "IDEAL_RESPONSE.md",
    "analysis": "MODEL_FAILURES.md",
}
REQUIRED = ("prompt", "response", "ideal")
SUPPORTED = (
    "a folder of task folders (<task>/lib/PROMPT.md …), a datasets save_to_disk folder, "
    ".jsonl/.ndjson/.json, .csv/.tsv or .parquet files, a pandas DataFrame, "
    "or a Hugging Face Dataset/DatasetDict"
)
_BATCH = 512
_SKIP_DIRS = {"node_modules", "__pycache__"}
_HTML_START = re.compile(r"(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1", re.MULTILINE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_PLACEHOLDER = re.compile(r"\s*insert here\b", re.IGNORECASE)


@dataclass
class Loaded:
    """One task folder or row as loaded: its record (None when rejected) and its problems."""

    record_id: str
    record: Record | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """Which column holds which field; None means "the first of the usual names present".

    Any column not used for a field goes into the record's metadata, as does the content
    of a ``metadata`` column holding a dict or a JSON object string.

    Examples
    --------
    >>> Columns(prompt="question", ideal="gold").prompt
    'question'
    """

    id: str | None = None
    prompt: str | None = None
    response: str | None = None
    ideal: str | None = None
    analysis: str | None = None
    metadata: str | None = None

    ALIASES = {
        "id": ("id", "task_id", "record_id"),
        "prompt": ("prompt", "question", "instruction", "input"),
        "response": ("response", "model_response", "completion", "rejected", "output"),
        "ideal": ("ideal", "ideal_response", "chosen", "reference", "answer"),
        "analysis": ("analysis", "model_failures", "failure_analysis"),
        "metadata": ("metadata", "meta"),
    }

    @classmethod
    def of(cls, value: Columns | Mapping[str, str] | None) -> Columns:
        if value is None:
            return cls()
        if isinstance(value, Columns):
            return value
        unknown = set(value) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown columns= keys {sorted(unknown)}; use {list(cls.ALIASES)}")
        return cls(**value)

    def resolve(self, names: Iterable[str], source: str) -> dict[str, str | None]:
        """Map each field to a column of `names`; SourceError when a required one is absent."""
        names = list(names)
        lowered = {name.lower(): name for name in reversed(names)}
        taken: set[str] = set()
        mapping: dict[str, str | None] = {}
        for name in self.ALIASES:
            wanted = getattr(self, name)
            if wanted is not None and wanted not in names:
                raise SourceError(
                    f"{source}: column {wanted!r} given for {name} is not there; "
                    f"its columns are {names[:30]}"
                )
            found = wanted
            for alias in () if wanted else self.ALIASES[name]:
                found = alias if alias in names else lowered.get(alias)
                if found and found not in taken:
                    break
                found = None
            if found is None and name in REQUIRED:
                raise SourceError(
                    f"{source} has no {name} column (looked for {', '.join(self.ALIASES[name])}); "
                    f"its columns are {names[:30]}. Say which one holds it with "
                    f"columns={{'{name}': '<column>'}}."
                )
            mapping[name] = found
            if found:
                taken.add(found)
        return mapping


# --------------------------------------------------------------------------- task folders


def load_tasks(
    path: str | os.PathLike, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> Iterator[Loaded]:
    """Load every task folder under `path` (recursively), in sorted order.

    A task folder has a ``lib/`` holding PROMPT.md, MODEL_RESPONSE.md and IDEAL_RESPONSE.md
    (required) and MODEL_FAILURES.md (optional), plus ``metadata.json`` beside ``lib/`` (or
    inside it). The record id is the folder's path relative to `path` with ``/``
    separators, or the folder's own name when `path` is itself a task folder.

    Raises
    ------
    SourceError : `path` is not a folder or holds no task folder at all.

    Examples
    --------
    >>> for loaded in load_tasks("data"):  # doctest: +SKIP
    ...     print(loaded.record_id, [p.kind for p in loaded.problems])
    """
    root = Path(path)
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is a file, not a folder"
        raise SourceError(f"{root} {what}; load_tasks needs a folder of task folders")
    if next(_task_folders(root), None) is None:
        raise SourceError(
            f"{root} holds no task folders: expected <task>/lib/PROMPT.md, MODEL_RESPONSE.md "
            "and IDEAL_RESPONSE.md somewhere below it"
        )
    return (
        _load_task(folder, _task_id(root, folder), max_file_bytes) for folder in _task_folders(root)
    )


def _is_task(folder: Path) -> bool:
    lib = folder / "lib"
    return lib.is_dir() and any((lib / name).is_file() for name in TASK_FILES.values())


def _task_folders(root: Path, _seen: set[str] | None = None) -> Iterator[Path]:
    seen = set() if _seen is None else _seen
    real = os.path.realpath(root)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    if _is_task(root):
        yield root
        return
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            yield from _task_folders(Path(entry.path), seen)


def _task_id(root: Path, folder: Path) -> str:
    if folder == root:
        return root.resolve().name
    return folder.relative_to(root).as_posix()


def _load_task(folder: Path, record_id: str, max_bytes: int) -> Loaded:
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    rejected = False
    for name, filename in TASK_FILES.items():
        path = folder / "lib" / filename
        labels[name] = str(path)
        if not path.is_file():
            if name in REQUIRED:
                rejected = True
                problems.append(
                    Problem(
                        record_id,
                        "missing_file",
                        (
                            f"{path} is missing, so the task cannot be loaded; add the file "
                            "or remove the folder"
                        ),
                        str(path),
                    )
                )
            continue
        text = _read_text(path, record_id, max_bytes, problems, required=name in REQUIRED)
        if text is None:
            rejected = rejected or name in REQUIRED
            continue
        if looks_like_html(text):
            problems.append(
                Problem(
                    record_id,
                    "html_page",
                    (
                        f"{path} is a saved HTML web page, not markdown; export the document as "
                        "markdown"
                        + (" (the analysis is ignored meanwhile)" if name == "analysis" else "")
                    ),
                    str(path),
                )
            )
            if name == "analysis":
                continue
        texts[name] = text
    metadata, meta_label = _read_metadata(folder, record_id, max_bytes, problems)
    if rejected:
        return Loaded(record_id, None, problems)
    return _finish(record_id, texts, metadata, str(folder), problems, labels, meta_label)


def _read_text(
    path: Path, record_id: str, max_bytes: int, problems: list[Problem], *, required: bool = True
) -> str | None:
    """The file's text, or None (with a problem) when it is oversized or unreadable."""
    consequence = "the task is not loaded" if required else "it is ignored"
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(
                Problem(
                    record_id,
                    "oversized",
                    (
                        f"{path} is {size:,} bytes, over the {max_bytes:,}-byte limit, so {consequence}; "
                        "shorten it or raise max_file_bytes"
                    ),
                    str(path),
                )
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                record_id,
                "unreadable",
                (
                    f"{path} could not be read ({error.strerror or error}), so {consequence}; "
                    "check its permissions"
                ),
                str(path),
            )
        )
        return None
    return _decode(data, str(path), record_id, problems)


def _decode(data: bytes, label: str, record_id: str, problems: list[Problem]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(
                record_id,
                "not_utf8",
                (f"{label} is UTF-16, not UTF-8; it was decoded, but re-save it as UTF-8"),
                label,
            )
        )
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                record_id,
                "not_utf8",
                (
                    f"{label} is not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}; "
                    "probably Windows-1252/Latin-1); undecodable bytes became U+FFFD. "
                    "Re-save it as UTF-8"
                ),
                label,
            )
        )
        return data.decode("utf-8", errors="replace")


def looks_like_html(text: str) -> bool:
    """True for a saved HTML page: starts with ``<!DOCTYPE html``/``<html`` or is mostly tags.

    HTML inside fenced code blocks (a static-site task's index.html) does not count.

    Examples
    --------
    >>> looks_like_html("\\ufeff  <!DOCTYPE html><html>…"), looks_like_html("# Fix\\n<br>")
    (True, False)
    """
    head = text[:1000].lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head):
        return True
    if "<" not in text:
        return False
    body = _FENCE.sub("", text[:500_000])
    tags = [match.end() - match.start() for match in _TAG.finditer(body)]
    visible = sum(1 for char in body if not char.isspace())
    return len(tags) >= 20 and sum(tags) >= 0.5 * max(visible, 1)


def _read_metadata(
    folder: Path, record_id: str, max_bytes: int, problems: list[Problem]
) -> tuple[dict[str, Any], str]:
    for path in (folder / "metadata.json", folder / "lib" / "metadata.json"):
        if path.is_file():
            break
    else:
        path = folder / "metadata.json"
        problems.append(
            Problem(
                record_id,
                "missing_metadata",
                (
                    f"{path} is missing; the task is loaded without platform, score or date. "
                    "Add a metadata.json to fill them in"
                ),
                str(path),
            )
        )
        return {}, str(path)
    text = _read_text(path, record_id, max_bytes, problems, required=False)
    if text is None:
        return {}, str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    else:
        if isinstance(data, dict):
            return data, str(path)
        reason = f"holds a JSON {type(data).__name__}, not an object"
    problems.append(
        Problem(
            record_id,
            "invalid_metadata",
            (f"{path} {reason}; the task is loaded without metadata. Fix the file"),
            str(path),
        )
    )
    return {}, str(path)


def _finish(
    record_id: str,
    texts: Mapping[str, str | None],
    metadata: dict[str, Any],
    source: str,
    problems: list[Problem],
    labels: Mapping[str, str],
    meta_label: str,
) -> Loaded:
    """Checks shared by every source, then the Record."""
    texts = dict(texts)
    for name, text in texts.items():
        if text and "\x00" in text:
            # NUL is never text: it comes from mangled files, breaks tokenizers, and
            # PostgreSQL refuses it; the position stays visible as U+FFFD.
            problems.append(
                Problem(
                    record_id,
                    "nul_bytes",
                    f"{labels[name]} holds {text.count(chr(0))} NUL byte(s), a mangled file? "
                    "They became U+FFFD; check it and re-save it as plain UTF-8 text",
                    labels[name],
                )
            )
            texts[name] = text.replace("\x00", "\ufffd")
    kept: dict[str, str | None] = {name: texts.get(name) for name in TASK_FILES}
    for name, text in texts.items():
        if text is None:
            continue
        if not text.strip():
            dropped = " (no analysis is imported)" if name == "analysis" else ""
            problems.append(
                Problem(
                    record_id,
                    "empty_text",
                    (f"{labels[name]} is empty{dropped}; fill it in or remove the record"),
                    labels[name],
                )
            )
            if name == "analysis":
                kept[name] = None
        elif _PLACEHOLDER.match(text[:200]):
            problems.append(
                Problem(
                    record_id,
                    "placeholder_text",
                    (
                        f"{labels[name]} still starts with the template's 'Insert here …' text; "
                        "replace it with the real content"
                    ),
                    labels[name],
                )
            )
    response, ideal = (kept["response"] or "").strip(), (kept["ideal"] or "").strip()
    if response and response == ideal:
        problems.append(
            Problem(
                record_id,
                "identical_responses",
                (
                    f"{labels['response']} and {labels['ideal']} are identical, so the record teaches "
                    "nothing; supply the original failing response or drop the record"
                ),
                source,
            )
        )
    normalised, found = normalise_metadata(metadata)
    for kind, message in found:
        problems.append(
            Problem(
                record_id,
                kind,
                (f"{meta_label}: {message}; the value is left empty until fixed"),
                meta_label,
            )
        )
    record = Record(
        id=record_id,
        prompt=kept["prompt"] or "",
        response=kept["response"] or "",
        ideal=kept["ideal"] or "",
        analysis=kept["analysis"],
        metadata=metadata,
        source=source,
        **normalised,
    )
    return Loaded(record_id, record, problems)


# --------------------------------------------------------------------------- tables


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NaTType", "NAType")


def _as_text(value: Any) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return str(value)


def _plain(value: Any) -> Any:
    """NaN/NaT/NA become None so metadata stays JSON-like."""
    return None if _is_missing(value) else value


class _Rows:
    """Turns row dicts of one source into `Loaded`, tracking ids already used."""

    def __init__(self, mapping: dict[str, str | None], source: str, split: str | None = None):
        self.mapping = mapping
        self.source = source
        self.split = split
        self.used = {column for column in mapping.values() if column}
        self.seen: set[str] = set()

    def loaded(
        self, row: Mapping[str, Any], number: int, problems: list[Problem] | None = None
    ) -> Loaded:
        problems = problems or []
        where = f"{self.source}:{number}"
        prefix = f"{self.split}/" if self.split else ""
        id_column = self.mapping["id"]
        record_id = _as_text(row.get(id_column)).strip() if id_column else ""
        record_id = record_id or f"{prefix}row-{number}"
        for problem in problems:
            problem.record_id = record_id
        if record_id in self.seen:
            problems.append(
                Problem(
                    record_id,
                    "duplicate_id",
                    (
                        f"{where} repeats the id {record_id!r} of an earlier row, so it is skipped; "
                        "give every row its own id"
                    ),
                    where,
                )
            )
            return Loaded(record_id, None, problems)
        self.seen.add(record_id)
        texts: dict[str, str | None] = {}
        labels: dict[str, str] = {}
        for name in TASK_FILES:
            column = self.mapping.get(name)
            labels[name] = f"{where} column {column!r}"
            if column is None or (name == "analysis" and _is_missing(row.get(column))):
                continue
            texts[name] = _as_text(row.get(column))
        metadata = {str(key): _plain(value) for key, value in row.items() if key not in self.used}
        meta_column = self.mapping["metadata"]
        meta_label = f"{where} column {meta_column!r}" if meta_column else where
        if meta_column and not _is_missing(row.get(meta_column)):
            extra = row[meta_column]
            if isinstance(extra, str):
                with contextlib.suppress(json.JSONDecodeError):
                    extra = json.loads(extra)
            if isinstance(extra, Mapping):
                metadata.update(extra)
            else:
                problems.append(
                    Problem(
                        record_id,
                        "invalid_metadata",
                        (f"{meta_label} is not a JSON object, so it is ignored; fix the value"),
                        meta_label,
                    )
                )
        if self.split:
            metadata["split"] = self.split
        return _finish(record_id, texts, metadata, where, problems, labels, meta_label)


def _check_file(path: str | os.PathLike) -> Path:
    file = Path(path)
    if not file.is_file():
        what = "does not exist" if not file.exists() else "is a folder, not a file"
        raise SourceError(f"{file} {what}")
    return file


def load_jsonl(
    path: str | os.PathLike, *, columns: Columns | Mapping[str, str] | None = None
) -> Iterator[Loaded]:
    """Load a JSON Lines file line by line (a ``.json`` file holding one array also works).

    Columns are found from the first object; ids default to ``row-<line number>``.

    Examples
    --------
    >>> records = [l.record for l in load_jsonl("pairs.jsonl", columns={"ideal": "gold"})]  # doctest: +SKIP
    """
    file = _check_file(path)
    first = None
    with file.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"["):
            return _load_json_array(file, Columns.of(columns))
        handle.seek(0)
        for line in handle:
            with contextlib.suppress(json.JSONDecodeError):
                first = json.loads(line.decode("utf-8", errors="replace"))
            if isinstance(first, dict):
                break
    if not isinstance(first, dict):
        if not head:
            return iter(())
        raise SourceError(f"{file} holds no JSON object per line; is it JSON Lines?")
    rows = _Rows(Columns.of(columns).resolve(first, str(file)), str(file))
    return _iter_jsonl(file, rows)


def _iter_jsonl(file: Path, rows: _Rows) -> Iterator[Loaded]:
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            problems: list[Problem] = []
            text = _decode(raw, f"{file}:{number}", "", problems)
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as error:
                obj, reason = None, f"is not valid JSON ({error.msg})"
            else:
                reason = f"holds a JSON {type(obj).__name__}, not an object"
            if not isinstance(obj, dict):
                record_id = f"row-{number}"
                problems.append(
                    Problem(
                        record_id,
                        "invalid_row",
                        (f"{file}:{number} {reason}, so it is skipped; fix the line"),
                        f"{file}:{number}",
                    )
                )
                yield Loaded(record_id, None, problems)
                continue
            yield rows.loaded(obj, number, problems)


def _load_json_array(file: Path, columns: Columns) -> Iterator[Loaded]:
    # A JSON array cannot be streamed with the standard library; JSON Lines can.
    try:
        data = json.loads(_decode(file.read_bytes(), str(file), "", []))
    except json.JSONDecodeError as error:
        raise SourceError(f"{file} is not valid JSON ({error}); fix it or use JSON Lines") from None
    first = next((item for item in data if isinstance(item, dict)), None)
    if first is None:
        return iter(())
    rows = _Rows(columns.resolve(first, str(file)), str(file))
    return (
        rows.loaded(item, number)
        if isinstance(item, dict)
        else Loaded(
            f"row-{number}",
            None,
            [
                Problem(
                    f"row-{number}",
                    "invalid_row",
                    (f"{file} item {number} is not a JSON object, so it is skipped"),
                    str(file),
                )
            ],
        )
        for number, item in enumerate(data, 1)
    )


def load_csv(
    path: str | os.PathLike,
    *,
    columns: Columns | Mapping[str, str] | None = None,
    delimiter: str | None = None,
) -> Iterator[Loaded]:
    """Load a CSV (or, by extension, tab-separated) file row by row with the csv module.

    Examples
    --------
    >>> next(load_csv("reviews.csv", columns={"prompt": "task"})).record.prompt  # doctest: +SKIP
    """
    file = _check_file(path)
    delimiter = delimiter or ("\t" if file.suffix.lower() == ".tsv" else ",")
    # Responses longer than the csv module's default 128 KiB field limit are normal here.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with _open_csv(file) as handle:
        header = next(csv.reader(handle, delimiter=delimiter), None)
    if not header:
        return iter(())
    header = [_fix_surrogates(name) for name in header]
    rows = _Rows(Columns.of(columns).resolve(header, str(file)), str(file))
    return _iter_csv(file, header, rows, delimiter)


def _open_csv(file: Path) -> Any:
    # surrogateescape keeps bad bytes so each row can report its own not_utf8 problem.
    return file.open(newline="", encoding="utf-8-sig", errors="surrogateescape")


def _fix_surrogates(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _iter_csv(file: Path, header: list[str], rows: _Rows, delimiter: str) -> Iterator[Loaded]:
    with _open_csv(file) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        for number, values in enumerate(reader, 1):
            if not values:
                continue
            where = f"{file}:{number}"
            problems: list[Problem] = []
            if any("\udc80" <= char <= "\udcff" for value in values for char in value):
                values = [_fix_surrogates(value) for value in values]
                problems.append(
                    Problem(
                        "",
                        "not_utf8",
                        (
                            f"{where} is not UTF-8; undecodable bytes became U+FFFD. "
                            "Re-save the file as UTF-8"
                        ),
                        where,
                    )
                )
            if len(values) != len(header):
                record_id = f"row-{number}"
                yield Loaded(
                    record_id,
                    None,
                    [
                        Problem(
                            record_id,
                            "invalid_row",
                            (
                                f"{where} has {len(values)} fields where the header has {len(header)}, "
                                "so it is skipped; check its quoting"
                            ),
                            where,
                        )
                    ],
                )
                continue
            yield rows.loaded(dict(zip(header, values, strict=True)), number, problems)


def load_parquet(
    path: str | os.PathLike, *, columns: Columns | Mapping[str, str] | None = None
) -> Iterator[Loaded]:
    """Load a Parquet file batch by batch (`pyarrow.parquet.ParquetFile.iter_batches`).

    Examples
    --------
    >>> sum(1 for _ in load_parquet("pairs.parquet"))  # doctest: +SKIP
    """
    import pyarrow.parquet as pq

    file = _check_file(path)
    try:
        with pq.ParquetFile(file) as parquet:
            names = parquet.schema_arrow.names
    except Exception as error:  # pyarrow raises several types for a bad file
        raise SourceError(f"{file} cannot be read as Parquet ({error})") from None
    rows = _Rows(Columns.of(columns).resolve(names, str(file)), str(file))

    def generate() -> Iterator[Loaded]:
        number = 0
        with pq.ParquetFile(file) as parquet:
            for batch in parquet.iter_batches(batch_size=_BATCH):
                for row in batch.to_pylist():
                    number += 1
                    yield rows.loaded(row, number)

    return generate()


def load_dataframe(
    frame: Any, *, columns: Columns | Mapping[str, str] | None = None
) -> Iterator[Loaded]:
    """Load a pandas DataFrame row by row; ids default to ``row-<position from 1>``.

    Examples
    --------
    >>> frame = pd.DataFrame({"prompt": ["p"], "response": ["r"], "ideal": ["i"]})  # doctest: +SKIP
    >>> next(load_dataframe(frame)).record_id  # doctest: +SKIP
    'row-1'
    """
    names = [str(column) for column in frame.columns]
    rows = _Rows(Columns.of(columns).resolve(names, "DataFrame"), "DataFrame")

    def generate() -> Iterator[Loaded]:
        for start in range(0, len(frame), _BATCH):
            chunk = frame.iloc[start : start + _BATCH]
            for offset, row in enumerate(chunk.to_dict("records")):
                yield rows.loaded({str(k): v for k, v in row.items()}, start + offset + 1)

    return generate()


def _is_saved_dataset(folder: Path) -> bool:
    return (folder / "dataset_dict.json").is_file() or (folder / "state.json").is_file()


def load_dataset(
    dataset_or_path: Any,
    *,
    columns: Columns | Mapping[str, str] | None = None,
    split: str | None = None,
) -> Iterator[Loaded]:
    """Load a Hugging Face Dataset, every split of a DatasetDict, or a ``save_to_disk`` folder.

    Each record's metadata gets ``split``; without an id column ids are ``<split>/row-N``.

    Examples
    --------
    >>> from datasets import Dataset  # doctest: +SKIP
    >>> ds = Dataset.from_dict({"prompt": ["p"], "chosen": ["i"], "rejected": ["r"]})  # doctest: +SKIP
    >>> next(load_dataset(ds)).record.ideal  # doctest: +SKIP
    'i'
    """
    import datasets

    source = dataset_or_path
    label = type(source).__name__
    if isinstance(source, str | os.PathLike):
        label = str(source)
        if not Path(source).is_dir():
            raise SourceError(f"{source} is not a folder written by Dataset.save_to_disk")
        try:
            source = datasets.load_from_disk(str(source))
        except (FileNotFoundError, ValueError) as error:
            raise SourceError(
                f"{label} cannot be read with datasets.load_from_disk ({error})"
            ) from None
    if isinstance(source, datasets.DatasetDict):
        if split is not None and split not in source:
            raise SourceError(f"{label} has no split {split!r}; it has {list(source)}")
        parts = [(name, source[name]) for name in ([split] if split else list(source))]
    elif isinstance(source, datasets.Dataset):
        parts = [(split, source)]
    else:
        raise SourceError(f"{label} is not a Dataset or DatasetDict")
    readers = [
        (
            part,
            _Rows(Columns.of(columns).resolve(part.column_names, f"{label}[{name}]"), label, name),
        )
        for name, part in parts
    ]

    def generate() -> Iterator[Loaded]:
        for part, rows in readers:
            number = 0
            for batch in part.iter(batch_size=_BATCH):
                keys = list(batch)
                for values in zip(*(batch[key] for key in keys), strict=True):
                    number += 1
                    yield rows.loaded(dict(zip(keys, values, strict=True)), number)

    return generate()


# --------------------------------------------------------------------------- dispatch


def _kind(source: Any) -> str:
    """'dataframe', 'dataset', 'tasks', 'saved', 'jsonl', 'csv', 'parquet' or 'unknown'."""
    if "pandas" in sys.modules and isinstance(source, sys.modules["pandas"].DataFrame):
        return "dataframe"
    if "datasets" in sys.modules:
        datasets = sys.modules["datasets"]
        if isinstance(source, datasets.Dataset | datasets.DatasetDict):
            return "dataset"
    if not isinstance(source, str | os.PathLike):
        return "unknown"
    path = Path(source)
    if path.is_dir():
        return "saved" if _is_saved_dataset(path) else "tasks"
    suffix = path.suffix.lower()
    for kind, suffixes in (
        ("jsonl", (".jsonl", ".ndjson", ".json")),
        ("csv", (".csv", ".tsv")),
        ("parquet", (".parquet", ".pq")),
    ):
        if suffix in suffixes:
            return kind
    return "unknown"


def load(source: Any, **options: Any) -> Iterator[Loaded]:
    """Load any supported source, choosing the loader from its type or file extension.

    Options go to the chosen loader (``columns=``, ``split=``, ``max_file_bytes=`` …).

    Raises
    ------
    SourceError : the source does not exist or is of a kind not supported.

    Examples
    --------
    >>> for loaded in load("data"):  # doctest: +SKIP
    ...     store.add(loaded)
    """
    kind = _kind(source)
    if kind == "unknown":
        if isinstance(source, str | os.PathLike) and not Path(source).exists():
            raise SourceError(f"{source} does not exist; expected {SUPPORTED}")
        raise SourceError(f"cannot load {source!r}: supported are {SUPPORTED}")
    loader = {
        "dataframe": load_dataframe,
        "dataset": load_dataset,
        "saved": load_dataset,
        "tasks": load_tasks,
        "jsonl": load_jsonl,
        "csv": load_csv,
        "parquet": load_parquet,
    }[kind]
    return loader(source, **options)


def count_items(source: Any) -> int | None:
    """A cheap count of what `load` will yield, for a progress bar; None when unknown.

    Examples
    --------
    >>> count_items("data")  # doctest: +SKIP
    16
    """
    kind = _kind(source)
    try:
        if kind == "tasks":
            return sum(1 for _ in _task_folders(Path(source)))
        if kind == "dataframe":
            return len(source)
        if kind in ("dataset", "saved"):
            import datasets

            if kind == "saved":
                source = datasets.load_from_disk(str(source))
            if isinstance(source, datasets.DatasetDict):
                return sum(part.num_rows for part in source.values())
            return source.num_rows
        if kind == "parquet":
            import pyarrow.parquet as pq

            with pq.ParquetFile(source) as parquet:
                return parquet.metadata.num_rows
        if kind == "jsonl":
            with open(source, "rb") as handle:
                if handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                    return None
                handle.seek(0)
                return sum(1 for line in handle if line.strip())
        if kind == "csv":
            csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
            with _open_csv(Path(source)) as handle:
                return max(sum(1 for row in csv.reader(handle) if row) - 1, 0)
    except Exception:  # a count is only a hint; the load itself reports what is wrong
        return None
    return None
