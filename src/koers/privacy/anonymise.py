"""Overwrite what identifies a batch of clients, everywhere Koers keeps it, in one transaction.

Called by the services of retention and erasure (:mod:`koers.privacy.services`), never
directly by a view. Shared records (a household's budget, a dwelling's address) are
overwritten only once nobody who shares them is left unanonymised. Every overwritten
record gets a new version, so an edit form opened before cannot write the old values
back without a conflict.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from koers.core import writes
from koers.core.actors import Actor, user_of
from koers.core.changes import change_entry, write_changes
from koers.core.models import ChangeLogEntry, ChangeLogSubject
from koers.core.services import require_write
from koers.documents.services import documents_erase
from koers.people.models import Person, PersonLanguage, Placement
from koers.privacy.holdings import person_models
from koers.privacy.models import Anonymisation
from koers.privacy.scrub import (
    ANONYMISED_KEY,
    ANONYMOUS_GIVEN_NAME,
    BRANCH_TEXT,
    MARK,
    blanked,
    coarse_birth_date,
    identifying_fields,
    logged_attnames,
    mention_pattern,
    redacted,
    scrubbed_changes,
)

CHUNK = 1000


def _about(model: type[models.Model], suffix: str) -> str:
    path = model.scope.person
    return suffix if path == "pk" else f"{path}__{suffix}"


def fully_anonymised(model: type[models.Model], people: Sequence[Person]) -> models.QuerySet:
    """Rows of ``model`` about these people that no unanonymised person shares."""
    still_someone = model._default_manager.filter(
        **{_about(model, "anonymisation__isnull"): True}
    ).values("pk")
    return (
        model._default_manager.filter(**{_about(model, "pk__in"): [p.pk for p in people]})
        .exclude(pk__in=still_someone)
        .distinct()
    )


def _redact_mentions(people: Sequence[Person], now) -> int:
    """Replace mentions of the people in their branches' free text, and in its history."""
    pattern = mention_pattern(people)
    if pattern is None:
        return 0
    locations = {person.location_id for person in people}
    count = 0
    for label, names in BRANCH_TEXT.items():
        model = apps.get_model(label)
        changed = []
        for record in model._default_manager.filter(location__in=locations):
            texts = {name: redacted(getattr(record, name), pattern) for name in names}
            if any(texts[name] != getattr(record, name) for name in names):
                for name, text in texts.items():
                    setattr(record, name, text)
                record.version += 1
                record.updated_at = now
                changed.append(record)
        with writes.changing(model, [record.pk for record in changed]):
            model._default_manager.bulk_update(changed, [*names, "version", "updated_at"])
        entries = ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model._default_manager.filter(location__in=locations).values("pk"),
        )
        history = []
        for entry in entries.iterator(chunk_size=CHUNK):
            changes = redacted(entry.changes, pattern)
            if changes != entry.changes:
                entry.changes = changes
                history.append(entry)
        ChangeLogEntry.objects.bulk_update(history, ["changes"], batch_size=CHUNK)
        count += len(changed)
    return count


def _scrub_people(people: Sequence[Person], now) -> None:
    housed = defaultdict(list)
    for person_id, day in Placement.objects.filter(person__in=people).values_list(
        "person_id", "housed_on"
    ):
        housed[person_id].append(day)
    for person in people:
        person.given_name = ANONYMOUS_GIVEN_NAME
        person.family_name = f"({person.external_id})"
        person.v_number = ""
        person.name_key = ""
        person.phone = person.email = person.interpreter_language = ""
        person.birth_date = coarse_birth_date(person.birth_date, housed[person.pk])
        person.version += 1
        person.updated_at = now
    with writes.changing(Person, [person.pk for person in people]):
        Person.objects.bulk_update(
            people,
            [
                "given_name",
                "family_name",
                "v_number",
                "name_key",
                "phone",
                "email",
                "interpreter_language",
                "birth_date",
                "version",
                "updated_at",
            ],
            batch_size=CHUNK,
        )
    # the languages they speak: rows of their own (scrub.IDENTIFYING_RELATIONS)
    PersonLanguage.objects.filter(person__in=people).delete()


