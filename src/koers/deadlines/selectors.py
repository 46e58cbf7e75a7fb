"""Deadline items: the open terms derived from the records, one database query per rule.

Each rule's query (``RULE_QUERIES``) selects the records it applies to, annotates the
anchor and the due date (:class:`~koers.deadlines.offsets.AddOffset`, in SQL) and keeps
only what is open on the given day: anchor on or before it, not closed on it. The
command, the worklists, the panels and the digest all read :func:`open_items`.
"""

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Func, Max, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.coaching.models import Trajectory, TrajectoryKind
from koers.core import prepared
from koers.core.actors import Actor, Viewer
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import Capability, capability_q, scope_key, scope_q
from koers.deadlines.models import DeadlineRule, Digest, RuleSetting
from koers.deadlines.names import rule_text
from koers.deadlines.offsets import AddOffset, Offset
from koers.deadlines.rules import enabled_rule_groups
from koers.legal.models import CONTESTABLE, Dossier, DossierKind, DossierStep, StepKind
from koers.matching.models import Match, MatchEvaluation
from koers.people.models import CivicIntegrationResult, Person, Placement

ADULT = Offset(years=18)


@dataclass(frozen=True)
class DeadlineItem:
    """One open term of one record."""

    rule: str
    rule_name: str
    kind: str  # what the record is: an AppliesTo value
    person_id: str
    person_pk: int
    person_uid: str
    given_name: str
    family_name: str
    record_id: str
    record_uid: str
    record_version: int
    page_uid: str  # the record whose page shows this item (a step: its dossier)
    detail: str  # the step of a dossier-step item; empty otherwise
    location_id: int
    anchor_on: datetime.date
    due_on: datetime.date
    on: datetime.date

    @property
    def person_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def person_short(self) -> str:
        """Given name and initial: enough for a reminder, no more."""
        return f"{self.given_name} {self.family_name[:1]}."

    @property
    def html_id(self) -> str:
        """The item's id in a page: its rule and record."""
        return f"item-{self.rule}-{self.record_uid}"

    @property
    def status(self) -> str:
        return "overdue" if self.due_on < self.on else "open"

    @property
    def days_left(self) -> int:
        return (self.due_on - self.on).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "person_id": self.person_id,
            "record_id": self.record_id,
            "record_type": self.kind,
            "anchor_on": self.anchor_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "status": self.status,
        }


@dataclass(frozen=True)
class RuleQuery:
    """How one rule finds its open items: the records, the path to the client, the scope."""

    kind: str
    person: str  # ORM path to the client ("" for the person itself)
    build: Callable[[datetime.date], QuerySet]  # records with anchor_on, open on the day
    scope_via: Callable[[Actor], QuerySet] | None = None  # person ids the user may see here
    detail: str | None = None  # a field that tells the item apart (the step of a dossier step)
    due_from: str = "anchor_on"  # the date the offset is added to
    page: str = "uid"  # the uid of the record whose page shows the item
    extra_months: str | None = None  # a field of months added to the term (an extension)
    location: str | None = None  # ORM path to the location, when not the client's
    due_instead: str | None = None  # a date field that, when set, is the due date (extended)


def first_counted_housing() -> Subquery:
    return Subquery(
        Placement.objects.filter(person=OuterRef("pk"), counts_for_quota=True)
        .order_by("housed_on")
        .values("housed_on")[:1]
    )


def _people_with_counted_placement(on: datetime.date) -> QuerySet:
    """People obliged under the 2013 law: a plan puts a person under the law of 2021."""
    return (
        Person.objects.filter(civic_integration_required=True, integration_plan__isnull=True)
        .annotate(anchor_on=first_counted_housing())
        .filter(anchor_on__lte=on)
    )


def pvt_signature(on: datetime.date) -> QuerySet:
    return (
        _people_with_counted_placement(on)
        .alias(adult_on=AddOffset(F("birth_date"), ADULT))
        .filter(adult_on__lte=F("anchor_on"))
        .filter(
            Q(participation_statement_signed_on__isnull=True)
            | Q(participation_statement_signed_on__gt=on)
        )
    )


