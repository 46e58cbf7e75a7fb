from django.urls import path

from koers.privacy import views

app_name = "privacy"
urlpatterns = [
    path("<uuid:person_uid>/", views.rights, name="rights"),
    path(
        "<uuid:person_uid>/inzageverzoek.json",
        views.access_request,
        {"fmt": "json"},
        name="access_request_json",
    ),
    path(
        "<uuid:person_uid>/inzageverzoek.pdf",
        views.access_request,
        {"fmt": "pdf"},
        name="access_request_pdf",
    ),
    path(
        "<uuid:person_uid>/inzageverzoek.zip",
        views.access_request_zip,
        name="access_request_zip",
    ),
    path("<uuid:person_uid>/wissen/", views.erase, name="erase"),
]
