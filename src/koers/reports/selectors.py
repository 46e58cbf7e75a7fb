"""Reads for the reports: who may open which branch's report, and the figures behind it.

Who reaches what is composed from core.scoping, not restated: the yearly report of
a branch is for users who see both its aggregates and its branch records (team
leaders: their own; regional managers: their region); editing its story also
needs write access (so not regional managers); the municipality view is for
anyone who sees the branch's aggregates (the municipality viewer above all).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404

from koers.core.actors import Actor
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import aggregate_location_ids
from koers.indicators import facts, registry
from koers.indicators.periods import Period
from koers.reports.content import INTRO, Inputs, build_report, display, label
from koers.reports.exporters import Document
from koers.reports.models import PublishedReport, ReportNarrative
from koers.reports.sections import SECTIONS
from koers.reports.titles import report_title

# The version of indicators.md the figures follow ("version 1" until the registry says more).
DEFINITIONS_VERSION = registry.DEFINITIONS_VERSION
MONTHLY_KEYS = ("housing.persons_housed", "housing.backlog_end")
QUOTA_KEYS = ("housing.quota", "housing.persons_housed", "housing.backlog_end")
NARRATIVE_TITLES = {INTRO: "Inleiding", **{section.code: section.title for section in SECTIONS}}


def report_locations(user: Actor) -> QuerySet[Location]:
    """Branches whose yearly report (with its story) the user may open."""
    return Location.objects.for_user(user).filter(pk__in=aggregate_location_ids(user))


def narrative_locations(user: Actor) -> QuerySet[Location]:
    """Branches whose report story the user may write (team leaders of the branch)."""
    return Location.objects.for_user(user, write=True).filter(pk__in=aggregate_location_ids(user))


def municipality_locations(user: Actor) -> QuerySet[Location]:
    """Branches whose aggregate figures the user may see: the municipality's own branch."""
    return Location.objects.filter(pk__in=aggregate_location_ids(user))


def get_location(locations: QuerySet[Location], uid: str) -> Location:
    """One of ``locations`` by uid, else 404 (the same for "missing" and "not yours")."""
    location = locations.filter(uid=uid).first()
    if location is None:
        raise Http404
    return location


def regions_for(user: Actor) -> list[str]:
    """Regions of which the user may see every branch's report."""
    reachable = set(report_locations(user).values_list("pk", flat=True))
    regions = (
        Location.objects.filter(pk__in=reachable)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )
    return [
        region
        for region in regions
        if reachable.issuperset(Location.objects.filter(region=region).values_list("pk", flat=True))
    ]


def figures_for(locations: Iterable[Location] | QuerySet[Location], period: Period) -> dict:
    """The engine's figures, read from the facts (docs/indicators.md, "Facts")."""
    return facts.read(locations=locations, periods=[period]).values[0]


def monthly_figures(locations: Iterable[Location] | QuerySet[Location], year: int) -> list[dict]:
    """The few keys the monthly chart needs, for each month of the year (one set of queries
    for all twelve, and only those behind these keys)."""
    months = [Period.month(year, month) for month in range(1, 13)]
    return facts.read(locations=locations, periods=months, keys=MONTHLY_KEYS).values


def topic_figures(
    locations: Iterable[Location] | QuerySet[Location], year: int
) -> tuple[dict, list[dict]]:
    """Contacts per topic for the year and for each of its months, in one series."""
    periods = [Period.year(year), *(Period.month(year, month) for month in range(1, 13))]
    year_values, *months = facts.read(
        locations=locations, periods=periods, keys=["contacts.by_topic.{topic}"]
    ).values
    return year_values, months


def narrative_texts(location: Location, year: int) -> dict[str, str]:
    return dict(
        ReportNarrative.objects.filter(location=location, year=year).values_list("section", "text")
    )


def section_details(
    locations: Iterable[Location] | QuerySet[Location], year: int
) -> dict[str, dict]:
    """The names and titles of the sections that have them (``Section.details``)."""
    period = Period.year(year)
    return {
        section.code: section.details(locations=locations, period=period)
        for section in SECTIONS
        if section.details is not None
    }


def live_inputs(location: Location, year: int, *, months: bool = True) -> Inputs:
    """Today's figures for the branch's year, the year before, and (``months``) each month;
    compared with the latest published edition, if there is one."""
    figures, previous = facts.read(
        locations=[location], periods=[Period.year(year), Period.year(year - 1)]
    ).values
    edition = latest_edition(location, year)
    return Inputs(
        figures=figures,
        previous=previous,
        monthly=monthly_figures([location], year) if months else [],
        narrative=narrative_texts(location, year),
        details=section_details([location], year),
        published=edition.figures if edition else None,
        today=figures,
    )


