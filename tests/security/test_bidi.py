"""Bidirectional control characters: refused in every single-line text, kept in free text.

A right-to-left override in a name makes it read reversed on the file, in lists and
headings. The rule is ``koers.core.text``, applied once per layer: every record's
``clean_fields`` (forms and services), form fields made from model fields, and every
text column of an import.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from koers.accounts.models import User
from koers.accounts.services import user_create
from koers.core.scoping import Role
from koers.core.text import BIDI_CONTROLS, first_bidi_control, refuse_bidi_controls
from koers.people.models import Dwelling, Person
from koers.people.services import person_update
from tests.exchange.bundles import SMALL, database_state, import_files, with_changes
from tests.factories import ContactFactory, PersonFactory

RLO = "\u202e"
REVERSED = f"Amina {RLO}laddaH"  # reads "Amina Haddal" reversed: the probe's finding
ALL = sorted(BIDI_CONTROLS)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("character", ALL, ids=[f"U+{ord(c):04X}" for c in ALL])
def test_every_bidi_control_is_refused_with_its_code_point_in_the_dutch_message(character):
    with pytest.raises(ValidationError) as refused:
        refuse_bidi_controls(f"Ali{character}Hassan")
    (message,) = refused.value.messages
    assert f"U+{ord(character):04X}" in message
    assert "leesrichting" in message


def test_arabic_and_latin_names_without_controls_pass():
    for name in ["عبد الرحمن", "Abd al-Rahman", "Tesfay-Yohannes", "O'Neill", ""]:
        refuse_bidi_controls(name)
        assert first_bidi_control(name) is None


def test_record_refuses_a_control_in_a_name_and_keeps_one_in_free_text(branch):
    person = PersonFactory.build(location=branch, given_name=REVERSED)
    with pytest.raises(ValidationError) as refused:
        person.full_clean(exclude=["household"])
    assert set(refused.value.message_dict) == {"given_name"}
    contact = ContactFactory(location=branch, note="ملاحظة\u200f: huurachterstand")  # an RLM
    contact.full_clean()


def test_a_service_write_with_a_control_changes_nothing(branch, users):
    person = PersonFactory(location=branch, family_name="Haddad")
    with pytest.raises(ValidationError):
        person_update(
            person=person, expected_version=1, by=users[Role.TEAM_LEADER], family_name=REVERSED
        )
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Haddad", 1)


def test_the_client_edit_form_shows_the_message_next_to_the_name_and_saves_nothing(branch, users):
    person = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    response = client_for(users[Role.TEAM_LEADER]).post(
        reverse("people:edit", kwargs={"person_uid": person.uid}),
        {
            "version": person.version,
            "given_name": "Amina",
            "family_name": f"{RLO}laddaH",
            "birth_date": person.birth_date.isoformat(),
            "sex": person.sex,
            "nationality": person.nationality,
            "v_number": person.v_number,
            "arrival_route": person.arrival_route,
            "civic_integration_required": "unknown",
        },
    )
    assert response.status_code in (200, 422)
    form = response.context["form"]
    assert list(form.errors) == ["family_name"]
    assert "(U+202E)" in form.errors["family_name"][0]
    body = response.content.decode()
    assert "leesrichting" in body
    heading = body.split("<h1>")[1].split("</h1>")[0]
    assert "Amina Haddad" in heading and RLO not in heading  # the stored name, not the refused
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Haddad", 1)


def test_household_registration_refuses_controls_in_member_names_and_the_address(branch, users):
    post = {
        "leden-TOTAL_FORMS": "1",
        "leden-INITIAL_FORMS": "0",
        "leden-0-given_name": "Leyla",
        "leden-0-family_name": f"Karimi{RLO}",
        "leden-0-birth_date": "1984-02-01",
        "leden-0-sex": "F",
        "leden-0-nationality": "AFG",
        "leden-0-arrival_route": "family_reunification",
        "location": branch.pk,
        "postcode": "3012ab",
        "house_number": "5\u2067b",
        "landlord": "Woonstad\u200f",
        "housed_on": "2017-04-03",
        "counts_for_quota": "on",
    }
    before = (Person.objects.count(), Dwelling.objects.count())
    response = client_for(users[Role.TEAM_LEADER]).post(reverse("people:household_create"), post)
    assert response.status_code in (200, 422)
    assert list(response.context["formset"].forms[0].errors) == ["family_name"]
    assert set(response.context["form"].errors) == {"house_number", "landlord"}
    assert (Person.objects.count(), Dwelling.objects.count()) == before


def test_a_user_account_name_with_a_control_is_refused_next_to_the_field(users, branch):
    """A user's name shows in histories and lists like a client's: the same rule."""
    manager = users[Role.ADMINISTRATOR]
    post = {
        "username": "noor.bosman",
        "first_name": "Noor",
        "last_name": f"Bos{RLO}nam",
        "email": "noor@example.org",
        "role": Role.VOLUNTEER,
        "location": branch.pk,
    }
    before = User.objects.count()
    response = client_for(manager).post(reverse("accounts:user_create"), post)
    assert response.status_code in (200, 422)
    assert set(response.context["form"].errors) == {"last_name"}
    assert "U+202E" in response.context["form"].errors["last_name"][0]
    with pytest.raises(ValidationError) as refused:
        user_create(  # the service, too
            username=f"noor{RLO}",
            first_name="Noor",
            last_name=post["last_name"],
            email="noor@example.org",
            by=manager,
        )
    assert set(refused.value.message_dict) == {"username", "last_name"}
    assert User.objects.count() == before


@pytest.mark.django_db
def test_an_import_refuses_a_control_in_a_name_as_a_located_problem_and_writes_nothing(tmp_path):
    people = list(SMALL["people.csv"])
    people[2] = people[2].replace("Dawit", f"Dawit{RLO}")
    dwellings = list(SMALL["dwellings.csv"])
    dwellings[1] = dwellings[1].replace("Woonstede", "Woon\u2066stede")
    before = database_state()
    result = import_files(tmp_path, with_changes(people_csv=people, dwellings_csv=dwellings))
    messages = [str(problem) for problem in result.problems]
    assert len(messages) == 2, messages
    assert messages[0].startswith("dwellings.csv:2: landlord: 'Woon\\u2066stede': ")
    assert "(U+2066)" in messages[0]
    assert messages[1].startswith("people.csv:3: given_name: 'Dawit\\u202e': ")
    assert database_state() == before


@pytest.mark.django_db
def test_an_import_keeps_a_right_to_left_mark_in_free_text(tmp_path):
    steps = list(SMALL["dossier_steps.csv"])
    steps[2] = "ds2,d1,ind_decision,2017-01-20,,بيان\u200f ontvangen"
    result = import_files(tmp_path, with_changes(dossier_steps_csv=steps))
    assert result.ok, [str(problem) for problem in result.problems]
