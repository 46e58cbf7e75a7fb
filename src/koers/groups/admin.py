from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.groups.models import Attendance, Enrolment, Group, GroupSession


class GroupSessionInline(admin.TabularInline):
    model = GroupSession
    extra = 0
    fields = ("date",)


@admin.register(Group)
class GroupAdmin(ScopedAdmin):
    list_display = (
        "external_id",
        "program",
        "level",
        "language",
        "evening",
        "started_on",
        "ended_on",
    )
    list_filter = ("program", "level", "language", "evening", "location")
    search_fields = ("external_id",)
    filter_horizontal = ("staff",)
    inlines = [GroupSessionInline]


@admin.register(GroupSession)
class GroupSessionAdmin(ScopedAdmin):
    list_display = ("group", "date")
    list_filter = ("group__program",)
    date_hierarchy = "date"
    raw_id_fields = ("group",)


@admin.register(Enrolment)
class EnrolmentAdmin(ScopedAdmin):
    list_display = ("person", "group", "enrolled_on", "left_on")
    list_filter = ("group__program",)
    search_fields = ("person__family_name", "external_id")
    raw_id_fields = ("person", "group")


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ("session", "person", "present")
    list_filter = ("present",)
    search_fields = ("person__family_name",)
    raw_id_fields = ("session", "person")
