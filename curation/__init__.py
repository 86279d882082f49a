"""Curate LLM training data in JupyterLab: load, tag failures, aggregate, export."""

# eager: importing the submodule curation.agreement would otherwise shadow the function
from curation.agreement import agreement
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
    # aggregation, themes, agreement, plots and the report pull in pandas, scipy and
    # matplotlib: loaded on first use too.
    if name in _ANALYTICS:
        import importlib

        return getattr(importlib.import_module(_ANALYTICS[name]), name)
    raise AttributeError(f"module 'curation' has no attribute {name!r}")


_ANALYTICS = {
    "ThemeError": "curation.themes",
    "agreement": "curation.agreement",
    "annotations_frame": "curation.aggregate",
    "calibration": "curation.agreement",
    "disagreements": "curation.agreement",
    "failures_frame": "curation.aggregate",
    "gap_themes": "curation.themes",
    "merge_themes": "curation.themes",
    "rename_theme": "curation.themes",
    "score_histogram": "curation.aggregate",
    "score_outliers": "curation.aggregate",
    "score_summary": "curation.aggregate",
    "score_vs_failures": "curation.aggregate",
    "severity_table": "curation.aggregate",
    "summary_plots": "curation.plots",
    "theme_map": "curation.themes",
    "theme_summary": "curation.themes",
    "write_report": "curation.report",
}

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
    "ThemeError",
    "agreement",
    "annotations_frame",
    "calibration",
    "disagreements",
    "export_all",
    "export_dataset",
    "failures_frame",
    "gap_themes",
    "ingest",
    "load",
    "load_tasks",
    "merge_themes",
    "parse_analysis",
    "rename_theme",
    "render_analysis",
    "score_histogram",
    "score_outliers",
    "score_summary",
    "score_vs_failures",
    "severity_table",
    "summary_plots",
    "tagging_form",
    "theme_map",
    "theme_summary",
    "write_report",
]
