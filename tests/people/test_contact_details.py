"""Reaching the client: phone (E.164), e-mail, languages, interpreter, the address of the
current placement; edited through the one edit mechanism, shown on the file, used by
matching, removed by anonymisation and part of the subject-access export."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from koers.core.actors import CLI
from koers.core.changes import snapshot
from koers.core.editing import REFUSED
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.matching.selectors import suggestions
from koers.people.models import Person, PersonLanguage
from koers.people.phones import normalised_phone, shown_phone, validate_phone
from koers.people.services import languages_of, person_contact_update
from koers.privacy.anonymise import anonymise_people
from koers.privacy.holdings import holdings_of
from tests.factories import (
    MatchFactory,
    PersonFactory,
    PlacementFactory,
)
from tests.matching.factories import language_coach


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06-12 34 56 78", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("020 123 4567", "+31201234567"),
        ("+31 (0)6 1234 5678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("0032 470 12 34 56", "+32470123456"),
        ("+963 944 123 456", "+963944123456"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, stored):
    assert normalised_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "061234567",  # a Dutch number one digit short
        "06123456789",  # one too many
        "+31 06 12345678",  # +31 then a zero
        "+3161234567",  # +31 and eight digits
        "+0612345678",  # a country code cannot start with 0
        "12345",
        "bel mij",
        "+1234567890123456",  # longer than E.164's 15 digits
        "612345678",  # no leading 0 or +
    ],
)
def test_not_a_phone_number_is_refused(typed):
    with pytest.raises(ValidationError):
        normalised_phone(typed)


def test_the_stored_form_is_e164_only():
    validate_phone("+31612345678")
    with pytest.raises(ValidationError, match=r"\+31612345678"):
        validate_phone("06 12345678")  # what the import says: write it as +31612345678


def test_dutch_numbers_are_shown_as_people_write_them():
    assert shown_phone("+31612345678") == "06 12345678"
    assert shown_phone("+31201234567") == "0201234567"
    assert shown_phone("+32470123456") == "+32470123456"


def test_contact_update_normalises_and_logs_fields_and_languages(branch, users):
    person = PersonFactory(location=branch)
    leader = users[Role.TEAM_LEADER]
    saved = person_contact_update(
        person=person,
        expected_version=person.version,
        by=leader,
        phone="06 12345678",
        email=" amina@example.org ",
        interpreter_language="ar",
        languages=["ar", "fa", "ar"],
    )
    assert (saved.phone, saved.email, saved.interpreter_language) == (
        "+31612345678",
        "amina@example.org",
        "ar",
    )
    assert languages_of(saved) == ["ar", "fa"]
    assert saved.version == person.version + 1
    entries = ChangeLogEntry.objects.filter(object_id=person.pk, action="update").order_by("pk")
    changes = [entry.changes for entry in entries]
    assert changes[0]["phone"] == ["", "+31612345678"]
    assert changes[1] == {"languages": [[], ["ar", "fa"]]}
    assert all(entry.user_id == leader.pk for entry in entries)


def test_changing_only_the_languages_moves_the_version_on(branch, users):
    person = PersonFactory(location=branch)
    fields = {"phone": "", "email": "", "interpreter_language": ""}
    saved = person_contact_update(
        person=person,
        expected_version=person.version,
        by=users[Role.TEAM_LEADER],
        languages=["ti"],
        **fields,
    )
    assert saved.version == person.version + 1
    with pytest.raises(ConflictError) as conflict:  # an editor who opened the old version
        person_contact_update(
            person=person,
            expected_version=person.version,
            by=users[Role.TEAM_LEADER],
            languages=[],
            **fields,
        )
    assert conflict.value.attempted["languages"] == []
    assert languages_of(saved) == ["ti"]


def test_contact_update_refuses_a_bad_phone_and_a_role_that_only_reads(branch, users):
    person = PersonFactory(location=branch)
    with pytest.raises(ValidationError) as error:
        person_contact_update(
            person=person,
            expected_version=person.version,
            by=users[Role.TEAM_LEADER],
            phone="12345",
            email="",
            interpreter_language="",
            languages=[],
        )
    assert "phone" in error.value.error_dict
    with pytest.raises(WriteRefused):
        person_contact_update(
            person=person,
            expected_version=person.version,
            by=users[Role.REGIONAL_MANAGER],
            phone="",
            email="",
            interpreter_language="",
            languages=["ar"],
        )
    assert not PersonLanguage.objects.exists()


def test_edit_page_saves_and_the_file_shows_how_to_reach_the_client(branch, users):
    person = PersonFactory(location=branch)
    PlacementFactory(
        person=person,
        dwelling__postcode="3011 XY",
        dwelling__house_number="7",
        housed_on=datetime.date(2017, 3, 1),
    )
    PlacementFactory(
        person=person,
        dwelling__postcode="3012 AB",
        dwelling__house_number="12",
        housed_on=datetime.date(2019, 6, 1),
    )
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("people:contact_edit", kwargs={"person_uid": person.uid})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": person.version,
            "phone": "06 12 34 56 78",
            "email": "amina@example.org",
            "languages": ["ar", "ti"],
            "interpreter_language": "ti",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("people:file", kwargs={"person_uid": person.uid})).content.decode()
    reach = body.split('id="reach"')[1].split("</section>")[0]
    assert 'href="tel:+31612345678"' in reach and "06 12345678" in reach
    assert "amina@example.org" in reach
    assert "Arabisch, Tigrinya" in reach and "nodig: Tigrinya" in reach
    assert "3012 AB 12" in reach and "3011 XY" not in reach  # the current placement's address


def test_a_bad_phone_or_email_is_refused_next_to_its_field(branch, users):
    person = PersonFactory(location=branch)
    response = client_for(users[Role.TEAM_LEADER]).post(
        reverse("people:contact_edit", kwargs={"person_uid": person.uid}),
        {"version": person.version, "phone": "06 1234", "email": "geen-adres"},
    )
    assert response.status_code == REFUSED
    form = response.context["form"]
    assert "10 cijfers" in form.errors["phone"][0]
    assert "email" in form.errors
    person.refresh_from_db()
    assert person.phone == "" and person.version == 1


def test_a_stale_edit_shows_both_versions_of_the_languages(branch, users):
    person = PersonFactory(location=branch)
    person_contact_update(
        person=person,
        expected_version=1,
        by=users[Role.TEAM_LEADER],
        phone="",
        email="",
        interpreter_language="",
        languages=["fa"],
    )
    response = client_for(users[Role.LEGAL]).post(
        reverse("people:contact_edit", kwargs={"person_uid": person.uid}),
        {"version": 1, "phone": "", "email": "", "languages": ["so"]},
    )
    assert response.status_code == REFUSED
    rows = {row.label: row for row in response.context["form"].conflict.rows}
    assert (
        rows["Talen die de cliënt spreekt"].saved,
        rows["Talen die de cliënt spreekt"].yours,
    ) == (
        "Perzisch",
        "Somali",
    )
    assert languages_of(person) == ["fa"]


def test_the_matching_proposal_ranks_a_volunteer_who_speaks_the_clients_language_first(
    branch, users
):
    person = PersonFactory(location=branch)
    PersonLanguage.objects.create(person=person, language="ti")
    match = MatchFactory(person=person, program="language_coaching")  # no language asked
    plain = language_coach(branch, "Aalders")
    speaker = language_coach(branch, "Zwart", language_codes=["ti"])
    ranked = suggestions(users[Role.TEAM_LEADER], match)
    assert [s.staff for s in ranked] == [speaker, plain]  # by name "Aalders" would come first
    assert ranked[0].shared_language_names == ["Tigrinya"]


def test_an_interpreter_language_counts_for_the_proposal_too(branch, users):
    person = PersonFactory(location=branch, interpreter_language="ar")
    match = MatchFactory(person=person, program="language_coaching")
    language_coach(branch, "Aalders")
    speaker = language_coach(branch, "Zwart", language_codes=["ar"])
    assert suggestions(users[Role.TEAM_LEADER], match)[0].staff == speaker


def test_anonymisation_removes_how_to_reach_the_client(branch, users):
    person = PersonFactory(
        location=branch, phone="+31612345678", email="a@example.org", interpreter_language="ar"
    )
    person_contact_update(
        person=person,
        expected_version=1,
        by=users[Role.TEAM_LEADER],
        phone="+31612345678",
        email="a@example.org",
        interpreter_language="ar",
        languages=["ar"],
    )
    anonymise_people([person], by=CLI, reason="test")
    person.refresh_from_db()
    assert (person.phone, person.email, person.interpreter_language) == ("", "", "")
    assert not PersonLanguage.objects.filter(person=person).exists()
    history = ChangeLogEntry.objects.filter(object_id=person.pk, changes__has_key="languages")
    assert [entry.changes["languages"] for entry in history] == [["[geanonimiseerd]"] * 2]


def test_the_subject_access_export_holds_the_contact_details(branch):
    person = PersonFactory(location=branch, phone="+31612345678", email="a@example.org")
    PersonLanguage.objects.create(person=person, language="so")
    holding = next(h for h in holdings_of(person, user=CLI) if h.model is Person)
    assert snapshot(holding.records[0])["phone"] == "+31612345678"
    assert snapshot(holding.records[0])["email"] == "a@example.org"
    children = [row for rows in holding.children.values() for row in rows]
    assert [str(row) for row in children if isinstance(row, PersonLanguage)] == ["Somali"]


def test_an_anonymised_clients_contact_details_are_not_edited(branch, users):
    person = PersonFactory(location=branch)
    anonymise_people([person], by=CLI, reason="test")
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("people:contact_edit", kwargs={"person_uid": person.uid})
    response = client.post(url, {"version": 2, "phone": "0612345678", "email": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:file", kwargs={"person_uid": person.uid})
    person.refresh_from_db()
    assert person.phone == ""
