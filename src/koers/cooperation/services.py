"""Writes of the branch's partners and activities: atomic, validated, in the change log.

Who may write is the role table's, as for every record: ``write_branch`` at the branch
(``core/scoping.py``; the branch's team leader, an administrator, the system actor of a
command or import). Partners and activities are neither open to everyone at the branch
nor run by a volunteer, so volunteers' narrower *runs* reach does not write them. The
shared writers of ``core.services`` check it and raise ``WriteRefused``.

The many-valued sides of an activity (its partners and the staff who took part) travel
in the same change-log row as its fields, as external ids, the way an import logs them.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.cooperation.models import OUTREACH_KINDS, Activity, ActivityKind, Partner
from koers.core import writes
from koers.core.actors import Actor
from koers.core.changes import change_entry
from koers.core.models import ChangeLogEntry, Location, Record
from koers.core.services import (
    ConflictError,
    record_create,
    record_delete,
    record_update,
    require_write,
)
from koers.staff.models import StaffMember

SETS = ("partners", "staff")

# Records of other apps that name an organisation in free text and are linked to a partner
# of that name when it joins the social map (coaching's referrals). An app above this one
# registers its linker in its ``AppConfig.ready()``: ``linker(partner=, by=) -> linked``.
PartnerLinker = Callable[..., int]
PARTNER_LINKERS: list[PartnerLinker] = []


def register_partner_linker(linker: PartnerLinker) -> None:
    if linker not in PARTNER_LINKERS:
        PARTNER_LINKERS.append(linker)


def normalised_name(text: str) -> str:
    """How a name is compared with a referral's text: case and spacing do not count."""
    return " ".join(text.split()).casefold()


def namesake_exists(*, location_id: int, name: str, other_than: int | None = None) -> bool:
    """Whether a partner of the branch (other than ``other_than``) has this name, case and
    spacing aside."""
    key = normalised_name(name)
    others = Partner.objects.filter(location=location_id).exclude(pk=other_than)
    return any(normalised_name(found) == key for found in others.values_list("name", flat=True))


def _link_records(partner: Partner, by: Actor) -> int:
    """Link what other apps hold under this partner's name; never when the name is shared."""
    if namesake_exists(location_id=partner.location_id, name=partner.name, other_than=partner.pk):
        return 0
    return sum(linker(partner=partner, by=by) for linker in PARTNER_LINKERS)


# Partners -------------------------------------------------------------------------------


def _partner_fields(name: str, kind: str, contact_person: str, phone: str) -> dict[str, str]:
    """A partner's values as stored: texts without surrounding spaces."""
    return {
        "name": name.strip(),
        "kind": kind,
        "contact_person": contact_person.strip(),
        "phone": phone.strip(),
    }


@transaction.atomic
def partner_create(
    *,
    location: Location,
    name: str,
    kind: str,
    contact_person: str = "",
    phone: str = "",
    by: Actor,
) -> Partner:
    """Add an organisation to the branch's social map, and link the records that already
    name it in their text (a referral's partner: ``coaching.services.referrals_link``)."""
    fields = _partner_fields(name, kind, contact_person, phone)
    partner = record_create(Partner, by=by, location=location, **fields)
    _link_records(partner, by)
    return partner


@transaction.atomic
def partner_update(
    *,
    partner: Partner,
    name: str,
    kind: str,
    contact_person: str,
    phone: str,
    expected_version: int,
    by: Actor,
) -> Partner:
    fields = _partner_fields(name, kind, contact_person, phone)
    updated = record_update(partner, by=by, expected_version=expected_version, **fields)
    if normalised_name(updated.name) != normalised_name(partner.name):
        _link_records(updated, by)
    return updated


# Activities -----------------------------------------------------------------------------


def _validate_activity(
    *,
    location: Location,
    kind: str,
    partners: list[Partner],
    staff: list[StaffMember],
    people_reached: int | None,
) -> None:
    errors: dict[str, str] = {}
    if people_reached is not None and kind not in OUTREACH_KINDS:
        errors["people_reached"] = _(
            "Vul het aantal bereikte mensen alleen in bij een voorlichting of "
            "publieksactiviteit (niet bij %(kind)s)."
        ) % {"kind": ActivityKind(kind).label if kind in ActivityKind.values else kind}
    elsewhere = [str(p) for p in partners if p.location_id != location.pk]
    if elsewhere:
        errors["partners"] = _("Deze partners horen bij een andere afdeling: %(names)s.") % {
            "names": ", ".join(elsewhere)
        }
    others = [str(s) for s in staff if s.location_id != location.pk]
    if others:
        errors["staff"] = _("Deze medewerkers horen bij een andere afdeling: %(names)s.") % {
            "names": ", ".join(others)
        }
    if errors:
        raise ValidationError(errors)


