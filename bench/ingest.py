"""Benchmark: whole ingest vs a floor of reading the same files and bulk-inserting their bytes.

Run by hand:  .venv/bin/python bench/ingest.py [CORPUS] [--copies N]

The floor, measured in the same run: read every file of every task folder and insert the raw
bytes into a fresh SQLite table in one transaction. Target: ingest (loading, metadata
normalisation, failure parsing, problems, store writes) within 4x of the floor, and peak memory
under 1 GB for a 300 MB corpus (ingest runs in a child process so its peak RSS is its own).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "iac-tasks"


def replicate(corpus: Path, copies: int, into: Path) -> Path:
    """`copies` copies of the corpus side by side (so record ids stay unique)."""
    for number in range(copies):
        shutil.copytree(corpus, into / f"copy{number:03}", symlinks=False)
    return into


def floor(corpus: Path, database: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file()]
    blobs = [(str(p), p.read_bytes()) for p in files]
    read_done = time.perf_counter()
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE files (path TEXT PRIMARY KEY, body BLOB)")
    with conn:
        conn.executemany("INSERT INTO files VALUES (?, ?)", blobs)
    conn.close()
    total = time.perf_counter() - started
    print(
        f"floor: read {len(files)} files in {read_done - started:.2f}s, insert in "
        f"{total - (read_done - started):.2f}s"
    )
    return total, len(files), sum(len(b) for _, b in blobs)


CHILD = """
import json, resource, sys, time
from curation import Store, ingest
store = Store(sys.argv[2])
started = time.perf_counter()
summary = ingest(sys.argv[1], store)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "seen": summary.seen, "peak": peak}))
"""


def run_ingest(corpus: Path, database: Path) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(corpus), str(database)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=1, help="replicate the corpus N times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = args.corpus
        if args.copies > 1:
            corpus = replicate(args.corpus, args.copies, tmp / "corpus")
        # warm the page cache so both sides read from memory
        for path in corpus.rglob("*"):
            if path.is_file():
                path.read_bytes()
        floor_seconds, files, size = floor(corpus, tmp / "floor.db")
        result = run_ingest(corpus, tmp / "ingest.db")
        again = run_ingest(corpus, tmp / "ingest.db")
    megabytes = size / 1e6
    print(f"corpus: {result['seen']} records, {files} files, {megabytes:.1f} MB")
    print(
        f"ingest: {result['seconds']:.2f}s = {result['seen'] / result['seconds']:.0f} records/s, "
        f"{megabytes / result['seconds']:.1f} MB/s, peak RSS {result['peak'] / 1e6:.0f} MB"
    )
    print(f"re-ingest (nothing changed): {again['seconds']:.2f}s")
    print(f"ratio ingest / floor: {result['seconds'] / floor_seconds:.2f}x (target <= 4x)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"(this process, which held the floor's bytes: peak RSS {own:.0f} MB)")


if __name__ == "__main__":
    main()
