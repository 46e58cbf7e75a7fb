"""Writes of users and memberships, each with its change-log row (users are not Records).

Who may give, end and change what is the role table's (``core.scoping.GRANTS``,
``grant_refusal``, ``may_change_user``): these services check it before they write and
raise :class:`~koers.core.services.WriteRefused` (nothing written) when it says no. The
forms ask the same functions first, to say why next to the field.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from koers.accounts import two_factor
from koers.accounts.models import (
    Invitation,
    Language,
    LoginEvent,
    Membership,
    TOTPDevice,
    User,
)
from koers.accounts.notices import invitation_mail, security_notice
from koers.core.actors import Actor, user_of
from koers.core.changes import change_entry, diff, snapshot
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import (
    Role,
    grant_refusal,
    grantable_roles,
    is_system,
    may_change_user,
)
from koers.core.services import WriteRefused

USER_LOGGED = ("username", "first_name", "last_name", "email", "is_active")
LOGIN_HISTORY_KEPT = datetime.timedelta(days=90)
USER_AGENT_LENGTH = 300
INVITATION_CODE_BYTES = 32  # 256 bits: a hash of it is enough, no slow hasher needed


def _user_state(user: User) -> dict:
    return {name: getattr(user, name) for name in USER_LOGGED}


def _user_changed(user: User, *, by: Actor, changes: dict) -> None:
    change_entry(user, ChangeLogEntry.Action.UPDATE, by=by, changes=changes).save()


def _sessions_end(user: User) -> dict:
    """Raise the session epoch: every session of the user fails its hash check from now on."""
    before = user.session_epoch
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    return {"session_epoch": [before, user.session_epoch]}


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    by: Actor,
    is_staff: bool = False,
) -> User:
    """A new login without a password: the user chooses one when they enrol through the
    invitation that :func:`invitation_issue` makes (checked by the configured validators,
    hashed with Argon2).

    Only those who give roles create users (a user is given their first role at once):
    whoever creates an account holds its invitation, so never one with more than theirs.
    """
    if not is_system(by) and not grantable_roles(by):
        raise WriteRefused("accounts.User")
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    change_entry(
        user,
        ChangeLogEntry.Action.CREATE,
        by=by,
        changes=diff({}, _user_state(user)),
    ).save()
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: Actor) -> User:
    """The user can no longer log in; memberships and history stay for the logs."""
    if not is_system(by) and not may_change_user(by, user.pk):
        raise WriteRefused("accounts.User")
    if not user.is_active:
        return user
    before = _user_state(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = _sessions_end(user)
    _user_changed(user, by=by, changes=diff(before, _user_state(user)) | ended)
    return user


@transaction.atomic
def user_sessions_end(*, user: User, by: Actor) -> None:
    """Log the user out everywhere (every browser, every device) at their next request."""
    _user_changed(user, by=by, changes=_sessions_end(user))


@transaction.atomic
def user_language_set(*, user: User, language: str, by: Actor) -> User:
    """The language the user reads Koers in (``Language``); Dutch stays everyone's default."""
    if language not in Language.values:
        raise ValueError(f"unknown language {language!r}")
    before = user.language
    if before != language:
        user.language = language
        user.save(update_fields=["language"])
        _user_changed(user, by=by, changes={"language": [before, language]})
    return user


@transaction.atomic
def user_password_change(*, user: User, password: str, by: Actor) -> User:
    """A new password (checked by the validators); every session of the user ends.

    The view that calls this for the user themself keeps its own session alive with
    ``update_session_auth_hash``.
    """
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = _sessions_end(user)
    _user_changed(user, by=by, changes={"password": ["***", "*** (gewijzigd)"]} | ended)
    security_notice(
        user, what=_("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.")
    )
    return user


def invitation_code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its code: the code exists only here, to show or mail once."""

    invitation: Invitation
    code: str

    def link(self, base_url: str) -> str:
        """The address to open; the code in the query string, which no access log keeps."""
        query = urlencode({"code": self.code})
        return f"{base_url.rstrip('/')}{reverse('accounts:invitation')}?{query}"


@transaction.atomic
def invitation_issue(*, user: User, by: Actor) -> IssuedInvitation:
    """A new single-use invitation to set up the authenticator app; older ones stop working."""
    now = timezone.now()
    voided = user.invitations.filter(used_at__isnull=True, voided_at__isnull=True).update(
        voided_at=now
    )
    code = secrets.token_urlsafe(INVITATION_CODE_BYTES)
    invitation = Invitation.objects.create(
        user=user,
        code_hash=invitation_code_hash(code),
        created_at=now,
        created_by=user_of(by),
        expires_at=now + datetime.timedelta(hours=settings.KOERS_INVITATION_HOURS),
    )
    valid_until = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")
    changes = {"invitation": [f"{voided} open" if voided else None, f"geldig tot {valid_until}"]}
    _user_changed(user, by=by, changes=changes)
    return IssuedInvitation(invitation=invitation, code=code)


def invitation_deliver(issued: IssuedInvitation, *, base_url: str) -> None:
    """Mail the invitation's link to the user (once the invitation is committed)."""
    invitation_mail(
        issued.invitation.user,
        link=issued.link(base_url),
        expires_at=issued.invitation.expires_at,
    )


