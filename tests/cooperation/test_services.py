"""Writes of partners and activities: validated, atomic, versioned, in the change log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from koers.cooperation import services
from koers.cooperation.models import Activity
from koers.core.actors import CLI
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def leader(users):
    """The branch's team leader: the role table gives them ``write_branch`` there."""
    return users[Role.TEAM_LEADER]


def entries(activity_id) -> list[ChangeLogEntry]:
    return list(ChangeLogEntry.objects.filter(object_id=activity_id).order_by("id"))


def test_an_activity_is_created_with_its_links_in_one_change_log_row(branch, leader):
    first = PartnerFactory(location=branch, external_id="pa-b")
    second = PartnerFactory(location=branch, external_id="pa-a")
    member = StaffMemberFactory(location=branch, external_id="s-1")
    activity = services.activity_create(
        location=branch,
        date=D(2017, 4, 3),
        kind="case_consultation",
        title="  Casusoverleg wijkteam ",
        partners=[first, second],
        staff=[member],
        by=leader,
    )
    assert activity.title == "Casusoverleg wijkteam"
    through = Activity.partners.through.objects.filter(activity=activity).order_by("pk")
    assert [row.partner.external_id for row in through] == ["pa-b", "pa-a"]
    [entry] = entries(activity.pk)
    assert (entry.action, entry.user, entry.person_id) == ("create", leader, None)
    assert entry.changes["partners"] == [None, ["pa-b", "pa-a"]]
    assert entry.changes["staff"] == [None, ["s-1"]]
    assert entry.changes["title"] == [None, "Casusoverleg wijkteam"]


@pytest.mark.parametrize("kind", ["information_session", "public_event"])
def test_an_audience_is_kept_for_outreach(branch, leader, kind):
    activity = services.activity_create(
        location=branch, date=D(2017, 4, 3), kind=kind, title="Voorlichting", people_reached=0,
        by=leader,
    )  # fmt: skip
    assert activity.people_reached == 0


def test_an_audience_on_a_meeting_is_refused_next_to_the_field(branch, leader):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            location=branch, date=D(2017, 4, 3), kind="network_meeting", title="Overleg",
            people_reached=12, by=leader,
        )  # fmt: skip
    assert "people_reached" in error.value.error_dict
    assert "netwerkbijeenkomst" in error.value.messages[0]
    assert not Activity.objects.exists()


def test_partners_and_staff_of_another_branch_are_refused(branch, other_branch, leader):
    elsewhere = PartnerFactory(location=other_branch, name="Wijkteam Waalstad")
    stranger = StaffMemberFactory(location=other_branch, given_name="Ilse", family_name="Brink")
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            location=branch, date=D(2017, 4, 3), kind="network_meeting", title="Overleg",
            partners=[elsewhere], staff=[stranger], by=leader,
        )  # fmt: skip
    assert error.value.message_dict == {
        "partners": ["Deze partners horen bij een andere afdeling: Wijkteam Waalstad."],
        "staff": ["Deze medewerkers horen bij een andere afdeling: Ilse Brink."],
    }
    assert not Activity.objects.exists()


def test_the_database_refuses_an_audience_on_a_meeting(branch):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            location=branch, date=D(2017, 1, 1), kind="case_consultation", title="X",
            people_reached=3,
        )  # fmt: skip


def test_an_update_changes_fields_and_sets_in_one_new_version(branch, leader):
    keep, drop, add = (PartnerFactory(location=branch, external_id=i) for i in ("k", "d", "a"))
    activity = ActivityFactory(location=branch, partners=[keep, drop])
    updated = services.activity_update(
        activity=activity,
        date=activity.date,
        kind="project_meeting",
        title=activity.title,
        partners=[keep, add],
        staff=[],
        people_reached=None,
        expected_version=1,
        by=leader,
    )
    assert updated.version == 2
    [entry] = entries(activity.pk)
    assert entry.changes == {
        "kind": ["network_meeting", "project_meeting"],
        "partners": [["k", "d"], ["k", "a"]],
    }


def test_changing_only_the_partners_is_a_new_version_too(branch, leader):
    partner = PartnerFactory(location=branch, external_id="p")
    activity = ActivityFactory(location=branch)
    updated = services.activity_update(
        activity=activity, date=activity.date, kind=activity.kind, title=activity.title,
        partners=[partner], staff=[], people_reached=None, expected_version=1, by=leader,
    )  # fmt: skip
    assert updated.version == 2
    assert [e.changes for e in entries(activity.pk)] == [{"partners": [[], ["p"]]}]


