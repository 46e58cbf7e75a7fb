"""The access matrix of the API: every operation of its schema, every role, a record of a
branch of another region, every method.

Operations come from the OpenAPI schema (a new route is in the matrix without a line
here). Each ``{uid}`` is a record of the far branch (``FarWorld``, its free texts the
marker); each body is built from the operation's request schema, its references naming
far records (one variant per optional reference); query parameters the schema requires
get plain values, and ``location``/``region`` name the far branch. No role may get a
2xx for a far record or a write, no answer may hold the marker, and a refused write
writes nothing (the database snapshot of the UI's matrix: every row, version and
change-log entry). Administrators reach branch and staff
records of every branch and exchange bundles everywhere by design (see core.scoping):
exempt there. docs/access.md and docs/api.md describe it.
"""

import io
import re
import zipfile

import pytest

from koers.api.main import api
from koers.api.models import Job
from koers.api.records import BY_PATH
from koers.coaching.models import Trajectory
from koers.core.models import Location
from koers.core.scoping import Category, Role
from koers.groups.models import GroupSession
from koers.legal.models import Dossier
from koers.people.models import Household, Person
from koers.staff.models import StaffMember
from tests.access.records import MARKER, FarWorld
from tests.access.snapshot import Snapshot
from tests.access.test_matrix import ROLES
from tests.api.conftest import client_for
from tests.conftest import ACCEPTANCE_BUNDLE
from tests.factories import MembershipFactory, UserFactory

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = sorted(SCHEMA["paths"])
METHODS = ("get", "post", "patch", "put", "delete")
ADMIN_REACHES_ALL = {Category.BRANCH, Category.STAFF}
# A body's reference by its field name: the far record it names.
REFERENCES = {
    "person": Person,
    "location": Location,
    "household": Household,
    "session": GroupSession,
    "dossier": Dossier,
    "trajectory": Trajectory,
    "coach": StaffMember,
}
DAY = "2017-03-01"


@pytest.fixture(autouse=True)
def jobs_in_the_request(settings, tmp_path):
    """An upload is checked before the answer (so the answer says whether it was refused)."""
    settings.KOERS_JOBS = "inline"
    settings.DATA_DIR = tmp_path


@pytest.fixture
def far_world(far_branch):
    world = FarWorld(far_branch)
    world.far_user = UserFactory(username="verweg", first_name=MARKER)
    MembershipFactory(user=world.far_user, role=Role.TEAM_LEADER, location=far_branch)
    world.jobs = {
        kind: Job.objects.create(
            kind=kind,
            user=world.far_user,
            location=far_branch,
            status=status,
            dry_run=kind == Job.Kind.IMPORT,
            file_name=f"{MARKER}.zip",
            result={"note": MARKER},
        )
        for kind, status in ((Job.Kind.EXPORT, Job.Status.DONE), (Job.Kind.IMPORT, "checked"))
    }
    return world


def segment_model(path: str):
    first = path.removeprefix("/api/v1/").split("/")[0]
    if first in {"jobs", "bundles"}:
        return Job
    return BY_PATH[first].model if first in BY_PATH else None


def uid_of(path: str, world: FarWorld) -> str:
    model = segment_model(path)
    if model is Job:
        kind = Job.Kind.IMPORT if path.startswith("/api/v1/bundles/imports/") else Job.Kind.EXPORT
        return str(world.jobs[kind].uid)
    return str(world.get(model).uid)


