"""Pages of the API outside its JSON routes: the account's token page, and a JSON 404
for any address under ``/api/`` that names no route."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found

from koers.accounts import lockout, two_factor
from koers.accounts.login_flow import client_address
from koers.api.forms import TokenForm
from koers.api.selectors import tokens_of
from koers.api.services import token_create, token_revoke
from koers.core.access import ANY, view_scope


def not_found(request, exception=None):
    """The project's 404 handler: under ``/api/`` (any address, a newline in it too) JSON
    like every other answer of the API; elsewhere the Dutch page in the normal layout
    (templates/404.html)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "not_found", "detail": _("Niet gevonden."), "errors": []}, status=404
        )
    return page_not_found(request, exception)


NEW_TOKEN_KEY = "koers_api_new_token"  # noqa: S105  (a session key, not a secret)


@view_scope(ANY)
def tokens(request):
    """The user's API tokens: make one (after a fresh code from the app), see, revoke."""
    user = request.user
    form = TokenForm(request.POST or None)
    has_device = two_factor.has_confirmed_device(user)
    if request.method == "POST" and has_device and form.is_valid():
        address = client_address(request)
        if lockout.is_refused(user.get_username(), address):
            form.add_error("code", lockout.REFUSED_MESSAGE)
        elif not two_factor.totp_verify(user=user, code=form.cleaned_data["code"]):
            lockout.failure_record(user.get_username(), address)
            form.add_error("code", _("Deze code klopt niet of is al gebruikt."))
        else:
            try:
                made = token_create(
                    user=user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                    by=user,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                request.session[NEW_TOKEN_KEY] = {"uid": str(made.token.uid), "secret": made.secret}
                return redirect("api_tokens:list")
    new = request.session.pop(NEW_TOKEN_KEY, None)
    context = {
        "form": form,
        "has_device": has_device,
        "tokens": tokens_of(user),
        "new_secret": new["secret"] if new else None,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "api/tokens.html", context, status=status)


@require_POST
@view_scope(ANY)
def token_revoke_view(request, apitoken_uid):
    token = get_object_or_404(tokens_of(request.user), uid=apitoken_uid)
    token_revoke(token=token, by=request.user)
    messages.success(request, _("De sleutel '%(name)s' is ingetrokken.") % {"name": token.name})
    return redirect("api_tokens:list")
