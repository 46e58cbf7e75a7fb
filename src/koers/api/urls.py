from django.urls import path

from koers.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("<uuid:apitoken_uid>/intrekken/", views.token_revoke_view, name="revoke"),
]
