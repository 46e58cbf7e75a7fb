"""Time-based one-time passwords (RFC 4226 HOTP, RFC 6238 TOTP) with the standard library.

The defaults are what every authenticator app reads: SHA-1, 6 digits, 30-second
steps. A code is accepted in the step before, the current and the step after
(clock drift of the phone), and never in a step at or before the last one used,
which makes every code single-use.
"""

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
SECRET_BYTES = 20  # 160 bits, the length RFC 4226 recommends for SHA-1


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def hotp(secret: bytes, counter: int, *, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    """RFC 4226: the dynamically truncated HMAC of the counter, as ``digits`` decimals."""
    mac = hmac.new(secret, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(at: float, *, step: int = STEP_SECONDS) -> int:
    return int(at // step)


def totp(
    secret: bytes, at: float, *, step: int = STEP_SECONDS, digits: int = DIGITS, digest=hashlib.sha1
) -> str:
    """RFC 6238: HOTP of the number of whole steps since the Unix epoch."""
    return hotp(secret, time_step(at, step=step), digits=digits, digest=digest)


def matching_step(secret: bytes, code: str, at: float, *, last_used: int | None) -> int | None:
    """The time step whose code ``code`` is (within the drift window), if not used before."""
    current = time_step(at)
    found = None
    for candidate in range(max(current - DRIFT_STEPS, 0), current + DRIFT_STEPS + 1):
        # Compare every candidate (no early exit) so timing says nothing of which matched.
        if hmac.compare_digest(hotp(secret, candidate), code) and found is None:
            found = candidate
    if found is None or (last_used is not None and found <= last_used):
        return None
    return found


def secret_text(secret: bytes) -> str:
    """The secret in base32 without padding: what an app's "enter key" screen takes."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def provisioning_uri(secret: bytes, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` address a QR code carries (Google Authenticator's key URI format)."""
    label = quote(f"{issuer}:{account}", safe="")
    parameters = {
        "secret": secret_text(secret),
        "issuer": issuer,
        "algorithm": "SHA1",
        "digits": DIGITS,
        "period": STEP_SECONDS,
    }
    return f"otpauth://totp/{label}?{urlencode(parameters, quote_via=quote)}"
