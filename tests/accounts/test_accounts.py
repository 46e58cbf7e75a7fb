"""Login and sessions, and user management by administrators, team leaders and regional managers.

Who gives which role where: tests/accounts/test_roles.py.
"""

import pytest
from django.test import Client
from django.urls import reverse

from koers.accounts.models import Membership, User
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.factories import TEST_PASSWORD, StaffMemberFactory


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.argon2
def test_login_page_is_dutch_and_checks_an_argon2_password_before_the_second_step(users):
    client = Client()
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen bij Koers" in page and 'autocomplete="current-password"' in page
    user = users[Role.TEAM_LEADER]
    assert user.password.startswith("argon2")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403  # no app yet: only an invitation leads to enrolment
    assert "uitnodigingslink" in response.content.decode()
    assert client.get("/").status_code == 302  # not logged in before the second factor


def test_wrong_password_shows_a_dutch_error_and_logs_nobody_in(users):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "teamleider", "password": "wrong-password-1"}
    )
    assert "horen niet bij elkaar" in response.content.decode()
    assert client.get("/").status_code == 302


def test_logout_is_a_post_and_ends_the_session(users):
    client = logged_in(users[Role.VOLUNTEER])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.LEGAL, Role.MUNICIPALITY_VIEWER, "no_role"])
def test_only_administrators_team_leaders_and_regional_managers_manage_users(users, role):
    assert logged_in(users[role]).get(reverse("accounts:user_list")).status_code == 404


def new_user_data(location, **extra):
    data = {
        "username": "nieuwecoach",
        "first_name": "Noor",
        "last_name": "Bosman",
        "email": "noor@example.org",
        "role": Role.VOLUNTEER,
        "location": location.pk,
    }
    return data | extra


def test_team_leader_creates_a_volunteer_of_the_branch(users, branch):
    response = logged_in(users[Role.TEAM_LEADER]).post(
        reverse("accounts:user_create"), new_user_data(branch)
    )
    assert response["Location"] == reverse("accounts:invitation_issued")
    user = User.objects.get(username="nieuwecoach")
    assert not user.has_usable_password()  # chosen by the user through the invitation
    assert Membership.objects.get(user=user).role == Role.VOLUNTEER
    assert ChangeLogEntry.objects.filter(object_id=user.pk, action="create").exists()
    assert user.invitations.get().is_open()


def test_regional_manager_cannot_give_roles_outside_the_region_or_administrator(
    users, far_branch, branch
):
    client = logged_in(users[Role.REGIONAL_MANAGER])
    viewer = Role.MUNICIPALITY_VIEWER
    outside = client.post(reverse("accounts:user_create"), new_user_data(far_branch, role=viewer))
    admin = client.post(
        reverse("accounts:user_create"), new_user_data(branch, role=Role.ADMINISTRATOR)
    )
    assert outside.status_code == admin.status_code == 422
    assert not User.objects.filter(username="nieuwecoach").exists()


def test_a_new_user_is_made_without_a_password_field(users, branch):
    page = logged_in(users[Role.ADMINISTRATOR]).get(reverse("accounts:user_create"))
    assert 'name="password"' not in page.content.decode()


def test_end_membership_deactivate_and_link_staff_are_logged(users, branch):
    manager = logged_in(users[Role.ADMINISTRATOR])
    target = users[Role.TEAM_LEADER]
    membership = target.memberships.get()
    manager.post(reverse("accounts:membership_end", kwargs={"membership_id": membership.pk}))
    membership.refresh_from_db()
    assert membership.ended_on is not None
    staff = StaffMemberFactory(location=branch)
    detail = reverse("accounts:user_detail", kwargs={"user_id": target.pk})
    link = reverse("staff:user_link", kwargs={"user_id": target.pk})
    assert f'action="{link}"' in manager.get(detail).content.decode()
    linked = manager.post(link, {"staff_member": staff.pk})
    assert linked.status_code == 302
    assert linked["Location"] == detail
    staff.refresh_from_db()
    assert staff.user == target
    manager.post(reverse("accounts:user_deactivate", kwargs={"user_id": target.pk}))
    target.refresh_from_db()
    assert not target.is_active
    assert ChangeLogEntry.objects.filter(action="update").count() == 3


def test_regional_manager_does_not_see_users_of_another_region(users, far_branch):
    from tests.conftest import make_user

    far = make_user(Role.TEAM_LEADER, far_branch, username="noordleider")
    client = logged_in(users[Role.REGIONAL_MANAGER])
    assert "noordleider" not in client.get(reverse("accounts:user_list")).content.decode()
    detail = reverse("accounts:user_detail", kwargs={"user_id": far.pk})
    assert client.get(detail).status_code == 404
