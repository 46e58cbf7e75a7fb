"""Template helpers of the base layout: the main navigation for the user's roles."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import nav_links
from koers.core.scoping import Category

register = template.Library()


def own_links(request) -> list[dict]:
    from koers.accounts.selectors import may_manage_users
    from koers.people.selectors import locations_to_register

    user = request.user
    links = [{"label": _("Start"), "url": reverse("home"), "order": 0}]
    if user_reaches(user, Category.PERSON):
        links.append({"label": _("Cliënten"), "url": reverse("people:search"), "order": 10})
    if user_reaches(user, Category.COACHING) or user_reaches(user, Category.LEGAL):
        links.append({"label": _("Contact loggen"), "url": reverse("contacts:create"), "order": 20})
    if locations_to_register(user).exists():
        links.append(
            {
                "label": _("Nieuw huishouden"),
                "url": reverse("people:household_create"),
                "order": 30,
            }
        )
    if may_manage_users(user):
        links.append({"label": _("Gebruikers"), "url": reverse("accounts:user_list"), "order": 90})
    return links


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """The links of the main menu the user's roles reach, with the current one marked."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    links = sorted(own_links(request) + nav_links(request), key=lambda link: link["order"])
    for link in links:
        link["current"] = link["url"] == request.path or (
            link["url"] != "/" and request.path.startswith(link["url"])
        )
    return links


@register.simple_tag(takes_context=True)
def render_panel(context, panel: dict) -> str:
    """Render another app's panel with its own template and context."""
    return render_to_string(panel["template"], panel["context"], request=context.get("request"))
