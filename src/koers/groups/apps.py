from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "koers.groups"
    label = "groups"
    verbose_name = "Groepen"
