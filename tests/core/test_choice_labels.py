"""Every record's ``get_<field>_display()`` answers as Django's own does (core.models.choice_label
reads a field's labels once instead of translating every label at each call, issue #17)."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.hashable import make_hashable

from koers.contacts.models import Contact, ContactKind, ContactTopic, Topic
from koers.core.models import Record, choice_label


def djangos_display(field: models.Field, value) -> str:
    """``Model._get_FIELD_display`` of Django 5.2, word for word."""
    choices_dict = dict(make_hashable(field.flatchoices))
    return str(choices_dict.get(make_hashable(value), value))


def record_choice_fields() -> list[models.Field]:
    return [
        field
        for model in apps.get_models()
        if issubclass(model, Record)
        for field in model._meta.concrete_fields
        if field.choices
    ]


def test_there_are_record_fields_with_choices_to_compare():
    assert len(record_choice_fields()) > 20


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_record_choice_label_is_djangos_in_each_language(language):
    with translation.override(language):
        for field in record_choice_fields():
            for value, _label in field.flatchoices:
                instance = field.model(**{field.attname: value})
                shown = getattr(instance, f"get_{field.name}_display")()
                assert shown == djangos_display(field, value), (field, value)


def test_a_value_outside_the_choices_shows_as_it_is():
    assert Contact(kind="gone").get_kind_display() == "gone"
    assert Contact(kind="").get_kind_display() == ""
    assert choice_label(Contact._meta.get_field("kind"), None) is None


def test_labels_follow_the_active_language():
    contact = Contact(kind=ContactKind.HOME_VISIT)
    topic = ContactTopic(topic=Topic.HOUSING)
    with translation.override("nl"):
        assert (contact.get_kind_display(), str(topic)) == ("huisbezoek", "wonen")
    with translation.override("en"):
        assert (contact.get_kind_display(), str(topic)) == ("home visit", "housing")
