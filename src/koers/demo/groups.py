"""Groups: PVT workshops, civic-integration classes, the Taalcentrum, computer and informal
language classes and VIP, with their sessions, enrolments and attendance.

Attendance is recorded only for people enrolled on the session's date; the last PVT
workshop is the signing, so whoever attends it has signed the participation statement.
Workshops are held in the clients' languages when enough of them speak it.
"""

import datetime
from collections import defaultdict

from koers.demo.dates import DAY, after, between, weekly, workday
from koers.demo.store import GroupStaff
from koers.demo.world import Client, World
from koers.groups.models import Attendance, Enrolment, Group, GroupSession

PVT_EVERY = 49 * DAY
LANGUAGE_CENTRE_LEVELS = ("beginner",) * 10 + ("intermediate",) * 10 + ("advanced",) * 3
CIVIC_INTEGRATION_LEVELS = ("alpha", "civic_integration", "alpha", "state_exam", "alpha")


class Running:
    """A group being generated: its enrolments and the sessions held so far."""

    def __init__(self, world: World, program: str, started_on, ended_on, roles, **fields):
        self.world = world
        self.group = world.rows.record(
            Group,
            "g",
            location=world.location,
            program=program,
            started_on=started_on,
            ended_on=ended_on,
            **fields,
        )
        self.enrolments: list[tuple[Enrolment, Client]] = []
        self.staff = []
        for role in roles:
            language = fields.get("language")
            candidates = [
                h
                for h in world.helpers(role, started_on)
                if h not in self.staff and (role != "interpreter" or language in h.languages)
            ]
            if candidates:
                self.staff.append(world.rng.choice(candidates))
        for helper in self.staff:
            world.rows.row(GroupStaff, group=self.group, staffmember=helper.member)

    def enrol(self, client: Client, enrolled_on, left_on=None) -> None:
        enrolment = self.world.rows.record(
            Enrolment,
            "en",
            group=self.group,
            person=client.person,
            enrolled_on=enrolled_on,
            left_on=left_on if left_on and left_on <= self.world.today else None,
        )
        self.enrolments.append((enrolment, client))

    def hold(self, days, *, present_rate: float, absent: frozenset[int] = frozenset()):
        """Sessions on the given days up to today, with attendance of whoever is enrolled."""
        rng = self.world.rng
        present_at: defaultdict[int, list[datetime.date]] = defaultdict(list)
        for day in days:
            if day > self.world.today:
                break
            session = self.world.rows.record(GroupSession, "x", group=self.group, date=day)
            for enrolment, client in self.enrolments:
                last = enrolment.left_on or self.group.ended_on or datetime.date.max
                if enrolment.enrolled_on <= day <= last:
                    present = id(client) not in absent and rng.random() < present_rate
                    self.world.rows.record(
                        Attendance, "at", session=session, person=client.person, present=present
                    )
                    if present:
                        present_at[id(client)].append(day)
        return present_at


def build_groups(world: World) -> None:
    programs = world.branch.programs
    _participation_statement(world)
    if "civic_integration" in programs:
        _school_years(world, "civic_integration", CIVIC_INTEGRATION_LEVELS, (0, 3), required=True)
    if "language_centre" in programs:
        levels = LANGUAGE_CENTRE_LEVELS[: world.scaled(world.branch.language_centre_groups)]
        _school_years(world, "language_centre", levels, (1,))
    if "computer_class" in programs:
        _school_years(world, "computer_class", ("",), (4,))
    if "language_class" in programs:
        _informal_language_classes(world)
    if "vip" in programs:
        _vip(world)


def _participation_statement(world: World) -> None:
    """Every seven weeks, the workshops for whoever was housed since and must sign."""
    rng = world.rng
    day = workday(world.first_day + 21 * DAY)
    while day <= world.today:
        waiting = [
            c
            for c in world.clients
            if c.required
            and c.counted
            and c.adult
            and not c.enrolled_in_pvt
            and 21 <= (day - c.housed_on).days <= 330
        ]
        by_language: defaultdict[str, list[Client]] = defaultdict(list)
        for client in waiting:
            by_language[client.origin.language].append(client)
        mixed = []
        for language, clients in sorted(by_language.items()):
            if len(clients) >= 4:
                _pvt_group(world, day, clients[:20], language)
            else:
                mixed += clients
        if len(mixed) >= 3 or (mixed and day + PVT_EVERY > world.today):
            _pvt_group(world, day, mixed, "")
        day = workday(day + PVT_EVERY + rng.randint(-3, 3) * DAY)


