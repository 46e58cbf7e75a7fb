from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.people.models import (
    CivicIntegrationResult,
    Dwelling,
    Household,
    Person,
    Placement,
    QuotaPeriod,
)


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    fields = ("dwelling", "housed_on", "counts_for_quota")
    raw_id_fields = ("dwelling",)


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ("family_name", "given_name", "birth_date", "nationality", "location")
    list_filter = ("location", "sex", "arrival_route", "civic_integration_required", "nationality")
    search_fields = ("family_name", "given_name", "v_number", "external_id")
    raw_id_fields = ("household",)
    inlines = [PlacementInline]


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ("external_id", "location")
    list_filter = ("location",)
    search_fields = ("external_id", "members__family_name")


@admin.register(Dwelling)
class DwellingAdmin(ScopedAdmin):
    list_display = ("postcode", "house_number", "landlord", "available_on", "location")
    list_filter = ("location", "landlord")
    search_fields = ("postcode", "landlord", "external_id")
    date_hierarchy = "available_on"


@admin.register(Placement)
class PlacementAdmin(ScopedAdmin):
    list_display = ("person", "dwelling", "housed_on", "counts_for_quota")
    list_filter = ("counts_for_quota", "dwelling__location")
    search_fields = ("person__family_name", "external_id")
    raw_id_fields = ("person", "dwelling")
    date_hierarchy = "housed_on"


@admin.register(QuotaPeriod)
class QuotaPeriodAdmin(ScopedAdmin):
    list_display = ("location", "period", "quota", "backlog_in")
    list_filter = ("location",)


@admin.register(CivicIntegrationResult)
class CivicIntegrationResultAdmin(ScopedAdmin):
    list_display = ("person", "outcome", "decided_on")
    list_filter = ("outcome",)
    search_fields = ("person__family_name",)
    raw_id_fields = ("person",)
