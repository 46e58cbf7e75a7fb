"""Matching on the client file (the client's pairs) and the start page (the waiting list)."""

from django.utils.translation import gettext as _

from koers.core.access import log_access, user_reaches
from koers.core.models import AccessLogEntry
from koers.core.panels import nav_link_if
from koers.core.scoping import Capability, Category, may
from koers.matching import selectors
from koers.matching.models import Match

OLDEST_SHOWN = 5


def person_panel(request, person) -> dict | None:
    if not user_reaches(request.user, Category.COACHING):
        return None
    matches = Match.objects.for_user(request.user).filter(person=person).select_related("staff")
    return {
        "title": _("Koppelingen"),
        "template": "matching/person_panel.html",
        "context": {"person": person, "matches": matches},
        "order": 30,
    }


def home_panel(request) -> dict | None:
    """The waiting list for those who match: team leaders (and their regional manager)."""
    user = request.user
    if not may(user, Capability.MATCH):
        return None
    oldest = list(selectors.waiting_list(user)[:OLDEST_SHOWN])
    log_access(
        request,
        [m.person for m in oldest],
        action=AccessLogEntry.Action.VIEW,
        what=_("wachtlijst koppelingen"),
    )
    return {
        "title": _("Wachtlijst koppelingen"),
        "template": "matching/home_panel.html",
        "context": {"counts": selectors.waiting_counts(user), "oldest": oldest},
        "order": 20,
    }


def nav_link(request) -> dict | None:
    return nav_link_if(
        request.user, Category.COACHING, _("Wachtlijst"), "matching:waiting_list", 50
    )
