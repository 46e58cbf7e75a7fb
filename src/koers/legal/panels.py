"""Legal dossiers on the client file: only for roles whose reach includes legal data."""

from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import nav_link_if
from koers.core.scoping import Category
from koers.legal import selectors


def person_panel(request, person) -> dict | None:
    if not user_reaches(request.user, Category.LEGAL):
        return None
    dossiers = [
        (dossier, selectors.step_plan(dossier))
        for dossier in selectors.dossiers_of_person(request.user, person)
    ]
    return {
        "title": _("Juridisch"),
        "template": "legal/person_panel.html",
        "context": {"person": person, "dossiers": dossiers},
        "order": 50,
    }


def nav_link(request) -> dict | None:
    return nav_link_if(request.user, Category.LEGAL, _("Dossiers"), "legal:dossier_list", 35)
