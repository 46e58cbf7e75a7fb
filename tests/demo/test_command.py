"""`koers demo`: loads once (--if-empty), refuses production and a database with data,
prints the logins, and gives the same records for the same seed."""

import io
import re
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from koers.accounts import totp
from koers.core.models import Location
from koers.core.scoping import Role
from koers.demo.generate import generate_demo
from koers.demo.store import SAVE_ORDER
from koers.demo.users import DEMO_PASSWORD, LOGINS
from koers.people.models import Person
from tests.accounts.conftest import shown_secret
from tests.demo.conftest import TODAY
from tests.factories import LocationFactory

TINY = "0.03"
NATURAL_KEYS = ("external_id", "username", "code")  # of records, users, deadline rules
UNCOMPARED = {"created_at", "updated_at", "password", "last_login", "date_joined"}


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, "--scale", TINY, stdout=out)
    return out.getvalue()


def test_if_empty_loads_once_and_afterwards_only_prints_the_logins(db):
    first = demo("--if-empty")
    people = Person.objects.count()
    assert people > 0
    second = demo("--if-empty")
    assert "niet opnieuw geladen" in second
    assert Person.objects.count() == people
    for output in (first, second):
        assert DEMO_PASSWORD in output
        for role in Role:
            assert role.label in output


def test_the_demo_prints_an_invitation_per_user_that_enrols_with_the_demo_password(db):
    """Demo users enrol as every user does: through an invitation, printed by the demo."""
    first = demo("--if-empty")
    links = dict(re.findall(r"^(\S+)\s+(http://\S+/account/uitnodiging/\?code=\S+)$", first, re.M))
    assert set(links) == {login.username for login in LOGINS}
    client = Client()
    path = links["teamleider.vlaardingen"].removeprefix(settings.KOERS_BASE_URL)
    assert client.get(path)["Location"] == reverse("accounts:invitation_enrol")
    page = client.get(reverse("accounts:invitation_enrol")).content.decode()
    code = totp.totp(shown_secret(page), time.time())
    data = {"current_password": DEMO_PASSWORD, "code": code}
    assert client.post(reverse("accounts:invitation_enrol"), data).status_code == 302
    assert client.get("/").status_code == 200

    second = demo("--if-empty")
    again = dict(re.findall(r"^(\S+)\s+(http://\S+)$", second, re.M))
    assert "teamleider.vlaardingen" not in again  # enrolled: logs in with password and app
    old = links["vrijwilliger"].removeprefix(settings.KOERS_BASE_URL)
    assert Client().get(old).status_code == 410  # a new run voids the links printed before
    assert set(again) == set(links) - {"teamleider.vlaardingen"}


def test_without_if_empty_a_database_with_data_is_refused(db):
    LocationFactory()
    with pytest.raises(CommandError, match="bevat al gegevens"):
        demo()
    assert Location.objects.count() == 1


def test_refuses_to_run_in_production_unless_forced(db, monkeypatch):
    monkeypatch.setenv("KOERS_ENV", "production")
    with pytest.raises(CommandError, match="productie"):
        demo()
    assert not Location.objects.exists()
    demo("--force")
    assert Location.objects.exists()


def fingerprint(models=SAVE_ORDER) -> dict[str, list[str]]:
    """Every stored row, references given by external id (keys differ between databases)."""
    result = {}
    for model in models:
        columns = []
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in UNCOMPARED:
                continue
            if field.is_relation:
                related = {f.name for f in field.related_model._meta.fields}
                key = next(name for name in NATURAL_KEYS if name in related)
                columns.append(f"{field.name}__{key}")
            else:
                columns.append(field.name)
        result[model._meta.label] = sorted(map(repr, model.objects.values_list(*columns)))
    return result


def generated(seed: int, models=SAVE_ORDER) -> dict[str, list[str]]:
    with transaction.atomic():
        generate_demo(seed=seed, scale=float(TINY), today=TODAY)
        rows = fingerprint(models)
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_records_and_another_seed_others(db):
    first = generated(11)
    assert first == generated(11)
    assert first["people.Person"] != generated(12, [Person])["people.Person"]


def test_an_export_of_the_demo_passes_the_import_validation_into_an_empty_database(db, tmp_path):
    bundle = tmp_path / "bundle"
    with transaction.atomic():
        generate_demo(seed=3, scale=float(TINY), today=TODAY)
        call_command("export", str(bundle), stdout=io.StringIO())
        transaction.set_rollback(True)
    assert not Location.objects.exists()
    out = io.StringIO()
    call_command("import", str(bundle), "--dry-run", stdout=out, stderr=io.StringIO())
    created = re.search(r"^people\.csv: (\d+) would create", out.getvalue(), re.MULTILINE)
    assert created
    assert int(created[1]) == people_in_bundle(bundle) > 0


def people_in_bundle(bundle) -> int:
    return len((bundle / "people.csv").read_text(encoding="utf-8").splitlines()) - 1
