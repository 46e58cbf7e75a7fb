"""Finding people by name across Latin transliterations, by V-number and by birth date.

A name is reduced to a *skeleton key* per word: diacritics removed, spellings that
transliterations of Arabic, Tigrinya, Farsi and Somali use for one sound made equal
(kh/ch/x → h, q/c → k, j/dj → y, w → v, oe/ou → u, …), Arabic articles dropped (also
when written together: Alhassan) and compound prefixes (Abd al-, Abu, Gebre, Wolde)
glued to the next word, then vowels after the first letter dropped and double letters
collapsed: Mohammed, Muhammad and Mohamad
all become ``mhmd``; Yohannes and Johannes ``yhns``; Abdelrahman and Abd al-Rahman
``abdrhmn``. ``Person.name_key`` holds the keys of a person's names, padded with spaces,
so that a query word's key is looked up as a word prefix; candidates are then ranked
by the similarity of keys and spellings. See docs/search.md for the measured recall.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet

VOWELS = set("aeiouy")
ARTICLES = {"al", "el", "ul", "il", "ad", "ed", "ar", "er", "as", "es", "ash", "at", "az", "an"}
GLUED_PREFIXES = {"abd", "abdel", "abdul", "abdal", "abdil", "abu", "abou", "gebre", "ghebre"}
GLUED_PREFIXES |= {"wolde", "welde", "wold", "weld", "habte", "bin", "ben", "ibn"}
# Spellings of one sound, replaced in this order (longer first).
SOUNDS = [
    ("sch", "s"),
    ("tch", "c"),
    ("dsh", "y"),
    ("kh", "h"),
    ("ch", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("sh", "s"),
    ("sj", "s"),
    ("dj", "y"),
    ("dz", "z"),
    ("oe", "u"),
    ("ou", "u"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "h"),
    ("j", "y"),
    ("w", "v"),
    ("z", "s"),
]
ABD_PREFIX = re.compile(r"^abd[aeiou]?l?(?=[a-z])")
ARTICLE_PREFIX = re.compile(r"^[ae]l[b-df-hj-np-tv-z][a-z]{3,}$")
SEPARATORS = re.compile(r"[\s\-.,_\u2010-\u2015]+")
APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb]")
DIGITS = re.compile(r"^\d{10}$")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y")
CANDIDATE_LIMIT = 3000


def plain(text: str) -> str:
    """Lower case ASCII letters, digits and single spaces; diacritics and apostrophes gone."""
    decomposed = unicodedata.normalize("NFKD", APOSTROPHES.sub("", text))
    spaced = SEPARATORS.sub(" ", decomposed)
    ascii_text = "".join(c for c in spaced if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9 ]", "", ascii_text).split())


def words(text: str) -> list[str]:
    """The words of a name, articles dropped and compound prefixes glued to the next word."""
    tokens = plain(text).split()
    result: list[str] = []
    glue = ""
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        if token in ARTICLES and not last:
            continue
        if token in GLUED_PREFIXES and not last:
            glue += token
            continue
        result.append(glue + token)
        glue = ""
    return result


def word_key(word: str) -> str:
    """The skeleton of one word: first letter, then its consonants, doubles collapsed."""
    word = ABD_PREFIX.sub("abd", word)
    if ARTICLE_PREFIX.match(word):  # Alhassan = Al-Hassan = Hassan
        word = word[2:]
    if word[:1] == "c" and word[1:2] in VOWELS:  # Somali c is the ayn: Cabdi = Abdi
        word = word[1:]
    if len(word) > 2 and word.endswith("h") and word[-2] in VOWELS:  # Fatimah = Fatima
        word = word[:-1]
    for spelling, sound in SOUNDS:
        word = word.replace(spelling, sound)
    word = word.replace("c", "k")
    if not word:
        return ""
    first, rest = word[0], word[1:]
    if first in VOWELS and first != "y":
        first = "a"  # Ibrahim/Ebrahim, Omar/Umar, Osman/Usman
    skeleton = first + "".join(c for c in rest if c not in VOWELS)
    return re.sub(r"(.)\1+", r"\1", skeleton)


def name_keys(text: str) -> list[str]:
    return [key for key in (word_key(w) for w in words(text)) if key]


def name_key_for(given_name: str, family_name: str) -> str:
    """The value of ``Person.name_key``: every word's key, space-padded for word-prefix lookup."""
    return " " + " ".join(name_keys(f"{given_name} {family_name}")) + " "


