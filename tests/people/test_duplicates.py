"""Registering a household or adding a member warns about a person already in Koers (same
birth date, the name in another spelling) and needs "dit is iemand anders"; a person in a
branch the user cannot see is only counted; a V-number another person has is refused."""

import datetime

import pytest
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.people.duplicates import possible_duplicates
from koers.people.models import Person
from tests.factories import PersonFactory
from tests.people.test_views import client_for, household_post

pytestmark = pytest.mark.django_db
BORN = datetime.date(1984, 2, 1)


def existing(location, **fields) -> Person:
    values = {"given_name": "Mohammed", "family_name": "Al-Rashid", "birth_date": BORN}
    return PersonFactory(location=location, **values | fields)


def registration(branch, **extra) -> dict:
    return household_post(
        location=branch.pk,
        **{"leden-0-given_name": "Muhammad", "leden-0-family_name": "Alrashid"} | extra,
    )


def test_spelling_and_birth_date_make_a_possible_duplicate(branch, other_branch, users):
    mine = existing(branch)
    existing(other_branch)
    existing(branch, birth_date=datetime.date(1984, 2, 2))  # another day: someone else
    existing(branch, given_name="Ahmed", family_name="Rashid")  # another name
    found = possible_duplicates(
        user=users[Role.TEAM_LEADER],
        given_name="Muhammad",
        family_name="Alrashid",
        birth_date=BORN,
    )
    assert found.visible == [mine]
    assert found.hidden == 1  # the other branch's: counted, never shown


def test_registration_warns_shows_the_person_and_saves_only_as_someone_else(branch, users):
    mine = existing(branch, v_number="1234567890")
    leader = client_for(users[Role.TEAM_LEADER])
    url = reverse("people:household_create")
    warned = leader.post(url, registration(branch))
    body = warned.content.decode()
    assert warned.status_code == 422
    assert "Staat deze persoon al in Koers? Mohammed Al-Rashid, geboren 1 feb. 1984" in body
    assert "V-nummer 1234567890" in body
    assert reverse("people:file", kwargs={"person_uid": mine.uid}) in body
    assert "Dit is iemand anders: toch opslaan" in body
    assert Person.objects.count() == 1
    shown = AccessLogEntry.objects.filter(person_id=mine.pk, action="search")
    assert shown.count() == 1  # a name shown is a name logged
    assert leader.post(url, registration(branch, confirmed="on")).status_code == 302
    assert Person.objects.count() == 3


def test_a_match_in_another_branch_is_counted_without_a_name(branch, other_branch, users):
    elsewhere = existing(other_branch, v_number="1234567890")
    warned = client_for(users[Role.TEAM_LEADER]).post(
        reverse("people:household_create"), registration(branch)
    )
    body = warned.content.decode()
    assert warned.status_code == 422
    assert "Bij een afdeling die u niet kunt inzien staat iemand" in body
    assert "Al-Rashid" not in body and "1234567890" not in body
    assert str(elsewhere.uid) not in body and other_branch.name not in body
    assert not AccessLogEntry.objects.filter(person_id=elsewhere.pk).exists()


def test_a_v_number_another_person_has_is_refused_next_to_the_field(branch, other_branch, users):
    existing(other_branch, v_number="1234567890", given_name="Iemand", family_name="Anders")
    refused = client_for(users[Role.TEAM_LEADER]).post(
        reverse("people:household_create"),
        registration(branch, **{"leden-0-v_number": "1234567890", "confirmed": "on"}),
    )
    assert refused.status_code == 422
    errors = refused.context["formset"].forms[0].errors
    assert errors["v_number"] == ["Dit V-nummer hoort al bij een andere persoon in Koers."]
    assert Person.objects.count() == 1


def test_adding_a_member_warns_and_adds_to_the_household(branch, users):
    parent = existing(branch, given_name="Leyla", family_name="Karimi")
    twin = existing(branch, given_name="Dawit", family_name="Karimi", birth_date=BORN)
    url = reverse("people:member_add", kwargs={"person_uid": parent.uid})
    leader = client_for(users[Role.TEAM_LEADER])
    data = {
        "given_name": "Dawiet",
        "family_name": "Karimi",
        "birth_date": BORN.isoformat(),
        "sex": "M",
        "nationality": "AFG",
        "arrival_route": "family_reunification",
    }
    warned = leader.post(url, data)
    assert warned.status_code == 422
    assert "Dawit Karimi, geboren 1 feb. 1984" in warned.content.decode()
    added = leader.post(url, {**data, "confirmed": "on"})
    assert added.status_code == 302
    new = Person.objects.get(given_name="Dawiet")
    assert new.household_id == parent.household_id and new.location == branch
    assert twin.pk != new.pk
    assert client_for(users[Role.VOLUNTEER]).post(url, data).status_code == 404
