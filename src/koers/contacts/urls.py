from django.urls import path

from koers.contacts import views

app_name = "contacts"
urlpatterns = [
    path("nieuw/", views.contact_create, name="create"),
]
