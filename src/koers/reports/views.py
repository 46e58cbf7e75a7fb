"""Pages of the reports: the yearly report and its story, editions, region, municipality.

Nothing here shows personal data: every number is an aggregate from the indicator
engine, so no page writes the access log.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.core.access import AGGREGATE, view_scope
from koers.core.actors import Actor
from koers.core.editing import REFUSED, submit
from koers.core.formatting import MONTHS
from koers.core.models import Location
from koers.reports import region_files, selectors
from koers.reports.content import monthly_chart
from koers.reports.exporters import FORMATS, filename_stem, presentation
from koers.reports.exporters import render as render_document
from koers.reports.forms import NarrativeForm
from koers.reports.models import PublishedReport
from koers.reports.municipality import (
    PERIOD_CHOICES,
    period_blocks,
    period_from,
    topic_rows,
)
from koers.reports.services import edition_file, narrative_save, report_publish

NARRATIVE_TITLES = selectors.NARRATIVE_TITLES


FIRST_YEAR, LAST_YEAR = 2000, 2100
REPORT_LANGUAGE_PARAMETER = "taal"


def in_report_language(view):
    """A file for the municipality (a download, live or of a published edition) is in Dutch.

    Whatever the language a user reads Koers in, the files that go to the municipality
    are written in the default language, unless the link asks for another one
    (``?taal=en``, which the report pages offer a reader of another language): the pages
    themselves, the publishing preview among them, follow the reader (docs/translations.md).
    """

    @functools.wraps(view)
    def in_language(request, *args, **kwargs):
        asked = request.GET.get(REPORT_LANGUAGE_PARAMETER, "")
        supported = {code for code, _name in settings.LANGUAGES}
        with translation.override(asked if asked in supported else settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return in_language


def reportable(year: int) -> int:
    """A year a report can be about, else 404 (a URL can hold any number)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def year_from(request, default: int | None = None) -> int:
    value = request.GET.get("jaar", "")
    if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)
    return default or timezone.localdate().year


@view_scope(AGGREGATE)
@require_GET
def index(request):
    """Which report to open: a branch and a year, a region, or the municipality view."""
    locations = selectors.report_locations(request.user)
    year = year_from(request, default=timezone.localdate().year - 1)
    chosen = locations.filter(external_id=request.GET.get("locatie", "")).first()
    if chosen is not None:
        return redirect("reports:report", location_uid=chosen.uid, year=year)
    return render(
        request,
        "reports/index.html",
        {
            "locations": locations,
            "regions": selectors.regions_for(request.user),
            "year": year,
            "municipality": selectors.municipality_locations(request.user).exists(),
        },
    )


@view_scope(AGGREGATE)
@require_GET
def report(request, location_uid, year: int):
    reportable(year)
    location = selectors.get_location(selectors.report_locations(request.user), location_uid)
    document = selectors.live_document(location, year, months=False)  # the chart loads after
    can_edit = selectors.narrative_locations(request.user).filter(pk=location.pk).exists()
    drafts = selectors.drafts(location, year, NARRATIVE_TITLES) if can_edit else []
    return render(
        request,
        "reports/report.html",
        {
            **presentation(document),
            "location": location,
            "can_edit": can_edit,
            "drafts": {draft.section: draft for draft in drafts},
            "editions": selectors.editions(location, year),
            "formats": FORMATS,
        },
    )


@view_scope(AGGREGATE)
@require_GET
def month_chart(request, location_uid, year: int):
    """The monthly housing chart, loaded after the page: it takes twelve computations."""
    reportable(year)
    location = selectors.get_location(selectors.report_locations(request.user), location_uid)
    chart = monthly_chart(year, selectors.monthly_figures([location], year))
    return render(request, "reports/_chart.html", {"chart": chart})


