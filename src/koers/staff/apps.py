from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "koers.staff"
    label = "staff"
    verbose_name = "Medewerkers"

    def ready(self):
        from koers.core.registry import register
        from koers.staff import panels

        register(
            start_sections=[panels.home_panel],
            user_sections=[panels.user_link],
            menu_links=[panels.nav_link],
        )
