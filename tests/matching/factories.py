"""Factories for the matching records added for the matching flow (synthetic data only)."""

import factory
from factory.django import DjangoModelFactory

from koers.matching.models import VolunteerProfile
from tests.factories import StaffMemberFactory


class VolunteerProfileFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    staff = factory.SubFactory(StaffMemberFactory)
    max_pairs = 1
    postcode_area = "3011"
