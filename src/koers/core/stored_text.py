"""What is stored stays in the default language, whatever language the user reads; what
is shown from stored Dutch messages is read in the user's (``in_reader_language``).

The interface speaks the user's language (docs/translations.md), but a text a view
writes into a log row (the access log's "what") is a record others read later: it is
kept in the default language. A view passes the label it translated for its reader;
``in_default_language`` finds the Dutch message it came from in the active catalogue.
A text that is no message of the catalogue (one with a name filled in) is kept as given.
"""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, trans_real


@functools.cache
def _messages_by_translation(language: str) -> dict[str, str]:
    # Django's catalogue of the language: singular message ids only (plural keys are tuples).
    # (``_catalog`` is gettext's own dict; Django offers no public way to list a catalogue)
    catalogue = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    return {
        str(text): str(msgid)
        for msgid, text in catalogue.items()
        if isinstance(msgid, str) and msgid and text
    }


def in_reader_language(text: str) -> str:
    """A Dutch message kept as data (a deadline rule's name, a report section's title) in
    the active language; as given when the catalogue does not have it. The module that
    owns the data lists its messages with ``gettext_noop`` so that the catalogue does."""
    return gettext(text) if text else text


def in_default_language(text: str) -> str:
    """``text``, a message translated into the active language, back in the default one."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return text
    return _messages_by_translation(language).get(text, text)
