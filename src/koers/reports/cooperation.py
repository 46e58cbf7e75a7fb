"""The yearly report's section "Voorlichting, belangenbehartiging en samenwerking".

As in the seeds: the consultations and meetings by kind with the partners' names, the
information sessions and public events with their audiences, the signals reported to
the municipality, and (from the report's story mechanism) the team leader's text.

Every count comes from the indicator figures (``cooperation.*``, ``outreach.*``); the
names, titles and audiences that a figure cannot hold come from :func:`section_details`,
a JSON-ready dict that a published edition freezes with its figures. Only the signals'
list is counted here: signals have no key in the figures.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from koers.coaching.models import Signal, SignalTopic
from koers.cooperation.models import OUTREACH_KINDS, Activity, ActivityKind, Partner, PartnerKind
from koers.core.formatting import long_date_text
from koers.core.formatting import number_text as number  # the one number format
from koers.indicators.periods import Period
from koers.reports.wording import counted, enumeration

SECTION = "cooperation"
CONSULTATION_KINDS = (
    ActivityKind.CASE_CONSULTATION,
    ActivityKind.NETWORK_MEETING,
    ActivityKind.MUNICIPALITY_CONSULTATION,
    ActivityKind.PROJECT_MEETING,
)
NOUNS = {
    ActivityKind.CASE_CONSULTATION: ngettext_lazy(
        "%(amount)s casusoverleg", "%(amount)s casusoverleggen", "count"
    ),
    ActivityKind.NETWORK_MEETING: ngettext_lazy(
        "%(amount)s netwerkbijeenkomst", "%(amount)s netwerkbijeenkomsten", "count"
    ),
    ActivityKind.MUNICIPALITY_CONSULTATION: ngettext_lazy(
        "%(amount)s overleg met de gemeente", "%(amount)s overleggen met de gemeente", "count"
    ),
    ActivityKind.PROJECT_MEETING: ngettext_lazy(
        "%(amount)s projectoverleg", "%(amount)s projectoverleggen", "count"
    ),
}
SHOWN_TITLES = 6  # distinct titles named per kind; the rest as "en N andere"


def section_details(*, locations: Iterable, period: Period) -> dict:
    """What the section names besides figures, for the locations and period (3 queries).

    ``consultations``: per kind of meeting, the distinct partners' names and titles;
    ``sessions``: each information session and public event with its audience (None:
    not recorded); ``signals``: the signals reported to the municipality in the period.
    """
    ids = [getattr(location, "pk", location) for location in locations]
    activities = (
        Activity.objects.filter(location__in=ids, date__gte=period.start, date__lte=period.end)
        .order_by("date", "id")
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name", "id")))
    )
    consultations: dict[str, dict[str, list[str]]] = {}
    sessions = []
    for activity in activities:
        names = [partner.name for partner in activity.partners.all()]
        if activity.kind in OUTREACH_KINDS:
            sessions.append(
                {
                    "date": activity.date.isoformat(),
                    "kind": activity.kind,
                    "title": activity.title,
                    "people_reached": activity.people_reached,
                    "partners": names,
                }
            )
            continue
        found = consultations.setdefault(activity.kind, {"partners": [], "titles": []})
        found["partners"] += [name for name in names if name not in found["partners"]]
        if activity.title not in found["titles"]:
            found["titles"].append(activity.title)
    signals = Signal.objects.filter(
        location__in=ids, reported_on__gte=period.start, reported_on__lte=period.end
    ).order_by("reported_on", "id")
    return {
        "consultations": [
            {"kind": kind.value, **consultations[kind]}
            for kind in CONSULTATION_KINDS
            if kind in consultations
        ],
        "sessions": sessions,
        "signals": [
            {
                "reported_on": signal.reported_on.isoformat(),
                "topic": signal.topic,
                "description": signal.description,
            }
            for signal in signals
        ],
    }


def has_details(details: dict) -> bool:
    return any(details.get(name) for name in ("consultations", "sessions", "signals"))


def _titles(titles: list[str]) -> str:
    shown = titles[:SHOWN_TITLES]
    rest = len(titles) - len(shown)
    others = (
        counted(
            rest, ngettext_lazy("%(amount)s andere", "%(amount)s andere", "count"), leading=True
        )
        if rest
        else ""
    )
    return enumeration([*shown, others])


def _kind_label(code: str) -> str:
    return str(ActivityKind(code).label) if code in ActivityKind.values else code


def _day(iso: str) -> str:
    return long_date_text(datetime.date.fromisoformat(iso))


def _with(line: str, partners: list[str]) -> str:
    """ "…, met A en B": the partners of a meeting or session, when it had any."""
    if not partners:
        return line
    return _("%(line)s, met %(partners)s") % {"line": line, "partners": enumeration(partners)}


def consultation_lines(f, details: dict) -> list[str]:
    """One bullet per kind of meeting: its number (a figure), titles and partners."""
    named = {item["kind"]: item for item in details.get("consultations", [])}
    lines = []
    for kind in CONSULTATION_KINDS:
        count = f[f"cooperation.by_kind.{kind}"]
        if not count:
            continue
        item = named.get(kind, {})
        line = counted(count, NOUNS[kind], leading=True)
        if kind != ActivityKind.CASE_CONSULTATION and item.get("titles"):
            line += f" ({_titles(item['titles'])})"
        lines.append(_with(line, item.get("partners", [])))
    return lines


def session_lines(f, details: dict) -> list[str]:
    """The outreach figures, then each session with its date and audience."""
    sessions = f["outreach.sessions"]
    if not sessions:
        return []
    what = counted(
        sessions,
        ngettext_lazy(
            "%(amount)s voorlichting of publieksactiviteit",
            "%(amount)s voorlichtingen en publieksactiviteiten",
            "count",
        ),
        leading=True,
    )
    reached = counted(
        f["outreach.people_reached"],
        ngettext_lazy("%(amount)s persoon", "%(amount)s mensen", "count"),
        leading=True,
    )
    lines = [
        (
            _("%(sessions)s, samen %(people)s bereikt")
            if sessions > 1
            else _("%(sessions)s, %(people)s bereikt")
        )
        % {"sessions": what, "people": reached}
    ]
    for session in details.get("sessions", []):
        audience = session["people_reached"]
        present = (
            _("aantal niet vastgelegd")
            if audience is None
            else counted(
                audience,
                ngettext_lazy("%(amount)s aanwezige", "%(amount)s aanwezigen", "count"),
                leading=True,
            )
        )
        line = _("%(title)s (%(kind)s, %(day)s): %(present)s") % {
            "title": session["title"],
            "kind": _kind_label(session["kind"]),
            "day": _day(session["date"]),
            "present": present,
        }
        lines.append(_with(line, session["partners"]))
    return lines


def signal_lines(details: dict) -> list[str]:
    signals = details.get("signals", [])
    if not signals:
        return []
    topics = dict(SignalTopic.choices)
    lines = [
        counted(
            len(signals),
            ngettext_lazy(
                "%(amount)s signaal gemeld aan de gemeente",
                "%(amount)s signalen gemeld aan de gemeente",
                "count",
            ),
            leading=True,
        )
    ]
    for signal in signals:
        topic = str(topics.get(signal["topic"], signal["topic"])).capitalize()
        lines.append(
            _("%(topic)s (gemeld %(day)s): %(description)s")
            % {
                "topic": topic,
                "day": _day(signal["reported_on"]),
                "description": signal["description"],
            }
        )
    return lines


def bullets(f, c) -> list[str]:
    """The section's bullets from the figures ``f`` and ``c.details[SECTION]``."""
    details = c.details.get(SECTION, {})
    lines = consultation_lines(f, details)
    lines += session_lines(f, details)
    met = f["cooperation.partners_met"]
    if met:
        kinds = [
            f"{number(count)} {PartnerKind(kind).label}"
            for kind, count in f.under("cooperation.partners_met_by_kind").items()
            if count and kind in PartnerKind.values
        ]
        lines.append(
            counted(
                met,
                ngettext_lazy(
                    "%(amount)s partner in overleg of samenwerking",
                    "%(amount)s partners in overleg of samenwerking",
                    "count",
                ),
                leading=True,
            )
            + (f": {', '.join(kinds)}" if kinds else "")
        )
    staff = f["cooperation.staff_involved"]
    if staff:
        lines.append(
            counted(
                staff,
                ngettext_lazy(
                    "%(amount)s medewerker van ons team nam deel",
                    "%(amount)s medewerkers van ons team namen deel",
                    "count",
                ),
                leading=True,
            )
        )
    return lines + signal_lines(details)
