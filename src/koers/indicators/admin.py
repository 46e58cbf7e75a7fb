from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.indicators.models import Target


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ("location", "year", "indicator", "target")
    list_filter = ("location", "year")
    search_fields = ("indicator",)
