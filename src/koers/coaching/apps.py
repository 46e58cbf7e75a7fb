from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "koers.coaching"
    label = "coaching"
    verbose_name = "Begeleiding"

    def ready(self) -> None:
        from koers.coaching import panels, selectors, timeline
        from koers.coaching.services import referrals_link
        from koers.cooperation.services import register_partner_linker
        from koers.core.registry import AssignmentSource, register
        from koers.core.scoping import Category
        from koers.core.timeline import TimelineSource

        register(
            start_sections=[panels.without_coach],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            assignment_sources=[AssignmentSource("coach", selectors.coached_clients)],
            timeline_sources=[
                TimelineSource(
                    "traject", _("Trajecten"), (Category.COACHING,), timeline.trajectories, 20
                ),
                TimelineSource(
                    "verwijzing", _("Verwijzingen"), (Category.COACHING,), timeline.referrals, 50
                ),
            ],
        )
        # A partner joining the social map links the referrals that name it in their text.
        register_partner_linker(referrals_link)
