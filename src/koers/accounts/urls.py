from django.urls import path

from koers.accounts import account_views, invitation_views, login_views, views

app_name = "accounts"
urlpatterns = [
    path("mijn/", account_views.account, name="account"),
    path("mijn/taal/", account_views.language, name="language"),
    path("inloggen/", login_views.login, name="login"),
    path("inloggen/code/", login_views.login_code, name="login_code"),
    path("inloggen/herstelcode/", login_views.login_recovery, name="login_recovery"),
    path("uitnodiging/", invitation_views.invitation_open, name="invitation"),
    path("uitnodiging/instellen/", invitation_views.invitation_enrol, name="invitation_enrol"),
    path("uitnodiging/gemaakt/", invitation_views.invitation_issued, name="invitation_issued"),
    path("uitloggen/", login_views.logout, name="logout"),
    path("overal-uitloggen/", account_views.sessions_end, name="sessions_end"),
    path("wachtwoord/", account_views.password_change, name="password_change"),
    path("herstelcodes/", account_views.recovery_codes, name="recovery_codes"),
    path("tweestaps/", account_views.two_factor_users, name="two_factor_users"),
    path("gebruikers/", views.user_list, name="user_list"),
    path("gebruikers/export/<slug:fmt>/", views.user_list, name="user_list_export"),
    path("gebruikers/nieuw/", views.user_new, name="user_create"),
    path("gebruikers/<int:user_id>/", views.user_detail, name="user_detail"),
    path(
        "gebruikers/<int:user_id>/uitschakelen/",
        views.user_deactivate_view,
        name="user_deactivate",
    ),
    path(
        "gebruikers/<int:user_id>/tweestaps-herstellen/",
        account_views.two_factor_reset_view,
        name="two_factor_reset",
    ),
    path(
        "gebruikers/<int:user_id>/uitnodiging/",
        invitation_views.invitation_new,
        name="invitation_new",
    ),
    path(
        "rollen/<int:membership_id>/beeindigen/",
        views.membership_end_view,
        name="membership_end",
    ),
]
