"""The forms of the pipeline and the plans: they parse and warn, services write.

Labels come from the models (one source); a rule of the spec that a form breaks comes
back from the service as a Dutch message next to its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import DateInput, WorkForm, field_of
from koers.deadlines.forms import VersionedForm
from koers.integration.models import CancelReason, IntegrationPlan, Linking, Route
from koers.people.forms import MemberForm
from koers.people.models import ArrivalRoute, Dwelling, Person
from koers.staff.models import StaffMember


class LinkedMemberForm(MemberForm):
    """A linked person, typed once: the reception agency's details of one household member."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        route = self.fields["arrival_route"]
        route.choices = ArrivalRoute.choices  # no blank: most linked people came as asylum seekers
        route.initial = ArrivalRoute.REGULAR
        self.fields["v_number"].help_text = _("Van de koppelingsmail van het COA, als die er is.")

    def has_changed(self) -> bool:
        """A row with only its preset arrival route is an empty row (left out, not refused)."""
        return any(name != "arrival_route" for name in self.changed_data)


MAX_MEMBERS = 20
LinkedMemberFormSet = forms.modelformset_factory(
    Person,
    form=LinkedMemberForm,
    formset=forms.BaseModelFormSet,
    extra=1,
    can_delete=False,
    max_num=MAX_MEMBERS,
    validate_max=True,
    absolute_max=MAX_MEMBERS,
)


class LinkingFields(WorkForm):
    """When the person was linked, and the dwelling planned for them if known."""

    linked_on = field_of(Linking, "linked_on")
    planned_dwelling = forms.ModelChoiceField(
        queryset=Dwelling.objects.none(),
        required=False,
        label=Linking._meta.get_field("planned_dwelling").verbose_name,
        help_text=_("Leeg laten als nog niet bekend is waar zij komen te wonen."),
    )

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_dwelling"].queryset = dwellings