def refresh_name_keys(people) -> int:
    """Compute ``name_key`` for many people at once; returns how many changed.

    The services and the import set the key as they write; this is for rows written
    any other way, and for every row once after a change to the key algorithm.
    """
    from koers.people.models import Person

    changed = []
    for person in people.only("pk", "given_name", "family_name", "name_key"):
        key = name_key_for(person.given_name, person.family_name)
        if person.name_key != key:
            person.name_key = key
            changed.append(person)
    Person.objects.bulk_update(changed, ["name_key"], batch_size=1000)
    return len(changed)


@dataclass(frozen=True)
class Query:
    """A parsed search: a V-number, a birth date, or name words (with their keys)."""

    text: str
    v_number: str = ""
    birth_date: datetime.date | None = None
    name_words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "Query":
        text = " ".join(text.split())
        compact = text.replace(" ", "").replace(".", "")
        if DIGITS.match(compact):
            return cls(text=text, v_number=compact)
        for fmt in DATE_FORMATS:
            try:
                return cls(
                    text=text,
                    birth_date=datetime.datetime.strptime(text, fmt).date(),  # noqa: DTZ007
                )
            except ValueError:
                continue
        return cls(text=text, name_words=tuple(words(text)))

    @property
    def is_empty(self) -> bool:
        return not (self.v_number or self.birth_date or self.name_words)


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _word_score(query_word: str, query_key: str, name_words: list[str], keys: list[str]) -> float:
    best = 0.0
    for word, key in zip(name_words, keys, strict=False):
        if key == query_key:
            key_score = 1.0
        elif key.startswith(query_key):
            key_score = 0.7 + 0.3 * len(query_key) / len(key)
        else:
            key_score = _similarity(key, query_key) * 0.8
        best = max(best, 0.65 * key_score + 0.35 * _similarity(word, query_word))
    return best


def name_score(query_words: tuple[str, ...], given_name: str, family_name: str) -> float:
    """How well a name fits the query words, 0..1: mean over query words of their best match."""
    person_words = words(f"{given_name} {family_name}")
    person_keys = [word_key(w) for w in person_words]
    scores = [_word_score(w, word_key(w), person_words, person_keys) for w in query_words]
    return sum(scores) / len(scores) if scores else 0.0


def find_people(queryset: QuerySet, text: str, *, limit: int = 20) -> list:
    """The people of ``queryset`` (already scoped) that fit ``text``, best first."""
    query = Query.parse(text)
    if query.is_empty:
        return []
    if query.v_number:
        return list(queryset.filter(v_number=query.v_number)[:limit])
    if query.birth_date:
        return list(queryset.filter(birth_date=query.birth_date)[:limit])
    prefixes = Q()
    for word in query.name_words:
        key = word_key(word)
        prefixes |= Q(name_key__contains=" " + key[:3])
    rows = list(
        queryset.filter(prefixes).values_list("pk", "given_name", "family_name")[:CANDIDATE_LIMIT]
    )
    ranked = sorted(
        ((name_score(query.name_words, given, family), pk) for pk, given, family in rows),
        key=lambda item: (-item[0], item[1]),
    )
    top = [pk for score, pk in ranked[:limit] if score >= 0.45]
    by_pk = queryset.in_bulk(top)
    return [by_pk[pk] for pk in top if pk in by_pk]
