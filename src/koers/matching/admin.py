from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.matching.models import Match, MatchEvaluation, MatchLanguage, VolunteerProfile


class MatchLanguageInline(admin.TabularInline):
    model = MatchLanguage
    extra = 0


@admin.register(Match)
class MatchAdmin(ScopedAdmin):
    list_display = (
        "person",
        "program",
        "staff",
        "requested_on",
        "started_on",
        "ended_on",
        "outcome",
    )
    list_filter = ("program", "outcome", "end_reason", "person__location")
    search_fields = ("person__family_name", "staff__family_name", "external_id")
    raw_id_fields = ("person", "staff", "previous")
    date_hierarchy = "requested_on"
    inlines = [MatchLanguageInline]


@admin.register(MatchEvaluation)
class MatchEvaluationAdmin(ScopedAdmin):
    list_display = ("match", "moment", "held_on")
    list_filter = ("moment",)
    raw_id_fields = ("match",)


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(ScopedAdmin):
    list_display = ("staff", "max_pairs", "postcode_area", "daytime", "evening", "weekend")
    raw_id_fields = ("staff",)
