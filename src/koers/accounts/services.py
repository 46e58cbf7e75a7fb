"""Writes of users and memberships, each with its change-log row (users are not Records)."""

import datetime

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from koers.accounts.models import Membership, User
from koers.core.changes import change_entry, diff, snapshot
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import Role
from koers.core.services import record_update
from koers.staff.models import StaffMember

USER_LOGGED = ("username", "first_name", "last_name", "email", "is_active")


def _user_state(user: User) -> dict:
    return {name: getattr(user, name) for name in USER_LOGGED}


@transaction.atomic
def user_create(
    *, username: str, first_name: str, last_name: str, email: str, password: str, by
) -> User:
    """A new login; the password is checked by the configured validators and hashed (Argon2)."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    change_entry(
        user, ChangeLogEntry.Action.CREATE, by=by, changes=diff({}, _user_state(user))
    ).save()
    return user


@transaction.atomic
def user_deactivate(*, user: User, by) -> User:
    """The user can no longer log in; memberships and history stay for the logs."""
    if not user.is_active:
        return user
    before = _user_state(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    change_entry(
        user, ChangeLogEntry.Action.UPDATE, by=by, changes=diff(before, _user_state(user))
    ).save()
    return user


@transaction.atomic
def membership_start(
    *,
    user: User,
    role: str,
    by,
    location: Location | None = None,
    region: str = "",
    started_on: datetime.date | None = None,
) -> Membership:
    """Give the user a role at a branch (or, for a regional manager, over a region)."""
    if role == Role.REGIONAL_MANAGER and location is not None and not region:
        region = location.region
    if role in {Role.REGIONAL_MANAGER, Role.ADMINISTRATOR}:
        location = None
    if role != Role.REGIONAL_MANAGER:
        region = ""
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
def membership_end(*, membership: Membership, by, ended_on: datetime.date | None = None):
    """End a role (from the day after ``ended_on`` it no longer counts)."""
    before = snapshot(membership)
    membership.ended_on = ended_on or timezone.localdate()
    membership.full_clean()
    membership.save(update_fields=["ended_on"])
    change_entry(
        membership,
        ChangeLogEntry.Action.UPDATE,
        by=by,
        changes=diff(before, snapshot(membership)),
    ).save()
    return membership


@transaction.atomic
def staff_link(*, user: User, staff_member: StaffMember | None, by) -> None:
    """Tie a login to the volunteer or staff record it acts as (or untie it with ``None``)."""
    current = StaffMember.objects.filter(user=user).first()
    if current is not None and current != staff_member:
        record_update(current, by=by, expected_version=current.version, user=None)
    if staff_member is not None and staff_member.user_id != user.pk:
        record_update(staff_member, by=by, expected_version=staff_member.version, user=user)
