"""Users and their roles per branch; their second factors, failed attempts and logins."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from koers.core.fields import EncryptedBinaryField
from koers.core.models import end_not_before_start
from koers.core.scoping import Role
from koers.core.text import SingleLineTexts

SESSION_HASH_SALT = "koers.accounts.User.session_auth_hash"


class Language(models.TextChoices):
    """The interface's languages; Dutch is the default (settings.LANGUAGE_CODE).

    The labels are each language's own name, untranslated: someone who cannot read the
    current language still finds their own (docs/translations.md).
    """

    DUTCH = "nl", "Nederlands"
    ENGLISH = "en", "English"


class User(SingleLineTexts, AbstractUser):
    """A person who logs in to Koers. What they may see comes from their memberships.

    Its names refuse bidirectional controls as a client's do (``core.text``): they show in
    histories, lists and headings. ``session_epoch`` is mixed into the hash every session
    carries: raising it ends all of the user's sessions at their next request, whatever
    the session backend.
    """

    session_epoch = models.PositiveIntegerField(_("sessie-epoch"), default=0, editable=False)
    # Empty: not chosen yet; the login page's choice (a cookie) or Dutch applies.
    language = models.CharField(
        _("taal"), max_length=8, choices=Language.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def _session_hash(self, secret=None) -> str:
        return salted_hmac(
            SESSION_HASH_SALT,
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Roles that count now: started, and not ended (``ended_on`` is the first day without)."""
        today = timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), started_on__lte=today)


class Membership(models.Model):
    """A user's role at one branch, or (regional manager) over one region.

    It counts from ``started_on`` up to, not including, ``ended_on``: a role ended today
    gives nothing from that moment on, and the row stays as history.
    """

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    location = models.ForeignKey(
        "core.Location",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    region = models.CharField(_("regio"), max_length=200, blank=True)
    started_on = models.DateField(_("vanaf"), default=timezone.localdate)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_fits_role",
                condition=(Q(role=Role.REGIONAL_MANAGER, location__isnull=True) & ~Q(region=""))
                | Q(role=Role.ADMINISTRATOR, location__isnull=True)
                | (
                    ~Q(role__in=[Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
                    & Q(location__isnull=False)
                ),
            ),
            end_not_before_start("started_on", "ended_on", "membership_end_not_before_start"),
        ]

    def __str__(self) -> str:
        where = self.location or self.region or _("alle locaties")
        return f"{self.user} — {self.get_role_display()} ({where})"


class TOTPDevice(models.Model):
    """An authenticator app of a user: its secret and the last time step it was used for.

    A device counts once ``confirmed_at`` is set, after the user typed one code from it.
    The secret is stored encrypted (``KOERS_FIELD_KEY``): a copy of the database alone
    does not give anyone the user's codes.
    """

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="totp_devices"
    )
    secret = EncryptedBinaryField(_("geheim"))
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("bevestigd"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("laatst gebruikte tijdstap"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")

    def __str__(self) -> str:
        # outside the f-string: xgettext does not find a message inside one
        state = _("bevestigd") if self.confirmed_at else _("niet bevestigd")
        return f"{self.user} — {state}"


class RecoveryCode(models.Model):
    """One of a user's ten one-time recovery codes, stored hashed like a password."""

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(_("hash"), max_length=200, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, editable=False)
    used_at = models.DateTimeField(_("gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("herstelcode")
        verbose_name_plural = _("herstelcodes")

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d}"


class Invitation(models.Model):
    """A single-use link with which a user sets up their authenticator app.

    The only way to enrol: a new account, or one whose two-step login was reset, gets
    one (by e-mail, or handed over by whoever made it). Only a hash of the link's code
    is stored. It ends when used, when it expires, or when a newer one is made.
    """

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="invitations"
    )
    code_hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt"), null=True, blank=True)
    voided_at = models.DateTimeField(_("vervallen"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        indexes = [models.Index(fields=["user", "created_at"], name="invitation_user_created")]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d %H:%M}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.voided_at is None and self.expires_at > now


class LoginAttempt(models.Model):
    """A failed login (password or second factor) for a user name from an address.

    Kept only as long as the lockout windows need them (pruned on every write).
    """

    username = models.CharField(_("gebruikersnaam"), max_length=150)
    address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("mislukte inlogpoging")
        verbose_name_plural = _("mislukte inlogpogingen")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "address", "at"], name="login_attempt_pair"),
            models.Index(fields=["username", "at"], name="login_attempt_username"),
            models.Index(fields=["at"], name="login_attempt_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.address}"


class LoginEvent(models.Model):
    """A completed login: what the user sees as "recent logins" on their account page."""

    class Method(models.TextChoices):
        TOTP = "totp", _("code uit de app")
        RECOVERY = "recovery", _("herstelcode")
        ENROLMENT = "enrolment", _("nieuwe app ingesteld")

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="login_events"
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    method = models.CharField(_("tweede stap"), max_length=20, choices=Method.choices)

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("loginhistorie")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="login_event_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.address}"
