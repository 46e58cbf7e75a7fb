"""Template helpers of the base layout: the main navigation for the user's roles, and panels."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from koers.core.editing import error_links
from koers.core.formatting import (
    date_text,
    due_text,
    moment_text,
    month_text,
    number_text,
    percent_text,
)
from koers.core.panels import Section, menu_links

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """The links of the main menu the user's roles reach, with the current one marked.

    "Start" is the base's own; every other link is registered by the app it leads to.
    """
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    start = {"label": _("Start"), "url": reverse("home"), "order": 0}
    links = sorted([start, *menu_links(request)], key=lambda link: link["order"])
    for link in links:
        link["current"] = link["url"] == request.path or (
            link["url"] != "/" and request.path.startswith(link["url"])
        )
    return links


@register.simple_tag(takes_context=True)
def previous_page(context) -> str:
    """The page the user came from (the Referer), for a refusal page's "back" link: only an
    address of this site, and never the refused page itself; "" when there is none."""
    request = context.get("request")
    if request is None:
        return ""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    if referer in (request.path, request.build_absolute_uri()):
        return ""
    return referer


@register.simple_tag(takes_context=True)
def render_panel(context, panel: Section) -> str:
    """Render another app's section with its own template and context."""
    return render_to_string(panel.template, panel.context, request=context.get("request"))


@register.filter
def datum(value, weekday: str = "") -> str:
    """`{{ day|datum }}` → "6 dec. 2026"; `{{ day|datum:"weekdag" }}` → "zo 6 dec. 2026"."""
    return date_text(value, weekday=bool(weekday))


@register.filter
def datumtijd(value) -> str:
    """`{{ moment|datumtijd }}` → "6 dec. 2026 14:05"."""
    return moment_text(value)


@register.filter
def getal(value, decimals: int | None = None) -> str:
    """`{{ count|getal }}` → "73.000"; `{{ amount|getal:1 }}` → "2,5"."""
    return number_text(value, decimals)


@register.filter
def procent(value, decimals: int = 0) -> str:
    """`{{ rate|procent }}` → "93%" (a share 0…1); `{{ rate|procent:1 }}` → "93,3%"."""
    return percent_text(value, int(decimals))


@register.filter
def maand(value) -> str:
    """`{{ day|maand }}` → "december 2026" (a month as a heading)."""
    return month_text(value)


@register.filter
def termijn(value) -> str:
    """`{{ due_on|termijn }}` → "3 dagen te laat", "vandaag", "morgen", "over 5 dagen"
    (relative to today in Amsterdam)."""
    return due_text(value)


@register.inclusion_tag("editing/error_summary.html")
def error_summary(form=None, formset=None, row_label: str = "") -> dict:
    """`{% error_summary form formset=formset row_label=_("Gezinslid %(n)s") %}`: at the top
    of a form, every error, each linking to its field (``core.editing.error_links``)."""
    return {"errors": error_links(form, formset, str(row_label))}


@register.filter
def any_required(form) -> bool:
    """Whether the form (or the formset's first row) shows a required field: then the page
    explains the asterisk ("* verplicht")."""
    if hasattr(form, "forms"):
        form = form.forms[0] if form.forms else None
    return form is not None and any(f.field.required for f in form.visible_fields())
