"""The forms of group work: a new session, and the attendance register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm, field_of, future_date_warning
from koers.groups.models import GroupProgram, GroupSession


class SessionForm(WorkForm):
    date = field_of(GroupSession, "date")

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def implausible(self, data):
        warnings = future_date_warning(data.get("date"), _("De datum van de bijeenkomst"))
        if self.group.sessions.filter(date=data.get("date")).exists():
            warnings.append(_("Deze groep heeft op die datum al een bijeenkomst."))
        return warnings


class AttendanceForm(WorkForm):
    """One tick per enrolled person: present or not; one save for the whole register."""

    def __init__(self, *args, enrolments, recorded: dict[int, bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = [enrolment.person for enrolment in enrolments]
        for person in self.people:
            self.fields[f"present_{person.pk}"] = forms.BooleanField(
                label=str(person), required=False, initial=recorded.get(person.pk, False)
            )

    def presence(self, data: dict) -> dict[int, bool]:
        return {person.pk: data[f"present_{person.pk}"] for person in self.people}


class GroupFilter(forms.Form):
    program = forms.ChoiceField(
        label=_("programma"), choices=[("", _("alle")), *GroupProgram.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("alle")), ("active", _("lopend")), ("ended", _("afgelopen"))],
        required=False,
    )
