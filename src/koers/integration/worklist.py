"""The 2021 law's terms in the deadline worklist (integration-2021.md): the records each
rule follows, and what closes its item in place.

Integration stands on deadlines (a plan's terms are the branch's deadline rules), so it
adds its rules to the worklist from ``IntegrationConfig.ready()`` instead of deadlines
importing it.
"""

import datetime

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from koers.deadlines.closing import Closer, register_closers
from koers.deadlines.selectors import RuleQuery, register_rule_queries
from koers.integration.forms import PipClosingForm, PlanEndForm
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.queries import linking_waiting_on


def housing_after_linking(on: datetime.date) -> QuerySet:
    """Linkings waiting on ``on``: not housed (in the municipality) and not cancelled."""
    return Linking.objects.annotate(anchor_on=F("linked_on")).filter(linking_waiting_on(on))


def _not_ended(on: datetime.date) -> Q:
    return (Q(completed_on__isnull=True) | Q(completed_on__gt=on)) & (
        Q(exempted_on__isnull=True) | Q(exempted_on__gt=on)
    )


def pip_decision(on: datetime.date) -> QuerySet:
    return (
        IntegrationPlan.objects.annotate(anchor_on=F("obligation_on"))
        .filter(anchor_on__lte=on)
        .filter(Q(pip_on__isnull=True) | Q(pip_on__gt=on))
        .filter(_not_ended(on))
    )


def civic_integration_term_2021(on: datetime.date) -> QuerySet:
    return (
        IntegrationPlan.objects.annotate(anchor_on=F("pip_on"))
        .filter(anchor_on__lte=on)
        .filter(_not_ended(on))
    )


def register() -> None:
    register_rule_queries(
        {
            "housing_after_linking": RuleQuery(
                "linking", "person__", housing_after_linking, location="location"
            ),
            "pip_decision": RuleQuery("integration_plan", "person__", pip_decision),
            "civic_integration_term_2021": RuleQuery(
                "integration_plan",
                "person__",
                civic_integration_term_2021,
                extra_months="term_extension_months",
            ),
        }
    )
    register_closers(
        {
            "pip_decision": Closer(
                PipClosingForm,
                "integration:close_pip",
                "integrationplan_uid",
                _("PIP vastgesteld"),
                True,
            ),
            "civic_integration_term_2021": Closer(
                PlanEndForm,
                "integration:close_plan_end",
                "integrationplan_uid",
                _("Vastleggen"),
                True,
            ),
        }
    )
