"""`koers serve`: gunicorn answers the health check and WhiteNoise serves the static files."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from koers.core.management.commands.serve import url_for


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("0.0.0.0:9000", "http://localhost:9000/"),
        (":8080", "http://127.0.0.1:8080/"),
        ("unix:/run/koers.sock", "unix:/run/koers.sock"),
    ],
)
def test_serve_prints_the_address_to_open(bind, url):
    assert url_for(bind) == url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (loopback only)
        return response.status, response.read(), response.headers.get("Content-Type", "")


def test_serve_runs_gunicorn_with_health_check_and_static_files(tmp_path):
    env = {**os.environ, "KOERS_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "DEBUG": "0"}
    koers = [sys.executable, "-m", "koers.cli"]
    subprocess.run([*koers, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [*koers, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body, _ = get(f"http://127.0.0.1:{port}/gezond/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200
        assert json.loads(body) == {"status": "ok"}
        status, body, content_type = get(f"http://127.0.0.1:{port}/static/koers/htmx.min.js")
        assert status == 200
        assert "javascript" in content_type
        assert body
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output.splitlines()[0]
    assert "gunicorn" in output
