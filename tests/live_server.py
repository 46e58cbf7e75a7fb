"""The live server of the tests, one request at a time where its threads share one connection.

On SQLite the test database lives in memory, so Django's live server hands every request
thread the test's own connection (``connections_override``). Two requests at once (htmx and a
page, or a test posting twice) then interleave their transactions on that one connection
object, and one pops the other's savepoint (``IndexError`` in ``atomic.__exit__``). That is a
race of the test setup: a deployment has a connection per thread. Where the connection is
shared, the server still takes every connection in a thread of its own (a browser keeps
several open), but runs one request at a time, to the end of its response. On PostgreSQL each
thread has its own connection and requests run at once, as they do in production."""

import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class OneRequestAtATime:
    """A WSGI application that holds a lock from the call until its response is closed (a
    streamed response may read the database while it is sent)."""

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return ReleasedOnClose(response, self.lock)


class ReleasedOnClose:
    """A response's body that releases the lock when the server closes it (it always does,
    also when the client went away: PEP 3333)."""

    def __init__(self, response, lock: threading.Lock):
        self.response = response
        self.lock = lock
        self.held = True

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            if self.held:  # a failing server may close twice
                self.held = False
                self.lock.release()


class TestServer(ThreadedWSGIServer):
    """Django's threaded test server, one request at a time on a shared connection. Static
    files (the live server's outer handler) are served at once: they read no database, and a
    page's stylesheet and scripts need not wait for each other."""

    def set_app(self, application):
        if self.connections_override:
            if isinstance(application, StaticFilesHandler):
                application.application = OneRequestAtATime(application.application)
            else:
                application = OneRequestAtATime(application)
        super().set_app(application)


def install() -> None:
    """Every live server of the run (pytest-django's ``live_server`` builds Django's thread)."""
    LiveServerThread.server_class = TestServer