@view_scope(AGGREGATE)
@require_http_methods(["GET", "POST"])
def narrative(request, location_uid, year: int, section: str):
    """The editor of one section's story; htmx swaps it in place, without htmx a saved story
    goes back to the report and a refused one shows the editor on a page of its own."""
    reportable(year)
    location = selectors.get_location(selectors.narrative_locations(request.user), location_uid)
    if section not in NARRATIVE_TITLES:
        raise Http404
    form = NarrativeForm(request.POST or None)
    context = {"location": location, "year": year, "saved": False, "form": form}
    htmx = request.headers.get("HX-Request") == "true"
    status = 200
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: narrative_save(
                location=location,
                year=year,
                section=section,
                text=data["text"],
                expected_version=data["version"],
                by=request.user,
            ),
        )
        if saved is not None and not htmx:
            return redirect(
                reverse("reports:report", args=[location.uid, year]) + f"#tekst-{section}"
            )
        if saved is not None:
            context["saved"] = True
        else:
            context["text"] = request.POST.get("text", "")
            context["version"] = form.data.get("version", "")
            status = REFUSED
    draft = next(
        d for d in selectors.drafts(location, year, NARRATIVE_TITLES) if d.section == section
    )
    context["draft"] = draft
    context.setdefault("text", draft.text)
    context.setdefault("version", draft.version)
    page = "reports/_narrative_editor.html" if htmx or status == 200 else "reports/narrative.html"
    return render(request, page, context, status=status)


@view_scope(AGGREGATE)
@require_http_methods(["GET", "POST"])
def publish(request, location_uid, year: int):
    """Publishing, in two steps: first the edition as the municipality will see it, with
    "Publiceren" and "Terug"; only a POST from that page (``bevestigd``, and the number of
    the latest edition it was made from: the version check) publishes. Any other POST shows
    the preview again, writes nothing and answers 422 like every refused save."""
    reportable(year)
    location = selectors.get_location(selectors.narrative_locations(request.user), location_uid)
    latest = selectors.latest_edition(location, year)
    status, problem = 200, ""
    if request.method == "POST" and request.POST.get("bevestigd") != "ja":
        status = REFUSED
        problem = _(
            "Er is niets gepubliceerd: kijk het jaarverslag hieronder na en kies Publiceren."
        )
    elif request.method == "POST":
        seen = request.POST.get("laatste_editie", "")
        try:
            edition = report_publish(
                location=location,
                year=year,
                by=request.user,
                expected_edition=int(seen) if seen.isdigit() else -1,
            )
        except ValidationError as error:
            status, problem = REFUSED, " ".join(error.messages)
            latest = selectors.latest_edition(location, year)
        else:
            return redirect("reports:edition", publishedreport_uid=edition.uid)
    document = selectors.live_document(location, year)
    number = (latest.edition if latest else 0) + 1
    context = presentation(document, publishing=(number, timezone.localdate()))
    return render(
        request,
        "reports/publish.html",
        {
            **context,
            "location": location,
            "latest": latest,
            "problem": problem,
            "show_since": False,
        },
        status=status,
    )


