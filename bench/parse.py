"""Benchmark: parse every MODEL_FAILURES.md in a corpus and report MB/s against a bare read."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from curation._analysis_vocab import _clear_memos
from curation.analysis import parse_analysis


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
    _print_mistune_baseline(texts, size_mb, parse_s)
    # For information only: a pass whose memos an earlier pass filled, as deep into a long
    # import where headings and labels repeat (the figure above is the one that counts).
    start = time.perf_counter()
    for text in texts:
        parse_analysis(text)
    warm_s = time.perf_counter() - start
    print(f"parse, memos already warm: {warm_s:.3f} s ({size_mb / warm_s:.1f} MB/s)")
    # Odd documents of ~300 KB: the time per MB at full size over the time per MB at a
    # quarter size should be near 1 (far above it means a path that grows faster than the
    # document; such dense documents are slower per MB than the corpus, cold memos each).
    print("odd documents: MB/s at a quarter size -> at full size (slowdown):")
    for name, make in _ODD_DOCUMENTS.items():
        rates = []
        for n in (_ODD_SIZE // 4, _ODD_SIZE):
            text = make(n)
            _clear_memos()
            start = time.perf_counter()
            parse_analysis(text)
            rates.append(len(text.encode("utf-8")) / 1e6 / (time.perf_counter() - start))
        print(f"  {name:<24} {rates[0]:6.1f} -> {rates[1]:6.1f} MB/s ({rates[0] / rates[1]:.2f}x)")
    return 0


def _print_mistune_baseline(texts: list[str], size_mb: float, parse_s: float) -> None:
    """The issue states its 20 MB/s target beside mistune's 1.8 MB/s on its machine: timing
    mistune here, in the same run, turns the target into a ratio that holds on any machine."""
    try:
        import mistune  # installed with JupyterLab (nbconvert), not a dependency of ours
    except ImportError:
        print("mistune not installed: no machine-independent baseline")
        return
    markdown = mistune.create_markdown(renderer=None)
    mistune_s = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            markdown(text)
        mistune_s = min(mistune_s, time.perf_counter() - start)
    print(
        f"mistune (markdown to tokens), same run: {mistune_s:.3f} s "
        f"({size_mb / mistune_s:.1f} MB/s); parse is {mistune_s / parse_s:.2f}x mistune's "
        f"speed, the target {_TARGET_MB_S / _ISSUE_MISTUNE_MB_S:.1f}x"
    )


_TARGET_MB_S = 20.0
_ISSUE_MISTUNE_MB_S = 1.8  # what the issue measured for mistune beside its target
_ODD_SIZE = 16_000  # items per odd document (~300 KB)
_ODD_DOCUMENTS: dict[str, Callable[[int], str]] = {
    "nested headings": lambda n: "".join("#" * (1 + i % 6) + f" Failure {i}\n" for i in range(n)),
    "numbered items": lambda n: (
        "# Failures\n\n"
        + "".join(f"### {i}. Heading {i}\n\n**Fix**: change {i}\n\n" for i in range(n // 2))
    ),
    "bold items": lambda n: (
        "## High Failures\n\n" + "".join(f"**Title {i}:**\n**Fix**: y\n" for i in range(n))
    ),
    "bullets": lambda n: "## Issues\n\n" + "".join(f"- wrong thing {i}\n" for i in range(n)),
    "table rows": lambda n: (
        "## Issues\n\n| Issue | Severity | Fix |\n|---|---|---|\n"
        + "".join(f"| issue {i} | High | fix {i} |\n" for i in range(n))
    ),
    "one long line": lambda n: "x" * (n * 20),
    "underscores": lambda n: "_" * (n * 20),
    "fence lines": lambda n: "```\n" * (n * 4),
    "labels in one item": lambda n: (
        "## Critical Failures\n\n### 1. X\n\n" + "".join(f"**Issue**: a{i}\n\n" for i in range(n))
    ),
}


if __name__ == "__main__":
    sys.exit(main(sys.argv))
