from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "koers.transfers"
    label = "transfers"
    verbose_name = "Overdrachten naar een andere afdeling"

    def ready(self) -> None:
        from koers.core.registry import register
        from koers.transfers import panels

        register(
            start_sections=[panels.home_panel],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
        )
