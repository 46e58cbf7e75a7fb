"""The sections of the yearly report, in the seeds' order, and the bullets each one writes.

A section declares the indicator keys it is about (``keys``: a key itself, or a
prefix before a dot) and a function that turns the figures into Dutch bullets.
It is shown only when one of its figures is not zero: the branch has records for
it. Every number in a bullet is read from the figures; nothing is counted here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from koers.core.formatting import number_text as number  # the one number format
from koers.core.languages import LANGUAGES
from koers.groups.models import GroupLevel
from koers.indicators.registry import match
from koers.reports import cooperation as cooperation_report
from koers.reports.nationalities import people_of
from koers.reports.wording import counted, enumeration, in_words, percentage
from koers.staff.models import Course, StaffRoleCode


class UnknownIndicatorKey(KeyError):
    """A report asked for a figure the indicator registry does not declare (a misspelt key)."""


class Figures(dict):
    """The engine's flat dict, read by key.

    A key the registry declares but the engine left out reads as 0 (an open breakdown
    without rows, such as a nationality nobody had); a key the registry does not
    declare raises :class:`UnknownIndicatorKey`, so a misspelt key fails instead of
    silently reading 0. ``prefix`` is the part of the key that :meth:`under` took off.
    """

    def __init__(self, *args, prefix: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        inherited = args[0].prefix if args and isinstance(args[0], Figures) else ""
        self.prefix = inherited if prefix is None else prefix

    def __missing__(self, key: str) -> int:
        full = f"{self.prefix}{key}"
        if match(full) is None:
            raise UnknownIndicatorKey(full)
        return 0

    def under(self, prefix: str) -> "Figures":
        """``{rest: value}`` for every key ``prefix.rest``."""
        start = f"{prefix}."
        return Figures(
            ((key[len(start) :], value) for key, value in self.items() if key.startswith(start)),
            prefix=f"{self.prefix}{start}",
        )


@dataclass(frozen=True)
class Context:
    """What a sentence may name besides figures: the municipality, branch and year, and
    per section the names a figure cannot hold (``Section.details``)."""

    municipality: str
    branch: str
    year: int
    details: Mapping[str, dict] = field(default_factory=dict)


def matches_key(pattern: str, key: str) -> bool:
    return key == pattern or key.startswith(f"{pattern}.")


@dataclass(frozen=True)
class Section:
    """``excludes``: keys under one of ``keys`` that another section shows instead."""

    code: str
    title: str
    keys: tuple[str, ...]
    bullets: Callable[[Figures, Context], list[str]]
    charts: tuple[str, ...] = field(default=())
    excludes: tuple[str, ...] = field(default=())
    # Names and titles from records (``details(locations=, period=) -> dict``, JSON-ready):
    # read by the selectors with the figures and frozen in a published edition.
    details: Callable[..., dict] | None = None

    def owns(self, key: str) -> bool:
        return any(matches_key(pattern, key) for pattern in self.keys) and not any(
            matches_key(pattern, key) for pattern in self.excludes
        )

    def is_present(self, figures: Figures, details: Mapping[str, dict] | None = None) -> bool:
        if any(value for key, value in figures.items() if self.owns(key)):
            return True
        own = (details or {}).get(self.code) or {}
        return any(own.values())


def keep(*lines: str | None) -> list[str]:
    return [line for line in lines if line]


def when(value: int | float, text: str) -> str | None:
    """``text`` if the figure is not zero (a zero bullet says nothing)."""
    return text if value else None


def largest_groups(figures: Figures) -> str | None:
    """ "Veruit grootste groep: Syriërs (42)" / "grootste groepen: Syriërs (32), Eritreeërs (25)".

    The largest nationality, and the next ones that are at least half its size (at
    most three); "veruit" when the largest alone is more than half of all housed.
    """
    by_nationality = sorted(
        ((count, code) for code, count in figures.under("housing.by_nationality").items() if count),
        key=lambda item: (-item[0], item[1]),
    )
    if not by_nationality:
        return None
    top = by_nationality[0][0]
    groups = [(count, code) for count, code in by_nationality[:3] if count * 2 >= top]
    listed = ", ".join(f"{people_of(code)} ({number(count)})" for count, code in groups)
    if len(groups) > 1:
        return f"Grootste groepen: {listed}"
    if top * 2 > figures["housing.persons_housed"]:
        return f"Veruit grootste groep: {listed}"
    return f"Grootste groep: {listed}"


def households(singles: int, families: int) -> str:
    return enumeration(
        [
            counted(singles, "alleenstaande", "alleenstaanden") if singles else "",
            counted(families, "gezin", "gezinnen") if families else "",
        ]
    )


def housing(f: Figures, c: Context) -> list[str]:
    sexes = [
        counted(f["housing.male"], "man", "mannen", leading=True),
        counted(f["housing.female"], "vrouw", "vrouwen", leading=True),
    ]
    if f["housing.sex_x"]:
        sexes.append(f"{number(f['housing.sex_x'])} met geslacht X")
    reunified = f["housing.reunified_adults"] + f["housing.reunified_children"]
    singles, families = f["housing.households_single"], f["housing.households_family"]
    return keep(
        when(
            f["housing.persons_housed"],
            f"{number(f['housing.persons_housed'])} statushouders gehuisvest",
        ),
        when(
            f["housing.persons_housed"],
            f"{counted(f['housing.adults'], 'volwassene', 'volwassenen', leading=True)}, "
            f"{counted(f['housing.children'], 'kind', 'kinderen', leading=True)}",
        ),
        when(f["housing.persons_housed"], ", ".join(sexes)),
        largest_groups(f),
        when(
            reunified,
            f"{number(reunified)} nareizigers via gezinshereniging "
            f"({number(f['housing.reunified_adults'])} volwassenen, "
            f"{number(f['housing.reunified_children'])} kinderen)",
        ),
        when(
            f["housing.by_route.resettlement"],
            f"{number(f['housing.by_route.resettlement'])} hervestigers (UNHCR)",
        ),
        when(
            f["housing.households_settled"],
            f"In totaal vestigden zich {households(singles, families)}.",
        ),
        when(
            f["housing.dwellings_used"],
            f"{number(f['housing.dwellings_used'])} woningen waarin statushouders "
            "werden gehuisvest",
        ),
        when(
            f["housing.dwellings_made_available"],
            f"{number(f['housing.dwellings_made_available'])} beschikbaar gestelde woningen",
        ),
        when(f["housing.quota"], f"Taakstelling {c.year}: {number(f['housing.quota'])}"),
    )


HOURS_KINDS = (
    ("social_hours", "contact maatschappelijk spreekuur", "contacten maatschappelijk spreekuur"),
    ("info_point", "contact infopunt", "contacten infopunt"),
    ("walk_in", "contact inloopspreekuur", "contacten inloopspreekuur"),
    ("home_visit", "huisbezoek", "huisbezoeken"),
    ("phone", "telefonisch contact", "telefonische contacten"),
)


def hours(f: Figures, c: Context) -> list[str]:
    visits = f["contacts.hours_visits"]
    lines = [
        when(
            visits,
            counted(visits, "bezoek", "bezoeken", leading=True)
            + " aan onze spreekuren en het infopunt",
        )
    ]
    lines += [
        when(
            f[f"contacts.by_kind.{kind}"],
            counted(f[f"contacts.by_kind.{kind}"], one, many, leading=True),
        )
        for kind, one, many in HOURS_KINDS
    ]
    lines.append(
        when(
            f["contacts.unregistered"],
            f"{number(f['contacts.unregistered'])} contacten met "
            f"{number(f['contacts.unregistered_visitors'])} bezoekers zonder dossier bij ons",
        )
    )
    for venue, values in sorted(venues(f).items()):
        if values.get("avg_per_day"):
            lines.append(
                f"In {venue} waren er gemiddeld {number(values['avg_per_day'])} contacten "
                f"per spreekuur ({counted(values['days'], 'spreekuur', 'spreekuren')})."
            )
    return keep(*lines)


def venues(f: Figures) -> dict[str, dict]:
    """``{venue: {"contacts": n, "days": n, "avg_per_day": x}}`` (a venue may hold dots)."""
    result: dict[str, dict] = {}
    for rest, value in f.under("contacts.venue").items():
        venue, _, measure = rest.rpartition(".")
        result.setdefault(venue, {})[measure] = value
    return result


LEGAL_KINDS = (
    ("naturalisation", "naturalisatie"),
    ("permit_renewal", "verlenging verblijfsvergunning"),
    ("travel_document", "reisdocument"),
    ("asylum", "asiel"),
    ("other", "overig"),
)


def legal(f: Figures, c: Context) -> list[str]:
    fr = f.under("legal.family_reunification")
    guardianship = fr.get("guardianship_opened", 0)
    lines = [
        when(
            fr.get("opened", 0),
            f"{number(fr.get('opened', 0))} nieuwe dossiers gezinshereniging"
            + (f" (waarvan {number(guardianship)} Nidos)" if guardianship else ""),
        ),
        when(fr.get("open_during", 0), f"Totaal aantal dossiers: {number(fr['open_during'])}"),
        when(
            fr.get("closed_granted", 0),
            f"{number(fr.get('closed_granted', 0))} succesvol afgeronde dossiers",
        ),
    ]
    for kind, label in LEGAL_KINDS:
        of_kind = f.under(f"legal.{kind}")
        lines.append(
            when(
                of_kind.get("open_during", 0),
                f"Dossiers {label}: {number(of_kind.get('opened', 0))} nieuw, "
                f"{number(of_kind.get('open_during', 0))} in totaal, "
                f"{number(of_kind.get('closed_granted', 0))} succesvol afgerond",
            )
        )
    lines += [
        when(
            f["contacts.by_kind.legal_hours"],
            f"{number(f['contacts.by_kind.legal_hours'])} individuele gesprekken in ons "
            "juridisch spreekuur",
        ),
        when(
            f["legal.other_contacts"],
            f"{number(f['legal.other_contacts'])} contacten met "
            f"{number(f['legal.other_contacts_persons'])} cliënten over overige juridische vragen",
        ),
    ]
    return keep(*lines)


def trajectory_lines(f: Figures, kind: str, name: str) -> list[str | None]:
    t = f.under(f"trajectories.{kind}")
    return [
        when(
            t.get("ended", 0),
            f"{number(t.get('ended', 0))} afgesloten trajecten {name}, waarvan "
            f"{number(t.get('ended_completed', 0))} afgerond",
        ),
        when(
            t.get("active_end", 0),
            f"{number(t.get('active_end', 0))} lopende trajecten {name} aan het eind van het jaar",
        ),
    ]


def coaching(f: Figures, c: Context) -> list[str]:
    self_registered = (
        f["trajectories.settling_in.started_self_registered"]
        + f["trajectories.integration.started_self_registered"]
    )
    return keep(
        when(
            f["trajectories.settling_in.started"],
            f"{number(f['trajectories.settling_in.started'])} statushouders startten het traject "
            "coaching vestiging",
        ),
        when(
            f["trajectories.integration.started"],
            f"{number(f['trajectories.integration.started'])} statushouders begonnen aan een "
            "traject coaching integratie",
        ),
        when(self_registered, f"{number(self_registered)} gestarte trajecten van zelfmelders"),
        *trajectory_lines(f, "settling_in", "coaching vestiging"),
        *trajectory_lines(f, "integration", "coaching integratie"),
        when(
            f["contacts.by_trajectory_kind.settling_in"],
            f"Voor coaching vestiging waren er "
            f"{in_words(f['contacts.by_trajectory_kind.settling_in'])} individuele spreekuren.",
        ),
        when(
            f["contacts.by_trajectory_kind.integration"],
            f"Voor coaching integratie waren er in totaal "
            f"{in_words(f['contacts.by_trajectory_kind.integration'])} spreekuren.",
        ),
    )


def job_coaching(f: Figures, c: Context) -> list[str]:
    started = f["trajectories.job_coaching.started"]
    return keep(
        when(
            started,
            f"In de gemeente {c.municipality} "
            f"{is_or_are(started)} "
            f"{counted(started, 'jobcoachtraject', 'jobcoachtrajecten')} gestart.",
        ),
        *trajectory_lines(f, "job_coaching", "jobcoaching"),
        when(
            f["contacts.by_trajectory_kind.job_coaching"],
            f"{number(f['contacts.by_trajectory_kind.job_coaching'])} gesprekken met jobcoaches",
        ),
    )


@dataclass(frozen=True)
class MatchWords:
    role: str
    coach: tuple[str, str]
    pair: str


def match_bullets(program: str, words: MatchWords) -> Callable[[Figures, Context], list[str]]:
    def bullets(f: Figures, c: Context) -> list[str]:
        m = f.under(f"matches.{program}")
        new_coaches = f[f"staff.started_by_role.{words.role}"]
        cohort = [
            counted(m.get("cohort_completed", 0), "is afgerond", "zijn afgerond")
            if m.get("cohort_completed")
            else "",
            counted(m.get("cohort_extended", 0), "is verlengd", "zijn verlengd")
            if m.get("cohort_extended")
            else "",
            counted(m.get("cohort_running", 0), "loopt nog door", "lopen nog door")
            if m.get("cohort_running")
            else "",
            counted(m.get("cohort_stopped", 0), "is gestopt", "zijn gestopt")
            if m.get("cohort_stopped")
            else "",
        ]
        return keep(
            when(
                new_coaches,
                f"Er {is_or_are(new_coaches)} "
                f"{counted(new_coaches, 'nieuwe ' + words.coach[0], 'nieuwe ' + words.coach[1])} "
                "gestart.",
            ),
            when(m.get("started", 0), f"{number(m.get('started', 0))} nieuwe {words.pair}"),
            when(
                any(cohort),
                f"Van de koppelingen die in {c.year} startten, {enumeration(cohort)}.",
            ),
            when(
                m["earlier_completed"],
                f"Uit eerdere jaren {is_or_are(m['earlier_completed'])} "
                f"{counted(m['earlier_completed'], 'koppeling', 'koppelingen')} in {c.year} "
                "afgerond.",
            ),
            when(
                m.get("waiting_end", 0),
                f"{number(m.get('waiting_end', 0))} kandidaten op de wachtlijst aan het eind "
                f"van {c.year}",
            ),
            when(
                m.get("volunteers", 0),
                f"Het traject is in {c.year} uitgevoerd door "
                f"{counted(m.get('volunteers', 0), 'vrijwilliger', 'vrijwilligers')}.",
            ),
        )

    return bullets


@dataclass(frozen=True)
class GroupWords:
    participants: str
    groups_by: str = "groups_active"


def group_bullets(program: str, words: GroupWords) -> Callable[[Figures, Context], list[str]]:
    def bullets(f: Figures, c: Context) -> list[str]:
        g = Figures(f.under(f"groups.{program}"))
        languages = [
            counted(count, "groep", "groepen", leading=True)
            + f" in het {LANGUAGES.get(code, code)}"
            for code, count in sorted(g.under("groups_started_by_language").items())
            if count
        ]
        levels = [
            f"{GroupLevel(code).label} ({number(count)})"
            for code, count in g.under("groups_active_end_by_level").items()
            if count and code in GroupLevel.values
        ]
        by_enrolments = g.under("participants_by_enrolments")
        return keep(
            when(g["participants"], f"{number(g['participants'])} {words.participants}"),
            when(g["participants_new"], f"{number(g['participants_new'])} nieuwe deelnemers"),
            when(g[words.groups_by], counted(g[words.groups_by], "groep", "groepen", leading=True)),
            when(languages, enumeration(languages)),
            when(g["sessions"], f"{number(g['sessions'])} bijeenkomsten"),
            when(g["enrolments"], f"{number(g['enrolments'])} plaatsingen"),
            when(
                by_enrolments.get("2", 0),
                f"{number(by_enrolments.get('2', 0))} deelnemers met een dubbele les",
            ),
            when(
                by_enrolments.get("3_or_more", 0),
                f"{number(by_enrolments.get('3_or_more', 0))} deelnemers met drie of meer lessen",
            ),
            when(
                g["participants_civic_integration_required"],
                f"{number(g['participants_civic_integration_required'])} inburgeringsplichtigen",
            ),
            when(g.get("attendance_rate"), f"Opkomst {percentage(g.get('attendance_rate', 0))}"),
            when(
                g.get("avg_present_per_session"),
                f"Gemiddeld {number(g.get('avg_present_per_session', 0))} deelnemers "
                "per bijeenkomst",
            ),
            when(
                g["groups_active_end"],
                f"Aan het eind van {c.year}: "
                f"{counted(g['groups_active_end'], 'groep', 'groepen', leading=True)}"
                + (
                    f", waarvan {number(g['groups_active_end_evening'])} avondgroepen"
                    if g["groups_active_end_evening"]
                    else ""
                )
                + (f" ({', '.join(levels)})" if levels else ""),
            ),
            when(
                g["participants_active_end"],
                f"{number(g['participants_active_end'])} deelnemers actief aan het eind "
                "van het jaar",
            ),
        )

    return bullets


def participation(f: Figures, c: Context) -> list[str]:
    signed = f["participation_statement.signed"]
    return group_bullets("participation_statement", GroupWords("deelnemers", "groups_started"))(
        f, c
    ) + keep(
        when(signed, f"{number(signed)} personen tekenden de participatieverklaring"),
    )


def role_noun(role: str, count: int) -> str:
    singular, plural = ROLE_NOUNS.get(role, (StaffRoleCode(role).label,) * 2)
    return counted(count, singular, plural)


ROLE_NOUNS = {
    "legal": ("juridisch medewerker", "juridisch medewerkers"),
    "social": ("maatschappelijk begeleider", "maatschappelijk begeleiders"),
    "housing_coach": ("coach huisvesting", "coaches huisvesting"),
    "reception": ("receptiemedewerker", "receptiemedewerkers"),
    "interpreter": ("tolk", "tolken"),
    "language_coach": ("taalcoach", "taalcoaches"),
    "job_coach": ("jobcoach", "jobcoaches"),
    "wegwijs_coach": ("coach Wegwijs", "coaches Wegwijs"),
    "class_assistant": ("klassenassistent", "klassenassistenten"),
    "trainer": ("trainer", "trainers"),
    "admin": ("administratief medewerker", "administratief medewerkers"),
    "team_leader": ("teamleider", "teamleiders"),
}
KIND_NOUNS = {
    "paid": ("betaalde kracht", "betaalde krachten"),
    "volunteer": ("vrijwilliger", "vrijwilligers"),
    "intern_hbo": ("hbo-stagiair", "hbo-stagiairs"),
    "intern_mbo": ("mbo-stagiair", "mbo-stagiairs"),
}
END_REASONS = {
    "paid_job": "het vinden van een betaalde baan",
    "illness": "ziekte",
    "moved": "een verhuizing",
    "other": "een andere reden",
}


def kinds(values: dict, *, new: bool = False, interns_only: bool = False) -> list[str]:
    prefix = "nieuwe " if new else ""
    return [
        counted(values.get(kind, 0), prefix + one, prefix + many)
        for kind, (one, many) in KIND_NOUNS.items()
        if values.get(kind) and (kind.startswith("intern") or not interns_only)
    ]


def roles(values: dict) -> list[str]:
    return [role_noun(role, count) for role, count in values.items() if count]


def is_or_are(count: int) -> str:
    return "is" if count == 1 else "zijn"


def has_or_have(count: int) -> str:
    return "heeft" if count == 1 else "hebben"


def team(f: Figures, c: Context) -> list[str]:
    paid, volunteers = f["staff.active.paid"], f["staff.active.volunteer"]
    roles_end = enumeration(roles(f.under("staff.active_end_by_role")))
    interns_end = enumeration(kinds(f.under("staff.active_end"), interns_only=True))
    started = enumeration(
        roles(f.under("staff.started_by_role"))
        + kinds(f.under("staff.started"), new=True, interns_only=True)
    )
    ended = enumeration(roles(f.under("staff.ended_by_role")))
    reasons = enumeration(
        f"{in_words(count)} keer {END_REASONS.get(reason, reason)}"
        for reason, count in f.under("staff.ended_by_reason").items()
        if count
    )
    interpreters = enumeration(
        counted(count, f"tolk Nederlands-{name}", f"tolken Nederlands-{name}")
        for code, count in sorted(f.under("staff.interpreters_started_by_language").items())
        if count
        for name in [LANGUAGES.get(code, code)]
    )
    trainings = ", ".join(
        f"{Course(course).label if course in Course.values else course} ({number(count)})"
        for course, count in sorted(f.under("staff.trainings_completed").items())
        if count
    )
    untrained = f["staff.volunteers_without_basic_training_end"]
    return keep(
        when(
            paid,
            f"Op de locatie {is_or_are(paid)} "
            f"{counted(paid, 'betaalde kracht', 'betaalde krachten')} werkzaam.",
        ),
        when(
            volunteers,
            f"In de loop van {c.year} waren er "
            f"{counted(volunteers, 'vrijwilliger', 'vrijwilligers')} werkzaam bij {c.branch}.",
        ),
        when(
            roles_end,
            f"Aan het eind van {c.year} waren er {roles_end}"
            + (f", naast {interns_end}" if interns_end else "")
            + ".",
        ),
        when(started, f"In {c.year} zijn gestart: {started}."),
        when(
            ended,
            f"In totaal {has_or_have(sum(f.under('staff.ended_by_role').values()))} {ended} "
            "de organisatie verlaten" + (f", met als reden {reasons}" if reasons else "") + ".",
        ),
        when(interpreters, f"Daarnaast hebben we in {c.year} {interpreters} geworven."),
        when(trainings, f"Afgeronde trainingen: {trainings}"),
        when(
            untrained,
            f"{number(untrained)} "
            f"{'vrijwilliger of stagiair' if untrained == 1 else 'vrijwilligers en stagiairs'} "
            f"{has_or_have(untrained)} de introductiebijeenkomst of basiscursus nog niet gevolgd",
        ),
    )


# From linking to civic integration (integration-2021.md) ---------------------------------

LINKING_KEYS = (
    "housing.linked",
    "housing.linked_cancelled",
    "housing.linked_housed",
    "housing.linked_housed_within_10_weeks",
    "housing.linked_avg_weeks_to_housing",
    "housing.linked_waiting_end",
    "housing.linked_waiting_end_over_10_weeks",
)
ROUTE_NAMES = (("b1", "B1-route"), ("education", "onderwijsroute"), ("z", "Z-route"))


def by_route(values: Figures) -> str:
    return enumeration(
        f"{name} {number(values.get(code, 0))}" for code, name in ROUTE_NAMES if values.get(code)
    )


def integration(f: Figures, c: Context) -> list[str]:
    housed, within = f["housing.linked_housed"], f["housing.linked_housed_within_10_weeks"]
    weeks = f.get("housing.linked_avg_weeks_to_housing")
    waiting, over = f["housing.linked_waiting_end"], f["housing.linked_waiting_end_over_10_weeks"]
    pips, pip_weeks = f["wi2021.pips"], f.get("wi2021.avg_weeks_to_pip")
    running = f.under("wi2021.running_end_by_route")
    started, completed = f["wi2021.intakes_started"], f["wi2021.intakes_completed"]
    routes = by_route(f.under("wi2021.pips_by_route"))
    return keep(
        when(
            f["housing.linked"],
            f"{number(f['housing.linked'])} statushouders door het COA aan {c.municipality} "
            "gekoppeld",
        ),
        when(
            housed,
            f"{number(housed)} gekoppelden gehuisvest, waarvan {number(within)} binnen 10 weken"
            + (f"; gemiddeld na {number(weeks)} weken" if weeks is not None else ""),
        ),
        when(
            f["housing.linked_cancelled"],
            f"{number(f['housing.linked_cancelled'])} koppelingen vervallen",
        ),
        when(
            waiting,
            f"Aan het eind van {c.year} wachtten {counted(waiting, 'gekoppelde', 'gekoppelden')} "
            "op huisvesting"
            + (f", van wie {in_words(over)} langer dan 10 weken." if over else "."),
        ),
        when(
            f["wi2021.obligations"],
            f"{number(f['wi2021.obligations'])} nieuwe inburgeringsplichtigen (Wet inburgering "
            "2021)",
        ),
        when(
            started or completed,
            f"{number(started)} brede intakes gestart, {number(completed)} afgerond",
        ),
        when(
            pips,
            f"{number(pips)} persoonlijke plannen (PIP) vastgesteld: {routes}"
            f"; {number(f['wi2021.pips_within_10_weeks'])} binnen 10 weken"
            + (f", gemiddeld na {number(pip_weeks)} weken" if pip_weeks is not None else ""),
        ),
        when(
            f["wi2021.route_switches"],
            f"{number(f['wi2021.route_switches'])} keer van leerroute gewisseld",
        ),
        when(
            sum(running.values()),
            f"Aan het eind van {c.year} liepen {in_words(sum(running.values()))} inburgeringen: "
            f"{by_route(running)}.",
        ),
        when(
            f["wi2021.waiting_for_pip_end"],
            f"{number(f['wi2021.waiting_for_pip_end'])} inburgeringsplichtigen wachtten aan het "
            "eind van het jaar op hun PIP",
        ),
        when(
            f["wi2021.map_completed"], f"{number(f['wi2021.map_completed'])} keer de MAP afgerond"
        ),
        when(f["wi2021.completed"], f"{number(f['wi2021.completed'])} inburgeringen afgerond"),
        when(
            f["wi2021.exempted"],
            f"{number(f['wi2021.exempted'])} ontheffingen of vrijstellingen",
        ),
        when(
            f["wi2021.unburdening_active_end"],
            f"{number(f['wi2021.unburdening_active_end'])} inburgeraars aan het eind van het jaar "
            "ontzorgd (de gemeente betaalt de vaste lasten)",
        ),
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "housing",
        "Huisvesting",
        ("housing",),
        housing,
        charts=("housed_per_month", "nationalities"),
        excludes=LINKING_KEYS,
    ),
    Section(
        "integration",
        "Van koppeling tot inburgering",
        (*LINKING_KEYS, "wi2021"),
        integration,
        charts=("wi2021_pipeline", "wi2021_routes"),
    ),
    Section(
        "hours",
        "Spreekuur/infopunt",
        (
            "contacts.hours_visits",
            "contacts.by_kind.social_hours",
            "contacts.by_kind.info_point",
            "contacts.by_kind.walk_in",
            "contacts.by_kind.home_visit",
            "contacts.by_kind.phone",
            "contacts.unregistered",
            "contacts.unregistered_visitors",
            "contacts.venue",
            "contacts.by_topic",
        ),
        hours,
        charts=("topics",),
    ),
    Section(
        "legal",
        "Juridische begeleiding/gezinshereniging",
        ("legal", "contacts.by_kind.legal_hours"),
        legal,
    ),
    # cooperation.md: after the legal section, as in the seeds
    Section(
        "cooperation",
        "Voorlichting, belangenbehartiging en samenwerking",
        ("cooperation", "outreach"),
        cooperation_report.bullets,
        details=cooperation_report.section_details,
    ),
    Section(
        "coaching",
        "Maatschappelijke begeleiding",
        (
            "trajectories.settling_in",
            "trajectories.integration",
            "contacts.by_trajectory_kind.settling_in",
            "contacts.by_trajectory_kind.integration",
            "contacts.by_kind.coaching",
        ),
        coaching,
        charts=("trajectories",),
    ),
    Section(
        "language_coaching",
        "Taalcoaching",
        ("matches.language_coaching", "staff.started_by_role.language_coach"),
        match_bullets(
            "language_coaching",
            MatchWords("language_coach", ("taalcoach", "taalcoaches"), "taalkoppels"),
        ),
    ),
    Section(
        "job_coaching",
        "Jobcoaching",
        ("trajectories.job_coaching", "contacts.by_trajectory_kind.job_coaching"),
        job_coaching,
    ),
    Section("vip", "VIP", ("groups.vip",), group_bullets("vip", GroupWords("deelnemers"))),
    Section(
        "wegwijs",
        "Wegwijs",
        ("matches.wegwijs", "staff.started_by_role.wegwijs_coach"),
        match_bullets(
            "wegwijs",
            MatchWords("wegwijs_coach", ("coach Wegwijs", "coaches Wegwijs"), "koppelingen"),
        ),
    ),
    Section(
        "participation_statement",
        "Participatieverklaringstrajecten",
        ("groups.participation_statement", "participation_statement"),
        participation,
    ),
    Section(
        "civic_integration",
        "Inburgering",
        ("groups.civic_integration",),
        group_bullets("civic_integration", GroupWords("cursisten")),
    ),
    Section(
        "language_centre",
        "Taalcentrum",
        ("groups.language_centre",),
        group_bullets("language_centre", GroupWords("unieke cursisten")),
    ),
    Section(
        "computer_class",
        "Computerlessen",
        ("groups.computer_class",),
        group_bullets("computer_class", GroupWords("deelnemers")),
    ),
    Section(
        "language_class",
        "Taalklassen",
        ("groups.language_class",),
        group_bullets("language_class", GroupWords("deelnemers")),
    ),
    Section("team", "Ons team", ("staff",), team),
)
