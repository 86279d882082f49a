"""Time to show the next record in the tagging form (diff included) on the corpus's largest records."""

from __future__ import annotations

import difflib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "iac-tasks"
TARGET_P95_MS = 150
LARGEST = 20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    from curation import Store, ingest
    from curation.widgets import tagging_form

    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        ingest(CORPUS, store)
        records = sorted(store.iter_records(), key=lambda r: -(len(r.response) + len(r.ideal)))
        ids = [r.id for r in records[:LARGEST]]
        sizes = {r.id: len(r.response) for r in records[:LARGEST]}

        # Baseline, same pairs, same run: a plain unified diff of the texts.
        baseline = []
        for record in records[:LARGEST]:
            start = time.perf_counter()
            list(difflib.unified_diff(record.response.splitlines(), record.ideal.splitlines()))
            baseline.append((time.perf_counter() - start) * 1000)

        # The analyst's view: press Next; the form redraws (record, diff HTML, annotation).
        # Pauses between presses stand for reading time, when the next diff is prepared.
        form = tagging_form(store, annotator="bench", untagged_first=False)
        form.session.apply_filters()
        form.session.queue[:] = ids
        form.session.go(0)
        times, cold = [], []
        for _ in ids[1:]:
            time.sleep(0.3)
            start = time.perf_counter()
            form.next_button.click()
            times.append((time.perf_counter() - start) * 1000)
        # Cold: no time to prepare ahead (jumping straight to records never seen).
        form.session._cache.clear()
        form._rendered.clear()
        for record_id in reversed(ids):
            start = time.perf_counter()
            form.session.jump(record_id)
            cold.append((time.perf_counter() - start) * 1000)
        form.session.close()
        store.close()

    p50, p95 = statistics.median(times), percentile(times, 0.95)
    base50, base95 = statistics.median(baseline), percentile(baseline, 0.95)
    print(
        f"{LARGEST} largest records: responses {min(sizes.values()) // 1000}-"
        f"{max(sizes.values()) // 1000} KB"
    )
    print(
        f"next record (prepared ahead): p50 {p50:.1f} ms  p95 {p95:.1f} ms  "
        f"(target p95 < {TARGET_P95_MS} ms: {'ok' if p95 < TARGET_P95_MS else 'MISSED'})"
    )
    print(
        f"cold jump (nothing prepared):  p50 {statistics.median(cold):.1f} ms  "
        f"p95 {percentile(cold, 0.95):.1f} ms"
    )
    print(f"baseline difflib.unified_diff: p50 {base50:.1f} ms  p95 {base95:.1f} ms")
    print(f"ratio next/baseline: p50 {p50 / base50:.1f}x  p95 {p95 / base95:.1f}x")
    return 0 if p95 < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
