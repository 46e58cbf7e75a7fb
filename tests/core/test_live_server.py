"""The tests' live server (``tests/live_server.py``): one request at a time on a shared
connection, but static files at once."""

import io

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.testcases import QuietWSGIRequestHandler

from tests import live_server


@pytest.fixture
def server():
    """A test server on a shared connection, not serving (its socket closed at the end)."""
    httpd = live_server.TestServer(
        ("127.0.0.1", 0), QuietWSGIRequestHandler, connections_override={"default": connection}
    )
    yield httpd
    httpd.server_close()


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }


def test_static_files_are_served_while_a_request_holds_the_lock(
    server, connection_kept_for_the_test
):
    server.set_app(StaticFilesHandler(WSGIHandler()))
    app = server.get_app()
    assert isinstance(app, StaticFilesHandler)  # outermost: static files pass no lock
    one_at_a_time = app.application
    assert isinstance(one_at_a_time, live_server.OneRequestAtATime)
    statuses = []
    with one_at_a_time.lock:  # a page's request is running
        body = app(environ("/static/koers/koers.css"), lambda s, h: statuses.append(s))
        assert b".deadline-close" in b"".join(body)
        body.close()
    assert statuses == ["200 OK"]


def test_without_a_static_handler_every_request_passes_the_lock(server):
    server.set_app(WSGIHandler())
    assert isinstance(server.get_app(), live_server.OneRequestAtATime)
