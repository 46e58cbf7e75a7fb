from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "koers.legal"
    label = "legal"
    verbose_name = "Juridisch"

    def ready(self):
        from koers.core.registry import register
        from koers.legal import panels

        register(
            start_sections=[panels.open_dossiers],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
        )
