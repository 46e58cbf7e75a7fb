from django.urls import path

from koers.people import views

app_name = "people"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("export/<slug:fmt>/", views.client_list, name="list_export"),
    path("zoeken/", views.person_search, name="search"),
    path("huishouden/nieuw/", views.household_create, name="household_create"),
    path("<uuid:person_uid>/", views.person_file, name="file"),
    path("<uuid:person_uid>/bewerken/", views.person_edit, name="edit"),
    path("<uuid:person_uid>/contactgegevens/", views.person_contact_edit, name="contact_edit"),
    path("<uuid:person_uid>/tijdlijn/", views.person_timeline, name="timeline"),
    path("<uuid:person_uid>/gezinslid/", views.member_add, name="member_add"),
    path("<uuid:person_uid>/samenvoegen/", views.merge_choose, name="merge"),
    path(
        "<uuid:person_uid>/samenvoegen/<uuid:duplicate_uid>/",
        views.merge_preview,
        name="merge_preview",
    ),
    path("<uuid:person_uid>/inzage/", views.person_access_log, name="access_log"),
    path(
        "<uuid:person_uid>/inzage/export/<slug:fmt>/",
        views.person_access_log,
        name="access_log_export",
    ),
]
