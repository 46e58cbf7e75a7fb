"""The coaching section of a client's file: trajectories with plan, ZRM, referrals, budget."""

from django.utils.translation import gettext as _

from koers.coaching import selectors
from koers.core.access import user_reaches
from koers.core.panels import nav_link_if
from koers.core.scoping import Category


def person_panel(request, person) -> dict | None:
    if not user_reaches(request.user, Category.COACHING):
        return None
    trajectories = [
        {"trajectory": t, "plan": selectors.plan_of(t), "zrm": selectors.zrm_comparison(t)}
        for t in selectors.trajectories_of_person(request.user, person)
    ]
    return {
        "title": _("Begeleiding"),
        "template": "coaching/person_panel.html",
        "context": {
            "person": person,
            "trajectories": trajectories,
            "budget": selectors.budget_summary(request.user, person.household),
        },
        "order": 20,
    }


def nav_link(request) -> dict | None:
    return nav_link_if(
        request.user, Category.COACHING, _("Trajecten"), "coaching:trajectory_list", 40
    )
