"""Curate LLM training data in JupyterLab: load, tag failures, aggregate, export."""

from curation.analysis import parse_analysis, render_analysis
from curation.errors import ConflictError, CurationError, ExportError, SourceError, StoreError
from curation.ingest import IngestSummary, ingest
from curation.load import load, load_tasks
from curation.records import Analysis, Annotation, Failure, Problem, Record
from curation.session import TaggingSession
from curation.store import Store

__version__ = "0.1.0"


def __getattr__(name: str):
    # tagging_form pulls in ipywidgets: loaded on first use so the core and the CLI stay light.
    if name == "tagging_form":
        from curation.widgets import tagging_form

        return tagging_form
    # export pulls in datasets/pyarrow (~0.5 s): loaded on first use for the same reason.
    if name in ("ExportSummary", "export_all", "export_dataset"):
        from curation import export

        return getattr(export, name)
    raise AttributeError(f"module 'curation' has no attribute {name!r}")


__all__ = [
    "Analysis",
    "Annotation",
    "ConflictError",
    "CurationError",
    "ExportError",
    "ExportSummary",
    "Failure",
    "IngestSummary",
    "Problem",
    "Record",
    "SourceError",
    "Store",
    "StoreError",
    "TaggingSession",
    "export_all",
    "export_dataset",
    "ingest",
    "load",
    "load_tasks",
    "parse_analysis",
    "render_analysis",
    "tagging_form",
]
