"""Export the store as Hugging Face datasets for training: SFT, preference, critique, reward, failures."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from datasets import ClassLabel, Dataset, DatasetDict, DatasetInfo, Features, List, Value
from datasets.arrow_writer import ArrowWriter
from datasets.table import InMemoryTable
from datasets.utils.py_utils import asdict as hf_asdict  # handles Features, unlike dataclasses

from curation.errors import ExportError
from curation.records import SEVERITIES, Annotation, Failure
from curation.splits import ExportOptions, _Plan, _Selected, make_options, plan_export
from curation.store import Store

FORMATS: tuple[str, ...] = ("sft", "preference", "critique", "reward", "failures")
OUTPUTS: tuple[str, ...] = ("disk", "parquet", "jsonl")

#: Rows per Arrow record batch: ~20 MB of text on this corpus, so memory stays flat.
BATCH_ROWS = 256

_TEXT = Value("string")
_MESSAGE = {"role": _TEXT, "content": _TEXT}
_META = {
    "platform": _TEXT,
    "language": _TEXT,
    "complexity": _TEXT,
    "annotator": _TEXT,
}
_FAILURE = {
    "title": _TEXT,
    "severity": _TEXT,
    "category": _TEXT,
    "root_cause": _TEXT,
    "model_snippet": _TEXT,
    "ideal_fix": _TEXT,
    "training_value": _TEXT,
}


def features_for(format: str, variant: str = "standard") -> Features:
    """The exact `Features` of an export format (``variant`` matters for preference/reward).

    Examples
    --------
    >>> list(features_for("preference"))[:4]
    ['id', 'prompt', 'chosen', 'rejected']
    """
    conversational = variant == "conversational"
    text_or_turns = List(_MESSAGE) if conversational else _TEXT
    score = Value("float64")
    if format == "sft":
        columns = {"id": _TEXT, "messages": List(_MESSAGE), "score": score}
    elif format == "preference":
        columns = {
            "id": _TEXT,
            "prompt": text_or_turns,
            "chosen": text_or_turns,
            "rejected": text_or_turns,
            "score": score,
            **{f"n_{level.lower()}": Value("int32") for level in SEVERITIES},
        }
    elif format == "critique":
        columns = {
            "id": _TEXT,
            "prompt": _TEXT,
            "response": _TEXT,
            "critique": _TEXT,
            "failures": List(_FAILURE),
            "knowledge_gaps": List(_TEXT),
            "score": score,
        }
    elif format == "reward":
        columns = {
            "id": _TEXT,
            "prompt": text_or_turns,
            "completion": text_or_turns,
            "completion_source": _TEXT,
            "score": score,
            "score_raw": score,
            "label": Value("bool"),
        }
    elif format == "failures":
        columns = {
            "id": _TEXT,
            "record_id": _TEXT,
            "position": Value("int32"),
            "title": _TEXT,
            "severity": ClassLabel(names=list(SEVERITIES)),
            **{k: _TEXT for k in ("category", "root_cause", "model_snippet", "ideal_fix")},
            "training_value": _TEXT,
            "knowledge_gaps": List(_TEXT),
            "gap_themes": List(_TEXT),
            "score": score,
        }
    else:
        raise ExportError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    return Features({**columns, **_META})


@dataclass
class ExportSummary:
    """What an export produced and what it left out; `to_dict()` is `curation export --json`.

    Examples
    --------
    >>> summary = export_all(store, "out")  # doctest: +SKIP
    >>> summary.records, summary.filtered   # doctest: +SKIP
    ({'train': 309, 'validation': 41, 'test': 37}, {'duplicate_prompt': 11})
    """

    formats: list[str]
    out: str | None
    records: dict[str, int]
    rows: dict[str, dict[str, int]]
    filtered: dict[str, int]
    filtered_by_format: dict[str, dict[str, int]]
    annotators: dict[str, int]
    options: ExportOptions
    #: format -> the exported datasets
    datasets: dict[str, DatasetDict] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        single = len(self.formats) == 1
        name = self.formats[0] if single else "all"
        filtered = dict(self.filtered)
        if single:
            for reason, count in self.filtered_by_format.get(name, {}).items():
                filtered[reason] = filtered.get(reason, 0) + count
        return {
            "format": name,
            "out": self.out,
            "splits": self.rows[name] if single else dict(self.records),
            "records": dict(self.records),
            "rows": {k: dict(v) for k, v in self.rows.items()},
            "filtered": dict(sorted(filtered.items())),
            "filtered_by_format": self.filtered_by_format,
            "annotators": dict(self.annotators),
            "options": self.options.to_dict(),
        }


# -- rows ------------------------------------------------------------------------------


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _turn(role: str, text: str) -> list[dict[str, str]]:
    return [{"role": role, "content": text}]


def _failure_struct(failure: Failure) -> dict[str, Any]:
    return {
        "title": failure.title,
        "severity": failure.severity or failure.section_severity,
        "category": failure.category,
        "root_cause": failure.root_cause,
        "model_snippet": failure.model_snippet,
        "ideal_fix": failure.ideal_fix,
        "training_value": failure.training_value,
    }


class _Rows:
    """Turns one selected record (texts + winning annotation) into each format's rows."""

    def __init__(self, options: ExportOptions, themes: Mapping[str, str]):
        self.options = options
        self.themes = themes
        self.conversational = options.variant == "conversational"
        self.skipped: dict[str, Counter] = {name: Counter() for name in FORMATS}

    def meta(self, selected: _Selected) -> dict[str, Any]:
        annotator = selected.annotation.annotator if selected.annotation else None
        return {**selected.meta, "annotator": annotator}

    def build(self, format: str, record: Any, selected: _Selected, annotation: Annotation | None):
        return getattr(self, format)(record, selected, annotation)

    def sft(self, record, selected, annotation):
        messages = _turn("user", record.prompt) + _turn("assistant", record.ideal)
        return [
            {"id": record.id, "messages": messages, "score": selected.score, **self.meta(selected)}
        ]

    def preference(self, record, selected, annotation):
        if _same(record.response, record.ideal):
            self.skipped["preference"]["identical_response"] += 1
            return []
        counts = selected.severity_counts
        wrap = self.conversational
        return [
            {
                "id": record.id,
                "prompt": _turn("user", record.prompt) if wrap else record.prompt,
                "chosen": _turn("assistant", record.ideal) if wrap else record.ideal,
                "rejected": _turn("assistant", record.response) if wrap else record.response,
                "score": selected.score,
                **{f"n_{level.lower()}": counts.get(level, 0) for level in SEVERITIES},
                **self.meta(selected),
            }
        ]

    def critique(self, record, selected, annotation):
        from curation.analysis import render_analysis

        if annotation is None:
            self.skipped["critique"]["no_annotation"] += 1
            return []
        shown = replace(annotation, score=selected.score)
        return [
            {
                "id": record.id,
                "prompt": record.prompt,
                "response": record.response,
                "critique": render_analysis(shown),
                "failures": [_failure_struct(f) for f in annotation.failures],
                "knowledge_gaps": list(annotation.knowledge_gaps),
                "score": selected.score,
                **self.meta(selected),
            }
        ]

    def reward(self, record, selected, annotation):
        if selected.score is None:
            self.skipped["reward"]["no_score"] += 1
            return []
        wrap = self.conversational
        prompt = _turn("user", record.prompt) if wrap else record.prompt
        raw = float(selected.score)
        rows = [("model", record.response, raw)]
        if not _same(record.response, record.ideal):
            # the ideal is the reviewed, corrected answer: a positive at full score
            rows.append(("ideal", record.ideal, 10.0))
        return [
            {
                "id": f"{record.id}#{source}",
                "prompt": prompt,
                "completion": _turn("assistant", text) if wrap else text,
                "completion_source": source,
                "score": min(max(score / 10.0, 0.0), 1.0),
                "score_raw": score,
                "label": score >= self.options.label_threshold,
                **self.meta(selected),
            }
            for source, text, score in rows
        ]

    def failures(self, record, selected, annotation):
        if annotation is None or not annotation.failures:
            self.skipped["failures"]["no_failures"] += 1
            return []
        gaps = list(annotation.knowledge_gaps)
        themes = sorted({self.themes.get(gap, gap) for gap in gaps})
        rows = []
        for position, failure in enumerate(annotation.failures):
            level = failure.severity or failure.section_severity
            if level not in SEVERITIES:
                if not self.options.keep_unrated:
                    self.skipped["failures"]["failure_without_severity"] += 1
                    continue
                label = -1  # ClassLabel's "no label"
            else:
                label = SEVERITIES.index(level)
            rows.append(
                {
                    "id": f"{record.id}#{position}",
                    "record_id": record.id,
                    "position": position,
                    "title": failure.title,
                    "severity": label,
                    "category": failure.category,
                    "root_cause": failure.root_cause,
                    "model_snippet": failure.model_snippet,
                    "ideal_fix": failure.ideal_fix,
                    "training_value": failure.training_value,
                    "knowledge_gaps": gaps,
                    "gap_themes": themes,
                    "score": selected.score,
                    **self.meta(selected),
                }
            )
        return rows


