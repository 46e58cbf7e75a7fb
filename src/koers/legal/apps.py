from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "koers.legal"
    label = "legal"
    verbose_name = "Juridisch"

    def ready(self):
        from koers.core.registry import register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource
        from koers.legal import panels, timeline

        register(
            start_sections=[panels.open_dossiers],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            timeline_sources=[
                TimelineSource(
                    "dossier", _("Juridische dossiers"), (Category.LEGAL,), timeline.dossiers, 40
                )
            ],
        )
