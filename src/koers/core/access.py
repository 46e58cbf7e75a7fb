"""Deny by default: every Koers view declares what it shows, or it is refused.

``@view_scope(Category.PERSON)`` (or ``"aggregate"``, ``"any"``, ``"public"``) marks a
view; :class:`ViewScopeMiddleware` refuses any Koers view without a mark, so a new
view that forgets it fails closed (and fails the access-matrix test).
``log_access`` writes the NEN 7513 read log (in the default language, ``core.stored_text``).
"""

from collections.abc import Iterable, Mapping
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.models import AccessLogEntry
from koers.core.scoping import (
    REACH,
    Category,
    aggregate_location_ids,
    get_for_user,
    memberships,
    reads_only,
)
from koers.core.searches import posted_search
from koers.core.services import WriteRefused
from koers.core.stored_text import in_default_language

PUBLIC = "public"  # no login: the login page, health check
ANY = "any"  # any logged-in user: start page, profile, logout
AGGREGATE = "aggregate"  # figures without personal data: team leaders, managers, municipality


def user_reaches(user: Actor, scope: str) -> bool:
    """Whether the user's roles reach this kind of view at all (the rows are scoped later)."""
    if scope in (PUBLIC, ANY):
        return True
    if getattr(user, "is_superuser", False):
        return True
    if scope == AGGREGATE:
        return aggregate_location_ids(user).exists()
    category = Category(scope)
    return any(category in REACH.get(m.role, {}) for m in memberships(user))


def view_scope(scope: str):
    """Mark a view with what it shows; log in unless public; 404 where the role never reaches.

    A write the role table refuses (:class:`~koers.core.services.WriteRefused`, nothing
    written) is answered as "not yours": 404, whatever view it came from.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if scope != PUBLIC:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not user_reaches(request.user, scope):
                    raise Http404
                searched = posted_search(request)  # a typed name goes to the session, not the URL
                if searched is not None:
                    return searched
            try:
                return view(request, *args, **kwargs)
            except WriteRefused:
                raise Http404 from None

        wrapped.koers_scope = scope
        return wrapped

    return decorate


class ViewScopeMiddleware:
    """Refuse every view of a Koers app that declares no scope (deny by default). A request
    that writes no records (GET, HEAD) reads the user's reach once (``scoping.reads_only``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            with reads_only():
                return self.get_response(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        module = getattr(view_func, "__module__", "")
        view_class = getattr(view_func, "view_class", None)
        declared = getattr(view_func, "koers_scope", None) or getattr(
            view_class, "koers_scope", None
        )
        if module.startswith("koers.") and declared is None:
            raise Http404
        return None


def log_access(
    request, people: Iterable, *, action: str, what: str, on_behalf_of: str = ""
) -> None:
    """Write one access-log row per client whose data this response shows."""
    log_access_each(
        request,
        {getattr(person, "pk", person): what for person in people},
        action=action,
        on_behalf_of=on_behalf_of,
    )


def log_access_each(
    request, whats: Mapping[int, str], *, action: str, on_behalf_of: str = ""
) -> None:
    """One access-log row per client id, each saying what of them was shown, in one insert."""
    user = request.user
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user_id=user.pk,
            username=user.get_username(),
            person_id=person_id,
            action=action,
            what=in_default_language(str(what))[
                : AccessLogEntry._meta.get_field("what").max_length
            ],
            path=request.path[:500],  # never the query string: it may hold a searched name
            on_behalf_of=on_behalf_of,
        )
        for person_id, what in whats.items()
    )


def exported(what: str, *, fmt: str, count: int) -> str:
    """What an access-log row of an export says: the list, the format, how many rows."""
    return _("%(what)s geëxporteerd (%(format)s, %(count)s rijen)") % {
        "what": what,
        "format": fmt.upper(),
        "count": count,
    }


def log_export_without_clients(request, what: str, *, fmt: str, count: int) -> None:
    """An export of staff or branch data (the user list, the social map): one access-log
    row that names no client, saying what was exported, how and how many rows."""
    text = exported(what, fmt=fmt, count=count)
    log_access_each(request, {None: text}, action=AccessLogEntry.Action.EXPORT)  # type: ignore[dict-item]


def get_client_record(request, queryset, *, write: bool, what: str, **lookup):
    """One record about a client that the user may see (else 404), its opening logged."""
    record = get_for_user(queryset, request.user, write=write, **lookup)
    action = AccessLogEntry.Action.EDIT if write else AccessLogEntry.Action.VIEW
    log_access(request, [record.person], action=action, what=what)
    return record
