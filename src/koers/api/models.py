"""The API's own records: access tokens, their rate-limit counters, and bundle jobs.

A token is shown once and stored only as its keyed hash (HMAC-SHA256): tokens are
long random strings, so a fast hash is as safe as a slow one and costs nothing per
request. What a token may reach is what its person may reach: it carries no scope of
its own.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_NAME_LENGTH = 100


class ApiToken(models.Model):
    """A named, expiring, revocable key that acts as its user through the API."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("naam"), max_length=TOKEN_NAME_LENGTH)
    prefix = models.CharField(_("begin van de sleutel"), max_length=16)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    created_by = models.CharField(_("gemaakt door"), max_length=150, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_name_once_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"


class RateWindow(models.Model):
    """How many requests a token made in one fixed window (shared by every server process)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    window = models.BigIntegerField()  # seconds since the epoch // window length
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "window"], name="rate_window_once")]

    def __str__(self) -> str:
        return f"{self.token_id}@{self.window}: {self.count}"


class Job(models.Model):
    """A bundle import (checked first, then run) or export, with its progress and result."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("import")
        EXPORT = "export", _("export")

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("bezig")
        CHECKED = "checked", _("gecontroleerd")
        REFUSED = "refused", _("afgekeurd")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    dry_run = models.BooleanField(_("alleen controleren"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="api_jobs",
    )
    location = models.ForeignKey(
        "core.Location",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    result = models.JSONField(_("resultaat"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.uid} ({self.status})"
