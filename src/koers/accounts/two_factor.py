"""The second factor: authenticator apps (TOTP) and one-time recovery codes.

Every check runs under a row lock, so one code cannot be accepted twice by two
requests at once. Recovery codes are hashed with the password hashers (Argon2).
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from koers.accounts import totp
from koers.accounts.models import RecoveryCode, TOTPDevice, User

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_GROUPS = 3
RECOVERY_CODE_GROUP_LENGTH = 4
# No 0/o, 1/l/i: codes are read from paper and typed in by hand (5 bits a character).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SEPARATORS = str.maketrans("", "", " -")


def has_confirmed_device(user: User) -> bool:
    return user.totp_devices.filter(confirmed_at__isnull=False).exists()


@transaction.atomic
def device_for_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, made once so that reloading keeps the same QR code."""
    device = user.totp_devices.filter(confirmed_at__isnull=True).order_by("-created_at").first()
    return device or TOTPDevice.objects.create(user=user, secret=totp.new_secret())


def _accept(device: TOTPDevice, code: str) -> bool:
    now = timezone.now()
    step = totp.matching_step(
        bytes(device.secret), code, now.timestamp(), last_used=device.last_used_step
    )
    if step is None:
        return False
    device.last_used_step = step
    device.last_used_at = now
    device.confirmed_at = device.confirmed_at or now
    device.save(update_fields=["last_used_step", "last_used_at", "confirmed_at"])
    return True


@transaction.atomic
def device_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm a new device with a code it shows; other unconfirmed devices are dropped."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not _accept(locked, code):
        return False
    TOTPDevice.objects.filter(user_id=locked.user_id, confirmed_at__isnull=True).delete()
    return True


@transaction.atomic
def totp_verify(*, user: User, code: str) -> bool:
    """Whether ``code`` comes from one of the user's devices and was not used before."""
    devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False)
    return any(_accept(device, code) for device in devices)


def normalised_recovery_code(code: str) -> str:
    return code.translate(SEPARATORS).lower()


def _new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_GROUP_LENGTH))
        for _ in range(RECOVERY_CODE_GROUPS)
    )
    return "-".join(groups)


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new codes (returned once, to show once); the old set stops working."""
    user.recovery_codes.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=make_password(normalised_recovery_code(code)))
        for code in codes
    )
    return codes


@transaction.atomic
def recovery_code_use(*, user: User, code: str) -> bool:
    """Accept an unused recovery code of the user, once."""
    typed = normalised_recovery_code(code)
    unused = RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True)
    for recovery_code in unused:
        if check_password(typed, recovery_code.code_hash):
            recovery_code.used_at = timezone.now()
            recovery_code.save(update_fields=["used_at"])
            return True
    return False


def recovery_codes_left(user: User) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()
