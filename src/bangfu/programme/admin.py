"""Django admin for the programme, in Chinese by default (labels are translated).

Models with money or a status keep their change history (django-simple-history's "History" button). A cadre's
phone and ID number are personal data: never listed, and not shown on the cadre's page.

Adding a programme, a unit, a cadre, a household plan, a measure or an evaluation goes through its service
(``AddThroughServiceMixin``); changing a plan or an evaluation too (``ChangeThroughServiceMixin``: the
"set" services, the plan's household and year and the evaluation's programme and year read-only). Measures
(no service changes one) and visits (recorded on the household's page) are read-only here; a programme, a
unit or a cadre is changed with the model's validation, which is all their services check. Pairings and postings, whose periods the services guard, are saved through the
services on adding and changing alike: the form shows the
service's refusal (``pairing_check``, ``cadre_assignment_check``) and the page stores the record with
``pairing_save`` / ``cadre_assignment_save``, which check again under the services" locks.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bangfu.core.admin import (
    AddOnlyThroughServiceMixin,
    AddThroughServiceMixin,
    ChangeThroughServiceMixin,
    ReadOnlyInlineMixin,
    RecordOnlyAdminMixin,
)
from bangfu.core.errors import ApplicationError
from bangfu.programme import services
from bangfu.programme.models import (
    AssistingUnit,
    Cadre,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Measure,
    Pairing,
    Programme,
    Visit,
)


@admin.register(Programme)
class ProgrammeAdmin(AddThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["name", "donor_city", "recipient_city", "recipient_division", "start_year", "end_year"]
    list_display = ["name", "donor_city", "recipient_city", "recipient_division", "start_year", "end_year"]
    search_fields = ["name", "donor_city", "recipient_city"]
    raw_id_fields = ["recipient_division"]

    def add_through_service(self, request, data: dict) -> Programme:
        return services.programme_create(**data)


@admin.register(AssistingUnit)
class AssistingUnitAdmin(AddThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["name", "kind", "district", "parent", "uscc"]
    list_display = ["name", "kind", "district", "parent", "uscc"]
    list_filter = ["kind", "district"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["parent"]

    def add_through_service(self, request, data: dict) -> AssistingUnit:
        return services.assisting_unit_create(**data)


class ServiceCheckedForm(forms.ModelForm):
    """A form whose record is checked by its service's rules (``check``, called with the unsaved record) once
    its fields are valid: the service's refusal is the form's error, and nothing is stored."""

    check = None  # set by each form: the service's check, called as check(record)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        record = self.instance  # ModelForm puts the cleaned values on it only after clean(): set them here
        for name, value in cleaned.items():
            setattr(record, name, value)
        try:
            self.check(record)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
        return cleaned


class PairingForm(ServiceCheckedForm):
    """No two pairings of the same unit and village in overlapping periods (``services.pairing_check``)."""

    class Meta:
        model = Pairing
        fields = ["programme", "unit", "village", "start_date", "end_date"]

    @staticmethod
    def check(pairing: Pairing) -> None:
        services.pairing_check(pairing=pairing)


@admin.register(Pairing)
class PairingAdmin(SimpleHistoryAdmin):
    form = PairingForm
    list_display = ["unit", "village", "programme", "start_date", "end_date"]
    list_filter = ["programme", "start_date"]
    search_fields = ["unit__name", "village__division__name", "village__division__code"]
    raw_id_fields = ["unit", "village"]

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user  # as SimpleHistoryAdmin.save_model does
        services.pairing_save(pairing=obj)


class CadreAssignmentForm(ServiceCheckedForm):
    """Postings are checked by the service's rules before the admin saves one (no overlapping posts; one
    first-secretary posting per cadre at a time): the admin cannot store what the service refuses."""

    class Meta:
        model = CadreAssignment
        fields = ["cadre", "role", "unit", "programme", "start_date", "end_date", "village", "household",
                  "division"]  # fmt: skip

    @staticmethod
    def check(assignment: CadreAssignment) -> None:
        services.cadre_assignment_check(assignment=assignment)


class CadreAssignmentInline(admin.TabularInline):
    """Read-only list of a cadre's postings: several rows saved at once would not be checked against each
    other, so postings are added and changed on their own page (checked by the service's rules)."""

    model = CadreAssignment
    extra = 0
    fields = ["role", "programme", "unit", "start_date", "end_date", "village", "household", "division"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Cadre)
class CadreAdmin(AddThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["name", "unit", "code", "gender"]
    list_display = ["name", "code", "unit", "gender"]
    list_filter = ["gender", "unit__kind"]
    search_fields = ["name", "code", "unit__name"]
    raw_id_fields = ["unit"]
    # Phone and ID number are personal data: not shown until masking and access logging cover this page.
    exclude = ["phone", "id_number"]
    inlines = [CadreAssignmentInline]

    def add_through_service(self, request, data: dict) -> Cadre:
        return services.cadre_create(**data)


@admin.register(CadreAssignment)
class CadreAssignmentAdmin(SimpleHistoryAdmin):
    form = CadreAssignmentForm
    list_display = ["cadre", "role", "unit", "place", "start_date", "end_date", "programme"]
    list_filter = ["role", "programme", "start_date"]
    search_fields = ["cadre__name", "unit__name", "village__division__name", "household__code"]
    raw_id_fields = ["cadre", "unit", "village", "household", "division"]

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user  # as SimpleHistoryAdmin.save_model does
        services.cadre_assignment_save(assignment=obj)


@admin.register(Visit)
class VisitAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    """Visits are recorded on the household's page (``visit_record``: the actor's role and area, who recorded
    it): shown here, never added or changed."""

    list_display = ["household", "cadre", "date", "recorded_by"]
    list_filter = ["date"]
    search_fields = ["household__code", "cadre__name", "findings", "recorded_by__username"]
    date_hierarchy = "date"
    raw_id_fields = ["household", "cadre"]
    readonly_fields = ["recorded_by"]


class MeasureInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The plan's measures, read-only: each is added on its own page through ``measure_create``."""

    model = Measure
    fields = ["category", "description", "status", "start_date", "end_date", "amount", "project"]
    readonly_fields = fields


@admin.register(HouseholdPlan)
class HouseholdPlanAdmin(AddThroughServiceMixin, ChangeThroughServiceMixin, admin.ModelAdmin):
    add_fields = ["household", "year", "summary"]
    list_display = ["household", "year", "summary"]
    list_filter = ["year"]
    search_fields = ["household__code", "summary"]
    raw_id_fields = ["household"]
    inlines = [MeasureInline]

    change_key_fields = ["household", "year"]

    def add_through_service(self, request, data: dict) -> HouseholdPlan:
        return services.household_plan_set(**data)

    def change_through_service(self, request, record: HouseholdPlan, data: dict) -> HouseholdPlan:
        return services.household_plan_set(
            household=record.household, year=record.year, summary=data["summary"]
        )


@admin.register(Measure)
class MeasureAdmin(AddOnlyThroughServiceMixin, SimpleHistoryAdmin):
    """Added through ``measure_create`` (its period checked); no service changes a measure, so it is shown,
    never changed or deleted here."""

    add_fields = ["plan", "category", "description", "status", "start_date", "end_date", "amount", "project"]
    list_display = ["plan", "category", "status", "start_date", "end_date", "amount", "project"]
    list_filter = ["category", "status", "plan__year"]
    search_fields = ["plan__household__code", "description", "project__code"]
    raw_id_fields = ["plan", "project"]

    def add_through_service(self, request, data: dict) -> Measure:
        return services.measure_create(**data)


@admin.register(Evaluation)
class EvaluationAdmin(AddThroughServiceMixin, ChangeThroughServiceMixin, SimpleHistoryAdmin):
    add_fields = ["programme", "year", "grade", "evaluator", "notes"]
    list_display = ["programme", "year", "grade", "evaluator"]
    list_filter = ["programme", "grade", "year"]
    search_fields = ["programme__name", "evaluator"]

    change_key_fields = ["programme", "year"]

    def add_through_service(self, request, data: dict) -> Evaluation:
        return services.evaluation_set(**data)

    def change_through_service(self, request, record: Evaluation, data: dict) -> Evaluation:
        return services.evaluation_set(programme=record.programme, year=record.year, grade=data["grade"],
                                       evaluator=data["evaluator"], notes=data["notes"])  # fmt: skip
