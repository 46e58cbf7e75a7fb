import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests log users in without a password: skip Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
