from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from koers.cooperation.models import OUTREACH_KINDS, Activity, Partner
from koers.cooperation.services import SETS, ordered_ids
from koers.core.admin import ScopedAdmin, VersionedAdminForm
from koers.core.changes import change_entry
from koers.core.models import ChangeLogEntry, Location


class BranchAdmin(ScopedAdmin):
    """A branch's record: its branch chosen among those the user may write to."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            kwargs["queryset"] = Location.objects.for_user(request.user, write=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Partner)
class PartnerAdmin(BranchAdmin):
    list_display = ("name", "kind", "contact_person", "phone", "location", "external_id")
    list_filter = ("kind", "location")
    search_fields = ("name", "contact_person", "external_id")


class ActivityAdminForm(VersionedAdminForm):
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
class ActivityAdmin(BranchAdmin):
    form = ActivityAdminForm
    list_display = ("date", "kind", "title", "people_reached", "location", "external_id")
    list_filter = ("kind", "location")
    search_fields = ("title", "external_id")
    date_hierarchy = "date"
    filter_horizontal = ("partners", "staff")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Partners and staff to choose: those the user reaches, as everywhere else."""
        kwargs["queryset"] = db_field.related_model.objects.for_user(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Changed partners or staff are a change too: one change-log row, as the services
        write it (the fields' row comes from ``ScopedAdmin.save_model``)."""
        activity = form.instance
        before = {name: ordered_ids(activity, name) for name in SETS} if change else {}
        super().save_related(request, form, formsets, change)
        after = {name: ordered_ids(activity, name) for name in SETS}
        changes = {
            name: [before.get(name, []), ids]
            for name, ids in after.items()
            if set(ids) != set(before.get(name, []))
        }
        if changes:
            change_entry(
                activity, ChangeLogEntry.Action.UPDATE, by=request.user, source="admin",
                changes=changes,
            ).save()  # fmt: skip
