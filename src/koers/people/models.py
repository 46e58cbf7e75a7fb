"""Clients and their households, the dwellings they are housed in, and the housing quota."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core import dates
from koers.core.countries import COUNTRIES, country_label
from koers.core.languages import LANGUAGE_CHOICES
from koers.core.models import Location, Record
from koers.core.scoping import Category, Scope, ScopedQuerySet
from koers.people.phones import shown_phone, validate_phone


class Sex(models.TextChoices):
    FEMALE = "F", _("vrouw")
    MALE = "M", _("man")
    X = "X", _("X")


class ArrivalRoute(models.TextChoices):
    REGULAR = "regular", _("regulier (asielprocedure)")
    FAMILY_REUNIFICATION = "family_reunification", _("nareiziger (gezinshereniging)")
    RESETTLEMENT = "resettlement", _("hervestiger (UNHCR)")
    SELF_REGISTERED = "self_registered", _("zelfmelder")


NATIONALITY_CHOICES = [  # by Dutch name; each label shown in the reader's language
    (code, country_label(code))
    for code, _name in sorted(COUNTRIES.items(), key=lambda item: item[1])
]
V_NUMBER = RegexValidator(r"^\d{10}$", _("Een V-nummer bestaat uit 10 cijfers."))
POSTCODE = RegexValidator(
    r"^\d{4} [A-Z]{2}$", _("Een postcode is vier cijfers, spatie, twee hoofdletters.")
)


class Household(Record):
    """People who live together; in a bundle only as the household_id of people.csv."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="households"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.PERSON, person="members", person_many=True)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        indexes = [models.Index(fields=["location", "id"], name="household_location_id")]


