"""Contacts: every conversation, visit or consultation, with its topics."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.models import Location, Record, choice_label
from koers.core.scoping import Category, Scope, ScopedQuerySet


class ContactKind(models.TextChoices):
    SOCIAL_HOURS = "social_hours", _("maatschappelijk spreekuur")
    LEGAL_HOURS = "legal_hours", _("juridisch spreekuur")
    INFO_POINT = "info_point", _("infopunt")
    WALK_IN = "walk_in", _("inloopspreekuur")
    HOME_VISIT = "home_visit", _("huisbezoek")
    PHONE = "phone", _("telefonisch")
    COACHING = "coaching", _("coachingsgesprek")


class Topic(models.TextChoices):
    FINANCE = "finance", _("financiën")
    HOUSING = "housing", _("wonen")
    FAMILY_REUNIFICATION = "family_reunification", _("gezinshereniging")
    NATURALISATION = "naturalisation", _("naturalisatie")
    PERMIT_RENEWAL = "permit_renewal", _("verlenging verblijfsvergunning")
    EDUCATION = "education", _("onderwijs")
    WORK = "work", _("werk")
    HEALTH = "health", _("gezondheid")
    CIVIC_INTEGRATION = "civic_integration", _("inburgering")
    OTHER = "other", _("overig")


class Contact(Record):
    """One conversation, visit or consultation; a visitor without a file has no person."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="contacts"
    )
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=20, choices=ContactKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    visitor_ref = models.CharField(_("bezoekerskenmerk"), max_length=64, blank=True)
    trajectory = models.ForeignKey(
        "coaching.Trajectory",
        verbose_name=_("traject"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    staff = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    venue = models.CharField(_("plaats"), max_length=200, blank=True)
    note = models.TextField(_("notitie"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="location",
        category=Category.COACHING,
        person="person",
        legal_when=Q(kind=ContactKind.LEGAL_HOURS),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-date", "-id"]
        indexes = [
            # A branch's contacts of a period, with every column the indicators count by:
            # PostgreSQL answers them from the index alone (SQLite ignores ``include``).
            models.Index(
                fields=["location", "date"],
                include=["kind", "person", "trajectory", "visitor_ref", "venue", "id"],
                name="contact_period_covering",
            ),
            models.Index(fields=["person", "date"]),
        ]


class ContactTopic(models.Model):
    """One topic of a contact; a row each so figures can count per topic."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("onderwerp"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        constraints = [
            models.UniqueConstraint(fields=["contact", "topic"], name="contact_topic_once")
        ]

    def __str__(self) -> str:
        return choice_label(self._meta.get_field("topic"), self.topic)
