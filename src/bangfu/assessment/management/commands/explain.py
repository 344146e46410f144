"""``bangfu explain HOUSEHOLD_CODE --standard ID --year Y``: every criterion, its inputs and its verdict."""

from __future__ import annotations

import dataclasses
import json

from django.core.management.base import BaseCommand

from bangfu.assessment import cli
from bangfu.assessment.selectors import CriterionVerdict, Explanation, household_explanation
from bangfu.codes.area import Area

PASSED = {True: "通过 pass", False: "未通过 fail"}
FLAGGED = {True: "符合 flagged", False: "不符合 not flagged"}


class Command(BaseCommand):
    help = (
        "说明一户在某标准某年的评估结果：逐条列出每个指标、它用到的数值和是否通过。"
        "用的是与批量评估相同的已编译规则。"
        " / Explain one household's verdict under a standard for a year: every criterion with the values it"
        " used and whether it passed, computed by the same compiled rules as a bulk assessment."
    )

    def add_arguments(self, parser):
        parser.add_argument("household_code", metavar="HOUSEHOLD_CODE", help="户编号 / household code")
        cli.add_standard(parser)
        cli.add_year(parser)
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="输出格式（默认 text）/ output format"
        )

    def handle(self, *args, household_code: str, standard, year: int, format: str, **options):
        cli.check_year(year)
        with cli.command_errors(lambda: "已中断 / interrupted"):
            explanation = household_explanation(
                area=Area.everything(), standard_id=standard, year=year, household_code=household_code
            )
        if format == "json":
            self.stdout.write(json.dumps(dataclasses.asdict(explanation), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(explanation_lines(explanation)))


def _failed_label(explanation: Explanation) -> str:
    if explanation.result in ("flag", "clear"):
        return "符合的监测条件 Flagging criteria"
    return "未通过的指标 Failed criteria"


def _verdict(criterion: CriterionVerdict) -> str:
    if criterion.passed is not None:
        return PASSED[criterion.passed]
    if criterion.flagged is not None:
        return FLAGGED[criterion.flagged]
    return "无结论 no verdict"


def _value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def explanation_lines(explanation: Explanation) -> list[str]:
    """The explanation as text: a heading, the verdict, then each criterion with its values."""
    failed = ";".join(explanation.failed) or "-"
    lines = [
        f"户 Household {explanation.household_code} · 标准 Standard {explanation.standard_id}"
        f"（{explanation.standard_title}）· {explanation.year} 年 year",
        f"结论 Result: {explanation.result}  {_failed_label(explanation)}: {failed}",
    ]
    if explanation.category:
        lines.append(f"监测类别 Category: {explanation.category}")
    for criterion in explanation.criteria:
        lines.append("")
        lines.append(f"[{_verdict(criterion)}] {criterion.id} — {criterion.title}")
        if criterion.expression:
            rule = "\n".join(line.strip() for line in criterion.expression.strip().splitlines())
            lines.append("    规则 rule: " + rule.replace("\n", "\n" + " " * 14))
        for name, value in criterion.values.items():
            lines.append(f"    {name} = {_value(value)}")
    if explanation.parameters:
        lines.append("")
        lines.append("参数 Parameters:")
        lines.extend(f"    {name} = {_value(value)}" for name, value in explanation.parameters.items())
    return lines
