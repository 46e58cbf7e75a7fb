"""The forms of legal work; the implausible is warned about, not refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm, field_of, future_date_warning
from koers.legal.models import Dossier, DossierKind, DossierOutcome, DossierStep

ADULT_AGE = 18


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
        warnings = future_date_warning(opened_on, _("De openingsdatum"))
        if (
            data.get("kind") == DossierKind.FAMILY_REUNIFICATION
            and opened_on
            and self.person.age_on(opened_on) < ADULT_AGE
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

    def implausible(self, data):
        return future_date_warning(data.get("closed_on"), _("De sluitingsdatum"))


class StepForm(WorkForm):
    step = field_of(DossierStep, "step")
    due_on = field_of(DossierStep, "due_on")
    done_on = field_of(DossierStep, "done_on")
    note = field_of(DossierStep, "note")

    def implausible(self, data):
        return future_date_warning(data.get("done_on"), _("De datum gedaan"))


class StepDoneForm(WorkForm):
    done_on = field_of(DossierStep, "done_on", required=True)

    def implausible(self, data):
        return future_date_warning(data.get("done_on"), _("De datum gedaan"))


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
