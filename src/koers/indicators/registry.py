"""Every indicator of indicators.md, declared once: key, Dutch label and definition, section,
and its query. The engine, the CLI, the reports and the drill-down all read this list.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from koers.coaching.models import TrajectoryKind
from koers.contacts.models import ContactKind, ContactTopic, Topic
from koers.cooperation.models import OUTREACH_KINDS, ActivityKind, PartnerKind
from koers.core.countries import country_name
from koers.core.languages import language_name
from koers.groups.models import GroupLevel, GroupProgram
from koers.indicators import sources as src
from koers.indicators.queries import (
    Breakdown,
    Codes,
    DaysBetween,
    Derived,
    Indicator,
    Tally,
    TargetQuery,
    active_during,
    active_on,
    adult,
    distinct,
    fixed,
    open_codes,
    ratio,
    sum_of,
    total,
    within,
)
from koers.integration.models import Route
from koers.integration.queries import (
    housing_date,
    linking_waiting_on,
    plan_running_on,
    plan_waiting_for_pip_on,
    route_on,
)
from koers.integration.rules import TEN_WEEKS
from koers.legal.models import DossierKind, DossierOutcome
from koers.matching.models import MatchOutcome, MatchProgram
from koers.people.models import ArrivalRoute, Sex
from koers.staff.models import (
    Course,
    StaffEndReason,
    StaffKind,
    StaffRoleCode,
    Training,
    course_label,
)

SECTIONS = {
    "huisvesting": _("Huisvesting"),
    "begeleiding": _("Maatschappelijke begeleiding"),
    "spreekuur": _("Spreekuren, infopunt en huisbezoeken"),
    "juridisch": _("Juridische begeleiding en gezinshereniging"),
    "koppelingen": _("Koppelingen"),
    "groepen": _("Groepen en lessen"),
    "team": _("Vrijwilligers, stagiairs en betaalde krachten"),
    "inburgering": _("Van koppeling tot inburgering"),
    "prestatieafspraken": _("Prestatieafspraken"),
    "samenwerking": _("Voorlichting, belangenbehartiging en samenwerking"),
}

HOURS_KINDS = [
    ContactKind.SOCIAL_HOURS,
    ContactKind.LEGAL_HOURS,
    ContactKind.INFO_POINT,
    ContactKind.WALK_IN,
]
LEARNER_KINDS = [StaffKind.VOLUNTEER, StaffKind.INTERN_HBO, StaffKind.INTERN_MBO]
BASIC_TRAINING = [Course.INTRODUCTION, Course.BASIC_COURSE]
ENROLMENT_COUNTS = {"1": "1", "2": "2", "3_or_more": _("3 of meer")}

nationality = open_codes(country_name)  # in the reader's language
language = open_codes(language_name)
course = open_codes(course_label)

# The version of indicators.md these definitions implement; published reports store it.
DEFINITIONS_VERSION = "1"


def _target_label(key: str) -> str:
    return label_for(key) if find(key) else key


INDICATORS: list[Indicator] = []


def declare(key, label, definition, section, query, *, additive=None, **codes: Codes) -> None:
    """``additive=True``: a distinct count whose values each belong to one location (so a
    region's figure is the sum of its locations'); see ``Indicator.additive``."""
    INDICATORS.append(
        Indicator(key, label, definition, section, query, codes, declared_additive=additive)
    )


def hidden(key, label, definition, section, query, *, additive=None, **codes: Codes) -> None:
    """A part of a derived value (a rate, a backlog): computed, never shown as a key."""
    INDICATORS.append(
        Indicator(
            key, label, definition, section, query, codes, shown=False, declared_additive=additive
        )
    )


# Housing (huisvesting) ----------------------------------------------------------------------

HOUSED = _("getelde plaatsingen met huisvestingsdatum in de periode")
ADULT = adult("person__birth_date", "housed_on")

declare(
    "housing.persons_housed",
    _("Gehuisveste personen"),
    _("Plaatsingen die meetellen voor de taakstelling met huisvestingsdatum in de periode."),
    "huisvesting",
    Tally(src.placements),
)
declare(
    "housing.adults",
    _("Gehuisvest: volwassenen"),
    _("Daarvan 18 jaar of ouder op de dag van huisvesting."),
    "huisvesting",
    Tally(src.placements, lambda p: ADULT),
)
declare(
    "housing.children",
    _("Gehuisvest: kinderen"),
    _("Daarvan jonger dan 18 op de dag van huisvesting."),
    "huisvesting",
    Tally(src.placements, lambda p: ~ADULT),
)
for _key, _sex, _label in (
    ("male", Sex.MALE, _("Gehuisvest: mannen en jongens")),
    ("female", Sex.FEMALE, _("Gehuisvest: vrouwen en meisjes")),
    ("sex_x", Sex.X, _("Gehuisvest: geslacht X")),
):
    declare(
        f"housing.{_key}",
        _label,
        _("Van de {housed}, geslacht {sex}, alle leeftijden.").format(
            housed=HOUSED, sex=_sex.label
        ),
        "huisvesting",
        Tally(src.placements, lambda p, _sex=_sex: Q(person__sex=_sex)),
    )
for _key, _sex, _adult, _label in (
    ("adult_male", Sex.MALE, True, _("Gehuisvest: mannen")),
    ("adult_female", Sex.FEMALE, True, _("Gehuisvest: vrouwen")),
    ("boys", Sex.MALE, False, _("Gehuisvest: jongens")),
    ("girls", Sex.FEMALE, False, _("Gehuisvest: meisjes")),
):
    declare(
        f"housing.{_key}",
        _label,
        _("Van de {housed}, geslacht {sex}, {age} op de dag van huisvesting.").format(
            housed=HOUSED, sex=_sex.label, age=_("volwassen") if _adult else _("minderjarig")
        ),
        "huisvesting",
        Tally(
            src.placements,
            lambda p, _sex=_sex, _adult=_adult: Q(person__sex=_sex) & (ADULT if _adult else ~ADULT),
        ),
    )
declare(
    "housing.by_nationality.{nationality}",
    _("Gehuisvest met nationaliteit {nationality}"),
    _("Van de gehuisveste personen, naar nationaliteit."),
    "huisvesting",
    Breakdown(src.placements, {"nationality": "person__nationality"}),
    nationality=nationality,
)
declare(
    "housing.by_route.{route}",
    _("Gehuisvest via {route}"),
    _("Van de gehuisveste personen, naar hoe zij in Nederland kwamen."),
    "huisvesting",
    Tally(src.placements, lambda p, route: Q(person__arrival_route=route)),
    route=fixed(ArrivalRoute),
)
REUNIFIED = Q(person__arrival_route=ArrivalRoute.FAMILY_REUNIFICATION)
declare(
    "housing.reunified_adults",
    _("Gehuisveste nareizigers: volwassenen"),
    _("Gehuisveste nareizigers (gezinshereniging), 18 jaar of ouder bij huisvesting."),
    "huisvesting",
    Tally(src.placements, lambda p: REUNIFIED & ADULT),
)
declare(
    "housing.reunified_children",
    _("Gehuisveste nareizigers: kinderen"),
    _("Gehuisveste nareizigers (gezinshereniging), jonger dan 18 bij huisvesting."),
    "huisvesting",
    Tally(src.placements, lambda p: REUNIFIED & ~ADULT),
)
HOUSEHOLDS = {"measure": distinct("person__household"), "explain_as": "person__household"}
declare(
    "housing.households_settled",
    _("Gevestigde huishoudens"),
    _(
        "Huishoudens waarvan de eerste getelde plaatsing (van wie dan ook, ooit) in de "
        "periode valt."
    ),
    "huisvesting",
    Tally(src.households, **HOUSEHOLDS),
    additive=True,  # a household belongs to one location, the one its rows are counted in
)
declare(
    "housing.households_single",
    _("Gevestigde huishoudens: alleenstaand"),
    _("Daarvan huishoudens waarvan op die eerste dag precies één lid is gehuisvest."),
    "huisvesting",
    Tally(src.households, lambda p: Q(housed_first_day=1), **HOUSEHOLDS),
    additive=True,
)
declare(
    "housing.households_family",
    _("Gevestigde huishoudens: gezin"),
    _("Daarvan huishoudens waarvan op die eerste dag meer dan één lid is gehuisvest."),
    "huisvesting",
    Tally(src.households, lambda p: Q(housed_first_day__gt=1), **HOUSEHOLDS),
    additive=True,
)
declare(
    "housing.dwellings_used",
    _("Gebruikte woningen"),
    _("Verschillende woningen van de getelde plaatsingen in de periode."),
    "huisvesting",
    Tally(src.placements, measure=distinct("dwelling"), explain_as="dwelling"),
    additive=True,  # a dwelling belongs to one location, the one its placements count in
)
declare(
    "housing.dwellings_made_available",
    _("Beschikbaar gestelde woningen"),
    _("Woningen met datum beschikbaar gesteld in de periode."),
    "huisvesting",
    Tally(src.dwellings),
)
declare(
    "housing.quota",
    _("Taakstelling"),
    _("Som van de taakstelling van de halfjaren die binnen de periode liggen."),
    "huisvesting",
    Tally(src.quota_periods, measure=total("quota")),
)
hidden(
    "housing.quota_locations",
    _("Locaties met taakstelling"),
    _("Locaties met ten minste één taakstellingsperiode."),
    "huisvesting",
    Tally(src.quota_history, measure=distinct("location")),
    additive=True,
)
hidden(
    "housing.backlog_in",
    _("Achterstand bij de eerste taakstellingsperiode"),
    _("De achterstand die de eerste taakstellingsperiode van elke locatie meebracht."),
    "huisvesting",
    Tally(src.quota_history, lambda p: src.FIRST_QUOTA_PERIOD, measure=total("backlog_in")),
)
for _day, _when in (("start", "day_before"), ("end", "end")):
    hidden(
        f"housing.quota_due_{_day}",
        _("Taakstelling tot dan"),
        _("Som van de taakstellingen van de halfjaren die op of voor die dag eindigen."),
        "huisvesting",
        Tally(
            src.quota_history,
            lambda p, _when=_when: Q(ends_on__lte=getattr(p, _when)),
            measure=total("quota"),
        ),
    )
    hidden(
        f"housing.housed_for_quota_{_day}",
        _("Getelde plaatsingen tot dan"),
        _("Getelde plaatsingen vanaf de eerste taakstellingsperiode tot en met die dag."),
        "huisvesting",
        Tally(src.quota_placements, lambda p, _when=_when: Q(housed_on__lte=getattr(p, _when))),
    )


def _backlog(housed: int, backlog_in: int, quota_due: int, locations: int) -> int | None:
    return backlog_in + quota_due - housed if locations else None


for _day, _label, _definition in (
    (
        "start",
        _("Achterstand bij begin"),
        _("Achterstand op de dag voor het begin van de periode."),
    ),
    (
        "end",
        _("Achterstand aan het eind"),
        _("Achterstand op de laatste dag van de periode."),
    ),
):
    declare(
        f"housing.backlog_{_day}",
        _label,
        str(_definition)
        + " "
        + str(
            _(
                "De achterstand bij de eerste taakstellingsperiode, plus de taakstellingen die "
                "dan afgelopen zijn, min de getelde plaatsingen sinds die eerste periode. "
                "Positief is achterstand, negatief voorsprong; ontbreekt zonder "
                "taakstellingsperiodes."
            )
        ),
        "huisvesting",
        Derived(
            (
                f"housing.housed_for_quota_{_day}",
                "housing.backlog_in",
                f"housing.quota_due_{_day}",
                "housing.quota_locations",
            ),
            _backlog,
        ),
    )

# Coaching trajectories (maatschappelijke begeleiding) ---------------------------------------

trajectory_kind = fixed(TrajectoryKind)
SELF_REGISTERED = Q(person__arrival_route=ArrivalRoute.SELF_REGISTERED)
for _key, _label, _definition, _when in (
    (
        "started",
        _("Gestarte trajecten {kind}"),
        _("Trajecten {kind} gestart in de periode."),
        lambda p: within("started_on", p),
    ),
    (
        "started_self_registered",
        _("Gestarte trajecten {kind}: zelfmelders"),
        _("Daarvan voor zelfmelders."),
        lambda p: within("started_on", p) & SELF_REGISTERED,
    ),
    (
        "ended",
        _("Beëindigde trajecten {kind}"),
        _("Trajecten {kind} beëindigd in de periode."),
        lambda p: within("ended_on", p),
    ),
    (
        "ended_completed",
        _("Afgeronde trajecten {kind}"),
        _("Daarvan met reden einde: afgerond."),
        lambda p: within("ended_on", p) & Q(end_reason="completed"),
    ),
    (
        "active_end",
        _("Lopende trajecten {kind} aan het eind"),
        _("Trajecten {kind} actief op de laatste dag van de periode."),
        lambda p: active_on("started_on", "ended_on", p.end),
    ),
):
    declare(
        f"trajectories.{{kind}}.{_key}",
        _label,
        _definition,
        "begeleiding",
        Tally(src.trajectories, lambda p, kind, _when=_when: Q(kind=kind) & _when(p)),
        kind=trajectory_kind,
    )

# Contacts (spreekuren, infopunt, huisbezoeken) -----------------------------------------------

UNREGISTERED = Q(person__isnull=True)
declare(
    "contacts.total",
    _("Contacten"),
    _("Contacten met datum in de periode."),
    "spreekuur",
    Tally(src.contacts),
)
declare(
    "contacts.by_kind.{kind}",
    _("Contacten: {kind}"),
    _("Contacten in de periode van deze soort."),
    "spreekuur",
    Tally(src.contacts, lambda p, kind: Q(kind=kind)),
    kind=fixed(ContactKind),
)
declare(
    "contacts.hours_visits",
    _("Bezoeken aan spreekuren en infopunt"),
    _("Contacten op het maatschappelijk of juridisch spreekuur, het infopunt of de inloop."),
    "spreekuur",
    Tally(src.contacts, lambda p: Q(kind__in=HOURS_KINDS)),
)
declare(
    "contacts.by_topic.{topic}",
    _("Contacten over {topic}"),
    _("Contacten in de periode met dit onderwerp; een contact met meer onderwerpen telt bij elk."),
    "spreekuur",
    Tally(src.contact_topics, lambda p, topic: Q(topic=topic), explain_as="contact"),
    topic=fixed(Topic),
)
declare(
    "contacts.by_trajectory_kind.{kind}",
    _("Contacten binnen trajecten {kind}"),
    _("Contacten in de periode die bij een traject van deze soort horen."),
    "spreekuur",
    Tally(src.contacts, lambda p, kind: Q(trajectory__kind=kind)),
    kind=trajectory_kind,
)
declare(
    "contacts.persons",
    _("Cliënten met een contact"),
    _("Verschillende cliënten onder de contacten in de periode."),
    "spreekuur",
    Tally(src.contacts, measure=distinct("person"), explain_as="person"),
)
declare(
    "contacts.unregistered",
    _("Contacten zonder dossier"),
    _("Contacten in de periode met een bezoeker zonder dossier bij de afdeling."),
    "spreekuur",
    Tally(src.contacts, lambda p: UNREGISTERED),
)
declare(
    "contacts.unregistered_visitors",
    _("Bezoekers zonder dossier"),
    _(
        "Verschillende bezoekerskenmerken onder die contacten; elk zo'n contact zonder "
        "bezoekerskenmerk telt als een bezoeker meer."
    ),
    "spreekuur",
    Tally(
        src.contacts,
        lambda p: UNREGISTERED,
        measure=lambda q: (
            Count("visitor_ref", distinct=True, filter=q & ~Q(visitor_ref=""))
            + Count("pk", filter=q & Q(visitor_ref=""))
        ),
    ),
)
venue = open_codes()
declare(
    "contacts.venue.{venue}.contacts",
    _("Contacten op locatie {venue}"),
    _("Contacten in de periode op deze locatie."),
    "spreekuur",
    Breakdown(src.contacts, {"venue": "venue"}),
    venue=venue,
)
declare(
    "contacts.venue.{venue}.days",
    _("Dagen met contacten op locatie {venue}"),
    _("Verschillende dagen met een contact op deze locatie."),
    "spreekuur",
    Breakdown(src.contacts, {"venue": "venue"}, measure=distinct("date")),
    venue=venue,
)
declare(
    "contacts.venue.{venue}.avg_per_day",
    _("Gemiddeld aantal contacten per dag op locatie {venue}"),
    _("Contacten gedeeld door dagen op deze locatie."),
    "spreekuur",
    ratio("contacts.venue.{venue}.contacts", "contacts.venue.{venue}.days", 1),
    venue=venue,
)
OTHER_LEGAL = Q(kind=ContactKind.LEGAL_HOURS, person__isnull=False) & ~Exists(
    ContactTopic.objects.filter(contact=OuterRef("pk"), topic=Topic.FAMILY_REUNIFICATION)
)
declare(
    "legal.other_contacts",
    _("Overige juridische vragen"),
    _("Contacten op het juridisch spreekuur met een cliënt, niet over gezinshereniging."),
    "juridisch",
    Tally(src.contacts, lambda p: OTHER_LEGAL),
)
declare(
    "legal.other_contacts_persons",
    _("Cliënten met overige juridische vragen"),
    _("Verschillende cliënten onder die contacten."),
    "juridisch",
    Tally(src.contacts, lambda p: OTHER_LEGAL, measure=distinct("person"), explain_as="person"),
)

# Legal dossiers ------------------------------------------------------------------------------

for _key, _label, _definition, _when in (
    (
        "opened",
        _("Nieuwe dossiers {kind}"),
        _("Dossiers {kind} geopend in de periode."),
        lambda p: within("opened_on", p),
    ),
    (
        "open_during",
        _("Totaal aantal dossiers {kind}"),
        _("Dossiers {kind} die in de periode open waren."),
        lambda p: active_during("opened_on", "closed_on", p),
    ),
    (
        "closed",
        _("Gesloten dossiers {kind}"),
        _("Dossiers {kind} gesloten in de periode."),
        lambda p: within("closed_on", p),
    ),
    (
        "closed_granted",
        _("Succesvol afgeronde dossiers {kind}"),
        _("Daarvan met uitkomst: toegekend."),
        lambda p: within("closed_on", p) & Q(outcome=DossierOutcome.GRANTED),
    ),
    (
        "open_end",
        _("Open dossiers {kind} aan het eind"),
        _("Dossiers {kind} open op de laatste dag van de periode."),
        lambda p: active_on("opened_on", "closed_on", p.end),
    ),
    (
        "guardianship_opened",
        _("Nieuwe dossiers {kind} onder voogdij"),
        _("Dossiers {kind} geopend in de periode voor een cliënt onder Nidos-voogdij."),
        lambda p: within("opened_on", p) & Q(guardianship=True),
    ),
):
    declare(
        f"legal.{{kind}}.{_key}",
        _label,
        _definition,
        "juridisch",
        Tally(src.dossiers, lambda p, kind, _when=_when: Q(kind=kind) & _when(p)),
        kind=fixed(DossierKind),
    )

# Matches (koppelingen) -----------------------------------------------------------------------


def _started(p) -> Q:
    return within("started_on", p)


def _not_ended_by_end(p) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gt=p.end)


def _match_active(p) -> Q:
    return Q(started_on__isnull=False) & active_during("started_on", "ended_on", p)


for _key, _label, _definition, _when in (
    (
        "started",
        _("Gestarte koppelingen {program}"),
        _("Koppelingen gestart in de periode."),
        _started,
    ),
    (
        "active_during",
        _("Actieve koppelingen {program}"),
        _("Koppelingen die gestart zijn en in de periode liepen."),
        _match_active,
    ),
    (
        "ended_completed",
        _("Afgeronde koppelingen {program}"),
        _("Koppelingen beëindigd in de periode met uitkomst afgerond."),
        lambda p: within("ended_on", p) & Q(outcome=MatchOutcome.COMPLETED),
    ),
    (
        "ended_stopped",
        _("Gestopte koppelingen {program}"),
        _("Koppelingen beëindigd in de periode met uitkomst gestopt."),
        lambda p: within("ended_on", p) & Q(outcome=MatchOutcome.STOPPED),
    ),
    (
        "cohort_completed",
        _("Gestart en afgerond {program}"),
        _("Gestart in de periode, beëindigd in de periode, uitkomst afgerond."),
        lambda p: _started(p) & within("ended_on", p) & Q(outcome=MatchOutcome.COMPLETED),
    ),
    (
        "cohort_stopped",
        _("Gestart en gestopt {program}"),
        _("Gestart in de periode, beëindigd in de periode, uitkomst gestopt."),
        lambda p: _started(p) & within("ended_on", p) & Q(outcome=MatchOutcome.STOPPED),
    ),
    (
        "cohort_extended",
        _("Gestart en verlengd {program}"),
        _("Gestart in de periode, niet beëindigd op de laatste dag, en dan al verlengd."),
        lambda p: _started(p) & _not_ended_by_end(p) & Q(extended_on__lte=p.end),
    ),
    (
        "cohort_running",
        _("Gestart en lopend {program}"),
        _("Gestart in de periode, niet beëindigd en niet verlengd op de laatste dag."),
        lambda p: (
            _started(p)
            & _not_ended_by_end(p)
            & (Q(extended_on__isnull=True) | Q(extended_on__gt=p.end))
        ),
    ),
    (
        "earlier_completed",
        _("Eerder gestart en afgerond {program}"),
        _("Gestart voor de periode, beëindigd in de periode met uitkomst afgerond."),
        lambda p: (
            Q(started_on__lt=p.start) & within("ended_on", p) & Q(outcome=MatchOutcome.COMPLETED)
        ),
    ),
    (
        "waiting_end",
        _("Wachtlijst {program} aan het eind"),
        _("Op de laatste dag aangemeld, nog niet gestart en niet van de wachtlijst gehaald."),
        lambda p: (
            (Q(started_on__isnull=True) | Q(started_on__gt=p.end))
            & ~(
                Q(outcome=MatchOutcome.WITHDRAWN)
                & (Q(ended_on__isnull=True) | Q(ended_on__lte=p.end))
            )
        ),
    ),
):
    declare(
        f"matches.{{program}}.{_key}",
        _label,
        _definition,
        "koppelingen",
        Tally(src.matches, lambda p, program, _when=_when: Q(program=program) & _when(p)),
        program=fixed(MatchProgram),
    )
declare(
    "matches.{program}.volunteers",
    _("Vrijwilligers in koppelingen {program}"),
    _("Verschillende vrijwilligers onder de koppelingen die in de periode liepen."),
    "koppelingen",
    Tally(
        src.matches,
        lambda p, program: Q(program=program) & _match_active(p),
        measure=distinct("staff"),
        explain_as="staff",
    ),
    program=fixed(MatchProgram),
)

# Groups --------------------------------------------------------------------------------------

program = fixed(GroupProgram)


def _group_active_end(p) -> Q:
    return active_on("started_on", "ended_on", p.end)


for _key, _label, _definition, _when in (
    (
        "groups_started",
        _("Gestarte groepen {program}"),
        _("Groepen gestart in de periode."),
        lambda p: within("started_on", p),
    ),
    (
        "groups_active",
        _("Actieve groepen {program}"),
        _("Groepen actief in de periode."),
        lambda p: Q(),
    ),
    (
        "groups_active_end",
        _("Lopende groepen {program} aan het eind"),
        _("Groepen actief op de laatste dag."),
        _group_active_end,
    ),
    (
        "groups_active_end_evening",
        _("Lopende avondgroepen {program} aan het eind"),
        _("Daarvan avondgroepen."),
        lambda p: _group_active_end(p) & Q(evening=True),
    ),
):
    declare(
        f"groups.{{program}}.{_key}",
        _label,
        _definition,
        "groepen",
        Tally(src.groups, lambda p, program, _when=_when: Q(program=program) & _when(p)),
        program=program,
    )
declare(
    "groups.{program}.groups_active_end_by_level.{level}",
    _("Lopende groepen {program} aan het eind, niveau {level}"),
    _("Groepen actief op de laatste dag, naar niveau."),
    "groepen",
    Tally(
        src.groups, lambda p, program, level: Q(program=program, level=level) & _group_active_end(p)
    ),
    program=program,
    level=fixed(GroupLevel),
)
declare(
    "groups.{program}.groups_started_by_language.{lang}",
    _("Gestarte groepen {program} in het {lang}"),
    _("Groepen gestart in de periode, naar voertaal naast het Nederlands."),
    "groepen",
    Breakdown(
        src.groups, {"program": "program", "lang": "language"}, lambda p: within("started_on", p)
    ),
    program=program,
    lang=language,
)
declare(
    "groups.{program}.sessions",
    _("Bijeenkomsten {program}"),
    _("Bijeenkomsten met datum in de periode."),
    "groepen",
    Tally(src.sessions, lambda p, program: Q(group__program=program)),
    program=program,
)
declare(
    "groups.{program}.enrolments",
    _("Plaatsingen {program}"),
    _("Inschrijvingen actief in de periode, in groepen actief in de periode."),
    "groepen",
    Tally(src.enrolments, lambda p, program: Q(group__program=program)),
    program=program,
)
declare(
    "groups.{program}.participants",
    _("Deelnemers {program}"),
    _("Verschillende personen onder die inschrijvingen."),
    "groepen",
    Tally(
        src.enrolments,
        lambda p, program: Q(group__program=program),
        measure=distinct("person"),
        explain_as="person",
    ),
    program=program,
)
declare(
    "groups.{program}.participants_active_end",
    _("Deelnemers {program} aan het eind"),
    _("Verschillende personen met een inschrijving actief op de laatste dag."),
    "groepen",
    Tally(
        src.enrolments,
        lambda p, program: Q(group__program=program) & src.enrolment_active_on(p.end),
        measure=distinct("person"),
        explain_as="person",
    ),
    program=program,
)
declare(
    "groups.{program}.participants_new",
    _("Nieuwe deelnemers {program}"),
    _("Deelnemers van wie de eerste inschrijving in dit programma ooit in de periode begint."),
    "groepen",
    Tally(
        src.enrolments,
        lambda p, program: Q(group__program=program) & src.first_in_program(p),
        measure=distinct("person"),
        explain_as="person",
    ),
    program=program,
)
_ENROLMENT_COUNT = {"1": Q(enrolments=1), "2": Q(enrolments=2), "3_or_more": Q(enrolments__gte=3)}
declare(
    "groups.{program}.participants_by_enrolments.{n}",
    _("Deelnemers {program} met {n} plaatsing(en)"),
    _("Deelnemers naar hun aantal inschrijvingen in de periode."),
    "groepen",
    Tally(
        src.participants,
        lambda p, program, n: Q(group__program=program) & _ENROLMENT_COUNT[n],
        measure=distinct("person"),
        explain_as="person",
    ),
    program=program,
    n=fixed(ENROLMENT_COUNTS),
)
declare(
    "groups.{program}.participants_civic_integration_required",
    _("Inburgeringsplichtige deelnemers {program}"),
    _("Deelnemers die inburgeringsplichtig zijn."),
    "groepen",
    Tally(
        src.enrolments,
        lambda p, program: Q(group__program=program, person__civic_integration_required=True),
        measure=distinct("person"),
        explain_as="person",
    ),
    program=program,
)
hidden(
    "groups.{program}.attendance_rows",
    _("Aanwezigheidsregistraties {program}"),
    _("Aanwezigheidsregels bij bijeenkomsten in de periode."),
    "groepen",
    Tally(src.attendance, lambda p, program: Q(session__group__program=program)),
    program=program,
)
hidden(
    "groups.{program}.attendance_present",
    _("Aanwezigen {program}"),
    _("Aanwezigheidsregels 'aanwezig' bij bijeenkomsten in de periode."),
    "groepen",
    Tally(src.attendance, lambda p, program: Q(session__group__program=program, present=True)),
    program=program,
)
declare(
    "groups.{program}.attendance_rate",
    _("Opkomst {program}"),
    _("Aanwezig gedeeld door alle aanwezigheidsregels, bij bijeenkomsten in de periode."),
    "groepen",
    ratio("groups.{program}.attendance_present", "groups.{program}.attendance_rows", 3),
    program=program,
)
declare(
    "groups.{program}.avg_present_per_session",
    _("Gemiddeld aantal aanwezigen per bijeenkomst {program}"),
    _("Aanwezigen gedeeld door bijeenkomsten in de periode."),
    "groepen",
    ratio("groups.{program}.attendance_present", "groups.{program}.sessions", 1),
    program=program,
)
declare(
    "participation_statement.signed",
    _("Getekende participatieverklaringen"),
    _("Personen die de participatieverklaring in de periode tekenden."),
    "groepen",
    Tally(src.people, lambda p: within("participation_statement_signed_on", p)),
)

# Staff ---------------------------------------------------------------------------------------

staff_kind = fixed(StaffKind)
staff_role = fixed(StaffRoleCode)
for _key, _label, _definition, _when in (
    ("active", _("Actief: {kind}"), _("Actief in de periode."), lambda p: Q()),
    (
        "active_start",
        _("Actief bij begin: {kind}"),
        _("Actief op de eerste dag."),
        lambda p: active_on("started_on", "ended_on", p.start),
    ),
    (
        "active_end",
        _("Actief aan het eind: {kind}"),
        _("Actief op de laatste dag."),
        lambda p: active_on("started_on", "ended_on", p.end),
    ),
    (
        "started",
        _("Ingestroomd: {kind}"),
        _("Begonnen in de periode."),
        lambda p: within("started_on", p),
    ),
    (
        "ended",
        _("Uitgestroomd: {kind}"),
        _("Gestopt in de periode."),
        lambda p: within("ended_on", p),
    ),
):
    declare(
        f"staff.{_key}.{{kind}}",
        _label,
        _definition,
        "team",
        Tally(src.staff, lambda p, kind, _when=_when: Q(kind=kind) & _when(p)),
        kind=staff_kind,
    )
declare(
    "staff.ended_by_reason.{reason}",
    _("Uitgestroomd wegens {reason}"),
    _("Gestopt in de periode, naar reden van vertrek."),
    "team",
    Tally(src.staff, lambda p, reason: within("ended_on", p) & Q(end_reason=reason)),
    reason=fixed(StaffEndReason),
)
for _key, _label, _definition, _when in (
    ("active_by_role", _("Actief als {role}"), _("Actief in de periode, naar rol."), lambda p: Q()),
    (
        "active_end_by_role",
        _("Actief aan het eind als {role}"),
        _("Actief op de laatste dag, naar rol."),
        lambda p: active_on("staff__started_on", "staff__ended_on", p.end),
    ),
    (
        "started_by_role",
        _("Ingestroomd als {role}"),
        _("Begonnen in de periode, naar rol."),
        lambda p: within("staff__started_on", p),
    ),
    (
        "ended_by_role",
        _("Uitgestroomd als {role}"),
        _("Gestopt in de periode, naar rol."),
        lambda p: within("staff__ended_on", p),
    ),
):
    declare(
        f"staff.{_key}.{{role}}",
        _label,
        _definition + " " + str(_("Iemand met meer rollen telt bij elke rol.")),
        "team",
        Tally(
            src.staff_roles,
            lambda p, role, _when=_when: Q(role=role) & _when(p),
            explain_as="staff",
        ),
        role=staff_role,
    )
declare(
    "staff.interpreters_started_by_language.{lang}",
    _("Ingestroomde tolken {lang}"),
    _("Tolken begonnen in de periode, naar taal."),
    "team",
    Breakdown(
        src.staff_languages, {"lang": "language"}, measure=distinct("staff"), explain_as="staff"
    ),
    additive=True,  # a staff member belongs to one location, the one their rows count in
    lang=language,
)
declare(
    "staff.trainings_completed.{course}",
    _("Trainingen afgerond: {course}"),
    _("Trainingen afgerond in de periode, naar cursus."),
    "team",
    Breakdown(src.trainings, {"course": "course"}),
    course=course,
)
declare(
    "staff.volunteers_without_basic_training_end",
    _("Vrijwilligers en stagiairs zonder basistraining"),
    _(
        "Vrijwilligers en stagiairs actief op de laatste dag zonder afgeronde introductie of "
        "basiscursus op of voor die dag."
    ),
    "team",
    Tally(
        src.staff,
        lambda p: (
            active_on("started_on", "ended_on", p.end)
            & Q(kind__in=LEARNER_KINDS)
            & ~Exists(
                Training.objects.filter(
                    staff=OuterRef("pk"), course__in=BASIC_TRAINING, completed_on__lte=p.end
                )
            )
        ),
    ),
)

# From linking to civic integration (integration-2021.md) -------------------------------------

HOUSING_DATE = housing_date()
DAYS_TO_HOUSING = DaysBetween("linked_on", HOUSING_DATE)
TEN_WEEKS_TEXT = _("10 weken (70 dagen)")


def _housed_in(p) -> Q:
    """The linking's housing date lies in the period."""
    return Q(GreaterThanOrEqual(HOUSING_DATE, p.start)) & Q(LessThanOrEqual(HOUSING_DATE, p.end))


