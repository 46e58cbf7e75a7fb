from django.urls import path

from koers.transfers import views

app_name = "transfers"

urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("export/<slug:fmt>/", views.transfer_list, name="transfer_list_export"),
    path("aanbieden/<uuid:person_uid>/", views.transfer_offer, name="offer"),
    path("<uuid:transfer_uid>/", views.transfer_detail, name="detail"),
    path("<uuid:transfer_uid>/besluiten/", views.transfer_decide, name="decide"),
    path("<uuid:transfer_uid>/intrekken/", views.transfer_revoke, name="revoke"),
]
