"""Agreement between annotators: Krippendorff's alpha, weighted kappa, set overlap, calibration."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from curation.aggregate import annotations_frame, period_start
from curation.records import IMPORTED
from curation.store import Store

#: Worst failure severity of an annotation on an ordinal scale (no failures = 0).
SEVERITY_SCALE = {"none": 0, "Low": 1, "Medium": 2, "High": 3, "Critical": 4}

#: The score scale for kappa (half points allowed).
SCORE_SCALE = tuple(np.arange(0, 10.5, 0.5).tolist())

LEVELS = ("nominal", "ordinal", "interval")


# -- the statistics --------------------------------------------------------------------


def krippendorff_alpha(
    data: pd.DataFrame | Sequence[Sequence[float]] | np.ndarray,
    level: str = "ordinal",
    domain: Sequence[Any] | None = None,
) -> float:
    """Krippendorff's alpha for a units x coders table (NaN where a coder gave no value).

    Units with fewer than two values are not pairable and are left out. `level` is
    ``"nominal"``, ``"ordinal"`` (ranks over the values' order) or ``"interval"``. NaN when
    there is no variation to agree on (fewer than two distinct values overall).

    Examples
    --------
    >>> round(krippendorff_alpha([[1, 1], [2, 2], [3, 4]], "ordinal"), 3)
    0.8
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    table = pd.DataFrame(data)
    values = table.stack().dropna()  # (unit, coder) -> value
    if domain is None:
        domain = sorted(values.unique())
    index = {value: i for i, value in enumerate(domain)}
    counts = np.zeros((len(table), len(domain)))
    unit_position = {unit: i for i, unit in enumerate(table.index)}
    for (unit, _coder), value in values.items():
        counts[unit_position[unit], index[value]] += 1
    pairable = counts.sum(axis=1)
    counts = counts[pairable >= 2]
    pairable = pairable[pairable >= 2]
    if len(counts) == 0 or len(domain) < 2:
        return float("nan")
    # coincidences: each ordered pair of values within a unit, weighted 1/(m_u - 1)
    coincidence = (counts / (pairable - 1)[:, None]).T @ counts
    coincidence -= np.diag((counts / (pairable - 1)[:, None]).sum(axis=0))
    marginals = coincidence.sum(axis=1)
    total = marginals.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(len(domain))
    elif level == "interval":
        numeric = np.asarray(domain, dtype=float)
        delta = (numeric[:, None] - numeric[None, :]) ** 2
    else:
        cumulative = np.cumsum(marginals)
        # sum of n_g from c to k minus half the ends, squared (Krippendorff 2011, eq. ordinal)
        lo = np.minimum.outer(np.arange(len(domain)), np.arange(len(domain)))
        hi = np.maximum.outer(np.arange(len(domain)), np.arange(len(domain)))
        between = cumulative[hi] - cumulative[lo] + marginals[lo]
        delta = (between - (marginals[:, None] + marginals[None, :]) / 2) ** 2
    expected = (marginals[:, None] * marginals[None, :] * delta).sum()
    if expected == 0:
        return float("nan")
    return float(1 - (total - 1) * (coincidence * delta).sum() / expected)


def weighted_kappa(
    a: Sequence[Any], b: Sequence[Any], scale: Sequence[Any], weights: str = "quadratic"
) -> float:
    """Cohen's kappa for two coders over an ordered `scale`, quadratic (or linear) weights.

    Examples
    --------
    >>> round(weighted_kappa([1, 2, 3, 3], [1, 2, 3, 2], scale=[1, 2, 3]), 3)
    0.8
    """
    position = {value: i for i, value in enumerate(scale)}
    k = len(scale)
    observed = np.zeros((k, k))
    for left, right in zip(a, b, strict=True):
        observed[position[left], position[right]] += 1
    total = observed.sum()
    if total == 0 or k < 2:
        return float("nan")
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / total
    steps = np.abs(np.subtract.outer(np.arange(k), np.arange(k))) / (k - 1)
    weight = steps**2 if weights == "quadratic" else steps
    disagreement = (weight * expected).sum()
    if disagreement == 0:
        return float("nan")
    return float(1 - (weight * observed).sum() / disagreement)


def jaccard(a: Iterable[Any], b: Iterable[Any]) -> float:
    """|a ∩ b| / |a ∪ b|; two empty sets agree fully (1.0).

    Examples
    --------
    >>> jaccard({"x", "y"}, {"y", "z"})
    0.3333333333333333
    """
    a, b = set(a), set(b)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def masi(a: Iterable[Any], b: Iterable[Any]) -> float:
    """MASI (Passonneau 2006): Jaccard times 1 (equal), 2/3 (subset), 1/3 (overlap), 0.

    Examples
    --------
    >>> round(masi({"x", "y"}, {"x", "y", "z"}), 4)
    0.4444
    """
    a, b = set(a), set(b)
    if a == b:
        return 1.0
    if a <= b or b <= a:
        monotonicity = 2 / 3
    elif a & b:
        monotonicity = 1 / 3
    else:
        monotonicity = 0.0
    return jaccard(a, b) * monotonicity


# -- from the store --------------------------------------------------------------------


def _labelled(store: Store, include_imported: bool, filters: dict[str, Any]) -> pd.DataFrame:
    """Annotations of records labelled by two or more annotators, with a severity rank and
    the set of gap themes."""
    frame = annotations_frame(store, **filters)
    if not include_imported:
        frame = frame[frame["annotator"] != IMPORTED]
    shared = frame.groupby("record_id")["annotator"].transform("nunique") >= 2
    frame = frame[shared].copy()
    worst = np.select(
        [frame["critical"] > 0, frame["high"] > 0, frame["medium"] > 0, frame["low"] > 0],
        [4, 3, 2, 1],
        default=0,
    ).astype(float)
    # an annotation whose only failures lack a severity says nothing about severity
    unknown = (frame["failures"] > 0) & (frame["failures"] == frame["unrated"])
    frame["severity_rank"] = np.where(unknown, np.nan, worst)
    if frame.empty:
        frame["gap_themes"] = []
        return frame
    from curation.themes import theme_map

    themes = theme_map(store, root_causes=False)
    frame["gap_themes"] = [
        frozenset(themes.get(gap, gap) for gap in gaps) for gaps in frame["knowledge_gaps"]
    ]
    return frame


def _pairs(frame: pd.DataFrame, column: str):
    table = frame.pivot_table(
        index="record_id", columns="annotator", values=column, aggfunc="first"
    )
    for left, right in combinations(sorted(table.columns), 2):
        both = table[[left, right]].dropna()
        yield left, right, both


def agreement(
    store: Store,
    *,
    include_imported: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """How much annotators agree where several labelled the same records.

    One row per (field, statistic, annotators): ``score`` and ``severity`` (each
    annotation's worst failure severity, none < Low < … < Critical) by Krippendorff's
    alpha (ordinal) over everyone and quadratic-weighted Cohen's kappa per pair; ``gaps``
    by mean Jaccard and MASI over the sets of gap themes, per pair and overall. Columns
    ``records`` (records compared) and ``pairs`` (annotation pairs) give the counts.
    The annotator ``imported`` is left out unless `include_imported`.

    Examples
    --------
    >>> agreement(Store(":memory:")).columns.tolist()
    ['field', 'statistic', 'annotators', 'value', 'records', 'pairs']
    """
    frame = _labelled(store, include_imported, filters)
    rows: list[dict[str, Any]] = []
    for field, column, scale in (
        ("score", "score", SCORE_SCALE),
        ("severity", "severity_rank", tuple(float(v) for v in SEVERITY_SCALE.values())),
    ):
        table = frame.pivot_table(
            index="record_id", columns="annotator", values=column, aggfunc="first"
        )
        rated = table.notna().sum(axis=1)
        rows.append(
            {
                "field": field,
                "statistic": "krippendorff_alpha_ordinal",
                "annotators": "all",
                "value": krippendorff_alpha(table, "ordinal") if len(table) else float("nan"),
                "records": int((rated >= 2).sum()),
                "pairs": int((rated * (rated - 1) / 2).sum()),
            }
        )
        for left, right, both in _pairs(frame, column):
            if len(both) < 2:
                continue
            rows.append(
                {
                    "field": field,
                    "statistic": "cohen_kappa_quadratic",
                    "annotators": f"{left} ~ {right}",
                    "value": weighted_kappa(both[left], both[right], scale),
                    "records": len(both),
                    "pairs": len(both),
                }
            )
    gap_pairs = _gap_pairs(frame)
    for statistic in ("jaccard", "masi"):
        if gap_pairs.empty:
            continue
        rows.append(
            {
                "field": "gaps",
                "statistic": statistic,
                "annotators": "all",
                "value": gap_pairs[statistic].mean(),
                "records": gap_pairs["record_id"].nunique(),
                "pairs": len(gap_pairs),
            }
        )
        for label, group in gap_pairs.groupby("annotators", sort=True):
            rows.append(
                {
                    "field": "gaps",
                    "statistic": statistic,
                    "annotators": label,
                    "value": group[statistic].mean(),
                    "records": group["record_id"].nunique(),
                    "pairs": len(group),
                }
            )
    return pd.DataFrame(
        rows, columns=["field", "statistic", "annotators", "value", "records", "pairs"]
    )


def _gap_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of annotations of the same record, with gap-set overlap."""
    rows = []
    for record_id, group in frame.sort_values("annotator").groupby("record_id", sort=True):
        items = list(zip(group["annotator"], group["gap_themes"], strict=True))
        for (left, a), (right, b) in combinations(items, 2):
            rows.append(
                {
                    "record_id": record_id,
                    "annotators": f"{left} ~ {right}",
                    "jaccard": jaccard(a, b),
                    "masi": masi(a, b),
                }
            )
    return pd.DataFrame(rows, columns=["record_id", "annotators", "jaccard", "masi"])


def disagreements(
    store: Store,
    *,
    include_imported: bool = False,
    min_spread: float = 0,
    **filters: Any,
) -> pd.DataFrame:
    """Records labelled by several annotators, most disputed first: what to review.

    Columns: record_id, annotators, scores and severities (annotator -> value),
    ``score_spread`` (max - min score), ``severity_spread`` (steps between the worst
    severities), ``gap_jaccard`` (mean pairwise overlap of gap themes). Rows with a score
    spread below `min_spread` are left out.

    Examples
    --------
    >>> disagreements(Store(":memory:")).empty
    True
    """
    frame = _labelled(store, include_imported, filters)
    names = {rank: name for name, rank in SEVERITY_SCALE.items()}
    overlap = _gap_pairs(frame).groupby("record_id")["jaccard"].mean()
    rows = []
    for record_id, group in frame.sort_values("annotator").groupby("record_id", sort=True):
        scores = group["score"].dropna()
        ranks = group["severity_rank"].dropna()
        rows.append(
            {
                "record_id": record_id,
                "annotators": group["annotator"].astype(str).tolist(),
                "scores": dict(zip(group["annotator"].astype(str), group["score"], strict=True)),
                "severities": {
                    str(a): names.get(r) if r == r else None
                    for a, r in zip(group["annotator"], group["severity_rank"], strict=True)
                },
                "score_spread": float(scores.max() - scores.min()) if len(scores) else np.nan,
                "severity_spread": float(ranks.max() - ranks.min()) if len(ranks) else np.nan,
                "gap_jaccard": float(overlap.get(record_id, np.nan)),
            }
        )
    columns = [
        "record_id",
        "annotators",
        "scores",
        "severities",
        "score_spread",
        "severity_spread",
        "gap_jaccard",
    ]
    out = pd.DataFrame(rows, columns=columns)
    if min_spread:
        out = out[out["score_spread"] >= min_spread]
    return out.sort_values(
        ["score_spread", "severity_spread", "gap_jaccard", "record_id"],
        ascending=[False, False, True, True],
        na_position="last",
    ).reset_index(drop=True)


def calibration(
    store: Store,
    period: str | None = None,
    *,
    include_imported: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Each annotator's score offset from the consensus (median of the others' scores on the
    same record): n, mean and median offset, spread (std) and mean absolute offset.

    With `period`, one row per annotator and period of the annotation's last save, which
    shows drift over time.

    Examples
    --------
    >>> calibration(Store(":memory:")).columns.tolist()
    ['n', 'mean_offset', 'median_offset', 'spread', 'mean_abs_offset']
    """
    frame = _labelled(store, include_imported, filters)
    frame = frame[frame["score"].notna()]
    offsets = []
    for _record, group in frame.groupby("record_id", sort=True):
        for index, row in group.iterrows():
            others = group["score"].drop(index=index)
            if len(others):
                offsets.append(
                    {
                        "annotator": str(row["annotator"]),
                        "updated_at": row["updated_at"],
                        "offset": row["score"] - others.median(),
                    }
                )
    data = pd.DataFrame(offsets, columns=["annotator", "updated_at", "offset"])
    keys: list[Any] = ["annotator"]
    if period is not None:
        data["period"] = period_start(data["updated_at"], period)
        keys.append("period")
    grouped = data.groupby(keys, sort=True)["offset"]
    return pd.DataFrame(
        {
            "n": grouped.size(),
            "mean_offset": grouped.mean(),
            "median_offset": grouped.median(),
            "spread": grouped.std(ddof=0),
            "mean_abs_offset": grouped.agg(lambda s: s.abs().mean()),
        }
    )
