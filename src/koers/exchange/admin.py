from django.contrib import admin

from koers.core.admin import ReadOnlyLogAdmin
from koers.exchange.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyLogAdmin):
    list_display = ("at", "actor", "source", "created", "updated", "unchanged")
    search_fields = ("actor", "source")
    date_hierarchy = "at"
