from django.urls import path

from koers.matching import views

app_name = "matching"
match = "<uuid:match_uid>/"
urlpatterns = [
    path("", views.match_list, name="match_list"),
    path("export/<slug:fmt>/", views.match_list, name="match_list_export"),
    path("wachtlijst/", views.waiting_list, name="waiting_list"),
    path("wachtlijst/export/<slug:fmt>/", views.waiting_list, name="waiting_list_export"),
    path("clienten/<uuid:person_uid>/aanmelden/", views.match_request, name="match_request"),
    path(match, views.match_detail, name="match_detail"),
    path(f"{match}starten/", views.match_start, name="match_start"),
    path(f"{match}vrijwilliger/", views.match_change_volunteer, name="match_change_volunteer"),
    path(f"{match}evaluatie/", views.match_evaluate, name="match_evaluate"),
    path(f"{match}verlengen/", views.match_extend, name="match_extend"),
    path(f"{match}beeindigen/", views.match_stop, name="match_stop"),
    path(f"{match}van-wachtlijst/", views.match_withdraw, name="match_withdraw"),
    path(f"{match}opnieuw/", views.match_rematch, name="match_rematch"),
    path(
        "vrijwilligers/<uuid:staffmember_uid>/profiel/",
        views.volunteer_profile,
        name="volunteer_profile",
    ),
]
