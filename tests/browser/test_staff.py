"""A team leader on a phone clears a new volunteer; the volunteer's start page follows."""

import datetime

from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import MembershipFactory, StaffMemberFactory, UserFactory


def test_team_leader_records_vog_and_course_and_the_volunteer_gets_access(as_user, users, branch):
    user = UserFactory(username="femke", first_name="Femke")
    MembershipFactory(user=user, role=Role.VOLUNTEER, location=branch)
    StaffMemberFactory(
        location=branch,
        user=user,
        given_name="Femke",
        family_name="Zwart",
        agreement_signed_on=datetime.date(2024, 3, 1),
    )
    volunteer = as_user(user, viewport=PHONE)
    volunteer.goto("/")
    status = volunteer.locator(".client-access")
    assert "ontbreekt: VOG, introductie of basiscursus" in " ".join(status.inner_text().split())

    leader = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    leader.goto("/")
    leader.get_by_role("link", name="Bekijken").click()
    leader.get_by_role("link", name="Femke Zwart").click()
    leader.get_by_role("link", name="Overeenkomst, VOG en periode wijzigen").click()
    leader.get_by_label("VOG afgegeven op").fill("2024-02-20")
    leader.get_by_role("button", name="Opslaan").click()
    leader.get_by_role("link", name="Training vastleggen").click()
    leader.get_by_label("cursus").select_option("basic_course")
    leader.get_by_label("afgerond op").fill("2024-03-15")
    leader.get_by_role("button", name="Opslaan").click()
    leader.get_by_text("De training is vastgelegd.").wait_for()
    assert "Toegang tot cliëntdossiers: ja" in leader.locator(".client-access").inner_text()

    volunteer.reload()
    assert "Toegang tot cliëntdossiers: ja" in volunteer.locator(".client-access").inner_text()
