"""Dutch shown to a reader of English: the detector of the English tests.

A text counts as Dutch when it is, as a whole, a Dutch message of the catalogue whose
English differs (a message with placeholders is matched as a pattern), or, for the yearly
report's generated sentences, when it holds a word that only Dutch has ("gehuisvest",
"waarvan", "het"): a sentence put together from fragments is no message as a whole.
Names, places and what people typed are data and are not checked.
"""

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "src/koers/locale/en/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
# Common Dutch words of the report's sentences that are no English words (nor names the
# tests' data holds): one of them in an English sentence is a fragment left in Dutch.
DUTCH_WORDS = frozenset(
    [
        "aan",
        "afgerond",
        "afgesloten",
        "alleenstaanden",
        "bezoeken",
        "bij",
        "bijeenkomsten",
        "cliënten",
        "contacten",
        "de",
        "deelnemers",
        "dat",
        "een",
        "eind",
        "eerdere",
        "en",
        "gehuisvest",
        "gekoppeld",
        "gekoppelden",
        "gemeente",
        "gemiddeld",
        "gestart",
        "gesprekken",
        "gezinnen",
        "groep",
        "groepen",
        "hebben",
        "heeft",
        "het",
        "jaar",
        "keer",
        "koppeling",
        "koppelingen",
        "kinderen",
        "lopende",
        "mannen",
        "naar",
        "nieuwe",
        "nog",
        "ons",
        "onze",
        "op",
        "personen",
        "procent",
        "spreekuur",
        "spreekuren",
        "statushouders",
        "tot",
        "totaal",
        "traject",
        "trajecten",
        "uit",
        "van",
        "vrijwilligers",
        "vrouwen",
        "waarvan",
        "waarin",
        "waren",
        "werden",
        "wie",
        "woningen",
        "zijn",
        "zich",
    ]
)


def translated(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def dutch_messages() -> tuple[set[str], list[re.Pattern]]:
    """The Dutch texts an English page must not show: messages whose English differs and
    that are no English text themselves; messages with placeholders as patterns."""
    catalogue = polib.pofile(str(CATALOGUE))
    english = {text for entry in catalogue for text in translated(entry)}
    exact, patterns = set(), []
    for entry in catalogue:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for source, text in zip(sources, translated(entry), strict=True):
            source = " ".join(source.split())
            if source == " ".join(text.split()) or source in english or "<" in source:
                continue
            if not PLACEHOLDER.search(source):
                exact.add(source)
            elif len(re.sub(r"[^A-Za-zÀ-ÿ]", "", PLACEHOLDER.sub("", source))) >= 8:
                parts = (re.escape(part) for part in PLACEHOLDER.split(source))
                patterns.append(re.compile("(?:.+?)".join(parts)))
    return exact, patterns


def is_dutch_message(text: str, dutch) -> bool:
    exact, patterns = dutch
    return text in exact or any(pattern.fullmatch(text) for pattern in patterns)


def dutch_words(text: str) -> list[str]:
    """The words of ``text`` that only Dutch has."""
    return [word for word in re.findall(r"[^\W\d_]+", text.lower()) if word in DUTCH_WORDS]
