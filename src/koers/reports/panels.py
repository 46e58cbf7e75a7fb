"""The reports on the start page and in the main menu: the yearly reports a user may open,
and for the municipality its own figures."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.scoping import aggregate_location_ids
from koers.reports import selectors


def nav_link(request) -> dict | None:
    user = request.user
    if selectors.report_locations(user).exists():
        return {"label": _("Rapportages"), "url": reverse("reports:index"), "order": 80}
    if aggregate_location_ids(user).exists():
        return {"label": _("Cijfers"), "url": reverse("reports:municipality"), "order": 80}
    return None


def home_panel(request) -> dict | None:
    """Last year's report of each branch the user reports on, or the municipality's page."""
    user = request.user
    locations = list(selectors.report_locations(user))
    municipality = list(selectors.municipality_locations(user)) if not locations else []
    if not locations and not municipality:
        return None
    return {
        "title": _("Jaarverslagen") if locations else _("Cijfers van uw gemeente"),
        "template": "reports/home_panel.html",
        "context": {
            "locations": locations,
            "municipality": municipality,
            "year": timezone.localdate().year - 1,
        },
        "order": 60,
    }
