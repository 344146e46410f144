"""Django admin for employment and consumption assistance; records with money keep their change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bangfu.markets.models import (
    BenefitLink,
    JobFair,
    Placement,
    Producer,
    Product,
    Sale,
    Subsidy,
    Trainee,
    TrainingCourse,
)


@admin.register(TrainingCourse)
class TrainingCourseAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "brand", "division", "start_date", "end_date", "funding"]
    list_filter = ["brand"]
    search_fields = ["code", "name", "provider"]
    raw_id_fields = ["division"]


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["course", "member", "completed", "certificate_number"]
    list_filter = ["completed"]
    raw_id_fields = ["course", "member"]


@admin.register(JobFair)
class JobFairAdmin(admin.ModelAdmin):
    list_display = ["name", "brand", "date", "division", "employers", "posts", "attendance"]
    list_filter = ["brand"]
    raw_id_fields = ["division"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["member", "employer", "destination", "job_kind", "start_date", "end_date", "monthly_wage"]
    list_filter = ["destination", "job_kind"]
    raw_id_fields = ["member"]


@admin.register(Subsidy)
class SubsidyAdmin(SimpleHistoryAdmin):
    list_display = ["member", "kind", "amount", "date"]
    list_filter = ["kind"]
    raw_id_fields = ["member"]


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "village"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["village"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["certificate_number", "name", "category", "producer", "certified_date", "valid_until"]
    list_filter = ["category"]
    search_fields = ["certificate_number", "name"]
    raw_id_fields = ["producer"]


@admin.register(Sale)
class SaleAdmin(SimpleHistoryAdmin):
    list_display = ["product", "channel", "buyer_type", "amount", "date"]
    list_filter = ["channel", "buyer_type"]
    raw_id_fields = ["product"]


@admin.register(BenefitLink)
class BenefitLinkAdmin(admin.ModelAdmin):
    list_display = ["household", "producer", "mechanism", "start_year"]
    list_filter = ["mechanism"]
    raw_id_fields = ["household", "producer"]
