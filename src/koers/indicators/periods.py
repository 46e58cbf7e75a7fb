"""The reporting period: a span of whole days, both ends included."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from koers.core.formatting import long_date_text, month_text


@dataclass(frozen=True, order=True)
class Period:
    """``[start, end]``: "in the period" means ``start <= date <= end``."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(f"period starts after it ends: {self.start} > {self.end}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half == 1:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        if half == 2:
            return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31))
        raise ValueError(f"half must be 1 or 2, not {half}")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - datetime.timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1 to 4, not {quarter}")
        return cls(cls.month(year, 3 * quarter - 2).start, cls.month(year, 3 * quarter).end)

    @classmethod
    def standard(cls, year: int) -> list["Period"]:
        """The year, its halves, quarters and months: the periods whose figures are kept
        as facts (docs/indicators.md, "Facts")."""
        return [
            cls.year(year),
            *(cls.half(year, half) for half in (1, 2)),
            *(cls.quarter(year, quarter) for quarter in (1, 2, 3, 4)),
            *(cls.month(year, month) for month in range(1, 13)),
        ]

    @property
    def is_standard(self) -> bool:
        """A calendar year, half-year, quarter or month."""
        return self in Period.standard(self.start.year)

    @property
    def is_calendar_year(self) -> bool:
        return self == Period.year(self.start.year)

    @property
    def day_before(self) -> datetime.date:
        """The day the opening balance (e.g. the backlog at the start) is taken on."""
        return self.start - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """The period as people name it, in the reader's language: "2026", "1e halfjaar
        2026", "januari 2026", a day, or "1 januari 2026 t/m 15 maart 2026"."""
        year = self.start.year
        if self.is_calendar_year:
            return str(year)
        if self == Period.half(year, 1):
            return _("1e halfjaar %(year)s") % {"year": year}
        if self == Period.half(year, 2):
            return _("2e halfjaar %(year)s") % {"year": year}
        if self == Period.month(year, self.start.month):
            return month_text(self.start)
        if self.start == self.end:
            return long_date_text(self.start)
        return _("%(start)s t/m %(end)s") % {
            "start": long_date_text(self.start),
            "end": long_date_text(self.end),
        }

    def __str__(self) -> str:
        return self.label
