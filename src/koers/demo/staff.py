"""Volunteers, interns and paid staff: a roster of posts, each filled by a chain of people.

A post (say "maatschappelijk begeleider + tolk Arabisch") is held by one person at a
time; when they leave (for a paid job, illness, a move) a successor starts some
weeks later, so the branch has inflow and outflow and every role stays covered. The
first holder of each core post never leaves: the demo users are linked to them.

Access to client files is earned (``core.scoping.CLIENT_ACCESS_REQUIREMENTS``): nearly
everyone has a signed agreement, a certificate of conduct (VOG) from before their start
and the introduction or basic course; the holders of core posts always do. Each branch
also has one newcomer who started a few weeks ago and is still waiting for the VOG, so
the team pages and the newcomer's own start page show access refused and why.
"""

import datetime
from dataclasses import dataclass

from koers.demo import names
from koers.demo.dates import after, between, workday
from koers.demo.region import ORIGINS
from koers.demo.world import Helper, World
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training

END_REASONS = (("paid_job", 45), ("moved", 20), ("illness", 15), ("other", 20))
LANGUAGE_POOLS = {origin.language: origin.pool for origin in ORIGINS}


@dataclass(frozen=True)
class Post:
    kind: str
    roles: tuple[str, ...]
    core: bool = False  # its first holder stays: the demo users need them today
    language: str = ""  # an interpreter's language
    newcomer: bool = False  # started weeks ago: the VOG and the course are still to come


def roster(world: World) -> list[Post]:
    """The posts of a branch, sized by its number of volunteers."""
    branch = world.branch
    share = world.scaled(branch.volunteers) / 30

    def count(number: float) -> int:
        return max(1, round(number * share))

    posts = [
        Post("paid", ("team_leader",), core=True),
        Post("paid", ("team_leader", "trainer")),
        Post("volunteer", ("social", "language_coach"), core=True),
        Post("volunteer", ("legal",), core=True),
        Post("volunteer", ("legal", "reception")),
        Post("volunteer", ("reception", "admin")),
    ]
    posts += [Post("volunteer", ("social",)) for _ in range(count(8))]
    posts += [Post("volunteer", ("social", "reception")) for _ in range(count(2))]
    posts += [Post("volunteer", ("housing_coach",)) for _ in range(count(3))]
    posts += [Post("volunteer", ("job_coach",)) for _ in range(count(2))]
    coaches = world.scaled(branch.language_coaching_per_year / 2.5)
    posts += [Post("volunteer", ("language_coach",)) for _ in range(coaches)]
    posts += [Post("volunteer", ("trainer",))]
    posts += [
        Post("volunteer", ("interpreter",) + (("social",) if n % 2 else ()), language=language)
        for n, language in enumerate(("ar", "ti", "ar", "fa", "ti", "so")[: count(5) + 1])
    ]
    if branch.wegwijs_per_year:
        coaches = world.scaled(branch.wegwijs_per_year / 2)
        posts += [Post("volunteer", ("wegwijs_coach",)) for _ in range(coaches)]
    if branch.programs & {"language_centre", "civic_integration", "computer_class"}:
        posts += [Post("volunteer", ("class_assistant",)) for _ in range(count(10))]
    if branch.programs & {"language_class"}:
        posts += [Post("volunteer", ("class_assistant", "language_coach")) for _ in range(2)]
    posts += [Post("intern_hbo", ("social",)) for _ in range(count(2))]
    posts += [Post("intern_mbo", ("social", "reception"))]
    return posts


def build_staff(world: World) -> None:
    for post in roster(world):
        earliest = (
            world.first_day - datetime.timedelta(days=250)
            if post.kind.startswith("intern")
            else datetime.date(2012, 1, 1)
        )
        start = between(world.rng, earliest, world.first_day)
        first_holder = True
        while start <= world.today:
            ended_on = None if post.core and first_holder else _tenure_end(world, post, start)
            first_holder = False
            if ended_on is None or ended_on >= world.first_day:  # else: left before the records
                _hire(world, post, start, ended_on)
            if ended_on is None:
                break
            start = after(world.rng, ended_on, 7, 75)


