from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "koers.groups"
    label = "groups"
    verbose_name = "Groepen"

    def ready(self):
        from koers.core.registry import AssignmentSource, register
        from koers.groups import panels, selectors

        register(
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            assignment_sources=[
                AssignmentSource("group", selectors.group_clients, one_to_one=False)
            ],
        )
