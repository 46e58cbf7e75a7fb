"""Cooperation, outreach and advocacy: the branch's partners (its social map) and the
meetings, consultations, information sessions and public events its team takes part in.

Both are branch data (``Category.BRANCH``): an activity never names a client. A case
consultation is recorded as a meeting; what it means for one client stays in that
client's file. The contract is ``shared/spec/cooperation.md``.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.formatting import date_text
from koers.core.models import Location, Record
from koers.core.scoping import Category, Scope, ScopedQuerySet


class PartnerKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("gemeente")
    SOCIAL_TEAM = "social_team", _("wijkteam of sociaal team")
    YOUTH_FAMILY = "youth_family", _("jeugd en gezin (CJG)")
    HEALTH = "health", _("zorg en gezondheid")
    DEBT_HELP = "debt_help", _("schuldhulp")
    FOOD_BANK = "food_bank", _("voedselbank")
    EDUCATION = "education", _("onderwijs")
    HOUSING = "housing", _("wonen")
    RECEPTION = "reception", _("opvang (COA)")
    GUARDIANSHIP = "guardianship", _("voogdij")
    VOLUNTEER_ORG = "volunteer_org", _("vrijwilligersorganisatie")
    FAITH = "faith", _("kerk of geloofsgemeenschap")
    OTHER = "other", _("overig")


class ActivityKind(models.TextChoices):
    CASE_CONSULTATION = "case_consultation", _("casusoverleg")
    NETWORK_MEETING = "network_meeting", _("netwerkbijeenkomst")
    MUNICIPALITY_CONSULTATION = "municipality_consultation", _("overleg met de gemeente")
    INFORMATION_SESSION = "information_session", _("voorlichting")
    PROJECT_MEETING = "project_meeting", _("projectoverleg")
    PUBLIC_EVENT = "public_event", _("publieksactiviteit")


# The kinds with an audience (``people_reached``): the spec's outreach.
OUTREACH_KINDS = (ActivityKind.INFORMATION_SESSION, ActivityKind.PUBLIC_EVENT)

PHONE = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,19}$",
    _("Een telefoonnummer bestaat uit cijfers, eventueel met +, spaties of streepjes."),
)


class Partner(Record):
    """An organisation the branch works with: one entry of its social map.

    Contact person and phone are the organisation's, never a client's.
    """

    location = models.ForeignKey(
        Location, verbose_name=_("afdeling"), on_delete=models.PROTECT, related_name="partners"
    )
    name = models.CharField(
        _("naam"), max_length=200, help_text=_("bijv. Wijkteam Noord of Voedselbank")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PartnerKind.choices)
    contact_person = models.CharField(
        _("contactpersoon"),
        max_length=200,
        blank=True,
        help_text=_("Iemand van de organisatie, nooit een cliënt."),
    )
    phone = models.CharField(
        _("telefoon"),
        max_length=20,
        blank=True,
        validators=[PHONE],
        help_text=_("Het nummer van de organisatie of de contactpersoon daar."),
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.BRANCH)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["location", "name"])]

    def __str__(self) -> str:
        return self.name


class Activity(Record):
    """A meeting, consultation, information session or public event of the branch."""

    location = models.ForeignKey(
        Location, verbose_name=_("afdeling"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(
        _("titel"), max_length=200, help_text=_("Kort, bijv. Platform vluchtelingen")
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), blank=True, related_name="activities"
    )
    staff = models.ManyToManyField(
        "staff.StaffMember",
        verbose_name=_("van ons team"),
        blank=True,
        related_name="activities",
    )
    people_reached = models.PositiveIntegerField(
        _("bereikt (aantal mensen)"),
        null=True,
        blank=True,
        help_text=_("Alleen bij een voorlichting of publieksactiviteit: het publiek."),
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.BRANCH)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["location", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_reached__isnull=True) | Q(kind__in=OUTREACH_KINDS),
                name="activity_audience_only_for_outreach",
                violation_error_message=_(
                    "Een aantal bereikte mensen hoort alleen bij een voorlichting of "
                    "publieksactiviteit."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({date_text(self.date)})"

    @property
    def has_audience(self) -> bool:
        return self.kind in OUTREACH_KINDS
