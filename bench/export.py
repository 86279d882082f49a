"""Benchmark: export of the shared corpus x10 vs Dataset.from_pandas + save_to_disk of the same rows.

Run by hand: ``.venv/bin/python bench/export.py [--copies 10] [--format sft]``. Each side runs
in its own child process so peak RSS (ru_maxrss) is measured per side. Target: export within
1.5x of the pandas path, peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "iac-tasks"


def build_store(path: Path, copies: int) -> None:
    from curation.ingest import ingest
    from curation.store import Store

    with Store(path) as store:
        ingest(CORPUS, store)
        records = list(store.iter_records())
        annotations = store.annotations()
        for copy in range(1, copies):
            store.add_records(replace(r, id=f"{r.id}~{copy}") for r in records)
            for a in annotations:
                store.save_annotation(replace(a, record_id=f"{a.record_id}~{copy}", version=0))


def child_export(store_path: str, out: str, fmt: str) -> dict:
    from curation.export import export_dataset
    from curation.store import Store

    started = time.perf_counter()
    with Store(store_path) as store:
        ds = export_dataset(store, fmt, out=out, dedupe=None)
    seconds = time.perf_counter() - started
    rows = sum(split.num_rows for split in ds.values())
    # the rows the baseline will save, as pandas frames (outside the timed part)
    for split, data in ds.items():
        data.to_pandas().to_pickle(f"{out}.{split}.pkl")
    return {"seconds": seconds, "rows": rows, "splits": list(ds)}


def child_pandas(out: str, fmt: str, splits: list[str]) -> dict:
    import pandas as pd
    from datasets import Dataset, DatasetDict

    from curation.export import features_for

    frames = {split: pd.read_pickle(f"{out}.{split}.pkl") for split in splits}
    started = time.perf_counter()
    datasets = DatasetDict(
        {
            split: Dataset.from_pandas(frame, features=features_for(fmt), preserve_index=False)
            for split, frame in frames.items()
        }
    )
    datasets.save_to_disk(out + ".pandas")
    return {"seconds": time.perf_counter() - started}


def _child(kind: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--format", default="sft")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "export":
            data = child_export(rest[0], rest[1], rest[2])
        else:
            data = child_pandas(rest[0], rest[1], rest[2].split(","))
        data["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(data))
        return
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "bench.db"
        started = time.perf_counter()
        build_store(store, args.copies)
        size = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file()) * args.copies
        print(
            f"store: corpus x{args.copies} (~{size / 1e6:.0f} MB of files) "
            f"built in {time.perf_counter() - started:.1f}s"
        )
        out = str(Path(tmp) / "export")
        ours = _child("export", str(store), out, args.format)
        base = _child("pandas", out, args.format, ",".join(ours["splits"]))
        ratio = ours["seconds"] / base["seconds"]
        print(
            f"export_dataset({args.format!r}): {ours['rows']} rows in {ours['seconds']:.2f}s, "
            f"peak RSS {ours['peak_mb']:.0f} MB"
        )
        print(
            f"from_pandas + save_to_disk: {base['seconds']:.2f}s, peak RSS {base['peak_mb']:.0f} MB"
        )
        print(f"ratio {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
