"""The accounts app's link in the main menu: every logged-in user's own account page."""

from django.urls import reverse
from django.utils.translation import gettext as _

ACCOUNT_LINK_ORDER = 990  # last: after every app's work


def nav_link(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {
        "label": _("Mijn account"),
        "url": reverse("accounts:account"),
        "order": ACCOUNT_LINK_ORDER,
    }
