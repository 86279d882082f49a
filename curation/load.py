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

import csv
import itertools
import json
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
    "load_csv",  # noqa: F822 (from curation.tables, see __getattr__)
    "load_dataframe",  # noqa: F822 (from curation.tables, see __getattr__)
    "load_dataset",  # noqa: F822 (from curation.tables, see __getattr__)
    "load_jsonl",  # noqa: F822 (from curation.tables, see __getattr__)
    "load_parquet",  # noqa: F822 (from curation.tables, see __getattr__)
    "load_tasks",
    "looks_like_html",
    "normalise_date",
    "normalise_language",
    "normalise_metadata",
    "normalise_platform",
    "normalise_score",
    "prompt_key",
    "read_text_file",
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
_SPACE = re.compile(r"\s+")
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
                    f"columns={{'{name}': '<column>'}} (on the command line: "
                    f"--{name}-column <column>)."
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


def read_text_file(path: str | os.PathLike) -> tuple[str, list[Problem]]:
    """A text file's contents, decoded as the loaders decode task files, with the problems met.

    UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark, or bytes that are not
    UTF-8 (replaced by U+FFFD): the last two each give a ``not_utf8`` problem.

    Raises
    ------
    OSError : the file cannot be read.

    Examples
    --------
    >>> text, problems = read_text_file("data/task-01/lib/MODEL_FAILURES.md")  # doctest: +SKIP
    """
    problems: list[Problem] = []
    path = Path(path)
    return _decode(path.read_bytes(), str(path), path.name, problems), problems


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
    head = text[:500_000]
    # cheap test first: most markdown has far fewer than 20 tags even with code included
    if sum(1 for _ in itertools.islice(_TAG.finditer(head), 20)) < 20:
        return False
    body = _FENCE.sub("", head)
    tags = [match.end() - match.start() for match in _TAG.finditer(body)]
    if len(tags) < 20:
        return False
    visible = len(body) - sum(map(len, _SPACE.findall(body)))
    return sum(tags) >= 0.5 * max(visible, 1)


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
        return (
            "saved"
            if (path / "dataset_dict.json").is_file() or (path / "dataset_info.json").is_file()
            else "tasks"
        )
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
    from curation import tables

    kind = _kind(source)
    if kind == "unknown":
        if isinstance(source, str | os.PathLike) and not Path(source).exists():
            raise SourceError(f"{source} does not exist; expected {SUPPORTED}")
        raise SourceError(f"cannot load {source!r}: supported are {SUPPORTED}")
    loader = {
        "dataframe": tables.load_dataframe,
        "dataset": tables.load_dataset,
        "saved": tables.load_dataset,
        "tasks": load_tasks,
        "jsonl": tables.load_jsonl,
        "csv": tables.load_csv,
        "parquet": tables.load_parquet,
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
            from curation.tables import _open_csv

            with _open_csv(Path(source)) as handle:
                return max(sum(1 for row in csv.reader(handle) if row) - 1, 0)
    except Exception:  # a count is only a hint; the load itself reports what is wrong
        return None
    return None


_TABULAR = ("load_jsonl", "load_csv", "load_parquet", "load_dataframe", "load_dataset")


def __getattr__(name: str) -> Any:
    # The tabular loaders live in curation.tables (which builds on this module); they are
    # importable from here too, as the one place every loader can be found.
    if name in _TABULAR:
        from curation import tables

        return getattr(tables, name)
    raise AttributeError(f"module 'curation.load' has no attribute {name!r}")
