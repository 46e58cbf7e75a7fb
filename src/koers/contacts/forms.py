"""The quick contact form: a few taps on a phone."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.contacts.models import ContactKind, Topic
from koers.core.editing import DateInput, WorkForm
from koers.core.listing import location_filter
from koers.staff.models import StaffMember


class ContactForm(WorkForm):
    kind = forms.ChoiceField(label=_("Soort contact"), widget=forms.RadioSelect)
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    topics = forms.MultipleChoiceField(
        label=_("Onderwerpen"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    trajectory = forms.ModelChoiceField(
        label=_("Traject"), queryset=None, required=False, empty_label=_("(geen)")
    )
    visitor_ref = forms.CharField(
        label=_("Bezoekerskenmerk"),
        required=False,
        max_length=64,
        help_text=_("Voor een bezoeker zonder dossier: een kenmerk zonder naam."),
    )
    note = forms.CharField(label=_("Notitie"), required=False, widget=forms.Textarea({"rows": 3}))
    location = forms.ModelChoiceField(label=_("Locatie"), queryset=None)

    field_order = ["kind", "date", "topics", "trajectory", "visitor_ref", "note", "location"]

    def __init__(
        self,
        *args,
        kinds,
        trajectories,
        locations,
        person=None,
        default_trajectory=None,
        editing=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.person = person
        if default_trajectory is not None:
            self.initial.setdefault("trajectory", default_trajectory)
        self.fields["kind"].choices = kinds
        self.fields["trajectory"].queryset = trajectories
        self.fields["location"].queryset = locations
        self.initial.setdefault("date", timezone.localdate())
        if len(kinds) == 1:
            self.initial.setdefault("kind", kinds[0][0])
        if person is not None:
            del self.fields["visitor_ref"]
            del self.fields["location"]
        elif editing:  # a contact stays at its branch
            del self.fields["location"]
        elif locations.count() == 1:
            self.initial.setdefault("location", locations.first())
        if not trajectories.exists():
            del self.fields["trajectory"]

    def implausible(self, data: dict) -> list[str]:
        date = data.get("date")
        if date and date > timezone.localdate():
            return [str(_("De datum ligt in de toekomst."))]
        return []


class ContactFilter(forms.Form):
    """The contacts list's filters (codes only: they are in the address)."""

    coach = forms.ModelChoiceField(
        label=_("medewerker"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("alle"),
    )
    kind = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *ContactKind.choices], required=False
    )
    topic = forms.ChoiceField(
        label=_("onderwerp"), choices=[("", _("alle")), *Topic.choices], required=False
    )
    location = location_filter()

    def __init__(self, *args, coaches, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        if len(locations) > 1:
            self.fields["location"].queryset = locations
        else:
            del self.fields["location"]
