"""Matches (koppelingen): a volunteer coupled to a client, from the waiting list to the end."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet


class MatchProgram(models.TextChoices):
    LANGUAGE_COACHING = "language_coaching", _("taalcoaching")
    WEGWIJS = "wegwijs", _("Wegwijs")


class MatchOutcome(models.TextChoices):
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")
    WITHDRAWN = "withdrawn", _("van de wachtlijst gehaald")


class Match(Record):
    """A client put forward for a program, and the volunteer they are coupled to."""

    program = models.CharField(_("programma"), max_length=20, choices=MatchProgram.choices)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("cliënt"), on_delete=models.CASCADE, related_name="matches"
    )
    staff = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("vrijwilliger"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
    )
    requested_on = models.DateField(_("aangemeld op"))
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=MatchOutcome.choices, blank=True
    )
    extended_on = models.DateField(_("verlengd op"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-requested_on"]
        constraints = [
            end_not_before_start("requested_on", "started_on", "match_started_not_before_request"),
            end_not_before_start("started_on", "ended_on", "match_end_not_before_start"),
        ]


class MatchEvaluation(Record):
    """An evaluation of a running match, at 3 or 6 months (it closes that deadline item)."""

    class Moment(models.TextChoices):
        THREE_MONTHS = "3m", _("na 3 maanden")
        SIX_MONTHS = "6m", _("na 6 maanden")

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="evaluations"
    )
    moment = models.CharField(_("moment"), max_length=2, choices=Moment.choices)
    held_on = models.DateField(_("gehouden op"))
    note = models.TextField(_("verslag"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="match__person__location", category=Category.COACHING, person="match__person"
    )

    class Meta:
        verbose_name = _("evaluatie koppeling")
        verbose_name_plural = _("evaluaties koppelingen")
        ordering = ["match", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "moment"], name="match_evaluation_once_per_moment"
            )
        ]
