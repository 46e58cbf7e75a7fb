"""Who reads or writes: a person, or the system actor for work done without one.

Every selector and service names who acts: ``user=`` for a read, ``by=`` for a write.
A person is the request's user. Work without a person — a management command, the
importer, the retention run — passes a :class:`SystemActor` instead, never ``None``:

- its reach is everything (scoping gives it every row, every capability), said out
  loud at the call instead of implied by a missing argument;
- the change log records its ``name`` as the row's ``source`` (``import``, ``cli``,
  ``retention``), with no user.

``None`` is refused where an actor is asked for (:func:`require_actor`): a forgotten
argument must not silently mean "everything".

The generic actor of a command an operator runs is :data:`CLI`; a job with a name
of its own declares its actor once, in its app (``RETENTION = SystemActor("retention")``).
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, cast

from django.contrib.auth.models import AbstractUser, AnonymousUser

if TYPE_CHECKING:  # the project's user model, for the type checker only (no import at run time)
    from koers.accounts.models import User
else:
    User = AbstractUser

SOURCE_LENGTH = 20  # ``ChangeLogEntry.source``
NAME = re.compile(r"[a-z][a-z0-9_-]*\Z")

# A person at the keyboard: the request's user (a view's user is logged in, but its type
# still says "or anonymous"; an anonymous user reaches nothing). ``if not
# user.is_authenticated: return ...`` narrows a Viewer to a User.
Viewer: TypeAlias = "User | AnonymousUser"


@dataclass(frozen=True)
class SystemActor:
    """Koers itself, acting for a named job: reaches everything, logged under its name."""

    name: str

    def __post_init__(self) -> None:
        if not NAME.match(self.name) or len(self.name) > SOURCE_LENGTH:
            raise ValueError(f"a system actor's name is a short code, not {self.name!r}")
        if self.name in {"ui", "admin"}:
            raise ValueError(f"{self.name!r} is where people work, not a system actor")

    def __str__(self) -> str:
        return self.name

    # What Django's user objects answer, so that code reading a user never mistakes
    # Koers for a logged-in person.
    is_authenticated = False
    is_active = False
    is_superuser = False
    pk = None


# A person or the system actor: who may read (``user=``) or write (``by=``).
Actor: TypeAlias = "User | AnonymousUser | SystemActor"

CLI = SystemActor("cli")  # a management command an operator runs by hand (or from cron)


def require_actor(actor: object) -> Actor:
    """``actor`` if it names someone; ``None`` (or anything else) is a programming error."""
    if isinstance(actor, SystemActor | AbstractUser | AnonymousUser):
        return cast(Actor, actor)
    raise TypeError(
        "say who acts: a user, or a SystemActor for work without a person "
        f"(got {actor!r}; None no longer means everything)"
    )


def user_of(actor: Actor) -> "User | None":
    """The person behind an action, for a log's user column (None: the system, or nobody)."""
    if isinstance(actor, SystemActor) or not actor.is_authenticated:
        return None
    return actor


def source_of(actor: Actor, source: str) -> str:
    """The change log's source: a system actor's name, else where the person worked."""
    return actor.name if isinstance(actor, SystemActor) else source
