"""Loaders, normalisers and the example corpus: what a user sees when loading data."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from curation.errors import SourceError
from curation.load import (
    Columns,
    Loaded,
    count_items,
    load,
    load_csv,
    load_dataframe,
    load_dataset,
    load_jsonl,
    load_parquet,
    load_tasks,
    looks_like_html,
    normalise_date,
    normalise_language,
    normalise_metadata,
    normalise_platform,
    normalise_score,
    prompt_key,
)

FILES = {
    "prompt": "PROMPT.md",
    "response": "MODEL_RESPONSE.md",
    "ideal": "IDEAL_RESPONSE.md",
    "analysis": "MODEL_FAILURES.md",
}


def make_task(root: Path, name: str, metadata: dict | str | None = None, **texts) -> Path:
    """A task folder; texts default to distinct strings, None omits a file, bytes are raw."""
    folder = root / name
    (folder / "lib").mkdir(parents=True)
    defaults = {"prompt": f"Build {name}", "response": "model", "ideal": "ideal", "analysis": "ok"}
    for key, filename in FILES.items():
        text = texts.get(key, defaults[key])
        if text is None:
            continue
        path = folder / "lib" / filename
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, "utf-8")
    if metadata is None:
        metadata = {"platform": "cdk", "language": "ts", "training_quality": 8}
    if metadata != "absent":
        body = metadata if isinstance(metadata, str) else json.dumps(metadata)
        (folder / "metadata.json").write_text(body, "utf-8")
    return folder


def only(path: Path, **options) -> Loaded:
    (loaded,) = list(load_tasks(path, **options))
    return loaded


def kinds(loaded: Loaded) -> list[str]:
    return sorted(problem.kind for problem in loaded.problems)


# --------------------------------------------------------------------------- normalisers


@pytest.mark.parametrize(
    ("value", "score"),
    [
        (8, 8.0),
        (8.5, 8.5),
        (0, 0.0),
        ("8", 8.0),
        (" 7.5 ", 7.5),
        ("8/10", 8.0),
        ("4 / 5", 8.0),
        ("6 out of 10", 6.0),
        ("80%", 8.0),
        ("high", 8.0),
        ("Medium", 5.0),
        ("LOW", 3.0),
        ("excellent", 9.0),
        ("poor", 2.0),
        ({"score": 7}, 7.0),
        ({"value": "9/10"}, 9.0),
        (None, None),
        ("", None),
        (float("nan"), None),
    ],
)
def test_normalise_score_reads_usual_spellings(value, score):
    assert normalise_score(value) == (score, None)


@pytest.mark.parametrize("value", ["great!", "eleven", 11, -1, "12/10", True, [8], {"x": 1}, "8/0"])
def test_normalise_score_reports_unreadable_values(value):
    score, message = normalise_score(value)
    assert score is None
    assert message and repr(value)[:3] in message or "score" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2025-08-14T10:00:00+05:30",
            datetime(2025, 8, 14, 10, tzinfo=timezone(timedelta(hours=5.5))),
        ),
        ("2025-08-14T10:00:00Z", datetime(2025, 8, 14, 10, tzinfo=UTC)),
        ("2025-08-14T10:00:00.123Z", datetime(2025, 8, 14, 10, 0, 0, 123000, tzinfo=UTC)),
        ("2025-10-02T05:44:54+0000", datetime(2025, 10, 2, 5, 44, 54, tzinfo=UTC)),
        ("2025-08-14T10:00:00", datetime(2025, 8, 14, 10, tzinfo=UTC)),
        ("2025-08-14", datetime(2025, 8, 14, tzinfo=UTC)),
        ("2025/08/14", datetime(2025, 8, 14, tzinfo=UTC)),
        (datetime(2025, 8, 14), datetime(2025, 8, 14, tzinfo=UTC)),
        (1755165600, datetime(2025, 8, 14, 10, tzinfo=UTC)),
        (1755165600000, datetime(2025, 8, 14, 10, tzinfo=UTC)),
    ],
)
def test_normalise_date_gives_aware_datetimes(value, expected):
    parsed, message = normalise_date(value)
    assert message is None
    assert parsed == expected and parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2025-13-01T10:00:00Z", "not a valid ISO 8601"),
        ("2025-21-20T20:20:35.822Z", "not a valid ISO 8601"),
        ("2025-11-09T07:09:30.3NZ", "not a valid ISO 8601"),
        ("2025\u201008\u201014", "U+2010"),
        ("2025\u201108-14T10:00:00Z", "U+2011"),
        ("2025-08\u201314", "U+2013"),
        ("yesterday", "not a valid ISO 8601"),
        ([2025, 8, 14], "not a timestamp"),
    ],
)
def test_normalise_date_reports_bad_dates(value, fragment):
    parsed, message = normalise_date(value)
    assert parsed is None
    assert fragment in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("cdk", "cdk"),
        ("CDK", "cdk"),
        ("aws-cdk", "cdk"),
        ("cdk-typescript", "cdk"),
        ("cdktf", "cdktf"),
        ("CDK for Terraform", "cdktf"),
        ("cloudformation", "cfn"),
        ("CloudFormation", "cfn"),
        ("cfn-yaml", "cfn"),
        ("terraform", "tf"),
        ("tf-hcl", "tf"),
        ("Pulumi", "pulumi"),
        ("pulumi_python", "pulumi"),
        ("cicd", "cicd"),
        ("crossplane", "crossplane"),
        (None, None),
        ("", None),
        (3, None),
    ],
)
def test_normalise_platform(value, expected):
    assert normalise_platform(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("typescript", "ts"),
        ("TypeScript", "ts"),
        ("ts", "ts"),
        ("javascript", "js"),
        ("python", "py"),
        ("Python3", "py"),
        ("golang", "go"),
        ("java", "java"),
        ("hcl", "hcl"),
        ("yml", "yaml"),
        ("YAML", "yaml"),
        ("json", "json"),
        ("C#", "csharp"),
        ("csharp", "csharp"),
        ("rust", "rust"),
        (None, None),
    ],
)
def test_normalise_language(value, expected):
    assert normalise_language(value) == expected


def test_normalise_metadata_takes_language_from_combined_platform_and_reports_problems():
    fields, problems = normalise_metadata(
        {
            "platform": "cdk-typescript",
            "complexity": " Hard ",
            "training_quality": "superb",
            "startedAt": "2025-13-01T00:00:00Z",
        }
    )
    assert (fields["platform"], fields["language"], fields["complexity"]) == ("cdk", "ts", "hard")
    assert fields["score"] is None and fields["date"] is None
    assert sorted(kind for kind, _ in problems) == ["bad_date", "bad_score"]


def test_normalise_metadata_explicit_language_wins_and_missing_is_no_problem():
    fields, problems = normalise_metadata({"platform": "pulumi-ts", "language": "python"})
    assert (fields["platform"], fields["language"], fields["score"]) == ("pulumi", "py", None)
    assert problems == []


def test_prompt_key_ignores_whitespace_and_case_only():
    assert prompt_key("Create an  S3\nbucket ") == prompt_key("create an s3 BUCKET")
    assert prompt_key("create an s3 bucket") != prompt_key("create an s3 buckets")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("\ufeff\n  <!doctype HTML>\n<html>", True),
        ("<html lang='en'><head></head></html>", True),
        ("<?xml version='1.0'?>\n<!DOCTYPE html>", True),
        ("<div>" * 30 + "text" + "</div>" * 30, True),
        ("# Analysis\nUse <code>aws_s3_bucket</code> and <br> breaks.", False),
        ("```html\n<!DOCTYPE html>\n" + "<p>hi</p>\n" * 50 + "```\n", False),
        ("<!-- /lib/tap-stack.ts -->\n```ts\nconst a = 1;\n```", False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


# --------------------------------------------------------------------------- task folders


def test_task_folder_loads_texts_metadata_and_normalised_fields(tmp_path):
    meta = {
        "platform": "cloudformation",
        "language": "yml",
        "complexity": "Expert",
        "training_quality": "9/10",
        "startedAt": "2025-08-14T10:00:00+05:30",
    }
    folder = make_task(tmp_path, "cfn-task", meta, prompt="Make a VPC", analysis="## Failures")
    loaded = only(tmp_path)
    record = loaded.record
    assert loaded.record_id == record.id == "cfn-task"
    assert (record.prompt, record.response, record.ideal, record.analysis) == (
        "Make a VPC",
        "model",
        "ideal",
        "## Failures",
    )
    assert (record.platform, record.language, record.complexity, record.score) == (
        "cfn",
        "yaml",
        "expert",
        9.0,
    )
    assert record.date == datetime(2025, 8, 14, 4, 30, tzinfo=UTC)
    assert record.metadata == meta
    assert record.source == str(folder)
    assert loaded.problems == []


def test_nested_folders_sorted_ids_and_task_named_lib(tmp_path):
    make_task(tmp_path / "batch-b", "t2")
    make_task(tmp_path / "batch-a", "t1")
    make_task(tmp_path, "lib")  # files at lib/lib/PROMPT.md, metadata at lib/metadata.json
    make_task(tmp_path / ".git", "hidden")
    loaded = list(load_tasks(tmp_path))
    assert [item.record_id for item in loaded] == ["batch-a/t1", "batch-b/t2", "lib"]
    assert all(item.record and not item.problems for item in loaded)
    assert count_items(tmp_path) == 3


def test_path_that_is_itself_a_task_uses_its_name(tmp_path):
    folder = make_task(tmp_path, "solo")
    assert only(folder).record_id == "solo"


def test_task_folder_is_not_descended_into(tmp_path):
    folder = make_task(tmp_path, "outer")
    make_task(folder, "inner")
    assert [item.record_id for item in load_tasks(tmp_path)] == ["outer"]


def test_metadata_inside_lib_is_accepted(tmp_path):
    folder = make_task(tmp_path, "t", metadata="absent")
    (folder / "lib" / "metadata.json").write_text('{"platform": "terraform"}', "utf-8")
    loaded = only(tmp_path)
    assert loaded.record.platform == "tf" and loaded.problems == []


@pytest.mark.parametrize("missing", ["prompt", "response", "ideal"])
def test_missing_required_file_rejects_the_record(tmp_path, missing):
    make_task(tmp_path, "t", **{missing: None})
    loaded = only(tmp_path)
    assert loaded.record is None
    assert kinds(loaded) == ["missing_file"]
    problem = loaded.problems[0]
    assert problem.record_id == "t" and FILES[missing] in problem.message
    assert problem.source.endswith(FILES[missing])


def test_missing_analysis_is_fine(tmp_path):
    make_task(tmp_path, "t", analysis=None)
    loaded = only(tmp_path)
    assert loaded.record.analysis is None and loaded.problems == []


def test_missing_metadata_keeps_the_record(tmp_path):
    make_task(tmp_path, "t", metadata="absent")
    loaded = only(tmp_path)
    assert kinds(loaded) == ["missing_metadata"]
    assert loaded.record.metadata == {} and loaded.record.platform is None


@pytest.mark.parametrize("body", ['{"platform": "cdk",}', "not json", "[1, 2]", '"cdk"', ""])
def test_invalid_metadata_keeps_the_record_with_empty_metadata(tmp_path, body):
    make_task(tmp_path, "t", metadata=body)
    loaded = only(tmp_path)
    assert kinds(loaded) == ["invalid_metadata"]
    assert loaded.record.metadata == {}
    assert "metadata.json" in loaded.problems[0].message


def test_not_utf8_is_decoded_with_replacement_and_names_the_file(tmp_path):
    make_task(tmp_path, "t", response="Café – naïve".encode("latin-1", "replace"))
    loaded = only(tmp_path)
    assert kinds(loaded) == ["not_utf8"]
    assert "MODEL_RESPONSE.md" in loaded.problems[0].message
    assert loaded.record.response.startswith("Caf\ufffd")


def test_utf8_bom_is_dropped_silently(tmp_path):
    make_task(tmp_path, "t", prompt="\ufeffBuild it".encode())
    loaded = only(tmp_path)
    assert loaded.record.prompt == "Build it" and loaded.problems == []


def test_html_page_analysis_is_flagged_and_not_imported(tmp_path):
    make_task(tmp_path, "t", analysis="\n<!DOCTYPE html>\n<html><body>saved</body></html>")
    loaded = only(tmp_path)
    assert kinds(loaded) == ["html_page"]
    assert loaded.record.analysis is None
    assert "MODEL_FAILURES.md" in loaded.problems[0].message


def test_html_page_prompt_is_flagged_but_kept(tmp_path):
    make_task(tmp_path, "t", prompt="<html><head><title>x</title></head></html>")
    loaded = only(tmp_path)
    assert kinds(loaded) == ["html_page"] and loaded.record.prompt.startswith("<html>")


def test_oversized_required_file_rejects_and_oversized_analysis_is_skipped(tmp_path):
    make_task(tmp_path, "big-ideal", ideal="x" * 200)
    make_task(tmp_path, "big-analysis", analysis="y" * 200)
    big_analysis, big_ideal = load_tasks(tmp_path, max_file_bytes=100)
    assert big_ideal.record is None and kinds(big_ideal) == ["oversized"]
    assert "IDEAL_RESPONSE.md" in big_ideal.problems[0].message
    assert big_analysis.record is not None and big_analysis.record.analysis is None
    assert kinds(big_analysis) == ["oversized"]


@pytest.mark.parametrize("field", ["prompt", "response", "ideal", "analysis"])
def test_empty_text_keeps_the_record(tmp_path, field):
    make_task(tmp_path, "t", **{field: " \n\t"})
    loaded = only(tmp_path)
    assert loaded.record is not None
    assert kinds(loaded) == ["empty_text"]
    assert FILES[field] in loaded.problems[0].message


def test_identical_responses_after_whitespace(tmp_path):
    make_task(tmp_path, "t", response="same answer\n\n", ideal="  same answer")
    assert kinds(only(tmp_path)) == ["identical_responses"]


def test_placeholder_text_is_flagged(tmp_path):
    make_task(tmp_path, "t", analysis="Insert here the model's failures")
    assert kinds(only(tmp_path)) == ["placeholder_text"]


def test_bad_score_and_bad_date_keep_the_record(tmp_path):
    make_task(tmp_path, "t", {"training_quality": "superb", "startedAt": "2025‑08‑14"})
    loaded = only(tmp_path)
    assert kinds(loaded) == ["bad_date", "bad_score"]
    assert loaded.record.score is None and loaded.record.date is None
    assert all("metadata.json" in problem.message for problem in loaded.problems)


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    make_task(tmp_path, "t")
    real_read = Path.read_bytes

    def refuse(self):
        if self.name == "MODEL_RESPONSE.md":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    loaded = only(tmp_path)
    assert loaded.record is None and kinds(loaded) == ["unreadable"]
    assert "MODEL_RESPONSE.md" in loaded.problems[0].message
    assert "Permission denied" in loaded.problems[0].message


def test_every_problem_names_the_record(tmp_path):
    make_task(tmp_path, "t", {"training_quality": "?"}, ideal=None, analysis="")
    loaded = only(tmp_path)
    assert {problem.record_id for problem in loaded.problems} == {"t"}


@pytest.mark.parametrize("case", ["missing", "file", "empty"])
def test_load_tasks_source_errors(tmp_path, case):
    path = {"missing": tmp_path / "nope", "file": tmp_path / "f.md", "empty": tmp_path}[case]
    if case == "file":
        path.write_text("x")
    with pytest.raises(SourceError, match=re.escape(str(path))):
        load_tasks(path)


# --------------------------------------------------------------------------- tables

ROWS = [
    {
        "task_id": "a",
        "question": "Make a bucket",
        "model_response": "r1",
        "ideal_response": "i1",
        "platform": "terraform",
        "training_quality": "8",
    },
    {
        "task_id": "b",
        "question": "Make a queue",
        "model_response": "r2",
        "ideal_response": "i2",
        "platform": "cdk-python",
        "training_quality": 6,
    },
]


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    return path


def check_rows(loaded: list[Loaded]) -> None:
    assert [item.record_id for item in loaded] == ["a", "b"]
    first, second = (item.record for item in loaded)
    assert (first.prompt, first.response, first.ideal) == ("Make a bucket", "r1", "i1")
    assert (first.platform, first.score) == ("tf", 8.0)
    assert (second.platform, second.language, second.score) == ("cdk", "py", 6.0)
    assert first.metadata["platform"] == "terraform" and "question" not in first.metadata
    assert all(item.problems == [] for item in loaded)


def test_load_jsonl(tmp_path):
    check_rows(list(load_jsonl(write_jsonl(tmp_path / "x.jsonl", ROWS))))


def test_load_json_array(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(ROWS), "utf-8")
    check_rows(list(load(path)))


def test_load_csv(tmp_path):
    path = tmp_path / "x.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    check_rows(list(load_csv(path)))
    assert count_items(path) == 2


def test_load_tsv(tmp_path):
    path = tmp_path / "x.tsv"
    pd.DataFrame(ROWS).to_csv(path, index=False, sep="\t")
    check_rows(list(load(path)))


def test_load_parquet(tmp_path):
    path = tmp_path / "x.parquet"
    pd.DataFrame(ROWS).astype({"training_quality": str}).to_parquet(path)
    check_rows(list(load_parquet(path)))
    assert count_items(path) == 2


def test_load_dataframe():
    frame = pd.DataFrame(ROWS)
    check_rows(list(load_dataframe(frame)))
    check_rows(list(load(frame)))
    assert count_items(frame) == 2


def test_dataframe_without_id_uses_row_numbers_and_nan_becomes_none():
    frame = pd.DataFrame(
        {
            "prompt": ["p1", "p2"],
            "response": ["r", "r2"],
            "ideal": ["i", None],
            "training_quality": [7.0, float("nan")],
        }
    )
    first, second = load_dataframe(frame)
    assert (first.record_id, second.record_id) == ("row-1", "row-2")
    assert second.record.metadata["training_quality"] is None and second.record.score is None
    assert second.record.ideal == "" and [p.kind for p in second.problems] == ["empty_text"]


def test_load_dataset_dict_keeps_split_in_metadata(tmp_path):
    datasets = pytest.importorskip("datasets")
    data = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict(
                {"prompt": ["p1", "p2"], "chosen": ["c1", "c2"], "rejected": ["r1", "r2"]}
            ),
            "test": datasets.Dataset.from_dict(
                {"prompt": ["p3"], "chosen": ["c3"], "rejected": ["r3"]}
            ),
        }
    )
    loaded = list(load(data))
    assert [item.record_id for item in loaded] == ["train/row-1", "train/row-2", "test/row-1"]
    assert loaded[2].record.metadata == {"split": "test"}
    assert (loaded[0].record.ideal, loaded[0].record.response) == ("c1", "r1")
    assert [item.record_id for item in load_dataset(data, split="test")] == ["test/row-1"]
    data.save_to_disk(tmp_path / "saved")
    assert [item.record_id for item in load(tmp_path / "saved")] == [
        item.record_id for item in loaded
    ]
    assert count_items(tmp_path / "saved") == 3
    with pytest.raises(SourceError, match="no split 'dev'"):
        load_dataset(data, split="dev")


def test_columns_option_names_columns(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"q": "p", "a": "r", "gold": "i", "why": "notes"}])
    (item,) = load_jsonl(
        path, columns={"prompt": "q", "response": "a", "ideal": "gold", "analysis": "why"}
    )
    assert (item.record.prompt, item.record.analysis, item.record.metadata) == ("p", "notes", {})
    (item,) = load_jsonl(path, columns=Columns(prompt="q", response="a", ideal="gold"))
    assert item.record.metadata == {"why": "notes"}


def test_missing_required_column_is_a_source_error_naming_the_fix(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"prompt": "p", "response": "r"}])
    with pytest.raises(SourceError) as error:
        load_jsonl(path)
    message = str(error.value)
    assert str(path) in message and "no ideal column" in message and "columns=" in message


def test_named_column_that_is_absent_is_a_source_error(tmp_path):
    path = tmp_path / "x.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    with pytest.raises(SourceError, match="'gold' given for ideal"):
        load_csv(path, columns={"ideal": "gold"})


def test_metadata_column_holding_json_is_merged(tmp_path):
    rows = [
        {"prompt": "p", "response": "r", "ideal": "i", "metadata": '{"platform": "pulumi"}'},
        {"prompt": "p", "response": "r", "ideal": "i", "metadata": "{broken"},
    ]
    first, second = load_jsonl(write_jsonl(tmp_path / "x.jsonl", rows))
    assert first.record.platform == "pulumi" and first.record.metadata == {"platform": "pulumi"}
    assert [p.kind for p in second.problems] == ["invalid_metadata"]


def test_jsonl_bad_lines_and_duplicate_ids_are_rejected_rows(tmp_path):
    path = tmp_path / "x.jsonl"
    good = json.dumps({"id": "a", "prompt": "p", "response": "r", "ideal": "i"})
    path.write_text(f"{good}\n\n{{oops\n[1]\n{good}\n", "utf-8")
    loaded = list(load_jsonl(path))
    assert [(item.record_id, item.record is not None) for item in loaded] == [
        ("a", True),
        ("row-3", False),
        ("row-4", False),
        ("a", False),
    ]
    assert [kinds(item) for item in loaded] == [
        [],
        ["invalid_row"],
        ["invalid_row"],
        ["duplicate_id"],
    ]
    assert f"{path}:3" in loaded[1].problems[0].message
    assert count_items(path) == 4


def test_jsonl_line_not_utf8(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"prompt": "caf\xe9", "response": "r", "ideal": "i"}\n')
    (item,) = load_jsonl(path)
    assert kinds(item) == ["not_utf8"] and item.record.prompt == "caf\ufffd"
    assert item.problems[0].record_id == "row-1"


def test_csv_not_utf8_and_wrong_width_rows(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'prompt,response,ideal\ncaf\xe9,r,i\n"p",r\n"multi\nline",r,i\n')
    first, second, third = load_csv(path)
    assert kinds(first) == ["not_utf8"] and first.record.prompt == "caf\ufffd"
    assert second.record is None and kinds(second) == ["invalid_row"]
    assert third.record.prompt == "multi\nline"
    assert count_items(path) == 3


def test_csv_long_fields_load(tmp_path):
    path = tmp_path / "x.csv"
    pd.DataFrame([{"prompt": "p", "response": "r" * 300_000, "ideal": "i"}]).to_csv(
        path, index=False
    )
    (item,) = load_csv(path)
    assert len(item.record.response) == 300_000


def test_identical_and_empty_rows_are_flagged_like_tasks():
    frame = pd.DataFrame({"prompt": ["p", " "], "response": ["same", "r"], "ideal": ["same ", "i"]})
    first, second = load_dataframe(frame)
    assert kinds(first) == ["identical_responses"] and kinds(second) == ["empty_text"]
    assert "'prompt'" in second.problems[0].message


@pytest.mark.parametrize("name", ["x.txt", "x.xlsx"])
def test_load_unknown_source_says_what_is_supported(tmp_path, name):
    (tmp_path / name).write_text("x")
    with pytest.raises(SourceError, match="jsonl.*csv.*parquet"):
        load(tmp_path / name)


@pytest.mark.parametrize("name", ["nope", "nope.csv", "nope.jsonl", "nope.parquet"])
def test_load_missing_source_names_it(tmp_path, name):
    with pytest.raises(SourceError, match=f"{name} does not exist"):
        load(tmp_path / name)


def test_load_rejects_unknown_objects():
    with pytest.raises(SourceError, match="supported are"):
        load(42)
    assert count_items(42) is None


def test_load_dispatches_task_folders(tmp_path):
    make_task(tmp_path, "t")
    assert [item.record_id for item in load(tmp_path)] == ["t"]
    assert count_items(tmp_path) == 1


# --------------------------------------------------------------------------- corpora

EXAMPLE_DEFECTS = {
    "kms-key-rotation-cdk-go": ["missing_file"],
    "sns-fanout-cfn": ["invalid_metadata"],
    "eventbridge-nightly-tf": ["identical_responses"],
    "secrets-rotation-cdk": ["bad_date"],
    "cloudfront-site-pulumi-ts": ["html_page"],
    "step-functions-etl-pulumi": ["not_utf8"],
}


def test_example_corpus_has_exactly_the_defects_its_readme_lists(example_data):
    loaded = list(load_tasks(example_data))
    found = {item.record_id: kinds(item) for item in loaded if item.problems}
    assert found == EXAMPLE_DEFECTS
    readme = (example_data / "README.md").read_text("utf-8")
    for task, task_kinds in EXAMPLE_DEFECTS.items():
        assert f"`{task}`" in readme and f"`{task_kinds[0]}`" in readme
    assert 14 <= len(loaded) <= 18
    assert [item.record_id for item in loaded if item.record is None] == ["kms-key-rotation-cdk-go"]


def test_example_corpus_varies_what_the_plots_group_by(example_data):
    records = [item.record for item in load_tasks(example_data) if item.record]
    assert {r.platform for r in records} >= {"cdk", "cdktf", "cfn", "tf", "pulumi"}
    assert {r.language for r in records} >= {"ts", "py", "java", "hcl", "yaml", "json"}
    months = {r.date.month for r in records if r.date}
    assert len(months) >= 4
    assert len({r.date.utcoffset() for r in records if r.date}) >= 5
    assert sum(r.score is None for r in records) >= 2 and len({r.score for r in records}) >= 6
    duplicates = Counter(prompt_key(r.prompt) for r in records)
    assert sorted(duplicates.values())[-2:] == [1, 2]
    assert sum(p.stat().st_size for p in example_data.rglob("*") if p.is_file()) < 300_000


def test_shared_corpus_accounts_for_every_task_folder(shared_corpus):
    folders = {p.parent.parent for p in shared_corpus.rglob("lib/PROMPT.md")}
    folders = {f.parent if f.name == "lib" and f.parent.name == "lib" else f for f in folders}
    loaded = list(load_tasks(shared_corpus))
    assert (
        len(loaded) == len({item.record_id for item in loaded}) == 400 == count_items(shared_corpus)
    )
    assert {shared_corpus / item.record_id for item in loaded} == folders | {shared_corpus / "lib"}
    rejected = [item for item in loaded if item.record is None]
    assert rejected and all(item.problems for item in rejected)
    assert {item.record_id for item in rejected} == {
        "archive__cdk-py__Pr7120",
        "archive__cdk-py__Pr7267",
    }
    found = Counter(problem.kind for item in loaded for problem in item.problems)
    for kind in (
        "not_utf8",
        "invalid_metadata",
        "missing_metadata",
        "identical_responses",
        "bad_date",
        "missing_file",
        "empty_text",
        "placeholder_text",
    ):
        assert found[kind] > 0, kind
    # The code in these files holds HTML snippets (static-site tasks) but no saved web page.
    assert found["html_page"] == 0
    task_lib = next(item for item in loaded if item.record_id == "lib")
    assert task_lib.record.platform == "cfn" and task_lib.record.prompt


def test_shared_corpus_normalises_platforms_and_dates(shared_corpus):
    records = [item.record for item in load_tasks(shared_corpus) if item.record]
    platforms = Counter(r.platform for r in records)
    assert set(platforms) - {None} <= {"cdk", "cdktf", "cfn", "tf", "pulumi", "cicd", "analysis"}
    assert platforms["cfn"] >= 115
    assert {r.language for r in records} - {None} <= {
        "ts",
        "js",
        "py",
        "go",
        "java",
        "hcl",
        "yaml",
        "json",
    }
    assert all(r.date is None or r.date.tzinfo is not None for r in records)
    assert sum(r.score is not None for r in records) >= 290
