from django.urls import path

from koers.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list_page, name="list"),
    path("export/<slug:fmt>/", views.contact_list_page, name="contact_list_export"),
    path("nieuw/", views.contact_create, name="create"),
    path("<uuid:contact_uid>/", views.contact_edit, name="edit"),
    path("<uuid:contact_uid>/verwijderen/", views.contact_delete_view, name="delete"),
]
