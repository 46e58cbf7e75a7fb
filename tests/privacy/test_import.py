"""An import never writes a name, birth date, V-number or free text back to an anonymised
client or their records: those cells are skipped with a notice, the rest is imported."""

import csv
import io
from pathlib import Path

import pytest
from django.db import models

from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.people.models import Person
from koers.privacy.anonymise import anonymise_people
from koers.privacy.holdings import holdings_of
from koers.privacy.models import AnonymisationReason
from koers.privacy.services import RETENTION
from tests.privacy.world import household_history


@pytest.fixture
def family(users, branch):
    return household_history(branch, 1, year=2005, by=users[Role.TEAM_LEADER])


def text_of(people: list[Person]) -> dict:
    """Every text value of every record about these people (what must not change)."""
    found = {}
    for person in people:
        person = Person.objects.get(pk=person.pk)
        found[("person", person.pk)] = (
            person.given_name, person.family_name, person.v_number, person.birth_date,
            person.name_key,
        )  # fmt: skip
        for holding in holdings_of(person, user=RETENTION):
            for record in holding.records:
                fresh = type(record)._default_manager.get(pk=record.pk)
                found[(holding.model._meta.label, record.pk)] = {
                    field.name: getattr(fresh, field.name)
                    for field in fresh._meta.concrete_fields
                    if isinstance(field, models.CharField | models.TextField)
                }
    return found


def identifying_values(family) -> set[str]:
    values = set()
    for client in family:
        values |= {*client.names, client.v_number, client.birth_date.isoformat()}
    return values


def edit_csv(folder: Path, name: str, change) -> None:
    """Rewrite one file of an exported bundle: ``change(row)`` edits each row (a dict)."""
    path = folder / name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        change(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_an_old_bundle_brings_back_no_text_of_an_anonymised_family(family, users, tmp_path):
    before = tmp_path / "before"
    bundle_export(target=before)
    people = [client.person for client in family]
    anonymise_people(people, by=users[Role.TEAM_LEADER], reason=AnonymisationReason.ERASURE)
    anonymous = text_of(people)
    last_change = ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    result = bundle_import(by=IMPORT, source=before)

    assert result.ok, result.problems
    assert text_of(people) == anonymous
    noticed = {(notice.file, notice.column) for notice in result.notices}
    assert {("people.csv", "given_name"), ("people.csv", "birth_date")} <= noticed
    assert ("contacts.csv", "note") in noticed or ("trajectories.csv", "exit_report") in noticed
    assert ("budget_lines.csv", "description") in noticed  # shared by the family: all anonymised
    assert all(
        people[0].external_id in n.message or "anonymised" in n.message for n in result.notices
    )
    assert not any(
        value in str(notice) for notice in result.notices for value in identifying_values(family)
    )
    new_rows = ChangeLogEntry.objects.filter(id__gt=last_change or 0)
    logged = " ".join(str(entry.changes) for entry in new_rows)
    assert not [value for value in identifying_values(family) if value in logged]


def test_the_rest_of_the_row_is_imported_and_a_new_record_gets_no_text(family, users, tmp_path):
    parent = family[0].person
    before = tmp_path / "before"
    bundle_export(target=before)
    anonymise_people([parent], by=users[Role.TEAM_LEADER], reason=AnonymisationReason.RETENTION)

    def moved(row):
        if row["id"] == parent.external_id:
            row["nationality"] = "SYR"  # a code the figures count: imported

    edit_csv(before, "people.csv", moved)
    contacts = before / "contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    new = dict.fromkeys(header, "")
    new |= {"id": "c-nieuw", "location_id": parent.location.external_id, "date": "2006-01-05",
            "kind": "home_visit", "person_id": parent.external_id,
            "note": f"Gesprek met {family[0].names[0]} over de woning"}  # fmt: skip
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writerow(new)
    contacts.write_text("\n".join(lines) + "\n" + out.getvalue(), encoding="utf-8")

    result = bundle_import(by=IMPORT, source=before)

    assert result.ok, result.problems
    stored = Person.objects.get(pk=parent.pk)
    assert stored.nationality == "SYR"
    assert stored.given_name == "Geanonimiseerd" and stored.name_key == ""
    created = parent.contacts.get(external_id="c-nieuw")
    assert created.note == "" and str(created.date) == "2006-01-05"
    assert any(n.file == "contacts.csv" and "c-nieuw" in n.message for n in result.notices)


def test_the_import_command_prints_the_notices_without_the_values(family, users, tmp_path):
    from django.core.management import call_command

    before = tmp_path / "before"
    bundle_export(target=before)
    anonymise_people(
        [family[0].person], by=users[Role.TEAM_LEADER], reason=AnonymisationReason.ERASURE
    )
    out = io.StringIO()
    call_command("import", str(before), stdout=out, stderr=io.StringIO())
    printed = out.getvalue()
    assert "people.csv:" in printed and "anonymised value stays" in printed
    assert not [value for value in family[0].names if value in printed]


def test_a_bundle_of_the_anonymised_state_imports_without_a_notice(family, users, tmp_path):
    anonymise_people(
        [family[0].person], by=users[Role.TEAM_LEADER], reason=AnonymisationReason.RETENTION
    )
    bundle_export(target=tmp_path / "after")
    result = bundle_import(by=IMPORT, source=tmp_path / "after")
    assert result.ok, result.problems
    assert result.created == result.updated == 0
    assert result.notices == []


def test_the_other_clients_records_are_imported_as_usual(family, users, branch, tmp_path):
    other = household_history(branch, 2, year=2006, by=users[Role.TEAM_LEADER])
    before = tmp_path / "before"
    bundle_export(target=before)
    anonymise_people(
        [family[0].person], by=users[Role.TEAM_LEADER], reason=AnonymisationReason.ERASURE
    )
    renamed = "Hernoemd"

    def rename(row):
        if row["id"] == other[0].person.external_id:
            row["given_name"] = renamed

    edit_csv(before, "people.csv", rename)
    result = bundle_import(by=IMPORT, source=before)
    assert result.ok, result.problems
    assert Person.objects.get(pk=other[0].person.pk).given_name == renamed
    assert not any(other[0].person.external_id in n.message for n in result.notices)
