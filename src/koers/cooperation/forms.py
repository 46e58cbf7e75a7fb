"""The forms of the social map and of recording an activity; services do the writing."""

import calendar
import datetime

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from koers.cooperation.models import OUTREACH_KINDS, Activity, ActivityKind, Partner, PartnerKind
from koers.cooperation.services import namesake_exists
from koers.core.editing import DateInput, WorkForm, field_of, future_date_warning
from koers.core.models import Location
from koers.staff.models import StaffMember


class PartnerForm(WorkForm):
    name = field_of(Partner, "name")
    kind = field_of(Partner, "kind")
    contact_person = field_of(Partner, "contact_person")
    phone = field_of(Partner, "phone", widget=forms.TextInput(attrs={"type": "tel"}))

    def __init__(self, *args, location: Location, partner: Partner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location
        self.partner = partner

    def implausible(self, data):
        if namesake_exists(
            location_id=self.location.pk,
            name=data.get("name") or "",
            other_than=getattr(self.partner, "pk", None),
        ):
            return [_("Er staat al een partner met deze naam op de sociale kaart.")]
        return []


class ActivityForm(WorkForm):
    """Date, kind, title, partners, who took part and, for outreach, the audience.

    ``partners`` and ``staff``: the branch's social map and team, as the user sees them.
    """

    date = field_of(Activity, "date")
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
    )
    title = field_of(Activity, "title")
    partners = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        label=_("Partners"),
        widget=forms.CheckboxSelectMultiple,
    )
    staff = forms.ModelMultipleChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        label=_("Van ons team"),
        widget=forms.CheckboxSelectMultiple,
    )
    people_reached = forms.IntegerField(
        label=_("Bereikt (aantal mensen)"),
        min_value=0,
        max_value=2147483647,
        required=False,
        help_text=Activity._meta.get_field("people_reached").help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, partners, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        self.fields["staff"].queryset = staff
        self.fields["date"].widget = DateInput()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if data.get("people_reached") is not None and kind and kind not in OUTREACH_KINDS:
            self.add_error(
                "people_reached",
                _(
                    "Vul dit alleen in bij een voorlichting of publieksactiviteit; laat het "
                    "leeg bij een overleg of bijeenkomst."
                ),
            )
        return data

    def implausible(self, data):
        return future_date_warning(data.get("date"), _("De datum"))


class BranchFilter(forms.Form):
    """A list's filters, the branch first (left out for a user of one branch). Every value
    lives in the URL: bookmark, share, back button."""

    afdeling = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        required=False,
        to_field_name="external_id",
        label=_("afdeling"),
        empty_label=_("alle"),
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afdeling"].queryset = locations
        if len(locations) < 2:
            del self.fields["afdeling"]


def period_choices() -> list[tuple[str, str]]:
    """The periods of a year the list filters on, as the reports count them."""
    months = [(f"M{number:02d}", str(name)) for number, name in MONTHS.items()]
    return [
        ("", str(_("heel het jaar"))),
        ("H1", str(_("1e halfjaar"))),
        ("H2", str(_("2e halfjaar"))),
        *months,
    ]


def period_dates(year: int, code: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of the year, a half-year (``H1``/``H2``) or a month (``M01``…)."""
    if code in {"H1", "H2"}:
        first_month = 1 if code == "H1" else 7
        last_month = first_month + 5
    elif code.startswith("M"):
        first_month = last_month = int(code[1:])
    else:
        first_month, last_month = 1, 12
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


class ActivityFilter(BranchFilter):
    """The list's filters: branch, kind, a year or part of one (no free dates: the address
    holds codes and numbers only), and a partner by its opaque id."""

    soort = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *ActivityKind.choices], required=False
    )
    jaar = forms.IntegerField(
        label=_("jaar"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "year"}),
    )
    periode = forms.ChoiceField(label=_("periode"), choices=period_choices, required=False)
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        to_field_name="uid",
        label=_("partner"),
        empty_label=_("alle"),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners

    def clean(self):
        data = super().clean()
        if data.get("periode") and not data.get("jaar") and "jaar" not in self.errors:
            self.add_error("jaar", _("Kies ook het jaar van deze periode."))
        return data

    @staticmethod
    def selection(data: dict) -> dict:
        """The selector's keyword arguments of the form's valid values."""
        start = end = None
        if data.get("jaar"):
            start, end = period_dates(data["jaar"], data.get("periode") or "")
        return {
            "location": data.get("afdeling"),
            "kind": data.get("soort") or "",
            "start": start,
            "end": end,
            "partner": data.get("partner"),
        }


class PartnerFilter(BranchFilter):
    soort = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *PartnerKind.choices], required=False
    )
    q = forms.CharField(label=_("zoek"), required=False)

    @staticmethod
    def selection(data: dict) -> dict:
        """The selector's keyword arguments of the form's valid values."""
        return {
            "location": data.get("afdeling"),
            "kind": data.get("soort") or "",
            "q": data.get("q") or "",
        }
