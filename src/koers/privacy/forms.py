"""The erasure request as the team leader records it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.privacy.models import ErasureRequest


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Toelichting bij het verzoek"),
        help_text=ErasureRequest._meta.get_field("reason").help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirmed = forms.BooleanField(
        label=_(
            "Ik begrijp dat de gegevens van deze cliënt onherroepelijk worden "
            "geanonimiseerd als niets dat tegenhoudt."
        )
    )

    @property
    def field_rows(self):
        """For ``editing/form.html``: every visible field, the tick included."""
        return self.visible_fields()
