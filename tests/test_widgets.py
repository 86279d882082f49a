"""The tagging form without a browser: set widget values, click buttons, check the store."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

import curation
from curation.records import IMPORTED, Annotation, Failure, Record
from curation.store import Store
from curation.widgets import TaggingForm, tagging_form
from curation.widgets import html as H

XSS = "<img src=x onerror=\"window.__xss=1;document.title='pwned'\"><script>window.__xss=2</script>"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    location = tmp_path / "store.db"
    with Store(location) as store:
        store.add_records(
            [
                Record(
                    "t1",
                    "make a bucket",
                    "a\nbucket = public\nc",
                    "a\nbucket = private\nc",
                    platform="cdk",
                ),
                Record(
                    "t2",
                    f"prompt {XSS}",
                    f"ok\n{XSS}\n",
                    "ok\nfixed\n",
                    platform="tf",
                    language="hcl",
                    score=3,
                ),
                Record("t3", "third", "same", "same", platform="tf"),
            ]
        )
        store.save_annotation(
            Annotation(
                "t2",
                IMPORTED,
                knowledge_gaps=[XSS],
                notes=XSS,
                failures=[Failure(XSS, "High", XSS, root_cause=XSS)],
            )
        )
        store.save_annotation(Annotation("t3", "bob", score=5))
    return location


@pytest.fixture
def store(path):
    with Store(path) as store:
        yield store


@pytest.fixture
def form(store):
    form = tagging_form(store, annotator="ana")
    yield form
    form.session.close()


def cards(form: TaggingForm) -> list[w.VBox]:
    return list(form.failures_box.children)


def find(widget: w.Widget, css: str) -> list[w.Widget]:
    """Every descendant of `widget` carrying CSS class `css` (what the browser test locates)."""
    found = [widget] if css in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += find(child, css)
    return found


def all_widgets(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from all_widgets(child)


def test_public_entry_point_builds_a_widget(store):
    form = curation.tagging_form(store, annotator="ana")
    assert isinstance(form, w.Widget) and "curation-form" in form._dom_classes
    for css in ("curation-next", "curation-prev", "curation-add-failure", "curation-status"):
        assert len(find(form, css)) == 1, css
    assert form.session.record_id == "t1"
    assert "1 / 3" in form.header.value and "0 / 3 tagged" in form.header.value
    form.session.close()


def test_store_can_be_a_path(path):
    form = tagging_form(str(path), annotator="ana", platform="tf")
    assert form.session.queue == ["t2", "t3"]
    form.session.store.close()


def test_navigation_buttons(form):
    form.next_button.click()
    assert form.session.record_id == "t2" and "2 / 3" in form.header.value
    form.prev_button.click()
    assert form.session.record_id == "t1"
    form.skip_button.click()
    assert form.session.queue[-1] == "t1"
    form.jump_text.value = "t3"
    assert form.session.record_id == "t3"
    assert "bob" in form.others.value
    form.jump_text.value = "missing"
    assert "no record" in form.status.value and form.session.record_id == "t3"


def test_tag_a_failure_with_clicks_and_typing(form, store):
    form.add_failure_button.click()
    (card,) = cards(form)
    assert "needs a title and a severity" in form.messages.value
    assert store.get_annotation("t1", "ana") is None
    find(card, "curation-failure-title")[0].value = "Public bucket"
    find(card, "curation-failure-severity")[0].value = "Critical"
    find(card, "curation-failure-category")[0].value = "licensing"  # a new category
    find(card, "curation-failure-root-cause")[0].value = "default ACL"
    saved = store.get_annotation("t1", "ana")
    assert saved.failures == [
        Failure("Public bucket", "Critical", "licensing", root_cause="default ACL")
    ]
    assert "saved " in form.status.value and form.messages.value == ""
    assert "1 / 3 tagged" in form.header.value


def test_failure_from_hunk_and_anchor(form, store):
    form.from_hunk.click()
    card = cards(form)[0]
    assert find(card, "curation-failure-model-snippet")[0].value == "bucket = public"
    find(card, "curation-failure-title")[0].value = "Public bucket"
    find(card, "curation-failure-severity")[0].value = "High"
    find(card, "curation-failure-model-snippet")[0].value = "changed"
    find(card, "curation-failure-anchor")[0].click()
    assert store.get_annotation("t1", "ana").failures[0].model_snippet == "bucket = public"
    assert store.get_annotation("t1", "ana").failures[0].ideal_fix == "bucket = private"


def test_reorder_and_delete_buttons(form, store):
    for title in ("one", "two"):
        form.add_failure_button.click()
        card = cards(form)[-1]
        find(card, "curation-failure-title")[0].value = title
        find(card, "curation-failure-severity")[0].value = "Low"
    find(cards(form)[1], "curation-failure-up")[0].click()
    assert [f.title for f in store.get_annotation("t1", "ana").failures] == ["two", "one"]
    find(cards(form)[0], "curation-failure-delete")[0].click()
    assert [f.title for f in store.get_annotation("t1", "ana").failures] == ["one"]
    assert len(cards(form)) == 1


def test_score_gaps_notes(form, store):
    form.no_score.value = False
    form.score.value = 6.5
    assert store.get_annotation("t1", "ana").score == 6.5
    form.no_score.value = True
    assert store.get_annotation("t1", "ana").score is None
    form.gap_input.value = "IAM scoping"  # Enter / blur adds it
    form.gap_input.value = "KMS keys"
    form.gap_add.click()  # empty box: nothing more
    assert store.get_annotation("t1", "ana").knowledge_gaps == ["IAM scoping", "KMS keys"]
    tags = find(form, "curation-gap-tag")
    assert [t.description.split("  ")[0] for t in tags] == ["IAM scoping", "KMS keys"]
    tags[0].click()
    assert store.get_annotation("t1", "ana").knowledge_gaps == ["KMS keys"]
    form.notes.value = "fine otherwise"
    assert store.get_annotation("t1", "ana").notes == "fine otherwise"


def test_prefill_banner_and_confirm(form, store):
    form.next_button.click()
    assert "pre-filled from the imported analysis" in form.banner.value.lower()
    assert form.confirm.layout.display is None
    form.confirm.click()
    assert store.get_annotation("t2", "ana").failures[0].severity == "High"
    assert form.banner.value == "" and form.confirm.layout.display == "none"


def test_conflict_shows_reload(form, path):
    with Store(path) as other:
        other.save_annotation(Annotation("t1", "ana", score=2))  # another kernel, same analyst
    form.notes.value = "mine"
    assert "curation-status-conflict" in form.status.value and "ana saved" in form.status.value
    assert form.conflict_box.layout.display is None
    assert form.notes.value == "mine"
    form.reload_button.click()
    assert form.notes.value == "" and form.score.value == 2
    assert form.conflict_box.layout.display == "none"


def press(form: TaggingForm, key: str, tag: str = "DIV", **modifiers: bool) -> None:
    """A keydown as ipyevents delivers it, through the comm-message path of the first Event."""
    message = {"event": "keydown", "type": "keydown", "key": key, "code": f"Key{key.upper()}"}
    message |= {"ctrlKey": False, "altKey": False, "metaKey": False, "shiftKey": False}
    message |= {"repeat": False, "target": {"tagName": tag, "id": "", "className": "widget-html"}}
    message |= modifiers
    form.key_events[0]._handle_mouse_msg(None, message, [])


def test_keyboard_shortcuts_arrive_through_ipyevents(form, store):
    import ipyevents

    watched = [e.source for e in form.key_events]
    assert watched == [form.header, form.failures_heading, form.status]
    for events in form.key_events:
        assert isinstance(events, ipyevents.Event) and events.watched_events == ["keydown"]
        # no source may hold a text field: ipyevents swallows keys typed into one
        assert not [x for x in all_widgets(events.source) if isinstance(x, w.Text | w.Textarea)]
    press(form, "a")
    card = cards(form)[0]
    find(card, "curation-failure-title")[0].value = "Keyed"
    press(form, "3")
    assert store.get_annotation("t1", "ana").failures[0].severity == "Medium"
    assert find(cards(form)[0], "curation-failure-severity")[0].value == "Medium"
    press(form, "n")
    assert form.session.record_id == "t2" and "2 / 3" in form.header.value
    press(form, "ArrowLeft")
    assert form.session.record_id == "t1"
    press(form, "j")
    press(form, "k")
    assert form.session.record_id == "t1"
    press(form, "s")
    assert form.session.queue[-1] == "t1"


@pytest.mark.parametrize(
    "event",
    [
        {"key": "n", "target": {"tagName": "INPUT"}},
        {"key": "n", "target": {"tagName": "TEXTAREA"}},
        {"key": "n", "target": {"tagName": "select"}},
        {"key": "n", "ctrlKey": True},
        {"key": "n", "metaKey": True},
        {"key": "n", "altKey": True},
        {"key": "n", "type": "keyup"},
        {"key": "x"},
        {"key": "Shift"},
    ],
)
def test_typing_and_other_keys_are_not_shortcuts(form, event):
    assert form.handle_key(event) is False
    assert form.session.record_id == "t1" and form.session.annotation.failures == []


def test_plain_dict_keys_and_help_line(form, store):
    assert form.help_line.layout.display == "none"
    assert form.handle_key({"key": "?", "shiftKey": True}) is True
    assert form.help_line.layout.display is None and "severity" in form.help_line.value
    form.help_button.click()
    assert form.help_line.layout.display == "none"
    assert form.handle_key({"key": "N", "shiftKey": True}) is True
    assert form.session.record_id == "t2"
    form.handle_key({"key": "p"})
    assert form.session.record_id == "t1"
    form.handle_key({"key": "1"})  # no failure yet: nothing to set
    form.handle_key({"key": "a"})
    form.handle_key({"key": "a"})
    form.handle_key({"key": "4"})  # the last added one
    assert [f.severity for f in form.session.annotation.failures] == [None, "Low"]
    find(cards(form)[0], "curation-failure-title")[0].value = "first"  # now the current one
    form.handle_key({"key": "2"})
    assert [f.severity for f in form.session.annotation.failures] == ["High", "Low"]


def test_filters_panel(form):
    form.f_platform.value = "tf"
    form.f_use_score.value = True
    form.f_score.value = (0, 5)
    form.f_apply.click()
    assert form.session.queue == ["t2"]
    form.f_platform.value = None
    form.f_use_score.value = False
    form.f_annotated.value = "bob"
    form.f_apply.click()
    assert form.session.queue == ["t3"]


def test_xss_payload_is_escaped_in_every_html_widget(form):
    form.jump_text.value = "t2"
    form.diff_mode.value = "side"
    htmls = [x for x in all_widgets(form) if isinstance(x, w.HTML)]
    seen = " ".join(x.value for x in htmls)
    assert "&lt;img src=x onerror=" in seen  # it is shown...
    for widget in htmls:  # ...and never as markup
        assert "<img" not in widget.value and "<script" not in widget.value.replace(
            "<style>", ""
        ), widget._dom_classes
    form.diff_mode.value = "unified"
    assert "&lt;script&gt;" in form.diff_html.value


@pytest.mark.parametrize(
    "render",
    [
        lambda: H.text_block(XSS),
        lambda: H.status_html("saved", XSS),
        lambda: H.messages_html([XSS]),
        lambda: H.others_line([Annotation("t", XSS)]),
        lambda: H.record_header(Record(XSS, "p", "r", "i", platform=XSS), XSS, XSS),
    ],
)
def test_html_builders_escape(render):
    out = render()
    assert "<img" not in out and "<script" not in out and "&lt;img" in out


def test_no_display_in_constructor(store, monkeypatch):
    import IPython.display

    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: calls.append(a))
    tagging_form(store, annotator="ana").session.close()
    assert calls == []


def test_disagreements_checkbox_narrows_the_queue(tmp_path):
    from curation import tagging_form
    from curation.records import Annotation, Record
    from curation.store import Store

    with Store(tmp_path / "c.db") as store:
        store.add_records(Record(f"t{i}", f"prompt {i}", "a\n", "b\n") for i in range(3))
        store.save_annotation(Annotation("t1", "ana", score=9))
        store.save_annotation(Annotation("t1", "bob", score=2))
        form = tagging_form(store, annotator="lead")
        assert len(form.session.queue) == 3
        form.f_disputed.value = True
        form.f_apply.click()
        assert form.session.queue == ["t1"]
        form.session.close()
