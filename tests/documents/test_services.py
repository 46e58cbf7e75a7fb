"""Uploading, deleting and erasing documents: what is checked, stored and logged."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test.utils import override_settings

from koers.core.actors import CLI
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.documents import services
from koers.documents.checks import check_upload, plain_name, sniffed_type
from koers.documents.models import Document, DocumentKind
from tests.documents.files import EXE, HTML, JPEG, PDF, PNG, stored_files, upload
from tests.factories import DossierFactory, PersonFactory, TrajectoryFactory


@pytest.fixture
def client_person(branch):
    return PersonFactory(location=branch, given_name="Amina", family_name="Haddad")


def add(person, by, **overrides):
    values = {
        "person": person,
        "upload": upload(),
        "name": "besluit.pdf",
        "kind": DocumentKind.IND_DECISION,
        "title": "Besluit gezinshereniging",
        "by": by,
    }
    return services.document_upload(**{**values, **overrides})


@pytest.mark.parametrize(
    ("head", "expected"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (EXE, None), (HTML, None)],
)
def test_type_is_read_from_the_first_bytes(head, expected):
    assert sniffed_type(head) == expected


def test_upload_stores_the_file_under_a_random_name_with_its_record(
    db, users, client_person, document_store
):
    document = add(client_person, users[Role.TEAM_LEADER])
    [stored] = stored_files(document_store)
    assert stored.read_bytes() == PDF
    assert "besluit" not in str(stored) and "Haddad" not in str(stored)
    assert stored.relative_to(document_store).as_posix() == document.storage_key
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.uploaded_by == users[Role.TEAM_LEADER]
    entry = ChangeLogEntry.objects.get(object_id=document.pk, action="create")
    assert entry.person_id == client_person.pk
    assert entry.user == users[Role.TEAM_LEADER]


BAD = [
    ("leeg.pdf", b"", "leeg"),
    ("programma.pdf", EXE, "bestandstype"),
    ("pagina.html", HTML, "bestandstype"),
    ("foto.pdf", PNG, "bestandstype"),  # the name says PDF, the content is a PNG
    ("../../etc/besluit.pdf", PDF, "map"),
    ("C:\\scans\\besluit.pdf", PDF, "map"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD)
def test_a_bad_file_is_refused_on_its_field_and_nothing_is_stored(
    db, users, client_person, document_store, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        add(client_person, users[Role.TEAM_LEADER], upload=upload(name, content), name=name)
    assert message in refused.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert stored_files(document_store) == []


@override_settings(KOERS_DOCUMENT_MAX_BYTES=len(PDF) - 1)
def test_a_file_over_the_limit_is_refused_with_both_sizes(db, users, client_person, document_store):
    with pytest.raises(ValidationError) as refused:
        add(client_person, users[Role.TEAM_LEADER])
    assert "te groot" in refused.value.message_dict["file"][0]
    assert not Document.objects.exists() and stored_files(document_store) == []


def test_a_file_at_the_limit_is_kept():
    checked = check_upload("a.pdf", upload(), max_bytes=len(PDF))
    assert checked.size == len(PDF)


def test_a_plain_name_keeps_its_extension_and_loses_control_characters():
    assert plain_name("brief\u202egnp.pdf") == "briefgnp.pdf"
    long = plain_name("x" * 300 + ".pdf")
    assert len(long) == 150 and long.endswith(".pdf")


def test_a_role_that_may_not_write_stores_nothing(db, users, client_person, document_store):
    for role in (Role.REGIONAL_MANAGER, "other_team_leader", Role.VOLUNTEER):
        with pytest.raises(WriteRefused):
            add(client_person, users[role])
    assert not Document.objects.exists()
    assert stored_files(document_store) == []


def test_the_coach_adds_a_document_to_their_client(db, users, client_person, document_store):
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=client_person, coach=volunteer.staff_member)
    assert add(client_person, volunteer).person == client_person


def test_a_dossier_document_is_legal_data(db, users, client_person):
    dossier = DossierFactory(person=client_person)
    document = add(client_person, users[Role.LEGAL], dossier=dossier)
    assert Document.objects.for_user(users[Role.LEGAL]).get() == document
    with pytest.raises(WriteRefused):  # a legal volunteer does not write coaching records
        add(client_person, users[Role.LEGAL])
    TrajectoryFactory(person=client_person, coach=users[Role.VOLUNTEER].staff_member)
    assert not Document.objects.for_user(users[Role.VOLUNTEER]).exists()


def test_a_dossier_of_another_client_is_refused(db, users, client_person, branch):
    other = DossierFactory(person=PersonFactory(location=branch))
    with pytest.raises(ValidationError):
        add(client_person, users[Role.TEAM_LEADER], dossier=other)


def test_delete_removes_record_and_file_with_a_change_log_row(
    db, users, client_person, document_store, django_capture_on_commit_callbacks
):
    leader = users[Role.TEAM_LEADER]
    document = add(client_person, leader)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, expected_version=document.version, by=leader)
    assert not Document.objects.exists()
    assert stored_files(document_store) == []
    entry = ChangeLogEntry.objects.get(object_id=document.pk, action="delete")
    assert entry.changes["title"] == ["Besluit gezinshereniging", None]


def test_delete_of_an_old_version_is_a_conflict(db, users, client_person, document_store):
    leader = users[Role.TEAM_LEADER]
    document = add(client_person, leader)
    with pytest.raises(ConflictError):
        services.document_delete(
            document=document, expected_version=document.version - 1, by=leader
        )
    assert Document.objects.exists() and len(stored_files(document_store)) == 1


def test_erase_deletes_every_document_of_the_people_and_their_files(
    db, users, client_person, branch, document_store, django_capture_on_commit_callbacks
):
    other = PersonFactory(location=branch)
    add(client_person, users[Role.TEAM_LEADER])
    add(client_person, users[Role.TEAM_LEADER], upload=upload("foto.png", PNG), name="foto.png")
    kept = add(other, users[Role.TEAM_LEADER])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.documents_erase([client_person], by=CLI, source="cli") == 2
    assert list(Document.objects.all()) == [kept]
    assert [p.relative_to(document_store).as_posix() for p in stored_files(document_store)] == [
        kept.storage_key
    ]
