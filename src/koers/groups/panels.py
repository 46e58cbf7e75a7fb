"""The client's groups on the client file, with how often they were there."""

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Category
from koers.groups.models import Attendance, Enrolment
from koers.groups.selectors import runs_groups


def _count(person, *, present_only: bool):
    rows = Attendance.objects.filter(person=person, session__group=OuterRef("group"))
    if present_only:
        rows = rows.filter(present=True)
    return Subquery(rows.order_by().values("person").annotate(n=Count("pk")).values("n")[:1])


def person_panel(request, person) -> Section | None:
    if not user_reaches(request.user, Category.COACHING):
        return None
    enrolments = (
        Enrolment.objects.for_user(request.user)
        .filter(person=person)
        .select_related("group")
        .annotate(
            recorded=_count(person, present_only=False),
            present=_count(person, present_only=True),
        )
        .order_by("-enrolled_on")
    )
    return Section(
        title=_("Groepen"),
        template="groups/person_panel.html",
        context={"person": person, "enrolments": enrolments},
        clients=[person],
        order=40,
    )


def nav_link(request) -> dict | None:
    return nav_link_if(request.user, Category.BRANCH, _("Groepen"), "groups:group_list", 60)


def my_groups_link(request) -> dict | None:
    """ "Mijn groepen" for whoever runs or teaches a group."""
    if not user_reaches(request.user, Category.BRANCH) or not runs_groups(request.user):
        return None
    return {"label": _("Mijn groepen"), "url": reverse("groups:my_groups"), "order": 59}
