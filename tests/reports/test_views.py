"""The report pages: who reaches what, the story's versions, publishing, downloads."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core.scoping import Role
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports.models import EditionFile, PublishedReport, ReportNarrative
from tests.conftest import make_user
from tests.factories import PersonFactory, PlacementFactory
from tests.reports.conftest import MARCH, figures_in_html, publish

HTMX = {"HTTP_HX_REQUEST": "true"}


def report_url(location, year=2017):
    return reverse("reports:report", args=[location.uid, year])


def shown_value(html: str, key: str) -> str:
    return figures_in_html(html)[key]


def test_team_leader_opens_the_report_of_own_branch_with_the_engines_figures(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    html = client.get(report_url(world["branch"])).content.decode()
    figures = compute(locations=[world["branch"]], period=Period.year(2017))
    assert "Rijnmond: 2017 in cijfers" in html
    assert shown_value(html, "housing.persons_housed") == str(figures["housing.persons_housed"])
    assert shown_value(html, "housing.children") == "2"
    assert "<textarea" in html


def test_team_leader_gets_404_for_the_report_of_another_branch(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    assert client.get(report_url(world["other_branch"])).status_code == 404


def test_regional_manager_reads_the_region_but_neither_writes_nor_publishes(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    response = client.get(report_url(world["other_branch"]))
    assert response.status_code == 200
    assert b"<textarea" not in response.content
    branch = world["branch"]
    narrative = reverse("reports:narrative", args=[branch.uid, 2017, "housing"])
    assert client.post(narrative, {"text": "x", "version": "0"}).status_code == 404
    publish = reverse("reports:publish", args=[branch.uid, 2017])
    assert client.post(publish).status_code == 404
    assert not PublishedReport.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.VOLUNTEER, Role.LEGAL, Role.ADMINISTRATOR, Role.MUNICIPALITY_VIEWER, "no_role"]
)
def test_roles_without_report_reach_get_no_yearly_report(client, users, world, role):
    client.force_login(users[role])
    assert client.get(report_url(world["branch"])).status_code == 404
    download = reverse("reports:download", args=[world["branch"].uid, 2017, "json"])
    assert client.get(download).status_code == 404


def test_volunteer_gets_no_reports_page_at_all(client, users, world):
    client.force_login(users[Role.VOLUNTEER])
    assert client.get(reverse("reports:index")).status_code == 404
    assert client.get(reverse("reports:municipality")).status_code == 404


def test_story_is_saved_in_versions_with_history(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:narrative", args=[world["branch"].uid, 2017, "housing"])
    first = client.post(url, {"text": "Eerste versie.", "version": "0"}, **HTMX)
    assert "Opgeslagen (versie 1)" in first.content.decode()
    second = client.post(url, {"text": "Tweede versie.", "version": "1"}, **HTMX)
    html = second.content.decode()
    assert "Opgeslagen (versie 2)" in html
    assert "2 opgeslagen versies" in html
    assert ReportNarrative.objects.get().text == "Tweede versie."
    page = client.get(report_url(world["branch"])).content.decode()
    assert "Tweede versie." in page
    assert '<input type="hidden" name="version" value="2">' in page  # the editor's lock


def test_stale_story_edit_is_refused_and_keeps_both_texts(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:narrative", args=[world["branch"].uid, 2017, "intro"])
    client.post(url, {"text": "Van een collega.", "version": "0"}, **HTMX)
    response = client.post(url, {"text": "Mijn tekst.", "version": "0"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'role="alert"' in html
    assert "Van een collega." in html and "Mijn tekst." in html
    assert ReportNarrative.objects.get().text == "Van een collega."


def test_story_without_htmx_redirects_back_to_the_report(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:narrative", args=[world["branch"].uid, 2017, "housing"])
    response = client.post(url, {"text": "Tekst.", "version": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith("#tekst-housing")


def test_a_refused_story_without_htmx_keeps_the_text_on_a_page_of_its_own(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:narrative", args=[world["branch"].uid, 2017, "housing"])
    client.post(url, {"text": "Van een collega.", "version": "0"})
    response = client.post(url, {"text": "Mijn tekst.", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" in html and "Mijn tekst." in html and "Van een collega." in html


def test_published_edition_is_frozen_and_corrections_show_since_publication(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    branch = world["branch"]
    client.post(reverse("reports:narrative", args=[branch.uid, 2017, "housing"]),
                {"text": "Een goed jaar.", "version": "0"})  # fmt: skip
    response = publish(client, branch, 2017)
    first = PublishedReport.objects.get()
    assert response["Location"] == reverse("reports:edition", args=[first.uid])
    assert first.figures["housing.persons_housed"] == 7
    assert first.narrative == {"housing": "Een goed jaar."}
    assert first.definitions_version == "1"
    assert len(first.monthly) == 12

    PlacementFactory(person=PersonFactory(location=branch), housed_on=MARCH)
    edition_page = client.get(reverse("reports:edition", args=[first.uid])).content.decode()
    assert shown_value(edition_page, "housing.persons_housed") == "7"
    assert re.search(r'data-key="housing.persons_housed">.*?<td class="num since"[^>]*>\+1</td>',
                     edition_page, re.S)  # fmt: skip
    live = client.get(report_url(branch)).content.decode()
    assert shown_value(live, "housing.persons_housed") == "8"
    assert "sinds publicatie" in live

    publish(client, branch, 2017, seen=1)
    second = PublishedReport.objects.get(edition=2)
    assert second.figures["housing.persons_housed"] == 8
    first.refresh_from_db()
    assert first.figures["housing.persons_housed"] == 7


def test_download_gives_an_attachment_and_unknown_formats_404(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    branch = world["branch"]
    response = client.get(reverse("reports:download", args=[branch.uid, 2017, "json"]))
    assert response["Content-Type"] == "application/json"
    assert 'filename="jaarverslag-rijnmond-2017-concept.json"' in response["Content-Disposition"]
    assert response.json()["figures"]["housing.persons_housed"] == 7
    bad = client.get(reverse("reports:download", args=[branch.uid, 2017, "docx"]))
    assert bad.status_code == 404


def test_region_report_puts_branches_side_by_side_with_the_engines_region_total(
    client, users, world
):
    client.force_login(users[Role.REGIONAL_MANAGER])
    region = world["branch"].region
    html = client.get(reverse("reports:region", args=[region, 2017])).content.decode()
    total = compute(locations=[world["branch"], world["other_branch"]], period=Period.year(2017))
    row = re.search(r'<tr data-key="housing.persons_housed">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num[^"]*">([^<]*)</td>', row) == [
        "7",
        "3",
        str(total["housing.persons_housed"]),
    ]


def test_team_leader_of_one_branch_gets_no_region_report(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    region = world["branch"].region
    assert client.get(reverse("reports:region", args=[region, 2017])).status_code == 404


def test_municipality_viewer_lands_on_own_branch(client, users, world):
    client.force_login(users[Role.MUNICIPALITY_VIEWER])
    response = client.get(reverse("reports:municipality"))
    assert response["Location"] == reverse(
        "reports:municipality_branch", args=[world["branch"].uid]
    )


def test_municipality_viewer_of_another_branch_gets_404_everywhere(client, users, world):
    branch = world["branch"]
    edition = PublishedReport.objects.create(
        location=branch, year=2017, published_on=MARCH, figures={}, previous_figures={},
        definitions_version="1",
    )  # fmt: skip
    client.force_login(make_user(Role.MUNICIPALITY_VIEWER, world["other_branch"], username="w"))
    for name in ["municipality_branch", "municipality_period", "municipality_quota"]:
        assert client.get(reverse(f"reports:{name}", args=[branch.uid])).status_code == 404
    assert client.get(reverse("reports:edition", args=[edition.uid])).status_code == 404


def test_municipality_period_figures_hide_small_counts(client, users, world):
    client.force_login(users[Role.MUNICIPALITY_VIEWER])
    url = reverse("reports:municipality_period", args=[world["branch"].uid])
    html = client.get(url, {"jaar": 2017, "periode": "M03"}).content.decode()
    assert shown_value(html, "housing.persons_housed") == "7"
    assert shown_value(html, "housing.children") == "&lt;5"
    assert shown_value(html, "housing.adults") == "\u00d7"
    assert client.get(url, {"jaar": 2017, "periode": "Q3"}).status_code == 404


def test_an_edition_is_rendered_once_then_served_as_stored(client, users, world):
    """A municipality's downloads of an edition pay no render (a PDF takes seconds)."""
    client.force_login(users[Role.TEAM_LEADER])
    publish(client, world["branch"], 2017)
    edition = PublishedReport.objects.get()
    client.force_login(users[Role.MUNICIPALITY_VIEWER])
    url = reverse("reports:edition_download", args=[edition.uid, "json"])
    first = client.get(url)
    assert 'filename="jaarverslag-rijnmond-2017-editie-1.json"' in first["Content-Disposition"]
    stored = EditionFile.objects.get(edition=edition, format="json")
    assert bytes(stored.content) == first.content
    EditionFile.objects.filter(pk=stored.pk).update(content=b"as stored")
    assert client.get(url).content == b"as stored"
    assert (
        client.get(reverse("reports:edition_download", args=[edition.uid, "odt"])).status_code
        == 404
    )
    assert EditionFile.objects.count() == 1


