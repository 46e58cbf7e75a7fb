"""Bundles over HTTP: an upload is checked first (nothing written, problems located), run
on request, and refused where it writes outside the user's branches; an export is a
job with a download; jobs are their user's only; ``koers jobs`` runs them as a worker."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone

from koers.api import jobs
from koers.api.models import Job
from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.people.models import Person
from tests.api.conftest import ApiClient
from tests.conftest import ACCEPTANCE_BUNDLE
from tests.factories import PersonFactory

IMPORTS = "/api/v1/bundles/imports/"
EXPORTS = "/api/v1/bundles/exports/"
BARENDRECHT_PEOPLE = 194  # people.csv of the acceptance bundle


@pytest.fixture(autouse=True)
def jobs_in_the_request(settings, tmp_path):
    """Jobs run before the answer, their files in a folder of the test's own."""
    settings.KOERS_JOBS = "inline"
    settings.DATA_DIR = tmp_path


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"bundle/{name}", data)
    return buffer.getvalue()


def acceptance_zip(**changed: bytes) -> bytes:
    files = {path.name: path.read_bytes() for path in sorted(ACCEPTANCE_BUNDLE.glob("*.csv"))}
    return zipped(files | changed)


def upload(api: ApiClient, data: bytes, name: str = "bundel.zip"):
    upload = io.BytesIO(data)
    upload.name = name
    return api.client.post(IMPORTS, {"file": upload}, headers=api.headers)


def test_an_upload_is_checked_first_and_writes_only_when_run(api_as):
    api = api_as(Role.ADMINISTRATOR)
    checked = upload(api, acceptance_zip())
    assert checked.status_code == 202, checked.content
    job = checked.json()
    assert (job["kind"], job["dry_run"], job["status"]) == ("import", True, "checked")
    assert job["result"]["files"]["people.csv"]["created"] == BARENDRECHT_PEOPLE
    assert job["problems"] == [] and job["file_name"] == "bundel.zip"
    assert Person.objects.count() == 0  # a check writes nothing
    ran = api.post(f"{IMPORTS}{job['uid']}/run/")
    assert ran.status_code == 202, ran.content
    assert (ran.json()["status"], ran.json()["dry_run"]) == ("done", False)
    assert Person.objects.count() == BARENDRECHT_PEOPLE
    logged = ChangeLogEntry.objects.filter(object_id=Person.objects.first().pk).first()
    assert logged.user.username == "beheerder"  # the change log names the token's person
    again = api.post(f"{IMPORTS}{job['uid']}/run/")  # a job runs once
    assert again.status_code == 409 and again.json()["code"] == "not_checked"


def test_a_bundle_with_problems_is_refused_with_them_located_and_cannot_be_run(api_as):
    api = api_as(Role.ADMINISTRATOR)
    people = (ACCEPTANCE_BUNDLE / "people.csv").read_bytes().replace(b"1999-01-01", b"1999-13-01")
    job = upload(api, acceptance_zip(**{"people.csv": people})).json()
    assert job["status"] == "refused"
    [problem] = job["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == (
        "people.csv",
        2,
        "birth_date",
    )
    assert api.post(f"{IMPORTS}{job['uid']}/run/").status_code == 409
    assert Person.objects.count() == 0


def test_a_team_leaders_upload_for_another_branch_is_refused_and_writes_nothing(api_as):
    job = upload(api_as(Role.TEAM_LEADER), acceptance_zip()).json()
    assert job["status"] == "refused"
    assert job["problems"][0]["message"].endswith(
        "hoort niet bij een locatie waarvan u bundels mag inlezen."
    )
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.REGIONAL_MANAGER, 403),
        (Role.VOLUNTEER, 403),
        (Role.LEGAL, 403),
        (Role.MUNICIPALITY_VIEWER, 403),
        ("no_role", 403),
    ],
)
def test_only_team_leaders_and_administrators_exchange_bundles(api_as, role, status):
    api = api_as(role)
    assert upload(api, acceptance_zip()).status_code == status
    assert api.post(EXPORTS, {}).status_code == status
    assert Job.objects.count() == 0


