"""One timeline of a client's file, built from the sources the domain apps register.

The base knows no domain: each app that keeps records about a client registers a
:class:`TimelineSource` in its ``AppConfig.ready()``::

    register(timeline_sources=[
        TimelineSource("contact", _("Contacten"), (Category.COACHING,), timeline.contacts),
    ])

``entries(user, person)`` returns the :class:`TimelineEntry` rows of that client the
user may see: it reads through ``Model.objects.for_user(user)`` (the same rules as the
file's sections) in a fixed number of queries, however many rows the client has (select
and prefetch what the titles need; never a query per row). The file's timeline page
(``people.views.person_timeline``) asks only the sources of the kinds the user chose and
reaches (``categories``), sorts the entries newest first and groups them by month.

A source that fails is logged and named as unavailable; the rest of the timeline shows.
"""

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from koers.core.access import user_reaches
from koers.core.actors import SystemActor, Viewer
from koers.core.registry import registry
from koers.core.scoping import Category

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimelineEntry:
    """One event in a client's history.

    ``on``: the day it happened; ``title``: what happened, in Dutch, without internal codes
    (use choices' labels); ``detail``: one more line (who, outcome), may be empty; ``url``:
    the record's page (or the file's section that shows it), empty when there is none;
    ``rank`` orders events of one day within a source (higher: later in the day's story).
    ``kind`` is filled in by the timeline from the source.
    """

    on: datetime.date
    title: str
    detail: str = ""
    url: str = ""
    rank: int = 0
    kind: str = ""


Entries = Callable[[Viewer, object], Iterable[TimelineEntry]]


@dataclass(frozen=True)
class TimelineSource:
    """A kind of event on the client's timeline, and how to read it.

    ``kind``: a short code for the filter (``?soort=contact``; a code, never personal data);
    ``label``: the Dutch name of the kind (plural, as the filter shows it); ``categories``: the
    data categories its records belong to (a user whose roles reach none is not asked);
    ``entries(user, person)``: the events; ``order``: place in the filter list.
    """

    kind: str
    label: str
    categories: tuple[Category, ...]
    entries: Entries
    order: int = 100


@dataclass
class Timeline:
    entries: list[TimelineEntry]
    kinds: list[TimelineSource]  # the kinds this user may filter on
    chosen: list[str]  # the kinds shown (all when none chosen)
    unavailable: list[str]  # the labels of sources that failed


def timeline_sources(user: Viewer) -> list[TimelineSource]:
    """The registered sources whose category the user's roles reach, in their order (the
    system actor reaches every one)."""
    sources = sorted(registry["timeline_sources"], key=lambda source: (source.order, source.kind))
    if isinstance(user, SystemActor):
        return sources
    return [
        source
        for source in sources
        if any(user_reaches(user, category) for category in source.categories)
    ]


def timeline_of(user: Viewer, person, *, kinds: Sequence[str] = ()) -> Timeline:
    """The client's events the user may see, newest first; only ``kinds`` when given
    (unknown kinds are ignored)."""
    reachable = timeline_sources(user)
    known = {source.kind for source in reachable}
    chosen = [kind for kind in dict.fromkeys(kinds) if kind in known]
    entries: list[TimelineEntry] = []
    unavailable = []
    for source in reachable:
        if chosen and source.kind not in chosen:
            continue
        try:
            found = [replace(entry, kind=source.kind) for entry in source.entries(user, person)]
        except Exception:
            logger.exception("timeline source %s failed", source.kind)
            unavailable.append(str(source.label))
            continue
        entries.extend(found)
    order = {source.kind: index for index, source in enumerate(reachable)}
    entries.sort(key=lambda e: (e.on, -order[e.kind], e.rank), reverse=True)
    return Timeline(entries=entries, kinds=reachable, chosen=chosen, unavailable=unavailable)
