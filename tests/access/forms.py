"""A page's own form, as a browser would send it: the payload of a real save.

The access matrix posts, as a role that may not write, what a role that may write would
send from the same page: every field as rendered, every checkbox ticked (an attendance
register: everyone present), free text changed. So a refused save is tried with a
payload that would have written something.
"""

from html.parser import HTMLParser

CHANGED = " (gewijzigd)"
# An empty field gets a value that passes: a date after the records' dates (2 January
# 2017 in ``tests.access.records``) and before any test's today.
EMPTY = {"date": "2017-06-01", "number": "1"}
TEXT_TYPES = {"text", "search", "email", "tel", "url", ""}


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "action": a.get("action", "")}
            self._form["fields"] = []
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name") or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            self._input(name, a)
        elif tag == "select":
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form.setdefault("submit", (name, a.get("value", "")))

    def _input(self, name: str, a: dict) -> None:
        assert self._form is not None
        kind, value = a.get("type", "text").lower(), a.get("value", "")
        if kind in {"checkbox"}:
            self._form["fields"].append((name, value or "on"))  # ticked: a change to save
        elif kind == "radio":
            if "checked" in a or not any(n == name for n, _ in self._form["fields"]):
                self._form["fields"] = [f for f in self._form["fields"] if f[0] != name]
                self._form["fields"].append((name, value))
        elif kind == "submit":
            self._form.setdefault("submit", (name, value))
        elif kind in {"file", "button", "reset", "image"}:
            return
        elif kind in TEXT_TYPES and "readonly" not in a:
            self._form["fields"].append((name, value + CHANGED if value else "Gewijzigd"))
        else:  # hidden, date, number, password: as rendered (or filled)
            self._form["fields"].append((name, value or EMPTY.get(kind, "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen:
                chosen = [value for value, _ in self._options if value][:1]
            self._form["fields"] += [(name, value) for value in chosen[: None if multiple else 1]]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text).strip()
            self._form["fields"].append((self._textarea, text + CHANGED if text else "Gewijzigd"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def page_form(html: str, path: str) -> dict[str, list[str]]:
    """The fields of the page's own POST form (the one that posts to ``path``; the biggest
    if several), ready for ``Client.post``; empty when the page has none."""
    parser = _Forms()
    parser.feed(html)
    own = [
        form
        for form in parser.forms
        if form["method"] == "post" and form["action"] in {"", path, "."}
    ]
    if not own:
        return {}
    form = max(own, key=lambda f: len(f["fields"]))
    data: dict[str, list[str]] = {}
    for name, value in form["fields"] + ([form["submit"]] if form.get("submit") else []):
        if name:
            data.setdefault(name, []).append(value)
    return data
