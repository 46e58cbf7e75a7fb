"""The login: password, then a code from the authenticator app (or a recovery code).

A user without a confirmed app cannot set one up here: the password alone never leads
to the enrolment, which only an invitation opens (``invitation_views``). Failed
passwords and codes count towards the lockout of the (user name, address) pair.
"""

import segno
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.accounts import lockout, two_factor
from koers.accounts.forms import LoginForm, RecoveryCodeForm, TOTPCodeForm
from koers.accounts.login_flow import (
    client_address,
    login_complete,
    pending_clear,
    pending_start,
    pending_user,
    safe_next,
)
from koers.accounts.models import LoginEvent
from koers.core.access import PUBLIC, view_scope

ISSUER = "Koers"
FEW_RECOVERY_CODES = 3
WRONG_PASSWORD = gettext_lazy(
    "Gebruikersnaam en wachtwoord horen niet bij elkaar. Let op hoofdletters."
)


def _refused(request, next_url: str):
    """The lockout page: the same for every user name, existing or not."""
    context = {"form": LoginForm(), "next": next_url, "refused": True}
    return render(request, "accounts/login.html", context, status=429)


@view_scope(PUBLIC)
def login(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username, address = form.cleaned_data["username"], client_address(request)
        if lockout.is_refused(username, address):
            return _refused(request, next_url)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is not None:
            if not two_factor.has_confirmed_device(user):
                return render(request, "accounts/login_no_app.html", status=403)
            pending_start(request, user, next_url=next_url)
            return redirect("accounts:login_code")
        lockout.failure_record(username, address)
        if lockout.is_refused(username, address):
            return _refused(request, next_url)
        form.add_error(None, WRONG_PASSWORD)
    context = {"form": form, "next": next_url, "asked": "next" in request.GET}
    return render(request, "accounts/login.html", context)


def _restart(request):
    """No pending login (none, expired, or voided): back to the start, or on if logged in."""
    if request.user.is_authenticated:
        return redirect(safe_next(request, None))
    messages.info(request, _("Log opnieuw in: de tweede stap moet binnen 5 minuten."))
    return redirect("accounts:login")


def _second_step(request, *, form_class, check, method: str, after_login=None):
    """Step two with a code: log in when ``check`` accepts it, count a failure when not."""
    user = pending_user(request)
    if user is None:
        return _restart(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username, address = user.get_username(), client_address(request)
        if not lockout.is_refused(username, address):
            if check(user=user, code=form.cleaned_data["code"]):
                next_url = login_complete(request, user, method=method)
                if after_login is not None:
                    after_login(request)
                return redirect(next_url)
            lockout.failure_record(username, address)
        if lockout.is_refused(username, address):
            pending_clear(request)
            return _refused(request, safe_next(request, None))
        form.add_error("code", _("Deze code klopt niet of is al gebruikt."))
    recovery = method == LoginEvent.Method.RECOVERY
    return render(request, "accounts/login_code.html", {"form": form, "recovery": recovery})


@view_scope(PUBLIC)
def login_code(request):
    return _second_step(
        request,
        form_class=TOTPCodeForm,
        check=two_factor.totp_verify,
        method=LoginEvent.Method.TOTP,
    )


def _recovery_codes_left_warning(request) -> None:
    left = two_factor.recovery_codes_left(request.user)
    text = _("U heeft een herstelcode gebruikt; er zijn er nog %(left)d over.") % {"left": left}
    if left < FEW_RECOVERY_CODES:
        text += " " + _("Maak nieuwe herstelcodes aan op uw accountpagina.")
    messages.warning(request, text)


@view_scope(PUBLIC)
def login_recovery(request):
    return _second_step(
        request,
        form_class=RecoveryCodeForm,
        check=two_factor.recovery_code_use,
        method=LoginEvent.Method.RECOVERY,
        after_login=_recovery_codes_left_warning,
    )


def qr_code_svg(uri: str) -> str:
    """The QR code as inline SVG: path data from segno and our own fixed title, no user text."""
    qr = segno.make(uri, error="m")
    svg = qr.svg_inline(scale=5, title=_("QR-code voor uw authenticator-app"), svgclass="qr")
    return mark_safe(svg)  # noqa: S308 - segno escapes the title; the rest is path data


def grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


logout = view_scope(PUBLIC)(auth_views.LogoutView.as_view())