def edition_inputs(edition: PublishedReport) -> Inputs:
    """A published edition's frozen figures, compared with today's."""
    return Inputs(
        figures=edition.figures,
        previous=edition.previous_figures,
        monthly=edition.monthly,
        narrative=edition.narrative,
        details=edition.details,
        published=edition.figures,
        today=figures_for([edition.location], Period.year(edition.year)),
    )


def document(
    location: Location, inputs: Inputs, year: int, edition: PublishedReport | None = None
) -> Document:
    content = build_report(
        municipality=location.municipality, branch=location.name, year=year, inputs=inputs
    )
    version = edition.definitions_version if edition else DEFINITIONS_VERSION
    return Document(location, content, inputs, version, edition)


def live_document(location: Location, year: int, *, months: bool = True) -> Document:
    return document(location, live_inputs(location, year, months=months), year)


def edition_document(edition: PublishedReport) -> Document:
    return document(edition.location, edition_inputs(edition), edition.year, edition)


def editions(location: Location, year: int | None = None) -> QuerySet[PublishedReport]:
    found = PublishedReport.objects.filter(location=location).select_related("published_by")
    return found.filter(year=year) if year is not None else found


def latest_edition(location: Location, year: int) -> PublishedReport | None:
    return editions(location, year).order_by("-edition").first()


@dataclass(frozen=True)
class Draft:
    """A section's story as the editor shows it: text, version for locking, past versions."""

    section: str
    title: str
    narrative: ReportNarrative | None
    history: list[ChangeLogEntry]

    @property
    def text(self) -> str:
        return self.narrative.text if self.narrative else ""

    @property
    def version(self) -> int:
        return self.narrative.version if self.narrative else 0


def drafts(location: Location, year: int, titles: dict[str, str]) -> list[Draft]:
    """Every section's draft with its history (newest first), in two queries."""
    stored = {
        narrative.section: narrative
        for narrative in ReportNarrative.objects.filter(location=location, year=year)
    }
    history: dict[int, list[ChangeLogEntry]] = {}
    entries = ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ReportNarrative),
        object_id__in=[narrative.pk for narrative in stored.values()],
    ).select_related("user")
    for entry in entries:
        history.setdefault(entry.object_id, []).append(entry)
    return [
        Draft(
            section=code,
            title=title,
            narrative=stored.get(code),
            history=history.get(stored[code].pk, []) if code in stored else [],
        )
        for code, title in titles.items()
    ]


@dataclass(frozen=True)
class RegionRow:
    key: str
    label: str
    values: list[str]
    total: str
    numbers: tuple = ()  # the same figures as numbers (None: none), for the XLSX download
    number_total: float | None = None


@dataclass(frozen=True)
class RegionTable:
    branches: list[Location]
    sections: list[tuple[str, list[RegionRow]]]
    as_of: datetime.datetime | None = None  # figures as stored then ("stand van")


def region_table(region: str, year: int) -> RegionTable:
    """Every branch of the region side by side; the total is the engine's region figure
    (distinct counts over the union, rates from summed parts), not a sum made here. Read
    from the facts in a fixed number of queries; stale ones that do not fit the time
    budget are read as stored, and ``as_of`` says from when."""
    branches = list(Location.objects.filter(region=region).order_by("name"))
    period = Period.year(year)
    each = facts.each(locations=branches, period=period)
    region_read = facts.read(locations=branches, periods=[period])
    moments = [moment for moment in (each.as_of, region_read.as_of) if moment is not None]
    sections = region_sections(each.values, region_read.values[0])
    return RegionTable(branches, sections, min(moments, default=None))


def region_sections(per_branch: list[dict], total: dict) -> list[tuple[str, list[RegionRow]]]:
    """Per report section, a row for each of its figures that is not zero in the region."""
    sections = []
    for section in SECTIONS:
        rows = [
            RegionRow(
                key=key,
                label=label(key),
                values=[display(key, values.get(key)) for values in per_branch],
                total=display(key, value),
                numbers=tuple(values.get(key) for values in per_branch),
                number_total=value,
            )
            for key, value in total.items()
            if section.owns(key) and value
        ]
        if rows:
            sections.append((report_title(section.title), rows))
    return sections


@dataclass(frozen=True)
class HalfYear:
    period: Period
    quota: float  # counts (a figure is an int, or a float where it is a share)
    housed: float
    backlog_end: float | None


def quota_progress(location: Location, year: int) -> list[HalfYear]:
    """The quota's half-years of the year and the year before: quota, housed, backlog."""
    halves = [Period.half(y, h) for y in (year - 1, year) for h in (1, 2)]
    series = facts.read(locations=[location], periods=halves, keys=QUOTA_KEYS).values
    return [
        HalfYear(
            period=period,
            quota=figures.get("housing.quota", 0),
            housed=figures.get("housing.persons_housed", 0),
            backlog_end=figures.get("housing.backlog_end"),
        )
        for period, figures in zip(halves, series, strict=True)
    ]
