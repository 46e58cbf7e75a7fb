"""``koers deadlines``: the JSON and table output for a location, and the daily digest."""

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.deadlines.models import Digest
from tests.deadlines.conftest import housed_client
from tests.factories import MembershipFactory, TrajectoryFactory, UserFactory

d = datetime.date


def run(*args) -> str:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


def test_json_lists_the_open_items_with_the_specified_fields(branch, other_branch, cases):
    housed_client(other_branch)
    output = json.loads(run("--location", "rijnmond", "--on", "2017-02-20", "--format", "json"))
    assert output == [
        {
            "rule": "dossier_step",
            "person_id": "p-sponsor",
            "record_id": "s-1",
            "record_type": "dossier_step",
            "anchor_on": "2017-02-01",
            "due_on": "2017-02-20",
            "status": "open",
        },
        {
            "rule": "family_reunification_filing",
            "person_id": "p-sponsor",
            "record_id": "d-fr",
            "record_type": "dossier",
            "anchor_on": "2017-01-31",
            "due_on": "2017-04-30",
            "status": "open",
        },
        {
            "rule": "pvt_signature",
            "person_id": "p-housed",
            "record_id": "p-housed",
            "record_type": "person",
            "anchor_on": "2017-01-31",
            "due_on": "2018-01-31",
            "status": "open",
        },
        {
            "rule": "integration_end",
            "person_id": "p-housed",
            "record_id": "t-int",
            "record_type": "trajectory",
            "anchor_on": "2017-01-31",
            "due_on": "2018-07-31",
            "status": "open",
        },
        {
            "rule": "civic_integration_term",
            "person_id": "p-housed",
            "record_id": "p-housed",
            "record_type": "person",
            "anchor_on": "2017-01-31",
            "due_on": "2020-01-31",
            "status": "open",
        },
    ]


def test_json_marks_items_due_before_the_day_overdue(branch, cases):
    output = json.loads(run("--location", "rijnmond", "--on", "2017-02-21", "--format", "json"))
    assert output[0]["record_id"] == "s-1"
    assert output[0]["status"] == "overdue"
    assert {item["status"] for item in output[1:]} == {"open"}


def test_json_is_an_empty_list_before_anything_is_anchored(branch, cases):
    assert json.loads(run("--location", "rijnmond", "--on", "2016-01-01", "--format", "json")) == []


