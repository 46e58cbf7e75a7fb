from django.contrib import admin

from koers.coaching.models import (
    BudgetLine,
    Referral,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Signal,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
)
from koers.core.admin import ScopedAdmin


@admin.register(Trajectory)
class TrajectoryAdmin(ScopedAdmin):
    list_display = ("person", "kind", "coach", "started_on", "ended_on", "end_reason")
    list_filter = ("kind", "end_reason", "person__location")
    search_fields = ("person__family_name", "person__given_name", "external_id")
    raw_id_fields = ("person", "coach")
    date_hierarchy = "started_on"


@admin.register(TrajectoryPlan)
class TrajectoryPlanAdmin(ScopedAdmin):
    list_display = ("trajectory", "agreed_on", "version")
    raw_id_fields = ("trajectory",)


@admin.register(TrajectoryEvaluation)
class TrajectoryEvaluationAdmin(ScopedAdmin):
    list_display = ("trajectory", "held_on")
    raw_id_fields = ("trajectory",)
    date_hierarchy = "held_on"


class SelfRelianceScoreInline(admin.TabularInline):
    model = SelfRelianceScore
    extra = 0


@admin.register(SelfRelianceMeasurement)
class SelfRelianceMeasurementAdmin(ScopedAdmin):
    list_display = ("trajectory", "moment", "measured_on")
    list_filter = ("moment",)
    raw_id_fields = ("trajectory",)
    inlines = [SelfRelianceScoreInline]


@admin.register(Referral)
class ReferralAdmin(ScopedAdmin):
    list_display = ("person", "partner", "partner_detail", "referred_on", "outcome")
    list_filter = ("partner", "outcome", "warm_handover", "person__location")
    search_fields = ("person__family_name", "partner_detail", "external_id")
    raw_id_fields = ("person", "trajectory")
    date_hierarchy = "referred_on"


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedAdmin):
    list_display = ("household", "kind", "description", "amount")
    list_filter = ("kind",)
    raw_id_fields = ("household",)


@admin.register(Signal)
class SignalAdmin(ScopedAdmin):
    list_display = ("topic", "location", "noticed_on", "reported_on")
    list_filter = ("topic", "location")
    date_hierarchy = "noticed_on"
