"""The messages the code asks to translate, found without gettext's tools.

``koers makemessages`` needs GNU xgettext, which a fresh machine may lack; the catalogue
test must run anywhere. So this reads the same sources in Python: templates through
Django's own ``templatize`` (what makemessages hands to xgettext), then every module's
calls of the gettext functions with the keywords makemessages gives xgettext. A message
is ``(context, msgid, msgid_plural)``, with ``""`` for none. The test that compares this
with makemessages (when xgettext is there) keeps the two in step.
"""

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

SOURCE = Path(__file__).resolve().parents[2] / "src" / "koers"
# name: (context argument or None, singular argument, plural argument or None),
# as xgettext's Python defaults plus makemessages' --keyword options.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
    "_l": (None, 0, None),  # gettext_lazy's alias in list declarations (core makemessages)
}
SKIPPED_DIRS = {"locale", "static", "__pycache__"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_in_python(source: str) -> set[tuple[str, str, str]]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in KEYWORDS:
            continue
        context, singular, plural = KEYWORDS[_name(node.func)]
        needed = max(i for i in (context, singular, plural) if i is not None)
        if len(node.args) <= needed:
            continue
        texts = [_text(node.args[i]) if i is not None else "" for i in (context, singular, plural)]
        if None not in texts and texts[1]:
            found.add(tuple(texts))
    return found


CALL = re.compile(r"\b(" + "|".join(KEYWORDS) + r")\(")


def messages_in_template(source: str) -> set[tuple[str, str, str]]:
    """Django's ``templatize`` blanks a template out to its gettext calls (not Python as a
    whole): parse each call on its own, up to the first closing parenthesis that ends it."""
    text = templatize(source)
    found: set[tuple[str, str, str]] = set()
    for match in CALL.finditer(text):
        end = match.end()
        while (end := text.find(")", end) + 1) > 0:
            try:
                found |= messages_in_python(text[match.start() : end])
            except SyntaxError:
                continue
            break
    return found


def code_messages(root: Path = SOURCE) -> set[tuple[str, str, str]]:
    """Every message of the templates and modules under ``root``, as makemessages finds them."""
    found: set[tuple[str, str, str]] = set()
    for path in sorted(root.rglob("*")):
        if SKIPPED_DIRS & set(path.relative_to(root).parts) or not path.is_file():
            continue
        if path.suffix == ".py":
            found |= messages_in_python(path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".txt"}:
            found |= messages_in_template(path.read_text(encoding="utf-8"))
    return found
