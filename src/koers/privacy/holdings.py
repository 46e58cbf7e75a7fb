"""Everything Koers holds about one client, found through the models' scopes.

A model is about a client when its :class:`~koers.core.scoping.Scope` names a person
path; that one declaration (also what a volunteer's reach follows) is how the access
request, the correction page and anonymisation find the records, so a new app's
records are found without a list to keep up to date here. Rows without a scope of
their own (ZRM scores, contact topics, a match's languages) come with their parent.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from koers.core.actors import Actor
from koers.core.models import ChangeLogEntry, ChangeLogSubject
from koers.core.scoping import NOTHING


@dataclass
class Holding:
    """The records of one model about the person; ``shared`` when others may share them."""

    model: type[models.Model]
    records: list[models.Model]
    shared: bool
    children: dict[int, list[models.Model]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


def person_models() -> Iterator[type[models.Model]]:
    """Every Koers model whose scope leads to a client, in app order."""
    for model in apps.get_models():
        scope = getattr(model, "scope", None)
        if model.__module__.startswith("koers.") and getattr(scope, "person", None):
            yield model


def records_about(model: Any, person: models.Model, *, user: Actor) -> models.QuerySet:
    """The rows of ``model`` about ``person`` that ``user`` sees (the system actor: all)."""
    path = model.scope.person
    queryset = model.objects.for_user(user).filter(**{path: person.pk})
    return queryset.distinct() if model.scope.person_many else queryset


def unscoped_children(model: type[models.Model]) -> list[models.ForeignKey]:
    """Foreign keys of rows that belong to ``model``'s rows and have no scope of their own."""
    return [
        relation.field
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.related_model.__module__.startswith("koers.")
        and getattr(relation.related_model, "scope", None) is None
    ]


def with_related(queryset: models.QuerySet) -> models.QuerySet:
    """The rows with the records their foreign keys point to (an export shows their ids)."""
    related = [f.name for f in queryset.model._meta.concrete_fields if f.is_relation]
    return queryset.select_related(*related)


def holdings_of(person: models.Model, *, user: Actor) -> list[Holding]:
    """Per model, the records about ``person`` that ``user`` sees (the system actor: all)."""
    result = []
    for model in person_models():
        records = list(with_related(records_about(model, person, user=user)).order_by("pk"))
        if not records:
            continue
        holding = Holding(model=model, records=records, shared=model.scope.person_many)
        for foreign_key in unscoped_children(model):
            rows = with_related(
                foreign_key.model._default_manager.filter(**{f"{foreign_key.name}__in": records})
            ).order_by("pk")
            for row in rows:
                holding.children.setdefault(getattr(row, foreign_key.attname), []).append(row)
        result.append(holding)
    return result


def changes_of(person, holdings: list[Holding]) -> models.QuerySet:
    """The change-log rows of the person's records, those of shared ones included (also of
    shared records deleted since: their rows name the person as a subject)."""
    shared = NOTHING
    for holding in holdings:
        if holding.shared:
            shared |= Q(
                content_type=ContentType.objects.get_for_model(holding.model),
                object_id__in=[record.pk for record in holding.records],
            )
    named = ChangeLogSubject.objects.filter(person_id=person.pk).values("entry_id")
    return ChangeLogEntry.objects.filter(
        Q(person_id=person.pk) | Q(pk__in=named) | shared
    ).select_related("user", "content_type")
