"""User management: administrators, team leaders, regional managers (login: ``login_views``).

Who gives, ends and changes what is the role table's (``core.scoping.GRANTS``; see
``accounts.selectors``). A refused form answers 422 with the reason next to the field; a
refused action without a form (ending a role, switching a user off) is a 404, like
everything that is not the user's to change. Nothing is written either way.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from koers.accounts import selectors, two_factor
from koers.accounts.forms import MembershipForm, UserCreateForm, UserFilter
from koers.accounts.invitation_views import issued_show
from koers.accounts.services import (
    invitation_issue,
    membership_end,
    membership_start,
    user_create,
    user_deactivate,
)
from koers.core.access import ANY, view_scope
from koers.core.editing import form_status
from koers.core.listing import Column, Listing, list_response
from koers.core.panels import log_sections, user_sections
from koers.core.scoping import Capability, may, may_change_user


def manager_only(request) -> None:
    if not may(request.user, Capability.MANAGE_USERS):
        raise Http404


def managed_user(request, user_id: int):
    return get_object_or_404(selectors.manageable_users(request.user), pk=user_id)


def membership_form(request, data=None, form_class=MembershipForm, grantee=None):
    return form_class(
        data,
        roles=selectors.manageable_roles(request.user),
        locations=selectors.manageable_locations(request.user),
        actor=request.user,
        grantee=grantee,
    )


def roles_text(user) -> str:
    """The user's current roles and where, as the list shows them."""
    return ", ".join(
        f"{m.get_role_display()} ({m.location or m.region or _('alle locaties')})"
        for m in user.current_memberships
    )


USERS = Listing(
    name="gebruikers",
    columns=(
        Column(
            "naam",
            _l("naam"),
            ("last_name", "first_name", "username"),
            lambda u: u.get_full_name() or u.username,
        ),
        Column("gebruikersnaam", _l("gebruikersnaam"), ("username",), lambda u: u.username),
        Column("rollen", _l("huidige rollen"), (), roles_text),
        Column(
            "status",
            _l("status"),
            ("is_active",),
            lambda u: _("actief") if u.is_active else _("uitgeschakeld"),
        ),
        Column(
            "ingelogd",
            _l("laatst ingelogd"),
            ("last_login",),
            lambda u: (
                timezone.localtime(u.last_login).replace(tzinfo=None) if u.last_login else None
            ),
        ),
        Column(
            "aangemaakt",
            _l("aangemaakt op"),
            ("date_joined",),
            lambda u: timezone.localdate(u.date_joined),
        ),
    ),
    default_sort="naam",
    filters=UserFilter,
    period=("date_joined__date", _l("aangemaakt")),
    export_route="accounts:user_list_export",
)


@view_scope(ANY)
@require_GET
def user_list(request, fmt=None):
    """The users the manager sees, sorted, filtered (role, branch, active), paged and
    exported; an export of these staff data is written to the access log (no client)."""
    manager_only(request)
    shown = USERS.show(
        request,
        lambda **values: selectors.user_list(request.user, **values),
        fmt=fmt,
        form_kwargs={"locations": selectors.user_list_locations(request.user)},
    )
    return list_response(
        request, shown, template="accounts/user_list.html", what=_("gebruikerslijst")
    )


@view_scope(ANY)
def user_new(request):
    manager_only(request)
    form = membership_form(request, request.POST or None, UserCreateForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = user_create(
                    username=data["username"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    by=request.user,
                )
                membership_start(
                    user=user,
                    role=data["role"],
                    location=data["location"],
                    region=data["region"],
                    started_on=data["started_on"],
                    by=request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Gebruiker %(name)s is aangemaakt.") % {"name": user})
            issued = invitation_issue(user=user, by=request.user)
            issued_show(request, issued, mail=request.POST.get("deliver") == "mail")
            return redirect("accounts:invitation_issued")
    return render(request, "accounts/user_form.html", {"form": form}, status=form_status(request))


@view_scope(ANY)
def user_detail(request, user_id: int):
    """A user's roles (past and present), their staff record, and the actions on them."""
    manager_only(request)
    user = managed_user(request, user_id)
    memberships = user.memberships.select_related("location").order_by("-started_on")
    manageable = set(
        selectors.manageable_memberships(request.user)
        .filter(user=user)
        .values_list("pk", flat=True)
    )
    changeable = may_change_user(request.user, user.pk)
    membership_data = request.POST if request.POST.get("action") == "membership" else None
    form = membership_form(request, membership_data, grantee=user)
    if membership_data is not None and form.is_valid():
        data = form.cleaned_data
        membership_start(
            user=user,
            role=data["role"],
            location=data["location"],
            region=data["region"],
            started_on=data["started_on"],
            by=request.user,
        )
        messages.success(request, _("De rol is toegekend."))
        return redirect("accounts:user_detail", user_id=user.pk)
    sections = user_sections(request, user)
    log_sections(request, sections)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "own": user == request.user,
            "changeable": changeable,
            "memberships": memberships,
            "manageable": manageable,
            "form": form,
            "panels": sections,
            "two_factor_set": two_factor.has_confirmed_device(user),
            "two_factor_resettable": selectors.two_factor_resettable_users(request.user)
            .filter(pk=user.pk)
            .exists(),
        },
        status=form_status(request),
    )


@require_POST
@view_scope(ANY)
def user_deactivate_view(request, user_id: int):
    manager_only(request)
    user = managed_user(request, user_id)
    if user == request.user:
        messages.error(request, _("U kunt uzelf niet uitschakelen."))
    elif not may_change_user(request.user, user.pk):
        raise Http404
    else:
        user_deactivate(user=user, by=request.user)
        messages.success(request, _("%(name)s kan niet meer inloggen.") % {"name": user})
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
@view_scope(ANY)
def membership_end_view(request, membership_id: int):
    manager_only(request)
    membership = get_object_or_404(
        selectors.manageable_memberships(request.user).select_related("user"), pk=membership_id
    )
    membership_end(membership=membership, by=request.user)
    messages.success(request, _("De rol is beëindigd."))
    return redirect("accounts:user_detail", user_id=membership.user_id)
