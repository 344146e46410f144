"""Household pages: the list (filters, search) and one household (members, incomes, verdicts with reasons)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.accounts.models import Role
from bangfu.accounts.scope import Scope, scope_for
from bangfu.assessment import verdicts as verdict_reads
from bangfu.assessment.models import Verdict
from bangfu.core.labels import line_label
from bangfu.core.numbers import percent, yuan
from bangfu.monitoring.categories import category_label
from bangfu.registry import choices, paging
from bangfu.registry import selectors as browsing
from bangfu.registry.selectors import HouseholdFilters, HouseholdStatus
from bangfu.standards import StandardError, load_standard
from bangfu.standards.features import FEATURES

PAGE_SIZE = 25
FILTER_KEYS = ("status", "attribute", "cause", "village", "standard", "verdict", "q")
#: A select of villages is offered when the scope holds at most this many; otherwise a code box.
VILLAGE_SELECT_LIMIT = 300

#: Standard parameters shown in reasons, by name: what users call them and their unit.
PARAMETERS = {
    "line": (gettext_lazy("income line"), "元/人"),
    "incidence_limit": (gettext_lazy("incidence limit"), "比例"),
    "collective_income_min": (gettext_lazy("minimum collective income"), "元"),
    "farmer_income_min": (gettext_lazy("minimum farmers' income per head"), "元/人"),
    "national_line": (gettext_lazy("national poverty line"), "元/人"),
    "medical_self_pay_registered": (gettext_lazy("large medical self-pay (registered households)"), "元"),
    "medical_self_pay_other": (gettext_lazy("large medical self-pay (other households)"), "元"),
    "school_age_min": (gettext_lazy("compulsory schooling from age"), "周岁"),
    "school_age_max": (gettext_lazy("compulsory schooling to age"), "周岁"),
    "measure_deadline_months": (gettext_lazy("months allowed before a measure"), "月"),
    "elimination_min_months": (gettext_lazy("months identified before elimination"), "月"),
    "labourer_share_max": (gettext_lazy("largest share of labourers"), "比例"),
    "min_working_age": (gettext_lazy("minimum working age"), "周岁"),
}
VERDICT_STYLES = {Verdict.PASS: "ok", Verdict.FAIL: "bad", Verdict.FLAG: "warn", Verdict.CLEAR: "ok",
                  Verdict.MISSING: "warn", Verdict.UNDECIDED: "warn"}  # fmt: skip


def _choice(value: str | None, allowed) -> str:
    return value if value in allowed else ""


def filters_from(request: HttpRequest, standards: list[str]) -> HouseholdFilters:
    get = request.GET
    village = get.get("village", "").strip()
    return HouseholdFilters(
        status=_choice(get.get("status"), HouseholdStatus.LABELS),
        attribute=_choice(get.get("attribute"), choices.HouseholdAttribute.values),
        cause=_choice(get.get("cause"), choices.PovertyCause.values),
        village=village if len(village) == 12 and village.isdigit() else "",
        standard=_choice(get.get("standard"), standards),
        verdict=_choice(get.get("verdict"), Verdict.values),
        search=get.get("q", "").strip()[:50],
    )


#: Query parameters that pick a page, left out of the links that keep the filters.
PAGE_KEYS = ("page", "after", "before")


def _query(request: HttpRequest) -> str:
    return urlencode([(key, value) for key, value in request.GET.items() if key not in PAGE_KEYS and value])


class CappedPaginator(Paginator):
    """Counts at most ``CAP`` + 1 rows: counting every match of a filter over 10^6 households costs more than
    the page itself, and nobody pages past the 400th page (they filter). ``capped``: there are more."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        # no ORDER BY (any CAP + 1 rows will do) and no joins but the filters' own
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


def household_page(request: HttpRequest, scope: Scope, households, size: int, run=None) -> dict:
    """One page of ``households`` (``?page=``) with the rows the pages show."""
    page = CappedPaginator(households, size).get_page(request.GET.get("page"))
    return {
        "page": page,
        "rows": verdict_reads.household_rows(scope=scope, households=page.object_list, run=run),
    }


def household_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    standards = verdict_reads.assessed_standards(scope=scope)
    filters = filters_from(request, standards)
    run = verdict_reads.latest_household_run(scope=scope, standard=filters.standard)
    found = verdict_reads.household_list(scope=scope, filters=filters)
    page = paging.keyset_page(
        found,
        order=tuple(paging.SortKey(lookup) for lookup in browsing.household_order(scope)),
        unique="code",
        key_of=lambda household: household.code,
        size=PAGE_SIZE,
        after=request.GET.get("after", "")[:50],
        before=request.GET.get("before", "")[:50],
    )
    listing = {
        "page": page,
        "count": paging.capped_count(found),
        "rows": verdict_reads.household_rows(scope=scope, households=page.object_list, run=run),
    }
    villages = browsing.villages(scope=scope)
    few_villages = villages.order_by()[: VILLAGE_SELECT_LIMIT + 1].count() <= VILLAGE_SELECT_LIMIT
    return render(
        request,
        "web/households/list.html",
        {
            **listing,
            "filters": filters,
            "values": {key: request.GET.get(key, "") for key in FILTER_KEYS},
            "statuses": HouseholdStatus.CHOICES,
            "attributes": choices.HouseholdAttribute.choices,
            "causes": choices.PovertyCause.choices,
            "standards": standards,
            "verdicts": Verdict.choices,
            "run": run,
            "verdict_labels": dict(Verdict.choices),
            "verdict_styles": VERDICT_STYLES,
            "village_options": list(villages) if few_villages else None,
            "query": _query(request),
        },
    )


