"""How the yearly report writes numbers and lists, as the seed reports do, in the reader's
language (the digits themselves: `koers.core.formatting.number_text`, the one number format).

One rule, applied everywhere: a bullet that is a *figure* ("75 statushouders
gehuisvest", "57 volwassenen, 18 kinderen") has its counts in digits, because they
are what the reader scans for; a bullet or paragraph that is a *sentence* has its
counts of 20 or less in words ("In totaal vestigden zich twintig alleenstaanden en
dertien gezinnen."), in digits above that.

A sentence with a count is one message with two forms (``ngettext_lazy``, the number read
from the key ``"count"``) that writes the count as ``%(amount)s``: :func:`counted` fills
both, so the translation picks its own plural and word order.
"""

from collections.abc import Iterable

from django.utils.translation import gettext, pgettext_lazy

from koers.core.formatting import number_text

WORDS = (
    pgettext_lazy("telwoord", "nul"),
    pgettext_lazy("telwoord", "één"),
    pgettext_lazy("telwoord", "twee"),
    pgettext_lazy("telwoord", "drie"),
    pgettext_lazy("telwoord", "vier"),
    pgettext_lazy("telwoord", "vijf"),
    pgettext_lazy("telwoord", "zes"),
    pgettext_lazy("telwoord", "zeven"),
    pgettext_lazy("telwoord", "acht"),
    pgettext_lazy("telwoord", "negen"),
    pgettext_lazy("telwoord", "tien"),
    pgettext_lazy("telwoord", "elf"),
    pgettext_lazy("telwoord", "twaalf"),
    pgettext_lazy("telwoord", "dertien"),
    pgettext_lazy("telwoord", "veertien"),
    pgettext_lazy("telwoord", "vijftien"),
    pgettext_lazy("telwoord", "zestien"),
    pgettext_lazy("telwoord", "zeventien"),
    pgettext_lazy("telwoord", "achttien"),
    pgettext_lazy("telwoord", "negentien"),
    pgettext_lazy("telwoord", "twintig"),
)
LAST_IN_WORDS = len(WORDS) - 1


def in_words(value: int) -> str:
    """A count inside a sentence: in words up to twenty, else in digits."""
    if 0 <= value <= LAST_IN_WORDS:
        return str(WORDS[value])
    return number_text(value)


def counted(value: int, message, *, leading: bool = False, **values) -> str:
    """``message`` (``ngettext_lazy(singular, plural, "count")``) for ``value``, the count
    written as ``%(amount)s``: "één groep", "drie groepen", "25 groepen"; in digits when
    ``leading`` (a figure). ``values`` fill the message's other placeholders."""
    amount = number_text(value) if leading else in_words(value)
    return str(message % {"count": value, "amount": amount, **values})


def percentage(rate: float) -> str:
    """A rate (0…1) as a whole percentage, the way the seeds write it: "93 procent"."""
    return gettext("%(n)s procent") % {"n": round(rate * 100)}


def signed(difference: int | float) -> str:
    """A change against an earlier figure: "+5", "-3" written with a true minus sign, "0"."""
    if not difference:
        return "0"
    sign = "+" if difference > 0 else "\u2212"
    return f"{sign}{number_text(abs(difference))}"


def enumeration(parts: Iterable[str]) -> str:
    """A list in a sentence: "a", "a en b", "a, b en c" ("a, b and c")."""
    items = [str(part) for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}
