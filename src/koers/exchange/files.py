"""The bundle's files, declared once: columns in the format's order, codecs, models, rules.

Import, export and validation all read these declarations; adding a file is one
``FileSpec`` in ``FILES`` (in dependency order: a file comes after every file it
refers to) plus a test. A column's model field and codec follow from its name
(``id`` is the external id, ``x_id`` refers to field ``x``) unless given.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from koers.coaching.models import (
    BudgetLine,
    CoachPeriod,
    Referral,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Signal,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
)
from koers.contacts.models import Contact
from koers.cooperation.models import OUTREACH_KINDS, Activity, Partner
from koers.core.models import Location
from koers.core.text import is_single_line, refuse_bidi_controls
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.documents.models import Document
from koers.exchange import codecs
from koers.exchange.checks import (
    AtClientLocation,
    AtRowLocation,
    EndNotBeforeStart,
    EnrolledAtSession,
    NamedAtItsLocation,
    OneVNumberPerPerson,
    OnlyFor,
    RecordRules,
    ReferenceIs,
    RequiredWhen,
    SameLocation,
    SameOwner,
)
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.indicators.models import Target
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.rules import LINKING_RULES, PLAN_RULES
from koers.legal.models import DECISION_STEPS, Dossier, DossierKind, DossierStep, FamilyMember
from koers.matching.models import Match, MatchEvaluation, MatchVolunteerPeriod, VolunteerProfile
from koers.people.models import (
    CivicIntegrationResult,
    Dwelling,
    Household,
    Person,
    Placement,
    QuotaPeriod,
)
from koers.people.search import name_key_for
from koers.privacy.scrub import ANONYMISED_ROW
from koers.reports.models import PublishedReport, ReportNarrative
from koers.staff.models import StaffMember, Training

SMALL_INTEGER_MAX = 32767  # the range both databases store in a (small) integer column
INTEGER_MAX = 2147483647


@dataclass(frozen=True)
class Column:
    """One column: the model fields it fills (or the set relation it replaces) and its codec.

    ``relation``: a multi-valued column replaces the rows of this relation (a reverse
    foreign key whose ``item`` field holds the value, or fields when ``item`` is a tuple,
    or a many-to-many without ``item``).
    ``extension``: a Koers column the format lacks, written only when a record has a value.
    """

    name: str
    fields: tuple[str, ...]
    codec: codecs.Codec
    required: bool = False
    relation: str | None = None
    item: str | tuple[str, ...] | None = None
    extension: bool = False

    @property
    def field(self) -> str:
        return self.fields[0] if self.fields else self.name


@dataclass(frozen=True)
class FileSpec:
    """One file of the bundle and the model its rows are.

    ``derived_from``: no file of its own; its rows come from that file's references.
    ``extension``: a Koers file the format lacks, written only when it has rows.
    ``optional``: a file of the format that a bundle may leave out (the two files of
    integration-2021.md and of cooperation.md), likewise written only when it has
    rows, so that older bundles export back identical.
    ``computed``: ``(field, function of the row's values)`` for fields the import fills
    from the others (a person's search key); not part of the file.
    ``where``: which of the model's records the file holds (a lookup and its value);
    ``location``: the path to their location when the model has no ``scope``;
    ``unique``: field sets unique among them, besides the model's own constraints;
    ``log_created``: a created record's change-log row holds its values too (for files
    of few rows whose history a page shows from the change log: a branch's terms).
    ``listed``: a list of what the branch keeps outside the bundle (its documents): written
    when it has rows, read and checked on import like any file, never written to the
    database (a row without its file would be a document that cannot be opened).
    """

    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    checks: tuple = ()
    extension: bool = False
    optional: bool = False
    derived_from: str | None = None
    computed: tuple[tuple[str, Callable[[dict], object]], ...] = ()
    where: tuple[tuple[str, object], ...] = ()
    location: str | None = None
    unique: tuple[tuple[str, ...], ...] = ()
    log_created: bool = False
    listed: bool = False

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def base_header(self) -> list[str]:
        """The header without Koers' extension columns: the format's version 1."""
        return [column.name for column in self.columns if not column.extension]

    @property
    def location_path(self) -> str:
        return self.location or self.model.scope.location

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def column_of(self, field_name: str) -> Column:
        return next(column for column in self.columns if field_name in column.fields)


def limit(model_field: models.Field, kind: type, default):
    """The tightest of ``default`` and the field's ``MinValueValidator`` / ``MaxValueValidator``.

    ``default`` is the range both databases store; the validators Django derives from the
    current database's range are never tighter, so the result is the same on both.
    """
    found = [v.limit_value for v in model_field.validators if isinstance(v, kind)]
    if default is not None:
        found.append(default)
    if not found:
        return None
    return max(found) if kind is MinValueValidator else min(found)


def codec_for(model_field: models.Field) -> codecs.Codec:
    """The codec a model field implies: its type, code list, length and validators."""
    if isinstance(model_field, models.ForeignKey):
        return codecs.Reference(model_field.related_model)
    if model_field.choices and not isinstance(model_field, models.IntegerField):
        return codecs.Code(frozenset(str(value) for value, _label in model_field.flatchoices))
    if isinstance(model_field, models.DateField):
        return codecs.Date()
    if isinstance(model_field, models.BooleanField):
        return codecs.Boolean()
    if isinstance(model_field, models.JSONField):
        return codecs.Json()
    if isinstance(model_field, models.DecimalField):
        return codecs.Number(
            model_field.max_digits,
            model_field.decimal_places,
            limit(model_field, MinValueValidator, None),
        )
    if isinstance(model_field, models.IntegerField) and model_field.choices:
        values = [value for value, _label in model_field.flatchoices]  # a scale (ZRM 1-5)
        return codecs.Integer(minimum=min(values), maximum=max(values))
    if isinstance(model_field, models.IntegerField):
        positive = isinstance(
            model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField
        )
        small = isinstance(model_field, models.PositiveSmallIntegerField | models.SmallIntegerField)
        largest = SMALL_INTEGER_MAX if small else INTEGER_MAX
        return codecs.Integer(
            minimum=limit(model_field, MinValueValidator, 0 if positive else -largest - 1),
            maximum=limit(model_field, MaxValueValidator, largest),
        )
    validators = tuple(v for v in model_field.validators if not hasattr(v, "limit_value"))
    if is_single_line(model_field):  # as SingleLineTexts: no bidi control in one line
        validators += (refuse_bidi_controls,)
    return codecs.Text(model_field.max_length, validators)


def col(model: type[models.Model], name: str, *, required: bool = False, **options) -> Column:
    """A column filling the model field its name implies."""
    field_name = "external_id" if name == "id" else name.removesuffix("_id")
    fields = options.pop("fields", (field_name,))
    codec = options.pop("codec", None) or codec_for(model._meta.get_field(fields[0]))
    return Column(name, fields, codec, required=required or name == "id", **options)


def many(model: type[models.Model], name: str, relation: str, item: str | None = None, **options):
    """A ``;``-separated column replacing the rows of a relation (child rows or many-to-many)."""
    related = model._meta.get_field(relation).related_model
    each = codec_for(related._meta.get_field(item)) if item else codecs.Reference(related)
    return Column(name, (), codecs.Many(each), relation=relation, item=item, **options)


def columns(
    model: type[models.Model], required: str, optional: str = "", **options
) -> tuple[Column, ...]:
    """Plain columns by name, required ones first as the format lists most files."""
    return tuple(col(model, name, required=True, **options) for name in required.split()) + tuple(
        col(model, name, **options) for name in optional.split()
    )


def koers_columns(model: type[models.Model], optional: str) -> tuple[Column, ...]:
    """Optional Koers columns added to a file of version 1."""
    return columns(model, "", optional, extension=True)


def zrm_scores() -> Column:
    """A measurement's domain scores in one cell: ``finances:3;housing:4``."""
    domain, score = (SelfRelianceScore._meta.get_field(name) for name in ("domain", "score"))
    return Column(
        "scores",
        (),
        codecs.Pairs(codec_for(domain), codec_for(score)),
        relation="scores",
        item=("domain", "score"),
    )


def person_name_key(values: dict) -> str:
    """``Person.name_key``: what spelling-tolerant search looks up (an anonymised person
    is not found by name: none)."""
    if values.get(ANONYMISED_ROW):
        return ""
    return cached_name_key(values["given_name"], values["family_name"])


cached_name_key = lru_cache(maxsize=2**16)(name_key_for)  # names repeat within a household


def ordered(*groups) -> tuple[Column, ...]:
    return tuple(column for group in groups for column in group)


FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "locations.csv",
        Location,
        ordered(
            columns(Location, "id name municipality", "region"),
            koers_columns(Location, "records_health"),
        ),
    ),
    FileSpec(
        "quota_periods.csv",
        QuotaPeriod,
        ordered(
            columns(QuotaPeriod, "id location_id"),
            [
                col(
                    QuotaPeriod,
                    "period",
                    required=True,
                    fields=("starts_on", "ends_on"),
                    codec=codecs.HalfYear(QuotaPeriod.bounds),
                )
            ],
            columns(QuotaPeriod, "quota", "backlog_in"),
        ),
    ),
    FileSpec(
        "dwellings.csv",
        Dwelling,
        columns(Dwelling, "id location_id", "postcode house_number landlord available_on"),
    ),
    FileSpec(
        "households",
        Household,
        columns(Household, "id location_id"),
        derived_from="people.csv",
    ),
    FileSpec(
        "people.csv",
        Person,
        ordered(
            columns(Person, "id location_id given_name family_name birth_date sex nationality"),
            columns(Person, "", "v_number"),
            columns(Person, "household_id arrival_route"),
            columns(
                Person,
                "",
                "permit_granted_on civic_integration_required participation_statement_signed_on",
            ),
            koers_columns(Person, "phone email"),
            [many(Person, "languages", "languages", "language", extension=True)],
            koers_columns(Person, "interpreter_language"),
        ),
        checks=(OneVNumberPerPerson(Person),),
        computed=(("name_key", person_name_key),),
    ),
    FileSpec(
        "civic_integration_results.csv",
        CivicIntegrationResult,
        columns(CivicIntegrationResult, "id person_id outcome decided_on", "note"),
        extension=True,
    ),
    FileSpec(
        "placements.csv",
        Placement,
        columns(Placement, "id person_id dwelling_id housed_on", "counts_for_quota"),
        checks=(SameLocation(Placement, "person", "dwelling"),),
    ),
    # The housing pipeline and the civic-integration law of 2021 (integration-2021.md).
    FileSpec(
        "linkings.csv",
        Linking,
        ordered(
            columns(Linking, "id location_id person_id linked_on", "cancelled_on cancel_reason"),
            koers_columns(Linking, "cancel_note planned_dwelling_id"),
        ),
        checks=(
            RecordRules(LINKING_RULES),
            SameOwner(Linking, "planned_dwelling", owner="location", relation="is at location"),
        ),
        optional=True,
    ),
    FileSpec(
        "integration_plans.csv",
        IntegrationPlan,
        columns(
            IntegrationPlan,
            "id person_id obligation_on",
            "intake_started_on intake_completed_on pip_on route route_switched_on route_before "
            "map_completed_on unburdening_from unburdening_until term_extension_months "
            "completed_on exempted_on",
        ),
        checks=(RecordRules(PLAN_RULES),),
        optional=True,
    ),
    FileSpec(
        "staff.csv",
        StaffMember,
        ordered(
            columns(StaffMember, "id location_id given_name family_name kind"),
            [
                many(StaffMember, "roles", "roles", "role", required=True),
                many(StaffMember, "languages", "languages", "language"),
            ],
            columns(StaffMember, "started_on"),
            columns(StaffMember, "", "ended_on end_reason agreement_signed_on hours_per_week"),
            koers_columns(StaffMember, "conduct_certificate_on"),
        ),
        checks=(
            EndNotBeforeStart("started_on", "ended_on"),
            NamedAtItsLocation(Activity, "staff", "activity"),
        ),
    ),
    FileSpec(
        "trainings.csv",
        Training,
        columns(Training, "id staff_id course completed_on"),
    ),
    # Cooperation, outreach and advocacy (cooperation.md): two optional files -----------
    FileSpec(
        "partners.csv",
        Partner,
        ordered(
            columns(Partner, "id location_id name kind"),
            koers_columns(Partner, "contact_person phone"),
        ),
        checks=(NamedAtItsLocation(Activity, "partners", "activity"),),
        optional=True,
    ),
    FileSpec(
        "activities.csv",
        Activity,
        ordered(
            columns(Activity, "id location_id date kind title"),
            [
                many(Activity, "partner_ids", "partners"),
                many(Activity, "staff_ids", "staff"),
            ],
            columns(Activity, "", "people_reached"),
        ),
        checks=(
            OnlyFor("people_reached", "people_reached", "kind", OUTREACH_KINDS),
            AtRowLocation(Activity, "partner_ids", "partners", "partner"),
            AtRowLocation(Activity, "staff_ids", "staff", "staff member"),
        ),
        optional=True,
    ),
    FileSpec(
        "volunteer_profiles.csv",
        VolunteerProfile,
        columns(VolunteerProfile, "id staff_id", "max_pairs postcode_area daytime evening weekend"),
        extension=True,
    ),
    FileSpec(
        "trajectories.csv",
        Trajectory,
        ordered(
            columns(Trajectory, "id person_id kind"),
            columns(Trajectory, "", "coach_id"),
            columns(Trajectory, "started_on", "ended_on end_reason"),
            koers_columns(Trajectory, "exit_conversation_on exit_summary coach_since"),
        ),
        checks=(
            EndNotBeforeStart("started_on", "ended_on"),
            EndNotBeforeStart("started_on", "coach_since"),
        ),
    ),
    FileSpec(
        "coach_periods.csv",
        CoachPeriod,
        columns(CoachPeriod, "id trajectory_id started_on ended_on reason", "coach_id"),
        checks=(EndNotBeforeStart("started_on", "ended_on"),),
        extension=True,
    ),
    FileSpec(
        "trajectory_plans.csv",
        TrajectoryPlan,
        columns(TrajectoryPlan, "id trajectory_id goals agreed_on", "actions"),
        extension=True,
    ),
    FileSpec(
        "trajectory_evaluations.csv",
        TrajectoryEvaluation,
        columns(TrajectoryEvaluation, "id trajectory_id held_on notes"),
        extension=True,
    ),
    FileSpec(
        "self_reliance_measurements.csv",
        SelfRelianceMeasurement,
        ordered(
            columns(SelfRelianceMeasurement, "id trajectory_id moment measured_on"),
            [zrm_scores()],
        ),
        extension=True,
    ),
    FileSpec(
        "referrals.csv",
        Referral,
        ordered(
            columns(
                Referral,
                "id person_id partner referred_on reason",
                "trajectory_id partner_detail warm_handover outcome outcome_note",
            ),
            koers_columns(Referral, "organisation_id"),
        ),
        checks=(
            SameOwner(Referral, "trajectory"),
            SameLocation(Referral, "person", "organisation"),
        ),
        extension=True,
    ),
    FileSpec(
        "budget_lines.csv",
        BudgetLine,
        columns(BudgetLine, "id household_id kind description amount", "counterparty"),
        extension=True,
    ),
    FileSpec(
        "contacts.csv",
        Contact,
        ordered(
            columns(Contact, "id location_id date kind", "person_id visitor_ref"),
            [many(Contact, "topics", "topics", "topic")],
            columns(Contact, "", "trajectory_id staff_id venue"),
            koers_columns(Contact, "note"),
        ),
    ),
    FileSpec(
        "dossiers.csv",
        Dossier,
        columns(
            Dossier,
            "id person_id kind opened_on",
            "closed_on outcome guardianship family_members",
        ),
        checks=(
            EndNotBeforeStart("opened_on", "closed_on"),
            RequiredWhen("outcome", "closed_on"),
        ),
    ),
    FileSpec(
        "dossier_steps.csv",
        DossierStep,
        ordered(
            columns(DossierStep, "id dossier_id step", "done_on due_on note"),
            koers_columns(DossierStep, "outcome"),  # what a decision decided
        ),
        checks=(
            OnlyFor("outcome", "outcome", "step", tuple(DECISION_STEPS)),
            RequiredWhen("done_on", "outcome"),
        ),
    ),
    FileSpec(
        "family_members.csv",
        FamilyMember,
        ordered(
            columns(FamilyMember, "id dossier_id given_name", "family_name"),
            columns(FamilyMember, "relationship", "birth_date whereabouts arrived_on person_id"),
        ),
        checks=(
            EndNotBeforeStart("birth_date", "arrived_on"),
            RequiredWhen("arrived_on", "person"),
            ReferenceIs(FamilyMember, "dossier", "kind", (DossierKind.FAMILY_REUNIFICATION,)),
            AtClientLocation(FamilyMember, "dossier", "person", "person"),
        ),
        extension=True,
    ),
    FileSpec(
        "matches.csv",
        Match,
        ordered(
            columns(Match, "id program person_id", "staff_id"),
            columns(Match, "requested_on", "started_on ended_on outcome extended_on"),
            koers_columns(Match, "end_reason end_note previous_id daytime evening weekend"),
            [many(Match, "languages", "languages", "language", extension=True)],
            koers_columns(Match, "staff_since"),
        ),
        checks=(
            EndNotBeforeStart("requested_on", "started_on"),
            EndNotBeforeStart("started_on", "ended_on"),
            EndNotBeforeStart("started_on", "staff_since"),
            SameOwner(Match, "previous"),
        ),
    ),
    FileSpec(
        "match_volunteer_periods.csv",
        MatchVolunteerPeriod,
        columns(MatchVolunteerPeriod, "id match_id started_on ended_on reason", "staff_id"),
        checks=(EndNotBeforeStart("started_on", "ended_on"),),
        extension=True,
    ),
    FileSpec(
        "match_evaluations.csv",
        MatchEvaluation,
        columns(MatchEvaluation, "id match_id moment held_on", "note"),
        extension=True,
    ),
    FileSpec(
        "groups.csv",
        Group,
        ordered(
            columns(Group, "id location_id program", "level language evening"),
            columns(Group, "started_on", "ended_on"),
            [many(Group, "staff_ids", "staff", extension=True)],
        ),
        checks=(EndNotBeforeStart("started_on", "ended_on"),),
    ),
    FileSpec(
        "sessions.csv",
        GroupSession,
        columns(GroupSession, "id group_id date"),
    ),
    FileSpec(
        "enrolments.csv",
        Enrolment,
        columns(Enrolment, "id group_id person_id enrolled_on", "left_on"),
        checks=(EndNotBeforeStart("enrolled_on", "left_on"),),
    ),
    FileSpec(
        "attendance.csv",
        Attendance,
        columns(Attendance, "id session_id person_id present"),
        checks=(EnrolledAtSession(GroupSession, Group, Enrolment),),
    ),
    FileSpec(
        "targets.csv",
        Target,
        columns(Target, "id location_id year indicator target"),
    ),
    FileSpec(
        "signals.csv",
        Signal,
        columns(Signal, "id location_id topic description noticed_on", "reported_on"),
        checks=(EndNotBeforeStart("noticed_on", "reported_on"),),
        extension=True,
    ),
    FileSpec(
        "report_narratives.csv",
        ReportNarrative,
        columns(ReportNarrative, "id location_id year section", "text"),
        extension=True,
    ),
    FileSpec(
        "published_reports.csv",
        PublishedReport,
        ordered(
            columns(
                PublishedReport,
                "id location_id year edition published_on definitions_version figures "
                "previous_figures",
                "monthly narrative",
            ),
            koers_columns(PublishedReport, "details"),
        ),
        extension=True,
    ),
    # The documents of files and dossiers: listed, never embedded (their files stay here).
    FileSpec(
        "documents.csv",
        Document,
        columns(
            Document,
            "id person_id kind title file_name content_type size sha256",
            "dossier_id description",
        ),
        checks=(SameOwner(Document, "dossier", owner="person"),),
        extension=True,
        listed=True,
    ),
    FileSpec(
        "deadline_terms.csv",
        RuleSetting,
        ordered(
            columns(RuleSetting, "id location_id"),
            [col(RuleSetting, "rule", required=True, codec=codecs.Reference(DeadlineRule, "code"))],
            columns(RuleSetting, "", "offset_years offset_months offset_days enabled"),
            koers_columns(RuleSetting, "offset_weeks"),  # integration-2021.md's 10 weeks
        ),
        extension=True,
        where=(("location__isnull", False),),  # a region's terms are shared configuration
        location="location",
        unique=(("location", "rule"),),
        log_created=True,
    ),
)

SPEC_BY_NAME = {spec.name: spec for spec in FILES}
SPEC_BY_MODEL = {spec.model: spec for spec in FILES}
BUNDLE_FILES = [spec for spec in FILES if spec.derived_from is None]
