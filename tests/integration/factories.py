"""Factories for linkings and civic-integration plans (synthetic data only)."""

import datetime

import factory

from koers.integration.models import IntegrationPlan, Linking
from tests.factories import PersonFactory, RecordFactory


class LinkingFactory(RecordFactory):
    class Meta:
        model = Linking

    person = factory.SubFactory(PersonFactory)
    location = factory.SelfAttribute("person.location")
    linked_on = datetime.date(2023, 3, 1)


class IntegrationPlanFactory(RecordFactory):
    class Meta:
        model = IntegrationPlan

    person = factory.SubFactory(PersonFactory)
    obligation_on = datetime.date(2023, 1, 10)
