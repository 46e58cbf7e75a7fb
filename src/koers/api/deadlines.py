"""Open deadline items: what the worklist shows, as a list a program can follow.

``GET /deadlines/`` answers the items open on a day (today by default) at the branches
the user reaches, through the one selector the worklist, the digest and ``koers
deadlines`` read (:func:`koers.deadlines.selectors.open_items`): the same rules, the
same terms, the same scope. Who may read them: whoever reaches the worklist (clients'
data, ``Category.PERSON``); a municipality viewer gets 404. Each client whose items
the page holds is in the access log. The items carry references (uid and external
id) to the client and the record, no names: ``/people/{uid}/`` has those.
"""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from koers.api import schemas
from koers.api.auth import on_behalf_of
from koers.api.errors import not_found
from koers.api.pagination import DEFAULT_LIMIT, page_of_list
from koers.api.records import READ_ERRORS
from koers.api.types import Count, Day, Text
from koers.core.access import log_access, user_reaches
from koers.core.models import AccessLogEntry, Location
from koers.core.scoping import Category
from koers.deadlines.models import AppliesTo
from koers.deadlines.selectors import DeadlineItem, open_items

router = Router(tags=["Termijnen"])


class DeadlineFilters(Schema):
    on: Day = Field(None, description="de dag waarop de termijnen open zijn (standaard vandaag)")
    due_until: Day = Field(None, description="alleen termijnen die uiterlijk op deze dag vervallen")
    location: Text = Field(None, max_length=64, description="extern id van de locatie")
    kind: Literal[tuple(AppliesTo.values)] = Field(  # type: ignore[valid-type]
        None, description="soort record"
    )
    rule: Text = Field(None, max_length=64, description="code van de termijnregel")
    limit: Count = Field(DEFAULT_LIMIT, ge=1, le=500, description="rijen per pagina")
    cursor: Text = Field(
        None,
        max_length=22,
        pattern=r"^[A-Za-z0-9_-]{22}$",
        description="next_cursor van de vorige pagina (met dezelfde filters)",
    )


class DeadlinePage(Schema):
    on: datetime.date
    results: list[schemas.DeadlineOut]
    next_cursor: str | None = None


def as_out(item: DeadlineItem, places: dict[int, str]) -> dict:
    return {
        "rule": item.rule,
        "rule_name": str(item.rule_name),
        "kind": item.kind,
        "location": places[item.location_id],
        "person": {"uid": item.person_uid, "external_id": item.person_id},
        "record": {"uid": item.record_uid, "external_id": item.record_id},
        "detail": str(item.detail),
        "anchor_on": item.anchor_on,
        "due_on": item.due_on,
        "status": item.status,
    }


@router.get(
    "/deadlines/",
    response={200: DeadlinePage, **READ_ERRORS},
    operation_id="deadlines_list",
    summary="Open termijnen: lijst",
)
def deadlines(request: HttpRequest, filters: Query[DeadlineFilters]):
    if not user_reaches(request.user, Category.PERSON):
        raise not_found()
    on = filters.on or timezone.localdate()
    branches = Location.objects.for_user(request.user)
    if filters.location is not None:
        branches = branches.filter(external_id=filters.location)
    places = dict(branches.values_list("pk", "external_id"))
    items = open_items(
        on=on, locations=list(places), user=request.user, due_until=filters.due_until
    )
    items = [
        item
        for item in items
        if (filters.kind is None or item.kind == filters.kind)
        and (filters.rule is None or item.rule == filters.rule)
    ]
    found, next_cursor = page_of_list(items, cursor=filters.cursor, limit=filters.limit)
    log_access(
        request,
        sorted({item.person_pk for item in found}),
        action=AccessLogEntry.Action.VIEW,
        what="API: termijnen",
        on_behalf_of=on_behalf_of(request),
    )
    return {
        "on": on,
        "results": [as_out(item, places) for item in found],
        "next_cursor": next_cursor,
    }
