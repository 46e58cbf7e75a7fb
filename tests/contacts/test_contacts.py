"""Logging a contact: the service with its topics and change log, and the quick form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.contacts.models import Contact
from koers.contacts.services import contact_log
from koers.core.actors import CLI
from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.people.models import Person
from koers.people.search import refresh_name_keys
from tests.factories import PersonFactory, TrajectoryFactory
from tests.searching import searched


@pytest.fixture
def client_of_volunteer(branch, users):
    person = PersonFactory(location=branch, given_name="Samira", family_name="Nasser")
    trajectory = TrajectoryFactory(person=person, coach=users[Role.VOLUNTEER].staff_member)
    return person, trajectory


def test_contact_log_saves_topics_and_one_change_log_row(branch, client_of_volunteer, users):
    person, trajectory = client_of_volunteer
    contact = contact_log(
        location=branch,
        kind="home_visit",
        date=datetime.date(2017, 5, 2),
        person=person,
        trajectory=trajectory,
        topics=["housing", "finance"],
        note="Huurtoeslag aangevraagd.",
        by=users[Role.VOLUNTEER],
    )
    assert sorted(contact.topics.values_list("topic", flat=True)) == ["finance", "housing"]
    entry = ChangeLogEntry.objects.get(object_id=contact.pk, action="create")
    assert entry.changes["topics"] == [None, ["finance", "housing"]]
    assert entry.person_id == person.pk


def test_contact_log_refuses_a_trajectory_of_another_client(branch, client_of_volunteer):
    _, trajectory = client_of_volunteer
    stranger = PersonFactory(location=branch)
    with pytest.raises(ValidationError):
        contact_log(
            location=branch,
            kind="phone",
            date=datetime.date(2017, 5, 2),
            person=stranger,
            trajectory=trajectory,
            by=CLI,
        )
    assert not Contact.objects.exists()


def post_contact(user, person=None, **data):
    client = Client()
    client.force_login(user)
    url = reverse("contacts:create")
    payload = {"kind": "coaching", "date": "2017-05-02", "topics": ["work"]} | data
    if person is not None:
        payload["persoon"] = str(person.uid)
    return client.post(url, payload)


def test_volunteer_logs_a_contact_from_the_client_file_with_their_staff_record(
    client_of_volunteer, users
):
    person, trajectory = client_of_volunteer
    response = post_contact(users[Role.VOLUNTEER], person, trajectory=trajectory.pk, note="Cv")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:file", kwargs={"person_uid": person.uid})
    contact = Contact.objects.get()
    assert contact.staff == users[Role.VOLUNTEER].staff_member
    assert (contact.trajectory, contact.note, contact.location) == (
        trajectory,
        "Cv",
        person.location,
    )


def test_a_contact_after_today_is_refused_next_to_the_date(client_of_volunteer, users):
    person, _ = client_of_volunteer
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    for extra in ({}, {"confirmed": "on"}):  # a contact happened: not after today (core.dates)
        refused = post_contact(users[Role.VOLUNTEER], person, date=future, **extra)
        assert refused.status_code == 422
        assert "ligt na vandaag" in str(refused.context["form"].errors["date"])
    assert not Contact.objects.exists()


def test_legal_volunteer_may_only_log_legal_hours(branch, users):
    person = PersonFactory(location=branch)
    refused = post_contact(users[Role.LEGAL], person, kind="coaching")
    assert refused.status_code == 422 and not Contact.objects.exists()
    assert post_contact(users[Role.LEGAL], person, kind="legal_hours").status_code == 302


def test_visitor_without_a_file_is_logged_at_the_branch(branch, users):
    response = post_contact(
        users[Role.TEAM_LEADER], kind="walk_in", visitor_ref="B-17", location=branch.pk
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.person, contact.visitor_ref, contact.location) == (None, "B-17", branch)


def test_volunteer_cannot_log_for_a_client_not_assigned_to_them(branch, users):
    stranger = PersonFactory(location=branch)
    assert post_contact(users[Role.VOLUNTEER], stranger).status_code == 404


def test_the_client_picker_searches_by_post_and_logs_the_hits(branch, client_of_volunteer, users):
    """The picker's text goes to the session, the address gets an id (koers.core.searches)."""
    person, _trajectory = client_of_volunteer
    refresh_name_keys(Person.objects.filter(pk=person.pk))
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    typed = f"{person.given_name} {person.family_name}"
    picked = searched(
        client, reverse("contacts:create"), zoek=typed, headers={"HX-Request": "true"}
    )
    [(address, status)] = picked.redirect_chain
    assert status == 303 and "?s=" in address and person.family_name not in address
    body = picked.content.decode()
    assert "<html" not in body and f"?persoon={person.uid}" in body  # the picker's partial
    assert AccessLogEntry.objects.filter(person=person, action="search").exists()
    page = client.get(address).content.decode()  # reloaded without htmx: the whole form
    assert f'value="{typed}"' in page and f"?persoon={person.uid}" in page
