"""An import of a bundle, recorded once: who, when, from what, and what it changed.

The change log keeps one row per record the import created or updated, all with the
run's ``at``: a created record's row says who and when (its values are the record's,
or the ``before`` of its first later change), an updated record's row holds
``[before, after]`` of every changed field. The records an import created also carry
the run's moment as their ``created_at``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.actors import SystemActor
from koers.core.models import ChangeLogEntry

SOURCE = "import"  # the change log's ``source`` of every row an import writes
IMPORT = SystemActor(SOURCE)  # who imports when no person is named (``koers import``)


class ImportRun(models.Model):
    """One import that wrote something (an import that changes nothing leaves no trace)."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.CharField(_("door"), max_length=150, default=IMPORT.name)
    source = models.CharField(_("bundel"), max_length=500)
    created = models.PositiveIntegerField(_("aangemaakt"), default=0)
    updated = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    files = models.JSONField(_("per bestand"), default=dict)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.source}"

    def changes(self):
        """The change-log rows this import wrote."""
        return ChangeLogEntry.objects.filter(source=SOURCE, at=self.at)
