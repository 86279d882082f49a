"""The dataset card (README.md with the Hub's YAML header) written beside every export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

import sqlalchemy as sa
import yaml
from datasets import DatasetInfo, Features

from curation.records import IMPORTED, SEVERITIES
from curation.store import Store

#: Card line carrying the export time: the one line two identical exports differ in.
DATE_PREFIX = "- **Exported:** "

_ABOUT = {
    "sft": "`messages` (user prompt, assistant ideal response) for TRL `SFTTrainer`.",
    "preference": "`prompt`/`chosen` (ideal)/`rejected` (model) for TRL `DPOTrainer`; only "
    "pairs whose responses differ (whitespace aside). Severity counts for filtering.",
    "critique": "`prompt`, `response`, the failure analysis as markdown (`critique`) and "
    "structured `failures`, for critique/feedback models.",
    "reward": "`prompt`/`completion`/`label` (unpaired preference, TRL `KTOTrainer`) with "
    "`score` (0-1) and `score_raw` (0-10); the ideal response is a positive completion "
    "at 10 where it differs from the model's.",
    "failures": "one row per failure with `severity` as a ClassLabel "
    "(Critical, High, Medium, Low), category, snippets, knowledge-gap themes.",
}


def card_statistics(store: Store, plan: Any, themes: Mapping[str, str]) -> dict[str, Any]:
    """Curation statistics over the exported records: severity mix, themes, scores, agreement."""
    severity: Counter = Counter()
    theme_counts: Counter = Counter()
    scores: Counter = Counter()
    for selected in plan.selected:
        annotation = selected.annotation
        if annotation is not None:
            for level in annotation.severities:
                severity[level if level in SEVERITIES else "unrated"] += 1
            theme_counts.update({themes.get(gap, gap) for gap in annotation.gaps})
        scores["missing" if selected.score is None else str(int(selected.score))] += 1
    return {
        "records": len(plan.selected),
        "severity": {k: severity[k] for k in (*SEVERITIES, "unrated") if severity[k]},
        "themes": theme_counts.most_common(10),
        "scores": {k: scores[k] for k in [*map(str, range(11)), "missing"] if scores[k]},
        "agreement": _agreement(store),
        "sources": _sources(store, [s.id for s in plan.selected], plan.sources),
    }


def _agreement(store: Store) -> dict[str, str] | None:
    """Krippendorff's alpha per field over human annotators (`curation.agreement`)."""
    from curation.agreement import agreement

    if not _shared_by_humans(store):
        return None  # agreement's frame would be empty: every count 0, nothing to report
    frame = agreement(store)
    overall = frame[(frame["annotators"] == "all") & (frame["records"] > 0)]
    if overall.empty:
        return None
    return {
        f"{row.field} ({row.statistic})": f"{row.value:.2f} over {row.records} records"
        for row in overall.itertuples()
    }


def _shared_by_humans(store: Store) -> bool:
    """Whether some record is annotated by two or more annotators other than `imported`."""
    annotations = store.tables.annotations
    shared = (
        sa.select(annotations.c.record_id)
        .where(annotations.c.annotator != IMPORTED)
        .group_by(annotations.c.record_id)
        .having(sa.func.count(sa.distinct(annotations.c.annotator)) >= 2)
        .limit(1)
    )
    with store.engine.connect() as conn:
        return conn.execute(shared).first() is not None


def _sources(store: Store, ids: list[str], known: Mapping[str, str] | None = None) -> list[str]:
    """The 5 commonest source folders of these records; `known` (record id -> source, in
    the store's scan order) saves reading them."""
    wanted = set(ids)
    by_source: Counter = Counter()
    if not known:
        records = store.tables.records
        with store.engine.connect() as conn:
            known = dict(conn.execute(sa.select(records.c.id, records.c.source)).tuples().all())
    for record_id, source in known.items():
        if source and record_id in wanted:
            by_source[source] += 1
    roots: Counter = Counter()
    for source, count in by_source.items():
        roots[str(PurePath(source).parent)] += count
    return [root for root, _ in roots.most_common(5)]


