"""Enrolment by invitation: the only way to set up an authenticator app.

A team leader or administrator makes an invitation for a new colleague, or for one
whose two-step login they reset; Koers mails its link to the colleague's own address
or shows it once to hand over. Opening the link moves its code into the session and
sends on to an address without it (so the code never reaches another page's Referer
or the browser's history), where the colleague sets up the app, and for a new account
chooses a password, in one step. The password alone never leads here.
"""

import datetime

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts import lockout, selectors, totp, two_factor
from koers.accounts.forms import InvitationEnrolForm
from koers.accounts.login_flow import RECOVERY_CODES_KEY, client_address, login_complete
from koers.accounts.login_views import ISSUER, grouped, qr_code_svg
from koers.accounts.models import Invitation, LoginEvent
from koers.accounts.services import (
    InvitationClosed,
    IssuedInvitation,
    invitation_accept,
    invitation_by_code,
    invitation_deliver,
    invitation_issue,
)
from koers.core.access import ANY, PUBLIC, view_scope

INVITATION_KEY = "koers_invitation"
ISSUED_KEY = "koers_invitation_issued"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _closed(request):
    return render(request, "accounts/invitation_closed.html", status=410)


@view_scope(PUBLIC)
def invitation_open(request):
    """The link of the invitation: its code into the session, on to the enrolment page."""
    invitation = invitation_by_code(request.GET.get("code", ""))
    if invitation is None:
        return _closed(request)
    if request.user.is_authenticated:
        logout(request)  # someone else's session in this browser: theirs ends here
    request.session.cycle_key()
    request.session[INVITATION_KEY] = {"id": invitation.pk, "hash": invitation.code_hash}
    return redirect("accounts:invitation_enrol")


def _invitation_of_session(request) -> Invitation | None:
    held = request.session.get(INVITATION_KEY)
    if not held:
        return None
    invitation = Invitation.objects.select_related("user").filter(pk=held["id"]).first()
    if (
        invitation is None
        or invitation.code_hash != held["hash"]
        or not invitation.is_open()
        or not invitation.user.is_active
        or two_factor.has_confirmed_device(invitation.user)
    ):
        request.session.pop(INVITATION_KEY, None)
        return None
    return invitation


@view_scope(PUBLIC)
def invitation_enrol(request):
    """Set up the app (and choose a password for a new account) with the invitation held."""
    invitation = _invitation_of_session(request)
    if invitation is None:
        return _closed(request)
    user = invitation.user
    device = two_factor.device_for_enrolment(user=user)
    form = InvitationEnrolForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        username, address = user.get_username(), client_address(request)
        if lockout.is_refused(username, address):
            form.add_error(None, lockout.REFUSED_MESSAGE)
        elif not form.current_password_ok():
            lockout.failure_record(username, address)
            form.add_error("current_password", _("Dit wachtwoord klopt niet."))
        else:
            try:
                codes = invitation_accept(
                    invitation=invitation,
                    device=device,
                    code=form.cleaned_data["code"],
                    password=form.chosen_password(),
                )
            except InvitationClosed:
                request.session.pop(INVITATION_KEY, None)
                return _closed(request)
            except ValidationError as error:
                form.add_error("new_password1", error)
            else:
                if codes is None:
                    lockout.failure_record(username, address)
                    form.add_error(
                        "code", _("Deze code klopt niet. Controleer de tijd op uw telefoon.")
                    )
                else:
                    return _logged_in(request, user, codes)
    secret = bytes(device.secret)
    uri = totp.provisioning_uri(secret, account=user.get_username(), issuer=ISSUER)
    context = {
        "form": form,
        "qr_code": qr_code_svg(uri),
        "secret": grouped(totp.secret_text(secret)),
        "username": user.get_username(),
        "expires_at": invitation.expires_at,
    }
    return render(request, "accounts/invitation_enrol.html", context)


def _logged_in(request, user, codes: list[str]):
    request.session.pop(INVITATION_KEY, None)
    user.refresh_from_db()  # the chosen password: the session's hash is made from it
    user.backend = MODEL_BACKEND
    next_url = login_complete(request, user, method=LoginEvent.Method.ENROLMENT)
    request.session[RECOVERY_CODES_KEY] = codes
    return redirect(f"{reverse('accounts:recovery_codes')}?{urlencode({'next': next_url})}")


def base_url(request) -> str:
    return request.build_absolute_uri("/")


def issued_show(request, issued: IssuedInvitation, *, mail: bool) -> None:
    """Deliver a new invitation (mail, or keep to show once) and say so on the next page."""
    user = issued.invitation.user
    mailed = mail and bool(user.email)
    if mailed:
        invitation_deliver(issued, base_url=base_url(request))
    request.session[ISSUED_KEY] = {
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "link": "" if mailed else issued.link(base_url(request)),
        "mailed_to": user.email if mailed else "",
        "expires_at": issued.invitation.expires_at.timestamp(),
    }


@require_POST
@view_scope(ANY)
def invitation_new(request, user_id: int):
    """A new invitation for a colleague without an app: mailed, or shown to hand over."""
    target = get_object_or_404(
        selectors.two_factor_resettable_users(request.user).filter(is_active=True), pk=user_id
    )
    if two_factor.has_confirmed_device(target):
        messages.error(
            request,
            _("%(name)s heeft al een app ingesteld; herstel eerst de tweestapsverificatie.")
            % {"name": target.get_full_name() or target.username},
        )
        return redirect("accounts:two_factor_users")
    issued = invitation_issue(user=target, by=request.user)
    issued_show(request, issued, mail=request.POST.get("deliver") == "mail")
    return redirect("accounts:invitation_issued")


@view_scope(ANY)
def invitation_issued(request):
    """The invitation just made: where it was mailed, or its link, shown this once."""
    issued = request.session.pop(ISSUED_KEY, None)
    if not issued:
        messages.info(
            request,
            _("Een uitnodigingslink wordt maar één keer getoond. Maak zo nodig een nieuwe."),
        )
        return redirect("accounts:account")
    expires_at = datetime.datetime.fromtimestamp(issued["expires_at"], tz=datetime.UTC)
    return render(
        request, "accounts/invitation_issued.html", {"issued": issued, "expires_at": expires_at}
    )
