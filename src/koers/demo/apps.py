from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region's generator and its ``koers demo`` command; no models of its own."""

    name = "koers.demo"
    label = "demo"
    verbose_name = "Demo"
