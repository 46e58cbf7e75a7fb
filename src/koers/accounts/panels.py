"""The accounts app's links in the main menu: user management for those who manage users,
and every logged-in user's own account page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.accounts.selectors import may_manage_users

USERS_LINK_ORDER = 90
ACCOUNT_LINK_ORDER = 990  # last: after every app's work


def users_link(request) -> dict | None:
    if not may_manage_users(request.user):
        return None
    return {
        "label": _("Gebruikers"),
        "url": reverse("accounts:user_list"),
        "order": USERS_LINK_ORDER,
    }


def nav_link(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {
        "label": _("Mijn account"),
        "url": reverse("accounts:account"),
        "order": ACCOUNT_LINK_ORDER,
    }
