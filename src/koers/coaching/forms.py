"""The forms of the coaching work; services do the writing, these parse and warn."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from koers.coaching.models import (
    HEALTH_ORGANISATION_KINDS,
    PARTNER_FOR_ORGANISATION_KIND,
    BudgetLine,
    Partner,
    Referral,
    ReferralOutcome,
    SelfRelianceMeasurement,
    Signal,
    SignalTopic,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryKind,
    TrajectoryPlan,
    ZrmLevel,
    partners_recorded_at,
    records_health,
    zrm_domains_recorded_at,
)
from koers.cooperation.models import Partner as Organisation
from koers.core.editing import ConflictRow, WorkForm, field_of, future_date_warning
from koers.core.formatting import date_text
from koers.core.models import Location
from koers.staff.models import StaffMember


def coach_label(coach: StaffMember) -> str:
    """A coach with their caseload (``selectors.eligible_coaches`` annotates it)."""
    caseload = getattr(coach, "caseload", None)
    if caseload is None:
        return str(coach)
    return ngettext(
        "%(coach)s (%(count)s lopend traject)", "%(coach)s (%(count)s lopende trajecten)", caseload
    ) % {"coach": coach, "count": caseload}


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return coach_label(obj)


class TrajectoryStartForm(WorkForm):
    kind = field_of(Trajectory, "kind")
    coach = CoachChoiceField(
        queryset=StaffMember.objects.none(), required=False, empty_label=_("(nog geen coach)")
    )
    started_on = field_of(Trajectory, "started_on")

    def __init__(self, *args, person, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label = Trajectory._meta.get_field("coach").verbose_name

    def implausible(self, data):
        warnings = []
        if self.person.trajectories.filter(kind=data.get("kind"), ended_on__isnull=True).exists():
            warnings.append(_("Deze cliënt heeft al een lopend traject van deze soort."))
        return warnings


class CoachChangeForm(WorkForm):
    """Another coach for a running trajectory, from a day, with the reason."""

    coach = CoachChoiceField(
        label=_("Nieuwe coach"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("(geen coach: later toewijzen)"),
        help_text=_("Alleen wie deze cliënt mag begeleiden, met het aantal lopende trajecten."),
    )
    changed_on = field_of(  # a change may be planned ahead (core.dates)
        Trajectory,
        "coach_since",
        required=True,
        label=_("Wissel op"),
        help_text=_("Vanaf deze dag ziet de nieuwe coach het dossier en de vorige niet meer."),
    )
    reason = forms.CharField(
        label=_("Reden van de wissel"), max_length=1000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        self.fields["version"].required = True

    def implausible(self, data):
        return future_date_warning(data.get("changed_on"), _("De wissel"))


class HandoverForm(WorkForm):
    """All trajectories of a leaving coach, each with its new coach; one day, one reason.

    A field ``coach_<pk>`` per trajectory (its choices: who may coach it, or no coach) and
    its version in ``version_<pk>``.
    """

    NONE = "geen"
    changed_on = CoachChangeForm.base_fields["changed_on"]
    reason = CoachChangeForm.base_fields["reason"]

    def __init__(self, *args, trajectories, coaches_for, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectories = list(trajectories)
        self.rows = []
        for trajectory in self.trajectories:
            name = f"coach_{trajectory.pk}"
            coaches = coaches_for(trajectory)
            self.fields[name] = forms.ChoiceField(
                label=_("%(client)s · %(kind)s sinds %(day)s")
                % {
                    "client": trajectory.person,
                    "kind": trajectory.get_kind_display(),
                    "day": date_text(trajectory.started_on),
                },
                choices=[
                    ("", _("— kies —")),
                    (self.NONE, _("(geen coach: later toewijzen)")),
                    *((str(c.pk), coach_label(c)) for c in coaches),
                ],
            )
            self.fields[f"version_{trajectory.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=trajectory.version
            )
            self.rows.append((trajectory, name, {c.pk: c for c in coaches}))

    def assignments(self, data) -> list:
        chosen = []
        for trajectory, name, coaches in self.rows:
            value = data[name]
            coach = None if value == self.NONE else coaches[int(value)]
            chosen.append((trajectory, coach, data[f"version_{trajectory.pk}"]))
        return chosen

    def conflict_rows(self, error):
        current = error.current
        return [
            ConflictRow(
                label=str(current.person),
                saved=str(current.coach or "—"),
                yours=str(error.attempted.get("coach") or "—"),
            )
        ]

    def implausible(self, data):
        return future_date_warning(data.get("changed_on"), _("De wissel"))


class ReferralFields(forms.Form):
    """The fields of a referral, used on their own and inside the closing form.

    ``location``: the client's branch; health-care partners are offered only where it
    records health data (without it, they are not offered). ``organisations``: the
    branch's social map (``cooperation.selectors.partners_to_choose``); choosing one of
    them may stand in for the partner code, which then follows from its kind.
    """

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Organisatie (sociale kaart)"),
        help_text=_("Kies uit de sociale kaart van de afdeling, of vul hieronder de soort in."),
    )
    partner = field_of(Referral, "partner", required=False, label=_("Soort partner"))
    partner_detail = field_of(Referral, "partner_detail")
    referred_on = field_of(Referral, "referred_on")
    reason = field_of(Referral, "reason")
    warm_handover = field_of(Referral, "warm_handover")

    REFERRAL_FIELDS = (
        "organisation",
        "partner",
        "partner_detail",
        "referred_on",
        "reason",
        "warm_handover",
    )

    def __init__(self, *args, location: Location | None = None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "---------"), *partners_recorded_at(location)]
        if organisations is not None and not records_health(location):
            organisations = organisations.exclude(kind__in=HEALTH_ORGANISATION_KINDS)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        if organisation is not None and not data.get("partner"):
            data["partner"] = PARTNER_FOR_ORGANISATION_KIND.get(organisation.kind, "other")
        return data

    def referral_data(self, data: dict) -> dict:
        return {name: data[name] for name in self.REFERRAL_FIELDS}

    def names_a_partner(self, data: dict) -> bool:
        return bool(data.get("partner") or data.get("organisation"))


class ReferralForm(ReferralFields, WorkForm):
    def clean(self):
        data = super().clean()
        if not self.errors and not self.names_a_partner(data):
            self.add_error("partner", _("Kies een organisatie van de sociale kaart of een soort."))
        return data


class TrajectoryCloseForm(ReferralFields, WorkForm):
    """Closing: the end, the exit conversation, and optionally the warm handover."""

    ended_on = field_of(Trajectory, "ended_on", required=True)
    end_reason = forms.ChoiceField(
        label=Trajectory._meta.get_field("end_reason").verbose_name,
        choices=Trajectory._meta.get_field("end_reason").choices,
    )
    exit_conversation_on = field_of(Trajectory, "exit_conversation_on")
    exit_summary = field_of(Trajectory, "exit_summary")

    field_order = ["ended_on", "end_reason", "exit_conversation_on", "exit_summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REFERRAL_FIELDS:
            self.fields[name].required = False
        self.fields["organisation"].label = _("Warme overdracht naar (optioneel)")
        self.fields["partner"].label = _("Soort partner (als die niet op de sociale kaart staat)")

    def clean(self):
        data = super().clean()
        if self.names_a_partner(data):
            for name in ("referred_on", "reason"):
                if not data.get(name):
                    self.add_error(name, _("Nodig voor de verwijzing."))
        return data

    def referral(self, data: dict) -> dict | None:
        return self.referral_data(data) if self.names_a_partner(data) else None


class ReferralOutcomeForm(WorkForm):
    outcome = field_of(Referral, "outcome")
    outcome_note = field_of(Referral, "outcome_note")


class PlanForm(WorkForm):
    goals = field_of(TrajectoryPlan, "goals", widget=forms.Textarea(attrs={"rows": 5}))
    actions = field_of(TrajectoryPlan, "actions", widget=forms.Textarea(attrs={"rows": 5}))
    agreed_on = field_of(TrajectoryPlan, "agreed_on")


class EvaluationForm(WorkForm):
    held_on = field_of(TrajectoryEvaluation, "held_on")
    notes = field_of(TrajectoryEvaluation, "notes")


class MeasurementForm(WorkForm):
    """A ZRM measurement: a date and a 1-5 score per domain, each optional (empty: not assessed).

    ``location``: the client's branch; the health domains are shown only where it records
    health data (without it, they are not shown).
    """

    measured_on = field_of(SelfRelianceMeasurement, "measured_on")

    def __init__(self, *args, location: Location | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = zrm_domains_recorded_at(location)
        for domain in self.domains:
            self.fields[f"zrm_{domain.value}"] = forms.TypedChoiceField(
                label=domain.label,
                choices=[("", _("niet gescoord")), *ZrmLevel.choices],
                coerce=int,
                required=False,
            )
        self.order_fields(["measured_on"])

    def scores(self, data: dict) -> dict[str, int]:
        return {
            domain.value: data[f"zrm_{domain.value}"]
            for domain in self.domains
            if data.get(f"zrm_{domain.value}") not in (None, "")
        }


class BudgetLineForm(WorkForm):
    kind = field_of(BudgetLine, "kind")
    description = field_of(BudgetLine, "description")
    amount = field_of(BudgetLine, "amount")
    counterparty = field_of(BudgetLine, "counterparty")


class SignalForm(WorkForm):
    location = forms.ModelChoiceField(queryset=Location.objects.none(), label=_("afdeling"))
    topic = field_of(Signal, "topic")
    description = field_of(Signal, "description")
    noticed_on = field_of(Signal, "noticed_on")

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        if len(locations) == 1:
            self.fields["location"].initial = locations[0]
            self.fields["location"].widget = forms.HiddenInput()


class SignalReportedForm(WorkForm):
    reported_on = field_of(Signal, "reported_on", required=True)


class TrajectoryFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *TrajectoryKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("alle")), ("active", _("lopend")), ("ended", _("beëindigd"))],
        required=False,
    )
    coach = forms.ModelChoiceField(
        label=_("coach"), queryset=StaffMember.objects.none(), required=False, empty_label=_("alle")
    )
    q = forms.CharField(label=_("naam cliënt"), required=False)

    def __init__(self, *args, coaches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if coaches is not None:
            self.fields["coach"].queryset = coaches
        else:
            del self.fields["coach"]


class ReferralFilter(forms.Form):
    partner = forms.ChoiceField(
        label=_("partner"), choices=[("", _("alle")), *Partner.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("uitkomst"), choices=[("", _("alle")), *ReferralOutcome.choices], required=False
    )
    q = forms.CharField(label=_("zoek"), required=False)


class SignalFilter(forms.Form):
    topic = forms.ChoiceField(
        label=_("onderwerp"), choices=[("", _("alle")), *SignalTopic.choices], required=False
    )
    reported = forms.ChoiceField(
        label=_("gemeld"),
        choices=[("", _("alle")), ("yes", _("gemeld")), ("no", _("nog niet gemeld"))],
        required=False,
    )
