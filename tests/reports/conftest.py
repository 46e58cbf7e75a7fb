"""A small branch year for the report pages: seven people housed in March 2017, two of them
children, against a quota; three housed at the other branch of the region."""

import datetime
import re

import pytest

from koers.people.models import Person
from tests.factories import ContactFactory, PersonFactory, PlacementFactory, QuotaPeriodFactory

MARCH = datetime.date(2017, 3, 1)


@pytest.fixture
def world(branch, other_branch):
    QuotaPeriodFactory(location=branch, quota=10, backlog_in=2)
    for number in range(7):
        child = number < 2
        person = PersonFactory(
            location=branch,
            v_number=f"31{number:08d}",
            birth_date=datetime.date(2012 if child else 1985, 4, 10 + number),
            sex="F" if number % 2 else "M",
        )
        PlacementFactory(person=person, housed_on=MARCH + datetime.timedelta(days=number))
    for number in range(3):
        PlacementFactory(person=PersonFactory(location=other_branch, v_number=f"42{number:08d}"))
    ContactFactory(location=branch, date=MARCH, topic_codes=["housing", "finance"])
    return {"branch": branch, "other_branch": other_branch}


@pytest.fixture
def personal_data(world) -> set[str]:
    """What must never appear on an aggregate page: names, V-numbers, birth dates."""
    found = set()
    for person in Person.objects.all():
        found |= {person.given_name, person.family_name, person.v_number}
        found |= {person.birth_date.isoformat(), f"{person.birth_date:%d-%m-%Y}"}
    return found


FIGURE_ROW = re.compile(
    r'<tr data-key="([^"]+)"><th scope="row">[^<]*</th><td class="num value"[^>]*>([^<]*)</td>'
)


# a figure of a breakdown shown side by side in the appendix (``content.Pivot``)
FIGURE_CELL = re.compile(r'<td class="num value" data-key="([^"]+)"[^>]*><span class="v">([^<]*)<')


def figures_in_html(html: str) -> dict[str, str]:
    """``{key: shown value}`` of every figure of a report page's appendix: a row of its own,
    or a cell of a breakdown side by side."""
    return dict(FIGURE_ROW.findall(html)) | dict(FIGURE_CELL.findall(html))


def publish(client, location, year: int, *, seen: int = 0):
    """Publishing as the preview's "Publiceren" does: confirmed, having seen edition ``seen``
    as the latest (0: none)."""
    from django.urls import reverse

    return client.post(
        reverse("reports:publish", args=[location.uid, year]),
        {"bevestigd": "ja", "laatste_editie": str(seen)},
    )
