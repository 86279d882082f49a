"""Benchmark aggregation: 1,000,000 failures -> frame + week x severity table, and a report.

Run by hand: ``.venv/bin/python bench/aggregate.py [--failures N] [--keep DIR]``.
Targets: frame + table < 3 s; `severity_table` within 1.5x of a plain pandas groupby on the
same frame; a monthly report over 4,000 records < 30 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from curation.aggregate import failures_frame, severity_table
from curation.records import SEVERITIES
from curation.report import write_report
from curation.store import Store

PLATFORMS = ["cdk", "cfn", "tf", "pulumi", "cdktf"]
LANGUAGES = ["ts", "py", "yaml", "json", "hcl", "go"]
GAPS = [
    "CloudFormation circular dependencies",
    "circular dependency in CFN",
    "IAM least privilege",
    "AWS IAM least-privilege policies",
    "Terraform state locking",
    "TF remote state locking",
    "S3 bucket encryption",
    "Lambda concurrency limits",
    "VPC NAT gateway high availability",
    "CDK construct ids",
]


def build_store(path: Path, records: int, failures: int, seed: int = 7) -> Store:
    """A SQLite store with `records` records, one imported annotation each, `failures` failures."""
    store = Store(path)
    store.close()
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC).replace(tzinfo=None)
    per_record = max(1, failures // records)
    conn = sqlite3.connect(path)
    # one transaction and executemany: the row-at-a-time path would take minutes
    with conn:
        conn.executemany(
            "INSERT INTO records (id, content_hash, prompt, response, ideal, metadata, platform,"
            " language, complexity, score, date, date_utc, prompt_key, source, ingested_at,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    f"task-{i:07d}",
                    f"{i:064x}",
                    f"prompt {i}",
                    "response",
                    "ideal",
                    json.dumps({"team": str(i % 3)}),
                    rng.choice(PLATFORMS),
                    rng.choice(LANGUAGES),
                    rng.choice(["easy", "medium", "hard"]),
                    rng.randint(3, 10),
                    (
                        moment := start + timedelta(minutes=rng.randrange(0, 60 * 24 * 730))
                    ).isoformat(),
                    moment.replace(tzinfo=None).isoformat(sep=" "),
                    f"{i:016x}",
                    "bench",
                    now,
                    now,
                )
                for i in range(records)
            ),
        )
        conn.executemany(
            "INSERT INTO annotations (id, record_id, annotator, score, score_source,"
            " knowledge_gaps, notes, version, updated_at, updated_by)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    i + 1,
                    f"task-{i:07d}",
                    "imported",
                    rng.randint(2, 10),
                    "analysis",
                    json.dumps(rng.sample(GAPS, 2)),
                    "",
                    1,
                    now,
                    "bench",
                )
                for i in range(records)
            ),
        )
        levels = [*SEVERITIES, None]
        conn.executemany(
            "INSERT INTO failures (annotation_id, position, title, severity, section, category,"
            ' root_cause, model_snippet, ideal_fix, training_value, "references",'
            " error_message, impact) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    n // per_record % records + 1,
                    n % per_record,
                    f"failure {n % 97}",
                    rng.choice(levels),
                    "",
                    rng.choice(["security", "cost", "configuration"]),
                    rng.choice(GAPS),
                    "",
                    "",
                    "",
                    "[]",
                    "",
                    "{}",
                )
                for n in range(failures)
            ),
        )
    conn.close()
    return Store(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--report-records", type=int, default=4_000)
    parser.add_argument("--keep", type=Path, help="build the stores in DIR and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="curation-bench-"))
    folder.mkdir(parents=True, exist_ok=True)

    path = folder / "bench-1m.db"
    if not path.exists():
        began = time.perf_counter()
        build_store(path, args.records, args.failures).close()
        print(f"built {args.failures:,} failures in {time.perf_counter() - began:.1f}s")
    store = Store(path)

    began = time.perf_counter()
    frame = failures_frame(store)
    loaded = time.perf_counter()
    table = severity_table(frame, by="period", period="week")
    done = time.perf_counter()
    total = done - began
    print(
        f"failures_frame: {loaded - began:.2f}s for {len(frame):,} rows; "
        f"week x severity: {done - loaded:.3f}s; total {total:.2f}s "
        f"({'OK' if total < 3 else 'SLOWER THAN'} target 3 s); {len(table)} weeks"
    )

    # the aggregation step alone vs the plain pandas groupby an analyst would write
    best_ours, best_plain = float("inf"), float("inf")
    for _ in range(5):
        began = time.perf_counter()
        severity_table(frame, by="period", period="week")
        best_ours = min(best_ours, time.perf_counter() - began)
        began = time.perf_counter()
        week = frame["date"].dt.floor("D")
        week = week - __import__("pandas").to_timedelta(week.dt.day_of_week, unit="D")
        frame.groupby([week, "severity"], observed=False).size().unstack(fill_value=0)
        best_plain = min(best_plain, time.perf_counter() - began)
    ratio = best_ours / best_plain
    print(
        f"severity_table {best_ours * 1000:.0f} ms vs plain groupby {best_plain * 1000:.0f} ms:"
        f" ratio {ratio:.2f} ({'OK' if ratio <= 1.5 else 'OVER'} target 1.5)"
    )
    store.close()

    small = folder / "bench-report.db"
    if not small.exists():
        build_store(small, args.report_records, args.report_records * 4).close()
    store = Store(small)
    began = time.perf_counter()
    out = write_report(store, folder / "report", period="month")
    seconds = time.perf_counter() - began
    print(
        f"monthly report over {args.report_records:,} records: {seconds:.1f}s "
        f"({'OK' if seconds < 30 else 'SLOWER THAN'} target 30 s) -> {out}"
    )
    store.close()


if __name__ == "__main__":
    main()
