from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "koers.documents"
    label = "documents"
    verbose_name = "Documenten"

    def ready(self):
        from koers.core.registry import register
        from koers.documents import panels

        register(person_sections=[panels.person_panel])
