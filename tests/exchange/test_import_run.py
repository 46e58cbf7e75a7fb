"""Who imported: ``koers import --user``, the system actor ``import``, and the run's record."""

import pytest
from django.core.management import CommandError, call_command

from koers.core.models import ChangeLogEntry
from koers.exchange.models import ImportRun
from koers.exchange.services import IMPORT, bundle_import
from koers.people.models import Person
from tests.exchange.bundles import SMALL, database_state, import_files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_import_with_a_user_names_that_user_in_every_change_log_row_and_in_the_run(small):
    importer = UserFactory(username="beheer-import")
    call_command("import", str(small), "--user", "beheer-import")
    entries = ChangeLogEntry.objects.filter(source="import")
    assert (
        entries.count()
        == Person.objects.count() + entries.exclude(content_type__model="person").count()
    )
    assert set(entries.values_list("user", flat=True)) == {importer.pk}
    run = ImportRun.objects.get()
    assert (run.user, run.actor) == (importer, "beheer-import")
    assert run.source == str(small)


def test_import_without_a_user_is_done_by_the_system_actor_import(small):
    call_command("import", str(small))
    assert set(ChangeLogEntry.objects.values_list("user", "source")) == {(None, "import")}
    run = ImportRun.objects.get()
    assert (run.user, run.actor, str(run).split(" ", 2)[-1]) == (
        None,
        "import",
        f"import: {small}",
    )


@pytest.mark.parametrize("active", [True, False], ids=["unknown user", "inactive user"])
def test_import_naming_an_unknown_or_inactive_user_is_refused_before_reading(small, active):
    UserFactory(username="oud-account", is_active=False)
    before = database_state()
    with pytest.raises(CommandError, match="no active user"):
        call_command("import", str(small), "--user", "niemand" if active else "oud-account")
    assert database_state() == before


def test_a_second_import_that_changes_nothing_leaves_no_run_and_no_change_log_rows(small):
    bundle_import(by=IMPORT, source=small)
    runs, entries = ImportRun.objects.count(), ChangeLogEntry.objects.count()
    again = bundle_import(by=IMPORT, source=small)
    assert (again.created, again.updated) == (0, 0)
    assert (ImportRun.objects.count(), ChangeLogEntry.objects.count()) == (runs, entries)


def test_an_updating_import_records_its_counts_and_its_rows_share_the_runs_moment(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    people = list(SMALL["people.csv"])
    people[1] = people[1].replace("Mahlet", "Selam")
    import_files(tmp_path / "again", {"people.csv": people})
    run = ImportRun.objects.first()
    assert (run.created, run.updated, run.unchanged) == (0, 1, 4)  # people and households
    assert run.files["people.csv"] == {"created": 0, "updated": 1, "unchanged": 2}
    [entry] = run.changes()
    assert (entry.action, entry.external_id) == ("update", "p1")
    assert entry.changes == {"given_name": ["Mahlet", "Selam"]}
    person = Person.objects.get(external_id="p1")
    assert person.updated_at == run.at
    assert person.name_key.split()[0] == "slm"  # the search key follows the name