class Person(Record):
    """A client (statushouder) or a family member in the Netherlands."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="people"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("huishouden"), on_delete=models.PROTECT, related_name="members"
    )
    given_name = models.CharField(_("voornaam"), max_length=200)
    family_name = models.CharField(_("achternaam"), max_length=200)
    birth_date = models.DateField(_("geboortedatum"))
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices)
    nationality = models.CharField(_("nationaliteit"), max_length=3, choices=NATIONALITY_CHOICES)
    v_number = models.CharField(
        _("V-nummer"), max_length=10, blank=True, validators=[V_NUMBER], db_index=True
    )
    arrival_route = models.CharField(_("komst via"), max_length=30, choices=ArrivalRoute.choices)
    permit_granted_on = models.DateField(_("vergunning verleend op"), null=True, blank=True)
    civic_integration_required = models.BooleanField(
        _("inburgeringsplichtig"), null=True, blank=True
    )
    participation_statement_signed_on = models.DateField(
        _("participatieverklaring getekend op"), null=True, blank=True
    )
    name_key = models.CharField(
        _("zoeksleutel naam"), max_length=400, blank=True, editable=False, db_index=True
    )
    # Reaching the client: no more than that (no BSN, no religion); the languages they
    # speak are rows of PersonLanguage, the address is their current placement's dwelling.
    phone = models.CharField(
        _("telefoonnummer"),
        max_length=16,
        blank=True,
        validators=[validate_phone],
        help_text=_("Nederlands of internationaal, bijvoorbeeld 06 12345678 of +32 470 123456."),
    )
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    interpreter_language = models.CharField(
        _("tolk nodig in"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("Leeg: er is geen tolk nodig."),
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.PERSON, person="pk")

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["location", "family_name"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["location", "id"], name="person_location_id"),  # indicators
        ]
        constraints = [
            # one person, one record: a V-number is one person's across the installation
            models.UniqueConstraint(
                fields=["v_number"],
                condition=~Q(v_number=""),
                name="person_v_number_once",
                violation_error_message=_("Dit V-nummer hoort al bij een andere persoon in Koers."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self):
        """One person, one record: a V-number another person has is refused at the field."""
        super().clean()
        if (
            self.v_number
            and type(self).objects.filter(v_number=self.v_number).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"v_number": _("Dit V-nummer hoort al bij een andere persoon in Koers.")}
            )

    def age_on(self, day: datetime.date) -> int:
        return dates.age_on(self.birth_date, day)

    @property
    def phone_shown(self) -> str:
        return shown_phone(self.phone)


class PersonLanguage(models.Model):
    """A language the client speaks (ISO 639-1, the list of the staff's languages): for
    talking with them and for finding a volunteer who speaks it too (matching)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("taal van de cliënt")
        verbose_name_plural = _("talen van de cliënt")
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_once")
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class Dwelling(Record):
    """A home made available for housing."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="dwellings"
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[POSTCODE])
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    landlord = models.CharField(_("verhuurder"), max_length=200, blank=True)
    available_on = models.DateField(_("beschikbaar gesteld op"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="location",
        category=Category.COACHING,
        person="placements__person",
        person_many=True,
    )

    class Meta:
        verbose_name = _("woning")
        verbose_name_plural = _("woningen")
        indexes = [models.Index(fields=["location", "id"], name="dwelling_location_id")]

    def __str__(self) -> str:
        return (
            " ".join(part for part in (self.postcode, self.house_number) if part)
            or super().__str__()
        )


class Placement(Record):
    """A person housed in the municipality (counts against the quota unless marked otherwise)."""

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="placements"
    )
    dwelling = models.ForeignKey(
        Dwelling, verbose_name=_("woning"), on_delete=models.PROTECT, related_name="placements"
    )
    housed_on = models.DateField(_("gehuisvest op"))
    counts_for_quota = models.BooleanField(_("telt voor de taakstelling"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="dwelling__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        indexes = [models.Index(fields=["housed_on"])]


class QuotaPeriod(Record):
    """The housing quota (taakstelling) the state set for one half-year."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="quota_periods"
    )
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    quota = models.PositiveIntegerField(_("taakstelling"), validators=[MinValueValidator(0)])
    backlog_in = models.IntegerField(
        _("achterstand bij aanvang"),
        null=True,
        blank=True,
        help_text=_("Alleen op de eerste periode: positief is achterstand, negatief voorsprong."),
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.BRANCH)

    class Meta:
        verbose_name = _("taakstellingsperiode")
        verbose_name_plural = _("taakstellingsperiodes")
        ordering = ["location", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "starts_on"], name="quota_period_once_per_half_year"
            ),
            models.CheckConstraint(
                name="quota_period_is_a_half_year",
                condition=Q(starts_on__month=1, starts_on__day=1, ends_on__month=6, ends_on__day=30)
                | Q(starts_on__month=7, starts_on__day=1, ends_on__month=12, ends_on__day=31),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.starts_on.year}-H{1 if self.starts_on.month == 1 else 2}"

    @staticmethod
    def bounds(period: str) -> tuple[datetime.date, datetime.date]:
        """First and last day of a ``YYYY-H1`` / ``YYYY-H2`` code; ValueError otherwise."""
        year, sep, half = period.partition("-H")
        if not (sep and year.isdigit() and len(year) == 4 and half in {"1", "2"}):
            raise ValueError(period)
        y = int(year)
        if half == "1":
            return datetime.date(y, 1, 1), datetime.date(y, 6, 30)
        return datetime.date(y, 7, 1), datetime.date(y, 12, 31)


class CivicIntegrationOutcome(models.TextChoices):
    EXAM_PASSED = "exam_passed", _("inburgeringsexamen gehaald")
    STATE_EXAM_PASSED = "state_exam_passed", _("staatsexamen NT2 gehaald")
    EXEMPTION = "exemption", _("ontheffing")
    DISPENSATION = "dispensation", _("vrijstelling")


class CivicIntegrationResult(Record):
    """A civic-integration exam result or exemption (it closes the civic-integration term)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="civic_integration_results",
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=CivicIntegrationOutcome.choices
    )
    decided_on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("inburgeringsresultaat")
        verbose_name_plural = _("inburgeringsresultaten")
        ordering = ["person", "decided_on"]


class MergedRecord(models.Model):
    """A person's record that was merged into ``person`` and deleted (``people.merge``).

    The access log is append-only (NEN 7513), so its rows about the removed record keep
    that record's id; this row makes them part of the kept record's history (the client's
    access log reads ``person`` and every ``merged_id`` of it). A later merge of ``person``
    moves these rows on, like every relation to a person.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("bewaard dossier"), on_delete=models.CASCADE, related_name="merged"
    )
    merged_id = models.BigIntegerField(_("samengevoegd dossier"), unique=True)
    external_id = models.CharField(_("extern id"), max_length=64)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.PERSON, person="person")

    class Meta:
        verbose_name = _("samengevoegd dossier")
        verbose_name_plural = _("samengevoegde dossiers")

    def __str__(self) -> str:
        return f"{self.external_id} → {self.person_id}"
