from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "koers.people"
    label = "people"
    verbose_name = "Personen en huisvesting"

    def ready(self):
        from koers.core.registry import register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource
        from koers.people import panels, timeline

        register(
            menu_links=[panels.search_link, panels.register_link],
            timeline_sources=[
                TimelineSource(
                    "plaatsing", _("Plaatsingen"), (Category.COACHING,), timeline.placements, 10
                )
            ],
        )
