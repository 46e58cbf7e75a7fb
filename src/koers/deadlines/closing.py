"""Which form closes which rule's item in place, and where it posts to."""

from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.deadlines import forms as close_forms
from koers.deadlines.selectors import DeadlineItem


@dataclass(frozen=True)
class Closer:
    form: type[forms.Form]
    route: str
    kwarg: str
    label: str  # the button
    versioned: bool = False
    moment: str = ""


CLOSERS: dict[str, Closer] = {
    "dossier_step": Closer(
        close_forms.StepDoneForm, "deadlines:step_done", "dossierstep_uid", _("Stap gedaan"), True
    ),
    "pvt_signature": Closer(
        close_forms.SignatureForm,
        "deadlines:participation_statement",
        "person_uid",
        _("Getekend"),
        True,
    ),
    "civic_integration_term": Closer(
        close_forms.ExamResultForm, "deadlines:civic_integration", "person_uid", _("Vastleggen")
    ),
    "match_evaluation_3m": Closer(
        close_forms.EvaluationForm,
        "deadlines:match_evaluation",
        "match_uid",
        _("Evaluatie"),
        moment="3m",
    ),
    "match_evaluation_6m": Closer(
        close_forms.EvaluationForm,
        "deadlines:match_evaluation",
        "match_uid",
        _("Evaluatie"),
        moment="6m",
    ),
}


def register_closers(closers: dict[str, Closer]) -> None:
    """Closers of rules over an app that stands on this one, from its ``AppConfig.ready()``."""
    CLOSERS.update(closers)


def close_form(item: DeadlineItem, data=None) -> forms.Form | None:
    """The form that closes ``item`` (bound to ``data`` when given), or None."""
    closer = CLOSERS.get(item.rule)
    if closer is None:
        return None
    initial = {"version": item.record_version} if closer.versioned else {}
    if closer.moment:
        initial["moment"] = closer.moment
    return closer.form(data, initial=initial, auto_id=f"{item.html_id}-%s")


def close_url(item: DeadlineItem) -> str:
    closer = CLOSERS[item.rule]
    return reverse(closer.route, kwargs={closer.kwarg: item.record_uid})


def close_values(rule: str, data: dict) -> dict:
    """The closing service's keyword arguments from a close form's cleaned data."""
    values = {name: value for name, value in data.items() if name not in {"version", "confirmed"}}
    closer = CLOSERS.get(rule)
    if closer is not None and closer.versioned:
        values["expected_version"] = data["version"]
    return values
