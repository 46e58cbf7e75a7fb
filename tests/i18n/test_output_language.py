"""What Koers writes for others keeps its language: the digest speaks its reader's language,
the access log stays Dutch, and the municipality's files are Dutch unless asked."""

import datetime

from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from koers.accounts.models import Language
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.deadlines.digest import digest_message
from koers.reports.views import in_report_language
from tests.deadlines.conftest import housed_client
from tests.factories import PersonFactory, TrajectoryFactory

d = datetime.date


def coached_by(volunteer, branch):
    """A client of the volunteer whose settling-in term ends on 2018-02-28."""
    client = housed_client(branch, given_name="Yonas", family_name="Gebre")
    TrajectoryFactory(
        person=client, coach=volunteer.staff_member, kind="settling_in", started_on=d(2017, 8, 31)
    )
    return client


def test_the_digest_is_written_in_the_language_its_reader_chose(branch, users):
    volunteer = users[Role.VOLUNTEER]
    coached_by(volunteer, branch)
    dutch = digest_message(volunteer, on=d(2018, 2, 25))
    assert "Einde coaching vestiging" in dutch.body and "Beste " in dutch.body
    volunteer.language = Language.ENGLISH
    volunteer.save(update_fields=["language"])
    english = digest_message(volunteer, on=d(2018, 2, 25))
    assert "Dear " in english.body and "End of settling-in coaching" in english.body
    assert "deadlines in your worklist" in english.subject
    assert "Beste" not in english.body and "termijnen" not in english.subject


def test_the_access_log_is_kept_in_dutch_whoever_reads(branch, users):
    leader = users[Role.TEAM_LEADER]
    leader.language = Language.ENGLISH
    leader.save(update_fields=["language"])
    person = PersonFactory(location=branch)
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("people:timeline", args=[person.uid]))
    assert page.status_code == 200 and page["Content-Language"] == "en"
    assert AccessLogEntry.objects.filter(person=person).latest("pk").what == "tijdlijn"


def test_a_file_for_the_municipality_is_dutch_unless_the_link_asks_for_english():
    @in_report_language
    def language_of(request):
        return HttpResponse(translation.get_language())

    def get(path):
        with translation.override("en"):  # the user reads Koers in English
            return language_of(RequestFactory().get(path)).content.decode()

    assert get("/rapportages/x.pdf") == "nl"
    assert get("/rapportages/x.pdf?taal=en") == "en"
    assert get("/rapportages/x.pdf?taal=fr") == "nl"
