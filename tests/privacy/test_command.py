"""``koers retention``: the dry-run listing (no names, nothing changed) and the real run."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from koers.core.scoping import Role
from koers.privacy.models import Anonymisation
from koers.privacy.terms import due_on
from tests.privacy.world import household_history


@pytest.fixture
def family(users, branch, other_branch, settings):
    settings.KOERS_RETENTION_YEARS = 15
    return household_history(branch, 1, year=2005, by=users[Role.TEAM_LEADER]) + (
        household_history(other_branch, 2, year=2006, by=users["other_team_leader"])
    )


def run(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_lists_who_is_due_by_id_and_location_without_names(family):
    listing = run("--dry-run")
    for client in family:
        assert client.person.external_id in listing
        assert not any(name in listing for name in client.names)
    assert "rijnmond" in listing and "waalstad" in listing
    assert "4 client(s) due; nothing changed" in listing
    assert not Anonymisation.objects.exists()


def test_the_dry_run_as_json_for_one_location_with_the_reason_dates(family):
    answer = json.loads(run("--dry-run", "--format", "json", "--location", "waalstad"))
    assert answer["years"] == 15
    assert {row["location"] for row in answer["due"]} == {"waalstad"}
    assert len(answer["due"]) == 2
    for row in answer["due"]:
        last = datetime.date.fromisoformat(row["last_involvement"])
        assert row["due_since"] == due_on(last).isoformat()


def test_the_dry_run_on_an_earlier_day_finds_nobody(family):
    assert "0 client(s) due" in run("--dry-run", "--on", "2015-01-01")


def test_the_real_run_anonymises_and_prints_counts(family):
    summary = json.loads(run("--format", "json"))
    assert summary["people"] == 4 and summary["batches"] == 1
    assert summary["people.dwelling"] == 2 and summary["change_log"] > 0
    assert Anonymisation.objects.count() == 4
    assert "0 client(s) anonymised" in run()


def test_a_real_run_cannot_pretend_another_day(family):
    with pytest.raises(CommandError):
        run("--on", (timezone.localdate() + datetime.timedelta(days=400)).isoformat())
    assert not Anonymisation.objects.exists()


def test_an_unknown_location_is_an_error(family):
    with pytest.raises(CommandError):
        run("--dry-run", "--location", "nergens")
