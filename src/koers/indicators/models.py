"""Performance agreements (prestatieafspraken): a target per indicator, location and year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Location, Record
from koers.core.scoping import Category, Scope, ScopedQuerySet


class Target(Record):
    """An agreed number for one indicator in one calendar year."""

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    indicator = models.CharField(_("indicator"), max_length=200)
    target = models.DecimalField(_("streefwaarde"), max_digits=12, decimal_places=3)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="location", category=Category.BRANCH)

    class Meta:
        verbose_name = _("prestatieafspraak")
        verbose_name_plural = _("prestatieafspraken")
        ordering = ["location", "year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "year", "indicator"], name="target_once_per_indicator_year"
            )
        ]


# Facts: the figures of standard periods, kept (docs/indicators.md, "Facts") -----------------


class FactClock(models.Model):
    """Per location, a number that every write of a record its figures read moves on, in
    the writing transaction (``indicators.marks``). A stored figure that saw an older
    number is stale. The row is locked until the writer commits, so the numbers move on
    in the order the writes become visible."""

    location = models.OneToOneField(
        Location, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    generation = models.BigIntegerField(_("schrijfteller"), default=0)
    written_at = models.DateTimeField(_("laatst geschreven"))

    class Meta:
        verbose_name = _("schrijfteller")
        verbose_name_plural = _("schrijftellers")

    def __str__(self) -> str:
        return f"{self.location_id}: {self.generation}"


class StoredFigures(models.Model):
    """What a fact holds: the figures of one standard period (a year, half-year, quarter or
    month) as the engine computed them, ``[keys, values]`` (two lists, in its order: a
    few large lists decode far faster than a small one per key); the write number they
    saw; when, with which definitions, and how long it took."""

    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"))
    definitions = models.CharField(_("definities"), max_length=64)
    seen = models.BigIntegerField(_("gezien tot schrijfteller"))
    values = models.JSONField(_("cijfers"))
    computed_at = models.DateTimeField(_("berekend op"))
    cost = models.FloatField(_("rekentijd (s)"), default=0)

    class Meta:
        abstract = True


class Fact(StoredFigures):
    """Every figure of one location over one standard period: every key, hidden parts and
    targets included."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("feit")
        verbose_name_plural = _("feiten")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "start", "end"], name="fact_once_per_location_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id}: {self.start} - {self.end}"


class ScopeFact(StoredFigures):
    """The figures of several locations together (a region, the whole country) that are
    not the sum of each location's: distinct persons, dates, a participant's enrolments.
    ``scope`` names the set of locations (a hash of their ids, ``members``); ``seen`` is
    the sum of their write numbers when computed."""

    scope = models.CharField(_("bereik"), max_length=64)
    members = models.JSONField(_("locaties"))

    class Meta:
        verbose_name = _("feit van meer locaties")
        verbose_name_plural = _("feiten van meer locaties")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "start", "end"], name="scopefact_once_per_scope_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope[:12]}: {self.start} - {self.end}"
