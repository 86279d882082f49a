"""The tagging form: an ipywidgets tree that draws a `TaggingSession` and forwards every edit to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipyevents
import ipywidgets as w

from curation.config import annotator_name
from curation.records import SEVERITIES
from curation.session import TaggingSession
from curation.store import Store
from curation.widgets import html
from curation.widgets.card import FailureCard, button, classed, textarea

#: Keyboard shortcuts (``event["key"]`` lower-cased) and what they do; see `html.keys_help`.
KEYS = {
    "n": "next",
    "j": "next",
    "arrowright": "next",
    "p": "prev",
    "k": "prev",
    "arrowleft": "prev",
    "s": "skip",
    "a": "add failure",
    "1": "Critical",
    "2": "High",
    "3": "Medium",
    "4": "Low",
    "?": "help",
}

#: Elements whose key presses are typing, never shortcuts.
EDITABLE = frozenset({"INPUT", "TEXTAREA", "SELECT"})


class TaggingForm(w.VBox):
    """The tagging form's root widget (CSS class ``curation-form``); `session` holds the state.

    Build it with `tagging_form`. Every control forwards to a `TaggingSession` method, and
    the form redraws from the session after each change, so what is shown is what is stored.
    """

    def __init__(self, session: TaggingSession):
        super().__init__()
        self.add_class("curation-form")
        self.session = session
        self._syncing = False  # True while the form writes session state into widgets
        self._active_failure: int | None = None
        self._rendered: dict[tuple[str, str], str] = {}
        self._cards: list[FailureCard] = []
        self._build()
        session.on_change(self._on_session_change)
        self._refresh_all()

    # -- construction --------------------------------------------------------------------

    def _build(self) -> None:
        s = self.session
        self.header = classed(w.HTML(), "curation-header")
        self.others = classed(w.HTML(), "curation-others")
        self.banner = classed(w.HTML(), "curation-banner-box")
        self.confirm = button(
            "Confirm pre-fill", "curation-confirm", "Accept the imported analysis as yours"
        )
        self.prev_button = button("◀ Prev", "curation-prev", "Previous record (key p)")
        self.next_button = button("Next ▶", "curation-next", "Next record (key n)")
        self.skip_button = button("Skip", "curation-skip", "Move to the end of the queue (key s)")
        self.jump_text = classed(
            w.Text(placeholder="record id", continuous_update=False, layout=w.Layout(width="22em")),
            "curation-jump",
        )
        self.jump_button = button("Go", "curation-go", "Jump to this record id")
        self.help_button = button(
            "⌨ Keys", "curation-keys-button", "Show the keyboard shortcuts (key ?)"
        )
        self.help_line = classed(w.HTML(html.keys_help()), "curation-keys-help")
        self.help_line.layout.display = "none"
        for clicked, action in (
            (self.prev_button, s.prev),
            (self.next_button, s.next),
            (self.skip_button, s.skip),
            (self.confirm, s.confirm),
        ):
            clicked.on_click(lambda _b, act=action: act())
        self.jump_button.on_click(lambda _b: self._jump())
        self.jump_text.observe(lambda _c: self._jump(), "value")
        self.help_button.on_click(lambda _b: self.toggle_help())
        nav = w.HBox(
            [
                self.prev_button,
                self.next_button,
                self.skip_button,
                self.jump_text,
                self.jump_button,
                self.help_button,
            ]
        )

        # queue filters
        choices = self._filter_choices()
        f = s.filters
        self.f_platform = w.Dropdown(description="platform", options=choices["platform"])
        self.f_language = w.Dropdown(description="language", options=choices["language"])
        self.f_complexity = w.Dropdown(description="complexity", options=choices["complexity"])
        self.f_problems = w.Dropdown(description="problems", options=choices["problems"])
        self.f_annotated = w.Dropdown(description="annotated by", options=choices["annotated_by"])
        self.f_use_score = w.Checkbox(description="score in range", value=f.score is not None)
        self.f_score = w.FloatRangeSlider(
            value=f.score or (0, 10), min=0, max=10, step=0.5, description="score"
        )
        self.f_text = w.Text(description="text", placeholder="in prompt or response")
        self.f_untagged = w.Checkbox(description="untagged first", value=f.untagged_first)
        self.f_disputed = w.Checkbox(
            description="disagreements only",
            value=f.disagreements is not False,
            tooltip="records other analysts scored or rated differently: the review queue",
        )
        self.f_apply = button("Apply filters", "curation-apply-filters")
        self.f_apply.on_click(lambda _b: self._apply_filters())
        for dropdown, value in (
            (self.f_platform, f.platform),
            (self.f_language, f.language),
            (self.f_complexity, f.complexity),
            (self.f_problems, f.problems),
            (self.f_annotated, f.annotated_by),
        ):
            if isinstance(value, str | bool) and value in [v for _l, v in dropdown.options]:
                dropdown.value = value
        self.f_text.value = f.text or ""
        filters = w.Accordion(
            [
                w.VBox(
                    [
                        w.HBox([self.f_platform, self.f_language, self.f_complexity]),
                        w.HBox([self.f_problems, self.f_annotated, self.f_text]),
                        w.HBox([self.f_use_score, self.f_score, self.f_untagged]),
                        w.HBox([self.f_disputed, self.f_apply]),
                    ]
                )
            ],
            titles=("Queue filters",),
            selected_index=None,
        )

        # the record
        self.prompt_html = classed(w.HTML(), "curation-prompt")
        self.response_html = classed(w.HTML(), "curation-response")
        self.ideal_html = classed(w.HTML(), "curation-ideal")
        self.diff_html = classed(w.HTML(), "curation-diff-view")
        self.diff_mode = w.ToggleButtons(
            options=[("unified", "unified"), ("side by side", "side")], value="unified"
        )
        self.diff_mode.observe(lambda _c: self._draw_diff(), "value")
        self.hunk_picker = classed(
            w.Dropdown(description="hunk", layout=w.Layout(width="24em")), "curation-hunk"
        )
        self.from_hunk = button(
            "New failure from hunk",
            "curation-failure-from-hunk",
            "Model lines become the snippet, ideal lines the fix",
        )
        self.from_hunk.on_click(lambda _b: self._failure_from_hunk())
        diff_box = w.VBox(
            [w.HBox([self.diff_mode, self.hunk_picker, self.from_hunk]), self.diff_html]
        )
        self.tabs = w.Tab(
            [diff_box, self.prompt_html, self.response_html, self.ideal_html],
            titles=("Diff (model → ideal)", "Prompt", "Model response", "Ideal response"),
        )
        record = w.Accordion([self.tabs], titles=("Record",), selected_index=0)

        # the annotation
        self.score = classed(
            w.FloatSlider(
                min=0,
                max=10,
                step=0.5,
                description="score",
                continuous_update=False,
                readout_format=".1f",
            ),
            "curation-score",
        )
        self.no_score = classed(w.Checkbox(description="no score"), "curation-no-score")
        self.score.observe(self._on_score, "value")
        self.no_score.observe(self._on_score, "value")
        self.gap_input = classed(
            w.Combobox(
                placeholder="knowledge gap: pick or type",
                ensure_option=False,
                continuous_update=False,
                layout=w.Layout(width="28em"),
            ),
            "curation-gap-input",
        )
        self.gap_add = button("Add gap", "curation-add-gap")
        self.gap_add.on_click(lambda _b: self._add_gap())
        # Enter, leaving the box or picking a suggestion adds the gap too.
        self.gap_input.observe(lambda _c: self._add_gap(), "value")
        self.gap_tags = classed(w.HBox(layout=w.Layout(flex_flow="row wrap")), "curation-gaps")
        self.notes = classed(textarea("notes"), "curation-notes")
        self.notes.observe(lambda c: self._forward(self.session.set_notes, c["new"]), "value")
        self.failures_box = classed(w.VBox(), "curation-failures")
        self.add_failure_button = button(
            "+ Add failure", "curation-add-failure", "Add a failure (key a)"
        )
        self.add_failure_button.on_click(lambda _b: self._add_failure())

        # status
        self.status = classed(w.HTML(), "curation-status")
        self.messages = classed(w.HTML(), "curation-messages")
        self.reload_button = button(
            "Reload", "curation-reload", "Show the stored version (yours stays in the history)"
        )
        self.keep_button = button(
            "Keep mine", "curation-keep-mine", "Save this form over the other version"
        )
        self.reload_button.on_click(lambda _b: self.session.reload())
        self.keep_button.on_click(lambda _b: self.session.keep_mine())
        self.conflict_box = w.HBox([self.reload_button, self.keep_button])

        # Keys reach Python only from thin lines with no text fields. While the pointer is
        # over its source, ipyevents focuses it and takes every key press (preventDefault,
        # inside inputs too: mwcraig/ipyevents#57): watching the whole form would make its
        # fields untypable, and watching the big diff would steal focus from a field being
        # typed in whenever scrolling brings the diff under the pointer.
        self.failures_heading = classed(w.HTML("<b>Failures</b>"), "curation-failures-heading")
        self.key_events = []
        for widget in (self.header, self.failures_heading, self.status):
            widget.tooltip = html.KEYS_TOOLTIP
            events = ipyevents.Event(
                source=widget, watched_events=["keydown"], prevent_default_action=False
            )
            events.on_dom_event(self.handle_key)
            self.key_events.append(events)

        self.children = [
            w.HTML(html.style()),
            self.header,
            nav,
            self.help_line,
            filters,
            self.others,
            w.HBox([self.banner, self.confirm]),
            record,
            w.HBox([self.score, self.no_score]),
            w.HBox([self.gap_input, self.gap_add]),
            self.gap_tags,
            self.notes,
            self.failures_heading,
            self.failures_box,
            self.add_failure_button,
            w.HBox([self.status, self.conflict_box]),
            self.messages,
        ]

    def _filter_choices(self) -> dict[str, list[tuple[str, Any]]]:
        from curation.queue import filter_choices

        raw = filter_choices(self.session.store)
        choices: dict[str, list[tuple[str, Any]]] = {
            name: [("any", None)] + [(v, v) for v in raw[name]]
            for name in ("platform", "language", "complexity", "annotated_by")
        }
        choices["problems"] = [("any", None), ("has problems", True), ("no problems", False)] + [
            (kind, kind) for kind in raw["problems"]
        ]
        return choices

    # -- events from widgets -------------------------------------------------------------

    def _forward(self, method, value) -> None:
        if not self._syncing:
            method(value)

    def _jump(self) -> None:
        target = self.jump_text.value.strip()
        if self._syncing or not target:
            return
        try:
            self.session.jump(target)
        except Exception as error:  # an unknown id: say so in the status line, keep going
            self.status.value = html.status_html("error", str(error))

    def _on_score(self, _change) -> None:
        if self._syncing:
            return
        self.score.disabled = self.no_score.value
        self.session.set_score(None if self.no_score.value else self.score.value)

    def _add_gap(self) -> None:
        if self._syncing or not self.gap_input.value.strip():
            return
        self.session.add_gap(self.gap_input.value)
        self._syncing = True
        try:
            self.gap_input.value = ""
        finally:
            self._syncing = False

    def _add_failure(self) -> None:
        self._active_failure = self.session.add_failure()

    def _failure_from_hunk(self) -> None:
        if self.hunk_picker.value is not None:
            self._active_failure = self.session.add_failure_from_hunk(self.hunk_picker.value)

    def _anchor(self, index: int) -> None:
        if self.hunk_picker.value is not None:
            self.session.anchor_failure(index, self.hunk_picker.value)
            self._draw_failures()

    def _apply_filters(self) -> None:
        self._rendered.clear()
        self.session.apply_filters(
            platform=self.f_platform.value,
            language=self.f_language.value,
            complexity=self.f_complexity.value,
            problems=self.f_problems.value,
            annotated_by=self.f_annotated.value,
            score=self.f_score.value if self.f_use_score.value else None,
            text=self.f_text.value.strip() or None,
            untagged_first=self.f_untagged.value,
            disagreements=self.f_disputed.value or False,
        )

    def toggle_help(self) -> None:
        """Show or hide the line listing the keyboard shortcuts."""
        shown = self.help_line.layout.display != "none"
        self.help_line.layout.display = "none" if shown else None

    def handle_key(self, event: dict[str, Any]) -> bool:
        """Act on one key press; return whether it was a shortcut.

        `event` is what ipyevents sends for a ``keydown`` (``key``, ``ctrlKey``…, and
        ``target`` with its ``tagName``), or a plain ``{"key": "n"}``. Presses with
        Ctrl/Alt/Meta held, or typed into an input, text area or list, are not shortcuts.

        Examples
        --------
        >>> form.handle_key({"key": "n"})  # doctest: +SKIP
        True
        """
        if event.get("type", "keydown") != "keydown":
            return False
        if any(event.get(modifier) for modifier in ("ctrlKey", "altKey", "metaKey")):
            return False
        target = event.get("target") or {}
        if str(target.get("tagName", "")).upper() in EDITABLE:
            return False
        action = KEYS.get(str(event.get("key", "")).lower())
        s = self.session
        if action == "help":
            self.toggle_help()
        elif action == "next":
            s.next()
        elif action == "prev":
            s.prev()
        elif action == "skip":
            s.skip()
        elif action == "add failure":
            self._add_failure()
        elif action in SEVERITIES and s.annotation.failures:
            index = self._active_failure
            if index is None or index >= len(s.annotation.failures):
                index = len(s.annotation.failures) - 1
            s.update_failure(index, severity=action)
            self._draw_failures()
        return action is not None

    # -- drawing -------------------------------------------------------------------------

    def _on_session_change(self, what: str) -> None:
        if what == "record":
            self._active_failure = None
            self._refresh_all()
        elif what == "failures":
            self._draw_failures()
            self._draw_status()
        elif what == "annotation":
            self._draw_header()
            self._draw_annotation()
        else:
            self._draw_status()

    def _refresh_all(self) -> None:
        self._draw_header()
        self._draw_record()
        self._draw_annotation()
        self._draw_failures()
        self._draw_status()

    def _draw_header(self) -> None:
        s = self.session
        self.header.value = html.record_header(s.record, s.position_text, s.progress_text)
        self.banner.value = html.prefill_banner(s.prefilled)
        self.confirm.layout.display = None if s.prefilled else "none"

    def _draw_record(self) -> None:
        s = self.session
        record = s.record
        self.others.value = html.others_line(s.others())
        self.prompt_html.value = html.text_block(record.prompt if record else "")
        self.response_html.value = html.text_block(record.response if record else "")
        self.ideal_html.value = html.text_block(record.ideal if record else "")
        hunks = s.diff.hunks
        self._syncing = True
        try:
            self.hunk_picker.options = [(h.label, h.index) for h in hunks]
            self.hunk_picker.value = hunks[0].index if hunks else None
        finally:
            self._syncing = False
        self.from_hunk.disabled = not hunks
        self._draw_diff()

    def _draw_diff(self) -> None:
        s = self.session
        if s.record is None:
            self.diff_html.value = ""
            return
        key = (s.record.id, self.diff_mode.value)
        if key not in self._rendered:
            render = html.unified_html if key[1] == "unified" else html.side_by_side_html
            if len(self._rendered) > 8:
                self._rendered.clear()
            self._rendered[key] = render(s.diff)
        self.diff_html.value = self._rendered[key]

    def _draw_annotation(self) -> None:
        s = self.session
        a = s.annotation
        self._syncing = True
        try:
            self.no_score.value = a.score is None
            self.score.disabled = a.score is None
            if a.score is not None and 0 <= a.score <= 10:
                self.score.value = a.score
            self.notes.value = a.notes or ""
            self.gap_input.options = [g for g in s.gap_vocabulary if g not in a.knowledge_gaps]
        finally:
            self._syncing = False
        tags = []
        for gap in a.knowledge_gaps:
            tag = button(f"{gap}  ×", "curation-gap-tag", f"Remove “{gap}”")
            tag.on_click(lambda _b, g=gap: self.session.remove_gap(g))
            tags.append(tag)
        self.gap_tags.children = tags
        self._draw_status()

    def _draw_failures(self) -> None:
        # Cards are reused across records: building ~12 widgets per failure is what made
        # moving to a record with 14 imported failures slow, updating values is cheap.
        failures = self.session.annotation.failures
        while len(self._cards) < len(failures):
            self._cards.append(FailureCard(self, len(self._cards)))
        self._syncing = True
        try:
            for card, failure in zip(self._cards, failures, strict=False):
                card.show(failure, self.session.categories)
        finally:
            self._syncing = False
        self.failures_box.children = [card.box for card in self._cards[: len(failures)]]

    def _draw_status(self) -> None:
        s = self.session
        message = s.status.message or ("pre-filled, not yet saved" if s.prefilled else "")
        self.status.value = html.status_html(s.status.kind, message)
        self.messages.value = html.messages_html(s.errors)
        self.conflict_box.layout.display = (
            None if s.status.kind in ("conflict", "unsaved") else "none"
        )
        self.header.value = html.record_header(s.record, s.position_text, s.progress_text)


def tagging_form(
    store: Store | str | Path, annotator: str | None = None, **filters: Any
) -> TaggingForm:
    """The interactive failure-tagging form over `store`'s records, for `annotator`.

    Every change is saved to the store as it is made. Display the returned widget (the
    last expression of a notebook cell); `form.session` is the `TaggingSession` behind it.

    Parameters
    ----------
    store : a `Store`, or a path/URL to open one.
    annotator : whose annotations are edited; default: ``$CURATION_ANNOTATOR``, else
        ``annotator`` in the config file, else the login name (see `curation.config`).
    filters : queue filters (see `TaggingSession`), and ``team=True`` (with ``overlap=0.1``)
        when several analysts tag the same store at once.
    filters : queue filters, see `curation.session.Filters` (``platform="cdk"``,
        ``score=(0, 5)``, ``problems=True``, ``annotated_by="imported"``, ``text="iam"``).

    Examples
    --------
    >>> form = tagging_form("curation.db", annotator="ana", platform="cdk")  # doctest: +SKIP
    >>> form  # doctest: +SKIP
    """
    return TaggingForm(TaggingSession(store, annotator_name(annotator), **filters))
