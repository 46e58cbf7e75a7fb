from django.contrib import admin

from koers.contacts.models import Contact, ContactTopic
from koers.core.admin import ScopedAdmin


class ContactTopicInline(admin.TabularInline):
    model = ContactTopic
    extra = 0


@admin.register(Contact)
class ContactAdmin(ScopedAdmin):
    list_display = ("date", "kind", "person", "visitor_ref", "venue", "location")
    list_filter = ("kind", "location", "topics__topic")
    search_fields = ("person__family_name", "visitor_ref", "venue", "external_id")
    raw_id_fields = ("person", "trajectory", "staff")
    date_hierarchy = "date"
    inlines = [ContactTopicInline]
