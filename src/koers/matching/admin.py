from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.matching.models import Match, MatchEvaluation


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
    list_filter = ("program", "outcome", "person__location")
    search_fields = ("person__family_name", "staff__family_name", "external_id")
    raw_id_fields = ("person", "staff")
    date_hierarchy = "requested_on"


@admin.register(MatchEvaluation)
class MatchEvaluationAdmin(ScopedAdmin):
    list_display = ("match", "moment", "held_on")
    list_filter = ("moment",)
    raw_id_fields = ("match",)
