"""Reads of legal work: the branch's dossiers and their step plans."""

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from koers.core.actors import Actor
from koers.legal.models import (
    DECISION_STEPS,
    Dossier,
    DossierOutcome,
    DossierStep,
    FamilyMember,
)
from koers.people.models import Person

OPEN_STEP = Q(steps__done_on__isnull=True, steps__due_on__isnull=False)


def dossier_list(
    user: Actor, *, kind: str = "", status: str = "", q: str = "", overdue: bool = False
) -> QuerySet[Dossier]:
    """Dossiers the user may see, with their next due step and how many are overdue."""
    today = timezone.localdate()
    dossiers = (
        Dossier.objects.for_user(user)
        .select_related("person")
        .annotate(
            next_due=Min("steps__due_on", filter=OPEN_STEP),
            overdue_steps=Count("steps", filter=OPEN_STEP & Q(steps__due_on__lt=today)),
        )
        .order_by("-opened_on", "pk")
    )
    if kind:
        dossiers = dossiers.filter(kind=kind)
    if status == "open":
        dossiers = dossiers.filter(closed_on__isnull=True)
    elif status == "closed":
        dossiers = dossiers.filter(closed_on__isnull=False)
    if q:
        dossiers = dossiers.filter(
            Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q)
        )
    if overdue:
        dossiers = dossiers.filter(overdue_steps__gt=0, closed_on__isnull=True)
    return dossiers


def dossiers_of_person(user: Actor, person: Person) -> QuerySet[Dossier]:
    return (
        Dossier.objects.for_user(user)
        .filter(person=person)
        .prefetch_related("steps", "members__person")
    )


def family_members(dossier: Dossier) -> list[FamilyMember]:
    """The family members of a dossier already read through the user's scope."""
    return list(
        dossier.members.select_related("person").order_by(
            F("birth_date").asc(nulls_last=True), "pk"
        )
    )


def step_plan(dossier: Dossier) -> list[DossierStep]:
    """Steps done first in the order they happened, then open steps by due date."""
    steps = list(dossier.steps.all())
    done = sorted((s for s in steps if s.done_on), key=lambda s: (s.done_on, s.pk))
    open_ = sorted(
        (s for s in steps if not s.done_on),
        key=lambda s: (s.due_on is None, s.due_on or timezone.localdate(), s.pk),
    )
    return done + open_


def proposed_outcome(dossier: Dossier) -> str:
    """The dossier's outcome as its last decision says it, to propose when closing (a
    partly granted decision proposes nothing: the user decides what that means here)."""
    last = (
        dossier.steps.filter(step__in=DECISION_STEPS, done_on__isnull=False)
        .exclude(outcome="")
        .order_by("-done_on", "-pk")
        .values_list("outcome", flat=True)
        .first()
    )
    return last if last in DossierOutcome.values else ""