def civic_integration_term(on: datetime.date) -> QuerySet:
    results = CivicIntegrationResult.objects.filter(person=OuterRef("pk"), decided_on__lte=on)
    return _people_with_counted_placement(on).exclude(Exists(results))


def _dossier_open_on(on: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": on})


def family_reunification_filing(on: datetime.date) -> QuerySet:
    filed = DossierStep.objects.filter(
        dossier=OuterRef("pk"), step=StepKind.APPLICATION_FILED, done_on__lte=on
    )
    return (
        Dossier.objects.filter(kind=DossierKind.FAMILY_REUNIFICATION, opened_on__lte=on)
        .filter(_dossier_open_on(on))
        .annotate(anchor_on=F("person__permit_granted_on"))
        .filter(anchor_on__lte=on)
        .exclude(Exists(filed))
    )


def dossier_step(on: datetime.date) -> QuerySet:
    return (
        DossierStep.objects.filter(due_on__isnull=False)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=on))
        .filter(_dossier_open_on(on, "dossier__"))
        .annotate(anchor_on=F("dossier__opened_on"))
        .filter(anchor_on__lte=on)
    )


# The IND's terms in a family-reunification dossier (docs/deadlines.md, "Legal terms").


def _latest_step(
    kind: str, on: datetime.date, field: str = "done_on", since: OuterRef | None = None
) -> Subquery:
    """The latest ``field`` of the dossier's steps of ``kind`` done on or before ``on``
    (and, given ``since``, on or after that date of the dossier)."""
    steps = DossierStep.objects.filter(dossier=OuterRef("pk"), step=kind, done_on__lte=on)
    if since is not None:
        steps = steps.filter(done_on__gte=since)
    return Subquery(steps.values("dossier").annotate(latest=Max(field)).values("latest")[:1])


def _step_between(kind: str, since: str, on: datetime.date, dossier: str = "pk") -> Exists:
    """A step of ``kind`` done on or after the outer ``since`` and on or before ``on``."""
    return Exists(
        DossierStep.objects.filter(
            dossier=OuterRef(dossier), step=kind, done_on__gte=OuterRef(since), done_on__lte=on
        )
    )


def _reunification_open_on(on: datetime.date) -> QuerySet:
    return Dossier.objects.filter(kind=DossierKind.FAMILY_REUNIFICATION).filter(
        _dossier_open_on(on)
    )


def ind_decision_term(on: datetime.date) -> QuerySet:
    """The IND's decision term from the (latest) filing, or the date it extended it to;
    closed by a decision or by the notice of default (whose own term then runs)."""
    return (
        _reunification_open_on(on)
        .annotate(anchor_on=_latest_step(StepKind.APPLICATION_FILED, on))
        .filter(anchor_on__isnull=False)
        .annotate(
            extended_to=_latest_step(
                StepKind.DECISION_TERM_EXTENDED, on, field="due_on", since=OuterRef("anchor_on")
            )
        )
        .exclude(_step_between(StepKind.IND_DECISION, "anchor_on", on))
        .exclude(_step_between(StepKind.NOTICE_OF_DEFAULT, "anchor_on", on))
    )


def notice_of_default_term(on: datetime.date) -> QuerySet:
    """Two weeks after the (latest) notice of default: then an appeal for not deciding in
    time may be lodged; closed by a decision or by that appeal."""
    return (
        _reunification_open_on(on)
        .annotate(anchor_on=_latest_step(StepKind.NOTICE_OF_DEFAULT, on))
        .filter(anchor_on__isnull=False)
        .exclude(_step_between(StepKind.IND_DECISION, "anchor_on", on))
        .exclude(_step_between(StepKind.APPEAL_FILED, "anchor_on", on))
    )


