"""The API's section of the account page: the user's tokens."""

from django.utils.translation import gettext as _

from koers.api.selectors import tokens_of


def account_panel(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    active = [token for token in tokens_of(request.user) if token.status == "active"]
    return {
        "title": _("API-sleutels"),
        "template": "api/_account_panel.html",
        "context": {"active": len(active)},
        "order": 50,
    }
