"""Lists people can work with: sorted by a column, filtered, paged, exported as shown.

One mechanism for every list page. A list declares once, in a :class:`Listing`, its
columns (each with its label, its database ordering and its export value) and its filter
form. :meth:`Listing.show` reads the state from the address and answers a :class:`Shown`
that the page and the export both use:

- **sort**: ``?sorteer=<column>&richting=af``; the database orders (``nulls last`` both
  ways, so SQLite and PostgreSQL agree) with ``pk`` as the tie-breaker, so a page
  boundary never splits or repeats a row. Headers are links with ``aria-sort``.
- **filters**: the list's form, bound to the query string (codes only: status, kind,
  coach, period). A typed name, V-number or birth date is never in the address: the
  filter bar is POSTed and the text kept under an opaque id (:mod:`koers.core.searches`).
- **pages**: ``?page=N`` of :data:`koers.core.editing.PAGE_SIZE` rows.
- **export**: ``…/export/xlsx/?<the same state>`` or ``csv``: every row of the current
  filter and sort (all pages), the columns shown, through :mod:`koers.core.spreadsheet`
  (a text that starts like a formula stays text). :func:`list_response` logs the export
  in the access log like a read (action ``export``, what was exported and how many rows).

The queryset always comes from the app's selector, scoped to the user; the listing only
filters, orders and cuts it. A list that is not one query (the deadline worklist: items
derived by one query per rule) gives a list of rows instead: the same column paths are then
read from the rows (``a__b`` is ``row.a.b``) and the listing filters the period, sorts
(nulls last both ways, the tie-breaker last) and cuts in Python (:func:`sorted_rows`).
A list view answers with :meth:`Listing.respond` (``show`` and ``list_response`` in one
call). The request is never changed: the phone's sort
choice (``volgorde``) is read from a copy of the address (:func:`sort_query`).
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import spreadsheet
from koers.core.access import exported, log_access, log_export_without_clients
from koers.core.editing import DateInput, page_of
from koers.core.models import AccessLogEntry, Location
from koers.core.searches import search_query

SORT, DIRECTION, DESCENDING = "sorteer", "richting", "af"
FORMATS = ("xlsx", "csv")
VIEW, EXPORT = AccessLogEntry.Action.VIEW, AccessLogEntry.Action.EXPORT
EXPORT_ROWS_MAX = 20_000  # a spreadsheet people open, not a dump: the exchange bundle is that


@dataclass(frozen=True)
class Column:
    """One column of a list: its code in the address, its label, how it sorts and exports.

    ``order`` holds the database field paths the column sorts by (empty: not sortable);
    ``value`` what the export writes for a row (a date stays a date, a number a number).
    """

    key: str
    label: Any
    order: tuple[str, ...] = ()
    value: Callable[[Any], object] | None = None

    @property
    def sortable(self) -> bool:
        return bool(self.order)


def location_filter() -> forms.ModelChoiceField:
    """A list's branch filter ("alle": every branch the list shows); the form's ``__init__``
    gives it the user's branches as its queryset."""
    return forms.ModelChoiceField(
        label=gettext_lazy("vestiging"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=gettext_lazy("alle"),
    )


def period_form(base: type[forms.Form] | None, label: Any) -> type[forms.Form]:
    """The list's filter form with a period (``van``/``tot``, both days included)."""

    class PeriodFilter(base or forms.Form):  # type: ignore[misc]
        van = forms.DateField(
            label=format_lazy("{} {}", label, gettext_lazy("vanaf")),
            required=False,
            widget=DateInput,
        )
        tot = forms.DateField(
            label=format_lazy("{} {}", label, gettext_lazy("tot en met")),
            required=False,
            widget=DateInput,
        )

        def clean(self):
            data = super().clean()
            start, end = data.get("van"), data.get("tot")
            if start and end and end < start:
                self.add_error("tot", _("De einddatum ligt voor de begindatum."))
            return data

    return PeriodFilter


@dataclass(frozen=True)
class Listing:
    """What one list page is: its columns, the default sort, its filters and its period.

    ``period`` is ``(field path, label)``: the form gets ``van``/``tot`` and the rows are
    those whose day at that path falls in the period. ``name`` is the export's file name.
    """

    name: str
    columns: tuple[Column, ...]
    default_sort: str
    default_descending: bool = False
    filters: type[forms.Form] | None = None
    period: tuple[str, Any] | None = None
    export_route: str = ""
    tie_breaker: str = "pk"

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key and c.sortable), None)

    def form_class(self) -> type[forms.Form] | None:
        if self.period is None:
            return self.filters
        return period_form(self.filters, self.period[1])

    def show(
        self,
        request,
        rows: Callable[..., QuerySet | Sequence],
        *,
        fmt: str | None = None,
        form_kwargs: dict | None = None,
        url_kwargs: dict | None = None,
    ) -> "Shown":
        """The list as the address asks: ``rows(**filter values)`` filtered, sorted, cut.

        ``form_kwargs`` go to the filter form (the choices only this user may pick);
        ``url_kwargs`` to the export route (the record a list belongs to)."""
        if fmt is not None and fmt not in FORMATS:
            raise Http404
        form_class = self.form_class()
        form, values = None, {}
        if form_class is not None:
            form = form_class(search_query(request) or None, **(form_kwargs or {}))
            values = form.cleaned_data if form.is_valid() else {}
        values = {name: value for name, value in values.items() if name not in ("van", "tot")}
        queryset = rows(**values)
        if self.period is not None and form is not None and form.is_valid():
            path = self.period[0]
            start, end = form.cleaned_data.get("van"), form.cleaned_data.get("tot")
            if isinstance(queryset, QuerySet):
                if start:
                    queryset = queryset.filter(**{f"{path}__gte": start})
                if end:
                    queryset = queryset.filter(**{f"{path}__lte": end})
            elif start or end:
                queryset = [
                    row
                    for row in queryset
                    if (day := attribute(row, path)) is not None
                    and (not start or day >= start)
                    and (not end or day <= end)
                ]
        query = sort_query(request.GET)
        column = self.column(query.get(SORT, "")) or self.column(self.default_sort)
        if column is None:
            raise ValueError(f"{self.name}: the default sort {self.default_sort!r} is no column")
        asked = query.get(SORT) == column.key
        descending = query.get(DIRECTION) == DESCENDING if asked else self.default_descending
        paths = (*column.order, self.tie_breaker)
        if isinstance(queryset, QuerySet):
            queryset = queryset.order_by(
                *(
                    F(path).desc(nulls_last=True) if descending else F(path).asc(nulls_last=True)
                    for path in paths
                )
            )
        else:
            queryset = sorted_rows(queryset, paths, descending=descending)
        return Shown(
            self, request, form, queryset, column, descending, fmt, url_kwargs or {}, query
        )

    def respond(
        self,
        request,
        rows: Callable[..., QuerySet | Sequence],
        *,
        fmt: str | None = None,
        template: str,
        what: str,
        person_of: Callable[[Any], Any] | None = None,
        people_of: Callable[[Any], Iterable] | None = None,
        context: dict | None = None,
        form_kwargs: dict | None = None,
        url_kwargs: dict | None = None,
        prepare: Callable[["Shown"], object] | None = None,
    ) -> HttpResponse:
        """A list view's whole answer: :meth:`show` then :func:`list_response`.

        ``prepare`` gets the :class:`Shown` before the page or export is made (to add what
        the rows need beyond the queryset, in one query for all of them)."""
        shown = self.show(request, rows, fmt=fmt, form_kwargs=form_kwargs, url_kwargs=url_kwargs)
        if prepare is not None:
            prepare(shown)
        return list_response(
            request,
            shown,
            template=template,
            what=what,
            person_of=person_of,
            people_of=people_of,
            context=context,
        )


