"""``koers serve``: run Koers under gunicorn, static files served by WhiteNoise."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication

# Gunicorn's default format logs the request line with its query string and the Referer,
# which carry what users typed (a search for a client's name is ``?q=name``). Method, path
# without query, protocol, status, size and duration are what operating Koers needs.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The longest request line gunicorn takes (its maximum; the default is 4,094): the API's
# longest address, figures with a list of keys, a region and a branch, fits (docs/api.md).
REQUEST_LINE_BYTES = 8190


def default_workers() -> int:
    """Gunicorn's rule of thumb (two per core, plus one), capped for a small server."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def url_for(bind: str) -> str:
    """The address to open in a browser for a gunicorn bind (host:port or unix:path)."""
    if bind.startswith(("unix:", "fd://")):
        return bind
    host, _, port = bind.rpartition(":")
    host = host or "127.0.0.1"
    if host in {"0.0.0.0", "[::]"}:  # noqa: S104  (only used to print a local address)
        host = "localhost"
    return f"http://{host}:{port}/"


class KoersServer(BaseApplication):
    """Gunicorn with the options given here only (no gunicorn.conf.py is read)."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:
            # newer gunicorns open a control socket at one fixed path in ~/.gunicorn,
            # which a second instance would fight over; Koers does not use it
            self.cfg.set("control_socket_disable", True)

    def load(self):
        from koers.wsgi import application

        return application


class Command(BaseCommand):
    help = "Start Koers met gunicorn (statische bestanden via WhiteNoise uit var/static)."
    requires_system_checks = []  # gunicorn's workers import the app; checks ran at migrate

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("KOERS_BIND", "127.0.0.1:8000"),
            help="Adres om op te luisteren, host:poort of unix:pad (standaard 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Aantal werkprocessen (standaard 2 per processorkern + 1, hoogstens 8).",
        )
        parser.add_argument(
            "--timeout", type=int, default=120, help="Seconden voor een verzoek (PDF-rapporten)."
        )

    def handle(self, *args, bind: str, workers: int, timeout: int, **options):
        if workers < 1:
            raise CommandError("--workers moet minstens 1 zijn.")
        static_root = settings.STATIC_ROOT
        if not (static_root.is_dir() and any(static_root.iterdir())):
            self.stderr.write(
                f"Let op: {static_root} is leeg; draai eerst `koers collectstatic --noinput`."
            )
        self.stdout.write(f"Koers draait op {url_for(bind)} (Ctrl-C om te stoppen)")
        self.stdout.flush()
        KoersServer(
            {
                "bind": bind,
                "workers": workers,
                "timeout": timeout,
                "accesslog": "-",
                "access_log_format": ACCESS_LOG_FORMAT,
                "limit_request_line": REQUEST_LINE_BYTES,
                "errorlog": "-",
                "proc_name": "koers",
            }
        ).run()
