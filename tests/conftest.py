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


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A throwaway PostgreSQL cluster on a free localhost port, removed afterwards.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
    Skips (with the reason) when no server can be started here.
    """
    import glob
    import os
    import shutil
    import subprocess

    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = binaries[-1] if binaries else shutil.which("initdb")
    if not initdb:
        pytest.skip(
            "PostgreSQL server binaries (initdb) not installed; `make test` installs them as root"
        )
    bindir = os.path.dirname(initdb)
    import tempfile
    from pathlib import Path as _Path

    # Not under pytest's basetemp: as root that is private to root, and the cluster's owner
    # (`postgres`) must be able to reach its folder.
    base = _Path(tempfile.mkdtemp(prefix="curation-pg-"))
    data = base / "data"
    prefix: list[str] = []
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to own a cluster")
        shutil.chown(base, "postgres")
        os.chmod(base, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    try:
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [
                *prefix,
                f"{bindir}/pg_ctl",
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(base / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=90,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(
            f"could not start a PostgreSQL server: {error} {detail.decode(errors='replace')[-300:]}"
        )
    try:
        subprocess.run(
            [
                f"{bindir}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "curation",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/curation"
    finally:
        subprocess.run(
            [*prefix, f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


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
