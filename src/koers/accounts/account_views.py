"""The logged-in user's own account: 2FA status, recovery codes, password, sessions, logins;
and the 2FA reset a team leader or administrator does for a colleague."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.accounts import lockout, selectors, two_factor
from koers.accounts.forms import LanguageForm, TOTPCodeForm
from koers.accounts.invitation_views import issued_show
from koers.accounts.login_flow import RECOVERY_CODES_KEY, client_address, safe_next
from koers.accounts.models import TOTPDevice, User
from koers.accounts.services import (
    recovery_codes_regenerate,
    two_factor_reset,
    user_language_set,
    user_password_change,
    user_sessions_end,
)
from koers.core.access import ANY, view_scope
from koers.core.editing import form_status
from koers.core.panels import account_sections
from koers.core.scoping import Capability, may
from koers.core.searches import search_value

RECENT_LOGINS = 10


def _locked_out(request) -> bool:
    """Codes and passwords asked again inside the account count towards the same lockout."""
    return lockout.is_refused(request.user.get_username(), client_address(request))


def _failed(request) -> None:
    lockout.failure_record(request.user.get_username(), client_address(request))


@view_scope(ANY)
def account(request):
    """The user's own account page; its form makes a new set of recovery codes."""
    user = request.user
    form = TOTPCodeForm(request.POST or None, auto_id="regenerate_%s")
    form.fields["code"].widget.attrs.pop("autofocus")  # a page to read first, not a login step
    if request.method == "POST" and form.is_valid():
        if _locked_out(request):
            form.add_error("code", lockout.REFUSED_MESSAGE)
        elif two_factor.totp_verify(user=user, code=form.cleaned_data["code"]):
            request.session[RECOVERY_CODES_KEY] = recovery_codes_regenerate(user=user, by=user)
            return redirect("accounts:recovery_codes")
        else:
            _failed(request)
            form.add_error("code", _("Deze code klopt niet of is al gebruikt."))
    return _account_page(request, form, LanguageForm(initial={"language": get_language()}))


def _account_page(request, form, language_form, status=200):
    user = request.user
    context = {
        "form": form,
        "language_form": language_form,
        "devices": user.totp_devices.filter(confirmed_at__isnull=False).order_by("confirmed_at"),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "logins": user.login_events.order_by("-at")[:RECENT_LOGINS],
        "may_reset_two_factor": may(user, Capability.RESET_TWO_FACTOR),
        "panels": account_sections(request),
    }
    return render(request, "accounts/account.html", context, status=status)


@require_POST
@view_scope(ANY)
def language(request):
    """Save the language the user reads Koers in; the cookie keeps it for the login page too."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        codes = TOTPCodeForm(auto_id="regenerate_%s")
        codes.fields["code"].widget.attrs.pop("autofocus")
        return _account_page(request, codes, form, status=form_status(request))
    chosen = form.cleaned_data["language"]
    user_language_set(user=request.user, language=chosen, by=request.user)
    with translation.override(chosen):
        messages.success(request, _("Uw taalkeuze is opgeslagen."))
    response = redirect("accounts:account")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@view_scope(ANY)
def recovery_codes(request):
    """New recovery codes, shown this once: they are stored only as hashes."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        messages.info(
            request, _("Herstelcodes worden maar één keer getoond. Maak zo nodig een nieuwe set.")
        )
        return redirect("accounts:account")
    next_url = safe_next(request, request.GET.get("next"))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": next_url, "as_text": "\r\n".join(codes)},
    )


@view_scope(ANY)
def password_change(request):
    """Change one's own password: this session stays, every other session ends."""
    form = PasswordChangeForm(request.user, request.POST or None)
    refused = request.method == "POST" and _locked_out(request)
    if request.method == "POST" and not refused:
        if form.is_valid():
            user = user_password_change(
                user=request.user, password=form.cleaned_data["new_password1"], by=request.user
            )
            update_session_auth_hash(request, user)
            messages.success(
                request, _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.")
            )
            return redirect("accounts:account")
        if "old_password" in form.errors:
            _failed(request)
    if refused:
        form = PasswordChangeForm(request.user)
    context = {"form": form, "refused": refused, "refused_message": lockout.REFUSED_MESSAGE}
    return render(request, "accounts/password_change.html", context, status=form_status(request))


@require_POST
@view_scope(ANY)
def sessions_end(request):
    """Log out everywhere, this browser included."""
    user_sessions_end(user=request.user, by=request.user)
    logout(request)
    messages.success(request, _("U bent overal uitgelogd."))
    return redirect("accounts:login")


@view_scope(ANY)
@require_GET
def two_factor_users(request):
    """The colleagues whose 2FA this user may reset, with whether they have set it up."""
    if not may(request.user, Capability.RESET_TWO_FACTOR):
        raise Http404
    text = search_value(request, "q")
    users = selectors.two_factor_resettable_users(request.user).filter(is_active=True)
    if text:
        users = users.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    users = users.annotate(
        has_two_factor=Exists(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
        )
    ).order_by("last_name", "username")
    return render(request, "accounts/two_factor_users.html", {"users": users[:300], "q": text})


@require_POST
@view_scope(ANY)
def two_factor_reset_view(request, user_id: int):
    target: User = get_object_or_404(
        selectors.two_factor_resettable_users(request.user), pk=user_id
    )
    issued = two_factor_reset(user=target, by=request.user)
    messages.success(
        request,
        _(
            "De tweestapsverificatie van %(name)s is hersteld: met de uitnodiging stelt "
            "%(name)s een nieuwe app in."
        )
        % {"name": target.get_full_name() or target.username},
    )
    issued_show(request, issued, mail=request.POST.get("deliver") == "mail")
    return redirect("accounts:invitation_issued")
