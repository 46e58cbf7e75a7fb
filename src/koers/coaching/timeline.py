"""The coaching app's events on the client's timeline: trajectories (start, end, plan,
evaluations, changes of coach) and referrals; a fixed number of queries per client."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.coaching.models import (
    CoachPeriod,
    Referral,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
)
from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry


def _coach(staff) -> str:
    return str(staff) if staff is not None else _("geen coach")


def trajectories(user: Viewer, person) -> list[TimelineEntry]:
    """Start and end of each trajectory, its plan, evaluations and every change of coach."""
    rows = (
        Trajectory.objects.for_user(user)
        .filter(person=person)
        .select_related("coach")
        .prefetch_related(
            Prefetch("evaluations", queryset=TrajectoryEvaluation.objects.for_user(user)),
            Prefetch(
                "coach_periods",
                queryset=CoachPeriod.objects.for_user(user)
                .select_related("coach")
                .order_by("started_on"),
            ),
        )
    )
    rows = list(rows)
    plans = {
        plan.trajectory_id: plan
        for plan in TrajectoryPlan.objects.for_user(user).filter(trajectory__in=rows)
    }
    entries = []
    for trajectory in rows:
        kind = trajectory.get_kind_display()
        url = reverse("coaching:trajectory_detail", kwargs={"trajectory_uid": trajectory.uid})
        first_coach = (
            trajectory.coach_periods.all()[0].coach
            if trajectory.coach_periods.all()
            else trajectory.coach
        )
        entries.append(
            TimelineEntry(
                on=trajectory.started_on,
                title=_("Traject gestart: %(kind)s") % {"kind": kind},
                detail=_("Coach: %(coach)s") % {"coach": _coach(first_coach)},
                url=url,
            )
        )
        for period in trajectory.coach_periods.all():
            if period.started_on > trajectory.started_on:
                entries.append(_coach_change(period.started_on, period.coach, kind, url))
        if trajectory.coach_since and trajectory.coach_since > trajectory.started_on:
            entries.append(_coach_change(trajectory.coach_since, trajectory.coach, kind, url))
        plan = plans.get(trajectory.pk)
        if plan is not None:
            entries.append(
                TimelineEntry(
                    on=plan.agreed_on,
                    title=_("Plan afgesproken: %(kind)s") % {"kind": kind},
                    url=url,
                    rank=1,
                )
            )
        for evaluation in trajectory.evaluations.all():
            entries.append(
                TimelineEntry(
                    on=evaluation.held_on,
                    title=_("Evaluatie traject: %(kind)s") % {"kind": kind},
                    url=url,
                    rank=2,
                )
            )
        if trajectory.ended_on:
            reason = trajectory.get_end_reason_display()
            entries.append(
                TimelineEntry(
                    on=trajectory.ended_on,
                    title=_("Traject beëindigd: %(kind)s") % {"kind": kind},
                    detail=_("Reden: %(reason)s") % {"reason": reason} if reason else "",
                    url=url,
                    rank=3,
                )
            )
    return entries


def _coach_change(on, coach, kind: str, url: str) -> TimelineEntry:
    return TimelineEntry(
        on=on,
        title=_("Nieuwe coach: %(coach)s") % {"coach": _coach(coach)},
        detail=_("Traject %(kind)s") % {"kind": kind},
        url=url,
        rank=1,
    )


def referrals(user: Viewer, person) -> list[TimelineEntry]:
    """Each referral to a partner, with its outcome."""
    rows = (
        Referral.objects.for_user(user)
        .filter(person=person)
        .select_related("organisation", "trajectory")
    )
    entries = []
    for referral in rows:
        url = (
            reverse(
                "coaching:trajectory_detail", kwargs={"trajectory_uid": referral.trajectory.uid}
            )
            if referral.trajectory_id
            else reverse("people:file", kwargs={"person_uid": person.uid})
        )
        detail = _("Uitkomst: %(outcome)s") % {"outcome": referral.get_outcome_display()}
        if referral.warm_handover:
            detail = _("Warme overdracht. %(rest)s") % {"rest": detail}
        entries.append(
            TimelineEntry(
                on=referral.referred_on,
                title=_("Verwezen naar %(partner)s") % {"partner": referral.partner_name},
                detail=detail,
                url=url,
            )
        )
    return entries
