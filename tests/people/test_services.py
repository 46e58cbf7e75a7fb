"""People services: the search key stays in sync, households register in one go, warnings."""

import datetime

import pytest
from django.utils import timezone

from koers.core.actors import CLI
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError
from koers.people.models import Dwelling, Person, Placement
from koers.people.services import (
    NewDwelling,
    household_register,
    household_warnings,
    person_update,
    person_warnings,
)
from tests.factories import DwellingFactory, PersonFactory

ADULT = {
    "given_name": "Rahel",
    "family_name": "Gebre",
    "birth_date": datetime.date(1985, 4, 2),
    "sex": "F",
    "nationality": "ERI",
    "v_number": "",
    "arrival_route": "regular",
    "permit_granted_on": None,
}
CHILD = ADULT | {"given_name": "Yonas", "birth_date": datetime.date(2015, 8, 9), "sex": "M"}


def test_person_update_keeps_the_name_key_in_sync_and_logs_the_change(branch, users):
    person = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    updated = person_update(
        person=person,
        expected_version=person.version,
        by=users[Role.TEAM_LEADER],
        given_name="Tesfai",
    )
    assert updated.name_key == " tsf hd "
    assert updated.version == person.version + 1
    entry = ChangeLogEntry.objects.get(object_id=person.pk, action="update")
    assert entry.changes["given_name"] == ["Amina", "Tesfai"]


def test_person_update_with_a_stale_version_raises_and_writes_nothing(branch, users):
    # the family name is stated: the factory's own could be "Nasser" and make the first edit
    # a no-op that leaves version 1 current
    person = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    person_update(person=person, expected_version=1, by=CLI, family_name="Nasser")
    with pytest.raises(ConflictError) as conflict:
        person_update(person=person, expected_version=1, by=CLI, family_name="Karimi")
    assert conflict.value.current.family_name == "Nasser"
    assert conflict.value.attempted == {"family_name": "Karimi", "name_key": " amn krm "}
    assert Person.objects.get(pk=person.pk).family_name == "Nasser"


def test_household_register_creates_members_dwelling_and_placements_with_change_log(branch, users):
    household = household_register(
        location=branch,
        members=[ADULT, CHILD],
        new_dwelling=NewDwelling(postcode="3011 AB", house_number="12"),
        housed_on=datetime.date(2017, 5, 1),
        by=users[Role.TEAM_LEADER],
    )
    members = list(household.members.order_by("birth_date"))
    assert [m.given_name for m in members] == ["Rahel", "Yonas"]
    assert all(m.name_key for m in members)
    dwelling = Dwelling.objects.get(location=branch)
    assert Placement.objects.filter(dwelling=dwelling, person__in=members).count() == 2
    created = ChangeLogEntry.objects.filter(action="create")
    assert created.count() == 1 + 2 + 1 + 2  # household, people, dwelling, placements


def test_household_register_refuses_a_dwelling_of_another_location(branch, other_branch):
    with pytest.raises(ValueError):
        household_register(
            location=branch,
            members=[ADULT],
            dwelling=DwellingFactory(location=other_branch),
            housed_on=datetime.date(2017, 5, 1),
            by=CLI,
        )
    assert not Person.objects.exists()


def test_warnings_for_a_birth_over_110_years_ago_and_a_household_of_children_only():
    today = timezone.localdate()
    assert person_warnings(birth_date=today.replace(year=today.year - 111))
    assert not person_warnings(birth_date=today.replace(year=today.year - 109))
    assert not person_warnings(birth_date=datetime.date(1990, 1, 1))
    assert household_warnings([datetime.date(2015, 1, 1)])
    assert not household_warnings([datetime.date(2015, 1, 1), datetime.date(1980, 1, 1)])
