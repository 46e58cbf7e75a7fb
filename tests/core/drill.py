"""The two programs of the backup drill (tests/core/test_backup.py), each run as its own
process against the database that ``DATABASE_URL``/``KOERS_DATA_DIR`` name:

``python -m tests.core.drill write STOP PROGRESS``
    Logs contacts through the service, one transaction each ("drill-000001", …: a contact,
    its two topics and its change-log row), writing the number committed to PROGRESS after
    each, until the file STOP exists.

``python -m tests.core.drill state OUT [--keep-units K]``
    Writes to OUT (JSON) every table's rows, every figure (each location, each year with
    data) and the export bundle's files, plus the drill units present and any that are
    incomplete. With ``--keep-units K`` it first removes the units after K, so that a live
    database that went on writing after a backup shows the state of the backup's moment.
"""

import argparse
import datetime
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

UNIT = "drill-{:06d}"


def write(stop: Path, progress: Path) -> None:
    from koers.contacts.models import ContactKind
    from koers.contacts.services import contact_log
    from koers.core.actors import CLI
    from koers.core.models import Location
    from koers.people.models import Person

    location = Location.objects.order_by("pk").first()
    people = list(Person.objects.filter(location=location).order_by("pk")[:25])
    number = 0
    while not stop.exists():
        number += 1
        contact_log(
            location=location,
            kind=ContactKind.SOCIAL_HOURS,
            date=datetime.date(2017, 1, 2) + datetime.timedelta(days=number % 360),
            by=CLI,
            person=people[number % len(people)],
            topics=["housing", "finance"],
            note=UNIT.format(number),
        )
        written = progress.with_suffix(".new")
        written.write_text(str(number))
        written.replace(progress)  # atomic: a reader never sees a half-written number
        time.sleep(0.02)  # a steady stream of writes, not a busy loop on a shared machine


def prune(keep: int) -> None:
    from django.contrib.contenttypes.models import ContentType

    from koers.contacts.models import Contact
    from koers.core.models import ChangeLogEntry

    later = [
        contact.pk
        for contact in Contact.objects.filter(note__startswith="drill-")
        if int(contact.note.removeprefix("drill-")) > keep
    ]
    ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id__in=later
    ).delete()
    Contact.objects.filter(pk__in=later).delete()  # their topics go with them


def units() -> tuple[list[str], list[str]]:
    """The drill units present, and those missing a topic or their change-log row."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from koers.contacts.models import Contact
    from koers.core.models import ChangeLogEntry

    contacts = Contact.objects.filter(note__startswith="drill-").annotate(
        topic_count=Count("topics")
    )
    logged = set(
        ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact), action="create"
        ).values_list("object_id", flat=True)
    )
    present = sorted(contact.note for contact in contacts)
    incomplete = sorted(
        contact.note for contact in contacts if contact.topic_count != 2 or contact.pk not in logged
    )
    return present, incomplete


# Stored figures and each branch's count of writes (docs/indicators.md, "Facts"): derived
# from the other tables as they were written, not comparable with a live database that went
# on writing after the backup (the drill removes its later contacts, not their count).
DERIVED = {"indicators_factclock", "indicators_fact", "indicators_scopefact"}


def tables() -> dict[str, list]:
    from django.db import connection

    from koers.core.backup import tables_of

    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(set(tables_of(connection.vendor, cursor)) - DERIVED):
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608  (catalogue names)
            rows[table] = json.loads(json.dumps(cursor.fetchall(), default=str))
    return rows


def figures() -> dict[str, dict]:
    from koers.coaching.models import Trajectory
    from koers.contacts.models import Contact
    from koers.core.models import Location
    from koers.indicators.engine import compute
    from koers.indicators.periods import Period
    from koers.people.models import Placement

    years = {day.year for day in Contact.objects.dates("date", "year")}
    years |= {day.year for day in Placement.objects.dates("housed_on", "year")}
    years |= {day.year for day in Trajectory.objects.dates("started_on", "year")}
    return {
        f"{location.external_id} {year}": json.loads(
            json.dumps(compute(locations=[location], period=Period.year(year)), default=str)
        )
        for location in Location.objects.order_by("external_id")
        for year in sorted(years)
    }


def export() -> dict[str, str]:
    from koers.exchange.services import bundle_export

    with tempfile.TemporaryDirectory() as folder:
        bundle_export(target=folder)
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path(folder).iterdir())
        }


def state(out: Path, keep_units: int | None) -> None:
    if keep_units is not None:
        prune(keep_units)
    present, incomplete = units()
    result = {
        "units": present,
        "incomplete": incomplete,
        "tables": tables(),
        "figures": figures(),
        "export": export(),
    }
    out.write_text(json.dumps(result, sort_keys=True))


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(prog="python -m tests.core.drill")
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write")
    writing.add_argument("stop", type=Path)
    writing.add_argument("progress", type=Path)
    reading = commands.add_parser("state")
    reading.add_argument("out", type=Path)
    reading.add_argument("--keep-units", type=int)
    options = parser.parse_args(argv)
    if options.command == "write":
        write(options.stop, options.progress)
    else:
        state(options.out, options.keep_units)


if __name__ == "__main__":
    main(sys.argv[1:])