def _weeks(days: int, count: int) -> float | None:
    """An average in weeks (days / 7), 1 decimal; left out with nothing to divide by."""
    return round(days / count / 7, 1) if count else None


declare(
    "housing.linked",
    _("Gekoppelde statushouders"),
    _("Koppelingen aan de gemeente (door het COA) met datum van koppelen in de periode."),
    "inburgering",
    Tally(src.linkings, lambda p: within("linked_on", p)),
)
declare(
    "housing.linked_cancelled",
    _("Vervallen koppelingen"),
    _("Koppelingen die in de periode zijn vervallen."),
    "inburgering",
    Tally(src.linkings, lambda p: within("cancelled_on", p)),
)
declare(
    "housing.linked_housed",
    _("Gekoppeld en gehuisvest"),
    _(
        "Koppelingen waarvan de huisvestingsdatum in de periode valt: de eerste getelde "
        "plaatsing van de persoon in een woning van de afdeling, op of na de koppeling."
    ),
    "inburgering",
    Tally(src.linkings, _housed_in),
)
declare(
    "housing.linked_housed_within_10_weeks",
    _("Gehuisvest binnen 10 weken na koppeling"),
    _("Daarvan gehuisvest uiterlijk {weeks} na de koppeling.").format(weeks=TEN_WEEKS_TEXT),
    "inburgering",
    Tally(src.linkings, lambda p: _housed_in(p) & Q(LessThanOrEqual(DAYS_TO_HOUSING, TEN_WEEKS))),
)
hidden(
    "housing.linked_days_to_housing",
    _("Dagen van koppeling tot huisvesting"),
    _("Som van de dagen van koppeling tot huisvesting van die koppelingen."),
    "inburgering",
    Tally(src.linkings, _housed_in, measure=sum_of(DAYS_TO_HOUSING)),
)
declare(
    "housing.linked_avg_weeks_to_housing",
    _("Gemiddeld aantal weken van koppeling tot huisvesting"),
    _("Gemiddelde van de dagen van koppeling tot huisvesting, in weken, over de gehuisvesten."),
    "inburgering",
    Derived(("housing.linked_days_to_housing", "housing.linked_housed"), _weeks),
)
declare(
    "housing.linked_waiting_end",
    _("Gekoppeld, wacht op huisvesting aan het eind"),
    _(
        "Koppelingen op de laatste dag van de periode: gekoppeld, niet vervallen en nog niet "
        "gehuisvest."
    ),
    "inburgering",
    Tally(src.linkings, lambda p: linking_waiting_on(p.end, HOUSING_DATE)),
)
declare(
    "housing.linked_waiting_end_over_10_weeks",
    _("Wacht aan het eind langer dan 10 weken"),
    _("Daarvan gekoppeld meer dan {weeks} vóór de laatste dag.").format(weeks=TEN_WEEKS_TEXT),
    "inburgering",
    Tally(
        src.linkings,
        lambda p: (
            linking_waiting_on(p.end, HOUSING_DATE)
            & Q(linked_on__lt=p.end - datetime.timedelta(days=TEN_WEEKS))
        ),
    ),
)

