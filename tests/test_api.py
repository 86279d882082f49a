"""The public API: one screen, sorted, every name documented with an example."""

from __future__ import annotations

import inspect

import curation


def test_all_is_sorted_and_importable():
    assert curation.__all__ == sorted(curation.__all__)
    for name in curation.__all__:
        assert getattr(curation, name) is not None, name


def test_every_public_name_has_a_docstring_with_an_example():
    missing = []
    for name in curation.__all__:
        obj = getattr(curation, name)
        doc = inspect.getdoc(obj) or ""
        if inspect.isclass(obj) and issubclass(obj, Exception):
            if not doc:
                missing.append(name)
            continue
        if not doc or (">>>" not in doc and "Example" not in doc):
            missing.append(name)
    assert missing == [], f"public names without a docstring example: {missing}"


def test_core_does_not_import_widgets_or_cli():
    import subprocess
    import sys

    code = (
        "import sys, curation.store, curation.load, curation.analysis, curation.ingest; "
        "bad = [m for m in sys.modules if m.startswith(('ipywidgets', 'curation.cli', "
        "'curation.widgets'))]; print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
