"""Users and their roles per branch."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.models import end_not_before_start
from koers.core.scoping import Role


class User(AbstractUser):
    """A person who logs in to Koers. What they may see comes from their memberships."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


class MembershipQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today)


class Membership(models.Model):
    """A user's role at one branch, or (regional manager) over one region."""

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    location = models.ForeignKey(
        "core.Location",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    region = models.CharField(_("regio"), max_length=200, blank=True)
    started_on = models.DateField(_("vanaf"), default=timezone.localdate)
    ended_on = models.DateField(_("tot en met"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_fits_role",
                condition=(Q(role=Role.REGIONAL_MANAGER, location__isnull=True) & ~Q(region=""))
                | Q(role=Role.ADMINISTRATOR, location__isnull=True)
                | (
                    ~Q(role__in=[Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
                    & Q(location__isnull=False)
                ),
            ),
            end_not_before_start("started_on", "ended_on", "membership_end_not_before_start"),
        ]

    def __str__(self) -> str:
        where = self.location or self.region or _("alle locaties")
        return f"{self.user} — {self.get_role_display()} ({where})"
