"""Date arithmetic for generating plausible records: calendar months, working days, spans."""

import calendar
import datetime
import random

DAY = datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus calendar months; a day the target month lacks becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def workday(day: datetime.date) -> datetime.date:
    """The day itself if it is a weekday, else the Monday after."""
    while day.weekday() >= 5:
        day += DAY
    return day


def between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A random weekday from ``first`` to ``last`` (``first`` itself when the span is empty)."""
    if last <= first:
        return first
    day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
    return min(workday(day), max(last, first))


def after(rng: random.Random, day: datetime.date, low: int, high: int) -> datetime.date:
    """A weekday ``low`` to ``high`` days after ``day``."""
    return workday(day + datetime.timedelta(days=rng.randint(low, high)))


def weekly(first: datetime.date, last: datetime.date, weekdays: tuple[int, ...]):
    """Every date from ``first`` to ``last`` on the given weekdays, outside the summer break."""
    day = first
    while day <= last:
        if day.weekday() in weekdays and not (day.month == 8 or (day.month == 7 and day.day > 15)):
            yield day
        day += DAY
