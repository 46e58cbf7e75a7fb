"""What the municipality sees for a month or half-year: aggregates only, small cells hidden.

The page shows fixed blocks of figures; each block lists the breakdowns whose
total is on the same page, so that :func:`suppress` can hide what would give a
small cell back. Keys come straight from the engine's dict.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.contacts.models import ContactKind, Topic
from koers.cooperation.models import OUTREACH_KINDS, ActivityKind
from koers.core.formatting import MONTH_NAMES
from koers.indicators.periods import Period
from koers.integration.models import Route
from koers.reports.content import label
from koers.reports.nationalities import people_of
from koers.reports.sections import Figures
from koers.reports.suppression import Breakdown, suppress

HOUSED = "housing.persons_housed"
# integration-2021.md: counts only (an average over a few people would tell about them)
LINKING = (
    "housing.linked",
    "housing.linked_housed",
    "housing.linked_housed_within_10_weeks",
    "housing.linked_cancelled",
    "housing.linked_waiting_end",
    "housing.linked_waiting_end_over_10_weeks",
)
WI2021 = (
    "wi2021.obligations",
    "wi2021.intakes_completed",
    "wi2021.pips",
    "wi2021.pips_within_10_weeks",
    "wi2021.waiting_for_pip_end",
    "wi2021.route_switches",
    "wi2021.map_completed",
    "wi2021.completed",
    "wi2021.exempted",
)
# "Of those, …" figures: the rest (housed later than 10 weeks, a PIP after 10 weeks, waiting
# less than 10 weeks) is never shown, but is a count of people all the same that subtraction
# would give: it is a cell of its own for the suppression, hidden from the page.
REST_OF = {
    "housing.linked_housed.rest": (
        "housing.linked_housed",
        "housing.linked_housed_within_10_weeks",
    ),
    "housing.linked_waiting_end.rest": (
        "housing.linked_waiting_end",
        "housing.linked_waiting_end_over_10_weeks",
    ),
    "wi2021.pips.rest": ("wi2021.pips", "wi2021.pips_within_10_weeks"),
}
# The quota and persons housed are reported against the quota anyway.
EXEMPT = frozenset({HOUSED, "housing.quota"})
# Cooperation and outreach (cooperation.md): activities by kind and their total, the
# sessions (two of those kinds) and their audience; small counts hidden as everywhere.
# The sums nest (activities = the meetings' kinds + sessions, sessions = the two outreach
# kinds), so that no hidden kind can be worked out through the two totals together.
ACTIVITY_KINDS = tuple(f"cooperation.by_kind.{kind}" for kind in ActivityKind.values)
OUTREACH = tuple(f"cooperation.by_kind.{kind}" for kind in OUTREACH_KINDS)
MEETINGS = tuple(key for key in ACTIVITY_KINDS if key not in OUTREACH)
COOPERATION = (
    "cooperation.activities",
    *ACTIVITY_KINDS,
    "cooperation.partners_met",
    "outreach.sessions",
    "outreach.people_reached",
)


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    shown: str


@dataclass(frozen=True)
class Block:
    title: str
    cells: list[Cell]


def parts(figures: Figures, prefix: str) -> tuple[str, ...]:
    return tuple(key for key in figures if key.startswith(f"{prefix}."))


def period_blocks(figures: dict) -> list[Block]:
    """The period page: housing, contacts, coaching and groups, suppressed as one page."""
    f = Figures(figures)
    nationalities = parts(f, "housing.by_nationality")
    routes = parts(f, "housing.by_route")
    kinds = tuple(f"contacts.by_kind.{kind}" for kind in ContactKind.values)
    topics = tuple(f"contacts.by_topic.{topic}" for topic in Topic.values)
    trajectories = tuple(
        key
        for key in f
        if key.startswith("trajectories.") and key.rsplit(".", 1)[1] in {"started", "ended"}
    )
    groups = tuple(
        key
        for key in f
        if key.startswith("groups.") and key.rsplit(".", 1)[1] in {"participants", "sessions"}
    )
    pip_routes = tuple(f"wi2021.pips_by_route.{route}" for route in Route.values)
    running_routes = tuple(f"wi2021.running_end_by_route.{route}" for route in Route.values)
    layout = [
        (
            _("Huisvesting"),
            (
                HOUSED,
                "housing.adults",
                "housing.children",
                "housing.male",
                "housing.female",
                "housing.sex_x",
                *routes,
                "housing.households_settled",
                "housing.households_single",
                "housing.households_family",
                "housing.dwellings_made_available",
            ),
        ),
        (_("Huisvesting naar nationaliteit"), nationalities),
        (_("Contacten"), ("contacts.total", *kinds)),
        (_("Vragen (onderwerpen van contacten)"), topics),
        (_("Trajecten"), trajectories),
        (_("Groepen en lessen"), groups),
        (_("Van koppeling tot huisvesting"), LINKING),
        (_("Inburgering (Wet inburgering 2021)"), (*WI2021, *pip_routes, *running_routes)),
        (_("Samenwerking en voorlichting"), COOPERATION),
    ]
    breakdowns = [
        Breakdown(HOUSED, ("housing.adults", "housing.children")),
        Breakdown(HOUSED, ("housing.male", "housing.female", "housing.sex_x")),
        Breakdown(HOUSED, nationalities),
        Breakdown(HOUSED, routes),
        Breakdown(
            "housing.households_settled",
            ("housing.households_single", "housing.households_family"),
        ),
        Breakdown("contacts.total", kinds),
        Breakdown("wi2021.pips", pip_routes),  # every PIP has one route
        *(Breakdown(total, (part, rest)) for rest, (total, part) in REST_OF.items()),
        Breakdown("cooperation.activities", (*MEETINGS, "outreach.sessions")),
        Breakdown("outreach.sessions", OUTREACH),
    ]
    values = {key: int(f[key]) for _, keys in layout for key in keys}
    values |= {rest: values[total] - values[part] for rest, (total, part) in REST_OF.items()}
    shown = suppress(values, [b for b in breakdowns if b.parts], EXEMPT)
    return [
        Block(title, [Cell(key, cell_label(key), shown[key]) for key in keys])
        for title, keys in layout
        if keys
    ]


def cell_label(key: str) -> str:
    if key.startswith("housing.by_nationality."):
        return people_of(key.rsplit(".", 1)[1]).capitalize()
    return label(key)


@dataclass(frozen=True)
class TopicRow:
    topic: str
    label: str
    months: list[str]
    total: str


def topic_rows(year_figures: dict, monthly: list[dict]) -> list[TopicRow]:
    """Contact topics per month of a year, with the year's total per topic; each topic's
    months and total form one breakdown, so a hidden month cannot be subtracted back."""
    values: dict[str, int] = {}
    breakdowns = []
    for topic in Topic.values:
        total_key = f"{topic}@year"
        values[total_key] = int(year_figures.get(f"contacts.by_topic.{topic}", 0))
        month_keys = tuple(f"{topic}@{m}" for m in range(1, 13))
        for m, month in enumerate(monthly, start=1):
            values[f"{topic}@{m}"] = int(month.get(f"contacts.by_topic.{topic}", 0))
        breakdowns.append(Breakdown(total_key, month_keys))
    shown = suppress(values, breakdowns)
    return [
        TopicRow(
            topic=topic,
            label=Topic(topic).label,
            months=[shown[f"{topic}@{m}"] for m in range(1, 13)],
            total=shown[f"{topic}@year"],
        )
        for topic in Topic.values
    ]


def period_from(year: int, code: str) -> Period:
    """``H1``/``H2`` (the quota's half-years) or ``M01``…``M12``; ValueError otherwise."""
    if code in {"H1", "H2"}:
        return Period.half(year, int(code[1]))
    if len(code) == 3 and code[0] == "M" and code[1:].isdigit() and 1 <= int(code[1:]) <= 12:
        return Period.month(year, int(code[1:]))
    raise ValueError(code)


PERIOD_CHOICES = [("H1", gettext_lazy("1e halfjaar")), ("H2", gettext_lazy("2e halfjaar"))] + [
    (f"M{m:02d}", MONTH_NAMES[m]) for m in range(1, 13)
]
