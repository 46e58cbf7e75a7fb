"""Exactly one household as a bundle: for a client who moves to a branch outside Koers.

The records of the household's members (every file whose records belong to a client),
and the records those point at (their branch, dwellings, coaches, groups, sessions,
partners…) so that the bundle imports into another installation, even an empty one.
Nothing of other clients: a group's or a session's other participants, a dwelling's
other residents and a branch's other records stay out.
"""

from collections import defaultdict

from django.db import models

from koers.exchange.files import BUNDLE_FILES
from koers.people.models import Person

EXPORTED = {spec.model for spec in BUNDLE_FILES}


def household_records(person: Person) -> dict[type[models.Model], set]:
    """The primary keys per model of the bundle of ``person``'s household."""
    members = Person.objects.filter(household_id=person.household_id)
    chosen: dict[type[models.Model], set] = defaultdict(set)
    for model in EXPORTED:
        scope = getattr(model, "scope", None)
        if scope is None or scope.person is None:
            continue
        path = "pk" if scope.person == "pk" else scope.person
        rows = model._default_manager.filter(**{f"{path}__in": members.values("pk")})
        chosen[model].update(rows.values_list("pk", flat=True).distinct())
    _add_what_they_point_at(chosen)
    return dict(chosen)


def _add_what_they_point_at(chosen: dict[type[models.Model], set]) -> None:
    """Add, until nothing is new, every exported record a chosen record refers to."""
    todo = {model: set(pks) for model, pks in chosen.items() if pks}
    while todo:
        found: dict[type[models.Model], set] = defaultdict(set)
        for model, pks in todo.items():
            for field in model._meta.get_fields():
                if (
                    not (field.is_relation and field.concrete)
                    or field.related_model not in EXPORTED
                ):
                    continue
                target = field.related_model
                if field.many_to_many:
                    values = model._default_manager.filter(pk__in=pks).values_list(
                        f"{field.name}__pk", flat=True
                    )
                else:
                    values = model._default_manager.filter(pk__in=pks).values_list(
                        field.attname, flat=True
                    )
                found[target].update(value for value in values if value is not None)
        todo = {}
        for model, pks in found.items():
            new = pks - chosen[model]
            if new:
                chosen[model] |= new
                todo[model] = new
