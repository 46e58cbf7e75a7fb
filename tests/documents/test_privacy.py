"""Documents and the client's rights: in the access request (listed, and the files in the
ZIP), gone with the rest of the file when it is anonymised (retention or erasure)."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.documents.models import Document, DocumentKind
from koers.documents.services import document_upload
from koers.privacy.anonymise import anonymise_people
from koers.privacy.models import AnonymisationReason
from koers.privacy.services import RETENTION
from tests.documents.files import PDF, PNG, stored_files, upload
from tests.factories import PersonFactory


@pytest.fixture
def client_person(branch):
    return PersonFactory(location=branch, given_name="Amina", family_name="Haddad")


def stored(person, by, *, name="besluit-haddad.pdf", content=PDF, title="Besluit Haddad"):
    return document_upload(
        person=person,
        upload=upload(name, content),
        name=name,
        kind=DocumentKind.IND_DECISION,
        title=title,
        by=by,
    )


def test_the_access_request_zip_holds_the_json_and_every_document(db, client, users, client_person):
    leader = users[Role.TEAM_LEADER]
    first = stored(client_person, leader)
    second = stored(client_person, leader, name="huur.png", content=PNG, title="Huurcontract")
    client.force_login(leader)
    response = client.get(
        reverse("privacy:access_request_zip", kwargs={"person_uid": client_person.uid})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert bundle.read(f"documenten/{first.external_id}-besluit-haddad.pdf") == PDF
    assert bundle.read(f"documenten/{second.external_id}-huur.png") == PNG
    answer = json.loads(bundle.read("inzageverzoek.json"))
    [documents] = [r for r in answer["records"] if r["kind"] == "documents.document"]
    fields = {f["name"]: f["value"] for f in documents["items"][0]["fields"]}
    assert fields["title"] in {"Besluit Haddad", "Huurcontract"}
    assert "storage_key" not in fields
    assert AccessLogEntry.objects.filter(
        user=leader, person=client_person, action=AccessLogEntry.Action.EXPORT
    ).exists()


def test_the_json_answer_lists_the_documents(db, client, users, client_person):
    stored(client_person, users[Role.TEAM_LEADER])
    client.force_login(users[Role.TEAM_LEADER])
    response = client.get(
        reverse("privacy:access_request_json", kwargs={"person_uid": client_person.uid})
    )
    kinds = [record["kind"] for record in json.loads(response.content)["records"]]
    assert "documents.document" in kinds


@pytest.mark.parametrize(
    ("by", "reason"),
    [(RETENTION, AnonymisationReason.RETENTION), (Role.TEAM_LEADER, AnonymisationReason.ERASURE)],
)
def test_anonymisation_deletes_the_documents_and_their_files_and_names_nothing(
    db, users, client_person, branch, document_store, django_capture_on_commit_callbacks, by, reason
):
    leader = users[Role.TEAM_LEADER]
    gone = [stored(client_person, leader), stored(client_person, leader, content=PDF + b"2")]
    kept = stored(PersonFactory(location=branch), leader, title="Ander")
    actor = users[by] if isinstance(by, str) else by
    with django_capture_on_commit_callbacks(execute=True):
        counts = anonymise_people([client_person], by=actor, reason=reason)
    assert counts["documents.files"] == 2
    assert list(Document.objects.all()) == [kept]
    assert [p.relative_to(document_store).as_posix() for p in stored_files(document_store)] == [
        kept.storage_key
    ]
    history = ChangeLogEntry.objects.filter(
        content_type__model="document", object_id__in=[d.pk for d in gone]
    )
    assert sorted(entry.action for entry in history) == ["create", "create", "delete", "delete"]
    assert "haddad" not in json.dumps([entry.changes for entry in history]).lower()


def test_a_document_lost_from_the_store_is_said_in_the_zip(
    db, client, users, client_person, document_store
):
    document = stored(client_person, users[Role.TEAM_LEADER])
    (document_store / document.storage_key).unlink()
    client.force_login(users[Role.TEAM_LEADER])
    response = client.get(
        reverse("privacy:access_request_zip", kwargs={"person_uid": client_person.uid})
    )
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    note = f"documenten/{document.external_id}-besluit-haddad.pdf.ontbreekt.txt"
    assert "ontbreekt" in bundle.read(note).decode()
