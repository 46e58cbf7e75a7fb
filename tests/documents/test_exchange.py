"""Documents in an exchange bundle: listed in documents.csv (not embedded), checked on
import and never written (a record without its file would be a document nobody can open)."""

import csv

import pytest

from koers.core.actors import CLI
from koers.core.scoping import Role
from koers.documents.models import Document, DocumentKind
from koers.documents.services import document_upload
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from tests.documents.files import PDF, upload
from tests.factories import DossierFactory, PersonFactory


@pytest.fixture
def documented(branch, users):
    person = PersonFactory(location=branch, external_id="p1")
    dossier = DossierFactory(person=person, external_id="d1")
    for dossier_of, title in ((None, "Huurcontract"), (dossier, "Besluit")):
        document_upload(
            person=person,
            dossier=dossier_of,
            upload=upload(),
            name="scan.pdf",
            kind=DocumentKind.RENTAL_CONTRACT if dossier_of is None else DocumentKind.IND_DECISION,
            title=title,
            by=users[Role.TEAM_LEADER],
        )
    return person


def rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_an_export_lists_the_documents_without_their_files(db, documented, tmp_path):
    written = bundle_export(target=tmp_path)
    assert written["documents.csv"] == 2
    listed = sorted(rows(tmp_path / "documents.csv"), key=lambda row: row["title"])
    assert [(r["title"], r["person_id"], r["dossier_id"]) for r in listed] == [
        ("Besluit", "p1", "d1"),
        ("Huurcontract", "p1", ""),
    ]
    assert listed[0]["file_name"] == "scan.pdf" and listed[0]["size"] == str(len(PDF))
    assert "storage_key" not in listed[0]
    assert not list(tmp_path.glob("*.pdf"))


def test_a_bundle_without_documents_has_no_documents_file(db, branch, tmp_path):
    PersonFactory(location=branch)
    assert "documents.csv" not in bundle_export(target=tmp_path)


def test_an_import_checks_the_list_and_writes_no_document(db, documented, tmp_path):
    bundle_export(target=tmp_path)
    Document.objects.all().delete()
    result = bundle_import(source=tmp_path, by=IMPORT)
    assert result.ok, result.problems
    assert not Document.objects.exists()


def test_an_import_refuses_a_list_naming_an_unknown_client(db, documented, tmp_path):
    bundle_export(target=tmp_path)
    path = tmp_path / "documents.csv"
    text = path.read_text(encoding="utf-8").replace(",p1,", ",p404,")
    path.write_text(text, encoding="utf-8")
    result = bundle_import(source=tmp_path, by=CLI)
    assert not result.ok
    assert any(problem.file == "documents.csv" for problem in result.problems)
