from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "koers.legal"
    label = "legal"
    verbose_name = "Juridisch"
