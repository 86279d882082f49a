"""The tagging form: ipywidgets drawing a `TaggingSession` (HTML built escaped in `html`)."""
