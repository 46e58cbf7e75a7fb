"""The import's bulk writes: keys, uids, version checks, and the settings they borrow."""

import gc
import uuid

import pytest
from django.db import connection

from koers.exchange import bulk
from koers.exchange.services import IMPORT, bundle_import
from koers.people.models import Person
from koers.people.search import name_key_for
from tests.exchange.bundles import SMALL, import_files

pytestmark = pytest.mark.django_db


def test_imported_records_get_keys_above_every_key_ever_used(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    highest = Person.objects.order_by("-pk").first()
    gone = highest.pk
    highest.delete()
    p7 = SMALL["people.csv"][1].replace("p1,", "p7,", 1).replace("1234567890", "1234567899")
    people = [SMALL["people.csv"][0], p7]  # one person, one V-number
    assert import_files(tmp_path / "more", {"people.csv": people}).created == 1
    assert Person.objects.get(external_id="p7").pk > gone


def test_imported_records_get_distinct_random_version_4_uids(small):
    bundle_import(by=IMPORT, source=small)
    uids = list(Person.objects.values_list("uid", flat=True))
    assert len(set(uids)) == len(uids) == 3
    assert all(isinstance(uid, uuid.UUID) and uid.version == 4 for uid in uids)


def test_imported_people_get_the_search_key_of_their_name(small):
    bundle_import(by=IMPORT, source=small)
    person = Person.objects.get(external_id="p3")
    assert person.name_key == name_key_for("Karim", "Sabbagh")


def test_an_update_of_a_record_saved_by_someone_else_meanwhile_is_refused(small):
    bundle_import(by=IMPORT, source=small)
    person = Person.objects.get(external_id="p1")
    Person.objects.filter(pk=person.pk).update(version=2)  # an edit after the import read it
    field = Person._meta.get_field("given_name")
    with pytest.raises(bulk.ChangedMeanwhile):
        bulk.update(Person, [field], [("Selam", person.pk, 1)])
    assert Person.objects.get(pk=person.pk).given_name == "Mahlet"


def test_the_garbage_collector_is_back_on_after_an_import_also_a_refused_one(tmp_path, small):
    assert gc.isenabled()
    bundle_import(by=IMPORT, source=small)
    assert gc.isenabled()
    import_files(tmp_path / "bad", {"people.csv": ["id,location_id", "p1,nergens"]})
    assert gc.isenabled()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite page-cache setting")
def test_sqlite_page_cache_is_enlarged_only_while_the_import_writes(small):
    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = cache_size()
    with bulk.import_tuning():
        assert cache_size() == -bulk.IMPORT_CACHE_KIB
    assert cache_size() == before
