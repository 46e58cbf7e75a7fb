"""``koers two_factor_reset USERNAME``: the way back in when nobody in the application can
reset a user's second factor (the last administrator lost phone and recovery codes)."""

from django.core.management.base import BaseCommand, CommandError

from koers.accounts.models import User
from koers.accounts.services import two_factor_reset
from koers.core.actors import CLI


class Command(BaseCommand):
    help = (
        "Herstel de tweestapsverificatie van een gebruiker: app en herstelcodes vervallen, "
        "alle sessies eindigen, en bij de volgende login stelt de gebruiker een nieuwe app in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="De gebruikersnaam.")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Geen gebruiker met de naam {username!r}.")
        two_factor_reset(user=user, by=CLI)
        self.stdout.write(f"Tweestapsverificatie van {username} hersteld.")
