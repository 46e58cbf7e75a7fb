"""The small forms that close an item in place, and the form for a rule's term."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.deadlines.models import OFFSET_LIMIT
from koers.integration.models import Route
from koers.matching.models import MatchEvaluation
from koers.people.models import CivicIntegrationOutcome


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionedForm(forms.Form):
    """Carries the version the user saw, for optimistic locking."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StepDoneForm(VersionedForm):
    done_on = forms.DateField(label=_("Gedaan op"), widget=DateInput())


class SignatureForm(VersionedForm):
    signed_on = forms.DateField(label=_("Getekend op"), widget=DateInput())


class EvaluationForm(forms.Form):
    moment = forms.ChoiceField(choices=MatchEvaluation.Moment.choices, widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Gehouden op"), widget=DateInput())
    note = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExamResultForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=CivicIntegrationOutcome.choices)
    decided_on = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(label=_("Toelichting"), required=False)


class PipForm(VersionedForm):
    pip_on = forms.DateField(label=_("PIP vastgesteld op"), widget=DateInput())
    route = forms.ChoiceField(label=_("Leerroute"), choices=Route.choices)


class PlanEndForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[
            ("completed", _("inburgering afgerond")),
            ("exempted", _("ontheffing of vrijstelling")),
        ],
    )
    ended_on = forms.DateField(label=_("Datum"), widget=DateInput())


class RuleSettingForm(forms.Form):
    offset_years = forms.IntegerField(label=_("Jaren"), min_value=0, validators=OFFSET_LIMIT)
    offset_months = forms.IntegerField(label=_("Maanden"), min_value=0, validators=OFFSET_LIMIT)
    offset_weeks = forms.IntegerField(
        label=_("Weken"), min_value=0, validators=OFFSET_LIMIT, required=False
    )
    offset_days = forms.IntegerField(label=_("Dagen"), min_value=0, validators=OFFSET_LIMIT)
    enabled = forms.BooleanField(label=_("Actief"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
