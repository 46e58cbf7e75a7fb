"""Users and roles in the admin; the security records (2FA, failed attempts, logins) read-only.

The admin has no login form of its own: it sends to the two-step login of Koers.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.accounts.models import (
    LoginAttempt,
    LoginEvent,
    Membership,
    RecoveryCode,
    TOTPDevice,
    User,
)
from koers.accounts.services import user_sessions_end
from koers.core.access import PUBLIC, view_scope
from koers.core.admin import ReadOnlyLogAdmin


@view_scope(PUBLIC)
def admin_login(request, extra_context=None):
    """Where the admin sends for a login: the two-step login, never a password-only form."""
    if request.user.is_authenticated:
        raise Http404  # logged in, without access to the admin
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = admin_login  # type: ignore[method-assign]  # the two-step login, only


def _own(request, obj) -> bool:
    """Whether ``obj`` is the user's own account or one of their own roles."""
    if obj is None:
        return False
    return getattr(obj, "user_id", getattr(obj, "pk", None)) == request.user.pk


class NotOwnRolesMixin:
    """Nobody changes their own roles, not even here (docs/security.md)."""

    def has_add_permission(self, request, *args):
        parent = args[0] if args else None  # an inline is asked with the user it is on
        return not _own(request, parent) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not _own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _own(request, obj) and super().has_delete_permission(request, obj)


class MembershipInline(NotOwnRolesMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("role", "location", "region", "started_on", "ended_on")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")

    def get_readonly_fields(self, request, obj=None):
        """One's own powers are not one's own to change."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            return (*fields, "is_active", "is_staff", "is_superuser", "groups", "user_permissions")
        return fields

    def save_model(self, request, obj, form, change):
        """Switching a user off here ends their sessions, as the service does."""
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_sessions_end(user=obj, by=request.user)


@admin.register(Membership)
class MembershipAdmin(NotOwnRolesMixin, admin.ModelAdmin):
    list_display = ("user", "role", "location", "region", "started_on", "ended_on")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class NotToOneself(form):
            def clean(self):
                data = super().clean()
                if data.get("user") == request.user:
                    raise ValidationError(_("Uw eigen rollen kunt u niet wijzigen."))
                return data

        return NotToOneself

    list_filter = ("role", "location", "region")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyLogAdmin):
    list_display = ("user", "created_at", "confirmed_at", "last_used_at")
    fields = ("user", "created_at", "confirmed_at", "last_used_at")  # never the secret
    search_fields = ("user__username",)
    list_select_related = ("user",)


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(ReadOnlyLogAdmin):
    list_display = ("user", "created_at", "used_at")
    fields = ("user", "created_at", "used_at")  # never the hash
    search_fields = ("user__username",)
    list_select_related = ("user",)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyLogAdmin):
    list_display = ("at", "username", "address")
    search_fields = ("username", "address")
    date_hierarchy = "at"


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyLogAdmin):
    list_display = ("at", "user", "address", "method", "user_agent")
    list_filter = ("method",)
    search_fields = ("user__username", "address")
    date_hierarchy = "at"
    list_select_related = ("user",)
