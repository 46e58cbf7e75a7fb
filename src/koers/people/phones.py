"""Telephone numbers of clients: Dutch and international, stored in E.164 (``+31612345678``).

Typed as people write them (``06-12 34 56 78``, ``020 123 4567``, ``+31 (0)6 1234 5678``,
``0032 470 12 34 56``) and stored in one form, so a number is found, compared and
exported the same way whatever the typist did. A Dutch number (``0`` then nine digits, or
``+31`` then nine digits not starting with 0) is checked on its length; a foreign one on
the shape E.164 gives every number: a country code not starting with 0 and at most 15
digits in all. Which lengths each foreign numbering plan allows is not checked
(docs/decisions.md: no ``phonenumbers`` dependency for that).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NETHERLANDS = "31"
E164 = re.compile(r"^\+[1-9]\d{7,14}$")
SEPARATORS = re.compile(r"[\s.\-/()]")
INVALID = _("Dit is geen geldig telefoonnummer. Bijvoorbeeld: 06 12345678 of +32 470 12 34 56.")


def normalised_phone(text: str) -> str:
    """``text`` in E.164; ValidationError (Dutch, for the field) when it is no phone number."""
    raw = text.strip()
    if not raw:
        return ""
    raw = raw.replace("(0)", "")  # "+31 (0)6 ...": the trunk zero written along
    digits = SEPARATORS.sub("", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        number = digits
    elif digits.startswith("0") and digits.isdigit():
        if len(digits) != 10:
            raise ValidationError(
                _("Een Nederlands telefoonnummer heeft 10 cijfers (bijvoorbeeld 06 12345678)."),
                code="phone",
            )
        number = "+" + NETHERLANDS + digits[1:]
    else:
        raise ValidationError(INVALID, code="phone")
    if not E164.match(number):
        raise ValidationError(INVALID, code="phone")
    national = number[1 + len(NETHERLANDS) :]
    if number.startswith("+" + NETHERLANDS) and (len(national) != 9 or national[0] == "0"):
        raise ValidationError(
            _("Een Nederlands nummer heeft na +31 nog 9 cijfers (bijvoorbeeld +31 6 12345678)."),
            code="phone",
        )
    return number


def validate_phone(value: str) -> None:
    """The stored form: E.164 as :func:`normalised_phone` writes it (the import's contract)."""
    if not value:
        return
    number = normalised_phone(value)
    if number != value:
        raise ValidationError(
            _("Schrijf het telefoonnummer internationaal, zonder spaties: %(number)s."),
            code="phone",
            params={"number": number},
        )


def shown_phone(number: str) -> str:
    """An E.164 number as people read it: Dutch mobile ``06 12345678``, other Dutch
    ``0`` and the rest, foreign numbers as stored."""
    if number.startswith("+" + NETHERLANDS):
        national = "0" + number[1 + len(NETHERLANDS) :]
        if national.startswith("06"):
            return f"06 {national[2:]}"
        return national
    return number
