"""Figures for the desk: small counts suppressed so that none can be worked out, times as median and 90th percentile."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.core.figures import summarise_durations, suppress_table
from tomoshibi.hotline.models import Report
from tomoshibi.testing.personas import submit


def test_it_hides_counts_of_one_and_two_and_shows_zero():
    table = suppress_table([[0, 5, 7], [1, 6, 9]])
    assert table.cells[0][0] == 0
    assert table.cells[1][0] is None


def test_it_hides_a_second_cell_so_the_first_cannot_be_worked_out():
    table = suppress_table([[2, 5, 10], [4, 4, 4], [0, 0, 7]])
    assert table.cells[0][:2] == [None, None]
    assert table.row_totals == [17, 12, 7] and table.total == 36


@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=1, max_size=5))
def test_it_never_leaves_a_line_with_one_hidden_entry(counts):
    table = suppress_table(counts)
    rows = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    rows.append([*table.column_totals, table.total])
    columns = [list(column) for column in zip(*rows, strict=True)]
    for line in rows + columns:
        assert sum(value is None for value in line) != 1
    for row, shown in zip(counts, table.cells, strict=True):
        for count, value in zip(row, shown, strict=True):
            assert value in (count, None)
            assert not (0 < count < 3 and value is not None)


def test_it_summarises_times_only_over_three_reports_or_more():
    assert summarise_durations([3600, 7200]) is None
    summary = summarise_durations([3600, 7200, 10800, 36000])
    assert (summary.count, summary.median_hours) == (4, 2.5)
    assert summary.p90_hours == pytest.approx(7.9)


def row_of(page: str, label: str) -> str:
    return page.split(f"{label}</th>")[1].split("</tr>")[0]


@pytest.mark.django_db
def test_it_shows_the_desks_figures_as_tables_and_charts(hotline, analyst_client):
    removed = timezone.now() + timedelta(days=1)
    for number in range(4):
        report, _ = submit(hotline, f"https://figures-{number}.example/", category="csam")
        assessed = report.created_at + timedelta(hours=number + 1)
        Report.objects.filter(pk=report.pk).update(decision="illegal", assessed_at=assessed, removed_at=removed)
    for number in range(3):
        submit(hotline, f"https://waiting-{number}.example/", category="sextortion")
    page = analyst_client.get(reverse("hotline:figures", args=[hotline.slug])).content.decode()
    assert "Reports by category and decision" in page
    assert row_of(page, "Child sexual abuse material").startswith("<td>4</td>")
    assert row_of(page, "Sextortion (threats to share sexual images)").endswith("<td>3</td><td>3</td>")
    assert "<td>2.5</td>" in row_of(page, "All categories")  # median hours to assessment
    for image_format, content_type in (("svg", "image/svg+xml"), ("png", "image/png")):
        for name in ("categories", "decisions"):
            response = analyst_client.get(reverse("hotline:chart", args=[hotline.slug, name, image_format]))
            assert response.status_code == 200 and response["Content-Type"] == content_type
    svg = analyst_client.get(reverse("hotline:chart", args=[hotline.slug, "categories", "svg"])).content.decode()
    assert "Child sexual abuse material" in svg and ">4<" in svg.replace(" ", "")
    assert analyst_client.get(reverse("hotline:chart", args=[hotline.slug, "other", "svg"])).status_code == 404


@pytest.mark.django_db
def test_it_shows_no_count_below_three(hotline, analyst_client):
    submit(hotline, "https://lonely.example/", category="sextortion")
    submit(hotline, "https://lonely-2.example/", category="sextortion")
    page = analyst_client.get(reverse("hotline:figures", args=[hotline.slug])).content.decode()
    assert "<td>2</td>" not in row_of(page, "Sextortion (threats to share sexual images)")
    assert "<td>2</td>" not in page.split("<tfoot>")[1]
    svg = analyst_client.get(reverse("hotline:chart", args=[hotline.slug, "categories", "svg"])).content.decode()
    assert "fewer than 3" in svg


def test_it_draws_two_bars_for_a_summary_and_none_for_too_few_reports():
    from tomoshibi.hotline.plots import duration_chart

    svg = duration_chart(
        ["Sextortion", "All categories"],
        [None, 2.5],
        [None, 3.7],
        title="Hours to assessment",
        median_label="Median",
        p90_label="90th percentile",
        hidden_label="fewer than 3 reports",
        image_format="svg",
        number=lambda hours: f"{hours:.1f}".replace(".", ","),
    ).decode()
    for text in ("Hours to assessment", "Median", "90th percentile", "fewer than 3 reports", "2,5", "3,7"):
        assert text in svg


@pytest.mark.django_db
def test_it_charts_the_times_to_assessment_and_removal(hotline, analyst_client):
    for number in range(4):
        report, _ = submit(hotline, f"https://timed-{number}.example/", category="csam")
        assessed = report.created_at + timedelta(hours=number + 1)
        removed = report.created_at + timedelta(hours=10 * (number + 1))
        Report.objects.filter(pk=report.pk).update(decision="illegal", assessed_at=assessed, removed_at=removed)
    page = analyst_client.get(reverse("hotline:figures", args=[hotline.slug])).content.decode()
    for name in ("assessment-times", "removal-times"):
        image = reverse("hotline:chart", args=[hotline.slug, name, "svg"])
        assert f'<img src="{image}" alt="Bar chart of the median and 90th-percentile hours' in page
        assert reverse("hotline:chart", args=[hotline.slug, name, "png"]) in page
        png = analyst_client.get(reverse("hotline:chart", args=[hotline.slug, name, "png"]))
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    to_assessment = analyst_client.get(reverse("hotline:chart", args=[hotline.slug, "assessment-times", "svg"]))
    assert to_assessment["Content-Type"] == "image/svg+xml"
    svg = to_assessment.content.decode()
    assert "Hours from receipt to assessment" in svg and "Median" in svg and "90th percentile" in svg
    assert ">2.5<" in svg.replace(" ", "") and ">3.7<" in svg.replace(" ", "")  # the table's figures
    assert "fewer than 3 reports" in svg  # the categories without reports
    removal = analyst_client.get(reverse("hotline:chart", args=[hotline.slug, "removal-times", "svg"])).content
    assert ">25.0<" in removal.decode().replace(" ", "")  # median of 10, 20, 30, 40 hours


@pytest.mark.django_db
def test_it_labels_the_time_charts_in_the_readers_language(hotline, analyst_client):
    url = reverse("hotline:chart", args=[hotline.slug, "removal-times", "svg"]).replace("/en/", "/ja/", 1)
    svg = analyst_client.get(url).content.decode()
    assert "受付から削除までの時間" in svg and "中央値" in svg and "通報3件未満" in svg
