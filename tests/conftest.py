"""Shared fixtures: small data made in code, plus the shared real corpus when it is beside us."""

from __future__ import annotations

import json
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


ANALYSIS = """# Failures

## Critical Failures

### 1. Bucket is public

**Impact Level**: Critical

**Root Cause**: The model copied a permissive policy.

## Summary

**Recommended Score**: 4/10
"""


def _write_task(
    root: Path,
    name: str,
    *,
    prompt="Create a private S3 bucket.",
    response="public",
    ideal="private",
    analysis: str | None = ANALYSIS,
    metadata: dict | None = None,
):
    lib = root / name / "lib"
    lib.mkdir(parents=True)
    (lib / "PROMPT.md").write_text(prompt)
    (lib / "MODEL_RESPONSE.md").write_text(response)
    (lib / "IDEAL_RESPONSE.md").write_text(ideal)
    if analysis is not None:
        (lib / "MODEL_FAILURES.md").write_text(analysis)
    if metadata is not None:
        (root / name / "metadata.json").write_text(json.dumps(metadata))
    return root / name


@pytest.fixture
def write_task():
    """Writes one task folder (lib/PROMPT.md …, metadata.json) and returns its path."""
    return _write_task


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL cluster on a free localhost port, removed afterwards.

    Skips (with the reason) when no server can be started here.
    """
    from tests.pgcluster import ClusterUnavailable, throwaway_cluster

    try:
        cluster = throwaway_cluster()
        url = cluster.__enter__()
    except ClusterUnavailable as error:
        pytest.skip(str(error))
    try:
        yield url
    finally:
        cluster.__exit__(None, None, None)


@pytest.fixture
def fresh_postgres(postgres_url):
    """An empty database on the throwaway server for one test."""
    import uuid

    import sqlalchemy as sa

    name = "t_" + uuid.uuid4().hex[:12]
    from curation.store import _postgres_driver

    admin = sa.create_engine(
        postgres_url.replace("postgresql://", f"postgresql+{_postgres_driver()}://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield postgres_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store_url(request, tmp_path):
    """A store location on each back end (the PostgreSQL one skips when no server can start)."""
    if request.param == "sqlite":
        return str(tmp_path / "curation.db")
    return request.getfixturevalue("fresh_postgres")
