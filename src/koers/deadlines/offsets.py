"""Calendar arithmetic for terms: "+ N months" the way the law counts it, in Python and in SQL.

A day that does not exist in the target month becomes that month's last day
(31 January + 1 month = 28 or 29 February). Years are twelve months; days are
added after the months. The SQL form lets a rule's due date be computed, filtered
and sorted by the database, so that a worklist is one query per rule.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import NotSupportedError
from django.db.models import DateField, Func


@dataclass(frozen=True, order=True)
class Offset:
    """A term: years, months and days after the anchor."""

    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months


def add_offset(day: datetime.date, offset: Offset) -> datetime.date:
    """``day`` plus the offset's calendar months (clamped to the month's end), then its days."""
    month_index = day.year * 12 + day.month - 1 + offset.total_months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day)) + datetime.timedelta(
        days=offset.days
    )


class AddOffset(Func):
    """SQL: a date expression plus an :class:`Offset`, with the same month-end rule."""

    output_field = DateField()

    def __init__(self, expression, offset: Offset):
        super().__init__(expression, output_field=DateField())
        self.offset = offset

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"AddOffset is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra_context):
        # PostgreSQL clamps "+ interval 'N months'" to the month's end, then adds the days.
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(({sql})::date + make_interval(months => %s, days => %s))::date",
            [*params, self.offset.total_months, self.offset.days],
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's date() overflows into the next month (31 Jan + 1 month = 3 Mar), so
        # take the smaller of "same day in the target month" and "its last day".
        sql, params = compiler.compile(self.source_expressions[0])
        months = self.offset.total_months
        same_day = (
            f"date({sql}, 'start of month', %s, "
            f"'+' || (CAST(strftime('%%d', {sql}) AS INTEGER) - 1) || ' days')"
        )
        last_day = f"date({sql}, 'start of month', %s, '-1 days')"
        return (
            f"date(MIN({same_day}, {last_day}), %s)",
            [
                *params,
                f"{months:+d} months",
                *params,
                *params,
                f"{months + 1:+d} months",
                f"{self.offset.days:+d} days",
            ],
        )
