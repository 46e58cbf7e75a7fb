"""Bundle jobs: an import (checked first, then run) or an export, in the background.

A job is a row (``api.Job``) and, for an upload or an export, a zip under
``KOERS_DATA_DIR/jobs/``. It runs once: whoever claims it first (an atomic update from
``queued`` to ``running``) runs it. ``KOERS_JOBS`` says who that is:

- ``thread`` (default): a thread of the server process that took the request, started
  when the request's transaction commits; nothing else to run or configure;
- ``worker``: ``koers jobs`` (a service, or cron every minute) runs queued jobs;
- ``inline``: the request runs it before answering (the tests).

Progress goes to a small file beside the zip (``<uid>.progress``), not to the database:
the import holds its write transaction until the end, and every server process can read
a file. A job whose progress file has not moved for ``ABANDONED_AFTER`` is taken to have
died with its process (a restart, a killed worker) and is marked failed.

A check is the real import in a transaction that is rolled back: what it reports (the
counts, the located problems, records outside the user's branch) is what the run will do.
"""

import datetime
import io
import json
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.api.models import Job
from koers.core.models import AccessLogEntry, ChangeLogEntry, Location
from koers.core.scoping import Capability, capability_q, may
from koers.exchange.services import BundleError, bundle_export, bundle_import

logger = logging.getLogger(__name__)

ABANDONED_AFTER = datetime.timedelta(hours=1)
KEPT_FOR = datetime.timedelta(days=7)
SHOWN_PROBLEMS = 1000  # a bundle with more problems lists the first thousand


class RolledBack(Exception):
    """Ends the check's transaction (or a refused run's) so that nothing stays written."""


def jobs_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def bundle_path(job: Job) -> Path:
    return jobs_dir() / f"{job.uid}.zip"


def progress_path(job: Job) -> Path:
    return jobs_dir() / f"{job.uid}.progress"


def report(job: Job, **progress) -> None:
    """Write the job's progress where every server process can read it (atomically)."""
    target = progress_path(job)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(progress))
    os.replace(temporary, target)


def progress_of(job: Job) -> dict:
    if job.status != Job.Status.RUNNING:
        return {}
    try:
        return json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return {}


def is_abandoned(job: Job, now: datetime.datetime | None = None) -> bool:
    if job.status != Job.Status.RUNNING:
        return False
    now = now or timezone.now()
    try:
        moved = datetime.datetime.fromtimestamp(progress_path(job).stat().st_mtime, datetime.UTC)
    except OSError:
        moved = job.started_at or job.created_at
    return now - moved > ABANDONED_AFTER


def fail_abandoned(job: Job, now: datetime.datetime | None = None) -> Job:
    """Mark a job that died with its process as failed (it is not resumed: start it again)."""
    if is_abandoned(job, now):
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            result={
                "error": _("De taak is onderbroken (de server is herstart). Start hem opnieuw.")
            },
        )
        job.refresh_from_db()
    return job


# Starting ------------------------------------------------------------------------------


def start(job: Job) -> None:
    """Run the job as ``KOERS_JOBS`` says (see the module's docstring)."""
    mode = settings.KOERS_JOBS
    if mode == "inline":
        run(job.pk)
    elif mode == "thread":
        transaction.on_commit(
            lambda: threading.Thread(
                target=_run_in_thread, args=(job.pk,), name=f"koers-job-{job.uid}", daemon=True
            ).start()
        )


def _run_in_thread(pk: int) -> None:
    try:
        run(pk)
    finally:
        connection.close()  # the thread's own connection


def run_queued(limit: int = 100) -> int:
    """Run the queued jobs, oldest first (``koers jobs``); how many this process ran."""
    done = 0
    for pk in (
        Job.objects.filter(status=Job.Status.QUEUED)
        .order_by("created_at", "pk")[:limit]
        .values_list("pk", flat=True)
    ):
        if run(pk):
            done += 1
    return done


