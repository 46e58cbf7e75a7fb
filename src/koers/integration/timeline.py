"""The 2021 law on the client's timeline: linkings to the municipality and the steps of the
civic-integration plan."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry
from koers.integration.models import IntegrationPlan, Linking

# the plan's days, in the order of the law's steps, as the timeline names them
PLAN_STEPS = (
    ("obligation_on", gettext_lazy("Inburgeringsplichtig geworden")),
    ("intake_started_on", gettext_lazy("Brede intake gestart")),
    ("intake_completed_on", gettext_lazy("Brede intake afgerond")),
    ("pip_on", gettext_lazy("PIP vastgesteld")),
    ("route_switched_on", gettext_lazy("Leerroute gewisseld")),
    ("map_completed_on", gettext_lazy("MAP afgerond")),
    ("unburdening_from", gettext_lazy("Ontzorgen gestart")),
    ("unburdening_until", gettext_lazy("Ontzorgen beëindigd")),
    ("completed_on", gettext_lazy("Inburgering afgerond")),
    ("exempted_on", gettext_lazy("Ontheffing of vrijstelling")),
)


def linkings(user: Viewer, person) -> list[TimelineEntry]:
    entries = []
    for linking in Linking.objects.for_user(user).filter(person=person).select_related("location"):
        url = reverse("integration:linking_detail", kwargs={"linking_uid": linking.uid})
        entries.append(
            TimelineEntry(
                on=linking.linked_on,
                title=_("Gekoppeld aan de gemeente door het COA"),
                detail=str(linking.location),
                url=url,
            )
        )
        if linking.cancelled_on:
            entries.append(
                TimelineEntry(
                    on=linking.cancelled_on,
                    title=_("Koppeling COA vervallen"),
                    detail=linking.get_cancel_reason_display(),
                    url=url,
                    rank=1,
                )
            )
    return entries


def plan_steps(user: Viewer, person) -> list[TimelineEntry]:
    entries = []
    for plan in IntegrationPlan.objects.for_user(user).filter(person=person):
        url = reverse(
            "integration:integrationplan_detail", kwargs={"integrationplan_uid": plan.uid}
        )
        for rank, (name, title) in enumerate(PLAN_STEPS):
            day = getattr(plan, name)
            if day is None:
                continue
            detail = ""
            if name == "pip_on" and plan.route:
                switched = plan.route_switched_on and plan.route_before
                detail = str(
                    plan.get_route_before_display() if switched else plan.get_route_display()
                )
            elif name == "route_switched_on" and plan.route:
                detail = _("van %(before)s naar %(after)s") % {
                    "before": plan.get_route_before_display() or "—",
                    "after": plan.get_route_display(),
                }
            entries.append(
                TimelineEntry(on=day, title=str(title), detail=detail, url=url, rank=rank)
            )
    return entries
