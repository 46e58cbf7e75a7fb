"""The one download of the exchange app: a client's household as a bundle (a zip of the
format's CSV files), for a move to a branch outside this installation.

Only for a role with ``exchange`` at the client's branch (the team leader); the download
is in the access log of every member of the household.
"""

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.access import log_access, view_scope
from koers.core.models import AccessLogEntry
from koers.core.scoping import Capability, Category, get_for_user, may
from koers.exchange.services import bundle_export
from koers.people.models import Person


@view_scope(Category.PERSON)
@require_GET
def person_export(request, person_uid):
    person = get_for_user(Person, request.user, uid=person_uid)
    if not may(request.user, Capability.EXCHANGE, location=person.location):
        raise Http404
    members = list(Person.objects.filter(household_id=person.household_id))
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        bundle_export(target=folder, person=person)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, arcname=path.name)
    log_access(
        request,
        members,
        action=AccessLogEntry.Action.EXPORT,
        what=_("huishouden als bundel (overdracht)"),
    )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    name = f"koers-huishouden-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
