"""The demo's users, one or more per role, all with the same published demo password.

The volunteer and the legal volunteer are linked to a staff member of Vlaardingen,
and the volunteer is given clients to coach, a running language-coaching pair and a
current group, so that their scoped view ("assigned" clients) is not empty. The new
volunteer is Vlaardingen's newcomer, still waiting for the VOG: their start page says
that they have no access to client files yet, and why.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password

from koers.accounts.models import Membership, TOTPDevice, User
from koers.accounts.services import invitation_issue
from koers.core.actors import SystemActor
from koers.core.scoping import Role
from koers.demo.region import BRANCHES, REGION
from koers.demo.store import DemoRows, GroupStaff
from koers.demo.world import Helper, World
from koers.groups.models import Group
from koers.matching.models import Match

DEMO_PASSWORD = "koers-demo-wachtwoord"  # noqa: S105  (published: it is the demo's)
HOME = "vlaardingen"  # the branch of the volunteer, the legal volunteer and the municipality
ASSIGNED_TRAJECTORIES = 6
DEMO = SystemActor("demo")  # who issues the demo users' invitations


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    location: str = ""  # a branch's slug
    region: str = ""
    newcomer: bool = False  # linked to the branch's newcomer (no access to client files yet)

    @property
    def where(self) -> str:
        if self.location:
            return next(b.municipality for b in BRANCHES if b.slug == self.location)
        return self.region or "alle locaties"


LOGINS: tuple[Login, ...] = (
    Login("vrijwilliger", Role.VOLUNTEER, HOME),
    Login("vrijwilliger.nieuw", Role.VOLUNTEER, HOME, newcomer=True),
    Login("jurist", Role.LEGAL, HOME),
    *(Login(f"teamleider.{b.slug}", Role.TEAM_LEADER, b.slug) for b in BRANCHES),
    Login("regiomanager", Role.REGIONAL_MANAGER, region=REGION),
    Login("regiomanager.midden", Role.REGIONAL_MANAGER, region="Midden-Nederland"),
    Login(f"gemeente.{HOME}", Role.MUNICIPALITY_VIEWER, HOME),
    Login("beheerder", Role.ADMINISTRATOR),
)
NAMES_OF_USERS_WITHOUT_STAFF_RECORD = {
    "regiomanager": ("Marieke", "Verhoeven"),
    "regiomanager.midden": ("Jeroen", "van Wijk"),
    f"gemeente.{HOME}": ("Ingrid", "Schouten"),
    "beheerder": ("Bas", "Kuipers"),
}


def login_table(logins) -> str:
    """The logins as an aligned table for the terminal."""
    header = ("gebruikersnaam", "rol", "waar")
    lines = [(login.username, login.role.label, login.where) for login in logins]
    widths = [max(len(line[n]) for line in [header, *lines]) for n in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [header, *lines]
    )


def invitation_links(logins) -> dict[str, str]:
    """A fresh invitation link for every demo user without an authenticator app yet.

    The demo's users enrol as every user does, through an invitation; a link made
    earlier (a previous ``koers demo --if-empty``) stops working.
    """
    users = User.objects.filter(username__in=[login.username for login in logins]).exclude(
        pk__in=TOTPDevice.objects.filter(confirmed_at__isnull=False).values("user")
    )
    by_name = {user.username: user for user in users}
    return {
        login.username: invitation_issue(user=by_name[login.username], by=DEMO).link(
            settings.KOERS_BASE_URL
        )
        for login in logins
        if login.username in by_name
    }


def build_users(rows: DemoRows, worlds: dict[str, World], since: datetime.date) -> list[Login]:
    """Users and memberships for every login whose user name is still free."""
    taken = set(
        User.objects.filter(username__in=[x.username for x in LOGINS]).values_list(
            "username", flat=True
        )
    )
    # one hash for all: the password is published anyway, and Argon2 is slow on purpose
    password = make_password(DEMO_PASSWORD)
    created = []
    for login in LOGINS:
        if login.username in taken:
            continue
        world = worlds.get(login.location)
        helper = _staff_member_for(world, login) if world else None
        first, last = (
            (helper.member.given_name, helper.member.family_name)
            if helper
            else NAMES_OF_USERS_WITHOUT_STAFF_RECORD[login.username]
        )
        user = rows.row(
            User,
            username=login.username,
            first_name=first,
            last_name=last,
            email=f"{login.username}@demo.koers.example",
            password=password,
            is_staff=login.role == Role.ADMINISTRATOR,
        )
        rows.row(
            Membership,
            user=user,
            role=login.role,
            location=world.location if world and login.role != Role.REGIONAL_MANAGER else None,
            region=login.region,
            started_on=helper.member.started_on if helper else since,
        )
        if helper:
            helper.member.user = user
            if login.role == Role.VOLUNTEER and not login.newcomer:
                _give_work(world, helper)
        created.append(login)
    return created


def _staff_member_for(world: World, login: Login) -> Helper | None:
    """The first holder of the branch's core post for the role (they never leave)."""
    if login.newcomer:
        return world.newcomer
    wanted = {
        Role.VOLUNTEER: ("social", "language_coach"),
        Role.LEGAL: ("legal",),
        Role.TEAM_LEADER: ("team_leader",),
    }.get(login.role)
    return next((h for h in world.staff if h.roles == wanted and h.member.ended_on is None), None)


def _give_work(world: World, helper: Helper) -> None:
    """Clients to coach now, a running pair and a current group, for the demo volunteer."""
    member = helper.member
    open_trajectories = [
        t for t, _ in world.trajectories if t.ended_on is None and t.kind != "job_coaching"
    ]
    for trajectory in open_trajectories[-ASSIGNED_TRAJECTORIES:]:
        trajectory.coach = member
    clients = {client.person.pk for client in world.clients}
    pairs = [
        m
        for m in world.rows.rows[Match]
        if m.person_id in clients
        and m.program == "language_coaching"
        and m.started_on
        and m.ended_on is None
    ]
    if pairs and not any(m.staff_id == member.pk for m in pairs):
        pairs[-1].staff = member
    current = [
        g
        for g in world.rows.rows[Group]
        if g.location_id == world.location.pk
        and (g.ended_on is None or g.ended_on >= world.today)
        and g.program != "participation_statement"
    ]
    runs = world.rows.rows[GroupStaff]
    group = current[0] if current else None
    if group and not any(r.group_id == group.pk and r.staffmember_id == member.pk for r in runs):
        world.rows.row(GroupStaff, group=group, staffmember=member)
