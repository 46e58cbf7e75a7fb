"""Reads of the coaching work, always narrowed to what the user may see."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from koers.coaching.models import (
    COACH_ROLES,
    OPTIONAL_ZRM_DOMAINS,
    BudgetLine,
    BudgetLineKind,
    CoachPeriod,
    Referral,
    SelfRelianceMeasurement,
    Signal,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
    ZrmDomain,
)
from koers.core.actors import Actor, User
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Capability, capability_q, client_access_q
from koers.people.models import Household, Person
from koers.people.selectors import people_for_user
from koers.staff.models import StaffMember, StaffRole


def running_on(today: datetime.date, via: str = "") -> Q:
    """Trajectories not ended before ``today`` (``via``: the path to them from another
    model, e.g. ``"trajectories__"``)."""
    return Q(**{f"{via}ended_on__isnull": True}) | Q(**{f"{via}ended_on__gte": today})


def coaching_on(today: datetime.date, via: str = "") -> Q:
    """Trajectories whose current coach coaches on ``today`` (the change lies behind)."""
    return Q(**{f"{via}coach_since__isnull": True}) | Q(**{f"{via}coach_since__lte": today})


def covering(today: datetime.date) -> Q:
    """For coach periods: the earlier period that covers ``today`` (its coach coached then)."""
    return Q(started_on__lte=today, ended_on__gte=today)


def coach_on(today: datetime.date) -> Case:
    """For an annotation of trajectories: the id of who coaches it on ``today``: the current
    coach from the change on (:func:`coaching_on`), before it the earlier period that covers
    ``today`` (none: nobody then), as :func:`coached_clients` gives them the client."""
    earlier = CoachPeriod.objects.filter(covering(today), trajectory=OuterRef("pk")).values(
        "coach"
    )[:1]
    return Case(
        When(coaching_on(today), then=F("coach_id")),
        default=Subquery(earlier),
        output_field=BigIntegerField(),
    )


def coached_clients(user: User, today: datetime.date) -> QuerySet:
    """Assignment source: the clients of a running trajectory the user coaches on ``today``:
    as its current coach from the day of the change, or in an earlier period that covers
    ``today`` (a change planned ahead leaves the old coach until the day before)."""
    earlier = CoachPeriod.objects.filter(covering(today), coach__user=user).values("trajectory")
    return Trajectory.objects.filter(
        running_on(today),
        (Q(coach__user=user) & coaching_on(today)) | Q(pk__in=earlier),
    ).values("person")


def caseload_q(today: datetime.date) -> Q:
    """For ``Count("trajectories", filter=...)`` on staff: the trajectories they coach now."""
    return running_on(today, via="trajectories__") & coaching_on(today, via="trajectories__")


def eligible_coaches(
    *, kind: str | None, location_id: int, on: datetime.date
) -> QuerySet[StaffMember]:
    """Who may coach a trajectory of ``kind`` at the branch on the day: a coaching role
    (``COACH_ROLES``), cleared for client files then (agreement, VOG, course, started and
    not stopped: ``core.scoping.client_access_q``) and a login to open them. Each with
    ``caseload``: the trajectories they coach today (``kind`` None: any kind). Not scoped:
    the rule itself (the service asks it; the form narrows it to what the user reads)."""
    today = timezone.localdate()
    roles = COACH_ROLES[kind] if kind else frozenset().union(*COACH_ROLES.values())
    return (
        StaffMember.objects.filter(
            client_access_q(on),
            location_id=location_id,
            user__isnull=False,
            user__is_active=True,
            pk__in=StaffRole.objects.filter(role__in=roles).values("staff"),
        )
        .annotate(caseload=Count("trajectories", filter=caseload_q(today), distinct=True))
        .order_by("family_name", "given_name", "pk")
    )


def coaches_to_choose(
    user: Actor, *, kind: str | None, location_id: int, on: datetime.date
) -> QuerySet[StaffMember]:
    """The coaches a form offers: eligible (:func:`eligible_coaches`) and on the user's team."""
    readable = StaffMember.objects.for_user(user).values("pk")
    return eligible_coaches(kind=kind, location_id=location_id, on=on).filter(pk__in=readable)


def coaches_with_caseload(user: Actor) -> QuerySet[StaffMember]:
    """Staff of the user's branches who coach a running trajectory now, with ``caseload``,
    for the handover page (only where the user may assign coaches)."""
    today = timezone.localdate()
    return (
        StaffMember.objects.for_user(user)
        .filter(capability_q(user, Capability.ASSIGN_COACH, "location"))
        .annotate(caseload=Count("trajectories", filter=caseload_q(today), distinct=True))
        .filter(caseload__gt=0)
        .select_related("location")
        .order_by("family_name", "given_name", "pk")
    )


