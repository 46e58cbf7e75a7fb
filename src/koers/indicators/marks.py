"""Which locations' figures a written row can change, and marking them stale.

Every record a figure reads is in :data:`READS`, with the ORM paths from one of its rows
to the locations whose figures read it: its own location (along the source's location
path, e.g. a placement's dwelling's location), and, where a figure of one location looks
at rows of another, the way there (a household's first housing looks at every placement
of its members; "new in the program" at the person's enrolments everywhere). A test
checks that every table the engine's queries read is here
(``tests/indicators/test_marks.py``).

:class:`StaleFacts` is the :mod:`koers.core.writes` observer: before and after a write it
finds the rows' locations along these paths, and moves each location's
:class:`~koers.indicators.models.FactClock` on in the writing transaction (one upsert),
so that every stored fact of those locations is stale from the moment the write is
visible. Coarse on purpose: any write of a row moves the whole location's clock, for
every period, whatever figure it changes.
"""

from collections.abc import Iterable

from django.db import connections, models, router
from django.utils import timezone

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic
from koers.cooperation.models import Activity, Partner
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.indicators.models import FactClock, Target
from koers.integration.models import IntegrationPlan, Linking
from koers.legal.models import Dossier
from koers.matching.models import Match
from koers.people.models import Dwelling, Household, Person, Placement, QuotaPeriod
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training
from koers.transfers.models import Transfer, TransferPerson

READS: dict[type[models.Model], tuple[str, ...]] = {
    # housing: a placement counts where its dwelling is, and settles its household
    Placement: (
        "dwelling__location",
        "person__household__location",
        "person__household__transfers__from_location",
    ),
    Dwelling: ("location",),
    Household: ("location", "transfers__from_location"),
    QuotaPeriod: ("location",),
    # a person's own figures (trajectories, dossiers, matches, plans, the statement), their
    # household's, and what is read of them where they were housed or enrolled; and the
    # branches they left, whose periods before the move still count them
    Person: (
        "location",
        "moves__transfer__from_location",
        "household__location",
        "household__transfers__from_location",
        "placements__dwelling__location",
        "enrolments__group__location",
    ),
    Trajectory: (
        "person__location",
        "person__moves__transfer__from_location",
        "contacts__location",  # a contact counts its kind
    ),
    Contact: ("location",),
    ContactTopic: ("contact__location",),
    Dossier: ("person__location", "person__moves__transfer__from_location"),
    Match: ("person__location", "person__moves__transfer__from_location"),
    # "new in the program": no enrolment of the person in the program anywhere before
    Group: ("location", "enrolments__person__enrolments__group__location"),
    GroupSession: ("group__location",),
    Enrolment: ("group__location", "person__enrolments__group__location"),
    Attendance: ("session__group__location",),
    StaffMember: ("location",),
    StaffRole: ("staff__location",),
    StaffLanguage: ("staff__location",),
    Training: ("staff__location",),
    Linking: ("location",),
    IntegrationPlan: ("person__location", "person__moves__transfer__from_location"),
    Activity: ("location",),
    Activity.partners.through: ("activity__location",),
    Activity.staff.through: ("activity__location",),
    Partner: ("activities__location",),  # its kind splits the partners met
    Target: ("location",),
    # a client's records count, for a period before their move, at the branch they left
    # (transfers.history): a move, and its people, concern both branches
    Transfer: ("from_location", "to_location"),
    TransferPerson: ("transfer__from_location", "transfer__to_location"),
}

CHUNK = 2000  # rows per query (each path repeats the ids: SQLite's limit on parameters)


def locations_of(model: type[models.Model], pks: Iterable) -> set[int]:
    """The locations whose figures read these rows of ``model`` (as the rows are now)."""
    paths = READS.get(model)
    pks = list(pks)
    if not paths or not pks:
        return set()
    found: set[int] = set()
    for start in range(0, len(pks), CHUNK):
        rows = model._default_manager.filter(pk__in=pks[start : start + CHUNK]).order_by()
        each = [
            rows.filter(**{f"{path}__isnull": False}).values_list(path, flat=True) for path in paths
        ]
        found.update(each[0].union(*each[1:]) if len(each) > 1 else each[0].distinct())
    return found


def mark(location_ids: Iterable[int]) -> None:
    """Move the clocks of these locations on: one upsert, in the current transaction, in
    the order of their ids (so that two writers lock them in the same order)."""
    ids = sorted(set(location_ids))
    if not ids:
        return
    connection = connections[router.db_for_write(FactClock)]
    table = connection.ops.quote_name(FactClock._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, 1, %s)"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (location_id, generation, written_at) VALUES {rows} "  # noqa: S608
            f"ON CONFLICT (location_id) DO UPDATE SET generation = {table}.generation + 1, "
            "written_at = excluded.written_at",
            [value for pk in ids for value in (pk, now)],
        )


def mark_everything() -> None:
    """Every location stale: after writes that went around the services (the demo's and the
    benchmark's bulk loads)."""
    from koers.core.models import Location

    ids = list(Location.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        mark(ids[start : start + CHUNK])


class StaleFacts:
    """The :mod:`koers.core.writes` observer of the facts."""

    def touched(self, model: type[models.Model], pks: list) -> set[int]:
        return locations_of(model, pks)

    def written(self, touched: set[int]) -> None:
        mark(touched)
