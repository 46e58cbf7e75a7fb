from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "koers.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from koers.core.registry import register
        from koers.privacy import panels

        register(person_sections=[panels.person_panel])