def resolved(schema: dict) -> dict:
    if "$ref" in schema:
        return COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def plain(name: str, schema: dict, world: FarWorld):
    """A value of the property's type; a reference names the far record."""
    options = [resolved(s) for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    schema = options[0]
    if schema.get("format") == "uuid":
        if name not in REFERENCES:
            raise LookupError(f"a reference {name!r}: add its model to REFERENCES")
        return str(world.get(REFERENCES[name]).uid)
    if name == "location":  # an external id
        return world.location.external_id
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if schema.get("format") == "date":
        return DAY
    return {"string": "x", "boolean": True, "integer": 1, "array": [], "number": 1}[kind]


def bodies(operation: dict, world: FarWorld) -> list[dict]:
    """The required fields, and one variant per optional reference (or field, if none)."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return [{}]
    schema = resolved(content["schema"])
    properties = schema.get("properties", {})
    required = {n: plain(n, properties[n], world) for n in schema.get("required", [])}
    optional = [n for n in properties if n not in required and n != "version"]
    references = [n for n in optional if n in REFERENCES]
    extra = references or optional[:1]
    return [required | {n: plain(n, properties[n], world)} for n in extra] or [required]


def query_variants(operation: dict) -> list[dict]:
    """The query parameters the operation requires, with the far branch or its region."""
    parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    names = {p["name"] for p in parameters}
    base = {p["name"]: DAY for p in parameters if p.get("required")}  # ``from`` and ``to``
    if "interval" in names:
        base |= {"interval": "month", "year": "2017"}
    variants = []
    if "location" in names:
        variants.append(base | {"location": "noordkust"})
    if "region" in names:
        variants.append(base | {"region": "Noord"})
    return variants or [base]


def acceptance_zip() -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for path in sorted(ACCEPTANCE_BUNDLE.glob("*.csv")):
            archive.writestr(path.name, path.read_bytes())
    data.seek(0)
    data.name = "bundel.zip"
    return data


def exempt(role, path: str) -> bool:
    if role != Role.ADMINISTRATOR:
        return False
    model = segment_model(path)
    if path.startswith("/api/v1/bundles/"):
        return True  # administrators exchange bundles of every branch
    resource = next((r for r in BY_PATH.values() if r.model is model), None)
    return resource is not None and resource.scope in ADMIN_REACHES_ALL


# What any API request writes besides its answer: the token's count in its rate window and
# its last use. An upload also leaves its job (refused, with the problems: the answer).
WRITTEN_BY_ANY_REQUEST = {"api.RateWindow", "api.ApiToken"}


def test_the_matrix_covers_every_operation_of_the_schema():
    operations = {(m, p) for p, ops in SCHEMA["paths"].items() for m in ops}
    assert len(operations) > 40
    assert ("patch", "/api/v1/people/{uid}/") in operations
    assert ("get", "/api/v1/deadlines/") in operations
    assert all(re.fullmatch(r"/api/v1/[a-z/{}_-]+/", path) for _, path in operations)


FIGURES = {"/api/v1/indicators/", "/api/v1/indicators/series/"}
UPLOAD = "/api/v1/bundles/imports/"


def requests_of(path: str, method: str, operation: dict, world: FarWorld) -> list[tuple]:
    if method == "get":
        return [("get", query) for query in query_variants(operation)]
    if path == UPLOAD and method == "post":
        return [("upload", None)]
    return [(method, body) for body in bodies(operation, world)]


def may_succeed(path: str, how: str, response) -> bool:
    """A 2xx that is no leak: a list (its rows are checked for the marker), an upload that
    was checked and refused (it wrote nothing)."""
    if how == "get":
        return "{uid}" not in path and path not in FIGURES
    if how == "upload":
        return response.json().get("status") == "refused"
    return False


@pytest.mark.parametrize("path", OPERATIONS)
def test_no_role_reaches_another_regions_records_through_the_api(path, users, far_world):
    declared = SCHEMA["paths"][path]
    concrete = path.replace("{uid}", uid_of(path, far_world)) if "{uid}" in path else path
    for model in REFERENCES.values():  # every record a body may name, made before
        far_world.get(model)
    database = Snapshot()
    failures = []
    for role in ROLES:
        if exempt(role, path):
            continue
        client = client_for(users[role])
        for method in METHODS:
            for how, sent in requests_of(path, method, declared.get(method, {}), far_world):
                if how == "upload":
                    response = client.client.post(
                        path, {"file": acceptance_zip()}, headers=client.headers
                    )
                elif how == "get":
                    response = client.get(concrete, **sent)
                else:
                    response = client.request(how.upper(), concrete, sent, if_match='"1"')
                where = f"{role} {how.upper()} {concrete} {sent or ''}"
                if MARKER in response.content.decode(errors="replace"):
                    failures.append(f"{where}: far data in the answer")
                if 200 <= response.status_code < 300 and not may_succeed(path, how, response):
                    failures.append(f"{where}: {response.status_code}")
                allowed = WRITTEN_BY_ANY_REQUEST | ({"api.Job"} if how == "upload" else set())
                written = set(database.changed()) - allowed
                if written:
                    failures.append(f"{where}: wrote {sorted(written)}")
    assert not failures, "\n".join(failures)


# The positive side: at their own branch the roles do reach the records (so the matrix
# cannot pass because every request is malformed).
DETAILS = [p for p in OPERATIONS if p.endswith("/{uid}/") and segment_model(p) is not Job]
OWN_READS = {
    Role.TEAM_LEADER: DETAILS,
    Role.MUNICIPALITY_VIEWER: ["/api/v1/locations/{uid}/", "/api/v1/report-editions/{uid}/"],
    Role.ADMINISTRATOR: ["/api/v1/staff/{uid}/", "/api/v1/groups/{uid}/"],
}


@pytest.mark.parametrize(
    ("role", "path"), [(role, path) for role, paths in OWN_READS.items() for path in paths]
)
def test_roles_reach_their_own_branchs_records_through_the_api(role, path, users, branch):
    record = FarWorld(branch).get(segment_model(path))
    response = client_for(users[role]).get(path.replace("{uid}", str(record.uid)))
    assert response.status_code == 200, response.content
    assert response.json()["uid"] == str(record.uid)
