"""The document pages: upload with its messages next to the field, the list on the file
and the dossier, the download (an attachment, logged), the delete with a confirmation,
and 404 for whoever may not see the file."""

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.documents.models import Document, DocumentKind
from koers.documents.services import document_upload
from tests.documents.files import EXE, PDF, PNG, stored_files, upload
from tests.factories import DossierFactory, PersonFactory, TrajectoryFactory


@pytest.fixture
def client_person(branch):
    return PersonFactory(location=branch, given_name="Amina", family_name="Haddad")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored(person, by, *, dossier=None, name="besluit.pdf", content=PDF):
    return document_upload(
        person=person,
        dossier=dossier,
        upload=upload(name, content),
        name=name,
        kind=DocumentKind.IND_DECISION,
        title="Besluit op aanvraag",
        by=by,
    )


def post_upload(client, url, file, **fields):
    data = {"kind": DocumentKind.LETTER, "title": "Brief gemeente", "description": "", **fields}
    if file is not None:
        data["file"] = file
    return client.post(url, data)


def test_team_leader_uploads_and_sees_the_document_on_the_file(
    db, users, client_person, document_store
):
    client = login(users[Role.TEAM_LEADER])
    url = reverse("documents:add", kwargs={"person_uid": client_person.uid})
    page = client.get(url)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = post_upload(client, url, upload("brief.pdf"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.kind, document.file_name) == (
        "Brief gemeente",
        DocumentKind.LETTER,
        "brief.pdf",
    )
    assert len(stored_files(document_store)) == 1
    file_page = client.get(reverse("people:file", kwargs={"person_uid": client_person.uid}))
    body = file_page.content.decode()
    assert "Brief gemeente" in body
    assert reverse("documents:download", kwargs={"document_uid": document.uid}) in body


def _message_of(response) -> str:
    return " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("leeg.pdf", b""), "Het bestand is leeg"),
        (upload("setup.pdf", EXE), "Dit bestandstype kan niet"),
        (upload("foto.png", PDF), "Dit bestandstype kan niet"),
        (None, "Kies een bestand"),
    ],
)
def test_a_bad_upload_shows_its_message_next_to_the_field_and_stores_nothing(
    db, users, client_person, document_store, file, message
):
    client = login(users[Role.TEAM_LEADER])
    url = reverse("documents:add", kwargs={"person_uid": client_person.uid})
    response = post_upload(client, url, file)
    assert response.status_code == 422
    assert message in _message_of(response)
    assert 'id="id_file_error"' in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(document_store) == []


@override_settings(KOERS_DOCUMENT_MAX_BYTES=1000)
def test_a_too_large_upload_says_the_limit(db, users, client_person, document_store):
    client = login(users[Role.TEAM_LEADER])
    url = reverse("documents:add", kwargs={"person_uid": client_person.uid})
    response = post_upload(client, url, upload("groot.pdf", PDF + b"x" * 1000))
    assert response.status_code == 422
    assert "te groot" in _message_of(response) and "1000" in _message_of(response)
    assert stored_files(document_store) == []


def multipart(file_name: str, content: bytes, fields: dict) -> tuple[bytes, str]:
    """A form posted as a browser might, with the file's name exactly as given (Django's
    test client would shorten it: we test what the server does with the full name)."""
    boundary = "koersgrens"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


@pytest.mark.parametrize("name", ["../../etc/besluit.pdf", "C:\\scans\\besluit.pdf", ".."])
def test_a_name_with_folders_is_refused_not_shortened(
    db, users, client_person, document_store, name
):
    client = login(users[Role.TEAM_LEADER])
    url = reverse("documents:add", kwargs={"person_uid": client_person.uid})
    body, boundary = multipart(name, PDF, {"kind": "letter", "title": "Brief"})
    response = client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 422
    assert "map" in _message_of(response)
    assert not Document.objects.exists() and stored_files(document_store) == []


def test_a_plain_name_posted_the_same_way_is_stored(db, users, client_person, document_store):
    client = login(users[Role.TEAM_LEADER])
    url = reverse("documents:add", kwargs={"person_uid": client_person.uid})
    body, boundary = multipart("besluit.pdf", PDF, {"kind": "letter", "title": "Brief"})
    response = client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302
    assert Document.objects.get().file_name == "besluit.pdf"


