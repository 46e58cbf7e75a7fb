"""The base of every record, the branch (location), and the change and access logs."""

import uuid
from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.core.dates import record_errors
from koers.core.formatting import date_text
from koers.core.scoping import Scope, ScopedQuerySet
from koers.core.text import SingleLineTexts


def new_external_id() -> str:
    """External id for a record made in Koers itself (imported records keep theirs)."""
    return f"k{uuid.uuid4().hex[:15]}"


@cache
def _labels_by_value(field: models.Field) -> dict | None:
    """A field's (lazy) labels by value, built once per field; ``None`` for choices that are
    computed at each use (a callable)."""
    if isinstance(field.choices, BaseChoiceIterator):
        return None
    return dict(field.flatchoices)


def choice_label(field: models.Field, value) -> str:
    """What ``get_<field>_display()`` answers for ``value``, in the active language, without
    Django's dict of every label built (and every lazy label translated to hash it) at each
    call: a client file's 60 contacts spent ~10 ms there (issue #17)."""
    labels = _labels_by_value(field)
    if labels is None or not isinstance(value, str | int | None):  # as Django does it
        labels, value = dict(make_hashable(field.flatchoices)), make_hashable(value)
    return force_str(labels.get(value, value), strings_only=True)


class Record(SingleLineTexts, models.Model):
    """A record of the exchange format.

    ``external_id`` is the id in a bundle (unique per file, so per table);
    ``uid`` is the opaque id used in URLs; ``version`` grows with every edit and
    is how edit forms detect a concurrent change.
    """

    external_id = models.CharField(
        _("extern id"), max_length=64, unique=True, default=new_external_id
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, kind: bool = True) -> str:
        """What people read for a record without a name of its own: what it is, its kind and
        its day ("contact, huisbezoek, 3 mei 2024"; without ``kind`` where a heading says what
        it is: "huisbezoek, 3 mei 2024"), from its own fields (no query). Never the external
        id: that is the exchange format's, and means nothing on a page."""
        parts = [str(self._meta.verbose_name)] if kind else []
        fields = [field for field in self._meta.concrete_fields if not field.is_relation]
        for field in fields:
            if field.choices and getattr(self, field.attname) not in (None, ""):
                parts.append(str(getattr(self, f"get_{field.name}_display")()))
                break
        days = [
            field
            for field in fields
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
        ]
        day = next((getattr(self, f.attname) for f in days if getattr(self, f.attname)), None)
        if day is not None:
            parts.append(date_text(day))
        elif self.created_at:
            parts.append(_("vastgelegd op %(day)s") % {"day": date_text(self.created_at)})
        return ", ".join(parts) if kind else capfirst(", ".join(parts))

    def _get_FIELD_display(self, field):
        """Every ``get_<field>_display()`` of a record (:func:`choice_label`)."""
        return choice_label(field, getattr(self, field.attname))

    def more_field_errors(self, *, exclude: set) -> dict:
        """The plausible dates (``core.dates``), in ``clean_fields``: a date of something
        that happened is not after today nor before the client's birth."""
        return record_errors(self, exclude=exclude)


def end_not_before_start(start: str, end: str, name: str) -> models.CheckConstraint:
    """Database guard: an end date, when known, is not before its start date."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


class Location(Record):
    """A local branch, serving one municipality."""

    name = models.CharField(_("naam"), max_length=200)
    municipality = models.CharField(_("gemeente"), max_length=200)
    region = models.CharField(_("regio"), max_length=200, blank=True, db_index=True)
    records_health = models.BooleanField(
        _("legt gezondheidsgegevens vast"),
        default=False,
        help_text=_(
            "Bijzondere persoonsgegevens: alleen aanzetten als het werk van de afdeling ze "
            "nodig heeft (ZRM-domeinen gezondheid en middelengebruik, verwijzing naar de GGZ)."
        ),
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="pk", category=Scope.Category.BRANCH)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChangeLogEntry(models.Model):
    """One change to a record: who, when, what (NetBox's ObjectChange, kept small)."""

    class Action(models.TextChoices):
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("bron"), max_length=20, default="ui")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.BigIntegerField(_("record"))
    external_id = models.CharField(_("extern id"), max_length=64)
    person_id = models.BigIntegerField(_("cliënt"), null=True, blank=True, db_index=True)
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("wijzigingen"), default=dict)

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.external_id}"

    # The clients of a row about a record of several (set by ``core.changes.change_entry``).
    subject_ids: list[int] = []  # never mutated: each entry gets its own

    def save(self, *args, **kwargs):
        """Also the row's subjects (``subject_ids``, set by ``core.changes.change_entry``)."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and getattr(self, "subject_ids", None):
            ChangeLogSubject.objects.bulk_create(
                ChangeLogSubject(entry=self, person_id=pk) for pk in self.subject_ids
            )

    @property
    def actor(self) -> str:
        """Who made the change, for a history list: the user, else the source (import, cli)."""
        if self.user is None:
            return self.source
        return self.user.get_full_name() or self.user.get_username()


class ChangeLogSubject(models.Model):
    """A client a change-log row is about, for records about several clients at once (a
    household, its budget lines, a dwelling): ``person_id`` holds one client, so these
    rows hold them all, as they were when the row was written (and, when the record is
    deleted, on every earlier row of it). Retention and the client's rights find a
    deleted shared record's history through them."""

    entry = models.ForeignKey(ChangeLogEntry, on_delete=models.CASCADE, related_name="subjects")
    person_id = models.BigIntegerField(_("cliënt"), db_index=True)

    class Meta:
        verbose_name = _("cliënt van een wijziging")
        verbose_name_plural = _("cliënten van wijzigingen")
        constraints = [
            models.UniqueConstraint(fields=["entry", "person_id"], name="change_subject_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.person_id}"


class AccessLogEntry(models.Model):
    """One read of personal data (NEN 7513): who looked at which client, when and how."""

    class Action(models.TextChoices):
        VIEW = "view", _("ingezien")
        SEARCH = "search", _("zoekresultaat")
        EXPORT = "export", _("geëxporteerd")
        DRILLDOWN = "drilldown", _("onderbouwing cijfer")
        EDIT = "edit", _("bewerkt")

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cliënt"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(_("actie"), max_length=20, choices=Action.choices)
    what = models.CharField(_("wat"), max_length=200)
    path = models.CharField(_("adres"), max_length=500, blank=True)
    on_behalf_of = models.CharField(_("namens"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagelog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"
