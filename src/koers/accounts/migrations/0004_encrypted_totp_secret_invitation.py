"""Authenticator secrets encrypted at rest (KOERS_FIELD_KEY); invitations to enrol.

Existing secrets are encrypted in place: a new column gets the encrypted value, the
plain column goes. Without a key in production the migration stops with the reason.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import koers.core.fields


def encrypt_secrets(apps, schema_editor):
    TOTPDevice = apps.get_model("accounts", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "secret").iterator(chunk_size=500):
        device.sealed_secret = bytes(device.secret)
        device.save(update_fields=["sealed_secret"])


def decrypt_secrets(apps, schema_editor):
    TOTPDevice = apps.get_model("accounts", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "sealed_secret").iterator(chunk_size=500):
        device.secret = device.sealed_secret
        device.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_two_factor_lockout_login_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="totpdevice",
            name="sealed_secret",
            field=koers.core.fields.EncryptedBinaryField(
                editable=False, null=True, verbose_name="geheim"
            ),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
        migrations.RemoveField(model_name="totpdevice", name="secret"),
        migrations.RenameField(
            model_name="totpdevice", old_name="sealed_secret", new_name="secret"
        ),
        migrations.AlterField(
            model_name="totpdevice",
            name="secret",
            field=koers.core.fields.EncryptedBinaryField(editable=False, verbose_name="geheim"),
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code_hash",
                    models.CharField(
                        editable=False, max_length=64, unique=True, verbose_name="hash"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="aangemaakt"
                    ),
                ),
                ("expires_at", models.DateTimeField(verbose_name="geldig tot")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="gebruikt")),
                (
                    "voided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="vervallen"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="aangemaakt door",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            options={
                "verbose_name": "uitnodiging",
                "verbose_name_plural": "uitnodigingen",
                "indexes": [
                    models.Index(fields=["user", "created_at"], name="invitation_user_created")
                ],
            },
        ),
    ]
