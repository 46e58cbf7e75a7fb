"""The reports on the start page and in the main menu: a team leader's figures of this year,
the yearly reports a user may open, and for the municipality its own figures."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.models import Location
from koers.core.panels import Section
from koers.core.scoping import (
    Role,
    aggregate_location_ids,
    has_role,
    role_location_ids,
)
from koers.indicators import facts
from koers.indicators.periods import Period
from koers.indicators.registry import label_for
from koers.reports import selectors

HEADLINE_INDICATORS = [
    "housing.persons_housed",
    "housing.quota",
    "contacts.total",
    "contacts.persons",
    "participation_statement.signed",
]


# The start page is a glance: it computes no stored figure again (a branch where people
# log contacts all day would have its figures computed on every visit); stale ones are
# shown with their moment until the refresh (``koers facts refresh``, cron) or a report
# computes them. Figures never stored are computed (the few keys, live).
START_PAGE_BUDGET = 0.0


def branch_figures(location_ids: list[int], year: int) -> facts.Read:
    """This year's headline figures of these branches, read from the indicator engine's
    facts (``as_of``: the moment of stale facts read as stored, else None)."""
    read = facts.read(
        locations=Location.objects.filter(pk__in=location_ids),
        periods=[Period.year(year)],
        keys=HEADLINE_INDICATORS,
        budget_seconds=START_PAGE_BUDGET,
    )
    results = read.values[0]
    shown = [
        {"key": key, "label": label_for(key), "value": results[key]}
        for key in HEADLINE_INDICATORS
        if key in results
    ]
    return facts.Read([shown], read.as_of)


def figures(request) -> Section | None:
    """For a team leader: this year's headline figures of the branches they lead."""
    led = role_location_ids(request.user, Role.TEAM_LEADER)
    if not led:
        return None
    year = timezone.localdate().year
    found = branch_figures(led, year)
    return Section(
        title=_("Cijfers %(year)s") % {"year": year},
        template="reports/_figures.html",
        context={"figures": found.values[0], "as_of": found.as_of},
        clients=(),
        order=2,
    )


def region_link(request) -> Section | None:
    """For a regional manager: the way to the region's reports."""
    if not has_role(request.user, Role.REGIONAL_MANAGER):
        return None
    return Section(
        title="",
        template="reports/_region_link.html",
        context={"url": reverse("reports:index")},
        clients=(),
        order=5,
    )


def nav_link(request) -> dict | None:
    user = request.user
    if selectors.report_locations(user).exists():
        return {"label": _("Rapportages"), "url": reverse("reports:index"), "order": 80}
    if aggregate_location_ids(user).exists():
        return {"label": _("Cijfers"), "url": reverse("reports:municipality"), "order": 80}
    return None


def home_panel(request) -> Section | None:
    """Last year's report of each branch the user reports on, or the municipality's page."""
    user = request.user
    locations = list(selectors.report_locations(user))
    municipality = list(selectors.municipality_locations(user)) if not locations else []
    if not locations and not municipality:
        return None
    return Section(
        title=_("Jaarverslagen") if locations else _("Cijfers van uw gemeente"),
        template="reports/home_panel.html",
        context={
            "locations": locations,
            "municipality": municipality,
            "year": timezone.localdate().year - 1,
        },
        clients=(),
        order=60,
    )
