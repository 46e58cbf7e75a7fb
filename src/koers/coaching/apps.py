from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "koers.coaching"
    label = "coaching"
    verbose_name = "Begeleiding"
