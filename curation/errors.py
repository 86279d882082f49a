"""The exceptions `curation` raises.

    CurationError            anything this package raises on purpose
    ├── SourceError          a source cannot be read at all (missing path, unknown format)
    ├── StoreError           the store cannot be opened, migrated or written
    │   └── ConflictError    someone else saved the same annotation meanwhile
    └── ExportError          an export cannot be produced as asked

Bad *records* never raise: they become `Problem` rows. These exceptions are for
situations where the whole operation cannot go on, and their messages say which
file or record is at fault and what to do next.
"""

from __future__ import annotations


class CurationError(Exception):
    """Base class of every error this package raises on purpose."""


class SourceError(CurationError):
    """A source (folder, file, dataset) cannot be read at all."""


class StoreError(CurationError):
    """The store cannot be opened, upgraded or written."""


class ConflictError(StoreError):
    """Another save of the same annotation happened since this one was loaded.

    Attributes
    ----------
    current : the annotation as it now stands in the store.
    """

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current


class ExportError(CurationError):
    """An export cannot be produced with the options given."""
