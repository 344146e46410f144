"""The table of actions: an action, the dotted path of its one service, its doors (``doors.py``). Add a row
with each new action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from bangfu.programme import services as programme_services
from bangfu.projects import services as project_services
from tests.architecture.background_doors import (
    assess_command,
    export_command,
    export_page,
    import_command,
    rerun_admin,
    rerun_page,
    run_start_page,
    upload_check_page,
)
from tests.architecture.doors import (
    World,
    a_course,
    a_park,
    a_plan,
    a_producer,
    a_product,
    a_project,
    a_village_division,
    admin_add,
    admin_change,
    head_of,
    markets_page,
    measure_page,
    pairing_admin,
    posting_admin,
    posting_admin_change,
    programme_import_command,
    token_admin_revoke,
    token_command_create,
    token_command_revoke,
    token_page_create,
    token_page_revoke,
    unmask_page,
    visit_page,
)
from tests.architecture.monitoring_doors import MONITORING


@dataclass(frozen=True)
class Action:
    name: str
    service: str  # dotted path of the one service function
    doors: tuple[Callable[[World], None], ...]


#: The markets page's forms: a refusal by the service (no such course or product here) answers 400 with the form.
COURSE = {
    "code": "T1",
    "name": "厨师班",
    "brand": "粤菜师傅",
    "division": "441521101201",
    "start_date": "2018-03-01",
}
TRAINEE = {"course": "T1", "id_number": "441521197005010011"}
PLACEMENT = {"id_number": "441521197005010011", "employer": "深圳某酒楼", "destination": "深圳",
             "job_kind": "市场就业", "start_date": "2018-05-01"}  # fmt: skip
SALE = {"product": "GD-1", "channel": "网店", "buyer_type": "个人", "amount": "10", "date": "2020-01-01"}

ACTIONS = (
    Action("unmask personal data", "bangfu.registry.services.personal_data_unmask", (unmask_page,)),
    Action("record a visit", "bangfu.programme.services.visit_record", (visit_page,)),
    Action("add an assistance measure", "bangfu.programme.services.household_measure_add", (measure_page,)),
    Action("pair a unit with a village", "bangfu.programme.services.pairing_save", (pairing_admin,)),
    Action(
        "post or end a cadre's posting",
        "bangfu.programme.services.cadre_assignment_save",
        (posting_admin, posting_admin_change),
    ),
    Action(
        "register a village",
        "bangfu.registry.services.village_create",
        (
            admin_add(
                "registry/village",
                lambda w: {"division": a_village_division(w).pk, "registered_population": "900"},
            ),
        ),
    ),
    Action(
        "start a programme",
        "bangfu.programme.services.programme_create",
        (
            admin_add(
                "programme/programme",
                lambda w: {
                    "name": "广州对口帮扶",
                    "donor_city": "广州",
                    "recipient_city": "汕尾",
                    "recipient_division": w.programme.recipient_division.pk,
                    "start_year": "2016",
                    "end_year": "",
                },
            ),
        ),
    ),
    Action(
        "register an assisting unit",
        "bangfu.programme.services.assisting_unit_create",
        (
            admin_add(
                "programme/assistingunit",
                lambda w: {"name": "罗湖区", "kind": "区", "district": "", "parent": "", "uscc": ""},
            ),
        ),
    ),
    Action(
        "register a cadre",
        "bangfu.programme.services.cadre_create",
        (
            admin_add(
                "programme/cadre", lambda w: {"name": "乙", "unit": w.unit.pk, "code": "C-9", "gender": ""}
            ),
        ),
    ),
    Action(
        "set a household plan",
        "bangfu.programme.services.household_plan_set",
        (
            admin_add(
                "programme/householdplan",
                lambda w: {"household": w.household.pk, "year": "2018", "summary": "发展茶叶"},
            ),
            admin_change("programme/householdplan", a_plan, lambda w: {"summary": "发展养殖"}),
        ),
    ),
    Action(
        "add a measure to a plan",
        "bangfu.programme.services.measure_create",
        (
            admin_add(
                "programme/measure",
                lambda w: {
                    "plan": a_plan(w).pk,
                    "category": "产业",
                    "status": "计划",
                    "description": "",
                    "start_date": "",
                    "end_date": "",
                    "amount": "",
                    "project": "",
                },
            ),
        ),
    ),
    Action(
        "record a programme's annual evaluation",
        "bangfu.programme.services.evaluation_set",
        (
            admin_add(
                "programme/evaluation",
                lambda w: {
                    "programme": w.programme.pk,
                    "year": "2018",
                    "grade": "好",
                    "evaluator": "",
                    "notes": "",
                },
            ),
            admin_change(
                "programme/evaluation",
                lambda w: programme_services.evaluation_set(programme=w.programme, year=2018, grade="好"),
                lambda w: {"grade": "较好", "evaluator": "市考核组", "notes": ""},
            ),
        ),
    ),
    Action(
        "add a project",
        "bangfu.projects.services.project_create",
        (
            admin_add(
                "projects/project",
                lambda w: {
                    "programme": w.programme.pk,
                    "code": "P9",
                    "name": "茶园",
                    "category": "产业",
                    "budget": "100000",
                    "start_year": "2016",
                    "village": w.village.pk,
                    "division": "",
                    "population_served": "0",
                    "end_year": "",
                },
            ),
        ),
    ),
    Action(
        "record a project's output",
        "bangfu.projects.services.project_output_set",
        (
            admin_add(
                "projects/projectoutput",
                lambda w: {"project": a_project(w).pk, "kind": "病床", "quantity": "20", "description": ""},
            ),
            admin_change(
                "projects/projectoutput",
                lambda w: project_services.project_output_set(project=a_project(w), kind="病床", quantity=20),
                lambda w: {"quantity": "30", "description": "新院区"},
            ),
        ),
    ),
    Action(
        "link a household to a project",
        "bangfu.projects.services.project_beneficiary_add",
        (
            admin_add(
                "projects/projectbeneficiary",
                lambda w: {"project": a_project(w).pk, "household": w.household.pk, "description": ""},
            ),
        ),
    ),
    Action(
        "register an industrial park",
        "bangfu.projects.services.industrial_park_create",
        (
            admin_add(
                "projects/industrialpark",
                lambda w: {"programme": w.programme.pk, "name": "深汕园", "division": w.village.division.pk},
            ),
        ),
    ),
    Action(
        "record an investment project",
        "bangfu.projects.services.investment_project_create",
        (
            admin_add(
                "projects/investmentproject",
                lambda w: {
                    "park": a_park(w).pk,
                    "name": "电子厂",
                    "investor": "某公司",
                    "amount": "1000000",
                    "signed_date": "2018-01-01",
                    "investor_origin_city": "",
                    "sector": "",
                    "status": "签约",
                    "started_date": "",
                    "producing_date": "",
                },
            ),
        ),
    ),
    Action(
        "change a project's status",
        "bangfu.projects.services.project_status_change",
        (
            admin_add(
                "projects/projectstatuschange",
                lambda w: {
                    "project": a_project(w).pk,
                    "to_status": "立项",
                    "date": timezone.localdate().isoformat(),
                    "reason": "",
                },
            ),
        ),
    ),
    Action(
        "record a fund flow",
        "bangfu.projects.services.fund_flow_record",
        (
            admin_add(
                "projects/fundflow",
                lambda w: {
                    "programme": w.programme.pk,
                    "project": "",
                    "kind": "下达",
                    "source": "帮扶方财政",
                    "category": "产业",
                    "year": "2017",
                    "date": "",
                    "amount": "1000",
                    "reference": "",
                    "notes": "",
                },
            ),
        ),
    ),
    Action(
        "import a programme workbook",
        "bangfu.programme_projects.importing.programme_import",
        (programme_import_command,),
    ),
    Action(
        "record a training course",
        "bangfu.markets.services.training_course_add",
        (markets_page("course", COURSE),),
    ),
    Action("enrol a trainee", "bangfu.markets.services.trainee_add", (markets_page("trainee", TRAINEE),)),
    Action(
        "record a placement", "bangfu.markets.services.placement_add", (markets_page("placement", PLACEMENT),)
    ),
    Action("record a sale", "bangfu.markets.services.sale_add", (markets_page("sale", SALE),)),
    Action(
        "record a training course (admin)",
        "bangfu.markets.services.training_course_create",
        (
            admin_add(
                "markets/trainingcourse",
                lambda w: {
                    "code": "T7",
                    "name": "厨师班",
                    "brand": "粤菜师傅",
                    "division": w.village.division.pk,
                    "start_date": "2018-03-01",
                    "end_date": "",
                    "skill": "",
                    "provider": "",
                    "place": "",
                    "funding": "",
                    "funding_source": "",
                },
            ),
        ),
    ),
    Action(
        "enrol a trainee (admin)",
        "bangfu.markets.services.trainee_enrol",
        (
            admin_add(
                "markets/trainee",
                lambda w: {
                    "course": a_course(w).pk,
                    "member": head_of(w).pk,
                    "completed": "",
                    "certificate_number": "",
                },
            ),
        ),
    ),
    Action(
        "record a job fair",
        "bangfu.markets.services.job_fair_record",
        (
            admin_add(
                "markets/jobfair",
                lambda w: {
                    "name": "春风行动",
                    "brand": "南粤春暖",
                    "date": "2019-02-12",
                    "division": w.village.division.pk,
                    "place": "",
                    "employers": "2",
                    "posts": "30",
                    "attendance": "50",
                },
            ),
        ),
    ),
    Action(
        "record a placement (admin)",
        "bangfu.markets.services.placement_record",
        (
            admin_add(
                "markets/placement",
                lambda w: {
                    "member": head_of(w).pk,
                    "employer": "深圳某酒楼",
                    "destination": "深圳",
                    "job_kind": "市场就业",
                    "start_date": "2018-05-01",
                    "end_date": "",
                    "monthly_wage": "",
                },
            ),
        ),
    ),
    Action(
        "pay an employment subsidy",
        "bangfu.markets.services.subsidy_pay",
        (
            admin_add(
                "markets/subsidy",
                lambda w: {
                    "member": head_of(w).pk,
                    "kind": "交通补贴",
                    "amount": "500",
                    "date": "2018-06-01",
                },
            ),
        ),
    ),
    Action(
        "register a producer",
        "bangfu.markets.services.producer_create",
        (
            admin_add(
                "markets/producer",
                lambda w: {"code": "PR9", "name": "茶叶合作社", "kind": "合作社", "village": w.village.pk},
            ),
        ),
    ),
    Action(
        "certify a product",
        "bangfu.markets.services.product_certify",
        (
            admin_add(
                "markets/product",
                lambda w: {
                    "producer": a_producer(w).pk,
                    "name": "绿茶",
                    "category": "茶叶",
                    "certificate_number": "GD-9",
                    "certified_date": "2019-01-01",
                    "valid_until": "",
                },
            ),
        ),
    ),
    Action(
        "record a sale (admin)",
        "bangfu.markets.services.sale_record",
        (
            admin_add(
                "markets/sale",
                lambda w: {
                    "product": a_product(w).pk,
                    "channel": "网店",
                    "buyer_type": "个人",
                    "amount": "10",
                    "date": "2020-01-01",
                    "buyer": "",
                },
            ),
        ),
    ),
    Action(
        "link a household to a producer",
        "bangfu.markets.services.benefit_link_add",
        (
            admin_add(
                "markets/benefitlink",
                lambda w: {
                    "household": w.household.pk,
                    "producer": a_producer(w).pk,
                    "mechanism": "务工",
                    "start_year": "2019",
                },
            ),
        ),
    ),
    *(Action(*row) for row in MONITORING),
    Action(
        "create an API token",
        "bangfu.api.services.api_token_create",
        (token_page_create, token_command_create),
    ),
    Action(
        "revoke an API token",
        "bangfu.api.services.api_token_revoke_by",
        (token_page_revoke, token_admin_revoke, token_command_revoke),
    ),
    Action(
        "check or import a register workbook",
        "bangfu.registry.importing.service.register_import",
        (upload_check_page, import_command),
    ),
    Action("start an assessment run", "bangfu.assessment.run_start.run_start", (run_start_page,)),
    Action(
        "run an assessment", "bangfu.assessment.services.assessment_run", (run_start_page, assess_command)
    ),
    Action(
        "export the register",
        "bangfu.registry.exporting.services.register_export",
        (export_page, export_command),
    ),
    Action("re-run a finished job", "bangfu.core.jobs.rerun.job_rerun", (rerun_page, rerun_admin)),
)
