from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "koers.documents"
    label = "documents"
    verbose_name = "Documenten"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from koers.core.registry import register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource
        from koers.documents import panels, timeline

        register(
            person_sections=[panels.person_panel],
            timeline_sources=[
                TimelineSource(
                    "document",
                    _("Documenten"),
                    (Category.COACHING, Category.LEGAL),
                    timeline.documents,
                    45,
                )
            ],
        )
