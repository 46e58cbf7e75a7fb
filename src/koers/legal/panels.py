"""Legal dossiers on the client file (for roles whose reach includes legal data), and a legal
volunteer's open dossiers on the start page."""

from django.db.models import Min, Q
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Category, Role, has_role
from koers.legal import selectors
from koers.legal.models import Dossier

OPEN_SHOWN = 50


def person_panel(request, person) -> Section | None:
    if not user_reaches(request.user, Category.LEGAL):
        return None
    dossiers = [
        (dossier, selectors.step_plan(dossier))
        for dossier in selectors.dossiers_of_person(request.user, person)
    ]
    return Section(
        title=_("Juridisch"),
        template="legal/person_panel.html",
        context={"person": person, "dossiers": dossiers},
        clients=[person],
        order=50,
    )


def open_dossiers(request) -> Section | None:
    """For a legal volunteer: the open dossiers, the one with the nearest step first."""
    if not has_role(request.user, Role.LEGAL):
        return None
    dossiers = list(
        Dossier.objects.for_user(request.user)
        .filter(closed_on__isnull=True)
        .select_related("person")
        .annotate(next_due_on=Min("steps__due_on", filter=Q(steps__done_on__isnull=True)))
        .order_by("next_due_on", "opened_on")[:OPEN_SHOWN]
    )
    return Section(
        title=_("Open dossiers"),
        template="legal/_open_dossiers.html",
        context={"dossiers": dossiers},
        clients=[dossier.person for dossier in dossiers],
        order=1,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(request.user, Category.LEGAL, _("Dossiers"), "legal:dossier_list", 35)
