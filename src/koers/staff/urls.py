from django.urls import path

from koers.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("export/<slug:fmt>/", views.staff_list, name="list_export"),
    path("<uuid:staffmember_uid>/", views.staff_detail, name="detail"),
    path("<uuid:staffmember_uid>/periode/", views.staff_terms, name="terms"),
    path("<uuid:staffmember_uid>/training/", views.training_add, name="training_add"),
    path("gebruiker/<int:user_id>/koppeling/", views.user_link, name="user_link"),
    path(
        "afdeling/<uuid:location_uid>/bijzondere-gegevens/",
        views.special_categories,
        name="special_categories",
    ),
]