class LinkingRegisterForm(LinkingFields):
    """A household linked by the reception agency: the branch (if several) and the day."""

    location = forms.ModelChoiceField(queryset=None, label=_("Afdeling"))

    field_order = ["location", "linked_on", "planned_dwelling"]

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        if locations.count() == 1:
            self.fields["location"].initial = locations.first()
            self.fields["location"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        dwelling, location = data.get("planned_dwelling"), data.get("location")
        if dwelling and location and dwelling.location_id != location.pk:
            self.add_error("planned_dwelling", _("Deze woning hoort bij een andere afdeling."))
        return data


class LinkingCancelForm(WorkForm):
    cancelled_on = field_of(Linking, "cancelled_on", required=True)
    cancel_reason = field_of(Linking, "cancel_reason", required=True)
    cancel_note = field_of(Linking, "cancel_note")


class HouseForm(WorkForm):
    """Who of the household moves in, where and when; the people are not typed again."""

    members = forms.ModelMultipleChoiceField(
        queryset=Linking.objects.none(),
        label=_("Wie wordt er gehuisvest?"),
        widget=forms.CheckboxSelectMultiple,
    )
    dwelling = forms.ModelChoiceField(
        queryset=Dwelling.objects.none(),
        required=False,
        label=_("Woning"),
        help_text=_("Of vul hieronder een nieuwe woning in."),
    )
    postcode = forms.CharField(label=_("Postcode nieuwe woning"), required=False, max_length=7)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=20)
    landlord = forms.CharField(label=_("Verhuurder"), required=False, max_length=200)
    housed_on = forms.DateField(label=_("Gehuisvest op"), widget=DateInput)
    counts_for_quota = forms.BooleanField(
        label=_("Telt voor de taakstelling"), required=False, initial=True
    )

    def __init__(self, *args, household, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = household
        self.fields["members"].label_from_instance = lambda linking: str(linking.person)
        self.fields["dwelling"].queryset = dwellings

    def clean(self):
        data = super().clean()
        new = data.get("postcode") or data.get("house_number")
        if data.get("dwelling") and new:
            self.add_error("dwelling", _("Kies een woning óf vul een nieuwe in."))
        elif not data.get("dwelling") and not new and "dwelling" not in self.errors:
            self.add_error("dwelling", _("Kies de woning of vul een nieuwe in."))
        if data.get("postcode"):
            code = data["postcode"].upper().replace(" ", "")
            data["postcode"] = f"{code[:4]} {code[4:]}"
            try:
                Dwelling._meta.get_field("postcode").run_validators(data["postcode"])
            except forms.ValidationError as error:
                self.add_error("postcode", error)
        return data

    def implausible(self, data):
        warnings = []
        if "counts_for_quota" in data and not data["counts_for_quota"]:
            warnings.append(
                _(
                    "Huisvesting die niet voor de taakstelling telt, sluit de koppeling niet af: "
                    "de koppeling blijft wachten."
                )
            )
        return warnings


# Plans ----------------------------------------------------------------------------------------


def plan_field(name: str, **kwargs) -> forms.Field:
    return field_of(IntegrationPlan, name, **kwargs)


class PlanCreateForm(WorkForm):
    obligation_on = plan_field("obligation_on")
    intake_started_on = plan_field("intake_started_on")


class IntakeForm(WorkForm):
    intake_started_on = plan_field("intake_started_on", required=True)
    intake_completed_on = plan_field("intake_completed_on")


class PipForm(WorkForm):
    pip_on = plan_field("pip_on", required=True)
    route = forms.ChoiceField(
        label=IntegrationPlan._meta.get_field("route").verbose_name,
        choices=Route.choices,
        widget=forms.RadioSelect,
    )


class SwitchForm(WorkForm):
    route_switched_on = plan_field("route_switched_on", required=True)
    route = forms.ChoiceField(
        label=_("nieuwe leerroute"), choices=Route.choices, widget=forms.RadioSelect
    )


class MapForm(WorkForm):
    map_completed_on = plan_field("map_completed_on", required=True)


class UnburdeningForm(WorkForm):
    unburdening_from = plan_field("unburdening_from", required=True)
    unburdening_until = plan_field("unburdening_until", required=True)


class ExtensionForm(WorkForm):
    term_extension_months = plan_field(
        "term_extension_months",
        required=True,
        min_value=0,
        help_text=_("Het totaal aantal maanden verlenging, bovenop de drie jaar."),
    )


class CompleteForm(WorkForm):
    completed_on = plan_field("completed_on", required=True)


class ExemptForm(WorkForm):
    exempted_on = plan_field("exempted_on", required=True)


class PipelineFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("toon"),
        choices=[
            ("waiting", _("wacht op huisvesting")),
            ("housed", _("gehuisvest")),
            ("cancelled", _("vervallen")),
            ("all", _("alle")),
        ],
        required=False,
    )
    reason = forms.ChoiceField(
        label=_("reden vervallen"),
        choices=[("", _("alle")), *CancelReason.choices],
        required=False,
    )
    q = forms.CharField(label=_("naam"), required=False, max_length=100)


class PlanFilter(forms.Form):
    stage = forms.ChoiceField(
        label=_("stand"),
        choices=[
            ("", _("alle")),
            ("intake", _("brede intake")),
            ("waiting_for_pip", _("wacht op PIP")),
            ("running", _("loopt")),
            ("completed", _("afgerond")),
            ("exempted", _("ontheffing of vrijstelling")),
        ],
        required=False,
    )
    route = forms.ChoiceField(
        label=_("leerroute"), choices=[("", _("alle")), *Route.choices], required=False
    )
    coach = forms.ModelChoiceField(
        label=_("coach"), queryset=StaffMember.objects.none(), required=False, empty_label=_("alle")
    )
    q = forms.CharField(label=_("naam"), required=False, max_length=100)

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches  # the integration coaches of the plans


class PipClosingForm(VersionedForm):
    """The PIP with its route, closing ``pip_decision`` in the worklist."""

    pip_on = forms.DateField(label=_("PIP vastgesteld op"), widget=DateInput())
    route = forms.ChoiceField(label=_("Leerroute"), choices=Route.choices)


class PlanEndForm(VersionedForm):
    """Completed or exempted, closing ``civic_integration_term_2021`` in the worklist."""

    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[
            ("completed", _("inburgering afgerond")),
            ("exempted", _("ontheffing of vrijstelling")),
        ],
    )
    ended_on = forms.DateField(label=_("Datum"), widget=DateInput())