def _contest_term(decision: str, contest: str) -> Callable[[datetime.date], QuerySet]:
    """The term to contest a refusal (or partial grant): the decision step's item, closed
    by the objection (or appeal) filed on or after the decision, or the dossier closed."""

    def build(on: datetime.date) -> QuerySet:
        return (
            DossierStep.objects.filter(
                step=decision,
                outcome__in=CONTESTABLE,
                dossier__kind=DossierKind.FAMILY_REUNIFICATION,
            )
            .filter(_dossier_open_on(on, "dossier__"))
            .annotate(anchor_on=F("done_on"))
            .filter(anchor_on__lte=on)
            .exclude(_step_between(contest, "anchor_on", on, dossier="dossier"))
        )

    return build


def _trajectories(kind: str) -> Callable[[datetime.date], QuerySet]:
    def build(on: datetime.date) -> QuerySet:
        return (
            Trajectory.objects.filter(kind=kind)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
            .annotate(anchor_on=F("started_on"))
            .filter(anchor_on__lte=on)
        )

    return build


def _match_evaluation(moment: str) -> Callable[[datetime.date], QuerySet]:
    def build(on: datetime.date) -> QuerySet:
        held = MatchEvaluation.objects.filter(match=OuterRef("pk"), moment=moment, held_on__lte=on)
        return (
            Match.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
            .annotate(anchor_on=F("started_on"))
            .filter(anchor_on__lte=on)
            .exclude(Exists(held))
        )

    return build


def _placement_people(user: Actor) -> QuerySet:
    """Person-level terms follow housing (coaching data), not the legal reach to a person."""
    return Placement.objects.for_user(user).values("person")


RULE_QUERIES: dict[str, RuleQuery] = {
    "pvt_signature": RuleQuery("person", "", pvt_signature, scope_via=_placement_people),
    "civic_integration_term": RuleQuery(
        "person", "", civic_integration_term, scope_via=_placement_people
    ),
    "family_reunification_filing": RuleQuery("dossier", "person__", family_reunification_filing),
    "dossier_step": RuleQuery(
        "dossier_step",
        "dossier__person__",
        dossier_step,
        detail="step",
        due_from="due_on",
        page="dossier__uid",
    ),
    "ind_decision_term": RuleQuery(
        "dossier", "person__", ind_decision_term, due_instead="extended_to"
    ),
    "notice_of_default_term": RuleQuery("dossier", "person__", notice_of_default_term),
    "objection_term": RuleQuery(
        "dossier_step",
        "dossier__person__",
        _contest_term(StepKind.IND_DECISION, StepKind.OBJECTION_FILED),
        detail="step",
        page="dossier__uid",
    ),
    "appeal_term": RuleQuery(
        "dossier_step",
        "dossier__person__",
        _contest_term(StepKind.OBJECTION_DECISION, StepKind.APPEAL_FILED),
        detail="step",
        page="dossier__uid",
    ),
    "settling_in_end": RuleQuery(
        "trajectory", "person__", _trajectories(TrajectoryKind.SETTLING_IN)
    ),
    "integration_end": RuleQuery(
        "trajectory", "person__", _trajectories(TrajectoryKind.INTEGRATION)
    ),
    "match_evaluation_3m": RuleQuery(
        "match", "person__", _match_evaluation(MatchEvaluation.Moment.THREE_MONTHS)
    ),
    "match_evaluation_6m": RuleQuery(
        "match", "person__", _match_evaluation(MatchEvaluation.Moment.SIX_MONTHS)
    ),
}
STEP_LABELS = dict(StepKind.choices)


def register_rule_queries(queries: dict[str, RuleQuery]) -> None:
    """Rules over the records of an app that stands on this one (``integration``: its
    plans' terms are these rules), added from that app's ``AppConfig.ready()``."""
    RULE_QUERIES.update(queries)


ROW = "item_"