def caseload_of(user: Actor, member: StaffMember) -> QuerySet[Trajectory]:
    """The trajectories a staff member coaches (running, current coach), for a handover."""
    return (
        Trajectory.objects.for_user(user, write=True)
        .filter(running_on(timezone.localdate()), coach=member)
        .select_related("person", "coach")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def coach_history(trajectory: Trajectory) -> list[dict]:
    """Who coached the trajectory when, oldest first: the earlier periods, then the current
    coach from ``coach_from`` (no end). Each: coach, from, to, reason (why it ended)."""
    rows = [
        {"coach": p.coach, "from": p.started_on, "to": p.ended_on, "reason": p.reason}
        for p in trajectory.coach_periods.all()
    ]
    current = {"coach": trajectory.coach, "from": trajectory.coach_from, "to": None}
    rows.append(current | {"reason": ""})
    return rows


def clients_without_coach(user: Actor, *, locations: list[int]) -> QuerySet[Person]:
    """Clients with a running trajectory that has no coach, in the given locations."""
    open_without_coach = Trajectory.objects.filter(
        running_on(timezone.localdate()), coach__isnull=True, person=OuterRef("pk")
    )
    return (
        people_for_user(user)
        .filter(Exists(open_without_coach), location_id__in=locations)
        .order_by("family_name", "given_name")
    )


def trajectory_list(
    user: Actor,
    *,
    kind: str = "",
    status: str = "",
    coach: StaffMember | None = None,
    q: str = "",
) -> QuerySet[Trajectory]:
    """Trajectories the user may see, filtered as the list page asks."""
    trajectories = Trajectory.objects.for_user(user).select_related("person", "coach")
    if kind:
        trajectories = trajectories.filter(kind=kind)
    if status == "active":
        trajectories = trajectories.filter(ended_on__isnull=True)
    elif status == "ended":
        trajectories = trajectories.filter(ended_on__isnull=False)
    if coach is not None:
        trajectories = trajectories.filter(coach=coach)
    if q:
        trajectories = trajectories.filter(
            Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q)
        )
    return trajectories


def coaches_in_list(user: Actor) -> QuerySet[StaffMember]:
    """The coaches of the trajectories the user sees, for the list's coach filter."""
    coach_ids = Trajectory.objects.for_user(user).values("coach_id")
    return StaffMember.objects.filter(pk__in=coach_ids).order_by("family_name", "given_name")


def trajectories_of_person(user: Actor, person: Person) -> QuerySet[Trajectory]:
    """A client's trajectories with all their parts, for the client file and its panel."""
    return (
        Trajectory.objects.for_user(user)
        .filter(person=person)
        .select_related("coach", "plan")
        .prefetch_related(
            Prefetch("coach_periods", queryset=CoachPeriod.objects.select_related("coach")),
            Prefetch("evaluations", queryset=TrajectoryEvaluation.objects.order_by("-held_on")),
            Prefetch(
                "measurements", queryset=SelfRelianceMeasurement.objects.prefetch_related("scores")
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("organisation").order_by("-referred_on"),
            ),
        )
    )


def plan_of(trajectory: Trajectory) -> TrajectoryPlan | None:
    try:
        return trajectory.plan
    except TrajectoryPlan.DoesNotExist:
        return None


@dataclass
class ZrmRow:
    domain: str
    label: str
    intake: int | None
    exit: int | None

    @property
    def change(self) -> int | None:
        if self.intake is None or self.exit is None:
            return None
        return self.exit - self.intake


def zrm_comparison(trajectory: Trajectory) -> list[ZrmRow]:
    """Intake against exit per domain; optional domains only where one of them scored it.

    Empty when nothing was measured yet, so a page shows no table of blanks.
    """
    by_moment = {
        m.moment: {s.domain: s.score for s in m.scores.all()} for m in trajectory.measurements.all()
    }
    intake, exit_ = by_moment.get("intake", {}), by_moment.get("exit", {})
    if not intake and not exit_:
        return []
    return [
        ZrmRow(domain.value, str(domain.label), intake.get(domain.value), exit_.get(domain.value))
        for domain in ZrmDomain
        if domain not in OPTIONAL_ZRM_DOMAINS or domain.value in intake or domain.value in exit_
    ]


def measurement_of(trajectory: Trajectory, moment: str) -> SelfRelianceMeasurement | None:
    return next((m for m in trajectory.measurements.all() if m.moment == moment), None)


def plan_history(plan: TrajectoryPlan) -> QuerySet[ChangeLogEntry]:
    """Every saved version of a plan, newest first: the change log is its history."""
    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TrajectoryPlan), object_id=plan.pk
    ).select_related("user")


def referral_list(
    user: Actor, *, partner: str = "", outcome: str = "", q: str = ""
) -> QuerySet[Referral]:
    referrals = Referral.objects.for_user(user).select_related(
        "person", "trajectory", "organisation"
    )
    if partner:
        referrals = referrals.filter(partner=partner)
    if outcome:
        referrals = referrals.filter(outcome=outcome)
    if q:
        referrals = referrals.filter(
            Q(person__family_name__icontains=q)
            | Q(person__given_name__icontains=q)
            | Q(partner_detail__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    return referrals


@dataclass
class BudgetSummary:
    lines: dict[str, list[BudgetLine]]
    totals: dict[str, Decimal]

    @property
    def monthly_balance(self) -> Decimal:
        """Income minus fixed costs and payment arrangements (debts are balances, not monthly)."""
        return (
            self.totals[BudgetLineKind.INCOME]
            - self.totals[BudgetLineKind.FIXED_COST]
            - self.totals[BudgetLineKind.ARRANGEMENT]
        )

    @property
    def sections(self) -> list[tuple[str, list[BudgetLine], Decimal]]:
        return [(str(kind.label), self.lines[kind], self.totals[kind]) for kind in BudgetLineKind]


def budget_summary(user: Actor, household: Household) -> BudgetSummary:
    lines: dict[str, list[BudgetLine]] = {kind: [] for kind in BudgetLineKind}
    for line in BudgetLine.objects.for_user(user).filter(household=household):
        lines[line.kind].append(line)
    totals = {
        kind: sum((line.amount for line in kind_lines), Decimal(0))
        for kind, kind_lines in lines.items()
    }
    return BudgetSummary(lines=lines, totals=totals)


def signal_list(user: Actor, *, topic: str = "", reported: str = "") -> QuerySet[Signal]:
    signals = Signal.objects.for_user(user).select_related("location")
    if topic:
        signals = signals.filter(topic=topic)
    if reported == "yes":
        signals = signals.filter(reported_on__isnull=False)
    elif reported == "no":
        signals = signals.filter(reported_on__isnull=True)
    return signals
