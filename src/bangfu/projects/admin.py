"""Django admin for projects and funds, in Chinese by default (labels are translated).

Projects, fund flows, outputs and investment projects keep their change history. A project's status is
changed through ``services.project_status_change`` (which logs the dated change), so it is read-only on the
project's page; status changes and fund flows are added on their own pages through their services (the step
rule; spent ≤ disbursed ≤ allocated), never changed or deleted. Adding any other record goes through its
service too (``AddThroughServiceMixin``); changing an output is ``project_output_set`` (its project and kind
read-only); beneficiaries are added, never changed; outputs and investment projects are read-only in the
project's and park's inlines (each is written on its own page, through its service).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bangfu.core.admin import (
    AddOnlyThroughServiceMixin,
    AddThroughServiceMixin,
    ChangeThroughServiceMixin,
    ReadOnlyInlineMixin,
)
from bangfu.projects import services
from bangfu.projects.models import (
    FundFlow,
    IndustrialPark,
    InvestmentProject,
    Project,
    ProjectBeneficiary,
    ProjectOutput,
    ProjectStatusChange,
)


class ProjectStatusChangeInline(admin.TabularInline):
    model = ProjectStatusChange
    extra = 0
    fields = ["date", "from_status", "to_status", "reason", "user"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProjectOutputInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The project's outputs, read-only: recorded on their own page through ``project_output_set``."""

    model = ProjectOutput
    fields = ["kind", "quantity", "description"]
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(AddThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = [
        "programme",
        "code",
        "name",
        "category",
        "budget",
        "start_year",
        "village",
        "division",
        "population_served",
        "end_year",
    ]
    list_display = [
        "code",
        "name",
        "category",
        "status",
        "village",
        "division",
        "budget",
        "population_served",
        "start_year",
        "programme",
    ]
    list_filter = ["category", "status", "programme", "start_year"]
    search_fields = ["code", "name", "village__division__name", "division__name"]
    raw_id_fields = ["village", "division"]
    readonly_fields = ["status"]
    inlines = [ProjectOutputInline, ProjectStatusChangeInline]

    def add_through_service(self, request, data: dict) -> Project:
        return services.project_create(user=request.user, **data)  # its first status is logged


@admin.register(ProjectStatusChange)
class ProjectStatusChangeAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    """A status change is added through ``services.project_status_change`` (the step rule, the date order, the
    project's status moved with it) and never changed or deleted."""

    add_fields = ["project", "to_status", "date", "reason"]
    list_display = ["project", "from_status", "to_status", "date", "reason", "user"]
    list_filter = ["to_status", "date"]
    search_fields = ["project__code", "project__name", "reason"]
    date_hierarchy = "date"
    fields = ["project", "from_status", "to_status", "date", "reason", "user", "recorded_at"]
    readonly_fields = fields

    def add_through_service(self, request, data: dict) -> ProjectStatusChange:
        return services.project_status_change(user=request.user, **data)


@admin.register(ProjectOutput)
class ProjectOutputAdmin(AddThroughServiceMixin, ChangeThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = ["project", "kind", "quantity", "description"]
    list_display = ["project", "kind", "quantity", "description"]
    list_filter = ["kind"]
    search_fields = ["project__code", "project__name"]
    raw_id_fields = ["project"]

    change_key_fields = ["project", "kind"]

    def add_through_service(self, request, data: dict) -> ProjectOutput:
        return services.project_output_set(**data)

    def change_through_service(self, request, record: ProjectOutput, data: dict) -> ProjectOutput:
        return services.project_output_set(project=record.project, kind=record.kind, quantity=data["quantity"],
                                           description=data["description"])  # fmt: skip


@admin.register(ProjectBeneficiary)
class ProjectBeneficiaryAdmin(AddOnlyThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["project", "household", "description"]
    list_display = ["project", "household", "description"]
    search_fields = ["project__code", "household__code"]
    raw_id_fields = ["project", "household"]

    def add_through_service(self, request, data: dict) -> ProjectBeneficiary:
        return services.project_beneficiary_add(**data)


@admin.register(FundFlow)
class FundFlowAdmin(AddOnlyThroughServiceMixin, SimpleHistoryAdmin):
    """Fund flows are added through ``services.fund_flow_record`` (spent ≤ disbursed ≤ allocated, per project
    and per programme-year), never changed or deleted."""

    add_fields = [
        "programme",
        "project",
        "kind",
        "source",
        "category",
        "year",
        "date",
        "amount",
        "reference",
        "notes",
    ]

    list_display = [
        "programme",
        "year",
        "date",
        "kind",
        "source",
        "category",
        "project",
        "amount",
        "reference",
    ]
    list_filter = ["kind", "source", "category", "year", "programme"]
    search_fields = ["project__code", "reference", "notes"]
    date_hierarchy = "date"
    raw_id_fields = ["project"]

    def add_through_service(self, request, data: dict) -> FundFlow:
        return services.fund_flow_record(**data)


class InvestmentProjectInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The park's investment projects, read-only: added on their own page through their service."""

    model = InvestmentProject
    readonly_fields = ["name", "investor", "investor_origin_city", "amount", "status", "signed_date"]
    fields = ["name", "investor", "investor_origin_city", "amount", "status", "signed_date"]


@admin.register(IndustrialPark)
class IndustrialParkAdmin(AddThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["programme", "name", "division"]
    list_display = ["name", "division", "programme"]
    list_filter = ["programme"]
    search_fields = ["name"]
    raw_id_fields = ["division"]
    inlines = [InvestmentProjectInline]

    def add_through_service(self, request, data: dict) -> IndustrialPark:
        return services.industrial_park_create(**data)


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(AddThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = [
        "park",
        "name",
        "investor",
        "amount",
        "signed_date",
        "investor_origin_city",
        "sector",
        "status",
        "started_date",
        "producing_date",
    ]
    list_display = [
        "name",
        "park",
        "investor",
        "investor_origin_city",
        "amount",
        "sector",
        "status",
        "signed_date",
        "started_date",
        "producing_date",
    ]
    list_filter = ["status", "park", "investor_origin_city", "sector"]
    search_fields = ["name", "investor"]
    date_hierarchy = "signed_date"

    def add_through_service(self, request, data: dict) -> InvestmentProject:
        return services.investment_project_create(**data)
