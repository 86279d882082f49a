"""Benchmark: parse every MODEL_FAILURES.md in a corpus and report MB/s against a bare read."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from curation.analysis import parse_analysis


def _clear_memos() -> None:
    from curation import _analysis_fields, _analysis_scan, _analysis_vocab, analysis

    for module in (_analysis_fields, _analysis_scan, _analysis_vocab, analysis):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/iac-tasks")
    paths = sorted(root.glob("*/lib/MODEL_FAILURES.md"))
    if not paths:
        print(f"no MODEL_FAILURES.md under {root}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    texts = [p.read_bytes().decode("utf-8", "replace") for p in paths]
    read_s = time.perf_counter() - start
    size_mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
    # Best of three; the parser's memo caches are emptied before each pass, so a pass costs
    # what parsing these documents once costs (as at ingest), not a replay of the last pass.
    parse_s = float("inf")
    for _ in range(3):
        _clear_memos()
        start = time.perf_counter()
        failures = sum(len(parse_analysis(t).failures) for t in texts)
        parse_s = min(parse_s, time.perf_counter() - start)
    print(f"{len(paths)} files, {size_mb:.1f} MB, {failures} failures")
    print(f"read:  {read_s:.3f} s ({size_mb / read_s:.0f} MB/s)")
    print(f"parse: {parse_s:.3f} s ({size_mb / parse_s:.1f} MB/s)")
    print(f"parse/read time ratio: {parse_s / read_s:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
