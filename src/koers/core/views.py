"""The start page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from koers.core.access import ANY, PUBLIC, view_scope


@view_scope(ANY)
def home(request):
    """The start page per role; each app adds its panel through its own templates."""
    return render(request, "core/home.html")


@view_scope(PUBLIC)
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
