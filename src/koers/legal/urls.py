from django.urls import path

from koers.legal import views

app_name = "legal"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("export/<slug:fmt>/", views.dossier_list, name="dossier_list_export"),
    path("clienten/<uuid:person_uid>/dossier/", views.dossier_open, name="dossier_open"),
    path("<uuid:dossier_uid>/", views.dossier_detail, name="dossier_detail"),
    path("<uuid:dossier_uid>/sluiten/", views.dossier_close, name="dossier_close"),
    path("<uuid:dossier_uid>/stap/", views.step_add, name="step_add"),
    path("stappen/<uuid:dossierstep_uid>/gedaan/", views.step_done, name="step_done"),
    path("<uuid:dossier_uid>/gezinslid/", views.member_add, name="member_add"),
    path("gezinsleden/<uuid:familymember_uid>/", views.member_edit, name="member_edit"),
    path(
        "gezinsleden/<uuid:familymember_uid>/registreren/",
        views.member_register,
        name="member_register",
    ),
]
