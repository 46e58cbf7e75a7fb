"""Legal dossiers on the client's timeline: opened, each step done, closed."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry
from koers.legal.models import Dossier, DossierStep


def dossiers(user: Viewer, person) -> list[TimelineEntry]:
    rows = (
        Dossier.objects.for_user(user)
        .filter(person=person)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=DossierStep.objects.for_user(user).filter(done_on__isnull=False),
                to_attr="done_steps",
            )
        )
    )
    entries = []
    for dossier in rows:
        kind = dossier.get_kind_display()
        url = reverse("legal:dossier_detail", kwargs={"dossier_uid": dossier.uid})
        entries.append(
            TimelineEntry(
                on=dossier.opened_on,
                title=_("Dossier geopend: %(kind)s") % {"kind": kind},
                url=url,
            )
        )
        for step in dossier.done_steps:
            outcome = step.get_outcome_display() if step.outcome else ""
            entries.append(
                TimelineEntry(
                    on=step.done_on,
                    title=_("Dossierstap: %(step)s") % {"step": step.get_step_display()},
                    detail=" · ".join(
                        part
                        for part in (
                            _("Dossier %(kind)s") % {"kind": kind},
                            _("uitkomst: %(outcome)s") % {"outcome": outcome} if outcome else "",
                        )
                        if part
                    ),
                    url=url,
                    rank=1,
                )
            )
        if dossier.closed_on:
            entries.append(
                TimelineEntry(
                    on=dossier.closed_on,
                    title=_("Dossier gesloten: %(kind)s") % {"kind": kind},
                    detail=_("Uitkomst: %(outcome)s") % {"outcome": dossier.get_outcome_display()},
                    url=url,
                    rank=2,
                )
            )
    return entries
