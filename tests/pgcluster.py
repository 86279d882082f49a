"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp folder, a free port."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ClusterUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster, yield the URL of its empty database `curation`, then remove it all.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
    """
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = binaries[-1] if binaries else shutil.which("initdb")
    if not initdb:
        raise ClusterUnavailable(
            "PostgreSQL server binaries (initdb) are not installed; `make test` installs them "
            "from Debian when run as root"
        )
    bindir = os.path.dirname(initdb)
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError as error:
            raise ClusterUnavailable(
                "running as root and no `postgres` user owns a cluster"
            ) from error
        prefix, owner = ["runuser", "-u", "postgres", "--"], "postgres"
    # A folder of its own in /tmp: pytest's basetemp is private to root, and the cluster's
    # owner must be able to reach its data folder.
    base = Path(tempfile.mkdtemp(prefix="curation-pg-"))
    if owner:
        shutil.chown(base, owner)
    data, port = base / "data", _free_port()
    try:
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
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            detail = (getattr(error, "stderr", b"") or b"").decode(errors="replace")[-300:]
            raise ClusterUnavailable(
                f"could not start a PostgreSQL server: {error} {detail}"
            ) from error
        yield f"postgresql://postgres@127.0.0.1:{port}/curation"
    finally:
        subprocess.run(
            [*prefix, f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)
