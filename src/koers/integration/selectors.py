"""Reads of the housing pipeline and the civic-integration plans, scoped to the user.

The pipeline's "housed" and "waiting" are the definitions of integration-2021.md
(:mod:`koers.integration.queries`), so the page, the figures and the worklist agree.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.coaching.models import Trajectory, TrajectoryKind
from koers.core.actors import Viewer
from koers.core.dates import written
from koers.deadlines.offsets import add_offset
from koers.deadlines.rules import EffectiveRule, effective_rules
from koers.integration.models import IntegrationPlan, Linking, Route
from koers.integration.queries import housing_date, linking_waiting_on
from koers.integration.rules import TEN_WEEKS, last_switch_on
from koers.people.models import Dwelling, Person
from koers.staff.models import StaffMember

WAITING, HOUSED, CANCELLED = "waiting", "housed", "cancelled"
STATUSES = (WAITING, HOUSED, CANCELLED)


def linkings_for_user(user: Viewer, *, write: bool = False) -> QuerySet:
    """Linkings the user may see, with their housing date (``housed_on``, or None)."""
    return (
        Linking.objects.for_user(user, write=write)
        .select_related("person", "location", "planned_dwelling")
        .annotate(housed_on=housing_date())
    )


def pipeline(
    user: Viewer,
    *,
    on: datetime.date,
    status: str = WAITING,
    locations: Iterable[Any] | None = None,
    reason: str = "",
    q: str = "",
) -> QuerySet[Linking]:
    """The pipeline on ``on``: waiting (longest first), housed or cancelled (latest first);
    ``reason`` keeps the linkings cancelled for that reason."""
    linkings = linkings_for_user(user)
    if reason:
        linkings = linkings.filter(cancel_reason=reason)
    if locations is not None:
        linkings = linkings.filter(location__in=locations)
    if status == WAITING:
        linkings = linkings.filter(linking_waiting_on(on, housing_date())).order_by(
            "linked_on", "pk"
        )
    elif status == HOUSED:
        linkings = linkings.filter(housed_on__isnull=False).order_by("-housed_on", "pk")
    elif status == CANCELLED:
        linkings = linkings.filter(cancelled_on__isnull=False, housed_on__isnull=True).order_by(
            "-cancelled_on", "pk"
        )
    else:
        linkings = linkings.order_by("-linked_on", "pk")
    if q:
        linkings = linkings.filter(
            Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q)
        )
    return linkings


def over_ten_weeks_since(on: datetime.date) -> datetime.date:
    """A linking waiting on ``on`` is over 10 weeks when linked before this day."""
    return on - datetime.timedelta(days=TEN_WEEKS)


@dataclass(frozen=True)
class PipelineCounts:
    waiting: int
    over_ten_weeks: int


def pipeline_counts(
    user: Viewer, *, on: datetime.date, locations: Iterable[Any] | None = None
) -> PipelineCounts:
    """How many wait on ``on``, and how many of them longer than 10 weeks: one query."""
    waiting = pipeline(user, on=on, locations=locations).order_by()
    counts = waiting.aggregate(
        waiting=Count("pk"),
        over=Count("pk", filter=Q(linked_on__lt=over_ten_weeks_since(on))),
    )
    return PipelineCounts(counts["waiting"], counts["over"])


def linking_status(linking: Linking, on: datetime.date) -> str:
    """``housed``, ``cancelled`` or ``waiting`` on ``on`` (``housed_on`` annotated)."""
    housed_on = getattr(linking, "housed_on", None)  # annotated by ``linkings_for_user``
    if housed_on is not None and housed_on <= on:
        return HOUSED
    if linking.cancelled_on is not None and linking.cancelled_on <= on:
        return CANCELLED
    return WAITING


def weeks_waiting(linking: Linking, on: datetime.date) -> int:
    return max(0, (on - linking.linked_on).days // 7)


def is_over_ten_weeks(linking: Linking, on: datetime.date) -> bool:
    return linking.linked_on < over_ten_weeks_since(on)


def household_waiting(user: Viewer, linking: Linking, *, on: datetime.date) -> QuerySet[Linking]:
    """The waiting linkings of the linking's household at its branch (housed together)."""
    return (
        linkings_for_user(user, write=True)
        .filter(
            linking_waiting_on(on, housing_date()),
            location=linking.location_id,
            person__household=linking.person.household_id,
        )
        .order_by("person__birth_date", "pk")
    )


