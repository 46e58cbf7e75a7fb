"""The forms of group work: a new session, and the attendance register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import ConflictRow, WorkForm, field_of, future_date_warning
from koers.core.services import ConflictError
from koers.groups.models import Attendance, GroupProgram, GroupSession


class SessionForm(WorkForm):
    date = field_of(GroupSession, "date")

    def __init__(self, *args, group, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.session = session

    def implausible(self, data):
        warnings = future_date_warning(data.get("date"), _("De datum van de bijeenkomst"))
        others = self.group.sessions.exclude(pk=getattr(self.session, "pk", None))
        if others.filter(date=data.get("date")).exists():
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

    def conflict_rows(self, error: ConflictError) -> list[ConflictRow]:
        """Per person: what the other user saved for the session, next to what this user ticked."""
        stored = dict(
            Attendance.objects.filter(session=error.current).values_list("person_id", "present")
        )
        return [
            ConflictRow(
                label=str(person),
                saved=_presence(stored.get(person.pk)),
                yours=_presence(self.cleaned_data.get(f"present_{person.pk}")),
            )
            for person in self.people
        ]


def _presence(value: bool | None) -> str:
    if value is None:
        return "—"
    return str(_("aanwezig") if value else _("afwezig"))


class GroupFilter(forms.Form):
    program = forms.ChoiceField(
        label=_("programma"), choices=[("", _("alle")), *GroupProgram.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("alle")), ("active", _("lopend")), ("ended", _("afgelopen"))],
        required=False,
    )
    staff = forms.ModelChoiceField(
        label=_("begeleider"), queryset=None, required=False, empty_label=_("alle")
    )
    evening = forms.ChoiceField(
        label=_("dagdeel"),
        choices=[("", _("alle")), ("no", _("overdag")), ("yes", _("avond"))],
        required=False,
    )

    def __init__(self, *args, helpers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = helpers
