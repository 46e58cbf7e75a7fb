from django.contrib import admin

from koers.core.admin import ScopedAdmin
from koers.legal.models import Dossier, DossierStep


class DossierStepInline(admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = ("step", "done_on", "due_on", "note")


@admin.register(Dossier)
class DossierAdmin(ScopedAdmin):
    list_display = ("person", "kind", "opened_on", "closed_on", "outcome")
    list_filter = ("kind", "outcome", "guardianship", "person__location")
    search_fields = ("person__family_name", "external_id")
    raw_id_fields = ("person",)
    date_hierarchy = "opened_on"
    inlines = [DossierStepInline]


@admin.register(DossierStep)
class DossierStepAdmin(ScopedAdmin):
    list_display = ("dossier", "step", "done_on", "due_on")
    list_filter = ("step",)
    search_fields = ("dossier__external_id", "external_id")
    raw_id_fields = ("dossier",)
