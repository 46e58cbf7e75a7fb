from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "koers.matching"
    label = "matching"
    verbose_name = "Koppelingen"
