"""The forms of legal work; the implausible is warned about, not refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core import dates
from koers.core.editing import WorkForm, field_of
from koers.legal.models import (
    DECISION_STEPS,
    Dossier,
    DossierKind,
    DossierOutcome,
    DossierStep,
    FamilyMember,
)
from koers.people.forms import NewMemberChecks
from koers.people.models import Person


class DossierOpenForm(WorkForm):
    kind = field_of(Dossier, "kind")
    opened_on = field_of(Dossier, "opened_on")
    guardianship = field_of(Dossier, "guardianship")
    family_members = field_of(Dossier, "family_members")

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def implausible(self, data):
        opened_on = data.get("opened_on")
        warnings = []
        if (
            data.get("kind") == DossierKind.FAMILY_REUNIFICATION
            and opened_on
            and self.person.age_on(opened_on) < dates.ADULT_AGE
        ):
            warnings.append(
                _(
                    "%(person)s is op die datum %(age)d jaar: een kind als referent van "
                    "gezinshereniging is ongebruikelijk (alleenstaande minderjarige onder "
                    "Nidos-voogdij?)."
                )
                % {"person": self.person, "age": self.person.age_on(opened_on)}
            )
        return warnings


class DossierCloseForm(WorkForm):
    closed_on = field_of(Dossier, "closed_on", required=True)
    outcome = forms.ChoiceField(label=_("uitkomst"), choices=DossierOutcome.choices)


class StepForm(WorkForm):
    step = field_of(DossierStep, "step")
    due_on = field_of(DossierStep, "due_on")
    done_on = field_of(DossierStep, "done_on")
    outcome = field_of(
        DossierStep, "outcome", help_text=_("Alleen bij een beslissing die al genomen is.")
    )
    note = field_of(DossierStep, "note")


class StepDoneForm(WorkForm):
    """Tick a step off; a decision asks what was decided."""

    done_on = field_of(DossierStep, "done_on", required=True)
    outcome = field_of(DossierStep, "outcome")

    def __init__(self, *args, step: DossierStep, **kwargs):
        super().__init__(*args, **kwargs)
        if step.step in DECISION_STEPS:
            self.fields["outcome"].required = True  # chosen, never a preselected default
        else:
            del self.fields["outcome"]


MEMBER_FIELDS = ("given_name", "family_name", "relationship", "birth_date", "whereabouts")


class FamilyMemberForm(WorkForm):
    given_name = field_of(FamilyMember, "given_name")
    family_name = field_of(FamilyMember, "family_name")
    relationship = field_of(FamilyMember, "relationship")
    birth_date = field_of(FamilyMember, "birth_date")
    whereabouts = field_of(
        FamilyMember, "whereabouts", help_text=_("Land en plaats, bijvoorbeeld: Eritrea, Asmara.")
    )
    arrived_on = field_of(
        FamilyMember, "arrived_on", help_text=_("Leeg zolang het gezinslid niet in Nederland is.")
    )

    def clean(self):
        data = self.cleaned_data
        born, arrived = data.get("birth_date"), data.get("arrived_on")
        if born and arrived and arrived < born:
            self.add_error("arrived_on", _("De aankomst ligt vóór de geboortedatum."))
        return super().clean()


class MemberRegisterForm(NewMemberChecks, WorkForm):
    """The arrived family member as a person of the client's household: what the member
    says is filled in, the rest is asked (sex, nationality, V-number, permit)."""

    given_name = field_of(Person, "given_name")
    family_name = field_of(Person, "family_name")
    birth_date = field_of(Person, "birth_date")
    sex = field_of(Person, "sex")
    nationality = field_of(Person, "nationality")
    v_number = field_of(Person, "v_number")
    permit_granted_on = field_of(Person, "permit_granted_on")
    civic_integration_required = field_of(Person, "civic_integration_required")

    def person_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("version", "confirmed")
        }


class DossierFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *DossierKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("alle")), ("open", _("open")), ("closed", _("gesloten"))],
        required=False,
    )
    overdue = forms.BooleanField(label=_("met verlopen termijn"), required=False)
    q = forms.CharField(label=_("naam cliënt"), required=False)
