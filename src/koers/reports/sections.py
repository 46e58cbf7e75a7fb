"""The sections of the yearly report, in the seeds' order, and the bullets each one writes.

A section declares the indicator keys it is about (``keys``: a key itself, or a
prefix before a dot) and a function that turns the figures into bullets in the reader's
language (every sentence one message of the catalogue, a count's sentence with its plural:
``wording.counted``). It is shown only when one of its figures is not zero: the branch
has records for it. Every number in a bullet is read from the figures; nothing is
counted here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy, pgettext_lazy

from koers.core.formatting import number_text as number  # the one number format
from koers.core.languages import language_name
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


def figure(value: int, message, **values) -> str | None:
    """A figure's bullet: ``message`` (``ngettext_lazy(…, "count")``) with ``value`` in
    digits, if it is not zero ("75 statushouders gehuisvest")."""
    return when(value, counted(value, message, leading=True, **values))


def sentence(text: str) -> str:
    """A sentence starts with a capital, also when a translation starts it with a count in
    words ("Three new language coaches started.")."""
    return text[:1].upper() + text[1:]


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
        return _("Grootste groepen: %(groups)s") % {"groups": listed}
    if top * 2 > figures["housing.persons_housed"]:
        return _("Veruit grootste groep: %(groups)s") % {"groups": listed}
    return _("Grootste groep: %(groups)s") % {"groups": listed}


ADULTS = ngettext_lazy("%(amount)s volwassene", "%(amount)s volwassenen", "count")
CHILDREN = ngettext_lazy("%(amount)s kind", "%(amount)s kinderen", "count")


def households(singles: int, families: int) -> str:
    return enumeration(
        [
            counted(
                singles,
                ngettext_lazy("%(amount)s alleenstaande", "%(amount)s alleenstaanden", "count"),
            )
            if singles
            else "",
            counted(families, ngettext_lazy("%(amount)s gezin", "%(amount)s gezinnen", "count"))
            if families
            else "",
        ]
    )


def housing(f: Figures, c: Context) -> list[str]:
    housed = f["housing.persons_housed"]
    sexes = [
        counted(
            f["housing.male"],
            ngettext_lazy("%(amount)s man", "%(amount)s mannen", "count"),
            leading=True,
        ),
        counted(
            f["housing.female"],
            ngettext_lazy("%(amount)s vrouw", "%(amount)s vrouwen", "count"),
            leading=True,
        ),
    ]
    if f["housing.sex_x"]:
        sexes.append(_("%(n)s met geslacht X") % {"n": number(f["housing.sex_x"])})
    reunified_adults, reunified_children = (
        f["housing.reunified_adults"],
        f["housing.reunified_children"],
    )
    reunified = reunified_adults + reunified_children
    singles, families = f["housing.households_single"], f["housing.households_family"]
    return keep(
        figure(
            housed,
            ngettext_lazy(
                "%(amount)s statushouder gehuisvest",
                "%(amount)s statushouders gehuisvest",
                "count",
            ),
        ),
        when(
            housed,
            f"{counted(f['housing.adults'], ADULTS, leading=True)}, "
            f"{counted(f['housing.children'], CHILDREN, leading=True)}",
        ),
        when(housed, ", ".join(sexes)),
        largest_groups(f),
        figure(
            reunified,
            ngettext_lazy(
                "%(amount)s nareiziger via gezinshereniging (%(people)s)",
                "%(amount)s nareizigers via gezinshereniging (%(people)s)",
                "count",
            ),
            people=f"{counted(reunified_adults, ADULTS, leading=True)}, "
            f"{counted(reunified_children, CHILDREN, leading=True)}",
        ),
        figure(
            f["housing.by_route.resettlement"],
            ngettext_lazy(
                "%(amount)s hervestiger (UNHCR)", "%(amount)s hervestigers (UNHCR)", "count"
            ),
        ),
        when(
            f["housing.households_settled"],
            _("In totaal vestigden zich %(households)s.")
            % {"households": households(singles, families)},
        ),
        figure(
            f["housing.dwellings_used"],
            ngettext_lazy(
                "%(amount)s woning waarin statushouders werden gehuisvest",
                "%(amount)s woningen waarin statushouders werden gehuisvest",
                "count",
            ),
        ),
        figure(
            f["housing.dwellings_made_available"],
            ngettext_lazy(
                "%(amount)s beschikbaar gestelde woning",
                "%(amount)s beschikbaar gestelde woningen",
                "count",
            ),
        ),
        when(
            f["housing.quota"],
            _("Taakstelling %(year)s: %(n)s") % {"year": c.year, "n": number(f["housing.quota"])},
        ),
    )


HOURS_KINDS = (
    (
        "social_hours",
        ngettext_lazy(
            "%(amount)s contact maatschappelijk spreekuur",
            "%(amount)s contacten maatschappelijk spreekuur",
            "count",
        ),
    ),
    (
        "info_point",
        ngettext_lazy("%(amount)s contact infopunt", "%(amount)s contacten infopunt", "count"),
    ),
    (
        "walk_in",
        ngettext_lazy(
            "%(amount)s contact inloopspreekuur", "%(amount)s contacten inloopspreekuur", "count"
        ),
    ),
    ("home_visit", ngettext_lazy("%(amount)s huisbezoek", "%(amount)s huisbezoeken", "count")),
    (
        "phone",
        ngettext_lazy(
            "%(amount)s telefonisch contact", "%(amount)s telefonische contacten", "count"
        ),
    ),
)


def hours(f: Figures, c: Context) -> list[str]:
    visits = f["contacts.hours_visits"]
    lines = [
        figure(
            visits,
            ngettext_lazy(
                "%(amount)s bezoek aan onze spreekuren en het infopunt",
                "%(amount)s bezoeken aan onze spreekuren en het infopunt",
                "count",
            ),
        )
    ]
    lines += [figure(f[f"contacts.by_kind.{kind}"], message) for kind, message in HOURS_KINDS]
    lines.append(
        figure(
            f["contacts.unregistered"],
            ngettext_lazy(
                "%(amount)s contact met %(visitors)s zonder dossier bij ons",
                "%(amount)s contacten met %(visitors)s zonder dossier bij ons",
                "count",
            ),
            visitors=counted(
                f["contacts.unregistered_visitors"],
                ngettext_lazy("%(amount)s bezoeker", "%(amount)s bezoekers", "count"),
                leading=True,
            ),
        )
    )
    for venue, values in sorted(venues(f).items()):
        if values.get("avg_per_day"):
            days = counted(
                values.get("days", 0),
                ngettext_lazy("%(amount)s spreekuur", "%(amount)s spreekuren", "count"),
            )
            lines.append(
                _("In %(venue)s waren er gemiddeld %(average)s contacten per spreekuur (%(days)s).")
                % {"venue": venue, "average": number(values["avg_per_day"]), "days": days}
            )
    return keep(*lines)


def venues(f: Figures) -> dict[str, dict]:
    """``{venue: {"contacts": n, "days": n, "avg_per_day": x}}`` (a venue may hold dots)."""
    result: dict[str, dict] = {}
    for rest, value in f.under("contacts.venue").items():
        venue, _sep, measure = rest.rpartition(".")
        result.setdefault(venue, {})[measure] = value
    return result


LEGAL_KINDS = (
    ("naturalisation", pgettext_lazy("dossiers", "naturalisatie")),
    ("permit_renewal", pgettext_lazy("dossiers", "verlenging verblijfsvergunning")),
    ("travel_document", pgettext_lazy("dossiers", "reisdocument")),
    ("asylum", pgettext_lazy("dossiers", "asiel")),
    ("other", pgettext_lazy("dossiers", "overig")),
)


def legal(f: Figures, c: Context) -> list[str]:
    fr = f.under("legal.family_reunification")
    opened, guardianship = fr.get("opened", 0), fr.get("guardianship_opened", 0)
    lines = [
        figure(
            opened,
            ngettext_lazy(
                "%(amount)s nieuw dossier gezinshereniging (waarvan %(nidos)s Nidos)",
                "%(amount)s nieuwe dossiers gezinshereniging (waarvan %(nidos)s Nidos)",
                "count",
            )
            if guardianship
            else ngettext_lazy(
                "%(amount)s nieuw dossier gezinshereniging",
                "%(amount)s nieuwe dossiers gezinshereniging",
                "count",
            ),
            nidos=number(guardianship),
        ),
        when(
            fr.get("open_during", 0),
            _("Totaal aantal dossiers: %(n)s") % {"n": number(fr.get("open_during", 0))},
        ),
        figure(
            fr.get("closed_granted", 0),
            ngettext_lazy(
                "%(amount)s succesvol afgerond dossier",
                "%(amount)s succesvol afgeronde dossiers",
                "count",
            ),
        ),
    ]
    for kind, label in LEGAL_KINDS:
        of_kind = f.under(f"legal.{kind}")
        lines.append(
            when(
                of_kind.get("open_during", 0),
                sentence(
                    _(
                        "Dossiers %(kind)s: %(new)s nieuw, %(total)s in totaal, "
                        "%(granted)s succesvol afgerond"
                    )
                    % {
                        "kind": label,
                        "new": number(of_kind.get("opened", 0)),
                        "total": number(of_kind.get("open_during", 0)),
                        "granted": number(of_kind.get("closed_granted", 0)),
                    }
                ),
            )
        )
    lines += [
        figure(
            f["contacts.by_kind.legal_hours"],
            ngettext_lazy(
                "%(amount)s individueel gesprek in ons juridisch spreekuur",
                "%(amount)s individuele gesprekken in ons juridisch spreekuur",
                "count",
            ),
        ),
        figure(
            f["legal.other_contacts"],
            ngettext_lazy(
                "%(amount)s contact met %(clients)s over overige juridische vragen",
                "%(amount)s contacten met %(clients)s over overige juridische vragen",
                "count",
            ),
            clients=counted(
                f["legal.other_contacts_persons"],
                ngettext_lazy("%(amount)s cliënt", "%(amount)s cliënten", "count"),
                leading=True,
            ),
        ),
    ]
    return keep(*lines)


# The kinds of programmes as a sentence names them ("trajecten coaching vestiging")
SETTLING_IN = pgettext_lazy("traject", "coaching vestiging")
INTEGRATION = pgettext_lazy("traject", "coaching integratie")
JOB_COACHING = pgettext_lazy("traject", "jobcoaching")


def trajectory_lines(f: Figures, kind: str, name) -> list[str | None]:
    t = f.under(f"trajectories.{kind}")
    return [
        figure(
            t.get("ended", 0),
            ngettext_lazy(
                "%(amount)s afgesloten traject %(name)s, waarvan %(completed)s afgerond",
                "%(amount)s afgesloten trajecten %(name)s, waarvan %(completed)s afgerond",
                "count",
            ),
            name=name,
            completed=number(t.get("ended_completed", 0)),
        ),
        figure(
            t.get("active_end", 0),
            ngettext_lazy(
                "%(amount)s lopend traject %(name)s aan het eind van het jaar",
                "%(amount)s lopende trajecten %(name)s aan het eind van het jaar",
                "count",
            ),
            name=name,
        ),
    ]


def coaching(f: Figures, c: Context) -> list[str]:
    self_registered = (
        f["trajectories.settling_in.started_self_registered"]
        + f["trajectories.integration.started_self_registered"]
    )
    return keep(
        figure(
            f["trajectories.settling_in.started"],
            ngettext_lazy(
                "%(amount)s statushouder startte het traject coaching vestiging",
                "%(amount)s statushouders startten het traject coaching vestiging",
                "count",
            ),
        ),
        figure(
            f["trajectories.integration.started"],
            ngettext_lazy(
                "%(amount)s statushouder begon aan een traject coaching integratie",
                "%(amount)s statushouders begonnen aan een traject coaching integratie",
                "count",
            ),
        ),
        figure(
            self_registered,
            ngettext_lazy(
                "%(amount)s gestart traject van een zelfmelder",
                "%(amount)s gestarte trajecten van zelfmelders",
                "count",
            ),
        ),
        *trajectory_lines(f, "settling_in", SETTLING_IN),
        *trajectory_lines(f, "integration", INTEGRATION),
        when(
            f["contacts.by_trajectory_kind.settling_in"],
            sentence(
                counted(
                    f["contacts.by_trajectory_kind.settling_in"],
                    ngettext_lazy(
                        "Voor coaching vestiging was er %(amount)s individueel spreekuur.",
                        "Voor coaching vestiging waren er %(amount)s individuele spreekuren.",
                        "count",
                    ),
                )
            ),
        ),
        when(
            f["contacts.by_trajectory_kind.integration"],
            sentence(
                counted(
                    f["contacts.by_trajectory_kind.integration"],
                    ngettext_lazy(
                        "Voor coaching integratie was er in totaal %(amount)s spreekuur.",
                        "Voor coaching integratie waren er in totaal %(amount)s spreekuren.",
                        "count",
                    ),
                )
            ),
        ),
    )


def job_coaching(f: Figures, c: Context) -> list[str]:
    started = f["trajectories.job_coaching.started"]
    return keep(
        when(
            started,
            sentence(
                counted(
                    started,
                    ngettext_lazy(
                        "In de gemeente %(municipality)s is %(amount)s jobcoachtraject gestart.",
                        "In de gemeente %(municipality)s zijn %(amount)s jobcoachtrajecten "
                        "gestart.",
                        "count",
                    ),
                    municipality=c.municipality,
                )
            ),
        ),
        *trajectory_lines(f, "job_coaching", JOB_COACHING),
        figure(
            f["contacts.by_trajectory_kind.job_coaching"],
            ngettext_lazy(
                "%(amount)s gesprek met jobcoaches",
                "%(amount)s gesprekken met jobcoaches",
                "count",
            ),
        ),
    )


@dataclass(frozen=True)
class MatchWords:
    """``new_coaches``: the sentence on coaches who started; ``new_matches``: the figure of
    matches started (both ``ngettext_lazy(…, "count")``)."""

    role: str
    new_coaches: object
    new_matches: object


COHORT = (
    (
        "cohort_completed",
        ngettext_lazy("%(amount)s is afgerond", "%(amount)s zijn afgerond", "count"),
    ),
    (
        "cohort_extended",
        ngettext_lazy("%(amount)s is verlengd", "%(amount)s zijn verlengd", "count"),
    ),
    (
        "cohort_running",
        ngettext_lazy("%(amount)s loopt nog door", "%(amount)s lopen nog door", "count"),
    ),
    ("cohort_stopped", ngettext_lazy("%(amount)s is gestopt", "%(amount)s zijn gestopt", "count")),
)


def match_bullets(program: str, words: MatchWords) -> Callable[[Figures, Context], list[str]]:
    def bullets(f: Figures, c: Context) -> list[str]:
        m = f.under(f"matches.{program}")
        new_coaches = f[f"staff.started_by_role.{words.role}"]
        cohort = [counted(m.get(key, 0), outcome) for key, outcome in COHORT if m.get(key)]
        return keep(
            when(new_coaches, sentence(counted(new_coaches, words.new_coaches))),
            figure(m.get("started", 0), words.new_matches),
            when(
                any(cohort),
                _("Van de koppelingen die in %(year)s startten, %(outcomes)s.")
                % {"year": c.year, "outcomes": enumeration(cohort)},
            ),
            when(
                m["earlier_completed"],
                sentence(
                    counted(
                        m["earlier_completed"],
                        ngettext_lazy(
                            "Uit eerdere jaren is %(amount)s koppeling in %(year)s afgerond.",
                            "Uit eerdere jaren zijn %(amount)s koppelingen in %(year)s afgerond.",
                            "count",
                        ),
                        year=c.year,
                    )
                ),
            ),
            figure(
                m.get("waiting_end", 0),
                ngettext_lazy(
                    "%(amount)s kandidaat op de wachtlijst aan het eind van %(year)s",
                    "%(amount)s kandidaten op de wachtlijst aan het eind van %(year)s",
                    "count",
                ),
                year=c.year,
            ),
            when(
                m.get("volunteers", 0),
                counted(
                    m.get("volunteers", 0),
                    ngettext_lazy(
                        "Het traject is in %(year)s uitgevoerd door %(amount)s vrijwilliger.",
                        "Het traject is in %(year)s uitgevoerd door %(amount)s vrijwilligers.",
                        "count",
                    ),
                    year=c.year,
                ),
            ),
        )

    return bullets


@dataclass(frozen=True)
class GroupWords:
    """``participants``: the figure of participants (``ngettext_lazy(…, "count")``)."""

    participants: object
    groups_by: str = "groups_active"


GROUPS = ngettext_lazy("%(amount)s groep", "%(amount)s groepen", "count")


def group_bullets(program: str, words: GroupWords) -> Callable[[Figures, Context], list[str]]:
    def bullets(f: Figures, c: Context) -> list[str]:
        g = Figures(f.under(f"groups.{program}"))
        languages = [
            counted(
                count,
                ngettext_lazy(
                    "%(amount)s groep in het %(language)s",
                    "%(amount)s groepen in het %(language)s",
                    "count",
                ),
                leading=True,
                language=language_name(code),
            )
            for code, count in sorted(g.under("groups_started_by_language").items())
            if count
        ]
        levels = [
            f"{GroupLevel(code).label} ({number(count)})"
            for code, count in g.under("groups_active_end_by_level").items()
            if count and code in GroupLevel.values
        ]
        by_enrolments = g.under("participants_by_enrolments")
        groups_end = counted(g["groups_active_end"], GROUPS, leading=True)
        if g["groups_active_end_evening"]:
            groups_end = _("%(groups)s, waarvan %(evening)s") % {
                "groups": groups_end,
                "evening": counted(
                    g["groups_active_end_evening"],
                    ngettext_lazy("%(amount)s avondgroep", "%(amount)s avondgroepen", "count"),
                    leading=True,
                ),
            }
        if levels:
            groups_end += f" ({', '.join(levels)})"
        return keep(
            figure(g["participants"], words.participants),
            figure(
                g["participants_new"],
                ngettext_lazy(
                    "%(amount)s nieuwe deelnemer", "%(amount)s nieuwe deelnemers", "count"
                ),
            ),
            figure(g[words.groups_by], GROUPS),
            when(languages, enumeration(languages)),
            figure(
                g["sessions"],
                ngettext_lazy("%(amount)s bijeenkomst", "%(amount)s bijeenkomsten", "count"),
            ),
            figure(
                g["enrolments"],
                ngettext_lazy("%(amount)s plaatsing", "%(amount)s plaatsingen", "count"),
            ),
            figure(
                by_enrolments.get("2", 0),
                ngettext_lazy(
                    "%(amount)s deelnemer met een dubbele les",
                    "%(amount)s deelnemers met een dubbele les",
                    "count",
                ),
            ),
            figure(
                by_enrolments.get("3_or_more", 0),
                ngettext_lazy(
                    "%(amount)s deelnemer met drie of meer lessen",
                    "%(amount)s deelnemers met drie of meer lessen",
                    "count",
                ),
            ),
            figure(
                g["participants_civic_integration_required"],
                ngettext_lazy(
                    "%(amount)s inburgeringsplichtige",
                    "%(amount)s inburgeringsplichtigen",
                    "count",
                ),
            ),
            when(
                g.get("attendance_rate"),
                _("Opkomst %(rate)s") % {"rate": percentage(g.get("attendance_rate", 0))},
            ),
            when(
                g.get("avg_present_per_session"),
                _("Gemiddeld %(n)s deelnemers per bijeenkomst")
                % {"n": number(g.get("avg_present_per_session", 0))},
            ),
            when(
                g["groups_active_end"],
                _("Aan het eind van %(year)s: %(groups)s") % {"year": c.year, "groups": groups_end},
            ),
            figure(
                g["participants_active_end"],
                ngettext_lazy(
                    "%(amount)s deelnemer actief aan het eind van het jaar",
                    "%(amount)s deelnemers actief aan het eind van het jaar",
                    "count",
                ),
            ),
        )

    return bullets


PARTICIPANTS = ngettext_lazy("%(amount)s deelnemer", "%(amount)s deelnemers", "count")


def participation(f: Figures, c: Context) -> list[str]:
    signed = f["participation_statement.signed"]
    return group_bullets("participation_statement", GroupWords(PARTICIPANTS, "groups_started"))(
        f, c
    ) + keep(
        figure(
            signed,
            ngettext_lazy(
                "%(amount)s persoon tekende de participatieverklaring",
                "%(amount)s personen tekenden de participatieverklaring",
                "count",
            ),
        ),
    )


def role_noun(role: str, count: int) -> str:
    noun = ROLE_NOUNS.get(role)
    if noun is None:  # a role without its noun here: its label after the count
        return f"{in_words(count)} {StaffRoleCode(role).label}"
    return counted(count, noun)


ROLE_NOUNS = {
    "legal": ngettext_lazy(
        "%(amount)s juridisch medewerker", "%(amount)s juridisch medewerkers", "count"
    ),
    "social": ngettext_lazy(
        "%(amount)s maatschappelijk begeleider", "%(amount)s maatschappelijk begeleiders", "count"
    ),
    "housing_coach": ngettext_lazy(
        "%(amount)s coach huisvesting", "%(amount)s coaches huisvesting", "count"
    ),
    "reception": ngettext_lazy(
        "%(amount)s receptiemedewerker", "%(amount)s receptiemedewerkers", "count"
    ),
    "interpreter": ngettext_lazy("%(amount)s tolk", "%(amount)s tolken", "count"),
    "language_coach": ngettext_lazy("%(amount)s taalcoach", "%(amount)s taalcoaches", "count"),
    "job_coach": ngettext_lazy("%(amount)s jobcoach", "%(amount)s jobcoaches", "count"),
    "wegwijs_coach": ngettext_lazy(
        "%(amount)s coach Wegwijs", "%(amount)s coaches Wegwijs", "count"
    ),
    "class_assistant": ngettext_lazy(
        "%(amount)s klassenassistent", "%(amount)s klassenassistenten", "count"
    ),
    "trainer": ngettext_lazy("%(amount)s trainer", "%(amount)s trainers", "count"),
    "admin": ngettext_lazy(
        "%(amount)s administratief medewerker", "%(amount)s administratief medewerkers", "count"
    ),
    "team_leader": ngettext_lazy("%(amount)s teamleider", "%(amount)s teamleiders", "count"),
}
INTERN_NOUNS = {
    "intern_hbo": ngettext_lazy("%(amount)s hbo-stagiair", "%(amount)s hbo-stagiairs", "count"),
    "intern_mbo": ngettext_lazy("%(amount)s mbo-stagiair", "%(amount)s mbo-stagiairs", "count"),
}
NEW_INTERN_NOUNS = {
    "intern_hbo": ngettext_lazy(
        "%(amount)s nieuwe hbo-stagiair", "%(amount)s nieuwe hbo-stagiairs", "count"
    ),
    "intern_mbo": ngettext_lazy(
        "%(amount)s nieuwe mbo-stagiair", "%(amount)s nieuwe mbo-stagiairs", "count"
    ),
}
END_REASONS = {
    "paid_job": gettext_lazy("het vinden van een betaalde baan"),
    "illness": gettext_lazy("ziekte"),
    "moved": gettext_lazy("een verhuizing"),
    "other": gettext_lazy("een andere reden"),
}


def interns(values: dict, *, new: bool = False) -> list[str]:
    nouns = NEW_INTERN_NOUNS if new else INTERN_NOUNS
    return [counted(values.get(kind, 0), noun) for kind, noun in nouns.items() if values.get(kind)]


def roles(values: dict) -> list[str]:
    return [role_noun(role, count) for role, count in values.items() if count]


def team(f: Figures, c: Context) -> list[str]:
    paid, volunteers = f["staff.active.paid"], f["staff.active.volunteer"]
    roles_end = enumeration(roles(f.under("staff.active_end_by_role")))
    interns_end = enumeration(interns(f.under("staff.active_end")))
    started = enumeration(
        roles(f.under("staff.started_by_role")) + interns(f.under("staff.started"), new=True)
    )
    ended = enumeration(roles(f.under("staff.ended_by_role")))
    ended_count = sum(f.under("staff.ended_by_role").values())
    reasons = enumeration(
        counted(
            count,
            ngettext_lazy("%(amount)s keer %(reason)s", "%(amount)s keer %(reason)s", "count"),
            reason=END_REASONS.get(reason, reason),
        )
        for reason, count in f.under("staff.ended_by_reason").items()
        if count
    )
    interpreters = enumeration(
        counted(
            count,
            ngettext_lazy(
                "%(amount)s tolk Nederlands-%(language)s",
                "%(amount)s tolken Nederlands-%(language)s",
                "count",
            ),
            language=language_name(code),
        )
        for code, count in sorted(f.under("staff.interpreters_started_by_language").items())
        if count
    )
    trainings = ", ".join(
        f"{Course(course).label if course in Course.values else course} ({number(count)})"
        for course, count in sorted(f.under("staff.trainings_completed").items())
        if count
    )
    untrained = f["staff.volunteers_without_basic_training_end"]
    if reasons:
        left = ngettext(
            "In totaal heeft %(people)s de organisatie verlaten, met als reden %(reasons)s.",
            "In totaal hebben %(people)s de organisatie verlaten, met als reden %(reasons)s.",
            ended_count,
        )
    else:
        left = ngettext(
            "In totaal heeft %(people)s de organisatie verlaten.",
            "In totaal hebben %(people)s de organisatie verlaten.",
            ended_count,
        )
    return keep(
        when(
            paid,
            sentence(
                counted(
                    paid,
                    ngettext_lazy(
                        "Op de locatie is %(amount)s betaalde kracht werkzaam.",
                        "Op de locatie zijn %(amount)s betaalde krachten werkzaam.",
                        "count",
                    ),
                )
            ),
        ),
        when(
            volunteers,
            counted(
                volunteers,
                ngettext_lazy(
                    "In de loop van %(year)s was er %(amount)s vrijwilliger werkzaam bij "
                    "%(branch)s.",
                    "In de loop van %(year)s waren er %(amount)s vrijwilligers werkzaam bij "
                    "%(branch)s.",
                    "count",
                ),
                year=c.year,
                branch=c.branch,
            ),
        ),
        when(
            roles_end,
            (
                _("Aan het eind van %(year)s waren er %(roles)s, naast %(interns)s.")
                if interns_end
                else _("Aan het eind van %(year)s waren er %(roles)s.")
            )
            % {"year": c.year, "roles": roles_end, "interns": interns_end},
        ),
        when(
            started,
            _("In %(year)s zijn gestart: %(started)s.") % {"year": c.year, "started": started},
        ),
        when(ended, sentence(left % {"people": ended, "reasons": reasons})),
        when(
            interpreters,
            _("Daarnaast hebben we in %(year)s %(interpreters)s geworven.")
            % {"year": c.year, "interpreters": interpreters},
        ),
        when(trainings, _("Afgeronde trainingen: %(trainings)s") % {"trainings": trainings}),
        figure(
            untrained,
            ngettext_lazy(
                "%(amount)s vrijwilliger of stagiair heeft de introductiebijeenkomst of "
                "basiscursus nog niet gevolgd",
                "%(amount)s vrijwilligers en stagiairs hebben de introductiebijeenkomst of "
                "basiscursus nog niet gevolgd",
                "count",
            ),
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
ROUTE_NAMES = (
    ("b1", pgettext_lazy("leerroute", "B1-route")),
    ("education", pgettext_lazy("leerroute", "onderwijsroute")),
    ("z", pgettext_lazy("leerroute", "Z-route")),
)


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
        figure(
            f["housing.linked"],
            ngettext_lazy(
                "%(amount)s statushouder door het COA aan %(municipality)s gekoppeld",
                "%(amount)s statushouders door het COA aan %(municipality)s gekoppeld",
                "count",
            ),
            municipality=c.municipality,
        ),
        figure(
            housed,
            ngettext_lazy(
                "%(amount)s gekoppelde gehuisvest, waarvan %(within)s binnen 10 weken; "
                "gemiddeld na %(weeks)s weken",
                "%(amount)s gekoppelden gehuisvest, waarvan %(within)s binnen 10 weken; "
                "gemiddeld na %(weeks)s weken",
                "count",
            )
            if weeks is not None
            else ngettext_lazy(
                "%(amount)s gekoppelde gehuisvest, waarvan %(within)s binnen 10 weken",
                "%(amount)s gekoppelden gehuisvest, waarvan %(within)s binnen 10 weken",
                "count",
            ),
            within=number(within),
            weeks=number(weeks),
        ),
        figure(
            f["housing.linked_cancelled"],
            ngettext_lazy(
                "%(amount)s koppeling vervallen", "%(amount)s koppelingen vervallen", "count"
            ),
        ),
        when(
            waiting,
            counted(
                waiting,
                ngettext_lazy(
                    "Aan het eind van %(year)s wachtte %(amount)s gekoppelde op huisvesting, "
                    "van wie %(over)s langer dan 10 weken.",
                    "Aan het eind van %(year)s wachtten %(amount)s gekoppelden op huisvesting, "
                    "van wie %(over)s langer dan 10 weken.",
                    "count",
                )
                if over
                else ngettext_lazy(
                    "Aan het eind van %(year)s wachtte %(amount)s gekoppelde op huisvesting.",
                    "Aan het eind van %(year)s wachtten %(amount)s gekoppelden op huisvesting.",
                    "count",
                ),
                year=c.year,
                over=in_words(over),
            ),
        ),
        figure(
            f["wi2021.obligations"],
            ngettext_lazy(
                "%(amount)s nieuwe inburgeringsplichtige (Wet inburgering 2021)",
                "%(amount)s nieuwe inburgeringsplichtigen (Wet inburgering 2021)",
                "count",
            ),
        ),
        when(
            started or completed,
            counted(
                started,
                ngettext_lazy(
                    "%(amount)s brede intake gestart, %(completed)s afgerond",
                    "%(amount)s brede intakes gestart, %(completed)s afgerond",
                    "count",
                ),
                leading=True,
                completed=number(completed),
            ),
        ),
        figure(
            pips,
            ngettext_lazy(
                "%(amount)s persoonlijk plan (PIP) vastgesteld: %(routes)s; %(within)s binnen "
                "10 weken, gemiddeld na %(weeks)s weken",
                "%(amount)s persoonlijke plannen (PIP) vastgesteld: %(routes)s; %(within)s "
                "binnen 10 weken, gemiddeld na %(weeks)s weken",
                "count",
            )
            if pip_weeks is not None
            else ngettext_lazy(
                "%(amount)s persoonlijk plan (PIP) vastgesteld: %(routes)s; %(within)s binnen "
                "10 weken",
                "%(amount)s persoonlijke plannen (PIP) vastgesteld: %(routes)s; %(within)s "
                "binnen 10 weken",
                "count",
            ),
            routes=routes,
            within=number(f["wi2021.pips_within_10_weeks"]),
            weeks=number(pip_weeks),
        ),
        figure(
            f["wi2021.route_switches"],
            ngettext_lazy(
                "%(amount)s keer van leerroute gewisseld",
                "%(amount)s keer van leerroute gewisseld",
                "count",
            ),
        ),
        when(
            sum(running.values()),
            sentence(
                counted(
                    sum(running.values()),
                    ngettext_lazy(
                        "Aan het eind van %(year)s liep %(amount)s inburgering: %(routes)s.",
                        "Aan het eind van %(year)s liepen %(amount)s inburgeringen: %(routes)s.",
                        "count",
                    ),
                    year=c.year,
                    routes=by_route(running),
                )
            ),
        ),
        figure(
            f["wi2021.waiting_for_pip_end"],
            ngettext_lazy(
                "%(amount)s inburgeringsplichtige wachtte aan het eind van het jaar op een PIP",
                "%(amount)s inburgeringsplichtigen wachtten aan het eind van het jaar op hun PIP",
                "count",
            ),
        ),
        figure(
            f["wi2021.map_completed"],
            ngettext_lazy(
                "%(amount)s keer de MAP afgerond", "%(amount)s keer de MAP afgerond", "count"
            ),
        ),
        figure(
            f["wi2021.completed"],
            ngettext_lazy(
                "%(amount)s inburgering afgerond", "%(amount)s inburgeringen afgerond", "count"
            ),
        ),
        figure(
            f["wi2021.exempted"],
            ngettext_lazy(
                "%(amount)s ontheffing of vrijstelling",
                "%(amount)s ontheffingen of vrijstellingen",
                "count",
            ),
        ),
        figure(
            f["wi2021.unburdening_active_end"],
            ngettext_lazy(
                "%(amount)s inburgeraar aan het eind van het jaar ontzorgd (de gemeente "
                "betaalt de vaste lasten)",
                "%(amount)s inburgeraars aan het eind van het jaar ontzorgd (de gemeente "
                "betaalt de vaste lasten)",
                "count",
            ),
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
            MatchWords(
                "language_coach",
                ngettext_lazy(
                    "Er is %(amount)s nieuwe taalcoach gestart.",
                    "Er zijn %(amount)s nieuwe taalcoaches gestart.",
                    "count",
                ),
                ngettext_lazy(
                    "%(amount)s nieuw taalkoppel", "%(amount)s nieuwe taalkoppels", "count"
                ),
            ),
        ),
    ),
    Section(
        "job_coaching",
        "Jobcoaching",
        ("trajectories.job_coaching", "contacts.by_trajectory_kind.job_coaching"),
        job_coaching,
    ),
    Section("vip", "VIP", ("groups.vip",), group_bullets("vip", GroupWords(PARTICIPANTS))),
    Section(
        "wegwijs",
        "Wegwijs",
        ("matches.wegwijs", "staff.started_by_role.wegwijs_coach"),
        match_bullets(
            "wegwijs",
            MatchWords(
                "wegwijs_coach",
                ngettext_lazy(
                    "Er is %(amount)s nieuwe coach Wegwijs gestart.",
                    "Er zijn %(amount)s nieuwe coaches Wegwijs gestart.",
                    "count",
                ),
                ngettext_lazy(
                    "%(amount)s nieuwe koppeling", "%(amount)s nieuwe koppelingen", "count"
                ),
            ),
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
        group_bullets(
            "civic_integration",
            GroupWords(ngettext_lazy("%(amount)s cursist", "%(amount)s cursisten", "count")),
        ),
    ),
    Section(
        "language_centre",
        "Taalcentrum",
        ("groups.language_centre",),
        group_bullets(
            "language_centre",
            GroupWords(
                ngettext_lazy("%(amount)s unieke cursist", "%(amount)s unieke cursisten", "count")
            ),
        ),
    ),
    Section(
        "computer_class",
        "Computerlessen",
        ("groups.computer_class",),
        group_bullets("computer_class", GroupWords(PARTICIPANTS)),
    ),
    Section(
        "language_class",
        "Taalklassen",
        ("groups.language_class",),
        group_bullets("language_class", GroupWords(PARTICIPANTS)),
    ),
    Section("team", "Ons team", ("staff",), team),
)
