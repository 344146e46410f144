"""A quality run's findings (数据质量检查), scoped: within the reader's area, ID numbers masked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from bangfu.accounts.scope import Scope
from bangfu.assessment.models import AssessmentRun
from bangfu.assessment.selectors.runs import scoped_results
from bangfu.core.personal_data import mask_id_number


def quality_findings(
    run: AssessmentRun, *, scope: Scope, check: str = "", village_code: str = ""
) -> QuerySet:
    """A quality run's findings within scope, optionally of one check and one village (code order)."""
    findings, code = scoped_results(run, scope=scope)
    if check:
        findings = findings.filter(check_id=check)
    if village_code:
        findings = findings.filter(**{code: village_code})
    return findings.order_by("check_id", "household__code", "member_id", "pk").values(
        "check_id",
        "household__code",
        "household__village__division__code",
        "household__village__division__name",
        "member__id_number",
        "member__relation",
        "message",
    )


@dataclass(frozen=True)
class FindingRow:
    check_id: str
    household_code: str
    village_code: str
    village_name: str
    member_id_number: str  # masked
    member_relation: str
    message: str


def finding_rows(rows: Iterable[dict]) -> Iterator[FindingRow]:
    """Findings as shown: ID numbers masked."""
    for row in rows:
        yield FindingRow(
            row["check_id"],
            row["household__code"] or "",
            row["household__village__division__code"] or "",
            row["household__village__division__name"] or "",
            mask_id_number(row["member__id_number"]),
            row["member__relation"] or "",
            row["message"],
        )


def quality_villages(run: AssessmentRun, *, scope: Scope) -> list[tuple[str, str]]:
    """Villages (code, name) with findings of the run within scope, for the village filter."""
    findings, _code = scoped_results(run, scope=scope)
    return list(
        findings.order_by("household__village__division__code")
        .values_list("household__village__division__code", "household__village__division__name")
        .distinct()
    )
