"""The tagging notebook in a real JupyterLab, driven by headless Chromium: tag a failure, no XSS."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from curation.records import IMPORTED, Annotation, Failure, Record
from curation.store import Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOK = ROOT / "notebooks" / "02_tag_failures.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
XSS = "<img src=x onerror=\"window.__xss=1;document.title='pwned'\"><script>window.__xss=2</script>"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Runs before any page script: records every document.title write and the payload's flag.
HOOK = """
window.__titles = [];
const desc = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
Object.defineProperty(Document.prototype, 'title', {
  configurable: true,
  get() { return desc.get.call(this); },
  set(value) { window.__titles.push(String(value)); desc.set.call(this, value); },
});
"""

playwright_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(base: str, token: str, path: str, method: str = "GET"):
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture
def lab(tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    home = tmp_path / "home"
    nbdir = tmp_path / "notebooks"
    for folder in (home, nbdir, home / "config" / "labconfig"):
        folder.mkdir(parents=True)
    (home / "config" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    store_path = tmp_path / "tagging.db"
    with Store(store_path) as store:
        store.add_records(
            [
                Record(
                    "xss-task",
                    f"Make a bucket. {XSS}",
                    f"bucket = public\n{XSS}\n" + "x" * 3000,
                    "bucket = private\nfixed\n",
                    platform="cdk",
                    language="ts",
                ),
                Record("z-second-task", "prompt two", "a", "b", platform="tf"),
            ]
        )
        store.save_annotation(
            Annotation("z-second-task", IMPORTED, failures=[Failure(XSS, "High", root_cause=XSS)])
        )
    shutil.copy(NOTEBOOK, nbdir / "tag.ipynb")
    token = secrets.token_hex(16)
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "xdg-config"),
        "XDG_CACHE_HOME": str(home / "xdg-cache"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "CURATION_STORE": str(store_path),
        "CURATION_ANNOTATOR": "browser-test",
    }
    # The kernel must find the venv's kernelspec and `curation`: the data dir is isolated.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={nbdir}", "--LanguageServerManager.autodetect=False",
        ],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(base, token, "/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.3)
        yield {"base": base, "token": token, "store": store_path, "home": home}
    finally:
        try:
            for session in api(base, token, "/api/sessions") or []:
                api(base, token, f"/api/sessions/{session['id']}", method="DELETE")
        except OSError:
            pass
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def launch(p, lab):
    home = lab["home"]
    return p.chromium.launch(
        executable_path=str(CHROMIUM),
        args=FLAGS,
        env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "xdg-config"),
             "XDG_CACHE_HOME": str(home / "xdg-cache")},
    )  # fmt: skip


def run_notebook(page, lab):
    """Open the tagging notebook, wait for its kernel, run all cells; return the form."""
    from playwright.sync_api import expect

    page.goto(f"{lab['base']}/lab/tree/tag.ipynb?reset&token={lab['token']}")
    status = page.locator(".jp-StatusBar-TextItem", has_text="Python 3 (ipykernel) | Idle")
    expect(status.first).to_be_visible(timeout=60_000)
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Escape")
    page.locator("li[data-type='menu-title']", has_text="Run").or_(
        page.get_by_role("menuitem", name="Run", exact=True)
    ).first.click()
    page.get_by_text("Run All Cells", exact=True).first.click()
    form = page.locator(".curation-form")
    expect(form).to_be_visible(timeout=60_000)
    expect(form.locator(".curation-header")).to_contain_text("xss-task")
    return form


def test_tag_a_failure_in_jupyterlab(lab):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p, lab)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        context.add_init_script(HOOK)
        page = context.new_page()
        try:
            form = run_notebook(page, lab)
            # the payload is on the page as text
            expect(form.locator(".curation-diff-view")).to_contain_text("onerror=")

            form.locator(".curation-add-failure").click()
            card = form.locator(".curation-failure").first
            expect(card).to_be_visible()
            title = card.locator(".curation-failure-title input")
            title.fill("Bucket is public")
            title.press("Enter")
            card.locator(".curation-failure-severity button", has_text="Critical").click()
            root = card.locator(".curation-failure-root-cause textarea")
            root.fill("default ACL kept")
            root.blur()
            expect(form.locator(".curation-status")).to_contain_text("saved", timeout=15_000)
            expect(form.locator(".curation-header")).to_contain_text("1 / 2 tagged")
            form.locator(".curation-failure-from-hunk").click()
            expect(form.locator(".curation-failure")).to_have_count(2)
            page.wait_for_timeout(500)
            page.screenshot(path=str(ARTIFACTS / "tagging.png"), full_page=True)

            # the second record's imported failure (with the payload as title) is pre-filled
            form.locator(".curation-next").click()
            expect(form.locator(".curation-banner")).to_contain_text("Pre-filled")
            page.wait_for_timeout(500)

            assert page.evaluate("window.__xss") is None
            titles = page.evaluate("window.__titles")
            assert not any("pwned" in t for t in titles), titles
            assert page.locator(".curation-form img").count() == 0
        finally:
            context.close()
            browser.close()

    with Store(lab["store"]) as store:
        saved = store.get_annotation("xss-task", "browser-test")
    assert saved is not None
    assert saved.failures[0].title == "Bucket is public"
    assert saved.failures[0].severity == "Critical"
    assert saved.failures[0].root_cause == "default ACL kept"


def test_keyboard_shortcuts_in_jupyterlab(lab):
    """Keys pressed over the record header navigate and tag; keys typed in a field stay text."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p, lab)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        page = context.new_page()
        try:
            form = run_notebook(page, lab)
            header = form.locator(".curation-header")
            cells = page.locator(".jp-Notebook .jp-Cell").count()
            expect(header).to_contain_text("record 1 / 2")
            header.click()  # the pointer over the header: keys are shortcuts
            page.keyboard.press("n")
            expect(header).to_contain_text("z-second-task", timeout=15_000)
            expect(header).to_contain_text("record 2 / 2")
            page.keyboard.press("p")
            expect(header).to_contain_text("xss-task", timeout=15_000)
            expect(header).to_contain_text("record 1 / 2")
            page.keyboard.press("?")
            expect(form.locator(".curation-keys-help")).to_be_visible(timeout=15_000)
            page.keyboard.press("a")
            expect(form.locator(".curation-failure")).to_have_count(1, timeout=15_000)

            # typing in a field is text, never a shortcut
            title = form.locator(".curation-failure .curation-failure-title input")
            title.click()
            page.keyboard.type("nap")
            expect(title).to_have_value("nap")
            page.keyboard.press("Enter")
            page.wait_for_timeout(1000)  # a navigation, had there been one, lands by now
            expect(header).to_contain_text("xss-task")
            expect(form.locator(".curation-failure")).to_have_count(1)

            # over the Failures heading: 2 sets the severity of the failure just edited
            form.locator(".curation-failures-heading").hover()
            page.keyboard.press("2")
            severity = form.locator(".curation-failure .curation-failure-severity button")
            expect(severity.filter(has_text="High")).to_have_class(
                re.compile("mod-active"), timeout=15_000
            )
            expect(form.locator(".curation-status")).to_contain_text("saved", timeout=15_000)
            # the keys never reached JupyterLab's command mode (a: insert cell, 1-4: heading)
            assert page.locator(".jp-Notebook .jp-Cell").count() == cells
            page.screenshot(path=str(ARTIFACTS / "shortcuts.png"), full_page=True)
        finally:
            context.close()
            browser.close()

    with Store(lab["store"]) as store:
        saved = store.get_annotation("xss-task", "browser-test")
    assert saved is not None
    assert [(f.title, f.severity) for f in saved.failures] == [("nap", "High")]
