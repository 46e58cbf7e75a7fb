from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "koers.contacts"
    label = "contacts"
    verbose_name = "Contacten"

    def ready(self):
        from koers.contacts import panels, timeline
        from koers.core.registry import register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource

        register(
            start_sections=[panels.my_clients, panels.recently_logged],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link, panels.list_link],
            timeline_sources=[
                TimelineSource(
                    "contact",
                    _("Contacten"),
                    (Category.COACHING, Category.LEGAL),
                    timeline.contacts,
                    30,
                )
            ],
        )
