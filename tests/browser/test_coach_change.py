"""Issue 12, item 3 in the browser: the team leader changes a client's coach, and the access
moves on the day of the change: the old coach's file is gone, the new coach's is there."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from koers.coaching.models import CoachPeriod, Trajectory
from koers.core.formatting import date_text
from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
    UserFactory,
)


def test_the_coach_changes_today_and_the_file_moves_with_it(as_user, users, branch):
    today = timezone.localdate()
    old = users[Role.VOLUNTEER]  # social, cleared: the fixture's volunteer
    new = UserFactory(username="coach.nieuw")
    MembershipFactory(user=new, role=Role.VOLUNTEER, location=branch)
    newcomer = StaffMemberFactory(
        location=branch,
        user=new,
        given_name="Lotte",
        family_name="Visser",
        role_codes=["social"],
        cleared=True,
    )
    StaffMemberFactory(  # a volunteer without VOG: never offered
        location=branch, given_name="Zonder", family_name="Vog", role_codes=["social"]
    )
    person = PersonFactory(location=branch, given_name="Rahel", family_name="Tekle")
    trajectory = TrajectoryFactory(
        person=person, coach=old.staff_member, started_on=today - datetime.timedelta(days=60)
    )
    file_url = f"/clienten/{person.uid}/"
    old_page = as_user(old, viewport=PHONE)
    assert old_page.goto(file_url).status == 200

    leader = as_user(users[Role.TEAM_LEADER])
    leader.goto(f"/begeleiding/trajecten/{trajectory.uid}/")
    leader.get_by_role("link", name="Coach wisselen").click()
    coach = leader.get_by_label("Nieuwe coach")
    options = coach.locator("option").all_inner_texts()
    assert "Lotte Visser (0 lopende trajecten)" in options
    assert not any("Vog" in option for option in options)
    coach.select_option(label="Lotte Visser (0 lopende trajecten)")
    assert leader.get_by_label("Wissel op").input_value() == today.isoformat()
    leader.get_by_label("Reden van de wissel").fill("Vrijwilliger stopt per vandaag")
    leader.get_by_role("button", name="Opslaan").click()
    leader.wait_for_url(f"**/trajecten/{trajectory.uid}/")
    expect(leader.get_by_role("status").get_by_text("De coach is gewisseld.")).to_be_visible()
    history = leader.get_by_role("region", name="Coaches")
    expect(history.get_by_text("Vrijwilliger stopt per vandaag")).to_be_visible()
    expect(history.get_by_text(date_text(today - datetime.timedelta(days=1)))).to_be_visible()

    assert old_page.goto(file_url).status == 404
    new_page = as_user(new, viewport=PHONE)
    assert new_page.goto(file_url).status == 200
    expect(new_page.get_by_role("heading", name="Rahel Tekle").first).to_be_visible()
    changed = Trajectory.objects.get(pk=trajectory.pk)
    assert (changed.coach, changed.coach_since, changed.ended_on) == (newcomer, today, None)
    assert CoachPeriod.objects.get().ended_on == today - datetime.timedelta(days=1)
