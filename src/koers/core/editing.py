"""The one way to edit: versions, conflicts, confirmable warnings, and the refused save.

Every edit form is a :class:`WorkForm` (or :class:`WorkModelForm`). It carries the
``version`` the user opened; a service that finds a newer version raises
:class:`~koers.core.services.ConflictError`, and :func:`submit` turns that into a
conflict shown beside the form (the stored values next to the user's, nothing
overwritten; a form that edits more than fields, such as the attendance register,
says how to compare in ``conflict_rows``). Implausible but possible input (a date in
the future, a child as sponsor) gives warnings (``implausible``) that the user
confirms with one tick instead of errors that would block real, odd cases.

A POST that saves nothing (invalid input, an unconfirmed warning, a conflict) is
answered with ``REFUSED`` (422) and the form again (:func:`form_status`); htmx swaps
422 responses too (``base.html``). docs/checklists.md says why one code.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.core import dates
from koers.core.formatting import date_text
from koers.core.searches import search_query
from koers.core.services import ConflictError
from koers.core.text import is_single_line, refuse_bidi_controls

PAGE_SIZE = 50
REFUSED = 422  # the status of every POST that saved nothing: see docs/checklists.md


class WorkFormMixin:
    """Adds the hidden ``version`` (unless the form declares its own) and the ``confirmed``
    tick; subclasses list warnings in ``implausible`` and may compare in ``conflict_rows``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" not in self.fields:
            self.fields["version"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
        self.fields["confirmed"] = forms.BooleanField(
            required=False, label=_("Ja, dit klopt: toch opslaan")
        )
        self.warnings: list[str] = []
        self.conflict: Conflict | None = None
        # records the input may be a second one of ((name, url) each), shown with the
        # warnings; the tick then says "this is someone else" (``other_than_these``)
        self.lookalikes: list[tuple[str, str]] = []
        model = getattr(getattr(self, "_meta", None), "model", None)
        model_dates = set(dates.date_fields(model)) if model is not None else set()
        for name, field in cast(forms.BaseForm, self).fields.items():
            if name in model_dates:
                field.date_label = dates.label_of(model, name)
        plain_messages(cast(forms.BaseForm, self))

    def implausible(self, data: dict) -> list[str]:
        """Messages for input that is possible but unlikely; the user must confirm them."""
        return []

    def clean(self):
        data = super().clean()
        doubts = self.check_dates(data)
        if not self.errors:
            self.warnings = doubts + [str(message) for message in self.implausible(data)]
        if self.warnings and not data.get("confirmed"):
            raise ValidationError(
                _("Controleer de waarschuwing hieronder en bevestig als het klopt."),
                code="unconfirmed",
            )
        return data

    def other_than_these(self, warnings: list[str], links: list[tuple[str, str]]) -> list[str]:
        """For ``implausible``: the input may be a record that exists already (the warnings
        say which); the user confirms with "dit is iemand anders" instead of "dit klopt"."""
        if warnings:
            self.lookalikes = links
            form = cast(forms.BaseForm, self)
            label = _("Dit is iemand anders: toch opslaan")
            form.fields["confirmed"].label = label
            form["confirmed"].label = label  # the bound field made while cleaning
        return warnings

    def check_dates(self, data: dict) -> list[str]:
        """The rules of ``core.dates`` for every date field: a date of something that
        happened after today is refused next to its field; a date far back or far ahead
        returns a "Klopt dit?" warning. A field made by ``field_of`` (or a model form's)
        knows its model field; any other date field of a form is a day that happened."""
        form = cast(forms.BaseForm, self)
        today = timezone.localdate()
        doubts = []
        for name, field in form.fields.items():
            value = data.get(name)
            if not isinstance(field, forms.DateField) or not isinstance(value, datetime.date):
                continue
            label = getattr(field, "date_label", None)
            kind = dates.kind_of(label)
            error = dates.future_error(kind, value, today)
            if error:
                form.add_error(name, error)
                continue
            doubt = dates.doubt(
                kind,
                value,
                str(field.label or name).capitalize(),
                birth=label is not None and label.endswith("." + dates.BIRTH),
                today=today,
            )
            if doubt:
                doubts.append(doubt)
        return doubts

    def conflict_rows(self, error: ConflictError) -> list["ConflictRow"]:
        """Field by field: the value stored now next to the value this user tried to save."""
        form = cast(forms.BaseForm, self)  # the mixin is only ever mixed into a form
        return [
            ConflictRow(
                label=str(form.fields[name].label),
                saved=_display(form, name, getattr(error.current, name, None)),
                yours=_display(form, name, attempted),
            )
            for name, attempted in error.attempted.items()
            if name in form.fields
        ]

    @property
    def field_rows(self):
        """The visible fields, without the plumbing (rendered by the form template)."""
        return [field for field in self.visible_fields() if field.name != "confirmed"]


class FieldRenderer(DjangoTemplates):
    """The form renderer (``FORM_RENDERER``): a field group is ``editing/field.html``."""

    field_template_name = "editing/field.html"


EMPTY_CHOICE = _("Kies…")
DATE_EXAMPLE = _("Vul een datum in als 6-12-2026.")


def plain_messages(form: forms.BaseForm) -> forms.BaseForm:
    """Mark the required fields for assistive technology (``aria-required``; the label's
    asterisk is the template's) and replace Django's stock messages where they do not say
    what to type: a date "als 6-12-2026", a number, a choice that is not in the list."""
    for field in form.fields.values():
        if field.required and not field.widget.is_hidden:
            field.widget.attrs.setdefault("aria-required", "true")
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = DATE_EXAMPLE
            field.error_messages["required"] = _("Vul een datum in.")
        elif isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = _("Vul een heel getal in, zoals 3.")
        elif isinstance(field, forms.ModelChoiceField):
            field.error_messages["invalid_choice"] = _(
                "Deze keuze bestaat niet (meer). Kies een van de mogelijkheden."
            )
            field.error_messages["required"] = _("Maak een keuze.")
            if field.empty_label is not None:
                field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]
            if choices and choices[0] == ("", BLANK_CHOICE_DASH[0][1]):
                field.choices = [("", EMPTY_CHOICE), *choices[1:]]
            field.error_messages["invalid_choice"] = _("Kies een van de mogelijkheden in de lijst.")
            field.error_messages["required"] = _("Maak een keuze.")
        elif isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = _("Vul een e-mailadres in als naam@voorbeeld.nl.")
    return form


