from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


class StaffLanguageInline(admin.TabularInline):
    model = StaffLanguage
    extra = 0


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0
    fields = ("course", "completed_on")


@admin.register(StaffMember)
class StaffMemberAdmin(ScopedAdmin):
    list_display = ("family_name", "given_name", "kind", "started_on", "ended_on", "location")
    list_filter = ("location", "kind", "roles__role", "end_reason")
    search_fields = ("family_name", "given_name", "external_id")
    inlines = [StaffRoleInline, StaffLanguageInline, TrainingInline]
    raw_id_fields = ("user",)


@admin.register(Training)
class TrainingAdmin(ScopedAdmin):
    list_display = ("staff", "course", "completed_on")
    list_filter = ("course", "staff__location")
    search_fields = ("staff__family_name", "course")
    raw_id_fields = ("staff",)
