from django.urls import path

from koers.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("activiteiten.csv", views.activity_export, name="activity_export"),
    path("export/<slug:fmt>/", views.activity_list, name="activity_list_export"),
    path("activiteit/nieuw/", views.activity_create, name="activity_create"),
    path("activiteit/<uuid:activity_uid>/", views.activity_edit, name="activity_edit"),
    path(
        "activiteit/<uuid:activity_uid>/verwijderen/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/export/<slug:fmt>/", views.partner_list, name="partner_list_export"),
    path("partners/nieuw/", views.partner_create, name="partner_create"),
    path("partners/<uuid:partner_uid>/", views.partner_edit, name="partner_edit"),
]
