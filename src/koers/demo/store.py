"""The demo's rows, built in memory and written in batches, parents before children.

Demo rows get readable external ids (``demo-p000123``) and uids drawn from the seed, so
the same seed gives the same records, and their ids never clash with a real bundle's.
No change-log rows are written: nobody changed these records, they were generated.
"""

import random
import uuid
from collections import Counter, defaultdict

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from koers.accounts.models import Membership, User
from koers.coaching.models import (
    BudgetLine,
    Referral,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Signal,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
)
from koers.contacts.models import Contact, ContactTopic
from koers.cooperation.models import Activity, Partner
from koers.core.models import Location, Record
from koers.deadlines.models import RuleSetting
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.indicators.marks import mark_everything
from koers.indicators.models import Target
from koers.integration.models import IntegrationPlan, Linking
from koers.legal.models import Dossier, DossierStep, FamilyMember
from koers.matching.models import Match, MatchEvaluation, MatchLanguage, VolunteerProfile
from koers.people.models import (
    CivicIntegrationResult,
    Dwelling,
    Household,
    Person,
    Placement,
    QuotaPeriod,
)
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training

GroupStaff = Group.staff.through

# Parents before children, so that every foreign key points at a saved row.
SAVE_ORDER: tuple[type[models.Model], ...] = (
    Location,
    RuleSetting,
    Signal,
    Partner,
    User,
    Membership,
    Household,
    Person,
    BudgetLine,
    Dwelling,
    Placement,
    QuotaPeriod,
    CivicIntegrationResult,
    Linking,
    IntegrationPlan,
    StaffMember,
    StaffRole,
    StaffLanguage,
    Training,
    Activity,
    Activity.partners.through,
    Activity.staff.through,
    VolunteerProfile,
    Trajectory,
    TrajectoryPlan,
    TrajectoryEvaluation,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Referral,
    Dossier,
    DossierStep,
    FamilyMember,
    Match,
    MatchLanguage,
    MatchEvaluation,
    Group,
    GroupStaff,
    GroupSession,
    Enrolment,
    Attendance,
    Contact,
    ContactTopic,
    Target,
)
BATCH_SIZE = 2000


class DemoRows:
    """Every row of the demo, per model, in the order they were made."""

    def __init__(self, seed: int):
        self._uids = random.Random(f"uids-{seed}")
        self._numbers: Counter[str] = Counter()
        self.rows: defaultdict[type[models.Model], list[models.Model]] = defaultdict(list)
        self._last_pk: dict[type[models.Model], int] = {}
        self.now = timezone.now()
        self._v_numbers: set[str] = set()

    def v_number(self, rng: random.Random) -> str:
        """A V-number no other person of the demo has (one person, one record); the dice are
        thrown again only on a repeat, so the demo's other records stay as they were."""
        number = str(rng.randint(10**9, 10**10 - 1))
        while number in self._v_numbers:
            number = str(rng.randint(10**9, 10**10 - 1))
        self._v_numbers.add(number)
        return number

    def record(
        self, model: type[models.Model], prefix: str, external_id: str = "", **fields
    ) -> models.Model:
        """A new record with a readable external id (``demo-<prefix><number>``) and a seeded uid."""
        self._numbers[prefix] += 1
        return self.row(
            model,
            external_id=external_id or f"demo-{prefix}{self._numbers[prefix]:06d}",
            uid=uuid.UUID(int=self._uids.getrandbits(128), version=4),
            **fields,
        )

    def row(self, model: type[models.Model], **fields) -> models.Model:
        """A new row of a model that is not a record (a role, a topic, a membership).

        Rows get their primary key here, so that a reference is stored as the plain
        ``<name>_id`` (much cheaper than Django's related-object descriptors, which
        matters for a few hundred thousand rows); read references by their ``_id``.
        """
        for name, value in list(fields.items()):
            if isinstance(value, models.Model):
                fields[f"{name}_id"] = fields.pop(name).pk
        if issubclass(model, Record):
            fields.setdefault("created_at", self.now)
            fields.setdefault("updated_at", self.now)
        instance = model(pk=self._next_pk(model), **fields)
        self.rows[model].append(instance)
        return instance

    def _next_pk(self, model: type[models.Model]) -> int:
        if model not in self._last_pk:
            self._last_pk[model] = model.objects.aggregate(last=Max("pk"))["last"] or 0
        self._last_pk[model] += 1
        return self._last_pk[model]

    def counts(self) -> dict[str, int]:
        return {model._meta.label: len(self.rows[model]) for model in SAVE_ORDER}

    @transaction.atomic
    def save(self) -> None:
        unknown = set(self.rows) - set(SAVE_ORDER)
        if unknown:
            raise ValueError(f"no save order for {sorted(m._meta.label for m in unknown)}")
        for model in SAVE_ORDER:
            _insert(model, self.rows[model])
        # the keys were chosen here: move PostgreSQL's sequences past them
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(SAVE_ORDER)):
                cursor.execute(sql)
        mark_everything()  # written around the services: every stored figure is stale


def _insert(model: type[models.Model], rows: list[models.Model]) -> None:
    """What ``bulk_create`` does for rows with their keys set, at a fraction of its cost.

    The values of a column repeat (dates, the creation moment, codes), so each distinct
    value is converted for the database once. Table and column names come from the
    models' own metadata, never from data.
    """
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (names from model metadata)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    converters = [_converter(field) for field in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                sql,
                [
                    tuple(
                        convert(getattr(row, field.attname))
                        for field, convert in zip(fields, converters, strict=True)
                    )
                    for row in rows[start : start + BATCH_SIZE]
                ],
            )


def _converter(field: models.Field):
    """A field's value-to-database conversion, remembered per value unless values are unique."""

    def prepare(value):
        return field.get_db_prep_save(value, connection)

    if field.primary_key or field.unique:
        return prepare
    cache: dict = {}

    def remembered(value):
        if value not in cache:
            cache[value] = prepare(value)
        return cache[value]

    return remembered
