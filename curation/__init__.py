"""Curate LLM training data in JupyterLab: load, tag failures, aggregate, export."""

from curation.errors import ConflictError, CurationError, ExportError, SourceError, StoreError
from curation.records import Analysis, Annotation, Failure, Problem, Record
from curation.store import Store

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Annotation",
    "ConflictError",
    "CurationError",
    "ExportError",
    "Failure",
    "Problem",
    "Record",
    "SourceError",
    "Store",
    "StoreError",
]
