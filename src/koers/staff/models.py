"""Volunteers, interns and paid staff of a branch, their roles and trainings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.languages import LANGUAGE_CHOICES
from koers.core.models import Location, Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet


class StaffKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("vrijwilliger")
    INTERN_HBO = "intern_hbo", _("hbo-stagiair")
    INTERN_MBO = "intern_mbo", _("mbo-stagiair")
    PAID = "paid", _("betaalde kracht")


class StaffRoleCode(models.TextChoices):
    LEGAL = "legal", _("juridisch medewerker")
    SOCIAL = "social", _("maatschappelijk begeleider")
    HOUSING_COACH = "housing_coach", _("coach huisvesting")
    RECEPTION = "reception", _("receptie")
    INTERPRETER = "interpreter", _("tolk")
    LANGUAGE_COACH = "language_coach", _("taalcoach")
    JOB_COACH = "job_coach", _("jobcoach")
    WEGWIJS_COACH = "wegwijs_coach", _("coach Wegwijs")
    CLASS_ASSISTANT = "class_assistant", _("klassenassistent")
    TRAINER = "trainer", _("trainer")
    ADMIN = "admin", _("administratie")
    TEAM_LEADER = "team_leader", _("teamleider")


class StaffEndReason(models.TextChoices):
    PAID_JOB = "paid_job", _("betaalde baan")
    ILLNESS = "illness", _("ziekte")
    MOVED = "moved", _("verhuisd")
    OTHER = "other", _("anders")


class Course(models.TextChoices):
    """The known courses; the format allows other codes too."""

    INTRODUCTION = "introduction", _("introductiebijeenkomst")
    BASIC_COURSE = "basic_course", _("basiscursus")
    FAMILY_REUNIFICATION_1 = "family_reunification_1", _("Gezinshereniging I")
    FAMILY_REUNIFICATION_2 = "family_reunification_2", _("Gezinshereniging II")
    COUNTRY_DAY = "country_day", _("landendag")
    LANGUAGE_COACH_TRAINING = "language_coach_training", _("training taalcoach")


def course_label(code: str) -> str:
    """A course as people read it: its Dutch name, or for a code the list does not know (the
    format allows other codes) the code's words, "first aid" for ``first_aid``."""
    if code in Course.values:
        return str(Course(code).label)
    return code.replace("_", " ").strip()


class StaffMember(Record):
    """A volunteer, intern or paid staff member of a branch."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="staff"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    given_name = models.CharField(_("voornaam"), max_length=200)
    family_name = models.CharField(_("achternaam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=StaffKind.choices)
    started_on = models.DateField(_("begonnen op"))
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden vertrek"), max_length=20, choices=StaffEndReason.choices, blank=True
    )
    agreement_signed_on = models.DateField(
        _("vrijwilligersovereenkomst getekend op"), null=True, blank=True
    )
    conduct_certificate_on = models.DateField(
        _("VOG afgegeven op"),
        null=True,
        blank=True,
        help_text=_("Verklaring Omtrent het Gedrag: nodig voor toegang tot cliëntdossiers."),
    )
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.STAFF, staff_self="user")

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["family_name", "given_name"]
        constraints = [end_not_before_start("started_on", "ended_on", "staff_end_not_before_start")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class StaffRole(models.Model):
    """One role of a staff member (many have two); a row each so figures can count per role."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=20, choices=StaffRoleCode.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="staff_role_once")]

    def __str__(self) -> str:
        return self.get_role_display()


class StaffLanguage(models.Model):
    """A language besides Dutch that a staff member (an interpreter) speaks."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("taal")
        verbose_name_plural = _("talen")
        constraints = [
            models.UniqueConstraint(fields=["staff", "language"], name="staff_language_once")
        ]

    def __str__(self) -> str:
        return self.language


class Training(Record):
    """A training a staff member completed."""

    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="trainings",
    )
    course = models.CharField(_("cursus"), max_length=64)
    completed_on = models.DateField(_("afgerond op"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="staff__location", category=Category.STAFF, staff_self="staff__user")

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")

    def get_course_display(self) -> str:
        return course_label(self.course)
