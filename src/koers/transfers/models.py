"""A household's move to another branch of this installation (like Primero's transfers).

The team leader of the old branch offers the household, with the client's consent (the
day and how it was given); the new branch's team leader accepts or declines (with a
reason); the offering side may revoke the offer while it is pending. Each state says who
and when. On acceptance (``moved_on``) the household and its members belong to the new
branch; the transfer, with the people it moved, is the record of the move that both
branches keep, and from which the figures of the periods before the move still count the
members where they were then (``transfers.history``, docs/transfers.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.core.models import Location, Record
from koers.core.scoping import Capability, Category, Scope, ScopedQuerySet


class TransferState(models.TextChoices):
    PENDING = "pending", _("aangeboden")
    ACCEPTED = "accepted", _("geaccepteerd")
    DECLINED = "declined", _("afgewezen")
    REVOKED = "revoked", _("ingetrokken")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("schriftelijk (ondertekend)")
    VERBAL = "verbal", _("mondeling")
    DIGITAL = "digital", _("digitaal (e-mail of bericht)")


class Transfer(Record):
    """One offer of a household to another branch, and what became of it."""

    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("huishouden"),
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    from_location = models.ForeignKey(
        Location, verbose_name=_("van afdeling"), on_delete=models.PROTECT, related_name="+"
    )
    to_location = models.ForeignKey(
        Location, verbose_name=_("naar afdeling"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("status"), max_length=10, choices=TransferState.choices, default=TransferState.PENDING
    )
    consent_on = models.DateField(_("toestemming van de cliënt op"))
    consent_how = models.CharField(
        _("toestemming gegeven"), max_length=10, choices=ConsentForm.choices
    )
    note = models.TextField(_("toelichting voor de nieuwe afdeling"), blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangeboden door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_at = models.DateTimeField(_("aangeboden op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decline_reason = models.TextField(_("reden van afwijzing"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    moved_on = models.DateField(_("overgedragen op"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # Read by both branches' team leaders (transfers.selectors); written only by the
    # transfer services, which check the capability at the side that acts.
    scope = Scope(location="from_location", category=Category.BRANCH)
    configured_by = Capability.TRANSFER

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-offered_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_location=F("to_location")), name="transfer_to_another_branch"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(state="pending"),
                name="transfer_one_pending_per_household",
            ),
            models.CheckConstraint(
                condition=Q(state="accepted", moved_on__isnull=False)
                | (~Q(state="accepted") & Q(moved_on__isnull=True)),
                name="transfer_moved_on_when_accepted",
            ),
        ]
        indexes = [
            models.Index(fields=["to_location", "state"]),
            models.Index(fields=["from_location", "state"]),
            models.Index(fields=["state", "moved_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_location} → {self.to_location} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("transfers:detail", kwargs={"transfer_uid": self.uid})

    def place(self) -> dict:
        """Where its writer holds ``transfer``: the offering branch (the services check the
        receiving side themselves)."""
        return {"location": self.from_location}

    @property
    def is_pending(self) -> bool:
        return self.state == TransferState.PENDING


class TransferPerson(models.Model):
    """One person a transfer moves (a member of the household when it was offered).

    A row of its own, not a many-to-many: the figures read it (``transfers.history``), and
    merging two records of a person moves it to the kept record (``people.merge``)."""

    transfer = models.ForeignKey(
        Transfer, verbose_name=_("overdracht"), on_delete=models.CASCADE, related_name="moved"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="moves"
    )

    class Meta:
        verbose_name = _("overgedragen persoon")
        verbose_name_plural = _("overgedragen personen")
        constraints = [
            models.UniqueConstraint(fields=["transfer", "person"], name="transfer_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.transfer_id}"
