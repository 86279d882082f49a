"""The `curation` command: each command opens the store, calls one public function, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm.auto import tqdm

from curation.config import store_location
from curation.errors import CurationError
from curation.store import DEFAULT_STORE, Store

store_option = click.option(
    "--store",
    "store_location",
    default=None,
    help=f"SQLite file or database URL (postgresql://…). Default: $CURATION_STORE, else "
    f"`store` in the config file, else {DEFAULT_STORE}.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")


def _open_store(location: str | None) -> Store:
    try:
        return Store(store_location(location))
    except CurationError as error:
        raise click.ClickException(str(error)) from error


def _print_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="curation")
def main() -> None:
    """Curate LLM training data: ingest records, tag failures, report, export datasets."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@store_option
@json_option
@click.option("--prompt-column", help="Column holding the prompt (tabular sources).")
@click.option("--response-column", help="Column holding the model response.")
@click.option("--ideal-column", help="Column holding the ideal response.")
@click.option("--id-column", help="Column holding the record id.")
def ingest(
    sources, store_location, as_json, prompt_column, response_column, ideal_column, id_column
):
    """Load SOURCES (task folders, .jsonl/.csv/.parquet, HF save_to_disk folders) into the store.

    Idempotent: re-ingesting unchanged records changes nothing. Bad records become
    problems (see `curation problems`); the exit code is 0 when the batch completed.
    """
    from curation.ingest import ingest as run_ingest
    from curation.load import count_items

    columns = {
        key: value
        for key, value in {
            "id": id_column,
            "prompt": prompt_column,
            "response": response_column,
            "ideal": ideal_column,
        }.items()
        if value
    }
    options = {"columns": columns} if columns else {}
    for source in sources:
        if not Path(source).exists():
            raise click.ClickException(f"{source}: no such file or folder")
    store = _open_store(store_location)
    show_bar = not as_json and sys.stderr.isatty()
    total = None
    if show_bar:
        counts = [count_items(source) for source in sources]
        total = sum(counts) if None not in counts else None
    try:
        with tqdm(
            total=total, desc="ingesting", unit="rec", file=sys.stderr, disable=not show_bar
        ) as bar:
            summary = run_ingest(list(sources), store, progress=bar.update, **options)
    except CurationError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    if as_json:
        _print_json(summary.to_dict())
        return
    click.echo(
        f"{summary.seen} seen: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.rejected} rejected "
        f"in {summary.seconds:.1f}s -> {summary.store}"
    )
    if summary.problems:
        click.echo("problems:")
        for kind, count in sorted(summary.problems.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {kind:<24} {count}")
        click.echo("list them with: curation problems [--kind KIND]")


@main.command()
@store_option
@click.option("--kind", help="Only problems of this kind (e.g. not_utf8, html_page).")
@click.option("--record", "record_id", help="Only problems of this record.")
@json_option
def problems(store_location, kind, record_id, as_json):
    """List data-quality problems found at ingest."""
    store = _open_store(store_location)
    try:
        found = store.problems(kind=kind, record_id=record_id)
    finally:
        store.close()
    if as_json:
        _print_json(
            [
                {"record": p.record_id, "kind": p.kind, "message": p.message, "source": p.source}
                for p in found
            ]
        )
        return
    if not found:
        click.echo("no problems")
        return
    for p in found:
        click.echo(f"{p.record_id or '-'}\t{p.kind}\t{p.message}")
    click.echo(f"{len(found)} problem(s)", err=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
def parse(file: Path, as_json: bool):
    """Parse one failure-analysis markdown FILE (MODEL_FAILURES.md) and show what it holds."""
    from curation.analysis import parse_analysis
    from curation.load import read_text_file

    try:
        text, decoding = read_text_file(file)
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror}") from error
    analysis = parse_analysis(text)
    analysis.problems[:0] = decoding  # (a UTF-16 or non-UTF-8 file says so first)
    if as_json:
        _print_json(analysis.to_dict())
        return
    click.echo(f"{len(analysis.failures)} failure(s), score {analysis.score}")
    for number, failure in enumerate(analysis.failures, 1):
        section = f" (section: {failure.section_severity})" if failure.section_severity else ""
        click.echo(f"  {number:>2}. [{failure.severity or '-'}] {failure.title}{section}")
    if analysis.knowledge_gaps:
        click.echo("knowledge gaps:")
        for gap in analysis.knowledge_gaps:
            click.echo(f"  - {gap}")
    if analysis.claimed_counts:
        claimed = ", ".join(f"{k} {v}" for k, v in analysis.claimed_counts.items())
        click.echo(f"claimed counts: {claimed}")
    for problem in analysis.problems:
        click.echo(f"problem [{problem.kind}]: {problem.message}")


@main.command()
@store_option
@click.option(
    "--format",
    "format_",
    required=True,
    type=click.Choice(["sft", "preference", "critique", "reward", "failures", "all"]),
    help="Dataset format; 'all' writes every format into OUT/<format>/ with one shared split.",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write.")
@click.option("--annotator", default="auto", show_default=True, help="auto, consensus or a name.")
@click.option("--min-score", type=float, help="Keep records scored at least this (0-10).")
@click.option("--max-score", type=float, help="Keep records scored at most this (0-10).")
@click.option("--severity", multiple=True, help="Keep records with a failure of this severity.")
@click.option("--platform", multiple=True, help="Keep records of this platform (repeatable).")
@click.option("--since", help="Keep records dated on or after YYYY-MM-DD.")
@click.option("--until", help="Keep records dated on or before YYYY-MM-DD.")
@click.option("--exclude-problems", is_flag=True, help="Drop records with any data problem.")
@click.option("--seed", type=int, default=0, show_default=True, help="Split seed.")
@click.option(
    "--output", type=click.Choice(["disk", "parquet", "jsonl"]), default="disk", show_default=True
)
@click.option("--push-to-hub", "repo_id", help="Also push to this Hub dataset repo (network).")
@json_option
def export(store_location, format_, out, repo_id, as_json, **options):
    """Export the store as Hugging Face datasets (train/validation/test) with a dataset card."""
    from curation.export import export_all, export_dataset

    options["severities"] = options.pop("severity")
    store = _open_store(store_location)
    try:
        if format_ == "all":
            summary = export_all(store, out, push_to_hub=repo_id, **options)
        else:
            exported = export_dataset(store, format_, out=out, push_to_hub=repo_id, **options)
            summary = exported.summary
    except CurationError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    data = summary.to_dict()
    if as_json:
        _print_json(data)
        return
    splits = ", ".join(f"{name} {n}" for name, n in data["splits"].items())
    click.echo(f"{data['format']} -> {data['out']}: {splits}")
    if format_ == "all":
        for name, rows in data["rows"].items():
            click.echo(f"  {name:<11} " + ", ".join(f"{s} {n}" for s, n in rows.items()))
    filtered = ", ".join(f"{k} {v}" for k, v in data["filtered"].items())
    click.echo(f"filtered out: {filtered or 'nothing'}")


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/demo"),
    show_default=True,
    help="Folder for the store, the datasets and the report.",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Task folders to use instead of the example corpus shipped in data/.",
)
def demo(out: Path, corpus: Path | None):
    """Run the main job on the example corpus: ingest, export every dataset format, report."""
    from curation.export import export_all
    from curation.ingest import ingest as run_ingest
    from curation.report import write_report

    corpus = corpus or _example_corpus()
    out.mkdir(parents=True, exist_ok=True)
    store = _open_store(str(out / "curation.db"))
    try:
        summary = run_ingest(corpus, store)
        click.echo(
            f"ingested {corpus}: {summary.seen} seen, {summary.new} new, "
            f"{summary.unchanged} unchanged, {summary.rejected} rejected, "
            f"{sum(summary.problems.values())} problem(s)"
        )
        exported = export_all(store, out / "datasets", seed=0)
        report = write_report(store, out / "report", period="month")
    except CurationError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    splits = ", ".join(f"{name} {count}" for name, count in exported.records.items())
    click.echo(
        f"store:    {out / 'curation.db'}  (curation problems --store {out / 'curation.db'})"
    )
    click.echo(f"datasets: {out / 'datasets'}  ({', '.join(exported.formats)}; records {splits})")
    click.echo(f"report:   {report}")
    click.echo("next: open notebooks/02_tag_failures.ipynb in JupyterLab to tag failures")


def _example_corpus() -> Path:
    """The example corpus: ./data when run from a checkout, else the one beside the package."""
    for candidate in (Path("data"), Path(__file__).resolve().parent.parent / "data"):
        if any(candidate.glob("*/lib/PROMPT.md")):
            return candidate
    raise click.ClickException("no example corpus found; pass --corpus PATH")


@main.command()
@store_option
@click.option(
    "--period",
    type=click.Choice(["week", "month"]),
    default="week",
    show_default=True,
    help="ISO weeks (Monday start) or calendar months, in UTC.",
)
@click.option("--since", help="Only records dated on or after YYYY-MM-DD.")
@click.option("--until", help="Only records dated on or before YYYY-MM-DD.")
@click.option("--platform", multiple=True, help="Only records of this platform (repeatable).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Report folder.")
@json_option
def report(store_location, period, since, until, platform, out, as_json):
    """Write the summary report (PNG plots, CSV tables, index.html) into OUT; cron-friendly."""
    from curation.report import write_report

    filters = {"platform": list(platform)} if platform else {}
    store = _open_store(store_location)
    try:
        index = write_report(store, out, period=period, since=since, until=until, **filters)
    except CurationError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    if as_json:
        files = sorted(p.name for p in index.parent.iterdir() if p.is_file())
        _print_json({"index": str(index), "files": files})
        return
    click.echo(f"report -> {index}")


if __name__ == "__main__":
    main()
