"""The deadlines app's sections of the start page and the client file, and its menu link."""

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Category
from koers.deadlines.links import RecordLinks
from koers.deadlines.selectors import WEEK, my_worklist_locations, open_items, worklist
from koers.deadlines.views import item_rows


def home_panel(request) -> Section | None:
    """The user's own overdue items and those due this week (``my_worklist_locations``: where
    the user's roles hold a worklist; a regional manager, who reads but works no items, has
    none and no section), each linked to its record and client."""
    locations = my_worklist_locations(request.user)
    if not locations:
        return None
    work = worklist(user=request.user, on=timezone.localdate(), horizon=WEEK, locations=locations)
    links = RecordLinks()
    rows = [
        {"item": item, "record_url": links.record(item), "person_url": links.person(item)}
        for _name, items in work.groups
        for item in items
    ]
    return Section(
        title=_("Mijn termijnen"),
        template="deadlines/panel_home.html",
        context={"worklist": work, "rows": rows},
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
