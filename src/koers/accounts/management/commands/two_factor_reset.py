"""``koers two_factor_reset USERNAME``: the way back in when nobody in the application can
reset a user's second factor (the last administrator lost phone and recovery codes).
Prints the invitation with which the user sets up a new app."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from koers.accounts.models import User
from koers.accounts.services import two_factor_reset
from koers.core.actors import CLI


class Command(BaseCommand):
    help = (
        "Herstel de tweestapsverificatie van een gebruiker: app en herstelcodes vervallen, "
        "alle sessies eindigen; de uitnodigingslink om een nieuwe app in te stellen wordt getoond."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="De gebruikersnaam.")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Geen gebruiker met de naam {username!r}.")
        issued = two_factor_reset(user=user, by=CLI)
        until = timezone.localtime(issued.invitation.expires_at)
        self.stdout.write(
            f"Tweestapsverificatie van {username} hersteld. Uitnodiging, geldig tot "
            f"{until:%Y-%m-%d %H:%M} (één keer te gebruiken):\n"
            f"{issued.link(settings.KOERS_BASE_URL)}"
        )
