"""A reunification dossier's family members and its decisions' outcomes: services, pages,
registering an arrived member in the household, privacy (export, anonymisation)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.legal import selectors, services
from koers.legal.models import FamilyMember
from koers.people.models import Person
from koers.privacy.anonymise import anonymise_people
from koers.privacy.models import AnonymisationReason
from koers.privacy.selectors import rights_of
from koers.privacy.services import RETENTION
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    FamilyMemberFactory,
    PersonFactory,
)
from tests.legal.test_dossiers import client_for

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def sponsor(branch):
    return PersonFactory(
        location=branch, given_name="Mahlet", family_name="Tesfay", nationality="ERI"
    )


@pytest.fixture
def dossier(sponsor):
    return DossierFactory(person=sponsor, kind="family_reunification", opened_on=d(2024, 1, 8))


@pytest.fixture
def arrived(dossier):
    """A son who arrived on 3 March 2025, not yet registered."""
    return FamilyMemberFactory(
        dossier=dossier,
        given_name="Yonas",
        family_name="Tesfay",
        relationship="child",
        birth_date=d(2014, 6, 2),
        whereabouts="Ethiopië, Addis Abeba",
        arrived_on=d(2025, 3, 3),
    )


def detail(dossier) -> str:
    return reverse("legal:dossier_detail", kwargs={"dossier_uid": dossier.uid})


# Services --------------------------------------------------------------------------------


def test_a_family_member_is_added_with_its_change_log_row(dossier, users):
    member = services.family_member_add(
        dossier=dossier,
        by=users[Role.LEGAL],
        given_name="Selam",
        family_name="Tesfay",
        relationship="partner",
        birth_date=d(1991, 2, 3),
        whereabouts="Soedan",
        arrived_on=None,
    )
    entry = ChangeLogEntry.objects.get(object_id=member.pk, action="create")
    assert entry.person_id == dossier.person_id
    assert entry.changes["given_name"] == [None, "Selam"]


def test_family_members_only_in_a_reunification_dossier(sponsor, users):
    other = DossierFactory(person=sponsor, kind="naturalisation")
    with pytest.raises(ValidationError):
        services.family_member_add(
            dossier=other, by=users[Role.LEGAL], given_name="Selam", relationship="partner"
        )


def test_arrival_before_birth_is_refused(dossier, users):
    with pytest.raises(ValidationError) as error:
        services.family_member_add(
            dossier=dossier,
            by=users[Role.LEGAL],
            given_name="Selam",
            relationship="child",
            birth_date=d(2020, 1, 1),
            arrived_on=d(2019, 12, 31),
        )
    assert "arrived_on" in error.value.message_dict


def test_an_edit_from_a_stale_form_conflicts(arrived, users):
    services.family_member_update(
        member=arrived, expected_version=1, by=users[Role.LEGAL], whereabouts="Nederland"
    )
    with pytest.raises(ConflictError):
        services.family_member_update(
            member=arrived, expected_version=1, by=users[Role.LEGAL], whereabouts="Soedan"
        )


def test_registering_an_arrived_member_makes_a_person_of_the_clients_household(
    arrived, sponsor, users
):
    person = services.family_member_register(
        member=arrived, expected_version=arrived.version, by=users[Role.LEGAL], sex="M",
        nationality="ERI", v_number="", permit_granted_on=d(2025, 2, 1),
        civic_integration_required=False,
    )  # fmt: skip
    assert (person.given_name, person.family_name, person.birth_date) == (
        "Yonas",
        "Tesfay",
        d(2014, 6, 2),
    )
    assert (person.location, person.household) == (sponsor.location, sponsor.household)
    assert person.arrival_route == "family_reunification"
    assert person.name_key  # found by the spelling-tolerant search, like any person
    arrived.refresh_from_db()
    assert arrived.person == person
    assert ChangeLogEntry.objects.filter(object_id=person.pk, action="create").exists()
    with pytest.raises(ValidationError):  # once is enough
        services.family_member_register(
            member=arrived, expected_version=arrived.version, by=users[Role.LEGAL], sex="M",
            nationality="ERI",
        )  # fmt: skip


def test_a_member_not_yet_arrived_cannot_be_registered(dossier, users):
    member = FamilyMemberFactory(dossier=dossier, birth_date=d(1991, 2, 3))
    with pytest.raises(ValidationError):
        services.family_member_register(
            member=member, expected_version=member.version, by=users[Role.LEGAL], sex="F",
            nationality="ERI",
        )  # fmt: skip
    assert not Person.objects.filter(given_name="Selam").exists()


def test_a_role_that_may_not_write_registers_nobody(arrived, users):
    with pytest.raises(WriteRefused):
        services.family_member_register(
            member=arrived, expected_version=arrived.version,
            by=users[Role.REGIONAL_MANAGER], sex="M", nationality="ERI",
        )  # fmt: skip
    assert Person.objects.count() == 1  # the sponsor only


def test_a_decision_takes_an_outcome_and_nothing_else_does(dossier, users):
    by = users[Role.LEGAL]
    decision = services.step_add(
        dossier=dossier, step="ind_decision", due_on=None, done_on=d(2024, 5, 1), note="",
        outcome="partly_granted", by=by,
    )  # fmt: skip
    assert decision.outcome == "partly_granted"
    with pytest.raises(ValidationError) as error:
        services.step_add(
            dossier=dossier, step="dna_test", due_on=None, done_on=d(2024, 5, 1), note="",
            outcome="granted", by=by,
        )  # fmt: skip
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.step_add(
            dossier=dossier, step="ind_decision", due_on=d(2024, 9, 1), done_on=None, note="",
            outcome="refused", by=by,
        )  # fmt: skip
    assert "done_on" in error.value.message_dict


def test_closing_proposes_the_last_decisions_outcome(dossier):
    DossierStepFactory(
        dossier=dossier, step="ind_decision", done_on=d(2024, 5, 1), outcome="refused"
    )
    assert selectors.proposed_outcome(dossier) == "refused"
    DossierStepFactory(
        dossier=dossier, step="objection_decision", done_on=d(2024, 9, 1), outcome="granted"
    )
    assert selectors.proposed_outcome(dossier) == "granted"
    DossierStepFactory(
        dossier=dossier, step="appeal_ruling", done_on=d(2024, 10, 1), outcome="partly_granted"
    )
    assert selectors.proposed_outcome(dossier) == ""  # partly: the user decides


# Pages -----------------------------------------------------------------------------------


def test_the_dossier_page_lists_the_members_and_logs_the_client(arrived, users):
    response = client_for(users[Role.LEGAL]).get(detail(arrived.dossier))
    body = response.content.decode()
    assert "Yonas Tesfay" in body and "Ethiopië, Addis Abeba" in body
    assert "3 mrt. 2025" in body  # a date with its year
    assert reverse("legal:member_register", kwargs={"familymember_uid": arrived.uid}) in body
    assert AccessLogEntry.objects.filter(person=arrived.dossier.person, action="view").exists()


def test_the_client_file_shows_members_and_outcomes(arrived, users):
    DossierStepFactory(
        dossier=arrived.dossier, step="ind_decision", done_on=d(2024, 6, 1), outcome="granted"
    )
    url = reverse("people:file", kwargs={"person_uid": arrived.dossier.person.uid})
    body = client_for(users[Role.LEGAL]).get(url).content.decode()
    assert "Yonas Tesfay" in body and "toegekend" in body


def test_registering_from_the_page_fills_in_the_member_and_opens_the_new_file(arrived, users):
    client = client_for(users[Role.LEGAL])
    url = reverse("legal:member_register", kwargs={"familymember_uid": arrived.uid})
    form = client.get(url).context["form"]
    assert form.initial["given_name"] == "Yonas" and form.initial["nationality"] == "ERI"
    response = client.post(
        url,
        {
            "version": arrived.version,
            "given_name": "Yonas",
            "family_name": "Tesfay",
            "birth_date": "2014-06-02",
            "sex": "M",
            "nationality": "ERI",
            "v_number": "",
            "permit_granted_on": "",
            "civic_integration_required": "unknown",
        },
    )
    person = Person.objects.get(given_name="Yonas")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:file", kwargs={"person_uid": person.uid})
    assert AccessLogEntry.objects.filter(person=arrived.dossier.person, action="edit").exists()


def test_an_invalid_member_is_refused_with_422_and_the_error_beside_its_field(dossier, users):
    url = reverse("legal:member_add", kwargs={"dossier_uid": dossier.uid})
    response = client_for(users[Role.LEGAL]).post(
        url,
        {
            "given_name": "Selam",
            "relationship": "child",
            "birth_date": "2020-01-01",
            "arrived_on": "2019-12-31",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["arrived_on"]
    assert not FamilyMember.objects.exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.MUNICIPALITY_VIEWER, "other_team_leader"])
def test_members_of_a_dossier_out_of_reach_are_404(arrived, users, role):
    client = client_for(users[role])
    for name in ("legal:member_edit", "legal:member_register"):
        url = reverse(name, kwargs={"familymember_uid": arrived.uid})
        assert client.get(url).status_code == 404
    url = reverse("legal:member_add", kwargs={"dossier_uid": arrived.dossier.uid})
    assert client.get(url).status_code == 404


# Privacy ---------------------------------------------------------------------------------


def test_the_subject_access_export_holds_the_family_members(arrived, users):
    rights = rights_of(arrived.dossier.person, user=users[Role.TEAM_LEADER], today=d(2026, 1, 1))
    held = {holding.model: holding.records for holding in rights.holdings}
    assert held[FamilyMember] == [arrived]


def test_anonymising_the_client_blanks_the_family_members_and_their_history(arrived):
    anonymise_people([arrived.dossier.person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    member = FamilyMember.objects.get(pk=arrived.pk)
    assert (member.given_name, member.family_name, member.birth_date, member.whereabouts) == (
        "[geanonimiseerd]",
        "",
        None,
        "",
    )
    assert (member.relationship, member.arrived_on) == ("child", d(2025, 3, 3))
    history = ChangeLogEntry.objects.filter(object_id=member.pk, content_type__model="familymember")
    assert "Yonas" not in str([entry.changes for entry in history])


def test_the_dossier_page_and_client_file_read_members_in_a_fixed_number_of_queries(dossier, users):
    client = client_for(users[Role.LEGAL])
    urls = [detail(dossier), reverse("people:file", kwargs={"person_uid": dossier.person.uid})]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    FamilyMemberFactory(dossier=dossier, person=PersonFactory(location=dossier.person.location))
    one = counts()
    for _ in range(5):
        FamilyMemberFactory(dossier=dossier, person=PersonFactory(location=dossier.person.location))
    assert counts() == one
