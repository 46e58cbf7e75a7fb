"""The team leader's story per report section, and the published (frozen) editions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Location, Record
from koers.core.scoping import Category, Scope, ScopedQuerySet


class ReportNarrative(Record):
    """The text of one section of one yearly report, while it is a draft.

    Edited through ``record_update`` (optimistic locking); every saved draft is a
    change-log row, which is the history shown next to the editor.
    """

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2000)])
    section = models.CharField(_("onderdeel"), max_length=40)
    text = models.TextField(_("tekst"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.BRANCH)

    class Meta:
        verbose_name = _("rapporttekst")
        verbose_name_plural = _("rapportteksten")
        ordering = ["location", "year", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "year", "section"], name="report_narrative_once_per_section"
            )
        ]


class PublishedReport(Record):
    """One published edition of a yearly report: everything it showed, frozen.

    ``figures`` and ``previous_figures`` are the engine's whole dicts for the year and
    the year before, ``narrative`` the section texts, ``definitions_version`` the
    version of the indicator definitions that produced them. A correction is a new
    edition with its own date; an edition is never changed.
    """

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    edition = models.PositiveSmallIntegerField(_("editie"), default=1)
    published_on = models.DateField(_("gepubliceerd op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    figures = models.JSONField(_("cijfers"))
    previous_figures = models.JSONField(_("cijfers vorig jaar"))
    monthly = models.JSONField(_("cijfers per maand"), default=list, blank=True)
    narrative = models.JSONField(_("teksten"), default=dict, blank=True)
    details = models.JSONField(
        _("namen en titels per onderdeel"),
        default=dict,
        blank=True,
        help_text=_("Bijv. de partners en voorlichtingen van het onderdeel samenwerking."),
    )
    definitions_version = models.CharField(_("versie definities"), max_length=20)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.BRANCH)

    class Meta:
        verbose_name = _("gepubliceerd jaarverslag")
        verbose_name_plural = _("gepubliceerde jaarverslagen")
        ordering = ["location", "-year", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "year", "edition"], name="published_report_edition_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.year} ({self.edition})"


class EditionFile(models.Model):
    """A published edition rendered once in one format and language, served as stored from
    then on (``format``: "pdf" in Dutch, "pdf.en" in English: `services.stored_format`).

    An edition never changes, so neither does its file; rendering its PDF takes seconds
    of a worker (layout of some twenty pages), which a municipality's every download
    would otherwise pay again. Derived data, not a record: no history, no scope of its
    own (served only through its edition's access check).
    """

    edition = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=10)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "format"], name="edition_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.edition} ({self.format})"
