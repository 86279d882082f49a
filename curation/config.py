"""Who the analyst is and where their store lives: arguments, then environment, then config file."""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path
from typing import Any

from curation.errors import CurationError


def config_path() -> Path:
    """``$CURATION_CONFIG``, else ``$XDG_CONFIG_HOME/curation/config.toml`` (``~/.config/…``)."""
    if os.environ.get("CURATION_CONFIG"):
        return Path(os.environ["CURATION_CONFIG"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "curation" / "config.toml"


def read_config() -> dict[str, Any]:
    """The user's configuration (``annotator = "ana"``, ``store = "postgresql://…"``), or {}."""
    path = config_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CurationError(
            f"cannot read the configuration {path}: {error}; fix or remove it"
        ) from error


def annotator_name(explicit: str | None = None) -> str:
    """The name recorded on every change this analyst makes.

    Taken from `explicit`, else ``$CURATION_ANNOTATOR``, else ``annotator`` in the config
    file, else the login name.

    Examples
    --------
    >>> annotator_name("ana")
    'ana'
    """
    name = explicit or os.environ.get("CURATION_ANNOTATOR") or read_config().get("annotator")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "analyst"
    name = str(name).strip()
    if name == "imported":
        raise CurationError(
            "'imported' is reserved for parsed failure analyses; choose another annotator name"
        )
    return name


def store_location(explicit: str | None = None) -> str:
    """The store to open: `explicit`, else ``$CURATION_STORE``, else ``store`` in the config
    file, else ``curation.db`` in the working folder."""
    return str(
        explicit or os.environ.get("CURATION_STORE") or read_config().get("store") or "curation.db"
    )
