"""The accounts app's link in the main menu: user management for those who manage users
(every user's own account page is their name in the header, base.html)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.accounts.selectors import may_manage_users

USERS_LINK_ORDER = 90


def users_link(request) -> dict | None:
    if not may_manage_users(request.user):
        return None
    return {
        "label": _("Gebruikers"),
        "url": reverse("accounts:user_list"),
        "order": USERS_LINK_ORDER,
    }
