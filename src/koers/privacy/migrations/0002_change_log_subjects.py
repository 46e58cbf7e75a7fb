"""The clients of change-log rows of shared records written before they were recorded.

Records about several clients (a household, its budget lines, a dwelling) left
``person_id`` empty on their change-log rows; from now on the clients are recorded as
``ChangeLogSubject`` rows. This fills them where the history allows: a household's
clients are its members now and everyone whose own history shows them joining it; a
dwelling's, everyone placed there now or in its placements' history; a budget line's,
those of its household (the line's own history names the household when the line is
gone). Rows that no history connects to a client stay without (an imported record's
creation logs no values).
"""

from collections import defaultdict

from django.db import migrations

BATCH = 5000


def values_set(changes, key: str) -> set[int]:
    pair = (changes or {}).get(key) or []
    return {value for value in pair if isinstance(value, int)}


def fill_subjects(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("core", "ChangeLogEntry")
    Subject = apps.get_model("core", "ChangeLogSubject")
    Person = apps.get_model("people", "Person")
    Placement = apps.get_model("people", "Placement")
    BudgetLine = apps.get_model("coaching", "BudgetLine")
    types = {
        (ct.app_label, ct.model): ct.pk
        for ct in ContentType.objects.filter(
            app_label__in=["people", "coaching"],
            model__in=["person", "placement", "household", "dwelling", "budgetline"],
        )
    }
    household, dwelling, line = (
        types.get(("people", "household")),
        types.get(("people", "dwelling")),
        types.get(("coaching", "budgetline")),
    )
    shared = [pk for pk in (household, dwelling, line) if pk is not None]
    if not shared or not Entry.objects.filter(content_type_id__in=shared).exists():
        return

    members = defaultdict(set)
    for person, joined in Person.objects.values_list("pk", "household_id"):
        members[joined].add(person)
    placed = defaultdict(set)
    for person, home in Placement.objects.values_list("person_id", "dwelling_id"):
        placed[home].add(person)
    history = Entry.objects.filter(
        content_type_id__in=[types.get(("people", "person")), types.get(("people", "placement"))],
        person_id__isnull=False,
    ).values_list("content_type_id", "person_id", "changes")
    for content_type_id, person, changes in history.iterator(chunk_size=BATCH):
        if content_type_id == types.get(("people", "person")):
            for joined in values_set(changes, "household_id"):
                members[joined].add(person)
        else:
            for home in values_set(changes, "dwelling_id"):
                placed[home].add(person)
    line_household = dict(BudgetLine.objects.values_list("pk", "household_id"))
    for object_id, changes in (
        Entry.objects.filter(content_type_id=line).values_list("object_id", "changes").iterator()
    ):
        for joined in values_set(changes, "household_id"):
            line_household.setdefault(object_id, joined)

    def clients(content_type_id: int, object_id: int) -> set[int]:
        if content_type_id == household:
            return members.get(object_id, set())
        if content_type_id == dwelling:
            return placed.get(object_id, set())
        return members.get(line_household.get(object_id), set())

    without = (
        Entry.objects.filter(content_type_id__in=shared)
        .exclude(pk__in=Subject.objects.values("entry_id"))
        .values_list("pk", "content_type_id", "object_id")
    )
    batch = []
    for pk, content_type_id, object_id in without.iterator(chunk_size=BATCH):
        batch += [Subject(entry_id=pk, person_id=person) for person in sorted(clients(content_type_id, object_id))]
        if len(batch) >= BATCH:
            Subject.objects.bulk_create(batch)
            batch = []
    Subject.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("core", "0005_change_log_subject"),
        ("people", "0004_location_id_indexes"),
        ("coaching", "0003_plan_evaluations_zrm_referrals_budget_signals"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill_subjects, migrations.RunPython.noop)]
