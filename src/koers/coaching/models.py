"""Coaching trajectories: settling in, integration, job coaching."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet


class TrajectoryKind(models.TextChoices):
    SETTLING_IN = "settling_in", _("coaching vestiging")
    INTEGRATION = "integration", _("coaching integratie")
    JOB_COACHING = "job_coaching", _("jobcoaching")


class TrajectoryEndReason(models.TextChoices):
    COMPLETED = "completed", _("afgerond")
    MOVED = "moved", _("verhuisd")
    STOPPED = "stopped", _("gestopt")


class Trajectory(Record):
    """The coaching of one person of one kind, from start to exit."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="trajectories",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=TrajectoryKind.choices)
    coach = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden einde"), max_length=20, choices=TrajectoryEndReason.choices, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-started_on"]
        constraints = [
            end_not_before_start("started_on", "ended_on", "trajectory_end_not_before_start")
        ]
        indexes = [models.Index(fields=["kind", "started_on"])]
