"""The access request as a PDF: every record in full, the logs summarised, so its length (and
the time it takes) does not grow with the access log; the JSON keeps every log row."""

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.privacy.export import RUNNING_FROM
from koers.privacy.selectors import LATEST_LOOKS
from tests.factories import AttendanceFactory, GroupFactory, GroupSessionFactory
from tests.security.responses import pdf_text

START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def looked(person, count: int) -> None:
    """``count`` reads by two colleagues, spread over 5 January to 24 February 2026."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=START + datetime.timedelta(days=50) * number / count,
            username=("coach.anna", "jurist.bram")[number % 2],
            person_id=person.pk,
            action=("view", "search")[number % 3 == 0],
            what="cliëntdossier",
        )
        for number in range(count)
    )


def pdf_of(client, person) -> tuple[str, int]:
    """The PDF's text and the number of queries it took."""
    url = reverse("privacy:access_request_pdf", kwargs={"person_uid": person.uid})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content), len(queries)


def test_the_pdf_is_as_long_with_1000_log_rows_as_with_100_and_takes_as_many_queries(
    leader, parent
):
    """Beyond its newest rows the log adds no line, no page and no query to the PDF.

    Rows are only added (PostgreSQL keeps the access log append-only); each export adds
    its own row too, so the log holds 10, then 101, then 1,002 rows."""
    person = parent.person
    shown = []
    for more in (10, 90, 900):
        looked(person, more)
        shown.append(pdf_of(leader, person))
    (few, few_queries), (some, some_queries), (many, many_queries) = shown
    assert few_queries == some_queries == many_queries
    assert many.count("\f") == some.count("\f")  # pages
    assert abs(len(many) - len(some)) < 200  # the same text but for counts and times
    assert "10 keer ingezien of bewerkt" in few and "De laatste 10 keer" in few
    assert "1002 keer ingezien of bewerkt" in many
    assert f"De laatste {LATEST_LOOKS} keer" in many


def test_the_pdf_summarises_who_looked_per_person_and_month_and_shows_every_record(leader, parent):
    person = parent.person
    looked(person, 1000)
    text = " ".join(pdf_of(leader, person)[0].split())
    assert "coach.anna 500 ingezien 333, zoekresultaat 167 5 jan. 2026" in text
    assert "jurist.bram 500" in text
    assert "2026 " in text and "1000" in text  # January and February of 2026, and the total
    for given in parent.names:
        assert given in text  # the name, and every earlier spelling in the change history
    assert parent.v_number in text
    assert "Wijzigingen" in text and "voornaam" in text


def test_the_json_keeps_every_row_of_the_access_log(leader, parent):
    person = parent.person
    looked(person, 1000)
    response = leader.get(reverse("privacy:access_request_json", kwargs={"person_uid": person.uid}))
    answer = json.loads(response.content)
    assert len(answer["access_log"]) == 1000
    assert {row["user"] for row in answer["access_log"]} == {"coach.anna", "jurist.bram"}


def test_the_who_looked_page_shows_the_whole_log_a_page_at_a_time(leader, parent):
    person = parent.person
    looked(person, 120)
    url = reverse("people:access_log", kwargs={"person_uid": person.uid})
    first = leader.get(url).content.decode()
    assert "121 keer ingezien of bewerkt" in first  # this visit is the newest row
    assert "pagina 1 van 3" in first
    last = leader.get(url, {"page": 3}).content.decode()
    assert last.count("<tr><td") == 122 - 2 * 50  # 50 a page; the second visit is a row too


def test_many_short_records_are_running_text_and_every_one_is_in_the_pdf(leader, parent, branch):
    """Attendance (a session and present or not) reads as ``id: session, ja; …``: complete."""
    group = GroupFactory(location=branch)
    rows = [
        AttendanceFactory(
            person=parent.person,
            session=GroupSessionFactory(group=group, date=datetime.date(2017, 3, 1 + day)),
            present=day % 4 != 0,
        )
        for day in range(RUNNING_FROM + 5)
    ]
    text = " ".join(pdf_of(leader, parent.person)[0].split())
    assert "Zo te lezen: nummer: bijeenkomst, aanwezig" in text
    for row in rows:
        present = "ja" if row.present else "nee"
        assert f"{row.external_id}: {row.session.external_id}, {present}" in text
