"""Benchmark: how much of a parse is regex work. One cold pass over the corpus's analyses
records every call the parser makes on its module-level patterns; the calls are then replayed
alone, with no Python logic around them, and timed against the whole pass in the same run.

The replay is a floor (a lower bound: patterns made inside functions are not recorded) for
any parser that keeps these reading rules in CPython: what the C regex engine costs, whatever
the Python around it does. Usage: python bench/parse_regex_floor.py [CORPUS_DIR]"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from curation import (
    _analysis_doc,
    _analysis_fallback,
    _analysis_fields,
    _analysis_items,
    _analysis_lists,
    _analysis_vocab,
    analysis,
)
from curation._analysis_vocab import _clear_memos
from curation.analysis import parse_analysis

_MODULES = (
    _analysis_doc,
    _analysis_fallback,
    _analysis_fields,
    _analysis_items,
    _analysis_lists,
    _analysis_vocab,
    analysis,
)
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
_TARGET_MB_S = 20.0

Call = tuple[Any, tuple[Any, ...], dict[str, Any]]


class _Recorder:
    """Stands in for a compiled pattern: passes each call through and writes it down."""

    def __init__(self, pattern: re.Pattern[str], calls: list[Call]) -> None:
        self._pattern = pattern
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._pattern, name)
        if name not in _METHODS:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self._calls.append((attribute, args, kwargs))
            return attribute(*args, **kwargs)

        return call


def _replay(calls: list[Call]) -> float:
    start = time.perf_counter()
    for method, args, kwargs in calls:
        result = method(*args, **kwargs)
        if method.__name__ == "finditer":
            for _ in result:
                pass
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/iac-tasks")
    paths = sorted(root.glob("*/lib/MODEL_FAILURES.md"))
    if not paths:
        print(f"no MODEL_FAILURES.md under {root}", file=sys.stderr)
        return 1
    texts = [p.read_bytes().decode("utf-8", "replace") for p in paths]
    size_mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6

    parse_s = float("inf")
    for _ in range(3):
        _clear_memos()
        start = time.perf_counter()
        for text in texts:
            parse_analysis(text)
        parse_s = min(parse_s, time.perf_counter() - start)

    calls: list[Call] = []
    originals = []
    for module in _MODULES:
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                originals.append((module, name, value))
                setattr(module, name, _Recorder(value, calls))
    try:
        _clear_memos()
        for text in texts:
            parse_analysis(text)
    finally:
        for module, name, value in originals:
            setattr(module, name, value)

    replay_s = min(_replay(calls) for _ in range(3))
    budget_s = size_mb / _TARGET_MB_S
    print(f"{len(paths)} files, {size_mb:.1f} MB, {len(originals)} patterns, {len(calls)} calls")
    print(f"whole parse, cold:   {parse_s:.3f} s ({size_mb / parse_s:.1f} MB/s)")
    print(f"regex calls alone:   {replay_s:.3f} s ({size_mb / replay_s:.1f} MB/s ceiling)")
    print(f"regex share of parse: {replay_s / parse_s:.0%}")
    logic_s, left_s = parse_s - replay_s, budget_s - replay_s
    if left_s > 0:
        rest = f"the Python logic would have {left_s:.3f} s (it takes {logic_s:.3f} s now, "
        rest += f"{logic_s / left_s:.1f}x that)"
    else:
        # (On a slow machine the regex calls alone overrun the budget: no time is left.)
        rest = f"nothing is left for the Python logic (it takes {logic_s:.3f} s now)"
    print(
        f"budget at {_TARGET_MB_S:.0f} MB/s: {budget_s:.3f} s, of which the regex calls take "
        f"{replay_s / budget_s:.0%}; {rest}"
    )
    by_pattern: Counter[str] = Counter()
    for method, args, kwargs in calls:
        start = time.perf_counter()
        result = method(*args, **kwargs)
        if method.__name__ == "finditer":
            for _ in result:
                pass
        by_pattern[method.__self__.pattern] += time.perf_counter() - start
    print("costliest patterns (ms over the corpus):")
    for pattern, seconds in by_pattern.most_common(8):
        print(f"  {seconds * 1000:6.1f}  {pattern[:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
