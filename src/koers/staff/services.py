"""Writes of staff records and branch settings: team leaders' and administrators' work."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.models import User
from koers.core.actors import Actor
from koers.core.models import Location
from koers.core.scoping import is_system, may_change_user
from koers.core.services import WriteRefused, record_create, record_update
from koers.staff.models import StaffMember, Training


def staff_update_terms(
    *,
    staff: StaffMember,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    end_reason: str,
    agreement_signed_on: datetime.date | None,
    conduct_certificate_on: datetime.date | None,
    expected_version: int,
    by: Actor,
) -> StaffMember:
    """The dates that decide a volunteer's access to client files (``core.scoping``)."""
    if ended_on is None and end_reason:
        raise ValidationError({"end_reason": _("Een reden van vertrek hoort bij een einddatum.")})
    return record_update(
        staff,
        by=by,
        expected_version=expected_version,
        started_on=started_on,
        ended_on=ended_on,
        end_reason=end_reason,
        agreement_signed_on=agreement_signed_on,
        conduct_certificate_on=conduct_certificate_on,
    )


def training_record(
    *, staff: StaffMember, course: str, completed_on: datetime.date, by: Actor
) -> Training:
    return record_create(Training, by=by, staff=staff, course=course, completed_on=completed_on)


def location_set_special_categories(
    *, location: Location, records_health: bool, expected_version: int, by: Actor
) -> Location:
    """Opt a branch in to (or out of) health data; the change log keeps who decided when."""
    return record_update(
        location, by=by, expected_version=expected_version, records_health=records_health
    )


@transaction.atomic
def staff_link(*, user: User, staff_member: StaffMember | None, by: Actor) -> User:
    """Tie a login to the volunteer or staff record it acts as (or untie it with ``None``);
    returns the login.

    Not one's own login, nor one with roles ``by`` does not give (``may_change_user``); the
    staff records must be ones ``by`` may write (``record_update`` checks).
    """
    if not is_system(by) and not may_change_user(by, user.pk):
        raise WriteRefused("accounts.User")
    current = StaffMember.objects.filter(user=user).first()
    if current is not None and current != staff_member:
        record_update(current, by=by, expected_version=current.version, user=None)
    if staff_member is not None and staff_member.user_id != user.pk:
        record_update(staff_member, by=by, expected_version=staff_member.version, user=user)
    return user
