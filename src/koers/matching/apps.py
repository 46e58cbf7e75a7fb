from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "koers.matching"
    label = "matching"
    verbose_name = "Koppelingen"

    def ready(self):
        from koers.core.registry import AssignmentSource, register
        from koers.matching import panels, selectors

        register(
            start_sections=[panels.home_panel],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            assignment_sources=[AssignmentSource("match", selectors.matched_clients)],
        )
