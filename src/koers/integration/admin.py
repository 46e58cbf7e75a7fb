from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.integration.models import IntegrationPlan, Linking


@admin.register(Linking)
class LinkingAdmin(ScopedAdmin):
    list_display = ("person", "location", "linked_on", "cancelled_on", "cancel_reason")
    list_filter = ("location", "cancel_reason")
    search_fields = ("person__family_name", "person__given_name", "external_id")
    raw_id_fields = ("person", "planned_dwelling")
    date_hierarchy = "linked_on"


@admin.register(IntegrationPlan)
class IntegrationPlanAdmin(ScopedAdmin):
    list_display = (
        "person",
        "obligation_on",
        "pip_on",
        "route",
        "route_switched_on",
        "completed_on",
        "exempted_on",
    )
    list_filter = ("route", "person__location")
    search_fields = ("person__family_name", "person__given_name", "external_id")
    raw_id_fields = ("person",)
    date_hierarchy = "obligation_on"
