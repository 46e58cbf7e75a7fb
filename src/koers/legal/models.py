"""Legal dossiers (family reunification, naturalisation, …) and the steps of their procedure."""

from django.db import models
from django.db.models import F, Q
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
    DECISION_TERM_EXTENDED = "decision_term_extended", _("beslistermijn verlengd")
    NOTICE_OF_DEFAULT = "notice_of_default", _("ingebrekestelling verzonden")
    OBJECTION_DECISION = "objection_decision", _("beslissing op bezwaar")
    APPEAL_RULING = "appeal_ruling", _("uitspraak rechtbank")
    OTHER = "other", _("overig")


# The steps that are a decision and so have an outcome (granted, partly, refused, withdrawn).
DECISION_STEPS = (StepKind.IND_DECISION, StepKind.OBJECTION_DECISION, StepKind.APPEAL_RULING)


class StepOutcome(models.TextChoices):
    """What a decision step decided."""

    GRANTED = "granted", _("toegekend")
    PARTLY_GRANTED = "partly_granted", _("gedeeltelijk toegekend")
    REFUSED = "refused", _("afgewezen")
    WITHDRAWN = "withdrawn", _("ingetrokken")


# The outcomes after which an objection (or, after an objection, an appeal) may be lodged.
CONTESTABLE = (StepOutcome.PARTLY_GRANTED, StepOutcome.REFUSED)


class Relationship(models.TextChoices):
    PARTNER = "partner", _("partner")
    CHILD = "child", _("kind")
    PARENT = "parent", _("ouder")
    SIBLING = "sibling", _("broer of zus")
    OTHER = "other", _("ander familielid")


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
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=StepOutcome.choices, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="dossier__person__location", category=Category.LEGAL, person="dossier__person"
    )

    class Meta:
        verbose_name = _("dossierstap")
        verbose_name_plural = _("dossierstappen")
        ordering = ["dossier", "due_on", "done_on"]
        constraints = [
            models.CheckConstraint(
                name="step_outcome_only_of_a_decision",
                condition=Q(outcome="") | Q(step__in=DECISION_STEPS),
            ),
            models.CheckConstraint(
                name="step_outcome_only_when_done",
                condition=Q(outcome="") | Q(done_on__isnull=False),
            ),
        ]

    @property
    def is_decision(self) -> bool:
        return self.step in DECISION_STEPS


class FamilyMember(Record):
    """A family member a (family-reunification) dossier concerns: who, where, and arrived when.

    Personal data of someone who is not (yet) a client: scoped like the dossier, about its
    client. Once arrived, the member can be registered as a person of the client's
    household (``person``), without typing the details again.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="members"
    )
    given_name = models.CharField(_("voornaam"), max_length=200)
    family_name = models.CharField(_("achternaam"), max_length=200, blank=True)
    relationship = models.CharField(
        _("relatie tot de cliënt"), max_length=20, choices=Relationship.choices
    )
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    whereabouts = models.CharField(_("verblijfplaats"), max_length=200, blank=True)
    arrived_on = models.DateField(_("aangekomen op"), null=True, blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("geregistreerd als"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_member_entries",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="dossier__person__location", category=Category.LEGAL, person="dossier__person"
    )

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        ordering = ["dossier", "birth_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="family_member_arrived_not_before_birth",
                condition=Q(arrived_on__isnull=True)
                | Q(birth_date__isnull=True)
                | Q(arrived_on__gte=F("birth_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()
