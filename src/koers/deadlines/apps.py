from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "koers.deadlines"
    label = "deadlines"
    verbose_name = "Termijnen"

    def ready(self):
        from koers.core.registry import register
        from koers.deadlines import panels

        register(
            start_sections=[panels.home_panel],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
        )
