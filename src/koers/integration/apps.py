from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationConfig(AppConfig):
    name = "koers.integration"
    label = "integration"
    verbose_name = "Koppeling en inburgering (Wi2021)"

    def ready(self) -> None:
        from koers.core.registry import register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource
        from koers.integration import panels, timeline, worklist

        register(
            start_sections=[panels.home_panel],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            timeline_sources=[
                TimelineSource(
                    "coa", _("Koppeling COA"), (Category.COACHING,), timeline.linkings, 80
                ),
                TimelineSource(
                    "inburgering", _("Inburgering"), (Category.COACHING,), timeline.plan_steps, 90
                ),
            ],
        )
        worklist.register()
