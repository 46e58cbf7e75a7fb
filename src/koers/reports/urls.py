from django.urls import path

from koers.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:location_uid>/<int:year>/", views.report, name="report"),
    path("<uuid:location_uid>/<int:year>/grafiek/", views.month_chart, name="month_chart"),
    path(
        "<uuid:location_uid>/<int:year>/tekst/<slug:section>/",
        views.narrative,
        name="narrative",
    ),
    path("<uuid:location_uid>/<int:year>/publiceren/", views.publish, name="publish"),
    path(
        "<uuid:location_uid>/<int:year>/download/<slug:fmt>/",
        views.download,
        name="download",
    ),
    path("editie/<uuid:publishedreport_uid>/", views.edition, name="edition"),
    path(
        "editie/<uuid:publishedreport_uid>/download/<slug:fmt>/",
        views.edition_download,
        name="edition_download",
    ),
    path("regio/<str:region>/<int:year>/", views.region, name="region"),
    path(
        "regio/<str:region>/<int:year>/download/<slug:fmt>/",
        views.region_download,
        name="region_download",
    ),
    path("gemeente/", views.municipality, name="municipality"),
    path("gemeente/<uuid:location_uid>/", views.municipality_branch, name="municipality_branch"),
    path(
        "gemeente/<uuid:location_uid>/periode/",
        views.municipality_period,
        name="municipality_period",
    ),
    path(
        "gemeente/<uuid:location_uid>/onderwerpen/",
        views.municipality_topics,
        name="municipality_topics",
    ),
    path(
        "gemeente/<uuid:location_uid>/taakstelling/",
        views.municipality_quota,
        name="municipality_quota",
    ),
]
