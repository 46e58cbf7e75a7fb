"""Classes, workshop series and group programmes: their sessions, enrolments and attendance."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Location, Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet
from koers.staff.models import LANGUAGE_CHOICES


class GroupProgram(models.TextChoices):
    PARTICIPATION_STATEMENT = "participation_statement", _("participatieverklaringstraject")
    CIVIC_INTEGRATION = "civic_integration", _("inburgering")
    LANGUAGE_CENTRE = "language_centre", _("Taalcentrum")
    COMPUTER_CLASS = "computer_class", _("computerles")
    LANGUAGE_CLASS = "language_class", _("taalklas")
    VIP = "vip", _("VIP")


class GroupLevel(models.TextChoices):
    ALPHA = "alpha", _("alfabetisering")
    CIVIC_INTEGRATION = "civic_integration", _("inburgering")
    STATE_EXAM = "state_exam", _("staatsexamen")
    BEGINNER = "beginner", _("beginners")
    INTERMEDIATE = "intermediate", _("halfgevorderd")
    ADVANCED = "advanced", _("gevorderd")


class Group(Record):
    """A class, workshop series or group programme of a branch."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="groups"
    )
    program = models.CharField(_("programma"), max_length=30, choices=GroupProgram.choices)
    level = models.CharField(_("niveau"), max_length=20, choices=GroupLevel.choices, blank=True)
    language = models.CharField(
        _("voertaal naast Nederlands"), max_length=2, choices=LANGUAGE_CHOICES, blank=True
    )
    evening = models.BooleanField(_("avondgroep"), null=True, blank=True)
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    staff = models.ManyToManyField(
        "staff.StaffMember", verbose_name=_("begeleiders"), blank=True, related_name="groups"
    )

    objects = ScopedQuerySet.as_manager()
    # those who run it (its helpers) write it, besides the team leader
    scope = Scope(location="location", category=Category.BRANCH, run_by="staff__user")

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["-started_on"]
        constraints = [end_not_before_start("started_on", "ended_on", "group_end_not_before_start")]


class GroupSession(Record):
    """A meeting of a group that took place (sessions.csv)."""

    group = models.ForeignKey(
        Group, verbose_name=_("groep"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("datum"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="group__location", category=Category.BRANCH, run_by="group__staff__user")

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["group", "date"]


class Enrolment(Record):
    """A person in a group (plaatsing); it ends on left_on, or at the latest with the group."""

    group = models.ForeignKey(
        Group, verbose_name=_("groep"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    enrolled_on = models.DateField(_("ingeschreven op"))
    left_on = models.DateField(_("uitgeschreven op"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="group__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            end_not_before_start("enrolled_on", "left_on", "enrolment_left_not_before_enrolled")
        ]


class Attendance(Record):
    """Whether an enrolled person was present at a session."""

    session = models.ForeignKey(
        GroupSession,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    present = models.BooleanField(_("aanwezig"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="session__group__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="attendance_once_per_session"
            )
        ]