def build_newcomer(world: World) -> None:
    """A volunteer who started weeks ago and waits for the VOG (built last: it shifts nothing)."""
    start = workday(world.today - datetime.timedelta(days=world.rng.randint(10, 30)))
    world.newcomer = _hire(world, Post("volunteer", ("social",), newcomer=True), start, None)


def _tenure_end(world: World, post: Post, start: datetime.date) -> datetime.date | None:
    rng = world.rng
    if post.kind.startswith("intern"):
        end = after(rng, start, 150, 300)
    elif post.kind == "paid":
        end = after(rng, start, 900, 4000)
    else:
        end = after(rng, start, 200, 2600)
    return end if end <= world.today else None


def _hire(world: World, post: Post, start: datetime.date, ended_on: datetime.date | None) -> Helper:
    rng = world.rng
    sex = rng.choice("FM")
    pool = LANGUAGE_POOLS[post.language] if post.language else names.DUTCH
    if not post.language and rng.random() < 0.15:
        pool = rng.choice(ORIGINS).pool  # former clients volunteer too
    member = world.rows.record(
        StaffMember,
        "s",
        location=world.location,
        given_name=names.given_name(rng, pool, sex),
        family_name=names.spelling_of(rng, names.family_group(rng, pool)),
        kind=post.kind,
        started_on=start,
        ended_on=ended_on,
        end_reason=_end_reason(world, post) if ended_on else "",
        agreement_signed_on=_agreement_signed_on(world, post, start),
        conduct_certificate_on=_conduct_certificate_on(world, post, start),
        hours_per_week=rng.choice((12, 16, 24, 32, 34)) if post.kind == "paid" else None,
    )
    for role in post.roles:
        world.rows.row(StaffRole, staff=member, role=role)
    if post.language:
        world.rows.row(StaffLanguage, staff=member, language=post.language)
    if not post.newcomer:
        _trainings(world, member, post)
    helper = Helper(member, post.roles, (post.language,) if post.language else ())
    world.staff.append(helper)
    return helper


def _agreement_signed_on(world: World, post: Post, start: datetime.date) -> datetime.date | None:
    """Signed on the first day; paid staff have a contract instead, a few volunteers never did."""
    if post.kind == "paid":
        return None
    if world.rng.random() >= 0.05 or post.core or post.newcomer:
        return start
    return None


def _conduct_certificate_on(world: World, post: Post, start: datetime.date) -> datetime.date | None:
    """Issued some weeks before the start; pending for the newcomer, missing for a few."""
    rng = world.clearance_rng
    if post.newcomer or (rng.random() < 0.03 and not post.core):
        return None
    return workday(start - datetime.timedelta(days=rng.randint(14, 45)))


def _end_reason(world: World, post: Post) -> str:
    if post.kind.startswith("intern"):
        return "other"  # the internship ended
    reasons, weights = zip(*END_REASONS, strict=True)
    return world.rng.choices(reasons, weights=weights)[0]


def _trainings(world: World, member: StaffMember, post: Post) -> None:
    """The required introduction or basic course (a few never follow it), and role courses."""
    rng = world.rng
    last = min(world.today, member.ended_on or world.today)
    courses: list[tuple[str, datetime.date]] = []
    if post.kind != "paid" and (rng.random() < 0.9 or post.core):
        courses.append(
            (rng.choice(("introduction", "basic_course")), after(rng, member.started_on, 10, 80))
        )
    if "legal" in post.roles:
        courses.append(("family_reunification_1", after(rng, member.started_on, 30, 120)))
        courses.append(("family_reunification_2", after(rng, member.started_on, 130, 300)))
    if "social" in post.roles and rng.random() < 0.3:
        courses.append(("country_day", after(rng, member.started_on, 60, 500)))
    if "language_coach" in post.roles and rng.random() < 0.5:
        courses.append(("language_coach_training", after(rng, member.started_on, 20, 90)))
    for course, day in courses:
        if day <= last:
            world.rows.record(Training, "tr", staff=member, course=course, completed_on=day)
