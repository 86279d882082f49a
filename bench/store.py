"""Benchmark: autosave latency and ingest throughput on SQLite and PostgreSQL.

Run by hand:  .venv/bin/python bench/store.py [CORPUS] [--saves N]

For each back end: the latency of one annotation save (median and p99 over N saves of an
annotation with five failures, each a durable commit), beside a baseline measured in the
same run: one raw INSERT + commit of the same JSON through the bare driver. Then ingest
throughput (records/s) of the corpus. PostgreSQL runs on a throwaway local cluster (skipped,
with the reason, when none can be started).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from curation import Annotation, Failure, Store, ingest  # noqa: E402
from tests.pgcluster import ClusterUnavailable, throwaway_cluster  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "iac-tasks"


def annotation(number: int) -> Annotation:
    failures = [
        Failure(
            f"Failure {i} of save {number}",
            ("Critical", "High", "Medium", "Low")[i % 4],
            category="configuration",
            root_cause="x" * 300,
            model_snippet="resource {}\n" * 20,
            ideal_fix="resource { fixed }\n" * 20,
        )
        for i in range(5)
    ]
    return Annotation("bench-record", "bench", score=6.5, failures=failures, notes=str(number))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def save_latencies(store: Store, saves: int) -> list[float]:
    version, times = 0, []
    for number in range(saves):
        draft = annotation(number)
        draft.version = version
        started = time.perf_counter()
        version = store.save_annotation(draft).version
        times.append(time.perf_counter() - started)
    return times


def baseline_latencies(store: Store, saves: int) -> list[float]:
    """A bare driver INSERT + commit of the same content, on the same database."""
    raw = store.engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER, body TEXT)")
    raw.commit()
    marker = "?" if store.is_sqlite else "%s"
    times = []
    for number in range(saves):
        body = json.dumps(annotation(number).content())
        started = time.perf_counter()
        if store.is_sqlite:
            cursor.execute("BEGIN")
        cursor.execute(f"INSERT INTO bench_raw VALUES ({marker}, {marker})", (number, body))
        raw.commit()
        times.append(time.perf_counter() - started)
    raw.close()
    return times


def measure(name: str, location: str, corpus: Path, saves: int) -> None:
    with Store(location) as store:
        base = baseline_latencies(store, saves)
        mine = save_latencies(store, saves)
        started = time.perf_counter()
        summary = ingest(corpus, store)
        ingest_seconds = time.perf_counter() - started
    median, base_median = statistics.median(mine), statistics.median(base)
    print(
        f"{name:<10} autosave median {median * 1e3:6.1f} ms  p99 {percentile(mine, 0.99) * 1e3:6.1f}"
        f" ms  (bare insert+commit median {base_median * 1e3:5.1f} ms, ratio "
        f"{median / base_median:4.1f}x)"
    )
    print(
        f"{'':<10} ingest {summary.seen} records in {ingest_seconds:.2f}s = "
        f"{summary.seen / ingest_seconds:.0f} records/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("sqlite", str(Path(tmp) / "bench.db"), args.corpus, args.saves)
    try:
        with throwaway_cluster() as url:
            measure("postgres", url, args.corpus, args.saves)
    except ClusterUnavailable as error:
        print(f"postgres   skipped: {error}")


if __name__ == "__main__":
    main()
