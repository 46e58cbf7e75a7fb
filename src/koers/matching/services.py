"""Writes of the matching flow: request, start, evaluate, extend, stop, withdraw, rematch."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.formatting import date_text
from koers.core.scoping import Capability, may
from koers.core.services import (
    ConflictError,
    WriteRefused,
    record_create,
    record_insert,
    record_update,
)
from koers.matching.models import (
    Match,
    MatchEvaluation,
    MatchLanguage,
    MatchOutcome,
    MatchVolunteerPeriod,
    VolunteerProfile,
)
from koers.matching.selectors import active_pair_count, eligible_volunteers, max_pairs_of
from koers.people.models import Person
from koers.staff.models import StaffMember


@transaction.atomic
def match_request(
    *,
    person: Person,
    program: str,
    requested_on: datetime.date,
    languages: list[str],
    daytime: bool,
    evening: bool,
    weekend: bool,
    by: Actor,
    previous: Match | None = None,
) -> Match:
    """Put a client on the waiting list of a program, with what a volunteer should fit."""
    match = record_create(
        Match,
        by=by,
        person=person,
        program=program,
        requested_on=requested_on,
        daytime=daytime,
        evening=evening,
        weekend=weekend,
        previous=previous,
    )
    MatchLanguage.objects.bulk_create(
        MatchLanguage(match=match, language=language) for language in languages
    )
    return match


def _not_before(day: datetime.date, start: datetime.date | None) -> bool:
    """``day`` is on or after ``start`` (a start that is not there yet: never)."""
    return start is not None and day >= start


def _require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def match_start(
    *,
    match: Match,
    staff: StaffMember,
    started_on: datetime.date,
    expected_version: int,
    by: Actor,
    correct_request_date: bool = False,
) -> Match:
    """Couple the volunteer, never beyond their maximum number of pairs.

    A start before the request is refused unless the user confirmed that the request
    date was wrong; the request date then moves to the start (and the change log says so).
    """
    _require(match.status == "waiting", _("Deze aanmelding wacht niet meer op een koppeling."))
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    _require(
        staff.location_id == match.person.location_id,
        _("Deze vrijwilliger hoort bij een andere afdeling."),
        "staff",
    )
    _require(
        staff.ended_on is None or staff.ended_on >= started_on,
        _("Deze vrijwilliger is dan niet meer actief."),
        "staff",
    )
    _require_eligible(match, staff, started_on)
    _require(
        active_pair_count(staff) < max_pairs_of(staff),
        _("%(staff)s heeft al het maximum van %(max)d koppeling(en).")
        % {"staff": staff, "max": max_pairs_of(staff)},
        "staff",
    )
    fields: dict[str, Any] = {"staff": staff, "started_on": started_on}
    if started_on < match.requested_on:
        _require(
            correct_request_date,
            _("De start ligt vóór de aanmelding op %(date)s.") % {"date": match.requested_on},
            "started_on",
        )
        fields["requested_on"] = started_on
    return record_update(match, by=by, expected_version=expected_version, **fields)


def _require_eligible(match: Match, staff: StaffMember, on: datetime.date) -> None:
    """The volunteer may coach this client on the day (``eligible_volunteers``)."""
    _require(
        eligible_volunteers(match=match, on=on).filter(pk=staff.pk).exists(),
        _(
            "%(staff)s kan deze cliënt niet begeleiden: de rol van dit programma, een getekende "
            "overeenkomst, een VOG en de introductie of basiscursus zijn nodig."
        )
        % {"staff": staff},
        "staff",
    )


@transaction.atomic
def match_change_volunteer(
    *,
    match: Match,
    staff: StaffMember,
    changed_on: datetime.date,
    reason: str,
    expected_version: int,
    by: Actor,
) -> Match:
    """Another volunteer for a running match from ``changed_on``; the match runs on.

    The current volunteer's time becomes a ``MatchVolunteerPeriod`` up to the day before,
    with the reason; from ``changed_on`` the new volunteer reaches the client and the old
    one no longer (``selectors.matched_clients``). Only a role with ``assign_coach`` (the
    team leader), and only to a volunteer of the program's role, cleared on the day, with
    a login and room for another pair.
    """
    if not may(by, Capability.ASSIGN_COACH, location=match.person.location):
        raise WriteRefused(Match._meta.label)
    fresh = Match.objects.select_for_update(of=("self",)).select_related("person").get(pk=match.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, {"staff": staff, "staff_since": changed_on})
    reason = reason.strip()
    _require(bool(reason), _("Geef de reden van de wissel."), "reason")
    _require(fresh.status == "running", _("Deze koppeling loopt niet (meer)."))
    _require(staff != fresh.staff, _("Dit is al de vrijwilliger van deze koppeling."), "staff")
    _require(
        changed_on >= fresh.staff_from,
        _(
            "De wissel kan niet vóór %(day)s liggen: de start van de koppeling of van de "
            "huidige vrijwilliger."
        )
        % {"day": date_text(fresh.staff_from)},
        "changed_on",
    )
    _require_eligible(fresh, staff, changed_on)
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    _require(
        active_pair_count(staff) < max_pairs_of(staff),
        _("%(staff)s heeft al het maximum van %(max)d koppeling(en).")
        % {"staff": staff, "max": max_pairs_of(staff)},
        "staff",
    )
    if changed_on > fresh.staff_from:
        record_insert(
            MatchVolunteerPeriod(
                match=fresh,
                staff=fresh.staff,
                started_on=fresh.staff_from,
                ended_on=changed_on - datetime.timedelta(days=1),
                reason=reason,
            ),
            by=by,
        )
    return record_update(
        fresh,
        by=by,
        expected_version=expected_version,
        staff=staff,
        staff_since=None if changed_on == fresh.started_on else changed_on,
    )


def match_evaluate(
    *, match: Match, moment: str, held_on: datetime.date, note: str, by: Actor
) -> MatchEvaluation:
    _require(
        match.started_on is not None, _("Een koppeling die niet gestart is, evalueer je niet.")
    )
    _require(
        _not_before(held_on, match.started_on),
        _("De evaluatie ligt vóór de start van de koppeling."),
        "held_on",
    )
    _require(
        not match.evaluations.filter(moment=moment).exists(),
        _("Deze evaluatie is al vastgelegd."),
        "moment",
    )
    return record_create(
        MatchEvaluation, by=by, match=match, moment=moment, held_on=held_on, note=note
    )


def match_extend(
    *, match: Match, extended_on: datetime.date, expected_version: int, by: Actor
) -> Match:
    _require(match.status == "running", _("Alleen een lopende koppeling kan verlengd worden."))
    _require(
        _not_before(extended_on, match.started_on),
        _("De verlenging ligt vóór de start van de koppeling."),
        "extended_on",
    )
    return record_update(match, by=by, expected_version=expected_version, extended_on=extended_on)


def match_stop(
    *,
    match: Match,
    ended_on: datetime.date,
    outcome: str,
    end_reason: str,
    end_note: str,
    expected_version: int,
    by: Actor,
) -> Match:
    """End a running pair: completed (goal reached) or stopped, always with a reason."""
    _require(match.status == "running", _("Alleen een lopende koppeling kan stoppen."))
    _require(
        outcome in (MatchOutcome.COMPLETED, MatchOutcome.STOPPED),
        _("Kies afgerond of gestopt."),
        "outcome",
    )
    _require(
        _not_before(ended_on, match.started_on), _("Het einde ligt vóór de start."), "ended_on"
    )
    return record_update(
        match,
        by=by,
        expected_version=expected_version,
        ended_on=ended_on,
        outcome=outcome,
        end_reason=end_reason,
        end_note=end_note,
    )


def match_withdraw(
    *, match: Match, ended_on: datetime.date, end_note: str, expected_version: int, by: Actor
) -> Match:
    """Take a client off the waiting list."""
    _require(match.status == "waiting", _("Alleen een wachtende aanmelding kan eraf."))
    _require(ended_on >= match.requested_on, _("Deze datum ligt vóór de aanmelding."), "ended_on")
    return record_update(
        match,
        by=by,
        expected_version=expected_version,
        ended_on=ended_on,
        outcome=MatchOutcome.WITHDRAWN,
        end_note=end_note,
    )


def match_rematch(*, match: Match, requested_on: datetime.date, by: Actor) -> Match:
    """A new request for the same client and program after a stop, with the same wishes."""
    _require(
        match.outcome == MatchOutcome.STOPPED,
        _("Opnieuw koppelen kan na een gestopte koppeling."),
    )
    _require(not hasattr(match, "rematch"), _("Deze cliënt is al opnieuw aangemeld."))
    _require(
        _not_before(requested_on, match.ended_on),
        _("De nieuwe aanmelding ligt vóór het einde van de vorige koppeling."),
        "requested_on",
    )
    return match_request(
        person=match.person,
        program=match.program,
        requested_on=requested_on,
        languages=list(match.languages.values_list("language", flat=True)),
        daytime=match.daytime,
        evening=match.evening,
        weekend=match.weekend,
        previous=match,
        by=by,
    )


def volunteer_profile_save(
    *,
    staff: StaffMember,
    max_pairs: int,
    postcode_area: str,
    daytime: bool,
    evening: bool,
    weekend: bool,
    expected_version: int | None,
    by: Actor,
) -> VolunteerProfile:
    fields: dict[str, Any] = {
        "max_pairs": max_pairs,
        "postcode_area": postcode_area,
        "daytime": daytime,
        "evening": evening,
        "weekend": weekend,
    }
    profile = VolunteerProfile.objects.filter(staff=staff).first()
    if profile is None:
        return record_create(VolunteerProfile, by=by, staff=staff, **fields)
    return record_update(profile, by=by, expected_version=expected_version or 0, **fields)
