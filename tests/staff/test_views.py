"""The team pages: the client-access status, recording what earns it, and who may do that."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.people.models import Person
from koers.staff.models import StaffMember
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
    UserFactory,
)


def text(response) -> str:
    """The page as read: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def newcomer(branch):
    """A volunteer who signed the agreement but has no VOG and no course yet."""
    return StaffMemberFactory(
        location=branch,
        given_name="Femke",
        family_name="Zwart",
        agreement_signed_on=datetime.date(2024, 3, 1),
        role_codes=["social"],
    )


def detail_url(member) -> str:
    return reverse("staff:detail", kwargs={"staffmember_uid": member.uid})


def terms_url(member) -> str:
    return reverse("staff:terms", kwargs={"staffmember_uid": member.uid})


def test_team_list_shows_who_lacks_what(users, newcomer):
    body = client_for(users[Role.TEAM_LEADER]).get(reverse("staff:list")).content.decode()
    row = body.split("Femke Zwart")[1].split("</tr>")[0]
    assert "nee" in row and "VOG, introductie of basiscursus" in row
    cleared = body.split(str(users[Role.VOLUNTEER].staff_member))[1].split("</tr>")[0]
    assert "ja" in cleared and "VOG" not in cleared


def test_team_list_filters_on_access(users, newcomer):
    client = client_for(users[Role.TEAM_LEADER])
    lacking = client.get(reverse("staff:list"), {"access": "no"}).content.decode()
    assert "Femke Zwart" in lacking
    assert str(users[Role.VOLUNTEER].staff_member) not in lacking
    assert (
        "Femke Zwart" not in client.get(reverse("staff:list"), {"access": "yes"}).content.decode()
    )


def test_team_list_queries_do_not_grow_with_the_team(users, branch):
    client = client_for(users[Role.TEAM_LEADER])
    client.get(reverse("staff:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staff:list"))
    StaffMemberFactory.create_batch(6, location=branch, role_codes=["social"], cleared=True)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("staff:list"))
    assert len(many) == len(few)


def test_staff_page_says_access_and_what_is_missing(users, newcomer):
    body = text(client_for(users[Role.TEAM_LEADER]).get(detail_url(newcomer)))
    assert "Toegang tot cliëntdossiers: nee — ontbreekt: VOG, introductie of basiscursus" in body


def test_staff_page_names_a_future_start_and_a_passed_end(users, newcomer):
    newcomer.ended_on = datetime.date(2025, 1, 1)
    newcomer.started_on = datetime.date(2024, 2, 1)
    newcomer.conduct_certificate_on = datetime.date(2024, 2, 1)
    newcomer.save()
    body = text(client_for(users[Role.TEAM_LEADER]).get(detail_url(newcomer)))
    assert "nee — ontbreekt: introductie of basiscursus; gestopt" in body


def test_team_leader_records_vog_and_course_and_the_volunteer_gets_the_files(users, branch):
    user = UserFactory(username="nieuwevrijwilliger")
    MembershipFactory(user=user, role=Role.VOLUNTEER, location=branch)
    member = StaffMemberFactory(
        location=branch, user=user, agreement_signed_on=datetime.date(2024, 1, 5)
    )
    client_of_volunteer = PersonFactory(location=branch)
    TrajectoryFactory(person=client_of_volunteer, coach=member)
    assert not Person.objects.for_user(user).exists()

    leader = client_for(users[Role.TEAM_LEADER])
    response = leader.post(
        terms_url(member),
        {
            "version": member.version,
            "started_on": "2024-01-05",
            "ended_on": "",
            "end_reason": "",
            "agreement_signed_on": "2024-01-05",
            "conduct_certificate_on": "2024-01-20",
        },
    )
    assert response.status_code == 302
    assert not Person.objects.for_user(user).exists()  # the course is still missing
    response = leader.post(
        reverse("staff:training_add", kwargs={"staffmember_uid": member.uid}),
        {"course": "basic_course", "completed_on": "2024-02-10"},
    )
    assert response.status_code == 302
    user._koers_memberships = None
    assert list(Person.objects.for_user(user)) == [client_of_volunteer]
    logged = ChangeLogEntry.objects.filter(object_id=member.pk, action="update").get()
    assert logged.changes["conduct_certificate_on"] == [None, "2024-01-20"]


