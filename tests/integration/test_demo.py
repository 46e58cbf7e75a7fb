"""The demo region is true to today: plans in every stage for clients obliged from 2022, a
pipeline with linked and waiting people, and no 2013-law term for anyone housed since."""

import datetime

import pytest
from django.db.models import Min, Q

from koers.core.actors import CLI
from koers.deadlines.selectors import open_items
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.queries import housing_date, linking_waiting_on
from koers.integration.rules import WI2021_START
from koers.people.models import Person
from tests.demo.conftest import TODAY, demo  # noqa: F401  (the module's demo region)

pytestmark = pytest.mark.usefixtures("demo", "db")


def test_plans_in_every_stage_and_route():
    plans = IntegrationPlan.objects
    assert not plans.filter(obligation_on__lt=WI2021_START).exists()
    stages = {
        "intake only": plans.filter(intake_completed_on__isnull=True, pip_on__isnull=True),
        "waiting for the PIP": plans.filter(
            intake_completed_on__isnull=False, pip_on__isnull=True, exempted_on__isnull=True
        ),
        "running": plans.filter(
            pip_on__isnull=False, completed_on__isnull=True, exempted_on__isnull=True
        ),
        "switched": plans.filter(route_switched_on__isnull=False),
        "MAP": plans.filter(map_completed_on__isnull=False),
        "unburdened now": plans.filter(unburdening_from__lte=TODAY, unburdening_until__gte=TODAY),
        "extended": plans.filter(term_extension_months__gt=0),
        "completed": plans.filter(completed_on__isnull=False),
        "exempted": plans.filter(exempted_on__isnull=False),
    }
    assert {name: found.exists() for name, found in stages.items()} == dict.fromkeys(stages, True)
    assert set(plans.values_list("route", flat=True)) >= {"b1", "education", "z"}
    for plan in plans.all():
        plan.full_clean()  # every rule of integration-2021.md


def test_the_pipeline_has_housed_waiting_and_cancelled_linkings():
    linkings = Linking.objects.annotate(housed=housing_date())
    assert linkings.filter(housed__isnull=False).exists()
    waiting = linkings.filter(linking_waiting_on(TODAY, housing_date()))
    assert waiting.exists()
    assert waiting.filter(linked_on__lt=TODAY - datetime.timedelta(days=70)).exists()
    assert linkings.filter(cancelled_on__isnull=False).exclude(cancel_reason="").exists()
    assert not Linking.objects.filter(Q(linked_on__gt=TODAY) | Q(cancelled_on__gt=TODAY)).exists()


def test_nobody_housed_from_2024_gets_a_2013_law_term():
    items = open_items(on=TODAY, user=CLI)
    old_law = {
        item.person_pk for item in items if item.rule in {"pvt_signature", "civic_integration_term"}
    }
    housed_since = set(
        Person.objects.annotate(
            first=Min("placements__housed_on", filter=Q(placements__counts_for_quota=True))
        )
        .filter(first__gte=datetime.date(TODAY.year - 2, 1, 1))
        .values_list("pk", flat=True)
    )
    assert not old_law & housed_since
    rules = {item.rule for item in items}
    assert {"housing_after_linking", "pip_decision", "civic_integration_term_2021"} <= rules
