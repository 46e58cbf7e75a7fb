from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "koers.groups"
    label = "groups"
    verbose_name = "Groepen"

    def ready(self):
        from koers.core.registry import AssignmentSource, register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource
        from koers.groups import panels, selectors, timeline

        register(
            person_sections=[panels.person_panel],
            menu_links=[panels.my_groups_link, panels.nav_link],
            assignment_sources=[
                AssignmentSource("group", selectors.group_clients, one_to_one=False)
            ],
            timeline_sources=[
                TimelineSource("groep", _("Groepen"), (Category.COACHING,), timeline.enrolments, 70)
            ],
        )
