from django.urls import path

from koers.coaching import views

app_name = "coaching"
trajectory = "trajecten/<uuid:trajectory_uid>/"
urlpatterns = [
    path("", views.trajectory_list, name="trajectory_list"),
    path("export/<slug:fmt>/", views.trajectory_list, name="trajectory_list_export"),
    path("clienten/<uuid:person_uid>/traject/", views.trajectory_start, name="trajectory_start"),
    path(trajectory, views.trajectory_detail, name="trajectory_detail"),
    path(f"{trajectory}afsluiten/", views.trajectory_close, name="trajectory_close"),
    path(f"{trajectory}coach/", views.coach_change, name="coach_change"),
    path("overdracht/", views.handover_index, name="handover_index"),
    path("overdracht/<uuid:staffmember_uid>/", views.handover, name="handover"),
    path(f"{trajectory}plan/", views.plan_edit, name="plan_edit"),
    path(f"{trajectory}evaluatie/", views.evaluation_add, name="evaluation_add"),
    path(f"{trajectory}zrm/<str:moment>/", views.measurement_edit, name="measurement_edit"),
    path(f"{trajectory}verwijzing/", views.referral_add, name="referral_add"),
    path("verwijzingen/", views.referral_list, name="referral_list"),
    path("verwijzingen/export/<slug:fmt>/", views.referral_list, name="referral_list_export"),
    path(
        "verwijzingen/<uuid:referral_uid>/uitkomst/",
        views.referral_outcome,
        name="referral_outcome",
    ),
    path("huishoudens/<uuid:household_uid>/budget/", views.budget, name="budget"),
    path("budget/<uuid:budgetline_uid>/", views.budget_line_edit, name="budget_line_edit"),
    path(
        "budget/<uuid:budgetline_uid>/verwijderen/",
        views.budget_line_delete,
        name="budget_line_delete",
    ),
    path("signalen/", views.signal_list, name="signal_list"),
    path("signalen/export/<slug:fmt>/", views.signal_list_export, name="signal_list_export"),
    path("signalen/<uuid:signal_uid>/gemeld/", views.signal_report, name="signal_report"),
]