def _yaml_header(configs: Mapping[str, tuple]) -> str:
    names = list(configs)
    header: dict[str, Any] = {
        "tags": ["curation", "trl", "infrastructure-as-code"],
        "configs": [],
        "dataset_info": [],
    }
    for name, (features, rows, nbytes, files) in configs.items():
        entry: dict[str, Any] = {"config_name": name}
        if name == names[0]:
            entry["default"] = True
        entry["data_files"] = [{"split": s, "path": path} for s, path in files.items()]
        header["configs"].append(entry)
        info = DatasetInfo(features=Features(features))._to_yaml_dict()
        header["dataset_info"].append(
            {
                "config_name": name,
                "features": info["features"],
                "splits": [
                    {"name": s, "num_bytes": int(nbytes.get(s, 0)), "num_examples": int(n)}
                    for s, n in rows.items()
                ],
                "dataset_size": int(sum(nbytes.values())),
            }
        )
    return "---\n" + yaml.safe_dump(header, sort_keys=False, allow_unicode=True) + "---\n"


def render_card(
    store: Store,
    summary: Any,
    configs: Mapping[str, tuple],
    statistics: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> str:
    """The README.md text: Hub YAML header, formats, provenance and curation statistics.

    `configs` maps each format to (features, rows per split, bytes per split, data files).

    Examples
    --------
    >>> text = render_card(store, summary, configs, stats)  # doctest: +SKIP
    >>> text.startswith("---")                               # doctest: +SKIP
    True
    """
    import curation

    moment = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    options = summary.options.to_dict()
    lines = [
        _yaml_header(configs),
        "# Curated training data",
        "",
        f"Exported by `curation` {curation.__version__} from the store `{store.location}`.",
        "",
        "## Configurations",
        "",
        "| config | " + " | ".join(summary.records) + " | contents |",
        "|---|" + "---|" * len(summary.records) + "---|",
    ]
    for name, (_, rows, _, _) in configs.items():
        counts = " | ".join(str(rows.get(s, 0)) for s in summary.records)
        lines.append(f"| `{name}` | {counts} | {_ABOUT[name]} |")
    lines += [
        "",
        "Records are split once (same record, same split in every config), grouped so that "
        "identical and near-identical prompts (MinHash over word 5-shingles, Jaccard >= "
        f"{options['near_threshold']}) never cross splits, stratified by "
        f"`{options['stratify_by']}`, seed {options['seed']}.",
        "",
        "## Provenance",
        "",
        f"- **Toolkit:** curation {curation.__version__}",
        f"- **Store:** `{store.location}`",
        f"- **Sources:** {', '.join(f'`{s}`' for s in statistics['sources']) or 'unknown'}",
        f"- **Annotators:** rule `{options['annotator']}`; labels from "
        + (", ".join(f"{name} ({n})" for name, n in sorted(summary.annotators.items())) or "none"),
        "- **Filters:** "
        + (
            ", ".join(
                f"{k}={v}"
                for k, v in options.items()
                if v not in (None, (), [], False) and k not in ("splits", "seed", "stratify_by")
            )
        ),
        "- **Filtered out:** "
        + (", ".join(f"{k} {v}" for k, v in sorted(summary.filtered.items())) or "nothing"),
        f"{DATE_PREFIX}{moment}",
        "",
        "## Curation statistics",
        "",
        f"{statistics['records']} records exported.",
        "",
        "**Severity mix** (failures of the exported records): "
        + (", ".join(f"{k} {v}" for k, v in statistics["severity"].items()) or "none"),
        "",
        "**Score distribution** (0-10, by whole point): "
        + (", ".join(f"{k}: {v}" for k, v in statistics["scores"].items()) or "none"),
        "",
        "**Top knowledge-gap themes:**",
        "",
    ]
    lines += [f"- {theme} ({n})" for theme, n in statistics["themes"]] or ["- none recorded"]
    lines += ["", "**Annotator agreement:** " + _agreement_text(statistics["agreement"]), ""]
    return "\n".join(lines)


def _agreement_text(agreement: Mapping[str, Any] | None) -> str:
    if not agreement:
        return "one annotator per record; no agreement to report."
    return "; ".join(f"{k}: {v}" for k, v in agreement.items())
