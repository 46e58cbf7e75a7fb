from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from koers.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("role", "location", "region", "started_on", "ended_on")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "location", "region", "started_on", "ended_on")
    list_filter = ("role", "location", "region")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
