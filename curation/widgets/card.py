"""One failure's widgets in the tagging form, and the small widget helpers the form shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from curation.records import SEVERITIES, Failure

if TYPE_CHECKING:
    from curation.widgets.form import TaggingForm


def textarea(placeholder: str) -> w.Textarea:
    """A full-width text area that reports its value when the analyst leaves it."""
    return w.Textarea(
        placeholder=placeholder,
        continuous_update=False,
        layout=w.Layout(width="100%", height="4.5em"),
    )


def button(description: str, css: str, tooltip: str = "", **kwargs: Any) -> w.Button:
    # width auto: the default fixed width cuts longer labels ("New failure from …")
    kwargs.setdefault("layout", w.Layout(width="auto", min_width="4em"))
    button = w.Button(description=description, tooltip=tooltip or description, **kwargs)
    button.add_class(css)
    return button


def classed(widget: w.Widget, css: str) -> w.Widget:
    widget.add_class(css)
    return widget


class FailureCard:
    """The widgets of the failure at one position of the list (reused from record to record)."""

    TEXTS = (
        ("root_cause", "root cause"),
        ("model_snippet", "model snippet"),
        ("ideal_fix", "ideal fix"),
        ("training_value", "training value"),
    )

    def __init__(self, form: TaggingForm, index: int):
        self.form, self.index = form, index
        session = form.session
        self.heading = w.HTML(f"<b>Failure {index + 1}</b>")
        self.title = classed(
            w.Text(
                placeholder="title (required)",
                continuous_update=False,
                layout=w.Layout(width="100%"),
            ),
            "curation-failure-title",
        )
        self.severity = classed(
            w.ToggleButtons(
                options=list(SEVERITIES),
                value=None,
                tooltips=[f"{name} (key {i + 1})" for i, name in enumerate(SEVERITIES)],
            ),
            "curation-failure-severity",
        )
        self.category = classed(
            w.Combobox(
                placeholder="category (pick or type a new one)",
                ensure_option=False,
                continuous_update=False,
            ),
            "curation-failure-category",
        )
        self.texts = {
            name: classed(
                textarea(label),
                f"curation-failure-{name.replace('_', '-')}",
            )
            for name, label in self.TEXTS
        }
        self.title.observe(self._forward("title"), "value")
        self.severity.observe(self._forward("severity"), "value")
        self.category.observe(self._forward("category", lambda v: v.strip() or None), "value")
        for name, area in self.texts.items():
            area.observe(self._forward(name), "value")
        up = button("↑", "curation-failure-up", "Move up", layout=w.Layout(width="3em"))
        down = button("↓", "curation-failure-down", "Move down", layout=w.Layout(width="3em"))
        delete = button(
            "Delete", "curation-failure-delete", "Delete this failure", button_style="danger"
        )
        anchor = button(
            "Use selected hunk",
            "curation-failure-anchor",
            "Replace snippet and fix with the hunk picked above the diff",
        )
        up.on_click(lambda _b: session.move_failure(index, -1))
        down.on_click(lambda _b: session.move_failure(index, +1))
        delete.on_click(lambda _b: session.delete_failure(index))
        anchor.on_click(lambda _b: form._anchor(index))
        self.box = w.VBox(
            [
                w.HBox([self.heading, up, down, anchor, delete]),
                self.title,
                w.HBox([self.severity, self.category]),
                self.texts["root_cause"],
                w.HBox(
                    [self.texts["model_snippet"], self.texts["ideal_fix"]],
                    layout=w.Layout(width="100%"),
                ),
                self.texts["training_value"],
            ],
            layout=w.Layout(border="1px solid #ccc", padding="4px", margin="4px 0"),
        )
        self.box.add_class("curation-failure")

    def _forward(self, name: str, convert=lambda v: v):
        def handler(change):
            if self.form._syncing:
                return
            self.form._active_failure = self.index
            self.form.session.update_failure(self.index, **{name: convert(change["new"])})

        return handler

    def show(self, failure: Failure, categories: list[str]) -> None:
        """Draw `failure` (the caller holds the form's sync guard)."""
        self.title.value = failure.title or ""
        self.severity.value = failure.severity if failure.severity in SEVERITIES else None
        if list(self.category.options) != categories:
            self.category.options = categories
        self.category.value = failure.category or ""
        for name, area in self.texts.items():
            area.value = getattr(failure, name) or ""
