"""``koers jobs``: run the API's queued bundle jobs and tidy up after finished ones.

With ``KOERS_JOBS=worker`` this is what runs jobs (as a service: ``koers jobs --loop``,
or from cron every minute); with the default ``thread`` it only tidies: abandoned jobs
(their process died) are marked failed, files of jobs older than a week are deleted.
"""

import time

from django.core.management.base import BaseCommand

from koers.api import jobs


class Command(BaseCommand):
    help = "Voert wachtende API-taken (bundels) uit en ruimt afgeronde taken op."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="blijf draaien (elke 5 s)")

    def handle(self, *args, loop: bool, **options):
        while True:
            ran = jobs.run_queued()
            failed, removed = jobs.tidy()
            if ran or failed or removed or not loop:
                self.stdout.write(
                    f"{ran} taken uitgevoerd, {failed} onderbroken taken als mislukt gemarkeerd, "
                    f"{removed} oude bestanden verwijderd"
                )
            if not loop:
                return
            time.sleep(5)
