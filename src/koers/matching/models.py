"""Matches (koppelingen): a volunteer coupled to a client, from the waiting list to the end."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.formatting import date_text
from koers.core.models import Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet
from koers.staff.models import LANGUAGE_CHOICES


class MatchProgram(models.TextChoices):
    LANGUAGE_COACHING = "language_coaching", _("taalcoaching")
    WEGWIJS = "wegwijs", _("Wegwijs")


class MatchOutcome(models.TextChoices):
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")
    WITHDRAWN = "withdrawn", _("van de wachtlijst gehaald")


class MatchEndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("doel bereikt")
    CLIENT_STOPPED = "client_stopped", _("cliënt gestopt")
    VOLUNTEER_STOPPED = "volunteer_stopped", _("vrijwilliger gestopt")
    NO_CLICK = "no_click", _("klikte niet")
    MOVED = "moved", _("verhuisd")
    OTHER = "other", _("anders")


class Availability(models.Model):
    """When someone can meet: the day parts matching compares."""

    daytime = models.BooleanField(_("overdag (doordeweeks)"), default=False)
    evening = models.BooleanField(_("'s avonds"), default=False)
    weekend = models.BooleanField(_("in het weekend"), default=False)

    class Meta:
        abstract = True

    DAY_PARTS = ("daytime", "evening", "weekend")

    @property
    def day_parts(self) -> set[str]:
        return {part for part in self.DAY_PARTS if getattr(self, part)}


class Match(Availability, Record):
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
    staff_since = models.DateField(
        _("vrijwilliger sinds"),
        null=True,
        blank=True,
        help_text=_("Leeg: sinds de start. Eerdere vrijwilligers: vrijwilligersperiodes."),
    )
    requested_on = models.DateField(_("aangemeld op"))
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=MatchOutcome.choices, blank=True
    )
    extended_on = models.DateField(_("verlengd op"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden einde"), max_length=20, choices=MatchEndReason.choices, blank=True
    )
    end_note = models.TextField(_("toelichting einde"), blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("vorige koppeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rematch",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-requested_on"]
        constraints = [
            end_not_before_start("requested_on", "started_on", "match_started_not_before_request"),
            end_not_before_start("started_on", "ended_on", "match_end_not_before_start"),
            end_not_before_start("started_on", "staff_since", "match_staff_since_not_before_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} {self.person}"

    @property
    def status(self) -> str:
        if self.ended_on:
            return "ended"
        return "running" if self.started_on else "waiting"

    @property
    def staff_from(self):
        """The first day of the current volunteer (the start, unless the volunteer changed)."""
        return self.staff_since or self.started_on


class MatchVolunteerPeriod(Record):
    """An earlier volunteer of a running match, from when to when, and why it changed.

    As ``coaching.CoachPeriod`` for a trajectory's coach: the current volunteer is the
    match's ``staff`` from ``staff_since`` (or the start); a change closes the current
    one into a period that ends the day before (``services.match_change_volunteer``), so
    the volunteer's access follows the dates and the match runs on (no match ends).
    """

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="staff_periods"
    )
    staff = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("vrijwilliger"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match_periods",
    )
    started_on = models.DateField(_("vrijwilliger vanaf"))
    ended_on = models.DateField(_("vrijwilliger tot en met"))
    reason = models.TextField(_("reden van de wissel"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="match__person__location", category=Category.COACHING, person="match__person"
    )

    class Meta:
        verbose_name = _("vrijwilligersperiode")
        verbose_name_plural = _("vrijwilligersperiodes")
        ordering = ["match", "started_on"]
        constraints = [
            end_not_before_start("started_on", "ended_on", "match_period_end_not_before_start")
        ]

    def __str__(self) -> str:
        return f"{self.staff or '—'} {date_text(self.started_on)} t/m {date_text(self.ended_on)}"


class MatchLanguage(models.Model):
    """A language the client speaks, for finding a volunteer who speaks it too."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("taal cliënt")
        verbose_name_plural = _("talen cliënt")
        constraints = [
            models.UniqueConstraint(fields=["match", "language"], name="match_language_once")
        ]

    def __str__(self) -> str:
        return self.language


PC4 = RegexValidator(r"^[1-9]\d{3}$", _("Vier cijfers van de postcode, bijv. 3011."))


class VolunteerProfile(Availability, Record):
    """What matching needs to know of a volunteer: how many pairs, where, and when."""

    staff = models.OneToOneField(
        "staff.StaffMember",
        verbose_name=_("vrijwilliger"),
        on_delete=models.CASCADE,
        related_name="matching_profile",
    )
    max_pairs = models.PositiveSmallIntegerField(
        _("maximaal aantal koppelingen"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    postcode_area = models.CharField(
        _("postcodegebied (PC4)"), max_length=4, blank=True, validators=[PC4]
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="staff__location",
        category=Category.STAFF,
        staff_self="staff__user",
        self_writes=True,  # a volunteer keeps their own matching profile
    )

    class Meta:
        verbose_name = _("koppelprofiel vrijwilliger")
        verbose_name_plural = _("koppelprofielen vrijwilligers")

    def __str__(self) -> str:
        return str(self.staff)


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