def invitation_by_code(code: str) -> Invitation | None:
    """The open invitation of an active user not yet enrolled whose code this is, or None."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(code_hash=invitation_code_hash(code), user__is_active=True)
        .first()
    )
    if invitation is None or not invitation.is_open():
        return None
    if two_factor.has_confirmed_device(invitation.user):
        return None
    return invitation


class InvitationClosed(Exception):
    """The invitation was used, replaced or expired while it was being filled in."""


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, device: TOTPDevice, code: str, password: str | None
) -> list[str] | None:
    """Enrol through an invitation: confirm the new app with one of its codes, set the
    chosen password (a new account has none), use up the invitation; the first recovery
    codes. ``None`` when the code is wrong (nothing changes then).
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    user = locked.user
    if not locked.is_open() or not user.is_active or device.user_id != user.pk:
        raise InvitationClosed
    if password is not None:
        validate_password(password, user)
    if not two_factor.device_confirm(device=device, code=code):
        return None
    changes: dict[str, list[object]] = {
        "two_factor": ["niet ingesteld", "ingesteld"],
        "invitation": ["open", "gebruikt"],
    }
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
        changes["password"] = ["***", "*** (gekozen)"]
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    codes = two_factor.recovery_codes_replace(user=user)
    changes["recovery_codes"] = [0, len(codes)]
    _user_changed(user, by=user, changes=changes)
    security_notice(user, what=_("Er is een authenticator-app voor uw account ingesteld."))
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User, by: Actor) -> list[str]:
    """A new set of ten recovery codes; the old ones, used or not, stop working."""
    left = two_factor.recovery_codes_left(user)
    codes = two_factor.recovery_codes_replace(user=user)
    _user_changed(user, by=by, changes={"recovery_codes": [left, len(codes)]})
    security_notice(user, what=_("Er zijn nieuwe herstelcodes gemaakt; de oude werken niet meer."))
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, by: Actor) -> IssuedInvitation:
    """Remove the user's apps and recovery codes and end their sessions; the invitation
    with which they set up a new app (to mail or hand over)."""
    devices = user.totp_devices.filter(confirmed_at__isnull=False).count()
    user.totp_devices.all().delete()
    user.recovery_codes.all().delete()
    ended = _sessions_end(user)
    changes = {"two_factor": [f"{devices} app(s)", "hersteld"]} | ended
    _user_changed(user, by=by, changes=changes)
    security_notice(
        user,
        what=_(
            "Uw tweestapsverificatie is hersteld: u stelt een nieuwe authenticator-app in met "
            "de uitnodigingslink die u per e-mail of van uw teamleider krijgt."
        ),
    )
    return invitation_issue(user=user, by=by)


@transaction.atomic
def login_event_record(
    *, user: User, address: str | None, user_agent: str, method: str
) -> LoginEvent:
    """Remember a completed login for the user's own history; older than 90 days is dropped."""
    now = timezone.now()
    user.login_events.filter(at__lt=now - LOGIN_HISTORY_KEPT).delete()
    return LoginEvent.objects.create(
        user=user,
        at=now,
        address=address,
        user_agent=user_agent[:USER_AGENT_LENGTH],
        method=method,
    )


@transaction.atomic
def membership_start(
    *,
    user: User,
    role: str,
    by: Actor,
    location: Location | None = None,
    region: str = "",
    started_on: datetime.date | None = None,
) -> Membership:
    """Give the user a role at a branch (or, for a regional manager, over a region).

    Refused (:class:`WriteRefused`) when the role table does not let ``by`` give it there
    (``core.scoping.grant_refusal``): never to oneself, never more than one's own.
    """
    if role == Role.REGIONAL_MANAGER and location is not None and not region:
        region = location.region
    if role in {Role.REGIONAL_MANAGER, Role.ADMINISTRATOR}:
        location = None
    if role != Role.REGIONAL_MANAGER:
        region = ""
    if not is_system(by) and grant_refusal(
        by, grantee_id=user.pk, role=role, location_id=getattr(location, "pk", None)
    ):
        raise WriteRefused("accounts.Membership")
    membership = Membership(
        user=user,
        role=role,
        location=location,
        region=region,
        started_on=started_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    change_entry(
        membership, ChangeLogEntry.Action.CREATE, by=by, changes=diff({}, snapshot(membership))
    ).save()
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, by: Actor, ended_on: datetime.date | None = None
) -> Membership:
    """End a role: from ``ended_on`` (default today: at once) it no longer counts.

    The row stays, as the history of who had which role when. One ends only a role one
    could have given, never one's own.
    """
    if not is_system(by) and grant_refusal(
        by,
        grantee_id=membership.user_id,
        role=membership.role,
        location_id=membership.location_id,
    ):
        raise WriteRefused("accounts.Membership")
    before = snapshot(membership)
    # a role that had not started yet ends the day it would have started: it never counts
    membership.ended_on = max(ended_on or timezone.localdate(), membership.started_on)
    membership.full_clean()
    membership.save(update_fields=["ended_on"])
    change_entry(
        membership,
        ChangeLogEntry.Action.UPDATE,
        by=by,
        changes=diff(before, snapshot(membership)),
    ).save()
    return membership
