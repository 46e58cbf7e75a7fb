"""The yearly report as content: title, opening, sections, tables, charts, targets.

Built from figures (the engine's dicts, live or frozen in an edition), the narrative
texts and the sections' details (names and titles, likewise live or frozen), so that
the HTML page, the PDF, the XLSX and the JSON all show the same thing.
Nothing here touches the database.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext, pgettext

from koers.core.formatting import number_text as number
from koers.core.formatting import percent_text  # the one number format
from koers.indicators.registry import INDICATORS, label_for, match
from koers.reports.charts import (
    BLUE,
    GREEN,
    PALETTE,
    Chart,
    grouped_bars,
    horizontal_bars,
    housed_against_quota,
)
from koers.reports.nationalities import people_of
from koers.reports.sections import (
    INTEGRATION,
    JOB_COACHING,
    ROUTE_NAMES,
    SECTIONS,
    SETTLING_IN,
    Context,
    Figures,
    Section,
)
from koers.reports.titles import report_title
from koers.reports.wording import in_words, signed

INTRO = "intro"
TRAJECTORY_KINDS = (
    ("settling_in", SETTLING_IN),
    ("integration", INTEGRATION),
    ("job_coaching", JOB_COACHING),
)


@dataclass(frozen=True)
class Inputs:
    """What one report is made of: the year's figures, the year before, and each month's."""

    figures: dict
    previous: dict
    monthly: list[dict]
    narrative: dict[str, str] = field(default_factory=dict)
    details: dict[str, dict] = field(default_factory=dict)  # per section: ``Section.details``
    published: dict | None = None  # the latest edition's frozen figures …
    today: dict | None = None  # … and today's: their difference is "since publication"


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    value: str
    previous: str
    change: str
    since_publication: str = ""


@dataclass(frozen=True)
class PivotRow:
    label: str
    cells: list[FigureRow | None]  # one per column; None: no such figure for this row


@dataclass(frozen=True)
class Pivot:
    """A breakdown's figures side by side: one row per code (a role, a kind), one column
    per figure of it (started, active, ended …), where the plain table had a row for each
    combination (the staff's 70 rows "by role" become 18 rows of 4)."""

    columns: list[str]
    rows: list[PivotRow]


@dataclass(frozen=True)
class SectionContent:
    code: str
    title: str
    bullets: list[str]
    rows: list[FigureRow]
    narrative: str
    charts: list[Chart]
    highlights: list[FigureRow] = field(default_factory=list)  # the few figures in the section
    plain_rows: list[FigureRow] = field(default_factory=list)  # the appendix: rows …
    pivots: list[Pivot] = field(default_factory=list)  # … and breakdowns side by side

    @property
    def chart(self) -> Chart | None:
        """The one chart of the section in the report's body (the others: the appendix)."""
        return self.charts[0] if self.charts else None

    @property
    def more_charts(self) -> list[Chart]:
        return self.charts[1:]


@dataclass(frozen=True)
class KeyFigure:
    """A figure of the summary: a big number, what it is, and a line of context."""

    key: str
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class TargetRow:
    key: str
    label: str
    target: str
    actual: str
    met: bool


@dataclass(frozen=True)
class ReportContent:
    title: str
    opening: str
    intro: str
    sections: list[SectionContent]
    targets: list[TargetRow]
    year: int
    municipality: str
    branch: str
    key_figures: list[KeyFigure] = field(default_factory=list)
    summary_charts: list[Chart] = field(default_factory=list)

    def appendix_cells(self) -> list[tuple[str, str, str]]:
        """``(key, row label, shown value)`` of every figure in the appendix, plain or in a
        breakdown side by side: what a reader finds there (and what the tests check)."""
        cells = []
        for section in self.sections:
            cells += [(row.key, row.label, row.value) for row in section.plain_rows]
            for pivot in section.pivots:
                for pivot_row in pivot.rows:
                    cells += [
                        (cell.key, pivot_row.label, cell.value)
                        for cell in pivot_row.cells
                        if cell is not None
                    ]
        return cells


def label(key: str) -> str:
    """The registry's Dutch label; a key it no longer knows (an old edition) shows as itself."""
    try:
        return str(label_for(key))
    except KeyError:
        return key


def display(key: str, value) -> str:
    if value is None:
        return ""
    if key.endswith("_rate"):
        return percent_text(value, 1)
    return number(value)


def difference(key: str, value, other) -> str:
    if value is None or other is None:
        return ""
    if key.endswith("_rate"):
        return gettext("%(change)s procentpunt") % {
            "change": signed(round((value - other) * 100, 1))
        }
    return signed(value - other)


def rows_for(section: Section, inputs: Inputs) -> list[FigureRow]:
    keys = [key for key in inputs.figures if section.owns(key)]
    keys += [key for key in inputs.previous if section.owns(key) and key not in inputs.figures]
    published = inputs.published if inputs.today is not None else None
    rows = []
    for key in keys:
        value, before = inputs.figures.get(key), inputs.previous.get(key)
        # a figure corrected to nothing since publication keeps its row: the difference shows
        if not value and not before and not (published or {}).get(key):
            continue
        since = ""
        if inputs.published is not None and inputs.today is not None:
            since = difference(key, inputs.today.get(key, 0), inputs.published.get(key, 0))
            since = "" if since == "0" else since
        rows.append(
            FigureRow(
                key=key,
                label=label(key),
                value=display(key, value if value is not None else 0),
                previous=display(key, before),
                change=difference(key, value or 0, before),
                since_publication=since,
            )
        )
    return rows


PIVOT_MAX_COLUMNS = 6  # wider than this does not fit an A4 page: rows stay rows


def breakdown_of(key: str) -> tuple[str, str, str, str] | None:
    """``(group, column, code, code's label)`` of a key with one placeholder (a breakdown),
    e.g. ``staff.started_by_role.social`` → ``("staff/role", "staff.started_by_role.{role}",
    "social", "maatschappelijk begeleider")``; else None."""
    found = match(key)
    if found is None or len(found[1]) != 1:
        return None
    indicator, codes = found
    (name, code), *_ = codes.items()
    code_list = indicator.codes[name]
    # side by side only over one code list (contacts by kind and by trajectory kind are not)
    same_codes = ",".join(code_list.labels) if code_list.is_fixed else indicator.key
    group = f"{key.split('.')[0]}/{name}/{same_codes}"
    return group, indicator.key, code, code_list.label(code)


def column_title(pattern: str) -> str:
    """ "Ingestroomd als {role}" → "Ingestroomd als"; "Actief: {kind}" → "Actief"."""
    found = match_pattern(pattern)
    text = str(found.label) if found else pattern
    return " ".join(part for part in re.split(r"\{\w+\}", text)).strip(" :")


def match_pattern(pattern: str):
    return next((indicator for indicator in INDICATORS if indicator.key == pattern), None)


def side_by_side(rows: list[FigureRow]) -> tuple[list[FigureRow], list[Pivot]]:
    """The appendix of a section: the figures of a breakdown with two or more figures per
    code (and two or more codes) side by side, every other figure a row of its own."""
    groups: dict[str, dict] = {}
    for row in rows:
        found = breakdown_of(row.key)
        if found is None:
            continue
        group, column, code, code_label = found
        entry = groups.setdefault(group, {"columns": [], "codes": {}, "cells": {}})
        if column not in entry["columns"]:
            entry["columns"].append(column)
        entry["codes"].setdefault(code, code_label)
        entry["cells"][(code, column)] = row
    pivots, pivoted = [], set()
    for entry in groups.values():
        columns, codes = entry["columns"], entry["codes"]
        if len(columns) < 2 or len(codes) < 2 or len(columns) > PIVOT_MAX_COLUMNS:
            continue
        pivots.append(
            Pivot(
                columns=[column_title(column) for column in columns],
                rows=[
                    PivotRow(
                        label=code_label,
                        cells=[entry["cells"].get((code, column)) for column in columns],
                    )
                    for code, code_label in codes.items()
                ],
            )
        )
        pivoted |= {row.key for row in entry["cells"].values()}
    return [row for row in rows if row.key not in pivoted], pivots


def highlights(rows: list[FigureRow], count: int = 4) -> list[FigureRow]:
    """The few figures a section shows in the body: its first figures that are no breakdown
    and not zero (the appendix has them all)."""
    plain = [row for row in rows if breakdown_of(row.key) is None and row.value not in ("0", "")]
    return plain[:count]


def opening(figures: Figures, context: Context) -> str:
    """The seeds' first paragraph: persons housed, and the backlog against the quota."""
    housed = figures["housing.persons_housed"]
    text = ngettext(
        "In %(municipality)s is in %(year)s, in samenwerking met de gemeente, %(amount)s "
        "statushouder gehuisvest.",
        "In %(municipality)s zijn in %(year)s, in samenwerking met de gemeente, %(amount)s "
        "statushouders gehuisvest.",
        housed,
    ) % {"municipality": context.municipality, "year": context.year, "amount": number(housed)}
    backlog = figures.get("housing.backlog_end")
    if backlog is None:
        return text
    if backlog == 0:
        return " ".join(
            [
                text,
                gettext(
                    "Daarmee heeft de gemeente precies voldaan aan de door het Rijk "
                    "vastgestelde taakstelling."
                ),
            ]
        )
    said = (
        gettext(
            "Daarmee heeft de gemeente een achterstand (van %(n)s) op de door het Rijk "
            "vastgestelde taakstelling."
        )
        if backlog > 0
        else gettext(
            "Daarmee heeft de gemeente een voorsprong (van %(n)s) op de door het Rijk "
            "vastgestelde taakstelling."
        )
    )
    parts = [text, said % {"n": in_words(abs(backlog))}]
    start = figures.get("housing.backlog_start")
    if start:
        said = (
            gettext("Aan het begin van %(year)s was dat een achterstand van %(n)s.")
            if start > 0
            else gettext("Aan het begin van %(year)s was dat een voorsprong van %(n)s.")
        )
        parts.append(said % {"year": context.year, "n": in_words(abs(start))})
    return " ".join(parts)


def topic_name(topic: str) -> str:
    """A topic of contacts as a chart names it: the registry's label without "Contacten over"."""
    prefix = gettext("Contacten over {topic}").split("{topic}")[0]
    return label(f"contacts.by_topic.{topic}").removeprefix(prefix)


def monthly_chart(year: int, monthly: list[dict]) -> Chart | None:
    return housed_against_quota(
        "chart-housed",
        year,
        [month.get("housing.persons_housed", 0) for month in monthly],
        [month.get("housing.backlog_end") for month in monthly],
    )


def charts_for(section: Section, figures: Figures, inputs: Inputs, year: int) -> list[Chart]:
    made = {
        "housed_per_month": lambda: monthly_chart(year, inputs.monthly),
        "nationalities": lambda: horizontal_bars(
            "chart-nationalities",
            gettext("Gehuisvest in %(year)s naar nationaliteit") % {"year": year},
            sorted(
                (
                    (people_of(code), count)
                    for code, count in figures.under("housing.by_nationality").items()
                ),
                key=lambda item: (-item[1], item[0]),
            ),
        ),
        "topics": lambda: horizontal_bars(
            "chart-topics",
            gettext("Contacten in %(year)s per onderwerp") % {"year": year},
            sorted(
                (
                    (topic_name(topic), count)
                    for topic, count in figures.under("contacts.by_topic").items()
                ),
                key=lambda item: (-item[1], item[0]),
            ),
        ),
        "trajectories": lambda: grouped_bars(
            "chart-trajectories",
            gettext("Trajecten gestart en beëindigd in %(year)s") % {"year": year},
            [str(name) for _, name in TRAJECTORY_KINDS],
            [
                (
                    pgettext("grafiek", "Gestart"),
                    [figures[f"trajectories.{kind}.started"] for kind, _ in TRAJECTORY_KINDS],
                ),
                (
                    pgettext("grafiek", "Beëindigd"),
                    [figures[f"trajectories.{kind}.ended"] for kind, _ in TRAJECTORY_KINDS],
                ),
            ],
        ),
    }
    made |= wi2021_charts(figures, year)
    charts = [
        made[code]() for code in section.charts if inputs.monthly or code != "housed_per_month"
    ]
    return [chart for chart in charts if chart is not None]


def wi2021_charts(figures: Figures, year: int) -> dict:
    """The section "Van koppeling tot inburgering": the pipeline and the routes."""
    return {
        "wi2021_pipeline": lambda: horizontal_bars(
            "chart-wi2021-pipeline",
            gettext("Van koppeling tot huisvesting in %(year)s") % {"year": year},
            [
                (pgettext("grafiek", "gekoppeld"), figures["housing.linked"]),
                (pgettext("grafiek", "gehuisvest"), figures["housing.linked_housed"]),
                (
                    pgettext("grafiek", "binnen 10 weken"),
                    figures["housing.linked_housed_within_10_weeks"],
                ),
                (pgettext("grafiek", "vervallen"), figures["housing.linked_cancelled"]),
                (pgettext("grafiek", "wacht aan het eind"), figures["housing.linked_waiting_end"]),
                (
                    pgettext("grafiek", "wacht langer dan 10 weken"),
                    figures["housing.linked_waiting_end_over_10_weeks"],
                ),
            ],
        ),
        "wi2021_routes": lambda: grouped_bars(
            "chart-wi2021-routes",
            gettext("Leerroutes in %(year)s") % {"year": year},
            [str(name) for _, name in ROUTE_NAMES],
            [
                (
                    pgettext("grafiek", "Nieuw persoonlijk plan"),
                    [figures[f"wi2021.pips_by_route.{c}"] for c, _ in ROUTE_NAMES],
                ),
                (
                    pgettext("grafiek", "Loopt aan het eind"),
                    [figures[f"wi2021.running_end_by_route.{c}"] for c, _ in ROUTE_NAMES],
                ),
            ],
        ),
    }


def figures_chart(
    code: str, title: str, rows: list[FigureRow], figures: dict, year: int
) -> Chart | None:
    """A section without a chart of its own gets its highlights as bars (whole counts only:
    a percentage or an average is no bar next to a count)."""
    return horizontal_bars(
        f"chart-{code}",
        gettext("%(title)s: kerncijfers %(year)s") % {"title": title, "year": year},
        [
            (row.label, figures.get(row.key))
            for row in rows
            if isinstance(figures.get(row.key), int) and "avg" not in row.key
        ],
        colour=PALETTE[hash_index(code)],
    )


def hash_index(code: str) -> int:
    """A section's colour, the same on every run (``hash()`` of a str is salted)."""
    return sum(map(ord, code)) % len(PALETTE)


def key_figures(figures: Figures) -> list[KeyFigure]:
    """The summary's big numbers: housing against the quota, contacts, coaching, volunteers
    (sums over the kinds of a figure are sums of figures; nothing is counted here)."""
    backlog = figures.get("housing.backlog_end")
    if backlog is None:
        quota_note = gettext("taakstelling %(n)s") % {"n": number(figures["housing.quota"])}
    elif backlog >= 0:
        quota_note = gettext("achterstand op de taakstelling aan het eind: %(n)s") % {
            "n": number(backlog)
        }
    else:
        quota_note = gettext("voorsprong op de taakstelling aan het eind: %(n)s") % {
            "n": number(-backlog)
        }
    kinds = [kind for kind, _ in TRAJECTORY_KINDS]
    started = sum(figures[f"trajectories.{kind}.started"] for kind in kinds)
    running = sum(figures[f"trajectories.{kind}.active_end"] for kind in kinds)
    matches = sum(
        value
        for key, value in figures.items()
        if key.startswith("matches.") and key.endswith(".active_during")
    )
    found = [
        KeyFigure(
            "housing.persons_housed",
            gettext("statushouders gehuisvest"),
            number(figures["housing.persons_housed"]),
            quota_note,
        ),
        KeyFigure(
            "housing.households_settled",
            gettext("huishoudens gevestigd"),
            number(figures["housing.households_settled"]),
            ngettext("in %(n)s woning", "in %(n)s woningen", figures["housing.dwellings_used"])
            % {"n": number(figures["housing.dwellings_used"])},
        ),
        KeyFigure(
            "contacts.total",
            gettext("contacten"),
            number(figures["contacts.total"]),
            ngettext("met %(n)s cliënt", "met %(n)s cliënten", figures["contacts.persons"])
            % {"n": number(figures["contacts.persons"])},
        ),
        KeyFigure(
            "trajectories",
            gettext("trajecten begeleiding gestart"),
            number(started),
            ngettext(
                "%(n)s loopt aan het eind van het jaar",
                "%(n)s lopen aan het eind van het jaar",
                running,
            )
            % {"n": number(running)},
        ),
        KeyFigure(
            "staff.active.volunteer",
            gettext("vrijwilligers actief"),
            number(figures["staff.active.volunteer"]),
            gettext("%(n)s nieuw ingestroomd") % {"n": number(figures["staff.started.volunteer"])},
        ),
        KeyFigure(
            "matches",
            gettext("koppelingen actief"),
            number(matches),
            gettext("taalcoaching, Wegwijs e.a."),
        ),
    ]
    return [figure for figure in found if figure.value != "0"]


def summary_charts(figures: Figures, year: int) -> list[Chart]:
    """The summary's four charts: housing against the quota, people coached, contacts by
    topic (the eight largest), volunteers and staff."""
    quota_items = [
        (pgettext("grafiek", "taakstelling dit jaar"), figures["housing.quota"]),
        (
            pgettext("grafiek", "achterstand bij begin"),
            max(figures.get("housing.backlog_start") or 0, 0),
        ),
        (pgettext("grafiek", "gehuisvest"), figures["housing.persons_housed"]),
        (
            pgettext("grafiek", "achterstand aan het eind"),
            max(figures.get("housing.backlog_end") or 0, 0),
        ),
    ]
    kinds = [(kind, str(name)) for kind, name in TRAJECTORY_KINDS]
    staff_kinds = [
        ("volunteer", pgettext("grafiek", "vrijwilligers")),
        ("intern_hbo", pgettext("grafiek", "hbo-stagiairs")),
        ("intern_mbo", pgettext("grafiek", "mbo-stagiairs")),
        ("paid", pgettext("grafiek", "betaalde krachten")),
    ]
    staff_kinds = [(c, n) for c, n in staff_kinds if figures[f"staff.active.{c}"]]
    topics = sorted(
        ((topic_name(topic), count) for topic, count in figures.under("contacts.by_topic").items()),
        key=lambda item: (-item[1], item[0]),
    )
    charts = [
        horizontal_bars(
            "summary-quota",
            gettext("Taakstelling en huisvesting %(year)s") % {"year": year},
            quota_items,
            colour=BLUE,
        ),
        grouped_bars(
            "summary-staff",
            gettext("Vrijwilligers en medewerkers in %(year)s") % {"year": year},
            [name for _, name in staff_kinds],
            [
                (
                    pgettext("grafiek", "Actief"),
                    [figures[f"staff.active.{c}"] for c, _ in staff_kinds],
                ),
                (
                    pgettext("grafiek", "Ingestroomd"),
                    [figures[f"staff.started.{c}"] for c, _ in staff_kinds],
                ),
                (
                    pgettext("grafiek", "Uitgestroomd"),
                    [figures[f"staff.ended.{c}"] for c, _ in staff_kinds],
                ),
            ],
        )
        if staff_kinds
        else None,
        grouped_bars(
            "summary-coaching",
            gettext("Begeleiding in %(year)s: trajecten") % {"year": year},
            [name for _, name in kinds],
            [
                (
                    pgettext("grafiek", "Gestart"),
                    [figures[f"trajectories.{k}.started"] for k, _ in kinds],
                ),
                (
                    pgettext("grafiek", "Beëindigd"),
                    [figures[f"trajectories.{k}.ended"] for k, _ in kinds],
                ),
                (
                    pgettext("grafiek", "Lopend aan het eind"),
                    [figures[f"trajectories.{k}.active_end"] for k, _ in kinds],
                ),
            ],
        ),
        horizontal_bars(
            "summary-topics",
            gettext("Contacten in %(year)s: de meest gestelde vragen") % {"year": year},
            topics[:8],
            colour=GREEN,
        ),
    ]
    return [chart for chart in charts if chart is not None]


def target_rows(figures: dict) -> list[TargetRow]:
    rows = []
    for key, value in figures.items():
        if key.startswith("targets.") and key.endswith(".target"):
            indicator = key.removeprefix("targets.").removesuffix(".target")
            actual = figures.get(f"targets.{indicator}.actual")
            rows.append(
                TargetRow(
                    key=indicator,
                    label=label(indicator),
                    target=display(indicator, value),
                    actual=display(indicator, actual),
                    met=bool(figures.get(f"targets.{indicator}.met")),
                )
            )
    return rows


def build_report(*, municipality: str, branch: str, year: int, inputs: Inputs) -> ReportContent:
    figures = Figures(inputs.figures)
    context = Context(municipality=municipality, branch=branch, year=year, details=inputs.details)
    sections = [
        section_content(section, figures, context, inputs)
        for section in SECTIONS
        if section.is_present(figures, inputs.details)
    ]
    return ReportContent(
        title=gettext("%(municipality)s: %(year)s in cijfers")
        % {"municipality": municipality, "year": year},
        opening=opening(figures, context),
        intro=inputs.narrative.get(INTRO, ""),
        sections=sections,
        targets=target_rows(inputs.figures),
        year=year,
        municipality=municipality,
        branch=branch,
        key_figures=key_figures(figures),
        summary_charts=summary_charts(figures, year),
    )


def section_content(
    section: Section, figures: Figures, context: Context, inputs: Inputs
) -> SectionContent:
    title = report_title(section.title)
    rows = rows_for(section, inputs)
    plain_rows, pivots = side_by_side(rows)
    shown = highlights(rows)
    charts = charts_for(section, figures, inputs, context.year)
    if not charts and not (section.code == "housing" and not inputs.monthly):
        charts = [
            chart
            for chart in [figures_chart(section.code, title, shown, figures, context.year)]
            if chart is not None
        ]
    return SectionContent(
        code=section.code,
        title=title,
        bullets=section.bullets(figures, context),
        rows=rows,
        narrative=inputs.narrative.get(section.code, ""),
        charts=charts,
        highlights=shown,
        plain_rows=plain_rows,
        pivots=pivots,
    )