DAYS_TO_PIP = DaysBetween("obligation_on", "pip_on")
route = fixed(Route)
for _key, _field, _label, _definition in (
    (
        "obligations",
        "obligation_on",
        _("Nieuwe inburgeringsplichtigen (Wi2021)"),
        _("Plannen waarvan de inburgeringsplicht in de periode begon."),
    ),
    (
        "intakes_started",
        "intake_started_on",
        _("Gestarte brede intakes"),
        _("Plannen waarvan de brede intake in de periode begon."),
    ),
    (
        "intakes_completed",
        "intake_completed_on",
        _("Afgeronde brede intakes"),
        _("Plannen waarvan de brede intake in de periode is afgerond."),
    ),
    (
        "pips",
        "pip_on",
        _("Vastgestelde PIP's"),
        _("Plannen waarvan het persoonlijk plan (PIP) in de periode is vastgesteld."),
    ),
    (
        "route_switches",
        "route_switched_on",
        _("Gewisselde leerroutes"),
        _("Plannen waarvan de leerroute in de periode is gewisseld."),
    ),
    (
        "map_completed",
        "map_completed_on",
        _("Afgeronde MAP's"),
        _("Plannen waarvan de module arbeidsmarkt en participatie in de periode is afgerond."),
    ),
    (
        "completed",
        "completed_on",
        _("Afgeronde inburgeringen"),
        _("Plannen waarvan de inburgering in de periode is afgerond."),
    ),
    (
        "exempted",
        "exempted_on",
        _("Ontheffingen en vrijstellingen"),
        _("Plannen met een ontheffing of vrijstelling in de periode."),
    ),
):
    declare(
        f"wi2021.{_key}",
        _label,
        _definition,
        "inburgering",
        Tally(src.integration_plans, lambda p, _field=_field: within(_field, p)),
    )
