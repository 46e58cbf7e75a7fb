"""Secrets at rest: values that must be read back (not hashed) are encrypted with Fernet.

The keys come from the environment, ``KOERS_FIELD_KEY``: one or more Fernet keys
(32 random bytes, URL-safe base64, 44 characters), separated by commas, the newest
first. The first key encrypts every value written; every key reads, so a key can be
rotated without a moment in which stored values are unreadable (``MultiFernet``).
``koers field_key rotate`` re-encrypts every stored value with the first key, after
which the older keys can go. ``koers field_key new`` prints a fresh key.

Outside production (``KOERS_ENV`` other than ``production``) a missing key is derived
from ``SECRET_KEY``, so development and tests need no setting; in production there is
no default (``check --deploy`` fails, and so does every read or write of a secret).
"""

import base64
import hashlib
from collections.abc import Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENVIRONMENT_VARIABLE = "KOERS_FIELD_KEY"
DERIVATION_SALT = b"koers.core.field_keys.development"


class SecretUnreadable(Exception):
    """A stored secret none of the configured keys can read (a wrong or missing key)."""


def derived_development_key(secret_key: str) -> str:
    """The key used when none is configured outside production: a hash of ``SECRET_KEY``."""
    digest = hashlib.sha256(DERIVATION_SALT + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def parse_keys(value: str) -> list[str]:
    """The keys of a ``KOERS_FIELD_KEY`` value, in order (blanks and spaces ignored)."""
    return [key.strip() for key in value.split(",") if key.strip()]


def key_problems(keys: Sequence[str]) -> list[str]:
    """Why each malformed key is unusable (nothing for good keys); never quotes a key."""
    problems = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            problems.append(
                f"{ENVIRONMENT_VARIABLE}: key {position} is not a Fernet key "
                "(32 bytes in URL-safe base64, 44 characters; make one with "
                "`koers field_key new`)"
            )
    return problems


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


@lru_cache(maxsize=8)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.KOERS_FIELD_KEYS)
    if not keys:
        raise ImproperlyConfigured(
            f"{ENVIRONMENT_VARIABLE} is not set: secrets at rest (authenticator apps) can "
            "be neither written nor read. See docs/security.md, 'Secrets at rest'."
        )
    return keys


def encrypt(value: bytes) -> str:
    """``value`` encrypted with the first key: a Fernet token (ASCII text)."""
    return _multi(configured_keys()).encrypt(value).decode("ascii")


def decrypt(token: str) -> bytes:
    try:
        return _multi(configured_keys()).decrypt(token.encode("ascii"))
    except InvalidToken:
        raise SecretUnreadable(
            f"a stored secret cannot be read with the keys in {ENVIRONMENT_VARIABLE} "
            "(a key missing or wrong?)"
        ) from None


def needs_rotation(token: str) -> bool:
    """Whether the token was written with another key than the first one."""
    first = Fernet(configured_keys()[0])
    try:
        first.decrypt(token.encode("ascii"))
    except InvalidToken:
        return True
    return False
