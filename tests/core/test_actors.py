"""Explicit power: work without a person names a system actor; None never means "everything"."""

import datetime

import pytest
from django.core.management import call_command
from django.http import Http404

from koers.core.actors import CLI, SystemActor, require_actor
from koers.core.changes import change_entry
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role, get_for_user, scope_q
from koers.core.services import record_create
from koers.deadlines.selectors import open_items
from koers.indicators.engine import explain
from koers.indicators.periods import Period
from koers.people.models import Household, Person
from koers.privacy.holdings import holdings_of
from tests.factories import MembershipFactory, PersonFactory, UserFactory

YEAR = Period.year(2017)


def test_none_is_refused_where_it_used_to_mean_every_record(branch):
    person = PersonFactory(location=branch)
    with pytest.raises(TypeError, match="say who acts"):
        Person.objects.for_user(None)
    with pytest.raises(TypeError, match="say who acts"):
        scope_q(None, Person)
    with pytest.raises(TypeError):
        explain(key="housing.persons_housed", locations=[branch], period=YEAR, user=None)
    with pytest.raises(TypeError):
        open_items(on=datetime.date(2017, 6, 1), locations=[branch], user=None)
    with pytest.raises(TypeError):
        holdings_of(person, user=None)
    with pytest.raises(TypeError, match="say who acts"):
        change_entry(person, ChangeLogEntry.Action.UPDATE, by=None, changes={})
    with pytest.raises(TypeError, match="say who acts"):
        record_create(Household, by=None, location=branch)
    assert not ChangeLogEntry.objects.exists()


def test_the_system_actor_reaches_every_branch_a_person_only_their_own(branch, far_branch, users):
    here, there = PersonFactory(location=branch), PersonFactory(location=far_branch)
    assert set(Person.objects.for_user(CLI)) == {here, there}
    assert set(Person.objects.for_user(CLI, write=True)) == {here, there}
    assert set(Person.objects.for_user(users[Role.TEAM_LEADER])) == {here}
    assert set(Person.objects.for_user(users["no_role"])) == set()


def test_a_system_actor_is_logged_as_the_source_with_no_user(branch):
    nightly = SystemActor("nightly")
    household = record_create(Household, by=nightly, location=branch)
    entry = ChangeLogEntry.objects.get(object_id=household.pk)
    assert (entry.user, entry.source, entry.actor) == (None, "nightly", "nightly")


def test_a_person_is_logged_as_the_user_with_the_source_they_worked_in(branch):
    person = UserFactory(username="invoerder")
    MembershipFactory(user=person, role=Role.TEAM_LEADER, location=branch)  # who may write it
    household = record_create(Household, by=person, source="admin", location=branch)
    entry = ChangeLogEntry.objects.get(object_id=household.pk)
    assert (entry.user, entry.source) == (person, "admin")


@pytest.mark.parametrize("name", ["", "ui", "admin", "Import", "two words", "x" * 21])
def test_a_system_actor_has_a_short_code_for_a_name(name):
    with pytest.raises(ValueError, match="system actor"):
        SystemActor(name)


def test_require_actor_names_who_may_act():
    assert require_actor(CLI) is CLI
    with pytest.raises(TypeError):
        require_actor("cli")


def test_two_factor_reset_on_the_command_line_is_logged_as_cli(db):
    user = UserFactory(username="kwijt")
    call_command("two_factor_reset", "kwijt", stdout=open("/dev/null", "w"))  # noqa: SIM115
    entries = ChangeLogEntry.objects.filter(object_id=user.pk)
    assert {(entry.user, entry.source) for entry in entries} == {(None, "cli")}
    reset = entries.get(changes__has_key="two_factor")  # the other row: the new invitation
    assert reset.changes["two_factor"][1] == "hersteld"


def test_get_for_user_surfaces_a_lookup_that_finds_two_records_instead_of_a_404(branch, users):
    PersonFactory(location=branch, family_name="Dubbel")
    PersonFactory(location=branch, family_name="Dubbel")
    with pytest.raises(Person.MultipleObjectsReturned):
        get_for_user(Person, users[Role.TEAM_LEADER], family_name="Dubbel")
    with pytest.raises(Http404):  # not there and not yours stay one answer
        get_for_user(Person, users[Role.TEAM_LEADER], family_name="Niemand")
