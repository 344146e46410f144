"""Django admin for employment and consumption assistance; records with money keep their change history.

Adding any record goes through its service (``AddOnlyThroughServiceMixin``), with the service's checks; a member
is named by the admin's choice and passed to the service by ID number, within the admin's scope (everything).
No service changes these records (the scope, the member, the certificate's dates, the amounts are checked
when they are recorded), so they are shown, never changed or deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bangfu.accounts.scope import scope_for
from bangfu.core.admin import AddOnlyThroughServiceMixin
from bangfu.markets import services
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
class TrainingCourseAdmin(AddOnlyThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = [
        "code",
        "name",
        "brand",
        "division",
        "start_date",
        "end_date",
        "skill",
        "provider",
        "place",
        "funding",
        "funding_source",
    ]
    list_display = ["code", "name", "brand", "division", "start_date", "end_date", "funding"]
    list_filter = ["brand"]
    search_fields = ["code", "name", "provider"]
    raw_id_fields = ["division"]

    def add_through_service(self, request, data: dict) -> TrainingCourse:
        return services.training_course_create(**data)


@admin.register(Trainee)
class TraineeAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["course", "member", "completed", "certificate_number"]
    list_display = ["course", "member", "completed", "certificate_number"]
    list_filter = ["completed"]
    raw_id_fields = ["course", "member"]

    def add_through_service(self, request, data: dict) -> Trainee:
        return services.trainee_enrol(
            scope=scope_for(request.user), id_number=data.pop("member").id_number, **data
        )


@admin.register(JobFair)
class JobFairAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["name", "brand", "date", "division", "place", "employers", "posts", "attendance"]
    list_display = ["name", "brand", "date", "division", "employers", "posts", "attendance"]
    list_filter = ["brand"]
    raw_id_fields = ["division"]

    def add_through_service(self, request, data: dict) -> JobFair:
        return services.job_fair_record(**data)


@admin.register(Placement)
class PlacementAdmin(AddOnlyThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = ["member", "employer", "destination", "job_kind", "start_date", "end_date", "monthly_wage"]
    list_display = ["member", "employer", "destination", "job_kind", "start_date", "end_date", "monthly_wage"]
    list_filter = ["destination", "job_kind"]
    raw_id_fields = ["member"]

    def add_through_service(self, request, data: dict) -> Placement:
        return services.placement_record(
            scope=scope_for(request.user), id_number=data.pop("member").id_number, **data
        )


@admin.register(Subsidy)
class SubsidyAdmin(AddOnlyThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = ["member", "kind", "amount", "date"]
    list_display = ["member", "kind", "amount", "date"]
    list_filter = ["kind"]
    raw_id_fields = ["member"]

    def add_through_service(self, request, data: dict) -> Subsidy:
        return services.subsidy_pay(
            scope=scope_for(request.user), id_number=data.pop("member").id_number, **data
        )


@admin.register(Producer)
class ProducerAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["code", "name", "kind", "village"]
    list_display = ["code", "name", "kind", "village"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["village"]

    def add_through_service(self, request, data: dict) -> Producer:
        return services.producer_create(**data)


@admin.register(Product)
class ProductAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["producer", "name", "category", "certificate_number", "certified_date", "valid_until"]
    list_display = ["certificate_number", "name", "category", "producer", "certified_date", "valid_until"]
    list_filter = ["category"]
    search_fields = ["certificate_number", "name"]
    raw_id_fields = ["producer"]

    def add_through_service(self, request, data: dict) -> Product:
        return services.product_certify(**data)


@admin.register(Sale)
class SaleAdmin(AddOnlyThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = ["product", "channel", "buyer_type", "amount", "date", "buyer"]
    list_display = ["product", "channel", "buyer_type", "amount", "date"]
    list_filter = ["channel", "buyer_type"]
    raw_id_fields = ["product"]

    def add_through_service(self, request, data: dict) -> Sale:
        return services.sale_record(**data)


@admin.register(BenefitLink)
class BenefitLinkAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["household", "producer", "mechanism", "start_year"]
    list_display = ["household", "producer", "mechanism", "start_year"]
    list_filter = ["mechanism"]
    raw_id_fields = ["household", "producer"]

    def add_through_service(self, request, data: dict) -> BenefitLink:
        return services.benefit_link_add(**data)
