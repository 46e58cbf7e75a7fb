from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "koers.staff"
    label = "staff"
    verbose_name = "Medewerkers"
