"""Shared fixtures: small data made in code, plus the shared real corpus when it is beside us."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
EXAMPLE_DATA = ROOT / "data"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The 400 real task folders; tests that need them skip when ../shared is absent."""
    path = SHARED / "iac-tasks"
    if not path.is_dir():
        pytest.skip(f"shared corpus not found at {path}")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SHARED / "seed" / "MODEL_FAILURES.md"
    if not path.is_file():
        pytest.skip(f"seed analysis not found at {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_data() -> Path:
    return EXAMPLE_DATA
