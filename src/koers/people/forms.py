"""Forms of the client file and of household registration (Dutch labels come from the models)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core import dates
from koers.core.editing import (
    ConflictRow,
    DateInput,
    WorkForm,
    WorkModelForm,
    field_of,
    plain_messages,
    shown,
)
from koers.core.languages import LANGUAGE_CHOICES, language_name
from koers.core.listing import location_filter
from koers.core.models import AccessLogEntry
from koers.core.services import ConflictError
from koers.people.models import Dwelling, Person
from koers.people.phones import normalised_phone
from koers.people.services import household_warnings, languages_of, person_warnings

PERSON_FIELDS = [
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "nationality",
    "v_number",
    "arrival_route",
    "permit_granted_on",
]
DATE_WIDGETS = {
    name: DateInput()
    for name in ("birth_date", "permit_granted_on", "participation_statement_signed_on")
}


class PersonForm(WorkModelForm):
    """A person's details; ``version`` is the one the editor opened (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Person
        fields = [
            *PERSON_FIELDS,
            "civic_integration_required",
            "participation_statement_signed_on",
        ]
        widgets = DATE_WIDGETS

    def __init__(self, *args, household_birth_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.household_birth_dates = list(household_birth_dates)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def implausible(self, data: dict) -> list[str]:
        # the dates themselves: core.dates (refused after today, "Klopt dit?" far back)
        doubt = dates.permit_doubt(data.get("birth_date"), data.get("permit_granted_on"))
        warnings = [doubt] if doubt else []
        if data.get("birth_date"):
            warnings += household_warnings([*self.household_birth_dates, data["birth_date"]])
        return warnings

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ContactDetailsForm(WorkForm):
    """How to reach the client: phone, e-mail, the languages they speak, an interpreter."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    phone = field_of(Person, "phone")
    email = field_of(Person, "email")
    languages = forms.MultipleChoiceField(
        label=_("Talen die de cliënt spreekt"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Houd Ctrl (Mac: Cmd) ingedrukt om meer talen te kiezen."),
    )
    interpreter_language = field_of(Person, "interpreter_language")

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                version=person.version,
                phone=person.phone_shown,
                email=person.email,
                languages=languages_of(person),
                interpreter_language=person.interpreter_language,
            )
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")
        self.fields["email"].widget.attrs.update(autocomplete="off")

    def clean_phone(self) -> str:
        return normalised_phone(self.cleaned_data["phone"])

    def conflict_rows(self, error: ConflictError) -> list[ConflictRow]:
        attempted = dict(error.attempted)
        wanted = attempted.pop("languages", [])
        rows = super().conflict_rows(ConflictError(error.current, attempted))
        rows.append(
            ConflictRow(
                label=str(self.fields["languages"].label),
                saved=", ".join(map(language_name, languages_of(error.current))) or shown(""),
                yours=", ".join(map(language_name, wanted)) or shown(""),
            )
        )
        return rows


class MemberForm(forms.ModelForm):
    """One member of a household being registered."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_messages(self)


class NewMemberChecks:
    """What a new member of a household is checked for before it is saved: an unlikely
    birth or permit date, a household without an adult, and a person who may already be in
    Koers (``find(given, family, born)``, e.g. ``people.duplicates.shown_duplicates``)."""

    def __init__(self, *args, find, household_birth_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.find = find
        self.household_birth_dates = list(household_birth_dates)
        self.duplicates = None

    def implausible(self, data: dict) -> list[str]:
        warnings = person_warnings(birth_date=data.get("birth_date"))
        doubt = dates.permit_doubt(data.get("birth_date"), data.get("permit_granted_on"))
        warnings += [doubt] if doubt else []
        if data.get("birth_date"):
            warnings += household_warnings([*self.household_birth_dates, data["birth_date"]])
        self.duplicates = self.find(
            data.get("given_name", ""), data.get("family_name", ""), data.get("birth_date")
        )
        return warnings + self.other_than_these(self.duplicates.warnings(), self.duplicates.links())


class MemberAddForm(NewMemberChecks, WorkModelForm):
    """A new member of an existing household."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = DATE_WIDGETS


class BaseMemberFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # A row with errors was filled in too: its errors say what to fix, not this.
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("Vul ten minste één gezinslid in."))


MAX_MEMBERS = 20
MemberFormSet = forms.modelformset_factory(
    Person,
    form=MemberForm,
    formset=BaseMemberFormSet,
    extra=2,
    can_delete=False,
    max_num=MAX_MEMBERS,
    validate_max=True,
    absolute_max=MAX_MEMBERS,  # a forged TOTAL_FORMS must not make the page render 1,000 rows
)


class HouseholdForm(WorkForm):
    """Where the household lives: an existing dwelling, a new one, or not yet housed."""

    location = forms.ModelChoiceField(label=_("Locatie"), queryset=None)
    dwelling = forms.ModelChoiceField(
        label=_("Bestaande woning"),
        queryset=None,
        required=False,
        help_text=_("Laat leeg om hieronder een nieuwe woning in te voeren."),
    )
    postcode = forms.CharField(label=_("Postcode nieuwe woning"), required=False, max_length=7)
    house_number = field_of(Dwelling, "house_number", label=_("Huisnummer"))
    landlord = field_of(Dwelling, "landlord", label=_("Verhuurder"))
    housed_on = forms.DateField(
        label=_("Gehuisvest op"),
        required=False,
        widget=DateInput(),
        help_text=_("Leeg als het huishouden nog niet gehuisvest is."),
    )
    counts_for_quota = forms.BooleanField(
        label=_("Telt voor de taakstelling"), required=False, initial=True
    )

    field_order = ["location", "dwelling", "postcode", "house_number", "landlord", "housed_on"]

    def __init__(
        self, *args, locations, dwellings, member_birth_dates=(), duplicates=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["dwelling"].queryset = dwellings
        self.member_birth_dates = list(member_birth_dates)
        self.duplicates = duplicates  # people.duplicates.Duplicates of the members
        if locations.count() == 1:
            self.initial["location"] = locations.first()

    def clean(self):
        data = self.cleaned_data
        dwelling, location = data.get("dwelling"), data.get("location")
        new = data.get("postcode") or data.get("house_number")
        if dwelling and new:
            self.add_error("dwelling", _("Kies een bestaande woning óf vul een nieuwe in."))
        if dwelling and location and dwelling.location_id != location.pk:
            self.add_error("dwelling", _("Deze woning hoort bij een andere locatie."))
        if data.get("housed_on") and not (dwelling or new):
            self.add_error("housed_on", _("Kies of vul de woning in waar zij gehuisvest zijn."))
        if data.get("postcode"):
            data["postcode"] = data["postcode"].upper().replace(" ", "")
            data["postcode"] = f"{data['postcode'][:4]} {data['postcode'][4:]}"
            try:
                Dwelling._meta.get_field("postcode").run_validators(data["postcode"])
            except forms.ValidationError as error:
                self.add_error("postcode", error)
        return super().clean()  # the warnings, once the input itself is valid

    def implausible(self, data: dict) -> list[str]:
        warnings = household_warnings(self.member_birth_dates)
        for born in self.member_birth_dates:
            warnings += [w for w in person_warnings(birth_date=born) if w not in warnings]
        if self.duplicates:
            warnings += self.other_than_these(self.duplicates.warnings(), self.duplicates.links())
        return warnings


class MergeForm(WorkForm):
    """The preview's confirmation: both versions as seen, and a conscious "same person"."""

    kept_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    duplicate_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    same_person = forms.BooleanField(
        label=_("Ja, dit is één persoon: voeg de dossiers samen en verwijder het dubbele"),
        required=True,
        error_messages={"required": _("Vink aan dat dit dezelfde persoon is.")},
    )


class AccessLogFilter(forms.Form):
    action = forms.ChoiceField(label=_("actie"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("alle")), *AccessLogEntry.Action.choices]


class ClientFilter(forms.Form):
    """The client list's filters: codes in the address, the typed name kept out of it."""

    location = location_filter()
    arrival_route = forms.ChoiceField(label=_("komst via"), required=False)
    civic_integration = forms.ChoiceField(
        label=_("inburgeringsplichtig"),
        choices=[("", _("alle")), ("yes", _("ja")), ("no", _("nee"))],
        required=False,
    )
    q = forms.CharField(label=_("naam"), required=False)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["arrival_route"].choices = [
            ("", _("alle")),
            *Person._meta.get_field("arrival_route").choices,
        ]
