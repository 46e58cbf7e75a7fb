from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "koers.exchange"
    label = "exchange"
    verbose_name = "Uitwisseling"
