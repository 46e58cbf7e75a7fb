"""System checks of the base: the keys that encrypt secrets at rest."""

import os

from django.conf import settings
from django.core import checks

from koers.core.field_keys import ENVIRONMENT_VARIABLE, key_problems


@checks.register(checks.Tags.security)
def field_keys_are_well_formed(app_configs, **kwargs):
    return [
        checks.Error(problem, id="koers.E001")
        for problem in key_problems(settings.KOERS_FIELD_KEYS)
    ]


@checks.register(checks.Tags.security, deploy=True)
def field_key_is_set_in_production(app_configs, **kwargs):
    """Production needs its own key: the development default is derived from SECRET_KEY."""
    if os.environ.get("KOERS_ENV") == "production" and not settings.KOERS_FIELD_KEYS:
        return [
            checks.Error(
                f"{ENVIRONMENT_VARIABLE} is not set: authenticator secrets cannot be stored "
                "or read.",
                hint="Make a key with `koers field_key new` and put it in the environment "
                "(docs/security.md, 'Secrets at rest').",
                id="koers.E002",
            )
        ]
    return []