def test_download_is_an_attachment_with_a_safe_name_and_is_logged(db, users, client_person):
    leader = users[Role.TEAM_LEADER]
    document = stored(client_person, leader, name='scan "1"\u00e9.png', content=PNG)
    response = login(leader).get(
        reverse("documents:download", kwargs={"document_uid": document.uid})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''scan%20%221%22%C3%A9.png" in disposition
    log = AccessLogEntry.objects.get(user=leader, action=AccessLogEntry.Action.EXPORT)
    assert log.person_id == client_person.pk
    assert "document gedownload" in log.what


@pytest.mark.parametrize(
    "role",
    [Role.VOLUNTEER, Role.MUNICIPALITY_VIEWER, "other_team_leader", Role.ADMINISTRATOR, "no_role"],
)
def test_who_may_not_see_the_file_gets_404_and_no_log(db, users, client_person, role):
    document = stored(client_person, users[Role.TEAM_LEADER])
    client = login(users[role])
    for name in ("documents:download", "documents:delete"):
        response = client.get(reverse(name, kwargs={"document_uid": document.uid}))
        assert response.status_code == 404, name
    add = client.get(reverse("documents:add", kwargs={"person_uid": client_person.uid}))
    assert add.status_code == 404
    assert not AccessLogEntry.objects.filter(user=users[role]).exists()


def test_the_coach_downloads_a_document_of_their_client_not_of_another(
    db, users, client_person, branch
):
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=client_person, coach=volunteer.staff_member)
    mine = stored(client_person, users[Role.TEAM_LEADER])
    theirs = stored(PersonFactory(location=branch), users[Role.TEAM_LEADER])
    client = login(volunteer)
    assert (
        client.get(reverse("documents:download", kwargs={"document_uid": mine.uid})).status_code
        == 200
    )
    assert (
        client.get(reverse("documents:download", kwargs={"document_uid": theirs.uid})).status_code
        == 404
    )


def test_dossier_documents_are_shown_to_legal_not_to_the_coach(db, users, client_person):
    dossier = DossierFactory(person=client_person)
    document = stored(client_person, users[Role.LEGAL], dossier=dossier)
    legal = login(users[Role.LEGAL])
    page = legal.get(reverse("documents:dossier", kwargs={"dossier_uid": dossier.uid}))
    assert page.status_code == 200 and "Besluit op aanvraag" in page.content.decode()
    download = reverse("documents:download", kwargs={"document_uid": document.uid})
    assert legal.get(download).status_code == 200
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=client_person, coach=volunteer.staff_member)
    coach = login(volunteer)
    assert coach.get(download).status_code == 404
    file_page = coach.get(reverse("people:file", kwargs={"person_uid": client_person.uid}))
    assert "Besluit op aanvraag" not in file_page.content.decode()


def test_legal_uploads_to_a_dossier(db, users, client_person, document_store):
    dossier = DossierFactory(person=client_person)
    client = login(users[Role.LEGAL])
    url = reverse("documents:dossier_add", kwargs={"dossier_uid": dossier.uid})
    response = post_upload(client, url, upload("besluit.pdf"), kind=DocumentKind.IND_DECISION)
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:dossier", kwargs={"dossier_uid": dossier.uid})
    assert Document.objects.get().dossier == dossier


def test_delete_asks_first_then_deletes_record_and_file(
    db, users, client_person, document_store, django_capture_on_commit_callbacks
):
    leader = users[Role.TEAM_LEADER]
    document = stored(client_person, leader)
    client = login(leader)
    url = reverse("documents:delete", kwargs={"document_uid": document.uid})
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, verwijderen" in confirm.content.decode()
    assert Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": document.version})
    assert response.status_code == 302
    assert not Document.objects.exists() and stored_files(document_store) == []


def test_the_file_lists_documents_in_a_fixed_number_of_queries(
    db, users, client_person, django_assert_max_num_queries
):
    leader = users[Role.TEAM_LEADER]
    client = login(leader)
    url = reverse("people:file", kwargs={"person_uid": client_person.uid})
    stored(client_person, leader)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        stored(client_person, leader)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count("Besluit op aanvraag") == 6


def test_who_only_reads_gets_no_delete_link(db, users, client_person):
    document = stored(client_person, users[Role.TEAM_LEADER])
    url = reverse("people:file", kwargs={"person_uid": client_person.uid})
    delete = reverse("documents:delete", kwargs={"document_uid": document.uid})
    assert delete in login(users[Role.TEAM_LEADER]).get(url).content.decode()
    page = login(users[Role.REGIONAL_MANAGER]).get(url).content.decode()
    assert "Besluit op aanvraag" in page and delete not in page
    assert login(users[Role.REGIONAL_MANAGER]).get(delete).status_code == 404
