from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "koers.coaching"
    label = "coaching"
    verbose_name = "Begeleiding"

    def ready(self) -> None:
        from koers.coaching import panels, selectors
        from koers.coaching.services import referrals_link
        from koers.cooperation.services import register_partner_linker
        from koers.core.registry import AssignmentSource, register

        register(
            start_sections=[panels.without_coach],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
            assignment_sources=[AssignmentSource("coach", selectors.coached_clients)],
        )
        # A partner joining the social map links the referrals that name it in their text.
        register_partner_linker(referrals_link)
