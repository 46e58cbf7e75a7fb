"""The upload form: the file, what kind of document it is, a title and a description."""

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.editing import WorkForm, field_of
from koers.documents.checks import PATH_PARTS
from koers.documents.models import Document, DocumentKind


class DocumentForm(WorkForm):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, JPEG of PNG, ten hoogste %(max)s."),
        required=False,  # checked in clean_file: a name with a folder is not "no file"
        error_messages={
            "empty": _("Het bestand is leeg. Kies een bestand met inhoud."),
            "invalid": _("Dit is geen bestand. Kies een bestand."),
        },
        allow_empty_file=True,  # an empty file gets the service's message, as every check
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    kind = field_of(Document, "kind")
    title = field_of(Document, "title")
    description = field_of(Document, "description", required=False)

    def __init__(self, *args, max_label: str, names_with_paths=(), **kwargs):
        """``names_with_paths``: uploads whose name named a folder, which Django's parser
        shortened (``documents.uploads``): refused here, never stored."""
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"max": max_label}
        self.names_with_paths = list(names_with_paths)

    def clean_file(self):
        if self.names_with_paths:
            raise forms.ValidationError(PATH_PARTS)
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Kies een bestand."))
        return upload


class DocumentFilter(forms.Form):
    """A client's documents list: by kind (a code: it is in the address)."""

    kind = forms.ChoiceField(
        label=_("soort"), choices=[("", _("alle")), *DocumentKind.choices], required=False
    )