def attribute(row: Any, path: str) -> Any:
    """The value at a column's path in a row that is an object, not a database row:
    ``"item__due_on"`` is ``row.item.due_on`` (None where a step of the path is None)."""
    value = row
    for name in path.split("__"):
        if value is None:
            return None
        value = getattr(value, name)
    return value


def text_sort_key(text: str) -> tuple[str, str, str]:
    """A text as a Dutch or English collation of the database sorts it (``nl_NL``, ``en_US``):
    letters first, accents and case only where the letters tie ("Émile", "emma", "Eva",
    "Özil"), so that a list sorted in Python agrees with the lists the database sorts."""
    folded = text.casefold()
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return letters, folded, text


def _sort_value(value: Any) -> Any:
    """Texts sort as people read them (not capitals first, an accent by its letter), the
    rest as they are."""
    return text_sort_key(value) if isinstance(value, str) else value


def sorted_rows(rows: Iterable, paths: Sequence[str], *, descending: bool) -> list:
    """Rows sorted in Python as :meth:`Listing.show` orders a queryset: by each path in turn,
    all ascending or all descending, empty values (None) last either way."""

    def key(row) -> tuple:
        values = (attribute(row, path) for path in paths)
        # (False, v) sorts before (True, None); reversed, (True, v) before (False, None)
        return tuple(
            ((value is not None) if descending else (value is None), _sort_value(value))
            for value in values
        )

    return sorted(rows, key=key, reverse=descending)


