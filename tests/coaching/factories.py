"""Factories for the coaching records added for daily work (synthetic data only)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from koers.coaching.models import (
    BudgetLine,
    Referral,
    SelfRelianceMeasurement,
    Signal,
    TrajectoryEvaluation,
    TrajectoryPlan,
)
from tests.factories import HouseholdFactory, LocationFactory, PersonFactory, TrajectoryFactory


class TrajectoryPlanFactory(DjangoModelFactory):
    class Meta:
        model = TrajectoryPlan

    trajectory = factory.SubFactory(TrajectoryFactory)
    goals = "Zelfstandig de post afhandelen"
    actions = "Samen DigiD aanvragen"
    agreed_on = datetime.date(2017, 3, 15)


class TrajectoryEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = TrajectoryEvaluation

    trajectory = factory.SubFactory(TrajectoryFactory)
    held_on = datetime.date(2017, 6, 1)
    notes = "Gaat goed"


class SelfRelianceMeasurementFactory(DjangoModelFactory):
    class Meta:
        model = SelfRelianceMeasurement

    trajectory = factory.SubFactory(TrajectoryFactory)
    moment = "intake"
    measured_on = datetime.date(2017, 3, 2)


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    trajectory = factory.SubFactory(TrajectoryFactory, person=factory.SelfAttribute("..person"))
    partner = "food_bank"
    referred_on = datetime.date(2017, 4, 1)
    reason = "Tijdelijk geen inkomen"


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    household = factory.SubFactory(HouseholdFactory)
    kind = "income"
    description = "Participatiewet"
    amount = Decimal("1200.00")


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal

    location = factory.SubFactory(LocationFactory)
    topic = "housing"
    description = "Wachttijd voor een huurtoeslagbeschikking is lang"
    noticed_on = datetime.date(2017, 5, 1)
