"""The administrator's back office: every record, in Dutch, scoped like everything else."""

from django.contrib import admin

from koers.core.models import AccessLogEntry, ChangeLogEntry, Location


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose lists and forms show only what the user's roles reach."""

    readonly_fields = ("external_id", "uid", "version", "created_at", "updated_at")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ("uid", "version", "created_at", "updated_at")


@admin.register(Location)
class LocationAdmin(ScopedAdmin):
    list_display = ("name", "municipality", "region", "external_id")
    search_fields = ("name", "municipality", "external_id")
    list_filter = ("region",)


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """Logs are written by Koers only; in the back office they can be read, not edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(ReadOnlyLogAdmin):
    list_display = ("at", "user", "source", "action", "content_type", "external_id")
    list_filter = ("action", "source", "content_type")
    search_fields = ("external_id",)
    date_hierarchy = "at"


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyLogAdmin):
    list_display = ("at", "username", "action", "what", "person")
    list_filter = ("action",)
    search_fields = ("username", "what")
    date_hierarchy = "at"
