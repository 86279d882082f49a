"""The tagging form: ipywidgets drawing a `TaggingSession` (HTML built escaped in `html`)."""

from curation.widgets.form import TaggingForm, tagging_form

__all__ = ["TaggingForm", "tagging_form"]
