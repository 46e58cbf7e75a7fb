"""The account page's form for a new API token: a name, how long, and a fresh code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.forms import TOTPCodeForm
from koers.api.services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(TOTPCodeForm):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor de sleutel is, bijv. 'dashboard hoofdkantoor'."),
    )
    days = forms.IntegerField(
        label=_("Geldig (dagen)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
    )

    field_order = ["name", "days", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)