def sort_query(query: QueryDict) -> QueryDict:
    """The address's state with the phone's sort choice (``volgorde=column:af``) read as
    the header links write it (``sorteer=column&richting=af``); ``query`` is not changed."""
    if ":" not in query.get("volgorde", ""):
        return query
    copy = query.copy()
    copy[SORT], _sep, copy[DIRECTION] = copy.pop("volgorde")[-1].partition(":")
    return copy


@dataclass
class Shown:
    """A list as one request sees it: the rows of the page (or, for an export, all)."""

    listing: Listing
    request: Any
    form: forms.Form | None
    queryset: QuerySet | Sequence  # a list: the rows of a list that is not one query, sorted
    sorted_by: Column
    descending: bool
    fmt: str | None
    url_kwargs: dict = field(default_factory=dict)
    query: QueryDict | None = None  # the state of the address (request.GET, the sort read)
    _rows: list | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.query is None:
            self.query = self.request.GET

    @cached_property
    def page(self):
        return page_of(self.request, self.queryset)

    @property
    def rows(self) -> list:
        """The rows this response shows: the page's, or every row of an export."""
        if self._rows is None:
            if self.fmt:
                self._rows = list(self.queryset[: EXPORT_ROWS_MAX + 1])
                if len(self._rows) > EXPORT_ROWS_MAX:
                    raise Http404  # refused, not cut: an export is exactly what is shown
            else:
                self._rows = list(self.page)
        return self._rows

    def _query(self, **changes) -> str:
        query: QueryDict = self.query.copy()  # type: ignore[union-attr]
        query.pop("page", None)
        for key, value in changes.items():
            query.pop(key, None)
            if value:
                query[key] = value
        return query.urlencode()

    @property
    def headers(self) -> list[dict]:
        """The header row: label, and for a sortable column its link and ``aria-sort``."""
        headers = []
        for column in self.listing.columns:
            header = {"label": column.label, "sortable": column.sortable, "aria_sort": ""}
            if column.sortable:
                current = column.key == self.sorted_by.key
                descending = not self.descending if current else False
                header["href"] = "?" + self._query(
                    **{SORT: column.key, DIRECTION: DESCENDING if descending else ""}
                )
                if current:
                    header["aria_sort"] = "descending" if self.descending else "ascending"
                    header["arrow"] = "▼" if self.descending else "▲"
                header["next"] = _("aflopend sorteren") if descending else _("oplopend sorteren")
            headers.append(header)
        return headers

    @property
    def sort_choices(self) -> list[dict]:
        """The sort as one choice (for a phone, where the header row is out of sight)."""
        current = f"{self.sorted_by.key}:{DESCENDING if self.descending else ''}"
        choices = []
        for column in self.listing.columns:
            if not column.sortable:
                continue
            for descending, word in ((False, _("oplopend")), (True, _("aflopend"))):
                value = f"{column.key}:{DESCENDING if descending else ''}"
                label = f"{str(column.label).capitalize()}, {word}"
                choices.append({"value": value, "label": label, "selected": value == current})
        return choices

    @property
    def kept_query(self) -> list[tuple[str, str]]:
        """The address's other parameters (codes and the search's id), for the sort form."""
        return [
            (key, value)
            for key, values in self.query.lists()  # type: ignore[union-attr]
            if key not in (SORT, DIRECTION, "page", "volgorde")
            for value in values
        ]

    @property
    def state(self) -> dict[str, str]:
        """The sort to carry in the filter bar's POST (so filtering keeps the order)."""
        if not self.query.get(SORT):  # type: ignore[union-attr]
            return {}
        return {SORT: self.sorted_by.key, DIRECTION: DESCENDING if self.descending else ""}

    @property
    def exports(self) -> list[dict]:
        if not self.listing.export_route:
            return []
        query = self._query()
        return [
            {
                "label": fmt.upper(),
                "href": reverse(self.listing.export_route, kwargs={**self.url_kwargs, "fmt": fmt})
                + (f"?{query}" if query else ""),
            }
            for fmt in FORMATS
        ]

    def table(self) -> list[list]:
        """The export: the header row and one row per listed row, the exported columns."""
        columns = [c for c in self.listing.columns if c.value is not None]
        return [
            [str(c.label) for c in columns],
            *([c.value(row) for c in columns] for row in self.rows),  # type: ignore[misc]
        ]

    def download(self) -> HttpResponse:
        table = self.table()
        stamp = timezone.localdate().isoformat()
        filename = f"{self.listing.name}-{stamp}.{self.fmt}"
        if self.fmt == "csv":
            response = HttpResponse(
                spreadsheet.csv_bytes(table), content_type=spreadsheet.CSV_CONTENT_TYPE
            )
        else:
            body = spreadsheet.sheet_bytes(
                self.listing.name,
                [spreadsheet.Row(table[0], bold=True), *table[1:]],
                widths=[max(12, len(label) + 4) for label in table[0]],
                freeze="A2",
            )
            response = HttpResponse(body, content_type=spreadsheet.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def list_response(
    request,
    shown: Shown,
    *,
    template: str,
    what: str,
    person_of: Callable[[Any], Any] | None = None,
    people_of: Callable[[Any], Iterable] | None = None,
    context: dict | None = None,
) -> HttpResponse:
    """The page, or the export, of a list; who saw which clients written to the access log.

    ``person_of`` gives the client a row is about (None: a list without clients, such as
    staff or groups). The access log is the log of clients' data read: an export writes
    one row per client in it (action ``export``, the list, the format and the number of
    rows), like a page of the list writes one per client shown; a page of a list without
    clients writes none (security/test_audit_coverage: a row names exactly the clients
    shown), its export one row that names no client.
    ``people_of`` instead: the clients a row names, where one row is about several (a
    household's transfer) or none that this user may see.
    """
    rows = shown.rows
    if people_of is None and person_of is not None:
        people_of = lambda row: [person_of(row)]  # noqa: E731
    if shown.fmt:
        people = [p for row in rows for p in people_of(row)] if people_of is not None else []
        if people:
            text = exported(what, fmt=shown.fmt, count=len(rows))
            log_access(request, people, action=EXPORT, what=text)
        else:  # staff or branch data, or only visitors without a file: a row naming no one
            log_export_without_clients(request, what, fmt=shown.fmt, count=len(rows))
        return shown.download()
    if people_of is not None:
        log_access(request, [p for row in rows for p in people_of(row)], action=VIEW, what=what)
    return render(
        request,
        template,
        {"list": shown, "filters": shown.form, "page": shown.page, **(context or {})},
    )
