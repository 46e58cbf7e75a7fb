"""What is stored stays in the default language, whatever language the user reads.

The interface speaks the user's language (docs/translations.md), but a text a view
writes into a log row (the access log's "what") is a record others read later: it is
kept in the default language. A view passes the label it translated for its reader;
``in_default_language`` finds the Dutch message it came from in the active catalogue.
A text that is no message of the catalogue (one with a name filled in) is kept as given.
"""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real


@functools.cache
def _messages_by_translation(language: str) -> dict[str, str]:
    # Django's catalogue of the language: singular message ids only (plural keys are tuples).
    catalogue = trans_real.translation(language)._catalog
    return {
        str(text): str(msgid)
        for msgid, text in catalogue.items()
        if isinstance(msgid, str) and msgid and text
    }


def in_default_language(text: str) -> str:
    """``text``, a message translated into the active language, back in the default one."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return text
    return _messages_by_translation(language).get(text, text)
