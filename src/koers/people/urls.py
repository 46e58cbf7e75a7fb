from django.urls import path

from koers.people import views

app_name = "people"
urlpatterns = [
    path("zoeken/", views.person_search, name="search"),
    path("huishouden/nieuw/", views.household_create, name="household_create"),
    path("<uuid:person_uid>/", views.person_file, name="file"),
    path("<uuid:person_uid>/bewerken/", views.person_edit, name="edit"),
    path("<uuid:person_uid>/inzage/", views.person_access_log, name="access_log"),
]
