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
