"""The client file on paper: the print frame on the page, and the PDF for a handover
(WeasyPrint with the print stylesheet), with the file's access check and logged."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.documents.handover import fetch_nothing, file_as_pdf
from tests.documents.files import pdf_pages
from tests.factories import ContactFactory, PersonFactory, TrajectoryFactory


@pytest.fixture
def client_person(branch):
    person = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    ContactFactory(location=branch, person=person, kind="coaching")
    return person


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_file_page_has_a_print_heading_with_name_and_date(db, users, client_person):
    page = login(users[Role.TEAM_LEADER]).get(
        reverse("people:file", kwargs={"person_uid": client_person.uid})
    )
    body = page.content.decode()
    assert 'class="print-frame"' in body
    heading = body[body.index('class="print-heading"') : body.index("</thead>")]
    assert "Amina Haddad" in heading and "Afgedrukt op" in heading
    printed = heading[heading.index("Afgedrukt op") :]
    # the house's way of writing a moment: "7 dec. 2026 05:50"
    assert re.search(r"Afgedrukt op \d{1,2} [a-z]{3}\.? \d{4} \d{2}:\d{2}", printed), printed


def test_the_handover_pdf_has_name_and_date_on_every_page_and_no_menu(
    db, users, client_person, tmp_path
):
    leader = users[Role.TEAM_LEADER]
    response = login(leader).get(
        reverse("documents:file_pdf", kwargs={"person_uid": client_person.uid})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "dossier.pdf"
    path.write_bytes(response.content)
    pages = pdf_pages(path)
    assert len(pages) > 1  # the sections each on a page of their own
    for page in pages:
        assert "Amina Haddad" in page and "Afgedrukt op" in page
    text = "".join(pages)
    assert "Uitloggen" not in text and "Gegevens wijzigen" not in text
    assert AccessLogEntry.objects.filter(
        user=leader, person=client_person, action=AccessLogEntry.Action.EXPORT
    ).exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.MUNICIPALITY_VIEWER, "other_team_leader"])
def test_the_handover_pdf_is_404_for_who_may_not_see_the_file(db, users, client_person, role):
    response = login(users[role]).get(
        reverse("documents:file_pdf", kwargs={"person_uid": client_person.uid})
    )
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(user=users[role]).exists()


def test_the_coach_may_print_their_client(db, users, client_person):
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=client_person, coach=volunteer.staff_member)
    response = login(volunteer).get(
        reverse("documents:file_pdf", kwargs={"person_uid": client_person.uid})
    )
    assert response.status_code == 200


def test_the_pdf_fetches_nothing(db):
    with pytest.raises(ValueError, match="not fetched"):
        fetch_nothing("file:///etc/passwd")
    html = '<link rel="stylesheet" href="file:///etc/passwd"><img src="http://example.org/x.png">'
    assert file_as_pdf(html).startswith(b"%PDF-")


def test_the_handover_pdf_is_one_export_row_for_the_client(db, users, client_person):
    leader = users[Role.TEAM_LEADER]
    login(leader).get(reverse("documents:file_pdf", kwargs={"person_uid": client_person.uid}))
    [row] = AccessLogEntry.objects.filter(user=leader, person=client_person)
    assert (row.action, row.what) == ("export", "cliëntdossier als pdf (overdracht)")


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [("deadlines:worklist", "Termijnen"), ("legal:dossier_list", "Dossiers")],
)
def test_the_worklists_print_with_their_heading_and_date(db, users, url_name, heading):
    body = login(users[Role.TEAM_LEADER]).get(reverse(url_name)).content.decode()
    frame = body[body.index('class="print-heading"') : body.index("</thead>")]
    assert heading in frame and "Afgedrukt op" in frame
