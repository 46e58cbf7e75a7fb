import pytest

from tests.conftest import SHARED

WI2021_ACCEPTANCE = SHARED / "acceptance" / "vlaardingen-2021-law"
WI2021_BUNDLE = WI2021_ACCEPTANCE / "bundle"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests log users in without a password: skip Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
