from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "koers.api"
    label = "api"
    verbose_name = "API"
