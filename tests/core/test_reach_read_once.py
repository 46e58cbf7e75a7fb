"""A request that writes nothing reads a volunteer's reach once, as ids (``scoping.reads_only``):
every scoped model gives the same rows as with the reach's subqueries, the reach is read once
however many reads the page makes, and a request that writes keeps the subqueries."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.coaching.models import Trajectory
from koers.core.access import ViewScopeMiddleware
from koers.core.scoping import Role, Scope, _reads_only, reads_only, scope_q
from koers.people.models import Person
from tests.factories import (
    ContactFactory,
    DossierFactory,
    PersonFactory,
    TrajectoryFactory,
)

MONTH = datetime.timedelta(days=30)
SCOPED = [model for model in apps.get_models() if isinstance(getattr(model, "scope", None), Scope)]


@pytest.fixture
def assigned(branch, other_branch, users, today):
    """The volunteer coaches one client, whose household has a second member; a third
    client at the branch and one elsewhere are not theirs. Every client has a contact and
    a dossier, so that each category has rows to see or not."""
    volunteer = users[Role.VOLUNTEER]
    mine = PersonFactory(location=branch, external_id="p-mine")
    housemate = PersonFactory(location=branch, household=mine.household, external_id="p-house")
    TrajectoryFactory(person=mine, coach=volunteer.staff_member, started_on=today - MONTH)
    other = PersonFactory(location=branch, external_id="p-other")
    elsewhere = PersonFactory(location=other_branch, external_id="p-elsewhere")
    for person in (mine, housemate, other, elsewhere):
        ContactFactory(person=person, location=person.location, date=today)
        DossierFactory(person=person, opened_on=today)
    return {"mine": mine, "housemate": housemate}


def visible(user) -> dict:
    return {
        model._meta.label: sorted(
            model._default_manager.filter(scope_q(user, model)).values_list("pk", flat=True)
        )
        for model in SCOPED
    }


CLEARED = 'SELECT "staff_staffmember"."location_id" AS "location" FROM "staff_staffmember"'


def reach_reads(captured) -> list[str]:
    """The queries that read whom the volunteer is assigned (with their households)."""
    return [q["sql"] for q in captured.captured_queries if 'household_id" IN (SELECT' in q["sql"]]


def fresh(user):
    """The user as a new request loads it: nothing cached from an earlier read."""
    return type(user).objects.get(pk=user.pk)


def test_every_scoped_model_gives_the_same_rows_read_once(users, assigned):
    for key in (Role.VOLUNTEER, Role.LEGAL, Role.TEAM_LEADER, Role.REGIONAL_MANAGER, "no_role"):
        live = visible(fresh(users[key]))
        with reads_only():
            once = visible(fresh(users[key]))
        assert once == live, key
    volunteer = fresh(users[Role.VOLUNTEER])
    with reads_only():
        people = set(Person.objects.for_user(volunteer).values_list("external_id", flat=True))
    assert people == {"p-mine", "p-house"}


def test_the_reach_is_read_once_per_request(users, assigned):
    volunteer = fresh(users[Role.VOLUNTEER])
    with reads_only(), CaptureQueriesContext(connection) as captured:
        for model in SCOPED:
            list(model._default_manager.filter(scope_q(volunteer, model))[:1])
    assert len(reach_reads(captured)) == 1  # the clients assigned, read once
    cleared = [q["sql"] for q in captured.captured_queries if CLEARED in q["sql"]]
    assert len(cleared) == 1  # where the volunteer is cleared, read once


def test_a_new_assignment_is_seen_by_the_next_request_and_outside_one(
    branch, users, assigned, today
):
    volunteer = users[Role.VOLUNTEER]
    newcomer = PersonFactory(location=branch, external_id="p-new")
    with reads_only():
        assert not Person.objects.for_user(fresh(volunteer)).filter(pk=newcomer.pk).exists()
        TrajectoryFactory(person=newcomer, coach=volunteer.staff_member, started_on=today - MONTH)
        after = fresh(volunteer)  # the next request
        assert Person.objects.for_user(after).filter(pk=newcomer.pk).exists()
    outside = fresh(volunteer)
    assert Person.objects.for_user(outside).filter(pk=newcomer.pk).exists()
    ended = today - datetime.timedelta(days=1)
    Trajectory.objects.filter(coach=volunteer.staff_member).update(ended_on=ended)
    assert not Person.objects.for_user(outside).exists()  # a subquery: read at each read


def test_a_volunteer_without_clients_reads_no_client_record(users, assigned):
    Trajectory.objects.all().delete()
    volunteer = fresh(users[Role.VOLUNTEER])
    with reads_only():
        assert visible(volunteer)["people.Person"] == []
        assert visible(volunteer)["contacts.Contact"] == []


def test_get_and_head_read_the_reach_once_other_methods_keep_the_subqueries(rf):
    seen = []
    middleware = ViewScopeMiddleware(lambda request: seen.append(_reads_only.get()))
    for method in ("get", "head", "post", "put", "delete"):
        getattr(rf, method)("/")
        middleware(getattr(rf, method)("/"))
    assert seen == [True, True, False, False, False]
    assert _reads_only.get() is False


def test_a_file_page_reads_the_reach_once(client, users, assigned):
    client.force_login(users[Role.VOLUNTEER])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/clienten/{assigned['mine'].uid}/")
    assert response.status_code == 200
    assert assigned["mine"].family_name in response.content.decode()
    assert len(reach_reads(captured)) == 1  # without it: a copy in each scoped read
