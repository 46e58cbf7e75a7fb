from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "koers.contacts"
    label = "contacts"
    verbose_name = "Contacten"
