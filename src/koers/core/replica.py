"""Reading figures from a PostgreSQL standby (``DATABASE_REPLICA_URL``), writing to the primary.

With a ``replica`` database configured, the GET requests of views that show figures without
personal data (``@view_scope(AGGREGATE)``: reports, the region report, the municipality
view, their downloads) read from the standby; every other request, every write and every
read inside a transaction use the primary. Accounts and sessions are always read from the
primary, so a blocked account or a new password takes effect at once.

Read your own writes: a request that writes a record pins its user's session to the
primary for ``KOERS_REPLICA_PIN_SECONDS`` (default 30, far above a healthy standby's lag
of milliseconds), and the rest of that request reads from the primary too. Without a
replica the router answers nothing and Django uses ``default`` as always.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from koers.core.access import AGGREGATE

REPLICA = "replica"
PIN_KEY = "koers_primary_until"
# Bookkeeping rows that every visit may write: they do not pin the visitor to the primary.
# The facts a figure page computes and stores (indicators.Fact, ScopeFact) are derived, not
# the reader's own write: storing them must not move the reader (and the rest of the page)
# off the standby. A fact computed from a standby that lags saw an older write number, so
# it is stale, never stale unseen (docs/indicators.md, "Facts").
NOT_PINNING = frozenset(
    {
        "sessions.session",
        "core.accesslogentry",
        "accounts.loginattempt",
        "accounts.loginevent",
        "indicators.fact",
        "indicators.scopefact",
    }
)
ALWAYS_PRIMARY_APPS = frozenset({"sessions", "accounts", "auth", "contenttypes"})

_reading = ContextVar("koers_reading_replica", default=False)
_wrote = ContextVar("koers_wrote", default=False)


def pin_seconds() -> float:
    return float(getattr(settings, "KOERS_REPLICA_PIN_SECONDS", 30))


def configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """Reads of figure requests to the standby; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if (
            _reading.get()
            and not _wrote.get()
            and model._meta.app_label not in ALWAYS_PRIMARY_APPS
            and configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        if model._meta.label_lower not in NOT_PINNING:
            _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy: every relation holds on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the standby follows the primary's schema


def pinned(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.get(PIN_KEY, 0) > time.time()


class ReplicaMiddleware:
    """Marks the figure requests that may read from the standby; pins a writer's session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = _reading.set(False)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() and configured() and hasattr(request, "session"):
                request.session[PIN_KEY] = time.time() + pin_seconds()
            return response
        finally:
            _reading.reset(reading)
            _wrote.reset(wrote)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method in ("GET", "HEAD")
            and getattr(view_func, "koers_scope", None) == AGGREGATE
            and configured()
            and not pinned(request)
        ):
            _reading.set(True)
        return None
