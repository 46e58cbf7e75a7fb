"""The yearly report as a report (#15): cover, summary, sections, appendix; "Concept" until
published; publishing only after the preview of what the municipality will see."""

import subprocess

import pytest
from django.urls import reverse

from koers.core.scoping import Role
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports.content import display
from koers.reports.exporters import render
from koers.reports.models import PublishedReport
from koers.reports.selectors import edition_document, live_document
from tests.reports.conftest import figures_in_html, publish

pytestmark = pytest.mark.django_db


def pdf_pages(pdf: bytes, directory, mode: str = "-layout") -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    path = directory / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", mode, str(path), "-"], capture_output=True, check=True,
        text=True,
    ).stdout  # fmt: skip
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def watermarked(pages_raw: list[str]) -> list[bool]:
    """Whether each page carries the rotated "Concept" (in the raw text order its letters
    come one by one, between the other lines' words)."""
    return ["Concept" in "".join(page.split()) for page in pages_raw]


def test_html_has_a_cover_a_summary_sections_and_an_appendix(world):
    html = render(live_document(world["branch"], 2017), "html").decode()
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert "VluchtelingenWerk Zuidwest-Nederland" in cover  # the foundation
    assert "Rijnmond: 2017 in cijfers" in cover and "Jaarverslag 2017" in cover
    assert "Concept" in cover
    summary = html[html.index('id="samenvatting"') : html.index('id="section-housing"')]
    assert "2017 in vogelvlucht" in summary
    assert '<span class="big">7</span>' in summary  # seven persons housed
    assert 'id="summary-quota"' in summary and "#0072B2" in summary  # a chart, in colour
    housing = html[html.index('id="section-housing"') : html.index('id="bijlage"')]
    assert "<figure" in housing and 'data-key="housing.persons_housed"' in housing
    assert '<tr data-key="' not in housing  # the tables are in the appendix …
    assert "Bijlage: alle cijfers" in html[html.index('id="bijlage"') :]  # … here


def test_every_figure_of_the_old_report_is_in_the_appendix_with_the_engines_value(world):
    """No figure dropped: each section's figure table of the report before #15 (the section's
    ``rows``) is in the appendix, plain or side by side, with the value the engine gives."""
    document = live_document(world["branch"], 2017)
    engine = compute(locations=[world["branch"]], period=Period.year(2017))
    html = figures_in_html(render(document, "html").decode())
    cells = {key: value for key, _label, value in document.content.appendix_cells()}
    old_rows = {row.key: row.value for s in document.content.sections for row in s.rows}
    assert old_rows and old_rows.keys() == cells.keys() == html.keys()
    for key, value in old_rows.items():
        assert cells[key] == html[key] == value == display(key, engine.get(key, 0)), key
    assert html["housing.persons_housed"] == "7"


def test_staff_breakdowns_stand_side_by_side_in_the_appendix():
    from koers.reports.content import FigureRow, side_by_side

    rows = [
        FigureRow(f"staff.{measure}_by_role.{role}", "", "1", "", "")
        for role in ("social", "legal", "reception")
        for measure in ("started", "ended", "active")
    ] + [FigureRow("staff.active.volunteer", "", "5", "", "")]
    plain, pivots = side_by_side(rows)
    assert [row.key for row in plain] == ["staff.active.volunteer"]
    (pivot,) = pivots
    assert len(pivot.rows) == 3 and len(pivot.columns) == 3  # 9 rows became 3 of 3
    assert pivot.columns[0] == "Ingestroomd als"


def test_pdf_has_cover_summary_and_appendix_and_concept_on_every_page(world, tmp_path):
    pages = pdf_pages(render(live_document(world["branch"], 2017), "pdf"), tmp_path)
    assert "Rijnmond: 2017 in cijfers" in pages[0] and "Jaarverslag 2017" in pages[0]
    assert "VluchtelingenWerk Zuidwest-Nederland" in pages[0]
    assert any("2017 in vogelvlucht" in page and "statushouders gehuisvest" in page
               for page in pages[1:3])  # fmt: skip
    assert any("Bijlage: alle cijfers" in page for page in pages)
    raw = pdf_pages(render(live_document(world["branch"], 2017), "pdf"), tmp_path, "-raw")
    assert all(watermarked(raw)) and len(raw) == len(pages)
    assert len(pages) <= 8  # a small branch-year: a short report


def test_the_published_edition_has_its_date_and_no_watermark(client, users, world, tmp_path):
    client.force_login(users[Role.TEAM_LEADER])
    publish(client, world["branch"], 2017)
    edition = PublishedReport.objects.get()
    pdf = render(edition_document(edition), "pdf")
    pages = pdf_pages(pdf, tmp_path)
    assert not any(watermarked(pdf_pages(pdf, tmp_path, "-raw")))
    day = edition.published_on
    assert f"Gepubliceerd op {day.day} " in pages[0] and str(day.year) in pages[0]
    html = client.get(reverse("reports:edition", args=[edition.uid])).content.decode()
    assert 'class="watermark"' not in html
    live = client.get(reverse("reports:report", args=[world["branch"].uid, 2017])).content
    assert b'class="watermark"' in live  # today's figures stay a draft for a next edition


def test_publishing_shows_the_municipalitys_view_first_and_writes_nothing(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:publish", args=[world["branch"].uid, 2017])
    preview = client.get(url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Voorbeeld: wat de gemeente ziet" in html
    assert "kan niet ongedaan worden gemaakt" in html
    assert ">Publiceren</button>" in html and ">Terug</a>" in html
    assert 'class="narrative-editor"' not in html  # as the municipality sees it: no editor
    assert 'class="watermark"' not in html  # … and as published, without "Concept"
    assert figures_in_html(html)["housing.persons_housed"] == "7"
    assert PublishedReport.objects.count() == 0


def test_a_post_without_the_confirmation_shows_the_preview_and_publishes_nothing(
    client, users, world
):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:publish", args=[world["branch"].uid, 2017])
    response = client.post(url)
    assert response.status_code == 422  # a refused save, as every other
    assert "Voorbeeld: wat de gemeente ziet" in response.content.decode()
    assert "Er is niets gepubliceerd" in response.content.decode()
    assert PublishedReport.objects.count() == 0


def test_a_preview_made_before_another_edition_publishes_nothing(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    publish(client, world["branch"], 2017)  # a colleague, meanwhile
    response = publish(client, world["branch"], 2017, seen=0)  # my preview saw none
    assert response.status_code == 422
    assert "Intussen is editie 1 gepubliceerd" in response.content.decode()
    assert PublishedReport.objects.count() == 1
    assert publish(client, world["branch"], 2017, seen=1).status_code == 302
    assert PublishedReport.objects.count() == 2


def test_regional_manager_gets_no_preview_to_publish(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    url = reverse("reports:publish", args=[world["branch"].uid, 2017])
    assert client.get(url).status_code == 404