def test_saving_the_same_values_writes_nothing(branch, leader):
    partner = PartnerFactory(location=branch)
    activity = ActivityFactory(location=branch, partners=[partner])
    services.activity_update(
        activity=activity, date=activity.date, kind=activity.kind, title=activity.title,
        partners=[partner], staff=[], people_reached=None, expected_version=1, by=leader,
    )  # fmt: skip
    activity.refresh_from_db()
    assert activity.version == 1
    assert entries(activity.pk) == []


def test_an_edit_of_an_old_version_is_a_conflict_and_writes_nothing(branch, leader):
    activity = ActivityFactory(location=branch, title="Oud")
    Activity.objects.filter(pk=activity.pk).update(version=2, title="Van een collega")
    with pytest.raises(ConflictError) as conflict:
        services.activity_update(
            activity=activity, date=activity.date, kind=activity.kind, title="Mijn titel",
            partners=[], staff=[], people_reached=None, expected_version=1, by=leader,
        )  # fmt: skip
    assert conflict.value.current.title == "Van een collega"
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Van een collega", 2)


def test_a_deleted_activity_keeps_its_values_and_links_in_the_change_log(branch, leader):
    partner = PartnerFactory(location=branch, external_id="p1")
    activity = ActivityFactory(location=branch, partners=[partner], external_id="ac9")
    pk = activity.pk
    services.activity_delete(activity=activity, by=leader)
    assert not Activity.objects.exists()
    [entry] = entries(pk)
    assert entry.action == "delete"
    assert entry.changes["partners"] == [["p1"], None]
    assert entry.changes["title"][0] == "Netwerkoverleg sociaal domein"


def test_a_partner_is_created_and_edited_with_optimistic_locking(branch, leader):
    partner = services.partner_create(
        location=branch, name=" Voedselbank  Rijnmond ", kind="food_bank",
        contact_person="Coördinator", phone="010-1234567", by=leader,
    )  # fmt: skip
    assert partner.name == "Voedselbank  Rijnmond"
    services.partner_update(
        partner=partner, name="Voedselbank Rijnmond", kind="food_bank", contact_person="",
        phone="", expected_version=1, by=leader,
    )  # fmt: skip
    with pytest.raises(ConflictError):
        services.partner_update(
            partner=partner, name="X", kind="other", contact_person="", phone="",
            expected_version=1, by=leader,
        )  # fmt: skip


def test_a_phone_number_with_letters_is_refused(branch, leader):
    with pytest.raises(ValidationError) as error:
        services.partner_create(
            location=branch, name="CJG", kind="youth_family", phone="bel maar", by=leader
        )
    assert "phone" in error.value.error_dict


@pytest.mark.parametrize(
    "who", [Role.VOLUNTEER, Role.LEGAL, Role.REGIONAL_MANAGER, "other_team_leader", "no_role"]
)
def test_only_who_keeps_the_branchs_social_map_writes_it(branch, users, who):
    """The role table's ``write_branch``: the branch's team leader (above), an
    administrator and the system actor; volunteers, regional managers and others do not."""
    partner = PartnerFactory(location=branch)
    activity = ActivityFactory(location=branch)
    by = users[who]
    with pytest.raises(PermissionDenied):
        services.partner_create(location=branch, name="Taalhuis", kind="education", by=by)
    with pytest.raises(PermissionDenied):
        services.partner_update(
            partner=partner, name="Taalhuis", kind="education", contact_person="", phone="",
            expected_version=partner.version, by=by,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.activity_create(
            location=branch, date=D(2017, 4, 3), kind="network_meeting", title="Overleg", by=by
        )
    with pytest.raises(PermissionDenied):
        services.activity_delete(activity=activity, by=by)
    assert Activity.objects.get() == activity
    assert not ChangeLogEntry.objects.exists()


def test_an_administrator_and_a_command_write_at_any_branch(far_branch, users):
    for by in (users[Role.ADMINISTRATOR], CLI):
        activity = services.activity_create(
            location=far_branch, date=D(2017, 4, 3), kind="network_meeting", title="Overleg",
            by=by,
        )  # fmt: skip
        services.activity_delete(activity=activity, by=by)
    assert list(ChangeLogEntry.objects.values_list("source", flat=True).order_by("id")) == [
        "ui", "ui", "cli", "cli"
    ]  # fmt: skip
