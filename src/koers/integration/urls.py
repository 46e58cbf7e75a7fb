from django.urls import path

from koers.integration import views

app_name = "integration"
linking = "gekoppeld/<uuid:linking_uid>/"
plan = "plannen/<uuid:integrationplan_uid>/"
urlpatterns = [
    path("gekoppeld/", views.pipeline_page, name="pipeline"),
    path("gekoppeld/export/<slug:fmt>/", views.pipeline_page, name="pipeline_list_export"),
    path("gekoppeld/nieuw/", views.linking_register, name="linking_register"),
    path(
        "clienten/<uuid:person_uid>/koppeling/",
        views.linking_for_person,
        name="linking_for_person",
    ),
    path(linking, views.linking_detail, name="linking_detail"),
    path(f"{linking}wijzigen/", views.linking_edit, name="linking_edit"),
    path(f"{linking}vervallen/", views.linking_cancel, name="linking_cancel"),
    path(f"{linking}huisvesten/", views.linking_house, name="linking_house"),
    path("plannen/", views.plan_list, name="plan_list"),
    path("plannen/export/<slug:fmt>/", views.plan_list, name="plan_list_export"),
    path("clienten/<uuid:person_uid>/plan/", views.plan_create, name="plan_create"),
    path(plan, views.plan_detail, name="integrationplan_detail"),
    path(f"{plan}termijn/pip/", views.close_pip, name="close_pip"),
    path(f"{plan}termijn/einde/", views.close_plan_end, name="close_plan_end"),
    *(
        path(f"{plan}{slug}/", views.plan_step, {"step": step}, name=f"plan_{step}")
        for step, slug in (
            ("intake", "intake"),
            ("pip", "pip"),
            ("switch", "leerroute"),
            ("map", "map"),
            ("unburdening", "ontzorgen"),
            ("extend", "verlengen"),
            ("complete", "afgerond"),
            ("exempt", "ontheffing"),
        )
    ),
]
