"""Matching on the client file (the client's pairs) and the start page (the waiting lists)."""

from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Capability, Category, Role, may, role_location_ids
from koers.matching import selectors
from koers.matching.models import Match

OLDEST_SHOWN = 5
WAITING_SHOWN = 10


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


def waiting_lists(request) -> Section | None:
    """For a team leader: per program how many wait, and the longest waiting without a match."""
    led = role_location_ids(request.user, Role.TEAM_LEADER)
    if not led:
        return None
    waiting = selectors.waiting_at(request.user, led)
    oldest = list(waiting.select_related("person").order_by("requested_on")[:WAITING_SHOWN])
    return Section(
        title=_("Wachtlijsten"),
        template="matching/_waiting_lists.html",
        context={"waiting_by_program": selectors.waiting_by_program(waiting), "waiting": oldest},
        clients=[match.person for match in oldest],
        order=3,
    )


def home_panel(request) -> Section | None:
    """The waiting list for those who match: team leaders (and their regional manager)."""
    user = request.user
    if not may(user, Capability.MATCH):
        return None
    oldest = list(selectors.waiting_list(user)[:OLDEST_SHOWN])
    return Section(
        title=_("Wachtlijst koppelingen"),
        template="matching/home_panel.html",
        context={"counts": selectors.waiting_counts(user), "oldest": oldest},
        clients=[m.person for m in oldest],
        what=_("wachtlijst koppelingen"),
        order=20,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(
        request.user, Category.COACHING, _("Wachtlijst"), "matching:waiting_list", 50
    )
