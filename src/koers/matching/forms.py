"""The forms of the matching flow; services write, these parse and warn."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from koers.core.editing import WorkForm, field_of, future_date_warning
from koers.matching.models import (
    Match,
    MatchEndReason,
    MatchEvaluation,
    MatchOutcome,
    MatchProgram,
    VolunteerProfile,
)
from koers.staff.models import LANGUAGE_CHOICES, StaffMember


class MatchRequestForm(WorkForm):
    program = field_of(Match, "program")
    requested_on = field_of(Match, "requested_on")
    languages = forms.MultipleChoiceField(
        label=_("talen van de cliënt (naast Nederlands)"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    daytime = field_of(Match, "daytime")
    evening = field_of(Match, "evening")
    weekend = field_of(Match, "weekend")

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def implausible(self, data):
        warnings = []
        if self.person.matches.filter(program=data.get("program"), ended_on__isnull=True).exists():
            warnings.append(
                _("Deze cliënt staat al aangemeld of is al gekoppeld voor dit programma.")
            )
        return warnings


class MatchStartForm(WorkForm):
    staff = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(), label=_("vrijwilliger"), empty_label=None
    )
    started_on = field_of(Match, "started_on", required=True)

    def __init__(self, *args, match, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        self.fields["staff"].queryset = candidates

    def implausible(self, data):
        warnings = []
        started_on = data.get("started_on")
        if started_on and started_on < self.match.requested_on:
            warnings.append(
                _(
                    "De start ligt vóór de aanmelding (%(date)s). Bij bevestigen wordt de "
                    "aanmelddatum gelijk aan de startdatum."
                )
                % {"date": self.match.requested_on}
            )
        return warnings


class MatchEvaluationForm(WorkForm):
    moment = field_of(MatchEvaluation, "moment")
    held_on = field_of(MatchEvaluation, "held_on")
    note = field_of(MatchEvaluation, "note")


class MatchExtendForm(WorkForm):
    extended_on = field_of(Match, "extended_on", required=True)


class MatchStopForm(WorkForm):
    ended_on = field_of(Match, "ended_on", required=True)
    outcome = forms.ChoiceField(
        label=_("uitkomst"),
        choices=[(o.value, o.label) for o in (MatchOutcome.COMPLETED, MatchOutcome.STOPPED)],
    )
    end_reason = forms.ChoiceField(label=_("reden einde"), choices=MatchEndReason.choices)
    end_note = field_of(Match, "end_note")

    def implausible(self, data):
        return future_date_warning(data.get("ended_on"), _("De einddatum"))


class MatchWithdrawForm(WorkForm):
    ended_on = field_of(Match, "ended_on", required=True, label=_("van de wachtlijst op"))
    end_note = field_of(Match, "end_note")


class MatchRematchForm(WorkForm):
    requested_on = field_of(Match, "requested_on", label=_("opnieuw aangemeld op"))


class VolunteerProfileForm(WorkForm):
    max_pairs = field_of(VolunteerProfile, "max_pairs")
    postcode_area = field_of(VolunteerProfile, "postcode_area")
    daytime = field_of(VolunteerProfile, "daytime")
    evening = field_of(VolunteerProfile, "evening")
    weekend = field_of(VolunteerProfile, "weekend")


STATUS_CHOICES = [
    ("", _("alle")),
    ("waiting", _("wacht")),
    ("running", _("loopt")),
    ("ended", _("beëindigd")),
]


class MatchFilter(forms.Form):
    program = forms.ChoiceField(
        label=_("programma"), choices=[("", _("alle")), *MatchProgram.choices], required=False
    )
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)
    q = forms.CharField(label=_("naam cliënt of vrijwilliger"), required=False)


class WaitingFilter(forms.Form):
    program = forms.ChoiceField(
        label=_("programma"), choices=[("", _("alle")), *MatchProgram.choices], required=False
    )


class VolunteerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        pairs = getattr(obj, "pairs", None)
        if pairs is None:
            return str(obj)
        return ngettext(
            "%(staff)s (%(count)s lopende koppeling)",
            "%(staff)s (%(count)s lopende koppelingen)",
            pairs,
        ) % {"staff": obj, "count": pairs}


class VolunteerChangeForm(WorkForm):
    """Another volunteer for a running match, from a day, with the reason."""

    staff = VolunteerChoiceField(
        label=_("Nieuwe vrijwilliger"),
        queryset=StaffMember.objects.none(),
        empty_label=_("— kies —"),
        help_text=_("Alleen wie deze cliënt mag begeleiden, met het aantal lopende koppelingen."),
    )
    changed_on = field_of(  # a change may be planned ahead (core.dates)
        Match,
        "staff_since",
        required=True,
        label=_("Wissel op"),
        help_text=_(
            "Vanaf deze dag ziet de nieuwe vrijwilliger het dossier en de vorige niet meer."
        ),
    )
    reason = forms.CharField(
        label=_("Reden van de wissel"), max_length=1000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = volunteers
        self.fields["version"].required = True

    def implausible(self, data):
        return future_date_warning(data.get("changed_on"), _("De wissel"))
