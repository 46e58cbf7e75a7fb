"""The deadlines app's sections of the start page and the client file, and its menu link."""

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Category
from koers.deadlines.selectors import WEEK, open_items, worklist
from koers.deadlines.views import item_rows


def home_panel(request) -> Section | None:
    """The user's overdue items and those due this week."""
    if not user_reaches(request.user, Category.PERSON):
        return None
    work = worklist(user=request.user, on=timezone.localdate(), horizon=WEEK)
    return Section(
        title=_("Mijn termijnen"),
        template="deadlines/panel_home.html",
        context={"worklist": work},
        clients={item.person_pk for _name, items in work.groups for item in items},
        order=20,
    )


def person_panel(request, person) -> Section | None:
    """The client's open items that the user may see, each closable in place."""
    if not user_reaches(request.user, Category.PERSON):
        return None
    items = open_items(
        on=timezone.localdate(),
        user=request.user,
        locations=[person.location_id],
        persons=[person],
    )
    return Section(
        title=_("Termijnen"),
        template="deadlines/panel_person.html",
        context={"rows": item_rows(request, items)},
        clients=[person],
        order=40,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(request.user, Category.PERSON, _("Termijnen"), "deadlines:worklist", 30)
