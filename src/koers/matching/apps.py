from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "koers.matching"
    label = "matching"
    verbose_name = "Koppelingen"

    def ready(self):
        from koers.core.registry import AssignmentSource, register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource
        from koers.matching import panels, selectors, timeline

        register(
            start_sections=[panels.home_panel],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            assignment_sources=[AssignmentSource("match", selectors.matched_clients)],
            timeline_sources=[
                TimelineSource(
                    "koppeling", _("Koppelingen"), (Category.COACHING,), timeline.matches, 60
                )
            ],
        )