declare(
    "wi2021.pips_within_10_weeks",
    _("PIP binnen 10 weken"),
    _("Daarvan vastgesteld uiterlijk {weeks} na het begin van de inburgeringsplicht.").format(
        weeks=TEN_WEEKS_TEXT
    ),
    "inburgering",
    Tally(
        src.integration_plans,
        lambda p: within("pip_on", p) & Q(LessThanOrEqual(DAYS_TO_PIP, TEN_WEEKS)),
    ),
)
hidden(
    "wi2021.days_to_pip",
    _("Dagen van inburgeringsplicht tot PIP"),
    _("Som van de dagen van het begin van de plicht tot het PIP, over de vastgestelde PIP's."),
    "inburgering",
    Tally(src.integration_plans, lambda p: within("pip_on", p), measure=sum_of(DAYS_TO_PIP)),
)
declare(
    "wi2021.avg_weeks_to_pip",
    _("Gemiddeld aantal weken tot het PIP"),
    _("Gemiddelde van de dagen van het begin van de plicht tot het PIP, in weken, over de PIP's."),
    "inburgering",
    Derived(("wi2021.days_to_pip", "wi2021.pips"), _weeks),
)
declare(
    "wi2021.pips_by_route.{route}",
    _("Vastgestelde PIP's: {route}"),
    _("Van de vastgestelde PIP's, naar de leerroute van het PIP (de route op de dag van het PIP)."),
    "inburgering",
    Tally(
        src.integration_plans,
        lambda p, route: within("pip_on", p) & route_on(F("pip_on"), route),
    ),
    route=route,
)
declare(
    "wi2021.running_end_by_route.{route}",
    _("Lopende inburgeringen aan het eind: {route}"),
    _(
        "Plannen met een PIP op of vóór de laatste dag, niet afgerond en zonder ontheffing op "
        "die dag, naar de leerroute op die dag."
    ),
    "inburgering",
    Tally(
        src.integration_plans,
        lambda p, route: plan_running_on(p.end) & route_on(p.end, route),
    ),
    route=route,
)
declare(
    "wi2021.waiting_for_pip_end",
    _("Wacht aan het eind op een PIP"),
    _(
        "Plannen met begin van de plicht op of vóór de laatste dag, zonder PIP en zonder "
        "ontheffing op die dag."
    ),
    "inburgering",
    Tally(src.integration_plans, lambda p: plan_waiting_for_pip_on(p.end)),
)
declare(
    "wi2021.unburdening_active_end",
    _("Ontzorgd aan het eind"),
    _("Plannen waarvoor de gemeente op de laatste dag de vaste lasten betaalt (ontzorgen)."),
    "inburgering",
    Tally(
        src.integration_plans,
        lambda p: Q(unburdening_from__lte=p.end, unburdening_until__gte=p.end),
    ),
)

