from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "koers.cooperation"
    label = "cooperation"
    verbose_name = "Samenwerking en voorlichting"
