"""Reads of legal work: the branch's dossiers and their step plans."""

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from koers.core.actors import Actor
from koers.legal.models import Dossier, DossierStep
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
    return Dossier.objects.for_user(user).filter(person=person).prefetch_related("steps")


def step_plan(dossier: Dossier) -> list[DossierStep]:
    """Steps done first in the order they happened, then open steps by due date."""
    steps = list(dossier.steps.all())
    done = sorted((s for s in steps if s.done_on), key=lambda s: (s.done_on, s.pk))
    open_ = sorted(
        (s for s in steps if not s.done_on),
        key=lambda s: (s.due_on is None, s.due_on or timezone.localdate(), s.pk),
    )
    return done + open_
