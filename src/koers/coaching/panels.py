"""The coaching section of a client's file (trajectories with plan, ZRM, referrals, budget);
on a team leader's start page the clients whose trajectory has no coach."""

from django.utils.translation import gettext as _

from koers.coaching import selectors
from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Category, Role, role_location_ids

WITHOUT_COACH_SHOWN = 50


def person_panel(request, person) -> Section | None:
    if not user_reaches(request.user, Category.COACHING):
        return None
    trajectories = [
        {"trajectory": t, "plan": selectors.plan_of(t), "zrm": selectors.zrm_comparison(t)}
        for t in selectors.trajectories_of_person(request.user, person)
    ]
    return Section(
        title=_("Begeleiding"),
        template="coaching/person_panel.html",
        context={
            "person": person,
            "trajectories": trajectories,
            "budget": selectors.budget_summary(request.user, person.household),
        },
        clients=[person],
        order=20,
    )


def without_coach(request) -> Section | None:
    """For a team leader: clients of their branches with a running trajectory but no coach."""
    led = role_location_ids(request.user, Role.TEAM_LEADER)
    if not led:
        return None
    people = list(
        selectors.clients_without_coach(request.user, locations=led)[:WITHOUT_COACH_SHOWN]
    )
    return Section(
        title=_("Cliënten zonder coach"),
        template="coaching/_without_coach.html",
        context={"without_coach": people},
        clients=people,
        order=4,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(
        request.user, Category.COACHING, _("Trajecten"), "coaching:trajectory_list", 40
    )
