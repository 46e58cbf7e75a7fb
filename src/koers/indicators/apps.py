from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "koers.indicators"
    label = "indicators"
    verbose_name = "Indicatoren"
