from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "koers.people"
    label = "people"
    verbose_name = "Personen en huisvesting"
