"""Factories for the matching records added for the matching flow (synthetic data only)."""

import factory
from factory.django import DjangoModelFactory

from koers.matching.models import VolunteerProfile
from tests.factories import StaffMemberFactory, UserFactory


class VolunteerProfileFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    staff = factory.SubFactory(StaffMemberFactory)
    max_pairs = 1
    postcode_area = "3011"


def language_coach(location, name: str, **fields):
    """A language coach who may take a pair (``matching.selectors.eligible_volunteers``):
    the role and cleared (agreement, VOG, introduction); with a login to read the file."""
    return StaffMemberFactory(
        location=location,
        family_name=name,
        user=UserFactory(username=f"taalcoach.{name.lower()}"),
        role_codes=["language_coach"],
        cleared=True,
        **fields,
    )
