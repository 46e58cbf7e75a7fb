"""The complete copy keeps what decides access: the VOG date and a branch's health opt-in."""

import datetime

import pytest

from koers.core.models import Location
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.staff.models import StaffMember
from tests.exchange.bundles import SMALL, empty_database, same_bundles, write_files

pytestmark = pytest.mark.django_db


def test_vog_date_and_health_opt_in_are_exported_and_read_back(tmp_path):
    bundle_import(by=IMPORT, source=write_files(tmp_path / "small", SMALL))
    StaffMember.objects.filter(external_id="s1").update(
        conduct_certificate_on=datetime.date(2016, 12, 1)
    )
    location = StaffMember.objects.get(external_id="s1").location
    Location.objects.filter(pk=location.pk).update(records_health=True)
    out = tmp_path / "out"
    bundle_export(target=out)
    staff = (out / "staff.csv").read_text().splitlines()
    assert staff[0].endswith(",hours_per_week,conduct_certificate_on")
    assert next(line for line in staff if line.startswith("s1,")).endswith(",2016-12-01")
    locations = (out / "locations.csv").read_text().splitlines()
    assert locations[0].endswith(",region,records_health")
    empty_database()
    assert bundle_import(by=IMPORT, source=out).ok
    assert StaffMember.objects.get(external_id="s1").conduct_certificate_on == datetime.date(
        2016, 12, 1
    )
    assert Location.objects.get(external_id=location.external_id).records_health
    bundle_export(target=tmp_path / "again")
    assert same_bundles(out, tmp_path / "again")


def test_without_vog_dates_or_opt_ins_the_files_keep_their_version_1_columns(tmp_path):
    bundle_import(by=IMPORT, source=write_files(tmp_path / "small", SMALL))
    bundle_export(target=tmp_path / "out")
    assert "conduct_certificate_on" not in (tmp_path / "out" / "staff.csv").read_text()
    assert "records_health" not in (tmp_path / "out" / "locations.csv").read_text()
