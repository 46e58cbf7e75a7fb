"""``koers user``: make accounts from the server's command line, and invitations for them.

    koers user create USERNAME --role ROLE (--location ID | --region NAME) [--email ADDRESS]
    koers user invite USERNAME

``create`` is how the first accounts of a new installation are made (an administrator
first); both print a single-use invitation link, with which the user chooses a password
(a new account has none) and sets up the authenticator app. Hand it over to the user
in person, or send it through a channel only they read.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from koers.accounts import two_factor
from koers.accounts.models import User
from koers.accounts.services import (
    IssuedInvitation,
    invitation_issue,
    membership_start,
    user_create,
)
from koers.core.actors import CLI
from koers.core.models import Location
from koers.core.scoping import Role

WITHOUT_PLACE = {Role.ADMINISTRATOR}
BY_REGION = {Role.REGIONAL_MANAGER}


class Command(BaseCommand):
    help = (
        "Maak een gebruiker met een eerste rol (create), of een nieuwe uitnodiging voor een "
        "gebruiker zonder app (invite); beide tonen een uitnodigingslink van één keer."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="een nieuwe gebruiker met een rol")
        create.add_argument("username")
        create.add_argument("--role", required=True, help="rol: " + ", ".join(Role.values))
        where = create.add_mutually_exclusive_group()
        where.add_argument("--location", help="het externe id van de locatie (de rol is daar)")
        where.add_argument("--region", help="de regio (alleen voor regional_manager)")
        create.add_argument("--email", default="", help="e-mailadres (voor meldingen)")
        create.add_argument("--first-name", default="", help="voornaam")
        create.add_argument("--last-name", default="", help="achternaam")
        invite = actions.add_parser("invite", help="een nieuwe uitnodiging (de oude vervalt)")
        invite.add_argument("username")

    def handle(self, *args, action: str, username: str, **options):
        issued = self.create(username, **options) if action == "create" else self.invite(username)
        until = timezone.localtime(issued.invitation.expires_at)
        self.stdout.write(
            f"Uitnodiging voor {issued.invitation.user.get_username()}, geldig tot "
            f"{until:%Y-%m-%d %H:%M} (één keer te gebruiken):\n"
            f"{issued.link(settings.KOERS_BASE_URL)}"
        )

    def create(self, username: str, *, role, location, region, email, first_name, last_name, **_):
        if role not in Role.values:
            raise CommandError(f"--role: onbekende rol {role!r}; kies uit {', '.join(Role.values)}")
        place = None
        if role in WITHOUT_PLACE:
            if location or region:
                raise CommandError(
                    f"--role {role} geldt voor alle locaties: laat --location en --region weg"
                )
        elif role in BY_REGION:
            regions = sorted(
                set(Location.objects.exclude(region="").values_list("region", flat=True))
            )
            if not region:
                raise CommandError(
                    f"--role {role} vraagt --region (bekend: {', '.join(regions) or 'geen'})"
                )
            if region not in regions:
                raise CommandError(
                    f"--region: onbekende regio {region!r} (bekend: {', '.join(regions) or 'geen'})"
                )
        else:
            if not location:
                raise CommandError(
                    f"--role {role} vraagt --location (het externe id van een locatie)"
                )
            place = Location.objects.filter(external_id=location).first()
            if place is None:
                known = ", ".join(
                    Location.objects.order_by("external_id").values_list("external_id", flat=True)
                )
                raise CommandError(
                    f"--location: onbekende locatie {location!r} (bekend: {known or 'geen'})"
                )
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"Er is al een gebruiker met de naam {username!r}.")
        try:
            with transaction.atomic():
                user = user_create(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    email=email,
                    by=CLI,
                    is_staff=role == Role.ADMINISTRATOR,  # the back office (/beheer/)
                )
                membership_start(user=user, role=role, location=place, region=region or "", by=CLI)
                issued = invitation_issue(user=user, by=CLI)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        where = place or region or "alle locaties"
        self.stdout.write(f"Gebruiker {username} aangemaakt: {Role(role).label}, {where}.")
        return issued

    def invite(self, username: str) -> IssuedInvitation:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Geen gebruiker met de naam {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is uitgeschakeld.")
        if two_factor.has_confirmed_device(user):
            raise CommandError(
                f"{username} heeft al een app ingesteld; herstel eerst met "
                f"`koers two_factor_reset {username}` (dat maakt ook een uitnodiging)."
            )
        return invitation_issue(user=user, by=CLI)
