"""Authenticator secrets are encrypted at rest with KOERS_FIELD_KEY, and the key rotates.

A copy of the database (the raw column values) gives no secret and no code; reading
needs a configured key; several keys read, the first writes; ``koers field_key rotate``
re-encrypts with the first key; the migration encrypted the plain secrets it found.
"""

import base64
import contextlib
import io
import time

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from koers.accounts import totp, two_factor
from koers.accounts.models import TOTPDevice
from koers.core.field_keys import SecretUnreadable, derived_development_key
from koers.core.scoping import Role

SECRET = bytes(range(101, 121))  # 20 bytes, as the app makes them
OLD_KEY, NEW_KEY, OTHER_KEY = (
    Fernet.generate_key().decode(),
    Fernet.generate_key().decode(),
    Fernet.generate_key().decode(),
)


def raw_secrets() -> list[str]:
    """What a database dump holds in the secret column."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice ORDER BY id")
        return [row[0] if isinstance(row[0], str) else bytes(row[0]).decode() for row in cursor]


def forms_of(secret: bytes) -> list[str]:
    return [
        secret.hex(),
        totp.secret_text(secret),
        base64.b64encode(secret).decode(),
        secret.decode("latin-1"),
    ]


def codes_from(raw: str, at: float) -> set[str]:
    """Codes someone would compute treating a dumped value as the secret, every way they might."""
    candidates = [raw.encode()]
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        with contextlib.suppress(ValueError):
            candidates.append(decode(raw.encode() + b"=="))
    return {totp.totp(candidate, at) for candidate in candidates}


@pytest.fixture
def device(users, settings):
    settings.KOERS_FIELD_KEYS = [OLD_KEY]
    return TOTPDevice.objects.create(
        user=users[Role.TEAM_LEADER], secret=SECRET, confirmed_at=timezone.now()
    )


def test_a_database_dump_alone_yields_no_secret_and_no_code(device, settings):
    [raw] = raw_secrets()
    assert not any(form in raw for form in forms_of(SECRET))
    now = time.time()
    assert totp.totp(SECRET, now) not in codes_from(raw, now)
    with pytest.raises(InvalidToken):  # without KOERS_FIELD_KEY: the development default
        Fernet(derived_development_key(settings.SECRET_KEY)).decrypt(raw.encode())
    assert Fernet(OLD_KEY).decrypt(raw.encode()) == SECRET  # the key is what reads it
    assert bytes(TOTPDevice.objects.get(pk=device.pk).secret) == SECRET


def test_without_the_right_key_a_secret_is_not_read_and_no_code_passes(device, settings):
    settings.KOERS_FIELD_KEYS = [OTHER_KEY]
    with pytest.raises(SecretUnreadable):
        TOTPDevice.objects.get(pk=device.pk)
    settings.KOERS_FIELD_KEYS = [OLD_KEY]
    assert two_factor.totp_verify(user=device.user, code=totp.totp(SECRET, time.time()))


def test_the_new_key_writes_and_the_old_key_still_reads(device, settings):
    settings.KOERS_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    assert bytes(TOTPDevice.objects.get(pk=device.pk).secret) == SECRET  # old key reads
    second = TOTPDevice.objects.create(user=device.user, secret=SECRET[::-1])
    old_raw, new_raw = raw_secrets()
    assert Fernet(OLD_KEY).decrypt(old_raw.encode()) == SECRET
    assert Fernet(NEW_KEY).decrypt(new_raw.encode()) == SECRET[::-1]  # new key writes
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY).decrypt(new_raw.encode())
    assert second.pk


def test_rotate_re_encrypts_every_secret_with_the_first_key(device, settings):
    settings.KOERS_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    TOTPDevice.objects.create(user=device.user, secret=SECRET[::-1])  # already the new key
    out = io.StringIO()
    call_command("field_key", "rotate", stdout=out)
    assert "accounts.TOTPDevice.secret: 1 of 2 re-encrypted" in out.getvalue()
    settings.KOERS_FIELD_KEYS = [NEW_KEY]  # the old key removed afterwards
    assert [bytes(d.secret) for d in TOTPDevice.objects.order_by("pk")] == [SECRET, SECRET[::-1]]
    for raw in raw_secrets():
        Fernet(NEW_KEY).decrypt(raw.encode())


def test_rotate_stops_without_a_change_when_a_secret_is_unreadable(device, settings):
    settings.KOERS_FIELD_KEYS = [NEW_KEY]  # the old key forgotten too early
    before = raw_secrets()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("field_key", "rotate", stdout=io.StringIO())
    assert raw_secrets() == before


def test_field_key_new_prints_a_usable_key():
    out = io.StringIO()
    call_command("field_key", "new", stdout=out)
    key = out.getvalue().strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"x")) == b"x" and len(key) == 44


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_plain_secrets_it_finds(settings):
    settings.KOERS_FIELD_KEYS = [OLD_KEY]
    executor = MigrationExecutor(connection)
    before, after = (
        ("accounts", "0003_two_factor_lockout_login_history"),
        ("accounts", "0004_encrypted_totp_secret_invitation"),
    )
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    user = old_apps.get_model("accounts", "User").objects.create(username="oud")
    old_apps.get_model("accounts", "TOTPDevice").objects.create(user=user, secret=SECRET)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    [raw] = raw_secrets()
    assert Fernet(OLD_KEY).decrypt(raw.encode()) == SECRET
    assert not any(form in raw for form in forms_of(SECRET))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert bytes(TOTPDevice.objects.get(user__username="oud").secret) == SECRET