def _scrub_records(model: type[models.Model], pks: list[int], now) -> None:
    values = {field.name: blanked(field) for field in identifying_fields(model)}
    with writes.changing(model, pks):
        model._default_manager.filter(pk__in=pks).update(
            **values, version=F("version") + 1, updated_at=now
        )


def _entries_of_deleted_shared_records(people: Sequence[Person]) -> list[int]:
    """Change-log rows of records about several clients, deleted before now, whose every
    recorded client is anonymised (these people included): a budget line removed before
    the household went. Rows of records that still exist follow the record's own rule
    (:func:`fully_anonymised`)."""
    named = ChangeLogSubject.objects.filter(person_id__in=[p.pk for p in people])
    candidates = ChangeLogEntry.objects.filter(pk__in=named.values("entry_id")).exclude(
        pk__in=ChangeLogSubject.objects.filter(
            entry__in=named.values("entry_id"),
            person_id__in=Person.objects.filter(anonymisation__isnull=True).values("pk"),
        ).values("entry_id")
    )
    by_type = defaultdict(dict)
    for pk, content_type_id, object_id in candidates.values_list(
        "pk", "content_type_id", "object_id"
    ):
        by_type[content_type_id].setdefault(object_id, []).append(pk)
    gone = []
    for content_type_id, entries in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        existing = (
            set(model._default_manager.filter(pk__in=list(entries)).values_list("pk", flat=True))
            if model
            else set()
        )
        gone += [
            pk for object_id, pks in entries.items() if object_id not in existing for pk in pks
        ]
    return gone


def _scrub_change_log(selection: Q) -> int:
    scrubbed = []
    masked: dict[int, set[str]] = {}
    entries = ChangeLogEntry.objects.filter(selection).select_related("content_type")
    for entry in entries.iterator(chunk_size=CHUNK):
        if entry.content_type_id not in masked:
            model = entry.content_type.model_class()
            masked[entry.content_type_id] = logged_attnames(model) if model else set()
        changes = scrubbed_changes(entry.changes, masked[entry.content_type_id])
        if changes != entry.changes:
            entry.changes = changes
            scrubbed.append(entry)
    ChangeLogEntry.objects.bulk_update(scrubbed, ["changes"], batch_size=CHUNK)
    return len(scrubbed)


@transaction.atomic
def anonymise_people(people: Sequence[Person], *, by: Actor, reason: str) -> Counter:
    """Anonymise ``people`` (not yet anonymised) and what only they share; counts per kind.

    ``by``: the system actor (retention) or a user who may write every one of them.
    """
    require_write(by, Person, *[p.pk for p in people])
    people = list(
        Person.objects.select_for_update(of=("self",)).filter(
            pk__in=[p.pk for p in people], anonymisation__isnull=True
        )
    )
    now = timezone.now()
    Anonymisation.objects.bulk_create(
        Anonymisation(person=person, at=now, by=user_of(by), reason=reason) for person in people
    )
    counts: Counter = Counter(people=len(people))
    counts["mentions"] = _redact_mentions(people, now)
    touched = Q(person_id__in=[p.pk for p in people])
    for model in person_models():
        if not identifying_fields(model):
            continue
        pks = list(fully_anonymised(model, people).values_list("pk", flat=True))
        if not pks:
            continue
        if model is Person:
            _scrub_people(people, now)
        else:
            _scrub_records(model, pks, now)
        counts[model._meta.label_lower] += len(pks)
        content_type = ContentType.objects.get_for_model(model)
        touched |= Q(content_type=content_type, object_id__in=pks)
        LogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in pks]
        ).update(object_repr=MARK)
    touched |= Q(pk__in=_entries_of_deleted_shared_records(people))
    counts["change_log"] = _scrub_change_log(touched)
    # documents go altogether, their files too (once committed); their texts were
    # overwritten above, so the deletion's change-log rows name nothing
    erased = documents_erase(people, by=by, source="privacy")
    if erased:
        counts["documents.files"] = erased
    write_changes(
        change_entry(
            person,
            ChangeLogEntry.Action.UPDATE,
            by=by,
            source="privacy",
            changes={ANONYMISED_KEY: [None, reason]},
        )
        for person in people
    )
    return counts