def _rule_rows(
    query: RuleQuery,
    *,
    on: datetime.date,
    offset: Offset,
    location_ids: list[int],
    user: Actor,
    due_until: datetime.date | None,
    person_ids: Iterable[int] | None,
) -> QuerySet:
    p = query.person
    location = query.location or f"{p}location"
    records = query.build(on).filter(**{f"{location}__in": location_ids})
    if query.scope_via is not None:
        records = records.filter(pk__in=query.scope_via(user))
    else:
        records = records.filter(scope_q(user, records.model))
    if person_ids is not None:
        records = records.filter(**{f"{p}pk__in": person_ids})
    extra = Coalesce(F(query.extra_months), 0) if query.extra_months else None
    due: Func = AddOffset(F(query.due_from), offset, extra_months=extra)
    if query.due_instead:
        due = Coalesce(F(query.due_instead), due)
    records = records.annotate(**{f"{ROW}due_on": due})
    if due_until is not None:
        records = records.filter(**{f"{ROW}due_on__lte": due_until})
    fields = {
        "record_id": F("external_id"),
        "record_uid": F("uid"),
        "record_version": F("version"),
        "page_uid": F(query.page),
        "person_id": F(f"{p}external_id"),
        "person_uid": F(f"{p}uid"),
        "person_pk": F(f"{p}pk"),
        "given_name": F(f"{p}given_name"),
        "family_name": F(f"{p}family_name"),
        "location_id": F(f"{location}_id"),
        "detail": F(query.detail) if query.detail else Value(""),
    }
    # Prefixed, so that no alias clashes with a field of the model ("person_id", "given_name").
    return records.values(
        "anchor_on", f"{ROW}due_on", **{f"{ROW}{name}": value for name, value in fields.items()}
    )


@functools.cache
def _model_of(query: RuleQuery) -> type[Model]:
    """The model of a rule's records (its queryset built, not run)."""
    return query.build(datetime.date.min).model


def _kept_rule_rows(
    query: RuleQuery,
    *,
    location_ids: list[int],
    person_ids: list[int] | None,
    scope: tuple,
    **fixed: Any,
) -> list[dict]:
    """The rows of :func:`_rule_rows` (``fixed``: its other arguments), its SQL built once per
    shape (``core.prepared``): everything but the branches' and clients' ids decides it, the
    user's scope too (``scope``: :func:`reader_scope`, read once for every rule; the same
    user's next page, or the next client's file, reuses it)."""
    count = len(location_ids)
    shape = (
        "deadlines",
        query,
        fixed["offset"],
        fixed["on"],
        fixed["due_until"],
        scope,
        count,
        person_ids is None,
    )

    def build(ids: list[int]) -> QuerySet:
        clients = None if person_ids is None else ids[count:]
        return _rule_rows(query, location_ids=ids[:count], person_ids=clients, **fixed)

    return prepared.values(shape, _model_of(query), [*location_ids, *(person_ids or [])], build)


def reader_scope(user: Actor) -> tuple:
    """What the user's scope in a rule's SQL is built from: the day of its conditions
    (clearance, assignments) and the user's scope key (``core.scoping.scope_key``)."""
    return (timezone.localdate(), scope_key(user))


def _pk(record: Model | int) -> int:
    return record if isinstance(record, int) else record.pk


def open_items(
    *,
    on: datetime.date,
    locations: Iterable[Location | int] | QuerySet | None = None,
    user: Actor,
    due_until: datetime.date | None = None,
    persons: Iterable[Person | int] | None = None,
) -> list[DeadlineItem]:
    """The items open on ``on``, sorted by due date, then rule, then record.

    ``locations``: the branches (default: every branch the user's roles reach).
    ``user``: who reads: the records this user may see (the system actor: all of them,
    ``koers deadlines``).
    ``due_until``: only items due on or before that day (a worklist's horizon).
    """
    if locations is None:
        locations = Location.objects.for_user(user)
    location_ids = [_pk(location) for location in locations]
    person_ids = None if persons is None else [_pk(person) for person in persons]
    scope = reader_scope(user)  # once for every rule
    items = []
    for rule, ids in enabled_rule_groups(location_ids):
        query = RULE_QUERIES.get(rule.code)
        if query is None:
            continue
        rows = _kept_rule_rows(
            query,
            on=on,
            offset=rule.offset,
            location_ids=ids,
            user=user,
            due_until=due_until,
            person_ids=person_ids,
            scope=scope,
        )
        for row in rows:
            values = {name.removeprefix(ROW): value for name, value in row.items()}
            values["detail"] = STEP_LABELS.get(values["detail"], "")
            values["record_uid"] = str(values["record_uid"])
            values["person_uid"] = str(values["person_uid"])
            values["page_uid"] = str(values["page_uid"])
            items.append(
                DeadlineItem(
                    rule=rule.code,
                    rule_name=rule_text(rule.name),
                    kind=query.kind,
                    on=on,
                    **values,
                )
            )
    items.sort(key=lambda item: (item.due_on, item.rule, item.record_id))
    return items