def free_dwellings(user: Viewer, locations: Iterable[Any]) -> QuerySet[Dwelling]:
    """Dwellings of the branches that nobody has been housed in yet (the candidates)."""
    return (
        Dwelling.objects.for_user(user, write=True)
        .filter(location__in=locations, placements__isnull=True)
        .order_by("-available_on", "postcode", "house_number")
    )


def linkings_of_person(user: Viewer, person: Person) -> list[Linking]:
    return list(linkings_for_user(user).filter(person=person).order_by("-linked_on", "-pk"))


# Plans ----------------------------------------------------------------------------------------


def plan_of(user: Viewer, person: Person, *, write: bool = False) -> IntegrationPlan | None:
    return IntegrationPlan.objects.for_user(user, write=write).filter(person=person).first()


def plans_for_user(user: Viewer) -> QuerySet[IntegrationPlan]:
    return IntegrationPlan.objects.for_user(user).select_related("person", "person__location")


STAGES = {
    "intake": gettext_lazy("brede intake"),
    "waiting_for_pip": gettext_lazy("wacht op PIP"),
    "running": gettext_lazy("loopt"),
    "completed": gettext_lazy("afgerond"),
    "exempted": gettext_lazy("ontheffing of vrijstelling"),
}


def integration_coaching(coach: Any = None) -> QuerySet:
    """The integration trajectories (of one coach): who coaches a plan's person."""
    trajectories = Trajectory.objects.filter(kind=TrajectoryKind.INTEGRATION)
    return trajectories if coach is None else trajectories.filter(coach=coach)


def plan_coaches(user: Viewer) -> QuerySet[StaffMember]:
    """The integration coaches of the plans the user sees, for the plan list's coach filter."""
    people = plans_for_user(user).values("person_id")
    coach_ids = integration_coaching().filter(person__in=people).values("coach_id")
    return StaffMember.objects.filter(pk__in=coach_ids).order_by("family_name", "given_name")


def plan_list(
    user: Viewer,
    *,
    on: datetime.date,
    stage: str = "",
    route: str = "",
    coach: StaffMember | None = None,
    q: str = "",
) -> QuerySet[IntegrationPlan]:
    """Plans by stage on ``on`` (stages as on the plan page), oldest obligation first;
    ``coach``: the plans of the people that coach coaches (or coached) on integration."""
    plans = plans_for_user(user).order_by("obligation_on", "pk")
    if coach is not None:
        plans = plans.filter(Exists(integration_coaching(coach).filter(person=OuterRef("person"))))
    ended = Q(completed_on__lte=on) | Q(exempted_on__lte=on)
    if stage == "intake":
        plans = plans.filter(Q(intake_completed_on__isnull=True) | Q(intake_completed_on__gt=on))
        plans = plans.filter(Q(pip_on__isnull=True) | Q(pip_on__gt=on)).exclude(ended)
    elif stage == "waiting_for_pip":
        plans = plans.filter(intake_completed_on__lte=on)
        plans = plans.filter(Q(pip_on__isnull=True) | Q(pip_on__gt=on)).exclude(ended)
    elif stage == "running":
        plans = plans.filter(pip_on__lte=on).exclude(ended)
    elif stage in ("completed", "exempted"):
        plans = plans.filter(**{f"{stage}_on__lte": on})
    if route:
        plans = plans.filter(route=route)
    if q:
        plans = plans.filter(
            Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q)
        )
    return plans


