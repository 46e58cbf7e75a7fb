"""The user's own account page, recovery codes, password change; 2FA reset by a colleague;
the security records in the admin."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from koers.accounts import two_factor
from koers.accounts.models import LoginAttempt, LoginEvent, RecoveryCode, TOTPDevice
from koers.accounts.services import recovery_codes_regenerate
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.accounts.conftest import SECRET, code_for, log_in
from tests.conftest import make_user
from tests.factories import TEST_PASSWORD, MembershipFactory


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_account_page_shows_two_factor_status_codes_left_and_recent_logins(enrolled):
    client = Client()
    log_in(client, enrolled, steps_ahead=-1)
    recovery_codes_regenerate(user=enrolled, by=enrolled)
    LoginEvent.objects.create(user=enrolled, address="203.0.113.9", method="recovery")
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Authenticator-app ingesteld op" in page
    assert "nog 10 ongebruikte herstelcodes" in page
    assert "203.0.113.9" in page and "127.0.0.1" in page
    assert reverse("accounts:password_change") in page
    assert reverse("accounts:sessions_end") in page


def test_account_page_shows_only_the_users_own_logins(enrolled, users):
    LoginEvent.objects.create(user=users[Role.LEGAL], address="203.0.113.77", method="totp")
    page = logged_in(enrolled).get(reverse("accounts:account")).content.decode()
    assert "203.0.113.77" not in page


def test_new_recovery_codes_need_a_code_from_the_app_and_void_the_old_set(enrolled):
    old = recovery_codes_regenerate(user=enrolled, by=enrolled)
    client = logged_in(enrolled)
    refused = client.post(reverse("accounts:account"), {"code": "123456"})
    assert "klopt niet" in refused.content.decode()
    assert LoginAttempt.objects.filter(username=enrolled.username).count() == 1
    response = client.post(reverse("accounts:account"), {"code": code_for(SECRET)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert 'download="koers-herstelcodes.txt"' in page
    assert not any(code in page for code in old)
    assert not two_factor.recovery_code_use(user=enrolled, code=old[0])
    assert RecoveryCode.objects.filter(user=enrolled).count() == 10
    entry = ChangeLogEntry.objects.filter(object_id=enrolled.pk).latest("at")
    assert entry.changes == {"recovery_codes": [10, 10]}


def test_the_code_used_for_new_recovery_codes_cannot_be_used_again(enrolled):
    client = logged_in(enrolled)
    code = code_for(SECRET)
    client.post(reverse("accounts:account"), {"code": code})
    again = client.post(reverse("accounts:account"), {"code": code})
    assert again.status_code == 200 and "al gebruikt" in again.content.decode()


def test_a_weak_new_password_is_refused_next_to_the_field(users):
    user = users[Role.VOLUNTEER]
    response = logged_in(user).post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'aria-describedby="id_new_password2_helptext id_new_password2_error"' in page
    assert "Dit wachtwoord is te kort: het moet minstens 12 tekens bevatten." in page
    assert "too short" not in page
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_wrong_old_password_counts_towards_the_lockout(users):
    user = users[Role.VOLUNTEER]
    client = logged_in(user)
    data = {"old_password": "fout", "new_password1": "x" * 13, "new_password2": "x" * 13}
    for _ in range(5):
        client.post(reverse("accounts:password_change"), data)
    data["old_password"] = TEST_PASSWORD
    data["new_password1"] = data["new_password2"] = "een-nieuw-lang-wachtwoord-8"
    page = client.post(reverse("accounts:password_change"), data).content.decode()
    assert "Te veel mislukte pogingen" in page
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_the_password_change_form_is_accessible(users):
    page = logged_in(users[Role.VOLUNTEER]).get(reverse("accounts:password_change"))
    html = page.content.decode()
    assert 'autocomplete="current-password"' in html and 'autocomplete="new-password"' in html
    assert '<label for="id_new_password1">' in html


def test_a_team_leader_resets_a_colleagues_two_factor_and_it_is_logged(users, branch):
    volunteer = users[Role.VOLUNTEER]
    TOTPDevice.objects.create(user=volunteer, secret=SECRET, confirmed_at="2026-01-01T00:00Z")
    recovery_codes_regenerate(user=volunteer, by=volunteer)
    leader = logged_in(users[Role.TEAM_LEADER])
    listing = leader.get(reverse("accounts:two_factor_users")).content.decode()
    reset = reverse("accounts:two_factor_reset", kwargs={"user_id": volunteer.pk})
    assert reset in listing
    response = leader.post(reset, {"deliver": "show"})
    assert response["Location"] == reverse("accounts:invitation_issued")
    assert not TOTPDevice.objects.filter(user=volunteer).exists()
    assert not RecoveryCode.objects.filter(user=volunteer).exists()
    entries = ChangeLogEntry.objects.filter(object_id=volunteer.pk).order_by("at", "id")
    reset_entry, invitation_entry = list(entries)[-2:]
    assert reset_entry.user == users[Role.TEAM_LEADER]
    assert reset_entry.changes["two_factor"][1] == "hersteld"
    assert invitation_entry.changes["invitation"][1].startswith("geldig tot")
    shown = leader.get(reverse("accounts:invitation_issued")).content.decode()
    assert "/account/uitnodiging/?code=" in shown  # the link, to hand over
    assert volunteer.invitations.get().is_open()


@pytest.mark.parametrize(
    ("manager", "target"),
    [
        (Role.TEAM_LEADER, "other_team_leader"),  # another branch
        (Role.TEAM_LEADER, Role.REGIONAL_MANAGER),  # a more senior role
        (Role.TEAM_LEADER, Role.ADMINISTRATOR),
        (Role.TEAM_LEADER, Role.TEAM_LEADER),  # oneself
        (Role.VOLUNTEER, Role.LEGAL),  # no role that resets
        (Role.LEGAL, Role.VOLUNTEER),
        (Role.MUNICIPALITY_VIEWER, Role.VOLUNTEER),
        (Role.ADMINISTRATOR, Role.ADMINISTRATOR),
    ],
)
def test_two_factor_reset_is_refused_outside_the_managers_reach(users, manager, target):
    victim = users[target]
    TOTPDevice.objects.create(user=victim, secret=SECRET, confirmed_at="2026-01-01T00:00Z")
    client = logged_in(users[manager])
    response = client.post(reverse("accounts:two_factor_reset", kwargs={"user_id": victim.pk}))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=victim).exists()


def test_a_team_leader_cannot_reset_a_branch_colleague_who_is_also_an_administrator(users, branch):
    admin = users[Role.ADMINISTRATOR]
    MembershipFactory(user=admin, role=Role.VOLUNTEER, location=branch)
    client = logged_in(users[Role.TEAM_LEADER])
    response = client.post(reverse("accounts:two_factor_reset", kwargs={"user_id": admin.pk}))
    assert response.status_code == 404


def test_roles_without_reset_rights_do_not_get_the_colleagues_page(users):
    for role in (Role.VOLUNTEER, Role.LEGAL, Role.MUNICIPALITY_VIEWER, "no_role"):
        assert logged_in(users[role]).get(reverse("accounts:two_factor_users")).status_code == 404


def test_an_administrator_resets_from_the_user_page(users, far_branch):
    far = make_user(Role.TEAM_LEADER, far_branch, username="noordleider")
    TOTPDevice.objects.create(user=far, secret=SECRET, confirmed_at="2026-01-01T00:00Z")
    client = logged_in(users[Role.ADMINISTRATOR])
    detail = reverse("accounts:user_detail", kwargs={"user_id": far.pk})
    reset = reverse("accounts:two_factor_reset", kwargs={"user_id": far.pk})
    assert reset in client.get(detail).content.decode()
    assert client.post(reset)["Location"] == reverse("accounts:invitation_issued")
    page = client.get(detail).content.decode()
    assert "Nog niet ingesteld" in page
    assert reverse("accounts:invitation_new", kwargs={"user_id": far.pk}) in page


def test_the_admin_shows_security_records_read_only_and_never_the_secret(users, enrolled):
    admin_user = users[Role.ADMINISTRATOR]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = logged_in(admin_user)
    device = TOTPDevice.objects.get(user=enrolled)
    page = client.get(reverse("admin:accounts_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert SECRET.hex() not in page.content.decode()
    assert client.get(reverse("admin:accounts_loginattempt_add")).status_code == 403
    assert (
        client.post(reverse("admin:accounts_totpdevice_delete", args=[device.pk])).status_code
        == 403
    )
    assert "authenticator-apps" in client.get(reverse("admin:index")).content.decode().lower()


def test_switching_a_user_off_in_the_admin_ends_their_sessions(users):
    admin_user = users[Role.ADMINISTRATOR]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    target = users[Role.VOLUNTEER]
    target_client = logged_in(target)
    epoch = target.session_epoch
    change = reverse("admin:accounts_user_change", args=[target.pk])
    form = logged_in(admin_user).get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data |= {"is_active": "", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"}
    data |= {"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
    data.pop("last_login", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    response = logged_in(admin_user).post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert not target.is_active and target.session_epoch == epoch + 1
    assert target_client.get("/").status_code == 302


def test_the_command_line_resets_two_factor_when_nobody_in_the_application_can(enrolled):
    call_command("two_factor_reset", enrolled.username, stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    entry = ChangeLogEntry.objects.filter(object_id=enrolled.pk).latest("at")
    assert entry.source == "cli" and entry.user is None
    with pytest.raises(CommandError):
        call_command("two_factor_reset", "bestaat-niet")
