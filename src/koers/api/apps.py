from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "koers.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from koers.api import panels
        from koers.core.registry import register

        register(account_sections=[panels.account_section])
