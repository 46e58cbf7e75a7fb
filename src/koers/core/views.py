"""The start page per role, and the health check."""

from django.db import connection
from django.db.models import Count, Min, Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from koers.core.access import ANY, PUBLIC, view_scope
from koers.core.models import Location
from koers.core.panels import home_panels
from koers.core.scoping import Role, memberships

HEADLINE_INDICATORS = [
    "housing.persons_housed",
    "housing.quota",
    "contacts.total",
    "contacts.persons",
    "participation_statement.signed",
]
WAITING_LIST_SIZE = 10


def _first_url(*names: str) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _volunteer_section(user) -> dict:
    from koers.people.selectors import clients_of_volunteer

    today = timezone.localdate()
    clients = list(clients_of_volunteer(user))
    for client in clients:
        last = client.last_contact_on
        client.days_since_contact = (today - last).days if last else None
    return {"clients": clients}


def _legal_section(user) -> dict:
    from koers.legal.models import Dossier

    dossiers = (
        Dossier.objects.for_user(user)
        .filter(closed_on__isnull=True)
        .select_related("person")
        .annotate(next_due_on=Min("steps__due_on", filter=Q(steps__done_on__isnull=True)))
        .order_by("next_due_on", "opened_on")[:50]
    )
    return {"dossiers": dossiers}


def branch_figures(location_ids: list[int], year: int) -> list[dict] | None:
    """This year's headline figures from the indicator engine; ``None`` until it exists."""
    try:
        from koers.indicators.engine import compute
        from koers.indicators.periods import Period
        from koers.indicators.registry import label_for
    except ImportError:
        return None
    results = compute(
        locations=Location.objects.filter(pk__in=location_ids), period=Period.year(year)
    )
    return [
        {"key": key, "label": label_for(key), "value": results[key]}
        for key in HEADLINE_INDICATORS
        if key in results
    ]


def _team_leader_section(user, location_ids: list[int]) -> dict:
    from koers.matching.models import Match, MatchProgram
    from koers.people.selectors import clients_without_coach

    waiting = Match.objects.for_user(user).filter(
        person__location_id__in=location_ids,
        staff__isnull=True,
        started_on__isnull=True,
        ended_on__isnull=True,
    )
    year = timezone.localdate().year
    return {
        "year": year,
        "figures": branch_figures(location_ids, year),
        "waiting_by_program": [
            {**row, "label": MatchProgram(row["program"]).label}
            for row in waiting.values("program")
            .annotate(count=Count("pk"), oldest=Min("requested_on"))
            .order_by("program")
        ],
        "waiting": waiting.select_related("person").order_by("requested_on")[:WAITING_LIST_SIZE],
        "without_coach": clients_without_coach(user, locations=location_ids)[:50],
    }


@view_scope(ANY)
def home(request):
    """The start page: what this user's roles need first, then every app's start-page block."""
    user = request.user
    roles = {m.role for m in memberships(user)}
    if not user.is_superuser:
        if roles == {Role.MUNICIPALITY_VIEWER}:
            target = _first_url("reports:municipality", "reports:index")
            if target:
                return redirect(target)
        if roles == {Role.ADMINISTRATOR}:
            return redirect("accounts:user_list")
    context = {"roles": roles, "panels": home_panels(request)}
    if Role.VOLUNTEER in roles:
        context["volunteer"] = _volunteer_section(user)
    if Role.LEGAL in roles:
        context["legal"] = _legal_section(user)
    led = [m.location_id for m in memberships(user) if m.role == Role.TEAM_LEADER]
    if led:
        context["team_leader"] = _team_leader_section(user, led)
    if Role.REGIONAL_MANAGER in roles:
        context["reports_url"] = _first_url("reports:region", "reports:index")
    return render(request, "core/home.html", context)


@view_scope(PUBLIC)
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
