from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from koers.core import checks  # noqa: F401  (registers the system checks)