def test_table_has_a_header_and_a_line_per_item(branch, cases):
    lines = run("--location", "rijnmond", "--on", "2017-02-21").splitlines()
    assert lines[0].split() == ["due_on", "status", "rule", "person_id", "record_id"]
    assert lines[1].split() == ["2017-02-20", "overdue", "dossier_step", "p-sponsor", "s-1"]
    assert len(lines) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "2017-01-01"], "--location is required"),
        (["--location", "nergens", "--on", "2017-01-01"], "no location"),
        (["--location", "rijnmond", "--on", "1-1-2017"], "geen datum"),
        (["--digest", "--location", "rijnmond"], "leave out --location"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(branch, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


# The digest.


@pytest.fixture
def coached(branch, users):
    """A client of the volunteer whose settling-in term ends on 2018-02-28."""
    client = housed_client(branch, given_name="Yonas", family_name="Gebre")
    TrajectoryFactory(
        person=client,
        coach=users[Role.VOLUNTEER].staff_member,
        kind="settling_in",
        started_on=d(2017, 8, 31),
    )
    return client


def test_digest_sends_one_mail_per_user_with_something_due(branch, users, coached, settings):
    settings.KOERS_BASE_URL = "https://koers.example.org"
    assert "2 e-mail(s) sent" in run("--digest", "--on", "2018-02-25")
    by_user = {message.to[0]: message for message in mail.outbox}
    assert set(by_user) == {"vrijwilliger@example.org", "teamleider@example.org"}
    body = by_user["vrijwilliger@example.org"].body
    assert "Verlopen (1)" in body  # the participation statement, due 2018-01-31
    assert "Binnen 7 dagen (1)" in body  # settling in ends 2018-02-28
    assert "28 feb. 2018  Einde coaching vestiging — Yonas G." in body
    assert "https://koers.example.org/termijnen/#item-settling_in_end-" in body
    assert "Gebre" not in body  # a given name and an initial, no more
    assert "termijnen in uw werklijst" in by_user["vrijwilliger@example.org"].subject


def test_digest_sends_nothing_when_nothing_is_due(branch, users, coached):
    assert "0 e-mail(s) sent" in run("--digest", "--on", "2017-02-01")
    assert mail.outbox == []


def test_digest_skips_users_without_address_or_without_a_current_role(branch, users, coached):
    users[Role.TEAM_LEADER].email = ""
    users[Role.TEAM_LEADER].save()
    gone = UserFactory(username="vertrokken")
    MembershipFactory(user=gone, location=branch, ended_on=d(2001, 1, 1))
    run("--digest", "--on", "2018-02-25")
    assert [message.to for message in mail.outbox] == [["vrijwilliger@example.org"]]


def test_digest_mail_shows_only_what_the_user_may_see(branch, other_branch, users, coached):
    housed_client(branch, given_name="Rahel", family_name="Tekle")
    run("--digest", "--on", "2018-02-25")
    by_user = {message.to[0]: message.body for message in mail.outbox}
    assert "Rahel" not in by_user["vrijwilliger@example.org"]
    assert "Rahel" in by_user["teamleider@example.org"]
    assert "teamleider2@example.org" not in by_user


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise OSError("connection refused")


def test_a_second_run_on_the_same_day_mails_nobody_again(branch, users, coached):
    assert "2 e-mail(s) sent" in run("--digest", "--on", "2018-02-25")
    again = run("--digest", "--on", "2018-02-25")
    assert "0 e-mail(s) sent" in again and "2 user(s) had theirs already" in again
    assert len(mail.outbox) == 2
    assert "2 e-mail(s) sent" in run("--digest", "--on", "2018-02-26")  # a new day
    assert Digest.objects.count() == 4


def test_each_digest_records_what_it_sent_to_whom_without_names(branch, users, coached):
    run("--digest", "--on", "2018-02-25")
    digest = Digest.objects.get(user=users[Role.VOLUNTEER])
    assert digest.on == d(2018, 2, 25)
    sent = {(item["group"], item["rule"], item["due_on"]) for item in digest.items}
    assert ("this_week", "settling_in_end", "2018-02-28") in sent
    assert len(digest.items) == 2
    assert all(item["person"] == coached.pk for item in digest.items)
    assert "Yonas" not in json.dumps(digest.items) and "Gebre" not in json.dumps(digest.items)


def test_a_digest_that_could_not_be_sent_goes_with_the_next_run(branch, users, coached, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    assert "0 e-mail(s) sent" in run("--digest", "--on", "2018-02-25")
    assert not Digest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "2 e-mail(s) sent" in run("--digest", "--on", "2018-02-25")


def test_digests_older_than_ninety_days_are_dropped(branch, users, coached):
    run("--digest", "--on", "2018-02-25")
    run("--digest", "--on", "2018-05-26")  # 90 days later: the first ones are still kept
    assert Digest.objects.filter(on=d(2018, 2, 25)).count() == 2
    run("--digest", "--on", "2018-05-27")
    assert not Digest.objects.filter(on=d(2018, 2, 25)).exists()


def test_the_worklist_shows_the_users_last_digests(branch, users, coached):
    run("--digest", "--on", "2018-02-25")
    client = Client()
    client.force_login(users[Role.VOLUNTEER])
    page = client.get(reverse("deadlines:worklist")).content.decode()
    assert "Uw laatste e-mailoverzichten" in page
    assert "zo 25 feb. 2018: 2 termijnen" in page and "Yonas G." in page
    assert AccessLogEntry.objects.filter(
        person=coached, what="verstuurde termijnoverzichten"
    ).exists()
    other = Client()
    other.force_login(users[Role.LEGAL])  # no digest of their own: none of another's
    assert "Yonas" not in other.get(reverse("deadlines:worklist")).content.decode()
