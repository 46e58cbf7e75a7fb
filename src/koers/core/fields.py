"""Model fields the base offers every app."""

from django.db import models
from django.db.models.functions import Cast

from koers.core import field_keys


class EncryptedBinaryField(models.Field):
    """Bytes that must be read back (a TOTP secret, a token that is not a hash), stored
    encrypted: the column holds a Fernet token (:mod:`koers.core.field_keys`), never the
    value. Reading decrypts with any configured key, writing encrypts with the first.
    Encryption is randomised, so the field cannot be searched on.
    """

    description = "bytes, encrypted at rest"
    # What django-stubs' plugin reads as the attribute's types.
    _pyi_private_set_type: bytes | None
    _pyi_private_get_type: bytes

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "TextField"  # a Fernet token is ASCII text, of any length

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return field_keys.decrypt(value)

    def to_python(self, value):
        if isinstance(value, memoryview | bytearray):
            return bytes(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            raise TypeError(f"{self.name}: give bytes, not text (the value is encrypted)")
        return field_keys.encrypt(bytes(value))

    def formfield(self, **kwargs):
        return None  # never edited in a form, never shown


def encrypted_fields():
    """``(model, field)`` for every encrypted field of every installed model."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedBinaryField):
                yield model, field


def stored_tokens(model, field) -> models.QuerySet:
    """``(pk, token)`` pairs as the database holds them (not decrypted)."""
    raw = Cast(field.name, output_field=models.TextField())
    return model._default_manager.annotate(_token=raw).values_list("pk", "_token")
