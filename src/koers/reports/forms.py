"""The form of a report section's story (the narrative editor)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm


class NarrativeForm(WorkForm):
    """A section's story; ``version`` is the one the editor opened (0: no text yet)."""

    text = forms.CharField(label=_("Tekst"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
