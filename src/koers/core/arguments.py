"""Argument parsing shared by Koers's own management commands."""

import datetime

from django.core.management.base import CommandError


def iso_date(value: str, option: str = "--on") -> datetime.date:
    """A date option's value (YYYY-MM-DD), else a CommandError that names the option."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: '{value}' is geen datum (JJJJ-MM-DD)") from None
