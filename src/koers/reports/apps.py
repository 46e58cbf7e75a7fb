from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "koers.reports"
    label = "reports"
    verbose_name = "Rapportages"
