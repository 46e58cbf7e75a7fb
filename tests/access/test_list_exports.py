"""The exports of every list (koers.core.listing), for every role, with records of a
branch of another region present: nobody's export holds one of them, a municipality
viewer (aggregates only) and a user without a role get no export at all, every export
that is answered is a real spreadsheet, and it is written to the access log.

The route matrix (``test_matrix.py``) fills ``<slug:fmt>`` with one value; this test asks
each export route for every format a list offers.
"""

import csv
import io

import openpyxl
import pytest
from django.apps import apps
from django.test import Client

from koers.core.listing import FORMATS
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.access.records import MARKER, FarWorld
from tests.access.test_matrix import ROLES, ROUTES, fill
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
EXPORTS = [
    (route, name)
    for route, name, _view, converters in ROUTES
    if name.endswith("_list_export")
    or name in ("people:list_export", "staff:list_export", "groups:my_groups_export")
    or name == "deadlines:worklist_export"
    or name == "people:access_log_export"
]
# the records the lists show, made at the far branch (with the marker in their names)
LISTED = [
    "people.person",
    "coaching.trajectory",
    "groups.group",
    "staff.staffmember",
    "legal.dossier",
    "matching.match",
    "coaching.referral",
    "integration.linking",
    "integration.integrationplan",
    "cooperation.partner",
    "cooperation.activity",
    "transfers.transfer",
    "contacts.contact",
    "coaching.signal",
]
NO_EXPORT = {Role.MUNICIPALITY_VIEWER, "no_role"}
# administrators reach branch and staff records of every branch by design (core.scoping)
ADMIN_REACHES_ALL = {
    "staff:list_export",
    "groups:group_list_export",
    "groups:my_groups_export",
    "accounts:user_list_export",
    "cooperation:activity_list_export",
    "cooperation:partner_list_export",
    "coaching:signal_list_export",
}


def cells(body: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row]


def cells_header(body: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        return next(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    return [str(c.value) for c in next(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows())]


def test_every_list_has_an_export_route():
    names = {name for _route, name in EXPORTS}
    assert {
        "people:list_export",
        "coaching:trajectory_list_export",
        "groups:group_list_export",
        "groups:my_groups_export",
        "staff:list_export",
        "legal:dossier_list_export",
        "matching:match_list_export",
        "matching:waiting_list_export",
        "coaching:referral_list_export",
        "people:access_log_export",
        "integration:pipeline_list_export",
        "integration:plan_list_export",
        "accounts:user_list_export",
        "cooperation:activity_list_export",
        "cooperation:partner_list_export",
        "transfers:transfer_list_export",
        "contacts:contact_list_export",
        "coaching:signal_list_export",
        "documents:document_list_export",
        "deadlines:worklist_export",
    } <= names


@pytest.mark.parametrize(("route", "name"), EXPORTS, ids=[name for _r, name in EXPORTS])
def test_no_role_exports_another_regions_records(route, name, users, far_branch):
    world = FarWorld(far_branch)
    for label in LISTED:
        world.get(apps.get_model(label))
    make_user(Role.VOLUNTEER, far_branch, username=f"{MARKER}vrijwilliger")  # the user list
    answered = 0
    failures = []
    of_a_record = "<uuid:" in route
    for role in ROLES:
        if role == Role.ADMINISTRATOR and name in ADMIN_REACHES_ALL:
            continue
        client = Client()
        client.force_login(users[role])
        for fmt in FORMATS:
            # a list of one record (a client's access log): that record of the far branch
            path = fill(route.replace("<slug:fmt>", fmt), world if of_a_record else None)
            # the access log is append-only on PostgreSQL: the rows of this request only
            last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
            response = client.get(path)
            if (role in NO_EXPORT or of_a_record) and response.status_code != 404:
                failures.append(f"{role} {path}: {response.status_code}, expected 404")
            if response.status_code == 404:
                continue
            assert response.status_code == 200, (role, path, response.status_code)
            answered += 1
            if any(MARKER in cell for cell in cells(response.content, fmt)):
                failures.append(f"{role} {path}: a far branch's record in the export")
            rows = len(cells(response.content, fmt)) // len(cells_header(response.content, fmt))
            logged = AccessLogEntry.objects.filter(
                id__gt=last or 0, action=AccessLogEntry.Action.EXPORT
            )
            if rows > 1 and not logged.exists():  # staff or branch data: a row naming no one
                failures.append(f"{role} {path}: export not in the access log")
    assert answered or of_a_record, f"{name}: no role may export this list"
    assert not failures, "\n".join(failures)
