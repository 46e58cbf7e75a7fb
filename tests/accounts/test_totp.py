"""TOTP against the RFC test vectors, the drift window, single use, and the key URI."""

import hashlib
from urllib.parse import parse_qs, urlparse

import pytest

from koers.accounts import totp

RFC4226_SECRET = b"12345678901234567890"
RFC4226_CODES = [
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
]  # fmt: skip
RFC6238_SEEDS_IDS = ("sha1", "sha256", "sha512")
RFC6238_SEEDS = {
    hashlib.sha1: b"12345678901234567890",
    hashlib.sha256: b"12345678901234567890123456789012",
    hashlib.sha512: b"1234567890123456789012345678901234567890123456789012345678901234",
}
# RFC 6238 appendix B: time, then the 8-digit code for SHA-1, SHA-256 and SHA-512.
RFC6238_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("counter", "expected"), enumerate(RFC4226_CODES))
def test_hotp_matches_the_rfc_4226_test_values(counter, expected):
    assert totp.hotp(RFC4226_SECRET, counter) == expected


@pytest.mark.parametrize(("at", *RFC6238_SEEDS_IDS), RFC6238_VECTORS)
def test_totp_matches_the_rfc_6238_test_vectors(at, sha1, sha256, sha512):
    for digest, expected in zip(RFC6238_SEEDS, (sha1, sha256, sha512), strict=True):
        assert totp.totp(RFC6238_SEEDS[digest], at, digits=8, digest=digest) == expected


def test_app_codes_are_six_digit_sha1_thirty_second_codes():
    assert totp.totp(RFC6238_SEEDS[hashlib.sha1], 59) == "287082"  # last 6 of 94287082


@pytest.mark.parametrize("drift", [-1, 0, 1])
def test_a_phone_clock_one_step_off_is_accepted(drift):
    now = 1_700_000_000
    code = totp.totp(RFC4226_SECRET, now + drift * totp.STEP_SECONDS)
    assert totp.matching_step(RFC4226_SECRET, code, now, last_used=None) == (
        totp.time_step(now) + drift
    )


@pytest.mark.parametrize("drift", [-3, -2, 2, 3])
def test_codes_two_or_more_steps_away_are_refused(drift):
    now = 1_700_000_000
    code = totp.totp(RFC4226_SECRET, now + drift * totp.STEP_SECONDS)
    assert totp.matching_step(RFC4226_SECRET, code, now, last_used=None) is None


def test_a_code_is_refused_at_or_before_the_last_used_step():
    now = 1_700_000_000
    step = totp.time_step(now)
    code = totp.totp(RFC4226_SECRET, now)
    assert totp.matching_step(RFC4226_SECRET, code, now, last_used=step) is None
    assert totp.matching_step(RFC4226_SECRET, code, now, last_used=step + 1) is None
    assert totp.matching_step(RFC4226_SECRET, code, now, last_used=step - 1) == step


def test_wrong_codes_are_refused():
    now = 1_700_000_000
    right = totp.totp(RFC4226_SECRET, now)
    wrong = str((int(right) + 1) % 10**6).zfill(6)
    assert totp.matching_step(RFC4226_SECRET, wrong, now, last_used=None) is None


def test_secrets_are_random_and_160_bits():
    secrets = {totp.new_secret() for _ in range(50)}
    assert len(secrets) == 50
    assert all(len(secret) == 20 for secret in secrets)


def test_key_uri_carries_what_authenticator_apps_read():
    uri = totp.provisioning_uri(RFC4226_SECRET, account="an.de vries", issuer="Koers")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert parsed.path == "/Koers%3Aan.de%20vries"
    query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
    assert query == {
        "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "issuer": "Koers",
        "algorithm": "SHA1",
        "digits": "6",
        "period": "30",
    }
