from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "koers.integration"
    label = "integration"
    verbose_name = "Koppeling en inburgering (Wi2021)"
