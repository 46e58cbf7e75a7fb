"""Matches on the client's timeline: put on the waiting list, started with a volunteer,
changes of volunteer, evaluations, extended and ended."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry
from koers.matching.models import Match, MatchEvaluation, MatchVolunteerPeriod


def _volunteer(staff) -> str:
    return str(staff) if staff is not None else _("geen vrijwilliger")


def matches(user: Viewer, person) -> list[TimelineEntry]:
    rows = (
        Match.objects.for_user(user)
        .filter(person=person)
        .select_related("staff")
        .prefetch_related(
            Prefetch("evaluations", queryset=MatchEvaluation.objects.for_user(user)),
            Prefetch(
                "staff_periods",
                queryset=MatchVolunteerPeriod.objects.for_user(user)
                .select_related("staff")
                .order_by("started_on"),
            ),
        )
    )
    entries = []
    for match in rows:
        program = match.get_program_display()
        url = reverse("matching:match_detail", kwargs={"match_uid": match.uid})

        def entry(on, title, detail="", rank=0, url=url):
            return TimelineEntry(on=on, title=title, detail=detail, url=url, rank=rank)

        entries.append(
            entry(match.requested_on, _("Aangemeld voor %(program)s") % {"program": program})
        )
        periods = list(match.staff_periods.all())
        if match.started_on:
            first = periods[0].staff if periods else match.staff
            entries.append(
                entry(
                    match.started_on,
                    _("Koppeling gestart: %(program)s") % {"program": program},
                    _("Vrijwilliger: %(staff)s") % {"staff": _volunteer(first)},
                    rank=1,
                )
            )
            changes = [(p.started_on, p.staff) for p in periods]
            if match.staff_since:
                changes.append((match.staff_since, match.staff))
            for on, staff in changes:
                if on > match.started_on:
                    entries.append(
                        entry(
                            on,
                            _("Nieuwe vrijwilliger: %(staff)s") % {"staff": _volunteer(staff)},
                            _("Koppeling %(program)s") % {"program": program},
                            rank=2,
                        )
                    )
        for evaluation in match.evaluations.all():
            entries.append(
                entry(
                    evaluation.held_on,
                    _("Evaluatie koppeling %(moment)s")
                    % {"moment": evaluation.get_moment_display()},
                    program,
                    rank=3,
                )
            )
        if match.extended_on:
            entries.append(
                entry(
                    match.extended_on,
                    _("Koppeling verlengd: %(program)s") % {"program": program},
                    rank=4,
                )
            )
        if match.ended_on:
            reason = match.get_end_reason_display() or match.get_outcome_display()
            entries.append(
                entry(
                    match.ended_on,
                    _("Koppeling beëindigd: %(program)s") % {"program": program},
                    _("Reden: %(reason)s") % {"reason": reason} if reason else "",
                    rank=5,
                )
            )
    return entries