WEEK = 7
MONTH = 30

# Where an item stands on its day: the worklists' groups (docs/deadlines.md, "Worklists").
OVERDUE, THIS_WEEK, THIS_MONTH, LATER = "overdue", "this_week", "this_month", "later"


def group_of(item: DeadlineItem) -> str:
    """The group of an item: overdue, due within :data:`WEEK` days, within :data:`MONTH`
    days, or later. The one grouping the start page, the digest and the worklist share."""
    days = item.days_left
    if days < 0:
        return OVERDUE
    if days <= WEEK:
        return THIS_WEEK
    if days <= MONTH:
        return THIS_MONTH
    return LATER


@dataclass(frozen=True)
class Worklist:
    """A user's items on a day, grouped as the branches work them."""

    on: datetime.date
    overdue: list[DeadlineItem]
    this_week: list[DeadlineItem]
    this_month: list[DeadlineItem]

    @property
    def groups(self) -> list[tuple[str, list[DeadlineItem]]]:
        return [
            ("overdue", self.overdue),
            ("this_week", self.this_week),
            ("this_month", self.this_month),
        ]

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.this_week) + len(self.this_month)


def my_worklist_locations(user: Viewer) -> list[Location]:
    """The branches whose items are the user's own: where one of the user's roles holds a
    worklist (``Capability.WORKLIST``). A team leader's are those of the branch they lead, a
    legal worker's the dossiers of their branch, a volunteer's those of the clients they are
    assigned to (the records ``for_user`` gives them there); a regional manager reads the
    region's items on the worklist page but works none, so has no items of their own. The
    start page's "Mijn termijnen" and the daily digest show these."""
    return list(Location.objects.for_user(user).filter(capability_q(user, Capability.WORKLIST)))


def worklist(
    *,
    user: Viewer,
    on: datetime.date,
    horizon: int = MONTH,
    locations: Iterable[Location] | QuerySet | None = None,
    persons: Iterable[Person] | None = None,
) -> Worklist:
    """The items the user may see that are overdue or due within ``horizon`` days."""
    items = open_items(
        on=on,
        user=user,
        locations=locations,
        persons=persons,
        due_until=on + datetime.timedelta(days=horizon),
    )
    grouped: dict[str, list[DeadlineItem]] = {OVERDUE: [], THIS_WEEK: [], THIS_MONTH: [], LATER: []}
    for item in items:
        grouped[group_of(item)].append(item)
    return Worklist(
        on=on,
        overdue=grouped[OVERDUE],
        this_week=grouped[THIS_WEEK],
        # a horizon past the month (none asks one yet) keeps the later items with the month's
        this_month=grouped[THIS_MONTH] + grouped[LATER],
    )


TERM_FIELDS = ("offset_years", "offset_months", "offset_weeks", "offset_days", "enabled")
HISTORY_SHOWN = 50


@dataclass(frozen=True)
class TermChange:
    """One change of a term as the rule's page shows it: the whole term before and after."""

    at: datetime.datetime
    actor: str
    before: dict | None  # None: no term of its own (before it was set, after it was removed)
    after: dict | None


