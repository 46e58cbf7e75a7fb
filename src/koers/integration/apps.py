from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "koers.integration"
    label = "integration"
    verbose_name = "Koppeling en inburgering (Wi2021)"

    def ready(self) -> None:
        from koers.core.registry import register
        from koers.integration import panels, worklist

        register(
            start_sections=[panels.home_panel],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
        )
        worklist.register()
