"""The project's URLs plus two that refuse, to reach Django's 403 and 500 handlers the way
a real refusal does (tests/core/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from koers import urls as koers_urls
from koers.core.access import ANY, view_scope


@view_scope(ANY)
def refuse(request):
    raise PermissionDenied


@view_scope(ANY)
def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("weigert/", refuse), path("faalt/", fail), *koers_urls.urlpatterns]
handler404 = koers_urls.handler404
