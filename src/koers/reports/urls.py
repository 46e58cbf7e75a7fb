from django.urls import path  # noqa: F401  (routes are added by this app's views)

app_name = "reports"
urlpatterns: list = []
