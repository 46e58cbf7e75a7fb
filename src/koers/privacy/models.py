"""The marks anonymisation leaves behind, and the erasure requests a branch received."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.formatting import date_text
from koers.core.scoping import Category, Scope, ScopedQuerySet


class AnonymisationReason(models.TextChoices):
    RETENTION = "retention", _("bewaartermijn verstreken")
    ERASURE = "erasure", _("verzoek tot wissen")


class Anonymisation(models.Model):
    """A client whose identifying data was overwritten: when, by whom (empty: the schedule), why.

    The person row stays, so every figure of past years still counts them; this row is
    how Koers knows the rest of the file is no longer theirs to show or to export.
    """

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("cliënt"),
        on_delete=models.CASCADE,
        related_name="anonymisation",
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reden"), max_length=20, choices=AnonymisationReason.choices)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.PERSON, person="person")

    class Meta:
        verbose_name = _("anonimisering")
        verbose_name_plural = _("anonimiseringen")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{date_text(self.at)} {self.get_reason_display()}"


class ErasureRequest(models.Model):
    """A client's request to erase their data, as the team leader recorded it, and the answer.

    Kept also when refused: the branch must be able to show what it was asked and why it
    said no (GDPR art. 12 and 17).
    """

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cliënt"),
        on_delete=models.CASCADE,
        related_name="erasure_requests",
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(
        _("toelichting"),
        help_text=_("Hoe en wanneer het verzoek binnenkwam; geen namen of andere gegevens."),
    )
    granted = models.BooleanField(_("toegekend"))
    refusal = models.TextField(_("reden van weigering"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.PERSON, person="person")

    class Meta:
        verbose_name = _("verzoek tot wissen")
        verbose_name_plural = _("verzoeken tot wissen")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return str(_("verzoek om te wissen van %(day)s") % {"day": date_text(self.at)})
