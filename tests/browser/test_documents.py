"""Documents in the browser: a team leader uploads an IND decision to a client's file,
sees it listed and downloads it; a volunteer who coaches someone else gets 404 for it;
every download is in the access log; a bad upload is refused with its message next to the
field (at phone width); the client file prints with the client's name and the print date
on every page (Chromium's own PDF) and without the menu."""

import shutil

from playwright.sync_api import expect

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.documents.models import Document
from tests.browser.conftest import ARTIFACTS
from tests.documents.files import EXE, PDF, pdf_pages
from tests.documents.files import stored_files as files_in
from tests.factories import ContactFactory, DossierFactory, PersonFactory, TrajectoryFactory

PHONE_SMALL = {"width": 360, "height": 740}


def test_team_leader_uploads_lists_and_downloads_a_volunteer_of_another_client_gets_404(
    as_user, users, branch, tmp_path, document_store
):
    client = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=PersonFactory(location=branch), coach=volunteer.staff_member)
    scan = tmp_path / "besluit IND 2017.pdf"
    scan.write_bytes(PDF)

    page = as_user(users[Role.TEAM_LEADER])
    page.goto(f"/clienten/{client.uid}/")
    page.get_by_role("link", name="Document toevoegen").click()
    page.get_by_label("Bestand").set_input_files(str(scan))
    page.get_by_label("Soort").select_option(label="IND-besluit")
    page.get_by_label("Titel").fill("Besluit gezinshereniging")
    page.get_by_role("button", name="Uploaden").click()
    page.get_by_text("Het document is opgeslagen.").wait_for()
    row = page.locator("table.documents tr", has_text="Besluit gezinshereniging")
    assert "IND-besluit" in row.inner_text()
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Downloaden").click()
    download = download_info.value
    assert download.suggested_filename == "besluit IND 2017.pdf"
    assert open(download.path(), "rb").read() == PDF  # noqa: SIM115
    document = Document.objects.get()
    assert len(files_in(document_store)) == 1
    assert AccessLogEntry.objects.filter(
        user=users[Role.TEAM_LEADER], person=client, action=AccessLogEntry.Action.EXPORT
    ).exists()

    other = as_user(volunteer, viewport=PHONE_SMALL)
    response = other.goto(f"/documenten/{document.uid}/bestand/")
    assert response.status == 404
    assert other.goto(f"/clienten/{client.uid}/").status == 404
    assert not AccessLogEntry.objects.filter(user=volunteer, person=client).exists()

    phone = as_user(users[Role.TEAM_LEADER], viewport=PHONE_SMALL)  # the list on a phone
    phone.goto(f"/clienten/{client.uid}/#documenten")
    expect(phone.locator("table.documents").get_by_text("Besluit gezinshereniging")).to_be_visible()


def test_a_bad_upload_is_refused_with_its_message_next_to_the_field(
    as_user, users, branch, tmp_path, document_store
):
    client = PersonFactory(location=branch, given_name="Yonas", family_name="Gebre")
    dossier = DossierFactory(person=client)
    program = tmp_path / "brief.pdf"
    program.write_bytes(EXE)
    page = as_user(users[Role.LEGAL], viewport=PHONE_SMALL)
    page.goto(f"/juridisch/{dossier.uid}/")
    page.get_by_role("link", name="Documenten bij dit dossier").click()
    page.get_by_role("link", name="Document toevoegen").click()
    page.get_by_label("Bestand").set_input_files(str(program))
    page.get_by_label("Soort").select_option(label="brief")
    page.get_by_label("Titel").fill("Brief van de IND")
    page.get_by_role("button", name="Uploaden").click()
    error = page.locator("#id_file_error")
    error.wait_for()
    assert "Dit bestandstype kan niet" in error.inner_text()
    field = page.locator(".field.has-error")
    assert field.locator("input[type=file]").count() == 1  # the message is the field's own
    assert not Document.objects.exists() and files_in(document_store) == []


def test_the_client_file_prints_with_name_and_date_on_every_page(as_user, users, branch, tmp_path):
    client = PersonFactory(location=branch, given_name="Rahel", family_name="Tekle")
    for day in range(1, 25):
        ContactFactory(location=branch, person=client, kind="coaching", note=f"Gesprek {day}")
    page = as_user(users[Role.TEAM_LEADER])
    page.goto(f"/clienten/{client.uid}/")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "documents-client-file-print.png", full_page=True)
    pdf = tmp_path / "dossier.pdf"
    page.pdf(path=str(pdf), format="A4")
    shutil.copy(pdf, ARTIFACTS / "documents-client-file-print.pdf")
    pages = pdf_pages(pdf)
    assert len(pages) > 2
    for number, text_of_page in enumerate(pages, 1):
        assert "Rahel Tekle" in text_of_page, number
        assert "Afgedrukt op" in text_of_page, number
    text = "".join(pages)
    assert "Uitloggen" not in text and "Contact loggen" not in text
