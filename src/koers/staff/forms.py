"""The forms of the team pages; services do the writing, these parse and warn."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm, field_of, future_date_warning
from koers.core.models import Location
from koers.staff.models import Course, StaffKind, StaffMember, Training


class StaffTermsForm(WorkForm):
    started_on = field_of(StaffMember, "started_on")
    ended_on = field_of(StaffMember, "ended_on")
    end_reason = field_of(StaffMember, "end_reason")
    agreement_signed_on = field_of(StaffMember, "agreement_signed_on")
    conduct_certificate_on = field_of(StaffMember, "conduct_certificate_on")

    def implausible(self, data):
        return [
            *future_date_warning(data.get("agreement_signed_on"), _("De tekendatum")),
            *future_date_warning(data.get("conduct_certificate_on"), _("De VOG-datum")),
        ]


class TrainingForm(WorkForm):
    course = forms.ChoiceField(label=_("cursus"), choices=Course.choices)
    completed_on = field_of(Training, "completed_on")

    def implausible(self, data):
        return future_date_warning(data.get("completed_on"), _("De datum van afronding"))


class SpecialCategoriesForm(WorkForm):
    records_health = field_of(Location, "records_health")


class StaffFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("actief")), ("ended", _("gestopt")), ("all", _("alle"))],
        required=False,
    )
    access = forms.ChoiceField(
        label=_("toegang tot cliëntdossiers"),
        choices=[("", _("alle")), ("yes", _("ja")), ("no", _("nee"))],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *StaffKind.choices], required=False
    )
    q = forms.CharField(label=_("naam"), required=False)