def _pvt_group(world: World, day: datetime.date, clients: list[Client], language: str) -> None:
    rng = world.rng
    workshops = 4 if world.branch.settling_in_months == 3 else 3
    days = [day + 7 * n * DAY for n in range(workshops)]
    running = Running(
        world,
        "participation_statement",
        days[0],
        days[-1],
        ("trainer", "interpreter") if language else ("trainer",),
        language=language,
        evening=False,
    )
    no_shows = frozenset(id(c) for c in clients if rng.random() < 0.06)
    for client in clients:
        client.enrolled_in_pvt = True
        running.enrol(client, day - rng.randint(7, 20) * DAY)
    present_at = running.hold(days, present_rate=0.93, absent=no_shows)
    for client in clients:
        if days[-1] in present_at[id(client)]:
            client.person.participation_statement_signed_on = days[-1]  # signed at the last one


def _school_years(world, program, levels, weekdays, *, required: bool = False) -> None:
    """Groups per level from September to July, with people joining and leaving on the way."""
    rng = world.rng
    for year in range(world.first_day.year - 1, world.today.year + 1):
        start = workday(datetime.date(year, 9, 1))
        end = datetime.date(year + 1, 7, 10)
        if end < world.first_day or start > world.today:
            continue
        for level in levels:
            running = Running(
                world,
                program,
                start,
                end if end <= world.today else None,
                ("trainer", "class_assistant"),
                level=level,
                evening=rng.random() < 0.3,
            )
            eligible = [
                c
                for c in world.clients
                if c.adult and (c.required or not required) and c.housed_on < end - 90 * DAY
            ]
            for client in rng.sample(eligible, min(len(eligible), rng.randint(8, 13))):
                enrolled = max(start, client.housed_on + 30 * DAY) - rng.randint(0, 14) * DAY
                if enrolled > world.today:
                    continue
                leaves = rng.random() < 0.25 and enrolled + 40 * DAY < end
                running.enrol(
                    client, enrolled, between(rng, enrolled + 40 * DAY, end) if leaves else None
                )
            days = weekly(max(start, world.first_day), end, weekdays)
            running.hold(days, present_rate=0.82)


def _informal_language_classes(world: World) -> None:
    """Two standing Wednesday classes with a coming and going of newcomers."""
    rng = world.rng
    for level in ("beginner", "intermediate"):
        running = Running(
            world,
            "language_class",
            datetime.date(2019, 9, 4),
            None,
            ("class_assistant",),
            level=level,
            evening=False,
        )
        for client in world.clients:
            if client.adult and rng.random() < 0.18:
                enrolled = after(rng, client.housed_on, 14, 120)
                if enrolled <= world.today:
                    running.enrol(client, enrolled, after(rng, enrolled, 40, 200))
        running.hold(weekly(world.first_day, world.today, (2,)), present_rate=0.75)


def _vip(world: World) -> None:
    """One VIP programme a year (February to June) towards work."""
    rng = world.rng
    for year in world.years():
        start = workday(datetime.date(year, 2, 1))
        end = datetime.date(year, 6, 20)
        eligible = [
            c for c in world.clients if c.adult and 120 <= (start - c.housed_on).days <= 720
        ]
        if start > world.today or not eligible:
            continue
        running = Running(
            world,
            "vip",
            start,
            end if end <= world.today else None,
            ("trainer", "team_leader", "job_coach"),
        )
        for client in rng.sample(eligible, min(len(eligible), world.scaled(11, 3))):
            running.enrol(client, start - rng.randint(3, 20) * DAY)
        running.hold(weekly(start, end, (3,)), present_rate=0.85)
