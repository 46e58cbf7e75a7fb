"""The suite's own rules: fast password hashing unless Argon2 is the subject, and the
``browser`` marker on every browser test."""

from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, make_password

from koers import settings as project_settings
from tests.conftest import BROWSER_TESTS, pytest_collection_modifyitems


def test_tests_hash_passwords_with_md5():
    encoded = make_password("correct-horse-battery-staple-42")
    assert encoded.startswith("md5$")
    assert check_password("correct-horse-battery-staple-42", encoded)


@pytest.mark.argon2
def test_a_test_marked_argon2_hashes_as_production_does():
    assert make_password("correct-horse-battery-staple-42").startswith("argon2")


def test_production_hashes_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith(".Argon2PasswordHasher")


class Item:
    def __init__(self, path: Path):
        self.path, self.markers = path, []

    def add_marker(self, marker):
        self.markers.append(marker.name)


def test_every_test_under_tests_browser_is_marked_browser_and_no_other():
    browser, other = Item(BROWSER_TESTS / "test_login.py"), Item(Path(__file__))
    pytest_collection_modifyitems([browser, other])
    assert browser.markers == ["browser"]
    assert other.markers == []
