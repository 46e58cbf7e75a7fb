"""``koers demo``: load the synthetic demo region and print the demo logins."""

import os
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from koers.core.models import Location
from koers.demo.generate import DEFAULT_SEED, generate_demo
from koers.demo.users import DEMO_PASSWORD, LOGINS, invitation_links, login_table


class Command(BaseCommand):
    help = (
        "Laad de synthetische demoregio Zuidwest-Nederland (zes locaties, drie jaar "
        "gegevens tot vandaag) met een gebruiker voor elke rol, en toon de inloggegevens."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Doe niets (behalve de inloggegevens tonen) als er al gegevens zijn.",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Zelfde seed, zelfde data."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Schaal van alle aantallen (1 = de omvang van de jaarverslagen).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook uitvoeren als KOERS_ENV=production (alleen voor een demoserver).",
        )

    def handle(self, *args, if_empty: bool, seed: int, scale: float, force: bool, **options):
        if os.environ.get("KOERS_ENV") == "production" and not force:
            raise CommandError(
                "Dit is een productieomgeving (KOERS_ENV=production): geen demogegevens. "
                "Gebruik --force alleen op een demoserver."
            )
        if scale <= 0:
            raise CommandError("--scale moet groter dan 0 zijn.")
        if Location.objects.exists():
            if not if_empty:
                raise CommandError(
                    "De database bevat al gegevens; de demo wordt alleen in een lege database "
                    "geladen (leeg hem met `koers flush`, of gebruik --if-empty)."
                )
            self.stdout.write("Er zijn al gegevens; de demo is niet opnieuw geladen.")
            self._print_logins(existing_only=True)
            return
        started = time.monotonic()
        counts, _ = generate_demo(seed=seed, scale=scale)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demoregio geladen in {time.monotonic() - started:.1f} s "
                f"(seed {seed}): {sum(counts.values())} rijen."
            )
        )
        if options["verbosity"] > 1:
            for label, count in counts.items():
                self.stdout.write(f"  {label:34} {count:>8}")
        self._print_logins(existing_only=False)

    def _print_logins(self, *, existing_only: bool) -> None:
        logins = LOGINS
        if existing_only:
            existing = set(
                get_user_model()
                .objects.filter(username__in=[login.username for login in LOGINS])
                .values_list("username", flat=True)
            )
            logins = tuple(login for login in LOGINS if login.username in existing)
        if not logins:
            return
        links = invitation_links(logins)
        self.stdout.write("")
        self.stdout.write(login_table(logins))
        self.stdout.write("")
        self.stdout.write(f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}")
        if not links:
            return
        self.stdout.write(
            "Inloggen kan pas na het instellen van een authenticator-app "
            "(tweestapsverificatie), en dat kan alleen met een uitnodiging. Open de link "
            "van de gebruiker die u wilt proberen, typ het wachtwoord hierboven en scan de "
            "QR-code met een app met TOTP-codes. Elke link werkt één keer; deze opdracht "
            "maakt nieuwe voor wie nog geen app heeft."
        )
        self.stdout.write("")
        width = max(len(username) for username in links)
        for username, link in links.items():
            self.stdout.write(f"{username.ljust(width)}  {link}")
