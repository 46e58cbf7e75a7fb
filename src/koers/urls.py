"""The project's URLs: each app mounts its own."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "Koers — beheer"
admin.site.site_title = "Koers"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("beheer/", admin.site.urls),
]
