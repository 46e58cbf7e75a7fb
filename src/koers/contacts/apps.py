from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "koers.contacts"
    label = "contacts"
    verbose_name = "Contacten"

    def ready(self):
        from koers.contacts import panels
        from koers.core.registry import register

        register(
            start_sections=[panels.my_clients, panels.recently_logged],
            person_sections=[panels.person_panel],
            menu_links=[panels.nav_link],
        )
