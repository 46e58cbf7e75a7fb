"""Deadline rules as data: the shipped defaults and overrides per region or branch.

The terms change with the law, so a rule's offset and whether it is on are rows, not
code. What a rule applies to, its anchor and the condition that closes it are the
rule's query in :mod:`koers.deadlines.selectors`, found by its ``code``.
Resolution for a branch: the branch's setting, else its region's, else the default.
Their history is the change log's, like every record's (``selectors.rule_history``).
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.models import Record
from koers.core.scoping import Capability
from koers.deadlines.offsets import Offset

OFFSET_LIMIT = [MaxValueValidator(600)]


class AppliesTo(models.TextChoices):
    PERSON = "person", _("cliënt")
    DOSSIER = "dossier", _("dossier")
    DOSSIER_STEP = "dossier_step", _("dossierstap")
    TRAJECTORY = "trajectory", _("traject")
    MATCH = "match", _("koppeling")
    LINKING = "linking", _("koppeling COA")  # integration-2021.md
    INTEGRATION_PLAN = "integration_plan", _("inburgeringsplan (Wi2021)")


class Anchor(models.TextChoices):
    FIRST_COUNTED_HOUSING = "first_counted_housed_on", _("eerste getelde huisvestingsdatum")
    PERMIT_GRANTED = "permit_granted_on", _("datum verblijfsvergunning")
    DOSSIER_OPENED = "dossier_opened_on", _("opening van het dossier")
    TRAJECTORY_STARTED = "trajectory_started_on", _("start van het traject")
    MATCH_STARTED = "match_started_on", _("start van de koppeling")
    LINKED = "linked_on", _("datum van koppeling aan de gemeente")  # integration-2021.md
    OBLIGATION = "obligation_on", _("begin van de inburgeringsplicht")
    PIP = "pip_on", _("datum van het PIP")
    APPLICATION_FILED = "application_filed_on", _("indiening van de aanvraag")  # legal
    NOTICE_OF_DEFAULT = "notice_of_default_on", _("verzending van de ingebrekestelling")
    DECISION = "decision_on", _("datum van de beslissing")


class OffsetFields(models.Model):
    """A term after the anchor, and whether the rule is on."""

    offset_years = models.PositiveSmallIntegerField(_("jaren"), default=0, validators=OFFSET_LIMIT)
    offset_months = models.PositiveSmallIntegerField(
        _("maanden"), default=0, validators=OFFSET_LIMIT
    )
    offset_days = models.PositiveSmallIntegerField(_("dagen"), default=0, validators=OFFSET_LIMIT)
    offset_weeks = models.PositiveSmallIntegerField(_("weken"), default=0, validators=OFFSET_LIMIT)
    enabled = models.BooleanField(_("actief"), default=True)

    class Meta:
        abstract = True

    @property
    def offset(self) -> Offset:
        return Offset(self.offset_years, self.offset_months, self.offset_days, self.offset_weeks)

    def settings_dict(self) -> dict:
        return {
            "offset_years": self.offset_years,
            "offset_months": self.offset_months,
            "offset_weeks": self.offset_weeks,
            "offset_days": self.offset_days,
            "enabled": self.enabled,
        }


def term_place(*, region: str = "", location: Any = None) -> dict[str, Any]:
    """Where a term applies, as :func:`koers.core.scoping.may` asks it: a branch, a region,
    or (neither) the whole foundation, whose default only a superuser changes."""
    if location is not None:
        return {"location": location}
    if region:
        return {"region": region}
    return {"everywhere": True}


class DeadlineRule(OffsetFields):
    """A rule with its default term (the foundation-wide one)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    applies_to = models.CharField(_("geldt voor"), max_length=20, choices=AppliesTo.choices)
    anchor = models.CharField(_("ankerdatum"), max_length=30, choices=Anchor.choices)
    closed_when = models.CharField(_("gesloten wanneer"), max_length=300)
    version = models.PositiveIntegerField(default=1, editable=False)

    # configuration, not a record of a branch: written where its place allows (may_write)
    configured_by = Capability.CONFIGURE_DEADLINES

    class Meta:
        verbose_name = _("termijnregel")
        verbose_name_plural = _("termijnregels")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def place(self) -> dict[str, Any]:
        return term_place()


class RuleSetting(OffsetFields, Record):
    """A region's or one branch's own term for a rule (exactly one of the two is set).

    A record (external id, version): a branch's own terms travel in its bundle
    (``deadline_terms.csv``); region-wide ones are configuration and stay out.
    """

    configured_by = Capability.CONFIGURE_DEADLINES  # see DeadlineRule

    rule = models.ForeignKey(
        DeadlineRule, verbose_name=_("regel"), on_delete=models.CASCADE, related_name="settings"
    )
    region = models.CharField(_("regio"), max_length=200, blank=True)
    location = models.ForeignKey(
        "core.Location",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_rule_settings",
    )

    class Meta:
        verbose_name = _("afwijkende termijn")
        verbose_name_plural = _("afwijkende termijnen")
        constraints = [
            models.CheckConstraint(
                name="rule_setting_region_or_location",
                condition=(Q(location__isnull=True) & ~Q(region=""))
                | (Q(location__isnull=False) & Q(region="")),
            ),
            models.UniqueConstraint(
                fields=["rule", "region"],
                condition=Q(location__isnull=True),
                name="rule_setting_once_per_region",
            ),
            models.UniqueConstraint(
                fields=["rule", "location"],
                condition=Q(location__isnull=False),
                name="rule_setting_once_per_location",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code} @ {self.location_id or self.region}"

    def place(self) -> dict[str, Any]:
        return term_place(region=self.region, location=self.location)


class Digest(models.Model):
    """One daily digest mailed to a user: the day it was for, when it went, what it held.

    One per user and day: a second run of ``koers deadlines --digest`` on the same day
    mails nobody who already had theirs. The items are references (rule, record, client
    ids, due date), no names; kept :data:`koers.deadlines.digest.KEPT_DAYS` days.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    on = models.DateField(_("dag"))
    sent_at = models.DateTimeField(_("verstuurd"), default=timezone.now)
    items = models.JSONField(_("termijnen"), default=list)

    class Meta:
        verbose_name = _("termijnoverzicht")
        verbose_name_plural = _("termijnoverzichten")
        ordering = ["-on", "-sent_at"]
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} — {self.on}"
