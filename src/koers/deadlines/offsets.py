"""Calendar arithmetic for terms: "+ N months" the way the law counts it, in Python and in SQL.

A day that does not exist in the target month becomes that month's last day
(31 January + 1 month = 28 or 29 February). Years are twelve months; weeks are seven
days; days (and weeks) are added after the months. A rule may add a number of months
from the record itself (a plan's term extension) to its own, in one step of months:
31 January 2021 + (36 + 1) months is 29 February 2024, where first one month and then 36
would give 28 February 2024. The SQL form lets a rule's due date be computed, filtered
and sorted by the database, so that a worklist is one query per rule.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import NotSupportedError
from django.db.models import DateField, Func


@dataclass(frozen=True, order=True)
class Offset:
    """A term: years, months, days and weeks after the anchor."""

    years: int = 0
    months: int = 0
    days: int = 0
    weeks: int = 0

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months

    @property
    def total_days(self) -> int:
        return 7 * self.weeks + self.days


def add_offset(day: datetime.date, offset: Offset, extra_months: int = 0) -> datetime.date:
    """``day`` plus the offset's calendar months and ``extra_months`` (clamped to the month's
    end), then its days and weeks."""
    month_index = day.year * 12 + day.month - 1 + offset.total_months + extra_months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day)) + datetime.timedelta(
        days=offset.total_days
    )


class AddOffset(Func):
    """SQL: a date expression plus an :class:`Offset`, with the same month-end rule;
    ``extra_months``: an integer expression of months to add in the same step."""

    output_field = DateField()

    def __init__(self, expression, offset: Offset, extra_months=None):
        expressions = [expression] if extra_months is None else [expression, extra_months]
        super().__init__(*expressions, output_field=DateField())
        self.offset = offset

    def _months(self, compiler) -> tuple[str, list]:
        """SQL for the number of months to add, and its parameters."""
        if len(self.source_expressions) == 1:
            return "%s", [self.offset.total_months]
        sql, params = compiler.compile(self.source_expressions[1])
        return f"(%s + {sql})", [self.offset.total_months, *params]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"AddOffset is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra_context):
        # PostgreSQL clamps "+ interval 'N months'" to the month's end, then adds the days.
        sql, params = compiler.compile(self.source_expressions[0])
        months, month_params = self._months(compiler)
        return (
            f"(({sql})::date + make_interval(months => {months}, days => %s))::date",
            [*params, *month_params, self.offset.total_days],
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's date() overflows into the next month (31 Jan + 1 month = 3 Mar), so
        # take the smaller of "same day in the target month" and "its last day".
        sql, params = compiler.compile(self.source_expressions[0])
        months, month_params = self._months(compiler)
        shift = f"({months}) || ' months'"
        next_shift = f"({months} + 1) || ' months'"
        same_day = (
            f"date({sql}, 'start of month', {shift}, "
            f"'+' || (CAST(strftime('%%d', {sql}) AS INTEGER) - 1) || ' days')"
        )
        last_day = f"date({sql}, 'start of month', {next_shift}, '-1 days')"
        return (
            f"date(MIN({same_day}, {last_day}), %s)",
            [
                *params,
                *month_params,
                *params,
                *params,
                *month_params,
                f"{self.offset.total_days:+d} days",
            ],
        )
