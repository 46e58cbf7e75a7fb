from django.contrib import admin

from koers.coaching.models import Trajectory
from koers.core.admin import ScopedAdmin


@admin.register(Trajectory)
class TrajectoryAdmin(ScopedAdmin):
    list_display = ("person", "kind", "coach", "started_on", "ended_on", "end_reason")
    list_filter = ("kind", "end_reason", "person__location")
    search_fields = ("person__family_name", "person__given_name", "external_id")
    raw_id_fields = ("person", "coach")
    date_hierarchy = "started_on"
