from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "koers.reports"
    label = "reports"
    verbose_name = "Rapportages"

    def ready(self):
        from koers.core.registry import register
        from koers.core.scoping import Role
        from koers.reports import panels

        register(
            start_sections=[panels.figures, panels.region_link, panels.home_panel],
            menu_links=[panels.nav_link],
            role_start_pages={Role.MUNICIPALITY_VIEWER: "reports:municipality"},
        )