# Cooperation, outreach and advocacy (cooperation.md) -----------------------------------------

declare(
    "cooperation.activities",
    _("Activiteiten samenwerking en voorlichting"),
    _(
        "Overleggen, bijeenkomsten, voorlichtingen en publieksactiviteiten met een datum in "
        "de periode."
    ),
    "samenwerking",
    Tally(src.activities),
)
declare(
    "cooperation.by_kind.{kind}",
    _("Activiteiten: {kind}"),
    _("Activiteiten met een datum in de periode, van de soort {kind}."),
    "samenwerking",
    Tally(src.activities, lambda p, kind: Q(kind=kind)),
    kind=fixed(ActivityKind),
)
declare(
    "cooperation.partners_met",
    _("Partners in overleg en samenwerking"),
    _("Verschillende partners die de activiteiten in de periode noemen."),
    "samenwerking",
    Tally(src.activity_partners, measure=distinct("partner"), explain_as="partner"),
)
declare(
    "cooperation.partners_met_by_kind.{kind}",
    _("Partners in overleg en samenwerking: {kind}"),
    _("Van die partners, de partners van de soort {kind}."),
    "samenwerking",
    Tally(
        src.activity_partners,
        lambda p, kind: Q(partner__kind=kind),
        measure=distinct("partner"),
        explain_as="partner",
    ),
    kind=fixed(PartnerKind),
)
declare(
    "cooperation.staff_involved",
    _("Medewerkers betrokken bij samenwerking en voorlichting"),
    _("Verschillende medewerkers die de activiteiten in de periode noemen."),
    "samenwerking",
    Tally(src.activity_staff, measure=distinct("staffmember"), explain_as="staffmember"),
)
declare(
    "outreach.sessions",
    _("Voorlichtingen en publieksactiviteiten"),
    _("Activiteiten van de soort voorlichting of publieksactiviteit met een datum in de periode."),
    "samenwerking",
    Tally(src.activities, lambda p: Q(kind__in=OUTREACH_KINDS)),
)
declare(
    "outreach.people_reached",
    _("Bereikt met voorlichting en publieksactiviteiten"),
    _(
        "Het opgetelde publiek (aantal bereikte mensen) van die voorlichtingen en "
        "publieksactiviteiten; zonder aantal telt een activiteit als 0."
    ),
    "samenwerking",
    Tally(src.activities, lambda p: Q(kind__in=OUTREACH_KINDS), measure=total("people_reached")),
)

