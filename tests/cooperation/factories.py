"""Factories for the branch's partners and activities (synthetic organisations only)."""

import datetime

import factory

from koers.cooperation.models import Activity, Partner
from tests.factories import LocationFactory, RecordFactory


def link(activity: Activity, relation: str, records) -> None:
    """Link rows in the order given (``add()`` does not keep an order)."""
    field = Activity._meta.get_field(relation)
    through = field.remote_field.through
    through.objects.bulk_create(
        through(**{field.m2m_field_name(): activity, field.m2m_reverse_field_name(): record})
        for record in records
    )


class PartnerFactory(RecordFactory):
    class Meta:
        model = Partner

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Buurtnetwerk De Linde {n}")
    kind = "social_team"


class ActivityFactory(RecordFactory):
    """An activity; ``partners=[...]`` and ``staff=[...]`` set its links in that order."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2017, 5, 10)
    kind = "network_meeting"
    title = "Netwerkoverleg sociaal domein"

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            link(obj, "partners", extracted)

    @factory.post_generation
    def staff(obj, create, extracted, **kwargs):
        if create and extracted:
            link(obj, "staff", extracted)
