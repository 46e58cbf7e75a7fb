from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "koers.cooperation"
    label = "cooperation"
    verbose_name = "Samenwerking en voorlichting"

    def ready(self) -> None:
        from koers.cooperation import panels
        from koers.core.registry import register

        register(menu_links=[panels.nav_link])
