"""Writes of staff records and branch settings: team leaders' and administrators' work."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.models import Location
from koers.core.services import record_create, record_update
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
