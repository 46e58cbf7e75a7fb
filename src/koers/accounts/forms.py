"""Forms of user management (the choices offered are what the manager may give) and login."""

from django import forms
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.utils.translation import gettext_lazy as _

from koers.accounts import totp
from koers.accounts.models import Language, User
from koers.core.editing import DateInput
from koers.core.listing import location_filter
from koers.core.scoping import GrantRefusal, Role, grant_refusal
from koers.core.text import refuse_bidi_controls


class MembershipForm(forms.Form):
    """A role to give. ``actor`` gives it; ``grantee``: the user who gets it (None: a new one).

    The choices are what the actor gives; ``clean`` asks the role table whether the actor
    gives this role at this place to this user, and says why not next to the field.
    """

    role = forms.ChoiceField(label=_("Rol"))
    location: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Locatie"), queryset=None, required=False
    )
    region = forms.CharField(
        label=_("Regio"), required=False, help_text=_("Alleen voor een regiomanager.")
    )
    started_on = forms.DateField(label=_("Vanaf"), widget=DateInput(), required=False)

    def __init__(self, *args, roles, locations, actor, grantee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["role"].error_messages["invalid_choice"] = _("Deze rol kunt u niet toekennen.")
        self.fields["location"].queryset = locations
        self.fields["location"].error_messages["invalid_choice"] = _(
            "Bij deze locatie kunt u geen rollen toekennen."
        )
        self.regions = set(locations.values_list("region", flat=True))
        self.actor, self.grantee = actor, grantee

    def clean(self):
        data = super().clean()
        if self.grantee is not None and self.grantee.pk == self.actor.pk:
            self._errors.pop("role", None)  # whatever the role: this is the reason
            self.add_error("role", _("Uw eigen rollen kunt u niet wijzigen."))
            return data
        role, location, region = data.get("role"), data.get("location"), data.get("region")
        if role == Role.REGIONAL_MANAGER:
            if not region:
                self.add_error("region", _("Kies de regio van de regiomanager."))
            elif region not in self.regions:
                self.add_error("region", _("Deze regio ken ik niet."))
        elif (
            role
            and role != Role.ADMINISTRATOR
            and location is None
            and "location" not in self.errors  # not a refused place: none chosen
        ):
            self.add_error("location", _("Kies de locatie van deze rol."))
        if role and not self.errors:
            self._check_grant(role, location)
        return data

    def _check_grant(self, role, location) -> None:
        refusal = grant_refusal(
            self.actor,
            grantee_id=getattr(self.grantee, "pk", None),
            role=role,
            location_id=getattr(location, "pk", None) if role != Role.REGIONAL_MANAGER else None,
        )
        if refusal == GrantRefusal.SELF:
            self.add_error("role", _("Uw eigen rollen kunt u niet wijzigen."))
        elif refusal == GrantRefusal.ROLE:
            self.add_error("role", _("Deze rol kunt u niet toekennen."))
        elif refusal == GrantRefusal.PLACE:
            self.add_error("location", _("Deze rol kunt u bij deze locatie niet toekennen."))


class UserCreateForm(MembershipForm):
    """A new user with their first role (a user without a role sees nothing).

    No password: the new user chooses one when they enrol through their invitation.
    """

    username = forms.CharField(
        label=_("Gebruikersnaam"), max_length=150, validators=[refuse_bidi_controls]
    )
    first_name = forms.CharField(
        label=_("Voornaam"), max_length=150, validators=[refuse_bidi_controls]
    )
    last_name = forms.CharField(
        label=_("Achternaam"), max_length=150, validators=[refuse_bidi_controls]
    )
    email = forms.EmailField(label=_("E-mailadres"))

    field_order = ["username", "first_name", "last_name", "email"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Deze gebruikersnaam bestaat al."))
        return username


class LoginForm(forms.Form):
    """The password step. Its one error never says whether the user name exists."""

    username = UsernameField(  # Unicode-normalised (NFKC), as user names are stored
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TOTPCodeForm(forms.Form):
    """Six digits from the authenticator app (spaces, as some apps show them, are fine)."""

    code = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        max_length=12,
        help_text=_("De 6 cijfers die de app nu laat zien."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if len(code) != totp.DIGITS or not code.isdigit():
            raise forms.ValidationError(_("Vul de 6 cijfers uit de app in."))
        return code


class InvitationEnrolForm(TOTPCodeForm):
    """Enrolment through an invitation: the first code of the new app, and the password.

    A new account has no password yet: its user chooses one here (twice). A user whose
    two-step login was reset types their current password, so that the link alone is
    not enough to take over their account.
    """

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].widget.attrs.pop("autofocus")
        if user.has_usable_password():
            self.fields["current_password"] = forms.CharField(
                label=_("Uw wachtwoord"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
            first = "current_password"
        else:
            self.fields["new_password1"] = forms.CharField(
                label=_("Kies een wachtwoord"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                help_text=password_validators_help_text_html(),
            )
            self.fields["new_password2"] = forms.CharField(
                label=_("Herhaal het wachtwoord"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )
            first = "new_password1"
        self.fields[first].widget.attrs["autofocus"] = True
        self.order_fields(["current_password", "new_password1", "new_password2", "code"])

    def clean(self):
        data = super().clean()
        chosen, again = data.get("new_password1"), data.get("new_password2")
        if chosen and again and chosen != again:
            self.add_error("new_password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif chosen:
            try:
                validate_password(chosen, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data

    def current_password_ok(self) -> bool:
        if "current_password" not in self.fields:
            return True
        return self.user.check_password(self.cleaned_data["current_password"])

    def chosen_password(self) -> str | None:
        return self.cleaned_data.get("new_password1") or None


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Herstelcode"),
        max_length=40,
        help_text=_(
            "Een van de tien codes die u bij het instellen heeft bewaard, zoals abcd-efgh-jkmn."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class LanguageForm(forms.Form):
    """The language of the interface; each choice in its own language (``Language``)."""

    language = forms.ChoiceField(
        label=_("Taal van Koers"), choices=Language.choices, widget=forms.RadioSelect
    )


class UserFilter(forms.Form):
    """The user list's filters: a current role, at a branch, active or switched off."""

    role = forms.ChoiceField(
        label=_("rol"), choices=[("", _("alle")), *Role.choices], required=False
    )
    location = location_filter()
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("alle")), ("active", _("actief")), ("blocked", _("uitgeschakeld"))],
        required=False,
    )
    q = forms.CharField(label=_("naam of gebruikersnaam"), required=False, max_length=150)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
