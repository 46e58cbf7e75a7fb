"""Legal dossiers (family reunification, naturalisation, …) and the steps of their procedure."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.models import Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet


class DossierKind(models.TextChoices):
    FAMILY_REUNIFICATION = "family_reunification", _("gezinshereniging")
    NATURALISATION = "naturalisation", _("naturalisatie")
    PERMIT_RENEWAL = "permit_renewal", _("verlenging verblijfsvergunning")
    TRAVEL_DOCUMENT = "travel_document", _("reisdocument")
    ASYLUM = "asylum", _("asiel")
    OTHER = "other", _("overig")


class DossierOutcome(models.TextChoices):
    GRANTED = "granted", _("toegekend")
    REFUSED = "refused", _("afgewezen")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    TRANSFERRED = "transferred", _("overgedragen")


class StepKind(models.TextChoices):
    APPLICATION_FILED = "application_filed", _("aanvraag ingediend")
    IND_DECISION = "ind_decision", _("beslissing IND")
    OBJECTION_FILED = "objection_filed", _("bezwaar ingediend")
    APPEAL_FILED = "appeal_filed", _("beroep ingesteld")
    DNA_TEST = "dna_test", _("DNA-onderzoek")
    EMBASSY_VISIT = "embassy_visit", _("bezoek ambassade")
    VISA_ISSUED = "visa_issued", _("visum afgegeven")
    ARRIVAL = "arrival", _("aankomst")
    OTHER = "other", _("overig")


class Dossier(Record):
    """A legal dossier; for family reunification the person is the sponsor (referent)."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("cliënt"), on_delete=models.CASCADE, related_name="dossiers"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=DossierKind.choices)
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=DossierOutcome.choices, blank=True
    )
    guardianship = models.BooleanField(_("Nidos-voogdij"), null=True, blank=True)
    family_members = models.PositiveIntegerField(
        _("aangevraagde gezinsleden"), null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.LEGAL, person="person")

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-opened_on"]
        constraints = [
            end_not_before_start("opened_on", "closed_on", "dossier_closed_not_before_opened"),
            models.CheckConstraint(
                name="dossier_closed_has_outcome",
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""),
            ),
        ]


class DossierStep(Record):
    """A step in a dossier's procedure: when it happened, and by when it must."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("stap"), max_length=30, choices=StepKind.choices)
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    note = models.TextField(_("notitie"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="dossier__person__location", category=Category.LEGAL, person="dossier__person"
    )

    class Meta:
        verbose_name = _("dossierstap")
        verbose_name_plural = _("dossierstappen")
        ordering = ["dossier", "due_on", "done_on"]
