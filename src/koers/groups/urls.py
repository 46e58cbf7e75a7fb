from django.urls import path

from koers.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("export/<slug:fmt>/", views.group_list, name="group_list_export"),
    path("mijn/", views.my_groups, name="my_groups"),
    path("mijn/export/<slug:fmt>/", views.my_groups, name="my_groups_export"),
    path("<uuid:group_uid>/", views.group_detail, name="group_detail"),
    path("<uuid:group_uid>/bijeenkomst/", views.session_create, name="session_create"),
    path(
        "bijeenkomsten/<uuid:groupsession_uid>/presentie/",
        views.attendance,
        name="attendance",
    ),
    path(
        "bijeenkomsten/<uuid:groupsession_uid>/presentie/verwijderen/",
        views.attendance_delete,
        name="attendance_delete",
    ),
    path(
        "bijeenkomsten/<uuid:groupsession_uid>/wijzigen/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "bijeenkomsten/<uuid:groupsession_uid>/verwijderen/",
        views.session_delete,
        name="session_delete",
    ),
]
