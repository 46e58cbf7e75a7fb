"""Bundles over HTTP: upload a bundle (checked first, then run on request), export one,
and follow the job. For whoever may exchange bundles (``exchange``: team leaders for
their branch, administrators for all), with the importer's own limits on the zip.
"""

import datetime
import uuid
import zipfile
from typing import Any

from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from koers.api import jobs
from koers.api.errors import ApiProblem, Error, invalid, not_found
from koers.api.models import Job
from koers.api.selectors import jobs_of
from koers.api.types import In, Text
from koers.core.models import Location
from koers.core.scoping import Capability, capability_q, may
from koers.exchange.bundle import Limits, megabytes

router = Router(tags=["Bundels"])

JOB_ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error, 429: Error}


class Problem(Schema):
    file: str
    line: int
    column: str
    message: str


class Progress(Schema):
    phase: str = ""
    file: str = ""
    done: int = 0
    total: int = 0


class JobOut(Schema):
    uid: uuid.UUID
    kind: str
    dry_run: bool
    status: str
    location: str | None
    file_name: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    progress: Progress
    result: dict[str, Any]
    problems: list[Problem]

    @staticmethod
    def resolve_location(job: Job) -> str | None:
        return job.location.external_id if job.location else None

    @staticmethod
    def resolve_progress(job: Job) -> dict:
        return jobs.progress_of(job)

    @staticmethod
    def resolve_result(job: Job) -> dict:
        return {key: value for key, value in job.result.items() if key != "problems"}

    @staticmethod
    def resolve_problems(job: Job) -> list:
        return job.result.get("problems", [])


class JobList(Schema):
    results: list[JobOut]


class ExportIn(In):
    location: Text | None = Field(
        None, max_length=64, description="extern id van de locatie (leeg: alles, alleen beheer)"
    )


def exchanger(request: HttpRequest) -> None:
    if not may(request.user, Capability.EXCHANGE):
        raise ApiProblem(403, "forbidden", _("Bundels uitwisselen mag uw rol niet."))


def accepted(job: Job) -> Status:
    """202 with the job as it stands (an inline job has already run)."""
    return Status(202, Job.objects.select_related("location").get(pk=job.pk))


def own_job(request: HttpRequest, uid: uuid.UUID) -> Job:
    job = jobs_of(request.user).filter(uid=uid).first()
    if job is None:
        raise not_found()
    return jobs.fail_abandoned(job)


@router.post(
    "/bundles/imports/",
    response={202: JobOut, **JOB_ERRORS},
    operation_id="bundle_import",
    summary="Bundel (.zip) uploaden: eerst gecontroleerd, niets geschreven",
)
def bundle_import(request: HttpRequest, file: File[UploadedFile]):
    exchanger(request)
    limit = Limits.from_settings().max_bytes  # a zip holds no more than its files expand to
    if file.size is None or file.size > limit:
        raise ApiProblem(
            413,
            "too_large",
            _("De bundel is groter dan %(mb)s (KOERS_IMPORT_MAX_MB).") % {"mb": megabytes(limit)},
        )
    if not zipfile.is_zipfile(file):
        raise invalid("file", _("Geen .zip-bestand."))
    file.seek(0)
    name = (file.name or "bundel.zip")[-200:]
    with transaction.atomic():
        job = Job.objects.create(
            kind=Job.Kind.IMPORT, dry_run=True, user=request.user, file_name=name
        )
        with jobs.bundle_path(job).open("wb") as target:
            for chunk in file.chunks():
                target.write(chunk)
        jobs.start(job)
    return accepted(job)


@router.post(
    "/bundles/imports/{uuid:uid}/run/",
    response={202: JobOut, **JOB_ERRORS},
    operation_id="bundle_import_run",
    summary="Een gecontroleerde bundel echt inlezen",
)
def bundle_import_run(request: HttpRequest, uid: uuid.UUID):
    exchanger(request)
    job = own_job(request, uid)
    with transaction.atomic():
        moved = Job.objects.filter(
            pk=job.pk, kind=Job.Kind.IMPORT, status=Job.Status.CHECKED
        ).update(status=Job.Status.QUEUED, dry_run=False, started_at=None, finished_at=None)
        if not moved:
            raise ApiProblem(
                409,
                "not_checked",
                _("Alleen een gecontroleerde bundel zonder problemen kan worden ingelezen."),
            )
        job.refresh_from_db()
        jobs.start(job)
    return accepted(job)


@router.post(
    "/bundles/exports/",
    response={202: JobOut, **JOB_ERRORS},
    operation_id="bundle_export",
    summary="Een bundel maken van een locatie (of alles)",
)
def bundle_export(request: HttpRequest, payload: ExportIn):
    exchanger(request)
    places = Location.objects.filter(capability_q(request.user, Capability.EXCHANGE))
    location = None
    if payload.location is not None:
        location = places.filter(external_id=payload.location).first()
        if location is None:
            raise not_found()
    elif not may(request.user, Capability.EXCHANGE, everywhere=True):
        own = list(places[:2])
        if len(own) != 1:
            raise invalid("location", _("Geef de locatie."))
        location = own[0]
    with transaction.atomic():
        job = Job.objects.create(kind=Job.Kind.EXPORT, user=request.user, location=location)
        jobs.start(job)
    return accepted(job)


@router.get(
    "/jobs/",
    response={200: JobList, 401: Error, 429: Error},
    operation_id="jobs_list",
    summary="Uw taken, nieuwste eerst (hoogstens 100)",
)
def jobs_list(request: HttpRequest):
    return {"results": [jobs.fail_abandoned(job) for job in jobs_of(request.user)[:100]]}


@router.get(
    "/jobs/{uuid:uid}/",
    response={200: JobOut, **JOB_ERRORS},
    operation_id="jobs_get",
    summary="Een taak: status, voortgang, resultaat, problemen",
)
def jobs_get(request: HttpRequest, uid: uuid.UUID):
    return own_job(request, uid)


@router.get(
    "/jobs/{uuid:uid}/download/",
    response=JOB_ERRORS,
    operation_id="jobs_download",
    summary="De bundel van een klaar export (application/zip)",
    openapi_extra={
        "responses": {
            200: {
                "description": "De bundel",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def jobs_download(request: HttpRequest, uid: uuid.UUID):
    job = own_job(request, uid)
    path = jobs.bundle_path(job)
    if job.kind != Job.Kind.EXPORT or job.status != Job.Status.DONE or not path.exists():
        raise ApiProblem(409, "not_ready", _("Er is (nog) geen bundel om te downloaden."))
    name = (
        f"koers-{job.location.external_id if job.location else 'alles'}-{job.created_at:%Y%m%d}.zip"
    )
    response = FileResponse(
        path.open("rb"), content_type="application/zip", as_attachment=True, filename=name
    )
    from koers.api.main import with_rate_headers

    return with_rate_headers(request, response)
