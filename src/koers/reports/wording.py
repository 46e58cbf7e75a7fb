"""How the yearly report writes numbers and lists in Dutch, as the seed reports do (the digits
themselves: `koers.core.formatting.number_text`, the one number format).

One rule, applied everywhere: a bullet that is a *figure* ("75 statushouders
gehuisvest", "57 volwassenen, 18 kinderen") has its counts in digits, because they
are what the reader scans for; a bullet or paragraph that is a *sentence* has its
counts of 20 or less in words ("In totaal vestigden zich twintig alleenstaanden en
dertien gezinnen."), in digits above that.
"""

from collections.abc import Iterable

from koers.core.formatting import number_text

WORDS = [
    "nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
    "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
    "negentien", "twintig",
]  # fmt: skip
LAST_IN_WORDS = len(WORDS) - 1


def in_words(value: int) -> str:
    """A count inside a sentence: in words up to twenty, else in digits."""
    if 0 <= value <= LAST_IN_WORDS:
        return WORDS[value]
    return number_text(value)


def counted(value: int, singular: str, plural: str, *, leading: bool = False) -> str:
    """``value`` with the right noun form: "één groep", "drie groepen", "25 groepen"."""
    amount = number_text(value) if leading else in_words(value)
    return f"{amount} {singular if value == 1 else plural}"


def percentage(rate: float) -> str:
    """A rate (0…1) as a whole percentage, the way the seeds write it: "93 procent"."""
    return f"{round(rate * 100)} procent"


def signed(difference: int | float) -> str:
    """A change against an earlier figure: "+5", "-3" written with a true minus sign, "0"."""
    if not difference:
        return "0"
    sign = "+" if difference > 0 else "\u2212"
    return f"{sign}{number_text(abs(difference))}"


def enumeration(parts: Iterable[str]) -> str:
    """Dutch list: "a", "a en b", "a, b en c"."""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"
