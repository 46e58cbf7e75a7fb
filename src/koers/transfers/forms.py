from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm, field_of
from koers.core.models import Location
from koers.transfers.models import ConsentForm, Transfer, TransferState


class OfferForm(WorkForm):
    """Offer a household to another branch of this installation, with the client's consent."""

    def __init__(self, *args, current: Location, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_location"] = forms.ModelChoiceField(
            label=_("Naar afdeling"),
            queryset=Location.objects.exclude(pk=current.pk).order_by("name"),
            empty_label=_("Kies een afdeling"),
        )
        self.fields["consent_on"] = field_of(Transfer, "consent_on")
        self.fields["consent_how"] = field_of(Transfer, "consent_how")
        self.fields["consent_how"].choices = [("", _("Kies hoe")), *ConsentForm.choices]
        self.fields["note"] = field_of(Transfer, "note", required=False)
        self.fields["note"].help_text = _(
            "Wat de nieuwe afdeling moet weten: de nieuwe woonplaats, lopende afspraken."
        )
        self.order_fields(["to_location", "consent_on", "consent_how", "note"])


class DecideForm(WorkForm):
    """Accept or decline an offer (a reason when declining)."""

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("accept", _("Accepteren")), ("decline", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    decline_reason = forms.CharField(
        label=_("Reden van afwijzing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True


class RevokeForm(WorkForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True


class TransferFilter(forms.Form):
    """The transfers list's filters (codes only: they are in the address)."""

    state = forms.ChoiceField(
        label=_("stand"), choices=[("", _("alle")), *TransferState.choices], required=False
    )
    direction = forms.ChoiceField(
        label=_("richting"),
        choices=[("", _("beide")), ("in", _("aan uw afdeling")), ("out", _("door uw afdeling"))],
        required=False,
    )
