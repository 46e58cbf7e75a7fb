"""The start page: a volunteer's own access to client files, for a team leader who lacks it;
in user management, which staff record a login acts as."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.accounts.models import Membership
from koers.core.actors import Actor
from koers.core.panels import Section
from koers.core.scoping import CLEARANCE_ROLES, Capability, may
from koers.staff import selectors
from koers.staff.views import link_form


def _team_without_access(user: Actor) -> int:
    """Staff of the user's branches whose Koers role there needs clearance they lack."""
    if not may(user, Capability.MANAGE_STAFF):
        return 0
    needing = Membership.objects.current().filter(
        user=OuterRef("user"), location=OuterRef("location"), role__in=CLEARANCE_ROLES
    )
    return selectors.staff_list(user, access="no").filter(Exists(needing)).count()


def home_panel(request) -> Section | None:
    user = request.user
    own = selectors.own_client_access(user)
    without_access = _team_without_access(user)
    if not own and not without_access:
        return None
    return Section(
        title=_("Uw toegang") if own else _("Team"),
        template="staff/home_panel.html",
        context={"access": own, "unclear": without_access},
        clients=(),
        order=6,
    )


def nav_link(request) -> dict | None:
    """The team list, for those who lead a team or a region."""
    user = request.user
    if not may(user, Capability.TEAM_LIST):
        return None
    return {"label": _("Team"), "url": reverse("staff:list"), "order": 80}


def user_link(request, managed) -> Section:
    """On a user's page in user management: the staff record the login acts as, and the
    form to change it where the manager may (not their own login, and a record to offer)."""
    form = link_form(request, managed)
    return Section(
        title=_("Medewerkersrecord"),
        template="staff/_user_link.html",
        context={
            "managed": managed,
            "linked": selectors.staff_record_of_user(managed),
            "link_form": form,
            "may_link": form.changeable and form.fields["staff_member"].queryset.exists(),
        },
        clients=(),
        order=10,
    )
