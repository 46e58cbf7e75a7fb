"""Rules for text that every record follows: no bidirectional control characters in one line.

A right-to-left override (U+202E) and its kin are invisible, and they reorder what
follows them: a name holding one reads reversed on the client's file, in every list
and heading, in a PDF. Decided (docs/security.md): every single-line text of a record
(its ``CharField``\\ s: names, V-number, addresses, titles, ids) refuses them, with a
Dutch message next to the field in forms and a located problem in an import. Free
texts of several lines (notes, reports) keep them: Arabic, Farsi and Tigrinya writing
uses them, and a paragraph of its own ends every embedding, so a note cannot reverse
what is around it.

:class:`SingleLineTexts` (a base of every record, and of the user account) applies the
rule in ``clean_fields`` (forms and services), :func:`koers.exchange.files.codec_for` to
every text column of a bundle.
"""

import re
from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Unicode's Bidi_Control characters: the marks (a strong direction, nothing else) and the
# explicit embeddings, overrides and isolates with the character that ends them.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f"  # ARABIC LETTER MARK, LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
FIND = re.compile(f"[{''.join(sorted(BIDI_CONTROLS))}]")
MESSAGE = _(
    "Bevat een onzichtbaar teken dat de leesrichting van de tekst omdraait (%(code)s). "
    "Haal het weg, bijvoorbeeld door de tekst opnieuw te typen in plaats van te plakken."
)


def first_bidi_control(text: str) -> str | None:
    """The first bidirectional control character in ``text``, if any."""
    found = FIND.search(text) if text else None
    return found.group() if found else None


def code_point(character: str) -> str:
    """``U+202E``: how the message names the character (its English name is no help here)."""
    return f"U+{ord(character):04X}"


def refuse_bidi_controls(value) -> None:
    """Validator: a single-line text holds no bidirectional control character."""
    found = first_bidi_control(value) if isinstance(value, str) else None
    if found is not None:
        raise ValidationError(MESSAGE, code="bidi_control", params={"code": code_point(found)})


def is_single_line(field: object) -> TypeGuard[models.CharField]:
    """A text field of one line (``CharField`` and its kin); ``TextField`` is free text."""
    return isinstance(field, models.CharField)


def bidi_errors(instance: models.Model, exclude=()) -> dict[str, list[ValidationError]]:
    """``{field: [error]}`` for the single-line texts of ``instance`` holding a bidi control."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not is_single_line(field) or field.name in exclude:
            continue
        try:
            refuse_bidi_controls(field.value_from_object(instance))
        except ValidationError as error:
            errors[field.name] = error.error_list
    return errors


if TYPE_CHECKING:
    _ModelBase = models.Model
else:
    _ModelBase = object  # a plain mixin at run time; Django sees the model's own bases


class SingleLineTexts(_ModelBase):
    """Model mixin: ``clean_fields`` also refuses a bidi control in every single-line text,
    so a model form shows the message next to the field and a service write is refused.
    A subclass adds its own field rules in ``more_field_errors`` (``core.models.Record``:
    the plausible dates)."""

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.error_dict
        else:
            errors = {}
        errors.update(bidi_errors(self, exclude=set(exclude or ()) | set(errors)))
        errors.update(self.more_field_errors(exclude=set(exclude or ()) | set(errors)))
        if errors:
            raise ValidationError(errors)

    def more_field_errors(self, *, exclude: set) -> dict:
        """Messages by field for rules besides Django's and the bidi rule; none here."""
        return {}
