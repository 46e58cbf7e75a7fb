"""The yearly report as content: title, opening, sections, tables, charts, targets.

Built from figures (the engine's dicts, live or frozen in an edition), the narrative
texts and the sections' details (names and titles, likewise live or frozen), so that
the HTML page, the PDF, the XLSX and the JSON all show the same thing.
Nothing here touches the database.
"""

from dataclasses import dataclass, field

from koers.indicators.registry import label_for
from koers.reports.charts import Chart, grouped_bars, horizontal_bars, housed_against_quota
from koers.reports.nationalities import people_of
from koers.reports.sections import ROUTE_NAMES, SECTIONS, Context, Figures, Section
from koers.reports.wording import in_words, number, signed

INTRO = "intro"
TRAJECTORY_KINDS = (
    ("settling_in", "coaching vestiging"),
    ("integration", "coaching integratie"),
    ("job_coaching", "jobcoaching"),
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
class SectionContent:
    code: str
    title: str
    bullets: list[str]
    rows: list[FigureRow]
    narrative: str
    charts: list[Chart]


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
        return f"{number(round(value * 100, 1))}%"
    return number(value)


def difference(key: str, value, other) -> str:
    if value is None or other is None:
        return ""
    if key.endswith("_rate"):
        return f"{signed(round((value - other) * 100, 1))} procentpunt"
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


def opening(figures: Figures, context: Context) -> str:
    """The seeds' first paragraph: persons housed, and the backlog against the quota."""
    text = (
        f"In {context.municipality} zijn in {context.year}, in samenwerking met de gemeente, "
        f"{number(figures['housing.persons_housed'])} statushouders gehuisvest."
    )
    backlog = figures.get("housing.backlog_end")
    if backlog is None:
        return text
    if backlog == 0:
        return text + (
            " Daarmee heeft de gemeente precies voldaan aan de door het Rijk vastgestelde "
            "taakstelling."
        )
    kind = "achterstand" if backlog > 0 else "voorsprong"
    text += (
        f" Daarmee heeft de gemeente een {kind} (van {in_words(abs(backlog))}) op de door het "
        "Rijk vastgestelde taakstelling."
    )
    start = figures.get("housing.backlog_start")
    if start:
        start_kind = "achterstand" if start > 0 else "voorsprong"
        text += (
            f" Aan het begin van {context.year} was dat een {start_kind} van "
            f"{in_words(abs(start))}."
        )
    return text


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
            f"Gehuisvest in {year} naar nationaliteit",
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
            f"Contacten in {year} per onderwerp",
            sorted(
                (
                    (label(f"contacts.by_topic.{topic}").removeprefix("Contacten over "), count)
                    for topic, count in figures.under("contacts.by_topic").items()
                ),
                key=lambda item: (-item[1], item[0]),
            ),
        ),
        "trajectories": lambda: grouped_bars(
            "chart-trajectories",
            f"Trajecten gestart en beëindigd in {year}",
            [name for _, name in TRAJECTORY_KINDS],
            [
                (
                    "Gestart",
                    [figures[f"trajectories.{kind}.started"] for kind, _ in TRAJECTORY_KINDS],
                ),
                (
                    "Beëindigd",
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
            f"Van koppeling tot huisvesting in {year}",
            [
                ("gekoppeld", figures["housing.linked"]),
                ("gehuisvest", figures["housing.linked_housed"]),
                ("binnen 10 weken", figures["housing.linked_housed_within_10_weeks"]),
                ("vervallen", figures["housing.linked_cancelled"]),
                ("wacht aan het eind", figures["housing.linked_waiting_end"]),
                ("wacht langer dan 10 weken", figures["housing.linked_waiting_end_over_10_weeks"]),
            ],
        ),
        "wi2021_routes": lambda: grouped_bars(
            "chart-wi2021-routes",
            f"Leerroutes in {year}",
            [name for _, name in ROUTE_NAMES],
            [
                (
                    "Nieuw persoonlijk plan",
                    [figures[f"wi2021.pips_by_route.{c}"] for c, _ in ROUTE_NAMES],
                ),
                (
                    "Loopt aan het eind",
                    [figures[f"wi2021.running_end_by_route.{c}"] for c, _ in ROUTE_NAMES],
                ),
            ],
        ),
    }


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
        SectionContent(
            code=section.code,
            title=section.title,
            bullets=section.bullets(figures, context),
            rows=rows_for(section, inputs),
            narrative=inputs.narrative.get(section.code, ""),
            charts=charts_for(section, figures, inputs, year),
        )
        for section in SECTIONS
        if section.is_present(figures, inputs.details)
    ]
    return ReportContent(
        title=f"{municipality}: {year} in cijfers",
        opening=opening(figures, context),
        intro=inputs.narrative.get(INTRO, ""),
        sections=sections,
        targets=target_rows(inputs.figures),
        year=year,
        municipality=municipality,
        branch=branch,
    )
