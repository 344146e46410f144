"""The CLI's CSV outputs for people (给人看的 CSV): Chinese headers and codes in words, opened by Excel as UTF-8.

``bangfu assess`` and ``bangfu quality`` write CSV for people by default: a byte-order mark (Excel reads the
file as UTF-8 only with it), Chinese headers, results, criteria, categories and checks by their titles.
``--headers en`` writes the machine contract instead (docs/assessment.md): English column names, codes,
no BOM. JSON output is always the machine contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.utils import translation

from bangfu import standards
from bangfu.assessment.models import AssessmentRun, Verdict
from bangfu.monitoring.categories import category_label
from bangfu.standards import StandardError

#: Chinese headers of the machine columns (selectors.HOUSEHOLD_COLUMNS, VILLAGE_COLUMNS, FINDING_COLUMNS).
HEADERS = {
    "household_code": "户编号",
    "village_code": "村行政区划代码",
    "result": "结论",
    "criteria": "未达标指标",
    "category": "监测类别",
    "incidence": "贫困发生率",
    "check": "检查项",
    "member": "成员证件号码（已脱敏）",
    "message": "问题说明",
}
HEADER_CHOICES = ("zh", "en")
BOM = "\ufeff"


def add_headers_option(parser) -> None:
    parser.add_argument(
        "--headers",
        choices=HEADER_CHOICES,
        default="zh",
        help="CSV 的表头：zh（默认，中文表头、结论和指标写成文字，带 BOM，Excel 直接打开）或 en（给程序用："
        "英文列名、代码、无 BOM）/ zh (default: Chinese headers and words, UTF-8 with BOM for Excel) or en"
        " (for programs: English column names and codes, no BOM)",
    )


def headers(columns: Iterable[str]) -> list[str]:
    return [HEADERS.get(column, column) for column in columns]


@lru_cache(maxsize=32)
def _titles(standard: str, level: str) -> dict[str, str]:
    try:
        loaded = standards.load_standard(standard)  # looked up when called (the tests' fakes replace it)
    except (StandardError, OSError):
        return {}
    village = getattr(loaded, "village_criteria", ())
    ordered = (village, loaded.criteria) if level == "village" else (loaded.criteria, village)
    criteria = [criterion for group in ordered for criterion in group]
    titles: dict[str, str] = {}
    for criterion in criteria:
        titles.setdefault(criterion.id, criterion.title)
    return titles


def _words(run: AssessmentRun, keys: str) -> str:
    titles = _titles(run.standard, run.level)
    return "；".join(titles.get(key, key) for key in filter(None, (keys or "").split(";")))


def result_rows(run: AssessmentRun, columns: tuple[str, ...], rows: Iterable[tuple]) -> Iterator[tuple]:
    """A run's result rows (``columns``) with the result, failed criteria and category in words."""
    with translation.override("zh-hans"):
        labels = {key: str(label) for key, label in Verdict.choices}
        categories: dict[str, str] = {}
    index = {column: position for position, column in enumerate(columns)}
    for row in rows:
        row = list(row)
        if "result" in index:
            row[index["result"]] = labels.get(row[index["result"]], row[index["result"]])
        if "criteria" in index:
            row[index["criteria"]] = _words(run, row[index["criteria"]])
        if "category" in index and row[index["category"]]:
            key = row[index["category"]]
            if key not in categories:
                with translation.override("zh-hans"):
                    categories[key] = category_label(key)
            row[index["category"]] = categories[key]
        yield tuple(row)


def finding_rows(run: AssessmentRun, rows: Iterable[tuple]) -> Iterator[tuple]:
    """Quality findings (``FINDING_COLUMNS``) with each check by its title."""
    titles = _titles(run.standard, run.level)
    for check, *rest in rows:
        yield (titles.get(check, check), *rest)
