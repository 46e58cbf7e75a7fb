"""Enrolment by invitation: single use, expiring, stored hashed; the only way to set up an app.

A new account (no password yet) chooses its password while enrolling; a user whose
two-step login was reset confirms with their current password. The link is made in the
user pages (mailed or shown once) and by ``koers user create`` / ``invite`` and
``koers two_factor_reset``.
"""

import datetime
import hashlib
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Invitation, LoginAttempt, LoginEvent, TOTPDevice, User
from koers.accounts.services import invitation_issue, two_factor_reset, user_create
from koers.core.actors import CLI
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.accounts.conftest import SECRET, code_for, invitation_opened, shown_secret
from tests.factories import TEST_PASSWORD

ENROL = reverse("accounts:invitation_enrol")
CHOSEN = "mijn-eigen-lange-wachtwoord-9"
LINK = re.compile(r"https?://\S+/account/uitnodiging/\?code=[\w-]+")


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def new_account(username: str = "nieuwkomer", email: str = "nieuw@example.org") -> User:
    return user_create(username=username, first_name="Sanne", last_name="Vos", email=email, by=CLI)


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def test_a_new_user_chooses_a_password_and_sets_up_the_app_through_the_invitation(db):
    user = new_account()
    issued = invitation_issue(user=user, by=CLI)
    client = Client()
    opened = client.get(path_of(issued.link("http://testserver")))
    assert opened.status_code == 302 and opened["Location"] == ENROL  # the code leaves the URL
    page = client.get(ENROL).content.decode()
    assert issued.code not in page  # so no Referer of this page carries it
    assert 'name="new_password1"' in page and 'name="current_password"' not in page
    assert "<svg" in page and "QR-code voor uw authenticator-app" in page
    secret = shown_secret(page)

    mismatch = {"new_password1": CHOSEN, "new_password2": CHOSEN + "x", "code": code_for(secret)}
    assert "niet gelijk" in client.post(ENROL, mismatch).content.decode()
    weak = {"new_password1": "kort", "new_password2": "kort", "code": code_for(secret)}
    assert client.post(ENROL, weak).status_code == 200
    assert not is_logged_in(client)

    data = {"new_password1": CHOSEN, "new_password2": CHOSEN, "code": code_for(secret)}
    response = client.post(ENROL, data)
    assert response["Location"].startswith(reverse("accounts:recovery_codes"))
    codes_page = client.get(response["Location"])
    assert len(set(re.findall(r"<code>([a-z2-9-]{14})</code>", codes_page.content.decode()))) == 10
    assert is_logged_in(client)
    user.refresh_from_db()
    assert user.check_password(CHOSEN)
    assert TOTPDevice.objects.get(user=user).confirmed_at is not None
    assert Invitation.objects.get(user=user).used_at is not None
    assert LoginEvent.objects.get(user=user).method == LoginEvent.Method.ENROLMENT
    used = ChangeLogEntry.objects.filter(object_id=user.pk, changes__has_key="invitation")
    assert [entry.changes["invitation"][1] for entry in used.order_by("id")][-1] == "gebruikt"


def test_the_link_works_once(db):
    user = new_account()
    issued = invitation_issue(user=user, by=CLI)
    client = Client()
    page = invitation_opened_with(client, issued)
    secret = shown_secret(page)
    data = {"new_password1": CHOSEN, "new_password2": CHOSEN, "code": code_for(secret)}
    client.post(ENROL, data)
    again = Client().get(path_of(issued.link("http://testserver")))
    assert again.status_code == 410
    assert "werkt niet (meer)" in again.content.decode()


def invitation_opened_with(client: Client, issued) -> str:
    client.get(path_of(issued.link("http://testserver")))
    return client.get(ENROL).content.decode()


def test_a_new_invitation_voids_the_older_one_even_if_already_opened(db):
    user = new_account()
    first = invitation_issue(user=user, by=CLI)
    client = Client()
    page = invitation_opened_with(client, first)
    second = invitation_issue(user=user, by=CLI)
    data = {"new_password1": CHOSEN, "new_password2": CHOSEN, "code": code_for(shown_secret(page))}
    assert client.post(ENROL, data).status_code == 410
    assert Client().get(path_of(first.link("http://testserver"))).status_code == 410
    assert Client().get(path_of(second.link("http://testserver")))["Location"] == ENROL
    assert not user.totp_devices.filter(confirmed_at__isnull=False).exists()


