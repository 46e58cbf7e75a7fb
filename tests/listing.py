"""Helpers for the tests of a list page (koers.core.listing): a logged-in client, the rows
a page shows, an export read back as rows, and the queries a page takes."""

import csv
import io

import openpyxl
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from koers.core.models import AccessLogEntry


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(response) -> list:
    """The rows of the page the response shows."""
    assert response.status_code == 200, response.status_code
    return list(response.context["page"])


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def queries_for(client, url: str, query: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


def log_mark() -> int:
    """The newest access-log row's id: a test reads the rows written after it (the log is
    append-only on PostgreSQL, so a test deletes none)."""
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def logged_since(mark: int):
    return AccessLogEntry.objects.filter(id__gt=mark)
