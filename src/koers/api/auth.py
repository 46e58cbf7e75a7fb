"""Who calls: ``Authorization: Bearer <token>``, the token's person, counted per token.

The request then *is* that person: ``request.user`` is the token's user, so every
selector's ``for_user`` and every capability check answers as in the browser.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from koers.api.errors import ApiProblem
from koers.api.models import ApiToken
from koers.api.services import rate_count, token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token.strip())
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        check = rate_count(token=found)
        request.api_rate = check  # type: ignore[attr-defined]
        if not check.allowed:
            raise ApiProblem(
                429,
                "rate_limited",
                _("Te veel aanvragen met deze sleutel: probeer het over %(seconds)s seconden.")
                % {"seconds": check.retry_after},
                headers={"Retry-After": str(check.retry_after)},
            )
        return found


def on_behalf_of(request: HttpRequest) -> str:
    """How the access log names the route a read took: the API and the token's name."""
    token = getattr(request, "api_token", None)
    return f"API-sleutel {token.name}"[:200] if token else "API"