def _fetch(store: Store, chunk: list[_Selected], *, annotations_needed: bool):
    """Texts of a chunk of records and (when needed) their winning annotations, with failures."""
    tables = store.tables
    ids = [s.id for s in chunk]
    annotation_ids = [s.annotation.id for s in chunk if s.annotation and annotations_needed]
    with store.engine.connect() as conn:
        texts = {
            row.id: row
            for row in conn.execute(
                sa.select(
                    tables.records.c.id,
                    tables.records.c.prompt,
                    tables.records.c.response,
                    tables.records.c.ideal,
                ).where(tables.records.c.id.in_(ids))
            )
        }
        annotations: dict[int, Annotation] = {}
        if annotation_ids:
            for row in conn.execute(
                sa.select(tables.annotations).where(tables.annotations.c.id.in_(annotation_ids))
            ).mappings():
                annotations[row["id"]] = Annotation(
                    record_id=row["record_id"],
                    annotator=row["annotator"],
                    score=row["score"],
                    score_source=row["score_source"],
                    knowledge_gaps=json.loads(row["knowledge_gaps"] or "[]"),
                    notes=row["notes"] or "",
                    version=row["version"],
                )
            for row in conn.execute(
                sa.select(tables.failures)
                .where(tables.failures.c.annotation_id.in_(annotation_ids))
                .order_by(tables.failures.c.annotation_id, tables.failures.c.position)
            ).mappings():
                data = dict(row)
                data["references"] = json.loads(data["references"] or "[]")
                data["impact"] = json.loads(data["impact"] or "{}")
                annotations[row["annotation_id"]].failures.append(Failure.from_dict(data))
    for selected in chunk:
        annotation = annotations.get(selected.annotation.id) if selected.annotation else None
        yield texts[selected.id], selected, annotation


