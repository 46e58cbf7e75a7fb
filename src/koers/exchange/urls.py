from django.urls import path

from koers.exchange import views

app_name = "exchange"

urlpatterns = [
    path("huishouden/<uuid:person_uid>/", views.person_export, name="person_export"),
]
