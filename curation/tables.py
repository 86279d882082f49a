"""Tabular sources: JSONL, CSV, Parquet, pandas DataFrames and Hugging Face datasets.

Each row becomes a `Loaded` through the same checks as task folders (`curation.load`); rows
stream in batches, so a source larger than memory is fine. Problem kinds of their own:
``invalid_row`` (a line that is not a JSON object, a CSV row of the wrong width) and
``duplicate_id`` (an id an earlier row already used): both reject the row.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from curation.errors import SourceError
from curation.load import _BATCH, TASK_FILES, Columns, Loaded, _decode, _finish
from curation.records import Problem


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
