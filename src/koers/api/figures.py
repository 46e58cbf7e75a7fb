"""Figures for any slice: a branch or a region, any period, any registry keys.

``GET /indicators/`` answers what ``koers indicators`` answers (the same engine, the
same numbers); ``GET /indicators/series/`` gives the months of a year, or a run of
years, in the same fixed number of queries. Who may ask: whoever may read the figures
of those branches (``read_figures``). A user who sees only aggregates there (a
municipality viewer) gets the municipality page's figures with its small-cell
suppression: the hidden cells are ``null`` in ``values`` and say how they are shown
("<5", or a cross for a cell hidden because of another) in ``suppressed``.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from koers.api.errors import ApiProblem, Error, invalid
from koers.api.types import Count, Day, Text
from koers.core.models import Location
from koers.core.scoping import aggregate_location_ids
from koers.indicators.engine import compute_series
from koers.indicators.periods import Period
from koers.indicators.selection import BY_PATTERN, Selection
from koers.reports.municipality import period_blocks
from koers.reports.selectors import report_locations

router = Router(tags=["Cijfers"])

FIGURE_ERRORS = {401: Error, 404: Error, 422: Error, 429: Error}
MAX_YEARS = 50
# Keys are ASCII (3 bytes at most in an address): with a region and a branch in any script
# the longest address stays under the server's request line (REQUEST_LINE_BYTES, 8,190).
KEYS_LENGTH = 1500
Number = int | float


def read_figures(
    locations: Sequence[Location], periods: Sequence[Period], keys: Iterable[str] | None
) -> list[dict[str, Number]]:
    """The engine's figures of each period: the one read the API makes of the indicators."""
    return compute_series(locations=locations, periods=periods, keys=keys)


class Where(Schema):
    location: Text = Field(None, max_length=64, description="extern id van de locatie")
    region: Text = Field(None, max_length=200, description="naam van de regio")
    keys: Text = Field(
        None,
        max_length=KEYS_LENGTH,
        pattern=r"^[A-Za-z0-9_.{},-]*$",
        description="komma-gescheiden sleutels of patronen uit het register, bijv. "
        "housing.persons_housed,contacts.by_kind.{kind} (zonder: alle cijfers)",
    )


class PeriodQuery(Where):
    date_from: Day = Field(..., alias="from", description="eerste dag")
    date_to: Day = Field(..., alias="to", description="laatste dag (tot en met)")


class SeriesQuery(Where):
    interval: Literal["month", "year"] = Field(..., description="maanden van een jaar, of jaren")
    year: Annotated[Count, Field(ge=1900, le=9999)] = Field(
        None, description="het jaar van de maanden (interval=month)"
    )
    from_year: Annotated[Count, Field(ge=1900, le=9999)] = Field(
        None, description="eerste jaar (interval=year)"
    )
    to_year: Annotated[Count, Field(ge=1900, le=9999)] = Field(
        None, description="laatste jaar (interval=year)"
    )


class PeriodFigures(Schema):
    date_from: datetime.date = Field(..., alias="from")
    date_to: datetime.date = Field(..., alias="to")
    label: str
    values: dict[str, Number | None]
    suppressed: dict[str, str]


class Figures(PeriodFigures):
    location: str | None
    region: str | None


class Series(Schema):
    location: str | None
    region: str | None
    interval: str
    periods: list[PeriodFigures]


def locations_of(request: HttpRequest, where: Where) -> list[Location]:
    """The branch, or every branch of the region, if the user may read all their figures."""
    if (where.location is None) == (where.region is None):
        raise invalid("location", _("Geef location of region (één van beide)."))
    reachable = aggregate_location_ids(request.user)
    if where.location is not None:
        found = list(Location.objects.filter(external_id=where.location, pk__in=reachable))
    else:
        found = list(Location.objects.filter(region=where.region).order_by("pk"))
        if Location.objects.filter(
            pk__in=[loc.pk for loc in found], id__in=reachable
        ).count() < len(found):
            found = []
    if not found:
        raise ApiProblem(404, "not_found", _("Onbekende locatie of regio, of niet de uwe."))
    return found