def _term_entries(
    rule: DeadlineRule, *, region: str, location: Location | None
) -> QuerySet[ChangeLogEntry]:
    """The change-log rows of one term: the rule's own (the foundation's default), or those
    of every setting the region or branch has had, removed ones included (their removal
    logged what they were, so which rule and place they were of)."""
    if location is None and not region:
        return ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(DeadlineRule), object_id=rule.pk
        )
    place: dict[str, Any] = (
        {"location": location}
        if location is not None
        else {"location__isnull": True, "region": region}
    )
    current = list(RuleSetting.objects.filter(rule=rule, **place).values_list("pk", flat=True))
    setting_type = ContentType.objects.get_for_model(RuleSetting)
    # A branch's setting has an empty region, a region's no branch (a constraint says so).
    removed_place: dict[str, Any] = (
        {"changes__location_id__0": location.pk}
        if location is not None
        else {"changes__region__0": region}
    )
    removed = ChangeLogEntry.objects.filter(
        content_type=setting_type,
        action=ChangeLogEntry.Action.DELETE,
        changes__rule_id__0=rule.pk,
        **removed_place,
    ).values("object_id")
    return ChangeLogEntry.objects.filter(
        Q(object_id__in=current) | Q(object_id__in=removed), content_type=setting_type
    )


def _whole_term(values: dict) -> dict:
    """A term with every field: a row written before terms in weeks existed (deadlines 0006)
    has no ``offset_weeks``, which was 0 then."""
    return {**RuleSetting().settings_dict(), **values}  # the fields' defaults, then the row's


def rule_history(
    rule: DeadlineRule, *, region: str = "", location: Location | None = None
) -> list[TermChange]:
    """The changes of a rule's term for the foundation, a region or a branch, newest first.

    Read from the change log (the one history of every record): an update there holds
    the fields it changed, so each row's whole term is found by walking back from the
    term as it is now.
    """
    entries = (
        _term_entries(rule, region=region, location=location)
        .select_related("user")
        .order_by("-at", "-id")[:HISTORY_SHOWN]
    )
    if location is None and not region:
        now: dict | None = rule.settings_dict()
    else:
        place: dict[str, Any] = (
            {"location": location} if location is not None else {"region": region}
        )
        setting = RuleSetting.objects.filter(rule=rule, **place).first()
        now = setting.settings_dict() if setting is not None else None
    history = []
    for entry in entries:
        changed = {name: entry.changes[name] for name in TERM_FIELDS if name in entry.changes}
        if entry.action == ChangeLogEntry.Action.CREATE:
            created = {name: new for name, (_old, new) in changed.items()}
            before, after = None, _whole_term(created) if created else now
        elif entry.action == ChangeLogEntry.Action.DELETE:
            before, after = _whole_term({name: old for name, (old, _new) in changed.items()}), None
        else:
            after = now
            before = {**(now or {}), **{name: old for name, (old, _new) in changed.items()}}
            if not changed:  # a change of something else (a rule's name): not a term's
                now = before
                continue
        history.append(TermChange(at=entry.at, actor=entry.actor, before=before, after=after))
        now = before
    return history


RECENT_DIGESTS = 5


def recent_digests(user: Viewer, *, limit: int = RECENT_DIGESTS) -> list[dict]:
    """The user's last digests with their items; a client only where the user may still see
    them (else ``person`` is None), read in one query for all digests."""
    if not user.is_authenticated:
        return []
    digests = list(Digest.objects.filter(user=user).order_by("-on", "-sent_at")[:limit])
    wanted = {item["person"] for digest in digests for item in digest.items}
    people = (
        Person.objects.for_user(user).filter(pk__in=wanted).only("uid", "given_name", "family_name")
    )
    visible = {person.pk: person for person in people}
    return [
        {
            "on": digest.on,
            "sent_at": digest.sent_at,
            "items": [
                item
                | {
                    "due_on": datetime.date.fromisoformat(item["due_on"]),
                    "person": visible.get(item["person"]),
                }
                for item in digest.items
            ],
        }
        for digest in digests
    ]
