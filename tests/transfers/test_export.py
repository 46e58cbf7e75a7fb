"""``koers export --person ID``: exactly that household, importable into an empty database."""

import csv

import pytest
from django.core.management import call_command

from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.people.models import Person
from koers.transfers.models import Transfer
from tests.exchange.bundles import empty_database
from tests.factories import (
    ContactFactory,
    DossierFactory,
    EnrolmentFactory,
    GroupFactory,
    HouseholdFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)

pytestmark = pytest.mark.django_db


def rows(folder, name):
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def household(branch):
    household = HouseholdFactory(location=branch, external_id="hh-tekle")
    coach = StaffMemberFactory(
        location=branch, external_id="s-coach", cleared=True, role_codes=["social"]
    )
    amina = PersonFactory(location=branch, household=household, external_id="p-amina")
    yonas = PersonFactory(location=branch, household=household, external_id="p-yonas")
    PlacementFactory(person=amina)
    trajectory = TrajectoryFactory(person=amina, coach=coach)
    ContactFactory(person=amina, location=branch, trajectory=trajectory, staff=coach)
    DossierFactory(person=yonas)
    MatchFactory(person=yonas)
    group = GroupFactory(location=branch)
    EnrolmentFactory(person=amina, group=group)
    # someone else, in the same group and at the same branch: never in the bundle
    other = PersonFactory(location=branch, external_id="p-other")
    EnrolmentFactory(person=other, group=group)
    TrajectoryFactory(person=other)
    return household


def test_the_bundle_holds_exactly_the_household_and_what_it_refers_to(household, tmp_path):
    call_command("export", str(tmp_path), "--person", "p-amina")
    assert {row["id"] for row in rows(tmp_path, "people.csv")} == {"p-amina", "p-yonas"}
    assert len(rows(tmp_path, "trajectories.csv")) == 1
    assert len(rows(tmp_path, "enrolments.csv")) == 1
    assert len(rows(tmp_path, "dossiers.csv")) == 1
    assert len(rows(tmp_path, "matches.csv")) == 1
    assert len(rows(tmp_path, "contacts.csv")) == 1
    assert {row["id"] for row in rows(tmp_path, "staff.csv")} == {"s-coach"}
    assert len(rows(tmp_path, "locations.csv")) == 1
    assert len(rows(tmp_path, "groups.csv")) == 1


def test_the_household_bundle_imports_into_an_empty_database_and_exports_back(household, tmp_path):
    bundle_export(target=tmp_path / "first", person=Person.objects.get(external_id="p-amina"))
    Transfer.objects.all().delete()
    empty_database()
    assert not Person.objects.exists()
    result = bundle_import(by=IMPORT, source=tmp_path / "first")
    assert result.ok, result.problems
    assert set(Person.objects.values_list("external_id", flat=True)) == {"p-amina", "p-yonas"}
    bundle_export(target=tmp_path / "second")
    for path in (tmp_path / "first").iterdir():
        assert path.read_bytes() == (tmp_path / "second" / path.name).read_bytes(), path.name
