from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "koers.coaching"
    label = "coaching"
    verbose_name = "Begeleiding"

    def ready(self) -> None:
        from koers.coaching.services import referrals_link
        from koers.cooperation.services import register_partner_linker

        # A partner joining the social map links the referrals that name it in their text.
        register_partner_linker(referrals_link)
