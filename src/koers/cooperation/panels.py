"""Cooperation in the main menu, for the users who reach the branch's own records."""

from django.utils.translation import gettext as _

from koers.core.panels import nav_link_if
from koers.core.scoping import Category


def nav_link(request) -> dict | None:
    return nav_link_if(
        request.user, Category.BRANCH, _("Samenwerking"), "cooperation:activity_list", 75
    )
