"""Documents kept with a client's file or a legal dossier: an IND decision, a rental
contract, a letter. The record holds what the file is; the bytes are in the document
store (``STORAGES["documents"]``) under a random name, never under the user's."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.models import Record
from koers.core.scoping import Category, Scope, ScopedQuerySet


class DocumentKind(models.TextChoices):
    IND_DECISION = "ind_decision", _("IND-besluit")
    RENTAL_CONTRACT = "rental_contract", _("huurcontract")
    LETTER = "letter", _("brief")
    OTHER = "other", _("overig")


class ContentType(models.TextChoices):
    """The types a document may have, recognised by their first bytes (``documents.checks``)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class Document(Record):
    """One uploaded file about a client; on a dossier it is legal data (``legal_when``)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cliënt"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    dossier = models.ForeignKey(
        "legal.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=150)
    content_type = models.CharField(_("bestandstype"), max_length=30, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    # the name in the document store: random, unique, never shown or derived from input
    storage_key = models.CharField(max_length=80, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="person__location",
        category=Category.COACHING,
        person="person",
        legal_when=Q(dossier__isnull=False),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="document_not_empty", condition=Q(size__gt=0)),
        ]

    def __str__(self) -> str:
        return self.title