# ------------------------------------------------------------------------------------- verdict reasons
@dataclass(frozen=True)
class Reason:
    """One criterion of a verdict, in words: met or not (or applies or not), and the values that decided it."""

    id: str
    title: str
    outcome: str
    style: str
    values: list[tuple[str, str]]


@dataclass(frozen=True)
class VerdictView:
    result: object  # HouseholdResult or VillageResult, with its run
    label: str
    style: str
    category: str
    reasons: list[Reason]
    parameters: list[tuple[str, str]]
    incidence: str = ""  # village results: the poverty incidence the run computed


@lru_cache(maxsize=32)
def _criterion_titles(standard_id: str, level: str) -> dict[str, str]:
    """Criterion titles of a shipped standard ({} for a standard that is not shipped or not readable)."""

    try:
        standard = load_standard(standard_id)
    except StandardError:
        return {}
    criteria = standard.village_criteria if level == "village" else standard.criteria
    if level != "village" and standard.data_missing is not None:
        criteria = (*criteria, standard.data_missing)
    return {criterion.id: criterion.title for criterion in criteria}


def describe(name: str, value) -> tuple[str, str]:
    """A feature's or parameter's Chinese name and its value in words, e.g. ("人均纯收入", "5,909.00 元/人")."""

    feature = FEATURES.get(name)
    if feature is not None:
        label, unit = feature.title, feature.unit
    else:
        label, unit = PARAMETERS.get(name, (name, ""))
    if value is None:
        return str(label), _("not recorded")
    if isinstance(value, bool):
        return str(label), _("yes") if value else _("no")
    if isinstance(value, int | float):
        if unit == "比例":
            return str(label), percent(value)
        if unit in ("元", "元/人"):
            return str(label), f"{yuan(value)} {unit}"
        number = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
        return str(label), f"{number} {unit}" if unit and unit != "年" else number
    return str(label), str(value)


def explain(result) -> VerdictView:
    """A stored verdict with every criterion's reason, from the values the run kept (``detail``)."""
    run = result.run
    detail = result.detail or {}
    given = detail.get("criteria", {})
    titles = _criterion_titles(run.standard, run.level)
    order = list(titles) + sorted(key for key in given if key not in titles)
    reasons = []
    for key in order:
        if key not in given:
            continue
        criterion = given[key]
        passed, flagged = criterion.get("passed"), criterion.get("flagged")
        if passed is not None:
            outcome, style = (_("met"), "ok") if passed else (_("not met"), "bad")
        elif flagged is not None:
            outcome, style = (_("applies"), "warn") if flagged else (_("does not apply"), "")
        else:
            outcome, style = _("not recorded"), ""
        values = [describe(name, value) for name, value in criterion.get("values", {}).items()]
        reasons.append(Reason(key, titles.get(key, key), outcome, style, values))
    category = getattr(result, "category", "")
    incidence = getattr(result, "incidence", None)
    return VerdictView(
        result=result,
        label=result.get_result_display(),
        style=VERDICT_STYLES.get(result.result, ""),
        category=category_label(category),
        reasons=reasons,
        parameters=[describe(name, value) for name, value in detail.get("parameters", {}).items()],
        incidence="" if incidence is None else percent(incidence),
    )


# -------------------------------------------------------------------------------------- one household
def income_chart(incomes, lines) -> dict:
    """ECharts options: net income per capita by year (bars) against each standard's income line."""
    years = [row.year for row in incomes]
    series = [
        {
            "type": "bar",
            "name": _("Net income per capita"),
            "data": [None if row.per_capita is None else float(row.per_capita) for row in incomes],
            "barMaxWidth": 36,
        }
    ]
    for line in lines:
        series.append(
            {
                "type": "line",
                "name": line_label(line.standard_id),
                "data": [line.values.get(year) for year in years],
                "step": "middle",
                "symbol": "none",
                "lineStyle": {"type": "dashed"},
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(year) for year in years]},
        "yAxis": {"type": "value", "name": "元/人"},
        "series": series,
    }


def household_context(request: HttpRequest, household_code: str) -> dict:
    """What the household page and its printable file show; 404 outside the user's scope."""
    scope = scope_for(request.user)
    # with the town and county the page names (two reads fewer than following the parents one by one)
    found = browsing.households(scope=scope).select_related("village__division__parent__parent")
    household = get_object_or_404(found, code=household_code)
    read = browsing.household_page(scope=scope, household=household)
    row = verdict_reads.household_row(household, head_name=read.head_name, members=len(read.members))
    division = household.village.division
    town = division.parent
    verdicts = verdict_reads.household_verdicts(scope=scope, household=household)
    # the programme's and markets' sections of this page take the household read here (templatetags)
    request.bangfu_household = household
    return {
        # Only rows with masked values reach the template, never the Household or Member models.
        "household": row,
        "village_division": division,
        "town": town,
        "county": town.parent if town else None,
        "members": read.members,
        "incomes": read.incomes,
        "lines": read.lines,
        "income_chart": income_chart(read.incomes, read.lines) if read.incomes else None,
        "living": read.living,
        "verdicts": [explain(result) for result in verdicts],
        # a village cadre comes to record a visit and see the measures: the page leads with them
        "lead_with_work": scope.role == Role.CADRE,
    }


def household_detail(request: HttpRequest, household_code: str) -> HttpResponse:
    return render(request, "web/households/detail.html", household_context(request, household_code))


def household_print(request: HttpRequest, household_code: str) -> HttpResponse:
    """一户一档: the household's file laid out for A4 paper (members, incomes, 三保障, verdicts, plan, visits)."""
    context = household_context(request, household_code)
    return render(
        request,
        "web/households/print.html",
        {
            **context,
            "lead_with_work": False,  # on paper every section is open, in the page's order
            "household_url": reverse("household-detail", args=[household_code]),
            "printed_at": timezone.localtime(),
        },
    )