def asked_keys(where: Where) -> list[str] | None:
    if where.keys is None:
        return None
    keys = [key.strip() for key in where.keys.split(",") if key.strip()]
    if not keys:
        raise invalid("keys", _("Geef ten minste één sleutel."))
    try:
        Selection.of(keys)
    except KeyError as error:
        raise ApiProblem(
            404,
            "unknown_indicator",
            _("Onbekende indicator: %(key)s") % {"key": error.args[0]},
            errors=[{"field": "keys", "message": str(error.args[0])}],
        ) from None
    return keys


def wanted(keys: list[str] | None, key: str) -> bool:
    if keys is None:
        return True
    return key in keys or any(
        pattern in BY_PATTERN and BY_PATTERN[pattern].regex.match(key) for pattern in keys
    )


def sees_records(request: HttpRequest, locations: list[Location]) -> bool:
    """Whether the user reads these branches' full figures (their yearly reports), not only
    the municipality view's."""
    return report_locations(request.user).filter(
        pk__in=[location.pk for location in locations]
    ).count() == len(locations)


def period_answer(
    period: Period, values: dict[str, Number], *, full: bool, keys: list[str] | None
) -> dict:
    if full:
        shown: dict[str, Number | None] = dict(values)
        suppressed: dict[str, str] = {}
    else:  # the municipality page's cells, suppressed as that page suppresses them
        cells = [cell for block in period_blocks(values) for cell in block.cells]
        shown = {c.key: int(c.shown) if c.shown.isdigit() else None for c in cells}
        suppressed = {c.key: c.shown for c in cells if not c.shown.isdigit()}
        shown = {key: value for key, value in shown.items() if wanted(keys, key)}
        suppressed = {key: value for key, value in suppressed.items() if key in shown}
    return {
        "from": period.start,
        "to": period.end,
        "label": period.label,
        "values": shown,
        "suppressed": suppressed,
    }


def where_answer(where: Where, locations: list[Location]) -> dict:
    return {
        "location": locations[0].external_id if where.location is not None else None,
        "region": where.region,
    }


@router.get(
    "/indicators/",
    response={200: Figures, **FIGURE_ERRORS},
    by_alias=True,
    operation_id="indicators",
    summary="Cijfers van een locatie of regio over een periode",
)
def indicators(request: HttpRequest, query: Query[PeriodQuery]):
    locations = locations_of(request, query)
    keys = asked_keys(query)
    if query.date_from > query.date_to:
        raise invalid("from", _("from ligt na to."))
    period = Period(query.date_from, query.date_to)
    full = sees_records(request, locations)
    [values] = read_figures(locations, [period], keys if full else None)
    return {**where_answer(query, locations), **period_answer(period, values, full=full, keys=keys)}


@router.get(
    "/indicators/series/",
    response={200: Series, **FIGURE_ERRORS},
    by_alias=True,
    operation_id="indicators_series",
    summary="Cijfers per maand van een jaar, of per jaar",
)
def indicators_series(request: HttpRequest, query: Query[SeriesQuery]):
    locations = locations_of(request, query)
    keys = asked_keys(query)
    if query.interval == "month":
        if query.year is None:
            raise invalid("year", _("Geef het jaar van de maanden."))
        periods = [Period.month(query.year, month) for month in range(1, 13)]
    else:
        if query.from_year is None or query.to_year is None:
            raise invalid("from_year", _("Geef from_year en to_year."))
        if not 0 <= query.to_year - query.from_year < MAX_YEARS:
            raise invalid("to_year", _("Eén tot %(max)s jaren, oplopend.") % {"max": MAX_YEARS})
        periods = [Period.year(year) for year in range(query.from_year, query.to_year + 1)]
    full = sees_records(request, locations)
    series = read_figures(locations, periods, keys if full else None)
    return {
        **where_answer(query, locations),
        "interval": query.interval,
        "periods": [
            period_answer(period, values, full=full, keys=keys)
            for period, values in zip(periods, series, strict=True)
        ],
    }
