"""One way to write a date and a number for people: "6 dec. 2026", "73.000" (Dutch), "6 Dec 2026",
"73,000" (English). Templates reach these through the `datum`, `datumtijd` and `getal` filters."""

import datetime
from decimal import Decimal

from django.utils import formats, numberformat, timezone
from django.utils.dates import MONTHS as MONTH_NAMES  # the full names: Django's own catalogue
from django.utils.translation import ngettext, pgettext

MONTHS = {
    1: lambda: pgettext("maand, kort", "jan."),
    2: lambda: pgettext("maand, kort", "feb."),
    3: lambda: pgettext("maand, kort", "mrt."),
    4: lambda: pgettext("maand, kort", "apr."),
    5: lambda: pgettext("maand, kort", "mei"),
    6: lambda: pgettext("maand, kort", "jun."),
    7: lambda: pgettext("maand, kort", "jul."),
    8: lambda: pgettext("maand, kort", "aug."),
    9: lambda: pgettext("maand, kort", "sep."),
    10: lambda: pgettext("maand, kort", "okt."),
    11: lambda: pgettext("maand, kort", "nov."),
    12: lambda: pgettext("maand, kort", "dec."),
}
WEEKDAYS = {
    0: lambda: pgettext("weekdag, kort", "ma"),
    1: lambda: pgettext("weekdag, kort", "di"),
    2: lambda: pgettext("weekdag, kort", "wo"),
    3: lambda: pgettext("weekdag, kort", "do"),
    4: lambda: pgettext("weekdag, kort", "vr"),
    5: lambda: pgettext("weekdag, kort", "za"),
    6: lambda: pgettext("weekdag, kort", "zo"),
}


def _parsed(value) -> datetime.date | None:
    """A date or moment from what a template may hold: either, or an ISO text (a JSON field,
    a value not yet read back from the database); None for anything else."""
    if isinstance(value, str):
        try:
            parse = datetime.datetime if "T" in value else datetime.date
            value = parse.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, datetime.date) else None


def _day(value) -> datetime.date | None:
    """The day of a date or moment (or its ISO text); a moment's day is Amsterdam's."""
    value = _parsed(value)
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def date_text(value: datetime.date | None, weekday: bool = False) -> str:
    """A day with its year, "6 dec. 2026" (or "zo 6 dec. 2026"); a moment counts in Amsterdam."""
    value = _day(value)
    if value is None:
        return ""
    text = f"{value.day} {MONTHS[value.month]()} {value.year}"
    return f"{WEEKDAYS[value.weekday()]()} {text}" if weekday else text


def month_text(value: datetime.date | None) -> str:
    """A month with its year, "december 2026" (a heading of a month, not a day); a moment
    counts in Amsterdam."""
    value = _day(value)
    if value is None:
        return ""
    return f"{MONTH_NAMES[value.month]} {value.year}"


DAYS_SHOWN = 60  # further off, a term is told in months
MONTHS_SHOWN = 24  # and from two years on, in years
DAYS_A_YEAR = 365.25


def _far_text(days: int, *, late: bool) -> str:
    """A distance past :data:`DAYS_SHOWN` days in whole months ("over 5 maanden"), from
    :data:`MONTHS_SHOWN` months on in whole years ("3 jaar te laat"), rounded."""
    months = round(days * 12 / DAYS_A_YEAR)
    if months < MONTHS_SHOWN:
        if late:
            text = ngettext("%(n)s maand te laat", "%(n)s maanden te laat", months)
        else:
            text = ngettext("over %(n)s maand", "over %(n)s maanden", months)
        return text % {"n": number_text(months)}
    years = round(days / DAYS_A_YEAR)
    if late:
        text = ngettext("%(n)s jaar te laat", "%(n)s jaar te laat", years)
    else:
        text = ngettext("over %(n)s jaar", "over %(n)s jaar", years)
    return text % {"n": number_text(years)}


def due_text(value: datetime.date | None, today: datetime.date | None = None) -> str:
    """How a due date stands to today: "3 dagen te laat", "1 dag te laat", "vandaag",
    "morgen", "over 5 dagen"; past :data:`DAYS_SHOWN` days "over 5 maanden", "3 jaar te
    laat". Today is `timezone.localdate()` unless given."""
    value = _day(value)
    if value is None:
        return ""
    days = (value - (today or timezone.localdate())).days
    if days == 0:
        return pgettext("termijn", "vandaag")
    if days == 1:
        return pgettext("termijn", "morgen")
    if abs(days) > DAYS_SHOWN:
        return _far_text(abs(days), late=days < 0)
    if days > 1:
        return ngettext("over %(n)s dag", "over %(n)s dagen", days) % {"n": number_text(days)}
    late = -days
    return ngettext("%(n)s dag te laat", "%(n)s dagen te laat", late) % {"n": number_text(late)}


def moment_text(value: datetime.datetime | None) -> str:
    """A moment as "6 dec. 2026 14:05", in Amsterdam's time (a day alone: just the day)."""
    moment = _parsed(value)
    if moment is None:
        return ""
    if not isinstance(moment, datetime.datetime):
        return date_text(moment)
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{date_text(local.date())} {local:%H:%M}"


def number_text(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """A count or amount with the language's thousands separator: 73.000 / 73,000. A float
    without `decimals` is a whole number when it is one ("4"), else has one decimal ("15,2",
    a rate or an average); a float is rounded, not cut off, to its decimals."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        if decimals is None:
            decimals = 0 if value.is_integer() else 1
        value = Decimal(f"{value:.{decimals}f}")
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def percent_text(rate: float | None, decimals: int = 0) -> str:
    """A share (0…1) as a percentage: "93%", with `decimals` only where it is not whole:
    "93,3%" / "93.3%"."""
    if rate is None or rate == "":
        return ""
    return f"{number_text(float(round(rate * 100, decimals)))}%"


def long_date_text(value: datetime.date | None) -> str:
    """A day in running text, its month written out: "14 maart 2018" / "14 March 2018"
    (the yearly report's sentences, as the seed reports write them)."""
    value = _day(value)
    if value is None:
        return ""
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"
