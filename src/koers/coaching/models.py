"""Coaching trajectories (settling in, integration, job coaching) and the work done in them.

A trajectory has a plan, evaluations, self-reliance measurements at intake and exit,
referrals to partner organisations and an exit conversation. A household keeps a budget
overview with its coach; a branch reports bottlenecks (signals) to the municipality.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.formatting import date_text
from koers.core.models import Location, Record, end_not_before_start
from koers.core.scoping import Category, Scope, ScopedQuerySet


class TrajectoryKind(models.TextChoices):
    SETTLING_IN = "settling_in", _("coaching vestiging")
    INTEGRATION = "integration", _("coaching integratie")
    JOB_COACHING = "job_coaching", _("jobcoaching")


# Who may coach which kind of trajectory: the staff roles (``staff.StaffRoleCode``) that do
# that work; besides the role, a coach must be cleared for client files on the day
# (``core.scoping.CLIENT_ACCESS_REQUIREMENTS``) and have a login to open them.
COACH_ROLES: dict[str, frozenset[str]] = {
    TrajectoryKind.SETTLING_IN: frozenset({"social", "housing_coach"}),
    TrajectoryKind.INTEGRATION: frozenset({"social"}),
    TrajectoryKind.JOB_COACHING: frozenset({"job_coach"}),
}


class TrajectoryEndReason(models.TextChoices):
    COMPLETED = "completed", _("afgerond")
    MOVED = "moved", _("verhuisd")
    STOPPED = "stopped", _("gestopt")


class Trajectory(Record):
    """The coaching of one person of one kind, from start to exit."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="trajectories",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=TrajectoryKind.choices)
    coach = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    coach_since = models.DateField(
        _("coach sinds"),
        null=True,
        blank=True,
        help_text=_("Leeg: sinds de start van het traject. Eerdere coaches: coachperiodes."),
    )
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden einde"), max_length=20, choices=TrajectoryEndReason.choices, blank=True
    )
    exit_conversation_on = models.DateField(_("exitgesprek op"), null=True, blank=True)
    exit_summary = models.TextField(_("verslag exitgesprek"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-started_on"]
        constraints = [
            end_not_before_start("started_on", "ended_on", "trajectory_end_not_before_start"),
            end_not_before_start(
                "started_on", "coach_since", "trajectory_coach_since_not_before_start"
            ),
        ]
        indexes = [models.Index(fields=["kind", "started_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def coach_from(self) -> "datetime.date":
        """The first day of the current coach (the start, unless the coach changed)."""
        return self.coach_since or self.started_on

    @property
    def health_zrm_domains(self) -> frozenset:
        """For templates, which cannot import ``HEALTH_ZRM_DOMAINS``."""
        return HEALTH_ZRM_DOMAINS


PART_OF_TRAJECTORY = Scope(
    location="trajectory__person__location",
    category=Category.COACHING,
    person="trajectory__person",
)


class CoachPeriod(Record):
    """An earlier coach of a trajectory: who coached it from when to when, and why it changed.

    The current coach is the trajectory's ``coach``, from ``coach_since`` (or the start);
    a change of coach closes the current one into a period that ends the day before the
    change (``coaching.services.trajectory_change_coach``). So "who coached when" and the
    coach's access to the client (``coaching.selectors.coached_clients``) follow the
    dates, and the trajectory itself runs on: a change ends no trajectory. ``coach`` empty:
    a time without a coach.
    """

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="coach_periods",
    )
    coach = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coach_periods",
    )
    started_on = models.DateField(_("coach vanaf"))
    ended_on = models.DateField(_("coach tot en met"))
    reason = models.TextField(_("reden van de wissel"))

    objects = ScopedQuerySet.as_manager()
    scope = PART_OF_TRAJECTORY

    class Meta:
        verbose_name = _("coachperiode")
        verbose_name_plural = _("coachperiodes")
        ordering = ["trajectory", "started_on"]
        constraints = [
            end_not_before_start("started_on", "ended_on", "coach_period_end_not_before_start")
        ]
        indexes = [models.Index(fields=["coach", "started_on", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.coach or '—'} {date_text(self.started_on)} t/m {date_text(self.ended_on)}"


class TrajectoryPlan(Record):
    """The plan agreed with the client: goals and actions; its history is the change log."""

    trajectory = models.OneToOneField(
        Trajectory, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="plan"
    )
    goals = models.TextField(_("doelen"))
    actions = models.TextField(_("afspraken en acties"), blank=True)
    agreed_on = models.DateField(_("afgesproken op"))

    objects = ScopedQuerySet.as_manager()
    scope = PART_OF_TRAJECTORY

    class Meta:
        verbose_name = _("trajectplan")
        verbose_name_plural = _("trajectplannen")


class TrajectoryEvaluation(Record):
    """A review of the trajectory with the client: how the plan is going."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="evaluations"
    )
    held_on = models.DateField(_("gehouden op"))
    notes = models.TextField(_("verslag"))

    objects = ScopedQuerySet.as_manager()
    scope = PART_OF_TRAJECTORY

    class Meta:
        verbose_name = _("evaluatie traject")
        verbose_name_plural = _("evaluaties trajecten")
        ordering = ["trajectory", "-held_on"]


class ZrmDomain(models.TextChoices):
    """The domains of the Zelfredzaamheid-Matrix, each scored 1-5.

    Source: ZRM-Handleiding 2017, GGD Amsterdam (zelfredzaamheidmatrix.nl): the 13
    domains of the current ZRM (2017), which replaced the 11 of ZRM 2013 (dagbesteding
    split into werk & opleiding and tijdsbesteding, ADL into basale and instrumentele ADL,
    verslaving renamed middelengebruik). Two optional domains follow: *opvoeding*, the
    ZRM-supplement Ouderschap (GGD Amsterdam, 2013), for parents of minors; and *taal en
    communicatie*, which is no ZRM domain but a refugee-work addition of this foundation.
    """

    FINANCES = "finances", _("financiën")
    WORK_EDUCATION = "work_education", _("werk en opleiding")
    TIME_USE = "time_use", _("tijdsbesteding")
    HOUSING = "housing", _("huisvesting")
    DOMESTIC_RELATIONS = "domestic_relations", _("huiselijke relaties")
    MENTAL_HEALTH = "mental_health", _("geestelijke gezondheid")
    PHYSICAL_HEALTH = "physical_health", _("lichamelijke gezondheid")
    SUBSTANCE_USE = "substance_use", _("middelengebruik")
    BASIC_ADL = "basic_adl", _("basale ADL")
    INSTRUMENTAL_ADL = "instrumental_adl", _("instrumentele ADL")
    SOCIAL_NETWORK = "social_network", _("sociaal netwerk")
    SOCIAL_PARTICIPATION = "social_participation", _("maatschappelijke participatie")
    JUSTICE = "justice", _("justitie")
    PARENTING = "parenting", _("opvoeding (supplement ouderschap)")
    LANGUAGE = "language", _("taal en communicatie (aanvulling)")


OPTIONAL_ZRM_DOMAINS = {ZrmDomain.PARENTING, ZrmDomain.LANGUAGE}
# Data concerning health (GDPR art. 9): recorded only where the branch opted in
# (``core.Location.records_health``); forms hide them, services refuse them elsewhere.
HEALTH_ZRM_DOMAINS = frozenset(
    {ZrmDomain.MENTAL_HEALTH, ZrmDomain.PHYSICAL_HEALTH, ZrmDomain.SUBSTANCE_USE}
)


def records_health(location: Location | None) -> bool:
    """Whether a branch records health data; without a known branch, it does not (fail closed)."""
    return bool(location and location.records_health)


def zrm_domains_recorded_at(location: Location | None) -> list[ZrmDomain]:
    return [d for d in ZrmDomain if records_health(location) or d not in HEALTH_ZRM_DOMAINS]


class ZrmLevel(models.IntegerChoices):
    ACUTE = 1, _("1 acute problematiek")
    NOT_SELF_RELIANT = 2, _("2 niet zelfredzaam")
    LIMITED = 3, _("3 beperkt zelfredzaam")
    SUFFICIENT = 4, _("4 voldoende zelfredzaam")
    FULL = 5, _("5 volledig zelfredzaam")


class SelfRelianceMeasurement(Record):
    """A ZRM measurement of a trajectory: the intake (nulmeting) or the exit measurement."""

    class Moment(models.TextChoices):
        INTAKE = "intake", _("intake (nulmeting)")
        EXIT = "exit", _("exit (eindmeting)")

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    measured_on = models.DateField(_("gemeten op"))

    objects = ScopedQuerySet.as_manager()
    scope = PART_OF_TRAJECTORY

    class Meta:
        verbose_name = _("zelfredzaamheidsmeting")
        verbose_name_plural = _("zelfredzaamheidsmetingen")
        ordering = ["trajectory", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "moment"], name="measurement_once_per_moment"
            )
        ]


class SelfRelianceScore(models.Model):
    """One domain's score of a measurement; a row each so figures can count per domain."""

    measurement = models.ForeignKey(
        SelfRelianceMeasurement, on_delete=models.CASCADE, related_name="scores"
    )
    domain = models.CharField(_("domein"), max_length=30, choices=ZrmDomain.choices)
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=ZrmLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("ZRM-score")
        verbose_name_plural = _("ZRM-scores")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="zrm_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="zrm_score_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.score}"


class Partner(models.TextChoices):
    """Partner organisations clients are referred to (free text names the local one)."""

    FOOD_BANK = "food_bank", _("Voedselbank")
    DEBT_HELP = "debt_help", _("schuldhulpverlening")
    DEBT_BUDDY = "debt_buddy", _("SchuldHulpMaatje")
    CJG = "cjg", _("CJG (Centrum voor Jeugd en Gezin)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    TAALHUIS = "taalhuis", _("Taalhuis")
    VRAAGWIJZER = "vraagwijzer", _("Vraagwijzer")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    GP = "gp", _("huisarts")
    MENTAL_HEALTH = "mental_health", _("GGZ")
    WORK = "work", _("werkgever of re-integratie")
    OTHER = "other", _("overig")


HEALTH_PARTNERS = frozenset({Partner.MENTAL_HEALTH})  # a GGZ referral reveals mental-health care

# A referral to an organisation of the branch's social map (``cooperation.Partner``) whose
# partner code is left empty gets the code of the organisation's kind.
PARTNER_FOR_ORGANISATION_KIND = {
    "food_bank": Partner.FOOD_BANK,
    "debt_help": Partner.DEBT_HELP,
    "youth_family": Partner.CJG,
    "social_team": Partner.WIJKTEAM,
    "health": Partner.GP,
}
HEALTH_ORGANISATION_KINDS = frozenset({"health"})  # offered only where health data is kept


def partners_recorded_at(location: Location | None) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Partner.choices
        if records_health(location) or value not in HEALTH_PARTNERS
    ]


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("nog onbekend")
    ACCEPTED = "accepted", _("in zorg genomen")
    DECLINED = "declined", _("niet aangenomen")
    NO_SHOW = "no_show", _("cliënt niet gegaan")


class Referral(Record):
    """A referral of a client to a partner, warm (introduced in person) or not."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cliënt"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    partner = models.CharField(_("partner"), max_length=20, choices=Partner.choices)
    partner_detail = models.CharField(
        _("naam of afdeling"), max_length=200, blank=True, help_text=_("bijv. Voedselbank Zuid")
    )
    organisation = models.ForeignKey(
        "cooperation.Partner",
        verbose_name=_("organisatie (sociale kaart)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        help_text=_("De partner uit de sociale kaart van de afdeling."),
    )
    referred_on = models.DateField(_("verwezen op"))
    reason = models.TextField(_("reden"))
    warm_handover = models.BooleanField(_("warme overdracht"), default=False)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=ReferralOutcome.choices, default="pending"
    )
    outcome_note = models.TextField(_("toelichting uitkomst"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(location="person__location", category=Category.COACHING, person="person")

    class Meta:
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_partner_display()} {date_text(self.referred_on)}"

    @property
    def partner_name(self) -> str:
        """The partner as the coach reads it: the social map's organisation when linked,
        else the kind and the free text (select ``organisation`` with the referral)."""
        label = self.get_partner_display()
        detail = self.organisation.name if self.organisation_id else self.partner_detail
        return f"{label} ({detail})" if detail else label


class BudgetLineKind(models.TextChoices):
    INCOME = "income", _("inkomen")
    FIXED_COST = "fixed_cost", _("vaste lasten")
    DEBT = "debt", _("schuld")
    ARRANGEMENT = "arrangement", _("betalingsregeling")


class BudgetLine(Record):
    """A line of a household's budget overview; amounts per month, a debt as its balance."""

    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("huishouden"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=BudgetLineKind.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("bedrag (€)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Per maand; bij een schuld het openstaande bedrag."),
    )
    counterparty = models.CharField(_("van of aan"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        location="household__location",
        category=Category.COACHING,
        person="household__members",
        person_many=True,
    )

    class Meta:
        verbose_name = _("budgetregel")
        verbose_name_plural = _("budgetregels")
        ordering = ["household", "kind", "description"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_positive")
        ]


class SignalTopic(models.TextChoices):
    HOUSING = "housing", _("huisvesting")
    INCOME = "income", _("inkomen en toeslagen")
    DEBTS = "debts", _("schulden")
    HEALTH = "health", _("zorg en gezondheid")
    EDUCATION = "education", _("onderwijs")
    CIVIC_INTEGRATION = "civic_integration", _("inburgering en taal")
    WORK = "work", _("werk")
    YOUTH = "youth", _("jeugd en gezin")
    DISCRIMINATION = "discrimination", _("discriminatie")
    OTHER = "other", _("overig")


class Signal(Record):
    """A bottleneck the branch reports to the municipality: about the system, never a person.

    Category BRANCH: a non-personal record of the branch that every colleague may read and
    add to; municipality viewers receive it outside Koers, as the aggregate they are.
    """

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="signals"
    )
    topic = models.CharField(_("onderwerp"), max_length=20, choices=SignalTopic.choices)
    description = models.TextField(
        _("omschrijving"),
        help_text=_("Beschrijf het knelpunt zonder namen of andere persoonsgegevens."),
    )
    noticed_on = models.DateField(_("gesignaleerd op"))
    reported_on = models.DateField(_("gemeld aan de gemeente op"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # anyone who works at the branch may notice and record a bottleneck
    scope = Scope(location="location", category=Category.BRANCH, open_to_branch=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-noticed_on", "-id"]
        constraints = [
            end_not_before_start("noticed_on", "reported_on", "signal_reported_not_before_noticed")
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {date_text(self.noticed_on)}"
