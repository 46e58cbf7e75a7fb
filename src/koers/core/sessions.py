"""Django's database sessions, saved so that two requests of one session at the same moment
lose nothing of each other's kept searches (koers.core.searches).

A session is read when a request starts and written whole when it ends, so of two requests
at once the last to end wins: Enter in the client search sends the form twice at once
(htmx's live search and the browser's own submit), and the search the page was sent to was
gone ("Deze zoekopdracht is verlopen"). Here the save reads the stored searches again inside
its transaction, with the row locked (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the
``IMMEDIATE`` transaction holds the write lock), and keeps both requests' searches. SQLite
refuses a second writer at once where its busy wait does not apply (a shared-cache
database): the save is then tried again for a few seconds instead of ending the request
with "the session was deleted" (400).

settings.SESSION_ENGINE = "koers.core.sessions".
"""

import time

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import OperationalError, router, transaction

from koers.core import searches

ATTEMPTS = 60
PAUSE = 0.005  # seconds times the attempt's number: about 9 s in all


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create)
        using = router.db_for_write(self.model)
        for attempt in range(1, ATTEMPTS + 1):
            stored = True  # until read: a lock refused before the read is tried again
            try:
                with transaction.atomic(using=using):
                    stored = self._keep_stored_searches(using)
                    return super().save(must_create)
            except (OperationalError, UpdateError):
                # a session deleted meanwhile (a logout) is not tried again
                if attempt == ATTEMPTS or not stored:
                    raise UpdateError from None
                time.sleep(PAUSE * attempt)
        return None

    def _keep_stored_searches(self, using: str) -> bool:
        """Put the searches another request stored meanwhile into this session's; False
        when the session is no longer stored."""
        stored = (
            self.model.objects.using(using)
            .select_for_update()
            .filter(session_key=self.session_key)
            .values_list("session_data", flat=True)
            .first()
        )
        if stored is None:
            return False
        theirs = self.decode(stored).get(searches.SESSION_KEY)
        if theirs:
            self[searches.SESSION_KEY] = searches.merged(theirs, self.get(searches.SESSION_KEY, {}))
        return True
