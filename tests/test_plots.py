"""Tests for curation.plots: figure titles, bars, legends and labels (not pixels)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from matplotlib.figure import Figure

from curation.plots import MAX_TICKS, PLOT_NAMES, SEVERITY_COLORS, shorten, summary_plots
from curation.records import Annotation, Failure, Record
from curation.store import Store

LONG_THEME = "An extremely long knowledge gap phrase about CloudFormation nested stack exports"


@pytest.fixture
def store(tmp_path) -> Store:
    """60 weekly records (so 60 periods), two annotators, gaps every week."""
    store = Store(tmp_path / "plots.db")
    start = datetime(2025, 1, 6, 12, tzinfo=UTC)
    store.add_records(
        [Record(f"w{i}", f"p{i}", "r", "i", date=start + timedelta(weeks=i)) for i in range(60)]
    )
    levels = ["Critical", "High", "Medium", "Low"]
    for i in range(60):
        store.save_annotation(
            Annotation(
                f"w{i}",
                "imported",
                score=i % 11,
                knowledge_gaps=[LONG_THEME, "IAM least privilege"],
                failures=[Failure(f"f{j}", levels[(i + j) % 4]) for j in range(i % 3)],
            )
        )
    return store


def test_summary_plots_returns_every_figure(store):
    figures = summary_plots(store, period="week")
    assert tuple(figures) == PLOT_NAMES
    assert all(isinstance(f, Figure) for f in figures.values())
    titles = {name: f.axes[0].get_title() for name, f in figures.items()}
    assert titles["severity_mix"] == "Severity mix per week"
    assert titles["volume"] == "Records and failures per week"


def test_severity_mix_bars_and_legend(store):
    axes = summary_plots(store, period="month")["severity_mix"].axes[0]
    labels = [t.get_text() for t in axes.get_legend().get_texts()]
    assert labels == ["Critical", "High", "Medium", "Low"]
    # one bar per month per severity present: 60 weeks span 14 months
    assert len(axes.patches) == 14 * 4
    colours = {tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in axes.patches}
    assert len(colours) == 4
    assert axes.get_xlabel() == "month" and axes.get_ylabel() == "failures"
    from matplotlib.colors import to_rgb

    assert tuple(round(c, 3) for c in to_rgb(SEVERITY_COLORS["Critical"])) in colours


def test_many_periods_have_thinned_rotated_ticks(store):
    axes = summary_plots(store, period="week")["severity_mix"].axes[0]
    ticks = [t for t in axes.get_xticklabels() if t.get_text()]
    assert len(ticks) <= MAX_TICKS
    assert all(t.get_rotation() == 45 for t in ticks)
    assert ticks[0].get_text() == "2025-W03"  # week 2 (i=0) has no failures


def test_volume_has_records_and_failures(store):
    axes = summary_plots(store, period="week")["volume"].axes[0]
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["records", "failures"]
    assert len(axes.patches) == 2 * 60


def test_theme_heatmap_truncates_long_names(store):
    from curation.themes import rename_theme, theme_map

    # a long gap is named by its telling words; an analyst's long name is cut for the axis
    rename_theme(store, theme_map(store)[LONG_THEME], LONG_THEME)
    axes = summary_plots(store, period="month")["gap_themes"].axes[0]
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert len(labels) == 2
    assert any(label.endswith("…") and len(label) <= 40 for label in labels)
    assert axes.images[0].get_array().shape == (2, 14)


@pytest.fixture
def sparse_store(tmp_path) -> Store:
    """60 weeks of which only every fifth has a record: the gaps must stay on the axis."""
    store = Store(tmp_path / "sparse.db")
    start = datetime(2025, 1, 6, 12, tzinfo=UTC)
    weeks = range(0, 60, 5)
    store.add_records(
        [Record(f"w{i}", f"p{i}", "r", "i", date=start + timedelta(weeks=i)) for i in weeks]
    )
    store.add_records([Record("last", "pl", "r", "i", date=start + timedelta(weeks=59))])
    for record in [*(f"w{i}" for i in weeks), "last"]:
        store.save_annotation(
            Annotation(
                record,
                "ana",
                score=7,
                knowledge_gaps=["IAM least privilege"],
                failures=[Failure("f", "High")],
            )
        )
    return store


def test_time_axis_is_continuous_over_empty_periods(sparse_store):
    figures = summary_plots(sparse_store, period="week")
    volume = figures["volume"].axes[0]
    assert len(volume.patches) == 2 * 60  # one slot per week, empty weeks as zero bars
    assert sum(p.get_height() == 0 for p in volume.patches) == 2 * (60 - 13)
    mix = figures["severity_mix"].axes[0]
    assert len(mix.patches) == 60
    assert figures["gap_themes"].axes[0].images[0].get_array().shape == (1, 60)
    boxes = figures["score_distribution"].axes[0]
    assert boxes.get_xlim() == (-0.5, 59.5)
    for axes in (volume, mix, boxes, figures["gap_themes"].axes[0]):
        ticks = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
        assert 10 <= len(ticks) <= MAX_TICKS
        assert ticks[0] == "2025-W02" and ticks[1] == "2025-W05"  # every third week


def test_months_without_data_are_drawn(sparse_store):
    axes = summary_plots(sparse_store, period="month")["severity_mix"].axes[0]
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert labels[:3] == ["2025-01", "2025-02", "2025-03"]
    assert len(labels) == 14


def test_heatmap_colour_bar_counts_in_whole_numbers(store):
    figure = summary_plots(store, period="week")["gap_themes"]
    colour_bar = figure.axes[1]
    ticks = [t.get_text() for t in colour_bar.get_yticklabels() if t.get_text()]
    assert ticks == ["0", "1"]


def test_score_plots(store):
    figures = summary_plots(store, period="month")
    boxes = figures["score_distribution"].axes[0]
    assert boxes.get_ylabel() == "score (0-10)"
    assert len([t for t in boxes.get_xticklabels() if t.get_text()]) == 14
    by_severity = figures["score_vs_severity"].axes[0]
    labels = [t.get_text().split("\n")[0] for t in by_severity.get_xticklabels()]
    assert labels == ["none", "Low", "Medium", "High", "Critical"]


def test_filters_and_dates_narrow_the_plots(store):
    axes = summary_plots(store, period="week", since="2025-03-01", until="2025-03-31")[
        "volume"
    ].axes[0]
    assert len(axes.patches) == 2 * 5  # five Monday-to-Sunday weeks hold March's records


def test_empty_store_says_no_data(tmp_path):
    figures = summary_plots(Store(tmp_path / "e.db"), period="week")
    for figure in figures.values():
        texts = [t.get_text() for t in figure.axes[0].texts]
        assert texts and texts[0].startswith("no data")


def test_bad_period():
    with pytest.raises(ValueError, match="period must be"):
        summary_plots(Store(":memory:"), period="day")


def test_shorten():
    assert shorten("short") == "short"
    assert shorten("x" * 50, 10) == "x" * 9 + "…"
