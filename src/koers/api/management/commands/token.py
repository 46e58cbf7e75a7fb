"""``koers token``: API tokens for a user.

``koers token create USERNAME --name NAME [--days N]`` prints a new token (shown this
once); ``koers token list [USERNAME]`` lists tokens without their secret;
``koers token revoke ID`` stops one (ID: its uid, or the start shown in the list).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from koers.accounts.models import User
from koers.api.models import ApiToken
from koers.api.services import DEFAULT_DAYS, token_create, token_revoke
from koers.core.actors import CLI

STATUS = {"active": "geldig", "expired": "verlopen", "revoked": "ingetrokken"}


class Command(BaseCommand):
    help = "API-sleutels maken, tonen en intrekken."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="een nieuwe sleutel (één keer getoond)")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="waarvoor de sleutel is")
        create.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=f"geldig (standaard {DEFAULT_DAYS})"
        )
        listing = actions.add_parser("list", help="sleutels, zonder hun geheim")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="een sleutel intrekken")
        revoke.add_argument("token", metavar="ID", help="uid of begin van de sleutel")

    def handle(self, *args, action: str, **options):
        getattr(self, f"do_{action}")(**options)

    def do_create(self, *, username: str, name: str, days: int, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"onbekende gebruiker: {username!r}")
        try:
            made = token_create(user=user, name=name, days=days, by=CLI)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        expires = timezone.localtime(made.token.expires_at)
        self.stderr.write(
            f"Sleutel '{made.token.name}' voor {username}, geldig tot {expires:%Y-%m-%d %H:%M}. "
            "Bewaar hem nu: hij wordt niet opnieuw getoond."
        )
        self.stdout.write(made.secret)

    def do_list(self, *, username: str | None = None, **options):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            used = (
                f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                if token.last_used_at
                else "nooit"
            )
            self.stdout.write(
                f"{token.uid}  {token.prefix}…  {token.user.username:<20} {token.name:<30} "
                f"{STATUS[token.status]:<11} tot {timezone.localtime(token.expires_at):%Y-%m-%d}  "
                f"laatst gebruikt {used}"
            )

    def do_revoke(self, *, token: str, **options):
        found = ApiToken.objects.filter(prefix=token) if token.startswith("koers_") else None
        if found is None:
            try:
                found = ApiToken.objects.filter(uid=token)
            except (ValueError, ValidationError):  # not a uid
                found = ApiToken.objects.none()
        matches = list(found[:2])
        if len(matches) != 1:
            raise CommandError(f"geen (of meer dan één) sleutel {token!r}")
        revoked = token_revoke(token=matches[0], by=CLI)
        self.stdout.write(f"Ingetrokken: '{revoked.name}' van {revoked.user.username}.")
