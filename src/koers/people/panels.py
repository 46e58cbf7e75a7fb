"""The people app's links in the main menu: client search, and registering a household."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.panels import nav_link_if
from koers.core.scoping import Category
from koers.people.selectors import locations_to_register


def search_link(request) -> dict | None:
    return nav_link_if(request.user, Category.PERSON, _("Cliënten"), "people:list", 10)


def register_link(request) -> dict | None:
    if not locations_to_register(request.user).exists():
        return None
    return {"label": _("Nieuw huishouden"), "url": reverse("people:household_create"), "order": 30}