def test_what_is_no_zip_or_too_large_is_refused_before_a_job_exists(api_as, settings):
    api = api_as(Role.TEAM_LEADER)
    not_zip = upload(api, b"id,name\n1,x\n", "bundel.csv")
    assert not_zip.status_code == 422 and not_zip.json()["errors"][0]["field"] == "file"
    settings.KOERS_IMPORT_MAX_MB = 1  # the import's limit is the upload's too
    too_large = upload(api, b"x" * 1_000_001, "bundel.zip")
    assert too_large.status_code == 413 and too_large.json()["code"] == "too_large"
    assert Job.objects.count() == 0


def test_a_zip_that_expands_past_the_import_limit_is_refused_with_the_importers_message(
    api_as, settings
):
    settings.KOERS_IMPORT_MAX_MB = 1
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle/people.csv", b"0" * 2_000_000)  # 2 MB in a few KB
    assert len(data.getvalue()) < 1_000_000
    job = upload(api_as(Role.ADMINISTRATOR), data.getvalue()).json()
    assert job["status"] == "refused"
    [problem] = job["problems"]
    assert "KOERS_IMPORT_MAX_MB" in problem["message"]


def test_an_export_is_a_job_whose_zip_holds_the_branch_and_logs_its_clients(api_as, branch):
    people = [PersonFactory(location=branch) for _ in range(2)]
    api = api_as(Role.TEAM_LEADER)
    made = api.post(EXPORTS, {})  # the team leader's one branch
    assert made.status_code == 202, made.content
    job = made.json()
    assert (job["kind"], job["status"], job["location"]) == ("export", "done", "rijnmond")
    download = api.get(f"/api/v1/jobs/{job['uid']}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    name = f"koers-rijnmond-{timezone.localdate():%Y%m%d}.zip"
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        text = archive.read("people.csv").decode()
    assert all(person.external_id in text for person in people)
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert {entry.person_id for entry in logged} == {person.pk for person in people}


def test_an_export_of_another_branch_is_not_found(api_as, other_branch):
    response = api_as(Role.TEAM_LEADER).post(EXPORTS, {"location": "waalstad"})
    assert response.status_code == 404
    assert Job.objects.count() == 0


def test_jobs_are_their_users_only(api_as, users):
    leader = api_as(Role.TEAM_LEADER)
    job = leader.post(EXPORTS, {}).json()
    other = api_as("other_team_leader")
    assert other.get(f"/api/v1/jobs/{job['uid']}/").status_code == 404
    assert other.get(f"/api/v1/jobs/{job['uid']}/download/").status_code == 404
    assert other.get("/api/v1/jobs/").json()["results"] == []
    assert [j["uid"] for j in leader.get("/api/v1/jobs/").json()["results"]] == [job["uid"]]


def test_a_download_before_the_export_is_done_is_refused(api_as, settings):
    settings.KOERS_JOBS = "worker"  # queued until ``koers jobs`` runs it
    api = api_as(Role.TEAM_LEADER)
    job = api.post(EXPORTS, {}).json()
    assert job["status"] == "queued"
    assert api.get(f"/api/v1/jobs/{job['uid']}/download/").status_code == 409
    call_command("jobs", stdout=io.StringIO())
    assert api.get(f"/api/v1/jobs/{job['uid']}/").json()["status"] == "done"
    assert api.get(f"/api/v1/jobs/{job['uid']}/download/").status_code == 200


def test_a_job_whose_process_died_is_marked_failed_and_old_files_go(users, branch):
    started = datetime.datetime(2017, 3, 1, 10, 0, tzinfo=datetime.UTC)
    user = users[Role.TEAM_LEADER]
    running = Job.objects.create(
        kind=Job.Kind.EXPORT, user=user, status=Job.Status.RUNNING, started_at=started
    )
    old = Job.objects.create(
        kind=Job.Kind.EXPORT, user=user, status=Job.Status.DONE, finished_at=started
    )
    jobs.bundle_path(old).write_bytes(b"zip")
    assert not jobs.is_abandoned(running, now=started + datetime.timedelta(minutes=59))
    assert jobs.is_abandoned(running, now=started + datetime.timedelta(minutes=61))
    assert jobs.tidy(now=started + datetime.timedelta(minutes=59)) == (0, 0)
    assert jobs.tidy(now=started + datetime.timedelta(days=8)) == (1, 1)
    running.refresh_from_db()
    assert running.status == Job.Status.FAILED and "onderbroken" in running.result["error"]
    assert not jobs.bundle_path(old).exists()