def _external_ids(records: Iterable[Record]) -> list[str]:
    return [record.external_id for record in records]


def ordered_ids(activity: Activity, relation: str) -> list[str]:
    """External ids of a set in the order they were entered (the link rows' order)."""
    through = getattr(Activity, relation).through
    target = getattr(Activity, relation).field.m2m_reverse_field_name()
    return list(
        through.objects.filter(activity=activity)
        .order_by("pk")
        .values_list(f"{target}__external_id", flat=True)
    )


def _write_sets(activity: Activity, partners: list[Partner], staff: list[StaffMember]) -> None:
    """Replace the activity's links, in the order given (``set()`` would not keep it: an
    export writes a cell's values in the order they were entered). Its links count where
    the activity does."""
    with writes.changing(Activity, [activity.pk]):
        for relation, records in (("partners", partners), ("staff", staff)):
            through = getattr(Activity, relation).through
            own = getattr(Activity, relation).field.m2m_field_name()
            other = getattr(Activity, relation).field.m2m_reverse_field_name()
            through.objects.filter(**{own: activity}).delete()
            unique = list(dict.fromkeys(records))
            through.objects.bulk_create(through(**{own: activity, other: r}) for r in unique)


def _amend_last_entry(activity_pk: int, changes: dict[str, Any]) -> None:
    """Add the sets' changes to the change-log row just written for the activity."""
    if not changes:
        return
    entry = ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Activity), object_id=activity_pk
    ).latest("id")
    entry.changes = {**entry.changes, **changes}
    entry.save(update_fields=["changes"])


@transaction.atomic
def activity_create(
    *,
    location: Location,
    date: datetime.date,
    kind: str,
    title: str,
    partners: Iterable[Partner] = (),
    staff: Iterable[StaffMember] = (),
    people_reached: int | None = None,
    by: Actor,
) -> Activity:
    """Record an activity of the branch; partners and staff must be of the same branch,
    an audience only for an information session or public event."""
    chosen_partners, chosen_staff = list(partners), list(staff)
    _validate_activity(
        location=location,
        kind=kind,
        partners=chosen_partners,
        staff=chosen_staff,
        people_reached=people_reached,
    )
    activity = record_create(
        Activity,
        by=by,
        location=location,
        date=date,
        kind=kind,
        title=title.strip(),
        people_reached=people_reached,
    )
    _write_sets(activity, chosen_partners, chosen_staff)
    sets = {"partners": _external_ids(chosen_partners), "staff": _external_ids(chosen_staff)}
    _amend_last_entry(activity.pk, {name: [None, ids] for name, ids in sets.items() if ids})
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    date: datetime.date,
    kind: str,
    title: str,
    partners: Iterable[Partner],
    staff: Iterable[StaffMember],
    people_reached: int | None,
    expected_version: int,
    by: Actor,
) -> Activity:
    """Change an activity if nobody saved it since ``expected_version``, else ConflictError."""
    require_write(by, Activity, activity.pk)  # before its version is compared below
    chosen_partners, chosen_staff = list(partners), list(staff)
    _validate_activity(
        location=activity.location,
        kind=kind,
        partners=chosen_partners,
        staff=chosen_staff,
        people_reached=people_reached,
    )
    fields: dict[str, Any] = {
        "date": date,
        "kind": kind,
        "title": title.strip(),
        "people_reached": people_reached,
    }
    fresh = Activity.objects.select_for_update().get(pk=activity.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, fields)
    before = {name: ordered_ids(fresh, name) for name in SETS}
    after = {"partners": _external_ids(chosen_partners), "staff": _external_ids(chosen_staff)}
    changed_sets = {
        name: [before[name], after[name]] for name in SETS if set(before[name]) != set(after[name])
    }
    updated = record_update(fresh, by=by, expected_version=expected_version, **fields)
    if not changed_sets:
        return updated
    _write_sets(updated, chosen_partners, chosen_staff)
    if updated.version == expected_version:  # only the sets changed: a new version all the same
        Activity.objects.filter(pk=updated.pk).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        updated.refresh_from_db()
        change_entry(updated, ChangeLogEntry.Action.UPDATE, by=by, changes=changed_sets).save()
    else:
        _amend_last_entry(updated.pk, changed_sets)
    return updated


@transaction.atomic
def activity_delete(*, activity: Activity, by: Actor) -> None:
    """Delete an activity; its change-log row keeps the fields and the sets it held."""
    pk = activity.pk
    held = {name: ordered_ids(activity, name) for name in SETS}
    record_delete(activity, by=by)
    _amend_last_entry(pk, {name: [ids, None] for name, ids in held.items() if ids})
