"""The API's section of the account page: the user's tokens."""

from django.utils.translation import gettext as _

from koers.api.selectors import tokens_of
from koers.core.panels import Section


def account_section(request) -> Section | None:
    if not request.user.is_authenticated:
        return None
    active = [token for token in tokens_of(request.user) if token.status == "active"]
    return Section(
        title=_("API-sleutels"),
        template="api/_account_panel.html",
        context={"active": len(active)},
        clients=(),
        order=50,
    )
