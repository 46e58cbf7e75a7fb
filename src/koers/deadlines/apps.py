from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "koers.deadlines"
    label = "deadlines"
    verbose_name = "Termijnen"
