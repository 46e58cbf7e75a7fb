from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "koers.indicators"
    label = "indicators"
    verbose_name = "Indicatoren"

    def ready(self):
        from koers.core import writes
        from koers.indicators.marks import StaleFacts

        writes.register(StaleFacts())