def attachment(fmt: str, stem: str, content: Callable[[], bytes]) -> HttpResponse:
    """The file ``stem.fmt``; its content is made only for a format Koers writes."""
    if fmt not in FORMATS:
        raise Http404
    response = HttpResponse(content(), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@view_scope(AGGREGATE)
@require_GET
@in_report_language
def download(request, location_uid, year: int, fmt: str):
    reportable(year)
    location = selectors.get_location(selectors.report_locations(request.user), location_uid)
    return attachment(
        fmt,
        filename_stem(location, year, None),
        lambda: render_document(selectors.live_document(location, year), fmt),
    )


def get_edition(user: Actor, uid) -> PublishedReport:
    edition = (
        PublishedReport.objects.filter(uid=uid, location__in=selectors.municipality_locations(user))
        .select_related("location", "published_by")
        .first()
    )
    if edition is None:
        raise Http404
    return edition


@view_scope(AGGREGATE)
@require_GET
def edition(request, publishedreport_uid):
    """A published edition as it was published, with what has been corrected since."""
    found = get_edition(request.user, publishedreport_uid)
    document = selectors.edition_document(found)
    return render(
        request,
        "reports/edition.html",
        {
            **presentation(document),
            "location": found.location,
            "edition": found,
            "others": selectors.editions(found.location, found.year),
            "formats": FORMATS,
        },
    )


@view_scope(AGGREGATE)
@require_GET
@in_report_language
def edition_download(request, publishedreport_uid, fmt: str):
    found = get_edition(request.user, publishedreport_uid)
    stem = filename_stem(found.location, found.year, found)
    return attachment(fmt, stem, lambda: edition_file(found, fmt))


@view_scope(AGGREGATE)
@require_GET
def region(request, region: str, year: int):
    reportable(year)
    if region not in selectors.regions_for(request.user):
        raise Http404
    return render(
        request,
        "reports/region.html",
        {"region": region, "year": year, "table": selectors.region_table(region, year)},
    )


@view_scope(AGGREGATE)
@require_GET
@in_report_language
def region_download(request, region: str, year: int, fmt: str):
    """The region report as PDF or XLSX: the same table as the page, for the same users; in
    Dutch unless the link asks another language (:func:`in_report_language`), as the branch
    report's downloads."""
    reportable(year)
    if fmt not in region_files.REGION_FORMATS or region not in selectors.regions_for(request.user):
        raise Http404
    table = selectors.region_table(region, year)
    response = HttpResponse(
        region_files.render(region, year, table, fmt),
        content_type=region_files.REGION_FORMATS[fmt],
    )
    stem = region_files.filename_stem(region, year)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@view_scope(AGGREGATE)
@require_GET
def municipality(request):
    locations = selectors.municipality_locations(request.user)
    if len(locations) == 1:
        return redirect("reports:municipality_branch", location_uid=locations[0].uid)
    return render(request, "reports/municipality_index.html", {"locations": locations})


def municipality_location(request, location_uid) -> Location:
    return selectors.get_location(selectors.municipality_locations(request.user), location_uid)


@view_scope(AGGREGATE)
@require_GET
def municipality_branch(request, location_uid):
    location = municipality_location(request, location_uid)
    return render(
        request,
        "reports/municipality_branch.html",
        {
            "location": location,
            "editions": selectors.editions(location),
            "tab": "reports",
            "year": timezone.localdate().year,
        },
    )


@view_scope(AGGREGATE)
@require_GET
def municipality_period(request, location_uid):
    location = municipality_location(request, location_uid)
    year = year_from(request)
    code = request.GET.get("periode", "H1")
    try:
        period = period_from(year, code)
    except ValueError:
        raise Http404 from None
    figures = selectors.figures_for([location], period)
    return render(
        request,
        "reports/municipality_period.html",
        {
            "location": location,
            "tab": "period",
            "year": year,
            "code": code,
            "period": period,
            "period_label": period.label,
            "choices": PERIOD_CHOICES,
            "blocks": period_blocks(figures),
        },
    )


@view_scope(AGGREGATE)
@require_GET
def municipality_topics(request, location_uid):
    location = municipality_location(request, location_uid)
    year = year_from(request)
    rows = topic_rows(*selectors.topic_figures([location], year))
    return render(
        request,
        "reports/municipality_topics.html",
        {
            "location": location,
            "tab": "topics",
            "year": year,
            "rows": rows,
            "months": [MONTHS[month]().rstrip(".") for month in range(1, 13)],
        },
    )


@view_scope(AGGREGATE)
@require_GET
def municipality_quota(request, location_uid):
    location = municipality_location(request, location_uid)
    year = year_from(request)
    return render(
        request,
        "reports/municipality_quota.html",
        {
            "location": location,
            "tab": "quota",
            "year": year,
            "halves": selectors.quota_progress(location, year),
        },
    )
