"""The yearly report's section "Voorlichting, belangenbehartiging en samenwerking": the
consultations by kind with the partners' names, the information sessions with their
audiences, the signals reported to the municipality and the team leader's text; frozen in a
published edition; in every format; summed in the region report; aggregates for the
municipality."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.scoping import Role
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports import cooperation as report
from koers.reports.content import Inputs, build_report
from koers.reports.models import PublishedReport
from koers.reports.municipality import period_blocks
from koers.reports.sections import SECTIONS, Context, Figures
from koers.reports.selectors import live_document
from koers.reports.suppression import HIDDEN
from tests.coaching.factories import SignalFactory
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import StaffMemberFactory
from tests.security.responses import response_text

D = datetime.date
TITLE = "Voorlichting, belangenbehartiging en samenwerking"


def section_of(content, code="cooperation"):
    return next((s for s in content.sections if s.code == code), None)


def test_the_bullets_read_counts_from_figures_and_names_from_details():
    figures = Figures(
        {
            "cooperation.by_kind.case_consultation": 6,
            "cooperation.by_kind.municipality_consultation": 2,
            "cooperation.partners_met": 3,
            "cooperation.partners_met_by_kind.social_team": 2,
            "cooperation.partners_met_by_kind.municipality": 1,
            "cooperation.staff_involved": 1,
            "outreach.sessions": 2,
            "outreach.people_reached": 35,
        }
    )
    details = {
        "consultations": [
            {"kind": "case_consultation", "partners": ["Wijkteam Noord", "CJG"], "titles": ["C"]},
            {
                "kind": "municipality_consultation",
                "partners": ["Gemeente Rijnmond"],
                "titles": ["Semesteroverleg", "Overleg met de wethouder"],
            },
        ],
        "sessions": [
            {"date": "2018-03-14", "kind": "information_session", "title": "Jongeren in de kerk",
             "people_reached": 35, "partners": ["Kerkcentrum De Bron"]},
            {"date": "2018-09-01", "kind": "public_event", "title": "Open dag",
             "people_reached": None, "partners": []},
        ],
        "signals": [
            {"reported_on": "2018-05-02", "topic": "income", "description": "Toeslagen te laat."}
        ],
    }  # fmt: skip
    context = Context("Rijnmond", "Afdeling Rijnmond", 2018, details={"cooperation": details})
    assert report.bullets(figures, context) == [
        "6 casusoverleggen, met Wijkteam Noord en CJG",
        "2 overleggen met de gemeente (Semesteroverleg en Overleg met de wethouder), "
        "met Gemeente Rijnmond",
        "2 voorlichtingen en publieksactiviteiten, samen 35 mensen bereikt",
        "Jongeren in de kerk (voorlichting, 14 maart 2018): 35 aanwezigen, met Kerkcentrum De Bron",
        "Open dag (publieksactiviteit, 1 september 2018): aantal niet vastgelegd",
        "3 partners in overleg of samenwerking: 2 wijkteam of sociaal team, 1 gemeente",
        "1 medewerker van ons team nam deel",
        "1 signaal gemeld aan de gemeente",
        "Inkomen en toeslagen (gemeld 2 mei 2018): Toeslagen te laat.",
    ]


def test_an_edition_without_details_still_writes_the_counts():
    figures = Figures({"cooperation.by_kind.network_meeting": 4})
    bullets = report.bullets(figures, Context("R", "A", 2018))
    assert bullets == ["4 netwerkbijeenkomsten"]


def test_the_section_shows_with_signals_alone_and_hides_without_anything():
    empty = Inputs(figures={}, previous={}, monthly=[])
    assert section_of(build_report(municipality="R", branch="A", year=2018, inputs=empty)) is None
    signals = {"cooperation": {"consultations": [], "sessions": [], "signals": [
        {"reported_on": "2018-05-02", "topic": "housing", "description": "Te weinig woningen."}
    ]}}  # fmt: skip
    inputs = Inputs(figures={}, previous={}, monthly=[], details=signals)
    section = section_of(build_report(municipality="R", branch="A", year=2018, inputs=inputs))
    assert section.bullets[0] == "1 signaal gemeld aan de gemeente"


@pytest.fixture
def cooperation_year(branch, other_branch):
    """A 2018 of the branch: consultations with partners, two sessions, signals."""
    wijkteam = PartnerFactory(location=branch, name="Wijkteam Noord", kind="social_team")
    cjg = PartnerFactory(location=branch, name="CJG Rijnmond", kind="youth_family")
    church = PartnerFactory(location=branch, name="Kerkcentrum De Bron", kind="faith")
    leader = StaffMemberFactory(location=branch, kind="paid")
    for month in (2, 4, 6):
        ActivityFactory(
            location=branch, date=D(2018, month, 1), kind="case_consultation",
            title="Casusoverleg", partners=[wijkteam, cjg], staff=[leader],
        )  # fmt: skip
    ActivityFactory(
        location=branch, date=D(2018, 3, 14), kind="information_session",
        title="Voorlichting jongeren", partners=[church], people_reached=35,
    )  # fmt: skip
    ActivityFactory(
        location=branch, date=D(2018, 12, 31), kind="public_event", title="Open dag",
        people_reached=120,
    )  # fmt: skip
    ActivityFactory(location=branch, date=D(2017, 12, 31), kind="public_event", title="Vorig jaar")
    ActivityFactory(
        location=other_branch, date=D(2018, 5, 5), kind="network_meeting", title="Elders"
    )
    SignalFactory(
        location=branch, topic="income", description="Toeslagen komen te laat op gang.",
        noticed_on=D(2018, 1, 10), reported_on=D(2018, 2, 1),
    )  # fmt: skip
    SignalFactory(
        location=branch, topic="housing", description="Nog niet gemeld.",
        noticed_on=D(2018, 11, 1), reported_on=None,
    )  # fmt: skip
    return branch


@pytest.mark.django_db
def test_the_live_report_writes_the_section_from_records(cooperation_year):
    section = section_of(live_document(cooperation_year, 2018, months=False).content)
    assert section.title == TITLE
    assert section.bullets == [
        "3 casusoverleggen, met CJG Rijnmond en Wijkteam Noord",
        "2 voorlichtingen en publieksactiviteiten, samen 155 mensen bereikt",
        "Voorlichting jongeren (voorlichting, 14 maart 2018): 35 aanwezigen, "
        "met Kerkcentrum De Bron",
        "Open dag (publieksactiviteit, 31 december 2018): 120 aanwezigen",
        "3 partners in overleg of samenwerking: 1 wijkteam of sociaal team, "
        "1 jeugd en gezin (CJG), 1 kerk of geloofsgemeenschap",
        "1 medewerker van ons team nam deel",
        "1 signaal gemeld aan de gemeente",
        "Inkomen en toeslagen (gemeld 1 februari 2018): Toeslagen komen te laat op gang.",
    ]
    keys = [row.key for row in section.rows]
    assert "cooperation.activities" in keys and "outreach.people_reached" in keys
    codes = [s.code for s in SECTIONS]  # after the legal section, as in the seeds
    assert codes.index("cooperation") == codes.index("legal") + 1


@pytest.mark.django_db
def test_the_details_cost_three_queries(cooperation_year, django_assert_num_queries):
    with django_assert_num_queries(3):
        report.section_details(locations=[cooperation_year], period=Period.year(2018))


@pytest.mark.django_db
def test_the_team_leader_writes_the_sections_text_and_publishing_freezes_it(
    cooperation_year, users
):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("reports:narrative", args=[cooperation_year.uid, 2018, "cooperation"])
    saved = client.post(url, {"text": "Goede lijntjes met het wijkteam.", "version": "0"})
    assert saved.status_code == 302
    report_url = reverse("reports:report", args=[cooperation_year.uid, 2018])
    page = client.get(report_url).content.decode()
    assert f">{TITLE}</h2>" in page
    assert "3 casusoverleggen, met CJG Rijnmond en Wijkteam Noord" in page
    assert 'id="tekst-cooperation"' in page
    client.post(
        reverse("reports:publish", args=[cooperation_year.uid, 2018]),
        {"bevestigd": "ja", "laatste_editie": "0"},  # confirmed from the preview
    )
    edition = PublishedReport.objects.get()
    assert edition.narrative["cooperation"] == "Goede lijntjes met het wijkteam."
    assert edition.details["cooperation"]["sessions"][0]["people_reached"] == 35
    # a later correction of a partner's name leaves the edition as it was published
    cooperation_year.partners.filter(name="Wijkteam Noord").update(name="Sociaal Team Noord")
    edition_page = client.get(reverse("reports:edition", args=[edition.uid])).content.decode()
    assert "met CJG Rijnmond en Wijkteam Noord" in edition_page
    assert "Goede lijntjes met het wijkteam." in edition_page
    live = client.get(report_url).content.decode()
    assert "met CJG Rijnmond en Sociaal Team Noord" in live


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx", "json"])
def test_every_format_carries_the_section(cooperation_year, users, fmt):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    response = client.get(reverse("reports:download", args=[cooperation_year.uid, 2018, fmt]))
    assert response.status_code == 200
    text = " ".join(response_text(response).split()).replace("“", "").replace("”", "")
    for expected in (
        TITLE,
        "3 casusoverleggen, met CJG Rijnmond en Wijkteam Noord",
        "samen 155 mensen bereikt",
        "Toeslagen komen te laat op gang.",
    ):
        assert expected.replace("“", "").replace("”", "") in text.replace("“", "").replace(
            "”", ""
        ), (fmt, expected)
    if fmt == "json":
        data = json.loads(response.content)
        section = next(s for s in data["sections"] if s["code"] == "cooperation")
        assert section["details"]["signals"][0]["topic"] == "income"
        assert data["figures"]["outreach.sessions"] == 2


@pytest.mark.django_db
def test_the_region_report_sums_the_counts(cooperation_year, other_branch, users):
    client = Client()
    client.force_login(users[Role.REGIONAL_MANAGER])
    response = client.get(reverse("reports:region", args=["Zuidwest-Nederland", 2018]))
    sections = dict(response.context["table"].sections)
    rows = {row.key: row for row in sections[TITLE]}
    names = [branch.name for branch in response.context["table"].branches]
    assert dict(zip(names, rows["cooperation.activities"].values, strict=True)) == {
        "Afdeling Rijnmond": "5",
        "Afdeling Waalstad": "1",
    }
    assert rows["cooperation.activities"].total == "6"
    assert rows["outreach.people_reached"].total == "155"


@pytest.mark.django_db
def test_the_municipality_sees_the_counts_not_the_names_small_ones_hidden(cooperation_year, users):
    client = Client()
    client.force_login(users[Role.MUNICIPALITY_VIEWER])
    url = reverse("reports:municipality_period", args=[cooperation_year.uid])
    page = client.get(url, {"jaar": 2018, "periode": "H1"}).content.decode()
    assert "Samenwerking en voorlichting" in page
    assert "Wijkteam Noord" not in page
    blocks = {
        block.title: block
        for block in client.get(url, {"jaar": 2018, "periode": "H1"}).context["blocks"]
    }
    cells = {cell.key: cell.shown for cell in blocks["Samenwerking en voorlichting"].cells}
    # H1 2018: three case consultations with two partners, one session of 35 people
    assert cells["cooperation.by_kind.case_consultation"] == "<5"
    assert cells["cooperation.by_kind.information_session"] == "<5"
    assert cells["cooperation.by_kind.network_meeting"] == "0"
    assert cells["cooperation.activities"] == "<5"
    assert cells["cooperation.partners_met"] == "<5"
    assert cells["outreach.sessions"] == "<5"
    assert cells["outreach.people_reached"] == "35"


@pytest.mark.django_db
def test_a_small_kind_cannot_be_worked_out_from_the_total_and_the_other_kinds(branch):
    """Seven network meetings and three case consultations: the total (10) less the seven
    would give the three back, so one more cell is hidden (secondary suppression); and
    the sessions are the information sessions plus the public events."""
    for day in range(1, 8):
        ActivityFactory(location=branch, date=D(2018, 3, day), kind="network_meeting")
    for day in range(1, 4):
        ActivityFactory(location=branch, date=D(2018, 4, day), kind="case_consultation")
    for day in range(1, 7):
        ActivityFactory(
            location=branch, date=D(2018, 5, day), kind="information_session", people_reached=10
        )
    ActivityFactory(location=branch, date=D(2018, 6, 1), kind="public_event", people_reached=50)
    figures = compute(locations=[branch], period=Period.half(2018, 1))
    [block] = [b for b in period_blocks(figures) if b.title == "Samenwerking en voorlichting"]
    cells = {cell.key: cell.shown for cell in block.cells}
    assert cells["cooperation.by_kind.case_consultation"] == "<5"
    assert cells["cooperation.by_kind.public_event"] == "<5"
    hidden = {key for key, shown in cells.items() if shown == HIDDEN}
    assert hidden & {"cooperation.activities", "cooperation.by_kind.network_meeting"}
    assert hidden & {"outreach.sessions", "cooperation.by_kind.information_session"}
    assert cells["outreach.people_reached"] == "110"