def run(pk: int) -> bool:
    """Claim the queued job and run it; False when someone else claimed it first."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now
    )
    if not claimed:
        return False
    job = Job.objects.select_related("user", "location").get(pk=pk)
    report(job, phase="start")
    try:
        status, result = run_export(job) if job.kind == Job.Kind.EXPORT else run_import(job)
    except Exception:
        logger.exception("job %s failed", job.uid)
        status, result = (
            Job.Status.FAILED,
            {"error": _("De taak is mislukt door een fout in Koers.")},
        )
    Job.objects.filter(pk=pk).update(status=status, result=result, finished_at=timezone.now())
    progress_path(job).unlink(missing_ok=True)
    return True


# Import --------------------------------------------------------------------------------


class NamedUpload(io.BufferedReader):
    """The uploaded zip, named as the client named it (the import run records the name)."""

    def __init__(self, raw, label: str) -> None:
        super().__init__(raw)
        self._label = label

    @property
    def name(self) -> str:  # type: ignore[override]
        return self._label


def problem_dict(file: str, line: int, column: str, message: str) -> dict:
    return {"file": file, "line": line, "column": column, "message": message}


def outside_reach(job: Job, after: int) -> list[dict]:
    """Records this import wrote outside the places where the user may exchange bundles."""
    user = job.user
    if may(user, Capability.EXCHANGE, everywhere=True):
        return []
    places = list(
        Location.objects.filter(capability_q(user, Capability.EXCHANGE)).values_list(
            "pk", flat=True
        )
    )
    written = defaultdict(list)
    for content_type, pk in ChangeLogEntry.objects.filter(id__gt=after, user=user).values_list(
        "content_type", "object_id"
    ):
        written[content_type].append(pk)
    problems = []
    for content_type, pks in written.items():
        model = ContentType.objects.get_for_id(content_type).model_class()
        scope = getattr(model, "scope", None)
        rows = model._default_manager.filter(pk__in=pks)
        if scope is not None:
            path = "pk" if scope.location == "pk" else scope.location
            rows = rows.exclude(**{f"{path}__in": places})
        for external_id in rows.order_by("external_id").values_list("external_id", flat=True)[:50]:
            problems.append(
                problem_dict(
                    "-",
                    0,
                    "-",
                    _("%(what)s %(id)s hoort niet bij een locatie waarvan u bundels mag inlezen.")
                    % {"what": model._meta.verbose_name, "id": external_id},
                )
            )
    return problems


def run_import(job: Job) -> tuple[str, dict]:
    def progress(name: str, done: int, total: int) -> None:
        report(job, phase="write", file=name, done=done, total=total)

    report(job, phase="check")
    with (
        bundle_path(job).open("rb", buffering=0) as raw,
        NamedUpload(raw, f"API: {job.file_name}") as stream,
    ):
        try:
            with transaction.atomic():
                after = ChangeLogEntry.objects.aggregate(last=Max("id"))["last"] or 0
                result = bundle_import(source=stream, by=job.user, progress=progress)
                problems = [
                    problem_dict(p.file, p.line, p.column, p.message) for p in result.problems
                ]
                if not problems:
                    problems = outside_reach(job, after)
                if problems or job.dry_run:
                    raise RolledBack
        except BundleError as error:
            return Job.Status.REFUSED, {"problems": [problem_dict("-", 0, "-", str(error))]}
        except RolledBack:
            pass
    counts = {
        name: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged, "rows": c.rows}
        for name, c in result.files.items()
    }
    if problems:
        return Job.Status.REFUSED, {
            "problems": problems[:SHOWN_PROBLEMS],
            "problem_count": len(problems),
        }
    summary = {
        "created": result.created,
        "updated": result.updated,
        "rows": result.rows,
        "files": counts,
        # what the import leaves out on purpose (an anonymised client's name), located
        "notices": [problem_dict(n.file, n.line, n.column, n.message) for n in result.notices][
            :SHOWN_PROBLEMS
        ],
    }
    return (Job.Status.CHECKED if job.dry_run else Job.Status.DONE), summary


# Export --------------------------------------------------------------------------------


def log_export(job: Job) -> int:
    """One access-log row (export) per client in the bundle, in bulk."""
    Person = apps.get_model("people", "Person")
    people = Person.objects.all()
    if job.location_id is not None:
        people = people.filter(location_id=job.location_id)
    at = timezone.now()
    entries = [
        AccessLogEntry(
            at=at,
            user_id=job.user_id,
            username=job.user.get_username(),
            person_id=pk,
            action=AccessLogEntry.Action.EXPORT,
            what="API: bundel",
            path="/api/v1/bundles/exports/",
        )
        for pk in people.values_list("pk", flat=True).iterator()
    ]
    AccessLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def run_export(job: Job) -> tuple[str, dict]:
    report(job, phase="export")
    with tempfile.TemporaryDirectory(dir=jobs_dir()) as folder:
        written = bundle_export(target=folder, location=job.location)
        report(job, phase="zip")
        target = bundle_path(job)
        partial = target.with_suffix(".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(os.listdir(folder)):
                archive.write(Path(folder) / name, arcname=name)
        os.replace(partial, target)
    clients = log_export(job)
    return Job.Status.DONE, {"files": written, "clients": clients}


# Upkeep --------------------------------------------------------------------------------


def tidy(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Fail abandoned jobs; delete the files of jobs finished more than ``KEPT_FOR`` ago."""
    now = now or timezone.now()
    failed = sum(
        1
        for job in Job.objects.filter(status=Job.Status.RUNNING)
        if fail_abandoned(job, now).status == Job.Status.FAILED
    )
    removed = 0
    for job in Job.objects.filter(finished_at__lt=now - KEPT_FOR):
        for path in (bundle_path(job), progress_path(job)):
            if path.exists():
                path.unlink()
                removed += 1
    shutil.rmtree(jobs_dir() / "tmp", ignore_errors=True)
    return failed, removed
