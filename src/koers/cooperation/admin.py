from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from koers.cooperation.models import OUTREACH_KINDS, Activity, Partner
from koers.core.admin import ScopedAdmin


@admin.register(Partner)
class PartnerAdmin(ScopedAdmin):
    list_display = ("name", "kind", "contact_person", "phone", "location", "external_id")
    list_filter = ("kind", "location")
    search_fields = ("name", "contact_person", "external_id")


class ActivityAdminForm(forms.ModelForm):
    """The rules of ``services.activity_create`` for the back office: one branch, an
    audience only for outreach."""

    class Meta:
        model = Activity
        fields = ("location", "date", "kind", "title", "partners", "staff", "people_reached")

    def clean(self):
        data = super().clean()
        location = data.get("location")
        if data.get("people_reached") is not None and data.get("kind") not in OUTREACH_KINDS:
            self.add_error(
                "people_reached",
                _("Alleen bij een voorlichting of publieksactiviteit."),
            )
        for name in ("partners", "staff"):
            others = [
                str(r)
                for r in data.get(name) or ()
                if r.location_id != getattr(location, "pk", None)
            ]
            if location is not None and others:
                self.add_error(
                    name,
                    _("Van een andere afdeling: %(names)s.") % {"names": ", ".join(others)},
                )
        return data


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    form = ActivityAdminForm
    list_display = ("date", "kind", "title", "people_reached", "location", "external_id")
    list_filter = ("kind", "location")
    search_fields = ("title", "external_id")
    date_hierarchy = "date"
    filter_horizontal = ("partners", "staff")
