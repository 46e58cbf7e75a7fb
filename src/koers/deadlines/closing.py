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
    # integration-2021.md
    "pip_decision": Closer(
        close_forms.PipForm,
        "deadlines:plan_pip",
        "integrationplan_uid",
        _("PIP vastgesteld"),
        True,
    ),
    "civic_integration_term_2021": Closer(
        close_forms.PlanEndForm,
        "deadlines:plan_end",
        "integrationplan_uid",
        _("Vastleggen"),
        True,
    ),
}


def close_form(item: DeadlineItem, data=None) -> forms.Form | None:
    """The form that closes ``item`` (bound to ``data`` when given), or None."""
    closer = CLOSERS.get(item.rule)
    if closer is None:
        return None
    initial = {"expected_version": item.record_version} if closer.versioned else {}
    if closer.moment:
        initial["moment"] = closer.moment
    return closer.form(data, initial=initial, auto_id=f"{item.html_id}-%s")


def close_url(item: DeadlineItem) -> str:
    closer = CLOSERS[item.rule]
    return reverse(closer.route, kwargs={closer.kwarg: item.record_uid})
