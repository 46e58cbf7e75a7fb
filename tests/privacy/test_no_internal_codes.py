"""No internal code on a page (#15): the rights page named a household "Huishoudens:
k0df1106054fb483" and the staff page showed a course as "language_coach_training". A record
without a name of its own reads as its kind and day; a course as its Dutch name."""

import datetime
import re

from django.urls import reverse
from django.utils import translation

from koers.core.actors import CLI
from koers.core.scoping import Role
from koers.core.services import record_create, record_update
from koers.people.models import Household
from koers.staff.models import course_label
from tests.factories import ContactFactory, PersonFactory, StaffMemberFactory, TrainingFactory

HOUSEHOLD_ID = "k0df1106054fb483"
CONTACT_ID = "c9a1e2f3b4d5c6e7"


def test_the_rights_page_names_records_by_kind_and_day_not_by_id(client, branch, users):
    household = record_create(Household, by=CLI, location=branch, external_id=HOUSEHOLD_ID)
    person = PersonFactory(location=branch, household=household)
    contact = ContactFactory(
        location=branch,
        person=person,
        external_id=CONTACT_ID,
        date=datetime.date(2024, 5, 3),
        kind="home_visit",
    )
    record_update(contact, by=users[Role.TEAM_LEADER], expected_version=1, note="Nagebeld")
    client.force_login(users[Role.TEAM_LEADER])
    with translation.override("nl"):
        html = client.get(reverse("privacy:rights", kwargs={"person_uid": person.uid})).content
    text = html.decode()
    assert HOUSEHOLD_ID not in text
    assert CONTACT_ID not in text
    assert "Huisbezoek, 3 mei 2024" in text  # the correction list, under "Contacten"
    assert "contact, huisbezoek, 3 mei 2024" in text  # the history's "Gegeven"


def test_a_course_reads_as_its_dutch_name(client, branch, users):
    member = StaffMemberFactory(location=branch)
    TrainingFactory(staff=member, course="language_coach_training")
    TrainingFactory(staff=member, course="first_aid")  # a code the list does not know
    client.force_login(users[Role.TEAM_LEADER])
    with translation.override("nl"):
        text = client.get(
            reverse("staff:detail", kwargs={"staffmember_uid": member.uid})
        ).content.decode()
        assert course_label("language_coach_training") == "training taalcoach"
    assert "training taalcoach" in text
    assert "first aid" in text
    assert "language_coach_training" not in text
    assert "first_aid" not in text


def test_the_deadline_rules_page_shows_names_not_codes(client, users):
    client.force_login(users[Role.REGIONAL_MANAGER])
    with translation.override("nl"):
        text = client.get(reverse("deadlines:rules")).content.decode()
    shown = re.sub(r"<[^>]+>", " ", text)  # what people read, not the links' addresses
    assert "Einde coaching vestiging" in shown
    assert "settling_in_end" not in shown
