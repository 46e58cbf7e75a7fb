"""A waiting client nobody can take yet (#15): no empty table, no empty list to choose from,
but why (``eligible_volunteers``: the program's role, agreement, VOG, course, active; room
for a pair) and what to do next."""

import datetime

from django.urls import reverse
from django.utils import translation

from koers.core.scoping import Role
from tests.factories import MatchFactory, PersonFactory, StaffMemberFactory

TODAY_MINUS = datetime.timedelta(days=30)


def pages(client, user, match) -> tuple[str, str]:
    client.force_login(user)
    with translation.override("nl"):
        detail = client.get(reverse("matching:match_detail", kwargs={"match_uid": match.uid}))
        start = client.get(reverse("matching:match_start", kwargs={"match_uid": match.uid}))
    assert detail.status_code == start.status_code == 200
    return detail.content.decode(), start.content.decode()


def waiting(branch, today):
    person = PersonFactory(location=branch, given_name="Nasrin", family_name="Sadeghi")
    return MatchFactory(person=person, requested_on=today - TODAY_MINUS)


def test_nobody_with_the_role_says_so_and_points_to_the_team(client, branch, users, today):
    match = waiting(branch, today)
    detail, start = pages(client, users[Role.TEAM_LEADER], match)
    for html in (detail, start):
        assert "Er is nu geen taalcoach vrij voor Nasrin Sadeghi." in html
        assert "heeft nog geen vrijwilliger de rol taalcoach" in html
        assert f'href="{reverse("staff:list")}"' in html
        assert f'href="{reverse("matching:waiting_list")}"' in html
        assert "blijft op de wachtlijst" in html
        assert 'class="list suggestions"' not in html
        assert "<select" not in html
        assert "Geen vrijwilliger beschikbaar" not in html


def test_a_volunteer_who_lacks_a_document_is_named_with_what_is_missing(
    client, branch, users, today
):
    match = waiting(branch, today)
    almost = StaffMemberFactory(
        location=branch,
        given_name="Carla",
        family_name="Jansen",
        role_codes=["language_coach"],
        cleared=True,
        conduct_certificate_on=None,
    )
    detail, _start = pages(client, users[Role.TEAM_LEADER], match)
    assert "maar die mag nog geen cliënten begeleiden" in detail
    staff_url = reverse("staff:detail", kwargs={"staffmember_uid": almost.uid})
    assert f'<a href="{staff_url}">Carla Jansen</a> — ontbreekt: VOG' in detail


def test_everyone_cleared_at_their_maximum_says_so(client, branch, users, today):
    match = waiting(branch, today)
    busy = StaffMemberFactory(location=branch, role_codes=["language_coach"], cleared=True)
    other = PersonFactory(location=branch)
    MatchFactory(person=other, staff=busy, requested_on=today - 2 * TODAY_MINUS, started_on=today)
    detail, _start = pages(client, users[Role.TEAM_LEADER], match)
    assert "heeft al het hoogste aantal koppelingen" in detail


def test_with_a_volunteer_free_the_table_and_the_choice_are_there(client, branch, users, today):
    match = waiting(branch, today)
    StaffMemberFactory(location=branch, role_codes=["language_coach"], cleared=True)
    detail, start = pages(client, users[Role.TEAM_LEADER], match)
    assert 'class="list suggestions"' in detail
    assert "geen taalcoach vrij" not in detail
    assert "<select" in start
