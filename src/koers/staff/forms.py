"""The forms of the team pages; services do the writing, these parse and warn."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm, field_of
from koers.core.models import Location
from koers.staff.models import Course, StaffKind, StaffMember, Training


class StaffTermsForm(WorkForm):
    started_on = field_of(StaffMember, "started_on")
    ended_on = field_of(StaffMember, "ended_on")
    end_reason = field_of(StaffMember, "end_reason")
    agreement_signed_on = field_of(StaffMember, "agreement_signed_on")
    conduct_certificate_on = field_of(StaffMember, "conduct_certificate_on")


class TrainingForm(WorkForm):
    course = forms.ChoiceField(label=_("cursus"), choices=Course.choices)
    completed_on = field_of(Training, "completed_on")


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


class StaffLinkForm(WorkForm):
    """Which volunteer or staff record a login acts as (in user management)."""

    staff_member = forms.ModelChoiceField(
        label=_("Medewerker"),
        queryset=None,
        required=False,
        help_text=_("Het vrijwilligers- of medewerkersrecord waarvoor deze gebruiker werkt."),
    )

    def __init__(self, *args, staff, changeable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = staff
        self.changeable = changeable

    def clean(self):
        data = super().clean()
        if not self.changeable:  # one's own account, or a user with roles one does not give
            self.add_error("staff_member", _("De koppeling van dit account kunt u niet wijzigen."))
        return data