# Targets (prestatieafspraken) ----------------------------------------------------------------

indicator = open_codes(_target_label)
declare(
    "targets.{indicator}.target",
    _("Afspraak: {indicator}"),
    _("Het afgesproken aantal (alleen voor een kalenderjaar)."),
    "prestatieafspraken",
    TargetQuery("target"),
    indicator=indicator,
)
declare(
    "targets.{indicator}.actual",
    _("Realisatie: {indicator}"),
    _("De waarde van de indicator over de periode."),
    "prestatieafspraken",
    TargetQuery("actual"),
    indicator=indicator,
)
declare(
    "targets.{indicator}.met",
    _("Afspraak gehaald: {indicator}"),
    _("1 als de realisatie minstens de afspraak is, anders 0."),
    "prestatieafspraken",
    TargetQuery("met"),
    indicator=indicator,
)


# Look-ups ------------------------------------------------------------------------------------


def match(key: str) -> tuple[Indicator, dict[str, str]] | None:
    """The indicator a concrete key belongs to, with the values of its placeholders."""
    for candidate in INDICATORS:
        found = candidate.regex.match(key)
        if found:
            return candidate, found.groupdict()
    return None


def find(key: str) -> Indicator | None:
    found = match(key)
    return found[0] if found else None


def _resolve(key: str) -> tuple[Indicator, dict[str, str]]:
    found = match(key)
    if found is None:
        raise KeyError(key)
    return found


def label_for(key: str) -> str:
    """The Dutch label of a concrete key, e.g. ``housing.by_nationality.SYR``."""
    indicator, codes = _resolve(key)
    return indicator.describe(indicator.label, codes)


def definition_for(key: str) -> str:
    indicator, codes = _resolve(key)
    return indicator.describe(indicator.definition, codes)


def section_for(key: str) -> str:
    return _resolve(key)[0].section