def test_stale_terms_edit_is_refused_and_shows_both_versions(users, newcomer):
    leader = client_for(users[Role.TEAM_LEADER])
    data = {
        "version": newcomer.version,
        "started_on": "2016-01-01",
        "ended_on": "",
        "end_reason": "",
        "agreement_signed_on": "2024-03-01",
        "conduct_certificate_on": "2024-03-10",
    }
    StaffMember.objects.filter(pk=newcomer.pk).update(version=newcomer.version + 1)
    response = leader.post(terms_url(newcomer), data)
    assert response.status_code == 422
    newcomer.refresh_from_db()
    assert newcomer.conduct_certificate_on is None


def test_end_reason_without_end_date_is_refused(users, newcomer):
    response = client_for(users[Role.TEAM_LEADER]).post(
        terms_url(newcomer),
        {
            "version": newcomer.version,
            "started_on": "2016-01-01",
            "ended_on": "",
            "end_reason": "moved",
            "agreement_signed_on": "2024-03-01",
            "conduct_certificate_on": "",
        },
    )
    assert response.status_code == 422
    assert "hoort bij een einddatum" in response.content.decode()


def test_volunteer_reads_own_record_but_records_nothing_not_even_their_own_vog(users, newcomer):
    volunteer = users[Role.VOLUNTEER]
    client = client_for(volunteer)
    own = volunteer.staff_member
    assert client.get(detail_url(own)).status_code == 200
    assert client.get(detail_url(newcomer)).status_code == 404
    assert client.get(terms_url(own)).status_code == 404
    assert client.post(terms_url(own), {"version": own.version}).status_code == 404
    training = reverse("staff:training_add", kwargs={"staffmember_uid": own.uid})
    assert client.post(training, {"course": "introduction"}).status_code == 404


@pytest.mark.parametrize("who", ["other_team_leader", Role.REGIONAL_MANAGER, Role.LEGAL, "no_role"])
def test_only_the_branchs_team_leader_changes_its_staff(users, newcomer, who):
    assert client_for(users[who]).get(terms_url(newcomer)).status_code == 404


def test_regional_manager_reads_the_team_of_the_region(users, newcomer):
    client = client_for(users[Role.REGIONAL_MANAGER])
    assert "Femke Zwart" in client.get(reverse("staff:list")).content.decode()
    body = client.get(detail_url(newcomer)).content.decode()
    assert "VOG" in body and terms_url(newcomer) not in body


def test_volunteer_start_page_shows_own_access(users):
    client = client_for(users[Role.VOLUNTEER])
    assert "Toegang tot cliëntdossiers: ja" in text(client.get(reverse("home")))
    member = users[Role.VOLUNTEER].staff_member
    member.conduct_certificate_on = None
    member.save()
    body = text(client.get(reverse("home")))
    assert "Toegang tot cliëntdossiers: nee — ontbreekt: VOG" in body
    assert "Uw teamleider legt" in body


def test_volunteer_without_staff_record_is_told_so(users, branch):
    users[Role.VOLUNTEER].staff_member.delete()
    body = client_for(users[Role.VOLUNTEER]).get(reverse("home")).content.decode()
    assert "geen medewerkersgegevens" in body


def test_team_leader_start_page_counts_volunteers_without_access(users, newcomer):
    newcomer.user = UserFactory(username="femke")
    newcomer.save()
    MembershipFactory(user=newcomer.user, role=Role.VOLUNTEER, location=newcomer.location)
    body = client_for(users[Role.TEAM_LEADER]).get(reverse("home")).content.decode()
    assert "1 vrijwilliger met een Koers-account heeft (nog) geen toegang" in body


def test_team_link_in_the_menu_for_leaders_only(users):
    url = reverse("staff:list")
    assert f'href="{url}"' in client_for(users[Role.TEAM_LEADER]).get("/").content.decode()
    assert f'href="{url}"' not in client_for(users[Role.VOLUNTEER]).get("/").content.decode()
