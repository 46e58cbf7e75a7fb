"""The plan and the linking on the client file, the pipeline on a team leader's start page,
and the menu entry of the pipeline."""

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Capability, Category, may
from koers.integration import selectors
from koers.integration.models import IntegrationPlan
from koers.people.models import Person
from koers.people.selectors import locations_to_register

OLDEST_SHOWN = 5


def person_panel(request, person) -> Section | None:
    """The plan at a glance (route, term end, what next) and the person's linkings."""
    user = request.user
    if not user_reaches(user, Category.COACHING):
        return None
    today = timezone.localdate()
    plan = selectors.plan_of(user, person)
    linkings = [
        {
            "linking": linking,
            "status": selectors.linking_status(linking, today),
            "weeks": selectors.weeks_waiting(linking, today),
            "over": selectors.is_over_ten_weeks(linking, today),
        }
        for linking in selectors.linkings_of_person(user, person)
    ]
    if plan is not None:
        may_write = IntegrationPlan.objects.for_user(user, write=True).filter(pk=plan.pk).exists()
    else:
        may_write = Person.objects.for_user(user, write=True).filter(pk=person.pk).exists()
    return Section(
        title=_("Inburgering en koppeling COA"),
        template="integration/person_panel.html",
        context={
            "person": person,
            "status": selectors.plan_status(plan, on=today) if plan else None,
            "linkings": linkings,
            "may_write": may_write,
            "may_link": locations_to_register(user, Category.COACHING)
            .filter(pk=person.location_id)
            .exists(),
        },
        clients=[person],
        order=25,
    )


def home_panel(request) -> Section | None:
    """Who waits for housing: for team leaders (and their regional manager)."""
    user = request.user
    if not may(user, Capability.PIPELINE):
        return None
    today = timezone.localdate()
    counts = selectors.pipeline_counts(user, on=today)
    if not counts.waiting and not locations_to_register(user, Category.COACHING).exists():
        return None
    oldest = list(selectors.pipeline(user, on=today)[:OLDEST_SHOWN])
    return Section(
        title=_("Gekoppeld, wacht op huisvesting"),
        template="integration/home_panel.html",
        context={
            "counts": counts,
            "oldest": oldest,
            "may_register": locations_to_register(user, Category.COACHING).exists(),
        },
        clients=[linking.person for linking in oldest],
        what=_("gekoppeld"),
        order=15,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(request.user, Category.COACHING, _("Gekoppeld"), "integration:pipeline", 35)
