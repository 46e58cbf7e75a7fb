"""Matching on the client file (the client's pairs) and the start page (the waiting lists)."""

from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Capability, Category, may
from koers.matching import selectors
from koers.matching.models import Match

OLDEST_SHOWN = 10


def person_panel(request, person) -> Section | None:
    if not user_reaches(request.user, Category.COACHING):
        return None
    matches = Match.objects.for_user(request.user).filter(person=person).select_related("staff")
    return Section(
        title=_("Koppelingen"),
        template="matching/person_panel.html",
        context={"person": person, "matches": matches},
        clients=[person],
        order=30,
    )


def home_panel(request) -> Section | None:
    """The waiting list for those who match (team leaders, their regional manager): per
    program how many wait and since when, and the longest waiting."""
    user = request.user
    if not may(user, Capability.MATCH):
        return None
    waiting = selectors.waiting_list(user)
    oldest = list(waiting[:OLDEST_SHOWN])
    return Section(
        title=_("Wachtlijst koppelingen"),
        template="matching/home_panel.html",
        context={"by_program": selectors.waiting_by_program(waiting), "oldest": oldest},
        clients=[match.person for match in oldest],
        order=3,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(
        request.user, Category.COACHING, _("Wachtlijst"), "matching:waiting_list", 50
    )
