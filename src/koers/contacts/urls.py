from django.urls import path

from koers.contacts import views

app_name = "contacts"
urlpatterns = [
    path("nieuw/", views.contact_create, name="create"),
    path("<uuid:contact_uid>/", views.contact_edit, name="edit"),
    path("<uuid:contact_uid>/verwijderen/", views.contact_delete_view, name="delete"),
]
