"""Export: formats and their Features, filters, grouped seeded splits, layouts, card, CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from datasets import load_dataset, load_from_disk

from curation.analysis import parse_analysis
from curation.card import DATE_PREFIX
from curation.cli import main
from curation.errors import ExportError
from curation.export import FORMATS, export_all, export_dataset, features_for
from curation.records import Annotation, Failure, Record
from curation.splits import normalise_prompt
from curation.store import Store

# -- small stores made in code ---------------------------------------------------------


def _record(i: int, **overrides) -> Record:
    values = dict(
        id=f"t{i:03d}",
        prompt=f"Task {i}: deploy service number {i} with a load balancer and {i} replicas",
        response=f"model answer {i}",
        ideal=f"ideal answer {i}",
        platform=["cdk-ts", "tf-hcl"][i % 2],
        language="ts",
        complexity="medium",
        score=float(i % 11),
        date=datetime(2024, 1 + i % 12, 1, tzinfo=UTC),
    )
    values.update(overrides)
    return Record(**values)


def _failures(i: int) -> list[Failure]:
    levels = ["Critical", "High", "Medium", "Low", None]
    return [
        Failure(f"Failure {i}.{k}", levels[(i + k) % 5], "security", "cause", "bad", "good", "v")
        for k in range(2)
    ]


@pytest.fixture
def small_store():
    store = Store(":memory:")
    records = [_record(i) for i in range(40)]
    records.append(_record(40, response="same text", ideal="same  text\n"))  # identical pair
    records.append(_record(41, prompt=records[3].prompt.upper()))  # exact duplicate of t003
    store.add_records(records)
    for i, record in enumerate(records):
        store.save_annotation(
            Annotation(
                record.id,
                "imported",
                score=record.score,
                failures=_failures(i),
                knowledge_gaps=[f"gap {i % 3}"],
            )
        )
    yield store
    store.close()


def test_empty_store_raises_a_clear_error():
    with pytest.raises(ExportError, match="holds no records; ingest some first"):
        export_dataset(Store(":memory:"), "sft")


def test_everything_filtered_out_says_why(small_store):
    with pytest.raises(ExportError, match=r"every record .* was filtered out \(score 42\)"):
        export_dataset(small_store, "sft", min_score=11)


def test_unknown_format_and_annotator_are_clear(small_store):
    with pytest.raises(ExportError, match="unknown export format 'dpo'"):
        export_dataset(small_store, "dpo")
    with pytest.raises(ExportError, match="no annotations by 'zoe'.*annotators: imported"):
        export_dataset(small_store, "sft", annotator="zoe")


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_has_its_exact_features(small_store, name, tmp_path):
    ds = export_dataset(small_store, name, out=tmp_path / name)
    reloaded = load_from_disk(str(tmp_path / name))
    for split in ("train", "validation", "test"):
        assert ds[split].features == features_for(name)
        assert reloaded[split].features == features_for(name)
        assert reloaded[split].num_rows == ds[split].num_rows


def test_preference_skips_identical_pairs_and_counts_severities(small_store):
    ds = export_dataset(small_store, "preference")
    rows = [row for split in ds.values() for row in split]
    assert "t040" not in {row["id"] for row in rows}
    assert ds.summary.to_dict()["filtered"] == {"duplicate_prompt": 1, "identical_response": 1}
    row = next(r for r in rows if r["id"] == "t001")  # failures: High, Medium
    assert (row["n_critical"], row["n_high"], row["n_medium"], row["n_low"]) == (0, 1, 1, 0)


def test_trl_field_names_and_types(small_store):
    sft = export_dataset(small_store, "sft")["train"][0]
    assert [m["role"] for m in sft["messages"]] == ["user", "assistant"]
    assert all(isinstance(m["content"], str) for m in sft["messages"])
    standard = export_dataset(small_store, "preference")["train"][0]
    assert all(isinstance(standard[k], str) for k in ("prompt", "chosen", "rejected"))
    chat = export_dataset(small_store, "preference", variant="conversational")["train"][0]
    assert [m["role"] for m in chat["prompt"]] == ["user"]
    assert (
        [m["role"] for m in chat["chosen"]]
        == [m["role"] for m in chat["rejected"]]
        == ["assistant"]
    )
    kto = export_dataset(small_store, "reward")["train"][0]
    assert isinstance(kto["prompt"], str) and isinstance(kto["completion"], str)
    assert isinstance(kto["label"], bool)


def test_reward_labels_and_ideal_positives(small_store):
    ds = export_dataset(small_store, "reward", label_threshold=7)
    rows = [row for split in ds.values() for row in split]
    model = {r["id"]: r for r in rows if r["completion_source"] == "model"}
    ideal = [r for r in rows if r["completion_source"] == "ideal"]
    assert model["t007#model"]["label"] and not model["t006#model"]["label"]
    assert model["t005#model"]["score"] == pytest.approx(0.5)
    assert all(r["label"] and r["score_raw"] == 10.0 for r in ideal)
    assert "t040#ideal" not in {r["id"] for r in ideal}  # ideal == model: no extra positive


def test_critique_renders_the_annotation(small_store):
    row = export_dataset(small_store, "critique")["train"][0]
    parsed = parse_analysis(row["critique"])
    assert [f.title for f in parsed.failures] == [f["title"] for f in row["failures"]]
    assert parsed.score == row["score"]


def test_failures_severity_is_a_class_label(small_store):
    ds = export_dataset(small_store, "failures")
    rows = [row for split in ds.values() for row in split]
    assert {r["severity"] for r in rows} == {0, 1, 2, 3}
    assert (
        ds.summary.filtered_by_format["failures"]["failure_without_severity"] == 15
    )  # t003 deduped
    kept = export_dataset(small_store, "failures", keep_unrated=True)
    assert -1 in {r["severity"] for split in kept.values() for r in split}


def test_filters(small_store):
    ds = export_dataset(small_store, "sft", min_score=3, max_score=6, platform="tf-hcl")
    rows = [row for split in ds.values() for row in split]
    assert rows and all(3 <= r["score"] <= 6 and r["platform"] == "tf-hcl" for r in rows)
    ds = export_dataset(small_store, "sft", severities=["critical"])
    assert all(
        "Critical" in {f.severity for f in _failures(int(r["id"][1:]))}
        for split in ds.values()
        for r in split
    )
    ds = export_dataset(small_store, "sft", since="2024-03-01", until="2024-03-31")
    assert {r["id"] for split in ds.values() for r in split} == {"t002", "t014", "t026", "t038"}


def test_problems_can_be_excluded(small_store):
    from curation.records import Problem

    with small_store.engine.begin() as conn:
        small_store.replace_problems(
            conn, ["t001"], [Problem("t001", "not_utf8", "x")], origin="load"
        )
    ids = lambda ds: {r["id"] for split in ds.values() for r in split}  # noqa: E731
    assert "t001" in ids(export_dataset(small_store, "sft"))
    assert "t001" not in ids(export_dataset(small_store, "sft", exclude_problems=True))
    assert "t001" in ids(export_dataset(small_store, "sft", exclude_problems=["html_page"]))


def test_annotator_rules(small_store):
    small_store.save_annotation(
        Annotation("t001", "ana", score=9.0, failures=[Failure("A", "Low")])
    )
    small_store.save_annotation(Annotation("t001", "bob", score=2.0))

    def row(**kw):
        ds = export_dataset(small_store, "critique", **kw)
        return next(r for split in ds.values() for r in split if r["id"] == "t001")

    assert row()["annotator"] == "bob"  # latest human wins over imported
    assert row(annotator="ana")["score"] == 9.0
    consensus = row(annotator="consensus")  # scores 1 (imported), 9, 2: median 2
    assert (consensus["score"], consensus["annotator"]) == (2.0, "bob")


def test_duplicate_and_near_duplicate_prompts_share_a_split(small_store):
    base = _record(0).prompt
    small_store.add_records(
        [_record(50, prompt=base + " quickly"), _record(51, prompt="  " + base.lower())]
    )
    ds = export_dataset(small_store, "sft", dedupe=None, seed=3)
    split_of = {r["id"]: split for split, d in ds.items() for r in d}
    assert split_of["t000"] == split_of["t050"] == split_of["t051"]
    assert split_of["t003"] == split_of["t041"]
    near = export_dataset(small_store, "sft", dedupe="near")
    assert near.summary.filtered == {"duplicate_prompt": 2, "near_duplicate_prompt": 1}


def test_seed_is_deterministic_and_matters(small_store):
    def splits(seed):
        ds = export_dataset(small_store, "sft", seed=seed)
        return {r["id"]: s for s, d in ds.items() for r in d}

    assert splits(1) == splits(1)
    assert splits(1) != splits(2)
    assert sorted(export_dataset(small_store, "sft").summary.records.values()) == [4, 4, 33]


def test_export_all_shares_one_split(small_store, tmp_path):
    summary = export_all(small_store, tmp_path / "all")
    split_of = {r["id"]: s for s, d in summary.datasets["sft"].items() for r in d}
    for name in ("preference", "critique", "failures", "reward"):
        for split, data in load_from_disk(str(tmp_path / "all" / name)).items():
            for row in data:
                assert split_of[row.get("record_id") or row["id"].split("#")[0]] == split


def test_push_to_hub_fails_clearly_without_network(small_store, tmp_path):
    location = tmp_path / "c.db"
    with Store(location) as store:
        store.add_records([_record(i) for i in range(5)])
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "HF_ENDPOINT": f"http://127.0.0.1:{port}", "HF_TOKEN": "hf_fake"}
    env["HF_HUB_DISABLE_TELEMETRY"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "curation.cli", "export", "--store", str(location)]
        + ["--format", "sft", "--out", str(tmp_path / "o"), "--push-to-hub", "me/data"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert "could not push to the Hub dataset 'me/data' at http://127.0.0.1" in result.stderr
    assert "Check the network" in result.stderr
    assert (tmp_path / "o" / "train" / "state.json").is_file()  # the local export stands


def test_cli_json_contract(small_store, tmp_path):
    location = tmp_path / "c.db"
    with Store(location) as store:
        store.add_records([_record(i) for i in range(20)])
    runner = CliRunner()
    args = ["export", "--store", location, "--format", "sft", "--out", tmp_path / "o"]
    result = runner.invoke(main, [str(a) for a in [*args, "--min-score", 2, "--json"]])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "sft" and data["out"] == str(tmp_path / "o")
    assert sum(data["splits"].values()) == 16 and data["filtered"] == {"score": 4}
    human = runner.invoke(main, [str(a) for a in args])
    assert "sft -> " in human.output and "filtered out: nothing" in human.output
    bad = runner.invoke(main, [str(a) for a in [*args, "--min-score", 99]])
    assert bad.exit_code == 1 and "every record" in bad.output


# -- the shared corpus -----------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(shared_corpus, tmp_path_factory):
    from curation.ingest import ingest

    store = Store(tmp_path_factory.mktemp("store") / "corpus.db")
    ingest(shared_corpus, store)
    yield store
    store.close()


def _files(folder: Path, suffix: str) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob(f"*{suffix}"))}


def _card(folder: Path) -> tuple[dict, list[str]]:
    text = (folder / "README.md").read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), [x for x in body.splitlines() if not x.startswith(DATE_PREFIX)]


@pytest.mark.parametrize("output", ["disk", "parquet", "jsonl"])
def test_corpus_round_trip(corpus_store, tmp_path, output):
    suffix = {"disk": ".arrow", "parquet": ".parquet", "jsonl": ".jsonl"}[output]
    first = export_all(corpus_store, tmp_path / "a", output=output, seed=7)
    second = export_all(corpus_store, tmp_path / "b", output=output, seed=7)
    assert _files(tmp_path / "a", suffix) == _files(tmp_path / "b", suffix)
    assert _files(tmp_path / "a", ".json") == _files(tmp_path / "b", ".json")
    header, body = _card(tmp_path / "a")
    assert (header, body) == _card(tmp_path / "b")
    assert [c["config_name"] for c in header["configs"]] == list(FORMATS)

    for name in FORMATS:
        info = next(i for i in header["dataset_info"] if i["config_name"] == name)
        expected = first.rows[name]
        assert {s["name"]: s["num_examples"] for s in info["splits"]} == expected
        config = next(c for c in header["configs"] if c["config_name"] == name)
        if output == "disk":
            loaded = load_from_disk(str(tmp_path / "a" / name))
        else:
            files = {f["split"]: str(tmp_path / "a" / f["path"]) for f in config["data_files"]}
            builder = "json" if output == "jsonl" else "parquet"
            loaded = load_dataset(
                builder,
                data_files=files,
                cache_dir=str(tmp_path / "cache"),
                features=features_for(name),
            )
        assert {s: d.num_rows for s, d in loaded.items()} == expected
        assert loaded["train"].features == features_for(name)
    assert second.records == first.records


def test_corpus_counts_and_groups(corpus_store):
    sft = export_dataset(corpus_store, "sft", dedupe=None)
    pref = export_dataset(corpus_store, "preference", dedupe=None)
    total = sum(sft.summary.records.values())
    assert total == corpus_store.count_records() and not sft.summary.filtered
    identical = pref.summary.filtered_by_format["preference"]["identical_response"]
    assert identical > 0 and sum(pref.summary.rows["preference"].values()) == total - identical
    for split in pref.values():
        for row in split:
            assert " ".join(row["chosen"].split()) != " ".join(row["rejected"].split())
    seen: dict[str, str] = {}
    for split, data in sft.items():
        for row in data:
            key = normalise_prompt(row["messages"][0]["content"])
            assert seen.setdefault(key, split) == split, "a prompt crosses splits"


def test_corpus_filters_respected(corpus_store):
    ds = export_dataset(corpus_store, "preference", min_score=8, platform=["cdk", "tf"])
    rows = [row for split in ds.values() for row in split]
    assert rows and all(r["score"] >= 8 and r["platform"] in ("cdk", "tf") for r in rows)
    assert {"score", "platform"} <= set(ds.summary.filtered)


def test_card_reports_statistics_and_agreement(small_store, tmp_path):
    for i in range(10):
        record_id = f"t{i:03d}"
        small_store.save_annotation(Annotation(record_id, "ana", score=float(i % 11)))
        small_store.save_annotation(Annotation(record_id, "bob", score=float((i + 1) % 11)))
    export_all(small_store, tmp_path / "all", formats=["sft", "failures"])
    header, body = _card(tmp_path / "all")
    text = "\n".join(body)
    assert [c["config_name"] for c in header["configs"]] == ["sft", "failures"]
    assert "**Severity mix** (failures of the exported records): Critical" in text
    assert "**Annotator agreement:** score (krippendorff_alpha_ordinal):" in text
    assert "- **Toolkit:** curation 0.1.0" in text
    assert "**Top knowledge-gap themes:**" in text and "- none recorded" not in text


def test_small_corpus_with_many_strata_still_fills_every_split():
    from collections import Counter

    from curation.splits import assign_splits

    groups = {f"r{i}": i for i in range(15)}
    strata = {f"r{i}": ["cdk", "tf", "cfn", "pulumi", "go"][i % 5] for i in range(15)}
    counts = Counter(assign_splits(groups, strata=strata, seed=3).values())
    assert set(counts) == {"train", "validation", "test"}
    assert counts["train"] >= 10