def test_an_invitation_expires_after_the_configured_hours(db, settings):
    settings.KOERS_INVITATION_HOURS = 72
    user = new_account()
    issued = invitation_issue(user=user, by=CLI)
    invitation = issued.invitation
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    settings.KOERS_INVITATION_HOURS = 2
    shorter = invitation_issue(user=user, by=CLI).invitation
    assert shorter.expires_at - shorter.created_at == datetime.timedelta(hours=2)
    Invitation.objects.filter(pk=shorter.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Client().get(path_of(invitation_issue_link(shorter))).status_code == 410


def invitation_issue_link(invitation) -> str:
    """A link for a stored invitation whose code the test no longer has: a made-up code
    with the same hash stored (the code itself is never stored)."""
    code = "vaste-testcode-" + str(invitation.pk)
    Invitation.objects.filter(pk=invitation.pk).update(
        code_hash=hashlib.sha256(code.encode()).hexdigest()
    )
    return f"http://testserver{reverse('accounts:invitation')}?code={code}"


def test_only_a_hash_of_the_code_is_stored(db):
    user = new_account()
    issued = invitation_issue(user=user, by=CLI)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_invitation")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert issued.code not in stored
    assert hashlib.sha256(issued.code.encode()).hexdigest() in stored
    assert len(issued.code) >= 43  # 256 random bits


def test_a_reset_user_confirms_with_their_current_password_and_keeps_it(users):
    user = users[Role.VOLUNTEER]
    TOTPDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    issued = two_factor_reset(user=user, by=users[Role.TEAM_LEADER])
    client = Client()
    page = invitation_opened_with(client, issued)
    assert 'name="current_password"' in page and 'name="new_password1"' not in page
    secret = shown_secret(page)

    wrong = client.post(
        ENROL, {"current_password": "niet-het-wachtwoord-1", "code": code_for(secret)}
    )
    assert "Dit wachtwoord klopt niet" in wrong.content.decode()
    assert LoginAttempt.objects.filter(username=user.username).count() == 1
    assert not user.totp_devices.filter(confirmed_at__isnull=False).exists()

    wrong_code = client.post(ENROL, {"current_password": TEST_PASSWORD, "code": "000000"})
    assert "Controleer de tijd" in wrong_code.content.decode()
    assert Invitation.objects.get(user=user).is_open()  # a wrong code does not use it up

    done = client.post(ENROL, {"current_password": TEST_PASSWORD, "code": code_for(secret)})
    assert done["Location"].startswith(reverse("accounts:recovery_codes"))
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_the_enrolment_is_refused_while_locked_out(users):
    user = users[Role.VOLUNTEER]
    client = Client()
    page = invitation_opened(client, user)
    for _ in range(5):
        client.post(ENROL, {"current_password": "niet-het-wachtwoord-1", "code": "123456"})
    right = {"current_password": TEST_PASSWORD, "code": code_for(shown_secret(page))}
    assert "Te veel mislukte pogingen" in client.post(ENROL, right).content.decode()
    assert not user.totp_devices.filter(confirmed_at__isnull=False).exists()


def test_no_invitation_for_an_enrolled_or_inactive_user_and_none_without_one(users):
    enrolled, inactive = users[Role.TEAM_LEADER], users[Role.LEGAL]
    TOTPDevice.objects.create(user=enrolled, secret=SECRET, confirmed_at=timezone.now())
    inactive.is_active = False
    inactive.save()
    for user in (enrolled, inactive):
        link = invitation_issue(user=user, by=CLI).link("http://testserver")
        assert Client().get(path_of(link)).status_code == 410
    assert Client().get(reverse("accounts:invitation") + "?code=verzonnen").status_code == 410
    assert Client().get(ENROL).status_code == 410


def test_opening_an_invitation_ends_another_users_session_in_that_browser(users):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    invitation_opened(client, users[Role.VOLUNTEER])
    assert not is_logged_in(client)


def test_a_team_leader_mails_or_shows_an_invitation_to_a_colleague_without_an_app(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    volunteer = users[Role.VOLUNTEER]
    leader = Client()
    leader.force_login(users[Role.TEAM_LEADER])
    new = reverse("accounts:invitation_new", kwargs={"user_id": volunteer.pk})
    assert new in leader.get(reverse("accounts:two_factor_users")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        mailed = leader.post(new, {"deliver": "mail"})
    page = leader.get(mailed["Location"]).content.decode()
    [mail] = mailoutbox
    assert mail.to == [volunteer.email] and LINK.search(mail.body)
    assert volunteer.email in page and not LINK.search(page)  # mailed: not shown as well

    leader.post(new, {"deliver": "show"})
    shown = leader.get(reverse("accounts:invitation_issued")).content.decode()
    link = LINK.search(shown).group(0)
    assert leader.get(reverse("accounts:invitation_issued"))["Location"] == reverse(
        "accounts:account"
    )  # shown once
    assert Client().get(path_of(LINK.search(mail.body).group(0))).status_code == 410  # replaced
    assert Client().get(path_of(link))["Location"] == ENROL


@pytest.mark.parametrize("actor", [Role.VOLUNTEER, "other_team_leader", Role.MUNICIPALITY_VIEWER])
def test_invitations_are_made_only_by_who_may_reset_the_colleague(users, actor):
    target = users[Role.LEGAL]
    client = Client()
    client.force_login(users[actor])
    response = client.post(reverse("accounts:invitation_new", kwargs={"user_id": target.pk}))
    assert response.status_code == 404
    assert not Invitation.objects.filter(user=target).exists()


def test_koers_user_create_makes_an_account_whose_link_enrols(branch):
    out = io.StringIO()
    call_command(
        "user", "create", "eerstebeheerder", "--role", Role.ADMINISTRATOR,
        "--email", "beheer@example.org", stdout=out,
    )  # fmt: skip
    user = User.objects.get(username="eerstebeheerder")
    assert user.is_staff and not user.has_usable_password()
    assert user.memberships.get().role == Role.ADMINISTRATOR
    link = LINK.search(out.getvalue()).group(0)
    client = Client()
    page = invitation_opened_with_link(client, link)
    data = {"new_password1": CHOSEN, "new_password2": CHOSEN, "code": code_for(shown_secret(page))}
    assert client.post(ENROL, data)["Location"].startswith(reverse("accounts:recovery_codes"))
    entry = ChangeLogEntry.objects.filter(
        object_id=user.pk, action="create", content_type__model="user"
    ).get()
    assert entry.source == "cli"


def invitation_opened_with_link(client: Client, link: str) -> str:
    client.get(path_of(link))
    return client.get(ENROL).content.decode()


def test_koers_user_create_gives_branch_and_region_roles(branch):
    call_command("user", "create", "coach", "--role", Role.VOLUNTEER, "--location",
                 branch.external_id, stdout=io.StringIO())  # fmt: skip
    call_command("user", "create", "regio", "--role", Role.REGIONAL_MANAGER, "--region",
                 branch.region, stdout=io.StringIO())  # fmt: skip
    assert User.objects.get(username="coach").memberships.get().location == branch
    assert User.objects.get(username="regio").memberships.get().region == branch.region


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--role", "baas", "--location", "rijnmond"], "onbekende rol 'baas'"),
        (["--role", Role.VOLUNTEER], "vraagt --location"),
        (["--role", Role.VOLUNTEER, "--location", "nergens"], "onbekende locatie 'nergens'"),
        (["--role", Role.REGIONAL_MANAGER, "--region", "Atlantis"], "onbekende regio 'Atlantis'"),
        (["--role", Role.ADMINISTRATOR, "--location", "rijnmond"], "laat --location"),
        (
            ["--role", Role.VOLUNTEER, "--location", "rijnmond", "--email", "geen-adres"],
            "(?i)e-?mail",
        ),
    ],
)
def test_koers_user_create_refuses_unknown_roles_and_places_clearly(branch, arguments, said):
    with pytest.raises(CommandError, match=said):
        call_command("user", "create", "nieuw", *arguments, stdout=io.StringIO())
    assert not User.objects.filter(username="nieuw").exists()


def test_koers_user_create_refuses_an_existing_name_and_invite_an_enrolled_user(users):
    with pytest.raises(CommandError, match="al een gebruiker"):
        call_command("user", "create", "TeamLeider", "--role", Role.ADMINISTRATOR)
    leader = users[Role.TEAM_LEADER]
    TOTPDevice.objects.create(user=leader, secret=SECRET, confirmed_at=timezone.now())
    with pytest.raises(CommandError, match="two_factor_reset"):
        call_command("user", "invite", leader.username)


def test_koers_user_invite_and_two_factor_reset_print_a_new_link(users):
    volunteer = users[Role.VOLUNTEER]
    out = io.StringIO()
    call_command("user", "invite", volunteer.username, stdout=out)
    first = LINK.search(out.getvalue()).group(0)
    TOTPDevice.objects.create(user=volunteer, secret=SECRET, confirmed_at=timezone.now())
    out = io.StringIO()
    call_command("two_factor_reset", volunteer.username, stdout=out)
    second = LINK.search(out.getvalue()).group(0)
    assert Client().get(path_of(first)).status_code == 410
    assert Client().get(path_of(second))["Location"] == ENROL