def test_no_page_of_the_municipality_view_contains_personal_data(
    client, users, world, personal_data
):
    team_leader, viewer = users[Role.TEAM_LEADER], users[Role.MUNICIPALITY_VIEWER]
    client.force_login(team_leader)
    publish(client, world["branch"], 2017)
    edition = PublishedReport.objects.get()
    client.force_login(viewer)
    uid = world["branch"].uid
    pages = [
        reverse("reports:municipality_branch", args=[uid]),
        reverse("reports:municipality_period", args=[uid]) + "?jaar=2017&periode=H1",
        reverse("reports:municipality_period", args=[uid]) + "?jaar=2017&periode=M03",
        reverse("reports:municipality_topics", args=[uid]) + "?jaar=2017",
        reverse("reports:municipality_quota", args=[uid]) + "?jaar=2017",
        reverse("reports:edition", args=[edition.uid]),
        reverse("reports:edition_download", args=[edition.uid, "json"]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        text = response.content.decode()
        leaks = [value for value in personal_data if value and value in text]
        assert not leaks, (page, leaks)


def test_choosing_a_branch_and_year_opens_its_report(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    response = client.get(reverse("reports:index"), {"locatie": "rijnmond", "jaar": "2017"})
    assert response["Location"] == report_url(world["branch"])
    other = client.get(reverse("reports:index"), {"locatie": "waalstad", "jaar": "2017"})
    assert other.status_code == 200  # another branch is simply not offered


def test_report_page_queries_do_not_grow_with_the_records(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    client.get(report_url(world["branch"]))  # warm the session, content types and the facts
    with CaptureQueriesContext(connection) as before:  # the figures from the facts
        client.get(report_url(world["branch"]))
    PlacementFactory(person__location=world["branch"], housed_on=MARCH)
    with CaptureQueriesContext(connection) as computed:  # stale: computed again, stored
        client.get(report_url(world["branch"]))
    PlacementFactory.create_batch(12, person__location=world["branch"], housed_on=MARCH)
    with CaptureQueriesContext(connection) as computed_more:
        client.get(report_url(world["branch"]))
    with CaptureQueriesContext(connection) as after:
        client.get(report_url(world["branch"]))
    assert len(computed_more.captured_queries) == len(computed.captured_queries)
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(before.captured_queries) < len(computed.captured_queries) - 25


def test_a_year_outside_the_reports_range_is_404(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    assert client.get(report_url(world["branch"], year=1)).status_code == 404


def test_a_story_edit_with_a_made_up_version_is_refused(client, users, world):
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:narrative", args=[world["branch"].uid, 2017, "housing"])
    assert client.post(url, {"text": "x", "version": "zeven"}, **HTMX).status_code == 422
    assert client.post(url, {"text": "x", "version": "7"}, **HTMX).status_code == 422
    assert not ReportNarrative.objects.exists()


def test_a_team_leader_reading_english_publishes_what_the_municipality_reads_in_dutch(
    client, users, world
):
    """The publishing preview follows its English reader; the edition keeps figures, not
    sentences, so its files are Dutch for the municipality, English when the link asks
    ``?taal=en``, each rendered once and kept under its own name ("json", "json.en")."""
    leader = users[Role.TEAM_LEADER]
    leader.language = "en"
    leader.save(update_fields=["language"])
    client.force_login(leader)
    preview = client.get(reverse("reports:publish", args=[world["branch"].uid, 2017]))
    assert preview["Content-Language"] == "en"
    assert "Preview: what the municipality sees" in preview.content.decode()
    assert "Rijnmond: 2017 in figures" in preview.content.decode()
    publish(client, world["branch"], 2017)
    edition = PublishedReport.objects.get()
    client.force_login(users[Role.MUNICIPALITY_VIEWER])
    url = reverse("reports:edition_download", args=[edition.uid, "json"])
    dutch = json.loads(client.get(url).content)
    english = json.loads(client.get(url, {"taal": "en"}).content)
    assert dutch["title"] == "Rijnmond: 2017 in cijfers"
    assert english["title"] == "Rijnmond: 2017 in figures"
    housed = edition.figures["housing.persons_housed"]
    assert housed > 1  # the world's figures the sentences below rely on
    assert f"{housed} statushouders gehuisvest" in dutch["sections"][0]["bullets"]
    assert f"{housed} status holders housed" in english["sections"][0]["bullets"]
    assert set(EditionFile.objects.values_list("format", flat=True)) == {"json", "json.en"}
    assert json.loads(client.get(url).content) == dutch
