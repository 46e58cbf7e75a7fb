"""Writes of the reports: a section's story (versioned), and publishing an edition (frozen)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.models import Location
from koers.core.services import ConflictError, record_create, record_update
from koers.reports.exporters import render
from koers.reports.models import EditionFile, PublishedReport, ReportNarrative
from koers.reports.selectors import (
    DEFINITIONS_VERSION,
    NARRATIVE_TITLES,
    edition_document,
    live_inputs,
)


@transaction.atomic
def narrative_save(
    *, location: Location, year: int, section: str, text: str, expected_version: int, by: Actor
) -> ReportNarrative:
    """Save a section's story if nobody saved it since the editor opened version
    ``expected_version`` (0: there was no text yet), else ``ConflictError``."""
    if section not in NARRATIVE_TITLES:
        raise ValidationError({"section": f"onbekend onderdeel: {section}"})
    current = (
        ReportNarrative.objects.select_for_update()
        .filter(location=location, year=year, section=section)
        .first()
    )
    if current is not None:
        return record_update(current, by=by, expected_version=expected_version, text=text.strip())
    if expected_version != 0:
        raise ValidationError({"version": "deze tekst bestaat niet meer"})
    try:
        with transaction.atomic():
            return record_create(
                ReportNarrative,
                by=by,
                location=location,
                year=year,
                section=section,
                text=text.strip(),
            )
    except IntegrityError:
        current = ReportNarrative.objects.get(location=location, year=year, section=section)
        raise ConflictError(current, {"text": text}) from None


@transaction.atomic
def report_publish(
    *, location: Location, year: int, by: Actor, expected_edition: int | None = None
) -> PublishedReport:
    """Freeze the yearly report as it is now: figures, the year before, months, story.

    A later call publishes a corrected edition with the next number and its own date;
    earlier editions stay as they were. ``expected_edition``: the number of the latest
    edition the publisher saw in the preview (0: none); when another edition was published
    since, nothing is written and a ``ValidationError`` says so (two team leaders
    confirming the same preview publish once).
    """
    Location.objects.select_for_update().filter(pk=location.pk).first()  # one publisher at a time
    last = PublishedReport.objects.filter(location=location, year=year).aggregate(
        last=Max("edition")
    )["last"]
    if expected_edition is not None and expected_edition != (last or 0):
        raise ValidationError(
            {
                "edition": (
                    _(
                        "Intussen is editie %(number)s gepubliceerd. Bekijk het voorbeeld "
                        "opnieuw en publiceer daarna als dat nog nodig is."
                    )
                    % {"number": last}
                    if last
                    else _("Dit voorbeeld klopt niet meer. Bekijk het opnieuw.")
                )
            }
        )
    inputs = live_inputs(location, year)
    return record_create(
        PublishedReport,
        by=by,
        location=location,
        year=year,
        edition=(last or 0) + 1,
        published_on=timezone.localdate(),
        published_by=by,
        figures=inputs.figures,
        previous_figures=inputs.previous,
        monthly=inputs.monthly,
        narrative={code: text for code, text in inputs.narrative.items() if text},
        details=inputs.details,
        definitions_version=DEFINITIONS_VERSION,
    )


def stored_format(fmt: str) -> str:
    """The name an edition's file is kept under: the format in the default language ("pdf",
    as every file stored before translations), the format and language in another
    ("pdf.en"): an edition's sentences are written from its frozen figures in the language
    of the file, so a file is frozen per language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return fmt if language == settings.LANGUAGE_CODE else f"{fmt}.{language}"


def edition_file(edition: PublishedReport, fmt: str) -> bytes:
    """The edition in ``fmt`` and the active language: rendered on its first download and
    stored, then as stored.

    The caller has checked access to the edition. Two first downloads at once both
    render; the first stored file stays (the same bytes: an edition is frozen).
    """
    kept_as = stored_format(fmt)
    stored = EditionFile.objects.filter(edition=edition, format=kept_as).first()
    if stored is not None:
        return bytes(stored.content)
    content = render(edition_document(edition), fmt)
    EditionFile.objects.bulk_create(
        [EditionFile(edition=edition, format=kept_as, content=content)], ignore_conflicts=True
    )
    return content
