"""The rules of integration-2021.md about one record's own values, declared once.

Each :class:`Rule` names the field a problem belongs to, the fields it reads, when it
is broken, and its message twice: in English for a bundle's located problems
(``file:line: column: message``, as every message of the exchange format) and in
Dutch for the field of a form. The models' ``clean()`` (so every service), the
import's checks and the tests all read these lists; the database holds what a
constraint can (see the models), the 18 months of a route switch are checked here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.core.formatting import date_text
from koers.deadlines.offsets import Offset, add_offset

WI2021_START = datetime.date(2022, 1, 1)  # obligations from this day fall under the Wi2021
SWITCH_MONTHS = 18  # a route may be switched up to pip_on + 18 calendar months
TEN_WEEKS = 70  # days: the linking-to-housing and obligation-to-PIP aim


def last_switch_on(pip_on: datetime.date) -> datetime.date:
    """The last day a route switch is allowed: ``pip_on`` + 18 calendar months."""
    return add_offset(pip_on, Offset(months=SWITCH_MONTHS))


def given(value) -> bool:
    return value not in (None, "")


@dataclass(frozen=True)
class Rule:
    """One rule: ``broken(values)`` reads only ``reads`` (all of them parsed)."""

    field: str
    reads: tuple[str, ...]
    broken: Callable[[dict], bool]
    message: str  # English, ``str.format`` over the values (dates in ISO)
    dutch: Promise  # Dutch, ``%(name)s`` over the values (dates written out)

    def english(self, values: dict) -> str:
        return self.message.format(**{**values, **extras(values, iso=True)})

    def nederlands(self, values: dict) -> str:
        shown = {
            name: date_text(value) if isinstance(value, datetime.date) else value
            for name, value in {**values, **extras(values, iso=False)}.items()
        }
        return str(self.dutch) % shown


def extras(values: dict, *, iso: bool) -> dict:
    """Values a message names besides the record's own: the last day to switch."""
    pip_on = values.get("pip_on")
    if not isinstance(pip_on, datetime.date):
        return {}
    last = last_switch_on(pip_on)
    return {"last_switch_on": last.isoformat() if iso else last}


def _before(end: str, start: str) -> Callable[[dict], bool]:
    return lambda v: given(v.get(end)) and given(v.get(start)) and v[end] < v[start]


def _without(field: str, other: str) -> Callable[[dict], bool]:
    """``field`` is given, ``other`` is not."""
    return lambda v: given(v.get(field)) and not given(v.get(other))


LINKING_RULES: tuple[Rule, ...] = (
    Rule(
        "cancelled_on",
        ("linked_on", "cancelled_on"),
        _before("cancelled_on", "linked_on"),
        "{cancelled_on} is before linked_on {linked_on}",
        _("De koppeling kan niet vervallen vóór de datum van koppelen (%(linked_on)s)."),
    ),
    Rule(
        "cancel_reason",
        ("cancelled_on", "cancel_reason"),
        _without("cancelled_on", "cancel_reason"),
        "required when cancelled_on is given",
        _("Kies waarom de koppeling is vervallen."),
    ),
    Rule(
        "cancel_reason",
        ("cancelled_on", "cancel_reason"),
        _without("cancel_reason", "cancelled_on"),
        "only allowed when cancelled_on is given",
        _("Een reden hoort bij een vervallen koppeling: vul ook de datum in."),
    ),
)

