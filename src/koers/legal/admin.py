from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.legal.models import Dossier, DossierStep, FamilyMember


class DossierStepInline(admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = ("step", "done_on", "outcome", "due_on", "note")


class FamilyMemberInline(admin.TabularInline):
    model = FamilyMember
    extra = 0
    fields = (
        "given_name",
        "family_name",
        "relationship",
        "birth_date",
        "whereabouts",
        "arrived_on",
        "person",
    )
    raw_id_fields = ("person",)


@admin.register(Dossier)
class DossierAdmin(ScopedAdmin):
    list_display = ("person", "kind", "opened_on", "closed_on", "outcome")
    list_filter = ("kind", "outcome", "guardianship", "person__location")
    search_fields = ("person__family_name", "external_id")
    raw_id_fields = ("person",)
    date_hierarchy = "opened_on"
    inlines = [DossierStepInline, FamilyMemberInline]


@admin.register(DossierStep)
class DossierStepAdmin(ScopedAdmin):
    list_display = ("dossier", "step", "done_on", "outcome", "due_on")
    list_filter = ("step", "outcome")
    search_fields = ("dossier__external_id", "external_id")
    raw_id_fields = ("dossier",)
