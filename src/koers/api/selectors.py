"""Reads of the API's own records: a user's tokens and jobs."""

from django.db.models import QuerySet

from koers.accounts.models import User
from koers.api.models import ApiToken, Job


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too: they are the history)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def jobs_of(user: User) -> QuerySet[Job]:
    return Job.objects.filter(user=user).select_related("location")
