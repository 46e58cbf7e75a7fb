"""The project's URLs: each app mounts its own under a Dutch path."""

from django.contrib import admin
from django.urls import include, path

from koers.api import views as api_views
from koers.api.main import api
from koers.core import views as core_views

admin.site.site_header = "Koers — beheer"
admin.site.site_title = "Koers"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("gezond/", core_views.health, name="health"),
    path("account/", include("koers.accounts.urls")),
    path("clienten/", include("koers.people.urls")),
    path("begeleiding/", include("koers.coaching.urls")),
    path("contacten/", include("koers.contacts.urls")),
    path("juridisch/", include("koers.legal.urls")),
    path("documenten/", include("koers.documents.urls")),
    path("koppelingen/", include("koers.matching.urls")),
    path("groepen/", include("koers.groups.urls")),
    path("inburgering/", include("koers.integration.urls")),
    path("medewerkers/", include("koers.staff.urls")),
    path("termijnen/", include("koers.deadlines.urls")),
    path("rapportages/", include("koers.reports.urls")),
    path("privacy/", include("koers.privacy.urls")),
    path("samenwerking/", include("koers.cooperation.urls")),
    path("overdrachten/", include("koers.transfers.urls")),
    path("uitwisseling/", include("koers.exchange.urls")),
    path("api/v1/", api.urls),
    path("account/api-sleutels/", include("koers.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

# An address that names no route: under /api/ JSON like every answer of the API, else
# Django's page.
handler404 = api_views.not_found
