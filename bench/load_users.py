"""The load benchmark's users: accounts with a known authenticator secret, and their work.

Run inside Koers's environment (``python bench/load_users.py OUT.json COUNTS``) after
``koers demo``: it makes bench accounts for every role of the load (volunteers linked to
the demo's cleared volunteers who coach clients now, team leaders of each branch, regional
managers, municipality viewers), each with one password and a confirmed TOTP device whose
secret the JSON holds, so that every simulated user logs in as a person does (password,
then a code). The JSON also lists, per volunteer, their clients (name, file) and current
group sessions, and per branch what a team leader opens.
"""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-wachtwoord-niet-voor-productie"  # noqa: S105 (a throwaway bench database)


def main(out: Path, volunteers: int, leaders: int, managers: int, viewers: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db.models import Q
    from django.utils import timezone

    from koers.accounts import totp
    from koers.accounts.models import Membership, TOTPDevice, User
    from koers.coaching.models import Trajectory
    from koers.contacts.models import Contact
    from koers.core.models import Location
    from koers.core.scoping import Role, client_access_q
    from koers.groups.models import Attendance, Group, GroupSession
    from koers.people.models import Person
    from koers.staff.models import StaffMember

    today = timezone.localdate()
    password = make_password(PASSWORD)
    made: list[dict] = []

    def account(username: str, role: str, **where) -> dict:
        user = User.objects.create(
            username=username, email=f"{username}@bench.koers.example", password=password
        )
        Membership.objects.create(
            user=user, role=role, started_on=datetime.date(2000, 1, 1), **where
        )
        secret = totp.new_secret()
        TOTPDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
        entry = {"username": username, "role": role, "secret": secret.hex(), "pk": user.pk}
        made.append(entry)
        return entry

    open_now = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    coaching = Trajectory.objects.filter(open_now).values("coach")
    candidates = list(
        StaffMember.objects.filter(client_access_q(today), user__isnull=True, pk__in=coaching)
        .select_related("location")
        .order_by("location_id", "pk")[:volunteers]
    )
    for number, staff in enumerate(candidates):
        entry = account(f"bench.vrijwilliger.{number}", Role.VOLUNTEER, location=staff.location)
        StaffMember.objects.filter(pk=staff.pk).update(user_id=entry["pk"])
        clients = (
            Trajectory.objects.filter(open_now, coach=staff)
            .select_related("person")
            .order_by("pk")[:10]
        )
        entry["clients"] = [
            {"uid": str(t.person.uid), "name": t.person.family_name} for t in clients
        ]
        current = Group.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            location=staff.location,
            sessions__date__lte=today,
        ).distinct()
        groups = list(current.order_by("pk"))
        group = groups[number % len(groups)] if groups else None
        if group is not None:
            group.staff.add(staff)  # a volunteer who also runs a group now
        sessions = (
            GroupSession.objects.filter(group=group, date__lte=today).order_by("-date")[:3]
            if group
            else []
        )
        entry["sessions"] = [str(s.uid) for s in sessions]
    locations = list(Location.objects.order_by("pk"))
    for number in range(leaders):
        location = locations[number % len(locations)]
        entry = account(f"bench.teamleider.{number}", Role.TEAM_LEADER, location=location)
        entry["location"] = str(location.uid)
        entry["clients"] = [
            str(uid) for uid in location.people.order_by("-pk").values_list("uid", flat=True)[:20]
        ]
    regions = sorted({loc.region for loc in locations if loc.region})
    for number in range(managers):
        region = regions[number % len(regions)]
        account(f"bench.regiomanager.{number}", Role.REGIONAL_MANAGER, region=region)["region"] = (
            region
        )
    for number in range(viewers):
        location = locations[number % len(locations)]
        entry = account(f"bench.gemeente.{number}", Role.MUNICIPALITY_VIEWER, location=location)
        entry["location"] = str(location.uid)
    size = {
        "branches": len(locations),
        "people": Person.objects.count(),
        "trajectories": Trajectory.objects.count(),
        "contacts": Contact.objects.count(),
        "group sessions": GroupSession.objects.count(),
        "attendance": Attendance.objects.count(),
    }
    out.write_text(
        json.dumps(
            {"password": PASSWORD, "year": today.year - 1, "size": size, "users": made}, indent=1
        )
    )
    counts = {role: sum(1 for u in made if u["role"] == role) for role in Role}
    print(f"load_users: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(int(x) for x in sys.argv[2:6]))
