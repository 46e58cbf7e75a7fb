from django.urls import path

from koers.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("gebruikers/", views.user_list, name="user_list"),
    path("gebruikers/nieuw/", views.user_new, name="user_create"),
    path("gebruikers/<int:user_id>/", views.user_detail, name="user_detail"),
    path(
        "gebruikers/<int:user_id>/uitschakelen/",
        views.user_deactivate_view,
        name="user_deactivate",
    ),
    path(
        "rollen/<int:membership_id>/beeindigen/",
        views.membership_end_view,
        name="membership_end",
    ),
]