@dataclass(frozen=True)
class ErrorLink:
    """One line of a form's error summary: what is wrong, and the field it links to."""

    text: str
    href: str = ""  # "#<id of the field>"; empty for an error of the whole form


def _field_errors(form: forms.BaseForm, prefix: str = "") -> list[ErrorLink]:
    links = []
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                links.append(ErrorLink(f"{prefix}{error}"))
            else:
                # a list of radios or boxes has no one input: its first one
                target = field.id_for_label or f"{field.auto_id}_0"
                links.append(ErrorLink(f"{prefix}{capfirst(field.label)}: {error}", f"#{target}"))
    return links


def error_links(form=None, formset=None, row_label: str = "") -> list[ErrorLink]:
    """Every error of a page's form (and the formset of its rows), in the page's order:
    the form's own, the formset's own, each row's fields ("Gezinslid 2, Achternaam: …"),
    then the form's fields; each field's line links to it."""
    links = []
    if form is not None:
        links += [ErrorLink(str(error)) for error in form.non_field_errors()]
    if formset is not None and formset.is_bound:
        links += [ErrorLink(str(error)) for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            label = (row_label % {"n": number}) if row_label else ""
            links += [ErrorLink(f"{label}: {e}") for e in row.non_field_errors()]
            links += _field_errors(row, prefix=f"{label}, " if label else "")
    if form is not None:
        links += _field_errors(form)
    return links


class WorkForm(WorkFormMixin, forms.Form):
    pass


class WorkModelForm(WorkFormMixin, forms.ModelForm):
    pass


class DeleteForm(WorkForm):
    """The confirmation of a delete: only the version the user saw (a record changed since
    is a conflict, shown before anything is deleted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True


def delete_page(
    request,
    form: forms.BaseForm,
    delete: Callable[[dict], object],
    *,
    title: str,
    what: list[tuple[str, str]],
    done: str,
    saved: str,
    back: str,
    intro: str = "",
):
    """Confirm, then delete: GET shows what goes (``what``: label and value rows), a POST
    deletes and redirects to ``done``; a refused one (a conflict) answers ``REFUSED``."""
    response = saved_redirect(
        request, form, lambda data: delete(data) or True, done=lambda _: done, saved=saved
    )
    if response is not None:
        return response
    return render(
        request,
        "editing/delete_page.html",
        {"form": form, "title": title, "what": what, "back": back, "intro": intro},
        status=form_status(request),
    )


def future_date_warning(value, label) -> list[str]:
    """A warning when a date of something that happened lies after today."""
    if isinstance(value, datetime.date) and value > timezone.localdate():
        return [_("%(label)s ligt in de toekomst (%(date)s).") % {"label": label, "date": value}]
    return []


@dataclass
class ConflictRow:
    label: str
    saved: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.saved != self.yours


@dataclass
class Conflict:
    """Someone saved first: what is stored now, next to what this user tried to save."""

    rows: list[ConflictRow]


def _display(form: forms.BaseForm, name: str, value) -> str:
    """A value as the user reads it: a choice's label, yes/no, a record's name."""
    field = form.fields.get(name)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return shown(value, dict(field.choices))  # type: ignore[arg-type]
    return shown(value)


def shown(value, choices: dict | None = None) -> str:
    """A stored value as the user reads it: a dash for none, yes/no, a date with its year,
    a code's label (``choices``)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, datetime.date):
        return date_text(value)
    if choices:
        return str(choices.get(value, value))
    return str(value)


def submit(form: Any, write: Callable[[dict], object]):
    """Validate, then ``write(cleaned_data)``; return its result, or None when not saved.

    A service's ValidationError lands on the form's fields (or above them); a conflict is
    kept on ``form.conflict`` and the form's version moves to the stored one, so saving
    again is a deliberate choice after seeing both versions.
    """
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ConflictError as error:
        form.conflict = Conflict(rows=form.conflict_rows(error))
        data = form.data.copy()
        data["version"] = str(getattr(error.current, "version", ""))
        form.data = data
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    return None


def saved_redirect(
    request, form: forms.BaseForm, write: Callable[[dict], object], *, done, saved: str
):
    """On POST, submit; when saved, the success message and the redirect, else None."""
    if request.method != "POST":
        return None
    result = submit(form, write)
    if result is None:
        return None
    messages.success(request, saved)
    return redirect(done(result))


def form_status(request) -> int:
    """``REFUSED`` (422) for a POST that was not saved, so tests and tools see the failure."""
    return REFUSED if request.method == "POST" else 200


def form_page(
    request,
    form: forms.BaseForm,
    write: Callable[[dict], object],
    *,
    title: str,
    done: Callable[[object], str],
    saved: str,
    back: str,
    intro: str = "",
):
    """The page of one step of work: GET shows the form, a saved POST redirects to ``done``."""
    response = saved_redirect(request, form, write, done=done, saved=saved)
    if response is not None:
        return response
    return render(
        request,
        "editing/page.html",
        {"form": form, "title": title, "back": back, "intro": intro},
        status=form_status(request),
    )


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value, so every locale parses it)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def field_of(model: type[models.Model], name: str, **kwargs) -> forms.Field:
    """The form field of a model field: its Dutch label, choices and validators, one source."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.DateField):
        kwargs.setdefault("widget", DateInput)
        field = model_field.formfield(**kwargs)
        field.date_label = dates.label_of(model, name)  # type: ignore[union-attr]
        return field  # type: ignore[return-value]
    if isinstance(model_field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    if is_single_line(model_field) and not model_field.choices:  # the rule of SingleLineTexts
        kwargs["validators"] = [*kwargs.get("validators", ()), refuse_bidi_controls]
    return model_field.formfield(**kwargs)  # type: ignore[union-attr,return-value]


def filtered(form_class, request) -> tuple:
    """A filter form bound to the query string (a typed name from the kept search, never
    from the URL: :mod:`koers.core.searches`), and its values ({} when invalid)."""
    form = form_class(search_query(request) or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def page_of(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
