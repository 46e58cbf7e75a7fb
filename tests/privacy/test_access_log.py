"""The access log stays after anonymisation (append-only): it must hold references, not names."""

import pytest
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.factories import PersonFactory
from tests.searching import searched


@pytest.fixture
def person(branch):
    return PersonFactory(location=branch, given_name="Zerihunka", family_name="Tewoldebrhan")


def logged_text() -> str:
    return " ".join(
        f"{row.username} {row.what} {row.path} {row.on_behalf_of}"
        for row in AccessLogEntry.objects.all()
    )


def test_opening_the_file_and_the_rights_page_logs_no_name(client, users, person):
    client.force_login(users[Role.TEAM_LEADER])
    for name in ("people:file", "privacy:rights", "privacy:access_request_json"):
        assert client.get(reverse(name, kwargs={"person_uid": person.uid})).status_code == 200
    assert AccessLogEntry.objects.filter(person_id=person.pk).count() == 3
    assert "Zerihunka" not in logged_text() and "Tewoldebrhan" not in logged_text()


def test_a_search_hit_logs_no_name(client, users, person):
    client.force_login(users[Role.TEAM_LEADER])
    assert searched(client, reverse("people:search"), q="Tewoldebrhan").status_code == 200
    assert AccessLogEntry.objects.filter(person_id=person.pk, action="search").exists()
    assert "Tewoldebrhan" not in logged_text()
