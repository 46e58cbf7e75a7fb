"""The administrator's back office: every record, in Dutch, scoped like everything else."""

from django.contrib import admin
from django.db.models import F
from django.utils import timezone

from koers.core.changes import change_entry, diff, snapshot
from koers.core.models import AccessLogEntry, ChangeLogEntry, Location


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose lists and forms show only what the user's roles reach."""

    readonly_fields = ("external_id", "uid", "version", "created_at", "updated_at")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ("uid", "version", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        """Back-office edits are changes like any other: versioned and in the change log."""
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        if change:
            obj.version = F("version") + 1
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])
        changes = diff(before, snapshot(obj))
        if changes:
            action = ChangeLogEntry.Action.UPDATE if change else ChangeLogEntry.Action.CREATE
            change_entry(obj, action, by=request.user, source="admin", changes=changes).save()

    def delete_model(self, request, obj):
        change_entry(
            obj,
            ChangeLogEntry.Action.DELETE,
            by=request.user,
            source="admin",
            changes=diff(snapshot(obj), {}),
        ).save()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


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
