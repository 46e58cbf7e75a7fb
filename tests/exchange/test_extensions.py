"""Koers records the format lacks travel as extension files and columns, and come back."""

import datetime

import pytest

from koers.exchange.files import BUNDLE_FILES
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.groups.models import Group
from koers.matching.models import Match, MatchEvaluation
from koers.people.models import CivicIntegrationResult, Person
from koers.staff.models import StaffMember
from tests.exchange.bundles import empty_database, same_bundles

pytestmark = pytest.mark.django_db


def add_koers_only_records() -> None:
    match = Match.objects.get(external_id="m1")
    MatchEvaluation.objects.create(
        external_id="me1", match=match, moment="3m", held_on=datetime.date(2017, 6, 20)
    )
    CivicIntegrationResult.objects.create(
        external_id="ci1",
        person=Person.objects.get(external_id="p1"),
        outcome="exam_passed",
        decided_on=datetime.date(2019, 5, 1),
        note="A2, alle onderdelen",
    )
    group = Group.objects.get(external_id="g1")
    for staff in StaffMember.objects.order_by("external_id"):  # one by one: .set() has no order
        group.staff.add(staff)


def test_extension_files_and_columns_are_written_and_read_back(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    add_koers_only_records()
    bundle_export(target=tmp_path / "out")
    out = tmp_path / "out"
    assert (out / "match_evaluations.csv").read_bytes() == (
        b"id,match_id,moment,held_on,note\r\nme1,m1,3m,2017-06-20,\r\n"
    )
    assert (
        b'ci1,p1,exam_passed,2019-05-01,"A2, alle onderdelen"'
        in (out / "civic_integration_results.csv").read_bytes()
    )
    groups = (out / "groups.csv").read_text().splitlines()
    assert groups[0].endswith(",ended_on,staff_ids")
    assert groups[1].endswith(",s1;s2")
    empty_database()
    assert bundle_import(by=IMPORT, source=out).ok
    bundle_export(target=tmp_path / "again")
    assert same_bundles(out, tmp_path / "again")


def test_without_koers_only_records_the_export_is_plain_version_1(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    written = bundle_export(target=tmp_path / "out")
    plain = [spec.name for spec in BUNDLE_FILES if not spec.extension and not spec.optional]
    assert list(written) == plain
    assert "staff_ids" not in (tmp_path / "out" / "groups.csv").read_text()
