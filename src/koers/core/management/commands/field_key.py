"""``koers field_key``: make a key for secrets at rest, or re-encrypt them with the first key.

koers field_key new      print a fresh key (put it first in KOERS_FIELD_KEY)
koers field_key rotate   re-encrypt every stored secret with the first key
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from koers.core import field_keys
from koers.core.fields import encrypted_fields, stored_tokens


class Command(BaseCommand):
    help = (
        "Sleutels voor geheimen in de database (KOERS_FIELD_KEY): 'new' maakt een sleutel, "
        "'rotate' versleutelt alles opnieuw met de eerste sleutel."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["new", "rotate"])

    def handle(self, *args, action: str, **options):
        if action == "new":
            self.stdout.write(field_keys.new_key())
            return
        try:
            counts = rotate_all()
        except field_keys.SecretUnreadable as error:
            raise CommandError(f"{error}; nothing was changed.") from None
        for label, (rotated, total) in counts.items():
            self.stdout.write(f"{label}: {rotated} of {total} re-encrypted with the first key")
        self.stdout.write("Done. Keys after the first one may now be removed from KOERS_FIELD_KEY.")


@transaction.atomic
def rotate_all() -> dict[str, tuple[int, int]]:
    """Re-encrypt every value not written with the first key; per field: (rotated, total).

    One transaction: a value no key can read stops the whole run with nothing changed.
    """
    field_keys.configured_keys()  # a clear error when no key is set at all
    counts = {}
    for model, field in encrypted_fields():
        rotated = total = 0
        tokens = stored_tokens(model, field).select_for_update().exclude(**{field.name: None})
        for pk, token in tokens.iterator(chunk_size=500):
            total += 1
            if field_keys.needs_rotation(token):
                value = field_keys.decrypt(token)
                model._default_manager.filter(pk=pk).update(**{field.name: value})
                rotated += 1
        counts[f"{model._meta.label}.{field.name}"] = (rotated, total)
    return counts
