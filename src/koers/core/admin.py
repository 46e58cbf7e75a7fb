"""The administrator's back office: every record, in Dutch, scoped like everything else.

Its saves are writes like any other: through :mod:`koers.core.services` (locked,
versioned, in the change log with source ``admin``), and a save over someone else's
change since the form was opened is refused.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from koers.core import writes
from koers.core.models import AccessLogEntry, ChangeLogEntry, Location
from koers.core.services import ConflictError, record_delete, record_insert, record_update

CONFLICT = _(
    "Iemand anders heeft dit record gewijzigd sinds u het opende; uw wijziging is niet "
    "opgeslagen. Laad het record opnieuw en breng uw wijziging dan opnieuw aan."
)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor opened, so that a stale save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("expected_version", self.instance.version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            self.instance.pk is not None
            and cleaned.get("expected_version") != self.instance.version
        ):
            raise forms.ValidationError(CONFLICT, code="conflict")
        return cleaned


def edited_fields(obj: models.Model, form: forms.ModelForm) -> dict[str, Any]:
    """The model fields the form filled in, with the values the form gave them."""
    return {
        field.name: getattr(obj, field.name)
        for field in obj._meta.concrete_fields
        if field.name in form.cleaned_data
    }


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose lists and forms show only what the user's roles reach."""

    form = VersionedAdminForm
    readonly_fields = ("external_id", "uid", "version", "created_at", "updated_at")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_search_fields(self, request):
        """Never a client's name: the admin's search travels in the URL (``?q=``), so the
        back office finds records about a client by their ids (docs/privacy.md)."""
        return [field for field in super().get_search_fields(request) if "person__" not in field]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ("uid", "version", "created_at", "updated_at")

    def get_fieldsets(self, request, obj=None):
        """The admin's own fieldsets, with the hidden version wherever they leave it out."""
        fieldsets = list(super().get_fieldsets(request, obj))
        named = admin.utils.flatten_fieldsets(fieldsets)
        if obj is not None and "expected_version" not in named:
            fieldsets.append((None, {"fields": ["expected_version"]}))
        return fieldsets

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConflictError:  # saved by someone else between the form's check and the save
            self.message_user(request, CONFLICT, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """A back-office save is a write like any other: locked, versioned, in the change log."""
        if not change:
            record_insert(obj, by=request.user, source="admin")
            return
        fresh = record_update(
            obj,
            by=request.user,
            expected_version=form.cleaned_data["expected_version"],
            source="admin",
            **edited_fields(obj, form),
        )
        obj.version = fresh.version
        obj.updated_at = fresh.updated_at

    def save_related(self, request, form, formsets, change):
        """The inlines' rows and the many-to-many links (a contact's topics, a staff member's
        roles, an activity's partners) belong to the record and count where it does: the
        record's figures are stale (:mod:`koers.core.writes`)."""
        with writes.changing(type(form.instance), [form.instance.pk]):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        record_delete(obj, by=request.user, source="admin")

    @transaction.atomic
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