@dataclass(frozen=True)
class PlanStatus:
    """A plan at a glance on one day: where it stands, its term, and what comes next."""

    plan: IntegrationPlan
    on: datetime.date
    stage: str
    route_now: str
    pip_due: datetime.date | None
    term_end: datetime.date | None
    last_switch_on: datetime.date | None
    next_steps: list[str] = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return str(STAGES[self.stage])

    @property
    def route_now_label(self) -> str:
        return str(Route(self.route_now).label) if self.route_now else ""

    @property
    def pip_overdue(self) -> bool:
        return self.stage in ("intake", "waiting_for_pip") and bool(
            self.pip_due and self.pip_due < self.on
        )

    @property
    def term_overdue(self) -> bool:
        return self.stage == "running" and bool(self.term_end and self.term_end < self.on)


def _stage(plan: IntegrationPlan, on: datetime.date) -> str:
    if plan.exempted_on and plan.exempted_on <= on:
        return "exempted"
    if plan.completed_on and plan.completed_on <= on:
        return "completed"
    if plan.pip_on and plan.pip_on <= on:
        return "running"
    if plan.intake_completed_on and plan.intake_completed_on <= on:
        return "waiting_for_pip"
    return "intake"


def _due(
    plan_day: datetime.date | None, rule: EffectiveRule | None, extra: int = 0
) -> datetime.date | None:
    if plan_day is None or rule is None or not rule.enabled:
        return None
    return add_offset(plan_day, rule.offset, extra)


def plan_statuses(plans: Iterable[IntegrationPlan], *, on: datetime.date) -> list[PlanStatus]:
    """``plan_status`` of several plans, their branches' terms read once (three queries)."""
    plans = list(plans)
    rules = effective_rules({plan.person.location_id for plan in plans})
    return [plan_status(plan, on=on, rules=rules) for plan in plans]


def plan_status(
    plan: IntegrationPlan, *, on: datetime.date, rules: dict | None = None
) -> PlanStatus:
    """Where the plan stands on ``on``, with its branch's terms (three queries, none when
    ``rules`` holds them: ``deadlines.rules.effective_rules`` of its branch)."""
    location_id = plan.person.location_id
    if rules is None:
        rules = effective_rules([location_id])
    rules = rules.get(location_id, {})
    stage = _stage(plan, on)
    pip_due = _due(plan.obligation_on, rules.get("pip_decision"))
    term_end = _due(plan.pip_on, rules.get("civic_integration_term_2021"), plan.extension_months)
    switch_until = last_switch_on(plan.pip_on) if plan.pip_on else None
    steps = []
    if stage == "intake":
        if plan.intake_started_on is None or plan.intake_started_on > on:
            steps.append(_("Brede intake starten"))
        else:
            steps.append(_("Brede intake afronden"))
    if stage in ("intake", "waiting_for_pip"):
        if pip_due:
            steps.append(
                _("PIP laten vaststellen, uiterlijk %(date)s") % {"date": written(pip_due)}
            )
        else:
            steps.append(_("PIP laten vaststellen"))
    if stage == "running":
        if plan.map_completed_on is None or plan.map_completed_on > on:
            steps.append(_("Module arbeidsmarkt en participatie (MAP) afronden"))
        if plan.route_switched_on is None and switch_until and on <= switch_until:
            steps.append(
                _("Leerroute wisselen kan nog tot en met %(date)s")
                % {"date": written(switch_until)}
            )
        if term_end:
            steps.append(_("Inburgering afronden vóór %(date)s") % {"date": written(term_end)})
    return PlanStatus(
        plan=plan,
        on=on,
        stage=stage,
        route_now=plan.route_on(on),
        pip_due=pip_due,
        term_end=term_end,
        last_switch_on=switch_until,
        next_steps=steps,
    )