# -- writing ---------------------------------------------------------------------------


class _Sink:
    """Receives a config's record batches split by split and writes them in one layout."""

    def __init__(self, features: Features, splits: Sequence[str], fingerprint: str):
        self.features = features
        self.schema = features.arrow_schema
        self.splits = list(splits)
        self.fingerprint = fingerprint

    def write(self, split: str, batch: pa.RecordBatch) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish every file."""

    def data_files(self) -> dict[str, str]:
        """Split -> glob of its data files, relative to the export folder (for the card)."""
        return {}


class _MemorySink(_Sink):
    def __init__(self, *args):
        super().__init__(*args)
        self.batches: dict[str, list[pa.RecordBatch]] = {s: [] for s in self.splits}

    def write(self, split, batch):
        self.batches[split].append(batch)

    def datasets(self) -> DatasetDict:
        return DatasetDict(
            {
                split: Dataset(
                    InMemoryTable(pa.Table.from_batches(batches, schema=self.schema)),
                    info=DatasetInfo(features=self.features),
                    split=split,
                    fingerprint=f"{self.fingerprint}-{split}"[:64],
                )
                for split, batches in self.batches.items()
            }
        )


class _DiskSink(_Sink):
    """The `save_to_disk` layout, written directly (one shard per split) and deterministically."""

    def __init__(self, folder: Path, prefix: str, *args):
        super().__init__(*args)
        self.folder, self.prefix = folder, prefix
        self.writers: dict[str, ArrowWriter] = {}
        for split in self.splits:
            (folder / split).mkdir(parents=True, exist_ok=True)
            path = folder / split / "data-00000-of-00001.arrow"
            self.writers[split] = ArrowWriter(features=self.features, path=str(path))

    def write(self, split, batch):
        self.writers[split].write_table(pa.Table.from_batches([batch]))

    def close(self):
        for split, writer in self.writers.items():
            writer.finalize()
            writer.close()
            state = {
                "_data_files": [{"filename": "data-00000-of-00001.arrow"}],
                "_fingerprint": f"{self.fingerprint}-{split}"[:64],
                "_format_columns": None,
                "_format_kwargs": {},
                "_format_type": None,
                "_output_all_columns": False,
                "_split": split,
            }
            info = hf_asdict(DatasetInfo(features=self.features))
            info = {key: info[key] for key in sorted(info)}
            (self.folder / split / "state.json").write_text(
                json.dumps(state, indent=2, sort_keys=True)
            )
            (self.folder / split / "dataset_info.json").write_text(json.dumps(info, indent=2))
        (self.folder / "dataset_dict.json").write_text(json.dumps({"splits": self.splits}))

    def data_files(self):
        return {s: f"{self.prefix}{s}/data-*.arrow" for s in self.splits}


class _ParquetSink(_Sink):
    def __init__(self, folder: Path, prefix: str, *args):
        super().__init__(*args)
        self.prefix = prefix
        folder.mkdir(parents=True, exist_ok=True)
        # the Hub's own layout (push_to_hub writes <split>-00000-of-00001.parquet)
        self.writers = {
            s: pq.ParquetWriter(folder / f"{s}-00000-of-00001.parquet", self.schema)
            for s in self.splits
        }

    def write(self, split, batch):
        self.writers[split].write_batch(batch)

    def close(self):
        for writer in self.writers.values():
            writer.close()

    def data_files(self):
        return {s: f"{self.prefix}{s}-*.parquet" for s in self.splits}


class _JsonlSink(_Sink):
    def __init__(self, folder: Path, prefix: str, *args):
        super().__init__(*args)
        self.prefix = prefix
        folder.mkdir(parents=True, exist_ok=True)
        self.files = {
            s: (folder / f"{s}-00000-of-00001.jsonl").open("w", encoding="utf-8")
            for s in self.splits
        }

    def write(self, split, batch):
        handle = self.files[split]
        for row in batch.to_pylist():
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self):
        for handle in self.files.values():
            handle.close()

    def data_files(self):
        return {s: f"{self.prefix}{s}-*.jsonl" for s in self.splits}


@dataclass
class _Config:
    """One format being written: its features, sinks, buffers and counts."""

    name: str
    features: Features
    sinks: list[_Sink]
    buffers: dict[str, list[dict[str, Any]]]
    rows: Counter = field(default_factory=Counter)
    nbytes: Counter = field(default_factory=Counter)

    def add(self, split: str, rows: list[dict[str, Any]]) -> None:
        buffer = self.buffers[split]
        buffer.extend(rows)
        if len(buffer) >= BATCH_ROWS:
            self.flush(split)

    def flush(self, split: str) -> None:
        buffer = self.buffers[split]
        if not buffer:
            return
        batch = pa.RecordBatch.from_pylist(buffer, schema=self.features.arrow_schema)
        self.rows[split] += batch.num_rows
        self.nbytes[split] += batch.nbytes
        for sink in self.sinks:
            sink.write(split, batch)
        buffer.clear()

    def close(self) -> None:
        for split in self.buffers:
            self.flush(split)
        for sink in self.sinks:
            sink.close()


def _fingerprint(plan: _Plan, name: str) -> str:
    digest = hashlib.sha256(json.dumps([name, plan.options.to_dict()], sort_keys=True).encode())
    for s in plan.selected:
        version = s.annotation.version if s.annotation else 0
        digest.update(f"{s.id}\x00{s.content_hash}\x00{s.split}\x00{version}\n".encode())
    return digest.hexdigest()[:16]


# -- public functions ------------------------------------------------------------------


class ExportedDatasetDict(DatasetDict):
    """A `DatasetDict` that also carries the `ExportSummary` of the export that made it."""

    summary: ExportSummary


def export_dataset(
    store: Store,
    format: str,
    *,
    out: str | Path | None = None,
    output: str = "disk",
    push_to_hub: str | None = None,
    token: str | None = None,
    private: bool | None = None,
    **options: Any,
) -> ExportedDatasetDict:
    """Export the store in one training format as a `DatasetDict` (train/validation/test).

    Parameters
    ----------
    store : the store to read.
    format : ``sft``, ``preference``, ``critique``, ``reward`` or ``failures``.
    out : folder to write (``save_to_disk`` layout for ``output="disk"``, else
        ``<format>/<split>-00000-of-00001.parquet|jsonl``) plus a ``README.md`` card;
        None keeps the dataset in memory.
    output : ``disk`` (default), ``parquet`` or ``jsonl``.
    push_to_hub : a Hub repo id to push to (network; ExportError if it fails).
    options : see `make_options`: ``annotator`` (``auto`` | ``consensus`` | a name),
        ``min_score``/``max_score``, ``severities``, ``platform``/``language``/``complexity``,
        ``since``/``until``, ``exclude_problems`` (True or kinds), ``dedupe`` (``exact`` |
        ``near`` | None), ``splits``, ``seed``, ``stratify_by``, ``variant``
        (``standard`` | ``conversational``), ``label_threshold``, ``keep_unrated``.

    Returns
    -------
    The datasets, with ``.summary`` (counts per split, what was filtered and why).

    Examples
    --------
    >>> ds = export_dataset(store, "preference", min_score=5, out="out/pref")  # doctest: +SKIP
    >>> ds["train"][0]["chosen"]                                                # doctest: +SKIP
    """
    summary = _export(store, [format], out, output, push_to_hub, token, private, options)
    return summary.datasets[format]


def export_all(
    store: Store,
    out: str | Path,
    *,
    formats: Sequence[str] = FORMATS,
    output: str = "disk",
    push_to_hub: str | None = None,
    token: str | None = None,
    private: bool | None = None,
    **options: Any,
) -> ExportSummary:
    """Export every format at once into ``out/<format>/`` sharing one split, with one card.

    A record lands in the same split in every format. Options as in `export_dataset`.

    Examples
    --------
    >>> summary = export_all(store, "out/all", seed=1)  # doctest: +SKIP
    >>> summary.datasets["sft"]["train"].num_rows        # doctest: +SKIP
    """
    if out is None:
        raise ExportError("export_all needs an out folder")
    return _export(store, list(formats), out, output, push_to_hub, token, private, options, True)


def _export(store, formats, out, output, push_to_hub, token, private, raw_options, many=False):
    for name in formats:
        if name not in FORMATS:
            raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    if output not in OUTPUTS:
        raise ExportError(f"unknown output {output!r}; choose one of {', '.join(OUTPUTS)}")
    options = make_options(**raw_options)
    # The card's gap themes (a clustering, ~1 s cold) are worked out beside the export in a
    # thread of their own; an in-memory store has one connection, so it computes in line.
    background = ThreadPoolExecutor(1) if store.url != "sqlite://" else None
    pending = background.submit(_theme_map, store) if background is not None else None
    try:
        return _export_planned(
            store, formats, out, output, push_to_hub, token, private, options, many, pending
        )
    finally:
        if background is not None:
            background.shutdown(wait=True, cancel_futures=True)


def _export_planned(
    store, formats, out, output, push_to_hub, token, private, options, many, pending
):
    from curation.card import card_statistics, render_card

    plan = plan_export(store, options)
    themes = _themes(store, pending) if "failures" in formats else {}
    folder = Path(out) if out is not None else None
    splits = list(options.splits)
    configs: dict[str, _Config] = {}
    memory: dict[str, _MemorySink] = {}
    for name in formats:
        features = features_for(name, options.variant)
        args = (features, splits, _fingerprint(plan, name))
        sinks: list[_Sink] = []
        if folder is None or output != "disk":
            memory[name] = _MemorySink(*args)
            sinks.append(memory[name])
        if folder is not None:
            sub, prefix = (folder / name, f"{name}/") if many or output != "disk" else (folder, "")
            sink_class = {"disk": _DiskSink, "parquet": _ParquetSink, "jsonl": _JsonlSink}[output]
            sinks.append(sink_class(sub, prefix, *args))
        configs[name] = _Config(name, features, sinks, {s: [] for s in splits})
    rows = _Rows(options, themes)
    # sft/preference/reward need only the plan's scores and severity counts, not failure texts
    needed = bool({"critique", "failures"} & set(formats))
    for start in range(0, len(plan.selected), BATCH_ROWS):
        chunk = plan.selected[start : start + BATCH_ROWS]
        for record, selected, annotation in _fetch(store, chunk, annotations_needed=needed):
            for name, config in configs.items():
                config.add(selected.split, rows.build(name, record, selected, annotation))
    for config in configs.values():
        config.close()
    summary = ExportSummary(
        formats=list(formats),
        out=str(folder) if folder is not None else None,
        records=dict(Counter(s.split for s in plan.selected)),
        rows={name: {s: c.rows[s] for s in splits} for name, c in configs.items()},
        filtered=dict(plan.filtered),
        filtered_by_format={n: dict(rows.skipped[n]) for n in formats if rows.skipped[n]},
        annotators=dict(Counter(s.annotation.annotator for s in plan.selected if s.annotation)),
        options=options,
    )
    summary.records = {s: summary.records.get(s, 0) for s in splits}
    for name in configs:
        if name in memory:
            loaded = memory[name].datasets()
        else:
            from datasets import load_from_disk

            loaded = load_from_disk(str(folder / name if many else folder))
        result = ExportedDatasetDict(loaded)
        result.summary = summary
        summary.datasets[name] = result
    statistics_ = card_statistics(store, plan, themes or _themes(store, pending))
    described = {
        name: (c.features, dict(c.rows), dict(c.nbytes), _data_files(c))
        for name, c in configs.items()
    }
    if folder is not None:
        card = render_card(store, summary, described, statistics_)
        (folder / "README.md").write_text(card, encoding="utf-8")
    if push_to_hub:
        hub = {name: (*described[name][:3], _hub_files(name, splits)) for name in described}
        _push(summary, push_to_hub, render_card(store, summary, hub, statistics_), token, private)
    return summary


def _data_files(config: _Config) -> dict[str, str]:
    for sink in config.sinks:
        files = sink.data_files()
        if files:
            return files
    return {}


def _hub_files(name: str, splits: Sequence[str]) -> dict[str, str]:
    return {s: f"{name}/{s}-*" for s in splits}


def _themes(store: Store, pending: Future | None) -> dict[str, str]:
    return pending.result() if pending is not None else _theme_map(store)


def _theme_map(store: Store) -> dict[str, str]:
    """Raw knowledge gap -> theme name (`curation.themes.theme_map`)."""
    from curation.themes import theme_map

    return theme_map(store)


def _push(summary: ExportSummary, repo_id: str, card: str, token, private) -> None:
    from huggingface_hub import HfApi, constants

    try:
        for name, datasets in summary.datasets.items():
            DatasetDict(datasets).push_to_hub(
                repo_id, config_name=name, token=token, private=private
            )
        HfApi(token=token).upload_file(
            path_or_fileobj=card.encode("utf-8"),
            path_in_repo="README.md",
            repo_id=repo_id,
            repo_type="dataset",
            commit_message="curation: dataset card",
        )
    except Exception as error:  # network, auth and HTTP errors all end the push the same way
        raise ExportError(
            f"could not push to the Hub dataset {repo_id!r} at {constants.ENDPOINT}: "
            f"{error.__class__.__name__}: {str(error)[:300]}. Check the network, log in "
            "(`hf auth login` or HF_TOKEN) and that you may write to that repo; the local "
            "export (if any) is complete."
        ) from error
