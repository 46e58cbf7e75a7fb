from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "koers.people"
    label = "people"
    verbose_name = "Personen en huisvesting"

    def ready(self):
        from koers.core.registry import register
        from koers.people import panels

        register(menu_links=[panels.search_link, panels.register_link])
