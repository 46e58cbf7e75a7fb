"""The housing pipeline and the civic-integration law of 2021 (integration-2021.md).

A :class:`Linking` is a status holder linked (gekoppeld) by the state's reception
agency to the municipality a branch serves; housing the person in that municipality
closes it. An :class:`IntegrationPlan` is one person's civic integration under the
Wet inburgering 2021: the obligation, the broad intake, the personal plan (PIP) with
its learning route, a route switch, the MAP, unburdening, an extension of the term,
and its end by completion or exemption.

The database holds what a constraint can (one plan per person, dates in order, values
given together); :mod:`koers.integration.rules` holds every rule of the spec, and
``clean()`` applies them, so every service and the back office refuse what an import
refuses.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.formatting import date_text
from koers.core.models import Location, Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet
from koers.integration.rules import LINKING_RULES, PLAN_RULES, WI2021_START, broken_rules


class CancelReason(models.TextChoices):
    HOUSED_ELSEWHERE = "housed_elsewhere", _("elders gehuisvest")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    OTHER = "other", _("andere reden")


class Route(models.TextChoices):
    B1 = "b1", _("B1-route")
    EDUCATION = "education", _("onderwijsroute")
    Z = "z", _("Z-route (zelfredzaamheid)")


def rules_clean(instance: models.Model, rules) -> None:
    """Raise the Dutch message of every rule the record breaks, at its field."""
    values = {field.name: getattr(instance, field.attname) for field in instance._meta.fields}
    errors: dict[str, list[str]] = {}
    for rule in broken_rules(rules, values):
        errors.setdefault(rule.field, []).append(rule.nederlands(values))
    if errors:
        raise ValidationError(errors)


class Linking(Record):
    """A status holder linked to the branch's municipality, waiting to be housed there."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="linkings"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="linkings",
    )
    linked_on = models.DateField(_("gekoppeld op"))
    cancelled_on = models.DateField(_("vervallen op"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("reden vervallen"), max_length=20, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.TextField(_("toelichting vervallen"), blank=True)
    planned_dwelling = models.ForeignKey(
        "people.Dwelling",
        verbose_name=_("geplande woning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_linkings",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("koppeling COA")
        verbose_name_plural = _("koppelingen COA")
        ordering = ["linked_on", "pk"]
        constraints = [
            end_not_before_start("linked_on", "cancelled_on", "linking_cancel_not_before_linking"),
            models.CheckConstraint(
                name="linking_cancel_reason_with_cancel_date",
                condition=Q(cancelled_on__isnull=True, cancel_reason="")
                | (Q(cancelled_on__isnull=False) & ~Q(cancel_reason="")),
            ),
        ]
        indexes = [models.Index(fields=["location", "linked_on"], name="linking_location_day")]

    def __str__(self) -> str:
        return f"{self.person} ({date_text(self.linked_on)})"

    def clean(self):
        super().clean()
        rules_clean(self, LINKING_RULES)
        dwelling = self.planned_dwelling
        if dwelling is not None and dwelling.location_id != self.location_id:
            raise ValidationError(
                {"planned_dwelling": _("Deze woning hoort bij een andere afdeling.")}
            )


CODE_FIELDS = {"route", "route_before"}


def _given_together(first: str, second: str) -> Q:
    """Both empty, or both given (a date field and a code field alike)."""

    def empty(name: str) -> Q:
        return Q(**{name: ""}) if name in CODE_FIELDS else Q(**{f"{name}__isnull": True})

    return (empty(first) & empty(second)) | (~empty(first) & ~empty(second))


class IntegrationPlan(Record):
    """One person's civic integration under the Wet inburgering 2021 (at most one each)."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="integration_plan",
    )
    obligation_on = models.DateField(_("inburgeringsplichtig sinds"))
    intake_started_on = models.DateField(_("brede intake gestart op"), null=True, blank=True)
    intake_completed_on = models.DateField(_("brede intake afgerond op"), null=True, blank=True)
    pip_on = models.DateField(_("PIP vastgesteld op"), null=True, blank=True)
    route = models.CharField(_("leerroute"), max_length=10, choices=Route.choices, blank=True)
    route_switched_on = models.DateField(_("leerroute gewisseld op"), null=True, blank=True)
    route_before = models.CharField(
        _("leerroute vóór de wissel"), max_length=10, choices=Route.choices, blank=True
    )
    map_completed_on = models.DateField(_("MAP afgerond op"), null=True, blank=True)
    unburdening_from = models.DateField(_("ontzorgen vanaf"), null=True, blank=True)
    unburdening_until = models.DateField(_("ontzorgen tot en met"), null=True, blank=True)
    term_extension_months = models.PositiveSmallIntegerField(
        _("verlenging termijn (maanden)"),
        null=True,
        blank=True,
        help_text=_("Leeg is geen verlenging."),
    )
    completed_on = models.DateField(_("inburgering afgerond op"), null=True, blank=True)
    exempted_on = models.DateField(_("ontheffing of vrijstelling op"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("inburgeringsplan (Wi2021)")
        verbose_name_plural = _("inburgeringsplannen (Wi2021)")
        ordering = ["obligation_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="plan_obligation_from_2022",
                condition=Q(obligation_on__gte=WI2021_START),
            ),
            end_not_before_start("obligation_on", "pip_on", "plan_pip_not_before_obligation"),
            end_not_before_start(
                "intake_started_on", "intake_completed_on", "plan_intake_completed_after_start"
            ),
            models.CheckConstraint(
                name="plan_intake_completed_only_when_started",
                condition=Q(intake_completed_on__isnull=True) | Q(intake_started_on__isnull=False),
            ),
            models.CheckConstraint(
                name="plan_route_with_pip", condition=_given_together("pip_on", "route")
            ),
            models.CheckConstraint(
                name="plan_route_before_with_switch",
                condition=_given_together("route_switched_on", "route_before"),
            ),
            models.CheckConstraint(
                name="plan_switch_after_pip",
                condition=Q(route_switched_on__isnull=True)
                | Q(pip_on__isnull=False, route_switched_on__gt=models.F("pip_on")),
            ),
            models.CheckConstraint(
                name="plan_switch_changes_the_route",
                condition=Q(route_before="") | ~Q(route_before=models.F("route")),
            ),
            models.CheckConstraint(
                name="plan_unburdening_from_and_until",
                condition=_given_together("unburdening_from", "unburdening_until"),
            ),
            end_not_before_start(
                "unburdening_from", "unburdening_until", "plan_unburdening_until_after_from"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Inburgering %(person)s") % {"person": self.person})

    def clean(self):
        super().clean()
        rules_clean(self, PLAN_RULES)

    def route_on(self, day: datetime.date) -> str:
        """The route on ``day`` (empty before the PIP)."""
        if self.pip_on is None or day < self.pip_on:
            return ""
        if self.route_switched_on is not None and day < self.route_switched_on:
            return self.route_before
        return self.route

    @property
    def pip_route(self) -> str:
        """The PIP's route: the route on ``pip_on``."""
        return self.route_on(self.pip_on) if self.pip_on else ""

    @property
    def extension_months(self) -> int:
        return self.term_extension_months or 0

    def ended_on(self) -> datetime.date | None:
        """The day the plan ended by completion or exemption (the earlier), if it did."""
        days = [day for day in (self.completed_on, self.exempted_on) if day is not None]
        return min(days) if days else None

    def running_on(self, day: datetime.date) -> bool:
        """The PIP is decided on or before ``day`` and neither end is on or before it."""
        ended = self.ended_on()
        return self.pip_on is not None and self.pip_on <= day and (ended is None or ended > day)
