from django.urls import path

from koers.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.worklist_page, name="worklist"),
    path("export/<slug:fmt>/", views.worklist_page, name="worklist_export"),
    path("stappen/<uuid:dossierstep_uid>/gedaan/", views.step_done, name="step_done"),
    path(
        "koppelingen/<uuid:match_uid>/evaluatie/",
        views.match_evaluation,
        name="match_evaluation",
    ),
    path(
        "clienten/<uuid:person_uid>/participatieverklaring/",
        views.participation_statement,
        name="participation_statement",
    ),
    path(
        "clienten/<uuid:person_uid>/inburgering/",
        views.civic_integration,
        name="civic_integration",
    ),
    path("regels/", views.rules_page, name="rules"),
    path("regels/<slug:code>/", views.rule_edit, name="rule_edit"),
]