PLAN_RULES: tuple[Rule, ...] = (
    Rule(
        "obligation_on",
        ("obligation_on",),
        lambda v: given(v.get("obligation_on")) and v["obligation_on"] < WI2021_START,
        "{obligation_on} is before 2022-01-01: an obligation that started earlier falls under "
        "the civic-integration law of 2013",
        _(
            "De inburgeringsplicht begon vóór 1 januari 2022: dan geldt de wet van 2013, "
            "niet de Wet inburgering 2021."
        ),
    ),
    Rule(
        "intake_completed_on",
        ("intake_started_on", "intake_completed_on"),
        _without("intake_completed_on", "intake_started_on"),
        "given without intake_started_on",
        _("Vul ook in wanneer de brede intake begon."),
    ),
    Rule(
        "intake_completed_on",
        ("intake_started_on", "intake_completed_on"),
        _before("intake_completed_on", "intake_started_on"),
        "{intake_completed_on} is before intake_started_on {intake_started_on}",
        _("De intake kan niet afgerond zijn vóór de start (%(intake_started_on)s)."),
    ),
    Rule(
        "pip_on",
        ("obligation_on", "pip_on"),
        _before("pip_on", "obligation_on"),
        "{pip_on} is before obligation_on {obligation_on}",
        _("Het PIP kan niet vóór het begin van de inburgeringsplicht (%(obligation_on)s) liggen."),
    ),
    Rule(
        "route",
        ("pip_on", "route"),
        _without("pip_on", "route"),
        "required when pip_on is given",
        _("Kies de leerroute van het PIP."),
    ),
    Rule(
        "route",
        ("pip_on", "route"),
        _without("route", "pip_on"),
        "only allowed when pip_on is given",
        _("Een leerroute hoort bij een PIP: vul ook de datum van het PIP in."),
    ),
    Rule(
        "route_switched_on",
        ("pip_on", "route_switched_on"),
        _without("route_switched_on", "pip_on"),
        "given without pip_on",
        _("Een leerroute wisselen kan pas na het PIP."),
    ),
    Rule(
        "route_switched_on",
        ("pip_on", "route_switched_on"),
        lambda v: (
            given(v.get("route_switched_on"))
            and given(v.get("pip_on"))
            and v["route_switched_on"] <= v["pip_on"]
        ),
        "{route_switched_on} is not after pip_on {pip_on}",
        _("De wissel van leerroute ligt na het PIP (%(pip_on)s)."),
    ),
    Rule(
        "route_switched_on",
        ("pip_on", "route_switched_on"),
        lambda v: (
            given(v.get("route_switched_on"))
            and given(v.get("pip_on"))
            and v["route_switched_on"] > last_switch_on(v["pip_on"])
        ),
        "{route_switched_on} is more than 18 months after pip_on {pip_on} "
        "(the last day to switch is {last_switch_on})",
        _(
            "Wisselen van leerroute kan tot 18 maanden na het PIP, dus uiterlijk op "
            "%(last_switch_on)s."
        ),
    ),
    Rule(
        "route_before",
        ("route_switched_on", "route_before"),
        _without("route_switched_on", "route_before"),
        "required when route_switched_on is given",
        _("Kies de leerroute van vóór de wissel."),
    ),
    Rule(
        "route_before",
        ("route_switched_on", "route_before"),
        _without("route_before", "route_switched_on"),
        "only allowed when route_switched_on is given",
        _("Een vorige leerroute hoort bij een wissel: vul ook de datum van de wissel in."),
    ),
    Rule(
        "route_before",
        ("route", "route_before"),
        lambda v: given(v.get("route_before")) and v.get("route_before") == v.get("route"),
        "is the same as route {route}",
        _("De nieuwe leerroute is dezelfde als de vorige: kies een andere."),
    ),
    Rule(
        "unburdening_until",
        ("unburdening_from", "unburdening_until"),
        _without("unburdening_from", "unburdening_until"),
        "required when unburdening_from is given",
        _("Vul ook in tot wanneer de gemeente ontzorgt."),
    ),
    Rule(
        "unburdening_from",
        ("unburdening_from", "unburdening_until"),
        _without("unburdening_until", "unburdening_from"),
        "required when unburdening_until is given",
        _("Vul ook in vanaf wanneer de gemeente ontzorgt."),
    ),
    Rule(
        "unburdening_until",
        ("unburdening_from", "unburdening_until"),
        _before("unburdening_until", "unburdening_from"),
        "{unburdening_until} is before unburdening_from {unburdening_from}",
        _("Het ontzorgen kan niet eindigen vóór het begint (%(unburdening_from)s)."),
    ),
)


def broken_rules(rules: tuple[Rule, ...], values: dict) -> list[Rule]:
    """The rules that ``values`` break, in their declared order."""
    return [rule for rule in rules if rule.broken(values)]
