"""Issue 12, item 3 for matches: the volunteer of a running match changes from a day, with a
reason, without ending the match; access follows the dates; only who may do it is taken."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.core.scoping import Role
from koers.core.services import WriteRefused
from koers.matching import selectors, services
from koers.matching.models import Match, MatchVolunteerPeriod
from koers.people.models import Person
from tests.factories import (
    MatchFactory,
    MembershipFactory,
    PersonFactory,
    StaffMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
STARTED = datetime.date(2017, 2, 1)
CHANGE = datetime.date(2017, 6, 15)


def language_coach(branch, username: str, *, cleared=True, roles=("language_coach",)):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=Role.VOLUNTEER, location=branch)
    return StaffMemberFactory(location=branch, user=user, role_codes=list(roles), cleared=cleared)


@pytest.fixture
def pair(branch):
    old = language_coach(branch, "taalcoach.oud")
    match = MatchFactory(
        person=PersonFactory(location=branch),
        program="language_coaching",
        staff=old,
        requested_on=datetime.date(2017, 1, 15),
        started_on=STARTED,
    )
    return match, old, language_coach(branch, "taalcoach.nieuw")


def change(match, staff, day, by, reason="Verhuist"):
    return services.match_change_volunteer(
        match=match,
        staff=staff,
        changed_on=day,
        reason=reason,
        expected_version=match.version,
        by=by,
    )


def pairs(staff, day) -> bool:
    return selectors.matched_clients(staff.user, day).exists()


def test_the_volunteer_changes_on_the_day_and_the_match_runs_on(pair, users):
    match, old, new = pair
    changed = change(match, new, CHANGE, users[Role.TEAM_LEADER])
    day_before = CHANGE - datetime.timedelta(days=1)
    assert pairs(old, day_before) and not pairs(new, day_before)
    assert not pairs(old, CHANGE) and pairs(new, CHANGE)
    assert (changed.staff, changed.staff_since, changed.status) == (new, CHANGE, "running")
    period = MatchVolunteerPeriod.objects.get()
    assert (period.staff, period.started_on, period.ended_on) == (old, STARTED, day_before)


def test_the_file_moves_today(pair, users):
    match, old, new = pair
    change(match, new, timezone.localdate(), users[Role.TEAM_LEADER])
    person = match.person
    assert not Person.objects.for_user(old.user).filter(pk=person.pk).exists()
    assert Person.objects.for_user(new.user).filter(pk=person.pk).exists()


def test_refuses_an_uncleared_or_wrong_role_volunteer_and_a_volunteer_as_author(
    branch, pair, users
):
    match, old, new = pair
    for other in (
        language_coach(branch, "zonder.vog", cleared=False),
        language_coach(branch, "wegwijs", roles=("wegwijs_coach",)),
    ):
        with pytest.raises(ValidationError):
            change(match, other, CHANGE, users[Role.TEAM_LEADER])
    with pytest.raises(WriteRefused):
        change(match, new, CHANGE, old.user)
    assert Match.objects.get(pk=match.pk).staff == old


def test_refuses_a_volunteer_at_their_maximum_of_pairs(branch, pair, users):
    match, _old, new = pair
    MatchFactory(person=PersonFactory(location=branch), staff=new, started_on=STARTED)
    with pytest.raises(ValidationError):  # one pair without a profile (DEFAULT_MAX_PAIRS)
        change(match, new, CHANGE, users[Role.TEAM_LEADER])


def test_the_page_offers_eligible_volunteers_and_saves(branch, pair, users):
    match, _old, new = pair
    language_coach(branch, "zonder.cursus", cleared=False)
    leader = Client()
    leader.force_login(users[Role.TEAM_LEADER])
    url = reverse("matching:match_change_volunteer", kwargs={"match_uid": match.uid})
    page = leader.get(url).content.decode()
    assert f"{new} (0 lopende koppelingen)" in page
    assert page.count("lopende koppelingen)") == 1  # the uncleared one is not offered
    form = {"staff": new.pk, "changed_on": "2017-06-15", "version": match.version}
    assert leader.post(url, form).status_code == 422  # no reason
    assert leader.post(url, form | {"reason": "Verhuist"}).status_code == 302
    assert Match.objects.get(pk=match.pk).staff == new
    volunteer = Client()
    volunteer.force_login(new.user)
    assert volunteer.get(url).status_code == 404
