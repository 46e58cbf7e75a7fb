"""Records of a far branch for any model an object URL names, made without a factory per model.

The access matrix fills ``<uuid:MODELNAME_uid>`` with a record of a branch of another
region. Required fields get plain values (the marker in free text, so a leak shows in
a response body); foreign keys lead to the same far branch, person and household.
"""

import datetime
import decimal

from django.apps import apps
from django.db import models

from koers.core.models import Location

MARKER = "Zqxwvfar"
# Fields whose plain value a database constraint refuses: (model label, field) -> value.
# A civic-integration plan's obligation starts on or after 1 January 2022 (Wi2021).
# A transfer goes to another branch (a callable gets the world: a second far branch).
OVERRIDES = {
    ("integration.integrationplan", "obligation_on"): datetime.date(2022, 1, 3),
    ("transfers.transfer", "to_location"): lambda world: Location.objects.create(
        external_id="verweg2", name=f"{MARKER} 2", region=world.location.region
    ),
}


# URL kwargs named for their role rather than their model: the merge's second person.
ALIASES = {"duplicate": "person"}


def koers_model(name: str) -> type[models.Model]:
    """The Koers model whose lower-case name is ``name`` (the URL kwarg's prefix)."""
    name = ALIASES.get(name, name)
    for model in apps.get_models():
        if model.__module__.startswith("koers.") and model._meta.model_name == name:
            return model
    raise LookupError(f"no Koers model named {name!r}: add it to the access matrix")


def plain_value(field: models.Field):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2017, 1, 2, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2017, 1, 2)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(1)
    if isinstance(field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return MARKER[: field.max_length] if field.max_length else MARKER
    raise TypeError(f"no plain value for {field!r}")


def is_free_text(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


class FarWorld:
    """One record per model, all tied to ``location`` (a branch the users do not reach)."""

    def __init__(self, location: Location):
        self.location = location
        self.made: dict[type[models.Model], models.Model] = {Location: location}

    def get(self, model: type[models.Model]) -> models.Model:
        if model not in self.made:
            self.made[model] = self._make(model)
        return self.made[model]

    def _make(self, model: type[models.Model]) -> models.Model:
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.has_default() or field.null:
                continue
            if (model._meta.label_lower, field.name) in OVERRIDES:
                value = OVERRIDES[model._meta.label_lower, field.name]
                values[field.name] = value(self) if callable(value) else value
            elif field.is_relation:
                values[field.name] = self.get(field.related_model)
            elif not field.blank or is_free_text(field):
                values[field.name] = plain_value(field)
        return model.objects.create(**values)
