"""Records that open one item of each rule, with their anchor and due date known by hand."""

import datetime

import pytest

from koers.core.actors import CLI
from koers.deadlines.selectors import open_items
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory

d = datetime.date


def item_keys(location, on, *, user=CLI, **kwargs):
    """(rule, record id, due_on, status) of the location's open items on ``on``, as the
    system sees them (every record) unless a ``user`` is given."""
    return [
        (item.rule, item.record_id, item.due_on, item.status)
        for item in open_items(on=on, locations=[location], user=user, **kwargs)
    ]


def months_before(day, months):
    """A day ``months`` months earlier, on the 28th at the latest (so it adds back exactly)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


HOUSED_ON = d(2017, 1, 31)
BORN = d(1990, 5, 17)


def housed_client(location, *, housed_on=HOUSED_ON, born=BORN, **fields):
    """A client obliged to integrate, housed (counted) on ``housed_on``."""
    person = PersonFactory(
        location=location, birth_date=born, civic_integration_required=True, **fields
    )
    PlacementFactory(person=person, housed_on=housed_on)
    return person


def coached_client(branch, coach, *, today, evaluation_due):
    """Amina Haddad, housed today and coached by ``coach`` (settling in, started 30 days
    ago), in a match with ``coach`` whose 3-month evaluation is due on ``evaluation_due``;
    (the client, the match)."""
    amina = housed_client(branch, housed_on=today, given_name="Amina", family_name="Haddad")
    TrajectoryFactory(person=amina, coach=coach, started_on=today - datetime.timedelta(30))
    match = MatchFactory(
        person=amina,
        staff=coach,
        requested_on=today - datetime.timedelta(200),
        started_on=months_before(evaluation_due, 3),
    )
    return amina, match


@pytest.fixture
def cases(branch):
    """One record per rule: rule -> (record, anchor, due)."""
    client = housed_client(branch, external_id="p-housed")
    sponsor = PersonFactory(
        location=branch, external_id="p-sponsor", permit_granted_on=d(2017, 1, 31)
    )
    reunification = DossierFactory(
        person=sponsor, external_id="d-fr", kind="family_reunification", opened_on=d(2017, 1, 10)
    )
    other = DossierFactory(
        person=sponsor, external_id="d-nat", kind="naturalisation", opened_on=d(2017, 2, 1)
    )
    step = DossierStepFactory(
        dossier=other, external_id="s-1", step="embassy_visit", due_on=d(2017, 2, 20)
    )
    settling = TrajectoryFactory(
        person=client, external_id="t-si", kind="settling_in", started_on=d(2017, 8, 31)
    )
    integration = TrajectoryFactory(
        person=client, external_id="t-int", kind="integration", started_on=d(2017, 1, 31)
    )
    match = MatchFactory(
        person=client, external_id="m-1", requested_on=d(2017, 11, 1), started_on=d(2017, 11, 30)
    )
    # integration-2021.md: a linking and a plan waiting for the PIP (10 weeks, 70 days), and
    # a plan whose PIP on 31 January 2022 runs 36 + 1 months: to the end of February 2025.
    linking = LinkingFactory(
        person=PersonFactory(location=branch, external_id="p-linked"),
        external_id="li-1",
        linked_on=d(2022, 1, 31),
    )
    waiting = IntegrationPlanFactory(
        person=PersonFactory(location=branch, external_id="p-obliged"),
        external_id="in-waiting",
        obligation_on=d(2022, 1, 31),
    )
    planned = IntegrationPlanFactory(
        person=PersonFactory(location=branch, external_id="p-pip"),
        external_id="in-pip",
        obligation_on=d(2022, 1, 31),
        pip_on=d(2022, 1, 31),
        route="b1",
        term_extension_months=1,
    )
    return {
        "housing_after_linking": (linking, d(2022, 1, 31), d(2022, 4, 11)),
        "pip_decision": (waiting, d(2022, 1, 31), d(2022, 4, 11)),
        "civic_integration_term_2021": (planned, d(2022, 1, 31), d(2025, 2, 28)),
        "pvt_signature": (client, d(2017, 1, 31), d(2018, 1, 31)),
        "civic_integration_term": (client, d(2017, 1, 31), d(2020, 1, 31)),
        "family_reunification_filing": (reunification, d(2017, 1, 31), d(2017, 4, 30)),
        "dossier_step": (step, d(2017, 2, 1), d(2017, 2, 20)),
        "settling_in_end": (settling, d(2017, 8, 31), d(2018, 2, 28)),
        "integration_end": (integration, d(2017, 1, 31), d(2018, 7, 31)),
        "match_evaluation_3m": (match, d(2017, 11, 30), d(2018, 2, 28)),
        "match_evaluation_6m": (match, d(2017, 11, 30), d(2018, 5, 30)),
    }
