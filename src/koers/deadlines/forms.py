"""The small forms that close an item in place, and the form for a rule's term.

All are ``core.editing.WorkForm``s: the hidden ``version`` the user saw, the conflict
beside the form, the one tick for warnings.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import ConflictRow, DateInput, WorkForm, shown
from koers.core.listing import location_filter
from koers.core.models import Location
from koers.core.services import ConflictError
from koers.deadlines.models import OFFSET_LIMIT
from koers.deadlines.worklists import NO_COACH, Status
from koers.matching.models import MatchEvaluation
from koers.people.models import CivicIntegrationOutcome


class VersionedForm(WorkForm):
    """Closes an item of a versioned record: the version the user saw must be given."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StepDoneForm(VersionedForm):
    done_on = forms.DateField(label=_("Gedaan op"), widget=DateInput())


class SignatureForm(VersionedForm):
    signed_on = forms.DateField(label=_("Getekend op"), widget=DateInput())


class EvaluationForm(WorkForm):
    moment = forms.ChoiceField(choices=MatchEvaluation.Moment.choices, widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Gehouden op"), widget=DateInput())
    note = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExamResultForm(WorkForm):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=CivicIntegrationOutcome.choices)
    decided_on = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(label=_("Toelichting"), required=False)


class RuleSettingForm(WorkForm):
    offset_years = forms.IntegerField(label=_("Jaren"), min_value=0, validators=OFFSET_LIMIT)
    offset_months = forms.IntegerField(label=_("Maanden"), min_value=0, validators=OFFSET_LIMIT)
    offset_weeks = forms.IntegerField(
        label=_("Weken"), min_value=0, validators=OFFSET_LIMIT, required=False
    )
    offset_days = forms.IntegerField(label=_("Dagen"), min_value=0, validators=OFFSET_LIMIT)
    enabled = forms.BooleanField(label=_("Actief"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def conflict_rows(self, error: ConflictError) -> list[ConflictRow]:
        """The term stored now next to this user's (or next to "removed" when clearing)."""
        removed = str(_("eigen termijn verwijderd"))
        return [
            ConflictRow(
                label=str(self.fields[name].label),
                saved=shown(getattr(error.current, name, None)),
                yours=shown(error.attempted[name]) if error.attempted else removed,
            )
            for name in ("offset_years", "offset_months", "offset_weeks", "offset_days", "enabled")
        ]


class WorklistFilter(forms.Form):
    """The worklist's filters (codes only: they are in the address). The kinds of term and
    the coaches are those of the user's own items; the branch only for several branches
    (``locatie=<external id>``: the parameter and values the worklist has always had)."""

    status = forms.ChoiceField(label=_("status"), required=False)
    termijn = forms.ChoiceField(label=_("wat"), required=False)
    coach = forms.ChoiceField(label=_("coach of vrijwilliger"), required=False)
    locatie = location_filter()

    def __init__(self, *args, rules, coaches, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Status.choices
        self.fields["termijn"].choices = [("", _("alle")), *rules]
        self.fields["coach"].choices = [
            ("", _("alle")),
            *((str(coach.pk), str(coach)) for coach in coaches),
            (NO_COACH, _("(geen coach)")),
        ]
        if len(branches) > 1:
            self.fields["locatie"].queryset = Location.objects.filter(
                pk__in=[branch.pk for branch in branches]
            ).order_by("name")
            self.fields["locatie"].to_field_name = "external_id"  # as the page's old links
        else:
            del self.fields["locatie"]
